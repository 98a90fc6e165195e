//! The output directory: safety checks (`target.rs`), a staging directory beside it, writing
//! files, and the final swap.
//!
//! Invariants: plenary only replaces a directory that carries its marker file (or that the
//! user named with `--force`); never the site root, a directory containing it, or one inside
//! the site's sources, even with `--force`. Until [`Staging::commit`] the previous output is
//! untouched; a staging directory that is dropped without commit removes itself.
//!
//! The swap: one `renameat2(RENAME_EXCHANGE)` on Linux, so at every instant the output path
//! holds the complete old or the complete new site. Elsewhere (or on a file system without
//! it) two renames, old aside then new in; a crash between them leaves no output but a
//! complete `.<out>.plenary-old-<pid>`, which the next build puts back. Builds into one output
//! are serialised by [`OutputLock`], and taking it removes every staging or old folder of
//! dead runs ([`recover`]). An output that is a mount point cannot be renamed: its staging
//! folder is inside it and its top-level entries are exchanged one by one (each entry is
//! replaced whole; the set of entries is not swapped in one step).

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

mod target;

pub use target::{check_target, check_target_keeping, normalise, Kept};

/// Name of the marker file plenary leaves in every output directory it writes.
pub const MARKER: &str = ".plenary-output";
const MARKER_TEXT: &str = "This folder was written by plenary (`plenary build`), which replaces it as a whole.\n";

/// A usage or I/O problem with the output directory (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

impl OutputError {
    fn new(message: impl Into<String>, help: Option<&str>) -> Self {
        OutputError { message: message.into(), help: help.map(str::to_string) }
    }

    /// As a diagnostic about `path`.
    pub fn into_diagnostic(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, 0, 0, self.message).with_help_opt(self.help)
    }
}

/// An I/O error that names its path.
pub fn io_error(path: &Path, what: &str, e: &io::Error) -> OutputError {
    OutputError::new(format!("cannot {what} {}: {e}", path.display()), None)
}

/// The name plenary gives its own folders and files beside the output `out`:
/// `.<name>.plenary-<what>`.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.plenary-{what}"))
}

/// The test hook `PLENARY_TEST_CRASH_AT=<step>`: the process aborts at that named step of the
/// swap, as a crash or `kill -9` would (used by `tests/safety.rs` to prove that every
/// moment of the swap leaves a complete output or one the next build restores). Steps:
/// `staged` (before the swap), `moved-aside` (the fallback swap, between its two renames),
/// `swapped` (the new output in place, the old one not yet removed), `contents` (a
/// mount-point swap, after its first entry).
pub fn crash_point(step: &str) {
    if std::env::var_os("PLENARY_TEST_CRASH_AT").is_some_and(|v| v == step) {
        std::process::abort();
    }
}

/// The output folder locked for one build: builds into the same output wait for each other.
/// Taking the lock also clears what earlier runs that died left behind ([`recover`]).
#[derive(Debug)]
pub struct OutputLock {
    out: PathBuf,
    /// The folder holding `out` takes no new entries (a volume mounted under a read-only
    /// folder, a web root in a folder only its owner may write): the lock file is inside
    /// `out`, and the site is built there and swapped entry by entry, as for a mount point.
    inside: bool,
    _file: std::fs::File,
}

/// The lock file's name inside an output whose folder takes no new entries.
const INSIDE_LOCK: &str = ".plenary-lock";

impl OutputLock {
    /// Waits for the lock on `out` (a lock file `.<name>.plenary-lock` beside it, held with
    /// `flock`, which the system releases when a process dies), then recovers leftovers.
    pub fn acquire(out: &Path) -> Result<OutputLock, OutputError> {
        let out = normalise(out).map_err(|e| io_error(out, "resolve", &e))?;
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
        let open = |path: &Path| std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path);
        let mut path = sibling(&out, "lock");
        let mut inside = false;
        let file = match open(&path) {
            Ok(file) => Ok(file),
            // the folder holding the output takes no new entries, but the output is there
            Err(e) if refused(&e) && out.is_dir() => {
                path = out.join(INSIDE_LOCK);
                inside = true;
                open(&path)
            }
            Err(e) => Err(e),
        }
        .map_err(|e| io_error(&path, "create the lock file", &e))?;
        lock_file(&file).map_err(|e| io_error(&path, "lock", &e))?;
        recover(&out).map_err(|e| io_error(&out, "clean up after an earlier build", &e))?;
        Ok(OutputLock { out, inside, _file: file })
    }

    /// The output folder (absolute).
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// Whether creating a file failed because the folder takes no new entries (its permissions,
/// or a read-only file system).
fn refused(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
}

