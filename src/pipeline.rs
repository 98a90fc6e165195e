//! The build pipeline: `site.yaml` → source files → documents → graph → rendered Markdown →
//! pages → output. Each stage takes a value and returns a value plus diagnostics; all content
//! errors of a run are collected, and nothing is written unless there are none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::graph::{self, DocId, Site};
use crate::markdown::{self, TocEntry};
use crate::output::{self, Staging};
use crate::render::{self, Renderer};
use crate::theme::{self, FileSource, Theme};
use crate::{config, load, model};

/// What `plenary build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holds `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; `<root>/public` when `None`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include `draft: true` documents.
    pub drafts: bool,
    /// Replace a non-empty output folder that plenary did not write.
    pub force: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// All files written (pages and assets).
    pub files: usize,
    /// Warnings (the build went on).
    pub warnings: Vec<Diagnostic>,
    /// Where the output is.
    pub out: PathBuf,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why a build failed.
#[derive(Debug)]
pub enum Failure {
    /// Content errors (exit 1); the diagnostics include warnings, sorted.
    Content(Vec<Diagnostic>),
    /// Usage or I/O errors (exit 2).
    Io(Vec<Diagnostic>),
}

impl Failure {
    /// The diagnostics to print.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Failure::Content(d) | Failure::Io(d) => d,
        }
    }
}

/// A validated site with its Markdown rendered: everything but the writing.
pub struct Prepared {
    /// The graph.
    pub site: Site,
    /// The compiled theme (shared with the next incremental rebuild when templates are unchanged).
    pub theme: Arc<Theme>,
    /// HTML of each document's body (shared, so an incremental rebuild reuses it for free).
    pub html: Vec<Arc<str>>,
    /// First paragraph of each document.
    pub excerpts: Vec<Arc<str>>,
    /// Table of contents of each document.
    pub tocs: Vec<Arc<Vec<TocEntry>>>,
    /// Heading and footnote ids of each document, for the anchor check.
    pub anchors: Vec<Arc<BTreeSet<String>>>,
    /// Links to anchors of each document.
    pub anchor_refs: Vec<Arc<Vec<markdown::AnchorRef<DocId>>>>,
    /// Diagnostics of each document's Markdown.
    pub markdown_diags: Vec<Vec<Diagnostic>>,
    /// Files under `content/` that are not Markdown.
    pub assets: Vec<load::Asset>,
    /// Warnings found so far.
    pub warnings: Vec<Diagnostic>,
}

/// The content files of a site, read and parsed, before the graph is built. Serve keeps this
/// between rebuilds and re-parses only the files that changed.
#[derive(Default)]
pub struct Sources {
    /// Each Markdown file under `content/` (path relative to the root) → its document (`None`
    /// when unusable) and its diagnostics.
    pub files: BTreeMap<PathBuf, Parsed>,
    /// Problems found while walking `content/` that belong to no single file.
    pub walk: Vec<Diagnostic>,
    /// Files under `content/` that are not Markdown.
    pub assets: Vec<load::Asset>,
}

impl Sources {
    /// Walks, reads and parses everything under `<root>/content`.
    pub fn load(root: &Path) -> Sources {
        let loaded = load::load(root);
        let parsed: Vec<(PathBuf, Parsed)> =
            loaded.files.into_par_iter().map(|src| (src.path.clone(), parse_one(src))).collect();
        let mut walk = Vec::new();
        let mut files = BTreeMap::new();
        for d in loaded.diagnostics {
            // a file that could not be read is that file's problem: re-reading it may fix it
            if d.path.extension().is_some_and(|e| e == "md") {
                files.insert(d.path.clone(), (None, vec![d]));
            } else {
                walk.push(d);
            }
        }
        files.extend(parsed);
        Sources { files, walk, assets: loaded.assets }
    }

