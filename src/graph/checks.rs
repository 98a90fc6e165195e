//! The graph's checks: addresses two files would share, `@/` links in front matter that name
//! no content file, and speaker/forum references (which also fill the reverse indexes).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::{alias_url, DocId, Role, Site, GENERATED};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::load::Kind;
use crate::model::{Author, Data, Doc};

/// Every `@/…` link in front matter (speaker `links`, forum `materials` and `recordings`) names a content file.
pub(super) fn check_content_links(site: &Site, diags: &mut Vec<Diagnostic>) {
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
            let Some(target) = url.strip_prefix("@/") else { continue };
            let file = target.split_once('#').map_or(target, |(file, _)| file);
            if let Err((what, help)) = super::resolve_content_link(site, file) {
                diags.push(d.error_at(key, Some(url), format!("broken internal link `{url}`: {what}")).with_help(help));
            }
        }
    }
}

/// Two files (or a file and a generated page) must not share an address.
pub(super) fn check_addresses(site: &Site, diags: &mut Vec<Diagnostic>) {
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
    // each paper's print edition (its chapters sort before its `_index.md`)
    for (id, _) in site.docs.iter().enumerate().filter(|(_, d)| d.kind == Kind::Paper) {
        taken.insert(format!("{}{}/", site.urls[id], super::PRINT_SLUG), None);
    }
    for (id, d) in site.docs.iter().enumerate() {
        let mut claim = |url: String, key: &str, value: Option<&str>| {
            if let Some(first) = taken.get(&url) {
                let (l, c) = if key.is_empty() { (0, 0) } else { d.locate(key, value) };
                let help = match first {
                    None => format!("plenary writes a page of its own at {url}; give this file another `slug`"),
                    // one name in two Unicode forms (`é`, and `e` with a combining accent)
                    Some(p) if *p != d.path && crate::load::link_key(p) == crate::load::link_key(&d.path) => format!(
                        "{} has that address too: the two files have one name, written in two Unicode forms \
                         (one with accents as separate characters, as a Mac may write it); keep one of them",
                        p.display()
                    ),
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

/// Checks every speaker/forum reference and fills the reverse indexes.
pub(super) fn check_references(site: &mut Site, drafts: &BTreeSet<(Kind, String)>, diags: &mut Vec<Diagnostic>) {
    let mut speaker_forums = vec![Vec::new(); site.docs.len()];
    let mut mentioned = vec![Vec::new(); site.docs.len()];
    let mut papers = vec![Vec::new(); site.docs.len()];

    let resolve = |d: &Doc, key: &str, slug: &str, kind: Kind, diags: &mut Vec<Diagnostic>| -> Option<DocId> {
        if let Some(id) = site.find(kind, slug) {
            return Some(id);
        }
        let noun = kind.noun();
        let diag = if drafts.contains(&(kind, slug.to_string())) {
            d.error_at(key, Some(slug), format!("{noun} `{slug}` is a draft and is left out of this build"))
                .with_help("publish it (remove `draft: true`), remove the reference, or build with --drafts")
        } else {
            // a name or title written where the slug goes (`Tao Zhan` for `tao-zhan`)
            // (the first slug of those with that title: the map has no order)
            let written = slug.trim().to_lowercase();
            let titled = site
                .by_slug
                .get(&kind)
                .into_iter()
                .flatten()
                .filter(|(_, &other)| site.docs[other].title.trim().to_lowercase() == written)
                .min_by_key(|(other, _)| other.as_str());
            // two list items that ran together: `- a` and a `- b` indented one more are one
            // value, `a - b`, in YAML; "did you mean `a`" would drop `b`
            let ran_together =
                slug.split(" - ").count() > 1 && slug.split(" - ").all(|p| site.find(kind, p.trim()).is_some());
            let help = match titled {
                _ if ran_together => format!(
                    "these are {} slugs read as one: their `- ` lines are not indented alike, so the later lines continue the first; line them up",
                    slug.split(" - ").count()
                ),
                Some((other, _)) => format!(
                    "write the {noun}'s slug, `{other}` (its file's name), not its {}",
                    if kind == Kind::Speaker { "name" } else { "title" }
                ),
                None => did_you_mean(slug, site.slugs(kind)).unwrap_or_else(|| {
                    format!(
                        "no file content/{}s/{slug}.md exists",
                        if kind == Kind::Speaker { "speaker" } else { "forum" }
                    )
                }),
            };
            d.error_at(key, Some(slug), format!("unknown {noun} `{slug}`")).with_help(help)
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

/// (key, slugs, kind) of the references a document makes.
pub(super) fn references(d: &Doc) -> Vec<(&'static str, &[String], Kind)> {
    match &d.data {
        Data::Forum(f) => {
            vec![("moderators", &f.moderators[..], Kind::Speaker), ("speakers", &f.speakers[..], Kind::Speaker)]
        }
        Data::News(n) => vec![("speakers", &n.speakers[..], Kind::Speaker), ("forums", &n.forums[..], Kind::Forum)],
        _ => Vec::new(),
    }
}

/// A file beside a page, named as its translation would be but with no language code of the
/// site after the dot (`venue.arabic.md`, `venue.en_GB.md` beside `venue.md`): published as a
/// page of its own, which a translator would not see. A warning at the file, naming the code
/// meant where it can tell (`en_GB` → `en-GB`, a language's own name → its code).
pub(super) fn stray_translations(docs: &[Arc<Doc>], languages: &[crate::config::Language]) -> Vec<Diagnostic> {
    let pages: BTreeSet<&Path> = docs.iter().map(|d| d.path.as_path()).collect();
    let mut diags = Vec::new();
    for d in docs.iter().filter(|d| d.lang.is_none()) {
        let (Some(stem), Some(ext)) = (d.path.file_stem().and_then(|s| s.to_str()), d.path.extension()) else {
            continue;
        };
        let Some((name, suffix)) = stem.rsplit_once('.') else { continue };
        // a word, not a version (`v2.0`) or an abbreviation's dots (`u.s`)
        let wordlike = suffix.len() >= 2
            && suffix.chars().any(|c| c.is_alphabetic())
            && suffix.chars().all(|c| c.is_alphabetic() || c == '_' || c == '-');
        let original = d.path.with_file_name(format!("{name}.{}", ext.to_string_lossy()));
        if name.is_empty() || !wordlike || !pages.contains(original.as_path()) {
            continue;
        }
        let named = |code: &str| format!("{name}.{code}.{}", ext.to_string_lossy());
        let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        // the code itself (`en_GB` for `en-GB`), the language of a locale (`fr_FR` for `fr`),
        // the language's own name or its English one
        let tag = suffix.replace('_', "-");
        let base = tag.split('-').next().unwrap_or("");
        let meant = languages.iter().skip(1).find(|l| same(&l.code, &tag)).or_else(|| {
            languages
                .iter()
                .skip(1)
                .find(|l| same(&l.code, base) || same(&l.name, suffix) || same(&english_name(&l.code), suffix))
        });
        let codes: Vec<&str> = languages.iter().skip(1).map(|l| l.code.as_str()).collect();
        let help = match meant {
            Some(l) => format!("to translate it into {}, name the file `{}`", l.name, named(&l.code)),
            None => format!(
                "a translation is named `{}` with one of the site's codes ({}); to keep this a page of its own, name it without the dot (`{name}-{suffix}.{}`)",
                named("<code>"),
                codes.join(", "),
                ext.to_string_lossy()
            ),
        };
        diags.push(
            Diagnostic::warning(
                &d.path,
                0,
                0,
                format!(
                    "`{suffix}` is no language code of the site, so this file is a page of its own, not a translation of {}",
                    original.display()
                ),
            )
            .with_help(help),
        );
    }
    diags
}

/// The English name of a language code's language, in lower case, for the few languages a
/// translator may write out in a file's name (`venue.arabic.md`); empty for the rest. Written
/// by hand: the CLDR display names are not in the locale data plenary carries, and this
/// only sharpens a hint — any other word gets the general one.
fn english_name(code: &str) -> String {
    let base = code.split('-').next().unwrap_or(code);
    let name = match base {
        "ar" => "arabic",
        "zh" => "chinese",
        "fr" => "french",
        "en" => "english",
        "es" => "spanish",
        "ru" => "russian",
        "de" => "german",
        "pt" => "portuguese",
        "ja" => "japanese",
        "fa" => "persian",
        "he" => "hebrew",
        "it" => "italian",
        "ko" => "korean",
        "tr" => "turkish",
        _ => "",
    };
    name.to_string()
}
