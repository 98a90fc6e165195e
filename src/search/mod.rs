//! Offline search: an index per language built at build time, read by a small dependency-free
//! script (`search.js` in the theme) that fetches only the parts a query needs.
//!
//! Layout under `/search/<lang>/` (see ARCHITECTURE.md, "Search"):
//! - `meta.json`: counts, the stemmer's name (`null` when the language is not stemmed), the
//!   stop words, and the first key of every shard of each kind, so the browser finds a key's
//!   shard by binary search;
//! - `t<n>.json`: terms in a range, `{term: [entry delta, weight, …]}`;
//! - `s<n>.json`: surfaces (folded, unstemmed words of the text) in a range, `[[surface,
//!   term], …]`, used only to complete the last word while it is typed;
//! - `d<n>.json`: entries in a range, `[[url, page title, section heading, kind, text], …]`.
//!
//! Shards close at a size cap (bytes of JSON), so one query word loads one bounded file.
//! Entries are sections: a page's text up to its first heading, then each `h2`/`h3` section,
//! so results link to the heading.

pub mod text;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Largest `t<n>.json` / `s<n>.json` in bytes before a new shard starts (one term's postings
/// may exceed it alone).
pub const TERM_SHARD_BYTES: usize = 160 * 1024;
/// Largest `d<n>.json` in bytes before a new one starts (an entry is never split).
pub const DOC_SHARD_BYTES: usize = 8 * 1024;
/// The text kept per entry for snippets, in bytes.
pub const ENTRY_TEXT_BYTES: usize = 2400;

/// One searchable section.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Address with base path and `#anchor`.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Section heading (empty for a page's opening section).
    pub heading: String,
    /// What the page is: `forum`, `speaker`, `news`, `paper`, `chapter` or `page` (the search
    /// page names it in its language).
    pub kind: &'static str,
    /// The text.
    pub text: String,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    lang: &'a str,
    stemmer: Option<&'a str>,
    entries: usize,
    stop: Vec<String>,
    terms: Vec<&'a str>,
    surfaces: Vec<&'a str>,
    docs: Vec<usize>,
}

/// Asked now and then while an index is built: `true` gives up (the caller has newer work).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// The index files for one language: (path below `/search/<lang>/`, JSON).
pub fn build(lang: &str, entries: &[Entry]) -> Vec<(String, String)> {
    build_until(lang, entries, &|| false).unwrap_or_default()
}

/// A term's postings: (entry, weight), in entry order.
type Postings = Vec<(u32, u32)>;

/// The terms of one run of entries (a rayon fold), with term ids local to the run, so a term
/// is a string once per run rather than once per entry it occurs in.
#[derive(Default)]
struct Run {
    /// Each distinct word as written → its term id (`None`: a stop word or nothing left).
    words: FxHashMap<Box<str>, Option<u32>>,
    /// Term → id.
    ids: FxHashMap<Box<str>, u32>,
    /// Per id: the term and its postings (entry, weight), in entry order.
    terms: Vec<(Box<str>, Postings)>,
    /// Surface → term id (words only, not CJK bigrams).
    surfaces: FxHashMap<Box<str>, u32>,
    /// Weight of each term id in the entry being indexed, and the ids it has touched.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl Run {
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.into(), id);
        self.terms.push((term.into(), Vec::new()));
        self.counts.push(0);
        id
    }

    /// The term id of a word, analysing it on its first appearance in the run.
    fn word(&mut self, analyzer: &text::Analyzer, w: &str) -> Option<u32> {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = analyzer.word(w).map(|(surface, term)| {
            let id = self.intern(&term);
            // two words may fold to one surface and stem apart (café, cafe): the smaller term
            // is kept, so the choice never depends on how the work was split
            match self.surfaces.get(surface.as_str()) {
                Some(&old) if *self.terms[old as usize].0 <= *term => {}
                _ => {
                    self.surfaces.insert(surface.into(), id);
                }
            }
            id
        });
        self.words.insert(w.into(), id);
        id
    }

    fn add(&mut self, analyzer: &text::Analyzer, s: &str, weight: u32) {
        text::pieces(s, |piece, _, _| {
            let id = match piece {
                text::Piece::Word(w) => match self.word(analyzer, w) {
                    Some(id) => id,
                    None => return,
                },
                text::Piece::Gram(g) => self.intern(g),
            };
            let count = &mut self.counts[id as usize];
            if *count == 0 {
                self.touched.push(id);
            }
            *count += weight;
        });
    }

    /// Indexes one entry; title and heading words count more than body words.
    fn entry(&mut self, analyzer: &text::Analyzer, id: u32, e: &Entry) {
        self.add(analyzer, &e.title, 3);
        self.add(analyzer, &e.heading, 3);
        self.add(analyzer, &e.text, 1);
        for t in std::mem::take(&mut self.touched) {
            let n = std::mem::take(&mut self.counts[t as usize]);
            self.terms[t as usize].1.push((id, n.min(99)));
        }
    }
}

