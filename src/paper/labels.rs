//! A paper's labels resolved paper-wide: the labels each page defines (pass one, in reading
//! order) and each chapter's own `sec:<chapter address>` made into one table. The first
//! definition of a label wins: a later written one is an error; a later automatic one (a
//! heading's) gives way to a written one, and makes an automatic one name two places
//! (`Target::also`), which a reference to it is told — two chapters with a heading
//! "Opportunities", or a heading "Governance" beside the chapter `governance`, would
//! otherwise send the reference to whichever came first, and an edit elsewhere in the paper
//! would move it without a word. A chapter's label is added unless a heading took it: one of
//! its own page's, silently; an automatic one elsewhere, as two places.
//!
//! The definitions are looked up in a hash map of the pages' own strings and the winners made
//! into the ordered table at once: inserting them one at a time into ordered maps took ~12 ms
//! of one thread at 10,000 pages (the 500-chapter paper's 15,000 labels) while the other
//! thread had nothing to do.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::crossref::{Labels, Target};
use super::numbering::LabelDef;

/// A written label defined again after its first definition.
#[derive(Debug, PartialEq, Eq)]
pub struct Twice<'d> {
    /// The page (its index in reading order) and the definition there.
    pub page: usize,
    pub def: &'d LabelDef,
    /// The page of the first definition.
    pub first_page: usize,
}

