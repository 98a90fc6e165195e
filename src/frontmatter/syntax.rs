//! YAML syntax errors in plenary's own words: when a front-matter block does not parse as
//! YAML at all, the text up to the place the parser stopped is read and the common cause
//! named (unquoted `: `, tab indentation, an unclosed quote or bracket, a misaligned list
//! item, an over-indented line, a missing `---`). Only the position comes from the parser.

use std::path::Path;

use crate::diagnostics::Diagnostic;

use super::words::block_names;

/// What is wrong with a block the YAML parser refused, found by reading the text around the
/// place the parser stopped (`at`: 1-based line and column in the block). The words are
/// plenary's own; the parser's message is not used.
/// `what` names the block as [`block_names`] does: a file of its own (`site.yaml`) is named,
/// and has no closing `---` to miss.
pub fn syntax_error(yaml: &str, path: &Path, first_line: usize, at: Option<(usize, usize)>, what: &str) -> Diagnostic {
    let lines: Vec<&str> = yaml.lines().collect();
    let (stop_line, stop_col) = at.unwrap_or((lines.len().max(1), 1));
    let stop_line = stop_line.clamp(1, lines.len().max(1));
    let found = classify(&lines, stop_line, stop_col, first_line, what);
    let (line, col) = (found.line, found.col.max(1));
    let text = lines.get(line - 1).copied().unwrap_or("");
    Diagnostic::error(path, line + first_line - 1, col, found.message).with_help(found.help).with_excerpt(text)
}

/// A syntax problem found in the text: where (block line and column, 1-based) and in words.
struct Found {
    line: usize,
    col: usize,
    message: String,
    help: String,
}

