//! `plenary import frab`: what the schedule says is kept, people stay distinct, imported text
//! is inert, and nothing is written through a symlink or outside `content/`.

mod common;

use common::{attrs, TestSite};

const CONFIG: &str = "title: Summit 2024\nbase_url: https://example.org/\nevent:\n  timezone: Europe/Berlin\n  start: 2024-03-30\n  end: 2024-03-31\n";

fn fixture(name: &str) -> String {
    common::fixtures_dir().join("frab").join(name).to_str().unwrap().to_string()
}

fn site() -> TestSite {
    let s = TestSite::new();
    s.write("site.yaml", CONFIG);
    s
}

fn read(s: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(s.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Sessions of a frab document as (title, start, duration, room, people), sorted.
fn sessions(v: &serde_json::Value) -> Vec<(String, String, String, String, Vec<String>)> {
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
}

#[test]
fn import_keeps_what_it_reads_and_round_trips() {
    let s = site();
    let r = s.run(&["import", "frab", &fixture("faithful.json")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("imported 4 sessions and 4 people"), "{}", r.stderr);

    // people: José Pérez and Jose Perez are two people; the same id is one person; the same
    // name with another id is another person
    for f in ["jose-perez", "jose-perez-2", "alex-kim", "alex-kim-2"] {
        assert!(s.root.join(format!("content/speakers/{f}.md")).is_file(), "{f}\n{}", r.stdout);
    }
    assert_eq!(std::fs::read_dir(s.root.join("content/speakers")).unwrap().count(), 4);
    let jose = read(&s, "content/speakers/jose-perez.md");
    assert!(jose.contains("name: José Pérez") && jose.contains("<strong>statistics</strong>"), "{jose}");
    assert!(read(&s, "content/speakers/jose-perez-2.md").contains("open courseware in Lima"));

    // the panel: type by table, language, track, summary, body, URL, links, attachments, recording
    let panel = read(&s, "content/forums/open-universities-panel.md");
    for want in [
        "type: forum\n",
        "language: de\n",
        "topics:\n- Openness\n",
        "summary: Four views on openness.\n",
        "speakers:\n- jose-perez\n- jose-perez-2\n- alex-kim\n",
        "url: https://pretalx.example.org/summit/talk/ABC/",
        "label: Slides\n  url: https://example.org/slides.pdf",
        "label: Position paper\n  url: https://example.org/paper.pdf",
        "label: Recording\n  url: https://media.example.org/v/201",
        "<em>compares</em>",
    ] {
        assert!(panel.contains(want), "missing {want:?} in\n{panel}");
    }
    // past midnight, written so that check accepts it; an unknown type noted
    let night = read(&s, "content/forums/night-session.md");
    assert!(night.contains("start: 23:30\nend: 24:30\n"), "{night}");
    assert!(night.contains("speakers:\n- jose-perez\n- alex-kim-2\n"), "{night}");
    assert!(r
        .stdout
        .contains("note: `Night session`: type `Hackathon` is not in the import table; written as `forum`"));
    // a symbol-only title gets its slug from the GUID and keeps its title
    let dash = read(&s, "content/forums/session-7e5d0c2a.md");
    assert!(dash.contains("title: —\n"), "{dash}");
    assert!(!s.root.join("content/forums/.md").exists());

    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("checked: 0 errors, 0 warnings"), "{}", check.stderr);
    s.build_ok(&[]);
    let input: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("faithful.json")).unwrap()).unwrap();
    let output: serde_json::Value = serde_json::from_str(&read(&s, "public/schedule.json")).unwrap();
    assert_eq!(sessions(&input), sessions(&output));
    let night_out = output["schedule"]["conference"]["days"][0]["rooms"]["Hall A"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Night session")
        .cloned()
        .unwrap();
    assert_eq!(night_out["duration"], "01:00");
    let panel_out = &output["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][0];
    assert_eq!(panel_out["language"], "de");
    let links: Vec<&str> = panel_out["links"].as_array().unwrap().iter().map(|l| l["url"].as_str().unwrap()).collect();
    assert!(links.contains(&"https://example.org/slides.pdf") && links.contains(&"https://media.example.org/v/201"));
}

/// A schedule kept in another time zone than the site's is moved to the site's clock (it was
/// written as read: seven hours off in Shanghai), with a note; a length is time that passes
/// (across the night the clocks go forward, four hours from 23:30 end at 04:30), and a
/// session of no length has no end (it came back as running all day).
#[test]
fn times_are_moved_to_the_sites_clock_and_lengths_are_time_that_passes() {
    let s = TestSite::new();
    s.write("site.yaml", &CONFIG.replace("Europe/Berlin", "Asia/Shanghai"));
    let faithful = std::fs::read_to_string(fixture("faithful.json")).unwrap();
    let night_hour = "\"start\": \"23:30\",\n                \"duration\": \"01:00\"";
    let schedule = faithful.replacen(night_hour, &night_hour.replace("01:00", "04:00"), 1);
    assert_ne!(schedule, faithful);
    let file = s.root.parent().unwrap().join("berlin.json");
    std::fs::write(&file, &schedule).unwrap();
    let r = s.run(&["import", "frab", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "note: times are moved from the schedule's time zone, Europe/Berlin, to the site's, Asia/Shanghai"
        ),
        "{}",
        r.stdout
    );
    // 09:00 in Berlin (+01:00) is 16:00 in Shanghai
    let panel = read(&s, "content/forums/open-universities-panel.md");
    assert!(panel.contains("date: 2024-03-30\nstart: 16:00\nend: 17:00\n"), "{panel}");
    // on the site's clock, 23:30 in Berlin is 06:30 the next morning
    let night = read(&s, "content/forums/night-session.md");
    assert!(night.contains("date: 2024-03-31\nstart: 06:30\n"), "{night}");

    // a zone the database does not know is said, not taken for the site's in silence
    let mars = TestSite::new();
    mars.write("site.yaml", CONFIG);
    let unknown = s.root.parent().unwrap().join("mars.json");
    std::fs::write(&unknown, schedule.replace("Europe/Berlin", "Mars/Olympus")).unwrap();
    let r = mars.run(&["import", "frab", unknown.to_str().unwrap()]);
    assert!(
        r.stdout.contains("the schedule's time zone, `Mars/Olympus`, is none the time-zone database knows"),
        "{}",
        r.stdout
    );
    let berlin = site();
    let r = berlin.run(&["import", "frab", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("times are moved"), "{}", r.stdout);
    let night = read(&berlin, "content/forums/night-session.md");
    assert!(night.contains("date: 2024-03-30\nstart: 23:30\nend: 28:30\n"), "{night}");
    let zero = faithful.replacen("\"duration\": \"00:30\"", "\"duration\": \"00:00\"", 1);
    assert_ne!(zero, faithful);
    std::fs::write(&file, &zero).unwrap();
    let none = TestSite::new();
    none.write("site.yaml", CONFIG);
    assert_eq!(none.run(&["import", "frab", file.to_str().unwrap()]).code, 0);
    let forums: Vec<String> = std::fs::read_dir(none.root.join("content/forums"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let open: Vec<&String> = forums.iter().filter(|f| !f.contains("\nend: ")).collect();
    assert_eq!(open.len(), 1, "{forums:?}");
    assert!(none.run(&["check"]).stderr.contains("checked: 0 errors, 0 warnings"));
}

/// Each session whose length cannot be read is its own error, in one run, and nothing is
/// written while any is left (the first stopped the import and hid the others).
#[test]
fn every_unreadable_session_is_said_and_nothing_is_written() {
    let s = site();
    let faithful = std::fs::read_to_string(fixture("faithful.json")).unwrap();
    let broken = faithful.replacen("\"duration\": \"00:30\"", "\"duration\": \"half an hour\"", 1).replacen(
        "\"duration\": \"01:00\"",
        "\"duration\": \"01:75\"",
        1,
    );
    assert_eq!(broken.matches("half an hour").count() + broken.matches("01:75").count(), 2);
    let file = s.root.parent().unwrap().join("broken.json");
    std::fs::write(&file, &broken).unwrap();
    let r = s.run(&["import", "frab", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{}", r.stderr);
    assert!(errors.iter().any(|e| e.contains("duration `half an hour` is not a length of time")), "{}", r.stderr);
    assert!(errors.iter().any(|e| e.contains("duration `01:75` is not a length of time")), "{}", r.stderr);
    assert!(!s.root.join("content/forums").exists(), "nothing is written");
}

/// An imported person never takes the file of another person of the site: José Pérez gets
/// `jose-perez-2` where the site's `jose-perez` is another Jose Perez (the talk was credited
/// to them); a person of the same name is the same person, their file kept.
#[test]
fn an_imported_person_takes_no_other_persons_file() {
    let s = site();
    s.write("content/speakers/jose-perez.md", "---\nname: Jose Perez\norganisation: Some Other Org\n---\n");
    s.write("content/speakers/alex-kim.md", "---\nname: Someone Else\n---\n");
    let r = s.run(&["import", "frab", &fixture("faithful.json")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("kept content/speakers/jose-perez.md"), "{}", r.stdout);
    assert!(read(&s, "content/speakers/jose-perez.md").contains("Some Other Org"));
    assert!(read(&s, "content/speakers/jose-perez-2.md").contains("name: José Pérez"));
    assert!(read(&s, "content/speakers/alex-kim.md").contains("Someone Else"));
    let panel = read(&s, "content/forums/open-universities-panel.md");
    assert!(panel.contains("speakers:\n- jose-perez-2\n- jose-perez\n- alex-kim-2\n"), "{panel}");
    assert_eq!(s.run(&["check"]).code, 0);
}

#[test]
fn an_existing_file_is_kept_without_force() {
    let s = site();
    s.write("content/forums/night-session.md", "---\ntitle: Mine\n---\n");
    let r = s.run(&["import", "frab", &fixture("faithful.json")]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("kept content/forums/night-session.md"), "{}", r.stdout);
    assert_eq!(read(&s, "content/forums/night-session.md"), "---\ntitle: Mine\n---\n");
    let forced = s.run(&["import", "frab", &fixture("faithful.json"), "--force"]);
    assert_eq!(forced.code, 0);
    assert!(read(&s, "content/forums/night-session.md").contains("Night session"));
}

/// A fake call for papers with script in every field, as JSON and as XML with CDATA: the
/// built pages carry the text, never the script, the handler or the `javascript:` link.
#[test]
fn imported_text_is_inert() {
    for file in ["hostile.json", "hostile.xml"] {
        let s = site();
        let r = s.run(&["import", "frab", &fixture(file)]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        // a link the site would refuse is left out with a note, not written to fail the build
        assert!(
            r.stdout.contains("note: `A friendly talk`: the link `Evil` is left out: `javascript:alert('links')` is a `javascript:` link"),
            "{file}: {}",
            r.stdout
        );
        s.build_ok(&[]);
        for page in ["forums/a-friendly-talk/index.html", "speakers/mallory-example/index.html", "forums/index.html"] {
            let html = read(&s, &format!("public/{page}"));
            assert!(!html.contains("alert("), "{file} {page}: script text survived:\n{html}");
            let doc = s.page(page);
            assert!(attrs(&doc, "[onerror]", "onerror").is_empty(), "{file} {page}");
            let hrefs = attrs(&doc, "a", "href");
            assert!(
                !hrefs.iter().any(|h| h.trim().to_lowercase().starts_with("javascript")),
                "{file} {page}: {hrefs:?}"
            );
        }
        let talk = read(&s, "public/forums/a-friendly-talk/index.html");
        assert!(talk.contains("Hello from the CfP."), "{file}");
        assert!(talk.contains("Short  abstract") || talk.contains("Short abstract"), "{file}");
    }
}

#[cfg(unix)]
#[test]
fn import_never_writes_through_a_symlink_or_outside_content() {
    let outside = tempfile::tempdir().unwrap();
    // a dangling link where an imported forum would go
    let s = site();
    std::fs::create_dir_all(s.root.join("content/forums")).unwrap();
    let target = outside.path().join("x.md");
    std::os::unix::fs::symlink(&target, s.root.join("content/forums/night-session.md")).unwrap();
    let r = s.run(&["import", "frab", &fixture("faithful.json")]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("content/forums/night-session.md is a symbolic link"), "{}", r.stderr);
    assert!(!target.exists(), "created a file outside the site");

    // --force does not overwrite an outside file through a link
    std::fs::write(&target, "outside").unwrap();
    let r = s.run(&["import", "frab", &fixture("faithful.json"), "--force"]);
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "outside");

    // a linked folder
    let s = site();
    std::os::unix::fs::symlink(outside.path(), s.root.join("content/speakers")).unwrap();
    let r = s.run(&["import", "frab", &fixture("faithful.json"), "--force"]);
    assert_eq!(r.code, 2);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1, "only x.md is there");

    // a linked content/ itself
    let s = site();
    std::fs::remove_dir(s.root.join("content")).unwrap();
    std::os::unix::fs::symlink(outside.path(), s.root.join("content")).unwrap();
    let r = s.run(&["import", "frab", &fixture("faithful.json")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("content is a symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn import_outside_a_site_says_to_run_init_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["import", "frab", &fixture("faithful.json")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plenary init"));
    assert!(!dir.path().join("content").exists());
}

/// A schedule whose DTD declares entities within entities (a few lines standing for a
/// gigabyte of text) is refused at once, saying so, and nothing is written.
#[test]
fn a_schedule_with_a_dtd_is_refused_without_expanding_it() {
    let s = site();
    let mut entities = String::from("<!ENTITY l0 \"lol\">\n");
    for i in 1..10 {
        entities.push_str(&format!("<!ENTITY l{i} \"{}\">\n", format!("&l{};", i - 1).repeat(10)));
    }
    let bomb = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [\n{entities}]>\n<schedule><conference><title>&l9;</title></conference></schedule>\n"
    );
    s.write("bomb.xml", &bomb);
    let r = s.run(&["import", "frab", s.root.join("bomb.xml").to_str().unwrap()]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("the schedule declares entities in its DOCTYPE"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(s.root.join("content")).unwrap().count(), 0, "nothing is written");
}

/// A schedule in UTF-16 with or without a byte-order mark (XML readers must read it), in Latin-1 where its declaration says so,
/// or naming an outside DTD (`<!DOCTYPE schedule SYSTEM "schedule.dtd">`, which declares
/// nothing) imports as the same schedule in UTF-8 does; each was refused.
#[test]
fn a_schedule_in_another_encoding_or_naming_an_outside_dtd_imports_alike() {
    let xml = std::fs::read_to_string(fixture("schedule.xml"))
        .unwrap()
        .replace("Teachers and AI", "Teachers and AI in Québec");
    assert!(xml.contains("encoding=\"utf-8\"") && xml.contains("Québec"));
    let import = |name: &str, bytes: Vec<u8>| {
        let s = site();
        let file = s.root.parent().unwrap().join(name);
        std::fs::write(&file, bytes).unwrap();
        let r = s.run(&["import", "frab", file.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        common::tree(&s.root.join("content"))
    };
    let utf8 = import("utf8.xml", xml.clone().into_bytes());
    assert!(utf8.iter().any(|(k, _)| k.to_string_lossy().contains("teachers-and-ai-in-quebec")), "{utf8:?}");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(xml.replace("utf-8", "UTF-16").encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(import("utf16.xml", utf16), utf8);
    // without the byte-order mark, as some Windows tools save it, either byte order
    let utf16le: Vec<u8> = xml.replace("utf-8", "UTF-16").encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(import("utf16le.xml", utf16le), utf8);
    let utf16be: Vec<u8> = xml.replace("utf-8", "UTF-16").encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(import("utf16be.xml", utf16be), utf8);
    let latin1: Vec<u8> = xml.replace("utf-8", "ISO-8859-1").chars().map(|c| c as u8).collect();
    assert_eq!(import("latin1.xml", latin1), utf8);
    // JSON with a byte-order mark, as some editors save it
    let json = std::fs::read(fixture("schedule.json")).unwrap();
    let plain = import("plain.json", json.clone());
    assert_eq!(import("bom.json", [&[0xEF, 0xBB, 0xBF][..], &json].concat()), plain);
    let doctype = xml.replacen("?>\n", "?>\n<!DOCTYPE schedule SYSTEM \"schedule.dtd\">\n", 1);
    assert_ne!(doctype, xml);
    assert_eq!(import("doctype.xml", doctype.into_bytes()), utf8);
}

/// A title a schedule writes into a person's name (`Dr. Ana Ruiz`) becomes the speaker's
/// `honorific`, and the file is named by the name alone; what is imported builds without a
/// warning about it.
#[test]
fn a_title_in_an_imported_name_becomes_the_honorific() {
    let s = site();
    let schedule = r#"{"schedule": {"version": "1", "conference": {"title": "S", "start": "2024-03-30", "end": "2024-03-30",
        "days": [{"index": 1, "date": "2024-03-30", "rooms": {"Hall A": [{"guid": "g1", "id": 1,
        "date": "2024-03-30T09:00:00+01:00", "start": "09:00", "duration": "01:00", "room": "Hall A", "title": "Opening",
        "type": "Talk", "persons": [{"id": 7, "public_name": "Dr. Ana Ruiz"}, {"id": 8, "public_name": "Jin Li"}]}]}}]}}}"#;
    s.write("schedule.json", schedule);
    let r = s.run(&["import", "frab", s.root.join("schedule.json").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read(&s, "content/speakers/ana-ruiz.md"), "---\nname: Ana Ruiz\nhonorific: Dr\n---\n");
    assert_eq!(read(&s, "content/speakers/jin-li.md"), "---\nname: Jin Li\n---\n");
    let built = s.build_ok(&[]);
    assert!(!built.stderr.contains("title"), "{}", built.stderr);
}

/// plenary's own `schedule.json`, imported into a new site and built again, is the same
/// schedule: the forums' and speakers' slugs (each file named as it was, not from its title
/// or name), the moderators apart from the speakers, times, rooms, tracks, summaries and
/// links. Before, the slugs came back from the titles (`governance` as
/// `higher-education-governance-in-the-ai-era`), moderators as speakers, the summary twice
/// (as the body too), and each forum linked to the old site's page of itself.
#[test]
fn plenary_own_schedule_round_trips() {
    let example = TestSite::example();
    // a speaker whose slug is not their name's (`jin-li` is Jin Li's): named as it was
    for (path, bytes) in common::tree(&example.root.join("content")) {
        let path = example.root.join("content").join(path);
        if let Ok(text) = String::from_utf8(bytes) {
            if text.contains("jin-li") {
                std::fs::write(&path, text.replace("jin-li", "director-jin")).unwrap();
            }
        }
    }
    std::fs::rename(
        example.root.join("content/speakers/jin-li.md"),
        example.root.join("content/speakers/director-jin.md"),
    )
    .unwrap();
    example.build_ok(&[]);
    let exported = std::fs::read_to_string(example.public().join("schedule.json")).unwrap();
    let s = TestSite::new();
    s.write("site.yaml", &std::fs::read_to_string(example.root.join("site.yaml")).unwrap());
    let file = s.root.parent().unwrap().join("schedule.json");
    std::fs::write(&file, &exported).unwrap();
    let r = s.run(&["import", "frab", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(s.root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let originals = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(example.root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.matches('.').count() == 1)
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("content/forums"), originals("content/forums"));
    for speaker in names("content/speakers") {
        assert!(example.root.join("content/speakers").join(&speaker).is_file(), "{speaker}");
    }
    assert!(read(&s, "content/forums/opening-ceremony.md").contains("- director-jin\n"));
    let forum = read(&s, "content/forums/teacher-development.md");
    assert!(forum.contains("moderators:\n- tao-zhan\n") && !forum.contains("speakers:"), "{forum}");
    assert!(!forum.contains("Session page") && !forum.contains("<div"), "{forum}");
    s.build_ok(&[]);
    // the same schedule, byte for byte, its version too (a hash of what it holds)
    assert_eq!(read(&s, "public/schedule.json"), exported);
}

/// An XML schedule that declares windows-1252 (or Latin-1, which WHATWG reads as
/// windows-1252) or ISO-8859-15 is read by that encoding's table: curly quotes (0x93,
/// 0x94) and the euro (0x80; 0xA4 in ISO-8859-15) were C1 control characters and `¤`.
/// A byte the encoding has no character for is an error at its line, never a control
/// character in a page.
#[test]
fn a_declared_legacy_encoding_is_read_by_its_table() {
    let xml = std::fs::read_to_string(fixture("schedule.xml")).unwrap();
    assert!(xml.contains("Teachers and AI"));
    let import = |name: &str, bytes: Vec<u8>| {
        let s = site();
        let file = s.root.parent().unwrap().join(name);
        std::fs::write(&file, bytes).unwrap();
        let r = s.run(&["import", "frab", file.to_str().unwrap()]);
        (r, s)
    };
    let titled = |label: &str, title: &[u8]| -> Vec<u8> {
        let text = xml.replace("utf-8", label);
        let at = text.find("Teachers and AI").unwrap();
        let bytes = text.as_bytes();
        [&bytes[..at], title, &bytes[at + "Teachers and AI".len()..]].concat()
    };
    // “AI” costs 5 € (windows-1252)
    let cp1252 = b"\x93AI\x94 costs 5 \x80";
    for label in ["windows-1252", "ISO-8859-1", "latin1"] {
        let (r, s) = import(&format!("{label}.xml"), titled(label, cp1252));
        assert_eq!(r.code, 0, "{label}: {}", r.stderr);
        let forum = read(&s, "content/forums/ai-costs-5-eur.md");
        assert!(forum.contains("title: “AI” costs 5 €\n"), "{label}: {forum}");
    }
    // ISO-8859-15 puts the euro at 0xA4, where Latin-1 has `¤`
    let (r, s) = import("latin9.xml", titled("ISO-8859-15", b"AI costs 5 \xA4"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&s, "content/forums/ai-costs-5-eur.md").contains("title: AI costs 5 €\n"));
    // 0x81 is no character of windows-1252: an error at its place, nothing written
    let (r, s) = import("hole.xml", titled("windows-1252", b"AI \x81 costs"));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let line = xml[..xml.find("Teachers and AI").unwrap()].matches('\n').count() + 1;
    assert!(
        r.stderr.contains(&format!("hole.xml:{line}:")) && r.stderr.contains("0x81 is no character of windows-1252"),
        "{}",
        r.stderr
    );
    assert!(!s.root.join("content/forums").exists());
}

/// An import never overwrites or shadows a page the site has under another file: a speaker
/// whose front matter sets `slug:`, a file name in other case (`Jin-Li.md`), a translation
/// without its original (`bo-chen.fr.md`, which a new `bo-chen.md` would make its
/// translation), a forum whose `slug:` is an imported title's. Another person there gets
/// `-2`; the same person (the same name, composed or decomposed) is credited under the
/// site's slug and their file is kept. Each of these was taken: a second page under one
/// slug, or another person's page credited.
#[test]
fn an_import_takes_no_slug_the_site_has_under_another_file() {
    let s = site();
    s.write(
        "site.yaml",
        &format!("{CONFIG}languages:\n- {{code: en, name: English}}\n- {{code: fr, name: Français}}\n"),
    );
    let nfd = "Jose\u{301} Pe\u{301}rez";
    let existing = [
        ("content/speakers/other.md", "---\nname: Someone Else\nslug: ana-ruiz\n---\n".to_string()),
        ("content/speakers/Jin-Li.md", "---\nname: Li Jin\n---\n".to_string()),
        ("content/speakers/bo-chen.fr.md", "---\nname: Bo Chén\n---\n".to_string()),
        ("content/speakers/jose-perez.md", format!("---\nname: {nfd}\n---\n")),
        ("content/speakers/ana.md", "---\nname: Ana López\nslug: ana-lopez\n---\n".to_string()),
        ("content/forums/mine.md", "---\ntitle: Mine\nslug: opening\n---\n".to_string()),
    ];
    for (rel, text) in &existing {
        s.write(rel, text);
    }
    let person = |id: u32, name: &str| format!(r#"{{"id": {id}, "public_name": "{name}"}}"#);
    let people = [
        person(1, "Ana Ruiz"),
        person(2, "Jin Li"),
        person(3, "Bo Chen"),
        person(4, "José Pérez"),
        person(5, "Ana López"),
    ];
    let schedule = format!(
        r#"{{"schedule": {{"conference": {{"title": "S", "days": [{{"date": "2024-03-30", "rooms": {{"Hall A": [
        {{"guid": "g1", "date": "2024-03-30T09:00:00+01:00", "start": "09:00", "duration": "01:00", "title": "Opening",
          "type": "Talk", "persons": [{}]}}]}}}}]}}}}}}"#,
        people.join(", ")
    );
    let file = s.root.parent().unwrap().join("clash.json");
    std::fs::write(&file, schedule).unwrap();
    let r = s.run(&["import", "frab", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (rel, text) in &existing {
        assert_eq!(&read(&s, rel), text, "{rel} is kept as it was");
    }
    for other in ["ana-ruiz-2", "jin-li-2", "bo-chen-2"] {
        assert!(s.root.join(format!("content/speakers/{other}.md")).is_file(), "{other}\n{}", r.stdout);
    }
    for taken in ["ana-ruiz", "jin-li", "bo-chen", "jose-perez-2", "ana-lopez"] {
        assert!(!s.root.join(format!("content/speakers/{taken}.md")).exists(), "{taken}\n{}", r.stdout);
    }
    assert!(r.stdout.contains("kept content/speakers/ana.md"), "{}", r.stdout);
    let forum = read(&s, "content/forums/opening-2.md");
    assert!(forum.contains("speakers:\n- ana-ruiz-2\n- jin-li-2\n- bo-chen-2\n- jose-perez\n- ana-lopez\n"), "{forum}");
    assert!(!s.root.join("content/forums/opening.md").exists());
    // no page shadows another (the lone translation is the site's own mistake, still said)
    let check = s.run(&["check"]);
    let errors: Vec<&str> = check.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(errors.iter().all(|e| e.starts_with("content/speakers/bo-chen.fr.md: ")), "{}", check.stderr);
}
