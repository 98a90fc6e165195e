//! Front matter: splitting a file into its YAML block and Markdown body, and turning YAML into
//! typed values.
//!
//! This is the only module that touches the YAML crate. It maps the crate's error positions
//! (counted inside the YAML block) to positions in the file, and rewrites its messages in plain
//! words with a hint (nearest key, expected type).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic};

/// A content file cut in two.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// File line (1-based) of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// File line (1-based) of the first body line.
    pub body_line: usize,
}

/// Cuts `text` (already stripped of a byte-order mark) into front matter and body.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let message = if text.trim().is_empty() { "the file is empty" } else { "the file has no front matter" };
        return Err(Diagnostic::error(path, 1, 1, message)
            .with_help("start the file with a line `---`, then `title: …` (and the other keys), then a line `---`"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, 1, "the front matter starting on line 1 is never closed")
        .with_help("add a line `---` after the last front-matter key"))
}

/// Parses a YAML block into `T`. `first_line` is the file line of the block's first line, so
/// positions in errors are file positions.
pub fn parse<T: DeserializeOwned>(yaml: &str, path: &Path, first_line: usize, what: &str) -> Result<T, Diagnostic> {
    if let Some((offset, why)) = too_deep(yaml) {
        let (line, col) = crate::diagnostics::line_col(yaml, offset);
        return Err(Diagnostic::error(
            path,
            line + first_line - 1,
            col,
            format!("the front matter is nested too deeply ({why})"),
        )
        .with_help("front matter values are at most a few levels deep"));
    }
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str::<T>(source).map_err(|e| {
        let (line, col) = match e.location() {
            Some(loc) => (loc.line() + first_line - 1, loc.column()),
            None => (first_line.saturating_sub(1).max(1), 1),
        };
        let (message, help) = plain_words(&e.to_string(), what);
        Diagnostic::error(path, line, col, message).with_help_opt(help)
    })
}

/// Writes a value as a YAML front-matter block (between `---` lines).
pub fn to_block<T: serde::Serialize>(value: &T) -> String {
    let yaml = serde_yaml::to_string(value).unwrap_or_default();
    format!("---\n{yaml}---\n")
}

/// Position of a value inside a YAML block: the first `value` after the top-level `key:`,
/// else the key itself, else the block's first line. Serde gives no spans for values that
/// parse fine but are wrong in context (an unknown speaker slug), so the text is searched.
pub fn locate(yaml: &str, first_line: usize, key: &str, value: Option<&str>) -> (usize, usize) {
    let mut key_pos = None;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                key_pos = Some(offset);
                break;
            }
        }
        offset += line.len();
    }
    let Some(key_at) = key_pos else {
        return (first_line, 1);
    };
    let from = key_at + key.len();
    let at = value.filter(|v| !v.is_empty()).and_then(|v| find_token(&yaml[from..], v)).map_or(key_at, |i| from + i);
    let (line, col) = crate::diagnostics::line_col(yaml, at);
    (line + first_line - 1, col)
}

/// Deepest nesting plenary accepts in YAML: far beyond any schema, far below what makes the
/// parser slow.
const MAX_DEPTH: usize = 64;

/// Finds runaway nesting (flow brackets or indentation) before the YAML parser sees it.
fn too_deep(yaml: &str) -> Option<(usize, &'static str)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut line_start = true;
    let mut indent = 0usize;
    for (i, c) in yaml.char_indices() {
        if c == '\n' {
            line_start = true;
            indent = 0;
            continue;
        }
        if line_start {
            if c == ' ' {
                indent += 1;
                if indent > MAX_DEPTH * 4 {
                    return Some((i, "indented too far"));
                }
                continue;
            }
            line_start = false;
        }
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((i, "more than 64 brackets inside each other"));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// First occurrence of `token` in `hay` that is not part of a longer word or slug.
fn find_token(hay: &str, token: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    hay.match_indices(token).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let after = hay[i + token.len()..].chars().next().is_none_or(|c| !is_word(c));
        before && after
    })
}

