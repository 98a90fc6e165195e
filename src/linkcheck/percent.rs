//! Addresses and the paths they name: a path written as an address (`%XX` for what no URL
//! path may hold), and an address read back (`%E9%AB%98` → `高`). The link check reads links
//! with one; rendering writes the files front matter names with the other.

use std::borrow::Cow;

/// A file's path as an address: each character no URL path may hold as it is (a space,
/// `"`, `<`, `>`, `\\`, `^`, `` ` ``, `{`, `|`, `}`, a control) or that would end the path or
/// begin an escape (`#`, `?`, `%`, `[`, `]`) written as `%XX`; letters of any script kept as
/// they are. [`percent_decode`] gives the path back. Borrows `path` when nothing needs it.
pub fn path_encode(path: &str) -> Cow<'_, str> {
    let needs = |c: char| c.is_control() || " \"#%<>?[\\]^`{|}".contains(c);
    if !path.contains(needs) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        if needs(c) {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `%E9%AB%98` → `高`; invalid escapes are kept as written. Borrows `s` when it has no
/// escape (most links and ids).
pub fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| s.to_string()))
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// A path written as an address decodes to itself, and holds nothing an address
        /// may not (nor a `#` or `?` that would end it).
        #[test]
        fn encoded_paths_decode_to_themselves(path in "[ -~é高\\t]{0,24}") {
            let encoded = super::path_encode(&path);
            proptest::prop_assert_eq!(super::percent_decode(&encoded), path.as_str());
            proptest::prop_assert!(!encoded.contains(|c: char| " \"#<>?\\^`{|}\t".contains(c)), "{}", encoded);
        }
    }
}
