//! Syntax highlighting of fenced code with syntect, as CSS classes (`hl-…`): the theme's
//! stylesheet owns the colours. The syntax set is loaded once, on first use.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of highlighted tokens.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence's info string); unknown languages are plain.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        escape_attr(&mut out, lang);
        out.push('"');
    }
    out.push_str("><code>");
    let ss = syntaxes();
    let syntax = if lang.is_empty() { None } else { ss.find_syntax_by_token(lang) };
    match syntax.and_then(|s| classed(code, s, ss)) {
        Some(html) => out.push_str(&html),
        None => escape_text(&mut out, code),
    }
    out.push_str("</code></pre>\n");
    out
}

fn classed(code: &str, syntax: &syntect::parsing::SyntaxReference, ss: &SyntaxSet) -> Option<String> {
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// Escapes text for an HTML text node.
pub fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The stylesheet for the classes [`highlight`] emits, from a bundled syntect theme.
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = highlight("<b>&</b>\n", "no-such-language");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"no-such-language\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn theme_stylesheet_matches_the_classes() {
        // the default theme ships this stylesheet; regenerate with PLENARY_BLESS=1
        let css = stylesheet();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/highlight.css");
        if std::env::var_os("PLENARY_BLESS").is_some() {
            std::fs::write(path, &css).unwrap();
        }
        assert_eq!(std::fs::read_to_string(path).unwrap(), css);
    }
}
