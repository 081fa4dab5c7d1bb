//! The linear HTML lexer of `cleantext.markup`: the repaired source in, spans of text, tags,
//! comments and raw text (scripts, styles) out.
//!
//! A port of the Python lexer kept as the reference in tests/reference/markup_lexer.py; the
//! differential test (tests/test_markup_lexer_core.py) checks identical tokens and identical
//! state between pieces. The unwrap pass feeds the source piece by piece and reads the state
//! at every line break (inside a tag? a quote? a `<` pending?), so the lexer is incremental:
//! `feed` lexes what it can and waits where the next piece may change the reading
//! (`<` at the end, `<!-` …); `finish` settles what never closed.
//!
//! Everything works on code points (`u32`), so offsets are Python's string indices and lone
//! surrogates pass through. The Python patterns are matched by hand: each is small, and
//! written out its backtracking is deterministic (documented at each matcher). Where the
//! patterns were case-insensitive (`regex.I`), a letter also matches the non-ASCII characters
//! whose simple case folding `regex` uses (`İ` for `i`, `K` for `k`, `ſ` for `s`); `\s` and
//! `\w` are the `regex` module's (Unicode `White_Space`, the `word.rs` table).

use std::collections::HashSet;
use std::sync::Arc;

use crate::han::is_han;
use crate::word::is_word;

/// Lexer modes (the Python class's constants, in its order).
pub const TEXT: u8 = 0;
pub const TAG: u8 = 1;
pub const DQ: u8 = 2;
pub const SQ: u8 = 3;
pub const COMMENT: u8 = 4;
pub const BOGUS: u8 = 5;
pub const RAW: u8 = 6;

/// What a token holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Tag,
    Comment,
    Raw,
}

/// A span `[start, end)` of the logical text (all pieces fed, in code points).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The vocabulary the lexer reads (from `cleantext.markup.vocabulary`): lower-case ASCII names.
#[derive(Debug)]
pub struct Rules {
    /// Element names a broken tag (`< div class=…>`) may carry.
    known_tags: HashSet<Vec<u8>>,
    max_known: usize,
    /// Elements whose content is raw text (`script`, `style` …).
    raw_tags: HashSet<Vec<u8>>,
    /// Attributes whose quoted value is CSS or a name: a `>` in it ends a value cut by lost text.
    css_attrs: HashSet<Vec<u8>>,
}

impl Rules {
    pub fn new(
        known_tags: &[&str],
        raw_tags: &[&str],
        css_attrs: &[&str],
    ) -> Result<Rules, String> {
        fn names(list: &[&str], alnum: bool) -> Result<HashSet<Vec<u8>>, String> {
            list.iter()
                .map(|&s| {
                    let ok = !s.is_empty()
                        && s.bytes().all(|b| {
                            b.is_ascii_lowercase()
                                || b.is_ascii_digit()
                                || (!alnum && b"-_:".contains(&b))
                        });
                    if ok {
                        Ok(s.as_bytes().to_vec())
                    } else {
                        Err(format!("{s:?} is not a lower-case ASCII name"))
                    }
                })
                .collect()
        }
        // A known name must be letters and digits: the broken-tag matcher reads a name as
        // the run of them (a name followed by another one could not be followed by `>`).
        let known_tags = names(known_tags, true)?;
        let max_known = known_tags.iter().map(Vec::len).max().unwrap_or(0);
        Ok(Rules {
            known_tags,
            max_known,
            raw_tags: names(raw_tags, false)?,
            css_attrs: names(css_attrs, false)?,
        })
    }
}

const LT: u32 = '<' as u32;
const GT: u32 = '>' as u32;
const SLASH: u32 = '/' as u32;
const EQ: u32 = '=' as u32;
const DQUOTE: u32 = '"' as u32;
const SQUOTE: u32 = '\'' as u32;
const NL: u32 = '\n' as u32;
const CR: u32 = '\r' as u32;

/// Python's buffer is trimmed when this much of it is behind the current token.
const TRIM: usize = 4096;
/// How far past an end tag inside a script string to look for the script's real end.
const STRING_END_AHEAD: usize = 16384;
/// A string literal longer than this is an unpaired quote, not code: it ends there.
const MAX_STRING: usize = 4096;
/// Names a `<` or `</` of markup clearly resuming after an unclosed script starts with.
const RESUME_NAMES: [&[u8]; 20] = [
    b"p", b"div", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"table", b"article", b"section",
    b"br", b"li", b"ul", b"ol", b"span", b"a", b"img", b"body", b"html",
];

/// HTML's whitespace (`vocabulary._HTML_WS`).
fn is_html_ws(c: u32) -> bool {
    matches!(c, 0x20 | 0x09 | 0x0A | 0x0D | 0x0C)
}

