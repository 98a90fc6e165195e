//! [`Prepared`]: what preparing a site makes — the graph, the theme, one result per
//! document and the site-wide values — and what rendering reads of it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::doc_result::DocResult;
use crate::graph::{DocId, Site};
use crate::theme::Theme;
use crate::{load, pdf, render};

use super::{output_check, PaperPass};

/// A validated site with its Markdown rendered: everything but the writing.
pub struct Prepared {
    /// The site's root folder (sources are read below it).
    pub root: PathBuf,
    /// The graph.
    pub site: Site,
    /// The compiled theme (shared with the next incremental rebuild when templates are unchanged).
    pub theme: Arc<Theme>,
    /// What the Markdown stage made of each document (by id): body, diagnostics, paper state.
    pub docs: Vec<DocResult>,
    /// Files under `content/` that are not Markdown.
    pub assets: Vec<load::Asset>,
    /// Files under `static/` (each inside the site root), copied as they are.
    pub statics: Vec<load::Asset>,
    /// Forums placed in time.
    pub programme: crate::programme::Programme,
    /// Every file the site's templates and generators write, in order ([`render::jobs`], a
    /// function of the graph and the programme: made once, shared by a rebuild that keeps
    /// them).
    pub jobs: Arc<Vec<render::Job>>,
    /// Each paper's numbering and citation pass (in `site.papers` order).
    pub paper_passes: Vec<PaperPass>,
    /// What building the graph reported (kept for a rebuild that reuses the graph).
    pub graph_diags: Vec<Diagnostic>,
    /// The programme's conflicts (kept likewise).
    pub programme_diags: Vec<Diagnostic>,
    /// Warnings found so far.
    pub warnings: Vec<Diagnostic>,
    /// The papers this build prints to PDF (`plenary pdf`).
    pub pdf_papers: Vec<DocId>,
    /// The papers whose PDF from the previous output is kept (`plenary pdf` naming others).
    pub kept_pdfs: Vec<DocId>,
    /// Page size of the print editions.
    pub page_size: pdf::PageSize,
    /// The papers the output will hold a PDF of (printed or kept), which pages link.
    pub linked_pdfs: Vec<DocId>,
    /// Processed photos, news images and logos, and generated avatars.
    pub pictures: Arc<crate::images::Pictures>,
    /// Social cards (made only when the content has no errors).
    pub cards: Arc<crate::cards::Cards>,
    /// The highlighting cache entries the Markdown stage read or wrote (a rebuild's reused
    /// bodies add none).
    pub highlighted: Vec<PathBuf>,
    /// What making them reported (kept for a rebuild that reuses them).
    pub card_diags: Vec<Diagnostic>,
    /// What processing the images reported (kept likewise).
    pub picture_diags: Vec<Diagnostic>,
    /// What rendering makes once per language on first use (papers' views, the speaker list's
    /// order).
    pub made: render::Made,
    /// [`Prepared::job_files`], made on first use; shared with the result this one follows
    /// when the jobs are the same.
    pub(super) files: Arc<std::sync::OnceLock<HashMap<String, (usize, usize)>>>,
}

impl Prepared {
    /// The output path of every job in every language it is written in → (language, index in
    /// [`Prepared::jobs`]), made on first use ([`output_check::job_files`]): pages rendered on
    /// request are found in it, and links to pages not rendered yet resolve in it.
    pub fn job_files(&self) -> &HashMap<String, (usize, usize)> {
        self.files.get_or_init(|| {
            output_check::job_files(&self.site, &self.jobs).map(|(file, l, i)| (file, (l, i))).collect()
        })
    }

    /// This result with another theme whose files other than templates are the same (its
    /// assets, fonts and strings): what rendering makes once is made again, the rest shared.
    /// Every cache entry this result reads: the images' variants and lists, the social cards,
    /// the highlighted snippets (what `plenary build --prune-cache` keeps).
    pub fn cache_entries(&self) -> std::collections::BTreeSet<PathBuf> {
        let mut used: std::collections::BTreeSet<PathBuf> = self.pictures.cache_entries().cloned().collect();
        used.extend(self.cards.files().map(|(_, cached)| cached.clone()));
        used.extend(self.highlighted.iter().cloned());
        used
    }

    pub(super) fn with_theme(&self, theme: Arc<Theme>) -> Prepared {
        let site = &self.site;
        Prepared {
            root: self.root.clone(),
            site: site.clone(),
            theme,
            docs: self.docs.clone(),
            assets: self.assets.clone(),
            statics: self.statics.clone(),
            programme: self.programme.clone(),
            jobs: self.jobs.clone(),
            paper_passes: self.paper_passes.clone(),
            graph_diags: self.graph_diags.clone(),
            programme_diags: self.programme_diags.clone(),
            warnings: self.warnings.clone(),
            pdf_papers: self.pdf_papers.clone(),
            kept_pdfs: self.kept_pdfs.clone(),
            page_size: self.page_size,
            linked_pdfs: self.linked_pdfs.clone(),
            pictures: self.pictures.clone(),
            cards: self.cards.clone(),
            highlighted: self.highlighted.clone(),
            card_diags: self.card_diags.clone(),
            picture_diags: self.picture_diags.clone(),
            made: render::Made::new(site.config.languages.len(), site.docs.len(), site.papers.len()),
            files: self.files.clone(),
        }
    }

    /// What rendering reads of this result.
    pub fn render_input(&self) -> render::Input<'_> {
        render::Input {
            site: &self.site,
            theme: &self.theme,
            docs: &self.docs,
            programme: &self.programme,
            pdf_papers: &self.linked_pdfs,
            page_size: self.page_size,
            pictures: &self.pictures,
            cards: &self.cards,
            made: &self.made,
        }
    }
}

/// A site assembled: whole, or with content errors (`Prepared::warnings` holds them), still
/// whole enough to be rendered in memory and checked further.
pub enum Assembled {
    /// No errors: the site can be written.
    Whole(Prepared),
    /// Content errors: nothing may be written.
    Failed(Prepared),
}
