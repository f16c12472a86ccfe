//! Every Workers KV key, spelled once: a key is its family's prefix and the name of one record
//! in it (ARCHITECTURE.md has the whole layout, with each value and its writer). A listing names
//! a family's prefix, or a scope within it (`history:{person}:`).

/// A family of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family(&'static str);

impl Family {
    /// What every key of the family starts with, for a listing.
    pub const fn prefix(self) -> &'static str {
        self.0
    }

    /// The key of the record `name`.
    pub fn key(self, name: &str) -> String {
        format!("{}{name}", self.0)
    }

    /// The key of the record `name` within `scope` (`notify:{group}:{person}`).
    pub fn within(self, scope: &str, name: &str) -> String {
        format!("{}{scope}:{name}", self.0)
    }

    /// What every key within `scope` starts with, for a listing.
    pub fn scope(self, scope: &str) -> String {
        format!("{}{scope}:", self.0)
    }
}

pub const GROUP: Family = Family("group:");
pub const GROUP_PRIVATE: Family = Family("group-private:");
/// A published group's card (`CatalogueFacts` beside it).
pub const LISTED: Family = Family("listed:");
/// Only in stores written before signups lived in their group's object alone.
pub const LEGACY_SIGNUP: Family = Family("signup:");
pub const MANAGE: Family = Family("manage:");
/// One line per person per group: `history:{email digest}:{group}`.
pub const HISTORY: Family = Family("history:");
/// The per-person index: `person:{email digest}:{record}`.
pub const PERSON: Family = Family("person:");
pub const OUTBOX: Family = Family("outbox:");
/// A message waiting for a retry: `pending:{due ms}:{id}`.
pub const PENDING: Family = Family("pending:");
pub const SUBSCRIBER: Family = Family("subscriber:");
pub const SUBSCRIPTION_TOKEN: Family = Family("sub-token:");
/// Who asked about a group's opening: `notify:{group}:{email digest}`.
pub const NOTIFY: Family = Family("notify:");
pub const USER: Family = Family("user:");
pub const SESSION: Family = Family("session:");
pub const AUDIT: Family = Family("audit:");
/// An audit entry is about this part of its target: `about:{part digest}:{audit id}`.
pub const ABOUT: Family = Family("about:");
/// An audit entry was written by this person: `by:{email digest}:{audit id}`.
pub const BY: Family = Family("by:");
pub const BOARD: Family = Family("board:");
pub const DIRECTORY: Family = Family("directory:");
pub const DIRECTORY_STEWARD: Family = Family("directory-steward:");
pub const DIRECTORY_REPORT: Family = Family("directory-report:");

/// Where an older layout kept the whole catalogue in one value (deleted once, by the index).
pub const WHOLE_CATALOGUE: &str = "catalogue";
