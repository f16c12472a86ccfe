//! The group as the editor holds it while it is typed: text where people type, made from a
//! saved group and read back into the form to send. No browser in here (but the [`Clock`]
//! passed in), so it is tested natively.

use std::rc::Rc;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use village_shared::api::admin::{AdminGroup, GroupForm};
use village_shared::api::{group_problems, FieldMessage};
use village_shared::model::{
    Audience, Bilingual, Format, GeoPoint, Group, GroupKind, GroupPrivate, Incentives, Prerequisite, Publication,
    RegistrationWindow, Session, Visitor, DEFAULT_COMPLETION_PERCENT,
};
use village_shared::Language;
use yew::Reducible;

use crate::admin::zone;
use crate::components::Problems;

/// How a draft reads and writes a time on the group's wall clock (`datetime-local` text). The
/// dashboard asks the browser's `Intl` ([`Clock::BROWSER`]); tests run where there is no
/// `Intl` and bring fixed rules.
#[derive(Clone, Copy)]
pub struct Clock {
    pub parse: fn(&str, &str) -> Option<DateTime<Utc>>,
    pub format: fn(DateTime<Utc>, &str) -> String,
}

impl Clock {
    pub const BROWSER: Clock = Clock { parse: zone::parse_local, format: zone::format_local };
}

#[derive(Clone, PartialEq, Default, Debug)]
pub struct SessionRow {
    pub starts: String,
    pub minutes: String,
    pub topic_en: String,
    pub topic_es: String,
    /// Someone coming to talk; kept while any of it is typed.
    pub visitor: Option<Visitor>,
}

impl SessionRow {
    pub fn visitor_mut(&mut self) -> &mut Visitor {
        self.visitor.get_or_insert_with(Visitor::default)
    }

    /// The visitor to save: none when nothing about them is typed.
    pub fn visitor(&self) -> Option<Visitor> {
        let v = self.visitor.clone()?;
        let texts = [&v.name, &v.role, &v.topic.en, &v.topic.es, &v.bring.en, &v.bring.es];
        let entry = v.directory_entry.as_deref().is_some_and(|e| !e.trim().is_empty());
        (texts.iter().any(|t| !t.trim().is_empty()) || entry).then_some(v)
    }
}

/// The form as typed: text where people type, parsed on save.
#[derive(Clone, PartialEq, Debug)]
pub struct Draft {
    pub id: String,
    pub kind: GroupKind,
    pub language: Language,
    pub audiences: Vec<Audience>,
    pub title: Bilingual,
    pub description: Bilingual,
    pub term: Bilingual,
    pub in_person: bool,
    pub area: String,
    pub postcode: String,
    pub point: Option<GeoPoint>,
    pub time_zone: String,
    pub capacity: String,
    pub sessions: Vec<SessionRow>,
    pub window: bool,
    pub opens: String,
    pub closes: String,
    pub program: String,
    /// "none", "attended" or "completed": the first prerequisite, which the form edits.
    pub prerequisite: String,
    pub prerequisite_program: String,
    /// Any further prerequisites (a group may have several), kept as they are.
    pub other_prerequisites: Vec<Prerequisite>,
    pub completion: String,
    pub stipend: String,
    pub kit: bool,
    pub facilitators: String,
    pub meeting_link: String,
    pub address: String,
    pub status: Publication,
    /// The group's revision when it was opened, sent back so a save cannot undo someone
    /// else's changes made meanwhile.
    pub revision: Option<String>,
}

impl Draft {
    pub fn new() -> Draft {
        Draft {
            id: String::new(),
            kind: GroupKind::Series,
            language: Language::En,
            audiences: vec![Audience::Ffn],
            title: Bilingual::default(),
            description: Bilingual::default(),
            term: Bilingual::default(),
            in_person: false,
            area: String::new(),
            postcode: String::new(),
            point: None,
            time_zone: "America/Los_Angeles".into(),
            capacity: "12".into(),
            sessions: vec![SessionRow { minutes: "90".into(), ..Default::default() }],
            window: false,
            opens: String::new(),
            closes: String::new(),
            program: String::new(),
            prerequisite: "none".into(),
            prerequisite_program: String::new(),
            other_prerequisites: vec![],
            completion: DEFAULT_COMPLETION_PERCENT.to_string(),
            stipend: String::new(),
            kit: false,
            facilitators: String::new(),
            meeting_link: String::new(),
            address: String::new(),
            status: Publication::Draft,
            revision: None,
        }
    }

