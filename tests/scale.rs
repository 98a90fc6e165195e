//! Pages of bounded weight: the Atom feed holds the latest items, long lists are split into
//! pages, a paper's landing page lists first-level sections only, and a sitemap past its
//! limit becomes an index of sitemap files.

mod common;

use std::collections::BTreeSet;

use common::{attrs, texts, TestSite};

const CONFIG: &str = "title: T\nbase_url: https://example.org/\n";

fn read(s: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(s.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn news(s: &TestSite, count: usize) {
    for d in 1..=count {
        let summary = if d % 2 == 0 { format!("summary: Summary {d}.\n") } else { String::new() };
        s.write(
            &format!("content/news/n{d:02}.md"),
            &format!("---\ntitle: N{d}\ndate: 2024-01-{d:02}\n{summary}---\nFirst paragraph of {d}.\n\nSecond paragraph of {d}.\n"),
        );
    }
}

fn feed(s: &TestSite) -> feed_rs::model::Feed {
    feed_rs::parser::parse(read(s, "news/atom.xml").as_bytes()).expect("valid Atom")
}

#[test]
fn the_feed_holds_the_latest_twenty_items_in_full_by_default() {
    let s = TestSite::new();
    news(&s, 25);
    s.build_ok(&[]);
    let f = feed(&s);
    let titles: Vec<String> = f.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    let expected: Vec<String> = (6..=25).rev().map(|d| format!("N{d}")).collect();
    assert_eq!(titles, expected);
    let body = f.entries[0].content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default();
    assert!(body.contains("Second paragraph of 25."), "{body}");
    // the news list still has them all
    assert!(s.public().join("news/page/3/index.html").exists());
}

#[test]
fn the_feed_size_and_summaries_are_set_in_site_yaml() {
    let s = TestSite::new();
    s.write("site.yaml", &format!("{CONFIG}feed:\n  items: 3\n  content: summary\n"));
    news(&s, 5);
    s.build_ok(&[]);
    let f = feed(&s);
    assert_eq!(f.entries.len(), 3);
    assert!(f.entries.iter().all(|e| e.content.is_none()), "summaries only");
    let summaries: Vec<String> = f.entries.iter().map(|e| e.summary.as_ref().unwrap().content.clone()).collect();
    // N4 has a summary; N5 and N3 have their first paragraph instead
    assert_eq!(summaries, ["First paragraph of 5.", "Summary 4.", "First paragraph of 3."]);
    assert!(!read(&s, "news/atom.xml").contains("Second paragraph"));
}

#[test]
fn an_unknown_feed_setting_is_a_located_error() {
    let s = TestSite::new();
    s.write("site.yaml", &format!("{CONFIG}feed:\n  itmes: 3\n"));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("site.yaml:4:3"), "{}", r.stderr);
    assert!(r.stderr.contains("itmes"), "{}", r.stderr);
    let s = TestSite::new();
    s.write("site.yaml", &format!("{CONFIG}sitemap:\n  urls_per_file: 60000\n"));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("site.yaml:4:") && r.stderr.contains("50000"), "{}", r.stderr);
}

/// Five forums (four on two days, one unscheduled) on one topic, five speakers in two
/// countries and none, two a page.
fn lists() -> TestSite {
    let s = TestSite::new();
    s.write("site.yaml", &format!("{CONFIG}list_per_page: 2\n"));
    let speakers = [("ada", "Ada", "FR"), ("bo", "Bo", "FR"), ("cy", "Cy", "DE"), ("di", "Di", ""), ("ed", "Ed", "FR")];
    for (slug, name, country) in speakers {
        let country = if country.is_empty() { String::new() } else { format!("country: {country}\n") };
        s.write(&format!("content/speakers/{slug}.md"), &format!("---\nname: {name}\n{country}---\n"));
    }
    let forums = [
        ("f1", "2023-12-07", "09:00"),
        ("f2", "2023-12-07", "11:00"),
        ("f3", "2023-12-08", "09:00"),
        ("f4", "2023-12-08", "11:00"),
        ("f5", "", ""),
    ];
    for (slug, date, start) in forums {
        let when = if date.is_empty() { String::new() } else { format!("date: {date}\nstart: \"{start}\"\n") };
        s.write(
            &format!("content/forums/{slug}.md"),
            &format!("---\ntitle: Forum {slug}\n{when}topics: [Open Data]\nspeakers: [ada]\n---\nText.\n"),
        );
    }
    s
}

