//! Templates and theme assets: the embedded default theme, `themes/<name>/` on disk, and the
//! site's own `templates/`, layered file by file (later layers win). All templates are
//! compiled once, in one tera 2 instance; template errors become diagnostics naming the
//! template file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::{did_you_mean, Diagnostic};

/// The digest ([`crate::cards::fonts_digest`]) of the built-in theme's card fonts, made by
/// `build.rs`: a theme whose fonts are all built in draws with these.
pub const BUILT_IN_FONTS_DIGEST: &str = embedded::FONTS_DIGEST;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The files of the default theme built into the binary.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum FileSource {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// On disk.
    Disk(PathBuf),
    /// Made by the build (initials avatars).
    Generated(std::sync::Arc<[u8]>),
    /// A photo of the site's (`content/`, `static/`; a JPEG, PNG or WebP file by its name), published without
    /// what it says of where, when and with what it was taken ([`crate::images::without_metadata`]).
    Photo(PathBuf),
}

/// A compiled theme.
pub struct Theme {
    /// All templates, compiled.
    pub tera: Tera,
    /// Static assets: output path (relative) → source.
    pub assets: BTreeMap<PathBuf, FileSource>,
    /// Template name → the file it came from, for diagnostics.
    pub origins: BTreeMap<String, PathBuf>,
    /// Theme strings in every language.
    pub strings: std::sync::Arc<crate::i18n::Strings>,
    /// The fonts social cards are drawn with (`fonts/*.ttf|otf`; a theme's file replaces the
    /// default theme's of the same name): file name → source.
    pub fonts: BTreeMap<PathBuf, FileSource>,
    /// The ids each template's pages have from the theme: a heading's id made from its text
    /// never takes one ([`crate::markdown::Context::reserved`]), so `## Contents` on a paper's
    /// landing page is no second `contents` there.
    pub ids: PageIds,
    /// Warnings about the theme as the site layers it (a string of the site's `i18n/` that
    /// nothing uses: [`unused_strings`]), reported with every build it is used in.
    pub warnings: Vec<Diagnostic>,
}

/// The ids each template writes as they are (`id="main"`, not `id="{{ x }}"`), with those of
/// the templates it extends, includes and imports, by template name.
#[derive(Debug, Default, PartialEq)]
pub struct PageIds(BTreeMap<String, BTreeSet<String>>);

impl PageIds {
    fn new(templates: &Sources) -> PageIds {
        let closure = |name: &str| {
            let (mut ids, mut seen, mut todo) = (BTreeSet::new(), BTreeSet::new(), vec![name]);
            while let Some(n) = todo.pop() {
                let Some((text, _)) = templates.get(n).filter(|_| seen.insert(n)) else { continue };
                ids.extend(literal_ids(text).map(str::to_string));
                todo.extend(named_templates(text));
            }
            ids
        };
        PageIds(templates.keys().map(|name| (name.clone(), closure(name))).collect())
    }

    /// The ids the pages `template` renders have from the theme (none for a template the
    /// theme does not have).
    pub fn of(&self, template: &str) -> impl Iterator<Item = &str> {
        self.0.get(template).into_iter().flatten().map(String::as_str)
    }
}

/// Template name → (text, file shown in diagnostics).
type Sources = BTreeMap<String, (String, PathBuf)>;

