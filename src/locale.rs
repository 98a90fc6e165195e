//! Dates, times and numbers written the way each language writes them, from CLDR data
//! (ICU4X, compiled in): "8 December 2023", "2023年12月8日", "٨ ديسمبر ٢٠٢٣", "8 décembre 2023".

use icu::calendar::{Date as IcuDate, Gregorian};
use icu::datetime::fieldsets::YMD;
use icu::datetime::FixedCalendarDateTimeFormatter;
use icu::locale::Locale;

use crate::types::Date;

type Formatter = FixedCalendarDateTimeFormatter<Gregorian, YMD>;

thread_local! {
    // ICU formatters are not shared between threads; each thread keeps one per language
    static FORMATTERS: std::cell::RefCell<std::collections::BTreeMap<String, Option<Formatter>>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// Formats dates in one language.
#[derive(Debug, Clone)]
pub struct DateWriter {
    lang: String,
}

impl DateWriter {
    /// A writer for a BCP 47 language code; unknown codes fall back to English words. Bare
    /// `en` is international English (`en-001`: "8 December 2023"), as fits a summit of many
    /// countries; write `en-US` for "December 8, 2023".
    pub fn new(lang: &str) -> DateWriter {
        let lang = if lang == "en" { "en-001" } else { lang };
        DateWriter { lang: lang.to_string() }
    }

    /// The date in words, in this language.
    pub fn long(&self, d: Date) -> String {
        let Ok(date) = IcuDate::try_new_gregorian(i32::from(d.year), d.month as u8, d.day as u8) else {
            return d.long();
        };
        FORMATTERS.with(|cell| {
            let mut map = cell.borrow_mut();
            let f = map.entry(self.lang.clone()).or_insert_with(|| {
                self.lang.parse::<Locale>().ok().and_then(|l| Formatter::try_new(l.into(), YMD::long()).ok())
            });
            match f {
                Some(f) => f.format(&date).to_string(),
                None => d.long(),
            }
        })
    }

    /// A span of days: one date, or "start – end".
    pub fn range(&self, s: Date, e: Date) -> String {
        if s == e {
            self.long(s)
        } else {
            format!("{} – {}", self.long(s), self.long(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn month_names_come_from_cldr() {
        let date = d("2023-12-08");
        assert_eq!(DateWriter::new("en").long(date), "8 December 2023");
        assert_eq!(DateWriter::new("en-US").long(date), "December 8, 2023");
        assert_eq!(DateWriter::new("en-GB").long(date), "8 December 2023");
        assert_eq!(DateWriter::new("fr").long(date), "8 décembre 2023");
        assert_eq!(DateWriter::new("es").long(date), "8 de diciembre de 2023");
        assert_eq!(DateWriter::new("ru").long(date), "8 декабря 2023\u{202f}г.");
        assert_eq!(DateWriter::new("zh").long(date), "2023年12月8日");
        assert!(DateWriter::new("ar").long(date).contains("ديسمبر"), "{}", DateWriter::new("ar").long(date));
    }

    #[test]
    fn unknown_languages_fall_back() {
        assert_eq!(DateWriter::new("not a locale!").long(d("2023-12-08")), "8 December 2023");
    }
}
