//! Workers KV: the documents that are read. Key layout (one place, see ARCHITECTURE.md):
//!
//! | key                       | value            | written by                          |
//! |---------------------------|------------------|-------------------------------------|
//! | `group:{id}`              | `Group`          | dashboard group routes (and dev seeding) |
//! | `group-private:{id}`      | `GroupPrivate`   | dashboard group routes (and dev seeding) |
//! | `catalogue`               | `Catalogue`      | `CatalogueIndex` object only        |
//! | `signup:{id}`             | (no longer written: an old copy is deleted by erasure) |     |
//! | `manage:{sha256(token)}`  | `ManageKey`      | the group's `GroupSeats` object only|
//! | `history:{sha256(email)}:{group}` | `Participation` | that group's `GroupSeats` (attendance); dev seeding; erase |
//! | `outbox:{time}-{id}`      | `Message`        | its creator, then delivery attempts  |
//! | `subscriber:{sha256(email)}` | `StoredSubscriber` | the subscription routes        |
//! | `sub-token:{sha256(token)}` | `SubscriptionToken` (with a requested change: one use) | the subscription routes |
//! | `notify:{group}:{sha256(email)}` | email (ask about a group's opening) | subscription routes; the scheduled job deletes it once told |
//! | `user:{sha256(email)}`    | `AdminUser`      | admin routes, `cargo xtask admin add` |
//! | `session:{sha256(id)}`    | `AdminSession`   | sign-in / sign-out (expires in 12 h) |
//! | `audit:{time}-{id}`       | `AuditEntry`     | every dashboard write                |
//! | `pending:{time}-{id}`     | `""`             | marks an undelivered message         |
//!
//! KV has no compare-and-swap and takes about one write per second per key, so every key has
//! exactly one writer, and anything counted under concurrency lives in a Durable Object.

use serde::{de::DeserializeOwned, Serialize};
use worker::{Env, KvStore, Result};

use village_shared::api::seat_protocol::ManageKey;
use village_shared::api::Catalogue;
use village_shared::model::{AdminUser, AuditEntry, Group, GroupPrivate, Message, Subscriber};
use village_shared::rules::eligibility::Participation;
use village_shared::rules::progress::SubscriberFacts;

pub const KV_BINDING: &str = "VILLAGE";
/// How long a link that applies a requested subscription change stays usable.
const CHANGE_TOKEN_TTL_SECS: u64 = 7 * 24 * 3600;

pub fn group_key(id: &str) -> String {
    format!("group:{id}")
}
pub const CATALOGUE_KEY: &str = "catalogue";
/// Only in stores written before signups lived in their group's object alone.
pub fn signup_key(id: &str) -> String {
    format!("signup:{id}")
}
pub fn manage_key(token_digest: &str) -> String {
    format!("manage:{token_digest}")
}

/// One line per person per group, so each group's object is the only writer of its lines;
/// keyed by a digest so KV listings never show email addresses.
pub fn history_key(email_digest: &str, group_id: &str) -> String {
    format!("history:{email_digest}:{group_id}")
}

/// A subscriber with the two secrets of their links (kept here so every later message can
/// carry the unsubscribe link; the lookup keys are only the tokens' hashes).
#[derive(serde::Serialize, serde::Deserialize, Clone)]
pub struct StoredSubscriber {
    pub subscriber: Subscriber,
    pub confirm_token: String,
    pub unsubscribe_token: String,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    Confirm,
    Unsubscribe,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct SubscriptionToken {
    pub email: String,
    pub purpose: TokenPurpose,
    /// What someone asked to change on an existing subscription: applied only when the
    /// address's owner follows this (one-use) confirmation link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<village_shared::api::SubscribeRequest>,
}

/// A dashboard session: who, and the token that state-changing requests must echo (CSRF).
#[derive(serde::Serialize, serde::Deserialize, Clone)]
pub struct AdminSession {
    pub email: String,
    pub csrf: String,
    pub expires_at: i64,
}

pub const SESSION_TTL_SECS: u64 = 12 * 60 * 60;

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

/// What is filed under a person's email digest outside the groups' rosters.
pub struct PersonRecords {
    pub history: Vec<Participation>,
    pub subscriber: Option<StoredSubscriber>,
    /// Groups whose opening they asked to hear about.
    pub watching: Vec<String>,
}

pub struct Store {
    kv: KvStore,
}

impl Store {
    pub fn from_env(env: &Env) -> Result<Store> {
        Ok(Store { kv: env.kv(KV_BINDING)? })
    }

