//! The normalisation's unit tests (equality with `search.js` is `tests/search_equal.rs`'s).

use super::*;

/// Each run of [`DIGIT_ZEROS`] is ten decimal digits, 0 to 9, and reads as ASCII.
#[test]
fn every_script_digit_reads_as_its_ascii_digit() {
    for zero in DIGIT_ZEROS {
        for k in 0..10 {
            let c = char::from_u32(zero + k).expect("a character");
            assert!(c.is_numeric() && is_word_char(c), "U+{:04X}", zero + k);
            assert_eq!(ascii_digit(c), char::from_digit(k, 10));
        }
    }
    assert_eq!(plain_forms("٢٠٢٣"), "2023");
    assert_eq!(plain_forms("۱۴۰۲"), "1402");
    assert_eq!(plain_forms("२०२३"), "2023");
    assert_eq!(plain_forms("①"), "①");
}

/// œ and æ are found as the two letters a reader types for them, and the other way round.
#[test]
fn ligatures_of_latin_spelling_read_as_two_letters() {
    let fr = Analyzer::new("fr");
    assert_eq!(fr.terms("œuvre Cœur ŒUVRES"), fr.terms("oeuvre coeur oeuvres"));
    assert_eq!(fr.tokens("cœur")[0].surface, "coeur");
    let en = Analyzer::new("en");
    assert_eq!(en.terms("Æsthetic encyclopædia"), en.terms("aesthetic encyclopaedia"));
    // a stop word written with æ is still one
    assert!(Analyzer::new("da").terms("være").is_empty());
}
use proptest::prelude::*;

/// `pieces` a character at a time, as it was first written (the oracle of the test below:
/// taking runs of ASCII at once must cut as this does).
fn pieces_by_char(text: &str, f: impl FnMut(Piece, usize, usize)) {
    let mut cut = Cut { text, word: None, cjk: Vec::new(), f };
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            cut.word_char(i);
        } else if c.is_ascii() {
            cut.other(i);
        } else {
            cut.char(i, c);
        }
    }
    cut.finish();
}

/// Text mixing ASCII, Latin with combining marks, Arabic, CJK, Hangul, digits of other
/// scripts, punctuation and white space, with any character now and then.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        3 => "[ .,;:!?'()\\-\n\t]{1,3}",
        2 => prop::sample::select(vec!["é", "e\u{301}", "\u{301}", "ß", "Ёлка", "مدرسة", "ال", "\u{64E}", "٣", "大学", "の", "한국", "\u{200D}", "\u{A0}", "’", "😀", "\u{1E900}"]).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Longer texts, mostly ASCII (so that blocks of 64 ASCII bytes are many, and words and
/// CJK runs cross their edges), now and then anything else.
fn long_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        12 => "[a-zA-Z0-9]{1,12}",
        8 => "[ .,;:!?'()\\-\n\t]{1,3}",
        1 => prop::sample::select(vec!["é", "\u{301}", "ß", "مدرسة", "大学", "の", "\u{A0}", "😀"]).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..160).prop_map(|v| v.concat())
}

/// Pieces as the tests compare them: the piece as debug text, its start and end.
type Cuts = Vec<(String, usize, usize)>;

/// The pieces of `text` as [`pieces`] cuts it and as a character at a time cuts it.
fn cut_both_ways(text: &str) -> (Cuts, Cuts) {
    let mut fast = Vec::new();
    pieces(text, |p, s, e| fast.push((format!("{p:?}"), s, e)));
    let mut slow = Vec::new();
    pieces_by_char(text, |p, s, e| slow.push((format!("{p:?}"), s, e)));
    (fast, slow)
}

