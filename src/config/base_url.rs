//! `base_url` (in site.yaml or `--base-url`): an absolute http(s) address of the site,
//! without a query, a fragment or credentials, given back with a trailing `/` and its path.

/// Checks an absolute http(s) URL and returns it as browsers read it (scheme and host in
/// lower case, no default port, `\\` as `/`, `..` resolved, other characters
/// percent-encoded), with a trailing `/`, and its path.
pub(super) fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let not_a_site = || format!("base URL `{url}` is not an absolute URL of a site");
    let lower = url.to_ascii_lowercase();
    if !lower.starts_with("https://") && !lower.starts_with("http://") {
        return Err(format!("base URL `{url}` must start with https:// or http://"));
    }
    let rest = &url[url.find("://").map_or(0, |i| i + 3)..];
    // a space inside the path is encoded (`/summit 2023/` → `/summit%202023/`), as a browser
    // does; around the address or in the host it is a mistake
    let host_part = &rest[..rest.find(['/', '\\']).unwrap_or(rest.len())];
    if rest.is_empty()
        || rest.starts_with(['/', '\\'])
        || url.trim() != url
        || host_part.contains(char::is_whitespace)
        || url.contains(['?', '#', '\n', '\r', '\t'])
    {
        return Err(not_a_site());
    }
    let parsed = url::Url::parse(url).map_err(|_| not_a_site())?;
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else { return Err(not_a_site()) };
    // a preview server's password, written into every page, the sitemap and the feeds
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // said without them: the message goes to a CI log
        let scheme = &url[..url.len() - rest.len()];
        let authority = &rest[..rest.find(['/', '\\']).unwrap_or(rest.len())];
        let after = &rest[authority.rfind('@').map_or(0, |i| i + 1)..];
        return Err(format!(
            "base URL `{scheme}…@{after}` holds a user name or password, which every page would publish"
        ));
    }
    // what the WHATWG parser leaves as typed but a link to a page would encode (`|`, `[`,
    // `]`, `^`): encoded here too, so the pages' links are under the base path they name
    let mut path = String::with_capacity(parsed.path().len());
    for b in parsed.path().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@%".contains(&b) {
            path.push(b as char);
        } else {
            path.push_str(&format!("%{b:02X}"));
        }
    }
    // `//summit/style.css` is read by a browser as a host named `summit`
    if path.contains("//") {
        return Err(format!("base URL `{url}` has an empty part in its path (`//`)"));
    }
    if path.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        return Err(format!(
            "base URL `{url}` ends with a file name; the base URL is the folder the site is served from"
        ));
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
    Ok((format!("{}://{host}{port}{path}", parsed.scheme()), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Credentials, an invalid port and a path without its `/` — refused or completed.
    #[test]
    fn base_urls_are_checked_and_completed() {
        assert!(normalise_base_url("https://editor@example.org/").is_err());
        assert!(normalise_base_url("https://editor@example.org/a@b/")
            .unwrap_err()
            .contains("`https://…@example.org/a@b/`"));
        assert!(normalise_base_url("https://example.org:99999/").is_err());
        assert!(normalise_base_url("https://example.org/a@b/").is_ok());
        assert_eq!(
            normalise_base_url("https://example.org/summit").unwrap(),
            ("https://example.org/summit/".to_string(), "/summit/".to_string())
        );
        // as a browser reads it
        for (written, read) in [
            ("HTTPS://WWW.Example.EDU/summit/", "https://www.example.edu/summit/"),
            ("https://www.example.edu:443/summit/", "https://www.example.edu/summit/"),
            ("https://www.example.edu:8443/summit/", "https://www.example.edu:8443/summit/"),
            ("https://www.example.edu\\summit2023\\", "https://www.example.edu/summit2023/"),
            ("https://www.example.edu/a/../summit2023/", "https://www.example.edu/summit2023/"),
            ("https://www.example.edu/sümmit/", "https://www.example.edu/s%C3%BCmmit/"),
            ("http://localhost:8000", "http://localhost:8000/"),
        ] {
            assert_eq!(normalise_base_url(written).unwrap().0, read, "{written}");
        }
        assert_eq!(normalise_base_url("https://e.org/s%C3%BCmmit/").unwrap().1, "/s%C3%BCmmit/");
        assert_eq!(normalise_base_url("https://e.org/summit 2023/").unwrap().1, "/summit%202023/");
        assert_eq!(normalise_base_url("https://e.org/a|b/").unwrap().1, "/a%7Cb/");
        assert_eq!(normalise_base_url("https://e.org/a[b]/").unwrap().1, "/a%5Bb%5D/");
        for bad in [
            "https://www.example.edu//summit2023/",
            "https://www.example.edu/summit2023/index.html",
            "https://www.example.edu\\s/x?y",
            " https://example.org/",
            "https://exam ple.org/",
            "ftp://example.org/",
            "https:///summit/",
        ] {
            assert!(normalise_base_url(bad).is_err(), "{bad}");
        }
    }
}
