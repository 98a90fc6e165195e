//! Markdown → HTML with pulldown-cmark: heading ids (automatic, unique per page, or
//! `{#custom}`), a table of contents, internal links by source path (`@/forums/x.md#anchor`),
//! base-path-aware root-relative links, and fenced code through [`crate::highlight`].
//!
//! Link targets are resolved through a caller-supplied function, so this module knows nothing
//! of the site graph; anchors into other pages are returned for checking once every page is
//! rendered.
//!
//! White papers plug their own processing in through [`Extension`] (see `crate::paper`), so
//! this module stays about Markdown in general.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{line_col, Diagnostic};

mod headings;
mod links;
mod sections;

pub use headings::heading_slug;
use headings::{nest_level, nest_toc, unique_id};
pub use links::join_base;
use links::{colocated_file, rewrite_link, root_relative};
pub use sections::{share as share_section_texts, SectionText, Text};

/// One heading in a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Heading level, 2–6.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Sub-headings.
    pub children: Vec<TocEntry>,
}

/// A link to `#anchor` in another (or the same) document, to check once all are rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef<T> {
    /// The target, as the resolver identified it.
    pub target: T,
    /// The anchor, without `#`.
    pub anchor: String,
    /// File line of the link.
    pub line: usize,
    /// File column of the link.
    pub col: usize,
}

/// An image in Markdown, to check that its file exists and it has alternative text.
#[derive(Debug, Clone)]
pub struct ImageRef {
    /// The `src` as written (before the base path is added).
    pub src: String,
    /// Whether the alternative text is empty.
    pub no_alt: bool,
    /// File line.
    pub line: usize,
    /// File column.
    pub col: usize,
}

/// A rendered Markdown body.
#[derive(Debug, Clone)]
pub struct Rendered<T> {
    /// The HTML.
    pub html: String,
    /// Table of contents (headings of level 2 and below), nested.
    pub toc: Vec<TocEntry>,
    /// Every id the page defines (headings, footnotes).
    pub anchors: BTreeSet<String>,
    /// Links to anchors, to check.
    pub anchor_refs: Vec<AnchorRef<T>>,
    /// Plain text of the first paragraph, for summaries.
    pub first_paragraph: String,
    /// Images, for `plenary check`.
    pub images: Vec<ImageRef>,
    /// Plain text by section, for search.
    pub sections: Vec<SectionText>,
}

/// Resolves the part after `@/` to (address without base path, target), or a hint.
pub type Resolver<'a, T> = dyn Fn(&str) -> Result<(String, T), String> + Sync + 'a;

/// Extra processing for one kind of document (white papers), run around [`render`]'s own.
pub trait Extension: Sync {
    /// Parser options to add to [`options`].
    fn options(&self) -> Options;
    /// Rewrites the parsed events, with their byte ranges in the body, before headings,
    /// links and code are handled. Content errors go to `diags`.
    fn before<'e>(
        &self,
        events: Vec<(Event<'e>, Range<usize>)>,
        body: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Event<'e>, Range<usize>)>;
    /// Rewrites the final events before HTML is written; records the ids it defines.
    fn after<'e>(&self, events: Vec<Event<'e>>, anchors: &mut BTreeSet<String>) -> Vec<Event<'e>>;
}

