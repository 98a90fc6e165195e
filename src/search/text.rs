//! Search text normalisation: the same rules as `search.js` applies to queries, proven equal
//! by `tests/search_equal.rs` (the real script in Node against this module, word for word).
//!
//! A word is a run of alphabetic, numeric and (inside a word) combining-mark characters. Each
//! word is written in plain forms (full-width letters and digits, ligatures and presentation
//! forms as the characters a reader types: their NFKC, a character at a time; œ and æ as oe
//! and ae; each script's decimal digits as ASCII digits), lower-cased;
//! dropped if its folded form is one of the language's stop words (the
//! NLTK lists; the index carries them, so the browser drops the same ones); stemmed with the
//! language's Snowball stemmer (English -ize endings first written -ise, [`ise_spelling`]) where plenary ships the same stemmer in JavaScript
//! (`themes/default/static/stem/<algorithm>.js`; not a word with a character beyond U+FFFF,
//! which the JavaScript stemmers would count as two); then folded: combining marks stripped after
//! canonical decomposition (é → e, ё → е, Arabic harakat, and the hamza carried by أ إ ؤ ئ),
//! Arabic ٱ → ا, ة → ه, ى → ي, tatweel and lone hamza removed, a leading ال / وال (…) dropped.
//! The folded but unstemmed form is the word's *surface*, used only to complete the word a
//! reader is still typing. Chinese, Japanese and Korean runs become character bigrams (a lone
//! character stays one term); no stop words or stemming apply to them.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::ascii::{block_mask, run_end, BLOCK};
#[cfg(test)]
use super::languages::KEPT_WORDS;
pub use super::languages::{algorithm, light_stemmed, stemmer, stemmer_name, stop_words};

/// Whether `c` is written without spaces between words (CJK), so it is indexed by bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0x20000..=0x2FFFF) // supplementary ideographs
}

/// Characters that this module's Unicode tables know (the normalisation crate follows Unicode
/// 18) but today's browsers do not yet: treated as separators on both sides, so that a browser
/// and the index still agree (`search.js` has the same list; `tests/search_equal.rs` finds any
/// other difference). Found by comparing every code point with Node's tables.
pub const NEWER: &[(u32, u32)] = &[
    (0x5C8, 0x5C9),
    (0xB53, 0xB54),
    (0x1ADE, 0x1ADF),
    (0x1AEC, 0x1AF0),
    (0x10ECB, 0x10ECF),
    (0x10EF0, 0x10EF9),
    (0x11DF0, 0x11DF0),
    (0x1D127, 0x1D128),
    (0x1D250, 0x1D252),
    (0x1D25B, 0x1D25C),
    (0x1D25F, 0x1D25F),
    (0x1D280, 0x1D281),
];

fn is_newer(c: char) -> bool {
    let n = c as u32;
    n >= NEWER[0].0 && NEWER.iter().any(|&(a, b)| (a..=b).contains(&n))
}

/// Whether `c` belongs to a word (`[\p{Alphabetic}\p{N}]` in `search.js`).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_newer(c)
}

/// Whether `c` is a zero-width (non-)joiner, which Persian writes inside words (می‌خواهم) and a
/// reader may leave out: part of a word it is inside, and not written in its terms
/// (`JOINER` in `search.js`).
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether `c` is a combining mark (`\p{M}` in `search.js`).
pub fn is_mark(c: char) -> bool {
    is_combining_mark(c) && !is_newer(c)
}

/// Whether `c` is written in a compatibility form a reader does not type: full-width Latin
/// letters, digits and signs (`ＡＩ`, `２０２３` in Chinese text), the ligatures a PDF's text
/// brings (`ﬁ`, `ﬃ`), Hebrew and Arabic presentation forms (`ﻻ`, what a PDF's Arabic is
/// often made of). `search.js` `COMPAT` lists the same.
fn is_compat_form(c: char) -> bool {
    matches!(c, '\u{FB00}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{FF01}'..='\u{FF5E}')
}

/// The zero of each script's decimal digits that a reader may type in place of `0`–`9`, or
/// a text may be written in (Arabic-Indic `٢٠٢٣`, Persian `۱۴۰۲`, Devanagari, Bengali, Thai,
/// Myanmar …): each run of ten holds the digits 0 to 9 in order. `search.js` `DIGIT_ZEROS`
/// lists the same.
const DIGIT_ZEROS: [u32; 35] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
    0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50,
    0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
];

/// The ASCII digit a script's decimal digit stands for.
fn ascii_digit(c: char) -> Option<char> {
    let n = c as u32;
    let zero = DIGIT_ZEROS.iter().find(|&&z| (z..z + 10).contains(&n))?;
    char::from_digit(n - zero, 10)
}

