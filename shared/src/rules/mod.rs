//! The domain rules, as pure functions over plain data.

pub mod identity;
pub mod roster;
pub mod seats;
#[cfg(feature = "tz")]
pub mod time;
