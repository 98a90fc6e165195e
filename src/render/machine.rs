//! The non-HTML files: calendars, the Atom feed, sitemap, robots.txt and the frab schedule,
//! built from the same views as the pages.

use std::borrow::Cow;

use super::views::{session_kind, Views};
use crate::config::FeedContent;
use crate::graph::DocId;
use crate::model::Data;
use crate::outputs::{feeds, frab, ics};
use crate::programme::{Session, SessionView};
use crate::search::Entry;

impl Views<'_> {
    /// The domain part of calendar UIDs: the base URL's host and path (`example.org/2024`),
    /// so two editions hosted under one host never share a UID, and a UID stays the same
    /// from build to build.
    fn uid_domain(&self) -> String {
        let u = &self.site.config.base_url;
        let rest = u.split_once("://").map_or(u.as_str(), |(_, r)| r);
        rest.trim_end_matches('/').to_string()
    }

    /// Names of a forum's moderators and speakers.
    pub fn people_names(&self, id: DocId) -> Vec<String> {
        let mut names = Vec::new();
        for s in self.forum_people(id) {
            let n = self.site.doc(self.shown(s)).title.clone();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    /// A session as the programme grid shows it.
    pub fn session_view(&self, s: &Session) -> SessionView {
        let d = self.site.doc(self.shown(s.id));
        let card = self.card(s.id);
        let time = self.time_range_shown(s.start, s.end);
        let (number, kind) = match &d.data {
            Data::Forum(f) => (f.number, f.kind),
            _ => (None, crate::model::SessionType::Forum),
        };
        SessionView {
            title: d.title.clone(),
            url: card.url.clone(),
            time,
            start_iso: crate::event_time::rfc3339(&s.starts),
            end_iso: s.end.map(|_| crate::event_time::rfc3339(&s.ends)),
            // both offsets when the session spans a change of the clocks
            tz: crate::event_time::utc_offsets(&s.starts, &s.ends),
            room: s.room.as_deref().map(|r| self.room_shown(r)),
            label: match number {
                Some(n) => format!("{} {}", self.session_label_shown(kind), self.number(n.into())),
                None => self.session_label_shown(kind),
            },
            people: self.people_names(s.id),
            kind: session_kind(kind),
            lang: card.lang.clone(),
            dir: card.dir,
            faces: card.faces.clone(),
            cancelled: s.cancelled,
        }
    }

    /// A URL from front matter as an absolute address: a content link becomes the page's
    /// permalink, a path from the site root joins the base URL.
    pub(super) fn absolute(&self, url: &str) -> String {
        if let Some((id, anchor)) = crate::graph::content_link(self.site, url) {
            let page = self.permalink(&self.site.urls[self.shown(id)]);
            return anchor.map_or(page.clone(), |a| [page.as_str(), "#", a.as_str()].concat());
        }
        match url.strip_prefix('/') {
            Some(path) => [self.site.config.base_url.trim_end_matches('/'), "/", path].concat(),
            None => url.to_string(),
        }
    }

    fn event_text(&self, s: &Session) -> ics::EventText {
        let d = self.site.doc(self.shown(s.id));
        let venue = self.site.config.event.venue.as_ref();
        let text = &self.language().text.event.venue;
        let room = s.room.as_deref().map(|r| self.room(r));
        let place: Vec<&str> = [
            room.as_deref(),
            text.name.as_deref().or(venue.and_then(|v| v.name.as_deref())),
            text.city.as_deref().or(venue.and_then(|v| v.city.as_deref())),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut description = Vec::new();
        if let Some(summary) = self.card(s.id).summary.clone() {
            description.push(summary);
        }
        let people = self.people_names(s.id);
        if !people.is_empty() {
            description.push(self.t_with("with_people", &[("people", &self.dates.and_list(&people))]));
        }
        let url = self.permalink(&self.site.urls[s.id]);
        description.push(url.clone());
        ics::EventText {
            slug: d.slug.clone(),
            // a calendar that keeps STATUS to itself still says it in the title
            summary: if s.cancelled {
                [self.t("session_cancelled"), self.t("colon"), self.t("word_space"), d.title.clone()].concat()
            } else {
                d.title.clone()
            },
            location: (!place.is_empty()).then(|| self.comma_join(&place)),
            description: description.join("\n\n"),
            url,
            attachments: match &d.data {
                Data::Forum(f) => f.recordings.iter().map(|r| self.absolute(&r.url)).collect(),
                _ => Vec::new(),
            },
        }
    }

    /// The calendar of the sessions `only` (all when `None`).
    pub fn calendar(&self, only: Option<DocId>) -> String {
        // a forum's calendar looks its session up: scanning the programme for it made the
        // forums' calendars together quadratic (at 50,000 pages twice the time per calendar)
        let sessions: Vec<(&Session, ics::EventText)> = match only {
            Some(id) => self.programme.session(id).into_iter().map(|s| (s, self.event_text(s))).collect(),
            None => self.programme.sessions.iter().map(|s| (s, self.event_text(s))).collect(),
        };
        let name = match only {
            Some(id) => format!("{} — {}", self.site.doc(self.shown(id)).title, self.site_title()),
            None => self.site_title(),
        };
        // made when the sources were last changed, when the build is told (never the clock)
        let stamp = self
            .site
            .config
            .source_date
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        ics::calendar(&name, &self.uid_domain(), &self.programme.clock, stamp, &sessions)
    }

    /// The Atom feed of the latest news (`feed.items` of them), in full or as summaries
    /// (`feed.content`).
    pub fn atom(&self) -> String {
        let feed = self.site.config.feed;
        let latest = &self.site.news[..self.site.news.len().min(feed.items)];
        let entries: Vec<feeds::Entry> = latest
            .iter()
            .filter_map(|&id| {
                let shown = self.shown(id);
                let d = self.site.doc(shown);
                let Data::News(n) = &d.data else { return None };
                Some(feeds::Entry {
                    title: d.title.clone(),
                    url: self.permalink(&self.site.urls[id]),
                    date: n.date,
                    summary: match feed.content {
                        FeedContent::Full => n.summary.clone(),
                        // without a summary, the first paragraph stands in
                        FeedContent::Summary => n.summary.clone().or_else(|| self.card(id).summary.clone()),
                    },
                    content: (feed.content == FeedContent::Full).then(|| self.body_html(id).into_owned()),
                    author: n.author.clone(),
                })
            })
            .collect();
        // named as the pages' `<link rel=alternate>` names it, in the language
        let title = self.site_title();
        feeds::atom(
            &format!("{title} — {}", self.t("news")),
            &self.language().code,
            &self.permalink("/news/atom.xml"),
            &self.permalink("/news/"),
            &title,
            &entries,
        )
    }

    /// The frab schedule as JSON.
    pub fn schedule_json(&self) -> String {
        let c = &self.site.config;
        let sessions: Vec<(&Session, frab::EventInfo)> =
            self.programme
                .sessions
                .iter()
                .filter_map(|s| {
                    let d = self.site.doc(self.shown(s.id));
                    let Data::Forum(f) = &d.data else { return None };
                    let persons = f
                        .moderators
                        .iter()
                        .chain(&f.speakers)
                        .filter_map(|slug| self.site.find(crate::load::Kind::Speaker, slug))
                        .fold(Vec::new(), |mut v: Vec<(String, String)>, p| {
                            let url = self.permalink(&self.site.urls[p]);
                            if !v.iter().any(|(u, _)| *u == url) {
                                v.push((url, self.site.doc(self.shown(p)).title.clone()));
                            }
                            v
                        });
                    let moderators = f
                        .moderators
                        .iter()
                        .filter_map(|slug| self.site.find(crate::load::Kind::Speaker, slug))
                        .map(|p| self.permalink(&self.site.urls[p]))
                        .collect();
                    let info =
                        frab::EventInfo {
                            slug: d.slug.clone(),
                            url: self.permalink(&self.site.urls[s.id]),
                            title: d.title.clone(),
                            // the session view's kind, without making the rest of the view
                            kind: session_kind(f.kind).to_string(),
                            topics: f.topics.clone(),
                            summary: self.card(s.id).summary.clone().unwrap_or_default(),
                            persons,
                            moderators,
                            links: f
                                .materials
                                .iter()
                                .filter_map(|m| m.url.clone().map(|u| (m.label.clone(), u)))
                                .chain(f.recordings.iter().map(|r| {
                                    (r.title.clone().unwrap_or_else(|| d.title.clone()), self.absolute(&r.url))
                                }))
                                .collect(),
                            language: f.language.clone(),
                        };
                    Some((s, info))
                })
                .collect();
        let acronym = c.event.acronym.clone().unwrap_or_else(|| {
            frab::default_acronym(c.event.name.as_deref().unwrap_or(&c.title), c.event.start.map(|d| d.year))
        });
        let conf = frab::ConferenceInfo {
            acronym,
            title: self.event_name(),
            base_url: c.base_url.clone(),
            url: self.permalink("/"),
            room_names: self.language().text.event.rooms.clone(),
            // the language a session is given in, when it names none: the site's own (a
            // translated title does not change what is spoken)
            language: c.default_language.clone(),
            rooms: c.event.rooms.clone(),
            venue: c
                .event
                .venue
                .as_ref()
                .and_then(|v| self.language().text.event.venue.name.clone().or(v.name.clone())),
            dates: (c.event.start, c.event.end),
        };
        frab::json(&frab::document(&conf, &self.programme.clock, &sessions))
    }

    /// The sitemap of `pages` (addresses below the base URL, with their content dates).
    pub fn sitemap(&self, pages: &[(String, Option<crate::types::Date>)]) -> String {
        feeds::sitemap(&self.sitemap_pages(pages))
    }

    fn sitemap_pages(&self, pages: &[(String, Option<crate::types::Date>)]) -> Vec<feeds::SitemapPage> {
        pages
            .iter()
            .map(|(p, d)| {
                (self.permalink(p), *d, self.alternates(p).into_iter().map(|a| (a.code, a.permalink)).collect())
            })
            .collect()
    }

    /// File `k` (from 1) of a sitemap split into files of `per` addresses.
    pub fn sitemap_part(&self, pages: &[(String, Option<crate::types::Date>)], k: usize, per: usize) -> String {
        let urls = feeds::sitemap_urls(&self.sitemap_pages(pages));
        feeds::urlset(super::jobs::page_slice(&urls, k, per))
    }

    /// The sitemap index naming files `1..=parts`.
    pub fn sitemap_index(&self, parts: usize) -> String {
        let files: Vec<String> = (1..=parts).map(|k| self.permalink(&super::sitemap_part_url(k))).collect();
        feeds::sitemap_index(&files)
    }

    /// robots.txt.
    pub fn robots(&self) -> String {
        feeds::robots(&self.permalink("/sitemap.xml"))
    }

    /// The content date of a document, for the sitemap.
    pub fn content_date(&self, id: DocId) -> Option<crate::types::Date> {
        match &self.site.doc(id).data {
            Data::News(n) => Some(n.date),
            Data::Forum(f) => f.date,
            Data::Paper(p) => p.date,
            _ => None,
        }
    }
}

impl<'a> Views<'a> {
    /// The search entries of the documents `ids` (originals, in document order): every
    /// section of each as this language shows it. The text of section `i` of document `d` is
    /// `text(d, i)`: the section's own, or where a build keeps it ([`SectionTexts`]).
    pub fn search_entries<'t>(&self, ids: std::ops::Range<DocId>, text: SectionTexts<'t>) -> Vec<Entry<'t>>
    where
        'a: 't,
    {
        use rayon::prelude::*;
        ids.into_par_iter().flat_map_iter(|id| self.entries_of(id, text)).collect()
    }

    /// The search entries of one document: its opening text, then each section; titles and
    /// headings are borrowed from the document.
    fn entries_of<'t>(&self, id: DocId, text: SectionTexts<'t>) -> Vec<Entry<'t>>
    where
        'a: 't,
    {
        let (site, docs): (&'a crate::graph::Site, &'a [crate::doc_result::DocResult]) = (self.site, self.docs);
        let shown = self.shown(id);
        let d = site.doc(shown);
        let page: std::sync::Arc<str> = self.url(&site.urls[id]).into();
        let kind = match &d.data {
            Data::Forum(_) => "forum",
            Data::Speaker(_) => "speaker",
            Data::News(_) => "news",
            Data::Paper(_) => "paper",
            Data::Chapter(_) => "chapter",
            Data::Home(_) | Data::Page(_) => "page",
        };
        // an untranslated original is written in the default language
        let lang = self.is_fallback(id).then(|| site.config.default_lang().code.as_str());
        let mut out = Vec::new();
        for (i, s) in docs[shown].body.sections.iter().enumerate() {
            let text = text(shown, i).trim();
            let mut lead: Option<String> = None;
            let mut summary: Option<Box<str>> = None;
            let mut unseen: Option<Box<str>> = None;
            if i == 0 {
                // the opening section also carries what the front matter shows on the
                // page, once: a summary that is the first paragraph is already there; a
                // forum's date as its page writes it in this language, and in ISO form
                let card = self.card(id);
                let date = if kind == "forum" { &card.date } else { &None };
                if kind == "forum" {
                    unseen = card.date_iso.as_deref().map(Box::from);
                }
                // a translation is found by its original's title too: a delegate types
                // "Tao Zhan" on the Arabic search, whose page names him تاو جان
                if shown != id && site.doc(id).title != d.title {
                    let original = &site.doc(id).title;
                    unseen = Some(match unseen {
                        Some(date) => format!("{date} {original}").into_boxed_str(),
                        None => Box::from(original.as_str()),
                    });
                }
                let mut shown = flat(text);
                // (the card's words as a page shows them: a theme string marked as another
                // language's, `i18n::marks`, is plain text here)
                let meta = card.meta.as_deref().map(|m| crate::i18n::marks::strip(m).into_owned());
                for (k, extra) in [&card.summary, &meta, date].into_iter().enumerate() {
                    let Some(extra) = extra else { continue };
                    let extra_flat = flat(extra).into_owned();
                    // (memchr's searcher: the opening section can be long)
                    if memchr::memmem::find(shown.as_bytes(), extra_flat.as_bytes()).is_none() {
                        shown =
                            Cow::Owned(if shown.is_empty() { extra_flat } else { format!("{extra_flat} · {shown}") });
                        // an untranslated original's summary is in its own language, the
                        // rest in the page's
                        if k == 0 && lang.is_some() {
                            summary = Some(Box::from(extra.as_str()));
                            continue;
                        }
                        lead = Some(match lead {
                            None => extra.clone(),
                            Some(lead) => format!("{extra} · {lead}"),
                        });
                    }
                }
            }
            if text.is_empty() && lead.is_none() && s.heading.is_empty() && i > 0 {
                continue;
            }
            out.push(Entry {
                page: page.clone(),
                anchor: s.anchor.as_deref(),
                title: &d.title,
                heading: &s.heading,
                kind,
                lead: lead.map(String::into_boxed_str),
                summary,
                text,
                unseen,
                lang,
            });
        }
        out
    }
}

