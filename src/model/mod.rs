//! The content model: front matter as written (raw structs that reject unknown keys) turned
//! into validated documents, one module per kind.
//!
//! Checks that need only the file itself (a valid slug, `end` after `start`, a known country
//! code) happen here; checks across files (references, duplicate addresses) are in `graph`.

mod fm;
pub(crate) mod forum;
mod inherit;
mod news;
mod paper;
pub(crate) mod speaker;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub(crate) use fm::Fm;
pub use fm::MAX_TERMS;
pub use forum::{Forum, Material, SessionStatus, SessionType};
pub use inherit::inherit;
pub use news::News;
pub use paper::{Author, Chapter, Paper, PaperStatus};
pub use speaker::{Link, Speaker};
#[cfg(test)]
pub(crate) use {
    forum::RawForum,
    news::RawNews,
    paper::{RawChapter, RawPaper},
    speaker::RawSpeaker,
};

use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::load::{Kind, SourceFile};
use crate::types::{is_valid_slug, shown_slug, slugify, MAX_SLUG_BYTES};

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
    /// The whole file text (in a one-off build, once its body is rendered, only what comes
    /// before the body: [`Doc::take_text`]).
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
    /// The Markdown body (empty once [`Doc::take_text`] has taken it).
    pub fn body(&self) -> &str {
        self.text.get(self.body.clone()).unwrap_or_default()
    }

    /// Takes the whole file text out, leaving the front matter (what precedes the body) in
    /// its place: a one-off build renders each body once and lets it go, and at 10,000 pages
    /// the sources are about 40 MB of its peak memory. What needs the body later reads the
    /// file again ([`Doc::full_text`]).
    pub fn take_text(&mut self) -> String {
        let front = self.text[..self.body.start].to_string();
        std::mem::replace(&mut self.text, front)
    }

    /// The whole file text: the one in memory, or read again from `root` if the body was
    /// let go (`None` if the file cannot be read any more).
    pub fn full_text(&self, root: &Path) -> Option<std::borrow::Cow<'_, str>> {
        if self.text.len() >= self.body.end {
            return Some(std::borrow::Cow::Borrowed(&self.text));
        }
        // read as the loader reads it: inside the site only, however the file changed since
        let real = crate::load::inside_root(&crate::load::resolved_root(root), &root.join(&self.path), &self.path);
        crate::load::read_content(&real.ok()?, &self.path).ok().map(|(text, _)| std::borrow::Cow::Owned(text))
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

    /// The topics of a forum or the tags of a news item; none for other kinds.
    pub fn topic_words(&self) -> &[String] {
        match &self.data {
            Data::Forum(f) => &f.topics,
            Data::News(n) => &n.tags,
            _ => &[],
        }
    }
}

