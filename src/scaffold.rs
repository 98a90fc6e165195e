//! `plenary new <kind> "Title"`: a new content file with its kind's front matter, named by a
//! slug transliterated to ASCII (Chinese and Arabic names are romanised with deunicode).

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::types::{slugify, Date};

/// What `plenary new` can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A forum (session).
    Forum,
    /// A speaker.
    Speaker,
    /// A news item (dated today).
    News,
    /// A white paper, with a first chapter.
    Paper,
    /// A free page.
    Page,
}

/// The longest slug `new` and `import` make of a title, in bytes: a file name a person can
/// read in a folder listing (a pasted paragraph as a title made a name no file system takes).
const NEW_SLUG_BYTES: usize = 80;

/// An ASCII slug for a title in any script, of its first words when the title is long (a
/// first word longer than the limit is cut).
pub fn ascii_slug(title: &str) -> String {
    let slug = slugify(&deunicode::deunicode(title));
    if slug.len() <= NEW_SLUG_BYTES {
        return slug;
    }
    // ASCII, so any byte is a character's boundary
    let cut = slug[..=NEW_SLUG_BYTES].rfind('-').filter(|&i| i > 0).unwrap_or(NEW_SLUG_BYTES);
    slug[..cut].to_string()
}

/// Writes the new file(s) under `root`; returns the paths written. Refuses to overwrite, to
/// write through a symlink, and to run outside a site (no `site.yaml`: run `plenary init`).
pub fn create(root: &Path, kind: NewKind, title: &str, today: Date) -> Result<Vec<PathBuf>, Diagnostic> {
    if !root.join("site.yaml").is_file() {
        return Err(Diagnostic::error(
            root.join("site.yaml"),
            0,
            0,
            format!("{} is not a plenary site: it has no site.yaml", shown_dir(root)),
        )
        .with_help(format!(
            "start a site with `plenary init {}` first, or pass `--root DIR` for an existing site",
            shown_dir(root)
        )));
    }
    let slug = ascii_slug(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "plenary new",
            0,
            0,
            format!("cannot make an address from `{title}`; give a title with letters or digits"),
        ));
    }
    let quoted = serde_yaml_scalar(title);
    let files: Vec<(PathBuf, String)> = match kind {
        NewKind::Forum => vec![(
            format!("content/forums/{slug}.md").into(),
            format!(
                "---\ntitle: {quoted}\n# number: 1\n# type: forum\n# date: {today}\n# start: \"09:00\"\n# end: \"10:30\"\n# room: Hall A\nmoderators: []\nspeakers: []\ntopics: []\n# summary: One sentence for lists and link previews.\n# materials:\n#   - label: Slides\n#     file: slides.pdf\n#   - label: Recording\n#     url: https://example.org/recording\n---\n\nWhat this forum is about.\n"
            ),
        )],
        NewKind::Speaker => vec![(
            format!("content/speakers/{slug}.md").into(),
            format!("---\nname: {quoted}\n# honorific: Dr\n# role: Director\n# organisation: Example University\n# country: CN\n# photo: {slug}.jpg\n# photo_alt: Portrait of {}\n# links:\n#   - label: Website\n#     url: https://example.org/\n---\n\nA short biography.\n", title.replace('\n', " ")),
        )],
        NewKind::News => vec![(
            format!("content/news/{slug}.md").into(),
            format!("---\ntitle: {quoted}\ndate: {today}\n# summary: One sentence.\ntags: []\nspeakers: []\nforums: []\n---\n\nThe news.\n"),
        )],
        NewKind::Paper => vec![
            (
                format!("content/papers/{slug}/_index.md").into(),
                format!("---\ntitle: {quoted}\nstatus: draft\nversion: \"0.1\"\ndate: {today}\nauthors: []\n# abstract: …\nkeywords: []\n---\n\nAbout this paper.\n"),
            ),
            (format!("content/papers/{slug}/01-introduction.md").into(), "---\ntitle: Introduction\n---\n\n## Background\n".to_string()),
        ],
        NewKind::Page => vec![(format!("content/pages/{slug}.md").into(), format!("---\ntitle: {quoted}\n# menu: 3\n---\n\nThe page.\n"))],
    };
    for (rel, _) in &files {
        if let Ok(meta) = std::fs::symlink_metadata(root.join(rel)) {
            let what = if meta.file_type().is_symlink() { "a symbolic link" } else { "a file" };
            return Err(Diagnostic::error(
                rel,
                0,
                0,
                format!("{} already exists ({what}); plenary does not overwrite it", rel.display()),
            )
            .with_help("give another title, or remove the file first"));
        }
    }
    for (rel, text) in &files {
        write_content(root, rel, text, false)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// How a folder is named in messages.
fn shown_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".into()
    } else {
        dir.display().to_string()
    }
}

