//! How a group's object keeps its roster and the work it owes in its own storage.
//!
//! - The roster in parts (`village_shared::stored`): `roster:{path}` → the part's JSON text. A
//!   change writes only the parts it touched, and no part passes 128 KiB however full the group.
//! - Each piece of owed work under its own key, `owed:{id, 20 digits}` → its JSON text: a commit
//!   adds its pieces, a follow-up deletes the ones done.
//!
//! Every write here is one atomic step: all its calls are made in one turn, with no await
//! between them, which the runtime commits together (and a single call takes at most 128 keys).

use std::collections::BTreeMap;

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::{js_sys, ListOptions, Result, Storage};

use village_shared::rules::roster::Roster;
use village_shared::stored::{self, Parts};

const ROSTER_PREFIX: &str = "roster:";
const OWED_PREFIX: &str = "owed:";
/// Where older versions kept the roster (one value), the owed work (one map) and the signups
/// whose history line was due: read once, moved into the layout above, deleted.
const LEGACY_ROSTER: &str = "roster";
const LEGACY_OWED: &str = "owed";
const LEGACY_HISTORY_DUE: &str = "history-due";
/// The most keys one storage call takes, and the longest key.
const KEYS_PER_CALL: usize = 128;
const KEY_MAX_BYTES: usize = 2048;

/// What an object finds in its storage.
pub struct Loaded<W> {
    pub roster: Option<Roster>,
    /// The roster's parts as stored (what the next change is compared with).
    pub parts: Parts,
    pub owed: BTreeMap<u64, W>,
    /// An older layout found: what moves it into this one (puts, deletes). `parts` and `owed`
    /// above are what storage holds once this is written.
    pub migration: Option<(Vec<(String, String)>, Vec<String>)>,
}

/// A stored roster as older versions kept it: a JSON string, or an object.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum LegacyRoster {
    Json(String),
    Object(Box<Roster>),
}

