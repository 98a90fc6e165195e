//! Build-time images: speaker photos, news images and organiser logos read from the site,
//! EXIF orientation applied, cropped (photos, to a square), resized to the few widths the
//! theme uses and re-encoded (which drops every metadata block: EXIF, GPS, ICC, comments).
//! Speakers without a photo get a generated initials avatar (SVG, colour from the name).
//!
//! Results are cached by content hash under `<root>/.plenary-cache/images/`: a file's
//! variants are named after a hash of its bytes and of the processing settings, so a
//! rebuild reuses them (and writes the same bytes); deleting the folder is always safe.
//! The output names (`/_img/<hash>-<width>.<ext>`) are the same hashes, so an edited photo
//! gets new addresses and browsers never show a stale one.
//!
//! Pure-Rust codecs only (`image` with the `jpeg`, `png` and `webp` features). Lossless WebP
//! beside a PNG result (logos) where it is smaller; none for photos (`image`'s WebP encoder is
//! lossless only, larger than the JPEG) and no AVIF (ravif/rav1e would add minutes to a clean
//! build and seconds per photo): ARCHITECTURE.md, "WebP and AVIF".
//! Initials avatars and the default favicon are in `avatar.rs`; decoding, resizing and
//! encoding into the cache in `encode.rs`; what templates receive (`ImageView`, the
//! `image()` function) in `view.rs`.

mod avatar;
mod encode;
mod later;
mod sizes;
mod unmarked;
mod view;

pub use avatar::{coloured_initials_svg, favicon_svg, initials, initials_svg};
pub use later::{make_named, make_pending, Pending};
use sizes::svg_size;
pub use sizes::{size_body_images, size_of};
pub use unmarked::without_metadata;
pub use view::{register, ImageValue, ImageView};

use encode::{make, plan, probe};

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// Output folder of processed images, below the base path.
pub const OUT_DIR: &str = "_img";
/// Changes whenever processing changes, so old cache entries are not reused.
const VERSION: &str = "plenary-images-2";
/// Source files larger than this are refused (a photo needs far less).
const MAX_BYTES: u64 = 40 * 1024 * 1024;
/// Decoded images larger than this many pixels are refused.
const MAX_PIXELS: u64 = 100_000_000;
/// JPEG quality of the resized copies.
const JPEG_QUALITY: u8 = 82;

/// What an image is for: this decides its widths and crop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Use {
    /// A speaker's photo: square, shown from 48 px (programme) to 160 px (own page).
    Photo,
    /// A news item's lead image: kept in proportion, up to the text column's width.
    Picture,
    /// An organiser's logo: kept in proportion, small.
    Logo,
}

impl Use {
    /// The widths made (those not above the source's width).
    pub fn widths(self) -> &'static [u32] {
        match self {
            Use::Photo => &[96, 192, 384],
            Use::Picture => &[480, 960, 1440],
            Use::Logo => &[160, 320],
        }
    }

    /// Below this width the image looks blurred where the theme shows it largest (2× screens).
    pub fn min_width(self) -> u32 {
        match self {
            Use::Photo => 192,
            Use::Picture => 480,
            Use::Logo => 160,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Use::Photo => "photo",
            Use::Picture => "picture",
            Use::Logo => "logo",
        }
    }
}

/// One size of a processed image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Address below the base path (`/_img/…`).
    pub path: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A processed image: its sizes, smallest first, and where their bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The sizes, smallest first.
    pub variants: Vec<Variant>,
    /// The same sizes as lossless WebP, for PNG variants when that is smaller (else empty).
    pub webp: Vec<Variant>,
    /// (output file relative to the output root, file holding its bytes).
    pub files: Vec<(PathBuf, PathBuf)>,
    /// The cache entry listing the variants (none for an image used as it is).
    pub manifest: Option<PathBuf>,
}

/// An image a page asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The file as written (`photo.jpg`, `/img/x.jpg`).
    pub src: String,
    /// The document's path (relative to the root) it is written in, or `site.yaml`.
    pub written_in: PathBuf,
    /// Where in that file, for messages: (line, col).
    pub at: (usize, usize),
    /// What it is for.
    pub usage: Use,
}

/// How [`process`] treats an image the cache lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Making {
    /// Reads the header only (found, readable, large enough) and makes nothing: `plenary check`.
    Probe,
    /// Makes every variant now: `plenary build`.
    Now,
    /// Names the variants from the header where that is all a page needs (a JPEG result) and
    /// lists the image in [`Pictures::pending`], to be made by [`make_pending`] or, when a
    /// variant is asked for first, [`make_named`]: serve, whose first page must not wait for
    /// photos (60 photos of 3000×2000 px held it back 4.5 s on a fresh checkout). A PNG
    /// result is made now: whether its WebP copies are kept changes the markup.
    Later,
}

