//! Village's apps, one crate: the provider app (the catalogue, `main.rs`, and a group's page,
//! `bin/join.rs`: the two first loads; what a person's own links open, `bin/manage.rs`), the
//! dashboard (`bin/admin.rs`, served under `/admin/`), the member space and the directory, each
//! a Wasm bundle of its own so none weighs on another's first load. Shared: API calls, texts,
//! router, widgets.

// The text tables (`village_shared::texts!`) are read one row per step.
#![recursion_limit = "1024"]

/// The apps' allocator in the browser: Talc, smaller in each bundle than Rust's default for Wasm
/// (the Worker, which renders the same components, keeps the default).
#[cfg(all(feature = "csr", target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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
