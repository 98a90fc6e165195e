//! Rendering: the list of pages to write ([`Job`]s) and each job rendered through the theme's
//! templates into bytes. Pure given the templates: no I/O here; `output` writes the bytes.
//!
//! Invariant: template contexts hold one page's data plus the shared `site` value (an `Arc`
//! inside tera), never a copy of the whole site per page.

mod capped;
mod document;
mod jobs;
mod lists;
mod machine;
mod meta;
mod print;
pub mod relink;
mod social;
pub mod views;

pub use jobs::{
    doc_template, forum_calendar_url, jobs, listed, news_page_url, output_file, page_count, page_url, sitemap_part_url,
    spec, Job, JobKind, Shows, Spec, Taxonomy, PAGE_TEMPLATES,
};
pub use machine::SectionTexts;
pub use print::{Page, Parts};

use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::doc_result::DocResult;
use crate::graph::{DocId, Site};
use crate::theme::Theme;
use views::{LinkView, Views};

/// Bytes a page holds besides its body (head, menu, footer, cards), for its buffer's first
/// size: most pages then need no second.
const PAGE_FRAME_BYTES: usize = 16 * 1024;

/// What rendering reads: the graph, the theme, each document's Markdown results and the
/// values worked out for the whole site. Built by `pipeline` from its result.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The graph.
    pub site: &'a Site,
    /// The compiled theme.
    pub theme: &'a Theme,
    /// Each document's rendered Markdown (by id).
    pub docs: &'a [DocResult],
    /// The programme (forums placed in time).
    pub programme: &'a crate::programme::Programme,
    /// The papers whose PDF the output holds, which pages link.
    pub pdf_papers: &'a [DocId],
    /// Page size of the print editions.
    pub page_size: crate::pdf::PageSize,
    /// Processed images and avatars.
    pub pictures: &'a crate::images::Pictures,
    /// Social cards (empty while they are being made).
    pub cards: &'a crate::cards::Cards,
    /// What rendering makes once per language on first use and shares ([`Made`]).
    pub made: &'a Made,
}

/// What rendering makes once per language on first use, shared by every renderer of the
/// site and every page rendered on request (and by serve with the next site, where it is the
/// same): each paper's view as a template value (its landing page, chapters and print
/// edition all show it), the speaker list's order, each document's card.
#[derive(Default)]
pub struct Made(Vec<PerLanguage>);

#[derive(Default)]
struct PerLanguage {
    papers: Vec<std::sync::OnceLock<Value>>,
    speaker_order: std::sync::OnceLock<SpeakerOrder>,
    /// One slot per document, made on first use or shared with the site this one follows.
    cards: std::sync::OnceLock<std::sync::Arc<Cards>>,
    /// The number of documents.
    docs: usize,
}

/// Each document's card, made on first use.
type Cards = Vec<std::sync::OnceLock<std::sync::Arc<views::Card>>>;

/// The speakers by letter, in the order of their list ([`Views::speaker_order`]).
type SpeakerOrder = Vec<(String, String, Vec<DocId>)>;

impl Made {
    /// Room for a site of `docs` documents and `papers` papers in `languages` languages,
    /// nothing made yet.
    pub fn new(languages: usize, docs: usize, papers: usize) -> Made {
        Made(
            (0..languages)
                .map(|_| PerLanguage {
                    papers: (0..papers).map(|_| Default::default()).collect(),
                    docs,
                    ..Default::default()
                })
                .collect(),
        )
    }

    /// The documents' cards in language `lang`, when this site makes them.
    pub fn cards(&self, lang: usize) -> Option<&[std::sync::OnceLock<std::sync::Arc<views::Card>>]> {
        let l = self.0.get(lang)?;
        Some(l.cards.get_or_init(|| std::sync::Arc::new((0..l.docs).map(|_| Default::default()).collect())))
    }

    /// Takes `from`'s values of paper `k` (made for a site whose view of that paper was the
    /// same), where this has none yet.
    pub fn keep_paper(&self, from: &Made, k: usize) {
        for (mine, theirs) in self.0.iter().zip(&from.0) {
            if let (Some(slot), Some(Some(v))) = (mine.papers.get(k), theirs.papers.get(k).map(|t| t.get())) {
                let _ = slot.set(v.clone());
            }
        }
    }

    /// Takes everything `from` made, for a site whose documents are all the same.
    pub fn keep_all(&self, from: &Made) {
        for k in 0..self.0.first().map_or(0, |l| l.papers.len()) {
            self.keep_paper(from, k);
        }
        for (mine, theirs) in self.0.iter().zip(&from.0) {
            if let Some(order) = theirs.speaker_order.get() {
                let _ = mine.speaker_order.set(order.clone());
            }
            if let Some(cards) = theirs.cards.get().filter(|c| c.len() == mine.docs) {
                let _ = mine.cards.set(cards.clone());
            }
        }
    }
}

