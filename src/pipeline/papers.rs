//! The paper-specific steps of the pipeline: finding a paper by slug, reading bibliographies,
//! and the pass over each paper's pages (numbering, cross-references, citations) that the
//! Markdown stage then uses.

use std::path::Path;
use std::sync::Arc;

use hayagriva::Library;

use crate::diagnostics::{self, Diagnostic};
use crate::doc_result::DocResult;
use crate::graph::{DocId, PaperEntry, Site};
use crate::{load, model, paper};

use super::{Failure, Prepared};

/// The `_index.md` of the paper with this slug, or a usage error naming the papers there are.
pub(super) fn find_paper(site: &Site, slug: &str) -> Result<DocId, Failure> {
    let slugs: Vec<&str> = site.papers.iter().map(|p| site.doc(p.index).slug.as_str()).collect();
    match site.find(load::Kind::Paper, slug) {
        Some(id) => Ok(id),
        None => Err(Failure::Io(vec![Diagnostic::error("plenary pdf", 0, 0, format!("no paper `{slug}`")).with_help(
            diagnostics::did_you_mean(slug, slugs.iter().copied())
                .unwrap_or_else(|| format!("the papers are: {}", slugs.join(", "))),
        )])),
    }
}

/// One paper's pass, kept so an incremental rebuild can reuse it: what it was made from (the
/// bibliography's text) and what it reported.
#[derive(Debug, Clone, Default)]
pub struct PaperPass {
    /// The bibliography file's text (`None`: no file named, or it could not be read).
    pub bibliography: Option<Arc<str>>,
    /// Diagnostics of the bibliography and of numbering, cross-references and citations.
    pub diagnostics: Vec<Diagnostic>,
    /// The reference list added to the paper's last page.
    pub references: Option<String>,
    /// Pass one of each page (landing page, then chapters).
    pub scans: Vec<Arc<paper::Scan>>,
    /// The reference list added to each language's last page where that page is a
    /// translation ([`translated_passes`]).
    pub translated_references: Vec<(DocId, String)>,
    /// What the passes over the translations found in them.
    pub translated_diagnostics: Vec<Diagnostic>,
}

/// Reads each paper's `references` file (indexed by the paper's position in `site.papers`).
/// A named file that is missing or unreadable is reported here, on every run.
pub(super) fn read_bibliographies(root: &Path, site: &Site, diags: &mut Vec<Diagnostic>) -> Vec<Option<Arc<str>>> {
    let resolved = load::resolved_root(root);
    site.papers
        .iter()
        .map(|entry| {
            let d = site.doc(entry.index);
            let model::Data::Paper(p) = &d.data else { return None };
            let file = p.references.as_deref()?;
            let shown = d.path.parent().unwrap_or(Path::new("")).join(file);
            let outside = || {
                d.error_at("references", Some(file), format!("bibliography file `{file}` is outside the site's folder"))
                    .with_help("plenary reads nothing outside the site's folder: copy the file next to _index.md and name it relative to it, e.g. `references: refs.bib`")
            };
            // told apart from a missing file only inside the site: a pull request's CI log
            // says nothing of which files the machine has elsewhere (`../../../etc/passwd`)
            let climbs = shown.components().try_fold(0i32, |depth, c| match c {
                std::path::Component::ParentDir if depth == 0 => None,
                std::path::Component::ParentDir => Some(depth - 1),
                std::path::Component::Normal(_) => Some(depth + 1),
                _ => Some(depth),
            });
            if Path::new(file).is_absolute() || file.starts_with('/') || file.starts_with('\\') || climbs.is_none() {
                diags.push(outside());
                return None;
            }
            // a hidden place (`../../../.git/refs.bib`, `.env.bib`) is read by no walk: its
            // text would be published, or echoed in an error's excerpt
            let mut place: Vec<&std::ffi::OsStr> = Vec::new();
            for c in shown.components() {
                match c {
                    std::path::Component::ParentDir => {
                        place.pop();
                    }
                    std::path::Component::Normal(n) => place.push(n),
                    _ => {}
                }
            }
            if place.iter().any(|n| n.to_string_lossy().starts_with('.')) {
                diags.push(
                    d.error_at("references", Some(file), format!("bibliography file `{file}` is a hidden file or in a hidden folder"))
                        .with_help("put the bibliography next to _index.md under a plain name, e.g. `references: refs.bib`"),
                );
                return None;
            }
            if !root.join(&shown).is_file() {
                diags.push(
                    d.error_at("references", Some(file), format!("bibliography file `{file}` does not exist"))
                        .with_help(format!("put it next to _index.md, at {}", shown.display())),
                );
                return None;
            }
            if load::inside_root(&resolved, &root.join(&shown), &shown).is_err() {
                diags.push(outside());
                return None;
            }
            match load::read_content(&root.join(&shown), &shown) {
                Ok((t, warning)) => {
                    diags.extend(warning);
                    Some(Arc::from(t))
                }
                Err(e) => {
                    diags.push(e);
                    None
                }
            }
        })
        .collect()
}

