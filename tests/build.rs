//! `plenary build` end to end on small real sites: addresses, references both ways, internal
//! links under a sub-path, drafts, aliases, determinism, atomicity and output-folder safety.

mod common;

use common::{attrs, texts, tree, TestSite};

fn summit() -> TestSite {
    let s = TestSite::new();
    s.write(
        "content/_index.md",
        "---\ntitle: Welcome\n---\n\nSee [Forum 2](@/forums/teacher-development.md#the-theme).\n",
    );
    s.write(
        "content/speakers/tao-zhan.md",
        "---\nname: Tao Zhan\nhonorific: Mr\nrole: Director\norganisation: UNESCO IITE\ncountry: RU\n---\n\nBio.\n",
    );
    s.write("content/speakers/jin-li.md", "---\nname: Jin Li\nrole: Director\norganisation: UNESCO-ICHEI\n---\n");
    s.write(
        "content/forums/teacher-development.md",
        "---\ntitle: Teacher Development\nnumber: 2\ndate: 2023-12-08\nstart: \"09:00\"\nend: \"12:00\"\nroom: Hall B\nmoderators: [tao-zhan]\nspeakers: [jin-li]\ntopics: [AI competencies]\naliases: [/2023/forum-2/]\n---\n\n## The theme\n\nText with a [link](/news/) and `code`.\n\n```rust\nfn main() {}\n```\n",
    );
    s.write("content/forums/governance.md", "---\ntitle: Governance\nnumber: 1\ndate: 2023-12-07\n---\n\nSee [the theme](@/forums/teacher-development.md#the-theme).\n");
    s.write("content/news/report.md", "---\ntitle: Summit report\ndate: 2023-12-09\nspeakers: [tao-zhan]\nforums: [teacher-development]\ntags: [summit]\n---\n\nThe summit closed.\n");
    s.write("content/news/draft.md", "---\ntitle: Unfinished\ndate: 2023-12-10\ndraft: true\n---\n");
    s.write("content/papers/wp/_index.md", "---\ntitle: White Paper\nstatus: for-comments\nversion: 0.1\ncomments_until: 2024-01-31\nauthors: [tao-zhan, {name: Somebody, affiliation: Somewhere}]\n---\n\nAbstract.\n");
    s.write("content/papers/wp/02-second.md", "---\ntitle: Second\n---\n\n## Part\n");
    s.write("content/papers/wp/01-first.md", "---\ntitle: First\n---\n\n## Intro\n");
    s.write("content/pages/about.md", "---\ntitle: About\nmenu: 1\n---\n\nAbout us.\n");
    s
}

#[test]
fn pretty_urls_for_every_kind() {
    let s = summit();
    s.build_ok(&[]);
    for f in [
        "index.html",
        "forums/index.html",
        "forums/teacher-development/index.html",
        "speakers/index.html",
        "speakers/tao-zhan/index.html",
        "news/index.html",
        "news/report/index.html",
        "papers/index.html",
        "papers/wp/index.html",
        "papers/wp/first/index.html",
        "papers/wp/second/index.html",
        "about/index.html",
        "404.html",
        "topics/ai-competencies/index.html",
        "countries/ru/index.html",
        "style.css",
    ] {
        assert!(s.public().join(f).is_file(), "missing {f}");
    }
}

#[test]
fn speaker_pages_list_forums_and_news_from_the_reverse_index() {
    let s = summit();
    s.build_ok(&[]);
    let page = s.page("speakers/tao-zhan/index.html");
    let forums = texts(&page, "section h2 + .cards .card-title");
    assert_eq!(forums, ["Teacher Development", "White Paper", "Summit report"]);
    assert!(texts(&page, ".card-meta").iter().any(|m| m.starts_with("Moderator · 8 December 2023")));
    // and the forum lists its news item
    let forum = s.page("forums/teacher-development/index.html");
    assert_eq!(texts(&forum, ".people a"), ["Tao Zhan", "Jin Li"]);
    assert_eq!(attrs(&forum, ".cards a", "href"), ["/news/report/"]);
}

/// A person or forum written twice in one list is shown once, with a warning at the list.
#[test]
fn a_slug_written_twice_in_a_list_is_shown_once_with_a_warning() {
    let s = summit();
    let forum = "content/forums/teacher-development.md";
    let text = std::fs::read_to_string(s.root.join(forum)).unwrap();
    s.write(forum, &text.replace("speakers: [jin-li]", "speakers: [jin-li, jin-li, jin-li]"));
    s.write(
        "content/news/report.md",
        "---\ntitle: Summit report\ndate: 2023-12-09\nspeakers: [tao-zhan, tao-zhan]\nforums: [teacher-development, governance, teacher-development]\n---\n\nThe summit closed.\n",
    );
    let r = s.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "content/forums/teacher-development.md:9:12: warning: `jin-li` is listed more than once in `speakers`",
            "content/news/report.md:4:12: warning: `tao-zhan` is listed more than once in `speakers`",
            "content/news/report.md:5:10: warning: `teacher-development` is listed more than once in `forums`",
        ],
        "{}",
        r.stderr
    );
    let page = s.page("forums/teacher-development/index.html");
    assert_eq!(texts(&page, ".people a"), ["Tao Zhan", "Jin Li"]);
    let ics = std::fs::read_to_string(s.public().join("forums/teacher-development.ics")).unwrap();
    assert_eq!(ics.matches("Jin Li").count(), 1, "{ics}");
    let news = s.page("news/report/index.html");
    assert_eq!(texts(&news, ".people a").iter().filter(|n| *n == "Tao Zhan").count(), 1);
}

