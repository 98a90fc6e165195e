//! Images, faces and site furniture: sizes, `srcset`, `width`/`height`, orientation, metadata,
//! the content-hash cache, avatars, located problems, the speaker directory, faces on forums and
//! the programme, favicon, dark mode and the home page.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use common::TestSite;

/// A JPEG `w`×`h` (a gradient, so it is not trivially compressible), with an EXIF block
/// holding `orientation` (1 = upright, 6 = turn 90° clockwise) and a camera name.
fn jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg).unwrap();
    // Exif\0\0, little-endian TIFF, two IFD entries: Orientation and Make ("SECRETCAM")
    let mut exif = b"Exif\0\0II*\0".to_vec();
    exif.extend_from_slice(&8u32.to_le_bytes());
    exif.extend_from_slice(&2u16.to_le_bytes());
    exif.extend_from_slice(&0x010Fu16.to_le_bytes()); // Make
    exif.extend_from_slice(&2u16.to_le_bytes()); // ASCII
    exif.extend_from_slice(&10u32.to_le_bytes());
    exif.extend_from_slice(&38u32.to_le_bytes()); // offset of the string
    exif.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    exif.extend_from_slice(&3u16.to_le_bytes());
    exif.extend_from_slice(&1u32.to_le_bytes());
    exif.extend_from_slice(&orientation.to_le_bytes());
    exif.extend_from_slice(&[0, 0]);
    exif.extend_from_slice(&0u32.to_le_bytes());
    exif.extend_from_slice(b"SECRETCAM\0");
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([10, 20, 30, 255]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn put(s: &TestSite, rel: &str, bytes: &[u8]) {
    let p = s.root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.write(
        "content/speakers/amina-haddad.md",
        "---\nname: Amina Haddad\nphoto: amina.jpg\nphoto_alt: Amina Haddad at a lectern\n---\n",
    );
    put(&s, "content/speakers/amina.jpg", &jpeg(500, 700, 1));
    s.write("content/speakers/wei-zhang.md", "---\nname: Wei Zhang\n---\n");
    s.write(
        "content/news/report.md",
        "---\ntitle: Report\ndate: 2024-04-02\nimage: /img/hall.jpg\nimage_alt: The hall\nspeakers: [amina-haddad, wei-zhang]\n---\n\nText.\n",
    );
    put(&s, "static/img/hall.jpg", &jpeg(1200, 800, 6));
    s
}

fn read(s: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(s.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file of a tree, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The `<img …>` tags of a page.
fn imgs(html: &str) -> Vec<&str> {
    html.match_indices("<img ").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1]).collect()
}

fn dims(s: &TestSite, url: &str) -> (u32, u32) {
    let rel = url.trim_start_matches('/');
    image::ImageReader::open(s.public().join(rel)).unwrap().into_dimensions().unwrap()
}

#[test]
fn photos_are_cropped_resized_and_given_srcset_and_sizes() {
    let s = site();
    s.build_ok(&[]);
    let page = read(&s, "speakers/amina-haddad/index.html");
    let portrait = imgs(&page).into_iter().find(|t| t.contains("class=\"portrait\"")).expect("portrait");
    assert_eq!(attr(portrait, "alt"), Some("Amina Haddad at a lectern"));
    assert_eq!((attr(portrait, "width"), attr(portrait, "height")), (Some("160"), Some("160")));
    assert!(attr(portrait, "loading").is_none(), "the portrait is above the fold: {portrait}");
    let srcset = attr(portrait, "srcset").expect("srcset");
    let sizes: Vec<(&str, &str)> = srcset.split(", ").map(|c| c.split_once(' ').unwrap()).collect();
    assert_eq!(sizes.iter().map(|(_, w)| *w).collect::<Vec<_>>(), ["96w", "192w", "384w"]);
    for (url, w) in &sizes {
        let w: u32 = w.trim_end_matches('w').parse().unwrap();
        assert!(url.starts_with("/_img/") && url.ends_with(".jpg"), "{url}");
        assert_eq!(dims(&s, url), (w, w), "photos are square");
    }
    // the 4 MB-into-a-circle problem: the original is not shipped
    assert!(!s.public().join("speakers/amina.jpg").exists() || !page.contains("speakers/amina.jpg"));
    // the speaker's JSON-LD image is the largest size, absolute (og:image is the social card)
    assert!(page.contains(&format!("\"image\":\"https://example.org{}\"", sizes[2].0)), "{page}");
    assert!(page.contains("<meta property=\"og:image\" content=\"https://example.org/_img/card-"));
    // without social cards, og:image is the photo's largest size
    s.write("site.yaml", "title: Test Summit\nbase_url: https://example.org/\nsocial_cards: false\n");
    s.build_ok(&[]);
    let page = read(&s, "speakers/amina-haddad/index.html");
    assert!(page.contains(&format!("<meta property=\"og:image\" content=\"https://example.org{}\">", sizes[2].0)));
}

#[test]
fn orientation_is_applied_and_metadata_stripped() {
    let s = site();
    s.build_ok(&[]);
    let page = read(&s, "news/report/index.html");
    let lead = imgs(&page).into_iter().find(|t| t.contains("lead-image")).expect("lead image");
    // 1200×800 turned a quarter: 800 wide, 1200 high; made 480 and 800 wide (never wider)
    let srcset = attr(lead, "srcset").expect("srcset");
    assert!(srcset.contains(" 480w, ") && srcset.ends_with(" 800w"), "{srcset}");
    let largest = srcset.split(", ").last().unwrap().split_once(' ').unwrap().0;
    assert_eq!(dims(&s, largest), (800, 1200));
    let (w, h): (u32, u32) =
        (attr(lead, "width").unwrap().parse().unwrap(), attr(lead, "height").unwrap().parse().unwrap());
    assert_eq!(w * 3, h * 2, "width and height keep the turned proportions: {lead}");
    for (name, bytes) in tree(&s.public().join("_img")) {
        assert!(!bytes.windows(9).any(|x| x == b"SECRETCAM"), "{name} keeps EXIF data");
        assert!(!bytes.windows(4).any(|x| x == b"Exif"), "{name} keeps an EXIF block");
    }
}

#[test]
fn rebuilds_reuse_the_cache_and_output_is_byte_identical() {
    let s = site();
    s.build_ok(&[]);
    let first = tree(&s.public());
    let cache = s.root.join(".plenary-cache/images");
    assert!(cache.is_dir(), "the cache folder is at the site root");
    // a rebuild gives the same bytes
    s.build_ok(&[]);
    assert_eq!(tree(&s.public()), first);
    // …and takes them from the cache: mark one cached file and see it come through
    let (name, _) = tree(&cache).into_iter().find(|(n, _)| n.ends_with("-96.jpg")).expect("a cached size");
    std::fs::write(cache.join(&name), b"from the cache").unwrap();
    s.build_ok(&[]);
    assert_eq!(std::fs::read(s.public().join("_img").join(&name)).unwrap(), b"from the cache");
    // without the cache, the same bytes are made again
    std::fs::remove_dir_all(&cache).unwrap();
    s.build_ok(&[]);
    assert_eq!(tree(&s.public()), first);
    // with 1 and 4 threads alike
    let one = s.run_env(&["build"], &[("RAYON_NUM_THREADS", "1")]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(tree(&s.public()), first);
}

#[test]
fn speakers_without_a_photo_get_an_initials_avatar() {
    let s = site();
    s.build_ok(&[]);
    let page = read(&s, "speakers/wei-zhang/index.html");
    let portrait = imgs(&page).into_iter().find(|t| t.contains("class=\"portrait\"")).expect("avatar");
    let src = attr(portrait, "src").unwrap();
    assert!(src.starts_with("/_img/avatar-") && src.ends_with(".svg"), "{src}");
    assert_eq!(attr(portrait, "alt"), Some(""), "the name is the heading beside it");
    let svg = read(&s, src.trim_start_matches('/'));
    assert!(svg.contains(">WZ</text>"), "{svg}");
    let og = page.split("<meta property=\"og:image\" content=\"").nth(1).and_then(|r| r.split('"').next());
    assert!(
        og.is_some_and(|u| u.contains("/_img/card-") && u.ends_with(".png")),
        "no SVG avatar as a link preview: {og:?}"
    );
    // the news page lists both people with small avatars, lazily loaded
    let news = read(&s, "news/report/index.html");
    let avatars: Vec<&str> = imgs(&news).into_iter().filter(|t| t.contains("class=\"avatar\"")).collect();
    assert_eq!(avatars.len(), 2, "{news}");
    for a in avatars {
        assert_eq!(attr(a, "loading"), Some("lazy"));
        assert_eq!((attr(a, "width"), attr(a, "height")), (Some("48"), Some("48")));
    }
}

#[test]
fn missing_unreadable_and_small_photos_are_located() {
    let s = site();
    s.write("content/speakers/wei-zhang.md", "---\nname: Wei Zhang\nphoto: wei.jpg\nphoto_alt: Wei\n---\n");
    let r = s.build_ok(&[]);
    assert!(r.stderr.contains("content/speakers/wei-zhang.md:3:8: warning: photo `wei.jpg` not found"), "{}", r.stderr);
    assert!(read(&s, "speakers/wei-zhang/index.html").contains("/_img/avatar-"), "falls back to the avatar");
    assert!(r.stderr.contains("help: put the file next to the page"), "{}", r.stderr);
    // a file beside it whose name differs in capitals alone is named
    put(&s, "content/speakers/Wei.JPG", &jpeg(8, 8, 1));
    let r = s.build_ok(&[]);
    assert!(
        r.stderr.contains("help: the file beside it is `Wei.JPG`: write the name with the same capitals"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(s.root.join("content/speakers/Wei.JPG")).unwrap();

    put(&s, "content/speakers/wei.jpg", b"this is not a picture");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/speakers/wei-zhang.md:3:8: error: cannot read photo `wei.jpg` as an image"),
        "{}",
        r.stderr
    );

    put(&s, "content/speakers/wei.jpg", &png(100, 120));
    let r = s.build_ok(&[]);
    assert!(
        r.stderr.contains("content/speakers/wei-zhang.md:3:8: warning: photo `wei.jpg` is only 100 px wide"),
        "{}",
        r.stderr
    );
    assert_eq!(s.run(&["build", "--strict"]).code, 1);
}

/// A small file whose header declares a huge picture (a decompression bomb: 900 megapixels
/// in a few hundred bytes) is refused before any decoding, at the photo's line, by `plenary
/// build`, `plenary check` and serve alike.
#[test]
fn a_photo_declaring_too_many_pixels_is_refused_before_it_is_decoded() {
    let s = site();
    s.write("content/speakers/wei-zhang.md", "---\nname: Wei Zhang\nphoto: wei.jpg\nphoto_alt: Wei\n---\n");
    // a real JPEG whose start-of-frame segment (FF C0: length, precision, height, width) says
    // 30000×30000
    let mut bomb = jpeg(40, 30, 1);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a baseline JPEG");
    bomb[sof + 5..sof + 7].copy_from_slice(&30000u16.to_be_bytes());
    bomb[sof + 7..sof + 9].copy_from_slice(&30000u16.to_be_bytes());
    put(&s, "content/speakers/wei.jpg", &bomb);
    let expected = "content/speakers/wei-zhang.md:3:8: error: cannot read photo `wei.jpg` as an image: 30000×30000 pixels is more than plenary decodes";
    for args in [&["build"][..], &["check"][..]] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.matches(expected).count(), 1, "{args:?}: one error: {}", r.stderr);
    }
    // serve names photos from their headers: the same error, before its first page
    let (_, found) = plenary::images::process(
        &s.root,
        &[plenary::images::Request {
            src: "wei.jpg".into(),
            written_in: "content/speakers/wei-zhang.md".into(),
            at: (3, 8),
            usage: plenary::images::Use::Photo,
        }],
        plenary::images::Making::Later,
    );
    assert_eq!(found.len(), 1);
    assert!(found[0].render(false).contains(expected), "{}", found[0].render(false));
}

#[test]
fn a_photo_may_not_leave_the_site() {
    let s = site();
    s.write("content/speakers/wei-zhang.md", "---\nname: Wei Zhang\nphoto: ../../../x.jpg\nphoto_alt: Wei\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/speakers/wei-zhang.md:3:8: error: `../../../x.jpg` leaves its folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn organiser_logos_are_sized() {
    let s = site();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlogo: /logos/site.png\nevent:\n  name: T\n  organisers:\n    - {name: Uni, url: https://uni.example/, logo: /logos/uni.png}\n    - {name: Lab, logo: /logos/lab.svg}\n    - {name: Odd, logo: /logos/odd.png}\n",
    );
    put(&s, "static/logos/uni.png", &png(400, 100));
    s.write("static/logos/lab.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\"/>");
    // logos as they come, in no round proportion: the largest copies are 320 × 86 (320 × 48 / 86
    // = 178.6) and 301 × 97 (301 × 40 / 97 = 124.1)
    put(&s, "static/logos/odd.png", &png(487, 131));
    put(&s, "static/logos/site.png", &png(301, 97));
    s.build_ok(&[]);
    let home = read(&s, "index.html");
    let logos: Vec<&str> =
        imgs(&home).into_iter().filter(|t| matches!(attr(t, "alt"), Some("Uni" | "Lab" | "Odd"))).collect();
    assert_eq!(logos.len(), 3, "{home}");
    assert_eq!((attr(logos[0], "width"), attr(logos[0], "height")), (Some("192"), Some("48")));
    assert_eq!((attr(logos[1], "width"), attr(logos[1], "height")), (Some("144"), Some("48")));
    assert_eq!(attr(logos[1], "src"), Some("/logos/lab.svg"));
    assert_eq!((attr(logos[2], "width"), attr(logos[2], "height")), (Some("179"), Some("48")));
    let site_logo = imgs(&home).into_iter().find(|t| t.contains("site-logo")).expect("the site's logo");
    assert_eq!(attr(site_logo, "width"), Some("124"), "{site_logo}");
}

#[test]
fn no_image_of_the_example_site_lacks_width_and_height() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let mut seen = 0;
    for (name, bytes) in tree(&s.public()) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for tag in imgs(&html) {
            seen += 1;
            assert!(attr(tag, "width").is_some() && attr(tag, "height").is_some(), "{name}: {tag}");
            assert!(attr(tag, "alt").is_some(), "{name}: {tag}");
        }
    }
    assert!(seen > 20, "the example site shows speakers' avatars ({seen} images)");
}

