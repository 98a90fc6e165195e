//! The scan of one page for the output check: a small purpose-built tokenizer (tags and their
//! attributes only; comments and the raw text of `<script>`/`<style>` skipped) that hands over
//! each id and each link, decoded.

use std::borrow::Cow;

/// What one page defines and links to.
#[derive(Debug, Default)]
pub struct PageScan {
    /// Every id (in document order, repeats included).
    pub ids: Vec<String>,
    /// Every link (`href`, `src`, `srcset` candidates, `action`, `poster`, `data`), decoded.
    pub links: Vec<String>,
}

/// What an attribute holds for the check: an id, an address, a `srcset`'s addresses, or
/// nothing it reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attr {
    Id,
    Url,
    Srcset,
    Other,
}

/// The kind of the attribute `name`, in any case, without a lower-case copy of every
/// attribute's name (one allocation per attribute of every page was ~1 % of a build); told
/// apart by the name's length first, so most attributes (`class`, `alt`, `rel`, …) are
/// compared with one name at most.
fn attr_kind(name: &[u8]) -> Attr {
    let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
    match name.len() {
        2 if is(b"id") => Attr::Id,
        3 if is(b"src") => Attr::Url,
        4 if is(b"href") || is(b"data") => Attr::Url,
        6 if is(b"action") || is(b"poster") => Attr::Url,
        6 if is(b"srcset") => Attr::Srcset,
        _ => Attr::Other,
    }
}

/// The ids and links of one HTML page.
pub fn scan(html: &[u8]) -> PageScan {
    let (mut ids, mut links) = (Vec::new(), Vec::new());
    scan_with(html, |id| ids.push(id.into_owned()), |link| links.push(link.into_owned()));
    PageScan { ids, links }
}

