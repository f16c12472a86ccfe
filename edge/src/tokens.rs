//! Unguessable identifiers: secrets (256 bits) and record ids (96 bits), from the
//! runtime's CSPRNG.

use sha2::{Digest, Sha256};

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf).expect("the runtime always provides crypto.getRandomValues");
    hex(&buf)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A secret: 256 random bits, hex-encoded — a manage link's token, a sign-in link, a dashboard
/// session, its CSRF token, a confirmation link. Handed out once; where it opens something, the
/// store keeps only its hash.
pub fn new_secret() -> String {
    random_hex(32)
}

pub fn new_record_id() -> String {
    random_hex(12)
}

/// A record id that sorts newest first (KV lists keys in ascending order, and the dashboard
/// pages from the newest): the milliseconds until the year 2286, then random bits.
pub fn newest_first_id(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{:013}-{}", 9_999_999_999_999 - at.timestamp_millis().clamp(0, 9_999_999_999_999), new_record_id())
}

/// What the store keeps instead of a secret or personal key (a manage token, an email).
pub fn digest(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// A new manage link's token: the group it belongs to, then a secret (`{group id}_{secret}`;
/// no dot, or the pages under `/manage/` and `/member/` would take it for a file's name).
/// The link works as soon as the group's object has committed the signup: it is checked there,
/// with no KV key to write first.
pub fn new_manage_token(group_id: &str) -> String {
    format!("{group_id}_{}", new_secret())
}

/// Where a well-formed manage token is checked; anything else is not looked up at all.
#[derive(Debug, PartialEq, Eq)]
pub enum ManageToken<'a> {
    /// By the object of the group it names.
    OfGroup(&'a str),
    /// By its hash in KV: a link made before links named their group (a bare secret).
    Stored,
}

pub fn manage_token(token: &str) -> Option<ManageToken<'_>> {
    match token.split_once('_') {
        Some((group, secret)) if village_shared::api::is_group_id(group) && is_well_formed_token(secret) => {
            Some(ManageToken::OfGroup(group))
        }
        None if is_well_formed_token(token) => Some(ManageToken::Stored),
        _ => None,
    }
}

/// A well-formed token is 64 lowercase hex digits; anything else is not looked up at all.
pub fn is_well_formed_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
