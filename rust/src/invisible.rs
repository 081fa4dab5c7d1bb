//! `remove_invisible_chars`: zero-width characters, bidi marks, controls, stray joiners.
//!
//! Works on code points (`u32`, lone surrogates included) so that offsets are Python's.

use crate::han::is_han;

const CR: u32 = 0x0D;
const ZWNJ: u32 = 0x200C;
const ZWJ: u32 = 0x200D;

/// Why a character is removed or replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// One of the table's characters: the index of its entry.
    Table(usize),
    CarriageReturn,
    /// A control character (its code point).
    Control(u32),
    Joiner,
}

/// One edit on a line: replace `start..end` (code points) by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: &'static str,
    pub reason: Reason,
}

/// C0 and C1 controls but tab and line feed (`[\x00-\x08\x0b-\x1f\x7f-\x9f]`).
pub fn is_control(c: u32) -> bool {
    matches!(c, 0x00..=0x08 | 0x0B..=0x1F | 0x7F..=0x9F)
}

/// The rules of the step, with the tables it is given.
#[derive(Debug, Clone)]
pub struct Invisible {
    /// The invisible characters, sorted, each with the index of its table entry.
    table: Vec<(u32, usize)>,
    /// Whitespace but the line break (chardata.LINE_SPACES), sorted.
    line_spaces: Vec<u32>,
    /// One bit per BMP code point the step acts on (table, controls, joiners): one test
    /// per character skips the rest.
    actionable: Vec<u64>,
    /// Whether the table has characters beyond the BMP (looked up one by one then).
    astral: bool,
}

impl Invisible {
    /// `chars`: the table's characters in the table's order (reasons are looked up by index);
    /// `line_spaces`: the whitespace characters but `\n`.
    pub fn new(chars: &[u32], line_spaces: &[u32]) -> Result<Self, String> {
        let mut table: Vec<(u32, usize)> = chars.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        table.sort_unstable();
        if let Some(w) = table.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(format!("U+{:04X} is twice in the table", w[0].0));
        }
        if let Some(&(c, _)) = table
            .iter()
            .find(|&&(c, _)| c == '\n' as u32 || c == ZWJ || c == ZWNJ)
        {
            return Err(format!(
                "U+{c:04X} cannot be in the table of invisible characters"
            ));
        }
        let mut line_spaces = line_spaces.to_vec();
        line_spaces.sort_unstable();
        let mut actionable = vec![0u64; 0x10000 / 64];
        let bmp = table.iter().map(|&(c, _)| c).filter(|&c| c < 0x10000);
        for c in bmp
            .chain((0..0x100).filter(|&c| is_control(c)))
            .chain([ZWJ, ZWNJ])
        {
            actionable[(c / 64) as usize] |= 1 << (c % 64);
        }
        let astral = table.iter().any(|&(c, _)| c >= 0x10000);
        Ok(Invisible {
            table,
            line_spaces,
            actionable,
            astral,
        })
    }

    fn entry(&self, c: u32) -> Option<usize> {
        self.table
            .binary_search_by(|&(k, _)| k.cmp(&c))
            .ok()
            .map(|i| self.table[i].1)
    }

    /// Whether the step may remove `c` (a joiner is judged by the first neighbour that stays).
    fn removed(&self, c: u32) -> bool {
        c == ZWJ || c == ZWNJ || is_control(c) || self.entry(c).is_some()
    }

    /// Whether a joiner beside `c` is debris: Han, whitespace, ASCII, CJK or full-width
    /// punctuation (joiners matter between emoji and in Indic or Arabic script).
    fn joiner_debris(&self, c: u32) -> bool {
        c <= 0x7F
            || (0x3000..=0x303F).contains(&c)
            || (0xFF00..=0xFFEF).contains(&c)
            || is_han(c)
            || self.line_spaces.binary_search(&c).is_ok()
    }

    /// The edits on one line, in order.
    pub fn edits(&self, text: &[u32]) -> Vec<Edit> {
        let n = text.len();
        let mut out = Vec::new();
        // The last character before `i` that stays, and the first after the latest joiner
        // (found once per run of removed characters, so a long run stays linear).
        let mut kept_before: Option<u32> = None;
        let mut next_kept: Option<(usize, Option<u32>)> = None;
        for (i, &c) in text.iter().enumerate() {
            let skip = if c < 0x10000 {
                self.actionable[(c / 64) as usize] & (1 << (c % 64)) == 0
            } else {
                !self.astral
            };
            if skip {
                kept_before = Some(c);
                continue;
            }
            if let Some(entry) = self.entry(c) {
                out.push(Edit {
                    start: i,
                    end: i + 1,
                    replacement: "",
                    reason: Reason::Table(entry),
                });
            } else if c == CR {
                let replacement = if i == n - 1 { "" } else { "\n" };
                out.push(Edit {
                    start: i,
                    end: i + 1,
                    replacement,
                    reason: Reason::CarriageReturn,
                });
            } else if is_control(c) {
                out.push(Edit {
                    start: i,
                    end: i + 1,
                    replacement: "",
                    reason: Reason::Control(c),
                });
            } else if c == ZWJ || c == ZWNJ {
                let after = match next_kept {
                    Some((k, after)) if k > i => after,
                    _ => {
                        let k = (i + 1..n).find(|&k| !self.removed(text[k])).unwrap_or(n);
                        let after = text.get(k).copied();
                        next_kept = Some((k, after));
                        after
                    }
                };
                let before = kept_before.unwrap_or(' ' as u32);
                let after = after.unwrap_or(' ' as u32);
                if self.joiner_debris(before) || self.joiner_debris(after) {
                    out.push(Edit {
                        start: i,
                        end: i + 1,
                        replacement: "",
                        reason: Reason::Joiner,
                    });
                }
            } else {
                kept_before = Some(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    fn step() -> Invisible {
        Invisible::new(&cps("\u{200B}\u{FEFF}\u{00AD}"), &cps("\t \u{3000}")).unwrap()
    }

    #[test]
    fn removes_table_characters_controls_and_carriage_returns() {
        let edits = step().edits(&cps("绿\u{00AD}色\u{7}发\r展\r"));
        let got: Vec<_> = edits
            .iter()
            .map(|e| (e.start, e.replacement, e.reason))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "", Reason::Table(2)),
                (3, "", Reason::Control(7)),
                (5, "\n", Reason::CarriageReturn),
                (7, "", Reason::CarriageReturn),
            ]
        );
    }

    #[test]
    fn joiners_stay_between_emoji_and_go_beside_han() {
        assert!(step().edits(&cps("👨\u{200D}👩")).is_empty());
        assert_eq!(step().edits(&cps("重\u{200D}庆")).len(), 1);
        // The neighbour that counts is the first one that stays.
        assert!(step()
            .edits(&cps("👨\u{200B}\u{200D}\u{200B}👩"))
            .iter()
            .all(|e| e.reason != Reason::Joiner));
        assert_eq!(step().edits(&cps("\u{200D}👩")).len(), 1); // a line end is debris
    }

    #[test]
    fn lone_surrogates_are_plain_characters() {
        assert!(step().edits(&[0xD800, 0x200D, 0xDC00]).is_empty());
    }

    #[test]
    fn a_long_run_of_joiners_is_linear() {
        let text = vec![ZWJ; 200_000];
        assert_eq!(step().edits(&text).len(), 200_000);
    }

    #[test]
    fn rejects_a_bad_table() {
        assert!(Invisible::new(&cps("\u{200B}\u{200B}"), &[]).is_err());
        assert!(Invisible::new(&cps("\u{200D}"), &[]).is_err());
    }
}
