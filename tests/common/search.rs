//! The real `search.js` (with the site's stemmer) run in Node on a built site's index, through
//! `tests/node/search.js`, for the search tests.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use super::TestSite;

/// Whether Node.js can run; with `CI=true` a missing Node fails the test.
pub fn node() -> bool {
    let ok = Command::new("node").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    super::require(ok.then_some(()), "search", "Node.js", "apt-get install nodejs").is_some()
}

/// Sends `input` (plus the site's output folder and the language) to the Node harness.
pub fn harness(site: &TestSite, lang: &str, mut input: Value) -> Value {
    input["public"] = json!(site.public().display().to_string());
    input["lang"] = json!(lang);
    run_node(&input)
}

/// Each query's full answer from search.js (as typed, submitted or opened from `?q=`).
pub fn ask(site: &TestSite, lang: &str, queries: &[&str]) -> Vec<Value> {
    let qs: Vec<Value> = queries.iter().map(|q| json!({"q": q})).collect();
    harness(site, lang, json!({"op": "search", "queries": qs})).as_array().unwrap().clone()
}

/// The result URLs of each query, sorted.
pub fn urls(site: &TestSite, lang: &str, queries: &[&str]) -> Vec<Vec<String>> {
    ask(site, lang, queries)
        .iter()
        .map(|a| {
            let mut v: Vec<String> =
                a["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().to_string()).collect();
            v.sort();
            v
        })
        .collect()
}

/// The marked pieces of a result's passage (`snippet`: `[[text, marked]]`), in order.
pub fn marked(result: &Value) -> Vec<String> {
    result["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p[1] == true)
        .map(|p| p[0].as_str().unwrap().to_string())
        .collect()
}

/// Runs `tests/node/search.js` on `input` (naming its `public` folder and `lang`): its JSON.
pub fn run_node(input: &Value) -> Value {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/search.js");
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON from node")
}
