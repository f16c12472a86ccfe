//! Size budget: what a phone downloads on first load (index.html + JS + Wasm + CSS), gzip.
//! Deterministic for a given build, so it is a check, not a benchmark.

use village_tests::sizes::{first_load, total};
use village_tests::stack::workspace_root;

/// 218 KB, counted in decimal kilobytes (the stricter reading). Lowered as bytes are cut, so a
/// cut stays cut (`ARCHITECTURE.md`, "Size"); the goal is 200 KB.
const FIRST_LOAD_GZIP_BUDGET: usize = 218_000;

#[test]
fn the_first_load_fits_the_budget() {
    let files = first_load(&workspace_root().join("dist"));
    assert!(files.iter().any(|(n, _)| n.ends_with(".wasm")), "the app's Wasm is part of the first load: {files:?}");
    assert!(files.iter().any(|(n, _)| n.ends_with(".js")), "{files:?}");
    let sum = total(&files);
    assert!(
        sum.gzip <= FIRST_LOAD_GZIP_BUDGET,
        "first load is {} bytes gzip, over the {FIRST_LOAD_GZIP_BUDGET}-byte budget: {files:?}",
        sum.gzip
    );
}