    /// Reads and parses one Markdown file again (`rel` relative to the root, under
    /// `content/`); forgets it when it no longer exists.
    pub fn reload(&mut self, root: &Path, rel: &Path) {
        let abs = root.join(rel);
        if !abs.is_file() {
            self.files.remove(rel);
            return;
        }
        let under = rel.strip_prefix("content").unwrap_or(rel);
        let entry = match load::read_source(&abs, under) {
            Ok(src) => parse_one(src),
            Err(d) => (None, vec![d]),
        };
        self.files.insert(rel.to_path_buf(), entry);
    }
}

/// One parsed content file: its document (`None` when unusable) and its diagnostics.
pub type Parsed = (Option<Arc<model::Doc>>, Vec<Diagnostic>);

fn parse_one(src: load::SourceFile) -> Parsed {
    let mut d = Vec::new();
    let doc = model::parse(src, &mut d);
    (doc.map(Arc::new), d)
}

/// Reads `site.yaml` and applies `--base-url`.
fn load_config(opts: &BuildOptions) -> Result<config::SiteConfig, Failure> {
    let root = &opts.root;
    let site_yaml = root.join("site.yaml");
    if !site_yaml.is_file() {
        return Err(Failure::Io(vec![Diagnostic::error(
            "site.yaml",
            0,
            0,
            format!("no site.yaml in {}", root.display()),
        )
        .with_help("run plenary in the site's folder, or pass `--root DIR`")]));
    }
    let text = load::read_text(&site_yaml, Path::new("site.yaml")).map_err(|d| Failure::Content(vec![d]))?;
    let mut config = config::parse(&text, Path::new("site.yaml")).map_err(Failure::Content)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).map_err(|m| {
            Failure::Io(vec![
                Diagnostic::error("--base-url", 0, 0, m).with_help("write it like https://example.org/summit/")
            ])
        })?;
    }
    Ok(config)
}

/// Loads, validates and renders the Markdown of the site at `opts.root`.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Failure> {
    let config = load_config(opts)?;
    let (sources, theme) = rayon::join(|| Sources::load(&opts.root), || theme::load(&opts.root, &config.theme));
    assemble(opts, config, &sources, theme.map(Arc::new), None)
}

/// Like [`prepare`], from sources already parsed and, when given, a previous result whose
/// rendered Markdown is reused for every document whose text is unchanged — only while every
/// document keeps its path and address, since links resolve to addresses. The theme is
/// loaded again unless `theme` is given.
pub fn prepare_from(
    opts: &BuildOptions,
    sources: &Sources,
    theme: Option<Arc<Theme>>,
    previous: Option<&Prepared>,
) -> Result<Prepared, Failure> {
    let config = load_config(opts)?;
    let theme = match theme {
        Some(t) => Ok(t),
        None => theme::load(&opts.root, &config.theme).map(Arc::new),
    };
    assemble(opts, config, sources, theme, previous)
}

