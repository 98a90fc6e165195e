//! `Fm`: where a front-matter block is, and the checks kind validators make through it —
//! diagnostics placed at a key's value, URLs, the number of topics or tags, slugs written
//! twice in a list — and its typed reading.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::frontmatter;

/// Most topics (a forum) or tags (a news item) one document may have: each is a generated page
/// (per language), so a runaway list would make hundreds of thousands of pages.
pub const MAX_TERMS: usize = 100;

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

    /// Checks a URL under `key` ([`crate::url_check`]); `what` names it in the message.
    pub(crate) fn check_url(&self, key: &str, url: &str, what: &str, diags: &mut Vec<Diagnostic>) {
        if let Err(e) = crate::url_check::check(url) {
            let (l, c) = frontmatter::locate(self.yaml, self.line, key, Some(url));
            diags.push(e.at(self.path, l, c, what));
        }
    }

    /// Refuses more than [`MAX_TERMS`] topics or tags under `key`: each one is a generated page.
    pub(crate) fn check_terms(&self, key: &str, terms: &[String], diags: &mut Vec<Diagnostic>) {
        if terms.len() > MAX_TERMS {
            diags.push(
                self.error(key, None, format!("{} `{key}` on one page; at most {MAX_TERMS} are allowed", terms.len()))
                    .with_help(format!(
                        "each of `{key}` becomes a page of its own; keep the few that readers browse by"
                    )),
            );
        }
        for term in terms {
            let slug = crate::types::slugify(term);
            if slug.len() > crate::types::MAX_SLUG_BYTES {
                diags.push(
                    self.error(
                        key,
                        Some(term),
                        format!(
                            "`{}` makes an address {} bytes long; at most {} fit",
                            crate::types::shown_slug(term),
                            slug.len(),
                            crate::types::MAX_SLUG_BYTES
                        ),
                    )
                    .with_help(format!("{}: keep each of `{key}` to a few words", super::TOO_LONG)),
                );
            }
        }
    }

    /// Keeps the first of each slug of the list under `key` (the people of a session, the
    /// forums a news item is about), with a warning for each slug written again: a page
    /// would list that person or forum twice.
    pub(crate) fn once_each(&self, key: &str, list: &mut Vec<String>, diags: &mut Vec<Diagnostic>) {
        let mut seen = std::collections::HashSet::with_capacity(list.len());
        let mut repeated = Vec::new();
        list.retain(|slug| {
            let first = seen.insert(slug.clone());
            if !first && !repeated.contains(slug) {
                repeated.push(slug.clone());
            }
            first
        });
        for slug in repeated {
            diags.push(
                self.warning(key, Some(&slug), format!("`{slug}` is listed more than once in `{key}`"))
                    .with_help("write each one once; it is shown once"),
            );
        }
    }

    /// The front matter as `T`, or its mistakes: the first, then the further ones of other
    /// keys ([`frontmatter::further_errors`]), so one run reports them all.
    pub(super) fn parse<T: serde::de::DeserializeOwned>(&self, what: &str) -> Result<T, Vec<Diagnostic>> {
        frontmatter::parse(self.yaml, self.path, self.line, what).map_err(|first| {
            let further = frontmatter::further_errors::<T>(self.yaml, self.path, self.line, what, &first);
            std::iter::once(first).chain(further).collect()
        })
    }
}
