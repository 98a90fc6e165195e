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

/// How a work is named: in brackets (`[@key]`, "(Doe, 2021)"), its year alone (`[-@key]`,
/// "(2021)", after the author named in the sentence), or in the sentence (`@key`, "Doe (2021)").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Form {
    /// `[@key]`.
    #[default]
    Bracketed,
    /// `[-@key]`.
    YearOnly,
    /// `@key`, `@key [p. 12]`.
    InText,
}

/// One `@key` of a group, with its locator (`p. 12`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// The key, without `@`.
    pub key: String,
    /// What follows the comma, trimmed.
    pub locator: Option<String>,
    /// How it is written.
    pub form: Form,
}

/// A `[@…]` group found in a text: its byte range in the text and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Byte range of `[…]` in the text.
    pub range: std::ops::Range<usize>,
    /// The items.
    pub items: Vec<Item>,
}

/// The first `[…]` of `text` that is no group but names a key `known` takes (`[see
/// @doe2021]`, `[@a; see also @b]`, `[@a p. 12]` without the comma; `[-@doe2021]` is a group):
/// its offset and the key.
pub fn cited_inside_words(text: &str, known: impl Fn(&str) -> bool) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'[', &bytes[from..]).map(|o| from + o) {
        from = open + 1;
        let Some(close) = text[open + 1..].find([']', '[']).map(|c| open + 1 + c).filter(|&c| bytes[c] == b']') else {
            continue;
        };
        let inside = &text[open + 1..close];
        // a group, read as one; one that is no group (`[@a p. 12]` without its comma, `[@a;
        // see also @b]`) is published as typed unless said
        if (inside.starts_with('@') || inside.starts_with("-@")) && parse_items(inside).is_some() {
            continue;
        }
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

/// Every citation or cross-reference of `text` in order: the `[@…]` groups, and each `@key`
/// written in a sentence (pandoc's `@doe2021 says`, `@doe2021 [p. 3]`, `see @fig:chart`) as a
/// group of one [`Form::InText`] item. An `@` counts at the start of the text or after a space
/// or `(` (an address `me@doe.org` is none); the key ends before a final `.` or `:`.
pub fn citations(text: &str) -> Vec<Group> {
    let mut all = groups(text);
    if !text.contains('@') {
        return all;
    }
    let bracketed: Vec<std::ops::Range<usize>> = all.iter().map(|g| g.range.clone()).collect();
    for (at, _) in text.match_indices('@') {
        let after_word_break = at == 0 || text[..at].ends_with([' ', '(', '\u{a0}', '\n']);
        if !after_word_break || bracketed.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let rest = &text[at + 1..];
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/' | '+')))
            .map_or(rest.len(), |(i, _)| i);
        let key = rest[..len].trim_end_matches(['.', ':', '/', '-']);
        if key.is_empty() || !key.starts_with(char::is_alphanumeric) {
            continue;
        }
        let mut end = at + 1 + key.len();
        // `@key [p. 12]`: a locator in brackets after it
        let mut locator = None;
        if let Some(open) = text[end..].strip_prefix(' ').filter(|t| t.starts_with('[')) {
            if let Some(close) = open.find(']') {
                let inner = &open[1..close];
                if !inner.is_empty() && !inner.contains(['[', '@']) {
                    locator = Some(inner.trim().to_string());
                    end += 1 + close + 1;
                }
            }
        }
        all.push(Group { range: at..end, items: vec![Item { key: key.to_string(), locator, form: Form::InText }] });
    }
    all.sort_by_key(|g| g.range.start);
    all
}

/// Every citation and cross-reference of a page's Markdown `body`, read as the paper's pass
/// reads them — in its texts, so never in a code block, inline code or an image's
/// description, nor after an escaped `\\[` — each with the byte offset in `body` where it is
/// written.
pub fn in_body(body: &str) -> Vec<(usize, Group)> {
    let mut found = Vec::new();
    super::for_each_text(&super::parse(body), |t, r| {
        // where each group is written, after the one before it (as the pass places it)
        let mut cursor = 0;
        for g in citations(t) {
            let written = &t[g.range.clone()];
            let at = match body.get(r.clone()).and_then(|s| s.get(cursor..)?.find(written)) {
                Some(o) => {
                    cursor += o + written.len();
                    r.start + cursor - written.len()
                }
                None => r.start,
            };
            found.push((at, g));
        }
    });
    found
}

/// Every well-formed `[@…]` group of `text`, in order.
pub fn groups(text: &str) -> Vec<Group> {
    // `[` found by `memchr`, then `@` looked at: `str::find("[@")` set up its two-way search
    // for every text event of every chapter (~0.7 % of a build's instructions)
    groups_found_by(text, |rest| {
        let bytes = rest.as_bytes();
        let mut from = 0;
        while let Some(at) = memchr::memchr(b'[', &bytes[from..]) {
            let next = &bytes[from + at + 1..];
            if next.first() == Some(&b'@') || next.starts_with(b"-@") {
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
        let part = part.trim();
        let (part, form) = match part.strip_prefix("-@") {
            Some(rest) => (rest, Form::YearOnly),
            None => (part.strip_prefix('@')?, Form::Bracketed),
        };
        let (key, locator) = match part.split_once(',') {
            Some((k, l)) => (k.trim(), Some(l.trim().to_string()).filter(|l| !l.is_empty())),
            None => (part.trim(), None),
        };
        let valid = !key.is_empty()
            && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '/' | '+'));
        if !valid {
            return None;
        }
        items.push(Item { key: key.to_string(), locator, form });
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

    /// The citations of a body are those of its text: not in code, not escaped; each at the
    /// place it is written.
    #[test]
    fn a_bodys_citations_are_in_its_text_only() {
        let body = "Text `[@code]` [@a] and @b.\n\n```\n[@fenced] @fenced\n```\n\n    [@indented]\n\n\\[@escaped] ![x [@alt]](i.png) [@c; @a]\n";
        let all = in_body(body);
        let found: Vec<(usize, Vec<&str>)> =
            all.iter().map(|(at, g)| (*at, g.items.iter().map(|i| i.key.as_str()).collect())).collect();
        let at = |s: &str| body.find(s).unwrap();
        assert_eq!(found, [(at("[@a]"), vec!["a"]), (at("@b"), vec!["b"]), (at("[@c;"), vec!["c", "a"])]);
    }

    #[test]
    fn keys_inside_other_words_are_found_and_groups_and_mail_are_not() {
        let known = |k: &str| ["doe2021", "smith2020b", "sec:scope"].contains(&k);
        assert_eq!(cited_inside_words("as [see @doe2021; also @smith2020b] says", known), Some((3, "doe2021".into())));
        assert_eq!(cited_inside_words("[cf. -@doe2021]", known), Some((0, "doe2021".into())));
        assert_eq!(cited_inside_words("as [@doe2021 p. 33]", known), Some((3, "doe2021".into())));
        assert_eq!(cited_inside_words("[@doe2021; see also @smith2020b]", known), Some((0, "doe2021".into())));
        assert_eq!(cited_inside_words("in [cf. @sec:scope]", known), Some((3, "sec:scope".into())));
        for fine in [
            "[@doe2021]",
            "[-@doe2021]",
            "[@doe2021; @smith2020b]",
            "[mail me@doe2021]",
            "[see @unknown]",
            "no brackets @doe2021",
        ] {
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
                word in proptest::sample::select(vec!["see", "cf.", "also see", "e.g.,"]),
                key in proptest::sample::select(KNOWN.to_vec()),
                tail in proptest::sample::select(vec!["", ", p. 4", "; @doe2021", " and more"]),
            ) {
                let known = |k: &str| KNOWN.contains(&k);
                prop_assert_eq!(cited_inside_words(&before, known), None, "{:?}", before);
                let text = format!("{before}[{word} @{key}{tail}]{after}");
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
    fn citations_in_the_sentence_and_of_the_year_alone_are_read() {
        let c = citations(
            "As @doe2021 notes, and @smith2020b [p. 33] says (see @fig:chart). Mail me@doe.org; [-@doe2021].",
        );
        let read: Vec<(&str, Option<&str>, Form)> =
            c.iter().flat_map(|g| &g.items).map(|i| (i.key.as_str(), i.locator.as_deref(), i.form)).collect();
        assert_eq!(
            read,
            [
                ("doe2021", None, Form::InText),
                ("smith2020b", Some("p. 33"), Form::InText),
                ("fig:chart", None, Form::InText),
                ("doe2021", None, Form::YearOnly),
            ]
        );
        let text = "As @doe2021 notes, and @smith2020b [p. 33] says";
        assert_eq!(&text[c[1].range.clone()], "@smith2020b [p. 33]");
        assert!(citations("an address a@b.org, a handle @ alone, @.x").is_empty());
    }

    #[test]
    fn finds_groups_with_locators() {
        let g = groups("As shown [@unesco2021, p. 12; @fig:stages] and [not @this] or [@a b].");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].items[0], Item { key: "unesco2021".into(), locator: Some("p. 12".into()), ..Item::default() });
        assert_eq!(g[0].items[1].key, "fig:stages");
        assert!(is_label("fig:stages") && !is_label("unesco2021"));
    }

    proptest::proptest! {
        /// Looking for `[` and then `@` finds the groups a search for the two bytes finds (as
        /// `groups` first did), in text full of brackets, at signs, separators and characters
        /// beyond ASCII.
        #[test]
        fn groups_are_found_as_a_search_for_the_pair_finds_them(
            text in "([\\[\\]@;, a-z0-9:.-]|é|日|\\[@|\\[-@|\\[\\[@){0,60}",
        ) {
            proptest::prop_assert_eq!(groups(&text), groups_found_by(&text, |rest| {
                [rest.find("[@"), rest.find("[-@")].into_iter().flatten().min()
            }));
        }
    }

    #[test]
    fn trailing_labels() {
        assert_eq!(trailing_label("caption {#tbl:x} "), Some(("caption ", "tbl:x")));
        assert_eq!(trailing_label("no label"), None);
        assert_eq!(trailing_label("{# }"), None);
    }
}
