//! White papers as scholarly documents: section, figure, table and equation numbering across
//! chapters, cross-references, citations, stable paragraph anchors, math, "cite this" data
//! and the print edition. Plugged into [`crate::markdown`] through its `Extension` hook.
//!
//! A paper is processed in two passes: [`scan`] reads every page of the paper for the labels
//! it defines and the citations it makes; then [`prepare`] resolves labels paper-wide, formats
//! all citations at once (so the style can disambiguate), and hands each page a [`PageExt`]
//! that renders it.

pub mod anchors;
pub mod cite;
pub mod crossref;
mod labels;
pub(crate) mod latex;
mod links;
pub mod math;
pub mod meta;
pub mod numbering;
pub mod print;
mod problem;
pub mod words;
mod xrefs;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Options, Tag, TagEnd};
use rayon::prelude::*;

use crate::diagnostics::{did_you_mean, line_col, Diagnostic};
use crate::markdown::{join_base, Extension};
use crossref::{Item, Labels};
use problem::report;
pub use problem::Problem;

/// The id of a paper's reference list (its heading), on its last page.
pub const REFERENCES_ID: &str = "references";

/// Each label the originals of a paper define → the original's file.
pub type LabelHomes = Arc<BTreeMap<String, std::path::PathBuf>>;

/// How the finding of a cross-reference to no label begins (the label and a backtick follow).
const UNKNOWN_LABEL: &str = "unknown cross-reference label `";

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::highlight::escape_attr(&mut out, s);
    out
}

/// One page of a paper (its landing page or a chapter).
pub struct PageInput<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// The file, for diagnostics.
    pub path: &'a Path,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The page's address below the base URL.
    pub url: &'a str,
    /// Chapter number (1-based); `None` for the landing page.
    pub chapter: Option<usize>,
    /// This page's pass one from an earlier run, when its body, address and place in the
    /// paper are unchanged since.
    pub scanned: Option<Arc<Scan>>,
    /// The theme's own ids, which headings' ids made from their text keep clear of.
    pub reserved: &'a BTreeSet<String>,
}

/// A paper: its pages in reading order (landing page first) and what applies to all of them.
pub struct PaperInput<'a> {
    /// Landing page, then chapters in order.
    pub pages: Vec<PageInput<'a>>,
    /// The paper folder's address below the base URL (`/papers/<slug>/`).
    pub folder: &'a str,
    /// `/` or `/summit/`.
    pub base_path: &'a str,
    /// The `comment_url` template.
    pub comment_url: Option<&'a str>,
    /// The parsed bibliography, if the paper has one.
    pub library: Option<&'a hayagriva::Library>,
    /// The words the pass writes ("Figure 1.1", "References"), in the pages' language.
    pub words: Arc<words::Words>,
    /// The language of a pass over translated chapters (`None`: the originals'), named in a
    /// comment's `{anchor}` (`zh/introduction/#p-…`): the same paragraph id would otherwise
    /// name a paragraph of the original.
    pub language: Option<&'a str>,
    /// For a pass over translations: each label the originals define → the original's file,
    /// so a label a translation left out is said where the translator finds it.
    pub original_labels: LabelHomes,
    /// The paper names a bibliography that could not be read: that is reported once, at the
    /// file, and its citations are not (each would be an unknown key).
    pub unreadable_bibliography: bool,
}

/// What pass one learns from a page. Pass two of every page of a paper is a function of its
/// pages' scans, addresses and chapter numbers, the paper's settings and its bibliography.
#[derive(Debug)]
pub struct Scan {
    defs: Vec<numbering::LabelDef>,
    block_ids: Vec<String>,
    groups: Vec<Vec<Item>>,
}

impl Scan {
    /// The labels the page defines (written `{#…}` or made from a heading's words).
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.defs.iter().map(|d| d.label.as_str())
    }

    /// Whether pass two comes out the same after this scan as after `other`: the same labels
    /// (what each points at, written or derived), block ids and citation groups. Where a
    /// label is defined may differ: that places only the findings of a label defined twice,
    /// and when a pass had no findings, the same labels give none either.
    pub fn same_outcome(&self, other: &Scan) -> bool {
        self.block_ids == other.block_ids
            && self.groups == other.groups
            && self.defs.len() == other.defs.len()
            && self
                .defs
                .iter()
                .zip(&other.defs)
                .all(|(a, b)| (&a.label, &a.target, a.explicit) == (&b.label, &b.target, b.explicit))
    }
}