/// Loads the theme named in the config, the site's overrides, and compiles the templates;
/// `languages`, the site's, give the direction a string falling back to one of them is marked
/// with.
pub fn load(
    root: &Path,
    name: &str,
    default_lang: &str,
    languages: &[crate::config::Language],
) -> Result<Theme, Vec<Diagnostic>> {
    let mut strings: Vec<(String, String, PathBuf)> = Vec::new();
    let mut templates: Sources = BTreeMap::new();
    let mut assets: BTreeMap<PathBuf, FileSource> = BTreeMap::new();
    let mut fonts: BTreeMap<PathBuf, FileSource> = BTreeMap::new();
    let mut diags = Vec::new();
    for (rel, bytes) in embedded::FILES {
        let shown = PathBuf::from(format!("(built-in theme)/{rel}"));
        if let Some(t) = rel.strip_prefix("templates/") {
            templates.insert(t.to_string(), (String::from_utf8_lossy(bytes).into_owned(), shown));
        } else if let Some(s) = rel.strip_prefix("static/") {
            assets.insert(PathBuf::from(s), FileSource::Embedded(bytes));
        } else if let Some(code) = rel.strip_prefix("i18n/").and_then(|f| f.strip_suffix(".yaml")) {
            strings.push((code.to_string(), String::from_utf8_lossy(bytes).into_owned(), shown));
        } else if let Some(f) = rel.strip_prefix("fonts/") {
            fonts.insert(PathBuf::from(f), FileSource::Embedded(bytes));
        }
    }
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        read_layer(root, &theme_dir.join("templates"), &mut templates, &mut diags);
        read_assets(root, &theme_dir.join("static"), &mut assets, &mut diags);
        read_strings(root, &theme_dir.join("i18n"), &mut strings, &mut diags);
        read_assets(root, &theme_dir.join("fonts"), &mut fonts, &mut diags);
    } else if name != "default" {
        let known: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        diags.push(
            Diagnostic::error(
                "site.yaml",
                0,
                0,
                format!("theme `{name}` not found: there is no folder themes/{name}/"),
            )
            .with_help(
                did_you_mean(name, known.iter().map(String::as_str))
                    .unwrap_or_else(|| "remove `theme:` to use the built-in default theme".into()),
            ),
        );
    }
    let theme_templates: BTreeSet<String> = templates.keys().cloned().collect();
    read_layer(root, &root.join("templates"), &mut templates, &mut diags);
    let theme_strings = strings.len();
    read_strings(root, &root.join("i18n"), &mut strings, &mut diags);
    let mut warnings = unused_strings(&strings[..theme_strings], &strings[theme_strings..], &templates);
    // a character no page may hold written as an escape is read as a space: said, as in front matter
    warnings.extend(strings.iter().filter_map(|(_, text, shown)| crate::frontmatter::escaped_hidden(text, shown, 1)));
    warnings.extend(unused_templates(&theme_templates, &templates));
    let strings = match crate::i18n::Strings::parse(&strings, default_lang) {
        Ok(parsed) => {
            warnings.extend(parsed.unknown_placeholders(&strings));
            std::sync::Arc::new(parsed.with_directions(languages))
        }
        Err(d) => {
            diags.extend(d);
            std::sync::Arc::default()
        }
    };
    let origins: BTreeMap<String, PathBuf> = templates.iter().map(|(n, (_, p))| (n.clone(), p.clone())).collect();
    let ids = PageIds::new(&templates);
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    strings.register(&mut tera);
    crate::images::register(&mut tera);
    compile(&mut tera, &mut templates, &origins, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let is_font =
        |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"));
    fonts.retain(|p, _| is_font(p));
    Ok(Theme { tera, assets, origins, strings, fonts, ids, warnings })
}

/// The site's templates that replace no template of the theme and that no template names
/// (`extends`, `include`, `import`): a misnamed override (`Page.html`, `speaker.htm`,
/// `single.html`) changes nothing, without a word. One warning each, with the theme's
/// nearest name.
fn unused_templates(theme: &BTreeSet<String>, templates: &Sources) -> Vec<Diagnostic> {
    let named: BTreeSet<&str> = templates.values().flat_map(|(text, _)| named_templates(text)).collect();
    templates
        .iter()
        .filter(|(name, (_, shown))| {
            shown.starts_with("templates") && !theme.contains(*name) && !named.contains(name.as_str())
        })
        .map(|(name, (_, shown))| {
            Diagnostic::warning(shown, 0, 0, "this template replaces none of the theme's and no template uses it")
                .with_help(did_you_mean(name, theme.iter().map(String::as_str)).unwrap_or_else(|| {
                    "a site's template replaces the theme's of the same name (templates/page.html), or is included by one".into()
                }))
        })
        .collect()
}

