//! Reading a schedule file: its text in the encodings a schedule comes in, and frab's XML
//! in the shape of its JSON, so one reader ([`super::frab`]) takes both. No DTD with
//! declarations of its own is read (entities can expand without bound).

use serde_json::Value;

/// `text` with a DOCTYPE that has no declarations of its own (`[ … ]`) blanked, each byte
/// a space, so positions stay.
fn without_external_doctype(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(start) = text.find("<!DOCTYPE") else { return text.into() };
    let Some(len) = text[start..].find('>') else { return text.into() };
    let doctype = &text[start..start + len + 1];
    if doctype.contains('[') {
        return text.into();
    }
    format!("{}{}{}", &text[..start], " ".repeat(doctype.len()), &text[start + doctype.len()..]).into()
}

/// The first child element of `n` named `name`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

/// A schedule's text: UTF-8 (with or without a byte-order mark), UTF-16 with one (XML 1.0
/// §4.3.3 has every reader read it), or, in an XML file that declares it, ISO-8859-1 or
/// windows-1252 (both read as Latin-1 here: the characters 0x80–0x9F aside, they agree).
pub(super) fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 =
        |units: Vec<u16>| String::from_utf16(&units).map_err(|_| "the file says it is UTF-16, but is not".to_string());
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect()),
        [0xFE, 0xFF, rest @ ..] => utf16(rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect()),
        _ => match std::str::from_utf8(bytes) {
            // a byte-order mark is no part of the text (JSON readers refuse it)
            Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
            Err(e) => {
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
                let declared = head.split("encoding=").nth(1).map(|v| v.trim_start_matches(['"', '\'']));
                match declared {
                    Some(v) if ["iso-8859-1", "latin1", "latin-1", "windows-1252"].iter().any(|l| v.starts_with(l)) => {
                        Ok(bytes.iter().map(|&b| b as char).collect())
                    }
                    _ => Err(format!("the file is not UTF-8 (at byte {})", e.valid_up_to())),
                }
            }
        },
    }
}

/// A frab XML schedule in the shape of the JSON one (`schedule.conference.days[].rooms`).
/// Errors carry the line and column of the XML.
pub(super) fn from_xml(text: &str) -> Result<Value, (usize, usize, String)> {
    // a DOCTYPE naming an outside DTD (`<!DOCTYPE schedule SYSTEM "schedule.dtd">`) declares
    // nothing here and is read past; one with declarations of its own (`[ … ]`) is refused
    let text = &without_external_doctype(text);
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let p = e.pos();
        let message = match e {
            // entities declared in a DTD can expand without bound (a few lines can stand for
            // gigabytes), so the parser refuses every DTD; frab writes none
            roxmltree::Error::DtdDetected => {
                "the schedule declares entities in its DOCTYPE (`<!DOCTYPE schedule [ … ]>`), which plenary does not read: export it from frab again, or remove them".to_string()
            }
            e => format!("not XML: {e}"),
        };
        (p.row as usize, p.col as usize, message)
    })?;
    let root = doc.root_element();
    if !root.has_tag_name("schedule") {
        return Err((0, 0, "no <schedule> element: is this a frab schedule?".into()));
    }
    let child_text = |n: roxmltree::Node, name: &str| {
        child(n, name)
            .map(|c| c.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
            .unwrap_or_default()
    };
    let list = |ev: roxmltree::Node, outer: &str, inner: &str| -> Vec<Value> {
        child(ev, outer)
            .into_iter()
            .flat_map(|o| o.children().filter(|n| n.has_tag_name(inner)).collect::<Vec<_>>())
            .map(|l| {
                serde_json::json!({
                    "url": l.attribute("href").unwrap_or(""),
                    "title": l.text().unwrap_or("").trim(),
                })
            })
            .collect()
    };
    let mut days = Vec::new();
    for day in root.descendants().filter(|n| n.has_tag_name("day")) {
        let mut rooms = serde_json::Map::new();
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            let name = room.attribute("name").unwrap_or("").to_string();
            let events: Vec<Value> = room
                .children()
                .filter(|n| n.has_tag_name("event"))
                .map(|ev| {
                    let persons: Vec<Value> = child(ev, "persons")
                        .into_iter()
                        .flat_map(|p| p.children().filter(|n| n.has_tag_name("person")).collect::<Vec<_>>())
                        .map(|p| {
                            let mut person = serde_json::json!({ "public_name": p.text().unwrap_or("").trim() });
                            if let Some(id) = p.attribute("id").or_else(|| p.attribute("guid")) {
                                person["id"] = Value::String(id.to_string());
                            }
                            person
                        })
                        .collect();
                    let mut m = serde_json::Map::new();
                    for key in [
                        "title",
                        "subtitle",
                        "date",
                        "start",
                        "duration",
                        "type",
                        "track",
                        "language",
                        "abstract",
                        "description",
                        "slug",
                        "url",
                    ] {
                        m.insert(key.into(), Value::String(child_text(ev, key).trim().to_string()));
                    }
                    for attr in ["guid", "id"] {
                        m.insert(attr.into(), Value::String(ev.attribute(attr).unwrap_or("").to_string()));
                    }
                    m.insert("persons".into(), Value::Array(persons));
                    m.insert("links".into(), Value::Array(list(ev, "links", "link")));
                    m.insert("attachments".into(), Value::Array(list(ev, "attachments", "attachment")));
                    Value::Object(m)
                })
                .collect();
            rooms.insert(name, Value::Array(events));
        }
        days.push(serde_json::json!({ "date": day.attribute("date").unwrap_or(""), "rooms": rooms }));
    }
    let zone = child(root, "conference").map(|c| child_text(c, "time_zone_name")).unwrap_or_default();
    let zone = zone.trim();
    Ok(serde_json::json!({ "schedule": { "conference": { "days": days, "time_zone_name": zone } } }))
}
