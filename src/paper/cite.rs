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
        hayagriva::io::from_biblatex_str(text).map(institutions_as_publishers).map_err(|errs| {
            match errs.into_iter().next() {
                Some(hayagriva::io::BibLaTeXError::Parse(e)) => bibtex_error(text, e.span.start, &e.kind),
                Some(hayagriva::io::BibLaTeXError::Type(e)) => BibError {
                    at: Some(line_col(text, e.span.start)),
                    message: format!("this field's value does not have the form its field needs ({})", e.kind),
                    help: BIBTEX_HELP,
                },
                None => BibError { at: None, message: "cannot read it as BibTeX".into(), help: BIBTEX_HELP },
            }
        })
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        hayagriva::io::from_yaml_str(text).map_err(|e| {
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

/// hayagriva reads BibTeX's `institution` (and `school`, its other name) as the work's
/// organisation, which the APA style never shows: a thesis lost its university and a report
/// its institution. Where a work (or the work it is part of) has no publisher, its
/// organisation is its publisher, as the style's thesis and report forms expect.
fn institutions_as_publishers(library: Library) -> Library {
    fn mend(entry: &mut hayagriva::Entry) {
        if entry.publisher().is_none() {
            if let Some(organisation) = entry.organization().cloned() {
                entry.set_publisher(hayagriva::types::Publisher::new(Some(organisation), None));
            }
        }
        let mut parents = entry.parents().to_vec();
        if !parents.is_empty() {
            parents.iter_mut().for_each(mend);
            entry.set_parents(parents);
        }
    }
    let mut mended = Library::new();
    for entry in library.iter() {
        let mut entry = entry.clone();
        mend(&mut entry);
        mended.push(&entry);
    }
    mended
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
    let Style::Independent(style) = ArchivedStyle::AmericanPsychologicalAssociation.get() else {
        return Formatted { citations: vec![Citation::default(); groups.len()], references: Vec::new() };
    };
    let locale_files = locales();
    let mut driver = BibliographyDriver::new();
    // the keys of each group's works found in the library, in the order its items are given
    let mut counted: Vec<Vec<&str>> = Vec::with_capacity(groups.len());
    // `[-@key]`: the style writes the year alone, without the brackets a citation has
    let year_only: Vec<bool> = groups.iter().map(|g| g.iter().all(|i| i.form == Form::YearOnly)).collect();
    for g in groups {
        // a work named twice in one citation (`[@a; @a]`) is cited once: "(Doe, 2021; 2021)"
        let mut named = std::collections::BTreeSet::new();
        let (keys, items): (Vec<&str>, Vec<_>) = g
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
                Some((item.key.as_str(), cited))
            })
            .unzip();
        if !items.is_empty() {
            driver.citation(CitationRequest::from_items(items, &style, &locale_files));
        }
        counted.push(keys);
    }
    let rendered = driver.finish(BibliographyRequest::new(&style, None, &locale_files));
    let mut done = rendered.citations.into_iter();
    let citations = counted
        .into_iter()
        .zip(year_only)
        .map(|(keys, year_only)| match keys.is_empty() {
            true => Citation::default(),
            false => {
                let mut c = done.next().map(|r| pieces(&r.citation, &keys)).unwrap_or_default();
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
        .map(|b| b.items.into_iter().map(|i| (i.key, mend_entry(to_html(&i.content)))).collect())
        .unwrap_or_default();
    Formatted { citations, references }
}

/// Two things hayagriva's APA style writes that no reader should see: a book chapter's book
/// title twice (`<i>Handbook</i><i>: </i><i>Handbook</i>`: the style's container and volume
/// titles, both the book's), and a date followed by a comma and nothing (`(2016,)`, a work
/// whose date has a year alone).
fn mend_entry(html: String) -> String {
    let mut html = html.replace(",)", ")");
    let mut from = 0;
    while let Some(at) = html[from..].find("</i><i>: </i><i>").map(|a| from + a) {
        let before = html[..at].rfind("<i>").map(|o| &html[o + 3..at]);
        let second = at + "</i><i>: </i><i>".len();
        match before.filter(|t| html[second..].starts_with(&format!("{t}</i>"))) {
            Some(title) => {
                let end = second + title.len() + "</i>".len();
                html.replace_range(at..end, "</i>");
            }
            None => from = second,
        }
    }
    html
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
/// element naming its place among the items given (`keys`).
fn pieces(citation: &ElemChildren, keys: &[&str]) -> Citation {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    for child in &citation.0 {
        let (key, html) = match child {
            ElemChild::Elem(e) => match e.meta {
                Some(ElemMeta::Entry(i)) => (keys.get(i).map(|k| k.to_string()), to_html(&e.children)),
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
mod tests {
    use super::*;

    const BIB: &str = "@book{unesco2021,\n  author = {{UNESCO}},\n  title = {Recommendation on the Ethics of Artificial Intelligence},\n  publisher = {UNESCO},\n  address = {Paris},\n  year = {2021}\n}\n";

    #[test]
    fn bibtex_mistakes_are_placed_and_said_in_plain_words() {
        let at = |text: &str| {
            let e = parse(text, "refs.bib").unwrap_err();
            let (line, col) = e.at.expect("placed");
            (line, col, e.message)
        };
        // the file ending inside an entry: at that entry's `@`, not at the end, though an `@`
        // inside a value comes later
        let (line, col, message) = at(&format!("{BIB}\n  @book{{open,\n  note = {{mail a@b.org\n"));
        assert_eq!((line, col), (9, 3), "{message}");
        assert_eq!(message, "this entry is never closed: the file ends inside it");
        let (line, _, message) = at(&format!("{BIB}@book{{unesco2021, title = {{Twice}}}}\n"));
        assert_eq!((line, message.as_str()), (8, "the key `unesco2021` names two entries (the first at line 1)"));
        assert!(at("@book{k, title = {T}, journal = jnl}\n").2.starts_with("`jnl` is not an abbreviation"));
        assert!(at("@book{k title = {T}}\n").2.ends_with("is missing here"), "{}", at("@book{k title = {T}}\n").2);
        assert!(parse(BIB, "refs.txt").unwrap_err().message.contains("BibTeX (`.bib`) or hayagriva YAML"));
    }

    #[test]
    fn hayagriva_yaml_mistakes_are_placed_and_said_in_plain_words() {
        let at = |text: &str| {
            let e = parse(text, "refs.yaml").unwrap_err();
            assert_eq!(e.help, YAML_HELP);
            (e.at.expect("placed"), e.message)
        };
        // not YAML: in the words front matter and site.yaml get, naming the file
        assert_eq!(
            at("a:\n  type: book\n  title: \"T\" : : x\n"),
            ((3, 14), "refs.yaml is not valid YAML here".into())
        );
        assert_eq!(at("a:\n  type: book\n\ttitle: T\n").1, "a tab is used for indentation");
        // YAML, not the form: serde's words made plain, with a suggestion
        let ((line, col), message) = at("a:\n  type: artcle\n  title: T\n");
        assert_eq!(
            ((line, col), message.as_str()),
            ((2, 9), "`a.type`: `artcle` is not one of the values this key takes")
        );
        let (_, message) = at("a:\n  type: book\n  author: 5\n");
        assert!(message.starts_with("`a.author`: expected a name string"), "{message}");
        assert_eq!(at("- a\n").1, "expected a map between cite keys and entries, found a list");
        // the format's own message, passed on with the field it is about
        assert_eq!(
            at("a:\n  type: book\n  title: T\n  date: 20x1\n"),
            (
                (4, 9),
                "`a.date`: this value does not have the form hayagriva's format gives it (date format unknown)".into()
            )
        );
        assert!(parse("a:\n  type: book\n  title: T\n", "refs.yml").is_ok());
    }

    #[test]
    fn author_date_citations_and_references() {
        let lib = parse(BIB, "refs.bib").expect("parses");
        let groups = vec![
            vec![Item { key: "unesco2021".into(), locator: Some("p. 12".into()), ..Item::default() }],
            vec![Item { key: "missing".into(), locator: None, ..Item::default() }],
        ];
        let f = format(&lib, &groups);
        assert_eq!(f.citations[0].html(), "(UNESCO, 2021, p. 12)");
        assert_eq!(f.citations[0].keys().collect::<Vec<_>>(), ["unesco2021"]);
        assert_eq!(f.citations[1], Citation::default());
        let twice = vec![vec![
            Item { key: "unesco2021".into(), locator: None, ..Item::default() },
            Item { key: "unesco2021".into(), locator: None, ..Item::default() },
        ]];
        assert_eq!(format(&lib, &twice).citations[0].html(), "(UNESCO, 2021)");
        assert_eq!(f.references.len(), 1);
        assert!(
            f.references[0].1.contains("<i>Recommendation on the Ethics of Artificial Intelligence</i>"),
            "{}",
            f.references[0].1
        );
    }

    /// A DOI or an address with characters no URL may hold links to them encoded.
    #[test]
    fn links_hold_only_what_an_address_may() {
        assert_eq!(
            link_address("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"),
            "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0"
        );
        assert_eq!(link_address("https://doi.org/10.1000/a#b?c%d[e]"), "https://doi.org/10.1000/a%23b%3Fc%25d%5Be%5D");
        assert_eq!(link_address("https://example.org/a b?q=1&r=[2]#top"), "https://example.org/a%20b?q=1&r=[2]#top");
        assert_eq!(link_address("https://example.org/ok"), "https://example.org/ok");
    }

    /// LaTeX that BibTeX files hold (formatting, quotes, an accent on a dotless i) reaches the
    /// reference list as HTML, not as LaTeX.
    #[test]
    fn latex_in_a_bibtex_entry_is_set_not_shown() {
        let bib = "@article{m,\n  author = {Garc{\\'\\i}a, Jos{\\'e}},\n  title = {{AI} in {\\em higher} education: \\emph{a} review of ``quoted'' work},\n  journal = {J},\n  year = {2020},\n  doi = {10.1000/x<1>}\n}\n";
        let lib = parse(bib, "refs.bib").expect("parses");
        let f = format(&lib, &[vec![Item { key: "m".into(), locator: None, ..Item::default() }]]);
        let html = &f.references[0].1;
        assert!(
            html.starts_with("García, J. (2020). AI in higher education: <i>a</i> review of “quoted” work."),
            "{html}"
        );
        assert!(html.contains("<a href=\"https://doi.org/10.1000/x%3C1%3E\">"), "{html}");
        assert!(!html.contains('\\'), "{html}");
    }

    /// A locator's kind is read abbreviated or written out, and the number is kept alone.
    #[test]
    fn locators_are_read_abbreviated_or_written_out() {
        for (text, kind, rest) in [
            ("p. 12", Locator::Page, "12"),
            ("pp. 3–5", Locator::Page, "3–5"),
            ("page 7", Locator::Page, "7"),
            ("pages 7-9", Locator::Page, "7-9"),
            ("12", Locator::Page, "12"),
            ("chap. 3", Locator::Chapter, "3"),
            ("Chapter 3", Locator::Chapter, "3"),
            ("§ 4", Locator::Section, "4"),
            ("sec. 2.1", Locator::Section, "2.1"),
            ("fig. 2", Locator::Figure, "2"),
            ("vol. II", Locator::Volume, "II"),
            ("line 5", Locator::Line, "5"),
            ("note 3", Locator::Note, "3"),
            ("Table 2", Locator::Table, "2"),
            ("tab. 2", Locator::Table, "2"),
            ("eq. 3", Locator::Equation, "3"),
            ("appendix B", Locator::Appendix, "B"),
            ("col. 2", Locator::Column, "2"),
            ("xii", Locator::Page, "xii"),
            ("slide 4", Locator::Custom, "slide 4"),
        ] {
            assert_eq!(locator(text), (kind, rest), "{text}");
        }
        // as the reader sees them: a table is no page, nor is a word plenary does not know
        let lib = parse(BIB, "refs.bib").expect("parses");
        for (written, shown) in [
            ("Table 2", "(UNESCO, 2021, Table 2)"),
            ("slide 4", "(UNESCO, 2021, slide 4)"),
            ("iv", "(UNESCO, 2021, p. iv)"),
        ] {
            let group = vec![Item { key: "unesco2021".into(), locator: Some(written.into()), ..Item::default() }];
            assert_eq!(format(&lib, &[group]).citations[0].html(), shown);
        }
    }

    #[test]
    fn unknown_formats_are_refused() {
        assert!(parse("", "refs.txt").is_err());
        assert!(parse("@book{", "refs.bib").is_err());
    }

    /// What hayagriva's APA style lost or wrote twice: a thesis's university and a report's
    /// institution (BibTeX's `school`, `institution`), a chapter's book title twice, a comma
    /// after a year.
    #[test]
    fn institutions_are_shown_and_nothing_twice() {
        let bib = r#"@incollection{ch, author = {Lee, Ann}, title = {Chapter Title}, booktitle = {Handbook of Digital Assessment}, editor = {Taylor, M. and Wong, D.}, publisher = {Springer}, pages = {45--67}, year = {2020}}
@phdthesis{th, author = {Kim, Bo}, title = {Thesis}, school = {University of Oslo}, year = {2019}}
@techreport{tr, author = {Roe, Al}, title = {Report}, institution = {OECD}, year = {2018}, number = {12}}
@inproceedings{ip, author = {Poe, Ed}, title = {Paper}, booktitle = {Proc. of ICALT}, publisher = {IEEE}, year = {2017}, pages = {1--5}}
@misc{mi, author = {Day, Di}, title = {Talk}, howpublished = {Keynote at EDEN}, year = {2016}}
@article{vb, author = {van der Berg, Servaas}, title = {Art}, journal = {Revue d'{\'E}valuation}, year = {2017}}
"#;
        let lib = parse(bib, "refs.bib").expect("parses");
        let groups: Vec<Vec<Item>> =
            ["ch", "th", "tr", "mi"].iter().map(|k| vec![Item { key: k.to_string(), ..Item::default() }]).collect();
        let refs: std::collections::BTreeMap<String, String> = format(&lib, &groups).references.into_iter().collect();
        assert_eq!(refs["th"], "Kim, B. (2019). <i>Thesis</i> [Doctoral dissertation]. University of Oslo.");
        assert_eq!(refs["tr"], "Roe, A. (2018). <i>Report</i> (Technical Report No. 12). OECD.");
        assert_eq!(
            refs["ch"],
            "Lee, A. (2020). Chapter Title. In M. Taylor &amp; D. Wong (Eds.), <i>Handbook of Digital Assessment</i> (pp. 45–67). Springer."
        );
        assert_eq!(refs["mi"], "Day, D. (2016). <i>Talk</i>.");
    }
}
