//! Characters no page may hold: control characters other than tab and line breaks (C0, DEL,
//! C1) and the noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF. HTML calls them parse errors,
//! XML 1.0 (the feeds, the sitemap) and YAML forbid them, and no editor shows them: they
//! arrive with text pasted from a PDF (a form feed between its pages) or a word processor.
//!
//! A content file's (Markdown, a paper's bibliography) are each replaced by a space as it is
//! read ([`crate::load::read_content`]), one character for one so that every later finding's
//! column stays true, and the file gets one warning at the first ([`replace`]). NUL is not
//! among them: the loader replaces it with U+FFFD, as CommonMark asks. The site's settings
//! (`site.yaml`, its strings) are not changed: their YAML error names the character
//! ([`crate::frontmatter`]). Written as YAML escapes (`"\a"`, `"\u0001"`, `"\0"`) or as
//! character references in Markdown (`&#x1;`), they get past the loader: [`blank`] makes
//! them spaces where they are read (`frontmatter::parse`, `markdown`), with one warning
//! ([`message`]) per file and way of writing.

use std::path::Path;

use crate::diagnostics::{line_col, Diagnostic};
use crate::swar;

/// Whether `c` is one no page may hold.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\0'))
        || matches!(c, '\u{fdd0}'..='\u{fdef}' | '\u{fffe}' | '\u{ffff}')
}

/// The byte offset of the first such character in `text`, eight bytes at a time: a word
/// with no byte below 0x20, no DEL and no lead byte of C1 (0xC2) or of U+F000–U+FFFF (0xEF)
/// holds none.
pub fn first(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(x) = swar::word(bytes, i) {
            let maybe =
                swar::below(x, 0x20) | swar::equal_to(x, 0x7f) | swar::equal_to(x, 0xc2) | swar::equal_to(x, 0xef);
            if maybe == 0 {
                i += 8;
                continue;
            }
            i += swar::lowest(maybe);
        }
        if text.is_char_boundary(i) && text[i..].chars().next().is_some_and(is_hidden) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Replaces each such character of `text` (read from `shown`) by a space, and says so in one
/// warning at the first, with its line shown as it was (the character drawn visibly).
pub fn replace(text: &mut String, shown: &Path) -> Option<Diagnostic> {
    let at = first(text)?;
    let c = text[at..].chars().next()?;
    let (line, col) = line_col(text, at);
    let warning = Diagnostic::warning(shown, line, col, "").with_excerpt_from(text);
    let mut count = 0;
    let cleaned: String = text[at..]
        .chars()
        .map(|c| {
            if is_hidden(c) {
                count += 1;
                ' '
            } else {
                c
            }
        })
        .collect();
    text.truncate(at);
    text.push_str(&cleaned);
    let what = if c.is_control() { "control character" } else { "noncharacter" };
    let (more, each) = match count {
        1 => (String::new(), "it was"),
        2 => (", and one more in this file".to_string(), "each was"),
        n => (format!(", and {} more in this file", n - 1), "each was"),
    };
    Some(Diagnostic {
        message: format!("an invisible {what} (U+{:04X}) is here{more}; {each} replaced by a space", c as u32),
        ..warning.with_help(
            "web pages, feeds and YAML cannot hold it; such characters come with text pasted from a PDF \
             or a word processor: delete them",
        )
    })
}

/// Replaces each character of `s` that no page may hold, or NUL (which a YAML escape `"\0"`
/// writes past the loader), by a space: how many, and the first.
pub fn blank(s: &mut String) -> Option<(usize, char)> {
    if !s.chars().any(|c| c == '\0' || is_hidden(c)) {
        return None;
    }
    let mut found: Option<(usize, char)> = None;
    *s = s
        .chars()
        .map(|c| {
            if c == '\0' || is_hidden(c) {
                found.get_or_insert((0, c)).0 += 1;
                ' '
            } else {
                c
            }
        })
        .collect();
    found
}

/// The words of a warning about `count` such characters, the first `c`, written as `how`.
pub fn message(c: char, count: usize, how: &str) -> String {
    let what = if c.is_control() { "control character" } else { "noncharacter" };
    let (more, each) = match count {
        1 => (String::new(), "it was"),
        2 => (", and one more".to_string(), "each was"),
        n => (format!(", and {} more", n - 1), "each was"),
    };
    format!("an invisible {what} (U+{:04X}) is written here {how}{more}; {each} replaced by a space", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_is_replaced_by_a_space_and_the_first_is_warned_of() {
        let mut text = "---\ntitle: Pasted\u{c}from\n---\n\nWord\u{8} and\u{85}PDF\u{fffe}\n".to_string();
        let d = replace(&mut text, Path::new("content/news/a.md")).unwrap();
        assert_eq!(text, "---\ntitle: Pasted from\n---\n\nWord  and PDF \n");
        assert_eq!((d.line, d.col, d.is_error()), (2, 14, false));
        assert_eq!(
            d.message,
            "an invisible control character (U+000C) is here, and 3 more in this file; each was replaced by a space"
        );
        assert_eq!(d.excerpt.as_deref(), Some("title: Pasted\u{c}from"));
        let mut clean = "tab\tand\r\nline, NUL\0, é, ，, \u{fdcf}, \u{fdf0}, 😀".to_string();
        assert!(replace(&mut clean, Path::new("a.md")).is_none());
        let mut one = "x\u{7f}".to_string();
        assert!(replace(&mut one, Path::new("a.md")).unwrap().message.contains("(U+007F) is here; it was replaced"));
    }

    proptest! {
        /// The eight-at-a-time scan finds what a character at a time finds, wherever the
        /// character stands among text of every kind (ASCII, accents, CJK, fullwidth forms).
        #[test]
        fn the_scan_finds_the_first_as_a_character_at_a_time_does(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", "é", "，", "中", "\u{a0}", "\u{ef}", "\u{ff}", "\n", "\t", "\r", "\0",
                "\u{1}", "\u{1b}", "\u{7f}", "\u{80}", "\u{9f}", "\u{fdd0}", "\u{fdef}", "\u{fffe}", "\u{ffff}",
                "\u{fdcf}", "\u{fff0}", "😀", "abcdefgh",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let slow = text.char_indices().find(|&(_, c)| is_hidden(c)).map(|(i, _)| i);
            prop_assert_eq!(first(&text), slow);
            let mut replaced = text.clone();
            replace(&mut replaced, Path::new("a.md"));
            prop_assert_eq!(replaced.chars().count(), text.chars().count());
            prop_assert!(!replaced.chars().any(is_hidden));
        }
    }
}