/// `\s` of Python's `regex` module: Unicode `White_Space`.
pub fn is_space(c: u32) -> bool {
    matches!(
        c,
        0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F
            | 0x205F | 0x3000
    )
}

/// The lower-case ASCII character `c` matches case-insensitively (`regex.I`), if any.
fn fold(c: u32) -> Option<u8> {
    match c {
        0..=0x7F => Some((c as u8).to_ascii_lowercase()),
        0x130 => Some(b'i'),
        0x17F => Some(b's'),
        0x212A => Some(b'k'),
        _ => None,
    }
}

fn find(buf: &[u32], c: u32, a: usize, b: usize) -> Option<usize> {
    if a >= b {
        return None;
    }
    buf[a..b].iter().position(|&x| x == c).map(|k| a + k)
}

/// `_TAG_START.search(buf, a, b)`: `<[A-Za-z/]` inside `[a, b)`.
fn tag_start(buf: &[u32], a: usize, b: usize) -> Option<usize> {
    let mut p = a;
    while p + 1 < b {
        let j = find(buf, LT, p, b - 1)?;
        let c = buf[j + 1];
        if c == SLASH || (c < 0x80 && (c as u8).is_ascii_alphabetic()) {
            return Some(j);
        }
        p = j + 1;
    }
    None
}

/// Skips an optional line break (`(?:\r?\n)?`) at `q`, within `b`.
fn skip_cut(buf: &[u32], q: usize, b: usize) -> usize {
    if q + 1 < b && buf[q] == CR && buf[q + 1] == NL {
        q + 2
    } else if q < b && buf[q] == NL {
        q + 1
    } else {
        q
    }
}

/// `_COMMENT_END.search(buf, i)`: `-`, `-`, `>` with an optional line break between them.
/// (Deterministic: after a break the next character must be `-` or `>`, never one of a break.)
fn comment_end(buf: &[u32], i: usize) -> Option<(usize, usize)> {
    let n = buf.len();
    let dash = '-' as u32;
    let mut p = i;
    while let Some(s) = find(buf, dash, p, n) {
        let q = skip_cut(buf, s + 1, n);
        if q < n && buf[q] == dash {
            let r = skip_cut(buf, q + 1, n);
            if r < n && buf[r] == GT {
                return Some((s, r + 1));
            }
        }
        p = s + 1;
    }
    None
}

/// `_raw_end(name).search(buf, a, b)`: `</name`, case-insensitive, an optional line break
/// between any two characters, followed by whitespace, `/`, `>` or the end (`b`).
fn raw_end(buf: &[u32], name: &[u8], a: usize, b: usize) -> Option<(usize, usize)> {
    let mut p = a;
    'next: while let Some(s) = find(buf, LT, p, b) {
        p = s + 1;
        let mut q = s + 1;
        for &ch in std::iter::once(&b'/').chain(name) {
            q = skip_cut(buf, q, b);
            if q >= b || fold(buf[q]) != Some(ch) {
                continue 'next;
            }
            q += 1;
        }
        if q == b || is_space(buf[q]) || buf[q] == SLASH || buf[q] == GT {
            return Some((s, q));
        }
    }
    None
}

/// `_SCRIPT_OPEN.search(buf, a, b)`: `<script\b`, case-insensitive.
fn script_open(buf: &[u32], a: usize, b: usize) -> bool {
    let mut p = a;
    while let Some(s) = find(buf, LT, p, b) {
        p = s + 1;
        let e = s + 7;
        if e <= b
            && buf[s + 1..e]
                .iter()
                .zip(b"script")
                .all(|(&c, &l)| fold(c) == Some(l))
            && (e == b || !is_word(buf[e]))
        {
            return true;
        }
    }
    false
}

/// The next match of `_RAW_RESUME` from `pos`: `<` or `</` with one of [`RESUME_NAMES`] as a
/// whole word (`\b`), case-insensitive, or a run of four Han characters or more.
fn raw_resume(buf: &[u32], pos: usize) -> Option<(usize, usize)> {
    let n = buf.len();
    let mut p = pos;
    while p < n {
        let c = buf[p];
        if c == LT {
            // `/?` then a name: with the `/` taken first, without it the name would start
            // at `/` and fail.
            let q = if p + 1 < n && buf[p + 1] == SLASH {
                p + 2
            } else {
                p + 1
            };
            let mut e = q;
            while e < n && e - q <= 7 && is_word(buf[e]) {
                e += 1;
            }
            // `\b` after the name: the whole run of word characters must be the name.
            let name: Option<Vec<u8>> = buf[q..e].iter().map(|&c| fold(c)).collect();
            if let Some(name) = name {
                if RESUME_NAMES.contains(&name.as_slice()) {
                    return Some((p, e));
                }
            }
            p += 1;
        } else if is_han(c) {
            let mut e = p + 1;
            while e < n && is_han(buf[e]) {
                e += 1;
            }
            if e - p >= 4 {
                return Some((p, e));
            }
            p = e;
        } else {
            p += 1;
        }
    }
    None
}

