//! Lighthouse (Google's page auditor) on the example site's pages of each kind in English and
//! a handful in Arabic and Chinese, at its default phone settings: every accessibility,
//! best-practices and SEO audit that applies must pass, except the few [`IGNORED`] names with
//! its reason.
//! Performance is not asserted: its scores are timings, which vary with the machine.
//!
//! Lighthouse lives in `.tools/node_modules` (or `$PLENARY_TOOLS`), installed by `.ci/run`
//! with the other validators; `tests/node/lighthouse.mjs` serves the built site as a static
//! host would and runs Lighthouse on one headless Chromium. A missing tool is a visible skip
//! locally and a failure under `CI=true`. Also here, without any tool: every page has a
//! description, in its language.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{attrs, program, require, TestSite};
use serde_json::Value;

fn tools() -> PathBuf {
    std::env::var_os("PLENARY_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools"))
}

/// The pages audited in English: one of each kind. The 404 page is asked for by its file's
/// address: Lighthouse will not audit an answer with status 404.
const PAGES: &[&str] = &[
    "",
    "programme/",
    "forums/governance/",
    "speakers/",
    "speakers/jin-li/",
    "news/",
    "news/summit-2023-shenzhen/",
    "papers/white-paper-ai-era/",
    "papers/white-paper-ai-era/governance/",
    "papers/white-paper-ai-era/print/",
    "search/?q=education",
    "404.html",
];

/// The pages audited again in Arabic (right to left) and Chinese: the home page, the
/// programme, a speaker, a paper's chapter and search (about 7 s a page on one Chromium).
const TRANSLATED: &[&str] =
    &["", "programme/", "speakers/jin-li/", "papers/white-paper-ai-era/governance/", "search/?q=education"];

/// Audits allowed to fail, on the pages whose address contains the second field, and why.
const IGNORED: &[(&str, &str, &str)] = &[(
    "is-crawlable",
    "/print/",
    "a paper's print edition is every chapter on one page, for printing and the PDF: \
     `noindex` keeps search engines to the paper's own pages",
)];

#[test]
fn lighthouse_finds_no_failed_accessibility_best_practices_or_seo_audit() {
    let test = "lighthouse_finds_no_failed_accessibility_best_practices_or_seo_audit";
    let modules = tools().join("node_modules");
    let found = modules
        .join("lighthouse/core/index.js")
        .is_file()
        .then_some(modules)
        .zip(program(&["node"]))
        .zip(program(&["chromium", "chromium-browser", "google-chrome"]));
    let install = "apt-get install nodejs chromium; npm install --prefix .tools lighthouse";
    let Some(((modules, node), chromium)) = require(found, test, "Node.js, Chromium and lighthouse", install) else {
        return;
    };
    let site = TestSite::example();
    site.build_ok(&[]);
    let mut pages: Vec<String> = PAGES.iter().map(|p| format!("/{p}")).collect();
    pages.extend(["ar/", "zh/"].iter().flat_map(|l| TRANSLATED.iter().map(move |p| format!("/{l}{p}"))));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/lighthouse.mjs");
    let started = std::time::Instant::now();
    let out = Command::new(node)
        .arg(script)
        .arg(&modules)
        .arg(&chromium)
        .arg(site.public())
        .args(&pages)
        .output()
        .expect("run node");
    assert!(out.status.success(), "lighthouse.mjs failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("lighthouse.mjs's JSON");
    let mut failed = Vec::new();
    let mut ignored = 0;
    for page in &pages {
        let audits = report[page].as_array().unwrap_or_else(|| panic!("no report for {page}"));
        for a in audits {
            let id = a["id"].as_str().unwrap_or("");
            if IGNORED.iter().any(|(i, on, _)| *i == id && page.contains(on)) {
                ignored += 1;
                continue;
            }
            failed.push(format!("{page}: {} ({id}, {}): {}", a["title"], a["category"], a["items"]));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "lighthouse, example site: {} pages in {:.0} s, {} failed audits, {ignored} ignored",
        pages.len(),
        started.elapsed().as_secs_f64(),
        failed.len()
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_page_has_a_description_in_its_language() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let public = site.public();
    let mut missing = Vec::new();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let rel = e.path().strip_prefix(&public).unwrap().to_string_lossy().into_owned();
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
        // an old address's redirect is no page of its own
        if !attrs(&doc, "meta[http-equiv=refresh]", "content").is_empty() {
            continue;
        }
        pages += 1;
        let text = attrs(&doc, "meta[name=description]", "content");
        if text.iter().all(|t| t.trim().is_empty()) {
            missing.push(rel);
        }
    }
    assert!(pages > 100, "only {pages} pages");
    assert!(missing.is_empty(), "pages without a description:\n{}", missing.join("\n"));
    // a list in Arabic or Chinese has the site's description in that language
    for (page, words) in [("ar/programme/index.html", "موقع توضيحي"), ("zh/speakers/index.html", "示例会议网站")]
    {
        let doc = site.page(page);
        let text = attrs(&doc, "meta[name=description]", "content").concat();
        assert!(text.contains(words), "{page}: {text}");
    }
}

#[test]
fn a_home_page_without_content_has_the_description_of_its_language() {
    let site = TestSite::example();
    for lang in ["", ".ar", ".zh", ".fr"] {
        std::fs::remove_file(site.root.join(format!("content/_index{lang}.md"))).unwrap();
    }
    site.build_ok(&[]);
    for (page, words) in [
        ("index.html", "Example proceedings site"),
        ("ar/index.html", "موقع توضيحي"),
        ("zh/index.html", "示例会议网站"),
    ] {
        let text = attrs(&site.page(page), "meta[name=description]", "content").concat();
        assert!(text.contains(words), "{page}: {text}");
    }
    // and its title for sharing is the site's title in the page's language, as `<title>` is
    for page in ["index.html", "ar/index.html", "zh/index.html", "fr/index.html"] {
        let doc = site.page(page);
        let title = common::texts(&doc, "title").concat();
        assert_eq!(attrs(&doc, "meta[property='og:title']", "content").concat(), title, "{page}");
    }
}
