"""Line roles, computed in one place and used by line joining and segmentation alike.

A role is decided from *features* of a line (:func:`line_features`) and of the page
(:func:`page_context`): its display width relative to the page's body lines, how it ends,
whether quotes or brackets are left open, markup hints, byline / caption / credit / date /
numbering / jump patterns. Line joining (:mod:`cleantext.linewrap`) reads the features to decide
whether two lines are one sentence; segmentation reads the roles.

>>> from cleantext.blocks import blocks_from_text
>>> [b.role.value for b in assign_roles(blocks_from_text("加快建设美丽重庆\\n本报记者 陈维灯\\n今年以来，全市推进治理。"))]
['heading', 'byline', 'paragraph']
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import regex
from wcwidth import wcwidth

from .blocks import Block, Role
from .chardata import load_words

__all__ = [
    "LineFeatures",
    "PageContext",
    "assign_roles",
    "count_broken_lines",
    "display_width",
    "is_broken_line",
    "line_features",
    "line_role",
    "page_context",
    "surely_ends_final",
    "text_features",
]

# Sentence-final punctuation: a line ending in one of these (before closing quotes/brackets)
# ends its paragraph. `；` counts as final too: list-like paragraphs (“一是…；”) end with it.
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


@dataclass(frozen=True, slots=True)
class PageContext:
    """Facts about the whole page that single lines are measured against.

    ``body_width`` is the median display width of paragraph lines (0 if none); ``wrap_width``
    the fixed column width the page was hard-wrapped at (0 if it was not); ``broken_lines``
    how many long lines of running text stop mid-sentence (``None``: not measured, a line
    pair read on its own).
    """

    body_width: int = 0
    wrap_width: int = 0
    broken_lines: int | None = None


class LineFeatures(NamedTuple):
    """What one line looks like, as far as roles and line joining care.

    Immutable (a named tuple rather than a frozen dataclass: every line measured builds one,
    and a tuple is built several times faster).

    >>> f = line_features(Block("“请来的导师都"))
    >>> f.open_depth, f.ends_final, f.sentence_like
    (1, False, False)
    """

    text: str
    width: int
    relative_width: float
    level: int
    hints: frozenset[str]
    ends_final: bool
    """Ends with sentence-final punctuation (possibly followed by closing quotes/brackets)."""
    ends_pause: bool
    """Ends with a pause mark (``，``, ``、``, ``——``): the sentence goes on."""
    ends_colon: bool
    ends_closer: bool
    """Ends with a closing quote or bracket not preceded by final punctuation."""
    open_depth: int
    """Quotes and brackets opened on this line and not closed by its end."""
    starts_no_line_start: bool
    """Begins with punctuation that cannot start a line (``，`` ``。`` ``”`` …)."""
    starts_opener: bool
    starts_latin: bool
    sentence_marks: int
    """Inner ``，。；！？`` (and ASCII ``,;!?`` in running text)."""
    list_marks: int
    spaced: bool
    """A space between two Han characters: layout (headings, bylines), not running text."""
    ends_with_number: bool
    """Ends with a number, or a number and a measure word (``186家``)."""
    ends_latin: bool
    byline: bool
    credit: bool
    caption: bool
    dateline: bool
    numbering: bool
    jump: bool
    """Starts or ends with a jump marker (``（上接1版）``)."""
    jump_only: bool
    editor: bool
    source: bool
    brief: bool
    """Starts with a news-brief marker (``本报讯``)."""
    markup_debris: bool
    """Carries leftovers of HTML (``<``, ``>``, a cut ``&rd`` / ``quo;`` entity, ``18px;``)."""
    subtitle: bool
    """Starts with a dash (``——记…``) or carries a dash subtitle after a space."""

    @property
    def sentence_like(self) -> bool:
        """Reads as running text (punctuated, or too long for a heading), not a headline."""
        if self.spaced and self.sentence_marks < 2:
            return False
        return (
            self.sentence_marks >= 2
            or (self.sentence_marks >= 1 and self.width >= 24)
            or (self.list_marks >= 1 and self.width >= 40)
            or self.width >= 72
        )

    @property
    def layout_line(self) -> bool:
        """A line of page furniture that is never part of a paragraph.

        Decided from the text alone (not from ``level`` or ``hints``), so that a page that was
        cleaned once, and has lost its ``#`` markers, is read the same way again.
        """
        return (
            self.byline
            or self.credit
            or self.caption
            or self.dateline
            or self.jump_only
            or self.editor
            or self.source
            or self.subtitle
        )


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


def line_features(block: Block, context: PageContext | None = None) -> LineFeatures:
    """Measure one line. ``context`` (from :func:`page_context`) gives relative widths.

    >>> line_features(Block("长寿区能源大数据中心接入园区内186家")).ends_with_number
    True
    >>> line_features(Block("王彩艳 杨毅")).byline
    True
    """
    features = text_features(block.text)
    body_width = context.body_width if context is not None else 0
    if not body_width and not block.level and not block.hints:
        return features  # a bare line: the cached features are the answer
    return features._replace(
        relative_width=features.width / body_width if body_width else 0.0,
        level=block.level,
        hints=block.hints,
    )


def text_features(text: str) -> LineFeatures:
    """The features of a line of text alone: no markup level, hints or page context.

    What line joining reads (it decides from the text, so that a second run decides alike).

    >>> text_features(" “请来的导师都 ").open_depth
    1
    """
    return _measure_line(text.strip())


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


def surely_ends_final(text: str) -> bool:
    """Whether a stripped line surely ends a sentence: true only if its ``ends_final`` is.

    The common case (a final mark, possibly inside closing quotes) told without measuring the
    line; false also where only the full measure can tell (a trailing byline).

    >>> surely_ends_final("推动绿色发展。”"), surely_ends_final("第3.")
    (True, False)
    """
    bare = _strip_closers(text)
    last = bare[-1:]
    return last in _FINAL and not (last == "." and len(bare) >= 2 and bare[-2].isdigit())


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
    return PageContext(
        body_width=int(statistics.median(body)) if body else 0,
        wrap_width=wrap,
        broken_lines=count_broken_lines(lines),
    )


def count_broken_lines(lines: Iterable[str]) -> int:
    """How many of ``lines`` read as running text cut mid-sentence (:func:`is_broken_line`).

    >>> count_broken_lines(["标题，副题", "他说，这是一个很好的发展机会，我们要坚持问题导向，加快建设长江上游绿色发展的新高地和"])
    1
    """
    return sum(1 for line in lines if (t := line.strip()) and is_broken_line(_measure_line(t)))


#: The display width (40 Han characters) and clause marks from which a line without a final
#: mark is read as a paragraph cut mid-sentence rather than a heading: in 1,173 corpus
#: articles 370 headings are 20 characters or more long, and 46 lines this long and
#: punctuated stop without a final mark (tools/clause_edges.py's corpus; see docs/linewrap.md).
BROKEN_LINE_WIDTH = 80
BROKEN_LINE_MARKS = 2


# A short name after the last sentence end: a credit or signature (`…逃難。美聯社`).
_CREDIT_TAIL = regex.compile(r"[。！？!?][”’」』）)\]】]*[^。！？!?]{2,4}$")


def is_broken_line(f: LineFeatures) -> bool:
    """Whether a line reads as running text cut mid-sentence: long, punctuated, ending on Han.

    A caption ending with its credit (`…大批民眾逃難。美聯社`) is not.
    """
    return (
        f.width >= BROKEN_LINE_WIDTH
        and f.sentence_marks >= BROKEN_LINE_MARKS
        and f.sentence_like
        and not f.ends_final
        and not f.ends_colon
        and is_han_char(f.text[-1:])
        and not _CREDIT_TAIL.search(f.text)
    )


def line_role(features: LineFeatures) -> Role:
    """The role a line's own features give it (context-free; segmentation may refine it).

    >>> line_role(line_features(Block("（上接1版）")))
    <Role.JUMP: 'jump'>
    """
    return _role(features, features.level, features.hints)


def _role(f: LineFeatures, level: int, hints: frozenset[str]) -> Role:
    """:func:`line_role` of a line with features ``f`` (of its text) and markup ``level``/``hints``."""
    if "noise" in hints:
        return Role.NOISE
    if f.jump_only:
        return Role.JUMP
    if f.editor:
        return Role.EDITOR
    if f.source:
        return Role.SOURCE
    if f.dateline:
        return Role.DATELINE
    if f.caption or "caption" in hints:
        return Role.CAPTION
    if f.credit:
        return Role.CREDIT
    if f.byline:
        return Role.BYLINE
    if level == 1 and not f.brief:
        return Role.TITLE
    if f.subtitle and f.text.startswith("——"):
        return Role.SUBTITLE
    # `#### 新渝报讯(记者 …) 为积极落实…`: a marked-up paragraph is still a paragraph.
    if level > 0 and (f.brief or (f.sentence_marks >= 2 and f.width >= 80)):
        return Role.PARAGRAPH
    if level > 1:
        return Role.HEADING
    if f.ends_final or f.sentence_like or f.brief or f.jump:
        return Role.PARAGRAPH
    return Role.HEADING


def assign_roles(blocks: Sequence[Block]) -> list[Block]:
    """Blocks with a role each: a role set earlier is kept, ``Role.UNKNOWN`` is decided here."""
    # No page context: a role is decided from the line alone (relative widths decide nothing).
    # (line_role(line_features(b)) without building features that carry the level and hints.)
    return [
        b
        if b.role is not Role.UNKNOWN
        else Block(b.text, b.start, b.end, _role(text_features(b.text), b.level, b.hints), b.level, b.hints)
        for b in blocks
    ]


# === Role rules used only by segmentation go below this line (owner: segment). =================
# The code above is owned by the line-wrap work; keep edits on each side of this marker so that
# both can be merged without conflict.

# Segmentation reads a few cues that line roles do not carry: whether a byline opens (`□`) or
# closes an article, a line of bare names, a label (`主持人：`), a lead paragraph (`本报讯`,
# `新华社北京12月23日电`), a jump marker inside a paragraph, a brief-block heading. They are
# computed from the line alone, by the compiled core (rust/src/cue.rs);
# :mod:`cleantext.segment` puts them in context.
# (Imports here rather than at the top keep the two halves of this module apart for merging;
# aliased so that they never redefine a name the upper half imports.)
from dataclasses import dataclass as _seg_dataclass  # noqa: E402

from . import _core as _model_core  # noqa: E402
from .chardata import load_words as _seg_load_words  # noqa: E402
from .model import LineModel  # noqa: E402

__all__ += ["SegmentCue", "segment_cue"]

# Common surnames (the line-wrap role rules have the full list in data/role_surnames.txt):
# a line of two or three bare names is a byline only if every name starts with one.
_SEG_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)


@_seg_dataclass(frozen=True, slots=True)
class SegmentCue:
    """What one line says about article boundaries (see :func:`segment_cue`).

    ``kind`` is one of ``blank``, ``paragraph``, ``heading``, ``label``, ``byline``, ``names``,
    ``credit``, ``caption``, ``jump``, ``dateline`` (a bare date), ``page``.
    """

    kind: str
    boxed: bool = False
    """A byline opened by ``□`` (in the text, or moved to the ``bullet`` hint by the layout
    step): it heads an article, it never closes one."""
    lead: str | None = None
    """The news-lead prefix of a paragraph (``本报讯(记者 陈钧)``)."""
    jump: str | None = None
    """A jump marker in the line (``(上接1版)``)."""
    brief: bool = False
    """A heading that announces a block of briefs (``新闻快递``)."""


#: The cue rules in the core, with their word lists (built once).
_CUES = _model_core.CueRules(
    sorted(_seg_load_words("byline_roles")), sorted(_seg_load_words("brief_markers")),
    "".join(sorted(_SEG_SURNAMES)),
)


def segment_cue(block: Block) -> SegmentCue:
    """The boundary cue of one line, from its text, level and hints.

    >>> segment_cue(Block("王彩艳 杨毅")).kind, segment_cue(Block("□本报记者 陈维灯")).boxed
    ('names', True)
    >>> segment_cue(Block("本报讯(记者 陈钧)12月23日，两江新区签约。")).lead
    '本报讯(记者 陈钧)'
    >>> segment_cue(Block("大足打造艺术家小镇", level=2)).kind
    'heading'

    Raises ``_core.PanicException`` on a bug of the core (segmentation turns it into
    :class:`~cleantext.errors.CleantextError`).
    """
    return SegmentCue(*_CUES.cue(block.text, block.role.value, block.level, block.hints))


# === Features of the learned line model (cleantext.model): computed here and only here. ====
# The training script (tools/train_roles.py) reads them through this same function, so training
# and decoding cannot drift apart. Each feature is a string; the CRF weighs the ones present.

__all__ += ["model_features", "model_labels", "model_marginals"]

# The core builds the feature strings (rust/src/features.rs) from what the rules measure of a
# line here, its LineFeatures (read by field name), and its segmentation cue, which the core
# computes (with the block's role, level and hints). The width of a first word that is neither ASCII nor Han is looked up here.
_MODEL_FEATURES = _model_core.ModelFeatures(list(LineFeatures._fields), _first_word_width, _CUES)

#: What the core reads of a non-blank line: (block index, features, role, level, hints); the
#: core finds the line's segmentation cue itself.
_ModelLine = tuple[int, LineFeatures, str, int, frozenset[str]]


def _model_lines(blocks: Sequence[Block]) -> list[_ModelLine]:
    return [
        (i, _measure_line(t), b.role.value, b.level, b.hints)
        for i, b in enumerate(blocks)
        if (t := b.text.strip())
    ]


def _wrap(blocks: Sequence[Block], wrap_width: int | None) -> int:
    return page_context(blocks).wrap_width if wrap_width is None else wrap_width


def model_features(
    blocks: Sequence[Block], *, wrap_width: int | None = None
) -> tuple[list[int], list[list[str]]]:
    """The lines the line model reads (indices of non-blank blocks) and their features.

    A line's features are its own (width against the page's body lines, how it ends, markers,
    byline / caption / dateline / jump patterns, markup level and hints), its position, whether
    a blank line stands before it, the word overlap with its neighbours, and its neighbours'
    main features (prefixed ``p:``, ``n:``). ``wrap_width`` is the page's wrap width
    (:func:`page_context`) where the caller has measured it already. Computed by the compiled
    core, which decoding (:func:`model_marginals`, :func:`model_labels`) asks for the same
    features without building them here; this is what training reads.

    >>> idx, feats = model_features([Block("标题"), Block(""), Block("正文，正文。")])
    >>> idx, "blank_before" in feats[1], "p:ends_final" in feats[1]
    ([0, 2], True, False)
    """
    lines = _model_lines(blocks)
    if not lines:
        return [], []
    return [ln[0] for ln in lines], _MODEL_FEATURES.features(lines, _wrap(blocks, wrap_width))


def model_marginals(
    model: LineModel, blocks: Sequence[Block], *, wrap_width: int | None = None
) -> tuple[list[int], list[list[float]]]:
    """The lines the model reads (as :func:`model_features`) and each one's label
    probabilities, in the order of ``model.labels``: features and forward-backward in one
    call of the core.

    Raises ``_core.PanicException`` on a bug of the core (the step turns it into
    :class:`~cleantext.errors.CleantextError`).
    """
    lines = _model_lines(blocks)
    if not lines:
        return [], []
    probs = _MODEL_FEATURES.marginals(model.crf, lines, _wrap(blocks, wrap_width))
    return [ln[0] for ln in lines], probs


def model_labels(
    model: LineModel,
    blocks: Sequence[Block],
    *,
    require: Callable[[Block], str | None] | None = None,
    wrap_width: int | None = None,
) -> tuple[list[int], list[str]]:
    """The lines the model reads (as :func:`model_features`) and their most likely labels.

    ``require(block)`` gives the label prefix a line's label must have, or None.
    """
    lines = _model_lines(blocks)
    if not lines:
        return [], []
    required = None
    if require is not None:
        required = {
            k: prefix
            for k, ln in enumerate(lines)
            if (prefix := require(blocks[ln[0]])) is not None
        }
    labels = _MODEL_FEATURES.decode(model.crf, lines, _wrap(blocks, wrap_width), required)
    return [ln[0] for ln in lines], labels
