//! White papers: a paper's metadata (`_index.md`) and its ordered chapters.

use serde::{Deserialize, Serialize};

use super::{front_matter, Common, Data, Fm, TextOrNumber};
use crate::diagnostics::Diagnostic;
use crate::types::Date;

/// Where a paper stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaperStatus {
    /// Work in progress.
    Draft,
    /// Open for comments.
    ForComments,
    /// Published.
    Final,
}

/// An author: a speaker slug or a person written out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Author {
    /// A speaker slug.
    Speaker(String),
    /// A person who is not a speaker.
    Person {
        /// Name.
        name: String,
        /// Affiliation.
        #[serde(default)]
        affiliation: Option<String>,
        /// ORCID iD.
        #[serde(default)]
        orcid: Option<String>,
    },
}

front_matter!(
    /// A paper's `_index.md` front matter as written.
    RawPaper {
        title: String,
        #[serde(default)]
        subtitle: Option<String>,
        #[serde(default)]
        status: Option<PaperStatus>,
        #[serde(default)]
        version: Option<TextOrNumber>,
        #[serde(default)]
        date: Option<Date>,
        #[serde(default)]
        comments_until: Option<Date>,
        #[serde(default)]
        comment_url: Option<String>,
        #[serde(default)]
        authors: Vec<Author>,
        #[serde(default, rename = "abstract")]
        summary: Option<String>,
        #[serde(default)]
        keywords: Vec<String>,
        #[serde(default)]
        license: Option<String>,
        #[serde(default)]
        doi: Option<String>,
        #[serde(default)]
        references: Option<String>,
    }
);

/// A validated paper.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Paper {
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Status.
    pub status: Option<PaperStatus>,
    /// Version, as written.
    pub version: Option<String>,
    /// Date of this version.
    pub date: Option<Date>,
    /// End of the comment period.
    pub comments_until: Option<Date>,
    /// Comment link template with `{anchor}`.
    pub comment_url: Option<String>,
    /// Authors.
    pub authors: Vec<Author>,
    /// Abstract.
    #[serde(rename = "abstract")]
    pub summary: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Licence.
    pub license: Option<String>,
    /// DOI.
    pub doi: Option<String>,
    /// Bibliography file next to `_index.md`.
    pub references: Option<String>,
}

pub(crate) fn validate_paper(mut r: RawPaper, fm: &Fm, diags: &mut Vec<Diagnostic>) -> (String, Common, Data) {
    let common = r.take_common();
    if let Some(url) = &r.comment_url {
        fm.check_url("comment_url", url, "`comment_url`", diags);
        if !url.contains("{anchor}") {
            diags.push(fm.warning("comment_url", None, "`comment_url` has no `{anchor}`").with_help(
                "put `{anchor}` where the paragraph's anchor goes, so comments say which paragraph they are about",
            ));
        }
    }
    let paper = Paper {
        subtitle: r.subtitle,
        status: r.status,
        version: r.version.map(TextOrNumber::into_string),
        date: r.date,
        comments_until: r.comments_until,
        comment_url: r.comment_url,
        authors: r.authors,
        summary: r.summary,
        keywords: r.keywords,
        license: r.license,
        doi: r.doi,
        references: r.references,
    };
    (r.title, common, Data::Paper(paper))
}

front_matter!(
    /// A chapter's front matter as written.
    RawChapter {
        title: String,
        #[serde(default)]
        weight: Option<i64>,
        #[serde(default)]
        summary: Option<String>,
    }
);

/// A validated chapter.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Chapter {
    /// Sort key: `weight`, else the `NN-` prefix, else none (then by file name).
    pub order: Option<i64>,
    /// One-line summary.
    pub summary: Option<String>,
}

pub(crate) fn validate_chapter(mut r: RawChapter, stem: &str) -> (String, Common, Data) {
    let common = r.take_common();
    let order = r.weight.or(strip_order_prefix(stem).0);
    (r.title, common, Data::Chapter(Chapter { order, summary: r.summary }))
}

/// `02-teaching` → (Some(2), `teaching`); `intro` → (None, `intro`).
pub fn strip_order_prefix(stem: &str) -> (Option<i64>, &str) {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < stem.len() && matches!(stem.as_bytes()[digits], b'-' | b'_') {
        (stem[..digits].parse().ok(), &stem[digits + 1..])
    } else {
        (None, stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_prefixes() {
        assert_eq!(strip_order_prefix("02-teaching"), (Some(2), "teaching"));
        assert_eq!(strip_order_prefix("intro"), (None, "intro"));
        assert_eq!(strip_order_prefix("2024"), (None, "2024"));
    }
}
