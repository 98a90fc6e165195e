//! The Markdown renderer's unit tests.

use super::*;

fn resolve(p: &str) -> Result<(String, usize), (&'static str, String)> {
    match p {
        "forums/a.md" => Ok(("/forums/a/".into(), 7)),
        _ => Err((crate::graph::NO_SUCH_FILE, "did you mean `forums/a.md`?".into())),
    }
}

fn md(body: &str, base: &str) -> (Rendered<usize>, Vec<Diagnostic>) {
    let cx = Context {
        path: Path::new("content/x.md"),
        body_line: 5,
        base_path: base,
        this: 0,
        resolve: &resolve,
        colocated: &|f: &str| (f == "plan.png").then(|| "/pages/plan.png".to_string()),
        ext: None,
        highlighter: &crate::highlight::Highlighter::default(),
        reserved: &BTreeSet::from(["main".to_string(), "contents".to_string(), "contents-1".to_string()]),
        table_label: "Table",
        note_back_label: "Back to the text",
    };
    let mut d = Vec::new();
    (render(body, &cx, &mut d), d)
}

/// Where each finding is and what it says.
fn said(d: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
    d.iter().map(|d| (d.line, d.col, d.message.as_str())).collect()
}

#[test]
fn reference_links_defined_nowhere_are_warnings_at_the_link() {
    let body =
        "See [a][missing], [b][], [sic] and [c][def].\n\nA [note][missing] again.\n\n[def]: https://example.org/\n";
    let (r, d) = md(body, "/");
    assert_eq!(
        said(&d),
        [
            (5, 5, "the link reference `[missing]` is defined nowhere"),
            (5, 19, "the link reference `[b]` is defined nowhere"),
            (7, 3, "the link reference `[missing]` is defined nowhere"),
        ]
    );
    assert!(d.iter().all(|d| d.severity == crate::diagnostics::Severity::Warning));
    // the defined one is a link, the others stay text as CommonMark says
    assert!(r.html.contains("<a href=\"https://example.org/\">c</a>"), "{}", r.html);
    assert!(r.html.contains("[a][missing]"), "{}", r.html);
}

/// An inline link whose address has a space in it is text to CommonMark; it is said, at the
/// address, with the two ways to write it. A bracket in prose followed by words in brackets,
/// a link with a title, an address in angle brackets and one not closed on its line are not.
#[test]
fn a_link_address_with_a_space_is_a_warning_at_the_address() {
    let body = "See [the plan](my plan.pdf) and [it](<my plan.pdf>), [t](plan.png \"Plan\"), [sic] (so to say) and [x](a b\nc).\n";
    let (r, d) = md(body, "/");
    assert_eq!(said(&d), [(5, 16, "the link's address `my plan.pdf` has a space in it, so the link is shown as text")]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("write the space as `%20` (`my%20plan.pdf`), or put the address in angle brackets: `(<my plan.pdf>)`")
    );
    assert!(r.html.contains("[the plan](my plan.pdf)"), "{}", r.html);
}

#[test]
fn footnotes_defined_nowhere_are_warnings_at_the_reference() {
    let body = "A claim.[^nowhere] and [^ok], \\[^escaped], [^two words], `[^code]`, [^Case].\n\n> q [^q]\n\n```\n[^fenced]\n```\n\n[^ok]: Defined.\n\n[^case]: Cited in another case.\n\n[^lonely]: Cited nowhere.\n";
    let (r, d) = md(body, "/");
    assert_eq!(
        said(&d),
        [
            (5, 9, "the footnote `[^nowhere]` is defined nowhere"),
            (7, 5, "the footnote `[^q]` is defined nowhere"),
            (17, 1, "the footnote `[^lonely]` is never referred to"),
        ]
    );
    assert!(d.iter().all(|d| d.severity == crate::diagnostics::Severity::Warning));
    assert!(d[0].help.as_deref().is_some_and(|h| h.contains("`[^nowhere]: the note's text`")));
    // the defined one is a footnote, the undefined one stays text
    assert!(
        r.html.contains("<sup class=\"footnote-reference\" id=\"fnref-ok\"><a href=\"#fn-ok\">1</a></sup>"),
        "{}",
        r.html
    );
    // a label cited in another case leads to the note's own id
    assert!(r.html.contains("<a href=\"#fn-case\">2</a>") && r.html.contains("id=\"fn-case\""), "{}", r.html);
    assert!(r.html.contains("A claim.[^nowhere] and"), "{}", r.html);
}

