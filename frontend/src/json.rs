//! JSON in and out of the apps, through the browser's own `JSON` and serde-wasm-bindgen: the
//! same serde types as everywhere, without serde_json's parser and printer in the bundle (about
//! 9 KB gzip of every first load). Every answer, page part and kept copy is read here.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` read as a `T`, if it is one.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text, written as serde_json would (maps as objects, `None` as `null`).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok().map(String::from)
}
