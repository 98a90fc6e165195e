//! Each further language's site text: `site.<code>.yaml` beside `site.yaml` ([`SiteText`]),
//! read into that language's settings; a key naming nothing in `site.yaml` is an error at
//! its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::SiteConfig;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::frontmatter;

/// Site text in one language: `site.<code>.yaml` beside `site.yaml`, so a translator edits
/// a file of their own. Every key is optional; what it leaves out shows as `site.yaml` has it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteText {
    /// Site title.
    #[serde(default)]
    pub title: Option<String>,
    /// Site description.
    #[serde(default)]
    pub description: Option<String>,
    /// The event's texts.
    #[serde(default)]
    pub event: EventText,
    /// Menu titles of pages, by the page's slug (for pages with no translation of their own).
    #[serde(default)]
    pub menu: BTreeMap<String, String>,
}

/// The event's texts in one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventText {
    /// Name of the event.
    #[serde(default)]
    pub name: Option<String>,
    /// One-line theme.
    #[serde(default)]
    pub tagline: Option<String>,
    /// Venue name, address and city.
    #[serde(default)]
    pub venue: VenueText,
    /// Room names: the name as written in `site.yaml` and forums → the name in this language.
    #[serde(default)]
    pub rooms: BTreeMap<String, String>,
    /// Organiser names: the name in `site.yaml` → the name in this language.
    #[serde(default)]
    pub organisers: BTreeMap<String, String>,
}

/// The venue's texts in one language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VenueText {
    /// Venue name.
    #[serde(default)]
    pub name: Option<String>,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
}

impl SiteConfig {
    /// Reads `site.<code>.yaml` (`text`, shown as `path`) for the language `code`: its values
    /// replace `site.yaml`'s on that language's pages. A key that names nothing in `site.yaml`
    /// (an organiser or room it does not have) is an error at its line.
    pub fn add_language_text(&mut self, code: &str, text: &str, path: &Path) -> Result<(), Vec<Diagnostic>> {
        let what = format!("site.{code}.yaml");
        let t: SiteText = frontmatter::parse(text, path, 1, &what).map_err(|d| vec![d])?;
        let mut diags = Vec::new();
        let Some(i) = self.languages.iter().position(|l| l.code == code) else { return Ok(()) };
        let at = |key: &str, value: Option<&str>| frontmatter::locate(text, 1, key, value);
        let organisers: Vec<&str> = self.event.organisers.iter().map(|o| o.name.as_str()).collect();
        for name in t.event.organisers.keys() {
            if !organisers.contains(&name.as_str()) {
                let (l, c) = at("event", Some(name));
                diags.push(
                    Diagnostic::error(path, l, c, format!("`{name}` is not an organiser in site.yaml")).with_help(
                        did_you_mean(name, organisers.iter().copied()).unwrap_or_else(|| {
                            "name an organiser exactly as `event.organisers` in site.yaml writes it".into()
                        }),
                    ),
                );
            }
        }
        if !self.event.rooms.is_empty() {
            for room in t.event.rooms.keys() {
                if !self.event.rooms.contains(room) {
                    let (l, c) = at("event", Some(room));
                    diags.push(
                        Diagnostic::error(path, l, c, format!("`{room}` is not a room in site.yaml"))
                            .with_help_opt(did_you_mean(room, self.event.rooms.iter().map(String::as_str))),
                    );
                }
            }
            // two rooms under one name: this language's readers could not tell them apart, and
            // its schedule would hold them as one room
            let mut named: BTreeMap<&str, &str> = BTreeMap::new();
            for room in &self.event.rooms {
                let name = t.event.rooms.get(room).map_or(room.as_str(), |n| n.trim());
                if let Some(first) = named.insert(name, room) {
                    let (l, c) = at("event", Some(name));
                    diags.push(
                        Diagnostic::error(path, l, c, format!("rooms `{first}` and `{room}` are both called `{name}`"))
                            .with_help("give each room its own name in this language"),
                    );
                }
            }
        }
        let lang = &mut self.languages[i];
        for (key, own, mine) in [
            ("title", &mut lang.title, &t.title),
            ("description", &mut lang.description, &t.description),
            ("event", &mut lang.event_name, &t.event.name),
            ("event", &mut lang.tagline, &t.event.tagline),
        ] {
            if mine.is_some() {
                if own.is_some() {
                    let (l, c) = at(key, None);
                    diags.push(
                        Diagnostic::error(
                            path,
                            l,
                            c,
                            format!("`{key}` for `{code}` is also set under `languages` in site.yaml"),
                        )
                        .with_help("keep it in one place: remove it from `languages` in site.yaml"),
                    );
                }
                own.clone_from(mine);
            }
        }
        lang.text = t;
        if diags.is_empty() {
            Ok(())
        } else {
            Err(diags)
        }
    }

    /// The texts of `site.yaml` that language `i` (not the default) is given no words for —
    /// by `site.<code>.yaml` or its entry under `languages` — named by their keys (`title`,
    /// `event.venue.city`, `event.rooms: Hall A`), in `site.yaml`'s order: its pages show them
    /// as `site.yaml` writes them.
    pub fn untranslated_settings(&self, i: usize) -> Vec<String> {
        let lang = &self.languages[i];
        let (event, text) = (&self.event, &lang.text.event);
        let mut missing: Vec<String> = Vec::new();
        let mut unless = |key: &str, given: bool, said: bool| {
            if given && !said {
                missing.push(key.to_string());
            }
        };
        unless("title", true, lang.title.is_some());
        unless("description", self.description.is_some(), lang.description.is_some());
        unless("event.name", event.name.is_some(), lang.event_name.is_some());
        unless("event.tagline", event.tagline.is_some(), lang.tagline.is_some());
        if let Some(v) = &event.venue {
            unless("event.venue.name", v.name.is_some(), text.venue.name.is_some());
            unless("event.venue.address", v.address.is_some(), text.venue.address.is_some());
            unless("event.venue.city", v.city.is_some(), text.venue.city.is_some());
        }
        for room in &event.rooms {
            unless(&format!("event.rooms: {room}"), true, text.rooms.contains_key(room));
        }
        for o in &event.organisers {
            unless(&format!("event.organisers: {}", o.name), true, text.organisers.contains_key(&o.name));
        }
        missing
    }
}
