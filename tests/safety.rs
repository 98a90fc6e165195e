//! Safe by construction: nothing outside the site root is read (real symbolic links in
//! temporary folders, in the content and in plenary's own cache), every URL from front matter and `site.yaml` is checked, aliases never
//! overwrite, and the output is never half swapped (a child process aborted at each named
//! step of the swap), with builds into one output serialised.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::serve::Served;
use common::{tree, TestSite};

/// A secret outside the site, beside its root.
fn secret(site: &TestSite) -> std::path::PathBuf {
    let dir = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(dir.join("speaker.md"), "---\nname: TOP-SECRET\n---\n").unwrap();
    std::fs::write(dir.join("page.html"), "TOP-SECRET {{ page.title }}").unwrap();
    std::fs::write(dir.join("refs.bib"), "@book{k, title = {TOP-SECRET}, year = {2021}}\n").unwrap();
    dir
}

#[test]
fn links_leading_outside_the_site_are_errors_in_build_and_check() {
    let site = TestSite::new();
    let out = secret(&site);
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::fs::create_dir_all(site.root.join("content/speakers")).unwrap();
    std::fs::create_dir_all(site.root.join("templates")).unwrap();
    symlink("/etc/passwd", site.root.join("content/pages/passwd.txt")).unwrap();
    symlink(out.join("speaker.md"), site.root.join("content/speakers/mole.md")).unwrap();
    symlink(&out, site.root.join("content/pages/folder")).unwrap();
    symlink(out.join("secret.txt"), site.root.join("static/secret.txt")).unwrap();
    symlink(out.join("page.html"), site.root.join("templates/page.html")).unwrap();
    // a relative link that climbs out
    symlink("../../outside/secret.txt", site.root.join("static/climb.txt")).unwrap();
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}:\n{}", run.stderr);
        for p in [
            "content/pages/folder",
            "content/pages/passwd.txt",
            "content/speakers/mole.md",
            "static/climb.txt",
            "static/secret.txt",
            "templates/page.html",
        ] {
            assert!(
                run.stderr.contains(&format!("{p}: error: this path leads outside the site's folder")),
                "{cmd}: {p} not reported:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("TOP-SECRET"), "{}", run.stderr);
        assert!(!site.public().exists(), "{cmd} wrote output");
    }
}

/// A page's image whose file is a link leading outside the site is one error, the link's, and
/// the file is never opened: here it leads to a named pipe, which would hold a reader until a
/// writer comes (the test is that writer after a minute, so a regression fails, not hangs).
#[test]
fn an_image_linked_outside_the_site_is_one_error_and_never_opened() {
    let site = TestSite::new();
    let outside = tempfile::tempdir().unwrap();
    let pipe = outside.path().join("chart.png");
    let path = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0, "mkfifo");
    site.write("content/pages/b.md", "---\ntitle: B\n---\n\n![The chart](chart.png)\n");
    symlink(&pipe, site.root.join("content/pages/chart.png")).unwrap();
    let site = std::sync::Arc::new(site);
    for cmd in ["build", "check"] {
        let (tx, rx) = std::sync::mpsc::channel();
        let worker = std::thread::spawn({
            let site = site.clone();
            move || {
                let _ = tx.send(site.run(&[cmd]));
            }
        });
        let run = match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(run) => run,
            Err(_) => {
                // the build is stuck reading the pipe: writing to it lets it go
                let _ = std::fs::write(&pipe, b"x");
                let _ = worker.join();
                panic!("{cmd} opened the file the link leads to, outside the site");
            }
        };
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        assert_eq!(
            run.errors(),
            ["content/pages/chart.png: error: this path leads outside the site's folder (a symbolic link to `"
                .to_string()
                + pipe.to_str().unwrap()
                + "`)"],
            "{cmd}: {}",
            run.stderr
        );
    }
}