/// Every processed image and avatar of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pictures {
    /// By (file as written, folder it is written in, use).
    processed: BTreeMap<(String, PathBuf, Use), Processed>,
    /// The images [`Making::Later`] named and left for later, by key.
    pub pending: Vec<Pending>,
    /// Generated SVG files (initials avatars, the default favicon): output file → SVG text.
    pub avatars: BTreeMap<PathBuf, String>,
    /// Per document, the size of each of its Markdown images (in order), where known.
    pub body_sizes: Vec<Vec<Option<(u32, u32)>>>,
    /// Name → avatar address, so pages do not make the SVG again.
    avatar_paths: BTreeMap<String, String>,
}

impl Pictures {
    /// Whether both hold the same processed photos, news images and logos (avatars and the
    /// sizes of Markdown images aside: they follow the documents' own text).
    pub fn same_processed(&self, other: &Pictures) -> bool {
        self.processed == other.processed
    }

    /// The processed image `src` written in the file `written_in` for `usage`, if it was found
    /// and read.
    pub fn get(&self, src: &str, written_in: &Path, usage: Use) -> Option<&Processed> {
        let dir = written_in.parent().unwrap_or(Path::new("")).to_path_buf();
        self.processed.get(&(src.to_string(), dir, usage))
    }

    /// The files to copy into the output: (output file, cached file), sorted.
    pub fn files(&self) -> Vec<(PathBuf, PathBuf)> {
        let mut all: Vec<(PathBuf, PathBuf)> = self.processed.values().flat_map(|p| p.files.iter().cloned()).collect();
        all.sort();
        all.dedup();
        all
    }

    /// The cache entries these images are read from: every variant and each image's list of
    /// them (what `plenary build --prune-cache` keeps).
    pub fn cache_entries(&self) -> impl Iterator<Item = &PathBuf> {
        self.processed.values().flat_map(|p| p.files.iter().map(|(_, cached)| cached).chain(&p.manifest))
    }

    /// The initials avatar of `name`: (address below the base path, its SVG), recorded for
    /// output.
    pub fn avatar_path(name: &str, key: &str) -> (String, PathBuf, String) {
        let svg = coloured_initials_svg(name, key);
        let hash = &crate::types::hex(&sha1_smol::Sha1::from(svg.as_bytes()).digest().bytes()[..6]);
        let name = ["avatar-", hash, ".svg"].concat();
        (["/", OUT_DIR, "/", &name].concat(), PathBuf::from(OUT_DIR).join(name), svg)
    }

    /// Adds the avatars of these names, each coloured by its key (the speaker's slug).
    pub fn add_avatars<'n>(&mut self, names: impl Iterator<Item = (&'n str, &'n str)>) {
        for (name, key) in names {
            let (path, rel, svg) = Pictures::avatar_path(name, key);
            self.avatars.insert(rel, svg);
            self.avatar_paths.insert(name.to_string(), path);
        }
    }
}

/// Where a file named in front matter is, relative to the site root: `/x.jpg` under
/// `static/` (or `content/`), a bare name beside the document. `Err` for a path leaving its
/// folder; `Ok(None)` for an external address.
pub fn resolve(root: &Path, written_in: &Path, src: &str) -> Result<Option<PathBuf>, String> {
    if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
        return Ok(None);
    }
    let (bases, rest): (Vec<PathBuf>, &str) = match src.strip_prefix('/') {
        Some(rest) => (vec![PathBuf::from("static"), PathBuf::from("content")], rest),
        None => {
            let dir = written_in.parent().unwrap_or(Path::new("")).to_path_buf();
            (vec![dir], src)
        }
    };
    let mut tail = PathBuf::new();
    for c in Path::new(rest).components() {
        match c {
            // a hidden file or folder is no walk's, so never the site's (`.p.png`, `.git/x.png`)
            Component::Normal(n) if n.to_string_lossy().starts_with('.') => {
                return Err(format!("`{src}` is a hidden file or in a hidden folder"))
            }
            Component::Normal(n) => tail.push(n),
            Component::CurDir => {}
            _ => return Err(format!("`{src}` leaves its folder")),
        }
    }
    let candidates: Vec<PathBuf> = bases.iter().map(|b| b.join(&tail)).collect();
    if let Some(found) = candidates.iter().find(|c| root.join(c).is_file()) {
        return Ok(Some(found.clone()));
    }
    // the name typed composed, the file's name decomposed (or the other way round)
    let twin = candidates.iter().find_map(|c| {
        let file = crate::load::composed_twin(&root.join(c))?;
        Some(c.with_file_name(file.file_name()?))
    });
    Ok(Some(twin.unwrap_or_else(|| candidates[0].clone())))
}

