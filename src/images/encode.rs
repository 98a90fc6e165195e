//! Making an image's variants: decoded within limits (EXIF orientation applied), framed (a
//! photo cropped to a square), resized to the use's widths and encoded without metadata,
//! each variant and then the manifest written into the cache. [`plan`] names the same
//! variants from the header alone, where that is all a page needs to know (`serve` makes them
//! after its first page).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader};

use super::{Processed, Use, Variant, JPEG_QUALITY, MAX_PIXELS, OUT_DIR};

/// A JPEG or PNG file's decoder, its header read and its size within limits.
fn decoder(bytes: &[u8]) -> Result<impl ImageDecoder + '_, String> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    if !matches!(reader.format(), Some(image::ImageFormat::Jpeg | image::ImageFormat::Png)) {
        return Err("not a JPEG or PNG file".into());
    }
    let decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("{w}×{h} pixels is more than plenary decodes"));
    }
    Ok(decoder)
}

/// The width the image is used at (orientation applied, framed), from the header alone:
/// `plenary check`, which makes nothing.
pub(super) fn probe(bytes: &[u8], usage: Use) -> Result<(Option<Processed>, u32), String> {
    let mut decoder = decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    let (w, h) = if super::turned(decoder.orientation().ok()) { (h, w) } else { (w, h) };
    Ok((None, framed_size(usage, w, h).0))
}

/// Decodes with EXIF orientation applied, within limits.
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = decoder(bytes)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// The image as it will be used: photos cropped to a centred square (a little above the
/// middle, where faces are).
fn framed(img: DynamicImage, usage: Use) -> DynamicImage {
    if usage != Use::Photo || img.width() == img.height() {
        return img;
    }
    let side = img.width().min(img.height());
    let x = (img.width() - side) / 2;
    let y = (img.height() - side) * 3 / 10;
    img.crop_imm(x, y, side, side)
}

/// The size of [`framed`]'s result for an image `width`×`height` (orientation applied).
fn framed_size(usage: Use, width: u32, height: u32) -> (u32, u32) {
    if usage == Use::Photo {
        let side = width.min(height);
        (side, side)
    } else {
        (width, height)
    }
}

/// The widths made from a source `width` wide: the use's widths below it (none within 20%
/// of the largest made), then the source's own width or the use's largest, whichever is less.
/// Never wider than the source.
fn widths_for(usage: Use, width: u32) -> Vec<u32> {
    let all = usage.widths();
    let largest = width.min(all[all.len() - 1]);
    let mut v: Vec<u32> = all.iter().copied().filter(|&w| u64::from(w) * 6 < u64::from(largest) * 5).collect();
    v.push(largest);
    v
}

/// The variants made of a framed image `width`×`height`: (width, height, file name), smallest
/// first. The one owner of their sizes and names, for [`make`] and [`plan`] alike.
fn variants(usage: Use, width: u32, height: u32, key: &str, ext: &str) -> Vec<(u32, u32, String)> {
    widths_for(usage, width)
        .into_iter()
        .map(|w| {
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32;
            (w, h, format!("{key}-{w}.{ext}"))
        })
        .collect()
}

/// The image and its list as the cache will hold them, before any variant is there.
fn entry(cache: &Path, key: &str, source_width: u32) -> (Processed, String) {
    let manifest = cache.join(format!("{key}.txt"));
    let p = Processed { variants: Vec::new(), webp: Vec::new(), files: Vec::new(), manifest: Some(manifest) };
    (p, format!("source {source_width}\n"))
}

/// Adds one variant, cached as `file`, to the image and its list (`webp`: a WebP copy).
fn add(p: &mut Processed, list: &mut String, cache: &Path, (w, h, file): (u32, u32, &str), webp: bool) {
    let prefix = if webp { "webp " } else { "" };
    list.push_str(&format!("{prefix}{file} {w} {h}\n"));
    let variant = Variant { path: format!("/{OUT_DIR}/{file}"), width: w, height: h };
    if webp { &mut p.webp } else { &mut p.variants }.push(variant);
    p.files.push((PathBuf::from(OUT_DIR).join(file), cache.join(file)));
}

