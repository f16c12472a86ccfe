//! Workers KV: the documents that are read. Key layout (one place, see ARCHITECTURE.md):
//!
//! | key                       | value            | written by                          |
//! |---------------------------|------------------|-------------------------------------|
//! | `group:{id}`              | `Group`          | dashboard group routes (and dev seeding) |
//! | `group-private:{id}`      | `GroupPrivate`   | dashboard group routes (and dev seeding) |
//! | `listed:{id}`             | `GroupSummary` + `CatalogueFacts` metadata | `CatalogueIndex` object only (a published group's card) |
//! | `signup:{id}`             | (no longer written: an old copy is deleted by erasure) |     |
//! | `manage:{sha256(token)}`  | `ManageKey` (links made before links named their group) | the group's `GroupSeats` object only|
//! | `history:{sha256(email)}:{group}` | `Participation` | that group's `GroupSeats` (attendance); dev seeding; erase |
//! | `outbox:{id}`, `pending:{due}:{id}` | `Message`, marker | see `messages.rs` (ids newest first; kept 180 days) |
//! | `person:{sha256(email)}:…` | `""`            | the per-person index, see `people.rs` |
//! | `subscriber:{sha256(email)}` | `StoredSubscriber` | the subscription routes        |
//! | `sub-token:{sha256(token)}` | `SubscriptionToken` (with a requested change: one use) | the subscription routes |
//! | `notify:{group}:{sha256(email)}` | email (ask about a group's opening) | subscription routes; the scheduled job deletes it once told |
//! | `user:{sha256(email)}`    | `AdminUser`      | admin routes, `cargo xtask admin add` |
//! | `session:{sha256(id)}`    | `AdminSession`   | sign-in / sign-out (expires in 12 h) |
//! | `audit:{id}`, `about:…`, `by:…` | `AuditEntry`, index | every dashboard write, see `audit.rs` (kept two years) |
//! | `board:{group}:{post}`    | `""` + `PostSummary` metadata | the post's group's object, see `board.rs` |
//! | `directory:{id}`          | `DirectoryEntry` + `EntrySummary` metadata | dashboard directory routes, see `directory.rs` |
//! | `directory-report:{entry}:{id}` | `DirectoryReport` (also its metadata; 180 days) | the public report route; cleared when the entry is checked |
//!
//! KV has no compare-and-swap and takes about one write per second per key, so every key has
//! exactly one writer, and anything counted under concurrency lives in a Durable Object.

mod audit;
mod board;
mod directory;
pub mod keys;
mod messages;
mod people;

pub use audit::AuditFilter;
pub use people::{Filed, PersonRecords};

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use worker::{Env, KvStore, Result};

use village_shared::api::seat_protocol::ManageKey;
use village_shared::api::{CatalogueFacts, GroupSummary};
use village_shared::model::{AdminUser, Group, GroupPrivate, Publication, Subscriber};
use village_shared::rules::eligibility::Participation;
use village_shared::rules::progress::SubscriberFacts;

pub const KV_BINDING: &str = "VILLAGE";
/// How long a link that applies a requested subscription change stays usable.
const CHANGE_TOKEN_TTL_SECS: u64 = 7 * 24 * 3600;


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

/// One page of a listing, and where the next one starts (`?cursor=` of a paged answer).
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// What a `group:` key carries beside it: enough to sort, page and skip archived groups.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Listed {
    pub status: Publication,
    /// The first session's start (Unix seconds).
    #[serde(default)]
    pub starts: Option<i64>,
}

pub struct Store {
    kv: KvStore,
}

impl Store {
    pub fn from_env(env: &Env) -> Result<Store> {
        Ok(Store { kv: env.kv(KV_BINDING)? })
    }

    // Every KV operation goes through these five, which count it (`crate::cost`).