/// The file a page's Markdown image `src` names (decoded), as [`resolve`] finds it, when it
/// is there and leads — through any link — to a place inside the site (`resolved_root`:
/// [`crate::load::resolved_root`]): its real path, which alone may be read. A file leading
/// outside is the load's error, never opened.
pub fn local_file(root: &Path, resolved_root: &Path, written_in: &Path, src: &str) -> Option<PathBuf> {
    let rel = resolve(root, written_in, src).ok()??;
    crate::load::inside_root(resolved_root, &root.join(&rel), &rel).ok()
}

/// Reads, processes and caches every requested image (in parallel), as `making` says. Returns
/// the images that could be used and one diagnostic per problem: a missing file is a warning
/// (the page falls back to an avatar or no image; `plenary check` says the same), an
/// unreadable one an error.
pub fn process(root: &Path, requests: &[Request], making: Making) -> (Pictures, Vec<Diagnostic>) {
    // made by the first image processed (`encode::make`)
    let cache = match crate::cache::folder(root, crate::cache::IMAGES, false) {
        Ok(c) => c,
        Err(d) => return (Pictures::default(), vec![d]),
    };
    let mut unique: BTreeMap<(String, PathBuf, Use), &Request> = BTreeMap::new();
    for r in requests {
        let dir = r.written_in.parent().unwrap_or(Path::new("")).to_path_buf();
        unique.entry((r.src.clone(), dir, r.usage)).or_insert(r);
    }
    let canonical_root = crate::load::resolved_root(root);
    let results: Vec<(_, Done)> =
        unique.into_par_iter().map(|(key, r)| (key, process_one(root, &canonical_root, &cache, r, making))).collect();
    let mut pictures = Pictures::default();
    let mut diags = Vec::new();
    for (key, done) in results {
        diags.extend(done.warning);
        match done.outcome {
            Ok(Some(p)) => {
                pictures.processed.insert(key, p);
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
        pictures.pending.extend(done.later);
    }
    pictures.pending.sort_by(|a, b| a.key.cmp(&b.key));
    pictures.pending.dedup_by(|a, b| a.key == b.key);
    (pictures, diags)
}

/// A processed image (`None`: nothing to use) or the error that stopped it.
type Outcome = Result<Option<Processed>, Diagnostic>;

/// What became of one requested image.
struct Done {
    outcome: Outcome,
    /// A warning beside the outcome (not found, too small).
    warning: Option<Diagnostic>,
    /// Named, to be made later ([`Making::Later`]).
    later: Option<Pending>,
}

impl From<(Outcome, Option<Diagnostic>)> for Done {
    fn from((outcome, warning): (Outcome, Option<Diagnostic>)) -> Done {
        Done { outcome, warning, later: None }
    }
}

fn process_one(root: &Path, canonical_root: &Path, cache: &Path, r: &Request, making: Making) -> Done {
    let (line, col) = r.at;
    let err = |m: String, help: &str| Diagnostic::error(&r.written_in, line, col, m).with_help(help.to_string());
    let what = r.usage.name();
    let rel = match resolve(root, &r.written_in, &r.src) {
        Ok(Some(rel)) => rel,
        Ok(None) => {
            let d = Diagnostic::warning(&r.written_in, line, col, format!("{what} `{}` is not on this site", r.src))
                .with_help("plenary makes no network requests, so it cannot size or resize it: save the file beside the page or under static/; until then it is not shown");
            return (Ok(None), Some(d)).into();
        }
        Err(m) => return (Err(err(m, "name a file beside the page, or under static/ as /…")), None).into(),
    };
    let full = root.join(&rel);
    if !full.is_file() {
        // `plenary check` says what the build says: a warning (the page shows no picture)
        let dir = r.written_in.parent().map(|p| p.display().to_string()).unwrap_or_default();
        let help = match crate::load::differs_in_case(&full) {
            Some(name) => format!("the file beside it is `{name}`: write the name with the same capitals, which a server (and CI) tells apart though some computers do not"),
            None => format!("put the file next to the page (in {dir}/), or under static/ and write its path as /…; until then no image is shown"),
        };
        let d = Diagnostic::warning(&r.written_in, line, col, format!("{what} `{}` not found", r.src)).with_help(help);
        return (Ok(None), Some(d)).into();
    }
    match full.canonicalize() {
        Ok(c) if c.starts_with(canonical_root) => {}
        _ => {
            return (
                Err(err(format!("{what} `{}` is outside the site's folder", r.src), "copy the file into the site")),
                None,
            )
                .into()
        }
    }
    if rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return svg_as_is(root, &rel, r).into();
    }
    let bytes = match read_source(&full) {
        Ok(b) => b,
        Err(Unread::TooLarge(mb)) => {
            return (
                Err(err(
                    format!("{what} `{}` is {mb} MB, more than the 40 MB plenary reads", r.src),
                    "export a smaller copy (2000 px wide is plenty)",
                )),
                None,
            )
                .into()
        }
        Err(Unread::Io(e)) => {
            return (Err(err(format!("cannot read {what} `{}`: {e}", r.src), "check the file's permissions")), None)
                .into()
        }
    };
    let key = content_key(&bytes, r.usage);
    if let Some((p, source_width)) = cached(cache, &key) {
        return (Ok(Some(p)), too_small(&Some(source_width), r)).into();
    }
    let planned = match making {
        Making::Later => plan(&bytes, r.usage, cache, &key),
        _ => Ok(None),
    };
    let (result, later) = match planned {
        Ok(Some(p)) => (Ok((Some(p.0), p.1)), Some(Pending { key: key.clone(), file: full, request: r.clone() })),
        Ok(None) if making == Making::Probe => (probe(&bytes, r.usage), None),
        Ok(None) => (make(&bytes, r.usage, cache, &key), None),
        Err(m) => (Err(m), None),
    };
    match result {
        Ok((p, source_width)) => Done { outcome: Ok(p), warning: too_small(&Some(source_width), r), later },
        Err(m) => (Err(not_an_image(r, &m)), None).into(),
    }
}

/// Why a source file was not read.
enum Unread {
    /// Its size in MB, over [`MAX_BYTES`].
    TooLarge(u64),
    Io(std::io::Error),
}

/// A source image's bytes, unless it is larger than plenary reads.
fn read_source(full: &Path) -> Result<Vec<u8>, Unread> {
    match std::fs::metadata(full) {
        Ok(m) if m.len() > MAX_BYTES => Err(Unread::TooLarge(m.len() / 1_048_576)),
        _ => std::fs::read(full).map_err(Unread::Io),
    }
}

/// The error for a file that is no image plenary can read.
fn not_an_image(r: &Request, m: &str) -> Diagnostic {
    Diagnostic::error(
        &r.written_in,
        r.at.0,
        r.at.1,
        format!("cannot read {} `{}` as an image: {m}", r.usage.name(), r.src),
    )
    .with_help("use a JPEG or PNG file (export it again if it is damaged)")
}

fn too_small(width: &Option<u32>, r: &Request) -> Option<Diagnostic> {
    let w = (*width)?;
    let min = r.usage.min_width();
    (w < min).then(|| {
        Diagnostic::warning(
            &r.written_in,
            r.at.0,
            r.at.1,
            format!(
                "{} `{}` is only {w} px wide; it is shown up to {min} px wide, so it will look blurred",
                r.usage.name(),
                r.src
            ),
        )
        .with_help(format!("use a copy at least {min} px wide"))
    })
}

fn content_key(bytes: &[u8], usage: Use) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(VERSION.as_bytes());
    h.update(usage.name().as_bytes());
    h.update(bytes);
    crate::types::hex(&h.digest().bytes()[..8])
}

