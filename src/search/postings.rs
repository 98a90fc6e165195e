//! A term's postings in one run of entries, packed: each entry as the distance from the
//! previous one (a LEB128 variable-length number; the first from 0) and then its weight in a
//! byte. Entries come in increasing order within a run, so a posting takes about two bytes
//! instead of eight; at 50,000 pages the runs held 12 million postings.

/// Postings (entry, weight) in increasing entry order; weights are below 256.
#[derive(Debug, Default, Clone)]
pub struct Postings {
    bytes: Vec<u8>,
    first: u32,
    last: u32,
    len: u32,
}

impl Postings {
    /// Adds entry `id` with `weight` (capped at 255); `id` must follow the last one added.
    pub fn push(&mut self, id: u32, weight: u32) {
        debug_assert!(self.len == 0 || id > self.last, "postings in increasing entry order");
        let mut delta = if self.len == 0 { id } else { id - self.last };
        if self.len == 0 {
            self.first = id;
        }
        loop {
            let low = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                self.bytes.push(low);
                break;
            }
            self.bytes.push(low | 0x80);
        }
        self.bytes.push(weight.min(255) as u8);
        self.last = id;
        self.len += 1;
    }

    /// How many postings.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// The first and last entry, if any.
    pub fn bounds(&self) -> Option<(u32, u32)> {
        (self.len > 0).then_some((self.first, self.last))
    }

    /// The postings as (entry, weight), in entry order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + Clone + '_ {
        let mut at = 0;
        let mut id = 0u32;
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            let (mut delta, mut shift) = (0u32, 0);
            loop {
                let b = self.bytes[at];
                at += 1;
                delta |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            id += delta;
            let weight = u32::from(self.bytes[at]);
            at += 1;
            Some((id, weight))
        })
    }

    /// Lets go of the room left by growth.
    pub fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// What is pushed in entry order is read back as it was, bounds and length too.
        #[test]
        fn postings_read_back_as_pushed(steps in proptest::collection::vec((1u32..=u32::MAX / 4096, 0u32..300), 0..200)) {
            let mut p = Postings::default();
            let mut want = Vec::new();
            let mut id = 0u32;
            for (k, (step, weight)) in steps.into_iter().enumerate() {
                id = if k == 0 { step - 1 } else { id + step };
                p.push(id, weight);
                want.push((id, weight.min(255)));
            }
            prop_assert_eq!(p.iter().collect::<Vec<_>>(), want.clone());
            prop_assert_eq!(p.len(), want.len());
            prop_assert_eq!(p.bounds(), want.first().zip(want.last()).map(|(f, l)| (f.0, l.0)));
        }
    }

    #[test]
    fn large_entries_and_gaps_take_more_bytes_and_read_back() {
        let mut p = Postings::default();
        for (id, w) in [(0, 1), (127, 2), (128, 3), (u32::MAX - 1, 99), (u32::MAX, 0)] {
            p.push(id, w);
        }
        assert_eq!(p.iter().collect::<Vec<_>>(), [(0, 1), (127, 2), (128, 3), (u32::MAX - 1, 99), (u32::MAX, 0)]);
    }
}
