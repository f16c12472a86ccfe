//! `cargo xtask <command>`: Village's automation, in Rust so that cargo is all a newcomer needs.
//!
//! - `dev`   install what is missing, build, serve the app + API on http://127.0.0.1:8787
//!           with persistent local state, seeded with demo data when empty
//! - `test`  install what is missing, build, run every test (unit, property, integration
//!           against the real local stack, browser end to end)
//! - `bench` build and measure sizes and latencies (numbers, no pass/fail)
//! - `build` install what is missing and build only
//! - `preflight` check the machine (and what a fresh one would need) without building
//! - `deploy` build, check with `wrangler deploy --dry-run`, then deploy to Cloudflare
//! - `seed <url>` seed a running Village with the demo data
//! - `tidy` check the project's conventions (one place per rule; also run by `test`)
//! - `postcodes` rebuild `data/uk-postcode-districts.csv` from OS Code-Point Open (PyPI)
//! - `admin add <email> [--facilitator group,…]` add a dashboard user to the local Village and
//!   print their sign-in link

mod build;
mod postcodes;
mod preflight;
mod tidy;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use tools::Tools;

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const DEV_ADDR: &str = "127.0.0.1:8787";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(),
        Some("test") => test(&args[1..]),
        Some("bench") => bench(),
        Some("build") => setup_and_build(false).map(|_| ()),
        Some("preflight") => preflight_check(),
        Some("tidy") => tidy::run(&workspace_root()),
        Some("postcodes") => postcodes::regenerate(&workspace_root()),
        Some("deploy") => deploy(),
        Some("seed") if args.get(1).map(String::as_str) == Some("--scale") => {
            // `--scale [factor] [url]`
            let factor = args.get(2).and_then(|f| f.parse::<f64>().ok());
            let url = args.get(if factor.is_some() { 3 } else { 2 }).map(String::as_str);
            village_seed::network::seed_scale(url.unwrap_or("http://127.0.0.1:8787"), factor.unwrap_or(1.0))
        }
        Some("seed") => village_seed::network::seed_if_empty(args.get(1).map(String::as_str).unwrap_or("http://127.0.0.1:8787")),
        Some("admin") if args.get(1).map(String::as_str) == Some("add") && args.len() >= 3 => {
            admin_add(&args[2], &args[3..])
        }
        _ => {
            eprintln!("usage: cargo xtask <dev | test | bench | build | preflight | tidy | deploy | seed [--scale [factor]] [url] | postcodes | admin add <email> [--facilitator group,…]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn step(message: &str) {
    eprintln!("==> {message}");
}

/// Run a command to completion, failing with its name if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    if !status.success() {
        return Err(format!("{:?} failed ({status})", cmd.get_program()).into());
    }
    Ok(())
}

