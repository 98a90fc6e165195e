//! The people of an imported schedule, each with a slug of their own, and the pages a site
//! already has ([`Taken`]), which an import never overwrites or shadows.
//!
//! A page is taken by every slug the site knows it by, compared as the site compares them
//! ([`fold`]: composed (NFC) and in lower case): its file name (`Ana-Lopez.md` takes
//! `ana-lopez`), a `slug:` in its front matter, and a translation's name when it has no
//! original (`x.fr.md` takes `x`: a new `x.md` would become its original). Names are
//! compared composed, so a name a Mac wrote decomposed is the same name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::scaffold::ascii_slug;

/// One person as the schedule names them.
pub(super) struct Person {
    pub name: String,
    /// A title the schedule wrote into the name (`Dr.`), set apart.
    pub honorific: Option<String>,
    pub biography: String,
    /// The page the site already has for them (same name under this slug): not written.
    pub existing: Option<PathBuf>,
}

/// A page the site has before the import.
#[derive(Debug, Clone)]
pub(super) struct Taken {
    /// The slug the site knows it by.
    pub slug: String,
    /// Its file, relative to the site's root (the original's, else the translation's).
    pub path: PathBuf,
    /// Its `name` (speakers) or `title` (forums), composed.
    pub name: String,
}

/// A slug or name as the site compares them: composed (NFC), in lower case.
pub(super) fn fold(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase()
}

