//! The per-line rules of the spacing steps (`cleantext.spacing`): the letter-spaced bylines of
//! `collapse_letter_spacing` and the column spaces of `remove_column_spaces` (its periods and
//! chains; which neighbour's period a line tries stays in Python).
//!
//! Ported from the Python of tests/reference/spacing.py, decision for decision: periods are
//! `f64` where Python has floats (every value is a small integer or half of one, so the
//! arithmetic is exact and the same), and indexing follows Python's (a negative index reads
//! from the end) where the reference can reach it. Offsets are code points.

use crate::cue::one_of;
use crate::han::is_han;
use crate::wcwidth::char_width;
use std::collections::{HashMap, HashSet};

/// Single-character role words (摄, 图, 文) end a credit; inside a run they may be a name.
const MIN_RUN: usize = 4;
const MIN_PERIOD: i64 = 16;
const MAX_PERIOD: i64 = 120;
/// Spaces a link of a chain may step over (justified columns / text cut every N characters).
const MAX_SKIP: usize = 3;
const MAX_SKIP_UNIFORM: usize = 8;
/// Column lines a link of a chain may span where every column end in between is a hole.
const MAX_LINES: i64 = 4;
/// In text cut every N characters, column lines a link may span with no space or hole at the
/// column ends in between: a line's own period (the gaps on one or two periods count for it),
/// a neighbour's. Text cut again at another width loses the column spaces that fell at the
/// new line ends (`normalize_whitespace` trims them), anywhere, not only beside punctuation;
/// the column ends are exact (no tolerance).
const FREE_OWN_UNIFORM: i64 = 2;
const FREE_BORROWED_UNIFORM: i64 = MAX_LINES;
/// A line without clause punctuation has a period only with this many spaces on it, a period
/// of this many columns (ten characters) or more, and this many column lines or more.
const UNPUNCTUATED_CHAIN: usize = 4;
const UNPUNCTUATED_PERIOD: f64 = 20.0;
const UNPUNCTUATED_LINES: f64 = 4.0;
/// A space removed as a column space has at least this many columns of text on each side.
const MIN_TOKEN: i64 = 6;
/// A paragraph's first line is indented by up to two Han characters.
const INDENT: i64 = 4;
/// After a sentence end, a column line this much shorter than the period starts a paragraph.
const PARAGRAPH_SHORTFALL: f64 = 3.0;
/// A trailing byline after a space is at most this long (characters).
const BYLINE_TAIL: usize = 24;
/// A chain holding fewer than this share of a line's spaces is chance.
const MIN_CHAIN_SHARE: f64 = 0.5;

const SPACE: u32 = b' ' as u32;

/// Clause punctuation of running text (`_PARAGRAPH_PUNCT`).
fn paragraph_punct(c: u32) -> bool {
    one_of(c, "，。、；：？！,;:?!")
}

/// Punctuation no byline holds (`_CLAUSE_PUNCT`).
fn clause_punct(c: u32) -> bool {
    one_of(c, "，。；：？！,;:?!")
}

fn sentence_end(c: u32) -> bool {
    one_of(c, "。！？.!?")
}

fn opener(c: u32) -> bool {
    one_of(c, "“‘（《【〔「『〈([")
}

/// Closing brackets and quotes (not a sentence end), each with its opening mark.
const PAIRS: [(char, char); 11] = [
    ('（', '）'),
    ('(', ')'),
    ('「', '」'),
    ('『', '』'),
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('〈', '〉'),
    ('【', '】'),
    ('〔', '〕'),
    ('[', ']'),
];

/// Whether `text[at]` closes a bracket or quote set off by the writer: its opening mark (the
/// last one before it) has a space before it (`好像 「瑞典墳場三寶」 咁樣`), or it closes a list
/// number (`（1） 配合`, `（iv） 為進行`).
fn spaced_around(text: &[u32], at: usize) -> bool {
    let Some(&(open, _)) = PAIRS.iter().find(|&&(_, close)| close as u32 == text[at]) else {
        return false;
    };
    text[..at]
        .iter()
        .rposition(|&c| c == open as u32)
        .is_some_and(|j| {
            (j > 0 && text[j - 1] == SPACE)
                || (at - j <= LIST_NUMBER + 1
                    && text[j + 1..at]
                        .iter()
                        .all(|&c| is_ascii_alnum(c) || one_of(c, "一二三四五六七八九十")))
        })
}

/// The longest list number in brackets (`（12）`, `（iii）`), in characters.
const LIST_NUMBER: usize = 3;

