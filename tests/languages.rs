//! Many languages: URL layout, translations and visible fallbacks, alternates in `<head>` and
//! the sitemap, right-to-left markup, theme strings, CLDR dates, per-language feeds, and the
//! translation report of `plenary check`.

mod common;

use common::{attrs, texts, TestSite};

const CONFIG: &str = "title: Summit\nbase_url: https://example.org/s/\nevent:\n  name: Summit\n  start: 2023-12-07\n  end: 2023-12-09\n  timezone: Asia/Shanghai\nlanguages:\n  - {code: en, name: English}\n  - {code: zh, name: 中文, title: 峰会}\n  - {code: ar, name: العربية}\n";

fn site() -> TestSite {
    let s = TestSite::new();
    s.write("site.yaml", CONFIG);
    s.write("content/_index.md", "---\ntitle: Welcome\n---\n\nSee [the forum](@/forums/teachers.md#the-theme).\n");
    s.write("content/_index.zh.md", "---\ntitle: 欢迎\n---\n\n请看[论坛](@/forums/teachers.md#the-theme)。\n");
    s.write("content/_index.ar.md", "---\ntitle: أهلًا\n---\n\nانظر [المنتدى](@/forums/teachers.md#the-theme).\n");
    s.write("content/forums/teachers.md", "---\ntitle: Teachers\ndate: 2023-12-08\nstart: \"09:00\"\nend: \"10:00\"\nspeakers: [tao-zhan]\n---\n\n## The theme\n\nText.\n");
    s.write("content/forums/teachers.zh.md", "---\ntitle: 教师\ndate: 2023-12-08\nstart: \"09:00\"\nend: \"10:00\"\nspeakers: [tao-zhan]\n---\n\n## 主题 {#the-theme}\n\n正文。\n");
    s.write("content/speakers/tao-zhan.md", "---\nname: Tao Zhan\nrole: Director\n---\n");
    s.write("content/speakers/tao-zhan.ar.md", "---\nname: تاو جان\nrole: مدير\n---\n");
    s.write("content/news/report.md", "---\ntitle: Report\ndate: 2023-12-09\n---\n\nNews.\n");
    s
}

#[test]
fn every_page_exists_in_every_language_under_its_prefix() {
    let s = site();
    s.build_ok(&[]);
    for prefix in ["", "zh/", "ar/"] {
        for page in [
            "index.html",
            "forums/teachers/index.html",
            "speakers/tao-zhan/index.html",
            "news/index.html",
            "programme/index.html",
            "search/index.html",
            "404.html",
        ] {
            assert!(s.public().join(prefix).join(page).is_file(), "{prefix}{page}");
        }
    }
    assert_eq!(texts(&s.page("zh/forums/teachers/index.html"), "h1"), ["教师"]);
    assert_eq!(texts(&s.page("ar/speakers/tao-zhan/index.html"), "h1"), ["تاو جان"]);
}

#[test]
fn html_lang_and_direction_per_language() {
    let s = site();
    s.build_ok(&[]);
    let html = |p: &str| (attrs(&s.page(p), "html", "lang")[0].clone(), attrs(&s.page(p), "html", "dir")[0].clone());
    assert_eq!(html("index.html"), ("en".into(), "ltr".into()));
    assert_eq!(html("zh/index.html"), ("zh".into(), "ltr".into()));
    assert_eq!(html("ar/index.html"), ("ar".into(), "rtl".into()));
    // names that may be in another script are isolated from the surrounding direction
    let ar = s.page("ar/forums/teachers/index.html");
    assert_eq!(attrs(&ar, ".people a", "dir"), ["auto"]);
    assert!(!attrs(&s.page("ar/index.html"), ".card-title a[dir=auto]", "href").is_empty());
    // the site title is translated where site.yaml says so
    assert_eq!(texts(&s.page("zh/index.html"), ".site-title"), ["峰会"]);
    assert_eq!(texts(&s.page("ar/index.html"), ".site-title"), ["Summit"]);
}

#[test]
fn untranslated_pages_fall_back_visibly_with_the_right_lang_and_dir() {
    let s = site();
    s.build_ok(&[]);
    let ar = s.page("ar/forums/teachers/index.html");
    assert_eq!(texts(&ar, ".fallback-note").len(), 1);
    assert_eq!(attrs(&ar, ".fallback", "lang"), ["en"]);
    assert_eq!(attrs(&ar, ".fallback", "dir"), ["ltr"]);
    assert_eq!(texts(&ar, ".fallback h1"), ["Teachers"]);
    // translated pages have no note
    assert!(texts(&s.page("zh/forums/teachers/index.html"), ".fallback-note").is_empty());
    assert!(texts(&s.page("forums/teachers/index.html"), ".fallback-note").is_empty());
}

#[test]
fn switcher_and_hreflang_alternates_link_the_same_page_in_every_language() {
    let s = site();
    s.build_ok(&[]);
    let zh = s.page("zh/forums/teachers/index.html");
    assert_eq!(
        attrs(&zh, ".lang-switch a", "href"),
        ["/s/forums/teachers/", "/s/zh/forums/teachers/", "/s/ar/forums/teachers/"]
    );
    assert_eq!(attrs(&zh, ".lang-switch a[aria-current]", "hreflang"), ["zh"]);
    assert_eq!(attrs(&zh, "link[rel=alternate][hreflang]", "hreflang"), ["en", "x-default", "zh", "ar"]);
    assert_eq!(attrs(&zh, "link[hreflang=ar]", "href"), ["https://example.org/s/ar/forums/teachers/"]);
    let sitemap = std::fs::read_to_string(s.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://example.org/s/ar/forums/teachers/"));
    let ar_entry = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url") && n.children().any(|c| c.text() == Some("https://example.org/s/zh/forums/teachers/"))
        })
        .unwrap();
    let langs: Vec<&str> =
        ar_entry.children().filter(|c| c.has_tag_name("link")).filter_map(|c| c.attribute("hreflang")).collect();
    assert_eq!(langs, ["en", "zh", "ar"]);
    assert!(!s.public().join("zh/sitemap.xml").exists(), "one sitemap for the site");
}

