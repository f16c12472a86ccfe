//! `cargo xtask bench`: sizes and latencies, printed as numbers (nothing here passes or fails).
//!
//! - first-load bytes of the app (raw, gzip, brotli) and the Worker's Wasm size
//! - catalogue requests/s and p50/p99 latency with 50 concurrent connections on loopback
//! - p50/p99 latency of 200 simultaneous signups for one 12-seat group
//! - Lighthouse's scores, LCP, CLS and TBT for the catalogue and a group page, in English and
//!   Spanish: the median of five runs, as Lighthouse advises (`VILLAGE_BENCH_ONLY=lighthouse`
//!   runs only this)
//! - a registration rush: 500 people, each from their own address, at once, for 50 seats
//! - the scale run: a network of 2,000 groups (1,700 archived), 100,000 signups, 50,000
//!   subscribers, 100,000 messages and 50,000 audit entries (`VILLAGE_BENCH_SCALE=0.1` for a
//!   tenth), then the catalogue, a group page, a signup, the overview, a people search and an
//!   erasure on it, each with its latency and what one request cost (`VILLAGE_BENCH_ONLY=scale`
//!   runs only this; `VILLAGE_BENCH_ONLY=rush` the rush alone)

use std::time::{Duration, Instant};

use futures::StreamExt;

use village_tests::api::{series, Api};
use village_tests::sizes::{compressed, first_load, total};
use village_tests::stack::workspace_root;
use village_tests::Stack;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    // `VILLAGE_BENCH_ONLY=scale`: the scale run alone.
    match std::env::var("VILLAGE_BENCH_ONLY").as_deref() {
        Ok("scale") => return scale_run().await,
        Ok("lighthouse") => return lighthouse().await,
        Ok("rush") => {
            let stack = Stack::start();
            return rush(&stack, &Api::new(&stack)).await;
        }
        _ => {}
    }
    let root = workspace_root();
    // The provider app's two first loads: the catalogue (`/`) and a group's page (`/groups/…`,
    // where a shared link lands: the join bundle).
    for (page, bin) in [("index.html", "village-frontend"), ("join/index.html", "village-join")] {
        println!("## First load (dist/{page})");
        let files = first_load(&root.join("dist"), page);
        for (name, b) in &files {
            println!("{name:<48} raw {:>8}  gzip {:>8}  brotli {:>8}", b.raw, b.gzip, b.brotli);
        }
        let sum = total(&files);
        println!("{:<48} raw {:>8}  gzip {:>8}  brotli {:>8}", "TOTAL", sum.raw, sum.gzip, sum.brotli);
        contributors(&root.join(format!("target/wasm32-unknown-unknown/release/{bin}.wasm")));
        println!();
    }
    let dashboard = first_load(&root.join("dist"), "admin/index.html");
    let d = total(&dashboard);
    println!(
        "\n## Dashboard first load (dist/admin/index.html, never part of the above)\nTOTAL raw {} gzip {} brotli {}",
        d.raw, d.gzip, d.brotli
    );
    let worker = std::fs::read(root.join("edge/build/index_bg.wasm")).expect("edge/build: build first");
    let w = compressed(&worker);
    println!("\n## Worker\nindex_bg.wasm raw {} gzip {} brotli {}", w.raw, w.gzip, w.brotli);
    lighthouse().await;

    let stack = Stack::start();
    let api = Api::new(&stack);
    api.seed_demo().await;
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // Catalogue: 50 connections, each its own client with one pooled connection, for a fixed time.
    let connections = 50;
    let run_for = Duration::from_secs(10);
    let started = Instant::now();
    let workers = (0..connections).map(|_| {
        let base = stack.base.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
            let mut latencies = Vec::new();
            while started.elapsed() < run_for {
                let t = Instant::now();
                let response = client.get(format!("{base}/api/groups")).send().await.expect("answer");
                assert_eq!(response.status(), 200);
                response.bytes().await.expect("body");
                latencies.push(t.elapsed());
            }
            latencies
        })
    });
    let mut latencies: Vec<Duration> =
        futures::future::join_all(workers).await.into_iter().flat_map(|r| r.unwrap()).collect();
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "\n## GET /api/groups, {connections} connections, {:.0} s\nrequests {}  req/s {:.0}  p50 {}  p99 {}",
        elapsed.as_secs_f64(),
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99))
    );

    // 200 simultaneous signups for 12 seats.
    let group = series("bench-crowd", 12);
    api.put_group(&group).await;
    let started = Instant::now();
    let requests = (0..200).map(|n| {
        let api = api.clone();
        let id = group.id.clone();
        tokio::spawn(async move {
            let t = Instant::now();
            let a = api.sign_up(&id, &format!("P{n}"), &format!("p{n}@example.org")).await;
            (t.elapsed(), a.body["signup"]["status"] == "confirmed")
        })
    });
    let results: Vec<(Duration, bool)> =
        futures::future::join_all(requests).await.into_iter().map(|r| r.unwrap()).collect();
    let wall = started.elapsed();
    let confirmed = results.iter().filter(|r| r.1).count();
    let mut signup_latencies: Vec<Duration> = results.iter().map(|r| r.0).collect();
    signup_latencies.sort();
    println!(
        "\n## 200 simultaneous signups, 12 seats\nconfirmed {confirmed}  wall {}  p50 {}  p99 {}",
        ms(wall),
        ms(percentile(&signup_latencies, 0.5)),
        ms(percentile(&signup_latencies, 0.99))
    );

    rush(&stack, &api).await;

    // The dashboard's heaviest reads and one erasure, as an admin, on the seeded network.
    dashboard_reads(&api).await;
    drop(stack);
    scale_run().await;
}

