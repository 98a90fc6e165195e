//! Syntax highlighting of fenced code with syntect, as CSS classes (`hl-…`): the theme's
//! stylesheet owns the colours. The syntax set is loaded once, on first use.
//!
//! Highlighting is the costliest part of rendering Markdown (syntect's grammars are regular
//! expressions run line by line), so a [`Highlighter`] remembers each snippet's classes in
//! `.plenary-cache/highlight/`, named by a hash of the language, the code, [`VERSION`] and
//! the highlighter's crates and versions (from `Cargo.lock`, by `build.rs`). An entry is
//! used only when it holds nothing but `hl-` spans around escaped text ([`well_formed`]), so
//! a file put there cannot bring markup into a page.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted tokens.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Whether `html` (a highlighted block) shows highlighted code, whose colours are the theme's
/// `highlight.css`: a page without loads no such stylesheet ([`crate::markdown::Rendered::highlighted`]).
pub fn shows_highlighted(html: &str) -> bool {
    memchr::memmem::find(html.as_bytes(), b"class=\"hl-").is_some()
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Changes whenever what is cached changes (the classes' style, their escaping).
pub const VERSION: &str = "plenary-highlight-1";

/// The highlighter's crates and versions, from `Cargo.lock` (empty without one: then
/// nothing is cached, as a crate upgrade could not be told).
const CRATES: &str = env!("PLENARY_HIGHLIGHTER");

/// Highlights code, reusing what the cache folder holds (see the module's text).
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    /// The site's root, when there is a cache to read.
    root: Option<PathBuf>,
    /// Whether new entries are written (not by `plenary check`).
    write: bool,
    /// The entries read or written (what `plenary build --prune-cache` keeps).
    used: std::sync::Arc<std::sync::Mutex<Vec<PathBuf>>>,
}

/// The cache folder's name under `.plenary-cache`.
const FOLDER: &str = crate::cache::HIGHLIGHT;

impl Highlighter {
    /// The highlighter of the site at `root`: it reads the cache (and, with `write`, adds to
    /// it, making the folder on the first entry). Without a usable cache folder (a link there
    /// is reported by the image and card stages, which need the cache) it highlights every
    /// snippet.
    pub fn cached(root: &Path, write: bool) -> Highlighter {
        let usable = !CRATES.is_empty() && crate::cache::folder(root, FOLDER, false).is_ok();
        Highlighter { root: usable.then(|| root.to_path_buf()), write, used: Default::default() }
    }

    /// The cache entries read or written so far, sorted, each once.
    pub fn used(&self) -> Vec<PathBuf> {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner()).clone();
        used.sort();
        used.dedup();
        used
    }

    /// [`highlight`], through the cache.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let (token, syntax) = syntax_of(lang);
        let (Some(root), Some(syntax)) = (&self.root, syntax) else { return highlight(code, lang) };
        let file = root.join(crate::cache::DIR).join(FOLDER).join(format!("{}.html", key(token, code)));
        let found = crate::cache::read(&file).and_then(|b| String::from_utf8(b).ok()).filter(|h| well_formed(h));
        let classes = found.or_else(|| {
            let made = classed(code, syntax, syntaxes())?;
            // a cache that cannot be written only costs the next build the time
            if self.write && crate::cache::folder(root, FOLDER, true).is_ok() {
                let _ = crate::cache::write(&file, made.as_bytes());
            }
            Some(made)
        });
        if classes.is_some() {
            self.used.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        }
        wrapped(code, token, classes)
    }
}

/// The name of a snippet's cache entry.
fn key(lang: &str, code: &str) -> String {
    let mut h = sha1_smol::Sha1::new();
    for part in [VERSION, CRATES, lang] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update(code.as_bytes());
    crate::types::hex(&h.digest().bytes()[..10])
}

/// Whether `html` is what [`classed`] makes: `<span class="…">` and `</span>` (balanced)
/// around text with `<`, `>` and `&` escaped, and nothing else.
pub fn well_formed(html: &str) -> bool {
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(i) = rest.find(['<', '>', '&']) {
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("</span>") {
            let Some(d) = depth.checked_sub(1) else { return false };
            depth = d;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("<span class=\"") {
            let Some(end) = after.find('"') else { return false };
            if after[..end].contains(['<', '>', '&']) || !after[end..].starts_with("\">") {
                return false;
            }
            depth += 1;
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('&') {
            let Some(end) = after.find(';') else { return false };
            let name = &after[..end];
            let named = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic());
            let numbered =
                name.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !(named || numbered) {
                return false;
            }
            rest = &after[end + 1..];
        } else {
            return false;
        }
    }
    depth == 0
}

/// The language token of a fence's info string and its syntax, when syntect knows it.
fn syntax_of(lang: &str) -> (&str, Option<&'static syntect::parsing::SyntaxReference>) {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    (lang, if lang.is_empty() { None } else { syntaxes().find_syntax_by_token(lang) })
}

/// Highlights `code` written in `lang` (a fence's info string); unknown languages are plain.
pub fn highlight(code: &str, lang: &str) -> String {
    let (token, syntax) = syntax_of(lang);
    wrapped(code, token, syntax.and_then(|s| classed(code, s, syntaxes())))
}

/// The block for `code` in language `lang`: its highlighted `classes`, or (without) the code
/// escaped.
fn wrapped(code: &str, lang: &str, classes: Option<String>) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        escape_attr(&mut out, lang);
        out.push('"');
    }
    out.push_str("><code>");
    match classes {
        Some(html) => out.push_str(&html),
        None => escape_text(&mut out, code),
    }
    out.push_str("</code></pre>\n");
    out
}