#[test]
fn cross_references_stay_in_the_language() {
    let s = site();
    s.build_ok(&[]);
    assert_eq!(attrs(&s.page("zh/index.html"), ".prose a", "href"), ["/s/zh/forums/teachers/#the-theme"]);
    assert_eq!(attrs(&s.page("ar/index.html"), ".prose a", "href"), ["/s/ar/forums/teachers/#the-theme"]);
    // a speaker card on the Chinese forum page uses the Arabic name only on Arabic pages
    assert_eq!(texts(&s.page("zh/forums/teachers/index.html"), ".people a"), ["Tao Zhan"]);
    assert_eq!(texts(&s.page("ar/forums/teachers/index.html"), ".people a"), ["تاو جان"]);
}

#[test]
fn a_title_goes_after_the_name_in_chinese_and_before_it_elsewhere() {
    let s = site();
    s.write("content/speakers/tao-zhan.md", "---\nname: Tao Zhan\nhonorific: Mr\n---\n");
    s.write("content/speakers/tao-zhan.zh.md", "---\nname: 陶展\nhonorific: 先生\n---\n");
    s.write("content/speakers/tao-zhan.ar.md", "---\nname: تاو جان\nhonorific: السيد\n---\n");
    s.build_ok(&[]);
    let h1 = |rel: &str| texts(&s.page(rel), "h1")[0].clone();
    assert_eq!(h1("zh/speakers/tao-zhan/index.html"), "陶展先生");
    assert_eq!(h1("speakers/tao-zhan/index.html"), "Mr Tao Zhan");
    assert_eq!(h1("ar/speakers/tao-zhan/index.html"), "السيد تاو جان");
}

#[test]
fn theme_strings_and_dates_per_language() {
    let s = site();
    s.build_ok(&[]);
    let zh = s.page("zh/forums/teachers/index.html");
    assert_eq!(texts(&zh, ".site-nav a")[0], "首页");
    assert_eq!(texts(&zh, ".facts time")[0], "2023年12月8日");
    assert_eq!(texts(&s.page("zh/programme/index.html"), ".programme-day h2"), ["2023年12月8日"]);
    let ar = s.page("ar/index.html");
    assert_eq!(texts(&ar, ".site-nav a")[0], "الرئيسية");
    assert!(texts(&s.page("ar/news/index.html"), ".card-meta time")[0].contains("ديسمبر"));
    assert_eq!(texts(&s.page("forums/teachers/index.html"), ".facts time")[0], "8 December 2023");
}

#[test]
fn feeds_calendars_and_search_per_language() {
    let s = site();
    s.build_ok(&[]);
    let feed = std::fs::read_to_string(s.public().join("zh/news/atom.xml")).unwrap();
    assert!(feed.contains("xml:lang=\"zh\""));
    assert!(feed.contains("<id>https://example.org/s/zh/news/</id>"));
    assert!(s.public().join("ar/programme.ics").is_file());
    assert!(std::fs::read_to_string(s.public().join("zh/programme.ics")).unwrap().contains("SUMMARY:教师"));
    assert!(s.public().join("search/zh/meta.json").is_file());
    assert_eq!(attrs(&s.page("ar/search/index.html"), "form.search-form", "data-index"), ["/s/search/ar/"]);
}

#[test]
fn a_translation_without_an_original_and_an_undeclared_language_are_errors() {
    let s = site();
    s.write("content/forums/nothing.zh.md", "---\ntitle: 无\n---\n");
    s.write("content/forums/teachers.de.md", "---\ntitle: Lehrer\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/forums/nothing.zh.md: error: this `zh` translation has no original: content/forums/nothing.md does not exist"), "{}", r.stderr);
    assert!(
        r.stderr.contains("content/forums/teachers.de.md: error: `de` is not one of the site's languages"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_prints_a_translation_report() {
    let s = site();
    s.write("i18n/ar.yaml", "home: الرئيسية\n");
    s.write("themes/default/i18n/ar.yaml", "home: الرئيسية\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("translation zh (中文): 2 pages and 0 theme strings not translated"), "{}", r.stdout);
    assert!(r.stdout.contains("  page content/news/report.md"), "{}", r.stdout);
    assert!(r.stdout.contains("translation ar (العربية): 2 pages and"), "{}", r.stdout);
    // a language the theme has no strings for: every string is reported, pages fall back
    s.write("site.yaml", &format!("{CONFIG}  - {{code: es, name: Español}}\n"));
    let r = s.run(&["check"]);
    assert!(r.stdout.contains("translation es (Español): 4 pages and "), "{}", r.stdout);
    assert!(r.stdout.contains("  string skip_to_content"), "{}", r.stdout);
    s.build_ok(&[]);
    assert_eq!(
        texts(&s.page("es/index.html"), ".site-nav a")[0],
        "Home",
        "missing strings fall back to the default language"
    );
}
