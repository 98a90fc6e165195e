//! What a translator does to the example site, checked as a reader of the built pages would:
//! a translation that sets its own `slug`, a translated chapter of a white paper, a language
//! declared with its digits (`ar-u-nu-arab`).

mod common;

use common::{attrs, texts, TestSite};

/// A translation's `slug` is read by nothing: a warning at it, and every link of the page
/// (its forum's calendar file among them) goes where the build writes.
#[test]
fn a_slug_in_a_translation_is_warned_of_and_links_stay_whole() {
    let s = TestSite::example();
    s.write("content/forums/governance.fr.md", "---\ntitle: Gouvernance\nslug: gouvernance\n---\n\nTexte.\n");
    let run = s.build_ok(&[]);
    assert!(run.stderr.contains("a translation's `slug` is not used"), "{}", run.stderr);
    let page = s.page("fr/forums/governance/index.html");
    assert_eq!(attrs(&page, ".calendar-link a", "href"), ["/fr/forums/governance.ics"]);
    assert!(s.public().join("fr/forums/governance.ics").is_file());
    assert!(!s.public().join("fr/forums/gouvernance").exists());
}

/// A careless translator's file named with a language's name or a locale's underscore
/// (`venue.arabic.md`, `venue.en_GB.md`) is published as a page of its own: each is told, with
/// the file name meant where it can be told. A dot in a page's own name is left alone.
#[test]
fn a_translation_named_without_a_language_code_is_told() {
    let s = TestSite::example();
    let venue = std::fs::read_to_string(s.root.join("content/pages/venue.md")).unwrap();
    for name in ["venue.arabic", "venue.Fr_fr", "venue.en_GB", "venue.v2.0", "report.2024"] {
        s.write(&format!("content/pages/{name}.md"), &venue.replace("slug: venue", ""));
    }
    let run = s.build_ok(&[]);
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.contains("no language code")).collect();
    assert_eq!(
        warned,
        [
            "content/pages/venue.Fr_fr.md: warning: `Fr_fr` is no language code of the site, so this file is a page of its own, not a translation of content/pages/venue.md",
            "content/pages/venue.arabic.md: warning: `arabic` is no language code of the site, so this file is a page of its own, not a translation of content/pages/venue.md",
            "content/pages/venue.en_GB.md: warning: `en_GB` is no language code of the site, so this file is a page of its own, not a translation of content/pages/venue.md",
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: to translate it into العربية, name the file `venue.ar.md`"), "{}", run.stderr);
    assert!(run.stderr.contains("name the file `venue.fr.md`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("(zh, ar, fr); to keep this a page of its own, name it without the dot (`venue-en_GB.md`)"),
        "{}",
        run.stderr
    );
}

/// A chapter translated with its own headings: the paper's landing page in that language lists
/// the translation's sections (whose ids are made from its own words), not the original's.
#[test]
fn a_translated_chapter_is_listed_by_its_own_sections() {
    let s = TestSite::example();
    s.write(
        "content/papers/white-paper-ai-era/01-introduction.zh.md",
        "---\ntitle: 引言\n---\n\n## 为何撰写本文\n\n说明。\n\n## 机遇与风险\n\n第二段。\n",
    );
    s.build_ok(&[]);
    let landing = s.page("zh/papers/white-paper-ai-era/index.html");
    let chapter = s.page("zh/papers/white-paper-ai-era/introduction/index.html");
    let ids = attrs(&chapter, ".prose h2", "id");
    assert_eq!(ids.len(), 2, "{ids:?}");
    let listed = attrs(&landing, ".paper-toc li a[href*='/introduction/#']", "href");
    let wanted: Vec<String> =
        ids.iter().map(|id| format!("/zh/papers/white-paper-ai-era/introduction/#{id}")).collect();
    assert_eq!(listed, wanted);
    assert!(texts(&landing, ".paper-toc").concat().contains("机遇与风险"));
}

/// A translated chapter is a chapter of the paper in its language: numbered sections and
/// figures, cross-references, citations linked to the reference list, a reference list on
/// the language's last page, paragraph anchors; its links stay in the language. A label it
/// does not define is an error at the translation.
#[test]
fn a_translated_chapter_is_numbered_cited_and_cross_referenced_in_its_language() {
    let s = TestSite::example();
    s.write(
        "content/papers/white-paper-ai-era/01-introduction.zh.md",
        "---\ntitle: 引言\n---\n\n## 为何撰写本文\n\n见 [@sec:scope] 与 [@fig:scope]，及 [@unesco2019]。\n\n## 范围 {#sec:scope}\n\n![图](scope.svg \"两个领域\") {#fig:scope}\n",
    );
    s.build_ok(&[]);
    // the untranslated chapter that shows the figure links to it in Chinese
    let governance = s.page("zh/papers/white-paper-ai-era/governance/index.html");
    assert!(attrs(&governance, ".prose a", "href")
        .contains(&"/zh/papers/white-paper-ai-era/introduction/#fig:scope".to_string()));
    s.write(
        "content/papers/white-paper-ai-era/03-governance.zh.md",
        "---\ntitle: 治理\n---\n\n## 原则\n\n如 [@fig:scope] 所示 [@unesco2021]。\n",
    );
    s.build_ok(&[]);
    let intro = s.page("zh/papers/white-paper-ai-era/introduction/index.html");
    assert_eq!(texts(&intro, ".prose h2 .secno"), ["1.1", "1.2"]);
    // in the translation's words, from the theme's strings
    assert_eq!(texts(&intro, ".prose a.xref"), ["第1.2节", "图1.1"]);
    assert_eq!(texts(&intro, ".prose .caption-label"), ["图1.1"]);
    assert!(attrs(&intro, ".prose .pilcrow", "aria-label").iter().all(|l| l == "本段链接"));
    assert!(texts(&intro, ".prose .comment-link").iter().all(|l| l == "评论"));
    assert_eq!(attrs(&intro, ".prose a.xref", "href"), ["#sec:scope", "#fig:scope"]);
    assert_eq!(attrs(&intro, ".prose a.cite", "href"), ["/zh/papers/white-paper-ai-era/governance/#ref-unesco2019"]);
    assert!(!attrs(&intro, ".prose p[id^='p-'] .pilcrow", "href").is_empty(), "paragraph anchors");
    // a comment names the translation's paragraph as such (its id alone names none of the
    // original's)
    let comments = attrs(&intro, ".prose .comment-link", "href");
    assert!(!comments.is_empty() && comments.iter().all(|h| h.contains("zh/introduction/%23p-")), "{comments:?}");
    let english = attrs(&s.page("papers/white-paper-ai-era/introduction/index.html"), ".prose .comment-link", "href");
    assert!(english.iter().all(|h| h.contains("%20introduction/%23")), "{:?}", &english[..1]);
    let governance = s.page("zh/papers/white-paper-ai-era/governance/index.html");
    assert_eq!(attrs(&governance, ".prose a.xref", "href"), ["/zh/papers/white-paper-ai-era/introduction/#fig:scope"]);
    assert_eq!(texts(&governance, ".references h2"), ["参考文献"]);
    let listed = attrs(&governance, ".references li", "id");
    assert!(
        listed.contains(&"ref-unesco2019".to_string()) && listed.contains(&"ref-unesco2021".to_string()),
        "{listed:?}"
    );
    // the English pages are as they were
    let english = s.page("papers/white-paper-ai-era/introduction/index.html");
    assert!(texts(&english, ".prose a.xref").contains(&"Figure 1.1".to_string()));
    assert_eq!(texts(&s.page("papers/white-paper-ai-era/governance/index.html"), ".references h2"), ["References"]);
    assert_eq!(attrs(&english, ".prose a.cite", "href")[0], "/papers/white-paper-ai-era/governance/#ref-unesco2019");
    // a label the translation does not define: one error, at the translation
    s.write(
        "content/papers/white-paper-ai-era/03-governance.zh.md",
        "---\ntitle: 治理\n---\n\n## 原则\n\n如 [@fig:nowhere] 所示。\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // one error, at the citation: the key in code is the author's text
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("content/papers/white-paper-ai-era/03-governance.zh.md:7:"), "{}", run.stderr);
    // a label the original defines, which its translation left out, is said where: the
    // translator keeps it
    s.write("content/papers/white-paper-ai-era/02-teaching-and-learning.zh.md", "---\ntitle: 教与学\n---\n\n文。\n");
    s.write(
        "content/papers/white-paper-ai-era/03-governance.zh.md",
        "---\ntitle: 治理\n---\n\n## 原则\n\n如 [@tbl:assessment] 所示。\n",
    );
    let run = s.run(&["build"]);
    assert!(
        run.stderr.contains(
            "help: content/papers/white-paper-ai-era/02-teaching-and-learning.md defines it (`{#tbl:assessment}`)"
        ),
        "{}",
        run.stderr
    );
}

/// `ar-u-nu-arab` (Arabic with Arabic-Indic digits, as the README suggests) is Arabic: right
/// to left, with the Arabic site text of `site.ar.yaml` when it has none of its own.
#[test]
fn arabic_declared_with_its_digits_is_right_to_left_and_reads_the_arabic_site_text() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: Summit\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: ar-u-nu-arab, name: العربية}\nevent:\n  name: Summit\n  start: 2023-12-07\n  end: 2023-12-09\n",
    );
    s.write("site.ar.yaml", "event:\n  name: القمة\n");
    s.write("content/_index.md", "---\ntitle: Welcome\n---\n\nHello.\n");
    s.write("content/_index.ar-u-nu-arab.md", "---\ntitle: أهلا\n---\n\nمرحبا.\n");
    s.build_ok(&[]);
    let home = s.page("ar-u-nu-arab/index.html");
    assert_eq!(attrs(&home, "html", "dir"), ["rtl"]);
    assert_eq!(texts(&home, "main h1"), ["القمة"]);
    assert_eq!(attrs(&s.page("index.html"), "html", "dir"), ["ltr"]);
}

