//! The programme: forums placed in time (event time zone) and rooms, checked for conflicts,
//! and laid out as a day-by-day grid. Pure: no I/O.
//!
//! Conflicts (a double-booked room, a person in two overlapping sessions, a date outside the
//! event or an end after its last day, a room not in the event's list, a number two sessions of one kind have) are
//! warnings naming both files, so a draft programme still builds; `--strict` turns them into
//! errors. A session ending before it starts is warned where it is read (`model::forum`). A
//! cancelled session (`status: cancelled`) stays in the programme, marked, and clashes with
//! nothing.

use jiff::Zoned;
use rustc_hash::FxHashMap;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::event_time::{Clock, Doubt};
use crate::graph::{DocId, Site};
use crate::model::{Data, SessionType};
use crate::types::{Date, Time};

mod grid;
pub use grid::*;

/// A forum with a place in time.
#[derive(Debug, Clone)]
pub struct Session {
    /// The forum.
    pub id: DocId,
    /// Day.
    pub date: Date,
    /// Start, event-local.
    pub start: Time,
    /// End, event-local; `None` when not given. An end before the start runs past midnight.
    pub end: Option<Time>,
    /// Start instant.
    pub starts: Zoned,
    /// End instant (the start when no end is given).
    pub ends: Zoned,
    /// Room.
    pub room: Option<String>,
    /// Session type.
    pub kind: SessionType,
    /// Called off (`status: cancelled`): still shown and in calendars, marked so; it takes
    /// no room and no one's time, so it clashes with nothing.
    pub cancelled: bool,
}

impl Session {
    /// Minutes from the day's midnight to the end, for the grid (clipped at midnight).
    fn end_minutes(&self) -> u16 {
        match self.end {
            Some(e) if e.minutes > self.start.minutes => e.minutes.min(1440),
            Some(_) => 1440,
            None => self.start.minutes,
        }
    }

    fn overlaps(&self, other: &Session) -> bool {
        self.starts < other.ends && other.starts < self.ends
    }
}

/// All timed sessions in programme order, with the event clock.
#[derive(Debug, Clone)]
pub struct Programme {
    /// The event's clock.
    pub clock: Clock,
    /// Sessions with a date and a start time, in programme order.
    pub sessions: Vec<Session>,
    /// Forums without a date or start time.
    pub unscheduled: Vec<DocId>,
    /// (forum, its place in `sessions`), sorted by forum.
    by_forum: Vec<(DocId, usize)>,
}

impl Programme {
    /// The programme of these sessions (in programme order).
    pub fn new(clock: Clock, sessions: Vec<Session>, unscheduled: Vec<DocId>) -> Programme {
        let mut by_forum: Vec<(DocId, usize)> = sessions.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        by_forum.sort_unstable();
        Programme { clock, sessions, unscheduled, by_forum }
    }

    /// The session of a forum, if it has a date and a start time.
    pub fn session(&self, forum: DocId) -> Option<&Session> {
        let k = self.by_forum.binary_search_by_key(&forum, |&(id, _)| id).ok()?;
        Some(&self.sessions[self.by_forum[k].1])
    }
}

/// Places the site's forums in time.
pub fn build(site: &Site) -> Programme {
    let clock = Clock::new(site.config.event.timezone.as_deref());
    let mut sessions = Vec::new();
    let mut unscheduled = Vec::new();
    for &id in &site.forums {
        let Data::Forum(f) = &site.doc(id).data else { continue };
        match (f.date, f.start) {
            (Some(date), Some(start)) => {
                let (starts, ends) = clock.span(date, start, f.end);
                sessions.push(Session {
                    id,
                    date,
                    start,
                    end: f.end,
                    starts,
                    ends,
                    room: f.room.clone(),
                    kind: f.kind,
                    cancelled: f.status == crate::model::SessionStatus::Cancelled,
                });
            }
            _ => unscheduled.push(id),
        }
    }
    Programme::new(clock, sessions, unscheduled)
}

