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

/// A well-formed token is 64 lowercase hex digits; anything else is not looked up at all.
pub fn is_well_formed_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
