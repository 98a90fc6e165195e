//! `plenary check`: everything a build validates, plus the files that pages point at
//! (Markdown images, speaker photos, news images, materials, organiser logos) and missing
//! alternative text. Writes nothing.

use std::path::PathBuf;

use crate::diagnostics::{self, Diagnostic};
use crate::paper::numbering::NO_CAPTION;
use crate::pipeline::{findings, prepare_whole, Assembled, BuildOptions, Failure, Prepared};

/// What is not translated yet, for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageReport {
    /// Language code.
    pub code: String,
    /// Language name.
    pub name: String,
    /// Content files with no translation into this language.
    pub missing_pages: Vec<PathBuf>,
    /// Theme strings with no translation into this language.
    pub missing_strings: Vec<String>,
    /// Texts of `site.yaml` given no words in this language ([`crate::config::SiteConfig::untranslated_settings`]).
    pub missing_settings: Vec<String>,
    /// The name of the language a reader sees the missing pages and settings in (the
    /// default language's).
    pub shown_in: String,
    /// The name of the language the missing theme strings are shown (and marked) in: the
    /// default language's, or English where the theme has no strings for it.
    pub strings_in: Option<String>,
}

/// Everything `plenary check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per language besides the default.
    pub translations: Vec<LanguageReport>,
}

/// Per language besides the default: the pages and theme strings not translated yet.
pub fn translation_report(p: &Prepared) -> Vec<LanguageReport> {
    let site = &p.site;
    site.config
        .languages
        .iter()
        .enumerate()
        .skip(1)
        .map(|(l, lang)| {
            let missing_strings = p.theme.strings.missing(&lang.code);
            // a language's name as the site declares it, else its code
            let name = |code: &str| {
                site.config
                    .languages
                    .iter()
                    .find(|d| d.code == code)
                    .map_or_else(|| code.to_string(), |d| d.name.clone())
            };
            let strings_in = missing_strings
                .first()
                .and_then(|key| p.theme.strings.get_from(&lang.code, key))
                .map(|(_, from)| name(from));
            LanguageReport {
                code: lang.code.clone(),
                name: lang.name.clone(),
                missing_pages: (0..site.originals)
                    .filter(|&id| site.variants[id][l].is_none())
                    .map(|id| site.doc(id).path.clone())
                    .collect(),
                missing_strings,
                missing_settings: site.config.untranslated_settings(l),
                shown_in: site.config.default_lang().name.clone(),
                strings_in,
            }
        })
        .collect()
}

/// Runs every check. `Ok` holds the findings (warnings, or errors when only the file checks
/// or the output check failed) and the translation report; `Err` is a failure of the build's
/// own validation, with everything else the checks found (the site rendered in memory as far
/// as its errors allow, [`crate::pipeline::findings`]) and the missing alternative texts.
pub fn check(opts: &BuildOptions) -> Result<CheckReport, Failure> {
    let (p, failed) = match prepare_whole(&BuildOptions { probe_images: true, ..opts.clone() })? {
        Assembled::Whole(p) => (p, false),
        Assembled::Failed(p) => (p, true),
    };
    let mut diags = p.warnings.clone();
    for (id, doc) in p.site.docs.iter().enumerate() {
        for img in p.docs[id].body.images.iter().filter(|img| img.no_alt) {
            // a paper's figure with no words at all is told once, by the paper's pass, which
            // says what a reader misses: the caption and the alternative text
            let told = |d: &Diagnostic| {
                d.path == doc.path && (d.line, d.col) == (img.line, img.col) && d.message.ends_with(NO_CAPTION)
            };
            if !diags.iter().any(told) {
                diags.push(
                    Diagnostic::warning(
                        &doc.path,
                        img.line,
                        img.col,
                        format!("image `{}` has no alternative text", img.src),
                    )
                    .with_help("describe the image between the brackets: ![A group photo of the delegates](photo.jpg)"),
                );
            }
        }
    }
    // missing images, then the output check (a missing file named in the sources is one
    // mistake: the output check's report of the same dead link is dropped)
    let found = findings(&p, &diags);
    diags.extend(found);
    if opts.strict {
        for d in &mut diags {
            d.severity = diagnostics::Severity::Error;
        }
    }
    diagnostics::sort(&mut diags);
    if failed {
        return Err(Failure::Content(diags));
    }
    Ok(CheckReport { diagnostics: diags, translations: translation_report(&p) })
}
