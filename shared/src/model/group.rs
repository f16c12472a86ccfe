use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Language;

/// A text written in both languages. The app never shows one language's text to the other
/// language's reader unless the author left that side empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bilingual {
    pub en: String,
    pub es: String,
}

impl Bilingual {
    pub fn new(en: impl Into<String>, es: impl Into<String>) -> Self {
        Bilingual { en: en.into(), es: es.into() }
    }

    /// The text in `lang`, falling back to the other language when that side is empty.
    pub fn get(&self, lang: Language) -> &str {
        let (first, second) = match lang {
            Language::En => (&self.en, &self.es),
            Language::Es => (&self.es, &self.en),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }
}

/// How a group runs, which decides how people join it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A cohort meeting a fixed number of times; signup required.
    Series,
    /// A one-off session; signup required.
    InfoSession,
    /// Recurring, open to anyone; no signup.
    DropIn,
    /// Ongoing membership with meetings each term at a member's setting.
    LocalGroup,
}

impl GroupKind {
    pub const ALL: [GroupKind; 4] =
        [GroupKind::Series, GroupKind::InfoSession, GroupKind::DropIn, GroupKind::LocalGroup];

    /// The stable snake_case name, as in JSON and in addresses.
    pub fn code(self) -> &'static str {
        match self {
            GroupKind::Series => "series",
            GroupKind::InfoSession => "info_session",
            GroupKind::DropIn => "drop_in",
            GroupKind::LocalGroup => "local_group",
        }
    }

    pub fn takes_signups(self) -> bool {
        !matches!(self, GroupKind::DropIn)
    }
}

/// Who a group is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Family, friend and neighbour caregivers.
    Ffn,
    /// Family child-care home providers.
    Fcch,
    /// Staff of centre-based child care.
    CentreStaff,
    /// Setting managers, leaders and childminders.
    ManagersChildminders,
    /// Parents and carers who come with their children.
    Families,
}

impl Audience {
    /// The stable snake_case name, as in JSON and in addresses.
    pub fn code(self) -> &'static str {
        match self {
            Audience::Ffn => "ffn",
            Audience::Fcch => "fcch",
            Audience::CentreStaff => "centre_staff",
            Audience::ManagersChildminders => "managers_childminders",
            Audience::Families => "families",
        }
    }

    pub const ALL: [Audience; 5] =
        [Audience::Ffn, Audience::Fcch, Audience::CentreStaff, Audience::ManagersChildminders, Audience::Families];
}

/// A place on Earth, in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

// Coordinates are checked to be finite and in range (`group_problems`), so equality is total.
impl Eq for GeoPoint {}

impl GeoPoint {
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite() && self.lon.is_finite() && self.lat.abs() <= 90.0 && self.lon.abs() <= 180.0
    }

    /// `"52.631,1.297"` (a phone's position in an address), if it is a place on Earth.
    pub fn parse(text: &str) -> Option<GeoPoint> {
        let (lat, lon) = text.split_once(',')?;
        let point = GeoPoint { lat: lat.trim().parse().ok()?, lon: lon.trim().parse().ok()? };
        point.is_valid().then_some(point)
    }
}

/// Where a group meets. An in-person group names its public area; the exact address is only
/// for the people who are coming. JSON: `"virtual"` or `{"in_person": {"area", "postcode"}}`
/// (externally tagged: an internally tagged enum costs the app several KB of Wasm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Virtual,
    InPerson {
        /// Public: town or neighbourhood, e.g. "Norwich (north)".
        area: String,
        /// Postcode district or ZIP of the area.
        postcode: String,
        /// The area's centre, for "nearest first".
        #[serde(default)]
        point: Option<GeoPoint>,
    },
}

impl Format {
    pub fn is_virtual(&self) -> bool {
        matches!(self, Format::Virtual)
    }

    /// The public area of an in-person group (`None` online).
    pub fn area(&self) -> Option<&str> {
        match self {
            Format::InPerson { area, .. } => Some(area),
            Format::Virtual => None,
        }
    }
}

/// One meeting of a group. Stored as an instant in UTC; shown in the viewer's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u16,
    /// What this meeting is about; may be empty for an open agenda.
    #[serde(default)]
    pub topic: Bilingual,
    /// Someone coming to talk, when a session has a visitor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor: Option<Visitor>,
}

