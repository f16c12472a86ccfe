//! Before anything slow: is this machine able to build Village, and what must be installed first?
//!
//! `plan` is the pure decision (what is missing → what to run, or where to stop), tested below
//! against a fresh machine; `Machine::read` gathers the facts; `run` carries the plan out,
//! saying each step. A newcomer sees a missing piece named in the first lines of output, never
//! as a compiler error twenty minutes later.

use std::path::Path;
use std::process::Command;

use crate::{step, Result};

/// What the build needs from the machine itself (everything else is installed by `tools.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct Needs {
    /// The pinned toolchain (`rust-toolchain.toml`'s `channel`).
    pub channel: String,
    /// Its targets (`rust-toolchain.toml`'s `targets`).
    pub targets: Vec<String>,
    /// Chromium and ChromeDriver (tests only).
    pub browser: bool,
    /// Free bytes wanted where the tools go when they still have to be installed.
    pub tool_space: u64,
}

/// A fresh clone's whole test run wrote 4.2 GB (the tools 0.9, the clone with its target dir
/// and the run's stack state 3.3); the rest leaves room for growth.
pub const TOOL_SPACE: u64 = 5 * GIB;

/// What the machine has, as read by `Machine::read`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Machine {
    pub rustup: bool,
    /// Installed toolchains as rustup names them (`1.95.0-x86_64-unknown-linux-gnu`).
    pub toolchains: Vec<String>,
    /// Targets installed for the pinned toolchain.
    pub targets: Vec<String>,
    pub c_compiler: bool,
    /// npm's major version; Node 22 for wrangler comes from npm itself.
    pub npm_major: Option<u32>,
    /// Python 3.11+ with `venv` and `ensurepip` (tests only): Schemathesis comes from PyPI into
    /// a virtual environment.
    pub python_venv: bool,
    pub browser: bool,
    pub root: bool,
    /// Free bytes on the file system of the tools directory.
    pub free_bytes: Option<u64>,
    /// Whether the pinned cargo tools are already there (then no space is needed for them).
    pub tools_installed: bool,
}

/// What a step installs, so a plan can be checked by applying it to a machine.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Toolchain(String),
    Targets(Vec<String>),
    CCompiler,
    Npm,
    PythonVenv,
    Browser,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Install something, with the reason shown before it runs.
    Run { why: String, command: Vec<String>, provides: Piece },
    /// Cannot go on: the reason and the one thing to do about it.
    Stop { why: String, fix: String },
}

const GIB: u64 = 1024 * 1024 * 1024;
/// The oldest npm that installs the pinned npm packages (Node 20's npm 10 works).
const MIN_NPM_MAJOR: u32 = 9;
const APT_BROWSER: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// The steps that make this machine able to build and test Village, in order. Empty when
/// nothing is missing. A `Stop` ends the plan: nothing after it could work.
pub fn plan(machine: &Machine, needs: &Needs) -> Vec<Step> {
    let mut steps = Vec::new();
    if !machine.rustup {
        steps.push(Step::Stop {
            why: "rustup is missing (it installs the pinned Rust toolchain and its Wasm target)".into(),
            fix: format!(
                "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain {} \
                 --profile minimal --target {}",
                needs.channel,
                needs.targets.join(",")
            ),
        });
        return steps;
    }
    let toolchain_prefix = format!("{}-", needs.channel);
    if !machine.toolchains.iter().any(|t| t == &needs.channel || t.starts_with(&toolchain_prefix)) {
        steps.push(Step::Run {
            why: format!("the pinned Rust toolchain {} is not installed", needs.channel),
            command: words(&["rustup", "toolchain", "install", &needs.channel, "--profile", "minimal"]),
            provides: Piece::Toolchain(needs.channel.clone()),
        });
    }
    let missing: Vec<&String> = needs.targets.iter().filter(|t| !machine.targets.contains(t)).collect();
    if !missing.is_empty() {
        let mut command = words(&["rustup", "target", "add"]);
        command.extend(missing.iter().map(|t| t.to_string()));
        command.extend(words(&["--toolchain", &needs.channel]));
        steps.push(Step::Run {
            why: format!(
                "the {} target of Rust {} is not installed (rustup does not add it by itself here)",
                join(&missing),
                needs.channel
            ),
            command,
            provides: Piece::Targets(missing.iter().map(|t| t.to_string()).collect()),
        });
    }
    if !machine.c_compiler {
        steps.push(apt_or_stop(machine, "a C compiler (cc) is missing: some crates build C code", "gcc", Piece::CCompiler));
    }
    match machine.npm_major {
        None => steps.push(apt_or_stop(
            machine,
            "npm is missing: it installs wrangler, Node 22 and binaryen",
            "nodejs npm",
            Piece::Npm,
        )),
        Some(major) if major < MIN_NPM_MAJOR => steps.push(Step::Stop {
            why: format!("npm {major} is too old to install the pinned tools (need {MIN_NPM_MAJOR} or later)"),
            fix: "npm install -g npm@10".into(),
        }),
        Some(_) => {}
    }
    if needs.browser && !machine.python_venv {
        steps.push(apt_or_stop(
            machine,
            "Python 3.11+ with venv is missing: the tests install Schemathesis (the API fuzzer) from PyPI into one",
            "python3 python3-venv",
            Piece::PythonVenv,
        ));
    }
    if !machine.tools_installed {
        if let Some(free) = machine.free_bytes {
            if free < needs.tool_space {
                steps.push(Step::Stop {
                    why: format!(
                        "{:.1} GiB free where the tools go; installing and building needs about {:.0} GiB",
                        free as f64 / GIB as f64,
                        needs.tool_space as f64 / GIB as f64
                    ),
                    fix: "free some disk space, or point VILLAGE_TOOLS=… at a larger disk".into(),
                });
            }
        }
    }
    if needs.browser && !machine.browser {
        if machine.root {
            steps.push(Step::Run {
                why: "Chromium and ChromeDriver (for the browser tests) are not installed".into(),
                command: words(&["sh", "-c", &format!("DEBIAN_FRONTEND=noninteractive {APT_BROWSER} >/dev/null")]),
                provides: Piece::Browser,
            });
        } else {
            steps.push(Step::Stop {
                why: "Chromium and ChromeDriver are needed for the browser tests".into(),
                fix: format!("sudo sh -c '{APT_BROWSER}'"),
            });
        }
    }
    // Nothing after a stop can work: keep the plan up to the first one.
    if let Some(first_stop) = steps.iter().position(|s| matches!(s, Step::Stop { .. })) {
        steps.truncate(first_stop + 1);
    }
    steps
}

