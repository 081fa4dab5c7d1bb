//! The line measure (`roles.text_features`): what one line looks like to roles, line joining
//! and the line model, and the page measure (`roles.page_context`) built on it.
//!
//! The Python measure read a line with some twenty `regex` patterns; each one is matched here
//! by hand (they are short and mostly anchored) as the yes/no question the measure asked of
//! it. Character classes follow the `regex` module (`\d` is `cue::is_digit`, `\s`
//! `cue::is_re_space`, `\w` `word::is_word`, `\p{Han}` `han::is_han`); Python's `str.isdigit`
//! is `features::is_digit`, `str.strip`/`str.split` `cue::py_strip`/`cue::py_split`.
//! tests/test_measure_differential.py checks every field against the Python measure
//! (tests/reference/line_measure.py).

use crate::cue::{
    at, chars, digits, is_digit as re_digit, is_re_space, one_of, py_split, py_strip,
    sentence_marks, skip_spaces, starts_with_at, weekday, BRACKETS, CLOSERS,
};
use crate::features::{is_digit as py_digit, median_floor};
use crate::han::is_han;
use crate::wcwidth::{char_width, display_width};
use crate::word::is_word;

/// Sentence-final punctuation (`_FINAL`).
const FINAL: &str = "。！？!?…；;.";
/// Pause marks (`_PAUSE`).
const PAUSE: &str = "，、,—";
/// Openers of the tracked pairs, and their closers at the same position.
const OPENERS: [char; 11] = ['“', '‘', '（', '(', '《', '〈', '【', '〔', '「', '『', '['];
const CLOSINGS: [char; 11] = ['”', '’', '）', ')', '》', '〉', '】', '〕', '」', '』', ']'];
/// Punctuation that cannot begin a line of running text (`_NO_LINE_START`).
const NO_LINE_START: &str = "，。、；：？！”’）》〉】〕」』,;:?!)%…";
/// Layout marks stripped from the start of a line before its patterns are read.
const MARK_CHARS: &str = "□■●◆◇○•▪▶►◎★☆";
const CN_NUMERALS: &str = "一二三四五六七八九十百";
/// The words that make a line a photo credit after them (`记者… 摄`).
const CONTRIBUTORS: [&str; 4] = ["记者", "摄影", "通讯员", "图片由"];

/// What one line looks like (`roles.LineFeatures` without text, relative width, level and
/// hints).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Features {
    pub width: i64,
    pub ends_final: bool,
    pub ends_pause: bool,
    pub ends_colon: bool,
    pub ends_closer: bool,
    pub open_depth: i64,
    pub starts_no_line_start: bool,
    pub starts_opener: bool,
    pub starts_latin: bool,
    pub sentence_marks: i64,
    pub list_marks: i64,
    pub spaced: bool,
    pub ends_with_number: bool,
    pub ends_latin: bool,
    pub byline: bool,
    pub credit: bool,
    pub caption: bool,
    pub dateline: bool,
    pub numbering: bool,
    pub jump: bool,
    pub jump_only: bool,
    pub editor: bool,
    pub source: bool,
    pub brief: bool,
    pub markup_debris: bool,
    pub subtitle: bool,
}

impl Features {
    /// `LineFeatures.sentence_like`.
    pub fn sentence_like(&self) -> bool {
        if self.spaced && self.sentence_marks < 2 {
            return false;
        }
        self.sentence_marks >= 2
            || (self.sentence_marks >= 1 && self.width >= 24)
            || (self.list_marks >= 1 && self.width >= 40)
            || self.width >= 72
    }
}

fn is_space(c: u32) -> bool {
    c == 0x20 || c == 0x9 || c == 0x3000
}

fn ends_with(s: &[u32], word: &str) -> bool {
    let w = chars(word);
    s.len() >= w.len() && s[s.len() - w.len()..] == w[..]
}

fn is_ascii_alnum(c: u32) -> bool {
    c < 0x80 && (c as u8).is_ascii_alphanumeric()
}

fn is_ascii_alpha(c: u32) -> bool {
    c < 0x80 && (c as u8).is_ascii_alphabetic()
}

/// The text without its closing quotes and brackets at the end (`_strip_closers`).
fn strip_closers(s: &[u32]) -> &[u32] {
    let end = s
        .iter()
        .rposition(|&c| !one_of(c, CLOSERS))
        .map_or(0, |e| e + 1);
    &s[..end]
}

