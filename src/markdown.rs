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

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{line_col, Diagnostic};

mod headings;
mod links;
mod notes;
mod raw_html;
mod sections;
mod unresolved;

pub use headings::{heading_slug, unique_id};
use headings::{nest_level, nest_toc};
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
    /// Whether some code is highlighted (the page then needs the theme's `highlight.css`).
    pub highlighted: bool,
}

/// Resolves the part after `@/` to (address without base path, target), or says why it
/// names no page (`no such content file`, or that it is a draft left out) with a hint.
pub type Resolver<'a, T> = dyn Fn(&str) -> Result<(String, T), (&'static str, String)> + Sync + 'a;

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
    /// What a table's scrolling region is called for screen readers, in the document's
    /// language ("Table", "表格"; the theme's `table_region`).
    pub table_label: &'a str,
    /// What a footnote's link back to its reference is called for screen readers, in the
    /// document's language ("Back to the text"; the theme's `footnote_back`).
    pub note_back_label: &'a str,
}

/// The text a reader sees of a piece of inline HTML: its tags left out, the five entities
/// HTML escaping writes read back.
pub(crate) fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    if !out.contains('&') {
        return out;
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
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

/// Characters no page may hold written as character references (`&#x1;`, `&#xFFFE;`): the
/// loader replaced those typed as they are ([`crate::controls`]); these, read from the
/// references, become spaces here, with one warning at the first.
fn referenced_hidden(
    events: &mut [(Event<'_>, Range<usize>)],
    body: &str,
    path: &Path,
    body_line: usize,
) -> Option<Diagnostic> {
    if !body.contains("&#") {
        return None;
    }
    let mut first: Option<(usize, char)> = None;
    let mut count = 0;
    for (event, range) in events.iter_mut() {
        // a text, or a link's or an image's title (`[x](url "t&#x7f;")`)
        let t = match event {
            Event::Text(t) => t,
            Event::Start(Tag::Link { title, .. } | Tag::Image { title, .. }) => title,
            _ => continue,
        };
        // most texts hold none: looked for before any copy is made
        if crate::controls::first(t).is_none() {
            continue;
        }
        let mut text = t.to_string();
        if let Some((n, c)) = crate::controls::blank(&mut text) {
            count += n;
            let at = body.get(range.clone()).and_then(|r| r.find("&#")).map_or(range.start, |i| range.start + i);
            first.get_or_insert((at, c));
            *t = text.into();
        }
    }
    let (at, c) = first?;
    let (l, col) = line_col(body, at);
    Some(
        Diagnostic::warning(
            path,
            l + body_line - 1,
            col,
            crate::controls::message(c, count, "as a character reference"),
        )
        .with_help("web pages and feeds cannot hold it: delete the reference"),
    )
}

/// A formula written as a white paper writes one (`$$ \int_0^1 f(x)\,dx $$`) on a page that
/// is no paper's: it is text here, and Markdown reads its backslashes as escapes (`\,` is a
/// comma), so it is published changed. One warning, at the first.
fn math_outside_a_paper(body: &str, path: &Path, body_line: usize) -> Option<Diagnostic> {
    let start = body.find("$$")?;
    let end = body[start + 2..].find("$$")? + start + 2;
    if !body[start..end].contains('\\') {
        return None;
    }
    let (l, c) = line_col(body, start);
    Some(
        Diagnostic::warning(
            path,
            l + body_line - 1,
            c,
            "this formula is shown as text: math is typeset in white papers only",
        )
        .with_help("move it into a paper's chapter, or write it as code (`` `…` ``) so its backslashes are kept"),
    )
}

/// The id of the footnote labelled `label` (`[^1]` → `fn-1`), in lower case: labels are one
/// without case (`[^Case]` cites `[^case]:`), and the link must name the note's own id. A
/// character an id may not hold or a link would write encoded (a space, `%`, `#`) is `-`.
fn footnote_id(label: &str) -> CowStr<'static> {
    let id: String = label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '-' })
        .collect();
    CowStr::from(format!("fn-{id}"))
}

/// Each note's id by its label in lower case, from its first definition: [`footnote_id`], and
/// `-2`, `-3`… after it when an earlier note's label gave the same id (`[^a b]` and `[^a-b]`
/// both read `fn-a-b`, and one note's links led to the other).
fn note_ids(events: &[(Event, Range<usize>)]) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (e, _) in events {
        let Event::Start(Tag::FootnoteDefinition(name)) = e else { continue };
        let Entry::Vacant(slot) = ids.entry(name.to_lowercase()) else { continue };
        let base = footnote_id(name).to_string();
        let id =
            (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") }).find(|id| !taken.contains(id));
        let id = id.unwrap_or(base);
        taken.insert(id.clone());
        slot.insert(id);
    }
    ids
}