fn assemble(
    opts: &BuildOptions,
    config: config::SiteConfig,
    sources: &Sources,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
    previous: Option<&Prepared>,
) -> Result<Prepared, Failure> {
    let started = Instant::now();
    let mut diags = sources.walk.clone();
    let mut docs = Vec::with_capacity(sources.files.len());
    for (doc, d) in sources.files.values() {
        diags.extend(d.iter().cloned());
        docs.extend(doc.iter().cloned());
    }
    let theme = match theme {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    trace("assemble: docs cloned", started);
    let (site, d) = graph::build(config, docs, opts.drafts);
    diags.extend(d);
    trace("assemble: graph", started);

    let reusable = previous.filter(|p| {
        p.site.urls == site.urls
            && p.site.config.base_path == site.config.base_path
            && p.site.docs.iter().zip(&site.docs).all(|(a, b)| a.path == b.path)
    });
    let n = site.docs.len();
    let (mut html, mut excerpts, mut tocs) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut anchors, mut anchor_refs, mut markdown_diags) =
        (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for r in render_markdown(&site, reusable) {
        match r {
            Reuse::Same(p, id) => {
                html.push(p.html[id].clone());
                excerpts.push(p.excerpts[id].clone());
                tocs.push(p.tocs[id].clone());
                anchors.push(p.anchors[id].clone());
                anchor_refs.push(p.anchor_refs[id].clone());
                markdown_diags.push(p.markdown_diags[id].clone());
            }
            Reuse::Fresh(r, d) => {
                html.push(Arc::from(r.html));
                excerpts.push(Arc::from(r.first_paragraph));
                tocs.push(Arc::new(r.toc));
                anchors.push(Arc::new(r.anchors));
                anchor_refs.push(Arc::new(r.anchor_refs));
                markdown_diags.push(d);
            }
        }
    }
    for d in &markdown_diags {
        diags.extend(d.iter().cloned());
    }
    trace("assemble: markdown", started);
    check_anchors(&site, &anchors, &anchor_refs, &mut diags);

    diagnostics::sort(&mut diags);
    match theme {
        Some(theme) if diagnostics::error_count(&diags) == 0 => Ok(Prepared {
            site,
            theme,
            html,
            excerpts,
            tocs,
            anchors,
            anchor_refs,
            markdown_diags,
            assets: sources.assets.clone(),
            warnings: diags,
        }),
        _ => Err(Failure::Content(diags)),
    }
}

/// A document's rendered Markdown: new, or the previous result's (by id).
enum Reuse<'a> {
    Fresh(markdown::Rendered<DocId>, Vec<Diagnostic>),
    Same(&'a Prepared, DocId),
}

/// Renders every document's Markdown in parallel (reusing `previous` where the text is the same).
fn render_markdown<'a>(site: &Site, previous: Option<&'a Prepared>) -> Vec<Reuse<'a>> {
    let resolve = |target: &str| -> Result<(String, DocId), String> {
        let key = PathBuf::from(target);
        match site.by_source.get(&key) {
            Some(&id) => Ok((site.urls[id].clone(), id)),
            None => {
                let known: Vec<String> = site.by_source.keys().map(|p| p.to_string_lossy().into_owned()).collect();
                Err(diagnostics::did_you_mean(target, known.iter().map(String::as_str))
                    .map(|s| s.replace("did you mean `", "did you mean `@/"))
                    .unwrap_or_else(|| "write the target's path under content/, e.g. `@/forums/governance.md`".into()))
            }
        }
    };
    (0..site.docs.len())
        .into_par_iter()
        .map(|id| {
            let d = &site.docs[id];
            if let Some(p) = previous.filter(|p| {
                let old = &p.site.docs[id];
                Arc::ptr_eq(old, d) || (old.text == d.text && old.body_line == d.body_line)
            }) {
                return Reuse::Same(p, id);
            }
            let cx = markdown::Context {
                path: &d.path,
                body_line: d.body_line,
                base_path: &site.config.base_path,
                this: id,
                resolve: &resolve,
            };
            let mut diags = Vec::new();
            let r = markdown::render(d.body(), &cx, &mut diags);
            Reuse::Fresh(r, diags)
        })
        .collect()
}

/// Every `#anchor` a link names must exist in its target.
fn check_anchors(
    site: &Site,
    anchors: &[Arc<BTreeSet<String>>],
    refs: &[Arc<Vec<markdown::AnchorRef<DocId>>>],
    diags: &mut Vec<Diagnostic>,
) {
    for (from, r) in refs.iter().enumerate().flat_map(|(id, rs)| rs.iter().map(move |r| (id, r))) {
        if anchors[r.target].contains(&r.anchor) {
            continue;
        }
        let target = &site.doc(r.target).path;
        let message = if r.target == from {
            format!("link to `#{}`, which is not a heading of this page", r.anchor)
        } else {
            format!("link to `#{}` in {}, which has no such heading", r.anchor, target.display())
        };
        diags.push(
            Diagnostic::error(&site.doc(from).path, r.line, r.col, message).with_help(
                diagnostics::did_you_mean(&r.anchor, anchors[r.target].iter().map(String::as_str))
                    .unwrap_or_else(|| "headings get ids from their text, or `{#id}` after the heading".into()),
            ),
        );
    }
}