/// Where the search finds the text of section `i` of document `d`: `text(d, i)`.
pub type SectionTexts<'t> = &'t (dyn Fn(DocId, usize) -> &'t str + Sync);

/// Text with its white space as single spaces (as it is already, almost always).
fn flat(s: &str) -> Cow<'_, str> {
    if is_flat(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether `s` has no white space but single spaces between other characters, found with
/// whole-buffer searches: the ASCII white space besides the space (`char::is_whitespace`'s,
/// with U+000B), two spaces running, and, at the few bytes that can start one
/// ([`crate::types::WHITE_SPACE_LEADS`]), white space beyond ASCII.
/// Three passes of `char` predicates had been 1.3 % of a build's instructions, a byte loop
/// still 1 %.
fn is_flat(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    if b.iter().any(|c| (b'\t'..=b'\r').contains(c)) || memchr::memmem::find(b, b"  ").is_some() {
        return false;
    }
    let [c2, e1, e2, e3] = crate::types::WHITE_SPACE_LEADS;
    let beyond = |at: usize| crate::types::white_space_at(s, at) > 0;
    !memchr::memchr3_iter(c2, e2, e3, b).chain(memchr::memchr_iter(e1, b)).any(beyond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn flat_text_is_told_apart_as_the_char_predicates_tell_it(
            s in prop::collection::vec(prop_oneof![
                4 => "[a-z]{1,5}",
                3 => prop::sample::select(vec![" ", "  ", "\t", "\n", "\r", "\u{B}", "\u{C}", "\u{85}", "\u{A0}", "\u{2009}", "\u{3000}", "\u{1680}", "\u{205F}", "\u{2028}", "·", "’", "é", "大"]).prop_map(String::from),
                1 => any::<char>().prop_map(String::from),
            ], 0..20).prop_map(|v| v.concat())
        ) {
            let plain = !s.contains(|c: char| c.is_whitespace() && c != ' ') && !s.contains("  ");
            prop_assert_eq!(is_flat(&s), plain && s.trim() == s, "{:?}", s);
        }
    }
}
