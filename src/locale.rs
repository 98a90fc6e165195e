//! Everything a reader sees written the way their language writes it, from CLDR data (ICU4X,
//! compiled in; no hand-made tables): dates ("8 December 2023", "2023年12月8日",
//! "٨ ديسمبر ٢٠٢٣"), date ranges collapsed by CLDR's interval formats ("7–9 December 2023",
//! "2023年12月7日至9日"), times with the language's clock and digits, numbers, lists ("A、B和C",
//! "A وB وC"), country and language names, and sorting by the language's collation.
//!
//! Decision (times and digits): each language writes times as CLDR says for it: `en` and `ar`
//! on a 12-hour clock with their day-period markers ("2:05 pm", "2:05 م"), `zh` and `fr` on a
//! 24-hour clock ("14:05"). Digits are the locale's default: since CLDR 46 that is Latin digits
//! for `ar` too; a site wanting Arabic-Indic digits declares the language `ar-u-nu-arab`
//! ("٢:٠٥ م"), and every date, time and number on its pages follows.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use icu::calendar::{Date as IcuDate, Gregorian};
use icu::collator::options::CollatorOptions;
use icu::collator::{Collator, CollatorBorrowed};
use icu::datetime::fieldsets::{D, MD, T, YMD};
use icu::datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu::decimal::input::Decimal;
use icu::decimal::DecimalFormatter;
use icu::experimental::displaynames::multi::{LanguageDisplayNames, RegionDisplayNames};
use icu::experimental::displaynames::DisplayNamesOptions;
use icu::list::options::{ListFormatterOptions, ListLength};
use icu::list::ListFormatter;
use icu::locale::Locale;

use crate::types::{Date, Time};

/// The formatters of one language, made once per thread (ICU4X formatters are not shared
/// between threads). A formatter CLDR has no data for is `None`; its output falls back.
struct Formatters {
    date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    month_day: Option<FixedCalendarDateTimeFormatter<Gregorian, MD>>,
    day: Option<FixedCalendarDateTimeFormatter<Gregorian, D>>,
    time: Option<NoCalendarFormatter<T>>,
    number: Option<DecimalFormatter>,
    and: Option<ListFormatter>,
    unit: Option<ListFormatter>,
    regions: Option<RegionDisplayNames>,
    languages: Option<LanguageDisplayNames>,
    collator: Option<CollatorBorrowed<'static>>,
    /// Dates and times already written: every page writes a few, and a site has few distinct
    /// ones (formatting them anew was 1.7 % of a 10,000-page build's CPU).
    written: RefCell<Written>,
}

/// [`DateWriter::long`] and [`DateWriter::time`] results of one language, by value.
#[derive(Default)]
struct Written {
    long: FxHashMap<Date, String>,
    time: FxHashMap<Time, String>,
}

impl Formatters {
    fn new(code: &str) -> Formatters {
        let locale = code.parse::<Locale>().unwrap_or_else(|_| "en-001".parse().expect("a valid locale"));
        let list = |length| ListFormatterOptions::default().with_length(length);
        Formatters {
            date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            month_day: FixedCalendarDateTimeFormatter::try_new((&locale).into(), MD::long()).ok(),
            day: FixedCalendarDateTimeFormatter::try_new((&locale).into(), D::long()).ok(),
            time: NoCalendarFormatter::try_new((&locale).into(), T::hm()).ok(),
            number: DecimalFormatter::try_new((&locale).into(), Default::default()).ok(),
            and: ListFormatter::try_new_and((&locale).into(), list(ListLength::Wide)).ok(),
            unit: ListFormatter::try_new_unit((&locale).into(), list(ListLength::Short)).ok(),
            regions: RegionDisplayNames::try_new((&locale).into(), DisplayNamesOptions::default()).ok(),
            languages: LanguageDisplayNames::try_new((&locale).into(), DisplayNamesOptions::default()).ok(),
            collator: Collator::try_new((&locale).into(), CollatorOptions::default()).ok(),
            written: RefCell::default(),
        }
    }
}