/// A link that stays inside the site but leads where no walk goes — the Git folder (whose
/// `config` holds the token a CI checkout writes), `.env`, the cache, the output folder — is
/// an error too: a pull request may carry such a link.
#[test]
fn links_into_hidden_files_or_the_output_are_errors() {
    let site = TestSite::new();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    site.write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic TOP-SECRET\n");
    site.write(".env", "CI_SECRET=TOP-SECRET\n");
    site.write(".plenary-cache/cards/x.png", "TOP-SECRET");
    site.build_ok(&[]);
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink("../../.git/config", site.root.join("content/pages/git.txt")).unwrap();
    symlink("../../.git", site.root.join("content/pages/gitdir")).unwrap();
    symlink("../.env", site.root.join("static/env.txt")).unwrap();
    symlink("../.plenary-cache", site.root.join("static/cache")).unwrap();
    symlink("../public", site.root.join("static/old")).unwrap();
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}:\n{}", run.stderr);
        for (p, into) in [
            ("content/pages/git.txt", "`.git`, a hidden file or folder"),
            ("content/pages/gitdir", "`.git`, a hidden file or folder"),
            ("static/env.txt", "`.env`, a hidden file or folder"),
            ("static/cache", "`.plenary-cache`, a hidden file or folder"),
            ("static/old", "`public`, plenary's output folder"),
        ] {
            assert!(
                run.stderr.contains(&format!("{p}: error: this path leads into {into}")),
                "{cmd}: {p} not reported:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("TOP-SECRET"), "{}", run.stderr);
    }
    let published = std::process::Command::new("grep").args(["-rl", "TOP-SECRET"]).arg(site.public()).output().unwrap();
    assert!(published.stdout.is_empty(), "{}", String::from_utf8_lossy(&published.stdout));
}

#[test]
fn a_site_yaml_leading_outside_is_refused() {
    let site = TestSite::new();
    let out = secret(&site);
    std::fs::write(out.join("site.yaml"), "title: TOP-SECRET\nbase_url: https://example.org/\n").unwrap();
    std::fs::remove_file(site.root.join("site.yaml")).unwrap();
    symlink(out.join("site.yaml"), site.root.join("site.yaml")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("site.yaml: error: this path leads outside the site's folder"), "{}", run.stderr);
}

#[test]
fn links_inside_the_site_still_work() {
    let site = TestSite::new();
    site.write("shared/about.md", "---\ntitle: About\n---\nShared text\n");
    site.write("shared/logo.svg", "<svg/>");
    site.write("shared/docs/guide.txt", "guide");
    std::fs::create_dir_all(site.root.join("content/pages")).unwrap();
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    symlink("../../shared/about.md", site.root.join("content/pages/about.md")).unwrap();
    symlink(site.root.join("shared/logo.svg"), site.root.join("static/logo.svg")).unwrap();
    symlink("../shared/docs", site.root.join("static/docs")).unwrap();
    site.build_ok(&[]);
    let about = std::fs::read_to_string(site.public().join("about/index.html")).unwrap();
    assert!(about.contains("Shared text"));
    assert_eq!(std::fs::read_to_string(site.public().join("logo.svg")).unwrap(), "<svg/>");
    assert_eq!(std::fs::read_to_string(site.public().join("docs/guide.txt")).unwrap(), "guide");
}

#[test]
fn a_theme_that_leads_outside_is_refused() {
    let site = TestSite::new();
    let out = secret(&site);
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ntheme: mine\n");
    std::fs::create_dir_all(site.root.join("themes/mine/static")).unwrap();
    symlink(out.join("secret.txt"), site.root.join("themes/mine/static/x.css")).unwrap();
    std::fs::create_dir_all(site.root.join("themes/mine/i18n")).unwrap();
    symlink(out.join("secret.txt"), site.root.join("themes/mine/i18n/en.yaml")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("themes/mine/static/x.css: error: this path leads outside"), "{}", run.stderr);
    assert!(run.stderr.contains("themes/mine/i18n/en.yaml: error: this path leads outside"), "{}", run.stderr);
}

/// A language's `site.<code>.yaml` and a whole theme folder are read too: a link leading out of
/// the site or into its Git folder is an error at it, as a content file's is. A theme folder
/// linked into `.git` is a link on the way to each template, not at one.
#[test]
fn language_files_and_theme_folders_linked_out_or_into_hidden_places_are_errors() {
    let site = TestSite::new();
    let out = secret(&site);
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ntheme: mine\nlanguages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n  - {code: de, name: Deutsch}\n",
    );
    site.write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic TOP-SECRET\n");
    site.write(".git/mine/templates/page.html", "TOP-SECRET {{ page.title }}");
    site.write(".git/mine/i18n/en.yaml", "read_more: TOP-SECRET\n");
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    symlink(".git/config", site.root.join("site.fr.yaml")).unwrap();
    symlink(out.join("secret.txt"), site.root.join("site.de.yaml")).unwrap();
    std::fs::create_dir_all(site.root.join("themes")).unwrap();
    symlink("../.git/mine", site.root.join("themes/mine")).unwrap();
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}:\n{}", run.stderr);
        for (p, what) in [
            ("site.fr.yaml", "leads into `.git`, a hidden file or folder"),
            ("site.de.yaml", "leads outside the site's folder"),
            ("themes/mine/templates", "leads into `.git`, a hidden file or folder"),
            ("themes/mine/i18n/en.yaml", "leads into `.git`, a hidden file or folder"),
        ] {
            assert!(
                run.stderr.contains(&format!("{p}: error: this path {what}")),
                "{cmd}: {p} not reported:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("TOP-SECRET"), "{}", run.stderr);
        assert!(!site.public().exists(), "{cmd} wrote output");
    }
}

