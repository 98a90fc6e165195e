//! Forums: the sessions and tracks of the summit.

use serde::{Deserialize, Serialize};

use super::{front_matter, Common, Data, Fm};
use crate::diagnostics::Diagnostic;
use crate::types::{Date, Time};

/// What kind of session a forum file describes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionType {
    /// A forum (the default).
    #[default]
    Forum,
    /// A plenary session.
    Plenary,
    /// A keynote.
    Keynote,
    /// An opening or closing ceremony.
    Ceremony,
    /// A break (coffee, lunch).
    Break,
    /// A workshop.
    Workshop,
}

/// Whether a session takes place as the programme says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    /// It takes place (the default).
    #[default]
    Confirmed,
    /// It was called off: still listed, marked cancelled, and `STATUS:CANCELLED` in calendars
    /// (so a subscriber's calendar shows it cancelled rather than losing it).
    Cancelled,
}

/// A link to a session's slides, recording or document.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Visible text.
    pub label: String,
    /// External address.
    #[serde(default)]
    pub url: Option<String>,
    /// A file next to the forum or under `static/`.
    #[serde(default)]
    pub file: Option<String>,
}

/// A recording of the session: a video on YouTube, Vimeo, PeerTube or a video file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// The video's address.
    pub url: String,
    /// The video's title, when it differs from the session's.
    #[serde(default)]
    pub title: Option<String>,
    /// Running time as `mm:ss` or `h:mm:ss`.
    #[serde(default)]
    pub duration: Option<String>,
}

/// Whether `d` reads as a running time, `mm:ss` or `h:mm:ss`.
fn is_duration(d: &str) -> bool {
    let parts: Vec<&str> = d.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
        && parts[1..].iter().all(|p| p.len() == 2 && p < &"60")
}

front_matter!(
    /// A forum's front matter as written.
    RawForum {
        title: String,
        #[serde(default)]
        number: Option<u32>,
        #[serde(default, rename = "type")]
        kind: Option<SessionType>,
        #[serde(default)]
        status: Option<SessionStatus>,
        #[serde(default)]
        date: Option<Date>,
        #[serde(default)]
        start: Option<Time>,
        #[serde(default)]
        end: Option<Time>,
        #[serde(default)]
        room: Option<String>,
        #[serde(default)]
        moderators: Vec<String>,
        #[serde(default)]
        speakers: Vec<String>,
        #[serde(default)]
        topics: Vec<String>,
        #[serde(default)]
        summary: Option<String>,
        #[serde(default)]
        materials: Vec<Material>,
        #[serde(default)]
        recordings: Vec<Recording>,
        #[serde(default)]
        language: Option<String>,
    }
);

/// A validated forum.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Forum {
    /// Forum number in the programme.
    pub number: Option<u32>,
    /// Session type.
    #[serde(rename = "type")]
    pub kind: SessionType,
    /// Whether it takes place.
    pub status: SessionStatus,
    /// Day.
    pub date: Option<Date>,
    /// Event-local start time.
    pub start: Option<Time>,
    /// Event-local end time.
    pub end: Option<Time>,
    /// Room.
    pub room: Option<String>,
    /// Speaker slugs of the moderators.
    pub moderators: Vec<String>,
    /// Speaker slugs of the speakers.
    pub speakers: Vec<String>,
    /// Topics.
    pub topics: Vec<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Slides, recordings, documents.
    pub materials: Vec<Material>,
    /// Recordings of the session.
    pub recordings: Vec<Recording>,
    /// The language the session is held in (a code such as `en`), when the schedule says.
    pub language: Option<String>,
}

/// Why a material's `file` names no file of the site: a path on the editor's computer
/// (`C:\\Users\\…`, `file:///…`), or one that leaves the page's folder (`../`).
pub(crate) fn file_problem(file: &str) -> Option<&'static str> {
    let drive = file.as_bytes().get(1) == Some(&b':') && file.as_bytes()[0].is_ascii_alphabetic();
    if file.starts_with("file:") || file.contains('\\') || drive {
        return Some("is a path on one computer, which the site cannot link to");
    }
    if file.contains("://") && !file.starts_with("http://") && !file.starts_with("https://") {
        return Some("is no file of the site");
    }
    if file.split('/').any(|part| part == "..") {
        return Some("leaves the page's folder");
    }
    None
}

