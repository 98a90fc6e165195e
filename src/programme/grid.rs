//! The day-by-day grid: sessions placed in rows of [`SLOT`]-minute slots and room columns,
//! long pauses folded into one row, a double-booked room given a second lane, a roomless
//! break spanning every room.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Programme, Session};
use crate::model::SessionType;
use crate::types::{Date, Time};

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
    /// ISO end with offset, when the session has an end.
    pub end_iso: Option<String>,
    /// The event's offset from UTC, "UTC+8", shown with the time; both ends' ("UTC+2 →
    /// UTC+1") when the session spans a change of the clocks.
    pub tz: String,
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
    pub faces: Vec<crate::images::ImageValue>,
    /// Called off (`status: cancelled`): shown, marked, and never "now" or "next".
    pub cancelled: bool,
}

/// A session placed on the timetable: CSS grid lines (1-based; row 1 holds the room
/// headings, column 1 the times), one row per [`SLOT`] minutes.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    /// The session.
    pub session: SessionView,
    /// First row line.
    pub row: usize,
    /// Row line it ends at (exclusive): its length in slots.
    pub row_end: usize,
    /// First column line.
    pub col: usize,
    /// Column line it ends at (exclusive).
    pub col_end: usize,
    /// A session without a room spanning every room column (a break, a plenary).
    pub spans_all: bool,
}

/// A time label at the side of the timetable, where a session starts.
#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    /// "09:00".
    pub time: String,
    /// ISO instant with offset.
    pub iso: String,
    /// Its row line.
    pub row: usize,
}

/// A column heading (a room, spanning its lanes).
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Room name (empty for the column of sessions without a room, which the page names).
    pub label: String,
    /// The column of room-less sessions that run beside others ("Room to be announced").
    pub to_be_announced: bool,
    /// Lanes (more than one when the room is double-booked on some day).
    pub span: usize,
    /// First column line.
    pub col: usize,
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
    /// Room headings: the same rooms in the same order every day.
    pub columns: Vec<Column>,
    /// Columns of the grid besides the time column (rooms and their lanes).
    pub width: usize,
    /// Rows of the grid besides the heading row, one per [`SLOT`] minutes.
    pub slots: usize,
    /// Time labels.
    pub ticks: Vec<Tick>,
    /// Long pauses drawn as one short band each.
    pub gaps: Vec<Gap>,
    /// Sessions placed on the grid.
    pub placed: Vec<Placed>,
    /// All sessions of the day in time order (the phone and print list).
    pub sessions: Vec<SessionView>,
}

/// Minutes per grid row: a session's height is proportional to its length.
pub const SLOT: u16 = 5;

/// A pause longer than this many minutes, with no session in any room, is drawn as one
/// short band instead of its proportional height, so a lunch gap or an evening event does
/// not leave a tall blank stretch. Shorter pauses keep their height.
pub const LONG_GAP: u16 = 30;

/// Height, in slots, of a session without an end.
const OPEN_END: u16 = 30 / SLOT;

/// A long pause in a day's timetable: one grid row standing for the whole pause.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// Its row line.
    pub row: usize,
    /// When the pause begins (the last session before it ends), event-local.
    #[serde(skip)]
    pub from: Time,
    /// When it ends (the next session starts), event-local.
    #[serde(skip)]
    pub to: Time,
    /// "12:00–14:00", on the page's clock.
    pub time: String,
    /// The event's offset from UTC, "UTC+8"; both ends' when the pause spans a change of the
    /// clocks.
    pub tz: String,
    /// ISO instants with offset of its beginning and end.
    pub from_iso: String,
    /// See `from_iso`.
    pub to_iso: String,
}

/// The grid's rows for one day: five minutes each from `first`, except that each long pause
/// becomes one row.
struct Rows {
    /// Minutes of the day's first row line.
    first: u16,
    /// Long pauses as (first slot, slot after the pause), in slots from `first`, in order.
    cuts: Vec<(u16, u16)>,
}