fn paper_with_references(refs: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/papers/wp/_index.md",
        &format!("---\ntitle: White Paper\nreferences: {refs}\n---\nSee [@k].\n"),
    );
    site
}

#[test]
fn bibliographies_outside_the_site_are_errors() {
    // one outside the site that does not exist is outside too: whether it exists is not said
    for refs in ["/etc/passwd", "../../../../outside/refs.bib", "link.bib", "../../../../../no/such/refs.bib"] {
        let site = paper_with_references(refs);
        let out = secret(&site);
        symlink(out.join("refs.bib"), site.root.join("content/papers/wp/link.bib")).unwrap();
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{refs}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "content/papers/wp/_index.md:3:13: error: bibliography file `{refs}` is outside the site's folder"
            )),
            "{refs}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("TOP-SECRET") && !run.stderr.contains("root:"), "{}", run.stderr);
        assert!(!site.public().exists());
    }
    // a hidden place inside the site is read by no walk: not read, not echoed
    for refs in ["../../../.git/refs.bib", "../../../.env.bib", ".secrets/refs.bib"] {
        let site = paper_with_references(refs);
        site.write(".git/refs.bib", "@book{k, title = {TOP-SECRET}, year = {2021}}\n");
        site.write(".env.bib", "TOKEN: TOP-SECRET\n");
        site.write("content/papers/wp/.secrets/refs.bib", "TOKEN: TOP-SECRET\n");
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{refs}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("bibliography file `{refs}` is a hidden file or in a hidden folder")),
            "{refs}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("TOP-SECRET"), "{}", run.stderr);
    }
    // inside the site, through a link, it works
    let site = paper_with_references("refs.bib");
    site.write("bib/refs.bib", "@book{k, title = {Inside}, author = {Ann}, year = {2021}}\n");
    symlink("../../../bib/refs.bib", site.root.join("content/papers/wp/refs.bib")).unwrap();
    site.build_ok(&[]);
}

/// A site with a photo (an image cache entry), a page with a card and fenced code (a
/// highlight cache entry), built once; with the secret's folder beside it and its cache.
fn site_with_cached_work() -> (TestSite, std::path::PathBuf, std::path::PathBuf) {
    let site = TestSite::new();
    site.write("content/speakers/ann.md", "---\nname: Ann Lee\nphoto: ann.png\n---\n");
    let img = image::RgbImage::from_pixel(600, 600, image::Rgb([200, 30, 30]));
    img.save(site.root.join("content/speakers/ann.png")).unwrap();
    site.write("content/pages/code.md", "---\ntitle: Code\n---\n```rust\nfn main() {}\n```\n");
    let out = secret(&site);
    site.build_ok(&[]);
    let cache = site.root.join(".plenary-cache");
    (site, out, cache)
}

/// Every file of the output whose bytes hold `needle`.
fn published_with(site: &TestSite, needle: &[u8]) -> Vec<std::path::PathBuf> {
    tree(&site.public())
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle))
        .map(|(p, _)| p)
        .collect()
}

#[test]
fn cache_entries_that_are_links_are_never_followed() {
    let (site, out, cache) = site_with_cached_work();
    let mut entries = Vec::new();
    for kind in ["images", "cards", "highlight"] {
        for e in std::fs::read_dir(cache.join(kind)).unwrap() {
            entries.push(e.unwrap().path());
        }
    }
    for kind in ["images", "cards", "highlight"] {
        assert!(entries.iter().any(|e| e.starts_with(cache.join(kind))), "no {kind} entry: {entries:?}");
    }
    // a checkout carrying links in the entries' places (named as plenary names them)
    for e in &entries {
        std::fs::remove_file(e).unwrap();
        symlink(out.join("secret.txt"), e).unwrap();
    }
    site.build_ok(&[]);
    assert_eq!(published_with(&site, b"TOP-SECRET"), Vec::<std::path::PathBuf>::new());
    assert_eq!(std::fs::read_to_string(out.join("secret.txt")).unwrap(), "TOP-SECRET", "written through a link");
    // the links were replaced by entries made again
    for e in &entries {
        assert!(std::fs::symlink_metadata(e).unwrap().is_file(), "{}", e.display());
    }
    let code = std::fs::read_to_string(site.public().join("code/index.html")).unwrap();
    assert!(code.contains("class=\"hl-"), "{code}");
}

