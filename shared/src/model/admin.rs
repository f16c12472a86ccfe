use serde::{Deserialize, Serialize};

/// What someone signed in to the dashboard may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Only the groups assigned to them: rosters, attendance, notes.
    Facilitator,
}

/// A dashboard user (KV `user:{sha256(email)}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminUser {
    pub email: String,
    pub role: Role,
    /// For facilitators: the groups they may see and act on.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Revoked users keep their record (for the audit log) but cannot sign in.
    #[serde(default)]
    pub revoked: bool,
}
