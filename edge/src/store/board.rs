//! The network's opportunities board as a listing: `board:{group}:{post}` → an empty value
//! with the post's summary (`PostSummary`) as the key's metadata, kept by the post's group's
//! object as owed work, gone when the post closes (and by its time to live when it expires).
//! A page of the board is one KV listing, whatever the network's size.

use chrono::{DateTime, Utc};
use village_shared::api::local_group::{BoardAnswer, PostSummary};
use worker::Result;

use super::{keys, Store};

/// Posts on one page of the board.
pub const BOARD_PAGE: u64 = 20;

fn key(group_id: &str, post: &str) -> String {
    keys::BOARD.within(group_id, post)
}

impl Store {
    /// List an open post (again: the same key is replaced).
    pub async fn put_board_listing(&self, summary: &PostSummary, now: DateTime<Utc>) -> Result<()> {
        // Expiring with the post (KV's shortest time to live is a minute).
        let ttl = (summary.expires_at - now).num_seconds().max(60) as u64;
        // KV keeps 1,024 bytes beside a key: a summary that would not fit is cut (each text
        // field shortened in turn) rather than refused, so its post still reaches the board.
        let mut summary = summary.clone();
        while serde_json::to_string(&summary)?.len() > 1000 {
            let longest = [&mut summary.title, &mut summary.area, &mut summary.dates]
                .into_iter()
                .max_by_key(|t| t.len())
                .expect("three fields");
            let keep = longest.chars().count().saturating_sub(8);
            *longest = longest.chars().take(keep).collect();
        }
        let metadata = serde_json::to_value(&summary)?;
        self.write(&key(&summary.group_id, &summary.id), String::new(), Some(metadata), Some(ttl)).await
    }

    pub async fn delete_board_listing(&self, group_id: &str, post: &str) -> Result<()> {
        self.delete(&key(group_id, post)).await
    }

    /// One page of open posts.
    pub async fn board_page(&self, cursor: Option<String>, now: DateTime<Utc>) -> Result<BoardAnswer> {
        let (keys, next) = self.list_page(keys::BOARD.prefix(), cursor, BOARD_PAGE).await?;
        let posts = keys
            .into_iter()
            .filter_map(|(_, metadata)| serde_json::from_value::<PostSummary>(metadata?).ok())
            .filter(|p| p.expires_at > now)
            .collect();
        Ok(BoardAnswer { posts, next })
    }
}