#[test]
fn a_cache_folder_that_is_a_link_is_refused() {
    let (site, out, cache) = site_with_cached_work();
    // the whole cache moved outside and linked back, then one of its folders alone
    std::fs::rename(&cache, out.join("cache")).unwrap();
    symlink(out.join("cache"), &cache).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let said = ".plenary-cache: error: `.plenary-cache` is a symbolic link, so plenary does not use its cache";
    assert_eq!(run.stderr.matches(said).count(), 1, "one error for one link:\n{}", run.stderr);
    std::fs::remove_file(&cache).unwrap();
    std::fs::create_dir(&cache).unwrap();
    symlink(out.join("cache/cards"), cache.join("cards")).unwrap();
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        assert!(
            run.stderr.contains(".plenary-cache/cards: error: `.plenary-cache/cards` is a symbolic link"),
            "{}",
            run.stderr
        );
    }
    // plenary makes the folder again once the link is gone
    std::fs::remove_file(cache.join("cards")).unwrap();
    site.build_ok(&[]);
    assert!(std::fs::symlink_metadata(cache.join("cards")).unwrap().is_dir());
}

#[test]
fn serve_refuses_links_outside_and_never_serves_them() {
    let site = TestSite::new();
    let out = secret(&site);
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    site.write("static/notes.txt", "notes");
    site.write("static/gone.txt", "gone soon");
    let served = Served::start(&site.root, &[]);
    served.wait_for("/notes.txt", |a| a.status == 200 && a.body.contains("notes"));
    // a copied file replaced by a link to a secret is no longer served …
    std::fs::remove_file(site.root.join("static/notes.txt")).unwrap();
    symlink(out.join("secret.txt"), site.root.join("static/notes.txt")).unwrap();
    let a = served.wait_for("/notes.txt", |a| a.status == 404);
    assert!(!a.body.contains("TOP-SECRET"));
    // … and a deleted static file is not found (not a server error)
    std::fs::remove_file(site.root.join("static/gone.txt")).unwrap();
    served.wait_for("/gone.txt", |a| a.status == 404);
    // a content file replaced by a link outside is an error, the secret never shown
    std::fs::remove_file(site.root.join("content/pages/about.md")).unwrap();
    symlink(out.join("speaker.md"), site.root.join("content/pages/about.md")).unwrap();
    // (the static file's link is still reported too, by this rebuild and maybe late by the
    // one before it, so the content file's error is looked for among them)
    let mut seen = Vec::new();
    let found = (0..200)
        .map_while(|_| served.stderr.recv_timeout(common::serve::PATIENCE).ok())
        .inspect(|l| seen.push(l.clone()))
        .any(|l| l.contains("leads outside") && l.contains("content/pages/about.md"));
    assert!(found, "no error about content/pages/about.md's link in:\n{}", seen.join("\n"));
    let a = served.get("/about/");
    assert!(!a.body.contains("TOP-SECRET"));
}

#[test]
fn redirects_to_folders_always_carry_a_location() {
    let site = TestSite::new();
    site.write("content/news/café.md", "---\ntitle: Café\ndate: 2024-01-01\nslug: café\n---\nHi\n");
    let served = Served::start(&site.root, &[]);
    let a = served.wait_for("/news/caf%C3%A9", |a| a.status == 301);
    assert!(a.head.contains("Location: /news/caf%C3%A9/"), "{}", a.head);
}

