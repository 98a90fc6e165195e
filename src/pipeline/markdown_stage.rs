//! The Markdown stage: every document's body rendered in parallel (with the paper pass for
//! paper pages), reusing a previous result's where nothing it depends on changed, and the
//! check that every `#anchor` a link names exists.

use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::graph::{DocId, Site};
use crate::highlight::Highlighter;
use crate::load::Asset;
use crate::markdown::{self, TocEntry};
use crate::paper;

use super::papers::{prepare_papers, PaperPasses};
use super::reserved::Reserved;
use super::{PaperPass, Prepared};
use crate::doc_result::DocResult;

/// Documents whose section texts share one buffer in a one-off build (about 1 MiB of text at
/// the bench corpus's 4 KB a document).
const SHARED_TEXTS: usize = 256;

/// A document's rendered Markdown: new, or the previous result's.
enum Reuse {
    Fresh(markdown::Rendered<DocId>, Vec<Diagnostic>),
    Same(DocResult),
}

/// Whether document `id` has the same text in `site` as in the previous result `p`.
fn same_text(p: &Prepared, site: &Site, id: DocId) -> bool {
    let (old, new) = (&p.site.docs[id], &site.docs[id]);
    Arc::ptr_eq(old, new) || (old.text == new.text && old.body_line == new.body_line)
}

/// The papers' pass one (numbering, cross-references, citations), which the bodies of their
/// pages need: reused from `previous` per paper where no page of the paper and not its
/// bibliography changed, and per page where that page is unchanged.
pub(super) fn paper_pass(
    site: &Site,
    bibliographies: Vec<Option<Arc<str>>>,
    previous: Option<&Prepared>,
    reserved: &Reserved,
    strings: Option<&crate::i18n::Strings>,
) -> PaperPasses {
    // which pages of each paper are unchanged, in an unchanged place (none when the paper's
    // list of pages changed)
    let unchanged: Vec<Vec<bool>> = site
        .papers
        .iter()
        .enumerate()
        .map(|(k, entry)| match previous.filter(|p| p.site.papers.get(k) == Some(entry)) {
            Some(p) => entry.pages().map(|id| same_text(p, site, id)).collect(),
            None => Vec::new(),
        })
        .collect();
    // a paper's pass is reused only when all its pages are unchanged and its bibliography is
    // the same; otherwise pass one of each unchanged page is
    let reuse: Vec<Option<&PaperPass>> = unchanged
        .iter()
        .enumerate()
        .map(|(k, same)| {
            let p = previous?;
            let whole =
                !same.is_empty() && same.iter().all(|&s| s) && p.paper_passes[k].bibliography == bibliographies[k];
            whole.then_some(&p.paper_passes[k])
        })
        .collect();
    let scanned: Vec<Vec<Option<Arc<paper::Scan>>>> = unchanged
        .iter()
        .enumerate()
        .map(|(k, same)| {
            let Some(p) = previous else { return Vec::new() };
            same.iter()
                .enumerate()
                .map(|(n, &s)| s.then(|| p.paper_passes[k].scans.get(n).cloned()).flatten())
                .collect()
        })
        .collect();
    // the theme's strings (the words the pass writes) never change with a previous result in
    // play: serve rebuilds everything after an edit of them
    prepare_papers(site, bibliographies, &reuse, previous, &scanned, reserved, strings)
}

