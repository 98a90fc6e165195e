//! The print edition (`/papers/<slug>/print/`): the whole paper on one page. Links between
//! the paper's own pages become links within the print page, so a PDF made from it keeps
//! working cross-references and citations.

/// Rewrites `href`s that point at one of `pages` (full addresses, with the base path) to
/// anchors on the print page: `…/chapter/#x` → `#x`, `…/chapter/` → `#<page id>`.
pub fn localise_links(html: &str, pages: &[(String, String)]) -> String {
    let mut s = html.to_string();
    for (url, id) in pages {
        s = s.replace(&format!("href=\"{url}#"), "href=\"#");
        s = s.replace(&format!("href=\"{url}\""), &format!("href=\"#{id}\""));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_chapters_become_local() {
        let pages = vec![("/p/wp/a/".to_string(), "chapter-1".to_string())];
        assert_eq!(
            localise_links(
                "<a href=\"/p/wp/a/#fig:x\">F</a> <a href=\"/p/wp/a/\">A</a> <a href=\"/other/\">O</a>",
                &pages
            ),
            "<a href=\"#fig:x\">F</a> <a href=\"#chapter-1\">A</a> <a href=\"/other/\">O</a>"
        );
    }
}
