//! White papers: numbering across chapters, cross-references, stable paragraph anchors,
//! citations, scholarly metadata and cite-this files, the print edition and the PDF.

mod common;

use common::{attrs, texts, TestSite};

const BIB: &str = "@book{unesco2021,\n  author = {{UNESCO}},\n  title = {Recommendation on the Ethics of Artificial Intelligence},\n  publisher = {UNESCO},\n  address = {Paris},\n  year = {2021}\n}\n\n@book{unesco2023,\n  author = {{UNESCO}},\n  title = {Guidance for Generative {AI} in Education and Research},\n  publisher = {UNESCO},\n  year = {2023}\n}\n";

fn paper() -> TestSite {
    let s = TestSite::new();
    s.write("content/speakers/tao-zhan.md", "---\nname: Tao Zhan\norganisation: Somewhere University\n---\n");
    s.write(
        "content/papers/wp/_index.md",
        "---\ntitle: White Paper\nstatus: for-comments\nversion: 0.1\ndate: 2023-12-09\ncomments_until: 2024-01-31\ncomment_url: \"mailto:c@example.org?subject={anchor}\"\nauthors: [tao-zhan]\nkeywords: [AI]\ndoi: 10.1234/wp\nreferences: refs.bib\n---\n\nFront text.\n",
    );
    s.write("content/papers/wp/refs.bib", BIB);
    s.write("content/papers/wp/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>");
    s.write(
        "content/papers/wp/01-first.md",
        "---\ntitle: First\n---\n\n## Alpha {#sec:alpha}\n\nPara one [@unesco2021, p. 12].\n\n### Deeper\n\nPara two, see [@fig:chart] and [@tbl:data].\n\n![Alt](chart.svg \"A chart\") {#fig:chart}\n\nPara three.\n\n- item one\n- item two\n",
    );
    s.write(
        "content/papers/wp/02-second.md",
        "---\ntitle: Second\n---\n\n## Beta\n\nBack to [@sec:alpha], [@eq:e] and [@sec:beta].\n\nTable: Some data {#tbl:data}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$$ E = mc^2 $$ {#eq:e}\n\nInline $x^2$ and a note.[^n] Cited [@unesco2023].\n\n[^n]: The note.\n",
    );
    s
}

#[test]
fn sections_are_numbered_across_chapters() {
    let s = paper();
    s.build_ok(&[]);
    let first = s.page("papers/wp/first/index.html");
    assert_eq!(texts(&first, "h1 .secno"), ["1"]);
    assert_eq!(texts(&first, ".prose h2 .secno, .prose h3 .secno"), ["1.1", "1.1.1"]);
    let second = s.page("papers/wp/second/index.html");
    assert_eq!(texts(&second, ".prose h2 .secno"), ["2.1"]);
    assert_eq!(texts(&second, ".table-figure figcaption .caption-label"), ["Table 2.1."]);
    assert_eq!(texts(&second, ".equation .eq-number"), ["(2.1)"]);
    assert_eq!(texts(&first, "figure.figure figcaption"), ["Figure 1.1. A chart"]);
    assert_eq!(attrs(&first, "figure.figure img", "src"), ["/papers/wp/chart.svg"]);
    // the landing page's contents are numbered, down to each chapter's first-level sections
    let landing = s.page("papers/wp/index.html");
    assert_eq!(texts(&landing, ".paper-toc > ol > li > ol > li > a"), ["1.1 Alpha", "2.1 Beta", "References"]);
    assert!(texts(&landing, ".paper-toc > ol > li > ol > li > ol > li > a").is_empty());
}

#[test]
fn cross_references_resolve_across_chapters() {
    let s = paper();
    s.build_ok(&[]);
    let first = s.page("papers/wp/first/index.html");
    assert_eq!(texts(&first, "a.xref"), ["Figure 1.1", "Table 2.1"]);
    assert_eq!(attrs(&first, "a.xref", "href"), ["#fig:chart", "/papers/wp/second/#tbl:data"]);
    let second = s.page("papers/wp/second/index.html");
    assert_eq!(texts(&second, "a.xref"), ["Section 1.1", "Equation (2.1)", "Section 2.1"]);
    assert_eq!(attrs(&second, "a.xref", "href")[0], "/papers/wp/first/#sec:alpha");
}

/// A skipped heading level, or a `#` among `##`s, takes the next number at its place in the
/// outline: 1.1.1, 1.2 — never a number with a zero in it.
#[test]
fn sections_are_numbered_by_the_outline_whatever_the_levels_written() {
    let s = paper();
    s.write(
        "content/papers/wp/01-first.md",
        "---\ntitle: First\n---\n\n## Alpha {#sec:alpha}\n\n#### Skipped a level\n\n### Deeper\n\n# Written as a title\n\n## Under it\n\nSee [@fig:chart] and [@tbl:data].\n\n![Alt](chart.svg \"A chart\") {#fig:chart}\n",
    );
    s.build_ok(&[]);
    let first = s.page("papers/wp/first/index.html");
    assert_eq!(texts(&first, ".prose .secno"), ["1.1", "1.1.1", "1.1.2", "1.2", "1.2.1"]);
}