/// `_open_depth`: quotes and brackets opened and not closed by the end of the line.
fn open_depth(s: &[u32]) -> i64 {
    let mut depth = [0i64; 11];
    let mut ascii_open = false;
    for (i, &c) in s.iter().enumerate() {
        if let Some(k) = OPENERS.iter().position(|&o| o as u32 == c) {
            depth[k] += 1;
        } else if let Some(k) = CLOSINGS.iter().position(|&o| o as u32 == c) {
            depth[k] = (depth[k] - 1).max(0);
        } else if c == '"' as u32 {
            // An ASCII quote right after final punctuation closes.
            ascii_open = if i > 0 && one_of(s[i - 1], FINAL) {
                false
            } else {
                !ascii_open
            };
        }
    }
    depth.iter().sum::<i64>() + i64::from(ascii_open)
}

/// `(?r)\d[\d.,%]*(\p{Han})?$`: whether it matches, and its Han character if it has one.
fn digit_end(s: &[u32]) -> Option<Option<u32>> {
    let number_ends = |t: &[u32]| {
        t.iter()
            .rev()
            .take_while(|&&c| re_digit(c) || one_of(c, ".,%"))
            .any(|&c| re_digit(c))
    };
    let &last = s.last()?;
    if is_han(last) && number_ends(&s[..s.len() - 1]) {
        return Some(Some(last));
    }
    number_ends(s).then_some(None)
}

/// `[（(][ \t]*(?:上接|下转|接上|转下|紧接|转第|接第)[^（()）]{0,10}版[ \t]*[)）]` at `i`: its end.
fn jump_at(s: &[u32], i: usize) -> Option<usize> {
    if !s.get(i).is_some_and(|&c| one_of(c, "（(")) {
        return None;
    }
    let p = skip_spaces(s, i + 1, false);
    let p = ["上接", "下转", "接上", "转下", "紧接", "转第", "接第"]
        .iter()
        .find_map(|w| starts_with_at(s, p, w))?;
    let room = s[p..]
        .iter()
        .take(10)
        .take_while(|&&c| !one_of(c, BRACKETS))
        .count();
    // Whichever `版` the pattern stops at, its closer is the first bracket after the word.
    (0..=room).rev().find_map(|m| {
        if !at(s, p + m, '版') {
            return None;
        }
        let q = skip_spaces(s, p + m + 1, false);
        s.get(q).is_some_and(|&c| one_of(c, ")）")).then_some(q + 1)
    })
}

/// The ends a pattern's body may stop at before `(?:[（(][^（()）]{0,12}[)）])?$`: the end of
/// the text, and the start of a final bracket group.
fn ends_before_group(s: &[u32]) -> Vec<usize> {
    let mut ends = vec![s.len()];
    if s.last().is_some_and(|&c| one_of(c, ")）")) {
        let close = s.len() - 1;
        if let Some(open) = s[..close].iter().rposition(|&c| one_of(c, BRACKETS)) {
            if one_of(s[open], "（(") && close - open - 1 <= 12 {
                ends.push(open);
            }
        }
    }
    ends
}

/// Whether `t[..j]` ends with one of `words` for some `j` in `lo..=hi`.
fn word_ends_within(t: &[u32], lo: usize, hi: usize, words: &[&str]) -> bool {
    (lo..=hi).any(|j| words.iter().any(|w| ends_with(&t[..j], w)))
}

/// `_CREDIT.search`: a photo credit.
fn credit(s: &[u32]) -> bool {
    // ^(?:特约)?摄影(?:记者)?[ \t\u3000]
    let head = starts_with_at(s, 0, "特约").unwrap_or(0);
    if let Some(p) = starts_with_at(s, head, "摄影") {
        let spaced = |q: usize| s.get(q).is_some_and(|&c| is_space(c));
        if starts_with_at(s, p, "记者").is_some_and(spaced) || spaced(p) {
            return true;
        }
    }
    // (?:[ \t\u3000]摄(?:影)?|(?:记者|摄影|通讯员|图片由).{0,12}(?:摄|采写)|供图|制图)(group)?$
    ends_before_group(s).into_iter().any(|e| {
        let t = &s[..e];
        let n = t.len();
        if ends_with(t, "供图") || ends_with(t, "制图") {
            return true;
        }
        if (ends_with(t, "摄") && n >= 2 && is_space(t[n - 2]))
            || (ends_with(t, "摄影") && n >= 3 && is_space(t[n - 3]))
        {
            return true;
        }
        ["摄", "采写"].iter().any(|tail| {
            if !ends_with(t, tail) {
                return false;
            }
            let j0 = n - tail.chars().count();
            word_ends_within(t, j0.saturating_sub(12), j0, &CONTRIBUTORS)
        })
    })
}

