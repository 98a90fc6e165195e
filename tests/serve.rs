//! `plenary serve`: the real binary on an ephemeral loopback port — pages, live reload after
//! in-place, atomic and deleting saves, the error overlay, request safety; and incremental
//! rebuilds compared with full builds.

mod common;

use std::path::Path;

use common::serve::Served;
use common::TestSite;
use plenary::serve::rebuild::{Outcome, Rebuilder, SiteFiles};
use plenary::serve::watch::classify;
use plenary::BuildOptions;

const FORUM: &str = "content/forums/digital-environment.md";

fn set(site: &TestSite, rel: &str, from: &str, to: &str) {
    let p = site.root.join(rel);
    let text = std::fs::read_to_string(&p).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(p, text.replacen(from, to, 1)).expect("write");
}

/// Replaces the value of a top-level front-matter key.
fn set_key(site: &TestSite, rel: &str, key: &str, value: &str) {
    let p = site.root.join(rel);
    let text = std::fs::read_to_string(&p).expect("read");
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(&format!("{key}:")) {
                done = true;
                format!("{key}: {value:?}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "{rel} has no {key}");
    std::fs::write(p, lines.join("\n") + "\n").expect("write");
}

#[test]
fn serves_the_site_with_the_reload_script_and_never_writes_public() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert!(home.head.contains("Content-Type: text/html; charset=utf-8"), "{}", home.head);
    assert!(home.body.contains("/__plenary/reload.js"));
    let js = s.get("/__plenary/reload.js");
    assert!(js.head.contains("text/javascript") && js.body.contains("EventSource"));
    let missing = s.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__plenary/reload.js"));
    let redirect = s.get("/forums");
    assert_eq!(redirect.status, 301);
    assert!(redirect.head.contains("Location: /forums/"));
    drop(s);
    assert!(!site.public().exists(), "serve wrote public/");
    // a build never carries the script
    site.build_ok(&[]);
    assert!(!std::fs::read_to_string(site.public().join("index.html")).unwrap().contains("__plenary"));
}

#[test]
fn in_place_save_updates_the_page_and_sends_a_reload() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    let p = site.root.join(FORUM);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}\nA freshly saved sentence.\n")).unwrap();
    events.expect_reload_of("/forums/digital-environment/");
    // the reload is sent after the new page is served
    assert!(s.get("/forums/digital-environment/").body.contains("A freshly saved sentence."));
}

#[test]
fn the_edited_page_reloads_first_and_site_wide_pages_follow() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    set_key(&site, FORUM, "title", "A retitled forum");
    // first the forum's own page (and its people's), not the site-wide lists
    let first = events.expect_reload_of("/forums/digital-environment/");
    let pages: Vec<&str> = first["pages"].as_array().expect("a list").iter().filter_map(|p| p.as_str()).collect();
    assert!(!pages.contains(&"/programme/") && !pages.contains(&"/about/"), "{pages:?}");
    assert!(s.get("/forums/digital-environment/").body.contains("A retitled forum"));
    // then the programme, which lists every forum, with its own reload
    let then = events.expect_reload_of("/programme/");
    assert!(then["pages"].as_array().is_some_and(|p| !p.iter().any(|p| p == "/forums/digital-environment/")), "{then}");
    assert!(s.get("/programme/").body.contains("A retitled forum"));
    assert!(s.get("/schedule.json").body.contains("A retitled forum"));
}

/// Every file and folder under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk").path().strip_prefix(dir).expect("inside").to_path_buf())
        .collect();
    all.sort();
    all
}

#[test]
fn ctrl_c_stops_serve_and_leaves_nothing_behind() {
    let site = TestSite::example();
    let outside = site.root.parent().expect("a parent").to_path_buf();
    let before = listing(&outside);
    let mut s = Served::start(&site.root, &[]);
    assert_eq!(s.get("/").status, 200);
    set(&site, FORUM, "---\n\n", "---\n\nA last edit.\n\n");
    assert!(s.wait_for("/forums/digital-environment/", |a| a.body.contains("A last edit.")).status == 200);
    let status = s.interrupt();
    assert!(!status.success(), "ended by the signal: {status:?}");
    assert_eq!(listing(&outside), before, "serve left files behind");
}

