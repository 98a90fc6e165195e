//! Stable paragraph anchors: every paragraph and list item of a paper gets an id made from a
//! hash of its own normalised text, so links and comments keep pointing at the same paragraph
//! when others are added, moved or edited. Each gets a visible "¶" permalink and, when the
//! paper has a `comment_url`, a "Comment" link.
//!
//! The hash is FNV-1a (64 bit) — a fixed algorithm, unlike std's randomly seeded hasher — shown
//! as 8 base32 letters. Two paragraphs with the same text get `-2`, `-3`, … in document order.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape;

/// FNV-1a, 64 bit.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// FNV-1a continued from `h` over `bytes`.
fn fnv1a_more(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `prefix-` and 8 base32 letters of the hash of `text` with runs of white space collapsed.
pub fn content_id(prefix: &str, text: &str) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    // the hash of the words (as `split_whitespace` cuts them) joined by single spaces, without
    // making that text, in one pass over the bytes: white space beyond ASCII is looked for
    // only at the bytes that can start it ([`crate::types::white_space_at`]; through
    // `split_whitespace` this was 1.6 % of a 1,000-page build's instructions, now 1.0 %: FNV's
    // multiply per byte)
    let (bytes, mut h) = (text.as_bytes(), fnv1a(b""));
    let (mut i, mut words, mut space) = (0, false, false);
    while i < bytes.len() {
        // ASCII here, the rest through `white_space_at` (a call for every byte of every
        // chapter was ~0.6 % of a build's instructions)
        let white = match bytes[i] {
            b' ' | b'\t'..=b'\r' => 1,
            0..=0x7F => 0,
            _ => crate::types::white_space_at(text, i),
        };
        if white > 0 {
            space = words;
            i += white;
            continue;
        }
        if space {
            h = fnv1a_more(h, b" ");
            space = false;
        }
        h = fnv1a_more(h, &bytes[i..=i]);
        words = true;
        i += 1;
    }
    let mut s = String::with_capacity(prefix.len() + 9);
    s.push_str(prefix);
    s.push('-');
    for i in 0..8 {
        s.push(char::from(ALPHABET[((h >> (i * 5)) & 31) as usize]));
    }
    s
}

/// `wanted`, or `wanted-2`, `wanted-3`, … whichever is free first.
pub fn unique(wanted: String, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&wanted) {
        return wanted;
    }
    (2..).map(|n| format!("{wanted}-{n}")).find(|c| !taken.contains(c)).unwrap_or(wanted)
}

/// How the "¶" and "Comment" links are made.
pub struct Permalinks<'a> {
    /// The paper's `comment_url` template, with `{anchor}`.
    pub comment_url: Option<&'a str>,
    /// The page's address relative to the paper (`introduction/`, or empty for the landing page).
    pub page: &'a str,
    /// The links' labels, in the page's language.
    pub words: &'a super::words::Words,
}

impl Permalinks<'_> {
    /// A space, the paragraph `id`'s tools (its ¶ link, and its comment link when the paper
    /// takes comments), then `end`: pushed in pieces (a `format!` for each paragraph of every
    /// chapter, and one for each byte percent-encoded, cost more than the text).
    fn closing(&self, id: &str, end: &str) -> String {
        let mut s = String::with_capacity(256 + id.len());
        s.push_str(" <span class=\"para-tools\"><a class=\"pilcrow\" href=\"#");
        s.push_str(id);
        s.push_str("\" aria-label=\"");
        s.push_str(&escape(&self.words.paragraph_link));
        s.push_str("\">¶</a>");
        if let Some(template) = self.comment_url {
            let url = template.replace("{anchor}", &percent_encode(&[self.page, "#", id].concat()));
            s.push_str(" <a class=\"comment-link\" href=\"");
            s.push_str(&escape(&url));
            s.push_str("\" aria-label=\"");
            s.push_str(&escape(&self.words.comment_on_paragraph));
            s.push_str("\">");
            s.push_str(&self.words.html("comment", escape(&self.words.comment)));
            s.push_str("</a>");
        }
        s.push_str("</span>");
        s.push_str(end);
        s
    }
}

/// `<tag id="id">`.
fn opening(tag: &str, id: &str) -> String {
    ["<", tag, " id=\"", id, "\">"].concat()
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 15)]));
        }
    }
    out
}

