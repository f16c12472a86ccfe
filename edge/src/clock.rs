//! The current time. `chrono::Utc::now()` has no clock on wasm32-unknown-unknown, so the
//! runtime's `Date.now()` is read instead.
//!
//! In development the clock can be moved forward (`PUT /api/dev/clock`), so a person trying the
//! app, or a test, can see what time does: an election close, a term end and the access that
//! goes with it. The offset travels with every call to an object (a header), so the Worker and
//! the objects agree. Outside development it is always zero.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

/// The header that carries the development clock's offset to an object.
pub const OFFSET_HEADER: &str = "x-village-clock-offset";

static OFFSET_MS: AtomicI64 = AtomicI64::new(0);

pub fn now() -> DateTime<Utc> {
    let real = worker::Date::now().as_millis() as i64;
    DateTime::from_timestamp_millis(real + offset_ms()).unwrap_or_default()
}

pub fn offset_ms() -> i64 {
    OFFSET_MS.load(Ordering::Relaxed)
}

/// Development only (the callers check): move the clock `ms` ahead of the real time.
pub fn set_offset_ms(ms: i64) {
    OFFSET_MS.store(ms, Ordering::Relaxed);
}
