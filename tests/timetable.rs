//! The programme as a timetable: rows proportional to time, long pauses as one short band,
//! room-less breaks across every room, the same room columns every day, a legend, the event's offset beside every time,
//! `datetime` attributes with offsets, `schedule.json` rooms; in Chromium (`in_browser.rs`)
//! the time-zone switch and "now / next" from the reader's clock.

mod common;

use common::{attrs, texts, TestSite};

#[path = "timetable/in_browser.rs"]
mod in_browser;

const SITE: &str = "title: Summit 2024\nbase_url: https://example.org/summit/\nevent:\n  name: Summit 2024\n  start: 2024-03-30\n  end: 2024-03-31\n  timezone: Europe/Berlin\n  rooms: [Hall A, Hall B]\n";

fn summit() -> TestSite {
    let s = TestSite::new();
    s.write("site.yaml", SITE);
    let forum = |slug: &str, front: &str| {
        s.write(&format!("content/forums/{slug}.md"), &format!("---\n{front}\n---\n"));
    };
    forum("opening", "title: Opening\ntype: ceremony\ndate: 2024-03-30\nstart: \"09:00\"\nend: \"09:30\"");
    forum("teachers", "title: Teachers\ndate: 2024-03-30\nstart: \"09:30\"\nend: \"11:00\"\nroom: Hall A");
    forum("leaders", "title: Leaders\ndate: 2024-03-30\nstart: \"09:30\"\nend: \"10:15\"\nroom: Hall B");
    forum("lunch", "title: Lunch\ntype: break\ndate: 2024-03-30\nstart: \"12:00\"\nend: \"13:00\"");
    forum("annex", "title: Side event\ndate: 2024-03-31\nstart: \"10:00\"\nend: \"10:45\"\nroom: Annex");
    forum("closing", "title: Closing\ndate: 2024-03-31\nstart: \"11:00\"\nend: \"12:00\"\nroom: Hall B");
    s
}

/// (title, grid-row, grid-column) of each session on the timetable of day `i`.
fn placed(p: &scraper::Html, i: usize) -> Vec<(String, String, String)> {
    let day = scraper::Selector::parse(".programme-day").unwrap();
    let session = scraper::Selector::parse(".timetable .session").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    let day = p.select(&day).nth(i).unwrap();
    day.select(&session)
        .map(|e| {
            let style = e.value().attr("style").unwrap();
            let prop = |name: &str| {
                style.split(';').find_map(|d| d.trim().strip_prefix(name)).map(|v| v.trim().to_string()).unwrap()
            };
            (e.select(&link).next().unwrap().text().collect(), prop("grid-row:"), prop("grid-column:"))
        })
        .collect()
}

#[test]
fn rows_span_the_duration_and_a_roomless_break_spans_every_room() {
    let s = summit();
    s.build_ok(&[]);
    let p = s.page("programme/index.html");
    // one row per five minutes after the heading row, sessions in order of start then end; rooms: Hall A, Hall B, then Annex
    assert_eq!(
        placed(&p, 0),
        [
            ("Opening".into(), "2 / 8".into(), "2 / 5".into()),
            ("Leaders".into(), "8 / 17".into(), "3 / 4".into()),
            ("Teachers".into(), "8 / 26".into(), "2 / 3".into()),
            // 11:00–12:00, with nothing in any room, is one row (26): Lunch follows at once
            ("Lunch".into(), "27 / 39".into(), "2 / 5".into()),
        ]
    );
    assert_eq!(attrs(&p, ".programme-day:first-of-type .tt-gap", "style"), ["grid-row: 26; grid-column: 1 / -1;"]);
    // read where it falls: after the sessions before the pause, before Lunch, which ends it
    // (a screen reader and a page without styles read the grid in its markup's order)
    let cells = scraper::Selector::parse(
        ".programme-day:first-of-type .timetable > .session a, .programme-day:first-of-type .tt-gap",
    )
    .unwrap();
    let order: Vec<String> =
        p.select(&cells).map(|e| if e.value().name() == "a" { e.text().collect() } else { "(pause)".into() }).collect();
    assert_eq!(order, ["Opening", "Leaders", "Teachers", "(pause)", "Lunch"]);
    assert_eq!(attrs(&p, ".timetable .spans-all a", "href"), ["/summit/forums/opening/", "/summit/forums/lunch/"]);
    // no gap rows: time labels only where something starts
    let day = scraper::Selector::parse(".programme-day").unwrap();
    let tick = scraper::Selector::parse(".tt-tick").unwrap();
    let ticks: Vec<String> = p.select(&day).next().unwrap().select(&tick).map(|e| e.text().collect()).collect();
    assert_eq!(ticks, ["9:00\u{202f}am", "9:30\u{202f}am", "12:00\u{202f}pm"]);
    assert!(!p.root_element().html().contains("Room to be announced"));
    // the phone list keeps every session
    assert_eq!(texts(&p, ".programme-list li a").len(), 6);
}

