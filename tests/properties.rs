//! Property tests (proptest) over whole parts of plenary: the dev server's request-target
//! sanitiser, the frab import → export round trip on generated schedules, and incremental
//! rebuilds against full builds over random edit sequences. Case counts are small for CI.

mod common;

use std::path::{Component, Path};

use common::TestSite;
use plenary::serve::http::clean_path;
use plenary::serve::rebuild::{Outcome, Rebuilder, SiteFiles};
use plenary::serve::watch::classify;
use plenary::BuildOptions;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---- the request-target sanitiser ----

fn target() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/"),
        Just(".."),
        Just("."),
        Just("%2e"),
        Just("%2E%2e"),
        Just("%2f"),
        Just("%5c"),
        Just("\\"),
        Just("%00"),
        Just("%"),
        Just("%c3%a9"),
        Just("%ff"),
        Just("?q=/../"),
        Just("#x"),
        Just("a"),
        Just("index.html"),
        Just("C:"),
        Just("é"),
        Just("//"),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(2000))]

    /// Whatever the target, an accepted path is absolute, and joined to the site folder it
    /// names only plain names inside it: never `..`, `.`, a root, a prefix or a backslash.
    #[test]
    fn request_targets_never_leave_the_site(t in prop_oneof![target(), "\\PC{0,40}".prop_map(|s| format!("/{s}"))]) {
        if let Ok(p) = clean_path(&t) {
            prop_assert!(p.starts_with('/'), "{p:?}");
            prop_assert!(!p.contains('\\') && !p.contains('\0'), "{p:?}");
            let site = Path::new("/srv/site");
            let joined = site.join(&p[1..]);
            prop_assert!(joined.starts_with(site), "{p:?}");
            for c in Path::new(&p[1..]).components() {
                prop_assert!(matches!(c, Component::Normal(_)), "{p:?} has {c:?}");
            }
        }
    }
}

// ---- frab import → build → export ----

#[derive(Debug, Clone)]
struct Ev {
    title: &'static str,
    day: u8,
    start: u16,
    duration: u16,
    room: &'static str,
    persons: Vec<usize>,
}

/// (frab id, name): two names that transliterate alike, one name twice with two ids.
const PEOPLE: [(u32, &str); 5] = [(1, "José Pérez"), (2, "Jose Perez"), (3, "陶詹"), (4, "Alex Kim"), (5, "Alex Kim")];
const TITLES: [&str; 6] = ["Opening", "Forum 1: Governance", "—", "人工智能", "Opening", "Talk <b>bold</b>"];
const ROOMS: [&str; 3] = ["Hall A", "Hall B", "Salle 1"];

fn event() -> impl Strategy<Value = Ev> {
    (
        0..TITLES.len(),
        0u8..2,
        0u16..96,
        1u16..12,
        0..ROOMS.len(),
        proptest::collection::btree_set(0..PEOPLE.len(), 0..3),
    )
        .prop_map(|(t, day, q, d, r, p)| Ev {
            title: TITLES[t],
            day,
            start: q * 15,
            duration: d * 15,
            room: ROOMS[r],
            persons: p.into_iter().collect(),
        })
}

fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn schedule(events: &[Ev]) -> serde_json::Value {
    let mut days = Vec::new();
    for day in 0..2u8 {
        let date = format!("2024-12-0{}", 7 + day);
        let mut rooms = serde_json::Map::new();
        for (i, e) in events.iter().enumerate().filter(|(_, e)| e.day == day) {
            let list = rooms.entry(e.room.to_string()).or_insert_with(|| serde_json::json!([]));
            list.as_array_mut().unwrap().push(serde_json::json!({
                "guid": format!("00000000-0000-4000-8000-{i:012}"),
                "id": 1000 + i,
                "date": format!("{date}T{}:00+08:00", hhmm(e.start)),
                "start": hhmm(e.start),
                "duration": hhmm(e.duration),
                "room": e.room,
                "title": e.title,
                "type": "Talk",
                "persons": e.persons.iter().map(|&p| serde_json::json!({"id": PEOPLE[p].0, "public_name": PEOPLE[p].1})).collect::<Vec<_>>(),
            }));
        }
        days.push(serde_json::json!({"date": date, "rooms": rooms}));
    }
    serde_json::json!({"schedule": {"conference": {"days": days}}})
}

type Row = (String, String, String, String, Vec<String>);

