//! Aliases never overwrite: every file of the site (pages, generated files, files copied from
//! the theme, `static/` and `content/`, the output marker) is listed by output path, and an
//! alias whose redirect page would land on one of them — or turn one into a folder, or need
//! one's place as a folder — is a content error at the alias.
//!
//! Addresses that are equal as written (two documents at `/a/`, an alias equal to a page's
//! address or a generated list) are reported by `graph::check_addresses`; this check finds
//! the rest: `/index.html` for the home page, `/404.html`, `/robots.txt`, `/sitemap.xml`,
//! `/news/atom.xml`, `/search.js`, `/.plenary-output`, a forum's `.ics` ….

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::graph::{alias_url, Site};
use crate::render::{self, Job};

/// Who writes an output file.
enum Owner<'a> {
    /// A job plenary renders (a document's page, a list, a feed …), with its address.
    Job(&'a Job, String),
    /// A file copied as it is, from here (as shown to the editor).
    Copied(&'a str),
    /// The marker file.
    Marker,
}

/// Reports every alias that would overwrite another file of the site.
pub(super) fn check_aliases(site: &Site, jobs: &[Job], copied: &[(PathBuf, String)], diags: &mut Vec<Diagnostic>) {
    let mut owners: BTreeMap<PathBuf, Owner> = BTreeMap::new();
    owners.insert(PathBuf::from(crate::output::MARKER), Owner::Marker);
    for (rel, from) in copied {
        owners.insert(rel.clone(), Owner::Copied(from));
    }
    // pages are written over copied files, so they take their place
    for job in jobs.iter().filter(|j| !matches!(j, Job::Alias(..))) {
        let url = render::url_of(site, job);
        owners.insert(render::output_file(&url), Owner::Job(job, url));
    }
    for job in jobs {
        let Job::Alias(id, url) = job else { continue };
        let file = render::output_file(url);
        let conflict = owners
            .get(&file)
            .map(|o| (o, "would overwrite"))
            .or_else(|| file.ancestors().skip(1).find_map(|a| owners.get(a)).map(|o| (o, "would be written inside")))
            .or_else(|| {
                owners
                    .range(file.clone()..)
                    .next()
                    .filter(|(k, _)| k.starts_with(&file) && **k != file)
                    .map(|(_, o)| (o, "would take the place of the folder holding"))
            });
        let Some((owner, what)) = conflict else {
            owners.insert(file, Owner::Job(job, url.clone()));
            continue;
        };
        let d = site.doc(*id);
        let alias = d.common.aliases.iter().find(|a| alias_url(a) == *url).cloned().unwrap_or_else(|| url.clone());
        let (whose, help) = match owner {
            // equal addresses are the graph's to report
            Owner::Job(Job::Doc(_) | Job::Alias(..), other) if other == url => continue,
            Owner::Job(_, other) if other == url && crate::graph::GENERATED.contains(&url.as_str()) => continue,
            Owner::Job(Job::Doc(other), _) | Owner::Job(Job::Alias(other, _), _) => (
                format!("the page of {}", site.doc(*other).path.display()),
                "an alias redirects an old address that no longer has a page; remove it or write the old address",
            ),
            Owner::Job(_, other) => (
                format!("{other}, which plenary writes itself"),
                "remove this alias: an alias may not take an address plenary uses",
            ),
            Owner::Copied(from) => (format!("the file copied from {from}"), "remove this alias, or rename the file"),
            Owner::Marker => (
                format!("{}, plenary's marker of its output folder", crate::output::MARKER),
                "remove this alias: an alias may not take an address plenary uses",
            ),
        };
        let (l, c) = d.locate("aliases", Some(&alias));
        diags.push(
            Diagnostic::error(&d.path, l, c, format!("alias `{alias}` {what} {whose}")).with_help(help.to_string()),
        );
    }
}
