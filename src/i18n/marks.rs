//! Theme strings shown in another language than the page's: a Persian page whose theme has no
//! Persian strings says "Built with plenary." in English, and that English must be marked as
//! English (`lang="en"`, `dir="ltr"`) or a right-to-left page puts its full stop on the wrong
//! side and a screen reader speaks it with a Persian voice.
//!
//! Where a string lands is not known when it is looked up (`t()` in a template, a view's
//! label): text, an attribute, `<title>`, a script's JSON. So a fallback string is given
//! between marks ([`wrap`]: three Unicode noncharacters, which no text a reader sees holds and
//! which the escaping of templates and JSON leaves alone, around its language and direction),
//! and each page, once written by its template, has them made into markup where markup can go
//! and taken out where it cannot ([`resolve`]): in text, `<span lang dir>…</span>`; in a tag
//! (`aria-label`, `title`, `alt`, `placeholder`, …), a comment, `<title>`, `<option>`,
//! `<textarea>`, `<script>` and `<style>`, the plain string. Templates need no change.

/// Opens a marked string: its language and direction follow, then [`MID`].
pub const OPEN: char = '\u{FDD0}';
/// Ends the language and direction of a marked string; its text follows, then [`CLOSE`].
pub const MID: char = '\u{FDD1}';
/// Closes a marked string.
pub const CLOSE: char = '\u{FDD2}';

/// The longest language and direction a mark holds (`zh-Hant-TW ltr`, with room).
const HEAD_MAX: usize = 48;

/// `text` marked as written in the language `lang`, whose direction is `dir` (`ltr`, `rtl`).
pub fn wrap(lang: &str, dir: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + lang.len() + dir.len() + 10);
    out.push(OPEN);
    out.push_str(lang);
    out.push(' ');
    out.push_str(dir);
    out.push(MID);
    out.push_str(text);
    out.push(CLOSE);
    out
}

/// `text` with every mark taken out (for a value that is no page: a search entry, a file).
pub fn strip(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains([OPEN, CLOSE]) {
        return text.into();
    }
    let mut out = Vec::with_capacity(text.len());
    plain(text.as_bytes(), &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()).into()
}

/// A page as its template wrote it, each marked string made `<span lang dir>` in text and
/// plain in a tag, a comment or an element that holds text only (see the module's notes).
/// Marks may nest (a marked title inside a marked "{title}, page 2 of 3"); a span never
/// crosses a tag: one open when markup comes is closed before it and its mark's end dropped.
/// A page without marks is given back as it is.
pub fn resolve(page: Vec<u8>) -> Vec<u8> {
    let (open, mid, close) = (encoded(OPEN), encoded(MID), encoded(CLOSE));
    if memchr::memmem::find(&page, &open).is_none() && memchr::memmem::find(&page, &close).is_none() {
        return page;
    }
    let mut out = Vec::with_capacity(page.len() + 256);
    // the spans written and not yet closed; the heads of the marks opened since the last
    // text, written as spans only when text comes (no empty span)
    let (mut depth, mut pending): (usize, Vec<&[u8]>) = (0, Vec::new());
    let mut i = 0;
    while i < page.len() {
        let k = memchr::memchr2(b'<', open[0], &page[i..]).unwrap_or(page.len() - i);
        if k > 0 {
            for head in pending.drain(..) {
                let (lang, dir) = head.split_at(head.iter().position(|&b| b == b' ').unwrap_or(head.len()));
                out.extend_from_slice(b"<span lang=\"");
                out.extend_from_slice(lang);
                out.extend_from_slice(b"\" dir=\"");
                out.extend_from_slice(dir.trim_ascii());
                out.extend_from_slice(b"\">");
                depth += 1;
            }
            out.extend_from_slice(&page[i..i + k]);
            i += k;
            continue;
        }
        if page[i] == b'<' {
            pending.clear();
            out.extend(std::iter::repeat_n(b"</span>".as_slice(), depth).flatten());
            depth = 0;
            let end = markup_end(&page, i);
            plain(&page[i..end], &mut out);
            i = end;
            continue;
        }
        let c = &page[i..(i + 3).min(page.len())];
        if c == open {
            let after = skip_head(&page, i);
            if after > i + 3 {
                pending.push(&page[i + 3..after - 3]);
            }
            i = after;
        } else if c == close {
            if pending.pop().is_none() && depth > 0 {
                out.extend_from_slice(b"</span>");
                depth -= 1;
            }
            i += 3;
        } else if c == mid {
            i += 3;
        } else {
            // another character of the same lead byte (U+FB01, U+FFFD)
            out.push(page[i]);
            i += 1;
        }
    }
    out.extend(std::iter::repeat_n(b"</span>".as_slice(), depth).flatten());
    out
}

