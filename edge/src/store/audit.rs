//! The audit log in KV.
//!
//! | key | value |
//! |---|---|
//! | `audit:{id}` | `AuditEntry`, `{who, action, target}` beside the key; ids sort newest first. Kept [`AUDIT_RETENTION_SECS`] |
//! | `about:{sha256(part)}:{id}` | `""`: the entry is about this `signup:…` or `user:…` (a part of its target) |
//! | `by:{sha256(email)}:{id}` | `""`: the entry was written by this person |
//!
//! The viewer pages through the newest entries, filtering on what is listed beside each key; an
//! erasure finds the entries about a person through the two indexes, never by reading the log.

use worker::Result;

use village_shared::model::{AuditEntry, AuditTarget};

use super::{keys, Page, Store};

/// Entries are kept two years, then KV forgets them (and their index keys).
pub const AUDIT_RETENTION_SECS: u64 = 2 * 365 * 24 * 3600;
/// The viewer looks through at most this many listing pages for one answer (then offers "older").
const PAGES_PER_LOOK: usize = 10;

/// `?who=&action=&target=` of the audit log viewer.
#[derive(Default)]
pub struct AuditFilter {
    pub who: String,
    pub action: String,
    pub target: String,
}

impl AuditFilter {
    fn has(field: &str, needle: &str) -> bool {
        needle.is_empty() || field.to_lowercase().contains(&needle.to_lowercase())
    }

    fn matches(&self, e: &AuditEntry) -> bool {
        Self::has(&e.who, &self.who) && Self::has(&e.action, &self.action) && Self::has(&e.target, &self.target)
    }

    /// The same test on a key's metadata (the target there may be cut short: then it passes,
    /// and the entry itself decides).
    fn matches_metadata(&self, m: &serde_json::Value) -> bool {
        let field = |k: &str| m[k].as_str().unwrap_or_default().to_string();
        let target = field("target");
        Self::has(&field("who"), &self.who)
            && Self::has(&field("action"), &self.action)
            && (target.chars().count() >= 400 || Self::has(&target, &self.target))
    }
}

impl Store {
    /// Stored with who, what and on what beside the key, and filed under the people it is
    /// about and by — the index first, so an entry is never there without its way in.
    pub async fn put_audit(&self, entry: &AuditEntry) -> Result<()> {
        let ttl = Some(AUDIT_RETENTION_SECS);
        for part in AuditTarget::personal_parts(&entry.target) {
            let key = keys::ABOUT.within(&crate::tokens::digest(part), &entry.id);
            self.write(&key, String::new(), None, ttl).await?;
        }
        self.write(&keys::BY.within(&crate::tokens::digest(&entry.who), &entry.id), String::new(), None, ttl).await?;
        // KV metadata holds 1,024 bytes; targets are short, but never let one fail a write.
        let target: String = entry.target.chars().take(400).collect();
        let metadata = serde_json::json!({ "who": entry.who, "action": entry.action, "target": target });
        self.write(&keys::AUDIT.key(&entry.id), serde_json::to_string(entry)?, Some(metadata), ttl).await
    }

    /// The newest entries matching every given filter (case-insensitive substrings) from
    /// `cursor` on: at least `want` when there are that many within the pages looked at, and
    /// the cursor to look further.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        cursor: Option<String>,
        want: usize,
    ) -> Result<Page<AuditEntry>> {
        let mut items = Vec::new();
        let mut cursor = cursor;
        for _ in 0..PAGES_PER_LOOK {
            // A page no larger than what is wanted: every match on it can be read.
            let (keys, next) = self.list_page(keys::AUDIT.prefix(), cursor.take(), want as u64).await?;
            for (id, metadata) in keys {
                if metadata.as_ref().is_some_and(|m| !filter.matches_metadata(m)) {
                    continue;
                }
                if let Some(entry) = self.get::<AuditEntry>(&keys::AUDIT.key(&id)).await? {
                    if filter.matches(&entry) {
                        items.push(entry);
                    }
                }
            }
            cursor = next;
            if cursor.is_none() || items.len() >= want {
                break;
            }
        }
        Ok(Page { items, next: cursor })
    }

    /// Blank the before/after of entries about these target parts (an erased person's
    /// `signup:…`, `user:…`) and put `anonymous` for `who` where `who` is the erased person;
    /// when and what stay. Found through the indexes.
    pub async fn redact_audit(&self, parts: &[String], who: &str, anonymous: &str) -> Result<u32> {
        let mut ids = std::collections::BTreeSet::new();
        for part in parts {
            ids.extend(
                self.listing(&keys::ABOUT.scope(&crate::tokens::digest(part)), 100_000)
                    .await?
                    .into_iter()
                    .map(|(id, _)| id),
            );
        }
        let by = keys::BY.scope(&crate::tokens::digest(who));
        ids.extend(self.listing(&by, 100_000).await?.into_iter().map(|(id, _)| id));
        let mut redacted = 0;
        for id in ids {
            let Some(mut entry) = self.get::<AuditEntry>(&keys::AUDIT.key(&id)).await? else { continue };
            let is_about = AuditTarget::personal_parts(&entry.target).any(|part| parts.iter().any(|p| p == part));
            let is_by = entry.who == who;
            if is_about {
                entry.before = serde_json::json!("erased");
                entry.after = serde_json::json!("erased");
            }
            if is_by {
                entry.who = anonymous.to_string();
                self.delete(&format!("{by}{id}")).await?;
            }
            if is_about || is_by {
                self.put_audit(&entry).await?;
                redacted += 1;
            }
        }
        Ok(redacted)
    }
}
