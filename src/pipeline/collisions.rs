//! Aliases and slugs never overwrite: every file of the site (pages, generated files, files copied from
//! the theme, `static/` and `content/`, the output marker) is listed by output path, and an
//! alias whose redirect page would land on one of them — or turn one into a folder, or need
//! one's place as a folder — is a content error at the alias.
//!
//! Addresses that are equal as written (two documents at `/a/`, an alias equal to a page's
//! address or a generated list) are reported by `graph::check_addresses`; this check finds
//! the rest: `/index.html` for the home page, `/404.html`, `/robots.txt`, `/sitemap.xml`,
//! `/news/atom.xml`, `/search.js`, `/.plenary-output`, a forum's `.ics`, and the places of
//! what is made beside the jobs: `/favicon.svg`, `/_img/`, `/search/<code>/` ….

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// A file or folder made beside the jobs (the site's icon, images and cards, each
    /// language's search index), named as shown.
    Made(String),
}

/// Reports every alias, and every page address, that would overwrite another file of the
/// site (or sit inside one, or need one's place as a folder).
pub(super) fn check_aliases(site: &Site, jobs: &[Job], copied: &[(PathBuf, String)], diags: &mut Vec<Diagnostic>) {
    // output files as `/`-separated text: compared byte by byte, which is far quicker than
    // paths (compared component by component) over tens of thousands of files
    let key = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let mut owners: BTreeMap<String, Owner> = BTreeMap::new();
    owners.insert(crate::output::MARKER.to_string(), Owner::Marker);
    // made while the jobs are checked, so known by place: an alias inside one of these
    // failed the build when written ("Not a directory", at the staging folder)
    if site.config.favicon.is_none() {
        owners.insert("favicon.svg".to_string(), Owner::Made("/favicon.svg, the site's icon,".to_string()));
    }
    owners.insert(".nojekyll".to_string(), Owner::Made("/.nojekyll, GitHub Pages' switch,".to_string()));
    owners.insert(
        crate::images::OUT_DIR.to_string(),
        Owner::Made(format!("/{}/, the site's images,", crate::images::OUT_DIR)),
    );
    for language in &site.config.languages {
        let folder = format!("search/{}", language.code);
        owners.insert(folder.clone(), Owner::Made(format!("/{folder}/, the search index,")));
    }
    for (rel, from) in copied {
        owners.insert(key(rel), Owner::Copied(from));
    }
    // generated pages are written over copied files, so they take their place
    // each language's folder holds its own copy of every file made per language
    let others: Vec<&str> = site.config.languages.iter().skip(1).map(|l| l.code.as_str()).collect();
    for job in jobs.iter().filter(|j| !matches!(j, Job::Alias(..) | Job::Doc(_))) {
        let spec = render::spec(site, job);
        let file = key(&spec.file());
        let places = std::iter::once((file.clone(), spec.url.clone())).chain(
            others
                .iter()
                .filter(|_| !spec.once)
                .map(|code| (format!("{code}/{file}"), format!("/{code}/{}", file.trim_end_matches("index.html")))),
        );
        for (file, url) in places.collect::<Vec<_>>() {
            // the site's own file under a generated one's name (`static/robots.txt`) would be
            // dropped without a word; a theme's file is the theme's to know
            if let Some(Owner::Copied(from)) = owners.get(&file) {
                if from.starts_with("static/") || from.starts_with("content/") {
                    diags.push(
                        Diagnostic::warning(*from, 0, 0, format!("this file is not published: plenary writes {url} itself"))
                            .with_help("remove it, or rename it; what plenary writes there comes from the site's settings and the theme's templates"),
                    );
                }
            }
            owners.insert(file, Owner::Job(job, url));
        }
    }
    // then each document's page (a slug may hold dots: `robots.txt`), then each alias
    for job in
        jobs.iter().filter(|j| matches!(j, Job::Doc(_))).chain(jobs.iter().filter(|j| matches!(j, Job::Alias(..))))
    {
        let (id, url) = match job {
            Job::Doc(id) => (*id, site.urls[*id].clone()),
            Job::Alias(id, url) => (*id, url.clone()),
            _ => continue,
        };
        // every language's page: `/zh/about/` is the same job's, and may meet a copied
        // `static/zh/about/index.html` or another language's own file; an alias's other
        // languages' redirects meet what its own address meets, so it is told once, there
        let default_file = key(&render::output_file(&url));
        let languages = if matches!(job, Job::Doc(_)) { others.as_slice() } else { &[] };
        let places = std::iter::once((default_file.clone(), url.clone()))
            .chain(languages.iter().map(|code| (format!("{code}/{default_file}"), format!("/{code}{url}"))));
        let in_other_language = |url: &str| {
            others
                .iter()
                .any(|c| url.strip_prefix('/').and_then(|u| u.strip_prefix(c)).is_some_and(|u| u.starts_with('/')))
        };
        for (file, url) in places.collect::<Vec<_>>() {
            let url = &url;
            let folder = format!("{file}/");
            let conflict = owners
                .get(&file)
                .map(|o| (o, "would overwrite"))
                .or_else(|| {
                    // the folders holding it, nearest first
                    let mut above = file.rmatch_indices('/').map(|(i, _)| &file[..i]);
                    above.find_map(|a| owners.get(a)).map(|o| (o, "would be written inside"))
                })
                .or_else(|| {
                    owners
                        .range(folder.clone()..)
                        .next()
                        .filter(|(k, _)| k.starts_with(&folder))
                        .map(|(_, o)| (o, "would take the place of the folder holding"))
                });
            let Some((owner, what)) = conflict else {
                owners.insert(file, Owner::Job(job, url.clone()));
                continue;
            };
            let d = site.doc(id);
            if let Job::Doc(_) = job {
                let whose = match owner {
                    // equal addresses are the graph's to report; a page replaces a copied file
                    Owner::Job(Job::Doc(_) | Job::Alias(..), other) if other == url => continue,
                    Owner::Job(_, other) if other == url => continue,
                    Owner::Copied(from) if what == "would overwrite" => {
                        // the site's own file under a page's address (`static/index.html`) is
                        // replaced by the page: said, as for the files plenary writes
                        if from.starts_with("static/") || from.starts_with("content/") {
                            diags.push(
                                Diagnostic::warning(
                                    *from,
                                    0,
                                    0,
                                    format!("this file is not published: the page {url} is written there"),
                                )
                                .with_help("remove it, or rename it; the page comes from the site's content"),
                            );
                        }
                        // the page is what is there now (an alias at it overwrites the page)
                        owners.insert(file, Owner::Job(job, url.clone()));
                        continue;
                    }
                    Owner::Job(Job::Doc(other), _) | Owner::Job(Job::Alias(other, _), _) => {
                        format!("the page of {}", site.doc(*other).path.display())
                    }
                    Owner::Job(_, other) => format!("{other}, which plenary writes itself"),
                    Owner::Copied(from) => format!("the file copied from {from}"),
                    Owner::Marker => format!("{}, plenary's marker of its output folder", crate::output::MARKER),
                    Owner::Made(what) => format!("{what} which plenary writes itself"),
                };
                let (l, c) = if d.common.slug.is_some() { d.locate("slug", None) } else { (0, 0) };
                diags.push(
                    Diagnostic::error(&d.path, l, c, format!("this page's address {url} {what} {whose}"))
                        .with_help("give the file another `slug`"),
                );
                continue;
            }
            let alias = d.common.aliases.iter().find(|a| alias_url(a) == *url).cloned().unwrap_or_else(|| url.clone());
            let (whose, help) = match owner {
                // equal addresses are the graph's to report, in the default language: another
                // language's page (`/zh/about/`) is none of its
                Owner::Job(Job::Doc(_) | Job::Alias(..), other) if other == url && !in_other_language(url) => continue,
                Owner::Job(_, other) if other == url && crate::graph::GENERATED.contains(&url.as_str()) => continue,
                Owner::Job(Job::Doc(other), _) | Owner::Job(Job::Alias(other, _), _) => (
                    format!("the page of {}", site.doc(*other).path.display()),
                    "an alias redirects an old address that no longer has a page; remove it or write the old address",
                ),
                Owner::Job(_, other) => (
                    format!("{other}, which plenary writes itself"),
                    "remove this alias: an alias may not take an address plenary uses",
                ),
                Owner::Copied(from) => {
                    (format!("the file copied from {from}"), "remove this alias, or rename the file")
                }
                Owner::Marker => (
                    format!("{}, plenary's marker of its output folder", crate::output::MARKER),
                    "remove this alias: an alias may not take an address plenary uses",
                ),
                Owner::Made(what) => (
                    format!("{what} which plenary writes itself"),
                    "remove this alias: an alias may not take an address plenary uses",
                ),
            };
            let (l, c) = d.locate("aliases", Some(&alias));
            diags.push(
                Diagnostic::error(&d.path, l, c, format!("alias `{alias}` {what} {whose}")).with_help(help.to_string()),
            );
        }
    }
}
