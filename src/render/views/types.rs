//! The value types templates receive: site, page, cards, lists, papers. Plain data, built by
//! [`super::Views`].

use std::sync::Arc;

use serde::Serialize;

pub use crate::images::{ImageValue, ImageView};
use crate::markdown::TocEntry;

/// Site-wide values, the same on every page (`site` in templates).
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Base path, ending in `/` (prefix of internal links).
    pub base_path: String,
    /// Language code of the pages.
    pub lang: String,
    /// Its Open Graph locale (`fa_IR`, `en_US`).
    pub og_locale: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Address of the home page in this language.
    pub home: String,
    /// The site's languages (home page of each), for the language switcher's labels.
    pub languages: Vec<Alternate>,
    /// Main menu.
    pub menu: Vec<MenuItem>,
    /// The event.
    pub event: Option<EventView>,
    /// Address of the news feed, when there is news.
    pub feed_url: Option<String>,
    /// Address of the whole programme's calendar, when sessions have times.
    pub calendar_url: Option<String>,
    /// The site's icon: address and MIME type.
    pub favicon: LinkView,
    /// The site's logo for the header, when `site.yaml` names one.
    pub logo: Option<crate::images::ImageView>,
}

/// The same page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code (`hreflang`).
    pub code: String,
    /// Language name, in that language.
    pub name: String,
    /// Address with base path.
    pub url: String,
    /// Absolute address.
    pub permalink: String,
    /// Whether this is the page's own language.
    pub current: bool,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

/// One main-menu entry.
#[derive(Debug, Serialize)]
pub struct MenuItem {
    /// Visible text.
    pub title: String,
    /// Address.
    pub url: String,
    /// Section key, compared with `page.section` to mark the current entry.
    pub key: String,
    /// Language of an untranslated page's title, when not the page's.
    pub lang: Option<String>,
    /// Its direction, when not the page's.
    pub dir: Option<&'static str>,
}

/// The event, formatted.
#[derive(Debug, Serialize)]
pub struct EventView {
    /// Name.
    pub name: Option<String>,
    /// Tagline.
    pub tagline: Option<String>,
    /// "7–9 December 2023".
    pub dates: Option<String>,
    /// "Venue, City".
    pub place: Option<String>,
    /// Organisers.
    pub organisers: Vec<OrganiserView>,
    /// Whether any organiser has a logo.
    pub has_logos: bool,
}

/// An organiser of the event.
#[derive(Debug, Serialize)]
pub struct OrganiserView {
    /// Name.
    pub label: String,
    /// Home page.
    pub url: Option<String>,
    /// Logo, when `site.yaml` names one that was found.
    pub logo: Option<crate::images::ImageView>,
}

/// What the home page shows besides its lists.
#[derive(Debug, Serialize)]
pub struct HomeView {
    /// The calls to action: programme (or forums), speakers, the white paper (to comment on,
    /// while it is open for comments).
    pub actions: Vec<LinkView>,
    /// Featured speakers: those with the most sessions, then by name.
    pub speakers: Vec<Arc<Card>>,
    /// Number of forums.
    pub forum_count: usize,
    /// Number of speakers.
    pub speaker_count: usize,
}

/// A link with a label.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Visible text.
    pub label: String,
    /// Address (may be absent).
    pub url: Option<String>,
}

/// What every page says about itself (`page` in templates).
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// Title (in `<title>` and `h1`).
    pub title: String,
    /// Description for search engines.
    pub description: Option<String>,
    /// Address with base path.
    pub url: String,
    /// Absolute address.
    pub permalink: String,
    /// Section key of the menu entry this page belongs to.
    pub section: &'static str,
    /// Open Graph type (`website`, `article`, `profile`).
    pub og_type: &'static str,
    /// Absolute address of the page's image (its social card), if any.
    pub image: Option<String>,
    /// The image's size in pixels, where known.
    pub image_width: Option<u32>,
    /// Its height.
    pub image_height: Option<u32>,
    /// What the image shows, for readers who cannot see it.
    pub image_alt: Option<String>,
    /// schema.org JSON-LD, already safe for a `<script>` element.
    pub jsonld: Option<String>,
    /// The page shows highlighted code (the theme loads `highlight.css` only then).
    pub code: bool,
    /// This page in every language.
    pub alternates: Vec<Alternate>,
    /// Set when the content is shown in the default language for want of a translation.
    pub fallback: Option<Fallback>,
}

/// The note over a page shown in another language than the site's.
#[derive(Debug, Clone, Serialize)]
pub struct Fallback {
    /// "This page has not been translated into 中文 yet; it is shown in English."
    pub note: String,
    /// Language of the content shown.
    pub lang: String,
    /// Its direction.
    pub dir: &'static str,
}