/// What [`make`] will make of `bytes`, told from the header alone (dimensions, orientation,
/// colour type): `None` when the result is a PNG, whose lossless WebP copies are kept only
/// when smaller, which only encoding them tells (and which changes the page's markup).
/// Errors as [`make`] gives them for a file whose header is wrong; a file damaged after its
/// header fails only when made.
pub(super) fn plan(bytes: &[u8], usage: Use, cache: &Path, key: &str) -> Result<Option<(Processed, u32)>, String> {
    let mut decoder = decoder(bytes)?;
    if decoder.color_type().has_alpha() || usage == Use::Logo {
        return Ok(None);
    }
    let (w, h) = decoder.dimensions();
    let (w, h) = if super::turned(decoder.orientation().ok()) { (h, w) } else { (w, h) };
    let (width, height) = framed_size(usage, w, h);
    let (mut p, mut list) = entry(cache, key, width);
    for (w, h, file) in variants(usage, width, height, key, "jpg") {
        add(&mut p, &mut list, cache, (w, h, &file), false);
    }
    Ok(Some((p, width)))
}

/// Decodes, frames, resizes and encodes every variant into the cache; the manifest is
/// written last, so an interrupted run leaves no entry that looks finished.
pub(super) fn make(bytes: &[u8], usage: Use, cache: &Path, key: &str) -> Result<(Option<Processed>, u32), String> {
    let img = framed(decode(bytes)?, usage);
    let source_width = img.width();
    let png = img.color().has_alpha() || usage == Use::Logo;
    let ext = if png { "png" } else { "jpg" };
    let (mut p, mut list) = entry(cache, key, source_width);
    // `images::process` found no link on the way (`cache::folder`)
    std::fs::create_dir_all(cache).map_err(|e| format!("cannot create the cache folder {}: {e}", cache.display()))?;
    // lossless WebP copies of PNG variants, kept only when they are smaller in all
    let (mut webp, mut png_bytes, mut webp_bytes) = (Vec::new(), 0, 0);
    for (w, h, file) in variants(usage, img.width(), img.height(), key, ext) {
        let resized = if w == img.width() {
            img.clone()
        } else {
            img.resize_exact(w, h, image::imageops::FilterType::CatmullRom)
        };
        let encoded = encode(&resized, png)?;
        if png {
            let lossless = encode_webp(&resized)?;
            (png_bytes, webp_bytes) = (png_bytes + encoded.len(), webp_bytes + lossless.len());
            webp.push((w, h, lossless));
        }
        crate::cache::write(&cache.join(&file), &encoded)?;
        add(&mut p, &mut list, cache, (w, h, &file), false);
    }
    if webp_bytes < png_bytes {
        for (w, h, bytes) in webp {
            let file = format!("{key}-{w}.webp");
            crate::cache::write(&cache.join(&file), &bytes)?;
            add(&mut p, &mut list, cache, (w, h, &file), true);
        }
    }
    let manifest = p.manifest.clone().unwrap_or_default();
    crate::cache::write(&manifest, list.as_bytes())?;
    Ok((Some(p), source_width))
}

