//! The features of the learned line model: computed here and only here.
//!
//! A line comes in measured (what `measure.rs` and `cue.rs` find of it, as the rules of
//! `roles.text_features` and `roles.segment_cue` do); this module turns a page of such lines
//! into the feature strings the CRF weighs: the line's own (width bins, how it ends, its cue, markup level and hints), the
//! page's wrap width, how broken the page is, its position, the Han-pair overlap with its
//! neighbours and the neighbours' main features. Decoding (`crf.rs`) and training (through
//! `roles.model_features`) read the same strings.

use std::collections::HashMap;
use std::fmt::{self, Write};
use std::hash::BuildHasherDefault;

use crate::crf::FxHasher;
use crate::han::{in_ranges, is_han};

const WIDTH_BINS: [i64; 13] = [4, 8, 12, 16, 20, 24, 32, 40, 48, 64, 80, 100, 140];
const REL_BINS: [f64; 10] = [0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0, 1.1, 1.3, 1.8];
const COHESION_BINS: [f64; 6] = [0.0, 0.02, 0.05, 0.1, 0.2, 0.35];
/// Characters that are their own class (`first=。`).
const MODEL_PUNCT: &str = "。！？!?…；;，、,：:（）()“”‘’《》「」『』【】——-·.";

/// The line flags that are features under their own name, in the order they are emitted.
pub const FLAGS: [&str; 22] = [
    "ends_final",
    "ends_pause",
    "ends_colon",
    "ends_closer",
    "starts_no_line_start",
    "starts_opener",
    "starts_latin",
    "spaced",
    "ends_with_number",
    "ends_latin",
    "byline",
    "credit",
    "caption",
    "dateline",
    "numbering",
    "jump",
    "jump_only",
    "editor",
    "source",
    "brief",
    "markup_debris",
    "subtitle",
];
const ENDS_FINAL: usize = 0;
const ENDS_COLON: usize = 2;
const SPACED: usize = 7;

/// Own features that a neighbour shows (`p:…`, `n:…`) besides the prefixed ones.
const SHORT: [&str; 10] = [
    "ends_final",
    "ends_pause",
    "sentence_like",
    "byline",
    "caption",
    "credit",
    "open",
    "at_wrap",
    "spaced",
    "dash",
];

/// One measured, non-blank line.
pub struct Line {
    /// The stripped text's code points.
    pub text: Vec<u32>,
    pub width: i64,
    pub sentence_marks: i64,
    pub list_marks: i64,
    pub open_depth: i64,
    /// In the order of `FLAGS`.
    pub flags: [bool; 22],
    pub level: i64,
    pub hints: Vec<String>,
    pub cue_kind: &'static str,
    pub boxed: bool,
    pub lead: bool,
    pub jump: bool,
    pub brief: bool,
    /// The line's index among the page's blocks (blank blocks included).
    pub index: usize,
}

impl Line {
    fn sentence_like(&self) -> bool {
        if self.flags[SPACED] && self.sentence_marks < 2 {
            return false;
        }
        self.sentence_marks >= 2
            || (self.sentence_marks >= 1 && self.width >= 24)
            || (self.list_marks >= 1 && self.width >= 40)
            || self.width >= 72
    }
}

fn bin_int(value: i64, bins: &[i64]) -> usize {
    bins.iter().position(|&e| value <= e).unwrap_or(bins.len())
}

fn bin_float(value: f64, bins: &[f64]) -> usize {
    bins.iter().position(|&e| value <= e).unwrap_or(bins.len())
}

