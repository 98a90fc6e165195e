//! Recordings on forum pages: front matter read and checked, a poster box that makes no
//! request to a video host before the reader clicks, the links carried into `schedule.json`
//! and the calendar; and, for every page of the example site, no third-party request before
//! interaction.

mod common;

use common::{attrs, texts, TestSite};

fn site_with_recordings() -> TestSite {
    let s = TestSite::new();
    s.write("static/media/talk.webm", "not really a video");
    s.write("content/speakers/tao-zhan.md", "---\nname: Tao Zhan\n---\n");
    s.write(
        "content/forums/teachers.md",
        "---\ntitle: Teachers\ndate: 2023-12-08\nstart: \"09:00\"\nend: \"10:00\"\nroom: Hall A\nspeakers: [tao-zhan]\nmaterials:\n  - {label: Slides, url: https://example.org/slides.pdf}\nrecordings:\n  - url: https://www.youtube.com/watch?v=XXXXXXXXXXX\n    title: The whole forum\n    duration: \"1:02:30\"\n  - url: https://vimeo.com/123456\n  - url: /media/talk.webm\n    duration: \"12:05\"\n---\n\nText.\n",
    );
    s
}

#[test]
fn a_forum_shows_posters_and_no_player_before_the_click() {
    let s = site_with_recordings();
    s.build_ok(&[]);
    let page = s.page("forums/teachers/index.html");
    assert_eq!(texts(&page, "section.recordings h2"), ["Recordings and slides"]);
    assert_eq!(
        attrs(&page, "a.player", "href"),
        ["https://www.youtube.com/watch?v=XXXXXXXXXXX", "https://vimeo.com/123456", "/media/talk.webm"]
    );
    assert_eq!(
        attrs(&page, "a.player", "data-frame"),
        [
            "https://www.youtube-nocookie.com/embed/XXXXXXXXXXX?autoplay=1",
            "https://player.vimeo.com/video/123456?dnt=1&autoplay=1"
        ]
    );
    assert_eq!(attrs(&page, "a.player", "data-file"), ["/media/talk.webm"]);
    // title (the session's when the recording has none) and duration on the poster
    assert_eq!(texts(&page, "a.player .player-title"), ["The whole forum", "Teachers", "Teachers"]);
    assert_eq!(texts(&page, "a.player .player-duration"), ["1:02:30", "12:05"]);
    // slides in the same section
    assert_eq!(attrs(&page, "section.recordings ul a", "href"), ["https://example.org/slides.pdf"]);
    // nothing that loads before the click
    assert!(attrs(&page, "iframe", "src").is_empty() && texts(&page, "iframe").is_empty());
    assert!(texts(&page, "video").is_empty());
    for src in attrs(&page, "[src]", "src").into_iter().chain(attrs(&page, "[poster]", "poster")) {
        assert!(!src.contains("youtube") && !src.contains("vimeo"), "{src} loads before the click");
    }
}

#[test]
fn schedule_json_and_the_calendar_carry_the_recordings() {
    let s = site_with_recordings();
    s.build_ok(&[]);
    let schedule: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.public().join("schedule.json")).unwrap()).unwrap();
    let event = &schedule["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0];
    let links: Vec<(&str, &str)> = event["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| (l["title"].as_str().unwrap(), l["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("Slides", "https://example.org/slides.pdf"),
            ("The whole forum", "https://www.youtube.com/watch?v=XXXXXXXXXXX"),
            ("Teachers", "https://vimeo.com/123456"),
            ("Teachers", "https://example.org/media/talk.webm"),
        ]
    );
    let ics = std::fs::read_to_string(s.public().join("forums/teachers.ics")).unwrap();
    let attach: Vec<&str> = ics.lines().filter_map(|l| l.strip_prefix("ATTACH:")).collect();
    assert_eq!(
        attach,
        [
            "https://www.youtube.com/watch?v=XXXXXXXXXXX",
            "https://vimeo.com/123456",
            "https://example.org/media/talk.webm"
        ]
    );
}

