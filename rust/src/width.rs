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

/// The rules of the step, with the tables it is given.
#[derive(Debug, Clone)]
pub struct Width {
    /// Marks that become ASCII inside a full-width number (`．：`).
    number_marks: Vec<u32>,
    /// Marks that become ASCII between letters or digits (`＋－＝／…`).
    word_marks: Vec<u32>,
    /// Half-width CJK punctuation and its full-width form, sorted.
    half_cjk: Vec<(u32, String)>,
}

impl Width {
    pub fn new(
        number_marks: &[u32],
        word_marks: &[u32],
        half_cjk: Vec<(u32, String)>,
    ) -> Result<Self, String> {
        let full_form = |c: &u32| (0xFF01..=0xFF5E).contains(c);
        if let Some(c) = number_marks
            .iter()
            .chain(word_marks)
            .find(|c| !full_form(c))
        {
            return Err(format!(
                "U+{c:04X} is no full-width form of an ASCII character"
            ));
        }
        let mut half_cjk = half_cjk;
        half_cjk.sort_unstable();
        Ok(Width {
            number_marks: number_marks.to_vec(),
            word_marks: word_marks.to_vec(),
            half_cjk,
        })
    }

    /// The edits on one line: each rule's edits in order, rule after rule.
    pub fn edits(&self, text: &[u32]) -> Vec<Edit> {
        let mut out = Vec::new();
        let n = text.len();
        let at = |i: usize| if i < n { text[i] } else { 0 };
        let before = |i: usize| if i > 0 { text[i - 1] } else { 0 };
        // Full-width digits and letters, a run at a time.
        let mut i = 0;
        while i < n {
            if is_full_alnum(text[i]) {
                let start = i;
                while i < n && is_full_alnum(text[i]) {
                    i += 1;
                }
                let replacement = text[start..i].iter().map(|&c| half(c)).collect();
                out.push(Edit {
                    start,
                    end: i,
                    replacement,
                    reason: Reason::FullWidthAlnum,
                });
            } else {
                i += 1;
            }
        }
        // One mark at a time, judged by its two neighbours (ASCII digits around a full-width
        // mark are a different slip, left to the punctuation rules).
        let mut marks = |reason: Reason, test: &dyn Fn(u32, u32, u32) -> bool| {
            for (i, &c) in text.iter().enumerate() {
                if test(before(i), c, at(i + 1)) {
                    let replacement = match reason {
                        Reason::Percent => "%".to_string(),
                        _ => half(c).to_string(),
                    };
                    out.push(Edit {
                        start: i,
                        end: i + 1,
                        replacement,
                        reason,
                    });
                }
            }
        };
        marks(Reason::NumberMark, &|b, c, a| {
            self.number_marks.contains(&c)
                && ((is_full_digit(b) && is_digit(a))
                    || ((0x30..=0x39).contains(&b) && is_full_digit(a)))
        });
        marks(Reason::WordMark, &|b, c, a| {
            self.word_marks.contains(&c) && is_alnum(b) && is_alnum(a)
        });
        marks(Reason::Percent, &|b, c, _| c == FULL_PERCENT && is_digit(b));
        for (i, &c) in text.iter().enumerate() {
            if let Ok(k) = self.half_cjk.binary_search_by(|(k, _)| k.cmp(&c)) {
                let replacement = self.half_cjk[k].1.clone();
                out.push(Edit {
                    start: i,
                    end: i + 1,
                    replacement,
                    reason: Reason::HalfWidthCjk,
                });
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
    fn rejects_a_mark_without_an_ascii_form() {
        assert!(Width::new(&cps("。"), &[], vec![]).is_err());
    }
}