    pub fn from_group(g: &AdminGroup, clock: Clock) -> Draft {
        let group = &g.group;
        let zone = group.time_zone.as_str();
        let local = |at: DateTime<Utc>| (clock.format)(at, zone);
        let mut sessions = group.sessions.clone();
        sessions.sort_by_key(|s| s.starts_at);
        let (in_person, area, postcode, point) = match &group.format {
            Format::Virtual => (false, String::new(), String::new(), None),
            Format::InPerson { area, postcode, point } => (true, area.clone(), postcode.clone(), *point),
        };
        let (prerequisite, prerequisite_program) = match group.prerequisites.first() {
            Some(Prerequisite::Attended { program }) => ("attended", program.clone()),
            Some(Prerequisite::Completed { program }) => ("completed", program.clone()),
            None => ("none", String::new()),
        };
        let private = g.private.clone().unwrap_or_default();
        Draft {
            id: group.id.clone(),
            kind: group.kind,
            language: group.language,
            audiences: group.audiences.clone(),
            title: group.title.clone(),
            description: group.description.clone(),
            term: group.term.clone(),
            in_person,
            area,
            postcode,
            point,
            time_zone: group.time_zone.clone(),
            capacity: group.capacity.to_string(),
            sessions: sessions
                .iter()
                .map(|s| SessionRow {
                    starts: local(s.starts_at),
                    minutes: s.duration_minutes.to_string(),
                    topic_en: s.topic.en.clone(),
                    topic_es: s.topic.es.clone(),
                    visitor: s.visitor.clone(),
                })
                .collect(),
            window: group.registration.is_some(),
            opens: group.registration.map(|w| local(w.opens_at)).unwrap_or_default(),
            closes: group.registration.map(|w| local(w.closes_at)).unwrap_or_default(),
            program: group.program.clone().unwrap_or_default(),
            prerequisite: prerequisite.into(),
            prerequisite_program,
            other_prerequisites: group.prerequisites.iter().skip(1).cloned().collect(),
            completion: group.completion_percent.to_string(),
            stipend: group.incentives.stipend.map(|s| s.to_string()).unwrap_or_default(),
            kit: group.incentives.kit,
            facilitators: group.facilitators.join(", "),
            meeting_link: private.meeting_link.unwrap_or_default(),
            address: private.address.unwrap_or_default(),
            status: group.status,
            revision: g.revision.clone(),
        }
    }

    /// The form to send, or what is wrong by field: first what cannot even be read (dates,
    /// numbers), then the rules the Worker applies (`group_problems`), so a save it would
    /// refuse is not sent.
    pub fn to_form(&self, lang: Language, clock: Clock) -> Result<GroupForm, Vec<FieldMessage>> {
        let tr = crate::i18n::Tr(lang);
        let mut unread = Vec::new();
        let mut problem =
            |field: &str, message: &str| unread.push(FieldMessage { field: field.into(), message: message.into() });
        let zone = self.time_zone.trim();
        let number = |text: &str| text.trim().parse::<u32>().ok();
        let capacity = number(&self.capacity).unwrap_or_else(|| {
            problem("capacity", tr.invalid_number());
            0
        });
        let completion = number(&self.completion).filter(|c| *c <= 100).unwrap_or_else(|| {
            problem("completion_percent", tr.invalid_number());
            0
        });
        let stipend = if self.stipend.trim().is_empty() {
            None
        } else {
            number(&self.stipend).or_else(|| {
                problem("stipend", tr.invalid_number());
                None
            })
        };
        let mut sessions = Vec::new();
        for (i, row) in self.sessions.iter().enumerate() {
            let at = |part: &str| format!("sessions.{i}.{part}");
            match ((clock.parse)(&row.starts, zone), row.minutes.trim().parse::<u16>()) {
                (Some(starts_at), Ok(minutes)) => sessions.push(Session {
                    starts_at,
                    duration_minutes: minutes,
                    topic: Bilingual::new(row.topic_en.trim(), row.topic_es.trim()),
                    visitor: row.visitor(),
                }),
                (None, _) => problem(&at("starts"), tr.invalid_date()),
                (_, Err(_)) => problem(&at("minutes"), tr.invalid_number()),
            }
        }
        if self.prerequisite != "none" && self.prerequisite_program.trim().is_empty() {
            problem("prerequisites", tr.prerequisite_program_needed());
        }
        let registration = if self.window {
            match ((clock.parse)(&self.opens, zone), (clock.parse)(&self.closes, zone)) {
                (Some(opens_at), Some(closes_at)) => Some(RegistrationWindow { opens_at, closes_at }),
                _ => {
                    problem("registration", tr.invalid_date());
                    None
                }
            }
        } else {
            None
        };
        let text = |b: &Bilingual| Bilingual::new(b.en.trim(), b.es.trim());
        let optional = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let mut prerequisites = match (self.prerequisite.as_str(), optional(&self.prerequisite_program)) {
            ("attended", Some(program)) => vec![Prerequisite::Attended { program }],
            ("completed", Some(program)) => vec![Prerequisite::Completed { program }],
            _ => vec![],
        };
        prerequisites.extend(self.other_prerequisites.iter().cloned());
        let group = Group {
            id: self.id.trim().to_string(),
            kind: self.kind,
            title: text(&self.title),
            description: text(&self.description),
            audiences: self.audiences.clone(),
            language: self.language,
            format: if self.in_person {
                Format::InPerson {
                    area: self.area.trim().into(),
                    postcode: self.postcode.trim().into(),
                    point: self.point,
                }
            } else {
                Format::Virtual
            },
            time_zone: zone.to_string(),
            capacity,
            term: text(&self.term),
            facilitators: self.facilitators.split(',').filter_map(optional).collect(),
            sessions,
            incentives: Incentives { stipend, kit: self.kit },
            program: optional(&self.program),
            registration,
            prerequisites,
            completion_percent: completion as u8,
            status: self.status,
        };
        // What could not be read is told as that; the rules' word on it (read as 0, or left
        // out) would only be noise until it reads.
        let told = Problems::new(unread.clone());
        let mut problems = unread;
        problems.extend(group_problems(&group, lang).into_iter().filter(|p| !told.has(&p.field)));
        if !problems.is_empty() {
            return Err(problems);
        }
        let private = GroupPrivate { meeting_link: optional(&self.meeting_link), address: optional(&self.address) };
        Ok(GroupForm { group, private: Some(private), revision: self.revision.clone() })
    }

