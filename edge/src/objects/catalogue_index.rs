//! The single writer of the catalogue's cards in KV (`listed:{id}`: a published group's
//! `GroupSummary`, with its `CatalogueFacts` beside the key). Groups tell it when they change;
//! its alarm writes the cards that changed, each at most about once a second (KV's per-key
//! write rate), gathering bursts of changes into one write per card.
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
use village_shared::api::{GroupSummary, SeatCount};
use village_shared::model::{Group, Publication};
use village_shared::rules::progress::{overview, Overview};

use crate::clock::now;

use crate::store::Store;

const ENTRY_PREFIX: &str = "entry:";
/// Where an older version kept every entry in one value: read once, split, deleted.
const LEGACY_INDEX_KEY: &str = "index";
/// Set once every listed entry was marked for its card (an older version wrote the whole
/// catalogue as one KV value, which the next alarm deletes).
const CARDS_LAYOUT_KEY: &str = "layout:cards";
const WHOLE_CATALOGUE_OWED_KEY: &str = "owed:delete-whole-catalogue";
const WRITE_DELAY_MS: i64 = 1_000;
const RETRY_DELAY_MS: i64 = 5_000;
/// Cards one alarm writes (a subrequest each; an invocation may make 1,000); the next alarm,
/// a second later, writes the rest.
const CARDS_PER_ALARM: usize = 200;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entry {
    /// While the group runs.
    group: Option<Group>,
    seats: SeatCount,
    seats_version: u64,
    /// While the group runs: what the overview needs of its roster.
    #[serde(default)]
    roster: Option<RosterSnapshot>,
    /// How many times its card changed, and the change KV's card last showed: the alarm
    /// writes (or deletes) the card while they differ.
    #[serde(default)]
    changes: u64,
    #[serde(default)]
    shown: u64,
}

impl Entry {
    /// Its card in the catalogue, while it is listed.
    fn card(&self) -> Option<GroupSummary> {
        self.group.as_ref().filter(|g| g.status.is_listed()).map(|g| GroupSummary::of(g, self.seats))
    }
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

    async fn fetch(&self, req: Request) -> Result<Response> {
        super::metered_reply(&self.env, self.serve(req)).await
    }

    /// Writes the cards that changed (deletes those no longer listed), and records each as
    /// shown once KV has it. Whatever fails, the alarm comes again (the runtime gives up on an
    /// alarm that keeps throwing), and the scheduled job's `Settle` re-arms it besides.
    async fn alarm(&self) -> Result<Response> {
        if let Err(e) = self.write_cards().await {
            worker::console_error!("catalogue cards: {e}; retrying in {RETRY_DELAY_MS} ms");
            self.state.storage().set_alarm(RETRY_DELAY_MS).await?;
        }
        Response::ok("written")
    }
}

impl CatalogueIndex {
    /// One call, served (`fetch` meters it).
    async fn serve(&self, mut req: Request) -> Result<Response> {
        let command: CatalogueCommand = super::command_of(&mut req).await?;
        self.load().await?;
        match command {
            CatalogueCommand::Overview => return Response::from_json(&self.overview()),
            CatalogueCommand::Settle => {
                if self.cards_owed() && self.state.storage().get_alarm().await?.is_none() {
                    self.state.storage().set_alarm(WRITE_DELAY_MS).await?;
                }
                return Response::from_json(&serde_json::json!({ "ok": true }));
            }
            _ => {}
        }
        // The new entry is computed from memory, stored, and only then taken into memory.
        let (group_id, mut entry, card) = {
            let slot = self.index.borrow();
            let index = slot.as_ref().expect("loaded above");
            let card = |id: &str| index.get(id).and_then(Entry::card);
            let (id, entry) = match command {
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
                CatalogueCommand::Overview | CatalogueCommand::Settle => unreachable!("answered above"),
            };
            let card = card(&id);
            (id, entry, card)
        };
        if entry.card() != card {
            entry.changes += 1;
        }
        let storage = self.state.storage();
        super::stored();
        storage.put(&format!("{ENTRY_PREFIX}{group_id}"), &entry).await?;
        self.index.borrow_mut().get_or_insert_with(BTreeMap::new).insert(group_id, entry);
        if storage.get_alarm().await?.is_none() {
            storage.set_alarm(WRITE_DELAY_MS).await?;
        }
        Response::from_json(&serde_json::json!({ "ok": true }))
    }
}

impl CatalogueIndex {
    /// Whether any entry's card is not yet what KV shows.
    fn cards_owed(&self) -> bool {
        self.index.borrow().iter().flat_map(|index| index.values()).any(|e| e.changes != e.shown)
    }

    async fn write_cards(&self) -> Result<()> {
        self.load().await?;
        let storage = self.state.storage();
        let store = Store::from_env(&self.env)?;
        if storage.get::<bool>(WHOLE_CATALOGUE_OWED_KEY).await?.is_some() {
            // Never in the way of the cards: tried again by a later alarm if it fails.
            if store.delete_whole_catalogue().await.is_ok() {
                super::stored();
                storage.delete(WHOLE_CATALOGUE_OWED_KEY).await?;
            }
        }
        let due: Vec<(String, u64, Option<GroupSummary>)> = {
            let slot = self.index.borrow();
            slot.iter()
                .flat_map(|index| index.iter())
                .filter(|(_, e)| e.changes != e.shown)
                .take(CARDS_PER_ALARM)
                .map(|(id, e)| (id.clone(), e.changes, e.card()))
                .collect()
        };
        let writes = due.iter().map(|(id, _, card)| match card {
            Some(card) => futures_util::future::Either::Left(store.put_catalogue_card(card)),
            None => futures_util::future::Either::Right(store.delete_catalogue_card(id)),
        });
        let written = futures_util::future::join_all(writes).await;
        // Memory may have moved on while KV was written: only the change written is recorded.
        let mut failed = None;
        let mut shown = Vec::new();
        for ((id, changes, _), result) in due.into_iter().zip(written) {
            match result {
                Ok(()) => shown.push((id, changes)),
                Err(e) => failed = Some(e),
            }
        }
        for (id, changes) in shown {
            let entry = {
                let mut slot = self.index.borrow_mut();
                let Some(entry) = slot.as_mut().and_then(|index| index.get_mut(&id)) else { continue };
                entry.shown = entry.shown.max(changes);
                entry.clone()
            };
            super::stored();
            storage.put(&format!("{ENTRY_PREFIX}{id}"), &entry).await?;
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if self.cards_owed() {
            storage.set_alarm(WRITE_DELAY_MS).await?;
        }
        Ok(())
    }

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
                super::stored();
                storage.put(&format!("{ENTRY_PREFIX}{id}"), &entry).await?;
                index.insert(id, entry);
            }
            super::stored();
            storage.delete(LEGACY_INDEX_KEY).await?;
        }
        if storage.get::<bool>(CARDS_LAYOUT_KEY).await?.is_none() {
            // Cards were once one KV value: every listed group owes its own card.
            for (id, entry) in index.iter_mut().filter(|(_, e)| e.card().is_some()) {
                entry.changes = entry.shown + 1;
                super::stored();
                storage.put(&format!("{ENTRY_PREFIX}{id}"), &*entry).await?;
            }
            super::stored();
            storage.put(WHOLE_CATALOGUE_OWED_KEY, true).await?;
            super::stored();
            storage.put(CARDS_LAYOUT_KEY, true).await?;
            storage.set_alarm(WRITE_DELAY_MS).await?;
        }
        let mut slot = self.index.borrow_mut();
        if slot.is_none() {
            *slot = Some(index);
        }
        Ok(())
    }
}