/// What a Markdown body needs to know about the site.
pub struct Context<'a, T> {
    /// The file (for diagnostics).
    pub path: &'a Path,
    /// File line of the body's first line.
    pub body_line: usize,
    /// `/` or `/summit/`: prefix of root-relative links.
    pub base_path: &'a str,
    /// The document itself (target of `#anchor` links).
    pub this: T,
    /// Resolves `forums/x.md` (the part after `@/`) to (address without base path, target).
    pub resolve: &'a Resolver<'a, T>,
    /// The output address (without base path) of the co-located file a relative target
    /// names (`plan.png` beside `pages/about.md` → `/pages/plan.png`), if there is one.
    pub colocated: &'a (dyn Fn(&str) -> Option<String> + Sync + 'a),
    /// Paper processing, for a paper's landing page and chapters.
    pub ext: Option<&'a dyn Extension>,
    /// Highlights fenced code (through the site's cache).
    pub highlighter: &'a crate::highlight::Highlighter,
    /// Ids the page around the body has already ([`crate::theme::Theme::ids`]): a heading's
    /// id made from its text is never one of them (`## Contents` → `contents-1`); an id the
    /// editor wrote (`{#contents}`) is kept, and the output check names it if it clashes.
    pub reserved: &'a BTreeSet<String>,
}

/// The Markdown extensions plenary turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A body's events with their byte ranges.
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// The events of `body` with their byte ranges, in a vector given room for them at once (one
/// event for every 10 bytes of a body is more than most have; growing a vector of events had
/// copied it several times over).
pub fn events(body: &str, opts: Options) -> Events<'_> {
    let mut events = Vec::with_capacity(body.len() / 10 + 16);
    events.extend(Parser::new_ext(body, opts).into_offset_iter());
    events
}

/// [`events`], and the reference links (`[text][ref]`, `[text][]`) whose reference is
/// defined nowhere in the body, as (byte offset, reference): CommonMark leaves them as text,
/// brackets and all. A bare `[text]` is not one of them: brackets in prose are common.
fn events_and_undefined_references(body: &str, opts: Options) -> (Events<'_>, Vec<(usize, String)>) {
    let mut undefined = Vec::new();
    let mut events = Vec::with_capacity(body.len() / 10 + 16);
    let note = |link: BrokenLink<'_>| {
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            undefined.push((link.span.start, link.reference.to_string()));
        }
        None
    };
    events.extend(Parser::new_with_broken_link_callback(body, opts, Some(note)).into_offset_iter());
    undefined.dedup();
    (events, undefined)
}

