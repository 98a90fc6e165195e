//! Helpers for tests of serve's incremental rebuilds (`serve::rebuild`): a full build to
//! compare with, the options serve builds with.

use std::path::Path;
use std::sync::Arc;

use plenary::serve::rebuild::{Outcome, Rebuilder, SiteFiles};
use plenary::BuildOptions;

/// A rebuilder for the site at `root` after its first build (which must succeed).
pub fn started(root: &Path) -> Rebuilder {
    let mut r = Rebuilder::new(options(root));
    match r.rebuild(Default::default()) {
        Outcome::Updated { .. } => {}
        Outcome::Failed(d) => {
            panic!("the full build failed: {}", d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))
        }
        Outcome::Unchanged => panic!("the full build did nothing"),
    }
    r
}

/// A full build of the site as serve makes it, search index included.
pub fn full(root: &Path) -> Arc<SiteFiles> {
    let mut r = started(root);
    // the search index follows the pages
    assert!(r.files().search.is_empty());
    assert!(r.refresh_search(&|| false));
    assert!(!r.behind() && !r.files().search.is_empty());
    r.files()
}

/// What serve builds with.
pub fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        make_later: true,
        ..Default::default()
    }
}

/// The served files equal a full build's, byte for byte.
pub fn assert_same(root: &Path, incremental: &SiteFiles, what: &str) {
    let full = full(root);
    let mut a: Vec<_> = incremental.pages.keys().collect();
    let mut b: Vec<_> = full.pages.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{what}: the same pages");
    for k in b {
        assert!(incremental.pages[k] == full.pages[k], "{what}: {k} differs from a full build");
    }
    assert!(incremental.search == full.search, "{what}: the search index differs from a full build's");
    let mut a: Vec<_> = incremental.assets.keys().collect();
    let mut b: Vec<_> = full.assets.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{what}: the same static files");
}
