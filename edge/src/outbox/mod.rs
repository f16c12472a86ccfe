//! The outbox: every message is attempted through the [`Mailer`] and recorded in KV
//! (`outbox:{id}`, plus a `pending:{due}:{id}` marker while it waits for a retry); a failed
//! attempt leaves it pending with a later retry time (`shared::rules::delivery`), and the
//! scheduled job retries whatever is due. Nothing is lost when delivery fails: it is pending,
//! then failed, and visible either way. A message's key is written when it is first recorded
//! and then only by attempts at least a minute apart (KV takes one write per second per key).

mod mailer;

pub use mailer::Mailer;

use chrono::{DateTime, Utc};
use worker::{Env, Result};

use village_shared::model::{DeliveryStatus, Message, MessageKind};
use village_shared::rules::delivery::{delivered, is_due, not_delivered, resend as reset_for_resend};
use village_shared::Language;

use crate::clock::now;
use crate::store::Store;

/// A new message id: sorts newest first.
pub fn new_message_id() -> String {
    crate::tokens::newest_first_id(now())
}

/// A new pending message; its id sorts newest first.
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

/// Try once at once, then record the message with the outcome in one write (and a marker
/// when it waits for a retry). A failure to record answers an error: the caller (a request,
/// or a group object's follow-up, which tries again) has not acknowledged it. A message sent
/// whose record then failed may go twice; it carries an `Idempotency-Key`, its id.
pub async fn enqueue(env: &Env, message: Message) -> Result<()> {
    let store = Store::from_env(env)?;
    let message = attempted(env, message).await;
    store.put_message(&message, true).await?;
    if message.status == DeliveryStatus::Pending {
        store.mark_pending(&message).await?;
    }
    Ok(())
}

/// Record for the scheduled job's next delivery pass, without trying now (the job writes
/// its messages first and delivers them after, so one that fails is retried, never lost).
pub async fn queue(env: &Env, mut message: Message) -> Result<()> {
    message.next_attempt_at = message.created_at;
    let store = Store::from_env(env)?;
    store.put_message(&message, true).await?;
    store.mark_pending(&message).await
}

/// An admin's "resend": back to pending with fresh attempts, and one attempt now. Returns the
/// message as it was before and after, or `None` when there is no such message.
pub async fn resend(env: &Env, id: &str) -> Result<Option<(Message, Message)>> {
    let store = Store::from_env(env)?;
    let Some(before) = store.message(id).await? else { return Ok(None) };
    if before.status == DeliveryStatus::Pending {
        store.clear_pending(&before).await?;
    }
    let after = attempted(env, reset_for_resend(before.clone(), now())).await;
    store.put_message(&after, false).await?;
    if after.status == DeliveryStatus::Pending {
        store.mark_pending(&after).await?;
    }
    Ok(Some((before, after)))
}

/// One delivery attempt: the message with its outcome.
async fn attempted(env: &Env, message: Message) -> Message {
    let at = now();
    match Mailer::from_env(env).send(&message).await {
        Ok(()) => delivered(message, at),
        Err(error) => {
            worker::console_warn!("message {} not delivered: {error}", message.id);
            not_delivered(message, at, &error)
        }
    }
}

/// A retry of the message waiting under `marker`: attempt, record the outcome, move the
/// marker to the next due time or clear it.
async fn retry(env: &Env, store: &Store, marker: &str, message: Message) -> Result<()> {
    let message = attempted(env, message).await;
    store.put_message(&message, false).await?;
    if message.status == DeliveryStatus::Pending {
        store.mark_pending(&message).await?;
    }
    store.clear_pending_key(marker).await
}

/// At most this many delivery attempts in one run (each costs about three subrequests; a
/// Worker invocation may make 1,000): the rest wait for the next run.
const ATTEMPTS_PER_RUN: usize = 100;

/// Retry pending messages whose time has come, soonest due first: one listing page of the
/// markers, stopping at the first not yet due. One that cannot be attempted is logged and
/// skipped: it never stops the others. Returns how many were attempted.
pub async fn deliver_due(env: &Env, at: DateTime<Utc>) -> Result<usize> {
    let store = Store::from_env(env)?;
    let mut attempted = 0;
    for (marker, id) in store.due_pending(at, ATTEMPTS_PER_RUN as u64).await? {
        let message = match store.message(&id).await {
            Ok(Some(message)) if message.status == DeliveryStatus::Pending => message,
            Ok(_) => {
                // Gone, or settled since (a resend): the marker has nothing left to do.
                store.clear_pending_key(&marker).await?;
                continue;
            }
            Err(e) => {
                worker::console_warn!("pending message {id} unreadable: {e}");
                continue;
            }
        };
        if !is_due(&message, at) {
            // A marker out of step with its message (an older layout): file it where it waits.
            store.mark_pending(&message).await?;
            store.clear_pending_key(&marker).await?;
            continue;
        }
        attempted += 1;
        if let Err(e) = retry(env, &store, &marker, message).await {
            worker::console_warn!("message {id}: attempt not recorded: {e}");
        }
    }
    Ok(attempted)
}
