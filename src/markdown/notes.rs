//! Footnotes written as HTML with a way back: each reference carries an id (`fnref-a`, the
//! second reference to the same note `fnref2-a`, …) and each note ends with a link back to
//! every reference to it (`↩`, `↩²`…), named for screen readers in the page's language. The
//! numbers are pulldown-cmark's (a note's number is the order of its first reference or
//! definition), so a page reads as before, with the way back added.

use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The id of the `k`-th (1-based) reference to the note `note` (`fn-a` → `fnref-a`,
/// `fnref2-a`): every note's id starts with `fn-`, so no reference's id is a note's, and no
/// two references share one.
pub fn reference_id(note: &str, k: usize) -> String {
    let label = note.strip_prefix("fn-").unwrap_or(note);
    if k == 1 {
        format!("fnref-{label}")
    } else {
        format!("fnref{k}-{label}")
    }
}

/// The ids [`write`] gives references to `notes` (each reference's note id, in the page's
/// order), so that headings keep clear of them.
pub fn reference_ids(notes: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids = Vec::new();
    for note in notes {
        let k = seen.entry(note.clone()).or_default();
        *k += 1;
        ids.push(reference_id(&note, *k));
    }
    ids
}

/// Writes the footnotes of `events` (references and notes named by their ids) as HTML:
/// pulldown-cmark's markup and numbers, an id on each reference, and at the end of each note a
/// link back to each reference to it, labelled `back` ("Back to the text").
pub fn write<'e>(events: Vec<Event<'e>>, back: &str) -> Vec<Event<'e>> {
    if !events.iter().any(|e| matches!(e, Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)))) {
        return events;
    }
    // how many references each note has, for its links back
    let mut refs: BTreeMap<String, usize> = BTreeMap::new();
    for e in &events {
        if let Event::FootnoteReference(note) = e {
            *refs.entry(note.to_string()).or_default() += 1;
        }
    }
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut number = |note: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(note.to_string()).or_insert(next)
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut open: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        match e {
            Event::FootnoteReference(note) => {
                let n = number(&note);
                let k = seen.entry(note.to_string()).or_default();
                *k += 1;
                let mut html = String::from("<sup class=\"footnote-reference\" id=\"");
                crate::highlight::escape_attr(&mut html, &reference_id(&note, *k));
                html.push_str("\"><a href=\"#");
                crate::highlight::escape_attr(&mut html, &note);
                html.push_str(&format!("\">{n}</a></sup>"));
                out.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::FootnoteDefinition(note)) => {
                let n = number(&note);
                let mut html = String::from("\n<div class=\"footnote-definition\" id=\"");
                crate::highlight::escape_attr(&mut html, &note);
                html.push_str(&format!("\"><sup class=\"footnote-definition-label\">{n}</sup>"));
                out.push(Event::Html(CowStr::from(html)));
                open.push(note.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let note = open.pop().unwrap_or_default();
                let mut html = String::new();
                for k in 1..=refs.get(&note).copied().unwrap_or(0) {
                    html.push_str("<a class=\"footnote-back\" href=\"#");
                    crate::highlight::escape_attr(&mut html, &reference_id(&note, k));
                    html.push_str("\" aria-label=\"");
                    crate::highlight::escape_attr(&mut html, back);
                    if k > 1 {
                        html.push_str(&format!(" ({k})\">\u{21a9}<sup>{k}</sup></a>"));
                    } else {
                        html.push_str("\">\u{21a9}</a>");
                    }
                }
                html.push_str("</div>\n");
                out.push(Event::Html(CowStr::from(html)));
            }
            e => out.push(e),
        }
    }
    out
}
