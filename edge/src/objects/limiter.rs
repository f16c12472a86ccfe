//! Rate limits. Each counted key (a client, an email's digest, a client-and-address pair) is
//! kept by one of `SHARDS` small objects, chosen by the key's digest: a flood from one place is
//! still counted in one place, and a rush from many places spreads over a few objects that stay
//! warm. (One object per key meant a new object, its cold start and its own storage, for every
//! person in a rush: about 2.4 s of a 500-person rush's 5.7 s here.)
//!
//! Each key's open windows are one stored value (`w:` + key), with an index entry by the time
//! its last window ends (`e:` + that time + key): the alarm forgets every key whose windows have
//! all ended, reading only those, so nothing here grows with time.

use worker::{durable_object, DurableObject, Env, ListOptions, Request, Response, Result, State};

use village_shared::rules::limits::{admit_in_order, LimitCommand, Windows};

use super::roster_storage;
use crate::clock::now;

/// How many objects the keys are spread over. A rush of people each asking once meets each
/// object a few times; more would only add cold starts.
pub const SHARDS: u64 = 64;

/// Where an object of the earlier layout kept its one key's windows.
const OLD_LAYOUT_KEY: &str = "windows";

/// Keys forgotten per page, and pages per alarm.
const FORGET_PAGE: usize = 256;
const FORGET_PAGES: usize = 4;

/// The object that keeps `key`'s windows.
pub fn shard_of(key: &str) -> String {
    let digest = crate::tokens::digest(key);
    let n = u64::from_str_radix(&digest[..12], 16).unwrap_or(0) % SHARDS;
    format!("limiter-{n}")
}

fn windows_key(key: &str) -> String {
    format!("w:{key}")
}

/// The index entry saying `key`'s windows all end at `end` (Unix seconds, fixed width, so the
/// entries list in time order).
fn end_key(end: i64, key: &str) -> String {
    format!("e:{end:012}:{key}")
}

/// When the last of `windows` ends (`None` when there are none).
fn last_end(windows: &Windows) -> Option<i64> {
    windows.values().map(|(w, secs)| w.start + i64::from(*secs)).max()
}

#[durable_object]
pub struct Limiter {
    state: State,
    env: Env,
    alarm: super::Alarm,
}

impl DurableObject for Limiter {
    fn new(state: State, env: Env) -> Self {
        Limiter { state, env, alarm: super::Alarm::default() }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let (key, counts) = match super::command_of(&mut req).await? {
            LimitCommand::Count { key, counts } => (key, counts),
            LimitCommand::Kept { key } => {
                if !crate::routes::is_development(&self.env) {
                    return Response::error("development only", 403);
                }
                return Response::from_json(&!self.windows(&key).await?.is_empty());
            }
        };
        let before = self.windows(&key).await?;
        let t = now().timestamp();
        // Between the read above and the write below only storage is awaited, which holds
        // every other call (and the alarm) back: no two calls count one key at once.
        let mut after = before.clone();
        let verdict = admit_in_order(&mut after, &counts, t);
        if after == before {
            // A refusal of the first count changes nothing.
            return Response::from_json(&verdict);
        }
        let (was, ends) = (last_end(&before), last_end(&after));
        let (mut put, mut delete) = (Vec::new(), Vec::new());
        match ends {
            Some(_) => put.push((windows_key(&key), serde_json::to_string(&after)?)),
            None => delete.push(windows_key(&key)),
        }
        if was != ends {
            delete.extend(was.map(|end| end_key(end, &key)));
            put.extend(ends.map(|end| (end_key(end, &key), String::new())));
        }
        roster_storage::write(&self.state.storage(), put, delete).await?;
        if let Some(end) = ends {
            self.wake_at(end).await?;
        }
        Response::from_json(&verdict)
    }

    /// Forget every key whose windows have all ended, oldest first (a few pages; the alarm
    /// comes again at once for the rest).
    async fn alarm(&self) -> Result<Response> {
        // The alarm that fired is spent.
        self.alarm.fired();
        let t = now().timestamp();
        let storage = self.state.storage();
        let until = end_key(t + 1, "");
        // The earlier layout (an object per key) kept its windows under one key.
        let mut delete = vec![OLD_LAYOUT_KEY.to_string()];
        for _ in 0..FORGET_PAGES {
            let options = ListOptions::new().start("e:").end(&until).limit(FORGET_PAGE);
            let ended = entry_keys(storage.list_with_options(options).await?);
            for entry in &ended {
                let key = entry.splitn(3, ':').nth(2).unwrap_or_default();
                delete.push(windows_key(key));
                delete.push(entry.clone());
            }
            roster_storage::write(&storage, Vec::new(), std::mem::take(&mut delete)).await?;
            if ended.len() < FORGET_PAGE {
                break;
            }
        }
        // The next key to end, if any, brings the alarm back.
        let next = entry_keys(storage.list_with_options(ListOptions::new().prefix("e:").limit(1)).await?);
        if let Some(end) = next.first().and_then(|e| e.get(2..14)?.parse::<i64>().ok()) {
            self.wake_at(end).await?;
        }
        Response::ok("forgotten")
    }
}

/// The keys of a storage listing.
fn entry_keys(listed: worker::js_sys::Map) -> Vec<String> {
    listed.keys().into_iter().filter_map(|k| k.ok()?.as_string()).collect()
}

impl Limiter {
    /// `key`'s open windows, as stored (the runtime keeps what an object reads in memory).
    async fn windows(&self, key: &str) -> Result<Windows> {
        let stored: Option<String> = self.state.storage().get(&windows_key(key)).await?;
        Ok(stored.map(|text| serde_json::from_str(&text)).transpose()?.unwrap_or_default())
    }

    /// Make sure the alarm comes by `end` (Unix seconds).
    async fn wake_at(&self, end: i64) -> Result<()> {
        let at = (end * 1000).max(now().timestamp_millis() + 1);
        self.alarm.by(&self.state.storage(), at).await
    }
}