/// The common causes of a YAML syntax error, most specific first, looked for up to the line
/// where the parser stopped.
fn classify(lines: &[&str], stop_line: usize, stop_col: usize, first_line: usize, what: &str) -> Found {
    let (block, the_block) = block_names(what);
    let own_file = block == the_block;
    // line numbers in messages are file lines
    let file_line = |block_line: usize| block_line + first_line - 1;
    let upto = &lines[..stop_line.min(lines.len())];
    // a character YAML does not allow anywhere, invisible in the editor (content files have
    // theirs replaced as they are read; the site's own YAML files are not changed); the
    // parser may stop before it, at the start of the document
    for (i, l) in lines.iter().enumerate() {
        if let Some(at) = crate::controls::first(l) {
            let c = l[at..].chars().next().unwrap_or(' ');
            let what = if c.is_control() { "control character" } else { "noncharacter" };
            return Found {
                line: i + 1,
                col: l[..at].chars().count() + 1,
                message: format!("an invisible {what} (U+{:04X}) is here; YAML does not allow it", c as u32),
                help: "delete it: such characters come with text pasted from a PDF or a word processor".into(),
            };
        }
    }
    // a tab in the indentation: YAML allows spaces only
    for (i, l) in upto.iter().enumerate() {
        let indent: &str = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        if let Some(tab) = indent.find('\t') {
            return Found {
                line: i + 1,
                col: indent[..tab].chars().count() + 1,
                message: "a tab is used for indentation".into(),
                help: "YAML indents with spaces only; replace the tab with spaces".into(),
            };
        }
    }
    // a quote or bracket opened and not closed on its line
    for (i, l) in upto.iter().enumerate() {
        if let Some((col, opener)) = unclosed(l) {
            let (what, close) = match opener {
                '"' => ("quote `\"`", "`\"`"),
                '\'' => ("quote `'`", "`'`"),
                '[' => ("bracket `[`", "`]`"),
                _ => ("brace `{`", "`}`"),
            };
            return Found {
                line: i + 1,
                col,
                message: format!("the {what} opened here is never closed"),
                help: format!("end the value with {close} on the same line"),
            };
        }
    }
    // `key: value: more` — an unquoted `: ` inside a value
    for i in (stop_line.saturating_sub(2)..stop_line.min(lines.len())).rev() {
        if let Some((col, key, value)) = colon_in_value(lines[i]) {
            // a value already in typographic quotes (`“Keynote: AI”`, pasted from a word
            // processor) is quoted with straight ones instead, its own dropped
            let bare = value
                .strip_prefix(['“', '”', '„', '«', '‘'])
                .and_then(|v| v.strip_suffix(['”', '“', '»', '’']))
                .unwrap_or(value);
            let quoted = format!("\"{}\"", bare.replace('\\', "\\\\").replace('"', "\\\""));
            return Found {
                line: i + 1,
                col,
                message: "this value contains `: `, which YAML reads as the start of another key".into(),
                help: format!("quote the {key}: `{key}: {quoted}`"),
            };
        }
    }
    // list items that do not line up
    for i in (stop_line.saturating_sub(2)..stop_line.min(lines.len())).rev() {
        let Some(indent) = item_indent(lines[i]) else { continue };
        let previous = lines[..i].iter().enumerate().rev().find(|(_, l)| !is_blank(l)).map(|(j, l)| (j, *l));
        if let Some((j, prev)) = previous {
            if let Some(prev_indent) = item_indent(prev) {
                if prev_indent != indent {
                    return Found {
                        line: i + 1,
                        col: indent + 1,
                        message: format!(
                            "this list item is indented {indent} space{}, the one above it (line {}) {prev_indent}",
                            if indent == 1 { "" } else { "s" },
                            file_line(j + 1)
                        ),
                        help: "the `-` of every item of one list must be in the same column".into(),
                    };
                }
            }
        }
    }
    // a key written twice in one mapping (a copied block, a key added again at the end):
    // the parser stops at the mapping's start
    if let Some((line, col, key, first)) = duplicate_key(lines) {
        return Found {
            line,
            col,
            message: format!("`{key}` is written twice: here and on line {}", file_line(first)),
            help: format!("keep one `{key}:` line and delete the other"),
        };
    }
    // a line that is not `key: value` at all, often the body after a missing `---`
    let key_like = |t: &str| t.trim_start().starts_with("- ") || t.trim() == "-" || t.contains(':') || is_blank(t);
    let mut line = stop_line.min(lines.len()).max(1);
    // the parser reads such a line and the `key:` after it as one long key, and stops at the
    // `key:`: the mistake is the line before
    if let Some(before) = (1..line).rev().find(|&l| !is_blank(lines[l - 1])) {
        if key_like(lines[line - 1]) && !key_like(lines[before - 1]) {
            line = before;
        }
    }
    let text = lines.get(line - 1).copied().unwrap_or("");
    let indent = text.len() - text.trim_start().len();
    if !key_like(text) {
        // the first of the lines before it that are not `key: value` either (a paragraph of
        // the body, when the closing `---` is missing)
        let mut first = line;
        while first > 1
            && (!key_like(lines[first - 2]) || is_blank(lines[first - 2]) && first > 2 && !key_like(lines[first - 3]))
        {
            first -= 1;
        }
        while is_blank(lines[first - 1]) {
            first += 1;
        }
        let text = lines[first - 1];
        let indent = text.len() - text.trim_start().len();
        let blank_before = first >= 2 && is_blank(lines[first - 2]);
        let help = if blank_before && indent == 0 && !own_file {
            format!("is the closing `---` missing? The front matter seems to end before line {}", file_line(first))
        } else {
            format!("each line of {the_block} is `key: value`, or a list item `- value` under a key")
        };
        return Found { line: first, col: indent + 1, message: "this line is not a `key: value` pair".into(), help };
    }
    let previous = lines[..line - 1].iter().rev().find(|l| !is_blank(l)).copied();
    if let Some(prev) = previous {
        let prev_indent = prev.len() - prev.trim_start().len();
        if indent > prev_indent && !prev.trim_end().ends_with(':') && !is_blank(text) {
            return Found {
                line,
                col: indent + 1,
                message: "this line is indented more than the line above".into(),
                help: "indent a line only under a key that has no value of its own (`key:` at the end of a line)"
                    .into(),
            };
        }
    }
    Found {
        line,
        col: if line == stop_line { stop_col } else { indent + 1 },
        message: format!("{the_block} is not valid YAML here"),
        help: "write one `key: value` per line; quote values that contain `: `, ` #` or start with a symbol".into(),
    }
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Indentation of a list item line (`  - x`).
fn item_indent(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    (t.starts_with("- ") || t == "-").then(|| line.len() - t.len())
}

/// Where a value begins on a `key: value` or `- value` line (byte offset), if it does.
fn value_start(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    if t.starts_with('#') {
        return None;
    }
    if let Some(rest) = t.strip_prefix("- ") {
        let rest_at = indent + 2;
        let inner = rest.trim_start();
        // `- key: value` is a mapping inside a list
        return Some(match key_end(inner) {
            Some(k) => rest_at + (rest.len() - inner.len()) + k,
            None => rest_at + (rest.len() - inner.len()),
        });
    }
    key_end(t).map(|k| indent + k)
}

/// For `key: value`, the offset of the value (after `: ` and spaces) in `t`.
pub(super) fn key_end(t: &str) -> Option<usize> {
    let colon = t.find(": ")?;
    let key = &t[..colon];
    if key.is_empty() || key.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let after = &t[colon + 1..];
    Some(colon + 1 + (after.len() - after.trim_start().len()))
}

/// The first key of a block mapping that the mapping has already (block line and column,
/// 1-based; the key; the block line of the first). A list item (`- `) begins a mapping of
/// its own; the lines of a block scalar (`key: |`) are text, not keys.
fn duplicate_key(lines: &[&str]) -> Option<(usize, usize, String, usize)> {
    // the mappings open at each depth: their indentation and their keys with lines
    let mut open: Vec<(usize, Vec<(&str, usize)>)> = Vec::new();
    let mut text_deeper_than: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if is_blank(line) {
            continue;
        }
        let mut rest = line.trim_start_matches(' ');
        let mut indent = line.len() - rest.len();
        if text_deeper_than.is_some_and(|n| indent > n) {
            continue;
        }
        text_deeper_than = None;
        open.retain(|(n, _)| *n <= indent);
        while let Some(item) = rest.strip_prefix("- ") {
            let inner = item.trim_start_matches(' ');
            indent += 2 + item.len() - inner.len();
            rest = inner;
            open.retain(|(n, _)| *n < indent);
        }
        let Some(colon) = rest.find(':').filter(|&c| rest[c + 1..].is_empty() || rest[c + 1..].starts_with(' ')) else {
            continue;
        };
        let key = rest[..colon].trim_end();
        if key.is_empty() || key.starts_with(['"', '\'', '[', '{', '#', '&', '*', '!', '?']) {
            continue;
        }
        let value = rest[colon + 1..].trim();
        if value.starts_with(['|', '>']) {
            text_deeper_than = Some(indent);
        }
        match open.last_mut() {
            Some((n, keys)) if *n == indent => {
                if let Some(&(_, first)) = keys.iter().find(|(k, _)| *k == key) {
                    return Some((
                        i + 1,
                        line[..line.len() - rest.len()].chars().count() + 1,
                        key.to_string(),
                        first + 1,
                    ));
                }
                keys.push((key, i));
            }
            _ => open.push((indent, vec![(key, i)])),
        }
    }
    None
}

