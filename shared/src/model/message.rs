use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Language;

/// Why a message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Confirmation,
    WaitlistPlaced,
    Promoted,
    Cancelled,
    Reminder,
    /// Double opt-in for the updates list.
    SubscriptionConfirm,
    /// A group someone asked about has opened registration.
    OpeningNotice,
    /// A one-time link to the dashboard.
    SignInLink,
    /// Taken off a group's roster by the network, with the reason.
    Removed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its (next) attempt.
    Pending,
    Sent,
    /// Gave up after the last attempt; visible to admins, who can resend.
    Failed,
}

/// One message in the outbox (KV `outbox:{id}`), in the recipient's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub to: String,
    pub language: Language,
    pub kind: MessageKind,
    #[serde(default)]
    pub group_id: Option<String>,
    pub subject: String,
    pub body: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<String>,
}
