//! Event-local times: forum dates and `HH:MM` times in the event's time zone, resolved with
//! jiff's **bundled** time-zone database, so output never depends on the machine's zoneinfo.

use jiff::civil;
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};
use jiff::{Timestamp, Zoned};

use crate::types::{Date, Time};

/// The bundled database, loaded once.
fn db() -> &'static TimeZoneDatabase {
    static DB: std::sync::OnceLock<TimeZoneDatabase> = std::sync::OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// A time zone by IANA name, from the bundled database.
pub fn zone(name: &str) -> Option<TimeZone> {
    db().get(name).ok()
}

/// The event's clock: a time zone (UTC when `site.yaml` names none).
#[derive(Debug, Clone)]
pub struct Clock {
    /// The zone.
    pub tz: TimeZone,
    /// Its IANA name (`UTC` when none is set).
    pub name: String,
}

impl Clock {
    /// The clock for an optional zone name (unknown names were refused by `config`).
    pub fn new(name: Option<&str>) -> Clock {
        match name.and_then(|n| zone(n).map(|tz| (n, tz))) {
            Some((n, tz)) => Clock { tz, name: n.to_string() },
            None => Clock { tz: TimeZone::UTC, name: "UTC".into() },
        }
    }

    /// The instant of `time` on `date` (`24:00` is the next day's midnight). In a gap of a
    /// daylight-saving change the later offset is used; in a fold, the earlier.
    pub fn at(&self, date: Date, time: Time) -> Zoned {
        self.tz
            .to_ambiguous_zoned(civil_time(date, time))
            .compatible()
            .unwrap_or_else(|_| Zoned::new(Timestamp::UNIX_EPOCH, self.tz.clone()))
    }

    /// Whether `time` on `date` is no one instant on this clock: in the hour a change of
    /// the clocks skips, or in the hour it repeats. `None` for every other time.
    pub fn doubt(&self, date: Date, time: Time) -> Option<Doubt> {
        let ambiguous = self.tz.to_ambiguous_zoned(civil_time(date, time));
        let (before, after) = match ambiguous.offset() {
            AmbiguousOffset::Unambiguous { .. } => return None,
            AmbiguousOffset::Gap { before, after } | AmbiguousOffset::Fold { before, after } => (before, after),
        };
        let change = Change { from: shown_offset(before.seconds()), to: shown_offset(after.seconds()) };
        Some(match ambiguous.offset() {
            AmbiguousOffset::Gap { .. } => Doubt::Skipped(change, self.at(date, time).strftime("%H:%M").to_string()),
            _ => Doubt::Repeated(change),
        })
    }

    /// Start and end instants of a session; an `end` before `start` runs into the next day.
    pub fn span(&self, date: Date, start: Time, end: Option<Time>) -> (Zoned, Zoned) {
        let s = self.at(date, start);
        let e = match end {
            Some(e) if e.minutes > start.minutes => self.at(date, e),
            Some(e) => self.at(date, Time { minutes: e.minutes + 1440 }),
            None => s.clone(),
        };
        (s, e)
    }
}

/// A change of the clocks: the offsets before and after it, as shown beside a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `UTC+1`.
    pub from: String,
    /// `UTC+2`.
    pub to: String,
}

/// How a local time is no one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// The clocks skip it (they go forward over it); calendars read it as the later time
    /// given (`HH:MM`), the time it would be had they not changed.
    Skipped(Change, String),
    /// The clocks show it twice (they go back over it); calendars read it as the first.
    Repeated(Change),
}

/// The civil time of `time` on `date`, `24:00` and later on the next day.
fn civil_time(date: Date, time: Time) -> civil::DateTime {
    let day = civil::Date::new(date.year, date.month, date.day).unwrap_or_default();
    let (day, minutes) =
        if time.minutes >= 1440 { (day.tomorrow().unwrap_or(day), time.minutes - 1440) } else { (day, time.minutes) };
    day.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0)
}

/// `2023-12-08T09:00:00+08:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `+08:00`.
pub fn offset(z: &Zoned) -> String {
    z.strftime("%:z").to_string()
}

/// `UTC+8`, `UTC−3:30`, `UTC`: the offset as shown beside a time.
pub fn utc_offset(z: &Zoned) -> String {
    shown_offset(z.offset().seconds())
}

/// The offsets of a span from `start` to `end` as shown beside its times: one (`UTC+8`) when
/// both ends have it, else both (`UTC+2 → UTC+1`), for a span across a change of the clocks
/// (the night they go back, 01:30–03:30 begins in summer time and ends in winter time).
pub fn utc_offsets(start: &Zoned, end: &Zoned) -> String {
    let (from, to) = (utc_offset(start), utc_offset(end));
    if from == to {
        from
    } else {
        format!("{from} \u{2192} {to}")
    }
}