/// The lexical state of script or style code (`_code_state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Plain,
    Single,
    Double,
    Back,
    Block,
    Line,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Special {
    Quote(Code),
    Backslash,
    Newline,
    Open,
    Close,
    LineComment,
}

/// `_CODE_SPECIAL.search(buf, i, b)`: `['"`\\\n]|/\*|\*/|//` (its end, and what it is).
fn next_special(buf: &[u32], i: usize, b: usize) -> Option<(Special, usize)> {
    let mut p = i;
    while p < b {
        let next = if p + 1 < b { buf[p + 1] } else { 0 };
        let hit = match char::from_u32(buf[p]) {
            Some('\'') => Some((Special::Quote(Code::Single), 1)),
            Some('"') => Some((Special::Quote(Code::Double), 1)),
            Some('`') => Some((Special::Quote(Code::Back), 1)),
            Some('\\') => Some((Special::Backslash, 1)),
            Some('\n') => Some((Special::Newline, 1)),
            Some('/') if next == '*' as u32 => Some((Special::Open, 2)),
            Some('/') if next == '/' as u32 => Some((Special::LineComment, 2)),
            Some('*') if next == '/' as u32 => Some((Special::Close, 2)),
            _ => None,
        };
        if let Some((tok, len)) = hit {
            return Some((tok, p + len));
        }
        p += 1;
    }
    None
}

/// `_scan_code`: the state of code `buf[a:b]` at `b`, read on from `a` in `state` (a string
/// literal opened at `opened`). A quoted string ends at a line break or after
/// [`MAX_STRING`] characters, so an unpaired quote cannot hide the rest of a page.
pub fn scan_code(
    buf: &[u32],
    a: usize,
    b: usize,
    mut state: Code,
    mut opened: usize,
    js: bool,
) -> (Code, usize) {
    let mut i = a;
    loop {
        let Some((tok, end)) = next_special(buf, i, b) else {
            if matches!(state, Code::Single | Code::Double) && b > opened + MAX_STRING {
                state = Code::Plain;
            }
            return (state, opened);
        };
        i = end;
        match state {
            Code::Single | Code::Double | Code::Back => {
                if tok == Special::Backslash {
                    i += 1;
                } else if tok == Special::Quote(state)
                    || (tok == Special::Newline && state != Code::Back)
                    || i > opened + MAX_STRING
                {
                    state = Code::Plain;
                }
            }
            Code::Block => {
                if tok == Special::Close {
                    state = Code::Plain;
                }
            }
            Code::Line => {
                if tok == Special::Newline {
                    state = Code::Plain;
                }
            }
            Code::Plain => match tok {
                Special::Quote(q) if q != Code::Back || js => {
                    state = q;
                    opened = i;
                }
                Special::Open => state = Code::Block,
                Special::LineComment if js => state = Code::Line,
                _ => {}
            },
        }
    }
}

/// `_ATTR_BEFORE.search(buf, a, b)`: `([^\s"'=<>/]+)\s*$` in `[a, b)`, the name's span.
fn attr_before(buf: &[u32], a: usize, b: usize) -> Option<(usize, usize)> {
    let mut e = b;
    while e > a && is_space(buf[e - 1]) {
        e -= 1;
    }
    let name_char = |c: u32| {
        !is_space(c) && !matches!(char::from_u32(c), Some('"' | '\'' | '=' | '<' | '>' | '/'))
    };
    let mut s = e;
    while s > a && name_char(buf[s - 1]) {
        s -= 1;
    }
    (s < e).then_some((s, e))
}

/// `_TAG_NAME.match(tag)`: `<(/?)\s*([A-Za-z][A-Za-z0-9:_-]*)`, (end tag?, lower-case name).
fn tag_name(tag: &[u32]) -> Option<(bool, Vec<u8>)> {
    if tag.first() != Some(&LT) {
        return None;
    }
    let mut p = 1;
    let slash = tag.get(p) == Some(&SLASH);
    if slash {
        p += 1;
    }
    while p < tag.len() && is_space(tag[p]) {
        p += 1;
    }
    let ascii = |c: u32| (c < 0x80).then_some(c as u8);
    match tag.get(p).and_then(|&c| ascii(c)) {
        Some(b) if b.is_ascii_alphabetic() => {}
        _ => return None,
    }
    let mut name = Vec::new();
    while let Some(b) = tag.get(p).and_then(|&c| ascii(c)) {
        if !(b.is_ascii_alphanumeric() || b":_-".contains(&b)) {
            break;
        }
        name.push(b.to_ascii_lowercase());
        p += 1;
    }
    Some((slash, name))
}

