//! Language codes in `site.yaml`: which are taken (BCP 47, the language in lower case, since
//! a code names its language's folder), the form to write one given in another case, and the
//! direction a language is written in.

use super::Direction;

/// `ar`, `fa`, `he` and `ur` (and their regional variants) are written right to left.
pub fn default_direction(code: &str) -> Direction {
    let primary = code.split('-').next().unwrap_or(code);
    if matches!(primary, "ar" | "fa" | "he" | "ur") {
        Direction::Rtl
    } else {
        Direction::Ltr
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