#[test]
fn a_bad_recording_is_a_located_error() {
    let s = TestSite::new();
    s.write(
        "content/forums/f.md",
        "---\ntitle: F\nrecordings:\n  - url: javascript:alert(1)\n  - url: https://vimeo.com/1\n    duration: \"61 minutes\"\n---\n",
    );
    let r = s.run(&["build"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("content/forums/f.md:4:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("recording `javascript:alert(1)`") && r.stderr.contains("`javascript:` link"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("content/forums/f.md:6:") && r.stderr.contains("`61 minutes` is not a running time"),
        "{}",
        r.stderr
    );
    s.write(
        "content/forums/f.md",
        "---\ntitle: F\nrecordings:\n  - {url: https://vimeo.com/1, length: \"1:00\"}\n---\n",
    );
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("content/forums/f.md:4:") && r.stderr.contains("unknown key `length`"), "{}", r.stderr);
}

/// A session's place in a day's stream and a Vimeo private link's hash reach the player; a
/// YouTube address cut short when copied is a warning at it, and stays a link.
#[test]
fn players_start_where_the_address_says_and_a_cut_address_is_told() {
    let s = TestSite::new();
    s.write(
        "content/forums/f.md",
        "---\ntitle: F\nrecordings:\n  - url: https://youtu.be/XXXXXXXXXXX?t=2h13m5s\n  - url: https://vimeo.com/123456/abcdef1234#t=90\n  - url: https://www.youtube.com/watch?v=XXXXXXX\n---\n",
    );
    let r = s.build_ok(&[]);
    let page = s.page("forums/f/index.html");
    assert_eq!(
        attrs(&page, "a.player", "data-frame"),
        [
            "https://www.youtube-nocookie.com/embed/XXXXXXXXXXX?autoplay=1&start=7985",
            "https://player.vimeo.com/video/123456?dnt=1&h=abcdef1234&autoplay=1#t=90s"
        ]
    );
    assert_eq!(attrs(&page, "a.player", "href").len(), 3);
    assert!(
        r.stderr.contains(
            "content/forums/f.md:6:10: warning: recording `https://www.youtube.com/watch?v=XXXXXXX`: `XXXXXXX` is no \
             YouTube video id"
        ),
        "{}",
        r.stderr
    );
}

/// A material's `file` that names no file of the site — a wrong name, a path on the editor's
/// computer, a way out of the page's folder — is an error at it, once (not also as a dead
/// link of each language's page); a label without text is one too. A file whose name holds a
/// space or a `#` is linked by an address that holds them encoded.
#[test]
fn materials_name_files_of_the_site() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n",
    );
    s.write("content/forums/slides.pdf", "%PDF-1.4");
    s.write("content/forums/q&a #2 notes.pdf", "%PDF-1.4");
    s.write(
        "content/forums/f.md",
        "---\ntitle: F\nmaterials:\n  - {label: Old, file: ../../etc/passwd}\n  - {label: Slides, file: slides.PDF}\n  - {label: Mine, file: 'C:\\Users\\me\\deck.pptx'}\n  - {label: '', url: 'https://example.org/x.pdf'}\n---\n",
    );
    s.write("content/forums/f.fr.md", "---\ntitle: F\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/forums/f.md:4:24: error: material `Old`: `../../etc/passwd` leaves the page's folder",
            "content/forums/f.md:5:27: error: material `Slides`: no file `slides.PDF` beside content/forums/f.md",
            "content/forums/f.md:6:26: error: material `Mine`: `C:\\Users\\me\\deck.pptx` is a path on one computer, which the site cannot link to",
            "content/forums/f.md:7:23: error: a material's `label` is empty: its link would have no text",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: did you mean `slides.pdf`?"), "{}", r.stderr);
    s.write(
        "content/forums/f.md",
        "---\ntitle: F\nmaterials:\n  - {label: Slides, file: slides.pdf}\n  - {label: Notes, file: 'q&a #2 notes.pdf'}\n---\n",
    );
    s.build_ok(&[]);
    let page = s.page("fr/forums/f/index.html");
    assert_eq!(
        attrs(&page, "section.recordings ul a", "href"),
        ["/forums/slides.pdf", "/forums/q&a%20%232%20notes.pdf"]
    );
}

#[test]
fn a_translation_inherits_the_recordings() {
    let s = site_with_recordings();
    s.write(
        "site.yaml",
        "title: Test Summit\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n",
    );
    s.write("content/forums/teachers.fr.md", "---\ntitle: Enseignants\n---\n\nTexte.\n");
    s.build_ok(&[]);
    let page = s.page("fr/forums/teachers/index.html");
    assert_eq!(attrs(&page, "a.player", "href").len(), 3);
}

