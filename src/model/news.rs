//! News items.

use serde::Serialize;

use super::{front_matter, Common, Data, Fm};
use crate::diagnostics::Diagnostic;
use crate::types::Date;

front_matter!(
    /// A news item's front matter as written.
    RawNews {
        title: String,
        date: Date,
        #[serde(default)]
        summary: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        speakers: Vec<String>,
        #[serde(default)]
        forums: Vec<String>,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        image_alt: Option<String>,
        #[serde(default)]
        author: Option<String>,
    }
);

/// A validated news item.
#[derive(Debug, Clone, Serialize)]
pub struct News {
    /// Publication date.
    pub date: Date,
    /// One-line summary.
    pub summary: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Speaker slugs the item mentions.
    pub speakers: Vec<String>,
    /// Forum slugs the item mentions.
    pub forums: Vec<String>,
    /// Lead image.
    pub image: Option<String>,
    /// Its alternative text.
    pub image_alt: Option<String>,
    /// Author.
    pub author: Option<String>,
}

pub(crate) fn validate(mut r: RawNews, fm: &Fm, diags: &mut Vec<Diagnostic>) -> (String, Common, Data) {
    let common = r.take_common();
    fm.check_terms("tags", &r.tags, diags);
    fm.once_each("speakers", &mut r.speakers, diags);
    fm.once_each("forums", &mut r.forums, diags);
    if r.image.is_some() && r.image_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        diags.push(
            fm.warning("image", None, "the image has no `image_alt` text")
                .with_help("describe the image for readers who cannot see it"),
        );
    }
    let news = News {
        date: r.date,
        summary: r.summary,
        tags: r.tags,
        speakers: r.speakers,
        forums: r.forums,
        image: r.image,
        image_alt: r.image_alt,
        author: r.author,
    };
    (r.title, common, Data::News(news))
}

impl News {
    /// The fields of a news item whose front matter failed: all empty (dated 0000-01-01).
    pub(crate) fn stand_in() -> News {
        News {
            date: crate::types::Date { year: 0, month: 1, day: 1 },
            summary: None,
            tags: Vec::new(),
            speakers: Vec::new(),
            forums: Vec::new(),
            image: None,
            image_alt: None,
            author: None,
        }
    }
}