/// Each note links back to each reference to it, and the references' ids are the page's
/// (a heading keeps clear of them); numbers are pulldown-cmark's, by first appearance.
#[test]
fn footnotes_link_back_to_every_reference() {
    let body = "[^b]: Defined before it is cited.\n\nOne[^a], two[^b], again[^a].\n\n## Fnref a\n\n[^a]: Cited twice.\n\n[^lonely]: Cited nowhere.\n";
    let (r, _) = md(body, "/");
    let html = &r.html;
    // `[^b]` is defined first, so it is note 1, as pulldown-cmark numbers it
    for part in [
        "<sup class=\"footnote-reference\" id=\"fnref-a\"><a href=\"#fn-a\">2</a></sup>",
        "<sup class=\"footnote-reference\" id=\"fnref-b\"><a href=\"#fn-b\">1</a></sup>",
        "<sup class=\"footnote-reference\" id=\"fnref2-a\"><a href=\"#fn-a\">2</a></sup>",
        "<div class=\"footnote-definition\" id=\"fn-a\"><sup class=\"footnote-definition-label\">2</sup>",
        "<a class=\"footnote-back\" href=\"#fnref-a\" aria-label=\"Back to the text\">\u{21a9}</a>\
         <a class=\"footnote-back\" href=\"#fnref2-a\" aria-label=\"Back to the text (2)\">\u{21a9}<sup>2</sup></a></div>",
        "<a class=\"footnote-back\" href=\"#fnref-b\" aria-label=\"Back to the text\">\u{21a9}</a></div>",
    ] {
        assert!(html.contains(part), "{part}\n{html}");
    }
    // a note nobody cites has no way back; the heading's id keeps clear of a reference's
    assert!(html.contains("id=\"fn-lonely\"><sup class=\"footnote-definition-label\">3</sup>"), "{html}");
    assert!(!html.contains("#fnref-lonely"), "{html}");
    assert!(html.contains("<h2 id=\"fnref-a-1\""), "{html}");
    for id in ["fnref-a", "fnref2-a", "fnref-b"] {
        assert!(r.anchors.contains(id), "{id}: {:?}", r.anchors);
    }
}

/// A note defined twice (labels without case) is one error at the second, which is left out:
/// its id is then written once, and no other finding repeats the mistake.
#[test]
fn a_footnote_defined_twice_is_one_error_at_the_second() {
    let (r, d) = md("A claim.[^1] Another.[^n]\n\n[^1]: First.\n\n[^N]: One.\n\n[^1]: Second.\n\n[^n]: Again, with\n    two lines.\n\nAfter.\n", "/");
    assert_eq!(
        said(&d),
        [
            (11, 1, "the footnote `[^1]` is defined twice: here and on line 7"),
            (13, 1, "the footnote `[^n]` is defined twice: here and on line 9"),
        ]
    );
    assert!(d.iter().all(|d| d.severity == crate::diagnostics::Severity::Error));
    assert_eq!(r.html.matches("id=\"fn-1\"").count(), 1, "{}", r.html);
    assert!(!r.html.contains("Second.") && !r.html.contains("two lines") && r.html.contains("After."), "{}", r.html);
}

/// A formula on a page that is no paper's is text, its backslashes read as escapes: one
/// warning at it (it was published changed without a word); prices stay prices.
#[test]
fn a_formula_outside_a_paper_is_told() {
    let (r, d) = md("Intro.\n\n$$ \\int_0^1 f(x)\\,dx $$\n\nCosts $$5 or $$10.\n", "/");
    assert_eq!(said(&d), [(7, 1, "this formula is shown as text: math is typeset in white papers only")]);
    assert!(r.html.contains("f(x),dx"), "{}", r.html);
    let (_, d) = md("It costs $$5, or $$10 with lunch.\n", "/");
    assert!(d.is_empty(), "{d:?}");
}

