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
/// §4.3.3 has every reader read it) or without (known by its first character), or, in an XML file whose declaration names it, any
/// encoding of the WHATWG Encoding Standard by `encoding_rs`'s tables (`windows-1252`;
/// `ISO-8859-1` and `latin1`, which that standard reads as windows-1252, so 0x93 is `“`
/// and 0x80 `€`; `ISO-8859-15`, whose 0xA4 is `€`). A byte the encoding has no character
/// for is an error at its line and column (never a C1 control character in the text).
pub(super) fn decode(bytes: &[u8]) -> Result<String, (usize, usize, String)> {
    let at = |offset: usize| crate::diagnostics::line_col(&String::from_utf8_lossy(&bytes[..offset]), offset);
    if let Some((encoding, mark)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[mark..])
            .map(|text| text.into_owned())
            .ok_or_else(|| {
                (0, 0, format!("the file says it is {} by its byte-order mark, but is not", encoding.name()))
            });
    }
    // UTF-16 without a byte-order mark, known by its first character, `<` or `{` (XML 1.0
    // Appendix F; a JSON file begins with `{`): a NUL byte beside an ASCII one
    let utf16 = match bytes {
        [a, 0, ..] if a.is_ascii_punctuation() => Some(encoding_rs::UTF_16LE),
        [0, b, ..] if b.is_ascii_punctuation() => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16.filter(|_| bytes.len() % 2 == 0) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|text| text.into_owned())
            .ok_or_else(|| {
                (0, 0, format!("the file reads as {} without a byte-order mark, but is not", encoding.name()))
            });
    }
    let invalid = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(e) => e.valid_up_to(),
    };
    let (line, col) = at(invalid);
    let not_utf8 = |also: &str| (line, col, format!("the file is not UTF-8 (byte 0x{:02X}){also}", bytes[invalid]));
    let Some(label) = declared_encoding(bytes) else { return Err(not_utf8(" and declares no other encoding")) };
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
        .filter(|e| *e != encoding_rs::UTF_8 && e.is_ascii_compatible())
        .ok_or_else(|| not_utf8(&format!(", and its declared encoding, `{label}`, is none plenary reads")))?;
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| (line, col, format!("the file declares {label}, but is not in it")))?;
    // the WHATWG tables give the bytes a single-byte encoding leaves undefined (0x81 in
    // windows-1252) as C1 control characters: said, not written into a page
    if let Some((i, c)) = text.char_indices().find(|(_, c)| ('\u{80}'..='\u{9f}').contains(c)) {
        let (line, col) = crate::diagnostics::line_col(&text, i);
        return Err((
            line,
            col,
            format!("byte 0x{:02X} is no character of {}", c as u32, encoding.name().to_lowercase()),
        ));
    }
    Ok(text.into_owned())
}

/// The encoding an XML declaration at the start of `bytes` names (`<?xml version="1.0"
/// encoding="windows-1252"?>`).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let rest = decl.split_once("encoding")?.1.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_string())
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