#[test]
fn internal_links_and_assets_work_under_a_sub_path() {
    let s = summit();
    s.build_ok(&["--base-url", "https://example.org/summit/"]);
    let home = s.page("index.html");
    assert!(attrs(&home, ".prose a", "href").contains(&"/summit/forums/teacher-development/#the-theme".to_string()));
    // the code's colours only where code is highlighted: a phone's first page waits for no
    // stylesheet it does not need
    assert_eq!(attrs(&home, "link[rel=stylesheet]", "href"), ["/summit/style.css"]);
    assert_eq!(attrs(&home, "link[rel=canonical]", "href"), ["https://example.org/summit/"]);
    let forum = s.page("forums/teacher-development/index.html");
    assert_eq!(attrs(&forum, "link[rel=stylesheet]", "href"), ["/summit/style.css", "/summit/highlight.css"]);
    // and on a paper's print edition when one chapter holds some
    let print = || attrs(&s.page("papers/wp/print/index.html"), "link[rel=stylesheet]", "href").len();
    assert_eq!(print(), 1);
    s.write("content/papers/wp/02-second.md", "---\ntitle: Second\n---\n\n## Part\n\n```rust\nfn main() {}\n```\n");
    s.build_ok(&["--base-url", "https://example.org/summit/"]);
    assert_eq!(print(), 2);
    assert!(attrs(&forum, ".prose a", "href").contains(&"/summit/news/".to_string()));
    // every root-relative link of every page stays under the sub-path
    for (path, bytes) in tree(&s.public()) {
        if path.extension().is_some_and(|e| e == "html") {
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            for href in attrs(&doc, "a[href], link[href]", "href") {
                assert!(!href.starts_with('/') || href.starts_with("/summit/"), "{}: {href}", path.display());
            }
        }
    }
}

/// A base URL is read as a browser reads it: a sub-path with letters outside ASCII works (its
/// links were refused as outside the site, once per page), capitals and a default port are
/// the address's own; `//` (a browser reads `//summit/style.css` as another host) and a file
/// name are refused at `--base-url`.
#[test]
fn a_base_url_is_read_as_a_browser_reads_it() {
    let s = summit();
    s.build_ok(&["--base-url", "HTTPS://Example.ORG:443/sümmit"]);
    let home = s.page("index.html");
    assert_eq!(attrs(&home, "link[rel=canonical]", "href"), ["https://example.org/s%C3%BCmmit/"]);
    assert_eq!(attrs(&home, "link[rel=stylesheet]", "href")[0], "/s%C3%BCmmit/style.css");
    assert!(
        attrs(&home, ".prose a", "href").contains(&"/s%C3%BCmmit/forums/teacher-development/#the-theme".to_string())
    );
    // a space, `|` or `[]` in the path: encoded as the pages' links encode them (they failed
    // the build, one error per page, or were refused)
    for (written, path) in
        [("https://example.org/summit 2023/", "/summit%202023/"), ("https://example.org/a|b/", "/a%7Cb/")]
    {
        s.build_ok(&["--base-url", written]);
        assert_eq!(attrs(&s.page("index.html"), "link[rel=stylesheet]", "href")[0], format!("{path}style.css"));
    }
    for (bad, says) in [
        ("https://example.org//summit/", "has an empty part in its path (`//`)"),
        ("https://example.org/summit/index.html", "ends with a file name"),
    ] {
        let r = s.run(&["build", "--base-url", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{bad}: {}", r.stderr);
    }
}

#[test]
fn heading_ids_toc_and_highlighting() {
    let s = summit();
    s.build_ok(&[]);
    let forum = s.page("forums/teacher-development/index.html");
    assert_eq!(attrs(&forum, ".prose h2", "id"), ["the-theme"]);
    assert!(!attrs(&forum, "pre.code span", "class").is_empty(), "code is highlighted with classes");
    let chapter = s.page("papers/wp/first/index.html");
    assert_eq!(attrs(&chapter, ".toc a", "href"), ["#intro"]);
}

#[test]
fn one_h1_per_page() {
    let s = summit();
    s.build_ok(&[]);
    for (path, bytes) in tree(&s.public()) {
        if path.extension().is_some_and(|e| e == "html") && !path.starts_with("2023") {
            let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            assert_eq!(texts(&doc, "h1").len(), 1, "{}", path.display());
            assert_eq!(attrs(&doc, "main", "id"), ["main"], "{}", path.display());
        }
    }
}

#[test]
fn chapters_are_ordered_by_prefix_with_prev_next() {
    let s = summit();
    s.build_ok(&[]);
    let landing = s.page("papers/wp/index.html");
    assert_eq!(texts(&landing, ".paper-toc > ol > li > a"), ["1 First", "2 Second"]);
    assert_eq!(texts(&landing, ".banner"), ["Draft for comments until 31 January 2024 · version 0.1"]);
    assert_eq!(texts(&landing, ".authors li"), ["Tao Zhan (UNESCO IITE)", "Somebody (Somewhere)"]);
    let first = s.page("papers/wp/first/index.html");
    assert_eq!(attrs(&first, "a[rel=next]", "href"), ["/papers/wp/second/"]);
    assert!(attrs(&first, "a[rel=prev]", "href").is_empty());
    let second = s.page("papers/wp/second/index.html");
    assert_eq!(attrs(&second, "a[rel=prev]", "href"), ["/papers/wp/first/"]);
    assert!(attrs(&second, "a[rel=next]", "href").is_empty());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let s = summit();
    s.build_ok(&[]);
    assert!(!s.public().join("news/draft").exists());
    s.build_ok(&["--drafts"]);
    assert!(s.public().join("news/draft/index.html").is_file());
}

/// A reference or a link to a draft left out is an error that says so, where it is written:
/// a translation naming the same speaker is the original's mistake, reported there; a link
/// in each body is one in each.
#[test]
fn a_reference_to_a_left_out_draft_is_an_error_naming_it() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n",
    );
    s.write("content/speakers/a.md", "---\nname: A\ndraft: true\n---\n");
    s.write("content/speakers/b.md", "---\nname: B\nlinks:\n  - {label: A, url: '@/speakers/a.md'}\n---\n");
    s.write("content/forums/f.md", "---\ntitle: F\nspeakers: [a]\n---\n\nWith [A](@/speakers/a.md).\n");
    s.write("content/forums/f.fr.md", "---\ntitle: F\nspeakers: [a]\n---\n\nAvec [A](@/speakers/a.md).\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/forums/f.fr.md:6:6: error: broken internal link `@/speakers/a.md`: it is a draft, left out of this build",
            "content/forums/f.md:3:12: error: speaker `a` is a draft and is left out of this build",
            "content/forums/f.md:6:6: error: broken internal link `@/speakers/a.md`: it is a draft, left out of this build",
            "content/speakers/b.md:4:22: error: broken internal link `@/speakers/a.md`: it is a draft, left out of this build",
        ],
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    s.build_ok(&["--drafts"]);
}

