//! Social cards: a 1200×630 PNG per page named by `og:image`, drawn with the theme's fonts
//! (Arabic shaped and right to left, Chinese drawn), the speaker's photo in it, the same bytes
//! on every build and thread count, the cache reused, `social_cards:` choosing the kinds,
//! uncovered characters warned about, and `og:type` per kind.

mod common;

use std::io::Cursor;
use std::path::Path;

use common::{tree, TestSite};

const CONFIG: &str = "title: Test Summit\nbase_url: https://example.org/\nlanguages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n  - {code: zh, name: 中文}\nevent:\n  name: Summit on Higher Education\n  start: 2024-05-06\n  end: 2024-05-07\n";

/// A solid red square photo.
fn red_photo() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(400, 400, image::Rgb([220, 20, 20]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.write("site.yaml", CONFIG);
    s.write("content/_index.md", "---\ntitle: Welcome\n---\n");
    s.write(
        "content/speakers/amina-haddad.md",
        "---\nname: Amina Haddad\nrole: Dean\nphoto: amina.jpg\nphoto_alt: Amina Haddad\n---\n",
    );
    s.write("content/speakers/amina-haddad.ar.md", "---\nname: أمينة حداد\n---\n");
    std::fs::write(s.root.join("content/speakers/amina.jpg"), red_photo()).unwrap();
    s.write("content/speakers/wei-zhang.md", "---\nname: Wei Zhang\n---\n");
    s.write(
        "content/forums/teachers.md",
        "---\ntitle: Teacher Development\ndate: 2024-05-06\nstart: \"09:00\"\nend: \"10:30\"\nroom: Hall B\nspeakers: [amina-haddad]\n---\n",
    );
    s.write("content/news/report.md", "---\ntitle: Report\ndate: 2024-05-08\n---\n\nText.\n");
    s.write("content/news/report.zh.md", "---\ntitle: 人工智能\n---\n\n文字。\n");
    s.write("content/news/other.md", "---\ntitle: Other\ndate: 2024-05-09\n---\n\nText.\n");
    s.write("content/news/other.zh.md", "---\ntitle: 高等教育\n---\n\n文字。\n");
    s.write("content/news/report.ar.md", "---\ntitle: مستقبل\n---\n\nنص.\n");
    s.write("content/news/other.ar.md", "---\ntitle: الجامع\n---\n\nنص.\n");
    s.write("content/papers/future/_index.md", "---\ntitle: The Future\ndate: 2024-06-01\n---\n\nAbstract.\n");
    s.write("content/papers/future/01-intro.md", "---\ntitle: Introduction\n---\n\nText.\n");
    s.write("content/pages/about.md", "---\ntitle: About\n---\n\nText.\n");
    s
}

fn read(s: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(s.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `content` of `<meta property|name="key">` on a page.
fn meta(html: &str, key: &str) -> Option<String> {
    let pattern = format!("=\"{key}\" content=\"");
    let at = html.find(&pattern)? + pattern.len();
    Some(html[at..at + html[at..].find('"')?].to_string())
}

/// The card file a page's `og:image` names.
fn card_of(s: &TestSite, page: &str) -> std::path::PathBuf {
    let html = read(s, page);
    let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image"));
    let rel = url.strip_prefix("https://example.org/").unwrap_or_else(|| panic!("{page}: {url} is not absolute"));
    assert!(rel.starts_with("_img/card-") && rel.ends_with(".png"), "{page}: {url}");
    s.public().join(rel)
}

fn pixels(path: &Path) -> image::RgbImage {
    image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgb8()
}

/// (drawn, reused) from the build's `PLENARY_TIMINGS` report.
fn card_counts(stderr: &str) -> (usize, usize) {
    let line = stderr.lines().find(|l| l.contains("social cards:") && l.contains("drawn")).expect("the cards line");
    let n = |word: &str| -> usize {
        let before = &line[..line.find(word).unwrap()];
        before.split_whitespace().last().unwrap().parse().unwrap()
    };
    (n(" drawn"), n(" reused"))
}

#[test]
fn every_page_names_a_1200_by_630_card_and_its_og_type() {
    let s = site();
    s.build_ok(&[]);
    let own = [
        ("index.html", "website"),
        ("forums/teachers/index.html", "website"),
        ("speakers/amina-haddad/index.html", "profile"),
        ("news/report/index.html", "article"),
        ("papers/future/index.html", "article"),
        ("papers/future/intro/index.html", "article"),
        ("ar/speakers/amina-haddad/index.html", "profile"),
        ("zh/news/report/index.html", "article"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (page, og_type) in own {
        let html = read(&s, page);
        assert_eq!(meta(&html, "og:type").as_deref(), Some(og_type), "{page}");
        assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary_large_image"), "{page}");
        assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"), "{page}");
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"), "{page}");
        assert!(meta(&html, "og:image:alt").is_some_and(|a| !a.is_empty()), "{page}");
        let card = card_of(&s, page);
        assert_eq!(image::image_dimensions(&card).unwrap(), (1200, 630), "{page}");
        assert!(seen.insert(card.clone()), "{page} has a card of its own");
    }
    // free pages (not in the default `social_cards`) and lists show the site's card
    let site_card = card_of(&s, "forums/index.html");
    assert_eq!(card_of(&s, "about/index.html"), site_card);
    assert_eq!(meta(&read(&s, "about/index.html"), "og:type").as_deref(), Some("website"));
    assert!(!seen.contains(&site_card));
    // an untranslated page shows its original's card; a translated one its own
    assert_eq!(card_of(&s, "zh/forums/teachers/index.html"), card_of(&s, "forums/teachers/index.html"));
    assert_ne!(card_of(&s, "ar/speakers/amina-haddad/index.html"), card_of(&s, "speakers/amina-haddad/index.html"));
    // every page of every language names a card that exists
    for (rel, bytes) in tree(&s.public()) {
        let rel = rel.display().to_string();
        if rel.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            if html.contains("http-equiv=\"refresh\"") {
                continue;
            }
            assert!(card_of(&s, &rel).is_file(), "{rel}");
        }
    }
}

/// A home page titled with the event's theme says it once: its card and the card's
/// description said "Transforming … · Transforming … · Summit".
#[test]
fn a_tagline_that_is_the_title_is_said_once() {
    let s = TestSite::example();
    s.build_ok(&[]);
    let home = read(&s, "index.html");
    let alt = meta(&home, "og:image:alt").expect("og:image:alt");
    let parts: Vec<&str> = alt.split(" · ").collect();
    let mut unique = parts.clone();
    unique.dedup();
    assert_eq!(parts, unique, "{alt}");
    assert!(alt.starts_with("Transforming Higher Education in the Age of AI · "), "{alt}");
}

#[test]
fn cards_are_the_same_bytes_on_every_build_and_the_cache_is_reused() {
    let s = site();
    let timings = [("PLENARY_TIMINGS", "1")];
    let first = s.run_env(&["build"], &timings);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let (drawn, reused) = card_counts(&first.stderr);
    assert!(drawn >= 10 && reused == 0, "{drawn} drawn, {reused} reused");
    let built = tree(&s.public());
    // a second build draws nothing and writes the same bytes
    let second = s.run_env(&["build"], &timings);
    assert_eq!(card_counts(&second.stderr), (0, drawn));
    assert_eq!(tree(&s.public()), built);
    // without the cache, with one thread and with four, the same bytes again
    for threads in ["1", "4"] {
        std::fs::remove_dir_all(s.root.join(".plenary-cache/cards")).unwrap();
        let run = s.run_env(&["build"], &[("PLENARY_TIMINGS", "1"), ("RAYON_NUM_THREADS", threads)]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(card_counts(&run.stderr), (drawn, 0));
        assert_eq!(tree(&s.public()), built, "{threads} threads");
    }
    // an edited title draws that page's card only (in each language showing it)
    s.write("content/news/other.md", "---\ntitle: Other news\ndate: 2024-05-09\n---\n\nText.\n");
    let edited = s.run_env(&["build"], &timings);
    assert_eq!(card_counts(&edited.stderr).0, 1, "{}", edited.stderr);
}

#[test]
fn a_speakers_photo_is_in_the_card_on_the_far_side_of_the_text() {
    let s = site();
    s.build_ok(&[]);
    let red = |p: &image::Rgb<u8>| p[0] > 180 && p[1] < 80 && p[2] < 80;
    // left to right: the photo on the right (its centre is 226 px from the right edge)
    let en = pixels(&card_of(&s, "speakers/amina-haddad/index.html"));
    assert!(red(en.get_pixel(974, 290)), "{:?}", en.get_pixel(974, 290));
    assert!(!red(en.get_pixel(226, 290)));
    // right to left: on the left
    let ar = pixels(&card_of(&s, "ar/speakers/amina-haddad/index.html"));
    assert!(red(ar.get_pixel(226, 290)), "{:?}", ar.get_pixel(226, 290));
    assert!(!red(ar.get_pixel(974, 290)));
    // no photo, no red
    let none = pixels(&card_of(&s, "speakers/wei-zhang/index.html"));
    assert!(!none.pixels().any(red));
}

/// Columns of the title band (below the event line, above the subtitle) holding light text.
fn title_ink(img: &image::RgbImage) -> Vec<u32> {
    (0..img.width()).filter(|&x| (170..240).any(|y| img.get_pixel(x, y).0.iter().all(|&c| c > 200))).collect()
}

#[test]
fn arabic_and_chinese_titles_are_drawn_and_arabic_is_right_aligned() {
    let s = site();
    s.build_ok(&[]);
    for (lang, a, b) in [("zh", "人工智能", "高等教育"), ("ar", "مستقبل", "الجامع")] {
        let one = pixels(&card_of(&s, &format!("{lang}/news/report/index.html")));
        let two = pixels(&card_of(&s, &format!("{lang}/news/other/index.html")));
        let ink_one = title_ink(&one);
        assert!(ink_one.len() > 60 && title_ink(&two).len() > 60, "{lang}: {a} and {b} are drawn");
        // the same number of characters: were they empty boxes, the two titles would look alike
        let band = |img: &image::RgbImage| -> Vec<u8> {
            (170..240)
                .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
                .map(|(x, y)| img.get_pixel(x, y)[0])
                .collect()
        };
        assert_ne!(band(&one), band(&two), "{lang}: {a} and {b} look the same");
        if lang == "ar" {
            // right to left: the title ends at the right margin and leaves the left half empty
            assert!(*ink_one.last().unwrap() > 1090 && *ink_one.first().unwrap() > 600, "{ink_one:?}");
        } else {
            assert!(*ink_one.first().unwrap() < 110 && *ink_one.last().unwrap() < 600, "{ink_one:?}");
        }
    }
}

#[test]
fn characters_no_font_has_are_a_located_warning() {
    let s = site();
    s.write("content/news/seoul.md", "---\ntitle: Seoul 서울\ndate: 2024-05-10\n---\n\nText.\n");
    let run = s.build_ok(&[]);
    assert!(
        run.stderr.contains("content/news/seoul.md:2:1: warning") && run.stderr.contains("서 (U+C11C), 울 (U+C6B8)"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("U+C11C").count(), 1, "one warning, not one per language: {}", run.stderr);
}

#[test]
fn social_cards_chooses_the_kinds_or_turns_cards_off() {
    let s = site();
    s.write("site.yaml", &format!("{CONFIG}social_cards: [speakers]\n"));
    s.build_ok(&[]);
    let site_card = card_of(&s, "index.html");
    assert_eq!(card_of(&s, "news/report/index.html"), site_card);
    assert_ne!(card_of(&s, "speakers/amina-haddad/index.html"), site_card);
    // off: no cards; a speaker's photo is the image again, pages without one have none
    s.write("site.yaml", &format!("{CONFIG}social_cards: false\n"));
    s.build_ok(&[]);
    assert!(!tree(&s.public()).iter().any(|(k, _)| k.display().to_string().contains("card-")));
    let speaker = read(&s, "speakers/amina-haddad/index.html");
    assert!(meta(&speaker, "og:image").is_some_and(|u| u.ends_with(".jpg")), "{speaker}");
    let news = read(&s, "news/report/index.html");
    assert_eq!(meta(&news, "og:image"), None);
    assert_eq!(meta(&news, "twitter:card").as_deref(), Some("summary"));
    // a mistake is located
    s.write("site.yaml", &format!("{CONFIG}social_cards: [speakers, forum]\n"));
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("site.yaml:11:") && run.stderr.contains("did you mean `forums`?"), "{}", run.stderr);
}

#[test]
fn og_image_is_absolute_under_a_base_path() {
    let s = site();
    s.build_ok(&["--base-url", "https://example.org/summit/"]);
    let html = read(&s, "news/report/index.html");
    let url = meta(&html, "og:image").expect("og:image");
    let rel = url.strip_prefix("https://example.org/summit/").unwrap_or_else(|| panic!("{url}"));
    assert!(rel.starts_with("_img/card-") && s.public().join(rel).is_file(), "{url}");
}