fn is_ascii_alnum(c: u32) -> bool {
    c < 0x80 && (c as u8).is_ascii_alphanumeric()
}

fn separator(c: u32) -> bool {
    one_of(c, "｜|/／.•●○■□◆◇▲△▼▽★☆⚫⚪※▶►")
}

fn after_close(c: u32) -> bool {
    one_of(c, "。！？!?）)」』”’》〉】")
}

/// `[!-~]`: printable ASCII but the space.
fn graphic(c: u32) -> bool {
    (0x21..=0x7E).contains(&c)
}

/// `_NUMBER`: `[0-9.%]`.
fn number_char(c: u32) -> bool {
    (0x30..=0x39).contains(&c) || c == b'.' as u32 || c == b'%' as u32
}

/// An ASCII letter (`str.isascii() and str.isalpha()`).
fn ascii_letter(c: u32) -> bool {
    (0x41..=0x5A).contains(&c) || (0x61..=0x7A).contains(&c)
}

/// A letter of the Latin script outside ASCII (Latin-1 Supplement to Latin Extended-B).
fn latin_letter(c: u32) -> bool {
    (0xC0..=0x24F).contains(&c) && c != 0xD7 && c != 0xF7
}

/// `text[i]` with Python's reading of a negative index.
fn at(text: &[u32], i: isize) -> u32 {
    let n = text.len() as isize;
    text[(if i < 0 { i + n } else { i }) as usize]
}

/// `_tolerance`: jitter of a justified column (about ±10 %), none in text cut every N chars.
fn tolerance(period: f64, uniform: bool) -> i64 {
    if uniform {
        0
    } else {
        2.max((period / 10.0).ceil() as i64)
    }
}

/// `_columns`: the display column at which each character starts (`len + 1` entries); with
/// `uniform`, every character two columns.
pub fn columns(text: &[u32], uniform: bool) -> Vec<i64> {
    let mut cols = Vec::with_capacity(text.len() + 1);
    let mut x = 0i64;
    cols.push(0);
    for &c in text {
        x += if uniform { 2 } else { char_width(c) as i64 };
        cols.push(x);
    }
    cols
}

/// `_candidate_spaces`: single spaces with a character on each side.
fn candidate_spaces(text: &[u32]) -> Vec<usize> {
    (1..text.len().saturating_sub(1))
        .filter(|&i| text[i] == SPACE && text[i - 1] != SPACE && text[i + 1] != SPACE)
        .collect()
}

/// `_is_wide_text`: wide characters fill 60 % of the line's columns or more.
fn is_wide_text(text: &[u32], cols: &[i64]) -> bool {
    let total = cols[text.len()];
    let wide = 2 * (total - text.len() as i64);
    total > 0 && wide as f64 >= 0.6 * total as f64
}

fn beside_ascii(text: &[u32], i: usize) -> bool {
    let (b, a) = (text[i - 1], text[i + 1]);
    (b < 0x80 && b != SPACE) || (a < 0x80 && a != SPACE)
}

/// `_beside_letter` at `i` (read the Python way: `i == 0` looks at the line's last character).
fn beside_letter(text: &[u32], i: usize) -> bool {
    ascii_letter(at(text, i as isize - 1)) || ascii_letter(text[i + 1])
}

/// `_beside_latin`: the space at `i` touches ASCII text other than a number, or a number set
/// off by spaces on both sides.
pub fn beside_latin(text: &[u32], i: usize) -> bool {
    let n = text.len();
    // A Latin word with a letter outside ASCII (`Marc Augé 就`).
    if (i > 0 && latin_letter(text[i - 1])) || text.get(i + 1).is_some_and(|&c| latin_letter(c)) {
        return true;
    }
    // `(?r)[!-~]+$` searched in text[max(0, i - 40):i]; `$` also matches before a final
    // line break of that window.
    let lo = i.saturating_sub(40);
    let mut end = i;
    if end > lo && text[end - 1] == b'\n' as u32 {
        end -= 1;
    }
    let mut start = end;
    while start > lo && graphic(text[start - 1]) {
        start -= 1;
    }
    let before = (start < end).then_some((start, end));
    let mut after_end = i + 1;
    while after_end < n && graphic(text[after_end]) {
        after_end += 1;
    }
    let after = (after_end > i + 1).then_some((i + 1, after_end));
    let not_number = |(s, e): (usize, usize)| !text[s..e].iter().all(|&c| number_char(c));
    if before.is_some_and(not_number) || after.is_some_and(not_number) {
        return true;
    }
    before.is_some_and(|(s, _)| s > 0 && text[s - 1] == SPACE)
        || after.is_some_and(|(_, e)| e < n && text[e] == SPACE)
}

