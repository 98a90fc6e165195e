//! A reader for the plain shape most front matter has — `key: value` lines, values quoted,
//! plain words or numbers, one-line `[a, b]` lists, indented `- item` lists and nested keys —
//! that declines everything else, which then goes to the YAML crate.
//!
//! Written by hand, beside the crate rather than instead of it, because reading YAML through
//! libyaml's scanner was 6 % of a 1k build's instructions (about 250 a byte of front matter).
//! The promise is one-sided: when [`from_str`] gives a value, the YAML crate gives the same
//! value for the same text (a property test holds it to that); anything it is not sure of —
//! comments after a value, anchors, tags, block scalars, escapes past `\"` `\\` `\/` `\n`
//! `\t`, values that go on over lines, tabs, line breaks other than `\n` and `\r\n`, a plain
//! value that reads as null, a boolean or a number where text was not asked for — it
//! declines, and so does every error: error messages and positions always come from the crate.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// `text` read as `T`, or `None` when the text is not of the plain shape or does not fit `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let node = Reader::new(text)?.document()?;
    T::deserialize(&node).ok()
}

/// A value of the plain shape. Keys are plain words.
#[derive(Debug)]
enum Node<'a> {
    Plain(&'a str),
    Quoted(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

/// One line that is not blank: its indentation and the rest.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
}

impl<'a> Reader<'a> {
    /// The text's lines, or `None` when a character or a line is outside the plain shape.
    fn new(text: &'a str) -> Option<Self> {
        let bytes = text.as_bytes();
        // `\r` only as the first half of a Windows line break
        let lone_cr = |i: usize| bytes.get(i + 1) != Some(&b'\n');
        if bytes.iter().enumerate().any(|(i, &b)| (b < 0x20 && b != b'\n' && (b != b'\r' || lone_cr(i))) || b == 0x7f) {
            return None;
        }
        if !text.is_ascii()
            && text.chars().any(|c| {
                matches!(c, '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
            })
        {
            return None;
        }
        let mut lines = Vec::with_capacity(16);
        for raw in text.split('\n') {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let body = raw.trim_start_matches(' ');
            // a whole line of comment is read as a blank one (a value that goes on over
            // lines is declined whatever lies between)
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            if raw.starts_with("---") || raw.starts_with("...") || raw.starts_with('%') {
                return None;
            }
            lines.push(Line { indent: raw.len() - body.len(), text: body });
        }
        Some(Reader { lines, at: 0 })
    }

    fn peek(&self) -> Option<Line<'a>> {
        self.lines.get(self.at).copied()
    }

    /// The whole text as one mapping at the left margin.
    fn document(&mut self) -> Option<Node<'a>> {
        if self.peek()?.indent != 0 {
            return None;
        }
        let node = self.map(0)?;
        (self.at == self.lines.len()).then_some(node)
    }

    /// A block mapping whose keys stand at `indent`.
    fn map(&mut self, indent: usize) -> Option<Node<'a>> {
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (key, rest) = split_key(line.text)?;
            self.at += 1;
            let rest = rest.trim_start_matches(' ');
            let value = if rest.is_empty() { self.nested(indent)? } else { inline(rest)? };
            entries.push((Node::Plain(key), value));
        }
        Some(Node::Map(entries))
    }

    /// The block under a key at `indent` that ends its line with `:`.
    fn nested(&mut self, indent: usize) -> Option<Node<'a>> {
        let line = self.peek()?;
        if item(line.text).is_some() && line.indent >= indent {
            self.seq(line.indent)
        } else if line.indent > indent {
            self.map(line.indent)
        } else {
            None
        }
    }

    /// A block sequence whose `-` stand at `indent`.
    fn seq(&mut self, indent: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let Some(rest) = item(line.text) else { break };
            let content = rest.trim_start_matches(' ');
            if content.is_empty() {
                return None;
            }
            if split_key(content).is_some() {
                let inner = indent + 1 + rest.len() - content.len();
                self.lines[self.at] = Line { indent: inner, text: content };
                items.push(self.map(inner)?);
            } else {
                self.at += 1;
                items.push(inline(content)?);
            }
        }
        Some(Node::Seq(items))
    }
}

/// A value written on its line (after `key: ` or `- `). Whether a line below goes on with it
/// is the caller's to see: no line may be indented past the key or dash before it.
fn inline(text: &str) -> Option<Node<'_>> {
    match text.as_bytes()[0] {
        b'"' | b'\'' => {
            let (node, rest) = quoted(text)?;
            rest.trim_end_matches(' ').is_empty().then_some(node)
        }
        b'[' => flow(text),
        _ => plain(text),
    }
}

/// `key` and the rest of a `key:` line; the key is a plain word.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_alphanumeric() && bytes[0] != b'_' {
        return None;
    }
    let end = bytes.iter().position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))?;
    let rest = text[end..].strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some((&text[..end], rest))
}

/// What follows the `-` of a sequence item.
fn item(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('-')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some(rest)
}

/// Characters that may not begin a plain value.
fn indicator(b: u8) -> bool {
    b"-?:,[]{}#&*!|>'\"%@`".contains(&b)
}

