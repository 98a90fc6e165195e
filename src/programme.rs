//! The programme: forums placed in time (event time zone) and rooms, checked for conflicts,
//! and laid out as a day-by-day grid. Pure: no I/O.
//!
//! Conflicts (a double-booked room, a person in two overlapping sessions, a date outside the
//! event, a session ending before it starts) are warnings naming both files, so a draft
//! programme still builds; `--strict` turns them into errors.

use std::collections::BTreeMap;

use jiff::Zoned;
use serde::Serialize;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::event_time::Clock;
use crate::graph::{DocId, Site};
use crate::model::{Data, SessionType};
use crate::types::{Date, Time};

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
                });
            }
            _ => unscheduled.push(id),
        }
    }
    Programme { clock, sessions, unscheduled }
}

/// Conflicts in the programme, as warnings.
pub fn conflicts(site: &Site, p: &Programme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let event = &site.config.event;
    // instants and people worked out once: the overlap test below runs for every pair
    let spans: Vec<(jiff::Timestamp, jiff::Timestamp)> =
        p.sessions.iter().map(|s| (s.starts.timestamp(), s.ends.timestamp())).collect();
    let persons: Vec<Vec<(&'static str, &str)>> = p.sessions.iter().map(|s| people(site, s.id)).collect();
    for (i, s) in p.sessions.iter().enumerate() {
        let d = site.doc(s.id);
        if let (Some(first), Some(last)) = (event.start, event.end) {
            if s.date < first || s.date > last {
                out.push(d.warning_at(
                    "date",
                    Some(&s.date.to_string()),
                    format!("{} is outside the event ({first} to {last})", s.date),
                ));
            }
        }
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
        let (start, end) = spans[i];
        let earlier: Vec<usize> = (0..i).filter(|&j| spans[j].0 < end && start < spans[j].1).collect();
        let others = |list: &[usize]| {
            let list: Vec<&Session> = list.iter().map(|&j| &p.sessions[j]).collect();
            let first = site.doc(list[0].id);
            let (line, _) = first.locate("start", None);
            let more = if list.len() > 1 { format!(" (and {} more)", list.len() - 1) } else { String::new() };
            format!("{}:{line} overlaps this session{more}", first.path.display())
        };
        if let Some(room) = &s.room {
            let same: Vec<usize> =
                earlier.iter().copied().filter(|&j| p.sessions[j].room.as_ref() == Some(room)).collect();
            if !same.is_empty() {
                out.push(
                    d.warning_at("room", Some(room), format!("room `{room}` is double-booked"))
                        .with_help(others(&same)),
                );
            }
        }
        for &(key, person) in &persons[i] {
            let with: Vec<usize> =
                earlier.iter().copied().filter(|&j| persons[j].iter().any(|(_, p)| *p == person)).collect();
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

/// One session in the grid or the list.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// Title.
    pub title: String,
    /// Page address.
    pub url: String,
    /// "09:00–12:00".
    pub time: String,
    /// ISO start with offset.
    pub start_iso: String,
    /// Room.
    pub room: Option<String>,
    /// "Forum 2", "Ceremony" …
    pub label: String,
    /// Speakers' and moderators' names.
    pub people: Vec<String>,
    /// CSS class for the session type.
    pub kind: &'static str,
    /// Language of an untranslated session's title, when not the page's.
    pub lang: Option<String>,
    /// Its direction, when not the page's.
    pub dir: Option<&'static str>,
    /// The first people's portraits (small avatars where the grid has room).
    pub faces: Vec<crate::images::ImageView>,
}

/// One cell of the grid (covered cells are left out, as in HTML tables).
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The session, or `None` for an empty slot.
    pub session: Option<SessionView>,
    /// Rows spanned.
    pub rowspan: usize,
    /// Columns spanned.
    pub colspan: usize,
}

/// A row of the grid: a time slot.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// "09:00".
    pub time: String,
    /// Its cells.
    pub cells: Vec<Cell>,
}

/// A column heading (a room, spanning its lanes).
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Room name.
    pub label: String,
    /// Lanes (more than one when the room is double-booked).
    pub span: usize,
}

