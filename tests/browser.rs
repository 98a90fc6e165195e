//! A real browser: headless Chromium (through chromedriver, WebDriver over plain HTTP) opens a
//! page served by `plenary serve`; the test edits the Markdown and the new text appears
//! without the test reloading; a broken front matter shows the overlay, fixing it removes it.
//!
//! Without Chromium and chromedriver the test is skipped with a message; with `CI=true` their
//! absence is a failure (`.ci/run` installs them).

mod common;

use common::browser::{browser, start_driver, start_driver_with};
use common::serve::Served;
use common::TestSite;
use serde_json::json;

#[test]
fn browser_shows_saves_and_the_error_overlay_without_reloading_by_hand() {
    let Some((chromium, chromedriver)) = browser("browser_shows_saves_and_the_error_overlay_without_reloading_by_hand")
    else {
        return;
    };
    let site = TestSite::example();
    let served = Served::start(&site.root, &[]);
    let driver = start_driver(chromium, chromedriver);
    let page = format!("http://127.0.0.1:{}/forums/digital-environment/", served.addr.port());
    driver.session_call("POST", "/url", Some(json!({ "url": page })));
    driver.wait_until("the page", "return document.body.innerText.length > 0");

    let file = site.root.join("content/forums/digital-environment.md");
    let original = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("{original}\nWords typed in the editor.\n")).expect("write");
    driver.wait_until("the saved text", "return document.body.innerText.includes('Words typed in the editor.')");

    std::fs::write(&file, original.replacen("title:", "title: [broken\ntitle:", 1)).expect("write");
    driver.wait_until("the error overlay", "return !!document.getElementById('plenary-error-overlay')");
    let overlay = driver.script("return document.getElementById('plenary-error-overlay').innerText");
    assert!(overlay.as_str().unwrap_or("").contains("content/forums/digital-environment.md:2:"), "{overlay}");

    std::fs::write(&file, format!("{original}\nFixed again.\n")).expect("write");
    driver.wait_until(
        "the fixed page",
        "return !document.getElementById('plenary-error-overlay') && document.body.innerText.includes('Fixed again.')",
    );

    // a save elsewhere does not reload this page: a mark left on it stays
    driver.script("window.plenaryMark = 1; return null");
    let venue = site.root.join("content/pages/venue.md");
    let text = std::fs::read_to_string(&venue).expect("read");
    std::fs::write(&venue, format!("{text}\nA new line about the venue.\n")).expect("write");
    served.wait_for("/venue/", |a| a.body.contains("A new line about the venue."));
    std::thread::sleep(std::time::Duration::from_secs(1)); // time for a reload that should not come
    assert_eq!(driver.script("return window.plenaryMark === 1"), json!(true), "the forum page reloaded");

    // the page being viewed is deleted: the browser goes to the nearest page above it
    site.write("content/pages/brief.md", "---\ntitle: Brief\n---\nA short-lived page.\n");
    served.wait_for("/brief/", |a| a.status == 200);
    let brief = format!("http://127.0.0.1:{}/brief/", served.addr.port());
    // the site-wide reload that follows a new page may land on the page being left and undo
    // the navigation: navigate again until the new page is shown
    let start = std::time::Instant::now();
    loop {
        driver.session_call("POST", "/url", Some(json!({ "url": brief })));
        std::thread::sleep(std::time::Duration::from_millis(500));
        if driver.script("return document.body.innerText.includes('A short-lived page.')") == json!(true) {
            break;
        }
        assert!(start.elapsed() < common::serve::PATIENCE, "the browser never showed the brief page");
    }
    std::fs::remove_file(site.root.join("content/pages/brief.md")).expect("delete");
    driver.wait_until("the parent page", "return location.pathname === '/' && document.body.innerText.length > 0");
}

