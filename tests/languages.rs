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
fn translations_load_the_one_shared_copy_of_a_co_located_file() {
    let s = site();
    s.write("content/pages/about.md", "---\ntitle: About\n---\n\n![Hall plan](plan.png) [plan](./plan.png)\n");
    s.write("content/pages/about.zh.md", "---\ntitle: 关于\n---\n\n![会场图](plan.png) [图](plan.png)\n");
    std::fs::create_dir_all(s.root.join("content/pages")).unwrap();
    std::fs::write(s.root.join("content/pages/plan.png"), common::TINY_PNG).unwrap();
    s.build_ok(&[]);
    for page in ["about/index.html", "zh/about/index.html", "ar/about/index.html"] {
        let doc = s.page(page);
        assert_eq!(attrs(&doc, "main img", "src"), ["/s/pages/plan.png"], "{page}");
        assert!(attrs(&doc, "main a", "href").contains(&"/s/pages/plan.png".to_string()), "{page}");
    }
    assert!(s.public().join("pages/plan.png").is_file());
    assert!(!s.public().join("zh/pages/plan.png").exists(), "one copy for every language");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
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
    // the layout stays the page's; the English title runs left to right
    assert!(attrs(&ar, ".fallback", "dir").is_empty());
    assert_eq!(texts(&ar, ".fallback h1[dir=ltr]"), ["Teachers"]);
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

/// A translation's own `slug` is read by nothing (its address is its original's in the
/// language's folder): a warning says so and where the address is set.
#[test]
fn a_translations_own_slug_is_a_warning_naming_the_original() {
    let s = site();
    s.write("content/forums/deans.md", "---\ntitle: Deans\n---\n");
    s.write("content/forums/deans.zh.md", "---\ntitle: 院长\nslug: yuanzhang\n---\n");
    let r = s.build_ok(&[]);
    assert!(
        r.stderr.contains("content/forums/deans.zh.md:3:7: warning: a translation's `slug` is not used: its address is its original's, in /zh/"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("set `slug` in content/forums/deans.md"), "{}", r.stderr);
    assert!(s.public().join("zh/forums/deans/index.html").is_file());
    assert!(!s.public().join("zh/forums/yuanzhang").exists());
}

/// A string of the site's `i18n/` that no template uses (a misspelt key overrides nothing) is
/// a warning at its line; one the site's own template uses is not, nor a theme string.
#[test]
fn a_site_string_no_template_uses_is_a_warning_at_its_line() {
    let s = site();
    s.write(
        "i18n/zh.yaml",
        "home: 主页
searhc: 查找
sponsor_line: 赞助
",
    );
    s.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p>{{ t(key=\"sponsor_line\") }}</p>{{ content }}{% endblock main %}");
    let r = s.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings, ["i18n/zh.yaml:2:1: warning: no template uses the string `searhc`"], "{}", r.stderr);
    assert!(r.stderr.contains("help: did you mean `search`?"), "{}", r.stderr);
}

/// Files in one language the site does not declare (most often, the language left out of
/// site.yaml) are one error, at the first, counting the others.
#[test]
fn many_files_in_an_undeclared_language_are_one_error() {
    let s = site();
    for name in ["a", "b", "c", "d"] {
        s.write(&format!("content/forums/{name}.md"), &format!("---\ntitle: {name}\n---\n"));
        s.write(&format!("content/forums/{name}.de.md"), &format!("---\ntitle: {name} (de)\n---\n"));
    }
    s.write("content/forums/a.fi.md", "---\ntitle: a (fi)\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(
        errors,
        [
            "content/forums/a.de.md: error: `de` is not one of the site's languages; content/forums/b.de.md and 2 more files are in it too",
            "content/forums/a.fi.md: error: `fi` is not one of the site's languages",
        ],
        "{}",
        r.stderr
    );
}

#[test]
fn check_summarises_translations_in_one_line_and_lists_them_when_asked() {
    let s = site();
    s.write("i18n/ar.yaml", "home: الرئيسية\n");
    s.write("themes/default/i18n/ar.yaml", "home: الرئيسية\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(
        r.stdout.starts_with("translations: zh 2 pages, 0 theme strings and 1 setting; ar 2 pages, "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("`plenary check --translations`"), "{}", r.stdout);
    // a fully translated site says so in one line
    let done = site();
    done.write("content/speakers/tao-zhan.zh.md", "---\nname: 陶展\n---\n");
    done.write("content/news/report.zh.md", "---\ntitle: 报道\n---\n");
    done.write("content/forums/teachers.ar.md", "---\ntitle: المعلمون\n---\n\n## الموضوع {#the-theme}\n");
    done.write("content/news/report.ar.md", "---\ntitle: تقرير\n---\n");
    // and site.yaml's texts: the title (zh has its own under `languages`) and the event's name
    done.write("site.zh.yaml", "event:\n  name: 峰会\n");
    done.write("site.ar.yaml", "title: قمة\nevent:\n  name: قمة\n");
    let r = done.run(&["check"]);
    assert_eq!(r.stdout, "translations: complete (zh, ar)\n", "{}", r.stderr);
    let r = s.run(&["check", "--translations"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("translation zh (中文): 2 pages, 0 theme strings and 1 setting not translated"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  page content/news/report.md"), "{}", r.stdout);
    assert!(r.stdout.contains("translation ar (العربية): 2 pages, "), "{}", r.stdout);
    // the texts of site.yaml a language's pages show as site.yaml writes them
    assert!(r.stdout.contains("  setting event.name (site.zh.yaml)\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  setting title (site.ar.yaml)\n  setting event.name (site.ar.yaml)\n"), "{}", r.stdout);
    // a language the theme has no strings for: every string is reported, pages fall back
    s.write("site.yaml", &format!("{CONFIG}  - {{code: es, name: Español}}\n"));
    let r = s.run(&["check", "--translations"]);
    assert!(r.stdout.contains("translation es (Español): 4 pages, "), "{}", r.stdout);
    // what the reader sees instead, and where the strings go, on the language's one line
    let es = r.stdout.lines().find(|l| l.starts_with("translation es")).unwrap();
    assert!(
        es.ends_with(" not translated — readers see them in English, the theme strings marked as English; translate those in i18n/es.yaml (README: Adding a language)"),
        "{es}"
    );
    let zh = r.stdout.lines().find(|l| l.starts_with("translation zh")).unwrap();
    assert!(zh.ends_with("1 setting not translated — readers see them in English"), "{zh}");
    assert!(r.stdout.contains("  string skip_to_content"), "{}", r.stdout);
    s.build_ok(&[]);
    assert_eq!(
        texts(&s.page("es/index.html"), ".site-nav a")[0],
        "Home",
        "missing strings fall back to the default language"
    );
}

/// A site with the details the CLDR tests look at: countries, rooms, organisers, two days.
fn rich_site(en_code: &str) -> TestSite {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        &format!(
            "title: Summit\nbase_url: https://example.org/\nlanguages:\n  - {{code: {en_code}, name: English}}\n  - {{code: zh, name: 中文}}\n  - {{code: ar, name: العربية}}\n  - {{code: fr, name: Français}}\ndefault_language: {en_code}\nevent:\n  name: Summit\n  tagline: Teachers first\n  start: 2023-12-07\n  end: 2023-12-09\n  timezone: Asia/Shanghai\n  venue: {{name: Convention Centre, city: Shanghai}}\n  rooms: [Hall A, Hall B]\n  organisers:\n    - {{name: Ministry of Education, url: https://moe.example/}}\n    - {{name: UNESCO}}\n"
        ),
    );
    s.write("content/_index.md", "---\ntitle: Welcome\n---\n\nHello.\n");
    s.write("content/pages/about.md", "---\ntitle: About\nmenu: 1\n---\n\nAbout us.\n");
    s.write(
        "content/forums/teachers.md",
        "---\ntitle: Teachers\nnumber: 12\ndate: 2023-12-08\nstart: \"14:05\"\nend: \"15:30\"\nroom: Hall A\nspeakers: [tao-zhan, li-ming, wang-fang]\nmaterials:\n  - {label: Slides, url: https://example.org/slides.pdf}\n---\n\nText.\n",
    );
    s.write(
        "content/forums/untranslated.md",
        "---\ntitle: Untranslated\ndate: 2023-12-08\nstart: \"09:00\"\nroom: Hall B\n---\n\nEnglish only.\n",
    );
    s.write(
        "content/speakers/tao-zhan.md",
        "---\nname: Tao Zhan\nrole: Director\norganisation: Institute\ncountry: CN\n---\n",
    );
    s.write("content/speakers/tao-zhan.zh.md", "---\nname: 陶展\nrole: 所长\norganisation: 研究所\n---\n");
    s.write("content/speakers/tao-zhan.ar.md", "---\nname: تاو جان\nrole: مدير\norganisation: معهد\n---\n");
    s.write("content/speakers/li-ming.md", "---\nname: Li Ming\ncountry: RU\n---\n");
    s.write("content/speakers/li-ming.zh.md", "---\nname: 李明\n---\n");
    s.write("content/speakers/wang-fang.md", "---\nname: Wang Fang\ncountry: EG\n---\n");
    s.write("content/speakers/wang-fang.zh.md", "---\nname: 王芳\n---\n");
    s
}

#[test]
fn a_translation_inherits_every_key_it_does_not_set() {
    let s = site();
    let mut jpeg = Vec::new();
    image::DynamicImage::new_rgb8(400, 400)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    s.write("static/.keep", "");
    std::fs::write(s.root.join("static/tao.jpg"), jpeg).unwrap();
    s.write(
        "content/speakers/tao-zhan.md",
        "---\nname: Tao Zhan\nhonorific: Mr\nrole: Director\ncountry: CN\nphoto: /tao.jpg\nphoto_alt: Portrait of Tao Zhan\nlinks:\n  - {label: Homepage, url: https://tao.example/}\n---\n\nBio.\n",
    );
    s.write("content/speakers/tao-zhan.zh.md", "---\nname: 陶展\n---\n\n简介。\n");
    s.write(
        "content/forums/teachers.md",
        "---\ntitle: Teachers\ndate: 2023-12-08\nstart: \"09:00\"\nend: \"10:00\"\nroom: Hall A\nspeakers: [tao-zhan]\nmaterials:\n  - {label: Slides, url: https://example.org/slides.pdf}\n---\n\n## The theme\n\nText.\n",
    );
    // only a title and a body: dates, room, speakers and materials come from the original
    s.write("content/forums/teachers.zh.md", "---\ntitle: 教师\n---\n\n## 主题 {#the-theme}\n\n正文。\n");
    // a news item's required date is inherited too
    s.write(
        "content/news/report.md",
        "---\ntitle: Report\ndate: 2023-12-09\nspeakers: [tao-zhan]\nforums: [teachers]\n---\n\nNews.\n",
    );
    s.write("content/news/report.zh.md", "---\ntitle: 报道\n---\n\n新闻。\n");
    s.build_ok(&[]);
    let sp = s.page("zh/speakers/tao-zhan/index.html");
    assert_eq!(texts(&sp, "h1"), ["陶展Mr"], "the honorific is inherited, placed the Chinese way");
    // one set of resized files serves every language
    let src = attrs(&sp, "img.portrait", "src");
    assert_eq!(src.len(), 1);
    assert!(src[0].starts_with("/s/") && !src[0].starts_with("/s/zh/"), "{src:?}");
    assert_eq!(attrs(&s.page("speakers/tao-zhan/index.html"), "img.portrait", "src"), src);
    assert!(s.public().join(src[0].trim_start_matches("/s/")).is_file());
    assert_eq!(attrs(&sp, "img.portrait", "alt"), ["Portrait of Tao Zhan"]);
    assert_eq!(texts(&sp, "a[href='https://tao.example/']"), ["Homepage"]);
    assert_eq!(texts(&sp, ".speaker-header .card-meta a"), ["中国"]);
    assert_eq!(texts(&sp, ".lede"), ["Director"]);
    assert_eq!(texts(&sp, ".prose p"), ["简介。"]);
    let f = s.page("zh/forums/teachers/index.html");
    assert_eq!(texts(&f, "h1"), ["教师"]);
    assert_eq!(texts(&f, ".facts time")[0], "2023年12月8日");
    assert_eq!(texts(&f, ".facts bdi"), ["Hall A"]);
    assert_eq!(texts(&f, ".people a"), ["陶展"]);
    assert_eq!(attrs(&f, "a[href='https://example.org/slides.pdf']", "href").len(), 1, "materials inherited");
    let n = s.page("zh/news/report/index.html");
    assert_eq!(texts(&n, "h1"), ["报道"]);
    assert!(texts(&n, "time").contains(&"2023年12月9日".to_string()), "{:?}", texts(&n, "time"));
    // its references too: the speaker and the forum it mentions
    assert_eq!(texts(&n, ".people a"), ["陶展", "教师"]);
    // keys a translation sets replace the original's
    s.write("content/speakers/tao-zhan.zh.md", "---\nname: 陶展\nrole: 所长\nlinks: []\n---\n");
    s.build_ok(&[]);
    let sp = s.page("zh/speakers/tao-zhan/index.html");
    assert_eq!(texts(&sp, ".lede"), ["所长"]);
    assert!(texts(&sp, "a[href='https://tao.example/']").is_empty());
    // an original still needs its title
    s.write("content/forums/teachers.md", "---\ndate: 2023-12-08\n---\n");
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("content/forums/teachers.md:2:1: error: missing required key `title`"), "{}", r.stderr);
}

#[test]
fn country_names_are_in_the_page_language_and_sorted_by_its_collation() {
    let s = rich_site("en");
    s.build_ok(&[]);
    // speaker directories: groups by country, named and sorted per language
    assert_eq!(texts(&s.page("countries/index.html"), ".terms a"), ["China", "Egypt", "Russia"]);
    assert_eq!(texts(&s.page("ar/countries/index.html"), ".terms a"), ["الصين", "روسيا", "مصر"]);
    // pinyin order: Éjí (埃及), Éluósī (俄罗斯), Zhōngguó (中国)
    assert_eq!(texts(&s.page("zh/countries/index.html"), ".terms a"), ["埃及", "俄罗斯", "中国"]);
    assert_eq!(texts(&s.page("fr/countries/index.html"), ".terms a"), ["Chine", "Égypte", "Russie"]);
    assert_eq!(texts(&s.page("ar/countries/cn/index.html"), "h1"), ["الصين"]);
    // speaker cards name their country in the page's language
    let ar = texts(&s.page("ar/speakers/index.html"), ".speaker-card .card-meta");
    assert!(ar.contains(&"الصين".to_string()) && ar.contains(&"مصر".to_string()), "{ar:?}");
    let zh = texts(&s.page("zh/speakers/index.html"), ".speaker-card .card-meta");
    assert!(zh.contains(&"中国".to_string()) && zh.contains(&"埃及".to_string()), "{zh:?}");
    assert_eq!(texts(&s.page("fr/speakers/tao-zhan/index.html"), ".speaker-header .card-meta a"), ["Chine"]);
    // counts in the language's digits (Latin for all four by current CLDR)
    assert_eq!(texts(&s.page("ar/countries/index.html"), ".terms .count")[0], "(1)");
}

#[test]
fn lists_and_punctuation_follow_the_language() {
    let s = rich_site("en");
    s.build_ok(&[]);
    // people in the programme: CLDR and-lists (each name's isolate, which direction.rs
    // holds, left aside)
    let people = |p: &str| -> Vec<String> {
        let plain = |t: &String| t.replace(['\u{2068}', '\u{2069}'], "");
        texts(&s.page(p), ".programme-list .session-people").iter().map(plain).collect()
    };
    assert_eq!(people("zh/programme/index.html")[0], "陶展、李明和王芳");
    assert_eq!(people("programme/index.html")[0], "Tao Zhan, Li Ming and Wang Fang");
    assert_eq!(people("ar/programme/index.html")[0], "تاو جان وLi Ming وWang Fang");
    // role and organisation joined by the language's comma
    assert_eq!(texts(&s.page("zh/speakers/tao-zhan/index.html"), ".lede"), ["所长，研究所"]);
    assert_eq!(texts(&s.page("ar/speakers/tao-zhan/index.html"), ".lede"), ["مدير، معهد"]);
    assert_eq!(texts(&s.page("zh/forums/teachers/index.html"), ".person-role")[0], "所长，研究所");
    // "(.ics)" is isolated left to right inside Arabic text; Chinese uses its own brackets
    let ar = s.page("ar/forums/teachers/index.html");
    assert_eq!(attrs(&ar, ".calendar-link bdi.file-type", "dir"), ["ltr"]);
    assert_eq!(texts(&ar, ".calendar-link bdi.file-type"), ["(.ics)"]);
    assert_eq!(texts(&s.page("zh/forums/teachers/index.html"), ".calendar-link a"), ["添加到日历（.ics）"]);
    // a Chinese sentence ends with a Chinese full stop
    let note = texts(&s.page("zh/programme/index.html"), ".programme-note")[0].clone();
    assert!(note.ends_with("（.ics）。"), "{note}");
    assert_eq!(texts(&s.page("zh/forums/teachers/index.html"), ".facts dt")[0], "日期：");
    assert_eq!(texts(&s.page("forums/teachers/index.html"), ".facts dt")[0], "Date:");
    // calendars too: people as a list, the room and place in the language's words
    let ics = std::fs::read_to_string(s.public().join("zh/programme.ics")).unwrap().replace("\r\n ", "");
    assert!(ics.contains("参会嘉宾：陶展、李明和王芳"), "{ics}");
    let ics = std::fs::read_to_string(s.public().join("programme.ics")).unwrap().replace("\r\n ", "");
    assert!(ics.contains("With Tao Zhan\\, Li Ming and Wang Fang"), "{ics}");
    assert!(ics.contains("LOCATION:Hall A\\, Convention Centre\\, Shanghai"), "{ics}");
    let footer = texts(&s.page("zh/index.html"), ".site-footer p")[0].clone();
    assert!(footer.ends_with("UNESCO。"), "{footer}");
}

#[test]
fn times_numbers_and_date_ranges_per_language() {
    let s = rich_site("en");
    s.build_ok(&[]);
    let time = |p: &str| texts(&s.page(p), ".facts time");
    // decision: English and Arabic on a 12-hour clock, Chinese and French on a 24-hour one
    assert_eq!(time("forums/teachers/index.html")[1..], ["2:05 pm", "3:30 pm"]);
    assert_eq!(time("zh/forums/teachers/index.html")[1..], ["14:05", "15:30"]);
    assert_eq!(time("fr/forums/teachers/index.html")[1..], ["14:05", "15:30"]);
    assert_eq!(time("ar/forums/teachers/index.html")[1..], ["2:05 م", "3:30 م"]);
    assert_eq!(texts(&s.page("zh/programme/index.html"), ".tt-tick")[0], "09:00");
    // date ranges: the shared month and year written once
    let dates = |p: &str| texts(&s.page(p), ".site-event")[0].split(" · ").next().unwrap().to_string();
    assert_eq!(dates("zh/forums/index.html"), "2023年12月7日至9日");
    assert_eq!(dates("forums/index.html"), "7–9 December 2023");
    assert_eq!(dates("fr/forums/index.html"), "7–9 décembre 2023");
    // Arabic-Indic digits when the site asks for them
    let s = rich_site("en");
    let yaml = std::fs::read_to_string(s.root.join("site.yaml")).unwrap().replace("code: ar,", "code: ar-u-nu-arab,");
    s.write("site.yaml", &yaml);
    let speakers = s.root.join("content/speakers");
    std::fs::rename(speakers.join("tao-zhan.ar.md"), speakers.join("tao-zhan.ar-u-nu-arab.md")).unwrap();
    s.build_ok(&[]);
    let ar = s.page("ar-u-nu-arab/forums/teachers/index.html");
    assert_eq!(texts(&ar, ".facts time")[1], "٢:٠٥ م");
    assert_eq!(texts(&ar, ".kicker"), ["المنتدى ١٢"]);
}

#[test]
fn en_us_dates_read_month_first_on_the_pages() {
    let s = rich_site("en-US");
    s.build_ok(&[]);
    assert_eq!(texts(&s.page("forums/teachers/index.html"), ".facts time")[0], "December 8, 2023");
    assert_eq!(
        texts(&s.page("forums/index.html"), ".site-event"),
        ["December 7 – 9, 2023 · Convention Centre, Shanghai"]
    );
    assert_eq!(texts(&s.page("programme/index.html"), ".programme-day h2"), ["December 8, 2023"]);
}

#[test]
fn fallback_content_is_marked_with_its_language_and_direction() {
    let s = rich_site("en");
    s.write(
        "content/speakers/wang-fang.md",
        "---\nname: Wang Fang\nrole: Dean\norganisation: College\ncountry: EG\n---\n",
    );
    s.build_ok(&[]);
    // an untranslated speaker's English role keeps the English comma; the country, in the
    // page's language, is marked as such inside the English card
    let dir = s.page("ar/speakers/index.html");
    assert_eq!(texts(&dir, "li[lang=en] .card-summary[dir=ltr]"), ["Dean, College"]);
    assert!(texts(&dir, "li[lang=en] .card-meta[lang=ar]").contains(&"مصر".to_string()));
    // a translation that leaves the role out inherits it in English, with the English comma
    assert!(texts(&s.page("zh/speakers/index.html"), ".card-summary").contains(&"Dean, College".to_string()));
    let meta = texts(&s.page("ar/forums/index.html"), ".card[lang=en] .card-meta[lang=ar]");
    assert_eq!(meta, ["9:00 ص · Hall B", "المنتدى 12 · 2:05 م – 3:30 م · Hall A"]);
    // a time does not break before its ص or م, nor before the dash of a span
    let html = std::fs::read_to_string(s.public().join("ar/forums/index.html")).unwrap();
    assert!(html.contains("2:05\u{a0}م\u{a0}– 3:30\u{a0}م"), "{html}");
    assert_eq!(texts(&s.page("zh/speakers/tao-zhan/index.html"), ".lede"), ["所长，研究所"]);
    let ar = s.page("ar/forums/index.html");
    // the untranslated forum's card is English, its title left to right, the card itself
    // laid out as the page's; the translated one is not marked
    let titles = texts(&ar, ".card[lang=en] .card-title[dir=ltr]");
    assert!(titles.contains(&"Untranslated".to_string()), "{titles:?}");
    assert!(attrs(&ar, ".card[lang=en]", "dir").is_empty());
    let zh = s.page("zh/forums/index.html");
    assert!(attrs(&zh, ".card[lang=en] .card-title", "dir").is_empty(), "no dir where the direction is the page's");
    assert!(!attrs(&zh, ".card[lang=en]", "lang").is_empty());
    // people lists, programme sessions and menu items too
    let forum = s.page("ar/forums/teachers/index.html");
    assert_eq!(attrs(&forum, ".people li[lang=en] a", "dir"), ["ltr", "ltr"]);
    assert!(attrs(&forum, ".people li[lang=en]", "dir").is_empty());
    let prog = s.page("ar/programme/index.html");
    assert_eq!(attrs(&prog, ".programme-list a[lang=en]", "dir"), ["ltr", "ltr"]);
    assert_eq!(attrs(&s.page("ar/index.html"), ".site-nav a[lang=en]", "href"), ["/ar/about/"]);
    // the fallback note names both languages in the page's language
    let note = texts(&s.page("ar/forums/untranslated/index.html"), ".fallback-note")[0].clone();
    assert!(note.contains("العربية") && note.contains("الإنجليزية"), "{note}");
    let note = texts(&s.page("zh/forums/untranslated/index.html"), ".fallback-note")[0].clone();
    assert_eq!(note, "本页尚未译成中文，以下为英语原文。");
}

#[test]
fn inherited_text_separators_and_pager_numbers_follow_their_language() {
    let s = rich_site("en");
    s.write(
        "site.yaml",
        &std::fs::read_to_string(s.root.join("site.yaml"))
            .unwrap()
            .replace("title: Summit\n", "title: Summit\nnews_per_page: 1\n"),
    );
    s.write("content/speakers/wang-fang.md", "---\nname: Wang Fang\nrole: Dean\norganisation: College\n---\n");
    s.write("content/speakers/wang-fang.ar.md", "---\nname: وانغ فانغ\n---\n");
    s.write("content/news/one.md", "---\ntitle: One\ndate: 2023-12-01\n---\n\nOne.\n");
    s.write("content/news/two.md", "---\ntitle: Two\ndate: 2023-12-02\n---\n\nTwo.\n");
    s.build_ok(&[]);
    // (a) a translation's inherited English role is marked English, left to right on an
    // Arabic page; its own text is not marked
    let ar = s.page("ar/speakers/index.html");
    assert_eq!(texts(&ar, ".card-summary[lang=en][dir=ltr]"), ["Dean, College"]);
    assert!(
        texts(&ar, ".card-summary:not([lang])").contains(&"مدير، معهد".to_string()),
        "{:?}",
        texts(&ar, ".card-summary")
    );
    let page = s.page("ar/speakers/wang-fang/index.html");
    assert_eq!(texts(&page, ".lede[lang=en][dir=ltr]"), ["Dean, College"]);
    assert!(texts(&s.page("ar/speakers/tao-zhan/index.html"), ".lede:not([lang])").len() == 1);
    let zh = s.page("zh/speakers/index.html");
    assert_eq!(texts(&zh, ".card-summary[lang=en]"), ["Dean, College"]);
    assert_eq!(attrs(&zh, ".card-summary[lang=en]", "dir"), ["auto"], "no direction where it is the page's");
    let people = s.page("zh/forums/teachers/index.html");
    assert_eq!(attrs(&people, ".person-role[lang=en]", "lang").len(), 1, "{:?}", texts(&people, ".person-role"));
    // (b) a forum's start and end are joined by the language's range separator
    let times = |p: &str| texts(&s.page(p), "dd").into_iter().find(|t| t.contains(":30")).unwrap_or_default();
    assert!(times("forums/teachers/index.html").contains(" – "), "{}", times("forums/teachers/index.html"));
    assert!(times("zh/forums/teachers/index.html").contains("至"), "{}", times("zh/forums/teachers/index.html"));
    // (c) the pager's numbers are in the language's digits
    assert_eq!(texts(&s.page("ar/news/index.html"), ".pager span"), ["الصفحة 1 من 2"]);
    let yaml = std::fs::read_to_string(s.root.join("site.yaml")).unwrap().replace("code: ar,", "code: ar-u-nu-arab,");
    s.write("site.yaml", &yaml);
    let speakers = s.root.join("content/speakers");
    for name in ["tao-zhan", "wang-fang"] {
        std::fs::rename(speakers.join(format!("{name}.ar.md")), speakers.join(format!("{name}.ar-u-nu-arab.md")))
            .unwrap();
    }
    s.build_ok(&[]);
    assert_eq!(texts(&s.page("ar-u-nu-arab/news/index.html"), ".pager span"), ["الصفحة ١ من ٢"]);
    assert_eq!(texts(&s.page("ar-u-nu-arab/news/page/2/index.html"), ".pager span"), ["الصفحة ٢ من ٢"]);
}

#[test]
fn site_text_per_language_from_site_code_yaml() {
    let s = rich_site("en");
    s.write(
        "site.zh.yaml",
        "title: 峰会网站\nevent:\n  name: 教育峰会\n  tagline: 教师优先\n  venue: {name: 会展中心, city: 上海}\n  rooms: {Hall A: A厅}\n  organisers: {Ministry of Education: 教育部}\nmenu: {about: 关于我们}\n",
    );
    s.build_ok(&[]);
    let zh = s.page("zh/index.html");
    assert_eq!(texts(&zh, ".site-title"), ["峰会网站"]);
    assert_eq!(texts(&zh, ".site-nav a[href='/zh/about/']"), ["关于我们"]);
    assert!(attrs(&zh, ".site-nav a[lang]", "href").is_empty(), "a menu title in the page's language is not marked");
    let all = texts(&zh, "body").join(" ");
    for text in ["教师优先", "会展中心，上海", "教育部"] {
        assert!(all.contains(text), "{text} missing in {all}");
    }
    assert_eq!(texts(&s.page("zh/forums/teachers/index.html"), ".facts bdi"), ["A厅"]);
    assert!(texts(&s.page("zh/programme/index.html"), ".tt-room bdi").contains(&"A厅".to_string()));
    let ics = std::fs::read_to_string(s.public().join("zh/programme.ics")).unwrap().replace("\r\n ", "");
    assert!(ics.contains("LOCATION:A厅，会展中心，上海"), "{ics}");
    // other languages keep site.yaml's text
    assert_eq!(texts(&s.page("fr/forums/teachers/index.html"), ".facts bdi"), ["Hall A"]);
    // unknown keys and names site.yaml does not have are located errors
    s.write(
        "site.zh.yaml",
        "title: 峰会\nevent:\n  venue: {name: 会展中心}\n  organisers: {Ministry of Educaton: 教育部}\nslogan: x\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("site.zh.yaml:5:1: error: unknown key `slogan`"), "{}", r.stderr);
    s.write("site.zh.yaml", "title: 峰会\nevent:\n  organisers: {Ministry of Educaton: 教育部}\n");
    let r = s.run(&["build"]);
    assert!(
        r.stderr.contains("site.zh.yaml:3:16: error: `Ministry of Educaton` is not an organiser in site.yaml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("did you mean `Ministry of Education`?"), "{}", r.stderr);
    // two rooms under one name in a language: its readers could not tell them apart
    s.write("site.zh.yaml", "title: 峰会\nevent:\n  rooms: {Hall A: 大厅, Hall B: 大厅}\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.errors(),
        ["site.zh.yaml:3:19: error: rooms `Hall A` and `Hall B` are both called `大厅`"],
        "{}",
        r.stderr
    );
    // (a room left untranslated keeps its name, which another room may not take either)
    s.write("site.zh.yaml", "title: 峰会\nevent:\n  rooms: {Hall A: Hall B}\n");
    let r = s.run(&["build"]);
    assert_eq!(
        r.errors(),
        ["site.zh.yaml:3:19: error: rooms `Hall A` and `Hall B` are both called `Hall B`"],
        "{}",
        r.stderr
    );
}

#[test]
fn every_shipped_language_has_every_theme_string() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let keys = |code: &str| -> std::collections::BTreeSet<String> {
        let text = std::fs::read_to_string(dir.join(format!("{code}.yaml"))).unwrap();
        let map: std::collections::BTreeMap<String, String> = serde_yaml_keys(&text);
        map.into_keys().collect()
    };
    let en = keys("en");
    assert!(en.len() > 80, "{}", en.len());
    let mut shipped: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(String::from))
        .collect();
    shipped.sort();
    assert_eq!(shipped, ["ar", "en", "fr", "zh"]);
    for code in &shipped {
        let have = keys(code);
        let missing: Vec<&String> = en.difference(&have).collect();
        // a language may need more plural forms than English (`search_count_few` in Arabic):
        // an extra key is fine when it is a CLDR plural category of a key English has
        let plural_of_known = |k: &String| {
            ["_zero", "_two", "_few", "_many"]
                .iter()
                .any(|cat| k.strip_suffix(cat).is_some_and(|base| en.contains(&format!("{base}_other"))))
        };
        let extra: Vec<&String> = have.difference(&en).filter(|k| !plural_of_known(k)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{code}.yaml: missing {missing:?}, not in en.yaml {extra:?}");
    }
}

/// `key: value` lines of a theme strings file (flat, as the theme writes them).
fn serde_yaml_keys(text: &str) -> std::collections::BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(':'))
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

/// Text a reader sees or hears, written into a template rather than taken from the theme
/// strings: text between tags and literal `aria-label`, `title`, `alt` and `placeholder`
/// values, outside `{{ … }}`, `{% … %}`, comments, scripts and styles.
fn literal_text(template: &str) -> Vec<String> {
    let mut t = template.to_string();
    for (open, close) in [("{#", "#}"), ("<script", "</script>"), ("<style", "</style>"), ("{{", "}}"), ("{%", "%}")] {
        while let Some(a) = t.find(open) {
            let b = t[a..].find(close).map_or(t.len(), |b| a + b + close.len());
            t.replace_range(a..b, " ");
        }
    }
    let wordy = |s: &str| s.chars().any(char::is_alphabetic);
    let mut found: Vec<String> = t
        .split('>')
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .filter(|s| wordy(s))
        .map(|s| s.trim().to_string())
        .collect();
    for attr in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\""] {
        for (i, _) in t.match_indices(attr) {
            let value = t[i + attr.len()..].split('"').next().unwrap_or("");
            if wordy(value) {
                found.push(format!("{attr}{value}\""));
            }
        }
    }
    found
}

#[test]
fn the_theme_templates_hold_no_text_of_their_own() {
    assert_eq!(
        literal_text("<p title=\"Hi\">Room {{ t(key='x') }}</p>{# Note #}<a aria-label=\"{{ x }}\">"),
        ["Room", "title=\"Hi\""]
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert!(names.len() > 15);
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        // names of file formats are the same in every language
        let own: Vec<String> =
            literal_text(&text).into_iter().filter(|s| !["PDF", "BibTeX", "RIS"].contains(&s.as_str())).collect();
        assert!(own.is_empty(), "{}: {own:?} should come from the theme strings (t(key=…))", name.to_string_lossy());
    }
}

/// The example site: strings that once were English on every page, in each language.
#[test]
fn theme_strings_reach_forum_chapter_and_feed_link_in_every_language_of_the_example_site() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    for lang in ["en", "fr", "ar", "zh"] {
        let strings = serde_yaml_keys(&std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap());
        let t = |key: &str| strings[key].trim_matches('"').to_string();
        let prefix = if lang == "en" { String::new() } else { format!("{lang}/") };
        let forum = s.page(&format!("{prefix}forums/governance/index.html"));
        assert_eq!(attrs(&forum, ".tags", "aria-label"), [t("topics")], "{lang}");
        let feed = attrs(&forum, "link[type='application/atom+xml']", "title");
        assert!(feed[0].ends_with(&format!(" — {}", t("news"))), "{lang}: {feed:?}");
        let chapter = s.page(&format!("{prefix}papers/white-paper-ai-era/introduction/index.html"));
        let status = texts(&chapter, ".kicker .status");
        assert!(status[0].contains(&format!(" {} ", t("until"))), "{lang}: {status:?}");
        // the forum and the paper are not translated: inside their English text, what the page
        // itself says (labels, dates, headings) is marked with the page's language (its
        // direction is the page's, which the layout keeps)
        let paper = s.page(&format!("{prefix}papers/white-paper-ai-era/index.html"));
        for (page, selector) in [
            (&forum, ".fallback .kicker"),
            (&forum, ".fallback .facts"),
            (&forum, ".fallback .calendar-link"),
            (&chapter, ".fallback .kicker .status"),
            (&paper, ".fallback .banner"),
            (&paper, ".fallback .facts"),
            (&paper, ".fallback #abstract"),
        ] {
            if lang == "en" {
                assert!(attrs(page, selector, "lang").is_empty(), "{selector}");
            } else {
                assert_eq!(attrs(page, selector, "lang"), [lang], "{lang}: {selector}");
            }
        }
    }
}

/// The topics page lists its topics by the name it shows, in the language's order (pinyin
/// for Chinese), not by their addresses (the original's words); each name is isolated, so a
/// count stays at its end in a right-to-left list.
#[test]
fn topics_are_listed_by_the_name_shown_in_the_languages_order() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: zh, name: 中文}\n  - {code: ar, name: العربية}\n",
    );
    s.write("content/news/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [Summit, Higher education, Ethics]\n---\n");
    s.write("content/news/a.zh.md", "---\ntitle: 甲\ntags: [峰会, 高等教育, 伦理]\n---\n");
    s.write("content/news/a.ar.md", "---\ntitle: أ\ntags: [القمة, التعليم العالي, الأخلاقيات]\n---\n");
    s.build_ok(&[]);
    // fēng huì, gāo děng jiào yù, lún lǐ: by pinyin, where the addresses would give e, h, s
    assert_eq!(texts(&s.page("zh/topics/index.html"), ".terms a"), ["峰会", "高等教育", "伦理"]);
    assert_eq!(texts(&s.page("ar/topics/index.html"), ".terms a"), ["الأخلاقيات", "التعليم العالي", "القمة"]);
    assert_eq!(texts(&s.page("topics/index.html"), ".terms a"), ["Ethics", "Higher education", "Summit"]);
    assert_eq!(attrs(&s.page("ar/topics/index.html"), ".terms a", "dir"), ["auto", "auto", "auto"]);
}
