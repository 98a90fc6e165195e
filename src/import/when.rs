//! When an imported session is, on the site's clock: a frab event's `date` is an instant with
//! its offset (`2024-03-30T10:00:00+01:00`); without one, its day's date and `start` are read
//! on the schedule's clock (`conference.time_zone_name`), else on the site's. The end is the
//! start plus the `duration` as time passes (a change of the clocks in between moves it on
//! the wall), and both are written on the site's clock (`event.timezone` in `site.yaml`), an
//! end after midnight as `24:30` ….

use jiff::{SignedDuration, Timestamp, Zoned};

use crate::event_time::Clock;
use crate::types::{Date, Time};

/// The two clocks of an import.
pub struct Clocks {
    /// The schedule's (`conference.time_zone_name`), when it names a known zone.
    pub schedule: Option<Clock>,
    /// The site's.
    pub site: Clock,
}

impl Clocks {
    /// The site's clock from the text of its `site.yaml` (`event.timezone`), and the
    /// schedule's from its name.
    pub fn new(site_yaml: &str, schedule_zone: Option<&str>) -> Clocks {
        let site_zone = serde_yaml::from_str::<serde_yaml::Value>(site_yaml)
            .ok()
            .and_then(|v| v.get("event")?.get("timezone")?.as_str().map(str::to_string));
        let schedule = schedule_zone.filter(|z| crate::event_time::zone(z).is_some()).map(|z| Clock::new(Some(z)));
        Clocks { schedule, site: Clock::new(site_zone.as_deref()) }
    }

    /// Whether times move between the clocks (the zones differ).
    pub fn convert(&self) -> bool {
        self.schedule.as_ref().is_some_and(|s| s.name != self.site.name)
    }
}

/// A session's date, start and end (`None` for a duration of nothing) on the site's clock.
pub struct When {
    /// The day it starts.
    pub date: Date,
    /// Its start on that day.
    pub start: Time,
    /// Its end on the start's day's clock (`24:30` on the next day); `None` when the
    /// schedule gives it no length.
    pub end: Option<Time>,
    /// It ran past `47:59`, the latest end plenary takes, and was cut there.
    pub cut: bool,
    /// Its end came before its start on the wall (the clocks went back in between): written
    /// as its length after the start, on the wall.
    pub folded: bool,
}

/// A value of a session that cannot be read: which field (`date`, `start`, `duration`; the
/// day's `date` as `day date`), what is wrong, and how frab writes it.
#[derive(Debug)]
pub struct Bad {
    /// The field, as the schedule names it.
    pub field: &'static str,
    /// What is wrong with its value.
    pub message: String,
    /// How to write it.
    pub help: &'static str,
}

/// `date` (the event's field, maybe an instant), `day_date` (its day's), `start` and
/// `duration` as written, on `clocks`.
pub fn when(date: &str, day_date: &str, start: &str, duration: &str, clocks: &Clocks) -> Result<When, Vec<Bad>> {
    let length = minutes_of(duration).map_err(|message| Bad {
        field: "duration",
        message,
        help: "frab writes a length as \"HH:MM\" (\"01:30\"; \"50:00\" for more than a day)",
    });
    let begins = begins(date, day_date, start, clocks);
    let (length, begins) = match (length, begins) {
        (Ok(length), Ok(begins)) => (length, begins),
        // every value of the session that cannot be read, each said
        (length, begins) => return Err(length.err().into_iter().chain(begins.err().into_iter().flatten()).collect()),
    };
    let ends = begins.checked_add(SignedDuration::from_mins(length)).map_err(|e| {
        vec![Bad {
            field: "duration",
            message: format!("duration `{duration}` ends past the last date plenary can write: {e}"),
            help: "check the session's `duration`",
        }]
    })?;
    let on_clock = |z: &Zoned| z.hour() as i64 * 60 + z.minute() as i64;

    let day = begins.date();
    let start = Time { minutes: on_clock(&begins) as u16 };
    let mut end_minutes = ends.date().since(day).map(|d| d.get_days() as i64).unwrap_or(0) * 1440 + on_clock(&ends);
    // plenary reads an end before the start as the next day's: 08:45 in Shanghai for 30
    // minutes is 02:45–02:15 in Berlin the night the clocks go back
    let folded = length > 0 && end_minutes <= i64::from(start.minutes);
    if folded {
        end_minutes = i64::from(start.minutes) + length;
    }
    let cut = end_minutes > 2879;
    let end = (length > 0).then_some(Time { minutes: end_minutes.min(2879) as u16 });
    let date = Date { year: day.year(), month: day.month(), day: day.day() };
    Ok(When { date, start, end, cut, folded })
}

