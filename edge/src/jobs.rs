//! The scheduled job (every 15 minutes, `[triggers]` in wrangler.toml): retry undelivered
//! messages whose time has come, and send the reminders due 24 hours before each session.

use chrono::Duration;
use serde_json::Value;
use worker::{Env, Result};

use village_shared::api::seat_protocol::SeatCommand;

use crate::clock::now;
use crate::objects;
use crate::outbox;
use crate::store::Store;

pub async fn run(env: &Env) -> Result<()> {
    let at = now();
    let retried = outbox::deliver_due(env, at).await?;
    let mut reminded = 0;
    if let Some(catalogue) = Store::from_env(env)?.catalogue().await? {
        // Groups with a session that may start within a day; each group's object decides.
        let candidates = catalogue.groups.iter().filter(|g| {
            g.kind.takes_signups() && g.last_session.is_some_and(|t| t > at) && g.first_session.is_some_and(|t| t <= at + Duration::hours(24))
        });
        for group in candidates {
            let reply: Value = objects::group_seats(env, &group.id, &SeatCommand::Remind).await?;
            reminded += reply["reminded"].as_u64().unwrap_or(0);
        }
    }
    worker::console_log!("scheduled: {retried} messages retried, {reminded} reminders queued");
    Ok(())
}
