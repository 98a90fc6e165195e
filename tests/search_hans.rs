//! Traditional and simplified Chinese find each other: a page written in simplified
//! characters is found by a query typed in traditional ones and the other way round (both
//! sides fold traditional characters to simplified, `search::hans`); the browser loads the
//! table only for a query that holds Han characters. The real `search.js` in Node.

mod common;

use common::search::{ask, marked, node, urls};
use common::TestSite;

#[test]
fn traditional_and_simplified_chinese_find_each_other() {
    if !node() {
        return;
    }
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ndefault_language: zh\nlanguages:\n  - {code: zh, name: 中文}\n",
    );
    s.write("content/pages/a.md", "---\ntitle: 教育政策\n---\n\n本次会议讨论高等教育政策。\n");
    s.write("content/pages/b.md", "---\ntitle: 學習\n---\n\n終身學習與國際合作。\n");
    s.write("content/pages/c.md", "---\ntitle: Other\n---\n\nNothing in Chinese.\n");
    s.build_ok(&[]);
    let found = urls(&s, "zh", &["會議", "会议", "學習", "学习", "国际合作", "教育政策"]);
    assert_eq!(found[0], ["/a/"], "traditional 會議 finds simplified 会议");
    assert_eq!(found[1], ["/a/"]);
    assert_eq!(found[2], ["/b/"]);
    assert_eq!(found[3], ["/b/"], "simplified 学习 finds traditional 學習");
    assert_eq!(found[4], ["/b/"], "国际合作 finds 國際合作");
    assert_eq!(found[5], ["/a/"]);
    // the passage marks the words as written in the page
    assert_eq!(marked(&ask(&s, "zh", &["學習"])[0]["results"][0]), ["學習"]);
}