/// When a session begins, on the site's clock; what cannot be read of its date and start.
fn begins(date: &str, day_date: &str, start: &str, clocks: &Clocks) -> Result<Zoned, Vec<Bad>> {
    if let Ok(instant) = date.parse::<Timestamp>() {
        return Ok(instant.to_zoned(clocks.site.tz.clone()));
    }
    let bad_date = |field, message| Bad {
        field,
        message,
        help: "frab writes an event's `date` as an instant (\"2024-03-30T09:00:00+01:00\") and its day's as YYYY-MM-DD",
    };
    // an event's date that is neither an instant nor starts with a day is a mistake, not a
    // reason to read it on its day's date in silence
    let own = date.trim();
    let day = match own.get(..10).map(Date::parse) {
        Some(Ok(day)) => Ok(day),
        _ if !own.is_empty() => Err(bad_date("date", format!("date `{own}` is neither an instant nor a date"))),
        _ => Date::parse(day_date).map_err(|e| bad_date("day date", format!("the day's date: {e}"))),
    };
    let bad_start = |message| Bad {
        field: "start",
        message,
        help: "frab writes `start` as \"HH:MM\" on the day's clock, from 00:00 to 23:59",
    };
    let start = match Time::parse(start) {
        Ok(t) if t.minutes < 1440 => Ok(t),
        Ok(t) => Err(bad_start(format!("start `{t}` is not a time of day"))),
        Err(e) => Err(bad_start(format!("start: {e}"))),
    };
    match (day, start) {
        (Ok(day), Ok(start)) => {
            Ok(clocks.schedule.as_ref().unwrap_or(&clocks.site).at(day, start).with_time_zone(clocks.site.tz.clone()))
        }
        (day, start) => Err(day.err().into_iter().chain(start.err()).collect()),
    }
}