/// A quote or flow bracket that begins a value on `line` and is not closed on it: its
/// column (1-based, characters) and the character.
fn unclosed(line: &str) -> Option<(usize, char)> {
    let start = value_start(line)?;
    let value = &line[start..];
    let col = line[..start].chars().count() + 1;
    let first = value.chars().next()?;
    match first {
        '"' => {
            let mut escaped = false;
            for c in value[1..].chars() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => return None,
                    _ => {}
                }
            }
            Some((col, '"'))
        }
        '\'' => {
            // `''` inside is an escaped quote; a lone `'` closes
            let rest = &value[1..];
            let closed = rest.replace("''", "").contains('\'');
            (!closed).then_some((col, '\''))
        }
        '[' | '{' => {
            let mut depth = 0i32;
            let mut quote: Option<char> = None;
            for c in value.chars() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '[' | '{') => depth += 1,
                    (None, ']' | '}') => depth -= 1,
                    (None, '#') => break,
                    _ => {}
                }
                if depth == 0 {
                    return None;
                }
            }
            Some((col, first))
        }
        _ => None,
    }
}

/// `key: value: more` or `key: value:` with a plain (unquoted) value: the column of the
/// offending colon (1-based, characters), the key and the whole value.
fn colon_in_value(line: &str) -> Option<(usize, &str, &str)> {
    let start = value_start(line)?;
    let value = line[start..].trim_end();
    if value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let value = match value.find(" #") {
        Some(i) => &value[..i],
        None => value,
    };
    let colon = value.find(": ").or_else(|| value.ends_with(':').then(|| value.len() - 1))?;
    let t = line.trim_start().trim_start_matches("- ");
    let key = t[..t.find(':')?].trim();
    let col = line[..start + colon].chars().count() + 1;
    Some((col, key, value))
}