/// Every address a page loads without the reader doing anything: `src` and `srcset` of
/// embedded content, `poster`, `href` of `<link>`s the browser fetches, `data` of objects,
/// and `url(…)` in style attributes and blocks.
fn loaded_addresses(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let e = el.value();
        let name = e.name();
        if let Some(src) = e.attr("src") {
            if matches!(name, "img" | "script" | "iframe" | "video" | "audio" | "source" | "track" | "embed" | "input")
            {
                out.push(src.to_string());
            }
        }
        for set in [e.attr("srcset"), e.attr("imagesrcset")].into_iter().flatten() {
            out.extend(set.split(',').filter_map(|c| c.split_whitespace().next()).map(str::to_string));
        }
        if let Some(p) = e.attr("poster") {
            out.push(p.to_string());
        }
        if name == "object" {
            out.extend(e.attr("data").map(str::to_string));
        }
        if name == "link" {
            let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
            let loads = rel.split_whitespace().any(|r| {
                matches!(
                    r,
                    "stylesheet"
                        | "icon"
                        | "apple-touch-icon"
                        | "preload"
                        | "prefetch"
                        | "modulepreload"
                        | "manifest"
                        | "preconnect"
                        | "dns-prefetch"
                )
            });
            if loads {
                out.extend(e.attr("href").map(str::to_string));
            }
        }
        let mut css = e.attr("style").unwrap_or("").to_string();
        if name == "style" {
            css.push_str(&el.text().collect::<String>());
        }
        let mut rest = css.as_str();
        while let Some(i) = rest.find("url(") {
            rest = &rest[i + 4..];
            let end = rest.find(')').unwrap_or(rest.len());
            out.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn the_scan_sees_every_kind_of_loaded_address() {
    let html = r#"<html><head><link rel="stylesheet" href="https://a.test/x.css"><link rel="alternate" href="https://b.test/"><style>body{background:url("https://c.test/bg.png")}</style></head><body><img src="/i.png" srcset="https://d.test/1.png 1x, /2.png 2x"><video poster="https://e.test/p.jpg"></video><div style="background: url(https://f.test/z.png)"></div><a href="https://g.test/">link</a><iframe src="https://h.test/"></iframe></body></html>"#;
    assert_eq!(
        loaded_addresses(html),
        [
            "https://a.test/x.css",
            "https://c.test/bg.png",
            "/i.png",
            "https://d.test/1.png",
            "/2.png",
            "https://e.test/p.jpg",
            "https://f.test/z.png",
            "https://h.test/"
        ]
    );
}

#[test]
fn no_page_of_the_example_site_loads_from_another_host() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let config = std::fs::read_to_string(s.root.join("site.yaml")).unwrap();
    let base = config
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|b| b.trim().trim_matches('"').trim_end_matches('/').to_string())
        .expect("base_url in site.yaml");
    let mut pages = 0;
    let mut stack = vec![s.public()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages += 1;
                for addr in loaded_addresses(&std::fs::read_to_string(&path).unwrap()) {
                    let lower = addr.to_ascii_lowercase();
                    let own = lower == base || lower.starts_with(&format!("{base}/"));
                    let relative = !lower.starts_with("//") && !lower.contains(':');
                    assert!(
                        own || relative || lower.starts_with("data:"),
                        "{} loads {addr} before any interaction",
                        path.display()
                    );
                }
            }
        }
    }
    // every language's pages were scanned, not an empty folder
    assert!(pages > 100, "only {pages} pages");
    assert!(s.public().join("ar/forums/teacher-development/index.html").is_file());
}

#[test]
fn clicking_the_poster_loads_the_player_from_the_nocookie_host() {
    let test = "clicking_the_poster_loads_the_player_from_the_nocookie_host";
    let Some((chromium, chromedriver)) = common::browser::browser(test) else { return };
    let s = site_with_recordings();
    let served = common::serve::Served::start(&s.root, &[]);
    let driver = common::browser::start_driver(chromium, chromedriver);
    let url = format!("http://127.0.0.1:{}/forums/teachers/", served.addr.port());
    driver.session_call("POST", "/url", Some(serde_json::json!({ "url": url })));
    driver.wait_until("the poster", "return document.querySelectorAll('a.player').length === 3");
    // before the click: no player, and nothing fetched from another origin
    let before = driver.script(
        "return [document.querySelectorAll('iframe, video').length, performance.getEntriesByType('resource').filter(e => !e.name.startsWith(location.origin)).map(e => e.name)]",
    );
    assert_eq!(before, serde_json::json!([0, []]));
    let found = driver.session_call(
        "POST",
        "/element",
        Some(serde_json::json!({ "using": "css selector", "value": "a.player[data-frame*='youtube']" })),
    );
    let element = found["value"].as_object().and_then(|o| o.values().next()).and_then(|v| v.as_str()).expect("poster");
    driver.session_call("POST", &format!("/element/{element}/click"), Some(serde_json::json!({})));
    driver.wait_until("the player", "return document.querySelector('iframe') !== null");
    let src = driver.script("return document.querySelector('iframe').src");
    assert_eq!(src, "https://www.youtube-nocookie.com/embed/XXXXXXXXXXX?autoplay=1");
    // the page did not navigate to the video's address
    assert_eq!(driver.script("return location.pathname"), "/forums/teachers/");
    // the video file plays in a video element from the site's own address
    driver.script("document.querySelector('a.player[data-file]').click(); return null");
    driver.wait_until("the video", "return document.querySelector('video') !== null");
    assert_eq!(driver.script("return new URL(document.querySelector('video').src).pathname"), "/media/talk.webm");
}
