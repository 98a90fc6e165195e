//! iCalendar (RFC 5545) files: the whole programme and one per forum.
//!
//! CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character), TEXT values
//! escaped, a `VTIMEZONE` generated from the bundled time-zone database for the years the
//! sessions fall in, `UID`s from the forum's slug and the site's host and base path, `STATUS`
//! (`CANCELLED` for a session called off: it stays in the calendar, marked, so a subscriber
//! sees it cancelled instead of it silently going), and `DTSTAMP` the time the sources were
//! last changed (`SOURCE_DATE_EPOCH`), never the clock.
//!
//! The `UID` is the same in every language's calendar: it names the session, not its text
//! (RFC 5545 §3.8.4.7), so importing two languages' files into one calendar gives each session
//! once.
//!
//! `DTSTAMP` of a published calendar is when the calendar was made (RFC 5545 §3.8.7.2), and a
//! calendar app that compares two versions of an event looks at `SEQUENCE`, then `DTSTAMP`
//! (RFC 5546 §2.1.5). A build reads no clock, so it takes the sources' time when
//! `SOURCE_DATE_EPOCH` gives it (set to the last commit's time, every new version of the
//! programme is newer), else 1970-01-01T00:00:00Z — no known time, never later than a real
//! one (the session's own start had been used: a session moved earlier looked older than
//! before, and an app could keep the old time). No `SEQUENCE` is written (it is 0): counting
//! revisions of a session would need memory of earlier builds, which a build from the sources
//! alone does not have.

use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::{Timestamp, ToSpan};

use crate::event_time::Clock;
use crate::programme::Session;

/// What a calendar event says.
#[derive(Debug, Clone)]
pub struct EventText {
    /// Forum slug (for the UID).
    pub slug: String,
    /// Title.
    pub summary: String,
    /// Room and venue.
    pub location: Option<String>,
    /// Summary, people and address of the page.
    pub description: String,
    /// Absolute address of the forum page.
    pub url: String,
    /// Absolute addresses of the session's recordings (`ATTACH`, RFC 5545 §3.8.1.1).
    pub attachments: Vec<String>,
}

/// A calendar with `sessions` (each with its text), named `name`, made at `stamp`.
pub fn calendar(
    name: &str,
    uid_domain: &str,
    clock: &Clock,
    stamp: Timestamp,
    sessions: &[(&Session, EventText)],
) -> String {
    let mut c = Lines::default();
    c.push("BEGIN", "VCALENDAR");
    c.push("VERSION", "2.0");
    c.push("PRODID", &format!("-//plenary//plenary {}//EN", env!("CARGO_PKG_VERSION")));
    c.push("CALSCALE", "GREGORIAN");
    c.push("METHOD", "PUBLISH");
    c.push("X-WR-CALNAME", &escape(name));
    let utc = clock.name == "UTC";
    if !utc && !sessions.is_empty() {
        c.push("X-WR-TIMEZONE", &clock.name);
        vtimezone(&mut c, clock, sessions);
    }
    for (s, text) in sessions {
        c.push("BEGIN", "VEVENT");
        c.push("UID", &format!("{}@{uid_domain}", text.slug));
        c.push("DTSTAMP", &utc_stamp(stamp));
        // a session with no end (or none on the clocks: both in a skipped hour) has no DTEND,
        // which RFC 5545 §3.8.2.2 wants later than DTSTART: it then ends as it starts
        let ends = s.ends.timestamp() > s.starts.timestamp();
        if utc {
            c.push("DTSTART", &utc_stamp(s.starts.timestamp()));
            if ends {
                c.push("DTEND", &utc_stamp(s.ends.timestamp()));
            }
        } else {
            c.push(&format!("DTSTART;TZID={}", clock.name), &local(&s.starts.datetime()));
            if ends {
                c.push(&format!("DTEND;TZID={}", clock.name), &local(&s.ends.datetime()));
            }
        }
        // every event says whether it takes place, so one cancelled and then restored is
        // confirmed again in a calendar that keeps the last status it read
        c.push("STATUS", if s.cancelled { "CANCELLED" } else { "CONFIRMED" });
        c.push("SUMMARY", &escape(&text.summary));
        if let Some(l) = &text.location {
            c.push("LOCATION", &escape(l));
        }
        if !text.description.is_empty() {
            c.push("DESCRIPTION", &escape(&text.description));
        }
        c.push("URL", &text.url);
        for a in &text.attachments {
            c.push("ATTACH", a);
        }
        c.push("END", "VEVENT");
    }
    c.push("END", "VCALENDAR");
    c.0
}

