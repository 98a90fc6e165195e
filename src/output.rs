//! The output directory: safety checks, a staging directory beside it, writing files, and the
//! final swap.
//!
//! Invariants: plenary only replaces a directory that carries its marker file (or that the
//! user named with `--force`); never the site root, a directory containing it, or one inside
//! the site's sources, even with `--force`. Until [`Staging::commit`] the previous output is
//! untouched; a staging directory that is dropped without commit removes itself.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

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

/// A directory the new output is written into before it replaces the old one.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging directory beside `out` (same file system, so the swap is a
    /// rename).
    pub fn create(out: &Path) -> Result<Staging, OutputError> {
        let out = normalise(out).map_err(|e| io_error(out, "resolve", &e))?;
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", &e))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.plenary-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, "remove", &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error(&dir, "create", &e))?;
        let staging = Staging { dir, out, committed: false };
        staging.write(Path::new(MARKER), MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The staging directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (relative path) into the staging directory.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, "write", &e))
    }

    /// Copies one file into the staging directory.
    pub fn copy(&self, from: &Path, rel: &Path) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", &e))?;
        }
        std::fs::copy(from, &path).map(|_| ()).map_err(|e| io_error(from, "copy", &e))
    }

    /// Replaces the output directory with the staging directory.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let old = self.dir.with_file_name(
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().replace("plenary-staging", "plenary-old"))
                .unwrap_or_default(),
        );
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old).map_err(|e| io_error(&self.out, "move aside", &e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // put the previous output back before reporting
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(io_error(&self.out, "replace", &e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| io_error(&old, "remove the previous output", &e))?;
        }
        Ok(())
    }
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

    #[test]
    fn dropped_staging_leaves_no_debris_and_commit_swaps() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        {
            let s = Staging::create(&out).unwrap();
            s.write(Path::new("a/index.html"), b"x").unwrap();
        }
        assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 0);
        let s = Staging::create(&out).unwrap();
        s.write(Path::new("index.html"), b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(std::fs::read_dir(t.path()).unwrap().count(), 1);
    }
}
