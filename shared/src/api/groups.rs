use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::FieldMessage;
use crate::model::{Audience, Bilingual, Format, Group, GroupKind, Prerequisite, RegistrationWindow};
use crate::rules::registration::{registration_state, RegistrationState};
use crate::Language;
use crate::text::Words;

/// The longest a programme's name may be, in characters (the catalogue filters by it whole).
pub const PROGRAM_NAME_MAX: usize = 60;
/// The most prerequisites a group has: each is named on its page, at up to two KV reads
/// (`routes::groups::programme_names`), within a public route's budget.
pub const PREREQUISITES_MAX: usize = 4;
/// The longest an in-person group's area may be, in characters.
pub const PLACE_NAME_MAX: usize = 80;

/// The longest a session (or a local group's meeting) may be, in minutes: a day.
pub const SESSION_MINUTES_MAX: u16 = 24 * 60;

/// Seats of one group: what is taken, left and waiting.
// As the group's Durable Object knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatCount {
    pub capacity: u32,
    pub confirmed: u32,
    pub seats_left: u32,
    pub waitlist_length: u32,
}

/// One card of the catalogue: `GET /api/groups` → `{"groups": [GroupSummary]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupSummary {
    pub id: String,
    pub kind: GroupKind,
    pub title: Bilingual,
    pub audiences: Vec<Audience>,
    pub language: Language,
    pub format: Format,
    pub time_zone: String,
    pub term: Bilingual,
    pub capacity: u32,
    pub seats_left: u32,
    pub waitlist_length: u32,
    pub session_count: u32,
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub first_session: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub last_session: Option<DateTime<Utc>>,
    #[serde(default)]
    pub program: Option<String>,
    #[serde(default)]
    pub registration: Option<RegistrationWindow>,
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    /// How far it meets from the place the catalogue was asked about (`near`), in metres; only
    /// in such an answer, and only for a group that meets at a known place. (Worked out by the
    /// Worker, so the app carries no trigonometry.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<u32>,
}

impl GroupSummary {
    pub fn of(group: &Group, seats: SeatCount) -> Self {
        GroupSummary {
            id: group.id.clone(),
            kind: group.kind,
            title: group.title.clone(),
            audiences: group.audiences.clone(),
            language: group.language,
            format: group.format.clone(),
            time_zone: group.time_zone.clone(),
            term: group.term.clone(),
            capacity: group.capacity,
            seats_left: seats.seats_left,
            waitlist_length: seats.waitlist_length,
            session_count: group.sessions.len() as u32,
            first_session: group.sessions.iter().map(|s| s.starts_at).min(),
            last_session: group.sessions.iter().map(|s| s.starts_at).max(),
            program: group.program.clone(),
            registration: group.registration,
            prerequisites: group.prerequisites.clone(),
            distance_m: None,
        }
    }

    /// How the card reads at `now`.
    pub fn availability(&self, now: DateTime<Utc>) -> Availability {
        availability(self.kind, self.seats_left, self.waitlist_length, self.registration.as_ref(), now)
    }
}

/// A group's state in words, decided once for every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    NoSignupNeeded,
    OpensOn(DateTime<Utc>),
    Closed,
    SpotsLeft(u32),
    Full { waiting: u32 },
}

pub fn availability(
    kind: GroupKind,
    seats_left: u32,
    waitlist_length: u32,
    registration: Option<&RegistrationWindow>,
    now: DateTime<Utc>,
) -> Availability {
    if !kind.takes_signups() {
        return Availability::NoSignupNeeded;
    }
    match registration_state(registration, now) {
        RegistrationState::NotYetOpen { opens_at } => Availability::OpensOn(opens_at),
        RegistrationState::Closed { .. } => Availability::Closed,
        RegistrationState::Open if seats_left > 0 && waitlist_length == 0 => Availability::SpotsLeft(seats_left),
        RegistrationState::Open => Availability::Full { waiting: waitlist_length },
    }
}

