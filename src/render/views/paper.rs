//! A paper's view, shared by its landing page and chapters: authors, status, chapters with
//! their contents, and how to cite it (plain text, BibTeX, RIS, Highwire tags).

use super::{AuthorView, ChapterEntry, CiteView, PaperView, Views};
use crate::graph::DocId;
use crate::markdown::join_base;
use crate::model::{Author, Data, PaperStatus};
use crate::paper::meta;

/// Most chapters a paper may have for its landing page to list their first-level sections:
/// at about 1.5 KB of contents per chapter, a longer paper's landing page would pass 200 KB.
pub const LANDING_SECTIONS_UP_TO: usize = 100;

impl Views<'_> {
    fn organisation(&self, id: DocId) -> String {
        match &self.site.doc(id).data {
            Data::Speaker(s) => s.organisation.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// A paper's view (landing page and chapters share it): its title, subtitle, abstract and
    /// keywords in this language where the landing page is translated; authors, status and how
    /// to cite it the original's.
    pub fn paper(&self, entry: &crate::graph::PaperEntry) -> Option<PaperView> {
        self.paper_as(entry, self.shown(entry.index))
    }

    /// The view of the original paper, whose texts the print edition shows in every language.
    pub fn paper_original(&self, entry: &crate::graph::PaperEntry) -> Option<PaperView> {
        self.paper_as(entry, entry.index)
    }

    fn paper_as(&self, entry: &crate::graph::PaperEntry, shown: DocId) -> Option<PaperView> {
        let d = self.site.doc(entry.index);
        let Data::Paper(p) = &d.data else { return None };
        let here = self.site.doc(shown);
        let Data::Paper(h) = &here.data else { return None };
        let authors = p
            .authors
            .iter()
            .map(|a| match a {
                Author::Speaker(slug) => {
                    let id = self.site.find(crate::load::Kind::Speaker, slug);
                    let (name, org) = id.map_or((slug.clone(), None), |id| {
                        (self.site.doc(id).title.clone(), Some(self.organisation(id)))
                    });
                    AuthorView {
                        name,
                        url: id.map(|id| self.url(&self.site.urls[id])),
                        affiliation: org.filter(|o| !o.is_empty()),
                        orcid: None,
                        orcid_url: None,
                    }
                }
                Author::Person { name, affiliation, orcid } => AuthorView {
                    name: name.clone(),
                    url: None,
                    affiliation: affiliation.clone(),
                    orcid: orcid.clone(),
                    orcid_url: orcid.as_ref().map(|id| format!("https://orcid.org/{id}")),
                },
            })
            .collect();
        let path = &self.site.urls[entry.index];
        let (permalink, pdf, pdf_permalink) = self.paper_addresses(entry.index);
        let work = self.work(entry.index, p, &permalink, pdf_permalink.as_deref());
        let (title_lang, title_dir) = if shown == entry.index { self.foreign(shown) } else { (None, None) };
        Some(PaperView {
            title: here.title.clone(),
            title_lang,
            title_dir,
            url: self.url(&self.site.urls[entry.index]),
            subtitle: h.subtitle.clone(),
            status: p.status.map(|s| {
                self.t_shown(match s {
                    PaperStatus::Draft => "status_draft",
                    PaperStatus::ForComments => "status_for_comments",
                    PaperStatus::Final => "status_final",
                })
            }),
            is_draft: matches!(p.status, Some(PaperStatus::Draft | PaperStatus::ForComments)),
            version: p.version.clone(),
            date: p.date.map(|x| self.date(x)),
            comments_until: p.comments_until.map(|x| self.date(x)),
            authors,
            summary: h.summary.clone(),
            keywords: h.keywords.clone(),
            license: p.license.clone(),
            doi: p.doi.clone(),
            chapters: entry
                .chapters
                .iter()
                .enumerate()
                .map(|(n, &c)| {
                    let card = self.card(c);
                    ChapterEntry {
                        number: n + 1,
                        title: card.title.clone(),
                        url: card.url.clone(),
                        summary: card.summary.clone(),
                        toc: self.docs[self.shown(c)].body.toc.clone(),
                        lang: card.lang.clone(),
                        dir: card.dir,
                    }
                })
                .collect(),
            list_sections: entry.chapters.len() <= LANDING_SECTIONS_UP_TO,
            has_comments: p.comment_url.is_some(),
            page_size: self.page_size.css(),
            print_url: self.url(&format!("{path}print/")),
            pdf_url: pdf.map(|f| join_base(&self.site.config.base_path, &f)),
            bib_url: self.url(&format!("{path}{}.bib", d.slug)),
            ris_url: self.url(&format!("{path}{}.ris", d.slug)),
            cite: cite_of(&work),
            meta_tags: meta::highwire(&work),
        })
    }

    /// How to cite a paper, without the rest of its view (which lists every chapter: the
    /// `.bib` and `.ris` files of the bench corpus's 500-chapter paper took 3–4 ms each
    /// through it, and grew with its chapters).
    pub fn paper_cite(&self, entry: &crate::graph::PaperEntry) -> Option<CiteView> {
        let Data::Paper(p) = &self.site.doc(entry.index).data else { return None };
        let (permalink, _, pdf_permalink) = self.paper_addresses(entry.index);
        Some(cite_of(&self.work(entry.index, p, &permalink, pdf_permalink.as_deref())))
    }

    /// A paper's permalink, and its PDF's address (before the base path) and permalink when it
    /// has one ([`crate::graph::Site::pdf_address`]).
    fn paper_addresses(&self, id: DocId) -> (String, Option<String>, Option<String>) {
        let path = &self.site.urls[id];
        let pdf = self.pdf_papers.contains(&id).then(|| self.site.pdf_address(id));
        let base_url = self.site.config.base_url.trim_end_matches('/');
        let pdf_permalink = pdf.as_deref().map(|f| format!("{base_url}{f}"));
        (self.permalink(path), pdf, pdf_permalink)
    }

    /// What citations of a paper are made from.
    fn work<'w>(
        &'w self,
        id: DocId,
        p: &'w crate::model::Paper,
        permalink: &'w str,
        pdf: Option<&'w str>,
    ) -> meta::Work<'w> {
        let d = self.site.doc(id);
        let c = &self.site.config;
        let authors = p
            .authors
            .iter()
            .map(|a| match a {
                Author::Speaker(slug) => {
                    let speaker = self.site.find(crate::load::Kind::Speaker, slug);
                    meta::Name {
                        written: speaker.map_or(slug.clone(), |s| self.site.doc(s).title.clone()),
                        person: true,
                        family: speaker.and_then(|s| match &self.site.doc(s).data {
                            Data::Speaker(sp) => sp.family_name.clone(),
                            _ => None,
                        }),
                        orcid: None,
                    }
                }
                Author::Person { name, orcid, .. } => {
                    meta::Name { written: name.clone(), person: orcid.is_some(), family: None, orcid: orcid.clone() }
                }
            })
            .collect();
        meta::Work {
            key: &d.slug,
            title: &d.title,
            authors,
            date: p.date,
            publisher: &c.title,
            version: p.version.as_deref(),
            url: permalink,
            doi: p.doi.as_deref(),
            pdf_url: pdf,
            language: &c.default_language,
            keywords: &p.keywords,
            summary: p.summary.as_deref(),
        }
    }
}

/// A work's citation in plain text, BibTeX and RIS.
fn cite_of(work: &meta::Work) -> CiteView {
    CiteView { plain: meta::plain(work), bibtex: meta::bibtex(work), ris: meta::ris(work) }
}
