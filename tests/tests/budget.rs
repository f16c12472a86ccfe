//! Size budget: what a phone downloads on first load (the page + JS + Wasm + CSS), gzip, for
//! each page a person can arrive at: the catalogue (`/`, `dist/`) and a group's page (where a
//! shared link lands: the join bundle, `dist/join/`). Deterministic for a given build, so it
//! is a check, not a benchmark.

use village_tests::sizes::{first_load, total};
use village_tests::stack::workspace_root;

/// 200 KB, counted in decimal kilobytes (the stricter reading): the goal, reached by giving
/// each first load its own bundle (`router::Bundle`). Lowered as bytes are cut, so a cut stays
/// cut (`ARCHITECTURE.md`, "Size").
const FIRST_LOAD_GZIP_BUDGET: usize = 200_000;

#[test]
fn each_first_load_fits_the_budget() {
    for page in ["index.html", "join/index.html"] {
        let files = first_load(&workspace_root().join("dist"), page);
        assert!(files.iter().any(|(n, _)| n.ends_with(".wasm")), "the app's Wasm is part of the first load: {files:?}");
        assert!(files.iter().any(|(n, _)| n.ends_with(".js")), "{files:?}");
        let sum = total(&files);
        assert!(
            sum.gzip <= FIRST_LOAD_GZIP_BUDGET,
            "{page}: first load is {} bytes gzip, over the {FIRST_LOAD_GZIP_BUDGET}-byte budget: {files:?}",
            sum.gzip
        );
    }
}
