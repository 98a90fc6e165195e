//! Typed views: what each template sees. Built from the graph and the rendered Markdown;
//! everything is pre-formatted (dates in words, addresses with the base path) so templates
//! stay free of logic.

use std::sync::Arc;

use serde::Serialize;

use crate::config::{Direction, SiteConfig};
use crate::graph::{DocId, Role, Site};
use crate::markdown::{join_base, TocEntry};
use crate::model::{Author, Data, PaperStatus, SessionType};

/// Site-wide values, the same on every page (`site` in templates).
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Base path, ending in `/` (prefix of internal links).
    pub base_path: String,
    /// Language code of the pages.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Main menu.
    pub menu: Vec<MenuItem>,
    /// The event.
    pub event: Option<EventView>,
}

/// One main-menu entry.
#[derive(Debug, Serialize)]
pub struct MenuItem {
    /// Visible text.
    pub title: String,
    /// Address.
    pub url: String,
    /// Section key, compared with `page.section` to mark the current entry.
    pub key: String,
}

/// The event, formatted.
#[derive(Debug, Serialize)]
pub struct EventView {
    /// Name.
    pub name: Option<String>,
    /// Tagline.
    pub tagline: Option<String>,
    /// "7–9 December 2023".
    pub dates: Option<String>,
    /// "Venue, City".
    pub place: Option<String>,
    /// Organisers.
    pub organisers: Vec<LinkView>,
}

/// A link with a label.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Visible text.
    pub label: String,
    /// Address (may be absent).
    pub url: Option<String>,
}

/// What every page says about itself (`page` in templates).
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// Title (in `<title>` and `h1`).
    pub title: String,
    /// Description for search engines.
    pub description: Option<String>,
    /// Address with base path.
    pub url: String,
    /// Absolute address.
    pub permalink: String,
    /// Section key of the menu entry this page belongs to.
    pub section: &'static str,
}

/// A compact view of a document, used in lists and cross-references.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Title or name.
    pub title: String,
    /// Address with base path.
    pub url: String,
    /// Summary line: a forum's summary, a speaker's role and organisation, a news summary.
    pub summary: Option<String>,
    /// Date in words, when the document has one.
    pub date: Option<String>,
    /// Date as YYYY-MM-DD, for `<time datetime>`.
    pub date_iso: Option<String>,
    /// Forums: number, type label, time and room.
    pub meta: Option<String>,
}

/// A speaker's part in a forum, on the speaker's page.
#[derive(Debug, Serialize)]
pub struct Appearance {
    /// The forum.
    pub forum: Card,
    /// "Moderator" or "Speaker".
    pub role: &'static str,
}

/// A page of a paginated list.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// 1-based page number.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page's address.
    pub prev: Option<String>,
    /// Next page's address.
    pub next: Option<String>,
}

/// A group of cards under a heading (speakers by country).
#[derive(Debug, Serialize)]
pub struct Group {
    /// Heading.
    pub label: String,
    /// Id for in-page links.
    pub id: String,
    /// Members.
    pub items: Vec<Card>,
}

/// A paper author.
#[derive(Debug, Serialize)]
pub struct AuthorView {
    /// Name.
    pub name: String,
    /// Speaker page, for speakers.
    pub url: Option<String>,
    /// Affiliation.
    pub affiliation: Option<String>,
    /// ORCID iD.
    pub orcid: Option<String>,
}

/// A chapter in a paper's contents.
#[derive(Debug, Serialize)]
pub struct ChapterEntry {
    /// Title.
    pub title: String,
    /// Address.
    pub url: String,
    /// Summary.
    pub summary: Option<String>,
    /// Its headings.
    pub toc: Vec<TocEntry>,
}

/// A paper's metadata as shown on its pages.
#[derive(Debug, Serialize)]
pub struct PaperView {
    /// Title.
    pub title: String,
    /// Address of the landing page.
    pub url: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// "Draft", "Draft for comments", "Final".
    pub status: Option<&'static str>,
    /// Whether the status banner is shown.
    pub is_draft: bool,
    /// Version.
    pub version: Option<String>,
    /// Date in words.
    pub date: Option<String>,
    /// End of the comment period in words.
    pub comments_until: Option<String>,
    /// Authors.
    pub authors: Vec<AuthorView>,
    /// Abstract.
    #[serde(rename = "abstract")]
    pub summary: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Licence.
    pub license: Option<String>,
    /// DOI.
    pub doi: Option<String>,
    /// Chapters.
    pub chapters: Vec<ChapterEntry>,
}

/// The builder of views: the graph plus per-document rendered bits.
pub struct Views<'a> {
    /// The graph.
    pub site: &'a Site,
    /// First paragraph of each document, for cards without a summary.
    pub excerpts: &'a [Arc<str>],
    /// Table of contents of each document.
    pub tocs: &'a [Arc<Vec<TocEntry>>],
}

