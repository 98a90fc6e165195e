//! Why a front-matter block (or `site.yaml`, a theme's strings) that is YAML does not fit:
//! serde's and the YAML crate's messages rewritten in plenary's words, with a hint where one
//! exists, naming the block as its reader knows it. The parser's own words are never shown.

use std::path::Path;

use crate::diagnostics::{did_you_mean, Diagnostic};

/// The YAML parser's refusal of aliases that repeat their anchors' values past its limit
/// (a hundred times the block's own length: nested aliases multiply, and a few lines can
/// stand for billions of values). Placed at the block's first alias (`*name`).
pub(super) fn aliases_repeat_too_much(yaml: &str, path: &Path, first_line: usize) -> Diagnostic {
    let bytes = yaml.as_bytes();
    let alias = (0..bytes.len()).find(|&i| {
        bytes[i] == b'*'
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b',' | b'{' | b'\n'))
            && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    });
    let (line, col) = alias.map_or((1, 1), |i| crate::diagnostics::line_col(yaml, i));
    let text = yaml.lines().nth(line - 1).unwrap_or("");
    Diagnostic::error(
        path,
        line + first_line - 1,
        col,
        "the aliases (`*name`) in this YAML repeat their anchors' values too many times",
    )
    .with_help("an alias stands for everything its anchor (`&name`) holds, and aliases inside anchors multiply; write the values out, or use fewer aliases")
    .with_excerpt(text)
}

/// How messages name the block `what` is parsed from: a file of its own (`site.yaml`,
/// `site.fr.yaml`, a theme's strings) by its name, a page's by its kind (`forum front
/// matter`); and as "the" block (`site.yaml`, `the front matter`).
pub(super) fn block_names(what: &str) -> (String, String) {
    if what.ends_with(".yaml") || what.ends_with(".yml") || what == "theme strings" {
        (what.to_string(), what.to_string())
    } else {
        (format!("{what} front matter"), "the front matter".to_string())
    }
}

/// Rewrites a YAML/serde message in plain words, with a hint where one exists.
pub(super) fn plain_words(raw: &str, what: &str) -> (String, Option<String>) {
    plain_words_or(raw, what, |field, _| {
        let (block, the_block) = block_names(what);
        let place = if block == the_block { block } else { format!("the {block}") };
        let message = format!("this value does not fit {place}");
        (
            field.map_or_else(|| message.clone(), |f| format!("`{f}`: {message}")),
            Some(format!("check it against the table of {what} keys in the README")),
        )
    })
}

/// [`plain_words`], with `unknown` saying what a message this function does not know means
/// (a new YAML or serde version, or a format's own messages), given the path of the value
/// it is about (`speakers[0]`) and the message without its position. The crate's own words
/// reach the reader only if `unknown` passes them on.
pub fn plain_words_or(
    raw: &str,
    what: &str,
    unknown: impl FnOnce(Option<&str>, &str) -> (String, Option<String>),
) -> (String, Option<String>) {
    let (block, the_block) = block_names(what);
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
        return (at(format!("unknown key `{name}` in {block}")), help);
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return (
            at(format!("missing required key `{name}` in {block}")),
            Some(format!("add a line `{name}: …` to {the_block}")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        if field.is_none() && expected.starts_with("struct ") {
            return (
                format!("{the_block} must be `key: value` lines, found {}", noun(found)),
                Some(if block == the_block {
                    "write one `key: value` pair per line".into()
                } else {
                    "write one `key: value` pair per line between the `---` lines".into()
                }),
            );
        }
        if let Some(range) = out_of_range(found, expected) {
            return (at(range), None);
        }
        return (at(format!("expected {}, found {}", noun(expected), noun(found))), None);
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        if let Some(range) = out_of_range(found, expected) {
            return (at(range), None);
        }
        return (at(format!("expected {}, found {}", noun(expected), noun(found))), None);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).filter(|s| !s.is_empty()).collect();
        let help = did_you_mean(name, allowed.iter().copied())
            .or_else(|| (!allowed.is_empty()).then(|| format!("write one of: {}", allowed.join(", "))));
        return (at(format!("`{name}` is not one of the values this key takes")), help);
    }
    // our own types (dates, times) say what is wrong in their own words
    if let Some(field) = field {
        if OWN_MESSAGES.iter().any(|m| msg.contains(m)) {
            return (format!("`{field}`: {msg}"), None);
        }
    }
    unknown(field, msg)
}

/// A whole number outside the range of the unsigned type `expected` (`-1`, or more than
/// the type holds), said with the end it passes: `-1` is a whole number, just not one taken.
fn out_of_range(found: &str, expected: &str) -> Option<String> {
    let largest = match expected.trim() {
        "u8" => u64::from(u8::MAX),
        "u16" => u64::from(u16::MAX),
        "u32" => u64::from(u32::MAX),
        "u64" | "usize" => u64::MAX,
        _ => return None,
    };
    let n = found.strip_prefix("integer ")?.trim_matches('`');
    let range = if n.starts_with('-') { "0 or more".to_string() } else { format!("at most {largest}") };
    Some(format!("expected a whole number of {range}, found {n}"))
}

/// Phrases of the messages plenary's own value types (`types::Date`, `types::Time`) give,
/// which are shown as they are.
const OWN_MESSAGES: [&str; 4] = ["is not a date", "does not exist", "is not a time", "no month"];

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
