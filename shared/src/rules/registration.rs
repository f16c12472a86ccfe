//! Registration windows: whether a group takes signups at a given moment.

use chrono::{DateTime, Utc};

use crate::model::RegistrationWindow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationState {
    NotYetOpen { opens_at: DateTime<Utc> },
    Open,
    Closed { closed_at: DateTime<Utc> },
}

/// Open from `opens_at` (inclusive) until `closes_at` (exclusive); no window means always open.
pub fn registration_state(window: Option<&RegistrationWindow>, now: DateTime<Utc>) -> RegistrationState {
    match window {
        None => RegistrationState::Open,
        Some(w) if now < w.opens_at => RegistrationState::NotYetOpen { opens_at: w.opens_at },
        Some(w) if now >= w.closes_at => RegistrationState::Closed { closed_at: w.closes_at },
        Some(_) => RegistrationState::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_window_is_open_from_its_opening_until_its_closing() {
        let w = RegistrationWindow { opens_at: at("2027-03-03T16:00:00Z"), closes_at: at("2027-03-24T07:00:00Z") };
        assert_eq!(
            registration_state(Some(&w), at("2027-03-03T15:59:59Z")),
            RegistrationState::NotYetOpen { opens_at: w.opens_at }
        );
        assert_eq!(registration_state(Some(&w), at("2027-03-03T16:00:00Z")), RegistrationState::Open);
        assert_eq!(registration_state(Some(&w), at("2027-03-24T06:59:59Z")), RegistrationState::Open);
        assert_eq!(
            registration_state(Some(&w), at("2027-03-24T07:00:00Z")),
            RegistrationState::Closed { closed_at: w.closes_at }
        );
    }

    #[test]
    fn no_window_is_always_open() {
        assert_eq!(registration_state(None, at("1999-01-01T00:00:00Z")), RegistrationState::Open);
    }

    proptest! {
        #[test]
        fn the_state_only_moves_forward_in_time(open in 0i64..10_000, len in 0i64..10_000, a in 0i64..25_000, b in 0i64..25_000) {
            let base = at("2027-01-01T00:00:00Z");
            let w = RegistrationWindow { opens_at: base + chrono::Duration::minutes(open), closes_at: base + chrono::Duration::minutes(open + len) };
            let rank = |s: RegistrationState| match s { RegistrationState::NotYetOpen { .. } => 0, RegistrationState::Open => 1, RegistrationState::Closed { .. } => 2 };
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(rank(registration_state(Some(&w), base + chrono::Duration::minutes(early))) <= rank(registration_state(Some(&w), base + chrono::Duration::minutes(late))));
        }
    }
}