/// A label made of a heading's words that names two places — the same words in two
/// chapters, or a chapter's address — is an error at the reference, not a link to
/// whichever came first; a label written twice in one chapter is "defined twice".
#[test]
fn a_cross_reference_that_could_name_two_places_is_an_error() {
    let s = paper();
    s.write(
        "content/papers/wp/01-first.md",
        "---\ntitle: First\n---\n\n## Alpha {#sec:alpha}\n\n## Risks\n\n## Second\n\nSee [@fig:chart] and [@tbl:data].\n\n![Alt](chart.svg \"A chart\") {#fig:chart}\n",
    );
    let second = std::fs::read_to_string(s.root.join("content/papers/wp/02-second.md")).unwrap();
    s.write(
        "content/papers/wp/02-second.md",
        &format!("{second}\n## Risks\n\nSee [@sec:risks] and [@sec:second].\n\n## Scope {{#sec:scope}}\n\n## Again {{#sec:scope}}\n"),
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(
        errors,
        [
            "content/papers/wp/02-second.md:23:6: error: cross-reference `sec:risks` could name two places: Section 1.2 and Section 2.2",
            "content/papers/wp/02-second.md:23:23: error: cross-reference `sec:second` could name two places: Section 1.3 and Chapter 2",
            "content/papers/wp/02-second.md:27:1: error: label `sec:scope` is defined twice in this paper",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: it is also defined at content/papers/wp/02-second.md:25;"), "{}", r.stderr);
    // a label's kind in capitals is not taken for a citation key without a word
    s.write("content/papers/wp/02-second.md", &format!("{second}\nSee [@Fig:chart].\n"));
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("help: a cross-reference's kind is written in lower case: `@fig:chart`"), "{}", r.stderr);
}

/// A footnote reference whose note is defined nowhere is warned of in a chapter as on any page
/// (the papers' pass joins the texts the reference is left as).
#[test]
fn a_footnote_defined_nowhere_is_warned_of_in_a_chapter() {
    let s = paper();
    let second = std::fs::read_to_string(s.root.join("content/papers/wp/02-second.md")).unwrap();
    s.write("content/papers/wp/02-second.md", &format!("{second}\nMissing note[^gone] here.\n"));
    let r = s.build_ok(&[]);
    let warned: Vec<&str> = r.stderr.lines().filter(|l| l.contains("defined nowhere")).collect();
    assert_eq!(
        warned,
        ["content/papers/wp/02-second.md:21:13: warning: the footnote `[^gone]` is defined nowhere"],
        "{}",
        r.stderr
    );
}

/// Two chapters numbered alike (`02-a.md`, `02-b.md`) are a warning at the second, once:
/// they are ordered by their names, which the editor may not have meant.
#[test]
fn two_chapters_at_one_place_are_told() {
    let s = paper();
    s.write("content/papers/wp/02-also.md", "---\ntitle: Also\n---\n\nText.\n");
    let r = s.build_ok(&[]);
    let warned: Vec<&str> = r.stderr.lines().filter(|l| l.contains("has the place")).collect();
    assert_eq!(
        warned,
        ["content/papers/wp/02-second.md: warning: this chapter has the place 2, as content/papers/wp/02-also.md has"],
        "{}",
        r.stderr
    );
    s.write("content/papers/wp/03-also.md", "---\ntitle: Also\n---\n\nText.\n");
    std::fs::remove_file(s.root.join("content/papers/wp/02-also.md")).unwrap();
    assert!(!s.build_ok(&[]).stderr.contains("has the place"));
    // a chapter with no number among numbered ones comes last without a word no more
    s.write("content/papers/wp/appendix.md", "---\ntitle: Appendix\n---\n\nText.\n");
    let r = s.build_ok(&[]);
    assert!(
        r.stderr.contains("content/papers/wp/appendix.md: warning: this chapter has no place in the paper's order\n  help: it comes after the chapters that have one, after content/papers/wp/03-also.md;"),
        "{}",
        r.stderr
    );
    // a paper ordered by its file names alone is as written
    let plain = TestSite::new();
    plain.write("content/papers/p/_index.md", "---\ntitle: P\n---\n");
    plain.write("content/papers/p/a-intro.md", "---\ntitle: A\n---\n\nText.\n");
    plain.write("content/papers/p/b-methods.md", "---\ntitle: B\n---\n\nText.\n");
    assert!(!plain.build_ok(&[]).stderr.contains("no place"));
}

/// A chapter whose address would be the print edition's is one error at its `slug`.
#[test]
fn a_chapter_may_not_take_the_print_editions_address() {
    let s = paper();
    let second = std::fs::read_to_string(s.root.join("content/papers/wp/02-second.md")).unwrap();
    s.write("content/papers/wp/02-second.md", &second.replacen("title: Second\n", "title: Second\nslug: print\n", 1));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        ["content/papers/wp/02-second.md:3:1: error: two pages would be written to /papers/wp/print/"],
        "{}",
        r.stderr
    );
}

#[test]
fn math_is_mathml_without_scripts() {
    let s = paper();
    s.build_ok(&[]);
    let second = s.page("papers/wp/second/index.html");
    assert_eq!(attrs(&second, ".equation math", "display"), ["block"]);
    assert_eq!(texts(&second, "p math").len(), 1);
    // the only scripts are the theme's colour-scheme switch
    let scripts = texts(&second, "script:not([type='application/ld+json'])");
    assert!(
        scripts.iter().all(|s| s.contains("plenary-theme") || s.contains("theme-toggle")),
        "no script is needed to read math: {scripts:?}"
    );
}

/// Brackets that are no group — pandoc's `[see @key]`, a locator without its comma, a second
/// work after words — are not read by plenary: published as typed, the key in the text.
/// Naming a known key so is an error at it with the form plenary reads.
#[test]
fn a_key_inside_bracketed_words_is_an_error_with_the_form_plenary_reads() {
    let s = paper();
    let first = std::fs::read_to_string(s.root.join("content/papers/wp/01-first.md")).unwrap();
    s.write(
        "content/papers/wp/01-first.md",
        &first.replacen("Para three.", "Para three [see @unesco2023; also @unesco2021].", 1),
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        ["content/papers/wp/01-first.md:15:12: error: `@unesco2023` is inside brackets with other words, which plenary does not read as a citation"],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: write the words outside the brackets (`see [@key]`)"), "{}", r.stderr);
    for (written, col) in [("[@unesco2023 p. 33]", 12), ("[@unesco2023; see also @unesco2021]", 12)] {
        s.write("content/papers/wp/01-first.md", &first.replacen("Para three.", &format!("Para three {written}."), 1));
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(
            r.errors(),
            [format!("content/papers/wp/01-first.md:15:{col}: error: `@unesco2023` is inside brackets with other words, which plenary does not read as a citation")],
            "{}",
            r.stderr
        );
    }
}

/// A labelled table caption with no table right after it (below the table, as pandoc reads it
/// too, or with a paragraph between) is one error at the caption, not text on the page with
/// `{#tbl:…}` in it and an unknown label where it is referred to.
#[test]
fn a_table_caption_away_from_its_table_is_one_error() {
    let s = paper();
    for body in [
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Below {#tbl:sep}\n",
        "Table: Away {#tbl:sep}\n\nA paragraph.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    ] {
        s.write("content/papers/wp/03-third.md", &format!("---\ntitle: Third\n---\n\nSee [@tbl:sep].\n\n{body}"));
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "{}", r.stderr);
        assert!(errors[0].ends_with("error: this table caption is not right before a table"), "{}", r.stderr);
    }
}

/// A citation in an abstract or a chapter's summary (front matter, plain text) is published as
/// written, in the page's description and structured data too: a warning says so at it.
#[test]
fn a_citation_in_front_matter_text_is_warned_of() {
    let s = paper();
    let index = std::fs::read_to_string(s.root.join("content/papers/wp/_index.md")).unwrap();
    s.write(
        "content/papers/wp/_index.md",
        &index.replacen("keywords: [AI]", "abstract: As argued [@unesco2021].\nkeywords: [AI]", 1),
    );
    s.write("content/papers/wp/03-third.md", "---\ntitle: Third\nsummary: \"After [@sec:alpha]\"\n---\n\nText.\n");
    let r = s.build_ok(&[]);
    for (at, written, key) in [
        ("content/papers/wp/_index.md:9:21", "[@unesco2021]", "abstract"),
        ("content/papers/wp/03-third.md:3:17", "[@sec:alpha]", "summary"),
    ] {
        let said = format!("{at}: warning: `{written}` in `{key}:` is not read as a citation: it is shown as written");
        assert!(r.stderr.contains(&said), "{said}\n{}", r.stderr);
    }
}

/// A citation or cross-reference in a link's text is no link of its own (`<a>` in `<a>` is
/// no HTML); a display formula whose braces do not balance, which the Markdown parser leaves
/// as text, is one error at it, and its label is still known.
#[test]
fn a_citation_in_a_link_and_a_broken_display_formula() {
    let s = paper();
    s.write(
        "content/papers/wp/03-third.md",
        "---\ntitle: Third\n---\n\nRead [the guidance [@unesco2023] and [@sec:alpha]](https://example.org/).\n",
    );
    s.build_ok(&[]);
    let page = s.page("papers/wp/third/index.html");
    assert!(texts(&page, "a a").is_empty(), "{}", page.html());
    assert_eq!(texts(&page, "a[href='https://example.org/'] span.cite"), ["(UNESCO, 2023)"]);
    assert_eq!(texts(&page, "a[href='https://example.org/'] span.xref").len(), 1);
    // over lines, or on one with spaces inside (`$$ x $$`, which the parser reads too); its
    // label is known, so a reference to it is no second error
    for formula in
        ["$$\n\\frac{1}{\n$$", "$$\n\\frac{1}{\n$$ {#eq:bad}", "$$ \\frac{1}{ $$ {#eq:bad}", "$$\\frac{1}{$$ {#eq:bad}"]
    {
        s.write("content/papers/wp/03-third.md", &format!("---\ntitle: Third\n---\n\nAs [@eq:bad].\n\n{formula}\n"));
        if !formula.contains("{#eq:bad}") {
            s.write("content/papers/wp/03-third.md", &format!("---\ntitle: Third\n---\n\nText.\n\n{formula}\n"));
        }
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "{formula}\n{}", r.stderr);
        assert!(
            errors[0].starts_with("content/papers/wp/03-third.md:7:1: error: this formula is not valid LaTeX"),
            "{}",
            r.stderr
        );
    }
}

/// Each mistake is placed at its own key: a second group on the line that names the first's
/// key, an item after the first of a group, the same unknown key twice on one line.
#[test]
fn each_unknown_key_or_label_is_placed_at_itself() {
    let s = paper();
    s.write(
        "content/papers/wp/03-third.md",
        "---\ntitle: Third\n---\n\nOkay [@unesco2021] then mixed [@unesco2021; @unesco2099].\nFine [@sec:alpha] and bad [@sec:alpha; @fig:nope].\nTwice [@ghost] and [@ghost].\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let placed: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        placed,
        [
            "content/papers/wp/03-third.md:5:45: error: unknown citation key `unesco2099`",
            "content/papers/wp/03-third.md:6:40: error: unknown cross-reference label `fig:nope`",
            "content/papers/wp/03-third.md:7:8: error: unknown citation key `ghost`",
            "content/papers/wp/03-third.md:7:21: error: unknown citation key `ghost`",
        ],
        "{}",
        run.stderr
    );
}

/// Works cited alike in different chapters are told apart as APA says, and each citation
/// still links to its own work: year letters in the list's order, initials for two people of
/// one family name, a particle kept with its name; nothing of how plenary makes hayagriva do
/// it (word joiners) reaches a page.
#[test]
fn works_cited_alike_in_different_chapters_are_told_apart() {
    let s = paper();
    let bib = "@book{lee1, author = {Lee, Kim}, title = {Whales}, publisher = {P}, year = {2020}}\n\
@book{lee2, author = {Lee, Kim}, title = {Apples}, publisher = {P}, year = {2020}}\n\
@book{jsmith, author = {Smith, John}, title = {Zebras}, publisher = {P}, year = {2021}}\n\
@book{asmith, author = {Smith, Anne}, title = {Ants}, publisher = {P}, year = {2021}}\n\
@book{vdb, author = {van der Berg, Jan}, title = {Views}, publisher = {P}, year = {2019}}\n";
    s.write("content/papers/wp/refs.bib", &format!("{BIB}{bib}"));
    s.write("content/papers/wp/03-third.md", "---\ntitle: Third\n---\n\nOne [@lee1] and [@jsmith].\n");
    s.write("content/papers/wp/04-fourth.md", "---\ntitle: Fourth\n---\n\nTwo [@lee2], [@asmith] and [@vdb].\n");
    s.build_ok(&[]);
    let third = s.page("papers/wp/third/index.html");
    assert_eq!(texts(&third, "a.cite"), ["(Lee, 2020b)", "(J. Smith, 2021)"]);
    let fourth = s.page("papers/wp/fourth/index.html");
    assert_eq!(texts(&fourth, "a.cite"), ["(Lee, 2020a)", "(A. Smith, 2021)", "(van der Berg, 2019)"]);
    assert_eq!(
        attrs(&fourth, "a.cite", "href"),
        ["/papers/wp/fourth/#ref-lee2", "/papers/wp/fourth/#ref-asmith", "/papers/wp/fourth/#ref-vdb"]
    );
    let listed = texts(&fourth, "[id^=ref-]");
    assert!(listed.iter().any(|t| t.starts_with("Lee, K. (2020a). Apples")), "{listed:?}");
    assert!(listed.iter().any(|t| t.starts_with("Smith, A. (2021). Ants")), "{listed:?}");
    assert!(listed.iter().any(|t| t.starts_with("van der Berg, J. (2019)")), "{listed:?}");
    for entry in
        walkdir::WalkDir::new(s.public()).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains('\u{2060}'), "{}", entry.path().display());
    }
}

