//! The values of list pages: the home page's bounded lists, page titles and pagers of lists
//! split into pages, the forums by day, a term's label in the page's language.

use tera::Context;

use super::views::{Group, Pager, PagerWords};
use super::{jobs, page_url, Renderer, Taxonomy};
use crate::graph::DocId;
use crate::model::Data;

/// How many forums, news items, papers and speakers the home page shows (each list links to
/// the full one).
const HOME_FORUMS: usize = 6;
const HOME_NEWS: usize = 3;
const HOME_PAPERS: usize = 3;
const HOME_SPEAKERS: usize = 8;

impl Renderer<'_> {
    /// What the home page lists, each bounded (the page stays small at any site size): the
    /// first forums in programme order, the latest news, the papers, the featured speakers,
    /// and the calls to action.
    pub(super) fn home_lists(&self, cx: &mut Context) {
        let (v, site) = (&self.views, self.views.site);
        let forums = &site.forums[..site.forums.len().min(HOME_FORUMS)];
        cx.insert("forums", &v.cards(forums));
        cx.insert("news", &v.cards(&site.news[..site.news.len().min(HOME_NEWS)]));
        let ids: Vec<DocId> = site.papers.iter().map(|p| p.index).take(HOME_PAPERS).collect();
        cx.insert("papers", &v.cards(&ids));
        cx.insert("home", &v.home(HOME_SPEAKERS));
    }

    /// The title of page `n` of `total` of a list (page 1 keeps the list's own title).
    pub(super) fn list_title(&self, title: String, n: usize, total: usize) -> String {
        if n <= 1 {
            return title;
        }
        self.views
            .t_shown_with("list_page_title", &[("title", &title), ("n", &n.to_string()), ("total", &total.to_string())])
    }

    /// Links between the pages of the list at `base`.
    pub(super) fn pager(&self, base: &str, n: usize, total: usize) -> Pager {
        let v = &self.views;
        Pager {
            current: n,
            total,
            prev: (n > 1).then(|| v.url(&page_url(base, n - 1))),
            next: (n < total).then(|| v.url(&page_url(base, n + 1))),
            words: PagerWords {
                label: v.t_shown("list_pages"),
                status: v.t_shown_with("page_of", &[("n", &v.number(n as u64)), ("total", &v.number(total as u64))]),
                previous: v.t_shown("previous_page"),
                next: v.t_shown("next_page"),
            },
        }
    }

    /// Page `n` of the forums, grouped by day, then the unscheduled ones.
    pub(super) fn forum_days(&self, n: usize) -> Vec<Group> {
        let site = self.views.site;
        let mut groups: Vec<Group> = Vec::new();
        let mut unscheduled = Vec::new();
        // `site.forums` is in programme order, the undated last (`graph::Lists::sort`)
        for &id in jobs::page_slice(&site.forums, n, site.config.list_per_page) {
            let Data::Forum(f) = &site.doc(id).data else { continue };
            match f.date {
                Some(date) => {
                    let iso = date.to_string();
                    if groups.last().is_none_or(|g| g.id != format!("day-{iso}")) {
                        groups.push(Group {
                            label: self.views.date(date),
                            id: format!("day-{iso}"),
                            items: Vec::new(),
                        });
                    }
                    if let Some(g) = groups.last_mut() {
                        g.items.push(self.views.card(id));
                    }
                }
                None => unscheduled.push(id),
            }
        }
        if !unscheduled.is_empty() {
            groups.push(Group {
                label: self.views.t_shown("not_yet_scheduled"),
                id: "unscheduled".into(),
                items: self.views.cards(&unscheduled),
            });
        }
        groups
    }

    /// A term's label in this language: for topics, the word a translation shown in this
    /// language puts at the term's position (the first such document); else the term's own,
    /// which is the default language's word, marked as such on another language's page
    /// ("ai policy" on the Arabic topics page is `lang="en"`, read with an English voice).
    pub(super) fn term_label(&self, t: Taxonomy, slug: &str, term: &crate::graph::Term) -> String {
        if t == Taxonomy::Topics && self.views.lang > 0 {
            for &doc in &term.docs {
                let shown = self.views.shown(doc);
                if shown == doc {
                    continue;
                }
                let original = self.views.site.doc(doc).topic_words();
                let Some(i) = original.iter().position(|w| crate::types::slugify(w) == slug) else { continue };
                if let Some(word) = self.views.site.doc(shown).topic_words().get(i) {
                    return word.clone();
                }
            }
        }
        match t {
            Taxonomy::Countries => self.views.country_name(slug),
            Taxonomy::Topics => self.views.site_text(None, &term.label),
        }
    }
}
