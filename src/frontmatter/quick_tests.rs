//! The quick reader against the YAML crate: whatever it reads, the crate reads the same.

use std::collections::BTreeMap;
use std::fmt::Debug;

use proptest::prelude::*;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::quick;
use crate::config::SiteText;
use crate::model::{RawChapter, RawForum, RawNews, RawPage, RawPaper, RawSpeaker};

/// A type that takes any key, so that values are read whatever keys the text has.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Loose {
    title: Option<String>,
    draft: Option<bool>,
    weight: Option<i64>,
    number: Option<u8>,
    menu: Option<u32>,
    tags: Option<Vec<String>>,
    links: Option<Vec<BTreeMap<String, String>>>,
    room: Option<Vec<Option<String>>>,
    date: Option<crate::types::Date>,
}

/// `Some(true)` when the quick reader read `text` as `T` and the crate read the same,
/// `Some(false)` when the quick reader declined, `None` (with the difference printed) when
/// they disagree.
fn agree<T: DeserializeOwned + Debug>(text: &str) -> Result<bool, String> {
    let Some(quick) = quick::from_str::<T>(text) else { return Ok(false) };
    match serde_yaml::from_str::<T>(text) {
        Ok(full) if format!("{quick:?}") == format!("{full:?}") => Ok(true),
        Ok(full) => Err(format!("{text:?} as {}: quick {quick:?}, crate {full:?}", std::any::type_name::<T>())),
        Err(e) => Err(format!("{text:?} as {}: quick {quick:?}, crate refused: {e}", std::any::type_name::<T>())),
    }
}

/// Every type front matter and theme files are read as; `Ok` with how many read the text.
fn agree_all(text: &str) -> Result<usize, String> {
    let all = [
        agree::<RawForum>(text)?,
        agree::<RawSpeaker>(text)?,
        agree::<RawNews>(text)?,
        agree::<RawChapter>(text)?,
        agree::<RawPaper>(text)?,
        agree::<RawPage>(text)?,
        agree::<SiteText>(text)?,
        agree::<BTreeMap<String, String>>(text)?,
        agree::<BTreeMap<String, IgnoredAny>>(text)?,
        agree::<BTreeMap<String, Vec<String>>>(text)?,
        agree::<serde_yaml::Value>(text)?,
        agree::<Loose>(text)?,
    ];
    Ok(all.iter().filter(|&&read| read).count())
}

const KEYS: &[&str] = &[
    "title", "name", "slug", "date", "start", "room", "speakers", "topics", "tags", "summary", "weight", "links",
    "label", "url", "draft", "menu", "number", "type", "status", "aliases", "a", "x.y", "_k", "1", "null",
];

/// Plain values the YAML crate gives a meaning besides text, or refuses, or reads oddly.
const PLAIN: &[&str] = &[
    "2026-06-16",
    "10:00",
    "12",
    "0",
    "007",
    "-3",
    "+4",
    "0x1F",
    "0o7",
    "1_000",
    "1.5",
    ".inf",
    "1e3",
    "99999999999999999999",
    "true",
    "True",
    "TRUE",
    "yes",
    "no",
    "false",
    "null",
    "Null",
    "~",
    "keynote",
    "in-review",
    "forum",
    "foo bar",
    "O'Neill",
    "a: b",
    "a #b",
    "a#b",
    "http://x.org/a?b=c",
    "[x]",
    "{x}",
    "-",
    "- x",
    "? x",
    ": x",
    "&a x",
    "*a",
    "!tag x",
    "!!str 5",
    "|",
    "> x",
    "%x",
    "@x",
    "`x",
    "x:",
    "x  ",
    "a, b",
    "Zoë 中文",
    "x\u{2028}y",
    "x\u{85}y",
    "x\u{feff}",
    "a\tb",
    "x\ry",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-zA-Z0-9 ]{1,6}",
        1 => prop::sample::select(vec![
            "é", "中", "#", ": ", ":", "'", "\"", "\\", ",", "[", "]", "{", "-", " ", "\u{2028}", "\u{85}", "\t", "\r",
        ])
        .prop_map(String::from),
    ]
}

fn double_quoted() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        4 => piece().prop_map(|p| p.replace(['"', '\\'], "")),
        1 => prop::sample::select(vec!["\\\"", "\\\\", "\\n", "\\/", "\\t", "\\\"", "\\n", "\\x41", "\\u00e9", "\\ ", "\\", "\""])
            .prop_map(String::from),
    ];
    prop::collection::vec(part, 0..6).prop_map(|p| format!("\"{}\"", p.concat()))
}