impl Rows {
    /// Finds the long pauses among a day's sessions, given as (start, grid end) in minutes.
    fn new(spans: &[(u16, u16)]) -> (Rows, Vec<(Time, Time)>) {
        let first = spans.iter().map(|s| s.0).min().unwrap_or(0) / SLOT * SLOT;
        let mut spans = spans.to_vec();
        spans.sort_unstable();
        let (mut cuts, mut pauses) = (Vec::new(), Vec::new());
        let mut busy_until = spans.first().map_or(first, |s| s.1);
        for &(start, end) in spans.iter().skip(1) {
            // in whole slots: what ends before the pause ends on or above slot line `a`
            // (rounded up), what starts after it starts on or below line `b` (rounded down)
            let (a, b) = ((busy_until - first).div_ceil(SLOT), (start - first) / SLOT);
            if start > busy_until + LONG_GAP && b > a + 1 {
                cuts.push((a, b));
                pauses.push((Time { minutes: busy_until }, Time { minutes: start }));
            }
            busy_until = busy_until.max(end);
        }
        (Rows { first, cuts }, pauses)
    }

    /// The row line at `minutes` (rounded up when `up`: a session's end), with each long
    /// pause before it counted as one row.
    fn line(&self, minutes: u16, up: bool) -> usize {
        let m = minutes.saturating_sub(self.first);
        let slot = if up { m.div_ceil(SLOT) } else { m / SLOT };
        let saved: u16 = self.cuts.iter().filter(|&&(_, b)| b <= slot).map(|&(a, b)| b - a - 1).sum();
        usize::from(slot - saved) + 2
    }
}

/// Lays out the timetable, day by day. Rooms are the same on every day: `rooms_order`
/// (site.yaml) first, then other rooms in order of first appearance over the whole
/// programme. `view` turns a session into its view.
pub fn days(p: &Programme, rooms_order: &[String], view: &dyn Fn(&Session) -> SessionView) -> Vec<Day> {
    let mut by_day: BTreeMap<Date, Vec<&Session>> = BTreeMap::new();
    for s in &p.sessions {
        by_day.entry(s.date).or_default().push(s);
    }
    let mut rooms: Vec<String> =
        rooms_order.iter().filter(|r| p.sessions.iter().any(|s| s.room.as_ref() == Some(*r))).cloned().collect();
    for s in &p.sessions {
        if let Some(r) = &s.room {
            if !rooms.contains(r) {
                rooms.push(r.clone());
            }
        }
    }
    let layouts: Vec<(Date, Layout)> =
        by_day.into_iter().map(|(date, sessions)| (date, layout(&sessions, &rooms))).collect();
    // a room-less session that cannot span (something runs beside it) goes to its own column,
    // which the page names ("Room to be announced" in its language)
    let no_room = layouts.iter().any(|(_, l)| l.needs_no_room) || rooms.is_empty();
    if no_room {
        rooms.push(String::new());
    }
    // lanes per room: the most any day needs, so columns keep their width from day to day
    let mut lanes = vec![1usize; rooms.len()];
    for (_, l) in &layouts {
        for (most, n) in lanes.iter_mut().zip(&l.lanes) {
            *most = (*most).max(*n);
        }
    }
    let first_col: Vec<usize> = lanes
        .iter()
        .scan(2, |acc, n| {
            let c = *acc;
            *acc += n;
            Some(c)
        })
        .collect();
    let width: usize = lanes.iter().sum();
    let columns: Vec<Column> = rooms
        .iter()
        .zip(&lanes)
        .zip(&first_col)
        .enumerate()
        .map(|(i, ((label, &span), &col))| Column {
            label: label.clone(),
            to_be_announced: no_room && i == rooms.len() - 1,
            span,
            col,
        })
        .collect();
    layouts
        .into_iter()
        .map(|(date, l)| {
            let spans: Vec<(u16, u16)> = l.ordered.iter().map(|s| (s.start.minutes, grid_end(s))).collect();
            let (rows, pauses) = Rows::new(&spans);
            let mut placed = Vec::with_capacity(l.ordered.len());
            for (s, place) in l.ordered.iter().zip(&l.place) {
                let (col, col_end, spans_all) = match place {
                    None => (2, 2 + width, true),
                    Some((r, lane)) => {
                        let r = r.unwrap_or(rooms.len() - 1);
                        (first_col[r] + lane, first_col[r] + lane + 1, false)
                    }
                };
                placed.push(Placed {
                    session: view(s),
                    row: rows.line(s.start.minutes, false),
                    row_end: rows.line(grid_end(s), true),
                    col,
                    col_end,
                    spans_all,
                });
            }
            let slots = placed.iter().map(|x| x.row_end).max().unwrap_or(2) - 2;
            let mut starts: Vec<Time> = l.ordered.iter().map(|s| s.start).collect();
            starts.dedup();
            let at = |t: Time| p.clock.span(date, t, None).0;
            let iso = |t: Time| crate::event_time::rfc3339(&at(t));
            let ticks = starts
                .into_iter()
                .map(|t| Tick { time: t.to_string(), iso: iso(t), row: rows.line(t.minutes, false) })
                .collect();
            let gaps = pauses
                .into_iter()
                .map(|(from, to)| Gap {
                    row: rows.line(from.minutes, true),
                    from,
                    to,
                    time: format!("{from}\u{2013}{to}"),
                    tz: crate::event_time::utc_offsets(&at(from), &at(to)),
                    from_iso: iso(from),
                    to_iso: iso(to),
                })
                .collect();
            Day {
                id: format!("day-{date}"),
                label: date.long(),
                date: date.to_string(),
                columns: columns.clone(),
                width,
                slots,
                ticks,
                gaps,
                placed,
                sessions: l.ordered.iter().map(|s| view(s)).collect(),
            }
        })
        .collect()
}