#[test]
fn drafts_are_served_only_with_the_drafts_flag() {
    let site = TestSite::example();
    site.write("content/pages/plans.md", "---\ntitle: Plans\ndraft: true\n---\nNot yet.\n");
    let s = Served::start(&site.root, &[]);
    assert_eq!(s.get("/plans/").status, 404);
    drop(s);
    let s = Served::start(&site.root, &["--drafts"]);
    assert!(s.get("/plans/").body.contains("Not yet."));
}

#[test]
fn open_starts_the_desktop_browser_on_the_served_address() {
    let site = TestSite::example();
    // a stand-in for xdg-open that writes down what it was asked to open
    let bin = site.root.parent().expect("a parent").join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opened = bin.join("opened.txt");
    let script = bin.join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let s = Served::start_env(&site.root, &["--open"], &[("PATH", path.as_os_str())]);
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&opened).unwrap_or_default().is_empty() {
        assert!(start.elapsed() < common::serve::PATIENCE, "the browser was never opened");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), format!("http://{}/", s.addr));
}

#[test]
fn long_poll_answers_a_new_page_at_once_and_a_waiting_one_after_a_save() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    // a new page learns the generation at once (and would learn of an error)
    let now: serde_json::Value = serde_json::from_str(&s.get("/__plenary/poll?since=0").body).expect("JSON");
    assert_ne!(now["type"], "error");
    let generation = now["gen"].as_u64().expect("a generation");
    let addr = s.addr;
    let waiting = std::thread::spawn(move || {
        let mut c = std::net::TcpStream::connect(addr).unwrap();
        let req =
            format!("GET /__plenary/poll?since={generation} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        std::io::Write::write_all(&mut c, req.as_bytes()).unwrap();
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut c, &mut answer).unwrap();
        common::serve::parse(&answer).body
    });
    set(&site, FORUM, "---\n\n", "---\n\nSeen by a long poll.\n\n");
    let m: serde_json::Value = serde_json::from_str(&waiting.join().unwrap()).expect("JSON");
    assert_eq!(m["type"], "reload", "{m}");
    assert!(s.get("/forums/digital-environment/").body.contains("Seen by a long poll."));
}

#[test]
fn polling_sees_saves_too() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &["--poll"]);
    let mut events = s.events();
    set(&site, FORUM, "---\n\n", "---\n\nSeen by polling.\n\n");
    events.expect_reload_of("/forums/digital-environment/");
    assert!(s.get("/forums/digital-environment/").body.contains("Seen by polling."));
}

#[test]
fn a_stylesheet_change_swaps_stylesheets_without_a_reload() {
    let site = TestSite::example();
    site.write("static/extra.css", "body { color: black }");
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    site.write("static/extra.css", "body { color: red }");
    events.expect("css");
    let css = s.get("/extra.css");
    assert!(css.head.contains("Content-Type: text/css") && css.body.contains("red"), "{css:?}");
}

#[test]
fn atomic_rename_save_and_delete_are_seen() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    // write a temporary file, rename it over the original (vim, VS Code, JetBrains, Helix)
    let p = site.root.join(FORUM);
    let tmp = site.root.join("content/forums/.digital-environment.md.swp");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&tmp, format!("{text}\nSaved atomically.\n")).unwrap();
    std::fs::rename(&tmp, &p).unwrap();
    events.expect_reload_of("/forums/digital-environment/");
    assert!(s.get("/forums/digital-environment/").body.contains("Saved atomically."));
    // a new folder with a new page, then deleting it
    site.write("content/pages/new-page.md", "---\ntitle: Brand new\n---\nHello.\n");
    events.expect_reload_of("/new-page/");
    assert_eq!(s.get("/new-page/").status, 200, "new page");
    std::fs::remove_file(site.root.join("content/pages/new-page.md")).unwrap();
    events.expect_reload_of("/new-page/");
    assert_eq!(s.get("/new-page/").status, 404);
}