/// Each class of URL mistake, as a site (`tests/fixtures/urls/<class>/`): exit 1, the located
/// message of `expect.txt`, nothing written.
#[test]
fn every_class_of_bad_url_is_a_located_error() {
    let dir = common::fixtures_dir().join("urls");
    let mut classes: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
    classes.sort();
    assert!(classes.len() >= 7);
    for class in classes {
        let class = class.to_string_lossy().into_owned();
        let site = TestSite::fixture(&format!("urls/{class}"));
        let expect = std::fs::read_to_string(site.root.join("expect.txt")).unwrap();
        for cmd in ["build", "check"] {
            let run = site.run(&[cmd]);
            assert_eq!(run.code, 1, "{class} {cmd}:\n{}", run.stderr);
            assert!(run.stderr.contains(expect.trim_end()), "{class} {cmd}:\n{}\nexpected:\n{expect}", run.stderr);
            assert_eq!(run.stderr.matches(": error: ").count(), 1, "{class}: one error per mistake\n{}", run.stderr);
        }
        assert!(!site.public().exists());
    }
}

#[test]
fn good_urls_are_published_and_content_links_resolved() {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/summit/\n");
    site.write("content/pages/about.md", "---\ntitle: About\n---\n## Venue\n");
    site.write(
        "content/speakers/ann.md",
        "---\nname: Ann Lee\nlinks:\n  - label: Code\n    url: https://github.com/ann\n  - label: Mail\n    url: mailto:ann@example.org\n  - label: Venue\n    url: \"@/pages/about.md#venue\"\n  - label: Programme\n    url: /speakers/\n---\n",
    );
    site.build_ok(&[]);
    let page = site.page("speakers/ann/index.html");
    let hrefs = common::attrs(&page, "a", "href");
    for want in ["https://github.com/ann", "mailto:ann@example.org", "/summit/about/#venue", "/summit/speakers/"] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    // a content link to no file is an error at the link
    site.write(
        "content/speakers/ann.md",
        "---\nname: Ann Lee\nlinks:\n  - label: Venue\n    url: \"@/pages/abut.md\"\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/speakers/ann.md:5:11: error: broken internal link `@/pages/abut.md`: no such content file"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_never_overwrite_a_page_or_generated_file() {
    let site = TestSite::new();
    site.write("content/_index.md", "---\ntitle: Home\n---\nHome\n");
    site.write("content/pages/b.md", "---\ntitle: B\n---\nB\n");
    site.write("content/forums/opening.md", "---\ntitle: Opening\ndate: 2024-05-01\nstart: 09:00\nend: 10:00\n---\n");
    site.write("content/news/n.md", "---\ntitle: N\ndate: 2024-01-01\n---\n");
    site.write("static/logo.svg", "<svg/>");
    let aliases = [
        "/index.html",
        "/404.html",
        "/robots.txt",
        "/sitemap.xml",
        "/search.js",
        "/news/atom.xml",
        "/.plenary-output",
        "/b/index.html",
        "/forums/opening.ics",
        "/logo.svg",
        "/schedule.json",
        // made beside the pages: the site's icon, its images, each language's search index
        "/favicon.svg",
        "/_img/x/",
        "/search/en/meta.json",
    ];
    // another language's own files (`/zh/…`): an alias there is an error at it, not a
    // failed write
    site.write(
        "site.yaml",
        &std::fs::read_to_string(site.root.join("site.yaml")).unwrap().replacen(
            "\n",
            "\nlanguages:\n  - {code: en, name: English}\n  - {code: zh, name: 中文}\n",
            1,
        ),
    );
    site.write(
        "content/pages/z.md",
        "---\ntitle: Z\naliases: [\"/zh/news/atom.xml\", \"/zh/robots.txt/x/\"]\n---\nZ\n",
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("alias `/zh/news/atom.xml` would be written inside /zh/news/atom.xml"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.root.join("content/pages/z.md")).unwrap();
    // a `.` segment names the page it leads past: refused as no path
    for dotted in ["/./b/", "/b/.", "/./_img/x/"] {
        site.write("content/pages/d.md", &format!("---\ntitle: D\naliases: [\"{dotted}\"]\n---\nD\n"));
        let run = site.run(&["check"]);
        assert!(
            run.stderr.contains(&format!("alias `{dotted}` is not a path on this site")),
            "{dotted}: {}",
            run.stderr
        );
    }
    std::fs::remove_file(site.root.join("content/pages/d.md")).unwrap();
    let list = aliases.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
    site.write("content/pages/a.md", &format!("---\ntitle: A\naliases: [{list}]\n---\nA\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for a in aliases {
        assert!(
            run.stderr.lines().any(|l| l.starts_with("content/pages/a.md:3:") && l.contains(&format!("alias `{a}` "))),
            "{a} not reported:\n{}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.matches(": error: ").count(), aliases.len(), "{}", run.stderr);
    assert!(!site.public().exists());
    // a slug may hold dots, so a page may not sit inside a generated file either
    site.write("content/pages/a.md", "---\ntitle: A\n---\nA\n");
    site.write("content/pages/r.md", "---\ntitle: R\nslug: robots.txt\n---\nR\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/pages/r.md:3:1: error: this page's address /robots.txt/ would be written inside /robots.txt, which plenary writes itself"
        ),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.root.join("content/pages/r.md")).unwrap();
    // an alias to a free address is fine
    site.write("content/pages/a.md", "---\ntitle: A\naliases: [/old/a.html, /2023/a/]\n---\nA\n");
    site.build_ok(&[]);
    assert!(site.public().join("old/a.html").is_file() && site.public().join("2023/a/index.html").is_file());
}

fn debris(site: &TestSite) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("plenary-staging") || n.contains("plenary-old"))
        .collect();
    v.sort();
    v
}

fn two_versions() -> TestSite {
    let site = TestSite::new();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nOld text\n");
    site.build_ok(&[]);
    site.write("content/pages/about.md", "---\ntitle: About\n---\nNew text\n");
    site
}

fn about(site: &TestSite) -> String {
    std::fs::read_to_string(site.public().join("about/index.html")).unwrap()
}

#[test]
fn a_crash_before_the_swap_leaves_the_old_output_and_the_next_build_cleans_up() {
    let site = two_versions();
    let before = tree(&site.public());
    let run = site.run_env(&["build"], &[("PLENARY_TEST_CRASH_AT", "staged")]);
    assert_ne!(run.code, 0);
    assert_eq!(tree(&site.public()), before, "the old output is untouched");
    assert_eq!(debris(&site).len(), 1, "the crash left its staging folder");
    site.build_ok(&[]);
    assert!(about(&site).contains("New text"));
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
}

#[test]
fn a_crash_after_the_exchange_leaves_the_new_output() {
    let site = two_versions();
    let run = site.run_env(&["build"], &[("PLENARY_TEST_CRASH_AT", "swapped")]);
    assert_ne!(run.code, 0);
    assert!(about(&site).contains("New text"), "the new output is in place, whole");
    assert!(site.public().join(".plenary-output").is_file());
    assert_eq!(debris(&site).len(), 1, "the old output waits to be removed");
    site.build_ok(&[]);
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
}

#[test]
fn a_crash_between_the_fallback_renames_is_repaired_by_the_next_build() {
    let site = two_versions();
    let before = tree(&site.public());
    let run = site.run_env(&["build"], &[("PLENARY_TEST_SWAP", "rename"), ("PLENARY_TEST_CRASH_AT", "moved-aside")]);
    assert_ne!(run.code, 0);
    assert!(!site.public().exists(), "the crash hit between the renames");
    assert_eq!(debris(&site).len(), 2, "{:?}", debris(&site));
    // even a build that fails on its content puts the old output back first
    site.write("content/pages/about.md", "---\ntitle: [\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tree(&site.public()), before, "the previous output is restored byte for byte");
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
}

#[test]
fn concurrent_builds_into_one_output_are_serialised() {
    let site = two_versions();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let root = site.root.clone();
            std::thread::spawn(move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
                    .args(["build", "--root"])
                    .arg(root)
                    .output()
                    .unwrap()
            })
        })
        .collect();
    for h in handles {
        let out = h.join().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(about(&site).contains("New text"));
    assert!(debris(&site).is_empty(), "{:?}", debris(&site));
}

#[test]
fn a_mount_point_output_is_built_into() {
    let site = two_versions();
    std::fs::remove_dir_all(site.public()).unwrap();
    std::fs::create_dir(site.public()).unwrap();
    let mounted = std::process::Command::new("mount").args(["-t", "tmpfs", "tmpfs"]).arg(site.public()).output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "mounting a tmpfs failed under CI");
        eprintln!("SKIPPED a_mount_point_output_is_built_into: cannot mount a tmpfs here (needs root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let public = site.public();
    let _guard = Unmount(&public);
    site.build_ok(&[]);
    assert!(about(&site).contains("New text"));
    site.write("content/pages/about.md", "---\ntitle: About\n---\nNewest text\n");
    site.write("content/pages/more.md", "---\ntitle: More\n---\nMore\n");
    site.build_ok(&[]);
    assert!(about(&site).contains("Newest text"));
    let names: Vec<String> = std::fs::read_dir(site.public())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("plenary-staging") || n.contains("plenary-old")), "{names:?}");
    assert!(debris(&site).is_empty());
}