/// With `PLENARY_TIMINGS` set, prints how long the stages took (for profiling builds).
pub(crate) fn trace(stage: &str, since: Instant) {
    if std::env::var_os("PLENARY_TIMINGS").is_some() {
        eprintln!("[timings] {stage}: {:.3} s", since.elapsed().as_secs_f64());
    }
}

/// Builds the site into the output folder (atomically).
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let io = |e: output::OutputError| Failure::Io(vec![e.into_diagnostic(&out)]);
    // refuse a dangerous output folder before any work
    output::check_target(&opts.root, &out, opts.force).map_err(io)?;
    let prepared = prepare(opts)?;
    trace("prepared", started);
    let staging = Staging::create(&out).map_err(io)?;
    let (pages, files) = write_site(&prepared, &opts.root, &staging)?;
    trace("written", started);
    staging.commit().map_err(io)?;
    trace("swapped", started);
    Ok(BuildReport { pages, files, warnings: prepared.warnings, out, elapsed: started.elapsed() })
}

/// Writes assets, then every page, into `staging`. Returns (pages, files).
pub fn write_site(p: &Prepared, root: &Path, staging: &Staging) -> Result<(usize, usize), Failure> {
    let io = |e: output::OutputError| Failure::Io(vec![e.into_diagnostic(staging.dir())]);
    let copies = static_files(p, root)?;
    copies
        .par_iter()
        .try_for_each(|(rel, src)| match src {
            FileSource::Embedded(bytes) => staging.write(rel, bytes),
            FileSource::Disk(from) => staging.copy(from, rel),
        })
        .map_err(io)?;
    let jobs = render::jobs(&p.site);
    let pages = render_jobs(p, &jobs)?;
    pages.par_iter().try_for_each(|(rel, html)| staging.write(rel, html.as_bytes())).map_err(io)?;
    Ok((jobs.len(), copies.len() + jobs.len() + 1))
}

/// The files copied as they are, later layers winning: theme assets, the site's `static/`,
/// co-located content assets. Sorted by output path; pages are rendered over them.
pub fn static_files(p: &Prepared, root: &Path) -> Result<Vec<(PathBuf, FileSource)>, Failure> {
    let mut copies: BTreeMap<PathBuf, FileSource> = p.theme.assets.clone();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).follow_links(true).sort_by_file_name() {
            let entry =
                entry.map_err(|e| Failure::Io(vec![Diagnostic::error("static", 0, 0, format!("cannot read: {e}"))]))?;
            if entry.file_type().is_file() && !load::is_ignored_name(&entry.file_name().to_string_lossy()) {
                let rel = entry.path().strip_prefix(&static_dir).unwrap_or(entry.path()).to_path_buf();
                copies.insert(rel, FileSource::Disk(entry.path().to_path_buf()));
            }
        }
    }
    for a in &p.assets {
        copies.insert(a.rel.clone(), FileSource::Disk(a.source.clone()));
    }
    Ok(copies.into_iter().collect())
}

/// Renders `jobs` (in parallel) into (output file, HTML), in the order of `jobs`. All template
/// errors are collected.
pub fn render_jobs(p: &Prepared, jobs: &[render::Job]) -> Result<Vec<(PathBuf, String)>, Failure> {
    let renderer = Renderer::new(&p.theme, &p.site, &p.html, &p.excerpts, &p.tocs);
    let results: Vec<Result<(PathBuf, String), Diagnostic>> = jobs.par_iter().map(|job| renderer.render(job)).collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut content = Vec::new();
    for r in results {
        match r {
            Ok(page) => pages.push(page),
            Err(d) => content.push(d),
        }
    }
    if !content.is_empty() {
        diagnostics::sort(&mut content);
        return Err(Failure::Content(content));
    }
    Ok(pages)
}
