//! Finding the site's source files: a walk over `content/` (walkdir) and reading one file
//! (`pipeline::Sources` reads them in parallel and keeps them between rebuilds).
//!
//! A Markdown file's place decides its kind (`forums/x.md` is a forum); a `<name>.<code>.md`
//! file is the `<code>` translation of `<name>.md`. Other files under `content/` are assets
//! copied beside the pages. Unreadable input (invalid UTF-8, oversized files, symbolic-link
//! loops, files in no known place) becomes a diagnostic, never a panic.
//!
//! Invariant: nothing outside the site root is read. Every walk goes through [`walk_files`],
//! which follows a symbolic link only when it resolves inside the root ([`inside_root`]); a
//! link that leads outside is a diagnostic naming the link.

use std::path::{Path, PathBuf};

use crate::diagnostics::{line_col, Diagnostic};

/// Content files larger than this are refused: no editor writes one, and reading it would
/// only slow the build down.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What a Markdown file is, from where it sits under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `content/_index.md`
    Home,
    /// `content/forums/<slug>.md`
    Forum,
    /// `content/speakers/<slug>.md`
    Speaker,
    /// `content/news/<slug>.md`
    News,
    /// `content/papers/<slug>/_index.md`
    Paper,
    /// `content/papers/<paper>/NN-<name>.md`
    Chapter,
    /// `content/pages/<slug>.md`
    Page,
}

impl Kind {
    /// The word editors use for this kind.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Home => "home page",
            Kind::Forum => "forum",
            Kind::Speaker => "speaker",
            Kind::News => "news item",
            Kind::Paper => "paper",
            Kind::Chapter => "chapter",
            Kind::Page => "page",
        }
    }
}

/// One Markdown source file, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/forums/governance.md`.
    pub path: PathBuf,
    /// Its kind.
    pub kind: Kind,
    /// The file stem without a language suffix, e.g. `governance`, `01-introduction`, `_index`.
    pub stem: String,
    /// For chapters: the paper folder's name.
    pub paper: Option<String>,
    /// The language code from a `<name>.<code>.md` name; `None` for the default language.
    pub lang: Option<String>,
    /// The whole text, without a byte-order mark.
    pub text: String,
}

/// A non-Markdown file under `content/`, copied to the same place in the output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// Absolute (or root-joined) path to read from.
    pub source: PathBuf,
    /// Path relative to `content/` (or `static/`), in composed form ([`link_key`]): its output
    /// path, the one a link typed on a keyboard names.
    pub rel: PathBuf,
}

/// Whether a file name belongs to an editor's temporary or swap files, a copy's or a merge's
/// leftovers, or is hidden.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        // a copy or a merge's leftovers (`x.md.bak`, `x.md.orig`, `x.md.rej`)
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || name.ends_with(".rej")
        || name == "4913"
}

/// What walking `content/` found, before any Markdown file is read.
#[derive(Debug, Default)]
pub struct Walked {
    /// Markdown files: (path to read, path relative to `content/`), sorted.
    pub markdown: Vec<(PathBuf, PathBuf)>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Problems found while walking.
    pub diagnostics: Vec<Diagnostic>,
}

/// Endings other tools give Markdown files (`.MD` is `md` here, compared without case), which
/// plenary does not read: a file of `content/` with one is warned of, not copied as it is.
const MARKDOWN_ELSEWHERE: [&str; 6] = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];

/// Walks `<root>/content` (following links that stay inside the site, skipping editors' and
/// hidden files).
pub fn walk(root: &Path) -> Walked {
    walk_with(root, |_, _| {})
}

