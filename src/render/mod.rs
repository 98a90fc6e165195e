//! Rendering: the list of pages to write ([`Job`]s) and each job rendered through the theme's
//! templates into bytes. Pure given the templates: no I/O here; `output` writes the bytes.
//!
//! Invariant: template contexts hold one page's data plus the shared `site` value (an `Arc`
//! inside tera), never a copy of the whole site per page.

pub mod views;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::graph::{alias_url, DocId, Site, Term};
use crate::load::Kind;
use crate::markdown::TocEntry;
use crate::model::Data;
use crate::theme::{template_error, Theme};
use views::{session_label, Card, Group, LinkView, Pager, Views};

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A document's own page.
    Doc(DocId),
    /// `/forums/`.
    Forums,
    /// `/speakers/`.
    Speakers,
    /// `/news/` (page 1) and `/news/page/N/`.
    NewsPage(usize),
    /// `/papers/`.
    Papers,
    /// `/topics/` or `/countries/`.
    Taxonomy(Taxonomy),
    /// `/topics/<slug>/` or `/countries/<code>/`.
    Term(Taxonomy, String),
    /// `/404.html`.
    NotFound,
    /// A redirect from an old address to a document.
    Alias(DocId, String),
}

/// The two taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    /// Topics of forums and tags of news.
    Topics,
    /// Countries of speakers.
    Countries,
}

impl Taxonomy {
    fn key(self) -> &'static str {
        match self {
            Taxonomy::Topics => "topics",
            Taxonomy::Countries => "countries",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Taxonomy::Topics => "Topics",
            Taxonomy::Countries => "Countries",
        }
    }

    fn terms(self, site: &Site) -> &std::collections::BTreeMap<String, Term> {
        match self {
            Taxonomy::Topics => &site.topics,
            Taxonomy::Countries => &site.countries,
        }
    }
}

/// Every file the site consists of, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.docs.len()).map(Job::Doc).collect();
    jobs.extend([Job::Forums, Job::Speakers, Job::Papers, Job::NotFound]);
    let pages = site.news.len().div_ceil(site.config.news_per_page).max(1);
    jobs.extend((1..=pages).map(Job::NewsPage));
    for t in [Taxonomy::Topics, Taxonomy::Countries] {
        jobs.push(Job::Taxonomy(t));
        jobs.extend(t.terms(site).keys().map(|k| Job::Term(t, k.clone())));
    }
    for (id, d) in site.docs.iter().enumerate() {
        jobs.extend(d.common.aliases.iter().map(|a| Job::Alias(id, alias_url(a))));
    }
    jobs
}

/// The template a job renders with (before `extends`/`include`).
pub fn template_of(site: &Site, job: &Job) -> &'static str {
    match job {
        Job::Doc(id) => match &site.doc(*id).data {
            Data::Home(_) => "index.html",
            Data::Page(_) => "page.html",
            Data::Forum(_) => "forum.html",
            Data::Speaker(_) => "speaker.html",
            Data::News(_) => "news.html",
            Data::Paper(_) => "paper.html",
            Data::Chapter(_) => "chapter.html",
        },
        Job::Forums => "forums.html",
        Job::Speakers => "speakers.html",
        Job::Papers => "papers.html",
        Job::NewsPage(_) => "news_list.html",
        Job::Taxonomy(_) => "taxonomy.html",
        Job::Term(..) => "term.html",
        Job::NotFound => "404.html",
        Job::Alias(..) => "redirect.html",
    }
}

/// The address a job's page gets (below the base path).
pub fn url_of(site: &Site, job: &Job) -> String {
    match job {
        Job::Doc(id) => site.urls[*id].clone(),
        Job::Forums => "/forums/".into(),
        Job::Speakers => "/speakers/".into(),
        Job::Papers => "/papers/".into(),
        Job::NewsPage(n) => news_page_url(*n),
        Job::Taxonomy(t) => format!("/{}/", t.key()),
        Job::Term(t, slug) => format!("/{}/{slug}/", t.key()),
        Job::NotFound => "/404.html".into(),
        Job::Alias(_, path) => path.clone(),
    }
}

