//! The output check: every internal link, image, stylesheet and script of every generated HTML
//! page resolves to a file the build writes, under the base path, and every `#fragment` to
//! an id in that file; no page defines an id twice.
//!
//! Pages are scanned as bytes by a small purpose-built tokenizer ([`scan`]): tags and their
//! attributes only, comments skipped, the raw text of `<script>`/`<style>` skipped. It reads
//! only what plenary itself writes, so it needs none of a browser parser's error recovery
//! (measured in ARCHITECTURE.md: a full HTML parser costs several times the build's render).
//!
//! Pure: the caller says which files exist and hands over the pages' bytes; findings are
//! returned as [`Broken`] values, which the pipeline turns into located diagnostics.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

mod compact;
pub mod css;
mod percent;
mod scan;

pub use compact::{Compact, Pieces, Strings, Table};
pub use percent::{path_encode, percent_decode};
pub use scan::{scan, PageScan};

/// One problem found in one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Broken {
    /// The page's output path (`zh/forums/x/index.html`).
    pub page: String,
    /// The link as written in the page (or the id, for a duplicate).
    pub link: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// No file at this address.
    NoFile,
    /// The file exists but has no element with this id (the target page's output path).
    NoId(String),
    /// A root-relative link outside the site's base path.
    OutsideBase,
    /// The page defines this id more than once.
    DuplicateId,
}

/// Where the site lives.
pub struct Base<'a> {
    /// `/` or `/summit/`.
    pub path: &'a str,
    /// `https://example.org/summit/`: absolute links starting with it are internal.
    pub url: &'a str,
}

/// Checks `pages` (output path, bytes). `exists` says whether the build writes a file at an
/// output path; `lookup` gives the bytes of an HTML page that is not among `pages` (for the
/// ids a fragment points at). Findings are sorted.
pub fn check(
    pages: &[(&str, &[u8])],
    exists: &(dyn Fn(&str) -> bool + Sync),
    lookup: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    base: &Base,
) -> Vec<Broken> {
    let (scanned, table) = scan_pages(pages);
    let refs: Vec<(&str, &Compact)> = pages.iter().zip(&scanned).map(|((p, _), s)| (*p, s)).collect();
    check_scanned(&refs, &table, exists, lookup, base, &|| false).unwrap_or_default()
}

/// Each page scanned (in parallel) and compacted, in the order given, and their strings.
pub fn scan_pages(pages: &[(&str, &[u8])]) -> (Vec<Compact>, Table) {
    let strings = Strings::default();
    let scanned = pages.par_iter().map(|(_, bytes)| strings.compact(bytes)).collect();
    (scanned, strings.into_table())
}

