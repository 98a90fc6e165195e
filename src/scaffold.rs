//! `plenary new <kind> "Title"`: a new content file with its kind's front matter, named by a
//! slug transliterated to ASCII (Chinese and Arabic names are romanised with deunicode).

use std::path::{Path, PathBuf};

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

/// An ASCII slug for a title in any script.
pub fn ascii_slug(title: &str) -> String {
    slugify(&deunicode::deunicode(title))
}

/// Writes the new file(s) under `root`; returns the paths written. Refuses to overwrite.
pub fn create(root: &Path, kind: NewKind, title: &str, today: Date) -> Result<Vec<PathBuf>, String> {
    let slug = ascii_slug(title);
    if slug.is_empty() {
        return Err(format!("cannot make an address from `{title}`; give a title with letters or digits"));
    }
    let quoted = serde_yaml_scalar(title);
    let files: Vec<(PathBuf, String)> = match kind {
        NewKind::Forum => vec![(
            format!("content/forums/{slug}.md").into(),
            format!(
                "---\ntitle: {quoted}\n# number: 1\n# type: forum\n# date: {today}\n# start: \"09:00\"\n# end: \"10:30\"\n# room: Hall A\nmoderators: []\nspeakers: []\ntopics: []\n---\n\nWhat this forum is about.\n"
            ),
        )],
        NewKind::Speaker => vec![(
            format!("content/speakers/{slug}.md").into(),
            format!("---\nname: {quoted}\n# honorific: Dr\n# role: Director\n# organisation: Example University\n# country: CN\n---\n\nA short biography.\n"),
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
        if root.join(rel).exists() {
            return Err(format!("{} already exists; plenary does not overwrite it", rel.display()));
        }
    }
    for (rel, text) in &files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
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
    }

    #[test]
    fn files_parse_as_their_kind_and_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let today = Date::parse("2024-05-01").unwrap();
        let made = create(dir.path(), NewKind::News, "Summit: report", today).unwrap();
        assert_eq!(made, [PathBuf::from("content/news/summit-report.md")]);
        let text = std::fs::read_to_string(dir.path().join(&made[0])).unwrap();
        assert!(text.contains("title: 'Summit: report'\ndate: 2024-05-01\n"), "{text}");
        assert!(create(dir.path(), NewKind::News, "Summit: report", today).unwrap_err().contains("already exists"));
    }
}
