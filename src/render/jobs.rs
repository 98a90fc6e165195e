//! The list of files a site consists of ([`Job`]s), in a fixed order, and the one table of
//! what each job is ([`spec`]): its template, its address (and so its output file), whether
//! it is written once or per language, whether the sitemap lists it, and what it shows (the
//! class serve's dependency map reads). The renderer, the output check, the alias collision
//! check and serve all read that table, so a new kind of job is described in one place.

use std::path::PathBuf;

use crate::graph::{alias_url, DocId, Site, Term};
use crate::load::Kind;
use crate::model::Data;

use super::views::Views;

/// One file to write. [`JobKind`] names each variant without its data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, strum::EnumDiscriminants)]
#[strum_discriminants(name(JobKind), derive(Hash, PartialOrd, Ord, strum::VariantArray))]
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

/// How many documents a list page shows (its page of forums, speakers, news or a term's
/// documents); 0 for every other job. Serve tries a template on its shortest page.
pub fn listed(site: &Site, job: &Job) -> usize {
    let per = site.config.list_per_page;
    match job {
        Job::Forums(n) => page_slice(&site.forums, *n, per).len(),
        Job::Speakers(n) => page_slice(&site.speakers, *n, per).len(),
        Job::NewsPage(n) => page_slice(&site.news, *n, site.config.news_per_page).len(),
        Job::Term(t, slug, n) => t.terms(site).get(slug).map_or(0, |term| page_slice(&term.docs, *n, per).len()),
        _ => 0,
    }
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

/// How many addresses the sitemap lists: every listed page, once per language when the
/// site has several.
pub(super) fn sitemap_urls(site: &Site, jobs: &[Job]) -> usize {
    let languages = site.config.languages.len();
    jobs.iter().filter(|j| spec(site, j).listed).count() * if languages < 2 { 1 } else { languages }
}

/// How many files the sitemap takes (1: `sitemap.xml` alone).
fn sitemap_files(site: &Site, jobs: &[Job]) -> usize {
    page_count(sitemap_urls(site, jobs), site.config.sitemap_urls_per_file)
}

/// The address of an HTML job, and its content date, for the sitemap (`None`: not listed).
pub(super) fn sitemap_entry(site: &Site, views: &Views, job: &Job) -> Option<(String, Option<crate::types::Date>)> {
    let spec = spec(site, job);
    let date = match job {
        Job::Doc(id) => views.content_date(*id),
        _ => None,
    };
    spec.listed.then_some((spec.url, date))
}

/// The file of a forum's calendar.
pub fn forum_calendar_url(slug: &str) -> String {
    ["/forums/", slug, ".ics"].concat()
}

/// What a job is, besides its content: one row of the job table ([`spec`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec<'j> {
    /// The template it renders with (before `extends`/`include`); `None` for a
    /// machine-readable file, which uses none.
    pub template: Option<&'static str>,
    /// Its address below the base path (its output file is [`output_file`] of it).
    pub url: String,
    /// Written once for the whole site rather than once per language.
    pub once: bool,
    /// Listed in the sitemap.
    pub listed: bool,
    /// What its content shows, for serve's dependency map.
    pub shows: Shows<'j>,
}

impl Spec<'_> {
    /// The output file, relative to the output root (in the default language).
    pub fn file(&self) -> PathBuf {
        output_file(&self.url)
    }
}

/// What a job's content depends on besides the site-wide values (title, menu, event) and
/// its templates; serve re-renders a job when one of these changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows<'j> {
    /// One document (its page, a redirect to it, a forum's calendar) and the documents it
    /// shows or that show it.
    Doc(DocId),
    /// Lists of documents of these kinds.
    Kinds(&'static [Kind]),
    /// The documents that carry a term.
    Term(Taxonomy, &'j str),
    /// The pages of a paper (by position in `site.papers`).
    Paper(usize),
    /// Every document (changes with any of them).
    Everything,
    /// Nothing but the site-wide values.
    SiteOnly,
}

/// Kinds whose lists show forums: forum cards carry their people's faces.
const FORUMS_AND_PEOPLE: &[Kind] = &[Kind::Forum, Kind::Speaker];

/// The template that renders a document's own page.
pub fn doc_template(data: &Data) -> &'static str {
    match data {
        Data::Home(_) => "index.html",
        Data::Page(_) => "page.html",
        Data::Forum(_) => "forum.html",
        Data::Speaker(_) => "speaker.html",
        Data::News(_) => "news.html",
        Data::Paper(_) => "paper.html",
        Data::Chapter(_) => "chapter.html",
    }
}

