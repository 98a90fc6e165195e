//! Numbering of a chapter's blocks: sections (`1`, `1.1`, `1.1.1` — chapter N's sections
//! start with N), figures, tables and display equations (`Figure 2.1`), each with an id and,
//! when written, a label (`{#fig:name}`) that cross-references resolve.
//!
//! - a heading's label is its id: `## Scope {#sec:scope}`, or `sec:` + its automatic id;
//! - a figure is an image alone in a paragraph, captioned by its title (else its alt text;
//!   with neither, "Figure 2.1" alone and a warning):
//!   `![Alt](stages.svg "Caption") {#fig:stages}`; a relative file is found as any page's
//!   image is, beside the chapter (the paper's folder), and an error quotes it as written;
//! - a table is captioned by a paragraph `Table: Caption {#tbl:name}` right before it;
//! - a display equation `$$…$$` alone in a paragraph is numbered: `$$ x^2 $$ {#eq:name}`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::anchors::content_id;
use super::crossref::{trailing_label, Target};
use super::{escape, math, Problem};
use crate::markdown::{heading_slug, unique_id};

/// The page being numbered.
pub struct Page<'a> {
    /// Chapter number; `None` for the paper's landing page (nothing is numbered there).
    pub chapter: Option<usize>,
    /// The page's address below the base URL.
    pub url: &'a str,
    /// Ids the page around the body has already: a heading's id made from its text is never
    /// one of them ([`crate::markdown::Context::reserved`]).
    pub reserved: &'a BTreeSet<String>,
    /// The words of captions ("Figure 1.1."), in the page's language.
    pub words: &'a super::words::Words,
}

/// A label defined on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelDef {
    /// `fig:stages`.
    pub label: String,
    /// What it points at.
    pub target: Target,
    /// Byte offset in the body, for "defined twice" errors.
    pub offset: usize,
    /// Written by the author (`{#…}`) rather than derived from a heading's text.
    pub explicit: bool,
}

/// How the warning of a figure with neither caption nor alternative text ends (after
/// "figure 2.1"); `plenary check` then leaves out its own warning of the missing text.
pub const NO_CAPTION: &str = " has no caption and no alternative text";

type Ev<'e> = (Event<'e>, Range<usize>);

/// Joins runs of text events into one, so `[@key]` and `{#label}` are seen whole — except
/// where the author escaped a bracket or an `@` (`\[@key]`, `\@key`): the escaped character
/// (with the `@` right after an escaped `[`) stays a text of its own, joined to neither side,
/// so the joined text holds no group or key for it and `[@key]` is published as written.
pub fn merge_text<'e>(events: Vec<Ev<'e>>, body: &str) -> Vec<Ev<'e>> {
    let mut out: Vec<Ev> = Vec::with_capacity(events.len());
    // the last event in `out` is an escaped character, which nothing is joined to
    let mut sealed = false;
    for (e, r) in events {
        if let Event::Text(t) = &e {
            if let Some(n) = escaped_prefix(t, &r, body) {
                let mut start = r.start;
                let mut rest = t.as_ref();
                for len in n {
                    out.push((Event::Text(CowStr::from(rest[..len].to_string())), start..start + len));
                    start += len;
                    rest = &rest[len..];
                }
                sealed = true;
                if !rest.is_empty() {
                    out.push((Event::Text(CowStr::from(rest.to_string())), start..r.end));
                    sealed = false;
                }
                continue;
            }
        }
        if let (false, Event::Text(t), Some((Event::Text(prev), pr))) = (sealed, &e, out.last_mut()) {
            let mut s = prev.to_string();
            s.push_str(t);
            *prev = CowStr::from(s);
            pr.end = r.end;
            continue;
        }
        sealed = false;
        out.push((e, r));
    }
    out
}

/// The lengths of the characters that open `text` escaped (`\[`, `\@`, and the `@` or `-@`
/// right after an escaped `[`), each kept apart; `None` when it opens with no escape.
fn escaped_prefix(text: &str, range: &Range<usize>, body: &str) -> Option<Vec<usize>> {
    let first = *text.as_bytes().first().filter(|&&b| b == b'[' || b == b'@')?;
    // the parser's text of an escaped character starts after its backslash; an even run of
    // backslashes is escaped backslashes, and the bracket after them is the author's
    let before = body.as_bytes().get(..range.start)?;
    let slashes = before.iter().rev().take_while(|&&b| b == b'\\').count();
    if slashes % 2 == 0 || body.as_bytes().get(range.start) != Some(&first) {
        return None;
    }
    let mut parts = vec![1];
    if first == b'[' {
        let after = &text[1..];
        if after.starts_with('@') {
            parts.push(1);
        } else if after.starts_with("-@") {
            parts.push(2);
        }
    }
    Some(parts)
}