fn apt_or_stop(machine: &Machine, why: &str, packages: &str, provides: Piece) -> Step {
    let command = format!("apt-get update && apt-get install -y {packages}");
    if machine.root {
        Step::Run {
            why: why.to_string(),
            command: words(&["sh", "-c", &format!("DEBIAN_FRONTEND=noninteractive {command} >/dev/null")]),
            provides,
        }
    } else {
        Step::Stop { why: why.to_string(), fix: format!("sudo sh -c '{command}'") }
    }
}

impl Machine {
    /// This machine as a fresh one of its kind would be: the same rustup, toolchains, compiler,
    /// npm, rights and disk, but only the host's target, no browser and no tools yet.
    pub fn as_fresh(&self) -> Machine {
        Machine {
            targets: self.targets.iter().filter(|t| t.contains("-linux-")).cloned().collect(),
            browser: false,
            tools_installed: false,
            ..self.clone()
        }
    }

    fn with(mut self, piece: &Piece) -> Machine {
        match piece {
            Piece::Toolchain(channel) => self.toolchains.push(channel.clone()),
            Piece::Targets(targets) => self.targets.extend(targets.iter().cloned()),
            Piece::CCompiler => self.c_compiler = true,
            Piece::Npm => self.npm_major = Some(MIN_NPM_MAJOR),
            Piece::PythonVenv => self.python_venv = true,
            Piece::Browser => self.browser = true,
        }
        self
    }
}

/// Whether carrying out `steps` on `machine` leaves nothing missing: no stop, and a second
/// preflight on the result would have nothing to do.
pub fn covers(steps: &[Step], machine: &Machine, needs: &Needs) -> Result<()> {
    let mut after = machine.clone();
    for s in steps {
        match s {
            Step::Run { provides, .. } => after = after.with(provides),
            Step::Stop { why, fix } => return Err(format!("a fresh machine would stop: {why} ({fix})").into()),
        }
    }
    // The disk was measured before the tools were installed; once they are, it no longer counts.
    after.tools_installed = true;
    let left = plan(&after, needs);
    if !left.is_empty() {
        return Err(format!("the preflight's steps leave something missing: {left:?}").into());
    }
    Ok(())
}

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
}

fn join(items: &[&String]) -> String {
    items.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
}

