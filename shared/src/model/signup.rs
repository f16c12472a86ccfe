use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Language;

/// Where a person stands in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

/// A person's signup for one group.
// Stored under KV `signup:{id}`, owned by the group's Durable Object, which is the only writer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signup {
    pub id: String,
    pub group_id: String,
    pub name: String,
    /// Normalized (trimmed, lowercase): the person's identity within a group.
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub language: Language,
    pub status: SignupStatus,
    /// 1-based place in the waitlist while waitlisted.
    #[serde(default)]
    pub waitlist_position: Option<u32>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub updated_at: DateTime<Utc>,
}

impl Signup {
    /// The email an erased person's record carries instead of theirs.
    pub fn erased_email(id: &str) -> String {
        format!("erased:{id}")
    }

    /// The person asked to be forgotten: the record only keeps counts.
    pub fn is_erased(&self) -> bool {
        self.email.starts_with("erased:")
    }
}