#[test]
fn the_same_room_columns_on_every_day() {
    let s = summit();
    s.build_ok(&[]);
    let p = s.page("programme/index.html");
    let day = scraper::Selector::parse(".programme-day").unwrap();
    let room = scraper::Selector::parse(".tt-room").unwrap();
    let days: Vec<Vec<(String, String)>> = p
        .select(&day)
        .map(|d| d.select(&room).map(|e| (e.text().collect(), e.value().attr("style").unwrap().to_string())).collect())
        .collect();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0], days[1]);
    let names: Vec<&str> = days[0].iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Hall A", "Hall B", "Annex"]);
    assert_eq!(placed(&p, 1)[0], ("Side event".into(), "2 / 11".into(), "4 / 5".into()));
}

#[test]
fn legend_time_zone_and_datetimes_with_offsets() {
    let s = summit();
    s.build_ok(&[]);
    let p = s.page("programme/index.html");
    assert_eq!(texts(&p, ".programme-legend li"), ["Ceremony", "Forum", "Break"]);
    assert_eq!(attrs(&p, ".programme-legend li", "class"), ["session-ceremony", "session-forum", "session-break"]);
    // every shown session time carries the event's offset (Berlin moves to summer time on the 31st)
    let zones = texts(&p, ".timetable .session-time .tz");
    assert_eq!(zones, ["UTC+1", "UTC+1", "UTC+1", "UTC+1", "UTC+2", "UTC+2"]);
    assert_eq!(texts(&p, ".programme-list .session-time .tz").len(), 6);
    assert!(texts(&p, ".programme-note")[0].contains("Europe/Berlin"));
    let stamps = attrs(&p, ".timetable time, .programme-list time", "datetime");
    assert!(stamps.len() > 12);
    for d in stamps.iter().filter(|d| d.contains('T')) {
        let offset = &d[d.len() - 6..];
        assert!(d.len() == 25 && (offset == "+01:00" || offset == "+02:00"), "{d}");
    }
    assert_eq!(attrs(&p, ".timetable .session[data-start]", "data-end")[3], "2024-03-30T13:00:00+01:00");
    // in Arabic too (right to left, the grid mirrors by itself)
    let s2 = summit();
    s2.write(
        "site.yaml",
        &format!("{SITE}languages:\n  - {{code: en, name: English}}\n  - {{code: ar, name: العربية}}\n"),
    );
    s2.build_ok(&[]);
    let ar = s2.page("ar/programme/index.html");
    assert_eq!(attrs(&ar, "html", "dir"), ["rtl"]);
    assert_eq!(texts(&ar, ".timetable .session-time .tz")[0], "UTC+1");
    assert_eq!(attrs(&ar, ".tt-room", "style"), attrs(&p, ".tt-room", "style"));
}

