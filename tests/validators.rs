//! The output checked by independent tools, on the example site (every language) and on the
//! bench kit's plenary corpus at 1,000 pages: the Nu HTML Checker (0 errors), axe-core in
//! headless Chromium at phone and desktop width in the light and the dark colour scheme (0
//! serious or critical violations; WCAG 2.2's `target-size`, off in axe by default, on: a
//! target under 24 px on a phone must be spaced 24 px from its neighbours), every
//! calendar through Python's `icalendar`, every Atom feed through `feedparser`, `sitemap.xml`
//! against the sitemap schema (xmllint), `schedule.json` against the c3voc schema
//! (`jsonschema`), and every JSON-LD block parsed with its required properties.
//!
//! The tools live in `.tools/` (or `$PLENARY_TOOLS`): `node_modules/` with `vnu-jar` and
//! `axe-core`, `venv/` with the Python packages; `.ci/run` installs them. A missing tool is a
//! visible skip locally and a failure under `CI=true`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::browser::{browser, start_driver};
use common::serve::Served;
use common::{program, require, TestSite};
use serde_json::{json, Value};

fn tools() -> PathBuf {
    std::env::var_os("PLENARY_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools"))
}

fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A built site kept for every test of this file.
struct Built {
    name: &'static str,
    site: TestSite,
    languages: Vec<String>,
}

fn example() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::example();
        site.build_ok(&[]);
        Built { name: "example site", site, languages: vec!["".into(), "zh/".into(), "ar/".into(), "fr/".into()] }
    })
}

/// The bench corpus at 1,000 pages, or `None` when the bench kit or Python is missing.
fn corpus() -> Option<&'static Built> {
    static SITE: OnceLock<Option<Built>> = OnceLock::new();
    SITE.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
        let found = script.is_file().then_some(script).zip(program(&["python3"]));
        let (script, python) = require(
            found,
            "validators (corpus)",
            "../shared/bench/gen_corpus.py or python3",
            "check out the bench kit beside the repository",
        )?;
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("corpus");
        let status = Command::new(python)
            .arg(script)
            .args(["--flavor", "plenary", "--pages", "1000", "--quiet", "--out"])
            .arg(&out)
            .status()
            .expect("run gen_corpus.py");
        assert!(status.success(), "gen_corpus.py failed");
        let site = TestSite::at(dir, out);
        site.build_ok(&[]);
        let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
        let mut languages = vec![String::new()];
        languages.extend(
            yaml.lines()
                .filter_map(|l| l.trim().strip_prefix("- code: "))
                .skip(1)
                .map(|c| format!("{}/", c.trim_matches('"'))),
        );
        Some(Built { name: "corpus (1,000 pages)", site, languages })
    })
    .as_ref()
}

fn sites() -> Vec<&'static Built> {
    let mut v = vec![example()];
    v.extend(corpus());
    v
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

