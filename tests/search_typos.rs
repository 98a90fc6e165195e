//! Typos: a query word the index has no term for ("goverment") is answered for the nearest
//! word of the site within one edit (words of 4–7 characters) or two (longer), chosen the same
//! way every time; short words, numbers and CJK are never corrected; the query as typed can
//! still be asked for (`exact`). The real `search.js` in Node on a small built site.

mod common;

use common::search::{harness, node};
use common::TestSite;
use serde_json::{json, Value};

/// A site whose words are known: "card" in two pages, "cart" in one; "boat" and "bolt" in one
/// each; "government", "policy", "education" and numbers.
fn site() -> TestSite {
    let s = TestSite::new();
    let pages = [
        ("a", "Government policy", "The government set a policy on card payments."),
        ("b", "Education", "Education in 2023: a card for every student."),
        ("c", "Shopping", "A cart of books."),
        ("d", "Harbour", "A boat in the harbour."),
        ("e", "Workshop", "A bolt and a nut."),
        ("f", "国际合作", "国际合作与教育政策。"),
    ];
    for (slug, title, text) in pages {
        s.write(&format!("content/pages/{slug}.md"), &format!("---\ntitle: {title}\n---\n\n{text}\n"));
    }
    s
}

/// Each query's (total, corrected query, result URLs sorted), answered as the search page does.
fn near(s: &TestSite, queries: &[(&str, bool)]) -> Vec<(u64, Value, Vec<String>)> {
    let qs: Vec<Value> = queries.iter().map(|(q, exact)| json!({"q": q, "near": true, "exact": exact})).collect();
    let out = harness(s, "en", json!({"op": "search", "queries": qs}));
    out.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut urls: Vec<String> =
                a["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().to_string()).collect();
            urls.sort();
            (a["total"].as_u64().unwrap(), a["corrected"].clone(), urls)
        })
        .collect()
}

#[test]
fn a_typo_is_answered_for_the_nearest_word() {
    if !node() {
        return;
    }
    let s = site();
    s.build_ok(&[]);
    let a = near(
        &s,
        &[
            ("goverment", false),
            ("polcy", false),
            ("educaton", false),
            ("goverment polcy", false),
            ("govrnmant", false),
            ("government", false),
            ("goverment", true),
        ],
    );
    let right = near(&s, &[("government", false), ("policy", false), ("education", false)]);
    assert_eq!(a[0].1, json!("government"), "one letter left out of a long word");
    assert_eq!(a[0].2, right[0].2, "the results of the corrected word");
    assert_eq!((&a[1].1, &a[1].2), (&json!("policy"), &right[1].2));
    assert_eq!((&a[2].1, &a[2].2), (&json!("education"), &right[2].2));
    assert_eq!(a[3].1, json!("government policy"), "each missing word corrected in its place");
    assert_eq!(a[4].1, json!("government"), "two edits in a word of nine letters");
    assert_eq!(a[5].1, Value::Null, "a word the site has is never corrected");
    assert_eq!((a[6].0, &a[6].1), (0, &Value::Null), "the query as typed, when asked for");
}

/// Only near words, and only for words long enough that one edit is a typo rather than another
/// word: no correction below four letters, one edit up to seven, never for numbers or CJK.
#[test]
fn short_words_numbers_and_cjk_are_never_corrected() {
    if !node() {
        return;
    }
    let s = site();
    s.build_ok(&[]);
    let a = near(&s, &[("bot", false), ("2024", false), ("国际合做", false), ("cxrx", false), ("polcyy", false)]);
    for (i, what) in ["three letters", "a number", "CJK", "two edits in four letters", "two edits in six letters"]
        .into_iter()
        .enumerate()
    {
        assert_eq!((a[i].0, &a[i].1), (0, &Value::Null), "{what}");
    }
}

/// The same typo gives the same word every time: the nearest, then the word in most entries,
/// then the first in code point order.
#[test]
fn ties_go_to_the_word_in_most_entries_then_the_first() {
    if !node() {
        return;
    }
    let s = site();
    s.build_ok(&[]);
    let a = near(&s, &[("carx", false), ("boxt", false), ("carrd", false)]);
    assert_eq!(a[0].1, json!("card"), "card (two pages) before cart (one)");
    assert_eq!(a[1].1, json!("boat"), "boat and bolt (one page each): the first");
    assert_eq!(a[2].1, json!("card"), "one edit before two");
}

/// The edit distance of search.js: a letter added, left out, changed, or two swapped, each one.
#[test]
fn the_edit_distance_counts_each_typo_once() {
    if !node() {
        return;
    }
    let s = site();
    s.build_ok(&[]);
    let pairs = json!([
        ["teh", "the", 2],
        ["goverment", "government", 2],
        ["polcy", "policy", 1],
        ["policy", "polcy", 1],
        ["polisy", "policy", 1],
        ["abcd", "wxyz", 1],
        ["éducation", "education", 2],
        ["card", "card", 1],
    ]);
    let d = harness(&s, "en", json!({"op": "distance", "pairs": pairs}));
    assert_eq!(d, json!([1, 1, 1, 1, 1, 2, 1, 0]));
}