/// A session at a time the clocks skip or show twice (the nights the summit's zone changes
/// to and from summer time) is a warning at that time; the summit's other times are not.
#[test]
fn times_the_clocks_skip_or_show_twice_are_warned_of_where_written() {
    let s = summit();
    assert!(!s.build_ok(&[]).stderr.contains("on the clocks"));
    s.write(
        "content/forums/night.md",
        "---\ntitle: Night owls\ndate: 2024-03-31\nstart: \"02:30\"\nend: \"03:30\"\nroom: Hall A\n---\n",
    );
    s.write(
        "content/forums/autumn.md",
        "---\ntitle: Autumn\ndate: 2024-10-26\nstart: \"23:00\"\nend: \"26:15\"\nroom: Hall A\n---\n",
    );
    // across the change, not at a doubtful time: no warning, and both offsets on the page
    s.write(
        "content/forums/fold.md",
        "---\ntitle: Across\ndate: 2024-10-27\nstart: \"01:30\"\nend: \"03:30\"\nroom: Hall B\n---\n",
    );
    let run = s.build_ok(&[]);
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.contains("on the clocks")).collect();
    assert_eq!(
        warned,
        [
            "content/forums/autumn.md:5:7: warning: 26:15 is on the clocks twice the day after 2024-10-26 in \
             Europe/Berlin: they go back that night (UTC+2 to UTC+1)",
            "content/forums/night.md:4:9: warning: 02:30 is not on the clocks on 2024-03-31 in Europe/Berlin: \
             they go forward that night (UTC+1 to UTC+2)",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: check the time: the page shows 02:30 as written, calendars 03:30"),
        "{}",
        run.stderr
    );
    // as the warning says: the page as written, the calendar an hour later
    let ics = std::fs::read_to_string(s.public().join("forums/night.ics")).unwrap();
    assert!(ics.contains("DTSTART;TZID=Europe/Berlin:20240331T033000"), "{ics}");
    let page = std::fs::read_to_string(s.public().join("forums/night/index.html")).unwrap();
    assert!(page.contains("<time datetime=\"2024-03-31T03:30:00+02:00\">2:30"), "{page}");
    let p = s.page("programme/index.html");
    let across = scraper::Selector::parse(".programme-list .session").unwrap();
    let across = p.select(&across).find(|e| e.text().any(|t| t == "Across")).unwrap();
    let tz = scraper::Selector::parse(".tz").unwrap();
    assert_eq!(across.select(&tz).next().unwrap().text().collect::<String>(), "UTC+2 \u{2192} UTC+1");
}

/// A session marked `status: cancelled` stays on the programme and in the calendars, marked
/// so (`STATUS:CANCELLED`, its title saying it too), frees its room for another session, and
/// is never "now" or "next"; a status plenary does not know is an error naming those it does.
#[test]
fn a_cancelled_session_is_marked_everywhere_and_frees_its_room() {
    let s = summit();
    common::set(&s, "content/forums/leaders.md", "room: Hall B", "room: Hall B\nstatus: cancelled");
    s.write(
        "content/forums/instead.md",
        "---\ntitle: Instead\ndate: 2024-03-30\nstart: \"09:30\"\nend: \"10:15\"\nroom: Hall B\n---\n",
    );
    let run = s.build_ok(&[]);
    assert!(!run.stderr.contains("double-booked"), "{}", run.stderr);
    let ics = std::fs::read_to_string(s.public().join("programme.ics")).unwrap();
    let events: Vec<&str> = ics.split("BEGIN:VEVENT").skip(1).collect();
    let leaders: Vec<&&str> = events.iter().filter(|e| e.contains("forums/leaders/")).collect();
    assert_eq!(leaders.len(), 1, "the cancelled session stays in the calendar");
    assert!(leaders[0].contains("\r\nSTATUS:CANCELLED\r\n"), "{}", leaders[0]);
    assert!(leaders[0].contains("\r\nSUMMARY:Cancelled: Leaders\r\n"), "{}", leaders[0]);
    assert_eq!(ics.matches("STATUS:CONFIRMED").count(), events.len() - 1, "{ics}");
    let forum = s.page("forums/leaders/index.html");
    assert_eq!(texts(&forum, ".session-status"), ["This session is cancelled."]);
    assert!(texts(&s.page("forums/teachers/index.html"), ".session-status").is_empty());
    // and on its card wherever forums are listed
    let list = s.page("forums/index.html");
    assert_eq!(texts(&list, ".card .session-status"), ["Cancelled"]);
    let cancelled = texts(&list, ".card:has(.session-status) .card-title");
    assert_eq!(cancelled, ["Leaders"]);
    let p = s.page("programme/index.html");
    assert_eq!(texts(&p, ".timetable .is-cancelled a"), ["Leaders"]);
    assert_eq!(texts(&p, ".programme-list .is-cancelled .session-status"), ["Cancelled"]);
    assert_eq!(texts(&p, ".session-status").len(), 2, "only the cancelled session, in the grid and the list");
    // the script that marks "now" and "next" passes it by
    let html = p.root_element().html();
    assert!(html.contains(".session[data-start]:not(.is-cancelled)"), "{html}");
    // a status the schema does not know
    common::set(&s, "content/forums/leaders.md", "status: cancelled", "status: canceled");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("leaders.md:7:9: error: `status`: `canceled` is not one of the values this key takes")
            && r.stderr.contains("help: did you mean `cancelled`?"),
        "{}",
        r.stderr
    );
    common::set(&s, "content/forums/leaders.md", "status: canceled", "status: postponed");
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("help: write one of: confirmed, cancelled"), "{}", r.stderr);
}

