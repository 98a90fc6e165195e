//! What serve reuses from one rebuild to the next and what it serves before a first build has
//! rendered every page, compared with full builds byte for byte: images kept across body
//! edits follow their files when those change; pages rendered on request are the pages the
//! build renders; a first build stopped by an edit catches up to a full build.

mod common;

use std::io::Cursor;
use std::sync::{Arc, Mutex};

use common::rebuild::{assert_same, full, options, started};
use common::{set, TestSite, FORUM};
use plenary::serve::rebuild::{Outcome, Rebuilder, SiteFiles};
use plenary::serve::watch::classify;

fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, shade]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn put(site: &TestSite, rel: &str, bytes: &[u8]) {
    std::fs::write(site.root.join(rel), bytes).unwrap();
}

fn page(files: &SiteFiles, k: &str) -> String {
    String::from_utf8_lossy(&files.read(k).unwrap_or_else(|| panic!("no {k}"))).into_owned()
}

/// A template of the default theme, as the repository holds it.
fn theme_template(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rebuilds after changing `paths` and catches up, as serve does once the sources are quiet.
fn rebuild(r: &mut Rebuilder, site: &TestSite, paths: &[&str], what: &str) {
    let outcome = r.rebuild(classify(&site.root, paths.iter().map(|p| site.root.join(p))));
    assert!(matches!(outcome, Outcome::Updated { .. }), "{what}: {outcome:?}");
    r.catch_up().unwrap_or_else(|d| panic!("{what}: {d:?}"));
    r.refresh_search(&|| false);
    assert!(!r.behind(), "{what}");
}

#[test]
fn images_kept_across_body_edits_follow_their_files() {
    let site = TestSite::new();
    let speaker = "content/speakers/amina-haddad.md";
    let news = "content/news/report.md";
    site.write(speaker, "---\nname: Amina Haddad\nphoto: amina.png\nphoto_alt: Amina Haddad\n---\n\nBio.\n");
    put(&site, "content/speakers/amina.png", &png(400, 400, 10));
    site.write(news, "---\ntitle: Report\ndate: 2024-04-02\n---\n\nText.\n\n![The hall](hall.png)\n");
    put(&site, "content/news/hall.png", &png(40, 30, 10));
    let root = site.root.clone();
    let mut r = started(&root);
    let news_page = "news/report/index.html";
    let speaker_page = "speakers/amina-haddad/index.html";
    assert!(page(&r.files(), news_page).contains("width=\"40\" height=\"30\""));

    // a body edit keeps the images (and the sizes of the unchanged bodies' images)
    set(&site, news, "Text.", "Text, edited.");
    rebuild(&mut r, &site, &[news], "news body");
    assert!(page(&r.files(), news_page).contains("Text, edited."));
    assert_same(&root, &r.files(), "news body");

    // then the image itself changes: its new size reaches the page
    put(&site, "content/news/hall.png", &png(80, 20, 10));
    rebuild(&mut r, &site, &["content/news/hall.png"], "image in the body");
    assert!(page(&r.files(), news_page).contains("width=\"80\" height=\"20\""), "{}", page(&r.files(), news_page));
    assert_same(&root, &r.files(), "image in the body");

    // a body edit of the speaker, then a new photo: the page shows the new one
    set(&site, speaker, "Bio.", "A longer bio.");
    rebuild(&mut r, &site, &[speaker], "speaker body");
    let before = page(&r.files(), speaker_page);
    put(&site, "content/speakers/amina.png", &png(400, 400, 200));
    rebuild(&mut r, &site, &["content/speakers/amina.png"], "photo");
    let after = page(&r.files(), speaker_page);
    assert!(after.contains("A longer bio."));
    assert_ne!(before, after, "the photo's address follows its content");
    assert_same(&root, &r.files(), "photo");
}

fn jpeg(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, shade]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

/// Serve names photos and news images from their headers and makes them once the site is
/// served, or when one is asked for first; a PNG result (a logo) is made at once, since its
/// WebP copies change the markup. What it serves is what a build makes, byte for byte.
#[test]
fn photos_are_made_after_the_site_is_served_or_when_asked_for() {
    let site = TestSite::new();
    let speaker = |slug: &str, photo: &str| {
        let text = format!("---\nname: {slug} Speaker\nphoto: {photo}\nphoto_alt: A speaker\n---\n\nBio.\n");
        site.write(&format!("content/speakers/{slug}.md"), &text);
    };
    speaker("amina", "amina.jpg");
    speaker("wei", "wei.jpg");
    speaker("omar", "omar.png");
    put(&site, "content/speakers/amina.jpg", &jpeg(640, 480, 10));
    put(&site, "content/speakers/wei.jpg", &jpeg(300, 500, 60));
    // an RGB PNG used as a photo becomes a JPEG: named from its header, and found damaged
    // only when made
    let omar = png(400, 400, 90);
    put(&site, "content/speakers/omar.png", &omar[..omar.len() / 2]);
    site.write(
        "content/news/report.md",
        "---\ntitle: Report\ndate: 2024-04-02\nimage: hall.jpg\nimage_alt: The hall\n---\n\nText.\n",
    );
    put(&site, "content/news/hall.jpg", &jpeg(1000, 600, 120));
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    put(&site, "static/logo.png", &png(300, 100, 200));
    let yaml = std::fs::read_to_string(site.root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}logo: /logo.png\n"));
    let root = site.root.clone();
    let mut r = started(&root);

    let files = r.files();
    let images: Vec<String> = files
        .assets
        .keys()
        .filter(|k| k.starts_with("_img/") && !k.contains("avatar") && !k.starts_with("_img/card-"))
        .cloned()
        .collect();
    let cache = root.join(".plenary-cache/images");
    let cached = |k: &str| cache.join(k.trim_start_matches("_img/"));
    let (jpegs, pngs): (Vec<&String>, Vec<&String>) = images.iter().partition(|k| k.ends_with(".jpg"));
    assert!(jpegs.len() >= 9 && !pngs.is_empty(), "three photos, a news image and a logo: {images:?}");
    assert!(jpegs.iter().all(|k| !cached(k).exists()), "no photo made before the site is served");
    assert!(pngs.iter().all(|k| cached(k).exists()), "the logo made at once: {pngs:?}");
    // the pages name the photos with their sizes before one is made
    let amina = page(&files, "speakers/amina/index.html");
    let named: Vec<&String> = jpegs.iter().copied().filter(|k| amina.contains(k.as_str())).collect();
    assert!(named.len() >= 3, "{named:?}");

    // a photo asked for first is made then: all its sizes, no other image
    let asked = files.read(named[0]).expect("the photo asked for");
    assert!(asked.starts_with(&[0xFF, 0xD8]), "a JPEG");
    let made: Vec<&&String> = jpegs.iter().filter(|k| cached(k).exists()).collect();
    assert_eq!(made.len(), named.len(), "{made:?}");
    // a card asked for makes its speaker's photo first
    let wei_card = files
        .assets
        .keys()
        .find(|k| k.starts_with("_img/card-") && page(&files, "speakers/wei/index.html").contains(k.as_str()))
        .expect("Wei's card")
        .clone();
    assert!(files.read(&wei_card).is_some_and(|c| c.starts_with(b"\x89PNG")));
    let wei: Vec<&&String> = jpegs.iter().filter(|k| cached(k).exists() && !named.contains(k)).collect();
    assert!(!wei.is_empty(), "Wei's photo made for the card");

    // the rest once the site is served: the damaged photo is one located error, and its
    // card is not drawn (no second error for the same mistake)
    let due = r.later_due().expect("images and cards due");
    let none = plenary::pipeline::make_later(&due, &|| true);
    assert_eq!((none.images, none.cards, none.failed.len()), (0, 0, 0), "gives way to an edit");
    let made = plenary::pipeline::make_later(&due, &|| false);
    assert_eq!(made.images, 1, "the news image (the two photos asked for are made, the third is damaged)");
    let errors: Vec<String> = made.failed.iter().map(|d| d.render(false)).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("content/speakers/omar.md:3:8")
            && errors[0].contains("cannot read photo `omar.png` as an image"),
        "{}",
        errors[0]
    );
    r.later_made(&due);
    assert!(r.later_due().is_none());

    // a build says the same about the damaged photo, and fails on it
    let out = tempfile::tempdir().unwrap();
    let opts = |root: &std::path::Path| plenary::BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.path().join("public")),
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..Default::default()
    };
    let failure = plenary::build(&opts(&root)).expect_err("a damaged photo fails a build");
    assert!(failure.diagnostics().iter().any(|d| d.render(false).contains("content/speakers/omar.md:3:8")));

    // with the photo mended, every image served is the build's, byte for byte, and so is every
    // page that shows one
    put(&site, "content/speakers/omar.png", &omar);
    rebuild(&mut r, &site, &["content/speakers/omar.png"], "the photo mended");
    let due = r.later_due().expect("the mended photo");
    let made = plenary::pipeline::make_later(&due, &|| false);
    assert_eq!((made.images, made.failed.len()), (1, 0));
    let built = plenary::build(&opts(&root)).expect("a build");
    let files = r.files();
    for k in files.assets.keys().filter(|k| k.starts_with("_img/")) {
        assert_eq!(files.read(k).as_deref(), Some(&std::fs::read(built.out.join(k)).unwrap()[..]), "{k}");
    }
    for k in ["speakers/amina/index.html", "speakers/omar/index.html", "news/report/index.html", "index.html"] {
        assert_eq!(page(&files, k), std::fs::read_to_string(built.out.join(k)).unwrap(), "{k}");
    }
}

