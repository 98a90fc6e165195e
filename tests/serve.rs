//! `plenary serve`: the real binary on an ephemeral loopback port — pages, live reload after
//! in-place, atomic and deleting saves, the error overlay, request safety. Incremental
//! rebuilds are compared with full builds in `incremental.rs`.

mod common;

use std::path::Path;

use common::serve::Served;
use common::{set, set_key, TestSite, FORUM};

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
    // a query goes along (a search typed as an address keeps its words)
    let searched = s.get("/search?q=ai%20policy&x=é");
    assert_eq!(searched.status, 301);
    assert!(searched.head.contains("Location: /search/?q=ai%20policy&x=%C3%A9\r\n"), "{}", searched.head);
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
    // the pages name their social cards at once; the cards are drawn after the site is served
    let home = s.get("/").body;
    let card = home.split("/_img/card-").nth(1).and_then(|r| r.split('"').next()).expect("the home page's card");
    let card = format!("/_img/card-{card}");
    s.wait_for(&card, |a| a.status == 200);
    set(&site, FORUM, "---\n\n", "---\n\nA last edit.\n\n");
    assert!(s.wait_for("/forums/digital-environment/", |a| a.body.contains("A last edit.")).status == 200);
    let status = s.interrupt();
    assert!(!status.success(), "ended by the signal: {status:?}");
    // only the caches of social cards and highlighted code, finished files each (no
    // half-written temporary file)
    let cache = Path::new("site/.plenary-cache");
    let (cached, rest): (Vec<_>, Vec<_>) = listing(&outside).into_iter().partition(|p| p.starts_with(cache));
    assert_eq!(rest, before, "serve left files behind");
    assert!(cached.len() > 2, "the example site's cards are cached: {cached:?}");
    for p in &cached {
        let name = p.strip_prefix(cache).expect("inside").to_string_lossy().into_owned();
        let entry = |folder: &str, ext: &str| {
            name == folder
                || name.strip_prefix(folder).and_then(|n| n.strip_prefix('/')).is_some_and(|n| {
                    n.strip_suffix(ext).is_some_and(|hash| hash.bytes().all(|b| b.is_ascii_hexdigit()))
                })
        };
        assert!(name.is_empty() || entry("cards", ".png") || entry("highlight", ".html"), "{name}");
    }
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
fn a_stylesheet_naming_a_file_the_site_lacks_is_an_error_until_mended() {
    // as in a build: a font or picture named wrongly would show nothing on every page
    let site = TestSite::example();
    site.write("static/extra.css", "body { color: black }");
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    site.write("static/extra.css", "body {\n  background: url(img/gone.png);\n}\n");
    let err = events.expect("error");
    assert!(err.contains("static/extra.css:2:") && err.contains("img/gone.png"), "{err}");
    // the last good stylesheet is not what the error is about: adding the picture mends it
    site.write("static/img/gone.png", "png");
    let m = events.next();
    assert!(m.contains("\"reload\"") || m.contains("\"fixed\"") || m.contains("\"css\""), "{m}");
    assert!(s.wait_for("/img/gone.png", |a| a.status == 200).status == 200);
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

/// A template error that only some pages meet (a condition on one speaker) is found after
/// the new template has passed on one page of its kind: the pages it fails on stay as they
/// were, served, not missing, while the error is shown; mending it brings them back.
#[test]
fn a_template_error_on_one_page_keeps_that_page_served_as_it_was() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    let before = s.get("/speakers/tatiana-murovana/");
    assert_eq!(before.status, 200);
    // the first build has rendered every page
    let start = std::time::Instant::now();
    while !s.stderr.recv_timeout(common::serve::PATIENCE).expect("the first build").starts_with("rebuilt:") {
        assert!(start.elapsed() < common::serve::PATIENCE, "no first build");
    }
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/speaker.html");
    let template = std::fs::read_to_string(theme).unwrap().replace(
        "{{ content }}</div>",
        "NEW-TEMPLATE {{ content }}{% if speaker.name == \"Tatiana Murovana\" %}{{ nosuch.x }}{% endif %}</div>",
    );
    assert!(template.contains("NEW-TEMPLATE"));
    site.write("templates/speaker.html", &template);
    let other = s.wait_for("/speakers/li-ming/", |a| a.body.contains("NEW-TEMPLATE"));
    assert_eq!(other.status, 200);
    let failing = s.get("/speakers/tatiana-murovana/");
    assert_eq!(failing.status, 200, "{failing:?}");
    assert_eq!(failing.body, before.body, "the last good page");
    // the error is told
    let start = std::time::Instant::now();
    while !events.next().contains("\"error\"") {
        assert!(start.elapsed() < common::serve::PATIENCE, "no error event");
    }
}