/// What [`write_content`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The file was new.
    Created,
    /// An existing file was replaced (`--force`).
    Replaced,
    /// The file exists and was left alone (no `--force`).
    Kept,
}

/// Writes `text` to `root/rel`, where `rel` is a plain relative path under `content/` (no
/// `..`, not absolute). Never writes through a symbolic link: `content/`, every folder below
/// it and the file itself must be real folders and a real file (or not exist yet); a new file
/// is created exclusively (`O_CREAT|O_EXCL`, which does not follow a link), and `force`
/// replaces an existing regular file by renaming a new file over it, which replaces the
/// directory entry and never writes into whatever it pointed at.
pub fn write_content(root: &Path, rel: &Path, text: &str, force: bool) -> Result<Written, Diagnostic> {
    use std::path::Component;
    let refuse = |why: String, help: &str| Err(Diagnostic::error(rel, 0, 0, why).with_help(help));
    let parts: Vec<&std::ffi::OsStr> = rel
        .components()
        .map(|c| match c {
            Component::Normal(p) => Some(p),
            _ => None,
        })
        .collect::<Option<_>>()
        .unwrap_or_default();
    if parts.len() < 2 || parts[0] != "content" {
        return refuse(
            format!("{} is not a path inside content/", rel.display()),
            "plenary writes content files under content/ only",
        );
    }
    let mut dir = root.to_path_buf();
    for (i, part) in parts[..parts.len() - 1].iter().enumerate() {
        dir.push(part);
        let shown: PathBuf = parts[..=i].iter().collect();
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return refuse(
                    format!("{} is a symbolic link; plenary does not write through links", shown.display()),
                    "replace the link with a real folder, or write the file by hand",
                )
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => return refuse(format!("{} is a file, not a folder", shown.display()), "move it away"),
            Err(_) => {
                if let Err(e) = std::fs::create_dir(&dir) {
                    if e.kind() != std::io::ErrorKind::AlreadyExists {
                        return refuse(
                            format!("cannot create {}: {e}", shown.display()),
                            "check the folder's permissions",
                        );
                    }
                    // created meanwhile: checked again on the next run of this loop's caller
                    if std::fs::symlink_metadata(&dir).map(|m| !m.is_dir()).unwrap_or(true) {
                        return refuse(format!("{} changed while writing", shown.display()), "try again");
                    }
                }
            }
        }
    }
    let path = root.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => refuse(
            format!("{} is a symbolic link; plenary does not write through links", rel.display()),
            "remove the link first if the file should be written here",
        ),
        Ok(m) if !m.is_file() => refuse(format!("{} exists and is not a file", rel.display()), "move it away"),
        Ok(_) if !force => Ok(Written::Kept),
        Ok(_) => {
            let tmp = path.with_file_name(format!(
                ".{}.plenary-new-{}",
                parts[parts.len() - 1].to_string_lossy(),
                std::process::id()
            ));
            let result = create_new(&tmp, text).and_then(|()| std::fs::rename(&tmp, &path));
            if let Err(e) = result {
                let _ = std::fs::remove_file(&tmp);
                return refuse(format!("cannot write {}: {e}", rel.display()), "check the folder's permissions");
            }
            Ok(Written::Replaced)
        }
        Err(_) => match create_new(&path, text) {
            Ok(()) => Ok(Written::Created),
            Err(e) => refuse(format!("cannot write {}: {e}", rel.display()), "check the folder's permissions"),
        },
    }
}

