//! Lighthouse (npm, pinned; the machine's Chromium) on a page of the running stack: mobile,
//! with Lighthouse's default simulated slow network and CPU.

use std::process::Command;

/// What Lighthouse says of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub performance: u8,
    pub accessibility: u8,
    pub best_practices: u8,
    pub seo: u8,
    /// Largest contentful paint, in milliseconds.
    pub lcp_ms: f64,
    /// Cumulative layout shift.
    pub cls: f64,
    /// Total blocking time, in milliseconds.
    pub tbt_ms: f64,
    /// The longest task on the page's main thread, as simulated, in milliseconds (the app's
    /// start, usually: what most of the blocking time is).
    pub longest_task_ms: f64,
    /// First contentful paint and time to interactive, in milliseconds: how a median run is
    /// chosen among several.
    pub fcp_ms: f64,
    pub tti_ms: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "performance {:>3}  accessibility {:>3}  best practices {:>3}  SEO {:>3}  LCP {:.2} s  CLS {:.3}  TBT {:.0} ms  longest task {:.0} ms",
            self.performance,
            self.accessibility,
            self.best_practices,
            self.seo,
            self.lcp_ms / 1000.0,
            self.cls,
            self.tbt_ms,
            self.longest_task_ms
        )
    }
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run through `cargo xtask test` or `cargo xtask bench`"))
}

/// Run Lighthouse on `url` (the four categories: performance, accessibility, best practices, SEO).
pub fn measure(url: &str) -> Report {
    let out = tempfile_path();
    let status = Command::new(var("VILLAGE_NODE"))
        .arg(var("VILLAGE_LIGHTHOUSE"))
        .arg(url)
        .args(["--quiet", "--only-categories=performance,accessibility,best-practices,seo", "--output=json"])
        .arg(format!("--output-path={}", out.display()))
        .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking")
        .env("CHROME_PATH", var("VILLAGE_CHROMIUM"))
        .status()
        .expect("run lighthouse");
    assert!(status.success(), "lighthouse failed on {url}: {status}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("lighthouse wrote its report")).expect("a JSON report");
    let _ = std::fs::remove_file(&out);
    let score = |category: &str| {
        let score = json["categories"][category]["score"].as_f64();
        (score.unwrap_or_else(|| panic!("{url}: no {category} score")) * 100.0).round() as u8
    };
    let audit = |name: &str| json["audits"][name]["numericValue"].as_f64().unwrap_or_else(|| panic!("{url}: no {name}"));
    Report {
        performance: score("performance"),
        accessibility: score("accessibility"),
        best_practices: score("best-practices"),
        seo: score("seo"),
        lcp_ms: audit("largest-contentful-paint"),
        cls: audit("cumulative-layout-shift"),
        tbt_ms: audit("total-blocking-time"),
        longest_task_ms: json["audits"]["long-tasks"]["details"]["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|task| task["duration"].as_f64())
            .fold(0.0, f64::max),
        fcp_ms: audit("first-contentful-paint"),
        tti_ms: audit("interactive"),
    }
}

/// Lighthouse's own way of reporting a page that varies from run to run (its documentation on
/// variability; `core/lib/median-run.js`): run it several times and keep the run nearest the
/// median first contentful paint and the median time to interactive (the page's first and
/// last moments), not the median of a score, which is a weighted sum that outliers pull.
pub fn median_run(runs: &[Report]) -> &Report {
    assert!(!runs.is_empty(), "no run to choose from");
    let median = |value: fn(&Report) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(value).collect();
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
    };
    let (fcp, tti) = (median(|r| r.fcp_ms), median(|r| r.tti_ms));
    let distance = |r: &Report| (fcp - r.fcp_ms).powi(2) + (tti - r.tti_ms).powi(2);
    runs.iter().min_by(|a, b| distance(a).total_cmp(&distance(b))).expect("at least one run")
}

fn tempfile_path() -> std::path::PathBuf {
    let dir = crate::stack::workspace_root().join("target/lighthouse");
    std::fs::create_dir_all(&dir).expect("a directory for reports");
    dir.join(format!("report-{}-{}.json", std::process::id(), crate::stack::free_port()))
}

/// The pages a person arriving from a shared link sees first: the catalogue and a group's page,
/// in English and in Spanish (a published series in each language of a seeded network).
/// The catalogue's cards are written a second or so after a group is published: this waits
/// (up to 20 s) for a series in each language.
pub async fn pages(api: &crate::api::Api) -> Vec<(String, String)> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let (en, es) = loop {
        let groups = api.catalogue().await;
        let series_in = |language: &str| {
            groups
                .iter()
                .find(|g| g["kind"] == "series" && g["language"] == language)
                .and_then(|g| g["id"].as_str())
                .map(str::to_string)
        };
        if let (Some(en), Some(es)) = (series_in("en"), series_in("es")) {
            break (en, es);
        }
        assert!(std::time::Instant::now() < deadline, "no published series in each language: {groups:?}");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    };
    vec![
        ("catalogue (en)".into(), format!("{}/?lang=en", api.base)),
        ("catalogue (es)".into(), format!("{}/?lang=es", api.base)),
        (format!("group page (en, {en})"), format!("{}/groups/{en}?lang=en", api.base)),
        (format!("group page (es, {es})"), format!("{}/groups/{es}?lang=es", api.base)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(performance: u8, fcp_ms: f64, tti_ms: f64) -> Report {
        let (accessibility, best_practices, seo) = (100, 100, 100);
        let (lcp_ms, cls, tbt_ms, longest_task_ms) = (fcp_ms, 0.0, 0.0, 0.0);
        Report { performance, accessibility, best_practices, seo, lcp_ms, cls, tbt_ms, longest_task_ms, fcp_ms, tti_ms }
    }

    #[test]
    fn the_median_run_is_the_one_nearest_the_median_first_paint_and_interactive_time() {
        // An outlier at each end: a slow start (worst score) and a lucky fast one (best score).
        let runs = [run(99, 800.0, 2_600.0), run(94, 1_400.0, 4_000.0), run(100, 780.0, 1_900.0), run(98, 810.0, 2_500.0), run(97, 820.0, 2_900.0)];
        assert_eq!(median_run(&runs).performance, 99);
        // Four runs: each median falls between two runs (815 ms, 2,250 ms); the run nearest both.
        let runs = [run(94, 1_400.0, 2_000.0), run(100, 780.0, 1_900.0), run(98, 810.0, 2_500.0), run(97, 820.0, 3_600.0)];
        assert_eq!(median_run(&runs).performance, 98);
    }
}
