//! Embeds `themes/default` into the binary, so that `plenary init` and a site without a
//! `themes/` folder work anywhere. Writes `$OUT_DIR/default_theme.rs`: a sorted list of
//! (path inside the theme, bytes), and the digest of its card fonts. Names the highlighter's
//! crates and versions from `Cargo.lock` (`PLENARY_HIGHLIGHTER`, part of every highlight
//! cache entry's name; empty without a lock file, and then nothing is cached).

use std::path::{Path, PathBuf};

fn main() {
    // read at run time: a build script binary may be reused for a checkout in another folder
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme = Path::new(&manifest).join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut code = String::from("/// Files of the default theme: (path inside the theme, contents).\n");
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        code.push_str(&format!("    ({rel:?}, include_bytes!({:?})),\n", abs.display().to_string()));
    }
    code.push_str("];\n");
    // the digest of the built-in card fonts, as `cards::fonts_digest` makes it at run time
    // (length, then bytes, of each `fonts/*.ttf|otf` in the theme's order), so that a site
    // drawing with them does not hash their 3.5 MB on every build
    let mut digest = sha1_smol::Sha1::new();
    for (rel, abs) in &files {
        let font = rel
            .strip_prefix("fonts/")
            .and_then(|f| f.rsplit_once('.'))
            .is_some_and(|(_, e)| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"));
        if font {
            let bytes = std::fs::read(abs).expect("the theme's fonts are readable");
            digest.update(&(bytes.len() as u64).to_le_bytes());
            digest.update(&bytes);
        }
    }
    code.push_str("/// `cards::fonts_digest` of the fonts among [`FILES`].\n");
    code.push_str(&format!("pub static FONTS_DIGEST: &str = {:?};\n", digest.digest().to_string()));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(&out, code).expect("OUT_DIR is writable");
    let lock = Path::new(&manifest).join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let versions =
        std::fs::read_to_string(&lock).map(|l| locked(&l, &["syntect", "onig", "onig_sys"])).unwrap_or_default();
    println!("cargo:rustc-env=PLENARY_HIGHLIGHTER={versions}");
}

/// `name version` of each of `names` in a `Cargo.lock`, joined by `, `; empty when one is missing.
fn locked(lock: &str, names: &[&str]) -> String {
    let mut found = Vec::new();
    for name in names {
        let header = format!("name = \"{name}\"");
        let version = lock
            .split("[[package]]")
            .find(|p| p.lines().any(|l| l.trim() == header))
            .and_then(|p| p.lines().find_map(|l| l.trim().strip_prefix("version = ")))
            .map(|v| v.trim_matches('"'));
        match version {
            Some(v) => found.push(format!("{name} {v}")),
            None => return String::new(),
        }
    }
    found.join(", ")
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push((rel, path));
        }
    }
}
