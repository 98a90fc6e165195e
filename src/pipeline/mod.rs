//! The build pipeline: `site.yaml` → source files → documents → graph → rendered Markdown →
//! pages → output. Each stage takes a value and returns a value plus diagnostics; all content
//! errors of a run are collected, and nothing is written unless there are none.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{self, Diagnostic};
use crate::graph::{self, DocId, Site};
use crate::output::{self, Staging};
use crate::render;
use crate::theme::{self, FileSource, Theme};
use crate::{config, load, model, pdf};

mod cards;
mod collisions;
mod later;
pub use later::{make_later, MadeLater, MadeOnRequest};
mod in_memory;
mod markdown_stage;
mod materials;
pub mod named_files;
pub mod output_check;
mod papers;
mod pictures;
mod places;
mod prepared;
mod render_stage;
mod reserved;
mod search_stage;
mod site_yaml;
mod sources;
pub mod stylesheets;
mod template_check;
mod timings;
mod write;

pub use in_memory::findings;
use markdown_stage::{check_anchors, paper_pass, render_markdown};
pub use papers::PaperPass;
use papers::{find_paper, read_bibliographies};
pub use prepared::{Assembled, Prepared};
pub use render_stage::{long_job, render_each_until, render_jobs, search_files_until};
use site_yaml::{load_config, without_config};
pub use sources::{Parsed, Sources};
pub use template_check::template_samples;
pub(crate) use timings::{timings, trace};
pub use write::{check_written, static_files, write_site};

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
    /// Treat warnings (programme conflicts, missing alt text …) as errors.
    pub strict: bool,
    /// Also print papers to PDF with headless Chromium (`plenary pdf`).
    pub pdf: Option<PdfOptions>,
    /// Only check images (found, readable, large enough) without making or caching them:
    /// `plenary check`, which writes nothing.
    pub probe_images: bool,
    /// Name the social cards, photos and news images the cache lacks without making them
    /// ([`make_later`] makes them; an image whose result is a PNG is made at once, see
    /// [`crate::images::Making::Later`]): serve, whose first page must not wait for them.
    pub make_later: bool,
    /// After a build that succeeded, remove the cache entries it did not use.
    pub prune_cache: bool,
}

/// What `plenary pdf` prints.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Slugs of the papers to print; empty: every paper.
    pub papers: Vec<String>,
    /// Page size.
    pub size: pdf::PageSize,
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
    /// The PDFs printed by this run, in the output folder.
    pub pdfs: Vec<PathBuf>,
    /// With `prune_cache`: the unused cache entries removed (files, bytes).
    pub pruned: Option<(usize, u64)>,
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

/// Loads, validates and renders the Markdown of the site at `opts.root`. When the content
/// has errors, the failure also tells what the file checks and the output check find in the
/// site rendered in memory ([`findings`]), so one run of `build` tells every mistake.
pub fn prepare(opts: &BuildOptions) -> Result<Prepared, Failure> {
    match prepare_whole(opts)? {
        Assembled::Whole(p) => Ok(p),
        Assembled::Failed(p) => Err(in_memory::failure(p)),
    }
}

/// [`prepare`], giving a site with content errors back as it is (`check` checks it further);
/// `Err` when it could not be assembled at all (no `site.yaml`, no theme).
pub fn prepare_whole(opts: &BuildOptions) -> Result<Assembled, Failure> {
    let (config, settings) = match load_config(opts) {
        Ok(c) => c,
        Err(Failure::Content(d)) => return Err(without_config(opts, &Sources::load(&opts.root), d)),
        Err(e) => return Err(e),
    };
    let started = Instant::now();
    let (sources, theme) = rayon::join(
        || Sources::load(&opts.root),
        || {
            let theme = theme::load(&opts.root, &config.theme, &config.default_language, &config.languages);
            trace("theme loaded", started);
            theme
        },
    );
    trace("sources loaded", started);
    assemble(opts, config, settings, Given::Own(sources), theme.map(Arc::new), None)
}

/// The sources a site is assembled from: a one-off build's own, whose documents are the
/// site's alone once it is made (so each Markdown body is let go as soon as it is rendered),
/// or serve's, kept for the next rebuild.
enum Given<'a> {
    Own(Sources),
    Kept(&'a Sources),
}

