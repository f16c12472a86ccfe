//! Registration windows: whether a group takes signups at a given moment.

use chrono::{DateTime, Utc};

use crate::model::{RegistrationWindow, SubscriptionStatus};

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

/// What the scheduled job does with one "tell me when it opens" watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningWatch {
    /// Tell them now, and forget the watch (once per person per group).
    Notify,
    /// Not yet: the group has not opened, or they have not confirmed their address yet (they
    /// are told at the first run after they do, even if that is after the opening).
    Keep,
    /// Nobody to tell any more: they left the updates list, or registration has closed.
    Forget,
}

/// Decided per person, not per group, so someone who confirms after the opening still hears.
/// `subscriber` is `None` when their updates-list entry is gone (erased).
pub fn opening_watch(state: RegistrationState, subscriber: Option<SubscriptionStatus>) -> OpeningWatch {
    match (state, subscriber) {
        (RegistrationState::Closed { .. }, _) | (_, None | Some(SubscriptionStatus::Unsubscribed)) => {
            OpeningWatch::Forget
        }
        (RegistrationState::NotYetOpen { .. }, _) | (_, Some(SubscriptionStatus::Pending)) => OpeningWatch::Keep,
        (RegistrationState::Open, Some(SubscriptionStatus::Confirmed)) => OpeningWatch::Notify,
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

    #[test]
    fn a_watch_is_told_once_open_and_confirmed_kept_until_then_and_forgotten_when_pointless() {
        use SubscriptionStatus::*;
        let (soon, later) = (at("2027-03-03T16:00:00Z"), at("2027-03-24T07:00:00Z"));
        let not_yet = RegistrationState::NotYetOpen { opens_at: soon };
        let closed = RegistrationState::Closed { closed_at: later };
        let open = RegistrationState::Open;
        assert_eq!(opening_watch(open, Some(Confirmed)), OpeningWatch::Notify);
        assert_eq!(opening_watch(open, Some(Pending)), OpeningWatch::Keep, "told once they confirm");
        assert_eq!(opening_watch(not_yet, Some(Confirmed)), OpeningWatch::Keep);
        assert_eq!(opening_watch(not_yet, Some(Pending)), OpeningWatch::Keep);
        assert_eq!(opening_watch(open, Some(Unsubscribed)), OpeningWatch::Forget);
        assert_eq!(opening_watch(not_yet, None), OpeningWatch::Forget, "erased");
        assert_eq!(opening_watch(closed, Some(Confirmed)), OpeningWatch::Forget, "too late to help");
        assert_eq!(opening_watch(closed, Some(Pending)), OpeningWatch::Forget);
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
