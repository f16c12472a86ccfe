//! Time zones: sessions are stored as UTC instants together with the group's IANA zone.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Whether `name` is an IANA zone, e.g. `Europe/London`.
pub fn is_known_zone(name: &str) -> bool {
    name.parse::<Tz>().is_ok()
}

/// The UTC instant of a wall-clock time in a zone. A time skipped by a daylight-saving jump
/// moves forward to the first valid minute; a repeated time takes its first occurrence.
pub fn local_to_utc(zone: &str, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    let tz: Tz = zone.parse().ok()?;
    let naive = date.and_time(time);
    let mut probe = naive;
    for _ in 0..=120 {
        if let Some(local) = tz.from_local_datetime(&probe).earliest() {
            return Some(local.with_timezone(&Utc));
        }
        probe += chrono::Duration::minutes(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn known_zones_are_recognised() {
        assert!(is_known_zone("America/Los_Angeles"));
        assert!(is_known_zone("Europe/London"));
        assert!(!is_known_zone("Pacific Time"));
        assert!(!is_known_zone(""));
    }

    #[test]
    fn california_evening_is_the_next_utc_morning() {
        // 18:30 PDT (UTC-7) in October.
        let utc = local_to_utc("America/Los_Angeles", d(2026, 10, 6), t(18, 30)).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-10-07T01:30:00+00:00");
        // 18:30 PST (UTC-8) in December.
        let utc = local_to_utc("America/Los_Angeles", d(2026, 12, 1), t(18, 30)).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-12-02T02:30:00+00:00");
    }

    #[test]
    fn a_time_skipped_by_the_clocks_going_forward_moves_to_the_first_real_minute() {
        // 29 March 2026, 01:00 → 02:00 in London; 01:30 does not exist.
        let utc = local_to_utc("Europe/London", d(2026, 3, 29), t(1, 30)).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-03-29T01:00:00+00:00");
    }

    #[test]
    fn a_repeated_time_takes_its_first_occurrence() {
        // 25 October 2026, 02:00 → 01:00 in London; 01:30 happens twice (BST first).
        let utc = local_to_utc("Europe/London", d(2026, 10, 25), t(1, 30)).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn an_unknown_zone_is_none() {
        assert_eq!(local_to_utc("Mars/Olympus", d(2026, 1, 1), t(9, 0)), None);
    }
}
