//! Incremental rebuilds (`serve::rebuild`) compared with full builds: after every kind of
//! edit, the served site equals a fresh build byte for byte, and every kind of job in the job
//! table follows the edits it shows.

mod common;

use std::path::Path;

use common::rebuild::{assert_same, options, started};
use common::{set, set_key, TestSite, FORUM};
use plenary::serve::rebuild::{Outcome, Rebuilder};
use plenary::serve::watch::classify;

// ---- incremental rebuilds equal full builds ----

/// An edit: what it is, the change, the file it changes.
type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str);

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    let speaker = "content/speakers/tao-zhan.md";
    let news = "content/news/summit-2023-shenzhen.md";
    const TRANSLATION: &str = "content/forums/teacher-development.zh.md";
    let chapter = "content/papers/white-paper-ai-era/02-teaching-and-learning.md";
    const GOVERNANCE: &str = "content/papers/white-paper-ai-era/03-governance.md";
    const FRENCH: &str = "content/forums/governance.fr.md";
    const CHAPTER_ZH: &str = "content/papers/white-paper-ai-era/01-introduction.zh.md";
    let edits: Vec<Edit> = vec![
        ("speaker body", Box::new(|| set(&site, speaker, "---\n\n", "---\n\nA new first line.\n\n")), speaker),
        ("speaker name", Box::new(|| set_key(&site, speaker, "name", "Renamed Person")), speaker),
        ("forum title", Box::new(|| set_key(&site, FORUM, "title", "Changed forum title")), FORUM),
        // the translation inherits its date, room and moderators: a body edit keeps them
        ("translation body", Box::new(|| set(&site, TRANSLATION, "---\n\n", "---\n\n新的一段。\n\n")), TRANSLATION),
        ("forum speakers", Box::new(|| set(&site, FORUM, "---\n", "---\nmoderators: [jin-li]\n")), FORUM),
        // the English chapter's link to the governance forum's heading turns French on the
        // French page once the translation has a heading of that id
        (
            "translation added",
            Box::new(|| {
                site.write(FRENCH, "---\ntitle: Gouvernance\n---\n\nTexte.\n");
            }),
            FRENCH,
        ),
        (
            "translation gains the linked heading",
            Box::new(|| set(&site, FRENCH, "Texte.\n", "Texte.\n\n## Thèmes {#themes-for-discussion}\n\nSuite.\n")),
            FRENCH,
        ),
        // a translated chapter has its paper's numbering, citations and cross-references
        (
            "chapter translated",
            Box::new(|| {
                site.write(CHAPTER_ZH, "---\ntitle: 引言\n---\n\n## 为何\n\n见 [@sec:scope] [@unesco2019]。\n\n## 范围 {#sec:scope}\n\n文。\n");
            }),
            CHAPTER_ZH,
        ),
        (
            "translated chapter takes the figure's label",
            Box::new(|| set(&site, CHAPTER_ZH, "文。\n", "文。\n\n![图](scope.svg \"两个领域\") {#fig:scope}\n")),
            CHAPTER_ZH,
        ),
        ("news title", Box::new(|| set_key(&site, news, "title", "Retitled news")), news),
        ("chapter", Box::new(|| set(&site, chapter, "\n## ", "\n## Inserted heading\n\nText.\n\n## ")), chapter),
        (
            "chapter body only",
            Box::new(|| set(&site, chapter, "Some familiar forms", "One more sentence. Some familiar forms")),
            chapter,
        ),
        // without a summary of its own, a chapter's card in the paper's view shows its first
        // paragraph (the default theme shows no chapter summaries; this landing page does): an
        // edit there changes no label, yet the landing page
        (
            "landing page showing chapter summaries",
            Box::new(|| {
                site.write(
                    "templates/paper.html",
                    "{% extends \"base.html\" %}{% block main %}{% for c in paper.chapters %}<p>{{ c.summary }}</p>{% endfor %}{% endblock main %}",
                );
            }),
            "templates/paper.html",
        ),
        (
            "chapter summary removed",
            Box::new(|| {
                set(&site, GOVERNANCE, "summary: \"Policies, responsibilities and partnerships that help institutions use AI responsibly.\"\n", "")
            }),
            GOVERNANCE,
        ),
        (
            "chapter first paragraph",
            Box::new(|| {
                set(
                    &site,
                    GOVERNANCE,
                    "Decisions about AI in a university are rarely",
                    "Decisions about AI at a university are seldom",
                )
            }),
            GOVERNANCE,
        ),
        (
            // renumbers a table that another, unchanged chapter refers to
            "table added before a referenced one",
            Box::new(|| {
                set(
                    &site,
                    chapter,
                    "Table: Forms of assessment",
                    "Table: An added table {#tbl:added}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Forms of assessment",
                )
            }),
            chapter,
        ),
        (
            "bibliography alone",
            Box::new(|| {
                set(
                    &site,
                    "content/papers/white-paper-ai-era/references.bib",
                    "Recommendation on the Ethics of Artificial Intelligence",
                    "Recommendation on the Ethics of AI, revised",
                )
            }),
            "content/papers/white-paper-ai-era/references.bib",
        ),
        (
            // every page is rendered again, and the papers' citations name the site
            "site title",
            Box::new(|| set_key(&site, "site.yaml", "title", "A retitled summit")),
            "site.yaml",
        ),
        (
            "page in the menu",
            Box::new(|| set_key(&site, "content/pages/venue.md", "title", "The venue")),
            "content/pages/venue.md",
        ),
        (
            "new page",
            Box::new(|| {
                site.write(
                    "content/pages/extra.md",
                    // a word whose first letter no other word has: its own index shard, which
                    // must go again with the page
                    "---\ntitle: Extra\n---\nSee [it](@/forums/digital-environment.md), ꙮꙮꙮ.\n",
                );
            }),
            "content/pages/extra.md",
        ),
        (
            "deleted page",
            Box::new(|| std::fs::remove_file(site.root.join("content/pages/extra.md")).unwrap()),
            "content/pages/extra.md",
        ),
        (
            "new file beside a page, with an edit in the same batch",
            Box::new(|| {
                site.write("content/pages/venue-map.txt", "a map");
                set(&site, "content/pages/venue.md", "\n\n", "\n\nSee the map.\n\n");
            }),
            "content/pages/venue-map.txt",
        ),
        (
            "template",
            Box::new(|| {
                site.write(
                    "templates/forum.html",
                    "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{{ content }}{% endblock main %}",
                );
            }),
            "templates/forum.html",
        ),
        (
            // the frame now has an id a heading of the forum had made from its text: the
            // heading's id moves aside, as a full build gives it
            "template taking a heading's id",
            Box::new(|| {
                site.write(
                    "templates/forum.html",
                    "{% extends \"base.html\" %}{% block main %}<h1 id=\"context\">{{ page.title }}</h1>{{ content }}{% endblock main %}",
                );
            }),
            "templates/forum.html",
        ),
        (
            "stylesheet",
            Box::new(|| {
                site.write("static/extra.css", "body { color: red }");
            }),
            "static/extra.css",
        ),
    ];
    for (what, edit, path) in &edits {
        edit();
        let outcome = r.rebuild(classify(&root, [root.join(path), root.join("content/pages/venue.md")]));
        assert!(!matches!(outcome, Outcome::Failed(_)), "{what}: {outcome:?}");
        assert!(r.catch_up().is_ok(), "{what}");
        // a refresh that is told to stop leaves the index stale, to be refreshed later
        let stale = r.behind();
        assert!(!r.refresh_search(&|| true), "{what}: stopped at once");
        assert_eq!(r.behind(), stale, "{what}");
        r.refresh_search(&|| false);
        assert!(!r.behind(), "{what}");
        assert_same(&root, &r.files(), what);
    }
    let cited =
        String::from_utf8_lossy(&r.files().pages["papers/white-paper-ai-era/governance/index.html"]).into_owned();
    assert!(cited.contains("Ethics of AI, revised"), "the reference list follows its bibliography");
}

