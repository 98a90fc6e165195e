//! Eight bytes at a time: a word of eight bytes read as one number (little-endian: byte `k`
//! of the text is byte `k` of the number) and the byte tests of bit-twiddling lore on it,
//! each giving the high bit of every byte it finds. Used by the JSON string writer
//! ([`crate::json`]), the search tokenizer and the output check's scan.

/// One in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at` as one number, when there are eight.
#[inline]
pub fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let eight: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(eight))
}

/// The bytes of `x` equal to `b`, as high bits. A byte above one found may be flagged too (a
/// borrow runs upwards from it), so what is exact is whether any is, and which is lowest.
#[inline]
pub fn equal_to(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGH
}

/// The bytes of `x` below `n` (at most 0x80), as high bits: exact as [`equal_to`] is.
#[inline]
pub fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
}

/// The place (0–7) of the lowest byte flagged in `flags`, which has one.
#[inline]
pub fn lowest(flags: u64) -> usize {
    flags.trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// For every byte in every place of a word of other bytes (those one apart from it, with
    /// the high bit set, zero), each test finds whether any byte matches and the first one,
    /// as a byte at a time does.
    #[test]
    fn the_tests_find_the_first_byte_as_each_byte_does() {
        let fillers = [0u8, 1, 0x1F, 0x20, b'"', b'<', b'=', b'\\', b'a', 0x7F, 0x80, 0x81, 0xFF];
        for filler in fillers {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [filler; 8];
                    bytes[place] = b;
                    let x = word(&bytes, 0).unwrap();
                    for wanted in [0u8, b'"', b'<', b'\\', 0x80, 0xFF] {
                        let first = bytes.iter().position(|&y| y == wanted);
                        let flags = equal_to(x, wanted);
                        assert_eq!((flags != 0).then(|| lowest(flags)), first, "{bytes:?} = {wanted:#x}");
                    }
                    for n in [1u8, 0x20, 0x80] {
                        let first = bytes.iter().position(|&y| y < n);
                        let flags = below(x, n);
                        assert_eq!((flags != 0).then(|| lowest(flags)), first, "{bytes:?} < {n:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_word_is_read_only_where_eight_bytes_are() {
        let bytes = *b"abcdefghi";
        assert_eq!(word(&bytes, 1), Some(u64::from_le_bytes(*b"bcdefghi")));
        assert_eq!(word(&bytes, 2), None);
        assert_eq!(word(&bytes, usize::MAX), None);
    }
}
