//! Live reload: the script injected into served pages, the hub that tells open pages about
//! rebuilds (server-sent events written on the connection, non-blocking, and a long-poll
//! fallback), and the error overlay's text.
//!
//! Invariant: a message goes out only after the rebuilt site is the one being served (the
//! caller swaps the files first), so a reloading page never meets a half-built site. The
//! script is added to responses only; `plenary build` output never contains it.

use std::io::Write;
use std::path::Path;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::diagnostics::Diagnostic;

/// Where the live-reload endpoints live; no site page can be there (`_` names are private).
pub const PREFIX: &str = "/__plenary/";
/// Most event-stream clients held open at once.
pub const MAX_CLIENTS: usize = 64;
/// Most long-poll requests waiting at once (each holds its connection's thread).
pub const MAX_LONG_POLLS: usize = 4;
/// How long a long-poll waits for news.
pub const LONG_POLL: Duration = Duration::from_secs(25);

/// The script each served HTML page loads.
pub const SCRIPT: &str = include_str!("reload.js");
const SCRIPT_TAG: &str = "<script src=\"/__plenary/reload.js\"></script>";

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Nothing yet (the state a new page starts from).
    Hello,
    /// New pages are served: reload if showing one of these addresses (`None`: any page).
    Reload(Option<Vec<String>>),
    /// Only stylesheets changed: swap them.
    Css,
    /// The sources have an error (text of the overlay); the last good site is served.
    Error(String),
    /// The error is fixed and the served site did not change: hide the overlay.
    Fixed,
}

impl Message {
    /// A reload of the pages among these changed output files (`index.html` files stand for
    /// their folder's address; other files are not pages a browser shows the script in).
    pub fn reload_of(changed: &[String]) -> Message {
        let pages = changed
            .iter()
            .filter(|k| k.ends_with(".html"))
            .map(|k| match k.strip_suffix("index.html") {
                Some(dir) => format!("/{dir}"),
                None => format!("/{k}"),
            })
            .collect();
        Message::Reload(Some(pages))
    }

    fn json(&self, generation: u64) -> String {
        let (kind, text) = match self {
            Message::Hello => ("hello", None),
            Message::Reload(pages) => {
                return serde_json::json!({ "gen": generation, "type": "reload", "pages": pages }).to_string()
            }
            Message::Css => ("css", None),
            Message::Error(t) => ("error", Some(t.as_str())),
            Message::Fixed => ("fixed", None),
        };
        serde_json::json!({ "gen": generation, "type": kind, "text": text }).to_string()
    }
}

struct State {
    generation: u64,
    last: Message,
    error: Option<String>,
    clients: Vec<Box<dyn Write + Send>>,
    long_polls: usize,
}

/// Open pages, and the last thing they were told.
pub struct Hub {
    state: Mutex<State>,
    news: Condvar,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            state: Mutex::new(State {
                generation: 1,
                last: Message::Hello,
                error: None,
                clients: Vec::new(),
                long_polls: 0,
            }),
            news: Condvar::new(),
        }
    }
}

