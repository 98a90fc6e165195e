//! `.plenary-cache/`: `plenary build --prune-cache` removes exactly what the build did not use
//! (earlier versions' social cards, image variants and their lists, highlighted snippets),
//! and what it keeps is what the next build reads without making anything again.

mod common;

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;

use common::{set, TestSite};

fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, shade]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// Every entry of the cache, by path below `.plenary-cache`, with its bytes (a link as `->`).
fn cache(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let dir = root.join(".plenary-cache");
    walkdir::WalkDir::new(&dir)
        .min_depth(2)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.path_is_symlink() { b"->".to_vec() } else { std::fs::read(e.path()).unwrap() };
            (e.path().strip_prefix(&dir).unwrap().display().to_string(), bytes)
        })
        .collect()
}

fn folder_of(entries: &std::collections::BTreeMap<String, Vec<u8>>, folder: &str) -> BTreeSet<String> {
    entries.keys().filter(|k| k.starts_with(&format!("{folder}/"))).cloned().collect()
}

#[test]
fn pruning_keeps_what_the_build_uses_and_removes_the_rest() {
    let site = TestSite::new();
    let speaker = "content/speakers/amina-haddad.md";
    let forum = "content/forums/registries.md";
    site.write(speaker, "---\nname: Amina Haddad\nphoto: amina.png\nphoto_alt: Amina Haddad\n---\n");
    std::fs::write(site.root.join("content/speakers/amina.png"), png(400, 400, 10)).unwrap();
    site.write(
        forum,
        "---\ntitle: Registries\ndate: 2026-05-04\nspeakers: [amina-haddad]\n---\n\n```rust\nfn main() {}\n```\n",
    );
    site.build_ok(&[]);
    let first = cache(&site.root);
    for folder in ["cards", "images", "highlight"] {
        assert!(!folder_of(&first, folder).is_empty(), "{folder}: {:?}", first.keys());
    }
    assert!(first.keys().any(|k| k.starts_with("images/") && k.ends_with(".txt")), "an image's list of variants");

    // a new photo, title and snippet: a build makes new entries beside the old ones
    std::fs::write(site.root.join("content/speakers/amina.png"), png(400, 400, 200)).unwrap();
    set(&site, forum, "title: Registries", "title: Open registries");
    set(&site, forum, "fn main() {}", "fn main() { run(); }");
    site.build_ok(&[]);
    let grown = cache(&site.root);
    for folder in ["cards", "images", "highlight"] {
        assert!(folder_of(&grown, folder).len() > folder_of(&first, folder).len(), "{folder}");
    }
    // what the pruning must leave: a folder, a file being written, a link's target
    let cards = site.root.join(".plenary-cache/cards");
    std::fs::create_dir(cards.join("kept-folder")).unwrap();
    std::fs::write(cards.join("kept-folder/inside.png"), b"x").unwrap();
    std::fs::write(cards.join("0123456789abcdef.png.tmp-1-ThreadId(2)"), b"being written").unwrap();
    let outside = site.root.join("notes.txt");
    std::fs::write(&outside, "not the cache's").unwrap();
    std::os::unix::fs::symlink(&outside, cards.join("fedcba9876543210.png")).unwrap();

    let public_before = common::tree(&site.public());
    let r = site.build_ok(&["--prune-cache"]);
    let pruned = cache(&site.root);
    // this build's own entries: what a build from an empty cache makes, byte for byte
    let fresh = TestSite::new();
    common::copy_tree(&site.root.join("content"), &fresh.root.join("content"));
    fresh.build_ok(&[]);
    let made = cache(&fresh.root);
    let kept: std::collections::BTreeMap<String, Vec<u8>> = pruned
        .iter()
        .filter(|(k, _)| !k.starts_with("cards/kept-folder/") && !k.contains(".tmp-"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        made.keys().collect::<Vec<_>>(),
        "exactly the entries the build uses are left"
    );
    assert!(kept == made, "and they hold what a build from an empty cache writes");
    let removed = grown.len() + 1 - kept.len();
    assert!(r.stderr.contains(&format!("pruned the cache: {removed} unused entries")), "{}", r.stderr);
    assert!(pruned.contains_key("cards/kept-folder/inside.png") && pruned.keys().any(|k| k.contains(".tmp-")));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not the cache's", "a link is removed, not followed");
    // the output is the same as without pruning, and the next build makes nothing again
    assert_eq!(common::tree(&site.public()), public_before);
    let r = site.build_ok(&["--prune-cache"]);
    assert!(r.stderr.contains("pruned the cache: 0 unused entries"), "{}", r.stderr);
    assert_eq!(cache(&site.root), pruned);
    // without the flag nothing is removed
    set(&site, forum, "title: Open registries", "title: Registries again");
    site.build_ok(&[]);
    assert!(cache(&site.root).keys().collect::<BTreeSet<_>>().is_superset(&pruned.keys().collect()));
}
