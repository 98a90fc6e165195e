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
use crate::pipeline::{self, BuildOptions, Failure, Prepared, Sources};
use crate::render;
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
        }
    }

    /// Whether there is a file at this output path.
    pub fn contains(&self, rel: &str) -> bool {
        self.pages.contains_key(rel) || self.assets.contains_key(rel)
    }

    /// The bytes of a file (reading it when it is on disk).
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        match self.get(rel)? {
            Body::Memory(b) => Some(b.to_vec()),
            Body::Embedded(b) => Some(b.to_vec()),
            Body::Disk(p) => std::fs::read(p).ok(),
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
        /// Wall time.
        elapsed: Duration,
    },
    /// The sources have errors; the previous site stays served.
    Failed(Vec<Diagnostic>),
}

/// Keeps the last good build and what it was made from.
pub struct Rebuilder {
    opts: BuildOptions,
    sources: Sources,
    prepared: Option<Prepared>,
    files: Arc<SiteFiles>,
    pending: Changes,
    /// The served search index predates the last content change.
    search_stale: bool,
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
            search_stale: false,
        }
    }

    /// The last good build.
    pub fn files(&self) -> Arc<SiteFiles> {
        self.files.clone()
    }

    /// Rebuilds the search index when a partial rebuild left it behind; returns whether the
    /// served files changed. Serve calls this after the pages of a rebuild are served, so an
    /// edit shows at once and search catches up a moment later.
    pub fn refresh_search(&mut self) -> bool {
        let Some(p) = self.prepared.as_ref().filter(|_| self.search_stale) else { return false };
        let all = render::jobs(&p.site, &p.programme);
        let mut pages = self.files.pages.clone();
        for (rel, json) in pipeline::search_files(p, &all) {
            pages.insert(key(&rel), Arc::from(json.into_bytes()));
        }
        self.files = Arc::new(SiteFiles { pages, assets: self.files.assets.clone() });
        self.search_stale = false;
        true
    }

    /// Whether a build has succeeded yet.
    pub fn has_site(&self) -> bool {
        self.prepared.is_some()
    }

    /// Rebuilds after `changes` (plus any that failed before).
    pub fn rebuild(&mut self, changes: Changes) -> Outcome {
        let started = Instant::now();
        let mut all = std::mem::take(&mut self.pending);
        all.merge(changes);
        match self.try_rebuild(&all) {
            Ok(None) => Outcome::Unchanged,
            Ok(Some(rendered)) => Outcome::Updated { css_only: all.css_only(), rendered, elapsed: started.elapsed() },
            Err(f) => {
                self.pending = all;
                Outcome::Failed(f.diagnostics().to_vec())
            }
        }
    }

    /// Returns the number of pages rendered, or `None` when nothing served changed.
    fn try_rebuild(&mut self, ch: &Changes) -> Result<Option<usize>, Failure> {
        let root = self.opts.root.clone();
        let full = ch.everything || self.prepared.is_none();
        if full || ch.rescan {
            self.sources = Sources::load(&root);
        } else {
            for p in &ch.content {
                self.sources.reload(&root, p);
            }
        }
        let theme_changed = !ch.templates.is_empty() || ch.assets.iter().any(|a| a.starts_with("themes"));
        let previous = if full { None } else { self.prepared.as_ref() };
        let theme = previous.filter(|_| !theme_changed).map(|p| p.theme.clone());
        let t = Instant::now();
        pipeline::trace("serve: sources re-read", t);
        let new = pipeline::prepare_from(&self.opts, &self.sources, theme, previous)?;
        pipeline::trace("serve: prepared", t);
        let assets: HashMap<String, FileSource> =
            pipeline::static_files(&new, &root)?.into_iter().map(|(rel, src)| (key(&rel), src)).collect();

        let jobs = match previous {
            Some(old) => deps::affected(old, &new, &ch.templates),
            None => None,
        };
        let (jobs, partial) = match jobs {
            Some(j) => (j, true),
            None => (render::jobs(&new.site, &new.programme), false),
        };
        pipeline::trace("serve: dependencies", t);
        let rendered = pipeline::render_jobs(&new, &jobs)?;
        pipeline::trace("serve: rendered", t);
        let count = rendered.len();
        let mut pages = if partial { self.files.pages.clone() } else { HashMap::with_capacity(count) };
        // the search index covers every page: with the whole site it is built now; after a
        // partial rebuild the pages are served first and `refresh_search` follows
        let rendered: Vec<(std::path::PathBuf, String)> = if partial {
            if !ch.content.is_empty() || !ch.templates.is_empty() {
                self.search_stale = true;
            }
            rendered
        } else {
            self.search_stale = false;
            let all = render::jobs(&new.site, &new.programme);
            rendered.into_iter().chain(pipeline::search_files(&new, &all)).collect()
        };
        let mut changed = !partial || !ch.assets.is_empty() || ch.rescan;
        for (rel, html) in rendered {
            let k = key(&rel);
            if pages.get(&k).is_none_or(|old| old.as_ref() != html.as_bytes()) {
                changed = true;
                pages.insert(k, Arc::from(html.into_bytes()));
            }
        }
        self.prepared = Some(new);
        if !changed {
            return Ok(None);
        }
        self.files = Arc::new(SiteFiles { pages, assets });
        Ok(Some(count))
    }
}
