//! The site as served: built in memory through the same pipeline as `plenary build`
//! ([`pipeline::prepare_from`], [`pipeline::render_each_until`], [`pipeline::static_files`]),
//! and rebuilt incrementally — only the changed sources are parsed again, only the changed
//! Markdown is rendered again, only the pages that show a change ([`deps::affected`]).
//!
//! Invariant: [`Rebuilder::files`] is always a successful build: complete, or rendering the
//! pages it has not rendered yet on request from the latest prepared site (a first build
//! whose rendering was stopped by an edit; a rebuild of every page of a served site, which
//! renders one page of each template before it is served and the others while catching up).
//! A failed rebuild leaves it as it was and remembers the changes, so the next rebuild
//! retries them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
pub(super) use crate::pipeline::let_go;
use crate::pipeline::{self, BuildOptions, Failure, Prepared, Previous, Sources};
use crate::render::Job;
use crate::theme::FileSource;

use super::checked::{self, check_links, merge};
use super::deps;
use super::on_request::OnRequest;
use super::pages::{Bytes, Pages};
use super::watch::Changes;

/// A built site in memory: rendered pages, and the static files they sit on.
#[derive(Default)]
pub struct SiteFiles {
    /// Output path (`forums/x/index.html`, `/`-separated) → rendered bytes.
    pub pages: Pages,
    /// The search index's files (`search/<lang>/*.json`), replaced whole when it is rebuilt.
    pub search: Arc<HashMap<String, Bytes>>,
    /// Output path → where a copied file is read from (shared by the rebuilds that keep it).
    pub assets: Arc<HashMap<String, FileSource>>,
    /// The site root, resolved ([`crate::load::resolved_root`]): a copied file is read only
    /// while it still resolves inside it (it may have become a link since the build).
    pub root: PathBuf,
    /// While a first build renders every page: the pages not in `pages`, rendered on request.
    pub on_request: Option<Arc<OnRequest>>,
    /// The images and social cards the site names and left for later: one asked for before it
    /// is made is made then.
    pub later: Option<Arc<pipeline::MadeOnRequest>>,
}

/// One file of the built site.
pub enum Body {
    /// Rendered bytes in memory.
    Memory(Bytes),
    /// Bytes the theme generated.
    Generated(Arc<[u8]>),
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A source file, read when served.
    Disk(PathBuf),
    /// A photo beside a page, read when served and shown without its metadata, as built.
    Photo(PathBuf),
}

impl SiteFiles {
    /// The file at an output path (pages win over static files, as in `plenary build`).
    pub fn get(&self, rel: &str) -> Option<Body> {
        if let Some(b) = self.pages.get(rel).or_else(|| self.search.get(rel)) {
            return Some(Body::Memory(b.clone()));
        }
        if let Some(b) = self.on_request.as_ref().and_then(|o| o.render(rel)) {
            return Some(Body::Memory(b));
        }
        match self.assets.get(rel)? {
            FileSource::Embedded(b) => Some(Body::Embedded(b)),
            FileSource::Disk(p) => Some(Body::Disk(p.clone())),
            FileSource::Photo(p) => Some(Body::Photo(p.clone())),
            FileSource::Generated(b) => Some(Body::Generated(b.clone())),
        }
    }

    /// The same files with these pages.
    fn with_pages(&self, pages: Pages) -> SiteFiles {
        SiteFiles {
            pages,
            search: self.search.clone(),
            assets: self.assets.clone(),
            root: self.root.clone(),
            on_request: self.on_request.clone(),
            later: self.later.clone(),
        }
    }

    /// Whether there is a file at this output path.
    pub fn contains(&self, rel: &str) -> bool {
        self.pages.contains_key(rel)
            || self.search.contains_key(rel)
            || self.on_request.as_ref().is_some_and(|o| o.contains(rel))
            || self.assets.contains_key(rel)
    }

