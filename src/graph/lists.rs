//! The graph's lists: forums, speakers, news and pages in their order, and the taxonomies
//! made from them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{DocId, Site, Term};
use crate::model::{Data, Doc};
use crate::types::slugify;

/// A site's lists, sorted apart from it.
pub(super) struct Lists {
    pub(super) forums: Vec<DocId>,
    pub(super) speakers: Vec<DocId>,
    pub(super) news: Vec<DocId>,
    pub(super) pages: Vec<DocId>,
}

impl Lists {
    /// Forums in programme order (the undated last), speakers by name, news newest first,
    /// pages in menu order.
    pub(super) fn sort(&mut self, docs: &[Arc<Doc>]) {
        self.forums.sort_by_cached_key(|&id| match &docs[id].data {
            Data::Forum(f) => (f.date.is_none(), f.date, f.start, f.number, docs[id].title.clone(), id),
            _ => (true, None, None, None, String::new(), id),
        });
        self.speakers.sort_by_cached_key(|&id| (docs[id].title.to_lowercase(), id));
        self.news.sort_by_cached_key(|&id| match &docs[id].data {
            Data::News(n) => (std::cmp::Reverse(n.date), docs[id].slug.clone()),
            _ => (std::cmp::Reverse(crate::types::Date { year: 0, month: 1, day: 1 }), String::new()),
        });
        self.pages.sort_by_cached_key(|&id| match &docs[id].data {
            Data::Page(p) => (p.menu.is_none(), p.menu, docs[id].title.clone()),
            _ => (true, None, String::new()),
        });
    }
}

/// Topics (of forums and news) and countries (of speakers), each term with its documents in
/// list order.
pub(super) fn build_taxonomies(site: &mut Site) {
    // each spelling is slugified once, when first met (a site has a few dozen topics on tens
    // of thousands of pages), and stands for its term's place in `terms` from then on
    let mut terms: Vec<(String, Term)> = Vec::new();
    let mut place: FxHashMap<String, usize> = FxHashMap::default();
    let mut spellings: FxHashMap<&str, Option<usize>> = FxHashMap::default();
    let lists = site.forums.iter().chain(site.news.iter());
    for &id in lists {
        for w in site.docs[id].topic_words() {
            let at = *spellings.entry(w).or_insert_with(|| {
                let slug = slugify(w);
                if slug.is_empty() {
                    return None;
                }
                let k = *place.entry(slug).or_insert_with_key(|slug| {
                    terms.push((slug.clone(), Term { label: w.clone(), docs: Vec::new() }));
                    terms.len() - 1
                });
                // the label is the alphabetically first spelling, whatever order files come in
                let term = &mut terms[k].1;
                if w < &term.label {
                    term.label = w.clone();
                }
                Some(k)
            });
            let Some(k) = at else { continue };
            let term = &mut terms[k].1;
            // one document's words come together, so a repeat is the last entry (O(1))
            if term.docs.last() != Some(&id) {
                term.docs.push(id);
            }
        }
    }
    let mut countries: BTreeMap<String, Term> = BTreeMap::new();
    for &id in &site.speakers {
        if let Data::Speaker(s) = &site.docs[id].data {
            if let (Some(code), Some(name)) = (&s.country, &s.country_name) {
                countries
                    .entry(code.to_ascii_lowercase())
                    .or_insert_with(|| Term { label: name.clone(), docs: Vec::new() })
                    .docs
                    .push(id);
            }
        }
    }
    site.topics = Arc::new(terms.into_iter().collect());
    site.countries = Arc::new(countries);
}