/// A translation's topics are matched to the original's by place: one left out would label
/// every later topic page with the wrong word, so a different count is told at the key.
#[test]
fn a_translation_with_fewer_topics_than_its_original_is_told() {
    let s = TestSite::example();
    s.write(
        "content/forums/governance.fr.md",
        "---\ntitle: Gouvernance\ntopics: [gouvernance, éthique]\n---\n\nTexte.\n",
    );
    let run = s.build_ok(&[]);
    let warning = run.stderr.lines().find(|l| l.contains("topics where its original has")).unwrap_or_default();
    assert!(
        warning.starts_with("content/forums/governance.fr.md:3:")
            && warning.contains("has 2 topics where its original has 3"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(content/forums/governance.md: governance, ai policy, ethics)"), "{}", run.stderr);
    // the same count, in another order of words, is the translator's to choose: no warning
    s.write(
        "content/forums/governance.fr.md",
        "---\ntitle: Gouvernance\ntopics: [gouvernance, politique de l'IA, éthique]\n---\n\nTexte.\n",
    );
    assert!(!s.build_ok(&[]).stderr.contains("where its original has"));
}

/// A page shown in English on another language's site for want of a translation links to
/// that language's pages (which exist whether translated or not): the reader stays in the
/// language. A link to a place that only the English page has keeps going there.
#[test]
fn an_untranslated_page_links_to_the_readers_language() {
    let s = TestSite::example();
    s.write("content/forums/governance.fr.md", "---\ntitle: Gouvernance\n---\n\nTexte.\n");
    s.build_ok(&[]);
    let mut checked = 0;
    for lang in ["fr", "ar", "zh"] {
        for entry in walkdir::WalkDir::new(s.public().join(lang)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let page = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
            if texts(&page, ".fallback-note").is_empty() {
                continue;
            }
            for href in attrs(&page, ".fallback .prose a[href^='/']", "href") {
                let address = href.split('#').next().unwrap_or_default();
                if !address.ends_with('/') {
                    continue; // a file, the same in every language
                }
                checked += 1;
                let kept = href == "/forums/governance/#themes-for-discussion" && lang == "fr";
                assert!(href.starts_with(&format!("/{lang}/")) || kept, "{}: {href}", entry.path().display());
            }
        }
    }
    assert!(checked >= 10, "{checked} links");
    let venue = s.page("ar/venue/index.html");
    assert!(attrs(&venue, ".prose a", "href").contains(&"/ar/about/".to_string()));
    // the French governance forum has its own headings: the English chapter's link to one of
    // the original's keeps going to the English page, where that heading is
    let chapter = s.page("fr/papers/white-paper-ai-era/governance/index.html");
    assert!(attrs(&chapter, ".prose a", "href").contains(&"/forums/governance/#themes-for-discussion".to_string()));
}

/// What a feed reader, a calendar app and a schedule app show is named in the language, as
/// the pages name it: the feed's title is the one the page's `<link rel=alternate>` gives,
/// the calendar's name is the site's title in the language, the schedule's conference the
/// event's name in it; Open Graph's locale has its region (`zh_CN`, not `zh`).
#[test]
fn feeds_calendars_and_schedules_are_named_in_their_language() {
    let s = TestSite::example();
    s.build_ok(&[]);
    // Open Graph names a locale with its region, as its readers expect
    assert_eq!(attrs(&s.page("index.html"), "meta[property='og:locale']", "content"), ["en_US"]);
    for (lang, og) in [("zh", "zh_CN"), ("ar", "ar_EG"), ("fr", "fr_FR")] {
        let home = s.page(&format!("{lang}/index.html"));
        assert_eq!(attrs(&home, "meta[property='og:locale']", "content"), [og]);
        let site_title = texts(&home, ".site-title")[0].clone();
        let link = attrs(&home, "link[type='application/atom+xml']", "title")[0].clone();
        let feed = std::fs::read_to_string(s.public().join(lang).join("news/atom.xml")).unwrap();
        let feed_title = feed.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        assert_eq!(feed_title.replace("&amp;", "&"), link, "{lang}");
        // lines of more than 75 bytes are folded: a line break and a space
        let ics = std::fs::read_to_string(s.public().join(lang).join("programme.ics")).unwrap().replace("\r\n ", "");
        assert!(ics.contains(&format!("X-WR-CALNAME:{site_title}")), "{lang}: {site_title}");
        let schedule = std::fs::read_to_string(s.public().join(lang).join("schedule.json")).unwrap();
        let schedule: serde_json::Value = serde_json::from_str(&schedule).unwrap();
        let name = texts(&home, "main h1")[0].clone();
        assert_eq!(schedule["schedule"]["conference"]["title"], name, "{lang}");
        // a session names the language it is given in: a translated title changes nothing of
        // that (each session of the example says none, so it is the site's, English)
        let languages: std::collections::BTreeSet<String> = schedule["schedule"]["conference"]["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["rooms"].as_object().unwrap().values())
            .flat_map(|evs| evs.as_array().unwrap())
            .map(|e| e["language"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(languages, std::collections::BTreeSet::from(["en".to_string()]), "{lang}");
    }
}

/// Structured data says what the page says, in its language: the summit's name, the room,
/// venue and city, the organisers (they were the default language's on every page).
#[test]
fn structured_data_is_in_the_pages_language() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let ld = |page: &str| -> serde_json::Value {
        let doc = s.page(page);
        serde_json::from_str(&texts(&doc, "script[type='application/ld+json']")[0]).unwrap()
    };
    let home = ld("zh/index.html");
    let heading = texts(&s.page("zh/index.html"), "main h1")[0].clone();
    assert_eq!(home["name"], heading);
    assert_eq!(home["location"]["name"], "峰会会场（示意）");
    assert_eq!(home["location"]["address"]["addressLocality"], "深圳");
    assert!(home["organizer"].as_array().unwrap().iter().any(|o| o["name"] == "南方科技大学"), "{home}");
    let forum = ld("zh/forums/teacher-development/index.html");
    assert_eq!(forum["location"]["name"], "B厅，峰会会场（示意）");
    assert_eq!(forum["superEvent"]["name"], heading);
    // and as the calendar says it
    let ics =
        std::fs::read_to_string(s.public().join("zh/forums/teacher-development.ics")).unwrap().replace("\r\n ", "");
    assert!(
        ics.contains("LOCATION:B厅\\，峰会会场（示意）") || ics.contains("LOCATION:B厅，峰会会场（示意）"),
        "{ics}"
    );
    assert_eq!(ld("forums/teacher-development/index.html")["location"]["name"], "Hall B, Summit venue (illustrative)");
    // the summit's tagline given under `languages` (it was the English one), and the summit's
    // address the language's home
    let fr = ld("fr/index.html");
    assert_eq!(fr["description"], "Transformer l’enseignement supérieur à l’ère de l’IA");
    assert_eq!(fr["url"], "https://example.org/fr/");
    assert_eq!(ld("fr/forums/governance/index.html")["superEvent"]["url"], "https://example.org/fr/");
    assert_eq!(ld("index.html")["description"], "Transforming Higher Education in the Age of AI");
    assert_eq!(ld("index.html")["url"], "https://example.org/");
}

/// Each language's `schedule.json` names the rooms as `site.<code>.yaml` does, in its room
/// list and at every session, under the same GUIDs in every language, and the conference's
/// address is the language's home.
#[test]
fn schedules_name_rooms_in_their_language() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let schedule = |lang: &str| -> serde_json::Value {
        let path = s.public().join(lang).join("schedule.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let rooms = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["schedule"]["conference"]["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].as_str().unwrap().to_string(), r["guid"].as_str().unwrap().to_string()))
            .collect()
    };
    let (en, fr) = (schedule(""), schedule("fr"));
    let names = |v: &[(String, String)]| v.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
    let guids = |v: &[(String, String)]| v.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
    assert_eq!(names(&rooms(&en)), ["Main Hall", "Hall A", "Hall B"]);
    assert_eq!(names(&rooms(&fr)), ["Salle plénière", "Salle A", "Salle B"]);
    assert_eq!(guids(&rooms(&fr)), guids(&rooms(&en)));
    let mut used = std::collections::BTreeSet::new();
    for day in fr["schedule"]["conference"]["days"].as_array().unwrap() {
        for (room, events) in day["rooms"].as_object().unwrap() {
            for e in events.as_array().unwrap() {
                assert_eq!(&e["room"], room);
                used.insert(room.clone());
            }
        }
    }
    assert!(used.contains("Salle B") && used.iter().all(|r| names(&rooms(&fr)).contains(r)), "{used:?}");
    assert_eq!(fr["schedule"]["conference"]["url"], "https://example.org/fr/");
    assert_eq!(fr["schedule"]["base_url"], "https://example.org/");
    assert_eq!(en["schedule"]["conference"]["url"], "https://example.org/");
}

/// A placeholder misspelt in the site's strings would be published as written on every page
/// that shows the string: a warning at its key, naming the placeholders the string takes.
#[test]
fn a_misspelt_placeholder_in_the_sites_strings_is_told_where_it_is_written() {
    let s = TestSite::example();
    s.write(
        "i18n/fr.yaml",
        "home: Accueil\nfallback_note: \"Pas encore en {languag} ; voici l’original ({original}).\"\n",
    );
    let run = s.build_ok(&[]);
    assert!(
        run.stderr.contains(
            "i18n/fr.yaml:2:1: warning: `{languag}` in the string `fallback_note` is never filled: it is given {language}, {original}"
        ),
        "{}",
        run.stderr
    );
}

/// A translation that leaves the honorific out shows the original's ("Mr"): it is marked as
/// the original's language, as an inherited role is, and kept whole in a right-to-left name.
#[test]
fn an_inherited_honorific_is_marked_with_its_language() {
    let s = TestSite::example();
    s.write("content/speakers/jin-li.ar.md", "---\nname: جين لي\n---\n");
    s.build_ok(&[]);
    let page = s.page("ar/speakers/jin-li/index.html");
    assert_eq!(attrs(&page, "h1 .honorific", "lang"), ["en"]);
    assert_eq!(texts(&page, "h1 bdi.honorific"), ["Mr"]);
    // the original's own page marks nothing
    assert!(attrs(&s.page("speakers/jin-li/index.html"), "h1 .honorific", "lang").is_empty());
}

/// A language file named for no language of the site (`site.es.yaml` with no `es`, a code in
/// another case, `fr_FR`) is read by nothing: a warning naming it, and the name meant.
#[test]
fn a_language_file_named_for_no_language_of_the_site_is_told() {
    let s = TestSite::example();
    s.write("site.es.yaml", "title: Cumbre\n");
    s.write("site.FR.yaml", "title: Sommet\n");
    s.write("i18n/fr_FR.yaml", "home: Accueil\n");
    s.write("i18n/zh.yaml", "home: 首页\n");
    s.write("i18n/en.yaml", "home: Start\n");
    let run = s.build_ok(&[]);
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.contains("not one of the site's languages")).collect();
    assert_eq!(warned.len(), 3, "{}", run.stderr);
    assert!(run.stderr.contains("site.es.yaml: warning: site.es.yaml is for `es`"), "{}", run.stderr);
    assert!(run.stderr.contains("help: the site's language is `fr`: name the file i18n/fr.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("help: the site's language is `fr`: name the file site.fr.yaml"), "{}", run.stderr);
}

/// A translated name that does not say its family name takes the original's place for it:
/// "Li Wei" (family name Li, first) as "لي وي" files under ل, not under و; "Anna Smith"
/// (family name Smith, last) as "آنا سميث" under س.
#[test]
fn a_translated_name_files_under_the_family_name_at_the_originals_place() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n",
    );
    s.write("content/speakers/li-wei.md", "---\nname: Li Wei\nfamily_name: Li\n---\n");
    s.write("content/speakers/li-wei.ar.md", "---\nname: لي وي\n---\n");
    s.write("content/speakers/anna-smith.md", "---\nname: Anna Smith\nfamily_name: Smith\n---\n");
    s.write("content/speakers/anna-smith.ar.md", "---\nname: آنا سميث\n---\n");
    s.build_ok(&[]);
    let page = s.page("ar/speakers/index.html");
    let mut letters = texts(&page, ".letters a");
    letters.sort();
    assert_eq!(letters, ["س", "ل"]);
    assert_eq!(texts(&s.page("speakers/index.html"), ".letters a"), ["L", "S"]);
}

