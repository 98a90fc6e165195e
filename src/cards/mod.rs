//! Social cards: a 1200×630 PNG per page (title, event, date, the speaker's photo) that link
//! previews show (`og:image`), drawn in pure Rust (usvg lays the text out and shapes it with
//! harfrust, resvg and tiny-skia paint it) with the fonts the theme ships (`fonts/`): Noto
//! Sans, Noto Sans Arabic and a Noto Sans CJK SC subset. No font of the machine is used, so
//! every machine makes the same bytes.
//!
//! What a card shows is a [`Card`], made per page and language by `render::views` (dates in
//! the page's language). Cards are named by a hash of everything drawn — the card's text, the
//! photo's cache file (itself named by the photo's content), the fonts' bytes and
//! [`VERSION`] — and cached in `<root>/.plenary-cache/cards/`, so a rebuild draws only cards
//! whose content changed; missing ones are drawn in parallel. Output: `/_img/card-<hash>.png`.

mod draw;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::graph::DocId;

pub use draw::{Fonts, HEIGHT, TITLE_LINES, WIDTH};

/// Changes whenever drawing changes, so old cache entries are not reused.
pub const VERSION: &str = "plenary-cards-3";

/// Reading direction of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Dir {
    /// Text from the left, photo on the right.
    Ltr,
    /// Text from the right (aligned right), photo on the left.
    Rtl,
}

/// What one card shows (every field is drawn; empty ones are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Language code (picks the first font).
    pub lang: String,
    /// Reading direction.
    pub dir: Dir,
    /// The event's name, above the title.
    pub event: String,
    /// The page's title (a speaker's name), up to [`TITLE_LINES`] lines.
    pub title: String,
    /// One line under the title (a speaker's role and organisation, a paper's subtitle).
    pub subtitle: String,
    /// The date, at the bottom.
    pub date: String,
    /// The site's name, at the bottom on the other side.
    pub footer: String,
    /// The speaker's processed photo: a cache file named by its content (in the card's name
    /// by that name alone, so a checkout elsewhere, as CI's, finds the same cards).
    #[serde(serialize_with = "file_name")]
    pub photo: Option<PathBuf>,
}

/// A path by its file name alone.
fn file_name<S: serde::Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match path.as_ref().and_then(|p| p.file_name()) {
        Some(name) => s.serialize_str(&name.to_string_lossy()),
        None => s.serialize_none(),
    }
}

/// Where text is written: file, line, column.
pub type Origin = (PathBuf, usize, usize);

/// A card a page asks for.
#[derive(Debug, Clone)]
pub struct Request {
    /// Index of the language (in `config.languages`).
    pub lang: usize,
    /// The page's document; `None` for the site's card, which pages without one of their own
    /// show.
    pub doc: Option<DocId>,
    /// What it shows.
    pub card: Card,
    /// Where its title is written, for warnings.
    pub origin: Origin,
}

/// The cards of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cards {
    /// (language, document or the site's card) → (address below the base path, what it
    /// shows in words).
    by_page: BTreeMap<(usize, Option<DocId>), (String, String)>,
    /// Output file → cached file.
    files: BTreeMap<PathBuf, PathBuf>,
    /// Cards drawn by this build (not found in the cache).
    pub drawn: usize,
    /// Cards taken from the cache.
    pub reused: usize,
    /// Cards named and perhaps not drawn yet, by name ([`Drawing::Later`]: serve draws those
    /// the cache lacks once the site is served, [`draw`]).
    pub pending: Vec<(String, Card)>,
}

