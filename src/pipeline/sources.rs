//! The content files of a site, read and parsed before the graph is built; serve keeps them
//! between rebuilds and re-reads only what changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::{load, model};

/// The content files of a site, read and parsed, before the graph is built. Serve keeps this
/// between rebuilds and re-parses only the files that changed.
#[derive(Default)]
pub struct Sources {
    /// Each Markdown file under `content/` (path relative to the root) → its document (`None`
    /// when unusable) and its diagnostics.
    pub files: BTreeMap<PathBuf, Parsed>,
    /// Problems found while walking `content/` that belong to no single file.
    pub walk: Vec<Diagnostic>,
    /// Files under `content/` that are not Markdown.
    pub assets: Vec<load::Asset>,
}

/// Files read and parsed by one task of the pool while the walk goes on.
const READ_BATCH: usize = 32;

impl Sources {
    /// Walks, reads and parses everything under `<root>/content`.
    pub fn load(root: &Path) -> Sources {
        let mut sources = Sources::default();
        sources.read(root, &BTreeSet::new(), false);
        sources
    }

    /// Walks `content/` again after files or folders appeared, vanished or moved: reads the
    /// Markdown files that are new or listed in `changed` (paths relative to the root),
    /// forgets the ones that are gone, keeps the rest as parsed. Returns the paths whose
    /// entry was read, added or forgotten.
    pub fn rescan(&mut self, root: &Path, changed: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
        self.read(root, changed, true)
    }

    /// [`Sources::rescan`], listing the paths touched only when `list` (the first load
    /// discards them: each set of 10,000 paths, sorted component by component, held one
    /// thread ~3 ms while the other had nothing to do).
    fn read(&mut self, root: &Path, changed: &BTreeSet<PathBuf>, list: bool) -> BTreeSet<PathBuf> {
        let started = std::time::Instant::now();
        let key = |rel: &Path| Path::new("content").join(rel);
        // the files are read as the walk finds them (the walk is one thread's work: 20 ms at
        // 10,000 files, 110 ms at 50,000), each with its place in the walk's order: this
        // thread walks and hands the pool a batch of files at a time (a walk on a thread of
        // its own, feeding the pool through a channel, was now and then descheduled by the
        // pool's two busy threads, which then waited on the empty channel: 80–140 ms for
        // this stage at 10,000 files instead of 80)
        let files = &self.files;
        let parsed = std::sync::Mutex::new(Vec::new());
        let walked = rayon::in_place_scope(|scope| {
            let (mut n, mut batch) = (0, Vec::with_capacity(READ_BATCH));
            let parsed = &parsed;
            let hand_over = |batch: Vec<(usize, PathBuf, PathBuf)>| {
                scope.spawn(move |_| {
                    let done: Vec<(usize, PathBuf, Parsed)> =
                        batch.into_iter().map(|(n, abs, rel)| (n, key(&rel), read_one(&abs, &rel))).collect();
                    parsed.lock().unwrap_or_else(|e| e.into_inner()).extend(done);
                })
            };
            let walked = load::walk_with(root, |abs, rel| {
                let k = key(rel);
                if changed.contains(&k) || !files.contains_key(&k) {
                    batch.push((n, abs.to_path_buf(), rel.to_path_buf()));
                    if batch.len() == READ_BATCH {
                        hand_over(std::mem::replace(&mut batch, Vec::with_capacity(READ_BATCH)));
                    }
                }
                n += 1;
            });
            hand_over(batch);
            walked
        });
        let mut parsed = parsed.into_inner().unwrap_or_else(|e| e.into_inner());
        super::trace("sources: walked, read and parsed", started);
        // the files that are gone (none before the first load)
        let mut touched: BTreeSet<PathBuf> = BTreeSet::new();
        if !self.files.is_empty() {
            let found: BTreeSet<PathBuf> = walked.markdown.iter().map(|(_, rel)| key(rel)).collect();
            touched = self.files.keys().filter(|k| !found.contains(*k)).cloned().collect();
            for k in &touched {
                self.files.remove(k);
            }
        }
        // the walk's order is the maps' order, so both are built whole from sorted lists:
        // inserting 10,000 paths one at a time (compared component by component) took
        // 50-90 ms of the first load at 10,000 pages
        parsed.sort_unstable_by_key(|(n, _, _)| *n);
        let parsed: BTreeMap<PathBuf, Parsed> = parsed.into_iter().map(|(_, k, entry)| (k, entry)).collect();
        if list {
            touched.append(&mut parsed.keys().cloned().collect());
        }
        if self.files.is_empty() {
            self.files = parsed;
        } else {
            self.files.extend(parsed);
        }
        let (walk, unreadable) = split_walk_diagnostics(walked.diagnostics);
        for (k, entry) in unreadable {
            touched.insert(k.clone());
            self.files.insert(k, entry);
        }
        self.walk = walk;
        self.assets = walked.assets;
        touched
    }

