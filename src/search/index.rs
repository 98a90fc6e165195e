//! Building one language's index a run of entries at a time ([`Index`]): each run's rows go
//! into the entry files at once and its terms into a compact run of postings, so the caller
//! may let a run's texts go before the next (a build holds the section texts only until
//! their run is indexed); the runs are then merged in term order into the term and surface
//! files. Neither hash order nor how the work was split reaches the files.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::merge;
use super::postings::Postings;
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
                            // `[url, title, heading, kind, text]`
                            let text = e.full_text();
                            let fields = [&*e.url(), e.title, e.heading, e.kind, cut(&text, ENTRY_TEXT_BYTES)];
                            let mut row = String::with_capacity(fields.iter().map(|f| f.len() + 3).sum::<usize>() + 2);
                            for (k, f) in fields.iter().enumerate() {
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
            stemmer: text::algorithm(lang).map(|(_, name)| name),
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

/// A word of at most eight bytes as one number: its bytes, zero after its end (no word has a
/// zero byte, so two words of different lengths never share a number); `None` when longer.
fn packed(w: &str) -> Option<u64> {
    packed_bytes(w.as_bytes())
}

fn packed_bytes(b: &[u8]) -> Option<u64> {
    (b.len() <= 8).then(|| b.iter().rev().fold(0u64, |k, &x| (k << 8) | u64::from(x)))
}

/// The terms of one run of entries (a rayon fold), with term ids local to the run, so a term
/// is a string once per run rather than once per entry it occurs in.
#[derive(Default)]
struct Run {
    /// Each distinct word as written → its term id (`None`: a stop word or nothing left):
    /// words of at most eight bytes by their bytes as one number ([`packed`]: most words of
    /// most texts, found without hashing and comparing strings), longer ones by their text.
    short_words: FxHashMap<u64, Option<u32>>,
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

/// The hyphens that join words into one (`micro-certification`): the hyphen-minus, the
/// hyphen and the non-breaking hyphen.
const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// Whether the text between two words is one hyphen.
fn is_hyphen(between: &str) -> bool {
    let mut c = between.chars();
    c.next().is_some_and(|h| HYPHENS.contains(&h)) && c.next().is_none()
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
    #[inline]
    fn word(&mut self, analyzer: &text::Analyzer, w: &str) -> Option<u32> {
        let short = packed(w);
        let known = match short {
            Some(k) => self.short_words.get(&k),
            None => self.words.get(w),
        };
        match known {
            Some(&id) => id,
            None => self.new_word(analyzer, w, short),
        }
    }

    /// [`Run::word`] for a word the run has not met: analysed, its term and surface kept.
    /// Out of line, so that the look-up every word takes stays small (with this inlined, the
    /// tokenizer's callback spilled a frame of 328 bytes at each word).
    #[cold]
    #[inline(never)]
    fn new_word(&mut self, analyzer: &text::Analyzer, w: &str, short: Option<u64>) -> Option<u32> {
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
        match short {
            Some(k) => self.short_words.insert(k, id),
            None => self.words.insert(w.into(), id),
        };
        id
    }

    fn add(&mut self, analyzer: &text::Analyzer, s: &str, weight: u32) {
        // the words joined by hyphens so far (`micro-certification`): where they begin and
        // end, and whether there are more than one
        let mut chain: Option<(usize, usize, bool)> = None;
        text::pieces(s, |piece, start, end| {
            let id = match piece {
                text::Piece::Word(w) => {
                    chain = match chain {
                        Some((from, to, _)) if is_hyphen(&s[to..start]) => Some((from, end, true)),
                        _ => {
                            self.joined(analyzer, s, chain, weight);
                            Some((start, end, false))
                        }
                    };
                    match self.word(analyzer, w) {
                        Some(id) => id,
                        None => return,
                    }
                }
                text::Piece::Gram(g) => {
                    self.joined(analyzer, s, chain.take(), weight);
                    self.intern(g)
                }
            };
            self.count(id, weight);
        });
        self.joined(analyzer, s, chain, weight);
    }

    fn count(&mut self, id: u32, weight: u32) {
        let count = &mut self.counts[id as usize];
        if *count == 0 {
            self.touched.push(id);
        }
        *count += weight;
    }

    /// Words joined by hyphens (`s[from..to]`, when there are two or more, one with a letter)
    /// are also found written as one word: `micro-certification` by "microcertification",
    /// `e-mail` by "email" (a query with the hyphen finds both parts already). The joined
    /// form is no word of the text, so it is not offered to complete what a reader types.
    #[inline]
    fn joined(&mut self, analyzer: &text::Analyzer, s: &str, chain: Option<(usize, usize, bool)>, weight: u32) {
        if let Some((from, to, true)) = chain {
            self.join(analyzer, &s[from..to], weight);
        }
    }

    #[cold]
    fn join(&mut self, analyzer: &text::Analyzer, written: &str, weight: u32) {
        if !written.chars().any(char::is_alphabetic) {
            return;
        }
        let one: String = written.chars().filter(|c| !HYPHENS.contains(c)).collect();
        if let Some((_, term)) = analyzer.word(&one) {
            let id = self.intern(&term);
            self.count(id, weight);
        }
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
        // drained, so the list keeps its room for the next entry (taken, it grew from
        // nothing at every entry)
        let Run { touched, counts, terms, .. } = self;
        for t in touched.drain(..) {
            let n = std::mem::take(&mut counts[t as usize]);
            terms[t as usize].1.push(id, n.min(99));
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

#[cfg(test)]
mod tests {
    use super::super::tests::{e, get};
    use super::*;

    /// Every string of up to two bytes without a zero byte has a number of its own (a
    /// packing whose bytes overlap, or that forgets the length, gives two of them one number).
    #[test]
    fn short_byte_strings_have_numbers_of_their_own() {
        let mut seen = std::collections::HashSet::new();
        let strings = std::iter::once(vec![])
            .chain((1..=255u8).map(|a| vec![a]))
            .chain((1..=255u8).flat_map(|a| (1..=255u8).map(move |b| vec![a, b])));
        for s in strings {
            assert!(seen.insert(packed_bytes(&s).unwrap()), "{s:?}");
        }
        assert_eq!(packed_bytes(&[7; 9]), None);
    }

    proptest::proptest! {
        /// Two words of at most eight bytes have one number exactly when they are the same
        /// word; longer words have none (they are looked up by their text).
        #[test]
        fn a_short_word_is_its_number(
            a in "[a-zA-Z0-9éßل中😀]{0,9}",
            b in "[a-zA-Z0-9éßل中😀]{0,9}",
            cut in 0usize..9,
        ) {
            // `b` also as `a` cut short, so that prefixes are compared often
            let prefix: String = a.chars().take(cut).collect();
            for (x, y) in [(&a, &b), (&a, &prefix)] {
                proptest::prop_assert_eq!(packed(x).is_some(), x.len() <= 8);
                if let (Some(p), Some(q)) = (packed(x), packed(y)) {
                    proptest::prop_assert_eq!(p == q, x == y, "{:?} {:?}", x, y);
                }
            }
        }
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
