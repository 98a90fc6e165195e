//! A paper's print edition: cover, contents and every chapter on one page, each part's ids
//! prefixed so they stay distinct, links between the parts made local.

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::paper::print::{deepen_headings, localise, without_web_tools, Part, ThemeIds};

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
    /// template's values: the page is rendered with a marker for each chapter's content, and
    /// each chapter is made in its place when the page is written ([`Page::Parts`]), one at a
    /// time. A template that does not show each marker once, in order (a theme that shortens
    /// or leaves out the contents), is rendered again with the contents themselves.
    pub(super) fn print_page(
        &self,
        i: usize,
        path: &str,
        mut cx: Context,
        template: &str,
    ) -> Result<Page<'_>, Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let entry = &site.papers[i];
        let index = entry.index;
        let mut meta = v.doc_meta(index);
        // the print edition shows the originals' texts in every language, the paper's landing
        // page translated or not: marked and noted as such
        meta.fallback = v.in_original();
        meta.code = meta.code || entry.chapters.iter().any(|&c| v.docs[c].body.highlighted);
        meta.url = v.url(path);
        meta.permalink = v.permalink(path);
        cx.insert("page", &meta);
        // the original's title, abstract and keywords over the originals' chapters
        match v.is_fallback(index) || v.lang == 0 {
            true => cx.insert_value("paper", self.paper_value(i)),
            false => cx.insert("paper", &v.paper_original(entry)),
        }
        let chapter_part = |n: usize| Part { prefix: format!("c{n}-"), id: format!("chapter-{n}") };
        let front = Part { prefix: "front-".into(), id: "cover".into() };
        // each page of the paper by its address in this language and in the default language
        // (a link the body keeps there, to a place a translation lacks): both land in the page
        let parts = std::iter::once((index, front.clone()))
            .chain(entry.chapters.iter().enumerate().map(|(n, &c)| (c, chapter_part(n + 1))));
        let base = &site.config.base_path;
        let pages: HashMap<String, Part> = parts
            .flat_map(|(id, part)| {
                [(v.url(&site.urls[id]), part.clone()), (crate::markdown::join_base(base, &site.urls[id]), part)]
            })
            .collect();
        let ids = |template: &str| self.theme.ids.of(template).collect::<std::collections::BTreeSet<&str>>();
        let mut theme = ThemeIds { pages: ids("paper.html"), print: ids(template) };
        theme.pages.extend(ids("chapter.html"));
        // the print edition shows the original's texts in every language, their links to
        // pages turned to the language's (so those to the paper's own pages land in it),
        // without the tools only a screen can use (¶ and comment links, footnotes' back-links)
        let body = |id: crate::graph::DocId| without_web_tools(&v.links_in_language(&v.docs[id].body.html));
        // the scheme and host an address on the site has before its path (with the base path)
        let origin = site.config.base_url.strip_suffix(base.as_str()).unwrap_or("");
        cx.insert_value("content", Value::safe_string(&localise(&body(index), &front, &pages, &theme, origin)));
        let content = move |n: usize| {
            let c = entry.chapters[n];
            let sizes = v.pictures.body_sizes.get(c).map_or(&[][..], |s| s);
            // under the chapter's title (an `h2`), its sections are `h3` and deeper
            localise(
                &deepen_headings(&crate::images::size_body_images(&body(c), sizes, false)),
                &chapter_part(n + 1),
                &pages,
                &theme,
                origin,
            )
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
        let render = |cx: &Context| self.template(template, cx);
        cx.insert("chapters", &chapters(&marker));
        let marked = render(&cx)?;
        if let Some(at) = marks(&marked, entry.chapters.len()) {
            let size = marked.len()
                + entry
                    .chapters
                    .iter()
                    .map(|&c| v.docs[c].body.html.len() + v.docs[c].body.html.len() / 16)
                    .sum::<usize>();
            return Ok(Page::Parts(Parts { marked, at, size, content: Box::new(content) }));
        }
        cx.insert("chapters", &chapters(&content));
        render(&cx).map(Page::from)
    }
}

/// A rendered file: its text, or a print edition in parts.
pub enum Page<'r> {
    /// The whole text, as tera wrote it (UTF-8: a page is written and scanned as bytes, so it
    /// is not checked again to be made a `String`, which took ~0.5 % of a build's instructions).
    Whole(Vec<u8>),
    /// A print edition: the page with a marker for each chapter's content, each chapter's
    /// content made when its turn comes ([`Parts::try_for_each`]), so that the page can be
    /// written without ever being whole in memory.
    Parts(Parts<'r>),
}

impl From<String> for Page<'_> {
    fn from(text: String) -> Self {
        Page::Whole(text.into_bytes())
    }
}

impl Page<'_> {
    /// The whole text.
    pub fn into_string(self) -> String {
        match self {
            // tera writes only text: the lossy path is never taken
            Page::Whole(text) => {
                String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
            Page::Parts(parts) => parts.into_string(),
        }
    }
}

/// A page rendered with a marker for each chapter's content ([`Page::Parts`]).
pub struct Parts<'r> {
    /// The page with the markers.
    marked: String,
    /// Where each marker is in `marked`, in order: (start, length).
    at: Vec<(usize, usize)>,
    /// The whole page's expected size.
    size: usize,
    /// Chapter `n`'s content (from 0).
    content: Box<dyn Fn(usize) -> String + 'r>,
}