/// Creates `path` exclusively (fails when anything, even a dangling link, is there).
fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// `plenary init [DIR]`: a working starter site — `site.yaml` with the event block, a home
/// page, one forum, one speaker, one news item, a page, a paper with a chapter, and a
/// `.gitignore` for the output — that builds without warnings. Refuses a folder that is not
/// empty unless `force` (even then, existing files are kept and reported). Returns the files
/// written and the files kept.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Diagnostic> {
    if let Ok(m) = std::fs::symlink_metadata(dir) {
        if m.file_type().is_symlink() || !m.is_dir() {
            return Err(Diagnostic::error(dir, 0, 0, format!("{} is not a folder", shown_dir(dir)))
                .with_help("give the name of a new or empty folder"));
        }
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::error(dir, 0, 0, format!("cannot read {}: {e}", shown_dir(dir))))?;
        // a fresh clone of an empty repository (`.git`, maybe a README or licence the host
        // wrote) is a new site's folder: only what would be a site's is counted
        let names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                !matches!(n.as_str(), ".git" | ".gitignore" | ".gitattributes" | "README.md" | "LICENSE" | "LICENSE.md")
            })
            .collect();
        if !names.is_empty() && !force {
            return Err(Diagnostic::error(
                dir,
                0,
                0,
                format!("{} is not empty ({} entr{}), so plenary init leaves it alone", shown_dir(dir), names.len(), if names.len() == 1 { "y" } else { "ies" }),
            )
            .with_help("give a new folder (`plenary init my-site`), or add `--force` to add the starter files that are missing (existing files are kept)"));
        }
    } else {
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::error(dir, 0, 0, format!("cannot create {}: {e}", shown_dir(dir))))?;
    }
    let mut written = Vec::new();
    let mut kept = Vec::new();
    for (rel, text) in [("site.yaml", starter::site_yaml(today)), (".gitignore", starter::GITIGNORE.to_string())] {
        let path = dir.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(_) => kept.push(PathBuf::from(rel)),
            Err(_) => {
                create_new(&path, &text)
                    .map_err(|e| Diagnostic::error(rel, 0, 0, format!("cannot write {rel}: {e}")))?;
                written.push(PathBuf::from(rel));
            }
        }
    }
    for (rel, text) in starter::content(today) {
        let rel = PathBuf::from(rel);
        match write_content(dir, &rel, &text, false)? {
            Written::Kept => kept.push(rel),
            _ => written.push(rel),
        }
    }
    Ok((written, kept))
}

/// The starter site's files.
mod starter {
    use crate::types::Date;

    pub(super) const GITIGNORE: &str = "# the built site (plenary build), its lock file and staging folders while a build runs\n/public/\n/.public.plenary-*\n# made again when missing: social cards, image sizes, highlighted code\n/.plenary-cache/\n";

    /// `site.yaml`, the event dated around `today`.
    pub(super) fn site_yaml(today: Date) -> String {
        format!(
            r#"# The site's settings. Every key is described in plenary's README ("site.yaml").
title: "Example Summit {year}"
base_url: "https://example.org/"
description: "Proceedings of the Example Summit {year}."
default_language: en
languages:
  - code: en
    name: English
# A translation is a file `<name>.<code>.md` beside the original, e.g. `about.fr.md`:
#  - code: fr
#    name: Français
event:
  name: "Example Summit {year}"
  tagline: "One line about the summit"
  start: {today}
  end: {today}
  timezone: Europe/Paris
  rooms: [Main Hall]
  venue:
    name: "Example Conference Centre"
    city: Paris
    country: FR
  organisers:
    - name: "Example Organisation"
      url: "https://example.org/"
"#,
            year = today.year
        )
    }