/// The two letters a ligature of French, Latin and Old English spelling is typed as when a
/// keyboard has no key for it ("oeuvre", "coeur", "aether"); NFKC keeps them as they are.
/// `search.js` `LIGATURES` lists the same.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        _ => return None,
    })
}

/// `word` with each character in a compatibility form written as the plain characters a
/// reader types (its NFKC), where those are letters, digits and marks (`ﷺ`, a phrase with
/// spaces, stays as it is), œ and æ as two letters, and each script's digits as ASCII
/// digits. A character at a time, as `search.js` does.
pub(super) fn plain_forms(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii()
        || !word.chars().any(|c| is_compat_form(c) || ascii_digit(c).is_some() || ligature(c).is_some() || is_joiner(c))
    {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        // a word typed with or without its joiners is one word (Persian می‌خواهم, میخواهم)
        if is_joiner(c) {
            continue;
        }
        if let Some(d) = ascii_digit(c) {
            out.push(d);
            continue;
        }
        if let Some(two) = ligature(c) {
            out.push_str(two);
            continue;
        }
        if is_compat_form(c) {
            let plain: String = std::iter::once(c).nfkc().collect();
            if plain.chars().all(|p| is_word_char(p) || is_mark(p)) {
                out.push_str(&plain);
                continue;
            }
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Folds one word (already lower-case, stemmed or not): [`letters`] unified, the Arabic
/// article dropped.
pub fn fold(word: &str) -> String {
    strip_article(letters(word))
}

/// One word (already lower-case) with its marks stripped and its Arabic letters unified
/// (Persian ی and ک read as Arabic ي and ك: keyboards and texts mix the two): what
/// [`fold`] does but drop the article, and what the Arabic light stemmer reads.
pub fn letters(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_mark(c) {
            continue;
        }
        match c {
            'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' | 'ی' => out.push('ي'),
            'ک' => out.push('ك'),
            'ـ' | 'ء' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Drops a leading Arabic article (ال, وال, بال, فال, كال, لل) from longer words.
fn strip_article(w: String) -> String {
    for prefix in ["وال", "بال", "فال", "كال", "ال", "لل"] {
        if let Some(rest) = w.strip_prefix(prefix) {
            if rest.chars().count() >= 2 {
                return rest.to_string();
            }
        }
    }
    w
}

/// A label's word and the stop word after it as one term, "hall a" for "Hall A": a stop word
/// that tells one room, forum or heading from another ("Hall A" and "Hall B"; "a" is an
/// English and a French stop word) is found with the word before it. Only titles, headings
/// and leads (a forum's date, time and room) are read for pairs, not running text; the
/// browser asks for the pairs a query holds and keeps to the entries that have them when
/// any do (`search.js` `pairs`). A term has no space otherwise, so a pair is no word's term.
pub fn pair(term: &str, stop: &str) -> String {
    [term, " ", stop].concat()
}

/// Whether the text between a word and a stop word joins them into a pair: white space
/// alone, of these characters (`search.js` `PAIR_SPACE`).
pub fn is_pair_space(between: &str) -> bool {
    !between.is_empty() && between.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{a0}' | '\u{3000}'))
}

/// One word of a text, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded, unstemmed (a CJK bigram: the bigram).
    pub surface: String,
    /// The index term (stemmed and folded; a CJK bigram: the bigram).
    pub term: String,
    /// Byte range of the word in the text (for CJK, of the bigram).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Part of a CJK run.
    pub cjk: bool,
}

/// How a language's words become terms: its stemmer and stop words.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    /// English: -ize spellings stemmed as -ise ones ([`ise_spelling`]).
    english: bool,
    /// Arabic: light stemming ([`super::arabic`]) of the word's [`letters`].
    arabic: bool,
    stop: FxHashSet<String>,
}

/// The American -ize endings and the British -ise ones the English stemmer is given instead.
const IZE: [(&str, &str); 6] = [
    ("izations", "isations"),
    ("ization", "isation"),
    ("izing", "ising"),
    ("ized", "ised"),
    ("izes", "ises"),
    ("ize", "ise"),
];

/// An English word (lower case) with an -ize ending written -ise, when three letters or more
/// come before it, so that both spellings stem alike: the stemmer takes "organization" to
/// "organ" but "organisation" to "organis". "size", "prize" and "seize" stay as they are.
/// `search.js` `iseSpelling` does the same.
fn ise_spelling(word: &str) -> std::borrow::Cow<'_, str> {
    for (us, uk) in IZE {
        if let Some(before) = word.strip_suffix(us) {
            if before.chars().count() >= 3 {
                return std::borrow::Cow::Owned(format!("{before}{uk}"));
            }
            break;
        }
    }
    std::borrow::Cow::Borrowed(word)
}

/// Per-word results remembered while indexing (stemming is the costly part): `None` for a
/// stop word or a word that folds to nothing.
pub type Cache = FxHashMap<String, Option<(String, String)>>;

impl Analyzer {
    /// The analyser for a language code.
    pub fn new(lang: &str) -> Analyzer {
        Analyzer {
            stemmer: stemmer(lang),
            english: matches!(algorithm(lang), Some((Algorithm::English, _))),
            arabic: light_stemmed(lang),
            stop: stop_words(lang).into_iter().collect(),
        }
    }

    /// No stemmer, no stop words (for tests of the folding alone).
    pub fn plain() -> Analyzer {
        Analyzer { stemmer: None, english: false, arabic: false, stop: FxHashSet::default() }
    }

    /// (surface, term) of one non-CJK word, `None` when it is a stop word or folds to nothing.
    pub fn word(&self, word: &str) -> Option<(String, String)> {
        let lower = plain_forms(word).to_lowercase();
        let surface = fold(&lower);
        if surface.is_empty() || self.stop.contains(&surface) {
            return None;
        }
        // the JavaScript stemmers count UTF-16 units, so a word with a character beyond
        // U+FFFF (rare: historic scripts, symbols) would stem differently there: not stemmed
        let term = match &self.stemmer {
            // the article is one of the prefixes the stemmer takes, so it reads the letters
            _ if self.arabic => super::arabic::light_stem(&letters(&lower)),
            Some(s) if lower.chars().all(|c| (c as u32) <= 0xFFFF) => {
                fold(&s.stem(if self.english { ise_spelling(&lower) } else { (&lower).into() }.as_ref()))
            }
            _ => surface.clone(),
        };
        if term.is_empty() {
            return None;
        }
        Some((surface, term))
    }

    /// The folded surface of a stop word; `None` for any other word.
    pub fn stop_surface(&self, word: &str) -> Option<String> {
        let surface = fold(&plain_forms(word).to_lowercase());
        self.stop.contains(&surface).then_some(surface)
    }

    /// The label pairs of `text` ([`pair`]), in order: a word and the stop word after it.
    pub fn pairs(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut prev: Option<(String, usize)> = None;
        pieces(text, |piece, start, end| {
            let before = prev.take();
            let Piece::Word(w) = piece else { return };
            match self.word(w) {
                Some((_, term)) => prev = Some((term, end)),
                None => {
                    if let (Some((term, at)), Some(stop)) = (before, self.stop_surface(w)) {
                        if is_pair_space(&text[at..start]) {
                            out.push(pair(&term, &stop));
                        }
                    }
                }
            }
        });
        out
    }

    /// The tokens of `text`, in order (with repeats).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.tokens_cached(text, &mut Cache::default())
    }

    /// The terms of `text`, in order (with repeats).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.tokens(text).into_iter().map(|t| t.term).collect()
    }

    /// [`Analyzer::tokens`], remembering each word's result in `cache`.
    pub fn tokens_cached(&self, text: &str, cache: &mut Cache) -> Vec<Token> {
        let mut out = Vec::new();
        self.each_token(text, cache, |surface, term, start, end, cjk| {
            out.push(Token { surface: surface.to_string(), term: term.to_string(), start, end, cjk });
        });
        out
    }

    /// Calls `f(surface, term, start, end, cjk)` for each token of `text`, in order, without
    /// allocating per token.
    pub fn each_token(&self, text: &str, cache: &mut Cache, mut f: impl FnMut(&str, &str, usize, usize, bool)) {
        pieces(text, |piece, start, end| match piece {
            Piece::Word(w) => {
                if !cache.contains_key(w) {
                    cache.insert(w.to_string(), self.word(w));
                }
                if let Some(Some((surface, term))) = cache.get(w) {
                    f(surface, term, start, end, false);
                }
            }
            Piece::Gram(g) => {
                let g = super::hans::simplified(g);
                f(&g, &g, start, end, true)
            }
        });
    }
}

