//! `.plenary-cache/` at the site root: what plenary made once and reuses on the next build
//! (processed images, social cards, highlighted code), each entry named by a hash of
//! everything it was made from, so an entry is never stale.
//!
//! The cache is plenary's own, but it sits in a folder a checkout may carry: a folder or an
//! entry there that is a symbolic link is never followed (a committed link named like a card
//! would otherwise publish whatever file it leads to, `/etc/passwd` included). Entries are
//! read only when they are plain files, and written to a fresh temporary name (never through
//! an existing file or link) and renamed into place, so a reader sees a whole entry or none.

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The cache folder at the site root (git-ignored by `plenary init` sites and this repository).
pub const DIR: &str = ".plenary-cache";

/// `<root>/.plenary-cache/<name>`, made when missing and `create` is set. An error when it or
/// `.plenary-cache` is a symbolic link or not a folder (nothing is read or written there then),
/// or cannot be made.
pub fn folder(root: &Path, name: &str, create: bool) -> Result<PathBuf, Diagnostic> {
    let mut path = root.to_path_buf();
    for (part, shown) in [(DIR, DIR.to_string()), (name, format!("{DIR}/{name}"))] {
        path.push(part);
        let made = match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound && create => match std::fs::create_dir(&path) {
                // another build made it meanwhile: it is looked at again below
                Err(e) if e.kind() == ErrorKind::AlreadyExists => std::fs::symlink_metadata(&path),
                Err(e) => Err(e),
                Ok(()) => continue,
            },
            found => found,
        };
        match made {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                let what = if m.file_type().is_symlink() { "a symbolic link" } else { "not a folder" };
                return Err(Diagnostic::error(&shown, 0, 0, format!("`{shown}` is {what}, so plenary does not use its cache"))
                    .with_help(format!("plenary keeps its cache inside the site and never follows a link out of it: remove `{shown}` (plenary makes the folder again; it is safe to delete)")));
            }
            // missing and not to be made: nothing is cached yet
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(root.join(DIR).join(name)),
            Err(e) => {
                return Err(Diagnostic::error(&shown, 0, 0, format!("cannot use the cache folder `{shown}`: {e}"))
                    .with_help("check the folder's permissions, or remove it (it is safe to delete)"))
            }
        }
    }
    Ok(path)
}

/// Whether `path` is a cache entry: a plain file (not a link, even to a file).
pub fn has(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// The names of the plain files in the cache folder `folder` (see [`has`]), read from the
/// folder's listing at once: a `stat` per entry cost ~2 µs of system time each, 10,000 of them
/// for a site of 10,000 pages' cards. Empty when the folder cannot be read.
pub fn plain_entries(folder: &Path) -> rustc_hash::FxHashSet<std::ffi::OsString> {
    let Ok(listing) = std::fs::read_dir(folder) else { return Default::default() };
    // the entry's type comes with the listing (no `stat`), and is not that of a link's target
    listing.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_file())).map(|e| e.file_name()).collect()
}

/// The bytes of the cache entry at `path`, `None` when there is no plain file there.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    let mut file = open_plain(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

#[cfg(unix)]
fn open_plain(path: &Path) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NOFOLLOW: a link in the entry's place is refused, not followed
    let file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(path).ok()?;
    file.metadata().is_ok_and(|m| m.is_file()).then_some(file)
}

#[cfg(not(unix))]
fn open_plain(path: &Path) -> Option<std::fs::File> {
    if !has(path) {
        return None;
    }
    std::fs::File::open(path).ok()
}

/// Writes the cache entry `path`: into a new file beside it (one that did not exist, so never
/// through a link), then renamed into place (replacing a link there, not what it leads to).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".tmp-{}-{:?}", std::process::id(), std::thread::current().id()));
    let tmp = path.with_file_name(name);
    let fresh = || std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp);
    let file = match fresh() {
        // left by a build that died (or put there): removed (a link itself, not its target)
        Err(e) if e.kind() == ErrorKind::AlreadyExists => std::fs::remove_file(&tmp).and_then(|_| fresh()),
        other => other,
    };
    let result = file.and_then(|mut f| f.write_all(bytes)).and_then(|_| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}