#[test]
fn speaker_directory_is_a_photo_grid_sorted_by_family_name() {
    let s = TestSite::new();
    s.write("content/speakers/a.md", "---\nname: Anna Zorn\nrole: Dean\norganisation: Uni\ncountry: SE\n---\n");
    s.write("content/speakers/b.md", "---\nname: Bob olsson\n---\n");
    s.write("content/speakers/c.md", "---\nname: Li Ming\nfamily_name: Li\n---\n");
    s.write("content/speakers/d.md", "---\nname: Karl Öberg\n---\n");
    s.write("content/speakers/e.md", "---\nname: Ana Zorn\n---\n");
    s.build_ok(&[]);
    let html = read(&s, "speakers/index.html");
    let names: Vec<&str> = html
        .split("<h2 class=\"card-title\"><a href=\"")
        .skip(1)
        .map(|part| {
            let text = &part[part.find('>').unwrap() + 1..];
            &text[..text.find('<').unwrap()]
        })
        .collect();
    // family names with the language's collation, ignoring case and accents at first level;
    // the whole name breaks a tie
    assert_eq!(names, ["Li Ming", "Karl Öberg", "Bob olsson", "Ana Zorn", "Anna Zorn"]);
    let jump = &html[html.find("class=\"jump letters\"").expect("jump list")..];
    let jump = &jump[..jump.find("</nav>").unwrap()];
    let letters: Vec<&str> =
        jump.split("<a href=").skip(1).map(|p| &p[p.find('>').unwrap() + 1..p.find('<').unwrap()]).collect();
    assert_eq!(letters, ["L", "O", "Z"]);
    // each card: a photo or avatar with its size, the role, organisation and country
    let cards = imgs(&html);
    assert_eq!(cards.len(), 5);
    assert!(cards.iter().all(|t| attr(t, "width") == Some("96") && attr(t, "height") == Some("96")));
    assert!(html.contains("Dean, Uni") && html.contains("Sweden"), "{html}");
}