fn sse(json: &str) -> String {
    format!("data: {json}\n\n")
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells every open page; call only once the new site is served.
    pub fn send(&self, msg: Message) {
        let mut s = self.lock();
        s.generation += 1;
        s.error = match &msg {
            Message::Error(t) => Some(t.clone()),
            _ => None,
        };
        let line = sse(&msg.json(s.generation));
        s.last = msg;
        s.clients.retain_mut(|w| w.write_all(line.as_bytes()).and_then(|()| w.flush()).is_ok());
        self.news.notify_all();
    }

    /// Whether an error is being shown.
    pub fn error(&self) -> Option<String> {
        self.lock().error.clone()
    }

    /// Takes over a connection as an event stream (status line and headers are written here).
    /// `Err` gives the writer back when there are too many clients.
    pub fn attach(&self, mut w: Box<dyn Write + Send>) -> Result<(), Box<dyn Write + Send>> {
        let mut s = self.lock();
        // clients that went away are found by writing to them: the first write after a peer
        // closed may still go through, the second fails once the peer's reset has arrived,
        // which on a loaded machine can take a few milliseconds (the lock is let go meanwhile)
        for wait in [0, 2, 5, 10] {
            if s.clients.len() < MAX_CLIENTS {
                break;
            }
            if wait > 0 {
                drop(s);
                std::thread::sleep(Duration::from_millis(wait));
                s = self.lock();
            }
            for _ in 0..2 {
                s.clients.retain_mut(|w| w.write_all(b": ping\n\n").and_then(|()| w.flush()).is_ok());
            }
        }
        if s.clients.len() >= MAX_CLIENTS {
            return Err(w);
        }
        let mut head = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
        );
        // a page opened while the sources are broken shows the overlay at once
        if let Some(e) = &s.error {
            head.push_str(&sse(&Message::Error(e.clone()).json(s.generation)));
        }
        if w.write_all(head.as_bytes()).and_then(|()| w.flush()).is_ok() {
            s.clients.push(w);
        }
        Ok(())
    }

    /// Sends a comment to every client, dropping the ones that have gone away.
    pub fn heartbeat(&self) {
        let mut s = self.lock();
        s.clients.retain_mut(|w| w.write_all(b": ping\n\n").and_then(|()| w.flush()).is_ok());
    }

    /// Number of event-stream clients.
    pub fn clients(&self) -> usize {
        self.lock().clients.len()
    }

    /// Long-poll: waits until something newer than `since` happened (or the time is up) and
    /// returns it as JSON; `since = 0` answers at once. `None` when too many are waiting.
    pub fn poll(&self, since: u64, wait: Duration) -> Option<String> {
        let mut s = self.lock();
        if s.long_polls >= MAX_LONG_POLLS {
            return None;
        }
        s.long_polls += 1;
        if since != 0 {
            let (guard, _) =
                self.news.wait_timeout_while(s, wait, |s| s.generation <= since).unwrap_or_else(|e| e.into_inner());
            s = guard;
        }
        s.long_polls -= 1;
        // more than one missed message: a reload covers them all
        let msg = match (&s.error, s.generation > since.saturating_add(1) && since != 0) {
            (Some(e), _) => Message::Error(e.clone()),
            (None, true) => Message::Reload(None),
            (None, false) => s.last.clone(),
        };
        Some(msg.json(s.generation))
    }
}

/// Adds the live-reload script to an HTML page (before `</body>`, else at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The errors as shown in the terminal and the overlay: each error, then the offending lines
/// of its file with the position marked.
/// `served`: whether a good site is served underneath (none, when the first build failed).
pub fn error_text(root: &Path, diags: &[Diagnostic], served: bool) -> String {
    let mut out = String::new();
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        out.push_str(&d.to_string());
        out.push('\n');
        // the lines around it, unless the message shows its own (taken when the file was
        // read: after quick saves the file may hold another text by now)
        if d.line > 0 && d.excerpt.is_none() {
            if let Ok(text) = std::fs::read_to_string(root.join(&d.path)) {
                out.push_str(&excerpt(&text, d.line, d.col));
            }
        }
    }
    let n = errors.len();
    out.push_str(&format!(
        "build failed: {n} error{}; {}\n",
        if n == 1 { "" } else { "s" },
        if served { "the last good site is still served" } else { "no site is served until it builds" }
    ));
    out
}

