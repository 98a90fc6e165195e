//! Where in its source file each finding of the output check was written: the texts a
//! finding may be written as (`wanted`: the link as it stands in the page, without the base
//! path, its last part after `(`, its fragment; a repeated id as `{#id}`, `[^id]` or
//! `id="id"`) are looked for in the documents the page shows.
//!
//! Every source is read and scanned once for all its findings together (Aho-Corasick over
//! all their texts): a file with thousands of findings (a pasted block of headings with the
//! same ids) took one read and one scan of the whole file per finding and page — 2.5 minutes
//! for 20,000 repeated ids — and takes one of each now.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use aho_corasick::AhoCorasick;

use crate::graph::DocId;
use crate::linkcheck::{Broken, Problem};

use super::Prepared;

/// The first place of each text looked for, in each source read.
pub(super) struct Places {
    by_doc: HashMap<DocId, Source>,
}

/// One source's text and, for each text looked for in it, where it stands: the first place
/// where it ends (the address is not the start of a longer one: `/a/` inside `/a/b/`), else
/// the first place at all.
struct Source {
    text: String,
    first: HashMap<String, usize>,
    /// Where each line begins, so a place's line is found without counting from the top.
    lines: Vec<usize>,
}

impl Source {
    /// 1-based line and column (in characters) of byte offset `at`, as
    /// [`crate::diagnostics::line_col`] counts them.
    fn line_col(&self, at: usize) -> (usize, usize) {
        let line = self.lines.partition_point(|&start| start <= at);
        let start = self.lines[line - 1];
        (line, self.text[start..at].chars().count() + 1)
    }
}

/// What finding `b` may be written as in its source, most telling first.
fn wanted(p: &Prepared, b: &Broken) -> Vec<String> {
    if b.problem == Problem::DuplicateId {
        return vec![format!("{{#{}}}", b.link), format!("[^{}]", b.link), format!("id=\"{}\"", b.link)];
    }
    let base = p.site.config.base_path.trim_end_matches('/');
    let mut wanted: Vec<String> = vec![b.link.clone()];
    if let Some(inside) = b.link.strip_prefix(base).filter(|s| s.starts_with('/') && !base.is_empty()) {
        wanted.push(inside.to_string());
    }
    // a relative address as written (`chart.svg`, `../x/`)
    if let Some(last) = b.link.trim_end_matches('/').rsplit('/').next().filter(|l| !l.is_empty()) {
        wanted.push(format!("({last}"));
    }
    // an `@/` link to an id: its fragment as written, the address before it being the source's
    if let Some((_, fragment)) = b.link.split_once('#').filter(|(_, f)| !f.is_empty()) {
        wanted.push(format!("#{fragment}"));
    }
    wanted.retain(|w| !w.is_empty());
    wanted
}

impl Places {
    /// Reads each source that a page of `found` shows (`sources`: page → documents) and
    /// finds all the findings' texts in it in one pass.
    pub(super) fn find(p: &Prepared, found: &[Broken], sources: &HashMap<String, Vec<DocId>>) -> Places {
        let mut looked_for: BTreeMap<DocId, BTreeSet<String>> = BTreeMap::new();
        for b in found {
            for &id in sources.get(b.page.as_str()).map_or(&[][..], |v| &v[..]) {
                looked_for.entry(id).or_default().extend(wanted(p, b));
            }
        }
        let by_doc = looked_for
            .into_iter()
            .filter_map(|(id, texts)| {
                // a build has let the Markdown go by now: the file is read again
                let text = p.site.doc(id).full_text(&p.root)?.into_owned();
                let texts: Vec<String> = texts.into_iter().collect();
                let first = first_places(&text, &texts);
                let lines =
                    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
                Some((id, Source { text, first, lines }))
            })
            .collect();
        Places { by_doc }
    }

    /// The source file of finding `b` on a page showing `docs`, with the line and column of
    /// its text when found there.
    pub(super) fn locate(&self, p: &Prepared, b: &Broken, docs: &[DocId]) -> Option<(PathBuf, usize, usize)> {
        let wanted = wanted(p, b);
        for &id in docs {
            let Some(source) = self.by_doc.get(&id) else { continue };
            for w in &wanted {
                let Some(&at) = source.first.get(w) else { continue };
                let text = &source.text;
                let at = match w.as_bytes()[0] {
                    b'(' => at + 1,
                    // the start of the address the fragment ends
                    b'#' => text[..at].rfind(['(', '<', ' ', '"', '\n']).map_or(at, |i| i + 1),
                    _ => at,
                };
                let (l, c) = source.line_col(at);
                return Some((p.site.doc(id).path.clone(), l, c));
            }
        }
        // the link is in the rendered body, but written differently (an `@/` link, a reference)
        docs.iter()
            .find(|&&id| p.docs[id].body.html.contains(&format!("\"{}\"", b.link)))
            .map(|&id| (p.site.doc(id).path.clone(), 0, 0))
    }
}

/// For each of `texts` found in `text`: the first place where it ends (what follows is the
/// end, white space or a closing `)`, `"`, `'`, `>`, `]`), else its first place.
fn first_places(text: &str, texts: &[String]) -> HashMap<String, usize> {
    let Ok(automaton) = AhoCorasick::new(texts) else { return HashMap::new() };
    let mut any: Vec<Option<usize>> = vec![None; texts.len()];
    let mut ending: Vec<Option<usize>> = vec![None; texts.len()];
    for m in automaton.find_overlapping_iter(text) {
        let k = m.pattern().as_usize();
        any[k].get_or_insert(m.start());
        if ending[k].is_none()
            && text[m.end()..].chars().next().is_none_or(|c| c.is_whitespace() || ")\"'>]".contains(c))
        {
            ending[k] = Some(m.start());
        }
    }
    texts.iter().enumerate().filter_map(|(k, t)| Some((t.clone(), ending[k].or(any[k])?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first place where the text ends is taken over an earlier one where it begins a
    /// longer address; without one, the first place at all; texts may overlap.
    #[test]
    fn each_text_is_placed_where_it_first_ends() {
        let text = "See [b](/a/b/) and [a](/a/) or /a/x, (/x) [^n1]: {#n1} {#n10}";
        let texts: Vec<String> = ["/a/", "/a/b/", "/a/x", "{#n1}", "[^n1]", "(/x", "/none/"].map(String::from).into();
        let places = first_places(text, &texts);
        assert_eq!(places["/a/"], text.find("(/a/)").unwrap() + 1);
        assert_eq!(places["/a/b/"], text.find("/a/b/").unwrap());
        assert_eq!(places["/a/x"], text.find("/a/x").unwrap());
        assert_eq!(places["{#n1}"], text.find("{#n1}").unwrap());
        assert_eq!(places["[^n1]"], text.find("[^n1]").unwrap());
        assert_eq!(places["(/x"], text.find("(/x").unwrap());
        assert!(!places.contains_key("/none/"));
    }

    /// Lines and columns as `diagnostics::line_col` counts them, at every character.
    #[test]
    fn lines_and_columns_are_counted_as_everywhere() {
        let text = "ab\n\nçé x\r\n中文\nend";
        let lines = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        let source = Source { text: text.to_string(), first: HashMap::new(), lines };
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(source.line_col(at), crate::diagnostics::line_col(text, at), "at {at}");
        }
    }
}
