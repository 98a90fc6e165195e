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
//! so results link to the heading. The files are handed over one by one as they are made
//! ([`build_into`]), so a build writes them at once and never holds the whole index as text.

mod merge;
mod postings;
pub mod text;

use std::borrow::Cow;
use std::sync::Arc;

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

/// One searchable section. Its texts are borrowed from the site's documents and its page's
/// address is shared by the page's entries, so the entries of a language cost little beyond
/// their own fields (at 50,000 pages, owned texts and addresses had been 100 MB).
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The page's address with base path.
    pub page: Arc<str>,
    /// The section's anchor (`None` for a page's opening section).
    pub anchor: Option<&'a str>,
    /// Page title.
    pub title: &'a str,
    /// Section heading (empty for a page's opening section).
    pub heading: &'a str,
    /// What the page is: `forum`, `speaker`, `news`, `paper`, `chapter` or `page` (the search
    /// page names it in its language).
    pub kind: &'static str,
    /// What the front matter adds before a page's opening text (`meta · summary`).
    pub lead: Option<Box<str>>,
    /// The section's text.
    pub text: &'a str,
}

impl Entry<'_> {
    /// Address with base path and `#anchor`.
    pub fn url(&self) -> Cow<'_, str> {
        match self.anchor {
            Some(a) => Cow::Owned(format!("{}#{a}", self.page)),
            None => Cow::Borrowed(&self.page),
        }
    }

    /// The text shown: the lead, then the section's text, joined by ` · `.
    pub fn full_text(&self) -> Cow<'_, str> {
        match (&self.lead, self.text.is_empty()) {
            (None, _) => Cow::Borrowed(self.text),
            (Some(lead), true) => Cow::Borrowed(lead),
            (Some(lead), false) => Cow::Owned(format!("{lead} · {}", self.text)),
        }
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    lang: &'a str,
    stemmer: Option<&'a str>,
    entries: usize,
    stop: Vec<String>,
    terms: Vec<String>,
    surfaces: Vec<String>,
    docs: Vec<usize>,
}

/// Asked now and then while an index is built: `true` gives up (the caller has newer work).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// The index files for one language: (path below `/search/<lang>/`, JSON).
pub fn build(lang: &str, entries: &[Entry]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let Ok(_) = build_into(lang, entries, &|| false, |name, json| {
        files.push((name, json));
        Ok::<(), std::convert::Infallible>(())
    });
    files
}

/// Entries serialised at a time (in parallel) before they are cut into files.
const ROW_BATCH: usize = 4096;
/// Terms whose postings are written out at a time (in parallel).
const TERM_BATCH: usize = 4096;
/// Postings whose text is made at a time (about 5 bytes each).
const BATCH_POSTINGS: usize = 1 << 20;