fn html<'e>(s: String, r: &Range<usize>) -> Ev<'e> {
    (Event::Html(CowStr::from(s)), r.clone())
}

fn number(chapter: Option<usize>, rest: &[usize]) -> String {
    chapter.map(|c| c.to_string()).into_iter().chain(rest.iter().map(usize::to_string)).collect::<Vec<_>>().join(".")
}

/// Numbers headings, figures, tables and equations; returns the events and the labels defined.
pub fn number_blocks<'e>(
    events: Vec<Ev<'e>>,
    page: &Page,
    problems: &mut Vec<Problem>,
) -> (Vec<Ev<'e>>, Vec<LabelDef>) {
    // the levels of the headings a heading sits under: its depth is theirs and its own, so a
    // level skipped (`##` then `####`) or a `#` among `##`s numbers 1.2.1 and 1.5, never 1.2.0.1
    let mut open: Vec<HeadingLevel> = Vec::new();
    // a heading gains four events (its number), a figure or table a few
    let mut out: Vec<Ev> = Vec::with_capacity(events.len() + events.len() / 4 + 16);
    let mut defs = Vec::new();
    let mut heading_ids = BTreeSet::new();
    let mut suffixes = BTreeMap::new();
    let mut sections: Vec<usize> = Vec::new();
    let (mut figures, mut tables, mut equations) = (0usize, 0usize, 0usize);
    let mut table_close: Vec<&'static str> = Vec::new();
    let target = |kind: &'static str, number: String, title: String, id: &str| Target {
        kind,
        number,
        title,
        page: page.url.to_string(),
        id: id.to_string(),
        also: None,
    };
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let wanted = id.as_ref().map_or_else(|| heading_slug(&text), |s| s.to_string());
                let taken = |c: &str| heading_ids.contains(c) || id.is_none() && page.reserved.contains(c);
                let unique = unique_id(&wanted, taken, &mut suffixes);
                heading_ids.insert(unique.clone());
                while open.last().is_some_and(|l| l >= level) {
                    open.pop();
                }
                open.push(*level);
                let depth = open.len();
                let mut no = String::new();
                if page.chapter.is_some() && depth >= 1 {
                    sections.truncate(depth);
                    while sections.len() < depth {
                        sections.push(0);
                    }
                    sections[depth - 1] += 1;
                    no = number(page.chapter, &sections);
                }
                // a written label is the one written, though its id had to differ: a second
                // `{#sec:scope}` on the page is then reported as defined twice
                let named = if id.is_some() { &wanted } else { &unique };
                let label = if named.contains(':') { named.clone() } else { format!("sec:{named}") };
                defs.push(LabelDef {
                    label,
                    target: target("Section", no.clone(), text.trim().to_string(), &unique),
                    offset: range.start,
                    explicit: id.is_some(),
                });
                out.push((
                    Event::Start(Tag::Heading {
                        level: *level,
                        id: Some(CowStr::from(unique)),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    }),
                    range.clone(),
                ));
                if !no.is_empty() {
                    out.push(html("<span class=\"secno\">".into(), range));
                    out.push((Event::Text(CowStr::from(no)), range.clone()));
                    out.push(html("</span>".into(), range));
                    out.push((Event::Text(CowStr::Borrowed(" ")), range.clone()));
                }
                out.extend(events[i + 1..=end].iter().cloned());
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Paragraph)));
                let inner = &events[i + 1..end];
                if let Some((label, img)) = as_figure(inner) {
                    figures += 1;
                    let no = number(page.chapter, &[figures]);
                    let (Event::Start(Tag::Image { link_type, dest_url, title, id }), _) = &inner[img.start] else {
                        unreachable!("as_figure returns an image's range")
                    };
                    let alt: String = inner[img.start + 1..img.end - 1]
                        .iter()
                        .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
                        .collect();
                    let caption = if title.trim().is_empty() { alt.clone() } else { title.to_string() };
                    let id_ = label.clone().unwrap_or_else(|| content_id("fig", &format!("{caption} {dest_url}")));
                    if let Some(l) = &label {
                        defs.push(LabelDef {
                            label: l.clone(),
                            target: target("Figure", no.clone(), caption.clone(), &id_),
                            offset: range.start,
                            explicit: true,
                        });
                    }
                    out.push(html(format!("<figure class=\"figure\" id=\"{}\">", escape(&id_)), range));
                    out.push((
                        Event::Start(Tag::Image {
                            link_type: *link_type,
                            dest_url: dest_url.clone(),
                            title: title.clone(),
                            id: id.clone(),
                        }),
                        range.clone(),
                    ));
                    out.extend(inner[img.start + 1..img.end].iter().cloned());
                    out.push(html(figcaption(&caption, &no, page.words), range));
                    if caption.trim().is_empty() {
                        problems.push(Problem::warning(
                            inner[img.start].1.start,
                            format!("figure {no}{NO_CAPTION}"),
                            "write what it shows between the brackets, which is its caption, or a caption as its title: \
                             `![What the chart shows](chart.svg \"Caption\")`",
                        ));
                    }
                    i = end + 1;
                    continue;
                }
                if let Some((label, tex)) = as_equation(inner) {
                    equations += 1;
                    let no = number(page.chapter, &[equations]);
                    let id_ = label.clone().unwrap_or_else(|| content_id("eq", &tex));
                    if let Some(l) = &label {
                        defs.push(LabelDef {
                            label: l.clone(),
                            target: target("Equation", no.clone(), String::new(), &id_),
                            offset: range.start,
                            explicit: true,
                        });
                    }
                    let (mathml, err) = math::to_mathml(&tex, true);
                    if let Some(e) = err {
                        problems.push(Problem::new(
                            range.start,
                            format!("this formula is not valid LaTeX: {e}"),
                            "plenary renders `$$…$$` with pulldown-latex, which understands most of LaTeX's math mode",
                        ));
                    }
                    out.push(html(
                        format!(
                            "<div class=\"equation\" id=\"{}\">{mathml}<span class=\"eq-number\">({no})</span></div>\n",
                            escape(&id_)
                        ),
                        range,
                    ));
                    i = end + 1;
                    continue;
                }
                // a display formula the Markdown parser left as text (its braces do not
                // balance) is one error at it (`math::unparsed_formulas`); its label is
                // known, so references to it are not each a second error
                if let Some(l) = unparsed_equation_label(inner) {
                    let t = target("Equation", String::new(), String::new(), l);
                    defs.push(LabelDef { label: l.to_string(), target: t, offset: range.start, explicit: true });
                }
                let table_caption = matches!(inner.first(), Some((Event::Text(t), _)) if t.starts_with("Table:"));
                let caption_for_table =
                    table_caption && matches!(events.get(end + 1), Some((Event::Start(Tag::Table(_)), _)));
                // a labelled caption with no table after it (below the table, as pandoc also
                // reads it, or a paragraph between) was published as text, `{#tbl:…}` and all
                let labelled = || matches!(inner.last(), Some((Event::Text(t), _)) if trailing_label(t).is_some());
                if table_caption && !caption_for_table && labelled() {
                    problems.push(Problem::new(
                        range.start,
                        "this table caption is not right before a table",
                        "write `Table: Caption {#tbl:name}` as the paragraph just above the table (a blank line between them, nothing else)",
                    ));
                    // its label is known, so references to it are not each a second error
                    if let Some((Event::Text(t), _)) = inner.last() {
                        if let Some((_, l)) = trailing_label(t) {
                            let t = target("Table", String::new(), l.to_string(), l);
                            defs.push(LabelDef {
                                label: l.to_string(),
                                target: t,
                                offset: range.start,
                                explicit: true,
                            });
                        }
                    }
                }
                if caption_for_table {
                    tables += 1;
                    let no = number(page.chapter, &[tables]);
                    let mut caption: Vec<Ev> = inner.to_vec();
                    if let Some((Event::Text(t), _)) = caption.first_mut() {
                        *t = CowStr::from(t.trim_start_matches("Table:").trim_start().to_string());
                    }
                    let mut label = None;
                    if let Some((Event::Text(t), _)) = caption.last_mut() {
                        if let Some((before, l)) = trailing_label(t) {
                            label = Some(l.to_string());
                            *t = CowStr::from(before.trim_end().to_string());
                        }
                    }
                    let plain: String = caption
                        .iter()
                        .filter_map(|(e, _)| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let id_ = label.clone().unwrap_or_else(|| content_id("tbl", &plain));
                    if let Some(l) = &label {
                        defs.push(LabelDef {
                            label: l.clone(),
                            target: target("Table", no.clone(), plain.clone(), &id_),
                            offset: range.start,
                            explicit: true,
                        });
                    }
                    out.push(html(
                        format!(
                            "<figure class=\"table-figure\" id=\"{}\"><figcaption><span class=\"caption-label\">{}</span> ",
                            escape(&id_),
                            page.words.html("caption_table", escape(&page.words.table_caption(&no)))
                        ),
                        range,
                    ));
                    out.extend(caption);
                    out.push(html("</figcaption>\n".into(), range));
                    table_close.push("</figure>\n");
                    // the table itself follows; it must not be wrapped again
                    out.push(events[end + 1].clone());
                    i = end + 2;
                    continue;
                }
            }
            Event::Start(Tag::Table(_)) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Table)));
                let mut text = String::new();
                for (e, _) in &events[i..end] {
                    if let Event::Text(t) = e {
                        text.push_str(t);
                        text.push(' ');
                    }
                }
                out.push(html(format!("<div class=\"table-figure\" id=\"{}\">", content_id("t", &text)), range));
                table_close.push("</div>\n");
            }
            Event::End(TagEnd::Table) => {
                out.push((event.clone(), range.clone()));
                if let Some(close) = table_close.pop() {
                    out.push(html(close.into(), range));
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push((event.clone(), range.clone()));
        i += 1;
    }
    (out, defs)
}

