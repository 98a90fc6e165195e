//! plenary checks what it writes: dead links, missing fragments and repeated ids in the
//! generated pages fail `build` (leaving the previous site), are reported by `check` (which
//! writes nothing) and shown by `serve`; and the output defects the check found stay fixed
//! (topic pages per language, print-edition ids, heading levels, calendar UIDs, frab acronym).

mod common;

use common::serve::Served;
use common::{attrs, texts, TestSite};

fn forum(body: &str) -> String {
    format!("---\ntitle: Forum\n---\n\n{body}")
}

#[test]
fn a_dead_link_fails_the_build_naming_page_link_and_source_position_and_keeps_the_old_site() {
    let s = TestSite::new();
    s.write("content/forums/a.md", &forum("Fine [home](/).\n"));
    s.build_ok(&[]);
    let before = std::fs::read(s.public().join("forums/a/index.html")).unwrap();

    s.write("content/forums/a.md", &forum("Changed.\n\nSee [the plan](/plan/) and [the map](/map.png).\n"));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "content/forums/a.md:7:16: error: page /forums/a/ links to `/plan/`, which this build does not write"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "content/forums/a.md:7:38: error: page /forums/a/ links to the image `/map.png`, which this build does not write"
        ),
        "{}",
        r.stderr
    );
    // an image is told where images go, not how `@/` links are written
    assert!(r.stderr.contains("help: put the image next to the page, or under static/"), "{}", r.stderr);
    assert!(r.stderr.contains("build failed: 2 errors; nothing was written"), "{}", r.stderr);
    assert_eq!(std::fs::read(s.public().join("forums/a/index.html")).unwrap(), before, "the old site stays");
}

#[test]
fn a_dead_link_to_an_address_in_other_capitals_names_the_written_one() {
    let s = TestSite::new();
    s.write("content/forums/b.md", &forum("Here.\n\n## Where {#where}\n"));
    s.write("content/forums/a.md", &forum("See [b](/Forums/B/#where), [all](/Forums/) and [none](/Nowhere/).\n"));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.errors().len(), 3, "{}", r.stderr);
    for written in ["/forums/b/#where", "/forums/"] {
        let help = format!("help: did you mean `{written}`? A server tells addresses apart by their capitals");
        assert!(r.stderr.contains(&help), "{written}: {}", r.stderr);
    }
    assert_eq!(r.stderr.matches("did you mean").count(), 2, "{}", r.stderr);
    // one dead link written twice on a page: one error, naming the page once
    s.write("content/forums/a.md", &forum("See [it](/gone/) and [it again](/gone/).\n"));
    let r = s.run(&["build"]);
    assert_eq!(
        r.errors(),
        ["content/forums/a.md:5:10: error: page /forums/a/ links to `/gone/`, which this build does not write"],
        "{}",
        r.stderr
    );
}

