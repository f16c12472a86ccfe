//! Rate limits: one small object per counted key (a client, an email's digest), so a flood
//! from one place is counted in one place while a rush from many places spreads over many
//! objects and waits for none. Each object keeps only its open windows and forgets them when
//! they end (its alarm deletes them), so nothing here grows with time.

use std::cell::{Cell, RefCell};

use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use village_shared::rules::limits::{admit_in_order, LimitCommand, Windows};

use crate::clock::now;

const KEY: &str = "windows";

#[durable_object]
pub struct Limiter {
    state: State,
    /// Limit name → (window, its length), loaded once.
    windows: RefCell<Option<Windows>>,
    /// When the alarm that forgets everything is set for (Unix seconds; 0: not set by this
    /// instance, so the first admitted request sets it).
    forget_at: Cell<i64>,
}

impl DurableObject for Limiter {
    fn new(state: State, _env: Env) -> Self {
        Limiter { state, windows: RefCell::new(None), forget_at: Cell::new(0) }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let command: LimitCommand = req.json().await?;
        if self.windows.borrow().is_none() {
            let stored = self.state.storage().get(KEY).await.ok().flatten().unwrap_or_default();
            self.windows.borrow_mut().get_or_insert(stored);
        }
        let t = now().timestamp();
        // The critical section: synchronous, on a copy, which memory takes once it is stored.
        let before = self.windows.borrow().clone().expect("loaded above");
        let mut snapshot = before.clone();
        let verdict = admit_in_order(&mut snapshot, &command.counts, t);
        if snapshot == before {
            // A refusal of the first count changes nothing.
            return Response::from_json(&verdict);
        }
        let ends = snapshot.values().map(|(w, secs)| w.start + i64::from(*secs)).max().unwrap_or(t);
        let storage = self.state.storage();
        storage.put(KEY, &snapshot).await?;
        *self.windows.borrow_mut() = Some(snapshot);
        // Forget everything once the last window ends (set only when that end moves later).
        if ends > self.forget_at.get() {
            storage.set_alarm(((ends - t).max(1) * 1000) as i64).await?;
            self.forget_at.set(ends);
        }
        Response::from_json(&verdict)
    }

    async fn alarm(&self) -> Result<Response> {
        self.forget_at.set(0);
        self.windows.borrow_mut().take();
        self.state.storage().delete_all().await?;
        Response::ok("forgotten")
    }
}
