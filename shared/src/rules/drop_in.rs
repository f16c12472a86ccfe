//! Drop-in sessions: no signup; the next date is always shown, "I'll come" is counted, and the
//! join link appears from 15 minutes before the start until the session ends.

use chrono::{DateTime, Duration, Utc};

use crate::model::Session;

/// How early before the start the join link is shown.
pub const JOIN_LINK_LEAD_MINUTES: i64 = 15;

/// Whether the join link is shown at `now`.
pub fn join_link_open(session: &Session, now: DateTime<Utc>) -> bool {
    let opens = session.starts_at - Duration::minutes(JOIN_LINK_LEAD_MINUTES);
    let ends = session.starts_at + Duration::minutes(session.duration_minutes.into());
    opens <= now && now < ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bilingual;

    #[test]
    fn the_link_opens_15_minutes_before_and_closes_at_the_end() {
        let start: DateTime<Utc> = "2026-12-02T23:30:00Z".parse().unwrap();
        let s = Session { starts_at: start, duration_minutes: 60, topic: Bilingual::default(), visitor: None };
        assert!(!join_link_open(&s, start - Duration::minutes(16)));
        assert!(join_link_open(&s, start - Duration::minutes(15)));
        assert!(join_link_open(&s, start + Duration::minutes(59)));
        assert!(!join_link_open(&s, start + Duration::minutes(60)));
    }
}
