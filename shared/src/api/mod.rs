//! The HTTP contract between the app and the Worker: request and response bodies, error codes
//! and validation. Both sides use these types, so they cannot disagree.

pub mod admin;
pub mod buddies;
#[cfg(feature = "openapi")]
pub mod contract;
pub mod cost;
pub mod dev;
pub mod directory;
pub mod oruk;
mod page;
pub mod paging;
pub mod routes;
mod error;
mod groups;
pub mod helping;
pub mod local_group;
pub mod seat_protocol;
mod signups;
mod subscriptions;

pub use error::*;
pub use groups::*;
pub use page::*;
pub use signups::*;
pub use subscriptions::*;

/// Largest request body the Worker reads. A signup is well under 1 KB; a whole group with
/// sessions in both languages fits easily.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The most a summary kept beside a KV key may take as JSON (KV keeps 1,024 bytes there).
pub const METADATA_JSON_MAX: usize = 1_000;

/// Shorten the longest of `texts` by a few characters, for a summary that does not yet fit
/// beside its key; `false` when they are all empty (nothing left to cut).
pub fn shorten_longest<'a>(texts: impl IntoIterator<Item = &'a mut String>) -> bool {
    let Some(longest) = texts.into_iter().max_by_key(|t| t.len()).filter(|t| !t.is_empty()) else { return false };
    *longest = longest.chars().take(longest.chars().count().saturating_sub(8)).collect();
    true
}

/// Exactly `application/json` (parameters such as `charset` allowed). Anything merely
/// mentioning JSON (`text/plain;x=json`) is refused: a cross-site form can send that without
/// the browser asking first.
pub fn is_json_media_type(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::is_json_media_type;

    #[test]
    fn only_the_json_media_type_is_json() {
        assert!(is_json_media_type("application/json"));
        assert!(is_json_media_type("Application/JSON; charset=utf-8"));
        for not_json in ["text/plain;x=json", "text/json", "application/json-patch", "application/x-www-form-urlencoded", ""] {
            assert!(!is_json_media_type(not_json), "{not_json}");
        }
    }
}
