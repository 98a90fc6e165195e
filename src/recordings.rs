//! Recordings of a session: which player a recording's address gets. The forum page shows a
//! plain poster box (title, duration, play button) that links to the video; only when the
//! reader clicks does a small script swap in the player this module chooses, so no request
//! reaches a video host before the reader asks for it.
//!
//! YouTube plays from `www.youtube-nocookie.com`, Vimeo from `player.vimeo.com` with
//! `dnt=1`, PeerTube from the instance's `/videos/embed/<id>`, and a direct `.mp4`/`.webm`
//! file in a `<video>` element. Any other address stays a plain link.

/// How a recording is played after the reader clicks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Player {
    /// An `<iframe>` with this address.
    Frame(String),
    /// A `<video>` element playing this file.
    File(String),
}

/// The player for the recording at `url` (an address [`crate::url_check`] accepted), or
/// `None` when it is not a video address plenary knows how to embed. A time to start at
/// (`t=1h2m3s`, `t=42`, `start=42`, `#t=…` — a session's place in a day's stream) is kept,
/// as is a Vimeo private link's hash, without which an unlisted video does not play.
pub fn player(url: &str) -> Option<Player> {
    let parsed = url::Url::parse(url).ok();
    let Some(u) = parsed.filter(|u| matches!(u.scheme(), "http" | "https")) else {
        // a path from the site root: only a video file can be played
        let path = url.split(['?', '#']).next().unwrap_or("");
        return (url.starts_with('/') && is_video_file(path)).then(|| Player::File(url.to_string()));
    };
    let segments = segments(&u);
    let start = start_time(&u);
    match Host::of(&u) {
        Host::YouTube => {
            let at = start.map_or(String::new(), |s| format!("&start={s}"));
            if let Some(list) = youtube_playlist(&u, &segments) {
                return Some(Player::Frame(format!(
                    "https://www.youtube-nocookie.com/embed/videoseries?list={list}&autoplay=1"
                )));
            }
            let id = youtube_id(&u, &segments).filter(|id| is_youtube_id(id))?;
            Some(Player::Frame(format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1{at}")))
        }
        Host::Vimeo => {
            let digits = |s: &&str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let mut i = segments.iter().rposition(digits)?;
            // a private link's hash may be all digits too: the id is the number before it
            if i > 0 && digits(&segments[i - 1]) {
                i -= 1;
            }
            let id = segments[i];
            // a private link, `vimeo.com/<id>/<hash>`, or the player's `?h=<hash>`
            let hash = match segments.get(i + 1) {
                Some(h) if is_token(h) => Some((*h).to_string()),
                _ => u.query_pairs().find(|(k, _)| k == "h").map(|(_, v)| v.into_owned()).filter(|h| is_token(h)),
            };
            let hash = hash.map_or(String::new(), |h| format!("&h={h}"));
            let at = start.map_or(String::new(), |s| format!("#t={s}s"));
            Some(Player::Frame(format!("https://player.vimeo.com/video/{id}?dnt=1{hash}&autoplay=1{at}")))
        }
        Host::Other => {
            // PeerTube: /w/<id>, /videos/watch/<id> or /videos/embed/<id> on any instance
            let id = match segments.as_slice() {
                ["w", id] | ["videos", "watch" | "embed", id] if is_token(id) => Some(*id),
                _ => None,
            };
            if let Some(id) = id {
                let origin = u.origin().ascii_serialization();
                let at = start.map_or(String::new(), |s| format!("&start={s}"));
                return Some(Player::Frame(format!("{origin}/videos/embed/{id}?autoplay=1{at}")));
            }
            is_video_file(u.path()).then(|| Player::File(url.to_string()))
        }
    }
}

/// What is wrong with a recording's address that names a YouTube video without a video id
/// plenary can read (cut short when copied, or a page of YouTube's that is no video): the
/// page would show a link where a player was meant. `None` for every other address.
pub fn problem(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok().filter(|u| matches!(u.scheme(), "http" | "https"))?;
    if Host::of(&u) != Host::YouTube {
        return None;
    }
    let segments = segments(&u);
    if youtube_playlist(&u, &segments).is_some() {
        return None;
    }
    match youtube_id(&u, &segments) {
        Some(id) if is_youtube_id(&id) => None,
        Some(id) => Some(format!("`{id}` is no YouTube video id: an id is 11 letters, digits, `-` and `_`")),
        None => Some("this YouTube address names no video".to_string()),
    }
}

/// The parts of an address's path, empty ones left out.
fn segments(u: &url::Url) -> Vec<&str> {
    u.path_segments().map(|s| s.filter(|x| !x.is_empty()).collect()).unwrap_or_default()
}

/// The video hosts plenary embeds by name.
#[derive(Debug, PartialEq, Eq)]
enum Host {
    YouTube,
    Vimeo,
    Other,
}

impl Host {
    fn of(u: &url::Url) -> Host {
        let host = u.host_str().unwrap_or("").to_ascii_lowercase();
        match host.strip_prefix("www.").unwrap_or(&host) {
            "youtube.com" | "m.youtube.com" | "youtube-nocookie.com" | "youtu.be" => Host::YouTube,
            "vimeo.com" | "player.vimeo.com" => Host::Vimeo,
            _ => Host::Other,
        }
    }
}

/// The video id a YouTube address names, as written (checked by [`is_youtube_id`]).
fn youtube_id(u: &url::Url, segments: &[&str]) -> Option<String> {
    if u.host_str().is_some_and(|h| h.eq_ignore_ascii_case("youtu.be")) {
        return match segments {
            [id] => Some((*id).to_string()),
            _ => None,
        };
    }
    match segments {
        ["watch"] => u.query_pairs().find(|(k, _)| k == "v").map(|(_, v)| v.into_owned()),
        ["embed" | "live" | "shorts" | "v", id] if *id != "videoseries" => Some((*id).to_string()),
        _ => None,
    }
}

/// The playlist a YouTube address shows as a whole (`/playlist?list=…`, an embedded
/// `videoseries`); a video played within a list is that video.
fn youtube_playlist(u: &url::Url, segments: &[&str]) -> Option<String> {
    match segments {
        ["playlist"] | ["embed", "videoseries"] => {
            u.query_pairs().find(|(k, _)| k == "list").map(|(_, v)| v.into_owned()).filter(|l| is_token(l))
        }
        _ => None,
    }
}

/// A YouTube video id: 11 letters, digits, `-` and `_`.
fn is_youtube_id(id: &str) -> bool {
    id.len() == 11 && is_token(id)
}

/// Letters, digits, `-` and `_`: safe to write into an address as it is.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The second to start at, from `t` or `start` in the query or the fragment (`#t=1m30s`):
/// seconds (`90`, `90s`) or hours, minutes and seconds (`1h2m3s`). `None` at 0 or when
/// unreadable (the video plays from its start).
fn start_time(u: &url::Url) -> Option<u32> {
    let fragment = u.fragment().map(|f| url::form_urlencoded::parse(f.as_bytes()));
    u.query_pairs()
        .chain(fragment.into_iter().flatten())
        .find(|(k, _)| k == "t" || k == "start")
        .and_then(|(_, v)| seconds(&v))
        .filter(|&s| s > 0)
}

/// `90`, `90s`, `1m30s`, `1h2m3s` in seconds.
fn seconds(text: &str) -> Option<u32> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let mut total: u32 = 0;
    let mut number = String::new();
    let mut last_unit = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        // each unit once, hours before minutes before seconds
        let (unit, scale) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return None,
        };
        if number.is_empty() || unit <= last_unit {
            return None;
        }
        total = total.checked_add(number.parse::<u32>().ok()?.checked_mul(scale)?)?;
        number.clear();
        last_unit = unit;
    }
    number.is_empty().then_some(total)
}