/// A finished cache entry (and the source's width): its manifest lists every variant and all
/// of them exist.
fn cached(cache: &Path, key: &str) -> Option<(Processed, u32)> {
    let list = cache.join(format!("{key}.txt"));
    let manifest = String::from_utf8(crate::cache::read(&list)?).ok()?;
    let mut lines = manifest.lines();
    let source_width: u32 = lines.next()?.strip_prefix("source ")?.parse().ok()?;
    let mut p = Processed { variants: Vec::new(), webp: Vec::new(), files: Vec::new(), manifest: None };
    for line in lines {
        // `file width height`, or `webp file width height` for a WebP copy
        let (list, line) = match line.strip_prefix("webp ") {
            Some(rest) => (&mut p.webp, rest),
            None => (&mut p.variants, line),
        };
        let mut parts = line.split(' ');
        let (file, w, h) = (parts.next()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
        if file.contains(['/', '\\']) || !crate::cache::has(&cache.join(file)) {
            return None;
        }
        list.push(Variant { path: format!("/{OUT_DIR}/{file}"), width: w, height: h });
        p.files.push((PathBuf::from(OUT_DIR).join(file), cache.join(file)));
    }
    p.manifest = Some(list);
    (!p.variants.is_empty()).then_some((p, source_width))
}

fn turned(o: Option<image::metadata::Orientation>) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Some(Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH))
}