/// A figure's caption: "Figure 2.1. What it shows"; a figure with nothing to say is still
/// numbered, "Figure 2.1", as a cross-reference names it, never an empty sentence.
fn figcaption(caption: &str, no: &str, words: &super::words::Words) -> String {
    if caption.trim().is_empty() {
        let label = words.target_on_page("Figure", no);
        let label = words.html(super::words::Words::key_of("Figure", false), escape(&label));
        return format!("<figcaption><span class=\"caption-label\">{label}</span></figcaption></figure>\n");
    }
    format!(
        "<figcaption><span class=\"caption-label\">{}</span> {}</figcaption></figure>\n",
        words.html("caption_figure", escape(&words.figure_caption(no))),
        escape(caption)
    )
}

/// Index of the first event after `start` matching `is_end` (or the last event).
fn find_end(events: &[Ev], start: usize, is_end: impl Fn(&Event) -> bool) -> usize {
    events[start + 1..].iter().position(|(e, _)| is_end(e)).map_or(events.len() - 1, |p| start + 1 + p)
}

fn blank(e: &Event) -> bool {
    match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak => true,
        _ => false,
    }
}

/// A paragraph that is one image, optionally followed by `{#fig:label}`: (label, image's range in `inner`).
fn as_figure(inner: &[Ev]) -> Option<(Option<String>, Range<usize>)> {
    let start = inner.iter().position(|(e, _)| !blank(e))?;
    if !matches!(inner[start].0, Event::Start(Tag::Image { .. })) || start != 0 {
        return None;
    }
    let end = inner.iter().position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))? + 1;
    let label = trailing(&inner[end..])?;
    Some((label, start..end))
}