fn is_video_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".mp4") || lower.ends_with(".webm")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(url: &str) -> String {
        match player(url) {
            Some(Player::Frame(f)) => f,
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn youtube_plays_from_the_nocookie_host() {
        let want = "https://www.youtube-nocookie.com/embed/XXXXXXXXXXX?autoplay=1";
        assert_eq!(frame("https://www.youtube.com/watch?v=XXXXXXXXXXX"), want);
        assert_eq!(frame("https://youtube.com/watch?feature=share&v=XXXXXXXXXXX"), want);
        assert_eq!(frame("https://youtu.be/XXXXXXXXXXX"), want);
        assert_eq!(frame("https://www.youtube.com/embed/XXXXXXXXXXX"), want);
        assert_eq!(player("https://www.youtube.com/channel/abc"), None);
        assert_eq!(player("https://www.youtube.com/watch?v=a%22b"), None);
    }

    #[test]
    fn vimeo_plays_with_do_not_track() {
        assert_eq!(frame("https://vimeo.com/123456"), "https://player.vimeo.com/video/123456?dnt=1&autoplay=1");
        assert_eq!(frame("https://player.vimeo.com/video/42"), "https://player.vimeo.com/video/42?dnt=1&autoplay=1");
        assert_eq!(player("https://vimeo.com/channels/staff"), None);
    }

    /// A session's place in a day's stream (`t=`, `start=`, `#t=`) is where its player starts.
    #[test]
    fn a_recording_starts_where_its_address_says() {
        let yt = |at: &str| format!("https://www.youtube-nocookie.com/embed/XXXXXXXXXXX?autoplay=1{at}");
        assert_eq!(frame("https://youtu.be/XXXXXXXXXXX?t=42"), yt("&start=42"));
        assert_eq!(frame("https://www.youtube.com/watch?v=XXXXXXXXXXX&list=PL1&t=1m30s"), yt("&start=90"));
        assert_eq!(frame("https://www.youtube.com/watch?v=XXXXXXXXXXX&t=2h13m5s"), yt("&start=7985"));
        assert_eq!(frame("https://www.youtube.com/watch?v=XXXXXXXXXXX#t=95s"), yt("&start=95"));
        assert_eq!(frame("https://www.youtube.com/embed/XXXXXXXXXXX?start=30"), yt("&start=30"));
        assert_eq!(frame("https://www.youtube.com/live/XXXXXXXXXXX?si=abc&t=3600"), yt("&start=3600"));
        // unreadable or zero: from the start
        for t in ["0", "abc", "1m1h", "1m2m", "m", "99999999999", "1.5"] {
            assert_eq!(frame(&format!("https://youtu.be/XXXXXXXXXXX?t={t}")), yt(""), "{t}");
        }
        assert_eq!(
            frame("https://vimeo.com/123456#t=1m30s"),
            "https://player.vimeo.com/video/123456?dnt=1&autoplay=1#t=90s"
        );
        assert_eq!(
            frame("https://videos.example.org/w/abc-123?start=1h"),
            "https://videos.example.org/videos/embed/abc-123?autoplay=1&start=3600"
        );
    }

    /// An unlisted Vimeo video plays only with its link's hash.
    #[test]
    fn a_vimeo_private_link_keeps_its_hash() {
        let want = "https://player.vimeo.com/video/123456789?dnt=1&h=abcdef1234&autoplay=1";
        assert_eq!(frame("https://vimeo.com/123456789/abcdef1234"), want);
        assert_eq!(frame("https://player.vimeo.com/video/123456789?h=abcdef1234"), want);
        assert_eq!(
            frame("https://vimeo.com/123456789/0123456789"),
            "https://player.vimeo.com/video/123456789?dnt=1&h=0123456789&autoplay=1"
        );
        assert_eq!(
            frame("https://vimeo.com/channels/staffpicks/42"),
            "https://player.vimeo.com/video/42?dnt=1&autoplay=1"
        );
        assert_eq!(frame("https://vimeo.com/42?h=a%22b"), "https://player.vimeo.com/video/42?dnt=1&autoplay=1");
    }

    /// A YouTube address cut short, or of a page that is no video, is a problem to tell;
    /// a playlist plays as one.
    #[test]
    fn youtube_addresses_without_a_video_are_told() {
        assert_eq!(problem("https://www.youtube.com/watch?v=XXXXXXXXXXX"), None);
        assert_eq!(problem("https://youtu.be/XXXXXXXXXXX?t=4"), None);
        assert!(problem("https://www.youtube.com/watch?v=XXXXXXX")
            .unwrap()
            .contains("`XXXXXXX` is no YouTube video id"));
        assert!(problem("https://youtu.be/").unwrap().contains("names no video"));
        assert!(problem("https://www.youtube.com/channel/abc").unwrap().contains("names no video"));
        assert_eq!(player("https://www.youtube.com/watch?v=XXXXXXX"), None);
        assert_eq!(problem("https://vimeo.com/channels/staff"), None);
        assert_eq!(problem("https://example.org/talk.mp4"), None);
        assert_eq!(problem("https://www.youtube.com/playlist?list=PL_a-1"), None);
        assert_eq!(
            frame("https://www.youtube.com/playlist?list=PL_a-1"),
            "https://www.youtube-nocookie.com/embed/videoseries?list=PL_a-1&autoplay=1"
        );
    }

    #[test]
    fn peertube_plays_from_its_instance() {
        let want = "https://videos.example.org/videos/embed/abc-123?autoplay=1";
        assert_eq!(frame("https://videos.example.org/w/abc-123"), want);
        assert_eq!(frame("https://videos.example.org/videos/watch/abc-123"), want);
    }

    #[test]
    fn video_files_play_in_a_video_element() {
        assert_eq!(
            player("https://media.example.org/talk.MP4"),
            Some(Player::File("https://media.example.org/talk.MP4".into()))
        );
        assert_eq!(player("/media/talk.webm"), Some(Player::File("/media/talk.webm".into())));
        assert_eq!(player("https://example.org/talk.html"), None);
        assert_eq!(player("mailto:a@example.org"), None);
    }
}
