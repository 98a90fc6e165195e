//! Atom feed of news, sitemap and robots.txt.
//!
//! Dates come from the content (news dates, forum dates), never the clock, so the files are
//! byte-identical across builds.

use crate::types::Date;

/// One entry of the Atom feed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Title.
    pub title: String,
    /// Absolute address (also the entry's id).
    pub url: String,
    /// Publication date.
    pub date: Date,
    /// Summary (plain text).
    pub summary: Option<String>,
    /// Content (HTML); `None` when the feed carries summaries only.
    pub content: Option<String>,
    /// Author.
    pub author: Option<String>,
}

/// An Atom 1.0 feed. `self_url` is the feed's own absolute address, `home` the news page's.
pub fn atom(title: &str, lang: &str, self_url: &str, home: &str, fallback_author: &str, entries: &[Entry]) -> String {
    let updated = entries.iter().map(|e| e.date).max().map_or_else(|| "1970-01-01T00:00:00Z".into(), stamp);
    let mut x = String::with_capacity(4096 + entries.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", esc(lang)));
    x.push_str(&format!("  <id>{}</id>\n  <title>{}</title>\n  <updated>{updated}</updated>\n", esc(home), esc(title)));
    x.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", esc(self_url)));
    x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(home)));
    x.push_str(&format!("  <author><name>{}</name></author>\n", esc(fallback_author)));
    x.push_str(&format!("  <generator version=\"{}\">plenary</generator>\n", env!("CARGO_PKG_VERSION")));
    for e in entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n    <title>{}</title>\n", esc(&e.url), esc(&e.title)));
        x.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", esc(&e.url)));
        x.push_str(&format!("    <published>{0}</published>\n    <updated>{0}</updated>\n", stamp(e.date)));
        if let Some(a) = &e.author {
            x.push_str(&format!("    <author><name>{}</name></author>\n", esc(a)));
        }
        if let Some(s) = &e.summary {
            x.push_str(&format!("    <summary>{}</summary>\n", esc(s)));
        }
        if let Some(c) = &e.content {
            x.push_str(&format!("    <content type=\"html\">{}</content>\n", esc(c)));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// A page of the sitemap: its address, last modification date, and the same page in every
/// language as (code, absolute address); empty when the site has one language.
pub type SitemapPage = (String, Option<Date>, Vec<(String, String)>);

/// A sitemap. Pages with language versions list each version with `hreflang` alternates.
pub fn sitemap(pages: &[SitemapPage]) -> String {
    urlset(&sitemap_urls(pages))
}

/// A sitemap file of `urls` (from [`sitemap_urls`]).
pub fn urlset(urls: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for u in urls {
        x.push_str(u);
    }
    x.push_str("</urlset>\n");
    x
}

/// A sitemap index naming the sitemap `files` (absolute addresses).
pub fn sitemap_index(files: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for f in files {
        x.push_str(&format!("  <sitemap><loc>{}</loc></sitemap>\n", esc(f)));
    }
    x.push_str("</sitemapindex>\n");
    x
}

/// The `<url>` elements of a sitemap, one a line: one per page, or one per language
/// version of each page.
pub fn sitemap_urls(pages: &[SitemapPage]) -> Vec<String> {
    let mut out = Vec::with_capacity(pages.len());
    for (url, date, alternates) in pages {
        let locs: Vec<&str> = if alternates.is_empty() {
            vec![url.as_str()]
        } else {
            alternates.iter().map(|(_, u)| u.as_str()).collect()
        };
        for loc in locs {
            let mut x = String::with_capacity(128);
            x.push_str(&format!("  <url><loc>{}</loc>", esc(loc)));
            if let Some(d) = date {
                x.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            for (code, href) in alternates {
                x.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    esc(code),
                    esc(href)
                ));
            }
            x.push_str("</url>\n");
            out.push(x);
        }
    }
    out
}

/// robots.txt naming the sitemap.
pub fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}

fn stamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// Escapes text for XML content and attributes, dropping the control characters XML 1.0
/// forbids (the HTML escaper does the rest; `&#39;` is valid XML too).
pub fn esc(s: &str) -> String {
    let clean: String = s.chars().filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\r' | '\t')).collect();
    let mut out = String::with_capacity(clean.len());
    crate::highlight::escape_attr(&mut out, &clean);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_escapes_and_dates_from_content() {
        let e = Entry {
            title: "A & B".into(),
            url: "https://e.org/news/a/".into(),
            date: Date::parse("2023-12-09").unwrap(),
            summary: None,
            content: Some("<p>x</p>".into()),
            author: None,
        };
        let x = atom("T", "en", "https://e.org/news/atom.xml", "https://e.org/news/", "T", &[e]);
        assert!(x.contains("<title>A &amp; B</title>"));
        assert!(x.contains("<updated>2023-12-09T00:00:00Z</updated>"));
        assert!(x.contains("<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content>"));
    }

    #[test]
    fn sitemap_index_names_its_files() {
        let x = sitemap_index(&["https://e.org/sitemap-1.xml".into(), "https://e.org/sitemap-2.xml".into()]);
        assert!(x.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        assert!(x.contains("<sitemap><loc>https://e.org/sitemap-2.xml</loc></sitemap>"));
        let pages: Vec<SitemapPage> = vec![("https://e.org/a/".into(), None, vec![])];
        assert_eq!(sitemap(&pages), urlset(&sitemap_urls(&pages)));
        assert!(sitemap(&pages).contains("<url><loc>https://e.org/a/</loc></url>"));
    }

    #[test]
    fn robots_names_the_sitemap() {
        assert_eq!(
            robots("https://e.org/sitemap.xml"),
            "User-agent: *\nAllow: /\n\nSitemap: https://e.org/sitemap.xml\n"
        );
    }
}