fn parse(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let opts = crate::markdown::options() | Options::ENABLE_MATH;
    numbering::merge_text(crate::markdown::events(body, opts), body)
}

/// Pass one over a page: labels it defines, ids of its blocks, citation groups in order.
pub fn scan(page: &PageInput) -> Scan {
    let events = parse(page.body);
    // pass one keeps the labels, not the words it writes
    let words = words::Words::default();
    let p = numbering::Page { chapter: page.chapter, url: page.url, reserved: page.reserved, words: &words };
    let (events, defs) = numbering::number_blocks(events, &p, &mut Vec::new());
    let block_ids = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Html(h) => block_id(h),
            _ => None,
        })
        .collect();
    let mut groups = Vec::new();
    for_each_text(&events, |t, _| {
        for g in crossref::citations(t) {
            if !g.items.iter().all(|i| crossref::is_label(&i.key)) {
                groups.push(g.items);
            }
        }
    });
    Scan { defs, block_ids, groups }
}

/// The id of a figure, table or equation wrapper written by [`numbering`].
fn block_id(html: &str) -> Option<String> {
    let is_block = ["<figure class=", "<div class=\"table-figure\"", "<div class=\"equation\""]
        .iter()
        .any(|p| html.starts_with(p));
    let rest = html.split_once(" id=\"")?.1;
    is_block.then(|| rest.split('"').next().unwrap_or_default().replace("&quot;", "\""))
}

/// Calls `f` with every text event outside code blocks and image descriptions.
fn for_each_text(events: &[(Event, Range<usize>)], mut f: impl FnMut(&str, &Range<usize>)) {
    let mut skip = 0usize;
    for (e, r) in events {
        match e {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => skip = skip.saturating_sub(1),
            Event::Text(t) if skip == 0 => f(t, r),
            _ => {}
        }
    }
}

/// The paper after both passes: one renderer per page, the reference list, and errors
/// (labels defined twice).
pub struct Prepared {
    /// One per page, in the order of [`PaperInput::pages`].
    pub pages: Vec<PageExt>,
    /// The reference list's HTML (a `<section>`), to append to the last page.
    pub references: Option<String>,
    /// Content errors found across pages.
    pub diagnostics: Vec<Diagnostic>,
    /// Pass one of each page, for [`PageInput::scanned`] next time.
    pub scans: Vec<Arc<Scan>>,
}

/// Runs pass one on every page and resolves what is paper-wide.
pub fn prepare(paper: &PaperInput) -> Prepared {
    let scans: Vec<Arc<Scan>> =
        paper.pages.par_iter().map(|p| p.scanned.clone().unwrap_or_else(|| Arc::new(scan(p)))).collect();
    let chapters = paper.pages.iter().filter_map(|p| Some((p.chapter?, p.url)));
    let (labels, twice) = labels::resolve(scans.iter().map(|s| s.defs.as_slice()), chapters);
    let diagnostics = twice
        .into_iter()
        .map(|t| {
            let page = &paper.pages[t.page];
            let (l, c) = pos(page, t.def.offset);
            let first = &paper.pages[t.first_page];
            let first_line = scans[t.first_page]
                .defs
                .iter()
                .find(|d| d.label == t.def.label)
                .map_or(String::new(), |d| format!(":{}", pos(first, d.offset).0));
            Diagnostic::error(page.path, l, c, format!("label `{}` is defined twice in this paper", t.def.label))
                .with_help(format!(
                    "it is also defined at {}{first_line}; labels must be unique across the paper's chapters",
                    first.path.display()
                ))
        })
        .collect();
    let labels = Arc::new(labels);
    let refs_page = paper.pages.last().map_or(paper.folder, |p| p.url);
    let refs_href = join_base(paper.base_path, refs_page);
    let all_groups: Vec<Vec<Item>> = scans.iter().flat_map(|s| s.groups.iter().cloned()).collect();
    let (mut citations, references) = match paper.library {
        Some(lib) => {
            let f = cite::format(lib, &all_groups);
            (f.citations.into_iter(), f.references)
        }
        None => (Vec::new().into_iter(), Vec::new()),
    };
    let keys: Arc<BTreeSet<String>> =
        Arc::new(paper.library.map(|l| l.iter().map(|e| e.key().to_string()).collect()).unwrap_or_default());
    let pages = paper
        .pages
        .iter()
        .zip(&scans)
        .map(|(p, s)| {
            let mine: Vec<String> =
                s.groups.iter().map(|_| links::cite_links(&citations.next().unwrap_or_default(), &refs_href)).collect();
            PageExt {
                chapter: p.chapter,
                url: p.url.to_string(),
                folder: paper.folder.to_string(),
                base_path: paper.base_path.to_string(),
                rel: {
                    let rel = p.url.strip_prefix(paper.folder).unwrap_or_default();
                    paper.language.map_or_else(|| rel.to_string(), |code| format!("{code}/{rel}"))
                },
                comment_url: paper.comment_url.map(str::to_string),
                words: Arc::clone(&paper.words),
                original_labels: Arc::clone(&paper.original_labels),
                labels: Arc::clone(&labels),
                citations: mine,
                keys: Arc::clone(&keys),
                has_bibliography: paper.library.is_some(),
                unreadable_bibliography: paper.unreadable_bibliography,
                block_ids: s.block_ids.clone(),
            }
        })
        .collect();
    let references = (!references.is_empty()).then(|| {
        let items: String = references
            .iter()
            .map(|(k, h)| format!("<li id=\"ref-{}\" dir=\"auto\">{h}</li>\n", escape(k)))
            .collect();
        format!(
            "<section class=\"references\" aria-labelledby=\"{REFERENCES_ID}\">\n<h2 id=\"{REFERENCES_ID}\">{}</h2>\n<ol class=\"reference-list\">\n{items}</ol>\n</section>\n",
            paper.words.html("references", escape(&paper.words.references))
        )
    });
    Prepared { pages, references, diagnostics, scans }
}

