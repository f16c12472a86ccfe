//! Workers KV: the documents that are read. Key layout (one place, see ARCHITECTURE.md):
//!
//! | key                       | value            | written by                          |
//! |---------------------------|------------------|-------------------------------------|
//! | `group:{id}`              | `Group`          | the dev seeding route (later admin) |
//! | `group-private:{id}`      | `GroupPrivate`   | the dev seeding route (later admin) |
//! | `catalogue`               | `Catalogue`      | `CatalogueIndex` object only        |
//! | `signup:{id}`             | `Signup`         | the group's `GroupSeats` object only|
//! | `manage:{sha256(token)}`  | `ManageKey`      | the group's `GroupSeats` object only|
//! | `history:{sha256(email)}` | `[Participation]`| the dev seeding route (later: attendance)|
//! | `outbox:{time}-{id}`      | `Message`        | its creator, then delivery attempts  |
//! | `subscriber:{sha256(email)}` | `StoredSubscriber` | the subscription routes        |
//! | `sub-token:{sha256(token)}` | `SubscriptionToken` | the subscription routes        |
//! | `notify:{group}:{sha256(email)}` | `""` (ask about a group's opening) | subscription routes |
//! | `announced:{group}`       | opening time     | the scheduled job                    |
//! | `user:{sha256(email)}`    | `AdminUser`      | admin routes, `cargo xtask admin add` |
//! | `users`                   | `[email]` (index)| admin routes (rare writes, by admins) |
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
use village_shared::model::{AdminUser, AuditEntry, Group, GroupPrivate, Message, Signup, Subscriber};
use village_shared::rules::eligibility::Participation;

pub const KV_BINDING: &str = "VILLAGE";

pub fn group_key(id: &str) -> String {
    format!("group:{id}")
}
pub const CATALOGUE_KEY: &str = "catalogue";
pub fn signup_key(id: &str) -> String {
    format!("signup:{id}")
}
pub fn manage_key(token_digest: &str) -> String {
    format!("manage:{token_digest}")
}

/// Keyed by a digest so KV listings never show email addresses.
pub fn history_key(email_digest: &str) -> String {
    format!("history:{email_digest}")
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
}

/// A dashboard session: who, and the token that state-changing requests must echo (CSRF).
#[derive(serde::Serialize, serde::Deserialize, Clone)]
pub struct AdminSession {
    pub email: String,
    pub csrf: String,
    pub expires_at: i64,
}

