//! The print edition (`/papers/<slug>/print/`): the whole paper on one page. Links between
//! the paper's own pages become links within the print page, so a PDF made from it keeps
//! working cross-references and citations.
//!
//! Each part's ids are prefixed with the part's own prefix (`c2-` for chapter 2, `front-`
//! for the landing page's text), since chapters reuse ids (footnotes `1`, `2`, a heading
//! `introduction`): every id of the print page is unique, and each link lands in its part.

use std::collections::{BTreeSet, HashMap};

/// One part of the print page: the prefix of its ids, and the id of the part itself.
#[derive(Debug, Clone)]
pub struct Part {
    /// Prefix of every id inside the part (`c2-`).
    pub prefix: String,
    /// The id of the part's element on the print page (`chapter-2`).
    pub id: String,
}

/// The ids the theme's templates write on the paper's pages (`main`, `contents`,
/// `cite-this` …), which editors may link to, and those the print page's template writes.
#[derive(Debug, Default)]
pub struct ThemeIds<'a> {
    /// Of the landing page and the chapters.
    pub pages: BTreeSet<&'a str>,
    /// Of the print page.
    pub print: BTreeSet<&'a str>,
}

/// The attributes that hold ids or point at them.
const ID_ATTRS: [&str; 3] = ["id", "aria-labelledby", "aria-describedby"];