/// A compact view of a document, used in lists and cross-references.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Title or name.
    pub title: String,
    /// A forum called off: "Cancelled", in the page's language.
    pub status: Option<String>,
    /// Address with base path.
    pub url: String,
    /// Summary line: a forum's summary, a speaker's role and organisation, a news summary.
    pub summary: Option<String>,
    /// Date in words, when the document has one.
    pub date: Option<String>,
    /// Date as YYYY-MM-DD, for `<time datetime>`.
    pub date_iso: Option<String>,
    /// Forums: number, type label, time and room.
    pub meta: Option<String>,
    /// Language of an untranslated document shown on another language's page.
    pub lang: Option<String>,
    /// Its direction, when not the page's: for the card's title and summary, not its layout.
    pub dir: Option<&'static str>,
    /// The page's language, for the card's dates and labels, when the card itself is in
    /// another language (the card keeps the page's direction: only its text is turned).
    pub page_lang: Option<String>,
    /// Speakers: photo or initials avatar; news: the lead image.
    pub image: Option<crate::images::ImageValue>,
    /// Forums: the first moderators' and speakers' portraits.
    pub faces: Vec<crate::images::ImageValue>,
    /// Language of the summary when a translation inherits it from its original.
    pub summary_lang: Option<String>,
    /// Its direction, when not the page's.
    pub summary_dir: Option<&'static str>,
}

/// A speaker's part in a forum, on the speaker's page.
#[derive(Debug, Serialize)]
pub struct Appearance {
    /// The forum.
    pub forum: Arc<Card>,
    /// "Moderator" or "Speaker", in the page's language.
    pub role: String,
}

/// A page of a paginated list.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// 1-based page number.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page's address.
    pub prev: Option<String>,
    /// Next page's address.
    pub next: Option<String>,
    /// The pager's words in the page's language (components see no `lang` to look them up):
    /// its label, "Page N of M" (in the language's digits), and the previous and next links.
    pub words: PagerWords,
}

/// The words of a [`Pager`].
#[derive(Debug, Serialize)]
pub struct PagerWords {
    /// Label of the navigation.
    pub label: String,
    /// "Page N of M".
    pub status: String,
    /// The link to the previous page.
    pub previous: String,
    /// The link to the next page.
    pub next: String,
}

/// A group of cards under a heading (speakers by country).
#[derive(Debug, Serialize)]
pub struct Group {
    /// Heading.
    pub label: String,
    /// Id for in-page links.
    pub id: String,
    /// Members.
    pub items: Vec<Arc<Card>>,
}

/// A paper author.
#[derive(Debug, Serialize)]
pub struct AuthorView {
    /// Name.
    pub name: String,
    /// Speaker page, for speakers.
    pub url: Option<String>,
    /// Affiliation.
    pub affiliation: Option<String>,
    /// ORCID iD.
    pub orcid: Option<String>,
    /// The iD's address, `https://orcid.org/…`, as ORCID asks it shown.
    pub orcid_url: Option<String>,
}

/// A chapter in a paper's contents.
#[derive(Debug, Serialize)]
pub struct ChapterEntry {
    /// Chapter number, 1-based.
    pub number: usize,
    /// Title.
    pub title: String,
    /// Address.
    pub url: String,
    /// Summary.
    pub summary: Option<String>,
    /// Its headings.
    pub toc: Vec<TocEntry>,
    /// Language of an untranslated chapter listed on another language's page.
    pub lang: Option<String>,
    /// Its direction, when not the page's.
    pub dir: Option<&'static str>,
}

/// A paper's metadata as shown on its pages.
#[derive(Debug, Serialize)]
pub struct PaperView {
    /// Title.
    pub title: String,
    /// Language of the title (its landing page's) when it is not the page's, and its
    /// direction when that differs: the chapters of a paper whose landing page is untranslated.
    pub title_lang: Option<String>,
    /// See `title_lang`.
    pub title_dir: Option<&'static str>,
    /// Address of the landing page.
    pub url: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// "Draft", "Draft for comments", "Final".
    pub status: Option<String>,
    /// Whether the status banner is shown.
    pub is_draft: bool,
    /// Version.
    pub version: Option<String>,
    /// Date in words.
    pub date: Option<String>,
    /// End of the comment period in words.
    pub comments_until: Option<String>,
    /// Authors.
    pub authors: Vec<AuthorView>,
    /// Abstract.
    #[serde(rename = "abstract")]
    pub summary: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Licence.
    pub license: Option<String>,
    /// DOI.
    pub doi: Option<String>,
    /// Chapters.
    pub chapters: Vec<ChapterEntry>,
    /// Whether the landing page lists each chapter's first-level sections (not for a paper of
    /// more than [`super::paper::LANDING_SECTIONS_UP_TO`] chapters, whose contents would
    /// outweigh the page; each chapter page keeps its own).
    pub list_sections: bool,
    /// Whether paragraphs have "Comment" links.
    pub has_comments: bool,
    /// CSS page size of the print edition (`A4`, `letter`).
    pub page_size: &'static str,
    /// The print edition's address.
    pub print_url: String,
    /// The PDF's address, when this build made one.
    pub pdf_url: Option<String>,
    /// The `.bib` file's address.
    pub bib_url: String,
    /// The `.ris` file's address.
    pub ris_url: String,
    /// "Cite this" texts.
    pub cite: CiteView,
    /// Highwire `citation_*` tags for the landing page.
    pub meta_tags: Vec<crate::paper::meta::MetaTag>,
}

/// A paper's "cite this" texts.
#[derive(Debug, Serialize)]
pub struct CiteView {
    /// Plain text (author-date).
    pub plain: String,
    /// BibTeX.
    pub bibtex: String,
    /// RIS.
    pub ris: String,
}