/// A session that ends on the next day (`end: "47:59"`, or `26:00` on the first day) says so
/// after its end on its page, its card and the programme, in the page's language; one that
/// ends the same evening does not.
#[test]
fn an_end_on_the_next_day_is_marked_as_the_next_days() {
    let s = summit();
    s.write(
        "site.yaml",
        &format!("{SITE}languages:\n  - {{code: en, name: English}}\n  - {{code: fr, name: Français}}\n"),
    );
    let forum = |slug: &str, date: &str, start: &str, end: &str| {
        let front = format!("title: {slug}\ndate: {date}\nstart: \"{start}\"\nend: \"{end}\"\nroom: Hall A");
        s.write(&format!("content/forums/{slug}.md"), &format!("---\n{front}\n---\n"));
    };
    forum("marathon", "2024-03-31", "20:00", "47:59");
    forum("night", "2024-03-30", "20:00", "26:00");
    forum("evening", "2024-03-30", "18:00", "19:30");
    s.build_ok(&[]);
    // (`texts` writes every space as a plain one)
    let time = |page: &str| texts(&s.page(page), ".facts time[datetime*='T']").join(" – ");
    assert_eq!(time("forums/marathon/index.html"), "8:00 pm – 11:59 pm (next day)");
    assert_eq!(time("forums/night/index.html"), "8:00 pm – 2:00 am (next day)");
    assert_eq!(time("forums/evening/index.html"), "6:00 pm – 7:30 pm");
    assert_eq!(time("fr/forums/night/index.html"), "20:00 – 02:00 (le lendemain)");
    let programme = s.page("programme/index.html");
    let shown = texts(&programme, ".timetable .session-time time");
    assert!(shown.contains(&"8:00 pm – 2:00 am (next day)".to_string()), "{shown:?}");
    assert!(shown.contains(&"6:00 pm – 7:30 pm".to_string()), "{shown:?}");
    let fr = texts(&s.page("fr/programme/index.html"), ".timetable .session-time time");
    assert!(fr.contains(&"20:00–23:59 (le lendemain)".to_string()), "{fr:?}");
    let list = s.page("forums/index.html");
    assert!(texts(&list, ".card").iter().any(|c| c.contains("8:00 pm – 11:59 pm (next day)")));
}