/// An SVG (a logo, usually) is used as it is; its size comes from `width`/`height` or the
/// `viewBox`.
fn svg_as_is(root: &Path, rel: &Path, r: &Request) -> (Result<Option<Processed>, Diagnostic>, Option<Diagnostic>) {
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    let (w, h) = svg_size(&text).unwrap_or((0, 0));
    if w == 0 || h == 0 {
        let d =
            Diagnostic::error(&r.written_in, r.at.0, r.at.1, format!("cannot tell the size of the SVG `{}`", r.src))
                .with_help("give its root element a viewBox, e.g. viewBox=\"0 0 200 80\"");
        return (Err(d), None);
    }
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
    let out = if first == "static" || first == "content" {
        rel.components().skip(1).collect::<PathBuf>()
    } else {
        rel.to_path_buf()
    };
    let path = format!("/{}", out.to_string_lossy().replace('\\', "/"));
    let p = Processed {
        variants: vec![Variant { path, width: w, height: h }],
        webp: Vec::new(),
        files: Vec::new(),
        manifest: None,
    };
    (Ok(Some(p)), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_first_and_last_words() {
        assert_eq!(initials("Tatiana Murovana"), "TM");
        assert_eq!(initials("Jean-Luc de la Tour"), "JT");
        assert_eq!(initials("Plato"), "P");
        assert_eq!(initials("陶展"), "陶展");
        assert_eq!(initials("émile zola"), "ÉZ");
    }

    #[test]
    fn avatars_are_deterministic_and_escaped() {
        assert_eq!(initials_svg("Li Ming"), initials_svg("Li Ming"));
        assert!(initials_svg("Li Ming").contains(">LM</text>"));
        assert!(initials_svg("<b> &x").contains(">BX</text>"), "only letters and digits are kept");
        // the colour comes from the name: not every name gets the same one
        let colours: std::collections::BTreeSet<String> = ["A B", "C D", "E F", "G H", "I J", "K L"]
            .iter()
            .map(|n| initials_svg(n).split("fill=\"").nth(1).unwrap_or("").to_string())
            .collect();
        assert!(colours.len() > 1);
    }

    #[test]
    fn resolve_refuses_leaving_the_folder() {
        let root = Path::new("/nonexistent-site");
        assert!(resolve(root, Path::new("content/speakers/a.md"), "../../secret.jpg").is_err());
        assert!(resolve(root, Path::new("content/speakers/a.md"), "/../x.jpg").is_err());
        assert_eq!(resolve(root, Path::new("content/speakers/a.md"), "https://x.org/a.jpg"), Ok(None));
        assert_eq!(
            resolve(root, Path::new("content/speakers/a.md"), "a.jpg"),
            Ok(Some(PathBuf::from("content/speakers/a.jpg")))
        );
        assert_eq!(
            resolve(root, Path::new("content/speakers/a.md"), "/img/a.jpg"),
            Ok(Some(PathBuf::from("static/img/a.jpg")))
        );
    }

    #[test]
    fn body_images_get_their_sizes() {
        let html = "<p><img src=\"a.png\" alt=\"A\" /> <img src=\"b.svg\" alt=\"\" /></p>";
        assert_eq!(
            size_body_images(html, &[Some((40, 30)), None], true),
            "<p><img width=\"40\" height=\"30\" loading=\"lazy\" src=\"a.png\" alt=\"A\" /> <img src=\"b.svg\" alt=\"\" /></p>"
        );
    }

    #[test]
    fn image_at_picks_a_size_for_2x_screens() {
        let p = Processed {
            variants: vec![
                Variant { path: "/_img/k-96.jpg".into(), width: 96, height: 96 },
                Variant { path: "/_img/k-192.jpg".into(), width: 192, height: 192 },
                Variant { path: "/_img/k-384.jpg".into(), width: 384, height: 384 },
            ],
            webp: vec![],
            files: vec![],
            manifest: None,
        };
        let v = ImageView::new(&p, "alt".into(), |s| format!("/base{s}"));
        assert_eq!(v.srcset, "/base/_img/k-96.jpg 96w, /base/_img/k-192.jpg 192w, /base/_img/k-384.jpg 384w");
        let s = v.at(80);
        assert_eq!((s.src.as_str(), s.width, s.height), ("/base/_img/k-192.jpg", 80, 80));
        assert_eq!(v.at(300).src, "/base/_img/k-384.jpg");
    }
}
