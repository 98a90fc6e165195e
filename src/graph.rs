//! The content graph: every document gets an id and an address; references between
//! documents are checked and indexed both ways; lists are sorted. Pure: no I/O.
//!
//! Invariant: every collection the graph holds is sorted or a `BTreeMap`, so nothing
//! downstream sees hash-map or thread order (a map used for lookups only, and parts made on
//! two threads and joined in a fixed order, stay inside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::Kind;
use crate::model::{Author, Data, Doc};
use crate::types::slugify;

/// Index of a document in [`Site::docs`].
pub type DocId = usize;

/// A paper and its chapters, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperEntry {
    /// The paper's `_index.md`.
    pub index: DocId,
    /// Its chapters, ordered.
    pub chapters: Vec<DocId>,
}

impl PaperEntry {
    /// The landing page, then the chapters.
    pub fn pages(&self) -> impl Iterator<Item = DocId> + '_ {
        std::iter::once(self.index).chain(self.chapters.iter().copied())
    }
}

/// How a speaker takes part in a forum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Moderates it.
    Moderator,
    /// Speaks in it.
    Speaker,
}

/// One term of a taxonomy (a topic, a country) and what carries it.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name.
    pub label: String,
    /// Documents, in the order of the site's lists.
    pub docs: Vec<DocId>,
}

/// The whole site, ready to render.
///
/// The per-document tables are shared (`Arc`): an edit that keeps every document's front
/// matter makes its site as a copy of the previous one with the edited documents swapped in
/// (`pipeline::assemble`), and copying these tables was most of that copy's cost.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub config: SiteConfig,
    /// Documents in the build, sorted by path.
    /// (Shared with the parsed sources, so a rebuild need not copy them.)
    pub docs: Vec<Arc<Doc>>,
    /// Address (path below the base URL, e.g. `/forums/x/`) of each document.
    pub urls: Arc<Vec<String>>,
    /// The home page's document, if written.
    pub home: Option<DocId>,
    /// Forums in programme order (date, start, number, title).
    pub forums: Vec<DocId>,
    /// Speakers by name.
    pub speakers: Vec<DocId>,
    /// News, newest first.
    pub news: Vec<DocId>,
    /// Papers by title.
    pub papers: Vec<PaperEntry>,
    /// For each chapter of a paper: its paper's place in `papers` and its own place among the
    /// paper's chapters (indexed by doc id; `None` for every other document).
    pub chapter_places: Arc<Vec<Option<(usize, usize)>>>,
    /// Free pages by menu position, then title.
    pub pages: Vec<DocId>,
    /// Forums of each speaker, with their role (indexed by doc id).
    pub speaker_forums: Arc<Vec<Vec<(DocId, Role)>>>,
    /// News mentioning each speaker or forum (indexed by doc id).
    pub mentioned_in: Arc<Vec<Vec<DocId>>>,
    /// Papers each speaker wrote (indexed by doc id).
    pub speaker_papers: Arc<Vec<Vec<DocId>>>,
    /// Topics of forums and news, by slug.
    pub topics: Arc<BTreeMap<String, Term>>,
    /// Speakers by country code.
    pub countries: Arc<BTreeMap<String, Term>>,
    /// Paths relative to `content/` → document, for `@/` links.
    pub by_source: Arc<BTreeMap<PathBuf, DocId>>,
    /// Documents `0..originals` are in the default language; the rest are translations.
    pub originals: usize,
    /// For each original: its document in each language (index as in `config.languages`;
    /// `[0]` is the original itself), `None` where it is not translated.
    pub variants: Arc<Vec<Vec<Option<DocId>>>>,
    /// Language index of each document.
    pub lang_of: Arc<Vec<usize>>,
    /// The original of each document (itself for originals).
    pub original_of: Arc<Vec<DocId>>,
    /// kind → slug → document, for references (looked up without allocating).
    pub by_slug: Arc<BTreeMap<Kind, BTreeMap<String, DocId>>>,
}

