//! The site as served: built in memory through the same pipeline as `plenary build`
//! ([`pipeline::prepare_from`], [`pipeline::render_jobs`], [`pipeline::static_files`]), and
//! rebuilt incrementally — only the changed sources are parsed again, only the changed
//! Markdown is rendered again, only the pages that show a change ([`deps::affected`]).
//!
//! Invariant: [`Rebuilder::files`] is always a complete, successful build. A failed rebuild
//! leaves it as it was and remembers the changes, so the next rebuild retries them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;
use crate::pipeline::{self, BuildOptions, Failure, Prepared, Previous, Sources};
use crate::render::{self, Job};
use crate::theme::FileSource;

use super::deps;
use super::watch::Changes;

/// A built site in memory: rendered pages, and the static files they sit on.
#[derive(Default)]
pub struct SiteFiles {
    /// Output path (`forums/x/index.html`, `/`-separated) → rendered bytes.
    pub pages: HashMap<String, Arc<[u8]>>,
    /// Output path → where a copied file is read from.
    pub assets: HashMap<String, FileSource>,
    /// The site root, resolved ([`crate::load::resolved_root`]): a copied file is read only
    /// while it still resolves inside it (it may have become a link since the build).
    pub root: PathBuf,
}

/// One file of the built site.
pub enum Body {
    /// Bytes in memory.
    Memory(Arc<[u8]>),
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A source file, read when served.
    Disk(PathBuf),
}

impl SiteFiles {
    /// The file at an output path (pages win over static files, as in `plenary build`).
    pub fn get(&self, rel: &str) -> Option<Body> {
        if let Some(b) = self.pages.get(rel) {
            return Some(Body::Memory(b.clone()));
        }
        match self.assets.get(rel)? {
            FileSource::Embedded(b) => Some(Body::Embedded(b)),
            FileSource::Disk(p) => Some(Body::Disk(p.clone())),
            FileSource::Generated(b) => Some(Body::Memory(b.clone())),
        }
    }

    /// Whether there is a file at this output path.
    pub fn contains(&self, rel: &str) -> bool {
        self.pages.contains_key(rel) || self.assets.contains_key(rel)
    }

    /// The bytes of a file (reading it when it is on disk and still inside the site; `None`
    /// when it has gone or now leads outside).
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        match self.get(rel)? {
            Body::Memory(b) => Some(b.to_vec()),
            Body::Embedded(b) => Some(b.to_vec()),
            Body::Disk(p) => {
                let real = crate::load::inside_root(&self.root, &p, &p).ok()?;
                std::fs::read(real).ok()
            }
        }
    }
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The served site is the same as before.
    Unchanged,
    /// New files are served.
    Updated {
        /// Only stylesheets changed.
        css_only: bool,
        /// Pages rendered.
        rendered: usize,
        /// The output paths whose content changed; `None` when the whole site may have.
        changed: Option<Vec<String>>,
        /// Wall time.
        elapsed: Duration,
    },
    /// The sources have errors; the previous site stays served.
    Failed(Vec<Diagnostic>),
}

/// Keeps the last good build and what it was made from.
///
/// A content change is served in three steps: [`Rebuilder::rebuild`] renders the pages of
/// the changed documents and of their neighbours; [`Rebuilder::catch_up`] then renders the
/// site-wide pages the change touched (lists, programme, calendars, feeds, sitemap), and
/// [`Rebuilder::refresh_search`] the search index. After all three the served site equals a
/// full build.
pub struct Rebuilder {
    opts: BuildOptions,
    sources: Sources,
    prepared: Option<Prepared>,
    files: Arc<SiteFiles>,
    pending: Changes,
    /// Site-wide pages still to render for the content changes served so far.
    deferred: Vec<Job>,
    /// The served search index predates the last content change.
    search_stale: bool,
}

/// Whether an output path is a file of the search index (`search/<lang>/*.json`; the search
/// page itself is `search/index.html`).
fn is_index_file(k: &str) -> bool {
    k.starts_with("search/") && k.ends_with(".json")
}

