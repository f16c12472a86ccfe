//! The dashboard's sign-in links: one object for the whole network, so a link is used at most
//! once even when two requests race. (Requests for links are rate-limited before they reach
//! it, by the `Limiter` objects: client first, then email.) It holds only live links: each
//! expires after 15 minutes, and only known users get one.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::clock::now;
use crate::tokens;

/// A sign-in link lives 15 minutes.
pub const SIGN_IN_TTL_SECS: i64 = 15 * 60;
const KEY: &str = "auth";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AuthCommand {
    /// Issue a link for a dashboard user: answers the token.
    IssueSignIn { email: String },
    /// Use a link: the email it was for, once, within 15 minutes.
    ConsumeSignIn { token: String },
}

#[derive(Default, Clone, Serialize, Deserialize)]
struct Ledger {
    /// sha256(token) → (email, expires at, Unix seconds).
    links: BTreeMap<String, (String, i64)>,
}

#[durable_object]
pub struct AdminAuth {
    state: State,
    env: Env,
    ledger: RefCell<Option<Ledger>>,
}

impl DurableObject for AdminAuth {
    fn new(state: State, env: Env) -> Self {
        AdminAuth { state, env, ledger: RefCell::new(None) }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        super::metered_reply(&self.env, self.serve(req)).await
    }
}

impl AdminAuth {
    /// One call, served (`fetch` meters it).
    async fn serve(&self, mut req: Request) -> Result<Response> {
        let command: AuthCommand = super::command_of(&mut req).await?;
        if self.ledger.borrow().is_none() {
            // A stored ledger that cannot be read (an older shape) only costs pending links and
            // rate windows: start afresh rather than lock everyone out.
            let stored: Option<Ledger> = self.state.storage().get(KEY).await.ok().flatten();
            let mut slot = self.ledger.borrow_mut();
            if slot.is_none() {
                *slot = Some(stored.unwrap_or_default());
            }
        }
        let t = now().timestamp();
        // Tests shorten the link lifetime with `SIGN_IN_TTL_SECS`; 15 minutes otherwise.
        let ttl =
            self.env.var("SIGN_IN_TTL_SECS").ok().and_then(|v| v.to_string().parse().ok()).unwrap_or(SIGN_IN_TTL_SECS);
        // The critical section: synchronous, on a copy of the ledger, which memory takes only
        // once it is stored.
        let mut next = self.ledger.borrow().clone().expect("loaded above");
        let (reply, changed) = {
            let ledger = &mut next;
            ledger.links.retain(|_, (_, expires)| *expires > t);
            match command {
                AuthCommand::IssueSignIn { email } => {
                    let token = tokens::new_secret();
                    ledger.links.insert(tokens::digest(&token), (email, t + ttl));
                    (json!(token), true)
                }
                AuthCommand::ConsumeSignIn { token } => {
                    let email = ledger.links.remove(&tokens::digest(&token)).map(|(email, _)| email);
                    let used = email.is_some();
                    (json!(email), used)
                }
            }
        };
        // A link that was not there (a refused sign-in) changes nothing, so nothing is stored;
        // expired links go with the next change (they can no longer be used either way).
        if !changed {
            return Response::from_json(&reply);
        }
        // Stored as the struct itself (a plain object), so a new instance of the object reads
        // it back; through `serde_json::Value` it became a JS `Map`, which does not.
        super::stored();
        self.state.storage().put(KEY, &next).await?;
        *self.ledger.borrow_mut() = Some(next);
        Response::from_json(&reply)
    }
}
