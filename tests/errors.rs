//! One mistake gives one error; independent mistakes are all reported in one run; findings
//! in the formats CI reads; `plenary init` and `plenary new` outside a site.

mod common;

use common::TestSite;

const FORUM: &str = "content/forums/teacher-development.md";

/// The example site with one line of one forum's front matter replaced.
fn example_with(from: &str, to: &str) -> TestSite {
    let site = TestSite::example();
    let text = std::fs::read_to_string(site.root.join(FORUM)).unwrap();
    assert!(text.contains(from), "the example forum no longer has `{from}`");
    site.write(FORUM, &text.replacen(from, to, 1));
    site
}

/// Each ordinary mistake in one forum of the example site gives exactly one error, at the
/// mistake, with `build` and with `check`: the forum still exists for the rest of the run, so
/// its translations, the links to it and the news naming it report nothing.
#[test]
fn one_mistake_one_error_on_the_example_site() {
    let cases = [
        (
            "number: 2",
            "number: two",
            "content/forums/teacher-development.md:3:9: error: `number`: expected a whole number",
        ),
        ("date: 2023-12-08", "date: 08/12/2023", "content/forums/teacher-development.md:5:7: error: `date`"),
        (
            "room: \"Hall B\"",
            "room: Hall: B",
            "content/forums/teacher-development.md:8:11: error: this value contains `: `",
        ),
        (
            "room: \"Hall B\"",
            "rooom: \"Hall B\"",
            "content/forums/teacher-development.md:8:1: error: unknown key `rooom`",
        ),
        (
            "title: \"Higher Education Teacher Professional Development in the AI Era\"",
            "title: Forum 2: Teachers",
            "content/forums/teacher-development.md:2:15: error: this value contains `: `",
        ),
    ];
    for (from, to, expected) in cases {
        let site = example_with(from, to);
        for command in ["build", "check"] {
            let run = site.run(&[command]);
            assert_eq!(run.code, 1, "{to}: {}", run.stderr);
            let errors = run.errors();
            assert_eq!(errors.len(), 1, "`{to}` with {command} gave {} errors:\n{}", errors.len(), run.stderr);
            assert!(errors[0].starts_with(expected), "`{to}`: {}", errors[0]);
        }
        assert!(!site.public().exists());
    }
}

/// A mistake in the frame every page is rendered in is one error, with `build` and `check`:
/// an undefined variable (which tera words differently per kind of page, by the variables
/// each has) and a dead link (on every page in every language).
#[test]
fn one_mistake_in_the_frame_of_every_page_is_one_error() {
    let base =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/base.html")).unwrap();
    let frame = "<p class=\"built-with\">";
    assert!(base.contains(frame), "the theme's frame no longer has `{frame}`");
    let line = base[..base.find(frame).unwrap()].lines().count();
    let cases = [
        (
            "{{ nope }}",
            format!("templates/base.html:{line}:30: error: template error: Variable `nope` is not defined. Available variables on every page that renders this: "),
        ),
        (
            "<a href=\"/nowhere/\">x</a>",
            "about/index.html: error: pages /about/, /countries/, /forums/ai-teaching-and-learning/ and 217 more link to `/nowhere/`".to_string(),
        ),
    ];
    for (mistake, expected) in cases {
        let site = TestSite::example();
        site.write("templates/base.html", &base.replacen(frame, &format!("{frame}{mistake}"), 1));
        for command in ["build", "check"] {
            let run = site.run(&[command]);
            assert_eq!(run.code, 1, "{mistake}: {}", run.stderr);
            let errors = run.errors();
            assert_eq!(errors.len(), 1, "`{mistake}` with {command} gave {} errors:\n{}", errors.len(), run.stderr);
            assert!(errors[0].starts_with(&expected), "`{mistake}`: {}", errors[0]);
        }
    }
}

/// A translation whose front matter fails is one error too: its original and the other
/// languages are unaffected.
#[test]
fn a_broken_translation_is_one_error() {
    let site = TestSite::example();
    let path = "content/forums/teacher-development.fr.md";
    let text = std::fs::read_to_string(site.root.join(path)).unwrap();
    site.write(path, &text.replacen("---\n", "---\nnumbr: 2\n", 1));
    let run = site.run(&["build"]);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("content/forums/teacher-development.fr.md:2:1: error: unknown key `numbr`"));
}