/// A volume mounted in a folder that takes no new entries (a container's read-only image, a
/// web root under a folder only its owner may write): the lock file and the new site go
/// inside the output, which is swapped entry by entry; nothing is left beside it.
#[test]
fn an_output_in_a_read_only_folder_is_built_into() {
    let site = TestSite::new();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nOld text\n");
    let holder = tempfile::tempdir().unwrap();
    let (dir, www) = (holder.path().join("srv"), holder.path().join("srv/www"));
    std::fs::create_dir_all(&www).unwrap();
    let mount = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new("mount").args(args).output().is_ok_and(|o| o.status.success())
    };
    struct Unmount(Vec<std::path::PathBuf>);
    impl Drop for Unmount {
        fn drop(&mut self) {
            for p in self.0.iter().rev() {
                let _ = std::process::Command::new("umount").arg(p).status();
            }
        }
    }
    let mut guard = Unmount(Vec::new());
    // the folder read-only (a bind mount of itself), then a writable volume on `www` in it
    let ok = mount(&["--bind".as_ref(), dir.as_os_str(), dir.as_os_str()])
        && {
            guard.0.push(dir.clone());
            mount(&["-o".as_ref(), "remount,bind,ro".as_ref(), dir.as_os_str()])
        }
        && mount(&["-t".as_ref(), "tmpfs".as_ref(), "tmpfs".as_ref(), www.as_os_str()])
        && {
            guard.0.push(www.clone());
            std::fs::write(dir.join("probe"), "").is_err()
        };
    if !ok {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "mounting a read-only folder failed under CI");
        eprintln!("SKIPPED an_output_in_a_read_only_folder_is_built_into: cannot mount here (needs root)");
        return;
    }
    let out = www.to_str().unwrap();
    site.build_ok(&["--out", out]);
    site.write("content/pages/about.md", "---\ntitle: About\n---\nNew text\n");
    site.build_ok(&["--out", out]);
    assert!(std::fs::read_to_string(www.join("about/index.html")).unwrap().contains("New text"));
    let mut names: Vec<String> =
        std::fs::read_dir(&www).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert!(names.contains(&".plenary-lock".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("plenary-staging") || n.contains("plenary-old")), "{names:?}");
    let beside: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(beside, ["www"], "nothing beside the output");
}