thread_local! {
    static FORMATTERS: RefCell<BTreeMap<String, std::rc::Rc<Formatters>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Writes dates, times, numbers, lists and names in one language, and sorts its words.
#[derive(Debug, Clone)]
pub struct DateWriter {
    lang: String,
}

impl DateWriter {
    /// A writer for a BCP 47 language code; unknown codes fall back to English. Bare `en` is
    /// international English (`en-001`: "8 December 2023"), as fits a summit of many
    /// countries; write `en-US` for "December 8, 2023".
    pub fn new(lang: &str) -> DateWriter {
        let lang = if lang == "en" { "en-001" } else { lang };
        DateWriter { lang: lang.to_string() }
    }

    fn with<R>(&self, f: impl FnOnce(&Formatters) -> R) -> R {
        let formatters = FORMATTERS.with(|cell| {
            if let Some(f) = cell.borrow().get(&self.lang) {
                return f.clone();
            }
            let f = std::rc::Rc::new(Formatters::new(&self.lang));
            cell.borrow_mut().insert(self.lang.clone(), f.clone());
            f
        });
        f(&formatters)
    }

    /// The date in words, in this language.
    pub fn long(&self, d: Date) -> String {
        let Some(date) = icu_date(d) else { return d.long() };
        self.with(|f| {
            let mut written = f.written.borrow_mut();
            let long = written.long.entry(d);
            long.or_insert_with(|| f.date.as_ref().map_or_else(|| d.long(), |f| f.format(&date).to_string())).clone()
        })
    }

    /// A span of days, collapsed as CLDR's interval formats do: the fields both ends share
    /// are written once ("7–9 December 2023", "December 7 – 9, 2023", "2023年12月7日至9日").
    /// `sep` goes between the ends (" – ", "至"), from the theme strings.
    ///
    /// ICU4X 2.4's range formatter (`icu::datetime::range`, unstable) has interval data for
    /// the medium length only ("7–9 Dec 2023") and fails on long month names, so the collapse
    /// is done here from the language's own long date, month-and-day and day formats: where
    /// the month-and-day part sits in the long date tells the field order.
    pub fn range(&self, s: Date, e: Date, sep: &str) -> String {
        if s == e {
            return self.long(s);
        }
        let (ls, le) = (self.long(s), self.long(e));
        let (Some(ms), Some(me), Some(ds), Some(de)) = (self.month_day(s), self.month_day(e), self.day(s), self.day(e))
        else {
            return format!("{ls}{sep}{le}");
        };
        let same_month = (s.year, s.month) == (e.year, e.month);
        if s.year != e.year {
            format!("{ls}{sep}{le}")
        } else if let (Some(ds), Some(de)) = (leading_day(&ls, &ds), leading_day(&le, &de)) {
            // day first, as the long date writes it ("12.", "02.", "7"): the day keeps its
            // full stop and its leading zero ("12.–14. Mai 2026", "02.–04. maj 2026.")
            let (rest_s, rest_e) = (&ls[ds.len()..], &le[de.len()..]);
            if same_month && rest_s == rest_e {
                format!("{ds}–{le}")
            } else {
                // the words both dates end with (the year, "г.") written once, and the comma
                // before them ("30 tháng 11, 2023")
                let shared = shared_tail_words(&ls, &le);
                let head = ls[..ls.len() - shared].trim_end().trim_end_matches([',', '،', '，']);
                format!("{head}{sep}{le}")
            }
        } else if ls.starts_with(&ms) && le.starts_with(&me) {
            // year last: "7 December 2023", "December 8, 2023"
            if !same_month {
                format!("{ms}{sep}{le}")
            } else if ms.starts_with(&ds) && me.starts_with(&de) {
                format!("{ds}–{le}")
            } else if me.ends_with(&de) {
                format!("{ms}{sep}{de}{}", &le[me.len()..])
            } else {
                format!("{ls}{sep}{le}")
            }
        } else if ls.ends_with(&ms) && le.ends_with(&me) {
            // year first: "2023年12月7日"
            if !same_month {
                format!("{ls}{sep}{me}")
            } else if me.ends_with(&de) {
                format!("{ls}{sep}{de}")
            } else if let Some(mark) = me
                .strip_prefix(me.trim_end_matches('.'))
                .filter(|m| !m.is_empty() && me[..me.len() - m.len()].ends_with(&de) && ls.ends_with(m))
            {
                // the day's full stop after it ("2023. december 7."): written once, at the end
                // ("2023. december 7 – 9.", CLDR's `y. MMMM d–d.`)
                format!("{}{sep}{de}{mark}", &ls[..ls.len() - mark.len()])
            } else {
                format!("{ls}{sep}{le}")
            }
        } else {
            format!("{ls}{sep}{le}")
        }
    }

    fn month_day(&self, d: Date) -> Option<String> {
        let date = icu_date(d)?;
        self.with(|f| f.month_day.as_ref().map(|f| f.format(&date).to_string()))
    }

    fn day(&self, d: Date) -> Option<String> {
        let date = icu_date(d)?;
        self.with(|f| f.day.as_ref().map(|f| f.format(&date).to_string()))
    }

    /// A time of day on the language's clock: "9:00 am", "09:00", "٩:٠٠ ص".
    pub fn time(&self, t: Time) -> String {
        // an end at or after midnight (`24:00`, `24:45`, up to `47:59`) is on the next day's
        // clock: "12:00 am", "12:45 am"
        let on_clock = if t.minutes >= 24 * 60 { t.minutes - 24 * 60 } else { t.minutes };
        let (h, m) = (on_clock / 60, on_clock % 60);
        // (a time ICU cannot take is written as given)
        let Ok(time) = icu::time::Time::try_new(h as u8, m as u8, 0, 0) else { return t.to_string() };
        self.with(|f| {
            let mut written = f.written.borrow_mut();
            let text = written.time.entry(t);
            // a space inside a time (Arabic's `2:05 م`) does not break: `م` alone on the next
            // line reads as another word
            text.or_insert_with(|| {
                f.time.as_ref().map_or_else(|| t.to_string(), |f| f.format(&time).to_string().replace(' ', "\u{a0}"))
            })
            .clone()
        })
    }

    /// A span of time: "9:00 am – 10:30 am", "09:00–10:30".
    pub fn time_range(&self, s: Time, e: Option<Time>) -> String {
        self.time_range_marked(s, e, str::to_string)
    }

    /// A span of time whose end on the next day (`24:00` and later, or an end not after the
    /// start, which is read as past midnight) is written through `next_day` ("11:59 pm (next
    /// day)", from the theme's strings): the clock alone would read as the same evening.
    pub fn time_range_marked(&self, s: Time, e: Option<Time>, next_day: impl Fn(&str) -> String) -> String {
        match e {
            None => self.time(s),
            Some(e) => {
                let (a, b) = (self.time(s), self.time(e));
                let mark = |b: String| if ends_next_day(Some(s), e) { next_day(&b) } else { b };
                // a time with letters (am, ص) reads better with spaces around the dash
                // (the dash stays with the first time; a line may break after it)
                if a.chars().chain(b.chars()).any(char::is_alphabetic) {
                    format!("{a}\u{a0}– {}", mark(b))
                } else {
                    format!("{a}–{}", mark(b))
                }
            }
        }
    }

    /// A whole number with the language's digits and grouping: "1,234", "١٬٢٣٤".
    pub fn number(&self, n: u64) -> String {
        self.with(|f| f.number.as_ref().map_or_else(|| n.to_string(), |f| f.format(&Decimal::from(n)).to_string()))
    }

    /// "A, B and C", "A、B和C", "A وB وC".
    pub fn and_list<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.list(items, |f| f.and.as_ref())
    }

    /// Amounts of one measure, as in a unit list: "3 days, 2 hours".
    pub fn unit_list<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.list(items, |f| f.unit.as_ref())
    }

    fn list<S: AsRef<str>>(&self, items: &[S], which: impl FnOnce(&Formatters) -> Option<&ListFormatter>) -> String {
        self.with(|f| match which(f) {
            Some(l) => l.format_to_string(items.iter().map(AsRef::as_ref)),
            None => items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "),
        })
    }

    /// The name of a country or region (ISO 3166-1 alpha-2 code) in this language.
    pub fn country(&self, code: &str) -> Option<String> {
        let region = code.to_ascii_uppercase().parse::<icu::locale::subtags::Region>().ok()?;
        self.with(|f| f.regions.as_ref().and_then(|r| r.of(region)).map(str::to_string))
    }

    /// The name of a language (BCP 47 code, e.g. `en`, `zh`) in this language.
    pub fn language(&self, code: &str) -> Option<String> {
        let primary = code.split('-').next()?.parse::<icu::locale::subtags::Language>().ok()?;
        self.with(|f| f.languages.as_ref().and_then(|l| l.of(primary)).map(str::to_string))
    }

    /// Compares two words by this language's collation (pinyin order for Chinese, the
    /// alphabet's order for Arabic, accents after the letter for French).
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.with(|f| match &f.collator {
            Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
            None => a.cmp(b),
        })
    }
}