/// Python's `str.isdigit` (Numeric_Type Digit or Decimal), as inclusive ranges.
pub const DIGIT_RANGES: [(u32, u32); 81] = [
    (0x30, 0x39),
    (0xB2, 0xB3),
    (0xB9, 0xB9),
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x1369, 0x1371),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19DA),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247C),
    (0x2488, 0x2490),
    (0x24EA, 0x24EA),
    (0x24F5, 0x24FD),
    (0x24FF, 0x24FF),
    (0x2776, 0x277E),
    (0x2780, 0x2788),
    (0x278A, 0x2792),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10A40, 0x10A43),
    (0x10D30, 0x10D39),
    (0x10E60, 0x10E68),
    (0x11052, 0x1105A),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1F100, 0x1F10A),
    (0x1FBF0, 0x1FBF9),
];

pub fn is_digit(c: u32) -> bool {
    in_ranges(&DIGIT_RANGES, c)
}

/// The class of a line's first or last character (`none` for no character).
fn char_class(c: Option<u32>) -> &'static str {
    let Some(c) = c else {
        return "none";
    };
    // A punctuation mark is its own class: its text is borrowed from the set.
    if let Some((at, p)) = MODEL_PUNCT.char_indices().find(|&(_, p)| p as u32 == c) {
        return &MODEL_PUNCT[at..at + p.len_utf8()];
    }
    if is_han(c) {
        "han"
    } else if is_digit(c) {
        "digit"
    } else if c < 0x80 && (c as u8).is_ascii_alphabetic() {
        "latin"
    } else {
        "other"
    }
}

/// Which neighbours show an own feature: bit 0 the line before (`p:`), bit 1 the line after
/// (`n:`), bit 2 two lines away (`p2:`, `n2:`).
fn shown(x: &str) -> u8 {
    let short = SHORT.contains(&x);
    let main = x.starts_with('w') || x.starts_with("cue=");
    u8::from(short || main || x.starts_with("last="))
        | u8::from(short || main || x.starts_with("first=")) << 1
        | u8::from(main) << 2
}

/// A page's own features, written one after another into one string (no string for each),
/// with the neighbours that show each.
#[derive(Default)]
struct OwnFeatures {
    text: String,
    /// Each feature's span in `text` and its `shown` bits.
    features: Vec<(usize, usize, u8)>,
    /// Where each line's features start in `features`.
    lines: Vec<usize>,
}

impl OwnFeatures {
    fn start_line(&mut self) {
        self.lines.push(self.features.len());
    }

    fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.close();
    }

    fn push_fmt(&mut self, name: fmt::Arguments) {
        // Writing to a String cannot fail.
        let _ = self.text.write_fmt(name);
        self.close();
    }

    fn close(&mut self) {
        let start = self.features.last().map_or(0, |f| f.1);
        let bits = shown(&self.text[start..]);
        self.features.push((start, self.text.len(), bits));
    }

    /// Line `k`'s features and their `shown` bits, in order.
    fn of(&self, k: usize) -> impl Iterator<Item = (&str, u8)> {
        let end = self
            .lines
            .get(k + 1)
            .copied()
            .unwrap_or(self.features.len());
        self.features[self.lines[k]..end]
            .iter()
            .map(|&(a, b, bits)| (&self.text[a..b], bits))
    }

    /// Line `k`'s features that the neighbour of `bit` shows.
    fn shown_by(&self, k: usize, bit: u8) -> impl Iterator<Item = &str> {
        self.of(k).filter(move |f| f.1 & bit != 0).map(|f| f.0)
    }
}

