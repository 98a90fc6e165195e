//! LaTeX math (`$…$`, `$$…$$`) → MathML at build time with `pulldown-latex`, so formulas
//! need no JavaScript to read.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// Longest formula accepted (bytes): far beyond any real equation.
pub const MAX_TEX: usize = 16 * 1024;
/// Deepest `{…}` nesting accepted.
pub const MAX_BRACES: usize = 64;

/// Checks size and braces before the parser sees the formula: too long, nested too deep, or
/// unbalanced braces are errors (never parsed, never published raw).
fn precheck(tex: &str) -> Result<(), String> {
    if tex.len() > MAX_TEX {
        return Err(format!("the formula is {} bytes long; at most {MAX_TEX} are allowed", tex.len()));
    }
    let (mut depth, mut escaped) = (0usize, false);
    for c in tex.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => {
                depth += 1;
                if depth > MAX_BRACES {
                    return Err(format!("braces are nested more than {MAX_BRACES} deep"));
                }
            }
            '}' => {
                depth = depth.checked_sub(1).ok_or("a `}` closes no `{` (unbalanced braces)")?;
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Err(format!("{depth} `{{` not closed (unbalanced braces)"));
    }
    Ok(())
}

/// Formulas the Markdown parser leaves as text because their braces do not balance
/// (`$x^{2$`): (byte offset in `body`, what is wrong). Code (fenced blocks, backtick spans) is
/// skipped; a `$` opens a formula when the next character is not a space and closes one when
/// the previous is not, as for the parser.
pub fn unparsed_formulas(body: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    // only a `$` opens a formula: most chapters, and most lines of the others, have none
    if memchr::memchr(b'$', body.as_bytes()).is_none() {
        return found;
    }
    let mut offset = 0;
    let mut fence: Option<&str> = None;
    // a display formula over several lines (`$$` alone on its line, the formula, `$$`): where
    // it opened and its text so far
    let mut display: Option<(usize, String)> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some((start, text)) = &mut display {
            match line.find("$$") {
                Some(end) => {
                    text.push_str(&line[..end]);
                    if let Err(e) = precheck(text).map_err(|e| e.contains("unbalanced").then_some(e)) {
                        found.extend(e.map(|e| (*start, e)));
                    }
                    display = None;
                }
                // a blank line ends the paragraph, and with it the formula
                None if line.trim().is_empty() => display = None,
                None => text.push_str(line),
            }
            offset += line.len();
            continue;
        }
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) if trimmed.starts_with("$$") && !trimmed[2..].contains("$$") => {
                display = Some((offset + line.len() - trimmed.len(), trimmed[2..].to_string()));
            }
            (None, None) if memchr::memchr(b'$', line.as_bytes()).is_some() => scan_line(line, offset, &mut found),
            _ => {}
        }
        offset += line.len();
    }
    found
}

fn scan_line(line: &str, offset: usize, found: &mut Vec<(usize, String)>) {
    let b = line.as_bytes();
    let mut i = 0;
    // where a formula opened, and whether with `$$` (which may have spaces inside: `$$ x $$`)
    let mut open: Option<(usize, bool)> = None;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' if open.is_none() => {
                // skip a code span
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let ticks = &line[i..i + run];
                i = line[i + run..].find(ticks).map_or(b.len(), |j| i + run + j + run);
                continue;
            }
            b'$' => {
                let double = b.get(i + 1) == Some(&b'$');
                let width = if double { 2 } else { 1 };
                match open {
                    None if double || b.get(i + width).is_some_and(|c| !c.is_ascii_whitespace()) => {
                        open = Some((i, double));
                    }
                    Some((start, display)) if display && double || i > 0 && !b[i - 1].is_ascii_whitespace() => {
                        let inner = line[start..i].trim_start_matches('$');
                        if let Err(e) = precheck(inner) {
                            if e.contains("unbalanced") {
                                found.push((offset + start, e));
                            }
                        }
                        open = None;
                    }
                    _ => {}
                }
                i += width;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// The parser's complaint on one line: pulldown-latex writes "parsing error: <what>" and then
/// a drawn box around the text near the place; that text is kept, as "(near `…`)".
fn one_line(report: &str) -> String {
    let mut lines = report.lines();
    let what = lines.next().unwrap_or("").trim();
    let what = what.strip_prefix("parsing error: ").unwrap_or(what);
    let near = lines
        .filter_map(|l| l.strip_prefix('│'))
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.chars().all(|c| c == '^' || c == '~'));
    match near {
        Some(near) => format!("{what} (near `{near}`)"),
        None => what.to_string(),
    }
}

