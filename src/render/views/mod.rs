//! Typed views: what each template sees. Built from the graph and the rendered Markdown;
//! everything is pre-formatted (dates in words, addresses with the base path) so templates
//! stay free of logic.

use std::sync::Arc;

use crate::config::{Direction, SiteConfig};
use crate::graph::{DocId, Role, Site};
use crate::images::Use;
use crate::markdown::join_base;
use crate::model::{Data, PaperStatus, SessionType};

mod cards;
mod paper;
mod speakers;
mod types;
mod words;

pub use speakers::{family_name, initial_letter};
pub use types::*;

/// The builder of views: the graph plus per-document rendered bits.
pub struct Views<'a> {
    /// The graph.
    pub site: &'a Site,
    /// Each document's rendered Markdown (first paragraph for cards without a summary,
    /// table of contents, HTML, text by section).
    pub docs: &'a [crate::doc_result::DocResult],
    /// The programme (forums placed in time).
    pub programme: &'a crate::programme::Programme,
    /// The papers whose PDF this build writes or keeps.
    pub pdf_papers: &'a [DocId],
    /// Page size of the print editions.
    pub page_size: crate::pdf::PageSize,
    /// Index of the language being rendered (in `config.languages`).
    pub lang: usize,
    /// Theme strings.
    pub strings: &'a crate::i18n::Strings,
    /// Dates in this language.
    pub dates: crate::locale::DateWriter,
    /// Processed images and avatars.
    pub pictures: &'a crate::images::Pictures,
    /// Each document's card, made on first use: a document's card appears on many pages
    /// (lists, its forums' and speakers' pages, search entries). The site's own
    /// ([`super::Made`]), shared by every renderer; a view of a site whose cards are not made
    /// yet has its own.
    card_cache: std::borrow::Cow<'a, [std::sync::OnceLock<Arc<Card>>]>,
    /// Social cards (empty while they are being made).
    pub cards: &'a crate::cards::Cards,
    /// Every page's address → its document (`None`: a list or term page), made on first
    /// use ([`Self::links_in_language`]).
    pages: std::sync::OnceLock<rustc_hash::FxHashMap<String, Option<DocId>>>,
}

impl<'a> Views<'a> {
    /// The views of the site in language `lang` (index in `config.languages`).
    pub fn new(input: super::Input<'a>, lang: usize) -> Self {
        Views {
            site: input.site,
            docs: input.docs,
            programme: input.programme,
            pdf_papers: input.pdf_papers,
            page_size: input.page_size,
            lang,
            strings: &input.theme.strings,
            dates: crate::locale::DateWriter::new(&input.site.config.languages[lang].code),
            pictures: input.pictures,
            card_cache: match input.made.cards(lang) {
                Some(shared) => std::borrow::Cow::Borrowed(shared),
                None => (0..input.site.docs.len()).map(|_| std::sync::OnceLock::new()).collect(),
            },
            cards: input.cards,
            pages: std::sync::OnceLock::new(),
        }
    }

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

    /// `lang` and `dir` for an element showing document `id` when it is not in the page's
    /// language (an untranslated original): `(Some("en"), Some("ltr"))` on an Arabic page.
    pub fn foreign(&self, id: DocId) -> (Option<String>, Option<&'static str>) {
        if !self.is_fallback(id) {
            return (None, None);
        }
        let original = self.site.config.default_lang();
        let dir = (original.direction != self.language().direction).then_some(dir_name(original.direction));
        (Some(original.code.clone()), dir)
    }

    /// `lang` and `dir` for text of document `id`'s `keys` that its translation inherits
    /// from the original (so shows in the original's language): `(Some("en"), Some("ltr"))`
    /// on an Arabic translation that leaves `role` out. `None` for a translation's own text,
    /// and for an untranslated original, whose whole element is marked ([`Self::foreign`]).
    pub fn inherited(&self, id: DocId, keys: &[&str]) -> (Option<String>, Option<&'static str>) {
        let shown = self.shown(id);
        let d = self.site.doc(shown);
        if self.site.lang_of[shown] == 0 || keys.is_empty() || keys.iter().any(|k| d.own_keys.contains(*k)) {
            return (None, None);
        }
        let original = self.site.config.default_lang();
        let dir = (original.direction != self.language().direction).then_some(dir_name(original.direction));
        (Some(original.code.clone()), dir)
    }

