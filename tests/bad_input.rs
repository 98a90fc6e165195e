//! One small site per kind of bad input (`tests/fixtures/bad/<case>/`): plenary must exit
//! with a clear message (pinned as a snapshot, paths redacted), never panic, and write
//! nothing.

mod common;

use common::TestSite;

/// Builds every bad fixture and pins exit code and stderr.
#[test]
fn bad_inputs_are_reported_clearly() {
    insta::glob!("fixtures/bad/*/site.yaml", |path| {
        let case = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).expect("case name");
        let site = TestSite::fixture(&format!("bad/{case}"));
        let run = site.run(&["build"]);
        assert!(!run.stderr.contains("panicked"), "{case} panicked:\n{}", run.stderr);
        assert_ne!(run.code, 0, "{case} should fail");
        assert!(!site.public().exists(), "{case} wrote output");
        insta::assert_snapshot!(format!("exit code {}\n{}", run.code, run.stderr));
    });
}

/// Imports every schedule of `tests/fixtures/frab/bad/` and pins exit code and stderr: each
/// value of a session that cannot be read is its own error at its line and column (which
/// session, which field, what is wrong, how frab writes it), and nothing is written. The
/// first such value stopped the import at 0:0 and hid the others, and a month 13 in an
/// event's date was read as its day's date in silence.
#[test]
fn bad_schedules_are_reported_clearly() {
    insta::glob!("fixtures/frab/bad/*", |path| {
        let site = TestSite::new();
        site.write("site.yaml", "title: T\nbase_url: https://example.org/\n");
        let copy = site.root.parent().expect("parent").join(path.file_name().expect("name"));
        std::fs::copy(path, &copy).expect("copy");
        let run = site.run(&["import", "frab", copy.to_str().expect("path")]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert_ne!(run.code, 0, "{}", run.stderr);
        for folder in ["content/forums", "content/speakers"] {
            assert!(!site.root.join(folder).exists(), "nothing is written");
        }
        insta::assert_snapshot!(format!("exit code {}\n{}", run.code, run.stderr));
    });
}

#[test]
fn huge_file_is_refused_without_reading_it_all() {
    let site = TestSite::new();
    let big = format!("---\ntitle: Big\n---\n{}", "x".repeat(17 * 1024 * 1024));
    site.write("content/pages/big.md", &big);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/pages/big.md: error: the file is 17 MiB; content files may be at most 16 MiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn all_errors_of_a_run_are_reported_sorted_by_file_and_line() {
    let site = TestSite::fixture("bad/many-errors");
    let run = site.run(&["build"]);
    let positions: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.split(": error").next().unwrap_or(""))
        .collect();
    assert_eq!(
        positions,
        ["content/forums/a.md:3:12", "content/forums/a.md:6:1", "content/forums/b.md:3:7", "content/news/z.md:2:1"]
    );
}

/// A file name long enough for the file system but too long for an address (its page's
/// forum calendar adds `.ics`) is one error at the file, not a failure to write.
#[test]
fn a_file_name_too_long_for_an_address_is_one_error_at_the_file() {
    let site = TestSite::new();
    let stem = "w".repeat(251);
    site.write(&format!("content/forums/{stem}.md"), "---\ntitle: W\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.public().exists());
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0]
            .starts_with(&format!("content/forums/{stem}.md: error: the address `{}…` is 251 bytes long", &stem[..40])),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("or give the file a shorter name"), "{}", run.stderr);
    site.write(&format!("content/forums/{stem}.md"), "---\ntitle: W\nslug: w\n---\n");
    site.build_ok(&[]);
}

#[test]
fn missing_site_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site.yaml in"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = TestSite::new();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let site = TestSite::new();
    site.write("content/pages/a.md", "---\ntitle: A\n---\n");
    std::os::unix::fs::symlink("..", site.root.join("content/pages/loop")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}