/// The group to do first when `missing` is not met: one of that programme that takes signups
/// now and has not started, in the person's language if there is one, soonest first, with a
/// free seat preferred over a waitlist.
pub fn next_step<'a>(
    missing: &Prerequisite,
    catalogue: &'a [CatalogueFacts],
    lang: Language,
    now: DateTime<Utc>,
) -> Option<&'a CatalogueFacts> {
    catalogue
        .iter()
        .filter(|g| g.program.as_deref() == Some(missing.program()))
        .filter(|g| g.first_session.is_some_and(|s| s > now))
        .filter(|g| matches!(g.availability(now), Availability::SpotsLeft(_) | Availability::Full { .. }))
        .min_by_key(|g| {
            (g.language != lang, !matches!(g.availability(now), Availability::SpotsLeft(_)), g.first_session)
        })
}

/// What the catalogue finds, orders and counts a published group by, kept beside its KV key
/// (`listed:{id}`, whose value is the group's `GroupSummary`): a page of the catalogue lists
/// these (one KV operation per 1,000 groups) and reads only the summaries it shows. Texts only
/// a card shows are left out, place texts are cut to `CatalogueFacts::TEXT_BYTES`, and the whole
/// never passes `CatalogueFacts::JSON_BYTES`, inside the 1,024 bytes KV keeps beside a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueFacts {
    pub id: String,
    pub kind: GroupKind,
    pub audiences: Vec<Audience>,
    pub language: Language,
    pub format: Format,
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub first_session: Option<DateTime<Utc>>,
    #[serde(default)]
    pub program: Option<String>,
    #[serde(default)]
    pub registration: Option<RegistrationWindow>,
    pub seats_left: u32,
    pub waitlist_length: u32,
}

impl CatalogueFacts {
    /// The longest a kept place text (an area, a postcode) may be, in bytes.
    pub const TEXT_BYTES: usize = 120;
    /// The most its JSON may take.
    pub const JSON_BYTES: usize = super::METADATA_JSON_MAX;

    /// The facts of a card. A programme is kept whole (filters compare it exactly; the editor
    /// keeps it short); only a text no valid group has (quotes or control characters, which
    /// JSON escapes to several bytes each) is cut further until the facts fit.
    pub fn of(group: &GroupSummary) -> CatalogueFacts {
        let mut facts = CatalogueFacts::cut_to_place(group);
        while serde_json::to_string(&facts).map_or(0, |json| json.len()) > CatalogueFacts::JSON_BYTES {
            let place = match &mut facts.format {
                Format::InPerson { area, postcode, .. } => vec![area, postcode],
                Format::Virtual => vec![],
            };
            // Nothing left to cut (cannot happen with a valid id): stop rather than loop.
            if !super::shorten_longest(place.into_iter().chain(facts.program.as_mut())) {
                break;
            }
        }
        facts
    }

    fn cut_to_place(group: &GroupSummary) -> CatalogueFacts {
        let format = match &group.format {
            Format::InPerson { area, postcode, point } => {
                Format::InPerson { area: cut(area), postcode: cut(postcode), point: *point }
            }
            Format::Virtual => Format::Virtual,
        };
        let mut audiences = group.audiences.clone();
        audiences.sort_by_key(|a| a.code());
        audiences.dedup();
        CatalogueFacts {
            id: group.id.clone(),
            kind: group.kind,
            audiences,
            language: group.language,
            format,
            first_session: group.first_session,
            program: group.program.clone(),
            registration: group.registration,
            seats_left: group.seats_left,
            waitlist_length: group.waitlist_length,
        }
    }

    /// How the group reads at `now` (the same rule as its card).
    pub fn availability(&self, now: DateTime<Utc>) -> Availability {
        availability(self.kind, self.seats_left, self.waitlist_length, self.registration.as_ref(), now)
    }
}