/// The social cards' folder under `.plenary-cache`.
pub const CARDS: &str = "cards";
/// The processed images' folder.
pub const IMAGES: &str = "images";
/// The highlighted snippets' folder.
pub const HIGHLIGHT: &str = "highlight";
/// The folders under `.plenary-cache` whose entries plenary makes, and so may prune.
pub const FOLDERS: [&str; 3] = [CARDS, IMAGES, HIGHLIGHT];

/// Removes every plain file or link in the cache's [`FOLDERS`] that `used` does not name
/// (full paths), leaving folders and files being written (`*.tmp-*`) alone. Returns the files
/// removed and their bytes; else a warning (the site is built) naming the folder that could not
/// be listed or the entry that could not be removed (those before it are gone).
pub fn prune(root: &Path, used: &std::collections::BTreeSet<PathBuf>) -> Result<(usize, u64), Diagnostic> {
    let (mut files, mut bytes) = (0, 0);
    for name in FOLDERS {
        let dir = root.join(DIR).join(name);
        // a folder that is a link is never entered (`folder` refuses it)
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            _ => continue,
        }
        let shown = format!("{DIR}/{name}");
        let unlisted = |e: std::io::Error| {
            Diagnostic::warning(&shown, 0, 0, format!("cannot list the cache folder `{shown}`: {e}"))
        };
        for entry in std::fs::read_dir(&dir).map_err(unlisted)? {
            let entry = entry.map_err(unlisted)?;
            let path = entry.path();
            // the type comes with the listing (no `stat` for the entries kept)
            let Ok(kind) = entry.file_type() else { continue };
            let temporary = entry.file_name().to_string_lossy().contains(".tmp-");
            if kind.is_dir() || temporary || used.contains(&path) {
                continue;
            }
            let size = if kind.is_file() { entry.metadata().map_or(0, |m| m.len()) } else { 0 };
            std::fs::remove_file(&path).map_err(|e| {
                let file = format!("{shown}/{}", entry.file_name().to_string_lossy());
                Diagnostic::warning(&file, 0, 0, format!("cannot remove the unused cache entry: {e}"))
                    .with_help("check the folder's permissions (the cache is safe to delete)")
            })?;
            files += 1;
            bytes += size;
        }
    }
    Ok((files, bytes))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn entries_are_plain_files_and_links_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, "secret").unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir(&root).unwrap();
        let cards = folder(&root, "cards", true).unwrap();
        assert_eq!(cards, root.join(".plenary-cache/cards"));
        let entry = cards.join("abc.png");
        write(&entry, b"png").unwrap();
        assert!(has(&entry));
        assert_eq!(read(&entry).as_deref(), Some(&b"png"[..]));
        // a link in an entry's place is no entry, and writing replaces the link, not its target
        let link = cards.join("def.png");
        symlink(&outside, &link).unwrap();
        assert!(!has(&link));
        assert_eq!(read(&link), None);
        write(&link, b"drawn").unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "secret");
        assert_eq!(read(&link).as_deref(), Some(&b"drawn"[..]));
        // a link where the temporary file goes is removed, its target untouched
        let entry = cards.join("ghi.png");
        let mut tmp = std::ffi::OsString::from("ghi.png");
        tmp.push(format!(".tmp-{}-{:?}", std::process::id(), std::thread::current().id()));
        symlink(&outside, cards.join(tmp)).unwrap();
        write(&entry, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "secret");
        assert_eq!(read(&entry).as_deref(), Some(&b"new"[..]));
    }

    #[test]
    fn a_cache_folder_that_is_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(elsewhere.join("cards")).unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir(&root).unwrap();
        symlink(&elsewhere, root.join(DIR)).unwrap();
        let e = folder(&root, "cards", true).unwrap_err();
        assert_eq!(e.path, Path::new(".plenary-cache"));
        assert!(e.message.contains("symbolic link"), "{}", e.message);
        std::fs::remove_file(root.join(DIR)).unwrap();
        std::fs::create_dir(root.join(DIR)).unwrap();
        symlink(elsewhere.join("cards"), root.join(DIR).join("cards")).unwrap();
        let e = folder(&root, "cards", false).unwrap_err();
        assert_eq!(e.path, Path::new(".plenary-cache/cards"));
        // a missing folder is made only when asked
        assert_eq!(folder(&root, "images", false).unwrap(), root.join(".plenary-cache/images"));
        assert!(!root.join(".plenary-cache/images").exists());
        assert!(folder(&root, "images", true).unwrap().is_dir());
    }
}