/// [`walk`], calling `found(abs, rel)` for each Markdown file as soon as the walk finds it (in
/// the walk's order, which is the order of [`Walked::markdown`]), so that reading can begin
/// while the walk goes on.
pub fn walk_with(root: &Path, mut found: impl FnMut(&Path, &Path)) -> Walked {
    let content = root.join("content");
    let mut out = Walked::default();
    if !content.is_dir() {
        out.diagnostics.push(
            Diagnostic::error("content", 0, 0, "the site has no `content/` folder")
                .with_help("run plenary in the site's folder, or pass `--root DIR`"),
        );
        return out;
    }
    let mut diagnostics = Vec::new();
    let mut misnamed: Vec<PathBuf> = Vec::new();
    walk_files_with(root, &content, &mut diagnostics, is_ignored_name, &mut |abs| {
        let rel = abs.strip_prefix(&content).unwrap_or(&abs).to_path_buf();
        let ext = rel.extension();
        if ext.is_some_and(|e| e == "md") {
            found(&abs, &rel);
            out.markdown.push((abs, rel));
        } else if ext.is_some_and(|e| MARKDOWN_ELSEWHERE.iter().any(|m| e.eq_ignore_ascii_case(m))) {
            // Markdown under a name plenary does not read: said, and not published as a file
            misnamed.push(rel);
        } else {
            out.assets.push(Asset { rel: link_key(&rel), source: abs });
        }
    });
    for rel in misnamed {
        let ending = rel.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        let renamed = rel.with_extension("md");
        let renamed = renamed.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        diagnostics.push(
            Diagnostic::warning(
                Path::new("content").join(&rel),
                0,
                0,
                format!("this `.{ending}` file is not read: plenary reads Markdown from files ending in `.md`"),
            )
            .with_help(format!("rename it `{renamed}`; as it is, nothing of it is published")),
        );
    }
    out.assets.sort();
    // one name in two Unicode forms: both would be published at one address
    for pair in out.assets.windows(2).filter(|p| p[0].rel == p[1].rel) {
        let shown = |a: &Asset| a.source.strip_prefix(root).unwrap_or(&a.source).display().to_string();
        diagnostics.push(
            Diagnostic::error(shown(&pair[1]), 0, 0, format!("{} has this file's name too", shown(&pair[0])))
                .with_help(
                    "the two files have one name, written in two Unicode forms (one with accents as separate \
                     characters, as a Mac may write it), and would be published at one address; keep one of them",
                ),
        );
    }
    out.diagnostics = diagnostics;
    out
}

/// The name of the file beside `missing` (a path that is not a file) whose name differs from
/// its name in case alone (`Tao.JPG` for `tao.jpg`): such a name finds the file on some
/// computers and not on others (a Linux server, CI).
pub fn differs_in_case(missing: &Path) -> Option<String> {
    let name = missing.file_name()?.to_str()?.to_lowercase();
    std::fs::read_dir(missing.parent()?)
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.to_lowercase() == name)
        .min()
}

/// The file beside `missing` (a path that is not a file) whose name is its name in another
/// Unicode form (`é` as `e` and a combining accent, as a Mac may write it): the same name to
/// an editor, another to Linux.
pub fn composed_twin(missing: &Path) -> Option<PathBuf> {
    let name = missing.file_name()?.to_str()?;
    if name.is_ascii() {
        return None;
    }
    let wanted = link_key(Path::new(name));
    std::fs::read_dir(missing.parent()?)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| link_key(Path::new(n)) == wanted))
        .min()
}