/// A paragraph that is one display formula, optionally followed by `{#eq:label}`.
fn as_equation(inner: &[Ev]) -> Option<(Option<String>, String)> {
    let start = inner.iter().position(|(e, _)| !blank(e))?;
    let Event::DisplayMath(tex) = &inner[start].0 else { return None };
    if inner[..start].iter().any(|(e, _)| !blank(e)) {
        return None;
    }
    let label = trailing(&inner[start + 1..])?;
    Some((label, tex.to_string()))
}

/// The label of a paragraph that is a display formula left as text, `$$ \\frac{1}{ $$ {#eq:x}`
/// (over lines or on one).
fn unparsed_equation_label<'a>(inner: &'a [Ev]) -> Option<&'a str> {
    let (Event::Text(first), _) = &inner.first()? else { return None };
    let (Event::Text(last), _) = &inner.last()? else { return None };
    let (before, label) = trailing_label(last)?;
    let written = first.trim_start().starts_with("$$") && before.trim_end().ends_with("$$");
    let plain = inner.iter().all(|(e, _)| matches!(e, Event::Text(_) | Event::SoftBreak));
    (written && plain && label.starts_with("eq:")).then_some(label)
}

/// What follows a figure or formula: nothing (`Some(None)`), a label (`Some(Some)`), or
/// other content (`None`: not a figure after all).
fn trailing(rest: &[Ev]) -> Option<Option<String>> {
    let rest: Vec<&Ev> = rest.iter().filter(|(e, _)| !blank(e)).collect();
    match rest.as_slice() {
        [] => Some(None),
        [(Event::Text(t), _)] => {
            let (before, label) = trailing_label(t)?;
            before.trim().is_empty().then(|| Some(label.to_string()))
        }
        _ => None,
    }
}
