//! Photos published as they are (a file beside a page, shown by `![…](photo.jpg)` or linked,
//! and the originals of speakers' photos) say nothing of where, when and with what they were
//! taken: a phone writes the place (GPS), the time, the camera and often a thumbnail into
//! each photo, and a delegate's portrait taken at home would publish their address.
//!
//! JPEG, PNG and WebP files are rewritten without their metadata, losslessly — the image data
//! is copied byte for byte through `img-parts` (containers read and written, nothing decoded):
//! - JPEG: only what draws the image is kept (tables, frame, scans; JFIF, the ICC colour
//!   profile, Adobe's colour transform); EXIF, XMP, IPTC, comments, other applications'
//!   blocks and the further images a phone appends after the first (MPF: depth maps, gain
//!   maps, each with metadata of its own) are dropped;
//! - PNG: `eXIf`, the text chunks (`tEXt`, `zTXt`, `iTXt`, where XMP goes) and `tIME`;
//! - WebP: the `EXIF` and `XMP ` chunks.
//!
//! The EXIF orientation is the one fact kept (a browser turns the photo by it): when it is
//! not upright, a minimal EXIF block carrying only it replaces the original. A file that is
//! not one of these formats, or that cannot be read as one, is published as it is.

use image::metadata::Orientation;
use img_parts::jpeg::{markers, Jpeg};
use img_parts::png::Png;
use img_parts::webp::{WebP, CHUNK_XMP};
use img_parts::{Bytes, ImageEXIF};

/// `bytes` without their metadata when they are a JPEG, PNG or WebP file that has some;
/// `None` when they have none, or are none of those (published as they are).
pub fn without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let out = match bytes {
        [0xff, 0xd8, 0xff, ..] => jpeg(bytes)?,
        [0x89, b'P', b'N', b'G', ..] => png(bytes)?,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => webp(bytes)?,
        _ => return None,
    };
    (out != bytes).then_some(out)
}

/// The orientation an EXIF block gives, when it is not upright.
fn turned(exif: Option<Bytes>) -> Option<Orientation> {
    exif.and_then(|e| Orientation::from_exif_chunk(&e)).filter(|o| *o != Orientation::NoTransforms)
}

/// An EXIF block (TIFF, big-endian) holding the orientation alone.
fn orientation_only(o: Orientation) -> Bytes {
    let mut b = Vec::with_capacity(26);
    b.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // byte order, magic, first IFD at 8
    b.extend_from_slice(&1u16.to_be_bytes()); // one entry
    b.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    b.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    b.extend_from_slice(&1u32.to_be_bytes()); // one value
    b.extend_from_slice(&u16::from(o.to_exif()).to_be_bytes());
    b.extend_from_slice(&[0, 0]); // the value's padding
    b.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    Bytes::from(b)
}

fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let end = first_image_end(bytes)?;
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(&bytes[..end])).ok()?;
    let orientation = turned(jpeg.exif());
    jpeg.segments_mut().retain(|s| match s.marker() {
        markers::APP0 => true,
        markers::APP2 => s.contents().starts_with(b"ICC_PROFILE\0"),
        markers::APP14 => s.contents().starts_with(b"Adobe"),
        m => !(markers::APP1..=markers::APP15).contains(&m) && m != markers::COM,
    });
    if let Some(o) = orientation {
        jpeg.set_exif(Some(orientation_only(o)));
    }
    Some(jpeg.encoder().bytes().to_vec())
}

/// Where the first image of a JPEG file ends (after its EOI marker): segments are skipped by
/// their lengths, and a scan's coded data is read up to the next marker (a byte 0xFF followed
/// by anything but a stuffed zero, a restart marker or more fill bytes).
fn first_image_end(b: &[u8]) -> Option<usize> {
    let mut i = 2; // after SOI
    loop {
        // the next marker, past fill bytes
        if *b.get(i)? != 0xff {
            return None;
        }
        while *b.get(i + 1)? == 0xff {
            i += 1;
        }
        let marker = *b.get(i + 1)?;
        i += 2;
        match marker {
            markers::EOI => return Some(i),
            // markers without a length: restarts and TEM (0x01)
            markers::RST0..=markers::RST7 | 0x01 => continue,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?]));
        i = i.checked_add(len)?;
        if marker == markers::SOS {
            // coded data up to the next marker that is not part of it
            loop {
                let at = i + b.get(i..)?.iter().position(|&x| x == 0xff)?;
                match *b.get(at + 1)? {
                    0x00 | markers::RST0..=markers::RST7 => i = at + 2,
                    0xff => i = at + 1,
                    _ => {
                        i = at;
                        break;
                    }
                }
            }
        }
    }
}

fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut png = Png::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
    let orientation = turned(png.exif());
    png.chunks_mut().retain(|c| !matches!(&c.kind(), b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"));
    if let Some(o) = orientation {
        png.set_exif(Some(orientation_only(o)));
    }
    Some(png.encoder().bytes().to_vec())
}

fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
    let orientation = turned(webp.exif());
    webp.remove_chunks_by_id(CHUNK_XMP);
    // setting the EXIF block also sets the header's flags from the chunks left
    webp.set_exif(orientation.map(orientation_only));
    Some(webp.encoder().bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photo as a phone writes it: EXIF with the camera, the place and a turned orientation.
    fn phone_photo(format: image::ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_fn(40, 20, |x, y| image::Rgb([(x * 6) as u8, (y * 12) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// EXIF (little-endian, as phones write it): Make, Orientation 6 and a GPS latitude.
    fn exif_with_place() -> Vec<u8> {
        let mut b = b"II\x2a\0\x08\0\0\0".to_vec();
        b.extend_from_slice(&3u16.to_le_bytes());
        // Make "Phone\0" (ASCII, 6 bytes, at offset 50)
        b.extend_from_slice(&[0x0f, 0x01, 2, 0, 6, 0, 0, 0, 50, 0, 0, 0]);
        // Orientation 6
        b.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        // GPS IFD at 56
        b.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 56, 0, 0, 0]);
        b.extend_from_slice(&[0, 0, 0, 0]);
        b.extend_from_slice(b"Phone\0");
        // GPS IFD: GPSLatitudeRef "N"
        b.extend_from_slice(&1u16.to_le_bytes());
        b.extend_from_slice(&[0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
        b.extend_from_slice(&[0, 0, 0, 0]);
        b
    }

    fn decoded(bytes: &[u8]) -> image::RgbImage {
        image::load_from_memory(bytes).unwrap().to_rgb8()
    }

    #[test]
    fn a_phones_jpeg_keeps_its_image_and_orientation_and_loses_the_rest() {
        let plain = phone_photo(image::ImageFormat::Jpeg);
        let mut jpeg = Jpeg::from_bytes(Bytes::from(plain.clone())).unwrap();
        jpeg.set_exif(Some(Bytes::from(exif_with_place())));
        let xmp = Bytes::from_static(b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude</x:xmpmeta>");
        let com = Bytes::from_static(b"taken at home");
        jpeg.segments_mut().insert(1, img_parts::jpeg::JpegSegment::new_with_contents(markers::APP1, xmp));
        jpeg.segments_mut().insert(1, img_parts::jpeg::JpegSegment::new_with_contents(markers::COM, com));
        let mut phone = jpeg.encoder().bytes().to_vec();
        // a second image after the first, as MPF appends one, with metadata of its own
        let trailer = [&plain[..2], b"\xff\xe1\0\x10Exif\0\0GPS-here", &plain[2..]].concat();
        phone.extend_from_slice(&trailer);

        let out = without_metadata(&phone).expect("metadata removed");
        let text = String::from_utf8_lossy(&out);
        for gone in ["Phone", "GPS", "taken at home", "xmpmeta"] {
            assert!(String::from_utf8_lossy(&phone).contains(gone), "{gone} was never there");
            assert!(!text.contains(gone), "{gone} is still there");
        }
        assert_eq!(decoded(&out), decoded(&plain), "the image itself is the same");
        let kept = Jpeg::from_bytes(Bytes::from(out.clone())).unwrap().exif();
        assert_eq!(turned(kept), Some(Orientation::Rotate90));
        // its coded data is byte for byte the original's
        let scan = |b: &[u8]| b[b.len() - 200..].to_vec();
        assert_eq!(scan(&out), scan(&plain));
        // once is enough: nothing more to remove
        assert_eq!(without_metadata(&out), None);
    }

    #[test]
    fn png_and_webp_lose_exif_text_and_xmp_and_keep_orientation() {
        let plain = phone_photo(image::ImageFormat::Png);
        let mut png = Png::from_bytes(Bytes::from(plain.clone())).unwrap();
        png.set_exif(Some(Bytes::from(exif_with_place())));
        let text = img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"Comment\0taken at home"));
        png.chunks_mut().insert(1, text);
        let out = without_metadata(&png.encoder().bytes()).expect("metadata removed");
        assert!(
            !String::from_utf8_lossy(&out).contains("taken at home")
                && !String::from_utf8_lossy(&out).contains("Phone")
        );
        assert_eq!(decoded(&out), decoded(&plain));
        assert_eq!(turned(Png::from_bytes(Bytes::from(out)).unwrap().exif()), Some(Orientation::Rotate90));

        let plain = phone_photo(image::ImageFormat::WebP);
        let mut webp = WebP::from_bytes(Bytes::from(plain.clone())).unwrap();
        webp.set_exif(Some(Bytes::from(exif_with_place())));
        let xmp = img_parts::riff::RiffChunk::new(
            CHUNK_XMP,
            img_parts::riff::RiffContent::Data(Bytes::from_static(b"<x:xmpmeta/>")),
        );
        webp.chunks_mut().push(xmp);
        webp.set_exif(Some(Bytes::from(exif_with_place())));
        let out = without_metadata(&webp.encoder().bytes()).expect("metadata removed");
        assert!(!String::from_utf8_lossy(&out).contains("xmpmeta") && !String::from_utf8_lossy(&out).contains("Phone"));
        assert_eq!(decoded(&out), decoded(&plain));
        assert_eq!(turned(WebP::from_bytes(Bytes::from(out)).unwrap().exif()), Some(Orientation::Rotate90));
    }

    #[test]
    fn files_without_metadata_or_of_other_kinds_are_left_as_they_are() {
        for format in [image::ImageFormat::Jpeg, image::ImageFormat::Png, image::ImageFormat::WebP] {
            assert_eq!(without_metadata(&phone_photo(format)), None, "{format:?}");
        }
        for other in [&b"GIF89a..."[..], b"%PDF-1.7", b"\xff\xd8\xff broken", b"\x89PNG broken", b""] {
            assert_eq!(without_metadata(other), None);
        }
    }
}