    /// The document shown for `id` in this language: its translation, else itself.
    pub fn shown(&self, id: DocId) -> DocId {
        self.site.variants.get(id).and_then(|v| v.get(self.lang).copied().flatten()).unwrap_or(id)
    }

    /// Whether `id` is shown in its original language because it has no translation.
    pub fn is_fallback(&self, id: DocId) -> bool {
        self.lang != 0 && self.shown(id) == id
    }

    /// The body shown for document `id` in this language: its translation's, else the
    /// original's with its links to pages turned to this language's ([`super::relink`]).
    pub fn body_html(&self, id: DocId) -> std::borrow::Cow<'_, str> {
        let html = &self.docs[self.shown(id)].body.html;
        if !self.is_fallback(id) {
            return std::borrow::Cow::Borrowed(html);
        }
        self.links_in_language(html)
    }

    /// `html`, written for the default language, with its links to pages turned to this
    /// language's ([`super::relink`]); as it is in the default language.
    pub fn links_in_language<'h>(&self, html: &'h str) -> std::borrow::Cow<'h, str> {
        if self.lang == 0 {
            return std::borrow::Cow::Borrowed(html);
        }
        let codes: Vec<&str> = self.site.config.languages.iter().skip(1).map(|l| l.code.as_str()).collect();
        let pages = self.pages.get_or_init(|| {
            let site = self.site;
            // originals first: a translation's address is its original's
            let docs = (0..site.originals).map(|id| (site.urls[id].clone(), Some(id)));
            let lists = crate::graph::GENERATED.iter().chain(&["/"]).map(|a| (a.to_string(), None));
            let terms = site.topics.keys().map(|slug| (format!("/topics/{slug}/"), None));
            let countries = site.countries.keys().map(|code| (format!("/countries/{code}/"), None));
            docs.chain(lists).chain(terms).chain(countries).collect()
        });
        // a page of the site (a dead link stays as written: one mistake, one error); a place
        // in a document's page only when this language's page has it: the same body (no
        // translation), or a translation with an id of that name
        let turn = |address: &str, id: Option<&str>| match (pages.get(address), id) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(None), Some(_)) => false,
            (Some(&Some(doc)), Some(id)) => {
                let shown = self.shown(doc);
                shown == doc || self.docs[shown].body.anchors.contains(id)
            }
        };
        super::relink::in_language(html, &self.site.config.base_path, &self.language().code, &codes, &turn)
    }

    /// Address of a path below the base URL, in this language.
    pub fn url(&self, path: &str) -> String {
        join_base(&self.site.config.base_path, &[&self.prefix(), path].concat())
    }

    /// The `href` of a URL from front matter or `site.yaml` (checked by `url_check`): an
    /// `@/` content link becomes the page's address, a root-relative path gets the base
    /// path, an absolute address stays as written.
    pub fn href(&self, url: &str) -> String {
        if let Some((id, anchor)) = crate::graph::content_link(self.site, url) {
            let page = self.url(&self.site.urls[self.shown(id)]);
            return match anchor {
                Some(a) => format!("{page}#{a}"),
                None => page,
            };
        }
        if url.starts_with('/') {
            return crate::markdown::join_base(&self.site.config.base_path, url);
        }
        url.to_string()
    }

    /// Absolute address of a path below the base URL, in this language.
    pub fn permalink(&self, path: &str) -> String {
        [self.site.config.base_url.trim_end_matches('/'), &self.prefix(), path].concat()
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
        let mut menu = vec![MenuItem {
            title: self.t_shown("home"),
            url: self.url("/"),
            key: "home".into(),
            lang: None,
            dir: None,
        }];
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
                menu.push(MenuItem {
                    title: self.t_shown(key),
                    url: self.url(&format!("/{key}/")),
                    key: key.into(),
                    lang: None,
                    dir: None,
                });
            }
        }
        for &id in &self.site.pages {
            let d = self.site.doc(self.shown(id));
            if let Data::Page(p) = &d.data {
                if p.menu.is_some() {
                    let own = self.language().text.menu.get(&d.slug).cloned();
                    let (lang, dir) = if own.is_some() { (None, None) } else { self.foreign(id) };
                    menu.push(MenuItem {
                        title: own.unwrap_or_else(|| d.title.clone()),
                        url: self.url(&self.site.urls[id]),
                        key: d.slug.clone(),
                        lang,
                        dir,
                    });
                }
            }
        }
        menu.push(MenuItem {
            title: self.t_shown("search"),
            url: self.url("/search/"),
            key: "search".into(),
            lang: None,
            dir: None,
        });
        let e = &c.event;
        let lang = self.language();
        let text = &lang.text;
        // each text of site.yaml the language gives no words for marked as the default
        // language's (`site_text`)
        let event = (e.name.is_some() || e.start.is_some()).then(|| EventView {
            has_logos: false,
            // (the name and the site's title stay plain: templates compare them with the
            // page's title)
            name: self.event_name_given(),
            tagline: e
                .tagline
                .as_deref()
                .map(|t| self.site_text(lang.tagline.as_deref(), t))
                .or_else(|| lang.tagline.clone()),
            dates: match (e.start, e.end) {
                (Some(s), Some(end)) => Some(self.date_range(s, end)),
                (Some(s), None) => Some(self.date(s)),
                _ => None,
            },
            place: e.venue.as_ref().map(|v| {
                let name = v.name.as_deref().map(|n| self.site_text(text.event.venue.name.as_deref(), n));
                let city = v.city.as_deref().map(|c| self.site_text(text.event.venue.city.as_deref(), c));
                let parts: Vec<&str> = [name.as_deref(), city.as_deref()].into_iter().flatten().collect();
                self.comma_join(&parts)
            }),
            organisers: e
                .organisers
                .iter()
                .map(|o| OrganiserView {
                    label: self.site_text(text.event.organisers.get(&o.name).map(String::as_str), &o.name),
                    url: o.url.as_deref().map(|u| self.href(u)),
                    logo: o.logo.as_deref().and_then(|l| {
                        let p = self.pictures.get(l, std::path::Path::new("site.yaml"), Use::Logo)?;
                        Some(ImageView::new(p, o.name.clone(), |x| self.asset_url(x)))
                    }),
                })
                .collect(),
        });
        let event = event.map(|mut e| {
            e.has_logos = e.organisers.iter().any(|o| o.logo.is_some());
            e
        });
        SiteView {
            title: self.site_title(),
            description: self.site_description(),
            home: self.url("/"),
            languages: self.alternates("/"),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            lang: lang.code.clone(),
            og_locale: crate::config::open_graph_locale(&lang.code),
            dir: dir_name(lang.direction),
            menu,
            event,
            feed_url: (!self.site.news.is_empty()).then(|| self.url("/news/atom.xml")),
            calendar_url: timed.then(|| self.url("/programme.ics")),
            favicon: {
                let path = c.favicon.clone().unwrap_or_else(|| "/favicon.svg".into());
                let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                let mime = match ext.as_str() {
                    "svg" => "image/svg+xml",
                    "png" => "image/png",
                    "ico" => "image/x-icon",
                    _ => "image/svg+xml",
                };
                let url = if path.contains("://") {
                    path.clone()
                } else {
                    self.asset_url(&format!("/{}", path.trim_start_matches('/')))
                };
                LinkView { label: mime.into(), url: Some(url) }
            },
            logo: c.logo.as_deref().and_then(|l| {
                let p = self.pictures.get(l, std::path::Path::new("site.yaml"), Use::Logo)?;
                Some(ImageView::new(p, c.title.clone(), |x| self.asset_url(x)))
            }),
        }
    }

    /// The site's description in this language, else in the default language.
    pub fn site_description(&self) -> Option<String> {
        self.language().description.clone().or_else(|| self.site.config.description.clone())
    }

    /// Page metadata for a generated page. A page given no description of its own (a list,
    /// the programme, search, 404, a document without a summary) has the site's: search
    /// engines show it under the page's title and auditors (Lighthouse's `meta-description`)
    /// count a page without one as a fault.
    pub fn meta(&self, title: String, path: &str, section: &'static str, description: Option<String>) -> PageMeta {
        let mut meta = PageMeta {
            url: self.url(path),
            permalink: self.permalink(path),
            title,
            section,
            description: description.or_else(|| self.site_description()),
            og_type: "website",
            image: None,
            image_width: None,
            image_height: None,
            image_alt: None,
            jsonld: None,
            code: false,
            alternates: self.alternates(path),
            fallback: None,
        };
        self.set_image(None, &mut meta);
        meta
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
        let description = d.common.description.clone().or_else(|| self.card(id).summary.clone());
        let mut meta = self.meta(d.title.clone(), &self.site.urls[id], section, description);
        meta.code = self.docs[self.shown(id)].body.highlighted;
        if self.is_fallback(id) {
            meta.fallback = self.in_original();
        }
        meta
    }

    /// The note and marks of a page that shows the default language's text on this
    /// language's page (`None` in the default language).
    pub fn in_original(&self) -> Option<Fallback> {
        if self.lang == 0 {
            return None;
        }
        let original = self.site.config.default_lang();
        // both languages named in the page's language: "الإنجليزية", not "English"
        let here = self.dates.language(&self.language().code).unwrap_or_else(|| self.language().name.clone());
        let there = self.dates.language(&original.code).unwrap_or_else(|| original.name.clone());
        Some(Fallback {
            note: self.t_shown_with("fallback_note", &[("language", &here), ("original", &there)]),
            lang: original.code.clone(),
            dir: if original.direction == Direction::Rtl { "rtl" } else { "ltr" },
        })
    }

    /// The home page's calls to action and featured speakers (at most `n`).
    pub fn home(&self, n: usize) -> HomeView {
        let site = self.site;
        let mut actions = Vec::new();
        if !self.programme.sessions.is_empty() {
            actions.push(LinkView { label: self.t_shown("see_programme"), url: Some(self.url("/programme/")) });
        } else if !site.forums.is_empty() {
            actions.push(LinkView { label: self.t_shown("see_forums"), url: Some(self.url("/forums/")) });
        }
        if !site.speakers.is_empty() {
            actions.push(LinkView { label: self.t_shown("meet_speakers"), url: Some(self.url("/speakers/")) });
        }
        for entry in &site.papers {
            if let Data::Paper(p) = &site.doc(entry.index).data {
                let open = matches!(p.status, Some(PaperStatus::ForComments)) && p.comment_url.is_some();
                let key = if open { "comment_on_paper" } else { "read_paper" };
                actions.push(LinkView { label: self.t_shown(key), url: Some(self.url(&site.urls[entry.index])) });
                break;
            }
        }
        let mut speakers: Vec<DocId> = site.speakers.clone();
        speakers.sort_by_cached_key(|&id| {
            (std::cmp::Reverse(site.speaker_forums[id].len()), site.doc(id).title.clone(), id)
        });
        speakers.truncate(n);
        HomeView {
            actions,
            speakers: self.cards(&speakers),
            forum_count: site.forums.len(),
            speaker_count: site.speakers.len(),
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

/// `"rtl"` or `"ltr"`.
pub fn dir_name(d: Direction) -> &'static str {
    if d == Direction::Rtl {
        "rtl"
    } else {
        "ltr"
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

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("a b c d", 2), "a b…");
        assert_eq!(excerpt("a b", 2), "a b");
    }
}