impl Parts<'_> {
    /// Hands the page's text to `part` piece by piece, in order (the text between the
    /// markers, and each chapter's content, made only now), stopping at the first error.
    pub fn try_for_each<E>(&self, mut part: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let mut last = 0;
        for (n, &(i, len)) in self.at.iter().enumerate() {
            part(&self.marked[last..i])?;
            part(&(self.content)(n))?;
            last = i + len;
        }
        part(&self.marked[last..])
    }

    /// The whole text.
    pub fn into_string(self) -> String {
        let mut out = String::with_capacity(self.size);
        let _ = self.try_for_each(|s| -> Result<(), ()> {
            out.push_str(s);
            Ok(())
        });
        out
    }
}

/// The stand-in for chapter `n`'s content (from 0) while the page is rendered: a comment no
/// text of the site can put there unescaped except raw HTML, and raw HTML holding one makes
/// a marker appear twice, which [`marks`] refuses.
fn marker(n: usize) -> String {
    format!("{MARKER_OPEN}{n}{MARKER_CLOSE}")
}

/// A marker's text before and after the chapter's number ([`marker`], [`marks`]).
const MARKER_OPEN: &str = "<!--plenary:print-chapter-";
const MARKER_CLOSE: &str = "-->";

/// Where each of the `chapters` markers is in `page` (start, length); `None` unless every
/// marker is there exactly once and in order. One pass over the page, whatever the number of
/// chapters (a search of the rest of the page for each marker's repeat grew with chapters
/// times the page: ~0.4 % of a 50,000-page build's CPU for its 2,500-chapter paper).
fn marks(page: &str, chapters: usize) -> Option<Vec<(usize, usize)>> {
    let mut at = Vec::with_capacity(chapters);
    for i in memchr::memmem::find_iter(page.as_bytes(), MARKER_OPEN) {
        let rest = &page[i + MARKER_OPEN.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        // only a marker's exact text is one (as `marker` writes it: no sign, no leading zero)
        let Some(n) = rest[..digits].parse::<usize>().ok().filter(|n| n.to_string().len() == digits) else { continue };
        if n >= chapters || !rest[digits..].starts_with(MARKER_CLOSE) {
            continue;
        }
        if n != at.len() {
            return None;
        }
        at.push((i, MARKER_OPEN.len() + digits + MARKER_CLOSE.len()));
    }
    (at.len() == chapters).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page `marked` with its markers replaced, through [`Parts`].
    fn spliced(marked: &str, chapters: usize) -> Option<String> {
        let at = marks(marked, chapters)?;
        let content = Box::new(|n: usize| format!("<p>chapter {n}</p>"));
        let parts = Parts { marked: marked.to_string(), at, size: 0, content };
        let mut pieces = Vec::new();
        parts
            .try_for_each(|s| -> Result<(), ()> {
                pieces.push(s.to_string());
                Ok(())
            })
            .unwrap();
        let whole = parts.into_string();
        assert_eq!(pieces.concat(), whole, "the pieces make the whole page");
        Some(whole)
    }

    #[test]
    fn chapters_are_spliced_only_where_each_marker_is_once_and_in_order() {
        let page = format!("<main>{}<hr>{}</main>", marker(0), marker(1));
        assert_eq!(spliced(&page, 2).as_deref(), Some("<main><p>chapter 0</p><hr><p>chapter 1</p></main>"));
        // reversed, repeated, missing: the caller renders the contents themselves
        let reversed = format!("{}{}", marker(1), marker(0));
        assert_eq!(spliced(&reversed, 2), None);
        let twice = format!("{}{}{}", marker(0), marker(1), marker(1));
        assert_eq!(spliced(&twice, 2), None);
        assert_eq!(spliced(&marker(0), 2), None);
        assert_eq!(spliced("<main></main>", 0).as_deref(), Some("<main></main>"));
    }

    use proptest::prelude::*;

    proptest! {
        /// The markers are found as looking for each one's every occurrence finds them: each
        /// exactly once, in order; look-alikes (a leading zero, no end, a number past the
        /// chapters) are text.
        #[test]
        fn markers_are_found_as_each_ones_occurrences_say(
            pieces in proptest::collection::vec(prop_oneof![
                (0usize..5).prop_map(marker),
                Just("<!--plenary:print-chapter-".to_string()),
                Just("<!--plenary:print-chapter-01-->".to_string()),
                Just("-->".to_string()),
                Just("<p>x</p>".to_string()),
                (0usize..10).prop_map(|n| n.to_string()),
            ], 0..12),
            chapters in 0usize..5,
        ) {
            let page = pieces.concat();
            let mut at = Vec::new();
            let mut each_once = true;
            for n in 0..chapters {
                let m = marker(n);
                let found: Vec<usize> = page.match_indices(&m).map(|(i, _)| i).collect();
                each_once &= found.len() == 1;
                at.extend(found.first().map(|&i| (i, m.len())));
            }
            let in_order = at.windows(2).all(|w| w[0].0 < w[1].0);
            prop_assert_eq!(marks(&page, chapters), (each_once && in_order).then_some(at));
        }
    }

    #[test]
    fn the_parts_stop_at_the_first_error() {
        let page = format!("a{}b{}c", marker(0), marker(1));
        let parts = Parts { at: marks(&page, 2).unwrap(), marked: page, size: 0, content: Box::new(|n| n.to_string()) };
        let mut seen = Vec::new();
        let r = parts.try_for_each(|s| {
            seen.push(s.to_string());
            if s == "0" {
                Err("full")
            } else {
                Ok(())
            }
        });
        assert_eq!((r, seen), (Err("full"), vec!["a".to_string(), "0".to_string()]));
    }
}