/// Conflicts in the programme, as warnings.
pub fn conflicts(site: &Site, p: &Programme) -> Vec<Diagnostic> {
    let mut out = numbered_twice(site);
    let event = &site.config.event;
    // instants and people worked out once: the overlap test below runs for every pair
    let spans: Vec<(jiff::Timestamp, jiff::Timestamp)> =
        p.sessions.iter().map(|s| (s.starts.timestamp(), s.ends.timestamp())).collect();
    let persons: Vec<Vec<(&'static str, &str)>> = p.sessions.iter().map(|s| people(site, s.id)).collect();
    // each room's and each person's sessions, in programme order: a session is tested against
    // the earlier ones it shares a room or a person with (testing every earlier session was
    // quadratic in the programme: 93 ms for 10,000 sessions)
    let mut in_room: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut with_person: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    // a cancelled session frees its room and its people
    for (i, s) in p.sessions.iter().enumerate().filter(|(_, s)| !s.cancelled) {
        if let Some(room) = &s.room {
            in_room.entry(room.as_str()).or_default().push(i);
        }
        for &(_, person) in &persons[i] {
            with_person.entry(person).or_default().push(i);
        }
    }
    // a session said to end before it starts (warned where it is read) is in no clash: the
    // day it is read to run into would make one mistake a warning for every session after it
    let in_doubt: Vec<bool> = p.sessions.iter().map(|s| s.end.is_some_and(|e| e.minutes <= s.start.minutes)).collect();
    let (spans, in_room, with_person, in_doubt) = (&spans, &in_room, &with_person, &in_doubt);
    // the earlier sessions of `list` (ascending) that overlap session `i`
    let earlier = |list: &[usize], i: usize| -> Vec<usize> {
        if in_doubt[i] {
            return Vec::new();
        }
        let (start, end) = spans[i];
        list.iter()
            .copied()
            .take_while(|&j| j < i)
            .filter(|&j| !in_doubt[j] && spans[j].0 < end && start < spans[j].1)
            .collect()
    };
    for (i, s) in p.sessions.iter().enumerate() {
        let d = site.doc(s.id);
        if let (Some(first), Some(last)) = (event.start, event.end) {
            if s.date < first || s.date > last {
                out.push(
                    d.warning_at(
                        "date",
                        Some(&s.date.to_string()),
                        format!("{} is outside the event ({first} to {last})", s.date),
                    )
                    .with_help(
                        "check `date`, or the event's `start` and `end` in site.yaml; as it is, schedule.json's \
                         conference dates are widened to hold the session",
                    ),
                );
            } else if let Some(w) = past_the_last_day(p, s, d, last, in_doubt[i]) {
                out.push(w);
            }
        }
        out.extend(doubtful_times(p, s, d));
        if let (Some(room), false) = (&s.room, event.rooms.is_empty()) {
            if !event.rooms.contains(room) {
                out.push(
                    d.warning_at(
                        "room",
                        Some(room),
                        format!("room `{room}` is not among the event's rooms in site.yaml"),
                    )
                    .with_help_opt(did_you_mean(room, event.rooms.iter().map(String::as_str))),
                );
            }
        }
        // one warning per session and kind of clash, naming the first session it clashes with
        let others = |list: &[usize]| {
            let list: Vec<&Session> = list.iter().map(|&j| &p.sessions[j]).collect();
            let first = site.doc(list[0].id);
            let (line, _) = first.locate("start", None);
            let more = if list.len() > 1 { format!(" (and {} more)", list.len() - 1) } else { String::new() };
            format!("{}:{line} overlaps this session{more}", first.path.display())
        };
        if let Some(room) = s.room.as_ref().filter(|_| !s.cancelled) {
            let same = earlier(&in_room[room.as_str()], i);
            if !same.is_empty() {
                out.push(
                    d.warning_at("room", Some(room), format!("room `{room}` is double-booked"))
                        .with_help(others(&same)),
                );
            }
        }
        for &(key, person) in persons[i].iter().filter(|_| !s.cancelled) {
            let with = earlier(&with_person[person], i);
            if !with.is_empty() {
                out.push(
                    d.warning_at(key, Some(person), format!("`{person}` is in two overlapping sessions"))
                        .with_help(others(&with)),
                );
            }
        }
    }
    out
}

/// A warning at the `end` of a session on the event's last day that ends on a later day
/// (`end: "47:59"`): the event's dates in site.yaml no longer hold it. An end written before
/// the start (read as past midnight) is warned of already, where it is read.
fn past_the_last_day(
    p: &Programme,
    s: &Session,
    d: &crate::model::Doc,
    last: Date,
    in_doubt: bool,
) -> Option<Diagnostic> {
    let end = s.end.filter(|_| !in_doubt)?;
    // the midnight that closes the last day; a session may end at it (`24:00`)
    if s.ends <= p.clock.at(last, Time { minutes: 1440 }) {
        return None;
    }
    let day = s.ends.date();
    Some(
        d.warning_at(
            "end",
            Some(&end.to_string()),
            format!("the session ends on {day}, after the event's last day ({last})"),
        )
        .with_help(format!(
            "`end: \"{end}\"` is {} on {day}; check `end` (past midnight, `24:30` is half past \
             midnight), or the event's `end` in site.yaml",
            s.ends.strftime("%H:%M")
        )),
    )
}

/// A warning at a session's start or end that the clocks skip or show twice that night
/// (a change to or from daylight-saving time): the page shows it as written, a calendar at
/// another time, or at a time people read two ways.
fn doubtful_times(p: &Programme, s: &Session, d: &crate::model::Doc) -> Vec<Diagnostic> {
    // an end written before the start runs into the next day (and is warned of already)
    let end = s.end.filter(|e| e.minutes > s.start.minutes);
    let zone = &p.clock.name;
    [("start", Some(s.start)), ("end", end)]
        .into_iter()
        .filter_map(|(key, time)| {
            let time = time?;
            let written = time.to_string();
            let on = if time.minutes >= 1440 { "the day after" } else { "on" };
            let doubt = p.clock.doubt(s.date, time)?;
            let (change, (is, way), help) = match &doubt {
                Doubt::Skipped(change, read_as) => (
                    change,
                    ("is not on the clocks", "forward"),
                    format!("check the time: the page shows {written} as written, calendars {read_as}"),
                ),
                Doubt::Repeated(change) => (
                    change,
                    ("is on the clocks twice", "back"),
                    format!(
                        "check the time: calendars show the first {written} ({}), and people may read the second",
                        change.from
                    ),
                ),
            };
            let message = format!(
                "{written} {is} {on} {} in {zone}: they go {way} that night ({} to {})",
                s.date, change.from, change.to
            );
            let warning = d.warning_at(key, Some(&written), message).with_help(help);
            Some(warning)
        })
        .collect()
}

/// Sessions of one kind given the same `number` ("Forum 3" twice), each warned at its number
/// after the first in programme order, naming the first.
fn numbered_twice(site: &Site) -> Vec<Diagnostic> {
    let mut first: std::collections::BTreeMap<(SessionType, u32), DocId> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for &id in &site.forums {
        let Data::Forum(f) = &site.doc(id).data else { continue };
        let Some(number) = f.number else { continue };
        match first.entry((f.kind, number)) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(id);
            }
            std::collections::btree_map::Entry::Occupied(e) => {
                let (d, other) = (site.doc(id), site.doc(*e.get()));
                let (line, _) = other.locate("number", None);
                out.push(
                    d.warning_at(
                        "number",
                        Some(&number.to_string()),
                        format!("another session of this kind is number {number} too"),
                    )
                    .with_help(format!("{}:{line} has it; give each its own number", other.path.display())),
                );
            }
        }
    }
    out
}

/// (key, slug) of a forum's moderators and speakers, each person once.
fn people(site: &Site, id: DocId) -> Vec<(&'static str, &str)> {
    let Data::Forum(f) = &site.doc(id).data else { return Vec::new() };
    let mut v: Vec<(&'static str, &str)> = Vec::new();
    for (key, list) in [("moderators", &f.moderators), ("speakers", &f.speakers)] {
        for s in list {
            if !v.iter().any(|(_, p)| p == s) {
                v.push((key, s.as_str()));
            }
        }
    }
    v
}