/// The keys of the site's own strings (`site`) that neither the theme's strings have nor any
/// template names as it is (`t(key="…")`): a misspelt key overrides nothing, without a word.
/// One warning per key and file, at its line.
fn unused_strings(
    theme: &[(String, String, PathBuf)],
    site: &[(String, String, PathBuf)],
    templates: &Sources,
) -> Vec<Diagnostic> {
    let keys = |text: &str| {
        crate::frontmatter::parse::<BTreeMap<String, serde::de::IgnoredAny>>(text, Path::new(""), 1, "theme strings")
            .map(|m| m.into_keys().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let mut known: BTreeSet<String> = theme.iter().flat_map(|(_, text, _)| keys(text)).collect();
    for (text, _) in templates.values() {
        for (at, _) in text.match_indices("key=") {
            if let Some(key) = quoted(&text[at + 4..]) {
                known.insert(key.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for (_, text, shown) in site {
        for key in keys(text).into_iter().filter(|k| !known.contains(k)) {
            let (line, col) = crate::frontmatter::locate(text, 1, &key, None);
            out.push(
                Diagnostic::warning(shown, line, col, format!("no template uses the string `{key}`"))
                    .with_help(did_you_mean(&key, known.iter().map(String::as_str)).unwrap_or_else(|| {
                        format!("the theme's strings are the keys of its i18n/en.yaml; a string of the site's own is shown by writing `{{{{ t(key=\"{key}\") }}}}` in a template")
                    })),
            );
        }
    }
    out
}

/// The values of the `id` attributes `template` writes as they are: `id="main"` and
/// `id='main'`, not a value with a tera tag in it.
fn literal_ids(template: &str) -> impl Iterator<Item = &str> {
    template.match_indices("id=").filter_map(move |(at, _)| {
        let before = template[..at].chars().next_back()?;
        let value = quoted(&template[at + 3..])?;
        (before.is_whitespace() && !value.is_empty() && !value.contains(['{', '}', ' '])).then_some(value)
    })
}

/// The templates `template` names in `{% extends "…" %}`, `{% include "…" %}` and
/// `{% import "…" as … %}` tags.
fn named_templates(template: &str) -> impl Iterator<Item = &str> {
    template.split("{%").skip(1).filter_map(|tag| {
        let tag = tag.trim_start_matches('-').trim_start();
        let rest = ["extends", "include", "import"].iter().find_map(|k| tag.strip_prefix(k))?;
        quoted(rest.trim_start())
    })
}

/// The text of the quoted string (`"…"` or `'…'`) `text` begins with.
fn quoted(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|&c| c == '"' || c == '\'')?;
    Some(&text[1..text[1..].find(quote)? + 1])
}

/// tera's HTML escaping — the same five entities, [`crate::highlight::escape_attr_with`] —
/// writing each run of plain text at once rather than a byte at a time through the writer
/// (tera's own made up 1.4 % of a 10,000-page build's CPU, and most of its `write_all` calls
/// besides).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::highlight::escape_attr_with(input, |piece| out.write_all(piece.as_bytes()))
}

/// Compiles every template into `tera`. tera stops at the first broken template, so each
/// one with a syntax error is reported, set aside (replaced by its blocks alone, empty: other
/// templates may still name it or extend it, and a child of a broken `base.html` is no second
/// mistake) and the rest compiled again, until they compile or an error is not a single
/// template's syntax: every broken template of a run is shown.
fn compile(tera: &mut Tera, templates: &mut Sources, origins: &BTreeMap<String, PathBuf>, diags: &mut Vec<Diagnostic>) {
    let mut set_aside = BTreeSet::new();
    for _ in 0..=templates.len() {
        let result = tera.add_raw_templates(templates.iter().map(|(n, (text, _))| (n.as_str(), text.as_str())));
        let Err(e) = result else { return };
        diags.push(template_error(&e, origins));
        let broken = match e.kind() {
            ErrorKind::SyntaxError(r) => r.filename().to_string(),
            _ => return,
        };
        match templates.get_mut(&broken) {
            Some((text, _)) if set_aside.insert(broken) => *text = blocks_only(text),
            _ => return,
        }
    }
}

/// `{% block name %}{% endblock name %}` for each block `text` names, in order: what a child
/// template needs of its parent to compile.
fn blocks_only(text: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (at, _) in text.match_indices("{%") {
        let rest = text[at + 2..].trim_start_matches('-').trim_start();
        let Some(after) = rest.strip_prefix("block") else { continue };
        if !after.starts_with(char::is_whitespace) {
            continue;
        }
        let name = after.trim_start();
        let name = &name[..name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len())];
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names.iter().map(|n| format!("{{% block {n} %}}{{% endblock {n} %}}")).collect()
}

/// Reads every template under `dir` (names relative to it, with `/`).
fn read_layer(root: &Path, dir: &Path, out: &mut Sources, diags: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    for path in crate::load::walk_files(root, dir, diags) {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        match crate::load::read_text(&path, &shown) {
            Ok(text) => {
                out.insert(name, (text, shown));
            }
            Err(d) => diags.push(d),
        }
    }
}

/// Reads `i18n/<code>.yaml` files of one layer.
fn read_strings(root: &Path, dir: &Path, out: &mut Vec<(String, String, PathBuf)>, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    files.sort();
    let resolved = crate::load::resolved_root(root);
    for path in files {
        let code = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if let Err(d) = crate::load::inside_root(&resolved, &path, &shown) {
            diags.push(d);
            continue;
        }
        match crate::load::read_text(&path, &shown) {
            Ok(text) => out.push((code, text, shown)),
            Err(d) => diags.push(d),
        }
    }
}

fn read_assets(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, FileSource>, diags: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    for path in crate::load::walk_files(root, dir, diags) {
        if let Ok(rel) = path.strip_prefix(dir) {
            out.insert(rel.to_path_buf(), FileSource::Disk(path.clone()));
        }
    }
}

/// The file a template `name` comes from (the site's, a theme's, or `templates/<name>` for
/// the built-in theme's), as errors name it.
pub fn template_path(name: &str, origins: &BTreeMap<String, PathBuf>) -> PathBuf {
    origins.get(name).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
}

/// A tera error as a diagnostic pointing into the template file.
pub fn template_error(e: &tera::Error, origins: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let shown = |name: &str| template_path(name, origins);
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            let d = Diagnostic::error(
                shown(r.filename()),
                span.start_line,
                span.start_col + 1,
                format!("template error: {}", r.message()),
            );
            match r.message() {
                // an unknown word, or an `end…` with nothing open, or the end of an `if`,
                // `for` or `block` left open reached at the next tag that closes something
                "Unknown tag" => d.with_help(
                    "tera 2's tags are if, for, block, set, set_global, include, extends, filter, component, \
                     break and continue (and endif, endfor …): check the word, and that every if, for and \
                     block before this line is closed; Jinja's macro and import are components in tera 2",
                ),
                m if m.starts_with("Loops ran more than") => d.with_help(
                    "a page's loops may run 10,000,000 times in all: check the bounds of this loop and of the loops around it",
                ),
                _ => d,
            }
        }
        ErrorKind::CircularExtend { tpl, inheritance_chain } => Diagnostic::error(
            shown(tpl),
            0,
            0,
            format!("template `{tpl}` extends itself (through {})", inheritance_chain.join(" → ")),
        )
        .with_help("a template may not extend or include itself, directly or through others"),
        ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(
            shown(tpl),
            0,
            0,
            format!("template `{tpl}` includes itself (through {})", include_chain.join(" → ")),
        )
        .with_help("a template may not extend or include itself, directly or through others"),
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            shown(current),
            0,
            0,
            format!("template `{current}` extends `{parent}`, which does not exist"),
        )
        .with_help(
            did_you_mean(parent, origins.keys().map(String::as_str))
                .unwrap_or_else(|| "check the name in `{% extends %}`".into()),
        ),
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(shown(name), 0, 0, format!("template `{name}` does not exist")).with_help(
                did_you_mean(name, origins.keys().map(String::as_str))
                    .unwrap_or_else(|| "add it to templates/ or the theme".into()),
            )
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            // tera renders some errors as a report: "error: …\n --> name:line:col\n …"
            if let Some((name, line, col)) = report_position(&msg) {
                let first = msg.lines().next().unwrap_or("").trim_start_matches("error: ").to_string();
                return Diagnostic::error(shown(name), line, col, format!("template error: {first}"));
            }
            Diagnostic::error("templates", 0, 0, format!("template error: {msg}"))
        }
    }
}

