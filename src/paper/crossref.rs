//! Cross-references and citations share one small syntax in the text: `[@key]`,
//! `[@key, p. 12]`, `[@a; @b]`. A key with a label prefix (`sec:`, `fig:`, `tbl:`, `eq:`)
//! refers to a section, figure, table or equation of the paper and becomes "Figure 2.1";
//! any other key is a citation of the bibliography. This module finds the groups in text and
//! owns the label table.

use std::collections::BTreeMap;

/// The label prefixes, and the word each kind of target is called by.
pub const PREFIXES: [(&str, &str); 4] =
    [("sec:", "Section"), ("fig:", "Figure"), ("tbl:", "Table"), ("eq:", "Equation")];

/// Is this key a cross-reference label (rather than a citation key)?
pub fn is_label(key: &str) -> bool {
    PREFIXES.iter().any(|(p, _)| key.starts_with(p))
}

/// One `@key` of a group, with its locator (`p. 12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The key, without `@`.
    pub key: String,
    /// What follows the comma, trimmed.
    pub locator: Option<String>,
}

/// A `[@…]` group found in a text: its byte range in the text and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Byte range of `[…]` in the text.
    pub range: std::ops::Range<usize>,
    /// The items.
    pub items: Vec<Item>,
}

/// The first `[…]` of `text` that is no group but names a key `known` takes after other
/// words (`[see @doe2021]`, `[-@doe2021]`, `[@a; see @b]` is a group): its offset and the key.
pub fn cited_inside_words(text: &str, known: impl Fn(&str) -> bool) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'[', &bytes[from..]).map(|o| from + o) {
        from = open + 1;
        if bytes.get(open + 1) == Some(&b'@') {
            continue;
        }
        let Some(close) = text[open + 1..].find([']', '[']).map(|c| open + 1 + c).filter(|&c| bytes[c] == b']') else {
            continue;
        };
        let inside = &text[open + 1..close];
        for (at, _) in inside.match_indices('@') {
            let key: String = inside[at + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
                .collect();
            let key = key.trim_end_matches(['.', ':']).to_string();
            let after_word = at == 0 || inside[..at].ends_with([' ', '-']);
            if after_word && !key.is_empty() && known(&key) {
                return Some((open, key));
            }
        }
    }
    None
}

/// Every well-formed `[@…]` group of `text`, in order.
pub fn groups(text: &str) -> Vec<Group> {
    // `[` found by `memchr`, then `@` looked at: `str::find("[@")` set up its two-way search
    // for every text event of every chapter (~0.7 % of a build's instructions)
    groups_found_by(text, |rest| {
        let bytes = rest.as_bytes();
        let mut from = 0;
        while let Some(at) = memchr::memchr(b'[', &bytes[from..]) {
            if bytes.get(from + at + 1) == Some(&b'@') {
                return Some(from + at);
            }
            from += at + 1;
        }
        None
    })
}

/// The groups of `text`, each found from where the last one ended by `find` (the offset of the
/// next `[@` in the rest of the text).
fn groups_found_by(text: &str, find: impl Fn(&str) -> Option<usize>) -> Vec<Group> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = find(&text[from..]) {
        let start = from + rel;
        let Some(close) = text[start..].find(']') else { break };
        let end = start + close + 1;
        match parse_items(&text[start + 1..end - 1]) {
            Some(items) => {
                out.push(Group { range: start..end, items });
                from = end;
            }
            None => from = start + 2,
        }
    }
    out
}

fn parse_items(inner: &str) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    for part in inner.split(';') {
        let part = part.trim().strip_prefix('@')?;
        let (key, locator) = match part.split_once(',') {
            Some((k, l)) => (k.trim(), Some(l.trim().to_string()).filter(|l| !l.is_empty())),
            None => (part.trim(), None),
        };
        let valid = !key.is_empty()
            && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/' | '+'));
        if !valid {
            return None;
        }
        items.push(Item { key: key.to_string(), locator });
    }
    Some(items)
}

/// `Some((before, label))` when `text` ends with `{#label}`.
pub fn trailing_label(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let body = t.strip_suffix('}')?;
    let open = body.rfind("{#")?;
    let label = &body[open + 2..];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then(|| (&text[..open], label))
}

/// What a label points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// "Section", "Figure", "Table", "Equation", "Chapter".
    pub kind: &'static str,
    /// "2.1", or empty for unnumbered targets (then `title` is shown).
    pub number: String,
    /// Its title, for unnumbered sections.
    pub title: String,
    /// The page's address below the base URL.
    pub page: String,
    /// The element's id on that page (empty: the page itself).
    pub id: String,
    /// For a label made from a heading's text that names another place too (a heading of
    /// the same words elsewhere, or a chapter of that address): that place, as shown.
    pub also: Option<String>,
}