#[test]
fn fragments_into_other_pages_and_duplicate_ids_are_checked() {
    let s = TestSite::new();
    s.write("content/forums/a.md", &forum("## Themes\n\nText.\n"));
    s.write(
        "content/forums/b.md",
        &forum("To [themes](/forums/a/#themes), [none](/forums/a/#none).\n\n<p id=\"x\">1</p>\n<p id=\"x\">2</p>\n\n<a href=\"#x\">up</a> <a href=\"#gone\">gone</a>\n"),
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("#themes"), "{}", r.stderr);
    assert!(
        r.stderr.contains("content/forums/b.md:5:40: error: page /forums/b/ links to `/forums/a/#none`, but /forums/a/ has no element with the id `none`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("content/forums/b.md:7:4: error: page /forums/b/ has more than one element with the id `x`"),
        "{}",
        r.stderr
    );
    // a link to an id of the page itself: answered by the page, as any other link
    assert!(!r.stderr.contains("`#x`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("content/forums/b.md:10:30: error: page /forums/b/ links to `#gone`, but /forums/b/ has no element with the id `gone`"),
        "{}",
        r.stderr
    );
    assert!(!s.public().exists());
}

#[test]
fn links_outside_the_base_path_and_from_templates_are_errors_naming_the_page() {
    let s = TestSite::new();
    s.write("site.yaml", "title: T\nbase_url: https://example.org/summit/\n");
    s.write("content/forums/a.md", &forum("Raw <a href=\"/elsewhere/\">link</a>.\n"));
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<a href=\"{{ page.url }}missing/\">m</a>{% endblock main %}",
    );
    s.write("content/pages/about.md", "---\ntitle: About\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/forums/a.md:5:14: error: page /summit/forums/a/ links to `/elsewhere/`, outside the site's base path `/summit/`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("about/index.html: error: page /summit/about/ links to `/summit/about/missing/`, which this build does not write"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("it comes from a template"), "{}", r.stderr);
}

#[test]
fn one_mistake_is_one_error_however_many_pages_show_it() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n",
    );
    // a dead link in a source: on its page in each language
    s.write("content/forums/f.md", &forum("See [the plan](/plan/).\n"));
    // three in a template every page uses: the same address everywhere, the same in each
    // language's folder, and one below each page's own address
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<a href=\"/nowhere/\">n</a> <a href=\"{{ site.home }}missing/\">m</a> <a href=\"{{ page.url }}gone/\">g</a>{% endblock main %}",
    );
    for name in ["a", "b", "c"] {
        s.write(&format!("content/pages/{name}.md"), &format!("---\ntitle: {name}\n---\n"));
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(
        errors,
        [
            "a/index.html: error: pages /a/, /b/, /c/ and 3 more link to `/a/gone/` (each page to `gone/` below its own address), which this build does not write",
            "a/index.html: error: pages /a/, /b/, /c/ and 3 more link to `/missing/`, which this build does not write",
            "a/index.html: error: pages /a/, /b/, /c/ and 3 more link to `/nowhere/`, which this build does not write",
            "content/forums/f.md:5:16: error: pages /forums/f/ and /fr/forums/f/ link to `/plan/`, which this build does not write",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("build failed: 4 errors; nothing was written"), "{}", r.stderr);
}

#[test]
fn check_reports_dead_links_and_writes_nothing() {
    let s = TestSite::new();
    s.write("content/forums/a.md", &forum("See [x](/gone/).\n"));
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/forums/a.md:5:9: error: page /forums/a/ links to `/gone/`"), "{}", r.stderr);
    assert!(!s.public().exists());
}

#[test]
fn a_missing_image_is_told_in_the_same_run_as_an_error_that_stops_the_build_early() {
    // a broken `@/` link fails the build before its pages are rendered and checked, where a
    // missing image is found; both mistakes are told in one run, by `check` and by `build`
    let s = TestSite::new();
    s.write("content/forums/a.md", &forum("See [the plan](@/pages/nowhere.md).\n"));
    s.write("content/pages/b.md", "---\ntitle: B\n---\n\n![The hall](hall.png)\n");
    for command in [&["check"][..], &["build"]] {
        let r = s.run(command);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ")).collect();
        assert_eq!(
            errors,
            [
                "content/forums/a.md:5:5: error: broken internal link `@/pages/nowhere.md`: no such content file",
                "content/pages/b.md:5:1: error: image `hall.png` not found",
            ],
            "{command:?}: {}",
            r.stderr
        );
    }
    assert!(!s.public().exists());
}

/// One run tells every mistake: a broken `@/` link fails the build before its pages are
/// written, and yet the missing image and the dead link beside it on the same line, and a dead
/// link of another page, are told in the same run — each once (the raw `@/` destination left
/// in the page is no second error, nor is the missing image a dead link of the output check).
/// Fragments into a page with errors are left alone; a missing `@/…#anchor` is told once.
#[test]
fn an_error_before_rendering_does_not_hide_the_output_checks_findings() {
    let s = TestSite::new();
    s.write(
        "content/news/n.md",
        "---\ntitle: N\ndate: 2024-01-02\n---\n\nSee [the lost one](@/forums/nope.md) and ![a photo](/img/missing.jpg) and [gone](/nowhere/).\n\nAnd [a part](@/pages/b.md#nowhere-here).\n",
    );
    s.write(
        "content/pages/b.md",
        "---\ntitle: B\n---\n\n## Here\n\nBack to [the news](/news/n/#anything) and [away](/away/).\n",
    );
    s.write("content/pages/c.md", "---\ntitle: C\n---\n\nTo [b](/b/#missing-id).\n");
    let expected = [
        "content/news/n.md:6:5: error: broken internal link `@/forums/nope.md`: no such content file",
        "content/news/n.md:6:42: error: image `/img/missing.jpg` not found",
        "content/news/n.md:6:82: error: page /news/n/ links to `/nowhere/`, which this build does not write",
        "content/news/n.md:8:5: error: link to `#nowhere-here` in content/pages/b.md, which has no such heading",
        "content/pages/b.md:7:50: error: page /b/ links to `/away/`, which this build does not write",
        "content/pages/c.md:5:8: error: page /c/ links to `/b/#missing-id`, but /b/ has no element with the id `missing-id`",
    ];
    for command in ["check", "build"] {
        let r = s.run(&[command]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors: Vec<&str> = r.errors();
        assert_eq!(errors.len(), expected.len(), "{command}: {}", r.stderr);
        for (e, want) in errors.iter().zip(expected) {
            assert!(e.starts_with(want), "{command}: {e}\nwanted {want}\n{}", r.stderr);
        }
        let summary = if command == "check" { "checked: 6 errors" } else { "build failed: 6 errors" };
        assert!(r.stderr.contains(summary), "{command}: {}", r.stderr);
        // in the format CI reads, the same findings
        let json = s.run(&[command, "--format", "json"]);
        assert_eq!(json.code, 1, "{}", json.stderr);
        let objects: Vec<serde_json::Value> =
            json.stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
        let places: Vec<String> =
            objects.iter().map(|o| format!("{}:{}:{}", o["file"].as_str().unwrap(), o["line"], o["column"])).collect();
        let wanted: Vec<String> = expected.iter().map(|e| e.split(": error").next().unwrap().to_string()).collect();
        assert_eq!(places, wanted, "{command}: {}", json.stdout);
    }
    assert!(!s.public().exists());
}

/// `check` with an error before rendering still tells its own findings: an image with no
/// alternative text is a warning beside the error (`build` does not look for it).
#[test]
fn check_tells_missing_alternative_text_beside_an_error_before_rendering() {
    let s = TestSite::new();
    s.write("content/forums/a.md", &forum("See [the plan](@/pages/nowhere.md).\n"));
    s.write("content/pages/b.md", "---\ntitle: B\n---\n\n![](hall.png)\n");
    std::fs::write(s.root.join("content/pages/hall.png"), common::TINY_PNG).unwrap();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/pages/b.md:5:1: warning: image `hall.png` has no alternative text"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("checked: 1 error, 1 warning"), "{}", r.stderr);
}

#[test]
fn an_image_naming_a_static_file_the_build_does_not_publish_is_missing() {
    // a hidden file or an editor's backup under static/ is on disk but never published: an
    // image naming it shows nothing, so `check` tells it as it tells a file that is not there
    let s = TestSite::new();
    s.write("static/img/.hall.png", "png");
    s.write("static/img/hall.png~", "png");
    std::fs::write(s.root.join("static/img/ok.png"), common::TINY_PNG).unwrap();
    s.write(
        "content/pages/b.md",
        "---\ntitle: B\n---\n\n![Hidden](/img/.hall.png)\n\n![Backup](/img/hall.png~)\n\n![Fine](/img/ok.png)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/pages/b.md:5:1: error: image `/img/.hall.png` not found",
            "content/pages/b.md:7:1: error: image `/img/hall.png~` not found",
        ],
        "{}",
        r.stderr
    );
}

#[test]
fn a_stylesheet_naming_a_file_the_build_does_not_write_is_an_error_at_its_line() {
    // a theme's font or picture named wrongly shows nothing where it should, on every page
    let s = TestSite::new();
    s.write("content/forums/a.md", &forum("Good.\n"));
    s.write("static/img/ok.png", "png");
    s.write("static/css/fonts/ok.woff2", "font");
    s.write(
        "static/css/extra.css",
        "@import \"base.css\";\n/* url(commented-out.png) */\n@font-face { src: url(fonts/ok.woff2), url(../fonts/gone.woff2) format('woff2'); }\n\
         body { background: url( \"/img/ok.png\" ) , url('/img/Ok.png'), url(data:image/png;base64,AA), url(https://cdn.example/x.png); }\n",
    );
    let expected = [
        "static/css/extra.css:1:10: error: stylesheet `css/extra.css` names `base.css`, which this build does not write",
        "static/css/extra.css:3:44: error: stylesheet `css/extra.css` names `../fonts/gone.woff2`, which this build does not write",
        "static/css/extra.css:4:48: error: stylesheet `css/extra.css` names `/img/Ok.png`, which this build does not write",
    ];
    for command in [&["build"][..], &["check"]] {
        let r = s.run(command);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ")).collect();
        assert_eq!(errors, expected, "{command:?}: {}", r.stderr);
    }
    assert!(!s.public().exists());
    s.write("static/css/base.css", "");
    s.write("static/fonts/gone.woff2", "font");
    s.write("static/img/Ok.png", "png");
    s.build_ok(&[]);
}

#[test]
fn serve_shows_a_dead_link_in_the_overlay_and_keeps_the_last_good_page() {
    let site = TestSite::new();
    site.write("content/forums/a.md", &forum("Good.\n"));
    let s = Served::start(&site.root, &[]);
    let before = s.wait_for("/forums/a/", |a| a.status == 200).body;
    let mut events = s.events();
    site.write("content/forums/a.md", &forum("Bad [x](/gone/).\n"));
    let err = events.expect("error");
    assert!(err.contains("content/forums/a.md:5:9"), "{err}");
    assert!(err.contains("links to `/gone/`"), "{err}");
    assert_eq!(s.get("/forums/a/").body, before);
}

#[test]
fn the_example_site_passes_its_own_check_in_every_language() {
    let s = TestSite::example();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s.build_ok(&[]);
}

#[test]
fn topic_links_of_translations_lead_to_the_topic_page_in_that_language() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let page = s.page("zh/forums/opening-ceremony/index.html");
    let tags: Vec<String> = attrs(&page, ".tags a", "href");
    assert_eq!(
        tags,
        [
            "/zh/topics/higher-education/",
            "/zh/topics/artificial-intelligence/",
            "/zh/topics/international-cooperation/"
        ]
    );
    assert_eq!(texts(&page, ".tags a"), ["高等教育", "人工智能", "国际合作"]);
    for lang in ["", "zh/", "fr/", "ar/"] {
        assert!(s.public().join(format!("{lang}topics/higher-education/index.html")).is_file(), "{lang}");
    }
    assert_eq!(texts(&s.page("zh/topics/higher-education/index.html"), "h1"), ["高等教育"]);
    assert_eq!(texts(&s.page("fr/topics/higher-education/index.html"), "h1"), ["enseignement supérieur"]);
    assert_eq!(texts(&s.page("topics/higher-education/index.html"), "h1"), ["higher education"]);
}

