//! Scholarly metadata of a paper: Highwire Press `citation_*` meta tags (read by scholarly
//! search engines), and "cite this" in plain text, BibTeX and RIS (also written as `.bib`
//! and `.ris` files).

use serde::Serialize;

use crate::types::Date;

/// What a citation of the paper is made from.
pub struct Work<'a> {
    /// Key for BibTeX (the paper's slug).
    pub key: &'a str,
    /// Title.
    pub title: &'a str,
    /// Authors.
    pub authors: Vec<Name>,
    /// Date of this version.
    pub date: Option<Date>,
    /// Publisher (the site or its organiser).
    pub publisher: &'a str,
    /// Version.
    pub version: Option<&'a str>,
    /// Permanent address of the landing page.
    pub url: &'a str,
    /// DOI.
    pub doi: Option<&'a str>,
    /// Address of the PDF, when there is one.
    pub pdf_url: Option<&'a str>,
    /// Language code.
    pub language: &'a str,
    /// Keywords.
    pub keywords: &'a [String],
    /// Abstract.
    pub summary: Option<&'a str>,
}

/// An author of a work.
#[derive(Debug, Clone, Default)]
pub struct Name {
    /// The name as written.
    pub written: String,
    /// A person (then "Family, Given" in citations), not an organisation.
    pub person: bool,
    /// The family name, when known (a speaker's `family_name`); else a person's is the last word.
    pub family: Option<String>,
    /// ORCID iD, plain (`0000-0002-1825-0097`).
    pub orcid: Option<String>,
}

impl Name {
    /// "Zhan, T." for a person written "Tao Zhan", "Dubois, J.-P. M." for "Jean-Paul Marie
    /// Dubois": the family name and the given names' initials, as APA cites people. Given
    /// names in a script without capitals (王小明 written apart, Arabic) are kept whole; other
    /// names as written.
    pub fn cited(&self) -> String {
        let inverted = self.inverted();
        let Some((family, given)) = inverted.split_once(", ").filter(|_| self.person && !self.written.contains(','))
        else {
            return inverted;
        };
        let cased = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_lowercase());
        if !given.split_whitespace().all(cased) {
            return inverted;
        }
        let initial = |part: &str| part.chars().next().map(|c| format!("{}.", c.to_uppercase())).unwrap_or_default();
        let initials: Vec<String> =
            given.split_whitespace().map(|w| w.split('-').map(initial).collect::<Vec<_>>().join("-")).collect();
        format!("{family}, {}", initials.join(" "))
    }

    /// "Zhan, Tao" for a person written "Tao Zhan", "Li, Ming" for "Li Ming" whose family name
    /// is Li; other names as written.
    pub fn inverted(&self) -> String {
        let name = self.written.as_str();
        if !self.person || name.contains(',') {
            return name.to_string();
        }
        let given_of = |family: &str| {
            let rest = name.strip_prefix(family).or_else(|| name.strip_suffix(family))?;
            // the family name is a whole word of the name
            (rest.starts_with(' ') || rest.ends_with(' ')).then(|| rest.trim().to_string())
        };
        match self.family.as_deref().and_then(|f| given_of(f).map(|g| (f, g))) {
            Some((family, given)) => format!("{family}, {given}"),
            None => match name.rsplit_once(' ') {
                Some((given, family)) => format!("{family}, {given}"),
                None => name.to_string(),
            },
        }
    }
}

/// One `<meta name content>`.
#[derive(Debug, Clone, Serialize)]
pub struct MetaTag {
    /// `citation_title`, …
    pub name: &'static str,
    /// Its value.
    pub content: String,
}

/// Highwire Press tags.
pub fn highwire(w: &Work) -> Vec<MetaTag> {
    let mut v = vec![MetaTag { name: "citation_title", content: w.title.to_string() }];
    for a in &w.authors {
        v.push(MetaTag { name: "citation_author", content: a.inverted() });
        if let Some(id) = &a.orcid {
            v.push(MetaTag { name: "citation_author_orcid", content: format!("https://orcid.org/{id}") });
        }
    }
    if let Some(d) = w.date {
        v.push(MetaTag {
            name: "citation_publication_date",
            content: format!("{:04}/{:02}/{:02}", d.year, d.month, d.day),
        });
    }
    v.push(MetaTag { name: "citation_publisher", content: w.publisher.to_string() });
    v.push(MetaTag { name: "citation_technical_report_institution", content: w.publisher.to_string() });
    v.push(MetaTag { name: "citation_abstract_html_url", content: w.url.to_string() });
    if let Some(p) = w.pdf_url {
        v.push(MetaTag { name: "citation_pdf_url", content: p.to_string() });
    }
    if let Some(d) = w.doi {
        v.push(MetaTag { name: "citation_doi", content: d.to_string() });
    }
    v.push(MetaTag { name: "citation_language", content: w.language.to_string() });
    if !w.keywords.is_empty() {
        v.push(MetaTag { name: "citation_keywords", content: w.keywords.join("; ") });
    }
    v
}