/// A photo replaced between being named and being made is not made under the old name (its
/// bytes are not the ones the name promises); the rebuild the change brings names the new one.
#[test]
fn a_photo_changed_before_it_is_made_is_not_made_under_its_old_name() {
    let site = TestSite::new();
    site.write(
        "content/speakers/amina.md",
        "---\nname: Amina Haddad\nphoto: amina.jpg\nphoto_alt: Amina\n---\n\nBio.\n",
    );
    put(&site, "content/speakers/amina.jpg", &jpeg(400, 400, 10));
    let root = site.root.clone();
    let mut r = started(&root);
    let photos = |f: &SiteFiles| -> Vec<String> {
        f.assets.keys().filter(|k| k.starts_with("_img/") && k.ends_with(".jpg")).cloned().collect()
    };
    let old = photos(&r.files());
    assert!(!old.is_empty());
    put(&site, "content/speakers/amina.jpg", &jpeg(400, 400, 200));
    assert!(r.files().read(&old[0]).is_none(), "the old name is not made from the new bytes");
    let due = r.later_due().expect("due");
    assert_eq!(plenary::pipeline::make_later(&due, &|| false).images, 0);
    assert!(std::fs::read_dir(root.join(".plenary-cache/images")).map_or(true, |d| d.count() == 0));
    rebuild(&mut r, &site, &["content/speakers/amina.jpg"], "the new photo");
    let new = photos(&r.files());
    assert!(!new.is_empty() && new.iter().all(|k| !old.contains(k)), "{old:?} {new:?}");
    assert!(r.files().read(&new[0]).is_some_and(|b| b.starts_with(&[0xFF, 0xD8])));
}

