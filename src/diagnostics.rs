//! Diagnostics: what went wrong, where (file:line:col), and a hint.
//!
//! Every stage returns its problems as [`Diagnostic`] values instead of stopping, so that one
//! run reports all of them. Only `main` prints them; the rendering here is plain text, one
//! finding per block, sorted by file and position so the output does not depend on thread
//! scheduling. Control characters from a file (an escape sequence a contributor wrote, a
//! backspace pasted from a PDF) are shown as visible symbols, never sent to the terminal.

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
    /// The offending source line, shown under the message with a caret at `col`.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            help: None,
            excerpt: None,
        }
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

    /// Shows `line` (the text of the source line at `self.line`) under the message.
    pub fn with_excerpt(mut self, line: impl Into<String>) -> Self {
        self.excerpt = Some(line.into());
        self
    }

    /// [`with_excerpt`](Self::with_excerpt) with the finding's own line, taken from `text`
    /// (the whole text of its file).
    pub fn with_excerpt_from(self, text: &str) -> Self {
        let line = text.lines().nth(self.line.saturating_sub(1)).unwrap_or("").to_string();
        self.with_excerpt(line)
    }

    /// Whether this finding stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key after the file: line, column, then message.
    fn key(&self) -> (usize, usize, Severity, &str) {
        (self.line, self.col, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.render(false))
    }
}

impl Diagnostic {
    /// "error" or "warning".
    pub fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The human format (as `Display`), in colour when `colour` is set: the position, the
    /// severity and message, the offending line with a caret under the column, the hint.
    pub fn render(&self, colour: bool) -> String {
        let paint =
            |code: &str, text: &str| if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() };
        let mut out = visible(&self.path.display().to_string()).into_owned();
        if self.line > 0 {
            out.push_str(&format!(":{}", self.line));
            if self.col > 0 {
                out.push_str(&format!(":{}", self.col));
            }
        }
        let kind = match self.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        out = format!("{}: {kind}: {}", paint("1", &out), visible(&self.message));
        if let (Some(text), true) = (&self.excerpt, self.line > 0) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown = visible(&text.trim_end_matches(['\r', '\n']).replace('\t', " ")).into_owned();
            out.push_str(&format!("\n {pad} |\n {number} | {shown}"));
            if self.col > 0 {
                let caret = format!("{}^", " ".repeat(self.col - 1));
                out.push_str(&format!("\n {pad} | {}", paint("1;31", &caret)));
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  {}: {}", paint("1;36", "help"), visible(help)));
        }
        out
    }

    /// One JSON object: `severity`, `file`, `line`, `column`, `message`, `help` (null when
    /// there is none); `line` and `column` are 0 for whole-file findings.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity_word(),
            "file": self.path.to_string_lossy(),
            "line": self.line,
            "column": self.col,
            "message": self.message,
            "help": self.help,
        })
    }

    /// A GitHub Actions workflow command (`::error file=…,line=…,col=…::message`), with the
    /// hint on a second line of the message; properties and text escaped as GitHub asks.
    pub fn to_github(&self) -> String {
        let prop = |s: &str| {
            s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A").replace(':', "%3A").replace(',', "%2C")
        };
        let data = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        let mut props = format!("file={}", prop(&visible(&self.path.to_string_lossy())));
        if self.line > 0 {
            props.push_str(&format!(",line={}", self.line));
            if self.col > 0 {
                props.push_str(&format!(",col={}", self.col));
            }
        }
        let mut text = self.message.clone();
        if let Some(help) = &self.help {
            text.push_str(&format!("\nhelp: {help}"));
        }
        format!("::{} {props}::{}", self.severity_word(), data(&visible(&text)))
    }
}

/// `text` with its control characters (other than line breaks and tabs) made visible, one
/// character for one so that a caret under a column stays in place: C0 controls as their
/// Unicode pictures (U+0008 as `␈`, escape as `␛`), DEL as `␡`, C1 controls as `�`.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !hidden(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

/// Sorts findings by file (in `Path`'s order) and position, and drops exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    // `Path`'s order parses both paths into components at every comparison: a rebuild in
    // serve sorts thousands of findings, and that was a third of an edit's CPU
    let plain = diags.iter().all(|d| plain(&d.path));
    diags.sort_by(|a, b| {
        let by_file = if plain { plain_order(&a.path, &b.path) } else { a.path.cmp(&b.path) };
        by_file.then_with(|| a.key().cmp(&b.key()))
    });
    diags.dedup();
}

/// Whether a path is relative, `/`-separated, and has no empty, `.` or `..` part: then its
/// parts are what lies between the `/`s.
fn plain(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    !bytes.is_empty()
        && !bytes.contains(&b'\\')
        && bytes.split(|&b| b == b'/').all(|part| !matches!(part, b"" | b"." | b".."))
}

