//! The single writer of the KV `catalogue` document. Groups tell it when they change; it
//! rewrites the document at most about once a second (KV's per-key write rate), using an
//! alarm to gather bursts of changes into one write.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use village_shared::api::seat_protocol::CatalogueCommand;
use village_shared::api::{Catalogue, GroupSummary, SeatCount};
use village_shared::model::Group;

use crate::store::Store;

const INDEX_KEY: &str = "index";
const WRITE_DELAY_MS: i64 = 1_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Entry {
    group: Option<Group>,
    seats: SeatCount,
    seats_version: u64,
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
        let command: CatalogueCommand = req.json().await?;
        self.load().await?;
        let snapshot = {
            let mut slot = self.index.borrow_mut();
            let index = slot.get_or_insert_with(BTreeMap::new);
            match command {
                CatalogueCommand::Group { group } => {
                    let entry = index.entry(group.id.clone()).or_default();
                    if entry.seats_version == 0 {
                        entry.seats =
                            SeatCount { capacity: group.capacity, seats_left: group.capacity, ..Default::default() };
                    }
                    entry.group = Some(group);
                }
                CatalogueCommand::Seats { group_id, version, count } => {
                    let entry = index.entry(group_id).or_default();
                    if version > entry.seats_version {
                        entry.seats = count;
                        entry.seats_version = version;
                    }
                }
            }
            index.clone()
        };
        let storage = self.state.storage();
        storage.put(INDEX_KEY, &snapshot).await?;
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
    async fn load(&self) -> Result<()> {
        if self.index.borrow().is_some() {
            return Ok(());
        }
        let stored: Option<BTreeMap<String, Entry>> = self.state.storage().get(INDEX_KEY).await?;
        let mut slot = self.index.borrow_mut();
        if slot.is_none() {
            *slot = Some(stored.unwrap_or_default());
        }
        Ok(())
    }
}
