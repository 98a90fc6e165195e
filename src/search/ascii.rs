//! ASCII eight bytes at a time for the search tokenizer ([`super::text::pieces`]): which of
//! eight bytes are letters or digits as the high bits of a word (no byte borrowing from the
//! next), the end of a run found eight bytes at a time, and a block of 64 bytes' letters and
//! digits as one mask of bits.

use crate::swar::{lowest, word, HIGH, ONES};

/// The ASCII letters and digits among the eight bytes of `x` (little-endian: byte `k` of the
/// text is byte `k` of the number), as the high bit of each byte; bytes beyond ASCII are none.
/// Each range test adds to bytes whose high bit is set first, so no byte borrows from the next.
fn ascii_alphanumeric(x: u64) -> u64 {
    // the high bit of each byte: the byte, taken below 0x80, is at least `lo`
    let at_least = |y: u64, lo: u8| ((y & !HIGH) | HIGH).wrapping_sub(ONES * u64::from(lo)) & HIGH;
    let between = |y: u64, lo: u8, hi: u8| at_least(y, lo) & !at_least(y, hi + 1);
    // `| 0x20` takes A–Z onto a–z, and nothing else into a–z
    let letters = between(x | (ONES * 0x20), b'a', b'z');
    let digits = between(x, b'0', b'9');
    (letters | digits) & !x & HIGH
}

/// Where a run that started before `i` ends: the first byte from `i` on that `stops` (given
/// for a byte alone), eight bytes at a time while none of them does (`stops_any`, given the
/// letters and digits and the bytes beyond ASCII of a word of eight, as high bits).
pub(super) fn run_end(
    bytes: &[u8],
    mut i: usize,
    stops_any: impl Fn(u64, u64) -> u64,
    stops: impl Fn(u8) -> bool,
) -> usize {
    while let Some(x) = word(bytes, i) {
        let stop = stops_any(ascii_alphanumeric(x), x & HIGH) & HIGH;
        if stop != 0 {
            return i + lowest(stop);
        }
        i += 8;
    }
    while i < bytes.len() && !stops(bytes[i]) {
        i += 1;
    }
    i
}

/// Bytes [`super::text::pieces`] takes at once where they are all ASCII.
pub(super) const BLOCK: usize = 64;

/// The high bits of the eight bytes of `h` (its other bits clear) as its low eight bits, byte
/// `k`'s as bit `k`: each byte's bit moved to bit 56 + k by one multiplication, whose other
/// products fall below bit 56 or past bit 63.
fn gather(h: u64) -> u64 {
    (h >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The letters and digits of `block` ([`BLOCK`] bytes) as bits (bit `k`: byte `k`), or the
/// offset of its first byte beyond ASCII.
pub(super) fn block_mask(block: &[u8]) -> Result<u64, usize> {
    let mut alnum = 0;
    for k in 0..block.len() / 8 {
        let x = word(block, 8 * k).unwrap_or_default();
        if x & HIGH != 0 {
            return Err(8 * k + lowest(x & HIGH));
        }
        alnum |= gather(ascii_alphanumeric(x)) << (8 * k);
    }
    Ok(alnum)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte, in every place of a word of eight among letters, spaces or bytes beyond
    /// ASCII, is told a letter or digit exactly when `is_ascii_alphanumeric` says so.
    #[test]
    fn eight_bytes_at_a_time_tell_letters_and_digits_as_each_byte_does() {
        for filler in [b'a', b'Z', b'5', b' ', b'@', b'[', 0xC3, 0xFF, 0x00] {
            for place in 0..8 {
                for b in 0..=255u8 {
                    let mut word = [filler; 8];
                    word[place] = b;
                    let mask = ascii_alphanumeric(u64::from_le_bytes(word));
                    for (k, &byte) in word.iter().enumerate() {
                        let said = mask >> (8 * k + 7) & 1 == 1;
                        assert_eq!(said, byte.is_ascii_alphanumeric(), "{word:?}, byte {k}");
                    }
                }
            }
        }
    }

    /// Eight bytes' high bits gathered into eight bits, each in its place, for every pattern.
    #[test]
    fn gathering_puts_each_bytes_bit_in_its_place() {
        for bits in 0..=255u64 {
            let spread = (0..8).filter(|k| bits >> k & 1 == 1).fold(0u64, |h, k| h | 0x80 << (8 * k));
            assert_eq!(gather(spread), bits, "{bits:08b}");
        }
    }
}