    /// Another session: a week after the last on the wall clock, for as long (how series run;
    /// the same hour across a change to or from daylight saving time).
    pub fn add_session(&mut self) {
        let last = self.sessions.last().cloned().unwrap_or_default();
        let starts = a_week_after(&last.starts).unwrap_or_default();
        let minutes = if last.minutes.trim().is_empty() { "90".to_string() } else { last.minutes };
        self.sessions.push(SessionRow { starts, minutes, ..Default::default() });
    }

    pub fn set_audience(&mut self, audience: Audience, on: bool) {
        self.audiences.retain(|a| *a != audience);
        if on {
            self.audiences.push(audience);
        }
    }

    pub fn set_postcode(&mut self, postcode: String) {
        // A new ZIP or postcode: the Worker finds its centre again.
        self.postcode = postcode;
        self.point = None;
    }
}

/// `2027-03-02T18:30` (or with a space, as typed where there is no date picker) a week later.
fn a_week_after(local: &str) -> Option<String> {
    let local = local.trim();
    let at = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some((at + Duration::weeks(1)).format("%Y-%m-%dT%H:%M").to_string())
}

/// The zones offered: the usual ones, and first the group's own when it is another one the
/// browser knows (`known`).
pub fn zone_choices(current: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let mut zones: Vec<String> = zone::CHOICES.iter().map(|z| z.to_string()).collect();
    if !zones.iter().any(|z| z == current) && known(current) {
        zones.insert(0, current.to_string());
    }
    zones
}

/// One change to the draft (a reducer, so quick typing never works on a stale copy).
pub struct Edit(Box<dyn FnOnce(&mut Draft)>);

impl Edit {
    pub fn new(change: impl FnOnce(&mut Draft) + 'static) -> Edit {
        Edit(Box::new(change))
    }
}