/// Renders jobs with a theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    views: Views<'a>,
    jobs: &'a [Job],
    site_value: Value,
    /// What is made once in this language, on first use (so rendering a few pages does not
    /// pay for every paper).
    made: &'a PerLanguage,
}

#[derive(Serialize)]
struct TermView {
    label: String,
    url: String,
    /// The number of items, in the language's digits.
    count: String,
}

impl<'a> Renderer<'a> {
    /// A renderer of the site in language `lang` (index in `config.languages`).
    pub fn new(input: Input<'a>, jobs: &'a [Job], lang: usize) -> Self {
        let views = Views::new(input, lang);
        let site_value = Value::from_serializable(&views.site_view());
        Renderer { theme: input.theme, views, jobs, site_value, made: &input.made.0[lang] }
    }

    fn paper_value(&self, i: usize) -> Value {
        self.made.papers[i]
            .get_or_init(|| Value::from_serializable(&self.views.paper(&self.views.site.papers[i])))
            .clone()
    }

    /// Renders one job: (output file relative to the output root, bytes). Pages of other
    /// languages than the default go under `<code>/`.
    pub fn render(&self, job: &Job) -> Result<(PathBuf, String), Diagnostic> {
        self.render_page(job).map(|(file, page)| (file, page.into_string()))
    }

    /// Renders one job like [`Renderer::render`], a print edition in parts made one at a
    /// time ([`Page::Parts`]) so that it can be written without being whole in memory.
    pub fn render_page(&self, job: &Job) -> Result<(PathBuf, Page<'_>), Diagnostic> {
        let spec = spec(self.views.site, job);
        let page = self.render_job(job, &spec)?;
        if self.views.lang == 0 {
            Ok((spec.file(), page))
        } else {
            Ok((PathBuf::from(&self.views.language().code).join(spec.file()), page))
        }
    }