#[test]
fn a_runaway_topic_list_is_refused_with_the_limit() {
    let site = TestSite::new();
    let topics: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    site.write("content/forums/f.md", &format!("---\ntitle: F\ntopics: [{}]\n---\n", topics.join(", ")));
    site.write(
        "content/news/n.md",
        &format!("---\ntitle: N\ndate: 2024-01-01\ntags: [{}]\n---\n", topics[..101].join(", ")),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/forums/f.md:3:1: error: 100000 `topics` on one page; at most 100 are allowed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/news/n.md:4:1: error: 101 `tags` on one page; at most 100 are allowed"),
        "{}",
        run.stderr
    );
    // the limit itself is fine
    site.write("content/forums/f.md", &format!("---\ntitle: F\ntopics: [{}]\n---\n", topics[..100].join(", ")));
    site.write("content/news/n.md", "---\ntitle: N\ndate: 2024-01-01\n---\n");
    site.build_ok(&[]);
    assert!(site.public().join("topics/t99/index.html").is_file());
}

#[test]
fn a_nul_byte_becomes_a_replacement_character() {
    let site = TestSite::new();
    site.write("content/pages/nul.md", "---\ntitle: A\u{0}B\n---\nx\u{0}y\n");
    site.build_ok(&[]);
    let html = std::fs::read(site.public().join("nul/index.html")).unwrap();
    assert!(!html.contains(&0), "a NUL byte reached the HTML");
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("x\u{FFFD}y") && html.contains("A\u{FFFD}B"), "{html}");
}

