//! The one check every URL written in front matter or `site.yaml` goes through (speaker
//! `links`, forum `materials`, `organisers[].url`, a paper's `comment_url`): a link is
//! published as an `href`, so only addresses that are safe to click get through.
//!
//! Accepted: absolute `http://` and `https://` addresses with a host and no credentials,
//! `mailto:` addresses, paths from the site root (`/programme/`) and content links
//! (`@/forums/opening.md`). Everything else is an error with a plain message and, where one
//! exists, the fix: a scheme-less host (`github.com/ann` → `https://github.com/ann`),
//! credentials (`https://ann@host`), protocol-relative `//host`, any other scheme
//! (`javascript:`, `data:`, `vbscript:`, `file:` … in any case, behind spaces or control
//! characters, which browsers drop), whitespace and control characters, backslashes.
//!
//! Absolute web addresses are finally parsed with the `url` crate (the WHATWG URL standard
//! browsers follow), so what passes here is what a browser opens.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Why a URL is refused: what is wrong, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlError {
    /// What is wrong, naming the URL.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

impl UrlError {
    fn new(message: String, help: impl Into<String>) -> Self {
        UrlError { message, help: help.into() }
    }

    /// As a diagnostic at a position; `what` names the field (`a speaker link`).
    pub fn at(self, path: &Path, line: usize, col: usize, what: &str) -> Diagnostic {
        Diagnostic::error(path, line, col, format!("{what}: {}", self.message)).with_help(self.help)
    }
}

const ALLOWED: &str = "a link must be an http, https or mailto address (`https://example.org/`), a path from the site root (`/programme/`) or a content link (`@/pages/about.md`)";

/// Checks one URL from front matter or `site.yaml`.
pub fn check(url: &str) -> Result<(), UrlError> {
    // browsers drop leading and trailing spaces and control characters, and tabs and line
    // breaks anywhere, before reading the scheme: look at the URL as they will
    let seen: String =
        url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if seen.is_empty() {
        return Err(UrlError::new("the link is empty".into(), ALLOWED));
    }
    if let Some(scheme) = scheme_of(&seen) {
        let lower = scheme.to_ascii_lowercase();
        if !matches!(lower.as_str(), "http" | "https" | "mailto") {
            let help = match lower.as_str() {
                "javascript" | "vbscript" | "data" => format!(
                    "`{lower}:` links run code or show made-up content in the reader's browser, so plenary never publishes them; {ALLOWED}"
                ),
                _ => ALLOWED.to_string(),
            };
            return Err(UrlError::new(format!("`{}` is a `{lower}:` link, which is not allowed", shown(url)), help));
        }
    }
    if url != url.trim() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(UrlError::new(
            format!("`{}` contains spaces or control characters", shown(url)),
            "remove line breaks and spaces around the address; write a space inside it as %20",
        ));
    }
    if url.contains('\\') {
        return Err(UrlError::new(
            format!("`{url}` contains a backslash"),
            "write `/` between the parts of an address (browsers turn `\\` into `/`, which can lead elsewhere)",
        ));
    }
    if let Some(rest) = url.strip_prefix("@/") {
        return if rest.is_empty() {
            Err(UrlError::new(
                "`@/` names no content file".into(),
                "write the file's path under content/, e.g. `@/pages/about.md`",
            ))
        } else {
            Ok(())
        };
    }
    if let Some(rest) = url.strip_prefix("//") {
        return Err(UrlError::new(
            format!("`{url}` leaves out the scheme (`https:`)"),
            format!("write `https://{rest}`"),
        ));
    }
    if url.starts_with('/') {
        return Ok(());
    }
    match scheme_of(url).map(|s| s.to_ascii_lowercase()) {
        Some(s) if s == "mailto" => {
            let addr = &url[7..];
            if addr.is_empty() || addr.starts_with('?') {
                return Err(UrlError::new(
                    format!("`{url}` names no address"),
                    "write it like `mailto:office@example.org`",
                ));
            }
            Ok(())
        }
        Some(s) => web(url, &s),
        None => Err(scheme_less(url)),
    }
}

/// `scheme` of `scheme:…` as the URL standard reads it (a letter, then letters, digits, `+`,
/// `-`, `.`), or `None`. `host:8080/x` is a host with a port, not a scheme.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let ok = first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let port = !rest.is_empty()
        && rest.split(['/', '?', '#']).next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (ok && !port).then_some(scheme)
}