    /// A job's content: its page through its template ([`Spec::template`]) with the page's
    /// values, or a machine-readable file.
    fn render_job(&self, job: &Job, spec: &Spec) -> Result<Page<'_>, Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let path = &spec.url;
        let mut cx = Context::new();
        cx.insert_value("site", self.site_value.clone());
        cx.insert("lang", &v.language().code);
        match job {
            Job::Doc(id) => self.doc_values(*id, &mut cx),
            Job::Forums(n) => {
                let total = page_count(site.forums.len(), site.config.list_per_page);
                cx.insert("page", &v.meta(self.list_title(v.t_shown("forums"), *n, total), path, "forums", None));
                cx.insert("groups", &self.forum_days(*n));
                cx.insert("pager", &self.pager("/forums/", *n, total));
            }
            Job::Speakers(n) => {
                let total = page_count(site.speakers.len(), site.config.list_per_page);
                cx.insert("page", &v.meta(self.list_title(v.t_shown("speakers"), *n, total), path, "speakers", None));
                let order = self.made.speaker_order.get_or_init(|| v.speaker_order());
                cx.insert("letters", &v.speaker_groups(order, *n, site.config.list_per_page));
                cx.insert("pager", &self.pager("/speakers/", *n, total));
            }
            Job::Papers => {
                let ids: Vec<DocId> = site.papers.iter().map(|p| p.index).collect();
                cx.insert("page", &v.meta(v.t_shown("papers"), path, "papers", None));
                cx.insert("papers", &v.cards(&ids));
            }
            Job::NewsPage(n) => {
                let per = site.config.news_per_page;
                let total = site.news.len().div_ceil(per).max(1);
                let items = &site.news[(n - 1) * per..(n * per).min(site.news.len())];
                let title = if *n == 1 {
                    v.t_shown("news")
                } else {
                    let (n, total) = (v.number(*n as u64), v.number(total as u64));
                    v.t_shown_with("news_page_title", &[("n", &n), ("total", &total)])
                };
                cx.insert("page", &v.meta(title, path, "news", None));
                cx.insert("items", &v.cards(items));
                cx.insert("pager", &self.pager("/news/", *n, total));
            }
            Job::Taxonomy(t) => {
                let mut terms: Vec<TermView> = t
                    .terms(site)
                    .iter()
                    .map(|(slug, term)| TermView {
                        label: self.term_label(*t, slug, term),
                        url: v.url(&format!("/{}/{slug}/", t.key())),
                        count: v.number(term.docs.len() as u64),
                    })
                    .collect();
                // by the name shown, in the language's order (a topic's address is the
                // original's word, which says nothing of its place in another language)
                // (the words, not the marks of a word in another language)
                terms.sort_by(|a, b| {
                    v.dates.compare(&crate::i18n::marks::strip(&a.label), &crate::i18n::marks::strip(&b.label))
                });
                cx.insert("page", &v.meta(v.t_shown(t.key()), path, t.key(), None));
                cx.insert("terms", &terms);
            }
            Job::Term(t, slug, n) => {
                let first = format!("/{}/{slug}/", t.key());
                let term = &t.terms(site)[slug];
                let per = site.config.list_per_page;
                let total = page_count(term.docs.len(), per);
                cx.insert(
                    "page",
                    &v.meta(self.list_title(self.term_label(*t, slug, term), *n, total), path, t.key(), None),
                );
                cx.insert(
                    "taxonomy",
                    &LinkView { label: v.t_shown(t.key()), url: Some(v.url(&format!("/{}/", t.key()))) },
                );
                cx.insert("items", &v.cards(jobs::page_slice(&term.docs, *n, per)));
                cx.insert("pager", &self.pager(&first, *n, total));
            }
            Job::DefaultHome => {
                // the description in the page's language (`meta` falls back to the site's)
                // and the site's title in the page's language (`og:title`, as `<title>` has it)
                let mut meta = v.meta(v.site_title(), path, "home", None);
                meta.jsonld = Some(crate::outputs::jsonld::script_safe(&v.summit_event()));
                cx.insert("page", &meta);
                cx.insert_value("content", Value::safe_string(""));
                cx.insert("toc", &Vec::<crate::markdown::TocEntry>::new());
                self.home_lists(&mut cx);
            }
            Job::NotFound => {
                cx.insert("page", &v.meta(v.t_shown("page_not_found"), path, "", None));
                cx.insert("search_url", &v.url("/search/"));
            }
            Job::Alias(id, _) => cx.insert("page", &v.doc_meta(*id)),
            Job::Search => {
                cx.insert("page", &v.meta(v.t_shown("search"), path, "search", None));
                let base = &site.config.base_path;
                cx.insert("index_url", &crate::markdown::join_base(base, &format!("/search/{}/", v.language().code)));
                cx.insert("script_url", &crate::markdown::join_base(base, "/search.js"));
                cx.insert("page_script_url", &crate::markdown::join_base(base, "/search-page.js"));
                cx.insert("hans_url", &crate::markdown::join_base(base, "/search-hans.js"));
                cx.insert("search_url", &v.url("/search/"));
                let lang = &v.language().code;
                if let Some((_, name)) = crate::search::text::algorithm(lang) {
                    cx.insert("stemmer_url", &crate::markdown::join_base(base, &format!("/stem/{name}.js")));
                }
                cx.insert("search_strings", &search_strings(v));
            }
            Job::Programme => {
                let view = |s: &crate::programme::Session| v.session_view(s);
                let mut days = crate::programme::days(v.programme, &site.config.event.rooms, &view);
                for d in &mut days {
                    if let Ok(date) = crate::types::Date::parse(&d.date) {
                        d.label = v.date(date);
                    }
                    // times on the language's clock, rooms by their names in the language
                    for r in &mut d.ticks {
                        if let Ok(t) = crate::types::Time::parse(&r.time) {
                            r.time = v.time_range_shown(t, None);
                        }
                    }
                    for g in &mut d.gaps {
                        g.time = v.time_range_shown(g.from, Some(g.to));
                    }
                    for c in &mut d.columns {
                        c.label =
                            if c.to_be_announced { v.t_shown("programme_room_tba") } else { v.room_shown(&c.label) };
                    }
                }
                cx.insert("page", &v.meta(v.t_shown("programme"), path, "programme", None));
                // the legend: each session type the programme holds, in order of first appearance
                let mut legend: Vec<(&str, String)> = Vec::new();
                for s in &v.programme.sessions {
                    let kind = crate::render::views::session_kind(s.kind);
                    if !legend.iter().any(|(k, _)| *k == kind) {
                        legend.push((kind, v.session_label_shown(s.kind)));
                    }
                }
                cx.insert("days", &days);
                let legend: Vec<serde_json::Value> = legend
                    .into_iter()
                    .map(|(kind, label)| serde_json::json!({ "kind": kind, "label": label }))
                    .collect();
                cx.insert("legend", &legend);
                cx.insert("unscheduled", &v.cards(&v.programme.unscheduled));
                cx.insert("timezone", &v.programme.clock.name);
            }
            // machine-readable files
            Job::Calendar(forum) => return Ok(v.calendar(*forum).into()),
            Job::Atom => return Ok(v.atom().into()),
            Job::Schedule => return Ok(v.schedule_json().into()),
            Job::Robots => return Ok(v.robots().into()),
            Job::Sitemap | Job::SitemapPart(_) => {
                let pages: Vec<_> = self.jobs.iter().filter_map(|j| jobs::sitemap_entry(site, v, j)).collect();
                let per = site.config.sitemap_urls_per_file;
                let parts = page_count(jobs::sitemap_urls(site, self.jobs), per);
                return Ok(match job {
                    Job::SitemapPart(k) => v.sitemap_part(&pages, *k, per),
                    _ if parts > 1 => v.sitemap_index(parts),
                    _ => v.sitemap(&pages),
                }
                .into());
            }
            Job::PaperPrint(i) => return self.print_page(*i, path, cx, spec.template.unwrap_or_default()),
            Job::PaperBib(i) | Job::PaperRis(i) => {
                let cite = v.paper_cite(&site.papers[*i]);
                return Ok(match (job, cite) {
                    (Job::PaperBib(_), Some(c)) => c.bibtex,
                    (_, Some(c)) => c.ris,
                    (_, None) => String::new(),
                }
                .into());
            }
        }
        // room for the page's body and its frame at once (tera's own start, the template's
        // size, grew most pages' buffers a few times over)
        let body = match job {
            Job::Doc(id) => v.docs.get(*id).map_or(0, |d| d.body.html.len()),
            _ => 0,
        };
        let page = capped::render(self.theme, spec.template.unwrap_or_default(), &cx, body + PAGE_FRAME_BYTES)?;
        Ok(Page::Whole(page))
    }

    /// `template` rendered with `cx`; its errors located in the template file.
    fn template(&self, template: &str, cx: &Context) -> Result<String, Diagnostic> {
        let page = capped::render(self.theme, template, cx, PAGE_FRAME_BYTES)?;
        // (tera writes text only)
        Ok(String::from_utf8(page).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// This language's code, which names its search index's folder (`search/<code>/`).
    pub fn search_language(&self) -> &str {
        &self.views.language().code
    }

    /// The search entries of the documents `ids` (originals, in order) in this language;
    /// section `i` of document `d` reads its text from `text(d, i)`.
    pub fn search_entries<'t>(
        &self,
        ids: std::ops::Range<DocId>,
        text: SectionTexts<'t>,
    ) -> Vec<crate::search::Entry<'t>>
    where
        'a: 't,
    {
        self.views.search_entries(ids, text)
    }

    /// The documents whose sections [`Renderer::search_entries`] of `ids` reads (the ones
    /// shown in this language).
    pub fn search_reads(&self, ids: std::ops::Range<DocId>) -> impl Iterator<Item = DocId> + '_ {
        ids.map(|id| self.views.shown(id))
    }
}