/// A content file that cannot be read at all (not UTF-8) is one error too: it still stands
/// for its speaker, so the forums, translations and news naming it report nothing.
#[test]
fn an_unreadable_file_is_one_error() {
    for path in ["content/speakers/tao-zhan.md", "content/speakers/tao-zhan.fr.md"] {
        let site = TestSite::example();
        std::fs::write(site.root.join(path), b"---\nname: Tao \xff\xfe Zhan\n---\n").unwrap();
        for cmd in ["build", "check"] {
            let run = site.run(&[cmd]);
            assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
            let errors = run.errors();
            assert_eq!(
                errors,
                [format!("{path}:2:11: error: the file is not valid UTF-8 text")],
                "{cmd}: {}",
                run.stderr
            );
        }
        assert!(!site.public().exists());
    }
}

/// A template whose loops run away stops with an error at its file, never runs for hours nor
/// fills the memory: loops that only count (tera stops a render after 10,000,000 iterations,
/// at the loop), and loops that write (a page stops at 256 MiB).
#[test]
fn a_runaway_template_loop_is_an_error_not_a_hang() {
    let site = TestSite::new();
    site.write("content/pages/b.md", &format!("---\ntitle: B\n---\n\n{}\n", "Words of the page. ".repeat(100)));
    let counting = "ok\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n";
    site.write("templates/page.html", counting);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.errors(),
        ["templates/page.html:2:45: error: template error: Loops ran more than 10000000 times in one render (a loop within a loop over long ranges?)"],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("check the bounds of this loop"), "{}", run.stderr);
    let writing =
        "ok\n{% for i in range(end=100000) %}{% for j in range(end=100) %}{{ content }}{% endfor %}{% endfor %}\n";
    site.write("templates/page.html", writing);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.errors(),
        ["templates/page.html: error: template `page.html` wrote more than 256 MiB for one page"],
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

/// A broken site.yaml no longer hides the content's and the templates' own errors; a content
/// error does not hide template errors; two broken templates are both shown.
#[test]
fn independent_problems_are_all_reported_in_one_run() {
    let site = TestSite::new();
    site.write("site.yaml", "title: Test\nbase_url: https://example.org/\nlanguags: [en]\n");
    site.write("content/forums/a.md", "---\ntitle: A\nnumber: two\n---\n");
    site.write("content/pages/b.md", "---\ntitle: B\nmenu: [\n---\n");
    site.write("templates/forum.html", "{% if %}\n");
    site.write("templates/page.html", "ok\n{{ page.title \n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let files: Vec<&str> = run.errors().iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        files,
        ["content/forums/a.md", "content/pages/b.md", "site.yaml", "templates/forum.html", "templates/page.html"],
        "{}",
        run.stderr
    );

    // with a good site.yaml: content errors and both template errors, still one run
    site.write("site.yaml", common::MINIMAL_CONFIG);
    let run = site.run(&["build"]);
    let files: Vec<&str> = run.errors().iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        files,
        ["content/forums/a.md", "content/pages/b.md", "templates/forum.html", "templates/page.html"],
        "{}",
        run.stderr
    );
}

/// A broken `base.html` is one error: the templates that extend it are not each told that
/// their blocks are defined in no parent (the first error a theme author read was such a
/// consequence, `404.html: Block main is not defined`, before the mistake itself).
#[test]
fn a_broken_parent_template_is_one_error_not_one_per_child() {
    let site = TestSite::new();
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write("templates/base.html", &base.replacen("{% block main %}", "{% block main %}{% if %}", 1));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].starts_with("templates/base.html:"), "{}", run.stderr);
}

/// A template error found only when a page is rendered (an undefined field) is reported
/// with a content error too.
#[test]
fn a_content_error_does_not_hide_a_template_rendering_error() {
    let site = TestSite::new();
    site.write("content/forums/a.md", "---\ntitle: A\nnumber: two\n---\n");
    site.write("content/pages/b.md", "---\ntitle: B\n---\n");
    site.write("templates/page.html", "{{ page.no_such_field }}\n");
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        let errors = run.errors();
        assert_eq!(errors.len(), 2, "{}", run.stderr);
        assert!(errors[0].starts_with("content/forums/a.md:3:9: error:"), "{}", errors[0]);
        assert!(errors[1].starts_with("templates/page.html:1:"), "{}", errors[1]);
    }
}