/// An `http:` or `https:` address: `//`, a host, no credentials, and valid by the standard.
fn web(url: &str, scheme: &str) -> Result<(), UrlError> {
    let after = &url[scheme.len() + 1..];
    let Some(rest) = after.strip_prefix("//") else {
        return Err(UrlError::new(
            format!("`{url}` has no `//` after `{scheme}:`"),
            format!("write `{scheme}://{}`", after.trim_start_matches('/')),
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((userinfo, host)) = authority.rsplit_once('@') {
        let fixed = format!("{scheme}://{host}{}", &rest[authority.len()..]);
        return Err(UrlError::new(
            format!("`{url}` contains a user name or password (`{userinfo}@`)"),
            format!("write `{fixed}`: credentials in a published link are readable by everyone, and `name@host` hides where a link really goes"),
        ));
    }
    if authority.is_empty() {
        return Err(UrlError::new(format!("`{url}` names no host"), "write it like `https://example.org/`"));
    }
    match url::Url::parse(url) {
        Ok(u) if u.host().is_some() => Ok(()),
        Ok(_) => Err(UrlError::new(format!("`{url}` names no host"), "write it like `https://example.org/`")),
        Err(e) => Err(UrlError::new(
            format!("`{url}` is not a valid web address ({e})"),
            "write it like `https://example.org/page`",
        )),
    }
}

/// A URL with no scheme that does not start with `/`: a host written without `https://`
/// when it looks like one, else a relative path (which would depend on the page it is on).
fn scheme_less(url: &str) -> UrlError {
    let host = url.split(['/', '?', '#']).next().unwrap_or("");
    let host_name = host.split(':').next().unwrap_or("");
    let looks_like_host = host_name.contains('.')
        && host_name.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
        && !host_name.starts_with('.')
        || host_name.eq_ignore_ascii_case("localhost");
    if url.contains('@') && !url.contains('/') {
        UrlError::new(format!("`{url}` looks like an email address without `mailto:`"), format!("write `mailto:{url}`"))
    } else if looks_like_host {
        UrlError::new(
            format!("`{url}` has no scheme, so browsers would read it as a path on this site"),
            format!("write `https://{url}`"),
        )
    } else {
        UrlError::new(
            format!("`{url}` is a relative address, which would lead somewhere else on every page"),
            format!(
                "write a path from the site root (`/{}`) or a full address (`https://…`)",
                url.trim_start_matches("./")
            ),
        )
    }
}

/// The URL as shown in a message: control characters made visible.
fn shown(url: &str) -> String {
    url.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_links_pass() {
        for ok in [
            "https://github.com/ann",
            "http://example.org",
            "HTTPS://Example.org/a?b=c#d",
            "https://例子.中国/路径",
            "https://[::1]:8080/",
            "https://example.org:8443/x",
            "mailto:office@example.org",
            "MailTo:office@example.org?subject=Hi",
            "/programme/",
            "/files/slides.pdf",
            "/",
            "@/forums/opening.md",
            "@/pages/about.md#venue",
            "https://forum.example.org/c/paper?para={anchor}",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    /// (URL, words the message must contain, words the help must contain)
    #[test]
    fn unsafe_links_are_refused_with_the_fix() {
        let table: &[(&str, &str, &str)] = &[
            ("github.com/ann", "has no scheme", "write `https://github.com/ann`"),
            ("www.example.org", "has no scheme", "write `https://www.example.org`"),
            ("example.org:8080/x", "has no scheme", "write `https://example.org:8080/x`"),
            ("localhost:1111/", "has no scheme", "write `https://localhost:1111/`"),
            ("ann@example.org", "email address", "write `mailto:ann@example.org`"),
            ("slides/deck.pdf", "relative address", "`/slides/deck.pdf`"),
            ("./notes", "relative address", "`/notes`"),
            ("https://ann@example.org/x", "user name or password (`ann@`)", "write `https://example.org/x`"),
            ("https://ann:secret@example.org", "(`ann:secret@`)", "write `https://example.org`"),
            ("http://evil.example@good.example/", "user name or password", "write `http://good.example/`"),
            ("javascript:alert(1)", "`javascript:` link", "run code"),
            ("JaVaScRiPt:alert(1)", "`javascript:` link", "run code"),
            (" JaVaScRiPt:alert(1)", "`javascript:` link", "run code"),
            ("\u{1}javascript:alert(1)", "`javascript:` link", "run code"),
            ("java\tscript:alert(1)", "`javascript:` link", "run code"),
            ("java\nscript:alert(1)", "`javascript:` link", "run code"),
            ("data:text/html,<script>alert(1)</script>", "`data:` link", "run code"),
            ("DATA:text/html;base64,PHNjcmlwdD4=", "`data:` link", "run code"),
            ("vbscript:msgbox", "`vbscript:` link", "run code"),
            ("file:///etc/passwd", "`file:` link", "https"),
            ("ftp://example.org/x", "`ftp:` link", "https"),
            ("tel:+123", "`tel:` link", "https"),
            ("//evil.example/x", "leaves out the scheme", "write `https://evil.example/x`"),
            ("https:evil.example", "no `//`", "write `https://evil.example`"),
            ("https:/evil.example", "no `//`", "write `https://evil.example`"),
            ("https://", "names no host", "https://example.org/"),
            ("https://exa mple.org", "spaces or control characters", "%20"),
            (" https://example.org", "spaces or control characters", "remove"),
            ("https://example.org\n", "spaces or control characters", "remove"),
            ("/\\evil.example", "backslash", "write `/`"),
            ("https://example.org:99999/", "not a valid web address", "https://example.org/page"),
            ("", "empty", "https"),
            ("   ", "empty", "https"),
            ("@/", "names no content file", "@/pages/about.md"),
            ("mailto:", "names no address", "mailto:office@example.org"),
        ];
        for (url, message, help) in table {
            let e = check(url).expect_err(url);
            assert!(e.message.contains(message), "{url:?}: message {:?} lacks {message:?}", e.message);
            assert!(e.help.contains(help), "{url:?}: help {:?} lacks {help:?}", e.help);
        }
    }

    #[test]
    fn a_diagnostic_names_the_field_and_position() {
        let d = check("javascript:x").unwrap_err().at(Path::new("content/speakers/a.md"), 5, 9, "link `Home`");
        assert_eq!((d.line, d.col), (5, 9));
        assert!(d.message.starts_with("link `Home`: `javascript:x` is a `javascript:` link"), "{}", d.message);
    }
}