/// Parses a paper's bibliography (`text` read by [`read_bibliographies`]).
fn parse_bibliography(site: &Site, entry: &PaperEntry, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Library> {
    let d = site.doc(entry.index);
    let model::Data::Paper(p) = &d.data else { return None };
    let file = p.references.as_deref()?;
    let shown = d.path.parent().unwrap_or(Path::new("")).join(file);
    match crate::paper::cite::parse(text, file) {
        // an empty file (or one of comments alone) gave an "unknown citation key" per citation
        Ok(lib) if lib.is_empty() => {
            diags.push(
                Diagnostic::error(&shown, 0, 0, "this bibliography holds no entries")
                    .with_help("add the works the paper cites (`@book{key, …}`), or leave out `references:` until it has some; the paper's citations are checked once it has entries"),
            );
            None
        }
        Ok(lib) => Some(lib),
        Err(e) => {
            let d = match e.at {
                Some((line, col)) => Diagnostic::error(&shown, line, col, e.message).with_excerpt_from(text),
                None => Diagnostic::error(&shown, 0, 0, format!("cannot read the bibliography: {}", e.message)),
            };
            diags.push(d.with_help(format!(
                "{}; the paper's citations are checked once the file reads without errors",
                e.help
            )));
            None
        }
    }
}

/// What the paper pass produced: each paper page's extension (`None` for reused papers'
/// pages, which are not rendered again), the reference lists to add to the last page of
/// each paper, and each paper's [`PaperPass`].
pub(super) struct PaperPasses {
    pub exts: Vec<Option<Arc<paper::PageExt>>>,
    pub references: Vec<(DocId, String)>,
    pub passes: Vec<PaperPass>,
}

/// Pass one over every paper whose `reuse` entry is `None`: numbering, cross-references,
/// citations. A paper with `Some(previous)` keeps that pass (its pages and bibliography are
/// unchanged, so the pass would give the same result), and its pages their extensions in
/// the `previous` result. `scanned[k][n]` is the earlier pass one of page `n` of paper `k`,
/// where that page is unchanged. A paper whose changed pages scan as before keeps its
/// previous pass too ([`same_pass`]): editing a paragraph of one chapter of a long paper
/// does not resolve the whole paper's labels and citations again.
pub(super) fn prepare_papers(
    site: &Site,
    bibliographies: Vec<Option<Arc<str>>>,
    reuse: &[Option<&PaperPass>],
    previous: Option<&Prepared>,
    scanned: &[Vec<Option<Arc<paper::Scan>>>],
    reserved: &super::reserved::Reserved,
    strings: Option<&crate::i18n::Strings>,
) -> PaperPasses {
    let words = |lang: usize| {
        let code = &site.config.languages[lang].code;
        let words =
            paper::words::Words::from_strings(code, |key| strings.and_then(|s| s.get(code, key)).map(str::to_string));
        // a word in another language than the pages' (the theme's, else plenary's English)
        // is marked as that language where it is text
        Arc::new(words.with_marks(|key| match strings.filter(|s| s.get(code, key).is_some()) {
            Some(s) => s.mark_of(code, key),
            None => crate::i18n::foreign(code, "en").then(|| ("en".to_string(), "ltr")),
        }))
    };
    let mut exts: Vec<Option<Arc<paper::PageExt>>> = vec![None; site.docs.len()];
    let mut references = Vec::new();
    let mut passes = Vec::with_capacity(site.papers.len());
    for (k, ((entry, bibliography), whole)) in site.papers.iter().zip(bibliographies).zip(reuse).enumerate() {
        let mut pass = original_pass(
            site,
            k,
            entry,
            bibliography,
            *whole,
            previous,
            scanned,
            reserved,
            words(0),
            &mut exts,
            &mut references,
        );
        translated_passes(site, entry, &mut pass, reserved, &words, &mut exts, &mut references);
        passes.push(pass);
    }
    PaperPasses { exts, references, passes }
}

/// The pass over paper `k`'s original pages (see [`prepare_papers`]), filling their
/// extensions in `exts` and the reference list in `references`.
#[allow(clippy::too_many_arguments, reason = "one paper's part of prepare_papers, with its state")]
fn original_pass(
    site: &Site,
    k: usize,
    entry: &PaperEntry,
    bibliography: Option<Arc<str>>,
    whole: Option<&PaperPass>,
    previous: Option<&Prepared>,
    scanned: &[Vec<Option<Arc<paper::Scan>>>],
    reserved: &super::reserved::Reserved,
    words: Arc<paper::words::Words>,
    exts: &mut [Option<Arc<paper::PageExt>>],
    references: &mut Vec<(DocId, String)>,
) -> PaperPass {
    let previous_docs = previous.map(|p| p.docs.as_slice());
    if let (Some(whole), Some(_)) = (whole, previous_docs) {
        for id in entry.pages() {
            exts[id] = old_ext(previous_docs, id);
        }
        return whole.clone();
    }
    let mut diagnostics = Vec::new();
    let library = bibliography.as_deref().and_then(|t| parse_bibliography(site, entry, t, &mut diagnostics));
    let ids: Vec<DocId> = entry.pages().collect();
    let scanned = |n: usize| scanned.get(k).and_then(|s| s.get(n).cloned().flatten());
    let Some(input) = paper_input(
        site,
        entry,
        &ids,
        PassLanguage { base_path: &site.config.base_path, words, code: None, labels: Arc::default() },
        library.as_ref(),
        &scanned,
        reserved,
    ) else {
        return PaperPass { bibliography, diagnostics, ..PaperPass::default() };
    };
    if let Some((earlier, scans)) = previous.and_then(|old| same_pass(old, site, k, &input, &bibliography)) {
        // every page's pass-two state is as before; the changed pages render again
        for id in entry.pages() {
            exts[id] = old_ext(previous_docs, id);
        }
        if let (Some(html), Some(&last)) = (&earlier.references, ids.last()) {
            references.push((last, html.clone()));
        }
        return PaperPass { scans, ..earlier.clone() };
    }
    let mut prepared = paper::prepare(&input);
    if let Some(old) = previous_docs.and_then(|old| old[entry.index].paper.as_deref()) {
        paper::share_tables(&mut prepared.pages, old);
    }
    diagnostics.extend(prepared.diagnostics);
    if let (Some(html), Some(&last)) = (&prepared.references, ids.last()) {
        references.push((last, html.clone()));
    }
    for (id, ext) in ids.into_iter().zip(prepared.pages) {
        exts[id] = Some(Arc::new(ext));
    }
    PaperPass {
        bibliography,
        diagnostics,
        references: prepared.references,
        scans: prepared.scans,
        ..PaperPass::default()
    }
}

/// What a pass over a paper differs in between the originals and a language's version.
struct PassLanguage<'s> {
    /// Links are made below it: the site's base path, or its language's folder.
    base_path: &'s str,
    /// The words written into the pages.
    words: Arc<paper::words::Words>,
    /// The language's code (`None`: the originals).
    code: Option<&'s str>,
    /// Where the originals define each label (empty for the originals' own pass).
    labels: paper::LabelHomes,
}

