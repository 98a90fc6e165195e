//! The print edition of a white paper (`/papers/<slug>/print/`) as a sheet of paper reads it:
//! what only a screen can use is left out, what a reader of the PDF needs is written out.

mod common;

use common::{attrs, texts, TestSite};

/// A paper that takes comments, with a footnote referred to twice, in two chapters.
fn paper() -> TestSite {
    let s = TestSite::new();
    // cards are not what these tests are about (and cost time in debug builds)
    s.write("site.yaml", &format!("{}social_cards: false\n", common::MINIMAL_CONFIG));
    s.write("content/pages/venue.md", "---\ntitle: Venue\n---\n\nThe hall.\n");
    s.write(
        "content/papers/wp/_index.md",
        "---\ntitle: White Paper\ncomment_url: \"mailto:c@example.org?subject={anchor}\"\n---\n\nFront text.\n",
    );
    s.write(
        "content/papers/wp/01-first.md",
        "---\ntitle: First\n---\n\n## Alpha\n\nOne.[^n] Again.[^n]\n\nTwo.\n\n[^n]: The note.\n",
    );
    s.write(
        "content/papers/wp/02-second.md",
        "---\ntitle: Second\n---\n\nThree, back to [the first](@/papers/wp/01-first.md).\n",
    );
    s
}

/// On paper the ¶ and "Comment" links and the footnotes' ↩ are of no use, and in the print
/// page's HTML the tools' names, the same for every paragraph, name different targets: the
/// print edition leaves them out, the web pages keep them.
#[test]
fn the_print_edition_leaves_out_the_paragraph_tools_and_the_footnotes_back_links() {
    let s = paper();
    s.build_ok(&[]);
    let web = s.page("papers/wp/first/index.html");
    assert_eq!(texts(&web, ".pilcrow").len(), 2, "the web page's paragraphs each have their ¶");
    assert_eq!(texts(&web, ".comment-link").len(), 2);
    assert_eq!(attrs(&web, ".footnote-back", "href"), ["#fnref-n", "#fnref2-n"]);
    let p = s.page("papers/wp/print/index.html");
    for tool in [".para-tools", ".pilcrow", ".comment-link", ".footnote-back"] {
        assert!(texts(&p, tool).is_empty(), "{tool} in the print edition: {:?}", texts(&p, tool));
    }
    // the paragraphs keep their ids, the notes their text, the references their links
    assert_eq!(attrs(&p, "#chapter-1 .prose > p[id]", "id").len(), 2);
    assert_eq!(texts(&p, "#chapter-1 .footnote-definition p"), ["The note."]);
    assert_eq!(attrs(&p, "#chapter-1 .footnote-reference a", "href"), ["#c1-fn-n", "#c1-fn-n"]);
    assert_eq!(texts(&p, "#chapter-1 .prose > p"), ["One.1 Again.1", "Two."]);
}

