//! The content graph: every document gets an id and an address; references between
//! documents are checked and indexed both ways; lists are sorted. Pure: no I/O. `build` runs
//! the steps; the checks are in `checks.rs`, the lists and taxonomies in `lists.rs`.
//!
//! Invariant: every collection the graph holds is sorted or a `BTreeMap`, so nothing
//! downstream sees hash-map or thread order (a map used for lookups only, and parts made on
//! two threads and joined in a fixed order, stay inside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::SiteConfig;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::Kind;
use crate::model::{Data, Doc};
use crate::types::slugify;

mod checks;
mod lists;

use checks::{check_addresses, check_content_links, check_references, references};
use lists::{build_taxonomies, Lists};

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
    /// Paths relative to `content/`, composed (`load::link_key`) → document, for `@/` links.
    pub by_source: Arc<BTreeMap<PathBuf, DocId>>,
    /// The drafts left out of this build, by the same key: a link to one is told so.
    pub drafts: Arc<BTreeSet<PathBuf>>,
    /// Documents `0..originals` are in the default language; the rest are translations.
    pub originals: usize,
    /// For each original: its document in each language (index as in `config.languages`;
    /// `[0]` is the original itself), `None` where it is not translated.
    pub variants: Arc<Vec<Vec<Option<DocId>>>>,
    /// Language index of each document.
    pub lang_of: Arc<Vec<usize>>,
    /// The original of each document (itself for originals).
    pub original_of: Arc<Vec<DocId>>,
    /// kind → slug → document, for references (looked up without allocating, by hash: a
    /// sorted map compared ~15 slugs a look-up among 20,000 speakers; nothing reads it in
    /// order: the suggestions' `nearest` breaks ties by name, [`Site::slugs`]).
    pub by_slug: Arc<BTreeMap<Kind, FxHashMap<String, DocId>>>,
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

    /// Every slug of a kind, in no order (for suggestions when a slug is not found:
    /// `diagnostics::nearest` gives ties to the alphabetically first, whatever the order).
    pub fn slugs(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.by_slug.get(&kind).into_iter().flat_map(|m| m.keys().map(String::as_str))
    }

    /// The paper holding chapter `id` (its place in `papers`) and the chapter's place among
    /// its chapters; `None` when `id` is no paper's chapter.
    pub fn chapter_place(&self, id: DocId) -> Option<(usize, usize)> {
        self.chapter_places.get(id).copied().flatten()
    }

    /// The address of paper `id`'s PDF, below the base path: `/papers/<slug>/<slug>.pdf`. One
    /// per paper, printed from the default language's print edition, so without a language
    /// prefix; every language links it.
    pub fn pdf_address(&self, id: DocId) -> String {
        format!("{}{}.pdf", self.urls[id], self.doc(id).slug)
    }
}

