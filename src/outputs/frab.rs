//! The schedule in the frab JSON format (as read by the c3voc schedule validator, Giggity and
//! EventFahrplan): conference → days → rooms → events. GUIDs are UUIDv5 of the page address,
//! so they are stable across builds and machines.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::event_time::{rfc3339, Clock};
use crate::programme::Session;

/// The frab document.
#[derive(Debug, Serialize)]
pub struct Document {
    #[serde(rename = "$schema")]
    schema: &'static str,
    generator: Generator,
    schedule: Schedule,
}

#[derive(Debug, Serialize)]
struct Generator {
    name: &'static str,
    version: &'static str,
}

#[derive(Debug, Serialize)]
struct Schedule {
    version: String,
    base_url: String,
    conference: Conference,
}

#[derive(Debug, Serialize)]
struct Conference {
    acronym: String,
    title: String,
    start: String,
    end: String,
    #[serde(rename = "daysCount")]
    days_count: usize,
    timeslot_duration: &'static str,
    time_zone_name: String,
    url: String,
    rooms: Vec<Room>,
    days: Vec<Day>,
}

#[derive(Debug, Serialize)]
struct Room {
    name: String,
    guid: String,
}

#[derive(Debug, Serialize)]
struct Day {
    index: usize,
    date: String,
    day_start: String,
    day_end: String,
    rooms: BTreeMap<String, Vec<Event>>,
}

/// One session in frab terms.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    guid: String,
    id: u32,
    date: String,
    start: String,
    duration: String,
    room: String,
    slug: String,
    url: String,
    title: String,
    subtitle: String,
    track: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    language: String,
    #[serde(rename = "abstract")]
    summary: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
    recording_license: String,
    /// Left out when recording is allowed (the schema wants a string or null, not `false`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    do_not_record: bool,
    persons: Vec<Person>,
    links: Vec<Link>,
    attachments: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
struct Person {
    guid: String,
    id: u32,
    public_name: String,
    /// The speaker's page (an addition the schema allows): `plenary import` names the
    /// speaker's file by its last segment, so a round trip keeps the slug.
    url: String,
    /// `moderator` for a moderator (an addition the schema allows, which frab has no field
    /// for): `plenary import` lists them as the forum's `moderators` again.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct Link {
    url: String,
    title: String,
}

/// What the schedule says about one session besides its time.
#[derive(Debug, Clone)]
pub struct EventInfo {
    /// Forum slug.
    pub slug: String,
    /// Absolute address of the page.
    pub url: String,
    /// Title.
    pub title: String,
    /// Session type (`forum`, `keynote` …).
    pub kind: String,
    /// Topics, the first becomes the track.
    pub topics: Vec<String>,
    /// Summary.
    pub summary: String,
    /// (absolute address, name) of moderators and speakers.
    pub persons: Vec<(String, String)>,
    /// The addresses among `persons` of the moderators.
    pub moderators: Vec<String>,
    /// Material links (label, absolute address).
    pub links: Vec<(String, String)>,
    /// The session's own language, when its front matter gives one.
    pub language: Option<String>,
}

/// Settings of the conference.
#[derive(Debug, Clone)]
pub struct ConferenceInfo {
    /// Short name.
    pub acronym: String,
    /// Title.
    pub title: String,
    /// Site address.
    pub base_url: String,
    /// The event's page in the schedule's language (the site's home in it).
    pub url: String,
    /// Room names as site.yaml and the forums write them → as the schedule's language
    /// names them (`rooms:` of `site.<code>.yaml`); a room's GUID is its written name's, the
    /// same in every language's schedule.
    pub room_names: BTreeMap<String, String>,
    /// Language code of the sessions that name none (the site's default language).
    pub language: String,
    /// Rooms in programme order.
    pub rooms: Vec<String>,
    /// The venue's name (in the schedule's language): the one room of a site that names none.
    pub venue: Option<String>,
    /// The event's first and last days as site.yaml gives them.
    pub dates: (Option<crate::types::Date>, Option<crate::types::Date>),
}

/// The schedule's `version` until [`json`] writes it.
const VERSION_TO_COME: &str = "version-to-come";

/// The document as the file holds it (pretty JSON, a line end last), its `version` the first
/// eight hex digits of a UUIDv5 of everything else in it: an app that compares versions sees
/// any change a reader would (a room, a speaker, a description, not only titles and times),
/// and the same schedule has the same version however its sessions were written (an
/// imported site's schedule is byte-identical to the one imported).
pub fn json(doc: &Document) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    // the placeholder as JSON writes the key and value (a title holding it is escaped)
    let placeholder = format!("\"version\": \"{VERSION_TO_COME}\"");
    if let Some(at) = text.find(&placeholder) {
        let version = guid(&text)[..8].to_string();
        text.replace_range(at..at + placeholder.len(), &format!("\"version\": \"{version}\""));
    }
    text
}

