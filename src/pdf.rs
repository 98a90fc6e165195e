//! `plenary pdf`: prints a paper's print edition to PDF with headless Chromium. The built
//! site is served from a loopback server for the duration of the print, so styles and
//! images load exactly as they would online.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The page size of the print editions and their PDFs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PageSize {
    /// ISO A4 (210 × 297 mm), the default.
    #[default]
    A4,
    /// US Letter (8.5 × 11 in).
    Letter,
}

impl PageSize {
    /// The CSS `@page` size keyword.
    pub fn css(self) -> &'static str {
        match self {
            PageSize::A4 => "A4",
            PageSize::Letter => "letter",
        }
    }
}

/// The Chromium (or Chrome) program: `$PLENARY_CHROMIUM`, else the first of the usual names
/// on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PLENARY_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Serves `dir` (the site as built for `base_path`) on 127.0.0.1 while Chromium prints
/// `page` (an address below the base path) to `pdf`.
pub fn print(chromium: &Path, dir: &Path, base_path: &str, page: &str, pdf: &Path) -> Result<(), String> {
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(|e| format!("cannot start a loopback server: {e}"))?;
    let port = server.server_addr().to_ip().map(|a| a.port()).ok_or("the loopback server has no port")?;
    let server = std::sync::Arc::new(server);
    let serving = std::sync::Arc::clone(&server);
    let root = dir.to_path_buf();
    let base = base_path.trim_end_matches('/').to_string();
    let thread = std::thread::spawn(move || {
        for req in serving.incoming_requests() {
            let url = req.url().split(['?', '#']).next().unwrap_or("/").to_string();
            let rel = url.strip_prefix(&base).unwrap_or(&url).trim_start_matches('/').to_string();
            let mut file = root.join(&rel);
            if rel.is_empty() || rel.ends_with('/') {
                file = file.join("index.html");
            }
            // only files inside the built site, never `..`
            let safe = !rel.split('/').any(|c| c == "..");
            let resp = match std::fs::File::open(&file) {
                Ok(f) if safe => {
                    let mime = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("css") => "text/css",
                        Some("svg") => "image/svg+xml",
                        Some("png") => "image/png",
                        Some("jpg" | "jpeg") => "image/jpeg",
                        Some("js") => "text/javascript",
                        _ => "application/octet-stream",
                    };
                    let header = tiny_http::Header::from_bytes("Content-Type", mime).ok();
                    let mut r = tiny_http::Response::from_file(f).boxed();
                    if let Some(h) = header {
                        r.add_header(h);
                    }
                    r
                }
                _ => tiny_http::Response::from_string("not found").with_status_code(404).boxed(),
            };
            let _ = req.respond(resp);
        }
    });
    let profile = tempdir()?;
    let url = format!("http://127.0.0.1:{port}{}{page}", base_path.trim_end_matches('/'));
    let result = run_chromium(chromium, &profile, &url, pdf);
    server.unblock();
    let _ = thread.join();
    let _ = std::fs::remove_dir_all(&profile);
    result
}

fn tempdir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("plenary-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

fn run_chromium(chromium: &Path, profile: &Path, url: &str, pdf: &Path) -> Result<(), String> {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            // the PDF's bookmarks (its outline), made from the headings: the contents cannot
            // show page numbers (Chromium has no CSS `target-counter()`), so a reader finds a
            // chapter or section in the PDF viewer's outline panel; an older Chromium ignores
            // the switch
            "--generate-pdf-document-outline",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", chromium.display()))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                if status.success() && pdf.is_file() {
                    return Ok(());
                }
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
                return Err(format!("Chromium did not write the PDF ({status}): {last}"));
            }
            Ok(None) if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("Chromium took more than 2 minutes; stopped it".into());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(format!("cannot wait for Chromium: {e}")),
        }
    }
}
