//! A group of cross-references read as a reader expects: `[@fig:b; @fig:a]` is "Figures 1.1
//! and 2.1" — the kind's word once, in the plural (the theme strings `xref_figures` and the
//! like), then the numbers in number order, each a link, joined by the language's CLDR list
//! ("1.1 and 2.1", "1.1 et 2.1", "1.1和2.1"); an equation's number in parentheses, as beside
//! the formula. Several kinds follow in the order each is first written ("Figure 1.1 and
//! Table 2.1"); a target with no number is named alone, and a label that names nothing (an
//! error already told) is its key as written.

use super::crossref::Target;
use super::escape;
use super::words::Words;
use crate::locale::DateWriter;

/// A cross-reference of a group: its target and address, or the key that names none.
pub type Found<'a, 't> = Result<(&'t Target, String), &'a str>;

/// The group's HTML; `capital`: the group begins a sentence, so its first word takes a
/// capital ("section 2.1 montre" → "Section 2.1 montre") in a script that has them.
pub fn group(found: &[Found], words: &Words, capital: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for f in found {
        // the words of the group's first part, capitalised at a sentence's start
        let first = |text: String| if capital && parts.is_empty() { capitalised(&text) } else { text };
        match f {
            Err(key) => parts.push(escape(key)),
            Ok((t, href)) if t.number.is_empty() => parts.push(link(href, &t.text_in(words))),
            Ok((t, _)) if done.contains(&t.kind) => {}
            Ok((t, href)) => {
                done.push(t.kind);
                let mut same: Vec<(&Target, &String)> = found
                    .iter()
                    .filter_map(|f| f.as_ref().ok())
                    .filter(|(o, _)| o.kind == t.kind && !o.number.is_empty())
                    .map(|(o, h)| (*o, h))
                    .collect();
                same.sort_by_key(|(o, _)| numbers(&o.number));
                same.dedup_by(|a, b| a.1 == b.1);
                if same.len() == 1 {
                    let text = escape(&first(t.text_in(words)));
                    parts.push(linked(href, &words.html(Words::key_of(t.kind, false), text)));
                    continue;
                }
                let links: Vec<String> = same.iter().map(|(o, h)| link(h, &shown(o))).collect();
                let template = first(words.plural_on_page(t.kind));
                let (before, after) = template.split_once("{n}").unwrap_or((&template, ""));
                // the word marked when it is another language's, the numbers joined in the
                // page's (its list words: "1.1 و 1.2")
                let key = Words::key_of(t.kind, true);
                let word = |w: &str| if w.trim().is_empty() { escape(w) } else { words.html(key, escape(w)) };
                parts.push([word(before), joined(&links, &words.language), word(after)].concat());
            }
        }
    }
    joined(&parts, &words.language)
}

/// Whether what follows `text` begins a sentence, `at_start` saying whether `text` itself
/// does (it opens a paragraph, a heading, a list item, a table cell, or follows a sentence's
/// end): `text` is blank, or ends with a sentence's final mark (`.`, `!`, `?`, `…`, and the
/// full-width and Arabic ones), closing quotes and brackets aside. A period after an
/// abbreviation — a word of one or two small letters (`cf.`, `p.`) or one with a period inside
/// (`e.g.`) — ends none.
pub fn starts_sentence(text: &str, at_start: bool) -> bool {
    let text = text.trim_end();
    if text.is_empty() {
        return at_start;
    }
    let text = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']);
    let Some(rest) = text.strip_suffix(['.', '!', '?', '…', '。', '！', '？', '؟']) else { return false };
    if !text.ends_with('.') {
        return true;
    }
    let word = rest.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let abbreviation = word.contains('.') || (word.chars().count() <= 2 && word.chars().all(char::is_lowercase));
    !abbreviation
}

/// `text` with its first letter a capital, when its script has capitals (Latin, Cyrillic,
/// Greek …); text in a script without case is unchanged.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn link(href: &str, text: &str) -> String {
    linked(href, &escape(text))
}

/// A link to `href` whose content is `html`.
fn linked(href: &str, html: &str) -> String {
    format!("<a class=\"xref\" href=\"{}\">{html}</a>", escape(href))
}