/// The rules of the spacing steps, built once from the word list and punctuation of Python.
pub struct Spacing {
    /// Byline role words of Han characters only (`spacing._roles()`).
    roles: HashSet<Vec<u32>>,
    /// The longest role word (1 if none).
    longest: usize,
    /// Role words of two characters or more: a trailing byline holds one.
    long_roles: Vec<Vec<u32>>,
    cjk_punct: HashSet<u32>,
    no_space_before: HashSet<u32>,
    no_space_after: HashSet<u32>,
    /// The whitespace but the line break (chardata.LINE_SPACES), sorted.
    line_spaces: Vec<u32>,
}

/// What `normalize_whitespace` does at a place of a line (the Python wrapper's reasons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whitespace {
    Blank = 0,
    Leading = 1,
    Trailing = 2,
    BesidePunct = 3,
    Odd = 4,
}

/// A link of a chain against a period (`_near`, `_Link`).
struct Near<'a> {
    rules: &'a Spacing,
    text: &'a [u32],
    cols: &'a [i64],
    period: f64,
    free: i64,
    indent: i64,
    tol: i64,
    most: i64,
    shortest: f64,
    longest: f64,
    skip: usize,
}

impl Near<'_> {
    /// The cost of a link between two display columns: `None` if the text between is not a
    /// whole number of column lines, else its distance from that.
    fn cost(&self, start: i64, end: i64) -> Option<i64> {
        let gap = end - start;
        let g = gap as f64;
        if g < self.shortest || g > self.longest {
            return None;
        }
        let first = 1.max(((gap - self.tol) as f64 / self.period).ceil() as i64);
        let last = self
            .most
            .min(((gap + self.indent + self.tol) as f64 / self.period).floor() as i64);
        for k in first..=last {
            let low = k as f64 * self.period - self.indent as f64;
            let high = k as f64 * self.period;
            if k <= self.free
                || self.rules.holes(
                    self.text,
                    self.cols,
                    start as f64,
                    self.period,
                    k - 1,
                    (self.indent + self.tol) as f64,
                    self.tol as f64,
                )
            {
                let d = if g < low {
                    low - g
                } else if g > high {
                    g - high
                } else {
                    0.0
                };
                return Some(d.ceil() as i64);
            }
        }
        None
    }
}

impl Spacing {
    pub fn new(
        roles: &[Vec<u32>],
        cjk_punct: &[u32],
        no_space_before: &[u32],
        no_space_after: &[u32],
        line_spaces: &[u32],
    ) -> Self {
        let mut line_spaces = line_spaces.to_vec();
        line_spaces.sort_unstable();
        Spacing {
            line_spaces,
            roles: roles.iter().cloned().collect(),
            longest: roles.iter().map(Vec::len).max().unwrap_or(1),
            long_roles: roles.iter().filter(|r| r.len() > 1).cloned().collect(),
            cjk_punct: cjk_punct.iter().copied().collect(),
            no_space_before: no_space_before.iter().copied().collect(),
            no_space_after: no_space_after.iter().copied().collect(),
        }
    }

    // --- normalize_whitespace ------------------------------------------------------------

    fn line_space(&self, c: u32) -> bool {
        self.line_spaces.binary_search(&c).is_ok()
    }

