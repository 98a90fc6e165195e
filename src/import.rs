//! `plenary import frab FILE`: a frab schedule (JSON or XML, as exported by pretalx and frab)
//! turned into `content/forums/*.md` and `content/speakers/*.md` in plenary's schema.
//!
//! What is read is kept: title, type (through [`session_type`], an explicit table), date,
//! start and end on the site's clock ([`when`]; an end after midnight written `24:30`), room, language, track (as a topic),
//! abstract (as the summary), description (as the body), the session's URL, links,
//! attachments and recordings (as `materials`), and each person's biography (as the speaker's
//! body). People stay distinct: one person is one frab id (or, without ids, one exact name),
//! and two people whose names give the same slug get `-2`, `-3` … — never merged because
//! their names transliterate alike. No page of the site is overwritten or shadowed: a slug
//! the site knows a page by under another file (front matter, case, a lone translation:
//! [`people::taken`]) is another person's or session's, which then gets `-2`.
//!
//! plenary's own `schedule.json` comes back as it was: a session's `slug` when its page
//! address ends in it, a person's slug from their page's `url`, moderators by their
//! `role`, no body where the description is the abstract. A bad value of a session is an
//! error at its place in the file (`locate`), every one in one run, and then nothing is
//! written.
//!
//! Imported text is untrusted (anyone who submits a talk writes it), so it is made inert:
//! descriptions and biographies are rendered from Markdown to HTML and cleaned with `ammonia`'s
//! allow-list sanitiser (no script, no event handlers, no `javascript:` links), then written as
//! one raw HTML block the site's Markdown passes through unchanged. Existing files are kept
//! unless `--force`; every file is written through [`crate::scaffold::write_content`] (only
//! under `content/`, never through a symlink).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::scaffold::{ascii_slug, write_content, Written};

mod people;
mod when;
mod xml;

use people::{fold, taken, People};
use when::Clocks;
use xml::{decode, from_xml};

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written (new or, with `--force`, replaced).
    pub written: Vec<PathBuf>,
    /// Files that existed and were kept.
    pub kept: Vec<PathBuf>,
    /// Notes on what was read differently from how it was written (unknown types, untitled
    /// sessions, fields plenary has no place for), one line each.
    pub notes: Vec<String>,
    /// Sessions and people written (or kept).
    pub sessions: usize,
    /// People.
    pub people: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