/// Renders `body`. Broken internal links become errors in `diags`, references defined nowhere
/// warnings.
pub fn render<T: Copy>(body: &str, cx: &Context<T>, diags: &mut Vec<Diagnostic>) -> Rendered<T> {
    let opts = options() | cx.ext.map_or(Options::empty(), |e| e.options());
    let (mut events, unlinked) = unresolved::events_and_unlinked(body, opts);
    for (offset, what) in unlinked {
        let (l, c) = line_col(body, offset);
        let line = l + cx.body_line - 1;
        diags.push(match what {
            unresolved::Unlinked::Reference(r) => unresolved::reference_defined_nowhere(cx.path, line, c, &r),
            unresolved::Unlinked::Spaced(a) => unresolved::address_with_a_space(cx.path, line, c, &a),
        });
    }
    diags.extend(referenced_hidden(&mut events, body, cx.path, cx.body_line));
    diags.extend(raw_html::check(&events, body, cx.path, cx.body_line));
    if cx.ext.is_none() {
        diags.extend(math_outside_a_paper(body, cx.path, cx.body_line));
    }
    if let Some(ext) = cx.ext {
        // the extension joins runs of text, after which a footnote reference defined nowhere
        // (the texts `[`, `^x`, `]`) is no longer found below: looked for here first
        for (i, (event, range)) in events.iter().enumerate() {
            if matches!(event, Event::Text(t) if t.as_ref() == "[") {
                if let Some(label) = unresolved::undefined_footnote(range, &events[i + 1..]) {
                    let (l, c) = line_col(body, range.start);
                    diags.push(unresolved::footnote_defined_nowhere(cx.path, l + cx.body_line - 1, c, label));
                }
            }
        }
        events = ext.before(events, body, diags);
    }
    // body headings sit below the page's `h1` (the title): nested by their written levels,
    // the outermost at `h2`, and never skipping a level (`#` / `##` / `####` all start at h2)
    let mut open_levels: Vec<HeadingLevel> = Vec::new();
    // a table adds two events; a code block's become one
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + events.len() / 8);
    // the notes' ids are known before any heading takes one (`## Fn-note` before `[^note]:`
    // gave the page two `fn-note`s)
    let note_ids = note_ids(&events);
    let note_id = |name: &str| -> CowStr<'static> {
        note_ids.get(&name.to_lowercase()).map_or_else(|| footnote_id(name), |id| CowStr::from(id.clone()))
    };
    let mut anchors: BTreeSet<String> = note_ids.values().cloned().collect();
    // and the references' ids, which the notes link back to
    let cited = events.iter().filter_map(|(e, _)| match e {
        Event::FootnoteReference(name) => Some(note_id(name).to_string()),
        _ => None,
    });
    anchors.extend(notes::reference_ids(cited));
    let mut suffixes = BTreeMap::new();
    let mut anchor_refs = Vec::new();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    let mut first_paragraph = String::new();
    let mut paragraphs_seen = 0usize;
    let mut images = Vec::new();
    let mut sections = vec![Open::default()];
    let mut in_first_paragraph = false;
    let mut footnotes = unresolved::Footnotes::default();
    let mut highlighted = false;
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
                // its words make its id (as they always have: an id never changes with what a
                // citation or formula in it shows); the contents and search show those too
                let (mut text, mut shown) = (String::new(), String::new());
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    match &events[j].0 {
                        Event::Text(t) | Event::Code(t) => {
                            text.push_str(t);
                            shown.push_str(t);
                        }
                        Event::InlineHtml(h) => shown.push_str(&visible_text(h)),
                        _ => {}
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
                    sections.push(Open { anchor: Some(unique.clone()), heading: shown.clone(), text: String::new() });
                }
                flat_toc.push((level as u8, unique.clone(), shown));
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
                let block = cx.highlighter.highlight(&code, info);
                highlighted |= crate::highlight::shows_highlighted(&block);
                out.push(Event::Html(CowStr::from(block)));
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
                let mut open = String::from("<div class=\"table-scroll\" role=\"region\" aria-label=\"");
                crate::highlight::escape_attr(&mut open, cx.table_label);
                open.push_str("\" tabindex=\"0\">");
                out.push(Event::Html(CowStr::from(open)));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                if let Err(first) = footnotes.define(name, range.start) {
                    // said once, here; the second note is left out, so its id is not written twice
                    let (l, c) = pos(range.start);
                    let first_line = line_col(body, first).0 + cx.body_line - 1;
                    diags.push(unresolved::footnote_defined_twice(cx.path, l, c, name, first_line));
                    let end =
                        events[i + 1..].iter().position(|(e, _)| matches!(e, Event::End(TagEnd::FootnoteDefinition)));
                    i += end.map_or(events.len(), |p| p + 2);
                    continue;
                }
                // a note's id is `fn-` and its label: `[^main]` or `[^intro]` beside `## Intro`
                // took an id the page already had (the theme's `main`, the heading's)
                let id = note_id(name);
                anchors.insert(id.to_string());
                out.push(Event::Start(Tag::FootnoteDefinition(id)));
            }
            Event::FootnoteReference(name) => {
                footnotes.cite(name);
                out.push(Event::FootnoteReference(note_id(name)));
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
                    if let Some(label) = unresolved::undefined_footnote(range, &events[i + 1..]) {
                        let (l, c) = pos(range.start);
                        diags.push(unresolved::footnote_defined_nowhere(cx.path, l, c, label));
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
            // what a white paper's pass writes into running text (a citation "(UNESCO, 2021)",
            // a cross-reference "Figure 1.1", a formula) reads in the summary and search as shown
            Event::InlineHtml(h) => {
                let words = visible_text(h);
                if in_first_paragraph {
                    first_paragraph.push_str(&words);
                }
                if let Some(sec) = sections.last_mut() {
                    sec.text.push_str(&words);
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
    for (name, offset) in footnotes.unreferenced() {
        let (l, c) = line_col(body, offset);
        diags.push(unresolved::footnote_never_referred_to(cx.path, l + cx.body_line - 1, c, name));
    }
    if let Some(ext) = cx.ext {
        out = ext.after(out, &mut anchors);
    }
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    pulldown_cmark::html::push_html(&mut html, notes::write(out, cx.note_back_label).into_iter());
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
        highlighted,
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
mod tests;
