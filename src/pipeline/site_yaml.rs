//! The site's settings: `site.yaml` (with `--base-url` applied) and each further language's
//! `site.<code>.yaml`; and, when `site.yaml` fails, the problems that do not depend on it.

use std::path::{Path, PathBuf};

use super::{BuildOptions, Failure, Sources};
use crate::diagnostics::{self, Diagnostic};
use crate::{config, load, theme};

/// That `root` is a site (holds `site.yaml`): checked before anything is written beside it
/// (a mistyped `--root` made the folder, to hold the output's lock file).
pub(super) fn require(root: &Path) -> Result<(), Failure> {
    if root.join("site.yaml").is_file() {
        return Ok(());
    }
    Err(Failure::Io(vec![Diagnostic::error("site.yaml", 0, 0, format!("no site.yaml in {}", root.display()))
        .with_help("run plenary in the site's folder, or pass `--root DIR`")]))
}

/// Reads `site.yaml`, applies `--base-url` and reads `SOURCE_DATE_EPOCH`; with a warning for each settings file
/// (`site.yaml`, each `site.<code>.yaml` read) whose text writes a character no page may hold
/// as an escape (`"\u0001"`), read as a space, as a page's front matter is told
/// ([`crate::frontmatter::escaped_hidden`]).
pub(super) fn load_config(opts: &BuildOptions) -> Result<(config::SiteConfig, Vec<Diagnostic>), Failure> {
    let root = &opts.root;
    let site_yaml = root.join("site.yaml");
    require(root)?;
    load::inside_root(&load::resolved_root(root), &site_yaml, Path::new("site.yaml"))
        .map_err(|d| Failure::Content(vec![d]))?;
    let text = load::read_text(&site_yaml, Path::new("site.yaml")).map_err(|d| Failure::Content(vec![d]))?;
    let mut config = config::parse(&text, Path::new("site.yaml")).map_err(Failure::Content)?;
    let mut warnings: Vec<Diagnostic> =
        crate::frontmatter::escaped_hidden(&text, Path::new("site.yaml"), 1).into_iter().collect();
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
        if let Err(d) = load::inside_root(&load::resolved_root(root), &file, Path::new(&name)) {
            diags.push(d);
            continue;
        }
        let text = load::read_text(&file, Path::new(&name)).map_err(|d| Failure::Content(vec![d]))?;
        warnings.extend(crate::frontmatter::escaped_hidden(&text, Path::new(&name), 1));
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
    config.source_date = config::source_date_epoch(std::env::var_os("SOURCE_DATE_EPOCH").as_deref())
        .map_err(|d| Failure::Io(vec![d]))?;
    Ok((config, warnings))
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
    if let Err(d) = theme::load(&opts.root, &theme_name, &lang, &[]) {
        diags.extend(d);
    }
    diagnostics::sort(&mut diags);
    Failure::Content(diags)
}

/// A warning for each language file that names no language of the site: `site.es.yaml`
/// where `es` is not declared, `site.FA.yaml`, the site's `i18n/fa_IR.yaml`. Such a file is
/// read by nothing, so the text a translator wrote in it never shows.
pub(super) fn undeclared_language_files(root: &Path, config: &config::SiteConfig) -> Vec<Diagnostic> {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    // a code is taken as it is declared or as the base of one (`ar` for `ar-u-nu-arab`); the
    // strings may also override English, every language's last fallback
    let taken = |code: &str| code == "en" || codes.iter().any(|c| *c == code || c.split('-').next() == Some(code));
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| d.flatten().filter_map(|e| e.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        names.sort();
        names
    };
    for name in names(root) {
        if let Some(code) = name.strip_prefix("site.").and_then(|n| n.strip_suffix(".yaml")).filter(|c| !c.is_empty()) {
            files.push((PathBuf::from(&name), code.to_string()));
        }
    }
    for name in names(&root.join("i18n")) {
        if let Some(code) = name.strip_suffix(".yaml").filter(|c| !c.is_empty() && !c.starts_with('.')) {
            files.push((Path::new("i18n").join(&name), code.to_string()));
        }
    }
    files
        .into_iter()
        .filter(|(_, code)| !taken(code))
        .map(|(file, code)| {
            let shown = file.display().to_string();
            // the code in another case or with `_` (`FA`, `fr_FR` for `fr-FR`), else its language's
            let written = code.replace('_', "-");
            let base = written.split('-').next().unwrap_or_default();
            let meant = codes
                .iter()
                .find(|c| c.eq_ignore_ascii_case(&written))
                .or_else(|| codes.iter().find(|c| c.eq_ignore_ascii_case(base)));
            let help = match meant {
                Some(c) => format!("the site's language is `{c}`: name the file {}", shown.replace(&code, c)),
                None => format!(
                    "declare `{code}` under `languages` in site.yaml, or name the file after one of the site's languages ({})",
                    codes.join(", ")
                ),
            };
            Diagnostic::warning(
                &file,
                0,
                0,
                format!("{shown} is for `{code}`, which is not one of the site's languages: nothing reads it"),
            )
            .with_help(help)
        })
        .collect()
}