/// What a provider bundle's Wasm holds (twiggy, on the module before wasm-bindgen and wasm-opt, the
/// last to name its functions: sizes are before their cuts, and count wasm-bindgen's own
/// describing functions, which it removes), by crate and its largest functions.
fn contributors(wasm: &std::path::Path) {
    let twiggy = std::env::var("VILLAGE_TWIGGY").unwrap_or_else(|_| "twiggy".into());
    let out = std::process::Command::new(&twiggy).args(["top", "-n", "100000", "--format", "csv"]).arg(wasm).output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        println!("\n(twiggy {twiggy} could not read {}: run `cargo xtask bench`)", wasm.display());
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<(String, u64)> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields = csv_fields(line);
            Some((fields.first()?.clone(), fields.get(1)?.parse().ok()?))
        })
        .collect();
    // Custom sections and names are not shipped (wasm-opt strips them).
    let shipped: Vec<&(String, u64)> =
        rows.iter().filter(|(n, _)| !n.starts_with("custom section") && !n.contains("subsection")).collect();
    let total: u64 = shipped.iter().map(|(_, b)| b).sum();
    let mut by_crate: std::collections::BTreeMap<String, u64> = Default::default();
    for (name, bytes) in &shipped {
        *by_crate.entry(crate_of(name)).or_default() += bytes;
    }
    let mut by_crate: Vec<(String, u64)> = by_crate.into_iter().collect();
    by_crate.sort_by(|a, b| b.1.cmp(&a.1));
    println!("\n## What its Wasm holds, by crate (twiggy; {total} bytes of code and data before wasm-opt)");
    for (krate, bytes) in by_crate.iter().take(15) {
        println!("{krate:<32} {bytes:>8}  {:>5.1}%", *bytes as f64 * 100.0 / total as f64);
    }
    println!("largest functions:");
    for (name, bytes) in shipped.iter().take(8) {
        println!("{bytes:>8}  {}", name.chars().take(110).collect::<String>());
    }
}

/// One CSV line's fields (a quoted field may hold commas, and `""` for a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The crate an item of the module belongs to: the path's first segment (for `<T as Trait>`,
/// the type's), or "data" for data segments.
fn crate_of(name: &str) -> String {
    if name.starts_with("data segment") || name.starts_with("data[") {
        return "data".into();
    }
    let name = name.trim_start_matches('<').trim_start_matches("&mut ").trim_start_matches('&');
    let first = name.split("::").next().unwrap_or(name);
    first.split('[').next().unwrap_or(first).to_string()
}

/// Runs of Lighthouse a page: five, as Lighthouse's documentation on variability advises.
const LIGHTHOUSE_RUNS: usize = 5;

/// Lighthouse (mobile, simulated slow network and CPU) on the pages a shared link opens, on a
/// seeded demo network: each page's median run, and its performance in every run.
async fn lighthouse() {
    let stack = Stack::start();
    let api = Api::new(&stack);
    api.seed_demo().await;
    println!("\n## Lighthouse (mobile, simulated throttling): the median of {LIGHTHOUSE_RUNS} runs a page");
    for (name, url) in village_tests::lighthouse::pages(&api).await {
        let runs: Vec<_> = (0..LIGHTHOUSE_RUNS).map(|_| village_tests::lighthouse::measure(&url)).collect();
        let performance: Vec<String> = runs.iter().map(|r| r.performance.to_string()).collect();
        println!("{name:<40} {}", village_tests::lighthouse::median_run(&runs));
        println!("{:<40} performance run by run: {}", "", performance.join(" "));
    }
}

