//! Summit outputs: the programme grid and its conflicts, calendar files (parsed back with an
//! independent iCalendar parser, across a daylight-saving change), the Atom feed, sitemap and
//! robots.txt, structured metadata, the frab schedule and its import round trip, `check` and
//! `new`.

mod common;

use common::{attrs, texts, TestSite};

const BERLIN: &str = "title: Summit 2024\nbase_url: https://example.org/summit/\nevent:\n  name: Summit 2024\n  start: 2024-03-30\n  end: 2024-03-31\n  timezone: Europe/Berlin\n  rooms: [Hall A, Hall B]\n  venue: {name: Congress Centre, city: Berlin, country: DE}\n  organisers: [{name: Example University, url: https://example.edu/}]\n";

fn berlin() -> TestSite {
    let s = TestSite::new();
    s.write("site.yaml", BERLIN);
    s.write(
        "content/speakers/amina-haddad.md",
        "---\nname: Amina Haddad\nrole: Rector\norganisation: Example University\n---\n",
    );
    s.write("content/speakers/wei-zhang.md", "---\nname: Wei Zhang\n---\n");
    s.write(
        "content/forums/opening.md",
        "---\ntitle: Opening\ntype: ceremony\ndate: 2024-03-30\nstart: \"09:00\"\nend: \"10:00\"\n---\n",
    );
    s.write(
        "content/forums/teachers.md",
        "---\ntitle: Teachers and AI\nnumber: 1\ndate: 2024-03-30\nstart: \"10:00\"\nend: \"12:00\"\nroom: Hall A\nspeakers: [amina-haddad, wei-zhang]\nsummary: How teaching changes; with care.\n---\n",
    );
    s.write(
        "content/forums/leaders.md",
        "---\ntitle: Leaders\nnumber: 2\ndate: 2024-03-31\nstart: \"10:00\"\nend: \"11:30\"\nroom: Hall B\nmoderators: [wei-zhang]\n---\n",
    );
    s.write("content/forums/later.md", "---\ntitle: To be announced\n---\n");
    s.write(
        "content/news/report.md",
        "---\ntitle: Report <&>\ndate: 2024-04-02\nsummary: It went well.\n---\n\nThe *summit* closed.\n",
    );
    s.write("content/news/early.md", "---\ntitle: Early\ndate: 2024-01-10\n---\n\nSoon.\n");
    s
}