/// MathML for `tex`; with the parser's complaint when the LaTeX is wrong (the MathML then
/// shows the error in red, so the page still renders). A formula that fails the size and
/// brace checks gives no MathML, only the error.
pub fn to_mathml(tex: &str, block: bool) -> (String, Option<String>) {
    if let Err(e) = precheck(tex) {
        return (String::new(), Some(e));
    }
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    let error = events.iter().find_map(|e| e.as_ref().err().map(|e| one_line(&e.to_string())));
    let config = RenderConfig {
        display_mode: if block { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: Some(tex),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    if let Err(e) = push_mathml(&mut out, events.into_iter(), config) {
        return (String::new(), Some(e.to_string()));
    }
    (out, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_mathml() {
        let (m, err) = to_mathml("E = mc^2", true);
        assert!(err.is_none());
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("display=\"block\""), "{m}");
        assert!(m.contains("<msup>"), "{m}");
    }

    #[test]
    fn the_parsers_complaint_is_one_line_with_the_text_near_it() {
        for (tex, said) in [
            ("x_1_2", "trying to add a subscript twice to the same element (near `x_1_2`)"),
            (
                "a + b + c + d + e + \\nocommand{x} + f + g + h",
                "unknown primitive command found (near `…+ \\nocommand{x} + f + g`)",
            ),
        ] {
            let (_, e) = to_mathml(tex, false);
            let e = e.expect("an error");
            assert!(!e.contains('\n') && !e.contains('╭'), "{e:?}");
            assert_eq!(e, said);
        }
    }

    #[test]
    fn unbalanced_oversized_and_deep_formulas_are_errors_not_output() {
        for (tex, err) in [("x^{2", "1 `{` not closed"), ("x}", "closes no `{`"), ("\\{ x \\} }", "closes no `{`")] {
            let (m, e) = to_mathml(tex, false);
            assert!(m.is_empty(), "{tex}: {m}");
            assert!(e.as_deref().is_some_and(|e| e.contains(err)), "{tex}: {e:?}");
        }
        let deep = format!("{}x{}", "{".repeat(5_000), "}".repeat(5_000));
        let (m, e) = to_mathml(&deep, false);
        assert!(m.is_empty());
        assert!(e.unwrap().contains("nested more than 64 deep"));
        let long = "x+".repeat(MAX_TEX);
        assert!(to_mathml(&long, true).1.unwrap().contains("at most 16384"));
        // escaped braces and ordinary nesting pass
        assert!(to_mathml("\\{ \\frac{a}{b^{2}} \\}", false).1.is_none());
    }

    #[test]
    fn formulas_left_as_text_are_found() {
        let found =
            unparsed_formulas("Price $5 and $10.\n\nAnd $y^{2$ there, `$a{$` code, $x^{2}$ fine.\n```\n$q{$\n```\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Price $5 and $10.\n\nAnd ".len());
        assert!(found[0].1.contains("not closed"));
        // a display formula over lines, its `$$` alone on their lines
        let body = "Text.\n\n$$\n\\frac{1}{\n$$ {#eq:bad}\n\n$$\n\\frac{1}{2}\n$$\n";
        let found = unparsed_formulas(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Text.\n\n".len());
        // one on a line with spaces inside, as the parser reads `$$ x $$`
        let found = unparsed_formulas("Text.\n\n$$ \\frac{1}{ $$ {#eq:bad}\n\n$$ \\frac{1}{2} $$\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Text.\n\n".len());
    }

    #[test]
    fn reports_bad_latex() {
        let (_, err) = to_mathml("\\frac{1}", false);
        assert!(err.is_some());
    }
}
