//! What templates receive of a processed image (`ImageView`: sizes, `srcset`, the size
//! asked for) and the `image()` tera function that picks a size.

use serde::{Deserialize, Serialize};

use super::{Pictures, Processed, Variant};

/// What templates get for an image: the sizes, and what `<img>` needs at a default size.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImageView {
    /// Smallest size's address (with base path): the `src` for browsers without `srcset`.
    pub src: String,
    /// `srcset` value (`… 96w, … 192w`); empty for a single size.
    pub srcset: String,
    /// `srcset` of the lossless WebP copies (`… 160w, … 320w`), for a `<source
    /// type="image/webp">`; empty when there are none.
    #[serde(default)]
    pub webp_srcset: String,
    /// Intrinsic width of the largest size.
    pub width: u32,
    /// Intrinsic height of the largest size.
    pub height: u32,
    /// Alternative text ("" for a generated avatar: the name is beside it).
    pub alt: String,
    /// Whether this is a generated initials avatar.
    pub avatar: bool,
    /// Every size: address with base path, width, height.
    pub sizes: Vec<Variant>,
}

impl ImageView {
    /// The view of a processed image; `url` adds the base path.
    pub fn new(p: &Processed, alt: String, url: impl Fn(&str) -> String) -> ImageView {
        let sizes: Vec<Variant> =
            p.variants.iter().map(|v| Variant { path: url(&v.path), width: v.width, height: v.height }).collect();
        let srcset = if sizes.len() > 1 {
            sizes.iter().map(|v| format!("{} {}w", v.path, v.width)).collect::<Vec<_>>().join(", ")
        } else {
            String::new()
        };
        let largest = sizes.last().cloned().unwrap_or(Variant { path: String::new(), width: 1, height: 1 });
        let webp_srcset =
            p.webp.iter().map(|v| format!("{} {}w", url(&v.path), v.width)).collect::<Vec<_>>().join(", ");
        ImageView {
            src: sizes.first().map(|v| v.path.clone()).unwrap_or_default(),
            srcset,
            webp_srcset,
            width: largest.width,
            height: largest.height,
            alt,
            avatar: false,
            sizes,
        }
    }

    /// The generated avatar of `name` (made by [`Pictures::add_avatars`]).
    pub fn avatar(pictures: &Pictures, name: &str, url: impl Fn(&str) -> String) -> ImageView {
        let src = match pictures.avatar_paths.get(name) {
            Some(path) => url(path),
            None => url(&Pictures::avatar_path(name).0),
        };
        ImageView {
            src: src.clone(),
            srcset: String::new(),
            webp_srcset: String::new(),
            width: 96,
            height: 96,
            alt: String::new(),
            avatar: true,
            sizes: vec![Variant { path: src, width: 96, height: 96 }],
        }
    }

    /// The image shown `width` CSS pixels wide: the smallest size at least twice that (for
    /// 2× screens; else the largest), with `width`/`height` attributes in proportion.
    pub fn at(&self, width: u32) -> Sized {
        let want = width.saturating_mul(2);
        let chosen = self.sizes.iter().find(|v| v.width >= want).or(self.sizes.last());
        let src = chosen.map(|v| v.path.clone()).unwrap_or_else(|| self.src.clone());
        let height = (u64::from(self.height) * u64::from(width) + u64::from(self.width.max(1)) / 2)
            / u64::from(self.width.max(1));
        Sized {
            src,
            srcset: self.srcset.clone(),
            webp_srcset: self.webp_srcset.clone(),
            width,
            height: height.max(1) as u32,
            alt: self.alt.clone(),
        }
    }
}

/// An image at a display size (what the `image` template function returns).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sized {
    /// Address of the best size for that width.
    pub src: String,
    /// `srcset` of all sizes (empty for one size).
    pub srcset: String,
    /// `srcset` of the WebP copies, for a `<source type="image/webp">` (empty when none).
    pub webp_srcset: String,
    /// Display width, CSS pixels.
    pub width: u32,
    /// Display height, in proportion.
    pub height: u32,
    /// Alternative text.
    pub alt: String,
}

/// Registers `image(img=…, width=…)`: an [`ImageView`] at a display width, returning
/// `{src, srcset, width, height, alt}` for an `<img>` element.
pub fn register(tera: &mut tera::Tera) {
    tera.register_function("image", |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
        let img: tera::Value = kwargs.must_get("img")?;
        let width: i64 = kwargs.must_get("width")?;
        // read from the template's value as it is (through JSON it took ~5 % of a 1,000-page
        // build's instructions)
        let view = ImageView::deserialize(&img)
            .map_err(|e| tera::Error::message(format!("image(): `img` is not an image value ({e})")))?;
        let width = u32::try_from(width)
            .ok()
            .filter(|w| (1..=4096).contains(w))
            .ok_or_else(|| tera::Error::message("image(): `width` must be between 1 and 4096"))?;
        Ok(tera::Value::from_serializable(&view.at(width)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, img: &tera::Value) -> Result<String, String> {
        let mut tera = tera::Tera::default();
        register(&mut tera);
        tera.add_raw_template("t", template).map_err(|e| e.to_string())?;
        let mut context = tera::Context::new();
        context.insert("img", img);
        tera.render("t", &context).map_err(|e| format!("{e:?}"))
    }

    /// `image()` reads the view a template holds and answers what [`ImageView::at`] gives,
    /// for a photo's sizes, a WebP set and an avatar alike; anything else is a clear error.
    #[test]
    fn the_image_function_gives_the_size_asked_for() {
        let p = Processed {
            variants: vec![
                Variant { path: "/_img/k-160.png".into(), width: 160, height: 80 },
                Variant { path: "/_img/k-320.png".into(), width: 320, height: 160 },
            ],
            webp: vec![
                Variant { path: "/_img/k-160.webp".into(), width: 160, height: 80 },
                Variant { path: "/_img/k-320.webp".into(), width: 320, height: 160 },
            ],
            files: vec![],
            manifest: None,
        };
        let logo = ImageView::new(&p, "Logo \"A\"".into(), |s| format!("/base{s}"));
        let avatar = ImageView::avatar(&Pictures::default(), "Li Ming", |s| s.to_string());
        let shown = "{% set s = image(img=img, width=w) %}{{ s.src }}|{{ s.srcset }}|{{ s.webp_srcset }}|{{ s.width }}|{{ s.height }}|{{ s.alt }}";
        for (view, width) in [(&logo, 70), (&logo, 150), (&avatar, 48)] {
            let got =
                render(&shown.replace("w)", &format!("{width})")), &tera::Value::from_serializable(view)).unwrap();
            let s = view.at(width);
            assert_eq!(got, format!("{}|{}|{}|{}|{}|{}", s.src, s.srcset, s.webp_srcset, s.width, s.height, s.alt));
        }
        let err = render("{{ image(img=img, width=10) }}", &tera::Value::from("a.jpg")).unwrap_err();
        assert!(err.contains("`img` is not an image value"), "{err}");
    }
}