/// `VTIMEZONE` with every offset change in the years of the sessions (and the offset in
/// force when that window opens).
fn vtimezone(c: &mut Lines, clock: &Clock, sessions: &[(&Session, EventText)]) {
    let first = sessions.iter().map(|(s, _)| s.starts.year()).min().unwrap_or(1970);
    let last = sessions.iter().map(|(s, _)| s.ends.year()).max().unwrap_or(first);
    let window_start = year_start(first);
    let window_end = year_start(last + 1);
    c.push("BEGIN", "VTIMEZONE");
    c.push("TZID", &clock.name);
    let mut transitions: Vec<(Timestamp, Offset, Offset, String, bool)> = Vec::new();
    let opening = clock.tz.to_offset(window_start);
    if let Some(prev) = clock.tz.preceding(window_start).next() {
        let before = clock.tz.to_offset(prev.timestamp() - 1.second());
        transitions.push((
            prev.timestamp(),
            before,
            prev.offset(),
            prev.abbreviation().to_string(),
            prev.dst().is_dst(),
        ));
    }
    for t in clock.tz.following(window_start) {
        if t.timestamp() >= window_end {
            break;
        }
        let before = clock.tz.to_offset(t.timestamp() - 1.second());
        transitions.push((t.timestamp(), before, t.offset(), t.abbreviation().to_string(), t.dst().is_dst()));
    }
    if transitions.is_empty() {
        let abbr = window_start.to_zoned(clock.tz.clone()).strftime("%Z").to_string();
        transitions.push((Timestamp::UNIX_EPOCH, opening, opening, abbr, false));
    }
    for (at, from, to, abbr, dst) in transitions {
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        c.push("BEGIN", kind);
        // DTSTART is the local time of the change, reckoned in the offset before it
        let start =
            if at == Timestamp::UNIX_EPOCH { "19700101T000000".to_string() } else { local(&from.to_datetime(at)) };
        c.push("DTSTART", &start);
        c.push("TZOFFSETFROM", &ical_offset(from));
        c.push("TZOFFSETTO", &ical_offset(to));
        if !abbr.is_empty() && !abbr.starts_with(['+', '-']) {
            c.push("TZNAME", &escape(&abbr));
        }
        c.push("END", kind);
    }
    c.push("END", "VTIMEZONE");
}

fn year_start(year: i16) -> Timestamp {
    jiff::civil::date(year, 1, 1)
        .at(0, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn local(dt: &DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn ical_offset(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("{sign}{:02}{:02}", secs / 3600, (secs % 3600) / 60)
}

/// Escapes a TEXT value: backslash, semicolon, comma, newline.
pub fn escape(s: &str) -> String {
    // the runs between the characters to escape copied whole (all of them are ASCII, so every
    // cut is a character boundary)
    let mut out = String::with_capacity(s.len() + 8);
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            b'\r' => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(escaped);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}

/// Content lines, folded at 75 octets, CRLF-terminated.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn push(&mut self, name: &str, value: &str) {
        let line = [name, ":", value].concat();
        // as many whole characters as fit in each line's 75 octets (after the fold's space, 74),
        // a slice at a time rather than a character at a time
        let (mut rest, mut room) = (line.as_str(), 75);
        while rest.len() > room {
            let cut = (0..=room).rev().find(|&i| rest.is_char_boundary(i)).unwrap_or(0);
            self.0.push_str(&rest[..cut]);
            self.0.push_str("\r\n ");
            rest = &rest[cut..];
            room = 74;
        }
        self.0.push_str(rest);
        self.0.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut l = Lines::default();
        l.push("DESCRIPTION", &"é".repeat(60));
        for line in l.0.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = l.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn offsets() {
        assert_eq!(ical_offset(Offset::from_seconds(8 * 3600).unwrap()), "+0800");
        assert_eq!(ical_offset(Offset::from_seconds(-(3 * 3600 + 1800)).unwrap()), "-0330");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            /// An escaped TEXT value reads back as the text (carriage returns dropped), and
            /// holds no bare `;`, `,`, line break or lone backslash.
            #[test]
            fn escaped_text_reads_back(value in "([\\\\;,\n\r a]|\\PC){0,40}") {
                let escaped = escape(&value);
                let mut back = String::new();
                let mut chars = escaped.chars();
                while let Some(c) = chars.next() {
                    prop_assert!(!matches!(c, ';' | ',' | '\n' | '\r'), "bare {:?} in {:?}", c, escaped);
                    if c == '\\' {
                        match chars.next() {
                            Some('n') => back.push('\n'),
                            Some(e @ ('\\' | ';' | ',')) => back.push(e),
                            other => prop_assert!(false, "lone backslash before {:?}", other),
                        }
                    } else {
                        back.push(c);
                    }
                }
                prop_assert_eq!(back, value.replace('\r', ""));
            }

            /// unfold(fold(x)) == x, no line over 75 octets, every line whole UTF-8.
            #[test]
            fn folding_round_trips_within_75_octets(value in "\\PC{0,300}", name in "[A-Z]{1,20}") {
                let mut l = Lines::default();
                let escaped = escape(&value);
                l.push(&name, &escaped);
                let bytes = l.0.as_bytes();
                prop_assert!(l.0.ends_with("\r\n"));
                for line in bytes.split(|&b| b == b'\n') {
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    prop_assert!(line.len() <= 75, "{} octets", line.len());
                    prop_assert!(std::str::from_utf8(line).is_ok(), "a line splits a character");
                }
                // each line is folded only where the next character would not fit
                let lines: Vec<&str> = l.0.trim_end_matches("\r\n").split("\r\n").collect();
                for pair in lines.windows(2) {
                    let next = pair[1].strip_prefix(' ').and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
                    prop_assert!(pair[0].len() + next > 75, "{:?} could have taken more", pair[0]);
                }
                let unfolded = l.0.replace("\r\n ", "");
                prop_assert_eq!(unfolded, format!("{name}:{escaped}\r\n"));
            }
        }
    }
}