/// A translated last chapter lists its language's references under the language's heading,
/// in the table of contents too, and an untranslated chapter's citations then lead to that
/// list in the reader's language. A work only a translation cites, where the last chapter is
/// untranslated (so the language's list is the original's), is an error at the citation.
#[test]
fn a_languages_reference_list_is_where_its_citations_lead() {
    let s = TestSite::example();
    s.write(
        "content/papers/white-paper-ai-era/03-governance.ar.md",
        "---\ntitle: الحوكمة\n---\n\n## المبادئ\n\nنص [@unesco2021; @unesco2019].\n",
    );
    s.build_ok(&[]);
    let last = s.page("ar/papers/white-paper-ai-era/governance/index.html");
    assert_eq!(texts(&last, "nav.toc a[href='#references']"), ["المراجع"]);
    // an English entry or citation in an Arabic chapter keeps its own direction ("(UNESCO,
    // 2019)", not ")UNESCO, 2019(")
    assert!(attrs(&last, ".references li", "dir").iter().all(|d| d == "auto"));
    assert_eq!(attrs(&last, ".prose .cite", "dir"), ["auto"]);
    let intro = s.page("ar/papers/white-paper-ai-era/introduction/index.html");
    let cites = attrs(&intro, ".prose a.cite, .prose .cite a", "href");
    assert!(!cites.is_empty());
    assert!(cites.iter().all(|h| h.starts_with("/ar/papers/white-paper-ai-era/governance/#ref-")), "{cites:?}");
    // cited only in a translation whose language's list is the original's
    s.write(
        "content/papers/white-paper-ai-era/01-introduction.zh.md",
        "---\ntitle: 引言\n---\n\n## 背景\n\n见 [@unesco2021] 与 [@onlyhere2024]。\n\n\
         写作 `[@onlyhere2024]` 或 `@onlyhere2024`：\n\n```\n[@onlyhere2024] @onlyhere2024\n```\n",
    );
    let bib = std::fs::read_to_string(s.root.join("content/papers/white-paper-ai-era/references.bib")).unwrap();
    s.write(
        "content/papers/white-paper-ai-era/references.bib",
        &format!(
            "{bib}\n@misc{{onlyhere2024,\n  title = {{Only here}},\n  author = {{Someone}},\n  year = {{2024}}\n}}\n"
        ),
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // one error, at the citation: the key in code is the author's text
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("content/papers/white-paper-ai-era/01-introduction.zh.md:7:19: error: `onlyhere2024` is cited in this translation only"),
        "{}",
        run.stderr
    );
}

