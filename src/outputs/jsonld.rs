//! schema.org JSON-LD for every page kind (`Event`, `Person`, `NewsArticle`, `Report`), made
//! safe to place inside a `<script>` element.

use serde_json::{json, Map, Value};

/// Serialises `v` for a `<script type="application/ld+json">` block: `<`, `>` and `&` are
/// written as `\u` escapes, so no text in the data can close the script element.
pub fn script_safe(v: &Value) -> String {
    // straight into a buffer (`Display` goes through a formatter adapter, ~1 % of a 10k build)
    let text = serde_json::to_string(v).unwrap_or_default();
    escape_for_script(text)
}

/// `json` with `<`, `>`, `&`, U+2028 and U+2029 written as `\u` escapes, the runs between them
/// copied whole: most pages' data has one of them (U+2028's lead byte 0xE2 also starts the
/// ellipsis and dashes of summaries), and going through every character cost a quarter of
/// writing the page's data. The candidates are found with `memchr` (`<>&`, and 0xE2), each
/// search resumed only once the scan has passed its last find (through a byte test each,
/// this was 1.1 % of a 1,000-page build).
fn escape_for_script(json: String) -> String {
    let bytes = json.as_bytes();
    let find_ascii = |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|k| from + k);
    let find_lead = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|k| from + k);
    let (mut ascii, mut lead) = (find_ascii(0), find_lead(0));
    let mut out: Option<String> = None;
    let mut start = 0;
    while let Some(i) = match (ascii, lead) {
        (Some(a), Some(l)) => Some(a.min(l)),
        (a, l) => a.or(l),
    } {
        let escape = match bytes[i] {
            b'<' => Some(("\\u003c", 1)),
            b'>' => Some(("\\u003e", 1)),
            b'&' => Some(("\\u0026", 1)),
            _ => match bytes.get(i + 1..i + 3) {
                Some([0x80, 0xA8]) => Some(("\\u2028", 3)),
                Some([0x80, 0xA9]) => Some(("\\u2029", 3)),
                _ => None,
            },
        };
        if let Some((escape, len)) = escape {
            // `i` is at an ASCII byte or the lead byte of U+2028/9: both ends are boundaries
            let out = out.get_or_insert_with(|| String::with_capacity(json.len() + 16));
            out.push_str(&json[start..i]);
            out.push_str(escape);
            start = i + len;
        }
        if ascii == Some(i) {
            ascii = find_ascii(i + 1);
        } else {
            lead = find_lead(i + 1);
        }
    }
    match out {
        None => json,
        Some(mut out) => {
            out.push_str(&json[start..]);
            out
        }
    }
}

/// A `{"@context", "@type"}` object with the given fields; `null`s and empty lists dropped.
pub fn thing(kind: &str, fields: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), json!(kind));
    for (k, v) in fields {
        let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty) || v.as_str().is_some_and(str::is_empty);
        if !empty {
            m.insert(k.into(), v);
        }
    }
    Value::Object(m)
}

/// An embedded object (no `@context`).
pub fn part(kind: &str, fields: Vec<(&str, Value)>) -> Value {
    let mut v = thing(kind, fields);
    if let Some(m) = v.as_object_mut() {
        m.remove("@context");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the escaping promises, a character at a time.
    fn escaped_by_char(json: &str) -> String {
        let mut out = String::new();
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                _ => out.push(c),
            }
        }
        out
    }

    proptest! {
        /// Runs copied whole escape as a character at a time does, whatever shares U+2028's
        /// lead byte (dashes, the ellipsis, U+2027, U+202A) and wherever the text ends.
        #[test]
        fn escaping_for_a_script_escapes_as_each_character_would(
            text in proptest::collection::vec(prop_oneof![
                Just("<"), Just(">"), Just("&"), Just("\u{2028}"), Just("\u{2029}"), Just("\u{2027}"),
                Just("\u{202A}"), Just("…"), Just("–"), Just("—"), Just("\u{2000}"), Just("\u{20AC}"),
                Just("\"\\"), Just("a"), Just("é"), Just("中"), Just("😀"),
            ], 0..24).prop_map(|v| v.concat())
        ) {
            prop_assert_eq!(escape_for_script(text.clone()), escaped_by_char(&text));
        }
    }

    #[test]
    fn script_closing_text_is_escaped_and_json_stays_valid() {
        let v = thing("Person", vec![("name", json!("</script><b>A & B</b>")), ("jobTitle", Value::Null)]);
        let s = script_safe(&v);
        assert!(!s.contains("</script>"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><b>A & B</b>");
        assert!(back.get("jobTitle").is_none());
    }
}
