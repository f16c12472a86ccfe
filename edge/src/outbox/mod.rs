//! The outbox: every message is written to KV first (`outbox:{id}`, plus `pending:{id}` while
//! it waits), then delivered through the [`Mailer`]. A failed attempt leaves it pending with a
//! later retry time (`shared::rules::delivery`); the scheduled job retries whatever is due.
//! Nothing is lost when delivery fails: it is pending, then failed, and visible either way.

mod mailer;

pub use mailer::Mailer;

use chrono::{DateTime, Utc};
use worker::{Env, Result};

use village_shared::model::{DeliveryStatus, Message, MessageKind};
use village_shared::rules::delivery::{delivered, is_due, not_delivered, resend as reset_for_resend};
use village_shared::Language;

use crate::clock::now;
use crate::store::Store;

/// A new message id: sorts by creation time.
pub fn new_message_id() -> String {
    format!("{:013}-{}", now().timestamp_millis(), crate::tokens::new_record_id())
}

/// A new pending message; its id sorts by creation time.
pub fn new_message(
    to: &str,
    language: Language,
    kind: MessageKind,
    group_id: Option<String>,
    (subject, body): (String, String),
) -> Message {
    let at = now();
    Message {
        id: new_message_id(),
        to: to.to_string(),
        language,
        kind,
        group_id,
        subject,
        body,
        status: DeliveryStatus::Pending,
        attempts: 0,
        // `enqueue` attempts it at once; the scheduled job only if that attempt never ends.
        next_attempt_at: village_shared::rules::delivery::in_flight_until(at),
        created_at: at,
        sent_at: None,
        last_error: None,
    }
}

/// Store, then try once at once.
pub async fn enqueue(env: &Env, message: Message) -> Result<()> {
    let store = Store::from_env(env)?;
    keep_pending(&store, &message).await?;
    attempt(env, &store, message).await
}

/// Store for the scheduled job's next delivery pass, without trying now (the job writes
/// its messages first and delivers them after, so one that fails is retried, never lost).
pub async fn queue(env: &Env, mut message: Message) -> Result<()> {
    message.next_attempt_at = message.created_at;
    keep_pending(&Store::from_env(env)?, &message).await
}

/// An admin's "resend": back to pending with fresh attempts, and one attempt now. Returns the
/// message as it was before, or `None` when there is no such message.
pub async fn resend(env: &Env, id: &str) -> Result<Option<(Message, Message)>> {
    let store = Store::from_env(env)?;
    let Some(before) = store.message(id).await? else { return Ok(None) };
    let message = reset_for_resend(before.clone(), now());
    keep_pending(&store, &message).await?;
    attempt(env, &store, message).await?;
    let after = store.message(id).await?.unwrap_or_else(|| before.clone());
    Ok(Some((before, after)))
}

/// Write the message and the marker the scheduled job finds pending messages by.
async fn keep_pending(store: &Store, message: &Message) -> Result<()> {
    store.put_message(message).await?;
    store.mark_pending(&message.id).await
}

/// One delivery attempt, recorded whatever happens.
async fn attempt(env: &Env, store: &Store, message: Message) -> Result<()> {
    let at = now();
    let result = Mailer::from_env(env).send(&message).await;
    let message = match result {
        Ok(()) => delivered(message, at),
        Err(error) => {
            worker::console_warn!("message {} not delivered: {error}", message.id);
            not_delivered(message, at, &error)
        }
    };
    store.put_message(&message).await?;
    if message.status != DeliveryStatus::Pending {
        store.clear_pending(&message.id).await?;
    }
    Ok(())
}

/// At most this many delivery attempts in one run (each costs about three subrequests; a
/// Worker invocation may make 1,000): the rest wait for the next run.
const ATTEMPTS_PER_RUN: usize = 100;

/// Retry pending messages whose time has come, oldest first. One that cannot be attempted is
/// logged and skipped: it never stops the others. Returns how many were attempted.
pub async fn deliver_due(env: &Env, at: DateTime<Utc>) -> Result<usize> {
    let store = Store::from_env(env)?;
    let mut attempted = 0;
    for id in store.pending_ids().await? {
        if attempted >= ATTEMPTS_PER_RUN {
            break;
        }
        let message = match store.message(&id).await {
            Ok(Some(message)) => message,
            Ok(None) => {
                store.clear_pending(&id).await?;
                continue;
            }
            Err(e) => {
                worker::console_warn!("pending message {id} unreadable: {e}");
                continue;
            }
        };
        if is_due(&message, at) {
            attempted += 1;
            if let Err(e) = attempt(env, &store, message).await {
                worker::console_warn!("message {id}: attempt not recorded: {e}");
            }
        }
    }
    Ok(attempted)
}
