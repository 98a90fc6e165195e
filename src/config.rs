//! `site.yaml` → [`SiteConfig`]: the site's title, address, languages and event settings.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::frontmatter;
use crate::types::Date;

mod base_url;
mod cards;
mod language_code;
mod language_text;
mod source_date;

use base_url::normalise_base_url;
pub use cards::CardKind;
use cards::RawSocialCards;
pub use language_code::{default_direction, open_graph_locale};
use language_code::{is_language_code, written_as_code};
pub use language_text::{EventText, SiteText, VenueText};
pub use source_date::source_date_epoch;

/// The raw `site.yaml`, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default)]
    languages: Vec<RawLanguage>,
    #[serde(default)]
    event: Option<Event>,
    #[serde(default)]
    news_per_page: Option<u32>,
    #[serde(default)]
    favicon: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    list_per_page: Option<u32>,
    #[serde(default)]
    feed: Option<RawFeed>,
    #[serde(default)]
    sitemap: Option<RawSitemap>,
    #[serde(default)]
    social_cards: Option<RawSocialCards>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    #[serde(default)]
    items: Option<u32>,
    #[serde(default)]
    content: Option<FeedContent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSitemap {
    #[serde(default)]
    urls_per_file: Option<u32>,
}

/// What each entry of the Atom feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The summary (or, without one, the first paragraph) only.
    Summary,
    /// The whole text.
    Full,
}

/// The Atom feed's settings (`feed:` in `site.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeedConfig {
    /// How many of the latest news items the feed holds (default 20).
    pub items: usize,
    /// Summaries or full text (default full).
    pub content: FeedContent,
}

/// The most addresses one sitemap file may hold (the sitemap protocol's limit).
pub const SITEMAP_MAX_URLS: usize = 50_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    event_name: Option<String>,
    #[serde(default)]
    tagline: Option<String>,
}

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Persian, Hebrew, Urdu).
    Rtl,
}

/// One language the site is written in.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    /// BCP 47 code, e.g. `en`, `zh`, `ar`.
    pub code: String,
    /// Name in the language itself, e.g. `العربية`.
    pub name: String,
    /// Text direction.
    pub direction: Direction,
    /// The site title in this language.
    pub title: Option<String>,
    /// The site description in this language.
    pub description: Option<String>,
    /// The event's name in this language.
    pub event_name: Option<String>,
    /// The event's tagline in this language.
    pub tagline: Option<String>,
    /// The rest of the site's text in this language, from `site.<code>.yaml`.
    pub text: SiteText,
}

/// The summit itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Name of the event.
    #[serde(default)]
    pub name: Option<String>,
    /// One-line theme.
    #[serde(default)]
    pub tagline: Option<String>,
    /// First day.
    #[serde(default)]
    pub start: Option<Date>,
    /// Last day.
    #[serde(default)]
    pub end: Option<Date>,
    /// IANA time zone name, e.g. `Asia/Shanghai`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Where it takes place.
    #[serde(default)]
    pub venue: Option<Venue>,
    /// Who organises it.
    #[serde(default)]
    pub organisers: Vec<Organiser>,
    /// Rooms in programme order (optional; forums naming another room get a warning).
    #[serde(default)]
    pub rooms: Vec<String>,
    /// Short name for conference apps, e.g. `iioe2023` (optional; else from the title).
    #[serde(default)]
    pub acronym: Option<String>,
}

/// The venue of the event.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    /// Venue name.
    #[serde(default)]
    pub name: Option<String>,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Country (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
}

/// One organiser of the event.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organiser {
    /// Name.
    pub name: String,
    /// Home page.
    #[serde(default)]
    pub url: Option<String>,
    /// Logo path under `static/`.
    #[serde(default)]
    pub logo: Option<String>,
}

