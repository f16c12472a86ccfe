//! What Village stores: groups (with their sessions) and signups.

mod group;
mod message;
mod signup;
mod subscriber;

pub use group::*;
pub use message::*;
pub use signup::*;
pub use subscriber::*;