/// The search page in a real browser: the query from the address, results with marked words
/// and their kind in the page's language, the count announced, "show more", arrow keys,
/// completion while typing, the query kept in the address.
#[test]
fn search_page_works_by_keyboard_in_the_pages_language() {
    let Some((chromium, chromedriver)) = browser("search_page_works_by_keyboard_in_the_pages_language") else {
        return;
    };
    let site = TestSite::example();
    let served = Served::start(&site.root, &[]);
    served.wait_for("/search/ar/meta.json", |a| a.status == 200);
    served.wait_for("/search/en/meta.json", |a| a.status == 200);
    let driver = start_driver(chromium, chromedriver);
    let base = format!("http://127.0.0.1:{}", served.addr.port());

    // Arabic: the query from the address, everything said in Arabic
    driver.session_call(
        "POST",
        "/url",
        Some(json!({ "url": format!("{base}/ar/search/?q=%D8%A7%D8%AF%D8%A7%D8%B1%D8%A9") })),
    );
    driver.wait_until("Arabic results", "return document.querySelectorAll('#search-results li').length > 0");
    let status = driver.script("return document.getElementById('search-status').textContent");
    let expected = driver.script(
        "const n = document.querySelectorAll('#search-results li').length; \
         const s = JSON.parse(document.getElementById('search-strings').textContent); \
         return (s.count[new Intl.PluralRules('ar').select(n)] || s.count.other).replace('{n}', new Intl.NumberFormat('ar').format(n));",
    );
    assert_eq!(status, expected, "the count in Arabic words and numbers");
    assert!(!status.as_str().unwrap().contains("result"), "{status}");
    assert_eq!(driver.script("return document.querySelector('#search-results mark') !== null"), json!(true));
    let kind = driver.script("return document.querySelector('#search-results .search-kind').textContent");
    assert!(
        ["منتدى", "متحدث", "خبر", "ورقة بيضاء", "فصل من ورقة بيضاء", "صفحة"].contains(&kind.as_str().unwrap()),
        "{kind}"
    );

    // the singular سياسة ("policy") finds the site's only form, السياسات ("the policies"), and
    // each mark is the whole word as written, article and plural ending too
    driver.session_call(
        "POST",
        "/url",
        Some(json!({ "url": format!("{base}/ar/search/?q=%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9") })),
    );
    driver.wait_until(
        "the plural found by the singular",
        "return document.querySelectorAll('#search-results mark').length > 0",
    );
    let marks = driver.script("return [...document.querySelectorAll('#search-results mark')].map(m => m.textContent)");
    let marks: Vec<&str> = marks.as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    assert!(marks.iter().all(|m| ["السياسات", "والسياسات"].contains(m)), "{marks:?}");

    // each result in the language and direction it is written in: Arabic here, and an
    // untranslated English forum on the Arabic search, said so in Arabic
    assert_eq!(
        driver.script("const a = document.querySelector('#search-results li > a'); return [a.lang, a.dir, a.parentNode.querySelector('.search-lang') === null]"),
        json!(["ar", "rtl", true])
    );
    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/ar/search/?q=governance") })));
    driver.wait_until(
        "English results on the Arabic search",
        "return document.querySelectorAll('#search-results li').length > 0",
    );
    assert_eq!(
        driver.script(
            "const li = [...document.querySelectorAll('#search-results li')].find(li => li.querySelector('a').lang === 'en'); \
             const p = li.querySelector('p'); \
             return [li.querySelector('a').dir, p.lang, p.dir, li.querySelector('.search-lang').textContent]"
        ),
        json!(["ltr", "en", "ltr", "باللغة الإنجليزية"])
    );
    // an untranslated forum's date, time and room are the page's words, in Arabic, apart from
    // its English passage (they ran together, laid out left to right)
    assert_eq!(
        driver.script(
            "const li = [...document.querySelectorAll('#search-results li')].find(li => li.querySelector('a').lang === 'en' && li.querySelector('.search-lead'));              const lead = li.querySelector('.search-lead'), p = li.querySelector('p:not(.search-lead)');              return [lead.lang || lead.closest('[lang]').lang, getComputedStyle(lead).direction, /ديسمبر/.test(lead.textContent), /[A-Za-z]/.test(lead.textContent), /ديسمبر/.test(p.textContent), p.lang]"
        ),
        json!(["ar", "rtl", true, false, false, "en"])
    );

    let shown_links =
        "return [...document.querySelectorAll('#search-results li > a')].map(a => a.getAttribute('href'))";
    // Chinese typed on the English page finds nothing there: the same search is offered on
    // the other languages' pages, and leads to results in Chinese
    driver.session_call(
        "POST",
        "/url",
        Some(json!({ "url": format!("{base}/search/?q=%E9%AB%98%E7%AD%89%E6%95%99%E8%82%B2") })),
    );
    driver.wait_until("the offer of other languages", "return !document.querySelector('.search-elsewhere').hidden");
    assert_eq!(
        driver.script(
            "return [...document.querySelectorAll('.search-elsewhere a')].map(a => [a.lang, a.getAttribute('href')])"
        ),
        json!([
            ["zh", "/zh/search/?q=%E9%AB%98%E7%AD%89%E6%95%99%E8%82%B2"],
            ["ar", "/ar/search/?q=%E9%AB%98%E7%AD%89%E6%95%99%E8%82%B2"],
            ["fr", "/fr/search/?q=%E9%AB%98%E7%AD%89%E6%95%99%E8%82%B2"]
        ])
    );
    driver.script("document.querySelector('.search-elsewhere a[lang=zh]').click(); return null");
    driver.wait_until(
        "Chinese results",
        "return location.pathname === '/zh/search/' && document.querySelectorAll('#search-results li').length > 0",
    );
    assert_eq!(driver.script("return document.querySelector('.search-elsewhere').hidden"), json!(true));
    // the table of traditional characters came with the Chinese query, and folds it: 會議 (traditional)
    // finds what 会议 finds
    let hans =
        "return performance.getEntriesByType('resource').some(e => new URL(e.name).pathname === '/search-hans.js')";
    assert_eq!(driver.script(hans), json!(true));
    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/zh/search/?q=%E4%BC%9A%E8%AE%AE") })));
    driver.wait_until("results for 会议", "return document.querySelectorAll('#search-results li').length > 0");
    let simplified = driver.script(shown_links);
    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/zh/search/?q=%E6%9C%83%E8%AD%B0") })));
    driver.wait_until("results for 會議", "return document.querySelectorAll('#search-results li').length > 0");
    assert_eq!(driver.script(shown_links), simplified, "會議 finds what 会议 finds");

    // English: a word with more than 20 sections; show more loads the rest
    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/search/?q=education") })));
    driver.wait_until("English results", "return document.querySelectorAll('#search-results li').length > 0");
    assert_eq!(driver.script("return document.querySelectorAll('#search-results li').length"), json!(20));
    let total = driver
        .script("return parseInt(document.getElementById('search-status').textContent.replace(/[^0-9]/g, ''), 10)");
    assert!(total.as_u64().unwrap() > 20, "{total}");
    driver.script("document.getElementById('search-more').click(); return null");
    driver.wait_until(
        "all the results",
        &format!("return document.querySelectorAll('#search-results li').length === {total}"),
    );
    assert_eq!(driver.script("return document.getElementById('search-more').hidden"), json!(true));

    // arrow keys: from the box to the results, between them, and back
    let key = |target: &str, k: &str| {
        driver.script(&format!(
            "{target}.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{k}', bubbles: true }})); return null"
        ));
    };
    let focused = || {
        driver.script("const a = [...document.querySelectorAll('#search-results li > a')]; return document.activeElement.id || a.indexOf(document.activeElement)")
    };
    key("document.getElementById('search-q')", "ArrowDown");
    assert_eq!(focused(), json!(0));
    key("document.activeElement", "ArrowDown");
    assert_eq!(focused(), json!(1));
    key("document.activeElement", "ArrowUp");
    key("document.activeElement", "ArrowUp");
    assert_eq!(focused(), json!("search-q"));

    // typing: the last word is completed, the query goes to the address
    driver.script("const i = document.getElementById('search-q'); i.value = 'univ'; i.dispatchEvent(new Event('input')); return null");
    driver.wait_until("completed results", "return location.search === '?q=univ' && document.querySelector('#search-results mark') !== null && document.querySelector('#search-results mark').textContent.toLowerCase().startsWith('univ')");

    // the same query gives the same results however it arrives: typed, after Enter, and from
    // the address the typing left (a shared link)
    let shown = "return [document.getElementById('search-status').textContent, \
                 [...document.querySelectorAll('#search-results li > a')].map(a => a.getAttribute('href'))]";
    let settled = "const t = document.getElementById('search-status').textContent; \
                   return t !== '' && t !== JSON.parse(document.getElementById('search-strings').textContent).searching";
    let typed = driver.script(shown);
    assert!(typed[1].as_array().is_some_and(|a| !a.is_empty()), "{typed}");
    driver.script(
        "document.getElementById('search-status').textContent = ''; \
         document.getElementById('search-results').textContent = ''; \
         document.getElementById('search-q').form.requestSubmit(); return null",
    );
    driver.wait_until("results after Enter", settled);
    assert_eq!(driver.script(shown), typed, "after Enter");
    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/search/?q=univ") })));
    driver.wait_until("results from the address", settled);
    assert_eq!(driver.script(shown), typed, "from ?q=univ");
}