/// The validated site settings.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/summit/`): prefix of every internal link.
    pub base_path: String,
    /// Site description.
    pub description: Option<String>,
    /// Theme name (folder under `themes/`).
    pub theme: String,
    /// Code of the default language.
    pub default_language: String,
    /// All languages, the default first.
    pub languages: Vec<Language>,
    /// The event.
    pub event: Event,
    /// News items per list page.
    pub news_per_page: usize,
    /// The site's icon (a path under `static/`); `None`: a generated one from the title's
    /// initials.
    pub favicon: Option<String>,
    /// The site's logo for the header (a path under `static/`).
    pub logo: Option<String>,
    /// Items per page of the forum and speaker lists and of each topic's and country's page.
    pub list_per_page: usize,
    /// The Atom feed.
    pub feed: FeedConfig,
    /// Addresses per sitemap file; past it, `sitemap.xml` is an index of numbered files.
    pub sitemap_urls_per_file: usize,
    /// Whether social cards are made at all (`social_cards: false` or `[]` turns them off).
    pub social_cards: bool,
    /// The kinds of page with a card of their own; the others show the site's card.
    pub card_kinds: Vec<CardKind>,
    /// When the build's sources were last changed, in seconds since 1970 (UTC): the
    /// environment's `SOURCE_DATE_EPOCH`, the reproducible-builds convention; `None` when it is
    /// not set. Not from `site.yaml`: the pipeline sets it ([`source_date_epoch`]).
    #[serde(skip)]
    pub source_date: Option<i64>,
}

