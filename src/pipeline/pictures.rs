//! The images pages show: speaker photos, news images and logos processed (or only probed
//! for `plenary check`), initials avatars, and the size of every image in the Markdown.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Prepared};
use crate::diagnostics::Diagnostic;
use crate::doc_result::DocResult;
use crate::graph::Site;
use crate::images::Pictures;
use crate::model;

/// The images pages show, processed (or only probed for `plenary check`), and the initials
/// avatars of speakers without a usable photo.
pub(super) fn pictures(opts: &BuildOptions, site: &Site, diags: &mut Vec<Diagnostic>) -> crate::images::Pictures {
    use crate::images::{Making, Request, Use};
    let mut requests = Vec::new();
    for doc in &site.docs {
        let (key, src, usage) = match &doc.data {
            model::Data::Speaker(s) => ("photo", s.photo.as_ref(), Use::Photo),
            model::Data::News(n) => ("image", n.image.as_ref(), Use::Picture),
            _ => continue,
        };
        if let Some(src) = src {
            let at = doc.locate(key, Some(src));
            requests.push(Request { src: src.clone(), written_in: doc.path.clone(), at, usage });
        }
    }
    let yaml = std::fs::read_to_string(opts.root.join("site.yaml")).unwrap_or_default();
    if let Some(logo) = &site.config.logo {
        let at = crate::frontmatter::locate(&yaml, 1, "logo", Some(logo));
        requests.push(Request { src: logo.clone(), written_in: PathBuf::from("site.yaml"), at, usage: Use::Logo });
    }
    for o in &site.config.event.organisers {
        if let Some(logo) = &o.logo {
            let at = crate::frontmatter::locate(&yaml, 1, "event", Some(logo));
            requests.push(Request { src: logo.clone(), written_in: PathBuf::from("site.yaml"), at, usage: Use::Logo });
        }
    }
    let making = match (opts.probe_images, opts.make_later) {
        (true, _) => Making::Probe,
        (false, true) => Making::Later,
        (false, false) => Making::Now,
    };
    let (mut pictures, found) = crate::images::process(&opts.root, &requests, making);
    diags.extend(found);
    let without_photo: Vec<(&str, &str)> = site
        .docs
        .iter()
        .filter(|d| match &d.data {
            model::Data::Speaker(s) => {
                s.photo.as_deref().is_none_or(|p| pictures.get(p, &d.path, Use::Photo).is_none())
            }
            _ => false,
        })
        .map(|d| (d.title.as_str(), d.slug.as_str()))
        .collect();
    pictures.add_avatars(without_photo.into_iter());
    if site.config.favicon.is_none() {
        pictures.avatars.insert(PathBuf::from("favicon.svg"), crate::images::favicon_svg(&site.config.title));
    }
    pictures
}

/// The site's own icon (`favicon` in site.yaml, a path under `static/`) when no file of the
/// site is written there (`written`: whether one is, by output path): an error at its line,
/// where the output check would have found it as a dead link on every page.
pub(super) fn favicon_missing(root: &Path, site: &Site, written: impl Fn(&Path) -> bool) -> Option<Diagnostic> {
    let icon = site.config.favicon.as_deref().filter(|f| !f.contains("://"))?;
    let rel = Path::new(icon.trim_start_matches('/'));
    if written(rel) {
        return None;
    }
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    let (line, col) = crate::frontmatter::locate(&yaml, 1, "favicon", Some(icon));
    Some(
        Diagnostic::error("site.yaml", line, col, format!("favicon `{icon}` not found"))
            .with_help(format!(
                "put the icon at static/{}, or remove `favicon` for an icon made from the site's title",
                rel.display()
            ))
            .with_excerpt_from(&yaml),
    )
}

/// The size of each Markdown image of a document, in order, where known.
type Sizes = Vec<Option<(u32, u32)>>;

/// The size of every local image in every document's Markdown (headers only, in parallel);
/// with `kept` (the previous result's documents and sizes, no image file having changed since),
/// the previous sizes of every document whose rendered body is the previous one.
pub(super) fn body_image_sizes(
    root: &Path,
    site: &Site,
    docs: &[DocResult],
    kept: Option<(&[DocResult], &[Sizes])>,
) -> Vec<Sizes> {
    let resolved = crate::load::resolved_root(root);
    site.docs
        .par_iter()
        .zip(docs.par_iter())
        .enumerate()
        .map(|(id, (doc, result))| {
            if let Some((before, sizes)) = kept {
                if before.get(id).is_some_and(|b| Arc::ptr_eq(&b.body, &result.body)) {
                    if let Some(s) = sizes.get(id) {
                        return s.clone();
                    }
                }
            }
            result
                .body
                .images
                .iter()
                // a Markdown image's address, decoded to the file's name (`my%20chart.png`)
                .map(|r| {
                    let src = crate::linkcheck::percent_decode(&r.src);
                    crate::images::local_file(root, &resolved, &doc.path, &src).and_then(|f| crate::images::size_of(&f))
                })
                .collect()
        })
        .collect()
}

/// The images of a result whose graph is `previous`'s (its front matter unchanged) and whose
/// image files are as `previous` read them: `previous`'s, with the sizes of the edited bodies'
/// images measured again (the same value, shared, when those are unchanged too).
pub(super) fn after_body_edit(root: &Path, site: &Site, docs: &[DocResult], previous: &Prepared) -> Arc<Pictures> {
    let before = &previous.pictures;
    let sizes = body_image_sizes(root, site, docs, Some((&previous.docs, &before.body_sizes)));
    if sizes == before.body_sizes {
        return before.clone();
    }
    let mut pictures = Pictures::clone(before);
    pictures.body_sizes = sizes;
    Arc::new(pictures)
}