/// Builds the index files for one language and hands each to `sink` (name below
/// `/search/<lang>/`, JSON) as soon as it is complete, so no more than a batch of the index
/// is held as text: entry files first, then terms, surfaces and `meta.json`. `Ok(false)` when
/// `stop` said to give up (some files may have been handed over by then); the first error of
/// `sink` ends the work.
pub fn build_into<E>(
    lang: &str,
    entries: &[Entry],
    stop: Stop,
    mut sink: impl FnMut(String, String) -> Result<(), E>,
) -> Result<bool, E> {
    // entries, a batch of rows at a time
    let mut docs = Shards::new("d", DOC_SHARD_BYTES, '[', ']');
    for (b, batch) in entries.chunks(ROW_BATCH).enumerate() {
        if stop() {
            return Ok(false);
        }
        let rows: Vec<String> = batch
            .par_iter()
            .map(|e| {
                serde_json::to_string(&(e.url(), e.title, e.heading, e.kind, cut(&e.full_text(), ENTRY_TEXT_BYTES)))
                    .unwrap_or_default()
            })
            .collect();
        for (k, row) in rows.iter().enumerate() {
            if let Some((name, json)) = docs.push(|| b * ROW_BATCH + k, row.len() + 1, |out| out.push_str(row)) {
                sink(name, json)?;
            }
        }
    }
    let (last, doc_keys) = docs.finish();
    if let Some((name, json)) = last {
        sink(name, json)?;
    }

    let analyzer = text::Analyzer::new(lang);
    // terms of each entry, in parallel, by runs of consecutive entries, each run sorted by
    // term; the runs (in entry order) are then merged in term order, so neither hash order
    // nor thread scheduling reaches the files
    let Some(runs) = entries
        .par_iter()
        .enumerate()
        .try_fold(Run::default, |mut run, (id, e)| {
            if stop() {
                return None;
            }
            run.entry(&analyzer, id as u32, e);
            Some(run)
        })
        .map(|run| run.map(Run::sorted))
        .collect::<Option<Vec<Sorted>>>()
    else {
        return Ok(false);
    };
    if stop() {
        return Ok(false);
    }

    // terms, a batch at a time: postings merged and written in parallel, files cut in order
    let mut terms = Shards::new("t", TERM_SHARD_BYTES, '{', '}');
    let mut merged = merge::by_key(runs.iter().map(|r| r.terms.iter().map(|(t, _)| &**t)));
    loop {
        // a batch ends at TERM_BATCH terms or BATCH_POSTINGS postings, whichever comes first
        // (a small vocabulary of common words is few terms of long lists)
        if stop() {
            return Ok(false);
        }
        let mut batch: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
        let mut held = 0;
        while batch.len() < TERM_BATCH && held < BATCH_POSTINGS {
            let Some((term, at)) = merged.next() else { break };
            held += at.iter().map(|&(r, i)| runs[r].terms[i].1.len()).sum::<usize>();
            batch.push((term, at));
        }
        if batch.is_empty() {
            break;
        }
        let written: Vec<(String, String)> = batch
            .par_iter()
            .map(|(term, at)| (json_str(term), postings(at.iter().map(|&(r, i)| &runs[r].terms[i].1))))
            .collect();
        for ((term, _), (key, flat)) in batch.iter().zip(&written) {
            let full = terms.push(
                || term.to_string(),
                key.len() + flat.len() + 4,
                |out| {
                    out.push_str(key);
                    out.push_str(":[");
                    out.push_str(flat);
                    out.push(']');
                },
            );
            if let Some((name, json)) = full {
                sink(name, json)?;
            }
        }
    }
    let (last, term_keys) = terms.finish();
    if let Some((name, json)) = last {
        sink(name, json)?;
    }

    // surfaces: two words may fold to one surface and stem apart (café, cafe): the smaller
    // term is kept, so the choice never depends on how the work was split
    let mut surfaces = Shards::new("s", TERM_SHARD_BYTES, '[', ']');
    for (surface, at) in merge::by_key(runs.iter().map(|r| r.surfaces.iter().map(|(s, _)| &**s))) {
        let term = at.iter().map(|&(r, i)| &*runs[r].terms[runs[r].surfaces[i].1 as usize].0).min().unwrap_or("");
        let (s, t) = (json_str(surface), json_str(term));
        let full = surfaces.push(
            || surface.to_string(),
            s.len() + t.len() + 4,
            |out| {
                out.push('[');
                out.push_str(&s);
                out.push(',');
                out.push_str(&t);
                out.push(']');
            },
        );
        if let Some((name, json)) = full {
            sink(name, json)?;
        }
    }
    let (last, surface_keys) = surfaces.finish();
    if let Some((name, json)) = last {
        sink(name, json)?;
    }
    drop(runs);

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
    sink("meta.json".into(), serde_json::to_string(&meta).unwrap_or_default())?;
    Ok(true)
}

/// A term's postings as `entry delta,weight,…`, from the lists of the runs in entry order.
fn postings<'r>(lists: impl Iterator<Item = &'r Postings> + Clone) -> String {
    let in_order = lists
        .clone()
        .flat_map(Postings::bounds)
        .try_fold(None, |prev: Option<u32>, (first, last)| prev.is_none_or(|p| p < first).then_some(Some(last)))
        .is_some();
    if in_order {
        return deltas(lists.flat_map(Postings::iter));
    }
    let mut all: Vec<(u32, u32)> = lists.flat_map(Postings::iter).collect();
    all.sort_unstable();
    deltas(all.into_iter())
}

/// Postings in entry order as `entry delta,weight,…`.
fn deltas(postings: impl Iterator<Item = (u32, u32)>) -> String {
    use std::fmt::Write;
    let mut flat = String::new();
    let mut prev = 0;
    for (k, (id, n)) in postings.enumerate() {
        if k > 0 {
            flat.push(',');
        }
        let _ = write!(flat, "{},{n}", id - prev);
        prev = id;
    }
    flat
}

