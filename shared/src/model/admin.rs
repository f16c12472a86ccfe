use serde::{Deserialize, Serialize};

/// What someone signed in to the dashboard may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Only the groups assigned to them: rosters, attendance, notes.
    Facilitator,
}

/// A dashboard user.
// Stored under KV `user:{sha256(email)}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermGrant {
    pub group: String,
    /// The term's id in the group (a later write for the same term replaces it: an acting
    /// term cut short).
    pub term: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub from: chrono::DateTime<chrono::Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
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

/// What an audit entry is about, a path from the largest thing to the smallest, written in the
/// entry as `group:g/signup:s/session:t`. Built only through its constructors, so every writer
/// spells a target the same way and an erasure finds the parts that name a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTarget(Vec<(TargetKind, String)>);

/// The kinds of thing a target's part names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Group,
    Signup,
    Session,
    Meeting,
    Election,
    Issue,
    Pairing,
    Term,
    User,
    /// An erased person, by the start of their email's digest.
    Person,
    /// A directory entry; with no name, the directory as a whole (an import).
    Directory,
    Message,
}

impl TargetKind {
    /// Parts of these kinds name a person: an erasure blanks the entries about them.
    const PERSONAL: [TargetKind; 2] = [TargetKind::Signup, TargetKind::User];

    fn prefix(self) -> &'static str {
        match self {
            TargetKind::Group => "group",
            TargetKind::Signup => "signup",
            TargetKind::Session => "session",
            TargetKind::Meeting => "meeting",
            TargetKind::Election => "election",
            TargetKind::Issue => "issue",
            TargetKind::Pairing => "pairing",
            TargetKind::Term => "term",
            TargetKind::User => "user",
            TargetKind::Person => "person",
            TargetKind::Directory => "directory",
            TargetKind::Message => "message",
        }
    }
}

impl AuditTarget {
    pub fn group(id: &str) -> AuditTarget {
        AuditTarget::of(TargetKind::Group, id)
    }

    /// A target of one part.
    pub fn of(kind: TargetKind, name: impl std::fmt::Display) -> AuditTarget {
        AuditTarget(vec![(kind, name.to_string())])
    }

    /// This target's `kind` part `name` (`group:g` → `group:g/signup:s`).
    pub fn and(mut self, kind: TargetKind, name: impl std::fmt::Display) -> AuditTarget {
        self.0.push((kind, name.to_string()));
        self
    }

    /// The part naming one signup or one dashboard user, as a written target spells it.
    pub fn personal_part(kind: TargetKind, name: &str) -> String {
        AuditTarget::of(kind, name).to_string()
    }

    /// The parts of a written target that name a person (`group:g/signup:s/session:t` is about
    /// `signup:s`), for the indexes an erasure goes through.
    pub fn personal_parts(written: &str) -> impl Iterator<Item = &str> {
        let personal = TargetKind::PERSONAL.map(|k| format!("{}:", k.prefix()));
        written.split('/').filter(move |part| personal.iter().any(|p| part.starts_with(p.as_str())))
    }
}

impl std::fmt::Display for AuditTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, (kind, name)) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str("/")?;
            }
            match name.is_empty() {
                true => f.write_str(kind.prefix())?,
                false => write!(f, "{}:{name}", kind.prefix())?,
            }
        }
        Ok(())
    }
}

/// One dashboard write, kept for the audit log.
// Stored under KV `audit:{time}-{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub at: chrono::DateTime<chrono::Utc>,
    /// The signed-in user's email.
    pub who: String,
    /// What was done, e.g. `attendance.mark`, `user.invite`.
    pub action: String,
    /// What it was done to: kind:id parts joined by /, e.g. group:cos-well-being-en/signup:…/session:….
    pub target: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// What a person who completed a group has been given (the incentives ledger), one line per
/// signup. Dates are the day it happened, as the network records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[cfg(test)]
mod audit_target_tests {
    use super::*;

    #[test]
    fn a_target_is_written_as_a_path_and_its_personal_parts_are_found_again() {
        let at: chrono::DateTime<chrono::Utc> = "2027-02-03T17:00:00Z".parse().unwrap();
        let target = AuditTarget::group("cos-en").and(TargetKind::Signup, "s1").and(TargetKind::Session, at.to_rfc3339());
        let written = target.to_string();
        assert_eq!(written, "group:cos-en/signup:s1/session:2027-02-03T17:00:00+00:00");
        assert_eq!(AuditTarget::personal_parts(&written).collect::<Vec<_>>(), ["signup:s1"]);
        let grant = AuditTarget::group("g").and(TargetKind::Term, "t").and(TargetKind::User, "ana@example.org");
        assert_eq!(AuditTarget::personal_parts(&grant.to_string()).collect::<Vec<_>>(), ["user:ana@example.org"]);
        assert_eq!(AuditTarget::personal_part(TargetKind::User, "ana@example.org"), "user:ana@example.org");
        assert_eq!(AuditTarget::personal_parts("group:g/meeting:m").count(), 0, "no person named");
    }
}
