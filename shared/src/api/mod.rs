//! The HTTP contract between the app and the Worker: request and response bodies, error codes
//! and validation. Both sides use these types, so they cannot disagree.

pub mod admin;
mod error;
mod groups;
pub mod seat_protocol;
mod signups;
mod subscriptions;

pub use error::*;
pub use groups::*;
pub use signups::*;
pub use subscriptions::*;

/// Largest request body the Worker reads. A signup is well under 1 KB; a whole group with
/// sessions in both languages fits easily.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
