//! Turning a wall-clock time in a group's zone ("Tuesdays 6:30 PM in Los Angeles") into the
//! UTC instant stored, given only a way to ask a zone's offset at an instant. The dashboard
//! asks the browser's `Intl` (no time-zone database in the bundle); tests use fixed rules.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// The instant at which the zone's clocks show `local`. `offset_minutes` gives the zone's
/// offset from UTC (east positive) at an instant. A time skipped by a daylight-saving jump
/// moves forward by the jump (02:30 on a spring-forward night is 03:30); a
/// repeated time gives its first occurrence.
pub fn utc_from_local(local: NaiveDateTime, offset_minutes: impl Fn(DateTime<Utc>) -> i32) -> DateTime<Utc> {
    let as_utc = local.and_utc();
    let first = as_utc - Duration::minutes(offset_minutes(as_utc).into());
    let second = as_utc - Duration::minutes(offset_minutes(first).into());
    // Either guess may be on the far side of a change; prefer the one that reads back right,
    // earliest first.
    let mut candidates = [first, second];
    candidates.sort();
    candidates
        .into_iter()
        .find(|c| *c + Duration::minutes(offset_minutes(*c).into()) == as_utc)
        .unwrap_or(candidates[1])
}

/// The wall-clock time the zone shows at `at`.
pub fn local_from_utc(at: DateTime<Utc>, offset_minutes: impl Fn(DateTime<Utc>) -> i32) -> NaiveDateTime {
    (at + Duration::minutes(offset_minutes(at).into())).naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    /// Los Angeles in 2027: PDT (−7 h) from 2027-03-14 10:00 UTC to 2027-11-07 09:00 UTC.
    fn los_angeles(at: DateTime<Utc>) -> i32 {
        if at >= t("2027-03-14T10:00:00Z") && at < t("2027-11-07T09:00:00Z") {
            -7 * 60
        } else {
            -8 * 60
        }
    }

    #[test]
    fn evening_sessions_either_side_of_the_change() {
        assert_eq!(utc_from_local(local("2027-03-02T18:30"), los_angeles), t("2027-03-03T02:30:00Z"));
        assert_eq!(utc_from_local(local("2027-03-16T18:30"), los_angeles), t("2027-03-17T01:30:00Z"));
        assert_eq!(local_from_utc(t("2027-03-17T01:30:00Z"), los_angeles), local("2027-03-16T18:30"));
    }

    #[test]
    fn skipped_and_repeated_hours() {
        // 02:30 does not exist on 2027-03-14; the clocks jump at 10:00 UTC.
        assert_eq!(utc_from_local(local("2027-03-14T02:30"), los_angeles), t("2027-03-14T10:30:00Z"));
        // 01:30 happens twice on 2027-11-07: the first (PDT) is taken.
        assert_eq!(utc_from_local(local("2027-11-07T01:30"), los_angeles), t("2027-11-07T08:30:00Z"));
    }

    #[test]
    fn round_trips_through_every_hour_of_a_year() {
        let mut at = t("2027-01-01T00:00:00Z");
        while at < t("2028-01-01T00:00:00Z") {
            let wall = local_from_utc(at, los_angeles);
            let back = utc_from_local(wall, los_angeles);
            // Only the repeated hour in November is ambiguous; it maps to its first occurrence.
            assert!(back == at || back + Duration::hours(1) == at, "{at} → {wall} → {back}");
            at += Duration::minutes(30);
        }
    }
}
