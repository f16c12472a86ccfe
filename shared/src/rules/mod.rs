//! The domain rules, as pure functions over plain data.

pub mod access;
pub mod board;
pub mod buddies;
pub mod delivery;
pub mod directory;
pub mod distance;
pub mod drop_in;
pub mod election;
pub mod eligibility;
pub mod finding;
pub mod helping;
pub mod identity;
pub mod limits;
pub mod member_space;
pub mod postcode;
pub mod progress;
pub mod registration;
pub mod roster;
pub mod seats;
pub mod term;
pub mod topics;
#[cfg(feature = "tz")]
pub mod time;
pub mod wall_clock;
