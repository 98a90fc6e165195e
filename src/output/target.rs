//! Which folder a build may write to: never the site root, a folder containing it, or one
//! inside the site's sources (even with `--force`); a non-empty folder only when it carries
//! plenary's marker or the user named it with `--force`.

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

/// Checks that `out` may be (re)built for the site at `root`.
pub fn check_target(root: &Path, out: &Path, force: bool) -> Result<(), OutputError> {
    let root = normalise(root).map_err(|e| io_error(root, "resolve", &e))?;
    let out_n = normalise(out).map_err(|e| io_error(out, "resolve", &e))?;
    let never = "choose another folder, e.g. `--out public`";
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
