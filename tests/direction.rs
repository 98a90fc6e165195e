//! Language and direction marks, read from every page of the example site as a screen reader
//! and a browser's bidirectional algorithm would read them: each piece of Arabic text is in
//! an element whose language is Arabic and whose direction is right to left, each piece of
//! Chinese text in one whose language is Chinese; on an Arabic page shown in English for want
//! of a translation, the English text runs left to right while the layout (cards, lists of
//! people and topics) keeps the page's direction.

mod common;

use common::TestSite;
use scraper::{ElementRef, Html, Node};

/// Language of `e`: its own `lang`, else the nearest ancestor's.
fn lang_of(e: ElementRef) -> String {
    std::iter::successors(Some(e), |e| e.parent().and_then(ElementRef::wrap))
        .find_map(|e| e.value().attr("lang"))
        .unwrap_or("")
        .to_string()
}

/// Direction of `e` as HTML resolves it: the nearest `dir`; `auto` by the first letter of the
/// element's text that has a direction.
fn dir_of(e: ElementRef) -> &'static str {
    for e in std::iter::successors(Some(e), |e| e.parent().and_then(ElementRef::wrap)) {
        match e.value().attr("dir") {
            Some("rtl") => return "rtl",
            Some("ltr") => return "ltr",
            Some("auto") => {
                let text: String = e.text().collect();
                return match text.chars().find(|&c| arabic(c) || c.is_alphabetic()) {
                    Some(c) if arabic(c) => "rtl",
                    Some(_) => "ltr",
                    None => "ltr",
                };
            }
            _ => {}
        }
    }
    "ltr"
}

fn arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Each text of `doc` with the element that holds it (inside `<body>`, outside scripts).
fn texts_in(doc: &Html) -> Vec<(String, ElementRef<'_>)> {
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Text(t) = node.value() else { continue };
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else { continue };
        let inside_body = std::iter::successors(Some(parent), |e| e.parent().and_then(ElementRef::wrap))
            .any(|e| e.value().name() == "body");
        if !inside_body || ["script", "style"].contains(&parent.value().name()) || t.trim().is_empty() {
            continue;
        }
        out.push((t.trim().to_string(), parent));
    }
    out
}

#[test]
fn every_arabic_and_chinese_text_is_marked_with_its_language_and_direction() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let mut wrong = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(s.public()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry.path().strip_prefix(s.public()).unwrap().to_string_lossy().into_owned();
        let doc = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        pages += 1;
        for (text, e) in texts_in(&doc) {
            let (lang, dir) = (lang_of(e), dir_of(e));
            if text.chars().any(arabic) && (lang != "ar" || dir != "rtl") {
                wrong.push(format!("{rel}: {text:?} is lang={lang:?} dir={dir}"));
            }
            if text.chars().any(han) && !lang.starts_with("zh") {
                wrong.push(format!("{rel}: {text:?} is lang={lang:?}"));
            }
        }
    }
    assert!(pages > 200, "{pages} pages");
    assert!(
        wrong.is_empty(),
        "{} texts marked wrongly, the first:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
}

