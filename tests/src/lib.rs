//! The harness for Village's end-to-end tests: the real local stack (`wrangler dev`, i.e.
//! workerd with real KV and Durable Objects) on a free port with a fresh state directory, and
//! a real headless Chromium through ChromeDriver.

pub mod admin;
pub mod api;
pub mod browser;
pub mod lighthouse;
pub mod sizes;
pub mod stack;

pub use stack::Stack;
