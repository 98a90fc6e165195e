//! Cards and images of documents: a document's card (title, address, summary, date, image,
//! faces) as lists and pages show it, made once per document and language; portraits, faces
//! and a news item's picture, processed.

use super::*;

impl Views<'_> {
    /// The card of a document.
    pub fn card(&self, id: DocId) -> Arc<Card> {
        self.card_cache
            .get(id)
            .map_or_else(|| Arc::new(self.make_card(id)), |c| c.get_or_init(|| Arc::new(self.make_card(id))).clone())
    }

    fn make_card(&self, id: DocId) -> Card {
        let shown = self.shown(id);
        let d = self.site.doc(shown);
        let excerpt = || Some(excerpt(&self.docs[shown].body.first_paragraph, 30)).filter(|s| !s.is_empty());
        let (lang, dir) = self.foreign(id);
        let mut card = Card {
            title: d.title.clone(),
            status: None,
            url: self.url(&self.site.urls[id]),
            summary: None,
            date: None,
            date_iso: None,
            meta: None,
            page_lang: lang.as_ref().map(|_| self.language().code.clone()),
            lang,
            dir,
            image: None,
            faces: Vec::new(),
            summary_lang: None,
            summary_dir: None,
        };
        // the keys the summary was read from (none for an excerpt of the body)
        let summary_keys: &[&str];
        match &d.data {
            Data::Forum(f) => {
                card.summary = f.summary.clone().or_else(excerpt);
                summary_keys = if f.summary.is_some() { &["summary"] } else { &[] };
                card.status =
                    (f.status == crate::model::SessionStatus::Cancelled).then(|| self.t_shown("session_cancelled"));
                card.date = f.date.map(|x| self.date(x));
                card.date_iso = f.date.map(|x| x.to_string());
                let mut parts = Vec::new();
                match (f.kind, f.number) {
                    (k, Some(n)) => parts.push(format!("{} {}", self.session_label_shown(k), self.number(n.into()))),
                    (SessionType::Forum, None) => {}
                    (k, None) => parts.push(self.session_label_shown(k)),
                }
                if let Some(s) = f.start {
                    parts.push(self.time_range_shown(s, f.end));
                }
                if let Some(r) = &f.room {
                    parts.push(self.room_shown(r));
                }
                card.meta = (!parts.is_empty()).then(|| parts.join(" · "));
                card.faces = self.faces(id, 4);
            }
            Data::Speaker(s) => {
                let line: Vec<&str> = [s.role.as_deref(), s.organisation.as_deref()].into_iter().flatten().collect();
                card.summary = (!line.is_empty()).then(|| self.text_join(id, &["role", "organisation"], &line));
                summary_keys = &["role", "organisation"];
                card.meta = s.country.as_deref().map(|c| self.country_name(c));
                card.image = self.portrait(id).as_ref().map(ImageValue::new);
            }
            Data::News(n) => {
                card.summary = n.summary.clone().or_else(excerpt);
                summary_keys = if n.summary.is_some() { &["summary"] } else { &[] };
                card.image = self.picture(id).as_ref().map(ImageValue::new);
                card.date = Some(self.date(n.date));
                card.date_iso = Some(n.date.to_string());
            }
            Data::Paper(p) => {
                card.summary = p.subtitle.clone().or_else(|| p.summary.clone());
                summary_keys = if p.subtitle.is_some() { &["subtitle"] } else { &["summary"] };
                card.date = p.date.map(|x| self.date(x));
                card.date_iso = p.date.map(|x| x.to_string());
            }
            Data::Chapter(c) => {
                card.summary = c.summary.clone().or_else(excerpt);
                summary_keys = if c.summary.is_some() { &["summary"] } else { &[] };
            }
            Data::Page(p) | Data::Home(p) => {
                card.summary = p.summary.clone().or_else(excerpt);
                summary_keys = if p.summary.is_some() { &["summary"] } else { &[] };
            }
        }
        (card.summary_lang, card.summary_dir) = self.inherited(id, summary_keys);
        card
    }

    /// Cards of several documents.
    pub fn cards(&self, ids: &[DocId]) -> Vec<Arc<Card>> {
        ids.iter().map(|&id| self.card(id)).collect()
    }

    /// Slugs → cards (references already checked by the graph).
    pub fn cards_by_slug(&self, kind: crate::load::Kind, slugs: &[String]) -> Vec<Arc<Card>> {
        slugs.iter().filter_map(|s| self.site.find(kind, s)).map(|id| self.card(id)).collect()
    }

    /// A speaker's forums.
    pub fn appearances(&self, speaker: DocId) -> Vec<Appearance> {
        self.site.speaker_forums[speaker]
            .iter()
            .map(|&(f, role)| Appearance {
                forum: self.card(f),
                role: self.t_shown(if role == Role::Moderator { "moderator" } else { "speaker" }),
            })
            .collect()
    }

    /// Address of a site file (no language prefix: images are shared by every language).
    pub fn asset_url(&self, path: &str) -> String {
        join_base(&self.site.config.base_path, path)
    }

    /// A speaker's portrait: the processed photo, else the generated initials avatar.
    pub fn portrait(&self, id: DocId) -> Option<ImageView> {
        let d = self.site.doc(self.shown(id));
        let Data::Speaker(s) = &d.data else { return None };
        match s.photo.as_deref().and_then(|p| self.pictures.get(p, &d.path, Use::Photo)) {
            Some(p) => Some(ImageView::new(p, s.photo_alt.clone().unwrap_or_default(), |x| self.asset_url(x))),
            None => Some(ImageView::avatar(self.pictures, &d.title, &d.slug, |x| self.asset_url(x))),
        }
    }

    /// The people of a forum, each once: its moderators, then its speakers (a moderator who
    /// also speaks is listed once, as a moderator); slugs naming no speaker are left out (the
    /// graph reports them).
    pub fn forum_people(&self, id: DocId) -> Vec<DocId> {
        let Data::Forum(f) = &self.site.doc(id).data else { return Vec::new() };
        let mut people = Vec::new();
        for slug in f.moderators.iter().chain(&f.speakers) {
            if let Some(s) = self.site.find(crate::load::Kind::Speaker, slug) {
                if !people.contains(&s) {
                    people.push(s);
                }
            }
        }
        people
    }

    /// The faces of a forum: moderators, then speakers, at most `n`.
    pub fn faces(&self, id: DocId, n: usize) -> Vec<ImageValue> {
        self.forum_people(id).into_iter().take(n).filter_map(|s| self.card(s).image.clone()).collect()
    }

    /// A news item's lead image, processed.
    pub fn picture(&self, id: DocId) -> Option<ImageView> {
        let d = self.site.doc(self.shown(id));
        let Data::News(n) = &d.data else { return None };
        let p = self.pictures.get(n.image.as_deref()?, &d.path, Use::Picture)?;
        Some(ImageView::new(p, n.image_alt.clone().unwrap_or_default(), |x| self.asset_url(x)))
    }
}