/// Someone who comes to a session to talk with the families (a health visitor, a speech and
/// language therapist, a musician): shown on the group's page, in the calendar and the reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visitor {
    pub name: String,
    /// Their role or organisation, e.g. "Health visitor, Norwich".
    #[serde(default)]
    pub role: String,
    /// What they will talk about.
    #[serde(default)]
    pub topic: Bilingual,
    /// The language they will speak.
    #[serde(default)]
    pub language: Language,
    /// What families might bring (e.g. their child's red book).
    #[serde(default)]
    pub bring: Bilingual,
    /// Their organisation's entry in the signposting directory, when it is there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_entry: Option<String>,
}

impl Visitor {
    /// One line about the visit, for the calendar and the reminder: "Visitor: Jo Lane (Health
    /// visitor, Norwich) on sleep, in English. Bring: your red book."
    pub fn line(&self, lang: Language) -> String {
        let words = crate::text::Words(lang);
        let role = if self.role.trim().is_empty() { String::new() } else { format!(" ({})", self.role.trim()) };
        let (topic, bring) = (self.topic.get(lang), self.bring.get(lang));
        let topic = if topic.is_empty() { String::new() } else { words.visitor_topic(topic) };
        let bring = if bring.is_empty() { String::new() } else { words.visitor_bring(bring) };
        let spoken = crate::i18n::language_name(self.language.code(), lang);
        words.visitor_line(self.name.trim(), &role, &topic, &spoken, &bring)
    }
}

/// What completing a group earns, unless the group offers none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Incentives {
    /// Stipend in whole units of the group's currency (US dollars for the California network).
    #[serde(default)]
    pub stipend: Option<u32>,
    /// A "Connect. Reflect. Grow." kit is shipped on completion.
    #[serde(default)]
    pub kit: bool,
}

impl Incentives {
    pub fn is_none(&self) -> bool {
        self.stipend.is_none() && !self.kit
    }
}

/// What only confirmed people see: never in a public response.
// Stored under KV `group-private:{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupPrivate {
    #[serde(default)]
    pub meeting_link: Option<String>,
    /// The host's address, for a group meeting in person.
    #[serde(default)]
    pub address: Option<String>,
}

/// When people may sign up. Outside it the API refuses (`registration_not_open`,
/// `registration_closed`) and the app says when it opens or points to the next term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationWindow {
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub opens_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::wire_time::utc")]
    pub closes_at: DateTime<Utc>,
}

/// Something a person must have done before joining, named by programme (see `Group::program`)
/// so any language's or term's group of that programme counts.
/// JSON: `{"attended": {"program"}}` or `{"completed": {"program"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Prerequisite {
    /// Attended at least one session of a group of this programme (e.g. an information session).
    Attended { program: String },
    /// Completed a group of this programme (attended at least its completion share).
    Completed { program: String },
}

impl Prerequisite {
    pub fn program(&self) -> &str {
        match self {
            Prerequisite::Attended { program } | Prerequisite::Completed { program } => program,
        }
    }
}

/// Where a group is in its life. Groups written before the dashboard existed are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Publication {
    /// Being prepared in the dashboard: invisible to the public.
    Draft,
    /// In the catalogue, open to signups (within its registration window).
    #[default]
    Published,
    /// Taken out of the catalogue and closed to new signups; people already in keep their
    /// place, their link and their messages.
    Unpublished,
    /// The term is over: kept for records, closed, out of the catalogue.
    Archived,
}

impl Publication {
    pub const ALL: [Publication; 4] =
        [Publication::Draft, Publication::Published, Publication::Unpublished, Publication::Archived];

    /// Shown in the public catalogue.
    pub fn is_listed(self) -> bool {
        self == Publication::Published
    }

    /// New people may sign up (the registration window still applies).
    pub fn accepts_signups(self) -> bool {
        self == Publication::Published
    }

    /// Its page answers at its address (people already in keep their links); drafts do not.
    pub fn is_public(self) -> bool {
        self != Publication::Draft
    }

    pub fn code(self) -> &'static str {
        match self {
            Publication::Draft => "draft",
            Publication::Published => "published",
            Publication::Unpublished => "unpublished",
            Publication::Archived => "archived",
        }
    }
}

pub const DEFAULT_COMPLETION_PERCENT: u8 = 75;

pub(crate) fn default_completion_percent() -> u8 {
    DEFAULT_COMPLETION_PERCENT
}

