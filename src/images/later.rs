//! What serve makes after its first page ([`Making::Later`](super::Making::Later)): the
//! images named from their headers and left in `Pictures::pending`, made in the background
//! or when one of their files is asked for first — only from bytes that still hash to their
//! name.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{cached, content_key, make, not_an_image, read_source, Request};
use crate::diagnostics::Diagnostic;

/// An image [`Making::Later`](super::Making::Later) named and did not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Its cache key (the start of every cache file it has).
    pub key: String,
    /// The source file, inside the site.
    pub file: PathBuf,
    /// Where it was asked for, and for what.
    pub request: Request,
}

/// Makes the images [`Making::Later`](super::Making::Later) left (sorted by key, as
/// [`process`](super::process) leaves them) that the cache lacks, in parallel, until `stop`
/// says so. Returns how many were made and one error per image that could not be. An image
/// whose file has changed since it was named is left alone: its bytes are not the ones its
/// name promises, and the change brings a rebuild.
pub fn make_pending(root: &Path, pending: &[Pending], stop: &(dyn Fn() -> bool + Sync)) -> (usize, Vec<Diagnostic>) {
    let cache = match crate::cache::folder(root, crate::cache::IMAGES, true) {
        Ok(c) => c,
        Err(d) => return (0, vec![d]),
    };
    let resolved = crate::load::resolved_root(root);
    let outcomes: Vec<Option<Result<(), Diagnostic>>> =
        pending.par_iter().map(|p| if stop() { None } else { make_one(&resolved, &cache, p) }).collect();
    let made = outcomes.iter().flatten().filter(|o| o.is_ok()).count();
    (made, outcomes.into_iter().flatten().filter_map(Result::err).collect())
}

/// Makes the image one of whose cache files is `file` when `pending` (sorted by key) lists
/// it and the cache does not hold it yet: serve, asked for a photo before [`make_pending`]
/// reached it. Whether the cache holds the file now.
pub fn make_named(root: &Path, pending: &[Pending], file: &Path) -> bool {
    let Ok(cache) = crate::cache::folder(root, crate::cache::IMAGES, true) else { return false };
    let Some(name) = file.file_name().and_then(|n| n.to_str()).filter(|_| file.parent() == Some(cache.as_path()))
    else {
        return false;
    };
    let key = name.split(['-', '.']).next().unwrap_or_default();
    let Ok(i) = pending.binary_search_by(|p| p.key.as_str().cmp(key)) else { return false };
    let _ = make_one(&crate::load::resolved_root(root), &cache, &pending[i]);
    crate::cache::has(file)
}

/// Makes one pending image into `cache` unless the cache holds it or its file no longer holds
/// the bytes it was named by (`None`).
fn make_one(resolved: &Path, cache: &Path, p: &Pending) -> Option<Result<(), Diagnostic>> {
    if cached(cache, &p.key).is_some() {
        return None;
    }
    let real = crate::load::inside_root(resolved, &p.file, &p.file).ok()?;
    let bytes = read_source(&real).ok()?;
    if content_key(&bytes, p.request.usage) != p.key {
        return None;
    }
    Some(make(&bytes, p.request.usage, cache, &p.key).map(|_| ()).map_err(|m| not_an_image(&p.request, &m)))
}