use postings::Postings;

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
        self.terms.push((term.into(), Postings::default()));
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
        self.add(analyzer, e.title, 3);
        self.add(analyzer, e.heading, 3);
        // the lead and the text as `full_text` joins them: ` · ` is no word of its own
        if let Some(lead) = &e.lead {
            self.add(analyzer, lead, 1);
        }
        self.add(analyzer, e.text, 1);
        for t in std::mem::take(&mut self.touched) {
            let n = std::mem::take(&mut self.counts[t as usize]);
            self.terms[t as usize].1.push(id, n.min(99));
        }
    }

    /// The run's terms sorted, its working maps dropped.
    fn sorted(self) -> Sorted {
        let Run { mut terms, surfaces, .. } = self;
        for (_, p) in &mut terms {
            p.shrink();
        }
        let mut terms: Vec<(u32, (Box<str>, Postings))> = (0..).zip(terms).collect();
        terms.par_sort_unstable_by(|a, b| a.1 .0.cmp(&b.1 .0));
        let mut place = vec![0; terms.len()];
        for (new, (old, _)) in terms.iter().enumerate() {
            place[*old as usize] = new as u32;
        }
        let mut surfaces: Vec<(Box<str>, u32)> = surfaces.into_iter().map(|(s, id)| (s, place[id as usize])).collect();
        surfaces.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Sorted { terms: terms.into_iter().map(|(_, t)| t).collect(), surfaces }
    }
}

/// A run's terms (with their postings) and surfaces (with the index of their term), each
/// sorted by key.
struct Sorted {
    terms: Vec<(Box<str>, Postings)>,
    surfaces: Vec<(Box<str>, u32)>,
}

/// Index files of one kind (`t`, `s`, `d`), filled item by item: an item starts a new file
/// when the open one holds at least one item and the item would take it past the cap (by the
/// item's estimated size), so one item larger than the cap has a file of its own. Each file's
/// first key is kept for `meta.json`.
struct Shards<K> {
    prefix: &'static str,
    cap: usize,
    open: char,
    close: char,
    /// The open file's JSON, its items and their estimated bytes.
    json: String,
    items: usize,
    bytes: usize,
    /// The first key of each file.
    keys: Vec<K>,
}

impl<K> Shards<K> {
    fn new(prefix: &'static str, cap: usize, open: char, close: char) -> Shards<K> {
        Shards { prefix, cap, open, close, json: String::new(), items: 0, bytes: 0, keys: Vec::new() }
    }

    /// Adds an item (its key, made only when it starts a file; its estimated size; `write`
    /// writes it) and returns the file it closed (name, JSON), if any.
    fn push(
        &mut self,
        key: impl FnOnce() -> K,
        size: usize,
        write: impl FnOnce(&mut String),
    ) -> Option<(String, String)> {
        let full = if self.items > 0 && self.bytes + size > self.cap { self.close() } else { None };
        if self.items == 0 {
            self.keys.push(key());
            self.json.push(self.open);
        } else {
            self.json.push(',');
        }
        write(&mut self.json);
        self.items += 1;
        self.bytes += size;
        full
    }

    fn close(&mut self) -> Option<(String, String)> {
        if self.items == 0 {
            return None;
        }
        self.json.push(self.close);
        let name = format!("{}{}.json", self.prefix, self.keys.len() - 1);
        self.items = 0;
        self.bytes = 0;
        Some((name, std::mem::take(&mut self.json)))
    }

    /// The last file, if any item is left in it, and the first key of every file.
    fn finish(mut self) -> (Option<(String, String)>, Vec<K>) {
        (self.close(), self.keys)
    }
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

    fn e<'a>(url: &str, text: &'a str) -> Entry<'a> {
        Entry { page: url.into(), anchor: None, title: "T", heading: "", kind: "page", lead: None, text }
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
    fn postings_are_delta_encoded_in_entry_order_whatever_the_order_of_the_runs() {
        let list = |p: &[(u32, u32)]| {
            let mut list = Postings::default();
            p.iter().for_each(|&(id, w)| list.push(id, w));
            list
        };
        let (first, second) = (list(&[(2, 1), (3, 2)]), list(&[(7, 1)]));
        assert_eq!(postings([&first, &second].into_iter()), "2,1,1,2,4,1");
        assert_eq!(postings([&second, &first].into_iter()), "2,1,1,2,4,1");
    }

    #[test]
    fn shards_close_at_the_cap_and_are_found_by_their_first_key() {
        let text: Vec<String> = (0..20000).map(|i| format!("w{i:05}x")).collect();
        let texts: Vec<String> = text.chunks(40).map(|c| c.join(" ")).collect();
        let entries: Vec<Entry> = texts.iter().map(|t| e("/p/", t)).collect();
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
        let mut cut = Shards::new("x", 10, '[', ']');
        let mut closed = Vec::new();
        for (k, n) in [5, 5, 50, 5].into_iter().enumerate() {
            closed.extend(cut.push(|| k, n, |out| out.push_str(&k.to_string())));
        }
        let (last, firsts) = cut.finish();
        closed.extend(last);
        assert_eq!(firsts, [0, 2, 3]);
        let expected = [("x0.json", "[0,1]"), ("x1.json", "[2]"), ("x2.json", "[3]")];
        assert_eq!(closed, expected.map(|(n, j)| (n.to_string(), j.to_string())));
    }
}
