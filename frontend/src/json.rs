//! JSON in and out of the apps, through the browser's own `JSON` and serde-wasm-bindgen: the
//! same serde types as everywhere, without serde_json's parser and printer in the bundle (about
//! 9 KB gzip of every first load). Every answer, page part and kept copy is read here.
//!
//! It reads and writes what serde_json does for the wire types (`shared::api`: maps keyed by
//! text, times as RFC 3339 text, `None` as `null`), not everything serde_json would: a map
//! keyed by numbers, an integer past 2^53, and JSON the browser parses leniently (a duplicated
//! field) differ. Keep such shapes off the wire.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` read as a `T`, if it is one.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text (maps as objects, `None` as `null`).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok().map(String::from)
}