    /// Reads and parses one Markdown file again (`rel` relative to the root, under
    /// `content/`); forgets it when it no longer exists.
    pub fn reload(&mut self, root: &Path, rel: &Path) {
        let abs = root.join(rel);
        if !abs.is_file() {
            self.files.remove(rel);
            return;
        }
        let under = rel.strip_prefix("content").unwrap_or(rel);
        if let Err(d) = load::inside_root(&load::resolved_root(root), &abs, rel) {
            self.files.insert(rel.to_path_buf(), (None, vec![d]));
            return;
        }
        let entry = read_one(&abs, under);
        self.files.insert(rel.to_path_buf(), entry);
    }
}

/// One parsed content file: its document (`None` when unusable) and its diagnostics.
pub type Parsed = (Option<Arc<model::Doc>>, Vec<Diagnostic>);

/// Reads and parses one content file (`rel` relative to `content/`). A file that cannot be
/// read keeps a stand-in document when its place says what it is (one error per mistake).
fn read_one(abs: &Path, rel: &Path) -> Parsed {
    match load::read_source(abs, rel) {
        Ok((src, warning)) => parse_one(src, warning),
        Err(d) => (load::place_of(rel).ok().and_then(model::unreadable).map(Arc::new), vec![d]),
    }
}

fn parse_one(src: load::SourceFile, warning: Option<Diagnostic>) -> Parsed {
    let mut d: Vec<Diagnostic> = warning.into_iter().collect();
    let doc = model::parse(src, &mut d);
    (doc.map(Arc::new), d)
}

/// Problems of the walk that belong to no file, and entries for Markdown files that could not
/// be read (a file's own problem: re-reading it may fix it).
fn split_walk_diagnostics(diags: Vec<Diagnostic>) -> (Vec<Diagnostic>, BTreeMap<PathBuf, Parsed>) {
    let mut walk = Vec::new();
    let mut files = BTreeMap::new();
    for d in diags {
        if d.path.extension().is_some_and(|e| e == "md") {
            files.insert(d.path.clone(), (None, vec![d]));
        } else {
            walk.push(d);
        }
    }
    (walk, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forum(title: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2026-05-04\n---\nText.\n")
    }

    #[test]
    fn a_rescan_reads_new_and_changed_files_and_keeps_the_rest_as_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let forums = dir.path().join("content/forums");
        std::fs::create_dir_all(&forums).unwrap();
        for name in ["b", "d", "f"] {
            std::fs::write(forums.join(format!("{name}.md")), forum(name)).unwrap();
        }
        let mut sources = Sources::load(dir.path());
        let key = |name: &str| PathBuf::from(format!("content/forums/{name}.md"));
        let kept = sources.files[&key("d")].0.clone().unwrap();
        // a new file before, between and after the others; one changed; one gone
        for name in ["a", "c", "g"] {
            std::fs::write(forums.join(format!("{name}.md")), forum(name)).unwrap();
        }
        std::fs::write(forums.join("b.md"), forum("b again")).unwrap();
        std::fs::remove_file(forums.join("f.md")).unwrap();
        let touched = sources.rescan(dir.path(), &BTreeSet::from([key("b")]));
        assert_eq!(touched, ["a", "b", "c", "f", "g"].map(key).into_iter().collect::<BTreeSet<_>>());
        let names: Vec<&PathBuf> = sources.files.keys().collect();
        assert_eq!(names, ["a", "b", "c", "d", "g"].map(key).iter().collect::<Vec<_>>());
        assert!(
            Arc::ptr_eq(sources.files[&key("d")].0.as_ref().unwrap(), &kept),
            "an unchanged file is not read again"
        );
        assert_eq!(sources.files[&key("b")].0.as_ref().unwrap().title, "b again");
        assert!(sources.files.values().all(|(doc, d)| doc.is_some() && d.is_empty()), "{:?}", sources.files);
    }
}
