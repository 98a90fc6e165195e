//! Test helpers: small real sites in temporary folders, built with the real `plenary`
//! binary, with output parsed as HTML and stderr redacted for snapshots.

#![allow(dead_code, reason = "each test binary uses a different part of the helpers")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A site in a temporary folder.
pub struct TestSite {
    _dir: tempfile::TempDir,
    /// The site's root.
    pub root: PathBuf,
}

/// What a `plenary` run did.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard error, with the site's path shown as `[ROOT]` and timings as `[TIME]`.
    pub stderr: String,
    /// Standard output.
    pub stdout: String,
}

impl Run {
    /// The lines of standard error that report an error (`file:line:col: error: …`).
    pub fn errors(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": error: ")).collect()
    }
}

pub const MINIMAL_CONFIG: &str = "title: Test Summit\nbase_url: https://example.org/\n";

/// A real PNG image, one grey pixel: a page's Markdown image must be one (a build reads its
/// header).
pub const TINY_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63\x68\x00\x00\x00\x82\x00\x81\x77\xcd\x72\xb6\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

impl TestSite {
    /// An empty site with a minimal `site.yaml` and `content/`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("create site");
        let s = TestSite { _dir: dir, root };
        s.write("site.yaml", MINIMAL_CONFIG);
        s
    }

    /// A copy of `tests/fixtures/<name>` (symbolic links are copied as links).
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_tree(&fixtures_dir().join(name), &root);
        TestSite { _dir: dir, root }
    }

    /// A site already written at `root` inside `dir` (removed with it).
    pub fn at(dir: tempfile::TempDir, root: PathBuf) -> Self {
        TestSite { _dir: dir, root }
    }

    /// A copy of the repository's own example site (site.yaml, content/, themes/).
    pub fn example() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&root).expect("create site");
        std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).expect("copy site.yaml");
        // each language's site text, `site.<code>.yaml`
        for entry in std::fs::read_dir(repo).expect("read the repository") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            if name.starts_with("site.") && name.ends_with(".yaml") && name != "site.yaml" {
                std::fs::copy(repo.join(&name), root.join(&name)).expect("copy site text");
            }
        }
        copy_tree(&repo.join("content"), &root.join("content"));
        if repo.join("static").is_dir() {
            copy_tree(&repo.join("static"), &root.join("static"));
        }
        TestSite { _dir: dir, root }
    }

    /// Writes a file under the site root (creating folders).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
        self
    }

    /// Runs `plenary <args…> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plenary"));
        cmd.args(args).arg("--root").arg(&self.root);
        // the calendars' DTSTAMP follows it: a test sets it where it means to
        cmd.env_remove("SOURCE_DATE_EPOCH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run plenary");
        let redact = |s: &[u8]| {
            let text = String::from_utf8_lossy(s).into_owned();
            let text = text.replace(&self.root.parent().expect("parent").display().to_string(), "[ROOT]");
            redact_time(&text)
        };
        Run { code: out.status.code().unwrap_or(-1), stderr: redact(&out.stderr), stdout: redact(&out.stdout) }
    }

    /// Builds into `<root>/public`, asserting success.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// The output folder.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// A built page, parsed.
    pub fn page(&self, rel: &str) -> scraper::Html {
        let text = std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        scraper::Html::parse_document(&text)
    }
}

/// A forum of the example site.
pub const FORUM: &str = "content/forums/digital-environment.md";

/// Replaces the first `from` in a file of the site by `to`.
pub fn set(site: &TestSite, rel: &str, from: &str, to: &str) {
    let p = site.root.join(rel);
    let text = std::fs::read_to_string(&p).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(p, text.replacen(from, to, 1)).expect("write");
}

/// Replaces the value of a top-level front-matter key.
pub fn set_key(site: &TestSite, rel: &str, key: &str, value: &str) {
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

/// Text of every element matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// Values of `attr` on every element matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            out.push((
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            ));
        }
    }
    out
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if e.path_is_symlink() {
            let target = std::fs::read_link(e.path()).expect("readlink");
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, &dest).expect("symlink");
        } else if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

fn redact_time(s: &str) -> String {
    // "in 0.01 s" → "in [TIME]"
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        match line.rfind(" in ") {
            Some(i) if line.starts_with("built ") && line.ends_with(" s") => {
                out.push_str(&line[..i]);
                out.push_str(" in [TIME]");
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}
pub mod browser;
pub mod rebuild;
pub mod search;
pub mod serve;

/// Whether this run is CI (`CI=true`), where every test must run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The first of `names` on `PATH`.
pub fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// A tool a test needs, or `None` after saying so where `cargo test` shows it (written to
/// the real stderr, which the test harness does not capture). Under `CI=true` a missing tool
/// fails the test: `.ci/run` installs every tool.
pub fn require<T>(tool: Option<T>, test: &str, what: &str, install: &str) -> Option<T> {
    use std::io::Write;
    if tool.is_some() {
        return tool;
    }
    assert!(!in_ci(), "CI=true but {what} is missing ({install}); `{test}` cannot run");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {what} is missing ({install})");
    None
}