#[test]
fn broken_front_matter_shows_an_error_keeps_the_last_good_page_and_fixing_clears_it() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    let before = s.get("/forums/digital-environment/").body;
    set(&site, FORUM, "title:", "title: [unclosed\ntitle:");
    let err = events.expect("error");
    assert!(err.contains("content/forums/digital-environment.md:2:"), "{err}");
    assert!(err.contains("| title: [unclosed"), "the offending line is shown: {err}");
    // the terminal shows the same message
    let start = std::time::Instant::now();
    loop {
        let line = s.stderr.recv_timeout(common::serve::PATIENCE).expect("the error on stderr");
        if line.contains("content/forums/digital-environment.md:2:") {
            break;
        }
        assert!(start.elapsed() < common::serve::PATIENCE, "no error in the terminal");
    }
    assert_eq!(s.get("/forums/digital-environment/").body, before, "the last good page stays served");
    // a page opened now learns about the error at once
    assert!(s.events().next().contains("\"error\""));
    set(&site, FORUM, "title: [unclosed\n", "");
    let m = events.next();
    assert!(m.contains("\"reload\"") || m.contains("\"fixed\""), "{m}");
    assert!(s.wait_for("/", |a| a.status == 200).status == 200);
}

#[test]
fn traversal_and_odd_request_targets_are_refused() {
    let site = TestSite::example();
    std::fs::write(site.root.parent().unwrap().join("secret.txt"), "secret").unwrap();
    let s = Served::start(&site.root, &[]);
    for target in [
        "/../secret.txt",
        "/../site/site.yaml",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/forums\\..\\..\\secret.txt",
        "//secret.txt",
        "http://127.0.0.1/../secret.txt",
        "secret.txt",
        "/%00",
    ] {
        let a = s.request("GET", target, "127.0.0.1");
        assert_eq!(a.status, 400, "{target}: {a:?}");
        assert!(!a.body.contains("secret"));
    }
    assert_eq!(s.get("/site.yaml").status, 404, "sources are not served");
    assert_eq!(s.get(&format!("/{}", "a".repeat(5000))).status, 414);
    assert_eq!(s.request("POST", "/", "127.0.0.1").status, 405);
}

#[test]
fn foreign_host_headers_are_refused_on_loopback() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    assert_eq!(s.request("GET", "/", "evil.example").status, 403);
    assert_eq!(s.request("GET", "/", "localhost.evil.example:80").status, 403);
    assert_eq!(s.request("GET", "/", "localhost").status, 200);
    assert_eq!(s.request("GET", "/", "[::1]:1111").status, 200);
    let no_host = common::serve::parse(&s.raw(b"GET / HTTP/1.0\r\n\r\n"));
    assert_eq!(no_host.status, 403);
}

#[test]
fn survives_malformed_oversized_and_slow_requests() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let _ = s.raw(b"\x00\xff\xfe garbage\r\n\r\n");
    let _ = s.raw(b"GET\r\n\r\n");
    let _ = s.raw(b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n");
    let _ = s.raw(format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n", "x".repeat(200_000)).as_bytes());
    // clients that never finish their request do not stop the server: each connection has
    // its own reader thread in tiny_http (a request accepted in the same instant as a stalled
    // one can queue behind it, so this retries on a fresh connection, as a browser would)
    let slow: Vec<_> = (0..20)
        .map(|_| {
            let mut c = std::net::TcpStream::connect(s.addr).unwrap();
            std::io::Write::write_all(&mut c, b"GET / HTTP/1.1\r\nHo").unwrap();
            c
        })
        .collect();
    assert_eq!(s.wait_for("/", |a| a.status == 200).status, 200);
    drop(slow);
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn a_taken_port_moves_to_the_next_and_says_so() {
    let site = TestSite::example();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(&site.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut err, &mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains(&format!("port {port} is in use; serving on port")), "{line}");
}

// ---- incremental rebuilds equal full builds ----

fn full(root: &Path) -> std::sync::Arc<SiteFiles> {
    let mut r = Rebuilder::new(options(root));
    match r.rebuild(Default::default()) {
        Outcome::Updated { .. } => {}
        Outcome::Failed(d) => {
            panic!("the full build failed: {}", d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))
        }
        Outcome::Unchanged => panic!("the full build did nothing"),
    }
    // the search index follows the pages
    assert!(r.files().pages.keys().all(|k| !(k.starts_with("search/") && k.ends_with(".json"))));
    assert!(r.refresh_search(&|| false));
    assert!(!r.behind());
    r.files()
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), base_url: Some("http://127.0.0.1:1111/".into()), ..Default::default() }
}

