//! `normalize_width`: full-width digits and letters, the marks that belong to them, and
//! half-width CJK punctuation.

/// Why a stretch is rewritten (the rules, in the order their edits are listed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    FullWidthAlnum,
    NumberMark,
    WordMark,
    Percent,
    HalfWidthCjk,
}

/// One edit on a line: replace `start..end` (code points) by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    pub reason: Reason,
}

const FULL_PERCENT: u32 = 0xFF05;

/// Full-width digit `０-９`.
fn is_full_digit(c: u32) -> bool {
    (0xFF10..=0xFF19).contains(&c)
}

/// Full-width digit or Latin letter.
fn is_full_alnum(c: u32) -> bool {
    is_full_digit(c) || (0xFF21..=0xFF3A).contains(&c) || (0xFF41..=0xFF5A).contains(&c)
}

fn is_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c) || is_full_digit(c)
}

fn is_alnum(c: u32) -> bool {
    (c < 0x80 && (c as u8).is_ascii_alphanumeric()) || is_full_alnum(c)
}

/// The ASCII character of a full-width form (U+FF01-U+FF5E).
fn half(c: u32) -> char {
    char::from_u32(c - 0xFEE0).unwrap_or('\u{FFFD}')
}

/// A set of full-width forms of ASCII characters (U+FF01-U+FF5E), one bit each.
#[derive(Debug, Clone, Copy, Default)]
struct FullForms(u128);

impl FullForms {
    fn new(chars: &[u32]) -> Result<Self, String> {
        let mut bits = 0u128;
        for &c in chars {
            if !(0xFF01..=0xFF5E).contains(&c) {
                return Err(format!(
                    "U+{c:04X} is no full-width form of an ASCII character"
                ));
            }
            bits |= 1 << (c - 0xFF00);
        }
        Ok(FullForms(bits))
    }

    fn contains(self, c: u32) -> bool {
        (0xFF00..0xFF80).contains(&c) && self.0 & (1 << (c - 0xFF00)) != 0
    }
}

fn lo_to_hi((lo, hi): (u32, u32)) -> std::ops::RangeInclusive<u32> {
    lo..=hi
}

/// The rules of the step, with the tables it is given.
#[derive(Debug, Clone)]
pub struct Width {
    /// Marks that become ASCII inside a full-width number (`．：`).
    number_marks: FullForms,
    /// Marks that become ASCII between letters or digits (`＋－…`).
    word_marks: FullForms,
    /// Half-width CJK punctuation and its full-width form, sorted.
    half_cjk: Vec<(u32, String)>,
    /// The least and the greatest character any rule needs: a line without a character in
    /// between (most lines) is left in one scan.
    needed: (u32, u32),
}

impl Width {
    pub fn new(
        number_marks: &[u32],
        word_marks: &[u32],
        half_cjk: Vec<(u32, String)>,
    ) -> Result<Self, String> {
        let mut half_cjk = half_cjk;
        half_cjk.sort_unstable();
        let mut needed = (FULL_PERCENT.min(0xFF10), 0xFF5A);
        for &c in number_marks
            .iter()
            .chain(word_marks)
            .chain(half_cjk.iter().map(|(c, _)| c))
        {
            needed = (needed.0.min(c), needed.1.max(c));
        }
        let width = Width {
            number_marks: FullForms::new(number_marks)?,
            word_marks: FullForms::new(word_marks)?,
            half_cjk,
            needed,
        };
        // Each character belongs to one rule at most (one edit per character).
        for c in lo_to_hi(width.needed) {
            let of = [
                is_full_alnum(c),
                width.number_marks.contains(c),
                width.word_marks.contains(c),
                c == FULL_PERCENT,
                width.half_cjk(c).is_some(),
            ];
            if of.iter().filter(|&&x| x).count() > 1 {
                return Err(format!("U+{c:04X} is in two rules"));
            }
        }
        Ok(width)
    }

    fn half_cjk(&self, c: u32) -> Option<&str> {
        let k = self.half_cjk.binary_search_by(|(k, _)| k.cmp(&c)).ok()?;
        Some(&self.half_cjk[k].1)
    }

