//! Small value types of the content model: calendar dates, wall-clock times, slugs; and where
//! white space is in UTF-8 text, for the byte-level scans that look for it.
//!
//! They deserialize from the strings editors write (`2023-12-08`, `"09:30"`) and reject
//! impossible values with a message that says what the right form is.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::Serialize;

/// A calendar date (no time zone), `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i16,
    /// Month, 1–12.
    pub month: i8,
    /// Day of month.
    pub day: i8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists.
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2023-12-08");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i16>().ok());
        let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        if !(1..=12).contains(&month) {
            return Err(format!("`{s}` has no month {month}: months run from 01 to 12"));
        }
        let (month, day) = (month as i8, day as i8);
        jiff::civil::Date::new(year, month, day).map_err(|_| {
            let days = jiff::civil::Date::new(year, month, 1).map_or(31, |d| d.days_in_month());
            format!("`{s}` does not exist: {} {year} has {days} days", MONTHS[month as usize - 1])
        })?;
        Ok(Date { year, month, day })
    }

    /// "8 December 2023".
    pub fn long(&self) -> String {
        format!("{} {} {}", self.day, MONTHS[self.month as usize - 1], self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An event-local wall-clock time, `HH:MM`. Past `24:00` (up to `47:59`) it is a time on the
/// next day, the way an overnight session's end is written (`end: "24:30"`); a start must be
/// a time of day (checked where starts are read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    /// Minutes since midnight, 0–2879.
    pub minutes: u16,
}

impl Time {
    /// Parses `HH:MM`.
    pub fn parse(s: &str) -> Result<Time, String> {
        let bad = || format!("`{s}` is not a time; write it as \"HH:MM\" (24-hour), e.g. \"09:30\"");
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u16 = h.parse().map_err(|_| bad())?;
        let m: u16 = m.parse().map_err(|_| bad())?;
        if m > 59 || h > 47 {
            return Err(format!(
                "`{s}` is not a time of day: hours run 00–23 (24–47 for an end after midnight), minutes 00–59"
            ));
        }
        Ok(Time { minutes: h * 60 + m })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

impl Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Implements `Deserialize` from a string through a `parse` function.
macro_rules! deserialize_via_parse {
    ($ty:ty, $expecting:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        <$ty>::parse(v).map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
deserialize_via_parse!(Date, "a date written YYYY-MM-DD");
deserialize_via_parse!(Time, "a time written \"HH:MM\"");

/// The lead bytes of the white space beyond ASCII (`char::is_whitespace`) in UTF-8: 0xC2
/// (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000–U+205F), 0xE3 (U+3000). A scan for white space
/// need decode characters only at these bytes.
pub const WHITE_SPACE_LEADS: [u8; 4] = [0xC2, 0xE1, 0xE2, 0xE3];

/// The length in bytes of the white-space character (`char::is_whitespace`) that starts at
/// byte `i` of `text`, 0 when none does (`i` is at a character boundary or inside one).
pub fn white_space_at(text: &str, i: usize) -> usize {
    match text.as_bytes().get(i) {
        Some(b' ' | b'\t'..=b'\r') => 1,
        Some(b) if WHITE_SPACE_LEADS.contains(b) => {
            text.get(i..).and_then(|t| t.chars().next()).filter(|c| c.is_whitespace()).map_or(0, char::len_utf8)
        }
        _ => 0,
    }
}

/// `bytes` as lower-case hexadecimal, two digits a byte (as `{:02x}` writes each, and a SHA-1
/// digest's `Display`): the names of cache entries, cards and avatars. A byte at a time through
/// a table: through the formatter, each byte had cost a `format!`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Turns a title or file name into a URL slug: lowercase ASCII letters, digits and `-`.
/// Letters outside ASCII are kept (URLs may carry them) but lower-cased, in their composed
/// form (NFC): `é` written as `e` and a combining accent — as a Mac names files and PDFs give
/// text — is the `é` typed on a keyboard. Combining marks a word goes on after (Devanagari
/// vowel signs, Arabic harakat) stay in it.
pub fn slugify(s: &str) -> String {
    // ASCII text (most headings, titles and file names) a byte at a time: decoding it as
    // characters made the paper's headings' ids 0.4 % of a 1,000-page build
    if s.is_ascii() {
        slug_of(s.len(), s.bytes().map(char::from))
    } else if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        slug_of(s.len(), s.chars())
    } else {
        slug_of(s.len(), unicode_normalization::UnicodeNormalization::nfc(s))
    }
}

/// [`slugify`] of the characters `chars` (of a text of `len` bytes).
fn slug_of(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    let mut dash = false;
    // an apostrophe is left out (`don't` is `dont`), but a combining mark after one stays
    // apart from the word before: joined to its marks, it would make a text that is not
    // composed (NFC orders a letter's marks) and whose slug is another
    let mut apostrophe = false;
    for c in chars {
        if std::mem::take(&mut apostrophe) && unicode_normalization::char::is_combining_mark(c) {
            dash = true;
        }
        if !dash && !out.is_empty() && unicode_normalization::char::is_combining_mark(c) {
            out.push(c);
        } else if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if c.is_ascii() {
                // most letters of most titles, without the Unicode case tables
                out.push(c.to_ascii_lowercase());
            } else {
                // `İ` lowercases to `i` and a combining dot, which is no letter of a slug
                out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
            }
        } else if matches!(c, '\'' | '’') {
            apostrophe = true;
        } else {
            dash = true;
        }
    }
    out
}

/// The longest slug, in bytes. A slug names a folder of the output and, with `.ics` or `.bib`
/// after it, a file; file systems keep a name to 255 bytes (ext4, APFS, NTFS's 255 UTF-16
/// units hold at least as much).
pub const MAX_SLUG_BYTES: usize = 250;

/// `slug` as a message shows it: whole when short, else its first characters and `…`.
pub fn shown_slug(slug: &str) -> String {
    match slug.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &slug[..i]),
        None => slug.to_string(),
    }
}

/// Whether `s` may be used as one URL path segment as written.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars().all(|c| {
            c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) || matches!(c, '-' | '_' | '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// Every byte in hexadecimal as the formatter writes it, and a digest as its `Display`
    /// does (the cache's names must not change with how they are written).
    #[test]
    fn hex_writes_what_the_formatter_writes() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(hex(&all), all.iter().map(|b| format!("{b:02x}")).collect::<String>());
        let digest = sha1_smol::Sha1::from("plenary").digest();
        assert_eq!(hex(&digest.bytes()), digest.to_string());
    }

    /// A combining mark after a left-out apostrophe stays apart from the marks before it: the
    /// three inputs proptest found where a slug's slug was another (the slug was not composed).
    #[test]
    fn a_mark_after_an_apostrophe_keeps_the_slug_its_own_slug() {
        for text in ["\u{1e023}'\u{a4d}", "\u{1acc}'\u{dca}", "\u{1130a}\u{1d1aa}'\u{c55}", "l'\u{301}x"] {
            let slug = slugify(text);
            assert_eq!(slugify(&slug), slug, "{text:?}");
        }
        assert_eq!(slugify("Don't stop"), "dont-stop");
    }

    proptest! {
        /// A slug is its own slug, in any script (with apostrophes, which are left out).
        #[test]
        fn a_slug_is_its_own_slug(text in "(\\PC|'){0,30}") {
            let slug = slugify(&text);
            prop_assert_eq!(slugify(&slug), slug);
        }

        /// ASCII text is slugified a byte at a time as through its characters.
        #[test]
        fn ascii_text_is_slugified_as_through_its_characters(text in "[ -~\t\n]{0,40}") {
            prop_assert_eq!(slugify(&text), slug_of(text.len(), text.chars()));
        }

        /// White space is found at a byte as `char::is_whitespace` finds it in the character
        /// that starts there: every kind, and the characters sharing its lead bytes.
        #[test]
        fn white_space_is_found_as_the_char_predicate_finds_it(
            text in prop::collection::vec(prop::sample::select(vec![
                " ", "\t", "\u{B}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2009}", "\u{205F}", "\u{3000}",
                "·", "—", "\u{1681}", "、", "a", "é",
            ]), 0..12).prop_map(|v| v.concat())
        ) {
            for i in 0..=text.len() {
                let c = text.get(i..).and_then(|t| t.chars().next());
                prop_assert_eq!(white_space_at(&text, i), c.filter(|c| c.is_whitespace()).map_or(0, char::len_utf8));
            }
        }
    }

    /// Every ASCII letter and digit is lower-cased on its own as the Unicode tables lower-case
    /// it (slugs take the short way for them), and the others are no letters of a slug.
    #[test]
    fn ascii_letters_lowercase_as_the_unicode_tables_say() {
        for c in (0..128u8).map(char::from) {
            let by_tables: String = c.to_lowercase().filter(|l| l.is_alphanumeric()).collect();
            if c.is_alphanumeric() {
                assert_eq!(by_tables, c.to_ascii_lowercase().to_string(), "{c:?}");
                assert_eq!(slugify(&format!("{c}ΣΟΦΙΑ")), format!("{by_tables}σοφια"), "{c:?}");
            } else {
                assert!(!c.is_ascii_alphanumeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn slugs_lowercase_to_letters_only() {
        assert_eq!(slugify("İstanbul Forum"), "istanbul-forum");
        assert_eq!(slugify("ΣΟΦΙΑ"), "σοφια");
        assert!(is_valid_slug(&slugify("İ")));
    }

    #[test]
    fn dates_parse_and_reject() {
        assert_eq!(Date::parse("2023-12-08").unwrap().to_string(), "2023-12-08");
        assert_eq!(Date::parse("2024-02-29").unwrap().long(), "29 February 2024");
        assert_eq!(Date::parse("2023-02-30").unwrap_err(), "`2023-02-30` does not exist: February 2023 has 28 days");
        assert!(Date::parse("2023-13-01").unwrap_err().contains("no month 13"));
        assert!(Date::parse("08/12/2023").is_err());
    }

    #[test]
    fn times_parse_and_reject() {
        assert_eq!(Time::parse("09:30").unwrap().minutes, 570);
        assert_eq!(Time::parse("9:05").unwrap().to_string(), "09:05");
        assert_eq!(Time::parse("24:00").unwrap().minutes, 1440);
        assert_eq!(Time::parse("24:30").unwrap().minutes, 1470);
        assert!(Time::parse("48:00").is_err());
        assert!(Time::parse("12:60").is_err());
        assert!(Time::parse("noon").is_err());
    }

    /// Decomposed text (a Mac's file names, text from a PDF) gives the slug of the composed
    /// text; a word's combining marks stay in it, and a mark alone begins nothing.
    #[test]
    fn slugs_of_decomposed_text_and_combining_marks() {
        assert_eq!(slugify("jose\u{301}-garci\u{301}a"), slugify("josé-garcía"));
        assert_eq!(slugify("Pe\u{301}dagogie nume\u{301}rique"), "pédagogie-numérique");
        assert_eq!(slugify("कृत्रिम बुद्धिमत्ता"), "कृत्रिम-बुद्धिमत्ता");
        assert_eq!(slugify("مُؤْتَمَر"), "مُؤْتَمَر");
        assert_eq!(slugify("\u{301}x - \u{301}"), "x");
        assert_eq!(slugify("e\u{301}"), "é");
        assert!(is_valid_slug(&slugify("कृत्रिम बुद्धिमत्ता")));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Higher Education — in the AI Era!"), "higher-education-in-the-ai-era");
        assert_eq!(slugify("People's choice"), "peoples-choice");
        assert!(is_valid_slug("tao-zhan"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug(".."));
    }
}