#[test]
fn forums_and_the_programme_show_faces() {
    let s = site();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nevent:\n  name: T\n  start: 2024-03-30\n  timezone: Europe/Berlin\n",
    );
    s.write(
        "content/forums/f.md",
        "---\ntitle: Teachers\ndate: 2024-03-30\nstart: \"10:00\"\nend: \"11:00\"\nmoderators: [wei-zhang]\nspeakers: [amina-haddad, wei-zhang]\n---\n",
    );
    s.build_ok(&[]);
    // the forum page: the moderator, then both speakers, with portraits beside their names
    let forum = read(&s, "forums/f/index.html");
    let avatars: Vec<&str> = imgs(&forum).into_iter().filter(|t| t.contains("class=\"avatar\"")).collect();
    assert_eq!(avatars.len(), 3, "{forum}");
    assert!(forum.contains("<span class=\"tz\">(Europe/Berlin)</span>"), "the time says its zone");
    assert!(attr(avatars[0], "src").unwrap().contains("/_img/avatar-"), "Wei Zhang has no photo");
    assert!(attr(avatars[1], "src").unwrap().ends_with(".jpg"), "Amina Haddad's photo");
    // forum cards and the programme: each person once, moderator first, small and lazy
    for page in ["forums/index.html", "programme/index.html"] {
        let html = read(&s, page);
        let faces = &html[html.find("class=\"faces\"").unwrap_or_else(|| panic!("{page}: no faces"))..];
        let faces = &faces[..faces.find("</span>").unwrap()];
        let tags = imgs(faces);
        assert_eq!(tags.len(), 2, "{page}: {faces}");
        assert!(attr(tags[0], "src").unwrap().contains("avatar-"), "{page}");
        assert!(tags.iter().all(|t| attr(t, "width").is_some() && attr(t, "loading") == Some("lazy")));
    }
}