    /// The edits on one line: each rule's edits in order, rule after rule.
    pub fn edits(&self, text: &[u32]) -> Vec<Edit> {
        let (lo, hi) = self.needed;
        if !text.iter().any(|&c| lo <= c && c <= hi) {
            return Vec::new();
        }
        let n = text.len();
        // One scan; each rule's edits in a list of their own, listed rule after rule.
        let mut rules: [Vec<Edit>; 5] = Default::default();
        let mut run_start = None; // of a run of full-width digits and letters
        for (i, &c) in text.iter().enumerate() {
            if is_full_alnum(c) {
                run_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = run_start.take() {
                let replacement = text[start..i].iter().map(|&c| half(c)).collect();
                rules[0].push(Edit {
                    start,
                    end: i,
                    replacement,
                    reason: Reason::FullWidthAlnum,
                });
            }
            if c < lo || c > hi {
                continue;
            }
            let before = if i > 0 { text[i - 1] } else { 0 };
            let after = if i + 1 < n { text[i + 1] } else { 0 };
            // A mark is judged by its two neighbours (ASCII digits around a full-width mark
            // are a different slip, left to the punctuation rules).
            let (rule, reason) = if self.number_marks.contains(c)
                && ((is_full_digit(before) && is_digit(after))
                    || ((0x30..=0x39).contains(&before) && is_full_digit(after)))
            {
                (1, Reason::NumberMark)
            } else if self.word_marks.contains(c) && is_alnum(before) && is_alnum(after) {
                (2, Reason::WordMark)
            } else if c == FULL_PERCENT && is_digit(before) {
                (3, Reason::Percent)
            } else if let Some(full) = self.half_cjk(c) {
                let replacement = full.to_string();
                rules[4].push(Edit {
                    start: i,
                    end: i + 1,
                    replacement,
                    reason: Reason::HalfWidthCjk,
                });
                continue;
            } else {
                continue;
            };
            let replacement = if reason == Reason::Percent {
                "%".to_string()
            } else {
                half(c).to_string()
            };
            rules[rule].push(Edit {
                start: i,
                end: i + 1,
                replacement,
                reason,
            });
        }
        if let Some(start) = run_start {
            let replacement = text[start..].iter().map(|&c| half(c)).collect();
            rules[0].push(Edit {
                start,
                end: n,
                replacement,
                reason: Reason::FullWidthAlnum,
            });
        }
        rules.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    fn step() -> Width {
        let half_cjk = vec![(0xFF61, "。".to_string()), (0xFF64, "、".to_string())];
        Width::new(&cps("．："), &cps("＋－＝／＠＿＆＃"), half_cjk).unwrap()
    }

    fn apply(text: &str) -> String {
        let cps = cps(text);
        let mut edits = step().edits(&cps);
        edits.sort_by_key(|e| e.start);
        let mut out = String::new();
        let mut pos = 0;
        for e in edits {
            out.extend(
                cps[pos..e.start]
                    .iter()
                    .map(|&c| char::from_u32(c).unwrap()),
            );
            out.push_str(&e.replacement);
            pos = e.end;
        }
        out.extend(cps[pos..].iter().map(|&c| char::from_u32(c).unwrap()));
        out
    }

    #[test]
    fn numbers_letters_and_their_marks() {
        assert_eq!(
            apply("ＧＤＰ增长１０．５％，１０：３０，Ａ－１，㎡ ℃ ①"),
            "GDP增长10.5%，10:30，A-1，㎡ ℃ ①"
        );
        assert_eq!(apply("3．5 与 a＋b｡"), "3．5 与 a+b。");
        assert_eq!(apply("％１％"), "％1%");
    }

    #[test]
    fn rejects_a_mark_without_an_ascii_form_or_in_two_rules() {
        assert!(Width::new(&cps("。"), &[], vec![]).is_err());
        assert!(Width::new(&cps("．"), &cps("．"), vec![]).is_err());
        assert!(Width::new(&cps("．"), &[], vec![(0xFF0E, ".".to_string())]).is_err());
    }
}
