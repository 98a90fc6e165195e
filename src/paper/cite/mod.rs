//! Citations with `hayagriva`: the paper's bibliography file (BibTeX `.bib`, or hayagriva
//! YAML `.yaml`/`.yml`) is parsed, every `[@key, locator]` group of the paper is formatted
//! in the bundled APA (author-date) CSL style, and the reference list lists what was cited.

use std::path::Path;

use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{FontStyle, FontWeight, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild, ElemChildren,
    ElemMeta, Library, LocatorPayload, SpecificLocator,
};

mod mend;
mod namesakes;

use super::crossref::{Form, Item};
use super::escape;
use crate::diagnostics::line_col;

/// Why a bibliography file could not be read: where in its text (when known) and what is
/// wrong, in plain words, with a hint in the file's format.
#[derive(Debug, PartialEq)]
pub struct BibError {
    /// Line and column (1-based) in the file; `None` when the parser does not say.
    pub at: Option<(usize, usize)>,
    /// What is wrong there.
    pub message: String,
    /// How entries are written in the file's format.
    pub help: &'static str,
}

/// How BibTeX entries are written.
const BIBTEX_HELP: &str = "each entry is `@type{key, field = {value}, …}`";
/// How hayagriva YAML entries are written.
const YAML_HELP: &str = "each entry is `key:` with its fields indented below it (`type: article`, `title: …`, `author: …`, `date: 2021-05`); the fields and their forms: https://github.com/typst/hayagriva/blob/main/docs/file-format.md";

/// Parses a bibliography file's text.
pub fn parse(text: &str, file_name: &str) -> Result<Library, BibError> {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".bib") || lower.ends_with(".bibtex") {
        hayagriva::io::from_biblatex_str(text).map(|l| mend::library(l, mend::Read::BibTeX)).map_err(|errs| match errs
            .into_iter()
            .next()
        {
            Some(hayagriva::io::BibLaTeXError::Parse(e)) => bibtex_error(text, e.span.start, &e.kind),
            Some(hayagriva::io::BibLaTeXError::Type(e)) => BibError {
                at: Some(line_col(text, e.span.start)),
                message: format!("this field's value does not have the form its field needs ({})", e.kind),
                help: BIBTEX_HELP,
            },
            None => BibError { at: None, message: "cannot read it as BibTeX".into(), help: BIBTEX_HELP },
        })
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        hayagriva::io::from_yaml_str(text).map(|l| mend::library(l, mend::Read::Yaml)).map_err(|e| {
            // not YAML at all: said as a front matter's or site.yaml's mistakes are
            if let Err(d) = crate::frontmatter::parse::<serde_yaml::Value>(text, Path::new(file_name), 1, file_name) {
                return BibError { at: Some((d.line, d.col)), message: d.message, help: YAML_HELP };
            }
            let at = e.location().map(|l| (l.line(), l.column()));
            // YAML, but not the form hayagriva reads: serde's messages in plain words, the
            // format's own ("date format unknown") passed on
            let (message, _) = crate::frontmatter::plain_words_or(&e.to_string(), file_name, |field, msg| {
                let message = format!("this value does not have the form hayagriva's format gives it ({msg})");
                (field.map_or_else(|| message.clone(), |f| format!("`{f}`: {message}")), None)
            });
            BibError { at, message, help: YAML_HELP }
        })
    } else {
        Err(BibError {
            at: None,
            message: "plenary reads BibTeX (`.bib`) or hayagriva YAML (`.yaml`) bibliographies".into(),
            help: "name a `.bib` or `.yaml` file in `references`",
        })
    }
}