fn classed(code: &str, syntax: &syntect::parsing::SyntaxReference, ss: &SyntaxSet) -> Option<String> {
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// Escapes text for an HTML text node.
pub fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(out: &mut String, s: &str) {
    let _ = escape_attr_with(s, |piece| -> Result<(), std::convert::Infallible> {
        out.push_str(piece);
        Ok(())
    });
}

/// Values shorter than this many bytes are searched a byte at a time by [`escape_attr_with`].
const SHORT_VALUE: usize = 48;

/// The bytes [`escape_attr_with`] replaces by an entity.
const ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// [`escape_attr`] handing each run of plain text, and each entity, to `put` (tera's
/// autoescape writes the same five entities: `theme` uses this for it).
pub fn escape_attr_with<E>(s: &str, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    // most values (titles, names, addresses) have nothing to escape: a long one is searched
    // by two whole-buffer searches (a byte loop over every value was ~1.5 % of a build's
    // instructions), a short one — most of them — a byte at a time through a table (the
    // searches' set-up costs more than its bytes); from the first byte to escape on, the loop
    let bytes = s.as_bytes();
    let first = if bytes.len() < SHORT_VALUE {
        match bytes.iter().position(|&b| ESCAPED[b as usize]) {
            None => return put(s),
            Some(i) => i,
        }
    } else {
        match (memchr::memchr3(b'&', b'<', b'>', bytes), memchr::memchr2(b'"', b'\'', bytes)) {
            (None, None) => return put(s),
            (a, b) => a.unwrap_or(usize::MAX).min(b.unwrap_or(usize::MAX)),
        }
    };
    let mut start = 0;
    for (i, b) in s.bytes().enumerate().skip(first) {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        put(&s[start..i])?;
        put(entity)?;
        start = i + 1;
    }
    put(&s[start..])
}

/// The stylesheet for the classes [`highlight`] emits, from a bundled syntect theme.
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The cache entry `code` in `lang` would have at `root`.
    fn entry(root: &Path, lang: &str, code: &str) -> PathBuf {
        root.join(crate::cache::DIR).join(FOLDER).join(format!("{}.html", key(lang, code)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Through the cache, a snippet comes out as highlighted afresh, whether it was made
        /// (and written) or read: what the highlighter makes is always taken back.
        #[test]
        fn a_cached_snippet_is_the_snippet_highlighted_afresh(
            code in "(fn|def|let|key:|x|1|\"|'|<|>|&|&amp;|#|//|\\|é|教| |\t|\n){0,40}",
            lang in prop::sample::select(vec!["rust", "python", "yaml", "no-such-language", ""]),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let cached = Highlighter::cached(dir.path(), true);
            let fresh = highlight(&code, lang);
            prop_assert_eq!(&cached.highlight(&code, lang), &fresh);
            let file = entry(dir.path(), lang, &code);
            if syntax_of(lang).1.is_some() {
                let held = std::fs::read_to_string(&file).unwrap();
                prop_assert!(well_formed(&held), "{}", held);
            } else {
                prop_assert!(!file.exists());
            }
            prop_assert_eq!(&cached.highlight(&code, lang), &fresh);
            prop_assert_eq!(&Highlighter::cached(dir.path(), false).highlight(&code, lang), &fresh);
        }
    }

    #[test]
    fn only_spans_around_escaped_text_are_taken_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let h = Highlighter::cached(dir.path(), true);
        let code = "fn main() {}\n";
        let fresh = highlight(code, "rust");
        assert_eq!(h.highlight(code, "rust"), fresh);
        let file = entry(dir.path(), "rust", code);
        // a well-formed entry is what the page shows (so entries are read)
        std::fs::write(&file, "<span class=\"hl-x\">kept &amp; read</span>").unwrap();
        assert!(h.highlight(code, "rust").contains("<code><span class=\"hl-x\">kept &amp; read</span></code>"));
        // anything else is highlighted afresh, and the entry made again
        for bad in [
            "<script>alert(1)</script>",
            "<span class=\"hl-x\" onclick=\"alert(1)\">x</span>",
            "<span class=\"a\"><img src=x onerror=alert(1)></span>",
            "<span class=\"a\">open",
            "</span>",
            "a > b",
            "&lt;x &bogus stuff;",
            "&#x3c;",
            "<span class=\"a<b\">x</span>",
        ] {
            std::fs::write(&file, bad).unwrap();
            assert_eq!(h.highlight(code, "rust"), fresh, "{bad}");
            assert!(well_formed(&std::fs::read_to_string(&file).unwrap()), "{bad}");
        }
        // `plenary check` reads the cache but adds nothing to it
        let other = "let x = 1;\n";
        assert_eq!(Highlighter::cached(dir.path(), false).highlight(other, "rust"), highlight(other, "rust"));
        assert!(!entry(dir.path(), "rust", other).exists());
    }

    #[test]
    fn a_cache_folder_that_is_a_link_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("site"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(root.join(crate::cache::DIR)).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        let code = "fn main() {}\n";
        std::fs::write(elsewhere.join(format!("{}.html", key("rust", code))), "<span class=\"x\">SECRET</span>")
            .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&elsewhere, root.join(crate::cache::DIR).join(FOLDER)).unwrap();
        assert_eq!(Highlighter::cached(&root, true).highlight(code, "rust"), highlight(code, "rust"));
    }

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = highlight("<b>&</b>\n", "no-such-language");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"no-such-language\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn theme_stylesheet_matches_the_classes() {
        // the default theme ships this stylesheet; regenerate with PLENARY_BLESS=1
        let css = stylesheet();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/highlight.css");
        if std::env::var_os("PLENARY_BLESS").is_some() {
            std::fs::write(path, &css).unwrap();
        }
        assert_eq!(std::fs::read_to_string(path).unwrap(), css);
    }
}