#[cfg(unix)]
fn lock_file(file: &std::fs::File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        // SAFETY: flock on a file descriptor we own; no memory is passed.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Elsewhere builds are not serialised (documented in the README).
#[cfg(not(unix))]
fn lock_file(_file: &std::fs::File) -> io::Result<()> {
    Ok(())
}

/// Clears what builds into `out` that died left behind (called with the lock held, so no
/// live build owns any of it): when the output is missing but a moved-aside previous output
/// exists (a crash inside the fallback swap), that output is put back; every other staging
/// or moved-aside folder, beside `out` or inside a mount-point `out`, is removed.
pub fn recover(out: &Path) -> io::Result<()> {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let beside = format!(".{name}.plenary-");
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&parent)?.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = n.strip_prefix(&beside) {
            if rest.starts_with("staging-") || rest.starts_with("old-") {
                leftovers.push(entry.path());
            }
        }
    }
    if out.is_dir() {
        for entry in std::fs::read_dir(out)?.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            if n.starts_with(".plenary-staging-") || n.starts_with(".plenary-old-") {
                leftovers.push(entry.path());
            }
        }
    }
    leftovers.sort();
    if !out.exists() {
        // the newest complete previous output (an `old-` folder only exists once it was whole)
        let old = leftovers
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{beside}old-"))))
            .filter_map(|p| Some((std::fs::metadata(p).ok()?.modified().ok()?, p.clone())))
            .max();
        if let Some((_, old)) = old {
            std::fs::rename(&old, out)?;
            leftovers.retain(|p| *p != old);
        }
    }
    for p in leftovers {
        std::fs::remove_dir_all(&p).or_else(|e| if e.kind() == io::ErrorKind::NotFound { Ok(()) } else { Err(e) })?;
    }
    Ok(())
}

/// Whether `dir` is a mount point (its device differs from its parent's): it cannot be
/// renamed, so its contents are swapped instead.
#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = dir.parent().unwrap_or(Path::new("/"));
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.is_dir() && (d.dev() != p.dev() || d.ino() == p.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_dir: &Path) -> bool {
    false
}

/// Exchanges two paths in one step (`renameat2` with `RENAME_EXCHANGE`). `Ok(false)` when the
/// system or file system cannot (then the caller falls back to two renames).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os("PLENARY_TEST_SWAP").is_some_and(|v| v == "rename") {
        return Ok(false);
    }
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    // SAFETY: two NUL-terminated paths that live across the call; the raw system call is
    // used so that any Linux C library works.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS) | Some(libc::EINVAL) | Some(libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A directory the new output is written into before it replaces the old one.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// The staging directory held open: files and folders are made by their names below it.
    held: crate::files::Dir,
    out: PathBuf,
    /// The output is a mount point: the staging folder is inside it, and the contents are
    /// swapped entry by entry.
    mount: bool,
    committed: bool,
    /// Folders (relative) known to exist, so writing thousands of pages does not ask the
    /// file system about the same folder again (a system call each, costly on some machines).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// The staging folder's file system ([`crate::files::device`]), which decides how a file
    /// is copied in.
    device: Option<u64>,
}