/// The site's warnings for the terminal, when they changed: the first few, then how many
/// more (a large site may have thousands; `plenary check` lists them all).
pub fn warnings_text(warnings: &[Diagnostic]) -> String {
    const SHOWN: usize = 10;
    let mut out = String::new();
    for d in warnings.iter().take(SHOWN) {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    match warnings.len() {
        0 => out.push_str("no warnings now\n"),
        n if n > SHOWN => out.push_str(&format!("and {} more warnings: `plenary check` lists them all\n", n - SHOWN)),
        _ => {}
    }
    out
}

/// Lines around `line` (1-based), numbered, with a caret under `col`.
fn excerpt(text: &str, line: usize, col: usize) -> String {
    let first = line.saturating_sub(1).max(1);
    let mut out = String::new();
    for (i, l) in text.lines().enumerate().skip(first - 1).take(line + 1 - first + 1) {
        let n = i + 1;
        let l: String = l.chars().take(200).collect();
        out.push_str(&format!("{}{n:>5} | {l}\n", if n == line { ">" } else { " " }));
        if n == line && col > 0 {
            out.push_str(&format!("{}| {}^\n", " ".repeat(7), " ".repeat(col - 1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>")).unwrap();
        assert_eq!(out, format!("<html><body><p>x</p>{SCRIPT_TAG}</BODY></html>"));
        let out = String::from_utf8(inject(b"<p>no body")).unwrap();
        assert!(out.ends_with(SCRIPT_TAG));
    }

    #[test]
    fn excerpt_marks_the_line_and_column() {
        let e = excerpt("a\nb\ntitle: [x\nd\ne\n", 3, 8);
        assert_eq!(e, "     2 | b\n>    3 | title: [x\n       |        ^\n     4 | d\n");
    }

    /// An error that shows its own lines (taken when the file was read) is not shown a
    /// second time from the file as it is now (after quick saves, a text without the error).
    #[test]
    fn an_error_with_its_own_lines_is_shown_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.md"), "---\ntitle: Fixed since\n---\n").unwrap();
        let with = Diagnostic::error("x.md", 1, 1, "never closed").with_excerpt_from("---\ntitle: Broken\n");
        let text = error_text(dir.path(), &[with], true);
        assert!(text.contains("---") && !text.contains("Fixed since"), "{text}");
        // without lines of its own, the file's are shown
        let without = Diagnostic::error("x.md", 2, 1, "a mistake");
        assert!(error_text(dir.path(), std::slice::from_ref(&without), true).contains(">    2 | title: Fixed since"));
        // when the first build failed, no site is served underneath
        let first = error_text(dir.path(), &[without], false);
        assert!(first.ends_with("build failed: 1 error; no site is served until it builds\n"), "{first}");
    }

    #[test]
    fn warnings_are_shown_a_few_at_a_time() {
        let many: Vec<Diagnostic> = (1..=12).map(|n| Diagnostic::warning("x.md", n, 1, format!("w{n}"))).collect();
        let text = warnings_text(&many);
        assert!(text.contains("w10") && !text.contains("w11"), "{text}");
        assert!(text.ends_with("and 2 more warnings: `plenary check` lists them all\n"), "{text}");
        assert_eq!(warnings_text(&[]), "no warnings now\n");
    }

    #[test]
    fn long_poll_answers_at_once_for_a_new_page_and_with_the_error() {
        let hub = Hub::default();
        assert!(hub.poll(0, Duration::ZERO).unwrap().contains("\"hello\""));
        hub.send(Message::Error("boom".into()));
        let m = hub.poll(0, Duration::ZERO).unwrap();
        assert!(m.contains("\"error\"") && m.contains("boom"), "{m}");
        hub.send(Message::Reload(None));
        assert!(hub.error().is_none());
        assert!(hub.poll(1, Duration::ZERO).unwrap().contains("\"reload\""));
    }

    #[test]
    fn event_streams_and_long_polls_are_capped() {
        let hub = Hub::default();
        for _ in 0..MAX_CLIENTS {
            assert!(hub.attach(Box::new(std::io::sink())).is_ok());
        }
        assert!(hub.attach(Box::new(std::io::sink())).is_err(), "one client too many");
        let hub = std::sync::Arc::new(hub);
        let waiting: Vec<_> = (0..MAX_LONG_POLLS)
            .map(|_| {
                let hub = hub.clone();
                std::thread::spawn(move || hub.poll(1, Duration::from_secs(30)))
            })
            .collect();
        while hub.lock().long_polls < MAX_LONG_POLLS {
            std::thread::yield_now();
        }
        assert!(hub.poll(1, Duration::ZERO).is_none(), "one long-poll too many");
        hub.send(Message::Reload(None));
        for w in waiting {
            assert!(w.join().unwrap().is_some_and(|m| m.contains("\"reload\"")));
        }
    }

    #[test]
    fn events_reach_attached_clients_and_dead_ones_are_dropped() {
        #[derive(Clone, Default)]
        struct Sink(std::sync::Arc<Mutex<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        struct Dead;
        impl Write for Dead {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let hub = Hub::default();
        let sink = Sink::default();
        assert!(hub.attach(Box::new(sink.clone())).is_ok());
        let _ = hub.attach(Box::new(Dead));
        hub.send(Message::Css);
        assert_eq!(hub.clients(), 1);
        let got = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n") && got.contains("data: {") && got.contains("\"css\""), "{got}");
    }
}