/// A frab `duration` (`01:30`, `50:00`; `01:30:00` from some tools) in minutes.
fn minutes_of(duration: &str) -> Result<i64, String> {
    let bad = || format!("duration `{duration}` is not a length of time");
    let mut parts = duration.trim().split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else { return Err(bad()) };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    match (number(h), number(m), parts.next().map(number), parts.next()) {
        (Some(h), Some(m), None | Some(Some(0)), None) if m < 60 => Ok(h * 60 + m),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

            /// What plenary's own frab export writes (`outputs::frab`: `{h:02}:{m:02}`) is read
            /// back as the same length, with seconds of zero too; a minute past 59 or seconds
            /// of a length are refused, never read as another length.
            #[test]
            fn a_written_length_is_read_back(minutes in 0i64..9999 * 60, seconds in proptest::option::of(0u8..60)) {
                let written = format!("{:02}:{:02}", minutes / 60, minutes % 60);
                prop_assert_eq!(minutes_of(&written), Ok(minutes));
                match seconds {
                    Some(0) | None => prop_assert_eq!(minutes_of(&format!(" {written}:00 ")), Ok(minutes)),
                    Some(s) => {
                        let with_seconds = format!("{written}:{s:02}");
                        prop_assert!(minutes_of(&with_seconds).is_err(), "{}", with_seconds);
                    }
                }
                let past_59 = format!("{:02}:{}", minutes / 60, 60 + minutes % 40);
                prop_assert!(minutes_of(&past_59).is_err(), "{}", past_59);
            }

            /// Nothing a schedule holds makes the reading fail other than with its message.
            #[test]
            fn any_text_is_a_length_or_a_message(text in "\\PC{0,12}|[0-9:]{0,12}") {
                match minutes_of(&text) {
                    Ok(m) => prop_assert!((0..10_000 * 60).contains(&m), "{:?} -> {}", text, m),
                    Err(e) => prop_assert!(e.contains("is not a length of time"), "{}", e),
                }
            }
        }
    }

    fn shanghai_from(schedule: Option<&str>) -> Clocks {
        Clocks::new("event:\n  timezone: Asia/Shanghai\n", schedule)
    }

    fn written(w: &When) -> (String, String, Option<String>) {
        (w.date.to_string(), w.start.to_string(), w.end.map(|e| e.to_string()))
    }

    #[test]
    fn an_instant_is_moved_to_the_sites_clock() {
        let w = when("2024-03-30T10:00:00+01:00", "2024-03-30", "10:00", "01:30", &shanghai_from(None)).unwrap();
        assert_eq!(written(&w), ("2024-03-30".into(), "17:00".into(), Some("18:30".into())));
        // the same session written without its offset, on the schedule's clock
        let w = when("", "2024-03-30", "10:00", "01:30", &shanghai_from(Some("Europe/Berlin"))).unwrap();
        assert_eq!(written(&w), ("2024-03-30".into(), "17:00".into(), Some("18:30".into())));
    }

    #[test]
    fn a_length_is_time_that_passes_across_a_change_of_the_clocks() {
        let berlin = Clocks::new("event:\n  timezone: Europe/Berlin\n", Some("Europe/Berlin"));
        // four hours from 23:30 on the night summer time begins end at 04:30 on the wall
        let w = when("2024-03-30T23:30:00+01:00", "", "", "04:00", &berlin).unwrap();
        assert_eq!(written(&w), ("2024-03-30".into(), "23:30".into(), Some("28:30".into())));
        assert!(!berlin.convert());
    }

    #[test]
    fn an_end_the_clocks_put_before_the_start_is_the_length_after_it() {
        let berlin = Clocks::new("event:\n  timezone: Europe/Berlin\n", None);
        // 02:45 CEST, thirty minutes: 02:15 CET on the wall
        let w = when("2024-10-27T08:45:00+08:00", "", "", "00:30", &berlin).unwrap();
        assert_eq!(written(&w), ("2024-10-27".into(), "02:45".into(), Some("03:15".into())));
        assert!(w.folded);
    }

    #[test]
    fn no_length_is_no_end_and_too_long_is_cut() {
        let utc = Clocks::new("title: T\n", None);
        let w = when("2024-03-30T10:00:00Z", "", "", "00:00", &utc).unwrap();
        assert_eq!(written(&w), ("2024-03-30".into(), "10:00".into(), None));
        let w = when("2024-03-30T23:00:00Z", "", "", "30:00", &utc).unwrap();
        assert_eq!((w.end.unwrap().to_string(), w.cut), ("47:59".into(), true));
        let fields =
            |w: Result<When, Vec<Bad>>| w.err().unwrap_or_default().iter().map(|b| b.field).collect::<Vec<_>>();
        assert_eq!(fields(when("", "2024-03-30", "25:00", "01:00", &utc)), ["start"]);
        // an event's date that is no date is said, not replaced by its day's
        let bad = &when("2024-13-30T09:00:00+01:00", "2024-03-30", "09:00", "01:00", &utc).err().unwrap()[0];
        assert_eq!(
            (bad.field, bad.message.as_str()),
            ("date", "date `2024-13-30T09:00:00+01:00` is neither an instant nor a date")
        );
        // each value that cannot be read is said, not only the first
        assert_eq!(fields(when("", "30.03.2024", "9h", "1h", &utc)), ["duration", "day date", "start"]);
        assert_eq!(minutes_of("50:00"), Ok(3000));
        assert_eq!(minutes_of("01:30:00"), Ok(90));
        for bad in ["", "1h", "01:75", "-1:00", "01:30:15"] {
            assert!(minutes_of(bad).unwrap_err().contains("is not a length of time"), "{bad}");
        }
    }
}
