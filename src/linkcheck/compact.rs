//! What the output check keeps of each page until every page is written: its links as
//! numbers into one table shared by all pages ([`Strings`], then [`Table`]), its ids sorted
//! end to end in one string ([`Compact`]).

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::scan::{scan_with, PageScan};

/// What the check keeps of one page ([`Strings::compact`]): numbers standing for its links
/// in [`Strings`], and its ids end to end in one string (ids are mostly the page's own, so
/// sharing them would gain little).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Compact {
    /// Each link once.
    pub(super) links: Box<[u32]>,
    /// Each id once, sorted, end to end: id `k` ends at `id_ends[k]`.
    ids: Box<str>,
    id_ends: Box<[u32]>,
    /// The ids defined more than once.
    pub(super) repeated: Box<[Box<str>]>,
}

impl Compact {
    fn id(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.id_ends[k - 1] as usize };
        &self.ids[start..self.id_ends[k] as usize]
    }

    /// Whether the page has an element with this id.
    pub(super) fn has_id(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.id_ends.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.id(mid).cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
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
        Pieces { strings: self, ids: Vec::new(), links: Vec::new(), whole: true }
    }

    fn numbers<L: AsRef<str>>(&self, found: &[L]) -> Vec<u32> {
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        found.iter().map(|l| table.intern(l.as_ref())).collect()
    }

    fn parts<I: AsRef<str> + Ord, L: AsRef<str>>(&self, all: Vec<I>, found: &[L]) -> Compact {
        Self::numbered(all, self.numbers(found))
    }

    fn numbered<I: AsRef<str> + Ord>(mut all: Vec<I>, mut links: Vec<u32>) -> Compact {
        links.sort_unstable();
        links.dedup();
        all.sort_unstable();
        let mut ids = String::with_capacity(all.iter().map(|id| id.as_ref().len()).sum());
        let mut id_ends = Vec::with_capacity(all.len());
        let mut repeated: Vec<Box<str>> = Vec::new();
        for (k, id) in all.iter().enumerate() {
            let id = id.as_ref();
            if k > 0 && all[k - 1].as_ref() == id {
                if repeated.last().map(|r| &**r) != Some(id) {
                    repeated.push(id.into());
                }
                continue;
            }
            ids.push_str(id);
            id_ends.push(ids.len() as u32);
        }
        Compact { links: links.into(), ids: ids.into(), id_ends: id_ends.into(), repeated: repeated.into() }
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
    /// No tag, comment or script ran from one piece into the next.
    whole: bool,
}

impl Pieces<'_> {
    /// Scans the next piece of the page.
    pub fn add(&mut self, piece: &[u8]) {
        let (ids, mut found) = (&mut self.ids, Vec::new());
        self.whole &= scan_with(piece, |id| ids.push(id.into()), |link| found.push(link));
        self.links.extend(self.strings.numbers(&found));
    }

    /// What the check needs of the page, as [`Strings::compact`] finds it in the whole page;
    /// `None` when a tag, comment or script ran from one piece into the next (the pieces then
    /// do not scan as the page does: the caller scans the page whole).
    pub fn finish(self) -> Option<Compact> {
        self.whole.then(|| Strings::numbered(self.ids, self.links))
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