/// Where the markup starting at `page[at] == b'<'` ends: a comment at its `-->`; a tag at its
/// `>` (quoted values read as such), and past the element's content for the elements whose
/// content may hold no markup (`script`, `style` up to their end tag; `title`, `textarea`,
/// `option` up to the next `<`). A `<` that opens no tag is its own piece.
fn markup_end(page: &[u8], at: usize) -> usize {
    let rest = &page[at..];
    if rest.starts_with(b"<!--") {
        return memchr::memmem::find(&rest[4..], b"-->").map_or(page.len(), |k| at + 4 + k + 3);
    }
    if !rest.get(1).is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')) {
        return at + 1;
    }
    let mut quote = None;
    let mut j = at + 1;
    while j < page.len() {
        match (quote, page[j]) {
            (None, b'"' | b'\'') => quote = Some(page[j]),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => break,
            _ => {}
        }
        j += 1;
    }
    let tag_end = (j + 1).min(page.len());
    let name_len = rest[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    let name = rest[1..1 + name_len].to_ascii_lowercase();
    match name.as_slice() {
        b"script" | b"style" => {
            let close = [b"</".as_slice(), &name].concat();
            find_ascii_ci(&page[tag_end..], &close).map_or(page.len(), |k| tag_end + k)
        }
        b"title" | b"textarea" | b"option" => {
            memchr::memchr(b'<', &page[tag_end..]).map_or(page.len(), |k| tag_end + k)
        }
        _ => tag_end,
    }
}

/// The first place `needle` (ASCII) is in `hay`, in any case.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// `bytes` with every mark taken out: each head ([`OPEN`], language, direction, [`MID`]) and
/// each [`CLOSE`].
fn plain(bytes: &[u8], out: &mut Vec<u8>) {
    let (open, mid, close) = (encoded(OPEN), encoded(MID), encoded(CLOSE));
    let mut i = 0;
    while let Some(k) = memchr::memchr(open[0], &bytes[i..]) {
        out.extend_from_slice(&bytes[i..i + k]);
        i += k;
        let c = &bytes[i..(i + 3).min(bytes.len())];
        if c == open {
            i = skip_head(bytes, i);
        } else if c == mid || c == close {
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[i..]);
}

/// Past the head of the mark opening at `at` (past its [`OPEN`] alone when it has no [`MID`]
/// within [`HEAD_MAX`] bytes).
fn skip_head(bytes: &[u8], at: usize) -> usize {
    let head = &bytes[at + 3..(at + 3 + HEAD_MAX).min(bytes.len())];
    match memchr::memmem::find(head, &encoded(MID)) {
        Some(k) if head[..k].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b' ')) => at + 3 + k + 3,
        _ => at + 3,
    }
}

/// A mark's character as UTF-8 (three bytes, lead 0xEF).
fn encoded(c: char) -> [u8; 3] {
    let mut b = [0; 3];
    c.encode_utf8(&mut b);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(page: &str) -> String {
        String::from_utf8(resolve(page.as_bytes().to_vec())).unwrap()
    }

    /// In text a mark is a `<span lang dir>`; in a tag, a comment, `<title>`, `<option>`,
    /// `<textarea>`, `<script>` and `<style>` the string is left plain.
    #[test]
    fn marks_are_markup_in_text_and_plain_elsewhere() {
        let m = wrap("en", "ltr", "Built with plenary.");
        let page = format!(
            "<title>{m} · x</title><nav aria-label=\"{m}\" title='{m}'><p>{m}</p><!-- {m} -->\
             <select><option>{m}<option value=\"a\">{m}</select><textarea>{m}</textarea>\
             <script type=\"application/json\">{{\"a\":\"{m}</b>\"}}</script><style>a{{}}</style><p>a < b {m}</p>"
        );
        let p = "Built with plenary.";
        let span = format!("<span lang=\"en\" dir=\"ltr\">{p}</span>");
        assert_eq!(
            resolved(&page),
            format!(
                "<title>{p} · x</title><nav aria-label=\"{p}\" title='{p}'><p>{span}</p><!-- {p} -->\
                 <select><option>{p}<option value=\"a\">{p}</select><textarea>{p}</textarea>\
                 <script type=\"application/json\">{{\"a\":\"{p}</b>\"}}</script><style>a{{}}</style><p>a < b {span}</p>"
            )
        );
    }

    /// A page without marks is the same bytes; a mark cut short or around markup leaves no
    /// noncharacter behind, and other characters of the same lead byte (U+FFFD, U+FB01) stay.
    #[test]
    fn broken_marks_leave_nothing_behind() {
        let page = "<p>ﬁ � plain</p>".to_string();
        assert_eq!(resolved(&page), page);
        let cut = wrap("en", "ltr", "Built with");
        let cut = &cut[..cut.len() - 3];
        assert_eq!(resolved(&format!("<p>{cut}</p>")), "<p><span lang=\"en\" dir=\"ltr\">Built with</span></p>");
        let around = wrap("en", "ltr", "<b>x</b>");
        assert_eq!(resolved(&format!("<p>{around}</p>")), "<p><b>x</b></p>");
        let nested = wrap("en", "ltr", &format!("{}, page 2", wrap("en", "ltr", "Forums")));
        assert_eq!(
            resolved(&format!("<h1>{nested}</h1>")),
            "<h1><span lang=\"en\" dir=\"ltr\"><span lang=\"en\" dir=\"ltr\">Forums</span>, page 2</span></h1>"
        );
        let across = wrap("en", "ltr", "a<br>b");
        assert_eq!(resolved(&format!("<p>{across}</p>")), "<p><span lang=\"en\" dir=\"ltr\">a</span><br>b</p>");
        assert_eq!(strip(&format!("{} and {}", wrap("fr", "ltr", "a"), wrap("ar", "rtl", "b"))), "a and b");
    }
}