/// "Summit organisers (2023). Title (Version 0.1). Publisher. https://…"; people named as APA
/// names them, family name and initials ("Zhan, T., & Summit organisers"), so that where one
/// name ends and the next begins is plain ("Zhan, Tao, Li, Ming" could be four people).
pub fn plain(w: &Work) -> String {
    let names: Vec<String> = w.authors.iter().map(Name::cited).collect();
    let authors = match names.len() {
        0 => w.publisher.to_string(),
        1 => names[0].clone(),
        n => format!("{}, & {}", names[..n - 1].join(", "), names[n - 1]),
    };
    let year = w.date.map_or("n.d.".to_string(), |d| d.year.to_string());
    let version = w.version.map(|v| format!(" (Version {v})")).unwrap_or_default();
    let link = w.doi.map_or_else(|| w.url.to_string(), |d| format!("https://doi.org/{d}"));
    format!("{authors} ({year}). {}{version}. {}. {link}", w.title, w.publisher)
}

/// `s` as text in a BibTeX field: LaTeX's special characters written as characters, never
/// read as commands (`C:\data` is no command `\data`, `~` no tie, `--` no dash); braces,
/// which would group, left out.
fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            // `--` would be a dash: an empty group keeps the hyphens apart
            '-' if chars.peek() == Some(&'-') => out.push_str("-{}"),
            '&' | '%' | '#' | '_' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            _ => out.push(c),
        }
    }
    out
}

