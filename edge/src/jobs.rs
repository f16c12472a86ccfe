//! The scheduled job (every 15 minutes, `[triggers]` in wrangler.toml): retry undelivered
//! messages whose time has come, send the reminders due 24 hours before each session, and tell
//! the people who asked when a group's registration opens.

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
    // Groups with a session that may start within a day, listed or not (people already in an
    // unpublished group still get their reminders); each group's object decides.
    let groups = Store::from_env(env)?.groups().await?;
    let candidates = groups.iter().filter(|g| {
        g.kind.takes_signups()
            && g.status.is_public()
            && g.status != village_shared::model::Publication::Archived
            && g.sessions.iter().any(|s| s.starts_at > at && s.starts_at <= at + Duration::hours(24))
    });
    for group in candidates {
        let reply: Value = objects::group_seats(env, &group.id, &SeatCommand::Remind).await?;
        reminded += reply["reminded"].as_u64().unwrap_or(0);
    }
    let announced = opening_notices(env, at).await?;
    worker::console_log!(
        "scheduled: {retried} messages retried, {reminded} reminders queued, {announced} opening notices"
    );
    Ok(())
}

/// Answer the "tell me when it opens" watches: each confirmed person whose group has opened
/// gets one opening notice in their language, and their watch is forgotten; the rule
/// (`rules::registration::opening_watch`) decides per person, so confirming late still works.
async fn opening_notices(env: &Env, at: chrono::DateTime<chrono::Utc>) -> Result<usize> {
    use village_shared::messages::{compose_updates, UpdatesFacts};
    use village_shared::model::MessageKind;
    use village_shared::rules::registration::{opening_watch, registration_state, OpeningWatch, RegistrationState};

    let store = Store::from_env(env)?;
    let watches = store.opening_watches().await?;
    if watches.is_empty() {
        return Ok(0);
    }
    // Only published groups are in the catalogue: a watch on a group taken down for now waits.
    let Some(catalogue) = store.catalogue().await? else { return Ok(0) };
    let base = env.var("PUBLIC_URL").map(|v| v.to_string()).unwrap_or_default();
    let mut sent = 0;
    for (group_id, digest) in watches {
        let Some(group) = catalogue.groups.iter().find(|g| g.id == group_id) else { continue };
        let state = registration_state(group.registration.as_ref(), at);
        if let RegistrationState::NotYetOpen { .. } = state {
            continue;
        }
        let stored = match store.watch_email(&group_id, &digest).await? {
            Some(email) => store.subscriber(&email).await?,
            None => None,
        };
        match opening_watch(state, stored.as_ref().map(|s| s.subscriber.status)) {
            OpeningWatch::Keep => continue,
            OpeningWatch::Forget => store.forget_opening_watch(&group_id, &digest).await?,
            OpeningWatch::Notify => {
                let Some(stored) = stored else { continue };
                let s = &stored.subscriber;
                // Forgotten first: a second run of the job finds nothing left to send.
                store.forget_opening_watch(&group_id, &digest).await?;
                let facts = UpdatesFacts {
                    confirm_url: None,
                    unsubscribe_url: format!(
                        "{base}/updates/unsubscribe/{}?lang={}",
                        stored.unsubscribe_token,
                        s.language.code()
                    ),
                    group_title: Some(group.title.get(s.language).to_string()),
                    group_url: Some(format!("{base}/groups/{}?lang={}", group.id, s.language.code())),
                };
                let kind = MessageKind::OpeningNotice;
                let message = outbox::new_message(
                    &s.email,
                    s.language,
                    kind,
                    Some(group.id.clone()),
                    compose_updates(kind, s.language, &facts),
                );
                outbox::enqueue(env, message).await?;
                sent += 1;
            }
        }
    }
    Ok(sent)
}
