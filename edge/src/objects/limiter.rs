//! Rate limits. Each counted key (a client, an email's digest, a client-and-address pair) is
//! kept by one of [`SHARDS`] small objects, picked by the key's digest, under a storage key of
//! its own: a flood from one place is counted in one place, a rush from many places spreads
//! over the shards and waits for none, and a network's thousands of clients are not thousands
//! of objects (each object is a database of its own: in a rush, opening a new one per client
//! was most of a signup's time). A window that has ended counts for nothing (`admit` opens a
//! fresh one), so forgetting is housekeeping: the alarm deletes keys whose windows have all
//! ended, a page at a time, and nothing here grows with time.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use wasm_bindgen::JsCast;
use worker::{durable_object, js_sys, DurableObject, Env, ListOptions, Request, Response, Result, State};

use village_shared::rules::limits::{admit_in_order, all_ended, LimitCommand, Windows};

use crate::clock::now;

/// How many objects the counted keys are spread over. Changing it moves keys to other shards
/// (their counts start again): a deploy may do that, as a window's end would.
pub const SHARDS: u8 = 64;

/// The shard that keeps `key`'s count.
pub fn shard_of(key: &str) -> String {
    let digest = crate::tokens::digest(key);
    format!("limits-{}", u8::from_str_radix(&digest[..2], 16).unwrap_or(0) % SHARDS)
}

/// Where a counted key's windows are stored in its shard.
const PREFIX: &str = "w:";
/// How often a shard that keeps anything looks for keys to forget.
const SWEEP_EVERY_MS: i64 = 10 * 60 * 1000;
/// Keys read per look (the rest wait for the next one, a minute later).
const SWEEP_PAGE: usize = 500;

#[durable_object]
pub struct Limiter {
    state: State,
    /// Counted key → its windows, as stored (each loaded on its first count).
    windows: RefCell<HashMap<String, Windows>>,
    /// Whether this instance knows a sweep is due (so an admitted count sets none).
    sweep_set: Cell<bool>,
    /// The last key the sweep looked at, when it stopped at a full page.
    swept_to: RefCell<Option<String>>,
}

impl DurableObject for Limiter {
    fn new(state: State, _env: Env) -> Self {
        Limiter { state, windows: RefCell::new(HashMap::new()), sweep_set: Cell::new(false), swept_to: RefCell::new(None) }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let command: LimitCommand = req.json().await?;
        let stored_at = format!("{PREFIX}{}", command.key);
        let storage = self.state.storage();
        if !self.windows.borrow().contains_key(&stored_at) {
            let stored: Windows = storage.get(&stored_at).await.ok().flatten().unwrap_or_default();
            // Another count of the same key may have loaded it meanwhile: the first load stands.
            self.windows.borrow_mut().entry(stored_at.clone()).or_insert(stored);
        }
        // The critical section: synchronous, on a copy, which memory takes once it is stored.
        let before = self.windows.borrow()[&stored_at].clone();
        let mut snapshot = before.clone();
        let verdict = admit_in_order(&mut snapshot, &command.counts, now().timestamp());
        if snapshot == before {
            // A refusal of the first count changes nothing.
            return Response::from_json(&verdict);
        }
        storage.put(&stored_at, &snapshot).await?;
        self.windows.borrow_mut().insert(stored_at, snapshot);
        if !self.sweep_set.get() {
            if storage.get_alarm().await?.is_none() {
                storage.set_alarm(SWEEP_EVERY_MS).await?;
            }
            self.sweep_set.set(true);
        }
        Response::from_json(&verdict)
    }

    /// Forget the keys whose windows have all ended; come back while anything is kept.
    async fn alarm(&self) -> Result<Response> {
        let storage = self.state.storage();
        let t = now().timestamp();
        // A key's windows sort after the key itself: start just past where the last look ended.
        let from = self.swept_to.borrow_mut().take().map(|key| format!("{key}\0"));
        let mut options = ListOptions::new().prefix(PREFIX).limit(SWEEP_PAGE);
        if let Some(from) = &from {
            options = options.start(from);
        }
        let listed = storage.list_with_options(options).await?;
        let (mut ended, mut last) = (Vec::new(), None);
        for entry in listed.entries() {
            let pair: js_sys::Array = entry?.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let windows: Windows = serde_wasm_bindgen::from_value(pair.get(1)).unwrap_or_default();
            if all_ended(&windows, t) {
                ended.push(key.clone());
            }
            last = Some(key);
        }
        let kept = listed.size() as usize - ended.len();
        if !ended.is_empty() {
            storage.delete_multiple(ended.iter().map(String::as_str).collect()).await?;
            let mut windows = self.windows.borrow_mut();
            for key in &ended {
                windows.remove(key);
            }
        }
        if listed.size() as usize == SWEEP_PAGE {
            // More than a page: the next look, from here, comes soon.
            *self.swept_to.borrow_mut() = last;
            storage.set_alarm(60_000).await?;
        } else if kept > 0 || from.is_some() {
            // Something is kept (here, or in the pages before): look again later.
            storage.set_alarm(SWEEP_EVERY_MS).await?;
        } else {
            self.sweep_set.set(false);
        }
        Response::ok("swept")
    }
}