impl Site {
    /// The document with this id.
    pub fn doc(&self, id: DocId) -> &Doc {
        &self.docs[id]
    }

    /// A forum or speaker by slug.
    pub fn find(&self, kind: Kind, slug: &str) -> Option<DocId> {
        self.by_slug.get(&kind)?.get(slug).copied()
    }

    /// The paper holding chapter `id` (its place in `papers`) and the chapter's place among
    /// its chapters; `None` when `id` is no paper's chapter.
    pub fn chapter_place(&self, id: DocId) -> Option<(usize, usize)> {
        self.chapter_places.get(id).copied().flatten()
    }
}

/// Fixed addresses the generator writes itself; a page may not take them.
pub const GENERATED: [&str; 8] =
    ["/forums/", "/speakers/", "/news/", "/papers/", "/topics/", "/countries/", "/programme/", "/search/"];

/// Builds the graph from parsed documents. Drafts are dropped unless `drafts`.
pub fn build(config: SiteConfig, mut docs: Vec<Arc<Doc>>, drafts: bool) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // paths are unique (one file each), so an unstable sort gives the one order
    docs.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));

    // translations are set aside and attached to their originals once those have ids
    let mut translations = Vec::new();
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut excluded_drafts: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut kept = Vec::with_capacity(docs.len());
    for d in docs {
        if d.common.draft && !drafts {
            if d.lang.is_none() {
                excluded_drafts.insert((d.kind, d.slug.clone()));
            }
            continue;
        }
        match &d.lang {
            Some(lang) if lang != &config.default_language => match codes.iter().position(|c| c == lang) {
                Some(i) => translations.push((i, d)),
                None => diags.push(
                    Diagnostic::error(&d.path, 0, 0, format!("`{lang}` is not one of the site's languages")).with_help(
                        did_you_mean(lang, codes.iter().copied()).unwrap_or_else(|| {
                            format!("declare it under `languages` in site.yaml (now: {})", codes.join(", "))
                        }),
                    ),
                ),
            },
            _ => kept.push(d),
        }
    }
    let docs = kept;

    let n = docs.len();
    let languages = codes.len();
    let mut site = Site {
        config,
        urls: Arc::new(docs.par_iter().map(|d| url_of(d)).collect()),
        home: None,
        forums: Vec::new(),
        speakers: Vec::new(),
        news: Vec::new(),
        papers: Vec::new(),
        chapter_places: Arc::default(),
        pages: Vec::new(),
        speaker_forums: Arc::new(vec![Vec::new(); n]),
        mentioned_in: Arc::new(vec![Vec::new(); n]),
        speaker_papers: Arc::new(vec![Vec::new(); n]),
        topics: Arc::default(),
        countries: Arc::default(),
        by_source: Arc::default(),
        originals: n,
        variants: Arc::new(
            (0..n)
                .map(|id| {
                    let mut v = vec![None; languages];
                    v[0] = Some(id);
                    v
                })
                .collect(),
        ),
        lang_of: Arc::new(vec![0; n]),
        original_of: Arc::new((0..n).collect()),
        by_slug: Arc::default(),
        docs,
    };
    // the slugs and the sources' map are made side by side
    let (by_slug, by_source) = rayon::join(
        || {
            let mut by_slug: BTreeMap<Kind, BTreeMap<String, DocId>> = BTreeMap::new();
            for (id, d) in site.docs.iter().enumerate() {
                by_slug.entry(d.kind).or_default().insert(d.slug.clone(), id);
            }
            by_slug
        },
        // collected in one go: the documents are sorted by path, so this is a bulk build
        || {
            site.docs
                .iter()
                .enumerate()
                .map(|(id, d)| (d.path.strip_prefix("content").unwrap_or(&d.path).to_path_buf(), id))
                .collect()
        },
    );
    site.by_slug = Arc::new(by_slug);
    site.by_source = Arc::new(by_source);

    let mut paper_index: BTreeMap<String, DocId> = BTreeMap::new();
    let mut chapters: BTreeMap<String, Vec<DocId>> = BTreeMap::new();
    for (id, d) in site.docs.iter().enumerate() {
        match &d.data {
            Data::Home(_) => site.home = Some(id),
            Data::Page(_) => site.pages.push(id),
            Data::Forum(_) => site.forums.push(id),
            Data::Speaker(_) => site.speakers.push(id),
            Data::News(_) => site.news.push(id),
            Data::Paper(_) => {
                paper_index.insert(d.paper.clone().unwrap_or_default(), id);
            }
            Data::Chapter(_) => chapters.entry(d.paper.clone().unwrap_or_default()).or_default().push(id),
        }
    }
    // the address check beside the link check and the lists' sort (which the checks do not
    // read); their findings in that order
    let mut lists = Lists {
        forums: std::mem::take(&mut site.forums),
        speakers: std::mem::take(&mut site.speakers),
        news: std::mem::take(&mut site.news),
        pages: std::mem::take(&mut site.pages),
    };
    let (addresses, links) = rayon::join(
        || {
            let mut found = Vec::new();
            check_addresses(&site, &mut found);
            found
        },
        || {
            let mut found = Vec::new();
            check_content_links(&site, &mut found);
            lists.sort(&site.docs);
            found
        },
    );
    diags.extend(addresses);
    diags.extend(links);
    Lists { forums: site.forums, speakers: site.speakers, news: site.news, pages: site.pages } = lists;

    for (folder, ids) in chapters {
        let Some(&index) = paper_index.get(&folder) else {
            for id in ids {
                diags.push(
                    Diagnostic::error(
                        &site.docs[id].path,
                        0,
                        0,
                        format!("this chapter's paper `{folder}` has no `_index.md`"),
                    )
                    .with_help(format!("create content/papers/{folder}/_index.md with the paper's `title`")),
                );
            }
            continue;
        };
        site.papers.push(PaperEntry { index, chapters: ids });
    }
    for (_, index) in paper_index {
        if !site.papers.iter().any(|p| p.index == index) {
            site.papers.push(PaperEntry { index, chapters: Vec::new() });
        }
    }
    for p in &mut site.papers {
        let docs = &site.docs;
        p.chapters.sort_by(|&a, &b| {
            let key = |id: DocId| match &docs[id].data {
                Data::Chapter(c) => (c.order.is_none(), c.order, docs[id].path.clone()),
                _ => (true, None, docs[id].path.clone()),
            };
            key(a).cmp(&key(b))
        });
    }
    site.papers.sort_by(|a, b| site.docs[a.index].title.cmp(&site.docs[b.index].title));
    let mut places = vec![None; site.docs.len()];
    for (i, p) in site.papers.iter().enumerate() {
        for (k, &c) in p.chapters.iter().enumerate() {
            places[c] = Some((i, k));
        }
    }
    site.chapter_places = Arc::new(places);

    check_references(&mut site, &excluded_drafts, &mut diags);
    build_taxonomies(&mut site);
    attach_translations(&mut site, translations, &excluded_drafts, &mut diags);
    (site, diags)
}