/// Hands each id and each link of one HTML page to `id` and `link`, borrowed from the page
/// where no character reference had to be decoded. Returns whether every tag, comment and
/// script or style element it met ended within `html`: when each piece of a page does, the
/// page scans as its pieces do one after the other ([`Pieces`]).
pub(super) fn scan_with<'h>(
    html: &'h [u8],
    mut id: impl FnMut(Cow<'h, str>),
    mut link: impl FnMut(Cow<'h, str>),
) -> bool {
    let mut i = 0;
    let n = html.len();
    // a construct ran to the end of `html` without ending
    let mut open = false;
    while let Some(off) = find_byte(b'<', &html[i..]) {
        i += off + 1;
        if i >= n {
            open = true;
            break;
        }
        match html[i] {
            b'!' => {
                let end = if html[i..].starts_with(b"!--") {
                    memchr::memmem::find(&html[i + 3..], b"-->").map(|e| i + 3 + e + 3)
                } else {
                    memchr::memchr(b'>', &html[i..]).map(|e| i + e + 1)
                };
                open |= end.is_none();
                i = end.unwrap_or(n);
                continue;
            }
            c if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        // tag name
        let start = i;
        while i < n && !matches!(html[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            i += 1;
        }
        let name = &html[start..i];
        let raw_text = name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style");
        // attributes
        loop {
            while i < n && matches!(html[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
                i += 1;
            }
            if i >= n || html[i] == b'>' {
                open |= i >= n;
                i = (i + 1).min(n);
                break;
            }
            let a = i;
            while i < n && !matches!(html[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr = &html[a..i];
            while i < n && matches!(html[i], b' ' | b'\t' | b'\n' | b'\r') {
                i += 1;
            }
            let value: Option<&[u8]> = if i < n && html[i] == b'=' {
                i += 1;
                while i < n && matches!(html[i], b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                if i < n && (html[i] == b'"' || html[i] == b'\'') {
                    let q = html[i];
                    let v = i + 1;
                    let e = find_byte(q, &html[v..]).map_or(n, |e| v + e);
                    open |= e >= n;
                    i = (e + 1).min(n);
                    Some(&html[v..e])
                } else {
                    let v = i;
                    while i < n && !matches!(html[i], b' ' | b'\t' | b'\n' | b'\r' | b'>') {
                        i += 1;
                    }
                    open |= i >= n;
                    Some(&html[v..i])
                }
            } else {
                None
            };
            let Some(value) = value else { continue };
            match attr_kind(attr) {
                Attr::Id => id(decode_entities(value)),
                kind @ (Attr::Url | Attr::Srcset) => {
                    let srcset = kind == Attr::Srcset;
                    // borrowed from the page when the value is
                    match decode_entities(value) {
                        Cow::Borrowed(v) => urls(v, srcset, |u| link(Cow::Borrowed(u))),
                        Cow::Owned(v) => urls(&v, srcset, |u| link(Cow::Owned(u.to_string()))),
                    }
                }
                Attr::Other => {}
            }
        }
        if raw_text {
            // skip to the closing tag
            let close: &[u8] = if name.eq_ignore_ascii_case(b"script") { b"</script" } else { b"</style" };
            match find_ci(&html[i.min(n)..], close) {
                Some(e) => i += e,
                None => {
                    open = true;
                    i = n;
                }
            }
        }
    }
    !open
}

/// The addresses in a URL attribute's value: each candidate's of a `srcset`, else the value.
fn urls<'v>(value: &'v str, srcset: bool, mut url: impl FnMut(&'v str)) {
    if srcset {
        for candidate in value.split(',') {
            if let Some(u) = candidate.split_ascii_whitespace().next() {
                url(u);
            }
        }
    } else {
        // ASCII white space, as browsers strip it before resolving an address
        let value = value.trim_ascii();
        if !value.is_empty() {
            url(value);
        }
    }
}

/// Position of the first `b` in `hay`: its first 32 bytes eight at a time (a tag's next `<`
/// and an attribute's closing quote are mostly a few bytes on, and `memchr`'s set-up, paid
/// at each of the half million searches of a 1,000-page build, was most of its cost), the
/// rest by `memchr`.
fn find_byte(b: u8, hay: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < 32 {
        let Some(x) = crate::swar::word(hay, i) else { break };
        let found = crate::swar::equal_to(x, b);
        if found != 0 {
            return Some(i + crate::swar::lowest(found));
        }
        i += 8;
    }
    memchr::memchr(b, &hay[i..]).map(|k| i + k)
}

/// Position of `needle` (lower-case ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(off) = memchr::memchr(b'<', &hay[from..]) {
        let at = from + off;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Attribute value → text: the character references plenary and its templates write.
fn decode_entities(v: &[u8]) -> Cow<'_, str> {
    // the page's own bytes when they are UTF-8 (they are, from a template), checked at once
    let s = std::str::from_utf8(v).map_or_else(|_| String::from_utf8_lossy(v), Cow::Borrowed);
    if !s.contains('&') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &after[..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The first `b` is found where `memchr` finds it, within the first 32 bytes and
        /// beyond, whatever bytes surround it (the byte after it, bytes one apart from it,
        /// bytes with the high bit set: the cases where a word's test flags more than one).
        #[test]
        fn a_byte_is_found_where_memchr_finds_it(
            b in prop::sample::select(vec![b'<', b'"', b'\'', b'>', 0u8, 0x80, 0xFF]),
            hay in prop::collection::vec(prop_oneof![
                Just(b'<'), Just(b'='), Just(b';'), Just(b'"'), Just(b'\''), Just(b'!'), Just(b'&'),
                Just(0u8), Just(1u8), Just(0x7F), Just(0x80), Just(0x81), Just(0xFF), Just(b'a'),
            ], 0..80),
        ) {
            prop_assert_eq!(find_byte(b, &hay), memchr::memchr(b, &hay));
        }
    }

    /// Ids and links of a page as an HTML parser (html5ever, through `scraper`) reads them:
    /// every element's `id`, its URL attributes' values (ASCII white space stripped, as
    /// browsers do before resolving them) and each
    /// `srcset` candidate's address. Sorted: the parser's tree may move elements.
    fn parsed(html: &str) -> (Vec<String>, Vec<String>) {
        let doc = scraper::Html::parse_document(html);
        let (mut ids, mut links) = (Vec::new(), Vec::new());
        for node in doc.tree.nodes() {
            let Some(el) = node.value().as_element() else { continue };
            for (name, raw) in el.attrs() {
                let value = raw.trim_matches(|c: char| c.is_ascii_whitespace());
                match name {
                    // an id is taken as written (a fragment must match it exactly)
                    "id" => ids.push(raw.to_string()),
                    "srcset" => links
                        .extend(value.split(',').filter_map(|c| c.split_ascii_whitespace().next()).map(String::from)),
                    "href" | "src" | "action" | "poster" | "data" if !value.is_empty() => links.push(value.to_string()),
                    _ => {}
                }
            }
        }
        ids.sort();
        links.sort();
        (ids, links)
    }

    /// An attribute value as a page may write it: addresses with queries, fragments, character
    /// references, spaces around, and text that looks like a tag.
    fn value() -> impl Strategy<Value = String> {
        let part = prop_oneof![
            "[a-z0-9/._-]{1,8}",
            Just("&amp;".to_string()),
            Just("&#x2F;".to_string()),
            Just("&#47;".to_string()),
            Just("&lt;b&gt;".to_string()),
            Just("?q=1&amp;r=2".to_string()),
            Just("#part".to_string()),
            Just("é€".to_string()),
        ];
        // padded with ASCII white space, which browsers strip, or with white space beyond
        // ASCII, which is part of the address
        let pad = prop::sample::select(vec!["", " ", "\t\n", "\u{A0}", "\u{2003}"]);
        (prop::collection::vec(part, 1..4), pad).prop_map(|(p, pad)| format!("{pad}{}{pad}", p.concat()))
    }

    /// One element with up to four distinct attributes, each quoted in one of the three ways
    /// (unquoted only where the value allows it), and its text and end tag unless it is void.
    /// Elements are not nested: mis-nested markup, which plenary's pages do not have, makes
    /// a parser's tree repeat elements.
    fn tag() -> impl Strategy<Value = String> {
        let names =
            prop::sample::select(vec!["a", "A", "img", "IMG", "div", "span", "link", "object", "form", "video"]);
        let attr = prop::sample::select(vec![
            "id",
            "ID",
            "href",
            "HREF",
            "src",
            "srcset",
            "action",
            "poster",
            "data",
            "class",
            "alt",
            "data-href",
            "hrefs",
        ]);
        let attrs = prop::collection::vec((attr, value(), 0..3u8), 0..4);
        (names, attrs, prop::bool::ANY).prop_map(|(name, attrs, spaced)| {
            let mut seen = std::collections::BTreeSet::new();
            let mut out = format!("<{name}");
            for (a, v, quote) in attrs {
                if !seen.insert(a.to_ascii_lowercase()) {
                    continue;
                }
                let v = if a == "srcset" { format!("{} 1x, {}-2 2x", v.trim_ascii(), v.trim_ascii()) } else { v };
                let unquotable = !v.is_empty() && !v.contains([' ', '"', '\'', '=', '<', '>', '`']);
                match quote {
                    0 => out.push_str(&format!(" {a}=\"{v}\"")),
                    1 if !v.contains('\'') => out.push_str(&format!(" {a}='{v}'")),
                    _ if unquotable => out.push_str(&format!(" {a}={v}")),
                    _ => out.push_str(&format!(" {a}=\"{v}\"")),
                }
            }
            out.push_str(if spaced { " >" } else { ">" });
            if !["img", "IMG", "link"].contains(&name) {
                out.push_str(&format!("text</{name}>"));
            }
            out
        })
    }

    /// A page of text, elements, comments, scripts and styles whose text holds tags.
    fn page() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => tag(),
            2 => "[a-zA-Z .,;]{0,12}",
            1 => Just("<!-- <a href=\"/in-a-comment/\" id=\"c\"> -->".to_string()),
            1 => Just("<script>var s = \"<a href='/in-a-script/' id='s'>\";</script>".to_string()),
            1 => Just("<style>a[id=st] { background: url(/in-a-style.png) }</style>".to_string()),
            1 => Just("a < b and c > d".to_string()),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| {
            format!("<!doctype html><html><head><title>t</title></head><body>{}</body></html>", p.concat())
        })
    }

    proptest! {
        /// The scan reads ids and links as an HTML parser does, on pages as templates and
        /// Markdown write them.
        #[test]
        fn the_scan_finds_what_an_html_parser_finds(html in page()) {
            let scanned = scan(html.as_bytes());
            let (mut ids, mut links) = (scanned.ids, scanned.links);
            ids.sort();
            links.sort();
            prop_assert_eq!((ids, links), parsed(&html), "{}", html);
        }
    }

    #[test]
    fn scans_ids_and_links_skipping_comments_scripts_and_styles() {
        let s = scan(
            b"<!doctype html><html><head><link rel=stylesheet href=\"/style.css\"><style>a[id=x]{}</style>\
              <script type=\"application/ld+json\">{\"id\":\"<a href='/no/'>\"}</script></head>\
              <body><!-- <a href=\"/gone/\"> --><h2 id='intro'>I</h2><a href=\"/a/?q=1&amp;b=2#intro\">x</a>\
              <img src=/i.png srcset=\"/i-2.png 2x, /i-3.png 3x\" alt=\"\"><p ID=\"caps\"></p></body></html>",
        );
        assert_eq!(s.ids, ["intro", "caps"]);
        assert_eq!(s.links, ["/style.css", "/a/?q=1&b=2#intro", "/i.png", "/i-2.png", "/i-3.png"]);
    }

    #[test]
    fn url_attributes_are_known_in_any_case_and_bytes_that_are_not_utf8_are_replaced() {
        let s = scan(
            b"<A HREF=\"/upper/\">a</A><img SrcSet=\"/m.png 2x\" Src=/s.png><object DATA=\"/d.svg\"></object>\
              <a hrefs=\"/not-a-url-attribute/\" data-href=\"/nor-this/\" srcsetx=\"/no/\"></a>\
              <a href=\"/caf\xe9/?a=1&amp;b\"></a>",
        );
        assert_eq!(s.links, ["/upper/", "/m.png", "/s.png", "/d.svg", "/caf\u{FFFD}/?a=1&b"]);
    }

    #[test]
    fn a_page_that_ends_inside_a_tag_is_scanned_up_to_its_end() {
        // a theme's last line cut short: the scan stops at the end instead of reading past it
        for tail in ["<a", "<a ", "<a href", "<a href=", "<a href=/x", "<a href=\"/x", "<!--", "<!x", "<script>"] {
            let page = format!("<p id=\"p\"><a href=\"/a/\">a</a></p>{tail}");
            let s = scan(page.as_bytes());
            assert_eq!(s.ids, ["p"], "{tail}");
            assert!(s.links.starts_with(&["/a/".to_string()]), "{tail}: {:?}", s.links);
        }
    }
}
