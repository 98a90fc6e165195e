//! Pages at a phone's and a desktop's width in a real browser (headless Chromium through
//! chromedriver): no page scrolls sideways and no box cuts text off, whatever an editor writes — a German compound as a title, a tag or
//! a room, a speaker's organisation without a space, a long address or identifier in the
//! text, a wide table — in a left-to-right, a right-to-left and a Chinese page; and ordered
//! lists counted in their language's digits.
//!
//! Without Chromium and chromedriver the test is skipped with a message; with `CI=true` their
//! absence is a failure (`.ci/run` installs them).

mod common;

use common::browser::{browser, start_driver};
use common::serve::Served;
use common::TestSite;
use serde_json::json;

/// One word of 96 letters, as German compounds and pasted identifiers are.
const LONG: &str =
    "Hochschulbildungsdigitalisierungsstrategieentwicklungsprogrammkoordinationsausschusssitzungsprotokoll";

/// Each element that reaches past the window's edges (left or right), as `tag.class` with
/// how far, three at most; and the page's own sideways scroll.
const OVERFLOW: &str = "const w = document.documentElement.clientWidth;
    const out = [];
    const name = e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '');
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(e).position === 'fixed') continue;
      // the first box around it that does not let it show past its edges
      let box = null;
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') { box = p; break; }
      }
      if (!box) {
        if (r.right > w + 1 || r.left < -1) out.push(name(e) + ' past the window [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
        continue;
      }
      // a box that scrolls (a table, a code block, the programme) shows all of it; one
      // that hides what passes its edges cuts the text off (a box of one pixel is text
      // kept for screen readers only)
      const o = getComputedStyle(box).overflowX;
      const b = box.getBoundingClientRect();
      if ((o === 'hidden' || o === 'clip') && b.width > 1 && (r.right > b.right + 1 || r.left < b.left - 1)) {
        out.push(name(e) + ' cut off by ' + name(box) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + '] in [' + Math.round(b.left) + ', ' + Math.round(b.right) + ']');
      }
    }
    const scroll = document.documentElement.scrollWidth - w;
    return { scroll, out: out.slice(0, 3) };";

#[test]
fn no_page_scrolls_sideways_or_cuts_text_off_whatever_the_words() {
    let Some((chromium, chromedriver)) = browser("no_page_scrolls_sideways_or_cuts_text_off_whatever_the_words") else {
        return;
    };
    let site = TestSite::example();
    site.write(
        "content/speakers/long-name.md",
        &format!("---\nname: \"Maximiliane {LONG}\"\nrole: \"{LONG}\"\norganisation: \"{LONG}\"\n---\n\n{LONG}.\n"),
    );
    site.write(
        "content/forums/long.md",
        &format!(
            "---\ntitle: \"{LONG}\"\nnumber: 9\ndate: 2023-12-08\nstart: \"09:00\"\nend: \"10:00\"\nroom: \"{LONG}\"\nspeakers: [long-name]\ntopics: [\"{LONG}\"]\nsummary: \"{LONG} https://example.org/{LONG}/{LONG}\"\n---\n\n## {LONG}\n\nText.\n"
        ),
    );
    site.write(
        "content/news/long.md",
        &format!(
            "---\ntitle: \"{LONG}\"\ndate: 2023-12-10\ntags: [\"{LONG}\"]\nspeakers: [long-name]\nforums: [long]\n---\n\nSee https://example.org/{LONG}/{LONG}/index.html and [{LONG}](https://example.org/).\n\n`{LONG}_{LONG}()`\n\n```\nlet x = \"{LONG}{LONG}\";\n```\n\n| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n| {LONG} | cell | cell | cell | cell | cell | cell | cell |\n\n> {LONG}\n\n- {LONG}\n"
        ),
    );
    for lang in ["zh", "ar"] {
        site.write(&format!("content/news/long.{lang}.md"), &format!("---\ntitle: \"{LONG}\"\n---\n\n{LONG}\n"));
    }
    site.build_ok(&[]);
    let pages = [
        "",
        "forums/",
        "forums/long/",
        "speakers/",
        "speakers/long-name/",
        "news/",
        "news/long/",
        "topics/",
        "programme/",
        "papers/white-paper-ai-era/",
    ];
    let search = format!("search/?q={LONG}");
    let pages = pages.iter().copied().chain([search.as_str()]);
    let served = Served::start(&site.root, &[]);
    let driver = start_driver(chromium, chromedriver);
    let mut found = Vec::new();
    let mut seen = 0;
    for (width, lang) in [390, 1280].into_iter().flat_map(|w| ["", "ar/", "zh/"].map(|l| (w, l))) {
        driver.session_call("POST", "/window/rect", Some(json!({ "width": width, "height": 900 })));
        for page in pages.clone() {
            let url = format!("http://127.0.0.1:{}/{lang}{page}", served.addr.port());
            driver.session_call("POST", "/url", Some(json!({ "url": url })));
            driver.wait_until("the page", "return document.readyState === 'complete'");
            if page.starts_with("search/") {
                driver.wait_until(
                    "the search results",
                    "return document.querySelectorAll('#search-results li').length > 0",
                );
            }
            let r = driver.script(OVERFLOW);
            seen += 1;
            let scroll = r["scroll"].as_i64().unwrap_or(0);
            let out: Vec<String> =
                r["out"].as_array().into_iter().flatten().map(|v| v.as_str().unwrap_or("").to_string()).collect();
            if scroll > 0 || !out.is_empty() {
                found.push(format!("/{lang}{page} at {width} px: scrolls {scroll} px; {}", out.join("; ")));
            }
        }
    }
    assert_eq!(seen, 66);
    assert!(found.is_empty(), "pages wider than a phone:\n{}", found.join("\n"));
}

