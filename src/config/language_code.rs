//! Language codes in `site.yaml`: which are taken (BCP 47, the language in lower case, since
//! a code names its language's folder), the form to write one given in another case, and the
//! direction a language is written in.

use super::Direction;

/// The direction a language is written in, from CLDR (ICU4X's likely scripts of every
/// language): right to left for Arabic, Persian, Hebrew, Urdu, Pashto, Sindhi, Uyghur,
/// Central Kurdish, Yiddish, Divehi …, and for a language written in such a script by its
/// code (`pa-Arab`, `az-Arab`); left to right for every other.
pub fn default_direction(code: &str) -> Direction {
    // compiled data, made in place: the value is not shared between threads
    let directions = icu::locale::LocaleDirectionality::new_extended();
    // a Locale, not a LanguageIdentifier: `ar-u-nu-arab` (Arabic with Arabic-Indic digits, as
    // the README suggests) has a Unicode extension, which a language identifier does not parse
    match code.parse::<icu::locale::Locale>().ok().and_then(|l| directions.get(&l.id)) {
        Some(icu::locale::Direction::RightToLeft) => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// The Open Graph locale of a language: language and region joined by `_` (`en_US`, `fa_IR`,
/// `zh_CN`, `pt_BR`), the region CLDR's most likely one where the code names none; the
/// language alone when there is no region to be had.
pub fn open_graph_locale(code: &str) -> String {
    let Ok(locale) = code.parse::<icu::locale::Locale>() else { return code.to_string() };
    let mut id = locale.id;
    icu::locale::LocaleExpander::new_extended().maximize(&mut id);
    match id.region {
        Some(region) => format!("{}_{}", id.language, region),
        None => id.language.to_string(),
    }
}

/// The language code `code` stands for in another case or with `_` (`EN`, `zh_CN`, `pt-br`),
/// as BCP 47 writes it (`en`, `zh-CN`, `pt-BR`), when it is one.
pub(super) fn written_as_code(code: &str) -> Option<String> {
    let id: icu::locale::LanguageIdentifier = code.replace('_', "-").parse().ok()?;
    Some(id.to_string()).filter(|c| is_language_code(c))
}

/// Whether `code` is a BCP 47 language code as plenary takes it: the language in lower case
/// (two or three letters), then subtags of letters and digits.
pub(super) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locales_have_a_region() {
        for (code, og) in [
            ("en", "en_US"),
            ("fa", "fa_IR"),
            ("zh", "zh_CN"),
            ("pt-BR", "pt_BR"),
            ("ar-u-nu-arab", "ar_EG"),
            ("en-GB", "en_GB"),
        ] {
            assert_eq!(open_graph_locale(code), og, "{code}");
        }
    }

    /// Every language written right to left is, by its code or its script's; the rest not.
    #[test]
    fn languages_are_written_in_their_direction() {
        for code in [
            "ar",
            "ar-EG",
            "ar-u-nu-arab",
            "ar-SA-u-nu-arab",
            "fa",
            "fa-AF",
            "he",
            "ur",
            "ps",
            "sd",
            "ug",
            "ckb",
            "yi",
            "dv",
        ]
        .into_iter()
        .chain(["pa-Arab", "az-Arab", "fa-u-nu-latn"])
        {
            assert_eq!(default_direction(code), Direction::Rtl, "{code}");
        }
        for code in
            ["en", "zh", "zh-Hant", "fr", "ru", "sw", "pa", "az", "ku", "sr-Latn", "hi", "am", "xx", "not a code"]
        {
            assert_eq!(default_direction(code), Direction::Ltr, "{code}");
        }
    }
}