#[test]
fn favicon_og_type_and_dark_mode() {
    let s = site();
    s.build_ok(&[]);
    let home = read(&s, "index.html");
    assert!(home.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"), "{home}");
    let icon = read(&s, "favicon.svg");
    assert!(icon.contains(">TS</text>"), "initials of “Test Summit”: {icon}");
    let og = |page: &str| {
        let html = read(&s, page);
        let i = html.find("og:type\" content=\"").unwrap() + 18;
        html[i..i + html[i..].find('"').unwrap()].to_string()
    };
    assert_eq!(og("news/report/index.html"), "article");
    assert_eq!(og("speakers/amina-haddad/index.html"), "profile");
    assert_eq!(og("index.html"), "website");
    // the stored choice is applied in <head>, before anything is painted
    let head = &home[..home.find("</head>").unwrap()];
    assert!(head.contains("localStorage.getItem(\"plenary-theme\")"));
    // a favicon of one's own replaces the generated one
    s.write("site.yaml", "title: Test Summit\nbase_url: https://example.org/\nfavicon: /icon.png\n");
    put(&s, "static/icon.png", &png(64, 64));
    s.build_ok(&[]);
    assert!(read(&s, "index.html").contains("<link rel=\"icon\" href=\"/icon.png\" type=\"image/png\">"));
    assert!(!s.public().join("favicon.svg").exists());
    // one that is not there is one error at its line of site.yaml (not a dead link on every page)
    s.write("site.yaml", "title: Test Summit\nbase_url: https://example.org/\nfavicon: /icons/gone.ico\n");
    for command in ["build", "check"] {
        let r = s.run(&[command]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let errors = r.errors();
        assert_eq!(errors, ["site.yaml:3:10: error: favicon `/icons/gone.ico` not found"], "{}", r.stderr);
        assert!(r.stderr.contains("put the icon at static/icons/gone.ico"), "{}", r.stderr);
    }
}

#[test]
fn the_dark_mode_switch_remembers_the_choice() {
    let Some(chromium) = plenary::pdf::find_chromium() else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "Chromium is required when CI=true");
        eprintln!("SKIPPED: Chromium is not installed");
        return;
    };
    let s = site();
    s.build_ok(&[]);
    let html = read(&s, "index.html").replace("href=\"/style.css\"", "href=\"style.css\"");
    let script = "<pre id=\"out\"></pre><script>var b=document.querySelector('.theme-toggle');var before=getComputedStyle(document.body).backgroundColor;\
        b.click();document.getElementById('out').textContent=[before,b.getAttribute('aria-pressed'),localStorage.getItem('plenary-theme'),getComputedStyle(document.body).backgroundColor].join('|');</script></body>";
    std::fs::write(s.public().join("probe.html"), html.replace("</body>", script)).unwrap();
    let out = std::process::Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "--blink-settings=preferredColorScheme=1"])
        .arg(format!("file://{}", s.public().join("probe.html").display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"out\">").expect("probe ran") + 14;
    let result = &dom[start..start + dom[start..].find("</pre>").unwrap()];
    assert_eq!(result, "rgb(255, 255, 255)|true|dark|rgb(18, 22, 28)");
}