impl SiteConfig {
    /// The default language's entry.
    pub fn default_lang(&self) -> &Language {
        &self.languages[0]
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = normalise_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// Reads and validates `site.yaml` text. All problems are returned together.
pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let raw: RawConfig = frontmatter::parse(text, path, 1, "site.yaml").map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let at = |key: &str, value: Option<&str>| frontmatter::locate(text, 1, key, value);

    let (base_url, base_path) = match normalise_base_url(&raw.base_url) {
        Ok(v) => v,
        Err(msg) => {
            let (l, c) = at("base_url", None);
            diags.push(
                Diagnostic::error(path, l, c, msg)
                    .with_help("write it like https://example.org/ or https://example.org/summit/"),
            );
            (String::from("/"), String::from("/"))
        }
    };

    let default_language = raw.default_language.unwrap_or_else(|| "en".into());
    let mut languages: Vec<Language> = Vec::new();
    for l in raw.languages {
        if languages.iter().any(|x| x.code == l.code) {
            let (li, c) = at("languages", Some(&l.code));
            diags.push(Diagnostic::error(path, li, c, format!("language `{}` is declared twice", l.code)));
            continue;
        }
        if !is_language_code(&l.code) {
            let (li, c) = at("languages", Some(&l.code));
            let help = match written_as_code(&l.code) {
                Some(code) => format!("write it `{code}`: the code names the language's folder, in this one form"),
                None => "use a BCP 47 code such as `en`, `zh`, `ar`, `pt-BR`".into(),
            };
            diags.push(Diagnostic::error(path, li, c, format!("`{}` is not a language code", l.code)).with_help(help));
            continue;
        }
        let direction = l.direction.unwrap_or_else(|| default_direction(&l.code));
        languages.push(Language {
            code: l.code,
            name: l.name,
            direction,
            title: l.title,
            description: l.description,
            event_name: l.event_name,
            tagline: l.tagline,
            text: SiteText::default(),
        });
    }
    match languages.iter().position(|l| l.code == default_language) {
        Some(i) => {
            let lang = languages.remove(i);
            languages.insert(0, lang);
        }
        None if languages.is_empty() => languages.push(Language {
            direction: default_direction(&default_language),
            name: default_language.clone(),
            code: default_language.clone(),
            title: None,
            description: None,
            event_name: None,
            tagline: None,
            text: SiteText::default(),
        }),
        None => {
            let (l, c) = at("default_language", None);
            diags.push(
                Diagnostic::error(path, l, c, format!("default language `{default_language}` is not in `languages`"))
                    .with_help_opt(did_you_mean(&default_language, languages.iter().map(|l| l.code.as_str()))),
            );
        }
    }

    let event = raw.event.unwrap_or_default();
    if let Some(tz) = &event.timezone {
        if crate::event_time::zone(tz).is_none() {
            let (l, c) = at("  timezone", Some(tz));
            let names: Vec<String> = jiff::tz::TimeZoneDatabase::bundled().available().map(|n| n.to_string()).collect();
            diags.push(
                Diagnostic::error(path, l, c, format!("unknown time zone `{tz}`")).with_help(
                    did_you_mean(tz, names.iter().map(String::as_str)).unwrap_or_else(|| {
                        "use an IANA time zone name such as `Asia/Shanghai` or `Europe/Paris`".into()
                    }),
                ),
            );
        }
    }
    if let (Some(s), Some(e)) = (event.start, event.end) {
        if e < s {
            let (l, c) = at("  end", None);
            diags.push(Diagnostic::error(path, l, c, format!("the event ends ({e}) before it starts ({s})")));
        }
    }
    for o in &event.organisers {
        if let Some(url) = &o.url {
            if let Err(e) = crate::url_check::check(url) {
                let (l, c) = at("event", Some(url));
                diags.push(e.at(path, l, c, &format!("organiser `{}`", o.name)));
            }
        }
    }
    if let Some(acronym) = &event.acronym {
        if !crate::outputs::frab::valid_acronym(acronym) {
            let (l, c) = at("  acronym", Some(acronym));
            diags.push(
                Diagnostic::error(path, l, c, format!("`{acronym}` is not a valid acronym for `schedule.json`"))
                    .with_help(format!(
                        "use at least four lower-case letters, digits or `_`, optionally ending in a year and a name (`summit_2024`, `summit-2024-berlin`), e.g. `{}`",
                        crate::outputs::frab::default_acronym(acronym, None)
                    )),
            );
        }
    }
    if raw.news_per_page == Some(0) {
        let (l, c) = at("news_per_page", None);
        diags.push(Diagnostic::error(path, l, c, "`news_per_page` must be at least 1"));
    }
    if raw.list_per_page == Some(0) {
        let (l, c) = at("list_per_page", None);
        diags.push(Diagnostic::error(path, l, c, "`list_per_page` must be at least 1"));
    }
    if raw.feed.as_ref().and_then(|f| f.items) == Some(0) {
        // `items` under `feed`, written as a block or inline (`feed: {items: 0}`)
        let (l, c) = at("feed", Some("items"));
        diags.push(
            Diagnostic::error(path, l, c, "`feed.items` must be at least 1")
                .with_help("the feed holds this many of the latest news items"),
        );
    }
    let per_file = raw.sitemap.as_ref().and_then(|s| s.urls_per_file).map(|n| n as usize);
    if per_file.is_some_and(|n| n == 0 || n > SITEMAP_MAX_URLS) {
        let (l, c) = at("sitemap", Some("urls_per_file"));
        diags.push(
            Diagnostic::error(path, l, c, "`sitemap.urls_per_file` must be between 1 and 50000")
                .with_help("the sitemap protocol allows at most 50,000 addresses in one file"),
        );
    }
    let card_kinds: Vec<CardKind> = match &raw.social_cards {
        None | Some(RawSocialCards::Switch(true)) => CardKind::DEFAULT.to_vec(),
        Some(RawSocialCards::Switch(false)) => Vec::new(),
        Some(RawSocialCards::Kinds(names)) => {
            let mut kinds = Vec::new();
            for name in names {
                match CardKind::ALL.iter().find(|(n, _)| n == name) {
                    Some((_, k)) if !kinds.contains(k) => kinds.push(*k),
                    Some(_) => {}
                    None => {
                        let (l, c) = at("social_cards", Some(name));
                        let hint = did_you_mean(name, CardKind::ALL.iter().map(|(n, _)| *n));
                        diags.push(
                            Diagnostic::error(path, l, c, format!("`{name}` is not a kind of page with a social card"))
                                .with_help(hint.unwrap_or_else(|| {
                                    "use some of home, forums, speakers, news, papers, pages (or `false` for no cards)"
                                        .into()
                                })),
                        );
                    }
                }
            }
            kinds.sort();
            kinds
        }
    };
    let social_cards = !matches!(&raw.social_cards, Some(RawSocialCards::Switch(false)))
        && !matches!(&raw.social_cards, Some(RawSocialCards::Kinds(k)) if k.is_empty());
    let theme = raw.theme.unwrap_or_else(|| "default".into());
    if !crate::types::is_valid_slug(&theme) {
        let (l, c) = at("theme", None);
        diags.push(Diagnostic::error(path, l, c, format!("`{theme}` is not a theme folder name")));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(SiteConfig {
        title: raw.title,
        base_url,
        base_path,
        description: raw.description,
        theme,
        default_language,
        languages,
        event,
        news_per_page: raw.news_per_page.unwrap_or(10) as usize,
        favicon: raw.favicon,
        logo: raw.logo,
        list_per_page: raw.list_per_page.unwrap_or(100) as usize,
        feed: FeedConfig {
            items: raw.feed.as_ref().and_then(|f| f.items).unwrap_or(20) as usize,
            content: raw.feed.as_ref().and_then(|f| f.content).unwrap_or(FeedContent::Full),
        },
        sitemap_urls_per_file: per_file.unwrap_or(SITEMAP_MAX_URLS),
        social_cards,
        card_kinds,
        source_date: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse(text, Path::new("site.yaml"))
    }

    #[test]
    fn site_yaml_is_named_as_a_file_not_as_front_matter() {
        let message = |text: &str| cfg(text).unwrap_err()[0].message.clone();
        assert_eq!(
            message("title: T\nbase_url: https://example.org/\nlanguage: en\n"),
            "unknown key `language` in site.yaml"
        );
        let list = &cfg("- title\n- base_url\n").unwrap_err()[0];
        assert_eq!(list.message, "site.yaml must be `key: value` lines, found a list");
        assert_eq!(list.help.as_deref(), Some("write one `key: value` pair per line"));
        let missing = &cfg("title: T\n").unwrap_err()[0];
        assert_eq!(missing.message, "missing required key `base_url` in site.yaml");
        assert_eq!(missing.help.as_deref(), Some("add a line `base_url: …` to site.yaml"));
    }

    #[test]
    fn a_language_code_in_another_form_is_refused_with_the_form_to_write() {
        let said = |code: &str| {
            let errors = cfg(&format!("title: T\nbase_url: https://example.org/\nlanguages:\n  - code: en\n    name: E\n  - code: \"{code}\"\n    name: X\n")).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!((errors[0].line, errors[0].message.clone()), (6, format!("`{code}` is not a language code")));
            errors[0].help.clone().unwrap_or_default()
        };
        for (written, code) in [("EN", "en"), ("zh_CN", "zh-CN"), ("PT-BR", "pt-BR"), ("ZH_hant_tw", "zh-Hant-TW")] {
            assert!(said(written).starts_with(&format!("write it `{code}`")), "{written}: {}", said(written));
        }
        for not_one in ["../x", "a/b", "static", "x y"] {
            assert_eq!(said(not_one), "use a BCP 47 code such as `en`, `zh`, `ar`, `pt-BR`", "{not_one}");
        }
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = cfg("title: T\nbase_url: https://example.org/summit\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/summit/");
        assert_eq!(c.base_path, "/summit/");
        assert_eq!(c.theme, "default");
        assert_eq!(c.default_lang().code, "en");
        assert_eq!(c.news_per_page, 10);
        assert_eq!(c.list_per_page, 100);
        assert_eq!(c.feed, FeedConfig { items: 20, content: FeedContent::Full });
        assert_eq!(c.sitemap_urls_per_file, SITEMAP_MAX_URLS);
    }

    #[test]
    fn feed_lists_and_sitemap_settings_are_read_and_checked() {
        let c = cfg("title: T\nbase_url: https://e.org/\nlist_per_page: 7\nfeed: {items: 3, content: summary}\nsitemap:\n  urls_per_file: 10\n").unwrap();
        assert_eq!((c.list_per_page, c.sitemap_urls_per_file), (7, 10));
        assert_eq!(c.feed, FeedConfig { items: 3, content: FeedContent::Summary });
        let e = cfg("title: T\nbase_url: https://e.org/\nsitemap:\n  urls_per_file: 50001\n").unwrap_err();
        assert_eq!((e[0].line, e[0].message.contains("between 1 and 50000")), (4, true));
        let e = cfg("title: T\nbase_url: https://e.org/\nfeed:\n  items: 0\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (4, 3));
        // written inline, the setting is found on its line too
        let e = cfg("title: T\nbase_url: https://e.org/\nfeed: {content: full, items: 0}\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 23));
        let e = cfg("title: T\nbase_url: https://e.org/\nsitemap: {urls_per_file: 0}\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 11));
        let e = cfg("title: T\nbase_url: https://e.org/\nlist_per_page: 0\n").unwrap_err();
        assert_eq!(e[0].line, 3);
    }

    #[test]
    fn unknown_feed_settings_are_located_errors() {
        let e = cfg("title: T\nbase_url: https://e.org/\nfeed:\n  item: 3\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{:?}", e[0]);
        assert!(e[0].message.contains("item"), "{}", e[0].message);
        let e = cfg("title: T\nbase_url: https://e.org/\nfeed:\n  content: everything\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{:?}", e[0]);
    }

    #[test]
    fn social_cards_are_chosen_by_kind_and_mistakes_located() {
        let c = cfg("title: T\nbase_url: https://e.org/\n").unwrap();
        assert!(c.social_cards);
        assert_eq!(c.card_kinds, CardKind::DEFAULT);
        let c = cfg("title: T\nbase_url: https://e.org/\nsocial_cards: [speakers, home]\n").unwrap();
        assert_eq!(c.card_kinds, [CardKind::Home, CardKind::Speakers]);
        for off in ["false", "[]"] {
            let c = cfg(&format!("title: T\nbase_url: https://e.org/\nsocial_cards: {off}\n")).unwrap();
            assert!(!c.social_cards && c.card_kinds.is_empty(), "{off}");
        }
        let e = cfg("title: T\nbase_url: https://e.org/\nsocial_cards:\n  - news\n  - speaker\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (5, 5), "{:?}", e[0]);
        assert!(e[0].message.contains("`speaker`"), "{}", e[0].message);
        assert_eq!(e[0].help.as_deref(), Some("did you mean `speakers`?"));
        let e = cfg("title: T\nbase_url: https://e.org/\nsocial_cards: 3\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{:?}", e[0]);
    }

    #[test]
    fn default_language_comes_first_and_arabic_is_rtl() {
        let c = cfg("title: T\nbase_url: https://e.org/\ndefault_language: zh\nlanguages:\n  - {code: ar, name: العربية}\n  - {code: zh, name: 中文}\n  - {code: ps, name: پښتو}\n  - {code: ckb, name: کوردی}\n").unwrap();
        assert_eq!(c.languages[0].code, "zh");
        assert_eq!(c.languages[0].direction, Direction::Ltr);
        // Pashto and Central Kurdish as Arabic is: right to left
        for l in &c.languages[1..] {
            assert_eq!(l.direction, Direction::Rtl, "{}", l.code);
        }
    }

    #[test]
    fn bad_timezone_suggests_nearest() {
        let e = cfg("title: T\nbase_url: https://e.org/\nevent:\n  timezone: Asia/Shangai\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (4, 13));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `Asia/Shanghai`?"));
    }

    /// A preview server's credentials in the base URL would be in every page: refused, and
    /// not repeated in the message.
    #[test]
    fn a_base_url_with_a_password_is_refused_without_saying_it() {
        let e = cfg("title: T\nbase_url: https://editor:s3cret@preview.example.org/summit/\n").unwrap_err();
        assert_eq!(
            e[0].message,
            "base URL `https://…@preview.example.org/summit/` holds a user name or password, which every page would publish"
        );
        assert!(!e[0].message.contains("s3cret") && !e[0].message.contains("editor"));
    }

    #[test]
    fn relative_base_url_is_refused() {
        let e = cfg("title: T\nbase_url: /summit/\n").unwrap_err();
        assert_eq!(e[0].line, 2);
        assert!(e[0].message.contains("must start with https://"));
    }
}