/// What a word processor pastes as raw HTML is published as written: an element never
/// closed, a closing tag that closes nothing and an element HTML no longer has are each a
/// warning at its line; balanced HTML says nothing.
#[test]
fn pasted_html_that_breaks_the_page_is_told() {
    let body = "Intro.\n\n<div class=\"unclosed\">\n\n<table style=\"mso-x:1\"><tr><td><font face=\"Arial\">x</font></td></tr></table>\n\n<center>c</center>\n\nText</span> end.\n";
    let (_, d) = md(body, "/");
    assert_eq!(
        said(&d),
        [
            (7, 1, "`<div>` opened here is never closed"),
            (9, 1, "`<font>` is no longer HTML"),
            (11, 1, "`<center>` is no longer HTML"),
            (13, 5, "`</span>` closes no `<span>` of this text"),
        ]
    );
    let (_, d) = md("<div class=\"note\">\n\n**Note.** Text.\n\n</div>\n\nA <span lang=\"fr\">mot</span>.<br>\n", "/");
    assert!(d.is_empty(), "{d:?}");
}

/// Characters no page may hold written as references in a link's or an image's title reach
/// no attribute (`title="t\u{7f}x"` was published).
#[test]
fn references_to_hidden_characters_in_titles_are_blanked() {
    let (r, d) = md("[a](https://example.org/ \"t&#x7f;x\") ![b](/i.png \"i&#x8;t\") [c][r]\n\n[r]: https://example.org/e \"r&#x3;t\"\n", "/");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("as a character reference, and 2 more"), "{}", d[0].message);
    assert!(!r.html.chars().any(crate::controls::is_hidden), "{}", r.html);
    assert!(r.html.contains("title=\"t x\"") && r.html.contains("title=\"r t\""), "{}", r.html);
}

/// A note's id is its own: `[^main]` took the theme's `main`, `[^intro]` the heading's.
#[test]
fn footnote_ids_keep_clear_of_the_pages_own_and_its_headings() {
    let (r, d) = md("## Intro\n\nA claim.[^main] More.[^intro]\n\n[^main]: One.\n\n[^intro]: Two.\n", "/");
    assert!(d.is_empty(), "{d:?}");
    for id in ["intro", "fn-main", "fn-intro"] {
        assert_eq!(r.html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}: {}", r.html);
    }
    assert!(!r.html.contains("id=\"main\""), "{}", r.html);
    // a heading before the note does not take its id; a label with a space or `%` gives an
    // id a link reaches as written
    let (r, d) = md(
        "## Fn-note\n\nA[^Note] B[^my note] C[^a%C3%A9].\n\n[^note]: One.\n\n[^my note]: Two.\n\n[^a%C3%A9]: Three.\n",
        "/",
    );
    assert!(d.is_empty(), "{d:?}");
    for id in ["fn-note-1", "fn-note", "fn-my-note", "fn-a-c3-a9"] {
        assert_eq!(r.html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}: {}", r.html);
    }
    for href in ["#fn-note", "#fn-my-note", "#fn-a-c3-a9"] {
        assert!(r.html.contains(&format!("href=\"{href}\"")), "{href}: {}", r.html);
    }
}

#[test]
fn headings_made_ids_keep_clear_of_the_pages_own_and_written_ones_are_kept() {
    let (r, d) = md("## Main\n\n## Contents\n\n## Contents\n\n### Mine {#main}\n", "/");
    assert!(d.is_empty(), "{d:?}");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["main-1", "contents-2", "contents-3"]);
    // the editor's own id is theirs: the output check says if the page has it twice
    assert_eq!(r.toc[2].children[0].id, "main");
}