/// Renders every document's Markdown in parallel, given the papers' pass one, reusing
/// `previous` where the text is the same (for paper pages: where their pass-two state came
/// out the same). Returns each document's result (a reused one keeps its body's `Arc`) and
/// each paper's pass. Relative targets naming one of `assets` (the co-located files) are
/// written as that file's address. With `let_go` (a one-off build, whose site alone holds its
/// documents), each document's text is taken out (the paper pass has read it) and dropped
/// once its body is rendered, so the bodies' HTML takes the sources' place in memory
/// ([`crate::model::Doc::take_text`]). Headings' ids made from their text never take one of
/// `reserved`: `previous` must have been rendered with the same theme's ids.
#[allow(clippy::too_many_arguments, reason = "the stage's inputs, each from another earlier stage")]
pub(super) fn render_markdown(
    site: &mut Site,
    papers: PaperPasses,
    assets: &[Asset],
    previous: Option<&Prepared>,
    let_go: bool,
    highlighter: &Highlighter,
    reserved: &Reserved,
    strings: Option<&crate::i18n::Strings>,
) -> (Vec<DocResult>, Vec<PaperPass>) {
    let PaperPasses { exts, references, passes } = papers;
    let texts: Vec<Option<String>> = match let_go {
        true => site.docs.iter_mut().map(|d| Arc::get_mut(d).map(crate::model::Doc::take_text)).collect(),
        false => vec![None; site.docs.len()],
    };
    let site = &*site;
    // a page of a paper whose pass ran again is reused when its pass-two state came out the
    // same (and, for the last page, the reference list)
    let mut paper_same = vec![true; site.docs.len()];
    for (k, entry) in site.papers.iter().enumerate() {
        let last = entry.chapters.last().copied().unwrap_or(entry.index);
        for id in entry.pages() {
            paper_same[id] = previous.is_some_and(|p| {
                p.docs[id].paper == exts[id] && (id != last || p.paper_passes[k].references == passes[k].references)
            });
        }
        // each translated page, by its pass-two state and the reference list it ends with
        let translated =
            |pass: &PaperPass, id: DocId| pass.translated_references.iter().find(|(t, _)| *t == id).cloned();
        let translations = entry
            .pages()
            .flat_map(|o| site.variants.get(o).into_iter().flatten().flatten().copied().filter(move |&t| t != o));
        for id in translations {
            paper_same[id] = previous.is_some_and(|p| {
                p.paper_passes.get(k).is_some_and(|old| translated(old, id) == translated(&passes[k], id))
                    && p.docs.get(id).is_some_and(|d| d.paper == exts[id])
            });
        }
    }
    let resolve = |target: &str| crate::graph::resolve_content_link(site, target);
    // the theme's string `key` in each language (a document's is its language's)
    let in_each_language = |key: &str, fallback: &str| -> Vec<String> {
        let code =
            |l: &crate::config::Language| strings.and_then(|s| s.get(&l.code, key)).unwrap_or(fallback).to_string();
        site.config.languages.iter().map(code).collect()
    };
    // a table's region's name, and a footnote's link back to the text
    let table_labels = in_each_language("table_region", "Table");
    let back_labels = in_each_language("footnote_back", "Back to the text");
    let files: BTreeSet<&Path> = assets.iter().map(|a| a.rel.as_path()).collect();
    let render_one = |(id, text): (DocId, Option<String>)| {
        let d = &site.docs[id];
        let reserved = reserved.of(&d.data);
        if let Some(p) = previous.filter(|p| paper_same[id] && same_text(p, site, id)) {
            return Reuse::Same(p.docs[id].clone());
        }
        let bound =
            exts[id].as_deref().map(|ext| paper::Bound { ext, path: &d.path, body_line: d.body_line, reserved });
        // a translation links to the same language's pages, and its anchors are checked there
        let lang = site.lang_of[id];
        let in_language = |target: &str| -> Result<(String, DocId), (&'static str, String)> {
            resolve(target).map(|(url, orig)| {
                if lang == 0 {
                    return (url, orig);
                }
                let shown = site.variants[orig][lang].unwrap_or(orig);
                (format!("/{}{url}", site.config.languages[lang].code), shown)
            })
        };
        // files are copied once for every language: no language prefix
        let folder = d.path.parent().and_then(|p| p.strip_prefix("content").ok()).unwrap_or(Path::new(""));
        let colocated = |target: &str| colocated_address(&files, folder, target);
        let cx = markdown::Context {
            path: &d.path,
            body_line: d.body_line,
            base_path: &site.config.base_path,
            this: id,
            resolve: &in_language,
            colocated: &colocated,
            ext: bound.as_ref().map(|b| b as &dyn markdown::Extension),
            highlighter,
            reserved,
            table_label: &table_labels[lang],
            note_back_label: &back_labels[lang],
        };
        let mut diags = Vec::new();
        let body = text.as_deref().map_or_else(|| d.body(), |t| &t[d.body.clone()]);
        let r = markdown::render(body, &cx, &mut diags);
        Reuse::Fresh(r, diags)
    };
    // a run of documents at a time, whose section texts a one-off build then puts in one
    // buffer: it lets the texts go as the search index is made while the bodies stay, and so
    // gives back whole blocks (serve keeps both, and each body's texts are its own)
    let mut rendered: Vec<Reuse> = texts
        .into_par_iter()
        .enumerate()
        .chunks(SHARED_TEXTS)
        .flat_map_iter(|run| {
            let mut run: Vec<Reuse> = run.into_iter().map(render_one).collect();
            if let_go {
                share_texts(&mut run);
            }
            run
        })
        .collect();
    for (id, html) in references {
        if let Reuse::Fresh(r, _) = &mut rendered[id] {
            r.html.push_str(&html);
            r.anchors.insert(paper::REFERENCES_ID.into());
            // each entry's id too: a page shown untranslated links to the language's entry
            // only where the language's page has it (`render::relink`)
            r.anchors.extend(super::papers::reference_ids(&html).into_iter().map(str::to_string));
            r.toc.push(TocEntry {
                level: 2,
                id: paper::REFERENCES_ID.into(),
                title: references_heading(&html),
                children: Vec::new(),
            });
        }
    }
    let docs = rendered
        .into_iter()
        .zip(exts)
        .map(|(r, paper)| match r {
            // the same body; the pass-two state is the new one (equal to the old)
            Reuse::Same(old) => DocResult { paper, ..old },
            Reuse::Fresh(body, diags) => DocResult { body: Arc::new(body), diagnostics: Arc::new(diags), paper },
        })
        .collect();
    (docs, passes)
}

