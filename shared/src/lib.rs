//! Village's shared core: the data model, the HTTP contract, validation and the domain rules.
//!
//! Everything here is plain data and pure functions, so the Worker (`edge/`), the app
//! (`frontend/`) and the tools (`xtask/`) agree by construction, and the rules are tested
//! without any I/O.

// The text tables (`texts!`) are read one row per step.
#![recursion_limit = "512"]

pub mod api;
#[cfg(feature = "calendar")]
pub mod calendar;
#[cfg(feature = "export")]
pub mod export;
pub mod i18n;
pub mod text;
pub mod messages;
pub mod model;
pub mod rules;
pub mod seo;
pub mod wire_time;
#[cfg(any(feature = "stored", test))]
pub mod stored;

pub use i18n::Language;