impl Cards {
    /// The card of document `doc` in language `lang` (address below the base path, and its
    /// text for `alt`): its own, else its original's (an untranslated page), else the site's
    /// card in that language.
    pub fn of(&self, lang: usize, doc: Option<DocId>) -> Option<(&str, &str)> {
        let own = doc.and_then(|d| self.by_page.get(&(lang, Some(d))).or_else(|| self.by_page.get(&(0, Some(d)))));
        own.or_else(|| self.by_page.get(&(lang, None))).map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// The files to copy into the output: (output file, cached file), sorted.
    pub fn files(&self) -> impl Iterator<Item = (&PathBuf, &PathBuf)> {
        self.files.iter()
    }
}

/// The hash naming a card.
fn key(card: &Card, fonts_digest: &str) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(VERSION.as_bytes());
    h.update(fonts_digest.as_bytes());
    h.update(serde_json::to_string(card).unwrap_or_default().as_bytes());
    if let Some(name) = card.photo.as_ref().and_then(|p| p.file_name()) {
        h.update(name.to_string_lossy().as_bytes());
    }
    crate::types::hex(&h.digest().bytes()[..8])
}

/// A digest of the fonts' bytes (part of every card's name).
pub fn fonts_digest(files: &[Vec<u8>]) -> String {
    let mut h = sha1_smol::Sha1::new();
    for f in files {
        h.update(&(f.len() as u64).to_le_bytes());
        h.update(f);
    }
    crate::types::hex(&h.digest().bytes())
}

/// The cards' fonts, with the digest of their bytes that every card's name holds.
pub struct CardFonts {
    digest: String,
    fonts: Fonts,
}

impl CardFonts {
    /// The fonts from their files' bytes, in the order given ([`Fonts::new`]).
    pub fn new(files: Vec<Vec<u8>>) -> CardFonts {
        CardFonts { digest: fonts_digest(&files), fonts: Fonts::new(files) }
    }

    /// The fonts with their digest known already: the built-in fonts', made when plenary was
    /// built ([`crate::theme::BUILT_IN_FONTS_DIGEST`]; hashing their 3.5 MB took ~25 ms of
    /// every build and every `plenary serve` start).
    pub fn with_digest(files: Vec<Vec<u8>>, digest: &str) -> CardFonts {
        CardFonts { digest: digest.to_string(), fonts: Fonts::new(files) }
    }

    /// The digest every card's name holds.
    pub fn digest(&self) -> &str {
        &self.digest
    }
}

/// What [`make`] does with the cards the cache does not hold yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawing {
    /// Draws them (a build).
    Now,
    /// Lists every card in [`Cards::pending`] without looking at the cache ([`draw`] leaves
    /// the cards it holds): serve, whose first page must not wait for thousands of cards on
    /// a fresh checkout (about 78 s at 10,000 pages).
    Later,
    /// Looks at nothing and writes nothing: only the addresses and the warnings (`plenary
    /// check`).
    Never,
}