fn sessions(v: &serde_json::Value) -> Vec<Row> {
    let mut out = Vec::new();
    for day in v["schedule"]["conference"]["days"].as_array().unwrap() {
        for (room, evs) in day["rooms"].as_object().unwrap() {
            for e in evs.as_array().unwrap() {
                let mut people: Vec<String> = e["persons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["public_name"].as_str().unwrap().to_string())
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

proptest! {
    #![proptest_config(config(12))]

    /// Any generated schedule, imported and built, exports the same sessions, times, rooms
    /// and people (people with the same name but another id stay two people); and that
    /// export, imported into a new site and built, is the same file byte for byte.
    #[test]
    fn frab_import_then_export_keeps_sessions(events in proptest::collection::vec(event(), 1..7)) {
        let config = "title: S\nbase_url: https://example.org/\nevent:\n  timezone: Asia/Shanghai\n  start: 2024-12-07\n  end: 2024-12-08\n";
        let site = TestSite::new();
        site.write("site.yaml", config);
        let input = schedule(&events);
        let file = site.root.join("schedule.json");
        std::fs::write(&file, input.to_string()).unwrap();
        let report = plenary::import::frab(&site.root, &file, false).expect("import");
        let people: std::collections::BTreeSet<u32> =
            events.iter().flat_map(|e| e.persons.iter().map(|&p| PEOPLE[p].0)).collect();
        prop_assert_eq!(report.people, people.len());
        prop_assert_eq!(report.sessions, events.len());
        let built = plenary::build(&BuildOptions { root: site.root.clone(), ..Default::default() });
        prop_assert!(built.is_ok(), "{:?}", built.err().map(|f| f.diagnostics().to_vec()));
        let exported = std::fs::read_to_string(site.public().join("schedule.json")).unwrap();
        let output: serde_json::Value = serde_json::from_str(&exported).unwrap();
        prop_assert_eq!(sessions(&input), sessions(&output));
        let again = TestSite::new();
        again.write("site.yaml", config);
        let file = again.root.join("schedule.json");
        std::fs::write(&file, &exported).unwrap();
        plenary::import::frab(&again.root, &file, false).expect("import of the export");
        let built = plenary::build(&BuildOptions { root: again.root.clone(), ..Default::default() });
        prop_assert!(built.is_ok(), "{:?}", built.err().map(|f| f.diagnostics().to_vec()));
        prop_assert_eq!(std::fs::read_to_string(again.public().join("schedule.json")).unwrap(), exported);
    }
}

// ---- incremental rebuild == full build ----

fn options(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), base_url: Some("http://127.0.0.1:1111/".into()), ..Default::default() }
}

fn full(root: &Path) -> std::sync::Arc<SiteFiles> {
    let mut r = Rebuilder::new(options(root));
    assert!(matches!(r.rebuild(Default::default()), Outcome::Updated { .. }));
    assert!(r.refresh_search(&|| false));
    r.files()
}

fn same(root: &Path, incremental: &SiteFiles) -> Result<(), String> {
    let full = full(root);
    let mut a: Vec<_> = incremental.pages.keys().collect();
    let mut b: Vec<_> = full.pages.keys().collect();
    a.sort();
    b.sort();
    if a != b {
        return Err(format!("pages differ: {a:?} vs {b:?}"));
    }
    for k in b {
        if incremental.pages[k] != full.pages[k] {
            return Err(format!("{k} differs from a full build"));
        }
    }
    if incremental.search != full.search {
        return Err("the search index differs from a full build's".into());
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    ForumTitle(usize, &'static str),
    ForumBody(usize, &'static str),
    ForumSpeakers(usize, Vec<usize>),
    SpeakerName(usize, &'static str),
    AddPage(usize),
    RemovePage(usize),
    NewsForum(usize),
}

const WORDS: [&str; 4] = ["Alpha", "Beta talk", "Γάμμα", "Delta: four"];
const SPEAKERS: [&str; 3] = ["ana", "ben", "chen"];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..2usize, 0..WORDS.len()).prop_map(|(f, w)| Edit::ForumTitle(f, WORDS[w])),
        (0..2usize, 0..WORDS.len()).prop_map(|(f, w)| Edit::ForumBody(f, WORDS[w])),
        (0..2usize, proptest::collection::btree_set(0..SPEAKERS.len(), 0..3))
            .prop_map(|(f, s)| Edit::ForumSpeakers(f, s.into_iter().collect())),
        (0..SPEAKERS.len(), 0..WORDS.len()).prop_map(|(s, w)| Edit::SpeakerName(s, WORDS[w])),
        (0..2usize).prop_map(Edit::AddPage),
        (0..2usize).prop_map(Edit::RemovePage),
        (0..2usize).prop_map(Edit::NewsForum),
    ]
}

fn forum(site: &TestSite, f: usize, title: &str, body: &str, speakers: &[usize]) {
    let list: Vec<&str> = speakers.iter().map(|&s| SPEAKERS[s]).collect();
    site.write(
        &format!("content/forums/f{f}.md"),
        &format!(
            "---\ntitle: {title:?}\ndate: 2024-12-07\nstart: \"{:02}:00\"\nend: \"{:02}:00\"\nspeakers: [{}]\ntopics: [{title:?}]\n---\n\n{body} See [the other](@/forums/f{}.md).\n",
            9 + f,
            10 + f,
            list.join(", "),
            1 - f
        ),
    );
}

fn small_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: S\nbase_url: https://example.org/\nevent:\n  timezone: Asia/Shanghai\n  start: 2024-12-07\n  end: 2024-12-08\n",
    );
    for (i, s) in SPEAKERS.iter().enumerate() {
        site.write(&format!("content/speakers/{s}.md"), &format!("---\nname: {}\n---\n\nBio {i}.\n", s.to_uppercase()));
    }
    forum(&site, 0, "First", "Body one.", &[0]);
    forum(&site, 1, "Second", "Body two.", &[1, 2]);
    site.write("content/news/n.md", "---\ntitle: News\ndate: 2024-12-07\nforums: [f0]\n---\n\nNews body.\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\n\nWelcome.\n");
    site
}

/// Applies an edit; returns the paths it touched (relative to the root).
fn apply(site: &TestSite, state: &mut [(String, String, Vec<usize>); 2], e: &Edit) -> Vec<String> {
    match e {
        Edit::ForumTitle(f, w) => {
            state[*f].0 = w.to_string();
        }
        Edit::ForumBody(f, w) => {
            state[*f].1 = format!("{w} body.");
        }
        Edit::ForumSpeakers(f, s) => {
            state[*f].2 = s.clone();
        }
        Edit::SpeakerName(s, w) => {
            let rel = format!("content/speakers/{}.md", SPEAKERS[*s]);
            site.write(&rel, &format!("---\nname: {w:?}\n---\n\nBio.\n"));
            return vec![rel];
        }
        Edit::AddPage(p) => {
            let rel = format!("content/pages/p{p}.md");
            site.write(&rel, &format!("---\ntitle: Page {p}\nmenu: {p}\n---\n\nSee [f0](@/forums/f0.md).\n"));
            return vec![rel];
        }
        Edit::RemovePage(p) => {
            let rel = format!("content/pages/p{p}.md");
            let _ = std::fs::remove_file(site.root.join(&rel));
            return vec![rel];
        }
        Edit::NewsForum(f) => {
            let rel = "content/news/n.md".to_string();
            site.write(&rel, &format!("---\ntitle: News\ndate: 2024-12-07\nforums: [f{f}]\n---\n\nNews body.\n"));
            return vec![rel];
        }
    }
    let f = match e {
        Edit::ForumTitle(f, _) | Edit::ForumBody(f, _) | Edit::ForumSpeakers(f, _) => *f,
        _ => unreachable!(),
    };
    let (title, body, speakers) = state[f].clone();
    forum(site, f, &title, &body, &speakers);
    vec![format!("content/forums/f{f}.md")]
}

proptest! {
    #![proptest_config(config(8))]

    /// After any sequence of edits, the served site, rebuilt incrementally and caught up,
    /// equals a full build of the same sources.
    #[test]
    fn incremental_rebuilds_equal_full_builds(edits in proptest::collection::vec(edit(), 1..6)) {
        let site = small_site();
        let root = site.root.clone();
        let mut state = [
            ("First".to_string(), "Body one.".to_string(), vec![0]),
            ("Second".to_string(), "Body two.".to_string(), vec![1, 2]),
        ];
        let mut r = Rebuilder::new(options(&root));
        let first = matches!(r.rebuild(Default::default()), Outcome::Updated { .. });
        prop_assert!(first, "the first build failed");
        for e in &edits {
            let touched = apply(&site, &mut state, e);
            let outcome = r.rebuild(classify(&root, touched.iter().map(|p| root.join(p))));
            let failed = matches!(outcome, Outcome::Failed(_));
            prop_assert!(!failed, "{:?}: {:?}", e, outcome);
            prop_assert!(r.catch_up().is_ok());
            r.refresh_search(&|| false);
            if let Err(why) = same(&root, &r.files()) {
                return Err(TestCaseError::fail(format!("after {e:?} in {edits:?}: {why}")));
            }
        }
    }
}