fn single_quoted() -> impl Strategy<Value = String> {
    let part = prop_oneof![4 => piece().prop_map(|p| p.replace('\'', "")), 1 => Just("''".to_string())];
    prop::collection::vec(part, 0..6).prop_map(|p| format!("'{}'", p.concat()))
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => double_quoted(),
        1 => single_quoted(),
        2 => prop::sample::select(PLAIN).prop_map(String::from),
        3 => prop::collection::vec(piece(), 1..4).prop_map(|p| p.concat()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    let flow = (
        prop::collection::vec(scalar(), 0..4),
        prop::sample::select(vec![", ", ",", " , "]),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(items, sep, trailing)| format!("[{}{}]", items.join(sep), if trailing { "," } else { "" }));
    prop_oneof![4 => scalar(), 1 => flow]
}

/// One key's lines: a value on the key's line, a list under it, or keys under it.
fn entry() -> impl Strategy<Value = Vec<String>> {
    let key = prop::sample::select(KEYS);
    let sep = prop_oneof![16 => Just(": "), 2 => Just(":  "), 1 => Just(":"), 1 => Just(" : ")];
    let inline = (key.clone(), sep, value()).prop_map(|(k, s, v)| vec![format!("{k}{s}{v}")]);
    let indent = prop::sample::select(vec![0usize, 2, 2, 2, 4, 1, 3]);
    let list_item = prop_oneof![
        value().prop_map(|v| vec![format!("- {v}")]),
        (
            prop::collection::vec((prop::sample::select(KEYS), value()), 1..3),
            prop::sample::select(vec![2usize, 2, 2, 2, 1, 3])
        )
            .prop_map(|(pairs, inner)| {
                pairs
                    .iter()
                    .enumerate()
                    .map(|(i, (k, v))| format!("{}{k}: {v}", if i == 0 { "- ".to_string() } else { " ".repeat(inner) }))
                    .collect()
            }),
    ];
    let list = (key.clone(), indent.clone(), prop::collection::vec(list_item, 1..4)).prop_map(|(k, ind, items)| {
        let pad = " ".repeat(ind);
        std::iter::once(format!("{k}:")).chain(items.into_iter().flatten().map(|l| format!("{pad}{l}"))).collect()
    });
    let keys = (key, indent, prop::collection::vec((prop::sample::select(KEYS), value()), 1..4)).prop_map(
        |(k, ind, pairs)| {
            let pad = " ".repeat(ind);
            std::iter::once(format!("{k}:")).chain(pairs.iter().map(|(k, v)| format!("{pad}{k}: {v}"))).collect()
        },
    );
    prop_oneof![6 => inline, 2 => list, 1 => keys]
}

/// Lines a careless or hostile editor adds between keys.
fn noise() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::weighted(
        0.05,
        prop::sample::select(vec![
            "",
            "  ",
            "# note",
            "  # note",
            "  continued",
            "\tkey: x",
            "---",
            "...",
            "- stray",
            " key: x",
            "%YAML 1.2",
            "key: &a x",
            "other: *a",
            "{a: b}",
            "empty:",
        ]),
    )
}

/// Keys mostly once each (a key written twice is one of the hostile inputs); lines broken as
/// Unix or, one time in five, as Windows breaks them.
fn document() -> impl Strategy<Value = String> {
    let parts = (prop::collection::vec((entry(), noise()), 0..7), prop::bool::weighted(0.1), prop::bool::weighted(0.2));
    parts.prop_map(|(parts, twice, windows)| {
        let mut lines = Vec::new();
        let mut seen = Vec::new();
        for (entry, noise) in parts {
            let key = entry[0].split([':', ' ']).next().unwrap_or_default().to_string();
            if seen.contains(&key) && !twice {
                continue;
            }
            seen.push(key);
            lines.extend(entry);
            lines.extend(noise.map(String::from));
        }
        lines.join(if windows { "\r\n" } else { "\n" })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 16384 } else { 4096 }))]

    /// Wherever the quick reader gives a value, for any of the types front matter is read as,
    /// the YAML crate gives the same one.
    #[test]
    fn what_the_quick_reader_reads_the_crate_reads_the_same(text in document()) {
        if let Err(difference) = agree_all(&text) {
            prop_assert!(false, "{}", difference);
        }
    }
}