/// A rebuilder that serves its first build early, keeping what it published; `stop` says
/// whether rendering every page should stop.
fn early(site: &TestSite, stop: bool) -> (Rebuilder, Arc<Mutex<Vec<Arc<SiteFiles>>>>) {
    let published = Arc::new(Mutex::new(Vec::new()));
    let mut r = Rebuilder::new(options(&site.root));
    let keep = published.clone();
    r.serve_early(move |files| keep.lock().unwrap().push(files), move || stop);
    (r, published)
}

#[test]
fn pages_served_on_request_are_the_pages_the_first_build_renders() {
    let site = TestSite::example();
    let (mut r, published) = early(&site, false);
    let Outcome::Updated { changed, .. } = r.rebuild(Default::default()) else { panic!("a first build") };
    // served before, the same after: no page needs reloading
    assert_eq!(changed, Some(Vec::new()));
    let first = published.lock().unwrap().pop().expect("pages served on request before all were rendered");
    assert!(first.pages.is_empty() && first.on_request.is_some());
    let built = r.files();
    assert!(built.on_request.is_none(), "every page rendered");
    let mut html = 0;
    for (k, bytes) in &built.pages {
        if k.ends_with(".html") || k.ends_with(".xml") || k.ends_with(".ics") {
            assert!(first.read(k).as_deref() == Some(&bytes[..]), "{k} differs when rendered on request");
            html += 1;
        }
    }
    assert!(html > 100, "{html} pages compared");
    assert!(first.read("no/such/page/index.html").is_none());
}

