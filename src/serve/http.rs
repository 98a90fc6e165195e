//! Answering requests ([`super::server`]): request-target checks, the `Host` check, looking files up
//! in the built site, content types, the 404 page, live-reload endpoints.
//!
//! Invariant: only files of the built site ([`SiteFiles`]) are served, found by exact output
//! path; a request target is refused before lookup unless it is a plain absolute path
//! (no `..`, `.`, `//`, backslash, NUL, control characters, double encoding or absolute form).

use std::io::Write;
use std::sync::{Arc, RwLock};

use super::rebuild::SiteFiles;
use super::reload::{self, Hub};
use super::server::Request;

/// Longest request target accepted.
pub const MAX_TARGET: usize = 2048;

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Longer than [`MAX_TARGET`] (414).
    TooLong,
    /// Anything but a clean absolute path (400).
    Bad,
}

/// The decoded path of a request target (starts with `/`), or why it is refused. The query
/// and fragment are dropped.
pub fn clean_path(target: &str) -> Result<String, Refused> {
    if target.len() > MAX_TARGET {
        return Err(Refused::TooLong);
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refused::Bad);
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or(Refused::Bad)?;
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).map_err(|_| Refused::Bad)?;
    if decoded.chars().any(|c| c == '%' || c == '\\' || c.is_control()) {
        return Err(Refused::Bad);
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) || s.contains(':') && i == 0 {
            return Err(Refused::Bad);
        }
    }
    Ok(decoded)
}

/// Whether a `Host` header is acceptable: any when bound to a non-loopback address (the user
/// chose that), else only `localhost`, `127.0.0.1` or `[::1]`, with or without a port.
pub fn host_allowed(host: Option<&str>, loopback: bool) -> bool {
    if !loopback {
        return true;
    }
    let Some(host) = host else { return false };
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    let port_ok = host[name.len()..].is_empty()
        || host[name.len()..].strip_prefix(':').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && ["localhost", "127.0.0.1", "[::1]"].iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// What a clean path names in the built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file at this output path.
    File(String),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    /// Nothing.
    NotFound,
}

/// Finds a clean path: `/x/` → `x/index.html`; `/x` → redirect to `/x/` when that exists.
pub fn lookup(files: &SiteFiles, path: &str) -> Lookup {
    let rel = &path[1..];
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if files.contains(&index) { Lookup::File(index) } else { Lookup::NotFound };
    }
    if files.contains(rel) {
        return Lookup::File(rel.to_string());
    }
    if files.contains(&format!("{rel}/index.html")) {
        return Lookup::Redirect(format!("{path}/"));
    }
    Lookup::NotFound
}

/// A clean path as a `Location` header value: header values are ASCII, so every byte outside
/// the characters a path may hold as they are is percent-encoded (`/café/` → `/caf%C3%A9/`).
pub fn encode_location(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A request's query as part of a `Location` header value: as sent, with every byte a query
/// may not hold as it is percent-encoded (a `%` already encoding one is kept).
pub fn encode_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for b in query.bytes() {
        if b.is_ascii_alphanumeric() || b"/?-._~!$&'()*+,;=:@%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The Content-Type of an output path.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" | "bib" | "ris" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// What a `Range` header asks of a file of `len` bytes (RFC 9110 §14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// The whole file (no range, several ranges, or one the server may ignore as invalid).
    Whole,
    /// Bytes `start..=end`.
    Part(usize, usize),
    /// A range that starts past the end (416).
    Unsatisfiable,
}

/// Reads a `Range` header: one range of bytes (`a-b`, `a-`, `-n`) is answered; several ranges
/// and anything malformed get the whole file, as the RFC allows.
pub fn byte_range(header: Option<&str>, len: usize) -> Range {
    // the unit is named without case (RFC 9110 §14.1)
    let spec =
        header.map(str::trim).and_then(|h| h.get(..6).filter(|u| u.eq_ignore_ascii_case("bytes=")).map(|_| &h[6..]));
    let Some(spec) = spec else { return Range::Whole };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Range::Whole };
    // digits past u64 are a number past any file's end
    let number =
        |s: &str| (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().unwrap_or(u64::MAX));
    let index = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    match (number(first), number(last)) {
        // `-n`: the last n bytes
        (None, Some(n)) if first.is_empty() => {
            if n == 0 || len == 0 {
                Range::Unsatisfiable
            } else {
                Range::Part(len.saturating_sub(index(n)), len - 1)
            }
        }
        (Some(a), end) if last.is_empty() || end.is_some() => match end {
            Some(b) if b < a => Range::Whole,
            _ if index(a) >= len => Range::Unsatisfiable,
            _ => Range::Part(index(a), end.map_or(len - 1, |b| index(b).min(len - 1))),
        },
        _ => Range::Whole,
    }
}

