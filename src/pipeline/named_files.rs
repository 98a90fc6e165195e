//! The files a page's Markdown names (its images): whether each exists in the site as built —
//! the theme's assets, the avatars and icon plenary draws, the files beside the content and
//! under `static/` — and whether a browser can show it. `plenary check` and a build with content errors report a missing one here,
//! at the image, before the output check of the site rendered in memory (`super::in_memory`,
//! which drops its own report of the same dead link), so one run tells every mistake once.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};
use crate::doc_result::DocResult;
use crate::graph::Site;
use crate::model::Doc;

use super::Prepared;

/// Each image of a page's Markdown that names no file of the site: one error at the image.
/// An image at a place (line and column) that already has an error (one outside the site,
/// say), or whose file has one (a link leading outside the site), is left to it; another
/// error on its line (a broken `@/` link before it) leaves it to be told.
pub fn missing_images(p: &Prepared, found: &[Diagnostic]) -> Vec<Diagnostic> {
    let files = Files::new(p);
    let mut diags = Vec::new();
    let has_error = |path: &Path, at: Option<(usize, usize)>| {
        found
            .iter()
            .any(|d| d.severity == Severity::Error && d.path == path && at.is_none_or(|at| (d.line, d.col) == at))
    };
    for (id, doc) in p.site.docs.iter().enumerate() {
        for img in p.docs[id].body.images.iter() {
            let src = file_name(&img.src);
            // (the file looked for only when the image is missing)
            let told = || {
                has_error(&doc.path, Some((img.line, img.col)))
                    || matches!(crate::images::resolve(&p.root, &doc.path, &src), Ok(Some(file)) if has_error(&file, None))
            };
            if !files.exists(doc, &src) && !told() {
                diags.push(
                    Diagnostic::error(&doc.path, img.line, img.col, format!("image `{}` not found", img.src))
                        .with_help(Files::hint(doc)),
                );
            }
        }
    }
    diags
}

/// Each image of a page's Markdown whose file is there but that a reader would not see: a
/// PNG, JPEG, WebP or GIF file that does not read as one (a damaged upload, a page saved under
/// an image's name) is an error; a format most browsers do not show (HEIC, TIFF) a warning.
/// `sizes` are the images' sizes as measured from their headers (`None`: not told).
pub fn unshowable_images(
    root: &Path,
    site: &Site,
    docs: &[DocResult],
    sizes: &[Vec<Option<(u32, u32)>>],
) -> Vec<Diagnostic> {
    const EXPORT_AGAIN: &str = "open it in an image viewer: a damaged or unfinished upload, or another kind of file under an image's name, shows as a broken image; export it again";
    let resolved = crate::load::resolved_root(root);
    let mut diags = Vec::new();
    for (id, doc) in site.docs.iter().enumerate() {
        let measured = sizes.get(id).map_or(&[][..], Vec::as_slice);
        for (n, img) in docs[id].body.images.iter().enumerate() {
            let src = file_name(&img.src);
            let ext =
                Path::new(&*src).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            // the image library reads these headers: a size means a readable image
            let raster = matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "webp");
            if raster && measured.get(n).copied().flatten().is_some()
                || !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "webp" | "gif" | "heic" | "heif" | "tif" | "tiff")
            {
                continue;
            }
            // (a missing file is told by the output check, one leading outside the site by the load)
            let Some(file) = crate::images::local_file(root, &resolved, &doc.path, &src) else { continue };
            let readable = match ext.as_str() {
                "gif" => starts_as_gif(&file),
                "heic" | "heif" | "tif" | "tiff" => {
                    let message = format!(
                        "image `{}` is in a format most browsers do not show ({})",
                        img.src,
                        ext.to_uppercase()
                    );
                    diags.push(
                        Diagnostic::warning(&doc.path, img.line, img.col, message)
                            .with_help("convert it to JPEG (photos) or PNG (charts, screenshots)"),
                    );
                    continue;
                }
                _ => false,
            };
            if !readable {
                let message = format!("image `{}` is not a readable {} file", img.src, ext.to_uppercase());
                diags.push(Diagnostic::error(&doc.path, img.line, img.col, message).with_help(EXPORT_AGAIN));
            }
        }
    }
    diags
}

/// The file a Markdown image's address names: without its query and fragment, decoded.
fn file_name(src: &str) -> std::borrow::Cow<'_, str> {
    crate::linkcheck::percent_decode(src.split(['?', '#']).next().unwrap_or(""))
}

/// Whether the file begins as a GIF does (`GIF87a`, `GIF89a`).
fn starts_as_gif(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 6];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok()
        && matches!(&head, b"GIF87a" | b"GIF89a")
}

/// What exists in the built site besides pages: static files, theme assets, content assets.
struct Files {
    known: BTreeSet<PathBuf>,
}

impl Files {
    fn new(p: &Prepared) -> Files {
        let mut known: BTreeSet<PathBuf> = p.theme.assets.keys().cloned().collect();
        // what the build draws: the site's icon (`/favicon.svg`), speakers' avatars
        known.extend(p.pictures.avatars.keys().cloned());
        // the files beside the content and under `static/` that the build copies, as the
        // load listed them (a hidden file or an editor's backup there is not published)
        known.extend(p.assets.iter().chain(&p.statics).map(|a| a.rel.clone()));
        Files { known }
    }

    /// Whether the file `src` (a Markdown image's address without its query and fragment,
    /// decoded), written in `doc`, exists (external addresses count).
    fn exists(&self, doc: &Doc, src: &str) -> bool {
        if src.is_empty()
            || src.contains("://")
            || src.starts_with("data:")
            || src.starts_with("mailto:")
            || src.starts_with("//")
        {
            return true;
        }
        if let Some(abs) = src.strip_prefix('/') {
            return self.known.contains(Path::new(abs));
        }
        let dir = doc.path.parent().and_then(|p| p.strip_prefix("content").ok()).unwrap_or(Path::new(""));
        let mut rel = PathBuf::new();
        for c in dir.join(src).components() {
            match c {
                Component::ParentDir => {
                    rel.pop();
                }
                Component::Normal(n) => rel.push(n),
                _ => {}
            }
        }
        self.known.contains(&rel)
    }

    fn hint(doc: &Doc) -> String {
        let dir = doc.path.parent().map(|p| p.display().to_string()).unwrap_or_default();
        format!("put the file next to the page (in {dir}/), or under static/ and write its path as /…")
    }
}
