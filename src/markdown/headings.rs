//! Headings: the level each is written at, automatic and unique ids, the nested table of
//! contents.

use std::collections::BTreeMap;

use pulldown_cmark::HeadingLevel;

use super::TocEntry;

/// The output level of a heading written at `written`, given the written levels of the
/// headings still open above it: one below the nearest open heading of a higher level, `h2`
/// when there is none, at most `h6`.
pub(super) fn nest_level(open: &mut Vec<HeadingLevel>, written: HeadingLevel) -> HeadingLevel {
    while open.last().is_some_and(|&l| l >= written) {
        open.pop();
    }
    open.push(written);
    match open.len() {
        1 => HeadingLevel::H2,
        2 => HeadingLevel::H3,
        3 => HeadingLevel::H4,
        4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// A heading's automatic id: lower-case words joined by `-`; letters of any script are kept.
pub fn heading_slug(text: &str) -> String {
    let s = crate::types::slugify(text);
    if s.is_empty() {
        "section".into()
    } else {
        s
    }
}

/// `wanted`, or `wanted-1`, `wanted-2` … whichever is not `taken`. `next` remembers, per
/// wanted id, the suffix to try next, so n equal headings cost O(n) in all, not O(n²).
pub fn unique_id(wanted: &str, taken: impl Fn(&str) -> bool, next: &mut BTreeMap<String, usize>) -> String {
    if !taken(wanted) {
        return wanted.to_string();
    }
    let n = next.entry(wanted.to_string()).or_insert(1);
    loop {
        let candidate = format!("{wanted}-{n}");
        *n += 1;
        if !taken(&candidate) {
            return candidate;
        }
    }
}

/// Nests a flat list of (level, id, title) headings of level 2 and below.
pub(super) fn nest_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn take(flat: &[(u8, String, String)], i: &mut usize, level: u8) -> Vec<TocEntry> {
        let mut out: Vec<TocEntry> = Vec::new();
        while *i < flat.len() {
            let (l, id, title) = &flat[*i];
            if *l < level {
                break;
            }
            if *l > level && !out.is_empty() {
                let children = take(flat, i, *l);
                if let Some(last) = out.last_mut() {
                    last.children.extend(children);
                }
                continue;
            }
            out.push(TocEntry { level: *l, id: id.clone(), title: title.clone(), children: Vec::new() });
            *i += 1;
        }
        out
    }
    let flat: Vec<_> = flat.iter().filter(|(l, _, _)| *l >= 2).cloned().collect();
    let top = flat.iter().map(|(l, _, _)| *l).min().unwrap_or(2);
    let mut i = 0;
    take(&flat, &mut i, top)
}