/// Rewrites one part's HTML for the print page: its ids get `own.prefix`; `href`s to the
/// part itself (`#x`) or to one of `pages` (full address with the base path → its part)
/// become anchors on the print page (`…/chapter/#x` → `#c2-x`, `…/chapter/` → `#chapter-2`).
/// A link to an id the theme writes on those pages (`#cite-this`) lands on the print page's
/// own id of that name when it has one (`#contents`, `#main`), else at the part.
/// A link to another page of the site (root-relative, `/venue/`), which paper cannot
/// follow, gets its absolute address, `origin` (the base URL's scheme and host) before it,
/// in a `data-address` the print stylesheet shows after the link's text.
/// One pass over the HTML, whatever the number of pages.
pub fn localise(html: &str, own: &Part, pages: &HashMap<String, Part>, theme: &ThemeIds, origin: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    // one searcher for the whole page (`str::find("=\"")` set one up per attribute)
    let attribute = memchr::memmem::Finder::new("=\"");
    while let Some(i) = attribute.find(rest.as_bytes()) {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let name_start = before[..i].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(0, |s| s + 1);
        let name = &before[name_start..i];
        let Some(end) = after.find('"') else {
            rest = after;
            break;
        };
        let value = &after[..end];
        if ID_ATTRS.contains(&name) && !value.is_empty() && before[..name_start].ends_with(char::is_whitespace) {
            let mut first = true;
            for id in value.split(' ') {
                if !first {
                    out.push(' ');
                }
                first = false;
                out.push_str(&own.prefix);
                out.push_str(id);
            }
        } else if name == "href" && before[..name_start].ends_with(char::is_whitespace) {
            let (url, anchor) = match value.find('#') {
                Some(h) => (&value[..h], Some(&value[h + 1..])),
                None => (value, None),
            };
            let part = if url.is_empty() { Some(own) } else { pages.get(url) };
            match (part, anchor) {
                (Some(_), Some(anchor)) if theme.pages.contains(anchor) && theme.print.contains(anchor) => {
                    out.push('#');
                    out.push_str(anchor);
                }
                (Some(part), Some(anchor)) if !anchor.is_empty() && !theme.pages.contains(anchor) => {
                    out.push('#');
                    out.push_str(&part.prefix);
                    out.push_str(anchor);
                }
                (Some(part), _) => {
                    out.push('#');
                    out.push_str(&part.id);
                }
                (None, _) => {
                    out.push_str(value);
                    if value.starts_with('/') && !value.starts_with("//") {
                        out.push_str("\" data-address=\"");
                        out.push_str(origin);
                        out.push_str(value);
                    }
                }
            }
        } else {
            out.push_str(value);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The web pages' tools a sheet of paper has no use for, left out of a part's HTML for the
/// print edition: each paragraph's tools (its ¶ link and its "Comment" link, `anchors`),
/// whose names are the same for every paragraph, and each footnote's links back to the text
/// (`markdown::notes`). The paragraphs keep their ids, so links to them still land.
pub fn without_web_tools(html: &str) -> String {
    /// Each tool's start and the text that ends it (neither holds its end before that).
    const TOOLS: [(&str, &str); 2] =
        [(" <span class=\"para-tools\">", "</span>"), ("<a class=\"footnote-back\" ", "</a>")];
    let finders = TOOLS.map(|(start, _)| memchr::memmem::Finder::new(start));
    // where each tool is next found from `from` (a search of the whole rest for each tool
    // after each paragraph would read a long print edition once per paragraph)
    let next = |t: usize, from: usize| finders[t].find(&html.as_bytes()[from..]).map(|i| from + i);
    let mut at = [next(0, 0), next(1, 0)];
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    while let Some((t, i)) = (0..TOOLS.len()).filter_map(|t| at[t].map(|i| (t, i))).min_by_key(|&(_, i)| i) {
        let (start, end) = TOOLS[t];
        let Some(len) = html[i + start.len()..].find(end) else { break };
        out.push_str(&html[from..i]);
        from = i + start.len() + len + end.len();
        for (t, at) in at.iter_mut().enumerate() {
            if at.is_some_and(|i| i < from) {
                *at = next(t, from);
            }
        }
    }
    out.push_str(&html[from..]);
    out
}

/// A chapter's headings one level deeper (`h2` → `h3` …, `h6` stays), for the print page,
/// where the chapter's title is the `h2` its sections sit under (so the outline, and a PDF's
/// bookmarks, nest as the paper does). The reference list (`REFERENCES_ID`), the paper's own
/// and not its last chapter's, keeps its level.
pub fn deepen_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    let mut keep_next_close = false;
    while let Some(i) = rest.find("<h").into_iter().chain(rest.find("</h")).min() {
        let closing = rest[i..].starts_with("</h");
        let at = i + if closing { 3 } else { 2 };
        let level = rest.as_bytes().get(at).copied().filter(|b| (b'1'..=b'5').contains(b));
        let boundary = rest.as_bytes().get(at + 1).is_some_and(|b| matches!(b, b'>' | b' '));
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(level) = level.filter(|_| boundary) else { continue };
        let keep = if closing {
            std::mem::take(&mut keep_next_close)
        } else {
            let tag_end = rest.find('>').unwrap_or(rest.len());
            let own = rest[..tag_end].contains(&format!("id=\"{}\"", super::REFERENCES_ID));
            keep_next_close = own;
            own
        };
        out.push(char::from(if keep { level } else { level + 1 }));
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(prefix: &str, id: &str) -> Part {
        Part { prefix: prefix.into(), id: id.into() }
    }

    #[test]
    fn links_between_chapters_become_local_and_land_in_their_chapter() {
        let pages = HashMap::from([("/p/wp/a/".to_string(), part("c1-", "chapter-1"))]);
        assert_eq!(
            localise(
                "<a href=\"/p/wp/a/#fig:x\">F</a> <a href=\"/p/wp/a/\">A</a> <a href=\"/other/\">O</a> \
                 <a href=\"/p/wp/a/b/#y\">B</a> <a href=\"#1\">1</a> <div id=\"1\" class=\"n\"> \
                 <a href=\"https://x.org/\">X</a> <a href=\"//x.org/\">Y</a> <a href=\"mailto:a@x.org\">Z</a>",
                &part("c2-", "chapter-2"),
                &pages,
                &ThemeIds::default(),
                "https://example.org"
            ),
            "<a href=\"#c1-fig:x\">F</a> <a href=\"#chapter-1\">A</a> \
             <a href=\"/other/\" data-address=\"https://example.org/other/\">O</a> \
             <a href=\"/p/wp/a/b/#y\" data-address=\"https://example.org/p/wp/a/b/#y\">B</a> \
             <a href=\"#c2-1\">1</a> <div id=\"c2-1\" class=\"n\"> \
             <a href=\"https://x.org/\">X</a> <a href=\"//x.org/\">Y</a> <a href=\"mailto:a@x.org\">Z</a>"
        );
    }

    /// Headings go one level down, the reference list's aside; nothing else that begins like
    /// a heading's tag changes.
    #[test]
    fn a_chapters_headings_go_one_level_down_but_the_references() {
        let html = "<h2 id=\"a\">A</h2><p>x<hr/><header>h</header></p><h3>B</h3><h6>C</h6>\
                    <section class=\"references\"><h2 id=\"references\">R</h2></section><h5>D</h5>";
        assert_eq!(
            deepen_headings(html),
            "<h3 id=\"a\">A</h3><p>x<hr/><header>h</header></p><h4>B</h4><h6>C</h6>\
             <section class=\"references\"><h2 id=\"references\">R</h2></section><h6>D</h6>"
        );
    }

    /// Links to the ids the theme writes on a paper's pages land on the print page's own of
    /// that name, or at the part when it has none.
    #[test]
    fn links_to_the_themes_ids_land_on_the_print_page() {
        let pages = HashMap::from([("/p/wp/".to_string(), part("front-", "cover"))]);
        let theme = ThemeIds {
            pages: BTreeSet::from(["main", "contents", "cite-this"]),
            print: BTreeSet::from(["main", "contents"]),
        };
        assert_eq!(
            localise(
                "<a href=\"/p/wp/#cite-this\">C</a> <a href=\"/p/wp/#contents\">T</a> <a href=\"#main\">M</a> \
                 <a href=\"#cite-this\">c</a> <a href=\"#scope\">S</a>",
                &part("c1-", "chapter-1"),
                &pages,
                &theme,
                ""
            ),
            "<a href=\"#cover\">C</a> <a href=\"#contents\">T</a> <a href=\"#main\">M</a> \
             <a href=\"#chapter-1\">c</a> <a href=\"#c1-scope\">S</a>"
        );
    }

    /// The paragraph tools and the footnotes' back-links go; the text, the ids and the
    /// footnote references stay.
    #[test]
    fn the_web_pages_tools_are_left_out() {
        let html = "<p id=\"p-1\">A<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#1\">1</a></sup> \
                    <span class=\"para-tools\"><a class=\"pilcrow\" href=\"#p-1\" aria-label=\"L\">¶</a> \
                    <a class=\"comment-link\" href=\"mailto:x\" aria-label=\"C\">Comment</a></span></p>\n\
                    <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\
                    <p>N</p>\n<a class=\"footnote-back\" href=\"#fnref-1\" aria-label=\"B\">\u{21a9}</a>\
                    <a class=\"footnote-back\" href=\"#fnref2-1\" aria-label=\"B (2)\">\u{21a9}<sup>2</sup></a></div>\n";
        assert_eq!(
            without_web_tools(html),
            "<p id=\"p-1\">A<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#1\">1</a></sup></p>\n\
             <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\
             <p>N</p>\n</div>\n"
        );
        assert_eq!(
            without_web_tools("<p>no tools <span class=\"para-tools\">unclosed</p>"),
            "<p>no tools <span class=\"para-tools\">unclosed</p>"
        );
    }

    #[test]
    fn ids_and_references_to_them_get_the_part_prefix() {
        let html = "<section aria-labelledby=\"references\"><h2 id=\"references\">R</h2></section>\
                    <p data-id=\"x\" title=\"id=&quot;y&quot;\">id=\"z\"</p>";
        assert_eq!(
            localise(html, &part("c3-", "chapter-3"), &HashMap::new(), &ThemeIds::default(), ""),
            "<section aria-labelledby=\"c3-references\"><h2 id=\"c3-references\">R</h2></section>\
             <p data-id=\"x\" title=\"id=&quot;y&quot;\">id=\"z\"</p>"
        );
    }
}