/// Whether a session's end `e` is on the day after its start `s`: written `24:00` or later,
/// or not after the start (read as past midnight).
pub fn ends_next_day(s: Option<Time>, e: Time) -> bool {
    e.minutes >= 24 * 60 || s.is_some_and(|s| e.minutes <= s.minutes)
}

/// The day at the start of a long date with what follows it up to the first space ("12." of
/// "12. Mai 2026", "02." of "02. maj 2026.", "7" of "7 December 2023"), when the date starts
/// with its day: digits ending with `day` as the day format writes it (`dd` patterns add a
/// zero), then nothing or the full stop of an ordinal day (a comma after the day, as Telugu
/// writes it, is no part of it).
fn leading_day<'s>(long: &'s str, day: &str) -> Option<&'s str> {
    let word = long.split(char::is_whitespace).next()?;
    let digits = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let is_day = !day.is_empty()
        && digits.ends_with(day)
        && digits.chars().all(char::is_numeric)
        && word[digits.len()..].chars().all(|c| c == '.');
    (is_day && word.len() < long.len()).then_some(word)
}

/// The length in bytes of the words `a` and `b` both end with, with the space before them.
fn shared_tail_words(a: &str, b: &str) -> usize {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let n = wa.iter().rev().zip(wb.iter().rev()).take_while(|(x, y)| x == y).count();
    if n == 0 || n == wa.len() {
        return 0;
    }
    wa[wa.len() - n..].iter().map(|w| w.len() + 1).sum()
}

