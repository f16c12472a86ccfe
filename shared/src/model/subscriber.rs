use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Audience, GroupKind};
use crate::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// Waiting for the person to confirm by the link we sent (double opt-in).
    Pending,
    Confirmed,
    Unsubscribed,
}

/// Someone on the updates list.
// Stored under KV `subscriber:{sha256(email)}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscriber {
    pub email: String,
    pub language: Language,
    #[serde(default)]
    pub audiences: Vec<Audience>,
    #[serde(default)]
    pub kinds: Vec<GroupKind>,
    /// Groups whose registration opening they asked to hear about.
    #[serde(default)]
    pub notify_groups: Vec<String>,
    pub status: SubscriptionStatus,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::wire_time::utc_opt")]
    pub confirmed_at: Option<DateTime<Utc>>,
}