/// The heading levels of a page's main content, in order.
fn heading_levels(doc: &scraper::Html) -> Vec<u8> {
    let sel = scraper::Selector::parse("main h1, main h2, main h3, main h4, main h5, main h6").unwrap();
    doc.select(&sel).map(|e| e.value().name()[1..].parse().unwrap()).collect()
}

#[test]
fn body_headings_never_skip_or_repeat_the_title_level() {
    let s = TestSite::new();
    s.write("content/forums/deep.md", &forum("#### Background\n\nText.\n\n#### Goals\n\n###### Detail\n"));
    s.write("content/forums/top.md", &forum("# Part\n\n## Sub\n\n#### Deeper\n"));
    s.write("content/pages/plain.md", "---\ntitle: Plain\n---\n\n## One\n\n#### Two\n");
    s.build_ok(&[]);
    for page in ["forums/deep/index.html", "forums/top/index.html", "plain/index.html"] {
        let levels = heading_levels(&s.page(page));
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{page}: {levels:?}");
        assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{page} skips a level: {levels:?}");
    }
    assert_eq!(heading_levels(&s.page("forums/deep/index.html")), [1, 2, 2, 3]);
    assert_eq!(heading_levels(&s.page("forums/top/index.html")), [1, 2, 3, 4]);
}

