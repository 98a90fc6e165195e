//! Building one language's index a run of entries at a time ([`Index`]): each run's rows go
//! into the entry files at once and its terms into a compact run of postings, so the caller
//! may let a run's texts go before the next (a build holds the section texts only until
//! their run is indexed); the runs are then merged in term order into the term and surface
//! files. Neither hash order nor how the work was split reaches the files.

use rayon::prelude::*;
use serde::Serialize;

use super::merge;
use super::postings::Postings;
use super::run::{Run, Sorted};
use super::{cut, text, Entry, Stop, DOC_SHARD_BYTES, ENTRY_TEXT_BYTES, TERM_SHARD_BYTES};

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

/// Entries serialised at a time (in parallel) before they are cut into files.
const ROW_BATCH: usize = 4096;
/// Terms whose postings are written out at a time (in parallel).
const TERM_BATCH: usize = 4096;
/// Postings whose text is made at a time (about 5 bytes each).
const BATCH_POSTINGS: usize = 1 << 20;
/// Runs of entries each thread takes of the entries given at once (the entries differ in
/// length, so with one run a thread a thread that finished first sat idle).
const RUNS_PER_THREAD: usize = 4;

/// One language's index while it is built: the entry files so far, the runs of postings,
/// the entries added.
pub struct Index<'l> {
    lang: &'l str,
    analyzer: text::Analyzer,
    docs: Shards<usize>,
    runs: Vec<Sorted>,
    entries: usize,
}

impl<'l> Index<'l> {
    /// An empty index for language `lang`.
    pub fn new(lang: &'l str) -> Index<'l> {
        Index {
            lang,
            analyzer: text::Analyzer::new(lang),
            docs: Shards::new("d", DOC_SHARD_BYTES, '[', ']'),
            runs: Vec::new(),
            entries: 0,
        }
    }

    /// Adds the next entries, in order: their rows go into the entry files (each complete
    /// file handed to `sink`: name below `/search/<lang>/`, JSON) and their terms into runs
    /// of postings, so nothing of `entries` is held afterwards. `Ok(false)` when `stop` said
    /// to give up; the first error of `sink` ends the work.
    pub fn add<E: Send>(
        &mut self,
        entries: &[Entry],
        stop: Stop,
        sink: &mut (impl FnMut(String, String) -> Result<(), E> + Send),
    ) -> Result<bool, E> {
        let first = self.entries;
        let Index { analyzer, docs, runs, entries: count, .. } = self;
        // terms of each entry, in parallel, by runs of consecutive entries (a few for each
        // thread, so the runs stay few however many entries are added), each run sorted by
        // term; beside the rows, whose files are written one after another as they are cut
        // (their system calls had left the other core idle)
        let per_run = entries.len().div_ceil(RUNS_PER_THREAD * rayon::current_num_threads().max(1)).max(1);
        let analyzer = &*analyzer;
        let (rows, made) = rayon::join(
            || -> Result<bool, E> {
                // rows, a batch at a time
                for batch in entries.chunks(ROW_BATCH) {
                    if stop() {
                        return Ok(false);
                    }
                    let rows: Vec<String> = batch
                        .par_iter()
                        .map(|e| {
                            // `[url, title, heading, kind, text]`, and the entry's language
                            // when it is not the index's; then the lead apart (the page's
                            // words: a forum's date, time and room), as it is in the index's
                            // language, not the entry's
                            let text = if e.lang.is_some() { e.written_text() } else { e.full_text() };
                            let fields = [&*e.url(), e.title, e.heading, e.kind, cut(&text, ENTRY_TEXT_BYTES)];
                            let lead = e.lang.and(e.lead.as_deref());
                            let fields = fields.iter().copied().chain(e.lang).chain(lead);
                            let mut row = String::with_capacity(text.len() + e.title.len() + e.heading.len() + 64);
                            for (k, f) in fields.enumerate() {
                                row.push(if k == 0 { '[' } else { ',' });
                                crate::json::push_string(&mut row, f);
                            }
                            row.push(']');
                            row
                        })
                        .collect();
                    for row in &rows {
                        let id = *count;
                        if let Some((name, json)) = docs.push(|| id, row.len() + 1, |out| out.push_str(row)) {
                            sink(name, json)?;
                        }
                        *count += 1;
                    }
                }
                Ok(true)
            },
            || {
                entries
                    .par_iter()
                    .enumerate()
                    .with_min_len(per_run)
                    .try_fold(Run::default, |mut run, (k, e)| {
                        if stop() {
                            return None;
                        }
                        run.entry(analyzer, (first + k) as u32, e);
                        Some(run)
                    })
                    .map(|run| run.map(Run::sorted))
                    .collect::<Option<Vec<Sorted>>>()
            },
        );
        let (true, Some(made)) = (rows?, made) else {
            return Ok(false);
        };
        runs.extend(made.into_iter().filter(|r| !r.terms.is_empty()));
        Ok(!stop())
    }

    /// Writes the rest of the index: the last entry file, the terms (the runs merged in term
    /// order), the surfaces and `meta.json`, each handed to `sink` as soon as it is made.
    /// `Ok(false)` when `stop` said to give up.
    pub fn finish<E: Send>(
        self,
        stop: Stop,
        sink: &mut (impl FnMut(String, String) -> Result<(), E> + Send),
    ) -> Result<bool, E> {
        let Index { lang, docs, runs, entries, .. } = self;
        let (last, doc_keys) = docs.finish();
        if let Some((name, json)) = last {
            sink(name, json)?;
        }
        // terms, a batch at a time: postings merged and written in parallel, files cut in order;
        // a batch is cut and its files handed over while the next is taken from the merge
        // and made (cut one after the other, the cutting and the merge left a core idle)
        let mut terms = Shards::new("t", TERM_SHARD_BYTES, '{', '}');
        let mut merged = merge::by_key(runs.iter().map(|r| r.terms.iter().map(|(t, _)| &**t)));
        let (mut batch, mut written) = term_batch(&mut merged, &runs);
        while !batch.is_empty() {
            if stop() {
                return Ok(false);
            }
            let (cut, following) = rayon::join(
                || -> Result<(), E> {
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
                    Ok(())
                },
                || term_batch(&mut merged, &runs),
            );
            cut?;
            (batch, written) = following;
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
            let (s, t) = (crate::json::string(surface), crate::json::string(term));
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
            stemmer: text::stemmer_name(lang),
            entries,
            stop: text::stop_words(lang),
            terms: term_keys,
            surfaces: surface_keys,
            docs: doc_keys,
        };
        sink("meta.json".into(), serde_json::to_string(&meta).unwrap_or_default())?;
        Ok(true)
    }
}

/// Terms with their places in the runs (run, index), and each one's key and postings as
/// written in a term file.
type TermBatch<'r> = (Vec<(&'r str, Vec<(usize, usize)>)>, Vec<(String, String)>);

