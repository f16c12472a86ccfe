//! The domain rules, as pure functions over plain data.

pub mod access;
pub mod delivery;
pub mod distance;
pub mod drop_in;
pub mod eligibility;
pub mod finding;
pub mod identity;
pub mod registration;
pub mod roster;
pub mod seats;
#[cfg(feature = "tz")]
pub mod time;