/// The print edition shows the originals in every language: marked and noted as English on
/// another language's page even when the paper's landing page is translated, and its links
/// between chapters stay in the page however many chapters are translated.
#[test]
fn the_print_edition_is_the_originals_marked_as_such_with_its_links_inside() {
    let s = TestSite::example();
    s.write("content/papers/white-paper-ai-era/_index.ar.md", "---\ntitle: الورقة البيضاء\n---\n\nمقدمة.\n");
    for (file, title) in
        [("01-introduction", "引言"), ("02-teaching-and-learning", "教与学"), ("03-governance", "治理")]
    {
        s.write(
            &format!("content/papers/white-paper-ai-era/{file}.zh.md"),
            &format!("---\ntitle: {title}\n---\n\n## 一\n\n文 [@unesco2019]。\n"),
        );
    }
    s.build_ok(&[]);
    let ar = s.page("ar/papers/white-paper-ai-era/print/index.html");
    assert_eq!(attrs(&ar, ".fallback", "lang"), ["en"]);
    assert_eq!(texts(&ar, ".fallback-note").len(), 1);
    let zh = s.page("zh/papers/white-paper-ai-era/print/index.html");
    let links = attrs(&zh, ".print-chapter a.cite, .print-chapter a.xref", "href");
    assert!(!links.is_empty());
    assert!(links.iter().all(|h| h.starts_with('#')), "{links:?}");
}