    /// What `normalize_whitespace` does on one line, in the reference's order: the line is
    /// blank (`(0, 0, Blank)` alone), or its leading and trailing whitespace goes, then each
    /// run of whitespace inside it goes (beside Chinese punctuation) or becomes one space.
    pub fn whitespace(&self, text: &[u32], out: &mut Vec<(usize, usize, Whitespace)>) {
        let n = text.len();
        let lead = text.iter().take_while(|&&c| self.line_space(c)).count();
        if lead == n {
            out.push((0, 0, Whitespace::Blank));
            return;
        }
        let trail = text
            .iter()
            .rev()
            .take_while(|&&c| self.line_space(c))
            .count();
        if lead > 0 {
            out.push((0, lead, Whitespace::Leading));
        }
        if trail > 0 {
            out.push((n - trail, n, Whitespace::Trailing));
        }
        let mut i = lead;
        while i < n - trail {
            if !self.line_space(text[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < n - trail && self.line_space(text[i]) {
                i += 1;
            }
            // Inside the stripped line: a character on each side.
            let (before, after) = (text[start - 1], text[i]);
            if self.needs_no_space(before, after) {
                out.push((start, i, Whitespace::BesidePunct));
            } else if i - start > 1 || text[start] != SPACE {
                out.push((start, i, Whitespace::Odd));
            }
        }
    }

    // --- collapse_letter_spacing ---------------------------------------------------------

    /// `_segment_run`: closed-up letters as (start, end, is_role) pieces, roles longest first.
    fn segment_run(&self, letters: &[u32]) -> Vec<(usize, usize, bool)> {
        let n = letters.len();
        let mut pieces = Vec::new();
        let (mut i, mut name_start) = (0, 0);
        while i < n {
            let mut found = 0;
            for k in (1..=self.longest.min(n - i)).rev() {
                // A one-character role (摄, 图, 文) only as the credit at the end of the run.
                if (k > 1 || i + k == n) && self.roles.contains(&letters[i..i + k]) {
                    found = k;
                    break;
                }
            }
            if found > 0 {
                if name_start < i {
                    pieces.push((name_start, i, false));
                }
                pieces.push((i, i + found, true));
                i += found;
                name_start = i;
            } else {
                i += 1;
            }
        }
        if name_start < n {
            pieces.push((name_start, n, false));
        }
        pieces
    }

    /// The spaces `collapse_letter_spacing` removes from `text`, in the reference's order.
    pub fn letter_spacing(&self, text: &[u32]) -> Vec<usize> {
        let mut spans = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text[i] == SPACE {
                i += 1;
                continue;
            }
            let s = i;
            while i < text.len() && text[i] != SPACE {
                i += 1;
            }
            spans.push((s, i));
        }
        let n = spans.len();
        let tok = |k: usize| &text[spans[k].0..spans[k].1];
        let joined = |k: usize| k + 1 < n && spans[k + 1].0 == spans[k].1 + 1;
        let single_han = |k: usize| tok(k).len() == 1 && is_han(tok(k)[0]);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            if !letter(tok(i), true, false) {
                i += 1;
                continue;
            }
            let mut j = i;
            while joined(j) && single_han(j + 1) {
                j += 1;
            }
            if joined(j) && tok(j + 1).len() > 1 && letter(tok(j + 1), false, true) {
                j += 1;
            }
            self.collapse(text, &spans[i..=j], &mut out);
            // A closing token that is also an opening one (`者，首`) may start the next run.
            let reopens = j > i && tok(j).len() > 1 && letter(tok(j), true, false);
            i = if reopens { j } else { j + 1 };
        }
        out
    }

    fn collapse(&self, text: &[u32], run: &[(usize, usize)], out: &mut Vec<usize>) {
        if run.len() < MIN_RUN {
            return;
        }
        // The letter of each token: the last char of an opening token, else the first.
        let letters: Vec<u32> = run
            .iter()
            .enumerate()
            .map(|(k, &(s, e))| {
                if k == 0 && e - s > 1 {
                    text[e - 1]
                } else {
                    text[s]
                }
            })
            .collect();
        if !letters.iter().all(|&c| is_han(c)) {
            return;
        }
        let pieces = self.segment_run(&letters);
        if !pieces.iter().any(|p| p.2) {
            return;
        }
        for (start, end, is_role) in pieces {
            if !is_role && !(2..=3).contains(&(end - start)) {
                continue; // one letter, or maybe several names: keep the spaces
            }
            for r in &run[start..end - 1] {
                out.push(r.1);
            }
        }
    }

    // --- remove_column_spaces ------------------------------------------------------------

    fn is_cjk(&self, c: u32) -> bool {
        is_han(c) || self.cjk_punct.contains(&c)
    }

    /// `_needs_no_space`: `normalize_whitespace` drops a space between these two.
    fn needs_no_space(&self, before: u32, after: u32) -> bool {
        (self.no_space_before.contains(&after) && self.is_cjk(before))
            || (self.no_space_after.contains(&before) && self.is_cjk(after))
    }

