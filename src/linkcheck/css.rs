//! The addresses a stylesheet names: each `url(…)` (quoted or not) and each `@import "…"`,
//! with its byte offset, comments and the insides of other strings skipped. A theme's
//! stylesheet naming a font or picture the build does not write shows nothing where it should,
//! and nothing else would say so.

/// Each address of `css` with the byte offset where it starts, in order.
pub fn urls(css: &str) -> Vec<(usize, String)> {
    let b = css.as_bytes();
    let (mut i, n) = (0, b.len());
    let mut found = Vec::new();
    while i < n {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(n, |e| i + 2 + e + 2);
            }
            q @ (b'"' | b'\'') => {
                let (start, end) = string_at(b, i, q);
                // a string right after `@import` is an address
                if imported_at(b, i) {
                    found.push((start, css[start..end].to_string()));
                }
                i = (end + 1).min(n);
            }
            b'u' | b'U' if b[i..].len() >= 4 && b[i..i + 4].eq_ignore_ascii_case(b"url(") && !ident_before(b, i) => {
                let mut j = i + 4;
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && (b[j] == b'"' || b[j] == b'\'') {
                    let (start, end) = string_at(b, j, b[j]);
                    found.push((start, css[start..end].to_string()));
                    i = (end + 1).min(n);
                } else {
                    let end = memchr::memchr(b')', &b[j..]).map_or(n, |e| j + e);
                    found.push((j, css[j..end].trim_end().to_string()));
                    i = end;
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// The inside of the string opening at `i` with the quote `q`: (start, end), a `\`-escaped
/// quote inside it skipped.
fn string_at(b: &[u8], i: usize, q: u8) -> (usize, usize) {
    let mut j = i + 1;
    while j < b.len() && b[j] != q {
        j += if b[j] == b'\\' { 2 } else { 1 };
    }
    (i + 1, j.min(b.len()))
}

/// Whether `@import` (and white space) comes just before the string at `i`.
fn imported_at(b: &[u8], i: usize) -> bool {
    let before = b[..i].trim_ascii_end();
    before.len() >= 7 && before[before.len() - 7..].eq_ignore_ascii_case(b"@import")
}

/// Whether the character before `i` continues a name (`myurl(`, `--url(` are no `url(`).
fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-' || b[i - 1] == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_address_is_found_and_comments_and_strings_are_not() {
        let css = "@import \"base.css\";\n@import url(print.css) print;\n/* url(commented.png) */\n\
                   a { background: URL( 'a b.png' ) }\nb { content: \"url(not-a-link)\"; mask: url(\"m.svg#x\") }\n\
                   @font-face { src: url(fonts/x.woff2) format('woff2'), url(data:font/woff2;base64,AA) }\n\
                   c { --myurl(x): 1; background: image-url(y) }\n";
        let found: Vec<(usize, String)> = urls(css);
        let said: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(said, ["base.css", "print.css", "a b.png", "m.svg#x", "fonts/x.woff2", "data:font/woff2;base64,AA"]);
        // each at its place: the text there is the address
        for (at, url) in &found {
            assert!(css[*at..].starts_with(url.as_str()), "{url} at {at}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]
        /// On any text: no panic, and each address is the text at its offset, inside a `url(`
        /// or a string after `@import`, which a rule with the address alone gives back.
        #[test]
        fn any_text_gives_addresses_at_their_places(css in "(url\\(|@import|[\"'/*() ]|[a-zé高\\\\.:#]){0,40}") {
            for (at, url) in urls(&css) {
                proptest::prop_assert!(css[at..].starts_with(url.as_str()));
                if !url.contains(['"', '\'', ')', '\\', '/', '*']) && !url.is_empty() && url.trim() == url {
                    proptest::prop_assert_eq!(urls(&format!("a {{ b: url({url}) }}")), vec![(11, url.clone())]);
                }
            }
        }
    }

    #[test]
    fn an_unclosed_comment_string_or_url_ends_the_scan_without_a_panic() {
        for css in ["/* open", "a { b: \"open", "a { b: url(open", "a { b: url(\"open", "url(", "@import '"] {
            let _ = urls(css);
        }
    }
}