#[test]
fn a_template_alone_taking_a_headings_id_moves_the_heading_aside_as_a_full_build_does() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    // `## Context` in the governance forum had the id `context`; now the frame has it
    site.write(
        "templates/forum.html",
        "{% extends \"base.html\" %}{% block main %}<h1 id=\"context\">{{ page.title }}</h1>{{ content }}{% endblock main %}",
    );
    let outcome = r.rebuild(classify(&root, [root.join("templates/forum.html")]));
    assert!(!matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    assert!(r.catch_up().is_ok());
    r.refresh_search(&|| false);
    assert_same(&root, &r.files(), "a template alone");
    let page = String::from_utf8_lossy(&r.files().pages["forums/governance/index.html"]).into_owned();
    assert!(page.contains("<h2 id=\"context-1\">"), "{page}");
}

#[test]
fn a_template_alone_that_stops_using_a_site_string_is_warned_of() {
    let site = TestSite::example();
    let root = site.root.clone();
    site.write("i18n/en.yaml", "sponsor_line: With thanks\n");
    let page = |shown: &str| {
        format!("{{% extends \"base.html\" %}}{{% block main %}}<p>{shown}</p>{{{{ content }}}}{{% endblock main %}}")
    };
    site.write("templates/page.html", &page("{{ t(key=\"sponsor_line\") }}"));
    // with --strict, so the warning fails the rebuild
    let mut r = Rebuilder::new(plenary::BuildOptions { strict: true, ..options(&root) });
    let first = r.rebuild(Default::default());
    assert!(matches!(first, Outcome::Updated { .. }), "{first:?}");
    site.write("templates/page.html", &page("none"));
    match r.rebuild(classify(&root, [root.join("templates/page.html")])) {
        Outcome::Failed(d) => assert!(d[0].message.contains("no template uses the string `sponsor_line`"), "{d:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn incremental_rebuilds_of_paginated_lists_equal_full_builds() {
    let site = TestSite::example();
    let root = site.root.clone();
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}list_per_page: 2\nsitemap:\n  urls_per_file: 40\n"));
    let mut r = started(&root);
    assert!(r.files().pages.contains_key("forums/page/2/index.html"));
    assert!(r.files().pages.contains_key("speakers/page/2/index.html"));
    assert!(r.files().pages.contains_key("sitemap-2.xml"));
    let speaker = "content/speakers/tao-zhan.md";
    let edits: Vec<Edit> = vec![
        // moves the forum to another page of the list
        ("forum date", Box::new(|| set_key(&site, FORUM, "date", "2023-12-07")), FORUM),
        ("forum title", Box::new(|| set_key(&site, FORUM, "title", "Aaa first forum")), FORUM),
        // a speaker on the list's second page
        ("speaker name", Box::new(|| set_key(&site, speaker, "name", "Zed Last")), speaker),
        // moves the speaker into a country group, on the first page
        ("speaker country", Box::new(|| set(&site, speaker, "---\n\n", "country: BR\n---\n\n")), speaker),
        (
            // one more page of forums and of a topic, and more sitemap addresses
            "new forum",
            Box::new(|| {
                site.write(
                    "content/forums/extra.md",
                    "---\ntitle: Extra forum\ndate: 2023-12-09\ntopics: [digital infrastructure]\n---\nText.\n",
                );
            }),
            "content/forums/extra.md",
        ),
        (
            "deleted forum",
            Box::new(|| std::fs::remove_file(site.root.join("content/forums/extra.md")).unwrap()),
            "content/forums/extra.md",
        ),
    ];
    for (what, edit, path) in &edits {
        edit();
        let outcome = r.rebuild(classify(&root, [root.join(path)]));
        assert!(!matches!(outcome, Outcome::Failed(_)), "{what}: {outcome:?}");
        assert!(r.catch_up().is_ok(), "{what}");
        r.refresh_search(&|| false);
        assert_same(&root, &r.files(), what);
    }
}

#[test]
fn an_edit_serves_its_page_first_and_the_rest_after_catching_up() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    assert!(r.refresh_search(&|| false));
    assert!(!r.behind());
    set_key(&site, FORUM, "title", "Quickly retitled");
    let Outcome::Updated { changed: Some(changed), .. } = r.rebuild(classify(&root, [root.join(FORUM)])) else {
        panic!("a partial rebuild")
    };
    let page = |r: &Rebuilder, k: &str| String::from_utf8_lossy(&r.files().pages[k]).into_owned();
    assert!(changed.contains(&"forums/digital-environment/index.html".to_string()), "{changed:?}");
    assert!(page(&r, "forums/digital-environment/index.html").contains("Quickly retitled"));
    assert!(!page(&r, "programme/index.html").contains("Quickly retitled"), "the programme waits");
    assert!(r.behind());
    let later = r.catch_up().expect("site-wide pages");
    for k in ["programme/index.html", "forums/index.html", "schedule.json", "programme.ics"] {
        assert!(later.contains(&k.to_string()), "{k} in {later:?}");
        assert!(page(&r, k).contains("Quickly retitled"), "{k}");
    }
    let indexed = |r: &Rebuilder| {
        r.files()
            .search
            .iter()
            .any(|(k, v)| k.starts_with("search/en/d") && String::from_utf8_lossy(v).contains("Quickly retitled"))
    };
    assert!(!indexed(&r), "the index follows the pages");
    assert!(r.refresh_search(&|| false));
    assert!(indexed(&r), "the refreshed index finds the new title");
    assert!(!r.behind());
}