/// Stable UUIDv5 of an address.
fn uuid_of(url: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes())
}

/// Stable UUIDv5 of an address, as text.
pub fn guid(url: &str) -> String {
    uuid_of(url).to_string()
}

/// An address's stable UUIDv5 ([`guid`]) and the positive integer id taken from its first
/// four bytes, from one hash.
fn ids(url: &str) -> (String, u32) {
    let u = uuid_of(url);
    let b = u.as_bytes();
    (u.to_string(), u32::from_be_bytes([b[0], b[1], b[2], b[3]]) & 0x7fff_ffff)
}

/// Builds the frab document for timed sessions.
pub fn document(conf: &ConferenceInfo, clock: &Clock, sessions: &[(&Session, EventInfo)]) -> Document {
    let mut days: BTreeMap<String, Vec<(&Session, &EventInfo)>> = BTreeMap::new();
    for (s, info) in sessions {
        days.entry(s.date.to_string()).or_default().push((s, info));
    }
    // declared rooms, then the rooms sessions name; a session without a room (a break, a
    // plenary) is placed in the first of them, never in an invented room
    let mut rooms: Vec<String> = conf.rooms.clone();
    for (s, _) in sessions {
        if let Some(r) = &s.room {
            if !rooms.contains(r) {
                rooms.push(r.clone());
            }
        }
    }
    if rooms.is_empty() && sessions.iter().any(|(s, _)| s.room.is_none()) {
        rooms.push(conf.venue.clone().unwrap_or_else(|| conf.title.clone()));
    }
    // a room as the schedule's language names it
    let shown = |r: &String| conf.room_names.get(r).cloned().unwrap_or_else(|| r.clone());
    let room_name = |s: &Session| shown(s.room.as_ref().unwrap_or(&rooms[0]));
    // a person's ids, hashed once however many sessions they are in (twice per person per
    // session before: ~80,000 SHA-1 hashes for 10,000 sessions)
    let mut people: FxHashMap<&str, (String, u32)> = FxHashMap::default();
    for (_, info) in sessions {
        for (url, _) in &info.persons {
            people.entry(url.as_str()).or_insert_with(|| ids(url));
        }
    }
    let day_list: Vec<Day> = days
        .iter()
        .enumerate()
        .map(|(i, (date, list))| {
            let mut by_room: BTreeMap<String, Vec<Event>> = BTreeMap::new();
            for (s, info) in list {
                by_room.entry(room_name(s)).or_default().push(event(s, info, &conf.language, room_name(s), &people));
            }
            let start = list.iter().map(|(s, _)| &s.starts).min().map(rfc3339).unwrap_or_default();
            let end = list.iter().map(|(s, _)| &s.ends).max().map(rfc3339).unwrap_or_default();
            Day { index: i + 1, date: date.clone(), day_start: start, day_end: end, rooms: by_room }
        })
        .collect();
    // the event's dates, widened to hold a session outside them (which the build warns of):
    // an app shows every session, and a first or last day without a timed session is still
    // the event's
    let start = sessions.iter().map(|(s, _)| s.date).chain(conf.dates.0).min();
    let end = sessions.iter().map(|(s, _)| s.date).chain(conf.dates.1).max();
    let (start, end) =
        (start.map(|d| d.to_string()).unwrap_or_default(), end.map(|d| d.to_string()).unwrap_or_default());
    Document {
        schema: "https://c3voc.de/schedule/schema.json",
        generator: Generator { name: "plenary", version: env!("CARGO_PKG_VERSION") },
        schedule: Schedule {
            version: VERSION_TO_COME.to_string(),
            base_url: conf.base_url.clone(),
            conference: Conference {
                acronym: conf.acronym.clone(),
                title: conf.title.clone(),
                start,
                end,
                days_count: day_list.len(),
                timeslot_duration: "00:15",
                time_zone_name: clock.name.clone(),
                url: conf.url.clone(),
                rooms: rooms
                    .iter()
                    .map(|r| Room { name: shown(r), guid: guid(&format!("{}#room-{r}", conf.base_url)) })
                    .collect(),
                days: day_list,
            },
        },
    }
}