    /// `_holes`: each of `count` column ends after `start` (within `-low`..`+high` columns
    /// of `start + j * period`) is a place `normalize_whitespace` removed a space.
    #[allow(clippy::too_many_arguments)]
    fn holes(
        &self,
        text: &[u32],
        cols: &[i64],
        start: f64,
        period: f64,
        count: i64,
        low: f64,
        high: f64,
    ) -> bool {
        let n = text.len();
        (1..=count).all(|j| {
            let target = start + j as f64 * period;
            let first = cols.partition_point(|&c| (c as f64) < target - low);
            let last = cols.partition_point(|&c| (c as f64) <= target + high);
            (first..last.min(n))
                .any(|q| 0 < q && q < n && self.needs_no_space(text[q - 1], text[q]))
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn near<'a>(
        &'a self,
        text: &'a [u32],
        cols: &'a [i64],
        period: f64,
        free: i64,
        indent: i64,
        uniform: bool,
    ) -> Near<'a> {
        let tol = tolerance(period, uniform);
        let most = if uniform { MAX_LINES } else { free.max(1) };
        Near {
            rules: self,
            text,
            cols,
            period,
            free,
            indent,
            tol,
            most,
            shortest: period - indent as f64 - tol as f64,
            longest: most as f64 * period + tol as f64,
            skip: if uniform { MAX_SKIP_UNIFORM } else { MAX_SKIP },
        }
    }

    /// `_tail_fits`: the text after the space at `i` is at most one column line, or (cut
    /// every N characters) more lines whose column ends are all holes.
    fn tail_fits(&self, text: &[u32], cols: &[i64], i: usize, period: f64, uniform: bool) -> bool {
        let tol = tolerance(period, uniform);
        let tail = cols[text.len()] - cols[i + 1];
        let ends = 0.max(((tail - tol) as f64 / period).ceil() as i64 - 1);
        ends == 0
            || (uniform
                && ends < MAX_LINES
                && self.holes(text, cols, cols[i + 1] as f64, period, ends, 0.0, 0.0))
    }

    /// `_too_few`: `chain` holds too small a share of the line's spaces to be a chain.
    fn too_few(text: &[u32], chain: &[usize], spaces: &[usize]) -> bool {
        if chain.len() as f64 >= MIN_CHAIN_SHARE * spaces.len() as f64 {
            return false;
        }
        let inside_han = chain
            .iter()
            .filter(|&&i| is_han(text[i - 1]) && is_han(text[i + 1]))
            .count();
        if inside_han < 3 {
            return true;
        }
        let not_ascii = spaces.iter().filter(|&&i| !beside_ascii(text, i)).count();
        (chain.len() as f64) < MIN_CHAIN_SHARE * not_ascii as f64
    }

    /// `_mostly_beside_latin`.
    fn mostly_beside_latin(text: &[u32], chain: &[usize]) -> bool {
        let others = chain.iter().filter(|&&i| !beside_latin(text, i)).count();
        others == 0 || (chain.len() >= 3 && others < 2)
    }

    /// `_byline_tail`: `rest` (the line after a space) is a short trailing byline or credit.
    fn byline_tail(&self, rest: &[u32]) -> bool {
        rest.len() <= BYLINE_TAIL
            && !rest.iter().any(|&c| clause_punct(c))
            && self
                .long_roles
                .iter()
                .any(|r| r.len() <= rest.len() && rest.windows(r.len()).any(|w| w == r.as_slice()))
    }

    /// `_own_period`: the period of `text` if three spaces or more fall on one by themselves.
    pub fn own_period(&self, text: &[u32], uniform: bool) -> Option<f64> {
        let spaces = candidate_spaces(text);
        let punct = text.iter().any(|&c| paragraph_punct(c));
        if spaces.len() < 3 || !(punct || uniform) {
            return None;
        }
        if !is_wide_text(text, &columns(text, false)) {
            return None;
        }
        let cols = columns(text, uniform);
        // Gaps counted in the order they are first seen (the mode's tie-break).
        let mut gaps: HashMap<i64, i64> = HashMap::new();
        let mut order: Vec<i64> = Vec::new();
        for b in 0..spaces.len() {
            for a in b.saturating_sub(MAX_SKIP + 1)..b {
                let g = cols[spaces[b]] - cols[spaces[a] + 1];
                let count = gaps.entry(g).or_insert(0);
                if *count == 0 {
                    order.push(g);
                }
                *count += 1;
            }
        }
        // Links on more periods than one count for a candidate where the chain may use them.
        let free = if uniform { FREE_OWN_UNIFORM } else { 1 };
        let mut candidates: Vec<(i64, i64)> = Vec::new(); // (centre, support)
        let mut seen = HashSet::new();
        for &g in &order {
            for d in -2..=2 {
                let c = g + d;
                if (MIN_PERIOD..=MAX_PERIOD).contains(&c) && seen.insert(c) {
                    let tol = tolerance(c as f64, uniform);
                    let support = (1..=free)
                        .flat_map(|k| k * c - tol..=k * c + tol)
                        .filter_map(|x| gaps.get(&x))
                        .sum();
                    candidates.push((c, support));
                }
            }
        }
        let mut mode = order[0];
        for &g in &order {
            if gaps[&g] > gaps[&mode] {
                mode = g;
            }
        }
        candidates.sort_by_key(|&(c, s)| (-s, (c - mode).abs(), c));
        let mut best: Option<((usize, i64), f64)> = None;
        for (p, support) in candidates {
            if support + 1 < 3 || best.is_some_and(|((len, _), _)| ((support + 1) as usize) < len) {
                break;
            }
            let cost = self.near(text, &cols, p as f64, free, 0, uniform);
            let chain: Vec<usize> = chain(&cols, &spaces, &cost, None)
                .into_iter()
                .map(|c| c as usize)
                .collect();
            if chain.len() < 3
                || Self::too_few(text, &chain, &spaces)
                || Self::mostly_beside_latin(text, &chain)
            {
                continue;
            }
            // Longest chain first, then the period its gaps sit closest to.
            let deviation: i64 = chain
                .windows(2)
                .map(|w| cost.cost(cols[w[0] + 1], cols[w[1]]).unwrap_or(0))
                .sum();
            let score = (chain.len(), -deviation);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, p as f64));
                if score == (spaces.len(), 0) {
                    break; // every space, exactly on the period: nothing can do better
                }
            }
        }
        if !punct {
            // A line without clause punctuation (a headline, verse, a list) has a period only
            // if it is long and cut every N characters: four spaces or more on a period of ten
            // characters or more (verse lines are five or seven), four column lines or more.
            return best.and_then(|((len, dev), p)| {
                let long = text.len() as f64 >= UNPUNCTUATED_LINES * p / 2.0;
                (len >= UNPUNCTUATED_CHAIN && dev == 0 && p >= UNPUNCTUATED_PERIOD && long)
                    .then_some(p)
            });
        }
        best.map(|(_, p)| p)
    }

    /// `_anchored_period`: in text cut every N characters, the period of a paragraph of three
    /// or four column lines whose two or three spaces cut it into equal parts.
    pub fn anchored_period(&self, text: &[u32]) -> Option<f64> {
        let spaces = candidate_spaces(text);
        if !(2..=3).contains(&spaces.len()) || !text.iter().any(|&c| paragraph_punct(c)) {
            return None;
        }
        if !spaces
            .iter()
            .all(|&i| is_han(text[i - 1]) && is_han(text[i + 1]))
        {
            return None;
        }
        if !is_wide_text(text, &columns(text, false)) {
            return None;
        }
        let cols = columns(text, true);
        let period = cols[spaces[1]] - cols[spaces[0] + 1];
        if !(MIN_PERIOD..=MAX_PERIOD).contains(&period) {
            return None;
        }
        let p = period as f64;
        let c = chain(
            &cols,
            &spaces,
            &self.near(text, &cols, p, 1, 0, true),
            Some(&self.near(text, &cols, p, 1, INDENT, true)),
        );
        let whole = c.len() == spaces.len() + 1
            && c[0] == -1
            && c[1..].iter().zip(&spaces).all(|(&a, &b)| a == b as i64);
        if !whole || !self.tail_fits(text, &cols, *spaces.last()?, p, true) {
            return None;
        }
        Some(p)
    }

    /// The line's own periods for `remove_column_spaces`: by display width, and by characters
    /// (its own, else the anchored one).
    pub fn periods(&self, text: &[u32]) -> (Option<f64>, Option<f64>) {
        let by_width = self.own_period(text, false);
        let by_chars = self
            .own_period(text, true)
            .or_else(|| self.anchored_period(text));
        (by_width, by_chars)
    }

    /// `_column_space_chain`: the best chain of column spaces for one of `periods`.
    fn column_space_chain(
        &self,
        text: &[u32],
        periods: &[f64],
        uniform: bool,
    ) -> (Vec<usize>, f64) {
        let spaces = candidate_spaces(text);
        let mut best: (Vec<usize>, f64) = (Vec::new(), 0.0);
        if spaces.is_empty() || !is_wide_text(text, &columns(text, false)) {
            return best;
        }
        let own;
        let periods = if text.iter().any(|&c| paragraph_punct(c)) {
            periods
        } else if uniform {
            // Without clause punctuation only the line's own period counts (see own_period).
            match self.own_period(text, true) {
                Some(p) => {
                    own = [p];
                    &own[..]
                }
                None => return best,
            }
        } else {
            return best;
        };
        let cols = columns(text, uniform);
        let free = if uniform { FREE_BORROWED_UNIFORM } else { 2 };
        for &period in periods {
            let c = chain(
                &cols,
                &spaces,
                &self.near(text, &cols, period, free, 0, uniform),
                Some(&self.near(text, &cols, period, free, INDENT, uniform)),
            );
            let anchored = c.first().is_some_and(|&x| x < 0);
            let mut c: Vec<usize> = c
                .into_iter()
                .filter(|&x| x >= 0)
                .map(|x| x as usize)
                .collect();
            if c.len() == 1 {
                // The weakest evidence: also ask for a Han character on both sides.
                let i = c[0];
                let fits = anchored
                    && self.tail_fits(text, &cols, i, period, uniform)
                    && is_han(text[i - 1])
                    && is_han(text[i + 1]);
                if !fits {
                    c.clear();
                }
            }
            if Self::too_few(text, &c, &spaces) || Self::mostly_beside_latin(text, &c) {
                c.clear();
            }
            if c.len() > best.0.len() {
                best = (c, period);
            }
        }
        best
    }

    /// `_column_space_edits`: the column spaces to remove (positions) and their period.
    pub fn column_spaces(&self, text: &[u32], periods: &[f64], uniform: bool) -> (Vec<usize>, f64) {
        let (chain, period) = self.column_space_chain(text, periods, uniform);
        if chain.is_empty() {
            return (chain, period);
        }
        let n = text.len();
        let cols = columns(text, uniform);
        // The writer sets numbers and Latin words off with spaces: a space on the chain beside
        // a number may be one of them.
        let spaces_ascii = candidate_spaces(text)
            .into_iter()
            .any(|i| !chain.contains(&i) && beside_ascii(text, i));
        let han_both = |i: usize| is_han(text[i - 1]) && is_han(text[i + 1]);
        let mut out = Vec::new();
        for (k, &i) in chain.iter().enumerate() {
            let nxt = chain.get(k + 1).copied();
            let lo = i.saturating_sub(MIN_TOKEN as usize);
            let word_start = text[lo..i]
                .iter()
                .rposition(|&c| c == SPACE)
                .map_or(0, |p| lo + p + 1);
            let hi = (i + 1 + MIN_TOKEN as usize).min(n);
            let word_end = text[i + 1..hi]
                .iter()
                .position(|&c| c == SPACE)
                .map_or(n, |p| i + 1 + p);
            // The paragraph's last column line may be short: after two spaces or more on the
            // period, or inside a word, a short end of the line is that line.
            let last_line = nxt.is_none() && word_end == n && (chain.len() >= 3 || han_both(i));
            let short_before = cols[i] - cols[word_start] < MIN_TOKEN
                && (word_start == 0 || !beside_letter(text, word_start - 1));
            let short_after = cols[word_end] - cols[i + 1] < MIN_TOKEN
                && ((word_end == n && !last_line)
                    || (word_end < n && !self.beside_letter_after(text, word_end)));
            if short_before || short_after {
                continue; // a short word beside it: a name or a slogan, the space may be real
            }
            let (b, a) = (text[i - 1], text[i + 1]);
            // After an opening mark (normalize_whitespace's to remove), or before one, or after
            // a closing one whose opening one has a space before it: the writer's spacing
            // around brackets and quotes (`所謂 「六七暴動資料庫」 （見附圖）`).
            if opener(b) || opener(a) || spaced_around(text, i - 1) {
                continue;
            }
            if beside_latin(text, i) || (spaces_ascii && beside_ascii(text, i)) {
                continue;
            }
            if separator(b) || separator(a) {
                continue;
            }
            if after_close(b) && a < 0x80 {
                continue;
            }
            if sentence_end(b)
                && nxt
                    .is_some_and(|x| (cols[x] - cols[i + 1]) as f64 <= period - PARAGRAPH_SHORTFALL)
            {
                continue; // the next column line is indented: a paragraph starts
            }
            if n - i <= BYLINE_TAIL && self.byline_tail(&text[i + 1..]) {
                continue;
            }
            out.push(i);
        }
        (out, period)
    }

    /// `_beside_letter` at a space that may end the line: the reference reads past the end
    /// there (an `IndexError`) unless the character before is a letter; a line reaching this
    /// has trailing space, which `normalize_whitespace` removed before, so the core reads the
    /// missing character as no letter.
    fn beside_letter_after(&self, text: &[u32], i: usize) -> bool {
        ascii_letter(text[i - 1]) || text.get(i + 1).is_some_and(|&c| ascii_letter(c))
    }
}