/// Encodes without any metadata (no EXIF, no ICC profile, no text chunks).
fn encode(img: &DynamicImage, png: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    if png {
        let enc = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        );
        img.to_rgba8().write_with_encoder(enc).map_err(|e| e.to_string())?;
    } else {
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        img.to_rgb8().write_with_encoder(enc).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Lossless WebP (VP8L: the only WebP the `image` crate writes), without metadata.
fn encode_webp(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
    img.to_rgba8().write_with_encoder(enc).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        assert_eq!(widths_for(Use::Photo, 1000), [96, 192, 384]);
        assert_eq!(widths_for(Use::Photo, 200), [96, 200]);
        assert_eq!(widths_for(Use::Picture, 800), [480, 800]);
        assert_eq!(widths_for(Use::Photo, 50), [50]);
    }

    #[test]
    fn orientation_is_applied_and_metadata_dropped() {
        // a 40×20 JPEG whose EXIF says "rotate 90°": the result is 20 wide and 40 high
        let with_exif = source(40, 20, true, false);
        assert!(with_exif.windows(4).any(|w| w == b"Exif"));
        let decoded = decode(&with_exif).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (20, 40));
        let out = encode(&decoded, false).unwrap();
        assert!(!out.windows(4).any(|w| w == b"Exif"), "metadata must not survive re-encoding");
    }

    /// A JPEG (`alpha` false) or PNG with an alpha channel, `w`×`h`, upright or (EXIF) to be
    /// turned 90°.
    fn source(w: u32, h: u32, turn: bool, alpha: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if alpha {
            let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([x as u8, y as u8, 90, (x + y) as u8]));
            DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
            return out;
        }
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
        if !turn {
            return out;
        }
        // an APP1 segment after SOI
        let exif = exif_orientation_6();
        let mut with_exif = out[..2].to_vec();
        with_exif.extend_from_slice(&[0xFF, 0xE1]);
        with_exif.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        with_exif.extend_from_slice(&exif);
        with_exif.extend_from_slice(&out[2..]);
        with_exif
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]
        /// What serve names from the header is what a build makes: every variant's address,
        /// size and cache file, the list's place and the width the "too small" warning uses;
        /// a PNG result (transparency, a logo) is left to `make`.
        #[test]
        fn the_header_names_the_variants_making_makes(
            w in 1u32..520,
            h in 1u32..520,
            turn in proptest::bool::ANY,
            alpha in proptest::bool::ANY,
            usage in proptest::sample::select(vec![Use::Photo, Use::Picture, Use::Logo]),
        ) {
            let bytes = source(w, h, turn && !alpha, alpha);
            let (planning, making) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
            let planned = plan(&bytes, usage, planning.path(), "k").unwrap();
            let (made, width) = make(&bytes, usage, making.path(), "k").unwrap();
            let named_in = |p: &Processed, dir: &Path| {
                let mut p = p.clone();
                for (_, cached) in &mut p.files {
                    *cached = cached.strip_prefix(dir).unwrap().to_path_buf();
                }
                p.manifest = p.manifest.map(|m| m.strip_prefix(dir).unwrap().to_path_buf());
                p
            };
            match planned {
                None => proptest::prop_assert!(alpha || usage == Use::Logo),
                Some((p, planned_width)) => {
                    proptest::prop_assert!(!alpha && usage != Use::Logo);
                    proptest::prop_assert_eq!(named_in(&p, planning.path()), named_in(made.as_ref().unwrap(), making.path()));
                    proptest::prop_assert_eq!(planned_width, width);
                    proptest::prop_assert!(std::fs::read_dir(planning.path()).unwrap().next().is_none(), "planning writes nothing");
                }
            }
        }
    }

    /// `Exif\0\0` + a little-endian TIFF header with one IFD entry: Orientation = 6.
    fn exif_orientation_6() -> Vec<u8> {
        let mut v = b"Exif\0\0".to_vec();
        v.extend_from_slice(b"II*\0");
        v.extend_from_slice(&8u32.to_le_bytes());
        v.extend_from_slice(&1u16.to_le_bytes());
        v.extend_from_slice(&0x0112u16.to_le_bytes());
        v.extend_from_slice(&3u16.to_le_bytes());
        v.extend_from_slice(&1u32.to_le_bytes());
        v.extend_from_slice(&6u16.to_le_bytes());
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(&0u32.to_le_bytes());
        v
    }
}