#[test]
fn headings_get_unique_ids_and_custom_ids() {
    let (r, _) = md("## Intro\n\n## Intro\n\n### Deep {#custom}\n", "/");
    assert!(r.html.contains("<h2 id=\"intro\">Intro</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"intro-1\">"));
    assert!(r.html.contains("<h3 id=\"custom\">Deep</h3>"));
    assert_eq!(r.toc.len(), 2);
    assert_eq!(r.toc[1].children[0].id, "custom");
}

#[test]
fn many_equal_headings_get_distinct_ids_in_linear_time() {
    // 20,000 equal headings: each id found by one lookup (quadratic before)
    let body = "## a\n\n".repeat(20_000);
    let (r, _) = md(&body, "/");
    assert!(r.html.contains("<h2 id=\"a\">"));
    assert!(r.html.contains("<h2 id=\"a-19999\">"), "the last heading is a-19999");
    assert_eq!(r.html.matches("<h2 id=").count(), 20_000);
    // an id already taken by an explicit heading is skipped
    let (r, _) = md("## x {#a-1}\n\n## a\n\n## a\n\n## a\n", "/");
    let ids: Vec<&str> = r.html.split("id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert_eq!(ids, ["a-1", "a", "a-2", "a-3"]);
}

#[test]
fn an_h1_in_the_body_is_demoted_to_keep_one_h1_per_page() {
    let (r, _) = md("# Top\n\n## Sub\n", "/");
    assert!(r.html.contains("<h2 id=\"top\">"));
    assert!(r.html.contains("<h3 id=\"sub\">"));
}

fn levels(body: &str) -> Vec<u8> {
    let (r, _) = md(body, "/");
    let mut out = Vec::new();
    let mut rest = r.html.as_str();
    while let Some(i) = rest.find("<h") {
        if let Some(d) = rest[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
            out.push(d as u8);
        }
        rest = &rest[i + 2..];
    }
    out
}

#[test]
fn body_headings_start_below_the_title_and_never_skip_a_level() {
    assert_eq!(levels("#### Deep\n\ntext\n\n#### Again\n"), [2, 2]);
    assert_eq!(levels("## A\n\n#### B\n\n### C\n\n## D\n"), [2, 3, 3, 2]);
    assert_eq!(levels("# A\n\n## B\n\n#### C\n\n# D\n"), [2, 3, 4, 2]);
    assert_eq!(levels("### A\n\n# B\n\n## C\n"), [2, 2, 3]);
    assert_eq!(levels("# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n"), [2, 3, 4, 5, 6, 6]);
}

#[test]
fn internal_links_resolve_under_a_sub_path() {
    let (r, d) = md("See [A](@/forums/a.md#themes) and [B](/news/).\n", "/summit/");
    assert!(d.is_empty());
    assert!(r.html.contains("href=\"/summit/forums/a/#themes\""), "{}", r.html);
    assert!(r.html.contains("href=\"/summit/news/\""));
    assert_eq!(r.anchor_refs[0].target, 7);
    assert_eq!(r.anchor_refs[0].anchor, "themes");
}

#[test]
fn relative_targets_naming_co_located_files_get_the_files_address() {
    let (r, _) = md("![Plan](plan.png) [plan](plan.png#top) [other](other.png) ![x](/plan.png)\n", "/summit/");
    assert!(r.html.contains("<img src=\"/summit/pages/plan.png\" alt=\"Plan\""), "{}", r.html);
    assert!(r.html.contains("<a href=\"/summit/pages/plan.png#top\">"), "{}", r.html);
    assert!(r.html.contains("<a href=\"other.png\">"), "{}", r.html);
    assert!(r.html.contains("<img src=\"/summit/plan.png\""), "{}", r.html);
    // what the author wrote is what `plenary check` looks for
    assert_eq!(r.images[0].src, "plan.png");
}

#[test]
fn broken_internal_link_is_an_error_at_its_position() {
    let (_, d) = md("Text\n\nSee [A](@/forums/b.md).\n", "/");
    assert_eq!((d[0].line, d[0].col), (7, 5));
    assert_eq!(d[0].message, "broken internal link `@/forums/b.md`: no such content file");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `forums/a.md`?"));
}

#[test]
fn gfm_extensions_and_smart_punctuation() {
    let (r, _) = md("| a |\n|---|\n| b |\n\n~~x~~ - [x] \"q\"\n\nN[^1]\n\n[^1]: note\n", "/");
    assert!(r.html.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>"));
    assert!(r.html.contains("</table>\n</div>"));
    assert!(r.html.contains("<del>x</del>"));
    assert!(r.html.contains("“q”"));
    assert!(r.html.contains("footnote-definition"));
}

#[test]
fn images_are_collected_with_their_alt_text() {
    let (r, _) = md("![A map](map.png)\n\n![](/logo.svg)\n", "/");
    assert_eq!(r.images.len(), 2);
    assert_eq!((r.images[0].src.as_str(), r.images[0].no_alt, r.images[0].line), ("map.png", false, 5));
    assert!(r.images[1].no_alt);
}

#[test]
fn sections_follow_h2_and_h3_headings() {
    let (r, _) = md("Intro *text*.\n\n## One\n\n- a\n- b\n\n### Two\n\n#### Deep\n\nc\n", "/");
    let s: Vec<(Option<&str>, &str, String)> = r
        .sections
        .iter()
        .map(|s| (s.anchor.as_deref(), s.heading.as_str(), s.text.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    assert_eq!(
        s,
        [
            (None, "", "Intro text.".to_string()),
            (Some("one"), "One", "a b".to_string()),
            (Some("two"), "Two", "c".to_string())
        ]
    );
}

#[test]
fn table_cells_are_separated_in_search_text() {
    let (r, _) = md("Intro.\n\n| Name | Country |\n|---|---|\n| Ana | Chile |\n| Bo | Peru |\n", "/");
    let text = r.sections[0].text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(text, "Intro. Name | Country; Ana | Chile; Bo | Peru;");
}

#[test]
fn first_paragraph_is_plain_text() {
    let (r, _) = md("## H\n\nSome *very* `code`\ntext.\n\nSecond.\n", "/");
    assert_eq!(r.first_paragraph, "Some very code text.");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Every id of a rendered page, and every `#…` link, as written.
    fn ids_and_anchors(html: &str) -> (Vec<String>, Vec<String>) {
        let between = |from: &str| -> Vec<String> {
            html.split(from).skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_string).collect()
        };
        (between(" id=\""), between("href=\"#"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever labels an editor gives notes — case, spaces, `%`, `#`, accents, labels that
        /// differ only in such characters, a heading named like a note — each note link leads
        /// to exactly one element of the page, and no id is given twice.
        #[test]
        fn every_note_link_leads_to_one_id(
            labels in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "B", " ", "-", "%", "é", "#", "1", "_", "."]),
                    1..5,
                ),
                1..4,
            ),
            heading in proptest::sample::select(vec!["Fn a", "Fn-a", "Main", "A", "Fn 1"]),
        ) {
            let labels: Vec<String> = labels.iter().map(|l| l.concat()).collect();
            // a label must hold a character other than spaces to be one
            let labels: Vec<&String> = labels.iter().filter(|l| !l.trim().is_empty()).collect();
            let mut body = format!("## {heading}\n\nText");
            for l in &labels {
                body.push_str(&format!(" see[^{l}]"));
            }
            body.push_str(".\n\n");
            for (i, l) in labels.iter().enumerate() {
                body.push_str(&format!("[^{l}]: Note {i}.\n\n"));
            }
            let (r, _) = md(&body, "/");
            let (ids, anchors) = ids_and_anchors(&r.html);
            let mut unique = ids.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), ids.len(), "an id given twice: {}\n{}", body, r.html);
            for a in &anchors {
                prop_assert!(ids.contains(a), "#{} leads nowhere: {}\n{}", a, body, r.html);
            }
        }
    }
}