/// The words tera ends an undefined variable's or field's message with, before the names
/// the page being rendered has, and what those names are.
const AVAILABLE: [(&str, &str); 2] = [(". Available variables: ", "variables"), (". Available fields: ", "fields")];

/// One error per mistake in templates: a template line rendered by many kinds of page fails
/// on each, and tera's message for an undefined variable (or field) lists that page's own
/// names, so the same mistake reads differently per kind of page. Those errors at one place
/// become one, naming what every page that renders the line has. Other errors pass unchanged
/// (exact repeats are dropped by [`crate::diagnostics::sort`]).
pub fn one_per_place(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(errors.len());
    // per place and message (before the names): where its error is in `merged`, and the
    // names every page so far had
    type Place = (PathBuf, usize, usize, String);
    let mut seen: BTreeMap<Place, (usize, Vec<String>)> = BTreeMap::new();
    for d in errors {
        let found = AVAILABLE.iter().find_map(|(words, kind)| {
            d.message.split_once(words).map(|(what, names)| (what.to_string(), names.to_string(), *kind))
        });
        let Some((what, names, kind)) = found else {
            merged.push(d);
            continue;
        };
        let names: Vec<String> = names.split(", ").map(str::to_string).collect();
        let key = (d.path.clone(), d.line, d.col, what);
        match seen.get_mut(&key) {
            Some((at, common)) => {
                common.retain(|v| names.contains(v));
                let common = if common.is_empty() { "none".to_string() } else { common.join(", ") };
                merged[*at].message = format!("{}. Available {kind} on every page that renders this: {common}", key.3);
            }
            None => {
                seen.insert(key, (merged.len(), names));
                merged.push(d);
            }
        }
    }
    merged
}