/// The site root with every symbolic link resolved, the yardstick of [`inside_root`].
pub fn resolved_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Checks that `abs` (an existing path) resolves, through any symbolic links, to a place inside
/// the site (`resolved` is [`resolved_root`]). `shown` is the path named in the error.
pub fn inside_root(resolved: &Path, abs: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
    let real = abs.canonicalize().map_err(|e| Diagnostic::error(shown, 0, 0, format!("cannot read: {e}")))?;
    let through = || {
        std::fs::read_link(abs)
            .map(|t| format!(" (a symbolic link to `{}`)", t.display()))
            .unwrap_or_else(|_| " (through a symbolic link)".to_string())
    };
    let Ok(inside) = real.strip_prefix(resolved) else {
        return Err(Diagnostic::error(shown, 0, 0, format!("this path leads outside the site's folder{}", through()))
            .with_help("plenary reads nothing outside the site's folder: copy the file into the site, or point the link at a file inside it"));
    };
    // a link leading inside, but where no walk goes: a hidden file or folder (`.git/config`
    // with a CI token, `.env`, the cache) or an output folder (the site would publish itself,
    // growing each build); the link may be any folder on the way (`themes/mine -> ../.git`);
    // plenary's own reads of its cache are no link
    if !through_a_link(resolved, abs) {
        return Ok(real);
    }
    let hidden = inside.iter().position(|c| c.to_string_lossy().starts_with('.'));
    let output =
        || real.ancestors().take_while(|a| a.starts_with(resolved)).find(|a| a.join(crate::output::MARKER).is_file());
    let (place, why) = match (hidden, hidden.is_none().then(output).flatten()) {
        (Some(i), _) => (inside.iter().take(i + 1).collect::<PathBuf>(), "a hidden file or folder, never published"),
        (None, Some(out)) => (out.strip_prefix(resolved).unwrap_or(out).to_path_buf(), "plenary's output folder"),
        (None, None) => return Ok(real),
    };
    Err(Diagnostic::error(shown, 0, 0, format!("this path leads into `{}`, {why}{}", place.display(), through()))
        .with_help("point the link at a file in content/ or static/, or copy the file there"))
}

/// Whether `abs` or a folder holding it, below the site's folder (`resolved`), is a symbolic link.
fn through_a_link(resolved: &Path, abs: &Path) -> bool {
    for place in abs.ancestors().filter(|a| !a.as_os_str().is_empty()) {
        if place.canonicalize().is_ok_and(|c| c == resolved) {
            return false;
        }
        if place.is_symlink() {
            return true;
        }
    }
    false
}

/// Every file under `dir` (sorted, editors' and hidden files skipped), following symbolic
/// links only where they stay inside the site `root`: a link that leads outside, a link loop
/// or an unreadable entry is a diagnostic, and nothing behind it is listed.
pub fn walk_files(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk_files_with(root, dir, diags, is_ignored_name, &mut |f| files.push(f));
    files
}

/// Hidden names a host reads, published from `static/`: `.well-known/` (RFC 8615: security.txt,
/// app links), `.htaccess` (Apache: a sub-folder's 404 page), `.nojekyll` (GitHub Pages).
pub const PUBLISHED_HIDDEN: [&str; 3] = [".well-known", ".htaccess", ".nojekyll"];

/// [`walk_files`] for `static/`, where the hidden names of [`PUBLISHED_HIDDEN`] are kept.
pub fn walk_static_files(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let ignored = |name: &str| is_ignored_name(name) && !PUBLISHED_HIDDEN.contains(&name);
    walk_files_with(root, dir, diags, ignored, &mut |f| files.push(f));
    files
}

/// [`walk_files`], handing each file to `file` as it is found.
fn walk_files_with(
    root: &Path,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
    ignored: fn(&str) -> bool,
    file: &mut dyn FnMut(PathBuf),
) {
    let resolved = resolved_root(root);
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        // siblings by name: their paths share the folder's, so comparing the whole paths' bytes
        // orders them as their names do, without finding each name in its path at every
        // comparison (`sort_by_file_name` did: ~0.5 % of a build's instructions)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                // an editor's lock (Emacs's `.#x.md`, a link to no file) is not the site's: the
                // walk fails to follow it before `filter_entry` sees its name
                if err.path().and_then(Path::file_name).is_some_and(|n| ignored(&n.to_string_lossy())) {
                    continue;
                }
                let path = err.path().map(|p| rel_to(root, p)).unwrap_or_else(|| rel_to(root, dir));
                let message = if err.loop_ancestor().is_some() {
                    "this symbolic link points back to a folder that contains it (a loop)".to_string()
                } else {
                    format!("cannot read: {}", err.io_error().map_or_else(|| err.to_string(), |e| e.to_string()))
                };
                diags.push(Diagnostic::error(path, 0, 0, message));
                continue;
            }
        };
        if entry.depth() == 0 || entry.path_is_symlink() {
            if let Err(d) = inside_root(&resolved, entry.path(), &rel_to(root, entry.path())) {
                diags.push(d);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            file(entry.into_path());
        }
    }
}