#[test]
fn a_speaker_edit_reaches_their_page_forums_news_and_lists_and_a_template_its_pages() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    let speaker = "content/speakers/tao-zhan.md";
    set_key(&site, speaker, "name", "Renamed Person");
    let Outcome::Updated { changed: Some(first), .. } = r.rebuild(classify(&root, [root.join(speaker)])) else {
        panic!("a partial rebuild")
    };
    for page in [
        "speakers/tao-zhan/index.html",
        "forums/opening-ceremony/index.html",
        "forums/teacher-development/index.html",
        "news/summit-2023-shenzhen/index.html",
    ] {
        assert!(first.iter().any(|k| k == page), "{page} in {first:?}");
    }
    assert!(!first.iter().any(|k| k == "forums/governance/index.html"), "a forum without them: {first:?}");
    let lists = r.catch_up().expect("site-wide pages");
    assert!(lists.iter().any(|k| k == "speakers/index.html"), "{lists:?}");
    // a template: the pages made with it, in one step
    site.write(
        "templates/news.html",
        "{% extends \"base.html\" %}{% block main %}<h1>N: {{ page.title }}</h1>{% endblock main %}",
    );
    let Outcome::Updated { changed: Some(changed), .. } =
        r.rebuild(classify(&root, [root.join("templates/news.html")]))
    else {
        panic!("a partial rebuild")
    };
    assert!(!changed.is_empty());
    assert!(changed.iter().all(|k| k.contains("news/") && k.ends_with("/index.html")), "{changed:?}");
    assert!(r.catch_up().expect("nothing left").iter().all(|k| !k.ends_with(".html")));
}

