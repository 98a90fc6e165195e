//! A paper's print edition: cover, contents and every chapter on one page, each part's ids
//! prefixed so they stay distinct, links between the parts made local.

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::paper::print::{localise, Part};

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
    /// The print edition through `template`: cover, contents, every chapter (references come
    /// with the last). The chapters' HTML, all of a paper's text, is not put into the
    /// template's values: the page is rendered with a marker for each chapter's content and
    /// each chapter is written in its place, one at a time, into a page of its final size. A
    /// template that does not show each marker once, in order (a theme that shortens or
    /// leaves out the contents), is rendered again with the contents themselves.
    pub(super) fn print_page(
        &self,
        i: usize,
        path: &str,
        mut cx: Context,
        template: &str,
    ) -> Result<String, Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let entry = &site.papers[i];
        let index = entry.index;
        let mut meta = v.doc_meta(index);
        meta.url = v.url(path);
        meta.permalink = v.permalink(path);
        cx.insert("page", &meta);
        cx.insert_value("paper", self.paper_value(i));
        let chapter_part = |n: usize| Part { prefix: format!("c{n}-"), id: format!("chapter-{n}") };
        let front = Part { prefix: "front-".into(), id: "cover".into() };
        let pages: HashMap<String, Part> = std::iter::once((v.url(&site.urls[index]), front.clone()))
            .chain(entry.chapters.iter().enumerate().map(|(n, &c)| (v.url(&site.urls[c]), chapter_part(n + 1))))
            .collect();
        let content = |n: usize| {
            let c = entry.chapters[n];
            let sizes = v.pictures.body_sizes.get(c).map_or(&[][..], |s| s);
            localise(&crate::images::size_body_images(&v.docs[c].body.html, sizes, false), &chapter_part(n + 1), &pages)
        };
        let chapters = |content: &dyn Fn(usize) -> String| -> Vec<PrintChapter> {
            (0..entry.chapters.len())
                .map(|n| {
                    let part = chapter_part(n + 1);
                    PrintChapter {
                        number: n + 1,
                        title: site.doc(entry.chapters[n]).title.clone(),
                        toc: prefixed_toc(&v.docs[entry.chapters[n]].body.toc, &part.prefix),
                        content: content(n),
                        id: part.id,
                    }
                })
                .collect()
        };
        cx.insert_value("content", Value::safe_string(&localise(&v.docs[index].body.html, &front, &pages)));
        let render = |cx: &Context| self.template(template, cx);
        cx.insert("chapters", &chapters(&marker));
        let marked = render(&cx)?;
        let size: usize =
            entry.chapters.iter().map(|&c| v.docs[c].body.html.len() + v.docs[c].body.html.len() / 16).sum();
        if let Some(page) = splice(&marked, entry.chapters.len(), size, &content) {
            return Ok(page);
        }
        cx.insert("chapters", &chapters(&content));
        render(&cx)
    }
}

/// The stand-in for chapter `n`'s content (from 0) while the page is rendered: a comment no
/// text of the site can put there unescaped except raw HTML, and raw HTML holding one makes
/// a marker appear twice, which [`splice`] refuses.
fn marker(n: usize) -> String {
    format!("<!--plenary:print-chapter-{n}-->")
}

/// `page` with each of the `chapters` markers replaced by `content` of that chapter, made
/// one at a time; `None` unless every marker is there exactly once and in order. `extra`:
/// the contents' expected size.
fn splice(page: &str, chapters: usize, extra: usize, content: &dyn Fn(usize) -> String) -> Option<String> {
    let mut at = Vec::with_capacity(chapters);
    let mut from = 0;
    for n in 0..chapters {
        let m = marker(n);
        let i = from + page[from..].find(&m)?;
        if page[i + m.len()..].contains(&m) {
            return None;
        }
        at.push((i, m.len()));
        from = i + m.len();
    }
    let mut out = String::with_capacity(page.len() + extra);
    let mut last = 0;
    for (n, (i, len)) in at.into_iter().enumerate() {
        out.push_str(&page[last..i]);
        out.push_str(&content(n));
        last = i + len;
    }
    out.push_str(&page[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_are_spliced_only_where_each_marker_is_once_and_in_order() {
        let content = |n: usize| format!("<p>chapter {n}</p>");
        let page = format!("<main>{}<hr>{}</main>", marker(0), marker(1));
        assert_eq!(splice(&page, 2, 0, &content).as_deref(), Some("<main><p>chapter 0</p><hr><p>chapter 1</p></main>"));
        // reversed, repeated, missing: the caller renders the contents themselves
        let reversed = format!("{}{}", marker(1), marker(0));
        assert_eq!(splice(&reversed, 2, 0, &content), None);
        let twice = format!("{}{}{}", marker(0), marker(1), marker(1));
        assert_eq!(splice(&twice, 2, 0, &content), None);
        assert_eq!(splice(&marker(0), 2, 0, &content), None);
        assert_eq!(splice("<main></main>", 0, 0, &content).as_deref(), Some("<main></main>"));
    }
}