/// The input of a paper's pass over the documents `ids` (its landing page, then its
/// chapters: the originals, or a language's version of each), as `pass` says for its
/// language. `None` when the paper's index is not a paper.
fn paper_input<'s>(
    site: &'s Site,
    entry: &'s PaperEntry,
    ids: &[DocId],
    pass: PassLanguage<'s>,
    library: Option<&'s Library>,
    scanned: &dyn Fn(usize) -> Option<Arc<paper::Scan>>,
    reserved: &'s super::reserved::Reserved,
) -> Option<paper::PaperInput<'s>> {
    let model::Data::Paper(p) = &site.doc(entry.index).data else { return None };
    let pages = ids
        .iter()
        .enumerate()
        .map(|(n, &id)| paper::PageInput {
            body: site.doc(id).body(),
            path: &site.doc(id).path,
            body_line: site.doc(id).body_line,
            url: &site.urls[id],
            chapter: (n > 0).then_some(n),
            scanned: scanned(n),
            reserved: reserved.of(&site.doc(id).data),
        })
        .collect();
    Some(paper::PaperInput {
        pages,
        folder: &site.urls[entry.index],
        base_path: pass.base_path,
        comment_url: p.comment_url.as_deref(),
        library,
        words: pass.words,
        language: pass.code,
        original_labels: pass.labels,
        unreadable_bibliography: p.references.is_some() && library.is_none(),
    })
}

