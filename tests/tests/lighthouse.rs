//! The pages a shared link opens, measured the standard way (Lighthouse, mobile, simulated slow
//! network and CPU) on a seeded network: a floor that holds on every machine. The bench prints
//! the same table with its numbers.

use village_tests::api::Api;
use village_tests::lighthouse::{measure, pages};
use village_tests::Stack;

/// The floor. Accessibility, best practices and SEO are deterministic and held at 100; layout
/// shift at issue 14's goal; performance, which depends on the machine's speed under load, at a
/// floor well below what an idle machine measures (the bench reports the real figure).
const PERFORMANCE_FLOOR: u8 = 70;
const CLS_CEILING: f64 = 0.02;

#[tokio::test]
async fn the_catalogue_and_a_group_page_hold_their_lighthouse_floor_in_both_languages() {
    let stack = Stack::start();
    let api = Api::new(&stack);
    api.seed_demo().await;
    let pages = pages(&api).await;
    let mut below = Vec::new();
    for (name, url) in &pages {
        let report = measure(url);
        println!("{name:<40} {report}");
        let checks = [
            (report.accessibility == 100, "accessibility below 100"),
            (report.best_practices == 100, "best practices below 100"),
            (report.seo == 100, "SEO below 100"),
            (report.cls <= CLS_CEILING, "layout shift past 0.02"),
            (report.performance >= PERFORMANCE_FLOOR, "performance below its floor"),
        ];
        below.extend(checks.iter().filter(|(held, _)| !held).map(|(_, what)| format!("{name}: {what} ({report})")));
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}