/// A cold search on a slow link: what can be asked for at once is asked for at once. The
/// index's `meta.json` is hinted by the page (`<link rel=preload>`), so it is on its way while
/// the scripts load, and the script's own fetch takes it (asked for once); a query word's term
/// file and its file of spellings are asked for together, not one after the other. Each
/// request is read from the Performance API, with Chromium's network emulation adding 300 ms
/// to every request so that requests one after the other cannot overlap.
#[test]
fn search_page_asks_for_what_it_can_at_once() {
    let Some((chromium, chromedriver)) = browser("search_page_asks_for_what_it_can_at_once") else {
        return;
    };
    let site = TestSite::example();
    let served = Served::start(&site.root, &[]);
    served.wait_for("/search/en/meta.json", |a| a.status == 200);
    let driver = start_driver(chromium, chromedriver);
    let conditions = json!({ "network_conditions": {
        "offline": false, "latency": 300, "download_throughput": 50_000, "upload_throughput": 50_000
    }});
    driver.session_call("POST", "/chromium/network_conditions", Some(conditions));
    let base = format!("http://127.0.0.1:{}", served.addr.port());
    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/search/?q=digital%20governance") })));
    driver.wait_until("results", "return document.querySelectorAll('#search-results li').length > 0");
    let requests = driver.script(
        "return performance.getEntriesByType('resource').map(e => \
         [new URL(e.name).pathname, e.initiatorType, e.startTime, e.responseEnd])",
    );
    let requests: Vec<(String, String, f64, f64)> = serde_json::from_value(requests).expect("resource entries");
    let one = |name: &str| {
        let found: Vec<_> = requests.iter().filter(|r| r.0 == name).collect();
        assert_eq!(found.len(), 1, "{name} asked for once: {requests:?}");
        found[0].clone()
    };
    let (meta, script) = (one("/search/en/meta.json"), one("/search.js"));
    assert_eq!(meta.1, "link", "meta.json comes from the page's hint: {requests:?}");
    assert!(meta.2 < script.3, "meta.json asked for while search.js loads: {requests:?}");
    let first = |prefix: &str| {
        let r = requests.iter().find(|r| r.0.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}: {requests:?}"));
        one(&r.0)
    };
    let (terms, spellings) = (first("/search/en/t"), first("/search/en/s"));
    assert!(
        terms.2 < spellings.3 && spellings.2 < terms.3,
        "the term file and the spellings asked for together: {requests:?}"
    );
    for r in requests.iter().filter(|r| r.0.starts_with("/search/")) {
        one(&r.0);
    }
    assert!(
        !requests.iter().any(|r| r.0 == "/search-hans.js"),
        "the table of traditional characters only for a query with Han characters: {requests:?}"
    );
}