/// A plain value to the end of its line.
fn plain(text: &str) -> Option<Node<'_>> {
    if indicator(text.as_bytes()[0]) {
        return None;
    }
    let text = text.trim_end_matches(' ');
    (!text.contains(": ") && !text.ends_with(':') && !text.contains(" #")).then_some(Node::Plain(text))
}

/// A quoted value on one line and what follows its closing quote.
fn quoted(text: &str) -> Option<(Node<'_>, &str)> {
    let bytes = text.as_bytes();
    let quote = bytes[0];
    let mut owned: Option<String> = None;
    let (mut from, mut i) = (1, 1);
    while i < bytes.len() {
        let unescaped = match (quote, bytes[i], bytes.get(i + 1)) {
            // `''` inside single quotes is a quote
            (b'\'', b'\'', Some(b'\'')) => '\'',
            (q, b, _) if b == q => {
                let value = match owned {
                    Some(mut s) => {
                        s.push_str(&text[from..i]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&text[1..i]),
                };
                return Some((Node::Quoted(value), &text[i + 1..]));
            }
            (b'"', b'\\', next) => match next? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'n' => '\n',
                b't' => '\t',
                _ => return None,
            },
            _ => {
                i += 1;
                continue;
            }
        };
        let s = owned.get_or_insert_with(String::new);
        s.push_str(&text[from..i]);
        s.push(unescaped);
        i += 2;
        from = i;
    }
    None
}

/// A one-line `[a, "b", 'c']` list of values.
fn flow(text: &str) -> Option<Node<'_>> {
    let mut items = Vec::new();
    let mut s = text[1..].trim_start_matches(' ');
    if let Some(rest) = s.strip_prefix(']') {
        s = rest;
    } else {
        loop {
            let (node, rest) = match *s.as_bytes().first()? {
                b'"' | b'\'' => quoted(s)?,
                b => {
                    let end = s.find([',', ']'])?;
                    let word = s[..end].trim_end_matches(' ');
                    if word.is_empty() || indicator(b) || word.contains(['[', '{', '}', '#', ':']) {
                        return None;
                    }
                    (Node::Plain(word), &s[end..])
                }
            };
            items.push(node);
            let rest = rest.trim_start_matches(' ');
            if let Some(rest) = rest.strip_prefix(',') {
                s = rest.trim_start_matches(' ');
            } else {
                s = rest.strip_prefix(']')?;
                break;
            }
        }
    }
    s.trim_end_matches(' ').is_empty().then_some(Node::Seq(items))
}

/// Any refusal; the caller reads the text again with the YAML crate.
#[derive(Debug)]
pub struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("declined")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

impl Node<'_> {
    /// A plain value as a decimal number the way the YAML crate reads one (no sign, no
    /// leading zero); anything else declines.
    fn decimal(&self) -> Result<u64, Declined> {
        match self {
            Node::Plain(s)
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (*s == "0" || !s.starts_with('0')) =>
            {
                s.parse().map_err(|_| Declined)
            }
            _ => Err(Declined),
        }
    }

    fn text(&self) -> Result<&str, Declined> {
        match self {
            Node::Plain(s) => Ok(s),
            Node::Quoted(s) => Ok(s),
            _ => Err(Declined),
        }
    }
}

macro_rules! unsigned {
    ($($name:ident),*) => {$(
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            visitor.visit_u64(self.decimal()?)
        }
    )*};
}

macro_rules! signed {
    ($($name:ident),*) => {$(
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
            visitor.visit_i64(i64::try_from(self.decimal()?).map_err(|_| Declined)?)
        }
    )*};
}

macro_rules! declined {
    ($($name:ident),*) => {$(
        fn $name<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Declined> {
            Err(Declined)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &Node<'de> {
    type Error = Declined;

    unsigned!(deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64);
    signed!(deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64);
    declined!(
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit
    );

    /// Only what needs no guessing: a plain value could be null, a boolean or a number.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Quoted(s) => visitor.visit_str(s),
            Node::Seq(_) => self.deserialize_seq(visitor),
            Node::Map(_) => self.deserialize_map(visitor),
            Node::Plain(_) => Err(Declined),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Plain("true" | "True" | "TRUE") => visitor.visit_bool(true),
            Node::Plain("false" | "False" | "FALSE") => visitor.visit_bool(false),
            _ => Err(Declined),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Plain("" | "null" | "Null" | "NULL" | "~") => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Declined> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Declined),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        match self {
            Node::Map(entries) => visitor.visit_map(Entries { entries: entries.iter(), value: None }),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Declined> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    /// A value names a variant without data, as the YAML crate reads an untagged scalar.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Declined> {
        self.text()?;
        visitor.visit_enum(UnitVariant(self))
    }
}

struct UnitVariant<'n, 'de>(&'n Node<'de>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Declined;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Declined> {
        Ok((seed.deserialize(self.0)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Declined;

    fn unit_variant(self) -> Result<(), Declined> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Declined> {
        Err(Declined)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value, Declined> {
        Err(Declined)
    }
}

struct Items<'n, 'de>(std::slice::Iter<'n, Node<'de>>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Declined;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Declined> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'n, 'de> {
    entries: std::slice::Iter<'n, (Node<'de>, Node<'de>)>,
    value: Option<&'n Node<'de>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Declined;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Declined> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Declined> {
        seed.deserialize(self.value.take().ok_or(Declined)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