fn ics_uids(s: &TestSite) -> Vec<String> {
    let text = std::fs::read_to_string(s.public().join("programme.ics")).unwrap();
    text.lines().filter_map(|l| l.strip_prefix("UID:")).map(str::to_string).collect()
}

fn edition(year: &str) -> TestSite {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        &format!("title: Summit {year}\nbase_url: https://example.org/{year}/\nevent:\n  name: Summit {year}\n  timezone: UTC\n"),
    );
    s.write(
        "content/forums/opening.md",
        &format!("---\ntitle: Opening\ndate: {year}-05-01\nstart: \"09:00\"\nend: \"10:00\"\n---\n"),
    );
    s
}

#[test]
fn calendar_uids_differ_between_editions_on_one_host_and_are_stable() {
    let (a, b) = (edition("2024"), edition("2025"));
    a.build_ok(&[]);
    b.build_ok(&[]);
    let (ua, ub) = (ics_uids(&a), ics_uids(&b));
    assert_eq!(ua, ["opening@example.org/2024"]);
    assert_eq!(ub, ["opening@example.org/2025"]);
    a.build_ok(&[]);
    assert_eq!(ics_uids(&a), ua, "the same UID on every build");
}

#[test]
fn frab_acronym_is_valid_by_default_and_an_invalid_one_is_a_located_error() {
    let s = edition("2024");
    s.build_ok(&[]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.public().join("schedule.json")).unwrap()).unwrap();
    assert_eq!(v["schedule"]["conference"]["acronym"], "summit_2024");

    s.write(
        "site.yaml",
        "title: Summit\nbase_url: https://example.org/\nevent:\n  name: Summit\n  timezone: UTC\n  acronym: Summit-2024\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("site.yaml:6:12: error: `Summit-2024` is not a valid acronym for `schedule.json`"),
        "{}",
        r.stderr
    );
}

