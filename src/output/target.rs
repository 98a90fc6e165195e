//! Which folder a build may write to: never the site root, a folder containing it, or one
//! inside the site's sources; never the file system's root or a folder at its top, the home
//! folder or one containing it, the folder the command runs in or one containing it, or a
//! repository (`.git`) — all even with `--force`, which would otherwise delete what they
//! hold; a non-empty folder only when it carries plenary's marker or the user named it with
//! `--force`.

use std::io;
use std::path::{Component, Path, PathBuf};

use super::{io_error, OutputError, MARKER};

/// Makes `p` absolute and free of `.`/`..`, resolving symbolic links of the part that exists.
pub fn normalise(p: &Path) -> io::Result<PathBuf> {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) };
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // canonicalise the longest existing prefix, keep the rest as written
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// Folders a build never replaces, whatever the site: the user's home folder and the folder
/// the command runs in (each with every folder containing it).
#[derive(Debug, Default)]
pub struct Kept {
    /// The home folder (`HOME`, or `USERPROFILE` on Windows), normalised.
    pub home: Option<PathBuf>,
    /// The current folder, normalised.
    pub current: Option<PathBuf>,
}

impl Kept {
    /// This process's home and current folders.
    pub fn of_process() -> Kept {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .or_else(account_home);
        Kept {
            home: home.and_then(|h| normalise(&h).ok()),
            current: std::env::current_dir().ok().and_then(|c| normalise(&c).ok()),
        }
    }
}

/// The home folder the account database names (`HOME` unset or empty, as under some CI
/// runners and `env -u HOME`).
#[cfg(unix)]
fn account_home() -> Option<PathBuf> {
    use std::ffi::CStr;
    use std::os::unix::ffi::OsStrExt;
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: `pwd` and `buf` outlive the call, `buf`'s length is passed with it, and the
    // strings `pwd` points to are read only while `buf` lives
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        let status = libc::getpwuid_r(libc::getuid(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found);
        if status != 0 || found.is_null() || pwd.pw_dir.is_null() {
            return None;
        }
        let dir = CStr::from_ptr(pwd.pw_dir).to_bytes();
        (!dir.is_empty()).then(|| PathBuf::from(std::ffi::OsStr::from_bytes(dir)))
    }
}

#[cfg(not(unix))]
fn account_home() -> Option<PathBuf> {
    None
}

/// Whether `folder` is a Git repository or part of one's own data: it holds `.git` (a folder,
/// a file or a link, dangling or not), lies inside a `.git` folder, is a bare repository
/// (`HEAD`, `objects/`, `refs/`), or holds such a folder one level down.
fn git_repository(folder: &Path) -> bool {
    let is_repo = |f: &Path| {
        std::fs::symlink_metadata(f.join(".git")).is_ok()
            || (f.join("HEAD").is_file() && f.join("objects").is_dir() && f.join("refs").is_dir())
    };
    folder.components().any(|c| c.as_os_str() == ".git")
        || is_repo(folder)
        || std::fs::read_dir(folder)
            .is_ok_and(|entries| entries.flatten().any(|e| e.path().is_dir() && is_repo(&e.path())))
}

/// Checks that `out` may be (re)built for the site at `root`.
pub fn check_target(root: &Path, out: &Path, force: bool) -> Result<(), OutputError> {
    check_target_keeping(root, out, force, &Kept::of_process())
}

