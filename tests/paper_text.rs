//! What a white paper's pass writes into its text — a citation "(UNESCO, 2021)", a
//! cross-reference "Figure 1.1" — reads in the contents and the search as on the page: it
//! left gaps ("both areas of , including the assessment choices of :"), and a heading citing
//! a work was listed without it. A heading's id stays as it was.

mod common;

use common::{attrs, texts, TestSite};

const BIB: &str = "@book{unesco2021,\n  author = {{UNESCO}},\n  title = {Recommendation},\n  publisher = {UNESCO},\n  year = {2021}\n}\n";

/// A paper of one chapter, `body`, citing from a one-entry bibliography.
fn paper(body: &str) -> TestSite {
    let s = TestSite::new();
    s.write("content/papers/wp/_index.md", "---\ntitle: White Paper\nreferences: refs.bib\n---\n\nFront.\n");
    s.write("content/papers/wp/refs.bib", BIB);
    s.write("content/papers/wp/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>");
    s.write("content/papers/wp/01-one.md", &format!("---\ntitle: One\n---\n\n{body}"));
    s
}

/// An escaped bracket or `@` is the author's text: `\[@key]` publishes `[@key]`, with no
/// citation and no error (the escape had been lost when the texts were joined).
#[test]
fn an_escaped_bracket_or_at_is_text_not_a_citation() {
    let s = paper(
        "Written \\[@unesco2021], \\[-@unesco2021], \\@unesco2021 and \\\\[@unesco2021] as cited [@unesco2021].\n",
    );
    s.build_ok(&[]);
    let page = s.page("papers/wp/one/index.html");
    let para = texts(&page, ".prose p").join("");
    assert!(
        para.starts_with(
            "Written [@unesco2021], [-@unesco2021], @unesco2021 and \\(UNESCO, 2021) as cited (UNESCO, 2021)."
        ),
        "{para}"
    );
    assert_eq!(texts(&page, "a.cite").len(), 2);
}

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

/// A figure with neither a title nor alternative text is still numbered, "Figure 1.1" as a
/// cross-reference names it, never an empty caption sentence ("Figure 1.1. "); one warning
/// says so at it, in a build and in `plenary check`, whose own warning of the missing text
/// would be the same mistake told twice.
#[test]
fn a_figure_with_no_words_is_numbered_and_told_once() {
    let s = paper("See [@fig:bare].\n\n![](chart.svg) {#fig:bare}\n\n![A chart](chart.svg)\n");
    let r = s.build_ok(&[]);
    let said = "content/papers/wp/01-one.md:7:1: warning: figure 1.1 has no caption and no alternative text";
    assert_eq!(r.stderr.lines().filter(|l| l.contains(": warning: ")).collect::<Vec<_>>(), [said], "{}", r.stderr);
    let page = s.page("papers/wp/one/index.html");
    assert_eq!(texts(&page, "figure.figure figcaption"), ["Figure 1.1", "Figure 1.2. A chart"]);
    assert_eq!(texts(&page, "a.xref"), ["Figure 1.1"]);
    let r = s.run(&["check"]);
    assert_eq!(r.stderr.lines().filter(|l| l.contains(": warning: ")).collect::<Vec<_>>(), [said], "{}", r.stderr);
}

/// A group of cross-references reads as a reader expects: the kind's word once, in the plural
/// and the page's language, the numbers in number order, each a link ("Figure 2.1, Figure 1.1"
/// had been written as the labels were).
#[test]
fn a_group_of_cross_references_names_its_kind_once() {
    let body = "See [@fig:b; @fig:a], [@eq:x; @fig:a] and [@fig:a; @fig:a].\n\n![A](chart.svg) {#fig:a}\n\n![B](chart.svg) {#fig:b}\n\n$$ x $$ {#eq:x}\n";
    let s = paper(body);
    s.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n");
    s.write("content/papers/wp/01-one.fr.md", &format!("---\ntitle: Un\n---\n\n{body}"));
    s.build_ok(&[]);
    let page = s.page("papers/wp/one/index.html");
    let para = texts(&page, ".prose p").join("");
    assert!(para.starts_with("See Figures 1.1 and 1.2, Equation (1.1) and Figure 1.1 and Figure 1.1."), "{para}");
    assert_eq!(attrs(&page, "a.xref", "href")[..2], ["#fig:a", "#fig:b"]);
    let fr = texts(&s.page("fr/papers/wp/one/index.html"), ".prose p").join("");
    assert!(fr.starts_with("See figures 1.1 et 1.2, équation (1.1) et figure 1.1"), "{fr}");
}

/// A cross-reference that begins a sentence takes a capital where the language writes its
/// words in small letters ("section 2.1 montre" at a paragraph's start, after ". ", in a
/// heading), and not after an abbreviation ("cf. section 1.1") or inside a sentence; Chinese,
/// without capitals, is written as it is.
#[test]
fn a_cross_reference_at_a_sentences_start_takes_a_capital() {
    let en = "## Scope {#sec:a}\n\nText.\n\n## Next {#sec:b}\n\nText.\n";
    let fr = "## Cadre {#sec:a}\n\n[@sec:b] montre tout. Comme le dit [@sec:a], rien. Fin.\n[@sec:a; @sec:b] aussi, \
              cf. [@sec:a].\n\n## Suite {#sec:b}\n\n- [@sec:a] en bref.\n\n### [@sec:a] en détail\n\nNote.[^n] [@sec:b] suit.\n\n[^n]: Une note.\n";
    let s = paper(en);
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n  - {code: zh, name: 中文}\n",
    );
    s.write("content/papers/wp/01-one.fr.md", &format!("---\ntitle: Un\n---\n\n{fr}"));
    s.write(
        "content/papers/wp/01-one.zh.md",
        "---\ntitle: 一\n---\n\n## 范围 {#sec:a}\n\n[@sec:a] 说明。\n\n## 下 {#sec:b}\n",
    );
    s.build_ok(&[]);
    let page = s.page("fr/papers/wp/one/index.html");
    let para =
        texts(&page, ".prose > p").join("").replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        para.starts_with(
            "Section 1.2 montre tout. Comme le dit section 1.1, rien. Fin. Sections 1.1 et 1.2 aussi, cf. section 1.1."
        ),
        "{para}"
    );
    let words = |selector: &str| texts(&page, selector).concat().replace('\u{a0}', " ");
    assert!(para.contains("Note.1 Section 1.2 suit."), "{para}");
    assert_eq!(words(".prose li a.xref"), "Section 1.1");
    assert!(words(".prose h3").contains("Section 1.1 en détail"), "{}", words(".prose h3"));
    let zh = texts(&s.page("zh/papers/wp/one/index.html"), ".prose a.xref");
    assert_eq!(zh.len(), 1);
    assert!(!zh[0].starts_with(char::is_lowercase), "{zh:?}");
}