/// The label of a footnote reference (`[^label]`) whose note is defined nowhere, given the
/// range of a `[` text event and the events after it: with GitHub's footnotes, such a reference
/// is left as the texts `[`, `^label` and `]`, one after the other in the source.
fn undefined_footnote<'e>(open: &Range<usize>, after: &'e [(Event<'_>, Range<usize>)]) -> Option<&'e str> {
    match after {
        [(Event::Text(label), l), (Event::Text(close), c), ..]
            if close.as_ref() == "]" && open.end == l.start && l.end == c.start =>
        {
            let label = label.strip_prefix('^')?;
            (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
        }
        _ => None,
    }
}

/// Renders `body`. Broken internal links become errors in `diags`, references defined nowhere
/// warnings.
pub fn render<T: Copy>(body: &str, cx: &Context<T>, diags: &mut Vec<Diagnostic>) -> Rendered<T> {
    let opts = options() | cx.ext.map_or(Options::empty(), |e| e.options());
    let (mut events, undefined) = events_and_undefined_references(body, opts);
    for (offset, reference) in undefined {
        let (l, c) = line_col(body, offset);
        diags.push(
            Diagnostic::warning(cx.path, l + cx.body_line - 1, c, format!("the link reference `[{reference}]` is defined nowhere"))
                .with_help(format!("define it on a line of its own, `[{reference}]: https://…`, or write the link inline: `[text](https://…)`; as it is, the brackets are shown as text")),
        );
    }
    if let Some(ext) = cx.ext {
        events = ext.before(events, body, diags);
    }
    // body headings sit below the page's `h1` (the title): nested by their written levels,
    // the outermost at `h2`, and never skipping a level (`#` / `##` / `####` all start at h2)
    let mut open_levels: Vec<HeadingLevel> = Vec::new();
    // a table adds two events; a code block's become one
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + events.len() / 8);
    let mut anchors = BTreeSet::new();
    let mut suffixes = BTreeMap::new();
    let mut anchor_refs = Vec::new();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    let mut first_paragraph = String::new();
    let mut paragraphs_seen = 0usize;
    let mut images = Vec::new();
    let mut sections = vec![Open::default()];
    let mut in_first_paragraph = false;
    // footnotes cited and defined (labels without case, as GitHub matches them), to say which
    // note nothing refers to
    let mut cited: BTreeSet<String> = BTreeSet::new();
    let mut defined: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        // each event is taken out as it is passed (those after it are only read), so it moves
        // into `out` instead of being copied
        let (event, range) = std::mem::replace(&mut events[i], (Event::SoftBreak, 0..0));
        let range = &range;
        let pos = |offset: usize| {
            let (l, c) = line_col(body, offset);
            (l + cx.body_line - 1, c)
        };
        match &event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                // gather the heading's events to learn its text
                let mut j = i + 1;
                let mut text = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let unique = match id {
                    Some(written) => unique_id(written, |c| anchors.contains(c), &mut suffixes),
                    None => unique_id(
                        &heading_slug(&text),
                        |c| anchors.contains(c) || cx.reserved.contains(c),
                        &mut suffixes,
                    ),
                };
                anchors.insert(unique.clone());
                let level = nest_level(&mut open_levels, *level);
                if level <= HeadingLevel::H3 {
                    sections.push(Open { anchor: Some(unique.clone()), heading: text.clone(), text: String::new() });
                }
                flat_toc.push((level as u8, unique.clone(), text));
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                for (e, _) in &mut events[i + 1..j] {
                    out.push(std::mem::replace(e, Event::SoftBreak));
                }
                out.push(Event::End(TagEnd::Heading(level)));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut j = i + 1;
                let mut code = String::new();
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j].0 {
                        code.push_str(t);
                    }
                    j += 1;
                }
                out.push(Event::Html(CowStr::from(cx.highlighter.highlight(&code, info))));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = rewrite_link(dest_url, range.start, cx, &pos, &mut anchor_refs, diags);
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let alt_empty = events[i + 1..]
                    .iter()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                    .all(|(e, _)| !matches!(e, Event::Text(t) | Event::Code(t) if !t.trim().is_empty()));
                let (line, col) = pos(range.start);
                images.push(ImageRef { src: dest_url.to_string(), no_alt: alt_empty, line, col });
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: colocated_file(dest_url, cx).unwrap_or_else(|| root_relative(dest_url, cx.base_path)),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Table(_)) => {
                // a focusable region, so wide tables scroll on phones, by keyboard too
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">",
                )));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                anchors.insert(name.to_string());
                defined.push((name.to_string(), range.start));
                out.push(event);
            }
            Event::FootnoteReference(name) => {
                cited.insert(name.to_lowercase());
                out.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                paragraphs_seen += 1;
                in_first_paragraph = paragraphs_seen == 1;
                out.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                in_first_paragraph = false;
                if let Some(sec) = sections.last_mut() {
                    sec.text.push(' ');
                }
                out.push(event);
            }
            Event::Text(t) | Event::Code(t) => {
                if t.as_ref() == "[" && matches!(event, Event::Text(_)) {
                    if let Some(label) = undefined_footnote(range, &events[i + 1..]) {
                        let (l, c) = pos(range.start);
                        diags.push(
                            Diagnostic::warning(cx.path, l, c, format!("the footnote `[^{label}]` is defined nowhere"))
                                .with_help(format!("add its note on a line of its own, `[^{label}]: the note's text`, or remove the reference; as it is, it is shown as text")),
                        );
                    }
                }
                if in_first_paragraph {
                    first_paragraph.push_str(t);
                }
                if let Some(sec) = sections.last_mut() {
                    sec.text.push_str(t);
                }
                out.push(event);
            }
            Event::End(TagEnd::TableCell) => {
                // search text: cells separated by " | ", rows by "; "
                if let Some(sec) = sections.last_mut() {
                    sec.text.push_str(" | ");
                }
                out.push(event);
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                if let Some(sec) = sections.last_mut() {
                    let kept = sec.text.trim_end_matches(" | ").len();
                    sec.text.truncate(kept);
                    sec.text.push_str("; ");
                }
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Item) => {
                if in_first_paragraph && matches!(event, Event::SoftBreak | Event::HardBreak) {
                    first_paragraph.push(' ');
                }
                if let Some(sec) = sections.last_mut() {
                    sec.text.push(' ');
                }
                out.push(event);
            }
            _ => out.push(event),
        }
        i += 1;
    }
    for (name, offset) in defined.iter().filter(|(name, _)| !cited.contains(&name.to_lowercase())) {
        let (l, c) = line_col(body, *offset);
        diags.push(
            Diagnostic::warning(cx.path, l + cx.body_line - 1, c, format!("the footnote `[^{name}]` is never referred to"))
                .with_help(format!("write `[^{name}]` where the note belongs, or remove the note; as it is, it is shown where it is written, with nothing pointing to it")),
        );
    }
    if let Some(ext) = cx.ext {
        out = ext.after(out, &mut anchors);
    }
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // a build keeps every body until its pages are written: each text in a buffer of its size
    let sections = sections
        .into_iter()
        .map(|s| SectionText { anchor: s.anchor, heading: s.heading, text: s.text.into() })
        .collect();
    Rendered {
        html: exact(html),
        toc: nest_toc(&flat_toc),
        anchors,
        anchor_refs,
        first_paragraph: exact(first_paragraph),
        images,
        sections,
    }
}

