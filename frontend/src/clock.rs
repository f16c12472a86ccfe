//! The current time, from the browser (`chrono`'s clock is not available on wasm32).

use chrono::{DateTime, Utc};

thread_local! {
    /// While the app takes the Worker's drawing over as it is: when it was drawn
    /// (`i18n::set_taking_over`), so the first render draws the groups' states as they were drawn
    /// even if a registration opens or closes meanwhile (the next render shows it).
    static PINNED: std::cell::Cell<Option<i64>> = const { std::cell::Cell::new(None) };
}

pub fn now() -> DateTime<Utc> {
    let ms = PINNED.get().unwrap_or_else(|| js_sys::Date::now() as i64);
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The time `now` answers until unpinned (`None`).
pub(crate) fn pin(at: Option<DateTime<Utc>>) {
    PINNED.set(at.map(|at| at.timestamp_millis()));
}