#[test]
fn a_page_shown_in_english_on_the_arabic_site_turns_its_text_not_its_layout() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    for page in [
        "ar/forums/governance/index.html",
        "ar/speakers/li-ming/index.html",
        "ar/papers/white-paper-ai-era/index.html",
        "ar/papers/white-paper-ai-era/introduction/index.html",
        "ar/papers/white-paper-ai-era/print/index.html",
    ] {
        let doc = s.page(page);
        assert_eq!(doc.select(&sel(".fallback[lang=en]")).count(), 1, "{page} is shown in English");
        // the English text: title, lead, body run left to right, in English
        let mut english = 0;
        for q in ["main h1", ".fallback .lede", ".fallback .prose > p", ".fallback nav.toc"] {
            for e in doc.select(&sel(q)) {
                english += 1;
                let text: String = e.text().collect();
                assert_eq!((lang_of(e).as_str(), dir_of(e)), ("en", "ltr"), "{page}: {q} {text:?}");
            }
        }
        assert!(english >= 3, "{page}: {english} English blocks");
        // the layout: every list of cards, people and topics, every card and section outside
        // the English body, right to left
        let in_body = |e: ElementRef| {
            std::iter::successors(e.parent().and_then(ElementRef::wrap), |e| e.parent().and_then(ElementRef::wrap))
                .any(|e| e.value().classes().any(|c| c == "prose"))
        };
        // (a chapter's own contents are its text: its headings in its direction)
        for q in
            ["main", ".fallback", ".cards", ".card", ".people", ".people > li", ".tags", "section", "nav:not(.toc)"]
        {
            for e in doc.select(&sel(q)).filter(|&e| !in_body(e)) {
                assert_eq!(dir_of(e), "rtl", "{page}: {q} {:?}", e.value().attr("class"));
            }
        }
    }
    // the programme: a session's people are listed in the page's words ("A وB"), so in its
    // direction, whatever script the first name is written in
    let programme = s.page("ar/programme/index.html");
    for e in programme.select(&sel(".session-people")) {
        assert_eq!(dir_of(e), "rtl", "{:?}", e.text().collect::<String>());
    }
    // an untranslated speaker on the Arabic list: the card sits as the others do; its name and
    // role run left to right, its country (the page's words) right to left
    let doc = s.page("ar/speakers/index.html");
    let cards: Vec<ElementRef> = doc.select(&sel(".speaker-card[lang=en]")).collect();
    assert!(!cards.is_empty());
    for card in cards {
        assert_eq!(dir_of(card), "rtl");
        for e in card.select(&sel(".card-title, .card-summary")) {
            assert_eq!(dir_of(e), "ltr", "{:?}", e.text().collect::<String>());
        }
        for e in card.select(&sel(".card-meta")) {
            assert_eq!((lang_of(e).as_str(), dir_of(e)), ("ar", "rtl"));
        }
    }
}

/// A paper's contents on an Arabic page list English chapters' sections: each entry runs left
/// to right in English, its number first ("1.1 Why this paper"; it read "Why this paper 1.1"),
/// in the landing page's contents and the print edition's, whose address reads as written.
#[test]
fn english_contents_on_an_arabic_page_read_number_first() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    for (page, q) in [
        ("ar/papers/white-paper-ai-era/index.html", "nav.paper-toc ol ol a"),
        ("ar/papers/white-paper-ai-era/print/index.html", "nav.print-toc a"),
    ] {
        let doc = s.page(page);
        let entries: Vec<ElementRef> = doc.select(&sel(q)).collect();
        assert!(entries.len() >= 10, "{page}: {}", entries.len());
        for e in entries {
            let text: String = e.text().collect();
            assert_eq!(dir_of(e), "ltr", "{page}: {text:?}");
        }
        // the list itself keeps the page's layout
        assert_eq!(dir_of(doc.select(&sel("nav.paper-toc > ol")).next().unwrap()), "rtl", "{page}");
    }
    let landing = s.page("ar/papers/white-paper-ai-era/index.html");
    assert!(landing.select(&sel("nav.paper-toc ol ol a")).all(|e| lang_of(e) == "en"));
    // on a page written in the same direction the sections of an English chapter are English
    // all the same (they were in the page's French: only a chapter in another direction gave
    // its language to its sections)
    let french = s.page("fr/papers/white-paper-ai-era/index.html");
    for chapter in french.select(&sel("nav.paper-toc > ol > li")) {
        let title = chapter.select(&sel("a")).next().unwrap();
        for e in chapter.select(&sel("ol a")) {
            let text: String = e.text().collect();
            assert_eq!(lang_of(e), lang_of(title), "{text:?}");
        }
    }
    assert!(french.select(&sel("nav.paper-toc ol ol a[lang=en]")).count() >= 5);
    let print = s.page("ar/papers/white-paper-ai-era/print/index.html");
    let address = print.select(&sel(".print-url a")).next().unwrap();
    assert_eq!(dir_of(address), "ltr");
}

