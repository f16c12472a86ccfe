//! Dates, times and numbers, formatted by the browser (`Intl`), which knows the viewer's time
//! zone and each locale's conventions (12- or 24-hour clock, day/month order). Keeping this in
//! the browser keeps a time-zone database out of the app's download.

use chrono::{DateTime, Utc};
use js_sys::{Array, Date, Intl, Object, Reflect};
use village_shared::i18n::DATE_TIME_PARTS;
use village_shared::Language;
use wasm_bindgen::JsValue;

/// The locale for formatting: the browser's own tag when it is in the chosen language (so an
/// `en-GB` phone gets a 24-hour clock), otherwise the language's default.
pub fn locale(lang: Language) -> String {
    web_sys::window()
        .filter(|_| viewer_known())
        .and_then(|window| window.navigator().language())
        .filter(|tag| Language::from_tag(tag) == Some(lang))
        .unwrap_or_else(|| lang.locale().to_string())
}

thread_local! {
    /// The app is taking the Worker's drawing over as it is (`app::start_first_load`): until
    /// then, it draws what the Worker drew.
    static TAKING_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a page is drawn for its viewer, in the viewer's browser (zone, device, storage).
/// Not where the Worker renders the public pages with the same components, which knows no
/// viewer; nor in the app's first render over the Worker's drawing, which must draw the same
/// page to take it over (yew's hydration) — the app draws the viewer's once it has.
pub fn viewer_known() -> bool {
    !TAKING_OVER.get() && web_sys::window().is_some()
}

/// The app's next render takes over the Worker's drawing, drawn at that time (`Some`), or has
/// (`None`): until then, the clock says when it was drawn (`clock::pin`).
pub fn set_taking_over(drawn_at: Option<chrono::DateTime<chrono::Utc>>) {
    TAKING_OVER.set(drawn_at.is_some());
    crate::clock::pin(drawn_at);
}

fn options(pairs: &[(&str, &str)], zone: Option<&str>) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    if let Some(zone) = zone {
        let _ = Reflect::set(&o, &JsValue::from_str("timeZone"), &JsValue::from_str(zone));
    }
    o
}

/// The most formatters kept (a page uses a handful: a few styles, a few zones).
const FORMATTERS_KEPT: usize = 32;

thread_local! {
    /// Formatters by locale, options and zone. Making one is the costliest step of formatting
    /// (it loads the locale's data): on a slow phone, a catalogue page making one per date spent
    /// more of the app's start there than in all of its Wasm.
    static FORMATTERS: std::cell::RefCell<Vec<(String, Intl::DateTimeFormat)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `new Intl.DateTimeFormat(locale, options)`, or `None` where it throws.
pub(crate) fn construct(locale: &str, options: &Object) -> Option<Intl::DateTimeFormat> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")).ok()?.into();
    let arguments = Array::of2(&JsValue::from_str(locale), options);
    Reflect::construct(&constructor, &arguments).ok().map(Into::into)
}

fn formatter(lang: Language, pairs: &[(&str, &str)], zone: Option<&str>) -> Intl::DateTimeFormat {
    let locale = locale(lang);
    let mut key = format!("{locale}|{}", zone.unwrap_or_default());
    for (k, v) in pairs {
        key.extend(["|", k, "=", v]);
    }
    FORMATTERS.with_borrow_mut(|kept| {
        if let Some((_, formatter)) = kept.iter().find(|(k, _)| *k == key) {
            return formatter.clone();
        }
        // A zone this browser does not know (an older phone's) makes the constructor throw:
        // then the time is the viewer's, its zone named where asked.
        let formatter = construct(&locale, &options(pairs, zone))
            .or_else(|| construct(&locale, &options(pairs, None)))
            .unwrap_or_else(|| Intl::DateTimeFormat::new(&Array::new(), &Object::new()));
        if kept.len() == FORMATTERS_KEPT {
            kept.remove(0);
        }
        kept.push((key, formatter.clone()));
        formatter
    })
}

fn format(at: DateTime<Utc>, lang: Language, pairs: &[(&str, &str)], zone: Option<&str>) -> String {
    let formatter = formatter(lang, pairs, zone);
    let date = Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    formatter.format().call1(&formatter, &date).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A date and time in the viewer's zone.
pub fn date_time(at: DateTime<Utc>, lang: Language) -> String {
    format(at, lang, &DATE_TIME_PARTS, None)
}

/// "Mar 3" / "3 mar", in the viewer's zone.
pub fn short_date(at: DateTime<Utc>, lang: Language) -> String {
    format(at, lang, &[("month", "short"), ("day", "numeric")], None)
}

/// A group's date and time for whoever reads it: in the browser, in the viewer's zone; rendered
/// by the Worker, which knows no viewer, on the group's own clock with its zone named (the app
/// then shows the viewer's).
pub fn group_date_time(at: DateTime<Utc>, lang: Language, group_zone: &str) -> String {
    if viewer_known() {
        return date_time(at, lang);
    }
    let mut named = DATE_TIME_PARTS.to_vec();
    named.push(("timeZoneName", "short"));
    format(at, lang, &named, Some(group_zone))
}

/// A group's "Mar 3": the viewer's day in the browser, the group's day when the Worker renders.
pub fn group_short_date(at: DateTime<Utc>, lang: Language, group_zone: &str) -> String {
    let zone = (!viewer_known()).then_some(group_zone);
    format(at, lang, &[("month", "short"), ("day", "numeric")], zone)
}

/// A calendar day with its year, "Oct 2, 2026" / "2 oct 2026" (a day, not an instant: no zone
/// can move it).
pub fn calendar_date(day: chrono::NaiveDate, lang: Language) -> String {
    let noon = day.and_hms_opt(12, 0, 0).expect("noon exists").and_utc();
    format(noon, lang, &[("year", "numeric"), ("month", "short"), ("day", "numeric")], Some("UTC"))
}

/// A date and time on the group's own clock (a local group meets in one place).
pub fn date_time_in_zone(at: DateTime<Utc>, lang: Language, zone: &str) -> String {
    format(at, lang, &DATE_TIME_PARTS, Some(zone))
}

/// The same instant on the group's own clock, e.g. "7:00 PM GMT" for a Norfolk meeting.
pub fn time_in_zone(at: DateTime<Utc>, lang: Language, zone: &str) -> String {
    format(at, lang, &[("hour", "numeric"), ("minute", "2-digit"), ("timeZoneName", "short")], Some(zone))
}

/// The viewer's IANA zone, for drawing a page (none where no viewer is known: `viewer_known`).
pub fn viewer_zone() -> Option<String> {
    browser_zone().filter(|_| viewer_known())
}

/// The browser's IANA zone (none outside a browser), for what is asked of the API: the same
/// from the app's first render on.
pub fn browser_zone() -> Option<String> {
    web_sys::window()?;
    let formatter = Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    Reflect::get(&formatter.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|z| z.as_string())
        .or_else(|| Some("UTC".into()))
}