/// `(?:^|[。；\s])图[为①-⑳\d]`, searched.
fn figure(s: &[u32]) -> bool {
    (0..s.len()).any(|i| {
        s[i] == '图' as u32
            && (i == 0 || one_of(s[i - 1], "。；") || is_re_space(s[i - 1]))
            && s.get(i + 1)
                .is_some_and(|&c| c == '为' as u32 || (0x2460..=0x2473).contains(&c) || re_digit(c))
    })
}

/// `_CAPTION.search`: a photo caption.
fn caption(s: &[u32]) -> bool {
    if figure(s) {
        return true;
    }
    // [（(][^（()）]{0,12}(?:照片|图片|资料图|供图|新华社发)[)）]$
    if !s.last().is_some_and(|&c| one_of(c, ")）")) {
        return false;
    }
    let close = s.len() - 1;
    let Some(open) = s[..close].iter().rposition(|&c| one_of(c, BRACKETS)) else {
        return false;
    };
    if !one_of(s[open], "（(") {
        return false;
    }
    let inner = &s[open + 1..close];
    ["照片", "图片", "资料图", "供图", "新华社发"]
        .iter()
        .any(|w| {
            let k = w.chars().count();
            ends_with(inner, w) && inner.len() - k <= 12
        })
}

/// `_CAPTION_CREDIT.search`: a caption followed by its credit on one line.
fn caption_credit(s: &[u32]) -> bool {
    let stop = |c: u32| one_of(c, "。！？，,");
    // [。！？][^。！？，,]{0,16}(?:供图|[ \t\u3000]摄(?:影)?)(group)?$
    let after_sentence = |j0: usize| {
        let run = s[..j0]
            .iter()
            .rev()
            .take(17)
            .take_while(|&&c| !stop(c))
            .count();
        run <= 16 && j0 > run && one_of(s[j0 - run - 1], "。！？")
    };
    for e in ends_before_group(s) {
        let t = &s[..e];
        let n = t.len();
        let mut starts = Vec::new();
        if ends_with(t, "供图") {
            starts.push(n - 2);
        }
        if ends_with(t, "摄") && n >= 2 && is_space(t[n - 2]) {
            starts.push(n - 2);
        }
        if ends_with(t, "摄影") && n >= 3 && is_space(t[n - 3]) {
            starts.push(n - 3);
        }
        if starts.into_iter().any(after_sentence) {
            return true;
        }
    }
    // (?:记者|摄影|通讯员)[^。！？，,\s]{1,12}[ \t\u3000]图$
    let n = s.len();
    if !(ends_with(s, "图") && n >= 3 && is_space(s[n - 2])) {
        return false;
    }
    let k = n - 2;
    let run = s[..k]
        .iter()
        .rev()
        .take(12)
        .take_while(|&&c| !stop(c) && !is_re_space(c))
        .count();
    run >= 1 && word_ends_within(s, k - run, k - 1, &["记者", "摄影", "通讯员"])
}

/// `_DATE.match`: a bare date, with its weekday and lunar date.
fn dateline(s: &[u32]) -> bool {
    let n = s.len();
    // \d{4}年\d{1,2}月\d{1,2}日 | \d{4}[-/.]\d{1,2}[-/.]\d{1,2}
    let chinese = || {
        let p = starts_with_at(s, digits(s, 0, 4, 4)?, "年")?;
        let p = starts_with_at(s, digits(s, p, 1, 2)?, "月")?;
        starts_with_at(s, digits(s, p, 1, 2)?, "日")
    };
    let sep = |p: usize| s.get(p).is_some_and(|&c| one_of(c, "-/.")).then_some(p + 1);
    let numeric = || {
        let p = sep(digits(s, 0, 4, 4)?)?;
        let p = sep(digits(s, p, 1, 2)?)?;
        digits(s, p, 1, 2)
    };
    let Some(p) = chinese().or_else(numeric) else {
        return false;
    };
    // (?:[ \t\u3000]*(?:星期|周)[一二三四五六日天])?
    let p = weekday(s, skip_spaces(s, p, true)).unwrap_or(p);
    if p == n {
        return true;
    }
    // (?:[ \t\u3000]*农历\S{0,12})?$
    starts_with_at(s, skip_spaces(s, p, true), "农历")
        .is_some_and(|q| n - q <= 12 && s[q..].iter().all(|&c| !is_re_space(c)))
}