/// The lower-cased attribute name is one of `names` (Python's `name.lower() in names`: only
/// the Kelvin sign lower-cases into ASCII from outside it).
fn lower_in(name: &[u32], names: &HashSet<Vec<u8>>) -> bool {
    let lower: Option<Vec<u8>> = name
        .iter()
        .map(|&c| match c {
            0..=0x7F => Some((c as u8).to_ascii_lowercase()),
            0x212A => Some(b'k'),
            _ => None,
        })
        .collect();
    lower.is_some_and(|l| names.contains(&l))
}

/// The linear lexer, fed piece by piece.
#[derive(Debug)]
pub struct Lexer {
    rules: Arc<Rules>,
    mode: u8,
    /// The unconsumed tail of the logical text, starting at `base`.
    buf: Vec<u32>,
    base: usize,
    /// Scan position in `buf`.
    i: usize,
    /// Logical offset where the current token began.
    start: usize,
    quote_at: usize,
    /// The attribute whose quoted value is open (as written).
    quote_attr: Vec<u32>,
    quote_css: bool,
    raw_name: Vec<u8>,
    tokens: Vec<Token>,
    /// While finishing (the buffer no longer grows): no comment end at or after this offset
    /// of `buf`, and no end of the raw element named so at or after its offset. Without them
    /// a run of unclosed comments or scripts, each restarted after, is quadratic.
    no_comment_end: usize,
    no_raw_end: Vec<(Vec<u8>, usize)>,
}

impl Lexer {
    pub fn new(rules: Arc<Rules>) -> Self {
        Lexer {
            rules,
            mode: TEXT,
            buf: Vec::new(),
            base: 0,
            i: 0,
            start: 0,
            quote_at: 0,
            quote_attr: Vec::new(),
            quote_css: false,
            raw_name: Vec::new(),
            tokens: Vec::new(),
            no_comment_end: usize::MAX,
            no_raw_end: Vec::new(),
        }
    }

