//! The scheduled job (every 15 minutes, `[triggers]` in wrangler.toml): retry undelivered
//! messages whose time has come, and tell the people who asked when a group's registration
//! opens. (Reminders 24 hours before each session are sent by each group's own object, on its
//! alarm: no run reads every group.)

use worker::{Env, Result};


use crate::clock::now;
use crate::outbox;
use crate::store::Store;

/// Each stage runs whatever happened to the others: a watch that cannot be read or an email
/// provider that is down never stops reminders, and one group's failure never stops the next
/// group's. Failures are logged and the job answers an error at the end, so it shows.
pub async fn run(env: &Env) -> Result<()> {
    let at = now();
    let mut failures = Vec::new();
    // Opening notices are queued first and delivered with everything else that is due.
    let announced = opening_notices(env, at).await.unwrap_or_else(|e| {
        failures.push(format!("opening notices: {e}"));
        0
    });
    let retried = outbox::deliver_due(env, at).await.unwrap_or_else(|e| {
        failures.push(format!("deliveries: {e}"));
        0
    });
    // The catalogue's object writes its cards on its own alarm; this wakes it (after a deploy
    // that changed its layout) and re-arms an alarm that failed, so no card is left behind.
    let settle = village_shared::api::seat_protocol::CatalogueCommand::Settle;
    if let Err(e) = crate::objects::catalogue_index(env, &settle).await {
        failures.push(format!("catalogue: {e}"));
    }
    // Reminders are not here: each group's object keeps its own alarm for them.
    worker::console_log!(
        "scheduled: {announced} opening notices queued, {retried} messages attempted, {} failures",
        failures.len()
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(worker::Error::RustError(failures.join("; ")))
    }
}

/// At most this many opening notices per run (each costs about five KV operations, and a
/// Worker invocation may make 1,000); the rest go at the next run.
const NOTICES_PER_RUN: usize = 100;

/// Answer the "tell me when it opens" watches: each confirmed person whose group has opened
/// gets one opening notice in their language, and their watch is forgotten; the rule
/// (`rules::registration::opening_watch`) decides per person, so confirming late still works.
/// The notice is queued before the watch is forgotten: a run cut short sends it later, or
/// (rarely) twice, but never loses it.
async fn opening_notices(env: &Env, at: chrono::DateTime<chrono::Utc>) -> Result<usize> {
    use std::collections::BTreeMap;
    use village_shared::messages::{compose_updates, UpdatesFacts};
    use village_shared::model::{Group, MessageKind, Publication};
    use village_shared::rules::registration::{opening_watch, registration_state, OpeningWatch, RegistrationState};

    let store = Store::from_env(env)?;
    let watches = store.opening_watches().await?;
    if watches.is_empty() {
        return Ok(0);
    }
    let listed = store.catalogue_facts().await?;
    let base = crate::routes::public_url(env);
    // Groups not in the catalogue, read once each: archived or gone ends their watches; a
    // draft or an unpublished group keeps them for when it is back.
    let mut unlisted: BTreeMap<String, Option<Group>> = BTreeMap::new();
    let mut sent = 0;
    for (group_id, digest) in watches {
        if sent >= NOTICES_PER_RUN {
            break;
        }
        let Some(group) = listed.iter().find(|g| g.id == group_id) else {
            if !unlisted.contains_key(&group_id) {
                unlisted.insert(group_id.clone(), store.group(&group_id).await?);
            }
            if unlisted[&group_id].as_ref().is_none_or(|g| g.status == Publication::Archived) {
                store.forget_opening_watch(&group_id, &digest).await?;
            }
            continue;
        };
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
                // The card, for its title (one read per notice); a group unlisted since is
                // told about on a later run, if it is listed again.
                let Some(card) = store.catalogue_cards(std::slice::from_ref(&group_id)).await?.pop() else { continue };
                let s = &stored.subscriber;
                let facts = UpdatesFacts {
                    confirm_url: None,
                    unsubscribe_url: format!(
                        "{base}/updates/unsubscribe/{}?lang={}",
                        stored.unsubscribe_token,
                        s.language.code()
                    ),
                    group_title: Some(card.title.get(s.language).to_string()),
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
                outbox::queue(env, message).await?;
                store.forget_opening_watch(&group_id, &digest).await?;
                sent += 1;
            }
        }
    }
    Ok(sent)
}