/// The pass over each language's version of a paper whose pages are translated in part or
/// whole: its landing page and chapters as that language shows them (a translation, else the
/// original), so a translated chapter gets what an original does — numbered sections,
/// figures and tables, cross-references, citations and a reference list, paragraph anchors.
/// Its links go to that language's pages. Only the translations take the results (the
/// originals' pages show their own), and only the translations' findings are reported (the
/// originals' are the original pass's). Done afresh on every run: a paper's translations
/// are few.
fn translated_passes(
    site: &Site,
    entry: &PaperEntry,
    pass: &mut PaperPass,
    reserved: &super::reserved::Reserved,
    words: &dyn Fn(usize) -> Arc<paper::words::Words>,
    exts: &mut [Option<Arc<paper::PageExt>>],
    references: &mut Vec<(DocId, String)>,
) {
    let originals: Vec<DocId> = entry.pages().collect();
    let mut library: Option<Option<Library>> = None;
    pass.translated_references.clear();
    pass.translated_diagnostics.clear();
    // where each label of the originals is defined, for a translation that left one out
    // (made once, for the first language with a translation)
    let mut original_labels: Option<paper::LabelHomes> = None;
    for (lang, language) in site.config.languages.iter().enumerate().skip(1) {
        let ids: Vec<DocId> =
            originals.iter().map(|&id| site.variants.get(id).and_then(|v| v[lang]).unwrap_or(id)).collect();
        if ids == originals {
            continue;
        }
        // the bibliography's own findings are the original pass's
        let library = library.get_or_insert_with(|| {
            pass.bibliography.as_deref().and_then(|t| parse_bibliography(site, entry, t, &mut Vec::new()))
        });
        let labels = original_labels.get_or_insert_with(|| {
            Arc::new(
                pass.scans
                    .iter()
                    .zip(&originals)
                    .flat_map(|(scan, &id)| scan.labels().map(move |l| (l.to_string(), site.doc(id).path.clone())))
                    .collect(),
            )
        });
        let base_path = format!("{}{}/", site.config.base_path, language.code);
        let Some(input) = paper_input(
            site,
            entry,
            &ids,
            PassLanguage {
                base_path: &base_path,
                words: words(lang),
                code: Some(&language.code),
                labels: Arc::clone(labels),
            },
            library.as_ref(),
            &|_| None,
            reserved,
        ) else {
            return;
        };
        let prepared = paper::prepare(&input);
        let translations: Vec<&Path> =
            ids.iter().filter(|id| !originals.contains(id)).map(|&id| site.doc(id).path.as_path()).collect();
        pass.translated_diagnostics
            .extend(prepared.diagnostics.into_iter().filter(|d| translations.contains(&d.path.as_path())));
        if let (Some(html), Some(&last)) = (&prepared.references, ids.last()) {
            if !originals.contains(&last) {
                references.push((last, html.clone()));
                pass.translated_references.push((last, html.clone()));
            } else {
                // the language's reference list is the original's, on its untranslated last
                // page: a work only a translation cites is not in it
                let listed = reference_ids(pass.references.as_deref().unwrap_or_default());
                let missing: Vec<&str> = reference_ids(html).into_iter().filter(|id| !listed.contains(id)).collect();
                cited_only_in_translations(site, &ids, &originals, &missing, &mut pass.translated_diagnostics);
            }
        }
        for (id, ext) in ids.into_iter().zip(prepared.pages) {
            if !originals.contains(&id) {
                exts[id] = Some(Arc::new(ext));
            }
        }
    }
}