/// A BibTeX `@techreport` entry.
pub fn bibtex(w: &Work) -> String {
    let authors: Vec<String> = w
        .authors
        .iter()
        .map(|a| if a.person { bib_escape(&a.inverted()) } else { format!("{{{}}}", bib_escape(&a.written)) })
        .collect();
    let mut fields = vec![("title", format!("{{{}}}", bib_escape(w.title)))];
    if !authors.is_empty() {
        fields.push(("author", authors.join(" and ")));
    }
    fields.push(("institution", bib_escape(w.publisher)));
    fields.push(("type", "White paper".into()));
    if let Some(d) = w.date {
        fields.push(("year", d.year.to_string()));
        fields.push(("month", d.month.to_string()));
        fields.push(("date", d.to_string()));
    }
    if let Some(v) = w.version {
        fields.push(("version", bib_escape(v)));
    }
    if let Some(d) = w.doi {
        fields.push(("doi", d.to_string()));
    }
    fields.push(("url", w.url.to_string()));
    if !w.keywords.is_empty() {
        fields.push(("keywords", bib_escape(&w.keywords.join(", "))));
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  {k} = {{{v}}}")).collect();
    format!("@techreport{{{},\n{}\n}}\n", w.key, body.join(",\n"))
}

/// An RIS record (type RPRT).
pub fn ris(w: &Work) -> String {
    let mut lines = vec![("TY", "RPRT".to_string()), ("TI", w.title.to_string())];
    lines.extend(w.authors.iter().map(|a| ("AU", a.inverted())));
    if let Some(d) = w.date {
        lines.push(("PY", d.year.to_string()));
        lines.push(("DA", format!("{:04}/{:02}/{:02}", d.year, d.month, d.day)));
    }
    lines.push(("PB", w.publisher.to_string()));
    if let Some(v) = w.version {
        lines.push(("ET", v.to_string()));
    }
    if let Some(d) = w.doi {
        lines.push(("DO", d.to_string()));
    }
    lines.push(("UR", w.url.to_string()));
    lines.push(("LA", w.language.to_string()));
    lines.extend(w.keywords.iter().map(|k| ("KW", k.clone())));
    if let Some(a) = w.summary {
        lines.push(("AB", a.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    lines.push(("ER", String::new()));
    let mut s: String = lines.iter().map(|(k, v)| format!("{k}  - {v}").trim_end().to_string() + "\r\n").collect();
    // "ER  - " keeps its trailing space, as the format asks
    s = s.replace("ER  -\r\n", "ER  - \r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work() -> Work<'static> {
        Work {
            key: "wp",
            title: "A Paper on 100% & More",
            authors: vec![
                Name { written: "Tao Zhan".into(), person: true, ..Name::default() },
                Name { written: "Summit organisers".into(), ..Name::default() },
            ],
            date: Date::parse("2023-12-09").ok(),
            publisher: "Summit",
            version: Some("0.1"),
            url: "https://example.org/papers/wp/",
            doi: None,
            pdf_url: None,
            language: "en",
            keywords: &[],
            summary: None,
        }
    }

    /// A family name written first (`Li Ming`, family name Li) is not taken for the given
    /// name; an ORCID iD is said beside its author.
    #[test]
    fn authors_are_named_by_their_family_name_with_their_orcid() {
        let mut w = work();
        w.authors = vec![
            Name { written: "Li Ming".into(), person: true, family: Some("Li".into()), orcid: None },
            Name {
                written: "Anna van der Berg".into(),
                person: true,
                family: Some("van der Berg".into()),
                orcid: None,
            },
            Name {
                written: "Josiah Carberry".into(),
                person: true,
                family: None,
                orcid: Some("0000-0002-1825-0097".into()),
            },
            Name { written: "王小明".into(), person: true, ..Name::default() },
        ];
        assert!(plain(&w).starts_with("Li, M., van der Berg, A., Carberry, J., & 王小明 (2023)"), "{}", plain(&w));
        assert!(ris(&w).contains("AU  - Li, Ming\r\nAU  - van der Berg, Anna\r\n"), "{}", ris(&w));
        assert!(bibtex(&w).contains("author = {Li, Ming and van der Berg, Anna and Carberry, Josiah and 王小明}"));
        let tags: Vec<(&str, String)> = highwire(&w).into_iter().map(|t| (t.name, t.content)).collect();
        let carberry = tags.iter().position(|t| t.1 == "Carberry, Josiah").unwrap();
        assert_eq!(tags[carberry + 1], ("citation_author_orcid", "https://orcid.org/0000-0002-1825-0097".into()));
        assert_eq!(tags.iter().filter(|t| t.0 == "citation_author_orcid").count(), 1);
    }

    #[test]
    fn bibtex_parses_back() {
        let lib = hayagriva::io::from_biblatex_str(&bibtex(&work())).expect("valid BibTeX");
        let e = lib.get("wp").expect("entry");
        assert_eq!(e.title().map(|t| t.value.to_str().to_string()).as_deref(), Some("A Paper on 100% & More"));
        assert_eq!(e.date().map(|d| d.year), Some(2023));
    }

    proptest::proptest! {
        /// Any title (braces aside, which group in BibTeX) comes back from the BibTeX entry
        /// as written: LaTeX's special characters are text there, never commands.
        #[test]
        fn a_title_comes_back_from_its_bibtex_entry(title in "[a-zA-Z0-9&%#_$\\\\~^,.:;!?()'@/*+=<>|\"-][ a-zA-Z0-9&%#_$\\\\~^,.:;!?()'@/*+=<>|\"-]{0,30}[a-zA-Z0-9]") {
            let w = Work { title: &title, ..work() };
            let lib = hayagriva::io::from_biblatex_str(&bibtex(&w)).expect("valid BibTeX");
            let back = lib.get("wp").and_then(|e| e.title()).map(|t| t.value.to_str().to_string());
            let spaced = title.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(back.as_deref(), Some(spaced.as_str()));
        }
    }

    #[test]
    fn people_are_cited_by_family_name_and_initials() {
        let person = |written: &str, family: Option<&str>| {
            Name { written: written.into(), person: true, family: family.map(Into::into), orcid: None }.cited()
        };
        assert_eq!(person("Jean-Paul Marie Dubois", None), "Dubois, J.-P. M.");
        assert_eq!(person("élodie Martin", None), "Martin, É.");
        assert_eq!(person("Li Ming", Some("Li")), "Li, M.");
        // no capitals to make initials of: the name inverted, whole
        assert_eq!(person("محمد علي", None), "علي, محمد");
        assert_eq!(person("王小明", None), "王小明");
        assert_eq!(person("Carberry, Josiah", None), "Carberry, Josiah");
        let org = Name { written: "UNESCO IITE".into(), person: false, ..Name::default() };
        assert_eq!(org.cited(), "UNESCO IITE");
    }

    #[test]
    fn plain_text_and_ris() {
        assert_eq!(
            plain(&work()),
            "Zhan, T., & Summit organisers (2023). A Paper on 100% & More (Version 0.1). Summit. https://example.org/papers/wp/"
        );
        let r = ris(&work());
        assert!(r.starts_with("TY  - RPRT\r\n"));
        assert!(r.contains("AU  - Zhan, Tao\r\n"));
        assert!(r.ends_with("ER  - \r\n"));
    }
}
