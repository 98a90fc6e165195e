//! Unit tests of reading bibliographies and formatting citations.

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
    assert_eq!(at("a:\n  type: book\n  title: \"T\" : : x\n"), ((3, 14), "refs.yaml is not valid YAML here".into()));
    assert_eq!(at("a:\n  type: book\n\ttitle: T\n").1, "a tab is used for indentation");
    // YAML, not the form: serde's words made plain, with a suggestion
    let ((line, col), message) = at("a:\n  type: artcle\n  title: T\n");
    assert_eq!(((line, col), message.as_str()), ((2, 9), "`a.type`: `artcle` is not one of the values this key takes"));
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
    assert!(html.starts_with("García, J. (2020). AI in higher education: <i>a</i> review of “quoted” work."), "{html}");
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

/// Two works of one author and year, two authors of one family name, a name with a particle
/// and a `@misc` whose address is in `howpublished`.
const ALIKE: &str = "@book{jsmith, author = {Smith, John}, title = {Zebra studies}, publisher = {Pub}, year = {2021}}\n\
@book{asmith, author = {Smith, Anne}, title = {Aardvark studies}, publisher = {Pub}, year = {2021}}\n\
@book{lee1, author = {Lee, Kim}, title = {Whales in education}, publisher = {Pub}, year = {2020}}\n\
@book{lee2, author = {Lee, Kim}, title = {Apples in education}, publisher = {Pub}, year = {2020}}\n\
@book{vdb, author = {van der Berg, Jan}, title = {The learner's view}, publisher = {Pub}, year = {2019}}\n\
@misc{web, author = {Doe, Jane}, title = {A web thing}, howpublished = {\\url{https://example.org/x}}, year = {2018}}\n";

fn cite_alike(groups: &[&[&str]]) -> Formatted {
    let library = parse(ALIKE, "refs.bib").unwrap();
    let groups: Vec<Vec<Item>> =
        groups.iter().map(|g| g.iter().map(|k| Item { key: k.to_string(), ..Item::default() }).collect()).collect();
    format(&library, &groups)
}

#[test]
fn works_cited_alike_are_told_apart_as_the_apa_style_does() {
    // each cited on its own: the year letters are given across citations, in the reference
    // list's order (by title: "Apples" before "Whales"), and two people named Smith are
    // told apart by their initials, not by letters
    let f = cite_alike(&[&["jsmith"], &["asmith"], &["lee1"], &["lee2"], &["vdb"], &["web"]]);
    let cited: Vec<String> = f.citations.iter().map(Citation::html).collect();
    assert_eq!(
        cited,
        ["(J. Smith, 2021)", "(A. Smith, 2021)", "(Lee, 2020b)", "(Lee, 2020a)", "(van der Berg, 2019)", "(Doe, 2018)"]
    );
    let listed: Vec<String> = f.references.iter().map(|(k, html)| format!("{k}: {html}")).collect();
    assert_eq!(
        listed,
        [
            "web: Doe, J. (2018). <i>A web thing</i>. <a href=\"https://example.org/x\">https://example.org/x</a>",
            "lee2: Lee, K. (2020a). <i>Apples in education</i>. Pub.",
            "lee1: Lee, K. (2020b). <i>Whales in education</i>. Pub.",
            "asmith: Smith, A. (2021). <i>Aardvark studies</i>. Pub.",
            "jsmith: Smith, J. (2021). <i>Zebra studies</i>. Pub.",
            "vdb: van der Berg, J. (2019). <i>The learner&#39;s view</i>. Pub.",
        ]
    );
    // all in one citation: the same letters and names, the letters in order
    let f = cite_alike(&[&["lee1", "jsmith", "lee2", "asmith"]]);
    assert_eq!(f.citations[0].html(), "(Lee, 2020a, 2020b; A. Smith, 2021; J. Smith, 2021)");
    assert_eq!(f.citations[0].keys().collect::<Vec<_>>(), ["lee2", "lee1", "asmith", "jsmith"]);
    // one Smith alone is cited without initials, and one work of Lee's without a letter
    let f = cite_alike(&[&["jsmith"], &["lee1"]]);
    let cited: Vec<String> = f.citations.iter().map(Citation::html).collect();
    assert_eq!(cited, ["(Smith, 2021)", "(Lee, 2020)"]);
    assert!(f.references.iter().all(|(_, html)| !html.contains('\u{2060}')));
}

#[test]
fn a_particle_belongs_to_the_family_name_in_both_formats() {
    let yaml = "vdb:\n  type: book\n  title: T\n  author:\n    name: Berg\n    given-name: Jan\n    prefix: van der\n  date: 2019\n";
    for (text, file) in [(ALIKE, "refs.bib"), (yaml, "refs.yaml")] {
        let library = parse(text, file).unwrap();
        let author = &library.get("vdb").unwrap().authors().unwrap()[0];
        assert_eq!((author.name.as_str(), author.prefix.as_deref()), ("van der Berg", None), "{file}");
    }
}

#[test]
fn one_authors_works_in_a_citation_are_separated_by_commas() {
    let bib = format!(
        "{ALIKE}@book{{lee3, author = {{Lee, Kim}}, title = {{Owls}}, publisher = {{Pub}}, year = {{2022}}}}\n\
         @book{{team1, author = {{Kahn, Ada and Ruiz, Bo and Li, Wen}}, title = {{Team one}}, publisher = {{Pub}}, year = {{2017}}}}\n\
         @book{{team2, author = {{Kahn, Ada and Ruiz, Bo and Li, Wen}}, title = {{Team two}}, publisher = {{Pub}}, year = {{2016}}}}\n"
    );
    let library = parse(&bib, "refs.bib").unwrap();
    let item = |key: &str, locator: Option<&str>, form: Form| Item {
        key: key.to_string(),
        locator: locator.map(str::to_string),
        form,
    };
    let cite = |groups: Vec<Vec<Item>>| -> Vec<String> {
        format(&library, &groups).citations.iter().map(Citation::html).collect()
    };
    let b = |key: &str| item(key, None, Form::Bracketed);
    // APA 7, 8.19: "(Lee, 2020a, 2020b, 2022)", a semicolon only between different authors
    assert_eq!(
        cite(vec![vec![b("lee3"), b("web"), b("lee1"), b("team1"), b("lee2"), b("team2"), b("vdb")]]),
        ["(Doe, 2018; Kahn et al., 2016, 2017; Lee, 2020a, 2020b, 2022; van der Berg, 2019)"]
    );
    // a locator stays with its year, and a semicolon follows it, where a comma would read as
    // part of it
    assert_eq!(
        cite(vec![
            vec![item("lee1", Some("p. 4"), Form::Bracketed), b("lee2"), b("web")],
            vec![item("lee2", Some("p. 4"), Form::Bracketed), b("lee1"), b("lee3")],
        ]),
        ["(Doe, 2018; Lee, 2020a, 2020b, p. 4)", "(Lee, 2020a, p. 4; 2020b, 2022)"]
    );
    // the years alone, `[-@a; -@b]`, are not a run of one author's works: as the style writes
    let years = cite(vec![vec![item("lee1", None, Form::YearOnly), item("web", None, Form::YearOnly)]]);
    assert!(!years[0].contains(", 20"), "{years:?}");
}