#[test]
fn a_formula_with_unbalanced_braces_is_an_error() {
    let site = TestSite::new();
    site.write("content/papers/wp/_index.md", "---\ntitle: W\n---\nInline $x^{2}}$ here.\n");
    site.write("content/papers/wp/02-b.md", "---\ntitle: B\n---\nAnd $y^{2$ there.\n");
    site.write(
        "content/papers/wp/01-a.md",
        &format!("---\ntitle: A\n---\nDeep ${}x{}$.\n", "{".repeat(5_000), "}".repeat(5_000)),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "content/papers/wp/_index.md:4:8: error: this formula is not valid LaTeX: a `}` closes no `{` (unbalanced braces)",
        "content/papers/wp/02-b.md:4:5: error: this formula is not valid LaTeX: 1 `{` not closed (unbalanced braces)",
        "content/papers/wp/01-a.md:4:6: error: this formula is not valid LaTeX: braces are nested more than 64 deep",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert!(!site.public().exists());
}

/// An event stream opened on a raw connection; `Some(status line)`.
fn open_events(addr: std::net::SocketAddr) -> (std::net::TcpStream, String) {
    use std::io::{BufRead, BufReader, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /__plenary/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut line = String::new();
    BufReader::new(s.try_clone().unwrap()).read_line(&mut line).unwrap();
    (s, line)
}

#[test]
fn the_dev_server_cannot_be_starved() {
    use std::io::{Read, Write};
    let site = TestSite::new();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    site.write("static/big.bin", &"x".repeat(20 * 1024 * 1024));
    let served = Served::start(&site.root, &[]);
    served.wait_for("/about/", |a| a.status == 200);
    // sixteen clients ask for a large file and never read it …
    let stalled: Vec<_> = (0..16)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(served.addr).unwrap();
            s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
            s
        })
        .collect();
    // … and a normal request is still answered (within the helper's 3 s read deadline)
    let a = served.get("/about/");
    assert_eq!(a.status, 200, "{a:?}");
    drop(stalled);
    // a request head over 16 KiB is refused, not read into memory
    let mut s = std::net::TcpStream::connect(served.addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let _ = s.write_all(format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Long: {}", "a".repeat(20 * 1024)).as_bytes());
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer:?}");
    // a client that sends nothing does not hold anyone up either
    let _silent: Vec<_> = (0..16).map(|_| std::net::TcpStream::connect(served.addr).unwrap()).collect();
    assert_eq!(served.get("/about/").status, 200);
}

#[test]
fn live_reload_clients_are_capped_and_dead_ones_reaped() {
    let site = TestSite::new();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi\n");
    let served = Served::start(&site.root, &[]);
    served.wait_for("/about/", |a| a.status == 200);
    let first: Vec<_> = (0..64).map(|_| open_events(served.addr)).collect();
    assert!(first.iter().all(|(_, l)| l.starts_with("HTTP/1.1 200")));
    // the 65th gets an immediate 503 (the read deadline is 5 s; the hub would otherwise hold it)
    let (_, line) = open_events(served.addr);
    assert!(line.starts_with("HTTP/1.1 503"), "{line:?}");
    // the 64 go away; their places are free again, found by writing to them
    drop(first);
    let second: Vec<_> = (0..64).map(|_| open_events(served.addr)).collect();
    assert!(second.iter().all(|(_, l)| l.starts_with("HTTP/1.1 200")), "dead clients were not reaped");
    let (_, line) = open_events(served.addr);
    assert!(line.starts_with("HTTP/1.1 503"), "{line:?}");
}

#[test]
fn folders_made_after_the_start_are_watched_for_edits_and_deletions() {
    let site = TestSite::new();
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHi there\n");
    let served = Served::start(&site.root, &[]);
    served.wait_for("/about/", |a| a.status == 200 && a.body.contains("Hi there"));
    // `templates/` did not exist when serve started
    site.write("templates/page.html", "<!doctype html><title>x</title><body>OVERRIDE ONE</body>");
    served.wait_for("/about/", |a| a.body.contains("OVERRIDE ONE"));
    site.write("templates/page.html", "<!doctype html><title>x</title><body>OVERRIDE TWO</body>");
    served.wait_for("/about/", |a| a.body.contains("OVERRIDE TWO"));
    std::fs::remove_file(site.root.join("templates/page.html")).unwrap();
    served.wait_for("/about/", |a| a.body.contains("Hi there") && !a.body.contains("OVERRIDE"));
    // a folder made later under content/ (watched recursively from the start)
    site.write("content/news/n.md", "---\ntitle: Fresh news\ndate: 2024-01-01\n---\n");
    served.wait_for("/news/n/", |a| a.status == 200 && a.body.contains("Fresh news"));
    std::fs::remove_dir_all(site.root.join("content/news")).unwrap();
    served.wait_for("/news/n/", |a| a.status == 404);
}