/// Results appearing move nothing a reader sees (Cumulative Layout Shift 0): the page keeps
/// room for a scroll bar before it needs one, and the results' list room for a screenful while
/// the query is looked up, so the footer below it was never in view. Once the answer is shown
/// the list takes the room it needs: "no results" is followed by the footer, not an empty
/// screen, and the footer, hidden while it moves, moves nothing in view either. Opened from a
/// shared `?q=` address, where no typing excuses a shift, on a phone and on a wide screen.
#[test]
fn search_results_appear_without_moving_the_page() {
    let Some((chromium, chromedriver)) = browser("search_results_appear_without_moving_the_page") else {
        return;
    };
    let site = TestSite::example();
    let served = Served::start(&site.root, &[]);
    served.wait_for("/search/en/meta.json", |a| a.status == 200);
    let driver = start_driver(chromium, chromedriver);
    let base = format!("http://127.0.0.1:{}", served.addr.port());
    let settled = "const t = document.getElementById('search-status').textContent; \
                   return t !== '' && t !== JSON.parse(document.getElementById('search-strings').textContent).searching";
    for width in [390, 1280] {
        driver.session_call("POST", "/window/rect", Some(json!({ "width": width, "height": 900 })));
        for (query, found) in [("policy", true), ("zqxjvw", false), ("goverment", true)] {
            driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/search/?q={query}") })));
            driver.wait_until("the answer", settled);
            // the shift, if any, is recorded when the next frames are laid out
            std::thread::sleep(std::time::Duration::from_millis(500));
            let shifts = driver.script(
                "const o = new PerformanceObserver(() => {}); o.observe({ type: 'layout-shift', buffered: true }); \
                 const r = o.takeRecords(); o.disconnect(); return r.filter(e => !e.hadRecentInput).map(e => e.value);",
            );
            let shifts: Vec<f64> = serde_json::from_value(shifts).expect("layout shifts");
            assert!(shifts.iter().sum::<f64>() < 0.01, "at {width} px, {query:?}: the page moved: {shifts:?}");
            let (results, footer) = (
                driver.script("return document.querySelectorAll('#search-results li').length > 0"),
                driver.script(
                    "const f = document.querySelector('.site-footer'); \
                     return getComputedStyle(f).visibility === 'visible' && f.getBoundingClientRect().top < innerHeight",
                ),
            );
            assert_eq!(results, json!(found), "at {width} px, {query:?}");
            if !found {
                assert_eq!(footer, json!(true), "at {width} px, no results sit above an empty screen");
            }
        }
    }
}

