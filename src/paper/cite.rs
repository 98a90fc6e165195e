//! Citations with `hayagriva`: the paper's bibliography file (BibTeX `.bib`, or hayagriva
//! YAML `.yaml`/`.yml`) is parsed, every `[@key, locator]` group of the paper is formatted
//! in the bundled APA (author-date) CSL style, and the reference list lists what was cited.

use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{FontStyle, FontWeight, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemChildren, Library,
    LocatorPayload, SpecificLocator,
};

use super::crossref::Item;
use super::escape;

/// Parses a bibliography file's text; the error is one line for the user.
pub fn parse(text: &str, file_name: &str) -> Result<Library, String> {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".bib") || lower.ends_with(".bibtex") {
        hayagriva::io::from_biblatex_str(text).map_err(|errs| {
            errs.iter().map(|e| format!("{e:?}")).next().unwrap_or_else(|| "cannot parse it as BibTeX".into())
        })
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        hayagriva::io::from_yaml_str(text).map_err(|e| e.to_string())
    } else {
        Err("plenary reads BibTeX (`.bib`) or hayagriva YAML (`.yaml`) bibliographies".into())
    }
}

/// The formatted citations (one per group, in the order given) and the reference list items
/// as `(key, html)`, in the style's order.
pub struct Formatted {
    /// HTML of each citation group (without a link).
    pub citations: Vec<String>,
    /// The reference list: key and HTML of each entry.
    pub references: Vec<(String, String)>,
}

/// Formats `groups` (keys missing from `library` are skipped; the caller reports them).
pub fn format(library: &Library, groups: &[Vec<Item>]) -> Formatted {
    let Style::Independent(style) = ArchivedStyle::AmericanPsychologicalAssociation.get() else {
        return Formatted { citations: vec![String::new(); groups.len()], references: Vec::new() };
    };
    let locale_files = locales();
    let mut driver = BibliographyDriver::new();
    let mut counted = Vec::with_capacity(groups.len());
    for g in groups {
        let items: Vec<_> = g
            .iter()
            .filter_map(|item| {
                let entry = library.get(&item.key)?;
                let locator = item.locator.as_deref().map(|l| {
                    let (kind, value) = locator(l);
                    SpecificLocator(kind, LocatorPayload::Str(value))
                });
                Some(CitationItem::with_locator(entry, locator))
            })
            .collect();
        counted.push(!items.is_empty());
        if !items.is_empty() {
            driver.citation(CitationRequest::from_items(items, &style, &locale_files));
        }
    }
    let rendered = driver.finish(BibliographyRequest::new(&style, None, &locale_files));
    let mut done = rendered.citations.into_iter();
    let citations = counted
        .into_iter()
        .map(|c| if c { done.next().map(|r| to_html(&r.citation)).unwrap_or_default() } else { String::new() })
        .collect();
    let references = rendered
        .bibliography
        .map(|b| b.items.into_iter().map(|i| (i.key, to_html(&i.content))).collect())
        .unwrap_or_default();
    Formatted { citations, references }
}

/// `p. 12` → (page, `12`); `chap. 3` → (chapter, `3`); anything else is a page locator.
fn locator(text: &str) -> (Locator, &str) {
    let table: [(&str, Locator); 8] = [
        ("pp.", Locator::Page),
        ("p.", Locator::Page),
        ("chap.", Locator::Chapter),
        ("ch.", Locator::Chapter),
        ("sec.", Locator::Section),
        ("para.", Locator::Paragraph),
        ("fig.", Locator::Figure),
        ("vol.", Locator::Volume),
    ];
    for (prefix, kind) in table {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (kind, rest.trim());
        }
    }
    (Locator::Page, text)
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
                s.push_str(&escape(&t.text));
                s.push_str(if bold { "</b>" } else { "" });
                s.push_str(if italic { "</i>" } else { "" });
            }
            ElemChild::Elem(e) => write_children(&e.children, s),
            ElemChild::Markup(m) => s.push_str(&escape(m)),
            ElemChild::Link { text, url } => {
                s.push_str(&format!("<a href=\"{}\">{}</a>", escape(url), escape(&text.text)));
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BIB: &str = "@book{unesco2021,\n  author = {{UNESCO}},\n  title = {Recommendation on the Ethics of Artificial Intelligence},\n  publisher = {UNESCO},\n  address = {Paris},\n  year = {2021}\n}\n";

    #[test]
    fn author_date_citations_and_references() {
        let lib = parse(BIB, "refs.bib").expect("parses");
        let groups = vec![
            vec![Item { key: "unesco2021".into(), locator: Some("p. 12".into()) }],
            vec![Item { key: "missing".into(), locator: None }],
        ];
        let f = format(&lib, &groups);
        assert_eq!(f.citations[0], "(UNESCO, 2021, p. 12)");
        assert_eq!(f.citations[1], "");
        assert_eq!(f.references.len(), 1);
        assert!(
            f.references[0].1.contains("<i>Recommendation on the Ethics of Artificial Intelligence</i>"),
            "{}",
            f.references[0].1
        );
    }

    #[test]
    fn unknown_formats_are_refused() {
        assert!(parse("", "refs.txt").is_err());
        assert!(parse("@book{", "refs.bib").is_err());
    }
}