/// pandoc's other forms: a work named in the sentence (`@key`, with a locator after it in
/// brackets) is "UNESCO (2021)", and `[-@key]` gives the year alone, after an author the
/// sentence names; each links to its entry. An `@word` that names no work stays a word.
#[test]
fn a_work_named_in_the_sentence_or_by_its_year_alone_is_cited_so() {
    let s = paper();
    s.write(
        "content/papers/wp/03-third.md",
        "---\ntitle: Third\n---\n\nAs @unesco2021 notes, and @unesco2023 [p. 4] adds. UNESCO says so [-@unesco2021]. Write to @home or me@unesco2021.org.\n",
    );
    s.build_ok(&[]);
    let page = s.page("papers/wp/third/index.html");
    assert_eq!(texts(&page, ".cite"), ["UNESCO (2021)", "UNESCO (2023, p. 4)", "(2021)"], "{}", page.html());
    assert_eq!(
        attrs(&page, ".cite a, a.cite", "href"),
        ["/papers/wp/third/#ref-unesco2021", "/papers/wp/third/#ref-unesco2023", "/papers/wp/third/#ref-unesco2021"]
    );
    let prose = texts(&page, ".prose p").join(" ");
    assert!(prose.contains("Write to @home or me@unesco2021.org."), "{prose}");
}