/// Organisers' logos are drawn for white paper (dark letters on a transparent ground): in the
/// dark scheme, as in the light one, the ground right behind each is light, or it would
/// vanish into the page.
#[test]
fn logos_stand_on_a_light_ground_in_both_schemes() {
    let Some((chromium, chromedriver)) = browser("logos_stand_on_a_light_ground_in_both_schemes") else {
        return;
    };
    let site = TestSite::example();
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    let yaml = yaml.replacen("    - name:", "    - logo: /logos/dark-letters.png\n      name:", 1);
    site.write("site.yaml", &yaml);
    let logo = image::RgbaImage::from_fn(480, 140, |x, y| {
        if (20..460).contains(&x) && (40..100).contains(&y) && (x / 20) % 2 == 0 {
            image::Rgba([20, 20, 60, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    std::fs::create_dir_all(site.root.join("static/logos")).unwrap();
    logo.save(site.root.join("static/logos/dark-letters.png")).unwrap();
    site.build_ok(&[]);
    let served = Served::start(&site.root, &[]);
    let driver = start_driver(chromium, chromedriver);
    driver.session_call("POST", "/url", Some(json!({ "url": format!("http://127.0.0.1:{}/", served.addr.port()) })));
    driver.wait_until("the page", "return document.readyState === 'complete'");
    // the colour of the nearest ground behind the logo, as the relative luminance of sRGB
    let ground = "const img = document.querySelector('.logos img');
        if (!img) return -1;
        for (let e = img; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g).map(Number);
          if (c.length === 3 || c[3] > 0) {
            const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
          }
        }
        return 1;";
    for scheme in ["light", "dark"] {
        driver.script(&format!("document.documentElement.dataset.theme = '{scheme}'; return null"));
        let luminance = driver.script(ground).as_f64().unwrap_or(-1.0);
        assert!(luminance > 0.8, "the logo's ground in the {scheme} scheme has luminance {luminance}");
    }
}

/// What the programme's legend shows — each kind of session in its colour — marks the
/// sessions on a phone too (the grid, at a desktop's width, always did); and a label's
/// full-width colon in Chinese is not followed by a second space.
#[test]
fn a_phone_shows_what_the_legend_says_and_chinese_colons_carry_their_own_space() {
    let Some((chromium, chromedriver)) =
        browser("a_phone_shows_what_the_legend_says_and_chinese_colons_carry_their_own_space")
    else {
        return;
    };
    let site = TestSite::example();
    site.build_ok(&[]);
    let served = Served::start(&site.root, &[]);
    let driver = start_driver(chromium, chromedriver);
    driver.session_call("POST", "/window/rect", Some(json!({ "width": 390, "height": 900 })));
    let open = |path: &str| {
        driver.session_call(
            "POST",
            "/url",
            Some(json!({ "url": format!("http://127.0.0.1:{}{path}", served.addr.port()) })),
        );
        driver.wait_until("the page", "return document.readyState === 'complete'");
    };
    open("/programme/");
    // the colour of each kind's swatch, and of the list's sessions of that kind, at 390 px
    let colours = "const out = {};
        for (const li of document.querySelectorAll('.programme-legend li')) {
          const kind = [...li.classList].find(c => c.startsWith('session-'));
          const swatch = getComputedStyle(li.querySelector('.swatch')).borderInlineStartColor;
          const item = document.querySelector('.programme-list .' + kind);
          out[kind] = [swatch, item ? getComputedStyle(item).borderInlineStartColor : 'none',
                       item ? getComputedStyle(item).borderInlineStartWidth : '0px'];
        }
        return out;";
    let colours = driver.script(colours);
    let kinds = colours.as_object().expect("the legend's kinds");
    assert!(kinds.len() >= 2, "{colours}");
    for (kind, c) in kinds {
        assert_eq!(c[0], c[1], "{kind}: the legend's colour and the phone's: {colours}");
        assert_eq!(c[2], "4px", "{kind}: {colours}");
    }
    open("/zh/papers/white-paper-ai-era/");
    let gap = driver.script("return getComputedStyle(document.querySelector('.facts div')).columnGap");
    assert_eq!(gap, "0px");
}

/// An ordered list is numbered in the digits its language's dates and numbers use: Persian's
/// own (۱ ۲ ۳), Arabic's Latin ones as CLDR writes Arabic today, Arabic-Indic ones when the
/// site declares `ar-u-nu-arab`; English text on a Persian page (an untranslated original)
/// keeps its own. A list the theme draws without numbers (the programme's sessions) has none
/// in these languages either.
#[test]
fn ordered_lists_count_in_the_digits_of_their_language() {
    let Some((chromium, chromedriver)) = browser("ordered_lists_count_in_the_digits_of_their_language") else {
        return;
    };
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: Summit\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fa, name: فارسی}\n  - {code: ar, name: العربية}\n  - {code: ar-u-nu-arab, name: العربية}\nevent:\n  name: Summit\n  start: 2023-12-07\n  end: 2023-12-07\n  timezone: Asia/Tehran\n",
    );
    site.write(
        "content/forums/opening.md",
        "---\ntitle: Opening\ndate: 2023-12-07\nstart: \"09:00\"\nend: \"10:00\"\n---\n",
    );
    site.write("content/pages/steps.md", "---\ntitle: Steps\n---\n\n1. One\n2. Two\n");
    site.write("content/pages/steps.fa.md", "---\ntitle: گام‌ها\n---\n\n1. یک\n2. دو\n");
    site.write("content/pages/steps.ar.md", "---\ntitle: خطوات\n---\n\n1. واحد\n2. اثنان\n");
    site.write("content/pages/steps.ar-u-nu-arab.md", "---\ntitle: خطوات\n---\n\n1. واحد\n2. اثنان\n");
    site.write("content/pages/plain.md", "---\ntitle: Plain\n---\n\n1. One\n2. Two\n");
    let served = Served::start(&site.root, &[]);
    let driver = start_driver(chromium, chromedriver);
    let style = |page: &str, selector: &str| {
        let url = format!("http://127.0.0.1:{}/{page}/", served.addr.port());
        driver.session_call("POST", "/url", Some(json!({ "url": url })));
        driver.wait_until("the page", "return document.readyState === 'complete'");
        driver.script(&format!("return getComputedStyle(document.querySelector('{selector}')).listStyleType"))
    };
    assert_eq!(style("fa/steps", ".prose ol"), "persian");
    assert_eq!(style("steps", ".prose ol"), "decimal");
    assert_eq!(style("ar/steps", ".prose ol"), "decimal");
    assert_eq!(style("ar-u-nu-arab/steps", ".prose ol"), "arabic-indic");
    assert_eq!(style("fa/plain", ".prose ol"), "decimal");
    // a list the theme draws without numbers stays so in every language
    for page in ["programme", "fa/programme", "ar-u-nu-arab/programme"] {
        assert_eq!(style(page, ".programme-list"), "none", "{page}");
    }
}