/// The table of `defs` (each page's definitions, in reading order) and of the `chapters`
/// (chapter number, page address), with the definitions that came too late.
pub fn resolve<'d, 'u>(
    defs: impl Iterator<Item = &'d [LabelDef]> + Clone,
    chapters: impl Iterator<Item = (usize, &'u str)>,
) -> (Labels, Vec<Twice<'d>>) {
    // label → (its first page, written, its place in `winners`)
    let mut first: FxHashMap<&str, (usize, bool, usize)> = FxHashMap::default();
    first.reserve(defs.clone().map(<[LabelDef]>::len).sum());
    let mut winners: Vec<(String, Target)> = Vec::new();
    let mut twice = Vec::new();
    for (page, defs) in defs.enumerate() {
        for def in defs {
            match first.get(def.label.as_str()) {
                Some(&(first_page, _, _)) if def.explicit => twice.push(Twice { page, def, first_page }),
                Some(&(_, false, w)) => {
                    let winner = &mut winners[w].1;
                    winner.also.get_or_insert_with(|| def.target.text());
                }
                Some(_) => {}
                None => {
                    first.insert(&def.label, (page, def.explicit, winners.len()));
                    winners.push((def.label.clone(), def.target.clone()));
                }
            }
        }
    }
    let mut slugs: FxHashSet<&str> = FxHashSet::default();
    for (n, url) in chapters {
        let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        let label = ["sec:", slug].concat();
        let target = Target {
            kind: "Chapter",
            number: n.to_string(),
            title: String::new(),
            page: url.to_string(),
            id: String::new(),
            also: None,
        };
        if let Some(&(_, written, w)) = first.get(label.as_str()) {
            let winner = &mut winners[w].1;
            if !written && winner.page != url {
                winner.also.get_or_insert_with(|| target.text());
            }
            continue;
        }
        if !slugs.insert(slug) {
            continue;
        }
        winners.push((label, target));
    }
    // every label once (so an unstable sort gives the one order), sorted in parallel: the
    // table is then built from a sorted list at once (its own stable sort on one thread was
    // ~10 ms of an otherwise idle core at 50,000 pages)
    winners.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    (winners.into_iter().collect(), twice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// The table as it was first made: each definition inserted into ordered maps in turn.
    fn one_at_a_time<'d>(pages: &'d [Vec<LabelDef>], chapters: &[(usize, &str)]) -> (Labels, Vec<Twice<'d>>) {
        let mut labels = Labels::new();
        let mut defined_at: BTreeMap<String, (usize, bool)> = BTreeMap::new();
        let mut twice = Vec::new();
        for (page, defs) in pages.iter().enumerate() {
            for def in defs {
                if let Some(&(first_page, written)) = defined_at.get(&def.label) {
                    if def.explicit {
                        twice.push(Twice { page, def, first_page });
                    } else if !written {
                        let first = labels.get_mut(&def.label).unwrap();
                        if first.also.is_none() {
                            first.also = Some(def.target.text());
                        }
                    }
                    continue;
                }
                defined_at.insert(def.label.clone(), (page, def.explicit));
                labels.insert(def.label.clone(), def.target.clone());
            }
        }
        let mut chapter_labels = BTreeMap::new();
        for &(n, url) in chapters {
            let slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
            let label = format!("sec:{slug}");
            let chapter = Target {
                kind: "Chapter",
                number: n.to_string(),
                title: String::new(),
                page: url.to_string(),
                id: String::new(),
                also: None,
            };
            match defined_at.get(&label) {
                Some(&(_, false)) => {
                    let heading = labels.get_mut(&label).unwrap();
                    if heading.page != url && heading.also.is_none() {
                        heading.also = Some(chapter.text());
                    }
                }
                Some(_) => {}
                None => {
                    chapter_labels.entry(label).or_insert(chapter);
                }
            }
        }
        labels.extend(chapter_labels);
        (labels, twice)
    }

    fn def(label: String, explicit: bool, number: usize) -> LabelDef {
        let target = Target {
            kind: "Section",
            number: number.to_string(),
            title: String::new(),
            page: format!("/p/{number}/"),
            id: label.clone(),
            also: None,
        };
        LabelDef { label, target, offset: number, explicit }
    }

    proptest! {
        /// Labels from a few names (so they repeat, across pages and within one), written or
        /// automatic, and chapters whose addresses repeat and match headings' labels: the
        /// same table and the same late definitions as inserting each in turn.
        #[test]
        fn labels_resolve_as_inserted_one_at_a_time(
            pages in proptest::collection::vec(
                proptest::collection::vec(("(sec|fig):[abc]", any::<bool>()), 0..6), 0..6),
            chapters in proptest::collection::vec("[abc]", 0..5),
        ) {
            let pages: Vec<Vec<LabelDef>> = pages
                .into_iter()
                .enumerate()
                .map(|(p, defs)| defs.into_iter().enumerate().map(|(k, (l, e))| def(l, e, p * 10 + k)).collect())
                .collect();
            let urls: Vec<String> = chapters.iter().map(|s| format!("/papers/x/{s}/")).collect();
            let chapters: Vec<(usize, &str)> = urls.iter().enumerate().map(|(n, u)| (n + 1, u.as_str())).collect();
            let (labels, twice) = resolve(pages.iter().map(Vec::as_slice), chapters.iter().copied());
            let (expected, expected_twice) = one_at_a_time(&pages, &chapters);
            prop_assert_eq!(labels, expected);
            prop_assert_eq!(twice, expected_twice);
        }
    }

    #[test]
    fn a_written_label_defined_again_is_reported_and_an_automatic_one_gives_way() {
        let pages = [
            vec![def("sec:a".into(), false, 1)],
            vec![def("sec:a".into(), false, 2), def("sec:a".into(), true, 3), def("sec:b".into(), true, 4)],
        ];
        let (labels, twice) =
            resolve(pages.iter().map(Vec::as_slice), [(1, "/papers/x/b/"), (2, "/papers/x/c/")].into_iter());
        assert_eq!(labels["sec:a"].number, "1", "the first definition wins");
        assert_eq!(labels["sec:b"].kind, "Section", "a heading's label wins over the chapter's");
        assert_eq!(labels["sec:c"].kind, "Chapter");
        assert_eq!(twice, [Twice { page: 1, def: &pages[1][1], first_page: 0 }]);
        // two headings' automatic labels, or one and a chapter elsewhere: two places
        assert_eq!(labels["sec:a"].also.as_deref(), Some("Section 2"));
        assert_eq!(labels["sec:b"].also, None, "a written label names one place");
        let pages = [vec![def("sec:c".into(), false, 1)], vec![def("sec:d".into(), false, 2)]];
        let (labels, _) = resolve(pages.iter().map(Vec::as_slice), [(1, "/papers/x/c/"), (2, "/p/2/")].into_iter());
        assert_eq!(labels["sec:c"].also.as_deref(), Some("Chapter 1"));
        assert_eq!(labels["sec:d"].also, None, "a heading of the chapter's own page takes its label");
    }
}
