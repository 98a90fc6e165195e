//! Search text normalisation: the same rules as `search.js` applies to queries.
//!
//! Lower-case; stem with Snowball where a stemmer exists (before accents go, as the stemmers
//! expect them); strip combining marks after canonical decomposition (é → e, ё → е, Arabic
//! harakat, and the hamza carried by أ إ ؤ ئ); Arabic: ٱ → ا, ة → ه, ى → ي, tatweel and lone
//! hamza removed, a leading ال / وال dropped; Chinese, Japanese and Korean runs become
//! character bigrams. Queries match index terms that start with them, or that are a stem the
//! query word starts with.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The Snowball stemmer for a language code, when there is one (Arabic is handled by the
/// article rule instead, which the browser can apply to queries too).
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let alg = match lang.split('-').next().unwrap_or(lang) {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "ru" => Algorithm::Russian,
        "de" => Algorithm::German,
        "pt" => Algorithm::Portuguese,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(alg))
}

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

/// Folds one word (already lower-case and stemmed): marks stripped, Arabic letters unified.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' => out.push('ي'),
            'ـ' | 'ء' => {}
            _ => out.push(c),
        }
    }
    strip_article(out)
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

/// The index terms of `text`, in order (with repeats).
pub fn terms(text: &str, stemmer: Option<&Stemmer>) -> Vec<String> {
    terms_cached(text, stemmer, &mut FxHashMap::default())
}

/// [`terms`], remembering each word's term in `cache` (stemming is the costly part).
pub fn terms_cached(text: &str, stemmer: Option<&Stemmer>, cache: &mut FxHashMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut flush_word = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            let f = match cache.get(word.as_str()) {
                Some(f) => f.clone(),
                None => {
                    let lower = word.to_lowercase();
                    let stemmed = match stemmer {
                        Some(s) => s.stem(&lower).into_owned(),
                        None => lower,
                    };
                    let f = fold(&stemmed);
                    cache.insert(word.clone(), f.clone());
                    f
                }
            };
            if !f.is_empty() {
                out.push(f);
            }
            word.clear();
        }
    };
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        match cjk.len() {
            0 => {}
            1 => out.push(cjk[0].to_string()),
            _ => out.extend(cjk.windows(2).map(|w| w.iter().collect::<String>())),
        }
        cjk.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk.push(c);
        } else if c.is_alphanumeric() || (is_combining_mark(c) && !word.is_empty()) {
            flush_cjk(&mut cjk, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_and_cyrillic_fold_case_and_diacritics_after_stemming() {
        let fr = stemmer("fr");
        assert_eq!(terms("Universités ÉTÉ", fr.as_ref()), ["univers", "ete"]);
        let en = stemmer("en");
        assert_eq!(terms("Teachers teaching", en.as_ref()), ["teacher", "teach"]);
        assert_eq!(terms("Ёлка", None), ["елка"]);
    }

    #[test]
    fn chinese_becomes_bigrams() {
        assert_eq!(terms("高等教育 AI", None), ["高等", "等教", "教育", "ai"]);
        assert_eq!(terms("人", None), ["人"]);
    }

    #[test]
    fn arabic_spelling_variants_meet() {
        // alef with hamza above/below, madda, wasla; taa marbuta; alef maqsura; harakat; tatweel
        assert_eq!(terms("أحمد", None), terms("احمد", None));
        assert_eq!(terms("إدارة", None), terms("اداره", None));
        assert_eq!(terms("مُسْتَشْفَى", None), terms("مستشفي", None));
        assert_eq!(terms("التعليـــم", None), terms("تعليم", None));
        assert_eq!(terms("مسؤول", None), terms("مسوول", None));
    }
}