/// A translation with a title and no text shows an empty page where, without it, the
/// original's text would show: a warning says so at the file.
#[test]
fn a_translation_without_text_is_told() {
    let s = TestSite::example();
    s.write("content/papers/white-paper-ai-era/02-teaching-and-learning.ar.md", "---\ntitle: التعليم والتعلم\n---\n");
    s.write("content/speakers/jin-li.ar.md", "---\nname: جين لي\n---\n");
    let run = s.run(&["check"]);
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.contains("this translation has no text")).collect();
    assert_eq!(
        warned,
        [
            "content/papers/white-paper-ai-era/02-teaching-and-learning.ar.md: warning: this translation has no text: its page shows none of the original's",
            "content/speakers/jin-li.ar.md: warning: this translation has no text: its page shows none of the original's",
        ]
    );
}

/// A translated landing page of a paper shows its own title, subtitle, abstract and keywords
/// (they showed the original's), on it and over its chapters; the print edition, the
/// originals' text, keeps the original's.
#[test]
fn a_translated_paper_shows_its_own_abstract_and_the_print_edition_the_originals() {
    let s = TestSite::example();
    s.write(
        "content/papers/white-paper-ai-era/_index.ar.md",
        "---\ntitle: الورقة البيضاء\nsubtitle: مسودة\nabstract: ملخص عربي.\nkeywords: [التعليم]\n---\n\nمقدمة.\n",
    );
    s.build_ok(&[]);
    let landing = s.page("ar/papers/white-paper-ai-era/index.html");
    assert_eq!(texts(&landing, ".abstract > p:not(.keywords)"), ["ملخص عربي."]);
    assert_eq!(texts(&landing, "header .lede"), ["مسودة"]);
    assert!(texts(&landing, ".keywords").concat().contains("التعليم"));
    let chapter = s.page("ar/papers/white-paper-ai-era/introduction/index.html");
    assert_eq!(texts(&chapter, ".kicker > a"), ["الورقة البيضاء"]);
    let print = s.page("ar/papers/white-paper-ai-era/print/index.html");
    assert_eq!(
        texts(&print, ".print-cover h1"),
        ["White Paper on Higher Education in the Artificial Intelligence Era"]
    );
    assert!(!texts(&print, ".abstract > p").concat().contains("ملخص عربي"));
    assert!(texts(&print, ".abstract > p").concat().contains("This illustrative draft"));
}