/// A page that reaches a phone in pieces is drawn before the rest has come: the header first,
/// then what follows. Nothing the browser has drawn moves when the rest arrives — the
/// colour-scheme switch, which the header's script puts in, once pushed the menu down a line
/// at 390 px (a layout shift of 0.0085 that came and went with the network). Here the page
/// is held after `</header>` until the browser has drawn it.
#[test]
fn the_header_does_not_move_when_the_page_comes_in_pieces() {
    let Some((chromium, chromedriver)) = browser("the_header_does_not_move_when_the_page_comes_in_pieces") else {
        return;
    };
    let site = TestSite::example();
    site.build_ok(&[]);
    for page in ["about/index.html", "ar/about/index.html"] {
        let (addr, release) = in_pieces(site.public(), page, "</header>");
        let driver = start_driver_with(chromium.clone(), chromedriver.clone(), json!({ "pageLoadStrategy": "none" }));
        driver.session_call("POST", "/window/rect", Some(json!({ "width": 390, "height": 900 })));
        driver.session_call("POST", "/url", Some(json!({ "url": format!("http://{addr}/{page}") })));
        driver.wait_until(
            "the header drawn",
            "return performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')",
        );
        assert_eq!(driver.script("return document.querySelector('main') === null"), json!(true), "{page}: held");
        release.send(()).expect("the server waits");
        driver.wait_until("the whole page", "return document.readyState === 'complete'");
        // a shift is recorded when the next frames are laid out
        driver.script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        let shifts = driver.script(
            "const o = new PerformanceObserver(() => {}); o.observe({ type: 'layout-shift', buffered: true }); \
             const r = o.takeRecords(); o.disconnect(); \
             return r.map(e => [e.value, e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '')]);",
        );
        assert_eq!(shifts, json!([]), "{page} at 390 px: what was drawn moved");
        assert_eq!(driver.script("return document.querySelectorAll('.site-header .theme-toggle').length"), json!(1));
    }
}