impl Given<'_> {
    fn sources(&self) -> &Sources {
        match self {
            Given::Own(s) => s,
            Given::Kept(s) => s,
        }
    }

    /// Drops a one-off build's own references to its documents (after the site is made);
    /// `true` when it had them.
    fn let_documents_go(&mut self) -> bool {
        let Given::Own(s) = self else { return false };
        for parsed in s.files.values_mut() {
            parsed.0 = None;
        }
        true
    }
}

/// What a rebuild knows of the result it follows.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    /// The previous result.
    pub prepared: &'a Prepared,
    /// When known: the only content files that changed since (paths relative to the root),
    /// `site.yaml` being unchanged.
    pub edited: Option<&'a BTreeSet<PathBuf>>,
    /// With `edited`: no other file changed either (no file beside the content, under
    /// `static/` or of a theme), so every image file is as the previous result read it.
    pub only_edited: bool,
}

/// Like [`prepare`], from sources already parsed and, when given, a previous result whose
/// rendered Markdown is reused for every document whose text is unchanged — only while every
/// document keeps its path and address, since links resolve to addresses — and whose graph
/// and programme are reused when the edited files kept their front matter. The theme is
/// loaded again unless `theme` is given.
pub fn prepare_from(
    opts: &BuildOptions,
    sources: &Sources,
    theme: Option<Arc<Theme>>,
    previous: Option<Previous>,
) -> Result<Prepared, Failure> {
    let (config, settings) = match load_config(opts) {
        Ok(c) => c,
        Err(Failure::Content(d)) => return Err(without_config(opts, sources, d)),
        Err(e) => return Err(e),
    };
    let theme = match theme {
        Some(t) => Ok(t),
        None => theme::load(&opts.root, &config.theme, &config.default_language, &config.languages).map(Arc::new),
    };
    // no file changed but templates: everything assembled from the content, the settings and
    // the theme's other files stands (a template edit at 10,000 pages spent 10-14 ms
    // assembling the same site again)
    // (unless the templates' own ids changed, which the headings' ids keep clear of, or what
    // the theme warns of, which is among the kept warnings)
    let same = |p: &Previous| {
        theme.as_ref().map_or(true, |t| t.ids == p.prepared.theme.ids && t.warnings == p.prepared.theme.warnings)
    };
    if let Some(p) = previous.filter(|p| p.only_edited && p.edited.is_some_and(BTreeSet::is_empty) && same(p)) {
        return match theme {
            Ok(theme) => Ok(p.prepared.with_theme(theme)),
            Err(d) => {
                let mut all = p.prepared.warnings.clone();
                all.extend(d);
                diagnostics::sort(&mut all);
                Err(Failure::Content(all))
            }
        };
    }
    match assemble(opts, config, settings, Given::Kept(sources), theme, previous)? {
        Assembled::Whole(p) => Ok(p),
        Assembled::Failed(p) => Err(template_check::quick_failure(&p)),
    }
}

/// The edited documents by id in `previous`, when every edited file is a document of the
/// previous site and kept its front matter: then the graph (built from front matter only)
/// is the previous one with these documents swapped in.
fn body_edits(previous: Previous, sources: &Sources) -> Option<Vec<(DocId, Arc<model::Doc>)>> {
    let site = &previous.prepared.site;
    previous
        .edited?
        .iter()
        .map(|path| {
            let new = sources.files.get(path)?.0.clone()?;
            // byte-wise: `Path`'s `==` parses both into components, 10,000 times per edit
            let id = site.docs.iter().position(|d| d.path.as_os_str() == path.as_os_str())?;
            let old = &site.docs[id];
            let same = old.text[old.yaml.clone()] == new.text[new.yaml.clone()] && old.yaml_line == new.yaml_line;
            same.then_some((id, new))
        })
        .collect()
}

