//! Characters no page may hold written as escapes in a double-quoted value (`"\a"`,
//! `"\u0001"`, `"\uFFFE"`, `"\0"`): past the loader's scan of the raw text, so found in the
//! parsed value, read as spaces ([`super::parse`]) and warned of once per file.

use std::path::Path;

use super::locate;
use crate::diagnostics::Diagnostic;

/// Whether `yaml` holds an escape that may write a character no page may hold (`"\a"`,
/// `"\x07"`, `"\u0001"`, `"\0"`, `"\N"` …).
pub(super) fn may_escape_hidden(yaml: &str) -> bool {
    let bytes = yaml.as_bytes();
    memchr::memchr_iter(b'\\', bytes).any(|i| bytes.get(i + 1).is_some_and(|b| b"0abefvxuUN".contains(b)))
}

/// Blanks such characters in every text of `value` ([`crate::controls::blank`]): how many,
/// and the first.
pub(super) fn blank_value(value: &mut serde_yaml::Value) -> Option<(usize, char)> {
    let mut found: Option<(usize, char)> = None;
    let mut add = |f: Option<(usize, char)>| {
        if let Some((n, c)) = f {
            found.get_or_insert((0, c)).0 += n;
        }
    };
    match value {
        serde_yaml::Value::String(s) => add(crate::controls::blank(s)),
        serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(|v| add(blank_value(v))),
        serde_yaml::Value::Mapping(map) => map.iter_mut().for_each(|(_, v)| add(blank_value(v))),
        serde_yaml::Value::Tagged(tagged) => add(blank_value(&mut tagged.value)),
        _ => {}
    }
    found
}

/// One warning for the characters no page may hold that a front matter writes as escapes,
/// at the first top-level key whose value holds one (they are read as spaces: [`super::parse`]).
pub fn escaped_hidden(yaml: &str, path: &Path, first_line: usize) -> Option<Diagnostic> {
    if !may_escape_hidden(yaml) {
        return None;
    }
    let serde_yaml::Value::Mapping(map) = serde_yaml::from_str::<serde_yaml::Value>(yaml).ok()? else { return None };
    let mut first: Option<(String, char)> = None;
    let mut count = 0;
    for (key, mut value) in map {
        if let Some((n, c)) = blank_value(&mut value) {
            count += n;
            first.get_or_insert((key.as_str().unwrap_or_default().to_string(), c));
        }
    }
    let (key, c) = first?;
    let (line, col) = locate(yaml, first_line, &key, None);
    Some(
        Diagnostic::warning(path, line, col, crate::controls::message(c, count, &format!("in `{key}`, as an escape")))
            .with_help(
                "web pages, feeds and calendars cannot hold it: delete the escape (`\\a`, `\\x07`, `\\u0007` …)",
            ),
    )
}
