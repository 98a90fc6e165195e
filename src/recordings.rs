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
/// `None` when it is not a video address plenary knows how to embed.
pub fn player(url: &str) -> Option<Player> {
    let parsed = url::Url::parse(url).ok();
    let Some(u) = parsed.filter(|u| matches!(u.scheme(), "http" | "https")) else {
        // a path from the site root: only a video file can be played
        let path = url.split(['?', '#']).next().unwrap_or("");
        return (url.starts_with('/') && is_video_file(path)).then(|| Player::File(url.to_string()));
    };
    let host = u.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let segments: Vec<&str> = u.path_segments().map(|s| s.filter(|x| !x.is_empty()).collect()).unwrap_or_default();
    let id_ok = |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match host.as_str() {
        "youtube.com" | "m.youtube.com" | "youtube-nocookie.com" => {
            let id = match segments.as_slice() {
                ["watch"] => u.query_pairs().find(|(k, _)| k == "v").map(|(_, v)| v.into_owned()),
                ["embed" | "live" | "shorts", id] => Some((*id).to_string()),
                _ => None,
            }?;
            id_ok(&id).then(|| Player::Frame(format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")))
        }
        "youtu.be" => match segments.as_slice() {
            [id] if id_ok(id) => Some(Player::Frame(format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"))),
            _ => None,
        },
        "vimeo.com" | "player.vimeo.com" => {
            let id = segments.iter().rev().find(|s| s.chars().all(|c| c.is_ascii_digit()))?;
            Some(Player::Frame(format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1")))
        }
        _ => {
            // PeerTube: /w/<id>, /videos/watch/<id> or /videos/embed/<id> on any instance
            let id = match segments.as_slice() {
                ["w", id] | ["videos", "watch" | "embed", id] if id_ok(id) => Some(*id),
                _ => None,
            };
            if let Some(id) = id {
                let origin = u.origin().ascii_serialization();
                return Some(Player::Frame(format!("{origin}/videos/embed/{id}?autoplay=1")));
            }
            is_video_file(u.path()).then(|| Player::File(url.to_string()))
        }
    }
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