/// The job table: what each job is. One `match`, so a new kind of job cannot be left out.
pub fn spec<'j>(site: &Site, job: &'j Job) -> Spec<'j> {
    let row = |template: Option<&'static str>, url: String, listed: bool, shows: Shows<'j>| Spec {
        template,
        url,
        once: false,
        listed,
        shows,
    };
    let file = |url: String, shows: Shows<'j>| row(None, url, false, shows);
    match job {
        Job::Doc(id) => row(Some(doc_template(&site.doc(*id).data)), site.urls[*id].clone(), true, Shows::Doc(*id)),
        Job::Forums(n) => row(Some("forums.html"), page_url("/forums/", *n), true, Shows::Kinds(FORUMS_AND_PEOPLE)),
        Job::Speakers(n) => {
            row(Some("speakers.html"), page_url("/speakers/", *n), true, Shows::Kinds(&[Kind::Speaker]))
        }
        Job::Papers => row(Some("papers.html"), "/papers/".into(), true, Shows::Kinds(&[Kind::Paper, Kind::Chapter])),
        Job::NewsPage(n) => row(Some("news_list.html"), news_page_url(*n), true, Shows::Kinds(&[Kind::News])),
        Job::Taxonomy(t) => {
            let kinds: &'static [Kind] = match t {
                Taxonomy::Topics => &[Kind::Forum, Kind::News],
                Taxonomy::Countries => &[Kind::Speaker],
            };
            // a taxonomy with no terms ("None yet.": no speaker gives a country) is written, for
            // a theme that links it, but not offered to search engines (its page says `noindex`)
            row(Some("taxonomy.html"), format!("/{}/", t.key()), !t.terms(site).is_empty(), Shows::Kinds(kinds))
        }
        Job::Term(t, slug, n) => {
            row(Some("term.html"), page_url(&format!("/{}/{slug}/", t.key()), *n), true, Shows::Term(*t, slug))
        }
        Job::NotFound => row(Some("404.html"), "/404.html".into(), false, Shows::SiteOnly),
        Job::Alias(id, path) => row(Some("redirect.html"), path.clone(), false, Shows::Doc(*id)),
        Job::DefaultHome => row(Some("index.html"), "/".into(), true, Shows::Everything),
        Job::Programme => row(Some("programme.html"), "/programme/".into(), true, Shows::Kinds(FORUMS_AND_PEOPLE)),
        Job::Search => row(Some("search.html"), "/search/".into(), false, Shows::SiteOnly),
        Job::PaperPrint(i) => row(
            Some("paper_print.html"),
            format!("{}{}/", site.urls[site.papers[*i].index], crate::graph::PRINT_SLUG),
            false,
            Shows::Paper(*i),
        ),
        // machine-readable files use no template
        Job::Calendar(None) => file("/programme.ics".into(), Shows::Kinds(FORUMS_AND_PEOPLE)),
        // a forum's own calendar names the forum and its people
        Job::Calendar(Some(id)) => file(forum_calendar_url(&site.doc(*id).slug), Shows::Doc(*id)),
        Job::Atom => file("/news/atom.xml".into(), Shows::Kinds(&[Kind::News])),
        Job::Schedule => file("/schedule.json".into(), Shows::Kinds(FORUMS_AND_PEOPLE)),
        Job::Sitemap => Spec { once: true, ..file("/sitemap.xml".into(), Shows::Everything) },
        Job::SitemapPart(n) => Spec { once: true, ..file(sitemap_part_url(*n), Shows::Everything) },
        Job::Robots => Spec { once: true, ..file("/robots.txt".into(), Shows::SiteOnly) },
        Job::PaperBib(i) | Job::PaperRis(i) => {
            let ext = if matches!(job, Job::PaperBib(_)) { "bib" } else { "ris" };
            let index = site.papers[*i].index;
            file(format!("{}{}.{ext}", site.urls[index], site.doc(index).slug), Shows::Paper(*i))
        }
    }
}

/// Templates that exactly one kind of page renders with (every `template` of [`spec`]); any
/// other template (`base.html`, `components.html`, partials) may be part of every page.
pub const PAGE_TEMPLATES: [&str; 18] = [
    "programme.html",
    "search.html",
    "paper_print.html",
    "index.html",
    "page.html",
    "forum.html",
    "speaker.html",
    "news.html",
    "paper.html",
    "chapter.html",
    "forums.html",
    "speakers.html",
    "papers.html",
    "news_list.html",
    "taxonomy.html",
    "term.html",
    "404.html",
    "redirect.html",
];

/// The output file of a site address: `/x/` → `x/index.html`.
pub fn output_file(url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        PathBuf::from([trimmed, "index.html"].concat())
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
