//! The content model: front matter as written (raw structs that reject unknown keys) turned
//! into validated documents, one module per kind.
//!
//! Checks that need only the file itself (a valid slug, `end` after `start`, a known country
//! code) happen here; checks across files (references, duplicate addresses) are in `graph`.

mod forum;
mod inherit;
mod news;
mod paper;
mod speaker;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use forum::{Forum, Material, SessionType};
pub use inherit::inherit;
pub use news::News;
pub use paper::{Author, Chapter, Paper, PaperStatus};
pub use speaker::{Link, Speaker};

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::load::{Kind, SourceFile};
use crate::types::{is_valid_slug, slugify};

/// Declares a raw front-matter struct: the kind's own keys plus the keys every content file
/// may have (`slug`, `draft`, `description`, `aliases`). Unknown keys are refused.
macro_rules! front_matter {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            $($(#[$fmeta])* pub(crate) $field: $ty,)*
            #[serde(default)]
            pub(crate) slug: Option<String>,
            #[serde(default)]
            pub(crate) draft: bool,
            #[serde(default)]
            pub(crate) description: Option<String>,
            #[serde(default)]
            pub(crate) aliases: Vec<String>,
        }
        impl $name {
            /// Moves the keys every kind shares out of the raw struct.
            pub(crate) fn take_common(&mut self) -> $crate::model::Common {
                $crate::model::Common {
                    slug: self.slug.take(),
                    draft: self.draft,
                    description: self.description.take(),
                    aliases: std::mem::take(&mut self.aliases),
                }
            }
        }
    };
}
pub(crate) use front_matter;

/// Keys every content file may carry.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Common {
    /// Overrides the file name as the last URL segment.
    pub slug: Option<String>,
    /// Left out of the build unless `--drafts`.
    pub draft: bool,
    /// Description for search engines and link previews.
    pub description: Option<String>,
    /// Old addresses that redirect here.
    pub aliases: Vec<String>,
}

front_matter!(
    /// Front matter of the home page and of free pages.
    RawPage {
        title: String,
        #[serde(default)]
        menu: Option<u32>,
        #[serde(default)]
        summary: Option<String>,
    }
);

/// The home page or a free page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Position in the main menu, if any.
    pub menu: Option<u32>,
    /// One-line summary.
    pub summary: Option<String>,
}

/// What a document is, with its kind's fields.
#[derive(Debug, Clone)]
pub enum Data {
    /// `content/_index.md`.
    Home(Page),
    /// `content/pages/*.md`.
    Page(Page),
    /// `content/forums/*.md`.
    Forum(Forum),
    /// `content/speakers/*.md`.
    Speaker(Speaker),
    /// `content/news/*.md`.
    News(News),
    /// `content/papers/*/_index.md`.
    Paper(Paper),
    /// `content/papers/*/NN-*.md`.
    Chapter(Chapter),
}

/// One validated content file.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path relative to the site root.
    pub path: PathBuf,
    /// Kind, from the file's place.
    pub kind: Kind,
    /// Language code of a translation; `None` for the default language.
    pub lang: Option<String>,
    /// For chapters and papers: the paper folder's name.
    pub paper: Option<String>,
    /// Last URL segment (the paper's folder for papers; empty for the home page).
    pub slug: String,
    /// Title (a speaker's name).
    pub title: String,
    /// Keys every file has.
    pub common: Common,
    /// The whole file text.
    pub text: String,
    /// Byte range of the YAML block in `text`.
    pub yaml: Range<usize>,
    /// File line of the YAML block's first line.
    pub yaml_line: usize,
    /// Byte range of the Markdown body in `text`.
    pub body: Range<usize>,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The kind's own fields.
    pub data: Data,
    /// For a translation: the front-matter keys it sets (the rest come from its original,
    /// see [`inherit`]). Empty for originals.
    pub own_keys: std::collections::BTreeSet<String>,
}

impl Doc {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// File position of `value` under the top-level `key` in the front matter.
    pub fn locate(&self, key: &str, value: Option<&str>) -> (usize, usize) {
        frontmatter::locate(&self.text[self.yaml.clone()], self.yaml_line, key, value)
    }

    /// An error about `value` under `key`.
    pub fn error_at(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let (l, c) = self.locate(key, value);
        Diagnostic::error(&self.path, l, c, message)
    }

    /// A warning about `value` under `key`.
    pub fn warning_at(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let (l, c) = self.locate(key, value);
        Diagnostic::warning(&self.path, l, c, message)
    }
}

/// Where a front-matter block is, for kind validators that need positions.
pub(crate) struct Fm<'a> {
    pub(crate) path: &'a Path,
    pub(crate) yaml: &'a str,
    pub(crate) line: usize,
}

impl Fm<'_> {
    pub(crate) fn error(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let (l, c) = frontmatter::locate(self.yaml, self.line, key, value);
        Diagnostic::error(self.path, l, c, message)
    }

    pub(crate) fn warning(&self, key: &str, value: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let (l, c) = frontmatter::locate(self.yaml, self.line, key, value);
        Diagnostic::warning(self.path, l, c, message)
    }

    fn parse<T: serde::de::DeserializeOwned>(&self, what: &str) -> Result<T, Diagnostic> {
        frontmatter::parse(self.yaml, self.path, self.line, what)
    }
}

