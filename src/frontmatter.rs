//! Front matter: splitting a file into its YAML block and Markdown body, and turning YAML into
//! typed values.
//!
//! This is the only module that touches the YAML crate; the plain shape most front matter has
//! is read by `quick` first, which declines everything else. It maps the crate's error positions
//! (counted inside the YAML block) to positions in the file, and rewrites its messages in plain
//! words with a hint (nearest key, expected type).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;

mod escapes;
mod further;
mod quick;
#[cfg(test)]
mod quick_tests;
mod syntax;
mod words;

pub use escapes::escaped_hidden;
use escapes::{blank_value, may_escape_hidden};
pub use further::further_errors;

use syntax::key_end;
pub use syntax::syntax_error;
pub use words::plain_words_or;
use words::{aliases_repeat_too_much, plain_words};

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
    let help = match body_start_guess(text) {
        Some(line) => format!("add a line `---` before line {line}, where the body seems to begin"),
        None => "add a line `---` after the last front-matter key".into(),
    };
    Err(Diagnostic::error(path, 1, 1, "the front matter starting on line 1 is never closed")
        .with_help(help)
        .with_excerpt(first))
}

/// In a file whose front matter is never closed: the first line (1-based) after a blank line
/// that cannot be front matter (not `key: value`, not indented, not a list item).
fn body_start_guess(text: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    (2..lines.len()).find_map(|i| {
        let l = lines[i];
        let yaml_like = l.starts_with([' ', '-', '#'])
            || l.trim().is_empty()
            || key_end(l).is_some()
            || l.trim_end().ends_with(':');
        (lines[i - 1].trim().is_empty() && !yaml_like).then_some(i + 1)
    })
}

/// Parses a YAML block into `T`. `first_line` is the file line of the block's first line, so
/// positions in errors are file positions.
///
/// A block that is not YAML at all is described by [`syntax_error`] from the source text
/// itself (only the position comes from the YAML crate); a block that is YAML but does not
/// fit `T` by [`plain_words`], from serde's own error messages (unknown key, missing key,
/// wrong type), which the unit tests below pin.
pub fn parse<T: DeserializeOwned>(yaml: &str, path: &Path, first_line: usize, what: &str) -> Result<T, Diagnostic> {
    if let Some((offset, why)) = too_deep(yaml) {
        let (line, col) = crate::diagnostics::line_col(yaml, offset);
        return Err(Diagnostic::error(
            path,
            line + first_line - 1,
            col,
            format!("{} is nested too deeply ({why})", words::block_names(what).1),
        )
        .with_help("values are at most a few levels deep"));
    }
    if let Some(value) = quick::from_str::<T>(yaml) {
        return Ok(value);
    }
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    let value = serde_yaml::from_str::<T>(source).map_err(|e| {
        let at = e.location().map(|loc| (loc.line(), loc.column()));
        if let Err(syntax) = serde_yaml::from_str::<serde_yaml::Value>(source) {
            if syntax.to_string().starts_with("repetition limit exceeded") {
                return aliases_repeat_too_much(yaml, path, first_line);
            }
            let at = syntax.location().map(|loc| (loc.line(), loc.column())).or(at);
            return syntax_error(yaml, path, first_line, at, what);
        }
        let (line, col) = match at {
            Some((l, c)) => (l + first_line - 1, c),
            None => (first_line.saturating_sub(1).max(1), 1),
        };
        let (message, help) = plain_words(&e.to_string(), what);
        Diagnostic::error(path, line, col, message).with_help_opt(help)
    })?;
    // a double-quoted value may write, as an escape, a character no page may hold: read again
    // with each such character a space ([`escaped_hidden`] warns of it)
    if may_escape_hidden(yaml) {
        if let Ok(mut tree) = serde_yaml::from_str::<serde_yaml::Value>(source) {
            if blank_value(&mut tree).is_some() {
                if let Ok(clean) = serde_yaml::from_value::<T>(tree) {
                    return Ok(clean);
                }
            }
        }
    }
    Ok(value)
}

