//! Translations inherit: a translation file (`<name>.<code>.md`) sets only what differs from
//! its original — usually its title (a speaker's name), summary and body — and every
//! front-matter key it leaves out is the original's. Keys it sets replace the original's
//! whole (a translation's `links` list replaces the original's list).

use std::collections::BTreeSet;
use std::path::Path;

use super::{Data, Doc};
use crate::load::Kind;

/// The key that holds a kind's title.
pub(crate) fn title_key(kind: Kind) -> &'static str {
    if kind == Kind::Speaker {
        "name"
    } else {
        "title"
    }
}

/// The top-level keys a translation's front matter sets, and stand-in lines for the keys its
/// kind requires that it leaves out (replaced by the original's values in [`inherit`]).
/// A block that does not read as keys gets no stand-ins: the typed reading reports it.
pub(crate) fn own_keys(yaml: &str, path: &Path, line: usize, kind: Kind) -> (BTreeSet<String>, String) {
    let keys: BTreeSet<String> =
        crate::frontmatter::parse::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(yaml, path, line, "")
            .map(|m| m.into_keys().collect())
            .unwrap_or_default();
    let mut required = vec![(title_key(kind), "\"-\"")];
    if kind == Kind::News {
        required.push(("date", "\"2000-01-01\""));
    }
    let mut stand_ins = String::new();
    for (key, value) in required {
        if !keys.contains(key) {
            if !stand_ins.is_empty() || !yaml.is_empty() && !yaml.ends_with('\n') {
                stand_ins.push('\n');
            }
            stand_ins.push_str(&format!("{key}: {value}\n"));
        }
    }
    (keys, stand_ins)
}

/// The family name of a translated name that does not say it, from the original's: the same
/// name when the translation keeps the original's name, else the word at the place the
/// original's family name has in its name — first ("Tao Zhan", family name Tao: "تائو ژان"
/// files under تائو) or last. `None` (then the directory guesses) when the original gives no
/// family name or it is neither its name's first nor last word.
fn family_in(family: Option<&str>, original: &str, translated: &str) -> Option<String> {
    let family = family?;
    if original == translated {
        return Some(family.to_string());
    }
    let words: Vec<&str> = original.split_whitespace().collect();
    let mine: Vec<&str> = translated.split_whitespace().collect();
    let at = |w: Option<&&str>| w.is_some_and(|w| *w == family);
    if words.len() < 2 || mine.len() < 2 {
        return None;
    }
    if at(words.first()) {
        mine.first().map(|w| w.to_string())
    } else if at(words.last()) {
        mine.last().map(|w| w.to_string())
    } else {
        None
    }
}

/// `translation` with every front-matter key it does not set taken from `original`.
pub fn inherit(original: &Doc, translation: &Doc) -> Doc {
    let mut t = translation.clone();
    let has = |key: &str| translation.own_keys.contains(key);
    macro_rules! keep {
        ($to:expr, $from:expr, $($key:literal => $field:ident),* $(,)?) => {
            {
                $(if !has($key) { $to.$field = $from.$field.clone(); })*
            }
        };
    }
    if !has(title_key(t.kind)) {
        t.title = original.title.clone();
    }
    // a translation's address is its original's: its own `slug` is warned of and read by
    // nothing (the forum's calendar file, the menu's key, a calendar entry's UID)
    t.slug.clone_from(&original.slug);
    keep!(t.common, original.common, "description" => description, "aliases" => aliases, "draft" => draft);
    match (&mut t.data, &original.data) {
        (Data::Home(to), Data::Home(from)) | (Data::Page(to), Data::Page(from)) => {
            keep!(to, from, "menu" => menu, "summary" => summary);
        }
        (Data::Forum(to), Data::Forum(from)) => keep!(to, from,
            "number" => number, "type" => kind, "status" => status, "date" => date, "start" => start, "end" => end, "room" => room,
            "moderators" => moderators, "speakers" => speakers, "topics" => topics, "summary" => summary,
            "materials" => materials, "recordings" => recordings,
        ),
        (Data::Speaker(to), Data::Speaker(from)) => {
            keep!(to, from,
                "honorific" => honorific, "role" => role, "organisation" => organisation,
                "photo" => photo, "photo_alt" => photo_alt, "links" => links,
            );
            if !has("country") {
                to.country.clone_from(&from.country);
                to.country_name.clone_from(&from.country_name);
            }
            if !has("family_name") {
                to.family_name = family_in(from.family_name.as_deref(), &original.title, &t.title);
            }
        }
        (Data::News(to), Data::News(from)) => keep!(to, from,
            "date" => date, "summary" => summary, "tags" => tags, "speakers" => speakers, "forums" => forums,
            "image" => image, "image_alt" => image_alt, "author" => author,
        ),
        (Data::Paper(to), Data::Paper(from)) => keep!(to, from,
            "subtitle" => subtitle, "status" => status, "version" => version, "date" => date,
            "comments_until" => comments_until, "comment_url" => comment_url, "authors" => authors,
            "abstract" => summary, "keywords" => keywords, "license" => license, "doi" => doi,
            "references" => references,
        ),
        (Data::Chapter(to), Data::Chapter(from)) => {
            if !has("weight") {
                to.order = from.order;
            }
            keep!(to, from, "summary" => summary);
        }
        _ => {}
    }
    t
}