#[test]
fn serve_reports_a_link_broken_by_an_edit_of_the_page_it_points_into() {
    let site = TestSite::new();
    site.write("content/forums/a.md", &forum("## Themes\n\nText.\n"));
    site.write("content/pages/b.md", "---\ntitle: B\n---\n\nSee [themes](@/forums/a.md#themes).\n");
    let template =
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{{ content }}{% endblock main %}";
    site.write("templates/forum.html", template);
    let s = Served::start(&site.root, &[]);
    s.wait_for("/b/", |a| a.status == 200);
    let mut events = s.events();
    // the heading goes through a template, so the Markdown's own anchor check cannot see it
    site.write(
        "templates/forum.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% endblock main %}",
    );
    let err = events.expect("error");
    assert!(err.contains("links to `/forums/a/#themes`, but /forums/a/ has no element with the id `themes`"), "{err}");
}

/// An id the page has from the theme (`#main`, a paper's `#contents` and `#cite-this`, the
/// home page's sections) is a target a link may name, from the page itself or through `@/`;
/// one the template writes only on some pages (a paper's `#how-to-comment`, shown while it
/// takes comments) is checked on the page written, and found at its place in the source.
#[test]
fn links_may_name_the_ids_the_theme_gives_a_page() {
    let s = TestSite::example();
    let links = "See [the contents](@/papers/white-paper-ai-era/_index.md#contents), [cite](@/papers/white-paper-ai-era/_index.md#cite-this), [top](#main), [forums](@/_index.md#home-forums)";
    s.write("content/news/links.md", &format!("---\ntitle: Links\ndate: 2023-12-10\n---\n\n{links}.\n"));
    s.build_ok(&[]);
    let page = s.page("news/links/index.html");
    assert!(attrs(&page, "a[href]", "href").contains(&"/papers/white-paper-ai-era/#contents".to_string()));
    // the same links written in a chapter: on the print page they land on its own ids, or
    // at the part whose page has the id
    let chapter = "content/papers/white-paper-ai-era/01-introduction.md";
    let text = std::fs::read_to_string(s.root.join(chapter)).unwrap();
    s.write(
        chapter,
        &format!(
            "{text}
{links}.
"
        ),
    );
    s.build_ok(&[]);
    let print = s.page("papers/white-paper-ai-era/print/index.html");
    let hrefs = attrs(&print, "a[href]", "href");
    for want in ["#contents", "#cover", "#main"] {
        assert!(hrefs.iter().any(|h| h == want), "{want} in {hrefs:?}");
    }
    assert!(!hrefs.iter().any(|h| h.contains("cite-this") || h.contains("-main")), "{hrefs:?}");
    s.write(chapter, &text);
    // a paper that takes no comments has no `#how-to-comment`
    let paper = "content/papers/white-paper-ai-era/_index.md";
    let text = std::fs::read_to_string(s.root.join(paper)).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("comment")).map(|l| format!("{l}\n")).collect();
    s.write(paper, &text);
    s.write(
        "content/news/links.md",
        &format!("---\ntitle: Links\ndate: 2023-12-10\n---\n\n{links}\nand [comment](@/papers/white-paper-ai-era/_index.md#how-to-comment).\n"),
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].starts_with("content/news/links.md:7:15: error: pages /news/links/, ")
            && errors[0].ends_with("link to `/papers/white-paper-ai-era/#how-to-comment`, but /papers/white-paper-ai-era/ has no element with the id `how-to-comment`"),
        "{}",
        r.stderr
    );
}