/// Read the roster and the owed work; a layout from an older version comes with what moves it
/// into this one (`history` turns a legacy "history due" signup into owed work), for the
/// caller to write once — not twice from two loads racing.
pub async fn load<W: Serialize + DeserializeOwned>(
    storage: &Storage,
    history: impl Fn(String) -> W,
) -> Result<Loaded<W>> {
    let parts = text_values(storage, ROSTER_PREFIX).await?;
    let mut owed = BTreeMap::new();
    for (key, text) in text_values(storage, OWED_PREFIX).await? {
        let id = key.parse().map_err(|_| format!("owed work under a key that is no number: {key}"))?;
        owed.insert(id, serde_json::from_str(&text)?);
    }
    let roster = if parts.is_empty() {
        None
    } else {
        let joined = stored::join(parts.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map_err(|e| worker::Error::RustError(e.to_string()))?;
        Some(serde_json::from_value(joined)?)
    };
    let mut loaded = Loaded { roster, parts, owed, migration: None };
    migrate(storage, &mut loaded, history).await?;
    Ok(loaded)
}

/// What moves an older version's storage into this layout (none when there is nothing old).
async fn migrate<W: Serialize + DeserializeOwned>(
    storage: &Storage,
    loaded: &mut Loaded<W>,
    history: impl Fn(String) -> W,
) -> Result<()> {
    let legacy_roster: Option<LegacyRoster> = storage.get(LEGACY_ROSTER).await?;
    let legacy_owed: Option<BTreeMap<u64, W>> = storage.get(LEGACY_OWED).await?;
    let legacy_history: Option<Vec<String>> = storage.get(LEGACY_HISTORY_DUE).await?;
    if legacy_roster.is_none() && legacy_owed.is_none() && legacy_history.is_none() {
        return Ok(());
    }
    let mut put = Vec::new();
    if let Some(legacy) = legacy_roster.filter(|_| loaded.roster.is_none()) {
        let roster = match legacy {
            LegacyRoster::Json(text) => serde_json::from_str(&text)?,
            LegacyRoster::Object(roster) => *roster,
        };
        let (parts, roster_put, _) = roster_change(&loaded.parts, &roster)?;
        put.extend(roster_put);
        loaded.parts = parts;
        loaded.roster = Some(roster);
    }
    let moved = legacy_owed.into_iter().flatten().map(|(_, w)| w).chain(legacy_history.into_iter().flatten().map(history));
    for work in moved {
        let id = loaded.owed.keys().next_back().map_or(1, |k| k + 1);
        put.push(owed_entry(id, &work)?);
        loaded.owed.insert(id, work);
    }
    let delete = [LEGACY_ROSTER, LEGACY_OWED, LEGACY_HISTORY_DUE].map(String::from).to_vec();
    loaded.migration = Some((put, delete));
    Ok(())
}

/// The parts of `roster`, and what storing it over `stored` writes, as storage keys ready for
/// [`write`]: (parts, put, delete).
pub fn roster_change(stored: &Parts, roster: &Roster) -> Result<(Parts, Vec<(String, String)>, Vec<String>)> {
    let parts = stored::split(&serde_json::to_string(roster)?).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let diff = stored::diff(stored, &parts);
    let put = diff.put.into_iter().map(|(path, text)| (format!("{ROSTER_PREFIX}{path}"), text)).collect();
    let delete = diff.delete.into_iter().map(|path| format!("{ROSTER_PREFIX}{path}")).collect();
    Ok((parts, put, delete))
}

/// One piece of owed work's storage key and text, for [`write`].
pub fn owed_entry<W: Serialize>(id: u64, work: &W) -> Result<(String, String)> {
    Ok((owed_key(id), serde_json::to_string(work)?))
}

pub fn owed_key(id: u64) -> String {
    format!("{OWED_PREFIX}{id:020}")
}

/// Put `put` and delete `delete` in one atomic step. Everything the runtime would refuse is
/// refused here first, before any call: a call refused midway would leave the ones before it
/// to be committed alone.
pub async fn write(storage: &Storage, put: Vec<(String, String)>, delete: Vec<String>) -> Result<()> {
    let key_too_long = put.iter().map(|(k, _)| k).chain(&delete).find(|k| k.len() > KEY_MAX_BYTES);
    if let Some(key) = key_too_long {
        return Err(worker::Error::RustError(format!("a storage key of {} bytes", key.len())));
    }
    // Strings are stored as UTF-16 when they hold more than Latin-1: count two bytes a unit.
    let too_big = put.iter().find(|(_, text)| text.encode_utf16().count() * 2 > stored::MAX_PART_BYTES);
    if let Some((key, _)) = too_big {
        return Err(worker::Error::RustError(format!("{key}: more than one stored value may hold")));
    }
    super::stored();
    let raw = storage.as_raw();
    let calls = js_sys::Array::new();
    // Every call is made here, in this turn, with no await between them: the runtime commits
    // them together.
    for batch in put.chunks(KEYS_PER_CALL) {
        let object = js_sys::Object::new();
        for (key, text) in batch {
            js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(text))?;
        }
        calls.push(raw.put_multiple(object.into())?.as_ref());
    }
    for batch in delete.chunks(KEYS_PER_CALL) {
        calls.push(raw.delete_multiple(batch.iter().map(|k| JsValue::from_str(k)).collect())?.as_ref());
    }
    JsFuture::from(js_sys::Promise::all(&calls)).await?;
    Ok(())
}

/// Every value under `prefix` (stored as JSON text), by the rest of its key.
async fn text_values(storage: &Storage, prefix: &str) -> Result<BTreeMap<String, String>> {
    let map = storage.list_with_options(ListOptions::new().prefix(prefix)).await?;
    let mut values = BTreeMap::new();
    for entry in map.entries() {
        let pair: js_sys::Array = entry?.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let text = pair.get(1).as_string().ok_or_else(|| format!("{key}: not a JSON text"))?;
        values.insert(key[prefix.len()..].to_string(), text);
    }
    Ok(values)
}
