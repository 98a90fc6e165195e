//! schema.org JSON-LD for every page kind (`Event`, `Person`, `NewsArticle`, `Report`), made
//! safe to place inside a `<script>` element.

use serde_json::{json, Map, Value};

/// Serialises `v` for a `<script type="application/ld+json">` block: `<`, `>` and `&` are
/// written as `\u` escapes, so no text in the data can close the script element.
pub fn script_safe(v: &Value) -> String {
    // straight into a buffer (`Display` goes through a formatter adapter, ~1 % of a 10k build)
    let text = serde_json::to_string(v).unwrap_or_default();
    // 0xE2 leads U+2028 and U+2029 in UTF-8 (and other characters, which the loop keeps)
    if !text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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
