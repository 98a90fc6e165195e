//! Writing a prepared site into the staging folder: the copied files, the search index
//! (the bodies' section texts, which only the index reads, are let go as it goes), every page
//! as it is rendered, and the output check on what was written.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::render_stage::render_each;
use super::search_stage::{search_each, Texts};
use super::{output_check, trace, Failure, Prepared};
use crate::diagnostics;
use crate::output::{self, Staging};
use crate::render::Page;
use crate::theme::FileSource;

/// Writes assets, then the search indexes (letting the bodies' section texts, which only the
/// index reads, go as they are indexed), then every page in every language, into `staging`. Returns
/// (pages, files).
pub fn write_site(p: &mut Prepared, staging: &Staging) -> Result<(usize, usize), Failure> {
    let started = Instant::now();
    let io = |e: output::OutputError| Failure::Io(vec![e.into_diagnostic(staging.dir())]);
    let copies = static_files(p)?;
    // each index file is written as soon as it is made; its name is kept for the check
    // the section texts are taken out of the bodies, and each run's let go once indexed
    let search = std::sync::Mutex::new(Vec::new());
    let mut texts = Texts::take(&mut p.docs);
    // the files are copied beside the index, which leaves a core idle part of its time
    let (copied, indexed) = rayon::join(
        || {
            copies.par_iter().try_for_each(|(rel, src)| match src {
                FileSource::Embedded(bytes) => staging.write(rel, bytes),
                FileSource::Generated(bytes) => staging.write(rel, bytes),
                FileSource::Disk(from) => staging.copy(from, rel),
                FileSource::Photo(from) => {
                    match std::fs::read(from).ok().and_then(|b| crate::images::without_metadata(&b)) {
                        Some(unmarked) => staging.write(rel, &unmarked),
                        // nothing to remove, or unreadable: copied, or the copy says why not
                        None => staging.copy(from, rel),
                    }
                }
            })
        },
        || {
            search_each(p, &p.jobs, &mut texts, &|| false, |rel, json| {
                staging.write(&rel, json.as_bytes()).map_err(io)?;
                search.lock().unwrap_or_else(|e| e.into_inner()).push(output_check::key(&rel));
                Ok(())
            })
        },
    );
    copied.map_err(io)?;
    indexed?;
    let search = search.into_inner().unwrap_or_else(|e| e.into_inner());
    trace("files copied and search index built", started);
    // the index was the sections' only reader: what is left of them goes before the pages,
    // freed beside them (on this thread, ~25 ms at 50,000 pages while the workers waited)
    let sections: Vec<_> =
        p.docs.iter_mut().filter_map(|d| Arc::get_mut(&mut d.body).map(|b| std::mem::take(&mut b.sections))).collect();
    super::let_go((texts, sections));
    // each page is written as soon as it is rendered (the site's pages are never all in
    // memory), keeping only what the output check needs of it: its ids and links
    let strings = crate::linkcheck::Strings::default();
    let scanned = render_each(p, &p.jobs, |rel, page| {
        let key = output_check::key(&rel);
        let html = key.ends_with(".html");
        let scan = match page {
            Page::Whole(text) => {
                staging.write(&rel, &text).map_err(io)?;
                html.then(|| strings.compact(&text))
            }
            // a print edition: each piece written and scanned as it is made
            Page::Parts(parts) => {
                let mut pieces = strings.pieces();
                staging
                    .write_with(&rel, |file| {
                        parts.try_for_each(|piece| {
                            pieces.add(piece.as_bytes());
                            file.write_all(piece.as_bytes())
                        })
                    })
                    .map_err(io)?;
                match pieces.finish() {
                    Some(scan) => html.then_some(scan),
                    // a tag ran from one piece into the next: the page is scanned whole
                    None => {
                        let path = staging.dir().join(&rel);
                        let text = std::fs::read(&path).map_err(|e| io(output::io_error(&path, "read", &e)))?;
                        html.then(|| strings.compact(&text))
                    }
                }
            }
        };
        Ok((key, scan))
    })?;
    let pages = scanned.len();
    trace("pages rendered", started);
    // what rendering made once per language (every document's card, …) is not read by the
    // check: it is let go beside it (freeing it here held the check back ~10 ms at 10k pages)
    super::let_go(std::mem::replace(&mut p.made, crate::render::Made::new(0, 0, 0)));
    let p = &*p;
    // every link and id of the site, before anything of it is published: the files written
    // are the copies, the index and every job's output (each rendered above), and the papers'
    // PDFs pages link to
    let copy_keys: Vec<String> = copies.par_iter().map(|(r, _)| output_check::key(r)).collect();
    let pdfs: Vec<String> = p.linked_pdfs.iter().map(|&id| output_check::key(&super::pdf_file(&p.site, id))).collect();
    let mut written: FxHashSet<&str> = FxHashSet::default();
    written.reserve(copy_keys.len() + search.len() + scanned.len() + pdfs.len());
    written
        .extend(copy_keys.iter().chain(&search).chain(&pdfs).chain(scanned.iter().map(|(k, _)| k)).map(String::as_str));
    let refs: Vec<(&str, &crate::linkcheck::Compact)> =
        scanned.iter().filter_map(|(k, s)| s.as_ref().map(|s| (k.as_str(), s))).collect();
    let table = strings.into_table();
    let mut checked = check_written(p, &refs, &table, &|f| written.contains(f));
    // and what the stylesheets name
    let styles = super::stylesheets::check(p, &copies, &|f| written.contains(f));
    if !styles.is_empty() {
        let mut all = match checked {
            Err(Failure::Content(all)) => all,
            _ => p.warnings.clone(),
        };
        all.extend(styles);
        diagnostics::sort(&mut all);
        checked = Err(Failure::Content(all));
    }
    drop((refs, written));
    // what the check read goes on another thread (a one-off build exits without waiting; the
    // links' table alone took the main thread 4 ms at 10k pages)
    let count = copies.len() + pages + search.len() + 1;
    super::let_go((scanned, copy_keys, search, copies, table));
    checked?;
    trace("output checked", started);
    Ok((pages, count))
}