/// A BibTeX syntax error at `at` in plain words. The file ending inside an entry is placed at
/// that entry's `@`, where the brace that is never closed was opened.
fn bibtex_error(text: &str, at: usize, kind: &biblatex::ParseErrorKind) -> BibError {
    use biblatex::{ParseErrorKind as K, Token as T};
    let token = |t: &T| match t {
        T::Identifier => "a name".to_string(),
        T::OpeningBrace => "`{`".into(),
        T::ClosingBrace => "`}`".into(),
        T::Comma => "`,`".into(),
        T::QuotationMark => "`\"`".into(),
        T::Equals => "`=`".into(),
        T::DecimalPoint => "`.`".into(),
    };
    let (offset, message) = match kind {
        K::UnexpectedEof => {
            // the last `@` that begins a line before the end
            let before = text.get(..at).unwrap_or(text);
            let entry = before.match_indices('@').map(|(i, _)| i).rfind(|&i| {
                let line_start = before[..i].rfind('\n').map_or(0, |n| n + 1);
                before[line_start..i].trim().is_empty()
            });
            (entry.unwrap_or(at), "this entry is never closed: the file ends inside it".to_string())
        }
        K::Expected(t) => (at, format!("{} is missing here", token(t))),
        K::Unexpected(t) => (at, format!("{} is not expected here", token(t))),
        K::UnknownAbbreviation(name) => {
            (at, format!("`{name}` is not an abbreviation defined with `@string`; a value in braces, `{{…}}`, is text"))
        }
        K::MalformedCommand => (at, "this TeX command is not complete".to_string()),
        K::DuplicateKey(key) => {
            let first = [format!("{{{key},"), format!("{{ {key},"), format!("{{{key} ,")]
                .iter()
                .filter_map(|w| text.get(..at).and_then(|t| t.find(w.as_str())))
                .min()
                .map(|o| format!(" (the first at line {})", line_col(text, o).0))
                .unwrap_or_default();
            (at, format!("the key `{key}` names two entries{first}"))
        }
        K::ResolutionError(e) => (at, format!("a `crossref` cannot be resolved ({e})")),
        _ => (at, format!("this is not valid BibTeX ({kind})")),
    };
    BibError { at: Some(line_col(text, offset)), message, help: BIBTEX_HELP }
}

/// One formatted citation group, in pieces: each work's own text with its key, and the text
/// between and around them (`(`, `; `, `)`), so each work can link to its own entry.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Citation(pub Vec<(Option<String>, String)>);

impl Citation {
    /// The whole citation's HTML (without links).
    pub fn html(&self) -> String {
        self.0.iter().map(|(_, h)| h.as_str()).collect()
    }

    /// The keys of the works it names, in the order they are written.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|(k, _)| k.as_deref())
    }
}

/// The formatted citations (one per group, in the order given) and the reference list items
/// as `(key, html)`, in the style's order.
pub struct Formatted {
    /// Each citation group (empty when none of its keys is in the library).
    pub citations: Vec<Citation>,
    /// The reference list: key and HTML of each entry.
    pub references: Vec<(String, String)>,
}

/// Formats `groups` (keys missing from `library` are skipped; the caller reports them).
pub fn format(library: &Library, groups: &[Vec<Item>]) -> Formatted {
    let cited: Vec<&str> = groups.iter().flatten().map(|i| i.key.as_str()).collect();
    match namesakes::mark(library, &cited) {
        None => format_with(library, groups, &namesakes::Namesakes::default()),
        Some((marked, namesakes)) => format_with(&marked, groups, &namesakes),
    }
}