#[test]
fn aliases_redirect_to_the_page() {
    let s = summit();
    s.build_ok(&[]);
    let r = s.page("2023/forum-2/index.html");
    assert_eq!(attrs(&r, "meta[http-equiv=refresh]", "content"), ["0; url=/forums/teacher-development/"]);
    assert_eq!(attrs(&r, "link[rel=canonical]", "href"), ["https://example.org/forums/teacher-development/"]);
}

#[test]
fn news_is_paginated() {
    let s = TestSite::new();
    s.write("site.yaml", "title: T\nbase_url: https://example.org/\nnews_per_page: 2\n");
    for d in 1..=5 {
        s.write(&format!("content/news/n{d}.md"), &format!("---\ntitle: N{d}\ndate: 2024-01-0{d}\n---\n"));
    }
    s.build_ok(&[]);
    assert_eq!(texts(&s.page("news/index.html"), ".card-title"), ["N5", "N4"]);
    let p3 = s.page("news/page/3/index.html");
    assert_eq!(texts(&p3, ".card-title"), ["N1"]);
    assert_eq!(attrs(&p3, "a[rel=prev]", "href"), ["/news/page/2/"]);
    assert!(!s.public().join("news/page/4").exists());
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let s = summit();
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock main %}",
    );
    s.build_ok(&[]);
    assert_eq!(texts(&s.page("about/index.html"), "h1.custom"), ["About"]);
    // other templates still come from the theme
    assert_eq!(texts(&s.page("forums/governance/index.html"), "h1"), ["Governance"]);
}

/// A site template named as no template of the theme, and used by none, overrides nothing:
/// a warning names the theme's nearest (`Page.html`, `speaker.htm` changed nothing without a
/// word). A partial the site's own templates include is no such template.
#[test]
fn a_misnamed_template_override_is_told() {
    let s = summit();
    s.write("templates/Page.html", "<h1>mine</h1>");
    s.write("templates/speaker.htm", "<h1>mine</h1>");
    s.write("templates/my-footer.html", "<p>footer</p>");
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"my-footer.html\" %}{% endblock main %}",
    );
    let r = s.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "templates/Page.html: warning: this template replaces none of the theme's and no template uses it",
            "templates/speaker.htm: warning: this template replaces none of the theme's and no template uses it",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: did you mean `page.html`?"), "{}", r.stderr);
    assert!(r.stderr.contains("help: did you mean `speaker.html`?"), "{}", r.stderr);
}

