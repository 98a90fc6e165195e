//! Event-local times: forum dates and `HH:MM` times in the event's time zone, resolved with
//! jiff's **bundled** time-zone database, so output never depends on the machine's zoneinfo.

use jiff::civil;
use jiff::tz::{TimeZone, TimeZoneDatabase};
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
        let day = civil::Date::new(date.year, date.month, date.day).unwrap_or_default();
        let (day, minutes) = if time.minutes >= 1440 {
            (day.tomorrow().unwrap_or(day), time.minutes - 1440)
        } else {
            (day, time.minutes)
        };
        let dt = day.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
        self.tz
            .to_ambiguous_zoned(dt)
            .compatible()
            .unwrap_or_else(|_| Zoned::new(Timestamp::UNIX_EPOCH, self.tz.clone()))
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
    let secs = z.offset().seconds();
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