impl Views<'_> {
    /// Address of a path below the base URL.
    pub fn url(&self, path: &str) -> String {
        join_base(&self.site.config.base_path, path)
    }

    /// Absolute address of a path below the base URL.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_url.trim_end_matches('/'), path)
    }

    /// The site view.
    pub fn site_view(&self) -> SiteView {
        let c: &SiteConfig = &self.site.config;
        let mut menu = vec![MenuItem { title: "Home".into(), url: self.url("/"), key: "home".into() }];
        let sections = [
            ("forums", "Forums", !self.site.forums.is_empty()),
            ("speakers", "Speakers", !self.site.speakers.is_empty()),
            ("news", "News", !self.site.news.is_empty()),
            ("papers", "White papers", !self.site.papers.is_empty()),
        ];
        for (key, title, present) in sections {
            if present {
                menu.push(MenuItem { title: title.into(), url: self.url(&format!("/{key}/")), key: key.into() });
            }
        }
        for &id in &self.site.pages {
            let d = self.site.doc(id);
            if let Data::Page(p) = &d.data {
                if p.menu.is_some() {
                    menu.push(MenuItem {
                        title: d.title.clone(),
                        url: self.url(&self.site.urls[id]),
                        key: d.slug.clone(),
                    });
                }
            }
        }
        let e = &c.event;
        let event = (e.name.is_some() || e.start.is_some()).then(|| EventView {
            name: e.name.clone(),
            tagline: e.tagline.clone(),
            dates: match (e.start, e.end) {
                (Some(s), Some(end)) => Some(date_range(s, end)),
                (Some(s), None) => Some(s.long()),
                _ => None,
            },
            place: e
                .venue
                .as_ref()
                .map(|v| [v.name.as_deref(), v.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")),
            organisers: e.organisers.iter().map(|o| LinkView { label: o.name.clone(), url: o.url.clone() }).collect(),
        });
        let lang = c.default_lang();
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            lang: lang.code.clone(),
            dir: if lang.direction == Direction::Rtl { "rtl" } else { "ltr" },
            menu,
            event,
        }
    }

    /// Page metadata for a generated page.
    pub fn meta(&self, title: String, path: &str, section: &'static str, description: Option<String>) -> PageMeta {
        PageMeta { url: self.url(path), permalink: self.permalink(path), title, section, description }
    }

    /// Page metadata for a document.
    pub fn doc_meta(&self, id: DocId) -> PageMeta {
        let d = self.site.doc(id);
        let section = match d.kind {
            crate::load::Kind::Home => "home",
            crate::load::Kind::Forum => "forums",
            crate::load::Kind::Speaker => "speakers",
            crate::load::Kind::News => "news",
            crate::load::Kind::Paper | crate::load::Kind::Chapter => "papers",
            crate::load::Kind::Page => "page",
        };
        let description = d.common.description.clone().or_else(|| self.card(id).summary);
        self.meta(d.title.clone(), &self.site.urls[id], section, description)
    }

    /// The card of a document.
    pub fn card(&self, id: DocId) -> Card {
        let d = self.site.doc(id);
        let excerpt = || Some(excerpt(&self.excerpts[id], 30)).filter(|s| !s.is_empty());
        let mut card = Card {
            title: d.title.clone(),
            url: self.url(&self.site.urls[id]),
            summary: None,
            date: None,
            date_iso: None,
            meta: None,
        };
        match &d.data {
            Data::Forum(f) => {
                card.summary = f.summary.clone().or_else(excerpt);
                card.date = f.date.map(|x| x.long());
                card.date_iso = f.date.map(|x| x.to_string());
                let mut parts = Vec::new();
                match (f.kind, f.number) {
                    (SessionType::Forum, Some(n)) => parts.push(format!("Forum {n}")),
                    (k, Some(n)) => parts.push(format!("{} {n}", session_label(k))),
                    (SessionType::Forum, None) => {}
                    (k, None) => parts.push(session_label(k).to_string()),
                }
                if let (Some(s), Some(e)) = (f.start, f.end) {
                    parts.push(format!("{s}–{e}"));
                } else if let Some(s) = f.start {
                    parts.push(s.to_string());
                }
                if let Some(r) = &f.room {
                    parts.push(r.clone());
                }
                card.meta = (!parts.is_empty()).then(|| parts.join(" · "));
            }
            Data::Speaker(s) => {
                let line: Vec<&str> = [s.role.as_deref(), s.organisation.as_deref()].into_iter().flatten().collect();
                card.summary = (!line.is_empty()).then(|| line.join(", "));
                card.meta = s.country_name.clone();
            }
            Data::News(n) => {
                card.summary = n.summary.clone().or_else(excerpt);
                card.date = Some(n.date.long());
                card.date_iso = Some(n.date.to_string());
            }
            Data::Paper(p) => {
                card.summary = p.subtitle.clone().or_else(|| p.summary.clone());
                card.date = p.date.map(|x| x.long());
                card.date_iso = p.date.map(|x| x.to_string());
            }
            Data::Chapter(c) => card.summary = c.summary.clone().or_else(excerpt),
            Data::Page(p) | Data::Home(p) => card.summary = p.summary.clone().or_else(excerpt),
        }
        card
    }

    /// Cards of several documents.
    pub fn cards(&self, ids: &[DocId]) -> Vec<Card> {
        ids.iter().map(|&id| self.card(id)).collect()
    }

    /// Slugs → cards (references already checked by the graph).
    pub fn cards_by_slug(&self, kind: crate::load::Kind, slugs: &[String]) -> Vec<Card> {
        slugs.iter().filter_map(|s| self.site.find(kind, s)).map(|id| self.card(id)).collect()
    }

    /// A speaker's forums.
    pub fn appearances(&self, speaker: DocId) -> Vec<Appearance> {
        self.site.speaker_forums[speaker]
            .iter()
            .map(|&(f, role)| Appearance {
                forum: self.card(f),
                role: if role == Role::Moderator { "Moderator" } else { "Speaker" },
            })
            .collect()
    }

    /// Speakers grouped by country (then by organisation and name inside a group).
    pub fn speaker_groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (code, term) in &self.site.countries {
            let mut ids = term.docs.clone();
            ids.sort_by_key(|&id| (self.organisation(id), self.site.doc(id).title.to_lowercase()));
            groups.push(Group { label: term.label.clone(), id: format!("country-{code}"), items: self.cards(&ids) });
        }
        groups.sort_by(|a, b| a.label.cmp(&b.label));
        let mut rest: Vec<DocId> = self
            .site
            .speakers
            .iter()
            .copied()
            .filter(|&id| matches!(&self.site.doc(id).data, Data::Speaker(s) if s.country.is_none()))
            .collect();
        if !rest.is_empty() {
            rest.sort_by_key(|&id| (self.organisation(id), self.site.doc(id).title.to_lowercase()));
            groups.push(Group { label: "Other speakers".into(), id: "country-none".into(), items: self.cards(&rest) });
        }
        groups
    }

    fn organisation(&self, id: DocId) -> String {
        match &self.site.doc(id).data {
            Data::Speaker(s) => s.organisation.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// A paper's view (landing page and chapters share it).
    pub fn paper(&self, entry: &crate::graph::PaperEntry) -> Option<PaperView> {
        let d = self.site.doc(entry.index);
        let Data::Paper(p) = &d.data else { return None };
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
                    }
                }
                Author::Person { name, affiliation, orcid } => {
                    AuthorView { name: name.clone(), url: None, affiliation: affiliation.clone(), orcid: orcid.clone() }
                }
            })
            .collect();
        Some(PaperView {
            title: d.title.clone(),
            url: self.url(&self.site.urls[entry.index]),
            subtitle: p.subtitle.clone(),
            status: p.status.map(|s| match s {
                PaperStatus::Draft => "Draft",
                PaperStatus::ForComments => "Draft for comments",
                PaperStatus::Final => "Final",
            }),
            is_draft: matches!(p.status, Some(PaperStatus::Draft | PaperStatus::ForComments)),
            version: p.version.clone(),
            date: p.date.map(|x| x.long()),
            comments_until: p.comments_until.map(|x| x.long()),
            authors,
            summary: p.summary.clone(),
            keywords: p.keywords.clone(),
            license: p.license.clone(),
            doi: p.doi.clone(),
            chapters: entry
                .chapters
                .iter()
                .map(|&c| {
                    let card = self.card(c);
                    ChapterEntry { title: card.title, url: card.url, summary: card.summary, toc: self.tocs[c].to_vec() }
                })
                .collect(),
        })
    }
}

