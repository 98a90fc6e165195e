//! The built site checked before it is published ([`crate::linkcheck`]): findings become
//! diagnostics naming the page and the link and — when the link was written in a source file
//! (a Markdown body or front matter) — that file:line:col. Used by `build` (before the swap),
//! `check` (in memory) and `serve` (each rebuild's pages).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::graph::{DocId, Site};
use crate::linkcheck::{self, Base, Broken, Problem};
use crate::markdown::join_base;
use crate::render::{self, output_file};

use super::Prepared;

/// `/`-separated output path.
pub fn key(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Every output path the site's jobs write, in every language (pages not rendered yet
/// included, so a partial rebuild may link to them).
pub fn job_outputs(p: &Prepared) -> HashSet<String> {
    let mut out: HashSet<String> = p.job_files().keys().cloned().collect();
    for &id in &p.linked_pdfs {
        out.insert(key(&super::pdf_file(&p.site, id)));
    }
    out
}

/// Whether the site's jobs write this output path ([`job_outputs`] without making the set).
pub fn is_job_output(p: &Prepared, file: &str) -> bool {
    p.job_files().contains_key(file) || p.linked_pdfs.iter().any(|&id| key(&super::pdf_file(&p.site, id)) == file)
}

/// Each job's output path in each language it is written in: (path, language, index in
/// `jobs`), languages in order.
pub fn job_files<'a>(site: &'a Site, jobs: &'a [render::Job]) -> impl Iterator<Item = (String, usize, usize)> + 'a {
    site.config.languages.iter().enumerate().flat_map(move |(l, lang)| {
        jobs.iter().enumerate().filter_map(move |(i, job)| {
            let spec = render::spec(site, job);
            if l > 0 && spec.once {
                return None;
            }
            let file = key(&spec.file());
            Some((if l == 0 { file } else { format!("{}/{file}", lang.code) }, l, i))
        })
    })
}

/// Checks the HTML among `pages`; `exists` and `lookup` describe the rest of the site.
pub fn check(
    p: &Prepared,
    pages: &[(&str, &[u8])],
    exists: &(dyn Fn(&str) -> bool + Sync),
    lookup: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Vec<Diagnostic> {
    let html: Vec<(&str, &[u8])> = pages.iter().filter(|(path, _)| path.ends_with(".html")).copied().collect();
    let (scanned, table) = linkcheck::scan_pages(&html);
    let refs: Vec<(&str, &linkcheck::Compact)> = html.iter().zip(&scanned).map(|((k, _), s)| (*k, s)).collect();
    check_scanned(p, &refs, &table, exists, lookup, &|| false).unwrap_or_default()
}

/// The output pages (by [`key`]) that show a document `shown` accepts: its page in every
/// language, and the print edition of a paper it is a part of.
pub fn pages_showing(p: &Prepared, shown: impl Fn(DocId) -> bool) -> HashSet<String> {
    page_sources(p).into_iter().filter(|(_, docs)| docs.iter().any(|&id| shown(id))).map(|(page, _)| page).collect()
}

/// [`check`] on pages already scanned and compacted (`linkcheck::Strings`), HTML pages
/// only; `table` holds their strings. `None` when `stop` said to stop first.
pub fn check_scanned(
    p: &Prepared,
    scanned: &[(&str, &linkcheck::Compact)],
    table: &linkcheck::Table,
    exists: &(dyn Fn(&str) -> bool + Sync),
    lookup: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Diagnostic>> {
    // absolute URLs are left alone, the site's own too: content may write full URLs of a
    // site that shares the host, and the canonical and alternate links plenary writes come
    // from the same addresses as the pages
    let base = Base { path: &p.site.config.base_path, url: "" };
    let found = linkcheck::check_scanned(scanned, table, exists, lookup, &base, stop)?;
    Some(told(p, &found, exists))
}

/// [`check_scanned`] keeping only the findings `keep` accepts (a site with errors: what its
/// errors make of its pages is theirs, [`super::in_memory`]).
pub fn check_scanned_kept(
    p: &Prepared,
    scanned: &[(&str, &linkcheck::Compact)],
    table: &linkcheck::Table,
    exists: &(dyn Fn(&str) -> bool + Sync),
    keep: &dyn Fn(&Broken) -> bool,
) -> Vec<Diagnostic> {
    let base = Base { path: &p.site.config.base_path, url: "" };
    let mut found = linkcheck::check_scanned(scanned, table, exists, &|_| None, &base, &|| false).unwrap_or_default();
    found.retain(|b| keep(b));
    told(p, &found, exists)
}

/// The findings as diagnostics ([`diagnostics`]); none without a finding.
fn told(p: &Prepared, found: &[Broken], exists: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Diagnostic> {
    if found.is_empty() {
        return Vec::new();
    }
    diagnostics(p, found, exists)
}

/// One diagnostic per mistake: the findings of one link (or repeated id) at one place of a
/// source file, whatever pages show it (its page in every language, a print edition), and
/// those of one link that a template or the configuration puts on many pages (the same link,
/// the same in each language's folder, or the same below each page's own address), each
/// become one diagnostic naming the pages.
fn diagnostics(p: &Prepared, found: &[Broken], exists: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Diagnostic> {
    let sources = page_sources(p);
    let places = super::places::Places::find(p, found, &sources);
    type Key = (Option<(PathBuf, usize, usize)>, u8, String);
    let mut groups: BTreeMap<Key, Vec<(usize, &Broken)>> = BTreeMap::new();
    for b in found {
        let docs = sources.get(b.page.as_str()).map_or(&[][..], |v| &v[..]);
        let place = places.locate(p, b, docs).unwrap_or_else(|| (b.page.clone().into(), 0, 0));
        let (language, link) = same_on_every_page(p, &b.page, &b.link);
        let kind = match b.problem {
            Problem::NoFile => 0,
            Problem::NoId(_) => 1,
            Problem::OutsideBase => 2,
            Problem::DuplicateId => 3,
        };
        // a place in a source file is the mistake; without a line, the link tells it apart
        let key = if place.0.as_path() == Path::new(&b.page) {
            (None, kind, link)
        } else if place.1 == 0 {
            (Some(place), kind, link)
        } else {
            (Some(place), kind, String::new())
        };
        groups.entry(key).or_default().push((language, b));
    }
    groups
        .into_iter()
        .map(|((place, _, link), mut shown)| {
            // the default language's pages first, then the others in the site's order; pages
            // with addresses of folders before files (`/404.html`)
            shown.sort_by_cached_key(|(language, b)| (*language, !b.page.ends_with("index.html"), b.page.clone()));
            let pages: Vec<&str> = shown.iter().map(|(_, b)| b.page.as_str()).collect();
            let first = shown[0].1;
            let place = place.unwrap_or_else(|| (first.page.clone().into(), 0, 0));
            let below = link.strip_prefix("./").filter(|_| pages.len() > 1);
            // an id repeated because the theme writes it on the page too
            let theme_writes = first.problem == Problem::DuplicateId
                && sources.get(first.page.as_str()).and_then(|docs| docs.first()).is_some_and(|&id| {
                    p.theme.ids.of(crate::render::doc_template(&p.site.doc(id).data)).any(|i| i == first.link)
                });
            let help = match first.problem {
                Problem::DuplicateId if theme_writes => Some(format!(
                    "the theme writes the id `{0}` on this page itself: give yours another name (`## Heading {{#my-{0}}}`)",
                    first.link
                )),
                Problem::NoFile => other_capitals(p, &first.link, exists).map(|written| {
                    format!("did you mean `{written}`? A server tells addresses apart by their capitals")
                }),
                _ => None,
            };
            diagnostic(p, first, &pages, place, below, help)
        })
        .collect()
}

/// The language of output page `page` (its index in the site's languages; the default's
/// pages have no folder of their own) and `link` as it is the same mistake on every page: a
/// link into the page's own language folder is written without that folder (the same
/// template link in every language), and a link below the page's own address (a template's
/// `{{ page.url }}x/`) is written `./x/` — except on home pages, below which every link is.
fn same_on_every_page(p: &Prepared, page: &str, link: &str) -> (usize, String) {
    let languages = &p.site.config.languages;
    let base = &p.site.config.base_path;
    let folder = page.split('/').next().unwrap_or("");
    let (language, page, link) = match languages.iter().skip(1).position(|lang| lang.code == folder) {
        Some(i) => {
            let own = format!("{base}{folder}/");
            let link = link.strip_prefix(own.as_str()).map_or_else(|| link.to_string(), |rest| format!("{base}{rest}"));
            (i + 1, page.get(folder.len() + 1..).unwrap_or(""), link)
        }
        None => (0, page, link.to_string()),
    };
    let address = address(p, page);
    match link.strip_prefix(address.as_str()).filter(|_| address != *base) {
        Some(rest) => (language, format!("./{rest}")),
        None => (language, link),
    }
}

/// Output page → the documents whose text it shows (per language: the translation shown).
fn page_sources(p: &Prepared) -> HashMap<String, Vec<DocId>> {
    let site = &p.site;
    let mut map: HashMap<String, Vec<DocId>> = HashMap::new();
    for (l, lang) in site.config.languages.iter().enumerate() {
        let prefix = if l == 0 { String::new() } else { format!("/{}", lang.code) };
        let shown = |id: DocId| site.variants.get(id).and_then(|v| v.get(l).copied().flatten()).unwrap_or(id);
        for id in 0..site.originals {
            map.entry(key(&output_file(&format!("{prefix}{}", site.urls[id])))).or_default().push(shown(id));
        }
        for entry in &site.papers {
            let print = key(&output_file(&format!("{prefix}{}print/", site.urls[entry.index])));
            let docs = map.entry(print).or_default();
            docs.push(shown(entry.index));
            docs.extend(entry.chapters.iter().map(|&c| shown(c)));
        }
    }
    map
}

/// Whether `link` names an image file (by its ending, query and fragment aside).
fn is_image(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"].iter().any(|e| path.ends_with(e))
}

/// The page's address from its output path: `zh/x/index.html` → `/zh/x/`.
fn address(p: &Prepared, page: &str) -> String {
    let url = format!("/{}", page.strip_suffix("index.html").unwrap_or(page));
    join_base(&p.site.config.base_path, &url)
}

/// "page /a/", "pages /a/ and /b/", "pages /a/, /b/, /c/ and /d/", "pages /a/, /b/, /c/
/// and 5 more", and whether that is more than one page.
fn pages_named(p: &Prepared, pages: &[&str]) -> (String, bool) {
    let named: Vec<String> =
        pages.iter().take(if pages.len() > 4 { 3 } else { 4 }).map(|page| address(p, page)).collect();
    let text = match &named[..] {
        [a] => format!("page {a}"),
        [rest @ .., last] if named.len() == pages.len() => format!("pages {} and {last}", rest.join(", ")),
        _ => format!("pages {} and {} more", named.join(", "), pages.len() - named.len()),
    };
    (text, pages.len() > 1)
}

/// The diagnostic of finding `b`, shown by `pages` (`b`'s own first), at `place` (a source
/// file and position, or the page's own output path when the link is in no source file);
/// `below`: the part of the link below each page's own address, when each page links below
/// its own; `help`: a hint for this finding in particular, in place of its kind's.
fn diagnostic(
    p: &Prepared,
    b: &Broken,
    pages: &[&str],
    place: (PathBuf, usize, usize),
    below: Option<&str>,
    help: Option<String>,
) -> Diagnostic {
    let (page, many) = pages_named(p, pages);
    let (links, has) = if many { ("link", "have") } else { ("links", "has") };
    let link = match below {
        Some(rest) => format!("`{}` (each page to `{rest}` below its own address)", b.link),
        None => format!("`{}`", b.link),
    };
    let (message, help_of_kind) = match &b.problem {
        Problem::NoFile if is_image(&b.link) => (
            format!("{page} {links} to the image {link}, which this build does not write"),
            "put the image next to the page, or under static/ and write its path from `/`; names are case-sensitive, and a space is written `%20`".to_string(),
        ),
        Problem::NoFile => (
            format!("{page} {links} to {link}, which this build does not write"),
            "link to a page or file of the site; an `@/forums/x.md` link names a content file and is checked as you write it".to_string(),
        ),
        Problem::NoId(target) => {
            let fragment = b.link.rsplit_once('#').map_or("", |(_, f)| f);
            (
                format!("{page} {links} to {link}, but {} has no element with the id `{fragment}`", address(p, target)),
                "link to a heading's id (shown in the page's table of contents) or a footnote".to_string(),
            )
        }
        Problem::OutsideBase => (
            format!("{page} {links} to {link}, outside the site's base path `{}`", p.site.config.base_path),
            format!("write root-relative links under `{}`, or use `@/` links to content files", p.site.config.base_path),
        ),
        Problem::DuplicateId => (
            format!("{page} {has} more than one element with the id `{}`", b.link),
            "ids must be unique within a page: give each heading a distinct `{#id}`, and each footnote and HTML `id` its own name".to_string(),
        ),
    };
    let help = help.unwrap_or(help_of_kind);
    let (path, line, col) = place;
    let help = if path.as_path() == Path::new(&b.page) {
        format!("{help} (the link is not in a content file: it comes from a template or the site's configuration)")
    } else {
        help
    };
    Diagnostic::error(path, line, col, message).with_help(help)
}

/// The address a dead root-relative link names in other capitals (`/Forums/` for
/// `/forums/`), when the build writes that one.
fn other_capitals(p: &Prepared, link: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    let path = link.split(['#', '?']).next()?;
    let lower = path.to_lowercase();
    let base = p.site.config.base_path.trim_end_matches('/');
    let inside = lower.strip_prefix(base).filter(|rest| rest.starts_with('/') && lower != path)?;
    exists(&key(&output_file(inside))).then(|| format!("{lower}{}", &link[path.len()..]))
}