#[test]
fn builds_are_byte_identical_across_runs_and_thread_counts() {
    let s = summit();
    let out = |name: &str, threads: &str| {
        let dir = s.root.parent().unwrap().join(name);
        let r = s.run_env(&["build", "--out", dir.to_str().unwrap()], &[("RAYON_NUM_THREADS", threads)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        tree(&dir)
    };
    let a = out("a", "1");
    let b = out("b", "4");
    let c = out("c", "4");
    assert!(a.len() > 20);
    assert_eq!(a, b);
    assert_eq!(b, c);
}

#[test]
fn file_system_order_does_not_reach_the_output() {
    // the same files created in the opposite order give the same bytes
    let a = summit();
    let b = TestSite::new();
    let mut files: Vec<_> = tree(&a.root.join("content"));
    files.reverse();
    for (rel, bytes) in files {
        b.write(&format!("content/{}", rel.display()), &String::from_utf8(bytes).unwrap());
    }
    a.build_ok(&[]);
    b.build_ok(&[]);
    assert_eq!(tree(&a.public()), tree(&b.public()));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let s = summit();
    s.build_ok(&[]);
    let before = tree(&s.public());
    s.write("content/forums/broken.md", "---\ntitle: Broken\nspeakers: [nobody]\n---\n");
    s.write("content/forums/governance.md", "---\ntitle: Governance changed\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1);
    assert_eq!(tree(&s.public()), before);
    let debris: Vec<_> = std::fs::read_dir(&s.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // the lock file stays beside the output (it serialises builds; see output::OutputLock)
        .filter(|n| n.contains("plenary-") && !n.ends_with(".plenary-lock") && n != ".plenary-cache")
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

#[test]
fn a_template_error_during_rendering_also_leaves_the_output_untouched() {
    let s = summit();
    s.build_ok(&[]);
    let before = tree(&s.public());
    s.write("templates/speaker.html", "{{ speaker.nope }}");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("templates/speaker.html:1:"), "{}", r.stderr);
    assert_eq!(tree(&s.public()), before);
}

#[test]
fn a_foreign_output_folder_is_refused_unless_forced() {
    let s = summit();
    let out = s.root.parent().unwrap().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "precious").unwrap();
    let r = s.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not empty and was not written by plenary"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(out.join("thesis.txt")).unwrap(), "precious");
    let r = s.run(&["build", "--out", out.to_str().unwrap(), "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join("index.html").is_file());
}

#[test]
fn the_site_root_and_its_parents_are_never_output_folders() {
    let s = summit();
    for out in [s.root.clone(), s.root.parent().unwrap().to_path_buf(), s.root.join("content")] {
        let r = s.run(&["build", "--out", out.to_str().unwrap(), "--force"]);
        assert_eq!(r.code, 2, "{}: {}", out.display(), r.stderr);
        assert!(s.root.join("content/forums/governance.md").is_file());
    }
}

/// `--force` replaces a folder plenary did not write, but never a home folder (one typed
/// `--out ~` or `--out /root` lost its toolchains and settings) or a Git repository.
#[test]
fn a_home_folder_or_a_repository_is_never_replaced_even_with_force() {
    let s = summit();
    let home = s.root.parent().unwrap().join("home");
    std::fs::create_dir_all(home.join(".config")).unwrap();
    std::fs::write(home.join(".config/settings"), "precious").unwrap();
    let home_env = [("HOME", home.to_str().unwrap())];
    for out in [home.clone(), home.parent().unwrap().to_path_buf()] {
        let r = s.run_env(&["build", "--out", out.to_str().unwrap(), "--force"], &home_env);
        assert_eq!(r.code, 2, "{}: {}", out.display(), r.stderr);
        assert!(r.stderr.contains("your home folder"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read_to_string(home.join(".config/settings")).unwrap(), "precious");
    let repo = home.join("pages");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let r = s.run_env(&["build", "--out", repo.to_str().unwrap(), "--force"], &home_env);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is a Git repository"), "{}", r.stderr);
    assert!(repo.join(".git/HEAD").is_file());
    // a folder inside the home folder is an output folder like any other
    assert_eq!(s.run_env(&["build", "--out", home.join("site").to_str().unwrap()], &home_env).code, 0);
}

#[test]
fn summary_line_and_quiet() {
    let s = summit();
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("built "), "{}", r.stderr);
    assert!(r.stderr.contains(" pages ("), "{}", r.stderr);
    let q = s.build_ok(&["--quiet"]);
    assert_eq!(q.stderr, "");
}

#[test]
fn version_and_help() {
    let s = TestSite::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plenary")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("plenary {}", env!("CARGO_PKG_VERSION")));
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_plenary")).args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--root", "--out", "--base-url", "--drafts", "--force", "--quiet"] {
        assert!(help.contains(flag), "{flag}");
    }
    drop(s);
}

#[test]
fn the_example_site_builds_without_warnings() {
    let s = TestSite::example();
    let r = s.build_ok(&[]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let home = s.page("index.html");
    assert_eq!(texts(&home, "h1").len(), 1);
    let forums = s.page("forums/index.html");
    assert_eq!(texts(&forums, ".card-title").len(), 8);
    let tao = s.page("speakers/tao-zhan/index.html");
    assert!(texts(&tao, ".card-title").iter().any(|t| t.contains("Teacher Professional Development")));
}

#[test]
fn headings_named_like_the_pages_own_parts_get_ids_of_their_own() {
    let s = TestSite::example();
    let add = |rel: &str, text: &str| {
        let was = std::fs::read_to_string(s.root.join(rel)).unwrap();
        s.write(rel, &format!("{was}\n{text}"));
    };
    // the paper's landing page has its own `abstract`, `contents` and `cite-this`, the last
    // chapter the reference list's `references`, every page the skip link's `main`
    add(
        "content/papers/white-paper-ai-era/_index.md",
        "## Abstract\n\nA.\n\n## Contents\n\nB.\n\n## Cite this\n\nC.\n",
    );
    add("content/papers/white-paper-ai-era/03-governance.md", "## References\n\nMore to read.\n");
    add("content/news/summit-2023-shenzhen.md", "## Main\n\nPoints.\n");
    let r = s.build_ok(&[]);
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
    let ids = |rel: &str| attrs(&s.page(rel), "[id]", "id");
    let count = |ids: &[String], id: &str| ids.iter().filter(|i| *i == id).count();
    let landing = ids("papers/white-paper-ai-era/index.html");
    for id in ["abstract", "abstract-1", "contents", "contents-1", "cite-this", "cite-this-1"] {
        assert_eq!(count(&landing, id), 1, "{id}: {landing:?}");
    }
    let chapter = ids("papers/white-paper-ai-era/governance/index.html");
    assert_eq!((count(&chapter, "references"), count(&chapter, "references-1")), (1, 1), "{chapter:?}");
    let news = ids("news/summit-2023-shenzhen/index.html");
    assert_eq!((count(&news, "main"), count(&news, "main-1")), (1, 1), "{news:?}");
    // an id the editor wrote is theirs, and a clash is said
    add("content/news/summit-2023-shenzhen.md", "## Also main {#main}\n\nPoints.\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("has more than one element with the id `main`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("help: the theme writes the id `main` on this page itself: give yours another name (`## Heading {#my-main}`)"),
        "{}",
        r.stderr
    );
}

#[test]
fn markdown_under_another_ending_is_warned_of_and_not_published() {
    let s = summit();
    s.write("content/news/upper.MD", "---\ntitle: Upper\ndate: 2023-12-01\n---\n\nBody.\n");
    s.write("content/news/jekyll.markdown", "---\ntitle: From Jekyll\ndate: 2023-12-01\n---\n\nBody.\n");
    s.write("content/news/notes.txt", "a file beside the news, copied as it is");
    let r = s.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "content/news/jekyll.markdown: warning: this `.markdown` file is not read: plenary reads Markdown from files ending in `.md`",
            "content/news/upper.MD: warning: this `.MD` file is not read: plenary reads Markdown from files ending in `.md`",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: rename it `upper.md`; as it is, nothing of it is published"), "{}", r.stderr);
    // the source is not published as a file; other files beside content are
    assert!(!s.public().join("news/upper.MD").exists() && !s.public().join("news/jekyll.markdown").exists());
    assert!(s.public().join("news/notes.txt").is_file());
}

#[test]
fn a_name_or_title_written_for_a_slug_is_told_the_slug() {
    let s = summit();
    s.write(
        "content/news/met.md",
        "---\ntitle: Met\ndate: 2023-12-08\nspeakers: [jin li]\nforums: [Governance]\n---\n\nText.\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        [
            "content/news/met.md:4:12: error: unknown speaker `jin li`",
            "content/news/met.md:5:10: error: unknown forum `Governance`"
        ],
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("help: write the speaker's slug, `jin-li` (its file's name), not its name"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("help: write the forum's slug, `governance` (its file's name), not its title"),
        "{}",
        r.stderr
    );
}

#[test]
fn static_files_theme_assets_and_co_located_files_are_copied() {
    let s = summit();
    s.write("static/files/programme.pdf", "%PDF-1.4 illustrative");
    s.write("static/style.css", "/* the site's own stylesheet wins over the theme's */");
    s.write("content/speakers/tao-zhan.jpg", "not really a jpeg");
    // later layers win: theme, then `static/`, then files beside the content
    s.write("static/speakers/tao-zhan.jpg", "the static folder's");
    s.build_ok(&[]);
    let read = |rel: &str| std::fs::read_to_string(s.public().join(rel)).unwrap();
    assert_eq!(read("files/programme.pdf"), "%PDF-1.4 illustrative");
    assert_eq!(read("style.css"), "/* the site's own stylesheet wins over the theme's */");
    assert_eq!(read("speakers/tao-zhan.jpg"), "not really a jpeg");
    assert!(read("highlight.css").contains(".hl-"));
}

/// A file of `static/` under a name plenary writes itself (`robots.txt`, `sitemap.xml`) is
/// not published: a warning says so (it was dropped without a word). The site's own
/// `favicon.svg` replaces the generated one (the generated one replaced it).
#[test]
fn a_static_file_under_a_generated_name_is_told_and_the_sites_icon_is_its_own() {
    let s = summit();
    s.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    s.write("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>ours</title></svg>");
    // a page's address too
    s.write("static/about/index.html", "<p>an old page</p>");
    let r = s.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "static/about/index.html: warning: this file is not published: the page /about/ is written there",
            "static/robots.txt: warning: this file is not published: plenary writes /robots.txt itself",
        ],
        "{}",
        r.stderr
    );
    assert!(!std::fs::read_to_string(s.public().join("robots.txt")).unwrap().contains("/drafts/"));
    assert!(std::fs::read_to_string(s.public().join("favicon.svg")).unwrap().contains("<title>ours</title>"));
}

/// Another language's page of a document is written as the default language's is: a
/// `static/fr/about/index.html` there is told of (it was replaced without a word), and an
/// alias at it is an error (it was dropped without a word, the editor's redirect never made).
#[test]
fn another_languages_page_is_guarded_as_the_default_ones() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n",
    );
    s.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    s.write("content/pages/venue.md", "---\ntitle: Venue\n---\nHere\n");
    s.write("static/fr/about/index.html", "<p>an old page</p>");
    let r = s.build_ok(&[]);
    assert!(
        r.stderr.contains(
            "static/fr/about/index.html: warning: this file is not published: the page /fr/about/ is written there"
        ),
        "{}",
        r.stderr
    );
    s.write("content/pages/venue.md", "---\ntitle: Venue\naliases: [/fr/about/, /fr/search/]\n---\nHere\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        [
            "content/pages/venue.md:3:11: error: alias `/fr/about/` would overwrite the page of content/pages/about.md",
            "content/pages/venue.md:3:23: error: alias `/fr/search/` would overwrite /fr/search/, which plenary writes itself"
        ],
        "{}",
        r.stderr
    );
}

/// Hidden files are the editor's (`.DS_Store`, `.git`), but for the few a host reads:
/// `.well-known/` (security.txt), `.htaccess` (a sub-folder's 404 page on Apache). Every
/// output has an empty `.nojekyll`: GitHub Pages publishing a branch leaves out `/_img/`
/// (every image and social card) without one.
#[test]
fn hidden_files_a_host_reads_are_published_and_github_pages_keeps_the_images() {
    let s = summit();
    s.write("static/.well-known/security.txt", "Contact: mailto:security@example.org\n");
    s.write("static/.htaccess", "ErrorDocument 404 /summit/404.html\n");
    s.write("static/.DS_Store", "finder");
    s.write("static/docs/.secret", "editor's");
    s.build_ok(&[]);
    let out = s.public();
    assert_eq!(
        std::fs::read_to_string(out.join(".well-known/security.txt")).unwrap(),
        "Contact: mailto:security@example.org\n"
    );
    assert!(out.join(".htaccess").is_file());
    assert!(!out.join(".DS_Store").exists() && !out.join("docs/.secret").exists());
    assert_eq!(std::fs::read(out.join(".nojekyll")).unwrap(), b"");
    assert!(out.join("_img").is_dir());
}

#[test]
fn a_site_without_a_themes_folder_uses_the_built_in_theme() {
    let s = summit();
    assert!(!s.root.join("themes").exists());
    s.build_ok(&[]);
    assert!(std::fs::read_to_string(s.public().join("style.css")).unwrap().contains("logical properties"));
}

/// The pipeline calls the renderer with the part of its result the renderer reads
/// (`Prepared::render_input`); the renderer never reaches back into the pipeline, so the
/// dependency runs one way: no file under `src/render` uses anything of `pipeline`.
#[test]
fn rendering_never_reaches_back_into_the_pipeline() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&dir).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "rs") {
            files += 1;
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for (n, line) in code.lines().enumerate() {
                let code_part = line.split("//").next().unwrap_or_default();
                assert!(!code_part.contains("pipeline"), "{}:{}: {line}", entry.path().display(), n + 1);
            }
        }
    }
    assert!(files >= 10, "{files} files read under {}", dir.display());
}

