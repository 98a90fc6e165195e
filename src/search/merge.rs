//! Merging runs that are each sorted by key: every key once, in order, with the places it
//! has in the runs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The keys of `runs` (each sorted, no key twice in a run) in order, each with its places
/// (run, index in the run), runs in the order given.
pub(super) fn by_key<'a, I: Iterator<Item = &'a str>>(runs: impl Iterator<Item = I>) -> ByKey<'a, I> {
    let mut merged = ByKey { runs: Vec::new(), at: Vec::new(), heap: BinaryHeap::new() };
    for (r, mut keys) in runs.enumerate() {
        if let Some(k) = keys.next() {
            merged.heap.push(Reverse((k, r)));
        }
        merged.runs.push(keys);
        merged.at.push(0);
    }
    merged
}

/// See [`by_key`].
pub(super) struct ByKey<'a, I> {
    runs: Vec<I>,
    /// Index of each run's next key.
    at: Vec<usize>,
    /// Each run's next key, smallest first (equal keys: the earlier run first).
    heap: BinaryHeap<Reverse<(&'a str, usize)>>,
}

impl<'a, I: Iterator<Item = &'a str>> ByKey<'a, I> {
    /// The place of run `r`'s current key; its next key goes into the heap.
    fn take(&mut self, r: usize) -> (usize, usize) {
        let place = (r, self.at[r]);
        self.at[r] += 1;
        if let Some(k) = self.runs[r].next() {
            self.heap.push(Reverse((k, r)));
        }
        place
    }
}

impl<'a, I: Iterator<Item = &'a str>> Iterator for ByKey<'a, I> {
    type Item = (&'a str, Vec<(usize, usize)>);

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((key, r)) = self.heap.pop()?;
        let mut places = vec![self.take(r)];
        while let Some(&Reverse((k, r))) = self.heap.peek() {
            if k != key {
                break;
            }
            self.heap.pop();
            places.push(self.take(r));
        }
        Some((key, places))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_come_once_in_order_with_their_places_in_run_order() {
        let runs = [vec!["a", "c", "d"], vec!["b", "c"], vec![], vec!["a", "e"]];
        let merged: Vec<_> = super::by_key(runs.iter().map(|r| r.iter().copied())).collect();
        assert_eq!(
            merged,
            [
                ("a", vec![(0, 0), (3, 0)]),
                ("b", vec![(1, 0)]),
                ("c", vec![(0, 1), (1, 1)]),
                ("d", vec![(0, 2)]),
                ("e", vec![(3, 1)]),
            ]
        );
    }
}