/// `Path`'s order for two [`plain`] paths, from their bytes: part by part, a part before a
/// longer one it begins — which is byte order with `/` below every other byte.
fn plain_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let low = |&c: &u8| if c == b'/' { 0 } else { c };
    let (a, b) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    a.iter().map(low).cmp(b.iter().map(low))
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
    fn excerpt_shows_the_line_with_a_caret() {
        let d = Diagnostic::error("a.md", 12, 16, "m").with_excerpt("title: Forum 1: Governance\n").with_help("h");
        assert_eq!(
            d.to_string(),
            "a.md:12:16: error: m\n    |\n 12 | title: Forum 1: Governance\n    |                ^\n  help: h"
        );
        assert!(d.render(true).contains("\x1b[1;31merror\x1b[0m"));
        assert!(!d.to_string().contains('\x1b'));
    }

    #[test]
    fn json_and_github_formats() {
        let d = Diagnostic::error("content/a b.md", 3, 7, "100% wrong\nreally").with_help("fix, it");
        let j = d.to_json();
        assert_eq!(j["severity"], "error");
        assert_eq!(j["file"], "content/a b.md");
        assert_eq!((j["line"].as_u64(), j["column"].as_u64()), (Some(3), Some(7)));
        assert_eq!(j["help"], "fix, it");
        assert_eq!(d.to_github(), "::error file=content/a b.md,line=3,col=7::100%25 wrong%0Areally%0Ahelp: fix, it");
        let w = Diagnostic::warning("site.yaml", 0, 0, "x");
        assert_eq!(w.to_github(), "::warning file=site.yaml::x");
        assert_eq!(w.to_json()["help"], serde_json::Value::Null);
    }

    /// A file's escape sequences and pasted control characters reach no terminal or CI log:
    /// they are shown as symbols, one for one, so the caret still points at the column.
    #[test]
    fn control_characters_from_a_file_are_shown_not_sent() {
        let line = "title: \x1b[2J\x1b]0;owned\x07x\u{8}y\u{7f}\u{85}z";
        let d = Diagnostic::warning("content/a\x1b[31m.md", 1, 27, "unknown key `k\x1b[0m`")
            .with_excerpt(line)
            .with_help("see \x0c here");
        let shown = d.render(false);
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        assert!(shown.contains("title: ␛[2J␛]0;owned␇x␈y␡�z"), "{shown}");
        assert!(shown.contains("content/a␛[31m.md:1:27") && shown.contains("`k␛[0m`") && shown.contains("see ␌ here"));
        // the caret stands under the 27th character of the line, the `z`
        let caret = shown.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        let text = shown.lines().find(|l| l.contains("title:")).unwrap();
        assert_eq!(text.chars().nth(caret.chars().count() - 1), Some('z'));
        let coloured = d.render(true);
        assert_eq!(coloured.matches('\x1b').count(), 8, "only the colours' own escapes: {coloured:?}");
        let github = d.to_github();
        assert!(!github.chars().any(char::is_control), "{github:?}");
    }

    #[test]
    fn whole_file_findings_have_no_position() {
        let d = Diagnostic::warning("site.yaml", 0, 0, "x");
        assert_eq!(d.to_string(), "site.yaml: warning: x");
    }

    /// Slugs come from a hash map in no order: a tie goes to the alphabetically first
    /// candidate, whichever order they come in.
    #[test]
    fn nearest_breaks_ties_by_name_in_any_order() {
        let names = ["bo-lu", "bo-li", "bo-le"];
        let mut orders = vec![names.to_vec()];
        orders.push(names.iter().rev().copied().collect());
        orders.push(vec![names[1], names[0], names[2]]);
        for order in orders {
            assert_eq!(nearest("bo-la", order.iter().copied()), Some("bo-le"), "{order:?}");
        }
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

            /// The byte order used for plain paths is `Path`'s order; other paths are not
            /// plain. Parts are drawn from a small alphabet around `/` (`-`, `.`, `0`) so
            /// that prefixes and near-separators are common.
            #[test]
            fn plain_paths_sort_as_path_sorts_them(a in "[-./0ab]{0,12}", b in "[-./0ab]{0,12}") {
                let (a, b) = (Path::new(&a), Path::new(&b));
                if plain(a) && plain(b) {
                    prop_assert_eq!(plain_order(a, b), a.cmp(b), "{:?} {:?}", a, b);
                }
                if a.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                    prop_assert!(!plain(a), "{:?}", a);
                }
            }
        }
    }

    #[test]
    fn findings_sort_by_file_as_paths_sort_whatever_the_spelling() {
        let at = |p: &str| Diagnostic::warning(p, 1, 1, "m");
        let mut plain = vec![at("a/b.md"), at("a-c.md"), at("a/b"), at("a"), at("a/b.md")];
        sort(&mut plain);
        let files: Vec<_> = plain.iter().map(|d| d.path.display().to_string()).collect();
        assert_eq!(files, ["a", "a/b", "a/b.md", "a-c.md"], "Path's order, repeats dropped");
        // one path that is not plain: every comparison goes through `Path`
        let mut mixed = vec![at("a-c.md"), at("./a/b.md"), at("a/b.md")];
        sort(&mut mixed);
        let files: Vec<_> = mixed.iter().map(|d| d.path.display().to_string()).collect();
        assert_eq!(files, ["./a/b.md", "a/b.md", "a-c.md"]);
    }
}