/// The next terms of `merged` (the runs' terms merged in order) with their keys and postings
/// written (in parallel): up to TERM_BATCH terms or BATCH_POSTINGS postings, whichever comes
/// first (a small vocabulary of common words is few terms of long lists). Empty at the end.
fn term_batch<'r, I: Iterator<Item = &'r str>>(merged: &mut merge::ByKey<'r, I>, runs: &'r [Sorted]) -> TermBatch<'r> {
    let mut batch: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
    let mut held = 0;
    while batch.len() < TERM_BATCH && held < BATCH_POSTINGS {
        let Some((term, at)) = merged.next() else { break };
        held += at.iter().map(|&(r, i)| runs[r].terms[i].1.len()).sum::<usize>();
        batch.push((term, at));
    }
    let written = batch
        .par_iter()
        .map(|(term, at)| (crate::json::string(term), postings(at.iter().map(|&(r, i)| &runs[r].terms[i].1))))
        .collect();
    (batch, written)
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

/// Postings in entry order as `entry delta,weight,…` (numbers written by `itoa`: through
/// `write!` they were ~5 % of a 1,000-page build's instructions).
fn deltas(postings: impl Iterator<Item = (u32, u32)>) -> String {
    let mut flat = String::new();
    let mut number = itoa::Buffer::new();
    let mut prev = 0;
    for (k, (id, n)) in postings.enumerate() {
        if k > 0 {
            flat.push(',');
        }
        flat.push_str(number.format(id - prev));
        flat.push(',');
        flat.push_str(number.format(n));
        prev = id;
    }
    flat
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

#[cfg(test)]
mod tests {
    use super::super::tests::{e, get};
    use super::*;

    proptest::proptest! {
        /// Any postings in entry order: `delta,weight` pairs joined by commas, as `format!`
        /// writes the numbers.
        #[test]
        fn deltas_are_the_numbers_as_formatted(mut postings in proptest::collection::vec((0u32..5_000_000, 0u32..100_000), 0..40)) {
            postings.sort_unstable();
            let mut prev = 0;
            let expected: Vec<String> = postings.iter().map(|&(id, n)| { let d = format!("{},{n}", id - prev); prev = id; d }).collect();
            proptest::prop_assert_eq!(deltas(postings.into_iter()), expected.join(","));
        }
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
        let files = super::super::build("zz", &entries);
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
