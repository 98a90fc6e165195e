//! A page's plain text by section, for search, and where that text is kept: each text in a
//! buffer of its own, or — for a build, which holds every body until its pages are written but
//! lets the texts go once the search index is made — the texts of a run of documents in one
//! shared buffer, so letting them go gives whole blocks of memory back rather than leaving
//! holes among the bodies that stay (see ARCHITECTURE.md, "Measured", session 10).

use std::ops::{Deref, Range};
use std::sync::Arc;

/// The text of one section of a page (for search): the text before the first heading, then
/// each `h2`/`h3` section.
#[derive(Debug, Clone, Default)]
pub struct SectionText {
    /// The heading's id (`None` for the opening text).
    pub anchor: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// The section's plain text.
    pub text: Text,
}

/// A section's plain text: its own, or a range of a buffer shared with other sections.
#[derive(Clone)]
pub enum Text {
    /// A text in a buffer of its size.
    Own(Box<str>),
    /// `range` of a buffer holding the texts of several sections (at character boundaries;
    /// a `String` of its exact size, so it is shared without being copied again).
    Shared(Arc<String>, Range<usize>),
}

impl Default for Text {
    fn default() -> Text {
        Text::Own(Box::default())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Own(s.into_boxed_str())
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Own(s) => s,
            Text::Shared(buf, range) => &buf[range.clone()],
        }
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// Moves the texts of `sections` (of a run of documents) into one buffer they share; each
/// text keeps its value. Texts already shared stay where they are.
pub fn share(sections: &mut [&mut SectionText]) {
    let own = |t: &Text| matches!(t, Text::Own(s) if !s.is_empty());
    let len: usize = sections.iter().filter(|s| own(&s.text)).map(|s| s.text.len()).sum();
    if len == 0 {
        return;
    }
    let mut joined = String::with_capacity(len);
    for s in sections.iter().filter(|s| own(&s.text)) {
        joined.push_str(&s.text);
    }
    let buf = Arc::new(joined);
    let mut at = 0;
    for s in sections.iter_mut().filter(|s| own(&s.text)) {
        let end = at + s.text.len();
        s.text = Text::Shared(buf.clone(), at..end);
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text: &str) -> SectionText {
        SectionText { anchor: None, heading: String::new(), text: text.to_string().into() }
    }

    #[test]
    fn shared_texts_keep_their_values_in_one_buffer() {
        let mut docs = [vec![section("Ünïcode · text "), section("")], vec![section("second"), section("δ")]];
        let before: Vec<Vec<String>> = docs.iter().map(|d| d.iter().map(|s| s.text.to_string()).collect()).collect();
        share(&mut docs.iter_mut().flatten().collect::<Vec<_>>());
        let after: Vec<Vec<String>> = docs.iter().map(|d| d.iter().map(|s| s.text.to_string()).collect()).collect();
        assert_eq!(before, after);
        let bufs: Vec<*const u8> = docs
            .iter()
            .flatten()
            .filter_map(|s| match &s.text {
                Text::Shared(buf, _) => Some(buf.as_ptr()),
                Text::Own(_) => None,
            })
            .collect();
        assert_eq!(bufs.len(), 3, "every text that is not empty is shared");
        assert!(bufs.windows(2).all(|w| w[0] == w[1]), "in one buffer");
        // sharing again changes nothing
        share(&mut docs.iter_mut().flatten().collect::<Vec<_>>());
        let again: Vec<Vec<String>> = docs.iter().map(|d| d.iter().map(|s| s.text.to_string()).collect()).collect();
        assert_eq!(before, again);
    }
}