struct MaterialFm {
    label: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct ForumFm {
    title: String,
    #[serde(rename = "type")]
    kind: &'static str,
    date: String,
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    moderators: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    speakers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    materials: Vec<MaterialFm>,
}

#[derive(Debug, Serialize)]
struct SpeakerFm {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    honorific: Option<String>,
}

/// frab's session types → plenary's, by lower-cased name. Anything else is a `forum`, with a
/// note in the report.
pub const TYPES: &[(&str, &str)] = &[
    ("break", "break"),
    ("ceremony", "ceremony"),
    ("closing", "ceremony"),
    ("coffee break", "break"),
    ("discussion", "forum"),
    ("forum", "forum"),
    ("hands-on", "workshop"),
    ("keynote", "keynote"),
    ("lecture", "forum"),
    ("lightning talk", "forum"),
    ("lunch", "break"),
    ("meeting", "forum"),
    ("opening", "ceremony"),
    ("panel", "forum"),
    ("pause", "break"),
    ("plenary", "plenary"),
    ("podium", "forum"),
    ("presentation", "forum"),
    ("session", "forum"),
    ("talk", "forum"),
    ("tutorial", "workshop"),
    ("workshop", "workshop"),
];

/// plenary's session type for a frab `type` (`None` when the table does not know it).
pub fn session_type(frab: &str) -> Option<&'static str> {
    let key = frab.trim().to_lowercase();
    if key.is_empty() {
        return Some("forum");
    }
    TYPES.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Reads a frab schedule (JSON or XML) and writes content files under `root`.
pub fn frab(root: &Path, file: &Path, force: bool) -> Result<ImportReport, Vec<Diagnostic>> {
    let one = |d: Diagnostic| vec![d];
    if !root.join("site.yaml").is_file() {
        return Err(vec![Diagnostic::error(
            root.join("site.yaml"),
            0,
            0,
            "this folder is not a plenary site: it has no site.yaml",
        )
        .with_help("start a site with `plenary init` first, or pass `--root DIR` for an existing site")]);
    }
    let fail = |line: usize, col: usize, m: String| Diagnostic::error(file, line, col, m);
    let bytes =
        std::fs::read(file).map_err(|e| fail(0, 0, format!("cannot read {}: {e}", file.display()))).map_err(one)?;
    let text = decode(&bytes)
        .map_err(|(l, c, m)| {
            fail(l, c, m).with_help("export the schedule again as UTF-8, the encoding frab and pretalx write")
        })
        .map_err(one)?;
    let json: Value = if text.trim_start_matches('\u{feff}').trim_start().starts_with('<') {
        from_xml(&text).map_err(|(l, c, m)| fail(l, c, m)).map_err(one)?
    } else {
        serde_json::from_str(&text).map_err(|e| fail(e.line(), e.column(), format!("not JSON: {e}"))).map_err(one)?
    };
    let conf = json
        .pointer("/schedule/conference")
        .ok_or_else(|| {
            fail(0, 0, "no `schedule.conference`: is this a frab schedule?".into())
                .with_help("export the schedule from pretalx or frab as `schedule.json` or `schedule.xml`")
        })
        .map_err(one)?;
    let days = conf
        .get("days")
        .and_then(Value::as_array)
        .ok_or_else(|| fail(0, 0, "the conference has no `days`".into()))
        .map_err(one)?;

    let mut report = ImportReport::default();
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    let schedule_zone = conf.get("time_zone_name").and_then(Value::as_str);
    let clocks = Clocks::new(&site_yaml, schedule_zone);
    if let Some(zone) = schedule_zone.filter(|z| !z.is_empty() && clocks.schedule.is_none()) {
        report.notes.push(format!(
            "the schedule's time zone, `{zone}`, is none the time-zone database knows: times without an offset are read on the site's clock, {}",
            clocks.site.name
        ));
    }
    if clocks.convert() {
        report.notes.push(format!(
            "times are moved from the schedule's time zone, {}, to the site's, {}",
            schedule_zone.unwrap_or_default(),
            clocks.site.name
        ));
    }
    let site = SiteInfo::new(&site_yaml);
    let mut people = People::new(taken(root, "speakers", "name"));
    let site_forums = taken(root, "forums", "title");
    let mut forums: BTreeMap<String, (ForumFm, String)> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut bad_days = BTreeSet::new();
    for day in days {
        let day_date = day.get("date").and_then(Value::as_str).unwrap_or("");
        let Some(rooms) = day.get("rooms").and_then(Value::as_object) else { continue };
        for (room, events) in rooms {
            for ev in events.as_array().into_iter().flatten() {
                // each session's mistake is said, in one run; nothing is written while any is left
                let (slug, fm, body) = match forum(ev, room, day_date, &clocks, &site, &mut people, &mut report.notes) {
                    Ok(made) => made,
                    Err((named, bads)) => {
                        for bad in bads {
                            let value =
                                if bad.field == "day date" { day_date.to_string() } else { text_of(ev, bad.field) };
                            let (line, col) = locate(&text, &handle_of(ev), bad.field, &value);
                            // a day's date is one mistake however many sessions it holds
                            if bad.field == "day date" && !bad_days.insert((line, col, value)) {
                                continue;
                            }
                            errors.push(fail(line, col, format!("{named}: {}", bad.message)).with_help(format!(
                                "{}; nothing is imported until every session can be read",
                                bad.help
                            )));
                        }
                        continue;
                    }
                };
                let mut unique = slug.clone();
                let mut n = 2;
                // another imported session's, or a page of the site's under another file
                // (`slug:` in its front matter, a name in other case, a lone translation):
                // the site's own `<slug>.md` is kept unless `--force`, as always
                let elsewhere = |u: &str| {
                    site_forums.get(&fold(u)).is_some_and(|t| t.path != Path::new(&format!("content/forums/{u}.md")))
                };
                while forums.contains_key(&unique) || elsewhere(&unique) {
                    unique = format!("{slug}-{n}");
                    n += 1;
                }
                forums.insert(unique, (fm, body));
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.line, d.col));
        return Err(errors);
    }
    report.sessions = forums.len();
    report.people = people.slugs.len();
    for (slug, (fm, body)) in &forums {
        let rel = PathBuf::from(format!("content/forums/{slug}.md"));
        let text = format!("{}{body}", crate::frontmatter::to_block(fm));
        record(write_content(root, &rel, &text, force).map_err(one)?, rel, &mut report);
    }
    for (slug, person) in &people.slugs {
        let rel = PathBuf::from(format!("content/speakers/{slug}.md"));
        // the site's page of the same person, under another file, is theirs: kept
        if let Some(page) = person.existing.as_ref().filter(|p| **p != rel) {
            report.kept.push(page.clone());
            continue;
        }
        let body = inert(&person.biography);
        let text = format!(
            "{}{body}",
            crate::frontmatter::to_block(&SpeakerFm { name: person.name.clone(), honorific: person.honorific.clone() })
        );
        record(write_content(root, &rel, &text, force).map_err(one)?, rel, &mut report);
    }
    Ok(report)
}

fn record(w: Written, rel: PathBuf, report: &mut ImportReport) {
    match w {
        Written::Kept => report.kept.push(rel),
        Written::Created | Written::Replaced => report.written.push(rel),
    }
}

/// What the import reads of the site's `site.yaml`.
struct SiteInfo {
    /// `base_url`, without its last `/`.
    base_url: String,
    /// `default_language` (`en` when it names none).
    language: String,
}

impl SiteInfo {
    fn new(site_yaml: &str) -> SiteInfo {
        let v = serde_yaml::from_str::<serde_yaml::Value>(site_yaml).ok();
        let text = |k: &str| v.as_ref().and_then(|v| v.get(k)?.as_str().map(|s| s.trim().to_string()));
        SiteInfo {
            base_url: text("base_url").unwrap_or_default().trim_end_matches('/').to_string(),
            language: text("default_language").filter(|l| !l.is_empty()).unwrap_or_else(|| "en".into()),
        }
    }
}

/// The slug of an event whose page address ends in its `slug` (`…/forums/governance/`, as
/// plenary's own `schedule.json` writes it), so a round trip names the file as it was; a
/// tool's own slug (`summit24-101-opening`, beside a page `…/talk/ABC/`) is not a file name.
fn page_slug(slug: &str, url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?.trim_end_matches('/');
    let last = path.rsplit_once('/')?.1;
    (!slug.is_empty() && last == slug && ascii_slug(slug) == slug).then(|| slug.to_string())
}

/// The text that tells a session apart in its file: its GUID, else its id, else its title.
fn handle_of(ev: &Value) -> String {
    ["guid", "id", "title"].into_iter().map(|k| text_of(ev, k)).find(|x| !x.is_empty()).unwrap_or_default()
}

/// Line and column of a session's `field` holding `value` in the schedule's `text` (JSON
/// `"field": "value"` or XML `<field>value`; a day's date XML's `<day date="value">`), the one nearest the session's `handle`;
/// (0, 0) when it cannot be found (the message still names the session).
fn locate(text: &str, handle: &str, field: &str, value: &str) -> (usize, usize) {
    let day = field == "day date";
    let field = if day { "date" } else { field };
    let near = if handle.is_empty() { None } else { text.find(handle) }.unwrap_or(0);
    let holds = |after: &str| {
        let rest = after.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '"');
        rest.starts_with(value) || (value.is_empty() && rest.starts_with(['"', '<', ',', '}']))
    };
    let mut best: Option<usize> = None;
    // a day's date is an attribute in XML (`<day date="…">`), never an event's `<date>`
    let keys = match day {
        true => [format!("\"{field}\""), format!("{field}=")],
        false => [format!("\"{field}\""), format!("<{field}>")],
    };
    for key in keys {
        for (at, _) in text.match_indices(&key) {
            if holds(&text[at + key.len()..]) && best.is_none_or(|b| at.abs_diff(near) < b.abs_diff(near)) {
                best = Some(at);
            }
        }
    }
    best.map_or((0, 0), |at| crate::diagnostics::line_col(text, at))
}