/// A registration rush: 500 people, each from their own address, at once, for 50 seats.
async fn rush(stack: &Stack, api: &Api) {
    let group = series("bench-rush", 50);
    api.put_group(&group).await;
    // The floor the local stack sets: the same 500 clients reading the group's page at once
    // (the Worker and KV, no object write).
    let started = Instant::now();
    let reads = (0..500u32).map(|n| {
        let api = Api::from_address(&stack, &format!("127.0.{}.{}", 60 + n / 250, 1 + n % 250));
        let path = format!("/api/groups/{}", group.id);
        tokio::spawn(async move {
            let t = Instant::now();
            let status = api.get(&path).await.status;
            (t.elapsed(), status)
        })
    });
    let read: Vec<(Duration, u16)> = futures::future::join_all(reads).await.into_iter().map(|r| r.unwrap()).collect();
    let read_wall = started.elapsed();
    let mut read_times: Vec<Duration> = read.iter().map(|r| r.0).collect();
    read_times.sort();
    println!(
        "\n## The same 500 addresses reading the group's page at once (the stack's floor)\nok {}  wall {}  p50 {}  p99 {}",
        read.iter().filter(|r| r.1 == 200).count(),
        ms(read_wall),
        ms(percentile(&read_times, 0.5)),
        ms(percentile(&read_times, 0.99))
    );
    let started = Instant::now();
    let requests = (0..500u32).map(|n| {
        let api = Api::from_address(&stack, &format!("127.0.{}.{}", 60 + n / 250, 1 + n % 250));
        let id = group.id.clone();
        tokio::spawn(async move {
            let t = Instant::now();
            let a = api.sign_up(&id, &format!("R{n}"), &format!("rush{n}@example.org")).await;
            (t.elapsed(), a.status, a.body["signup"]["waitlist_position"].as_u64())
        })
    });
    let results: Vec<(Duration, u16, Option<u64>)> =
        futures::future::join_all(requests).await.into_iter().map(|r| r.unwrap()).collect();
    let wall = started.elapsed();
    let landed = results.iter().filter(|r| r.1 == 201).count();
    let mut positions: Vec<u64> = results.iter().filter_map(|r| r.2).collect();
    positions.sort();
    let contiguous = positions == (1..=positions.len() as u64).collect::<Vec<_>>();
    let mut rush: Vec<Duration> = results.iter().map(|r| r.0).collect();
    rush.sort();
    println!(
        "\n## Rush: 500 people from 500 addresses, 50 seats\nlanded {landed}  confirmed {}  waitlisted {} (contiguous: {contiguous})  wall {}  first {}  p10 {}  p50 {}  p99 {}",
        landed - positions.len(),
        positions.len(),
        ms(wall),
        ms(rush[0]),
        ms(percentile(&rush, 0.1)),
        ms(percentile(&rush, 0.5)),
        ms(percentile(&rush, 0.99))
    );
    // Under a rush the answers come first and the alarm queues the messages after: when is
    // every confirmation in the outbox?
    let mut waiting: Vec<u32> = (0..500).collect();
    while !waiting.is_empty() && started.elapsed() < Duration::from_secs(180) {
        let checks = futures::stream::iter(waiting.clone())
            .map(|n| async move {
                let answer = api.get(&format!("/api/dev/outbox?to=rush{n}@example.org")).await;
                (n, answer.body["messages"].as_array().is_some_and(|m| !m.is_empty()))
            })
            .buffer_unordered(50)
            .collect::<Vec<_>>()
            .await;
        waiting = checks.into_iter().filter(|(_, told)| !told).map(|(n, _)| n).collect();
        if !waiting.is_empty() {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    println!("every confirmation in the outbox {} after the rush began ({} missing)", ms(started.elapsed()), waiting.len());

}

async fn dashboard_reads(api: &Api) {
    let admin = village_tests::admin::signed_in(api, "admin", &[]).await;
    for (label, path) in [
        ("GET /api/admin/overview", "/api/admin/overview".to_string()),
        ("GET /api/admin/groups", "/api/admin/groups".to_string()),
        ("GET …/bench-crowd/attendance", "/api/admin/groups/bench-crowd/attendance".to_string()),
        ("GET /api/admin/incentives.csv", "/api/admin/incentives.csv".to_string()),
    ] {
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let answer = village_tests::admin::call(&api, "GET", &path, Some(&admin), false).await;
            assert!(answer.status == 200 || answer.body.is_null(), "{path}: {}", answer.status);
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "\n## {label} (20 sequential)\np50 {}  p99 {}",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
    }
    let t = Instant::now();
    let erased = village_tests::admin::write(
        &api,
        "POST",
        "/api/admin/people/p7@example.org/erase",
        &admin,
        &serde_json::json!({}),
    )
    .await;
    println!(
        "\n## Erase one person ({} groups)\nstatus {}  {}",
        api.get("/api/groups").await.body["groups"].as_array().map_or(0, |g| g.len()),
        erased.status,
        ms(t.elapsed())
    );
}

/// The scale run, on a stack of its own.
async fn scale_run() {
    use village_seed::scale::{batches, Scale};
    let factor: f64 = std::env::var("VILLAGE_BENCH_SCALE").ok().and_then(|f| f.parse().ok()).unwrap_or(1.0);
    let scale = Scale::FULL.times(factor);
    let stack = Stack::start();
    let api = Api::new(&stack);
    let now = chrono::Utc::now();
    let batches = batches(scale, now.date_naive(), now);
    let started = Instant::now();
    // Four batches in flight: the group objects work in parallel, KV takes the rest.
    let mut pending = futures::stream::iter(batches.iter().map(|batch| {
        let api = api.clone();
        async move {
            let answer = api.send(api.http.post(format!("{}/api/dev/bulk", api.base)).json(batch)).await;
            assert_eq!(answer.status, 200, "{:?}", answer.body);
        }
    }))
    .buffer_unordered(4);
    while futures::StreamExt::next(&mut pending).await.is_some() {}
    println!("\n## Scale run: {scale:?}\nseeded through POST /api/dev/bulk in {:.0} s", started.elapsed().as_secs_f64());
    tokio::time::sleep(Duration::from_secs(3)).await;

    let admin = village_tests::admin::signed_in(&api, "admin", &[]).await;
    let running = format!("scale-{:04}", scale.groups - 1);
    let someone = format!("p{}-0@scale.example.org", scale.groups - 1);
    let catalogue = api.get("/api/groups").await;
    println!(
        "GET /api/groups carries {} groups, {} bytes (raw JSON)",
        catalogue.body["groups"].as_array().map_or(0, |g| g.len()),
        catalogue.body.to_string().len()
    );
    let mut n = 0u32;
    let measure = |label: &'static str, times: Vec<Duration>, cost: village_shared::api::cost::Cost| {
        let mut times = times;
        times.sort();
        println!("{label:<40} p50 {:>9}  p99 {:>9}  cost {cost}", ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)));
    };
    for (label, path, admin_call) in [
        ("GET /api/groups", "/api/groups".to_string(), false),
        ("GET /api/groups/{id}", format!("/api/groups/{running}"), false),
        // The same answers as pages the Worker draws, kept after the first drawing; and drawn
        // each time (a query of its own each time is a drawing of its own): the difference is
        // the drawing's cost.
        ("GET / (kept)", "/".to_string(), false),
        ("GET / (drawn each time)", "/?n=".to_string(), false),
        ("GET /groups/{id} (kept)", format!("/groups/{running}"), false),
        ("GET /groups/{id} (drawn each time)", format!("/groups/{running}?n="), false),
        ("GET /api/admin/overview", "/api/admin/overview".to_string(), true),
        ("GET /api/admin/groups", "/api/admin/groups".to_string(), true),
        ("GET /api/admin/people/{email}", format!("/api/admin/people/{someone}"), true),
        ("GET /api/admin/audit", "/api/admin/audit?action=user".to_string(), true),
        ("GET /api/admin/subscribers.csv", "/api/admin/subscribers.csv".to_string(), true),
    ] {
        let mut times = Vec::new();
        let mut cost = Default::default();
        for i in 0..20 {
            let path = if path.ends_with("?n=") { format!("{path}{}-{i}", std::process::id()) } else { path.clone() };
            let t = Instant::now();
            let answer = if admin_call {
                village_tests::admin::call(&api, "GET", &path, Some(&admin), false).await
            } else {
                api.get(&path).await
            };
            times.push(t.elapsed());
            cost = answer.cost();
        }
        measure(label, times, cost);
    }
    let mut times = Vec::new();
    let mut cost = Default::default();
    for _ in 0..20 {
        n += 1;
        let t = Instant::now();
        let answer = api.sign_up(&running, "Scale", &format!("scale-bench-{n}@example.org")).await;
        times.push(t.elapsed());
        cost = answer.cost();
    }
    measure("POST /api/groups/{id}/signups", times, cost);
    let t = Instant::now();
    let erased =
        village_tests::admin::write(&api, "POST", &format!("/api/admin/people/{someone}/erase"), &admin, &serde_json::json!({}))
            .await;
    println!("POST …/people/{{email}}/erase         {} in {}  cost {}", erased.status, ms(t.elapsed()), erased.cost());
    drop(stack);
}
