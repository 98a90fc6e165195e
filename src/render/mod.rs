//! Rendering: the list of pages to write ([`Job`]s) and each job rendered through the theme's
//! templates into bytes. Pure given the templates: no I/O here; `output` writes the bytes.
//!
//! Invariant: template contexts hold one page's data plus the shared `site` value (an `Arc`
//! inside tera), never a copy of the whole site per page.

mod jobs;
mod machine;
mod meta;
pub mod views;

pub use jobs::{
    forum_calendar_url, jobs, news_page_url, output_file, page_count, page_url, sitemap_part_url, template_of, url_of,
    Job, Taxonomy,
};

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::graph::DocId;
use crate::load::Kind;
use crate::model::Data;
use crate::theme::{template_error, Theme};
use views::{Card, Group, LinkView, Pager, PagerWords, Views};

/// Renders jobs with a theme.
pub struct Renderer<'a> {
    theme: &'a Theme,
    views: Views<'a>,
    html: &'a [Arc<str>],
    jobs: &'a [Job],
    sections: &'a [Arc<Vec<crate::markdown::SectionText>>],
    site_value: Value,
    /// Each paper's view, built once and shared by its landing page and chapters.
    /// Built on first use, so rendering a few pages does not pay for every paper.
    paper_values: Vec<std::sync::OnceLock<Value>>,
    /// The speakers in the order of their list, shared by its pages (built on first use).
    speaker_order: std::sync::OnceLock<Vec<(String, String, Vec<DocId>)>>,
}

/// How many forums, news items, papers and speakers the home page shows (each list links to
/// the full one).
const HOME_FORUMS: usize = 6;
const HOME_NEWS: usize = 3;
const HOME_PAPERS: usize = 3;
const HOME_SPEAKERS: usize = 8;

#[derive(Serialize)]
struct ForumView {
    number: Option<String>,
    kind: String,
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
    /// Recordings, each a click-to-load player.
    recordings: Vec<RecordingView>,
    news: Vec<Card>,
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
    portrait: Option<views::ImageView>,
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
    /// The image in every size.
    picture: Option<views::ImageView>,
}

#[derive(Serialize)]
struct ChapterView {
    title: String,
    number: usize,
    prev: Option<Card>,
    next: Option<Card>,
}

/// One chapter in the print edition.
#[derive(Serialize)]
struct PrintChapter {
    number: usize,
    title: String,
    id: String,
    /// The chapter's contents, with the print page's ids.
    toc: Vec<crate::markdown::TocEntry>,
    content: String,
}

/// A table of contents with every id prefixed (for the print edition).
fn prefixed_toc(toc: &[crate::markdown::TocEntry], prefix: &str) -> Vec<crate::markdown::TocEntry> {
    toc.iter()
        .map(|e| crate::markdown::TocEntry {
            id: format!("{prefix}{}", e.id),
            children: prefixed_toc(&e.children, prefix),
            ..e.clone()
        })
        .collect()
}

#[derive(Serialize)]
struct TermView {
    label: String,
    url: String,
    /// The number of items, in the language's digits.
    count: String,
}

impl<'a> Renderer<'a> {
    /// A renderer of the site in language `lang` (index in `config.languages`).
    pub fn new(p: &'a crate::pipeline::Prepared, jobs: &'a [Job], lang: usize) -> Self {
        let (theme, site, html) = (&p.theme, &p.site, &p.html[..]);
        let code = &site.config.languages[lang].code;
        let views = Views {
            site,
            excerpts: &p.excerpts,
            tocs: &p.tocs,
            programme: &p.programme,
            pdf_papers: &p.linked_pdfs,
            page_size: p.page_size,
            lang,
            strings: &theme.strings,
            dates: crate::locale::DateWriter::new(code),
            pictures: &p.pictures,
        };
        let site_value = Value::from_serializable(&views.site_view());
        let paper_values = site.papers.iter().map(|_| std::sync::OnceLock::new()).collect();
        Renderer {
            theme,
            views,
            html,
            jobs,
            sections: &p.sections,
            site_value,
            paper_values,
            speaker_order: std::sync::OnceLock::new(),
        }
    }