/// One day of the programme.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    /// Id for in-page links.
    pub id: String,
    /// "8 December 2023".
    pub label: String,
    /// `2023-12-08`.
    pub date: String,
    /// Room headings.
    pub columns: Vec<Column>,
    /// Time slots.
    pub rows: Vec<Row>,
    /// All sessions of the day in time order (the phone and print list).
    pub sessions: Vec<SessionView>,
}

const NO_ROOM: &str = "Room to be announced";

/// Lays out the grid, day by day. `view` turns a session into its view.
pub fn days(p: &Programme, rooms_order: &[String], view: &dyn Fn(&Session) -> SessionView) -> Vec<Day> {
    let mut by_day: BTreeMap<Date, Vec<&Session>> = BTreeMap::new();
    for s in &p.sessions {
        by_day.entry(s.date).or_default().push(s);
    }
    by_day.into_iter().map(|(date, sessions)| day(date, &sessions, rooms_order, view)).collect()
}

fn spans_all(s: &Session) -> bool {
    s.room.is_none()
        && matches!(s.kind, SessionType::Plenary | SessionType::Keynote | SessionType::Ceremony | SessionType::Break)
}

fn day(date: Date, sessions: &[&Session], rooms_order: &[String], view: &dyn Fn(&Session) -> SessionView) -> Day {
    let mut ordered: Vec<&Session> = sessions.to_vec();
    ordered.sort_by_key(|s| (s.start, s.end_minutes(), s.id));
    // a room-less plenary spans every column unless something else runs at the same time
    let spanning: Vec<bool> = ordered
        .iter()
        .map(|s| spans_all(s) && !ordered.iter().any(|o| o.id != s.id && o.date == s.date && s.overlaps(o)))
        .collect();
    // rooms: site.yaml order first, then alphabetical, then "no room"
    let mut rooms: Vec<String> =
        rooms_order.iter().filter(|r| ordered.iter().any(|s| s.room.as_ref() == Some(*r))).cloned().collect();
    let mut others: Vec<String> =
        ordered.iter().filter_map(|s| s.room.clone()).filter(|r| !rooms.contains(r)).collect();
    others.sort();
    others.dedup();
    rooms.extend(others);
    if ordered.iter().zip(&spanning).any(|(s, span)| s.room.is_none() && !span) {
        rooms.push(NO_ROOM.into());
    }
    if rooms.is_empty() {
        rooms.push(NO_ROOM.into());
    }
    // lanes inside each room, so overlapping sessions in one room both show
    let mut lanes: Vec<Vec<u16>> = vec![Vec::new(); rooms.len()];
    let mut place: Vec<(usize, usize)> = Vec::with_capacity(ordered.len());
    for (s, span) in ordered.iter().zip(&spanning) {
        if *span {
            place.push((usize::MAX, 0));
            continue;
        }
        let r = rooms.iter().position(|x| Some(x) == s.room.as_ref()).unwrap_or(rooms.len() - 1);
        let lane = match lanes[r].iter().position(|&end| end <= s.start.minutes) {
            Some(l) => l,
            None => {
                lanes[r].push(0);
                lanes[r].len() - 1
            }
        };
        lanes[r][lane] = s.end_minutes().max(s.start.minutes + 1);
        place.push((r, lane));
    }
    let first_col: Vec<usize> = lanes
        .iter()
        .scan(0, |acc, l| {
            let c = *acc;
            *acc += l.len().max(1);
            Some(c)
        })
        .collect();
    let width: usize = lanes.iter().map(|l| l.len().max(1)).sum();
    // time slots
    let mut bounds: Vec<u16> =
        ordered.iter().flat_map(|s| [s.start.minutes, s.end_minutes().max(s.start.minutes + 1)]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let slots = bounds.len().saturating_sub(1);
    let row_of = |m: u16| bounds.iter().position(|&b| b == m).unwrap_or(0);
    // occupancy: None free, Some(None) covered, Some(Some(cell)) cell origin
    let mut grid: Vec<Vec<Option<Option<Cell>>>> = vec![vec![None; width]; slots];
    for ((s, span), (r, lane)) in ordered.iter().zip(&spanning).zip(&place) {
        let top = row_of(s.start.minutes);
        let bottom = row_of(s.end_minutes().max(s.start.minutes + 1));
        let rowspan = bottom.saturating_sub(top).max(1);
        let (col, colspan) = if *span { (0, width) } else { (first_col[*r] + lane, 1) };
        if grid[top][col].is_some() {
            continue; // cannot happen with lanes; keep the first rather than panic
        }
        for row in grid.iter_mut().skip(top).take(rowspan) {
            for cell in row.iter_mut().skip(col).take(colspan) {
                *cell = Some(None);
            }
        }
        grid[top][col] = Some(Some(Cell { session: Some(view(s)), rowspan, colspan }));
    }
    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            time: Time { minutes: bounds[i] }.to_string(),
            cells: cells
                .into_iter()
                .filter_map(|c| match c {
                    None => Some(Cell { session: None, rowspan: 1, colspan: 1 }),
                    Some(None) => None,
                    Some(Some(cell)) => Some(cell),
                })
                .collect(),
        })
        .collect();
    Day {
        id: format!("day-{date}"),
        label: date.long(),
        date: date.to_string(),
        columns: rooms.into_iter().zip(&lanes).map(|(label, l)| Column { label, span: l.len().max(1) }).collect(),
        rows,
        sessions: ordered.iter().map(|s| view(s)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: DocId, start: &str, end: &str, room: Option<&str>, kind: SessionType) -> Session {
        let clock = Clock::new(Some("Asia/Shanghai"));
        let date = Date::parse("2023-12-08").unwrap();
        let (start, end) = (Time::parse(start).unwrap(), Time::parse(end).ok());
        let (starts, ends) = clock.span(date, start, end);
        Session { id, date, start, end, starts, ends, room: room.map(String::from), kind }
    }

    fn view(s: &Session) -> SessionView {
        SessionView {
            title: format!("s{}", s.id),
            url: String::new(),
            time: String::new(),
            start_iso: String::new(),
            room: s.room.clone(),
            label: String::new(),
            people: Vec::new(),
            kind: "forum",
            lang: None,
            dir: None,
            faces: Vec::new(),
        }
    }

    fn grid(sessions: Vec<Session>, rooms: &[&str]) -> Day {
        let rooms: Vec<String> = rooms.iter().map(|s| s.to_string()).collect();
        let p = Programme { clock: Clock::new(None), sessions, unscheduled: vec![] };
        days(&p, &rooms, &view).remove(0)
    }

    fn titles(d: &Day) -> Vec<Vec<String>> {
        d.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.session.as_ref().map_or("-".into(), |s| s.title.clone())).collect())
            .collect()
    }

    #[test]
    fn parallel_rooms_and_a_spanning_ceremony() {
        let d = grid(
            vec![
                session(0, "09:00", "10:00", None, SessionType::Ceremony),
                session(1, "10:00", "12:00", Some("Hall A"), SessionType::Forum),
                session(2, "10:00", "11:00", Some("Hall B"), SessionType::Forum),
            ],
            &["Hall B", "Hall A"],
        );
        let cols: Vec<_> = d.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(cols, ["Hall B", "Hall A"]);
        assert_eq!(titles(&d), [vec!["s0"], vec!["s2", "s1"], vec!["-"]]);
        assert_eq!(d.rows[0].cells[0].colspan, 2);
        assert_eq!(d.rows[1].cells[1].rowspan, 2);
        assert_eq!(d.rows.iter().map(|r| r.time.as_str()).collect::<Vec<_>>(), ["09:00", "10:00", "11:00"]);
    }

    #[test]
    fn a_double_booked_room_gets_a_second_lane() {
        let d = grid(
            vec![
                session(0, "09:00", "11:00", Some("Hall A"), SessionType::Forum),
                session(1, "10:00", "12:00", Some("Hall A"), SessionType::Forum),
            ],
            &[],
        );
        assert_eq!(d.columns[0].span, 2);
        assert_eq!(titles(&d), [vec!["s0", "-"], vec!["s1"], vec!["-"]]);
    }

    #[test]
    fn a_session_past_midnight_is_clipped_in_the_grid() {
        let d = grid(vec![session(0, "22:00", "01:00", Some("Bar"), SessionType::Forum)], &[]);
        assert_eq!(d.rows.len(), 1);
        assert_eq!(d.rows[0].time, "22:00");
    }
}
