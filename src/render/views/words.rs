//! The words of a page in its language: theme strings (plain, or marked for a page to show
//! when they fall back), dates, times, numbers, country and room names, the site's own texts
//! and the language's joining punctuation.

use super::{dir_name, session_kind, Views};
use crate::graph::DocId;
use crate::model::SessionType;

impl Views<'_> {
    /// A theme string in this language.
    pub fn t(&self, key: &str) -> String {
        self.strings.fill(&self.language().code, key, &[])
    }

    /// A theme string with `{name}` placeholders filled.
    pub fn t_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill(&self.language().code, key, values)
    }

    /// A theme string a page shows (never a file, a search entry or a drawn card), marked
    /// when it falls back to another language ([`crate::i18n::Strings::shown`]).
    pub fn t_shown(&self, key: &str) -> String {
        self.t_shown_with(key, &[])
    }

    /// [`Views::t_shown`] with `{name}` placeholders filled.
    pub fn t_shown_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill_shown(&self.language().code, key, values)
    }

    /// A date in words, in this language.
    pub fn date(&self, d: crate::types::Date) -> String {
        self.dates.long(d)
    }

    /// A span of days in this language, the shared month and year written once.
    pub fn date_range(&self, s: crate::types::Date, e: crate::types::Date) -> String {
        self.dates.range(s, e, &self.t("range_separator"))
    }

    /// A time (or "start–end") on this language's clock.
    /// An end on the next day is marked so ("11:59 pm (next day)", the theme's `time_next_day`).
    pub fn time_range(&self, s: crate::types::Time, e: Option<crate::types::Time>) -> String {
        self.dates.time_range_marked(s, e, |t| self.next_day(t))
    }

    /// [`Views::time_range`] for a page to show: "(next day)" in another language than the
    /// page's is marked as such ([`Views::t_shown`]).
    pub fn time_range_shown(&self, s: crate::types::Time, e: Option<crate::types::Time>) -> String {
        self.dates.time_range_marked(s, e, |t| self.t_shown_with("time_next_day", &[("time", t)]))
    }

    /// A session's end alone as a page shows it, marked when it is on the day after its
    /// `start`.
    pub fn end_time(&self, start: Option<crate::types::Time>, e: crate::types::Time) -> String {
        let time = self.dates.time(e);
        if crate::locale::ends_next_day(start, e) {
            self.t_shown_with("time_next_day", &[("time", &time)])
        } else {
            time
        }
    }

    /// A time on the next day, in this language: "11:59 pm (next day)".
    fn next_day(&self, time: &str) -> String {
        self.t_with("time_next_day", &[("time", time)])
    }

    /// A whole number with this language's digits.
    pub fn number(&self, n: u64) -> String {
        self.dates.number(n)
    }

    /// The name of a country (ISO code) in this language; the English name where CLDR has none.
    pub fn country_name(&self, code: &str) -> String {
        self.dates.country(code).unwrap_or_else(|| {
            isocountry::CountryCode::for_alpha2_caseless(code)
                .map_or_else(|_| code.to_string(), |c| c.name().to_string())
        })
    }

    /// A room's name in this language (`rooms:` of `site.<code>.yaml`), else as written.
    pub fn room(&self, room: &str) -> String {
        self.language().text.event.rooms.get(room).cloned().unwrap_or_else(|| room.to_string())
    }

    /// [`Views::room`] for a page to show: a name `site.<code>.yaml` does not give, as
    /// `site.yaml` writes it, marked as the default language's ([`Views::site_text`]).
    pub fn room_shown(&self, room: &str) -> String {
        self.site_text(self.language().text.event.rooms.get(room).map(String::as_str), room)
    }

    /// A text of `site.yaml` as this language's page shows it: the language's own words,
    /// else `site.yaml`'s marked as the default language's where that is another language
    /// (`i18n::marks`: "Summit" in English on a Persian page is `lang="en" dir="ltr"`). For
    /// pages only, never a file or a drawn card.
    pub fn site_text(&self, own: Option<&str>, given: &str) -> String {
        if let Some(own) = own {
            return own.to_string();
        }
        let default = self.site.config.default_lang();
        if crate::i18n::foreign(&self.language().code, &default.code) {
            crate::i18n::marks::wrap(&default.code, dir_name(default.direction), given)
        } else {
            given.to_string()
        }
    }

    /// The site's title in this language (`site.<code>.yaml` or the language's `title`).
    pub fn site_title(&self) -> String {
        self.language().title.clone().unwrap_or_else(|| self.site.config.title.clone())
    }

    /// The event's name in this language, else the site's title in it.
    pub fn event_name(&self) -> String {
        self.event_name_given().unwrap_or_else(|| self.site_title())
    }

    /// The event's name in this language, if the site gives one.
    pub(super) fn event_name_given(&self) -> Option<String> {
        self.language().event_name.clone().or_else(|| self.site.config.event.name.clone())
    }

    /// Parts of one phrase (a role and an organisation) joined by this language's comma.
    pub fn comma_join(&self, parts: &[&str]) -> String {
        parts.join(&self.t("comma"))
    }

    /// Values of document `id`'s `keys` joined by the comma of the language they are written
    /// in: an untranslated (or inherited) English role and organisation keep ", " on Arabic
    /// and Chinese pages.
    pub fn text_join(&self, id: DocId, keys: &[&str], parts: &[&str]) -> String {
        let shown = self.shown(id);
        let own = keys.iter().any(|k| self.site.doc(shown).own_keys.contains(*k));
        let lang = if own { self.site.lang_of[shown] } else { self.site.lang_of[id] };
        parts.join(&self.strings.fill(&self.site.config.languages[lang].code, "comma", &[]))
    }

    /// "Forum", "Keynote", … in this language.
    pub fn session_label(&self, k: SessionType) -> String {
        self.t(&format!("session_{}", session_kind(k)))
    }

    /// [`Views::session_label`] for a page to show ([`Views::t_shown`]).
    pub fn session_label_shown(&self, k: SessionType) -> String {
        self.t_shown(&format!("session_{}", session_kind(k)))
    }
}
