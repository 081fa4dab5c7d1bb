//! The segmentation cue of a line (`roles.segment_cue`): what one line says about article
//! boundaries (a heading, byline, lead paragraph, jump marker, caption …).
//!
//! The Python function read the line with `regex` patterns; each one is matched here by hand
//! (they are short and anchored), with the same leftmost-first, greedy semantics where the
//! matched text is used (`jump`, `lead`) and as a yes/no elsewhere. Character classes follow
//! the `regex` module: `\d` is `DIGITS`, `\s` is `RE_SPACES`; `str.strip`/`str.split` use
//! Python's `str.isspace` (`PY_SPACES`). Tests check the three tables against Python.

use crate::han::{in_ranges, is_han};

/// `regex`'s `\d` (Unicode 17 decimal digits), inclusive ranges.
pub const DIGITS: [(u32, u32); 72] = [
    (0x30, 0x39),
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
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x10D40, 0x10D49),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x116D0, 0x116E3),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11BF0, 0x11BF9),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x11DE0, 0x11DE9),
    (0x11F50, 0x11F59),
    (0x16130, 0x16139),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x16D70, 0x16D79),
    (0x1CCF0, 0x1CCF9),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E4F0, 0x1E4F9),
    (0x1E5F1, 0x1E5FA),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

/// `regex`'s `\s`.
pub const RE_SPACES: [u32; 25] = [
    0x9, 0xA, 0xB, 0xC, 0xD, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
    0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
];

/// Python's `str.isspace`: `\s` and the four information separators.
pub const PY_SPACES: [u32; 29] = [
    0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001,
    0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F,
    0x205F, 0x3000,
];

pub fn is_digit(c: u32) -> bool {
    in_ranges(&DIGITS, c)
}

pub fn is_re_space(c: u32) -> bool {
    RE_SPACES.binary_search(&c).is_ok()
}

pub fn is_py_space(c: u32) -> bool {
    PY_SPACES.binary_search(&c).is_ok()
}

pub(crate) fn chars(s: &str) -> Vec<u32> {
    s.chars().map(|c| c as u32).collect()
}

pub(crate) fn one_of(c: u32, set: &str) -> bool {
    set.chars().any(|s| s as u32 == c)
}

pub(crate) fn at(s: &[u32], p: usize, c: char) -> bool {
    s.get(p) == Some(&(c as u32))
}

pub(crate) fn starts_with_at(s: &[u32], p: usize, word: &str) -> Option<usize> {
    let mut q = p;
    for c in word.chars() {
        if s.get(q) != Some(&(c as u32)) {
            return None;
        }
        q += 1;
    }
    Some(q)
}

/// `[ \t]*` (or `[ \t\u3000]*` with `ideographic`) from `p`: the position after it.
pub(crate) fn skip_spaces(s: &[u32], mut p: usize, ideographic: bool) -> usize {
    while p < s.len() && (s[p] == 0x20 || s[p] == 0x9 || (ideographic && s[p] == 0x3000)) {
        p += 1;
    }
    p
}

/// A run of `lo..=hi` digits at `p` not followed by another digit: the position after it.
pub(crate) fn digits(s: &[u32], p: usize, lo: usize, hi: usize) -> Option<usize> {
    let n = s[p.min(s.len())..]
        .iter()
        .take_while(|&&c| is_digit(c))
        .count();
    (lo <= n && n <= hi).then_some(p + n)
}

pub const BRACKETS: &str = "（()）";

/// `[（(][^（()）]{lo,hi}[)）]` at `p`: the position after it.
fn bracketed(s: &[u32], p: usize, lo: usize, hi: usize) -> Option<usize> {
    if !s.get(p).is_some_and(|&c| one_of(c, "（(")) {
        return None;
    }
    // The content cannot hold a bracket, so the closer is the first bracket after the opener.
    let content = s[p + 1..]
        .iter()
        .take_while(|&&c| !one_of(c, BRACKETS))
        .count();
    let q = p + 1 + content;
    (lo <= content && content <= hi && s.get(q).is_some_and(|&c| one_of(c, ")）"))).then_some(q + 1)
}