/// A table's scrolling region is named for screen readers in its document's language.
#[test]
fn a_tables_region_is_named_in_its_language() {
    let s = TestSite::example();
    s.write("content/pages/about.zh.md", "---\ntitle: 关于\n---\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n");
    s.build_ok(&[]);
    assert_eq!(attrs(&s.page("zh/about/index.html"), ".table-scroll", "aria-label"), ["表格"]);
}

/// On a paper's pages in a language where some chapters are translated, each chapter's title
/// in the contents and in the previous/next links is marked with its own language: the
/// translated ones the page's (also inside an English page), the others English.
#[test]
fn chapter_titles_carry_their_own_language_in_the_contents_and_links() {
    let s = TestSite::example();
    s.write("content/papers/white-paper-ai-era/03-governance.ar.md", "---\ntitle: الحوكمة\n---\n\nنص.\n");
    s.build_ok(&[]);
    let landing = s.page("ar/papers/white-paper-ai-era/index.html");
    assert_eq!(attrs(&landing, ".fallback nav.paper-toc", "lang"), ["ar"]);
    assert_eq!(attrs(&landing, "nav.paper-toc > ol > li > a[lang=en]", "dir"), ["ltr", "ltr"]);
    assert_eq!(texts(&landing, "nav.paper-toc > ol > li > a:not([lang])"), ["3 الحوكمة"]);
    let teaching = s.page("ar/papers/white-paper-ai-era/teaching-and-learning/index.html");
    assert_eq!(attrs(&teaching, ".fallback nav.prev-next", "lang"), ["ar"]);
    assert_eq!(attrs(&teaching, ".prev-next .prev bdi", "lang"), ["en"]);
    assert!(attrs(&teaching, ".prev-next .next bdi", "lang").is_empty());
    assert_eq!(texts(&teaching, ".prev-next .next bdi"), ["الحوكمة"]);
    // the translated chapter names its untranslated paper in English
    let governance = s.page("ar/papers/white-paper-ai-era/governance/index.html");
    assert_eq!(attrs(&governance, ".kicker > a", "lang"), ["en"]);
    assert!(attrs(&s.page("papers/white-paper-ai-era/governance/index.html"), ".kicker > a", "lang").is_empty());
}