/// The pages of `content/<folder>` by every slug that takes them ([`fold`]ed), each with its
/// `key` (`name` or `title`) from the front matter.
pub(super) fn taken(root: &Path, folder: &str, key: &str) -> BTreeMap<String, Taken> {
    let dir = root.join("content").join(folder);
    if !dir.is_dir() {
        return BTreeMap::new();
    }
    let mut ignored = Vec::new();
    let mut files: Vec<PathBuf> = crate::load::walk_files(root, &dir, &mut ignored)
        .into_iter()
        .filter(|f| f.parent() == Some(dir.as_path()) && f.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut out: BTreeMap<String, Taken> = BTreeMap::new();
    // originals first: a translation only takes a slug its original does not
    for original in [true, false] {
        for f in &files {
            let Some(stem) = f.file_stem().and_then(|s| s.to_str()) else { continue };
            let (base, lang) = crate::load::split_language(stem);
            if lang.is_none() != original {
                continue;
            }
            let text = crate::load::read_text(f, f).ok();
            let yaml = text.as_deref().and_then(|t| crate::frontmatter::split(t, f).ok()).map(|s| s.yaml.to_string());
            let field = |k: &str| yaml.as_deref().and_then(|y| crate::frontmatter::top_level_text(y, k));
            let slug = field("slug").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            let name = field(key).unwrap_or_default().nfc().collect::<String>();
            let path = f.strip_prefix(root).unwrap_or(f).to_path_buf();
            let own = slug.clone().unwrap_or_else(|| base.to_string());
            for s in [Some(base.to_string()), slug].into_iter().flatten() {
                out.entry(fold(&s)).or_insert_with(|| Taken {
                    slug: own.clone(),
                    path: path.clone(),
                    name: name.clone(),
                });
            }
        }
    }
    out
}

/// The people of a schedule, each with a slug of their own.
#[derive(Default)]
pub(super) struct People {
    /// Identity (`id:…` or `name:…`) → slug.
    ids: BTreeMap<String, String>,
    /// Slug → person.
    pub slugs: BTreeMap<String, Person>,
    /// The slugs of `slugs`, [`fold`]ed.
    folded: BTreeSet<String>,
    /// The site's speakers before the import ([`taken`]).
    pub existing: BTreeMap<String, Taken>,
}

/// The slug a page address ends in when it is a speaker page (`…/speakers/ana-lopez/`, as
/// plenary's own `schedule.json` gives each person's `url`).
fn speaker_page_slug(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    let (rest, last) = path.rsplit_once('/')?;
    (rest.ends_with("/speakers") && !last.is_empty() && ascii_slug(last) == last).then(|| last.to_string())
}

impl People {
    /// No one yet, beside the site's speakers ([`taken`]).
    pub fn new(existing: BTreeMap<String, Taken>) -> People {
        People { existing, ..People::default() }
    }

    /// The slug of a person (added when new). The identity is the frab id or GUID when the
    /// schedule gives one, else the exact name.
    pub fn slug(&mut self, p: &Value, notes: &mut Vec<String>) -> Option<String> {
        let name = p.get("public_name").or_else(|| p.get("name")).and_then(Value::as_str).unwrap_or("").trim();
        let id = p.get("id").or_else(|| p.get("guid")).and_then(|v| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        if name.is_empty() && id.is_none() {
            return None;
        }
        let identity = match &id {
            Some(id) => format!("id:{id}"),
            None => format!("name:{name}"),
        };
        let biography = p.get("biography").and_then(Value::as_str).unwrap_or("").trim().to_string();
        if let Some(slug) = self.ids.get(&identity) {
            let person = self.slugs.get_mut(slug)?;
            let written = person.honorific.as_ref().map_or(person.name.clone(), |h| format!("{h} {}", person.name));
            if !name.is_empty() && name != person.name && name != written {
                notes.push(format!(
                    "`{name}` has the id of `{}` ({}): written as the same person, `{slug}`",
                    person.name,
                    identity.trim_start_matches("id:")
                ));
            }
            if person.biography.is_empty() {
                person.biography = biography;
            }
            return Some(slug.clone());
        }
        // `Dr. Ana Ruiz`: the title apart, as plenary's front matter keeps it
        let (honorific, name) = match crate::model::speaker::title_in_name(name, None) {
            Some(title) => (Some(title.trim_end_matches('.').to_string()), name[title.len()..].trim()),
            None => (None, name),
        };
        let name: String = name.nfc().collect();
        // the slug the schedule's own page for them ends in, else one of the name
        let page = p.get("url").and_then(Value::as_str).and_then(speaker_page_slug);
        let base = match page.unwrap_or_else(|| ascii_slug(&name)) {
            s if s.is_empty() => format!("person-{}", ascii_slug(id.as_deref().unwrap_or("x"))),
            s => s,
        };
        let mut slug = base.clone();
        let mut n = 2;
        // another imported person's, or another person's of the site (the same name is the
        // same person: their page is kept and credited, under the slug the site knows)
        let existing = loop {
            let site = self.existing.get(&fold(&slug));
            let theirs = self.folded.contains(&fold(&slug));
            match site {
                _ if theirs => {}
                Some(t) if t.name == name => break Some(t.clone()),
                Some(_) => {}
                None => break None,
            }
            slug = format!("{base}-{n}");
            n += 1;
        };
        let slug = existing.as_ref().map_or(slug, |t| t.slug.clone());
        let shown = if name.is_empty() { slug.clone() } else { name };
        self.ids.insert(identity, slug.clone());
        self.folded.insert(fold(&slug));
        self.slugs
            .insert(slug.clone(), Person { name: shown, honorific, biography, existing: existing.map(|t| t.path) });
        Some(slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speaker_page_gives_its_slug() {
        assert_eq!(speaker_page_slug("https://example.org/speakers/ana-lopez/").as_deref(), Some("ana-lopez"));
        assert_eq!(speaker_page_slug("https://example.org/fr/speakers/al/#x").as_deref(), Some("al"));
        assert_eq!(speaker_page_slug("https://example.org/people/ana/"), None);
        assert_eq!(speaker_page_slug("https://example.org/speakers/Ana%20L/"), None);
        assert_eq!(speaker_page_slug("ana"), None);
    }

    #[test]
    fn names_and_slugs_compare_composed_and_in_any_case() {
        assert_eq!(fold("Jose\u{301}"), fold("José"));
        assert_eq!(fold("Ana-Lopez"), "ana-lopez");
    }
}
