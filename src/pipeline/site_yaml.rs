//! The site's settings: `site.yaml` (with `--base-url` applied) and each further language's
//! `site.<code>.yaml`; and, when `site.yaml` fails, the problems that do not depend on it.

use std::path::Path;

use super::{BuildOptions, Failure, Sources};
use crate::diagnostics::{self, Diagnostic};
use crate::{config, load, theme};

/// Reads `site.yaml` and applies `--base-url`.
pub(super) fn load_config(opts: &BuildOptions) -> Result<config::SiteConfig, Failure> {
    let root = &opts.root;
    let site_yaml = root.join("site.yaml");
    if !site_yaml.is_file() {
        return Err(Failure::Io(vec![Diagnostic::error(
            "site.yaml",
            0,
            0,
            format!("no site.yaml in {}", root.display()),
        )
        .with_help("run plenary in the site's folder, or pass `--root DIR`")]));
    }
    load::inside_root(&load::resolved_root(root), &site_yaml, Path::new("site.yaml"))
        .map_err(|d| Failure::Content(vec![d]))?;
    let text = load::read_text(&site_yaml, Path::new("site.yaml")).map_err(|d| Failure::Content(vec![d]))?;
    let mut config = config::parse(&text, Path::new("site.yaml")).map_err(Failure::Content)?;
    // each further language's site text, from `site.<code>.yaml` when there is one, else from
    // its base language's (`site.ar.yaml` for `ar-u-nu-arab`, as the theme strings are read)
    let mut diags = Vec::new();
    let codes: Vec<String> = config.languages.iter().skip(1).map(|l| l.code.clone()).collect();
    for code in codes {
        let base = code.split('-').next().unwrap_or(&code);
        let Some((name, file)) = [code.as_str(), base]
            .into_iter()
            .map(|c| (format!("site.{c}.yaml"), root.join(format!("site.{c}.yaml"))))
            .find(|(_, file)| file.is_file())
        else {
            continue;
        };
        let text = load::read_text(&file, Path::new(&name)).map_err(|d| Failure::Content(vec![d]))?;
        if let Err(d) = config.add_language_text(&code, &text, Path::new(&name)) {
            diags.extend(d);
        }
    }
    if !diags.is_empty() {
        return Err(Failure::Content(diags));
    }
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).map_err(|m| {
            Failure::Io(vec![
                Diagnostic::error("--base-url", 0, 0, m).with_help("write it like https://example.org/summit/")
            ])
        })?;
    }
    Ok(config)
}

/// A failed `site.yaml` (its errors in `diags`) with the problems that do not depend on it:
/// each content file's own and the templates'. Checks across files need the settings, so
/// they wait for the next run.
pub(super) fn without_config(opts: &BuildOptions, sources: &Sources, mut diags: Vec<Diagnostic>) -> Failure {
    diags.extend(sources.walk.iter().cloned());
    for (_, d) in sources.files.values() {
        diags.extend(d.iter().cloned());
    }
    // the theme's name and the default language, when site.yaml is at least YAML
    let text = std::fs::read_to_string(opts.root.join("site.yaml")).unwrap_or_default();
    let theme_name = crate::frontmatter::top_level_text(&text, "theme").unwrap_or_else(|| "default".into());
    let lang = crate::frontmatter::top_level_text(&text, "default_language").unwrap_or_else(|| "en".into());
    if let Err(d) = theme::load(&opts.root, &theme_name, &lang) {
        diags.extend(d);
    }
    diagnostics::sort(&mut diags);
    Failure::Content(diags)
}