/// A citation of several works links each work to its own entry, not all to the first.
#[test]
fn each_work_of_a_citation_links_to_its_own_entry() {
    let s = paper();
    let first = std::fs::read_to_string(s.root.join("content/papers/wp/01-first.md")).unwrap();
    s.write(
        "content/papers/wp/01-first.md",
        &first.replacen(
            "Para three.",
            "Para three [@unesco2023; @unesco2021, p. 3]. And [@unesco2023; @unesco2021].",
            1,
        ),
    );
    s.build_ok(&[]);
    let page = s.page("papers/wp/first/index.html");
    // one author's works: the years after a comma, but after a locator a semicolon
    assert_eq!(texts(&page, "span.cite"), ["(UNESCO, 2021, p. 3; 2023)", "(UNESCO, 2021, 2023)"]);
    assert_eq!(texts(&page, "span.cite a"), ["UNESCO, 2021, p. 3", "2023", "UNESCO, 2021", "2023"]);
    assert_eq!(
        attrs(&page, "span.cite a", "href"),
        ["/papers/wp/second/#ref-unesco2021", "/papers/wp/second/#ref-unesco2023"].repeat(2)
    );
    // a citation of one work stays one link
    assert_eq!(attrs(&page, "a.cite", "href"), ["/papers/wp/second/#ref-unesco2021"]);
}

#[test]
fn citations_are_author_date_with_a_reference_list_at_the_end() {
    let s = paper();
    s.build_ok(&[]);
    let first = s.page("papers/wp/first/index.html");
    assert_eq!(texts(&first, "a.cite"), ["(UNESCO, 2021, p. 12)"]);
    assert_eq!(attrs(&first, "a.cite", "href"), ["/papers/wp/second/#ref-unesco2021"]);
    let second = s.page("papers/wp/second/index.html");
    assert_eq!(attrs(&second, ".references li", "id"), ["ref-unesco2021", "ref-unesco2023"]);
    let refs = texts(&second, ".references li");
    assert!(refs[0].starts_with("UNESCO. (2021). Recommendation on the Ethics of Artificial Intelligence"), "{refs:?}");
    assert_eq!(texts(&second, ".references li i")[0], "Recommendation on the Ethics of Artificial Intelligence");
}

/// A mistake in the bibliography is one error, at its line, in plain words: the citations of
/// the paper are not also each an unknown key.
#[test]
fn a_broken_bibliography_is_one_error_at_its_line_not_one_per_citation() {
    let cases = [
        (
            "\n@book{late,\n  title = {Never closed\n",
            "content/papers/wp/refs.bib:16:1: error: this entry is never closed: the file ends inside it",
        ),
        (
            "\n@book{unesco2023,\n  title = {Again}\n}\n",
            "content/papers/wp/refs.bib:16:1: error: the key `unesco2023` names two entries (the first at line 9)",
        ),
        (
            "\n@book{x,\n  journal = abbr\n}\n",
            "content/papers/wp/refs.bib:17:13: error: `abbr` is not an abbreviation defined with `@string`",
        ),
    ];
    for (added, expected) in cases {
        let s = paper();
        s.write("content/papers/wp/refs.bib", &format!("{BIB}{added}"));
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "{added:?}:\n{}", r.stderr);
        assert!(errors[0].starts_with(expected), "{added:?}: {}", errors[0]);
    }
    // a hayagriva YAML bibliography: placed, in plain words, with YAML's hint, not BibTeX's
    let s = paper();
    let index = std::fs::read_to_string(s.root.join("content/papers/wp/_index.md")).unwrap();
    s.write("content/papers/wp/_index.md", &index.replace("references: refs.bib", "references: refs.yaml"));
    s.write("content/papers/wp/refs.yaml", "unesco2023:\n  type: book\n  title: \"Guidance\" : : draft\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        ["content/papers/wp/refs.yaml:3:21: error: refs.yaml is not valid YAML here"],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: each entry is `key:` with its fields indented below it"), "{}", r.stderr);
    // a file with no entries (empty, or comments alone) is said once, not as each citation's key
    for empty in ["", "% to do\n"] {
        let s = paper();
        s.write("content/papers/wp/refs.bib", empty);
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(
            r.errors(),
            ["content/papers/wp/refs.bib: error: this bibliography holds no entries"],
            "{}",
            r.stderr
        );
    }
}

fn anchors(s: &TestSite, page: &str) -> Vec<String> {
    attrs(&s.page(page), ".prose p[id], .prose li[id]", "id")
}

#[test]
fn editing_one_paragraph_keeps_every_other_anchor() {
    let s = paper();
    s.build_ok(&[]);
    let before = anchors(&s, "papers/wp/first/index.html");
    assert_eq!(before.len(), 5, "{before:?}");
    assert!(before.iter().all(|a| a.starts_with("p-") || a.starts_with("li-")));
    // edit paragraph two, and add a paragraph at the top
    let text = std::fs::read_to_string(s.root.join("content/papers/wp/01-first.md")).unwrap();
    let edited = text
        .replace("Para two, see", "Para two, edited, see")
        .replace("## Alpha {#sec:alpha}\n", "## Alpha {#sec:alpha}\n\nA new first paragraph.\n");
    s.write("content/papers/wp/01-first.md", &edited);
    s.build_ok(&[]);
    let after = anchors(&s, "papers/wp/first/index.html");
    assert_eq!(after.len(), 6);
    let kept: Vec<&String> = before.iter().filter(|a| after.contains(a)).collect();
    assert_eq!(kept.len(), 4, "only the edited paragraph's anchor changes: {before:?} → {after:?}");
    assert!(!after.contains(&before[1]));
}

#[test]
fn identical_paragraphs_get_distinct_ids_in_order() {
    let s = paper();
    s.write("content/papers/wp/03-third.md", "---\ntitle: Third\n---\n\nSame.\n\nSame.\n");
    s.build_ok(&[]);
    let ids = anchors(&s, "papers/wp/third/index.html");
    assert_eq!(ids[1], format!("{}-2", ids[0]));
}