/// Where a session ends on the grid, in minutes: its end (clipped at midnight), half an hour
/// after the start when it has none, and never less than one row.
fn grid_end(s: &Session) -> u16 {
    let end = if s.end.is_some() { s.end_minutes() } else { s.start.minutes + OPEN_END * SLOT };
    end.max(s.start.minutes + SLOT)
}

fn spans_all(s: &Session) -> bool {
    s.room.is_none()
        && matches!(s.kind, SessionType::Plenary | SessionType::Keynote | SessionType::Ceremony | SessionType::Break)
}

/// One day's sessions in time order, each placed in a room and lane or across all rooms.
struct Layout<'a> {
    ordered: Vec<&'a Session>,
    /// `None`: across every room; `Some((room index or None for "no room", lane))`.
    place: Vec<Option<(Option<usize>, usize)>>,
    /// Lanes each room needs on this day.
    lanes: Vec<usize>,
    /// Whether a room-less session has to go to a column of its own.
    needs_no_room: bool,
}

fn layout<'a>(sessions: &[&'a Session], rooms: &[String]) -> Layout<'a> {
    let mut ordered: Vec<&Session> = sessions.to_vec();
    ordered.sort_by_key(|s| (s.start, s.end_minutes(), s.id));
    let mut lane_ends: Vec<Vec<u16>> = vec![Vec::new(); rooms.len() + 1];
    let mut place = Vec::with_capacity(ordered.len());
    let mut needs_no_room = false;
    for s in &ordered {
        // a room-less plenary or break spans every room unless something else runs beside it
        if spans_all(s) && !ordered.iter().any(|o| o.id != s.id && s.overlaps(o)) {
            place.push(None);
            continue;
        }
        let r = s.room.as_ref().and_then(|room| rooms.iter().position(|x| x == room));
        needs_no_room |= r.is_none();
        let ends = &mut lane_ends[r.unwrap_or(rooms.len())];
        let lane = match ends.iter().position(|&end| end <= s.start.minutes) {
            Some(l) => l,
            None => {
                ends.push(0);
                ends.len() - 1
            }
        };
        ends[lane] = s.end_minutes().max(s.start.minutes + 1);
        place.push(Some((r, lane)));
    }
    Layout { ordered, place, lanes: lane_ends.iter().map(|l| l.len().max(1)).collect(), needs_no_room }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_time::Clock;
    use crate::graph::DocId;

    fn session(id: DocId, start: &str, end: &str, room: Option<&str>, kind: SessionType) -> Session {
        let clock = Clock::new(Some("Asia/Shanghai"));
        let date = Date::parse("2023-12-08").unwrap();
        let (start, end) = (Time::parse(start).unwrap(), Time::parse(end).ok());
        let (starts, ends) = clock.span(date, start, end);
        Session { id, date, start, end, starts, ends, room: room.map(String::from), kind, cancelled: false }
    }

    fn view(s: &Session) -> SessionView {
        SessionView {
            title: format!("s{}", s.id),
            url: String::new(),
            time: String::new(),
            start_iso: String::new(),
            end_iso: None,
            tz: String::new(),
            room: s.room.clone(),
            label: String::new(),
            people: Vec::new(),
            kind: "forum",
            lang: None,
            dir: None,
            faces: Vec::new(),
            cancelled: false,
        }
    }

    fn all_days(sessions: Vec<Session>, rooms: &[&str]) -> Vec<Day> {
        let rooms: Vec<String> = rooms.iter().map(|s| s.to_string()).collect();
        let p = Programme::new(Clock::new(None), sessions, vec![]);
        days(&p, &rooms, &view)
    }

    fn grid(sessions: Vec<Session>, rooms: &[&str]) -> Day {
        all_days(sessions, rooms).remove(0)
    }

    /// (title, row, row_end, col, col_end) of each placed session.
    fn placed(d: &Day) -> Vec<(String, usize, usize, usize, usize)> {
        d.placed.iter().map(|p| (p.session.title.clone(), p.row, p.row_end, p.col, p.col_end)).collect()
    }

    fn on(day: &str, mut s: Session) -> Session {
        s.date = Date::parse(day).unwrap();
        s
    }

    #[test]
    fn rows_follow_the_clock_and_a_roomless_break_spans_every_room() {
        let d = grid(
            vec![
                session(0, "09:00", "10:00", None, SessionType::Ceremony),
                session(1, "10:00", "12:00", Some("Hall A"), SessionType::Forum),
                session(2, "10:30", "11:00", Some("Hall B"), SessionType::Forum),
                session(3, "12:00", "13:15", None, SessionType::Break),
            ],
            &["Hall B", "Hall A"],
        );
        let cols: Vec<_> = d.columns.iter().map(|c| (c.label.as_str(), c.col)).collect();
        assert_eq!(cols, [("Hall B", 2), ("Hall A", 3)]);
        // one row per five minutes from 09:00 (row line 2): 10:00 is line 14, 13:15 line 53
        assert_eq!(
            placed(&d),
            [
                ("s0".into(), 2, 14, 2, 4),
                ("s1".into(), 14, 38, 3, 4),
                ("s2".into(), 20, 26, 2, 3),
                ("s3".into(), 38, 53, 2, 4),
            ]
        );
        assert!(d.placed[3].spans_all && !d.placed[1].spans_all);
        assert_eq!(d.slots, 51);
        let ticks: Vec<_> = d.ticks.iter().map(|t| (t.time.as_str(), t.row)).collect();
        assert_eq!(ticks, [("09:00", 2), ("10:00", 14), ("10:30", 20), ("12:00", 38)]);
        assert_eq!(d.ticks[0].iso, "2023-12-08T09:00:00+00:00");
        assert!(!d.columns.iter().any(|c| c.to_be_announced));
        assert!(d.gaps.is_empty(), "no pause here is longer than {LONG_GAP} minutes");
    }

    #[test]
    fn rooms_are_the_same_columns_every_day() {
        let days = all_days(
            vec![
                on("2023-12-08", session(0, "09:00", "10:00", Some("Annex"), SessionType::Forum)),
                on("2023-12-09", session(1, "09:00", "10:00", Some("Hall A"), SessionType::Forum)),
                on("2023-12-09", session(2, "09:30", "10:00", Some("Hall A"), SessionType::Forum)),
                on("2023-12-10", session(3, "09:00", "10:00", None, SessionType::Break)),
            ],
            &["Hall A", "Unused"],
        );
        assert_eq!(days.len(), 3);
        for d in &days {
            let cols: Vec<_> = d.columns.iter().map(|c| (c.label.as_str(), c.col, c.span)).collect();
            assert_eq!(cols, [("Hall A", 2, 2), ("Annex", 4, 1)], "{}", d.date);
            assert_eq!(d.width, 3);
        }
        assert_eq!(placed(&days[0])[0].3, 4);
        assert_eq!(placed(&days[2])[0], ("s3".into(), 2, 14, 2, 5));
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
        assert_eq!(placed(&d)[0], ("s0".into(), 2, 14, 2, 4));
        assert_eq!(placed(&d)[1].3, 2, "Hall B first, as site.yaml lists it");
    }

    #[test]
    fn a_roomless_forum_beside_others_gets_a_room_to_be_announced() {
        let d = grid(
            vec![
                session(0, "09:00", "10:00", None, SessionType::Forum),
                session(1, "09:00", "10:00", Some("Hall A"), SessionType::Forum),
            ],
            &[],
        );
        let cols: Vec<_> = d.columns.iter().map(|c| (c.label.as_str(), c.to_be_announced)).collect();
        assert_eq!(cols, [("Hall A", false), ("", true)]);
        assert_eq!(placed(&d)[0].3, 3);
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
        assert_eq!(placed(&d), [("s0".into(), 2, 26, 2, 3), ("s1".into(), 14, 38, 3, 4)]);
    }

    #[test]
    fn a_session_past_midnight_is_clipped_in_the_grid() {
        let d = grid(vec![session(0, "22:00", "01:00", Some("Bar"), SessionType::Forum)], &[]);
        assert_eq!(placed(&d), [("s0".into(), 2, 26, 2, 3)]);
        assert_eq!(d.ticks[0].time, "22:00");
    }

    #[test]
    fn a_long_pause_is_one_row_and_every_time_keeps_its_place() {
        let mut evening = session(4, "19:00", "", Some("Hall A"), SessionType::Forum);
        evening.end = None;
        let d = grid(
            vec![
                session(0, "09:00", "10:00", Some("Hall A"), SessionType::Forum),
                session(1, "09:30", "11:00", Some("Hall B"), SessionType::Forum),
                session(2, "13:30", "14:00", Some("Hall A"), SessionType::Forum),
                session(3, "14:20", "15:00", Some("Hall A"), SessionType::Forum),
                evening,
            ],
            &["Hall A", "Hall B"],
        );
        // 11:00–13:30 and 15:00–19:00 are one row each (26 and 45); 14:00–14:20 keeps its four
        assert_eq!(
            placed(&d),
            [
                ("s0".into(), 2, 14, 2, 3),
                ("s1".into(), 8, 26, 3, 4),
                ("s2".into(), 27, 33, 2, 3),
                ("s3".into(), 37, 45, 2, 3),
                ("s4".into(), 46, 52, 2, 3),
            ]
        );
        let gaps: Vec<_> = d.gaps.iter().map(|g| (g.row, g.from.to_string(), g.to.to_string())).collect();
        assert_eq!(gaps, [(26, "11:00".into(), "13:30".into()), (45, "15:00".into(), "19:00".into())]);
        assert_eq!(d.gaps[0].from_iso, "2023-12-08T11:00:00+00:00");
        assert_eq!(d.gaps[0].to_iso, "2023-12-08T13:30:00+00:00");
        assert_eq!(d.slots, 50);
        let ticks: Vec<_> = d.ticks.iter().map(|t| (t.time.as_str(), t.row)).collect();
        assert_eq!(ticks, [("09:00", 2), ("09:30", 8), ("13:30", 27), ("14:20", 37), ("19:00", 46)]);
    }

    #[test]
    fn a_pause_in_one_room_while_another_runs_is_not_cut() {
        let d = grid(
            vec![
                session(0, "09:00", "10:00", Some("Hall A"), SessionType::Forum),
                session(1, "09:00", "17:00", Some("Hall B"), SessionType::Workshop),
                session(2, "15:00", "16:00", Some("Hall A"), SessionType::Forum),
                // exactly LONG_GAP minutes after the last end: kept in proportion
                session(3, "17:30", "18:00", None, SessionType::Break),
            ],
            &[],
        );
        assert!(d.gaps.is_empty());
        assert_eq!(placed(&d)[2], ("s2".into(), 74, 86, 2, 3));
        assert_eq!(placed(&d)[3], ("s3".into(), 104, 110, 2, 4));
    }
}
