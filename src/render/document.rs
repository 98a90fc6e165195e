//! A document's page: the values its template receives for each kind of document (forum,
//! speaker, news item, paper, chapter, page, home page), besides the body, table of contents
//! and page metadata every document page has.

use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Value};

use super::views::{self, Card, LinkView};
use super::{forum_calendar_url, Renderer};
use crate::graph::DocId;
use crate::load::Kind;
use crate::model::Data;

#[derive(Serialize)]
struct ForumView {
    number: Option<String>,
    kind: String,
    /// Called off (`status: cancelled`).
    cancelled: bool,
    date: Option<String>,
    date_iso: Option<String>,
    start: Option<String>,
    end: Option<String>,
    room: Option<String>,
    summary: Option<String>,
    topics: Vec<LinkView>,
    moderators: Vec<Arc<Card>>,
    speakers: Vec<Arc<Card>>,
    materials: Vec<LinkView>,
    /// Recordings, each a click-to-load player.
    recordings: Vec<RecordingView>,
    news: Vec<Arc<Card>>,
    /// Address of the forum's calendar file, when it has a time.
    calendar: Option<String>,
    /// The event's time zone, shown with the time.
    timezone: Option<String>,
    /// Start and end with offset, for `<time datetime>`.
    start_iso: Option<String>,
    end_iso: Option<String>,
}

/// A recording on a forum page: a poster box linking to `url` until the reader clicks, then
/// the player (`frame` for an `<iframe>`, `file` for a `<video>`; neither: a plain link).
#[derive(Serialize)]
struct RecordingView {
    url: String,
    title: String,
    duration: Option<String>,
    frame: Option<String>,
    file: Option<String>,
}

#[derive(Serialize)]
struct SpeakerView {
    name: String,
    honorific: Option<String>,
    /// `lang` of the honorific when a translation inherits it ("Mr" on an Arabic page).
    honorific_lang: Option<String>,
    role: Option<String>,
    organisation: Option<String>,
    /// Role and organisation joined by the language's comma.
    lede: Option<String>,
    /// `lang` and `dir` of the lede when a translation inherits it.
    lede_lang: Option<String>,
    lede_dir: Option<&'static str>,
    country: Option<LinkView>,
    /// Address of the largest processed size of the photo.
    photo: Option<String>,
    photo_alt: Option<String>,
    /// The photo in every size, or the initials avatar.
    portrait: Option<views::ImageValue>,
    links: Vec<LinkView>,
    forums: Vec<views::Appearance>,
    news: Vec<Arc<Card>>,
    papers: Vec<Arc<Card>>,
}

#[derive(Serialize)]
struct NewsView {
    date: String,
    date_iso: String,
    author: Option<String>,
    summary: Option<String>,
    tags: Vec<LinkView>,
    speakers: Vec<Arc<Card>>,
    forums: Vec<Arc<Card>>,
    image: Option<String>,
    image_alt: Option<String>,
    /// The image in every size.
    picture: Option<views::ImageValue>,
}

#[derive(Serialize)]
struct ChapterView {
    title: String,
    number: usize,
    prev: Option<Arc<Card>>,
    next: Option<Arc<Card>>,
}