#[test]
fn a_first_build_stopped_by_an_edit_serves_the_edit_and_catches_up() {
    let site = TestSite::example();
    let root = site.root.clone();
    let (mut r, published) = early(&site, true);
    let Outcome::Updated { rendered, .. } = r.rebuild(Default::default()) else { panic!("a first build") };
    assert_eq!(rendered, 0, "stopped before any page");
    assert_eq!(published.lock().unwrap().len(), 1);
    let stopped = r.files();
    assert!(stopped.on_request.is_some() && r.behind());
    let forum = "forums/digital-environment/index.html";
    let programme = "programme/index.html";
    assert!(page(&stopped, programme).contains("<html"), "a page not rendered yet is rendered on request");

    // the edit is served at once; the pages never rendered show it too, on request
    set(&site, FORUM, "\n\n", "\n\nA sentence written while the site was still rendering.\n\n");
    let outcome = r.rebuild(classify(&root, [root.join(FORUM)]));
    assert!(matches!(outcome, Outcome::Updated { .. }), "{outcome:?}");
    let files = r.files();
    assert!(files.pages.contains_key(forum) && page(&files, forum).contains("still rendering"));
    assert!(files.on_request.is_some(), "pages still to render");
    assert_eq!(published.lock().unwrap().len(), 1, "only a first build is published early");

    // caught up: every page rendered, nothing on request, as a full build
    r.catch_up().expect("the pages left");
    assert!(r.files().on_request.is_none());
    r.refresh_search(&|| false);
    assert!(!r.behind());
    assert_same(&root, &r.files(), "a first build stopped by an edit");
    let reference = full(&root);
    assert_eq!(page(&r.files(), programme), page(&reference, programme));
}

#[test]
fn an_id_removed_by_an_edit_is_served_and_the_links_to_it_are_checked_while_catching_up() {
    let site = TestSite::example();
    let root = site.root.clone();
    let venue = "content/pages/venue.md";
    set(&site, FORUM, "\n\n", "\n\n## Pilot results\n\nText.\n\n");
    set(&site, venue, "\n\n", "\n\n<a href=\"/forums/digital-environment/#pilot-results\">the results</a>\n\n");
    let mut r = started(&root);
    r.catch_up().expect("no broken link yet");
    set(&site, FORUM, "## Pilot results", "Pilot results, no longer a heading.");
    let outcome = r.rebuild(classify(&root, [root.join(FORUM)]));
    assert!(matches!(outcome, Outcome::Updated { .. }), "the edit is served first: {outcome:?}");
    assert!(page(&r.files(), "forums/digital-environment/index.html").contains("no longer a heading"));
    let found = r.catch_up().expect_err("the venue page's link lost its target");
    assert!(
        found
            .iter()
            .any(|d| d.is_error() && d.to_string().contains("pilot-results") && d.to_string().contains("venue")),
        "{found:?}"
    );
    // put back, the site is whole again
    set(&site, FORUM, "Pilot results, no longer a heading.", "## Pilot results");
    rebuild(&mut r, &site, &[FORUM], "heading back");
}

/// A shared template's edit (every page shows it) is served at once: one page of each
/// template is rendered first, so that a template's error keeps the served site, and every
/// other page is rendered on request until catching up has rendered them all.
#[test]
fn a_shared_template_edit_is_served_on_request_and_catches_up() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    r.refresh_search(&|| false);
    let base = theme_template("base.html");
    let edited = || classify(&root, [root.join("templates/base.html")]);

    let before = r.files();
    site.write("templates/base.html", &base.replace("</body>", "{{ no_such_value.field }}</body>"));
    let outcome = r.rebuild(edited());
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    assert!(Arc::ptr_eq(&before, &r.files()), "a template error keeps the served site");

    site.write("templates/base.html", &base.replace("</body>", "<p>Shared marker</p></body>"));
    let Outcome::Updated { rendered, changed: None, .. } = r.rebuild(edited()) else { panic!("every page may change") };
    assert!(rendered < 100, "one page of each template in each language, not {rendered}");
    let files = r.files();
    assert!(files.on_request.is_some() && r.behind());
    assert!(r.search_due().is_none(), "a template is no part of the search index: it stays");
    assert!(Arc::ptr_eq(&before.search, &files.search));
    let reference = full(&root);
    let mut on_request = 0;
    for k in reference.pages.keys().filter(|k| k.ends_with(".html")) {
        on_request += usize::from(!files.pages.contains_key(k));
        assert!(page(&files, k).contains("Shared marker"), "{k} is served with the edited template");
    }
    assert!(on_request > 100, "{on_request} pages rendered on request");
    // a change coming in while catching up: what was rendered is dropped, nothing is served
    // from it, and the pages are still due (the change is rebuilt first)
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let news_after_a_while = || asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 40;
    assert!(r.catch_up_until(&news_after_a_while).expect("no error").is_empty());
    assert!(Arc::ptr_eq(&files, &r.files()) && r.behind(), "the served site is as before the catching up");
    // … and one coming in once every page is rendered, while they are checked: this thread
    // asks before rendering and once rendered (here: no news), the pool's threads ask before
    // each page they render, compact or check (news once this thread has asked twice)
    let this = std::thread::current().id();
    let asked_here = std::sync::atomic::AtomicUsize::new(0);
    let news_while_checking = || match std::thread::current().id() == this {
        true => asked_here.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 1,
        false => asked_here.load(std::sync::atomic::Ordering::SeqCst) >= 2,
    };
    assert!(r.catch_up_until(&news_while_checking).expect("no error").is_empty());
    assert_eq!(asked_here.load(std::sync::atomic::Ordering::SeqCst), 2, "the check stopped by itself");
    assert!(Arc::ptr_eq(&files, &r.files()) && r.behind(), "the served site is as before the check");
    r.catch_up().expect("the other pages");
    assert!(r.files().on_request.is_none());
    r.refresh_search(&|| false);
    assert_same(&root, &r.files(), "a shared template edit");
}

