//! The speaker directory's order: family names (given, or guessed from the name), the page
//! language's collation, groups by first letter, and the pages of the directory.

use super::{Group, Views};
use crate::graph::DocId;
use crate::model::Data;

impl Views<'_> {
    /// The speaker directory's order: by family name with the page language's collation
    /// (then full name), in groups by first letter, as (letter, id, speakers): worked out once
    /// per language, then split into pages by [`Self::speaker_groups`].
    pub fn speaker_order(&self) -> Vec<(String, String, Vec<DocId>)> {
        let collator = collator(&self.language().code);
        let mut entries: Vec<(String, String, DocId)> = self
            .site
            .speakers
            .iter()
            .map(|&id| {
                let d = self.site.doc(self.shown(id));
                let family = match &d.data {
                    Data::Speaker(s) => s.family_name.clone(),
                    _ => None,
                }
                .unwrap_or_else(|| family_name(&d.title));
                (family, d.title.clone(), id)
            })
            .collect();
        entries.sort_by(|a, b| {
            collator.compare(&a.0, &b.0).then_with(|| collator.compare(&a.1, &b.1)).then(a.2.cmp(&b.2))
        });
        let mut all: Vec<(String, String, Vec<DocId>)> = Vec::new();
        for (family, _, id) in entries {
            let letter = initial_letter(&family);
            if all.last().is_none_or(|g| g.0 != letter) {
                let n = all.len() + 1;
                all.push((letter, format!("letter-{n}"), Vec::new()));
            }
            if let Some(g) = all.last_mut() {
                g.2.push(id);
            }
        }
        all
    }

    /// Page `n` (`per` speakers a page) of the speakers in `order` (from
    /// [`Self::speaker_order`]); a group split between pages goes on under its heading on the
    /// next.
    pub fn speaker_groups(&self, order: &[(String, String, Vec<DocId>)], n: usize, per: usize) -> Vec<Group> {
        // the page's window over the speakers in that order
        let (start, end) = (n.saturating_sub(1) * per, n * per);
        let mut seen = 0;
        let mut groups = Vec::new();
        for (label, id, ids) in order {
            let (from, to) = (start.max(seen), end.min(seen + ids.len()));
            if from < to {
                groups.push(Group {
                    label: label.clone(),
                    id: id.clone(),
                    items: self.cards(&ids[from - seen..to - seen]),
                });
            }
            seen += ids.len();
        }
        groups
    }
}

/// A collator for a language code (the root collation when ICU does not know it).
fn collator(code: &str) -> icu::collator::CollatorBorrowed<'static> {
    use icu::collator::{options::CollatorOptions, Collator};
    let locale: icu::locale::Locale = code.parse().unwrap_or(icu::locale::Locale::UNKNOWN);
    Collator::try_new(locale.into(), CollatorOptions::default())
        .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
        .expect("the root collation is compiled in")
}

/// The family name of a name without a `family_name` key: its last word, or the first
/// character of a Chinese, Japanese or Korean name written without spaces.
pub fn family_name(name: &str) -> String {
    let name = name.trim();
    match name.split_whitespace().last() {
        Some(last) if last.len() < name.len() => last.to_string(),
        _ if name.chars().next().is_some_and(is_cjk) => name.chars().take(1).collect(),
        _ => name.to_string(),
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// The jump-list letter of a family name: its first letter, upper case, accents folded
/// (É → E); other scripts keep their first character.
pub fn initial_letter(family: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let Some(first) = family.chars().find(|c| c.is_alphanumeric()) else { return "#".into() };
    let base = first.to_string().nfd().next().unwrap_or(first);
    base.to_uppercase().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_and_letters() {
        assert_eq!(family_name("Tatiana Murovana"), "Murovana");
        assert_eq!(family_name("陶展"), "陶");
        assert_eq!(family_name("Plato"), "Plato");
        assert_eq!(initial_letter("Émile"), "E");
        assert_eq!(initial_letter("ørsted"), "Ø");
        assert_eq!(initial_letter("陶"), "陶");
        assert_eq!(initial_letter("'t Hooft"), "T");
    }

    #[test]
    fn collation_follows_the_language() {
        // Swedish sorts Ö after Z; German sorts it with O
        let words = ["Zorn", "Öberg", "Olsson"];
        let sorted = |lang: &str| {
            let c = collator(lang);
            let mut v = words.to_vec();
            v.sort_by(|a, b| c.compare(a, b));
            v
        };
        assert_eq!(sorted("sv"), ["Olsson", "Zorn", "Öberg"]);
        assert_eq!(sorted("de"), ["Öberg", "Olsson", "Zorn"]);
        assert_eq!(sorted("xx-not-a-language"), ["Öberg", "Olsson", "Zorn"]);
    }
}