fn pos(page: &PageInput, offset: usize) -> (usize, usize) {
    let (l, c) = line_col(page.body, offset);
    (l + page.body_line - 1, c)
}

/// Lets `pages` (one paper's, from [`prepare`]) share `previous`'s paper-wide tables when
/// they are equal, so comparing each page with its previous state is cheap.
pub fn share_tables(pages: &mut [PageExt], previous: &PageExt) {
    let Some(first) = pages.first() else { return };
    let labels = (first.labels == previous.labels).then(|| previous.labels.clone());
    let keys = (first.keys == previous.keys).then(|| previous.keys.clone());
    for p in pages {
        if let Some(l) = &labels {
            p.labels = l.clone();
        }
        if let Some(k) = &keys {
            p.keys = k.clone();
        }
    }
}

/// Renders one page of a paper (pass two): numbering, cross-references, citations, math,
/// paragraph anchors. Two equal `PageExt`s render the same text the same way.
#[derive(Debug, PartialEq)]
pub struct PageExt {
    chapter: Option<usize>,
    url: String,
    folder: String,
    base_path: String,
    rel: String,
    comment_url: Option<String>,
    words: Arc<words::Words>,
    original_labels: LabelHomes,
    labels: Arc<Labels>,
    citations: Vec<String>,
    keys: Arc<BTreeSet<String>>,
    has_bibliography: bool,
    unreadable_bibliography: bool,
    block_ids: Vec<String>,
}

impl PageExt {
    /// The target of a cross-reference and its address from this page; `None`, with the
    /// problem told, when the label names none.
    fn xref(&self, item: &Item, offset: usize, problems: &mut Vec<Problem>) -> Option<(&crossref::Target, String)> {
        let Some(t) = self.labels.get(&item.key) else {
            let prefix = item.key.split(':').next().unwrap_or_default();
            let same_kind = self.labels.keys().filter(|k| k.starts_with(prefix)).map(String::as_str);
            let original = self.original_labels.get(&item.key).map(|file| {
                format!(
                    "{} defines it (`{{#{}}}`); write that label on the same heading, figure, table or formula of this translation",
                    file.display(),
                    item.key
                )
            });
            problems.push(Problem::new(
                offset,
                format!("{UNKNOWN_LABEL}{}`", item.key),
                original.or_else(|| did_you_mean(&item.key, same_kind)).unwrap_or_else(|| {
                    "label a heading `## Title {#sec:name}`, a figure or formula with `{#fig:name}`/`{#eq:name}` after it, a table with `Table: Caption {#tbl:name}` before it".into()
                }),
            ));
            return None;
        };
        if let Some(also) = &t.also {
            problems.push(Problem::new(
                offset,
                format!("cross-reference `{}` could name two places: {} and {also}", item.key, t.text()),
                "the label is made of a heading's words, which name both: write a label on the one you mean \
                 (`## Title {#sec:name}`) and refer to that"
                    .to_string(),
            ));
            return None;
        }
        let href = if t.page == self.url {
            format!("#{}", t.id)
        } else {
            let mut h = join_base(&self.base_path, &t.page);
            if !t.id.is_empty() {
                h.push('#');
                h.push_str(&t.id);
            }
            h
        };
        Some((t, href))
    }

