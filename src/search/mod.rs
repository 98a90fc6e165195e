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
//! - `d<n>.json`: entries in a range, `[[url, page title, section heading, kind, text], …]`,
//!   with a sixth field, the language the entry is written in, when that is not the index's
//!   (an untranslated original shown in this language), and then a seventh, its lead (a
//!   forum's date, time and room: the page's words, in the index's language), kept out of
//!   the text.
//!
//! Shards close at a size cap (bytes of JSON), so one query word loads one bounded file.
//! Entries are sections: a page's text up to its first heading, then each `h2`/`h3` section,
//! so results link to the heading. The files are handed over one by one as they are made, and
//! the entries are taken a run at a time ([`Index`]), so a build writes the files at once,
//! never holds the whole index as text, and lets each run's texts go once it is indexed.

mod arabic;
mod ascii;
pub mod hans;
mod index;
mod languages;
mod merge;
mod postings;
mod run;
pub mod text;

use std::borrow::Cow;
use std::sync::Arc;

pub use index::Index;

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
    /// For an entry in another language than the index's ([`Entry::lang`]): the front
    /// matter's summary, in the entry's language, kept out of the lead (the page's words).
    pub summary: Option<Box<str>>,
    /// The section's text.
    pub text: &'a str,
    /// Words indexed but not shown: what the page holds in its markup rather than its text
    /// (a forum's date in ISO form, its `<time datetime>`), so "2023-12-07" finds the forum.
    pub unseen: Option<Box<str>>,
    /// The language the entry is written in when it is not the index's (an untranslated
    /// original), so the results mark it.
    pub lang: Option<&'a str>,
}

impl Entry<'_> {
    /// Address with base path and `#anchor`.
    pub fn url(&self) -> Cow<'_, str> {
        match self.anchor {
            Some(a) => Cow::Owned([&self.page, "#", a].concat()),
            None => Cow::Borrowed(&self.page),
        }
    }

    /// The text shown: the lead, then the section's text, joined by ` · `.
    pub fn full_text(&self) -> Cow<'_, str> {
        match (&self.lead, self.written_text()) {
            (None, text) => text,
            (Some(lead), text) if text.is_empty() => Cow::Borrowed(lead),
            (Some(lead), text) => Cow::Owned([lead, " · ", &text].concat()),
        }
    }

    /// The text in the entry's own language: its summary ([`Entry::summary`]), then the
    /// section's text.
    pub fn written_text(&self) -> Cow<'_, str> {
        match (&self.summary, self.text.is_empty()) {
            (None, _) => Cow::Borrowed(self.text),
            (Some(summary), true) => Cow::Borrowed(summary),
            (Some(summary), false) => Cow::Owned([summary, " · ", self.text].concat()),
        }
    }
}

/// Asked now and then while an index is built: `true` gives up (the caller has newer work).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// The index files for one language: (path below `/search/<lang>/`, JSON).
pub fn build(lang: &str, entries: &[Entry]) -> Vec<(String, String)> {
    build_runs(lang, [entries])
}

/// The index files for one language whose entries are added a run at a time ([`Index`]; the
/// files are the same however the entries are cut), in the order they were made.
pub fn build_runs<'a, 'e: 'a>(lang: &str, runs: impl IntoIterator<Item = &'a [Entry<'e>]>) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut sink = |name, json| {
        files.push((name, json));
        Ok::<(), std::convert::Infallible>(())
    };
    let mut index = Index::new(lang);
    for run in runs {
        let Ok(_) = index.add(run, &|| false, &mut sink);
    }
    let Ok(_) = index.finish(&|| false, &mut sink);
    files
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

    pub(super) fn e<'a>(url: &str, text: &'a str) -> Entry<'a> {
        Entry {
            page: url.into(),
            anchor: None,
            title: "T",
            heading: "",
            kind: "page",
            lead: None,
            summary: None,
            text,
            unseen: None,
            lang: None,
        }
    }

    pub(super) fn get(files: &[(String, String)], name: &str) -> serde_json::Value {
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever the texts and however they are cut into runs, the files are the same.
        #[test]
        fn any_runs_give_the_index_made_at_once(
            texts in proptest::collection::vec("(open|data|café|cafe|Cafés|ÉCOLE|教育|高等|the|x[0-9]{1,3}| |, ){0,12}", 1..120),
            cuts in proptest::collection::vec(1usize..40, 1..8),
        ) {
            let entries: Vec<Entry> = texts.iter().map(|t| e("/p/", t)).collect();
            let mut runs = Vec::new();
            let (mut at, mut k) = (0, 0);
            while at < entries.len() {
                let end = (at + cuts[k % cuts.len()]).min(entries.len());
                runs.push(&entries[at..end]);
                (at, k) = (end, k + 1);
            }
            proptest::prop_assert_eq!(sorted(build_runs("fr", runs)), sorted(build("fr", &entries)));
        }
    }

    #[test]
    fn an_index_made_a_run_at_a_time_is_the_index_made_at_once() {
        let texts: Vec<String> = (0..300).map(|i| format!("w{} open x{} data w{}", i % 17, i % 5, i % 40)).collect();
        let entries: Vec<Entry> = texts.iter().map(|t| e("/p/", t)).collect();
        let whole = sorted(build("en", &entries));
        for run in [1, 7, 64, 299] {
            assert_eq!(sorted(build_runs("en", entries.chunks(run))), whole, "runs of {run} entries");
        }
    }

    /// More terms than one batch of the term files holds: every term once, the files in
    /// `meta.json`'s order holding them in order, each file named in `meta.json` by its first.
    #[test]
    fn terms_of_many_batches_are_written_in_order_each_once() {
        let words: Vec<String> = (0..24_000).map(|i| format!("kw{:06}", (i * 7_919) % 24_000)).collect();
        let texts: Vec<String> = words.chunks(100).map(|c| c.join(" ")).collect();
        let entries: Vec<Entry> = texts.iter().map(|t| e("/p/", t)).collect();
        for files in [build("en", &entries), build_runs("en", entries.chunks(7))] {
            let meta = get(&files, "meta.json");
            let firsts: Vec<&str> = meta["terms"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            assert!(firsts.len() > 1, "the terms fill several files");
            let mut written = Vec::new();
            for (k, first) in firsts.iter().enumerate() {
                let (_, json) = files.iter().find(|(n, _)| *n == format!("t{k}.json")).unwrap();
                // each key as written, in the file's order (the words need no escapes)
                let keys: Vec<String> = json
                    .match_indices("\":[")
                    .map(|(end, _)| json[json[..end].rfind('"').unwrap() + 1..end].to_string())
                    .collect();
                assert_eq!(keys.first().map(String::as_str), Some(*first), "t{k}.json starts with its first key");
                written.extend(keys);
            }
            let mut expected = words.clone();
            expected.sort();
            assert_eq!(written, expected);
        }
    }

    fn sorted(mut files: Vec<(String, String)>) -> Vec<(String, String)> {
        files.sort();
        files
    }
}