/// `_NUMBERING.match`: a list number (`一、`, `（3）`, `2.`, `①`, `第三章`).
fn numbering(s: &[u32]) -> bool {
    let Some(&first) = s.first() else {
        return false;
    };
    let numeral = |c: u32| one_of(c, CN_NUMERALS);
    let numeral_or_digit = |c: u32| numeral(c) || re_digit(c);
    let run = |from: usize, class: &dyn Fn(u32) -> bool| {
        s[from.min(s.len())..]
            .iter()
            .take_while(|&&c| class(c))
            .count()
    };
    let after = |p: usize, set: &str| s.get(p).is_some_and(|&c| one_of(c, set));
    // [一二三四五六七八九十百]{1,3}[、．.]
    let r = run(0, &numeral);
    if (1..=3).contains(&r) && after(r, "、．.") {
        return true;
    }
    // [（(][一二三四五六七八九十百\d]{1,3}[)）]
    if one_of(first, "（(") {
        let r = run(1, &numeral_or_digit);
        if (1..=3).contains(&r) && after(1 + r, ")）") {
            return true;
        }
    }
    // \d{1,2}[、．] | \d{1,2}\.(?!\d)
    let r = run(0, &re_digit);
    if (1..=2).contains(&r)
        && (after(r, "、．") || (at(s, r, '.') && !s.get(r + 1).is_some_and(|&c| re_digit(c))))
    {
        return true;
    }
    // [①-⑳]
    if (0x2460..=0x2473).contains(&first) {
        return true;
    }
    // 第[一二三四五六七八九十百\d]{1,3}[章节部分篇条]
    if first == '第' as u32 {
        let r = run(1, &numeral_or_digit);
        return (1..=3).contains(&r) && after(1 + r, "章节部分篇条");
    }
    false
}

/// `^(?:words)[ \t]*[：:]`.
fn label(s: &[u32], words: &[&str]) -> bool {
    words
        .iter()
        .filter_map(|w| starts_with_at(s, 0, w))
        .any(|p| {
            s.get(skip_spaces(s, p, false))
                .is_some_and(|&c| one_of(c, "：:"))
        })
}

/// `_BRIEF.match`: `^\p{Han}{1,6}讯(?=[（(［\[ \t]|\p{Han})`.
fn brief(s: &[u32]) -> bool {
    let han = s.iter().take(7).take_while(|&&c| is_han(c)).count();
    (1..=han.min(6)).any(|k| {
        at(s, k, '讯')
            && s.get(k + 1)
                .is_some_and(|&c| one_of(c, "（(［[ \t") || is_han(c))
    })
}

/// `_MARKUP_DEBRIS.search`: `[<>]|&#?[A-Za-z0-9]{0,8}$|^#?[A-Za-z0-9]{0,8};|\d(?:px|em|pt)\b`.
fn markup_debris(s: &[u32]) -> bool {
    let n = s.len();
    if s.iter().any(|&c| c == '<' as u32 || c == '>' as u32) {
        return true;
    }
    let tail = s.iter().rev().take_while(|&&c| is_ascii_alnum(c)).count();
    if tail <= 8 {
        let k = n - tail;
        if (k >= 1 && s[k - 1] == '&' as u32)
            || (k >= 2 && s[k - 1] == '#' as u32 && s[k - 2] == '&' as u32)
        {
            return true;
        }
    }
    let p = usize::from(at(s, 0, '#'));
    let head = s[p.min(n)..]
        .iter()
        .take_while(|&&c| is_ascii_alnum(c))
        .count();
    if head <= 8 && at(s, p + head, ';') {
        return true;
    }
    (0..n).any(|i| {
        re_digit(s[i])
            && ["px", "em", "pt"]
                .iter()
                .any(|u| starts_with_at(s, i + 1, u).is_some())
            && !s.get(i + 3).is_some_and(|&c| is_word(c))
    })
}