fn own_features(line: &Line, body_width: i64, out: &mut OwnFeatures) {
    let text = &line.text;
    out.push_fmt(format_args!("w{}", bin_int(line.width, &WIDTH_BINS)));
    if body_width != 0 {
        let rel = bin_float(line.width as f64 / body_width as f64, &REL_BINS);
        out.push_fmt(format_args!("rel{rel}"));
    } else {
        out.push("relx");
    }
    out.push_fmt(format_args!("marks{}", line.sentence_marks.min(4)));
    out.push_fmt(format_args!("cue={}", line.cue_kind));
    out.push_fmt(format_args!("first={}", char_class(text.first().copied())));
    out.push_fmt(format_args!("last={}", char_class(text.last().copied())));
    out.push_fmt(format_args!("lvl{}", line.level.min(3)));
    for (name, &on) in FLAGS.iter().zip(&line.flags) {
        if on {
            out.push(name);
        }
    }
    let extra = [
        (line.open_depth > 0, "open"),
        (line.list_marks != 0, "list"),
        (line.sentence_like(), "sentence_like"),
        (line.boxed, "boxed"),
        (line.lead, "lead"),
        (line.jump, "has_jump"),
        (line.brief, "brief_head"),
    ];
    for (_, name) in extra.iter().filter(|(on, _)| *on) {
        out.push(name);
    }
    for h in &line.hints {
        out.push_fmt(format_args!("hint={h}"));
    }
    let first = text.first().copied();
    let last = text.last().copied();
    let is = |c: Option<u32>, set: &str| c.is_some_and(|c| set.chars().any(|s| s as u32 == c));
    if is(first, "（(") && is(last, "）)") {
        out.push("bracketed");
    }
    if text.len() >= 2 && text[0] == '—' as u32 && text[1] == '—' as u32 {
        out.push("dash");
    }
}

/// The distinct pairs of adjacent Han characters of each line, as sorted numbers dense over
/// the page (a pair's number is its order of first appearance), so that the windows count
/// them in a vector rather than a hash map; with how many distinct pairs the page has.
fn page_pairs(lines: &[Line]) -> (Vec<Vec<u32>>, usize) {
    // At most one pair per character: the table is sized once and never grows.
    let chars = lines.iter().map(|l| l.text.len()).sum();
    let mut ids: HashMap<u64, u32, BuildHasherDefault<FxHasher>> =
        HashMap::with_capacity_and_hasher(chars, BuildHasherDefault::default());
    let pairs = lines
        .iter()
        .map(|l| {
            let mut line = Vec::new();
            let mut prev: Option<u64> = None;
            for &c in &l.text {
                let han = is_han(c);
                if let (Some(p), true) = (prev, han) {
                    let next = ids.len() as u32;
                    line.push(*ids.entry((p << 32) | u64::from(c)).or_insert(next));
                }
                prev = han.then_some(u64::from(c));
            }
            line.sort_unstable();
            line.dedup();
            line
        })
        .collect();
    (pairs, ids.len())
}

/// The share of the smaller set found in the other (0 if either is empty).
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / a.len().min(b.len()) as f64
}

/// The union of the Han pairs of a window of lines, kept as counts as the window slides, with
/// the number of distinct pairs it shares with another window.
struct Window {
    /// By pair number.
    counts: Vec<u32>,
    distinct: usize,
}

impl Window {
    fn new(pairs: usize) -> Window {
        Window {
            counts: vec![0; pairs],
            distinct: 0,
        }
    }

    fn len(&self) -> usize {
        self.distinct
    }

    fn has(&self, pair: u32) -> bool {
        self.counts[pair as usize] != 0
    }

    /// Add a line's pairs; `shared` counts the distinct pairs also in `other`.
    fn add(&mut self, pairs: &[u32], other: &Window, shared: &mut usize) {
        for &p in pairs {
            let c = &mut self.counts[p as usize];
            *c += 1;
            if *c == 1 {
                self.distinct += 1;
                if other.has(p) {
                    *shared += 1;
                }
            }
        }
    }

    /// Remove a line's pairs, added before.
    fn remove(&mut self, pairs: &[u32], other: &Window, shared: &mut usize) {
        for &p in pairs {
            let c = &mut self.counts[p as usize];
            *c -= 1;
            if *c == 0 {
                self.distinct -= 1;
                if other.has(p) {
                    *shared -= 1;
                }
            }
        }
    }

    /// `overlap(pairs, window)`.
    fn overlap_with(&self, pairs: &[u32]) -> f64 {
        if pairs.is_empty() || self.distinct == 0 {
            return 0.0;
        }
        let common = pairs.iter().filter(|p| self.has(**p)).count();
        common as f64 / pairs.len().min(self.len()) as f64
    }
}

