//! The output check's part for stylesheets: every address a copied `.css` file names (`url(…)`,
//! `@import`) resolves to a file the build writes — relative to the stylesheet's own place, or
//! from the base path. A dead one is an error at the stylesheet's line and column (a theme's
//! or the site's file), said once however many pages load the stylesheet.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{line_col, Diagnostic};
use crate::linkcheck::{css, percent_decode};
use crate::theme::FileSource;

use super::Prepared;

/// The dead addresses of the stylesheets among a build's `copies` (output path, source), given
/// which output paths the build writes.
pub fn check(
    p: &Prepared,
    copies: &[(PathBuf, FileSource)],
    written: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    check_each(p, copies.par_iter().map(|(rel, source)| (rel.as_path(), source)), written)
}

/// [`check`] of copies however they are held (serve keeps them by output key).
pub fn check_each<'a>(
    p: &Prepared,
    copies: impl IntoParallelIterator<Item = (&'a Path, &'a FileSource)>,
    written: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    let base = p.site.config.base_path.as_str();
    copies
        .into_par_iter()
        .filter(|(rel, _)| rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
        .flat_map_iter(|(rel, source)| {
            let bytes: Option<std::borrow::Cow<[u8]>> = match source {
                FileSource::Embedded(b) => Some((*b).into()),
                FileSource::Generated(b) => Some(b.to_vec().into()),
                FileSource::Disk(path) | FileSource::Photo(path) => std::fs::read(path).ok().map(Into::into),
            };
            let text = bytes.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
            let own = super::output_check::key(rel);
            let shown = match source {
                FileSource::Disk(path) => path.strip_prefix(&p.root).unwrap_or(path).to_path_buf(),
                _ => PathBuf::from(format!("the theme's {own}")),
            };
            css::urls(&text)
                .into_iter()
                .filter_map(|(at, url)| {
                    let target = target(&own, &url, base)?;
                    if target.as_deref().is_some_and(|t| written(t) || written(&format!("{t}/index.html"))) {
                        return None;
                    }
                    let (line, col) = line_col(&text, at);
                    let (message, help) = match target {
                        Some(_) => (
                            format!("stylesheet `{own}` names `{url}`, which this build does not write"),
                            "put the file beside the stylesheet (a theme's `static/`, or the site's), or correct the name; names are case-sensitive",
                        ),
                        None => (
                            format!("stylesheet `{own}` names `{url}`, outside the site's base path `{base}`"),
                            "write it relative to the stylesheet (`fonts/x.woff2`), which works under any base path",
                        ),
                    };
                    Some(Diagnostic::error(&shown, line, col, message).with_help(help))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The output path an address of the stylesheet at `own` names: `None` for what is not the
/// site's (another site, `data:`, a fragment alone), `Some(None)` for a path from the root
/// outside the base path.
fn target(own: &str, url: &str, base: &str) -> Option<Option<String>> {
    let url = url.trim();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() || url.starts_with("//") || url.contains(':') && !url.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path);
    let joined = match decoded.strip_prefix('/') {
        Some(_) => match decoded.strip_prefix(base) {
            Some(rest) => PathBuf::from(rest),
            None => return Some(None),
        },
        None => Path::new(own).parent().unwrap_or(Path::new("")).join(&*decoded),
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in joined.iter() {
        match c.to_str().unwrap_or("") {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    Some(Some(parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn addresses_resolve_from_the_stylesheet_or_the_base_path() {
        let t = |url| target("css/site.css", url, "/summit/");
        assert_eq!(t("fonts/a.woff2"), Some(Some("css/fonts/a.woff2".into())));
        assert_eq!(t("../fonts/a%20b.woff2?v=2#x"), Some(Some("fonts/a b.woff2".into())));
        assert_eq!(t("/summit/img/bg.png"), Some(Some("img/bg.png".into())));
        assert_eq!(t("/img/bg.png"), Some(None));
        for other in ["https://cdn.example/x.css", "//cdn.example/x.css", "data:image/png;base64,AA", "#filter", ""] {
            assert_eq!(t(other), None, "{other}");
        }
    }
}