#[cfg(test)]
mod tests {
    use super::super::tests::p;

    /// The rendered diagnostic of a file, as the editor sees it.
    fn shown(text: &str) -> String {
        p(text).unwrap_err().to_string()
    }

    #[test]
    fn syntax_error_colon_in_value() {
        insta::assert_snapshot!(shown("---\nnumber: 1\ntitle: Forum 1: Governance\n---\n"));
    }

    #[test]
    fn syntax_error_invisible_control_character() {
        let d = p("---\ntitle: Pasted text\nx: 1\u{8}\n---\n").unwrap_err();
        assert_eq!((d.line, d.col), (3, 5), "{d}");
        assert!(d.message.contains("control character (U+0008)") && d.to_string().contains("x: 1␈"), "{d}");
    }

    /// A key written twice is named at its second line, whatever the parser says; keys of
    /// different list items, of nested mappings and words in a block of text are not.
    #[test]
    fn syntax_error_key_written_twice() {
        let d = p("---\ntitle: Hello\nnumber: 2\ntitle: Again\n---\n").unwrap_err();
        assert_eq!((d.line, d.col), (4, 1), "{d}");
        assert_eq!(d.message, "`title` is written twice: here and on line 2");
        let nested =
            "x:\n  - name: A\n    role: R\n  - name: B\n    role: R\ny:\n  name: C\nz: |\n  name: a\n  name: b\n";
        let lines: Vec<&str> = nested.lines().collect();
        assert_eq!(super::duplicate_key(&lines), None);
        let twice = format!("{nested}w:\n  - name: D\n    role: R\n    name: E\n");
        let lines: Vec<&str> = twice.lines().collect();
        assert_eq!(super::duplicate_key(&lines), Some((14, 5, "name".to_string(), 12)));
    }

    #[test]
    fn syntax_error_tab_indentation() {
        insta::assert_snapshot!(shown("---\ntitle: A\nspeakers:\n\t- jin-li\n---\n"));
    }

    #[test]
    fn syntax_error_unclosed_quote_points_where_it_opened() {
        insta::assert_snapshot!(shown("---\ntitle: \"Forum 1\nnumber: 2\nspeakers: [a]\n\n---\n"));
    }

    #[test]
    fn syntax_error_unclosed_bracket_points_where_it_opened() {
        insta::assert_snapshot!(shown("---\ntitle: A\nspeakers: [jin-li, li\nnumber: 2\n---\n"));
    }

    #[test]
    fn syntax_error_list_indentation() {
        insta::assert_snapshot!(shown("---\ntitle: A\nspeakers:\n  - jin-li\n - li\n---\n"));
    }

    #[test]
    fn syntax_error_missing_closing_dashes() {
        // the body's horizontal rule closes the block, so the body is read as YAML
        insta::assert_snapshot!(shown(
            "---\ntitle: A\nnumber: 2\n\nForum 2 looked at teachers.\nIt was long.\n\n---\n\nMore.\n"
        ));
        // no `---` at all
        insta::assert_snapshot!(shown("---\ntitle: A\nnumber: 2\n\nForum 2 looked at teachers.\n"));
    }

    #[test]
    fn syntax_error_over_indented_line() {
        insta::assert_snapshot!(shown("---\ntitle: A\nroom: Hall A\n  number: 2\n---\n"));
    }

    #[test]
    fn syntax_errors_never_show_the_parsers_words() {
        for text in [
            "---\ntitle: Forum 1: Governance\n---\n",
            "---\ntitle: A\n\tnumber: 1\n---\n",
            "---\ntitle: \"A\nnumber: 1\n---\n",
            "---\ntitle: A\n@x: 1\n---\n",
            "---\ntitle: [a, b\n---\n",
            "---\n: :\n---\n",
        ] {
            let d = p(text).unwrap_err();
            for words in ["did not find", "mapping values", "cannot start any token", "while scanning", "while parsing"]
            {
                assert!(!d.message.contains(words), "{text:?}: {}", d.message);
            }
            assert!(d.excerpt.is_some(), "{text:?}");
            assert!(d.line >= 2 && d.line <= text.lines().count(), "{text:?}: line {}", d.line);
        }
    }
}
