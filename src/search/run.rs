//! The terms of one run of entries, counted while the index is built ([`super::index`]):
//! each entry's words analysed once per run (short words looked up by their bytes as one
//! number), their weights per entry, the words joined by hyphens also as one word, and the
//! run's terms and surfaces sorted for the merge.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::postings::Postings;
use super::{text, Entry};

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
pub(super) struct Run {
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

    /// Indexes the words of `s`; a label's (`label`: a title, heading or lead) also gives
    /// its pairs of a word and the stop word after it ([`text::pair`]).
    fn add(&mut self, analyzer: &text::Analyzer, s: &str, weight: u32, label: bool) {
        // the words joined by hyphens so far (`micro-certification`): where they begin and
        // end, and whether there are more than one
        let mut chain: Option<(usize, usize, bool)> = None;
        // in a label, the term id of the word just before and where it ended
        let mut prev: Option<(u32, usize)> = None;
        text::pieces(s, |piece, start, end| {
            let before = prev.take();
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
                        Some(id) => {
                            prev = label.then_some((id, end));
                            id
                        }
                        None => {
                            if let Some((before, at)) = before {
                                self.pair(analyzer, before, &s[at..start], w, weight);
                            }
                            return;
                        }
                    }
                }
                text::Piece::Gram(g) => {
                    self.joined(analyzer, s, chain.take(), weight);
                    self.intern(&super::hans::simplified(g))
                }
            };
            self.count(id, weight);
        });
        self.joined(analyzer, s, chain, weight);
    }

    /// A label's word (term id `before`) and, after white space, a stop word `w`: their pair.
    #[cold]
    fn pair(&mut self, analyzer: &text::Analyzer, before: u32, between: &str, w: &str, weight: u32) {
        if !text::is_pair_space(between) {
            return;
        }
        if let Some(stop) = analyzer.stop_surface(w) {
            let term = text::pair(&self.terms[before as usize].0, &stop);
            let id = self.intern(&term);
            self.count(id, weight);
        }
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

    /// Indexes one entry; title and heading words count more than body words. The page's
    /// title counts so in its opening entry only: its other sections are found by it (a query
    /// names the page and the section's words) but rank below the sections holding the word.
    pub(super) fn entry(&mut self, analyzer: &text::Analyzer, id: u32, e: &Entry) {
        self.add(analyzer, e.title, if e.anchor.is_none() { 3 } else { 1 }, true);
        self.add(analyzer, e.heading, 3, true);
        // the lead and the text as `full_text` joins them: ` · ` is no word of its own
        if let Some(lead) = &e.lead {
            self.add(analyzer, lead, 1, true);
        }
        self.add(analyzer, e.text, 1, false);
        if let Some(unseen) = &e.unseen {
            self.add(analyzer, unseen, 1, false);
        }
        // drained, so the list keeps its room for the next entry (taken, it grew from
        // nothing at every entry)
        let Run { touched, counts, terms, .. } = self;
        for t in touched.drain(..) {
            let n = std::mem::take(&mut counts[t as usize]);
            terms[t as usize].1.push(id, n.min(99));
        }
    }

    /// The run's terms sorted, its working maps dropped.
    pub(super) fn sorted(self) -> Sorted {
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
pub(super) struct Sorted {
    pub(super) terms: Vec<(Box<str>, Postings)>,
    pub(super) surfaces: Vec<(Box<str>, u32)>,
}

#[cfg(test)]
mod tests {
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
    }
}