#[test]
fn the_home_page_has_a_face_and_stays_bounded_in_every_language() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: Summit\nbase_url: https://example.org/\nlanguages: [{code: en, name: English}, {code: fr, name: Français, event_name: Le Sommet}]\nevent:\n  name: The Summit\n  tagline: Meeting well\n  start: 2024-03-30\n  end: 2024-03-31\n  timezone: Europe/Paris\n  venue: {name: Hall, city: Paris}\n",
    );
    s.write("content/_index.md", "---\ntitle: Summit\n---\n\nWelcome.\n");
    for i in 0..12 {
        s.write(&format!("content/speakers/p{i:02}.md"), &format!("---\nname: Person {i:02}\n---\n"));
    }
    for i in 0..10 {
        s.write(
            &format!("content/forums/f{i:02}.md"),
            &format!("---\ntitle: Forum {i:02}\ndate: 2024-03-30\nstart: \"{:02}:00\"\nend: \"{:02}:30\"\nspeakers: [p{i:02}, p00]\n---\n", 8 + i, 8 + i),
        );
    }
    for i in 0..5 {
        s.write(
            &format!("content/news/n{i}.md"),
            &format!("---\ntitle: News {i}\ndate: 2024-04-0{}\n---\n\nText.\n", i + 1),
        );
    }
    s.build_ok(&[]);
    // (the tagline, which French leaves out, is English there, marked so)
    let english = "<span lang=\"en\" dir=\"ltr\">Meeting well</span>";
    for (page, name, all_forums, tagline) in [
        ("index.html", "The Summit", "All 10 forums", "Meeting well"),
        ("fr/index.html", "Le Sommet", "Les 10 forums", english),
    ] {
        let html = read(&s, page);
        assert!(html.contains(&format!("<h1>{name}</h1>")), "{page}: the event's name is the heading");
        assert!(html.contains(&format!("<p class=\"lede\">{tagline}</p>")), "{page}");
        assert_eq!(html.matches("class=\"button").count(), 2, "{page}: programme and speakers");
        assert!(html.contains("href=\"/programme/\"") || html.contains("href=\"/fr/programme/\""), "{page}");
        let section = |id: &str| {
            let start = html.find(&format!("aria-labelledby=\"{id}\"")).unwrap_or_else(|| panic!("{page}: {id}"));
            html[start..start + html[start..].find("</section>").unwrap()].to_string()
        };
        assert_eq!(section("home-forums").matches("<li class=\"card").count(), 6, "{page}: forums bounded");
        assert!(section("home-forums").contains(all_forums), "{page}: links the full list");
        assert_eq!(section("home-news").matches("<li class=\"card").count(), 3, "{page}: news bounded");
        let speakers = section("home-speakers");
        assert_eq!(imgs(&speakers).len(), 8, "{page}: featured speakers bounded, with faces");
        assert!(speakers.contains("Person 00"), "{page}: the speaker with most sessions comes first");
    }
}

