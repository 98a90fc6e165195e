//! The paper-specific steps of the pipeline: finding a paper by slug, reading bibliographies,
//! and the pass over each paper's pages (numbering, cross-references, citations) that the
//! Markdown stage then uses.

use std::path::Path;

use crate::diagnostics::{self, Diagnostic};
use crate::graph::{DocId, Site};
use crate::{load, model, paper};

use super::Failure;

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

/// Reads and parses each paper's `references` file (indexed by the paper's position in
/// `site.papers`).
pub(super) fn load_bibliographies(
    root: &Path,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<hayagriva::Library>> {
    site.papers
        .iter()
        .map(|entry| {
            let d = site.doc(entry.index);
            let model::Data::Paper(p) = &d.data else { return None };
            let file = p.references.as_deref()?;
            let shown = d.path.parent().unwrap_or(Path::new("")).join(file);
            if !root.join(&shown).is_file() {
                diags.push(
                    d.error_at("references", Some(file), format!("bibliography file `{file}` does not exist"))
                        .with_help(format!("put it next to _index.md, at {}", shown.display())),
                );
                return None;
            }
            let text = match load::read_text(&root.join(&shown), &shown) {
                Ok(t) => t,
                Err(e) => {
                    diags.push(e);
                    return None;
                }
            };
            match crate::paper::cite::parse(&text, file) {
                Ok(lib) => Some(lib),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(&shown, 0, 0, format!("cannot read the bibliography: {e}"))
                            .with_help("check the entries' braces and commas; BibTeX keys must be unique"),
                    );
                    None
                }
            }
        })
        .collect()
}

/// Pass one over every paper: each paper page's extension, and the reference lists (to add
/// to the last page of each paper).
pub(super) fn prepare_papers(
    site: &Site,
    libraries: &[Option<hayagriva::Library>],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Option<paper::PageExt>>, Vec<(DocId, String)>) {
    let mut exts: Vec<Option<paper::PageExt>> = (0..site.docs.len()).map(|_| None).collect();
    let mut references = Vec::new();
    for (entry, library) in site.papers.iter().zip(libraries) {
        let d = site.doc(entry.index);
        let model::Data::Paper(p) = &d.data else { continue };
        let ids: Vec<DocId> = std::iter::once(entry.index).chain(entry.chapters.iter().copied()).collect();
        let pages = ids
            .iter()
            .enumerate()
            .map(|(n, &id)| paper::PageInput {
                body: site.doc(id).body(),
                path: &site.doc(id).path,
                body_line: site.doc(id).body_line,
                url: &site.urls[id],
                chapter: (n > 0).then_some(n),
            })
            .collect();
        let input = paper::PaperInput {
            pages,
            folder: &site.urls[entry.index],
            base_path: &site.config.base_path,
            comment_url: p.comment_url.as_deref(),
            library: library.as_ref(),
        };
        let prepared = paper::prepare(&input);
        diags.extend(prepared.diagnostics);
        if let (Some(html), Some(&last)) = (prepared.references, ids.last()) {
            references.push((last, html));
        }
        for (id, ext) in ids.into_iter().zip(prepared.pages) {
            exts[id] = Some(ext);
        }
    }
    (exts, references)
}
