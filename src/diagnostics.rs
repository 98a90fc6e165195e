//! Diagnostics: what went wrong, where (file:line:col), and a hint.
//!
//! Every stage returns its problems as [`Diagnostic`] values instead of stopping, so that one
//! run reports all of them. Only `main` prints them; the rendering here is plain text, one
//! finding per block, sorted by file and position so the output does not depend on thread
//! scheduling.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on; the editor should look.
    Warning,
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line in the file (0 when the finding is about the whole file).
    pub line: usize,
    /// 1-based column, counted in characters (0 when unknown).
    pub col: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it, when we know.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, path: path.into(), line, col, message: message.into(), help: None }
    }

    /// A warning at `path:line:col`.
    pub fn warning(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, message) }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Whether this finding stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key: file, line, column, then message.
    fn key(&self) -> (&Path, usize, usize, Severity, &str) {
        (&self.path, self.line, self.col, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts findings by file and position, and drops exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.key().cmp(&b.key()));
    diags.dedup();
}

/// Counts the errors among `diags`.
pub fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

/// The candidate nearest to `wanted`, when it is near enough to be a likely typo.
pub fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        let score = strsim::jaro_winkler(wanted, cand);
        let better = match best {
            None => true,
            // ties go to the alphabetically first candidate, so the hint is deterministic
            Some((s, c)) => score > s || (score == s && cand < c),
        };
        if better {
            best = Some((score, cand));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate, if any.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(wanted, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Line and column (both 1-based, column in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_position_and_help() {
        let d = Diagnostic::error("content/forums/a.md", 3, 7, "unknown speaker `tao-zhn`")
            .with_help("did you mean `tao-zhan`?");
        assert_eq!(
            d.to_string(),
            "content/forums/a.md:3:7: error: unknown speaker `tao-zhn`\n  help: did you mean `tao-zhan`?"
        );
    }

    #[test]
    fn whole_file_findings_have_no_position() {
        let d = Diagnostic::warning("site.yaml", 0, 0, "x");
        assert_eq!(d.to_string(), "site.yaml: warning: x");
    }

    #[test]
    fn nearest_finds_typos_only() {
        let names = ["tao-zhan", "jin-li", "qian-tang"];
        assert_eq!(nearest("tao-zhn", names), Some("tao-zhan"));
        assert_eq!(nearest("somebody-else", names), None);
    }

    #[test]
    fn sorting_is_by_file_then_line() {
        let mut v = vec![
            Diagnostic::error("b.md", 1, 1, "x"),
            Diagnostic::error("a.md", 9, 1, "y"),
            Diagnostic::error("a.md", 2, 1, "z"),
            Diagnostic::error("a.md", 2, 1, "z"),
        ];
        sort(&mut v);
        let order: Vec<_> = v.iter().map(|d| (d.path.to_str().unwrap(), d.line)).collect();
        assert_eq!(order, [("a.md", 2), ("a.md", 9), ("b.md", 1)]);
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\nçd\nef";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 5), (2, 2));
        assert_eq!(line_col(t, 100), (3, 3));
    }
}
