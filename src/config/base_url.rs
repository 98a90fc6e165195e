//! `base_url` (in site.yaml or `--base-url`): an absolute http(s) address of the site,
//! without a query, a fragment or credentials, given back with a trailing `/` and its path.

/// Checks an absolute http(s) URL and returns it with a trailing `/`, and its path.
pub(super) fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base URL `{url}` must start with https:// or http://"))?;
    let parsed = url::Url::parse(url).ok().filter(|u| u.host_str().is_some_and(|h| !h.is_empty()));
    if rest.is_empty()
        || rest.starts_with('/')
        || url.contains(char::is_whitespace)
        || url.contains(['?', '#'])
        || parsed.is_none()
    {
        return Err(format!("base URL `{url}` is not an absolute URL of a site"));
    }
    // a preview server's password, written into every page, the sitemap and the feeds
    if parsed.is_some_and(|u| !u.username().is_empty() || u.password().is_some()) {
        // said without them: the message goes to a CI log
        let scheme = &url[..url.len() - rest.len()];
        let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
        let after = &rest[authority.rfind('@').map_or(0, |i| i + 1)..];
        return Err(format!(
            "base URL `{scheme}…@{after}` holds a user name or password, which every page would publish"
        ));
    }
    let mut base = url.to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    let host_end = rest.find('/').map_or(rest.len(), |i| i);
    let mut path = rest[host_end..].to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok((base, path))
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
    }
}
