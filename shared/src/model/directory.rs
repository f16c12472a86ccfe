//! The signposting directory: local services a group points families to (the Family Hub,
//! health visitors, libraries, food banks…), shaped like the Open Referral UK model councils
//! publish (organisation, service, location, contact, languages, ages, opening times,
//! category). Public information about services, never about people.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Bilingual, GeoPoint};
use crate::Language;

/// What kind of help a service gives: the directory's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceCategory {
    FamilyHub,
    HealthVisiting,
    Library,
    FoodBank,
    SpeechAndLanguage,
    ParentingCourse,
    MentalHealth,
    Childcare,
    Other,
}

impl ServiceCategory {
    pub const ALL: [ServiceCategory; 9] = [
        ServiceCategory::FamilyHub,
        ServiceCategory::HealthVisiting,
        ServiceCategory::Library,
        ServiceCategory::FoodBank,
        ServiceCategory::SpeechAndLanguage,
        ServiceCategory::ParentingCourse,
        ServiceCategory::MentalHealth,
        ServiceCategory::Childcare,
        ServiceCategory::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ServiceCategory::FamilyHub => "family_hub",
            ServiceCategory::HealthVisiting => "health_visiting",
            ServiceCategory::Library => "library",
            ServiceCategory::FoodBank => "food_bank",
            ServiceCategory::SpeechAndLanguage => "speech_and_language",
            ServiceCategory::ParentingCourse => "parenting_course",
            ServiceCategory::MentalHealth => "mental_health",
            ServiceCategory::Childcare => "childcare",
            ServiceCategory::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ServiceCategory> {
        ServiceCategory::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Its name, for both apps and for the exported feed's taxonomy.
    pub fn label(self, lang: Language) -> &'static str {
        crate::text::Words(lang).service_category(self)
    }
}

/// Who last checked an entry, as the public sees it: a role, never a person's address (the
/// audit log keeps who it was).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Checker {
    /// The network's team (an admin).
    Team,
    /// A group's leader or facilitator.
    Leader,
    /// The feed it was imported from (its own assured date).
    Import,
}

impl Checker {
    /// Who a dashboard user is, to the public.
    pub fn of(role: super::Role) -> Checker {
        match role {
            super::Role::Admin => Checker::Team,
            super::Role::Facilitator => Checker::Leader,
        }
    }

    pub fn label(self, lang: Language) -> &'static str {
        crate::text::Words(lang).checker(self)
    }
}

/// Ages a service is for, in years (Open Referral's eligibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeRange {
    pub min_years: u8,
    pub max_years: u8,
}

/// What a service is and how to reach it: what an editor writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDetails {
    /// Who runs it, e.g. "Norfolk County Council".
    pub organization: String,
    pub name: Bilingual,
    #[serde(default)]
    pub description: Bilingual,
    pub category: ServiceCategory,
    /// Public area, e.g. "Norwich (north)".
    pub area: String,
    /// The service's public address, if it has a place.
    #[serde(default)]
    pub address: Option<String>,
    /// Its UK postcode or US ZIP, for "nearest first".
    #[serde(default)]
    pub postcode: Option<String>,
    #[serde(default)]
    pub point: Option<GeoPoint>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// Languages spoken there, as ISO 639-1 codes ("en", "es", "pl").
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub ages: Option<AgeRange>,
    /// When it is open, in words ("Mon–Fri 9–5; Saturday mornings").
    #[serde(default)]
    pub opening_times: Bilingual,
}

/// One service in the directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryEntry {
    pub id: String,
    pub service: ServiceDetails,
    /// When someone last made sure it is still right, and who (as a role): separate from edits.
    pub checked_on: NaiveDate,
    pub checked_by: Checker,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub edited_at: DateTime<Utc>,
    /// Out of the directory for good (closed, or no longer signposted); kept for the audit.
    #[serde(default)]
    pub retired: bool,
}

/// Whoever last added, edited or checked an entry (KV `directory-steward:{id}`, never in a
/// public answer), and whether a report has been sent to them since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Steward {
    pub who: crate::model::TeamContact,
    #[serde(default)]
    pub told: bool,
}

/// What someone says when asked "Is this still right?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    StillRight,
    Changed,
    Closed,
}

impl Verdict {
    /// What the person said, as a sentence for the one who vouched for the entry.
    pub fn said(self, lang: crate::Language) -> &'static str {
        crate::text::Words(lang).verdict_said(self)
    }
}

/// A report on an entry, waiting in the leaders' queue. Anonymous: no name, no address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryReport {
    pub id: String,
    pub entry: String,
    pub verdict: Verdict,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub at: DateTime<Utc>,
    /// The language the report was written in.
    pub language: Language,
}
