//! The current time. `chrono::Utc::now()` has no clock on wasm32-unknown-unknown, so the
//! runtime's `Date.now()` is read instead.

use chrono::{DateTime, Utc};

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(worker::Date::now().as_millis() as i64).unwrap_or_default()
}
