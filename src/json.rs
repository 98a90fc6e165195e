//! JSON strings written as `serde_json` writes them (the same escapes: `\"`, `\\`, `\b`,
//! `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`; everything else as it is),
//! eight bytes at a time where none needs escaping: the search index's files (its entry rows
//! are most of its bytes, 43 MB at 10,000 pages, and `serde_json`'s byte-at-a-time loop was
//! 2.5 % of a 1,000-page build's instructions) and every page's structured data
//! ([`crate::outputs::jsonld`]).

/// Whether any of the eight bytes in `x` is below 0x20, a `"` or a `\\`.
fn any_to_escape(x: u64) -> bool {
    use crate::swar::{below, equal_to};
    (below(x, 0x20) | equal_to(x, b'"') | equal_to(x, b'\\')) != 0
}

/// Appends `s` to `out` as a JSON string, quotes included.
pub fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(x) = crate::swar::word(bytes, i) {
            if !any_to_escape(x) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..=0x1F => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries
        out.push_str(&s[start..i]);
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(short);
        }
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// `s` as a JSON string.
pub fn string(s: &str) -> String {
    let mut out = String::new();
    push_string(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn strings_are_written_as_serde_json_writes_them(
            s in prop::collection::vec(prop_oneof![
                4 => "[a-zA-Z0-9 .,é’大]{0,12}",
                2 => prop::sample::select(vec!["\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}", "\u{1f}", "\u{7f}", "\u{2028}", "/", "<"]).prop_map(String::from),
                1 => any::<String>(),
            ], 0..24).prop_map(|v| v.concat())
        ) {
            prop_assert_eq!(string(&s), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn every_byte_that_needs_escaping_is_found_in_any_place_of_a_word() {
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let needs = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(any_to_escape(u64::from_le_bytes(word)), needs, "byte {b:#x} at {at}");
            }
        }
    }
}