/// Gives each translation an id after the originals and records it as its original's variant.
/// Its address is its original's (the language prefix is added when rendering).
fn attach_translations(
    site: &mut Site,
    translations: Vec<(usize, Arc<Doc>)>,
    drafts: &BTreeSet<(Kind, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    for (lang, d) in translations {
        let code = &site.config.languages[lang].code;
        let file =
            d.path.file_name().map(|f| f.to_string_lossy().replace(&format!(".{code}.md"), ".md")).unwrap_or_default();
        let original_path = d.path.with_file_name(&file);
        let rel = original_path.strip_prefix("content").unwrap_or(&original_path).to_path_buf();
        let Some(&orig) = site.by_source.get(&rel) else {
            if !drafts.contains(&(d.kind, d.slug.clone())) {
                diags.push(
                    Diagnostic::error(
                        &d.path,
                        0,
                        0,
                        format!(
                            "this `{code}` translation has no original: {} does not exist",
                            original_path.display()
                        ),
                    )
                    .with_help("a translation `<name>.<code>.md` sits beside `<name>.md`; check the file name"),
                );
            }
            continue;
        };
        if site.variants[orig][lang].is_some() {
            continue; // two spellings of one language cannot happen: file names are unique
        }
        for (key, slugs, kind) in references(&d) {
            for slug in slugs {
                if site.find(kind, slug).is_none() {
                    diags.push(d.error_at(key, Some(slug), format!("unknown {} `{slug}`", kind.noun())).with_help(
                        format!(
                            "the original {} has the references; a translation names the same slugs",
                            original_path.display()
                        ),
                    ));
                }
            }
        }
        // what the translation leaves out is its original's
        let d = Arc::new(crate::model::inherit(&site.docs[orig], &d));
        let id = site.docs.len();
        let url = site.urls[orig].clone();
        Arc::make_mut(&mut site.urls).push(url);
        Arc::make_mut(&mut site.variants)[orig][lang] = Some(id);
        Arc::make_mut(&mut site.lang_of).push(lang);
        Arc::make_mut(&mut site.original_of).push(orig);
        Arc::make_mut(&mut site.speaker_forums).push(Vec::new());
        Arc::make_mut(&mut site.mentioned_in).push(Vec::new());
        Arc::make_mut(&mut site.speaker_papers).push(Vec::new());
        Arc::make_mut(&mut site.chapter_places).push(None);
        site.docs.push(d);
    }
}

/// (key, slugs, kind) of the references a document makes.
fn references(d: &Doc) -> Vec<(&'static str, &[String], Kind)> {
    match &d.data {
        Data::Forum(f) => {
            vec![("moderators", &f.moderators[..], Kind::Speaker), ("speakers", &f.speakers[..], Kind::Speaker)]
        }
        Data::News(n) => vec![("speakers", &n.speakers[..], Kind::Speaker), ("forums", &n.forums[..], Kind::Forum)],
        _ => Vec::new(),
    }
}

/// The address of a document, below the base URL.
fn url_of(d: &Doc) -> String {
    match d.kind {
        Kind::Home => "/".into(),
        Kind::Forum => format!("/forums/{}/", d.slug),
        Kind::Speaker => format!("/speakers/{}/", d.slug),
        Kind::News => format!("/news/{}/", d.slug),
        Kind::Paper => format!("/papers/{}/", d.slug),
        Kind::Chapter => format!("/papers/{}/{}/", slugify(d.paper.as_deref().unwrap_or("")), d.slug),
        Kind::Page => format!("/{}/", d.slug),
    }
}

/// The address an alias is written to, normalised to `/x/y/`.
pub fn alias_url(alias: &str) -> String {
    let trimmed = alias.trim_matches('/');
    if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

/// The document an `@/path.md#anchor` link from front matter names (`None`: not a content
/// link, or no such file).
pub fn content_link(site: &Site, url: &str) -> Option<(DocId, Option<String>)> {
    let rest = url.strip_prefix("@/")?;
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (rest, None),
    };
    site.by_source.get(Path::new(path)).map(|&id| (id, anchor))
}

/// Every `@/…` link in front matter (speaker `links`, forum `materials` and `recordings`) names a content file.
fn check_content_links(site: &Site, diags: &mut Vec<Diagnostic>) {
    for d in &site.docs {
        let urls: Vec<(&str, &str)> = match &d.data {
            Data::Speaker(s) => s.links.iter().map(|l| ("links", l.url.as_str())).collect(),
            Data::Forum(f) => f
                .materials
                .iter()
                .filter_map(|m| m.url.as_deref())
                .map(|u| ("materials", u))
                .chain(f.recordings.iter().map(|r| ("recordings", r.url.as_str())))
                .collect(),
            _ => Vec::new(),
        };
        for (key, url) in urls {
            if url.starts_with("@/") && content_link(site, url).is_none() {
                diags.push(
                    d.error_at(key, Some(url), format!("broken internal link `{url}`: no such content file"))
                        .with_help("write the target's path under content/, e.g. `@/forums/governance.md`"),
                );
            }
        }
    }
}

/// Two files (or a file and a generated page) must not share an address.
fn check_addresses(site: &Site, diags: &mut Vec<Diagnostic>) {
    // `None`: a list page plenary generates itself (a map for lookups only: never iterated)
    let mut taken: rustc_hash::FxHashMap<String, Option<&Path>> = rustc_hash::FxHashMap::default();
    taken.reserve(site.docs.len() + GENERATED.len());
    for g in GENERATED {
        taken.insert(g.to_string(), None);
    }
    // each further language's pages live under /<code>/
    for l in site.config.languages.iter().skip(1) {
        taken.insert(format!("/{}/", l.code), None);
    }
    for (id, d) in site.docs.iter().enumerate() {
        let mut claim = |url: String, key: &str, value: Option<&str>| {
            if let Some(first) = taken.get(&url) {
                let (l, c) = if key.is_empty() { (0, 0) } else { d.locate(key, value) };
                let help = match first {
                    None => format!("plenary writes its own list page at {url}; give this file another `slug`"),
                    Some(p) => format!("{} has that address too; give one of them another `slug`", p.display()),
                };
                diags.push(
                    Diagnostic::error(&d.path, l, c, format!("two pages would be written to {url}")).with_help(help),
                );
            } else {
                taken.insert(url, Some(&d.path));
            }
        };
        let key = if d.common.slug.is_some() { "slug" } else { "" };
        claim(site.urls[id].clone(), key, None);
        for a in &d.common.aliases {
            claim(alias_url(a), "aliases", Some(a));
        }
    }
}

/// A site's lists, sorted apart from it.
struct Lists {
    forums: Vec<DocId>,
    speakers: Vec<DocId>,
    news: Vec<DocId>,
    pages: Vec<DocId>,
}

impl Lists {
    /// Forums in programme order (the undated last), speakers by name, news newest first,
    /// pages in menu order.
    fn sort(&mut self, docs: &[Arc<Doc>]) {
        self.forums.sort_by_cached_key(|&id| match &docs[id].data {
            Data::Forum(f) => (f.date.is_none(), f.date, f.start, f.number, docs[id].title.clone(), id),
            _ => (true, None, None, None, String::new(), id),
        });
        self.speakers.sort_by_cached_key(|&id| (docs[id].title.to_lowercase(), id));
        self.news.sort_by_cached_key(|&id| match &docs[id].data {
            Data::News(n) => (std::cmp::Reverse(n.date), docs[id].slug.clone()),
            _ => (std::cmp::Reverse(crate::types::Date { year: 0, month: 1, day: 1 }), String::new()),
        });
        self.pages.sort_by_cached_key(|&id| match &docs[id].data {
            Data::Page(p) => (p.menu.is_none(), p.menu, docs[id].title.clone()),
            _ => (true, None, String::new()),
        });
    }
}

/// Checks every speaker/forum reference and fills the reverse indexes.
fn check_references(site: &mut Site, drafts: &BTreeSet<(Kind, String)>, diags: &mut Vec<Diagnostic>) {
    let speaker_slugs: BTreeMap<&str, DocId> =
        site.speakers.iter().map(|&id| (site.docs[id].slug.as_str(), id)).collect();
    let forum_slugs: BTreeMap<&str, DocId> = site.forums.iter().map(|&id| (site.docs[id].slug.as_str(), id)).collect();
    let mut speaker_forums = vec![Vec::new(); site.docs.len()];
    let mut mentioned = vec![Vec::new(); site.docs.len()];
    let mut papers = vec![Vec::new(); site.docs.len()];

    let resolve = |d: &Doc, key: &str, slug: &str, kind: Kind, diags: &mut Vec<Diagnostic>| -> Option<DocId> {
        let table = if kind == Kind::Speaker { &speaker_slugs } else { &forum_slugs };
        if let Some(&id) = table.get(slug) {
            return Some(id);
        }
        let noun = kind.noun();
        let diag = if drafts.contains(&(kind, slug.to_string())) {
            d.error_at(key, Some(slug), format!("{noun} `{slug}` is a draft and is left out of this build"))
                .with_help("publish it (remove `draft: true`), remove the reference, or build with --drafts")
        } else {
            d.error_at(key, Some(slug), format!("unknown {noun} `{slug}`")).with_help(
                did_you_mean(slug, table.keys().copied()).unwrap_or_else(|| {
                    format!(
                        "no file content/{}s/{slug}.md exists",
                        if kind == Kind::Speaker { "speaker" } else { "forum" }
                    )
                }),
            )
        };
        diags.push(diag);
        None
    };

    for (id, d) in site.docs.iter().enumerate() {
        match &d.data {
            Data::Forum(f) => {
                for (key, list, role) in
                    [("moderators", &f.moderators, Role::Moderator), ("speakers", &f.speakers, Role::Speaker)]
                {
                    for slug in list {
                        if let Some(s) = resolve(d, key, slug, Kind::Speaker, diags) {
                            speaker_forums[s].push((id, role));
                        }
                    }
                }
            }
            Data::News(n) => {
                for slug in &n.speakers {
                    if let Some(s) = resolve(d, "speakers", slug, Kind::Speaker, diags) {
                        mentioned[s].push(id);
                    }
                }
                for slug in &n.forums {
                    if let Some(f) = resolve(d, "forums", slug, Kind::Forum, diags) {
                        mentioned[f].push(id);
                    }
                }
            }
            Data::Paper(p) => {
                for a in &p.authors {
                    if let Author::Speaker(slug) = a {
                        if let Some(s) = resolve(d, "authors", slug, Kind::Speaker, diags) {
                            papers[s].push(id);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // order the reverse lists like the site's own lists, without repeats
    let forum_rank = rank(&site.forums, site.docs.len());
    let news_rank = rank(&site.news, site.docs.len());
    for list in &mut speaker_forums {
        list.sort_by_key(|&(f, role)| (forum_rank[f], role));
        list.dedup_by_key(|(f, _)| *f);
    }
    for list in &mut mentioned {
        list.sort_by_key(|&n| news_rank[n]);
        list.dedup();
    }
    site.speaker_forums = Arc::new(speaker_forums);
    site.mentioned_in = Arc::new(mentioned);
    site.speaker_papers = Arc::new(papers);
}

/// Position of each id in `order` (ids not in it rank last).
fn rank(order: &[DocId], n: usize) -> Vec<usize> {
    let mut r = vec![usize::MAX; n];
    for (i, &id) in order.iter().enumerate() {
        r[id] = i;
    }
    r
}

fn build_taxonomies(site: &mut Site) {
    let mut topics: BTreeMap<String, Term> = BTreeMap::new();
    let lists = site.forums.iter().chain(site.news.iter());
    for &id in lists {
        let words: &[String] = match &site.docs[id].data {
            Data::Forum(f) => &f.topics,
            Data::News(n) => &n.tags,
            _ => &[],
        };
        for w in words {
            let slug = slugify(w);
            if slug.is_empty() {
                continue;
            }
            let term = topics.entry(slug).or_insert_with(|| Term { label: w.clone(), docs: Vec::new() });
            // the label is the alphabetically first spelling, whatever order files come in
            if w < &term.label {
                term.label = w.clone();
            }
            // one document's words come together, so a repeat is the last entry (O(1))
            if term.docs.last() != Some(&id) {
                term.docs.push(id);
            }
        }
    }
    let mut countries: BTreeMap<String, Term> = BTreeMap::new();
    for &id in &site.speakers {
        if let Data::Speaker(s) = &site.docs[id].data {
            if let (Some(code), Some(name)) = (&s.country, &s.country_name) {
                countries
                    .entry(code.to_ascii_lowercase())
                    .or_insert_with(|| Term { label: name.clone(), docs: Vec::new() })
                    .docs
                    .push(id);
            }
        }
    }
    site.topics = Arc::new(topics);
    site.countries = Arc::new(countries);
}