#[test]
fn paragraphs_have_permalinks_and_comment_links() {
    let s = paper();
    s.build_ok(&[]);
    let first = s.page("papers/wp/first/index.html");
    let id = &attrs(&first, ".prose p[id]", "id")[0];
    assert_eq!(attrs(&first, ".prose p[id] a.pilcrow", "href")[0], format!("#{id}"));
    assert_eq!(
        attrs(&first, ".prose p[id] a.comment-link", "href")[0],
        format!("mailto:c@example.org?subject=first/%23{id}")
    );
    // footnotes are not commented on separately
    let second = s.page("papers/wp/second/index.html");
    assert!(texts(&second, ".footnote-definition .comment-link").is_empty());
}

#[test]
fn landing_page_has_highwire_tags_and_cite_this() {
    let s = paper();
    s.build_ok(&[]);
    let landing = s.page("papers/wp/index.html");
    let meta = |name: &str| attrs(&landing, &format!("meta[name={name}]"), "content");
    assert_eq!(meta("citation_title"), ["White Paper"]);
    assert_eq!(meta("citation_author"), ["Zhan, Tao"]);
    assert_eq!(meta("citation_publication_date"), ["2023/12/09"]);
    assert_eq!(meta("citation_publisher"), ["Test Summit"]);
    assert_eq!(meta("citation_doi"), ["10.1234/wp"]);
    assert_eq!(meta("citation_language"), ["en"]);
    assert!(meta("citation_pdf_url").is_empty(), "no PDF in a plain build");
    assert_eq!(texts(&landing, ".banner a"), ["how to comment"]);
    assert_eq!(attrs(&landing, ".authors a", "href"), ["/speakers/tao-zhan/"]);
    assert_eq!(
        texts(&landing, ".cite-plain"),
        ["Zhan, T. (2023). White Paper (Version 0.1). Test Summit. https://doi.org/10.1234/wp"]
    );
    // the speaker page lists the paper
    assert_eq!(texts(&s.page("speakers/tao-zhan/index.html"), ".card-title"), ["White Paper"]);
}

/// A speaker whose family name comes first (`Li Ming`, `family_name: Li`) is cited "Li, Ming",
/// not "Ming, Li"; an author's ORCID iD is shown, linked and in the tags scholarly search
/// engines read; a mistyped one (its check digit wrong) is an error at it.
#[test]
fn authors_are_cited_by_family_name_with_a_checked_orcid() {
    let s = paper();
    s.write("content/speakers/li-ming.md", "---\nname: Li Ming\nfamily_name: Li\n---\n");
    let front = |orcid: &str| {
        format!(
            "---\ntitle: White Paper\ndate: 2023-12-09\nauthors:\n  - li-ming\n  - name: Josiah Carberry\n    orcid: \"{orcid}\"\nreferences: refs.bib\n---\n\nFront text.\n"
        )
    };
    s.write("content/papers/wp/_index.md", &front("https://orcid.org/0000-0002-1825-0097"));
    s.build_ok(&[]);
    let landing = s.page("papers/wp/index.html");
    let meta = |name: &str| attrs(&landing, &format!("meta[name={name}]"), "content");
    assert_eq!(meta("citation_author"), ["Li, Ming", "Carberry, Josiah"]);
    assert_eq!(meta("citation_author_orcid"), ["https://orcid.org/0000-0002-1825-0097"]);
    assert_eq!(attrs(&landing, ".authors a.orcid", "href"), ["https://orcid.org/0000-0002-1825-0097"]);
    // named as APA names people, so that where one name ends is plain
    assert!(texts(&landing, ".cite-plain")[0].starts_with("Li, M., & Carberry, J. (2023)."));
    let ld = landing.html();
    assert!(ld.contains("\"sameAs\":\"https://orcid.org/0000-0002-1825-0097\""), "{ld}");
    let ris = std::fs::read_to_string(s.public().join("papers/wp/wp.ris")).unwrap();
    assert!(ris.contains("AU  - Li, Ming\r\n"), "{ris}");
    let print = s.page("papers/wp/print/index.html");
    assert_eq!(texts(&print, "a.orcid"), ["https://orcid.org/0000-0002-1825-0097"]);

    s.write("content/papers/wp/_index.md", &front("0000-0002-1825-0098"));
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/papers/wp/_index.md:7:13: error: `0000-0002-1825-0098` is not an ORCID iD: its last character, the check digit"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
}

#[test]
fn bib_and_ris_files_parse_back() {
    let s = paper();
    s.build_ok(&[]);
    let bib = std::fs::read_to_string(s.public().join("papers/wp/wp.bib")).unwrap();
    let lib = hayagriva::io::from_biblatex_str(&bib).expect("valid BibTeX");
    let e = lib.get("wp").expect("entry wp");
    assert_eq!(e.date().map(|d| d.year), Some(2023));
    assert_eq!(e.authors().map(|a| a[0].name.clone()).as_deref(), Some("Zhan"));
    let ris = std::fs::read_to_string(s.public().join("papers/wp/wp.ris")).unwrap();
    let fields: Vec<(&str, &str)> = ris.lines().filter_map(|l| l.split_once("  - ")).collect();
    assert_eq!(fields.first(), Some(&("TY", "RPRT")));
    assert!(fields.contains(&("TI", "White Paper")));
    assert!(fields.contains(&("AU", "Zhan, Tao")));
    assert!(fields.contains(&("DO", "10.1234/wp")));
    assert_eq!(fields.last().map(|f| f.0), Some("ER"));
    // the files say what the landing page shows (made without the rest of the paper's view)
    let landing = s.page("papers/wp/index.html");
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(texts(&landing, "pre code"), [flat(&bib), flat(&ris)]);
}

#[test]
fn print_edition_has_cover_contents_chapters_and_references() {
    let s = paper();
    s.build_ok(&[]);
    let p = s.page("papers/wp/print/index.html");
    assert_eq!(texts(&p, ".print-cover h1"), ["White Paper"]);
    assert_eq!(texts(&p, ".print-chapter > h2"), ["1 First", "2 Second"]);
    assert_eq!(attrs(&p, ".print-toc > ol > li > a", "href"), ["#chapter-1", "#chapter-2"]);
    assert_eq!(texts(&p, ".print-chapter .references h2"), ["References"]);
    // under each chapter's title, its sections one level down, as the paper nests them
    assert_eq!(texts(&p, ".print-chapter .prose h3 .secno, .print-chapter .prose h4 .secno"), ["1.1", "1.1.1", "2.1"]);
    assert!(
        texts(&p, ".print-chapter .prose h2:not(#c2-references)").is_empty(),
        "{:?}",
        texts(&p, ".print-chapter .prose h2")
    );
    // links between chapters stay on the page
    assert!(attrs(&p, "a.xref", "href").iter().all(|h| h.starts_with('#')), "{:?}", attrs(&p, "a.xref", "href"));
}

