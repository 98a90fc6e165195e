//! The links a citation gets to the reference list, and those a citation or cross-reference
//! gives up inside a link's text (a link in a link is no HTML).

use super::{cite, escape};

/// A citation as links to the reference list (`refs_href`): one work's citation is one link;
/// a citation of several works links each work's own text to its own entry
/// (`(<a>UNESCO, 2021</a>; <a>OECD, 2019</a>)`), so none is reached only through another.
pub(super) fn cite_links(citation: &cite::Citation, refs_href: &str) -> String {
    let href = |key: &str| format!("{}#ref-{}", escape(refs_href), escape(key));
    let mut keys = citation.keys();
    match (keys.next(), keys.next()) {
        (None, _) => String::new(),
        (Some(key), None) => {
            format!("<a class=\"cite\" href=\"{}\" dir=\"auto\">{}</a>", href(key), citation.html())
        }
        (Some(_), Some(_)) => {
            let inner: String = citation
                .0
                .iter()
                .map(|(key, html)| match key {
                    Some(key) => format!("<a href=\"{}\">{html}</a>", href(key)),
                    None => html.clone(),
                })
                .collect();
            format!("<span class=\"cite\" dir=\"auto\">{inner}</span>")
        }
    }
}

/// A citation's or cross-reference's HTML (written by [`cite_links`] or `PageExt::xref`) with its links
/// made spans: each `<a …>` a `<span` keeping its class, each `</a>` a `</span>`.
pub(super) fn without_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a ") {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let class = rest[at..tag_end].split(" class=\"").nth(1).and_then(|c| c.split('"').next());
        match class {
            Some(c) => out.push_str(&format!("<span class=\"{c}\">")),
            None => out.push_str("<span>"),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out.replace("</a>", "</span>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_spans_that_keep_their_class() {
        let html =
            "<span class=\"cite\" dir=\"auto\">(<a href=\"#ref-a\">A, 2021</a>; <a href=\"#ref-b\">2022</a>)</span>";
        assert_eq!(
            without_links(html),
            "<span class=\"cite\" dir=\"auto\">(<span>A, 2021</span>; <span>2022</span>)</span>"
        );
        assert_eq!(
            without_links("<a class=\"xref\" href=\"/p/#fig-1\">Figure 1.1</a>"),
            "<span class=\"xref\">Figure 1.1</span>"
        );
        assert_eq!(without_links("no links"), "no links");
    }
}
