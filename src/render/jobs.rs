//! The list of files a site consists of ([`Job`]s), in a fixed order, and what each job
//! means: its template, its address, its output file.

use std::path::PathBuf;

use crate::graph::{alias_url, DocId, Site, Term};
use crate::model::Data;

use super::views::Views;

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// The home page of a site without `content/_index.md`.
    DefaultHome,
    /// A redirect from an old address to a document.
    Alias(DocId, String),
    /// `/programme/`: the day-by-day grid.
    Programme,
    /// `/programme.ics` (`None`) or `/forums/<slug>.ics`.
    Calendar(Option<DocId>),
    /// `/news/atom.xml`.
    Atom,
    /// `/schedule.json` (frab).
    Schedule,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// `/search/`.
    Search,
    /// A paper's print edition, `/papers/<slug>/print/` (by position in `site.papers`).
    PaperPrint(usize),
    /// A paper's citation as BibTeX, `/papers/<slug>/<slug>.bib`.
    PaperBib(usize),
    /// A paper's citation as RIS, `/papers/<slug>/<slug>.ris`.
    PaperRis(usize),
}

/// The two taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    /// Topics of forums and tags of news.
    Topics,
    /// Countries of speakers.
    Countries,
}

impl Taxonomy {
    pub(super) fn key(self) -> &'static str {
        match self {
            Taxonomy::Topics => "topics",
            Taxonomy::Countries => "countries",
        }
    }

    pub(super) fn terms(self, site: &Site) -> &std::collections::BTreeMap<String, Term> {
        match self {
            Taxonomy::Topics => &site.topics,
            Taxonomy::Countries => &site.countries,
        }
    }
}

/// Every file the site consists of, in a fixed order.
pub fn jobs(site: &Site, programme: &crate::programme::Programme) -> Vec<Job> {
    // translations are not jobs of their own: each original is rendered once per language
    let mut jobs: Vec<Job> = (0..site.originals).map(Job::Doc).collect();
    jobs.extend([Job::Forums, Job::Speakers, Job::Papers, Job::NotFound]);
    if site.home.is_none() {
        jobs.push(Job::DefaultHome);
    }
    let pages = site.news.len().div_ceil(site.config.news_per_page).max(1);
    jobs.extend((1..=pages).map(Job::NewsPage));
    for t in [Taxonomy::Topics, Taxonomy::Countries] {
        jobs.push(Job::Taxonomy(t));
        jobs.extend(t.terms(site).keys().map(|k| Job::Term(t, k.clone())));
    }
    for (id, d) in site.docs[..site.originals].iter().enumerate() {
        jobs.extend(d.common.aliases.iter().map(|a| Job::Alias(id, alias_url(a))));
    }
    if !programme.sessions.is_empty() {
        jobs.push(Job::Programme);
        jobs.push(Job::Calendar(None));
        jobs.push(Job::Schedule);
        jobs.extend(programme.sessions.iter().map(|s| Job::Calendar(Some(s.id))));
    }
    if !site.news.is_empty() {
        jobs.push(Job::Atom);
    }
    jobs.extend([Job::Search, Job::Sitemap, Job::Robots]);
    for i in 0..site.papers.len() {
        jobs.extend([Job::PaperPrint(i), Job::PaperBib(i), Job::PaperRis(i)]);
    }
    jobs
}

/// The address of an HTML job, and its content date, for the sitemap (`None`: not listed).
pub(super) fn sitemap_entry(site: &Site, views: &Views, job: &Job) -> Option<(String, Option<crate::types::Date>)> {
    Some(match job {
        Job::Doc(id) => (site.urls[*id].clone(), views.content_date(*id)),
        Job::Forums => ("/forums/".into(), None),
        Job::Speakers => ("/speakers/".into(), None),
        Job::Papers => ("/papers/".into(), None),
        Job::NewsPage(n) => (news_page_url(*n), None),
        Job::Taxonomy(t) => (format!("/{}/", t.key()), None),
        Job::Term(t, slug) => (format!("/{}/{slug}/", t.key()), None),
        Job::Programme => ("/programme/".into(), None),
        Job::DefaultHome => ("/".into(), None),
        _ => return None,
    })
}

/// The file of a forum's calendar.
pub fn forum_calendar_url(slug: &str) -> String {
    format!("/forums/{slug}.ics")
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
        Job::DefaultHome => "index.html",
        Job::Programme => "programme.html",
        Job::Search => "search.html",
        Job::PaperPrint(_) => "paper_print.html",
        // machine-readable files use no template
        Job::Calendar(_)
        | Job::Atom
        | Job::Schedule
        | Job::Sitemap
        | Job::Robots
        | Job::PaperBib(_)
        | Job::PaperRis(_) => "",
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
        Job::DefaultHome => "/".into(),
        Job::Programme => "/programme/".into(),
        Job::Search => "/search/".into(),
        Job::Calendar(None) => "/programme.ics".into(),
        Job::Calendar(Some(id)) => forum_calendar_url(&site.doc(*id).slug),
        Job::Atom => "/news/atom.xml".into(),
        Job::Schedule => "/schedule.json".into(),
        Job::Sitemap => "/sitemap.xml".into(),
        Job::Robots => "/robots.txt".into(),
        Job::PaperPrint(i) => format!("{}print/", site.urls[site.papers[*i].index]),
        Job::PaperBib(i) | Job::PaperRis(i) => {
            let ext = if matches!(job, Job::PaperBib(_)) { "bib" } else { "ris" };
            let index = site.papers[*i].index;
            format!("{}{}.{ext}", site.urls[index], site.doc(index).slug)
        }
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