/// Rewrites a YAML/serde message in plain words, with a hint where one exists.
fn plain_words(raw: &str, what: &str) -> (String, Option<String>) {
    // serde_yaml appends " at line L column C"; the position is reported separately
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    // "speakers[0]: invalid type …" carries the path of the offending value
    let (field, msg) = match msg.split_once(": ") {
        Some((f, m)) if !f.contains(' ') && !f.is_empty() => (Some(f), m),
        _ => (None, msg),
    };
    let at = |s: String| match field {
        Some(f) => format!("`{f}`: {s}"),
        None => s,
    };
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).filter(|s| !s.is_empty()).collect();
        let help = did_you_mean(name, allowed.iter().copied())
            .or_else(|| Some(format!("the keys a {what} may have are: {}", allowed.join(", "))));
        return (at(format!("unknown key `{name}` in {what} front matter")), help);
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return (
            at(format!("missing required key `{name}` in {what} front matter")),
            Some(format!("add a line `{name}: …` to the front matter")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        if field.is_none() && expected.starts_with("struct ") {
            return (
                format!("the front matter must be `key: value` lines, found {}", noun(found)),
                Some("write one `key: value` pair per line between the `---` lines".into()),
            );
        }
        return (at(format!("expected {}, found {}", noun(expected), noun(found))), None);
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (at(format!("expected {}, found {}", noun(expected), noun(found))), None);
    }
    if msg.starts_with("unknown variant `") {
        return (at(msg.replace("unknown variant", "unknown value")), None);
    }
    if msg.contains("recursion limit exceeded") {
        return (
            "the front matter is nested too deeply".into(),
            Some("front matter values are at most a few levels deep".into()),
        );
    }
    (at(msg.to_string()), None)
}

/// Turns serde's type names into words an editor knows.
fn noun(serde_name: &str) -> String {
    let s = serde_name.trim();
    let plain = match s {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "a whole number" => "a whole number",
        "a boolean" | "bool" => "true or false",
        "a string" | "string" => "text",
        "a sequence" | "sequence" => "a list",
        "a map" | "map" => "a mapping of `key: value` pairs",
        "unit value" => "nothing (an empty value)",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_string();
    }
    if let Some(v) = s.strip_prefix("string ") {
        return format!("the text {v}");
    }
    if let Some(v) = s.strip_prefix("integer ") {
        return format!("the number {v}");
    }
    if let Some(v) = s.strip_prefix("floating point ") {
        return format!("the number {v}");
    }
    if let Some(v) = s.strip_prefix("boolean ") {
        return format!("the value {v}");
    }
    if s.starts_with("struct ") {
        return "a mapping of `key: value` pairs".into();
    }
    if let Some(v) = s.strip_prefix("a sequence of") {
        return format!("a list of{v}");
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields are read by serde in these tests only")]
    struct Fm {
        title: String,
        #[serde(default)]
        number: Option<u32>,
        #[serde(default)]
        speakers: Vec<String>,
    }

    fn p(text: &str) -> Result<Fm, Diagnostic> {
        let path = Path::new("f.md");
        let s = split(text, path)?;
        parse::<Fm>(s.yaml, path, s.yaml_line, "forum")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\n\n# Body\n", Path::new("x")).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "\n# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_files_split() {
        let s = split("---\r\ntitle: A\r\n---\r\nbody", Path::new("x")).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unknown_key_is_reported_at_file_line_with_hint() {
        let d = p("---\ntitle: A\nspeakrs: [a]\n---\n").unwrap_err();
        assert_eq!((d.line, d.message.as_str()), (3, "unknown key `speakrs` in forum front matter"));
        assert_eq!(d.help.as_deref(), Some("did you mean `speakers`?"));
    }

    #[test]
    fn wrong_type_is_in_plain_words() {
        let d = p("---\ntitle: A\nnumber: two\n---\n").unwrap_err();
        assert_eq!(d.line, 3);
        assert_eq!(d.message, "`number`: expected a whole number, found the text \"two\"");
    }

    #[test]
    fn missing_key_names_the_key() {
        let d = p("---\nnumber: 2\n---\n").unwrap_err();
        assert_eq!(d.message, "missing required key `title` in forum front matter");
    }

    #[test]
    fn list_front_matter_is_refused() {
        let d = p("---\n- a\n- b\n---\n").unwrap_err();
        assert!(d.message.contains("found a list"), "{}", d.message);
    }

    #[test]
    fn runaway_nesting_is_refused_before_parsing() {
        let deep = format!("title: A\nsummary: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = p(&format!("---\n{deep}---\n")).unwrap_err();
        assert_eq!((d.line, d.col), (3, 74));
        assert!(d.message.contains("nested too deeply"));
        assert!(p("---\ntitle: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n---\n").is_ok());
    }

    #[test]
    fn locate_finds_value_after_key() {
        let yaml = "title: A\nspeakers: [jin-li, li]\n";
        assert_eq!(locate(yaml, 2, "speakers", Some("li")), (3, 20));
        assert_eq!(locate(yaml, 2, "moderators", Some("x")), (2, 1));
    }
}