/// `channel` and `targets` from `rust-toolchain.toml` (a two-key file; no TOML parser needed).
pub fn needs_from_toolchain_file(text: &str, browser: bool) -> Result<Needs> {
    let value = |key: &str| {
        text.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
    };
    let channel = value("channel").ok_or("rust-toolchain.toml names no channel")?.trim_matches('"').to_string();
    let targets = value("targets")
        .map(|v| {
            v.trim_matches(['[', ']'])
                .split(',')
                .map(|t| t.trim().trim_matches('"').to_string())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Ok(Needs { channel, targets, browser, tool_space: TOOL_SPACE })
}

impl Machine {
    pub fn read(needs: &Needs, tools_root: &Path, tools_installed: bool) -> Machine {
        let rustup = output(Command::new("rustup").arg("--version")).is_some();
        let toolchains = if rustup {
            output(Command::new("rustup").args(["toolchain", "list"]))
                .map(|text| text.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let targets = if rustup {
            output(Command::new("rustup").args(["target", "list", "--installed", "--toolchain", &needs.channel]))
                .map(|text| text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let npm_major = output(Command::new("npm").arg("--version"))
            .and_then(|v| v.trim().split('.').next().and_then(|m| m.parse().ok()));
        Machine {
            rustup,
            toolchains,
            targets,
            c_compiler: output(Command::new("cc").arg("--version")).is_some(),
            npm_major,
            // `venv --help` works without ensurepip (Debian's python3-venv), and Schemathesis
            // needs 3.11.
            python_venv: output(Command::new("python3").args([
                "-c",
                "import sys, ensurepip, venv; assert sys.version_info >= (3, 11)",
            ]))
            .is_some(),
            browser: Path::new(crate::tools::CHROMIUM).exists() && Path::new(crate::tools::CHROMEDRIVER).exists(),
            root: output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0"),
            free_bytes: free_bytes(tools_root),
            tools_installed,
        }
    }
}

/// Standard output of a command that succeeded.
fn output(cmd: &mut Command) -> Option<String> {
    // Asking rustup about a toolchain must never make it install one.
    cmd.env("RUSTUP_AUTO_INSTALL", "0");
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Free bytes on the file system holding `path` (or its nearest existing parent), from `df`.
fn free_bytes(path: &Path) -> Option<u64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    let text = output(Command::new("df").args(["-Pk"]).arg(existing))?;
    let kib: u64 = text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(kib * 1024)
}

/// Read the machine, show what it lacks and install it, or stop with the one command to run.
pub fn run(root: &Path, tools_root: &Path, tools_installed: bool, browser: bool) -> Result<()> {
    let needs = needs_from_toolchain_file(&std::fs::read_to_string(root.join("rust-toolchain.toml"))?, browser)?;
    let machine = Machine::read(&needs, tools_root, tools_installed);
    let steps = plan(&machine, &needs);
    if steps.is_empty() {
        step(&format!(
            "preflight: Rust {} with {}, cc, npm{} — all here",
            needs.channel,
            needs.targets.join(", "),
            if browser { ", Python 3.11+ with venv, Chromium" } else { "" }
        ));
        return Ok(());
    }
    for s in steps {
        match s {
            Step::Run { why, command, .. } => {
                step(&format!("preflight: {why}; running `{}`", command.join(" ")));
                crate::run(Command::new(&command[0]).args(&command[1..]))?;
            }
            Step::Stop { why, fix } => {
                return Err(format!("preflight: {why}. Run:\n    {fix}\nthen this command again.").into());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs() -> Needs {
        Needs { channel: "1.95.0".into(), targets: vec!["wasm32-unknown-unknown".into()], browser: true, tool_space: TOOL_SPACE }
    }

    /// A new machine of the kind Village is built on: rustup with the pinned toolchain but not
    /// its Wasm target, gcc, Node 20's npm, root, plenty of disk, nothing else.
    fn fresh_machine() -> Machine {
        Machine {
            rustup: true,
            toolchains: vec!["1.95.0-x86_64-unknown-linux-gnu".into()],
            targets: vec!["x86_64-unknown-linux-gnu".into()],
            c_compiler: true,
            npm_major: Some(11),
            python_venv: true,
            browser: false,
            root: true,
            free_bytes: Some(80 * GIB),
            tools_installed: false,
        }
    }

    fn commands(steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| match s {
                Step::Run { command, .. } => command.join(" "),
                Step::Stop { fix, .. } => format!("STOP {fix}"),
            })
            .collect()
    }

    #[test]
    fn a_fresh_machine_gets_the_wasm_target_before_anything_else() {
        let steps = plan(&fresh_machine(), &needs());
        let commands = commands(&steps);
        assert_eq!(commands[0], "rustup target add wasm32-unknown-unknown --toolchain 1.95.0");
        assert!(commands[1].contains("apt-get install -y chromium chromium-driver"), "{commands:?}");
        assert_eq!(commands.len(), 2);
    }

    #[test]
    fn a_ready_machine_needs_nothing() {
        let mut machine = fresh_machine();
        machine.targets.push("wasm32-unknown-unknown".into());
        machine.browser = true;
        assert_eq!(plan(&machine, &needs()), vec![]);
    }

    #[test]
    fn a_missing_toolchain_is_installed_minimal_then_its_target() {
        let mut machine = fresh_machine();
        machine.toolchains = vec!["stable-x86_64-unknown-linux-gnu".into()];
        machine.targets.clear();
        let commands = commands(&plan(&machine, &needs()));
        assert_eq!(commands[0], "rustup toolchain install 1.95.0 --profile minimal");
        assert_eq!(commands[1], "rustup target add wasm32-unknown-unknown --toolchain 1.95.0");
    }

    #[test]
    fn without_rustup_the_plan_is_one_stop_with_the_command_to_run() {
        let machine = Machine { rustup: false, ..fresh_machine() };
        let steps = plan(&machine, &needs());
        assert_eq!(steps.len(), 1);
        let Step::Stop { fix, .. } = &steps[0] else { panic!("expected a stop: {steps:?}") };
        assert!(fix.contains("--default-toolchain 1.95.0") && fix.contains("--target wasm32-unknown-unknown"));
    }

    #[test]
    fn not_root_names_the_apt_command_instead_of_running_it() {
        let mut machine = fresh_machine();
        machine.root = false;
        let commands = commands(&plan(&machine, &needs()));
        assert_eq!(commands.last().unwrap(), "STOP sudo sh -c 'apt-get update && apt-get install -y chromium chromium-driver'");
    }

    #[test]
    fn a_full_disk_stops_before_twenty_minutes_of_compiling_but_not_once_tools_are_there() {
        let mut machine = fresh_machine();
        machine.free_bytes = Some(GIB / 4);
        assert!(commands(&plan(&machine, &needs())).iter().any(|c| c.starts_with("STOP") && c.contains("VILLAGE_TOOLS")));
        machine.tools_installed = true;
        assert!(commands(&plan(&machine, &needs())).iter().all(|c| !c.starts_with("STOP")));
    }

    #[test]
    fn missing_npm_or_compiler_is_installed_from_debian_as_root() {
        let machine = Machine { npm_major: None, c_compiler: false, python_venv: false, ..fresh_machine() };
        let commands = commands(&plan(&machine, &needs()));
        assert!(commands.iter().any(|c| c.contains("apt-get install -y gcc")), "{commands:?}");
        assert!(commands.iter().any(|c| c.contains("apt-get install -y nodejs npm")), "{commands:?}");
        assert!(commands.iter().any(|c| c.contains("apt-get install -y python3 python3-venv")), "{commands:?}");
    }

    /// The guard that would have caught the missing target: whatever the repository's
    /// `rust-toolchain.toml` asks for, a fresh machine's plan installs.
    #[test]
    fn every_target_the_toolchain_file_names_is_installed_on_a_fresh_machine() {
        let file = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../rust-toolchain.toml")).unwrap();
        let needs = needs_from_toolchain_file(&file, false).unwrap();
        assert!(!needs.targets.is_empty(), "the Wasm builds need a target");
        let machine = Machine { targets: vec![], ..fresh_machine() };
        let commands = commands(&plan(&machine, &needs));
        for target in &needs.targets {
            assert!(commands.iter().any(|c| c.starts_with("rustup target add") && c.contains(target.as_str())), "{target}");
        }
    }

    #[test]
    fn the_plan_for_a_fresh_machine_leaves_nothing_missing() {
        let machine = fresh_machine();
        covers(&plan(&machine, &needs()), &machine, &needs()).unwrap();
        let bare = Machine { toolchains: vec![], targets: vec![], c_compiler: false, npm_major: None, ..fresh_machine() };
        covers(&plan(&bare, &needs()), &bare, &needs()).unwrap();
    }

    #[test]
    fn a_machine_read_as_fresh_has_lost_what_earlier_work_left_on_it() {
        let mut used = fresh_machine();
        used.targets.push("wasm32-unknown-unknown".into());
        used.browser = true;
        used.tools_installed = true;
        assert_eq!(used.as_fresh(), fresh_machine());
    }

    #[test]
    fn the_toolchain_file_is_read() {
        let needs = needs_from_toolchain_file("[toolchain]\nchannel = \"1.95.0\"\ntargets = [\"wasm32-unknown-unknown\"]\n", true)
            .unwrap();
        assert_eq!(needs.channel, "1.95.0");
        assert_eq!(needs.targets, vec!["wasm32-unknown-unknown".to_string()]);
    }
}