/// The `--> name:line:col` line of a tera report.
fn report_position(report: &str) -> Option<(&str, usize, usize)> {
    let at = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((parts.next()?, line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_a_template_writes_as_they_are() {
        let t = "<main id=\"main\"><h2 id='contents'>{{ t(key=\"x\") }}</h2><p id=\"{{ c.id }}\" data-id=\"no\">\n<a\tid=\"tab\"><b id=\"\"><i id=\"a {{ b }}\">";
        assert_eq!(literal_ids(t).collect::<Vec<_>>(), ["main", "contents", "tab"]);
        let t = "{% extends \"base.html\" %}{%- import 'components.html' as c -%}{% include \"x.html\" ignore missing %}{% if a %}";
        assert_eq!(named_templates(t).collect::<Vec<_>>(), ["base.html", "components.html", "x.html"]);
        // each template's pages: its own ids and its frame's, not another page's
        let theme = load(Path::new("/nonexistent"), "default", "en", &[]).expect("the built-in theme loads");
        let paper: Vec<&str> = theme.ids.of("paper.html").collect();
        let chapter: Vec<&str> = theme.ids.of("chapter.html").collect();
        for id in ["main", "abstract", "contents", "cite-this", "how-to-comment"] {
            assert!(paper.contains(&id), "{id}: {paper:?}");
        }
        assert!(chapter.contains(&"main") && !chapter.contains(&"how-to-comment"), "{chapter:?}");
        assert_eq!(theme.ids.of("nonexistent.html").count(), 0);
    }

    #[test]
    fn an_undefined_variable_is_one_error_for_every_kind_of_page() {
        let at = |line: usize, message: &str| Diagnostic::error("templates/base.html", line, 30, message);
        let errors = vec![
            at(108, "template error: Variable `nope` is not defined. Available variables: items, lang, page, site"),
            at(108, "template error: Variable `nope` is not defined. Available variables: lang, letters, page, site"),
            at(9, "template error: Variable `nope` is not defined. Available variables: lang, page"),
            at(108, "template error: Variable `nope` is not defined. Available variables: lang, page, terms"),
            at(108, "template error: Filter `x` is not defined"),
        ];
        let merged: Vec<String> =
            one_per_place(errors).into_iter().map(|d| format!("{}: {}", d.line, d.message)).collect();
        assert_eq!(
            merged,
            [
                "108: template error: Variable `nope` is not defined. Available variables on every page that renders this: lang, page",
                "9: template error: Variable `nope` is not defined. Available variables: lang, page",
                "108: template error: Filter `x` is not defined",
            ]
        );
        let none = one_per_place(vec![
            at(1, "Field `a` is not defined. Available fields: b, c"),
            at(1, "Field `a` is not defined. Available fields: c, d"),
            at(1, "Field `a` is not defined. Available fields: d"),
        ]);
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].message, "Field `a` is not defined. Available fields on every page that renders this: none");
    }

    #[test]
    fn report_positions_are_read() {
        let r = "error: Unknown template `x.html`\n --> page.html:1:12\n  |";
        assert_eq!(report_position(r), Some(("page.html", 1, 12)));
        assert_eq!(report_position("no position"), None);
    }

    proptest::proptest! {
        /// Our escaping writes exactly what tera's own does, for any text (the five special
        /// characters weighted in, beside any other character).
        #[test]
        fn escaping_writes_what_teras_own_writes(
            text in "([&<>\"'a ]|\\PC|\u{2028}){0,64}",
        ) {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(&text, &mut ours).unwrap();
            tera::escape_html(&text, &mut teras).unwrap();
            proptest::prop_assert_eq!(ours, teras);
        }

        /// A template value's map, serialised or written in the template, keeps the order
        /// its entries came in and finds each entry by name, past the size up to which tera
        /// looks names up one by one (the vendored tera hashes these maps' keys: see
        /// `vendor/tera/PLENARY.md`).
        #[test]
        fn template_maps_keep_their_order_and_find_every_entry(
            keys in proptest::strategy::Strategy::prop_shuffle(proptest::strategy::Strategy::prop_map(
                proptest::collection::hash_set("[a-z]{1,6}", 0..40),
                |k| k.into_iter().collect::<Vec<String>>(),
            )),
        ) {
            struct InOrder<'k>(&'k [String]);
            impl serde::Serialize for InOrder<'_> {
                fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.collect_map(self.0.iter().enumerate().map(|(n, k)| (k, n)))
                }
            }
            let literal: Vec<String> = keys.iter().enumerate().map(|(n, k)| format!("\"{k}\": {n}")).collect();
            let mut tera = tera::Tera::default();
            let body = "{% for k, v in m %}{{ k }}={{ v }};{% endfor %}|{% for k in ks %}{{ m[k] }};{% endfor %}";
            let written = format!("{{% set m = {{{}}} %}}{body}", literal.join(", "));
            tera.add_raw_templates([("given", body), ("written", written.as_str())]).unwrap();
            let mut context = tera::Context::new();
            context.insert("m", &InOrder(&keys));
            context.insert("ks", &keys);
            let listed: String = keys.iter().enumerate().map(|(n, k)| format!("{k}={n};")).collect();
            let found: String = (0..keys.len()).map(|n| format!("{n};")).collect();
            let expected = format!("{listed}|{found}");
            proptest::prop_assert_eq!(tera.render("given", &context).unwrap(), expected.clone());
            proptest::prop_assert_eq!(tera.render("written", &context).unwrap(), expected);
        }
    }
}