/// Like [`build`], giving up (`None`) as soon as `stop` says so.
pub fn build_until(lang: &str, entries: &[Entry], stop: Stop) -> Option<Vec<(String, String)>> {
    let analyzer = text::Analyzer::new(lang);
    // terms of each entry, in parallel, by runs of entries; runs are merged by term, then each
    // list is put in entry order, so neither hash order nor thread scheduling reaches the files
    let runs: Vec<Run> = entries
        .par_iter()
        .enumerate()
        .try_fold(Run::default, |mut run, (id, e)| {
            if stop() {
                return None;
            }
            run.entry(&analyzer, id as u32, e);
            Some(run)
        })
        .collect::<Option<Vec<Run>>>()?;
    if stop() {
        return None;
    }
    let mut by_term: FxHashMap<Box<str>, Postings> = FxHashMap::default();
    let mut by_surface: FxHashMap<Box<str>, Box<str>> = FxHashMap::default();
    for run in runs {
        for (surface, id) in run.surfaces {
            let term = &run.terms[id as usize].0;
            match by_surface.get(&surface) {
                Some(old) if old <= term => {}
                _ => {
                    by_surface.insert(surface, term.clone());
                }
            }
        }
        for (term, list) in run.terms {
            by_term.entry(term).or_default().extend(list);
        }
    }
    // sorted, so no hash order reaches the files
    let postings: Vec<(Box<str>, String)> = {
        let mut v: Vec<(Box<str>, Postings)> = by_term.into_iter().collect();
        v.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v.into_par_iter()
            .map(|(t, mut list)| {
                use std::fmt::Write;
                list.sort_unstable();
                let mut flat = String::with_capacity(list.len() * 5);
                let mut prev = 0;
                for (k, &(id, n)) in list.iter().enumerate() {
                    if k > 0 {
                        flat.push(',');
                    }
                    let _ = write!(flat, "{},{n}", id - prev);
                    prev = id;
                }
                (t, flat)
            })
            .collect()
    };
    let mut surfaces: Vec<(Box<str>, Box<str>)> = by_surface.into_iter().collect();
    surfaces.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut files = Vec::new();
    // terms
    let mut term_keys = Vec::new();
    for (n, shard) in
        shards(&postings, TERM_SHARD_BYTES, |(t, flat)| json_str(t).len() + flat.len() + 4).into_iter().enumerate()
    {
        term_keys.push(&*postings[shard.start].0);
        let mut out = String::from("{");
        for (k, (t, flat)) in postings[shard].iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&json_str(t));
            out.push_str(":[");
            out.push_str(flat);
            out.push(']');
        }
        out.push('}');
        files.push((format!("t{n}.json"), out));
    }
    // surfaces
    let mut surface_keys = Vec::new();
    for (n, shard) in
        shards(&surfaces, TERM_SHARD_BYTES, |(s, t)| json_str(s).len() + json_str(t).len() + 4).into_iter().enumerate()
    {
        surface_keys.push(&*surfaces[shard.start].0);
        files.push((format!("s{n}.json"), serde_json::to_string(&surfaces[shard]).unwrap_or_default()));
    }
    // entries
    let rows: Vec<String> = entries
        .par_iter()
        .map(|e| {
            serde_json::to_string(&(&e.url, &e.title, &e.heading, e.kind, cut(&e.text, ENTRY_TEXT_BYTES)))
                .unwrap_or_default()
        })
        .collect();
    let mut doc_keys = Vec::new();
    for (n, shard) in shards(&rows, DOC_SHARD_BYTES, |r| r.len() + 1).into_iter().enumerate() {
        doc_keys.push(shard.start);
        files.push((format!("d{n}.json"), format!("[{}]", rows[shard].join(","))));
    }
    let meta = Meta {
        version: 2,
        lang,
        stemmer: text::algorithm(lang).map(|(_, name)| name),
        entries: entries.len(),
        stop: text::stop_words(lang),
        terms: term_keys,
        surfaces: surface_keys,
        docs: doc_keys,
    };
    files.push(("meta.json".into(), serde_json::to_string(&meta).unwrap_or_default()));
    Some(files)
}