/// A piece of text as the tokenizer cuts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A word as written, to be analysed with [`Analyzer::word`].
    Word(&'a str),
    /// A CJK bigram (or a lone CJK character) as written: its surface and term are it with
    /// traditional characters written simplified ([`super::hans::simplified`]).
    Gram(&'a str),
}

/// The state of cutting a text into pieces, a character at a time ([`pieces`]).
struct Cut<'t, F> {
    text: &'t str,
    /// Where the current word began.
    word: Option<usize>,
    /// The current CJK run: its characters' offsets (a run is contiguous in `text`).
    cjk: Vec<(usize, char)>,
    f: F,
}

impl<'t, F: FnMut(Piece<'t>, usize, usize)> Cut<'t, F> {
    /// The character at `i` is part of a word.
    #[inline]
    fn word_char(&mut self, i: usize) {
        if !self.cjk.is_empty() {
            self.end_cjk();
        }
        self.word.get_or_insert(i);
    }

    /// The [`BLOCK`] bytes from `at`, all ASCII, whose letters and digits are the bits of
    /// `alnum` (bit `k`: byte `at + k`): each word's start and end found from the bits, as
    /// [`Cut::word_char`] and [`Cut::other`] a byte at a time would find them.
    fn ascii_block(&mut self, at: usize, alnum: u64) {
        // an ASCII byte, whichever, ends a CJK run (and a word is never open beside one)
        if !self.cjk.is_empty() {
            self.end_cjk();
        }
        // the bits at `from` and above
        let above = |from: u32| if from >= 64 { 0 } else { u64::MAX << from };
        let mut from = 0;
        while from < 64 {
            if self.word.is_some() {
                // the open word ends at the first byte that is not a letter or digit
                let ends = !alnum & above(from);
                if ends == 0 {
                    return;
                }
                let e = ends.trailing_zeros();
                self.end_word(at + e as usize);
                from = e + 1;
            } else {
                let starts = alnum & above(from);
                if starts == 0 {
                    return;
                }
                let s = starts.trailing_zeros();
                self.word = Some(at + s as usize);
                from = s + 1;
            }
        }
    }

    /// The character at `i`, `c`, is a CJK character.
    fn cjk_char(&mut self, i: usize, c: char) {
        self.end_word(i);
        self.cjk.push((i, c));
    }

    /// The character at `i` ends what came before.
    #[inline]
    fn other(&mut self, i: usize) {
        self.end_word(i);
        if !self.cjk.is_empty() {
            self.end_cjk();
        }
    }

    /// A character beyond ASCII, at `i`.
    fn char(&mut self, i: usize, c: char) {
        if is_cjk(c) {
            self.cjk_char(i, c);
        } else if is_word_char(c) || ((is_mark(c) || is_joiner(c)) && self.word.is_some()) {
            self.word_char(i);
        } else {
            self.other(i);
        }
    }

    #[inline]
    fn end_word(&mut self, end: usize) {
        if let Some(s) = self.word.take() {
            (self.f)(Piece::Word(&self.text[s..end]), s, end);
        }
    }

    /// Hands on the bigrams of the CJK run (a lone character is a piece of its own).
    fn end_cjk(&mut self) {
        let n = self.cjk.len();
        for a in 0..n.saturating_sub(1).max(usize::from(n == 1)) {
            let b = (a + 1).min(n - 1);
            let (s, (e, c)) = (self.cjk[a].0, self.cjk[b]);
            let end = e + c.len_utf8();
            (self.f)(Piece::Gram(&self.text[s..end]), s, end);
        }
        self.cjk.clear();
    }

    fn finish(mut self) {
        self.end_word(self.text.len());
        self.end_cjk();
    }
}

