//! Traditional Chinese characters folded to their simplified forms, so that "會議" finds a
//! page that writes "会议" and the other way round: the table is the theme's
//! `static/search-hans.js` (OpenCC's `TSCharacters`, written by `tools/hans-table.py`), read
//! here at compile time and by `search.js` in the browser when a query holds Han characters,
//! so both sides fold with the one table (`tests/search_equal.rs` holds them equal).

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The theme's file: one JavaScript string of pairs of code points (traditional, simplified).
const SOURCE: &str = include_str!("../../themes/default/static/search-hans.js");

/// Traditional character → simplified character.
fn table() -> &'static FxHashMap<char, char> {
    static TABLE: OnceLock<FxHashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let pairs = SOURCE.split('"').nth(1).unwrap_or_default();
        let chars: Vec<char> = pairs.chars().collect();
        chars.chunks_exact(2).map(|p| (p[0], p[1])).collect()
    })
}

/// A CJK bigram (or lone character) with each traditional character written simplified.
pub fn simplified(gram: &str) -> Cow<'_, str> {
    let table = table();
    if !gram.chars().any(|c| table.contains_key(&c)) {
        return Cow::Borrowed(gram);
    }
    Cow::Owned(gram.chars().map(|c| table.get(&c).copied().unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_characters_are_written_simplified() {
        assert_eq!(simplified("會議"), "会议");
        assert_eq!(simplified("學习"), "学习");
        assert!(matches!(simplified("教育"), Cow::Borrowed("教育")), "nothing to fold: not copied");
        assert_eq!(simplified("乾"), "干");
    }

    /// Every pair is two CJK characters, each folded once and for all: a simplified form is
    /// never itself folded again, and the string holds whole pairs.
    #[test]
    fn the_table_is_whole_and_folds_once() {
        let pairs = SOURCE.split('"').nth(1).unwrap();
        assert_eq!(pairs.chars().count() % 2, 0);
        let t = table();
        assert!(t.len() > 3000, "{}", t.len());
        for (from, to) in t {
            assert!(super::super::text::is_cjk(*from) && super::super::text::is_cjk(*to), "{from} {to}");
            assert!(!t.contains_key(to), "{from} → {to}, folded again");
        }
    }
}
