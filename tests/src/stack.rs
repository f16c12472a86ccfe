//! One `wrangler dev` process group, started on free ports with its own state directory and
//! stopped when dropped (or when the test binary exits).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Process groups to stop at exit (a shared stack lives in a `static`, which is never dropped).
static RUNNING: Mutex<Vec<i32>> = Mutex::new(Vec::new());

extern "C" fn stop_all_at_exit() {
    if let Ok(groups) = RUNNING.lock() {
        for pgid in groups.iter() {
            terminate(*pgid);
        }
    }
}

fn terminate(pgid: i32) {
    // SAFETY: signalling a process group we created; no memory is touched.
    unsafe {
        libc::kill(-pgid, libc::SIGTERM);
    }
}

pub struct Stack {
    pub base: String,
    pub state_dir: PathBuf,
    child: Child,
    log: PathBuf,
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_path_buf()
}

fn tool(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: run the tests with `cargo xtask test`, which installs and builds everything first")
    })
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

/// A fresh, empty directory under the target dir (kept after the run for inspection).
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = workspace_root().join("target/e2e").join(format!("{name}-{}-{}", std::process::id(), free_port()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a state directory");
    dir
}

impl Stack {
    /// The size in bytes of the largest value the stack's Workers KV holds, read from its own
    /// files (local KV keeps each value as one file under `v3/kv/{namespace}/blobs`). Local KV
    /// takes values past Cloudflare's limits, so only a look at what is stored catches one.
    pub fn largest_kv_value(&self) -> u64 {
        let namespaces = std::fs::read_dir(self.state_dir.join("v3/kv")).expect("the stack keeps KV on disk");
        let mut largest = 0;
        for namespace in namespaces.flatten() {
            let Ok(blobs) = std::fs::read_dir(namespace.path().join("blobs")) else { continue };
            for blob in blobs.flatten() {
                largest = largest.max(blob.metadata().map(|m| m.len()).unwrap_or(0));
            }
        }
        largest
    }

    /// Write `value` under `key` into the Workers KV of a stopped stack's state, as an earlier
    /// release might have left it (`wrangler kv key put`, on the local state).
    pub fn put_kv(state_dir: &Path, key: &str, value: &str) {
        let status = Command::new(tool("VILLAGE_NODE"))
            .arg(tool("VILLAGE_WRANGLER"))
            .args(["kv", "key", "put", "--binding", "VILLAGE", "--local", "--persist-to"])
            .arg(state_dir)
            .args([key, value])
            .env("WRANGLER_SEND_METRICS", "false")
            .current_dir(workspace_root())
            .stdout(Stdio::null())
            .status()
            .expect("run wrangler kv key put");
        assert!(status.success(), "wrangler kv key put {key}");
    }

    /// A development stack (dev-only routes on) with empty state.
    pub fn start() -> Stack {
        Stack::start_at(&fresh_dir("state"), true)
    }

    /// Start on an existing state directory; `development` turns the dev-only routes on.
    pub fn start_at(state_dir: &Path, development: bool) -> Stack {
        Stack::start_with(state_dir, development, &[])
    }

    /// As [`Stack::start_at`], with extra Worker variables (e.g. an email API to fail against).
    pub fn start_with(state_dir: &Path, development: bool, vars: &[(&str, &str)]) -> Stack {
        // A free port can be taken by another test's runtime between our check and its bind
        // ("Address already in use"): then start again on another port.
        for _ in 0..3 {
            if let Some(stack) = Stack::try_start(state_dir, development, vars) {
                return stack;
            }
        }
        panic!("wrangler dev could not start three times; see the logs beside {}", state_dir.display());
    }

    fn try_start(state_dir: &Path, development: bool, vars: &[(&str, &str)]) -> Option<Stack> {
        let root = workspace_root();
        assert!(
            root.join("dist/index.html").exists() && root.join("edge/build/index.js").exists(),
            "build first: `cargo xtask test` does"
        );
        let port = free_port();
        let log = state_dir.with_extension(format!("{port}.log"));
        let mut cmd = Command::new(tool("VILLAGE_NODE"));
        cmd.arg(tool("VILLAGE_WRANGLER"))
            .args(["dev", "--local", "--ip", "127.0.0.1", "--port", &port.to_string()])
            .args(["--inspector-port", &free_port().to_string()])
            .arg("--persist-to")
            .arg(state_dir)
            .arg("--show-interactive-dev-session=false")
            // GET /__scheduled runs the cron job on demand.
            .arg("--test-scheduled")
            .args(["--var", &format!("PUBLIC_URL:http://127.0.0.1:{port}")])
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("CI", "true")
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).expect("log file"))
            .stderr(std::fs::File::create(log.with_extension("err")).expect("log file"))
            .process_group(0);
        if development {
            cmd.args(["--var", "VILLAGE_ENV:development"]);
        }
        for (name, value) in vars {
            cmd.args(["--var", &format!("{name}:{value}")]);
        }
        let child = cmd.spawn().expect("start wrangler dev");
        {
            let mut running = RUNNING.lock().expect("lock");
            if running.is_empty() {
                // SAFETY: registering a plain extern "C" function.
                unsafe {
                    libc::atexit(stop_all_at_exit);
                }
            }
            running.push(child.id() as i32);
        }
        let mut stack =
            Stack { base: format!("http://127.0.0.1:{port}"), state_dir: state_dir.to_path_buf(), child, log };
        stack.wait_until_ready(port).then_some(stack)
    }

    fn wait_until_ready(&mut self, port: u16) -> bool {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if self.child.try_wait().ok().flatten().is_some() {
                // It gave up (a port taken under it): the caller starts another.
                return false;
            }
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = s.write_all(b"GET /api/groups HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                let mut head = [0u8; 12];
                if s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200") {
                    return true;
                }
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                panic!("wrangler dev did not become ready on port {port}:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Kill the whole runtime at once (`SIGKILL`: no shutdown, writes in flight cut off), as a
    /// crash or a lost machine would, keeping the state directory.
    pub fn crash(mut self) -> PathBuf {
        let pgid = self.child.id() as i32;
        // SAFETY: signals a process group this harness started.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
        if let Ok(mut running) = RUNNING.lock() {
            running.retain(|p| *p != pgid);
        }
        self.state_dir.clone()
    }

    /// Stop the runtime and wait for it, keeping the state directory.
    pub fn stop(mut self) -> PathBuf {
        self.shutdown();
        self.state_dir.clone()
    }

    fn shutdown(&mut self) {
        let pgid = self.child.id() as i32;
        terminate(pgid);
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        // SAFETY: as above; SIGKILL for anything that ignored SIGTERM.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
        if let Ok(mut running) = RUNNING.lock() {
            running.retain(|p| *p != pgid);
        }
    }

    /// What the runtime has printed so far (standard output and error: the Worker's logs, and
    /// wrangler's own lines).
    pub fn log(&self) -> String {
        let out = std::fs::read_to_string(&self.log).unwrap_or_default();
        let err = std::fs::read_to_string(self.log.with_extension("err")).unwrap_or_default();
        format!("{out}\n{err}")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.shutdown();
        }
    }
}
