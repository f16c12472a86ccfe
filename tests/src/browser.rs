//! A real headless Chromium at phone size (390×844), driven through ChromeDriver, with axe-core
//! for accessibility checks and screenshots saved under `target/screenshots/`.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::stack::{free_port, workspace_root};

pub struct Browser {
    pub client: Client,
    driver: Child,
}

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

impl Browser {
    /// A fresh browser profile at 390×844; times are shown as a Californian provider would see them.
    pub async fn start() -> Browser {
        Browser::start_at_width(390).await
    }

    /// As [`Browser::start`], with a phone `width` CSS pixels wide (e.g. 320 for the smallest).
    pub async fn start_at_width(width: u32) -> Browser {
        Browser::launch(width, true).await
    }

    /// As [`Browser::start`], with JavaScript (and so the app) switched off.
    pub async fn start_without_javascript() -> Browser {
        Browser::launch(390, false).await
    }

    async fn launch(width: u32, javascript: bool) -> Browser {
        let port = free_port();
        let driver = Command::new(env_or("VILLAGE_CHROMEDRIVER", "/usr/bin/chromedriver"))
            .arg(format!("--port={port}"))
            .env("TZ", "America/Los_Angeles")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromedriver (apt-get install chromium-driver)");
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": env_or("VILLAGE_CHROMIUM", "/usr/bin/chromium"),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", format!("--window-size={width},844")],
                "mobileEmulation": { "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 2 } },
                "prefs": { "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 } }
            }
        });
        let caps = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => panic!("chromedriver did not start: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser { client, driver }
    }

    /// Open `url` and wait for the app to take over the page the Worker rendered (before that,
    /// its links and buttons are the page's own, not yet the app's).
    pub async fn goto(&self, url: &str) {
        self.goto_as_served(url).await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.client.find(Locator::Css("#server-page")).await.is_ok() {
            assert!(Instant::now() < deadline, "the app never took over {url}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Open `url` and look at it as it arrived.
    pub async fn goto_as_served(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Open a dashboard sign-in link and tap "Sign in" (the page never spends the link by
    /// itself: mail scanners open links too).
    pub async fn follow_sign_in_link(&self, url: &str) {
        self.goto(url).await;
        self.click(".use-sign-in-link").await;
    }

    /// Wait for an element to appear (the app renders after its Wasm loads and data arrives).
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}` on the page: {e}"))
    }

    /// Wait until the text of `css` contains `needle`; returns the whole text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = el.text().await {
                    if text.contains(needle) {
                        return text;
                    }
                }
            }
            if Instant::now() > deadline {
                let body = self.client.find(Locator::Css("body")).await.ok();
                let text = match body {
                    Some(b) => b.text().await.unwrap_or_default(),
                    None => String::new(),
                };
                panic!("`{css}` never contained {needle:?}; the page said:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Type `value` into `css`, replacing what is there. The app may render the field again
    /// between finding and typing (an answer arriving, the page laid out again on a slow
    /// machine): a stale or not-yet-interactable element is found again until the deadline.
    pub async fn fill(&self, css: &str, value: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let el = self.wait_for(css).await;
            let typed = match el.clear().await {
                Ok(()) => el.send_keys(value).await,
                Err(e) => Err(e),
            };
            match typed {
                Ok(()) => return,
                Err(e) if retryable(&e) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("typing into `{css}`: {e}"),
            }
        }
    }

    /// Set an input's value as a picker would (date and time inputs take no typing over
    /// WebDriver in every locale) and fire `input`, which the app listens to.
    pub async fn set_value(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('input', { bubbles: true })); \
                      el.dispatchEvent(new Event('change', { bubbles: true }));";
        self.client.execute(script, vec![css.into(), value.into()]).await.expect("set a value");
    }

    /// What the page would download from `path` (same origin, with its cookies).
    pub async fn fetch_text(&self, path: &str) -> String {
        let script =
            "const done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)));";
        let value = self.client.execute_async(script, vec![path.into()]).await.expect("fetch in the page");
        value.as_str().unwrap_or_default().to_string()
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.expect("click");
    }

    pub async fn value(&self, css: &str) -> String {
        self.wait_for(css).await.prop("value").await.expect("value").unwrap_or_default()
    }

    /// axe-core's WCAG 2.x A and AA violations on the current page, one line each.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(env_or("VILLAGE_AXE_JS", ""))
            .expect("VILLAGE_AXE_JS points at axe.min.js (cargo xtask test sets it)");
        self.client.execute(&axe, vec![]).await.expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                      .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)))
                      .catch(e => done(['axe failed: ' + e]));"#,
                vec![],
            )
            .await
            .expect("run axe-core");
        serde_json::from_value(result).expect("a list of violations")
    }

    /// A Chrome DevTools Protocol command through ChromeDriver (e.g. to set the phone's location).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client.issue_cmd(Cdp { cmd: cmd.to_string(), params }).await.unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    /// What sticks out past the screen's right edge (content cut off or a sideways scroll);
    /// empty when the page fits. Measured against the screen, not `innerWidth`: a mobile
    /// viewport widens itself to fit overflowing content.
    pub async fn horizontal_overflow(&self) -> Vec<String> {
        let found = self
            .client
            .execute(
                "if (document.documentElement.scrollWidth <= screen.width + 1) return [];
                 return [...document.querySelectorAll('body *')]
                   .filter(e => e.getBoundingClientRect().right > screen.width + 1)
                   .slice(0, 8)
                   .map(e => `${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(e.getBoundingClientRect().right)} px): ${(e.textContent || '').slice(0, 40)}`);",
                vec![],
            )
            .await
            .expect("measure");
        serde_json::from_value(found).unwrap_or_default()
    }

    /// Save a PNG under `target/screenshots/` and return its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.expect("screenshot")).expect("write screenshot");
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A WebDriver refusal that passes once the app has finished rendering the element.
fn retryable(e: &fantoccini::error::CmdError) -> bool {
    let text = format!("{e:?}");
    text.contains("StaleElementReference") || text.contains("ElementNotInteractable")
}

impl Drop for Browser {
    fn drop(&mut self) {
        // SAFETY: signalling the driver's own process group (it started Chromium in it).
        unsafe {
            libc::kill(-(self.driver.id() as i32), libc::SIGKILL);
        }
    }
}

/// ChromeDriver's pass-through to the DevTools protocol.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}
