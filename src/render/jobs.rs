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
    /// `/forums/` (page 1) and `/forums/page/N/`.
    Forums(usize),
    /// `/speakers/` (page 1) and `/speakers/page/N/`.
    Speakers(usize),
    /// `/news/` (page 1) and `/news/page/N/`.
    NewsPage(usize),
    /// `/papers/`.
    Papers,
    /// `/topics/` or `/countries/`.
    Taxonomy(Taxonomy),
    /// `/topics/<slug>/` or `/countries/<code>/` (page 1), and `…/page/N/`.
    Term(Taxonomy, String, usize),
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
    /// `/sitemap.xml`: the sitemap, or the index of its files when it holds more addresses
    /// than one file may.
    Sitemap,
    /// `/sitemap-N.xml`, the Nth file of a sitemap that is split (from 1).
    SitemapPart(usize),
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
    let per = site.config.list_per_page;
    jobs.extend((1..=page_count(site.forums.len(), per)).map(Job::Forums));
    jobs.extend((1..=page_count(site.speakers.len(), per)).map(Job::Speakers));
    jobs.extend([Job::Papers, Job::NotFound]);
    if site.home.is_none() {
        jobs.push(Job::DefaultHome);
    }
    jobs.extend((1..=page_count(site.news.len(), site.config.news_per_page)).map(Job::NewsPage));
    for t in [Taxonomy::Topics, Taxonomy::Countries] {
        jobs.push(Job::Taxonomy(t));
        for (k, term) in t.terms(site) {
            jobs.extend((1..=page_count(term.docs.len(), per)).map(|n| Job::Term(t, k.clone(), n)));
        }
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
    let parts = sitemap_files(site, &jobs);
    if parts > 1 {
        jobs.extend((1..=parts).map(Job::SitemapPart));
    }
    jobs
}

/// How many pages a list of `items` takes at `per` a page (at least one, which may be empty).
pub fn page_count(items: usize, per: usize) -> usize {
    items.div_ceil(per.max(1)).max(1)
}

/// The items of page `n` (from 1) of a list, `per` a page.
pub fn page_slice<T>(items: &[T], n: usize, per: usize) -> &[T] {
    let start = (n.saturating_sub(1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// The address of page `n` of the list at `base` (`/forums/`): `base` for page 1,
/// `base` + `page/N/` after.
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Whether a job is a page the sitemap lists.
fn in_sitemap(job: &Job) -> bool {
    matches!(
        job,
        Job::Doc(_)
            | Job::Forums(_)
            | Job::Speakers(_)
            | Job::Papers
            | Job::NewsPage(_)
            | Job::Taxonomy(_)
            | Job::Term(..)
            | Job::Programme
            | Job::DefaultHome
    )
}

/// How many addresses the sitemap lists: every listed page, once per language when the
/// site has several.
pub(super) fn sitemap_urls(site: &Site, jobs: &[Job]) -> usize {
    let languages = site.config.languages.len();
    jobs.iter().filter(|j| in_sitemap(j)).count() * if languages < 2 { 1 } else { languages }
}

/// How many files the sitemap takes (1: `sitemap.xml` alone).
fn sitemap_files(site: &Site, jobs: &[Job]) -> usize {
    page_count(sitemap_urls(site, jobs), site.config.sitemap_urls_per_file)
}

/// The address of an HTML job, and its content date, for the sitemap (`None`: not listed).
pub(super) fn sitemap_entry(site: &Site, views: &Views, job: &Job) -> Option<(String, Option<crate::types::Date>)> {
    Some(match job {
        Job::Doc(id) => (site.urls[*id].clone(), views.content_date(*id)),
        Job::Forums(n) => (page_url("/forums/", *n), None),
        Job::Speakers(n) => (page_url("/speakers/", *n), None),
        Job::Papers => ("/papers/".into(), None),
        Job::NewsPage(n) => (news_page_url(*n), None),
        Job::Taxonomy(t) => (format!("/{}/", t.key()), None),
        Job::Term(t, slug, n) => (page_url(&format!("/{}/{slug}/", t.key()), *n), None),
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
        Job::Forums(_) => "forums.html",
        Job::Speakers(_) => "speakers.html",
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
        | Job::SitemapPart(_)
        | Job::Robots
        | Job::PaperBib(_)
        | Job::PaperRis(_) => "",
    }
}

/// The address a job's page gets (below the base path).
pub fn url_of(site: &Site, job: &Job) -> String {
    match job {
        Job::Doc(id) => site.urls[*id].clone(),
        Job::Forums(n) => page_url("/forums/", *n),
        Job::Speakers(n) => page_url("/speakers/", *n),
        Job::Papers => "/papers/".into(),
        Job::NewsPage(n) => news_page_url(*n),
        Job::Taxonomy(t) => format!("/{}/", t.key()),
        Job::Term(t, slug, n) => page_url(&format!("/{}/{slug}/", t.key()), *n),
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
        Job::SitemapPart(n) => sitemap_part_url(*n),
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
    page_url("/news/", n)
}

/// The Nth file of a split sitemap.
pub fn sitemap_part_url(n: usize) -> String {
    format!("/sitemap-{n}.xml")
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
        assert_eq!(page_url("/topics/open-data/", 2), "/topics/open-data/page/2/");
    }

    #[test]
    fn pages_of_a_list() {
        assert_eq!((page_count(0, 3), page_count(3, 3), page_count(4, 3)), (1, 1, 2));
        let items = [1, 2, 3, 4, 5, 6, 7];
        assert_eq!(page_slice(&items, 1, 3), &[1, 2, 3]);
        assert_eq!(page_slice(&items, 3, 3), &[7]);
        assert!(page_slice(&items, 4, 3).is_empty());
    }
}
