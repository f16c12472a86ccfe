//! "Add to calendar": an iCalendar file with every session of a person's group, built with the
//! `icalendar` crate. Times are written as UTC instants, which every calendar shows in its own
//! zone, so they are right wherever the person is.

use icalendar::{Calendar, Component, Event, EventLike};

use crate::model::{Format, Group};
use crate::Language;

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
        Format::Virtual => meeting_link.map(str::to_string).unwrap_or_else(|| match lang {
            Language::En => "Online".into(),
            Language::Es => "En línea".into(),
        }),
        Format::InPerson { area, .. } => area.clone(),
    };
    let mut sessions = group.sessions.clone();
    sessions.sort_by_key(|s| s.starts_at);
    for (i, session) in sessions.iter().enumerate() {
        let topic = session.topic.get(lang);
        let summary = if topic.is_empty() { title.to_string() } else { format!("{title}: {topic}") };
        let more = match lang {
            Language::En => format!("Session {} of {}. Manage your spot: {manage_url}", i + 1, sessions.len()),
            Language::Es => format!("Sesión {} de {}. Administra tu lugar: {manage_url}", i + 1, sessions.len()),
        };
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
                },
                Session {
                    starts_at: "2026-12-09T02:30:00Z".parse().unwrap(),
                    duration_minutes: 90,
                    topic: Bilingual::default(),
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