impl Reducible for Draft {
    type Action = Edit;
    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        let mut next = (*self).clone();
        (action.0)(&mut next);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use village_shared::api::SeatCount;
    use village_shared::rules::wall_clock::{local_from_utc, utc_from_local};

    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Fixed rules where the browser would ask `Intl`: Los Angeles in 2027 (PDT, −7 h, from
    /// 14 March to 7 November; PST, −8 h, otherwise), and London in winter (UTC).
    fn offset(zone: &str, at: DateTime<Utc>) -> i32 {
        match zone {
            "America/Los_Angeles" if at >= t("2027-03-14T10:00:00Z") && at < t("2027-11-07T09:00:00Z") => -7 * 60,
            "America/Los_Angeles" => -8 * 60,
            _ => 0,
        }
    }

    const CLOCK: Clock = Clock {
        parse: |local, zone| {
            let local = NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M").ok()?;
            Some(utc_from_local(local, |at| offset(zone, at)))
        },
        format: |at, zone| local_from_utc(at, |at| offset(zone, at)).format("%Y-%m-%dT%H:%M").to_string(),
    };

    fn saved() -> AdminGroup {
        let visitor = Visitor {
            name: "Jo Lane".into(),
            role: "Health visitor".into(),
            topic: Bilingual::new("Sleep", "El sueño"),
            language: Language::Es,
            bring: Bilingual::new("Your child's red book", "El libro rojo"),
            directory_entry: None,
        };
        let group = Group {
            id: "caregiver-circle-en".into(),
            kind: GroupKind::Series,
            title: Bilingual::new("Caregiver Circle", "Círculo de cuidadoras"),
            description: Bilingual::new("Time for you.", "Tiempo para ti."),
            audiences: vec![Audience::Fcch, Audience::Ffn],
            language: Language::En,
            format: Format::InPerson {
                area: "Eastside".into(),
                postcode: "90001".into(),
                point: Some(GeoPoint { lat: 33.97, lon: -118.25 }),
            },
            time_zone: "America/Los_Angeles".into(),
            capacity: 12,
            term: Bilingual::new("Spring 2027", "Primavera 2027"),
            facilitators: vec!["Ana Ruiz".into(), "Lucía Díaz".into()],
            sessions: vec![
                Session {
                    starts_at: t("2027-03-10T02:30:00Z"),
                    duration_minutes: 90,
                    topic: Bilingual::new("Welcome", "Bienvenida"),
                    visitor: None,
                },
                Session {
                    starts_at: t("2027-03-17T01:30:00Z"),
                    duration_minutes: 120,
                    topic: Bilingual::default(),
                    visitor: Some(visitor),
                },
            ],
            incentives: Incentives { stipend: Some(150), kit: true },
            program: Some("cos-well-being".into()),
            registration: Some(RegistrationWindow {
                opens_at: t("2027-02-01T16:00:00Z"),
                closes_at: t("2027-03-09T08:00:00Z"),
            }),
            prerequisites: vec![
                Prerequisite::Completed { program: "cos-intro".into() },
                Prerequisite::Attended { program: "cos-info".into() },
            ],
            completion_percent: 75,
            status: Publication::Published,
        };
        AdminGroup {
            group,
            count: SeatCount { capacity: 12, confirmed: 3, seats_left: 9, waitlist_length: 0 },
            private: Some(GroupPrivate { meeting_link: None, address: Some("12 Oak Street".into()) }),
            revision: Some("r-1".into()),
        }
    }

    /// A new group with what the rules ask for typed in.
    fn typed() -> Draft {
        let mut draft = Draft::new();
        draft.id = "caregiver-circle-es".into();
        draft.title.es = "Círculo de cuidadoras".into();
        draft.sessions[0].starts = "2027-03-02T18:30".into();
        draft
    }

    fn fields(problems: &[FieldMessage]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_draft_of_a_saved_group_saves_the_same_group() {
        let group = saved();
        let draft = Draft::from_group(&group, CLOCK);
        assert_eq!(draft.sessions[0].starts, "2027-03-09T18:30", "shown on the group's clock");
        assert_eq!(draft.sessions[1].starts, "2027-03-16T18:30", "the same hour after the change to summer time");
        assert_eq!(draft.facilitators, "Ana Ruiz, Lucía Díaz");
        let form = draft.to_form(Language::En, CLOCK).unwrap();
        assert_eq!(form.group, group.group);
        assert_eq!(form.private, group.private);
        assert_eq!(form.revision.as_deref(), Some("r-1"), "sent back, so a save cannot undo someone else's");
    }

    #[test]
    fn sessions_are_read_on_the_groups_own_clock_in_the_order_typed() {
        let mut draft = typed();
        draft.sessions[0].minutes = " 60 ".into();
        draft.sessions[0].topic_en = " Welcome ".into();
        draft.sessions.push(SessionRow {
            starts: "2027-03-16T18:30".into(),
            minutes: "90".into(),
            ..Default::default()
        });
        let form = draft.to_form(Language::En, CLOCK).unwrap();
        let sessions = &form.group.sessions;
        assert_eq!((sessions[0].starts_at, sessions[0].duration_minutes), (t("2027-03-03T02:30:00Z"), 60));
        assert_eq!(sessions[0].topic, Bilingual::new("Welcome", ""));
        assert_eq!(sessions[1].starts_at, t("2027-03-17T01:30:00Z"), "summer time in Los Angeles");
        assert_eq!(form.group.time_zone, "America/Los_Angeles");
        assert_eq!(form.private, Some(GroupPrivate::default()));
        assert_eq!(form.revision, None);

        draft.time_zone = "Europe/London".into();
        let form = draft.to_form(Language::En, CLOCK).unwrap();
        assert_eq!(form.group.sessions[0].starts_at, t("2027-03-02T18:30:00Z"));
    }

    #[test]
    fn a_new_draft_saved_as_it_is_is_told_its_id_title_and_first_session_are_missing() {
        let problems = Draft::new().to_form(Language::En, CLOCK).unwrap_err();
        assert_eq!(fields(&problems), ["sessions.0.starts", "id", "title"]);
    }

    #[test]
    fn what_does_not_read_as_a_number_or_a_date_is_told_once_by_its_field() {
        let mut draft = typed();
        draft.capacity = "twelve".into();
        draft.completion = "150".into();
        draft.stipend = "lots".into();
        draft.sessions.push(SessionRow {
            starts: "2027-03-09T18:30".into(),
            minutes: String::new(),
            ..Default::default()
        });
        draft.sessions.push(SessionRow { starts: "next tuesday".into(), minutes: "90".into(), ..Default::default() });
        draft.window = true;
        draft.opens = "2027-02-01T08:00".into();
        draft.prerequisite = "attended".into();
        let problems = draft.to_form(Language::Es, CLOCK).unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "capacity",
                "completion_percent",
                "stipend",
                "sessions.1.minutes",
                "sessions.2.starts",
                "prerequisites",
                "registration"
            ]
        );
        let tr = crate::i18n::Tr(Language::Es);
        assert_eq!(problems[0].message, tr.invalid_number(), "not also 'needs at least one seat'");
        assert_eq!(problems[4].message, tr.invalid_date());
        assert_eq!(problems[5].message, tr.prerequisite_program_needed());
    }