/// Parses and validates one source file. Errors and warnings go to `diags`; `None` only when
/// the file gives no address at all.
///
/// One mistake, one error: a file whose front matter fails (or is refused) still exists for
/// the rest of the run, as a stand-in whose address, slug, language and kind come from its
/// path, so no other file reports it missing. The build stops on the error anyway.
pub fn parse(src: SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Doc> {
    let split = match frontmatter::split(&src.text, &src.path) {
        Ok(s) => s,
        Err(mut d) => {
            // a speaker's first key is `name`
            if src.kind == Kind::Speaker {
                d.help = d.help.map(|h| h.replace("`title: …`", "`name: …`"));
            }
            diags.push(d);
            let end = src.text.len();
            return stand_in(src, 0..0, 1, end..end, 1);
        }
    };
    let base = src.text.as_ptr() as usize;
    let yaml_start = split.yaml.as_ptr() as usize - base;
    let body_start = split.body.as_ptr() as usize - base;
    let yaml_range = yaml_start..yaml_start + split.yaml.len();
    let body_range = body_start..src.text.len();
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
    diags.extend(crate::frontmatter::escaped_hidden(split.yaml, &src.path, split.yaml_line));
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
        Kind::Chapter => fm.parse(what).map(|r| paper::validate_chapter(r, &src.stem, &fm, diags)),
    };
    let (title, mut common, data) = match parsed {
        Ok(v) => v,
        Err(found) => {
            diags.extend(found);
            let line = split.yaml_line;
            let body_line = split.body_line;
            return stand_in(src, yaml_range, line, body_range, body_line);
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
            // the rest of the run knows the file by its name
            common.slug = None;
            path_slug(&src)
        }
        (Some(s), _) => s.clone(),
        _ => path_slug(&src),
    };
    // a translation's address is its original's in the language's folder: its own `slug`
    // would be read by nothing
    if let (Some(lang), Some(s)) = (&src.lang, &common.slug) {
        let original = src.path.with_file_name(format!("{}.md", src.stem));
        diags.push(
            fm.warning(
                "slug",
                Some(s),
                format!("a translation's `slug` is not used: its address is its original's, in /{lang}/"),
            )
            .with_help(format!(
                "remove it here; to change the address of every language, set `slug` in {}",
                original.display()
            )),
        );
    }
    if slug.is_empty() && src.kind != Kind::Home {
        diags.push(
            Diagnostic::error(&src.path, 0, 0, "the file name gives no usable address").with_help("add `slug: …`"),
        );
        return None;
    }
    // a translation's address is its original's, which reports its own
    if slug.len() > MAX_SLUG_BYTES && src.lang.is_none() {
        let what =
            format!("the address `{}` is {} bytes long; at most {MAX_SLUG_BYTES} fit", shown_slug(&slug), slug.len());
        diags.push(match &common.slug {
            Some(s) => fm.error("slug", Some(s), what).with_help(format!("{TOO_LONG}: give a shorter `slug`")),
            None => Diagnostic::error(&src.path, 0, 0, what)
                .with_help(format!("{TOO_LONG}: add a shorter `slug: …`, or give the file a shorter name")),
        });
    }
    common.aliases.retain(|alias| {
        // a `.` segment (`/./about/`) names the page it leads past: every check by address
        // saw another address, and the redirect overwrote the page
        let dotted = alias.trim_start_matches('/').split('/').any(|part| part == ".");
        let bad = alias.contains("..")
            || alias.contains('\\')
            || alias.contains("://")
            || alias.trim_matches('/').is_empty()
            || dotted;
        if bad {
            diags.push(
                fm.error("aliases", Some(alias), format!("alias `{alias}` is not a path on this site"))
                    .with_help("write old addresses as paths, e.g. `/2023/forum-2/`"),
            );
        } else if let Some(part) = alias.split('/').find(|part| part.len() > MAX_SLUG_BYTES) {
            diags.push(
                fm.error(
                    "aliases",
                    Some(alias),
                    format!(
                        "the alias's part `{}` is {} bytes long; at most {MAX_SLUG_BYTES} fit",
                        shown_slug(part),
                        part.len()
                    ),
                )
                .with_help(format!("{TOO_LONG}: a static site cannot redirect it; remove this alias")),
            );
            return false;
        }
        !bad
    });
    Some(Doc {
        path: src.path,
        kind: src.kind,
        lang: src.lang,
        paper: src.paper,
        slug,
        title,
        common,
        yaml: yaml_range,
        yaml_line: split.yaml_line,
        body: body_range,
        body_line: split.body_line,
        text: src.text,
        data,
        own_keys,
    })
}

/// Why an address part may not be longer, as help.
pub(crate) const TOO_LONG: &str = "each part of an address is the name of a folder or file of the site, and file \
                                   systems take no longer names";

/// The last URL segment a file's place gives it (without a `slug` key).
fn path_slug(src: &SourceFile) -> String {
    match src.kind {
        Kind::Home => String::new(),
        Kind::Paper => slugify(src.paper.as_deref().unwrap_or("")),
        Kind::Chapter => slugify(paper::strip_order_prefix(&src.stem).1),
        _ => slugify(&src.stem),
    }
}

/// The stand-in for a content file that could not be read at all (not UTF-8, too large):
/// kind, language and address from its place (`load::place_of`), so other files that name
/// it report nothing more. Its own error is the one the read gave.
pub fn unreadable(place: SourceFile) -> Option<Doc> {
    stand_in(SourceFile { text: String::new(), ..place }, 0..0, 1, 0..0, 1)
}

