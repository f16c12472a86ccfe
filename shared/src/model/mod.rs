//! What Village stores: groups (with their sessions) and signups.

mod group;
mod signup;

pub use group::*;
pub use signup::*;