/// `text` cut to at most `CatalogueFacts::TEXT_BYTES` bytes, at a character's edge.
fn cut(text: &str) -> String {
    let mut end = text.len().min(CatalogueFacts::TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// `GET /api/groups?{filters}&near=lat,lon&tz=Zone&program=p&cursor=n`: one page of the
/// published groups that match (`rules::finding::catalogue_page`): the answer stays
/// phone-sized however many groups a network publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CataloguePage {
    pub groups: Vec<GroupSummary>,
    /// How many match in all.
    pub total: u32,
    /// Every in-person area of the catalogue, for the area choice.
    pub areas: Vec<String>,
    /// The `cursor` of the next page; none on the last.
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /api/groups/{id}`: the whole group and its live seat count, side by side in one JSON
/// object (`{...group, "seats_left", "waitlist_length"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "GroupDetailWire", into = "GroupDetailWire")]
pub struct GroupDetail {
    pub group: Group,
    pub seats_left: u32,
    pub waitlist_length: u32,
    /// What each programme the group's prerequisites name is called (a programme the catalogue
    /// lists no group of is left out), in the group's own answer and page; none beside a signup.
    pub programmes: Vec<ProgrammeName>,
}

/// A programme has no record of its own: it is called by the title of one of its published
/// groups, in each language (`NextStep::group_naming` says which, as for a refusal's next step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeName {
    pub program: String,
    pub name: Bilingual,
}

/// The flat JSON shape of [`GroupDetail`], spelled out instead of `#[serde(flatten)]`, whose
/// buffering deserializer costs the app over 5 KB of gzipped Wasm. Keep in step with `Group`.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct GroupDetailWire {
    id: String,
    kind: GroupKind,
    title: Bilingual,
    description: Bilingual,
    audiences: Vec<Audience>,
    language: Language,
    format: Format,
    time_zone: String,
    capacity: u32,
    term: Bilingual,
    #[serde(default)]
    facilitators: Vec<String>,
    #[serde(default)]
    sessions: Vec<crate::model::Session>,
    #[serde(default)]
    incentives: crate::model::Incentives,
    #[serde(default)]
    program: Option<String>,
    #[serde(default)]
    registration: Option<RegistrationWindow>,
    #[serde(default)]
    prerequisites: Vec<Prerequisite>,
    #[serde(default = "crate::model::default_completion_percent")]
    completion_percent: u8,
    seats_left: u32,
    waitlist_length: u32,
    #[serde(default)]
    programmes: Vec<ProgrammeName>,
}

/// The contract describes [`GroupDetail`] by its wire shape.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for GroupDetail {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <GroupDetailWire as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for GroupDetail {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        <GroupDetailWire as utoipa::ToSchema>::schemas(schemas)
    }
}

impl From<GroupDetailWire> for GroupDetail {
    fn from(w: GroupDetailWire) -> Self {
        GroupDetail {
            group: Group {
                id: w.id,
                kind: w.kind,
                title: w.title,
                description: w.description,
                audiences: w.audiences,
                language: w.language,
                format: w.format,
                time_zone: w.time_zone,
                capacity: w.capacity,
                term: w.term,
                facilitators: w.facilitators,
                sessions: w.sessions,
                incentives: w.incentives,
                program: w.program,
                registration: w.registration,
                prerequisites: w.prerequisites,
                completion_percent: w.completion_percent,
                // Public pages are only served for groups that are not drafts; the app does
                // not need to tell the other states apart (signups say why they are refused).
                status: crate::model::Publication::Published,
            },
            seats_left: w.seats_left,
            waitlist_length: w.waitlist_length,
            programmes: w.programmes,
        }
    }
}

impl From<GroupDetail> for GroupDetailWire {
    fn from(d: GroupDetail) -> Self {
        let g = d.group;
        GroupDetailWire {
            id: g.id,
            kind: g.kind,
            title: g.title,
            description: g.description,
            audiences: g.audiences,
            language: g.language,
            format: g.format,
            time_zone: g.time_zone,
            capacity: g.capacity,
            term: g.term,
            facilitators: g.facilitators,
            sessions: g.sessions,
            incentives: g.incentives,
            program: g.program,
            registration: g.registration,
            prerequisites: g.prerequisites,
            completion_percent: g.completion_percent,
            seats_left: d.seats_left,
            waitlist_length: d.waitlist_length,
            programmes: d.programmes,
        }
    }
}

impl GroupDetail {
    pub fn availability(&self, now: DateTime<Utc>) -> Availability {
        availability(self.group.kind, self.seats_left, self.waitlist_length, self.group.registration.as_ref(), now)
    }

    /// What `program` (one the prerequisites name) is called in `lang`: its id where the
    /// catalogue lists no group of it.
    pub fn programme_name<'a>(&'a self, program: &'a str, lang: Language) -> &'a str {
        self.programmes.iter().find(|p| p.program == program).map_or(program, |p| p.name.get(lang))
    }
}