#[test]
fn an_edit_renders_only_the_pages_that_show_it() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = Rebuilder::new(options(&root));
    let Outcome::Updated { rendered: all, .. } = r.rebuild(Default::default()) else { panic!("first build") };
    set(&site, "content/pages/about.md", "\n\n", "\n\nOne more sentence.\n\n");
    let Outcome::Updated { rendered, .. } = r.rebuild(classify(&root, [root.join("content/pages/about.md")])) else {
        panic!("rebuild")
    };
    assert!(rendered < all / 4, "{rendered} of {all} pages rendered for one free page");
    assert!(String::from_utf8_lossy(&r.files().pages["about/index.html"]).contains("One more sentence."));
}

/// The output file (default language) of every job of the site at `root`, with its kind.
fn kinds_of_files(root: &Path) -> std::collections::HashMap<String, plenary::render::JobKind> {
    let Ok(p) = plenary::prepare(&options(root)) else { panic!("the site builds") };
    plenary::render::jobs(&p.site, &p.programme)
        .iter()
        .map(|job| {
            let spec = plenary::render::spec(&p.site, job);
            if let Some(t) = spec.template {
                assert!(plenary::render::PAGE_TEMPLATES.contains(&t), "{t} is missing from PAGE_TEMPLATES");
            }
            (spec.file().to_string_lossy().replace('\\', "/"), plenary::render::JobKind::from(job))
        })
        .collect()
}