fn assert_same(root: &Path, incremental: &SiteFiles, what: &str) {
    let full = full(root);
    let mut a: Vec<_> = incremental.pages.keys().collect();
    let mut b: Vec<_> = full.pages.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{what}: the same pages");
    for k in b {
        assert!(incremental.pages[k] == full.pages[k], "{what}: {k} differs from a full build");
    }
    let mut a: Vec<_> = incremental.assets.keys().collect();
    let mut b: Vec<_> = full.assets.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{what}: the same static files");
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = Rebuilder::new(options(&root));
    assert!(matches!(r.rebuild(Default::default()), Outcome::Updated { .. }));
    let speaker = "content/speakers/tao-zhan.md";
    let news = "content/news/summit-2023-shenzhen.md";
    const TRANSLATION: &str = "content/forums/teacher-development.zh.md";
    let chapter = "content/papers/white-paper-ai-era/02-teaching-and-learning.md";
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str);
    let edits: Vec<Edit> = vec![
        ("speaker body", Box::new(|| set(&site, speaker, "---\n\n", "---\n\nA new first line.\n\n")), speaker),
        ("speaker name", Box::new(|| set_key(&site, speaker, "name", "Renamed Person")), speaker),
        ("forum title", Box::new(|| set_key(&site, FORUM, "title", "Changed forum title")), FORUM),
        // the translation inherits its date, room and moderators: a body edit keeps them
        ("translation body", Box::new(|| set(&site, TRANSLATION, "---\n\n", "---\n\n新的一段。\n\n")), TRANSLATION),
        ("forum speakers", Box::new(|| set(&site, FORUM, "---\n", "---\nmoderators: [jin-li]\n")), FORUM),
        ("news title", Box::new(|| set_key(&site, news, "title", "Retitled news")), news),
        ("chapter", Box::new(|| set(&site, chapter, "\n## ", "\n## Inserted heading\n\nText.\n\n## ")), chapter),
        (
            "chapter body only",
            Box::new(|| set(&site, chapter, "Some familiar forms", "One more sentence. Some familiar forms")),
            chapter,
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
fn incremental_rebuilds_of_paginated_lists_equal_full_builds() {
    let site = TestSite::example();
    let root = site.root.clone();
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}list_per_page: 2\nsitemap:\n  urls_per_file: 40\n"));
    let mut r = Rebuilder::new(options(&root));
    assert!(matches!(r.rebuild(Default::default()), Outcome::Updated { .. }));
    assert!(r.files().pages.contains_key("forums/page/2/index.html"));
    assert!(r.files().pages.contains_key("speakers/page/2/index.html"));
    assert!(r.files().pages.contains_key("sitemap-2.xml"));
    let speaker = "content/speakers/tao-zhan.md";
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str);
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
    let mut r = Rebuilder::new(options(&root));
    assert!(matches!(r.rebuild(Default::default()), Outcome::Updated { .. }));
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
            .pages
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
    let mut r = Rebuilder::new(options(&root));
    assert!(matches!(r.rebuild(Default::default()), Outcome::Updated { .. }));
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
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str);
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
    let mut r = Rebuilder::new(options(&root));
    assert!(matches!(r.rebuild(Default::default()), Outcome::Updated { .. }));
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