#[test]
fn a_print_edition_is_link_checked_as_browsers_read_it_whatever_its_template_wraps_chapters_in() {
    // the print edition is written and checked a chapter at a time; a template that leaves a
    // script open around each chapter makes the chapters text of that script, with no ids
    let s = paper();
    s.build_ok(&[]);
    let id = attrs(&s.page("papers/wp/print/index.html"), ".print-chapter .prose h3", "id")[0].clone();
    let template = |wrap: &str| {
        let (open, close) = wrap.split_once('|').unwrap();
        format!(
            "<!doctype html><html lang=\"en\"><head><title>P</title></head><body><a href=\"#{id}\">Alpha</a>\
             {{% for c in chapters %}}{open}{{{{ c.content | safe }}}}{close}{{% endfor %}}</body></html>"
        )
    };
    s.write("templates/paper_print.html", &template("<div>|</div>"));
    s.build_ok(&[]);
    let html = std::fs::read_to_string(s.public().join("papers/wp/print/index.html")).unwrap();
    assert!(html.contains(&format!("<div><h3 id=\"{id}\"")), "{html}");
    s.write("templates/paper_print.html", &template("<script type=\"text/plain\">|</script>"));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("has no element with the id `{id}`")), "{}", r.stderr);
}

#[test]
fn pdf_of_the_print_edition() {
    let chromium = plenary::pdf::find_chromium();
    let tools = chromium.zip(common::program(&["pdftotext"]));
    let what = "Chromium and pdftotext";
    let install = "apt-get install chromium poppler-utils, or set PLENARY_CHROMIUM";
    let Some((_, pdftotext)) = common::require(tools, "pdf_of_the_print_edition", what, install) else { return };
    let s = paper();
    let r = s.run(&["pdf", "wp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = s.public().join("papers/wp/wp.pdf");
    let bytes = std::fs::read(&pdf).expect("the PDF is in the output");
    assert!(bytes.starts_with(b"%PDF"));
    let landing = s.page("papers/wp/index.html");
    assert_eq!(attrs(&landing, "meta[name=citation_pdf_url]", "content"), ["https://example.org/papers/wp/wp.pdf"]);
    assert_eq!(attrs(&landing, ".downloads a[type='application/pdf']", "href"), ["/papers/wp/wp.pdf"]);
    let out = std::process::Command::new(pdftotext).arg(&pdf).arg("-").output().expect("run pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("White Paper") && text.contains("Para three") && text.contains("References"), "{text}");
    assert!(text.matches('\u{c}').count() >= 2, "more than one page");
}

#[test]
fn pdf_of_an_unknown_paper_is_a_usage_error() {
    let s = paper();
    let r = s.run(&["pdf", "wq"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no paper `wq`") || r.stderr.contains("Chromium is not installed"), "{}", r.stderr);
}

#[test]
fn print_edition_ids_are_unique_and_each_footnote_link_lands_in_its_chapter() {
    let s = paper();
    // both chapters have a footnote `1` and a heading `notes`
    s.write(
        "content/papers/wp/01-first.md",
        "---\ntitle: First\n---\n\n## Notes\n\nOne.[^1]\n\n[^1]: First chapter's note.\n",
    );
    s.write(
        "content/papers/wp/02-second.md",
        "---\ntitle: Second\n---\n\n## Notes\n\nTwo.[^1] See [the first](@/papers/wp/01-first.md#notes).\n\n[^1]: Second chapter's note.\n",
    );
    s.build_ok(&[]);
    let p = s.page("papers/wp/print/index.html");
    let ids = attrs(&p, "[id]", "id");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids: {ids:?}");
    for n in [1, 2] {
        let links = attrs(&p, &format!("#chapter-{n} .footnote-reference a"), "href");
        assert_eq!(links.len(), 1);
        let target = links[0].trim_start_matches('#');
        let note = texts(&p, &format!("#chapter-{n} [id='{target}']"));
        let expected = if n == 1 { "First chapter" } else { "Second chapter" };
        assert!(note.iter().any(|t| t.contains(expected)), "chapter {n}: #{target} → {note:?}");
    }
    // a link to another chapter's heading lands on that chapter's heading
    let cross = attrs(&p, "#chapter-2 .prose a:not(.footnote-reference a)", "href");
    let to_first: Vec<&String> = cross.iter().filter(|h| h.contains("notes")).collect();
    assert_eq!(to_first.len(), 1, "{cross:?}");
    assert_eq!(texts(&p, &format!("#chapter-1 [id='{}']", to_first[0].trim_start_matches('#'))), ["1.1 Notes"]);
    // the contents of the print edition lead to the prefixed headings
    let toc = attrs(&p, ".print-toc a", "href");
    assert!(
        toc.iter().all(|h| h == "#chapter-1" || h == "#chapter-2" || unique.contains(&h[1..].to_string())),
        "{toc:?}"
    );
}

/// Whether Chromium can be used; prints a visible skip otherwise (and fails under CI=true).
fn chromium_or_skip() -> bool {
    if plenary::pdf::find_chromium().is_some() {
        return true;
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "Chromium is required when CI=true");
    eprintln!("SKIPPED: Chromium is not installed (set PLENARY_CHROMIUM or install chromium)");
    false
}

/// `pdfinfo`'s page size line ("595.276 x 841.89 pts (A4)"), when pdfinfo is installed.
fn page_size(pdf: &std::path::Path) -> Option<String> {
    let out = std::process::Command::new("pdfinfo").arg(pdf).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines().find_map(|l| l.strip_prefix("Page size:")).map(|s| s.trim().to_string())
}

#[test]
fn pdf_prints_every_paper_on_a4_and_keeps_the_others_when_one_is_named() {
    if !chromium_or_skip() {
        return;
    }
    let s = paper();
    s.write("content/papers/notes/_index.md", "---\ntitle: Notes\n---\n\nShort.\n");
    s.write("content/papers/notes/01-only.md", "---\ntitle: Only\n---\n\nThe only chapter.\n");
    let r = s.run(&["pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (wp, notes) = (s.public().join("papers/wp/wp.pdf"), s.public().join("papers/notes/notes.pdf"));
    let printed: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(printed.len(), 2, "the paths written: {}", r.stdout);
    assert!(
        printed.iter().any(|l| l.ends_with("papers/wp/wp.pdf"))
            && printed.iter().any(|l| l.ends_with("papers/notes/notes.pdf"))
    );
    let notes_bytes = std::fs::read(&notes).expect("every paper printed");
    assert!(std::fs::read(&wp).unwrap().starts_with(b"%PDF"));
    if let Some(size) = page_size(&wp) {
        assert!(size.contains("(A4)"), "A4 by default: {size}");
    } else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "pdfinfo is required when CI=true");
        eprintln!("SKIPPED (page size): pdfinfo is not installed");
    }

    // one paper on Letter: the other's PDF stays, and stays linked
    let r = s.run(&["pdf", "wp", "--paper", "letter"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.trim_end().ends_with("papers/wp/wp.pdf"), "{}", r.stdout);
    assert_eq!(std::fs::read(&notes).expect("the other paper's PDF is kept"), notes_bytes);
    let landing = s.page("papers/notes/index.html");
    assert_eq!(attrs(&landing, ".downloads a[type='application/pdf']", "href"), ["/papers/notes/notes.pdf"]);
    if let Some(size) = page_size(&wp) {
        assert!(size.contains("letter"), "--paper letter: {size}");
    }
    let print = std::fs::read_to_string(s.public().join("papers/wp/print/index.html")).unwrap();
    assert!(print.contains("@page { size: letter; }"), "the print edition says its page size");
}

/// Runs `script` (which sets `window.result`) on a built page in headless Chromium, with the
/// page's own stylesheet; returns what it wrote.
fn in_chromium(s: &TestSite, page: &str, script: &str, flags: &[&str]) -> String {
    let chromium = plenary::pdf::find_chromium().expect("checked by the caller");
    let html =
        std::fs::read_to_string(s.public().join(page)).unwrap().replace("href=\"/style.css\"", "href=\"style.css\"");
    let probe = html.replace(
        "</body>",
        &format!("<pre id=\"probe-out\"></pre><script>{script};document.getElementById('probe-out').textContent=JSON.stringify(window.result);</script></body>"),
    );
    std::fs::write(s.public().join("probe.html"), probe).unwrap();
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .args(flags)
        .arg(format!("file://{}", s.public().join("probe.html").display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let start = dom.find("<pre id=\"probe-out\">").expect("the probe ran") + 20;
    dom[start..start + dom[start..].find("</pre>").unwrap()].replace("&quot;", "\"")
}

#[test]
fn comment_links_show_on_hover_or_focus_and_equations_have_no_needless_scrollbar() {
    if !chromium_or_skip() {
        return;
    }
    let s = paper();
    s.build_ok(&[]);
    let script = "const tools=document.querySelector('.para-tools');const m=document.querySelector('.equation math');\
        const before=getComputedStyle(tools).opacity;tools.querySelector('.comment-link').focus();\
        window.result={before, focused:getComputedStyle(tools).opacity, wide:m.scrollWidth>m.clientWidth, tall:m.scrollHeight>m.clientHeight}";
    // a screen with a mouse: hidden until the paragraph is hovered or the link focused
    let desktop = in_chromium(
        &s,
        "papers/wp/second/index.html",
        script,
        &["--blink-settings=primaryHoverType=2,availableHoverTypes=2"],
    );
    assert_eq!(desktop, r#"{"before":"0","focused":"1","wide":false,"tall":false}"#);
    // a touch screen cannot hover: the links stay visible
    let touch = in_chromium(
        &s,
        "papers/wp/second/index.html",
        script,
        &["--blink-settings=primaryHoverType=1,availableHoverTypes=1"],
    );
    assert!(touch.starts_with(r#"{"before":"1""#), "{touch}");
}

/// The declarations of the rules inside `@media print { … }` blocks of `css` whose selector
/// list names `selector` exactly (comments removed).
fn print_rules(css: &str, selector: &str) -> Vec<String> {
    let mut css = css.to_string();
    while let Some(a) = css.find("/*") {
        let b = css[a..].find("*/").map_or(css.len(), |b| a + b + 2);
        css.replace_range(a..b, "");
    }
    let mut found = Vec::new();
    for (start, _) in css.match_indices("@media print {") {
        // the block: up to the brace that closes it
        let body = &css[start + "@media print {".len()..];
        let mut depth = 1;
        let end = body
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(body.len(), |(i, _)| i);
        for rule in body[..end].split('}') {
            if let Some((selectors, declarations)) = rule.split_once('{') {
                if selectors.split(',').any(|s| s.trim() == selector) {
                    found.push(declarations.trim().to_string());
                }
            }
        }
    }
    found
}

#[test]
fn the_print_edition_breaks_before_chapters_and_keeps_footnotes_with_their_text() {
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    assert_eq!(print_rules("a { x: 1; } @media print { /* c */ .b, .c { y: 2; } } .c { z: 3; }", ".c"), ["y: 2;"]);
    let chapter = print_rules(&css, ".print-chapter");
    assert!(chapter.iter().any(|d| d.contains("break-before: page")), "{chapter:?}");
    let note = print_rules(&css, ".footnote-definition");
    assert!(note.iter().any(|d| d.contains("break-before: avoid") && d.contains("break-inside: avoid")), "{note:?}");
    // the print edition's elements carry the classes those rules select: every chapter is a
    // `.print-chapter`, every footnote a `.footnote-definition` inside its chapter's text
    let s = TestSite::example();
    s.build_ok(&[]);
    let p = s.page("papers/white-paper-ai-era/print/index.html");
    assert_eq!(texts(&p, ".print-chapter > h2.chapter-title").len(), 3);
    let notes = texts(&p, ".print-chapter > .paper-prose > .footnote-definition").len();
    assert_eq!(texts(&p, ".footnote-definition").len(), notes);
    assert!(notes >= 5, "{notes}");
}

/// Chromium prints the example paper: each chapter opens a page, and no page holds only
/// footnotes (as one did when footnotes could be separated from each other).
#[test]
fn pdf_of_the_example_paper_opens_each_chapter_on_a_page_and_no_page_is_only_footnotes() {
    let test = "pdf_of_the_example_paper_opens_each_chapter_on_a_page_and_no_page_is_only_footnotes";
    let tools = plenary::pdf::find_chromium().and(common::program(&["pdftotext"])).zip(common::program(&["pdfinfo"]));
    let install = "apt-get install chromium poppler-utils, or set PLENARY_CHROMIUM";
    let Some((pdftotext, pdfinfo)) = common::require(tools, test, "Chromium, pdftotext and pdfinfo", install) else {
        return;
    };
    let s = TestSite::example();
    let r = s.run(&["pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pdf = s.public().join("papers/white-paper-ai-era/white-paper-ai-era.pdf");
    // one PDF, printed from the default language, linked from the paper in every language
    for lang in ["", "zh/", "ar/", "fr/"] {
        let landing = s.page(&format!("{lang}papers/white-paper-ai-era/index.html"));
        let href = attrs(&landing, ".downloads a[type='application/pdf']", "href");
        assert_eq!(href, ["/papers/white-paper-ai-era/white-paper-ai-era.pdf"], "{lang}");
        let meta = attrs(&landing, "meta[name=citation_pdf_url]", "content");
        assert_eq!(meta, ["https://example.org/papers/white-paper-ai-era/white-paper-ai-era.pdf"], "{lang}");
    }
    let info = std::process::Command::new(pdfinfo).arg(&pdf).output().expect("run pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).expect("page count").trim().parse().unwrap();
    let page_lines = |n: usize| -> Vec<String> {
        let n = n.to_string();
        let out = std::process::Command::new(&pdftotext)
            .args(["-f", &n, "-l", &n, "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("run pdftotext");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines: Vec<String> = text.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        // the page number at the foot
        if lines.last().is_some_and(|l| l.chars().all(|c| c.is_ascii_digit())) {
            lines.pop();
        }
        lines
    };
    let print = s.page("papers/white-paper-ai-era/print/index.html");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chapters: Vec<String> = texts(&print, ".chapter-title").iter().map(|t| squash(t)).collect();
    let notes: Vec<String> = texts(&print, ".footnote-definition p").iter().map(|t| squash(t)).collect();
    assert_eq!(chapters.len(), 3);
    let mut opened = Vec::new();
    for n in 1..=pages {
        let lines = page_lines(n);
        if let Some(first) = lines.first() {
            opened.extend(chapters.iter().filter(|c| squash(first) == **c).cloned());
        }
        // a footnote line is its label or a piece of a footnote's text
        let footnote_line =
            |l: &String| l.chars().all(|c| c.is_ascii_digit()) || notes.iter().any(|note| note.contains(&squash(l)));
        assert!(lines.is_empty() || !lines.iter().all(footnote_line), "page {n} holds only footnotes: {lines:?}");
    }
    assert_eq!(opened, chapters, "each chapter's title opens a page");
}

#[test]
fn a_paper_of_more_than_a_hundred_chapters_lists_only_their_titles_on_its_landing_page() {
    let s = TestSite::new();
    // cards are not what this test is about (and cost time in debug builds)
    s.write("site.yaml", &format!("{}social_cards: false\n", common::MINIMAL_CONFIG));
    s.write("content/papers/long/_index.md", "---\ntitle: Long Paper\n---\n\nFront.\n");
    for n in 1..=101 {
        s.write(
            &format!("content/papers/long/{n:03}.md"),
            &format!("---\ntitle: Chapter {n}\n---\n\n## Part {n}\n\nText.\n"),
        );
    }
    s.build_ok(&[]);
    let landing = s.page("papers/long/index.html");
    assert_eq!(texts(&landing, ".paper-toc > ol > li > a").len(), 101);
    assert!(texts(&landing, ".paper-toc > ol > li > ol").is_empty(), "no sections listed");
    // the chapter keeps its own contents
    let chapter = s.page("papers/long/001/index.html");
    assert!(texts(&chapter, ".prose h2").iter().any(|t| t.contains("Part 1")));
    // one chapter fewer and the sections are back
    std::fs::remove_file(s.root.join("content/papers/long/101.md")).unwrap();
    s.build_ok(&[]);
    let landing = s.page("papers/long/index.html");
    assert_eq!(texts(&landing, ".paper-toc > ol > li > ol > li > a").len(), 100);
}

#[test]
fn a_print_edition_marker_written_in_the_text_does_not_move_a_chapter() {
    // the print edition is rendered with a marker standing for each chapter's content; a
    // paper whose own text holds one (raw HTML) must not get the chapter in its place
    let s = TestSite::new();
    s.write("site.yaml", &format!("{}social_cards: false\n", common::MINIMAL_CONFIG));
    s.write(
        "content/papers/wp/_index.md",
        "---\ntitle: White Paper\n---\n\nFront text.\n\n<!--plenary:print-chapter-0-->\n",
    );
    s.write("content/papers/wp/01-first.md", "---\ntitle: First\n---\n\nFirst chapter's words.\n");
    s.write("content/papers/wp/02-second.md", "---\ntitle: Second\n---\n\nSecond chapter's words.\n");
    s.build_ok(&[]);
    let html = std::fs::read_to_string(s.root.join("public/papers/wp/print/index.html")).unwrap();
    assert_eq!(html.matches("First chapter’s words.").count(), 1, "{html}");
    assert_eq!(html.matches("Second chapter’s words.").count(), 1);
    let p = s.page("papers/wp/print/index.html");
    let chapters = texts(&p, ".print-chapter .prose");
    assert_eq!(chapters.len(), 2);
    assert!(chapters[0].contains("First chapter’s words."), "{chapters:?}");
    assert!(chapters[1].contains("Second chapter’s words."), "{chapters:?}");
    assert!(!texts(&p, ".print-front").concat().contains("chapter’s words"));
}

#[test]
fn each_chapter_belongs_to_its_own_paper_when_papers_sort_otherwise() {
    // papers are listed by title, here the reverse of their folders: a chapter's paper,
    // its neighbours and its card's subtitle come from its own folder's paper
    let s = TestSite::new();
    s.write("content/papers/a/_index.md", "---\ntitle: Zebra Paper\n---\n\nFront.\n");
    s.write("content/papers/b/_index.md", "---\ntitle: Aardvark Paper\n---\n\nFront.\n");
    for (folder, n) in [("a", 1), ("a", 2), ("b", 1), ("b", 2), ("b", 3)] {
        s.write(
            &format!("content/papers/{folder}/0{n}.md"),
            &format!("---\ntitle: {folder} chapter {n}\n---\n\nText.\n"),
        );
    }
    s.build_ok(&[]);
    let listing = s.page("papers/index.html");
    assert_eq!(texts(&listing, ".card-title"), ["Aardvark Paper", "Zebra Paper"]);
    let a2 = s.page("papers/a/02/index.html");
    assert_eq!(attrs(&a2, "a[rel=prev]", "href"), ["/papers/a/01/"]);
    assert!(attrs(&a2, "a[rel=next]", "href").is_empty());
    let alt = attrs(&a2, "meta[property='og:image:alt']", "content");
    assert!(alt.len() == 1 && alt[0].contains("Zebra Paper"), "{alt:?}");
    let b2 = s.page("papers/b/02/index.html");
    assert_eq!(attrs(&b2, "a[rel=prev]", "href"), ["/papers/b/01/"]);
    assert_eq!(attrs(&b2, "a[rel=next]", "href"), ["/papers/b/03/"]);
    let alt = attrs(&b2, "meta[property='og:image:alt']", "content");
    assert!(alt.len() == 1 && alt[0].contains("Aardvark Paper"), "{alt:?}");
}
