//! Helpers for `plenary serve` tests: the real binary on an ephemeral loopback port, plain
//! HTTP/1.1 over `TcpStream` (raw requests included), and an event-stream reader.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a test waits for something that should happen (a deadline, not a measurement).
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running `plenary serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Lines of its standard error, as they come.
    pub stderr: Receiver<String>,
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Served {
    /// Starts `plenary serve --root <root> --port 0 <extra…>` and waits for its address.
    pub fn start(root: &Path, extra: &[&str]) -> Served {
        Served::start_env(root, extra, &[])
    }

    /// [`Served::start`] with these environment variables set.
    pub fn start_env(root: &Path, extra: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start plenary serve");
        let (tx, stderr) = mpsc::channel();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("read the served address");
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| {
            let _ = child.kill();
            panic!("no address in {line:?}")
        });
        let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().expect("address");
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Served { child, addr, stderr }
    }

    /// Sends raw bytes and returns whatever comes back (until the server closes or 3 s pass).
    pub fn raw(&self, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(3))).expect("timeout");
        let _ = s.write_all(bytes);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// `GET path` with `Host: 127.0.0.1`.
    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path, "127.0.0.1")
    }

    /// A request with the given method, target and Host.
    pub fn request(&self, method: &str, target: &str, host: &str) -> Answer {
        let text =
            self.raw(format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        parse(&text)
    }

    /// Polls `path` until `pred` holds for its answer; panics after [`PATIENCE`].
    pub fn wait_for(&self, path: &str, pred: impl Fn(&Answer) -> bool) -> Answer {
        let start = Instant::now();
        loop {
            let a = self.get(path);
            if pred(&a) {
                return a;
            }
            assert!(start.elapsed() < PATIENCE, "{path} never became as expected; last answer: {a:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the live-reload event stream.
    pub fn events(&self) -> Events {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.write_all(b"GET /__plenary/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .expect("write");
        s.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let mut reader = BufReader::new(s);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        Events { reader }
    }
}

impl Served {
    /// Sends Ctrl-C (SIGINT) and waits for the process to end.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().expect("run kill");
        assert!(sent.success(), "kill -INT failed");
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(start.elapsed() < PATIENCE, "plenary serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Splits a raw answer into status, head and body.
pub fn parse(text: &str) -> Answer {
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Answer { status, head: head.to_string(), body: body.to_string() }
}

/// A live-reload event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next `data:` message (JSON text); panics when none comes within [`PATIENCE`].
    pub fn next(&mut self) -> String {
        let start = Instant::now();
        loop {
            // heartbeats (`: ping`) keep the stream alive, so the deadline is checked here
            assert!(start.elapsed() < PATIENCE, "no event in time");
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream closed");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim().to_string();
            }
        }
    }

    /// Waits for a reload that covers the page at `address` (one for any page, or naming it);
    /// reloads naming only other pages are skipped.
    pub fn expect_reload_of(&mut self, address: &str) -> serde_json::Value {
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < PATIENCE, "no reload of {address} in time");
            let m: serde_json::Value = serde_json::from_str(&self.expect("reload")).expect("JSON");
            let covered = match &m["pages"] {
                serde_json::Value::Null => true,
                serde_json::Value::Array(pages) => pages.iter().any(|p| p == address),
                other => panic!("pages is {other}"),
            };
            if covered {
                return m;
            }
        }
    }

    /// Waits for a message of this type (`reload`, `css`, `error`, `fixed`).
    pub fn expect(&mut self, kind: &str) -> String {
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < PATIENCE, "no {kind} event in time");
            let m = self.next();
            if m.contains(&format!("\"type\":\"{kind}\"")) {
                return m;
            }
        }
    }
}
