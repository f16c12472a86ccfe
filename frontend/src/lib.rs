//! Village's two apps, one crate: the provider app (`main.rs`, the first load every phone pays
//! for) and the dashboard (`bin/admin.rs`, served under `/admin/`, a Wasm bundle of its own so
//! it never weighs on the provider's first load). Shared: API calls, texts, router, widgets.

// The text tables (`village_shared::texts!`) are read one row per step.
#![recursion_limit = "1024"]

pub mod admin;
pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod directory;
pub mod hooks;
pub mod i18n;
pub mod json;
pub mod member;
pub mod pages;
pub mod router;
pub mod start;
pub mod storage;