/// A session on the last day that ends on a later one (`47:59`) is warned of at its end, as
/// a date outside the event is at its date; a session may end at the last day's midnight.
/// schedule.json's conference dates are the event's, widened (and so warned of) to hold a
/// session outside them.
#[test]
fn an_end_after_the_last_day_is_warned_of_and_schedule_dates_are_the_events() {
    let s = summit();
    let forum = |slug: &str, date: &str, start: &str, end: &str| {
        let front = format!("title: {slug}\ndate: {date}\nstart: \"{start}\"\nend: \"{end}\"\nroom: Hall A");
        s.write(&format!("content/forums/{slug}.md"), &format!("---\n{front}\n---\n"));
    };
    forum("marathon", "2024-03-31", "20:00", "47:59");
    forum("midnight", "2024-03-31", "23:00", "24:00");
    forum("eve", "2024-03-30", "22:00", "30:00");
    let conference = |s: &TestSite| {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(s.public().join("schedule.json")).unwrap()).unwrap();
        let c = &v["schedule"]["conference"];
        (c["start"].as_str().unwrap().to_string(), c["end"].as_str().unwrap().to_string())
    };
    let run = s.build_ok(&[]);
    let warned: Vec<&str> = run.stderr.lines().filter(|l| l.contains("last day")).collect();
    assert_eq!(
        warned,
        ["content/forums/marathon.md:5:7: warning: the session ends on 2024-04-01, after the event's last day (2024-03-31)"],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: `end: \"47:59\"` is 23:59 on 2024-04-01"), "{}", run.stderr);
    assert_eq!(conference(&s), ("2024-03-30".into(), "2024-03-31".into()));
    // a day outside the event is told, with what schedule.json makes of it
    forum("after", "2024-04-02", "10:00", "11:00");
    let run = s.build_ok(&[]);
    assert!(
        run.stderr.contains("after.md:3:7: warning: 2024-04-02 is outside the event (2024-03-30 to 2024-03-31)")
            && run.stderr.contains("schedule.json's conference dates are widened to hold the session"),
        "{}",
        run.stderr
    );
    assert_eq!(conference(&s), ("2024-03-30".into(), "2024-04-02".into()));
    // a first day without a timed session is still the event's
    common::set(&s, "site.yaml", "start: 2024-03-30", "start: 2024-03-29");
    s.build_ok(&[]);
    assert_eq!(conference(&s).0, "2024-03-29");
}

#[test]
fn schedule_json_places_a_roomless_break_in_a_declared_room() {
    let s = summit();
    s.build_ok(&[]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.public().join("schedule.json")).unwrap()).unwrap();
    let conf = &v["schedule"]["conference"];
    let rooms: Vec<&str> = conf["rooms"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(rooms, ["Hall A", "Hall B", "Annex"]);
    let mut seen = Vec::new();
    for day in conf["days"].as_array().unwrap() {
        for (room, events) in day["rooms"].as_object().unwrap() {
            assert!(rooms.contains(&room.as_str()), "invented room {room}");
            for e in events.as_array().unwrap() {
                assert_eq!(e["room"], room.as_str());
                seen.push((e["title"].as_str().unwrap().to_string(), room.clone()));
            }
        }
    }
    assert!(seen.contains(&("Lunch".into(), "Hall A".into())), "{seen:?}");
    assert!(seen.contains(&("Opening".into(), "Hall A".into())), "{seen:?}");
    assert_eq!(seen.len(), 6);
}