#[test]
fn nu_html_checker_finds_no_errors() {
    let jar = tools().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let found = jar.is_file().then_some(jar).zip(program(&["java"]));
    let install = "apt-get install default-jre-headless; npm install --prefix .tools vnu-jar";
    let Some((jar, java)) = require(found, "nu_html_checker_finds_no_errors", "Java and vnu-jar", install) else {
        return;
    };
    for built in sites() {
        let public = built.site.public();
        let pages = files(&public, "html");
        // one JVM for the whole site
        let out = Command::new(&java)
            .args(["-Xss16m", "-jar"])
            .arg(&jar)
            .args(["--errors-only", "--format", "json", "--skip-non-html"])
            .arg(&public)
            .output()
            .expect("run vnu");
        let report: Value = serde_json::from_slice(&out.stderr)
            .unwrap_or_else(|_| panic!("vnu gave no JSON report: {}", String::from_utf8_lossy(&out.stderr)));
        let errors: Vec<String> = report["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
            .map(|m| format!("{}: {}", m["url"].as_str().unwrap_or(""), m["message"].as_str().unwrap_or("")))
            .collect();
        say(&format!("vnu, {}: {} HTML files, {} errors", built.name, pages.len(), errors.len()));
        assert!(errors.is_empty(), "{}:\n{}", built.name, errors.join("\n"));
    }
}

/// A sample of pages of one language: one of each kind.
fn sample(built: &Built, lang: &str) -> Vec<String> {
    let public = built.site.public();
    let mut out = Vec::new();
    for dir in ["", "forums/", "speakers/", "news/", "papers/", "programme/", "topics/", "search/"] {
        out.push(format!("/{lang}{dir}"));
    }
    // the first page of each kind
    for kind in ["forums", "speakers", "news", "papers", "topics"] {
        let mut entries: Vec<String> = std::fs::read_dir(public.join(lang).join(kind))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        entries.sort();
        if let Some(first) = entries.first() {
            out.push(format!("/{lang}{kind}/{first}/"));
        }
    }
    out.retain(|p| public.join(p.trim_start_matches('/')).join("index.html").is_file());
    out
}

#[test]
fn axe_finds_no_serious_or_critical_violations_at_phone_and_desktop_width() {
    let test = "axe_finds_no_serious_or_critical_violations_at_phone_and_desktop_width";
    let axe = tools().join("node_modules/axe-core/axe.min.js");
    let found = require(axe.is_file().then_some(axe), test, "axe-core", "npm install --prefix .tools axe-core");
    let (Some(axe), Some((chromium, chromedriver))) = (found, browser(test)) else { return };
    let axe = std::fs::read_to_string(axe).expect("read axe.min.js");
    for built in sites() {
        let served = Served::start(&built.site.root, &[]);
        let driver = start_driver(chromium.clone(), chromedriver.clone());
        let (mut pages, mut found) = (0, Vec::new());
        for lang in &built.languages {
            for path in sample(built, lang) {
                for width in [390, 1280] {
                    driver.session_call("POST", "/window/rect", Some(json!({ "width": width, "height": 900 })));
                    let url = format!("http://127.0.0.1:{}{path}", served.addr.port());
                    driver.session_call("POST", "/url", Some(json!({ "url": url })));
                    driver.script(&axe);
                    // both colour schemes, as the header's switch sets them
                    for scheme in ["light", "dark"] {
                        driver.script(&format!("document.documentElement.dataset.theme = '{scheme}'"));
                        let r = driver.session_call(
                            "POST",
                            "/execute/async",
                            Some(json!({ "script": "const done = arguments[arguments.length - 1]; axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } }).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))).catch(e => done(['axe failed: ' + e]));", "args": [] })),
                        );
                        pages += 1;
                        for v in r["value"].as_array().cloned().unwrap_or_default() {
                            found.push(format!("{path} at {width} px, {scheme}: {}", v.as_str().unwrap_or("")));
                        }
                    }
                }
            }
        }
        say(&format!("axe, {}: {pages} page views, {} serious or critical violations", built.name, found.len()));
        assert!(found.is_empty(), "{}:\n{}", built.name, found.join("\n"));
    }
}

const PYTHON_CHECKS: &str = r#"
import json, sys, pathlib
import icalendar, feedparser, jsonschema
public, schema = pathlib.Path(sys.argv[1]), sys.argv[2]
problems, counts = [], {"ics": 0, "events": 0, "feeds": 0, "entries": 0, "schedules": 0}
for f in sorted(public.rglob("*.ics")):
    try:
        cal = icalendar.Calendar.from_ical(f.read_bytes())
        events = cal.walk("VEVENT")
        counts["ics"] += 1
        counts["events"] += len(events)
        for e in events:
            for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                if key not in e:
                    problems.append(f"{f}: an event without {key}")
    except Exception as e:
        problems.append(f"{f}: {e}")
for f in sorted(public.rglob("atom.xml")):
    d = feedparser.parse(f.read_bytes())
    counts["feeds"] += 1
    counts["entries"] += len(d.entries)
    if d.bozo:
        problems.append(f"{f}: {d.bozo_exception}")
    if not d.feed.get("title") or not d.entries:
        problems.append(f"{f}: no title or no entries")
    for e in d.entries:
        if not (e.get("id") and e.get("link") and e.get("updated") and e.get("title")):
            problems.append(f"{f}: an entry without id, link, updated or title")
validator = jsonschema.Draft6Validator(json.load(open(schema)), format_checker=jsonschema.FormatChecker())
for f in sorted(public.rglob("schedule.json")):
    counts["schedules"] += 1
    for err in validator.iter_errors(json.load(open(f))):
        problems.append(f"{f}: {err.json_path}: {err.message}")
print(json.dumps({"counts": counts, "problems": problems}))
"#;

#[test]
fn calendars_feeds_and_schedules_pass_independent_parsers() {
    let test = "calendars_feeds_and_schedules_pass_independent_parsers";
    let python = tools().join("venv/bin/python");
    let install = "python3 -m venv .tools/venv && .tools/venv/bin/pip install icalendar feedparser jsonschema";
    let Some(python) =
        require(python.is_file().then_some(python), test, "Python with icalendar, feedparser, jsonschema", install)
    else {
        return;
    };
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/c3voc-schedule.json");
    for built in sites() {
        let out = Command::new(&python)
            .args(["-c", PYTHON_CHECKS])
            .arg(built.site.public())
            .arg(&schema)
            .output()
            .expect("run python");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("the checks' JSON");
        let c = &v["counts"];
        let problems: Vec<&str> = v["problems"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        say(&format!(
            "icalendar/feedparser/jsonschema, {}: {} calendars ({} events), {} feeds ({} entries), {} schedules; {} problems",
            built.name, c["ics"], c["events"], c["feeds"], c["entries"], c["schedules"], problems.len()
        ));
        assert!(c["ics"].as_u64() > Some(0) && c["feeds"].as_u64() > Some(0) && c["schedules"].as_u64() > Some(0));
        assert!(problems.is_empty(), "{}:\n{}", built.name, problems.join("\n"));
    }
}

#[test]
fn sitemap_validates_against_the_sitemap_schema() {
    let test = "sitemap_validates_against_the_sitemap_schema";
    let Some(xmllint) = require(program(&["xmllint"]), test, "xmllint", "apt-get install libxml2-utils") else {
        return;
    };
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sitemap.xsd");
    for built in sites() {
        let sitemap = built.site.public().join("sitemap.xml");
        let out =
            Command::new(&xmllint).args(["--noout", "--schema"]).arg(&xsd).arg(&sitemap).output().expect("xmllint");
        let text = String::from_utf8_lossy(&out.stderr);
        let urls = std::fs::read_to_string(&sitemap).unwrap().matches("<url>").count();
        say(&format!("xmllint, {}: sitemap.xml with {urls} URLs: {}", built.name, text.trim()));
        assert!(out.status.success() && text.contains("validates"), "{}: {text}", built.name);
    }
}

/// The properties each schema.org type plenary writes must have (at the top of a block;
/// nested objects, such as an event's `superEvent`, need only a `name`).
fn required(t: &str, top: bool) -> &'static [&'static str] {
    if !top {
        return if matches!(t, "Event" | "Person" | "Organization" | "Place") { &["name"] } else { &[] };
    }
    match t {
        "Event" => &["name", "startDate", "location"],
        "Person" | "Organization" | "Place" => &["name"],
        "NewsArticle" => &["headline", "datePublished"],
        "Report" | "ScholarlyArticle" => &["name"],
        "WebPage" => &["name"],
        "PostalAddress" => &["addressCountry"],
        _ => &[],
    }
}

fn check_jsonld(v: &Value, at: &str, top: bool, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(t) = m.get("@type").and_then(Value::as_str) {
                for key in required(t, top) {
                    if !m.contains_key(*key) {
                        out.push(format!("{at}: {t} without `{key}`"));
                    }
                }
            }
            for (k, x) in m {
                check_jsonld(x, &format!("{at} {k}"), false, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| check_jsonld(x, at, top, out)),
        _ => {}
    }
}

#[test]
fn json_ld_blocks_parse_with_their_required_properties() {
    for built in sites() {
        let public = built.site.public();
        let (mut blocks, mut problems) = (0, Vec::new());
        for page in files(&public, "html") {
            let html = std::fs::read_to_string(&page).unwrap();
            let rel = page.strip_prefix(&public).unwrap().display().to_string();
            for part in html.split("<script type=\"application/ld+json\">").skip(1) {
                let json = part.split("</script>").next().unwrap();
                blocks += 1;
                match serde_json::from_str::<Value>(json) {
                    Ok(v) => {
                        if v["@context"] != "https://schema.org" {
                            problems.push(format!("{rel}: no schema.org @context"));
                        }
                        check_jsonld(&v, &rel, true, &mut problems);
                    }
                    Err(e) => problems.push(format!("{rel}: {e}")),
                }
            }
        }
        say(&format!("JSON-LD, {}: {blocks} blocks, {} problems", built.name, problems.len()));
        assert!(blocks > 0);
        assert!(problems.is_empty(), "{}:\n{}", built.name, problems.join("\n"));
    }
}
