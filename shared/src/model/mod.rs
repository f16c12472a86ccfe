//! What Village stores: groups (with their sessions) and signups.

mod admin;
mod directory;
mod group;
mod message;
mod signup;
mod subscriber;

pub use admin::*;
pub use directory::*;
pub use group::*;
pub use message::*;
pub use signup::*;
pub use subscriber::*;
