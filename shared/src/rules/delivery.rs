//! Delivering the outbox: attempts, backoff and giving up. Nothing is lost: a message that
//! cannot be sent stays pending until its attempts run out, then is kept as failed.

use chrono::{DateTime, Duration, Utc};

use crate::model::{DeliveryStatus, Message};

/// Attempts before a message is marked failed.
pub const MAX_ATTEMPTS: u32 = 6;

/// Wait after the `attempts`-th failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h.
pub fn backoff(attempts: u32) -> Duration {
    match attempts {
        0 | 1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        _ => Duration::hours(6),
    }
}

/// When the scheduled job may take over a message that a request is attempting right now (a
/// new message, or a resend): until then that attempt owns it, so an overlapping job run does
/// not send it twice; if the attempt never records its result, the job retries after this.
pub fn in_flight_until(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::minutes(2)
}

/// Whether a message should be attempted now.
pub fn is_due(message: &Message, now: DateTime<Utc>) -> bool {
    message.status == DeliveryStatus::Pending && message.next_attempt_at <= now
}

/// The message after a successful attempt.
pub fn delivered(mut message: Message, now: DateTime<Utc>) -> Message {
    message.attempts += 1;
    message.status = DeliveryStatus::Sent;
    message.sent_at = Some(now);
    message.last_error = None;
    message
}

/// The message after a failed attempt: retried later, or failed for good after the last one.
pub fn not_delivered(mut message: Message, now: DateTime<Utc>, error: &str) -> Message {
    message.attempts += 1;
    message.last_error = Some(error.chars().take(500).collect());
    if message.attempts >= MAX_ATTEMPTS {
        message.status = DeliveryStatus::Failed;
    } else {
        message.next_attempt_at = now + backoff(message.attempts);
    }
    message
}

/// An admin's "resend": a failed (or sent) message goes back to pending with fresh attempts.
pub fn resend(mut message: Message, now: DateTime<Utc>) -> Message {
    message.status = DeliveryStatus::Pending;
    message.attempts = 0;
    message.next_attempt_at = in_flight_until(now);
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MessageKind;
    use crate::Language;
    use proptest::prelude::*;

    fn message(now: DateTime<Utc>) -> Message {
        Message {
            id: "m1".into(),
            to: "ana@example.org".into(),
            language: Language::Es,
            kind: MessageKind::Confirmation,
            group_id: None,
            subject: "s".into(),
            body: "b".into(),
            status: DeliveryStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            sent_at: None,
            last_error: None,
        }
    }

    fn t0() -> DateTime<Utc> {
        "2026-11-22T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_failure_is_retried_later_with_growing_waits() {
        let m = not_delivered(message(t0()), t0(), "timeout");
        assert_eq!(m.status, DeliveryStatus::Pending);
        assert_eq!(m.next_attempt_at, t0() + Duration::minutes(1));
        assert!(!is_due(&m, t0()));
        assert!(is_due(&m, t0() + Duration::minutes(1)));
        assert!(backoff(2) < backoff(3) && backoff(3) < backoff(4));
    }

    #[test]
    fn after_the_last_attempt_the_message_is_kept_as_failed() {
        let mut m = message(t0());
        for _ in 0..MAX_ATTEMPTS {
            m = not_delivered(m, t0(), "503");
        }
        assert_eq!(m.status, DeliveryStatus::Failed);
        assert_eq!(m.last_error.as_deref(), Some("503"));
        assert!(!is_due(&m, t0() + Duration::days(30)));
        let again = resend(m, t0());
        assert_eq!((again.status, again.attempts), (DeliveryStatus::Pending, 0));
        assert!(!is_due(&again, t0()), "the resend's own attempt has it for now");
        assert!(is_due(&again, in_flight_until(t0())), "then the job takes over if that attempt never ended");
    }

    #[test]
    fn a_delivery_is_recorded() {
        let m = delivered(not_delivered(message(t0()), t0(), "x"), t0() + Duration::minutes(2));
        assert_eq!((m.status, m.attempts, m.last_error.clone()), (DeliveryStatus::Sent, 2, None));
        assert!(!is_due(&m, t0() + Duration::days(1)));
    }

    proptest! {
        #[test]
        fn attempts_are_bounded_and_a_pending_message_is_never_lost(failures in 0u32..20) {
            let mut m = message(t0());
            let mut now = t0();
            for _ in 0..failures {
                if !is_due(&m, now) { now = m.next_attempt_at; }
                if m.status != DeliveryStatus::Pending { break; }
                m = not_delivered(m, now, "down");
            }
            prop_assert!(m.attempts <= MAX_ATTEMPTS);
            prop_assert!(m.status == DeliveryStatus::Failed || (m.status == DeliveryStatus::Pending && m.next_attempt_at >= now));
            prop_assert_eq!(m.status == DeliveryStatus::Failed, m.attempts == MAX_ATTEMPTS);
        }
    }
}
