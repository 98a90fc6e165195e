//! The sizes of local image files as browsers show them (EXIF orientation applied; an SVG's
//! `width`/`height`/`viewBox`), and Markdown images given those sizes.

use std::path::Path;

use image::{ImageDecoder, ImageReader};

use super::turned;

/// The size a browser shows the file at `full` at (EXIF orientation applied), from its header
/// (or an SVG's `width`/`height`/`viewBox`); `None` when it cannot be told.
pub fn size_of(full: &Path) -> Option<(u32, u32)> {
    if full.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return svg_size(&std::fs::read_to_string(full).ok()?);
    }
    let reader = ImageReader::open(full).ok()?.with_guessed_format().ok()?;
    let mut decoder = reader.into_decoder().ok()?;
    let (w, h) = decoder.dimensions();
    Some(if turned(decoder.orientation().ok()) { (h, w) } else { (w, h) })
}

/// Adds `width`, `height` and (with `lazy`; not in a print edition, which must load every
/// image before printing) `loading="lazy"` to the `<img>` elements of a rendered body, the
/// `n`th having `sizes[n]` (Markdown images come out in order). Elements that already have a
/// width are left alone.
pub fn size_body_images<'h>(html: &'h str, sizes: &[Option<(u32, u32)>], lazy: bool) -> std::borrow::Cow<'h, str> {
    if sizes.iter().all(Option::is_none) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() + sizes.len() * 40);
    let mut rest = html;
    let mut n = 0;
    while let Some(i) = rest.find("<img ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        if let Some(Some((w, h))) = sizes.get(n) {
            if !rest[..tag_end].contains(" width=") && !rest.starts_with("width=") {
                out.push_str(&format!("width=\"{w}\" height=\"{h}\" "));
                if lazy {
                    out.push_str("loading=\"lazy\" ");
                }
            }
        }
        n += 1;
    }
    out.push_str(rest);
    out.into()
}

pub(super) fn svg_size(text: &str) -> Option<(u32, u32)> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let svg = doc.root_element();
    let num = |s: &str| s.trim().trim_end_matches("px").parse::<f64>().ok().filter(|v| *v > 0.0);
    if let (Some(w), Some(h)) = (svg.attribute("width").and_then(num), svg.attribute("height").and_then(num)) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let vb: Vec<f64> = svg.attribute("viewBox")?.split([' ', ',']).filter_map(|s| s.parse().ok()).collect();
    (vb.len() == 4 && vb[2] > 0.0 && vb[3] > 0.0).then(|| (vb[2].round() as u32, vb[3].round() as u32))
}