/// `overlap` of two windows that share `shared` distinct pairs.
fn window_overlap(a: &Window, b: &Window, shared: usize) -> f64 {
    if a.len() == 0 || b.len() == 0 {
        return 0.0;
    }
    shared as f64 / a.len().min(b.len()) as f64
}

/// Python's `int(statistics.median(values))` for non-negative values.
pub(crate) fn median_floor(mut values: Vec<i64>) -> i64 {
    if values.is_empty() {
        return 0;
    }
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        // A float mean, truncated towards zero (as int() does).
        ((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0) as i64
    }
}

/// The features of a page's non-blank lines. `wrap_width` is the page's wrap width (0: not
/// hard-wrapped); `first_word_width(k)` the display width of line `k`'s first word.
pub fn page_features<E>(
    lines: &[Line],
    wrap_width: i64,
    first_word_width: impl FnMut(usize) -> Result<i64, E>,
) -> Result<Vec<Vec<String>>, E> {
    let mut out: Vec<Vec<String>> = vec![Vec::new(); lines.len()];
    emit_page_features(lines, wrap_width, first_word_width, |k, prefix, name| {
        out[k].push(format!("{prefix}{name}"));
    })?;
    Ok(out)
}

/// What [`page_features`] computes, given feature by feature to `emit(line, prefix, name)`
/// (the feature is `prefix + name`), line after line and in each line's order, so that a
/// caller can weigh them without building a string for each.
pub fn emit_page_features<E>(
    lines: &[Line],
    wrap_width: i64,
    mut first_word_width: impl FnMut(usize) -> Result<i64, E>,
    mut emit: impl FnMut(usize, &str, &str),
) -> Result<(), E> {
    let n = lines.len();
    if n == 0 {
        return Ok(());
    }
    let body_width = median_floor(
        lines
            .iter()
            .filter(|l| l.flags[ENDS_FINAL] && l.level == 0)
            .map(|l| l.width)
            .collect(),
    );
    let mut own = OwnFeatures::default();
    for (k, line) in lines.iter().enumerate() {
        own.start_line();
        own_features(line, body_width, &mut own);
        // The page's wrap width: a line that reaches it, and that the next line's first word
        // would have overflowed, was cut by the wrap.
        if wrap_width != 0 && k + 1 < n {
            own.push("wrapped_page");
            let w = line.width;
            if w >= (wrap_width * 3).div_euclid(4) && w + first_word_width(k + 1)? > wrap_width {
                own.push("at_wrap");
            }
        }
    }
    // How broken the page is: sentence-like lines that stop without final punctuation.
    let open_ends: Vec<bool> = lines
        .iter()
        .map(|l| l.sentence_like() && !l.flags[ENDS_FINAL] && !l.flags[ENDS_COLON])
        .collect();
    let broken = open_ends.iter().filter(|&&o| o).count();
    let (pairs, distinct) = page_pairs(lines);
    const COH: [&str; 7] = ["0", "1", "2", "3", "4", "5", "6"];
    let coh = |v: f64| COH[bin_float(v, &COHESION_BINS)];
    // The lines within six before (`before`) and after (`after`) the current one.
    let (mut before, mut after) = (Window::new(distinct), Window::new(distinct));
    let mut shared = 0usize;
    for p in pairs.iter().take(7).skip(1) {
        after.add(p, &before, &mut shared);
    }
    for k in 0..n {
        if k > 0 {
            before.add(&pairs[k - 1], &after, &mut shared);
            if k > 6 {
                before.remove(&pairs[k - 7], &after, &mut shared);
            }
            after.remove(&pairs[k], &before, &mut shared);
            if k + 6 < n {
                after.add(&pairs[k + 6], &before, &mut shared);
            }
        }
        for (x, _) in own.of(k) {
            emit(k, "", x);
        }
        let others = broken - usize::from(open_ends[k]);
        let level = match others {
            0 => "broken0",
            1 => "broken1",
            2 | 3 => "broken2",
            _ => "broken3",
        };
        emit(k, "", level);
        if k == 0 {
            emit(k, "", "first_line");
        }
        if k == n - 1 {
            emit(k, "", "last_line");
        }
        let index = lines[k].index;
        if index > 0 && (k == 0 || index - lines[k - 1].index > 1) {
            emit(k, "", "blank_before");
        }
        if k > 0 {
            emit(k, "coh_p", coh(overlap(&pairs[k], &pairs[k - 1])));
            for x in own.shown_by(k - 1, 1) {
                emit(k, "p:", x);
            }
        }
        if k + 1 < n {
            emit(k, "coh_n", coh(overlap(&pairs[k], &pairs[k + 1])));
            for x in own.shown_by(k + 1, 2) {
                emit(k, "n:", x);
            }
        }
        // Overlap with the text within a few lines on each side, and across the line.
        emit(k, "coh_b", coh(before.overlap_with(&pairs[k])));
        emit(k, "coh_a", coh(after.overlap_with(&pairs[k])));
        emit(k, "shift", coh(window_overlap(&before, &after, shared)));
        if k > 1 {
            for x in own.shown_by(k - 2, 4) {
                emit(k, "p2:", x);
            }
        }
        if k + 2 < n {
            for x in own.shown_by(k + 2, 4) {
                emit(k, "n2:", x);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, index: usize) -> Line {
        Line {
            text: text.chars().map(|c| c as u32).collect(),
            width: 2 * text.chars().count() as i64,
            sentence_marks: 0,
            list_marks: 0,
            open_depth: 0,
            flags: [false; 22],
            level: 0,
            hints: vec![],
            cue_kind: "heading",
            boxed: false,
            lead: false,
            jump: false,
            brief: false,
            index,
        }
    }

    #[test]
    fn digit_ranges_are_sorted_and_disjoint() {
        for w in DIGIT_RANGES.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0);
        }
        assert!(is_digit('7' as u32) && is_digit('²' as u32) && is_digit('①' as u32));
        assert!(!is_digit('a' as u32) && !is_digit('Ⅷ' as u32) && !is_digit('½' as u32));
    }

    #[test]
    fn a_small_page() {
        let mut title = line("（标题）", 0);
        title.level = 1;
        let mut body = line("正文，正文。", 2);
        body.flags[ENDS_FINAL] = true;
        body.sentence_marks = 1;
        let feats = page_features(&[title, body], 0, |_| Ok::<i64, ()>(0)).unwrap();
        assert!(feats[0].contains(&"bracketed".to_string()));
        assert!(feats[0].contains(&"first=（".to_string()));
        assert!(feats[0].contains(&"lvl1".to_string()));
        assert!(feats[1].contains(&"blank_before".to_string()));
        assert!(feats[1].contains(&"p:cue=heading".to_string()));
        assert!(feats[1].contains(&"rel6".to_string()));
        assert!(!feats[0].contains(&"blank_before".to_string()));
    }

    #[test]
    fn overlap_of_pairs() {
        let (pairs, distinct) = page_pairs(&[line("重庆重庆市", 0), line("重庆a市", 1)]);
        assert_eq!(distinct, 3); // 重庆 庆重 庆市
        assert_eq!(pairs[1], [0]);
        assert_eq!(overlap(&pairs[0], &pairs[1]), 1.0);
        assert_eq!(overlap(&pairs[0], &[]), 0.0);
    }

    #[test]
    fn median_like_python() {
        assert_eq!(median_floor(vec![]), 0);
        assert_eq!(median_floor(vec![3, 1, 2]), 2);
        assert_eq!(median_floor(vec![3, 4]), 3);
    }
}
