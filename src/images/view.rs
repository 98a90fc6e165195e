//! What templates receive of a processed image (`ImageView`: sizes, `srcset`, the size
//! asked for) and the `image()` tera function that picks a size.

use serde::Serialize;

use super::{Pictures, Processed, Variant};

/// What templates get for an image: the sizes, and what `<img>` needs at a default size.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageView {
    /// Smallest size's address (with base path): the `src` for browsers without `srcset`.
    pub src: String,
    /// `srcset` value (`… 96w, … 192w`); empty for a single size.
    pub srcset: String,
    /// `srcset` of the lossless WebP copies (`… 160w, … 320w`), for a `<source
    /// type="image/webp">`; empty when there are none.
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
    pub fn avatar(pictures: &Pictures, name: &str, key: &str, url: impl Fn(&str) -> String) -> ImageView {
        let src = match pictures.avatar_paths.get(name) {
            Some(path) => url(path),
            None => url(&Pictures::avatar_path(name, key).0),
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
    /// 2× screens; else the largest), with `width`/`height` attributes in proportion. The
    /// reference `image()` is tested against (templates get it from `image()`, which reads
    /// the template's value in place).
    #[cfg(test)]
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
#[cfg(test)]
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

/// An [`ImageView`] already in the form templates receive, made once per image and page
/// language: the same portrait is shown by a speaker's card on many pages and by every forum
/// card it is a face of, and cloning this clones a reference where serialising the view
/// into each page's values copied every string (~4 % of a 10,000-page build's CPU, with
/// what `image()` read back from it). Serialised, it is the view's own serialisation.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageValue(tera::Value);

impl ImageValue {
    /// The template form of `view`.
    pub fn new(view: &ImageView) -> ImageValue {
        ImageValue(tera::Value::from_serializable(view))
    }
}

impl Serialize for ImageValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // into a template's values as a reference to the value made once (tera's own pass-through)
        self.0.serialize(serializer)
    }
}

/// Registers `image(img=…, width=…)`: an [`ImageView`] at a display width, returning
/// `{src, srcset, width, height, alt}` for an `<img>` element.
pub fn register(tera: &mut tera::Tera) {
    let answers = Answers::default();
    tera.register_function("image", move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
        let img: tera::Value = kwargs.must_get("img")?;
        let width: i64 = kwargs.must_get("width")?;
        let width = u32::try_from(width)
            .ok()
            .filter(|w| (1..=4096).contains(w))
            .ok_or_else(|| tera::Error::message("image(): `width` must be between 1 and 4096"))?;
        answers
            .get_or_make(img, width, sized_value)
            .map_err(|e| tera::Error::message(format!("image(): `img` is not an image value ({e})")))
    });
}

/// Answers kept before [`Answers`] starts again (serve renders with one set of templates
/// build after build; each answer keeps its image's value). A 10,000-page build makes about
/// 20,000–30,000 answers, a 50,000-page build 100,000–110,000: with room for 32,768 it
/// started again three times and made answers anew each time they were asked after (with
/// this room, six alternating builds each: wall 4.775 → 4.690 s, CPU 9.01 → 8.88 s, peak
/// 933 → 952 MiB, medians; the answers are kept for the rest of the build).
const ANSWERS_KEPT: usize = 1 << 17;

/// The answers `image()` gave, by the image's map and the width asked: an image's map is made
/// once and shared by every page that shows it ([`ImageValue`]), and the same portrait at
/// the same width is asked for by every card it is on (at 1,000 pages, 5,878 calls for
/// 2,142 answers; making each answer's map was ~1.1 % of a build). A map is known by
/// its address, and each answer keeps the image's value it was made from, so no other map
/// can have that address while the answer is kept: an answer is found again only for the
/// very value it was made of, which the shared map never changes.
#[derive(Default)]
struct Answers(std::sync::Mutex<rustc_hash::FxHashMap<(usize, u32), (tera::Value, tera::Value)>>);