/// The text of a top-level `key` of a YAML document, when the document parses and the value
/// is text (used to go on after a `site.yaml` with errors).
pub fn top_level_text(yaml: &str, key: &str) -> Option<String> {
    if too_deep(yaml).is_some() {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).ok()?;
    value.get(key)?.as_str().map(str::to_string)
}

/// The text of a top-level `key` in a front-matter block that failed to parse: from the YAML
/// when it is YAML at all, else from a line `key: value` at the start of a line (quotes
/// removed). Used to keep a broken file's address and bibliography for the rest of the run.
pub fn salvage_text(yaml: &str, key: &str) -> Option<String> {
    if let Some(v) = top_level_text(yaml, key) {
        return Some(v);
    }
    let line = yaml.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))?;
    let v = line.split(" #").next().unwrap_or("").trim();
    let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
    let v = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).unwrap_or(v);
    (!v.is_empty()).then(|| v.to_string())
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

/// Finds runaway nesting (flow brackets, indentation, `- - -` items, `? ? ?` keys) before the YAML parser
/// sees it. A quote counts only where a quoted scalar can begin (after `: `, `- `, `[`, `{`,
/// `,` or at the start of a line), so an apostrophe inside a word (`it's`) does not hide the
/// brackets after it; a comment is skipped to the end of its line.
fn too_deep(yaml: &str) -> Option<(usize, &'static str)> {
    if shallow(yaml) {
        return None;
    }
    nesting(yaml)
}

/// Whether `yaml` has too few brackets in all, and lines too short, to pass either limit,
/// quotes and comments aside: so [`nesting`] would find nothing (a level is a bracket or an
/// indenting character of one line). Most front matter; found without following the text
/// a character at a time, which took a 1,000-page build 0.7 % of its instructions.
fn shallow(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    let brackets = bytes.iter().filter(|&&b| b == b'[' || b == b'{').count();
    let mut start = 0;
    let short_lines = memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]).all(|end| {
        let long = end - start > MAX_DEPTH * 4;
        start = end + 1;
        !long
    });
    brackets <= MAX_DEPTH && short_lines
}