proptest! {
    #[test]
    fn blocks_of_ascii_cut_as_one_character_at_a_time_does(text in long_text()) {
        let (fast, slow) = cut_both_ways(&text);
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn runs_of_ascii_cut_as_one_character_at_a_time_does(text in mixed_text()) {
        let (fast, slow) = cut_both_ways(&text);
        prop_assert_eq!(fast, slow);
    }
}

#[test]
fn ascii_is_cut_as_the_unicode_tables_cut_it() {
    // `pieces` tells ASCII apart without the tables: they must agree on every character
    for c in (0u8..128).map(char::from) {
        assert_eq!(is_word_char(c), c.is_ascii_alphanumeric(), "{c:?}");
        assert!(!is_cjk(c) && !is_mark(c), "{c:?}");
    }
    let words = |t: &str| {
        let mut out = Vec::new();
        pieces(t, |p, s, e| out.push((matches!(p, Piece::Word(_)), s, e)));
        out
    };
    assert_eq!(
        words("a1-b\u{301}c 大学x é"),
        [(true, 0, 2), (true, 3, 7), (false, 8, 14), (true, 14, 15), (true, 16, 18)]
    );
}

#[test]
fn latin_and_cyrillic_fold_case_and_diacritics_after_stemming() {
    let fr = Analyzer::new("fr");
    assert_eq!(fr.terms("Universités ÉCOLES"), ["univers", "ecol"]);
    let en = Analyzer::new("en");
    assert_eq!(en.terms("Teachers teaching"), ["teacher", "teach"]);
    assert_eq!(Analyzer::plain().terms("Ёлка"), ["елка"]);
}

#[test]
fn stop_words_are_dropped_and_typed_forms_meet_their_inflections() {
    let en = Analyzer::new("en");
    assert_eq!(en.terms("The policies of the university"), ["polici", "univers"]);
    assert_eq!(en.terms("policy"), en.terms("policies"));
    assert_eq!(en.terms("study"), en.terms("studied"));
    assert_ne!(en.terms("category"), en.terms("cat"));
    let fr = Analyzer::new("fr");
    assert_eq!(fr.terms("l’université de l'école"), ["univers", "ecol"]);
    let t = en.tokens("Policies");
    assert_eq!((t[0].surface.as_str(), t[0].term.as_str(), t[0].start, t[0].end), ("policies", "polici", 0, 8));
}

#[test]
fn chinese_becomes_bigrams() {
    let p = Analyzer::plain();
    assert_eq!(p.terms("高等教育 AI"), ["高等", "等教", "教育", "ai"]);
    assert_eq!(p.terms("人"), ["人"]);
    assert_eq!(p.tokens("a 教育")[1].start, 2);
}

#[test]
fn arabic_spelling_variants_meet() {
    let p = Analyzer::new("ar");
    // alef with hamza above/below, madda, wasla; taa marbuta; alef maqsura; harakat; tatweel
    assert_eq!(p.terms("أحمد"), p.terms("احمد"));
    assert_eq!(p.terms("إدارة"), p.terms("اداره"));
    assert_eq!(p.terms("مُسْتَشْفَى"), p.terms("مستشفي"));
    assert_eq!(p.terms("التعليـــم"), p.terms("تعليم"));
    assert_eq!(p.terms("مسؤول"), p.terms("مسوول"));
    assert!(p.terms("في").is_empty(), "an Arabic stop word");
}

/// American and British spellings give one term, and neither the term of a shorter word.
#[test]
fn ize_and_ise_spellings_meet() {
    let en = Analyzer::new("en");
    for (us, uk) in [
        ("organization", "organisation"),
        ("Organizations", "organisations"),
        ("digitalization", "digitalisation"),
        ("organize", "organise"),
        ("realized", "realised"),
        ("recognizes", "recognises"),
        ("modernizing", "modernising"),
    ] {
        assert_eq!(en.terms(us), en.terms(uk), "{us}");
    }
    assert_ne!(en.terms("organization"), en.terms("organ"));
    assert_ne!(en.terms("digitalization"), en.terms("digit"));
    for w in ["size", "prize", "seize", "sizes"] {
        assert_eq!(ise_spelling(w), w);
    }
    // English only: French "organiser" is not touched, nor a word with no stemmer
    assert_eq!(Analyzer::plain().terms("organization"), ["organization"]);
}

/// Ordinals are words of their own, not stop words: the fourth forum is not the second.
#[test]
fn ordinals_are_indexed() {
    let ar = Analyzer::new("ar");
    assert_eq!(ar.terms("المنتدى الرابع"), ["منتد", "رابع"]);
    for w in ["الأول", "الثاني", "الثالث", "رابع", "الخامس", "العاشر", "الحادي"]
    {
        assert_eq!(ar.terms(w).len(), 1, "{w}");
    }
    // a date: the month is a word of its own
    assert_eq!(ar.terms("٨ ديسمبر").len(), 2);
    assert_eq!(ar.terms("يوم الخميس").len(), 2);
    let ro = Analyzer::new("ro");
    assert_eq!(ro.terms("primul").len(), 1);
    assert_eq!(ro.terms("al doilea").len(), 1, "al is a stop word, doilea is not");
    for (code, words) in KEPT_WORDS {
        let stop = stop_words(code);
        // each was on its language's list, and is no more
        for w in *words {
            let w = fold(&w.to_lowercase());
            assert!(stop_words::lookup(code).unwrap().iter().any(|s| fold(&s.to_lowercase()) == w), "{w}");
            assert!(!stop.contains(&w), "{w}");
        }
    }
    for code in ["en", "fr", "zh"] {
        let stop = stop_words(code);
        for w in ["first", "second", "third", "premier", "deuxieme", "troisieme", "第一"] {
            assert!(!stop.iter().any(|s| s == w), "{code} {w}");
        }
    }
}
