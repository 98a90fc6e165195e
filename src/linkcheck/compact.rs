//! What the output check keeps of each page until every page is written: its links as
//! numbers into one table shared by all pages ([`Strings`], then [`Table`]), its links to its
//! own ids (`#…`) and its ids each sorted end to end in one string ([`Compact`]).

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::scan::{scan_with, PageScan};

/// What the check keeps of one page ([`Strings::compact`]): numbers standing for its links
/// in [`Strings`]; its links to its own ids and its ids, each end to end in one string
/// (those are mostly the page's own — a chapter's links to its paragraphs, a contents list's
/// to its headings: 84,000 of the 138,000 different links of a 10,000-page build —, so
/// sharing them would gain little).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Compact {
    /// Each link once, but those to the page's own ids.
    pub(super) links: Box<[u32]>,
    /// Each link to an id of the page itself (`#…`) once, sorted.
    pub(super) fragments: Joined,
    /// Each id once, sorted.
    ids: Joined,
    /// The ids defined more than once.
    pub(super) repeated: Box<[Box<str>]>,
}

impl Compact {
    /// Whether the page has an element with this id.
    pub(super) fn has_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

/// Sorted strings, each once, end to end in one string: string `k` ends at `ends[k]`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Joined {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Joined {
    /// `sorted` (sorted, repeats next to each other) each once; calls `repeat` with each
    /// string that was there more than once, once.
    fn new<S: AsRef<str>>(sorted: &[S], mut repeat: impl FnMut(&str)) -> Joined {
        let mut text = String::with_capacity(sorted.iter().map(|s| s.as_ref().len()).sum());
        let mut ends = Vec::with_capacity(sorted.len());
        let mut last_repeat: Option<&str> = None;
        for (k, s) in sorted.iter().enumerate() {
            let s = s.as_ref();
            if k > 0 && sorted[k - 1].as_ref() == s {
                if last_repeat != Some(s) {
                    repeat(s);
                    last_repeat = Some(s);
                }
                continue;
            }
            text.push_str(s);
            ends.push(text.len() as u32);
        }
        Joined { text: text.into(), ends: ends.into() }
    }

    fn get(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.text[start..self.ends[k] as usize]
    }

    /// The strings, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|k| self.get(k))
    }

    fn contains(&self, s: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.get(mid).cmp(s) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// A link to an id of the page it is on (`#…`: kept by the page, not in the shared table).
fn own(link: &str) -> bool {
    link.starts_with('#')
}

/// Every distinct link of the pages compacted so far, each stored once: the menu, the
/// footer and the lists repeat the same links on many pages, so a page keeps only numbers
/// until the check (shared by the threads that scan).
#[derive(Default)]
pub struct Strings {
    table: Mutex<Table>,
}

/// [`Strings`] once every page is compacted: number → link and back.
#[derive(Default)]
pub struct Table {
    numbers: FxHashMap<Arc<str>, u32>,
    pub(super) names: Vec<Arc<str>>,
}

impl Table {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.numbers.get(s) {
            return n;
        }
        let n = self.names.len() as u32;
        let s: Arc<str> = s.into();
        self.numbers.insert(s.clone(), n);
        self.names.push(s);
        n
    }

    pub(super) fn name(&self, n: u32) -> &str {
        &self.names[n as usize]
    }
}

impl Strings {
    /// Scans one HTML page ([`scan`]) for what the check needs of it.
    pub fn compact(&self, html: &[u8]) -> Compact {
        let (mut all, mut found) = (Vec::new(), Vec::new());
        scan_with(html, |id| all.push(id), |link| found.push(link));
        self.parts(all, &found)
    }

    /// What the check needs of a page scanned already.
    pub fn compact_scan(&self, scan: &PageScan) -> Compact {
        let all: Vec<&str> = scan.ids.iter().map(String::as_str).collect();
        self.parts(all, &scan.links)
    }

