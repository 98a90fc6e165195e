//! Raw HTML in a Markdown body is published as written (CommonMark), so what a word
//! processor pastes reaches the page: an element opened and never closed (the page's own
//! layout after it ends up inside it), a closing tag that closes nothing, an element HTML
//! no longer has (`<font>`, `<center>`). Each is a warning at its line — the page is then
//! no longer valid HTML — found by a small scan of the tags the body writes, not a parser:
//! only elements that hold others are followed.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::Event;

use crate::diagnostics::{line_col, Diagnostic};

/// Elements followed from their opening to their closing tag.
const CONTAINERS: [&str; 22] = [
    "div",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "figure",
    "details",
    "form",
    "span",
    "a",
];

/// Elements HTML no longer has.
const OBSOLETE: [&str; 8] = ["font", "center", "big", "strike", "tt", "marquee", "blink", "frame"];

/// The warnings for the raw HTML of `events` (each with its place in `body`).
pub(super) fn check(
    events: &[(Event<'_>, Range<usize>)],
    body: &str,
    path: &Path,
    body_line: usize,
) -> Vec<Diagnostic> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut found = Vec::new();
    let at = |offset: usize| {
        let (l, c) = line_col(body, offset);
        (l + body_line - 1, c)
    };
    for (event, range) in events {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else { continue };
        for (name, closing) in tags(html) {
            let name = name.to_ascii_lowercase();
            // the place only when there is something to say: finding a line reads the body
            // from its start
            if OBSOLETE.contains(&name.as_str()) && !closing {
                let (l, c) = at(range.start);
                found.push(Diagnostic::warning(path, l, c, format!("`<{name}>` is no longer HTML")).with_help(
                    "pasted from a word processor? write the text in Markdown, or use a class the theme styles",
                ));
            }
            if !CONTAINERS.contains(&name.as_str()) {
                continue;
            }
            if !closing {
                open.push((name, range.start));
            } else if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                // those opened after it are closed with it by a browser: each is unclosed
                for (inner, offset) in open.drain(i..).skip(1) {
                    found.push(unclosed(&inner, at(offset), path));
                }
            } else {
                let (l, c) = at(range.start);
                found.push(
                    Diagnostic::warning(path, l, c, format!("`</{name}>` closes no `<{name}>` of this text"))
                        .with_help("remove it, or add its opening tag"),
                );
            }
        }
    }
    found.extend(open.into_iter().map(|(name, offset)| unclosed(&name, at(offset), path)));
    found.sort_by_key(|d| (d.line, d.col));
    found
}

fn unclosed(name: &str, (l, c): (usize, usize), path: &Path) -> Diagnostic {
    Diagnostic::warning(path, l, c, format!("`<{name}>` opened here is never closed"))
        .with_help(format!("close it with `</{name}>`; until then the page's own layout after it is inside it"))
}

/// The element names of the tags in `html`, each with whether it closes (`</div>`); comments,
/// declarations and self-closing tags (`<br/>`) left out.
fn tags(html: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + name_len];
        let Some(gt) = rest.find('>') else { break };
        let self_closing = rest[..gt].ends_with('/');
        if !name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic()) && !self_closing {
            out.push((name, closing));
        }
        rest = &rest[gt + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_without_comments_or_self_closing_ones() {
        assert_eq!(
            tags("<div class=\"a\"><!-- <span> --><br/><p>x</p></DIV><img src=x />"),
            [("div", false), ("p", false), ("p", true), ("DIV", true)]
        );
        assert!(tags("a < b and c > d").is_empty());
    }
}