/// Parses and validates one source file. Errors and warnings go to `diags`; `None` when the
/// file is unusable.
pub fn parse(src: SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Doc> {
    let split = match frontmatter::split(&src.text, &src.path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let base = src.text.as_ptr() as usize;
    let yaml_start = split.yaml.as_ptr() as usize - base;
    let body_start = split.body.as_ptr() as usize - base;
    // a translation may leave out any key, required ones too: it inherits them from its
    // original (`inherit`); for reading, a key it leaves out that every file of the kind
    // needs gets a stand-in on an extra line after its own, so positions stay true
    let (own_keys, stand_ins) = match src.lang {
        Some(_) => inherit::own_keys(split.yaml, &src.path, split.yaml_line, src.kind),
        None => (Default::default(), String::new()),
    };
    let yaml_read = format!("{}{stand_ins}", split.yaml);
    let fm =
        Fm { path: &src.path, yaml: if stand_ins.is_empty() { split.yaml } else { &yaml_read }, line: split.yaml_line };
    let what = src.kind.noun();
    let before = diags.len();
    let parsed = match src.kind {
        Kind::Home | Kind::Page => fm.parse::<RawPage>(what).map(|mut r| {
            let common = r.take_common();
            let page = Page { menu: r.menu, summary: r.summary };
            let data = if src.kind == Kind::Home { Data::Home(page) } else { Data::Page(page) };
            (r.title, common, data)
        }),
        Kind::Forum => fm.parse(what).map(|r| forum::validate(r, &fm, diags)),
        Kind::Speaker => fm.parse(what).map(|r| speaker::validate(r, &fm, diags)),
        Kind::News => fm.parse(what).map(|r| news::validate(r, &fm, diags)),
        Kind::Paper => fm.parse(what).map(|r| paper::validate_paper(r, &fm, diags)),
        Kind::Chapter => fm.parse(what).map(|r| paper::validate_chapter(r, &src.stem)),
    };
    let (title, common, data) = match parsed {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if title.trim().is_empty() && (src.lang.is_none() || own_keys.contains(inherit::title_key(src.kind))) {
        let key = if src.kind == Kind::Speaker { "name" } else { "title" };
        diags.push(fm.error(key, None, format!("`{key}` is empty")));
    }
    let slug = match (&common.slug, src.kind) {
        (Some(s), _) if !is_valid_slug(s) => {
            diags.push(
                fm.error("slug", Some(s), format!("`{s}` cannot be used as an address"))
                    .with_help(format!("use letters, digits and `-`, e.g. `{}`", slugify(s))),
            );
            return None;
        }
        (Some(s), _) => s.clone(),
        (None, Kind::Home) => String::new(),
        (None, Kind::Paper) => slugify(src.paper.as_deref().unwrap_or("")),
        (None, Kind::Chapter) => slugify(paper::strip_order_prefix(&src.stem).1),
        (None, _) => slugify(&src.stem),
    };
    if slug.is_empty() && src.kind != Kind::Home {
        diags.push(
            Diagnostic::error(&src.path, 0, 0, "the file name gives no usable address").with_help("add `slug: …`"),
        );
        return None;
    }
    for alias in &common.aliases {
        if alias.contains("..") || alias.contains('\\') || alias.contains("://") || alias.trim_matches('/').is_empty() {
            diags.push(
                fm.error("aliases", Some(alias), format!("alias `{alias}` is not a path on this site"))
                    .with_help("write old addresses as paths, e.g. `/2023/forum-2/`"),
            );
        }
    }
    if diags[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(Doc {
        path: src.path,
        kind: src.kind,
        lang: src.lang,
        paper: src.paper,
        slug,
        title,
        common,
        yaml: yaml_start..yaml_start + split.yaml.len(),
        yaml_line: split.yaml_line,
        body: body_start..src.text.len(),
        body_line: split.body_line,
        text: src.text,
        data,
        own_keys,
    })
}

/// A `{label, url}` link in front matter.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledUrl {
    /// Visible text.
    pub label: String,
    /// Target.
    pub url: String,
}

/// Text in front matter that YAML may have read as a number (`version: 0.9`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum TextOrNumber {
    Text(String),
    Int(i64),
    Float(f64),
}

impl TextOrNumber {
    pub(crate) fn into_string(self) -> String {
        match self {
            TextOrNumber::Text(s) => s,
            TextOrNumber::Int(i) => i.to_string(),
            TextOrNumber::Float(f) => f.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(path: &str, kind: Kind, text: &str) -> SourceFile {
        let p = PathBuf::from(path);
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        SourceFile { path: p, kind, stem, paper: None, lang: None, text: text.into() }
    }

    #[test]
    fn page_parses_with_common_keys() {
        let mut d = Vec::new();
        let doc = parse(
            src("content/pages/about.md", Kind::Page, "---\ntitle: About\nmenu: 1\naliases: [/old/]\n---\nHi"),
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!((doc.slug.as_str(), doc.title.as_str(), doc.body()), ("about", "About", "Hi"));
        assert_eq!(doc.common.aliases, ["/old/"]);
    }

    #[test]
    fn bad_slug_is_an_error_with_a_suggestion() {
        let mut d = Vec::new();
        let doc = parse(src("content/pages/a.md", Kind::Page, "---\ntitle: A\nslug: Über uns/\n---\n"), &mut d);
        assert!(doc.is_none());
        assert_eq!(d[0].line, 3);
        assert_eq!(d[0].help.as_deref(), Some("use letters, digits and `-`, e.g. `über-uns`"));
    }

    #[test]
    fn file_names_are_slugified() {
        let mut d = Vec::new();
        let doc = parse(src("content/pages/Venue Info.md", Kind::Page, "---\ntitle: V\n---\n"), &mut d).unwrap();
        assert_eq!(doc.slug, "venue-info");
    }
}
