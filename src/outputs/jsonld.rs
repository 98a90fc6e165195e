//! schema.org JSON-LD for every page kind (`Event`, `Person`, `NewsArticle`, `Report`), made
//! safe to place inside a `<script>` element.

use std::borrow::Cow;

/// A value for a page's `<script>` data (its schema.org JSON-LD, the search page's strings)
/// as `serde_json` would hold it, its strings borrowed where they can be,
/// and written as `serde_json` writes that value ([`Ld::write`]): compact, an object's keys
/// in byte order (its map without `preserve_order`), a key given twice holding its last
/// value. Built and written directly, a page's data costs a quarter less than building
/// `serde_json` values and serialising them did.
#[derive(Debug, Clone, PartialEq)]
pub enum Ld<'a> {
    /// `null`.
    Null,
    /// A string.
    Str(Cow<'a, str>),
    /// An array.
    List(Vec<Ld<'a>>),
    /// An object: its fields in any order ([`thing`] and [`part`] leave the empty ones out).
    Obj(Vec<(&'static str, Ld<'a>)>),
}

impl<'a> Ld<'a> {
    /// A string value.
    pub fn str(s: impl Into<Cow<'a, str>>) -> Ld<'a> {
        Ld::Str(s.into())
    }

    /// A string value, or `null`.
    pub fn opt(s: Option<impl Into<Cow<'a, str>>>) -> Ld<'a> {
        s.map_or(Ld::Null, Ld::str)
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Ld::Null)
    }

    /// `null`, an empty string or an empty array: a field [`thing`] leaves out.
    fn is_empty(&self) -> bool {
        match self {
            Ld::Null => true,
            Ld::Str(s) => s.is_empty(),
            Ld::List(items) => items.is_empty(),
            Ld::Obj(_) => false,
        }
    }

    /// Appends the value's JSON to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Ld::Null => out.push_str("null"),
            Ld::Str(s) => crate::json::push_string(out, s),
            Ld::List(items) => {
                out.push('[');
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Ld::Obj(fields) => {
                out.push('{');
                // by key, a key's last value only ([`thing`] and [`part`] make them so)
                if fields.windows(2).all(|w| w[0].0 < w[1].0) {
                    for (k, (name, value)) in fields.iter().enumerate() {
                        field(out, k, name, value);
                    }
                } else {
                    for (k, (name, value)) in
                        by_key(fields.iter().map(|(n, v)| (*n, v)).collect()).into_iter().enumerate()
                    {
                        field(out, k, name, value);
                    }
                }
                out.push('}');
            }
        }
    }
}

/// Appends the `k`-th field of an object.
fn field(out: &mut String, k: usize, name: &str, value: &Ld) {
    if k > 0 {
        out.push(',');
    }
    crate::json::push_string(out, name);
    out.push(':');
    value.write(out);
}

/// `fields` in the order of their keys, each key's last only (what a map keeps of fields
/// inserted in order).
fn by_key<T>(mut fields: Vec<(&'static str, T)>) -> Vec<(&'static str, T)> {
    // stable: a key's fields stay in their order, and the last is kept
    fields.sort_by_key(|f| f.0);
    let mut kept: Vec<(&'static str, T)> = Vec::with_capacity(fields.len());
    for f in fields {
        match kept.last_mut() {
            Some(last) if last.0 == f.0 => *last = f,
            _ => kept.push(f),
        }
    }
    kept
}

/// Serialises `v` for a `<script type="application/ld+json">` block: `<`, `>` and `&` are
/// written as `\u` escapes, so no text in the data can close the script element.
pub fn script_safe(v: &Ld) -> String {
    let mut text = String::with_capacity(1024);
    v.write(&mut text);
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

/// A `{"@context", "@type"}` object with the given fields; `null`s, empty strings and empty
/// lists left out.
pub fn thing<'a>(kind: &'a str, fields: Vec<(&'static str, Ld<'a>)>) -> Ld<'a> {
    object([("@context", Ld::str("https://schema.org")), ("@type", Ld::str(kind))], fields)
}

/// An embedded object (no `@context`).
pub fn part<'a>(kind: &'a str, fields: Vec<(&'static str, Ld<'a>)>) -> Ld<'a> {
    object([("@type", Ld::str(kind))], fields)
}

