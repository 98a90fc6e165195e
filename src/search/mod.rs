//! Offline search: an index per language built at build time, read by a small dependency-free
//! script (`search.js` in the theme) that fetches only the parts a query needs.
//!
//! Layout under `/search/<lang>/`: `meta.json` (counts), `d<k>.json` (entries `k*CHUNK…`:
//! `[url, page title, section heading, excerpt]`), `t<key>.json` (terms whose first character
//! is `key`, as hex: `{term: [entry delta, term frequency, …]}`). Entries are sections: a page's
//! text up to its first heading, then each `h2`/`h3` section, so results link to the heading.

pub mod text;

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Entries per `d<k>.json` file.
pub const CHUNK: usize = 500;

/// One searchable section.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Address with base path and `#anchor`.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Section heading (empty for a page's opening section).
    pub heading: String,
    /// The text.
    pub text: String,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    lang: &'a str,
    entries: usize,
    chunk: usize,
    files: Vec<String>,
}

/// Asked now and then while an index is built: `true` gives up (the caller has newer work).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// The index files for one language: (path below `/search/<lang>/`, JSON).
pub fn build(lang: &str, entries: &[Entry]) -> Vec<(String, String)> {
    build_until(lang, entries, &|| false).unwrap_or_default()
}

/// Like [`build`], giving up (`None`) as soon as `stop` says so.
pub fn build_until(lang: &str, entries: &[Entry], stop: Stop) -> Option<Vec<(String, String)>> {
    let stemmer = text::stemmer(lang);
    // terms of each entry, in parallel; title and heading words count more than body words.
    // Each run of entries gathers its postings; runs are merged, then each list is put in
    // entry order, so neither hash order nor thread scheduling reaches the files.
    type Postings = FxHashMap<String, Vec<(usize, u32)>>;
    let by_term: Postings = entries
        .par_iter()
        .enumerate()
        .try_fold(
            || (FxHashMap::default(), Postings::default()),
            |(mut cache, mut postings), (id, e)| {
                if stop() {
                    return None;
                }
                let mut counts: FxHashMap<String, u32> = FxHashMap::default();
                let head = text::terms_cached(&e.title, stemmer.as_ref(), &mut cache)
                    .into_iter()
                    .chain(text::terms_cached(&e.heading, stemmer.as_ref(), &mut cache));
                for t in head {
                    *counts.entry(t).or_default() += 3;
                }
                for t in text::terms_cached(&e.text, stemmer.as_ref(), &mut cache) {
                    *counts.entry(t).or_default() += 1;
                }
                for (t, n) in counts {
                    postings.entry(t).or_default().push((id, n.min(99)));
                }
                Some((cache, postings))
            },
        )
        .map(|run| run.map(|(_, postings)| postings))
        .try_reduce(Postings::default, |mut a, b| {
            for (t, list) in b {
                a.entry(t).or_default().extend(list);
            }
            Some(a)
        })?;
    if stop() {
        return None;
    }
    // sorted, so no hash order reaches the files
    let postings: BTreeMap<String, Vec<(usize, u32)>> = by_term
        .into_par_iter()
        .map(|(t, mut list)| {
            list.sort_unstable();
            (t, list)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let mut shards: BTreeMap<String, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (term, list) in &postings {
        let key = shard_key(term);
        let mut flat = Vec::with_capacity(list.len() * 2);
        let mut prev = 0;
        for &(id, n) in list {
            flat.push(id - prev);
            flat.push(n as usize);
            prev = id;
        }
        shards.entry(key).or_default().insert(term.as_str(), flat);
    }
    let mut files = Vec::new();
    for (k, chunk) in entries.chunks(CHUNK).enumerate() {
        let rows: Vec<[&str; 4]> =
            chunk.iter().map(|e| [e.url.as_str(), e.title.as_str(), e.heading.as_str(), excerpt(&e.text)]).collect();
        files.push((format!("d{k}.json"), serde_json::to_string(&rows).unwrap_or_default()));
    }
    let names: Vec<String> = shards.keys().cloned().collect();
    for (key, terms) in shards {
        files.push((format!("t{key}.json"), serde_json::to_string(&terms).unwrap_or_default()));
    }
    let meta = Meta { version: 1, lang, entries: entries.len(), chunk: CHUNK, files: names };
    files.push(("meta.json".into(), serde_json::to_string(&meta).unwrap_or_default()));
    Some(files)
}

/// The shard of a term: its first character's code point, in hex.
pub fn shard_key(term: &str) -> String {
    term.chars().next().map_or_else(|| "0".into(), |c| format!("{:x}", c as u32))
}

/// The first words of a text, at most about 160 bytes.
fn excerpt(text: &str) -> &str {
    let text = text.trim();
    if text.len() <= 160 {
        return text;
    }
    let mut end = 160;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(' ') {
        Some(i) if i > 80 => &text[..i],
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_are_sharded_and_delta_encoded() {
        let e = |url: &str, text: &str| Entry {
            url: url.into(),
            title: "T".into(),
            heading: String::new(),
            text: text.into(),
        };
        let files = build("en", &[e("/a/", "open data"), e("/b/", "open science"), e("/c/", "data")]);
        let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, j)| j.clone()).unwrap();
        let o: serde_json::Value = serde_json::from_str(&get("t6f.json")).unwrap();
        assert_eq!(o["open"], serde_json::json!([0, 1, 1, 1]));
        let d: serde_json::Value = serde_json::from_str(&get("t64.json")).unwrap();
        assert_eq!(d["data"], serde_json::json!([0, 1, 2, 1]));
        let docs: serde_json::Value = serde_json::from_str(&get("d0.json")).unwrap();
        assert_eq!(docs[1][0], "/b/");
        let meta: serde_json::Value = serde_json::from_str(&get("meta.json")).unwrap();
        assert_eq!(meta["entries"], 3);
    }
}