    /// Citations, cross-references and math in running text.
    fn inline<'e>(
        &self,
        events: Vec<(Event<'e>, Range<usize>)>,
        body: &str,
        problems: &mut Vec<Problem>,
    ) -> Vec<(Event<'e>, Range<usize>)> {
        let mut out = Vec::with_capacity(events.len());
        let mut skip = 0usize;
        let mut cite_no = 0usize;
        for (at, err) in math::unparsed_formulas(body) {
            problems.push(Problem::new(
                at,
                format!("this formula is not valid LaTeX: {err}"),
                "balance every `{` with a `}` (write a literal brace as `\\{` or `\\}`)",
            ));
        }
        // inside a link's text a citation or cross-reference is no link of its own (a link in
        // a link is no HTML)
        let mut in_link = 0usize;
        // whether the text reached begins a sentence (a cross-reference there takes a capital)
        // (a heading's number, which the numbering wrote in a `secno` span, aside)
        let (mut sentence, mut number) = (true, false);
        for (e, r) in events {
            let at_start = sentence;
            sentence = match &e {
                Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => true,
                Event::Html(h) | Event::InlineHtml(h) => {
                    number = h.starts_with("<span class=\"secno\">");
                    at_start
                }
                Event::Text(_) if std::mem::take(&mut number) => at_start,
                Event::Text(t) => xrefs::starts_sentence(t, at_start),
                Event::Start(_) | Event::End(_) | Event::SoftBreak | Event::HardBreak => at_start,
                // a note's mark after a sentence's end (`Fin.[^1] [@sec:a] montre`)
                Event::FootnoteReference(_) => at_start,
                _ => false,
            };
            match &e {
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => skip += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::Image) => skip = skip.saturating_sub(1),
                Event::Start(Tag::Link { .. }) => in_link += 1,
                Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
                Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                    let block = matches!(e, Event::DisplayMath(_));
                    let (m, err) = math::to_mathml(tex, block);
                    if let Some(err) = err {
                        problems.push(Problem::new(
                            r.start,
                            format!("this formula is not valid LaTeX: {err}"),
                            "plenary renders `$…$` with pulldown-latex, which understands most of LaTeX's math mode",
                        ));
                    }
                    out.push((Event::InlineHtml(CowStr::from(m)), r));
                    continue;
                }
                Event::Text(t) if skip == 0 => {
                    // `[see @doe2021]`, `[@a p. 3]`: brackets plenary does not read as a
                    // group; published as typed, the brackets and the key in the text
                    if let Some((at, key)) =
                        crossref::cited_inside_words(t, |k| self.keys.contains(k) || crossref::is_label(k))
                    {
                        let offset =
                            body.get(r.clone()).and_then(|s| s.find(&t[at..at + 2])).map_or(r.start, |o| r.start + o);
                        problems.push(Problem::new(
                            offset,
                            format!("`@{key}` is inside brackets with other words, which plenary does not read as a citation"),
                            "write the words outside the brackets (`see [@key]`); a group is `[@a]`, `[@a, p. 12]` or `[@a; @b]`",
                        ));
                    }
                    let groups = crossref::citations(t);
                    if !groups.is_empty() {
                        let mut last = 0;
                        // where each group is written, after the one before it (the first
                        // `@key` of the text placed a second group naming it at the first)
                        let mut cursor = 0;
                        for g in groups {
                            let written = &t[g.range.clone()];
                            let offset = body
                                .get(r.clone())
                                .and_then(|s| s.get(cursor..)?.find(written).map(|o| cursor + o))
                                .map(|o| {
                                    cursor = o + written.len();
                                    r.start + o
                                })
                                .or_else(|| {
                                    let s = body.get(r.clone())?;
                                    s.find(&format!("@{}", g.items[0].key)).map(|o| r.start + o.saturating_sub(1))
                                })
                                .unwrap_or(r.start);
                            // an item's own place in its group: `[@a; @fig:nope]` at `@fig:nope`
                            let at_item = |key: &str| {
                                body.get(offset..)
                                    .and_then(|s| s.find(&format!("@{key}")))
                                    .map_or(offset, |o| offset + o)
                            };
                            out.push((Event::Text(CowStr::from(t[last..g.range.start].to_string())), r.clone()));
                            last = g.range.end;
                            let labels = g.items.iter().filter(|i| crossref::is_label(&i.key)).count();
                            let html = if labels == g.items.len() {
                                let found: Vec<_> = g
                                    .items
                                    .iter()
                                    .map(|i| self.xref(i, at_item(&i.key), problems).ok_or(i.key.as_str()))
                                    .collect();
                                let capital = xrefs::starts_sentence(&t[..g.range.start], at_start);
                                xrefs::group(&found, &self.words, capital)
                            } else {
                                if labels > 0 {
                                    problems.push(Problem::new(
                                        offset,
                                        "citations and cross-references are mixed in one `[…]`",
                                        "write them apart: `[@fig:x]` and `[@key]`",
                                    ));
                                }
                                // an `@word` in a sentence naming no work is the word (a
                                // handle, `@home`), not a citation
                                let in_text = g.items.iter().all(|i| i.form == crossref::Form::InText);
                                for i in g.items.iter().filter(|_| !in_text) {
                                    if !self.keys.contains(&i.key)
                                        && !crossref::is_label(&i.key)
                                        && !self.unreadable_bibliography
                                    {
                                        problems.push(self.unknown_key(&i.key, at_item(&i.key)));
                                    }
                                }
                                let html = self.citations.get(cite_no).cloned().unwrap_or_default();
                                cite_no += 1;
                                if html.is_empty() {
                                    escape(&t[g.range.clone()])
                                } else {
                                    html
                                }
                            };
                            let html = if in_link > 0 { links::without_links(&html) } else { html };
                            out.push((Event::InlineHtml(CowStr::from(html)), r.clone()));
                        }
                        out.push((Event::Text(CowStr::from(t[last..].to_string())), r));
                        continue;
                    }
                }
                _ => {}
            }
            out.push((e, r));
        }
        out
    }

    fn unknown_key(&self, key: &str, offset: usize) -> Problem {
        // `@Fig:chart`: a label's kind is written in lower case
        if crossref::is_label(&key.to_lowercase()) && !crossref::is_label(key) {
            let (kind, rest) = key.split_once(':').unwrap_or((key, ""));
            return Problem::new(
                offset,
                format!("unknown citation key `{key}`"),
                format!("a cross-reference's kind is written in lower case: `@{}:{rest}`", kind.to_lowercase()),
            );
        }
        let help = if !self.has_bibliography {
            "this paper has no bibliography: name one with `references: refs.bib` in its _index.md".to_string()
        } else {
            did_you_mean(key, self.keys.iter().map(String::as_str))
                .unwrap_or_else(|| "add the entry to the paper's bibliography file".into())
        };
        Problem::new(offset, format!("unknown citation key `{key}`"), help)
    }
}