/// A reader of the PDF cannot follow "see the venue page": a link to another page of the site
/// is printed with its address, absolute with `base_url` (under a sub-path too); links inside
/// the paper (cross-references, a chapter, a footnote) are links within the PDF and are not.
#[test]
fn the_pdf_prints_the_address_of_a_link_to_another_page_of_the_site() {
    let Some(pdftotext) = pdf_tools("the_pdf_prints_the_address_of_a_link_to_another_page_of_the_site") else { return };
    let s = paper();
    s.write("site.yaml", "title: Test Summit\nbase_url: https://example.org/summit/\nsocial_cards: false\n");
    s.write(
        "content/papers/wp/02-second.md",
        "---\ntitle: Second\n---\n\nThree, back to [the first](@/papers/wp/01-first.md#alpha), \
         see [the venue page](@/pages/venue.md).[^v]\n\n[^v]: A note.\n",
    );
    let r = s.run(&["pdf", "wp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = s.page("papers/wp/print/index.html");
    assert_eq!(attrs(&p, "#chapter-2 a[data-address]", "data-address"), ["https://example.org/summit/venue/"]);
    let pdf = s.public().join("papers/wp/wp.pdf");
    let text = pdf_pages(&pdftotext, &pdf).join(" ");
    assert!(text.contains("see the venue page (https://example.org/summit/venue/)."), "{text}");
    assert!(text.contains("back to the first, see"), "a link within the paper prints no address: {text}");
    assert_eq!(text.matches(" (https://").count(), 1, "only the venue's address is printed after a link: {text}");
}

/// `pdftotext`, when it and Chromium are installed (else `test` is skipped, visibly).
fn pdf_tools(test: &str) -> Option<std::path::PathBuf> {
    let tools = plenary::pdf::find_chromium().zip(common::program(&["pdftotext"]));
    let install = "apt-get install chromium poppler-utils, or set PLENARY_CHROMIUM";
    common::require(tools, test, "Chromium and pdftotext", install).map(|(_, pdftotext)| pdftotext)
}

/// The text of each page of `pdf`, its words joined by single spaces.
fn pdf_pages(pdftotext: &std::path::Path, pdf: &std::path::Path) -> Vec<String> {
    let out = std::process::Command::new(pdftotext).arg(pdf).arg("-").output().expect("run pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split('\u{c}').map(|page| page.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// A table taller than a page, near a chapter's start, was kept whole: pushed to the next
/// page, it left the chapter's first page with its title and the caption alone. It now runs
/// over pages a row at a time, its caption with its first rows.
#[test]
fn a_table_taller_than_a_page_leaves_no_empty_page_before_it() {
    let Some(pdftotext) = pdf_tools("a_table_taller_than_a_page_leaves_no_empty_page_before_it") else { return };
    let s = paper();
    let rows: String = (1..=60).map(|n| format!("| Region {n} | {n}0 |\n")).collect();
    s.write(
        "content/papers/wp/02-second.md",
        &format!("---\ntitle: Second\n---\n\nTable: Responses by region {{#tbl:r}}\n\n| Region | Responses |\n|---|---|\n{rows}\nAfter the table.\n"),
    );
    let r = s.run(&["pdf", "wp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pages = pdf_pages(&pdftotext, &s.public().join("papers/wp/wp.pdf"));
    let opening = pages.iter().find(|p| p.contains("Responses by region")).expect("the caption is printed");
    assert!(opening.contains("Region 1 10"), "the caption's page holds the table's first rows: {opening}");
    // every page the table runs over repeats its head row
    let over: Vec<&String> = pages.iter().filter(|p| p.contains("Region 60 600")).collect();
    assert!(over.iter().all(|p| p.contains("Region Responses")), "{over:?}");
}

/// The titles of the bookmarks (the outline) of the PDF `bytes`, in the order the file holds
/// them (Chromium writes each `/Title` as a `(…)` string, or as `<FEFF…>` UTF-16 in hex when
/// it is not plain ASCII).
fn bookmarks(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut titles = Vec::new();
    for (at, _) in text.match_indices("/Title ") {
        let rest = &text[at + "/Title ".len()..];
        if let Some(s) = rest.strip_prefix('(') {
            titles.push(s[..s.find(')').unwrap_or(s.len())].to_string());
        } else if let Some(hex) = rest.strip_prefix("<FEFF") {
            let hex = &hex[..hex.find('>').unwrap_or(hex.len())];
            let units: Vec<u16> =
                (0..hex.len() / 4).filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok()).collect();
            titles.push(String::from_utf16_lossy(&units));
        }
    }
    titles
}

/// The contents of the print edition have no page numbers (Chromium, which prints the PDF,
/// has no CSS `target-counter()`); the PDF has bookmarks instead, one for each chapter and
/// section, which a PDF reader lists in its outline.
#[test]
fn the_pdf_has_a_bookmark_for_each_chapter_and_section() {
    let Some(_) = common::require(
        plenary::pdf::find_chromium(),
        "the_pdf_has_a_bookmark_for_each_chapter_and_section",
        "Chromium",
        "apt-get install chromium, or set PLENARY_CHROMIUM",
    ) else {
        return;
    };
    let s = paper();
    let r = s.run(&["pdf", "wp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let marks = bookmarks(&std::fs::read(s.public().join("papers/wp/wp.pdf")).unwrap());
    let marks: Vec<String> = marks.iter().map(|m| m.replace('\u{a0}', " ")).collect();
    for title in ["Contents", "1 First", "1.1 Alpha", "2 Second"] {
        assert!(marks.iter().any(|m| m == title), "no bookmark {title:?}: {marks:?}");
    }
}