/// A group as served in full by `GET /api/groups/{id}`.
// Stored as it is under KV `group:{id}`.
/// Nothing private lives here: meeting links and addresses are kept apart from this document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub id: String,
    pub kind: GroupKind,
    pub title: Bilingual,
    pub description: Bilingual,
    pub audiences: Vec<Audience>,
    /// The language the group is delivered in.
    pub language: Language,
    pub format: Format,
    /// IANA zone the group's times are planned in, e.g. `America/Los_Angeles`.
    pub time_zone: String,
    /// Seats for people who sign up. Ignored for drop-ins.
    pub capacity: u32,
    /// Season or term, e.g. "Spring 2027".
    pub term: Bilingual,
    #[serde(default)]
    pub facilitators: Vec<String>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub incentives: Incentives,
    /// The programme this group is one run of (e.g. `cos-well-being`), shared by its English
    /// and Spanish groups and by every term. Prerequisites and histories name programmes.
    #[serde(default)]
    pub program: Option<String>,
    /// No window: registration is always open.
    #[serde(default)]
    pub registration: Option<RegistrationWindow>,
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    /// Share of sessions to attend to complete the group, in percent.
    #[serde(default = "default_completion_percent")]
    pub completion_percent: u8,
    #[serde(default)]
    pub status: Publication,
}

impl Group {
    /// The first session that has not ended at `now`.
    pub fn next_session(&self, now: DateTime<Utc>) -> Option<&Session> {
        self.sessions
            .iter()
            .filter(|s| s.starts_at + chrono::Duration::minutes(s.duration_minutes.into()) > now)
            .min_by_key(|s| s.starts_at)
    }

    pub fn first_session(&self) -> Option<&Session> {
        self.sessions.iter().min_by_key(|s| s.starts_at)
    }

    /// Whether its people are reminded the day before each session: groups people sign up
    /// for, published or unpublished (the people already in keep being served), not drafts
    /// (nobody is in one) and not once archived.
    pub fn sends_reminders(&self) -> bool {
        self.kind.takes_signups() && self.status.is_public() && self.status != Publication::Archived
    }

    /// The sessions its object reminds people of. A local group's people are reminded of the
    /// meetings they said they're coming to (`member_space`), not of its planned sessions.
    pub fn reminded_sessions(&self) -> Vec<Session> {
        match self.kind {
            GroupKind::LocalGroup => vec![],
            _ => self.sessions.clone(),
        }
    }
}

#[cfg(test)]
impl Group {
    /// A small valid group for tests (a virtual English series with one session); tests change
    /// the fields they care about with `Group { …, ..Group::example(id) }`.
    pub(crate) fn example(id: &str) -> Group {
        Group {
            id: id.into(),
            kind: GroupKind::Series,
            title: Bilingual::new(id, id),
            description: Bilingual::default(),
            audiences: vec![Audience::Ffn],
            language: Language::En,
            format: Format::Virtual,
            time_zone: "America/Los_Angeles".into(),
            capacity: 12,
            term: Bilingual::default(),
            facilitators: vec![],
            sessions: vec![Session {
                starts_at: "2027-03-02T02:00:00Z".parse().expect("a valid instant"),
                duration_minutes: 90,
                topic: Bilingual::default(),
                visitor: None,
            }],
            incentives: Incentives::default(),
            program: None,
            registration: None,
            prerequisites: vec![],
            completion_percent: DEFAULT_COMPLETION_PERCENT,
            status: Publication::Published,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_go_out_for_signup_groups_people_are_in_until_they_are_archived() {
        let with = |kind, status| Group { kind, status, ..Group::example("g") };
        assert!(with(GroupKind::Series, Publication::Published).sends_reminders());
        assert!(with(GroupKind::Series, Publication::Unpublished).sends_reminders(), "people already in");
        assert!(!with(GroupKind::Series, Publication::Archived).sends_reminders());
        assert!(!with(GroupKind::Series, Publication::Draft).sends_reminders());
        assert!(!with(GroupKind::DropIn, Publication::Published).sends_reminders(), "nobody signs up");
        assert!(with(GroupKind::LocalGroup, Publication::Published).reminded_sessions().is_empty(), "its meetings are");
        assert_eq!(with(GroupKind::Series, Publication::Published).reminded_sessions().len(), 1);
    }
}