/// A group id: 3–64 characters a–z, 0–9 and '-' (it is part of addresses and KV keys).
pub fn is_group_id(id: &str) -> bool {
    (3..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The editor's problem with a time zone the runtime does not know.
pub fn unknown_zone_problem(lang: Language) -> FieldMessage {
    FieldMessage { field: "time_zone".into(), message: Words(lang).unknown_zone().into() }
}

/// Attendance is kept per session start: an edit may not move or remove a session someone was
/// marked at. `Err` is what to tell the editor.
pub fn keeps_marked_sessions(
    attendance: &std::collections::BTreeMap<i64, Vec<String>>,
    sessions: &[crate::model::Session],
    lang: Language,
) -> Result<(), FieldMessage> {
    let kept = |at: &i64| sessions.iter().any(|s| s.starts_at.timestamp() == *at);
    if attendance.iter().all(|(at, present)| present.is_empty() || kept(at)) {
        return Ok(());
    }
    Err(FieldMessage { field: "sessions".into(), message: Words(lang).marked_session_fixed().into() })
}

/// What is wrong with a group a network wants to save, field by field, in the editor's language.
/// (The zone name is checked by the Worker, which has the runtime's zone list.)
pub fn group_problems(group: &Group, lang: Language) -> Vec<FieldMessage> {
    let (mut problems, words) = (Vec::new(), Words(lang));
    let mut add = |field: &str, message: &str| problems.push(FieldMessage { field: field.into(), message: message.into() });
    if !is_group_id(&group.id) {
        add("id", words.group_id_shape());
    }
    if group.title.en.trim().is_empty() && group.title.es.trim().is_empty() {
        add("title", words.group_title_missing());
    }
    if group.capacity > 10_000 {
        add("capacity", words.capacity_too_large());
    }
    if group.kind.takes_signups() && group.capacity == 0 {
        add("capacity", words.capacity_missing());
    }
    if group.kind.takes_signups() && group.kind != GroupKind::LocalGroup && group.sessions.is_empty() {
        // A local group's meetings are scheduled by its leaders, term by term (`member_space`).
        add("sessions", words.sessions_missing());
    }
    let visitor_problem = |v: &crate::model::Visitor| {
        let long = |t: &str, max: usize| t.chars().count() > max;
        v.name.trim().is_empty()
            || long(&v.name, 120)
            || long(&v.role, 200)
            || [&v.topic.en, &v.topic.es, &v.bring.en, &v.bring.es].into_iter().any(|t| long(t, 200))
            || v.directory_entry.as_deref().is_some_and(|id| !crate::rules::directory::is_entry_id(id))
    };
    if group.sessions.iter().filter_map(|s| s.visitor.as_ref()).any(visitor_problem) {
        add("sessions", words.visitor_shape());
    }
    if group.sessions.iter().any(|s| s.duration_minutes == 0 || s.duration_minutes > SESSION_MINUTES_MAX) {
        add("sessions", words.session_length());
    }
    if let Some(w) = &group.registration {
        if w.opens_at >= w.closes_at {
            add("registration", words.registration_order());
        }
    }
    if !(1..=100).contains(&group.completion_percent) {
        add("completion_percent", words.completion_range());
    }
    if let Format::InPerson { area, point, .. } = &group.format {
        if area.trim().is_empty() {
            add("format.area", words.area_missing());
        }
        if area.chars().count() > PLACE_NAME_MAX || area.chars().any(char::is_control) {
            add("format.area", words.area_shape());
        }
        if point.is_some_and(|p| !p.is_valid()) {
            add("format.point", words.point_range());
        }
    }
    let program_shape = |p: &str| p.chars().count() <= PROGRAM_NAME_MAX && !p.chars().any(char::is_control);
    if group.program.as_deref().is_some_and(|p| !program_shape(p)) {
        add("program", words.program_shape());
    }
    if group.prerequisites.iter().any(|p| p.program().trim().is_empty()) {
        add("prerequisites", words.prerequisite_program_missing());
    } else if group.prerequisites.iter().any(|p| !program_shape(p.program())) {
        add("prerequisites", words.program_shape());
    }
    if group.prerequisites.len() > PREREQUISITES_MAX {
        add("prerequisites", words.too_many_prerequisites());
    }
    problems
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn group() -> Group {
        Group {
            title: Bilingual::new("Caregiver Well-Being", "Bienestar del cuidador"),
            term: Bilingual::new("Spring 2027", "Primavera 2027"),
            program: Some("cos-well-being".into()),
            ..Group::example("cos-well-being-en")
        }
    }

    #[test]
    fn an_edit_may_not_move_or_remove_a_session_someone_was_marked_at() {
        let g = group();
        let first = g.sessions[0].starts_at.timestamp();
        let marked: std::collections::BTreeMap<i64, Vec<String>> = [(first, vec!["s1".to_string()])].into();
        assert!(keeps_marked_sessions(&marked, &g.sessions, Language::En).is_ok());
        let mut moved = g.sessions.clone();
        moved[0].starts_at += chrono::Duration::hours(1);
        let problem = keeps_marked_sessions(&marked, &moved, Language::Es).unwrap_err();
        assert_eq!(problem.field, "sessions");
        assert!(problem.message.contains("asistencia"));
        // A session nobody was marked at moves freely.
        let unmarked: std::collections::BTreeMap<i64, Vec<String>> = [(first, vec![])].into();
        assert!(keeps_marked_sessions(&unmarked, &moved, Language::En).is_ok());
    }

    #[test]
    fn a_device_id_is_one_the_app_makes() {
        let ask = |d: &str| RsvpRequest { device: d.into() };
        assert_eq!(ask("0f3c9a1e-77b2").device(Language::En), Ok("0f3c9a1e-77b2"));
        for bad in ["short", "has space in it", &"x".repeat(65), "ünïcode-device"] {
            let problem = ask(bad).device(Language::Es).unwrap_err();
            assert_eq!(problem.field, "device", "{bad}");
        }
    }

    #[test]
    fn a_well_formed_group_has_no_problems() {
        assert!(group_problems(&group(), Language::En).is_empty());
    }

    #[test]
    fn bad_ids_titles_and_sessions_are_reported() {
        let mut g = group();
        g.id = "Bad Id!".into();
        g.title = Bilingual::default();
        g.sessions.clear();
        let problems = group_problems(&g, Language::Es);
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["id", "title", "sessions"], "{problems:?}");
        assert!(problems[0].message.starts_with("Usa"));
    }

    fn now() -> DateTime<Utc> {
        "2027-02-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn availability_reads_as_spots_full_or_drop_in() {
        assert_eq!(availability(GroupKind::Series, 8, 0, None, now()), Availability::SpotsLeft(8));
        assert_eq!(availability(GroupKind::Series, 0, 12, None, now()), Availability::Full { waiting: 12 });
        assert_eq!(availability(GroupKind::Series, 0, 0, None, now()), Availability::Full { waiting: 0 });
        assert_eq!(availability(GroupKind::DropIn, 0, 0, None, now()), Availability::NoSignupNeeded);
    }

    #[test]
    fn availability_says_when_registration_opens_or_that_it_closed() {
        let window = RegistrationWindow {
            opens_at: "2027-03-03T16:00:00Z".parse().unwrap(),
            closes_at: "2027-03-20T07:00:00Z".parse().unwrap(),
        };
        assert_eq!(
            availability(GroupKind::Series, 12, 0, Some(&window), now()),
            Availability::OpensOn(window.opens_at)
        );
        let later = "2027-04-01T00:00:00Z".parse().unwrap();
        assert_eq!(availability(GroupKind::Series, 12, 0, Some(&window), later), Availability::Closed);
    }

    fn summary(id: &str, program: &str, lang: Language, starts: &str, seats_left: u32) -> GroupSummary {
        let mut g = group();
        g.id = id.into();
        g.program = Some(program.into());
        g.language = lang;
        g.sessions[0].starts_at = starts.parse().unwrap();
        GroupSummary::of(&g, SeatCount { capacity: 12, confirmed: 12 - seats_left, seats_left, waitlist_length: 0 })
    }

    #[test]
    fn the_next_step_is_the_soonest_open_group_of_the_programme_in_the_persons_language() {
        let info = Prerequisite::Attended { program: "cos-info-session".into() };
        let catalogue = vec![
            summary("past-es", "cos-info-session", Language::Es, "2027-01-10T02:00:00Z", 5),
            summary("later-es", "cos-info-session", Language::Es, "2027-02-20T02:00:00Z", 5),
            summary("sooner-en", "cos-info-session", Language::En, "2027-02-05T02:00:00Z", 5),
            summary("full-es", "cos-info-session", Language::Es, "2027-02-06T02:00:00Z", 0),
            summary("other", "cos-well-being", Language::Es, "2027-02-02T02:00:00Z", 5),
        ];
        let catalogue: Vec<CatalogueFacts> = catalogue.iter().map(CatalogueFacts::of).collect();
        assert_eq!(next_step(&info, &catalogue, Language::Es, now()).map(|g| g.id.as_str()), Some("later-es"));
        assert_eq!(next_step(&info, &catalogue, Language::En, now()).map(|g| g.id.as_str()), Some("sooner-en"));
        let none = Prerequisite::Attended { program: "nothing".into() };
        assert_eq!(next_step(&none, &catalogue, Language::Es, now()), None);
    }

    #[test]
    fn a_next_step_reads_only_the_groups_it_names_and_words_them_by_title() {
        let mut g = group();
        g.prerequisites = vec![
            Prerequisite::Attended { program: "cos-info-session".into() },
            Prerequisite::Completed { program: "cos-well-being".into() },
        ];
        let mut info = summary("info-es", "cos-info-session", Language::Es, "2027-02-20T02:00:00Z", 5);
        info.title.es = "Sesión informativa".into();
        let mut well = summary("well-en", "cos-well-being", Language::En, "2027-01-10T02:00:00Z", 5);
        well.title.es = "Bienestar".into();
        let unrelated = summary("other", "something-else", Language::Es, "2027-02-02T02:00:00Z", 5);
        let catalogue: Vec<CatalogueFacts> = [&info, &well, &unrelated].map(CatalogueFacts::of).to_vec();
        use crate::api::NextStep;
        let named = NextStep::groups_named(&g, &catalogue, Language::Es, now());
        assert_eq!(named, ["info-es", "well-en"], "the past group still names its programme");
        let step = NextStep::for_group(&g, &catalogue, &[info.clone(), well], Language::Es, now()).unwrap();
        assert_eq!(step.group_id.as_deref(), Some("info-es"));
        assert!(step.reason.contains("Sesión informativa") && step.reason.contains("Bienestar"), "{}", step.reason);
        // A summary that could not be read words the programme by its name instead.
        let step = NextStep::for_group(&g, &catalogue, &[info], Language::Es, now()).unwrap();
        assert!(step.reason.contains("cos-well-being"), "{}", step.reason);
    }

    #[test]
    fn a_group_names_at_most_a_few_prerequisites_each_a_programme_on_one_line() {
        let mut g = group();
        let needs = |program: String| Prerequisite::Completed { program };
        g.prerequisites = (0..PREREQUISITES_MAX).map(|i| needs(format!("p{i}"))).collect();
        assert!(group_problems(&g, Language::En).is_empty());
        g.prerequisites.push(needs("one-more".into()));
        let refused = group_problems(&g, Language::Es);
        assert_eq!(refused.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["prerequisites"]);
        assert!(refused[0].message.contains('4'), "{}", refused[0].message);
        g.prerequisites = vec![needs("cos\ninfo".into())];
        assert_eq!(group_problems(&g, Language::En).len(), 1, "a programme on one line");
        g.prerequisites = vec![needs("p".repeat(PROGRAM_NAME_MAX + 1))];
        assert_eq!(group_problems(&g, Language::En).len(), 1, "as long as a group's own programme at most");
    }

    #[test]
    fn an_area_or_a_programme_too_long_for_the_catalogue_is_refused() {
        let mut g = group();
        g.program = Some("p".repeat(PROGRAM_NAME_MAX + 1));
        g.format = Format::InPerson { area: "a".repeat(PLACE_NAME_MAX + 1), postcode: "NR2".into(), point: None };
        let fields: Vec<String> = group_problems(&g, Language::En).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["format.area", "program"]);
        g.program = Some("cos\u{1}info".into());
        g.format = Format::InPerson { area: "Norwich".into(), postcode: "NR2".into(), point: None };
        let fields: Vec<String> = group_problems(&g, Language::Es).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["program"], "a control character is refused too");
    }

    #[test]
    fn the_facts_of_any_group_fit_beside_its_key() {
        for long in ["Ñ".repeat(5_000), "\"".repeat(5_000), "\u{1}".repeat(5_000)] {
            facts_fit(&long);
        }
        let mut online = group();
        online.program = Some("\"".repeat(5_000));
        let facts = CatalogueFacts::of(&GroupSummary::of(&online, SeatCount::default()));
        assert!(serde_json::to_string(&facts).unwrap().len() <= CatalogueFacts::JSON_BYTES, "an online group's fit too");
    }

    fn facts_fit(long: &str) {
        let long = long.to_string();
        let mut g = group();
        g.audiences = [Audience::ALL.to_vec(), Audience::ALL.to_vec()].concat();
        g.program = Some(long.clone());
        g.registration = Some(RegistrationWindow { opens_at: now(), closes_at: now() });
        g.format = Format::InPerson {
            area: long.clone(),
            postcode: long.clone(),
            point: Some(crate::model::GeoPoint { lat: -89.123456789, lon: -179.123456789 }),
        };
        g.id = "x".repeat(64);
        let facts = CatalogueFacts::of(&GroupSummary::of(&g, SeatCount { seats_left: u32::MAX, waitlist_length: u32::MAX, ..Default::default() }));
        let bytes = serde_json::to_string(&facts).unwrap().len();
        assert!(bytes <= CatalogueFacts::JSON_BYTES, "{bytes} bytes");
        assert_eq!(facts.audiences.len(), Audience::ALL.len(), "each audience once");
        let Format::InPerson { area, .. } = &facts.format else { panic!("in person") };
        assert!(long.starts_with(area.as_str()) && !area.is_empty(), "cut at a character's edge");
    }

    #[test]
    fn the_detail_is_the_group_with_its_seats_beside_it() {
        let mut g = group();
        g.prerequisites = vec![Prerequisite::Attended { program: "cos-info-session".into() }];
        g.format = Format::InPerson {
            area: "Norwich".into(),
            postcode: "NR2".into(),
            point: Some(crate::model::GeoPoint { lat: 52.63, lon: 1.3 }),
        };
        let programmes = vec![ProgrammeName { program: "info".into(), name: Bilingual::new("Info", "Información") }];
        let detail = GroupDetail { group: g.clone(), seats_left: 3, waitlist_length: 0, programmes };
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["id"], "cos-well-being-en");
        assert_eq!(json["seats_left"], 3);
        // Every field of the group, and only those, beside the seats: the wire shape is in step.
        let mut expected = serde_json::to_value(&g).unwrap();
        // …except the publication state, which only the dashboard needs.
        expected.as_object_mut().unwrap().remove("status");
        expected["seats_left"] = 3.into();
        expected["waitlist_length"] = 0.into();
        expected["programmes"] = serde_json::json!([{ "program": "info", "name": { "en": "Info", "es": "Información" } }]);
        assert_eq!(json, expected);
        let back: GroupDetail = serde_json::from_value(json).unwrap();
        assert_eq!(back, detail);
    }
}

/// `GET /api/groups/{id}/drop-in`: the next session of a drop-in, how many said they'll come,
/// and the join link when it is open (from 15 minutes before the start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DropInStatus {
    #[serde(default, deserialize_with = "crate::wire_time::utc_opt")]
    pub next_session: Option<DateTime<Utc>>,
    pub going: u32,
    pub join_link: Option<String>,
}

/// `POST /api/groups/{id}/rsvps` `{"device": "…"}`: "I'll come" to the next session. The device
/// id (random, kept on the phone) makes a second tap count once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpRequest {
    pub device: String,
}

impl RsvpRequest {
    /// The device id, when it is one the app makes (8–64 of a–z, A–Z, 0–9 and '-'); otherwise
    /// what to tell the person.
    pub fn device(&self, lang: Language) -> Result<&str, FieldMessage> {
        let d = self.device.as_str();
        if (8..=64).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Ok(d);
        }
        Err(FieldMessage { field: "device".into(), message: Words(lang).device_unknown().into() })
    }
}