    /// A value parsed by serde_json, as `put` wrote it (not by the binding's `json`, which
    /// parses in JS: see `objects::command_of` for why not).
    async fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let text = self.get_text(key).await?;
        Ok(text.map(|text| serde_json::from_str(&text)).transpose()?)
    }

    async fn get_text(&self, key: &str) -> Result<Option<String>> {
        crate::cost::count(|c| c.kv_reads += 1);
        Ok(self.kv.get(key).text().await?)
    }

    async fn put<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        self.write(key, serde_json::to_string(value)?, None, None).await
    }

    /// One write, with the metadata listed beside the key and a time to live.
    async fn write(&self, key: &str, body: String, metadata: Option<serde_json::Value>, ttl: Option<u64>) -> Result<()> {
        crate::cost::count(|c| c.kv_writes += 1);
        let mut put = self.kv.put(key, body)?;
        if let Some(metadata) = metadata {
            put = put.metadata(metadata)?;
        }
        if let Some(ttl) = ttl {
            put = put.expiration_ttl(ttl);
        }
        put.execute().await?;
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<()> {
        crate::cost::count(|c| c.kv_deletes += 1);
        self.kv.delete(key).await?;
        Ok(())
    }

    /// `None` for an id no group could have (never a KV error for an overlong key).
    pub async fn group(&self, id: &str) -> Result<Option<Group>> {
        if !village_shared::api::is_group_id(id) {
            return Ok(None);
        }
        self.get(&keys::GROUP.key(id)).await
    }

    /// Stored with its state and first session beside the key, so the dashboard's list sorts
    /// and pages, and the overview skips archived groups, without reading every group.
    pub async fn put_group(&self, group: &Group) -> Result<()> {
        let listed = Listed { status: group.status, starts: group.first_session().map(|s| s.starts_at.timestamp()) };
        self.write(&keys::GROUP.key(&group.id), serde_json::to_string(group)?, Some(serde_json::to_value(listed)?), None).await
    }

    /// Every group's id with its listed state (one KV operation per 1,000 groups; a group
    /// stored before states were listed reads as `None`).
    pub async fn group_listing(&self) -> Result<Vec<(String, Option<Listed>)>> {
        Ok(self
            .listing(keys::GROUP.prefix(), 100_000)
            .await?
            .into_iter()
            .map(|(id, metadata)| (id, metadata.and_then(|m| serde_json::from_value(m).ok())))
            .collect())
    }

    /// One page of the updates list (the export), in key order.
    pub async fn subscribers_page(&self, cursor: Option<String>, size: u64) -> Result<Page<StoredSubscriber>> {
        let (keys, next) = self.list_page(keys::SUBSCRIBER.prefix(), cursor, size).await?;
        let mut items = Vec::new();
        for (digest, _) in keys {
            items.extend(self.get::<StoredSubscriber>(&keys::SUBSCRIBER.key(&digest)).await?);
        }
        Ok(Page { items, next })
    }

    /// Every key whose name or value contains `needle` (development: proving an erasure).
    pub async fn keys_containing(&self, needle: &str) -> Result<Vec<String>> {
        let mut found = Vec::new();
        for key in self.ids("", 100_000).await? {
            let value = self.get_text(&key).await?.unwrap_or_default();
            if key.contains(needle) || value.contains(needle) {
                found.push(key);
            }
        }
        Ok(found)
    }

    /// Meeting link and address: only ever shown to confirmed people.
    pub async fn group_private(&self, id: &str) -> Result<Option<GroupPrivate>> {
        self.get(&keys::GROUP_PRIVATE.key(id)).await
    }

    pub async fn put_group_private(&self, id: &str, private: &GroupPrivate) -> Result<()> {
        self.put(&keys::GROUP_PRIVATE.key(id), private).await
    }

    /// What the catalogue finds each published group by (one KV operation per 1,000 groups;
    /// a listing too new or too old to read is left out).
    pub async fn catalogue_facts(&self) -> Result<Vec<CatalogueFacts>> {
        Ok(self
            .listing(keys::LISTED.prefix(), 100_000)
            .await?
            .into_iter()
            .filter_map(|(_, metadata)| serde_json::from_value(metadata?).ok())
            .collect())
    }

    /// The cards of these published groups, read at once (one KV read each; one gone since it
    /// was listed is left out).
    pub async fn catalogue_cards(&self, ids: &[String]) -> Result<Vec<GroupSummary>> {
        let reads = ids.iter().map(|id| async move { self.get::<GroupSummary>(&keys::LISTED.key(id)).await });
        let cards = futures_util::future::join_all(reads).await;
        Ok(cards.into_iter().collect::<Result<Vec<_>>>()?.into_iter().flatten().collect())
    }

    pub async fn put_catalogue_card(&self, card: &GroupSummary) -> Result<()> {
        self.put_with_metadata(&keys::LISTED.key(&card.id), card, serde_json::to_value(CatalogueFacts::of(card))?).await
    }

    pub async fn delete_catalogue_card(&self, id: &str) -> Result<()> {
        self.delete(&keys::LISTED.key(id)).await
    }

    pub async fn delete_whole_catalogue(&self) -> Result<()> {
        self.delete(keys::WHOLE_CATALOGUE).await
    }

    /// Signups were once copied to KV as well (never read); an erasure removes any such copy.
    pub async fn delete_legacy_signup_copy(&self, id: &str) -> Result<()> {
        self.delete(&keys::LEGACY_SIGNUP.key(id)).await
    }

    pub async fn manage_key(&self, token_digest: &str) -> Result<Option<ManageKey>> {
        self.get(&keys::MANAGE.key(token_digest)).await
    }

    /// What this person has attended and completed (empty for someone new): their lines, one
    /// per group.
    pub async fn history(&self, email: &str) -> Result<Vec<Participation>> {
        let prefix = keys::HISTORY.scope(&crate::tokens::digest(email));
        let mut lines = Vec::new();
        for group in self.ids(&prefix, 10_000).await? {
            lines.extend(self.get::<Participation>(&format!("{prefix}{group}")).await?);
        }
        Ok(lines)
    }

    /// This group's line of the person's history (written by the group's object only).
    pub async fn put_history_line(&self, email: &str, line: &Participation) -> Result<()> {
        self.put(&keys::HISTORY.within(&crate::tokens::digest(email), &line.group_id), line).await
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
        let prefix = keys::HISTORY.scope(&crate::tokens::digest(email));
        for group in self.ids(&prefix, 10_000).await? {
            self.delete(&format!("{prefix}{group}")).await?;
        }
        Ok(())
    }

    pub async fn delete_manage_key(&self, token_digest: &str) -> Result<()> {
        self.delete(&keys::MANAGE.key(token_digest)).await
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
            let (page, next) = self.list_page(prefix, cursor, 1000).await?;
            ids.extend(page);
            cursor = next;
            if cursor.is_none() || ids.len() as u64 >= limit {
                break;
            }
        }
        ids.truncate(limit as usize);
        Ok(ids)
    }

    /// One listing page: at most `size` (≤ 1,000) ids under `prefix` with their metadata, and
    /// the cursor of the next page, if there is one.
    async fn list_page(
        &self,
        prefix: &str,
        cursor: Option<String>,
        size: u64,
    ) -> Result<(Vec<(String, Option<serde_json::Value>)>, Option<String>)> {
        let mut list = self.kv.list().prefix(prefix.to_string()).limit(size.clamp(1, 1000));
        if let Some(c) = cursor.filter(|c| !c.is_empty()) {
            list = list.cursor(c);
        }
        crate::cost::count(|c| c.kv_lists += 1);
        let page = list.execute().await?;
        let ids = page.keys.into_iter().map(|k| (k.name[prefix.len()..].to_string(), k.metadata)).collect();
        let next = if page.list_complete { None } else { page.cursor.filter(|c| !c.is_empty()) };
        Ok((ids, next))
    }

    async fn put_with_metadata<T: Serialize>(&self, key: &str, value: &T, metadata: serde_json::Value) -> Result<()> {
        self.write(key, serde_json::to_string(value)?, Some(metadata), None).await
    }

    pub async fn subscriber(&self, email: &str) -> Result<Option<StoredSubscriber>> {
        self.get(&keys::SUBSCRIBER.key(&crate::tokens::digest(email))).await
    }

    /// Stored with its state and date as metadata, so the overview counts without reading.
    pub async fn put_subscriber(&self, stored: &StoredSubscriber) -> Result<()> {
        let s = &stored.subscriber;
        let metadata = serde_json::json!({ "status": s.status, "created_at": s.created_at });
        self.put_with_metadata(&keys::SUBSCRIBER.key(&crate::tokens::digest(&s.email)), stored, metadata).await
    }

    /// Every subscriber's state and date (the overview's counts).
    pub async fn subscriber_facts(&self) -> Result<Vec<SubscriberFacts>> {
        let mut out = Vec::new();
        for (digest, metadata) in self.listing(keys::SUBSCRIBER.prefix(), 1_000_000).await? {
            match metadata.and_then(|m| serde_json::from_value::<SubscriberFacts>(m).ok()) {
                Some(facts) => out.push(facts),
                None => {
                    let stored = self.get::<StoredSubscriber>(&keys::SUBSCRIBER.key(&digest)).await?;
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
        self.get(&keys::SUBSCRIPTION_TOKEN.key(&crate::tokens::digest(token))).await
    }

    pub async fn delete_subscription_token(&self, token: &str) -> Result<()> {
        self.delete(&keys::SUBSCRIPTION_TOKEN.key(&crate::tokens::digest(token))).await
    }

    /// Filed with the owner's email digest beside it, so an erasure finds every token of
    /// theirs, also one left by a subscription sent twice at once.
    pub async fn put_subscription_token(&self, token: &str, value: &SubscriptionToken) -> Result<()> {
        let key = keys::SUBSCRIPTION_TOKEN.key(&crate::tokens::digest(token));
        let metadata = serde_json::json!({ "to": crate::tokens::digest(&value.email) });
        // A requested change the owner never confirms is forgotten after a week.
        let ttl = value.change.is_some().then_some(CHANGE_TOKEN_TTL_SECS);
        // Filed first: a token is never stored without its owner's way to it (erasure).
        let filed = Filed::Token { digest: crate::tokens::digest(token) };
        self.file(&crate::tokens::digest(&value.email), &filed, ttl).await?;
        self.write(&key, serde_json::to_string(value)?, Some(metadata), ttl).await
    }

    /// Remember that `email` wants to hear when `group_id` opens.
    pub async fn add_opening_watch(&self, group_id: &str, email: &str) -> Result<()> {
        let digest = crate::tokens::digest(email);
        self.file(&digest, &Filed::Watch { group_id: group_id.to_string() }, None).await?;
        self.write(&keys::NOTIFY.within(group_id, &digest), email.to_string(), None, None).await
    }

    /// Open "tell me when it opens" watches as (group, email digest): at most one listing page
    /// (1,000) per call, so a run costs the same however many are waiting.
    pub async fn opening_watches(&self) -> Result<Vec<(String, String)>> {
        Ok(self
            .ids(keys::NOTIFY.prefix(), 1_000)
            .await?
            .into_iter()
            .filter_map(|key| key.rsplit_once(':').map(|(group, digest)| (group.to_string(), digest.to_string())))
            .collect())
    }

    /// The email behind a watch (its value).
    pub async fn watch_email(&self, group_id: &str, digest: &str) -> Result<Option<String>> {
        self.get_text(&keys::NOTIFY.within(group_id, digest)).await
    }

    /// A watch that has been answered (or can no longer be).
    pub async fn forget_opening_watch(&self, group_id: &str, digest: &str) -> Result<()> {
        self.delete(&keys::NOTIFY.within(group_id, digest)).await?;
        self.unfile(digest, &Filed::Watch { group_id: group_id.to_string() }).await
    }

    pub async fn admin_user(&self, email: &str) -> Result<Option<AdminUser>> {
        self.get(&keys::USER.key(&crate::tokens::digest(email))).await
    }

    pub async fn put_admin_user(&self, user: &AdminUser) -> Result<()> {
        self.put(&keys::USER.key(&crate::tokens::digest(&user.email)), user).await
    }

    /// Forget a dashboard user (their sessions die with the record: every request reads it).
    pub async fn delete_admin_user(&self, email: &str) -> Result<()> {
        self.delete(&keys::USER.key(&crate::tokens::digest(email))).await
    }

    /// Every dashboard user, found by listing their keys: a shared index document would be
    /// read and rewritten by two invitations at once and lose one of them.
    pub async fn admin_users(&self) -> Result<Vec<AdminUser>> {
        let mut users = Vec::new();
        for digest in self.ids(keys::USER.prefix(), 10_000).await? {
            users.extend(self.get::<AdminUser>(&keys::USER.key(&digest)).await?);
        }
        users.sort_by(|a, b| a.email.cmp(&b.email));
        Ok(users)
    }

    pub async fn group_private_or_default(&self, id: &str) -> Result<GroupPrivate> {
        Ok(self.group_private(id).await?.unwrap_or_default())
    }

    pub async fn session(&self, id: &str) -> Result<Option<AdminSession>> {
        self.get(&keys::SESSION.key(&crate::tokens::digest(id))).await
    }

    pub async fn put_session(&self, id: &str, session: &AdminSession) -> Result<()> {
        let key = keys::SESSION.key(&crate::tokens::digest(id));
        // KV forgets it after the session's life (at least KV's minimum of 60 s; the
        // `expires_at` check is exact).
        let ttl = (session.expires_at - crate::clock::now().timestamp()).max(60) as u64;
        let metadata = serde_json::json!({ "who": crate::tokens::digest(&session.email) });
        self.write(&key, serde_json::to_string(session)?, Some(metadata), Some(ttl)).await
    }

    /// End every session of this user (an erasure).
    pub async fn delete_sessions_of(&self, email: &str) -> Result<()> {
        let who = crate::tokens::digest(email);
        for (id, metadata) in self.listing(keys::SESSION.prefix(), 1_000_000).await? {
            if metadata.as_ref().and_then(|m| m["who"].as_str()) == Some(who.as_str()) {
                self.delete(&keys::SESSION.key(&id)).await?;
            }
        }
        Ok(())
    }

    pub async fn delete_session(&self, id: &str) -> Result<()> {
        self.delete(&keys::SESSION.key(&crate::tokens::digest(id))).await
    }

    pub async fn put_manage_key(&self, token_digest: &str, key: &ManageKey) -> Result<()> {
        self.put(&keys::MANAGE.key(token_digest), key).await
    }
}