    /// A page to be scanned piece by piece, as it is written ([`Pieces`]).
    pub fn pieces(&self) -> Pieces<'_> {
        Pieces { strings: self, ids: Vec::new(), links: Vec::new(), fragments: Vec::new(), whole: true }
    }

    /// The numbers of the links in `found` that are not to the page's own ids ([`own`]).
    fn numbers<L: AsRef<str>>(&self, found: &[L]) -> Vec<u32> {
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        found.iter().map(AsRef::as_ref).filter(|l| !own(l)).map(|l| table.intern(l)).collect()
    }

    fn parts<I: AsRef<str> + Ord, L: AsRef<str>>(&self, all: Vec<I>, found: &[L]) -> Compact {
        let fragments = found.iter().map(AsRef::as_ref).filter(|l| own(l)).collect();
        Self::numbered(all, self.numbers(found), fragments)
    }

    fn numbered<I: AsRef<str> + Ord, F: AsRef<str> + Ord>(
        mut all: Vec<I>,
        mut links: Vec<u32>,
        mut fragments: Vec<F>,
    ) -> Compact {
        links.sort_unstable();
        links.dedup();
        all.sort_unstable();
        fragments.sort_unstable();
        let mut repeated: Vec<Box<str>> = Vec::new();
        let ids = Joined::new(&all, |id| repeated.push(id.into()));
        Compact { links: links.into(), fragments: Joined::new(&fragments, |_| {}), ids, repeated: repeated.into() }
    }

    /// The strings, once every page is compacted.
    pub fn into_table(self) -> Table {
        self.table.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// One page scanned piece by piece as it is written ([`Strings::pieces`]): a page too long to
/// be whole in memory (a print edition), cut where no tag, comment or script is open.
pub struct Pieces<'s> {
    strings: &'s Strings,
    ids: Vec<Box<str>>,
    links: Vec<u32>,
    fragments: Vec<Box<str>>,
    /// No tag, comment or script ran from one piece into the next.
    whole: bool,
}

impl Pieces<'_> {
    /// Scans the next piece of the page.
    pub fn add(&mut self, piece: &[u8]) {
        let (ids, mut found) = (&mut self.ids, Vec::new());
        self.whole &= scan_with(piece, |id| ids.push(id.into()), |link| found.push(link));
        self.links.extend(self.strings.numbers(&found));
        self.fragments.extend(found.iter().filter(|l| own(l)).map(|l| Box::from(&**l)));
    }

    /// What the check needs of the page, as [`Strings::compact`] finds it in the whole page;
    /// `None` when a tag, comment or script ran from one piece into the next (the pieces then
    /// do not scan as the page does: the caller scans the page whole).
    pub fn finish(self) -> Option<Compact> {
        self.whole.then(|| Strings::numbered(self.ids, self.links, self.fragments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`Pieces`] makes of `page` cut at `cuts` (byte offsets, any order).
    fn in_pieces(strings: &Strings, page: &str, cuts: &[usize]) -> Option<Compact> {
        let mut at: Vec<usize> =
            cuts.iter().map(|c| c % (page.len() + 1)).filter(|&c| page.is_char_boundary(c)).collect();
        at.extend([0, page.len()]);
        at.sort_unstable();
        let mut pieces = strings.pieces();
        for w in at.windows(2) {
            pieces.add(&page.as_bytes()[w[0]..w[1]]);
        }
        pieces.finish()
    }

    #[test]
    fn a_page_cut_between_tags_scans_as_the_whole_and_a_cut_inside_one_is_refused() {
        let strings = Strings::default();
        let page = r#"<main id="top"><a href="/a/">a</a><!-- note --><p id="x">b <a href='/b/#x'>c</a></p><script>let s = "<a href=/no/>";</script><img srcset="/i.png 1x, /j.png 2x"></main>"#;
        let whole = strings.compact(page.as_bytes());
        assert_eq!(whole.links.len(), 4, "{whole:?}");
        // between two elements, and inside text
        let between = page.find("<!--").unwrap();
        let text = page.find("b <a").unwrap() + 1;
        assert_eq!(in_pieces(&strings, page, &[between, text]), Some(whole));
        // inside a tag, a quoted value, a comment, a script
        for inside in [r#"href="/a"#, "/a/", "note", "let s"] {
            let cut = page.find(inside).unwrap() + 2;
            assert_eq!(in_pieces(&strings, page, &[cut]), None, "cut in {inside:?}");
        }
    }

    proptest! {
        /// Pieces that every tag, comment and script ends within scan as the page they make
        /// (the print edition is written and scanned a chapter at a time).
        #[test]
        fn pieces_that_close_what_they_open_scan_as_the_whole_page(
            parts in proptest::collection::vec(prop_oneof![
                Just("<a href=\"/a/\">"), Just("<p id=\"p\">"), Just("</p>"), Just("<div id=d class=x>"),
                Just("<!-- c <a href=/c/> -->"), Just("<!doctype html>"), Just("<script>\"</a><a href=/s/>\"</script>"),
                Just("<style>p{}</style>"), Just("<img srcset=\"/i 1x, /j 2x\" src='/k'>"), Just("text < more"),
                Just("a &amp; b"), Just("<"), Just(">"), Just("\""), Just("'"), Just("é"), Just("<p id='&#x41;'>"),
            ], 0..24),
            cuts in proptest::collection::vec(0usize..4096, 0..6),
        ) {
            let page: String = parts.concat();
            let strings = Strings::default();
            let whole = strings.compact(page.as_bytes());
            if let Some(pieces) = in_pieces(&strings, &page, &cuts) {
                prop_assert_eq!(pieces, whole);
            }
        }
    }
}