impl Staging {
    /// Creates an empty staging directory for the output `lock` holds: beside it (same file
    /// system, so the swap is a rename), or inside it when it is a mount point.
    pub fn create(lock: &OutputLock) -> Result<Staging, OutputError> {
        let out = lock.out().to_path_buf();
        let mount = lock.inside || is_mount_point(&out);
        let dir = if mount {
            out.join(format!(".plenary-staging-{}", std::process::id()))
        } else {
            sibling(&out, &format!("staging-{}", std::process::id()))
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, "remove", &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error(&dir, "create", &e))?;
        let device = std::fs::metadata(&dir).ok().and_then(|m| crate::files::device(&m));
        let held = crate::files::Dir::open(&dir).map_err(|e| io_error(&dir, "open", &e))?;
        let staging = Staging { dir, held, out, mount, committed: false, made: Default::default(), device };
        staging.write(Path::new(MARKER), MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The staging directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (relative path) into the staging directory.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        self.folder_of(rel)?;
        let written = self.held.create(rel).and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
        written.map_err(|e| io_error(&self.dir.join(rel), "write", &e))
    }

    /// Writes one file (relative path) into the staging directory piece by piece: `write`
    /// is given the open file.
    pub fn write_with(
        &self,
        rel: &Path,
        write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        self.folder_of(rel)?;
        let written = self.held.create(rel).and_then(|mut file| write(&mut file));
        written.map_err(|e| io_error(&self.dir.join(rel), "write", &e))
    }

    /// Makes the folder of `rel` in the staging directory if this staging has not made it yet.
    fn folder_of(&self, rel: &Path) -> Result<(), OutputError> {
        if let Some(folder) = rel.parent().filter(|f| !f.as_os_str().is_empty()) {
            let known = self.made.lock().unwrap_or_else(|e| e.into_inner()).contains(folder);
            if !known {
                self.held.create_dir_all(folder).map_err(|e| io_error(&self.dir.join(folder), "create", &e))?;
                let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
                made.extend(folder.ancestors().filter(|a| !a.as_os_str().is_empty()).map(Path::to_path_buf));
            }
        }
        Ok(())
    }

    /// Copies one file into the staging directory.
    pub fn copy(&self, from: &Path, rel: &Path) -> Result<(), OutputError> {
        self.folder_of(rel)?;
        crate::files::copy(from, &self.held, rel, self.device).map(|_| ()).map_err(|e| io_error(from, "copy", &e))
    }

    /// Replaces the output directory with the staging directory: in one step where the
    /// system can exchange two folders (Linux), else by two renames whose gap the next build
    /// repairs ([`recover`]); a mount point's contents entry by entry.
    pub fn commit(mut self) -> Result<(), OutputError> {
        crash_point("staged");
        if self.mount {
            return self.commit_contents();
        }
        if !self.out.exists() {
            std::fs::rename(&self.dir, &self.out).map_err(|e| io_error(&self.out, "create", &e))?;
            self.committed = true;
            return Ok(());
        }
        let old = if exchange(&self.dir, &self.out).map_err(|e| io_error(&self.out, "replace", &e))? {
            // the staging path now holds the previous output
            self.committed = true;
            self.dir.clone()
        } else {
            let old = sibling(&self.out, &format!("old-{}", std::process::id()));
            std::fs::rename(&self.out, &old).map_err(|e| io_error(&self.out, "move aside", &e))?;
            crash_point("moved-aside");
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                // put the previous output back before reporting
                let _ = std::fs::rename(&old, &self.out);
                return Err(io_error(&self.out, "replace", &e));
            }
            self.committed = true;
            old
        };
        crash_point("swapped");
        remove_tree(&old).map_err(|e| io_error(&old, "remove the previous output", &e))
    }

    /// The swap for a mount point: each top-level entry of the new output is exchanged with
    /// the old one of the same name (or moved in), then the old entries with no new
    /// counterpart are moved into the staging folder, which is removed last.
    fn commit_contents(&mut self) -> Result<(), OutputError> {
        let staging_name = self.dir.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        let mut new: Vec<_> = std::fs::read_dir(&self.dir)
            .map_err(|e| io_error(&self.dir, "read", &e))?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        // the marker last: until it is in place the folder is not claimed as complete
        new.sort_by_key(|n| (n == MARKER, n.clone()));
        for (i, name) in new.iter().enumerate() {
            let (from, to) = (self.dir.join(name), self.out.join(name));
            let swapped =
                to.symlink_metadata().is_ok() && exchange(&from, &to).map_err(|e| io_error(&to, "replace", &e))?;
            if !swapped {
                if to.symlink_metadata().is_ok() {
                    let aside = self.dir.join(format!(".old-{}", name.to_string_lossy()));
                    std::fs::rename(&to, &aside).map_err(|e| io_error(&to, "move aside", &e))?;
                }
                std::fs::rename(&from, &to).map_err(|e| io_error(&to, "replace", &e))?;
            }
            if i == 0 {
                crash_point("contents");
            }
        }
        let keep: std::collections::BTreeSet<_> = new.into_iter().collect();
        for entry in std::fs::read_dir(&self.out).map_err(|e| io_error(&self.out, "read", &e))?.flatten() {
            let name = entry.file_name();
            if name == staging_name || name == INSIDE_LOCK || keep.contains(&name) {
                continue;
            }
            std::fs::rename(entry.path(), self.dir.join(&name)).map_err(|e| io_error(&entry.path(), "remove", &e))?;
        }
        self.committed = true;
        remove_tree(&self.dir).map_err(|e| io_error(&self.dir, "remove the previous output", &e))
    }
}