impl Answers {
    /// `make(img, width)`, made once for each image map and width (a value that is not a
    /// map is made each time).
    fn get_or_make(
        &self,
        img: tera::Value,
        width: u32,
        make: impl FnOnce(&tera::Value, u32) -> Result<tera::Value, String>,
    ) -> Result<tera::Value, String> {
        let Some(map) = img.as_map() else { return make(&img, width) };
        let key = (std::ptr::from_ref(map) as usize, width);
        if let Some((_, answer)) = self.kept().get(&key) {
            return Ok(answer.clone());
        }
        let answer = make(&img, width)?;
        let mut all = self.kept();
        if all.len() >= ANSWERS_KEPT {
            all.clear();
        }
        all.insert(key, (img, answer.clone()));
        Ok(answer)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, rustc_hash::FxHashMap<(usize, u32), (tera::Value, tera::Value)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What [`ImageView::at`] gives, read from and made of the template's value as it is: its
/// strings are shared, not copied, and its fields are found in one pass over the map (each
/// lookup by name hashes the name with tera's SipHash; through a deserialised `ImageView` this
/// function was ~1.5 % of a 10,000-page build's CPU, and through JSON before that ~5 %).
fn sized_value(img: &tera::Value, width: u32) -> Result<tera::Value, String> {
    /// The fields of a map named in `keys`, in that order, in one pass.
    fn fields<'m, const N: usize>(m: &'m tera::Value, keys: [&str; N]) -> Result<[Option<&'m tera::Value>; N], String> {
        let mut found = [None; N];
        for (k, v) in m.as_map().ok_or("not a map")? {
            if let Some(i) = k.as_str().and_then(|k| keys.iter().position(|&x| x == k)) {
                found[i] = Some(v);
            }
        }
        Ok(found)
    }
    fn string(v: Option<&tera::Value>, key: &str) -> Result<tera::Value, String> {
        let v = v.ok_or_else(|| format!("no `{key}`"))?;
        v.is_string().then(|| v.clone()).ok_or_else(|| format!("`{key}` is not a string"))
    }
    fn number(v: Option<&tera::Value>, key: &str) -> Result<u32, String> {
        let n = v.ok_or_else(|| format!("no `{key}`"))?.as_u64().and_then(|n| u32::try_from(n).ok());
        n.ok_or_else(|| format!("`{key}` is not a size in pixels"))
    }
    let [src, srcset, webp_srcset, own_width, own_height, alt, sizes] =
        fields(img, ["src", "srcset", "webp_srcset", "width", "height", "alt", "sizes"])?;
    let (own_width, own_height) = (number(own_width, "width")?.max(1), number(own_height, "height")?);
    let sizes = sizes.ok_or("no `sizes`")?.as_array().ok_or("`sizes` is not a list")?;
    // the smallest size at least twice as wide (2× screens), else the largest
    let want = width.saturating_mul(2);
    let mut chosen = None;
    for size in sizes {
        let [path, size_width] =
            size.is_map().then(|| fields(size, ["path", "width"])).ok_or("a size is not a map")??;
        chosen = Some(path);
        if number(size_width, "width")? >= want {
            break;
        }
    }
    let height = (u64::from(own_height) * u64::from(width) + u64::from(own_width) / 2) / u64::from(own_width);
    let webp_srcset = match webp_srcset {
        Some(_) => string(webp_srcset, "webp_srcset")?,
        None => tera::Value::from(""),
    };
    // serialised as `Sized` is: tera takes the values in it as they are
    #[derive(Serialize)]
    struct Shown {
        src: tera::Value,
        srcset: tera::Value,
        webp_srcset: tera::Value,
        width: u32,
        height: u64,
        alt: tera::Value,
    }
    let src = match chosen {
        Some(path) => string(path, "path")?,
        None => string(src, "src")?,
    };
    let shown = Shown {
        src,
        srcset: string(srcset, "srcset")?,
        webp_srcset,
        width,
        height: height.max(1),
        alt: string(alt, "alt")?,
    };
    Ok(tera::Value::from_serializable(&shown))
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
        let avatar = ImageView::avatar(&Pictures::default(), "Li Ming", "li-ming", |s| s.to_string());
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

    fn views() -> impl Strategy<Value = ImageView> {
        let variant = (0u32..5000, 0u32..5000, "[a-z0-9/._-]{0,40}").prop_map(|(width, height, path)| Variant {
            path,
            width,
            height,
        });
        (
            proptest::collection::vec(variant, 0..5),
            "[ -~é中ل]{0,30}",
            any::<bool>(),
            0u32..5000,
            0u32..5000,
            "[a-z/]{0,60}",
        )
            .prop_map(|(sizes, alt, webp, width, height, src)| ImageView {
                srcset: sizes.iter().map(|v| format!("{} {}w", v.path, v.width)).collect::<Vec<_>>().join(", "),
                webp_srcset: if webp { format!("{src}.webp 160w") } else { String::new() },
                src,
                width,
                height,
                alt,
                avatar: webp,
                sizes,
            })
    }

    use proptest::prelude::*;

    proptest! {
        /// `image()` reads the shared template value in place; what it answers is what
        /// [`ImageView::at`] answers for the view (sizes of any order and number, zero
        /// widths, empty `srcset`s), and the shared value serialises as the view does.
        #[test]
        fn the_image_function_answers_what_the_view_answers(view in views(), width in 1u32..=4096) {
            let value = ImageValue::new(&view);
            let got = sized_value(&tera::Value::from_serializable(&value), width).unwrap();
            prop_assert_eq!(got, tera::Value::from_serializable(&view.at(width)));
            prop_assert_eq!(serde_json::to_string(&value).unwrap(), serde_json::to_string(&view).unwrap());
            prop_assert_eq!(tera::Value::from_serializable(&value), tera::Value::from_serializable(&view));
        }
    }

    /// Whatever images and widths are asked for, in any order, and however often values are
    /// made and let go (a let-go map's address may be taken by the next), each answer is the
    /// one made afresh; a map and width already answered are answered without making again.
    #[test]
    fn kept_answers_are_the_answers_made_afresh() {
        let answers = Answers::default();
        let made = std::cell::Cell::new(0);
        let make = |img: &tera::Value, width| {
            made.set(made.get() + 1);
            sized_value(img, width)
        };
        let view = |k: u32| {
            let p = Processed {
                variants: vec![Variant { path: format!("/_img/{k}.png"), width: 100 + k, height: 50 + k }],
                webp: vec![],
                files: vec![],
                manifest: None,
            };
            ImageView::new(&p, format!("image {k}"), |s| s.to_string())
        };
        let kept: Vec<ImageValue> = (0..20).map(|k| ImageValue::new(&view(k))).collect();
        for round in 0..3 {
            for (k, value) in kept.iter().enumerate() {
                let img = tera::Value::from_serializable(value);
                for width in [32, 48, 64] {
                    let fresh = sized_value(&img, width).unwrap();
                    assert_eq!(answers.get_or_make(img.clone(), width, make).unwrap(), fresh, "{k} at {width}");
                }
                // a value made and let go at once: its address is free for the next one
                for passing in [k as u32 + 100, k as u32 + 200] {
                    let img = tera::Value::from_serializable(&ImageValue::new(&view(passing)));
                    let fresh = sized_value(&img, 40).unwrap();
                    assert_eq!(answers.get_or_make(img, 40, make).unwrap(), fresh, "{passing} in round {round}");
                }
            }
        }
        // the kept images' 60 answers made once, the passing ones each time
        assert_eq!(made.get(), 60 + 3 * 40);
        let not_a_map = answers.get_or_make(tera::Value::from("a.jpg"), 40, sized_value);
        assert_eq!(not_a_map.unwrap_err(), "not a map");
    }

    /// A value that is not an image is told apart by what it lacks, never taken for one.
    #[test]
    fn a_value_short_of_an_image_is_refused() {
        let view = ImageView::avatar(&Pictures::default(), "Li Ming", "li-ming", |s| s.to_string());
        let whole = tera::Value::from_serializable(&view);
        assert!(sized_value(&whole, 40).is_ok());
        for key in ["sizes", "width", "height", "srcset", "alt"] {
            let mut map = whole.as_map().unwrap().clone();
            map.shift_remove(&tera::value::Key::Str(key));
            let err = sized_value(&tera::Value::from(map), 40).unwrap_err();
            assert!(err.contains(&format!("`{key}`")), "{key}: {err}");
        }
        // a size that is a number where a list was, or a list of other things
        let mut map = whole.as_map().unwrap().clone();
        map.insert(tera::value::Key::Str("sizes"), tera::Value::from(vec![1, 2]));
        assert_eq!(sized_value(&tera::Value::from(map), 40).unwrap_err(), "a size is not a map");
        let mut map = whole.as_map().unwrap().clone();
        map.insert(tera::value::Key::Str("width"), tera::Value::from("wide"));
        assert_eq!(sized_value(&tera::Value::from(map), 40).unwrap_err(), "`width` is not a size in pixels");
    }
}