fn read(s: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(s.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn programme_grid_by_day_time_and_room() {
    let s = berlin();
    s.build_ok(&[]);
    let p = s.page("programme/index.html");
    assert_eq!(texts(&p, ".programme-day h2"), ["30 March 2024", "31 March 2024"]);
    let day1 = scraper::Selector::parse(".programme-day").unwrap();
    let day1 = p.select(&day1).next().unwrap();
    // the same room columns every day (Hall B is used on the second day only)
    let heads: Vec<String> =
        day1.select(&scraper::Selector::parse(".tt-room").unwrap()).map(|e| e.text().collect()).collect();
    assert_eq!(heads, ["Hall A", "Hall B"]);
    let rows: Vec<String> =
        day1.select(&scraper::Selector::parse(".tt-tick").unwrap()).map(|e| e.text().collect()).collect();
    // English (`en`, international English in CLDR) reads times on a 12-hour clock
    assert_eq!(rows, ["9:00\u{202f}am", "10:00\u{202f}am"]);
    // the ceremony has no room: it spans the columns; the forum names its speakers
    let cells: Vec<(String, bool)> = day1
        .select(&scraper::Selector::parse(".timetable .session").unwrap())
        .map(|e| {
            (
                e.select(&scraper::Selector::parse("a").unwrap()).next().unwrap().text().collect(),
                e.value().has_class("spans-all", scraper::CaseSensitivity::CaseSensitive),
            )
        })
        .collect();
    assert_eq!(cells, [("Opening".to_string(), true), ("Teachers and AI".to_string(), false)]);
    // (each name an isolate, FSI … PDI)
    assert!(texts(&p, ".session-people")
        .contains(&"\u{2068}Amina Haddad\u{2069} and \u{2068}Wei Zhang\u{2069}".to_string()));
    assert_eq!(attrs(&p, ".timetable .session a", "href")[1], "/summit/forums/teachers/");
    // unscheduled sessions are listed separately; the phone list has every session
    assert_eq!(texts(&p, "#unscheduled + .cards .card-title"), ["To be announced"]);
    assert_eq!(texts(&p, ".programme-list li a").len(), 3);
    assert!(texts(&s.page("index.html"), ".site-nav a").contains(&"Programme".to_string()));
}

#[test]
fn programme_conflicts_are_warnings_naming_both_files_and_errors_with_strict() {
    let s = berlin();
    s.write(
        "content/forums/clash.md",
        "---\ntitle: Clash\ndate: 2024-03-30\nstart: \"11:00\"\nend: \"12:30\"\nroom: Hall A\nspeakers: [wei-zhang]\n---\n",
    );
    s.write(
        "content/forums/outside.md",
        "---\ntitle: Outside\ndate: 2024-04-05\nstart: \"09:00\"\nend: \"10:00\"\nroom: Hall C\n---\n",
    );
    s.write(
        "content/forums/backwards.md",
        "---\ntitle: Backwards\ndate: 2024-03-31\nstart: \"15:00\"\nend: \"14:00\"\nroom: Hall B\n---\n",
    );
    let r = s.build_ok(&[]);
    let w: Vec<&str> = r.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        w.contains(&"content/forums/backwards.md:5:7: warning: the session ends (14:00) before it starts (15:00)"),
        "{}",
        r.stderr
    );
    assert!(
        w.contains(
            &"content/forums/outside.md:3:7: warning: 2024-04-05 is outside the event (2024-03-30 to 2024-03-31)"
        ),
        "{}",
        r.stderr
    );
    assert!(
        w.contains(
            &"content/forums/outside.md:6:7: warning: room `Hall C` is not among the event's rooms in site.yaml"
        ),
        "{}",
        r.stderr
    );
    assert!(w.contains(&"content/forums/clash.md:6:7: warning: room `Hall A` is double-booked"), "{}", r.stderr);
    assert!(r.stderr.contains("help: content/forums/teachers.md:5 overlaps this session"), "{}", r.stderr);
    assert!(
        w.contains(&"content/forums/clash.md:7:12: warning: `wei-zhang` is in two overlapping sessions"),
        "{}",
        r.stderr
    );
    // the grid shows both sessions of the double-booked room
    let p = s.page("programme/index.html");
    assert!(texts(&p, ".timetable .session a").contains(&"Clash".to_string()));
    let strict = s.run(&["build", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(strict.stderr.contains("content/forums/clash.md:6:7: error: room `Hall A` is double-booked"));
}

#[test]
fn a_mistaken_time_or_number_is_one_warning() {
    let s = berlin();
    // in Hall A with both of `teachers`' speakers, ending before it starts: read as running
    // past midnight, it would clash with the room and each speaker
    s.write(
        "content/forums/backwards.md",
        "---\ntitle: Backwards\nnumber: 3\ndate: 2024-03-30\nstart: \"11:00\"\nend: \"10:00\"\nroom: Hall A\nspeakers: [amina-haddad, wei-zhang]\n---\n",
    );
    s.write(
        "content/forums/instant.md",
        "---\ntitle: Instant\nnumber: 4\ndate: 2024-03-31\nstart: \"10:30\"\nend: \"10:30\"\nroom: Hall B\nmoderators: [wei-zhang]\n---\n",
    );
    // a second forum 2, and a ceremony 2 (another kind: no clash of numbers)
    s.write("content/forums/again.md", "---\ntitle: Again\nnumber: 2\ndate: 2024-03-31\nstart: \"14:00\"\n---\n");
    s.write("content/forums/closing.md", "---\ntitle: Closing\ntype: ceremony\nnumber: 2\n---\n");
    // an end without a start: not scheduled, its end unused
    s.write("content/forums/endless.md", "---\ntitle: Endless\ndate: 2024-03-31\nend: \"14:00\"\n---\n");
    let r = s.build_ok(&[]);
    let w: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        w,
        [
            "content/forums/again.md:3:9: warning: another session of this kind is number 2 too",
            "content/forums/backwards.md:6:7: warning: the session ends (10:00) before it starts (11:00)",
            "content/forums/endless.md:4:7: warning: the session has an `end` (14:00) but no `start`",
            "content/forums/instant.md:6:7: warning: the session ends when it starts (10:30)",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: content/forums/leaders.md:3 has it; give each its own number"), "{}", r.stderr);
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

fn parse_ics(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    parser.next().expect("one calendar").expect("valid iCalendar")
}

#[test]
fn calendars_parse_with_an_independent_parser_across_a_dst_change() {
    let s = berlin();
    s.build_ok(&[]);
    let text = read(&s, "programme.ics");
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let cal = parse_ics(&text);
    assert_eq!(cal.events.len(), 3);
    let tz = &cal.timezones[0];
    assert_eq!(prop(&tz.properties, "TZID").unwrap().value.as_deref(), Some("Europe/Berlin"));
    let offsets: Vec<(String, String)> = tz
        .transitions
        .iter()
        .map(|t| {
            (
                prop(&t.properties, "TZOFFSETTO").unwrap().value.clone().unwrap(),
                prop(&t.properties, "DTSTART").unwrap().value.clone().unwrap(),
            )
        })
        .collect();
    assert!(offsets.contains(&("+0200".into(), "20240331T020000".into())), "{offsets:?}");
    assert!(offsets.contains(&("+0100".into(), "20241027T030000".into())), "{offsets:?}");
    let teachers = cal
        .events
        .iter()
        .find(|e| prop(&e.properties, "SUMMARY").unwrap().value.as_deref() == Some("Teachers and AI"))
        .unwrap();
    let start = prop(&teachers.properties, "DTSTART").unwrap();
    assert_eq!(start.value.as_deref(), Some("20240330T100000"));
    assert_eq!(start.params.as_ref().unwrap()[0], ("TZID".to_string(), vec!["Europe/Berlin".to_string()]));
    assert_eq!(prop(&teachers.properties, "UID").unwrap().value.as_deref(), Some("teachers@example.org/summit"));
    // no SOURCE_DATE_EPOCH: no known time, the same for every session (not its start)
    assert_eq!(prop(&teachers.properties, "DTSTAMP").unwrap().value.as_deref(), Some("19700101T000000Z"));
    assert!(cal
        .events
        .iter()
        .all(|e| prop(&e.properties, "DTSTAMP").unwrap().value.as_deref() == Some("19700101T000000Z")));
    assert!(cal.events.iter().all(|e| prop(&e.properties, "SEQUENCE").is_none()));
    assert_eq!(
        prop(&teachers.properties, "URL").unwrap().value.as_deref(),
        Some("https://example.org/summit/forums/teachers/")
    );
    let desc = prop(&teachers.properties, "DESCRIPTION").unwrap().value.clone().unwrap();
    assert!(
        desc.contains("How teaching changes\\; with care.") && desc.contains("With Amina Haddad and Wei"),
        "{desc}"
    );
    // one calendar per forum, linked from its page
    let one = parse_ics(&read(&s, "forums/leaders.ics"));
    assert_eq!(one.events.len(), 1);
    assert_eq!(
        prop(&one.events[0].properties, "URL").unwrap().value.as_deref(),
        Some("https://example.org/summit/forums/leaders/"),
        "a forum's calendar holds its own session"
    );
    assert_eq!(attrs(&s.page("forums/leaders/index.html"), ".calendar-link a", "href"), ["/summit/forums/leaders.ics"]);
    assert!(!s.public().join("forums/later.ics").exists());
}

/// DTSTAMP is when the sources were last changed (`SOURCE_DATE_EPOCH`), so a later version
/// of the programme is newer to a calendar app, whichever way a session moved; a value that
/// is no time is an error.
#[test]
fn dtstamp_is_the_source_date_epoch() {
    let s = berlin();
    let stamps = |s: &TestSite| -> Vec<String> {
        parse_ics(&read(s, "programme.ics"))
            .events
            .iter()
            .map(|e| prop(&e.properties, "DTSTAMP").unwrap().value.clone().unwrap())
            .collect()
    };
    let r = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stamps(&s), ["20231114T221320Z"; 3]);
    // the session moved a day earlier, in a later commit: its DTSTAMP grows all the same
    common::set(&s, "content/forums/leaders.md", "date: 2024-03-31", "date: 2024-03-30");
    let r = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", "1700086400")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stamps(&s), ["20231115T221320Z"; 3]);
    let r = s.run_env(&["build"], &[("SOURCE_DATE_EPOCH", "yesterday")]);
    // the build's setting is wrong, as a wrong `--base-url` is, not its content
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("SOURCE_DATE_EPOCH `yesterday` is not a number of seconds since 1970-01-01 UTC")
            && r.stderr.contains("git log -1 --format=%ct"),
        "{}",
        r.stderr
    );
}

#[test]
fn times_at_midnight_and_past_midnight() {
    let s = berlin();
    s.write(
        "content/forums/night.md",
        "---\ntitle: Night\ndate: 2024-03-30\nstart: \"22:00\"\nend: \"01:00\"\nroom: Hall B\n---\n",
    );
    s.write(
        "content/forums/late.md",
        "---\ntitle: Late\ndate: 2024-03-31\nstart: \"23:00\"\nend: \"24:00\"\nroom: Hall A\n---\n",
    );
    s.build_ok(&[]);
    let cal = parse_ics(&read(&s, "programme.ics"));
    let end = |title: &str| {
        let e = cal
            .events
            .iter()
            .find(|e| prop(&e.properties, "SUMMARY").unwrap().value.as_deref() == Some(title))
            .unwrap();
        prop(&e.properties, "DTEND").unwrap().value.clone().unwrap()
    };
    assert_eq!(end("Night"), "20240331T010000");
    assert_eq!(end("Late"), "20240401T000000");
    // an end written past 24:00 reads on the next day's clock, as the `datetime` says, and
    // is marked as the next day's
    let times = texts(&s.page("forums/night/index.html"), "main time");
    assert!(times.windows(2).any(|w| w == ["10:00 pm", "1:00 am (next day)"]), "{times:?}");
    let times = texts(&s.page("forums/late/index.html"), "main time");
    assert!(times.windows(2).any(|w| w == ["11:00 pm", "12:00 am (next day)"]), "{times:?}");
    s.write(
        "content/forums/later.md",
        "---\ntitle: Later\ndate: 2024-03-30\nstart: \"23:30\"\nend: \"24:45\"\nroom: Hall A\n---\n",
    );
    // a session with no end has no DTEND (RFC 5545 wants one later than DTSTART)
    s.write("content/forums/open.md", "---\ntitle: Open\ndate: 2024-03-30\nstart: \"20:00\"\nroom: Hall A\n---\n");
    s.build_ok(&[]);
    let times = texts(&s.page("forums/later/index.html"), "main time");
    assert!(times.windows(2).any(|w| w == ["11:30 pm", "12:45 am (next day)"]), "{times:?}");
    let cal = parse_ics(&read(&s, "forums/open.ics"));
    assert!(prop(&cal.events[0].properties, "DTSTART").is_some());
    assert!(prop(&cal.events[0].properties, "DTEND").is_none(), "{:?}", cal.events[0].properties);
}

#[test]
fn atom_feed_sitemap_and_robots() {
    let s = berlin();
    s.write("content/forums/topical.md", "---\ntitle: Topical\ntopics: [governance]\n---\n");
    s.build_ok(&[]);
    let feed = feed_rs::parser::parse(read(&s, "news/atom.xml").as_bytes()).expect("valid Atom");
    assert_eq!(feed.id, "https://example.org/summit/news/");
    assert_eq!(feed.updated.unwrap().to_rfc3339(), "2024-04-02T00:00:00+00:00");
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    assert_eq!(titles, ["Report <&>", "Early"]);
    assert_eq!(feed.entries[0].id, "https://example.org/summit/news/report/");
    assert_eq!(feed.entries[0].links[0].href, "https://example.org/summit/news/report/");
    assert!(feed.entries[0].content.as_ref().unwrap().body.as_ref().unwrap().contains("<em>summit</em>"));
    assert_eq!(feed.entries[0].summary.as_ref().unwrap().content, "It went well.");
    assert_eq!(attrs(&s.page("index.html"), "link[type='application/atom+xml']", "href"), ["/summit/news/atom.xml"]);

    let sitemap = read(&s, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("valid XML");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://example.org/summit/programme/"));
    assert!(!locs.iter().any(|l| l.ends_with("404.html")));
    // the topics are listed; the countries, which no speaker gives, are written for a theme
    // that links them but neither listed nor indexed ("None yet.")
    assert!(locs.contains(&"https://example.org/summit/topics/"), "{locs:?}");
    assert!(!locs.iter().any(|l| l.contains("/countries/")), "{locs:?}");
    assert_eq!(attrs(&s.page("countries/index.html"), "meta[name=robots]", "content"), ["noindex"]);
    assert!(attrs(&s.page("topics/index.html"), "meta[name=robots]", "content").is_empty());
    let report = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("url") && n.children().any(|c| c.text() == Some("https://example.org/summit/news/report/"))
        })
        .unwrap();
    assert_eq!(report.children().find(|c| c.has_tag_name("lastmod")).and_then(|c| c.text()), Some("2024-04-02"));
    assert_eq!(read(&s, "robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://example.org/summit/sitemap.xml\n");
}

fn jsonld(s: &TestSite, rel: &str) -> serde_json::Value {
    let page = s.page(rel);
    let sel = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let text: String = page.select(&sel).next().expect("JSON-LD").text().collect();
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn structured_metadata_on_every_kind() {
    let s = berlin();
    s.write("content/speakers/x.md", "---\nname: \"</script><script>alert(1)</script>\"\n---\n");
    s.build_ok(&[]);
    let forum = jsonld(&s, "forums/teachers/index.html");
    assert_eq!(forum["@type"], "Event");
    assert_eq!(forum["startDate"], "2024-03-30T10:00:00+01:00");
    assert_eq!(forum["endDate"], "2024-03-30T12:00:00+01:00");
    assert_eq!(forum["location"]["name"], "Hall A, Congress Centre");
    assert_eq!(forum["organizer"][0]["name"], "Example University");
    assert_eq!(forum["performer"][0]["@type"], "Person");
    assert_eq!(forum["performer"][0]["affiliation"]["name"], "Example University");
    assert_eq!(jsonld(&s, "forums/leaders/index.html")["startDate"], "2024-03-31T10:00:00+02:00");
    // a moderator who also speaks performs once, as the page's own list shows the faces
    s.write(
        "content/forums/leaders.md",
        "---\ntitle: Leaders\nnumber: 2\ndate: 2024-03-31\nstart: \"10:00\"\nend: \"11:30\"\nroom: Hall B\nmoderators: [wei-zhang]\nspeakers: [amina-haddad, wei-zhang, amina-haddad]\n---\n",
    );
    s.build_ok(&[]);
    let leaders = jsonld(&s, "forums/leaders/index.html");
    let performers: Vec<&str> =
        leaders["performer"].as_array().expect("performers").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(performers, ["Wei Zhang", "Amina Haddad"]);
    let home = jsonld(&s, "index.html");
    assert_eq!((home["@type"].as_str(), home["startDate"].as_str()), (Some("Event"), Some("2024-03-30")));
    let person = jsonld(&s, "speakers/amina-haddad/index.html");
    assert_eq!((person["@type"].as_str(), person["jobTitle"].as_str()), (Some("Person"), Some("Rector")));
    let news = jsonld(&s, "news/report/index.html");
    assert_eq!((news["@type"].as_str(), news["datePublished"].as_str()), (Some("NewsArticle"), Some("2024-04-02")));
    // hostile text stays inside the JSON
    assert_eq!(jsonld(&s, "speakers/x/index.html")["name"], "</script><script>alert(1)</script>");
    let page = s.page("forums/teachers/index.html");
    assert_eq!(attrs(&page, "meta[property='og:url']", "content"), ["https://example.org/summit/forums/teachers/"]);
    assert_eq!(attrs(&page, "meta[property='og:description']", "content"), ["How teaching changes; with care."]);
    // the forum's social card, absolute under the base path
    assert_eq!(attrs(&page, "meta[name='twitter:card']", "content"), ["summary_large_image"]);
    let image = attrs(&page, "meta[property='og:image']", "content");
    assert!(image.len() == 1 && image[0].starts_with("https://example.org/summit/_img/card-"), "{image:?}");
    assert_eq!(attrs(&page, "link[rel=canonical]", "href"), ["https://example.org/summit/forums/teachers/"]);
}

#[test]
fn frab_schedule_export() {
    let s = berlin();
    s.build_ok(&[]);
    let v: serde_json::Value = serde_json::from_str(&read(&s, "schedule.json")).unwrap();
    let conf = &v["schedule"]["conference"];
    assert_eq!(conf["time_zone_name"], "Europe/Berlin");
    assert_eq!(conf["daysCount"], 2);
    // the room-less opening is placed in the first declared room, never an invented one
    assert_eq!(conf["days"][0]["rooms"]["Hall A"][0]["title"], "Opening");
    assert!(conf["days"][0]["rooms"].get("Main").is_none());
    let ev = &conf["days"][0]["rooms"]["Hall A"][1];
    assert_eq!(ev["title"], "Teachers and AI");
    assert_eq!(ev["date"], "2024-03-30T10:00:00+01:00");
    assert_eq!(ev["duration"], "02:00");
    assert_eq!(ev["persons"][1]["public_name"], "Wei Zhang");
    assert!(ev["guid"].as_str().unwrap().len() == 36);
    assert_eq!(conf["days"][1]["rooms"]["Hall B"][0]["date"], "2024-03-31T10:00:00+02:00");
    // a person's ids are those of their page's address (UUIDv5 in the URL namespace, as
    // Python's `uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/summit/speakers/wei-zhang/")`
    // gives; the id its first four bytes less the top bit), the same in each of their sessions
    for p in [&ev["persons"][1], &conf["days"][1]["rooms"]["Hall B"][0]["persons"][0]] {
        assert_eq!(p["public_name"], "Wei Zhang");
        assert_eq!(p["guid"], "13d62f27-22ec-5eb8-ab54-7c64688c935f");
        assert_eq!(p["id"], 332803879);
    }
}

#[test]
fn frab_import_round_trip() {
    let s = TestSite::new();
    s.write("site.yaml", "title: Summit 2024\nbase_url: https://example.org/\nevent:\n  timezone: Europe/Berlin\n  start: 2024-03-30\n  end: 2024-03-31\n");
    let file = common::fixtures_dir().join("frab/schedule.json");
    let r = s.run(&["import", "frab", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("wrote content/forums/teachers-and-ai.md"), "{}", r.stdout);
    assert!(r.stdout.contains("wrote content/speakers/amina-haddad.md"));
    // never overwrite without --force
    std::fs::write(
        s.root.join("content/forums/teachers-and-ai.md"),
        "---\ntitle: Edited by hand\ndate: 2024-03-30\nstart: \"11:00\"\nend: \"12:00\"\nroom: Hall B\n---\n",
    )
    .unwrap();
    let again = s.run(&["import", "frab", file.to_str().unwrap()]);
    assert!(again.stdout.contains("kept content/forums/teachers-and-ai.md"), "{}", again.stdout);
    assert!(std::fs::read_to_string(s.root.join("content/forums/teachers-and-ai.md"))
        .unwrap()
        .contains("Edited by hand"));
    let forced = s.run(&["import", "frab", file.to_str().unwrap(), "--force"]);
    assert_eq!(forced.code, 0);
    s.build_ok(&[]);
    let input: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let output: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.public().join("schedule.json")).unwrap()).unwrap();
    let events = |v: &serde_json::Value| {
        let mut out = Vec::new();
        for day in v["schedule"]["conference"]["days"].as_array().unwrap() {
            for (room, evs) in day["rooms"].as_object().unwrap() {
                for e in evs.as_array().unwrap() {
                    let mut people: Vec<String> = e["persons"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| p["public_name"].as_str().or(p["name"].as_str()).unwrap().to_string())
                        .collect();
                    people.sort();
                    out.push((
                        e["title"].as_str().unwrap().to_string(),
                        e["date"].as_str().unwrap().to_string(),
                        e["duration"].as_str().unwrap().to_string(),
                        room.clone(),
                        people,
                    ));
                }
            }
        }
        out.sort();
        out
    };
    assert_eq!(events(&input), events(&output));
    let kinds: Vec<&str> = output["schedule"]["conference"]["days"][0]["rooms"]["Hall A"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["keynote"]);
}

#[test]
fn import_of_a_non_frab_file_is_a_clear_error() {
    let s = TestSite::new();
    s.write("schedule.json", "{\"not\": \"frab\"}");
    let r = s.run(&["import", "frab", s.root.join("schedule.json").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no `schedule.conference`: is this a frab schedule?"), "{}", r.stderr);
}

/// `check` and `build` agree: a missing organiser logo is a warning in both (check also
/// made it an error), and the icon the build draws (`/favicon.svg`) is a file of the site.
#[test]
fn check_and_build_agree_on_logos_and_the_drawn_icon() {
    let s = berlin();
    s.write(
        "site.yaml",
        &BERLIN.replace("url: https://example.edu/}", "url: https://example.edu/, logo: /logos/gone.png}"),
    );
    s.write("content/pages/about.md", "---\ntitle: About\n---\n\n![The summit's icon](/favicon.svg)\n");
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let findings: Vec<&str> =
        check.stderr.lines().filter(|l| l.contains(": warning: ") || l.contains(": error: ")).collect();
    assert_eq!(findings.len(), 1, "{}", check.stderr);
    assert!(
        findings[0].starts_with("site.yaml:") && findings[0].contains("warning: logo `/logos/gone.png` not found"),
        "{findings:?}"
    );
    let build = s.build_ok(&[]);
    assert!(build.stderr.contains("warning: logo `/logos/gone.png` not found"), "{}", build.stderr);
}

#[test]
fn check_finds_missing_files_and_alt_text_and_writes_nothing() {
    let s = berlin();
    s.write(
        "content/speakers/wei-zhang.md",
        "---\nname: Wei Zhang\nphoto: wei.jpg\nphoto_alt: Portrait of Wei Zhang\n---\n",
    );
    s.write("content/pages/about.md", "---\ntitle: About\n---\n\n![](/logo.svg)\n\n![Hall plan](plan.png)\n");
    s.write("static/logo.svg", "<svg/>");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).collect();
    assert_eq!(
        lines,
        [
            "content/pages/about.md:5:1: warning: image `/logo.svg` has no alternative text",
            "content/pages/about.md:7:1: error: image `plan.png` not found",
            // as the build says it (a warning: the page shows no photo)
            "content/speakers/wei-zhang.md:3:8: warning: photo `wei.jpg` not found",
        ]
    );
    assert!(!s.public().exists());
    // a file beside a page is found, and the page at /about/ loads it from where it is
    // copied (/pages/plan.png), not from /about/plan.png
    std::fs::write(s.root.join("content/pages/plan.png"), common::TINY_PNG).unwrap();
    // a real image: `check` reads photos' headers (a text file named .jpg is an error)
    let mut photo = Vec::new();
    image::DynamicImage::new_rgb8(400, 400)
        .write_to(&mut std::io::Cursor::new(&mut photo), image::ImageFormat::Jpeg)
        .unwrap();
    std::fs::write(s.root.join("content/speakers/wei.jpg"), photo).unwrap();
    let ok = s.run(&["check"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    s.build_ok(&[]);
    let about = std::fs::read_to_string(s.public().join("about/index.html")).unwrap();
    assert!(about.contains("src=\"/summit/pages/plan.png\""), "{about}");
    assert!(s.public().join("pages/plan.png").is_file());
    // the same page with the file's absolute path works too
    s.write("content/pages/about.md", "---\ntitle: About\n---\n\n![](/logo.svg)\n\n![Hall plan](/pages/plan.png)\n");
    let ok = s.run(&["check"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_eq!(s.run(&["check", "--strict"]).code, 1, "the alt-text warning fails --strict");
}

#[test]
fn check_reports_content_errors_like_build() {
    let s = TestSite::fixture("bad/unknown-speaker");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/forums/a.md:3:14: error: unknown speaker `tao-zhn`"), "{}", r.stderr);
}

#[test]
fn new_scaffolds_each_kind_and_refuses_to_overwrite() {
    let s = TestSite::new();
    for (kind, title, path) in [
        ("forum", "Digital Campus", "content/forums/digital-campus.md"),
        ("speaker", "陶詹", "content/speakers/tao-zhan.md"),
        ("news", "Call for papers", "content/news/call-for-papers.md"),
        ("paper", "White Paper", "content/papers/white-paper/_index.md"),
        ("page", "Contact", "content/pages/contact.md"),
        // a title pasted whole: the file is named by its first words, and the title kept
        (
            "news",
            "Higher education in the age of artificial intelligence: how universities govern, teach and certify \
             what their learners know, in a report of the seven forums of the summit and its partners",
            "content/news/higher-education-in-the-age-of-artificial-intelligence-how-universities-govern.md",
        ),
    ] {
        let r = s.run(&["new", kind, title]);
        assert_eq!(r.code, 0, "{kind}: {}", r.stderr);
        assert!(r.stdout.trim_end().ends_with(path) || r.stdout.contains(path), "{}", r.stdout);
        assert!(s.root.join(path).is_file());
    }
    // what `new` writes builds
    s.build_ok(&[]);
    let again = s.run(&["new", "forum", "Digital Campus"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"));
}

#[test]
fn frab_xml_imports_like_json() {
    let import = |name: &str| {
        let s = TestSite::new();
        let file = common::fixtures_dir().join("frab").join(name);
        let r = s.run(&["import", "frab", file.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let files = common::tree(&s.root.join("content"));
        (r.stdout, files)
    };
    let (json_out, json_files) = import("schedule.json");
    let (xml_out, xml_files) = import("schedule.xml");
    assert_eq!(json_out, xml_out);
    assert_eq!(json_files, xml_files);
    assert_eq!(json_files.len(), 5);
}

/// A clash names the first earlier session in programme order it overlaps and counts the
/// others; sessions in another room, or over before it starts, are no clash.
#[test]
fn a_clash_names_the_first_overlapping_earlier_session_and_counts_the_rest() {
    let s = berlin();
    let forum = |name: &str, start: &str, end: &str, room: &str, people: &str| {
        s.write(
            &format!("content/forums/{name}.md"),
            &format!(
                "---\ntitle: {name}\ndate: 2024-03-31\nstart: \"{start}\"\nend: \"{end}\"\nroom: {room}\nspeakers: [{people}]\n---\n"
            ),
        );
    };
    forum("a1", "13:00", "14:00", "Hall A", "amina-haddad");
    forum("a2", "13:30", "15:00", "Hall A", "");
    forum("a4", "13:45", "14:45", "Hall A", "");
    forum("a3", "14:30", "15:30", "Hall A", "");
    forum("b1", "13:50", "14:10", "Hall B", "amina-haddad");
    let r = s.build_ok(&[]);
    let lines: Vec<&str> = r.stderr.lines().collect();
    let help = |warning: &str| {
        let at = lines.iter().position(|l| *l == warning).unwrap_or_else(|| panic!("no `{warning}` in\n{}", r.stderr));
        lines[at + 1].trim()
    };
    let room = |f: &str| format!("content/forums/{f}.md:6:7: warning: room `Hall A` is double-booked");
    assert_eq!(help(&room("a2")), "help: content/forums/a1.md:4 overlaps this session");
    assert_eq!(help(&room("a4")), "help: content/forums/a1.md:4 overlaps this session (and 1 more)");
    assert_eq!(help(&room("a3")), "help: content/forums/a2.md:4 overlaps this session (and 1 more)");
    assert!(!r.stderr.contains("a1.md:6:7: warning"), "{}", r.stderr);
    assert!(!r.stderr.contains("b1.md:6:7: warning"), "{}", r.stderr);
    assert_eq!(
        help("content/forums/b1.md:7:12: warning: `amina-haddad` is in two overlapping sessions"),
        "help: content/forums/a1.md:4 overlaps this session"
    );
}