pub const SESSION_TTL_SECS: u64 = 12 * 60 * 60;

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

    pub async fn group(&self, id: &str) -> Result<Option<Group>> {
        self.get(&group_key(id)).await
    }

    pub async fn put_group(&self, group: &Group) -> Result<()> {
        self.put(&group_key(&group.id), group).await
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

    pub async fn put_signup(&self, signup: &Signup) -> Result<()> {
        self.put(&signup_key(&signup.id), signup).await
    }

    pub async fn manage_key(&self, token_digest: &str) -> Result<Option<ManageKey>> {
        self.get(&manage_key(token_digest)).await
    }

    /// What this person has attended and completed (empty for someone new).
    pub async fn history(&self, email: &str) -> Result<Vec<Participation>> {
        Ok(self.get(&history_key(&crate::tokens::digest(email))).await?.unwrap_or_default())
    }

    pub async fn put_history(&self, email: &str, history: &[Participation]) -> Result<()> {
        self.put(&history_key(&crate::tokens::digest(email)), &history).await
    }

    pub async fn put_message(&self, message: &Message) -> Result<()> {
        self.put(&format!("outbox:{}", message.id), message).await
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
        let mut ids = Vec::new();
        let mut cursor = None;
        loop {
            let mut list = self.kv.list().prefix(prefix.to_string()).limit(1000);
            if let Some(c) = cursor.take() {
                list = list.cursor(c);
            }
            let page = list.execute().await?;
            ids.extend(page.keys.into_iter().map(|k| k.name[prefix.len()..].to_string()));
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

    pub async fn pending_ids(&self) -> Result<Vec<String>> {
        self.ids("pending:", 10_000).await
    }

    /// Every message, oldest first (for the development outbox view; admins get a paged view).
    pub async fn messages(&self, limit: u64) -> Result<Vec<Message>> {
        let mut out = Vec::new();
        for id in self.ids("outbox:", limit).await? {
            if let Some(m) = self.message(&id).await? {
                out.push(m);
            }
        }
        Ok(out)
    }

    pub async fn subscriber(&self, email: &str) -> Result<Option<StoredSubscriber>> {
        self.get(&format!("subscriber:{}", crate::tokens::digest(email))).await
    }

    pub async fn put_subscriber(&self, stored: &StoredSubscriber) -> Result<()> {
        self.put(&format!("subscriber:{}", crate::tokens::digest(&stored.subscriber.email)), stored).await
    }

    pub async fn subscription_token(&self, token: &str) -> Result<Option<SubscriptionToken>> {
        self.get(&format!("sub-token:{}", crate::tokens::digest(token))).await
    }

    pub async fn put_subscription_token(&self, token: &str, value: &SubscriptionToken) -> Result<()> {
        self.put(&format!("sub-token:{}", crate::tokens::digest(token)), value).await
    }

    /// Remember that `email` wants to hear when `group_id` opens.
    pub async fn add_opening_watch(&self, group_id: &str, email: &str) -> Result<()> {
        self.kv.put(&format!("notify:{group_id}:{}", crate::tokens::digest(email)), email)?.execute().await?;
        Ok(())
    }

    /// The emails waiting for `group_id` to open.
    pub async fn opening_watchers(&self, group_id: &str) -> Result<Vec<String>> {
        let mut emails = Vec::new();
        for key in self.ids(&format!("notify:{group_id}:"), 10_000).await? {
            if let Some(email) = self.kv.get(&format!("notify:{group_id}:{key}")).text().await? {
                emails.push(email);
            }
        }
        Ok(emails)
    }

    pub async fn announced(&self, group_id: &str) -> Result<bool> {
        Ok(self.kv.get(&format!("announced:{group_id}")).text().await?.is_some())
    }

    pub async fn mark_announced(&self, group_id: &str) -> Result<()> {
        self.kv.put(&format!("announced:{group_id}"), "1")?.execute().await?;
        Ok(())
    }

    pub async fn admin_user(&self, email: &str) -> Result<Option<AdminUser>> {
        self.get(&format!("user:{}", crate::tokens::digest(email))).await
    }

    pub async fn put_admin_user(&self, user: &AdminUser) -> Result<()> {
        self.put(&format!("user:{}", crate::tokens::digest(&user.email)), user).await?;
        let mut index: Vec<String> = self.get("users").await?.unwrap_or_default();
        if !index.contains(&user.email) {
            index.push(user.email.clone());
            self.put("users", &index).await?;
        }
        Ok(())
    }

    pub async fn admin_users(&self) -> Result<Vec<AdminUser>> {
        let index: Vec<String> = self.get("users").await?.unwrap_or_default();
        let mut users = Vec::new();
        for email in index {
            users.extend(self.admin_user(&email).await?);
        }
        Ok(users)
    }

    pub async fn put_audit(&self, entry: &AuditEntry) -> Result<()> {
        self.put(&format!("audit:{}", entry.id), entry).await
    }

    /// The audit log, newest first.
    pub async fn audit(&self, limit: u64) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for id in self.ids("audit:", 100_000).await?.into_iter().rev().take(limit as usize) {
            out.extend(self.get::<AuditEntry>(&format!("audit:{id}")).await?);
        }
        Ok(out)
    }

    pub async fn session(&self, id: &str) -> Result<Option<AdminSession>> {
        self.get(&format!("session:{}", crate::tokens::digest(id))).await
    }

    pub async fn put_session(&self, id: &str, session: &AdminSession) -> Result<()> {
        let key = format!("session:{}", crate::tokens::digest(id));
        self.kv.put(&key, serde_json::to_string(session)?)?.expiration_ttl(SESSION_TTL_SECS).execute().await?;
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