/// Text of a string field of `v`, trimmed ("" when missing).
fn text_of(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// One frab event → (slug, front matter, body); its persons are added to `people`.
fn forum(
    ev: &Value,
    room: &str,
    day_date: &str,
    clocks: &Clocks,
    site: &SiteInfo,
    people: &mut People,
    notes: &mut Vec<String>,
) -> Result<(String, ForumFm, String), (String, Vec<when::Bad>)> {
    let s = |k: &str| text_of(ev, k);
    let guid = s("guid");
    let id = s("id");
    let handle = [&guid, &id].into_iter().find(|x| !x.is_empty()).cloned().unwrap_or_default();
    let mut title = s("title");
    let named = if title.is_empty() { format!("the session {handle} in room `{room}`") } else { format!("`{title}`") };
    let at = when::when(&s("date"), day_date, &s("start"), &s("duration"), clocks).map_err(|e| (named.clone(), e))?;
    if at.folded {
        notes.push(format!(
            "{named} ends in the hour the clocks go back through: written as ending {} after its start on the wall",
            s("duration")
        ));
    }
    if at.cut {
        notes.push(format!("{named} lasts {}: written as ending at 47:59", s("duration")));
    }

    let (mut moderators, mut speakers) = (Vec::new(), Vec::new());
    for p in ev.get("persons").and_then(Value::as_array).into_iter().flatten() {
        // `role: moderator` is plenary's own schedule's (frab has no moderators)
        let moderates = text_of(p, "role") == "moderator";
        match people.slug(p, notes) {
            Some(slug) if !moderators.contains(&slug) && !speakers.contains(&slug) => {
                if moderates { &mut moderators } else { &mut speakers }.push(slug)
            }
            Some(_) => {}
            None => notes.push(format!("{named}: a person with neither a name nor an id is skipped")),
        }
    }
    let frab_type = s("type");
    let kind = session_type(&frab_type).unwrap_or_else(|| {
        notes.push(format!("{named}: type `{frab_type}` is not in the import table; written as `forum`"));
        "forum"
    });
    let url = s("url");
    let slug = match page_slug(&s("slug"), &url).unwrap_or_else(|| ascii_slug(&title)) {
        s if s.is_empty() => {
            let from = ascii_slug(&handle);
            let short: String = from.chars().take(8).collect();
            format!("session-{}", if short.is_empty() { "untitled".into() } else { short })
        }
        s => s,
    };
    if title.is_empty() {
        title = format!("Session {handle}").trim().to_string();
        notes.push(format!("{named} has no title: written as `{title}` in content/forums/{slug}.md"));
    }
    let mut materials = Vec::new();
    // the session's page, unless it is this page of this site (plenary's own schedule)
    if !url.is_empty() && url.trim_end_matches('/') != format!("{}/forums/{slug}", site.base_url) {
        materials.push(MaterialFm { label: "Session page".into(), url });
    }
    for key in ["links", "attachments"] {
        for l in ev.get(key).and_then(Value::as_array).into_iter().flatten() {
            let (href, label) = match l {
                Value::String(u) => (u.trim().to_string(), String::new()),
                _ => (text_of(l, "url").to_string(), text_of(l, "title")),
            };
            if href.is_empty() {
                notes.push(format!("{named}: an entry of `{key}` without a URL is skipped"));
                continue;
            }
            let label = if label.is_empty() { href.clone() } else { label };
            materials.push(MaterialFm { label, url: href });
        }
    }
    for key in ["recording", "recording_url", "video_url", "video_download_url"] {
        let href = match ev.get(key) {
            Some(Value::String(u)) => u.trim().to_string(),
            Some(v @ Value::Object(_)) => text_of(v, "url"),
            _ => String::new(),
        };
        if !href.is_empty() && !materials.iter().any(|m| m.url == href) {
            materials.push(MaterialFm { label: "Recording".into(), url: href });
        }
    }
    let subtitle = s("subtitle");
    // a link the site would refuse (`javascript:`, a path of the schedule tool) is left out
    // here, with a note, not written for the next build to fail on
    materials.retain(|m| match crate::url_check::check(&m.url) {
        Ok(()) if !m.url.starts_with('/') && !m.url.starts_with('@') => true,
        Ok(()) => {
            notes.push(format!("{named}: the link `{}` is a path of the schedule's site: left out", m.url));
            false
        }
        Err(e) => {
            notes.push(format!("{named}: the link `{}` is left out: {}", m.label, e.message));
            false
        }
    });
    if !subtitle.is_empty() {
        notes.push(format!("{named}: the subtitle is kept as the body's first line"));
    }
    let track = s("track");
    let abstract_ = s("abstract");
    let description = s("description");
    // the site's language is every page's that names none
    let language = Some(s("language")).filter(|l| !l.is_empty() && *l != site.language);
    let mut body = String::new();
    if !subtitle.is_empty() {
        body.push_str(&format!("*{}*\n\n", subtitle.replace('*', "")));
    }
    // plenary's own schedule writes the summary as the description too: it is not a body
    if description != abstract_ {
        body.push_str(&description);
    }
    let fm = ForumFm {
        title,
        kind,
        date: at.date.to_string(),
        start: at.start.to_string(),
        end: at.end.map(|e| e.to_string()),
        room: Some(room.to_string()).filter(|r| !r.is_empty()),
        language,
        moderators,
        speakers,
        topics: if track.is_empty() { Vec::new() } else { vec![track] },
        summary: Some(inert_line(&abstract_)).filter(|a| !a.is_empty()),
        materials,
    };
    Ok((slug, fm, inert(&body)))
}

/// Untrusted Markdown or HTML (a description, a biography) as a body that renders exactly
/// as ammonia's allow-list leaves it: Markdown rendered to HTML, sanitised, and written as
/// one raw HTML block (a `<div>` with no blank line inside, so the site's Markdown parser
/// passes all of it through and finds no Markdown in it to turn into new links).
pub fn inert(untrusted: &str) -> String {
    let untrusted = untrusted.trim();
    if untrusted.is_empty() {
        return String::new();
    }
    let mut html = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(untrusted, options));
    let clean = sanitiser().clean(&html).to_string();
    // no blank line may end the HTML block: each is joined to the next with a newline entity
    let mut out = String::from("<div class=\"imported\">\n");
    for line in clean.trim().lines() {
        if line.trim().is_empty() {
            out.push_str(line);
            out.push_str("&#10;");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("</div>\n");
    out
}

/// A one-line summary as plain text: tags removed (their text kept), whitespace collapsed.
/// Templates escape it when they show it.
fn inert_line(untrusted: &str) -> String {
    let text = ammonia::Builder::empty().clean(untrusted).to_string();
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// ammonia's default allow-list (no script or style, no `on…` attributes, only `http`,
/// `https` and `mailto` URLs), links marked `rel="noopener noreferrer nofollow"`. Relative
/// URLs are dropped: in a call-for-papers tool they name that tool's pages and files, which
/// this site does not have, so they could only be dead links here.
fn sanitiser() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"));
    b.url_schemes(BTreeSet::from(["http", "https", "mailto"]).into_iter().collect());
    b.url_relative(ammonia::UrlRelative::Deny);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_html_is_inert() {
        let out = inert("Hi <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) **b**");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("<strong>b</strong>"), "{out}");
        assert!(out.starts_with("<div class=\"imported\">\n"));
    }

    #[test]
    fn relative_urls_of_the_schedule_tool_are_dropped() {
        let out = inert("<img src=\"x.png\" alt=\"a\"> [slides](/media/s.pdf) [site](https://example.org/)");
        assert!(!out.contains("x.png") && !out.contains("/media/s.pdf"), "{out}");
        assert!(out.contains("href=\"https://example.org/\""), "{out}");
    }

    #[test]
    fn the_html_block_has_no_blank_line() {
        let out = inert("```\n[x](javascript:alert(1))\n\n\n[y](javascript:alert(2))\n```\n\npara");
        assert!(!out.lines().any(|l| l.trim().is_empty()), "{out}");
        // rendered again by the site's Markdown, nothing becomes a link
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&out));
        assert!(!html.contains("href=\"javascript"), "{html}");
    }

    #[test]
    fn type_table() {
        assert_eq!(session_type("Panel"), Some("forum"));
        assert_eq!(session_type("Keynote"), Some("keynote"));
        assert_eq!(session_type(""), Some("forum"));
        assert_eq!(session_type("Hackathon"), None);
    }
}
