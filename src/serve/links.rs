//! Symbolic links among the sources, for the watcher. A build reads a linked file (or a file in
//! a linked folder) through the link; an edit of what it leads to is an event at the target's
//! path — or, for a target outside the watched folders (`templates/forum.html ->
//! ../notes/forum.html`), no event at all. [`Links`] knows each link inside the site, so an
//! event at a target is also one at each link leading to it, and names the folders to watch
//! for targets the source folders do not hold.

use std::path::{Path, PathBuf};

use notify::RecursiveMode;

use super::watch::SOURCE_DIRS;

/// Every symbolic link under the source folders that leads inside the site: (where it leads,
/// resolved; the link's own path).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Links {
    links: Vec<(PathBuf, PathBuf)>,
}

impl Links {
    /// The links under the source folders of `root` (resolved: every path compared with them
    /// is under the resolved root). A link leading outside the site is an error of the build,
    /// so none is followed here.
    pub fn find(root: &Path) -> Links {
        let mut links = Vec::new();
        for dir in SOURCE_DIRS {
            let walk = walkdir::WalkDir::new(root.join(dir)).follow_links(false).sort_by_file_name();
            for entry in walk.into_iter().flatten().filter(|e| e.path_is_symlink()) {
                let Ok(real) = entry.path().canonicalize() else { continue };
                if real.starts_with(root) && !real.starts_with(entry.path()) {
                    links.push((real, entry.path().to_path_buf()));
                }
            }
        }
        Links { links }
    }

    /// The paths an event at `path` stands for besides itself: for each link to it, the
    /// link's path; for each link to a folder holding it, the same path under the link.
    pub fn through(&self, path: &Path) -> Vec<PathBuf> {
        self.links
            .iter()
            // `components` leaves out the `/` that joining an empty rest adds
            .filter_map(|(real, link)| path.strip_prefix(real).ok().map(|rest| link.join(rest).components().collect()))
            .collect()
    }

    /// What to watch so that edits of the targets are seen: a linked folder, and the folder
    /// holding a linked file (folders, not files: an atomic save replaces the file), where the
    /// source folders of `root` do not hold them already.
    pub fn folders(&self, root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
        let watched = |p: &Path| SOURCE_DIRS.iter().any(|d| p.starts_with(root.join(d)));
        let mut out: Vec<(PathBuf, RecursiveMode)> = self
            .links
            .iter()
            .filter(|(real, _)| !watched(real))
            .filter_map(|(real, _)| match real.is_dir() {
                true => Some((real.clone(), RecursiveMode::Recursive)),
                false => real.parent().map(|p| (p.to_path_buf(), RecursiveMode::NonRecursive)),
            })
            // the site's root is watched already (for `site.yaml`)
            .filter(|(p, _)| p != root)
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn an_edit_of_a_target_is_one_of_each_link_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for d in ["content/speakers", "templates", "notes/shared"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("content/speakers/li-ming.md"), "x").unwrap();
        std::fs::write(root.join("notes/forum.html"), "x").unwrap();
        std::fs::write(root.join("notes/shared/a.md"), "x").unwrap();
        symlink("li-ming.md", root.join("content/speakers/li-ming-link.md")).unwrap();
        symlink("../notes/forum.html", root.join("templates/forum.html")).unwrap();
        symlink("../notes/shared", root.join("content/pages")).unwrap();
        // a link leading outside the site is the build's error, not followed here
        symlink("/etc/hostname", root.join("content/outside.md")).unwrap();
        let links = Links::find(&root);
        assert_eq!(
            links.through(&root.join("content/speakers/li-ming.md")),
            [root.join("content/speakers/li-ming-link.md")]
        );
        assert_eq!(links.through(&root.join("notes/forum.html")), [root.join("templates/forum.html")]);
        assert_eq!(links.through(&root.join("notes/shared/a.md")), [root.join("content/pages/a.md")]);
        assert!(links.through(&root.join("notes/other.html")).is_empty());
        assert!(links.through(Path::new("/etc/hostname")).is_empty());
        assert_eq!(
            links.folders(&root),
            [(root.join("notes"), RecursiveMode::NonRecursive), (root.join("notes/shared"), RecursiveMode::Recursive)]
        );
    }
}