/// A page's extension together with where its diagnostics go.
pub struct Bound<'a> {
    /// The paper's pass-two state for this page.
    pub ext: &'a PageExt,
    /// The file.
    pub path: &'a Path,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The theme's own ids, as in pass one ([`PageInput::reserved`]).
    pub reserved: &'a BTreeSet<String>,
}

impl Extension for Bound<'_> {
    fn options(&self) -> Options {
        Options::ENABLE_MATH
    }

    fn before<'e>(
        &self,
        events: Vec<(Event<'e>, Range<usize>)>,
        body: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Event<'e>, Range<usize>)> {
        let x = self.ext;
        let mut problems = Vec::new();
        let page = numbering::Page { chapter: x.chapter, url: &x.url, reserved: self.reserved, words: &x.words };
        let (events, _) = numbering::number_blocks(numbering::merge_text(events, body), &page, &mut problems);
        let events = x.inline(events, body, &mut problems);
        report(problems, body, self.path, self.body_line, diags);
        events
    }

    fn after<'e>(&self, events: Vec<Event<'e>>, anchors: &mut BTreeSet<String>) -> Vec<Event<'e>> {
        anchors.extend(self.ext.block_ids.iter().cloned());
        let links = anchors::Permalinks {
            comment_url: self.ext.comment_url.as_deref(),
            page: &self.ext.rel,
            words: &self.ext.words,
        };
        anchors::add(events, &links, anchors)
    }
}