/// The walk of [`too_deep`] through every character.
fn nesting(yaml: &str) -> Option<(usize, &'static str)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut line_start = true;
    let mut indent = 0usize;
    // the last character outside a quote that was not a space
    let mut prev = '\n';
    let mut prev_was_space = true;
    let bytes = yaml.as_bytes();
    for (i, c) in yaml.char_indices() {
        if c == '\n' {
            line_start = true;
            indent = 0;
            comment = false;
            prev = '\n';
            prev_was_space = true;
            continue;
        }
        if comment {
            continue;
        }
        if line_start {
            // `- ` (a list item) and `? ` (a complex key) open a level as indentation does
            let item = matches!(c, '-' | '?') && matches!(bytes.get(i + 1), Some(b' ') | Some(b'\n') | None);
            if quote.is_none() && (c == ' ' || item) {
                indent += 1;
                if indent > MAX_DEPTH * 4 {
                    return Some((i, "indented too far"));
                }
                continue;
            }
            line_start = false;
        }
        if let Some(q) = quote {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') if q == '"' => escaped = true,
                // `''` inside single quotes is a quote character
                (false, '\'') if q == '\'' && bytes.get(i + 1) == Some(&b'\'') => escaped = true,
                (false, c) if c == q => {
                    quote = None;
                    prev = c;
                    prev_was_space = false;
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' | '\'' if prev_was_space && matches!(prev, ':' | '-' | '[' | '{' | ',' | '?' | '\n') => {
                quote = Some(c);
            }
            '#' if prev_was_space => comment = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((i, "more than 64 brackets inside each other"));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == ' ' {
            prev_was_space = true;
        } else {
            // right after a flow indicator a quote may begin as after a space
            prev_was_space = matches!(c, '[' | '{' | ',');
            prev = c;
        }
    }
    None
}

/// First occurrence of `token` in `hay` that is not part of a longer word or slug.
fn find_token(hay: &str, token: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    // a whole value first (`/etc/passwd` is not the end of `../etc/passwd`), else a word
    let bounds = |i: usize| (hay[..i].chars().next_back(), hay[i + token.len()..].chars().next());
    let whole = |c: Option<char>, ends: &str| c.is_none_or(|c| c.is_whitespace() || ends.contains(c));
    let mut found = hay.match_indices(token).map(|(i, _)| i);
    let first_word = found.clone().find(|&i| {
        let (before, after) = bounds(i);
        before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c))
    });
    found
        .find(|&i| {
            let (before, after) = bounds(i);
            whole(before, "\"'[{,:") && whole(after, "\"']},#")
        })
        .or(first_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    proptest::proptest! {
        /// Text the quick test passes, the walk passes too: a line indented up to and past
        /// the limit, brackets opened up to and past it, then anything (more brackets,
        /// quotes and comments that hide brackets from the walk but not from the quick
        /// test, lines).
        #[test]
        fn shallow_text_has_no_runaway_nesting(
            indent in 0usize..300,
            open in 0usize..80,
            rest in proptest::collection::vec(
                proptest::sample::select(vec![
                    "[", "{", "]", "}", "\n", " ", "        ", "- ", "? ", "'", "\"", "# ", "a", ": ", ", ", "é",
                ]),
                0..40,
            )
        ) {
            let yaml = format!("{}a: 1\nb: {}{}", " ".repeat(indent), "[".repeat(open), rest.concat());
            if shallow(&yaml) {
                proptest::prop_assert_eq!(nesting(&yaml), None);
            }
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields are read by serde in these tests only")]
    pub(super) struct Fm {
        title: String,
        #[serde(default)]
        number: Option<u32>,
        #[serde(default)]
        speakers: Vec<String>,
    }

    /// A front-matter file parsed as a forum's (in these tests, a title, a number, speakers).
    pub(super) fn p(text: &str) -> Result<Fm, Diagnostic> {
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
    fn a_syntax_error_names_the_block_as_its_reader_knows_it() {
        let path = Path::new("x");
        let yaml = "title: \"A\" : : b\n";
        let page = parse::<serde_yaml::Value>(yaml, path, 2, "forum").unwrap_err();
        let site = parse::<serde_yaml::Value>(yaml, path, 1, "site.yaml").unwrap_err();
        assert_eq!(page.message, "the front matter is not valid YAML here");
        assert_eq!(site.message, "site.yaml is not valid YAML here");
        // a file of its own has no closing `---` to miss
        let prose = "title: A\n\nThe summit's site.\nevent: x\n";
        let page = parse::<serde_yaml::Value>(prose, path, 2, "forum").unwrap_err();
        let site = parse::<serde_yaml::Value>(prose, path, 1, "site.yaml").unwrap_err();
        assert_eq!((page.line, site.line), (4, 3));
        assert!(page.help.as_deref().is_some_and(|h| h.contains("closing `---` missing")), "{page:?}");
        assert_eq!(
            site.help.as_deref(),
            Some("each line of site.yaml is `key: value`, or a list item `- value` under a key")
        );
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
    fn aliases_that_multiply_are_refused_at_the_first_alias() {
        // nine levels of nine: 387,420,489 values from eleven lines
        let mut yaml = String::from("---\ntitle: A\nx: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, of) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            yaml.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{of}"); 9].join(", ")));
        }
        let d = p(&format!("{yaml}---\n")).unwrap_err();
        assert_eq!((d.line, d.col), (4, 8), "{}", d.message);
        assert!(d.message.contains("repeat their anchors' values too many times"), "{}", d.message);
        // an alias used a few times is ordinary YAML: the unknown key is what is said
        let d = p("---\ntitle: &t A\nspeakers: [*t, *t]\nx: *t\n---\n").unwrap_err();
        assert!(d.message.contains("unknown key `x`"), "{}", d.message);
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
    fn an_apostrophe_does_not_switch_off_the_nesting_guard() {
        // 200 KB, 100,000 levels deep, after a plain scalar with an apostrophe
        for open in ["[", "{a: "] {
            let close = if open == "[" { "]" } else { "}" };
            let deep =
                format!("---\ntitle: it's deep\nsummary: {}{}\n---\n", open.repeat(100_000), close.repeat(100_000));
            let d = p(&deep).unwrap_err();
            assert!(d.message.contains("nested too deeply"), "{}", d.message);
            assert_eq!(d.line, 3);
        }
        for item in ["- ", "? ", "- ? "] {
            let items = format!("---\ntitle: it's deep\nspeakers:\n{}x\n---\n", item.repeat(100_000));
            assert!(p(&items).unwrap_err().message.contains("nested too deeply"), "{item:?}");
        }
        // quotes that do begin a scalar still hide brackets
        assert!(p("---\ntitle: 'it''s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n---\n")
            .is_ok());
        assert!(p(
            "---\ntitle: A\nspeakers: [\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]\n---\n"
        )
        .is_ok());
    }

    /// A value is found whole before it is found inside a longer one.
    #[test]
    fn locate_prefers_a_whole_value() {
        let yaml = "materials:\n  - {label: A, file: ../etc/passwd}\n  - {label: B, file: /etc/passwd}\n";
        assert_eq!(locate(yaml, 2, "materials", Some("/etc/passwd")), (4, 22));
        let yaml = "speakers: [tao-zhan-2, tao-zhan]\n";
        assert_eq!(locate(yaml, 1, "speakers", Some("tao-zhan")), (1, 24));
        // inside a longer word only: the key
        assert_eq!(locate("speakers: [tao-zhang]\n", 1, "speakers", Some("tao-zhan")), (1, 1));
        // a value in prose is found as a word
        assert_eq!(locate("summary: \"see slides.pdf.\"\n", 1, "summary", Some("slides.pdf")), (1, 15));
    }

    #[test]
    fn locate_finds_value_after_key() {
        let yaml = "title: A\nspeakers: [jin-li, li]\n";
        assert_eq!(locate(yaml, 2, "speakers", Some("li")), (3, 20));
        assert_eq!(locate(yaml, 2, "moderators", Some("x")), (2, 1));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text that looks like front matter often enough to reach the YAML parser: lines
        /// made of keys, values, quotes, brackets, tabs, dashes and colons.
        fn fm_text() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("---".to_string()),
                Just("title: ".to_string()),
                Just("speakers: ".to_string()),
                Just("number: ".to_string()),
                Just("  - ".to_string()),
                Just("\t".to_string()),
                Just(": ".to_string()),
                Just("\"".to_string()),
                Just("'".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just("{".to_string()),
                Just("# ".to_string()),
                Just("\r\n".to_string()),
                "[a-z0-9 é中]{0,6}",
                "\\PC{0,4}",
            ];
            proptest::collection::vec(prop_oneof![piece.clone(), piece.prop_map(|p| format!("{p}\n"))], 0..40)
                .prop_map(|v| v.concat())
        }

        fn inside(text: &str, d: &Diagnostic) {
            let lines: Vec<&str> = text.split('\n').collect();
            if d.line == 0 {
                return;
            }
            assert!(d.line <= lines.len().max(1), "line {} of {} in {text:?}: {d}", d.line, lines.len());
            let width = lines[d.line - 1].chars().count() + 1;
            assert!(d.col >= 1 && d.col <= width.max(1), "col {} of {width} in {text:?}: {d}", d.col);
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn splitting_and_parsing_never_panic_and_point_inside_the_file(text in fm_text()) {
                let path = Path::new("f.md");
                match split(&text, path) {
                    Err(d) => inside(&text, &d),
                    Ok(s) => {
                        prop_assert!(s.yaml_line >= 1 && s.body_line >= 2);
                        prop_assert!(text.ends_with(s.body));
                        if let Err(d) = parse::<Fm>(s.yaml, path, s.yaml_line, "forum") {
                            inside(&text, &d);
                        }
                        for key in ["title", "speakers", "number", "nothing"] {
                            let (line, col) = locate(s.yaml, s.yaml_line, key, Some("a"));
                            let d = Diagnostic::error(path, line, col, "x");
                            inside(&text, &d);
                        }
                    }
                }
            }

            #[test]
            fn any_text_never_panics(text in "\\PC{0,200}") {
                let path = Path::new("f.md");
                if let Ok(s) = split(&text, path) {
                    if let Err(d) = parse::<Fm>(s.yaml, path, s.yaml_line, "forum") {
                        inside(&text, &d);
                    }
                }
            }
        }
    }
}