    /// The bytes of a file (reading it when it is on disk and still inside the site; `None`
    /// when it has gone or now leads outside).
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        match self.get(rel)? {
            Body::Memory(b) => Some(b.to_vec()),
            Body::Generated(b) => Some(b.to_vec()),
            Body::Embedded(b) => Some(b.to_vec()),
            Body::Disk(p) => {
                if let Some(later) = &self.later {
                    later.make(&p);
                }
                let real = crate::load::inside_root(&self.root, &p, &p).ok()?;
                std::fs::read(real).ok()
            }
            Body::Photo(p) => {
                let real = crate::load::inside_root(&self.root, &p, &p).ok()?;
                let bytes = std::fs::read(real).ok()?;
                Some(crate::images::without_metadata(&bytes).unwrap_or(bytes))
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
    prepared: Option<Arc<Prepared>>,
    files: Arc<SiteFiles>,
    /// Given the pages of a first build to render on request, before they are all rendered,
    /// and whether to stop rendering them (the sources changed again).
    early: Option<(Publish, Box<dyn Fn() -> bool + Send + Sync>)>,
    /// Some pages were never rendered (rendering the first build's pages was stopped): they are
    /// in `deferred`, and the served site renders them on request meanwhile.
    incomplete: bool,
    pending: Changes,
    /// Site-wide pages still to render for the content changes served so far (and, while
    /// `incomplete`, the pages not rendered yet).
    deferred: Vec<Job>,
    /// The served search index predates the last content change.
    search_stale: bool,
    /// A page lost an id since every served page was last checked: check them all.
    check_all: bool,
    /// What the last comparison of two sites computed of the newer one.
    memo: deps::Memo,
    /// The first page of each template among these jobs (a site that keeps its graph keeps
    /// its jobs, so the next template edit finds them here).
    samples: Option<(Arc<Vec<Job>>, Vec<Job>)>,
    /// The images and social cards last made whole ([`Rebuilder::later_made`]; a rebuild that
    /// keeps them keeps the same values).
    made: Option<(Arc<crate::images::Pictures>, Arc<crate::cards::Cards>)>,
    /// The warnings last told ([`Rebuilder::new_warnings`]).
    told: Vec<Diagnostic>,
}

/// The search index files of a prepared site, or `None` when `stop` said so first.
pub fn search_index(p: &Prepared, stop: crate::search::Stop) -> Option<Vec<(PathBuf, String)>> {
    pipeline::search_files_until(p, &p.jobs, stop)
}

/// Serves a site (from the rebuilding thread).
pub type Publish = Box<dyn Fn(Arc<SiteFiles>) + Send>;

/// Whether an output path is a file of the search index (`search/<lang>/*.json`; the search
/// page itself is `search/index.html`).
pub(super) fn is_index_file(k: &str) -> bool {
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
            early: None,
            incomplete: false,
            pending: Changes { everything: true, ..Changes::default() },
            deferred: Vec::new(),
            search_stale: false,
            check_all: false,
            memo: deps::Memo::default(),
            samples: None,
            made: None,
            told: Vec::new(),
        }
    }

    /// The served site's warnings (programme conflicts, a room the event does not have, …)
    /// when they differ from those last returned: serve tells them once, not on every save.
    pub fn new_warnings(&mut self) -> Option<Vec<Diagnostic>> {
        let now = self.prepared.as_ref().map(|p| p.warnings.iter().filter(|d| !d.is_error()).cloned().collect())?;
        (now != self.told).then(|| {
            self.told.clone_from(&now);
            now
        })
    }

    /// Lets a first build hand `publish` its pages to render on request ([`OnRequest`]) as
    /// soon as it is prepared. The rebuild then renders them all, unless `stop` says the
    /// sources changed again: then the pages not rendered yet are left to
    /// [`Rebuilder::catch_up`], rendered on request until then (from the latest rebuild's
    /// prepared site). A first build's outcome names no changed page (those served were the
    /// same).
    pub fn serve_early(
        &mut self,
        publish: impl Fn(Arc<SiteFiles>) + Send + 'static,
        stop: impl Fn() -> bool + Send + Sync + 'static,
    ) {
        self.early = Some((Box::new(publish), Box::new(stop)));
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
        !self.deferred.is_empty() || self.check_all || self.search_stale
    }

