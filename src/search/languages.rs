//! The languages plenary stems and the words it does not index: the Snowball algorithm of each
//! language (Rust here, its JavaScript port beside `search.js`) and the NLTK stop lists, less
//! the words that tell one forum or date from another ([`KEPT_WORDS`]). The words are read
//! with [`super::text`]'s normalisation, so the lists meet the words they are compared with.

use rust_stemmers::{Algorithm, Stemmer};

use super::text::{fold, is_word_char, plain_forms};

/// The Snowball algorithm for a language code and the name of its JavaScript file beside
/// `search.js`, when plenary stems that language with Snowball. Greek (no JavaScript port
/// shipped) is not stemmed, on either side; Arabic is light-stemmed instead
/// ([`light_stemmed`]): Snowball's Arabic stemmer takes a word apart differently with and
/// without its article.
pub fn algorithm(lang: &str) -> Option<(Algorithm, &'static str)> {
    Some(match lang.split('-').next().unwrap_or(lang).to_ascii_lowercase().as_str() {
        "da" => (Algorithm::Danish, "danish"),
        "nl" => (Algorithm::Dutch, "dutch"),
        "en" => (Algorithm::English, "english"),
        "fi" => (Algorithm::Finnish, "finnish"),
        "fr" => (Algorithm::French, "french"),
        "de" => (Algorithm::German, "german"),
        "hu" => (Algorithm::Hungarian, "hungarian"),
        "it" => (Algorithm::Italian, "italian"),
        "no" | "nb" | "nn" => (Algorithm::Norwegian, "norwegian"),
        "pt" => (Algorithm::Portuguese, "portuguese"),
        "ro" => (Algorithm::Romanian, "romanian"),
        "ru" => (Algorithm::Russian, "russian"),
        "es" => (Algorithm::Spanish, "spanish"),
        "sv" => (Algorithm::Swedish, "swedish"),
        "ta" => (Algorithm::Tamil, "tamil"),
        "tr" => (Algorithm::Turkish, "turkish"),
        _ => return None,
    })
}

/// Whether a language code's words are light-stemmed ([`super::arabic`]): Arabic. Its
/// stemmer is part of `search.js`, with no file of its own.
pub fn light_stemmed(lang: &str) -> bool {
    lang.split('-').next().unwrap_or(lang).eq_ignore_ascii_case("ar")
}

/// The name of a language's stemmer in its index's `meta.json` (`null` when it is not
/// stemmed): the Snowball algorithm's file name, or `arabic-light`.
pub fn stemmer_name(lang: &str) -> Option<&'static str> {
    algorithm(lang).map(|(_, name)| name).or(light_stemmed(lang).then_some("arabic-light"))
}

/// The Snowball stemmer for a language code, when plenary stems it.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    algorithm(lang).map(|(a, _)| Stemmer::create(a))
}

/// Words of the NLTK lists indexed all the same, as they tell one forum, day or edition from
/// another: ordinals ("المنتدى الرابع", the fourth forum, is not the second) — Arabic first to
/// tenth (and حادي of "eleventh"), Romanian "prima", "primul", "(al) doilea", "(al) treilea" —
/// and the Arabic list's names of months and weekdays ("٨ ديسمبر" found every page with an 8;
/// أحد, also "one of", stays a stop word). The other lists hold no ordinals, months or days
/// (Danish "anden" is mostly "other"; "may" and "mai" are the verbs; the Chinese list's 第 is
/// never looked up, as CJK text is cut into pairs, not words).
pub(super) const KEPT_WORDS: &[(&str, &[&str])] = &[
    ("ar", &["أول", "ثان", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر", "حادي"]),
    (
        "ar",
        &[
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
    ),
    ("ar", &["كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين"]),
    ("ar", &["سبت", "اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة"]),
    ("ro", &["prima", "primul", "doilea", "treilea"]),
];

/// The language's stop words, folded, sorted and without repeats (empty when there is no list):
/// the NLTK list without its [`KEPT_WORDS`].
pub fn stop_words(lang: &str) -> Vec<String> {
    let code = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    let code = if code == "nb" || code == "nn" { "no".to_string() } else { code };
    let read = |w: &str| fold(&plain_forms(w).to_lowercase());
    let kept: Vec<String> =
        KEPT_WORDS.iter().filter(|(c, _)| *c == code).flat_map(|(_, words)| words.iter().map(|w| read(w))).collect();
    let mut words: Vec<String> = stop_words::lookup(&code)
        .unwrap_or_default()
        .iter()
        .map(|w| read(w))
        // "aren't" can never be one word: the apostrophe separates words
        .filter(|w| !w.is_empty() && w.chars().all(is_word_char) && !kept.contains(w))
        .collect();
    words.sort();
    words.dedup();
    words
}