    pub fn mode(&self) -> u8 {
        self.mode
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The attribute whose quoted value was opened last, as written.
    pub fn quote_attr(&self) -> &[u32] {
        &self.quote_attr
    }

    /// The tag read so far, if the input so far ends inside one.
    pub fn tag_so_far(&self) -> &[u32] {
        if self.mode == TAG {
            &self.buf[self.start - self.base..]
        } else {
            &[]
        }
    }

    /// The text of the quoted value open at the end of the input so far.
    pub fn quoted_so_far(&self) -> &[u32] {
        if self.mode == DQ || self.mode == SQ {
            &self.buf[self.quote_at - self.base..]
        } else {
            &[]
        }
    }

    /// The input so far ends with a `<` in text (whether it opens a tag is not known yet).
    pub fn pending_lt(&self) -> bool {
        self.mode == TEXT && self.buf.last() == Some(&LT)
    }

    pub fn feed(&mut self, piece: &[u32]) {
        // Drop what no token can need any more, so the buffer stays small.
        let cut = self.start - self.base;
        if cut > TRIM {
            self.buf.drain(..cut);
            self.i -= cut;
            self.base += cut;
        }
        self.buf.extend_from_slice(piece);
        self.no_comment_end = usize::MAX;
        self.no_raw_end.clear();
        self.run(false);
    }

    fn emit(&mut self, kind: Kind, start: usize, end: usize) {
        if end > start {
            self.tokens.push(Token { kind, start, end });
        }
    }

    /// The end of the input: settles what never closed. (The reference restarts itself
    /// recursively after an unclosed quote, comment or script; here a loop does.)
    pub fn finish(&mut self) {
        loop {
            self.run(true);
            let base = self.base;
            let end = base + self.buf.len();
            let stop = match self.mode {
                TEXT => {
                    self.emit(Kind::Text, self.start, end);
                    end
                }
                TAG | BOGUS => {
                    self.emit(Kind::Tag, self.start, end);
                    end
                }
                DQ | SQ => {
                    // A quote that never closes: end the tag at its first `>` (or at the
                    // quote, if none follows and Chinese text does) and read the rest again.
                    let qa = self.quote_at - base;
                    let rel = find(&self.buf, GT, qa, self.buf.len());
                    let stop = match rel {
                        Some(r) => base + r + 1,
                        None if self.buf[qa..].iter().any(|&c| is_han(c)) => self.quote_at,
                        None => end,
                    };
                    self.emit(Kind::Tag, self.start, stop);
                    stop
                }
                COMMENT => {
                    let rel = find(&self.buf, GT, self.start - base, self.buf.len());
                    let stop = rel.map_or(end, |r| base + r + 1);
                    self.emit(Kind::Comment, self.start, stop);
                    stop
                }
                _ => {
                    // A script or style that never closes ends where markup or text clearly
                    // resumes outside its strings and comments.
                    let js = self.raw_name == b"script";
                    let mut stop = end;
                    let (mut state, mut opened) = (Code::Plain, 0);
                    let mut at = self.start - base;
                    let mut pos = at;
                    while let Some((s, e)) = raw_resume(&self.buf, pos) {
                        (state, opened) = scan_code(&self.buf, at, s, state, opened, js);
                        at = s;
                        if state == Code::Plain {
                            stop = base + s;
                            break;
                        }
                        pos = e;
                    }
                    self.emit(Kind::Raw, self.start, stop);
                    stop
                }
            };
            if stop >= end {
                return;
            }
            self.mode = TEXT;
            self.start = stop;
            self.i = stop - base;
        }
    }

    fn run(&mut self, fin: bool) {
        let n = self.buf.len();
        let base = self.base;
        let mut i = self.i;
        while i < n {
            match self.mode {
                TEXT => {
                    let Some(j) = find(&self.buf, LT, i, n) else {
                        i = n;
                        break;
                    };
                    if j + 1 >= n && !fin {
                        i = j;
                        break;
                    }
                    let nxt = self.buf.get(j + 1).copied();
                    // (Python reads a missing next character as "", which is `in "/!?"`.)
                    let opens = match nxt {
                        None => true,
                        Some(c) => {
                            c < 0x80
                                && ((c as u8).is_ascii_alphabetic() || b"/!?".contains(&(c as u8)))
                        }
                    };
                    let bang = '!' as u32;
                    if opens {
                        if nxt == Some(bang)
                            && j + 4 > n
                            && !fin
                            && self.buf[j..]
                                .iter()
                                .zip("<!--".chars())
                                .all(|(&c, l)| c == l as u32)
                        {
                            i = j;
                            break;
                        }
                        self.emit(Kind::Text, self.start, base + j);
                        self.start = base + j;
                        let comment = j + 4 <= n
                            && self.buf[j..j + 4]
                                .iter()
                                .zip("<!--".chars())
                                .all(|(&c, l)| c == l as u32);
                        if comment {
                            self.mode = COMMENT;
                            i = j + 4;
                        } else if nxt.is_none() || nxt == Some(bang) || nxt == Some('?' as u32) {
                            self.mode = BOGUS;
                            i = j + 2;
                        } else {
                            self.mode = TAG;
                            i = j + 1;
                        }
                    } else if nxt.is_some_and(|c| c == GT || is_html_ws(c)) {
                        // A broken tag (`< >`, `<>`, `< div class="x">`) is no text either.
                        let m = self.broken_tag(j);
                        if m.is_none() && !fin && n - j < 256 && find(&self.buf, GT, j, n).is_none()
                        {
                            i = j; // wait for the rest of it
                            break;
                        }
                        let Some(e) = m else {
                            i = j + 1;
                            continue;
                        };
                        self.emit(Kind::Text, self.start, base + j);
                        self.start = base + j;
                        self.end_tag(base + e);
                        i = e;
                    } else {
                        i = j + 1;
                    }
                }
                TAG => {
                    let Some(j) = self.buf[i..n]
                        .iter()
                        .position(|&c| c == GT || c == DQUOTE || c == SQUOTE)
                        .map(|k| i + k)
                    else {
                        i = n;
                        break;
                    };
                    let ch = self.buf[j];
                    if ch == GT {
                        self.end_tag(base + j + 1);
                        i = j + 1;
                    } else {
                        // A quote opens a value only after `name=`: in `a="x"=">` or `a=="`
                        // it is part of a name or an unquoted value, as HTML reads it.
                        let mut k = j;
                        while k > 0 && is_html_ws(self.buf[k - 1]) {
                            k -= 1;
                        }
                        if k > 0 && self.buf[k - 1] == EQ {
                            let k = k - 1;
                            if let Some((s, e)) = attr_before(&self.buf, k.saturating_sub(64), k) {
                                self.mode = if ch == DQUOTE { DQ } else { SQ };
                                self.quote_at = base + j + 1;
                                self.quote_attr = self.buf[s..e].to_vec();
                                self.quote_css = lower_in(&self.quote_attr, &self.rules.css_attrs);
                            }
                        }
                        i = j + 1;
                    }
                }
                DQ | SQ => {
                    let q = if self.mode == DQ { DQUOTE } else { SQUOTE };
                    let j = find(&self.buf, q, i, n);
                    let lim = j.unwrap_or(n);
                    if self.quote_css {
                        // CSS and URLs hold no `>`: one there ends a value cut by lost text.
                        if let Some(gt) = find(&self.buf, GT, i, lim) {
                            self.end_tag(base + gt + 1);
                            i = gt + 1;
                            continue;
                        }
                    }
                    if let Some(lt) = tag_start(&self.buf, i, lim) {
                        // A quote that runs into the next tag is broken: end at its first `>`.
                        let k = find(&self.buf, GT, self.quote_at - base, lt);
                        let stop = k.map_or(lt, |k| k + 1);
                        self.emit(Kind::Tag, self.start, base + stop);
                        self.mode = TEXT;
                        self.start = base + stop;
                        i = stop;
                    } else if let Some(j) = j {
                        self.mode = TAG;
                        i = j + 1;
                    } else {
                        i = n;
                        break;
                    }
                }
                COMMENT => {
                    let found = if fin && i >= self.no_comment_end {
                        None
                    } else {
                        comment_end(&self.buf, i)
                    };
                    let Some((_, e)) = found else {
                        if fin {
                            self.no_comment_end = self.no_comment_end.min(i);
                        }
                        i = i.max(n.saturating_sub(4));
                        break;
                    };
                    self.emit(Kind::Comment, self.start, base + e);
                    self.mode = TEXT;
                    self.start = base + e;
                    i = e;
                }
                BOGUS => {
                    let Some(j) = find(&self.buf, GT, i, n) else {
                        i = n;
                        break;
                    };
                    self.emit(Kind::Comment, self.start, base + j + 1);
                    self.mode = TEXT;
                    self.start = base + j + 1;
                    i = j + 1;
                }
                _ => {
                    let dead = self
                        .no_raw_end
                        .iter()
                        .find(|(name, _)| *name == self.raw_name);
                    let found = match dead {
                        Some(&(_, d)) if fin && i >= d => None,
                        _ => raw_end(&self.buf, &self.raw_name, i, n),
                    };
                    let Some((s, e)) = found else {
                        if fin {
                            match self
                                .no_raw_end
                                .iter_mut()
                                .find(|(name, _)| *name == self.raw_name)
                            {
                                Some(entry) => entry.1 = entry.1.min(i),
                                None => self.no_raw_end.push((self.raw_name.clone(), i)),
                            }
                        }
                        i = i.max(n.saturating_sub(3 * self.raw_name.len() + 6));
                        break;
                    };
                    if self.raw_name == b"script" {
                        let (state, _) = scan_code(
                            &self.buf,
                            self.start - base,
                            s,
                            Code::Plain,
                            self.start - base,
                            true,
                        );
                        if matches!(state, Code::Single | Code::Double) {
                            // `document.write('<script src=…></script>')`: an end tag inside a
                            // string literal ends the script only if no other end follows.
                            let later =
                                raw_end(&self.buf, &self.raw_name, e, n.min(e + STRING_END_AHEAD));
                            if let Some((ls, _)) = later {
                                if !script_open(&self.buf, e, ls) {
                                    i = e;
                                    continue;
                                }
                            }
                            if later.is_none() && !fin && n - e < STRING_END_AHEAD {
                                i = s; // wait for more input to decide
                                break;
                            }
                        }
                    }
                    self.emit(Kind::Raw, self.start, base + s);
                    self.mode = TAG;
                    self.start = base + s;
                    i = s + 2;
                }
            }
        }
        self.i = i;
    }

    /// `_BROKEN_TAG.match(buf, j)`: the end of a broken tag at `j`, if one is there.
    ///
    /// `<[ws]*/?[ws]*>`, or `<[ws]+/?` a known name (case-insensitive) followed by
    /// `[ws]*/?>` or by `[ws]+[^<>=]{0,100}=[^<>]{0,300}>`. Written out: the name is the
    /// whole run of letters and digits (it must be followed by whitespace, `/` or `>`), the
    /// `=` is the first of `<>=` after it, and the `>` the first of `<>` after that.
    fn broken_tag(&self, j: usize) -> Option<usize> {
        let buf = &self.buf;
        let n = buf.len();
        let skip_ws = |mut p: usize| {
            while p < n && is_html_ws(buf[p]) {
                p += 1;
            }
            p
        };
        let mut p = skip_ws(j + 1);
        if p < n && buf[p] == SLASH {
            p += 1;
        }
        p = skip_ws(p);
        if p < n && buf[p] == GT {
            return Some(p + 1);
        }
        let mut p = skip_ws(j + 1);
        if p == j + 1 {
            return None;
        }
        if p < n && buf[p] == SLASH {
            p += 1;
        }
        let mut name = Vec::new();
        while p < n && name.len() <= self.rules.max_known {
            match fold(buf[p]) {
                Some(b) if b.is_ascii_alphanumeric() => name.push(b),
                _ => break,
            }
            p += 1;
        }
        if !self.rules.known_tags.contains(&name) {
            return None;
        }
        let q = p;
        let mut r = skip_ws(q);
        if r < n && buf[r] == SLASH {
            r += 1;
        }
        if r < n && buf[r] == GT {
            return Some(r + 1);
        }
        let w = skip_ws(q) - q;
        if w == 0 {
            return None;
        }
        let e = (q + 1..n.min(q + w + 101)).find(|&k| matches!(buf[k], LT | GT | EQ))?;
        if buf[e] != EQ {
            return None;
        }
        let f = (e + 1..n.min(e + 302)).find(|&k| matches!(buf[k], LT | GT))?;
        (buf[f] == GT).then_some(f + 1)
    }

    fn end_tag(&mut self, end: usize) {
        let a = self.start - self.base;
        let b = end - self.base;
        let raw = match tag_name(&self.buf[a..b]) {
            Some((false, name))
                if !self.buf[a..b].ends_with(&[SLASH, GT])
                    && self.rules.raw_tags.contains(&name) =>
            {
                Some(name)
            }
            _ => None,
        };
        self.emit(Kind::Tag, self.start, end);
        self.mode = TEXT;
        self.start = end;
        if let Some(name) = raw {
            self.mode = RAW;
            self.raw_name = name;
        }
    }
}

/// Lexes a whole text at once.
#[cfg(test)]
pub fn lex(rules: &Arc<Rules>, text: &[u32]) -> Vec<Token> {
    let mut lexer = Lexer::new(Arc::clone(rules));
    lexer.feed(text);
    lexer.finish();
    lexer.tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules() -> Arc<Rules> {
        let known = [
            "p", "div", "br", "span", "script", "style", "kbd", "h2", "img",
        ];
        Arc::new(Rules::new(&known, &["script", "style", "xmp"], &["style", "class"]).unwrap())
    }

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    /// (kind, text) of each token of `s` lexed at once.
    fn lexed(s: &str) -> Vec<(Kind, String)> {
        let text: Vec<char> = s.chars().collect();
        lex(&rules(), &cps(s))
            .iter()
            .map(|t| (t.kind, text[t.start..t.end].iter().collect()))
            .collect()
    }

    fn kinds_and_texts(pairs: &[(Kind, &str)]) -> Vec<(Kind, String)> {
        pairs.iter().map(|&(k, s)| (k, s.to_string())).collect()
    }

    #[test]
    fn tags_text_and_raw_text() {
        use Kind::*;
        assert_eq!(
            lexed("<p class=\"a\">正文</p><script>if (a < b) x('</p>')</script>"),
            kinds_and_texts(&[
                (Tag, "<p class=\"a\">"),
                (Text, "正文"),
                (Tag, "</p>"),
                (Tag, "<script>"),
                (Raw, "if (a < b) x('</p>')"),
                (Tag, "</script>"),
            ])
        );
    }

    #[test]
    fn an_end_tag_in_a_script_string_ends_it_only_without_a_later_one() {
        use Kind::*;
        let s = "<script>document.write('<script src=a></script>');</script>重";
        assert_eq!(
            lexed(s)[1],
            (Raw, "document.write('<script src=a></script>');".into())
        );
        let s = "<script>x = '</script>重庆";
        assert_eq!(lexed(s)[1], (Raw, "x = '".into()));
    }

    #[test]
    fn broken_tags_are_tags_and_comparisons_stay_text() {
        use Kind::*;
        assert_eq!(
            lexed("< div class=\"x\">a< >b<>c"),
            kinds_and_texts(&[
                (Tag, "< div class=\"x\">"),
                (Text, "a"),
                (Tag, "< >"),
                (Text, "b"),
                (Tag, "<>"),
                (Text, "c"),
            ])
        );
        assert_eq!(
            lexed("a < b and c > d"),
            kinds_and_texts(&[(Text, "a < b and c > d")])
        );
    }

    #[test]
    fn case_folding_letters_match_in_the_case_insensitive_patterns() {
        use Kind::*;
        // `ſ` is `s` in an end tag, the Kelvin sign `k` in a broken tag's name.
        assert_eq!(lexed("<style>a</ſtyle>b")[2], (Tag, "</ſtyle>".into()));
        assert_eq!(lexed("< \u{212A}bd>")[0], (Tag, "< \u{212A}bd>".into()));
        // An unclosed script ends where markup resumes (`İ` is `i`), not inside a string.
        assert_eq!(
            lexed("<script>x('<dİv>') <dİv>重")[1],
            (Raw, "x('<dİv>') ".into())
        );
    }

    #[test]
    fn a_comment_or_script_end_cut_by_a_line_break_still_ends_it() {
        use Kind::*;
        assert_eq!(lexed("<!-- a -\n->b")[1], (Text, "b".into()));
        assert_eq!(
            lexed("<script>a</scr\nipt>b")[2],
            (Tag, "</scr\nipt>".into())
        );
    }

    #[test]
    fn state_between_pieces() {
        let r = rules();
        let mut lexer = Lexer::new(Arc::clone(&r));
        lexer.feed(&cps("<p>a<"));
        assert!(lexer.pending_lt());
        lexer.feed(&cps("img alt=\"标"));
        assert_eq!(lexer.mode(), DQ);
        assert_eq!(lexer.quote_attr(), cps("alt").as_slice());
        assert_eq!(lexer.quoted_so_far(), cps("标").as_slice());
        lexer.feed(&cps("题\" src=x"));
        assert_eq!(lexer.mode(), TAG);
        assert_eq!(
            lexer.tag_so_far(),
            cps("<img alt=\"标题\" src=x").as_slice()
        );
    }

    #[test]
    fn unclosed_constructs_by_the_thousand_take_linear_time() {
        // The Python reference restarts itself recursively after each one.
        let unit = "<!-- a > <script>x <p>y ";
        let text = cps(&unit.repeat(20_000));
        let tokens = lex(&rules(), &text);
        assert_eq!(tokens.len(), 20_000 * 6);
    }

    /// Fragments the rules are about, for generated markup.
    const FRAGMENTS: &[&str] = &[
        "<",
        ">",
        "</",
        "/>",
        "<p>",
        "</p>",
        "<div",
        "< div",
        "< >",
        "<>",
        "< br/>",
        "<p style=",
        "margin: 0;",
        "alt=",
        "class=",
        "=",
        "\"",
        "'",
        "`",
        "&amp;",
        "<!--",
        "-->",
        "-\n-\n>",
        "<!",
        "<?x",
        "<![CDATA[",
        "]]>",
        "<script>",
        "</script>",
        "</scr\nipt>",
        "<style>",
        "</style>",
        "//",
        "/*",
        "*/",
        "\\",
        "x('",
        "<dİv>",
        "</ſcript>",
        "\n",
        "\r\n",
        " ",
        "\t",
        "重庆市",
        "中文",
        "a",
    ];

    fn markup() -> impl Strategy<Value = Vec<u32>> {
        let piece = prop_oneof![
            3 => proptest::sample::select(FRAGMENTS).prop_map(cps),
            1 => (0u32..0x11_0000).prop_map(|c| vec![c]),
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    /// Feeds `text` in pieces cut at `cuts`, checking the state after each; the tokens.
    fn lex_in_pieces(text: &[u32], cuts: &[usize]) -> Vec<Token> {
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (text.len() + 1)).collect();
        points.sort_unstable();
        let mut lexer = Lexer::new(rules());
        let mut at = 0;
        for p in points.into_iter().chain([text.len()]) {
            lexer.feed(&text[at..p]);
            at = p;
            let sofar = &text[..at];
            assert!(lexer.mode() <= RAW);
            assert_eq!(
                lexer.pending_lt(),
                lexer.mode() == TEXT && sofar.last() == Some(&LT)
            );
            assert!(sofar.ends_with(lexer.tag_so_far()) && sofar.ends_with(lexer.quoted_so_far()));
            // The tokens so far cover a prefix of the input, contiguously.
            let covered = lexer.tokens().last().map_or(0, |t| t.end);
            assert!(covered <= at);
        }
        lexer.finish();
        lexer.tokens
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// No panic on any input fed in any pieces; the tokens are non-empty, in order and
        /// cover the input exactly; tags and comments start at a `<`; raw text follows a tag.
        #[test]
        fn tokens_cover_the_input(text in markup(), cuts in proptest::collection::vec(0usize..10_000, 0..6)) {
            let tokens = lex_in_pieces(&text, &cuts);
            let mut at = 0;
            for (k, t) in tokens.iter().enumerate() {
                prop_assert_eq!(t.start, at);
                prop_assert!(t.end > t.start);
                at = t.end;
                match t.kind {
                    Kind::Tag | Kind::Comment => prop_assert_eq!(text[t.start], LT),
                    Kind::Raw => prop_assert!(k > 0 && tokens[k - 1].kind == Kind::Tag),
                    Kind::Text => {}
                }
            }
            prop_assert_eq!(at, text.len());
        }

        /// Fed at once, any code points (lone surrogates, controls, astral) lex without panic.
        #[test]
        fn any_code_points(text in proptest::collection::vec(0u32..0x11_0000, 0..200)) {
            let tokens = lex(&rules(), &text);
            prop_assert_eq!(tokens.last().map_or(0, |t| t.end), text.len());
        }
    }
}
