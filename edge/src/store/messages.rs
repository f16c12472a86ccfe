//! The outbox in KV. A message is written once when it is first recorded (after its first
//! attempt) and again only when a later attempt, at least a minute on, settles it: no key is
//! written twice within a second (KV's per-key rate).
//!
//! | key | value |
//! |---|---|
//! | `outbox:{id}` | `Message`; ids sort newest first, so the dashboard's pages list in order. Kept [`MESSAGE_RETENTION_SECS`] after it is settled (KV expires it) |
//! | `pending:{due ms}:{id}` | `""` while a message waits for an attempt, keyed by when it is due: the scheduled job lists only the first page and stops at the first not yet due |

use chrono::{DateTime, Utc};
use worker::Result;

use village_shared::model::{DeliveryStatus, Message};

use super::{keys, Filed, Page, Store};

/// Sent and failed messages are kept this long (then KV forgets them, and the person's index
/// entry with them): 180 days.
pub const MESSAGE_RETENTION_SECS: u64 = 180 * 24 * 3600;
/// An index entry outlives its message a little (a message may stay pending for hours first).
const FILED_MESSAGE_TTL_SECS: u64 = MESSAGE_RETENTION_SECS + 7 * 24 * 3600;

fn outbox_key(id: &str) -> String {
    keys::OUTBOX.key(id)
}

/// Where a pending message waits: by due time, so a listing is in due order.
fn pending_key(message: &Message) -> String {
    keys::PENDING.within(&format!("{:013}", message.next_attempt_at.timestamp_millis().max(0)), &message.id)
}

impl Store {
    /// Record a message (its recipient's digest beside the key); a settled one expires after
    /// the retention. `first`: it is new, so it is filed under its recipient too — first: the
    /// message's own key is what says it exists (a retry after a crash between the two writes
    /// finds no message and writes both again; an entry whose message never came reads as
    /// nothing).
    pub async fn put_message(&self, message: &Message, first: bool) -> Result<()> {
        let digest = crate::tokens::digest(&message.to);
        if first {
            self.file(&digest, &Filed::Message { id: message.id.clone() }, Some(FILED_MESSAGE_TTL_SECS)).await?;
        }
        let metadata = serde_json::json!({ "to": digest });
        let ttl = (message.status != DeliveryStatus::Pending).then_some(MESSAGE_RETENTION_SECS);
        self.write(&outbox_key(&message.id), serde_json::to_string(message)?, Some(metadata), ttl).await
    }

    pub async fn message(&self, id: &str) -> Result<Option<Message>> {
        self.get(&outbox_key(id)).await
    }

    /// Mark a message as waiting for its attempt at `next_attempt_at`.
    pub async fn mark_pending(&self, message: &Message) -> Result<()> {
        self.write(&pending_key(message), String::new(), None, None).await
    }

    /// The message no longer waits at that time (settled, or due at another).
    pub async fn clear_pending(&self, message: &Message) -> Result<()> {
        self.delete(&pending_key(message)).await
    }

    /// Ids of pending messages due by `at`, soonest first, at most `limit` (one listing page).
    /// A marker in an older layout (`pending:{id}`) is due at once.
    pub async fn due_pending(&self, at: DateTime<Utc>, limit: u64) -> Result<Vec<(String, String)>> {
        let (keys, _) = self.list_page(keys::PENDING.prefix(), None, limit).await?;
        let mut due = Vec::new();
        for (rest, _) in keys {
            let (due_ms, id) = match rest.split_once(':') {
                Some((ms, id)) => (ms.parse::<i64>().unwrap_or(0), id.to_string()),
                None => (0, rest.clone()),
            };
            if due_ms > at.timestamp_millis() {
                break; // the rest are later still
            }
            due.push((keys::PENDING.key(&rest), id));
        }
        Ok(due)
    }

    /// Forget a marker by its key (one whose message is gone).
    pub async fn clear_pending_key(&self, key: &str) -> Result<()> {
        self.delete(key).await
    }

    /// One page of the outbox, newest first.
    pub async fn messages_page(&self, cursor: Option<String>, size: u64) -> Result<Page<Message>> {
        let (keys, next) = self.list_page(keys::OUTBOX.prefix(), cursor, size).await?;
        let mut items = Vec::new();
        for (id, _) in keys {
            items.extend(self.message(&id).await?);
        }
        Ok(Page { items, next })
    }

    /// The messages filed under a person, oldest first (those past retention are gone).
    pub async fn messages_to(&self, email: &str, filed: &[Filed]) -> Result<Vec<Message>> {
        let mut out = Vec::new();
        for filed in filed {
            if let Filed::Message { id } = filed {
                out.extend(self.message(id).await?.filter(|m| m.to == email));
            }
        }
        out.sort_by_key(|m| m.created_at);
        Ok(out)
    }
}