fn event(
    s: &Session,
    info: &EventInfo,
    language: &str,
    room: String,
    people: &FxHashMap<&str, (String, u32)>,
) -> Event {
    let minutes = (s.ends.timestamp().as_second() - s.starts.timestamp().as_second()).max(0) / 60;
    let (guid, id) = ids(&info.url);
    Event {
        guid,
        id,
        date: rfc3339(&s.starts),
        start: s.start.to_string(),
        duration: format!("{:02}:{:02}", minutes / 60, minutes % 60),
        room,
        slug: info.slug.clone(),
        url: info.url.clone(),
        title: info.title.clone(),
        subtitle: String::new(),
        track: info.topics.first().cloned(),
        kind: info.kind.clone(),
        language: info.language.clone().unwrap_or_else(|| language.to_string()),
        summary: info.summary.clone(),
        description: info.summary.clone(),
        logo: None,
        recording_license: String::new(),
        do_not_record: false,
        persons: info
            .persons
            .iter()
            .map(|(url, name)| {
                let (guid, id) = people.get(url.as_str()).cloned().unwrap_or_else(|| ids(url));
                let role = info.moderators.contains(url).then_some("moderator");
                Person { guid, id, public_name: name.clone(), url: url.clone(), role }
            })
            .collect(),
        links: info.links.iter().map(|(title, url)| Link { url: url.clone(), title: title.clone() }).collect(),
        attachments: Vec::new(),
    }
}

/// Whether `s` matches the c3voc schedule schema's acronym pattern,
/// `^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$` (e.g. `36c3`, `summit_2024`,
/// `jev22-2022-berlin`).
pub fn valid_acronym(s: &str) -> bool {
    let word = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_';
    let Some((first, rest)) = s.as_bytes().split_first() else { return false };
    if !(word(first) || *first == b'-') {
        return false;
    }
    let (body, suffix) = match rest.iter().position(|&c| c == b'-') {
        Some(i) => rest.split_at(i),
        None => (rest, &[][..]),
    };
    let suffix_ok = suffix.is_empty()
        || (suffix.len() >= 7
            && suffix[1] == b'2'
            && suffix[2..5].iter().all(u8::is_ascii_digit)
            && suffix[5] == b'-'
            && suffix[6..].iter().all(u8::is_ascii_lowercase));
    body.len() >= 3 && body.iter().all(word) && suffix_ok
}

/// The acronym of an event without one: its name in ASCII, lower case, words joined by `_`
/// (`2023 IIOE Global Partners Summit` → `2023_iioe_global_partners_summit`), made long
/// enough for [`valid_acronym`] with the event's year.
pub fn default_acronym(name: &str, year: Option<i16>) -> String {
    let mut s = String::new();
    for c in deunicode::deunicode(name).chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('_') {
            s.push('_');
        }
    }
    while s.ends_with('_') {
        s.pop();
    }
    if s.is_empty() {
        s.push_str("event");
    }
    if !valid_acronym(&s) {
        if let Some(y) = year {
            s = format!("{s}_{y}");
        }
    }
    if !valid_acronym(&s) {
        s.push_str("_event");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_follow_the_schema_pattern() {
        for ok in ["36c3", "rc3_", "divoc_ptt", "summit_2024", "jev22-2022-berlin", "-abc", "2023_iioe"] {
            assert!(valid_acronym(ok), "{ok}");
        }
        for bad in [
            "summit-2024",
            "jev-2022-berlin",
            "ab",
            "abc",
            "rc3",
            "Summit",
            "jev-2022-",
            "jev-1999-x",
            "sum mit",
            "日本会議",
            "",
        ] {
            assert!(!valid_acronym(bad), "{bad}");
        }
    }

    #[test]
    fn default_acronyms_are_valid() {
        assert_eq!(default_acronym("Summit 2024", Some(2024)), "summit_2024");
        assert_eq!(default_acronym("2023 IIOE Global Partners Summit", None), "2023_iioe_global_partners_summit");
        assert_eq!(default_acronym("AI", Some(2024)), "ai_2024");
        assert_eq!(default_acronym("AI", None), "ai_event");
        assert_eq!(default_acronym("Über-Konferenz!", None), "uber_konferenz");
        assert_eq!(default_acronym("北京会议", None), "bei_jing_hui_yi");
        assert_eq!(default_acronym("***", None), "event");
        for name in ["Summit 2024", "AI", "北京会议", "x", "A-B-C"] {
            assert!(valid_acronym(&default_acronym(name, None)), "{name}");
        }
    }
}
