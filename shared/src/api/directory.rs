//! The signposting directory on the wire: the public list and an entry, a report, and the
//! dashboard's queue and writes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Bilingual, Checker, DirectoryEntry, DirectoryReport, GeoPoint, ServiceCategory, ServiceDetails, Verdict};
use crate::rules::directory::Freshness;

/// An entry as the list shows it.
// Stored as the metadata beside its KV key (under 1 KB), so a page of the directory is one KV
// listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntrySummary {
    pub id: String,
    pub name: Bilingual,
    pub organization: String,
    pub category: ServiceCategory,
    pub area: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub point: Option<GeoPoint>,
    /// For "tap to call" straight from the list.
    #[serde(default)]
    pub phone: Option<String>,
    pub checked_on: NaiveDate,
    pub checked_by: Checker,
    #[serde(default)]
    pub retired: bool,
}

impl EntrySummary {
    pub fn of(entry: &DirectoryEntry) -> EntrySummary {
        let s = &entry.service;
        EntrySummary {
            id: entry.id.clone(),
            name: s.name.clone(),
            organization: s.organization.clone(),
            category: s.category,
            area: s.area.clone(),
            languages: s.languages.clone(),
            point: s.point,
            phone: s.phone.clone(),
            checked_on: entry.checked_on,
            checked_by: entry.checked_by,
            retired: entry.retired,
        }
    }
}

/// An entry in a list answer, with how fresh it is today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListedEntry {
    pub entry: EntrySummary,
    pub freshness: Freshness,
    /// Kilometres from the place asked about, when there is one.
    #[serde(default)]
    pub km: Option<f64>,
}

impl ListedEntry {
    /// An entry as a list shows it on `today`, with its distance from `from` when there is one.
    pub fn of(entry: EntrySummary, today: NaiveDate, from: Option<GeoPoint>) -> ListedEntry {
        ListedEntry {
            freshness: crate::rules::directory::freshness(entry.checked_on, today),
            km: from.zip(entry.point).map(|(f, p)| crate::rules::distance::distance_km(f, p)),
            entry,
        }
    }
}

/// `GET /api/directory?q=&category=&area=&language=&near=&cursor=`: never an entry retired or
/// past twelve months unchecked. `next` pages on when the directory is longer than one listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryAnswer {
    pub entries: Vec<ListedEntry>,
    /// The areas and languages of the public entries on this page, for the filters.
    pub areas: Vec<String>,
    pub languages: Vec<String>,
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /api/directory/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryAnswer {
    pub entry: DirectoryEntry,
    pub freshness: Freshness,
}

/// `POST /api/directory/{id}/reports`: "Is this still right?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportBody {
    pub verdict: Verdict,
    #[serde(default)]
    pub note: Option<String>,
}

/// `202`: the report is in the leaders' queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceived {
    pub received: bool,
}

/// `GET /api/admin/directory`: the leaders' queue (entries to check, oldest first; reports,
/// newest first) and the whole directory, retired entries included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryQueue {
    pub needs_checking: Vec<ListedEntry>,
    pub reports: Vec<DirectoryReport>,
    pub entries: Vec<ListedEntry>,
    #[serde(default)]
    pub next: Option<String>,
}

/// `POST /api/admin/directory` (a new entry) and `PUT /api/admin/directory/{id}` (an edit).
/// Saving says nothing about being checked: `POST …/{id}/check` does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryBody {
    pub service: ServiceDetails,
}

/// A dashboard write's answer: the entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntrySaved {
    pub entry: DirectoryEntry,
}

/// `POST /api/admin/directory/import`: how many entries came in (new or replaced).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportAnswer {
    pub imported: usize,
    /// Services the feed held that could not be read as an entry, by their feed id.
    pub skipped: Vec<String>,
}