/// A language the theme has no strings for (Persian, right to left; German, left to right):
/// every theme string its pages show in English is marked English and left to right — the
/// footer's "Built with plenary." keeps its full stop at its end, a screen reader reads it
/// with an English voice — while the strings the site gives in the language (its own
/// `i18n/fa.yaml`) carry the page's marks only. Where markup cannot go (`<title>`, an
/// attribute, a script) the string stays plain, and no mark is left in any file.
#[test]
fn theme_strings_falling_back_to_english_are_marked_english() {
    let s = TestSite::example();
    let config = std::fs::read_to_string(s.root.join("site.yaml")).unwrap();
    let more = "\n  - code: fa\n    name: فارسی\n  - code: de\n    name: Deutsch\nevent:";
    s.write("site.yaml", &config.replacen("\nevent:", more, 1));
    s.write("i18n/fa.yaml", "home: خانه\nprogramme: برنامه\n");
    s.build_ok(&[]);
    let en: std::collections::BTreeMap<String, String> = serde_yaml::from_str(
        &std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml"))
            .unwrap(),
    )
    .unwrap();
    // the English strings that are words, as a page shows them whole
    let english: Vec<&str> = en
        .iter()
        .filter(|(k, v)| !v.contains('{') && v.chars().any(char::is_alphabetic) && k.as_str() != "honorific_order")
        .map(|(_, v)| v.trim())
        .collect();
    let (mut marked, mut own) = (0, 0);
    let mut wrong = Vec::new();
    for entry in walkdir::WalkDir::new(s.public()).sort_by_file_name() {
        let entry = entry.unwrap();
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        let rel = entry.path().strip_prefix(s.public()).unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(['\u{FDD0}', '\u{FDD1}', '\u{FDD2}']), "{rel} holds a mark");
        if !(rel.starts_with("fa/") || rel.starts_with("de/")) || !rel.ends_with(".html") {
            continue;
        }
        let title = &text[text.find("<title>").unwrap()..text.find("</title>").unwrap()];
        assert!(!title[1..].contains('<'), "{rel}: {title}");
        let doc = Html::parse_document(&text);
        for (t, e) in texts_in(&doc) {
            if english.contains(&t.as_str()) {
                marked += 1;
                if (lang_of(e).as_str(), dir_of(e)) != ("en", "ltr") {
                    wrong.push(format!("{rel}: {t:?} is lang={:?} dir={}", lang_of(e), dir_of(e)));
                }
            }
            if ["خانه", "برنامه"].contains(&t.as_str()) {
                own += 1;
                if (lang_of(e).as_str(), dir_of(e)) != ("fa", "rtl") || e.value().attr("lang").is_some() {
                    wrong.push(format!("{rel}: {t:?} is lang={:?} dir={} on itself", lang_of(e), dir_of(e)));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} texts marked wrongly, the first:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
    assert!(marked > 500 && own > 100, "{marked} English strings, {own} Persian ones");
    let footer = s.page("fa/index.html");
    let built = footer.select(&scraper::Selector::parse(".built-with > span[lang=en][dir=ltr]").unwrap()).count();
    assert_eq!(built, 1, "the footer's words are marked English");
    // the pages of the languages the theme has strings for are as before: nothing marked
    let ar = std::fs::read_to_string(s.public().join("ar/index.html")).unwrap();
    assert!(!ar.contains("<span lang=\"en\" dir=\"ltr\">"), "no Arabic string falls back");
    // a script's label says its language only where it falls back: no empty attribute on
    // every page where none does
    let fa = std::fs::read_to_string(s.public().join("fa/programme/index.html")).unwrap();
    assert!(fa.contains(" data-dark-mark=\"en ltr\"") && fa.contains(" data-now-mark=\"en ltr\""), "the marks");
    let ar = std::fs::read_to_string(s.public().join("ar/programme/index.html")).unwrap();
    assert!(!ar.contains("-mark="), "an Arabic page has no mark to give");
}

/// The texts of `site.yaml` a language's `site.<code>.yaml` gives no words for (rooms, the
/// venue, its city, the tagline, organisers) show as `site.yaml` writes them: on a Persian
/// page they are marked as the default language's (English, left to right), as a theme
/// string is; a room a language names (Chinese) is not.
#[test]
fn site_texts_a_language_leaves_out_are_marked_as_the_default_language() {
    let s = TestSite::example();
    let config = std::fs::read_to_string(s.root.join("site.yaml")).unwrap();
    s.write("site.yaml", &config.replacen("\nevent:", "\n  - code: fa\n    name: فارسی\nevent:", 1));
    s.build_ok(&[]);
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    let rooms = ["Main Hall", "Hall A", "Hall B"];
    let programme = s.page("fa/programme/index.html");
    let shown: Vec<ElementRef> = programme
        .select(&sel("main bdi span"))
        .filter(|e| rooms.contains(&e.text().collect::<String>().as_str()))
        .collect();
    assert!(shown.len() >= 10, "{} rooms", shown.len());
    for e in shown {
        assert_eq!((lang_of(e).as_str(), dir_of(e)), ("en", "ltr"), "{:?}", e.text().collect::<String>());
    }
    let home = s.page("fa/index.html");
    for q in [".kicker bdi > span", ".lede > span"] {
        let found: Vec<ElementRef> = home.select(&sel(q)).collect();
        assert!(!found.is_empty(), "{q}");
        for e in found {
            assert_eq!((lang_of(e).as_str(), dir_of(e)), ("en", "ltr"), "{q} {:?}", e.text().collect::<String>());
        }
    }
    // Chinese names its rooms: they are the page's words
    let chinese = std::fs::read_to_string(s.public().join("zh/programme/index.html")).unwrap();
    assert!(!rooms.iter().any(|r| chinese.contains(r)), "the Chinese programme names every room");
    assert!(!chinese.contains("<span lang=\"en\" dir=\"ltr\">"), "nothing marked English");
    // files keep site.yaml's words plain
    let schedule = std::fs::read_to_string(s.public().join("fa/schedule.json")).unwrap();
    assert!(schedule.contains("\"Hall A\"") && !schedule.contains('\u{FDD0}'));
}

/// A string falling back to a language of the site is marked with the direction `site.yaml`
/// gives that language, not the one its code has in CLDR: Kurdish written `ku` (Latin, left
/// to right in CLDR) set `direction: rtl` for Sorani is marked right to left on the German
/// page that falls back to it.
#[test]
fn a_fallback_string_takes_the_direction_the_site_gives_its_language() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ndefault_language: ku\nlanguages:\n  - code: ku\n    name: کوردی\n    direction: rtl\n  - code: de\n    name: Deutsch\n",
    );
    s.write("i18n/ku.yaml", "built_with: بە plenary دروستکراوە.\n");
    s.build_ok(&[]);
    let sel = scraper::Selector::parse(".built-with > span").unwrap();
    let de = s.page("de/index.html");
    let built: Vec<ElementRef> = de.select(&sel).collect();
    assert_eq!(built.len(), 1, "the footer's words are marked");
    assert_eq!((lang_of(built[0]).as_str(), dir_of(built[0])), ("ku", "rtl"));
    // the Kurdish page's own words carry the page's marks only
    assert_eq!(s.page("index.html").select(&sel).count(), 0);
}