/// Names every requested card and draws the ones the cache does not hold yet, in parallel,
/// or leaves them for later (`drawing`). Warnings: characters no card font has (they would
/// be drawn as empty boxes).
pub fn make(root: &Path, fonts: &CardFonts, requests: Vec<Request>, drawing: Drawing) -> (Cards, Vec<Diagnostic>) {
    let started = Instant::now();
    let cache = match crate::cache::folder(root, crate::cache::CARDS, drawing == Drawing::Now) {
        Ok(c) => c,
        Err(d) => return (Cards::default(), vec![d]),
    };
    // the coverage check runs on one thread, beside the names
    let (mut diags, keys): (Vec<Diagnostic>, Vec<String>) = rayon::join(
        || coverage(&fonts.fonts, &requests),
        || requests.par_iter().map(|r| key(&r.card, &fonts.digest)).collect(),
    );
    let mut cards = Cards::default();
    // the cache's listing (one thread, ~20 ms at 50,000 cards) is read beside the names'
    // sorting and the maps, which leave a core idle too
    let (held, unique) = rayon::join(
        || (drawing == Drawing::Now).then(|| crate::cache::plain_entries(&cache)),
        || {
            // each card once, by name (the names sort as their files do: one folder, one
            // pattern; a map of paths compared component by component took ~25 ms at 10,000
            // cards); cards of one name show the same, and the first request's is kept
            let mut unique: Vec<(&str, usize, &Card)> = keys
                .iter()
                .map(String::as_str)
                .zip(requests.iter().map(|r| &r.card))
                .enumerate()
                .map(|(i, (k, c))| (k, i, c))
                .collect();
            unique.par_sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
            unique.dedup_by(|a, b| a.0 == b.0);
            unique
        },
    );
    // the files' and pages' entries made in parallel; the requests come by language and
    // document, so both maps are built from sorted lists
    cards.files = unique
        .par_iter()
        .map(|(k, _, _)| {
            (PathBuf::from(crate::images::OUT_DIR).join(format!("card-{k}.png")), cache.join(format!("{k}.png")))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    cards.by_page = requests
        .par_iter()
        .zip(&keys)
        .map(|(r, k)| {
            let c = &r.card;
            let alt: Vec<&str> = [&c.title, &c.subtitle, &c.event, &c.date]
                .into_iter()
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            ((r.lang, r.doc), (format!("/{}/card-{k}.png", crate::images::OUT_DIR), alt.join(" · ")))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    match drawing {
        Drawing::Never => return (cards, diags),
        // every card: `draw` leaves those the cache holds, so the cache is not looked at
        // on the way to the page (10,000 `stat`s at 10,000 pages)
        Drawing::Later => {
            cards.pending = unique.into_iter().map(|(k, _, card)| (k.to_string(), card.clone())).collect()
        }
        Drawing::Now => {
            let held = held.unwrap_or_default();
            let missing: Vec<(String, Card)> = unique
                .into_par_iter()
                .filter(|(k, _, _)| !held.contains(std::ffi::OsStr::new(&format!("{k}.png"))))
                .map(|(k, _, card)| (k.to_string(), card.clone()))
                .collect();
            cards.reused = cards.files.len() - missing.len();
            let (drawn, errors) = draw(root, fonts, &missing, &|| false);
            cards.drawn = drawn;
            diags.extend(errors);
        }
    }
    if crate::pipeline::timings() {
        let per = if cards.drawn > 0 { started.elapsed().as_secs_f64() * 1000.0 / cards.drawn as f64 } else { 0.0 };
        let bytes: u64 = cards.files.values().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
        errln!(
            "[timings] social cards: {} drawn, {} reused, {:.0} ms per drawn card (wall), {} KiB in all",
            cards.drawn,
            cards.reused,
            per,
            bytes / 1024
        );
    }
    (cards, diags)
}

/// Draws the cards `missing` names into the cache (those it holds meanwhile are left as they
/// are), in parallel, until `stop` says so. Returns how many were drawn and what failed.
pub fn draw(
    root: &Path,
    fonts: &CardFonts,
    missing: &[(String, Card)],
    stop: &(dyn Fn() -> bool + Sync),
) -> (usize, Vec<Diagnostic>) {
    let cache = match crate::cache::folder(root, crate::cache::CARDS, true) {
        Ok(c) => c,
        Err(d) => return (0, vec![d]),
    };
    let outcomes: Vec<Option<Result<(), Diagnostic>>> =
        missing.par_iter().map(|(k, card)| if stop() { None } else { draw_into(&cache, fonts, k, card) }).collect();
    let drawn = outcomes.iter().flatten().count();
    (drawn, outcomes.into_iter().flatten().filter_map(Result::err).collect())
}

/// Draws the card named `name` when `pending` (sorted by name, as [`make`] leaves it) lists
/// it and the cache does not hold it yet: serve, asked for a card before [`draw`] reached
/// it. Whether the cache holds it now.
pub fn draw_named(root: &Path, fonts: &CardFonts, pending: &[(String, Card)], name: &str) -> bool {
    let Some(card) = pending_card(pending, name) else { return false };
    let Ok(cache) = crate::cache::folder(root, crate::cache::CARDS, true) else { return false };
    !matches!(draw_into(&cache, fonts, name, card), Some(Err(_)))
}

/// The card named `name` in `pending` (sorted by name, as [`make`] leaves it).
pub fn pending_card<'c>(pending: &'c [(String, Card)], name: &str) -> Option<&'c Card> {
    let i = pending.binary_search_by(|(k, _)| k.as_str().cmp(name)).ok()?;
    Some(&pending[i].1)
}

/// Draws one card into the `cache` folder, unless it holds it (`None`).
fn draw_into(cache: &Path, fonts: &CardFonts, name: &str, card: &Card) -> Option<Result<(), Diagnostic>> {
    let file = cache.join(format!("{name}.png"));
    if crate::cache::has(&file) {
        return None;
    }
    let drawn = photo(card)
        .and_then(|p| draw::render(&fonts.fonts, card, p.as_ref()))
        .and_then(|png| crate::cache::write(&file, &png));
    Some(drawn.map_err(|m| Diagnostic::error(&file, 0, 0, format!("cannot make a social card: {m}"))))
}

/// The card's photo, decoded.
fn photo(card: &Card) -> Result<Option<image::RgbaImage>, String> {
    let Some(path) = &card.photo else { return Ok(None) };
    let img = image::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Some(img.to_rgba8()))
}

/// One warning per place whose text has characters no card font covers.
fn coverage(fonts: &Fonts, requests: &[Request]) -> Vec<Diagnostic> {
    let mut found: BTreeMap<Origin, BTreeSet<char>> = BTreeMap::new();
    let site: Origin = ("site.yaml".into(), 1, 1);
    // each distinct character looked up in the fonts once
    let mut known: rustc_hash::FxHashMap<char, bool> = rustc_hash::FxHashMap::default();
    let mut drawable = |ch: char| {
        ch.is_whitespace()
            || ch.is_control()
            || draw::is_format(ch)
            || *known.entry(ch).or_insert_with(|| fonts.covers(ch))
    };
    // a text of ASCII alone (most of most cards') is drawable whole when the fonts have every
    // printable ASCII character (control characters are drawable): looked up once, not a
    // character at a time (~13 ms of one thread for the 50,000 cards of 50,000 pages)
    let ascii_drawable = (' '..='~').all(&mut drawable);
    for r in requests {
        let c = &r.card;
        // the page's own text at the page; the event's name, the site's and dates (the
        // language's) at site.yaml, once
        let parts: [(&[&String], &Origin); 2] =
            [(&[&c.title, &c.subtitle], &r.origin), (&[&c.event, &c.footer, &c.date], &site)];
        for (texts, origin) in parts {
            if ascii_drawable && texts.iter().all(|s| s.is_ascii()) {
                continue;
            }
            let missing: BTreeSet<char> = texts.iter().flat_map(|s| s.chars()).filter(|ch| !drawable(*ch)).collect();
            if !missing.is_empty() {
                found.entry(origin.clone()).or_default().extend(missing);
            }
        }
    }
    found
        .into_iter()
        .map(|((path, line, col), chars)| {
            let list: Vec<String> = chars.iter().map(|c| format!("{c} (U+{:04X})", *c as u32)).collect();
            Diagnostic::warning(
                &path,
                line,
                col,
                format!("the social card's fonts have no glyph for {}: the card shows an empty box instead", list.join(", ")),
            )
            .with_help("the theme's fonts/ cover Latin, Greek, Cyrillic, Arabic and common Chinese; add a font covering these characters to your theme's fonts/ folder, or leave this page out of `social_cards`")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in theme's font files.
    fn font_files() -> Vec<Vec<u8>> {
        crate::theme::embedded_files()
            .iter()
            .filter(|(p, _)| p.starts_with("fonts/") && (p.ends_with(".ttf") || p.ends_with(".otf")))
            .map(|(_, b)| b.to_vec())
            .collect()
    }

    fn fonts() -> Fonts {
        Fonts::new(font_files())
    }

    fn card(title: &str, lang: &str) -> Card {
        Card {
            lang: lang.into(),
            dir: if lang == "ar" { Dir::Rtl } else { Dir::Ltr },
            event: "Summit".into(),
            title: title.into(),
            subtitle: String::new(),
            date: "8 December 2023".into(),
            footer: String::new(),
            photo: None,
        }
    }

    #[test]
    fn a_card_is_named_by_its_photo_file_not_by_where_the_site_is() {
        let with = |path: &str| Card { photo: Some(PathBuf::from(path)), ..card("Amina Haddad", "en") };
        let here = key(&with("/home/a/site/.plenary-cache/images/0a1b-384.jpg"), "fonts");
        assert_eq!(here, key(&with("/builds/ci/site/.plenary-cache/images/0a1b-384.jpg"), "fonts"));
        assert_ne!(here, key(&with("/home/a/site/.plenary-cache/images/9f8e-384.jpg"), "fonts"));
        assert_ne!(here, key(&card("Amina Haddad", "en"), "fonts"));
    }

    #[test]
    fn cards_left_for_later_are_named_as_drawn_ones_and_drawn_until_told_to_stop() {
        let (later, now) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let f = CardFonts::new(font_files());
        let requests: Vec<Request> = ["Opening", "Closing", "Opening"]
            .iter()
            .enumerate()
            .map(|(n, t)| Request { lang: 0, doc: Some(n), card: card(t, "en"), origin: ("x.md".into(), 1, 1) })
            .collect();
        let cache = |root: &Path| root.join(crate::cache::DIR).join("cards");
        let pngs = |root: &Path| std::fs::read_dir(cache(root)).map_or(0, |d| d.count());
        // nothing looked at or written
        let (named, _) = make(later.path(), &f, requests.clone(), Drawing::Never);
        assert!(named.pending.is_empty() && !cache(later.path()).exists());
        // named, listed, not drawn
        let (left, _) = make(later.path(), &f, requests.clone(), Drawing::Later);
        assert_eq!((left.pending.len(), left.drawn, pngs(later.path())), (2, 0, 0), "two cards, one of them twice");
        let (drawn, _) = make(now.path(), &f, requests, Drawing::Now);
        assert_eq!((drawn.drawn, pngs(now.path())), (2, 2));
        for doc in 0..3 {
            assert_eq!(left.of(0, Some(doc)), drawn.of(0, Some(doc)), "the pages name the same card");
            assert_eq!(left.of(0, Some(doc)), named.of(0, Some(doc)));
        }
        assert!(left.files.keys().eq(drawn.files.keys()));
        // drawing gives way at once when asked, then draws what was left, then nothing more
        assert_eq!(draw(later.path(), &f, &left.pending, &|| true), (0, Vec::new()));
        assert_eq!(pngs(later.path()), 0);
        assert_eq!(draw(later.path(), &f, &left.pending, &|| false), (2, Vec::new()));
        assert_eq!(draw(later.path(), &f, &left.pending, &|| false), (0, Vec::new()), "the cache holds them now");
        for (_, cached) in left.files() {
            let twin = now.path().join(cached.strip_prefix(later.path()).unwrap());
            assert_eq!(std::fs::read(cached).unwrap(), std::fs::read(twin).unwrap(), "the same bytes as a build's");
        }
    }

    #[test]
    fn the_theme_fonts_cover_latin_arabic_and_chinese() {
        let f = fonts();
        for c in "Aéßøπжش中国教育人工智能年月日，。".chars() {
            assert!(f.covers(c), "{c} (U+{:04X})", c as u32);
        }
        assert!(!f.covers('한'), "Hangul is not in the subset");
    }

    #[test]
    fn long_titles_wrap_to_three_lines_with_an_ellipsis() {
        let f = fonts();
        let long = "Higher Education Teacher Professional Development in the Age of Artificial Intelligence and Beyond: a Report of Many Words";
        let lines = draw::wrap(&f, "en", long, 56.0, 700, 700.0, TITLE_LINES);
        assert_eq!(lines.len(), TITLE_LINES, "{lines:?}");
        assert!(lines[2].ends_with('…'), "{lines:?}");
        assert_eq!(draw::wrap(&f, "en", "Short title", 56.0, 700, 700.0, TITLE_LINES), ["Short title"]);
        // a word longer than a line is cut rather than drawn past the edge
        let long = draw::wrap(&f, "en", &"Supercalifragilistic".repeat(4), 56.0, 700, 700.0, TITLE_LINES);
        assert!(long.len() >= 2, "{long:?}");
        for l in &long {
            assert_eq!(
                draw::wrap(&f, "en", l, 56.0, 700, 700.0, TITLE_LINES),
                std::slice::from_ref(l),
                "fits on one line"
            );
        }
        // nothing left alone on the last line
        let zh = draw::wrap(&f, "zh", "2023年 IIOE 全球合作伙伴峰会在深圳举行", 56.0, 700, 1040.0, TITLE_LINES);
        assert_eq!(zh.len(), 2, "{zh:?}");
        assert_eq!(zh[1], "举行", "{zh:?}");
        let zh = draw::wrap(&f, "zh", &"人工智能时代的高等教育教师专业发展".repeat(3), 56.0, 700, 700.0, TITLE_LINES);
        assert_eq!(zh.len(), TITLE_LINES, "{zh:?}");
        assert!(zh[0].chars().count() > 5 && !zh[0].contains(' '), "{zh:?}");
    }

    #[test]
    fn the_same_card_gives_the_same_bytes_and_uncovered_text_is_reported() {
        let f = fonts();
        let a = draw::render(&f, &card("مستقبل التعليم العالي", "ar"), None).unwrap();
        assert_eq!(a, draw::render(&f, &card("مستقبل التعليم العالي", "ar"), None).unwrap());
        let page = |title: &str, event: &str, path: &str| {
            let card = Card { event: event.into(), ..card(title, "en") };
            Request { lang: 0, doc: None, card, origin: (path.into(), 2, 8) }
        };
        let w = coverage(&f, &[page("Seoul 서울", "Summit", "content/x.md")]);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("서 (U+C11C)") && w[0].message.contains("울"), "{}", w[0].message);
        assert_eq!((w[0].path.to_string_lossy().as_ref(), w[0].line, w[0].col), ("content/x.md", 2, 8));
        // an event name no font has is reported once, at site.yaml, not on every page
        let w = coverage(&f, &[page("A", "서울 Summit", "content/a.md"), page("B", "서울 Summit", "content/b.md")]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].path.to_string_lossy(), "site.yaml");
        // a theme's fonts without Latin letters: the letters it lacks are reported, on every
        // page that has them, and nothing it has (Arabic, white space) is
        let arabic_only: Vec<Vec<u8>> = crate::theme::embedded_files()
            .iter()
            .filter(|(p, _)| p.starts_with("fonts/NotoSansArabic"))
            .map(|(_, b)| b.to_vec())
            .collect();
        let f = Fonts::new(arabic_only);
        let w = coverage(&f, &[page("Ab مب", "مؤتمر", "content/a.md"), page("b ب", "مؤتمر", "content/b.md")]);
        let messages: Vec<&str> = w.iter().map(|d| d.message.as_str()).collect();
        // (the third: the date's Latin letters and digits, at site.yaml)
        assert_eq!(w.len(), 3, "{messages:?}");
        assert_eq!(w[2].path.to_string_lossy(), "site.yaml");
        assert!(messages[0].contains("A (U+0041)") && messages[0].contains("b (U+0062)"), "{messages:?}");
        assert!(messages[1].contains("b (U+0062)") && !messages[1].contains("U+0041"), "{messages:?}");
        assert!(messages.iter().all(|m| !m.contains("U+0020") && !m.contains("U+0628")), "{messages:?}");
        // a title of ASCII alone is looked at too when the fonts lack some of ASCII
        let w = coverage(&f, &[page("Ab", "مؤتمر", "content/a.md")]);
        assert!(
            w.iter().any(|d| d.path.to_string_lossy() == "content/a.md" && d.message.contains("A (U+0041)")),
            "{w:?}"
        );
    }
}
