//! What the output check keeps of each page until every page is written: its links as
//! numbers into one table shared by all pages ([`Strings`], then [`Table`]), its ids sorted
//! end to end in one string ([`Compact`]).

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::{scan_with, PageScan};

/// What the check keeps of one page ([`Strings::compact`]): numbers standing for its links
/// in [`Strings`], and its ids end to end in one string (ids are mostly the page's own, so
/// sharing them would gain little).
#[derive(Debug, Default)]
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

    fn parts<I: AsRef<str> + Ord, L: AsRef<str>>(&self, mut all: Vec<I>, found: &[L]) -> Compact {
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        let mut links: Vec<u32> = found.iter().map(|l| table.intern(l.as_ref())).collect();
        drop(table);
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