/// The Rust release the workspace is pinned to (`rust-toolchain.toml`).
pub fn pinned_channel() -> Result<String> {
    let text = std::fs::read_to_string(workspace_root().join("rust-toolchain.toml"))?;
    Ok(preflight::needs_from_toolchain_file(&text, false)?.channel)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn setup_and_build(browser: bool) -> Result<Tools> {
    let root = workspace_root();
    let tools = Tools::locate();
    // First, before anything slow: the toolchain, its Wasm target and what the machine lacks.
    preflight::run(&root, &tools.root, tools.cargo_tools_installed(), browser)?;
    step(&format!("tools in {} (first run on a machine: 20–40 minutes; later: seconds)", tools.root.display()));
    tools.ensure()?;
    if browser {
        tools.ensure_pypi()?;
    }
    build::all(&root, &tools)?;
    Ok(tools)
}

/// The environment every process that runs the Worker or drives a browser gets.
fn tool_env(cmd: &mut Command, tools: &Tools) {
    cmd.env("PATH", tools.path_env())
        .env("VILLAGE_NODE", tools.node22_bin().join("node"))
        .env("VILLAGE_WRANGLER", tools.wrangler())
        .env("VILLAGE_AXE_JS", tools.axe_js())
        .env("VILLAGE_LIGHTHOUSE", tools.lighthouse_js())
        .env("VILLAGE_SCHEMATHESIS", tools.schemathesis())
        .env("VILLAGE_TWIGGY", tools.cargo_bin("twiggy"))
        .env("VILLAGE_CHROMIUM", tools::CHROMIUM)
        .env("VILLAGE_CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false");
}

fn dev() -> Result<()> {
    let tools = setup_and_build(false)?;
    let root = workspace_root();
    let url = format!("http://{DEV_ADDR}");
    // wrangler dev does not fire cron triggers by itself: run the scheduled job (message
    // retries, opening notices) every minute, as Cloudflare would every 15.
    let cron = format!("{url}/__scheduled?cron=*/15+*+*+*+*");
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(60));
        let _ = ureq::get(&cron).call();
    });
    let mut first = true;
    loop {
        step(&format!("starting wrangler dev on {url} (state in .wrangler/state)"));
        let (ip, port) = DEV_ADDR.split_once(':').expect("address has a port");
        let mut cmd = Command::new(tools.node22_bin().join("node"));
        cmd.arg(tools.wrangler())
            .args(["dev", "--local", "--ip", ip, "--port", port, "--persist-to", ".wrangler/state"])
            .args(["--show-interactive-dev-session=false", "--var", "VILLAGE_ENV:development", "--test-scheduled"])
            .current_dir(&root);
        tool_env(&mut cmd, &tools);
        let mut child = cmd.spawn()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        while ureq::get(&format!("{url}/api/groups")).call().is_err() {
            if Instant::now() > deadline || child.try_wait()?.is_some() {
                stop_tree(&mut child);
                return Err(format!("wrangler dev did not answer on {url} (is the port taken?)").into());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        if first {
            village_seed::network::seed_if_empty(&url)?;
            step(&format!("Village is running: open {url} (Ctrl-C to stop)"));
            step(&format!("messages are delivered to the local outbox: {url}/api/dev/outbox"));
            step(&format!("dashboard: {url}/admin — in another terminal, `cargo xtask admin add you@example.org` prints your sign-in link"));
            first = false;
        }
        // A runtime that stops answering (after workerd dies, wrangler can restart it in
        // place and leave every request hanging) is restarted, and says so.
        match watch(&mut child, &url) {
            Watch::Exited => return Ok(()),
            Watch::Hung => {
                step("the local runtime stopped answering for 30 seconds: restarting it (stored state is kept)");
                stop_tree(&mut child);
            }
        }
    }
}

enum Watch {
    Exited,
    Hung,
}

/// Ask the running stack every 10 seconds; three unanswered asks in a row (10 s each) is a hang.
fn watch(child: &mut std::process::Child, url: &str) -> Watch {
    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
    let mut unanswered = 0;
    loop {
        std::thread::sleep(Duration::from_secs(10));
        if matches!(child.try_wait(), Ok(Some(_)) | Err(_)) {
            return Watch::Exited;
        }
        match agent.get(&format!("{url}/api/groups")).call() {
            Ok(_) | Err(ureq::Error::Status(..)) => unanswered = 0,
            Err(ureq::Error::Transport(_)) => unanswered += 1,
        }
        if unanswered >= 3 {
            return Watch::Hung;
        }
    }
}

/// Stop wrangler and everything it started (the runtime is its child): each process's
/// children are found in /proc and stopped first.
fn stop_tree(child: &mut std::process::Child) {
    fn children(pid: u32) -> Vec<u32> {
        let Ok(entries) = std::fs::read_dir("/proc") else { return vec![] };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|p| {
                // `pid (name) state ppid …`: the name may hold spaces, so read after its `)`.
                let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
                let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
                after.split_whitespace().nth(1).and_then(|ppid| ppid.parse::<u32>().ok()) == Some(pid)
            })
            .collect()
    }
    fn stop(pid: u32) {
        for child in children(pid) {
            stop(child);
        }
        // SAFETY: a plain signal to a process id read from /proc.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
    }
    for grandchild in children(child.id()) {
        stop(grandchild);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Add a dashboard user to the running local Village (`cargo xtask dev`) and print a sign-in
/// link. Admin by default; `--facilitator g1,g2` for a facilitator of those groups.
fn admin_add(email: &str, rest: &[String]) -> Result<()> {
    let url = format!("http://{DEV_ADDR}");
    let (role, groups): (&str, Vec<String>) = match rest {
        [flag, groups] if flag == "--facilitator" => ("facilitator", groups.split(',').map(str::to_string).collect()),
        [] => ("admin", vec![]),
        _ => return Err("usage: cargo xtask admin add <email> [--facilitator group,…]".into()),
    };
    let body = serde_json::json!({ "email": email, "role": role, "groups": groups });
    let answer: serde_json::Value = match ureq::post(&format!("{url}/api/dev/admin-users")).send_json(body) {
        Ok(response) => response.into_json()?,
        Err(ureq::Error::Transport(_)) => {
            return Err(format!("Village is not running on {url}: start it with `cargo xtask dev` first").into())
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "{} is a dashboard {role}. Sign-in link (works once, for 15 minutes):",
        answer["user"]["email"].as_str().unwrap_or(email)
    );
    println!("{}", answer["link"].as_str().unwrap_or_default());
    Ok(())
}

fn test(extra: &[String]) -> Result<()> {
    let tools = setup_and_build(true)?;
    deploy_dry_run(&tools)?;
    // Each local stack keeps its state under target/e2e for inspection; keep only this run's, so
    // runs on one machine do not pile up gigabytes of old state.
    let e2e = workspace_root().join("target/e2e");
    if e2e.exists() {
        std::fs::remove_dir_all(&e2e)?;
    }
    step("running every test: shared rules, seed data, tools, API against wrangler dev, browser end to end");
    let workspace = [
        "test",
        "--workspace",
        "--exclude",
        "village-edge",
        "--exclude",
        "village-frontend",
        "--lib",
        "--bins",
        "--tests",
    ];
    // The frontend's pure parts (drafts, problems by field) on the host: its lib compiles
    // natively; its bins are the Wasm apps, which Trunk builds.
    let frontend = ["test", "-p", "village-frontend", "--lib"];
    // The shared crate's examples, among them a text row without its Spanish that must not compile.
    let doc = ["test", "-p", "village-shared", "--doc"];
    let (mut passed, mut failed) = (0u64, 0u64);
    let mut failures = vec![];
    for args in [&frontend[..], &doc[..], &workspace[..]] {
        let mut cmd = Command::new("cargo");
        cmd.args(args).args(extra).current_dir(workspace_root()).stdout(std::process::Stdio::piped());
        tool_env(&mut cmd, &tools);
        let mut child = cmd.spawn()?;
        // Pass the output through, adding up every test binary's result for one closing line.
        let stdout = child.stdout.take().expect("piped");
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
            let line = line?;
            println!("{line}");
            if let Some(result) = line.strip_prefix("test result: ") {
                passed += count_before(result, " passed");
                failed += count_before(result, " failed");
            }
        }
        let status = child.wait()?;
        if !status.success() {
            failures.push(format!("cargo {} ({status})", args[..3].join(" ")));
        }
    }
    println!("\ntests: {passed} passed, {failed} failed");
    if !failures.is_empty() {
        return Err(format!("failed: {}", failures.join("; ")).into());
    }
    Ok(())
}

/// The number just before `label` in a libtest summary ("ok. 12 passed; 0 failed; …").
fn count_before(summary: &str, label: &str) -> u64 {
    summary
        .split(';')
        .find_map(|part| part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(label))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Cloudflare's limit on a Worker's compressed size on the free plan.
const WORKER_LIMIT_GZIP: u64 = 3_000_000;

/// `wrangler deploy --dry-run` with the pinned wrangler on the built Worker: the config,
/// bindings and migrations are checked as a deploy would check them, with no account. Fails if
/// the compressed Worker passes the free plan's 3 MB.
fn deploy_dry_run(tools: &Tools) -> Result<u64> {
    let root = workspace_root();
    let out = root.join("target/deploy-dry-run");
    let _ = std::fs::remove_dir_all(&out);
    step("checking the deploy: wrangler deploy --dry-run (no account needed)");
    let mut cmd = Command::new(tools.node22_bin().join("node"));
    cmd.arg(tools.wrangler()).args(["deploy", "--dry-run", "--outdir"]).arg(&out).current_dir(&root);
    tool_env(&mut cmd, tools);
    run(&mut cmd)?;
    let gzip = build::gzip_size_of_dir(&out)?;
    step(&format!("the Worker compresses to {gzip} bytes gzip (Cloudflare's free-plan limit: {WORKER_LIMIT_GZIP})"));
    if gzip > WORKER_LIMIT_GZIP {
        return Err(format!("the Worker is {gzip} bytes gzip, over the {WORKER_LIMIT_GZIP} limit").into());
    }
    Ok(gzip)
}

/// Build, check, then deploy with the pinned wrangler (needs `CLOUDFLARE_API_TOKEN`, or
/// `wrangler login` once, and the KV namespace id in `wrangler.toml`).
fn deploy() -> Result<()> {
    let tools = setup_and_build(false)?;
    deploy_dry_run(&tools)?;
    step("deploying to Cloudflare");
    let mut cmd = Command::new(tools.node22_bin().join("node"));
    cmd.arg(tools.wrangler()).arg("deploy").current_dir(workspace_root());
    tool_env(&mut cmd, &tools);
    cmd.env_remove("CLOUDFLARE_CF_FETCH_ENABLED");
    run(&mut cmd)
}

/// The preflight on its own: what this machine lacks, and — without removing anything — what a
/// fresh machine of its kind would lack. Fails if the project could not install something a
/// build depends on. `.ci/run` calls it first.
fn preflight_check() -> Result<()> {
    let root = workspace_root();
    let tools = Tools::locate();
    let needs = preflight::needs_from_toolchain_file(&std::fs::read_to_string(root.join("rust-toolchain.toml"))?, true)?;
    let machine = preflight::Machine::read(&needs, &tools.root, tools.cargo_tools_installed());
    let fresh = machine.as_fresh();
    preflight::covers(&preflight::plan(&fresh, &needs), &fresh, &needs)?;
    step("preflight: a fresh machine of this kind would get everything the build needs from the project's own steps");
    preflight::run(&root, &tools.root, tools.cargo_tools_installed(), true)
}

fn bench() -> Result<()> {
    let tools = setup_and_build(false)?;
    step("measuring (sizes, catalogue throughput, concurrent signups)");
    let mut cmd = Command::new("cargo");
    cmd.args(["run", "--release", "--quiet", "-p", "village-tests", "--bin", "bench"]).current_dir(workspace_root());
    tool_env(&mut cmd, &tools);
    run(&mut cmd)
}

#[cfg(test)]
mod tests {
    use super::count_before;

    #[test]
    fn libtest_summaries_are_added_up() {
        let ok = "ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.33s";
        assert_eq!((count_before(ok, " passed"), count_before(ok, " failed")), (12, 0));
        let bad = "FAILED. 3 passed; 2 failed; 0 ignored";
        assert_eq!((count_before(bad, " passed"), count_before(bad, " failed")), (3, 2));
    }
}