/// A paper's words that its pass writes into the body ("References", "Figure 1.1.", "Table
/// 1.1", the comment link) on a Persian site, whose theme has no Persian strings, are
/// English, and marked English where they are text; an attribute (the ¶ link's label) keeps
/// the plain words. On an English site nothing is marked.
#[test]
fn a_papers_words_falling_back_to_english_are_marked_english() {
    let bib =
        "@book{u2021,\n  author = {{UNESCO}},\n  title = {Ethics},\n  publisher = {UNESCO},\n  year = {2021}\n}\n";
    let chapter = "---\ntitle: نخست\n---\n\n## الف {#sec:a}\n\nبند [@u2021] و [@fig:c] و [@tbl:d; @tbl:e].\n\n![Alt](c.svg \"نمودار\") {#fig:c}\n\nTable: داده {#tbl:d}\n\n| a |\n|---|\n| 1 |\n\nTable: داده {#tbl:e}\n\n| a |\n|---|\n| 1 |\n";
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    for (language, marked) in [("fa", true), ("en", false)] {
        let s = TestSite::new();
        s.write(
            "site.yaml",
            &format!("title: T\nbase_url: https://example.org/\ndefault_language: {language}\nlanguages:\n  - code: {language}\n    name: L\n"),
        );
        s.write(
            "content/papers/wp/_index.md",
            "---\ntitle: سند\ndate: 2023-12-09\ncomment_url: \"mailto:c@example.org?subject={anchor}\"\nreferences: refs.bib\n---\n\nمتن.\n",
        );
        s.write("content/papers/wp/refs.bib", bib);
        s.write("content/papers/wp/c.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>");
        s.write("content/papers/wp/01-a.md", chapter);
        s.build_ok(&[]);
        let page = s.page("papers/wp/a/index.html");
        for q in [".references h2", "figcaption .caption-label", "a.xref", ".para-tools .comment-link"] {
            let found: Vec<ElementRef> = page.select(&sel(q)).collect();
            assert!(!found.is_empty(), "{language}: {q}");
            for e in found {
                let text = e.text().collect::<String>();
                let spans: Vec<ElementRef> = e.select(&sel("span[lang]")).collect();
                let inner = if q == "a.xref" && text.starts_with('1') { 0 } else { 1 };
                if marked && inner == 1 {
                    assert_eq!(spans.len(), 1, "{language}: {q} {text:?} {}", e.html());
                    assert_eq!((lang_of(spans[0]).as_str(), dir_of(spans[0])), ("en", "ltr"), "{q} {text:?}");
                    assert_eq!(spans[0].text().collect::<String>(), text, "{q}: the whole word is marked");
                } else {
                    assert!(spans.is_empty() && e.value().attr("lang").is_none(), "{language}: {q} {}", e.html());
                }
            }
        }
        // in the plural group "Tables 1.1 و 1.2" the word is marked, the numbers are joined as
        // the page's language joins them
        let group: Vec<String> =
            page.select(&sel(".prose p > span[lang=en]")).map(|e| e.text().collect::<String>()).collect();
        assert_eq!(group, if marked { vec!["Tables\u{a0}".to_string()] } else { vec![] });
        let label = page.select(&sel("a.pilcrow")).next().unwrap().value().attr("aria-label").unwrap().to_string();
        assert_eq!(label, "Link to this paragraph");
    }
}