/// `_SUBTITLE.search`: `^——|^--|[ \t\u3000]——\p{Han}`.
fn subtitle(s: &[u32]) -> bool {
    if starts_with_at(s, 0, "——").is_some() || starts_with_at(s, 0, "--").is_some() {
        return true;
    }
    s.windows(4)
        .any(|w| is_space(w[0]) && w[1] == '—' as u32 && w[2] == '—' as u32 && is_han(w[3]))
}

/// `_HAN_SPACE_HAN.search`: two Han characters with spaces between them.
fn spaced(s: &[u32]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if is_han(s[i]) {
            let j = skip_spaces(s, i + 1, true);
            if j > i + 1 && s.get(j).is_some_and(|&c| is_han(c)) {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// The group of `[。！？!?…”][ \t\u3000]+([^。！？!?…，,]{2,40})$` (searched): the tail after the
/// last sentence of a line.
fn attribution_tail(s: &[u32]) -> Option<&[u32]> {
    let n = s.len();
    let excluded = |c: u32| one_of(c, "。！？!?…，,");
    // The group holds no excluded character: it starts after the last one.
    let free_from = s.iter().rposition(|&c| excluded(c)).map_or(0, |e| e + 1);
    let mut i = 0;
    while i < n {
        if !(one_of(s[i], "。！？!?…”") && s.get(i + 1).is_some_and(|&c| is_space(c))) {
            i += 1;
            continue;
        }
        let j = skip_spaces(s, i + 1, true);
        // Greedy spaces, given back one by one until the group is two characters long.
        let start = if n - j >= 2 { j } else { n.saturating_sub(2) };
        if n - j <= 40 && j >= free_from && start >= i + 2 {
            return Some(&s[start..]);
        }
        i = j;
    }
    None
}

/// The rules of `roles.text_features`, with their word lists.
pub struct Measure {
    /// Measure words (one character) that a number ending a line may carry.
    classifiers: Vec<u32>,
    /// Sorted.
    surnames: Vec<u32>,
    /// Byline words that name a person's role (`记者`): they may carry an organisation before
    /// and a name after them.
    person_words: Vec<Vec<u32>>,
    /// All byline words: each may stand alone as a token.
    alone_words: Vec<Vec<u32>>,
}

impl Measure {
    /// `classifiers`: data/role_classifiers.txt; `surnames`: data/role_surnames.txt's
    /// characters; `byline_words`: data/byline_roles.txt.
    pub fn new(classifiers: &[String], surnames: &str, byline_words: &[String]) -> Measure {
        let mut surnames = chars(surnames);
        surnames.sort_unstable();
        let person_role = ["记者", "通讯员", "实习生", "摄影", "编辑", "主持人"];
        Measure {
            classifiers: classifiers
                .iter()
                .map(|w| chars(w))
                .filter(|w| w.len() == 1)
                .map(|w| w[0])
                .collect(),
            surnames,
            person_words: byline_words
                .iter()
                .filter(|w| person_role.iter().any(|r| w.contains(r)))
                .map(|w| chars(w))
                .collect(),
            alone_words: byline_words.iter().map(|w| chars(w)).collect(),
        }
    }

    /// `_byline_token().match`:
    /// `^(?:\p{Han}{0,8}?(?:person)\p{Han}{0,4}|(?:alone))$`.
    fn byline_token(&self, t: &[u32]) -> bool {
        if self.alone_words.iter().any(|w| w[..] == t[..]) {
            return true;
        }
        let han = t.iter().take(8).take_while(|&&c| is_han(c)).count();
        (0..=han).any(|p| {
            self.person_words.iter().any(|w| {
                let q = p + w.len();
                q <= t.len()
                    && t[p..q] == w[..]
                    && t.len() - q <= 4
                    && t[q..].iter().all(|&c| is_han(c))
            })
        })
    }

    /// `_is_byline`.
    fn is_byline(&self, core: &[u32]) -> bool {
        if core.is_empty() || core.len() > 60 || sentence_marks(core) > 0 {
            return false;
        }
        let mut inner = core;
        if one_of(core[0], "（(") && one_of(core[core.len() - 1], "）)") {
            inner = if core.len() >= 2 {
                py_strip(&core[1..core.len() - 1])
            } else {
                &[]
            };
        }
        let tokens = py_split(inner);
        if tokens.is_empty() || tokens.len() > 16 {
            return false;
        }
        let all_han = |t: &[u32]| t.iter().all(|&c| is_han(c));
        let roles = tokens.iter().filter(|t| self.byline_token(t)).count();
        if roles == 0 {
            // Names only: at least two.
            return tokens.len() >= 2
                && tokens.iter().all(|t| {
                    (2..=3).contains(&t.len())
                        && self.surnames.binary_search(&t[0]).is_ok()
                        && all_han(t)
                });
        }
        tokens.iter().all(|t| {
            self.byline_token(t)
                || ((2..=4).contains(&t.len()) && all_han(t))
                || (t.len() <= 4 && t.iter().all(|&c| c < 0x80))
        })
    }

    /// `_ends_with_attribution`: a paragraph closed by its byline or credit on the same line.
    fn ends_with_attribution(&self, s: &[u32]) -> bool {
        let Some(group) = attribution_tail(s) else {
            return false;
        };
        let tail = py_strip(group);
        // (An empty tail is "in" any string, as Python reads `tail[:1] in "（("`.)
        if tail.first().is_none_or(|&c| one_of(c, "（("))
            && tail.last().is_none_or(|&c| one_of(c, "）)"))
        {
            return true;
        }
        self.is_byline(tail) || credit(tail)
    }

    /// The features of a stripped line (`roles._measure_line`).
    pub fn measure(&self, text: &[u32]) -> Features {
        let n = text.len();
        let width = display_width(text);
        let core = if text.first().is_some_and(|&c| one_of(c, MARK_CHARS)) {
            let k = text
                .iter()
                .take_while(|&&c| one_of(c, MARK_CHARS) || is_re_space(c))
                .count();
            &text[k..]
        } else {
            text
        };
        let bare = strip_closers(text);
        let last = bare.last().copied();
        let mut ends_final =
            last.is_some_and(|c| one_of(c, FINAL)) || self.ends_with_attribution(text);
        // An ASCII `.` after a digit is a numbering or a decimal point.
        if last == Some('.' as u32) && bare.len() >= 2 && py_digit(bare[bare.len() - 2]) {
            ends_final = false;
        }
        let last_char = text.last().copied();
        let first = text.first().copied();
        let inner = if last_char.is_some_and(|c| one_of(c, FINAL) || one_of(c, PAUSE)) {
            &text[..n - 1]
        } else {
            text
        };
        let ends_with_number = match digit_end(text) {
            None => false,
            Some(None) => true,
            Some(Some(unit)) => self.classifiers.contains(&unit),
        };
        let is = |c: Option<u32>, set: &str| c.is_some_and(|c| one_of(c, set));
        let may_jump = core.contains(&('版' as u32));
        let jump_start = if may_jump { jump_at(core, 0) } else { None };
        let tail_from = core.len().saturating_sub(16);
        let ends_latin = {
            let run = text
                .iter()
                .rev()
                .take_while(|&&c| is_ascii_alpha(c) || c == '\'' as u32 || c == '-' as u32);
            run.into_iter().any(|&c| is_ascii_alpha(c))
        };
        Features {
            width,
            ends_final,
            ends_pause: is(last_char, PAUSE),
            ends_colon: is(last_char, "：:"),
            ends_closer: is(last_char, CLOSERS) && !ends_final,
            open_depth: open_depth(text),
            starts_no_line_start: is(first, NO_LINE_START),
            starts_opener: first
                .is_some_and(|c| OPENERS.iter().any(|&o| o as u32 == c) || one_of(c, "\"'")),
            starts_latin: first.is_some_and(is_ascii_alnum),
            sentence_marks: sentence_marks(inner) as i64,
            list_marks: inner.iter().filter(|&&c| c == '、' as u32).count() as i64,
            spaced: spaced(text),
            ends_with_number,
            ends_latin,
            byline: self.is_byline(core),
            credit: width <= 80 && sentence_marks(core) == 0 && credit(core),
            caption: caption(core) || caption_credit(core),
            dateline: dateline(core),
            numbering: numbering(core),
            jump: may_jump
                && (jump_start.is_some()
                    || (tail_from..core.len())
                        .any(|i| jump_at(&core[tail_from..], i - tail_from).is_some())),
            jump_only: jump_start == Some(core.len()),
            editor: label(
                core,
                &[
                    "责任编辑",
                    "责编",
                    "编辑",
                    "美编",
                    "校对",
                    "审核",
                    "审校",
                    "值班编辑",
                ],
            ),
            source: label(core, &["来源", "稿源", "出处"]),
            brief: brief(core),
            markup_debris: markup_debris(text),
            subtitle: !ends_final && subtitle(core),
        }
    }

    /// Whether a stripped line of display width `width` is cut mid-sentence
    /// (`roles.is_broken_line`): measured only if it is long and stops on Han.
    fn is_broken(&self, text: &[u32], width: i64) -> bool {
        width >= BROKEN_LINE_WIDTH
            && text.last().is_some_and(|&c| is_han(c))
            && is_broken_line(text, &self.measure(text))
    }

    /// `roles.count_broken_lines` of stripped lines, measured here.
    pub fn broken_lines(&self, lines: &[Vec<u32>]) -> i64 {
        lines
            .iter()
            .filter(|t| self.is_broken(t, display_width(t)))
            .count() as i64
    }

    /// `roles.page_context` of a page's lines (stripped, blank ones left out) and their
    /// markup levels: (body width, wrap width, broken lines, wrap width in characters).
    pub fn page(&self, lines: &[Vec<u32>], levels: &[i64]) -> (i64, i64, i64, i64) {
        let widths: Vec<i64> = lines.iter().map(|t| display_width(t)).collect();
        let fin: Vec<bool> = lines
            .iter()
            .map(|t| strip_closers(t).last().is_some_and(|&c| one_of(c, FINAL)))
            .collect();
        let n = lines.len();
        let open_ends: Vec<usize> = (0..n.saturating_sub(1)).filter(|&i| !fin[i]).collect();
        // The five most common widths of lines that stop mid-sentence (`Counter.most_common`:
        // by count, ties in order of first appearance).
        let mut counts: Vec<(i64, usize)> = Vec::new();
        for &i in &open_ends {
            let w = widths[i];
            if w < 16 {
                continue;
            }
            match counts.iter_mut().find(|(x, _)| *x == w) {
                Some(entry) => entry.1 += 1,
                None => counts.push((w, 1)),
            }
        }
        // (A stable sort keeps first appearance among equal counts.)
        counts.sort_by_key(|&(_, c)| std::cmp::Reverse(c));
        let need = 4.max(n / 4);
        let (mut wrap, mut best) = (0i64, 0usize);
        let mut reach: Vec<Option<i64>> = vec![None; n];
        for &(w, _) in counts.iter().take(5) {
            let mut evidence = 0;
            for &i in &open_ends {
                if widths[i] <= w {
                    let r = *reach[i].get_or_insert_with(|| {
                        let ascii = lines[i].last().is_some_and(|&c| c < 0x80);
                        widths[i] + i64::from(ascii) + first_word_width(&lines[i + 1])
                    });
                    if r > w {
                        evidence += 1;
                    }
                }
            }
            if evidence >= need && evidence > best {
                wrap = w;
                best = evidence;
            }
        }
        if wrap != 0 && widths.iter().filter(|&&w| w > wrap + 2).count() * 10 > n {
            wrap = 0;
        }
        let body: Vec<i64> = (0..n)
            .filter(|&i| levels[i] == 0 && fin[i])
            .map(|i| widths[i])
            .collect();
        let broken = lines
            .iter()
            .zip(&widths)
            .filter(|(t, &w)| self.is_broken(t, w))
            .count() as i64;
        let wrap_chars = wrap_chars(lines, &open_ends);
        (median_floor(body), wrap, broken, wrap_chars)
    }
}

/// The fewest characters of a line that counts as evidence of a wrap width in characters.
const WRAP_CHARS_SHORTEST: usize = 8;

/// `roles._wrap_chars`: the width in characters a page was cut at (0 if none): the most common
/// length of lines that stop mid-sentence, when at least four lines and a quarter of the page
/// have exactly that length and no more than a tenth of the lines are longer. A program that
/// re-wraps text every N characters (or OCR of a column of full-width characters) makes lines
/// of N characters whatever their display width: quotes, digits and spaces are narrow.
fn wrap_chars(lines: &[Vec<u32>], open_ends: &[usize]) -> i64 {
    // The most common length (`Counter.most_common(1)`: ties in order of first appearance).
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &i in open_ends {
        let n = lines[i].len();
        if n < WRAP_CHARS_SHORTEST {
            continue;
        }
        match counts.iter_mut().find(|(x, _)| *x == n) {
            Some(entry) => entry.1 += 1,
            None => counts.push((n, 1)),
        }
    }
    let Some(&(w, evidence)) = counts
        .iter()
        .fold(None, |best: Option<&(usize, usize)>, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
    else {
        return 0;
    };
    let n = lines.len();
    if evidence < 4.max(n / 4) || lines.iter().filter(|t| t.len() > w).count() * 10 > n {
        return 0;
    }
    w as i64
}

/// The width (40 Han characters) and clause marks from which a line without a final mark
/// reads as a paragraph cut mid-sentence rather than a heading (docs/linewrap.md, rule 9).
const BROKEN_LINE_WIDTH: i64 = 80;
const BROKEN_LINE_MARKS: i64 = 2;

/// `roles.is_broken_line`: long, punctuated running text that stops on Han.
pub fn is_broken_line(text: &[u32], f: &Features) -> bool {
    f.width >= BROKEN_LINE_WIDTH
        && f.sentence_marks >= BROKEN_LINE_MARKS
        && f.sentence_like()
        && !f.ends_final
        && !f.ends_colon
        && text.last().is_some_and(|&c| is_han(c))
        && !has_credit_tail(text)
}

/// A short name (2-4 characters) after the line's last sentence end
/// and its closing quotes, a caption's credit (`…人們載歌載舞。美聯社`).
fn has_credit_tail(text: &[u32]) -> bool {
    let Some(p) = text.iter().rposition(|&c| one_of(c, "。！？!?")) else {
        return false;
    };
    let rest = &text[p + 1..];
    let closers = rest
        .iter()
        .take_while(|&&c| one_of(c, "”’」』）)]】"))
        .count();
    rest.len() >= 2 && rest.len() - closers <= 4
}

/// `roles._first_word_width`: the display width of the first ASCII word, or else of the
/// first character.
pub fn first_word_width(text: &[u32]) -> i64 {
    let run = text
        .iter()
        .take_while(|&&c| is_ascii_alnum(c) || c == '\'' as u32 || c == '-' as u32)
        .count();
    if run > 0 {
        return run as i64;
    }
    text.first().map_or(0, |&c| i64::from(char_width(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Measure {
        Measure::new(
            &["家".into(), "个".into()],
            "王陈李杨",
            &["记者".into(), "本报记者".into(), "摄".into(), "报道".into()],
        )
    }

    fn m(text: &str) -> Features {
        rules().measure(&chars(text))
    }

    #[test]
    fn ends_and_depth() {
        assert!(m("推动绿色发展。”").ends_final);
        assert!(!m("第3.").ends_final);
        assert_eq!(m("“请来的导师都").open_depth, 1);
        assert!(m("接入园区内186家").ends_with_number);
        assert!(!m("接入园区内186米").ends_with_number);
        assert!(m("他说，“好").sentence_marks == 1);
    }

    #[test]
    fn patterns() {
        assert!(m("王彩艳 杨毅").byline);
        assert!(m("本报记者 陈维灯").byline);
        assert!(m("记者 王中 摄").credit);
        assert!(m("图为会场。").caption);
        assert!(m("2025年1月2日 星期四").dateline);
        assert!(m("一、总则").numbering);
        assert!(m("（上接1版）").jump_only);
        assert!(m("责任编辑：张三").editor);
        assert!(m("本报讯（记者）").brief);
        assert!(m("font 12px;").markup_debris);
        assert!(m("——记某校长").subtitle);
        assert!(m("会议结束。 记者 王中").ends_final);
    }

    #[test]
    fn a_wrapped_page() {
        let lines: Vec<Vec<u32>> = std::iter::repeat_n(chars("一二三四五六七八"), 4)
            .chain([chars("完。")])
            .collect();
        assert_eq!(rules().page(&lines, &[0; 5]).1, 16);
    }

    #[test]
    fn a_page_cut_every_n_characters() {
        // Quotes, digits and a space are narrow: the display widths differ, the lengths not.
        let cut = [
            "“一二”三四五六七八",
            "一二三 四五六七八九",
            "一二三四五12七八九",
            "一二三四五六七八九十",
        ];
        let lines: Vec<Vec<u32>> = cut
            .iter()
            .map(|t| chars(t))
            .chain([chars("完。")])
            .collect();
        let (_, wrap, _, wrap_chars) = rules().page(&lines, &[0; 5]);
        assert_eq!((wrap, wrap_chars), (0, 10));
        // A page where more than a tenth of the lines are longer was not cut.
        let mut longer = lines.clone();
        longer.push(chars("一二三四五六七八九十一"));
        assert_eq!(rules().page(&longer, &[0; 6]).3, 0);
    }
}