/// Removes a folder and everything in it, like `std::fs::remove_dir_all` (which it uses, so
/// a link inside is removed, never followed), on every thread: each entry two levels down is
/// removed on its own, then the folders above them. Removing the previous output (12,000
/// folders at 10,000 pages) was a quarter of a second on one thread.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let listed = |d: &Path| -> io::Result<Vec<(PathBuf, bool)>> {
        std::fs::read_dir(d)?.map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?.is_dir())))).collect()
    };
    let top = listed(dir)?;
    let folders: Vec<&PathBuf> = top.iter().filter(|(_, d)| *d).map(|(p, _)| p).collect();
    let mut below = Vec::new();
    for f in &folders {
        below.extend(listed(f)?);
    }
    let gone =
        |(p, is_dir): &(PathBuf, bool)| if *is_dir { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) };
    below.par_iter().try_for_each(gone)?;
    top.par_iter().try_for_each(gone)?;
    std::fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_removed_whole_and_links_in_it_are_not_followed() {
        let t = tempfile::tempdir().unwrap();
        let (tree, outside) = (t.path().join("old"), t.path().join("outside"));
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        for dir in ["a/b/c", "a/d", "e", "f/g"] {
            std::fs::create_dir_all(tree.join(dir)).unwrap();
        }
        for file in ["top.txt", "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "f/g/four.txt"] {
            std::fs::write(tree.join(file), file).unwrap();
        }
        #[cfg(unix)]
        for (link, to) in [("linked", &outside), ("a/linked", &outside), ("a/b/linked", &outside)] {
            std::os::unix::fs::symlink(to, tree.join(link)).unwrap();
        }
        remove_tree(&tree).unwrap();
        assert!(!tree.exists() && tree.symlink_metadata().is_err(), "nothing of the tree is left");
        assert_eq!(std::fs::read_to_string(outside.join("keep.txt")).unwrap(), "kept", "a linked folder is untouched");
        assert!(remove_tree(&tree).is_err(), "a tree that is not there is an error");
    }

    #[test]
    fn dropped_staging_leaves_no_debris_and_commit_swaps() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let lock = OutputLock::acquire(&out).unwrap();
        {
            let s = Staging::create(&lock).unwrap();
            s.write(Path::new("a/index.html"), b"x").unwrap();
        }
        assert_eq!(names(t.path()), [".public.plenary-lock"]);
        let s = Staging::create(&lock).unwrap();
        s.write(Path::new("index.html"), b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(names(t.path()), [".public.plenary-lock", "public"]);
        let s = Staging::create(&lock).unwrap();
        s.write(Path::new("index.html"), b"newer").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "newer");
        assert_eq!(names(t.path()), [".public.plenary-lock", "public"]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn recovery_restores_a_moved_aside_output_and_removes_debris() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let old = t.path().join(".public.plenary-old-999999");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "old").unwrap();
        std::fs::create_dir_all(t.path().join(".public.plenary-staging-999999/a")).unwrap();
        std::fs::create_dir_all(t.path().join(".public.plenary-staging-4")).unwrap();
        std::fs::create_dir_all(t.path().join(".other.plenary-staging-4")).unwrap();
        recover(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(names(t.path()), [".other.plenary-staging-4", "public"]);
        // with the output in place, moved-aside folders are debris
        std::fs::create_dir_all(&old).unwrap();
        std::fs::create_dir_all(out.join(".plenary-staging-5")).unwrap();
        recover(&out).unwrap();
        assert_eq!(names(t.path()), [".other.plenary-staging-4", "public"]);
        assert_eq!(names(&out), ["index.html"]);
    }

    #[test]
    fn a_second_lock_on_the_same_output_waits() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        let lock = OutputLock::acquire(&out).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let out2 = out.clone();
        let waiter = std::thread::spawn(move || {
            let second = OutputLock::acquire(&out2).unwrap();
            tx.send(()).unwrap();
            drop(second);
        });
        // the second lock cannot be had while the first is held …
        assert!(rx.recv_timeout(std::time::Duration::from_millis(300)).is_err());
        drop(lock);
        // … and is had once it is released
        rx.recv().unwrap();
        waiter.join().unwrap();
    }

    #[test]
    fn contents_swap_replaces_every_entry() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        std::fs::create_dir_all(out.join("gone")).unwrap();
        std::fs::create_dir_all(out.join("forums")).unwrap();
        std::fs::write(out.join("forums/old.html"), "old").unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        let lock = OutputLock::acquire(&out).unwrap();
        let mut s = Staging::create(&lock).unwrap();
        // as for a mount point: staging inside the output
        let inside = out.join(".plenary-staging-1");
        std::fs::rename(&s.dir, &inside).unwrap();
        s.dir = inside;
        s.mount = true;
        s.write(Path::new("index.html"), b"new").unwrap();
        s.write(Path::new("forums/new.html"), b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(names(&out), [MARKER, "forums", "index.html"]);
        assert_eq!(names(&out.join("forums")), ["new.html"]);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
    }
}