/// A section while its text is gathered.
#[derive(Default)]
struct Open {
    anchor: Option<String>,
    heading: String,
    text: String,
}

/// `s` in a buffer of its length when growing it left more than an eighth unused (the
/// allocator keeps a shrunk buffer in place unless it halves, so the text is copied).
fn exact(s: String) -> String {
    if s.capacity() > s.len() + s.len() / 8 {
        s.as_str().to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(p: &str) -> Result<(String, usize), String> {
        match p {
            "forums/a.md" => Ok(("/forums/a/".into(), 7)),
            _ => Err("did you mean `forums/a.md`?".into()),
        }
    }

    fn md(body: &str, base: &str) -> (Rendered<usize>, Vec<Diagnostic>) {
        let cx = Context {
            path: Path::new("content/x.md"),
            body_line: 5,
            base_path: base,
            this: 0,
            resolve: &resolve,
            colocated: &|f: &str| (f == "plan.png").then(|| "/pages/plan.png".to_string()),
            ext: None,
            highlighter: &crate::highlight::Highlighter::default(),
            reserved: &BTreeSet::from(["main".to_string(), "contents".to_string(), "contents-1".to_string()]),
        };
        let mut d = Vec::new();
        (render(body, &cx, &mut d), d)
    }

    /// Where each finding is and what it says.
    fn said(d: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
        d.iter().map(|d| (d.line, d.col, d.message.as_str())).collect()
    }

    #[test]
    fn reference_links_defined_nowhere_are_warnings_at_the_link() {
        let body =
            "See [a][missing], [b][], [sic] and [c][def].\n\nA [note][missing] again.\n\n[def]: https://example.org/\n";
        let (r, d) = md(body, "/");
        assert_eq!(
            said(&d),
            [
                (5, 5, "the link reference `[missing]` is defined nowhere"),
                (5, 19, "the link reference `[b]` is defined nowhere"),
                (7, 3, "the link reference `[missing]` is defined nowhere"),
            ]
        );
        assert!(d.iter().all(|d| d.severity == crate::diagnostics::Severity::Warning));
        // the defined one is a link, the others stay text as CommonMark says
        assert!(r.html.contains("<a href=\"https://example.org/\">c</a>"), "{}", r.html);
        assert!(r.html.contains("[a][missing]"), "{}", r.html);
    }

    #[test]
    fn footnotes_defined_nowhere_are_warnings_at_the_reference() {
        let body = "A claim.[^nowhere] and [^ok], \\[^escaped], [^two words], `[^code]`, [^Case].\n\n> q [^q]\n\n```\n[^fenced]\n```\n\n[^ok]: Defined.\n\n[^case]: Cited in another case.\n\n[^lonely]: Cited nowhere.\n";
        let (r, d) = md(body, "/");
        assert_eq!(
            said(&d),
            [
                (5, 9, "the footnote `[^nowhere]` is defined nowhere"),
                (7, 5, "the footnote `[^q]` is defined nowhere"),
                (17, 1, "the footnote `[^lonely]` is never referred to"),
            ]
        );
        assert!(d.iter().all(|d| d.severity == crate::diagnostics::Severity::Warning));
        assert!(d[0].help.as_deref().is_some_and(|h| h.contains("`[^nowhere]: the note's text`")));
        // the defined one is a footnote, the undefined one stays text
        assert!(r.html.contains("<sup class=\"footnote-reference\"><a href=\"#ok\">1</a></sup>"), "{}", r.html);
        assert!(r.html.contains("A claim.[^nowhere] and"), "{}", r.html);
    }

    #[test]
    fn headings_made_ids_keep_clear_of_the_pages_own_and_written_ones_are_kept() {
        let (r, d) = md("## Main\n\n## Contents\n\n## Contents\n\n### Mine {#main}\n", "/");
        assert!(d.is_empty(), "{d:?}");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["main-1", "contents-2", "contents-3"]);
        // the editor's own id is theirs: the output check says if the page has it twice
        assert_eq!(r.toc[2].children[0].id, "main");
    }

    #[test]
    fn headings_get_unique_ids_and_custom_ids() {
        let (r, _) = md("## Intro\n\n## Intro\n\n### Deep {#custom}\n", "/");
        assert!(r.html.contains("<h2 id=\"intro\">Intro</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"intro-1\">"));
        assert!(r.html.contains("<h3 id=\"custom\">Deep</h3>"));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].id, "custom");
    }

    #[test]
    fn many_equal_headings_get_distinct_ids_in_linear_time() {
        // 20,000 equal headings: each id found by one lookup (quadratic before)
        let body = "## a\n\n".repeat(20_000);
        let (r, _) = md(&body, "/");
        assert!(r.html.contains("<h2 id=\"a\">"));
        assert!(r.html.contains("<h2 id=\"a-19999\">"), "the last heading is a-19999");
        assert_eq!(r.html.matches("<h2 id=").count(), 20_000);
        // an id already taken by an explicit heading is skipped
        let (r, _) = md("## x {#a-1}\n\n## a\n\n## a\n\n## a\n", "/");
        let ids: Vec<&str> = r.html.split("id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        assert_eq!(ids, ["a-1", "a", "a-2", "a-3"]);
    }

    #[test]
    fn an_h1_in_the_body_is_demoted_to_keep_one_h1_per_page() {
        let (r, _) = md("# Top\n\n## Sub\n", "/");
        assert!(r.html.contains("<h2 id=\"top\">"));
        assert!(r.html.contains("<h3 id=\"sub\">"));
    }

    fn levels(body: &str) -> Vec<u8> {
        let (r, _) = md(body, "/");
        let mut out = Vec::new();
        let mut rest = r.html.as_str();
        while let Some(i) = rest.find("<h") {
            if let Some(d) = rest[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
                out.push(d as u8);
            }
            rest = &rest[i + 2..];
        }
        out
    }

    #[test]
    fn body_headings_start_below_the_title_and_never_skip_a_level() {
        assert_eq!(levels("#### Deep\n\ntext\n\n#### Again\n"), [2, 2]);
        assert_eq!(levels("## A\n\n#### B\n\n### C\n\n## D\n"), [2, 3, 3, 2]);
        assert_eq!(levels("# A\n\n## B\n\n#### C\n\n# D\n"), [2, 3, 4, 2]);
        assert_eq!(levels("### A\n\n# B\n\n## C\n"), [2, 2, 3]);
        assert_eq!(levels("# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n"), [2, 3, 4, 5, 6, 6]);
    }

    #[test]
    fn internal_links_resolve_under_a_sub_path() {
        let (r, d) = md("See [A](@/forums/a.md#themes) and [B](/news/).\n", "/summit/");
        assert!(d.is_empty());
        assert!(r.html.contains("href=\"/summit/forums/a/#themes\""), "{}", r.html);
        assert!(r.html.contains("href=\"/summit/news/\""));
        assert_eq!(r.anchor_refs[0].target, 7);
        assert_eq!(r.anchor_refs[0].anchor, "themes");
    }

    #[test]
    fn relative_targets_naming_co_located_files_get_the_files_address() {
        let (r, _) = md("![Plan](plan.png) [plan](plan.png#top) [other](other.png) ![x](/plan.png)\n", "/summit/");
        assert!(r.html.contains("<img src=\"/summit/pages/plan.png\" alt=\"Plan\""), "{}", r.html);
        assert!(r.html.contains("<a href=\"/summit/pages/plan.png#top\">"), "{}", r.html);
        assert!(r.html.contains("<a href=\"other.png\">"), "{}", r.html);
        assert!(r.html.contains("<img src=\"/summit/plan.png\""), "{}", r.html);
        // what the author wrote is what `plenary check` looks for
        assert_eq!(r.images[0].src, "plan.png");
    }

    #[test]
    fn broken_internal_link_is_an_error_at_its_position() {
        let (_, d) = md("Text\n\nSee [A](@/forums/b.md).\n", "/");
        assert_eq!((d[0].line, d[0].col), (7, 5));
        assert_eq!(d[0].message, "broken internal link `@/forums/b.md`: no such content file");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `forums/a.md`?"));
    }

    #[test]
    fn gfm_extensions_and_smart_punctuation() {
        let (r, _) = md("| a |\n|---|\n| b |\n\n~~x~~ - [x] \"q\"\n\nN[^1]\n\n[^1]: note\n", "/");
        assert!(r
            .html
            .contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>"));
        assert!(r.html.contains("</table>\n</div>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn images_are_collected_with_their_alt_text() {
        let (r, _) = md("![A map](map.png)\n\n![](/logo.svg)\n", "/");
        assert_eq!(r.images.len(), 2);
        assert_eq!((r.images[0].src.as_str(), r.images[0].no_alt, r.images[0].line), ("map.png", false, 5));
        assert!(r.images[1].no_alt);
    }

    #[test]
    fn sections_follow_h2_and_h3_headings() {
        let (r, _) = md("Intro *text*.\n\n## One\n\n- a\n- b\n\n### Two\n\n#### Deep\n\nc\n", "/");
        let s: Vec<(Option<&str>, &str, String)> = r
            .sections
            .iter()
            .map(|s| (s.anchor.as_deref(), s.heading.as_str(), s.text.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect();
        assert_eq!(
            s,
            [
                (None, "", "Intro text.".to_string()),
                (Some("one"), "One", "a b".to_string()),
                (Some("two"), "Two", "c".to_string())
            ]
        );
    }

    #[test]
    fn table_cells_are_separated_in_search_text() {
        let (r, _) = md("Intro.\n\n| Name | Country |\n|---|---|\n| Ana | Chile |\n| Bo | Peru |\n", "/");
        let text = r.sections[0].text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(text, "Intro. Name | Country; Ana | Chile; Bo | Peru;");
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let (r, _) = md("## H\n\nSome *very* `code`\ntext.\n\nSecond.\n", "/");
        assert_eq!(r.first_paragraph, "Some very code text.");
    }
}