/// A number as a group lists it: "2.1", an equation's "(2.1)".
fn shown(t: &Target) -> String {
    if t.kind == "Equation" {
        format!("({})", t.number)
    } else {
        t.number.clone()
    }
}

/// "2.10" as [2, 10], so it comes after "2.9".
fn numbers(n: &str) -> Vec<usize> {
    n.split('.').map(|p| p.parse().unwrap_or(usize::MAX)).collect()
}

/// HTML pieces joined by the language's "and" list, whose own words are escaped.
fn joined(pieces: &[String], language: &str) -> String {
    if let [one] = pieces {
        return one.clone();
    }
    let stand_ins: Vec<String> = (0..pieces.len()).map(|i| format!("\u{e000}{i}\u{e001}")).collect();
    let mut out = escape(&DateWriter::new(language).and_list(&stand_ins));
    for (stand_in, piece) in stand_ins.iter().zip(pieces) {
        out = out.replacen(stand_in.as_str(), piece, 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_starts_after_its_end_mark_and_not_after_an_abbreviation() {
        for (text, at_start, starts) in [
            ("", true, true),
            ("  ", false, false),
            ("Voir ", true, false),
            ("Fin. ", false, true),
            ("Fin.) ", false, true),
            ("Vraiment ? ", false, true),
            ("结束。", false, true),
            ("cf. ", true, false),
            ("voir p. ", true, false),
            ("as shown, e.g. ", true, false),
            ("in 2023. ", false, true),
        ] {
            assert_eq!(starts_sentence(text, at_start), starts, "{text:?}");
        }
    }

    fn target(kind: &'static str, number: &str) -> Target {
        Target { kind, number: number.into(), title: String::new(), page: "/p/".into(), id: number.into(), also: None }
    }

    #[test]
    fn a_group_names_its_kind_once_and_lists_the_numbers_in_order() {
        let (b, a, c, e, f) = (
            target("Figure", "2.1"),
            target("Figure", "1.1"),
            target("Figure", "2.10"),
            target("Equation", "1.1"),
            target("Equation", "2.9"),
        );
        let found: Vec<Found> = vec![
            Ok((&c, "#c".into())),
            Ok((&b, "#b".into())),
            Err("fig:nope"),
            Ok((&a, "#a".into())),
            Ok((&b, "#b".into())),
        ];
        let en = Words::default();
        assert_eq!(
            group(&found, &en, false),
            "Figures\u{a0}<a class=\"xref\" href=\"#a\">1.1</a>, <a class=\"xref\" href=\"#b\">2.1</a> and <a class=\"xref\" href=\"#c\">2.10</a> and fig:nope"
        );
        let fr = Words::from_strings("fr", |k| (k == "xref_equations").then(|| "équations {n}".to_string()));
        assert_eq!(
            group(&[Ok((&f, "#f".into())), Ok((&e, "#e".into()))], &fr, false),
            "équations\u{a0}<a class=\"xref\" href=\"#e\">(1.1)</a> et <a class=\"xref\" href=\"#f\">(2.9)</a>"
        );
        // at a sentence's start, the first word takes a capital
        assert_eq!(
            group(&[Ok((&f, "#f".into())), Ok((&e, "#e".into()))], &fr, true),
            "Équations\u{a0}<a class=\"xref\" href=\"#e\">(1.1)</a> et <a class=\"xref\" href=\"#f\">(2.9)</a>"
        );
        let fr = Words::from_strings("fr", |k| (k == "xref_figure").then(|| "figure {n}".to_string()));
        assert_eq!(group(&[Ok((&a, "#a".into()))], &fr, true), "<a class=\"xref\" href=\"#a\">Figure\u{a0}1.1</a>");
        assert_eq!(group(&[Ok((&a, "#a".into()))], &fr, false), "<a class=\"xref\" href=\"#a\">figure\u{a0}1.1</a>");
        let zh = Words::from_strings("zh", |k| (k == "xref_figure").then(|| "图{n}".to_string()));
        assert_eq!(group(&[Ok((&a, "#a".into()))], &zh, true), "<a class=\"xref\" href=\"#a\">图1.1</a>");
        // one of a kind is named as alone
        assert_eq!(group(&[Ok((&a, "#a".into()))], &en, false), "<a class=\"xref\" href=\"#a\">Figure\u{a0}1.1</a>");
    }
}
