//! Links of a body shown in another language's pages: a document without a translation shows
//! its original's body (written once, with the default language's addresses) on every
//! language's page, so its links to pages are turned to that language's (`/about/` on an
//! Arabic page is `/ar/about/`, which exists whether `about` is translated or not). Links to
//! files (a co-located image, a PDF: copied once, for every language), to other sites and to
//! a language's own pages stay as written.

use std::borrow::Cow;

/// `html` with each `href="…"` below `base_path` (an address ending in `/`, before any `#…`
/// or `?…`, not already under one of `codes`) given the prefix `/<code>` when
/// `turn(address below the base path, id after '#')` says so: when the address is a page of
/// the site, and a place in it (`/about/#map`) only when the language's page has that id (a
/// translation's headings have ids of their own words). Otherwise it keeps landing where it
/// was written.
pub fn in_language<'h>(
    html: &'h str,
    base_path: &str,
    code: &str,
    codes: &[&str],
    turn: &dyn Fn(&str, Option<&str>) -> bool,
) -> Cow<'h, str> {
    let finder = memchr::memmem::Finder::new("href=\"");
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(i) = finder.find(&html.as_bytes()[from..]) {
        let start = from + i + "href=\"".len();
        let Some(len) = html[start..].find('"') else { break };
        from = start + len;
        let value = &html[start..start + len];
        let Some(rest) = value.strip_prefix(base_path) else { continue };
        let path = &rest[..rest.find(['#', '?']).unwrap_or(rest.len())];
        let first = path.split('/').next().unwrap_or("");
        if !(value.starts_with('/') && !value.starts_with("//") && (path.is_empty() || path.ends_with('/')))
            || codes.contains(&first)
        {
            continue;
        }
        let id = rest.split_once('#').map(|(_, id)| id).filter(|id| !id.is_empty());
        if !turn(&["/", path].concat(), id) {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
        // the base path, then the language's folder
        let at = start + base_path.len();
        o.push_str(&html[copied..at]);
        o.push_str(code);
        o.push('/');
        copied = at;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_pages_take_the_language_and_others_stay() {
        let html = concat!(
            r#"<a href="/about/">a</a> <a href="/">home</a> <a href="/papers/p/governance/#ref-x">c</a> "#,
            r#"<a href="/about/#map">not in the translation</a> <a href="/papers/p/scope.svg">file</a> <a href="/zh/about/">zh</a> <a href="//cdn.example/x/">cdn</a> "#,
            r##"<a href="https://example.org/a/">out</a> <a href="#top">here</a> <a href="/news/?page=2">q</a> "##,
            r#"<a href="/missing/">dead</a> <img src="/about/">"#
        );
        let has_id = |page: &str, id: Option<&str>| {
            page != "/missing/" && id.is_none_or(|id| page == "/papers/p/governance/" && id == "ref-x")
        };
        assert_eq!(
            in_language(html, "/", "ar", &["ar", "zh"], &has_id),
            concat!(
                r#"<a href="/ar/about/">a</a> <a href="/ar/">home</a> <a href="/ar/papers/p/governance/#ref-x">c</a> "#,
                r#"<a href="/about/#map">not in the translation</a> <a href="/papers/p/scope.svg">file</a> <a href="/zh/about/">zh</a> <a href="//cdn.example/x/">cdn</a> "#,
                r##"<a href="https://example.org/a/">out</a> <a href="#top">here</a> <a href="/ar/news/?page=2">q</a> "##,
                r#"<a href="/missing/">dead</a> <img src="/about/">"#
            )
        );
        // below a base path
        assert_eq!(
            in_language(r#"<a href="/summit/about/">a</a><a href="/other/">o</a>"#, "/summit/", "fr", &["fr"], &has_id),
            r#"<a href="/summit/fr/about/">a</a><a href="/other/">o</a>"#
        );
        assert!(matches!(in_language("<p>no links</p>", "/", "ar", &["ar"], &has_id), Cow::Borrowed(_)));
    }
}
