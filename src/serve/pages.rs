//! The served pages as a shared base and the pages changed since: serve publishes a new set of
//! pages after every edit while the HTTP threads still read the previous one, and copying
//! the whole map (tens of thousands of paths) for each edit was a quarter of a rebuild's CPU.
//! Now a rebuild copies only the changed pages; they are folded into a new base once they are
//! many.

use std::collections::HashMap;
use std::sync::Arc;

/// A rendered file's bytes, shared: made from the rendered text without copying it (a
/// catching up's pages at 10,000 pages, 160 MB, copied into fresh memory made most of the
/// 46-88 ms its merge took, which an edit that came then waited for).
pub type Bytes = Arc<Vec<u8>>;

/// Output path (`forums/x/index.html`, `/`-separated) → rendered bytes.
#[derive(Clone, Default)]
pub struct Pages {
    /// Shared with the sets published before.
    base: Arc<HashMap<String, Bytes>>,
    /// Changed or added since `base` (a rebuild never removes a page: one that renders
    /// everything makes a new set).
    recent: HashMap<String, Bytes>,
}

/// Changed pages kept beside the base before they are folded into a new one: a fold copies
/// the base, so it is done once per this many changes (and when they are an eighth of it).
const FOLD_AT: usize = 2048;

impl Pages {
    /// The bytes at this path.
    pub fn get(&self, rel: &str) -> Option<&Bytes> {
        self.recent.get(rel).or_else(|| self.base.get(rel))
    }

    /// Whether there is a page at this path.
    pub fn contains_key(&self, rel: &str) -> bool {
        self.get(rel).is_some()
    }

    /// Puts a page at a path.
    pub fn insert(&mut self, rel: String, bytes: Bytes) {
        self.recent.insert(rel, bytes);
        self.fold_if_many();
    }

    /// Puts many pages at once: into the changed pages, or, when they would be folded anyway,
    /// straight into one new base (a page at a time, a catching up of 12,000 pages folded,
    /// and so copied the base, six times).
    pub fn extend(&mut self, pages: Vec<(String, Bytes)>) {
        if self.recent.len() + pages.len() < FOLD_AT.max(self.base.len() / 8) {
            self.recent.extend(pages);
            return;
        }
        let base = Arc::make_mut(&mut self.base);
        base.reserve(pages.len());
        base.extend(self.recent.drain());
        base.extend(pages);
    }

    /// Every page, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Bytes)> {
        self.base.iter().filter(|(k, _)| !self.recent.contains_key(*k)).chain(&self.recent)
    }

    /// Every page's path, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(k, _)| k)
    }

    /// The number of pages.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are no pages.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    fn fold_if_many(&mut self) {
        if self.recent.len() >= FOLD_AT.max(self.base.len() / 8) {
            Arc::make_mut(&mut self.base).extend(self.recent.drain());
        }
    }
}

impl From<HashMap<String, Bytes>> for Pages {
    fn from(pages: HashMap<String, Bytes>) -> Pages {
        Pages { base: Arc::new(pages), recent: HashMap::new() }
    }
}

impl<'a> IntoIterator for &'a Pages {
    type Item = (&'a String, &'a Bytes);
    type IntoIter = Box<dyn Iterator<Item = Self::Item> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl std::ops::Index<&str> for Pages {
    type Output = Bytes;

    fn index(&self, rel: &str) -> &Bytes {
        self.get(rel).unwrap_or_else(|| panic!("no page at {rel}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(s: &str) -> Bytes {
        Arc::new(s.as_bytes().to_vec())
    }

    #[test]
    fn a_copy_keeps_its_pages_when_the_original_changes_and_folds_leave_the_same_pages() {
        let mut pages = Pages::from(HashMap::from([("a".to_string(), bytes("1")), ("b".to_string(), bytes("2"))]));
        let before = pages.clone();
        pages.insert("a".into(), bytes("3"));
        pages.insert("c".into(), bytes("4"));
        assert_eq!(&*before["a"], b"1");
        assert!(!before.contains_key("c"));
        assert_eq!(&*pages["a"], b"3");
        assert_eq!(pages.len(), 3);
        let mut keys: Vec<_> = pages.keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["a", "b", "c"]);
        // many changes fold into a new base; the copy taken before still sees its own
        for i in 0..FOLD_AT + 1 {
            pages.insert(format!("p{i}"), bytes("x"));
        }
        assert!(pages.recent.len() < FOLD_AT, "folded");
        assert_eq!(pages.len(), 3 + FOLD_AT + 1);
        assert_eq!(&*pages["a"], b"3");
        assert_eq!(before.len(), 2);
        assert_eq!(&*before["a"], b"1");
    }

    #[test]
    fn many_pages_at_once_go_into_a_new_base_and_a_copy_keeps_its_own() {
        let mut pages = Pages::from(HashMap::from([("a".to_string(), bytes("1"))]));
        pages.extend(vec![("b".into(), bytes("2"))]);
        assert_eq!((pages.base.len(), pages.recent.len()), (1, 1), "a few stay beside the base");
        let before = pages.clone();
        let many: Vec<(String, Bytes)> = (0..FOLD_AT).map(|i| (format!("p{i}"), bytes("x"))).collect();
        pages.extend([vec![("a".to_string(), bytes("3"))], many].concat());
        assert!(pages.recent.is_empty(), "folded at once");
        assert_eq!(pages.len(), 2 + FOLD_AT);
        assert_eq!((pages["a"].as_slice(), pages["b"].as_slice()), (&b"3"[..], &b"2"[..]));
        assert_eq!((before.len(), before["a"].as_slice()), (2, &b"1"[..]));
    }
}