/// A warning (a room the event does not have) is told in the terminal when it appears, not
/// only by `plenary check`; and that it is gone when it is mended.
#[test]
fn warnings_are_told_in_the_terminal_when_they_change() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    set(&site, "content/forums/governance.md", "room: \"Main Hall\"", "room: \"Hall Z\"");
    events.expect("reload");
    let line = |wanted: &str| {
        let start = std::time::Instant::now();
        loop {
            let l = s.stderr.recv_timeout(common::serve::PATIENCE).expect("a line on stderr");
            if l.contains(wanted) {
                return l;
            }
            assert!(start.elapsed() < common::serve::PATIENCE, "never told: {wanted}");
        }
    };
    let told = line("Hall Z");
    assert!(told.starts_with("content/forums/governance.md:8:") && told.contains("warning"), "{told}");
    set(&site, "content/forums/governance.md", "room: \"Hall Z\"", "room: \"Main Hall\"");
    events.expect("reload");
    line("no warnings now");
}

/// The site's own strings (`i18n/<code>.yaml`, which the README invites a site to add) are
/// sources too: made, edited and deleted while serving, the pages follow.
#[test]
fn the_sites_own_strings_are_watched_from_the_folders_making_to_its_deletion() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    site.write("i18n/fr.yaml", "programme: Le Programme XYZ\n");
    events.expect("reload");
    assert!(s.wait_for("/fr/", |a| a.body.contains("Programme XYZ")).body.contains("Programme XYZ"));
    site.write("i18n/fr.yaml", "programme: Le Programme QQQ\n");
    events.expect("reload");
    assert!(s.wait_for("/fr/", |a| a.body.contains("Programme QQQ")).body.contains("Programme QQQ"));
    std::fs::remove_dir_all(site.root.join("i18n")).unwrap();
    events.expect("reload");
    let page = s.wait_for("/fr/", |a| !a.body.contains("Programme QQQ"));
    assert!(!page.body.contains("Programme QQQ"));
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
fn two_host_headers_are_a_bad_request() {
    let site = TestSite::example();
    let s = Served::start(&site.root, &[]);
    let twice = s.raw(b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n");
    assert_eq!(common::serve::parse(&twice).status, 400, "{twice}");
    let other_way = s.raw(b"GET / HTTP/1.1\r\nHost: evil.example\r\nhost: localhost\r\n\r\n");
    assert_eq!(common::serve::parse(&other_way).status, 400, "{other_way}");
}

#[test]
fn a_video_is_served_in_the_parts_a_player_asks_for() {
    let site = TestSite::example();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::fs::write(site.root.join("static/clip.mp4"), "0123456789").unwrap();
    let s = Served::start(&site.root, &[]);
    let ranged = |range: &str| {
        common::serve::parse(
            &s.raw(format!("GET /clip.mp4 HTTP/1.1\r\nHost: localhost\r\nRange: {range}\r\n\r\n").as_bytes()),
        )
    };
    let part = ranged("bytes=2-5");
    assert_eq!(part.status, 206, "{part:?}");
    assert_eq!(part.body, "2345");
    assert!(part.head.contains("Content-Range: bytes 2-5/10"), "{}", part.head);
    assert!(part.head.contains("Content-Length: 4"), "{}", part.head);
    let tail = ranged("bytes=-3");
    assert_eq!((tail.status, tail.body.as_str()), (206, "789"));
    let past = ranged("bytes=10-");
    assert_eq!(past.status, 416, "{past:?}");
    assert!(past.head.contains("Content-Range: bytes */10"), "{}", past.head);
    // the unit without case; two ranges' headers are no one range
    assert_eq!(ranged("BYTES=2-5").status, 206);
    let two = common::serve::parse(
        &s.raw(b"GET /clip.mp4 HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1\r\nRange: bytes=2-3\r\n\r\n"),
    );
    assert_eq!((two.status, two.body.as_str()), (200, "0123456789"));
    let whole = s.get("/clip.mp4");
    assert_eq!((whole.status, whole.body.as_str()), (200, "0123456789"));
    assert!(whole.head.contains("Accept-Ranges: bytes"), "{}", whole.head);
    // pages carry the reload script, so they are always whole
    let page = common::serve::parse(&s.raw(b"GET / HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-3\r\n\r\n"));
    assert_eq!(page.status, 200);
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

/// A photo damaged past its header is named from its header, and fails only when serve makes
/// it after the first page: that is shown as a build error is (the open pages and the
/// terminal, at the photo's line), and mending the photo serves it.
#[test]
fn a_photo_found_damaged_after_the_first_page_is_shown_as_an_error_until_mended() {
    let site = TestSite::example();
    let photo = |shade: u8| {
        let img = image::RgbImage::from_fn(300, 300, |x, y| image::Rgb([x as u8, y as u8, shade]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    };
    let whole = photo(40);
    std::fs::write(site.root.join("content/speakers/delegate.png"), &whole[..whole.len() / 2]).unwrap();
    site.write(
        "content/speakers/delegate.md",
        "---\nname: A Delegate\nphoto: delegate.png\nphoto_alt: A delegate\n---\n\nBio.\n",
    );
    let s = Served::start(&site.root, &[]);
    let mut events = s.events();
    let err = events.expect("error");
    assert!(err.contains("content/speakers/delegate.md:3:8"), "{err}");
    assert!(err.contains("cannot read photo `delegate.png` as an image"), "{err}");
    let page = s.get("/speakers/delegate/").body;
    let named =
        page.split('"').find(|a| a.starts_with("/_img/") && a.ends_with(".jpg")).expect("the photo named").to_string();
    std::fs::write(site.root.join("content/speakers/delegate.png"), photo(90)).unwrap();
    events.expect_reload_of("/speakers/delegate/");
    let page = s.wait_for("/speakers/delegate/", |a| !a.body.contains(&named)).body;
    let mended = page
        .split('"')
        .find(|a| a.starts_with("/_img/") && a.ends_with(".jpg"))
        .expect("the new photo named")
        .to_string();
    assert!(s.get(&mended).head.contains("image/jpeg"), "the mended photo is served");
    // a page opened now learns of no error
    let now: serde_json::Value = serde_json::from_str(&s.get("/__plenary/poll?since=0").body).expect("JSON");
    assert_ne!(now["type"], "error", "{now}");
}

/// A source that is a symbolic link to a file elsewhere in the site — a page linked to a
/// shared note, a template linked to the theme author's copy outside `templates/` — is
/// rebuilt when what it leads to is edited, as a build would read it (serve kept the old
/// page until the link itself was made again).
#[cfg(unix)]
#[test]
fn an_edit_behind_a_symbolic_link_is_served() {
    use std::os::unix::fs::symlink;
    let site = TestSite::example();
    let theme_page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"))
            .unwrap();
    site.write("notes/page.html", &theme_page.replacen("</article>", "<!-- template one --></article>", 1));
    site.write("notes/mirror.md", "---\ntitle: Mirror\n---\n\nFirst words.\n");
    std::fs::create_dir_all(site.root.join("templates")).unwrap();
    symlink("../notes/page.html", site.root.join("templates/page.html")).unwrap();
    symlink("../../notes/mirror.md", site.root.join("content/pages/mirror.md")).unwrap();
    let s = Served::start(&site.root, &[]);
    assert!(s.get("/mirror/").body.contains("First words."));
    assert!(s.get("/mirror/").body.contains("<!-- template one -->"));
    site.write("notes/mirror.md", "---\ntitle: Mirror\n---\n\nSecond words.\n");
    s.wait_for("/mirror/", |a| a.body.contains("Second words."));
    site.write("notes/page.html", &theme_page.replacen("</article>", "<!-- template two --></article>", 1));
    s.wait_for("/about/", |a| a.body.contains("<!-- template two -->"));
}