pub(crate) fn validate(mut r: RawForum, fm: &Fm, diags: &mut Vec<Diagnostic>) -> (String, Common, Data) {
    let common = r.take_common();
    fm.check_terms("topics", &r.topics, diags);
    fm.once_each("moderators", &mut r.moderators, diags);
    fm.once_each("speakers", &mut r.speakers, diags);
    if let Some(s) = r.start.filter(|s| s.minutes >= 1440) {
        diags.push(
            fm.error("start", Some(&s.to_string()), format!("`start` {s} is not a time of day"))
                .with_help("a start runs from 00:00 to 23:59; only an `end` may go past midnight (`end: \"24:30\"`)"),
        );
        r.start = None;
    }
    if let (Some(s), Some(e)) = (r.start, r.end) {
        if e == s {
            diags.push(
                fm.warning("end", Some(&e.to_string()), format!("the session ends when it starts ({s})")).with_help(
                    "check `start` and `end`; as written, the session runs all day, to the same time on the next",
                ),
            );
        } else if e < s {
            diags.push(
                fm.warning("end", Some(&e.to_string()), format!("the session ends ({e}) before it starts ({s})"))
                    .with_help("check `start` and `end`; as written, the session runs past midnight into the next day: write an end after midnight as `24:30`, `25:00` …"),
            );
        }
    }
    if (r.start.is_some() || r.end.is_some()) && r.date.is_none() {
        diags.push(fm.warning("start", None, "the session has a time but no `date`"));
    } else if let (None, Some(e), Some(_)) = (r.start, r.end, r.date) {
        // its day known, its time not: it is listed as not yet scheduled, its end unused
        diags.push(
            fm.warning("end", Some(&e.to_string()), format!("the session has an `end` ({e}) but no `start`"))
                .with_help("write its `start` too; until then it is listed as not yet scheduled and is in no calendar"),
        );
    }
    for m in &r.materials {
        if m.url.is_some() == m.file.is_some() {
            diags.push(fm.error(
                "materials",
                Some(&m.label),
                format!("material `{}` needs exactly one of `url` or `file`", m.label),
            ));
        }
        if let Some(url) = &m.url {
            fm.check_url("materials", url, &format!("material `{}`", m.label), diags);
        }
        if let Some((file, problem)) = m.file.as_ref().and_then(|f| Some((f, file_problem(f)?))) {
            diags.push(
                fm.error("materials", Some(file), format!("material `{}`: `{file}` {problem}", m.label)).with_help(
                    "copy the file beside this page (or into static/) and write its name, e.g. `file: slides.pdf`; \
                     a file elsewhere on the web is a `url`",
                ),
            );
        }
        if m.label.trim().is_empty() {
            let at = m.url.as_deref().or(m.file.as_deref());
            diags.push(
                fm.error("materials", at, "a material's `label` is empty: its link would have no text")
                    .with_help("write what it is, e.g. `label: Slides`"),
            );
        }
    }
    for r in &r.recordings {
        let what = format!("recording `{}`", r.title.as_deref().unwrap_or(&r.url));
        fm.check_url("recordings", &r.url, &what, diags);
        if let Some(problem) = crate::recordings::problem(&r.url) {
            diags.push(fm.warning("recordings", Some(&r.url), format!("{what}: {problem}")).with_help(
                "copy the address again from the video's Share button; as it is, the page shows a link, not a player",
            ));
        }
        if let Some(d) = r.duration.as_deref().filter(|d| !is_duration(d)) {
            diags.push(
                fm.error("recordings", Some(d), format!("{what}: `duration` `{d}` is not a running time"))
                    .with_help("write the running time as `mm:ss` or `h:mm:ss`, e.g. `42:05` or `1:02:30`"),
            );
        }
    }
    let forum = Forum {
        number: r.number,
        kind: r.kind.unwrap_or_default(),
        status: r.status.unwrap_or_default(),
        date: r.date,
        start: r.start,
        end: r.end,
        room: r.room,
        moderators: r.moderators,
        speakers: r.speakers,
        topics: r.topics,
        summary: r.summary,
        materials: r.materials,
        recordings: r.recordings,
        language: r.language,
    };
    (r.title, common, Data::Forum(forum))
}