/// "Forum", "Keynote", …
pub fn session_label(k: SessionType) -> &'static str {
    match k {
        SessionType::Forum => "Forum",
        SessionType::Plenary => "Plenary",
        SessionType::Keynote => "Keynote",
        SessionType::Ceremony => "Ceremony",
        SessionType::Break => "Break",
        SessionType::Workshop => "Workshop",
    }
}

/// "7–9 December 2023", "30 November – 2 December 2023".
pub fn date_range(s: crate::types::Date, e: crate::types::Date) -> String {
    if s == e {
        s.long()
    } else if (s.year, s.month) == (e.year, e.month) {
        format!("{}–{}", s.day, e.long())
    } else if s.year == e.year {
        let start = s.long();
        let start = start.rsplit_once(' ').map_or(start.as_str(), |(a, _)| a).to_string();
        format!("{start} – {}", e.long())
    } else {
        format!("{} – {}", s.long(), e.long())
    }
}

/// The first `words` words of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str, words: usize) -> String {
    let mut it = text.split_whitespace();
    let taken: Vec<&str> = it.by_ref().take(words).collect();
    let mut s = taken.join(" ");
    if it.next().is_some() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Date;

    #[test]
    fn date_ranges_read_naturally() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(date_range(d("2023-12-07"), d("2023-12-09")), "7–9 December 2023");
        assert_eq!(date_range(d("2023-11-30"), d("2023-12-02")), "30 November – 2 December 2023");
        assert_eq!(date_range(d("2023-12-31"), d("2024-01-01")), "31 December 2023 – 1 January 2024");
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("a b c d", 2), "a b…");
        assert_eq!(excerpt("a b", 2), "a b");
    }
}