/// Splits `items` into consecutive ranges whose sizes add up to at most `cap` (a single item
/// larger than `cap` makes a range of its own).
fn shards<T>(items: &[T], cap: usize, size: impl Fn(&T) -> usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        let n = size(item);
        if i > start && bytes + n > cap {
            out.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += n;
    }
    if start < items.len() {
        out.push(start..items.len());
    }
    out
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The text up to `max` bytes, cut at a space where one is near.
fn cut(text: &str, max: usize) -> &str {
    let text = text.trim();
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(' ') {
        Some(i) if i > max / 2 => &text[..i],
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(url: &str, text: &str) -> Entry {
        Entry { url: url.into(), title: "T".into(), heading: String::new(), kind: "page", text: text.into() }
    }

    fn get(files: &[(String, String)], name: &str) -> serde_json::Value {
        serde_json::from_str(&files.iter().find(|(n, _)| n == name).map(|(_, j)| j.clone()).unwrap()).unwrap()
    }

    #[test]
    fn index_files_are_delta_encoded_without_stop_words() {
        let files = build("en", &[e("/a/", "the open data"), e("/b/", "open science"), e("/c/", "data")]);
        let t = get(&files, "t0.json");
        assert_eq!(t["open"], serde_json::json!([0, 1, 1, 1]));
        assert_eq!(t["data"], serde_json::json!([0, 1, 2, 1]));
        assert!(t.get("the").is_none(), "stop words have no postings");
        let s = get(&files, "s0.json");
        assert_eq!(s[1], serde_json::json!(["open", "open"]));
        let docs = get(&files, "d0.json");
        assert_eq!(docs[1], serde_json::json!(["/b/", "T", "", "page", "open science"]));
        let meta = get(&files, "meta.json");
        assert_eq!(meta["entries"], 3);
        assert_eq!(meta["stemmer"], "english");
        assert!(meta["stop"].as_array().unwrap().contains(&serde_json::json!("the")));
    }

    #[test]
    fn shards_close_at_the_cap_and_are_found_by_their_first_key() {
        let text: Vec<String> = (0..20000).map(|i| format!("w{i:05}x")).collect();
        let entries: Vec<Entry> = text.chunks(40).map(|c| e("/p/", &c.join(" "))).collect();
        let files = build("zz", &entries);
        let meta = get(&files, "meta.json");
        let keys = meta["terms"].as_array().unwrap();
        assert!(keys.len() > 1, "more than one term shard");
        for (n, k) in keys.iter().enumerate() {
            let (_, json) = files.iter().find(|(f, _)| *f == format!("t{n}.json")).unwrap();
            assert!(json.len() <= TERM_SHARD_BYTES, "t{n}.json is {} bytes", json.len());
            let shard: serde_json::Value = serde_json::from_str(json).unwrap();
            let first = shard.as_object().unwrap().keys().min().unwrap().clone();
            assert_eq!(k.as_str().unwrap(), first);
        }
        let docs = meta["docs"].as_array().unwrap();
        assert!(docs.len() > 1 && docs[0] == 0);
        for n in 0..docs.len() {
            let (_, json) = files.iter().find(|(f, _)| *f == format!("d{n}.json")).unwrap();
            assert!(json.len() <= DOC_SHARD_BYTES);
        }
        assert_eq!(shards(&[5, 5, 50, 5], 10, |x| *x), vec![0..2, 2..3, 3..4]);
    }
}
