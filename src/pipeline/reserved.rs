//! The ids the page around each document's body already has (the theme's, by the template
//! that renders the page, and the reference list's on a paper's pages), which the Markdown
//! stage and the papers' numbering pass keep headings' ids made from their text clear of.

use std::collections::{BTreeMap, BTreeSet};

use crate::graph::Site;
use crate::model::Data;
use crate::paper;

/// The ids the page around each document's body has already: the theme's, by the template
/// that renders the page, and on a paper's pages the reference list's. Headings' ids made
/// from their text keep clear of them ([`crate::markdown::Context::reserved`]).
pub(super) struct Reserved(BTreeMap<(&'static str, bool), BTreeSet<String>>);

impl Reserved {
    /// The sets the documents of `site` need, from `theme` (none without one).
    pub(super) fn new(theme: Option<&crate::theme::Theme>, site: &Site) -> Reserved {
        let mut sets = BTreeMap::new();
        for d in &site.docs {
            sets.entry(Reserved::key(&d.data)).or_insert_with_key(|&(template, paper)| {
                let mut ids: BTreeSet<String> =
                    theme.into_iter().flat_map(|t| t.ids.of(template)).map(str::to_string).collect();
                if paper {
                    ids.insert(paper::REFERENCES_ID.to_string());
                }
                ids
            });
        }
        Reserved(sets)
    }

    fn key(data: &Data) -> (&'static str, bool) {
        (crate::render::doc_template(data), matches!(data, Data::Paper(_) | Data::Chapter(_)))
    }

    /// The ids a document's page has around its body.
    pub(super) fn of(&self, data: &Data) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        self.0.get(&Reserved::key(data)).unwrap_or(&NONE)
    }
}