    fn paper_value(&self, i: usize) -> Value {
        self.paper_values[i]
            .get_or_init(|| Value::from_serializable(&self.views.paper(&self.views.site.papers[i])))
            .clone()
    }

    /// Renders one job: (output file relative to the output root, bytes). Pages of other
    /// languages than the default go under `<code>/`.
    pub fn render(&self, job: &Job) -> Result<(PathBuf, String), Diagnostic> {
        let (path, text) = self.render_job(job)?;
        if self.views.lang == 0 {
            Ok((path, text))
        } else {
            Ok((PathBuf::from(&self.views.language().code).join(path), text))
        }
    }

    /// Whether a job is written once for the whole site rather than once per language.
    pub fn site_wide(job: &Job) -> bool {
        matches!(job, Job::Sitemap | Job::SitemapPart(_) | Job::Robots)
    }

    fn render_job(&self, job: &Job) -> Result<(PathBuf, String), Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let mut cx = Context::new();
        cx.insert_value("site", self.site_value.clone());
        cx.insert("lang", &v.language().code);
        let (template, url) = match job {
            Job::Doc(id) => return self.render_doc(*id, cx),
            Job::Forums(n) => {
                let total = page_count(site.forums.len(), site.config.list_per_page);
                let path = page_url("/forums/", *n);
                cx.insert("page", &v.meta(self.list_title(v.t("forums"), *n, total), &path, "forums", None));
                cx.insert("groups", &self.forum_days(*n));
                cx.insert("pager", &self.pager("/forums/", *n, total));
                ("forums.html", path)
            }
            Job::Speakers(n) => {
                let total = page_count(site.speakers.len(), site.config.list_per_page);
                let path = page_url("/speakers/", *n);
                cx.insert("page", &v.meta(self.list_title(v.t("speakers"), *n, total), &path, "speakers", None));
                let order = self.speaker_order.get_or_init(|| v.speaker_order());
                cx.insert("letters", &v.speaker_groups(order, *n, site.config.list_per_page));
                cx.insert("pager", &self.pager("/speakers/", *n, total));
                ("speakers.html", path)
            }
            Job::Papers => {
                let ids: Vec<DocId> = site.papers.iter().map(|p| p.index).collect();
                cx.insert("page", &v.meta(v.t("papers"), "/papers/", "papers", None));
                cx.insert("papers", &v.cards(&ids));
                ("papers.html", "/papers/".to_string())
            }
            Job::NewsPage(n) => {
                let per = site.config.news_per_page;
                let total = site.news.len().div_ceil(per).max(1);
                let path = news_page_url(*n);
                let items = &site.news[(n - 1) * per..(n * per).min(site.news.len())];
                let title = if *n == 1 {
                    v.t("news")
                } else {
                    let (n, total) = (v.number(*n as u64), v.number(total as u64));
                    v.t_with("news_page_title", &[("n", &n), ("total", &total)])
                };
                cx.insert("page", &v.meta(title, &path, "news", None));
                cx.insert("items", &v.cards(items));
                cx.insert("pager", &self.pager("/news/", *n, total));
                ("news_list.html", path)
            }
            Job::Taxonomy(t) => {
                let path = format!("/{}/", t.key());
                let mut terms: Vec<TermView> = t
                    .terms(site)
                    .iter()
                    .map(|(slug, term)| TermView {
                        label: self.term_label(*t, slug, term),
                        url: v.url(&format!("/{}/{slug}/", t.key())),
                        count: v.number(term.docs.len() as u64),
                    })
                    .collect();
                if *t == Taxonomy::Countries {
                    terms.sort_by(|a, b| v.dates.compare(&a.label, &b.label));
                }
                cx.insert("page", &v.meta(v.t(t.key()), &path, t.key(), None));
                cx.insert("terms", &terms);
                ("taxonomy.html", path)
            }
            Job::Term(t, slug, n) => {
                let first = format!("/{}/{slug}/", t.key());
                let path = page_url(&first, *n);
                let term = &t.terms(site)[slug];
                let per = site.config.list_per_page;
                let total = page_count(term.docs.len(), per);
                cx.insert(
                    "page",
                    &v.meta(self.list_title(self.term_label(*t, slug, term), *n, total), &path, t.key(), None),
                );
                cx.insert("taxonomy", &LinkView { label: v.t(t.key()), url: Some(v.url(&format!("/{}/", t.key()))) });
                cx.insert("items", &v.cards(jobs::page_slice(&term.docs, *n, per)));
                cx.insert("pager", &self.pager(&first, *n, total));
                ("term.html", path)
            }
            Job::DefaultHome => {
                let mut meta = v.meta(site.config.title.clone(), "/", "home", site.config.description.clone());
                meta.jsonld = Some(crate::outputs::jsonld::script_safe(&v.summit_event()));
                cx.insert("page", &meta);
                cx.insert_value("content", Value::safe_string(""));
                cx.insert("toc", &Vec::<crate::markdown::TocEntry>::new());
                self.home_lists(&mut cx);
                ("index.html", "/".to_string())
            }
            Job::NotFound => {
                cx.insert("page", &v.meta(v.t("page_not_found"), "/404.html", "", None));
                cx.insert("search_url", &v.url("/search/"));
                ("404.html", "/404.html".to_string())
            }
            Job::Alias(id, path) => {
                cx.insert("page", &v.doc_meta(*id));
                ("redirect.html", path.clone())
            }
            Job::Search => {
                cx.insert("page", &v.meta(v.t("search"), "/search/", "search", None));
                let base = &site.config.base_path;
                cx.insert("index_url", &crate::markdown::join_base(base, &format!("/search/{}/", v.language().code)));
                cx.insert("script_url", &crate::markdown::join_base(base, "/search.js"));
                cx.insert("search_url", &v.url("/search/"));
                let lang = &v.language().code;
                if let Some((_, name)) = crate::search::text::algorithm(lang) {
                    cx.insert("stemmer_url", &crate::markdown::join_base(base, &format!("/stem/{name}.js")));
                }
                cx.insert("search_strings", &search_strings(v.strings, lang));
                ("search.html", "/search/".to_string())
            }
            Job::Programme => {
                let view = |s: &crate::programme::Session| v.session_view(s);
                let mut days = crate::programme::days(v.programme, &site.config.event.rooms, &view);
                for d in &mut days {
                    if let Ok(date) = crate::types::Date::parse(&d.date) {
                        d.label = v.date(date);
                    }
                    // times on the language's clock, rooms by their names in the language
                    for r in &mut d.ticks {
                        if let Ok(t) = crate::types::Time::parse(&r.time) {
                            r.time = v.time_range(t, None);
                        }
                    }
                    for g in &mut d.gaps {
                        g.time = v.time_range(g.from, Some(g.to));
                    }
                    for c in &mut d.columns {
                        c.label = if c.to_be_announced { v.t("programme_room_tba") } else { v.room(&c.label) };
                    }
                }
                cx.insert("page", &v.meta(v.t("programme"), "/programme/", "programme", None));
                // the legend: each session type the programme holds, in order of first appearance
                let mut legend: Vec<(&str, String)> = Vec::new();
                for s in &v.programme.sessions {
                    let kind = crate::render::views::session_kind(s.kind);
                    if !legend.iter().any(|(k, _)| *k == kind) {
                        legend.push((kind, v.session_label(s.kind)));
                    }
                }
                cx.insert("days", &days);
                let legend: Vec<serde_json::Value> = legend
                    .into_iter()
                    .map(|(kind, label)| serde_json::json!({ "kind": kind, "label": label }))
                    .collect();
                cx.insert("legend", &legend);
                cx.insert("unscheduled", &v.cards(&v.programme.unscheduled));
                cx.insert("timezone", &v.programme.clock.name);
                ("programme.html", "/programme/".to_string())
            }
            Job::Calendar(None) => return Ok((PathBuf::from("programme.ics"), v.calendar(None))),
            Job::Calendar(Some(id)) => {
                return Ok((output_file(&forum_calendar_url(&site.doc(*id).slug)), v.calendar(Some(*id))));
            }
            Job::Atom => return Ok((PathBuf::from("news/atom.xml"), v.atom(self.html))),
            Job::Schedule => return Ok((PathBuf::from("schedule.json"), v.schedule_json())),
            Job::Robots => return Ok((PathBuf::from("robots.txt"), v.robots())),
            Job::Sitemap | Job::SitemapPart(_) => {
                let pages: Vec<_> = self.jobs.iter().filter_map(|j| jobs::sitemap_entry(site, v, j)).collect();
                let per = site.config.sitemap_urls_per_file;
                let parts = page_count(jobs::sitemap_urls(site, self.jobs), per);
                return Ok(match job {
                    Job::SitemapPart(k) => (output_file(&sitemap_part_url(*k)), v.sitemap_part(&pages, *k, per)),
                    _ if parts > 1 => (PathBuf::from("sitemap.xml"), v.sitemap_index(parts)),
                    _ => (PathBuf::from("sitemap.xml"), v.sitemap(&pages)),
                });
            }
            Job::PaperPrint(i) => return self.render_print(*i, cx),
            Job::PaperBib(i) | Job::PaperRis(i) => {
                let entry = &site.papers[*i];
                let (ext, text) = match (job, v.paper(entry)) {
                    (Job::PaperBib(_), Some(p)) => ("bib", p.cite.bibtex),
                    (_, Some(p)) => ("ris", p.cite.ris),
                    (_, None) => ("txt", String::new()),
                };
                let url = format!("{}{}.{ext}", site.urls[entry.index], site.doc(entry.index).slug);
                return Ok((output_file(&url), text));
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
        let shown = v.shown(id);
        let d = site.doc(shown);
        let mut meta = v.doc_meta(id);
        meta.image = self.image_of(id);
        v.structured(id, &mut meta);
        cx.insert("page", &meta);
        match v.pictures.body_sizes.get(shown) {
            Some(sizes) if !sizes.is_empty() => cx.insert_value(
                "content",
                Value::safe_string(&crate::images::size_body_images(&self.html[shown], sizes, true)),
            ),
            _ => cx.insert_value("content", Value::safe_string(&self.html[shown])),
        }
        cx.insert("toc", &*v.tocs[shown]);
        let template = match &d.data {
            Data::Home(_) => {
                self.home_lists(&mut cx);
                "index.html"
            }
            Data::Page(_) => "page.html",
            Data::Forum(f) => {
                let session = v.programme.sessions.iter().find(|s| s.id == id);
                cx.insert(
                    "forum",
                    &ForumView {
                        number: f.number.map(|n| v.number(n.into())),
                        kind: v.session_label(f.kind),
                        date: f.date.map(|x| v.date(x)),
                        date_iso: f.date.map(|x| x.to_string()),
                        start: f.start.map(|x| v.time_range(x, None)),
                        end: f.end.map(|x| v.time_range(x, None)),
                        room: f.room.as_deref().map(|r| v.room(r)),
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
                        portrait: v.portrait(id),
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
                "speaker.html"
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
                        picture: v.picture(id),
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

    /// What the home page lists, each bounded (the page stays small at any site size): the
    /// first forums in programme order, the latest news, the papers, the featured speakers,
    /// and the calls to action.
    fn home_lists(&self, cx: &mut Context) {
        let (v, site) = (&self.views, self.views.site);
        let forums = &site.forums[..site.forums.len().min(HOME_FORUMS)];
        cx.insert("forums", &v.cards(forums));
        cx.insert("news", &v.cards(&site.news[..site.news.len().min(HOME_NEWS)]));
        let ids: Vec<DocId> = site.papers.iter().map(|p| p.index).take(HOME_PAPERS).collect();
        cx.insert("papers", &v.cards(&ids));
        cx.insert("home", &v.home(HOME_SPEAKERS));
    }

    /// The print edition: cover, contents, every chapter (references come with the last).
    fn render_print(&self, i: usize, mut cx: Context) -> Result<(PathBuf, String), Diagnostic> {
        let v = &self.views;
        let site = v.site;
        let entry = &site.papers[i];
        let index = entry.index;
        let path = format!("{}print/", site.urls[index]);
        let mut meta = v.doc_meta(index);
        meta.url = v.url(&path);
        meta.permalink = v.permalink(&path);
        cx.insert("page", &meta);
        cx.insert_value("paper", self.paper_value(i));
        use crate::paper::print::{localise, Part};
        let chapter_part = |n: usize| Part { prefix: format!("c{n}-"), id: format!("chapter-{n}") };
        let front = Part { prefix: "front-".into(), id: "cover".into() };
        let pages: std::collections::HashMap<String, Part> = std::iter::once((v.url(&site.urls[index]), front.clone()))
            .chain(entry.chapters.iter().enumerate().map(|(n, &c)| (v.url(&site.urls[c]), chapter_part(n + 1))))
            .collect();
        let chapters: Vec<PrintChapter> = entry
            .chapters
            .iter()
            .enumerate()
            .map(|(n, &c)| {
                let part = chapter_part(n + 1);
                PrintChapter {
                    number: n + 1,
                    title: site.doc(c).title.clone(),
                    toc: prefixed_toc(&v.tocs[c], &part.prefix),
                    content: localise(
                        &crate::images::size_body_images(
                            &self.html[c],
                            v.pictures.body_sizes.get(c).map_or(&[], |s| s),
                            false,
                        ),
                        &part,
                        &pages,
                    ),
                    id: part.id,
                }
            })
            .collect();
        cx.insert_value("content", Value::safe_string(&localise(&self.html[index], &front, &pages)));
        cx.insert("chapters", &chapters);
        self.finish("paper_print.html", &cx, &path)
    }

    /// The title of page `n` of `total` of a list (page 1 keeps the list's own title).
    fn list_title(&self, title: String, n: usize, total: usize) -> String {
        if n <= 1 {
            return title;
        }
        self.views.t_with("list_page_title", &[("title", &title), ("n", &n.to_string()), ("total", &total.to_string())])
    }

    /// Links between the pages of the list at `base`.
    fn pager(&self, base: &str, n: usize, total: usize) -> Pager {
        let v = &self.views;
        Pager {
            current: n,
            total,
            prev: (n > 1).then(|| v.url(&page_url(base, n - 1))),
            next: (n < total).then(|| v.url(&page_url(base, n + 1))),
            words: PagerWords {
                label: v.t("list_pages"),
                status: v.t_with("page_of", &[("n", &v.number(n as u64)), ("total", &v.number(total as u64))]),
                previous: v.t("previous_page"),
                next: v.t("next_page"),
            },
        }
    }

    /// Page `n` of the forums, grouped by day, then the unscheduled ones.
    fn forum_days(&self, n: usize) -> Vec<Group> {
        let site = self.views.site;
        let dated = |&id: &DocId| matches!(&site.doc(id).data, Data::Forum(f) if f.date.is_some());
        let order: Vec<DocId> = site
            .forums
            .iter()
            .copied()
            .filter(dated)
            .chain(site.forums.iter().copied().filter(|id| !dated(id)))
            .collect();
        let mut groups: Vec<Group> = Vec::new();
        let mut unscheduled = Vec::new();
        for &id in jobs::page_slice(&order, n, site.config.list_per_page) {
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
                label: self.views.t("not_yet_scheduled"),
                id: "unscheduled".into(),
                items: self.views.cards(&unscheduled),
            });
        }
        groups
    }

    /// Topic links of document `id` showing `words` (its own, or its translation's). A topic's
    /// address is the same in every language: the slug of the original's word at the same
    /// position (`/zh/topics/higher-education/` is labelled 高等教育), so a translation lists
    /// its topics in the original's order; a word past the original's list is not a link.
    fn topic_links(&self, id: DocId, words: &[String]) -> Vec<LinkView> {
        let original = topic_words(self.views.site.doc(id));
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let slug = original.get(i).map(|o| crate::types::slugify(o)).unwrap_or_default();
                LinkView {
                    label: w.clone(),
                    url: (!slug.is_empty() && self.views.site.topics.contains_key(&slug))
                        .then(|| self.views.url(&format!("/topics/{slug}/"))),
                }
            })
            .collect()
    }

    /// A term's label in this language: for topics, the word a translation shown in this
    /// language puts at the term's position (the first such document); else the term's own.
    fn term_label(&self, t: Taxonomy, slug: &str, term: &crate::graph::Term) -> String {
        if t == Taxonomy::Topics && self.views.lang > 0 {
            for &doc in &term.docs {
                let shown = self.views.shown(doc);
                if shown == doc {
                    continue;
                }
                let original = topic_words(self.views.site.doc(doc));
                let Some(i) = original.iter().position(|w| crate::types::slugify(w) == slug) else { continue };
                if let Some(word) = topic_words(self.views.site.doc(shown)).get(i) {
                    return word.clone();
                }
            }
        }
        match t {
            Taxonomy::Countries => self.views.country_name(slug),
            Taxonomy::Topics => term.label.clone(),
        }
    }

    /// The search index files: (output path, JSON).
    /// `None` when `stop` said to give up.
    pub fn search_files(&self, stop: crate::search::Stop) -> Option<Vec<(PathBuf, String)>> {
        let lang = &self.views.language().code;
        let entries = self.views.search_entries(self.sections);
        let files = crate::search::build_until(lang, &entries, stop)?;
        Some(files.into_iter().map(|(name, json)| (PathBuf::from(format!("search/{lang}/{name}")), json)).collect())
    }

    /// Absolute address of a document's image (speaker photo, news image; the largest size),
    /// for link previews. Generated avatars are left out (link previews do not show SVG).
    fn image_of(&self, id: DocId) -> Option<String> {
        let v = &self.views;
        let image = v.portrait(id).filter(|p| !p.avatar).or_else(|| v.picture(id))?;
        let url = image.sizes.last()?.path.clone();
        let base = &self.views.site.config.base_url;
        let origin = base.find("://").and_then(|i| base[i + 3..].find('/').map(|j| &base[..i + 3 + j])).unwrap_or(base);
        Some(format!("{origin}{url}"))
    }

    /// A file named in front matter: `/x.jpg` is under `static/`, a bare name sits beside
    /// the document (co-located assets keep their place under `content/`).
    fn media_url(&self, id: DocId, file: &str) -> String {
        if file.starts_with("http://") || file.starts_with("https://") {
            return file.to_string();
        }
        // files are written once for every language: no language prefix
        let base = &self.views.site.config.base_path;
        if file.starts_with('/') {
            return crate::markdown::join_base(base, file);
        }
        let d = self.views.site.doc(id);
        let dir = d
            .path
            .parent()
            .and_then(|p| p.strip_prefix("content").ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let path = if dir.is_empty() { format!("/{file}") } else { format!("/{dir}/{file}") };
        crate::markdown::join_base(base, &path)
    }
}

/// The topics of a forum or the tags of a news item.
fn topic_words(doc: &crate::model::Doc) -> &[String] {
    match &doc.data {
        Data::Forum(f) => &f.topics,
        Data::News(n) => &n.tags,
        _ => &[],
    }
}

/// The texts `search.js` shows, in the page's language, as JSON for a `<script>` element:
/// status lines, the result count for each plural category the language's strings have
/// (`search_count_<category>`, chosen in the browser by `Intl.PluralRules`), and the name of
/// each kind of result.
fn search_strings(strings: &crate::i18n::Strings, lang: &str) -> String {
    let mut m = serde_json::Map::new();
    let put = |m: &mut serde_json::Map<String, serde_json::Value>, name: &str, key: &str| {
        if let Some(s) = strings.get(lang, key) {
            m.insert(name.to_string(), s.into());
        }
    };
    for (name, key) in [
        ("searching", "search_searching"),
        ("none", "search_no_results"),
        ("stop", "search_only_common_words"),
        ("error", "search_error"),
        ("more", "search_show_more"),
    ] {
        put(&mut m, name, key);
    }
    let mut count = serde_json::Map::new();
    for cat in ["zero", "one", "two", "few", "many", "other"] {
        put(&mut count, cat, &format!("search_count_{cat}"));
    }
    m.insert("count".into(), count.into());
    let mut kinds = serde_json::Map::new();
    for kind in ["forum", "speaker", "news", "paper", "chapter", "page"] {
        put(&mut kinds, kind, &format!("search_kind_{kind}"));
    }
    m.insert("kinds".into(), kinds.into());
    crate::outputs::jsonld::script_safe(&serde_json::Value::Object(m))
}