#[test]
fn json_format_gives_one_object_per_finding_on_build_and_check() {
    let site = TestSite::new();
    site.write("content/forums/a.md", "---\ntitle: A\nnumber: two\nspeakers: [nobody]\n---\n");
    for command in ["build", "check"] {
        let run = site.run(&[command, "--format", "json"]);
        assert_eq!(run.code, 1);
        let objects: Vec<serde_json::Value> =
            run.stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
        assert_eq!(objects.len(), 1, "{}", run.stdout);
        let o = &objects[0];
        assert_eq!(o["severity"], "error");
        assert_eq!(o["file"], "content/forums/a.md");
        assert_eq!((o["line"].as_u64(), o["column"].as_u64()), (Some(3), Some(9)));
        assert!(o["message"].as_str().unwrap().contains("expected a whole number"));
        assert!(o.get("help").is_some());
        assert!(!run.stderr.contains("error: `number`"), "findings go to stdout only");
    }
}

/// A build that succeeds with warnings ends the process itself once they are printed
/// (`main`'s `exit_at_once`): its exit code, its findings on stdout and its summary on stderr
/// must all be there.
#[test]
fn a_build_with_warnings_exits_zero_with_every_line_printed() {
    let site = TestSite::new();
    site.write("content/forums/b.md", "---\ntitle: B\nstart: \"10:00\"\n---\n");
    let run = site.run(&["build", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let objects: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(objects.len(), 1, "{}", run.stdout);
    assert_eq!(objects[0]["severity"], "warning");
    assert_eq!(objects[0]["file"], "content/forums/b.md");
    assert!(run.stderr.lines().last().is_some_and(|l| l.starts_with("built ")), "{}", run.stderr);
    assert!(site.public().join("forums/b/index.html").is_file());
}

#[test]
fn github_format_gives_annotations_on_build_and_check() {
    let site = TestSite::new();
    site.write("content/forums/a.md", "---\ntitle: Forum 1: Governance\n---\n");
    site.write("content/forums/b.md", "---\ntitle: B\nstart: \"10:00\"\n---\n");
    for command in ["build", "check"] {
        let run = site.run(&[command, "--format", "github"]);
        assert_eq!(run.code, 1);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{}", run.stdout);
        assert!(
            lines[0].starts_with("::error file=content/forums/a.md,line=2,col=15::this value contains `: `"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("%0Ahelp: quote the title"), "{}", lines[0]);
        assert!(lines[1].starts_with("::warning file=content/forums/b.md,line=3,col=1::"), "{}", lines[1]);
    }
}

#[test]
fn human_format_has_no_colour_when_not_a_terminal_or_with_no_color() {
    let site = TestSite::new();
    site.write("content/forums/a.md", "---\ntitle: A\nnumber: two\n---\n");
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let run = site.run_env(&["build"], env);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("content/forums/a.md:3:9: error: `number`"), "{}", run.stderr);
        assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn exit_codes_are_documented_in_help() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plenary")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit codes: 0 success; 1 content errors"), "{help}");
    let site = TestSite::new();
    assert_eq!(site.run(&["build", "--format", "xml"]).code, 2);
}

fn plenary(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_plenary")).args(args).current_dir(dir).output().unwrap()
}