/// A logo-like picture: flat shapes on a transparent background.
fn flat_logo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        let (cx, cy) = (x as i64 - 60, y as i64 - 50);
        if cx * cx + cy * cy < 40 * 40 {
            image::Rgba([200, 30, 40, 255])
        } else if (120..380).contains(&x) && (y / 12) % 2 == 1 && y < 90 {
            image::Rgba([20, 40, 120, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

#[test]
fn logos_get_a_lossless_webp_where_it_is_smaller_than_the_png() {
    let s = site();
    s.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlogo: /logos/site.png\nevent:\n  name: T\n  organisers:\n    - {name: Uni, url: https://uni.example/, logo: /logos/uni.png}\n",
    );
    put(&s, "static/logos/uni.png", &flat_logo(400, 100));
    put(&s, "static/logos/site.png", &flat_logo(400, 100));
    s.build_ok(&[]);
    let home = read(&s, "index.html");
    // a <picture> per logo: the WebP source first, the PNG <img> for browsers without WebP
    let pictures: Vec<&str> =
        home.match_indices("<picture>").map(|(i, _)| &home[i..i + home[i..].find("</picture>").unwrap()]).collect();
    assert_eq!(pictures.len(), 2, "{home}");
    let mut referenced = std::collections::BTreeSet::new();
    for p in pictures {
        let source = &p[p.find("<source ").expect("a WebP source")..];
        assert_eq!(attr(source, "type"), Some("image/webp"));
        let img = imgs(p)[0];
        let pngs: Vec<&str> = attr(img, "srcset").unwrap().split(", ").collect();
        let webps: Vec<&str> = attr(source, "srcset").unwrap().split(", ").collect();
        assert_eq!(webps.len(), pngs.len(), "{p}");
        assert_eq!(attr(source, "sizes"), attr(img, "sizes"));
        let (mut webp_total, mut png_total) = (0, 0);
        for (webp, png) in webps.iter().zip(&pngs) {
            let (webp_url, webp_w) = webp.split_once(' ').unwrap();
            let (png_url, png_w) = png.split_once(' ').unwrap();
            assert_eq!(webp_w, png_w);
            referenced.insert(webp_url.trim_start_matches('/').to_string());
            let bytes = std::fs::read(s.public().join(webp_url.trim_start_matches('/'))).unwrap();
            assert!(bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP", "{webp_url}");
            let png_bytes = std::fs::read(s.public().join(png_url.trim_start_matches('/'))).unwrap();
            // lossless: the same pixels
            let decoded = |b: &[u8]| image::load_from_memory(b).unwrap().to_rgba8();
            assert_eq!(decoded(&bytes), decoded(&png_bytes), "{webp_url}");
            (webp_total, png_total) = (webp_total + bytes.len(), png_total + png_bytes.len());
        }
        // in fewer bytes over all sizes (one <source> cannot mix formats size by size)
        assert!(webp_total < png_total, "{webp_total} ≥ {png_total}");
    }
    // photos and pictures stay JPEG only (a lossless WebP of a photo is several times larger):
    // the logos' are the only WebP files
    let written: std::collections::BTreeSet<String> =
        tree(&s.public()).into_keys().filter(|k| k.ends_with(".webp")).collect();
    assert_eq!(written, referenced);
    assert!(imgs(&read(&s, "speakers/amina-haddad/index.html")).iter().any(|i| i.contains(".jpg")));
}

/// Photos published as they are — the original beside a speaker's page, one shown in a
/// body, one in `static/` that a news item's `image` names — lose what they say of where,
/// when and with what they were taken (and keep their orientation and pixels), in the built
/// site and as `serve` shows them; the theme's own files are left alone.
#[test]
fn photos_published_as_they_are_lose_their_metadata_too() {
    let s = site();
    s.write("content/news/hall.md", "---\ntitle: Hall\ndate: 2024-04-03\n---\n\n![The hall](hall.jpg)\n");
    let turned = jpeg(300, 200, 6);
    put(&s, "content/news/hall.jpg", &turned);
    s.build_ok(&[]);
    let has_camera = |bytes: &[u8]| bytes.windows(9).any(|x| x == b"SECRETCAM");
    assert!(has_camera(&turned));
    let files = tree(&s.public());
    for name in ["speakers/amina.jpg", "news/hall.jpg", "img/hall.jpg"] {
        assert!(files.contains_key(name), "{name} is published");
    }
    for (name, bytes) in &files {
        assert!(!has_camera(bytes), "{name} keeps the camera's name");
    }
    let hall = &files["news/hall.jpg"];
    let decoder = |b: &[u8]| image::ImageReader::new(Cursor::new(b.to_vec())).with_guessed_format().unwrap();
    let mut d = decoder(hall).into_decoder().unwrap();
    use image::ImageDecoder as _;
    assert_eq!(d.orientation().unwrap(), image::metadata::Orientation::Rotate90, "the orientation stays");
    assert_eq!(decoder(hall).decode().unwrap().to_rgb8(), decoder(&turned).decode().unwrap().to_rgb8());
    let served = common::serve::Served::start(&s.root, &[]);
    let answer = served.get("/news/hall.jpg");
    assert_eq!(answer.status, 200);
    assert!(!answer.body.contains("SECRETCAM") && answer.body.contains("JFIF"), "serve shows the photo as built");
}

/// A speaker without a photo has one colour in every language: the colour came from the name
/// as written, so Tao Zhan was brown in English and purple as تاو جان.
#[test]
fn a_speakers_avatar_has_one_colour_in_every_language() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let fill = |page: &str| {
        let doc = s.page(page);
        let src = common::attrs(&doc, "main img[src*='avatar-']", "src")
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{page}: no avatar"));
        let svg = std::fs::read_to_string(s.public().join(src.trim_start_matches('/'))).unwrap();
        (svg.split("fill=\"").nth(1).unwrap_or("").split('"').next().unwrap_or("").to_string(), svg)
    };
    let (en, en_svg) = fill("speakers/tao-zhan/index.html");
    let (ar, ar_svg) = fill("ar/speakers/tao-zhan/index.html");
    assert_ne!(en_svg, ar_svg, "the initials are the page's");
    assert_eq!(en, ar);
    assert_eq!(fill("zh/speakers/tao-zhan/index.html").0, en);
}

/// A hidden file is no walk's, so never the site's: a speaker's `photo: .p.png` was made into
/// published images; now an error at the photo.
#[test]
fn a_hidden_photo_is_refused() {
    let s = TestSite::example();
    common::set(&s, "content/speakers/tao-zhan.md", "name: ", "photo: .p.png\nphoto_alt: Tao Zhan\nname: ");
    image::RgbImage::from_pixel(400, 400, image::Rgb([10, 20, 30]))
        .save(s.root.join("content/speakers/.p.png"))
        .unwrap();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error: `.p.png` is a hidden file or in a hidden folder"), "{}", r.stderr);
}

/// An image a page shows whose file is there but no image a browser shows: a damaged upload,
/// or a page saved under an image's name, is an error at the image; a photo straight from a
/// phone (HEIC) or a scanner (TIFF) a warning. Good PNG, JPEG and GIF files pass.
#[test]
fn an_image_file_that_is_no_image_is_told_at_the_image() {
    let s = TestSite::new();
    put(&s, "content/pages/good.png", &png(4, 3));
    put(&s, "content/pages/good.jpg", &jpeg(4, 3, 1));
    put(&s, "content/pages/good.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    put(&s, "content/pages/saved.png", b"<!DOCTYPE html><title>Chart</title>");
    put(&s, "content/pages/cut.jpg", &jpeg(40, 30, 1)[..20]);
    put(&s, "content/pages/moving.gif", b"<svg></svg>");
    put(&s, "content/pages/phone.heic", b"\0\0\0\x18ftypheic");
    let images = ["good.png", "good.jpg", "good.gif", "saved.png", "cut.jpg", "moving.gif", "phone.heic"];
    let body: String = images.iter().map(|i| format!("![An image]({i})\n\n")).collect();
    s.write("content/pages/b.md", &format!("---\ntitle: B\n---\n\n{body}"));
    for command in [&["check"][..], &["build"]] {
        let r = s.run(command);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let told: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("content/")).collect();
        assert_eq!(
            told,
            [
                "content/pages/b.md:11:1: error: image `saved.png` is not a readable PNG file",
                "content/pages/b.md:13:1: error: image `cut.jpg` is not a readable JPG file",
                "content/pages/b.md:15:1: error: image `moving.gif` is not a readable GIF file",
                "content/pages/b.md:17:1: warning: image `phone.heic` is in a format most browsers do not show (HEIC)",
            ],
            "{command:?}: {}",
            r.stderr
        );
    }
}
