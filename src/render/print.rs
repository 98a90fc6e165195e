//! A paper's print edition: cover, contents and every chapter on one page, each part's ids
//! prefixed so they stay distinct, links between the parts made local.

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;

/// One chapter in the print edition.
#[derive(Serialize)]
struct PrintChapter {
    number: usize,
    title: String,
    id: String,
    /// The chapter's contents, with the print page's ids.
    toc: Vec<crate::markdown::TocEntry>,
    content: String,
}

/// A table of contents with every id prefixed (for the print edition).
fn prefixed_toc(toc: &[crate::markdown::TocEntry], prefix: &str) -> Vec<crate::markdown::TocEntry> {
    toc.iter()
        .map(|e| crate::markdown::TocEntry {
            id: format!("{prefix}{}", e.id),
            children: prefixed_toc(&e.children, prefix),
            ..e.clone()
        })
        .collect()
}

impl Renderer<'_> {
    /// The print edition: cover, contents, every chapter (references come with the last).
    pub(super) fn print_values(&self, i: usize, path: &str, cx: &mut Context) {
        let v = &self.views;
        let site = v.site;
        let entry = &site.papers[i];
        let index = entry.index;
        let mut meta = v.doc_meta(index);
        meta.url = v.url(path);
        meta.permalink = v.permalink(path);
        cx.insert("page", &meta);
        cx.insert_value("paper", self.paper_value(i));
        use crate::paper::print::{localise, Part};
        let chapter_part = |n: usize| Part { prefix: format!("c{n}-"), id: format!("chapter-{n}") };
        let front = Part { prefix: "front-".into(), id: "cover".into() };
        let pages: std::collections::HashMap<String, Part> = std::iter::once((v.url(&site.urls[index]), front.clone()))
            .chain(entry.chapters.iter().enumerate().map(|(n, &c)| (v.url(&site.urls[c]), chapter_part(n + 1))))
            .collect();
        let chapters: Vec<PrintChapter> = entry
            .chapters
            .iter()
            .enumerate()
            .map(|(n, &c)| {
                let part = chapter_part(n + 1);
                PrintChapter {
                    number: n + 1,
                    title: site.doc(c).title.clone(),
                    toc: prefixed_toc(&v.docs[c].body.toc, &part.prefix),
                    content: localise(
                        &crate::images::size_body_images(
                            &v.docs[c].body.html,
                            v.pictures.body_sizes.get(c).map_or(&[], |s| s),
                            false,
                        ),
                        &part,
                        &pages,
                    ),
                    id: part.id,
                }
            })
            .collect();
        cx.insert_value("content", Value::safe_string(&localise(&v.docs[index].body.html, &front, &pages)));
        cx.insert("chapters", &chapters);
    }
}