/// [`format`] with the first authors' family names of `library` marked as `namesakes` says.
fn format_with(library: &Library, groups: &[Vec<Item>], namesakes: &namesakes::Namesakes) -> Formatted {
    let Style::Independent(mut style) = ArchivedStyle::AmericanPsychologicalAssociation.get() else {
        return Formatted { citations: vec![Citation::default(); groups.len()], references: Vec::new() };
    };
    // hayagriva's given-name disambiguation adds no initials to the citations and takes the
    // given names out of the reference list ("Smith. (2021)"): `namesakes` does its work
    style.citation.disambiguate_add_givenname = false;
    let locale_files = locales();
    let mut driver = BibliographyDriver::new();
    // first, a citation no one sees of every work cited, in the reference list's order, so
    // that works cited alike in different citations are told apart as within one, and their
    // year letters follow the list
    let listed = listed_order(library, groups, &style, &locale_files);
    if !listed.is_empty() {
        let hidden = listed
            .iter()
            .map(|e| {
                let mut item = CitationItem::with_entry(*e);
                item.hidden = true;
                item
            })
            .collect();
        driver.citation(CitationRequest::from_items(hidden, &style, &locale_files));
    }
    let place: std::collections::HashMap<&str, usize> = listed.iter().enumerate().map(|(i, e)| (e.key(), i)).collect();
    // the keys of each group's works found in the library, in the order given to the style
    // (and whether each is cited with a locator)
    let mut counted: Vec<Vec<(&str, bool)>> = Vec::with_capacity(groups.len());
    // `[-@key]`: the style writes the year alone, without the brackets a citation has
    let year_only: Vec<bool> = groups.iter().map(|g| g.iter().all(|i| i.form == Form::YearOnly)).collect();
    for g in groups {
        // a work named twice in one citation (`[@a; @a]`) is cited once: "(Doe, 2021; 2021)"
        let mut named = std::collections::BTreeSet::new();
        let mut cited: Vec<((&str, bool), CitationItem<'_, hayagriva::Entry>)> = g
            .iter()
            .filter(|item| named.insert(item.key.as_str()))
            .filter_map(|item| {
                let entry = library.get(&item.key)?;
                let locator = item.locator.as_deref().map(|l| {
                    let (kind, value) = locator(l);
                    SpecificLocator(kind, LocatorPayload::Str(value))
                });
                let cited = CitationItem::with_locator(entry, locator);
                let cited = match item.form {
                    Form::Bracketed => cited,
                    Form::YearOnly => cited.kind(CitePurpose::Year),
                    Form::InText => cited.kind(CitePurpose::Prose),
                };
                Some(((item.key.as_str(), item.locator.is_some()), cited))
            })
            .collect();
        // the style orders a citation's works by author and year; works alike in both keep
        // the order they are given in, which is the list's, so that their year letters
        // follow one another: "(Lee, 2020a, 2020b)"
        cited.sort_by_key(|((key, _), _)| place.get(key).copied());
        let (keys, items): (Vec<(&str, bool)>, Vec<_>) = cited.into_iter().unzip();
        if !items.is_empty() {
            driver.citation(CitationRequest::from_items(items, &style, &locale_files));
        }
        counted.push(keys);
    }
    let rendered = driver.finish(BibliographyRequest::new(&style, None, &locale_files));
    let mut done = rendered.citations.into_iter().skip(usize::from(!listed.is_empty()));
    let citations = counted
        .into_iter()
        .zip(year_only)
        .map(|(keys, year_only)| match keys.is_empty() {
            true => Citation::default(),
            false => {
                let mut c = done.next().map(|r| pieces(&r.citation, &keys)).unwrap_or_default();
                c.0.iter_mut().for_each(|(_, html)| *html = namesakes.citation(html));
                if year_only {
                    c.0.insert(0, (None, "(".into()));
                    c.0.push((None, ")".into()));
                }
                c
            }
        })
        .collect();
    let references = rendered
        .bibliography
        .map(|b| {
            b.items.into_iter().map(|i| (i.key, namesakes::unmarked(&mend::entry_html(to_html(&i.content))))).collect()
        })
        .unwrap_or_default();
    Formatted { citations, references }
}

/// The works `groups` cite, each once, in the order of the reference list the style makes
/// of them (a driver of its own: hayagriva gives the list's order only with the list).
fn listed_order<'l>(
    library: &'l Library,
    groups: &[Vec<Item>],
    style: &hayagriva::citationberg::IndependentStyle,
    locale_files: &[hayagriva::citationberg::Locale],
) -> Vec<&'l hayagriva::Entry> {
    let mut cited: Vec<&str> = groups.iter().flatten().map(|i| i.key.as_str()).collect();
    cited.sort_unstable();
    cited.dedup();
    let entries: Vec<&hayagriva::Entry> = cited.iter().filter_map(|k| library.get(k)).collect();
    if entries.is_empty() {
        return Vec::new();
    }
    let mut driver = BibliographyDriver::new();
    let items = entries.iter().map(|e| CitationItem::with_entry(*e)).collect();
    driver.citation(CitationRequest::from_items(items, style, locale_files));
    let list = driver.finish(BibliographyRequest::new(style, None, locale_files)).bibliography;
    let keys: Vec<String> = list.map(|b| b.items.into_iter().map(|i| i.key).collect()).unwrap_or_default();
    keys.iter().filter_map(|k| library.get(k)).collect()
}

/// `p. 12` → (page, `12`); `chap. 3` → (chapter, `3`); anything else is a page locator.
fn locator(text: &str) -> (Locator, &str) {
    // the name of the kind, abbreviated (`p.`, `chap.`) or written out (`page`, `pages`),
    // before the number; without one, a page
    let name_end = text.find(|c: char| !(c.is_alphabetic() || c == '§')).unwrap_or(text.len());
    let (name, rest) = text.split_at(name_end);
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let kind = match name.to_lowercase().as_str() {
        "p" | "pp" | "page" | "pages" => Locator::Page,
        "ch" | "chap" | "chapter" | "chapters" => Locator::Chapter,
        "sec" | "section" | "sections" | "§" => Locator::Section,
        "para" | "paragraph" | "paragraphs" => Locator::Paragraph,
        "fig" | "figure" | "figures" => Locator::Figure,
        "vol" | "volume" | "volumes" => Locator::Volume,
        "l" | "line" | "lines" => Locator::Line,
        "n" | "note" | "notes" => Locator::Note,
        "tab" | "tbl" | "table" | "tables" => Locator::Table,
        "eq" | "eqs" | "equation" | "equations" => Locator::Equation,
        "app" | "appx" | "appendix" | "appendices" => Locator::Appendix,
        "col" | "column" | "columns" => Locator::Column,
        "pt" | "part" | "parts" => Locator::Part,
        "bk" | "book" | "books" => Locator::Book,
        "v" | "vv" | "verse" | "verses" => Locator::Verse,
        "fol" | "folio" | "folios" => Locator::Folio,
        "no" | "issue" | "issues" => Locator::Issue,
        // a page in roman numerals (`iv`, `xii`)
        n if n.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)) => return (Locator::Page, text),
        // a word plenary does not know as a kind (`slide 4`): written as it is, not as a page
        _ => return (Locator::Custom, text),
    };
    // a name the number follows (`p. 12`, `page 7`, `p12`), not a word of its own
    if rest.trim_start().starts_with(|c: char| c.is_ascii_digit() || c.is_alphanumeric() && !name.is_empty()) {
        (kind, rest.trim())
    } else {
        (Locator::Page, text)
    }
}