/// `plenary init` makes a site that builds and checks with no warning at all, shows the
/// optional fields commented, and refuses a folder that is not empty without `--force`.
#[test]
fn init_writes_a_site_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = plenary(&["init", "summit"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let root = dir.path().join("summit");
    for file in [
        "site.yaml",
        ".gitignore",
        "content/_index.md",
        "content/forums/opening.md",
        "content/speakers/ada-example.md",
        "content/news/welcome.md",
        "content/pages/about.md",
        "content/papers/white-paper/_index.md",
        "content/papers/white-paper/01-introduction.md",
    ] {
        assert!(root.join(file).is_file(), "{file} missing");
    }
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    assert!(site_yaml.contains("\nevent:\n"));
    assert!(std::fs::read_to_string(root.join(".gitignore")).unwrap().contains("/public/"));
    let speaker = std::fs::read_to_string(root.join("content/speakers/ada-example.md")).unwrap();
    assert!(speaker.contains("# photo:") && speaker.contains("# links:"), "{speaker}");
    let forum = std::fs::read_to_string(root.join("content/forums/opening.md")).unwrap();
    assert!(forum.contains("# summary:") && forum.contains("# materials:"), "{forum}");

    let build = plenary(&["build"], &root);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(root.join("public/forums/opening/index.html").is_file());
    let check = plenary(&["check"], &root);
    assert!(String::from_utf8_lossy(&check.stderr).contains("checked: 0 errors, 0 warnings"));
    // what a build leaves beside the sources is ignored by Git: only the sources are new
    let git = |args: &[&str]| std::process::Command::new("git").args(args).current_dir(&root).output().unwrap();
    assert!(git(&["init", "-q"]).status.success());
    let untracked = String::from_utf8(git(&["status", "--porcelain", "--untracked-files=all"]).stdout).unwrap();
    let untracked: Vec<&str> = untracked.lines().map(|l| l.trim_start_matches("?? ")).collect();
    assert!(
        untracked.iter().all(|f| *f == ".gitignore" || *f == "site.yaml" || f.starts_with("content/")),
        "{untracked:?}"
    );

    // not empty now: refused, nothing changed
    std::fs::write(root.join("content/pages/about.md"), "mine").unwrap();
    let again = plenary(&["init", "summit"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    // --force adds what is missing and keeps what is there
    std::fs::remove_file(root.join("content/news/welcome.md")).unwrap();
    let forced = plenary(&["init", "summit", "--force"], dir.path());
    assert!(forced.status.success());
    assert_eq!(std::fs::read_to_string(root.join("content/pages/about.md")).unwrap(), "mine");
    assert!(root.join("content/news/welcome.md").is_file());
}

#[test]
fn new_outside_a_site_says_to_run_init() {
    let dir = tempfile::tempdir().unwrap();
    let out = plenary(&["new", "forum", "Opening"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("has no site.yaml") && stderr.contains("plenary init"), "{stderr}");
    assert!(!dir.path().join("content").exists(), "nothing is written outside a site");
}

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_symlink() {
    let outside = tempfile::tempdir().unwrap();
    let site = TestSite::new();
    // a dangling link where the new file would go
    std::fs::create_dir_all(site.root.join("content/forums")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x.md"), site.root.join("content/forums/opening.md")).unwrap();
    let run = site.run(&["new", "forum", "Opening"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!outside.path().join("x.md").exists(), "wrote through the link");
    // a linked folder
    std::os::unix::fs::symlink(outside.path(), site.root.join("content/speakers")).unwrap();
    let run = site.run(&["new", "speaker", "Ada"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("content/speakers is a symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// A paper whose `_index.md` fails keeps its bibliography for the run, so its chapters'
/// citations report nothing; the same for a YAML syntax error in it.
#[test]
fn a_broken_paper_index_is_one_error() {
    let path = "content/papers/white-paper-ai-era/_index.md";
    for (from, to) in [("version: \"0.1\"", "versio: \"0.1\""), ("version: \"0.1\"", "version: \"0.1")] {
        let site = TestSite::example();
        let text = std::fs::read_to_string(site.root.join(path)).unwrap();
        assert!(text.contains(from));
        site.write(path, &text.replacen(from, to, 1));
        let run = site.run(&["build"]);
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "`{to}`:\n{}", run.stderr);
        assert!(errors[0].starts_with(&format!("{path}:5:")), "{}", errors[0]);
    }
}

/// An editor's own files beside the content — Emacs's lock (`.#x.md`, a symbolic link to a
/// name that is no file), its auto-save (`#x.md#`), backups (`x.md~`), Vim's swap files —
/// are not the site's: the build reads none of them and publishes none, whatever they hold,
/// and fails on none (a lock was "cannot read", failing build and check whenever a buffer
/// was modified, while serve ignored it).
#[cfg(unix)]
#[test]
fn an_editors_lock_backup_and_swap_files_are_left_alone() {
    let s = TestSite::new();
    s.write("content/news/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\n\nText.\n");
    std::os::unix::fs::symlink("editor@host.12345:1700000000", s.root.join("content/news/.#x.md")).unwrap();
    s.write("content/news/#x.md#", "---\ntitle: [unclosed\n");
    s.write("content/news/x.md~", "---\ntitle: [unclosed\n");
    s.write("content/news/.x.md.swp", "\u{0}\u{1}binary");
    // what a copy or a merge leaves beside a page
    s.write("content/news/x.md.bak", "---\ntitle: old\n---\n");
    s.write("content/news/x.md.orig", "---\ntitle: old\n---\n");
    s.write("content/news/x.md.rej", "@@ -1 +1 @@\n");
    let run = s.build_ok(&[]);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let published: Vec<String> = walkdir::WalkDir::new(s.public())
        .into_iter()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("x.md"))
        .collect();
    assert!(published.is_empty(), "{published:?}");
    assert_eq!(s.run(&["check"]).code, 0);
}

/// Findings printed to a pipe that closes early (`plenary build 2>&1 | head -2`) are lost,
/// not the run: the exit code is still the build's (1), never a panic's (101).
#[test]
fn a_closed_pipe_loses_lines_not_the_exit_code() {
    let s = common::TestSite::example();
    for i in 0..30 {
        s.write(&format!("content/news/broken-{i}.md"), "---\ntitle: Broken\ndate: 2023-13-01\n---\n");
    }
    for stream in ["stderr", "stdout"] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"));
        cmd.args(["build", "--root"]).arg(&s.root);
        if stream == "stdout" {
            cmd.args(["--format", "json"]);
        }
        let mut child =
            cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().expect("run plenary");
        // closed before the build has printed anything
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(1), "{stream}: {status:?}");
    }
}

/// A mistyped `--root` is an error that leaves no trace: the folder is not made (it was, to
/// hold the output's lock file).
#[test]
fn a_root_that_is_no_site_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("sumit");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for root in [&missing, &empty] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["build", "--root"])
            .arg(root)
            .output()
            .expect("run plenary");
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("no site.yaml in"));
    }
    assert!(!missing.exists(), "the mistyped root was made");
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0, "something was written into a folder that is no site");
}

/// A failed run's last line counts its warnings too, so it agrees with the lines above it
/// (a warning printed, then "checked: 1 error").
#[test]
fn a_failed_runs_last_line_counts_every_finding() {
    let s = TestSite::example();
    common::set(&s, "content/forums/teacher-development.md", "moderators: [", "moderators: [nobody, ");
    s.write("content/forums/endless.md", "---\ntitle: Endless\ndate: 2023-12-08\nend: \"14:00\"\n---\n");
    let build = s.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_eq!(
        build.stderr.lines().last(),
        Some("build failed: 1 error, 1 warning; nothing was written"),
        "{}",
        build.stderr
    );
    let check = s.run(&["check"]);
    assert_eq!(check.stderr.lines().last(), Some("checked: 1 error, 1 warning"), "{}", check.stderr);
}

/// Small words that lead an editor astray, each said right: a title pasted in typographic
/// quotes is quoted with straight ones (the help kept `"“Keynote: AI”"`); an empty speaker
/// file is told to start with `name:` (a speaker has no `title`).
#[test]
fn the_help_says_what_to_write_for_the_file_at_hand() {
    let s = TestSite::example();
    s.write("content/forums/pasted.md", "---\ntitle: “Keynote: AI”\n---\n");
    s.write("content/speakers/empty.md", "");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("help: quote the title: `title: \"Keynote: AI\"`"), "{}", r.stderr);
    assert!(r.stderr.contains("content/speakers/empty.md:1:1: error: the file is empty"), "{}", r.stderr);
    assert!(r.stderr.contains("then `name: …` (and the other keys)"), "{}", r.stderr);
}