/// `str.strip()`.
pub fn py_strip(s: &[u32]) -> &[u32] {
    let start = s.iter().position(|&c| !is_py_space(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&c| !is_py_space(c))
        .map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

/// `str.split()`.
pub(crate) fn py_split(s: &[u32]) -> Vec<&[u32]> {
    s.split(|&c| is_py_space(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The number of matches of `[，。；！？]|(?<!\d),|,(?!\d)|[;!?](?=\s*\p{Han})` in `s`.
pub fn sentence_marks(s: &[u32]) -> usize {
    (0..s.len())
        .filter(|&i| {
            let c = s[i];
            if one_of(c, "，。；！？") {
                true
            } else if c == ',' as u32 {
                // Not a comma between two digits (`1,000`).
                !(i > 0 && is_digit(s[i - 1]) && i + 1 < s.len() && is_digit(s[i + 1]))
            } else if one_of(c, ";!?") {
                let j = i + 1 + s[i + 1..].iter().take_while(|&&c| is_re_space(c)).count();
                j < s.len() && is_han(s[j])
            } else {
                false
            }
        })
        .count()
}

/// `[（(][ \t]*(?:上接|下转|接上|转下|转第|接第)[^（()）]{0,10}版[ \t]*[)）]`, searched: its span.
fn jump(s: &[u32]) -> Option<(usize, usize)> {
    for i in 0..s.len() {
        if !one_of(s[i], "（(") {
            continue;
        }
        let p = skip_spaces(s, i + 1, false);
        let Some(p) = ["上接", "下转", "接上", "转下", "转第", "接第"]
            .iter()
            .find_map(|w| starts_with_at(s, p, w))
        else {
            continue;
        };
        let room = s[p..]
            .iter()
            .take(10)
            .take_while(|&&c| !one_of(c, BRACKETS))
            .count();
        // Greedy: the longest run before `版` that lets the rest match.
        for m in (0..=room).rev() {
            if at(s, p + m, '版') {
                let q = skip_spaces(s, p + m + 1, false);
                if s.get(q).is_some_and(|&c| one_of(c, ")）")) {
                    return Some((i, q + 1));
                }
            }
        }
    }
    None
}

/// What may stand between a byline's role word and the name (`作者︱王希`, `文/王希`).
const BYLINE_SEPARATORS: &str = "：:｜|︱丨/／";

/// The news lead at the start (`本报讯(记者 陈钧)`, `新华社北京12月23日电`, `新华网消息：`):
/// its end.
fn lead(s: &[u32]) -> Option<usize> {
    // \p{Han}{1,8}讯[ \t]*(?:[（(][^（()）]{1,40}[)）])?
    let han = s.iter().take(9).take_while(|&&c| is_han(c)).count();
    for k in (1..=han.min(8)).rev() {
        if at(s, k, '讯') {
            let p = skip_spaces(s, k + 1, false);
            return Some(bracketed(s, p, 1, 40).unwrap_or(p));
        }
    }
    let p = ["新华社", "中新社", "人民日报", "央视网", "新华网", "人民网"]
        .iter()
        .find_map(|w| starts_with_at(s, 0, w))?;
    // (?:新华社|…)消息(?:[（(][^（()）]{1,40}[)）])?[：:] — the agencies' web form.
    if let Some(q) = starts_with_at(s, p, "消息") {
        let q = bracketed(s, q, 1, 40).unwrap_or(q);
        return s.get(q).is_some_and(|&c| one_of(c, "：:")).then_some(q + 1);
    }
    // (?:新华社|…)\p{Han}{0,10}\d{1,2}月\d{1,2}日电(?:[ \t]*[（(][^（()）]{1,40}[)）])?
    let run = s[p..].iter().take_while(|&&c| is_han(c)).count();
    if run > 10 {
        return None;
    }
    let p = digits(s, p + run, 1, 2)?;
    let p = starts_with_at(s, p, "月")?;
    let p = digits(s, p, 1, 2)?;
    let p = starts_with_at(s, p, "日电")?;
    Some(bracketed(s, skip_spaces(s, p, false), 1, 40).unwrap_or(p))
}

/// `(?:星期|周)[一二三四五六日天]` at `p`: the position after it.
pub(crate) fn weekday(s: &[u32], p: usize) -> Option<usize> {
    let p = starts_with_at(s, p, "星期").or_else(|| starts_with_at(s, p, "周"))?;
    s.get(p)
        .is_some_and(|&c| one_of(c, "一二三四五六日天"))
        .then_some(p + 1)
}

/// `_SEG_PAGE.match`: a page number, a dated page header, a page editor.
fn page(s: &[u32]) -> bool {
    // 第?\s*\d{1,3}\s*版
    let skip_re = |p: usize| {
        p + s[p.min(s.len())..]
            .iter()
            .take_while(|&&c| is_re_space(c))
            .count()
    };
    let number = |p: usize| {
        let p = digits(s, skip_re(p), 1, 3)?;
        starts_with_at(s, skip_re(p), "版")
    };
    if (at(s, 0, '第') && number(1).is_some()) || number(0).is_some() {
        return true;
    }
    // \d{4}年\d{1,2}月\d{1,2}日[ \t\u3000]*(?:星期|周)[一二三四五六日天]
    let dated = |p: usize| {
        let p = starts_with_at(s, digits(s, p, 4, 4)?, "年")?;
        let p = starts_with_at(s, digits(s, p, 1, 2)?, "月")?;
        let p = starts_with_at(s, digits(s, p, 1, 2)?, "日")?;
        weekday(s, skip_spaces(s, p, true))
    };
    if dated(0).is_some() {
        return true;
    }
    // [\p{Han}\d\s·|｜/]{1,12}<the date above>[\p{Han}\d\s·|｜/]{0,12}$ with a digit outside the
    // date: a section name and a page number around the dated line (`要闻 3 2025年1月2日 星期四`).
    let furniture = |c: u32| is_han(c) || is_digit(c) || is_re_space(c) || one_of(c, "·|｜/");
    for p in 1..=s.len().min(12) {
        if !furniture(s[p - 1]) {
            break;
        }
        if let Some(e) = dated(p) {
            let rest = &s[e..];
            if rest.len() <= 12
                && rest.iter().all(|&c| furniture(c))
                && s[..p].iter().chain(rest).any(|&c| is_digit(c))
            {
                return true;
            }
        }
    }
    [
        "责任编辑",
        "责编",
        "美术编辑",
        "美编",
        "版式",
        "校对",
        "值班编辑",
        "本版编辑",
    ]
    .iter()
    .filter_map(|w| starts_with_at(s, 0, w))
    .any(|p| {
        s.get(skip_spaces(s, p, false))
            .is_some_and(|&c| one_of(c, "：:"))
    })
}

/// `_SEG_DATE.match`: a bare date.
fn date(s: &[u32]) -> bool {
    let n = s.len();
    // ^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[ \t\u3000]*(?:星期|周)[一二三四五六日天])?$
    let from = |p: usize| -> bool {
        let Some(p) = digits(s, p, 1, 2).and_then(|p| starts_with_at(s, p, "月")) else {
            return false;
        };
        let Some(p) = digits(s, p, 1, 2).and_then(|p| starts_with_at(s, p, "日")) else {
            return false;
        };
        p == n || weekday(s, skip_spaces(s, p, true)) == Some(n)
    };
    let year = digits(s, 0, 4, 4).and_then(|p| starts_with_at(s, p, "年"));
    if year.is_some_and(from) || from(0) {
        return true;
    }
    // ^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$
    let sep = |p: usize| s.get(p).is_some_and(|&c| one_of(c, "-/.")).then_some(p + 1);
    digits(s, 0, 4, 4)
        .and_then(sep)
        .and_then(|p| digits(s, p, 1, 2))
        .and_then(sep)
        .and_then(|p| digits(s, p, 1, 2))
        == Some(n)
}

/// `_SEG_CREDIT.search`: a photo credit.
fn credit(s: &[u32]) -> bool {
    // ^(?:特约)?摄影(?:记者)?[ \t\u3000]: `(?:记者)?` is tried with and without.
    let head = starts_with_at(s, 0, "特约").unwrap_or(0);
    if let Some(p) = starts_with_at(s, head, "摄影") {
        let spaced = |q: usize| {
            s.get(q)
                .is_some_and(|&c| c == 0x20 || c == 0x9 || c == 0x3000)
        };
        if starts_with_at(s, p, "记者").is_some_and(spaced) || spaced(p) {
            return true;
        }
    }
    // (?:[ \t\u3000]摄(?:影)?|(?:记者|摄影|通讯员|图片由|图/)[^。，；]{0,12}摄|供图|制图)
    // (?:[（(][^（()）]{0,12}[)）])?$ : the text, or the text without a final bracket group.
    let mut ends = vec![s.len()];
    if s.last().is_some_and(|&c| one_of(c, ")）")) {
        // The opener of a final group: the last bracket before the closer.
        let close = s.len() - 1;
        if let Some(open) = s[..close].iter().rposition(|&c| one_of(c, BRACKETS)) {
            if one_of(s[open], "（(") && close - open - 1 <= 12 {
                ends.push(open);
            }
        }
    }
    ends.into_iter().any(|e| credit_ending_at(&s[..e]))
}

fn credit_ending_at(t: &[u32]) -> bool {
    let n = t.len();
    let ends_with = |w: &str| {
        let w = chars(w);
        n >= w.len() && t[n - w.len()..] == w[..]
    };
    let space = |c: u32| c == 0x20 || c == 0x9 || c == 0x3000;
    if ends_with("供图") || ends_with("制图") {
        return true;
    }
    if (ends_with("摄") && n >= 2 && space(t[n - 2]))
        || (ends_with("摄影") && n >= 3 && space(t[n - 3]))
    {
        return true;
    }
    if !ends_with("摄") {
        return false;
    }
    // A contributor word, then at most 12 characters but `。，；`, then the final `摄`.
    let last = n - 1;
    let free = t[..last]
        .iter()
        .rev()
        .take(13)
        .take_while(|&&c| !one_of(c, "。，；"))
        .count()
        .min(12);
    (last - free..=last).any(|j| {
        ["记者", "摄影", "通讯员", "图片由", "图/"].iter().any(|w| {
            let w = chars(w);
            j >= w.len() && t[j - w.len()..j] == w[..]
        })
    })
}

/// `_SEG_CAPTION.search`: a photo caption.
fn caption(s: &[u32]) -> bool {
    // (?:^|[。；\s])图[为①-⑳\d]
    let figure = (0..s.len()).any(|i| {
        s[i] == '图' as u32
            && (i == 0 || one_of(s[i - 1], "。；") || is_re_space(s[i - 1]))
            && s.get(i + 1)
                .is_some_and(|&c| c == '为' as u32 || (0x2460..=0x2473).contains(&c) || is_digit(c))
    });
    if figure {
        return true;
    }
    // [（(][^（()）]{0,12}(?:照片|图片|资料图|供图|新华社发)[)）]
    (0..s.len()).any(|i| {
        if !one_of(s[i], "（(") {
            return false;
        }
        let content = s[i + 1..]
            .iter()
            .take_while(|&&c| !one_of(c, BRACKETS))
            .count();
        let close = i + 1 + content;
        if !s.get(close).is_some_and(|&c| one_of(c, ")）")) {
            return false;
        }
        let inner = &s[i + 1..close];
        ["照片", "图片", "资料图", "供图", "新华社发"]
            .iter()
            .any(|w| {
                let w = chars(w);
                inner.len() >= w.len()
                    && inner[inner.len() - w.len()..] == w[..]
                    && inner.len() - w.len() <= 12
            })
    })
}

/// What one line says about article boundaries (`roles.SegmentCue`); `lead` and `jump` are
/// spans in the stripped text.
#[derive(Debug, PartialEq)]
pub struct Cue {
    pub kind: &'static str,
    pub boxed: bool,
    pub lead: Option<(usize, usize)>,
    pub jump: Option<(usize, usize)>,
    pub brief: bool,
}

impl Cue {
    fn of(kind: &'static str) -> Cue {
        Cue {
            kind,
            boxed: false,
            lead: None,
            jump: None,
            brief: false,
        }
    }
}

/// The facts of a block the cue reads besides its text.
pub struct BlockFacts<'a> {
    /// `Role.value`.
    pub role: &'a str,
    pub level: i64,
    pub bullet: bool,
    pub caption: bool,
    pub bold: bool,
}

pub struct CueRules {
    /// `byline_roles` words of two characters or more, but `报道` and `设计`.
    byline_words: Vec<Vec<u32>>,
    brief_words: Vec<Vec<u32>>,
    /// Sorted.
    surnames: Vec<u32>,
}

const BOXES: &str = "□■◇◆";
/// Closing quotes and brackets (`_SEG_CLOSERS`).
pub const CLOSERS: &str = "”’）)」』》〉】〕]\"'";

impl CueRules {
    pub fn new(byline_words: &[String], brief_words: &[String], surnames: &str) -> CueRules {
        let mut surnames = chars(surnames);
        surnames.sort_unstable();
        CueRules {
            byline_words: byline_words
                .iter()
                .filter(|w| w.chars().count() >= 2 && *w != "报道" && *w != "设计")
                .map(|w| chars(w))
                .collect(),
            brief_words: brief_words.iter().map(|w| chars(w)).collect(),
            surnames,
        }
    }

    /// `^(?:\p{Han}{0,8}?(?:words)\p{Han}{0,5}|摄|文|图|[文图]/[文图])$`
    fn byline_token(&self, t: &[u32]) -> bool {
        let is = |c: u32, s: &str| one_of(c, s);
        if t.len() == 1 && is(t[0], "摄文图") {
            return true;
        }
        if t.len() == 3 && is(t[0], "文图") && t[1] == '/' as u32 && is(t[2], "文图") {
            return true;
        }
        // `文/王希`, `文｜王希`: a one-character role, a separator, a name.
        if (4..=6).contains(&t.len())
            && is(t[0], "文图")
            && is(t[1], BYLINE_SEPARATORS)
            && t[2..].iter().all(|&c| is_han(c))
        {
            return true;
        }
        let han = t.iter().take_while(|&&c| is_han(c)).count();
        (0..=han.min(8)).any(|p| {
            self.byline_words.iter().any(|w| {
                let q = p + w.len();
                if q > t.len() || t[p..q] != w[..] {
                    return false;
                }
                // (`作者丨王希`, `撰文：李四`: a separator between the role and the name.)
                let q = if q + 1 < t.len() && is(t[q], BYLINE_SEPARATORS) {
                    q + 1
                } else {
                    q
                };
                t.len() - q <= 5 && t[q..].iter().all(|&c| is_han(c))
            })
        })
    }

    fn is_byline(&self, text: &[u32]) -> bool {
        let t = if text.first().is_some_and(|&c| one_of(c, BOXES)) {
            &text[1..]
        } else {
            text
        };
        let mut core = py_strip(t);
        while core.first().is_some_and(|&c| one_of(c, "（(")) {
            core = &core[1..];
        }
        while core.last().is_some_and(|&c| one_of(c, "）)")) {
            core = &core[..core.len() - 1];
        }
        let core = py_strip(core);
        if core.is_empty() || core.len() > 70 || sentence_marks(core) > 0 {
            return false;
        }
        let tokens = py_split(core);
        let name = |t: &[u32]| (2..=4).contains(&t.len()) && t.iter().all(|&c| is_han(c));
        tokens.iter().any(|t| self.byline_token(t))
            && tokens.iter().all(|t| self.byline_token(t) || name(t))
    }

    fn is_names(&self, text: &[u32]) -> bool {
        let tokens = py_split(text);
        (1..=4).contains(&tokens.len())
            && tokens.iter().all(|t| {
                (2..=3).contains(&t.len())
                    && t.iter().all(|&c| is_han(c))
                    && self.surnames.binary_search(&t[0]).is_ok()
            })
    }

    /// The cue of a line whose stripped text is `text`.
    pub fn cue(&self, text: &[u32], block: &BlockFacts<'_>) -> Cue {
        let n = text.len();
        if n == 0 {
            return Cue::of("blank");
        }
        let jump = if text.contains(&('版' as u32)) {
            jump(text)
        } else {
            None
        };
        if let Some((a, b)) = jump {
            if n - (b - a) <= 2 {
                return Cue {
                    jump,
                    ..Cue::of("jump")
                };
            }
        }
        let may_lead = text.iter().take(9).any(|&c| c == '讯' as u32)
            || text.iter().take(21).any(|&c| c == '电' as u32)
            || text.iter().take(6).any(|&c| c == '息' as u32);
        let lead = if may_lead { lead(text) } else { None };
        let lead = lead.filter(|&e| n > e + 8).map(|e| (0, e));
        let marks = if n <= 90 {
            sentence_marks(&text[..n - 1])
        } else {
            0
        };
        let bare_end = text
            .iter()
            .rposition(|&c| !one_of(c, CLOSERS))
            .map_or(0, |e| e + 1);
        let ends_final = bare_end > 0 && one_of(text[bare_end - 1], "。！？!?…；;");
        if block.role == "page-header" || (n <= 40 && page(text)) {
            return Cue::of("page");
        }
        if block.role == "dateline" || date(text) {
            return Cue::of("dateline");
        }
        if lead.is_none() && !ends_final && one_of(text[n - 1], "：:") && n <= 12 {
            return Cue::of("label");
        }
        let boxed = one_of(text[0], BOXES) || block.bullet;
        if lead.is_none() && n <= 90 && marks <= 1 && credit(text) {
            return Cue {
                boxed,
                ..Cue::of("credit")
            };
        }
        if lead.is_none() && self.is_byline(text) {
            return Cue {
                boxed,
                ..Cue::of("byline")
            };
        }
        if block.level == 0 && self.is_names(text) {
            return Cue::of("names");
        }
        match block.role {
            "caption" => return Cue::of("caption"),
            "credit" => return Cue::of("credit"),
            "byline" => return Cue::of("byline"),
            _ => {}
        }
        if block.caption || (n <= 80 && caption(text)) {
            return Cue::of("caption");
        }
        let short = n <= 40 && marks == 0 && !ends_final;
        let headed = block.level > 0 || block.bold;
        if lead.is_none() && (short || (headed && n <= 60 && marks <= 1)) {
            let squeezed: Vec<u32> = text
                .iter()
                .copied()
                .filter(|&c| c != 0x20 && c != 0x9 && c != 0x3000)
                .collect();
            return Cue {
                brief: self.brief_words.contains(&squeezed),
                ..Cue::of("heading")
            };
        }
        Cue {
            lead,
            jump,
            ..Cue::of("paragraph")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> CueRules {
        CueRules::new(
            &[
                "记者".into(),
                "通讯员".into(),
                "报道".into(),
                "作者".into(),
                "撰文".into(),
                "文/图".into(),
            ],
            &["新闻快递".into()],
            "王陈李",
        )
    }

    fn cue(text: &str, role: &str, level: i64) -> Cue {
        let facts = BlockFacts {
            role,
            level,
            bullet: false,
            caption: false,
            bold: false,
        };
        rules().cue(&chars(text), &facts)
    }

    #[test]
    fn tables_are_sorted() {
        for w in DIGITS.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0);
        }
        assert!(RE_SPACES.windows(2).all(|w| w[0] < w[1]));
        assert!(PY_SPACES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn kinds() {
        assert_eq!(cue("王彩艳 陈毅", "unknown", 0).kind, "names");
        let c = cue("□本报记者 陈维灯", "unknown", 0);
        assert_eq!((c.kind, c.boxed), ("byline", true));
        assert_eq!(cue("作者︱王希", "unknown", 0).kind, "byline");
        assert_eq!(cue("文/王希", "unknown", 0).kind, "byline");
        assert_eq!(cue("撰文：李四 王五", "unknown", 0).kind, "byline");
        assert_ne!(cue("作者：", "unknown", 0).kind, "byline");
        let t = "本报讯(记者 陈钧)12月23日，两江新区签约。";
        assert_eq!(cue(t, "unknown", 0).lead, Some((0, 10)));
        let t = "新华网消息（记者 王五）：今天上午，会议在北京召开。";
        assert_eq!(cue(t, "unknown", 0).lead, Some((0, 13)));
        // An agency's news without the colon is a sentence, not a lead.
        let t = "新华网消息称今天上午，会议在北京召开，代表出席。";
        assert_eq!(cue(t, "unknown", 0).lead, None);
        assert_eq!(cue("大足打造艺术家小镇", "unknown", 2).kind, "heading");
        assert_eq!(cue("（上接1版）", "unknown", 0).kind, "jump");
        assert_eq!(cue("2025年1月2日 星期四", "unknown", 0).kind, "page");
        assert_eq!(cue("要闻 3 2025年1月2日 星期四", "unknown", 0).kind, "page");
        assert_eq!(cue("文化 72025年9月22日星期一", "unknown", 0).kind, "page");
        assert_ne!(
            cue("会议定于2025年1月2日 星期四召开", "unknown", 0).kind,
            "page"
        );
        assert_eq!(cue("1月2日", "unknown", 0).kind, "dateline");
        assert_eq!(cue("记者 王中 摄", "unknown", 0).kind, "credit");
        assert!(cue("新闻 快递", "unknown", 0).brief);
        assert_eq!(cue("", "unknown", 0).kind, "blank");
    }

    #[test]
    fn sentence_marks_like_the_pattern() {
        assert_eq!(sentence_marks(&chars("1,000,a, b;重")), 3);
        assert_eq!(sentence_marks(&chars("好! a")), 0);
    }
}
