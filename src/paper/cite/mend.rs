//! What plenary mends of hayagriva's reading of a bibliography and of its APA output, where
//! a reader would otherwise meet a work without its publisher, an author's name cut from
//! its particle, a web address left out, or a title written twice. Each mend is held by a
//! unit test, so a hayagriva that mends it itself is seen.

use hayagriva::types::{Person, Publisher, QualifiedUrl};
use hayagriva::{Entry, Library};

/// Which format the library was read from: BibTeX's fields reach hayagriva's by a mapping
/// of its own, which loses what [`library`] gives back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Read {
    BibTeX,
    Yaml,
}

/// The library with each work mended ([`entry`]), in its order.
pub fn library(library: Library, read: Read) -> Library {
    let mut mended = Library::new();
    for entry in library.iter() {
        let mut entry = entry.clone();
        mend(&mut entry, read);
        mended.push(&entry);
    }
    mended
}

/// One work and the works it is part of:
/// - a name's particle (BibTeX's "von" part, hayagriva's `prefix`: "van der" of
///   `van der Berg, Jan`) is part of the family name, as the APA style writes it ("van der
///   Berg, J.", cited "(van der Berg, 2019)"); hayagriva wrote "Berg, J. van der." and
///   cited "(Berg, 2019)";
/// - BibTeX only: `institution` (and `school`, its other name), which hayagriva reads as the
///   work's organisation and the style never shows, is the publisher of a work that has
///   none, as the style's thesis and report forms expect (a thesis lost its university);
/// - BibTeX only: a `howpublished` that is a web address alone (`\url{…}`, the usual way
///   of giving a `@misc` work's address) is the work's address when it has no `url`:
///   hayagriva keeps it as a note, which the style never shows.
fn mend(entry: &mut Entry, read: Read) {
    if let Some(authors) = entry.authors().map(with_particles) {
        entry.set_authors(authors);
    }
    if let Some(editors) = entry.editors().map(with_particles) {
        entry.set_editors(editors);
    }
    if read == Read::BibTeX {
        if entry.publisher().is_none() {
            if let Some(organisation) = entry.organization().cloned() {
                entry.set_publisher(Publisher::new(Some(organisation), None));
            }
        }
        if entry.url().is_none() {
            if let Some(url) = entry.note().and_then(|n| web_address(&n.value.to_str())) {
                entry.set_url(url);
            }
        }
    }
    let mut parents = entry.parents().to_vec();
    if !parents.is_empty() {
        parents.iter_mut().for_each(|p| mend(p, read));
        entry.set_parents(parents);
    }
}

/// `text` as a web address when it is one alone, bare or as `\url{…}`.
fn web_address(text: &str) -> Option<QualifiedUrl> {
    let text = text.trim();
    let address = text.strip_prefix("\\url{").and_then(|t| t.strip_suffix('}')).unwrap_or(text).trim();
    let web = address.starts_with("https://") || address.starts_with("http://");
    (web && !address.contains(char::is_whitespace)).then(|| address.parse().ok()).flatten()
}

/// The names with each one's particle joined to its family name.
fn with_particles(names: &[Person]) -> Vec<Person> {
    names
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if let Some(particle) = p.prefix.take().filter(|x| !x.trim().is_empty()) {
                p.name = format!("{} {}", particle.trim(), p.name);
            }
            p
        })
        .collect()
}

/// Two things hayagriva's APA style writes that no reader should see: a book chapter's book
/// title twice (`<i>Handbook</i><i>: </i><i>Handbook</i>`: the style's container and volume
/// titles, both the book's), and a date followed by a comma and nothing (`(2016,)`, a work
/// whose date has a year alone).
pub fn entry_html(html: String) -> String {
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
