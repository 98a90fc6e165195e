//! Making an image's variants: decoded within limits (EXIF orientation applied), framed (a
//! photo cropped to a square), resized to the use's widths and encoded without metadata,
//! each variant and then the manifest written into the cache.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageReader};

use super::{Processed, Use, Variant, JPEG_QUALITY, MAX_PIXELS, OUT_DIR};

/// Decodes with EXIF orientation applied, within limits.
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    if !matches!(reader.format(), Some(image::ImageFormat::Jpeg | image::ImageFormat::Png)) {
        return Err("not a JPEG or PNG file".into());
    }
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("{w}×{h} pixels is more than plenary decodes"));
    }
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

/// Decodes, frames, resizes and encodes every variant into the cache; the manifest is
/// written last, so an interrupted run leaves no entry that looks finished.
pub(super) fn make(bytes: &[u8], usage: Use, cache: &Path, key: &str) -> Result<(Option<Processed>, u32), String> {
    let img = framed(decode(bytes)?, usage);
    let source_width = img.width();
    let png = img.color().has_alpha() || usage == Use::Logo;
    let ext = if png { "png" } else { "jpg" };
    let manifest = cache.join(format!("{key}.txt"));
    let mut p =
        Processed { variants: Vec::new(), webp: Vec::new(), files: Vec::new(), manifest: Some(manifest.clone()) };
    let mut list = format!("source {source_width}\n");
    // `images::process` found no link on the way (`cache::folder`)
    std::fs::create_dir_all(cache).map_err(|e| format!("cannot create the cache folder {}: {e}", cache.display()))?;
    // lossless WebP copies of PNG variants, kept only when they are smaller in all
    let (mut webp, mut png_bytes, mut webp_bytes) = (Vec::new(), 0, 0);
    for w in widths_for(usage, source_width) {
        let h = ((u64::from(img.height()) * u64::from(w) + u64::from(img.width()) / 2) / u64::from(img.width())).max(1)
            as u32;
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
        let file = format!("{key}-{w}.{ext}");
        crate::cache::write(&cache.join(&file), &encoded)?;
        list.push_str(&format!("{file} {w} {h}\n"));
        p.variants.push(Variant { path: format!("/{OUT_DIR}/{file}"), width: w, height: h });
        p.files.push((PathBuf::from(OUT_DIR).join(&file), cache.join(&file)));
    }
    if webp_bytes < png_bytes {
        for (w, h, bytes) in webp {
            let file = format!("{key}-{w}.webp");
            crate::cache::write(&cache.join(&file), &bytes)?;
            list.push_str(&format!("webp {file} {w} {h}\n"));
            p.webp.push(Variant { path: format!("/{OUT_DIR}/{file}"), width: w, height: h });
            p.files.push((PathBuf::from(OUT_DIR).join(&file), cache.join(&file)));
        }
    }
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
        let img = DynamicImage::new_rgb8(40, 20);
        let mut jpeg = Vec::new();
        img.write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
        let exif = exif_orientation_6();
        // insert an APP1 segment after SOI
        let mut with_exif = jpeg[..2].to_vec();
        with_exif.extend_from_slice(&[0xFF, 0xE1]);
        with_exif.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        with_exif.extend_from_slice(&exif);
        with_exif.extend_from_slice(&jpeg[2..]);
        let decoded = decode(&with_exif).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (20, 40));
        let out = encode(&decoded, false).unwrap();
        assert!(!out.windows(4).any(|w| w == b"Exif"), "metadata must not survive re-encoding");
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
