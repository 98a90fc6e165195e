//! Typed views: what each template sees. Built from the graph and the rendered Markdown;
//! everything is pre-formatted (dates in words, addresses with the base path) so templates
//! stay free of logic.

use std::sync::Arc;

use crate::config::{Direction, SiteConfig};
use crate::graph::{DocId, Role, Site};
use crate::markdown::{join_base, TocEntry};
use crate::model::{Author, Data, PaperStatus, SessionType};
use crate::paper::meta;

mod types;
pub use types::*;

/// The builder of views: the graph plus per-document rendered bits.
pub struct Views<'a> {
    /// The graph.
    pub site: &'a Site,
    /// First paragraph of each document, for cards without a summary.
    pub excerpts: &'a [Arc<str>],
    /// Table of contents of each document.
    pub tocs: &'a [Arc<Vec<TocEntry>>],
    /// The programme (forums placed in time).
    pub programme: &'a crate::programme::Programme,
    /// The paper whose PDF this build writes.
    pub pdf_paper: Option<DocId>,
    /// Index of the language being rendered (in `config.languages`).
    pub lang: usize,
    /// Theme strings.
    pub strings: &'a crate::i18n::Strings,
    /// Dates in this language.
    pub dates: crate::locale::DateWriter,
}

impl Views<'_> {
    /// The language being rendered.
    pub fn language(&self) -> &crate::config::Language {
        &self.site.config.languages[self.lang]
    }

    /// `""` for the default language, `/zh` for the others.
    pub fn prefix(&self) -> String {
        if self.lang == 0 {
            String::new()
        } else {
            format!("/{}", self.language().code)
        }
    }

    /// A theme string in this language.
    pub fn t(&self, key: &str) -> String {
        self.strings.fill(&self.language().code, key, &[])
    }

    /// A theme string with `{name}` placeholders filled.
    pub fn t_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill(&self.language().code, key, values)
    }

    /// A date in words, in this language.
    pub fn date(&self, d: crate::types::Date) -> String {
        if self.language().code.starts_with("en") {
            d.long()
        } else {
            self.dates.long(d)
        }
    }

    /// The document shown for `id` in this language: its translation, else itself.
    pub fn shown(&self, id: DocId) -> DocId {
        self.site.variants.get(id).and_then(|v| v.get(self.lang).copied().flatten()).unwrap_or(id)
    }

    /// Whether `id` is shown in its original language because it has no translation.
    pub fn is_fallback(&self, id: DocId) -> bool {
        self.lang != 0 && self.shown(id) == id
    }

    /// Address of a path below the base URL, in this language.
    pub fn url(&self, path: &str) -> String {
        join_base(&self.site.config.base_path, &format!("{}{path}", self.prefix()))
    }

    /// Absolute address of a path below the base URL, in this language.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{path}", self.site.config.base_url.trim_end_matches('/'), self.prefix())
    }

    /// The same page in every language (when the site has more than one).
    pub fn alternates(&self, path: &str) -> Vec<Alternate> {
        let c = &self.site.config;
        if c.languages.len() < 2 {
            return Vec::new();
        }
        c.languages
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let prefix = if i == 0 { String::new() } else { format!("/{}", l.code) };
                Alternate {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    url: join_base(&c.base_path, &format!("{prefix}{path}")),
                    permalink: format!("{}{prefix}{path}", c.base_url.trim_end_matches('/')),
                    current: i == self.lang,
                    dir: if l.direction == Direction::Rtl { "rtl" } else { "ltr" },
                }
            })
            .collect()
    }

    /// The site view.
    pub fn site_view(&self) -> SiteView {
        let c: &SiteConfig = &self.site.config;
        let mut menu = vec![MenuItem { title: self.t("home"), url: self.url("/"), key: "home".into() }];
        let timed = !self.programme.sessions.is_empty();
        let sections = [
            ("programme", timed),
            ("forums", !self.site.forums.is_empty()),
            ("speakers", !self.site.speakers.is_empty()),
            ("news", !self.site.news.is_empty()),
            ("papers", !self.site.papers.is_empty()),
        ];
        for (key, present) in sections {
            if present {
                menu.push(MenuItem { title: self.t(key), url: self.url(&format!("/{key}/")), key: key.into() });
            }
        }
        for &id in &self.site.pages {
            let d = self.site.doc(self.shown(id));
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
        menu.push(MenuItem { title: self.t("search"), url: self.url("/search/"), key: "search".into() });
        let e = &c.event;
        let lang = self.language();
        let english = lang.code.starts_with("en");
        let event = (e.name.is_some() || e.start.is_some()).then(|| EventView {
            name: lang.event_name.clone().or_else(|| e.name.clone()),
            tagline: lang.tagline.clone().or_else(|| e.tagline.clone()),
            dates: match (e.start, e.end) {
                (Some(s), Some(end)) if english => Some(date_range(s, end)),
                (Some(s), Some(end)) => Some(self.dates.range(s, end)),
                (Some(s), None) => Some(self.date(s)),
                _ => None,
            },
            place: e
                .venue
                .as_ref()
                .map(|v| [v.name.as_deref(), v.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")),
            organisers: e.organisers.iter().map(|o| LinkView { label: o.name.clone(), url: o.url.clone() }).collect(),
        });
        SiteView {
            title: lang.title.clone().unwrap_or_else(|| c.title.clone()),
            description: lang.description.clone().or_else(|| c.description.clone()),
            home: self.url("/"),
            languages: self.alternates("/"),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            lang: lang.code.clone(),
            dir: if lang.direction == Direction::Rtl { "rtl" } else { "ltr" },
            menu,
            event,
            feed_url: (!self.site.news.is_empty()).then(|| self.url("/news/atom.xml")),
            calendar_url: timed.then(|| self.url("/programme.ics")),
        }
    }

    /// Page metadata for a generated page.
    pub fn meta(&self, title: String, path: &str, section: &'static str, description: Option<String>) -> PageMeta {
        PageMeta {
            url: self.url(path),
            permalink: self.permalink(path),
            title,
            section,
            description,
            og_type: "website",
            image: None,
            jsonld: None,
            alternates: self.alternates(path),
            fallback: None,
        }
    }

    /// Page metadata for a document.
    pub fn doc_meta(&self, id: DocId) -> PageMeta {
        let d = self.site.doc(self.shown(id));
        let section = match d.kind {
            crate::load::Kind::Home => "home",
            crate::load::Kind::Forum => "forums",
            crate::load::Kind::Speaker => "speakers",
            crate::load::Kind::News => "news",
            crate::load::Kind::Paper | crate::load::Kind::Chapter => "papers",
            crate::load::Kind::Page => "page",
        };
        let description = d.common.description.clone().or_else(|| self.card(id).summary);
        let mut meta = self.meta(d.title.clone(), &self.site.urls[id], section, description);
        if self.is_fallback(id) {
            let original = self.site.config.default_lang();
            meta.fallback = Some(Fallback {
                note: self
                    .t_with("fallback_note", &[("language", &self.language().name), ("original", &original.name)]),
                lang: original.code.clone(),
                dir: if original.direction == Direction::Rtl { "rtl" } else { "ltr" },
            });
        }
        meta
    }

    /// The card of a document.
    pub fn card(&self, id: DocId) -> Card {
        let shown = self.shown(id);
        let d = self.site.doc(shown);
        let excerpt = || Some(excerpt(&self.excerpts[shown], 30)).filter(|s| !s.is_empty());
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
                card.date = f.date.map(|x| self.date(x));
                card.date_iso = f.date.map(|x| x.to_string());
                let mut parts = Vec::new();
                match (f.kind, f.number) {
                    (k, Some(n)) => parts.push(format!("{} {n}", self.session_label(k))),
                    (SessionType::Forum, None) => {}
                    (k, None) => parts.push(self.session_label(k)),
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
                card.date = Some(self.date(n.date));
                card.date_iso = Some(n.date.to_string());
            }
            Data::Paper(p) => {
                card.summary = p.subtitle.clone().or_else(|| p.summary.clone());
                card.date = p.date.map(|x| self.date(x));
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
                role: self.t(if role == Role::Moderator { "moderator" } else { "speaker" }),
            })
            .collect()
    }

    /// The speakers grouped by country (then by organisation and name inside a group), as
    /// (heading, id, speakers): worked out once, then split into pages by [`Self::speaker_groups`].
    pub fn speaker_order(&self) -> Vec<(String, String, Vec<DocId>)> {
        let mut all: Vec<(String, String, Vec<DocId>)> = Vec::new();
        for (code, term) in &self.site.countries {
            let mut ids = term.docs.clone();
            ids.sort_by_cached_key(|&id| (self.organisation(id), self.site.doc(id).title.to_lowercase()));
            all.push((term.label.clone(), format!("country-{code}"), ids));
        }
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rest: Vec<DocId> = self
            .site
            .speakers
            .iter()
            .copied()
            .filter(|&id| matches!(&self.site.doc(id).data, Data::Speaker(s) if s.country.is_none()))
            .collect();
        if !rest.is_empty() {
            rest.sort_by_cached_key(|&id| (self.organisation(id), self.site.doc(id).title.to_lowercase()));
            all.push((self.t("other_speakers"), "country-none".into(), rest));
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
        let path = &self.site.urls[entry.index];
        let permalink = self.permalink(path);
        let pdf = (self.pdf_paper == Some(entry.index)).then(|| format!("{path}{}.pdf", d.slug));
        let pdf_permalink = pdf.as_deref().map(|f| self.permalink(f));
        let work = self.work(entry.index, p, &permalink, pdf_permalink.as_deref());
        Some(PaperView {
            title: d.title.clone(),
            url: self.url(&self.site.urls[entry.index]),
            subtitle: p.subtitle.clone(),
            status: p.status.map(|s| {
                self.t(match s {
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
            summary: p.summary.clone(),
            keywords: p.keywords.clone(),
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
                        title: card.title,
                        url: card.url,
                        summary: card.summary,
                        toc: self.tocs[c].to_vec(),
                    }
                })
                .collect(),
            has_comments: p.comment_url.is_some(),
            print_url: self.url(&format!("{path}print/")),
            pdf_url: pdf.map(|f| self.url(&f)),
            bib_url: self.url(&format!("{path}{}.bib", d.slug)),
            ris_url: self.url(&format!("{path}{}.ris", d.slug)),
            cite: CiteView { plain: meta::plain(&work), bibtex: meta::bibtex(&work), ris: meta::ris(&work) },
            meta_tags: meta::highwire(&work),
        })
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
                Author::Speaker(slug) => (
                    self.site
                        .find(crate::load::Kind::Speaker, slug)
                        .map_or(slug.clone(), |s| self.site.doc(s).title.clone()),
                    true,
                ),
                Author::Person { name, orcid, .. } => (name.clone(), orcid.is_some()),
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

/// The theme-string key of a session type's name, and its CSS class.
pub fn session_kind(k: SessionType) -> &'static str {
    match k {
        SessionType::Forum => "forum",
        SessionType::Plenary => "plenary",
        SessionType::Keynote => "keynote",
        SessionType::Ceremony => "ceremony",
        SessionType::Break => "break",
        SessionType::Workshop => "workshop",
    }
}

impl Views<'_> {
    /// "Forum", "Keynote", … in this language.
    pub fn session_label(&self, k: SessionType) -> String {
        self.t(&format!("session_{}", session_kind(k)))
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
