//! What a BibTeX file's LaTeX leaves in a formatted reference. The BibTeX reader (`biblatex`)
//! resolves accents and named symbols (`{\"u}`, `\ss`, `--`) but leaves formatting commands
//! as they are written (`\emph{…}`, `{\em …}`, ``` ``…'' ```), and an accent on a dotless
//! `\i` (`{\'\i}`, as Google Scholar and many journals export `í`) as a stray backslash
//! before the accent; hayagriva carries them into the text it formats. Here they become what
//! a reader expects: italics and bold as `<i>`/`<b>`, quotes as typographic quotes, other
//! commands as their argument, the accent on its letter.
//!
//! Written by hand: no crate turns the remnants of LaTeX in a string into HTML, and what is
//! needed is a table of a few commands over a scan of the text.

use super::escape;

/// `text` (one run of a formatted reference, plain text that may hold LaTeX) as HTML, every
/// character of text escaped; `italic` when the run is already set in italics (an emphasis
/// inside it is then upright, as LaTeX sets it, without a tag of its own).
pub fn to_html(text: &str, italic: bool) -> String {
    if !text.contains(['\\', '`', '\'']) {
        return escape(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    write(text, italic, &mut out);
    out
}

/// Commands whose argument is set in italics.
const ITALIC: &[&str] = &["emph", "textit", "textsl", "mkbibemph", "mkbibitalic"];
/// Commands whose argument is set in bold.
const BOLD: &[&str] = &["textbf", "mkbibbold"];
/// Commands whose argument is quoted.
const QUOTED: &[&str] = &["mkbibquote", "enquote"];

fn write(text: &str, italic: bool, out: &mut String) {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("``") {
            plain.push('“');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("''") {
            plain.push('”');
            rest = after;
        } else if c == '\\' {
            let after = &rest[1..];
            let name_len = after.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after.len());
            let mut accent = after.chars();
            match (accent.next(), accent.next()) {
                // an accent the reader could not put on its letter (`\'\i`), before that letter
                (Some(mark), Some(letter)) if name_len == 0 && is_accent(mark) => {
                    match unicode_normalization::char::compose(letter, mark) {
                        Some(composed) => plain.push(composed),
                        None => {
                            plain.push(letter);
                            plain.push(mark);
                        }
                    }
                    rest = accent.as_str();
                }
                _ if name_len == 0 => {
                    plain.push(c);
                    rest = after;
                }
                _ => {
                    let name = &after[..name_len];
                    let tail = &after[name_len..];
                    out.push_str(&escape(&std::mem::take(&mut plain)));
                    rest = command(name, tail, italic, out);
                }
            }
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push_str(&escape(&plain));
}

/// Writes the command `name` (its text after the name: `tail`) and returns the text after
/// it: with an argument in braces, that argument as the command sets it; without, nothing
/// (a declaration such as `\em`, whose group the reader has already dropped).
fn command<'t>(name: &str, tail: &'t str, italic: bool, out: &mut String) -> &'t str {
    let Some((arg, after)) = tail.strip_prefix('{').and_then(braced) else {
        // `\em higher`: the space ends the name
        return tail.strip_prefix(' ').unwrap_or(tail);
    };
    if ITALIC.contains(&name) && !italic {
        out.push_str("<i>");
        write(arg, true, out);
        out.push_str("</i>");
    } else if BOLD.contains(&name) {
        out.push_str("<b>");
        write(arg, italic, out);
        out.push_str("</b>");
    } else if QUOTED.contains(&name) {
        out.push('“');
        write(arg, italic, out);
        out.push('”');
    } else {
        write(arg, italic, out);
    }
    after
}

/// The text up to the `}` that closes a group just opened, and the text after it; `None`
/// when it is never closed.
fn braced(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some((&text[..i], &text[i + 1..])),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The combining accents the reader makes of LaTeX's accent commands.
fn is_accent(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `biblatex` leaves of the LaTeX in a BibTeX field (`cite::tests` reads such a
    /// field through hayagriva), as HTML.
    #[test]
    fn formatting_commands_quotes_and_accents_become_html() {
        assert_eq!(to_html("AI in \\em higher education", false), "AI in higher education");
        assert_eq!(to_html("a \\emph{review} of", false), "a <i>review</i> of");
        assert_eq!(to_html("a \\emph{review} of", true), "a review of");
        assert_eq!(to_html("\\textit{Homo sapiens} and \\textbf{B}", false), "<i>Homo sapiens</i> and <b>B</b>");
        assert_eq!(to_html("``quoted'' text", false), "“quoted” text");
        assert_eq!(to_html("\\mkbibquote{Q}", false), "“Q”");
        assert_eq!(to_html("Garc\\\u{301}ia", false), "García");
        assert_eq!(
            to_html("\\textsc{Unesco} \\url{https://x.org/?a=1&b=2}", false),
            "Unesco https://x.org/?a=1&amp;b=2"
        );
        assert_eq!(to_html("\\emph{\\textbf{both}}", false), "<i><b>both</b></i>");
        // text is escaped, in and out of commands; an apostrophe stays one
        assert_eq!(to_html("<b> & \\emph{<i>}", false), "&lt;b&gt; &amp; <i>&lt;i&gt;</i>");
        assert_eq!(to_html("the teachers' view", false), "the teachers&#39; view");
        // what is not a command is left as written
        assert_eq!(to_html("a \\ b \\", false), "a \\ b \\");
        assert_eq!(to_html("\\emph{never closed", false), "{never closed");
    }
}
