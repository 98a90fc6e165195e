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

use super::pages::{Bytes, Pages};
use super::rebuild::{is_index_file, let_go};

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
    // what is made here of a catching up's pages (12,000 keys and compacted pages) is let go
    // on another thread: dropping it took 3-15 ms, which an edit that stops the check waited for
    let keys: Vec<String> = rendered.iter().map(|(r, _, _)| key(r)).collect();
    let fresh: HashSet<&str> = keys.iter().map(String::as_str).collect();
    // or a page the site's jobs write, not rendered yet
    let exists = |f: &str| {
        fresh.contains(f)
            || served.contains_key(f)
            || assets.contains_key(f)
            || is_index_file(f)
            || pipeline::output_check::is_job_output(p, f)
    };
    let lookup = |f: &str| served.get(f).map(|b| b.to_vec());
    let others: Vec<(&str, PageScan)> = match others {
        true => {
            let others: Vec<_> =
                served.iter().filter(|(k, _)| k.ends_with(".html") && !fresh.contains(k.as_str())).collect();
            let scanned: Option<Vec<(&str, PageScan)>> =
                others.into_par_iter().map(|(k, v)| (!stop()).then(|| (k.as_str(), linkcheck::scan(v)))).collect();
            match scanned {
                Some(s) => s,
                None => return Ok(None),
            }
        }
        false => Vec::new(),
    };
    // a catching up's pages are many (compacting them took 90-130 ms on one thread at 10,000
    // pages, checking them 40-60 ms): on every thread, and a change that comes in meanwhile
    // stops both
    let mut scans: Vec<(&str, &PageScan)> =
        keys.iter().zip(rendered).filter_map(|(k, (_, _, s))| Some((k.as_str(), s.as_ref()?))).collect();
    scans.extend(others.iter().map(|(k, s)| (*k, s)));
    let strings = linkcheck::Strings::default();
    let compacts: Vec<Option<linkcheck::Compact>> =
        scans.par_iter().map(|(_, s)| (!stop()).then(|| strings.compact_scan(s))).collect();
    let table = strings.into_table();
    let refs: Option<Vec<(&str, &linkcheck::Compact)>> =
        scans.iter().zip(&compacts).map(|((k, _), c)| Some((*k, c.as_ref()?))).collect();
    let found = refs.and_then(|refs| pipeline::output_check::check_scanned(p, &refs, &table, &exists, &lookup, stop));
    drop(fresh);
    let_go((keys, compacts, table));
    match found {
        None => Ok(None),
        Some(found) if found.is_empty() => Ok(Some(())),
        Some(found) => Err(found),
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
    let new: Vec<(String, Bytes)> = rendered
        .into_par_iter()
        .filter_map(|(rel, text, _)| {
            let k = key(&rel);
            served.get(&k).is_none_or(|old| old.as_ref() != text.as_bytes()).then(|| (k, Arc::new(text.into_bytes())))
        })
        .collect();
    let changed = new.iter().map(|(k, _)| k.clone()).collect();
    pages.extend(new);
    changed
}