/// Before a shared template edit is served, one page of each template is rendered (so that a
/// template error keeps the served site); of a list template, the page that lists the fewest
/// documents (the first of those), since the edited page waits for them: the forums' last
/// page, the topic of one forum.
#[test]
fn a_template_is_tried_on_its_shortest_list_page() {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nlist_per_page: 2\n");
    let forums = [
        ("f1", "[Open Data, Rare]"),
        ("f2", "[Open Data]"),
        ("f3", "[Open Data]"),
        ("f4", "[Open Data]"),
        ("f5", "[]"),
    ];
    for (slug, topics) in forums {
        site.write(
            &format!("content/forums/{slug}.md"),
            &format!("---\ntitle: Forum {slug}\ntopics: {topics}\n---\nText.\n"),
        );
    }
    let root = site.root.clone();
    let mut r = started(&root);
    r.catch_up().expect("no error");
    site.write("templates/base.html", &theme_template("base.html").replace("</body>", "<p>Shared marker</p></body>"));
    let outcome = r.rebuild(classify(&root, [root.join("templates/base.html")]));
    assert!(matches!(outcome, Outcome::Updated { changed: None, .. }), "{outcome:?}");
    let files = r.files();
    // the pages of the forums' list and of the two topics
    let list = |k: &str| {
        ["forums/index.html", "forums/page/", "topics/open-data/", "topics/rare/"].iter().any(|l| k.starts_with(l))
    };
    let mut up_front: Vec<&str> = files.pages.keys().map(String::as_str).filter(|k| list(k)).collect();
    up_front.sort_unstable();
    assert_eq!(up_front, ["forums/page/3/index.html", "topics/rare/index.html"]);
    for k in ["forums/index.html", "topics/open-data/page/2/index.html"] {
        assert!(page(&files, k).contains("Shared marker"), "{k} is rendered on request");
    }
    r.catch_up().expect("no error");
    r.refresh_search(&|| false);
    assert_same(&root, &r.files(), "a shared template edit tried on short pages");
}

/// The search index is made of the documents, the site's settings and the theme's strings:
/// a template edit (here one template's, which only its pages show) leaves the served index
/// as it is, and a content edit makes it due again; either way the site ends as a full build.
#[test]
fn a_template_edit_leaves_the_search_index_and_a_content_edit_renews_it() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    r.catch_up().expect("no error");
    r.refresh_search(&|| false);
    let forum = theme_template("forum.html");
    let before = r.files();
    site.write("templates/forum.html", &forum.replace("{% block main %}", "{% block main %}<!-- forum marker -->"));
    rebuild(&mut r, &site, &["templates/forum.html"], "forum template");
    assert!(page(&r.files(), "forums/digital-environment/index.html").contains("forum marker"));
    assert!(Arc::ptr_eq(&before.search, &r.files().search), "the index stays served as it was");
    assert_same(&root, &r.files(), "a forum template edit");

    set(&site, FORUM, "\n\n", "\n\nQuillwort mentioned.\n\n");
    let outcome = r.rebuild(classify(&root, [root.join(FORUM)]));
    assert!(matches!(outcome, Outcome::Updated { .. }), "{outcome:?}");
    assert!(r.search_due().is_some(), "a content edit makes the index due");
    r.catch_up().expect("no error");
    r.refresh_search(&|| false);
    assert_same(&root, &r.files(), "a content edit after it");
}