/// The output file of a site address: `/x/` → `x/index.html`.
pub fn output_file(url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        PathBuf::from(format!("{trimmed}index.html"))
    } else {
        PathBuf::from(trimmed)
    }
}

/// Renders jobs with a theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    views: Views<'a>,
    html: &'a [Arc<str>],
    site_value: Value,
    /// Each paper's view, built once and shared by its landing page and chapters.
    /// Built on first use, so rendering a few pages does not pay for every paper.
    paper_values: Vec<std::sync::OnceLock<Value>>,
}

#[derive(Serialize)]
struct ForumView {
    number: Option<u32>,
    kind: &'static str,
    date: Option<String>,
    date_iso: Option<String>,
    start: Option<String>,
    end: Option<String>,
    room: Option<String>,
    summary: Option<String>,
    topics: Vec<LinkView>,
    moderators: Vec<Card>,
    speakers: Vec<Card>,
    materials: Vec<LinkView>,
    news: Vec<Card>,
}

#[derive(Serialize)]
struct SpeakerView {
    name: String,
    honorific: Option<String>,
    role: Option<String>,
    organisation: Option<String>,
    country: Option<LinkView>,
    photo: Option<String>,
    photo_alt: Option<String>,
    links: Vec<LinkView>,
    forums: Vec<views::Appearance>,
    news: Vec<Card>,
    papers: Vec<Card>,
}

#[derive(Serialize)]
struct NewsView {
    date: String,
    date_iso: String,
    author: Option<String>,
    summary: Option<String>,
    tags: Vec<LinkView>,
    speakers: Vec<Card>,
    forums: Vec<Card>,
    image: Option<String>,
    image_alt: Option<String>,
}

#[derive(Serialize)]
struct ChapterView {
    title: String,
    number: usize,
    prev: Option<Card>,
    next: Option<Card>,
}

#[derive(Serialize)]
struct TermView {
    label: String,
    url: String,
    count: usize,
}

impl<'a> Renderer<'a> {
    /// A renderer over the graph, the rendered Markdown and the excerpts of every document.
    pub fn new(
        theme: &'a Theme,
        site: &'a Site,
        html: &'a [Arc<str>],
        excerpts: &'a [Arc<str>],
        tocs: &'a [Arc<Vec<TocEntry>>],
    ) -> Self {
        let views = Views { site, excerpts, tocs };
        let site_value = Value::from_serializable(&views.site_view());
        let paper_values = site.papers.iter().map(|_| std::sync::OnceLock::new()).collect();
        Renderer { theme, views, html, site_value, paper_values }
    }

    fn paper_value(&self, i: usize) -> Value {
        self.paper_values[i]
            .get_or_init(|| Value::from_serializable(&self.views.paper(&self.views.site.papers[i])))
            .clone()
    }