impl Renderer<'_> {
    /// The values of a document's page.
    pub(super) fn doc_values(&self, id: DocId, cx: &mut Context) {
        let v = &self.views;
        let site = v.site;
        let shown = v.shown(id);
        let d = site.doc(shown);
        let mut meta = v.doc_meta(id);
        v.set_image(Some(id), &mut meta);
        v.structured(id, &mut meta);
        cx.insert("page", &meta);
        let body = v.body_html(id);
        match v.pictures.body_sizes.get(shown) {
            Some(sizes) if !sizes.is_empty() => {
                cx.insert_value("content", Value::safe_string(&crate::images::size_body_images(&body, sizes, true)));
            }
            _ => cx.insert_value("content", Value::safe_string(&body)),
        }
        cx.insert("toc", &v.docs[shown].body.toc);
        match &d.data {
            Data::Home(_) => {
                self.home_lists(cx);
            }
            Data::Page(_) => {}
            Data::Forum(f) => {
                let session = v.programme.session(id);
                cx.insert(
                    "forum",
                    &ForumView {
                        number: f.number.map(|n| v.number(n.into())),
                        kind: v.session_label_shown(f.kind),
                        cancelled: f.status == crate::model::SessionStatus::Cancelled,
                        date: f.date.map(|x| v.date(x)),
                        date_iso: f.date.map(|x| x.to_string()),
                        start: f.start.map(|x| v.time_range_shown(x, None)),
                        end: f.end.map(|x| v.end_time(f.start, x)),
                        room: f.room.as_deref().map(|r| v.room_shown(r)),
                        summary: f.summary.clone(),
                        topics: self.topic_links(id, &f.topics),
                        moderators: v.cards_by_slug(Kind::Speaker, &f.moderators),
                        speakers: v.cards_by_slug(Kind::Speaker, &f.speakers),
                        materials: f
                            .materials
                            .iter()
                            .map(|m| LinkView {
                                label: m.label.clone(),
                                url: m
                                    .url
                                    .as_deref()
                                    .map(|u| v.href(u))
                                    .or_else(|| m.file.as_deref().map(|p| self.media_url(id, p))),
                            })
                            .collect(),
                        recordings: f
                            .recordings
                            .iter()
                            .map(|r| {
                                let url = v.href(&r.url);
                                let player = crate::recordings::player(&url);
                                RecordingView {
                                    title: r.title.clone().unwrap_or_else(|| d.title.clone()),
                                    duration: r.duration.clone(),
                                    frame: match &player {
                                        Some(crate::recordings::Player::Frame(f)) => Some(f.clone()),
                                        _ => None,
                                    },
                                    file: match player {
                                        Some(crate::recordings::Player::File(f)) => Some(f),
                                        _ => None,
                                    },
                                    url,
                                }
                            })
                            .collect(),
                        news: v.cards(&site.mentioned_in[id]),
                        calendar: session.map(|_| v.url(&forum_calendar_url(&d.slug))),
                        timezone: session.map(|_| v.programme.clock.name.clone()),
                        start_iso: session.map(|s| crate::event_time::rfc3339(&s.starts)),
                        end_iso: session.filter(|s| s.end.is_some()).map(|s| crate::event_time::rfc3339(&s.ends)),
                    },
                );
            }
            Data::Speaker(s) => {
                cx.insert(
                    "speaker",
                    &SpeakerView {
                        name: d.title.clone(),
                        honorific: s.honorific.clone(),
                        honorific_lang: v.inherited(id, &["honorific"]).0,
                        role: s.role.clone(),
                        organisation: s.organisation.clone(),
                        lede: Some(v.text_join(
                            id,
                            &["role", "organisation"],
                            &[s.role.as_deref(), s.organisation.as_deref()].into_iter().flatten().collect::<Vec<_>>(),
                        ))
                        .filter(|l| !l.is_empty()),
                        lede_lang: v.inherited(id, &["role", "organisation"]).0,
                        lede_dir: v.inherited(id, &["role", "organisation"]).1,
                        country: s.country.as_ref().map(|code| LinkView {
                            label: v.country_name(code),
                            url: Some(v.url(&format!("/countries/{}/", code.to_ascii_lowercase()))),
                        }),
                        photo: v
                            .portrait(id)
                            .filter(|p| !p.avatar)
                            .and_then(|p| p.sizes.last().map(|x| x.path.clone())),
                        photo_alt: s.photo_alt.clone(),
                        // the card's, made once
                        portrait: v.card(id).image.clone(),
                        links: s
                            .links
                            .iter()
                            .map(|l| LinkView { label: l.label.clone(), url: Some(v.href(&l.url)) })
                            .collect(),
                        forums: v.appearances(id),
                        news: v.cards(&site.mentioned_in[id]),
                        papers: v.cards(&site.speaker_papers[id]),
                    },
                );
            }
            Data::News(n) => {
                cx.insert(
                    "news",
                    &NewsView {
                        date: v.date(n.date),
                        date_iso: n.date.to_string(),
                        author: n.author.clone(),
                        summary: n.summary.clone(),
                        tags: self.topic_links(id, &n.tags),
                        speakers: v.cards_by_slug(Kind::Speaker, &n.speakers),
                        forums: v.cards_by_slug(Kind::Forum, &n.forums),
                        image: v.picture(id).and_then(|p| p.sizes.last().map(|x| x.path.clone())),
                        image_alt: n.image_alt.clone(),
                        picture: v.card(id).image.clone(),
                    },
                );
            }
            Data::Paper(_) => {
                if let Some(i) = site.papers.iter().position(|p| p.index == id) {
                    cx.insert_value("paper", self.paper_value(i));
                }
            }
            Data::Chapter(_) => {
                if let Some((i, pos)) = site.chapter_place(id) {
                    let entry = &site.papers[i];
                    cx.insert_value("paper", self.paper_value(i));
                    cx.insert(
                        "chapter",
                        &ChapterView {
                            title: d.title.clone(),
                            number: pos + 1,
                            prev: pos.checked_sub(1).map(|p| v.card(entry.chapters[p])),
                            next: entry.chapters.get(pos + 1).map(|&c| v.card(c)),
                        },
                    );
                }
            }
        }
    }

    /// Topic links of document `id` showing `words` (its own, or its translation's). A topic's
    /// address is the same in every language: the slug of the original's word at the same
    /// position (`/zh/topics/higher-education/` is labelled 高等教育), so a translation lists
    /// its topics in the original's order; a word past the original's list is not a link.
    pub(super) fn topic_links(&self, id: DocId, words: &[String]) -> Vec<LinkView> {
        let original = self.views.site.doc(id).topic_words();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let slug = original.get(i).map(|o| crate::types::slugify(o)).unwrap_or_default();
                LinkView {
                    label: w.clone(),
                    url: (!slug.is_empty() && self.views.site.topics.contains_key(&slug))
                        .then(|| self.views.url(&["/topics/", slug.as_str(), "/"].concat())),
                }
            })
            .collect()
    }

    /// A file named in front matter, at its address on the site (`graph::file_address`).
    fn media_url(&self, id: DocId, file: &str) -> String {
        match crate::graph::file_address(self.views.site.doc(id), file) {
            Some(path) => {
                crate::markdown::join_base(&self.views.site.config.base_path, &crate::linkcheck::path_encode(&path))
            }
            None => file.to_string(),
        }
    }
}