    #[test]
    fn the_rules_the_worker_applies_are_checked_before_sending() {
        let mut draft = typed();
        draft.capacity = "0".into();
        draft.in_person = true;
        draft.window = true;
        draft.opens = "2027-03-01T09:00".into();
        draft.closes = "2027-02-01T09:00".into();
        let problems = draft.to_form(Language::Es, CLOCK).unwrap_err();
        assert_eq!(fields(&problems), ["capacity", "registration", "format.area"]);
        assert!(problems[0].message.contains("lugar"), "in the editor's language: {}", problems[0].message);
    }

    #[test]
    fn a_new_session_comes_a_week_after_the_last_at_the_same_hour_and_for_as_long() {
        let mut draft = typed();
        draft.sessions[0] =
            SessionRow { starts: "2027-03-10 18:30".into(), minutes: "120".into(), ..Default::default() };
        draft.add_session();
        assert_eq!(draft.sessions[1].starts, "2027-03-17T18:30", "on the wall clock, across the change of hour");
        assert_eq!(draft.sessions[1].minutes, "120");
        let mut blank = Draft::new();
        blank.sessions.clear();
        blank.add_session();
        assert_eq!(blank.sessions, [SessionRow { minutes: "90".into(), ..Default::default() }]);
    }

    #[test]
    fn a_visitor_is_saved_only_once_something_about_them_is_typed() {
        let mut row = SessionRow::default();
        row.visitor_mut().name = "  ".into();
        assert_eq!(row.visitor(), None);
        row.visitor_mut().role = "Health visitor".into();
        assert_eq!(row.visitor().map(|v| v.role), Some("Health visitor".to_string()));
    }

    #[test]
    fn audiences_are_ticked_once_and_a_new_postcode_forgets_the_old_point() {
        let mut draft = Draft::from_group(&saved(), CLOCK);
        draft.set_audience(Audience::Ffn, true);
        draft.set_audience(Audience::Fcch, false);
        assert_eq!(draft.audiences, [Audience::Ffn]);
        draft.set_postcode("90002".into());
        assert_eq!((draft.postcode.as_str(), draft.point), ("90002", None));
    }

    #[test]
    fn a_group_in_a_zone_not_on_the_list_keeps_it_first_among_the_choices() {
        assert_eq!(zone_choices("America/Boise", |_| true)[0], "America/Boise");
        assert_eq!(zone_choices("America/Boise", |_| false), zone::CHOICES);
        assert_eq!(zone_choices("America/Chicago", |_| true), zone::CHOICES);
    }

    #[test]
    fn an_edit_changes_a_copy_and_leaves_the_draft_it_was_given() {
        let before = Rc::new(Draft::new());
        let after = before.clone().reduce(Edit::new(|d| d.capacity = "3".into()));
        assert_eq!((before.capacity.as_str(), after.capacity.as_str()), ("12", "3"));
    }
}