fn assemble(
    opts: &BuildOptions,
    config: config::SiteConfig,
    settings: Vec<Diagnostic>,
    mut given: Given,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
    previous: Option<Previous>,
) -> Result<Assembled, Failure> {
    let started = Instant::now();
    let sources = given.sources();
    let mut diags = sources.walk.clone();
    for (_, d) in sources.files.values() {
        diags.extend(d.iter().cloned());
    }
    let theme = match theme {
        Ok(t) => {
            diags.extend(t.warnings.iter().cloned());
            Some(t)
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    diags.extend(site_yaml::undeclared_language_files(&opts.root, &config));
    diags.extend(settings);
    let statics = static_dir_files(&opts.root, &mut diags);
    let edits = previous.and_then(|p| body_edits(p, sources));
    let (mut site, graph_diags) = match (previous, &edits) {
        (Some(p), Some(edits)) => {
            let mut site = p.prepared.site.clone();
            for (id, doc) in edits {
                let original = site.original_of[*id];
                site.docs[*id] =
                    if original == *id { doc.clone() } else { Arc::new(model::inherit(&site.docs[original], doc)) };
            }
            (site, p.prepared.graph_diags.clone())
        }
        _ => {
            let docs = sources.files.values().filter_map(|(doc, _)| doc.clone()).collect();
            graph::build(config, docs, opts.drafts)
        }
    };
    diags.extend(graph_diags.iter().cloned());
    trace("assemble: graph", started);
    let only_edited = previous.is_some_and(|p| p.only_edited && p.edited.is_some());
    let previous = previous.map(|p| p.prepared);

    // the theme's own ids, which headings' ids made from their text keep clear of
    let reserved = &reserved::Reserved::new(theme.as_deref(), &site);
    let reusable = previous.filter(|p| {
        p.site.urls == site.urls
            && p.site.config.base_path == site.config.base_path
            && p.site.config.languages.len() == site.config.languages.len()
            && p.site.docs.iter().zip(&site.docs).all(|(a, b)| Arc::ptr_eq(a, b) || a.path == b.path)
            // relative targets naming co-located files are written as those files' addresses
            && p.assets == sources.assets
            // headings' ids keep clear of the theme's
            && theme.as_ref().is_some_and(|t| t.ids == p.theme.ids)
    });
    let bibliographies = read_bibliographies(&opts.root, &site, &mut diags);
    trace("assemble: bibliographies", started);
    let one_off = given.let_documents_go();
    let sources = given.sources();
    // output files come from front matter, the theme and the copied files: a body edit that
    // kept them all has the previous result's (which had no collision)
    // (with `only_edited`, a theme loaded again had only templates changed: its files, fonts
    // and strings are as before)
    let same_outputs = match (previous, &edits, &theme) {
        (Some(p), Some(_), Some(_)) => only_edited && p.statics == statics && p.assets == sources.assets,
        _ => false,
    };
    // the images come from front matter, site.yaml and image files: a body edit that changed
    // no other file keeps them (with the sizes of every unchanged body's images)
    let kept_pictures = previous.filter(|_| edits.is_some() && only_edited);
    let make_pictures = |site: &Site| {
        let mut found = Vec::new();
        (pictures::pictures(opts, site, &mut found), found)
    };
    // what comes from front matter alone is made beside the papers' pass one, which leaves a
    // core idle part of its time (each of these runs on one thread)
    let front = |site: &Site| {
        // the programme comes from front matter only, so it stands while the graph does
        let (programme, programme_diags) = match (previous, &edits) {
            (Some(p), Some(_)) => (p.programme.clone(), p.programme_diags.clone()),
            _ => {
                let programme = crate::programme::build(site);
                let conflicts = crate::programme::conflicts(site, &programme);
                (programme, conflicts)
            }
        };
        // the same jobs of the same addresses write the same files
        let (jobs, files) = match (previous, &edits) {
            (Some(p), Some(_)) => (p.jobs.clone(), p.files.clone()),
            _ => (Arc::new(render::jobs(site, &programme)), Arc::default()),
        };
        let mut collision_diags = Vec::new();
        if let Some(theme) = theme.as_ref().filter(|_| !same_outputs) {
            let shown = |p: &Path| p.strip_prefix(&opts.root).unwrap_or(p).display().to_string();
            let mut copied: Vec<(PathBuf, String)> = theme
                .assets
                .iter()
                .map(|(rel, src)| match src {
                    FileSource::Embedded(_) => (rel.clone(), format!("(built-in theme)/static/{}", rel.display())),
                    FileSource::Disk(p) | FileSource::Photo(p) => (rel.clone(), shown(p)),
                    FileSource::Generated(_) => (rel.clone(), format!("(generated) {}", rel.display())),
                })
                .collect();
            copied.extend(statics.iter().chain(&sources.assets).map(|a| (a.rel.clone(), shown(&a.source))));
            collisions::check_aliases(site, &jobs, &copied, &mut collision_diags);
            materials::missing_files(site, &copied, &mut collision_diags);
            collision_diags
                .extend(pictures::favicon_missing(&opts.root, site, |rel| copied.iter().any(|(r, _)| r == rel)));
        }
        let pictures = kept_pictures.is_none().then(|| make_pictures(site));
        (programme, programme_diags, jobs, files, collision_diags, pictures)
    };
    let (papers, (programme, programme_diags, jobs, files, collision_diags, pictures)) = rayon::join(
        || paper_pass(&site, bibliographies, reusable, reserved, theme.as_ref().map(|t| &*t.strings)),
        || front(&site),
    );
    trace("assemble: paper pass beside programme, collisions and images", started);
    // fenced code is highlighted through the site's cache (written to except by `check`)
    let highlighter = crate::highlight::Highlighter::cached(&opts.root, !opts.probe_images);
    let (docs, paper_passes) = render_markdown(
        &mut site,
        papers,
        &sources.assets,
        reusable,
        one_off,
        &highlighter,
        reserved,
        theme.as_ref().map(|t| &*t.strings),
    );
    let highlighted = highlighter.used();
    for pass in &paper_passes {
        diags.extend(pass.diagnostics.iter().chain(&pass.translated_diagnostics).cloned());
    }
    for d in &docs {
        diags.extend(d.diagnostics.iter().cloned());
    }
    trace("assemble: markdown", started);
    check_anchors(&site, &docs, reserved, &mut diags);
    trace("assemble: anchors", started);
    diags.extend(programme_diags.iter().cloned());
    diags.extend(collision_diags);
    // and the sizes of the images in the bodies
    let (pictures, picture_diags) = match kept_pictures {
        Some(p) => (pictures::after_body_edit(&opts.root, &site, &docs, p), p.picture_diags.clone()),
        None => {
            let (mut pictures, found) = pictures.unwrap_or_else(|| make_pictures(&site));
            pictures.body_sizes = pictures::body_image_sizes(&opts.root, &site, &docs, None);
            (Arc::new(pictures), found)
        }
    };
    diags.extend(picture_diags.iter().cloned());
    diags.extend(named_files::unshowable_images(&opts.root, &site, &docs, &pictures.body_sizes));
    trace("assemble: images in bodies", started);
    // cards come from front matter, site.yaml, the theme and the photos: a body edit keeps them
    let (cards, card_diags) = match (&theme, previous, &edits) {
        (Some(t), Some(p), Some(_))
            if (Arc::ptr_eq(t, &p.theme) || only_edited)
                && (Arc::ptr_eq(&p.pictures, &pictures) || p.pictures == pictures) =>
        {
            (p.cards.clone(), p.card_diags.clone())
        }
        (Some(theme), _, _) if diagnostics::error_count(&diags) == 0 => {
            let mut found = Vec::new();
            let cards = cards::social_cards(opts, &site, theme, &docs, &programme, &pictures, &mut found);
            (Arc::new(cards), found)
        }
        _ => (Arc::default(), Vec::new()),
    };
    diags.extend(card_diags.iter().cloned());
    trace("assemble: social cards", started);
    if opts.strict {
        for d in &mut diags {
            d.severity = diagnostics::Severity::Error;
        }
    }

    diagnostics::sort(&mut diags);
    trace(&format!("assemble: {} diagnostics sorted", diags.len()), started);
    let Some(theme) = theme else { return Err(Failure::Content(diags)) };
    let failed = diagnostics::error_count(&diags) > 0;
    let (pdf_papers, kept_pdfs) = match &opts.pdf {
        Some(_) if failed => (Vec::new(), Vec::new()),
        Some(p) if p.papers.is_empty() => (site.papers.iter().map(|e| e.index).collect(), Vec::new()),
        Some(p) => {
            let named = p.papers.iter().map(|slug| find_paper(&site, slug)).collect::<Result<Vec<_>, _>>()?;
            // the other papers' PDFs of the previous output stay (and stay linked)
            let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
            let kept = site
                .papers
                .iter()
                .map(|e| e.index)
                .filter(|id| !named.contains(id) && out.join(pdf_file(&site, *id)).is_file())
                .collect();
            (named, kept)
        }
        None => (Vec::new(), Vec::new()),
    };
    let page_size = opts.pdf.as_ref().map(|p| p.size).unwrap_or_default();
    let mut linked_pdfs: Vec<DocId> = pdf_papers.iter().chain(&kept_pdfs).copied().collect();
    linked_pdfs.sort_unstable();
    let (site_languages, site_docs, site_papers) = (site.config.languages.len(), site.docs.len(), site.papers.len());
    let prepared = Prepared {
        root: opts.root.clone(),
        site,
        theme,
        docs,
        assets: sources.assets.clone(),
        statics,
        programme,
        jobs,
        paper_passes,
        graph_diags,
        programme_diags,
        warnings: diags,
        pdf_papers,
        kept_pdfs,
        page_size,
        linked_pdfs,
        pictures,
        cards,
        highlighted,
        card_diags,
        picture_diags,
        made: render::Made::new(site_languages, site_docs, site_papers),
        files,
    };
    Ok(if failed { Assembled::Failed(prepared) } else { Assembled::Whole(prepared) })
}

/// Drops `value` on a thread of its own, so that freeing a site's worth of memory (tens of ms
/// at 10,000 pages) delays nothing: serve answers meanwhile, and a one-off build exits
/// without waiting for it. When no thread can be started it is dropped here.
pub fn let_go<T: Send + 'static>(value: T) {
    // (when no thread can be started, the value is dropped here, with the closure)
    let _ = std::thread::Builder::new().name("plenary-let-go".into()).spawn(move || drop(value));
}

/// Builds the site into the output folder (atomically).
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("public"));
    let io = |e: output::OutputError| Failure::Io(vec![e.into_diagnostic(&out)]);
    // refuse a folder that is no site, and a dangerous output folder, before any work
    site_yaml::require(&opts.root)?;
    output::check_target(&opts.root, &out, opts.force).map_err(io)?;
    // one build at a time into this output; leftovers of builds that died are cleared first
    let lock = output::OutputLock::acquire(&out).map_err(io)?;
    let chromium = match &opts.pdf {
        Some(_) => Some(pdf::find_chromium().ok_or_else(|| {
            Failure::Io(vec![Diagnostic::error("plenary pdf", 0, 0, "Chromium is not installed, so no PDF can be made")
                .with_help("install it (Debian/Ubuntu: `apt-get install chromium`), or set PLENARY_CHROMIUM to a Chrome or Chromium program; meanwhile the print edition at /papers/<paper>/print/ prints to PDF from any browser")])
        })?),
        None => None,
    };
    let mut prepared = prepare(opts)?;
    trace("prepared", started);
    let staging = Staging::create(&lock).map_err(io)?;
    let (pages, mut files) = write_site(&mut prepared, &staging)?;
    trace("written", started);
    let site = &prepared.site;
    for &id in &prepared.kept_pdfs {
        let rel = pdf_file(site, id);
        staging.copy(&out.join(&rel), &rel).map_err(io)?;
        files += 1;
    }
    let mut pdfs = Vec::new();
    if let Some(chromium) = chromium {
        for &id in &prepared.pdf_papers {
            let url = &site.urls[id];
            let rel = pdf_file(site, id);
            pdf::print(
                &chromium,
                staging.dir(),
                &site.config.base_path,
                &format!("{url}print/"),
                &staging.dir().join(&rel),
            )
            .map_err(|m| {
                Failure::Io(vec![Diagnostic::error("plenary pdf", 0, 0, format!("{}: {m}", site.doc(id).slug))])
            })?;
            files += 1;
            pdfs.push(out.join(rel));
            trace("printed", started);
        }
    }
    staging.commit().map_err(io)?;
    trace("swapped", started);
    // the site is published: an entry that cannot be removed is told, and the build stands
    let pruned = opts.prune_cache.then(|| crate::cache::prune(&opts.root, &prepared.cache_entries()));
    if pruned.is_some() {
        trace("cache pruned", started);
    }
    let mut warnings = std::mem::take(&mut prepared.warnings);
    let_go(prepared);
    let pruned = match pruned {
        Some(Ok(pruned)) => Some(pruned),
        Some(Err(d)) => {
            warnings.push(d);
            None
        }
        None => None,
    };
    Ok(BuildReport { pages, files, warnings, out, elapsed: started.elapsed(), pdfs, pruned })
}

/// A paper's PDF, relative to the output folder: `papers/<slug>/<slug>.pdf`.
pub fn pdf_file(site: &Site, paper: DocId) -> PathBuf {
    render::output_file(&site.pdf_address(paper))
}

/// The files under `<root>/static` (links leading outside the site are diagnostics).
fn static_dir_files(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<load::Asset> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    load::walk_static_files(root, &dir, diags)
        .into_iter()
        .map(|source| load::Asset { rel: load::link_key(source.strip_prefix(&dir).unwrap_or(&source)), source })
        .collect()
}