/// [`check`] on pages already scanned and compacted (a build scans each page as it writes
/// it, so the site's HTML is never all in memory at once); `table` holds their strings.
/// `None` when `stop` said to stop (asked before each page: serve's catching up checks a
/// whole site's pages, tens of milliseconds an edit must not wait for).
pub fn check_scanned(
    pages: &[(&str, &Compact)],
    table: &Table,
    exists: &(dyn Fn(&str) -> bool + Sync),
    lookup: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    base: &Base,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Broken>> {
    let by_path: rustc_hash::FxHashMap<&str, &Compact> = pages.iter().map(|(p, s)| (*p, *s)).collect();
    // ids of pages that are not being checked, scanned on first use
    let others: Mutex<HashMap<String, Option<HashSet<String>>>> = Mutex::new(HashMap::new());
    let has_id = |target: &str, id: &str| -> Option<bool> {
        if let Some(page) = by_path.get(target) {
            return Some(page.has_id(id));
        }
        let mut cache = others.lock().unwrap_or_else(|e| e.into_inner());
        let entry = cache
            .entry(target.to_string())
            .or_insert_with(|| lookup(target).map(|b| scan(&b).ids.into_iter().collect()));
        entry.as_ref().map(|ids| ids.contains(id))
    };
    let fixed = Fixed::resolve(table, base, exists, &has_id, stop)?;
    let mut found: Vec<Broken> = pages
        .par_iter()
        .map(|(page, s)| {
            if stop() {
                return None;
            }
            let mut out = Vec::new();
            for id in &s.repeated {
                out.push(Broken { page: page.to_string(), link: id.to_string(), problem: Problem::DuplicateId });
            }
            for &n in &s.links {
                let problem = match fixed.answer(n) {
                    Some(answer) => answer.cloned(),
                    None => resolve(page, table.name(n), base, exists, &has_id),
                };
                if let Some(problem) = problem {
                    out.push(Broken { page: page.to_string(), link: table.name(n).to_string(), problem });
                }
            }
            // links to the page's own ids: answered by the page itself when it is the file its
            // own address names (always so in a build), else each resolved as any other link
            let mut fragments = s.fragments.iter().peekable();
            let here = fragments.peek().is_some() && is_own_file(page, exists);
            for link in fragments {
                let problem =
                    if here { own_fragment(page, link, s) } else { resolve(page, link, base, exists, &has_id) };
                if let Some(problem) = problem {
                    out.push(Broken { page: page.to_string(), link: link.to_string(), problem });
                }
            }
            Some(out)
        })
        .collect::<Option<Vec<Vec<Broken>>>>()?
        .into_iter()
        .flatten()
        .collect();
    found.sort();
    Some(found)
}

/// The answers for the links that mean the same on every page (from the root, absolute
/// addresses of the site, other sites), each resolved once for the whole check, up front
/// and in parallel: a page then reads one byte per link. (Resolved on first use instead,
/// behind a `OnceLock` each, the answers filled a table that pages read in link-number
/// order, missing the cache at most links: the check at 50,000 pages took 102 ms, 82 now.)
struct Fixed {
    /// Per link number: [`Fixed::EACH_PAGE`], [`Fixed::FINE`] or [`Fixed::BROKEN`].
    codes: Vec<u8>,
    /// What is wrong with each broken one.
    problems: rustc_hash::FxHashMap<u32, Problem>,
}

impl Fixed {
    /// Resolved on each page it is on (a relative link, `?query` alone).
    const EACH_PAGE: u8 = 0;
    const FINE: u8 = 1;
    const BROKEN: u8 = 2;
    /// Links resolved between two questions to `stop`.
    const AT_A_TIME: usize = 1024;

    /// Every link of `table` that means the same on every page, resolved; `None` when
    /// `stop` said to stop first.
    fn resolve(
        table: &Table,
        base: &Base,
        exists: &(dyn Fn(&str) -> bool + Sync),
        has_id: &(dyn Fn(&str, &str) -> Option<bool> + Sync),
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Fixed> {
        let answers: Vec<Vec<(u8, Option<Problem>)>> = table
            .names
            .par_chunks(Self::AT_A_TIME)
            .map(|names| {
                (!stop()).then(|| {
                    names
                        .iter()
                        .map(|name| match same_on_every_page(name, base) {
                            false => (Self::EACH_PAGE, None),
                            // the page is never read for these
                            true => match resolve("", name, base, exists, has_id) {
                                None => (Self::FINE, None),
                                Some(problem) => (Self::BROKEN, Some(problem)),
                            },
                        })
                        .collect()
                })
            })
            .collect::<Option<_>>()?;
        let mut fixed = Fixed { codes: Vec::with_capacity(table.names.len()), problems: Default::default() };
        for (n, (code, problem)) in answers.into_iter().flatten().enumerate() {
            fixed.codes.push(code);
            if let Some(problem) = problem {
                fixed.problems.insert(n as u32, problem);
            }
        }
        Some(fixed)
    }

    /// Link `n`'s answer when it is the same on every page (`Some(None)`: nothing wrong);
    /// `None` when it is to be resolved on each page.
    fn answer(&self, n: u32) -> Option<Option<&Problem>> {
        match self.codes[n as usize] {
            Self::FINE => Some(None),
            Self::BROKEN => Some(self.problems.get(&n)),
            _ => None,
        }
    }
}

/// Whether `link` means the same on every page: [`resolve`] reads the page a link is on
/// only for a relative address or a `?query` or `#fragment` alone.
fn same_on_every_page(link: &str, base: &Base) -> bool {
    let (path, _) = parts(link);
    !path.is_empty() && (path.starts_with('/') || internal_absolute(path, base).is_some() || is_external(path))
}

/// A link's address without its query, and its fragment.
fn parts(link: &str) -> (&str, Option<&str>) {
    let (rest, fragment) = match link.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (link, None),
    };
    (rest.split('?').next().unwrap_or(""), fragment)
}

/// Whether `page` is the file its own address names ([`output_of`] of it is itself),
/// without making the name anew when it has no escapes.
fn is_own_file(page: &str, exists: &dyn Fn(&str) -> bool) -> bool {
    if page.as_bytes().contains(&b'%') {
        return output_of(page, exists).is_some_and(|f| f == page);
    }
    !page.is_empty() && !page.ends_with('/') && exists(page)
}

/// What is wrong with `link` on `page`, if anything.
fn resolve(
    page: &str,
    link: &str,
    base: &Base,
    exists: &dyn Fn(&str) -> bool,
    has_id: &dyn Fn(&str, &str) -> Option<bool>,
) -> Option<Problem> {
    let (path, fragment) = parts(link);
    // `#x` and `?q=…` alone stay on this page
    let target: String = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = internal_absolute(path, base) {
        abs
    } else if is_external(path) {
        return None;
    } else if let Some(root) = path.strip_prefix('/') {
        let root = ["/", root].concat();
        match root.strip_prefix(base.path) {
            Some(inside) => inside.to_string(),
            None if root == base.path.trim_end_matches('/') => String::new(),
            None => return Some(Problem::OutsideBase),
        }
    } else {
        match join_relative(page, path) {
            Some(t) => t,
            None => return Some(Problem::OutsideBase),
        }
    };
    let file = match output_of(&target, exists) {
        Some(f) => f,
        None => return Some(Problem::NoFile),
    };
    let fragment = wanted_id(fragment?)?;
    if !file.ends_with(".html") {
        return None;
    }
    match has_id(&file, &fragment) {
        Some(false) => Some(Problem::NoId(file)),
        _ => None,
    }
}

/// The id a link's fragment asks for, decoded; `None` for none (empty, or `top`, which
/// browsers take for the page's top).
fn wanted_id(fragment: &str) -> Option<Cow<'_, str>> {
    Some(percent_decode(fragment)).filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("top"))
}

