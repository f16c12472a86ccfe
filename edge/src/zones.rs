//! Time-zone names, checked with the runtime's own `Intl` data rather than shipping a second
//! copy of the IANA database in the Worker (it would triple the Worker's size).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn date_time_format(locales: &JsValue, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// Whether `name` is a zone the runtime knows, e.g. `America/Los_Angeles`.
pub fn is_known_zone(name: &str) -> bool {
    if name.is_empty() || name.len() > 64 {
        return false;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &name.into());
    date_time_format(&JsValue::UNDEFINED, &options).is_ok()
}

/// "Tue, Dec 15, 6:30 PM PST" / "mar, 15 dic, 6:30 p.m. PST": an instant on the group's own
/// clock, its zone named, in the reader's language (for messages, which have no viewer zone).
pub fn format_in_zone(at: chrono::DateTime<chrono::Utc>, zone: &str, lang: village_shared::Language) -> String {
    let options = js_sys::Object::new();
    for (k, v) in village_shared::i18n::DATE_TIME_PARTS.into_iter().chain([("timeZone", zone)]) {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    let locales = js_sys::Array::of1(&lang.locale().into());
    match date_time_format(&locales.into(), &options) {
        Ok(formatter) => {
            let formatter: js_sys::Intl::DateTimeFormat = formatter.into();
            let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
            formatter
                .format()
                .call1(&formatter, &date)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| at.to_rfc3339())
        }
        Err(_) => at.to_rfc3339(),
    }
}

/// The weekday and hour (0–23) of an instant on `zone`'s clock (`None` for an unknown zone).
pub fn weekday_and_hour(at: chrono::DateTime<chrono::Utc>, zone: &str) -> Option<(chrono::Weekday, u32)> {
    let options = js_sys::Object::new();
    for (k, v) in [("weekday", "short"), ("hour", "numeric"), ("hourCycle", "h23"), ("timeZone", zone)] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    let locales = js_sys::Array::of1(&"en-US".into());
    let formatter: js_sys::Intl::DateTimeFormat = date_time_format(&locales.into(), &options).ok()?.into();
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let parts: js_sys::Array = formatter.format_to_parts(&date);
    let (mut day, mut hour) = (None, None);
    for part in parts.iter() {
        let kind = js_sys::Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = js_sys::Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        match kind.as_str() {
            "weekday" => day = value.parse::<chrono::Weekday>().ok(),
            "hour" => hour = value.parse::<u32>().ok().map(|h| h % 24),
            _ => {}
        }
    }
    Some((day?, hour?))
}
