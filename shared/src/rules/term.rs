//! Running a group again: a copy for the next term, dates shifted, as a draft to review.

use chrono::Duration;

use crate::model::{Group, Publication};

/// How far ahead a next term may start: at least a week, at most two years.
pub const WEEKS_AHEAD: std::ops::RangeInclusive<i64> = 1..=104;

/// `group` copied under `new_id` with every session and the registration window moved by
/// `weeks` (whole weeks keep the weekday; the clock time in the group's zone can move by an
/// hour across a daylight-saving change, which the editor shows before publishing).
pub fn next_term(group: &Group, new_id: &str, weeks: i64) -> Group {
    let shift = Duration::weeks(weeks);
    let mut copy = group.clone();
    copy.id = new_id.to_string();
    copy.status = Publication::Draft;
    for session in &mut copy.sessions {
        session.starts_at += shift;
    }
    if let Some(window) = &mut copy.registration {
        window.opens_at += shift;
        window.closes_at += shift;
    }
    copy
}

/// Weeks from the first session of `group` to the first after its last: a sensible default
/// shift (a 6-week series moves to the 7th week).
pub fn default_shift_weeks(group: &Group) -> i64 {
    let first = group.sessions.iter().map(|s| s.starts_at).min();
    let last = group.sessions.iter().map(|s| s.starts_at).max();
    match (first, last) {
        (Some(first), Some(last)) => (last - first).num_weeks() + 1,
        _ => 12,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RegistrationWindow, Session};

    #[test]
    fn the_copy_is_a_draft_with_every_date_moved() {
        let mut g = Group::example("cos-spring");
        let first = g.sessions[0].clone();
        g.sessions.push(Session { starts_at: first.starts_at + Duration::weeks(5), ..first.clone() });
        g.registration = Some(RegistrationWindow {
            opens_at: first.starts_at - Duration::weeks(4),
            closes_at: first.starts_at - Duration::days(1),
        });
        assert_eq!(default_shift_weeks(&g), 6);
        let copy = next_term(&g, "cos-summer", 6);
        assert_eq!(copy.id, "cos-summer");
        assert_eq!(copy.status, Publication::Draft);
        assert_eq!(copy.sessions[0].starts_at, first.starts_at + Duration::weeks(6));
        assert_eq!(copy.sessions[1].starts_at, first.starts_at + Duration::weeks(11));
        let w = copy.registration.unwrap();
        assert_eq!(w.opens_at, first.starts_at + Duration::weeks(2));
        assert_eq!((copy.title, copy.capacity), (g.title, g.capacity));
    }
}