/// Serves `public` on a free port, `page` in two parts: up to the end of `cut`, then the rest
/// once the returned sender is sent to. Every other file whole.
fn in_pieces(
    public: std::path::PathBuf,
    page: &'static str,
    cut: &'static str,
) -> (std::net::SocketAddr, std::sync::mpsc::Sender<()>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let (release, released) = std::sync::mpsc::channel::<()>();
    let released = std::sync::Arc::new(std::sync::Mutex::new(released));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (public, released) = (public.clone(), released.clone());
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().expect("stream"));
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                while let Ok(n) = reader.read_line(&mut String::new()) {
                    if n <= 2 {
                        break;
                    }
                }
                let path = line.split(' ').nth(1).unwrap_or("/").trim_start_matches('/').to_string();
                let Ok(body) = std::fs::read(public.join(&path)) else {
                    let _ =
                        stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                };
                let kind = match path.rsplit('.').next() {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("svg") => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let at = if path == page {
                    let text = std::str::from_utf8(&body).expect("UTF-8");
                    text.find(cut).map_or(body.len(), |i| i + cut.len())
                } else {
                    body.len()
                };
                let _ = stream.write_all(&body[..at]);
                let _ = stream.flush();
                if at < body.len() {
                    let _ = released.lock().expect("lock").recv();
                }
                let _ = stream.write_all(&body[at..]);
            });
        }
    });
    (addr, release)
}

/// A typo answered for the nearest word of the site, said so in the page's language, with a
/// link to the query as typed (which is then not corrected); typing again starts afresh.
#[test]
fn a_typo_shows_the_results_of_the_nearest_word_and_a_link_to_the_query_as_typed() {
    let Some((chromium, chromedriver)) =
        browser("a_typo_shows_the_results_of_the_nearest_word_and_a_link_to_the_query_as_typed")
    else {
        return;
    };
    let site = TestSite::example();
    let served = Served::start(&site.root, &[]);
    served.wait_for("/search/fr/meta.json", |a| a.status == 200);
    let driver = start_driver(chromium, chromedriver);
    let base = format!("http://127.0.0.1:{}", served.addr.port());
    let shown = "const c = document.querySelector('.search-corrected'); \
                 return [c.hidden, c.textContent, document.querySelectorAll('#search-results li').length > 0]";

    driver.session_call("POST", "/url", Some(json!({ "url": format!("{base}/fr/search/?q=educaton") })));
    driver.wait_until("the corrected query", "return !document.querySelector('.search-corrected').hidden");
    assert_eq!(
        driver.script(shown),
        json!([false, "Résultats pour education. Chercher plutôt educaton.", true]),
        "the line in French, the results of the word the site has"
    );
    let link = driver.script("return document.querySelector('.search-corrected a').getAttribute('href')");
    assert_eq!(link, json!("/fr/search/?q=educaton&exact=1"));

    driver.script("document.querySelector('.search-corrected a').click(); return null");
    driver.wait_until(
        "the query as typed",
        "return location.search === '?q=educaton&exact=1' && \
         document.getElementById('search-status').textContent === 'Aucun résultat.'",
    );
    assert_eq!(driver.script(shown), json!([true, "", false]));

    // typing again: a new query, corrected again, and the address without `exact`
    driver.script(
        "const i = document.getElementById('search-q'); i.value = 'polcy'; i.dispatchEvent(new Event('input')); return null",
    );
    driver.wait_until("the corrected typing", "return !document.querySelector('.search-corrected').hidden");
    assert_eq!(driver.script("return location.search"), json!("?q=polcy"));
    assert_eq!(driver.script(shown)[1], json!("Résultats pour policy. Chercher plutôt polcy."));
}

