//! The offline search end to end: the index plenary writes, queried by the real `search.js`
//! in Node (a JavaScript engine), in English, Chinese and Arabic.

mod common;

use std::process::Command;

use common::TestSite;

fn node() -> Option<String> {
    let ok = Command::new("node").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    common::require(ok.then(|| "node".to_string()), "search", "Node.js", "apt-get install nodejs")
}

/// Runs `queries` through search.js against the built index; returns the result URLs per query.
fn run_queries(site: &TestSite, lang: &str, queries: &[&str]) -> Vec<Vec<String>> {
    let public = site.public();
    let script = format!(
        r#"
const fs = require("fs");
const path = require("path");
const api = require({script:?});
const base = {base:?};
const index = api.openIndex(base, (url) => Promise.resolve(JSON.parse(fs.readFileSync(url, "utf8"))));
const queries = {queries};
index.then(async (ix) => {{
  const out = [];
  for (const q of queries) out.push((await api.search(ix, q, 20)).map((r) => r.url));
  console.log(JSON.stringify(out));
}}).catch((e) => {{ console.error(e); process.exit(1); }});
"#,
        script = public.join("search.js").display().to_string(),
        base = format!("{}/", public.join("search").join(lang).display()),
        queries = serde_json::to_string(queries).unwrap(),
    );
    let out = Command::new("node").arg("-e").arg(script).output().expect("run node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON from node")
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.write("content/forums/teachers.md", "---\ntitle: Teacher development\n---\n\nIntro.\n\n## Competencies\n\nUniversity teachers need new competencies.\n");
    s.write("content/forums/governance.md", "---\ntitle: Governance\n---\n\nHow universities govern data.\n");
    s.write("content/pages/chinese.md", "---\ntitle: 高等教育\n---\n\n人工智能时代的高等教育转型。\n");
    s.write("content/pages/arabic.md", "---\ntitle: الإدارة\n---\n\nإدارة التعليم العالي في عصر الذكاء الاصطناعي.\n");
    s
}

#[test]
fn queries_in_english_chinese_and_arabic_find_their_pages() {
    let Some(_) = node() else { return };
    let s = site();
    s.build_ok(&[]);
    let r = run_queries(
        &s,
        "en",
        &[
            "teachers",
            "competency",
            "university",
            "教育",
            "人工智能",
            "ادارة",
            "إدارة",
            "التعليم",
            "تعليم",
            "nothing-like-this",
        ],
    );
    assert!(!r[0].is_empty() && r[0].iter().all(|u| u.starts_with("/forums/teachers/")), "stemmed: {:?}", r[0]);
    assert_eq!(r[1], ["/forums/teachers/#competencies"], "results link to the heading");
    assert_eq!(r[2].len(), 2, "university matches universities in both forums: {:?}", r[2]);
    assert_eq!(r[3], ["/chinese/"], "Chinese bigram");
    assert_eq!(r[4], ["/chinese/"]);
    assert_eq!(r[5], ["/arabic/"], "alef without hamza finds إدارة");
    assert_eq!(r[6], ["/arabic/"]);
    assert_eq!(r[7], ["/arabic/"], "with the article");
    assert_eq!(r[8], ["/arabic/"], "without the article");
    assert!(r[9].is_empty());
}

#[test]
fn each_language_has_its_own_index_and_arabic_spelling_variants_match() {
    let Some(_) = node() else { return };
    let s = site();
    s.write("site.yaml", "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n  - {code: zh, name: 中文}\n");
    s.write("content/forums/governance.ar.md", "---\ntitle: الحوكمة\n---\n\nإدارة الجامعات في عصر الذكاء الاصطناعي.\n");
    s.write("content/forums/governance.zh.md", "---\ntitle: 治理\n---\n\n人工智能时代的大学治理。\n");
    s.build_ok(&[]);
    let ar = run_queries(&s, "ar", &["ادارة", "الادارة", "الجامعات", "جامعة"]);
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(ar[0].clone()), ["/ar/arabic/", "/ar/forums/governance/"], "إدارة found by ادارة");
    assert_eq!(sorted(ar[1].clone()), ["/ar/arabic/", "/ar/forums/governance/"], "with the article");
    assert_eq!(ar[2], ["/ar/forums/governance/"]);
    let zh = run_queries(&s, "zh", &["大学治理", "治理"]);
    assert_eq!(zh[0], ["/zh/forums/governance/"]);
    assert!(zh[1].contains(&"/zh/forums/governance/".to_string()));
    let en = run_queries(&s, "en", &["governance"]);
    assert!(en[0].iter().all(|u| !u.starts_with("/ar/")), "the English index has English pages");
}

#[test]
fn the_search_page_loads_the_script_and_the_index_is_smaller_than_the_pages() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let page = s.page("search/index.html");
    assert_eq!(common::attrs(&page, "form.search-form", "data-index"), ["/search/en/"]);
    assert_eq!(common::attrs(&page, "script[src]", "src"), ["/search.js"]);
    let size = |dir: &str| common::tree(&s.public().join(dir)).iter().map(|(_, b)| b.len()).sum::<usize>();
    let html: usize = common::tree(&s.public())
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(_, b)| b.len())
        .sum();
    assert!(size("search") * 2 < html, "index {} bytes vs pages {html}", size("search"));
}