/// `plenary init` in a fresh clone of an empty repository (`.git`, and the README and
/// licence its host wrote) makes the site there: it was refused as not empty.
#[test]
fn init_takes_a_fresh_clone_for_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("summit-site");
    std::fs::create_dir_all(clone.join(".git")).unwrap();
    std::fs::write(clone.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(clone.join("README.md"), "# summit-site\n").unwrap();
    let out = plenary(&["init", "summit-site"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(clone.join("site.yaml").is_file() && clone.join(".git/HEAD").is_file());
    assert_eq!(std::fs::read_to_string(clone.join("README.md")).unwrap(), "# summit-site\n");
    // anything else there is still left alone
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join(".git")).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    assert!(!plenary(&["init", "other"], dir.path()).status.success());
}

/// Mistakes of different keys of one front matter are reported in one run (it took four
/// runs, one error each); the keys that are right say nothing.
#[test]
fn every_key_mistaken_in_one_front_matter_is_reported_at_once() {
    let s = TestSite::example();
    s.write(
        "content/forums/bad.md",
        "---\ntitle: Bad\ntype: talk\nstate: cancelled\nroom: [A, B]\nnumber: three\ndate: 2023-12-08\nspeakers: tao-zhan\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<String> =
        r.errors().into_iter().map(|e| e.split(": error: ").next().unwrap_or("").to_string()).collect();
    assert_eq!(
        errors,
        [
            "content/forums/bad.md:3:7",
            "content/forums/bad.md:4:1",
            "content/forums/bad.md:5:7",
            "content/forums/bad.md:6:9",
            "content/forums/bad.md:8:11",
        ],
        "{}",
        r.stderr
    );
}