/// An object of `head` and the fields of `fields` that are not empty, sorted by key as it
/// is written.
fn object<'a, const N: usize>(head: [(&'static str, Ld<'a>); N], fields: Vec<(&'static str, Ld<'a>)>) -> Ld<'a> {
    Ld::Obj(by_key(head.into_iter().chain(fields.into_iter().filter(|(_, v)| !v.is_empty())).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

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

    /// The value `serde_json` would hold for `ld`: each object's fields inserted in order
    /// into its map.
    fn to_value(ld: &Ld) -> Value {
        match ld {
            Ld::Null => Value::Null,
            Ld::Str(s) => Value::String(s.to_string()),
            Ld::List(items) => Value::Array(items.iter().map(to_value).collect()),
            Ld::Obj(fields) => {
                let mut map = serde_json::Map::new();
                for (k, v) in fields {
                    map.insert(k.to_string(), to_value(v));
                }
                Value::Object(map)
            }
        }
    }

    /// Values of every shape: strings needing escapes, objects with keys in any order and
    /// given twice, nested lists and objects, made directly and through `thing` and `part`.
    fn any_ld() -> impl Strategy<Value = Ld<'static>> {
        let text = prop_oneof![
            4 => "[a-zA-Z0-9 .,é’大<>&]{0,10}",
            1 => prop::sample::select(vec!["\"", "\\", "\n", "\u{1}", "\u{2028}", "</script>", ""]).prop_map(String::from),
            1 => any::<String>(),
        ];
        let key = prop::sample::select(vec!["name", "url", "@type", "@context", "Name", "a", "ab", "image", "é"]);
        let leaf = prop_oneof![1 => Just(Ld::Null), 4 => text.prop_map(Ld::str)];
        leaf.prop_recursive(3, 24, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Ld::List),
                prop::collection::vec((key.clone(), inner.clone()), 0..6).prop_map(Ld::Obj),
                (any::<bool>(), prop::collection::vec((key.clone(), inner), 0..6)).prop_map(|(top, fields)| if top {
                    thing("Thing", fields)
                } else {
                    part("Place", fields)
                }),
            ]
        })
    }

    proptest! {
        /// Structured data is written as `serde_json` writes the value it stands for.
        #[test]
        fn values_are_written_as_serde_json_writes_them(ld in any_ld()) {
            let mut ours = String::new();
            ld.write(&mut ours);
            prop_assert_eq!(ours, serde_json::to_string(&to_value(&ld)).unwrap());
        }
    }

    #[test]
    fn empty_fields_are_left_out_and_only_a_thing_has_a_context() {
        let fields = || {
            vec![("name", Ld::str("A")), ("jobTitle", Ld::Null), ("sameAs", Ld::List(Vec::new())), ("url", Ld::str(""))]
        };
        let mut top = String::new();
        thing("Person", fields()).write(&mut top);
        assert_eq!(top, r#"{"@context":"https://schema.org","@type":"Person","name":"A"}"#);
        let mut inner = String::new();
        part("Person", fields()).write(&mut inner);
        assert_eq!(inner, r#"{"@type":"Person","name":"A"}"#);
    }

    #[test]
    fn script_closing_text_is_escaped_and_json_stays_valid() {
        let v = thing("Person", vec![("name", Ld::str("</script><b>A & B</b>")), ("jobTitle", Ld::Null)]);
        let s = script_safe(&v);
        assert!(!s.contains("</script>"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["name"], "</script><b>A & B</b>");
        assert!(back.get("jobTitle").is_none());
    }
}