#[test]
fn forum_speaker_and_topic_lists_are_split_into_pages() {
    let s = lists();
    s.build_ok(&[]);
    // forums: grouped by day on each page, every forum once, in programme order
    let mut forums = Vec::new();
    for (rel, n) in [("forums/index.html", 1), ("forums/page/2/index.html", 2), ("forums/page/3/index.html", 3)] {
        let p = s.page(rel);
        forums.extend(texts(&p, ".card-title"));
        assert_eq!(texts(&p, ".pager span"), [format!("Page {n} of 3")], "{rel}");
    }
    assert_eq!(forums, ["Forum f1", "Forum f2", "Forum f3", "Forum f4", "Forum f5"]);
    assert!(!s.public().join("forums/page/4").exists());
    let p2 = s.page("forums/page/2/index.html");
    assert_eq!(texts(&p2, "h1"), ["Forums, page 2 of 3"]);
    assert_eq!(attrs(&p2, ".pager a[rel=prev]", "href"), ["/forums/"]);
    assert_eq!(attrs(&p2, ".pager a[rel=next]", "href"), ["/forums/page/3/"]);
    assert_eq!(texts(&p2, "section h2").len(), 1, "one day on page 2");
    assert_eq!(texts(&s.page("forums/page/3/index.html"), "section h2"), ["Not yet scheduled"]);
    assert_eq!(attrs(&s.page("forums/index.html"), "link[rel=canonical]", "href"), ["https://example.org/forums/"]);

    // speakers: one grid in family-name order, split into pages; each page's letters jump
    // within the page
    let mut speakers = Vec::new();
    for (rel, n) in [("speakers/index.html", 1), ("speakers/page/2/index.html", 2), ("speakers/page/3/index.html", 3)] {
        let p = s.page(rel);
        speakers.extend(texts(&p, ".speaker-card .card-title"));
        assert_eq!(texts(&p, ".pager span"), [format!("Page {n} of 3")], "{rel}");
    }
    assert_eq!(speakers, ["Ada", "Bo", "Cy", "Di", "Ed"]);
    assert!(!s.public().join("speakers/page/4").exists());

    // a topic's page
    let t1 = s.page("topics/open-data/index.html");
    assert_eq!(texts(&t1, ".card-title").len(), 2);
    assert_eq!(attrs(&t1, ".pager a[rel=next]", "href"), ["/topics/open-data/page/2/"]);
    assert_eq!(texts(&s.page("topics/open-data/page/3/index.html"), ".card-title"), ["Forum f5"]);
    // a short list has no pager
    assert!(texts(&s.page("countries/de/index.html"), ".pager").is_empty());

    // the sitemap lists every page of every list
    let sitemap = read(&s, "sitemap.xml");
    for url in ["/forums/page/3/", "/speakers/page/2/", "/topics/open-data/page/2/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.org{url}</loc>")), "{url}");
    }
}

#[test]
fn list_pages_are_translated() {
    let s = lists();
    s.write(
        "site.yaml",
        &format!(
            "{CONFIG}list_per_page: 2\nlanguages:\n  - {{code: en, name: English}}\n  - {{code: fr, name: Français}}\n"
        ),
    );
    s.build_ok(&[]);
    let p = s.page("fr/forums/page/2/index.html");
    assert_eq!(texts(&p, ".pager span"), ["Page 2 sur 3"]);
    assert_eq!(attrs(&p, ".pager a[rel=prev]", "href"), ["/fr/forums/"]);
}

#[test]
fn a_papers_landing_page_lists_first_level_sections_and_its_chapters_all() {
    let s = TestSite::new();
    s.write("content/papers/wp/_index.md", "---\ntitle: White Paper\n---\nFront text.\n");
    s.write(
        "content/papers/wp/01-one.md",
        "---\ntitle: One\n---\n## Alpha\n\nA.\n\n### Deeper\n\nB.\n\n## Gamma\n\nC.\n",
    );
    s.write("content/papers/wp/02-two.md", "---\ntitle: Two\n---\n## Beta\n\nD.\n\n### Deepest\n\nE.\n");
    s.build_ok(&[]);
    let landing = s.page("papers/wp/index.html");
    let links = texts(&landing, ".paper-toc a");
    assert_eq!(links, ["1 One", "1.1 Alpha", "1.2 Gamma", "2 Two", "2.1 Beta"]);
    // each chapter's own contents, and the print edition's, keep every level
    assert!(texts(&s.page("papers/wp/one/index.html"), ".toc a").contains(&"1.1.1 Deeper".to_string()));
    assert!(texts(&s.page("papers/wp/print/index.html"), ".print-toc a").contains(&"2.1.1 Deepest".to_string()));
}