/// [`check_target`] with the folders that are never replaced given.
pub fn check_target_keeping(root: &Path, out: &Path, force: bool, kept: &Kept) -> Result<(), OutputError> {
    let root = normalise(root).map_err(|e| io_error(root, "resolve", &e))?;
    let out_n = normalise(out).map_err(|e| io_error(out, "resolve", &e))?;
    let never = "choose another folder, e.g. `--out public`";
    // replacing a folder deletes what it held: these are refused before anything else, so no
    // `--force` typed after a mistyped `--out` can empty a home folder or a system folder
    if out_n.components().filter(|c| matches!(c, Component::Normal(_))).count() < 2 {
        return Err(OutputError::new(
            format!("the output folder {} is the file system's root or a folder at its top", out.display()),
            Some(never),
        ));
    }
    for (what, folder) in [("your home folder", &kept.home), ("the folder this command runs in", &kept.current)] {
        if let Some(folder) = folder.as_ref().filter(|f| f.starts_with(&out_n)) {
            let whose = if *folder == out_n { "is" } else { "contains" };
            return Err(OutputError::new(
                format!("the output folder {} {whose} {what} ({})", out.display(), folder.display()),
                Some(never),
            ));
        }
    }
    if git_repository(&out_n) {
        return Err(OutputError::new(
            format!("the output folder {} is a Git repository, part of one's own data, or holds one", out.display()),
            Some("plenary replaces its output folder as a whole, .git included; build into another folder and copy the site into the repository's work tree"),
        ));
    }
    if out_n == root {
        return Err(OutputError::new(format!("the output folder {} is the site itself", out.display()), Some(never)));
    }
    if root.starts_with(&out_n) {
        return Err(OutputError::new(
            format!(
                "the output folder {} contains the site ({}); replacing it would delete the sources",
                out.display(),
                root.display()
            ),
            Some(never),
        ));
    }
    for src in ["content", "static", "themes", "templates", "site.yaml"] {
        if out_n.starts_with(root.join(src)) {
            return Err(OutputError::new(
                format!("the output folder {} is inside the site's `{src}`", out.display()),
                Some(never),
            ));
        }
    }
    if out_n.join("content").is_dir() || out_n.join("site.yaml").is_file() {
        return Err(OutputError::new(
            format!("the output folder {} holds a site's sources (content/ or site.yaml)", out.display()),
            Some(never),
        ));
    }
    if out_n.exists() && !out_n.is_dir() {
        return Err(OutputError::new(
            format!("the output path {} is a file, not a folder", out.display()),
            Some(never),
        ));
    }
    if out_n.is_dir() && !force && !out_n.join(MARKER).is_file() {
        let mut entries = std::fs::read_dir(&out_n).map_err(|e| io_error(&out_n, "read", &e))?;
        if entries.next().is_some() {
            return Err(OutputError::new(
                format!("the output folder {} is not empty and was not written by plenary", out.display()),
                Some("plenary replaces its output folder as a whole; choose an empty or new folder, or pass --force to replace this one"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_root_its_parent_and_sources() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for bad in [root.clone(), t.path().to_path_buf(), root.join("content/out"), root.join("..").join("site")] {
            assert!(check_target(&root, &bad, true).is_err(), "{}", bad.display());
        }
        assert!(check_target(&root, &root.join("public"), false).is_ok());
    }

    #[test]
    fn never_the_top_of_the_file_system_a_home_the_current_folder_or_a_repository() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("work/site");
        let home = t.path().join("home/editor");
        let current = t.path().join("work/elsewhere/here");
        for f in [&root, &home, &current] {
            std::fs::create_dir_all(f).unwrap();
        }
        let kept = Kept { home: Some(normalise(&home).unwrap()), current: Some(normalise(&current).unwrap()) };
        for (bad, says) in [
            (PathBuf::from("/"), "file system's root"),
            (PathBuf::from("/usr"), "file system's root"),
            (home.clone(), "is your home folder"),
            (t.path().join("home"), "contains your home folder"),
            (current.clone(), "is the folder this command runs in"),
            (t.path().join("work/elsewhere"), "contains the folder this command runs in"),
        ] {
            let e = check_target_keeping(&root, &bad, true, &kept).unwrap_err();
            assert!(e.message.contains(says), "{}: {}", bad.display(), e.message);
        }
        let repo = t.path().join("work/pages-repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::write(repo.join(MARKER), "").unwrap();
        let e = check_target_keeping(&root, &repo, true, &kept).unwrap_err();
        assert!(e.message.contains("Git repository"), "{}", e.message);
        // its own data, a bare one, one a level down, a `.git` link to nothing
        let bare = t.path().join("work/bare.git");
        for f in ["objects", "refs"] {
            std::fs::create_dir_all(bare.join(f)).unwrap();
        }
        std::fs::write(bare.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        let holder = t.path().join("work/projects");
        std::fs::create_dir_all(holder.join("one/.git")).unwrap();
        let dangling = t.path().join("work/dangling");
        std::fs::create_dir_all(&dangling).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/nowhere/.git", dangling.join(".git")).unwrap();
        for bad in [repo.join(".git"), repo.join(".git/objects"), bare, holder, dangling] {
            assert!(check_target_keeping(&root, &bad, true, &kept).is_err(), "{}", bad.display());
        }
        // a folder inside the home folder, beside the one the command runs in, is fine
        std::fs::write(t.path().join("work/elsewhere/notes.txt"), "mine").unwrap();
        assert!(check_target_keeping(&root, &home.join("public"), false, &kept).is_ok());
        assert!(check_target_keeping(&root, &t.path().join("work/out"), true, &kept).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn the_account_names_a_home_when_home_is_unset() {
        assert!(account_home().is_some_and(|h| h.is_absolute()));
    }

    #[test]
    fn refuses_foreign_non_empty_folder_unless_forced() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = check_target(t.path().join("site").as_path(), &out, false).unwrap_err();
        assert!(e.message.contains("not written by plenary"));
        assert!(check_target(t.path().join("site").as_path(), &out, true).is_ok());
        std::fs::write(out.join(MARKER), "").unwrap();
        assert!(check_target(t.path().join("site").as_path(), &out, false).is_ok());
    }
}
