"""The line measure as it was in Python (``roles._measure_line``, ``roles.page_context``,
``roles.count_broken_lines`` and their patterns at 898492c): the reference of the core's
``LineMeasure`` (rust/src/measure.rs), which tests/test_measure_differential.py compares with it
field by field. Its pre-checks (``_PRECHECKS``) are tested against their patterns in
tests/test_roles_prechecks.py.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache

import regex
from wcwidth import wcwidth

from cleantext.blocks import Block
from cleantext.chardata import load_words
from cleantext.roles import LineFeatures, PageContext

_FINAL = frozenset("。！？!?…；;.")
# Pause marks: the sentence certainly goes on after them.
_PAUSE = frozenset("，、,—")
_CLOSERS = frozenset("”’）)」』》〉】〕]\"'")
# Pairs whose depth is tracked (ASCII `"`/`'` have no direction: parity is used instead).
_PAIRS = {
    "“": "”",
    "‘": "’",
    "（": "）",
    "(": ")",
    "《": "》",
    "〈": "〉",
    "【": "】",
    "〔": "〕",
    "「": "」",
    "『": "』",
    "[": "]",
}
_OPENERS = frozenset(_PAIRS)
_CLOSING = {v: k for k, v in _PAIRS.items()}
# Punctuation that cannot begin a line of running text (GB/T 15834 line-breaking rules).
_NO_LINE_START = frozenset("，。、；：？！”’）》〉】〕」』,;:?!)%…")

_HAN_SPACE_HAN = regex.compile(r"\p{Han}[ \t\u3000]+\p{Han}")
# Inner sentence punctuation: a comma between digits (`1,000`) is not one.
_SENTENCE_MARK = regex.compile(r"[，。；！？]|(?<!\d),|,(?!\d)|[;!?](?=\s*\p{Han})")
_LATIN_END = regex.compile(r"(?r)[A-Za-z][A-Za-z'\-]*$")
_LATIN_TAIL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'-")
_FIRST_WORD = regex.compile(r"[A-Za-z0-9'\-]+")
_LATIN_START = regex.compile(r"^[A-Za-z0-9]")
_DIGIT_END = regex.compile(r"(?r)\d[\d.,%]*(\p{Han})?$")
_MARK_CHARS = "□■●◆◇○•▪▶►◎★☆"
_LEADING_MARKS = regex.compile(rf"^[{_MARK_CHARS}\s]+")

_DATE = regex.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"(?:[ \t\u3000]*(?:星期|周)[一二三四五六日天])?(?:[ \t\u3000]*农历\S{0,12})?$"
)
_NUMBERING = regex.compile(
    r"^(?:[一二三四五六七八九十百]{1,3}[、．.]|[（(][一二三四五六七八九十百\d]{1,3}[)）]"
    r"|\d{1,2}[、．]|\d{1,2}\.(?!\d)|[①-⑳]|第[一二三四五六七八九十百\d]{1,3}[章节部分篇条])"
)
_JUMP = regex.compile(
    r"[（(][ \t]*(?:上接|下转|接上|转下|紧接|转第|接第)[^（()）]{0,10}版[ \t]*[)）]"
)
_JUMP_LINE = regex.compile(r"^" + _JUMP.pattern + r"$")
_EDITOR = regex.compile(r"^(?:责任编辑|责编|编辑|美编|校对|审核|审校|值班编辑)[ \t]*[：:]")
_SOURCE = regex.compile(r"^(?:来源|稿源|出处)[ \t]*[：:]")
_BRIEF = regex.compile(r"^\p{Han}{1,6}讯(?=[（(［\[ \t]|\p{Han})")
# Photo captions: `图为…`, a trailing `（本报资料照片）` / `(资料图片)` / `（新华社发）`.
_CAPTION = regex.compile(
    r"(?:^|[。；\s])图[为①-⑳\d]|[（(][^（()）]{0,12}(?:照片|图片|资料图|供图|新华社发)[)）]$"
)
# Photo credits: `重庆日报记者 罗斌 摄`, `本栏图片由记者苏思摄`, `特约摄影 王正坤/视觉重庆`,
# `…供图`. `摄` closes a credit only after a space or in a line naming a contributor role
# (`拍摄` at the end of a broken sentence is not a credit).
_CREDIT = regex.compile(
    r"(?:[ \t\u3000]摄(?:影)?|(?:记者|摄影|通讯员|图片由).{0,12}(?:摄|采写)|供图|制图)"
    r"(?:[（(][^（()）]{0,12}[)）])?$"
    r"|^(?:特约)?摄影(?:记者)?[ \t\u3000]"
)

# Pieces of HTML source: joining them would make a tag or an entity that a second run reads
# differently (repair_markup and decode_entities run before line joining).
_MARKUP_DEBRIS = regex.compile(r"[<>]|&#?[A-Za-z0-9]{0,8}$|^#?[A-Za-z0-9]{0,8};|\d(?:px|em|pt)\b")
# `——市委全会在…引发热烈反响`, `为教育…作出新贡献 ——记…校长袁位`.
_SUBTITLE = regex.compile(r"^——|^--|[ \t\u3000]——\p{Han}")
# What follows the last sentence of a line after a space: a byline, credit or attribution.
_ATTRIBUTION_TAIL = regex.compile(r"[。！？!?…”][ \t\u3000]+([^。！？!?…，,]{2,40})$")
# A caption followed by its credit on one line: `…总装基地。重庆市生态环境局供图`.
_CAPTION_CREDIT = regex.compile(
    r"[。！？][^。！？，,]{0,16}(?:供图|[ \t\u3000]摄(?:影)?)(?:[（(][^（()）]{0,12}[)）])?$"
    # `…均为某报记者某某 图`: a photographer named, then `图` after a space.
    r"|(?:记者|摄影|通讯员)[^。！？，,\s]{1,12}[ \t\u3000]图$"
)


@cache
def _classifiers() -> frozenset[str]:
    return load_words("role_classifiers")


@cache
def _surnames() -> frozenset[str]:
    return frozenset("".join(load_words("role_surnames")))


_PERSON_ROLE = regex.compile(r"记者|通讯员|实习生|摄影|编辑|主持人")


@cache
def _byline_token() -> regex.Pattern[str]:
    words = load_words("byline_roles")
    # Words naming a person's role can carry an organisation before them and a name after
    # them (`华龙网记者`, `本报首席记者陈维灯`); the others (`报道`, `整理`, `摄`) only stand
    # alone as a token, or `党的二十大特别报道` would read as a byline.
    person = sorted((w for w in words if _PERSON_ROLE.search(w)), key=len, reverse=True)
    alone = sorted(words, key=len, reverse=True)
    person_alt = "|".join(regex.escape(w) for w in person)
    alone_alt = "|".join(regex.escape(w) for w in alone)
    return regex.compile(
        rf"^(?:\p{{Han}}{{0,8}}?(?:{person_alt})\p{{Han}}{{0,4}}|(?:{alone_alt}))$"
    )


# (`re`, not `regex`: a plain range is all it needs, and `re` is faster at it.)
_UNIFIED_HAN = re.compile("[\u4e00-\u9fff]+")


@cache
def _char_width(ch: str) -> int:
    return max(wcwidth(ch), 0)


def display_width(text: str) -> int:
    """Display columns of ``text`` (Han and full-width characters count two).

    >>> display_width("重庆2025")
    8
    """
    # CJK Unified Ideographs are all two columns wide (tests check this against wcwidth): count
    # them in one C-level pass and look up only the other characters.
    rest = _UNIFIED_HAN.sub("", text)
    return 2 * (len(text) - len(rest)) + sum(map(_char_width, rest))



def _first_word_width(text: str) -> int:
    m = _FIRST_WORD.match(text)
    return display_width(m.group() if m else text[:1])


def _strip_closers(text: str) -> str:
    end = len(text)
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    return text[:end]


# The characters _open_depth looks at: a line is read bracket by bracket, not character by
# character.
_BRACKET = regex.compile(
    "[" + regex.escape("".join(sorted(set(_PAIRS) | set(_PAIRS.values())))) + '"]'
)


def _open_depth(text: str) -> int:
    depth: dict[str, int] = {}
    if '"' not in text:
        # Without an ASCII quote only the characters matter, not where they are.
        for ch in _BRACKET.findall(text):
            if ch in _OPENERS:
                depth[ch] = depth.get(ch, 0) + 1
            else:
                opener = _CLOSING[ch]
                depth[opener] = max(depth.get(opener, 0) - 1, 0)
        return sum(depth.values())
    ascii_open = False
    for m in _BRACKET.finditer(text):
        ch = m.group()
        if ch in _OPENERS:
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in _CLOSING:
            opener = _CLOSING[ch]
            depth[opener] = max(depth.get(opener, 0) - 1, 0)
        else:
            # An ASCII quote right after final punctuation closes (`…重要。"袁`): a line that
            # starts inside a quotation must not read as opening one.
            at = m.start()
            ascii_open = False if at and text[at - 1] in _FINAL else not ascii_open
    return sum(depth.values()) + ascii_open


def _is_byline(core: str) -> bool:
    if not core or len(core) > 60 or _SENTENCE_MARK.search(core):
        return False
    inner = core
    if inner[0] in "（(" and inner[-1] in "）)":
        inner = inner[1:-1].strip()
    tokens = inner.split()
    if not tokens or len(tokens) > 16:
        return False
    token_re = _byline_token()
    surnames = _surnames()

    def is_name(tok: str) -> bool:
        return 2 <= len(tok) <= 3 and tok[0] in surnames and all(is_han_char(c) for c in tok)

    roles = sum(1 for t in tokens if token_re.match(t))
    if roles == 0:
        # Names only (`王彩艳 杨毅`): at least two, so that a lone word stays a heading.
        return len(tokens) >= 2 and all(is_name(t) for t in tokens)
    # With a role word present, any short Han token is a name (`华龙网记者 伊永军`).
    return all(
        token_re.match(t)
        or (2 <= len(t) <= 4 and all(is_han_char(c) for c in t))
        or (len(t) <= 4 and t.isascii())
        for t in tokens
    )


# --- Pre-checks. A search is skipped when a character (or word) that every match must contain
# is missing from the line: a substring test costs a fraction of a regex search. Each pre-check
# is listed in _PRECHECKS with the patterns it stands in front of; tests check that whenever
# one of those patterns matches a text, the pre-check is true of it.


def _has_space(text: str) -> bool:
    return " " in text or "\t" in text or "\u3000" in text


def _may_lead_mark(text: str) -> bool:
    # (On a stripped line: it cannot start with whitespace.)
    return text[:1] in _MARK_CHARS and text[:1] != ""


def _may_end_latin(text: str) -> bool:
    return text[-1:] in _LATIN_TAIL


def _may_credit(text: str) -> bool:
    return "摄" in text or "图" in text or "采写" in text


def _may_caption(text: str) -> bool:
    return "图" in text or "摄" in text or "照片" in text or "新华社发" in text


def _may_jump(text: str) -> bool:
    return "版" in text


def _may_brief(text: str) -> bool:
    return "讯" in text


def _may_debris(text: str) -> bool:
    return (
        "<" in text
        or ">" in text
        or "&" in text
        or ";" in text
        or "px" in text
        or "em" in text
        or "pt" in text
    )


def _may_subtitle(text: str) -> bool:
    return "——" in text or "--" in text


_PRECHECKS: tuple[tuple[Callable[[str], bool], tuple[regex.Pattern[str], ...]], ...] = (
    (_may_lead_mark, (_LEADING_MARKS,)),
    (_has_space, (_HAN_SPACE_HAN, _ATTRIBUTION_TAIL)),
    (_may_end_latin, (_LATIN_END,)),
    (_may_credit, (_CREDIT,)),
    (_may_caption, (_CAPTION, _CAPTION_CREDIT)),
    (_may_jump, (_JUMP, _JUMP_LINE)),
    (_may_brief, (_BRIEF,)),
    (_may_debris, (_MARKUP_DEBRIS,)),
    (_may_subtitle, (_SUBTITLE,)),
)


def _ends_with_attribution(text: str) -> bool:
    """A paragraph closed by its byline or credit on the same line (`…出席活动。 记者 熊敏秀`)."""
    # The tail follows a space: a line without one has none (a cheap test before the search).
    m = _ATTRIBUTION_TAIL.search(text) if _has_space(text) else None
    if not m:
        return False
    tail = m.group(1).strip()
    if tail[:1] in "（(" and tail[-1:] in "）)":
        return True
    return _is_byline(tail) or bool(_CREDIT.search(tail))


_HAN_CHAR = regex.compile(r"\p{Han}")


def is_han_char(ch: str) -> bool:
    return _HAN_CHAR.match(ch) is not None


# A line is measured by several steps (article breaks, joining, roles) and pages repeat lines:
# its features are computed once. Bounded, and keyed by an immutable str; the features are
# frozen, so callers can share them.
@lru_cache(maxsize=8192)
def _measure_line(text: str) -> LineFeatures:
    """The features of a stripped line with no level, hints or page context."""
    width = display_width(text)
    core = _LEADING_MARKS.sub("", text) if _may_lead_mark(text) else text
    bare = _strip_closers(text)
    last = bare[-1:] if bare else ""
    ends_final = last in _FINAL or _ends_with_attribution(text)
    # An ASCII `.` after a digit is a numbering or a decimal point, not the end of a sentence.
    if last == "." and len(bare) >= 2 and bare[-2].isdigit():
        ends_final = False
    last_char = text[-1:]
    inner = text[:-1] if text and (last_char in _FINAL or last_char in _PAUSE) else text
    digit_end = _DIGIT_END.search(text)
    ends_with_number = digit_end is not None and (
        (unit := digit_end.group(1)) is None or unit in _classifiers()
    )
    may_jump = _may_jump(core)
    return LineFeatures(
        text=text,
        width=width,
        relative_width=0.0,
        level=0,
        hints=frozenset(),
        ends_final=ends_final,
        ends_pause=bool(text) and (text[-1] in _PAUSE),
        ends_colon=bool(text) and text[-1] in "：:",
        ends_closer=bool(text) and text[-1] in _CLOSERS and not ends_final,
        open_depth=_open_depth(text),
        starts_no_line_start=bool(text) and text[0] in _NO_LINE_START,
        starts_opener=bool(text) and (text[0] in _OPENERS or text[0] in "\"'"),
        starts_latin=bool(_LATIN_START.match(text)),
        sentence_marks=len(_SENTENCE_MARK.findall(inner)),
        list_marks=inner.count("、"),
        # Each search below is skipped when its pre-check (see _PRECHECKS) says it cannot match.
        spaced=_has_space(text) and bool(_HAN_SPACE_HAN.search(text)),
        ends_with_number=ends_with_number,
        ends_latin=_may_end_latin(text) and bool(_LATIN_END.search(text)),
        byline=_is_byline(core),
        credit=width <= 80
        and _may_credit(core)
        and not _SENTENCE_MARK.search(core)
        and bool(_CREDIT.search(core)),
        caption=_may_caption(core)
        and bool(_CAPTION.search(core) or _CAPTION_CREDIT.search(core)),
        dateline=bool(_DATE.match(core)),
        numbering=bool(_NUMBERING.match(core)),
        jump=may_jump and bool(_JUMP.match(core) or _JUMP.search(core[-16:])),
        jump_only=may_jump and bool(_JUMP_LINE.match(core)),
        editor=bool(_EDITOR.match(core)),
        source=bool(_SOURCE.match(core)),
        brief=_may_brief(core) and bool(_BRIEF.match(core)),
        markup_debris=_may_debris(text) and bool(_MARKUP_DEBRIS.search(text)),
        subtitle=not ends_final and _may_subtitle(core) and bool(_SUBTITLE.search(core)),
    )


def page_context(blocks: Sequence[Block]) -> PageContext:
    """Measure the page: the body line width, and the wrap width if it was hard-wrapped.

    A page is hard-wrapped at width ``w`` when many lines stop mid-sentence where the next
    line's first word would not have fitted (at least four, and a quarter of all lines), and
    hardly any line is longer than ``w``.

    >>> page_context([Block("一二三四五六七八")] * 4 + [Block("完。")]).wrap_width
    16
    """
    kept = [(b, t) for b in blocks if (t := b.text.strip())]
    lines = [t for _, t in kept]
    # The cached line measures: a page is measured before its lines are joined.
    widths = [_measure_line(t).width for t in lines]
    final = [_strip_closers(t)[-1:] in _FINAL for t in lines]
    # Only lines that stop mid-sentence are evidence of a wrap width: paragraphs that end at
    # the same width by chance, or lines already joined, are not.
    open_ends = [i for i in range(len(lines) - 1) if not final[i]]
    # The most common widths of such lines are the candidates (a wrapped page has one).
    counts = Counter(widths[i] for i in open_ends if widths[i] >= 16)
    candidates = [w for w, _ in counts.most_common(5)]
    need = max(4, len(lines) // 4)
    wrap = best = 0
    # The width line i would have had with the next line's first word on it.
    reach: dict[int, int] = {}
    for w in candidates:
        # A line was wrapped at w if the next line's first word would not have fitted on it.
        evidence = 0
        for i in open_ends:
            if widths[i] <= w:
                if i not in reach:
                    reach[i] = (
                        widths[i]
                        + (1 if lines[i][-1].isascii() else 0)
                        + _first_word_width(lines[i + 1])
                    )
                if reach[i] > w:
                    evidence += 1
        if evidence >= need and evidence > best:
            wrap, best = w, evidence
    # On a hard-wrapped page hardly any line is longer than the wrap width.
    if wrap and sum(w > wrap + 2 for w in widths) * 10 > len(widths):
        wrap = 0
    body = [
        w
        for (b, _), w, f in zip(kept, widths, final, strict=True)
        if b.level == 0 and f
    ]
    # Lines cut mid-sentence where no wrap width explains it: paragraphs broken by lost line
    # ends. Clean text has (almost) none: its lines without a final mark are headings.
    # Cut every N characters (a program's re-wrap, OCR of a column of full-width characters):
    # lines of exactly N characters, whatever their display width.
    lengths = Counter(len(lines[i]) for i in open_ends if len(lines[i]) >= 8)
    wrap_chars = 0
    if lengths:
        n, evidence = lengths.most_common(1)[0]
        if evidence >= need and sum(len(t) > n for t in lines) * 10 <= len(lines):
            wrap_chars = n
    return PageContext(
        body_width=int(statistics.median(body)) if body else 0,
        wrap_width=wrap,
        broken_lines=count_broken_lines(lines),
        wrap_chars=wrap_chars,
    )


def count_broken_lines(lines: Iterable[str]) -> int:
    """How many of ``lines`` read as running text cut mid-sentence (:func:`is_broken_line`).

    >>> count_broken_lines(["标题，副题", "他说，这是一个很好的发展机会，我们要坚持问题导向，加快建设长江上游绿色发展的新高地和"])
    1
    """
    return sum(1 for line in lines if (t := line.strip()) and is_broken_line(_measure_line(t)))



# The limits of a line cut mid-sentence (they live in rust/src/measure.rs now).
BROKEN_LINE_WIDTH = 80
BROKEN_LINE_MARKS = 2


def is_broken_line(f: LineFeatures) -> bool:
    """Whether a line reads as running text cut mid-sentence: long, punctuated, ending on Han."""
    return (
        f.width >= BROKEN_LINE_WIDTH
        and f.sentence_marks >= BROKEN_LINE_MARKS
        and f.sentence_like
        and not f.ends_final
        and not f.ends_colon
        and is_han_char(f.text[-1:])
        and not _CREDIT_TAIL.search(f.text)
    )


# A short name after the last sentence end: a caption's credit (added after 898492c).
_CREDIT_TAIL = regex.compile(r"[。！？!?][”’」』）)\]】]*[^。！？!?]{2,4}$")


def text_features(text: str) -> LineFeatures:
    """``roles.text_features`` as it was."""
    return _measure_line(text.strip())
