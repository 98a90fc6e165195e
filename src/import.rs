//! `plenary import frab FILE`: a frab schedule (JSON or XML, as exported by pretalx and frab) turned
//! into `content/forums/*.md` and `content/speakers/*.md` in plenary's schema. Existing files
//! are kept unless `--force`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::scaffold::ascii_slug;
use crate::types::{Date, Time};

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that existed and were kept.
    pub kept: Vec<PathBuf>,
}

#[derive(Serialize)]
struct ForumFm {
    title: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    date: String,
    start: String,
    end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    speakers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
}

#[derive(Serialize)]
struct SpeakerFm {
    name: String,
}

/// Reads a frab schedule (JSON or XML) and writes content files under `root`.
pub fn frab(root: &Path, file: &Path, force: bool) -> Result<ImportReport, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let json: Value = if text.trim_start_matches('\u{feff}').trim_start().starts_with('<') {
        from_xml(&text).map_err(|e| format!("{}: {e}", file.display()))?
    } else {
        serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}:{}: not JSON: {e}", file.display(), e.line(), e.column()))?
    };
    let conf = json
        .pointer("/schedule/conference")
        .ok_or_else(|| format!("{}: no `schedule.conference`: is this a frab schedule?", file.display()))?;
    let days = conf
        .get("days")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{}: the conference has no `days`", file.display()))?;

    let mut forums: BTreeMap<String, (ForumFm, String)> = BTreeMap::new();
    let mut speakers: BTreeMap<String, String> = BTreeMap::new();
    for day in days {
        let Some(rooms) = day.get("rooms").and_then(Value::as_object) else { continue };
        for (room, events) in rooms {
            for ev in events.as_array().into_iter().flatten() {
                let (slug, fm, body) =
                    forum(ev, room, &mut speakers).map_err(|m| format!("{}: {m}", file.display()))?;
                let mut unique = slug.clone();
                let mut n = 2;
                while forums.contains_key(&unique) {
                    unique = format!("{slug}-{n}");
                    n += 1;
                }
                forums.insert(unique, (fm, body));
            }
        }
    }
    let mut report = ImportReport::default();
    for (slug, (fm, body)) in &forums {
        let rel = PathBuf::from(format!("content/forums/{slug}.md"));
        write(root, rel, &format!("{}\n{body}", crate::frontmatter::to_block(fm)), force, &mut report)?;
    }
    for (slug, name) in &speakers {
        let rel = PathBuf::from(format!("content/speakers/{slug}.md"));
        write(root, rel, &crate::frontmatter::to_block(&SpeakerFm { name: name.clone() }), force, &mut report)?;
    }
    Ok(report)
}

fn write(root: &Path, rel: PathBuf, text: &str, force: bool, report: &mut ImportReport) -> Result<(), String> {
    let path = root.join(&rel);
    if path.exists() && !force {
        report.kept.push(rel);
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    report.written.push(rel);
    Ok(())
}

/// One frab event → (slug, front matter, body); its persons are added to `speakers`.
fn forum(ev: &Value, room: &str, speakers: &mut BTreeMap<String, String>) -> Result<(String, ForumFm, String), String> {
    let s = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or("").trim().to_string();
    let title = s("title");
    if title.is_empty() {
        return Err(format!("an event in room `{room}` has no title"));
    }
    let date_field = s("date");
    let date = Date::parse(date_field.get(..10).unwrap_or("")).map_err(|e| format!("event `{title}`: {e}"))?;
    let start = Time::parse(&s("start")).map_err(|e| format!("event `{title}`: {e}"))?;
    let duration = Time::parse(&s("duration")).map_err(|e| format!("event `{title}`: duration {e}"))?;
    let end = Time { minutes: (start.minutes + duration.minutes) % 1440 };
    let mut people = Vec::new();
    for p in ev.get("persons").and_then(Value::as_array).into_iter().flatten() {
        let name = p.get("public_name").or_else(|| p.get("name")).and_then(Value::as_str).unwrap_or("").trim();
        let slug = ascii_slug(name);
        if slug.is_empty() {
            continue;
        }
        speakers.entry(slug.clone()).or_insert_with(|| name.to_string());
        people.push(slug);
    }
    let kind = match s("type").to_lowercase().as_str() {
        "keynote" => Some("keynote"),
        "workshop" => Some("workshop"),
        "plenary" | "podium" | "panel" => Some("plenary"),
        "ceremony" => Some("ceremony"),
        "break" | "pause" => Some("break"),
        _ => None,
    };
    let track = s("track");
    let summary = Some(s("abstract")).filter(|a| !a.is_empty());
    let body = Some(s("description")).filter(|d| !d.is_empty()).or_else(|| summary.clone()).unwrap_or_default();
    let slug = ascii_slug(&title);
    let fm = ForumFm {
        title,
        kind,
        date: date.to_string(),
        start: start.to_string(),
        end: end.to_string(),
        room: Some(room.to_string()).filter(|r| !r.is_empty()),
        speakers: people,
        topics: if track.is_empty() { Vec::new() } else { vec![track] },
        summary,
    };
    Ok((slug, fm, format!("{body}\n")))
}

/// A frab XML schedule in the shape of the JSON one (`schedule.conference.days[].rooms`).
fn from_xml(text: &str) -> Result<Value, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if !root.has_tag_name("schedule") {
        return Err("no <schedule> element: is this a frab schedule?".into());
    }
    let child_text = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or("").trim().to_string()
    };
    let mut days = Vec::new();
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        let mut rooms = serde_json::Map::new();
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            let name = room.attribute("name").unwrap_or("").to_string();
            let events: Vec<Value> = room
                .children()
                .filter(|n| n.has_tag_name("event"))
                .map(|ev| {
                    let persons: Vec<Value> = ev
                        .children()
                        .filter(|n| n.has_tag_name("persons"))
                        .flat_map(|p| p.children().filter(|n| n.has_tag_name("person")))
                        .map(|p| serde_json::json!({ "public_name": p.text().unwrap_or("").trim() }))
                        .collect();
                    let mut m = serde_json::Map::new();
                    for key in
                        ["title", "date", "start", "duration", "type", "track", "abstract", "description", "slug"]
                    {
                        m.insert(key.into(), Value::String(child_text(ev, key)));
                    }
                    m.insert("persons".into(), Value::Array(persons));
                    Value::Object(m)
                })
                .collect();
            rooms.insert(name, Value::Array(events));
        }
        days.push(serde_json::json!({ "date": day.attribute("date").unwrap_or(""), "rooms": rooms }));
    }
    Ok(serde_json::json!({ "schedule": { "conference": { "days": days } } }))
}
