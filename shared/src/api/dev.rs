//! Development-only bodies: `POST /api/dev/bulk` writes a large network straight through the
//! Worker's own store (the same keys, values and indexes as real traffic, without a request per
//! record), for `cargo xtask seed --scale` and the bench's scale run.

use serde::{Deserialize, Serialize};

use crate::api::SignupRequest;
use crate::model::{AuditEntry, Group, Message, Subscriber};

/// One batch. Each part is written as its ordinary writer writes it: a group with its document,
/// catalogue entry and seats (its people join through its object in one command, filed and with
/// working manage links); subscribers with their listed state; messages filed under their
/// recipient; audit entries with their indexes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bulk {
    #[serde(default)]
    pub groups: Vec<BulkGroup>,
    #[serde(default)]
    pub subscribers: Vec<Subscriber>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkGroup {
    pub group: Group,
    pub people: Vec<SignupRequest>,
}