fn rel_to(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// Classifies `rel` (relative to `content/`) and reads the file, with the warning of
/// [`read_content`] when it has one.
pub fn read_source(abs: &Path, rel: &Path) -> Result<(SourceFile, Option<Diagnostic>), Diagnostic> {
    let place = place_of(rel)?;
    let (text, warning) = read_content(abs, &place.path)?;
    Ok((SourceFile { text, ..place }, warning))
}

/// Reads a content file as [`read_text`] does, its characters that no page may hold each
/// replaced by a space, and the warning that says so ([`crate::controls`]).
pub fn read_content(abs: &Path, shown: &Path) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let mut text = read_text(abs, shown)?;
    let warning = crate::controls::replace(&mut text, shown);
    Ok((text, warning))
}

/// What a content file is from its path alone (`rel` relative to `content/`): a
/// [`SourceFile`] with no text yet. A file that cannot be read still has its place.
pub fn place_of(rel: &Path) -> Result<SourceFile, Diagnostic> {
    let shown = Path::new("content").join(rel);
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.last().cloned().unwrap_or_default();
    let (stem, lang) = split_language(file.trim_end_matches(".md"));
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let (kind, paper) = match parts.as_slice() {
        [_] if stem == "_index" => (Kind::Home, None),
        ["forums", _] => (Kind::Forum, None),
        ["speakers", _] => (Kind::Speaker, None),
        ["news", _] => (Kind::News, None),
        ["pages", _] => (Kind::Page, None),
        ["papers", p, _] if stem == "_index" => (Kind::Paper, Some(p.to_string())),
        ["papers", p, _] => (Kind::Chapter, Some(p.to_string())),
        _ => {
            return Err(Diagnostic::error(&shown, 0, 0, "plenary does not know what this file is").with_help(
                "Markdown goes in content/_index.md, content/forums/, content/speakers/, content/news/, \
                 content/pages/ or content/papers/<paper>/",
            ))
        }
    };
    if stem == "_index" && !matches!(kind, Kind::Home | Kind::Paper) {
        return Err(Diagnostic::error(&shown, 0, 0, "`_index.md` is only used for the home page and for papers")
            .with_help("give the file a name: it becomes the page's address"));
    }
    Ok(SourceFile {
        path: shown,
        kind,
        stem: stem.to_string(),
        paper,
        lang: lang.map(str::to_string),
        text: String::new(),
    })
}

/// Reads a text file, refusing huge files and invalid UTF-8 with a position.
pub fn read_text(abs: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let io_err = |e: std::io::Error| Diagnostic::error(shown, 0, 0, format!("cannot read the file: {e}"));
    // one open: the size is asked of the open file, not of its path again
    let mut file = std::fs::File::open(abs).map_err(io_err)?;
    let len = file.metadata().map_err(io_err)?.len();
    if len > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            0,
            0,
            format!("the file is {} MiB; content files may be at most {} MiB", len >> 20, MAX_FILE_BYTES >> 20),
        )
        .with_help("split it, or move large data out of content/"));
    }
    let bytes = crate::files::read_rest(&mut file, len).map_err(io_err)?;
    if let Some(order) = utf16(&bytes) {
        return Err(Diagnostic::error(shown, 0, 0, format!("the file is saved as UTF-16 ({order}), not UTF-8"))
            .with_help("save it as UTF-8 in your editor (often under “Save as…”, “Encoding”)"));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&good, valid);
        Diagnostic::error(shown, line, col, "the file is not valid UTF-8 text")
            .with_help("save the file as UTF-8 in your editor")
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    // CommonMark: a NUL character is replaced by U+FFFD (never copied into the HTML)
    if text.contains('\0') {
        text = text.replace('\0', "\u{FFFD}");
    }
    Ok(text)
}