/// A sentence the programme composes of several strings ("Add the whole programme to your
/// calendar", a space, "(.ics)" in a link, then a full stop) that falls back to English on a
/// Persian page is marked English as a whole, so a right-to-left page lays it out as one
/// English sentence, its full stop at its end, not piece by piece; on the English and Arabic
/// pages (whose theme has the strings) it is not marked.
#[test]
fn a_sentence_composed_of_fallback_strings_is_marked_as_a_whole() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: S\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fa, name: فارسی}\n  - {code: ar, name: العربية}\nevent:\n  name: S\n  start: 2023-12-07\n  end: 2023-12-08\n  timezone: Asia/Tehran\n",
    );
    s.write("content/forums/a.md", "---\ntitle: A\ndate: 2023-12-07\nstart: \"10:00\"\nend: \"11:00\"\n---\n\nText.\n");
    s.build_ok(&[]);
    let whole = scraper::Selector::parse(".programme-note > span[lang]").unwrap();
    let fa = s.page("fa/programme/index.html");
    let spans: Vec<ElementRef> =
        fa.select(&whole).filter(|e| e.select(&scraper::Selector::parse("a").unwrap()).next().is_some()).collect();
    assert_eq!(spans.len(), 1, "the link and its full stop in one span");
    assert_eq!((lang_of(spans[0]).as_str(), dir_of(spans[0])), ("en", "ltr"));
    assert!(spans[0].text().collect::<String>().ends_with(".ics)."), "{}", spans[0].html());
    for page in ["programme/index.html", "ar/programme/index.html"] {
        let doc = s.page(page);
        assert!(
            doc.select(&scraper::Selector::parse(".programme-note span[lang]").unwrap()).next().is_none(),
            "{page}"
        );
    }
}

