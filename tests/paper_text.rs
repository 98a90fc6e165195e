//! What a white paper's pass writes into its text — a citation "(UNESCO, 2021)", a
//! cross-reference "Figure 1.1" — reads in the contents and the search as on the page: it
//! left gaps ("both areas of , including the assessment choices of :"), and a heading citing
//! a work was listed without it. A heading's id stays as it was.

mod common;

use common::{attrs, texts, TestSite};

#[test]
fn citations_and_cross_references_read_in_contents_and_search_as_on_the_page() {
    let s = TestSite::example();
    let chapter = "content/papers/white-paper-ai-era/03-governance.md";
    let text = std::fs::read_to_string(s.root.join(chapter)).unwrap();
    s.write(
        chapter,
        &text.replacen("\n## ", "\n## Principles after [@unesco2021]\n\nAs [@fig:scope] shows.\n\n## ", 1),
    );
    s.build_ok(&[]);
    let page = s.page("papers/white-paper-ai-era/governance/index.html");
    assert!(texts(&page, "nav.toc a").contains(&"3.1 Principles after (UNESCO, 2021)".to_string()));
    // the id stays what it was (made of the heading as written)
    assert!(attrs(&page, ".prose h2", "id").contains(&"principles-after-unesco2021".to_string()));
    // the search's text of the sections, as shown
    let mut found = (false, false);
    for entry in walkdir::WalkDir::new(s.public().join("search/en")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "json") {
            let json = std::fs::read_to_string(entry.path()).unwrap();
            found.0 |= json
                .contains("both areas of Figure\u{a0}1.1, including the assessment choices of Table\u{a0}2.1")
                || json.contains("both areas of Figure\\u00a01.1, including the assessment choices of Table\\u00a02.1");
            found.1 |= json.contains("As Figure\u{a0}1.1 shows") || json.contains("As Figure\\u00a01.1 shows");
        }
    }
    assert!(found.0 && found.1, "{found:?}");
}