/// Cuts `text` into words and CJK bigrams, calling `f(piece, start, end)` in order (byte
/// ranges into `text`). Stemming and folding are left to the caller, which can remember
/// them per distinct word.
pub fn pieces(text: &str, f: impl FnMut(Piece, usize, usize)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut cut = Cut { text, word: None, cjk: Vec::new(), f };
    let mut i = 0;
    // no block that starts before this is all ASCII
    let mut mixed_before = 0;
    while i < n {
        // sixty-four ASCII bytes at once, their words found from a mask of their letters and
        // digits: a run at a time (below), the loop waited on each run's end to load the
        // byte after it, and most words are a few bytes long
        if i >= mixed_before && i + BLOCK <= n {
            match block_mask(&bytes[i..i + BLOCK]) {
                Ok(alnum) => {
                    cut.ascii_block(i, alnum);
                    i += BLOCK;
                    continue;
                }
                Err(k) => mixed_before = i + k + 1,
            }
        }
        let b = bytes[i];
        // ASCII, most of most texts, is told apart without the Unicode tables (which say the
        // same of it: letters and digits are word characters, nothing else is), a run of
        // letters or of other characters at a time
        if b.is_ascii_alphanumeric() {
            cut.word_char(i);
            i = run_end(bytes, i + 1, |alnum, _| !alnum, |b| !b.is_ascii_alphanumeric());
        } else if b.is_ascii() {
            cut.other(i);
            i = run_end(bytes, i + 1, |alnum, high| alnum | high, |b| !b.is_ascii() || b.is_ascii_alphanumeric());
        } else {
            // `i` is always at a character's start: every step above is one ASCII byte
            let Some(c) = text[i..].chars().next() else { break };
            cut.char(i, c);
            i += c.len_utf8();
        }
    }
    cut.finish();
}

#[cfg(test)]
mod tests;