/// `_letter`: whether a token gives one letter to a letter-spaced run at this place in it.
fn letter(tok: &[u32], opens: bool, closes: bool) -> bool {
    if tok.len() == 1 {
        return is_han(tok[0]);
    }
    // `(本报资料照片)首` may open a run and `摄(视觉重庆)` may close one.
    if opens && is_han(tok[tok.len() - 1]) && !is_han(tok[tok.len() - 2]) {
        return true;
    }
    closes && is_han(tok[0]) && !is_han(tok[1])
}

/// `_chain`: the longest chain of spaces whose links all fit, of equal ones the closest to the
/// period (from the earliest space). With `anchor`, the line's start may begin it (as `-1`).
fn chain(cols: &[i64], spaces: &[usize], cost: &Near<'_>, anchor: Option<&Near<'_>>) -> Vec<i64> {
    let mut nodes: Vec<i64> = Vec::with_capacity(spaces.len() + 1);
    if anchor.is_some() {
        nodes.push(-1);
    }
    nodes.extend(spaces.iter().map(|&s| s as i64));
    let m = nodes.len();
    if m == 0 {
        return Vec::new();
    }
    let mut score = vec![(1i64, 0i64); m];
    let mut prev = vec![-1isize; m];
    for b in 0..m {
        if nodes[b] < 0 {
            continue; // the line's start: no link ends there
        }
        let end = cols[nodes[b] as usize];
        let lowest = b.saturating_sub(cost.skip + 1);
        // Links back from `b` grow longer: stop at the first one too long.
        for a in (lowest..b).rev() {
            let (link, start) = if nodes[a] >= 0 {
                (cost, cols[nodes[a] as usize + 1])
            } else {
                match anchor {
                    Some(anchor) => (anchor, 0),
                    None => break,
                }
            };
            let span = (end - start) as f64;
            if span > link.longest {
                break;
            }
            if span < link.shortest {
                continue;
            }
            if let Some(c) = link.cost(start, end) {
                let cand = (score[a].0 + 1, score[a].1 - c);
                if cand >= score[b] {
                    score[b] = cand;
                    prev[b] = a as isize;
                }
            }
        }
    }
    let mut b = 0;
    for k in 1..m {
        if score[k] > score[b] {
            b = k;
        }
    }
    let mut out = Vec::new();
    let mut b = b as isize;
    while b >= 0 {
        out.push(nodes[b as usize]);
        b = prev[b as usize];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    fn rules() -> Spacing {
        let roles: Vec<Vec<u32>> = ["记者", "首席记者", "实习生", "摄", "通讯员"]
            .iter()
            .map(|w| cps(w))
            .collect();
        Spacing::new(
            &roles,
            &cps("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』——……·．"),
            &cps("，。、；：？！”’）》】〕」』〉"),
            &cps("，、；：“‘（《【〔「『〈"),
            &cps("\t\u{b}\u{c}\r \u{85}\u{a0}\u{3000}"),
        )
    }

    #[test]
    fn letter_spaced_byline() {
        let text = cps("首 席 记 者 龙 帆 实 习 生 董 玉 成 摄(视觉重庆)");
        // 首席记者 龙帆 实习生 董玉成 摄(…): the spaces inside each word go.
        assert_eq!(
            rules().letter_spacing(&text),
            vec![1, 3, 5, 9, 13, 15, 19, 21]
        );
        assert!(rules().letter_spacing(&cps("新 时 代 新 征 程")).is_empty());
    }

    #[test]
    fn column_spaces_on_a_period() {
        let text = cps("加快智能网联新能源汽车发展。力 争到2025年全市智能网联新能源汽车产 量达到100万辆。推动传统燃油车零部 件企业加快");
        let r = rules();
        let (by_width, by_chars) = r.periods(&text);
        let mut found = Vec::new();
        for (period, uniform) in [(by_chars, true), (by_width, false)] {
            let periods: Vec<f64> = period.into_iter().collect();
            found.extend(r.column_spaces(&text, &periods, uniform).0);
        }
        found.sort_unstable();
        found.dedup();
        assert_eq!(found, vec![15, 35, 54], "{by_width:?} {by_chars:?}");
    }

    #[test]
    fn whitespace() {
        let mut out = Vec::new();
        rules().whitespace(&cps("\u{3000}\u{3000}全会 ，决定\t通过 "), &mut out);
        assert_eq!(
            out,
            vec![
                (0, 2, Whitespace::Leading),
                (11, 12, Whitespace::Trailing),
                (4, 5, Whitespace::BesidePunct),
                (8, 9, Whitespace::Odd),
            ]
        );
        out.clear();
        rules().whitespace(&cps(" \t"), &mut out);
        assert_eq!(out, vec![(0, 0, Whitespace::Blank)]);
    }

    #[test]
    fn python_negative_index() {
        assert_eq!(at(&cps("ab"), -1), 'b' as u32);
    }
}