/// The texts `search.js` shows, in the page's language, as JSON for a `<script>` element:
/// status lines (and the line of a query answered for its nearest words, "Showing results for
/// {query}.", with its link to the query as typed), the result count for each plural category the language's strings have
/// (`search_count_<category>`, chosen in the browser by `Intl.PluralRules`), the name of
/// each kind of result, and for each other language of the site (a result written in it: an
/// untranslated original) its direction and the note saying so ("In English").
fn search_strings(v: &views::Views) -> String {
    use crate::outputs::jsonld::Ld;
    let (strings, lang) = (v.strings, v.language().code.as_str());
    let get = |name: &'static str, key: &str| strings.get(lang, key).map(|s| (name, Ld::str(s)));
    let mut fields: Vec<(&'static str, Ld)> = [
        ("searching", "search_searching"),
        ("none", "search_no_results"),
        ("stop", "search_only_common_words"),
        ("error", "search_error"),
        ("more", "search_show_more"),
        ("elsewhere", "search_elsewhere"),
        ("corrected", "search_corrected"),
        ("as_typed", "search_as_typed"),
    ]
    .into_iter()
    .filter_map(|(name, key)| get(name, key))
    .collect();
    let count = ["zero", "one", "two", "few", "many", "other"];
    fields.push(("count", Ld::Obj(count.into_iter().filter_map(|c| get(c, &format!("search_count_{c}"))).collect())));
    let kinds = ["forum", "speaker", "news", "paper", "chapter", "page"];
    fields.push(("kinds", Ld::Obj(kinds.into_iter().filter_map(|k| get(k, &format!("search_kind_{k}"))).collect())));
    // `[[code, dir, note], …]`
    let others = v.site.config.languages.iter().filter(|l| l.code != lang).map(|l| {
        // named in the page's language: "الإنجليزية", not "English"
        let name = v.dates.language(&l.code).unwrap_or_else(|| l.name.clone());
        let note = v.t_with("search_in_language", &[("language", &name)]);
        Ld::List(vec![Ld::str(l.code.as_str()), Ld::str(views::dir_name(l.direction)), Ld::str(note)])
    });
    fields.push(("languages", Ld::List(others.collect())));
    crate::outputs::jsonld::script_safe(&Ld::Obj(fields))
}