fn icu_date(d: Date) -> Option<IcuDate<Gregorian>> {
    IcuDate::try_new_gregorian(i32::from(d.year), d.month as u8, d.day as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The dates and times a writer remembers are the ones its formatters write (a time's
        /// spaces kept from breaking): any date and time, in four languages, asked for twice
        /// in any order.
        #[test]
        fn remembered_dates_and_times_are_the_formatters_own(
            asked in proptest::collection::vec((0usize..4, 1990i16..2040, 1i8..=12, 1i8..=28, 0u16..24 * 60), 1..12),
        ) {
            for (lang, year, month, day, minutes) in asked.iter().chain(&asked) {
                let code = ["en", "ar", "zh", "fr"][*lang];
                let (d, t) = (Date { year: *year, month: *month, day: *day }, Time { minutes: *minutes });
                let fresh = Formatters::new(if code == "en" { "en-001" } else { code });
                let date = icu_date(d).unwrap();
                let (h, m) = ((t.minutes / 60) as u8, (t.minutes % 60) as u8);
                let time = icu::time::Time::try_new(h, m, 0, 0).unwrap();
                let w = DateWriter::new(code);
                proptest::prop_assert_eq!(w.long(d), fresh.date.as_ref().unwrap().format(&date).to_string());
                let formatted = fresh.time.as_ref().unwrap().format(&time).to_string();
                proptest::prop_assert_eq!(w.time(t), formatted.replace(' ', "\u{a0}"));
            }
        }
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn t(s: &str) -> Time {
        Time::parse(s).unwrap()
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

    #[test]
    fn date_ranges_collapse_the_cldr_way() {
        let (s, e) = (d("2023-12-07"), d("2023-12-09"));
        let range =
            |lang: &str, s: Date, e: Date| DateWriter::new(lang).range(s, e, if lang == "zh" { "至" } else { " – " });
        assert_eq!(range("en", s, e), "7–9 December 2023");
        assert_eq!(range("en-US", s, e), "December 7 – 9, 2023");
        assert_eq!(range("en-US", d("2023-11-30"), d("2023-12-02")), "November 30 – December 2, 2023");
        assert_eq!(range("zh", s, e), "2023年12月7日至9日");
        assert_eq!(range("zh", d("2023-11-30"), d("2023-12-02")), "2023年11月30日至12月2日");
        assert_eq!(range("fr", s, e), "7–9 décembre 2023");
        assert_eq!(range("ar", s, e), "7–9 ديسمبر 2023");
        assert_eq!(range("en", d("2023-11-30"), d("2023-12-02")), "30 November – 2 December 2023");
        assert_eq!(range("en", d("2023-12-31"), d("2024-01-01")), "31 December 2023 – 1 January 2024");
        assert_eq!(range("zh", s, s), "2023年12月7日");
    }

    /// German and Serbian keep the full stop after the first day, and Serbian its day's
    /// leading zero, as CLDR's long interval formats write them: `d.–d. MMMM y`,
    /// `d. MMMM – d. MMMM y` (de); `dd.–dd. MMMM y.`, `dd. MMMM – dd. MMMM y.` (sr).
    #[test]
    fn date_ranges_in_german_and_serbian_keep_the_days_full_stop() {
        let range = |lang: &str, s: &str, e: &str| DateWriter::new(lang).range(d(s), d(e), " – ");
        assert_eq!(range("de", "2026-05-12", "2026-05-14"), "12.–14. Mai 2026");
        assert_eq!(range("de", "2026-04-30", "2026-05-02"), "30. April – 2. Mai 2026");
        assert_eq!(range("de", "2025-12-31", "2026-01-01"), "31. Dezember 2025 – 1. Januar 2026");
        assert_eq!(range("sr-Latn", "2026-05-12", "2026-05-14"), "12.–14. maj 2026.");
        assert_eq!(range("sr-Latn", "2026-05-02", "2026-05-04"), "02.–04. maj 2026.");
        assert_eq!(range("sr-Latn", "2026-04-30", "2026-05-02"), "30. april – 02. maj 2026.");
        assert_eq!(range("sr", "2026-05-12", "2026-05-14"), "12.–14. мај 2026.");
        assert_eq!(range("ru", "2023-12-07", "2023-12-09"), "7–9 декабря 2023\u{202f}г.");
        assert_eq!(range("es", "2023-11-30", "2023-12-02"), "30 de noviembre – 2 de diciembre de 2023");
        assert_eq!(range("fa", "2026-05-12", "2026-05-14"), "۱۲–۱۴ مه ۲۰۲۶");
        // (a comma before the year stays with the end alone)
        assert_eq!(range("hi", "2023-11-30", "2023-12-02"), "30 नवंबर – 2 दिसंबर, 2023");
        assert_eq!(range("cs", "2023-12-07", "2023-12-09"), "7.–9. prosince 2023");
        // year first, the day's full stop written once (Hungarian)
        assert_eq!(range("hu", "2023-12-07", "2023-12-09"), "2023. december 7 – 9.");
        assert_eq!(range("hu", "2023-11-30", "2023-12-02"), "2023. november 30. – december 2.");
        // Telugu's comma after the day is not the day's own ("7,–9," was written)
        assert!(!range("te", "2023-12-07", "2023-12-09").contains(",–"), "{}", range("te", "2023-12-07", "2023-12-09"));
    }

    #[test]
    fn times_follow_each_languages_clock_and_digits() {
        assert_eq!(DateWriter::new("en").time(t("14:05")), "2:05\u{202f}pm");
        assert_eq!(DateWriter::new("en-US").time(t("09:00")), "9:00\u{202f}AM");
        assert_eq!(DateWriter::new("zh").time(t("14:05")), "14:05");
        assert_eq!(DateWriter::new("fr").time(t("09:00")), "09:00");
        // current CLDR writes Arabic with Latin digits; `-u-nu-arab` asks for Arabic-Indic ones
        // a time does not break inside, nor before the dash of a span
        assert_eq!(DateWriter::new("ar").time(t("14:05")), "2:05\u{a0}م");
        assert_eq!(DateWriter::new("ar-u-nu-arab").time(t("14:05")), "٢:٠٥\u{a0}م");
        assert_eq!(DateWriter::new("ar").time_range(t("09:00"), Some(t("12:00"))), "9:00\u{a0}ص\u{a0}– 12:00\u{a0}م");
        assert_eq!(DateWriter::new("zh").time_range(t("09:00"), Some(t("10:30"))), "09:00–10:30");
        assert_eq!(DateWriter::new("zh").time(t("24:00")), "00:00");
        assert_eq!(DateWriter::new("en").time(t("24:00")), "12:00\u{202f}am");
        // past midnight, on the next day's clock
        assert_eq!(
            DateWriter::new("en").time_range(t("23:30"), Some(t("24:45"))),
            "11:30\u{202f}pm\u{a0}– 12:45\u{202f}am"
        );
        assert_eq!(DateWriter::new("zh").time(t("47:59")), "23:59");
    }

    #[test]
    fn an_end_on_the_next_day_is_marked() {
        let mark = |t: &str| format!("{t} (next day)");
        let en = DateWriter::new("en");
        assert_eq!(
            en.time_range_marked(t("20:00"), Some(t("47:59")), mark),
            "8:00\u{202f}pm\u{a0}– 11:59\u{202f}pm (next day)"
        );
        assert_eq!(
            en.time_range_marked(t("23:30"), Some(t("01:00")), mark),
            "11:30\u{202f}pm\u{a0}– 1:00\u{202f}am (next day)"
        );
        assert_eq!(
            DateWriter::new("zh").time_range_marked(t("20:00"), Some(t("24:30")), |t| format!("次日{t}")),
            "20:00–次日00:30"
        );
        // the same day's end is not marked
        assert_eq!(en.time_range_marked(t("20:00"), Some(t("23:59")), mark), "8:00\u{202f}pm\u{a0}– 11:59\u{202f}pm");
    }

    #[test]
    fn numbers_lists_and_names() {
        assert_eq!(DateWriter::new("en").number(12345), "12,345");
        assert_eq!(DateWriter::new("ar").number(12), "12");
        assert_eq!(DateWriter::new("ar-u-nu-arab").number(1234), "١٬٢٣٤");
        assert_eq!(DateWriter::new("fr").number(12345), "12\u{202f}345");
        assert_eq!(DateWriter::new("zh").and_list(&["甲", "乙", "丙"]), "甲、乙和丙");
        assert_eq!(DateWriter::new("en").and_list(&["A", "B", "C"]), "A, B and C");
        assert_eq!(DateWriter::new("ar").and_list(&["أ", "ب"]), "أ وب");
        assert_eq!(DateWriter::new("ar").unit_list(&["مدير", "معهد"]), "مدير ومعهد");
        assert_eq!(DateWriter::new("en").unit_list(&["3 days", "2 hours"]), "3 days, 2 hours");
        assert_eq!(DateWriter::new("ar").country("cn").as_deref(), Some("الصين"));
        assert_eq!(DateWriter::new("zh").country("RU").as_deref(), Some("俄罗斯"));
        assert_eq!(DateWriter::new("fr").country("DE").as_deref(), Some("Allemagne"));
        assert_eq!(DateWriter::new("ar").language("en").as_deref(), Some("الإنجليزية"));
        assert_eq!(DateWriter::new("zh").language("en").as_deref(), Some("英语"));
        assert_eq!(DateWriter::new("en").country("XX"), None);
    }

    #[test]
    fn collation_follows_the_language() {
        let sorted = |lang: &str, words: &[&'static str]| -> Vec<&'static str> {
            let w = DateWriter::new(lang);
            let mut v = words.to_vec();
            v.sort_by(|a, b| w.compare(a, b));
            v
        };
        assert_eq!(sorted("fr", &["Égypte", "Chine", "France"]), ["Chine", "Égypte", "France"]);
        // pinyin: 埃及 (Āijí) before 中国 (Zhōngguó) before 法国? no: F before Z
        assert_eq!(sorted("zh", &["中国", "法国", "埃及"]), ["埃及", "法国", "中国"]);
    }
}