    /// The content files, relative to the site.
    pub(super) fn content(today: Date) -> Vec<(&'static str, String)> {
        vec![
            (
                "content/_index.md",
                "---\ntitle: \"Welcome to the Example Summit\"\nsummary: \"One sentence about the summit.\"\n---\n\nThe summit brings people together around one question. Start with the [opening forum](@/forums/opening.md) or read the [white paper](@/papers/white-paper/_index.md).\n".into(),
            ),
            (
                "content/forums/opening.md",
                format!("---\ntitle: \"Opening forum\"\nnumber: 1\ntype: forum\ndate: {today}\nstart: \"09:00\"\nend: \"10:30\"\nroom: Main Hall\nmoderators: [ada-example]\nspeakers: []\ntopics: [summit]\n# summary: One sentence for lists and link previews.\n# materials:\n#   - label: Slides\n#     file: slides.pdf\n#   - label: Recording\n#     url: https://example.org/recording\n---\n\nWhat the forum discussed, moderated by [Ada Example](@/speakers/ada-example.md).\n"),
            ),
            (
                "content/speakers/ada-example.md",
                "---\nname: \"Ada Example\"\nhonorific: Dr\nrole: Director\norganisation: \"Example University\"\ncountry: FR\n# photo: ada-example.jpg\n# photo_alt: \"Portrait of Ada Example\"\n# links:\n#   - label: Website\n#     url: https://example.org/\n---\n\nA short biography.\n".into(),
            ),
            (
                "content/news/welcome.md",
                format!("---\ntitle: \"The summit opens\"\ndate: {today}\nsummary: \"The Example Summit opens with its first forum.\"\ntags: [summit]\nspeakers: [ada-example]\nforums: [opening]\n# image: opening.jpg\n# image_alt: \"The main hall during the opening\"\n---\n\nThe news.\n"),
            ),
            (
                "content/pages/about.md",
                "---\ntitle: About\nmenu: 1\n# summary: One sentence.\n---\n\nWho organises the summit and why.\n".into(),
            ),
            (
                "content/papers/white-paper/_index.md",
                format!("---\ntitle: \"Example white paper\"\nstatus: draft\nversion: \"0.1\"\ndate: {today}\nauthors: [ada-example]\nabstract: \"What the paper argues, in two sentences.\"\nkeywords: [summit]\n# license: CC BY 4.0\n# references: references.bib\n---\n\nAbout this paper.\n"),
            ),
            (
                "content/papers/white-paper/01-introduction.md",
                "---\ntitle: Introduction\n---\n\n## Background\n\nWhy the question matters.\n".into(),
            ),
        ]
    }
}

/// A title as a YAML scalar (quoted when needed).
fn serde_yaml_scalar(s: &str) -> String {
    let block = crate::frontmatter::to_block(&s);
    block.trim_start_matches("---\n").trim_end_matches("---\n").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_romanised() {
        assert_eq!(ascii_slug("Higher Education: AI Era"), "higher-education-ai-era");
        assert_eq!(ascii_slug("陶詹"), "tao-zhan");
        assert!(ascii_slug("طارق").chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        assert!(!ascii_slug("طارق").is_empty());
        // a pasted paragraph: its first words, whole
        let long =
            "Higher education in the age of artificial intelligence: governance, teachers and the learners of tomorrow";
        assert_eq!(ascii_slug(long), "higher-education-in-the-age-of-artificial-intelligence-governance-teachers-and");
        assert_eq!(ascii_slug(&"x".repeat(300)), "x".repeat(NEW_SLUG_BYTES));
        assert_eq!(ascii_slug(&format!("{} y", "x".repeat(80))), "x".repeat(80));
    }

    #[test]
    fn files_parse_as_their_kind_and_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let today = Date::parse("2024-05-01").unwrap();
        let err = create(dir.path(), NewKind::News, "Summit: report", today).unwrap_err();
        assert!(err.help.as_deref().unwrap_or("").contains("plenary init"), "{err}");
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        let made = create(dir.path(), NewKind::News, "Summit: report", today).unwrap();
        assert_eq!(made, [PathBuf::from("content/news/summit-report.md")]);
        let text = std::fs::read_to_string(dir.path().join(&made[0])).unwrap();
        assert!(text.contains("title: 'Summit: report'\ndate: 2024-05-01\n"), "{text}");
        assert!(create(dir.path(), NewKind::News, "Summit: report", today)
            .unwrap_err()
            .message
            .contains("already exists"));
    }

    mod properties {
        use super::*;
        use crate::types::is_valid_slug;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

            /// Slugs are valid addresses (or empty, which callers refuse), ASCII for `new`,
            /// stable, and a slug is its own slug.
            #[test]
            fn slugs_are_valid_and_deterministic(title in "\\PC{0,120}") {
                for slug in [slugify(&title), ascii_slug(&title)] {
                    prop_assert!(slug.is_empty() || is_valid_slug(&slug), "{slug:?}");
                    prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{slug:?}");
                    prop_assert_eq!(slugify(&slug), slug.clone());
                }
                prop_assert!(ascii_slug(&title).is_ascii());
                prop_assert!(ascii_slug(&title).len() <= NEW_SLUG_BYTES);
                prop_assert_eq!(ascii_slug(&title), ascii_slug(&title.clone()));
                prop_assert_eq!(slugify(&title), slugify(&title.clone()));
            }
        }
    }
}