/// The last part of a paper's print edition's address, `/papers/<slug>/print/`: no chapter
/// may take it.
pub const PRINT_SLUG: &str = "print";

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
    let mut draft_paths: BTreeSet<PathBuf> = BTreeSet::new();
    let mut kept = Vec::with_capacity(docs.len());
    // files in a language the site does not declare, per code: one mistake per code (most
    // often the language missing from site.yaml), said once at its first file
    let mut undeclared: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for d in docs {
        if d.common.draft && !drafts {
            if d.lang.is_none() {
                excluded_drafts.insert((d.kind, d.slug.clone()));
            }
            draft_paths.insert(crate::load::link_key(d.path.strip_prefix("content").unwrap_or(&d.path)));
            continue;
        }
        match &d.lang {
            Some(lang) if lang != &config.default_language => match codes.iter().position(|c| c == lang) {
                Some(i) => translations.push((i, d)),
                None => undeclared.entry(lang.clone()).or_default().push(d.path.clone()),
            },
            _ => kept.push(d),
        }
    }
    for (lang, mut paths) in undeclared {
        paths.sort();
        let message = match paths.len() {
            1 => format!("`{lang}` is not one of the site's languages"),
            2 => format!("`{lang}` is not one of the site's languages; {} is in it too", paths[1].display()),
            n => format!(
                "`{lang}` is not one of the site's languages; {} and {} more files are in it too",
                paths[1].display(),
                n - 2
            ),
        };
        diags.push(
            Diagnostic::error(&paths[0], 0, 0, message).with_help(
                did_you_mean(&lang, codes.iter().copied()).unwrap_or_else(|| {
                    format!("declare it under `languages` in site.yaml (now: {})", codes.join(", "))
                }),
            ),
        );
    }
    let docs = kept;
    diags.extend(checks::stray_translations(&docs, &config.languages));

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
        drafts: Arc::new(draft_paths),
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
            let mut by_slug: BTreeMap<Kind, FxHashMap<String, DocId>> = BTreeMap::new();
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
                .map(|(id, d)| (crate::load::link_key(d.path.strip_prefix("content").unwrap_or(&d.path)), id))
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
        // by order (chapters without one last), then path; the key borrows the path (a copy
        // of both paths at each comparison was ~30,000 copies for the 2,500 chapters at 50k)
        p.chapters.sort_by(|&a, &b| {
            let key = |id: DocId| match &docs[id].data {
                Data::Chapter(c) => (c.order.is_none(), c.order, docs[id].path.as_path()),
                _ => (true, None, docs[id].path.as_path()),
            };
            key(a).cmp(&key(b))
        });
        // two chapters at one place (`02-a.md`, `02-b.md`): ordered by their names, said once each
        let order = |id: DocId| match &docs[id].data {
            Data::Chapter(c) => c.order,
            _ => None,
        };
        for pair in p.chapters.windows(2) {
            let (first, second) = (pair[0], pair[1]);
            let Some(n) = order(second).filter(|&n| order(first) == Some(n)) else { continue };
            diags.push(
                Diagnostic::warning(
                    &docs[second].path,
                    0,
                    0,
                    format!("this chapter has the place {n}, as {} has", docs[first].path.display()),
                )
                .with_help(
                    "they are ordered by their file names; give each chapter a number of its own (`03-…`, or `weight`)",
                ),
            );
        }
        // a chapter with no place among chapters that have one (`appendix.md` beside
        // `01-…`, `02-…`) comes after them all, by its name: said, as it may be meant elsewhere
        if p.chapters.iter().any(|&c| order(c).is_some()) {
            let last = p.chapters.iter().rev().find(|&&c| order(c).is_some()).copied();
            for &c in p.chapters.iter().filter(|&&c| order(c).is_none()) {
                let after = last.map(|l| docs[l].path.display().to_string()).unwrap_or_default();
                diags.push(
                    Diagnostic::warning(&docs[c].path, 0, 0, "this chapter has no place in the paper's order")
                        .with_help(format!(
                            "it comes after the chapters that have one, after {after}; give it a number (`04-…` in its file name, or `weight:`)"
                        )),
                );
            }
        }
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
        let rel = crate::load::link_key(original_path.strip_prefix("content").unwrap_or(&original_path));
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
        // a slug the original names too is the original's to report: one mistake, one error
        let original_names = references(&site.docs[orig]);
        for (key, slugs, kind) in references(&d) {
            let named = original_names.iter().find(|(k, _, _)| *k == key).map_or(&[][..], |(_, list, _)| list);
            for slug in slugs.iter().filter(|s| site.find(kind, s).is_none() && !named.contains(s)) {
                let noun = kind.noun();
                diags.push(if drafts.contains(&(kind, slug.clone())) {
                    d.error_at(key, Some(slug), format!("{noun} `{slug}` is a draft and is left out of this build"))
                        .with_help("publish it (remove `draft: true`), remove the reference, or build with --drafts")
                } else {
                    d.error_at(key, Some(slug), format!("unknown {noun} `{slug}`")).with_help(format!(
                        "the original {} has the references; a translation names the same slugs",
                        original_path.display()
                    ))
                });
            }
        }
        // a translation's topics (tags) are the original's, by place: one more or one fewer
        // moves every word after it onto another topic's page
        let key = if d.kind == Kind::News { "tags" } else { "topics" };
        let (mine, theirs) = (d.topic_words(), site.docs[orig].topic_words());
        if d.own_keys.contains(key) && mine.len() != theirs.len() {
            diags.push(
                d.warning_at(
                    key,
                    None,
                    format!("this translation has {} {key} where its original has {}", mine.len(), theirs.len()),
                )
                .with_help(format!(
                    "each word names the original's at the same place ({}: {}); write one for each, in that order",
                    original_path.display(),
                    theirs.join(", ")
                )),
            );
        }
        // a translation with a title and no text shows an empty page, where without the file
        // the original's text would show under a note
        if d.body().trim().is_empty() && !site.docs[orig].body().trim().is_empty() {
            diags.push(
                Diagnostic::warning(&d.path, 0, 0, "this translation has no text: its page shows none of the original's")
                    .with_help(format!(
                        "write the translated text below the front matter, or remove the file: then the page shows {}'s text under a note",
                        original_path.display()
                    )),
            );
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

/// The address (below the base path) of a file a document's front matter names: `/x.pdf` is
/// under `static/` (or `content/`), a bare name sits beside the document (files beside the
/// pages keep their place under `content/`); written once for every language, so without a
/// language's folder. `None` for an `http(s)` address, which is linked as it is.
pub fn file_address(d: &Doc, file: &str) -> Option<String> {
    if file.starts_with("http://") || file.starts_with("https://") {
        return None;
    }
    if file.starts_with('/') {
        return Some(file.to_string());
    }
    let dir = d
        .path
        .parent()
        .and_then(|p| p.strip_prefix("content").ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    Some(if dir.is_empty() { format!("/{file}") } else { format!("/{dir}/{file}") })
}

/// What a broken `@/` link names: no file at all.
pub const NO_SUCH_FILE: &str = "no such content file";
/// What a broken `@/` link names: a draft.
pub const A_DRAFT: &str = "it is a draft, left out of this build";

/// The document the part of an `@/` link after `@/` names (its address and id), or why it
/// names none, with a hint: a draft left out, or no file (the nearest file's link).
pub fn resolve_content_link(site: &Site, target: &str) -> Result<(String, DocId), (&'static str, String)> {
    let key = crate::load::link_key(Path::new(target));
    if let Some(&id) = site.by_source.get(&key) {
        return Ok((site.urls[id].clone(), id));
    }
    if site.drafts.contains(&key) {
        return Err((A_DRAFT, "publish it (remove `draft: true`), remove the link, or build with --drafts".into()));
    }
    // a translation's file (`about.ar.md`): links name the original, and each language's
    // page links to its own version
    if let Some((stem, Some(code))) = target.strip_suffix(".md").map(crate::load::split_language) {
        let original = format!("{stem}.md");
        if site.by_source.contains_key(&crate::load::link_key(Path::new(&original))) {
            return Err((
                "it is a translation's file",
                format!("link to the original, `@/{original}`: on the `{code}` pages it leads to this translation, on each language's pages to that language's version"),
            ));
        }
    }
    let known: Vec<String> = site.by_source.keys().map(|p| p.to_string_lossy().into_owned()).collect();
    Err((
        NO_SUCH_FILE,
        did_you_mean(target, known.iter().map(String::as_str))
            .map(|s| s.replace("did you mean `", "did you mean `@/"))
            .unwrap_or_else(|| "write the target's path under content/, e.g. `@/forums/governance.md`".into()),
    ))
}

/// The document an `@/path.md#anchor` link from front matter names (`None`: not a content
/// link, or no such file).
pub fn content_link(site: &Site, url: &str) -> Option<(DocId, Option<String>)> {
    let rest = url.strip_prefix("@/")?;
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (rest, None),
    };
    site.by_source.get(&crate::load::link_key(Path::new(path))).map(|&id| (id, anchor))
}