/// Every `<loc>` of a sitemap file, and whether it is an index.
fn locs(xml: &str) -> (bool, Vec<String>) {
    let doc = roxmltree::Document::parse(xml).expect("valid XML");
    let root = doc.root_element();
    let index = root.tag_name().name() == "sitemapindex";
    let locs = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| {
            let loc = n.children().find(|c| c.tag_name().name() == "loc").expect("loc");
            loc.text().unwrap_or_default().to_string()
        })
        .collect();
    (index, locs)
}

#[test]
fn a_sitemap_past_its_limit_becomes_an_index_of_files() {
    let s = lists();
    s.write(
        "site.yaml",
        &format!(
            "{CONFIG}list_per_page: 2\nlanguages:\n  - {{code: en, name: English}}\n  - {{code: fr, name: Français}}\n"
        ),
    );
    s.build_ok(&[]);
    let (index, whole) = locs(&read(&s, "sitemap.xml"));
    assert!(!index);
    assert!(!s.public().join("sitemap-1.xml").exists());
    assert!(whole.len() > 30, "{}", whole.len());

    s.write(
        "site.yaml",
        &format!("{CONFIG}list_per_page: 2\nlanguages:\n  - {{code: en, name: English}}\n  - {{code: fr, name: Français}}\nsitemap:\n  urls_per_file: 7\n"),
    );
    s.build_ok(&[]);
    let (index, files) = locs(&read(&s, "sitemap.xml"));
    assert!(index);
    let parts = whole.len().div_ceil(7);
    let expected: Vec<String> = (1..=parts).map(|k| format!("https://example.org/sitemap-{k}.xml")).collect();
    assert_eq!(files, expected);
    let mut split = Vec::new();
    for k in 1..=parts {
        let (index, urls) = locs(&read(&s, &format!("sitemap-{k}.xml")));
        assert!(!index && !urls.is_empty() && urls.len() <= 7, "sitemap-{k}.xml: {}", urls.len());
        split.extend(urls);
    }
    // the same addresses in the same order, each once
    assert_eq!(split, whole);
    assert_eq!(split.iter().collect::<BTreeSet<_>>().len(), split.len());
    assert!(!s.public().join(format!("sitemap-{}.xml", parts + 1)).exists());
    assert!(!s.public().join("fr/sitemap-1.xml").exists(), "one sitemap for the site");
    assert_eq!(read(&s, "robots.txt").lines().last(), Some("Sitemap: https://example.org/sitemap.xml"));
}

/// `(kind, files)` of each kind line in a `PLENARY_TIMINGS` report, and the stage's count of
/// files rendered.
fn timed_kinds(stderr: &str) -> (Vec<(String, usize)>, usize) {
    let total = stderr
        .lines()
        .find_map(|l| l.strip_prefix("[timings] ")?.split_once(" files rendered:")?.0.parse().ok())
        .expect("the rendering line");
    let kinds = stderr
        .lines()
        .filter_map(|l| {
            let (kind, rest) = l.strip_prefix("[timings]   ")?.split_once(": ")?;
            let files = rest.strip_suffix("µs each)").and(rest.split_once(" files, rendered "))?.0;
            Some((kind.to_string(), files.parse().ok()?))
        })
        .collect();
    (kinds, total)
}

#[test]
fn the_timings_report_sums_each_kind_of_file_rendered() {
    let s = lists();
    let run = s.run_env(&["build"], &[("PLENARY_TIMINGS", "1")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (kinds, total) = timed_kinds(&run.stderr);
    // every file rendered is in one kind, and the kinds are told apart as the site has them
    assert_eq!(kinds.iter().map(|(_, n)| n).sum::<usize>(), total, "{}", run.stderr);
    let files = |kind: &str| kinds.iter().find(|(k, _)| k == kind).map(|(_, n)| *n);
    assert_eq!(files("Doc(Forum)"), Some(5));
    assert_eq!(files("Doc(Speaker)"), Some(5));
    // the undated forum has no calendar
    assert_eq!(files("Calendar(a forum)"), Some(4));
    assert_eq!(files("Calendar(the programme)"), Some(1));
    assert_eq!(files("Forums, first page"), Some(1));
    assert_eq!(files("Forums, later pages"), Some(2));
    assert_eq!(files("Term(Topics), first page"), Some(1));
    assert_eq!(files("Term(Topics), later pages"), Some(2));
    // France's three speakers on two pages, Germany's one on one
    assert_eq!(files("Term(Countries), first page"), Some(2));
    assert_eq!(files("Term(Countries), later pages"), Some(1));
}