/// A rendered citation in pieces: the style sorts a group's works and writes each as an
/// element naming its place among the items given (`keys`, each with whether it is cited
/// with a locator).
///
/// One author's works side by side are written as the style collapses them, the names once:
/// "(Lee, 2020a, 2020b)". hayagriva separates their years with the citation's delimiter, "; ",
/// where CSL's `cite-group-delimiter` is ", " when a style does not set it (and setting it
/// made hayagriva write ", " between different authors too): a work written without its
/// names after one written with them is given ", " before it here — unless the work before
/// it is cited with a locator, where a comma would read as part of it: "(UNESCO, 2021, p. 3;
/// 2023)", as author-date styles write it.
fn pieces(citation: &ElemChildren, keys: &[(&str, bool)]) -> Citation {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    // whether a run of one author's works is going on (the first written with its names, the
    // others without), and whether the last work was cited with a locator
    let (mut run, mut located) = (false, false);
    for child in &citation.0 {
        let (key, html) = match child {
            ElemChild::Elem(e) => match e.meta {
                Some(ElemMeta::Entry(i)) => {
                    let named = e.children.find_names().is_some();
                    if run && !named && !located {
                        if let Some((None, between)) = out.last_mut().filter(|(_, t)| t == LAYOUT_DELIMITER) {
                            *between = GROUP_DELIMITER.to_string();
                        }
                    }
                    run |= named;
                    located = keys.get(i).is_some_and(|(_, l)| *l);
                    (keys.get(i).map(|(k, _)| k.to_string()), to_html(&e.children))
                }
                _ => (None, to_html(&e.children)),
            },
            other => (None, to_html(&ElemChildren(vec![other.clone()]))),
        };
        match out.last_mut() {
            Some((None, text)) if key.is_none() => text.push_str(&html),
            _ => out.push((key, html)),
        }
    }
    Citation(out)
}

/// What the APA style writes between the works of a citation.
const LAYOUT_DELIMITER: &str = "; ";
/// What CSL writes between the works of one author when a style collapses them by year.
const GROUP_DELIMITER: &str = ", ";

/// Formatted CSL output → HTML, escaping all text (hayagriva's own HTML writer does not).
fn to_html(children: &ElemChildren) -> String {
    let mut s = String::new();
    write_children(children, &mut s);
    s
}

fn write_children(children: &ElemChildren, s: &mut String) {
    for c in &children.0 {
        match c {
            ElemChild::Text(t) => {
                let italic = t.formatting.font_style == FontStyle::Italic;
                let bold = t.formatting.font_weight == FontWeight::Bold;
                s.push_str(if italic { "<i>" } else { "" });
                s.push_str(if bold { "<b>" } else { "" });
                s.push_str(&super::latex::to_html(&t.text, italic));
                s.push_str(if bold { "</b>" } else { "" });
                s.push_str(if italic { "</i>" } else { "" });
            }
            ElemChild::Elem(e) => write_children(&e.children, s),
            ElemChild::Markup(m) => s.push_str(&escape(m)),
            ElemChild::Link { text, url } => {
                s.push_str(&format!("<a href=\"{}\">{}</a>", escape(&link_address(url)), escape(&text.text)));
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// A reference's link as an address: characters no URL may hold (a DOI such as
/// `10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0` has `<` and `>`) written
/// as `%XX`; in a DOI also the characters that would end its path (`#`, `?`) or be read as
/// one (`%`), as the DOI handbook asks.
fn link_address(url: &str) -> String {
    let doi = url.strip_prefix("https://doi.org/").map(|doi| ("https://doi.org/", doi));
    let (head, rest) = doi.unwrap_or(("", url));
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(head);
    for c in rest.chars() {
        let encode = matches!(c, ' ' | '"' | '<' | '>' | '{' | '}' | '|' | '\\' | '^' | '`')
            || c.is_control()
            || (doi.is_some() && matches!(c, '%' | '#' | '?' | '[' | ']'));
        if encode {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
