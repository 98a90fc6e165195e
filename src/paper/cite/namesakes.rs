//! Different people of one family name, cited alike: the APA style writes the first author's
//! initials in every citation of a work whose first author shares a family name with
//! another work's first author ("(J. Smith, 2021)", "(A. Smith, 2021)"), and no year letters
//! for them. hayagriva's given-name disambiguation does neither (it takes the given names out
//! of the reference list instead), so plenary gives each such family name, as hayagriva sees
//! it, a mark of its own — word joiners (U+2060), which no reader sees —, so that the style
//! tells the works apart without year letters, and then writes the initials before the
//! marked name in the citations and takes the marks out of everything.

use hayagriva::{Entry, Library};

use crate::paper::latex;

/// The mark: one or more of it after a family name.
const MARK: char = '\u{2060}';

/// The family names marked, and what each is written as in a citation.
#[derive(Default)]
pub struct Namesakes {
    /// (escaped family name with its marks, escaped initials and family name), the most
    /// marks first so that a longer mark is never taken for a shorter one.
    cited_as: Vec<(String, String)>,
}

/// `library` with the first author of each work in `cited` marked where another of them has
/// a first author of that family name and other initials; unchanged (and no namesakes) when
/// there are none.
pub fn mark(library: &Library, cited: &[&str]) -> Option<(Library, Namesakes)> {
    // each family name's first authors: (initials, given name), sorted, so marks follow the
    // reference list's order (by initials within a family name)
    let mut families: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for key in cited {
        if let Some((family, Some(initials))) = library.get(key).and_then(first_author) {
            families.entry(family).or_default().push(initials);
        }
    }
    let mut marks: Vec<(String, String, usize)> = Vec::new();
    for (family, mut initials) in families {
        initials.sort();
        initials.dedup();
        if initials.len() > 1 {
            marks.extend(initials.into_iter().enumerate().map(|(i, ini)| (family.clone(), ini, i + 1)));
        }
    }
    if marks.is_empty() {
        return None;
    }
    let mut marked = Library::new();
    for entry in library.iter() {
        let mut entry = entry.clone();
        if let (Some((family, Some(initials))), Some(authors)) = (first_author(&entry), entry.authors()) {
            if let Some((_, _, n)) = marks.iter().find(|(f, i, _)| *f == family && *i == initials) {
                let mut authors = authors.to_vec();
                authors[0].name.extend(std::iter::repeat_n(MARK, *n));
                entry.set_authors(authors);
            }
        }
        marked.push(&entry);
    }
    let mut cited_as: Vec<(String, String)> = marks
        .iter()
        .map(|(family, initials, n)| {
            let marked: String = family.chars().chain(std::iter::repeat_n(MARK, *n)).collect();
            (latex::to_html(&marked, false), latex::to_html(&format!("{initials} {family}"), false))
        })
        .collect();
    cited_as.sort_by_key(|(m, _)| std::cmp::Reverse(m.chars().filter(|c| *c == MARK).count()));
    Some((marked, Namesakes { cited_as }))
}

impl Namesakes {
    /// A citation's HTML with the initials before each marked family name, and no mark.
    pub fn citation(&self, html: &str) -> String {
        let mut html = html.to_string();
        for (marked, written) in &self.cited_as {
            html = html.replace(marked.as_str(), written);
        }
        unmarked(&html)
    }
}

/// `html` without the marks (a reference list entry: "Smith, J." needs no more).
pub fn unmarked(html: &str) -> String {
    html.replace(MARK, "")
}

/// A work's first author's family name and initials ("Jean-Paul Anne" → "J.-P. A."), when
/// the author is a person with a given name.
fn first_author(entry: &Entry) -> Option<(String, Option<String>)> {
    let first = entry.authors()?.first()?;
    let initials = first.given_name.as_deref().map(initials).filter(|i| !i.is_empty());
    Some((first.name.clone(), initials))
}

/// "Mary Ann" → "M. A."; "Jean-Paul" → "J.-P."; "J." → "J.".
fn initials(given: &str) -> String {
    let word = |w: &str| {
        w.split('-')
            .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
            .map(|c| format!("{}.", c.to_uppercase()))
            .collect::<Vec<_>>()
            .join("-")
    };
    given.split_whitespace().map(word).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_written_as_the_style_writes_them() {
        assert_eq!(initials("Mary Ann"), "M. A.");
        assert_eq!(initials("Jean-Paul"), "J.-P.");
        assert_eq!(initials("J."), "J.");
        assert_eq!(initials("émile"), "É.");
    }
}
