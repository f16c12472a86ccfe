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