/// Every kind of job in the job table is exercised: for each, an edit served incrementally
/// (not by rebuilding everything) changes a file of that kind, and the served site then
/// equals a full build. A kind whose dependencies serve does not follow leaves a stale file,
/// and a new kind that no edit here changes fails until one is added.
#[test]
fn every_kind_of_job_follows_the_edits_it_shows() {
    use plenary::render::JobKind;
    use strum::VariantArray;
    // only site-wide values (title, menu, event) show on these
    const SITE_ONLY: [JobKind; 3] = [JobKind::NotFound, JobKind::Search, JobKind::Robots];
    let site = TestSite::example();
    let root = site.root.clone();
    // the built-in home page, and a redirect
    for lang in ["", ".ar", ".fr", ".zh"] {
        std::fs::remove_file(root.join(format!("content/_index{lang}.md"))).unwrap();
    }
    set(&site, FORUM, "---\n", "---\naliases: [/old-forum/]\n");
    let speaker = "content/speakers/tao-zhan.md";
    let news = "content/news/summit-2023-shenzhen.md";
    let paper = "content/papers/white-paper-ai-era/_index.md";
    let chapter = "content/papers/white-paper-ai-era/02-teaching-and-learning.md";
    let edits: Vec<Edit> = vec![
        ("forum title", Box::new(|| set_key(&site, FORUM, "title", "A retitled forum")), FORUM),
        // the sitemap's date of the page
        ("forum date", Box::new(|| set_key(&site, FORUM, "date", "2023-12-07")), FORUM),
        ("forum topic", Box::new(|| set(&site, FORUM, "topics: [", "topics: [governance, ")), FORUM),
        ("speaker name", Box::new(|| set_key(&site, speaker, "name", "Renamed Person")), speaker),
        ("news title", Box::new(|| set_key(&site, news, "title", "Retitled news")), news),
        ("paper title", Box::new(|| set_key(&site, paper, "title", "A retitled paper")), paper),
        ("chapter", Box::new(|| set(&site, chapter, "\n## ", "\n## Inserted heading\n\nText.\n\n## ")), chapter),
        (
            // a sitemap in several files (a full rebuild), then an edit dated in one of them
            "split sitemap",
            Box::new(|| {
                let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
                site.write("site.yaml", &format!("{yaml}sitemap:\n  urls_per_file: 40\n"));
            }),
            "site.yaml",
        ),
        ("forum date again", Box::new(|| set_key(&site, FORUM, "date", "2023-12-09")), FORUM),
    ];
    let mut r = started(&root);
    r.refresh_search(&|| false);
    let mut covered: std::collections::BTreeSet<JobKind> = std::collections::BTreeSet::new();
    for (what, edit, path) in &edits {
        let before = r.files();
        edit();
        let outcome = r.rebuild(classify(&root, [root.join(path)]));
        let partial = match outcome {
            Outcome::Updated { changed, .. } => changed.is_some(),
            other => panic!("{what}: {other:?}"),
        };
        assert!(r.catch_up().is_ok(), "{what}");
        r.refresh_search(&|| false);
        assert_same(&root, &r.files(), what);
        if !partial {
            assert_eq!(*path, "site.yaml", "{what}: served by rebuilding everything");
            continue;
        }
        let kinds = kinds_of_files(&root);
        let after = r.files();
        for (file, bytes) in &after.pages {
            if before.pages.get(file) != Some(bytes) {
                covered.extend(kinds.get(file));
            }
        }
    }
    for kind in JobKind::VARIANTS {
        if SITE_ONLY.contains(kind) {
            assert!(!covered.contains(kind), "{kind:?} files changed with a content edit");
        } else {
            assert!(covered.contains(kind), "no edit here changes a {kind:?} file: add one that does");
        }
    }
}
