//! A group's wall clock in the editor. Sessions are stored as UTC instants; people planning a
//! group think in the group's own zone ("Tuesdays 6:30 PM in Los Angeles"). The browser's
//! `Intl` knows every zone's offsets, so the dashboard carries no time-zone database; the
//! conversion itself is the shared rule `rules::wall_clock`.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use js_sys::{Date, Intl, Object, Reflect};
use village_shared::rules::wall_clock::{local_from_utc, utc_from_local};
use wasm_bindgen::JsValue;

/// `new Intl.DateTimeFormat("en-US", {timeZone, hourCycle: "h23", …numeric parts})`, or `None`
/// for a zone the runtime does not know (the constructor throws).
fn formatter(zone: &str) -> Option<Intl::DateTimeFormat> {
    let options = Object::new();
    for (k, v) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ] {
        let _ = Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    crate::i18n::format::construct("en-US", &options)
}

pub fn is_known(zone: &str) -> bool {
    !zone.trim().is_empty() && formatter(zone).is_some()
}

/// The zone's offset from UTC at `at`, in minutes (east positive); 0 for an unknown zone.
pub fn offset_minutes(zone: &str, at: DateTime<Utc>) -> i32 {
    let Some(formatter) = formatter(zone) else { return 0 };
    let at = at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(at);
    let parts = formatter.format_to_parts(&Date::new(&JsValue::from_f64(at.timestamp_millis() as f64)));
    let mut fields = [0u32; 5];
    for part in parts.iter() {
        let get = |key: &str| Reflect::get(&part, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
        let (Some(kind), Some(value)) = (get("type"), get("value")) else { continue };
        let index = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            _ => continue,
        };
        fields[index] = value.parse().unwrap_or(0);
    }
    chrono::NaiveDate::from_ymd_opt(fields[0] as i32, fields[1], fields[2])
        .and_then(|d| d.and_hms_opt(fields[3] % 24, fields[4], 0))
        .map_or(0, |wall| (wall.and_utc() - at).num_minutes() as i32)
}

/// `2027-03-02T18:30` (the value of a datetime-local field) in `zone` → UTC.
pub fn parse_local(value: &str, zone: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let local = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some(utc_from_local(local, |at| offset_minutes(zone, at)))
}

/// UTC → the `datetime-local` value in `zone`.
pub fn format_local(at: DateTime<Utc>, zone: &str) -> String {
    local_from_utc(at, |t| offset_minutes(zone, t)).format("%Y-%m-%dT%H:%M").to_string()
}

/// The zones the editor offers (the networks' own; a group already in another zone keeps it).
pub const CHOICES: &[&str] = &[
    "America/Los_Angeles",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/New_York",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Europe/London",
];
