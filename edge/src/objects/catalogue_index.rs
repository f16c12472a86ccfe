//! The single writer of the KV `catalogue` document. Groups tell it when they change; it
//! rewrites the document at most about once a second (KV's per-key write rate), using an
//! alarm to gather bursts of changes into one write.
//!
//! Each group is one small stored value (`entry:{id}`), written alone when that group changes:
//! no value grows with the network, and a change costs the same at 20 groups as at 2,000.
//! A running group (published or unpublished) keeps its document and what the overview needs
//! of its roster (`rules::progress::overview_facts`: ids, statuses, marks — no names), so the
//! dashboard's overview is one call to this object, kept up to date as groups change. Drafts
//! and archived groups keep only their counts.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use village_shared::api::seat_protocol::{CatalogueCommand, RosterSnapshot};
use village_shared::api::{Catalogue, GroupSummary, SeatCount};
use village_shared::model::{Group, Publication};
use village_shared::rules::progress::{overview, Overview};

use crate::clock::now;

use crate::store::Store;

const ENTRY_PREFIX: &str = "entry:";
/// Where an older version kept every entry in one value: read once, split, deleted.
const LEGACY_INDEX_KEY: &str = "index";
const WRITE_DELAY_MS: i64 = 1_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entry {
    /// While the group runs.
    group: Option<Group>,
    seats: SeatCount,
    seats_version: u64,
    /// While the group runs: what the overview needs of its roster.
    #[serde(default)]
    roster: Option<RosterSnapshot>,
}

fn is_running(group: &Group) -> bool {
    matches!(group.status, Publication::Published | Publication::Unpublished)
}

#[durable_object]
pub struct CatalogueIndex {
    state: State,
    env: Env,
    index: RefCell<Option<BTreeMap<String, Entry>>>,
}

impl DurableObject for CatalogueIndex {
    fn new(state: State, env: Env) -> Self {
        CatalogueIndex { state, env, index: RefCell::new(None) }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        // Through serde_json: the runtime's JSON.parse would leave the roster's integer map
        // keys (session times) as strings, which an `i64` key does not read.
        let command: CatalogueCommand = serde_json::from_str(&req.text().await?)?;
        self.load().await?;
        if let CatalogueCommand::Overview = command {
            return Response::from_json(&self.overview());
        }
        // The new entry is computed from memory, stored, and only then taken into memory.
        let (group_id, entry) = {
            let slot = self.index.borrow();
            let index = slot.as_ref().expect("loaded above");
            match command {
                CatalogueCommand::Group { group } => {
                    let mut entry = index.get(&group.id).cloned().unwrap_or_default();
                    if entry.seats_version == 0 {
                        entry.seats =
                            SeatCount { capacity: group.capacity, seats_left: group.capacity, ..Default::default() };
                    }
                    let id = group.id.clone();
                    if !is_running(&group) {
                        entry.roster = None;
                    }
                    entry.group = is_running(&group).then_some(group);
                    (id, entry)
                }
                CatalogueCommand::Seats { group_id, version, count, roster } => {
                    let mut entry = index.get(&group_id).cloned().unwrap_or_default();
                    if version > entry.seats_version {
                        entry.seats = count;
                        entry.seats_version = version;
                        entry.roster = roster;
                    }
                    (group_id, entry)
                }
                CatalogueCommand::Overview => unreachable!("answered above"),
            }
        };
        let storage = self.state.storage();
        storage.put(&format!("{ENTRY_PREFIX}{group_id}"), &entry).await?;
        self.index.borrow_mut().get_or_insert_with(BTreeMap::new).insert(group_id, entry);
        if storage.get_alarm().await?.is_none() {
            storage.set_alarm(WRITE_DELAY_MS).await?;
        }
        Response::from_json(&serde_json::json!({ "ok": true }))
    }

    async fn alarm(&self) -> Result<Response> {
        self.load().await?;
        let catalogue = {
            let slot = self.index.borrow();
            let groups = slot
                .iter()
                .flat_map(|index| index.values())
                .filter_map(|e| e.group.as_ref().filter(|g| g.status.is_listed()).map(|g| GroupSummary::of(g, e.seats)))
                .collect();
            Catalogue { groups }
        };
        Store::from_env(&self.env)?.put_catalogue(&catalogue).await?;
        Response::ok("written")
    }
}

impl CatalogueIndex {
    /// The overview of every running group, from memory (`subscribers` is the caller's).
    fn overview(&self) -> Overview {
        let slot = self.index.borrow();
        let running: Vec<(Group, RosterSnapshot)> = slot
            .iter()
            .flat_map(|index| index.values())
            .filter_map(|e| {
                let group = e.group.clone().filter(is_running)?;
                let roster = RosterSnapshot { count: e.seats, ..e.roster.clone().unwrap_or_default() };
                Some((group, roster))
            })
            .collect();
        overview(&running, &[], now())
    }

    async fn load(&self) -> Result<()> {
        if self.index.borrow().is_some() {
            return Ok(());
        }
        let storage = self.state.storage();
        let mut index = BTreeMap::new();
        let listed = storage.list_with_options(worker::ListOptions::new().prefix(ENTRY_PREFIX)).await?;
        for pair in listed.entries() {
            let pair: js_sys::Array = pair?.into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let entry: Entry = serde_wasm_bindgen::from_value(pair.get(1)).map_err(|e| worker::Error::RustError(e.to_string()))?;
            index.insert(key.trim_start_matches(ENTRY_PREFIX).to_string(), entry);
        }
        if let Some(legacy) = storage.get::<BTreeMap<String, Entry>>(LEGACY_INDEX_KEY).await? {
            for (id, mut entry) in legacy {
                if !entry.group.as_ref().is_some_and(is_running) {
                    entry.group = None;
                }
                storage.put(&format!("{ENTRY_PREFIX}{id}"), &entry).await?;
                index.insert(id, entry);
            }
            storage.delete(LEGACY_INDEX_KEY).await?;
        }
        let mut slot = self.index.borrow_mut();
        if slot.is_none() {
            *slot = Some(index);
        }
        Ok(())
    }
}