/// The ids of a reference list's entries (`ref-unesco2019`).
pub(super) fn reference_ids(html: &str) -> Vec<&str> {
    html.split("<li id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

/// An error at each citation, in the translations among `ids`, of a work whose entry (`missing`,
/// as `ref-<key>`) the language's reference list lacks because it is the original's.
fn cited_only_in_translations(
    site: &Site,
    ids: &[DocId],
    originals: &[DocId],
    missing: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    if missing.is_empty() {
        return;
    }
    let last = originals.last().map(|&id| site.doc(id).path.display().to_string()).unwrap_or_default();
    for &id in ids.iter().filter(|id| !originals.contains(id)) {
        let d = site.doc(id);
        let body = d.body();
        // as the pass reads them: `@key` in code, or `\[@key]`, is the author's text
        for (at, g) in paper::crossref::in_body(body) {
            for item in g.items.iter().filter(|i| missing.contains(&format!("ref-{}", i.key).as_str())) {
                let (line, col) = diagnostics::line_col(body, at);
                diags.push(
                    Diagnostic::error(
                        &d.path,
                        line + d.body_line - 1,
                        col,
                        format!(
                            "`{}` is cited in this translation only, and the paper's reference list in this language is the original's ({last} is not translated): the citation would lead to no entry",
                            item.key
                        ),
                    )
                    .with_help("cite it in the original too, or translate the paper's last chapter, which then lists what this language cites"),
                );
            }
        }
    }
}

fn old_ext(previous_docs: Option<&[DocResult]>, id: DocId) -> Option<Arc<paper::PageExt>> {
    previous_docs.and_then(|docs| docs[id].paper.clone())
}

/// The previous result's pass of the `k`th paper and the pages' scans, when that pass holds
/// for `input`: the same pages at the same addresses, the same settings and bibliography, no
/// findings, and each changed page scanning to the same outcome ([`paper::Scan::same_outcome`]).
fn same_pass<'p>(
    old: &'p Prepared,
    site: &Site,
    k: usize,
    input: &paper::PaperInput,
    bibliography: &Option<Arc<str>>,
) -> Option<(&'p PaperPass, Vec<Arc<paper::Scan>>)> {
    let entry = &site.papers[k];
    let earlier = old.paper_passes.get(k)?;
    let settings = |s: &Site| match &s.doc(entry.index).data {
        model::Data::Paper(p) => Some((p.comment_url.clone(), s.config.base_path.clone())),
        _ => None,
    };
    let same_place = old.site.papers.get(k) == Some(entry)
        && entry
            .pages()
            .all(|id| old.site.urls[id] == site.urls[id] && old.site.docs[id].body_line == site.docs[id].body_line)
        && settings(&old.site) == settings(site);
    if !same_place || earlier.bibliography != *bibliography || !earlier.diagnostics.is_empty() {
        return None;
    }
    input
        .pages
        .iter()
        .zip(&earlier.scans)
        .map(|(page, before)| match &page.scanned {
            Some(s) => Some(s.clone()),
            None => {
                let now = paper::scan(page);
                now.same_outcome(before).then(|| Arc::new(now))
            }
        })
        .collect::<Option<Vec<_>>>()
        .filter(|scans| scans.len() == input.pages.len() && scans.len() == earlier.scans.len())
        .map(|scans| (earlier, scans))
}
