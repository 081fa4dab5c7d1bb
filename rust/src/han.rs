//! The Han script (`\p{Han}` of Python's `regex` module, Unicode 17).
//!
//! A table, not a dependency: tests/test_core_differential.py checks it against `regex` over
//! every code point, so a `regex` release with a newer Unicode fails there first.

/// Inclusive ranges of code points with Script=Han, sorted.
pub const HAN_RANGES: [(u32, u32); 21] = [
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0x16FE2, 0x16FE3),
    (0x16FF0, 0x16FF6),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x33479),
];

/// Whether the code point `c` is a Han character.
pub fn is_han(c: u32) -> bool {
    if !(0x2E80..=0x33479).contains(&c) {
        return false;
    }
    // The common case first: the URO block.
    if (0x4E00..=0x9FFF).contains(&c) {
        return true;
    }
    in_ranges(&HAN_RANGES, c)
}

/// Whether `c` falls in one of `ranges` (sorted, inclusive, not overlapping): the lookup of
/// every character table of the core.
pub fn in_ranges(ranges: &[(u32, u32)], c: u32) -> bool {
    match ranges.binary_search_by(|&(lo, _)| lo.cmp(&c)) {
        Ok(_) => true,
        Err(0) => false,
        Err(i) => c <= ranges[i - 1].1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_sorted_and_disjoint() {
        for w in HAN_RANGES.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0);
        }
    }

    #[test]
    fn han_and_not_han() {
        for c in ['重', '〇', '々', '𠀀', '⺀'] {
            assert!(is_han(c as u32), "{c}");
        }
        for c in ['a', '，', '。', 'ア', '한', '\u{2E9A}', '\u{3006}'] {
            assert!(!is_han(c as u32), "{c}");
        }
        assert!(is_han(0x3134A) && !is_han(0x3134B) && is_han(0x31350) && !is_han(0x3347A));
    }
}