/// `schedule.json`'s `version` is how a conference app tells a changed schedule: it changes
/// with anything the schedule shows (it was a hash of titles and times alone: a session moved
/// to another room, or given a speaker, kept its version) and only then.
#[test]
fn the_schedules_version_changes_with_what_it_shows() {
    let s = summit();
    let version = |s: &TestSite| -> String {
        s.build_ok(&[]);
        let text = std::fs::read_to_string(s.public().join("schedule.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let version = v["schedule"]["version"].as_str().unwrap().to_string();
        assert!(version.len() == 8 && version.bytes().all(|b| b.is_ascii_hexdigit()), "{version}");
        version
    };
    let first = version(&s);
    assert_eq!(version(&s), first, "built again");
    let forum = "content/forums/teachers.md";
    let text = std::fs::read_to_string(s.root.join(forum)).unwrap();
    s.write(forum, &text.replace("room: Hall A", "room: Hall B"));
    let moved = version(&s);
    assert_ne!(moved, first, "a room changed");
    s.write("content/speakers/ada.md", "---\nname: Ada Lovelace\n---\n");
    s.write(forum, &text.replace("room: Hall A", "room: Hall B\nspeakers: [ada]"));
    let spoken = version(&s);
    assert_ne!(spoken, moved, "a speaker added");
    s.write(forum, &text.replace("room: Hall A", "room: Hall B\nspeakers: [ada]\nsummary: Who teaches?"));
    assert_ne!(version(&s), spoken, "a summary added");
    s.write(forum, &text);
    assert_eq!(version(&s), first, "as it was");
}

#[test]
fn schedule_json_without_any_room_uses_the_venue() {
    let s = TestSite::new();
    s.write(
        "site.yaml",
        "title: S\nbase_url: https://example.org/\nevent:\n  timezone: UTC\n  venue: {name: Town Hall}\n",
    );
    s.write(
        "content/forums/a.md",
        "---\ntitle: A\ntype: break\ndate: 2024-03-30\nstart: \"09:00\"\nend: \"10:00\"\n---\n",
    );
    s.build_ok(&[]);
    let text = std::fs::read_to_string(s.public().join("schedule.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schedule"]["conference"]["rooms"][0]["name"], "Town Hall");
    assert!(!text.contains("\"Main\""));
}

/// The theme's string `key` in `lang`.
fn theme_string(lang: &str, key: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("themes/default/i18n/{lang}.yaml"));
    let strings: std::collections::BTreeMap<String, String> =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    strings[key].clone()
}

/// The example site with a room-less forum beside the first afternoon's forum, in every language.
#[test]
fn long_pauses_and_the_room_to_be_announced_in_every_language_of_the_example_site() {
    let s = common::TestSite::example();
    s.write(
        "content/forums/side-meeting.md",
        "---\ntitle: Side meeting\ndate: 2023-12-07\nstart: \"14:00\"\nend: \"15:00\"\n---\n",
    );
    s.build_ok(&[]);
    let english = (theme_string("en", "programme_room_tba"), theme_string("en", "programme_gap"));
    for lang in ["en", "fr", "ar", "zh"] {
        let prefix = if lang == "en" { String::new() } else { format!("{lang}/") };
        let p = s.page(&format!("{prefix}programme/index.html"));
        let (tba, gap) = (theme_string(lang, "programme_room_tba"), theme_string(lang, "programme_gap"));
        if lang != "en" {
            assert!(tba != english.0 && gap != english.1, "{lang}: the theme strings are not translated");
        }
        // the room-less forum runs beside another, so it gets the last column, named in the language
        let rooms = texts(&p, ".programme-day:first-of-type .tt-room");
        assert_eq!(rooms.last(), Some(&tba), "{lang}: {rooms:?}");
        assert!(!p.root_element().html().contains(&english.0) || lang == "en", "{lang}");
        // day one: the ceremony ends at 10:30, the forums start at 14:00 — one band, not 42 rows
        let first = scraper::Selector::parse(".programme-day").unwrap();
        let band = scraper::Selector::parse(".tt-gap").unwrap();
        let time = scraper::Selector::parse("time").unwrap();
        let day = p.select(&first).next().unwrap();
        let bands: Vec<_> = day.select(&band).collect();
        assert_eq!(bands.len(), 1, "{lang}");
        let t = bands[0].select(&time).next().unwrap().value();
        assert_eq!(t.attr("datetime"), Some("2023-12-07T10:30:00+08:00"), "{lang}");
        assert_eq!(t.attr("data-end"), Some("2023-12-07T14:00:00+08:00"), "{lang}");
        let text: String = bands[0].text().collect();
        assert!(text.ends_with(&gap) && text.contains("UTC+8"), "{lang}: {text}");
        // the band is the row after the ceremony's end and the forums start on the next one
        let rows = placed(&p, 0);
        let row = |title_part: &str| -> (usize, usize) {
            let r = &rows.iter().find(|r| r.0.contains(title_part)).unwrap_or_else(|| panic!("{lang}: {rows:?}")).1;
            let (a, b) = r.split_once(" / ").unwrap();
            (a.parse().unwrap(), b.parse().unwrap())
        };
        let style = bands[0].value().attr("style").unwrap();
        assert_eq!(style, format!("grid-row: {}; grid-column: 1 / -1;", row("Side meeting").0 - 1), "{lang}");
        assert_eq!(row("Side meeting").0, row("Side meeting").1 - 12, "{lang}: an hour is still 12 rows");
        // 09:00–10:30 is 18 rows, the pause one, 14:00–17:00 36: 55 rows instead of 96
        let grid = attrs(&p, ".timetable", "style")[0].clone();
        assert!(grid.contains("repeat(55, minmax(0.5rem, auto))"), "{lang}: {grid}");
    }
}