/// Spellings of one topic meet on one page, named by the alphabetically first spelling
/// whatever order the files come in, each document listed once; a topic with no letters or
/// digits has no page.
#[test]
fn spellings_of_a_topic_share_one_page_named_by_the_first_spelling() {
    let site = TestSite::new();
    site.write("content/forums/a.md", "---\ntitle: Forum A\ntopics: [open data, \"!!!\"]\n---\n");
    site.write("content/forums/b.md", "---\ntitle: Forum B\ntopics: [Open Data, open data]\n---\n");
    site.write("content/news/c.md", "---\ntitle: News C\ndate: 2026-01-02\ntags: [open-data, Open Data]\n---\n");
    site.build_ok(&[]);
    let page = site.page("topics/open-data/index.html");
    assert_eq!(texts(&page, "h1"), ["Open Data"]);
    let mut listed = texts(&page, ".card-title");
    listed.sort();
    assert_eq!(listed, ["Forum A", "Forum B", "News C"]);
    let topics: Vec<String> = std::fs::read_dir(site.public().join("topics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(topics, ["open-data"]);
}

/// Text pasted from a PDF or a word processor brings characters no editor shows (a form feed
/// between pages, a backspace, an escape, C1 controls) and that HTML, the feeds and YAML
/// cannot hold. A file's are one warning at the first, its line drawn visibly (no control
/// character reaches the terminal); no file of the output holds one; a later finding on the
/// same line keeps its column.
#[test]
fn pasted_control_characters_are_one_warning_and_reach_no_output() {
    let s = common::TestSite::example();
    let news = |last: &str| {
        format!(
            "---\ntitle: \"Pasted\u{c}from a PDF\"\ndate: 2023-12-09\n---\n\nWord\u{8} and\u{1b}[31m text\u{85} end.\n\n{last}\n"
        )
    };
    // the column of a finding after a hidden character is the one it has after any other
    s.write("content/news/pasted.md", &news("Café [x](@/speakers/nobody.md)"));
    let plain = s.run(&["build"]);
    s.write("content/news/pasted.md", &news("Caf\u{85} [x](@/speakers/nobody.md)"));
    let hidden = s.run(&["build"]);
    assert_eq!(hidden.code, 1, "{}", hidden.stderr);
    assert_eq!(hidden.errors(), plain.errors(), "{}", hidden.stderr);
    assert_eq!(hidden.errors().len(), 1, "{}", hidden.stderr);
    // a bibliography's too
    common::set(&s, "content/papers/white-paper-ai-era/references.bib", "Beijing Consensus", "Beijing\u{b}Consensus");
    s.write("content/news/pasted.md", &news("Caf\u{85}."));
    let r = s.build_ok(&[]);
    assert!(!r.stderr.chars().any(|c| c.is_control() && c != '\n'), "{:?}", r.stderr);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: an invisible")).collect();
    assert_eq!(
        warnings,
        [
            "content/news/pasted.md:2:15: warning: an invisible control character (U+000C) is here, and 4 more in this file; each was replaced by a space",
            "content/papers/white-paper-ai-era/references.bib:3:23: warning: an invisible control character (U+000B) is here; it was replaced by a space",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" 2 | title: \"Pasted␌from a PDF\""), "{}", r.stderr);
    let page = s.page("news/pasted/index.html");
    assert_eq!(texts(&page, "h1"), ["Pasted from a PDF"]);
    let mut text_files = 0;
    for (path, bytes) in tree(&s.public()) {
        // the bibliography is also published as its own file, byte for byte as written
        if path.extension().is_some_and(|e| e == "bib") {
            continue;
        }
        if let Ok(text) = String::from_utf8(bytes) {
            text_files += 1;
            let found = text.chars().find(|&c| plenary::controls::is_hidden(c));
            assert_eq!(found, None, "{} holds a hidden character", path.display());
        }
    }
    assert!(text_files > 300, "{text_files}");
}

/// The same characters written as YAML escapes (`"\a"`, `"\u0001"`, `"\uFFFE"`, `"\0"`) or as
/// character references in Markdown (`&#x1;`, `&#xFFFE;`) get past the loader: each is a
/// warning too, and none reaches a page, the feed (one U+FFFE made it unreadable) or a
/// calendar.
#[test]
fn control_characters_written_as_escapes_or_references_reach_no_output() {
    let s = common::TestSite::example();
    s.write(
        "content/news/escaped.md",
        "---\ntitle: \"Bell\\a and \\u0001 end\"\ndate: 2023-12-09\nsummary: \"Bad \\uFFFE char\\0\"\n---\n\nBody &#x1; and &#xFFFE; here.\n",
    );
    common::set(&s, "content/forums/teacher-development.md", "title: ", "title: \"Tab\\x07 \\e\" # ");
    let r = s.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: an invisible")).collect();
    assert_eq!(
        warnings,
        [
            "content/forums/teacher-development.md:2:1: warning: an invisible control character (U+0007) is written here in `title`, as an escape, and one more; each was replaced by a space",
            "content/news/escaped.md:2:1: warning: an invisible control character (U+0007) is written here in `title`, as an escape, and 3 more; each was replaced by a space",
            "content/news/escaped.md:7:6: warning: an invisible control character (U+0001) is written here as a character reference, and one more; each was replaced by a space",
        ],
        "{}",
        r.stderr
    );
    assert_eq!(texts(&s.page("news/escaped/index.html"), "h1"), ["Bell and end"]);
    // the site's settings and its theme strings are told too (they were blanked without a word)
    common::set(&s, "site.fr.yaml", "    city: Shenzhen", "    city: \"Shen\\u0001zhen\"");
    s.write("i18n/en.yaml", "read_more: \"Read\\a more\"\n");
    let r = s.build_ok(&[]);
    for said in [
        "site.fr.yaml:3:1: warning: an invisible control character (U+0001) is written here in `event`, as an escape",
        "i18n/en.yaml:1:1: warning: an invisible control character (U+0007) is written here in `read_more`, as an escape",
    ] {
        assert!(r.stderr.contains(said), "{said}\n{}", r.stderr);
    }
    for (path, bytes) in tree(&s.public()) {
        if let Ok(text) = String::from_utf8(bytes) {
            let found = text.chars().find(|&c| c == '\0' || plenary::controls::is_hidden(c));
            assert_eq!(found, None, "{} holds a hidden character", path.display());
        }
    }
}

/// A Mac (and a zip made on one) may name a file in decomposed form — `e` and a combining
/// accent — and text copied from a PDF comes decomposed too; what an editor types is
/// composed. Both are one name: links, references and translations find the file, its
/// address is the composed one, and a decomposed heading's id is the composed slug.
#[test]
fn decomposed_names_and_text_are_the_composed_ones() {
    use unicode_normalization::UnicodeNormalization;
    let s = summit();
    s.write(
        "site.yaml",
        &format!(
            "{}languages:\n  - code: en\n    name: English\n  - code: fr\n    name: Français\n",
            common::MINIMAL_CONFIG
        ),
    );
    let nfd = |t: &str| t.nfd().collect::<String>();
    s.write(
        &format!("content/speakers/{}.md", nfd("josé-garcía")),
        "---\nname: José García\nphoto: josé.jpg\nphoto_alt: José García\n---\n\nBio.\n",
    );
    let photo = image::RgbImage::from_fn(400, 400, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    photo.save(s.root.join(format!("content/speakers/{}", nfd("josé.jpg")))).unwrap();
    photo.save(s.root.join(format!("content/news/{}", nfd("salle-café.jpg")))).unwrap();
    s.write("content/speakers/josé-garcía.fr.md", "---\nname: José García\n---\n\nBiographie.\n");
    s.write(
        &format!("content/news/{}.md", nfd("café")),
        &format!(
            "---\ntitle: Café\ndate: 2023-12-09\n---\n\n## {}\n\n![The hall](salle-café.jpg)\n",
            nfd("Pédagogie numérique")
        ),
    );
    s.write(
        "content/news/linker.md",
        "---\ntitle: Links\ndate: 2023-12-10\nspeakers: [josé-garcía]\n---\n\nSee [the café](@/news/café.md#pédagogie-numérique) and [José](@/speakers/josé-garcía.md).\n",
    );
    let r = s.build_ok(&[]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    for page in ["speakers/josé-garcía/index.html", "fr/speakers/josé-garcía/index.html", "news/café/index.html"] {
        assert!(s.public().join(page).is_file(), "{page} (composed) is written");
    }
    // files are published under the composed name a link typed on a keyboard asks for
    assert!(s.public().join("news/salle-café.jpg").is_file() && s.public().join("speakers/josé.jpg").is_file());
    let hall = attrs(&s.page("news/café/index.html"), "img", "src");
    assert!(
        hall.contains(&"/news/salle-caf%C3%A9.jpg".to_string()) || hall.contains(&"/news/salle-café.jpg".to_string()),
        "{hall:?}"
    );
    let faces = attrs(&s.page("speakers/josé-garcía/index.html"), "img", "src");
    assert!(faces.iter().any(|f| f.starts_with("/_img/")), "the photo is found and made: {faces:?}");
    // the same file copied in under its name's other form, two files to Linux: one error
    // that says why
    let copy = std::fs::read(s.root.join(format!("content/news/{}.md", nfd("café")))).unwrap();
    std::fs::write(s.root.join("content/news/café.md"), copy).unwrap();
    let r = s.run(&["build"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("the two files have one name, written in two Unicode forms"), "{}", r.stderr);
    // and so are two copied files
    std::fs::remove_file(s.root.join("content/news/café.md")).unwrap();
    photo.save(s.root.join("content/news/salle-café.jpg")).unwrap();
    let r = s.run(&["build"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("has this file's name too") && r.stderr.contains("written in two Unicode forms"),
        "{}",
        r.stderr
    );
    let links = attrs(&s.page("news/linker/index.html"), "a[href]", "href");
    for href in ["/news/caf%C3%A9/#p%C3%A9dagogie-num%C3%A9rique", "/speakers/jos%C3%A9-garc%C3%ADa/"] {
        assert!(links.iter().any(|l| l == href), "{href} in {links:?}");
    }
}

/// A title written into a speaker's name is a warning at the name, telling where it goes.
#[test]
fn a_title_written_into_a_name_is_told_where_it_goes() {
    let s = TestSite::new();
    s.write("content/speakers/ana.md", "---\nname: \"Dr. Ana Ruiz\"\n---\n");
    s.write("content/speakers/jin.md", "---\nname: Jin Li\nhonorific: Prof\n---\n");
    let r = s.build_ok(&[]);
    let warned: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warned,
        ["content/speakers/ana.md:2:8: warning: the name begins with the title `Dr.`: pages would show it as part of \
          the name, and its initials"],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: move it to `honorific: Dr`"), "{}", r.stderr);
}

/// A file beside a page whose name holds a space, linked as CommonMark asks (`my%20chart.png`
/// or `<my chart.png>`), is found by the build and by `check`, and linked encoded; a photo
/// whose name holds a `#` is a name, not an address with a fragment, to `check` too.
#[test]
fn files_whose_names_hold_a_space_or_a_hash_are_found() {
    let s = TestSite::new();
    let png = |path: &str| {
        std::fs::create_dir_all(s.root.join(path).parent().unwrap()).unwrap();
        image::RgbImage::from_pixel(40, 30, image::Rgb([200, 100, 50])).save(s.root.join(path)).unwrap();
    };
    png("content/news/my chart.png");
    png("content/speakers/photo #1.png");
    s.write(
        "content/news/n.md",
        "---\ntitle: N\ndate: 2024-01-01\n---\n\n![A chart](my%20chart.png) and ![The same](<my chart.png>).\n",
    );
    s.write("content/speakers/a.md", "---\nname: A\nphoto: \"photo #1.png\"\nphoto_alt: A\n---\n");
    s.build_ok(&[]);
    let page = s.page("news/n/index.html");
    assert_eq!(attrs(&page, ".prose img", "src"), ["/news/my%20chart.png", "/news/my%20chart.png"]);
    assert_eq!(attrs(&page, ".prose img", "width"), ["40", "40"]);
    let checked = s.run(&["check"]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(checked.stderr.contains("0 errors"), "{}", checked.stderr);
}