    /// The served result when it named images or social cards it did not make, not made since:
    /// make them with [`pipeline::make_later`], on any thread (its pages already name them), and
    /// say so with [`Rebuilder::later_made`].
    pub fn later_due(&self) -> Option<Arc<Prepared>> {
        self.prepared.clone().filter(|p| {
            let left = !p.pictures.pending.is_empty() || !p.cards.pending.is_empty();
            left && !self.made.as_ref().is_some_and(|(i, c)| Arc::ptr_eq(i, &p.pictures) && Arc::ptr_eq(c, &p.cards))
        })
    }

    /// What `from` left for later is made (a rebuild that keeps it is not due again).
    pub fn later_made(&mut self, from: &Prepared) {
        self.made = Some((from.pictures.clone(), from.cards.clone()));
    }

    /// Renders the site-wide pages the last rebuilds left for later. Returns the output paths
    /// that changed (empty when none did), or the template errors (the deferred pages are then
    /// tried again after the next rebuild).
    pub fn catch_up(&mut self) -> Result<Vec<String>, Vec<Diagnostic>> {
        self.catch_up_until(&|| false)
    }

    /// [`Rebuilder::catch_up`], stopping as soon as `stop` says so: the pages not rendered
    /// yet stay deferred, what was rendered is served.
    pub fn catch_up_until(&mut self, stop: crate::search::Stop) -> Result<Vec<String>, Vec<Diagnostic>> {
        let Some(p) = self.prepared.clone().filter(|_| (!self.deferred.is_empty() || self.check_all) && !stop()) else {
            return Ok(Vec::new());
        };
        let (rendered, left) = checked::render(&p, &self.deferred, stop).map_err(|f| f.diagnostics().to_vec())?;
        if stop() {
            // a change came in: it is rebuilt first, and these pages wait for the next catching
            // up (checking and serving them took up to a quarter of a second at 10,000 pages);
            // they are let go elsewhere (freeing 12,000 pages and their links took tens of ms)
            let_go((rendered, left));
            return Ok(Vec::new());
        }
        let served = &self.files.pages;
        self.check_all |= checked::loses_ids(&rendered, served);
        // a change that comes in while the pages are checked stops the catching up too: it
        // is rebuilt first, and these pages wait as above
        if check_links(&p, &rendered, served, &self.files.assets, self.check_all, stop)?.is_none() || stop() {
            let_go((rendered, left));
            return Ok(Vec::new());
        }
        self.check_all = false;
        self.deferred = left;
        let mut pages = self.files.pages.clone();
        let changed = merge(&mut pages, rendered);
        let done = self.incomplete && self.deferred.is_empty();
        if !changed.is_empty() || done {
            let mut files = self.files.with_pages(pages);
            if done {
                // every page is rendered: none on request any more
                self.incomplete = false;
                files.on_request = None;
            }
            self.files = Arc::new(files);
        }
        Ok(changed)
    }

    /// Rebuilds the search index when a partial rebuild left it behind; returns whether the
    /// served files changed. Gives up (leaving the index stale) as soon as `stop` says so:
    /// serve asks whether the sources changed again, so a new edit never waits for the index.
    pub fn refresh_search(&mut self, stop: crate::search::Stop) -> bool {
        let Some(p) = self.search_due() else { return false };
        let Some(files) = search_index(&p, stop) else { return false };
        self.set_search(&p, files)
    }

    /// The prepared site whose search index is due (the served one predates it): build it
    /// with [`search_index`], on any thread, and serve it with [`Rebuilder::set_search`].
    pub fn search_due(&self) -> Option<Arc<Prepared>> {
        self.prepared.clone().filter(|_| self.search_stale)
    }