/// What the request handler needs.
pub struct Ctx {
    /// The site being served (swapped whole after each successful rebuild).
    pub files: RwLock<Arc<SiteFiles>>,
    /// Live-reload clients.
    pub hub: Hub,
    /// Bound to a loopback address (then `Host` is checked).
    pub loopback: bool,
}

fn respond(req: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    // the server leaves the body out of answers to HEAD itself
    let mut headers =
        vec![("Content-Type", ctype), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")];
    headers.extend_from_slice(extra);
    req.respond(status, &headers, &body);
}

fn text(req: Request, status: u16, msg: &str) {
    respond(req, status, "text/plain; charset=utf-8", format!("{msg}\n").into_bytes(), &[]);
}

/// Answers one request. Never panics on any input.
pub fn handle(req: Request, ctx: &Ctx) {
    if !matches!(req.method(), "GET" | "HEAD") {
        respond(req, 405, "text/plain; charset=utf-8", b"only GET and HEAD\n".to_vec(), &[("Allow", "GET, HEAD")]);
        return;
    }
    // two `Host` headers are a malformed request (RFC 9112 §3.2), not a choice of the first
    if req.header_count("Host") > 1 {
        return text(req, 400, "more than one Host header");
    }
    let host = req.header("Host").map(str::to_string);
    if !host_allowed(host.as_deref(), ctx.loopback) {
        text(req, 403, "plenary serve answers only to localhost, 127.0.0.1 and [::1]");
        return;
    }
    let path = match clean_path(req.url()) {
        Ok(p) => p,
        Err(Refused::TooLong) => return text(req, 414, "request target too long"),
        Err(Refused::Bad) => return text(req, 400, "bad request target"),
    };
    if let Some(rest) = path.strip_prefix(reload::PREFIX) {
        return live_reload(req, rest, ctx);
    }
    let files = ctx.files.read().map(|f| f.clone()).unwrap_or_else(|e| e.into_inner().clone());
    match lookup(&files, &path) {
        // a copied file deleted since the build (or now leading outside the site) is not found
        Lookup::File(rel) => match files.read(&rel) {
            Some(bytes) => serve_file(req, 200, &rel, bytes),
            None => not_found(req, &files),
        },
        Lookup::Redirect(to) => {
            // with the query: `/search?q=ai` goes to `/search/?q=ai`, its search kept
            let mut location = encode_location(&to);
            if let Some((_, query)) = req.url().split_once('?') {
                location.push('?');
                location.push_str(&encode_query(query));
            }
            respond(req, 301, "text/plain; charset=utf-8", Vec::new(), &[("Location", &location)])
        }
        Lookup::NotFound => not_found(req, &files),
    }
}

fn not_found(req: Request, files: &SiteFiles) {
    match files.read("404.html") {
        Some(bytes) => serve_file(req, 404, "404.html", bytes),
        // no site yet (the first build failed): a page that still shows the overlay
        None => serve_file(req, 404, "404.html", b"<!doctype html><title>Not found</title><p>Not found.</p>".to_vec()),
    }
}

fn serve_file(req: Request, status: u16, rel: &str, bytes: Vec<u8>) {
    let ctype = content_type(rel);
    if ctype.starts_with("text/html") {
        return respond(req, status, ctype, reload::inject(&bytes), &[]);
    }
    // a video or a PDF is asked for in parts (Safari plays no video otherwise); an `If-Range`
    // names a version this server keeps no validator for, so it gets the whole file
    // two `Range` headers are no one range: the whole file
    let asked = if status == 200 && req.header("If-Range").is_none() && req.header_count("Range") == 1 {
        byte_range(req.header("Range"), bytes.len())
    } else {
        Range::Whole
    };
    match asked {
        Range::Whole => respond(req, status, ctype, bytes, &[("Accept-Ranges", "bytes")]),
        Range::Part(start, end) => {
            let content_range = format!("bytes {start}-{end}/{}", bytes.len());
            let part = bytes[start..=end].to_vec();
            respond(req, 206, ctype, part, &[("Accept-Ranges", "bytes"), ("Content-Range", &content_range)])
        }
        Range::Unsatisfiable => {
            let content_range = format!("bytes */{}", bytes.len());
            respond(req, 416, "text/plain; charset=utf-8", Vec::new(), &[("Content-Range", &content_range)])
        }
    }
}

fn live_reload(req: Request, rest: &str, ctx: &Ctx) {
    match rest {
        "reload.js" => respond(req, 200, "text/javascript; charset=utf-8", reload::SCRIPT.as_bytes().to_vec(), &[]),
        "events" => {
            if req.method() == "HEAD" {
                return text(req, 200, "");
            }
            let stream = req.into_stream();
            // events are written under the hub's lock: a client that stops reading must never
            // block it, so a write that cannot go through at once drops that client
            let _ = stream.set_nonblocking(true);
            if let Err(mut w) = ctx.hub.attach(Box::new(stream)) {
                let _ =
                    w.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        }
        "poll" => {
            let since = req
                .url()
                .split_once("since=")
                .and_then(|(_, v)| v.split('&').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            match ctx.hub.poll(since, reload::LONG_POLL) {
                Some(json) => respond(req, 200, "application/json", json.into_bytes(), &[]),
                None => text(req, 503, "too many waiting requests"),
            }
        }
        _ => text(req, 404, "not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paths_pass() {
        assert_eq!(clean_path("/").unwrap(), "/");
        assert_eq!(clean_path("/forums/a/?x=1#y").unwrap(), "/forums/a/");
        assert_eq!(clean_path("/news/caf%C3%A9/").unwrap(), "/news/café/");
        assert_eq!(clean_path("/a%20b.pdf").unwrap(), "/a b.pdf");
    }

    #[test]
    fn traversal_and_odd_targets_are_refused() {
        for t in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/a/%2e/b",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "//etc/passwd",
            "/a//b",
            "etc/passwd",
            "http://127.0.0.1/etc/passwd",
            "*",
            "",
            "/%",
            "/%zz",
            "/%00",
            "/%ff",
            "/C:/windows",
        ] {
            assert_eq!(clean_path(t), Err(Refused::Bad), "{t}");
        }
        assert_eq!(clean_path(&format!("/{}", "a".repeat(MAX_TARGET))), Err(Refused::TooLong));
    }

    #[test]
    fn hosts_are_checked_on_loopback_only() {
        for ok in ["localhost", "localhost:1111", "127.0.0.1:80", "[::1]:1111", "[::1]", "LOCALHOST"] {
            assert!(host_allowed(Some(ok), true), "{ok}");
        }
        for bad in ["evil.example", "evil.example:1111", "localhost.evil.example", "127.0.0.1.nip.io", "[::1]x", ""] {
            assert!(!host_allowed(Some(bad), true), "{bad}");
        }
        assert!(!host_allowed(None, true));
        assert!(host_allowed(Some("laptop.lan:1111"), false));
    }

    #[test]
    fn lookups() {
        let mut f = SiteFiles::default();
        f.pages.insert("index.html".into(), Arc::new(b"home".to_vec()));
        f.pages.insert("forums/a/index.html".into(), Arc::new(b"a".to_vec()));
        assert_eq!(lookup(&f, "/"), Lookup::File("index.html".into()));
        assert_eq!(lookup(&f, "/forums/a/"), Lookup::File("forums/a/index.html".into()));
        assert_eq!(lookup(&f, "/forums/a"), Lookup::Redirect("/forums/a/".into()));
        assert_eq!(lookup(&f, "/forums/"), Lookup::NotFound);
    }

    #[test]
    fn redirect_locations_are_ascii_and_decode_back() {
        for p in ["/forums/a/", "/news/café/", "/論文/", "/a b/", "/x%y/"] {
            let l = encode_location(p);
            assert!(l.is_ascii(), "{l}");
            assert!(l.bytes().all(|b| (b'!'..=b'~').contains(&b)), "{l}");
            if !p.contains('%') {
                assert_eq!(clean_path(&l).unwrap(), p);
            }
        }
        assert_eq!(encode_location("/news/café/"), "/news/caf%C3%A9/");
    }

    #[test]
    fn one_range_of_bytes_is_answered_and_the_rest_gets_the_whole_file() {
        assert_eq!(byte_range(None, 10), Range::Whole);
        assert_eq!(byte_range(Some("bytes=0-1"), 10), Range::Part(0, 1));
        assert_eq!(byte_range(Some("BYTES=0-1"), 10), Range::Part(0, 1));
        assert_eq!(byte_range(Some("bytes=0-"), 10), Range::Part(0, 9));
        assert_eq!(byte_range(Some("bytes=4-99"), 10), Range::Part(4, 9));
        assert_eq!(byte_range(Some("bytes=-3"), 10), Range::Part(7, 9));
        assert_eq!(byte_range(Some("bytes=-30"), 10), Range::Part(0, 9));
        assert_eq!(byte_range(Some("bytes=10-"), 10), Range::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=-0"), 10), Range::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=0-"), 0), Range::Unsatisfiable);
        assert_eq!(byte_range(Some("bytes=99999999999999999999999-"), 10), Range::Unsatisfiable);
        for whole in ["bytes=0-1,4-5", "bytes=5-2", "bytes=a-b", "items=0-1", "bytes=-", "bytes=1", "bytes=+1-2"] {
            assert_eq!(byte_range(Some(whole), 10), Range::Whole, "{whole}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// The range RFC 9110 §14.1.2 gives `first-last` (either may be missing) of a file of
        /// `len` bytes, for numbers below `u64::MAX`.
        fn meant(first: Option<u64>, last: Option<u64>, len: usize) -> Range {
            let len = len as u64;
            let part = |a: u64, b: u64| Range::Part(a as usize, b as usize);
            match (first, last) {
                (Some(a), Some(b)) if b < a => Range::Whole,
                (Some(a), _) if a >= len => Range::Unsatisfiable,
                (Some(a), b) => part(a, b.map_or(len - 1, |b| b.min(len - 1))),
                (None, Some(0)) => Range::Unsatisfiable,
                (None, Some(_)) if len == 0 => Range::Unsatisfiable,
                (None, Some(n)) => part(len - n.min(len), len - 1),
                (None, None) => Range::Whole,
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

            /// One range, in any case of its unit and with spaces around, is the range the RFC
            /// gives it.
            #[test]
            fn one_range_is_the_rfcs(
                first in proptest::option::of(0u64..60),
                last in proptest::option::of(0u64..60),
                len in 0usize..50,
                unit in proptest::sample::select(vec!["bytes", "BYTES", "Bytes"]),
                pad in proptest::sample::select(vec!["", " ", "  "]),
            ) {
                let spec = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
                let header = format!("{pad}{unit}={}-{}{pad}", spec(first), spec(last));
                prop_assert_eq!(byte_range(Some(&header), len), meant(first, last, len), "{:?}", header);
            }

            /// Whatever a client sends, a part answered lies inside the file, so the answer's
            /// slice never fails.
            #[test]
            fn any_header_gives_a_part_inside_the_file(header in "\\PC{0,24}|bytes=[0-9,\\- ]{0,24}", len in 0usize..50) {
                if let Range::Part(a, b) = byte_range(Some(&header), len) {
                    prop_assert!(a <= b && b < len, "{:?} of {}: {}-{}", header, len, a, b);
                }
            }
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("programme.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