/// Runs the output check on the scanned pages (output key, ids and links; their strings in
/// `table`), given every output path of the site.
pub fn check_written(
    p: &Prepared,
    refs: &[(&str, &crate::linkcheck::Compact)],
    table: &crate::linkcheck::Table,
    written: &(dyn Fn(&str) -> bool + Sync),
) -> Result<(), Failure> {
    let found = output_check::check_scanned(p, refs, table, written, &|_| None, &|| false).unwrap_or_default();
    if found.is_empty() {
        Ok(())
    } else {
        let mut all = p.warnings.clone();
        all.extend(found);
        diagnostics::sort(&mut all);
        Err(Failure::Content(all))
    }
}

/// The files copied as they are, later layers winning: `.nojekyll` and the generated icon,
/// theme assets, the site's `static/`,
/// co-located content assets (the site's photos without their metadata), images, social
/// cards, avatars. Sorted by the output path's
/// bytes (a map of paths compared component by component took ~25 ms for the 15,000 files
/// of a 10,000-page site, on serve's way to its first page); pages are rendered over them.
pub fn static_files(p: &Prepared) -> Result<Vec<(PathBuf, FileSource)>, Failure> {
    // first, so any layer may replace it: an empty `.nojekyll`, without which GitHub Pages
    // (publishing a branch through Jekyll) leaves out every folder starting with `_` — `/_img/`
    let mut copies: Vec<(PathBuf, FileSource)> =
        vec![(PathBuf::from(".nojekyll"), FileSource::Generated(Arc::from(&b""[..])))];
    // the generated icon is a stand-in: a `favicon.svg` of the theme or the site replaces it
    let (icon, avatars): (Vec<_>, Vec<_>) =
        p.pictures.avatars.iter().partition(|(rel, _)| rel.as_os_str() == "favicon.svg");
    let generated = |(rel, svg): (&PathBuf, &String)| (rel.clone(), FileSource::Generated(Arc::from(svg.as_bytes())));
    copies.extend(icon.into_iter().map(generated));
    copies.extend(p.theme.assets.iter().map(|(r, s)| (r.clone(), s.clone())));
    // the site's photos (in `static/` or beside the pages) lose their metadata; the theme's
    // files are its design
    copies.extend(p.statics.iter().chain(&p.assets).map(|a| {
        let photo = a
            .rel
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["jpg", "jpeg", "png", "webp"].iter().any(|x| e.eq_ignore_ascii_case(x)));
        (a.rel.clone(), if photo { FileSource::Photo(a.source.clone()) } else { FileSource::Disk(a.source.clone()) })
    }));
    copies.extend(p.pictures.files().into_iter().map(|(rel, cached)| (rel, FileSource::Disk(cached))));
    copies.extend(p.cards.files().map(|(rel, cached)| (rel.clone(), FileSource::Disk(cached.clone()))));
    copies.extend(avatars.into_iter().map(generated));
    // a stable sort keeps each path's layers in order: the last one wins
    copies.sort_by(|a, b| a.0.as_os_str().as_encoded_bytes().cmp(b.0.as_os_str().as_encoded_bytes()));
    let mut kept: Vec<(PathBuf, FileSource)> = Vec::with_capacity(copies.len());
    for c in copies {
        match kept.last_mut() {
            Some(last) if last.0.as_os_str() == c.0.as_os_str() => *last = c,
            _ => kept.push(c),
        }
    }
    Ok(kept)
}