/// A template edit alone reuses everything assembled from the content (only the theme is
/// loaded again); a template and a document saved in one batch are both served, and the
/// site ends as a full build.
#[test]
fn a_template_and_a_document_saved_together_are_both_served() {
    let site = TestSite::example();
    let root = site.root.clone();
    let mut r = started(&root);
    r.catch_up().expect("no error");
    let forum = "forums/digital-environment/index.html";
    let base = theme_template("base.html");
    site.write("templates/base.html", &base.replace("</body>", "<p>Marker one</p></body>"));
    rebuild(&mut r, &site, &["templates/base.html"], "a template alone");
    assert!(page(&r.files(), forum).contains("Marker one"));
    site.write("templates/base.html", &base.replace("</body>", "<p>Marker two</p></body>"));
    set(&site, FORUM, "\n\n", "\n\nA sentence saved with the template.\n\n");
    rebuild(&mut r, &site, &["templates/base.html", FORUM], "a template and a forum");
    let shown = page(&r.files(), forum);
    assert!(shown.contains("Marker two") && shown.contains("saved with the template"), "both edits are served");
    assert_same(&root, &r.files(), "a template and a forum");
}

#[test]
fn social_cards_are_drawn_after_the_site_is_served_and_again_only_when_they_change() {
    let site = TestSite::new();
    let forum = "content/forums/governance.md";
    site.write(forum, "---\ntitle: Governance\ndate: 2026-05-04\n---\n\nText.\n");
    site.write("content/forums/access.md", "---\ntitle: Access\ndate: 2026-05-05\n---\n\nText.\n");
    let root = site.root.clone();
    let mut r = started(&root);
    let cards = |files: &SiteFiles| -> Vec<String> {
        files.assets.keys().filter(|k| k.starts_with("_img/card-")).cloned().collect()
    };
    let named = cards(&r.files());
    assert!(named.len() >= 3, "the site's and each forum's: {named:?}");
    // the pages name every card before one is drawn
    assert!(page(&r.files(), "forums/governance/index.html").contains("/_img/card-"));
    let cached = |k: &str| root.join(".plenary-cache/cards").join(k.trim_start_matches("_img/card-"));
    assert!(named.iter().all(|k| !cached(k).exists()), "nothing drawn before the site is served");
    // a card asked for before the drawing reaches it is drawn then, and only it
    let asked = r.files().read(&named[1]).expect("the card asked for, drawn");
    assert!(asked.starts_with(b"\x89PNG"));
    assert_eq!(named.iter().filter(|k| cached(k).exists()).count(), 1);
    let due = r.later_due().expect("cards to draw");
    let made = plenary::pipeline::make_later(&due, &|| true);
    assert_eq!((made.images, made.cards, made.failed.len()), (0, 0, 0), "gives way to an edit");
    let made = plenary::pipeline::make_later(&due, &|| false);
    assert_eq!((made.cards, made.failed), (named.len() - 1, Vec::new()), "the card asked for is not drawn again");
    r.later_made(&due);
    assert!(r.later_due().is_none());
    // each served card is the one a build draws, byte for byte
    let out = tempfile::tempdir().unwrap();
    let built = plenary::build(&plenary::BuildOptions {
        root: root.clone(),
        out: Some(out.path().join("public")),
        base_url: Some("http://127.0.0.1:1111/".into()),
        ..Default::default()
    })
    .expect("a build");
    for k in &named {
        assert_eq!(r.files().read(k).as_deref(), Some(&std::fs::read(built.out.join(k)).unwrap()[..]), "{k}");
    }
    // a body edit keeps the cards; a new title names a new card, drawn in its turn
    set(&site, forum, "Text.", "Text, edited.");
    rebuild(&mut r, &site, &[forum], "forum body");
    assert!(r.later_due().is_none(), "a body edit draws nothing");
    set(&site, forum, "title: Governance", "title: Good governance");
    rebuild(&mut r, &site, &[forum], "forum title");
    let due = r.later_due().expect("the new title's card");
    assert_eq!(plenary::pipeline::make_later(&due, &|| false).cards, 1);
    let new: Vec<String> = cards(&r.files()).into_iter().filter(|k| !named.contains(k)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(r.files().read(&new[0]).is_some_and(|png| png.starts_with(b"\x89PNG")));
}
