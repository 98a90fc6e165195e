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

impl Author {
    fn name(&self) -> &str {
        match self {
            Author::Speaker(slug) => slug,
            Author::Person { name, .. } => name,
        }
    }

    fn affiliation(&self) -> Option<String> {
        match self {
            Author::Speaker(_) => None,
            Author::Person { affiliation, .. } => affiliation.clone(),
        }
    }
}

/// An ORCID iD as written (`0000-0002-1825-0097`, its address `https://orcid.org/…`, a final
/// `x`) in its plain form, or why it is none: four groups of four digits whose last character
/// is the check digit of ISO 7064 MOD 11-2 (a mistyped digit would credit someone else).
pub fn orcid(written: &str) -> Result<String, &'static str> {
    let id = written.trim();
    let id = ["https://", "http://"].iter().fold(id, |id, p| id.strip_prefix(p).unwrap_or(id));
    let id = id.strip_prefix("www.").unwrap_or(id);
    let id = id.strip_prefix("orcid.org/").unwrap_or(id).to_ascii_uppercase();
    let chars: Vec<char> = id.chars().filter(|&c| c != '-').collect();
    let grouped = id.len() == 19 && id.split('-').all(|g| g.len() == 4) && id.split('-').count() == 4;
    let shaped = chars.len() == 16
        && chars[..15].iter().all(char::is_ascii_digit)
        && (chars[15].is_ascii_digit() || chars[15] == 'X');
    if !grouped || !shaped {
        return Err("an iD is four groups of four digits joined by `-`, the last character a digit or X");
    }
    let total = chars[..15].iter().fold(0u32, |t, c| (t + c.to_digit(10).unwrap_or(0)) * 2);
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 { 'X' } else { char::from_digit(check, 10).unwrap_or('0') };
    if chars[15] != expected {
        return Err("its last character, the check digit, does not match the others (a digit may be mistyped)");
    }
    Ok(id)
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

/// A citation or cross-reference (`[@key]`) in front-matter text, which is published as
/// written (in the page's description and structured data too): a warning at it.
fn uncited(key: &str, text: Option<&str>, fm: &Fm, diags: &mut Vec<Diagnostic>) {
    let Some(group) = text.and_then(|t| crate::paper::crossref::groups(t).into_iter().next().map(|g| (t, g))) else {
        return;
    };
    let (text, g) = group;
    let written = &text[g.range];
    diags.push(
        fm.warning(
            key,
            Some(written),
            format!("`{written}` in `{key}:` is not read as a citation: it is shown as written"),
        )
        .with_help(format!("front matter is plain text; cite in the body, or name the work in words in `{key}:`")),
    );
}

pub(crate) fn validate_paper(mut r: RawPaper, fm: &Fm, diags: &mut Vec<Diagnostic>) -> (String, Common, Data) {
    let common = r.take_common();
    uncited("abstract", r.summary.as_deref(), fm, diags);
    if let Some(url) = &r.comment_url {
        fm.check_url("comment_url", url, "`comment_url`", diags);
        if !url.contains("{anchor}") {
            diags.push(fm.warning("comment_url", None, "`comment_url` has no `{anchor}`").with_help(
                "put `{anchor}` where the paragraph's anchor goes, so comments say which paragraph they are about",
            ));
        }
    }
    for a in &mut r.authors {
        if let Author::Person { orcid: Some(id), .. } = a {
            match orcid(id) {
                Ok(plain) => *id = plain,
                Err(why) => {
                    diags.push(fm.error("authors", Some(id), format!("`{id}` is not an ORCID iD: {why}")).with_help(
                        "copy the iD from the author's ORCID record: four groups of four digits, \
                         the last character a digit or X (`0000-0002-1825-0097`); an address \
                         `https://orcid.org/…` is read too",
                    ));
                    *a = Author::Person { name: a.name().to_string(), affiliation: a.affiliation(), orcid: None };
                }
            }
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

pub(crate) fn validate_chapter(
    mut r: RawChapter,
    stem: &str,
    fm: &Fm,
    diags: &mut Vec<Diagnostic>,
) -> (String, Common, Data) {
    let common = r.take_common();
    uncited("summary", r.summary.as_deref(), fm, diags);
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

    #[test]
    fn orcid_ids_are_read_with_their_check_digit() {
        // ORCID's own examples
        assert_eq!(orcid("0000-0002-1825-0097"), Ok("0000-0002-1825-0097".into()));
        assert_eq!(orcid("https://orcid.org/0000-0001-5109-3700"), Ok("0000-0001-5109-3700".into()));
        assert_eq!(orcid(" 0000-0002-1694-233x "), Ok("0000-0002-1694-233X".into()));
        for bad in ["1234", "0000-0002-1825-0098", "0000000218250097", "0000-0002-1825-009", "0000-0002-1825-00X7", ""]
        {
            assert!(orcid(bad).is_err(), "{bad}");
        }
    }
}
