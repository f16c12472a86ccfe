//! "Add to calendar": an iCalendar file with every session of a person's group (or, for a local
//! group, the meetings a member has not turned down), built with the `icalendar` crate. Times are written as UTC instants, which every calendar shows in its own
//! zone, so they are right wherever the person is.

use icalendar::{Calendar, Component, Event, EventLike};

use crate::api::local_group::{Attendance, MemberMeeting};
use crate::model::{Format, Group};
use crate::Language;
use crate::text::Words;

/// The calendar of `group`'s sessions for one person (`signup_id` keeps event ids stable, so
/// re-importing updates rather than duplicates). `manage_url` goes in every event.
pub fn group_calendar(
    group: &Group,
    signup_id: &str,
    lang: Language,
    manage_url: &str,
    meeting_link: Option<&str>,
) -> String {
    let title = group.title.get(lang);
    let mut calendar = Calendar::new();
    calendar.name(title);
    let place = match &group.format {
        Format::Virtual => meeting_link.map(str::to_string).unwrap_or_else(|| Words(lang).online().into()),
        Format::InPerson { area, .. } => area.clone(),
    };
    let mut sessions = group.sessions.clone();
    sessions.sort_by_key(|s| s.starts_at);
    for (i, session) in sessions.iter().enumerate() {
        let topic = session.topic.get(lang);
        let summary = if topic.is_empty() { title.to_string() } else { format!("{title}: {topic}") };
        let visitor = session.visitor.as_ref().map(|v| format!("{}\n", v.line(lang))).unwrap_or_default();
        let more = format!("{visitor}{}", Words(lang).session_of(i + 1, sessions.len(), manage_url));
        let event = Event::new()
            .uid(&format!("{}-{}-{signup_id}@village", group.id, session.starts_at.timestamp()))
            .summary(&summary)
            .description(&more)
            .location(&place)
            .starts(session.starts_at)
            .ends(session.starts_at + chrono::Duration::minutes(session.duration_minutes.into()))
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

/// A member's calendar of their local group's meetings, as the member space shows them: the
/// setting and address only where that member may see them (`MemberMeeting` carries them only
/// then), otherwise the area. Meetings they said "Not this time" to, and past ones, are left out.
pub fn meetings_calendar(
    title: &str,
    meetings: &[MemberMeeting],
    signup_id: &str,
    lang: Language,
    member_url: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let mut calendar = Calendar::new();
    calendar.name(title);
    let upcoming = meetings.iter().filter(|m| m.mine != Attendance::NotComing && m.meeting.starts_at > now);
    for m in upcoming {
        let place = match (&m.setting, &m.address) {
            (Some(setting), Some(address)) => format!("{setting}, {address}"),
            _ => m.meeting.area.clone(),
        };
        let more = match (lang, m.mine) {
            (Language::En, Attendance::Coming) => format!("You're coming. Your member space: {member_url}"),
            (Language::En, _) => format!("Say whether you're coming (the address is shown then): {member_url}"),
            (Language::Es, Attendance::Coming) => format!("Vas a venir. Tu espacio de miembro: {member_url}"),
            (Language::Es, _) => format!("Di si vienes (entonces se muestra la dirección): {member_url}"),
        };
        let event = Event::new()
            .uid(&format!("{}-{signup_id}@village", m.meeting.id))
            .summary(title)
            .description(&more)
            .location(&place)
            .starts(m.meeting.starts_at)
            .ends(m.meeting.starts_at + chrono::Duration::minutes(m.meeting.duration_minutes.into()))
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bilingual, Session};

    fn group() -> Group {
        Group {
            title: Bilingual::new("Caregiver Well-Being", "Bienestar de quien cuida"),
            language: Language::Es,
            sessions: vec![
                Session {
                    starts_at: "2026-12-16T02:30:00Z".parse().unwrap(),
                    duration_minutes: 90,
                    topic: Bilingual::new("Strengths", "Fortalezas"),
                    visitor: Some(crate::model::Visitor {
                        name: "Ana Ruiz".into(),
                        role: "Speech and language therapist".into(),
                        topic: Bilingual::new("first words", "las primeras palabras"),
                        language: Language::Es,
                        ..Default::default()
                    }),
                },
                Session {
                    starts_at: "2026-12-09T02:30:00Z".parse().unwrap(),
                    duration_minutes: 90,
                    topic: Bilingual::default(),
                    visitor: None,
                },
            ],
            ..Group::example("cos-bienestar-es")
        }
    }

    #[test]
    fn every_session_is_an_event_at_its_utc_instant() {
        let ics = group_calendar(&group(), "s1", Language::Es, "https://v.example/manage/t", None);
        let parsed: Calendar = ics.parse().expect("a valid iCalendar file");
        let events: Vec<&Event> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 2);
        assert!(ics.contains("DTSTART:20261209T023000Z"), "{ics}");
        assert!(ics.contains("DTEND:20261209T040000Z"), "{ics}");
        assert!(ics.contains("SUMMARY:Bienestar de quien cuida: Fortalezas"), "{ics}");
        assert!(ics.contains("LOCATION:En línea"));
        assert!(ics.contains("https://v.example/manage/t"));
        // The visitor is in the session's description (folded at 75 octets by the writer).
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("Visita: Ana Ruiz (Speech and language therapist) sobre las primeras palabras"), "{ics}");
    }

    fn meeting(id: &str, days: i64, mine: Attendance, address: Option<&str>) -> MemberMeeting {
        use crate::api::local_group::MeetingView;
        let starts_at = "2027-01-10T19:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap()
            + chrono::Duration::days(days);
        MemberMeeting {
            meeting: MeetingView {
                id: id.into(),
                starts_at,
                duration_minutes: 120,
                area: "Dereham".into(),
                going: 1,
                places: 10,
                waiting: 0,
                has_host: true,
                agenda_closes_at: starts_at - chrono::Duration::hours(48),
                agenda_final: false,
                agenda: vec![],
            },
            mine,
            hosting: false,
            setting: address.map(|_| "Little Acorns".to_string()),
            address: address.map(str::to_string),
            access_notes: None,
        }
    }

    #[test]
    fn a_members_meetings_carry_the_address_only_where_they_may_see_it() {
        let now = "2027-01-01T00:00:00Z".parse().unwrap();
        let meetings = [
            meeting("m1", 0, Attendance::Coming, Some("12 Orchard Way")),
            meeting("m2", 30, Attendance::NoAnswer, None),
            meeting("m3", 60, Attendance::NotComing, None),
            meeting("m0", -30, Attendance::Coming, Some("1 Old Road")),
        ];
        let ics = meetings_calendar("King's Lynn managers", &meetings, "s1", Language::En, "https://v.example/member/t", now);
        let parsed: Calendar = ics.parse().expect("a valid iCalendar file");
        assert_eq!(parsed.components.iter().filter_map(|c| c.as_event()).count(), 2, "{ics}");
        assert!(ics.contains("LOCATION:Little Acorns\\, 12 Orchard Way"), "{ics}");
        assert!(ics.contains("LOCATION:Dereham"), "{ics}");
        assert!(!ics.contains("Old Road"), "past meetings are left out: {ics}");
        assert!(ics.contains("UID:m1-s1@village"), "{ics}");
    }

    #[test]
    fn a_confirmed_persons_calendar_carries_the_meeting_link_and_ids_are_stable() {
        let a = group_calendar(&group(), "s1", Language::En, "u", Some("https://meet.example/abc"));
        let b = group_calendar(&group(), "s1", Language::En, "u", Some("https://meet.example/abc"));
        assert!(a.contains("LOCATION:https://meet.example/abc"));
        let uids = |s: &str| s.lines().filter(|l| l.starts_with("UID:")).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(uids(&a), uids(&b));
    }
}