    /// Serves the search index built from `from`, unless the site was rebuilt since (then
    /// nothing changes); returns whether it was served.
    pub fn set_search(&mut self, from: &Arc<Prepared>, files: Vec<(PathBuf, String)>) -> bool {
        if !self.prepared.as_ref().is_some_and(|p| Arc::ptr_eq(p, from)) {
            return false;
        }
        // the new index replaces the old one whole (a shard may be gone)
        let search = files.into_iter().map(|(rel, json)| (key(&rel), Arc::new(json.into_bytes()))).collect();
        let mut files = self.files.with_pages(self.files.pages.clone());
        files.search = Arc::new(search);
        self.files = Arc::new(files);
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
        let previous = if full { None } else { self.prepared.as_deref() };
        let theme = previous.filter(|_| !theme_changed).map(|p| p.theme.clone());
        // no file but Markdown and templates changed: the image files, `static/` and the
        // theme's files are as the previous build read them
        let only_edited = !ch.rescan && ch.assets.is_empty();
        // an edit that keeps its front matter reuses the graph
        let new = Arc::new(pipeline::prepare_from(
            &self.opts,
            &self.sources,
            theme,
            previous.map(|prepared| Previous { prepared, edited: edited.as_ref(), only_edited }),
        )?);
        pipeline::trace("serve: prepared", t);
        let assets = match previous {
            Some(old) if same_copies(old, &new, only_edited) => self.files.assets.clone(),
            _ => Arc::new(pipeline::static_files(&new)?.into_iter().map(|(rel, src)| (key(&rel), src)).collect()),
        };
        pipeline::trace("serve: copied files", t);
        // a stylesheet naming a font or picture the site does not have is an error, as in a
        // build: checked when the copied files may have changed (an edit to Markdown or a
        // template changes no stylesheet)
        if !only_edited || previous.is_none() {
            let exists =
                |f: &str| assets.contains_key(f) || is_index_file(f) || pipeline::output_check::is_job_output(&new, f);
            let mut dead = pipeline::stylesheets::check_each(
                &new,
                assets.par_iter().map(|(k, s)| (Path::new(k.as_str()), s)),
                &exists,
            );
            if !dead.is_empty() {
                crate::diagnostics::sort(&mut dead);
                return Err(Failure::Content(dead));
            }
        }

        let old = if full { None } else { self.prepared.as_ref() };
        let affected = old.and_then(|old| deps::affected(old, &new, &ch.templates, &mut self.memo));
        pipeline::trace("serve: dependencies", t);
        let Some(affected) = affected else {
            let root = crate::load::resolved_root(&root);
            // the whole site; the search index just after (`refresh_search`)
            let all = new.jobs.clone();
            let mut on_request = None;
            let first = self.prepared.is_none();
            let mut same_documents = false;
            let (rendered, left) = match self.early.as_ref() {
                // a site already served (a shared template or `site.yaml` changed, documents
                // came or went): one page of each template now, so that their errors keep the
                // served site; every other page on request at once, and rendered while catching up
                _ if !first => {
                    // what rendering made of the same documents (templates alone changed): the
                    // papers' views, the speaker list's order, the cards; the search index,
                    // made of nothing else, stays as it is
                    if let Some(old) = self.prepared.as_ref().filter(|old| deps::same_documents(old, &new)) {
                        new.made.keep_all(&old.made);
                        same_documents = true;
                    }
                    // (not the long pages: their templates are tried first while catching up)
                    let samples = match self.samples.take().filter(|(jobs, _)| Arc::ptr_eq(jobs, &new.jobs)) {
                        Some((_, samples)) => samples,
                        None => pipeline::template_samples(&new, |j| !pipeline::long_job(j)),
                    };
                    self.samples = Some((new.jobs.clone(), samples.clone()));
                    let (rendered, _) = checked::render(&new, &samples, &|| false)?;
                    pipeline::trace("serve: one page of each template", t);
                    on_request = Some(Arc::new(OnRequest::after(new.clone(), self.files.pages.clone())));
                    pipeline::trace("serve: pages on request", t);
                    (rendered, all.iter().filter(|j| !samples.contains(j)).cloned().collect())
                }
                // nothing served yet: each page on request until it is rendered
                Some((publish, stop)) => {
                    on_request = Some(Arc::new(OnRequest::new(new.clone())));
                    let pages = HashMap::new();
                    publish(Arc::new(SiteFiles {
                        pages: pages.into(),
                        search: self.files.search.clone(),
                        assets: assets.clone(),
                        root: root.clone(),
                        on_request: on_request.clone(),
                        later: pipeline::MadeOnRequest::of(&new),
                    }));
                    pipeline::trace("serve: pages served on request", t);
                    checked::render(&new, &all, &**stop)?
                }
                None => checked::render(&new, &all, &|| false)?,
            };
            check_links(&new, &rendered, &Pages::default(), &assets, false, &|| false).map_err(Failure::Content)?;
            pipeline::trace("serve: checked", t);
            let count = rendered.len();
            let mut pages = HashMap::with_capacity(count);
            for (rel, text, _) in rendered {
                pages.insert(key(&rel), Arc::new(text.into_bytes()));
            }
            pipeline::trace("serve: rendered", t);
            self.search_stale |= !same_documents;
            // what a first build served on request is what it renders
            let unchanged = first && on_request.is_some();
            self.incomplete = !left.is_empty();
            self.deferred = left;
            self.check_all = false;
            let later = pipeline::MadeOnRequest::of(&new);
            let_go(self.prepared.replace(new));
            let on_request = on_request.filter(|_| self.incomplete);
            // the previous index stays served until the new one is ready
            let search = self.files.search.clone();
            self.files = Arc::new(SiteFiles { pages: pages.into(), search, assets, root, on_request, later });
            return Ok(Some((count, if unchanged { Some(Vec::new()) } else { None })));
        };
        if let Some(old) = old.filter(|old| old.linked_pdfs == new.linked_pdfs && old.page_size == new.page_size) {
            for &k in &affected.kept_papers {
                new.made.keep_paper(&old.made, k);
            }
        }
        let (rendered, _) = checked::render(&new, &affected.pages, &|| false)?;
        pipeline::trace("serve: rendered", t);
        check_links(&new, &rendered, &self.files.pages, &assets, false, &|| false).map_err(Failure::Content)?;
        // the other pages may link to an id the edit removed: they are checked while catching up
        self.check_all |= checked::loses_ids(&rendered, &self.files.pages);
        pipeline::trace("serve: checked", t);
        let count = rendered.len();
        let mut pages = self.files.pages.clone();
        let changed = merge(&mut pages, rendered);
        pipeline::trace("serve: merged", t);
        for job in affected.site_wide {
            if !self.deferred.contains(&job) {
                self.deferred.push(job);
            }
        }
        // the index is made of the documents, the site's settings and the theme's strings, never
        // of a template
        if !ch.content.is_empty() || (!ch.templates.is_empty() && !old.is_some_and(|o| deps::same_documents(o, &new))) {
            self.search_stale = true;
        }
        // pages never rendered yet show this rebuild's state when asked for
        let on_request = self.incomplete.then(|| Arc::new(OnRequest::after(new.clone(), self.files.pages.clone())));
        let later = pipeline::MadeOnRequest::of(&new);
        let_go(self.prepared.replace(new));
        let assets_changed = !ch.assets.is_empty() || ch.rescan;
        if changed.is_empty() && !assets_changed && on_request.is_none() {
            return Ok(None);
        }
        let root = crate::load::resolved_root(&root);
        self.files = Arc::new(SiteFiles { pages, search: self.files.search.clone(), assets, root, on_request, later });
        Ok(Some((count, if assets_changed { None } else { Some(changed) })))
    }
}

/// Whether two results copy the same files ([`pipeline::static_files`]): the same theme
/// (or one whose files are known to be the same), `static/` and content files, images and
/// cards.
fn same_copies(old: &Prepared, new: &Prepared, same_theme_files: bool) -> bool {
    (same_theme_files || Arc::ptr_eq(&old.theme, &new.theme))
        && Arc::ptr_eq(&old.pictures, &new.pictures)
        && Arc::ptr_eq(&old.cards, &new.cards)
        && old.statics == new.statics
        && old.assets == new.assets
}