/// An offset of `secs` seconds as [`utc_offset`] shows it.
fn shown_offset(secs: i32) -> String {
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '\u{2212}' } else { '+' };
    let (h, m) = (secs.unsigned_abs() / 3600, secs.unsigned_abs() % 3600 / 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_as_shown() {
        let c = Clock::new(Some("Asia/Kolkata"));
        let d = Date::parse("2024-03-01").unwrap();
        assert_eq!(utc_offset(&c.at(d, Time { minutes: 600 })), "UTC+5:30");
        let c = Clock::new(Some("America/New_York"));
        assert_eq!(utc_offset(&c.at(d, Time { minutes: 600 })), "UTC\u{2212}5");
        assert_eq!(utc_offset(&Clock::new(None).at(d, Time { minutes: 600 })), "UTC");
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn t(s: &str) -> Time {
        Time::parse(s).unwrap()
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        let c = Clock::new(Some("Europe/Berlin"));
        assert_eq!(rfc3339(&c.at(d("2024-03-30"), t("09:00"))), "2024-03-30T09:00:00+01:00");
        assert_eq!(rfc3339(&c.at(d("2024-03-31"), t("09:00"))), "2024-03-31T09:00:00+02:00");
        // 02:30 does not exist that night: the later offset is used
        assert_eq!(rfc3339(&c.at(d("2024-03-31"), t("02:30"))), "2024-03-31T03:30:00+02:00");
    }

    /// The hour the clocks skip and the hour they repeat, and no other time, are in doubt.
    #[test]
    fn the_hours_a_change_of_the_clocks_skips_or_repeats_are_in_doubt() {
        let c = Clock::new(Some("Europe/Paris"));
        let change = |from: &str, to: &str| Change { from: from.into(), to: to.into() };
        assert_eq!(
            c.doubt(d("2026-03-29"), t("02:30")),
            Some(Doubt::Skipped(change("UTC+1", "UTC+2"), "03:30".into()))
        );
        assert_eq!(
            c.doubt(d("2026-03-29"), t("02:00")),
            Some(Doubt::Skipped(change("UTC+1", "UTC+2"), "03:00".into()))
        );
        assert_eq!(c.doubt(d("2026-03-29"), t("03:00")), None);
        assert_eq!(c.doubt(d("2026-03-29"), t("01:59")), None);
        assert_eq!(c.doubt(d("2026-10-25"), t("02:30")), Some(Doubt::Repeated(change("UTC+2", "UTC+1"))));
        assert_eq!(c.doubt(d("2026-10-25"), t("03:00")), None);
        // `26:30` is the next day's 02:30
        assert_eq!(c.doubt(d("2026-10-24"), t("26:30")), Some(Doubt::Repeated(change("UTC+2", "UTC+1"))));
        assert_eq!(c.doubt(d("2026-07-01"), t("02:30")), None);
        // a zone that changes by half an hour, and one that never changes
        let lord_howe = Clock::new(Some("Australia/Lord_Howe"));
        assert_eq!(
            lord_howe.doubt(d("2026-10-04"), t("02:15")),
            Some(Doubt::Skipped(change("UTC+10:30", "UTC+11"), "02:45".into()))
        );
        assert_eq!(Clock::new(Some("Asia/Shanghai")).doubt(d("2026-03-29"), t("02:30")), None);
        assert_eq!(Clock::new(None).doubt(d("2026-03-29"), t("02:30")), None);
    }

    /// A span across the night the clocks go back (or forward) shows both offsets.
    #[test]
    fn a_span_across_a_change_of_the_clocks_shows_both_offsets() {
        let c = Clock::new(Some("Europe/Berlin"));
        let (s, e) = c.span(d("2024-10-27"), t("01:30"), Some(t("03:30")));
        assert_eq!(utc_offsets(&s, &e), "UTC+2 \u{2192} UTC+1");
        let (s, e) = c.span(d("2024-03-31"), t("01:00"), Some(t("04:00")));
        assert_eq!(utc_offsets(&s, &e), "UTC+1 \u{2192} UTC+2");
        let (s, e) = c.span(d("2024-10-26"), t("09:00"), Some(t("12:00")));
        assert_eq!(utc_offsets(&s, &e), "UTC+2");
    }

    #[test]
    fn midnight_and_crossing_midnight() {
        let c = Clock::new(Some("Asia/Shanghai"));
        assert_eq!(rfc3339(&c.at(d("2023-12-08"), t("24:00"))), "2023-12-09T00:00:00+08:00");
        let (s, e) = c.span(d("2023-12-08"), t("22:00"), Some(t("01:00")));
        assert_eq!(
            (rfc3339(&s), rfc3339(&e)),
            ("2023-12-08T22:00:00+08:00".into(), "2023-12-09T01:00:00+08:00".into())
        );
    }

    #[test]
    fn no_zone_is_utc() {
        let c = Clock::new(None);
        assert_eq!(c.name, "UTC");
        assert_eq!(offset(&c.at(d("2023-12-08"), t("09:00"))), "+00:00");
    }
}
