//! Arabic singulars and sound plurals find each other, with and without the article: the
//! index and the browser light-stem Arabic alike (`search::arabic`, `search.js`
//! `arabicStem`), so a reader typing سياسة ("policy") finds السياسات ("the policies"). The
//! real `search.js` in Node, as the search page runs it.

mod common;

use common::search::{ask, marked, node, urls};
use common::TestSite;

fn site() -> TestSite {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ndefault_language: ar\nlanguages:\n  - {code: ar, name: العربية}\n",
    );
    s.write("content/pages/policies.md", "---\ntitle: التعليم\n---\n\nناقش المشاركون السياسات الرقمية للجامعات.\n");
    s.write("content/pages/conference.md", "---\ntitle: اللقاء\n---\n\nعقدت مؤتمرات إقليمية في ثلاث مدن.\n");
    s.write("content/pages/paper.md", "---\ntitle: الورقة\n---\n\nنشرت الوزارة ورقة عن مبادرة وطنية.\n");
    s.build_ok(&[]);
    s
}

#[test]
fn singulars_find_plurals_and_plurals_singulars() {
    if !node() {
        return;
    }
    let s = site();
    let queries = ["سياسة", "السياسة", "سياسات", "مؤتمر", "المؤتمر", "جامعة", "مشارك", "مبادرات", "ورقة", "وزارة"];
    let found = urls(&s, "ar", &queries);
    let want: [&[&str]; 10] = [
        &["/policies/"],
        &["/policies/"],
        &["/policies/"],
        &["/conference/"],
        &["/conference/"],
        &["/policies/"],
        &["/policies/"],
        &["/paper/"],
        &["/paper/"],
        &["/paper/"],
    ];
    for ((q, got), want) in queries.iter().zip(&found).zip(want) {
        assert_eq!(got, want, "{q}");
    }
    // different words stay apart: the policy page is not the conference's
    assert_eq!(urls(&s, "ar", &["مدينة سياسة"])[0], Vec::<String>::new());
}

/// The passage marks the whole word as the page writes it, article and plural ending too.
#[test]
fn the_passage_marks_the_whole_plural() {
    if !node() {
        return;
    }
    let s = site();
    assert_eq!(marked(&ask(&s, "ar", &["سياسة"])[0]["results"][0]), ["السياسات"]);
}
