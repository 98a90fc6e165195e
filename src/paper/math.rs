//! LaTeX math (`$…$`, `$$…$$`) → MathML at build time with `pulldown-latex`, so formulas
//! need no JavaScript to read.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// MathML for `tex`; with the parser's complaint when the LaTeX is wrong (the MathML then
/// shows the error in red, so the page still renders).
pub fn to_mathml(tex: &str, block: bool) -> (String, Option<String>) {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    let error = events.iter().find_map(|e| e.as_ref().err().map(|e| e.to_string()));
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
    fn reports_bad_latex() {
        let (_, err) = to_mathml("\\frac{1}", false);
        assert!(err.is_some());
    }
}