    async fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        Ok(self.kv.get(key).json::<T>().await?)
    }

    async fn put<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        self.kv.put(key, serde_json::to_string(value)?)?.execute().await?;
        Ok(())
    }

    /// `None` for an id no group could have (never a KV error for an overlong key).
    pub async fn group(&self, id: &str) -> Result<Option<Group>> {
        if !village_shared::api::is_group_id(id) {
            return Ok(None);
        }
        self.get(&group_key(id)).await
    }

    pub async fn put_group(&self, group: &Group) -> Result<()> {
        self.put(&group_key(&group.id), group).await
    }

    /// Every group, whatever its state (a KV listing plus one read each: dashboard and
    /// scheduled-job use, never on a public request).
    pub async fn groups(&self) -> Result<Vec<Group>> {
        let mut out = Vec::new();
        for id in self.ids("group:", 10_000).await? {
            out.extend(self.group(&id).await?);
        }
        Ok(out)
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.kv.delete(key).await?;
        Ok(())
    }

    /// Every subscriber (the export and the overview).
    pub async fn subscribers(&self) -> Result<Vec<StoredSubscriber>> {
        let mut out = Vec::new();
        for digest in self.ids("subscriber:", 100_000).await? {
            out.extend(self.get::<StoredSubscriber>(&format!("subscriber:{digest}")).await?);
        }
        Ok(out)
    }

    /// Everything filed under this email's digest, outside the groups' rosters: attendance
    /// history, updates-list entry, opening watches (for a person's export and erasure).
    pub async fn person_records(&self, email: &str) -> Result<PersonRecords> {
        let digest = crate::tokens::digest(email);
        let mut watching = Vec::new();
        for key in self.ids("notify:", 100_000).await? {
            if let Some(group) = key.strip_suffix(&format!(":{digest}")) {
                watching.push(group.to_string());
            }
        }
        Ok(PersonRecords { history: self.history(email).await?, subscriber: self.subscriber(email).await?, watching })
    }

    /// Delete a person's history, updates-list entry (with its link tokens) and opening
    /// watches.
    pub async fn erase_person_records(&self, email: &str, records: &PersonRecords) -> Result<()> {
        let digest = crate::tokens::digest(email);
        self.delete_history(email).await?;
        if let Some(stored) = &records.subscriber {
            for token in [&stored.confirm_token, &stored.unsubscribe_token] {
                self.delete(&format!("sub-token:{}", crate::tokens::digest(token))).await?;
            }
            self.delete(&format!("subscriber:{digest}")).await?;
        }
        for (token_digest, metadata) in self.listing("sub-token:", 1_000_000).await? {
            if metadata.as_ref().and_then(|m| m["to"].as_str()) == Some(digest.as_str()) {
                self.delete(&format!("sub-token:{token_digest}")).await?;
            }
        }
        for group in &records.watching {
            self.delete(&format!("notify:{group}:{digest}")).await?;
        }
        Ok(())
    }

    /// Messages sent to this address, oldest first.
    pub async fn messages_to(&self, email: &str) -> Result<Vec<Message>> {
        let digest = crate::tokens::digest(email);
        let mut out = Vec::new();
        for (id, metadata) in self.listing("outbox:", 1_000_000).await? {
            let maybe_theirs = metadata.as_ref().and_then(|m| m["to"].as_str()).is_none_or(|to| to == digest);
            if maybe_theirs {
                out.extend(self.message(&id).await?.filter(|m| m.to == email));
            }
        }
        Ok(out)
    }

    /// Every key whose name or value contains `needle` (development: proving an erasure).
    pub async fn keys_containing(&self, needle: &str) -> Result<Vec<String>> {
        let mut found = Vec::new();
        for key in self.ids("", 100_000).await? {
            let value = self.kv.get(&key).text().await?.unwrap_or_default();
            if key.contains(needle) || value.contains(needle) {
                found.push(key);
            }
        }
        Ok(found)
    }

    /// Meeting link and address: only ever shown to confirmed people.
    pub async fn group_private(&self, id: &str) -> Result<Option<GroupPrivate>> {
        self.get(&format!("group-private:{id}")).await
    }

    pub async fn put_group_private(&self, id: &str, private: &GroupPrivate) -> Result<()> {
        self.put(&format!("group-private:{id}"), private).await
    }

    /// The whole catalogue in one read.
    pub async fn catalogue(&self) -> Result<Option<Catalogue>> {
        self.get(CATALOGUE_KEY).await
    }

    pub async fn put_catalogue(&self, catalogue: &Catalogue) -> Result<()> {
        self.put(CATALOGUE_KEY, catalogue).await
    }

    /// Signups were once copied to KV as well (never read); an erasure removes any such copy.
    pub async fn delete_legacy_signup_copy(&self, id: &str) -> Result<()> {
        self.kv.delete(&signup_key(id)).await?;
        Ok(())
    }

    pub async fn manage_key(&self, token_digest: &str) -> Result<Option<ManageKey>> {
        self.get(&manage_key(token_digest)).await
    }

    /// What this person has attended and completed (empty for someone new): their lines, one
    /// per group.
    pub async fn history(&self, email: &str) -> Result<Vec<Participation>> {
        let prefix = format!("history:{}:", crate::tokens::digest(email));
        let mut lines = Vec::new();
        for group in self.ids(&prefix, 10_000).await? {
            lines.extend(self.get::<Participation>(&format!("{prefix}{group}")).await?);
        }
        Ok(lines)
    }

    /// This group's line of the person's history (written by the group's object only).
    pub async fn put_history_line(&self, email: &str, line: &Participation) -> Result<()> {
        self.put(&history_key(&crate::tokens::digest(email), &line.group_id), line).await
    }

    /// Replace a person's whole history (development seeding).
    pub async fn put_history(&self, email: &str, history: &[Participation]) -> Result<()> {
        self.delete_history(email).await?;
        for line in history {
            self.put_history_line(email, line).await?;
        }
        Ok(())
    }

    async fn delete_history(&self, email: &str) -> Result<()> {
        let prefix = format!("history:{}:", crate::tokens::digest(email));
        for group in self.ids(&prefix, 10_000).await? {
            self.delete(&format!("{prefix}{group}")).await?;
        }
        Ok(())
    }

    pub async fn delete_manage_key(&self, token_digest: &str) -> Result<()> {
        self.delete(&manage_key(token_digest)).await
    }

    /// Stored with the recipient's hash as metadata, so a person's messages are found by
    /// listing.
    pub async fn put_message(&self, message: &Message) -> Result<()> {
        let metadata = serde_json::json!({ "to": crate::tokens::digest(&message.to) });
        self.put_with_metadata(&format!("outbox:{}", message.id), message, metadata).await
    }

    pub async fn message(&self, id: &str) -> Result<Option<Message>> {
        self.get(&format!("outbox:{id}")).await
    }

    pub async fn mark_pending(&self, id: &str) -> Result<()> {
        self.kv.put(&format!("pending:{id}"), "")?.execute().await?;
        Ok(())
    }

    pub async fn clear_pending(&self, id: &str) -> Result<()> {
        self.kv.delete(&format!("pending:{id}")).await?;
        Ok(())
    }

    /// Ids under a prefix, oldest first (ids start with their creation time).
    async fn ids(&self, prefix: &str, limit: u64) -> Result<Vec<String>> {
        Ok(self.listing(prefix, limit).await?.into_iter().map(|(id, _)| id).collect())
    }

    /// Ids under a prefix with the metadata stored beside each key. A listing costs one KV
    /// operation per 1,000 keys, where reading every value would cost one each (and a Worker
    /// invocation may make 1,000): searches look at metadata and read only what matches.
    async fn listing(&self, prefix: &str, limit: u64) -> Result<Vec<(String, Option<serde_json::Value>)>> {
        let mut ids = Vec::new();
        let mut cursor = None;
        loop {
            let mut list = self.kv.list().prefix(prefix.to_string()).limit(1000);
            if let Some(c) = cursor.take() {
                list = list.cursor(c);
            }
            let page = list.execute().await?;
            ids.extend(page.keys.into_iter().map(|k| (k.name[prefix.len()..].to_string(), k.metadata)));
            if page.list_complete || ids.len() as u64 >= limit {
                break;
            }
            cursor = page.cursor;
            if cursor.is_none() {
                break;
            }
        }
        ids.truncate(limit as usize);
        Ok(ids)
    }

    async fn put_with_metadata<T: Serialize>(&self, key: &str, value: &T, metadata: serde_json::Value) -> Result<()> {
        self.kv.put(key, serde_json::to_string(value)?)?.metadata(metadata)?.execute().await?;
        Ok(())
    }

    pub async fn pending_ids(&self) -> Result<Vec<String>> {
        self.ids("pending:", 10_000).await
    }

    /// Every message, oldest first (for the development outbox view; admins get a paged view).
    /// The newest `n` messages, oldest of them first (the dashboard's outbox).
    pub async fn newest_messages(&self, n: usize) -> Result<Vec<Message>> {
        let ids = self.ids("outbox:", 1_000_000).await?;
        let mut out = Vec::new();
        for id in &ids[ids.len().saturating_sub(n)..] {
            out.extend(self.message(id).await?);
        }
        Ok(out)
    }

    pub async fn subscriber(&self, email: &str) -> Result<Option<StoredSubscriber>> {
        self.get(&format!("subscriber:{}", crate::tokens::digest(email))).await
    }

    /// Stored with its state and date as metadata, so the overview counts without reading.
    pub async fn put_subscriber(&self, stored: &StoredSubscriber) -> Result<()> {
        let s = &stored.subscriber;
        let metadata = serde_json::json!({ "status": s.status, "created_at": s.created_at });
        self.put_with_metadata(&format!("subscriber:{}", crate::tokens::digest(&s.email)), stored, metadata).await
    }

    /// Every subscriber's state and date (the overview's counts).
    pub async fn subscriber_facts(&self) -> Result<Vec<SubscriberFacts>> {
        let mut out = Vec::new();
        for (digest, metadata) in self.listing("subscriber:", 1_000_000).await? {
            match metadata.and_then(|m| serde_json::from_value::<SubscriberFacts>(m).ok()) {
                Some(facts) => out.push(facts),
                None => {
                    let stored = self.get::<StoredSubscriber>(&format!("subscriber:{digest}")).await?;
                    out.extend(
                        stored.map(|s| SubscriberFacts {
                            status: s.subscriber.status,
                            created_at: s.subscriber.created_at,
                        }),
                    );
                }
            }
        }
        Ok(out)
    }

    pub async fn subscription_token(&self, token: &str) -> Result<Option<SubscriptionToken>> {
        self.get(&format!("sub-token:{}", crate::tokens::digest(token))).await
    }

    pub async fn delete_subscription_token(&self, token: &str) -> Result<()> {
        self.kv.delete(&format!("sub-token:{}", crate::tokens::digest(token))).await?;
        Ok(())
    }

    /// Filed with the owner's email digest beside it, so an erasure finds every token of
    /// theirs, also one left by a subscription sent twice at once.
    pub async fn put_subscription_token(&self, token: &str, value: &SubscriptionToken) -> Result<()> {
        let key = format!("sub-token:{}", crate::tokens::digest(token));
        let metadata = serde_json::json!({ "to": crate::tokens::digest(&value.email) });
        let mut put = self.kv.put(&key, serde_json::to_string(value)?)?.metadata(metadata)?;
        if value.change.is_some() {
            // A requested change the owner never confirms is forgotten after a week.
            put = put.expiration_ttl(CHANGE_TOKEN_TTL_SECS);
        }
        put.execute().await?;
        Ok(())
    }

    /// Remember that `email` wants to hear when `group_id` opens.
    pub async fn add_opening_watch(&self, group_id: &str, email: &str) -> Result<()> {
        self.kv.put(&format!("notify:{group_id}:{}", crate::tokens::digest(email)), email)?.execute().await?;
        Ok(())
    }

    /// Every open "tell me when it opens" watch as (group, email digest), in one listing.
    pub async fn opening_watches(&self) -> Result<Vec<(String, String)>> {
        Ok(self
            .ids("notify:", 1_000_000)
            .await?
            .into_iter()
            .filter_map(|key| key.rsplit_once(':').map(|(group, digest)| (group.to_string(), digest.to_string())))
            .collect())
    }

    /// The email behind a watch (its value).
    pub async fn watch_email(&self, group_id: &str, digest: &str) -> Result<Option<String>> {
        Ok(self.kv.get(&format!("notify:{group_id}:{digest}")).text().await?)
    }

    /// A watch that has been answered (or can no longer be).
    pub async fn forget_opening_watch(&self, group_id: &str, digest: &str) -> Result<()> {
        self.delete(&format!("notify:{group_id}:{digest}")).await
    }

    pub async fn admin_user(&self, email: &str) -> Result<Option<AdminUser>> {
        self.get(&format!("user:{}", crate::tokens::digest(email))).await
    }

    pub async fn put_admin_user(&self, user: &AdminUser) -> Result<()> {
        self.put(&format!("user:{}", crate::tokens::digest(&user.email)), user).await
    }

    /// Forget a dashboard user (their sessions die with the record: every request reads it).
    pub async fn delete_admin_user(&self, email: &str) -> Result<()> {
        self.delete(&format!("user:{}", crate::tokens::digest(email))).await
    }

    /// Every dashboard user, found by listing their keys: a shared index document would be
    /// read and rewritten by two invitations at once and lose one of them.
    pub async fn admin_users(&self) -> Result<Vec<AdminUser>> {
        let mut users = Vec::new();
        for digest in self.ids("user:", 10_000).await? {
            users.extend(self.get::<AdminUser>(&format!("user:{digest}")).await?);
        }
        users.sort_by(|a, b| a.email.cmp(&b.email));
        Ok(users)
    }

    pub async fn group_private_or_default(&self, id: &str) -> Result<GroupPrivate> {
        Ok(self.group_private(id).await?.unwrap_or_default())
    }

    /// Stored with who, what and on what as metadata, so the viewer's filters and an erasure
    /// read only the entries that match.
    pub async fn put_audit(&self, entry: &AuditEntry) -> Result<()> {
        // KV metadata holds 1,024 bytes; targets are short, but never let one fail a write.
        let target: String = entry.target.chars().take(400).collect();
        let metadata = serde_json::json!({ "who": entry.who, "action": entry.action, "target": target });
        self.put_with_metadata(&format!("audit:{}", entry.id), entry, metadata).await
    }

    /// Audit entries matching every given filter (case-insensitive substrings), newest first.
    pub async fn audit_matching(&self, filter: &AuditFilter, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for (id, metadata) in self.listing("audit:", 1_000_000).await?.into_iter().rev() {
            if out.len() >= limit {
                break;
            }
            if metadata.as_ref().is_some_and(|m| !filter.matches_metadata(m)) {
                continue;
            }
            if let Some(entry) = self.get::<AuditEntry>(&format!("audit:{id}")).await? {
                if filter.matches(&entry) {
                    out.push(entry);
                }
            }
        }
        Ok(out)
    }

    /// Blank the before/after of audit entries about these targets (an erased person's notes,
    /// removal reasons, dashboard account), and put `anonymous` for `who` where `who` is the
    /// erased person; when and what stay.
    pub async fn redact_audit(&self, target_parts: &[String], who: &str, anonymous: &str) -> Result<u32> {
        let about = |target: &str| target_parts.iter().any(|part| target.contains(part.as_str()));
        let mut redacted = 0;
        for (id, metadata) in self.listing("audit:", 1_000_000).await? {
            let listed =
                metadata.as_ref().map(|m| (m["target"].as_str().unwrap_or(""), m["who"].as_str().unwrap_or("")));
            if listed.is_some_and(|(target, by)| !about(target) && by != who && target.chars().count() < 400) {
                continue;
            }
            let Some(mut entry) = self.get::<AuditEntry>(&format!("audit:{id}")).await? else { continue };
            let (is_about, is_by) = (about(&entry.target), entry.who == who);
            if is_about {
                entry.before = serde_json::json!("erased");
                entry.after = serde_json::json!("erased");
            }
            if is_by {
                entry.who = anonymous.to_string();
            }
            if is_about || is_by {
                self.put_audit(&entry).await?;
                redacted += 1;
            }
        }
        Ok(redacted)
    }

    pub async fn session(&self, id: &str) -> Result<Option<AdminSession>> {
        self.get(&format!("session:{}", crate::tokens::digest(id))).await
    }

    pub async fn put_session(&self, id: &str, session: &AdminSession) -> Result<()> {
        let key = format!("session:{}", crate::tokens::digest(id));
        // KV forgets it after the session's life (at least KV's minimum of 60 s; the
        // `expires_at` check is exact).
        let ttl = (session.expires_at - crate::clock::now().timestamp()).max(60) as u64;
        let metadata = serde_json::json!({ "who": crate::tokens::digest(&session.email) });
        self.kv.put(&key, serde_json::to_string(session)?)?.expiration_ttl(ttl).metadata(metadata)?.execute().await?;
        Ok(())
    }

    /// End every session of this user (an erasure).
    pub async fn delete_sessions_of(&self, email: &str) -> Result<()> {
        let who = crate::tokens::digest(email);
        for (id, metadata) in self.listing("session:", 1_000_000).await? {
            if metadata.as_ref().and_then(|m| m["who"].as_str()) == Some(who.as_str()) {
                self.delete(&format!("session:{id}")).await?;
            }
        }
        Ok(())
    }

    pub async fn delete_session(&self, id: &str) -> Result<()> {
        self.kv.delete(&format!("session:{}", crate::tokens::digest(id))).await?;
        Ok(())
    }

    pub async fn put_manage_key(&self, token_digest: &str, key: &ManageKey) -> Result<()> {
        self.put(&manage_key(token_digest), key).await
    }
}
