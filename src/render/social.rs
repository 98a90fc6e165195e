//! What each page's social card shows ([`crate::cards::Card`]), in the page's language: the
//! site's card (title, event, dates) and, for the kinds `social_cards` names, a card per
//! document. Pure: `cards` draws them.

use rayon::prelude::*;

use crate::cards::{Card, Dir, Request};
use crate::config::{CardKind, Direction};
use crate::graph::DocId;
use crate::images::Use;
use crate::model::Data;

use super::views::Views;

impl Views<'_> {
    /// Sets the page's image: its social card (or the site's), or without cards the
    /// speaker's photo or the news item's image; generated avatars are left out (link
    /// previews do not show SVG).
    pub fn set_image(&self, doc: Option<DocId>, meta: &mut super::views::PageMeta) {
        if self.site.config.social_cards {
            if let Some((path, alt)) = self.cards.of(self.lang, doc) {
                meta.image = Some(self.absolute(path));
                (meta.image_width, meta.image_height) = (Some(crate::cards::WIDTH), Some(crate::cards::HEIGHT));
                meta.image_alt = Some(alt.to_string());
            }
            return;
        }
        let Some(id) = doc else { return };
        let image = self.portrait(id).filter(|p| !p.avatar).or_else(|| self.picture(id));
        if let Some((alt, largest)) = image.and_then(|i| i.sizes.last().cloned().map(|l| (i.alt, l))) {
            meta.image = Some(self.absolute_with_base(&largest.path));
            (meta.image_width, meta.image_height) = (Some(largest.width), Some(largest.height));
            meta.image_alt = Some(alt).filter(|a| !a.is_empty());
        }
    }

    /// Absolute address of a document's own picture (a speaker's photo, a news item's image;
    /// the largest size), not its card.
    pub fn own_image(&self, id: DocId) -> Option<String> {
        let image = self.portrait(id).filter(|p| !p.avatar).or_else(|| self.picture(id))?;
        Some(self.absolute_with_base(&image.sizes.last()?.path))
    }

    /// An address that already has the base path (`/summit/_img/…`), made absolute.
    fn absolute_with_base(&self, path: &str) -> String {
        let below = path.strip_prefix(self.site.config.base_path.as_str()).unwrap_or(path);
        self.absolute(&format!("/{}", below.trim_start_matches('/')))
    }

    /// Every card of the site in this language: the site's card, then each document's own
    /// (an untranslated document shows its original's card, made in the default language).
    pub fn card_requests(&self) -> Vec<Request> {
        let c = &self.site.config;
        if !c.social_cards {
            return Vec::new();
        }
        let site = Request { lang: self.lang, doc: None, card: self.site_card(), origin: ("site.yaml".into(), 1, 1) };
        let docs: Vec<Request> = (0..self.site.originals)
            .into_par_iter()
            .filter(|&id| !self.is_fallback(id) && c.card_kinds.contains(&CardKind::of(self.site.doc(id).kind)))
            .map(|id| {
                let d = self.site.doc(self.shown(id));
                let key = if matches!(d.data, Data::Speaker(_)) { "name" } else { "title" };
                let (line, col) = d.locate(key, None);
                Request { lang: self.lang, doc: Some(id), card: self.doc_card(id), origin: (d.path.clone(), line, col) }
            })
            .collect();
        std::iter::once(site).chain(docs).collect()
    }

    fn card_base(&self, title: String) -> Card {
        let c = &self.site.config;
        let lang = self.language();
        let site_title = self.site_title();
        let event = lang.text.event.name.clone().or_else(|| lang.event_name.clone()).or_else(|| c.event.name.clone());
        let event = event.unwrap_or_default();
        Card {
            lang: lang.code.clone(),
            dir: if lang.direction == Direction::Rtl { Dir::Rtl } else { Dir::Ltr },
            footer: if site_title == event || site_title == title { String::new() } else { site_title },
            event: if event == title { String::new() } else { event },
            title,
            subtitle: String::new(),
            date: self.event_dates(),
            photo: None,
        }
    }

    fn event_dates(&self) -> String {
        let e = &self.site.config.event;
        match (e.start, e.end) {
            (Some(s), Some(end)) => self.date_range(s, end),
            (Some(s), None) => self.date(s),
            _ => String::new(),
        }
    }

    /// The site's card: its title, the event and its dates.
    pub fn site_card(&self) -> Card {
        let card = self.card_base(self.site_title());
        Card { subtitle: self.tagline_beside(&card.title), ..card }
    }

    /// The tagline, unless it is `title` itself (the example's home page is titled with its
    /// theme, which its card and its image's description then said twice).
    fn tagline_beside(&self, title: &str) -> String {
        Some(self.tagline()).filter(|t| t.trim() != title.trim()).unwrap_or_default()
    }

    fn tagline(&self) -> String {
        let lang = self.language();
        let tagline = lang.text.event.tagline.clone().or_else(|| lang.tagline.clone());
        tagline.or_else(|| self.site.config.event.tagline.clone()).unwrap_or_default()
    }

    /// Document `id`'s own card in this language.
    pub fn doc_card(&self, id: DocId) -> Card {
        let shown = self.shown(id);
        let d = self.site.doc(shown);
        let mut card = self.card_base(d.title.clone());
        match &d.data {
            Data::Home(_) => card.subtitle = self.tagline_beside(&card.title),
            Data::Page(_) => {}
            Data::Forum(f) => {
                let time = f.start.map(|s| self.time_range(s, f.end));
                let date = f.date.map(|x| self.date(x));
                card.date = [date, time].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                card.subtitle = f.room.as_deref().map(|r| self.room(r)).unwrap_or_default();
            }
            Data::Speaker(s) => {
                let parts: Vec<&str> = [s.role.as_deref(), s.organisation.as_deref()].into_iter().flatten().collect();
                card.subtitle = self.text_join(id, &["role", "organisation"], &parts);
                card.photo = s
                    .photo
                    .as_deref()
                    .and_then(|p| self.pictures.get(p, &d.path, Use::Photo))
                    .and_then(|p| p.files.last())
                    .map(|(_, cached)| cached.clone());
            }
            Data::News(n) => card.date = self.date(n.date),
            Data::Paper(p) => {
                card.subtitle = p.subtitle.clone().unwrap_or_default();
                card.date = p.date.map(|x| self.date(x)).unwrap_or_default();
            }
            Data::Chapter(_) => {
                let paper = self.site.chapter_place(id).map(|(i, _)| self.site.papers[i].index);
                if let Some(paper) = paper {
                    let pd = self.site.doc(self.shown(paper));
                    card.subtitle = pd.title.clone();
                    if let Data::Paper(p) = &pd.data {
                        card.date = p.date.map(|x| self.date(x)).unwrap_or_default();
                    }
                }
            }
        }
        card
    }
}
