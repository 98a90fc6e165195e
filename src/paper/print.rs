//! The print edition (`/papers/<slug>/print/`): the whole paper on one page. Links between
//! the paper's own pages become links within the print page, so a PDF made from it keeps
//! working cross-references and citations.

use std::collections::HashMap;

/// Rewrites `href`s that point at one of `pages` (full address with the base path → the
/// page's id on the print page) to anchors on the print page: `…/chapter/#x` → `#x`,
/// `…/chapter/` → `#<page id>`. One pass over the HTML, whatever the number of pages.
pub fn localise_links(html: &str, pages: &HashMap<String, String>) -> String {
    const HREF: &str = "href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(HREF) {
        let (before, after) = rest.split_at(i + HREF.len());
        out.push_str(before);
        let Some(end) = after.find('"') else {
            rest = after;
            break;
        };
        let target = &after[..end];
        let (url, anchor) = match target.find('#') {
            Some(h) => (&target[..h], Some(&target[h..])),
            None => (target, None),
        };
        match (pages.get(url), anchor) {
            (Some(_), Some(anchor)) => out.push_str(anchor),
            (Some(id), None) => {
                out.push('#');
                out.push_str(id);
            }
            (None, _) => out.push_str(target),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_chapters_become_local() {
        let pages = HashMap::from([("/p/wp/a/".to_string(), "chapter-1".to_string())]);
        assert_eq!(
            localise_links(
                "<a href=\"/p/wp/a/#fig:x\">F</a> <a href=\"/p/wp/a/\">A</a> <a href=\"/other/\">O</a> \
                 <a href=\"/p/wp/a/b/#y\">B</a> <a href=\"/p/wp/a/",
                &pages
            ),
            "<a href=\"#fig:x\">F</a> <a href=\"#chapter-1\">A</a> <a href=\"/other/\">O</a> \
             <a href=\"/p/wp/a/b/#y\">B</a> <a href=\"/p/wp/a/"
        );
    }
}