/// The document a file whose front matter failed stands for: kind, language, address and
/// body from its place and text, every front-matter field empty, titled by its file name.
/// It makes no references, so it cannot cause errors of its own in other files.
///
/// What can be read of the block (a valid `slug`, a paper's `references`) is kept, so the
/// files that name it by that slug, and a paper's citations, report nothing either.
fn stand_in(
    src: SourceFile,
    yaml: Range<usize>,
    yaml_line: usize,
    body: Range<usize>,
    body_line: usize,
) -> Option<Doc> {
    let block = &src.text[yaml.clone()];
    let own_slug = frontmatter::salvage_text(block, "slug").filter(|s| is_valid_slug(s) && src.kind != Kind::Home);
    let slug = own_slug.clone().unwrap_or_else(|| path_slug(&src));
    if slug.is_empty() && src.kind != Kind::Home {
        return None;
    }
    let references = frontmatter::salvage_text(block, "references");
    let page = || Page { menu: None, summary: None };
    let data = match src.kind {
        Kind::Home => Data::Home(page()),
        Kind::Page => Data::Page(page()),
        Kind::Forum => Data::Forum(Forum::default()),
        Kind::Speaker => Data::Speaker(Speaker::default()),
        Kind::News => Data::News(News::stand_in()),
        Kind::Paper => Data::Paper(Paper { references, ..Paper::default() }),
        Kind::Chapter => Data::Chapter(Chapter { order: paper::strip_order_prefix(&src.stem).0, ..Chapter::default() }),
    };
    Some(Doc {
        title: src.stem.clone(),
        path: src.path,
        kind: src.kind,
        lang: src.lang,
        paper: src.paper,
        slug,
        common: Common { slug: own_slug, ..Common::default() },
        yaml,
        yaml_line,
        body,
        body_line,
        text: src.text,
        data,
        // a broken translation keeps no key of its own: it stands in with its original's
        own_keys: Default::default(),
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
        // the rest of the run knows the page by its file name, so nothing reports it missing
        assert_eq!(doc.unwrap().slug, "a");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
        assert_eq!(d[0].help.as_deref(), Some("use letters, digits and `-`, e.g. `über-uns`"));
    }

    #[test]
    fn a_file_whose_front_matter_fails_still_stands_for_its_place() {
        for text in ["---\nname: A\nlinks: 3\n---\nBio", "---\nname: [A\n---\nBio", "no front matter", "---\nname: A\n"]
        {
            let mut d = Vec::new();
            let mut s = src("content/speakers/jin-li.fr.md", Kind::Speaker, text);
            s.stem = "jin-li".into();
            s.lang = Some("fr".into());
            let doc = parse(s, &mut d).expect("a stand-in");
            assert_eq!(d.iter().filter(|x| x.is_error()).count(), 1, "{text:?}: {d:?}");
            assert_eq!((doc.slug.as_str(), doc.lang.as_deref(), doc.kind), ("jin-li", Some("fr"), Kind::Speaker));
            assert!(matches!(doc.data, Data::Speaker(_)));
        }
    }

    #[test]
    fn a_stand_in_keeps_its_slug_and_bibliography() {
        let mut d = Vec::new();
        let s = src("content/forums/a.md", Kind::Forum, "---\ntitle: [A\nslug: gov\n---\n");
        assert_eq!(parse(s, &mut d).unwrap().slug, "gov");
        let mut s = src("content/papers/p/_index.md", Kind::Paper, "---\ntitle: \"P\nreferences: \"refs.bib\"\n---\n");
        s.paper = Some("p".into());
        let doc = parse(s, &mut d).unwrap();
        assert!(matches!(&doc.data, Data::Paper(p) if p.references.as_deref() == Some("refs.bib")));
    }

    /// Every kind of schema error, through the real YAML crate and the real forum schema: the
    /// words are plenary's (pinned here, so a crate upgrade that changes its messages fails
    /// this test instead of changing what editors read).
    #[test]
    fn schema_errors_are_in_plenarys_words() {
        let cases = [
            "rooom: A",
            "number: two",
            "number: -1",
            "number: 99999999999",
            "speakers: jin-li",
            "title: [a, b]\nnumber: 1",
            "type: seminar",
            "type: keynot",
            "date: 08/12/2023",
            "date: 2023-02-30",
            "start: 9am",
            "materials: [{label: x, link: y}]",
            "draft: maybe",
            "speakers: [[a]]",
        ];
        let mut shown = String::new();
        for case in cases {
            let text = if case.starts_with("title") {
                format!("---\n{case}\n---\n")
            } else {
                format!("---\ntitle: A\n{case}\n---\n")
            };
            let mut d = Vec::new();
            let _ = parse(src("content/forums/f.md", Kind::Forum, &text), &mut d);
            assert_eq!(d.len(), 1, "{case}: {d:?}");
            for words in [
                "invalid type",
                "invalid value",
                "unknown field",
                "missing field",
                "unknown variant",
                "expected u32",
                "expected a string",
                "sequence",
            ] {
                assert!(!d[0].message.contains(words), "{case}: {}", d[0].message);
            }
            shown.push_str(&format!("{case}\n  {}\n\n", d[0]));
        }
        for text in ["---\nnumber: 2\n---\n", "---\n- a\n---\n", "---\njust words\n---\n"] {
            let mut d = Vec::new();
            let _ = parse(src("content/forums/f.md", Kind::Forum, text), &mut d);
            shown.push_str(&format!("{text:?}\n  {}\n\n", d[0]));
        }
        insta::assert_snapshot!(shown);
    }

    #[test]
    fn file_names_are_slugified() {
        let mut d = Vec::new();
        let doc = parse(src("content/pages/Venue Info.md", Kind::Page, "---\ntitle: V\n---\n"), &mut d).unwrap();
        assert_eq!(doc.slug, "venue-info");
    }
}
