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
    /// Elected terms in local groups: facilitator access to that group for exactly the term
    /// (written by the group's object when the election closes; `rules::election`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<TermGrant>,
}

/// Access that comes with an elected term: the group, from `from` until `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermGrant {
    pub group: String,
    /// The term's id in the group (a later write for the same term replaces it: an acting
    /// term cut short).
    pub term: String,
    pub from: chrono::DateTime<chrono::Utc>,
    pub until: chrono::DateTime<chrono::Utc>,
}

impl AdminUser {
    /// Record (or correct) the access a term gives. Idempotent.
    pub fn grant(&mut self, grant: TermGrant) {
        self.terms.retain(|t| !(t.group == grant.group && t.term == grant.term));
        self.terms.push(grant);
    }

    /// The groups a term gives access to at `at`.
    pub fn term_groups(&self, at: chrono::DateTime<chrono::Utc>) -> impl Iterator<Item = &str> {
        self.terms.iter().filter(move |t| t.from <= at && at < t.until).map(|t| t.group.as_str())
    }
}

/// One dashboard write, kept for the audit log (KV `audit:{time}-{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The signed-in user's email.
    pub who: String,
    /// What was done, e.g. `attendance.mark`, `user.invite`.
    pub action: String,
    /// What it was done to, e.g. `group:cos-well-being-en/signup:…/session:…`.
    pub target: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// What a person who completed a group has been given (the incentives ledger), one line per
/// signup. Dates are the day it happened, as the network records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LedgerEntry {
    #[serde(default)]
    pub stipend_issued_on: Option<chrono::NaiveDate>,
    /// In whole units of the group's currency.
    #[serde(default)]
    pub stipend_amount: Option<u32>,
    #[serde(default)]
    pub kit_shipped_on: Option<chrono::NaiveDate>,
}

/// The largest stipend one line may record (a typo's extra zeros are refused, not paid).
pub const STIPEND_MAX: u32 = 100_000;

impl LedgerEntry {
    pub fn is_empty(&self) -> bool {
        self == &LedgerEntry::default()
    }

    /// Whether the network may record this line.
    pub fn is_valid(&self) -> bool {
        self.stipend_amount.is_none_or(|a| a <= STIPEND_MAX)
    }
}

#[cfg(test)]
mod ledger_tests {
    use super::*;

    #[test]
    fn a_stipend_past_the_largest_one_line_may_record_is_refused() {
        let line = |amount| LedgerEntry { stipend_amount: Some(amount), ..LedgerEntry::default() };
        assert!(line(STIPEND_MAX).is_valid() && LedgerEntry::default().is_valid());
        assert!(!line(STIPEND_MAX + 1).is_valid());
    }
}
