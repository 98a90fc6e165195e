//! A rebuild's pages rendered and checked ([`pipeline::output_check`]) against the site they
//! join, then put into the served pages.
//!
//! Each HTML page is scanned for its ids and links on the thread that rendered it, so a
//! rendering stopped for a new edit leaves no scanning behind, and the check itself only
//! looks links up. When a page loses an id, the other pages (which may link to it) are
//! checked while catching up, not before the edited page is served.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::linkcheck::{self, PageScan};
use crate::pipeline::{self, output_check::key, Failure, Prepared};
use crate::render::{Job, Page};
use crate::theme::FileSource;

use super::pages::Pages;
use super::rebuild::is_index_file;

/// A rendered file: output path, text, and an HTML page's ids and links.
pub type Rendered = (PathBuf, String, Option<PageScan>);

/// Renders `jobs` in every language until `stop` says so ([`pipeline::render_each_until`]):
/// the files rendered, and the jobs left.
pub fn render(p: &Prepared, jobs: &[Job], stop: crate::search::Stop) -> Result<(Vec<Rendered>, Vec<Job>), Failure> {
    let sink = |rel: PathBuf, page: Page| {
        let html = page.into_string();
        let scan = rel.extension().is_some_and(|e| e == "html").then(|| linkcheck::scan(html.as_bytes()));
        Ok((rel, html, scan))
    };
    let (rendered, left) = pipeline::render_each_until(p, jobs, sink, stop)?;
    Ok((rendered, left.into_iter().map(|i| jobs[i].clone()).collect()))
}

/// The output check of freshly rendered pages against the site they join: the served pages
/// (`served`, replaced by `rendered` where both have a path), the copied files, and every
/// page the site's jobs will write (a site-wide page may be rendered a step later). With
/// `others`, the served pages not rendered now are checked too (after a page lost an id one
/// of them may link to). Returns `None` when `stop` said to stop first (a change came in:
/// nothing was decided, and the pages are not to be served).
pub fn check_links(
    p: &Prepared,
    rendered: &[Rendered],
    served: &Pages,
    assets: &HashMap<String, FileSource>,
    others: bool,
    stop: crate::search::Stop,
) -> Result<Option<()>, Vec<Diagnostic>> {
    let fresh: HashMap<String, Option<&PageScan>> = rendered.iter().map(|(r, _, s)| (key(r), s.as_ref())).collect();
    // or a page the site's jobs write, not rendered yet
    let exists = |f: &str| {
        fresh.contains_key(f)
            || served.contains_key(f)
            || assets.contains_key(f)
            || is_index_file(f)
            || pipeline::output_check::is_job_output(p, f)
    };
    let lookup = |f: &str| served.get(f).map(|b| b.to_vec());
    let others: Vec<(&str, PageScan)> = match others {
        true => {
            let others: Vec<_> =
                served.iter().filter(|(k, _)| k.ends_with(".html") && !fresh.contains_key(k.as_str())).collect();
            let scanned: Option<Vec<(&str, PageScan)>> =
                others.into_par_iter().map(|(k, v)| (!stop()).then(|| (k.as_str(), linkcheck::scan(v)))).collect();
            match scanned {
                Some(s) => s,
                None => return Ok(None),
            }
        }
        false => Vec::new(),
    };
    // a catching up's pages are many (a tenth of a second at 10,000 pages): a change that
    // comes in meanwhile stops it
    let strings = linkcheck::Strings::default();
    let mut pages: Vec<(&str, linkcheck::Compact)> = Vec::with_capacity(fresh.len() + others.len());
    let scans = fresh.iter().filter_map(|(k, s)| s.map(|s| (k.as_str(), s)));
    for (k, s) in scans.chain(others.iter().map(|(k, s)| (*k, s))) {
        if stop() {
            return Ok(None);
        }
        pages.push((k, strings.compact_scan(s)));
    }
    let table = strings.into_table();
    // the findings come in page order whatever the maps' order
    pages.sort_by(|a, b| a.0.cmp(b.0));
    let refs: Vec<(&str, &linkcheck::Compact)> = pages.iter().map(|(k, c)| (*k, c)).collect();
    let found = pipeline::output_check::check_scanned(p, &refs, &table, &exists, &lookup);
    if found.is_empty() {
        Ok(Some(()))
    } else {
        Err(found)
    }
}

/// Whether a fresh page lost an id its served version had: a link on another page may have
/// pointed at it.
pub fn loses_ids(rendered: &[Rendered], served: &Pages) -> bool {
    rendered.par_iter().any(|(rel, _, new)| {
        let (Some(new), Some(old)) = (new, served.get(&key(rel))) else { return false };
        let ids: HashSet<&str> = new.ids.iter().map(String::as_str).collect();
        linkcheck::scan(old).ids.iter().any(|id| !ids.contains(id.as_str()))
    })
}

/// Puts rendered files into `pages`; returns the paths whose content changed.
pub fn merge(pages: &mut Pages, rendered: Vec<Rendered>) -> Vec<String> {
    // compared and copied on every thread (a catching up's pages are a whole site's)
    let served = &*pages;
    let new: Vec<(String, Arc<[u8]>)> = rendered
        .into_par_iter()
        .filter_map(|(rel, text, _)| {
            let k = key(&rel);
            served.get(&k).is_none_or(|old| old.as_ref() != text.as_bytes()).then(|| (k, Arc::from(text.into_bytes())))
        })
        .collect();
    let changed = new.iter().map(|(k, _)| k.clone()).collect();
    pages.extend(new);
    changed
}