    /// Renders one job: (output file relative to the output root, bytes).
    pub fn render(&self, job: &Job) -> Result<(PathBuf, String), Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let mut cx = Context::new();
        cx.insert_value("site", self.site_value.clone());
        let (template, url) = match job {
            Job::Doc(id) => return self.render_doc(*id, cx),
            Job::Forums => {
                cx.insert("page", &v.meta("Forums".into(), "/forums/", "forums", None));
                cx.insert("groups", &self.forum_days());
                ("forums.html", "/forums/".to_string())
            }
            Job::Speakers => {
                cx.insert("page", &v.meta("Speakers".into(), "/speakers/", "speakers", None));
                cx.insert("groups", &v.speaker_groups());
                ("speakers.html", "/speakers/".to_string())
            }
            Job::Papers => {
                let ids: Vec<DocId> = site.papers.iter().map(|p| p.index).collect();
                cx.insert("page", &v.meta("White papers".into(), "/papers/", "papers", None));
                cx.insert("papers", &v.cards(&ids));
                ("papers.html", "/papers/".to_string())
            }
            Job::NewsPage(n) => {
                let per = site.config.news_per_page;
                let total = site.news.len().div_ceil(per).max(1);
                let path = news_page_url(*n);
                let items = &site.news[(n - 1) * per..(n * per).min(site.news.len())];
                let title = if *n == 1 { "News".to_string() } else { format!("News, page {n} of {total}") };
                cx.insert("page", &v.meta(title, &path, "news", None));
                cx.insert("items", &v.cards(items));
                cx.insert(
                    "pager",
                    &Pager {
                        current: *n,
                        total,
                        prev: (*n > 1).then(|| v.url(&news_page_url(n - 1))),
                        next: (*n < total).then(|| v.url(&news_page_url(n + 1))),
                    },
                );
                ("news_list.html", path)
            }
            Job::Taxonomy(t) => {
                let path = format!("/{}/", t.key());
                let terms: Vec<TermView> = t
                    .terms(site)
                    .iter()
                    .map(|(slug, term)| TermView {
                        label: term.label.clone(),
                        url: v.url(&format!("/{}/{slug}/", t.key())),
                        count: term.docs.len(),
                    })
                    .collect();
                cx.insert("page", &v.meta(t.title().into(), &path, t.key(), None));
                cx.insert("terms", &terms);
                ("taxonomy.html", path)
            }
            Job::Term(t, slug) => {
                let path = format!("/{}/{slug}/", t.key());
                let term = &t.terms(site)[slug];
                cx.insert("page", &v.meta(term.label.clone(), &path, t.key(), None));
                cx.insert(
                    "taxonomy",
                    &LinkView { label: t.title().into(), url: Some(v.url(&format!("/{}/", t.key()))) },
                );
                cx.insert("items", &v.cards(&term.docs));
                ("term.html", path)
            }
            Job::NotFound => {
                cx.insert("page", &v.meta("Page not found".into(), "/404.html", "", None));
                ("404.html", "/404.html".to_string())
            }
            Job::Alias(id, path) => {
                cx.insert("page", &v.doc_meta(*id));
                ("redirect.html", path.clone())
            }
        };
        self.finish(template, &cx, &url)
    }

    fn finish(&self, template: &str, cx: &Context, url: &str) -> Result<(PathBuf, String), Diagnostic> {
        let html = self.theme.tera.render(template, cx).map_err(|e| template_error(&e, &self.theme.origins))?;
        Ok((output_file(url), html))
    }

    fn render_doc(&self, id: DocId, mut cx: Context) -> Result<(PathBuf, String), Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let d = site.doc(id);
        cx.insert("page", &v.doc_meta(id));
        cx.insert_value("content", Value::safe_string(&self.html[id]));
        cx.insert("toc", &*v.tocs[id]);
        let template = match &d.data {
            Data::Home(_) => {
                cx.insert("forums", &v.cards(&site.forums));
                cx.insert("news", &v.cards(&site.news[..site.news.len().min(5)]));
                let ids: Vec<DocId> = site.papers.iter().map(|p| p.index).collect();
                cx.insert("papers", &v.cards(&ids));
                "index.html"
            }
            Data::Page(_) => "page.html",
            Data::Forum(f) => {
                cx.insert(
                    "forum",
                    &ForumView {
                        number: f.number,
                        kind: session_label(f.kind),
                        date: f.date.map(|x| x.long()),
                        date_iso: f.date.map(|x| x.to_string()),
                        start: f.start.map(|x| x.to_string()),
                        end: f.end.map(|x| x.to_string()),
                        room: f.room.clone(),
                        summary: f.summary.clone(),
                        topics: self.topic_links(&f.topics),
                        moderators: v.cards_by_slug(Kind::Speaker, &f.moderators),
                        speakers: v.cards_by_slug(Kind::Speaker, &f.speakers),
                        materials: f
                            .materials
                            .iter()
                            .map(|m| LinkView {
                                label: m.label.clone(),
                                url: m.url.clone().or_else(|| m.file.as_deref().map(|p| self.media_url(id, p))),
                            })
                            .collect(),
                        news: v.cards(&site.mentioned_in[id]),
                    },
                );
                "forum.html"
            }
            Data::Speaker(s) => {
                cx.insert(
                    "speaker",
                    &SpeakerView {
                        name: d.title.clone(),
                        honorific: s.honorific.clone(),
                        role: s.role.clone(),
                        organisation: s.organisation.clone(),
                        country: s.country.as_ref().zip(s.country_name.as_ref()).map(|(code, name)| LinkView {
                            label: name.clone(),
                            url: Some(v.url(&format!("/countries/{}/", code.to_ascii_lowercase()))),
                        }),
                        photo: s.photo.as_deref().map(|p| self.media_url(id, p)),
                        photo_alt: s.photo_alt.clone(),
                        links: s
                            .links
                            .iter()
                            .map(|l| LinkView { label: l.label.clone(), url: Some(l.url.clone()) })
                            .collect(),
                        forums: v.appearances(id),
                        news: v.cards(&site.mentioned_in[id]),
                        papers: v.cards(&site.speaker_papers[id]),
                    },
                );
                "speaker.html"
            }
            Data::News(n) => {
                cx.insert(
                    "news",
                    &NewsView {
                        date: n.date.long(),
                        date_iso: n.date.to_string(),
                        author: n.author.clone(),
                        summary: n.summary.clone(),
                        tags: self.topic_links(&n.tags),
                        speakers: v.cards_by_slug(Kind::Speaker, &n.speakers),
                        forums: v.cards_by_slug(Kind::Forum, &n.forums),
                        image: n.image.as_deref().map(|p| self.media_url(id, p)),
                        image_alt: n.image_alt.clone(),
                    },
                );
                "news.html"
            }
            Data::Paper(_) => {
                if let Some(i) = site.papers.iter().position(|p| p.index == id) {
                    cx.insert_value("paper", self.paper_value(i));
                }
                "paper.html"
            }
            Data::Chapter(_) => {
                if let Some(i) = site.papers.iter().position(|p| p.chapters.contains(&id)) {
                    let entry = &site.papers[i];
                    let pos = entry.chapters.iter().position(|&c| c == id).unwrap_or(0);
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
                "chapter.html"
            }
        };
        self.finish(template, &cx, &site.urls[id])
    }

    /// Forums grouped by day, then the unscheduled ones.
    fn forum_days(&self) -> Vec<Group> {
        let site = self.views.site;
        let mut groups: Vec<Group> = Vec::new();
        let mut unscheduled = Vec::new();
        for &id in &site.forums {
            let Data::Forum(f) = &site.doc(id).data else { continue };
            match f.date {
                Some(date) => {
                    let iso = date.to_string();
                    if groups.last().is_none_or(|g| g.id != format!("day-{iso}")) {
                        groups.push(Group { label: date.long(), id: format!("day-{iso}"), items: Vec::new() });
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
                label: "Not yet scheduled".into(),
                id: "unscheduled".into(),
                items: self.views.cards(&unscheduled),
            });
        }
        groups
    }

    fn topic_links(&self, words: &[String]) -> Vec<LinkView> {
        words
            .iter()
            .map(|w| {
                let slug = crate::types::slugify(w);
                LinkView {
                    label: w.clone(),
                    url: (!slug.is_empty()).then(|| self.views.url(&format!("/topics/{slug}/"))),
                }
            })
            .collect()
    }

    /// A file named in front matter: `/x.jpg` is under `static/`, a bare name sits beside
    /// the document (co-located assets keep their place under `content/`).
    fn media_url(&self, id: DocId, file: &str) -> String {
        if file.starts_with("http://") || file.starts_with("https://") {
            return file.to_string();
        }
        if file.starts_with('/') {
            return self.views.url(file);
        }
        let d = self.views.site.doc(id);
        let dir = d
            .path
            .parent()
            .and_then(|p| p.strip_prefix("content").ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let path = if dir.is_empty() { format!("/{file}") } else { format!("/{dir}/{file}") };
        self.views.url(&path)
    }
}

/// `/news/` for page 1, `/news/page/N/` after.
pub fn news_page_url(n: usize) -> String {
    if n <= 1 {
        "/news/".into()
    } else {
        format!("/news/page/{n}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files_of_addresses() {
        assert_eq!(output_file("/"), PathBuf::from("index.html"));
        assert_eq!(output_file("/forums/a/"), PathBuf::from("forums/a/index.html"));
        assert_eq!(output_file("/404.html"), PathBuf::from("404.html"));
    }

    #[test]
    fn news_pages() {
        assert_eq!(news_page_url(1), "/news/");
        assert_eq!(news_page_url(3), "/news/page/3/");
    }
}