/// The text of a reference list's heading (the theme's `references`, in the page's language),
/// for the table of contents.
fn references_heading(html: &str) -> String {
    let opening = format!("<h2 id=\"{}\">", paper::REFERENCES_ID);
    let text = html.split_once(&opening).and_then(|(_, rest)| rest.split_once("</h2>")).map_or("", |(t, _)| t);
    markdown::visible_text(text)
}

/// Puts the section texts of the documents rendered afresh in `run` in one buffer.
fn share_texts(run: &mut [Reuse]) {
    let mut sections: Vec<&mut markdown::SectionText> = run
        .iter_mut()
        .filter_map(|r| match r {
            Reuse::Fresh(body, _) => Some(body.sections.iter_mut()),
            Reuse::Same(_) => None,
        })
        .flatten()
        .collect();
    markdown::share_section_texts(&mut sections);
}

/// The output address of the co-located file `target` (relative to the document's folder
/// under `content/`) names, if it is one of `files`.
fn colocated_address(files: &BTreeSet<&Path>, folder: &Path, target: &str) -> Option<String> {
    // the link is an address: `my%20chart.png` names the file `my chart.png`
    let target = crate::linkcheck::percent_decode(target);
    let mut rel = folder.to_path_buf();
    for c in Path::new(target.as_ref()).components() {
        match c {
            Component::Normal(n) => rel.push(n),
            Component::CurDir => {}
            Component::ParentDir if rel.pop() => {}
            _ => return None,
        }
    }
    // files are published under their names' composed form (`load::link_key`)
    let rel = crate::load::link_key(&rel);
    files
        .contains(rel.as_path())
        .then(|| format!("/{}", crate::linkcheck::path_encode(&rel.to_string_lossy().replace('\\', "/"))))
}

/// Every `#anchor` a link names must exist in its target: a heading of its body, or an id the
/// page around the body has from the theme (`#main`, a paper's `#contents`). Whether the
/// theme's template writes that id on that very page (one may be inside an `{% if %}`) is
/// for the output check, which reads the written page.
pub(super) fn check_anchors(site: &Site, docs: &[DocResult], reserved: &Reserved, diags: &mut Vec<Diagnostic>) {
    let anchors = |id: DocId| &docs[id].body.anchors;
    for (from, r) in docs.iter().enumerate().flat_map(|(id, d)| d.body.anchor_refs.iter().map(move |r| (id, r))) {
        if anchors(r.target).contains(&r.anchor) || reserved.of(&site.doc(r.target).data).contains(&r.anchor) {
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
                diagnostics::did_you_mean(&r.anchor, anchors(r.target).iter().map(String::as_str))
                    .unwrap_or_else(|| "headings get ids from their text, or `{#id}` after the heading".into()),
            ),
        );
    }
}