/// Which byte order of UTF-16 `bytes` are in, when they begin as UTF-16 text does: with its
/// byte-order mark, or with a NUL beside each of their first ASCII characters (as `-` of
/// `---` is written). Text in UTF-8 has no NUL there.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    let pairs = || bytes.chunks_exact(2).take(4);
    match bytes {
        [0xff, 0xfe, ..] => Some("little-endian"),
        [0xfe, 0xff, ..] => Some("big-endian"),
        _ if bytes.len() >= 8 && pairs().all(|p| p[0].is_ascii() && p[0] != 0 && p[1] == 0) => Some("little-endian"),
        _ if bytes.len() >= 8 && pairs().all(|p| p[0] == 0 && p[1].is_ascii() && p[1] != 0) => Some("big-endian"),
        _ => None,
    }
}

/// The key a content file is known by in links (`@/news/café.md`): its path in composed form
/// (NFC), so that a link typed on a keyboard finds a file whose name a Mac wrote decomposed
/// (`e` and a combining accent), and a translation finds such an original.
pub fn link_key(path: &Path) -> PathBuf {
    match path.to_str() {
        Some(s) if !s.is_ascii() => {
            use unicode_normalization::UnicodeNormalization;
            PathBuf::from(s.nfc().collect::<String>())
        }
        _ => path.to_path_buf(),
    }
}

/// `tao-zhan.zh` → (`tao-zhan`, Some(`zh`)); `01-intro` → (`01-intro`, None).
pub fn split_language(stem: &str) -> (&str, Option<&str>) {
    match stem.rsplit_once('.') {
        Some((name, code))
            if !name.is_empty()
                && (2..=3).contains(&code.split('-').next().unwrap_or("").len())
                && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            (name, Some(code))
        }
        _ => (stem, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_suffixes() {
        assert_eq!(split_language("tao-zhan.zh"), ("tao-zhan", Some("zh")));
        assert_eq!(split_language("about.pt-BR"), ("about", Some("pt-BR")));
        assert_eq!(split_language("01-introduction"), ("01-introduction", None));
        assert_eq!(split_language("_index.ar"), ("_index", Some("ar")));
    }

    #[test]
    fn editor_files_are_ignored() {
        for n in [".x.md.swp", "x.md~", "4913", ".#x.md", "#x.md#", ".hidden"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("x.md"));
    }

    /// A folder's entries come in the order of their names' bytes, each folder's files right
    /// after its name: the order the sources' maps are built in without sorting again.
    #[test]
    fn files_are_walked_in_the_order_of_their_names() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.md", "a.md", "a-b.md", "a/x.md", "a/B.md", "A.md", "é.md", "a0/y.md"] {
            let path = dir.path().join("content").join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let mut diags = Vec::new();
        let files = walk_files(dir.path(), &dir.path().join("content"), &mut diags);
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(dir.path().join("content")).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["A.md", "a/B.md", "a/x.md", "a-b.md", "a.md", "a0/y.md", "b.md", "é.md"]);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn invalid_utf8_is_reported_with_position() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.md");
        std::fs::write(&f, b"---\ntitle: caf\xe9\n---\n").unwrap();
        let d = read_text(&f, Path::new("x.md")).unwrap_err();
        assert_eq!((d.line, d.col), (2, 11));
    }

    /// Notepad's "Unicode" is UTF-16: with or without a byte-order mark, in either order, it
    /// is named as such (without a mark it would be valid UTF-8 full of NULs, read as a file
    /// with no front matter).
    #[test]
    fn utf16_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.md");
        let text = "---\ntitle: Café\n---\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, order) in [
            ([&[0xff, 0xfe][..], &le].concat(), "little-endian"),
            (le, "little-endian"),
            ([&[0xfe, 0xff][..], &be].concat(), "big-endian"),
            (be, "big-endian"),
        ] {
            std::fs::write(&f, bytes).unwrap();
            let d = read_text(&f, Path::new("x.md")).unwrap_err();
            assert_eq!(d.message, format!("the file is saved as UTF-16 ({order}), not UTF-8"));
        }
        // UTF-8 text, however short, and a NUL in it elsewhere, are read
        for ok in ["-", "---\ntitle: \0\0\0\0\0\0\0\0\n", "a\0b\0"] {
            std::fs::write(&f, ok).unwrap();
            assert!(read_text(&f, Path::new("x.md")).is_ok(), "{ok:?}");
        }
    }
}
