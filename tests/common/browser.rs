//! A headless Chromium driven through chromedriver (WebDriver over plain HTTP on a
//! `TcpStream`), for the real-browser tests.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::serve::PATIENCE;

/// Chromium and chromedriver, or `None` after a visible skip message (a failure under `CI=true`).
pub fn browser(test: &str) -> Option<(PathBuf, PathBuf)> {
    let found =
        super::program(&["chromium", "chromium-browser", "google-chrome"]).zip(super::program(&["chromedriver"]));
    super::require(found, test, "Chromium and chromedriver", "apt-get install chromium chromium-driver")
}

/// chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(self.port, method, path, body)
    }

    pub fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn script(&self, js: &str) -> Value {
        self.session_call("POST", "/execute/sync", Some(json!({ "script": js, "args": [] })))["value"].clone()
    }

    pub fn wait_until(&self, what: &str, js: &str) {
        let start = Instant::now();
        while self.script(js) != Value::Bool(true) {
            assert!(start.elapsed() < PATIENCE, "the browser never showed {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(|| self.call("DELETE", &format!("/session/{}", self.session), None));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver request over a fresh connection.
fn call(port: u16, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    // read the head, then exactly Content-Length bytes (chromedriver may keep the connection)
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = s.read(&mut buf).expect("read");
        out.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&out);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string()))
                .and_then(|v| v.parse::<usize>().ok());
            if n == 0 || len.is_some_and(|len| body.len() >= len) {
                return serde_json::from_str(body).unwrap_or(Value::Null);
            }
        }
        assert!(n > 0, "chromedriver closed the connection: {}", String::from_utf8_lossy(&out));
    }
}

pub fn start_driver(chromium: PathBuf, chromedriver: PathBuf) -> Driver {
    start_driver_with(chromium, chromedriver, json!({}))
}

/// [`start_driver`] with more capabilities (`{"pageLoadStrategy": "none"}`: opening a page
/// returns at once, so a test can look at it while it loads).
pub fn start_driver_with(chromium: PathBuf, chromedriver: PathBuf, more: Value) -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < PATIENCE, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let profile = tempfile::tempdir().expect("profile dir");
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        &format!("--user-data-dir={}", profile.path().display()),
    ];
    let mut always = json!({ "goog:chromeOptions": { "binary": chromium, "args": args } });
    for (k, v) in more.as_object().into_iter().flatten() {
        always[k] = v.clone();
    }
    let caps = json!({ "capabilities": { "alwaysMatch": always } });
    let mut driver = Driver { child, port, session: String::new(), _profile: profile };
    let r = driver.call("POST", "/session", Some(caps));
    driver.session = r["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {r}")).to_string();
    driver
}