/// Gives paragraphs and list items (outside footnotes) content ids and permalinks.
pub fn add<'e>(events: Vec<Event<'e>>, links: &Permalinks, anchors: &mut BTreeSet<String>) -> Vec<Event<'e>> {
    let mut out = Vec::with_capacity(events.len() + events.len() / 4);
    let mut in_footnote = 0usize;
    // ids of the open list items, and whether a paragraph inside already carries the links
    let mut items: Vec<(String, bool)> = Vec::new();
    // the open paragraph's id (paragraphs do not nest)
    let mut paragraph: Option<String> = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                in_footnote += 1;
                out.push(e.clone());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = in_footnote.saturating_sub(1);
                out.push(e.clone());
            }
            Event::Start(Tag::Paragraph) if in_footnote == 0 => {
                let id = unique(content_id("p", &text_until(&events[i + 1..], false)), anchors);
                anchors.insert(id.clone());
                if let Some(item) = items.last_mut() {
                    item.1 = true;
                }
                out.push(Event::Html(CowStr::from(opening("p", &id))));
                paragraph = Some(id);
            }
            Event::End(TagEnd::Paragraph) if in_footnote == 0 => {
                let id = paragraph.take().unwrap_or_default();
                out.push(Event::Html(CowStr::from(links.closing(&id, "</p>\n"))));
            }
            Event::Start(Tag::Item) if in_footnote == 0 => {
                let id = unique(content_id("li", &text_until(&events[i + 1..], true)), anchors);
                anchors.insert(id.clone());
                out.push(Event::Html(CowStr::from(opening("li", &id))));
                items.push((id, false));
            }
            Event::End(TagEnd::Item) if in_footnote == 0 => {
                let (id, has_paragraph) = items.pop().unwrap_or_default();
                if has_paragraph {
                    out.push(Event::Html(CowStr::Borrowed("</li>\n")));
                } else {
                    out.push(Event::Html(CowStr::from(links.closing(&id, "</li>\n"))));
                }
            }
            _ => out.push(e.clone()),
        }
    }
    out
}

/// The text of a block up to its end; for a list item, without its nested lists.
fn text_until(events: &[Event], item: bool) -> String {
    let mut s = String::new();
    let mut depth = 0usize;
    for e in events {
        match e {
            Event::Start(Tag::List(_)) if item => depth += 1,
            Event::End(TagEnd::List(_)) if item => depth = depth.saturating_sub(1),
            Event::End(TagEnd::Item) if item && depth == 0 => break,
            Event::End(TagEnd::Paragraph) if !item => break,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) if depth == 0 => {
                s.push_str(t);
                s.push(' ');
            }
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash as first written: of the words joined by single spaces.
    fn content_id_by_words(prefix: &str, text: &str) -> String {
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let h = fnv1a(joined.as_bytes());
        let letters: String =
            (0..8).map(|i| char::from(b"abcdefghijklmnopqrstuvwxyz234567"[((h >> (i * 5)) & 31) as usize])).collect();
        format!("{prefix}-{letters}")
    }

    use proptest::prelude::*;

    proptest! {
        /// Paragraph ids never change: the one-pass hash is the hash of the words joined by
        /// single spaces, whatever white space (ASCII, U+000B, beyond ASCII) and whatever
        /// characters sharing a lead byte with it (·, ’, —, 、) the text has.
        #[test]
        fn ids_are_the_hash_of_the_words_joined_by_single_spaces(
            text in prop::collection::vec(prop_oneof![
                4 => "[a-z]{1,5}",
                3 => prop::sample::select(vec![" ", "  ", "\t", "\n", "\r", "\u{B}", "\u{C}", "\u{85}", "\u{A0}", "\u{2009}", "\u{3000}", "\u{1680}", "\u{205F}", "\u{2028}", "\u{200B}", "·", "’", "—", "、", "é", "大"]).prop_map(String::from),
                1 => any::<char>().prop_map(String::from),
            ], 0..20).prop_map(|v| v.concat())
        ) {
            prop_assert_eq!(content_id("p", &text), content_id_by_words("p", &text));
        }
    }

    #[test]
    fn ids_depend_on_the_text_only() {
        assert_eq!(content_id("p", "Some  text\nhere"), content_id("p", "Some text here"));
        assert_ne!(content_id("p", "Some text"), content_id("p", "Some text."));
        // pinned: the algorithm must never change, or every comment link breaks
        assert_eq!(content_id("p", "Hello"), "p-l3damztv");
    }

    #[test]
    fn collisions_get_numbered_suffixes() {
        let mut taken = BTreeSet::new();
        taken.insert("p-x".to_string());
        assert_eq!(unique("p-x".into(), &taken), "p-x-2");
        taken.insert("p-x-2".to_string());
        assert_eq!(unique("p-x".into(), &taken), "p-x-3");
    }
}
