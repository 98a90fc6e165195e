//! The images pages show: speaker photos, news images and logos processed (or only probed
//! for `plenary check`), initials avatars, and the size of every image in the Markdown.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::doc_result::DocResult;
use crate::graph::Site;
use crate::model;

/// The images pages show, processed (or only probed for `plenary check`), and the initials
/// avatars of speakers without a usable photo.
pub(super) fn pictures(opts: &BuildOptions, site: &Site, diags: &mut Vec<Diagnostic>) -> crate::images::Pictures {
    use crate::images::{Request, Use};
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
    let (mut pictures, found) = crate::images::process(&opts.root, &requests, !opts.probe_images);
    diags.extend(found);
    let without_photo: Vec<&str> = site
        .docs
        .iter()
        .filter(|d| match &d.data {
            model::Data::Speaker(s) => {
                s.photo.as_deref().is_none_or(|p| pictures.get(p, &d.path, Use::Photo).is_none())
            }
            _ => false,
        })
        .map(|d| d.title.as_str())
        .collect();
    pictures.add_avatars(without_photo.into_iter());
    if site.config.favicon.is_none() {
        pictures.avatars.insert(PathBuf::from("favicon.svg"), crate::images::favicon_svg(&site.config.title));
    }
    pictures
}

/// The size of every local image in every document's Markdown (headers only, in parallel).
pub(super) fn body_image_sizes(root: &Path, site: &Site, docs: &[DocResult]) -> Vec<Vec<Option<(u32, u32)>>> {
    site.docs
        .par_iter()
        .zip(docs.par_iter())
        .map(|(doc, result)| {
            result
                .body
                .images
                .iter()
                .map(|r| match crate::images::resolve(root, &doc.path, &r.src) {
                    Ok(Some(rel)) => crate::images::size_of(root, &rel),
                    _ => None,
                })
                .collect()
        })
        .collect()
}
