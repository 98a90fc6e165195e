//! Arabic light stemming: the "light10" stemmer of Larkey, Ballesteros and Connell ("Light
//! Stemming for Arabic Information Retrieval", 2007; the stemmer Lucene's `ArabicStemmer`
//! runs after its `ArabicNormalizer`), so that a singular and its sound plural meet: سياسة
//! and السياسات are both `سياس`, مؤتمر and مؤتمرات both `موتمر`. `search.js` `arabicStem`
//! does the same; `tests/search_equal.rs` holds the two equal.
//!
//! The word comes in with [`super::text::fold`]'s letters unified (marks and the hamza of أ إ
//! ؤ ئ removed, ة as ه, ى as ي, tatweel and lone hamza dropped), which covers the
//! normaliser. Then one prefix goes when at least two letters stay after it: the article and
//! its prefixed forms ال وال بال كال فال لل, the same list and length rule as the folding's
//! article. light10's last prefix, the conjunction و alone (when four letters or more), is
//! left out: it takes the first letter of every word that begins with و without the article
//! (ورقة "paper" → `رق`, but الورقة → `ورق`), so a query without the article, the usual one,
//! lost what the folding found (ARCHITECTURE.md, "Search: Arabic light stemming"). Then each
//! suffix of ها ان ات ون ين يه ه ي in turn, once, when at least two letters stay before it
//! (light10's ية and ة are its يه and ه, as ة is written ه by then).

/// The prefixes, the first that fits taken: the article and the article after و ب ك ف, and
/// لل (ل before the article).
const PREFIXES: [&str; 6] = ["ال", "وال", "بال", "كال", "فال", "لل"];

/// The suffixes, each tried once in this order: ها "her/its", the dual ان, the plurals ات ون
/// ين, the nisba يه (ية) and ي, and ه (ة, or "his/its").
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// The letters (code points) a prefix or suffix must leave.
const KEEP: usize = 2;

/// The light stem of an Arabic word whose letters are unified ([`super::text::letters`]).
/// Words of other scripts come out as they went in.
pub fn light_stem(word: &str) -> String {
    let mut w = word;
    let mut len = w.chars().count();
    for p in PREFIXES {
        if let Some(rest) = w.strip_prefix(p) {
            let n = p.chars().count();
            if len >= n + KEEP {
                w = rest;
                len -= n;
                break;
            }
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = w.strip_suffix(s) {
            let n = s.chars().count();
            if len >= n + KEEP {
                w = rest;
                len -= n;
            }
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::text::Analyzer;

    /// The term of a word through the Arabic analyser.
    fn term(w: &str) -> String {
        Analyzer::new("ar").word(w).map(|(_, t)| t).unwrap_or_default()
    }

    #[test]
    fn singulars_and_sound_plurals_meet_with_and_without_the_article() {
        for (one, other) in [
            ("سياسة", "السياسات"),
            ("السياسة", "سياسات"),
            ("مؤتمر", "مؤتمرات"),
            ("مؤتمر", "المؤتمرات"),
            ("جامعة", "الجامعات"),
            ("جلسة", "الجلسات"),
            ("مبادرة", "مبادرات"),
            ("مشارك", "المشاركين"),
            ("مشارك", "مشاركون"),
            ("متحدث", "المتحدثين"),
            ("منظمة", "المنظمات"),
            ("كلمة", "الكلمات"),
            ("تقرير", "تقريرين"),
            ("دولة", "الدولية"),
            ("مؤتمر", "بالمؤتمر"),
            ("تعليم", "للتعليم"),
            ("جامعة", "والجامعات"),
            ("ورقة", "الورقة"),
            ("وزارة", "الوزارة"),
        ] {
            assert_eq!(term(one), term(other), "{one} and {other}");
        }
        assert_eq!(term("السياسات"), "سياس");
        assert_eq!(term("مؤتمرات"), "موتمر");
    }

    #[test]
    fn enough_letters_stay() {
        // two letters stay after a prefix or before a suffix
        assert_eq!(super::light_stem("الب"), "الب");
        assert_eq!(super::light_stem("الي"), "ال", "the article kept, the suffix taken");
        assert_eq!(super::light_stem("الين"), "ين");
        assert_eq!(super::light_stem("بات"), "بات");
        assert_eq!(super::light_stem("بيات"), "بي");
        // each suffix once, in order: ها then ات then ي
        assert_eq!(super::light_stem("جامعياتها"), "جامع");
        // the conjunction و alone is kept (light10 would take it)
        assert_eq!(super::light_stem("وزاره"), "وزار");
        // other scripts as they are
        assert_eq!(super::light_stem("policies"), "policies");
    }
}