/// The programme's times are written again by its script ("Show in my time zone") and put
/// back as the page wrote them: with their markup, so a "(next day)" the theme says in
/// English on a Persian page stays marked English and left to right (the script put back its
/// text alone, and the mark was lost as soon as the page loaded).
#[test]
fn programme_times_keep_their_language_marks_through_the_time_zone_switch() {
    let Some((chromium, chromedriver)) =
        browser("programme_times_keep_their_language_marks_through_the_time_zone_switch")
    else {
        return;
    };
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: Summit\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fa, name: فارسی}\nevent:\n  name: Summit\n  start: 2023-12-07\n  end: 2023-12-08\n  timezone: Asia/Tehran\n",
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    site.write(
        "content/forums/late.md",
        "---\ntitle: Late\ndate: 2023-12-07\nstart: \"22:00\"\nend: \"25:00\"\n---\n\nText.\n",
    );
    let served = Served::start(&site.root, &[]);
    served.wait_for("/fa/programme/", |a| a.status == 200);
    let driver = start_driver(chromium, chromedriver);
    let url = format!("http://127.0.0.1:{}/fa/programme/", served.addr.port());
    driver.session_call("POST", "/url", Some(json!({ "url": url })));
    driver.wait_until("the time zone switch", "return document.querySelector('.tz-toggle') !== null");
    let marked = "return [...document.querySelectorAll('main time')].filter(t => t.querySelector('span[lang=en][dir=ltr]')).length";
    assert_eq!(driver.script(marked), json!(2), "after the script ran, the grid's and the list's times");
    // to the reader's zone and back: the page's own markup again
    driver.script("document.querySelector('.tz-toggle').click(); document.querySelector('.tz-toggle').click();");
    assert_eq!(driver.script(marked), json!(2), "after switching back");
}

/// Labels a script sets from the page (the colour-scheme button, the programme's time-zone
/// button) carry the language of their string: on a Persian page of a theme without Persian
/// strings they are English and marked `lang="en" dir="ltr"` (plain text set by a script is
/// never made a span); on an English page, and an Arabic one whose theme has the strings,
/// they are the page's words and not marked.
#[test]
fn labels_set_by_scripts_are_marked_with_their_strings_language() {
    let Some((chromium, chromedriver)) = browser("labels_set_by_scripts_are_marked_with_their_strings_language") else {
        return;
    };
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: Summit\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fa, name: فارسی}\n  - {code: ar, name: العربية}\nevent:\n  name: Summit\n  start: 2023-12-07\n  end: 2023-12-08\n  timezone: Asia/Tehran\n",
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    site.write(
        "content/forums/a.md",
        "---\ntitle: A\ndate: 2023-12-07\nstart: \"10:00\"\nend: \"11:00\"\n---\n\nText.\n",
    );
    let served = Served::start(&site.root, &[]);
    served.wait_for("/fa/programme/", |a| a.status == 200);
    let driver = start_driver(chromium, chromedriver);
    let marks = "return ['.theme-toggle', '.tz-toggle'].map(q => { const b = document.querySelector(q); \
                 return b ? [b.lang, b.dir, getComputedStyle(b).direction] : null })";
    for (page, want) in [("fa", ["en", "ltr", "ltr"]), ("", ["", "", "ltr"]), ("ar", ["", "", "rtl"])] {
        let url = format!(
            "http://127.0.0.1:{}/{page}{}programme/",
            served.addr.port(),
            if page.is_empty() { "" } else { "/" }
        );
        driver.session_call("POST", "/url", Some(json!({ "url": url })));
        driver.wait_until(
            "the buttons",
            "return document.querySelector('.tz-toggle') !== null && document.querySelector('.theme-toggle') !== null",
        );
        assert_eq!(driver.script(marks), json!([want, want]), "/{page}");
    }
}