/// The shapes the bench kit's corpus and ordinary sites write are read by the quick reader
/// (the property above would hold for a reader that declines everything).
#[test]
fn the_common_shapes_are_read_quickly_and_as_the_crate_reads_them() {
    let forum = "title: \"Rarely previous approach\"\nslug: \"rarely-00589\"\n# the date is illustrative\ndate: 2026-06-16\nstart: \"10:00\"\n\
                 end: \"11:00\"\nroom: \"Auditorium B\"\nmoderators: [\"sana-o-neill-00156\"]\n\
                 speakers: [\"sana-o-neill-00156\", \"lucia-nguyen-02982\"]\ntopics: [community, policy, rust]\n\
                 type: keynote\nnumber: 3\n";
    let speaker = "name: \"Zoë Ibrahim\"\nslug: \"zoe-ibrahim-02576\"\nrole: Professor\norganisation: 'Climate ''Data'' Collective'\n\
                   country: \"ZA\"\nlinks:\n  - label: \"Website\"\n    url: \"https://example.org/people/zoe\"\n\
                   - label: ORCID\n  url: https://orcid.org/0000-0003-1383-6772\n";
    let speaker = speaker.replace("- label: ORCID\n  url", "  - label: ORCID\n    url");
    let news = "title: \"Requirements \\\"practice\\\" extends\"\ndate: 2024-11-22\ntags:\n- geospatial\n- licensing\n\
                summary: Framework format data argues, evaluation it\ndraft: false\n";
    let chapter = "title: \"Chapter 299: Municipal public\"\nslug: \"chapter-0299\"\nweight: 299\n\n\
                   summary: \"To across collaboration.\"\n";
    let page = "title: Programme\nmenu: 2\naliases: []\ndescription: ~\n";
    assert_eq!(agree::<RawForum>(forum), Ok(true));
    assert_eq!(agree::<RawSpeaker>(&speaker), Ok(true));
    assert_eq!(agree::<RawNews>(news), Ok(true));
    assert_eq!(agree::<RawChapter>(chapter), Ok(true));
    assert_eq!(agree::<RawPage>(page), Ok(true));
    // as a Windows editor saves them
    assert_eq!(agree::<RawSpeaker>(&speaker.replace('\n', "\r\n")), Ok(true));
    assert_eq!(agree::<RawNews>(&news.replace('\n', "\r\n")), Ok(true));
}

/// What the quick reader leaves to the crate, each a shape it would be easy to misread.
#[test]
fn it_declines_what_it_cannot_be_sure_of() {
    for text in [
        "title: a # note",
        "title: a\n  # note\n  continued",
        "title: a\n  continued",
        "title: |\n  block",
        "title: \"a\\x41\"",
        "title: &t a\nslug: *t",
        "title: a\ntitle: b",
        "title: \"a\"\n\tslug: b",
        "---\ntitle: a",
        "title: !!str a",
        "title:\n",
        "title: a\u{2028}b",
        "title: \"two\n lines\"",
        "weight: 007",
        "weight: +7",
        "draft: yes",
        "{title: a}",
        "tags: [a, ]",
        "tags: [a\n, b]",
        "title: a\rslug: b",
        "title: a\r\r\nslug: b",
    ] {
        assert!(quick::from_str::<Loose>(text).is_none(), "{text:?} was read");
    }
}

/// The generated documents are read often enough for the property to mean something: a
/// reader that declined nearly everything would pass it.
#[test]
fn a_good_share_of_the_generated_documents_is_read_quickly() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut read, total) = (0, 2000);
    for _ in 0..total {
        let text = document().new_tree(&mut runner).expect("a document").current();
        if agree_all(&text).expect("agreement") > 0 {
            read += 1;
        }
    }
    assert!(read * 5 > total, "only {read} of {total} documents were read quickly");
}
/// Lists in lists' items and keys under keys, at the indentations YAML allows for them.
#[test]
fn nested_lists_and_keys_are_read_as_the_crate_reads_them() {
    type Nested = BTreeMap<String, Vec<BTreeMap<String, Vec<String>>>>;
    for text in [
        "k:\n- a:\n  - x\n  - y\n  b: [z]\n- c:\n    - w",
        "k:\n  - a:\n    - x\n    b:\n      - y",
        "k:\n-   a: [x]\n    b: [y]",
        "k:\n - a: [x]\n   b: [y]\n",
        "k:\n- a:\n   - x\n  b: [y]",
    ] {
        assert_eq!(agree::<Nested>(text), Ok(true), "{text:?}");
    }
    let keys =
        "event:\n  venue:\n    name: Congress Centre\n    city: \"Berlin\"\n  dates: [\"15\", \"18\"]\ntitle: x\n";
    assert_eq!(agree::<BTreeMap<String, serde_yaml::Value>>(keys), Ok(false), "plain keys in a map of any");
    assert_eq!(agree::<BTreeMap<String, BTreeMap<String, IgnoredAny>>>(&keys.replace("title: x\n", "")), Ok(true));
}