fn key(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

impl Rebuilder {
    /// A rebuilder with nothing built yet; the first [`Rebuilder::rebuild`] builds everything.
    pub fn new(opts: BuildOptions) -> Rebuilder {
        Rebuilder {
            opts,
            sources: Sources::default(),
            prepared: None,
            files: Arc::new(SiteFiles::default()),
            pending: Changes { everything: true, ..Changes::default() },
            deferred: Vec::new(),
            search_stale: false,
        }
    }

    /// The last good build.
    pub fn files(&self) -> Arc<SiteFiles> {
        self.files.clone()
    }

    /// Whether a build has succeeded yet.
    pub fn has_site(&self) -> bool {
        self.prepared.is_some()
    }

    /// Whether [`Rebuilder::catch_up`] or [`Rebuilder::refresh_search`] has work to do.
    pub fn behind(&self) -> bool {
        !self.deferred.is_empty() || self.search_stale
    }

    /// Renders the site-wide pages the last rebuilds left for later. Returns the output paths
    /// that changed (empty when none did), or the template errors (the deferred pages are then
    /// tried again after the next rebuild).
    pub fn catch_up(&mut self) -> Result<Vec<String>, Vec<Diagnostic>> {
        let Some(p) = self.prepared.as_ref().filter(|_| !self.deferred.is_empty()) else { return Ok(Vec::new()) };
        let rendered = pipeline::render_jobs(p, &self.deferred).map_err(|f| f.diagnostics().to_vec())?;
        check_links(p, &rendered, &self.files.pages, &self.files.assets)?;
        self.deferred.clear();
        let mut pages = self.files.pages.clone();
        let changed = merge(&mut pages, rendered);
        if !changed.is_empty() {
            self.files =
                Arc::new(SiteFiles { pages, assets: self.files.assets.clone(), root: self.files.root.clone() });
        }
        Ok(changed)
    }

    /// Rebuilds the search index when a partial rebuild left it behind; returns whether the
    /// served files changed. Gives up (leaving the index stale) as soon as `stop` says so:
    /// serve asks whether the sources changed again, so a new edit never waits for the index.
    pub fn refresh_search(&mut self, stop: crate::search::Stop) -> bool {
        let Some(p) = self.prepared.as_ref().filter(|_| self.search_stale) else { return false };
        let all = render::jobs(&p.site, &p.programme);
        let Some(files) = pipeline::search_files_until(p, &all, stop) else { return false };
        // the new index replaces the old one whole (a shard may be gone)
        let mut pages = self.files.pages.clone();
        pages.retain(|k, _| !is_index_file(k));
        for (rel, json) in files {
            pages.insert(key(&rel), Arc::from(json.into_bytes()));
        }
        self.files = Arc::new(SiteFiles { pages, assets: self.files.assets.clone(), root: self.files.root.clone() });
        self.search_stale = false;
        true
    }

    /// Rebuilds after `changes` (plus any that failed before).
    pub fn rebuild(&mut self, changes: Changes) -> Outcome {
        let started = Instant::now();
        let mut all = std::mem::take(&mut self.pending);
        all.merge(changes);
        match self.try_rebuild(&all) {
            Ok(None) => Outcome::Unchanged,
            Ok(Some((rendered, changed))) => {
                Outcome::Updated { css_only: all.css_only(), rendered, changed, elapsed: started.elapsed() }
            }
            Err(f) => {
                self.pending = all;
                Outcome::Failed(f.diagnostics().to_vec())
            }
        }
    }

    /// Returns the number of pages rendered and the changed output paths (`None`: all may
    /// have), or `None` when nothing served changed.
    #[allow(clippy::type_complexity)]
    fn try_rebuild(&mut self, ch: &Changes) -> Result<Option<(usize, Option<Vec<String>>)>, Failure> {
        let root = self.opts.root.clone();
        let full = ch.everything || self.prepared.is_none();
        let t = Instant::now();
        // the content files that changed, when known
        let edited = if full {
            self.sources = Sources::load(&root);
            None
        } else if ch.rescan {
            Some(self.sources.rescan(&root, &ch.content))
        } else {
            for p in &ch.content {
                self.sources.reload(&root, p);
            }
            Some(ch.content.clone())
        };
        pipeline::trace("serve: sources re-read", t);
        let theme_changed = !ch.templates.is_empty() || ch.assets.iter().any(|a| a.starts_with("themes"));
        let previous = if full { None } else { self.prepared.as_ref() };
        let theme = previous.filter(|_| !theme_changed).map(|p| p.theme.clone());
        // an edit that keeps its front matter reuses the graph
        let new = pipeline::prepare_from(
            &self.opts,
            &self.sources,
            theme,
            previous.map(|prepared| Previous { prepared, edited: edited.as_ref() }),
        )?;
        pipeline::trace("serve: prepared", t);
        let assets: HashMap<String, FileSource> =
            pipeline::static_files(&new)?.into_iter().map(|(rel, src)| (key(&rel), src)).collect();

        let affected = previous.and_then(|old| deps::affected(old, &new, &ch.templates));
        pipeline::trace("serve: dependencies", t);
        let Some(affected) = affected else {
            // the whole site; the search index just after (`refresh_search`)
            let all = render::jobs(&new.site, &new.programme);
            let rendered = pipeline::render_jobs(&new, &all)?;
            check_links(&new, &rendered, &HashMap::new(), &assets).map_err(Failure::Content)?;
            let count = rendered.len();
            let mut pages = HashMap::with_capacity(count);
            merge(&mut pages, rendered);
            // the previous index stays served until the new one is ready
            for (k, v) in self.files.pages.iter().filter(|(k, _)| is_index_file(k)) {
                pages.entry(k.clone()).or_insert_with(|| v.clone());
            }
            pipeline::trace("serve: rendered", t);
            self.search_stale = true;
            self.deferred.clear();
            self.prepared = Some(new);
            self.files = Arc::new(SiteFiles { pages, assets, root: crate::load::resolved_root(&root) });
            return Ok(Some((count, None)));
        };
        let rendered = pipeline::render_jobs(&new, &affected.pages)?;
        check_links(&new, &rendered, &self.files.pages, &assets).map_err(Failure::Content)?;
        pipeline::trace("serve: rendered", t);
        let count = rendered.len();
        let mut pages = self.files.pages.clone();
        let changed = merge(&mut pages, rendered);
        for job in affected.site_wide {
            if !self.deferred.contains(&job) {
                self.deferred.push(job);
            }
        }
        if !ch.content.is_empty() || !ch.templates.is_empty() {
            self.search_stale = true;
        }
        self.prepared = Some(new);
        let assets_changed = !ch.assets.is_empty() || ch.rescan;
        if changed.is_empty() && !assets_changed {
            return Ok(None);
        }
        self.files = Arc::new(SiteFiles { pages, assets, root: crate::load::resolved_root(&root) });
        Ok(Some((count, if assets_changed { None } else { Some(changed) })))
    }
}

/// The output check ([`pipeline::output_check`]) of freshly rendered pages against the site
/// they join: the served pages (`served`, replaced by `rendered` where both have a path),
/// the copied files, and every page the site's jobs will write (a site-wide page may be
/// rendered a step later).
fn check_links(
    p: &Prepared,
    rendered: &[(PathBuf, String)],
    served: &HashMap<String, Arc<[u8]>>,
    assets: &HashMap<String, FileSource>,
) -> Result<(), Vec<Diagnostic>> {
    let keys: Vec<String> = rendered.iter().map(|(r, _)| key(r)).collect();
    let fresh: HashMap<&str, &[u8]> = keys.iter().zip(rendered).map(|(k, (_, t))| (k.as_str(), t.as_bytes())).collect();
    let jobs = pipeline::output_check::job_outputs(p);
    let exists = |f: &str| {
        fresh.contains_key(f)
            || served.contains_key(f)
            || assets.contains_key(f)
            || jobs.contains(f)
            || is_index_file(f)
    };
    let lookup = |f: &str| served.get(f).map(|b| b.to_vec());
    // a page that lost an id may break links in pages not rendered now: then check them all
    let lost_id = fresh.iter().any(|(k, new)| {
        served.get(*k).is_some_and(|old| {
            let new_ids: std::collections::HashSet<String> = crate::linkcheck::scan(new).ids.into_iter().collect();
            crate::linkcheck::scan(old).ids.iter().any(|id| !new_ids.contains(id))
        })
    });
    let mut pages: Vec<(&str, &[u8])> = keys.iter().map(|k| (k.as_str(), fresh[k.as_str()])).collect();
    if lost_id {
        pages.extend(served.iter().filter(|(k, _)| !fresh.contains_key(k.as_str())).map(|(k, v)| (k.as_str(), &v[..])));
    }
    let found = pipeline::output_check::check(p, &pages, &exists, &lookup);
    if found.is_empty() {
        Ok(())
    } else {
        Err(found)
    }
}

/// Puts rendered files into `pages`; returns the paths whose content changed.
fn merge(pages: &mut HashMap<String, Arc<[u8]>>, rendered: impl IntoIterator<Item = (PathBuf, String)>) -> Vec<String> {
    let mut changed = Vec::new();
    for (rel, text) in rendered {
        let k = key(&rel);
        if pages.get(&k).is_none_or(|old| old.as_ref() != text.as_bytes()) {
            pages.insert(k.clone(), Arc::from(text.into_bytes()));
            changed.push(k);
        }
    }
    changed
}