/// A programme's list of people is written with the page's list words and each name a
/// bidirectional isolate (FSI … PDI), so English names on a Persian page keep the list's
/// commas and "و" where Persian puts them (the comma went to the name's side: "Jin Li ,و
/// Qian Tang"); an English page's list is isolated alike.
#[test]
fn names_in_a_list_are_isolated_from_its_words() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: S\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fa, name: فارسی}\nevent:\n  name: S\n  start: 2023-12-07\n  end: 2023-12-07\n  timezone: Asia/Tehran\n",
    );
    for (slug, name) in [("tao-zhan", "Tao Zhan"), ("jin-li", "Jin Li"), ("qian-tang", "Qian Tang")] {
        s.write(&format!("content/speakers/{slug}.md"), &format!("---\nname: {name}\n---\n"));
    }
    s.write(
        "content/forums/opening.md",
        "---\ntitle: Opening\ndate: 2023-12-07\nstart: \"09:00\"\nend: \"10:00\"\nspeakers: [tao-zhan, jin-li, qian-tang]\n---\n",
    );
    s.build_ok(&[]);
    let people = |page: &str| {
        let doc = s.page(page);
        let sel = scraper::Selector::parse(".session-people").unwrap();
        doc.select(&sel).next().map(|e| e.text().collect::<String>()).expect("the session's people")
    };
    let isolated = |name: &str| format!("\u{2068}{name}\u{2069}");
    let (tao, jin, qian) = (isolated("Tao Zhan"), isolated("Jin Li"), isolated("Qian Tang"));
    assert_eq!(people("fa/programme/index.html"), format!("{tao}،\u{200f} {jin}، و {qian}"));
    assert_eq!(people("programme/index.html"), format!("{tao}, {jin} and {qian}"));
}

/// A topic a language has no word for is shown in the default language's (the original's
/// word, "ai policy" on the Arabic topics page): wherever a page of another language shows
/// it — the topics page, the topic's own page, a card — it is marked as English, so a screen
/// reader reads it with an English voice, and a word of the page's own is not marked.
#[test]
fn topics_in_the_default_languages_words_are_marked_as_it() {
    let s = TestSite::example();
    s.build_ok(&[]);
    // the translations' own topic words (a French "leadership" is French)
    let mut own: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(s.root.join("content")) {
        let path = entry.unwrap().into_path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if [".ar.md", ".fr.md", ".zh.md"].iter().any(|l| name.ends_with(l)) {
            let text = std::fs::read_to_string(&path).unwrap();
            let front: serde_yaml::Value = serde_yaml::from_str(text.split("---").nth(1).unwrap()).unwrap();
            own.extend(
                front["topics"].as_sequence().into_iter().flatten().filter_map(|t| t.as_str()).map(String::from),
            );
        }
    }
    let english = s.page("topics/index.html");
    let words: Vec<String> = common::texts(&english, "ul.terms a").into_iter().filter(|w| !own.contains(w)).collect();
    assert!(words.len() > 10, "{words:?}");
    let (mut seen, mut wrong) = (0, Vec::new());
    for entry in walkdir::WalkDir::new(s.public()).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(s.public()).unwrap().to_string_lossy().into_owned();
        if !["ar/", "zh/", "fr/"].iter().any(|l| rel.starts_with(l)) || !rel.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        for (t, e) in texts_in(&doc).into_iter().filter(|(t, _)| words.contains(t)) {
            seen += 1;
            if lang_of(e) != "en" {
                wrong.push(format!("{rel}: {t:?} is lang={:?}", lang_of(e)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} topic words not marked English:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
    assert!(seen > 50, "{seen} English topic words seen on other languages' pages");
    let ar = s.page("ar/topics/index.html");
    assert!(common::texts(&ar, "ul.terms a").contains(&"التعليم العالي".to_string()), "the Arabic words stay");
}