impl Target {
    /// "Figure 2.1", "Equation (1.1)", or the title for an unnumbered section (in English,
    /// for messages).
    pub fn text(&self) -> String {
        if self.number.is_empty() {
            format!("“{}”", self.title)
        } else {
            super::words::Words::default().target(self.kind, &self.number)
        }
    }

    /// As [`Target::text`], for a page, in the words of its language ("图1.1", "الفصل 3"
    /// with a no-break space).
    pub fn text_in(&self, words: &super::words::Words) -> String {
        if self.number.is_empty() {
            format!("“{}”", self.title)
        } else {
            words.target_on_page(self.kind, &self.number)
        }
    }
}

/// Every label of a paper → its target.
pub type Labels = BTreeMap<String, Target>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_inside_other_words_are_found_and_groups_and_mail_are_not() {
        let known = |k: &str| ["doe2021", "smith2020b", "sec:scope"].contains(&k);
        assert_eq!(cited_inside_words("as [see @doe2021; also @smith2020b] says", known), Some((3, "doe2021".into())));
        assert_eq!(cited_inside_words("[-@doe2021]", known), Some((0, "doe2021".into())));
        assert_eq!(cited_inside_words("in [cf. @sec:scope]", known), Some((3, "sec:scope".into())));
        for fine in
            ["[@doe2021]", "[@doe2021; @smith2020b]", "[mail me@doe2021]", "[see @unknown]", "no brackets @doe2021"]
        {
            assert_eq!(cited_inside_words(fine, known), None, "{fine}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const KNOWN: [&str; 3] = ["doe2021", "smith2020b", "sec:scope"];

        /// Prose and well-formed groups: `[@key]`, `[@key, p. 3; @other]`, words without brackets.
        fn fine_text() -> impl Strategy<Value = String> {
            let group = (proptest::sample::select(KNOWN.to_vec()), proptest::option::of("[a-z0-9., ]{0,8}"))
                .prop_map(|(k, loc)| loc.map_or(format!("[@{k}]"), |l| format!("[@{k}, p. {l}; @{k}]")));
            let prose = "[a-zA-Zé 0-9.,;:@-]{0,12}|\\PC{0,6}".prop_filter("no brackets", |p| !p.contains(['[', ']']));
            proptest::collection::vec(prop_oneof![group, prose], 0..6).prop_map(|v| v.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

            /// Groups and prose are never taken for a key inside words; a known key after a word
            /// in brackets is found at its bracket, whatever came before.
            #[test]
            fn a_key_after_words_is_found_at_its_bracket(
                before in fine_text(),
                after in fine_text(),
                word in proptest::sample::select(vec!["see", "-", "cf.", "also see", "e.g.,"]),
                key in proptest::sample::select(KNOWN.to_vec()),
                tail in proptest::sample::select(vec!["", ", p. 4", "; @doe2021", " and more"]),
            ) {
                let known = |k: &str| KNOWN.contains(&k);
                prop_assert_eq!(cited_inside_words(&before, known), None, "{:?}", before);
                let sep = if word == "-" { "" } else { " " };
                let text = format!("{before}[{word}{sep}@{key}{tail}]{after}");
                prop_assert_eq!(cited_inside_words(&text, known), Some((before.len(), key.to_string())), "{:?}", text);
            }

            /// Any text is read without failing.
            #[test]
            fn any_text_is_read(text in "[\\[\\]@a-z -]{0,30}|\\PC{0,30}") {
                if let Some((at, key)) = cited_inside_words(&text, |k| KNOWN.contains(&k)) {
                    prop_assert_eq!(&text[at..at + 1], "[");
                    prop_assert!(KNOWN.contains(&key.as_str()));
                }
            }
        }
    }

    #[test]
    fn finds_groups_with_locators() {
        let g = groups("As shown [@unesco2021, p. 12; @fig:stages] and [not @this] or [@a b].");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].items[0], Item { key: "unesco2021".into(), locator: Some("p. 12".into()) });
        assert_eq!(g[0].items[1].key, "fig:stages");
        assert!(is_label("fig:stages") && !is_label("unesco2021"));
    }

    proptest::proptest! {
        /// Looking for `[` and then `@` finds the groups a search for the two bytes finds (as
        /// `groups` first did), in text full of brackets, at signs, separators and characters
        /// beyond ASCII.
        #[test]
        fn groups_are_found_as_a_search_for_the_pair_finds_them(
            text in "([\\[\\]@;, a-z0-9:.]|é|日|\\[@|\\[\\[@){0,60}",
        ) {
            proptest::prop_assert_eq!(groups(&text), groups_found_by(&text, |rest| rest.find("[@")));
        }
    }

    #[test]
    fn trailing_labels() {
        assert_eq!(trailing_label("caption {#tbl:x} "), Some(("caption ", "tbl:x")));
        assert_eq!(trailing_label("no label"), None);
        assert_eq!(trailing_label("{# }"), None);
    }
}