/// What [`resolve`] finds of `link`, to an id of `page` itself (`#…`), when `page` is the
/// file its own address names: `s` is the page.
fn own_fragment(page: &str, link: &str, s: &Compact) -> Option<Problem> {
    let id = wanted_id(link.strip_prefix('#')?)?;
    (page.ends_with(".html") && !s.has_id(&id)).then(|| Problem::NoId(page.to_string()))
}

/// The output path under the base for an absolute URL of the site itself.
fn internal_absolute(path: &str, base: &Base) -> Option<String> {
    if base.url.is_empty() {
        return None;
    }
    let inside = path.strip_prefix(base.url).or_else(|| (path == base.url.trim_end_matches('/')).then_some(""))?;
    Some(inside.to_string())
}

/// Whether a link leaves the site: a scheme (`https:`, `mailto:`, `data:` …) or `//host`.
fn is_external(path: &str) -> bool {
    if path.starts_with("//") {
        return true;
    }
    match path.find(':') {
        Some(i) => {
            let scheme = &path[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !path[..i].contains('/')
        }
        None => false,
    }
}

/// `a/b/index.html` + `../c/` → `a/c/`; `None` when it climbs above the root.
fn join_relative(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The file a server sends for an address under the base (`x/` → `x/index.html`), if the
/// build writes it.
fn output_of(target: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    let mut f = percent_decode(target).into_owned();
    if f.is_empty() || f.ends_with('/') {
        f.push_str("index.html");
        return exists(&f).then_some(f);
    }
    if exists(&f) {
        return Some(f);
    }
    f.push_str("/index.html");
    exists(&f).then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pages: &[(&str, &str)], base_path: &str) -> Vec<Broken> {
        let pages: Vec<(&str, &[u8])> = pages.iter().map(|(p, h)| (*p, h.as_bytes())).collect();
        let files: HashSet<String> =
            pages.iter().map(|(p, _)| p.to_string()).chain(["style.css".to_string(), "a.ics".to_string()]).collect();
        let base = Base { path: base_path, url: "https://example.org/s/" };
        check(&pages, &|f| files.contains(f), &|_| None, &base)
    }

    fn broken(page: &str, link: &str, problem: Problem) -> Broken {
        Broken { page: page.into(), link: link.into(), problem }
    }

    #[test]
    fn links_resolve_to_files_and_ids_under_the_base_path() {
        let found = run(
            &[
                (
                    "index.html",
                    "<a href=\"/s/\"></a><a href=\"/s/x/#here\"></a><a href=\"/s/x/#gone\"></a>\
                     <a href=\"/s/y/\"></a><a href=\"/other/\"></a><a href=\"https://example.org/s/x/\"></a>\
                     <a href=\"https://example.org/s/z/\"></a><a href=\"https://elsewhere.org/\"></a>\
                     <a href=\"mailto:a@b.c\"></a><link href=\"/s/style.css\"><a href=\"#top\"></a>\
                     <a href=\"#nowhere\"></a><a href=\"x/\"></a><a href=\"/s/a.ics#x\"></a>",
                ),
                ("x/index.html", "<h2 id=\"here\">H</h2><a href=\"../\">up</a><a href=\"../../..\">up</a>"),
            ],
            "/s/",
        );
        assert_eq!(
            found,
            [
                broken("index.html", "#nowhere", Problem::NoId("index.html".into())),
                broken("index.html", "/other/", Problem::OutsideBase),
                broken("index.html", "/s/x/#gone", Problem::NoId("x/index.html".into())),
                broken("index.html", "/s/y/", Problem::NoFile),
                broken("index.html", "https://example.org/s/z/", Problem::NoFile),
                broken("x/index.html", "../../..", Problem::OutsideBase),
            ]
        );
    }

    #[test]
    fn a_link_on_many_pages_is_kept_once_and_reported_on_each() {
        let menu = "<nav><a href=\"/gone/\"></a><a href=\"/b/#x\"></a><a href=\"../\"></a></nav>";
        let a = format!("<main id=\"m\">{menu}<a href=\"/gone/\"></a></main>");
        let b = format!("<main id=\"m\"><i id=\"x\"></i>{menu}</main>");
        let pages: Vec<(&str, &[u8])> = vec![("a/index.html", a.as_bytes()), ("b/index.html", b.as_bytes())];
        let (scanned, table) = scan_pages(&pages);
        // "/gone/", "/b/#x", "../": each once, whichever page had it first
        assert_eq!(table.names.len(), 3);
        assert!(scanned[1].has_id("x") && scanned[1].has_id("m") && !scanned[0].has_id("x"));
        assert_eq!(scanned[0].links.len(), 3, "a link repeated on a page is checked once");
        let found = run(&[("a/index.html", &a), ("b/index.html", &b), ("index.html", "")], "/");
        assert_eq!(
            found,
            [broken("a/index.html", "/gone/", Problem::NoFile), broken("b/index.html", "/gone/", Problem::NoFile)]
        );
    }

    /// The same written link on two pages: a relative address or a query alone is resolved
    /// from each page (one page's answer is not the other's); a link from the root, an
    /// absolute address of the site and another site's are answered once for all pages.
    #[test]
    fn links_are_answered_once_only_where_no_page_changes_their_meaning() {
        let links = "<a href=\"b/\"></a><a href=\"?q=1#x\"></a><a href=\"/gone/\"></a>\
                     <a href=\"https://example.org/s/gone/\"></a><a href=\"https://elsewhere.org/gone/\"></a>";
        let found = run(
            &[("a/index.html", &format!("<i id=\"x\"></i>{links}")), ("a/b/index.html", ""), ("c/index.html", links)],
            "/s/",
        );
        assert_eq!(
            found,
            [
                broken("a/index.html", "/gone/", Problem::OutsideBase),
                broken("a/index.html", "https://example.org/s/gone/", Problem::NoFile),
                broken("c/index.html", "/gone/", Problem::OutsideBase),
                broken("c/index.html", "?q=1#x", Problem::NoId("c/index.html".into())),
                broken("c/index.html", "b/", Problem::NoFile),
                broken("c/index.html", "https://example.org/s/gone/", Problem::NoFile),
            ]
        );
    }

    #[test]
    fn a_check_stops_when_asked() {
        let pages: Vec<String> = (0..64).map(|i| format!("<a href=\"/gone-{i}/\"></a>")).collect();
        let pages: Vec<(String, &[u8])> =
            pages.iter().enumerate().map(|(i, h)| (format!("p{i}/index.html"), h.as_bytes())).collect();
        let refs: Vec<(&str, &[u8])> = pages.iter().map(|(p, h)| (p.as_str(), *h)).collect();
        let (scanned, table) = scan_pages(&refs);
        let compact: Vec<(&str, &Compact)> = refs.iter().zip(&scanned).map(|((p, _), s)| (*p, s)).collect();
        let base = Base { path: "/", url: "" };
        let check =
            |stop: &(dyn Fn() -> bool + Sync)| check_scanned(&compact, &table, &|_| false, &|_| None, &base, stop);
        assert_eq!(check(&|| false).map(|f| f.len()), Some(64), "every page's broken link");
        assert_eq!(check(&|| true), None);
        // news after some pages are checked: none of the findings so far is given
        let asked = std::sync::atomic::AtomicUsize::new(0);
        assert_eq!(check(&|| asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 10), None);
    }

    #[test]
    fn duplicate_ids_are_reported_once_per_id() {
        let found = run(&[("index.html", "<p id=\"1\"></p><p id=\"1\"></p><p id=\"1\"></p><p id=\"2\"></p>")], "/");
        assert_eq!(found, [broken("index.html", "1", Problem::DuplicateId)]);
    }

    #[test]
    fn percent_encoded_addresses_and_fragments_are_decoded() {
        let found = run(
            &[
                ("topics/高等教育/index.html", "<h2 id=\"注\"></h2>"),
                ("index.html", "<a href=\"/topics/%E9%AB%98%E7%AD%89%E6%95%99%E8%82%B2/#%E6%B3%A8\"></a>"),
            ],
            "/",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn fragments_into_pages_not_checked_are_looked_up() {
        let pages: Vec<(&str, &[u8])> = vec![("index.html", b"<a href=\"/o/#a\"></a><a href=\"/o/#b\"></a>")];
        let base = Base { path: "/", url: "" };
        let found = check(
            &pages,
            &|f| f == "o/index.html" || f == "index.html",
            &|f| (f == "o/index.html").then(|| b"<i id=a></i>".to_vec()),
            &base,
        );
        assert_eq!(found, [broken("index.html", "/o/#b", Problem::NoId("o/index.html".into()))]);
    }

    /// The check as it was, link by link: every page scanned, each of its links once, each
    /// resolved with [`resolve`] (the oracle of the test below).
    fn link_by_link(pages: &[(&str, &[u8])], exists: &dyn Fn(&str) -> bool, base: &Base) -> Vec<Broken> {
        let scans: Vec<PageScan> = pages.iter().map(|(_, html)| scan(html)).collect();
        let has_id = |file: &str, id: &str| {
            pages.iter().position(|(p, _)| *p == file).map(|k| scans[k].ids.iter().any(|i| i == id))
        };
        let mut found = Vec::new();
        for ((page, _), s) in pages.iter().zip(&scans) {
            let mut ids = s.ids.clone();
            ids.sort();
            let repeated: BTreeSet<&String> = ids.windows(2).filter(|w| w[0] == w[1]).map(|w| &w[0]).collect();
            found.extend(repeated.into_iter().map(|id| broken(page, id, Problem::DuplicateId)));
            for link in s.links.iter().collect::<BTreeSet<_>>() {
                if let Some(problem) = resolve(page, link, base, exists, &has_id) {
                    found.push(broken(page, link, problem));
                }
            }
        }
        found.sort();
        found
    }

    use std::collections::BTreeSet;

    proptest::proptest! {
        /// Links to a page's own ids (`#…`, kept by the page rather than in the shared table,
        /// and answered by it) are found broken exactly as resolving each link finds them:
        /// whether or not the page is the file its address names (a page left out of the
        /// files written, a name that decodes to another), with fragments encoded, empty,
        /// `top`, or holding another `#`. So are the links answered once for every page
        /// (from the root, absolute addresses of the site, other sites) and the relative ones
        /// answered on each page.
        #[test]
        fn own_fragments_are_found_as_each_link_resolved_finds_them(
            pages in proptest::collection::vec((
                proptest::collection::vec(proptest::sample::select(vec!["x", "y", "z", "a#b", "é"]), 0..5),
                proptest::collection::vec(proptest::sample::select(vec![
                    "#x", "#y", "#z", "#top", "#TOP", "#", "#%78", "#a#b", "#%C3%A9", "#w", "/a/index.html#x",
                    "b/index.html#y", "?q=1#x", "/d%41/#x", "/gone/", "../b/index.html#y",
                    "https://example.org/a/index.html#x", "https://example.org/gone/", "https://elsewhere.org/x#y",
                    "mailto:a@b.c", "//cdn.example.org/x.js",
                ]), 0..8),
            ), 1..4),
            names in proptest::sample::subsequence(vec!["a/index.html", "b/index.html", "d%41/index.html", "c.txt"], 1..=4),
            written in proptest::collection::vec(proptest::bool::ANY, 4),
        ) {
            let html: Vec<String> = pages
                .iter()
                .map(|(ids, links)| {
                    let ids = ids.iter().map(|i| format!("<p id=\"{i}\"></p>"));
                    let links = links.iter().map(|l| format!("<a href=\"{l}\"></a>"));
                    ids.chain(links).collect()
                })
                .collect();
            let pages: Vec<(&str, &[u8])> = names.iter().zip(&html).map(|(n, h)| (*n, h.as_bytes())).collect();
            // some pages are among the files written, some not; a name that decodes to
            // another file finds that one
            let files: HashSet<String> = names
                .iter()
                .zip(&written)
                .filter(|(_, w)| **w)
                .map(|(n, _)| n.to_string())
                .chain(["dA/index.html".to_string()])
                .collect();
            let exists = |f: &str| files.contains(f);
            let base = Base { path: "/", url: "https://example.org/" };
            proptest::prop_assert_eq!(check(&pages, &exists, &|_| None, &base), link_by_link(&pages, &exists, &base));
        }
    }
}
