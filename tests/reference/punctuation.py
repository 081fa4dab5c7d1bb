"""``normalize_punctuation`` and its rules as they were in Python (src/cleantext/punctuation.py
at dd09035), as plain functions: edits on a page text, ops on a page's blocks. The reference of
tests/test_punctuation_core.py."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Literal

import regex

from cleantext.blocks import Block, Op, TextEdit
from cleantext.characters import Finding
from cleantext.chardata import (
    ASCII_TO_FULLWIDTH,
    CORNER_TO_CURLY,
    MIDDLE_DOT_VARIANTS,
    PUNCT_NEUTRAL,
    SMALL_FORM_PUNCT,
    find_all,
    one_of,
    plain_spaces,
)
from cleantext.trace import Edit

ZH, LATIN = "zh", "latin"

# A Chinese-context character: Han, kana, hangul, CJK punctuation and full-width forms
# (the neutral ones, the marks this step writes, are excluded by PUNCT_NEUTRAL first).
_ZH_CHAR = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef\u3200-\u32ff]"
)
_LETTER = regex.compile(r"\p{L}")
_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \t\u3000\u00a0")

# Spans whose punctuation is never touched. Each pattern starts at a fixed character or at
# the start of a run (look-behind), so scanning stays linear on hostile input.
_PROTECTED = regex.compile(
    r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&*+;=%,'()]*[A-Za-z0-9/#=&%~_\-]"
    r"|(?<![A-Za-z0-9.])www\.[A-Za-z0-9\-._~:/?#@!$&*+;=%]*[A-Za-z0-9/#=&%~_\-]"
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++"
    r"|&\#?[A-Za-z0-9]{0,10}(?:\n[A-Za-z0-9]{0,10})?;"  # an entity, perhaps cut by a line break
    r"|`[^`\n]{1,200}`"
    # Markup (a tag, an attribute with its quoted value: a script's string on a saved page).
    r"|<[A-Za-z/!?][^<>\n]{0,500}>"
    r"|(?<![A-Za-z0-9_:\-])[A-Za-z_][A-Za-z0-9_:\-]{0,40}=[ ]?(?:\"[^\"\n]{0,300}\"|'[^'\n]{0,300}')"
)
#: Every match of _PROTECTED holds one of these (a page without any has nothing protected).
_PROTECTED_NEEDS = ("://", "www.", "@", "&", "`", "<", "=")
# A line that reads as markup or code, whatever else it holds (the stray quotes of a tag cut in
# two, a script's string): two attribute assignments (`id="…" style="…"`), `function(`, or a
# `{…}` holding a `;`. None of its punctuation is touched.
_ATTRIBUTE = regex.compile(r"(?<![A-Za-z0-9_:\-])[A-Za-z_][A-Za-z0-9_:\-]{0,40}=[ ]?[\"'“”]")
_CODE = regex.compile(r"(?<![A-Za-z0-9_$])function[ ]?\(|\{[^{}\n]{0,300};[^{}\n]{0,300}\}")
_CODE_NEEDS = ("=", "function", "{")


def _looks_like_code(line: str) -> bool:
    return len(_ATTRIBUTE.findall(line)) >= 2 or _CODE.search(line) is not None


_NEUTRAL_SET = "".join(sorted(PUNCT_NEUTRAL)).replace("\\", "\\\\").replace("[", "\\[")
_NEUTRAL_SET = _NEUTRAL_SET.replace("]", "\\]").replace("-", "\\-").replace("^", "\\^")
_ZH_RUN = regex.compile(
    r"[[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef\u3200-\u32ff]"
    rf"--[0-9{_NEUTRAL_SET}]]+",
    regex.V1,
)
_LATIN_RUN = regex.compile(
    r"[\p{L}--[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef\u3200-\u32ff]]+",
    regex.V1,
)


def _classify(ch: str) -> str | None:
    if ch in PUNCT_NEUTRAL or ch in _DIGITS:
        return None
    if _ZH_CHAR.match(ch):
        return ZH
    if _LETTER.match(ch):
        return LATIN
    return None


_ZH_ONLY = bytes([0, 1]) + bytes(254)  # class byte -> 1 for Chinese, else 0
_NEUTRAL_RUN = regex.compile(rb"\x00+")
_NAMES: tuple[str | None, ...] = (None, ZH, LATIN)


@lru_cache(maxsize=1 << 14)
def _strength(ch: str) -> int:
    """0 for a neutral character, 1 for a Chinese one, 2 for a Latin letter."""
    if _ZH_RUN.match(ch):
        return 1
    return 2 if _LATIN_RUN.match(ch) else 0


class _Tables:
    """Per-position facts about a whole page text, computed at once in linear time."""

    __slots__ = ("left", "outer_after", "outer_before", "prose", "right", "zh_before")

    def __init__(self, text: str) -> None:
        n = len(text)
        # cls[i]: 0 neutral, 1 Chinese, 2 Latin; found by runs (a regex per character is slow).
        cls = bytearray(n)
        for m in _ZH_RUN.finditer(text):
            cls[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        for m in _LATIN_RUN.finditer(text):
            cls[m.start() : m.end()] = b"\x02" * (m.end() - m.start())
        classes = list(map(_NAMES.__getitem__, cls))
        # zh_before[i]: Chinese letters in text[:i], to ask "any Chinese inside?" in O(1).
        # (An array of machine integers: a list would hold one int object per position.)
        self.zh_before = array("q", accumulate(cls.translate(_ZH_ONLY), initial=0))
        # left[i]: class of the nearest strong character before i; right[i]: at or after i.
        # A strong character gives its own class; a run of neutral ones takes its neighbour's
        # (whole runs at a time: a loop per character is the slow part of the step).
        self.left: list[str | None] = [None, *classes]
        self.right: list[str | None] = [*classes, None]
        for run in _NEUTRAL_RUN.finditer(cls):
            s, e = run.span()
            self.left[s + 1 : e + 1] = [self.left[s]] * (e - s)
            self.right[s:e] = [self.right[e]] * (e - s)
        # outer_before[i]: the character before i on its line, looking through quote marks
        # (so that pairing one kind of quote never changes the context of another);
        # outer_after[i]: the same, at or after i. Only line breaks and quote marks differ
        # from the plain neighbour.
        chars = list(text)  # one str object per character, shared by both lists
        self.outer_before: list[str] = ["", *chars]
        self.outer_after: list[str] = [*chars, ""]
        stops = [m.start() for m in _LINE_OR_QUOTE.finditer(text)]
        for i in stops:
            self.outer_before[i + 1] = "" if text[i] == "\n" else self.outer_before[i]
        for i in reversed(stops):
            self.outer_after[i] = "" if text[i] == "\n" else self.outer_after[i + 1]
        # prose[i]: the ASCII stretch holding i has two Latin words apart (English text).
        self.prose = bytearray(n)
        for m in _ASCII_RUN.finditer(text):
            if _LATIN_WORDS.search(m.group()):
                self.prose[m.start() : m.end()] = b"\x01" * (m.end() - m.start())


class _Context:
    """Facts about a page text at the positions the rules ask about.

    A question is answered from the few characters around the position asked about: a mark's
    nearest letter is usually next to it, and most of a page has no mark to decide, so
    per-character tables of the whole page would mostly go unread. Should the lookups read
    more than a few times the text in all (hostile input: many marks far from any letter, or
    asked about out of order), the page's tables (:class:`_Tables`) are built once and
    answer from then on, which keeps the step linear.
    """

    __slots__ = ("_budget", "_line_rank", "_prose_run", "_tables", "protected", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._budget = 4 * len(text) + 1024  # characters lookups may read before _Tables
        self._tables: _Tables | None = None
        self._line_rank: list[int] | None = None
        self._prose_run = (0, 0, False)  # the last ASCII stretch looked at, and its answer
        self.protected = bytearray(len(text))
        if any(needle in text for needle in _PROTECTED_NEEDS):
            for m in _PROTECTED.finditer(text):
                self.protected[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        if any(needle in text for needle in _CODE_NEEDS):
            start = 0
            for line in text.split("\n"):
                end = start + len(line)
                if any(needle in line for needle in _CODE_NEEDS) and _looks_like_code(line):
                    self.protected[start:end] = b"\x01" * (end - start)
                start = end + 1

    def _spend(self, cost: int) -> None:
        self._budget -= cost
        if self._budget < 0 and self._tables is None:
            self._tables = _Tables(self.text)

    def left(self, i: int) -> str | None:
        """Class (ZH, LATIN or None) of the nearest strong character before ``i``."""
        if self._tables is not None:
            return self._tables.left[i]
        text = self.text
        c = 0
        j = i - 1
        while j >= 0:
            c = _strength(text[j])
            if c:
                break
            j -= 1
        self._spend(i - j)
        return _NAMES[c]

    def right(self, i: int) -> str | None:
        """Class (ZH, LATIN or None) of the nearest strong character at or after ``i``."""
        if self._tables is not None:
            return self._tables.right[i]
        text = self.text
        n = len(text)
        c = 0
        j = i
        while j < n:
            c = _strength(text[j])
            if c:
                break
            j += 1
        self._spend(j - i + 1)
        return _NAMES[c]

    def outer_before(self, i: int) -> str:
        """The character before ``i`` on its line, looking through quote marks ('' if none).

        Pairing one kind of quote so never changes the context of another.
        """
        if self._tables is not None:
            return self._tables.outer_before[i]
        text = self.text
        j = i - 1
        while j >= 0 and text[j] in _QUOTE_MARKS:
            j -= 1
        self._spend(i - j)
        return "" if j < 0 or text[j] == "\n" else text[j]

    def outer_after(self, i: int) -> str:
        """The character at or after ``i`` on its line, looking through quote marks."""
        if self._tables is not None:
            return self._tables.outer_after[i]
        text = self.text
        n = len(text)
        j = i
        while j < n and text[j] in _QUOTE_MARKS:
            j += 1
        self._spend(j - i + 1)
        return "" if j >= n or text[j] == "\n" else text[j]

    def prose(self, i: int) -> bool:
        """Whether the ASCII stretch holding ``i`` has two Latin words apart (English text)."""
        if self._tables is not None:
            return bool(self._tables.prose[i])
        start, end, value = self._prose_run
        if start <= i < end:
            return value
        text = self.text
        if not _ASCII_RUN.match(text, i):
            return False
        before = _NOT_ASCII_BEFORE.search(text, 0, i)
        start = before.end() if before else 0
        after = _NOT_ASCII.search(text, i)
        end = after.start() if after else len(text)
        # The stretch is bounded by non-ASCII characters or line breaks, which the pattern's
        # look-behind and look-ahead would not take for letters or spaces anyway.
        value = _LATIN_WORDS.search(text, start, end) is not None
        self._prose_run = (start, end, value)
        self._spend(end - start)
        return value

    def line_rank(self) -> list[int]:
        """For each line k, how many non-blank lines come before it.

        Distances between lines are counted in it, so a paragraph cut by blank lines still
        counts as adjacent lines.
        """
        if self._line_rank is None:
            lines = self.text.split("\n")
            self._line_rank = list(accumulate(map(bool, map(str.strip, lines)), initial=0))
            self._line_rank.pop()  # the count after the last line
        return self._line_rank

    def has_chinese(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds a Chinese letter."""
        if self._tables is not None:
            return self._tables.zh_before[end] > self._tables.zh_before[start]
        found = _ZH_RUN.search(self.text, start, end)
        self._spend((found.start() if found else end) - start + 1)
        return found is not None

    def chinese(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` has a Chinese-context letter on either side."""
        return self.left(start) == ZH or self.right(end) == ZH

    def attached_chinese(self, start: int, end: int) -> bool:
        """Whether a mark at ``text[start:end]`` belongs to Chinese text.

        A mark belongs to what it follows: after a Chinese character it is Chinese; after a
        Latin word it is Chinese only if Chinese follows and the Latin words before it are
        not an English phrase (``OK,我们`` converts, ``Hello world, 你好`` does not).
        """
        left = self.left(start)
        if left == ZH:
            return True
        if left == LATIN and self.prose(start):
            return False
        return self.right(end) == ZH

    def before(self, i: int) -> str:
        """The character before ``i`` on the same line ('' at a line start)."""
        return "" if i == 0 or self.text[i - 1] == "\n" else self.text[i - 1]

    def after(self, i: int) -> str:
        """The character at ``i`` on the same line ('' at a line end)."""
        return "" if i >= len(self.text) or self.text[i] == "\n" else self.text[i]


def _digit_between(ctx: _Context, start: int, end: int) -> bool:
    return ctx.before(start) in _DIGITS and ctx.after(end) in _DIGITS


_MARKS = ",;:?!"
_QUOTE_MARKS = frozenset("\"'＂＇“”‘’「」『』")
_LINE_OR_QUOTE = one_of(_QUOTE_MARKS | {"\n"})
_ASCII_RUN = regex.compile(r"[\x00-\x09\x0b-\x7f]+")
_NOT_ASCII = regex.compile(r"[^\x00-\x09\x0b-\x7f]")
_NOT_ASCII_BEFORE = regex.compile(r"(?r)[^\x00-\x09\x0b-\x7f]")
_LATIN_WORDS = regex.compile(r"(?<![A-Za-z])[A-Za-z]++[,;:]?[ ]++[A-Za-z]")


def _convert_marks(ctx: _Context) -> list[Edit]:
    text = ctx.text
    edits: list[Edit] = []
    last_end = 0
    for i in find_all(text, _MARKS):
        ch = text[i]
        if ctx.protected[i] or _digit_between(ctx, i, i + 1):
            continue  # 1,000  10:30  1:1  and marks inside URLs, e-mail, entities, code
        if ch == "!" and ctx.after(i + 1) == "=":
            continue  # a != b
        if not ctx.attached_chinese(i, i + 1):
            continue
        # Full-width marks carry their own spacing: absorb ASCII spaces around them.
        s = i
        while s > last_end and text[s - 1] in _SPACES:
            s -= 1
        e = i + 1
        while e < len(text) and text[e] in _SPACES:
            e += 1
        edits.append(Edit(s, e, ASCII_TO_FULLWIDTH[ch], f"ASCII {ch!r} in Chinese context"))
        last_end = e
    return edits


def convert_ascii_marks(text: str) -> list[Edit]:
    """``, ; : ? !`` to ``，；：？！`` where the nearest letter on either side is Chinese.

    Spaces around a converted mark go with it. Marks between digits, between Latin words,
    in URLs, e-mail addresses, entities and code stay.

    >>> from cleantext.trace import apply_edits
    >>> t = "分别下降14.5%和15%,时间为10:30, 比例1:1。Hello, world!"
    >>> apply_edits(t, convert_ascii_marks(t))
    '分别下降14.5%和15%，时间为10:30，比例1:1。Hello, world!'
    """
    return _convert_marks(_Context(text))


# --- quotes ----------------------------------------------------------------------------------

OPEN, CLOSE, EITHER = "open", "close", "either"
# A quote preceded by one of these opens; followed by one of these closes.
# Sentence-final marks and … are missing from the first set on purpose: `。"` and `……"`
# usually close a quotation.
# A mark and what this step turns it into must be in the same sets (idempotence).
_BEFORE_OPEN = frozenset(" \t\u3000（(《【〔[{<“‘「『：:，,；;、=\ufe50\ufe54\ufe55\ufe59") | {""}
_AFTER_CLOSE = frozenset(
    " \t\u3000）)》】〕]}>”’」』：:，,。；;、！？!?….\ufe50\ufe54\ufe55\ufe56\ufe57\ufe5a"
) | {""}
# Curly quotes take part in pairing with their fixed direction, so that `“十四五"` closes
# and a second run sees the same sequence of quotes as the first (idempotence).
_DQUOTES = frozenset('"＂“”')
_QUOTE_LINES = 3
_CURLY = frozenset("“”‘’")
_SQUOTES = frozenset("'＇‘’")


def _hint(ctx: _Context, i: int) -> str:
    ch = ctx.text[i]
    if ch in "“‘":
        return OPEN
    if ch in "”’":
        return CLOSE
    opens = ctx.outer_before(i) in _BEFORE_OPEN
    closes = ctx.outer_after(i + 1) in _AFTER_CLOSE
    if opens and not closes:
        return OPEN
    if closes and not opens:
        return CLOSE
    return EITHER


def _is_apostrophe(ctx: _Context, i: int) -> bool:
    before, after = ctx.outer_before(i), ctx.outer_after(i + 1)
    if before in _ASCII_ALNUM and (after in _ASCII_ALNUM or after in _AFTER_CLOSE):
        return True  # don't, it's, students'
    return before in _BEFORE_OPEN and after in _DIGITS  # '90s


def _quote_pairs(
    ctx: _Context, marks: frozenset[str], *, cross_lines: bool
) -> tuple[list[tuple[int, int]], list[int]]:
    """Pair quote tokens greedily in reading order; return the pairs and the strays."""
    text = ctx.text
    tokens = []
    for i in find_all(text, marks):
        ch = text[i]
        if not ctx.protected[i] and not (ch in _SQUOTES and ch != "‘" and _is_apostrophe(ctx, i)):
            tokens.append(i)
    line_of: list[int] = []
    line = 0
    pos = 0
    for i in tokens:
        line += text.count("\n", pos, i)
        pos = i
        line_of.append(line)
    per_line: dict[int, int] = {}
    for ln in line_of:
        per_line[ln] = per_line.get(ln, 0) + 1

    line_rank = ctx.line_rank() if cross_lines and tokens else []

    def may_pair(a: int, b: int) -> bool:
        if line_of[a] == line_of[b]:
            return True
        # A quotation over line breaks (a paragraph cut into lines): the opener is the last
        # quote on its line, the closer the first on a line at most _QUOTE_LINES further,
        # and both lines have an odd number of quotes.
        return (
            cross_lines
            and line_rank[line_of[b]] - line_rank[line_of[a]] <= _QUOTE_LINES
            and (a + 1 == len(tokens) or line_of[a + 1] != line_of[a])
            and (b == 0 or line_of[b - 1] != line_of[b])
            and per_line[line_of[a]] % 2 == 1
            and per_line[line_of[b]] % 2 == 1
        )

    pairs: list[tuple[int, int]] = []
    strays: list[int] = []
    k = 0
    while k < len(tokens):
        a = tokens[k]
        if _hint(ctx, a) != CLOSE and k + 1 < len(tokens):
            b = tokens[k + 1]
            if _hint(ctx, b) != OPEN and may_pair(k, k + 1):
                pairs.append((a, b))
                k += 2
                continue
        strays.append(a)
        k += 1
    return pairs, strays


def _quote_edits(ctx: _Context, *, single: bool) -> list[Edit]:
    marks = _SQUOTES if single else _DQUOTES
    if all(ch in _CURLY or ch not in ctx.text for ch in marks):
        return []  # curly quotes alone are never edited
    pairs, strays = _quote_pairs(ctx, marks, cross_lines=not single)
    opener, closer = ("‘", "’") if single else ("“", "”")
    name = "single" if single else "double"
    edits = []
    if not single:
        # A quotation cut off (its other half lost) still has an obvious direction when it
        # starts a line or follows a space and precedes a Chinese character, or the reverse.
        for i in strays:
            if ctx.text[i] in _CURLY:
                continue
            hint = _hint(ctx, i)
            if hint == OPEN and _classify(ctx.outer_after(i + 1) or " ") == ZH:
                edits.append(Edit(i, i + 1, opener, "unpaired ASCII quote opening Chinese text"))
            elif hint == CLOSE and _classify(ctx.outer_before(i) or " ") == ZH:
                edits.append(Edit(i, i + 1, closer, "unpaired ASCII quote closing Chinese text"))
    reason = f"ASCII {name} quote paired in Chinese context"
    for a, b in pairs:
        curly_a, curly_b = ctx.text[a] in _CURLY, ctx.text[b] in _CURLY
        if curly_a and curly_b:
            continue
        han_inside = ctx.has_chinese(a + 1, b)
        # Single quotes double as apostrophes: convert them only around Chinese words.
        if han_inside or curly_a or curly_b or (not single and ctx.chinese(a, b + 1)):
            if not curly_a:
                edits.append(Edit(a, a + 1, opener, reason))
            if not curly_b:
                edits.append(Edit(b, b + 1, closer, reason))
    return edits


def pair_quotes(text: str) -> list[Edit]:
    """Pair ASCII ``"`` into ``“”`` and ``'`` into ``‘’`` around or beside Chinese text.

    Quotes pair in reading order; a quote whose neighbours say it opens (or closes) is not
    used the other way; a quotation may run over one line break. Unpaired quotes stay (see
    :func:`find_punctuation_problems`); apostrophes (``don't``) are not quotes.

    >>> from cleantext.trace import apply_edits
    >>> t = '他说"我们要\\'绿色\\'发展", 又说"好'
    >>> apply_edits(t, pair_quotes(t))
    '他说“我们要‘绿色’发展”, 又说"好'
    """
    ctx = _Context(text)
    return _quote_edits(ctx, single=False) + _quote_edits(ctx, single=True)


# --- parentheses -------------------------------------------------------------------------------

_OPEN_PAREN = frozenset("(（\ufe59")
_CLOSE_PAREN = frozenset(")）\ufe5a")
_PAREN_OR_LINE = "".join(sorted(_OPEN_PAREN | _CLOSE_PAREN | {"\n"}))


def _paren_pairs(ctx: _Context) -> tuple[list[tuple[int, int]], list[int]]:
    """Match ``(`` ``（`` with ``)`` ``）``; a pair may run over one line break."""
    text = ctx.text
    stack: list[tuple[int, int]] = []  # (position, line); entries below `floor` are dead
    floor = 0
    pairs: list[tuple[int, int]] = []
    strays: list[int] = []
    line = 0
    for i in find_all(text, _PAREN_OR_LINE):  # every other character is skipped below anyway
        ch = text[i]
        if ch == "\n":
            line += 1
            if floor == len(stack):
                continue  # no opener waiting
            # Openers from two (non-blank) lines back can no longer be closed; they are the
            # oldest, at the bottom of the stack.
            line_rank = ctx.line_rank()
            near = line_rank[line] - 1
            while floor < len(stack) and line_rank[stack[floor][1]] < near:
                strays.append(stack[floor][0])
                floor += 1
        elif ctx.protected[i]:
            continue
        elif ch in _OPEN_PAREN:
            stack.append((i, line))
        elif ch in _CLOSE_PAREN:
            if len(stack) > floor:
                pairs.append((stack.pop()[0], i))
            else:
                strays.append(i)
    strays.extend(p for p, _ in stack[floor:])
    return pairs, sorted(strays)


def _paren_edits(ctx: _Context) -> list[Edit]:
    text = ctx.text
    edits = []
    reason = "ASCII parenthesis in Chinese context"
    if "(" not in text and ")" not in text:
        return []  # only ASCII parentheses are edited
    pairs, strays = _paren_pairs(ctx)
    for a, b in pairs:
        if text[a] == "（" and text[b] == "）":
            continue
        han_inside = ctx.has_chinese(a + 1, b)
        formula = ctx.before(a) in _ASCII_ALNUM  # f(x), 2(a+b), item(s)
        if han_inside or (not formula and ctx.chinese(a, b + 1)):
            if text[a] == "(":
                edits.append(Edit(a, a + 1, "（", reason))
            if text[b] == ")":
                edits.append(Edit(b, b + 1, "）", reason))
    for i in strays:
        # An unpaired one between two Chinese characters is wrong either way.
        if (
            text[i] in "()"
            and _classify(ctx.before(i) or " ") == ZH
            and _classify(ctx.after(i + 1) or " ") == ZH
        ):
            edits.append(Edit(i, i + 1, ASCII_TO_FULLWIDTH[text[i]], reason))
    return edits


def pair_parentheses(text: str) -> list[Edit]:
    """ASCII ``( )`` to ``（ ）`` when they enclose Chinese or sit in Chinese context.

    A pair right after a Latin letter or digit around non-Chinese content (``f(x)``) is a
    formula and stays; ``GDP(国内生产总值)`` has Chinese content and converts.

    >>> from cleantext.trace import apply_edits
    >>> t = "书记(兼) 计划(2022—2025年) f(x) GDP(国内生产总值) (1)加快"
    >>> apply_edits(t, pair_parentheses(t))
    '书记（兼） 计划（2022—2025年） f(x) GDP（国内生产总值） （1）加快'
    """
    return _paren_edits(_Context(text))


# --- ellipses, dashes, dots ------------------------------------------------------------------

# A single ASCII `.` right after a Han character that ends a sentence: before the end of the
# line (through spaces and closing quotes or brackets: `好."`), or before a Han character. After
# a Han character it cannot be a decimal point, a version, a domain name or an abbreviation
# (those follow digits or Latin letters); `报告.pdf` is followed by a Latin letter.
_FULL_STOP = regex.compile(
    r"(?<=\p{Han})(?<!\.)\.(?!\.)"
    r"(?=(?P<han>\p{Han})|[\"'”’）)」』》】\]]*+[ ]*+(?:\n|$))"
)
# `一.` `十二.` at a line start number a list (GB/T writes `一、`): not a sentence end.
_CHINESE_NUMERAL_ITEM = regex.compile(r"(?:^|(?<=\n))[ \t\u3000]*[一二三四五六七八九十百零〇]+$")
# Between two Han characters a `.` is most often the interpunct of a transliterated name
# (`约翰.史密斯`, `山.水.人`: 43 of the 52 such dots in the development corpus). It is taken
# for a full stop only on a line typed with ASCII punctuation (a `,;:?!` beside a Han character,
# or a `.` ending the line after one) that writes no Chinese full stop, comma or interpunct of its
# own, outside 《》, and not in a chain of such dots.
_ZH_SENTENCE_MARKS = ("。", "，", "·")
_HAN_DOT_CHAIN = regex.compile(r"\p{Han}+\.\p{Han}+\.\p{Han}")
_ASCII_TYPED = regex.compile(r"\p{Han}[ ]?[,;:?!]|[,;:?!][ ]?\p{Han}|\p{Han}\.[ ]*$")


def _han_dot_is_full_stop(line: str, k: int) -> bool:
    """Whether the `.` at ``line[k]``, between two Han characters, ends a sentence."""
    return (
        not any(mark in line for mark in _ZH_SENTENCE_MARKS)
        and line.count("《", 0, k) <= line.count("》", 0, k)
        and not any(c.start() <= k < c.end() for c in _HAN_DOT_CHAIN.finditer(line))
        and _ASCII_TYPED.search(line) is not None
    )


def _full_stop_edits(ctx: _Context) -> list[Edit]:
    edits: list[Edit] = []
    text = ctx.text
    if "." not in text:
        return edits
    for m in _FULL_STOP.finditer(text):
        i = m.start()
        if ctx.protected[i]:
            continue
        line_start = text.rfind("\n", 0, i) + 1
        if _CHINESE_NUMERAL_ITEM.search(text, line_start, i):
            continue
        if m.group("han"):
            line_end = text.find("\n", i)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            if not _han_dot_is_full_stop(line, i - line_start):
                continue
        edits.append(Edit(i, i + 1, "。", "ASCII '.' ends a Chinese sentence"))
    return edits


def fix_full_stops(text: str) -> list[Edit]:
    """A ``.`` after a Han character, ending the sentence, to ``。``.

    The ``.`` must be followed by the end of the line (perhaps through closing quotes or
    brackets), or by a Han character on a line typed with ASCII punctuation that writes no
    ``。，·`` of its own (elsewhere a ``.`` between Han characters is the interpunct of a name:
    ``约翰.史密斯``). Decimals,
    versions, domain names, abbreviations (``U.S.``) and file names (``报告.pdf``) stay; ``...``
    is an ellipsis.

    >>> from cleantext.trace import apply_edits
    >>> t = "总有起点.在本章中,见报告.pdf 增长3.5% 于U.S.市场.\\n一.引言"
    >>> apply_edits(t, fix_full_stops(t))
    '总有起点。在本章中,见报告.pdf 增长3.5% 于U.S.市场。\\n一.引言'
    >>> apply_edits('他说"好."', fix_full_stops('他说"好."'))
    '他说"好。"'
    >>> apply_edits("约翰.史密斯说，", fix_full_stops("约翰.史密斯说，"))
    '约翰.史密斯说，'
    """
    return _full_stop_edits(_Context(text))


_ELLIPSIS = regex.compile(r"\.{3,}|。{3,}|．{3,}|(?<!…)…(?!…)|[·•・]{3,}")
#: Every match of _ELLIPSIS holds one of these.
_ELLIPSIS_NEEDS = ("...", "。。。", "．．．", "…", "·", "•", "・")


def _ellipsis_edits(ctx: _Context) -> list[Edit]:
    edits: list[Edit] = []
    if not any(needle in ctx.text for needle in _ELLIPSIS_NEEDS):
        return edits
    for m in _ELLIPSIS.finditer(ctx.text):
        s, e = m.span()
        if ctx.protected[s] or _digit_between(ctx, s, e):
            continue  # 1...10
        if m.group()[0] == "。" or ctx.attached_chinese(s, e):
            edits.append(Edit(s, e, "……", "ellipsis to ……"))
    return edits


def fix_ellipses(text: str) -> list[Edit]:
    """``...`` ``。。。`` ``…`` ``···`` to ``……`` in Chinese context.

    >>> from cleantext.trace import apply_edits
    >>> t = "等等... 然后。。。最后… Wait..."
    >>> apply_edits(t, fix_ellipses(t))
    '等等…… 然后……最后…… Wait...'
    """
    return _ellipsis_edits(_Context(text))


_DASH = regex.compile(r"-{2,}|－{2,}|―{2,}")
_DASH_NEEDS = ("--", "－－", "――")
# A lone — between words is GB/T's connecting dash (北京—上海); only a line's leading dash
# before Chinese (a subtitle: —市委全会…) is surely a 破折号 cut to one character.
# (The standard ``re``: it finds line starts several times faster than ``regex``. Python
# 3.10 has no possessive ``*+``; as the leading class and the dashes are disjoint, the plain
# star matches the same and backtracks at most over one line's leading run.)
_LEADING_DASH = re.compile(r"(?m)^[ \t\u3000#>*]*([—―])(?![—―])")


def _dash_edits(ctx: _Context) -> list[Edit]:
    text = ctx.text
    edits = []
    if any(needle in text for needle in _DASH_NEEDS):
        for m in _DASH.finditer(text):
            s, e = m.span()
            if ctx.protected[s] or _digit_between(ctx, s, e) or not ctx.attached_chinese(s, e):
                continue
            edits.append(Edit(s, e, "——", "dash to ——"))
    if "—" not in text and "―" not in text:
        return edits
    for lead in _LEADING_DASH.finditer(text):
        s, e = lead.span(1)
        if not ctx.protected[s] and _classify(ctx.after(e) or " ") == ZH:
            edits.append(Edit(s, e, "——", "leading dash to ——"))
    return edits


def fix_dashes(text: str) -> list[Edit]:
    """``--`` ``－－`` ``――`` (and a line's leading ``—``) to ``——`` in Chinese context.

    A dash between digits is a range (see :func:`fix_range_dashes`); ``北京—上海`` keeps its
    connecting dash; ``---`` alone on a line (a rule) is not in Chinese context.

    >>> from cleantext.trace import apply_edits
    >>> t = "—新起点 他说--我们 北京—上海 2022—2025 a--b"
    >>> apply_edits(t, fix_dashes(t))
    '——新起点 他说——我们 北京—上海 2022—2025 a--b'
    """
    return _dash_edits(_Context(text))


# Not part of a longer number, date or time (10:30-11:00, 2023-05-01, 1.5-2.5).
_RANGE = regex.compile(r"(?<![\d.\-/]|\d:)(\d{1,4})[ ]?([-–—－~～])[ ]?(\d{1,4})(?![\d.\-/]|:\d)")
_YEAR = regex.compile(r"1[89]\d\d|20\d\d")
RangeDash = Literal["keep", "em", "wave"]
_RANGE_MARK = {"em": "—", "wave": "～"}


def _range_edits(ctx: _Context, range_dash: RangeDash) -> list[Edit]:
    if range_dash == "keep":
        return []
    text = ctx.text
    edits = []
    for m in _RANGE.finditer(text):
        s = m.start(2)
        if ctx.protected[s] or not ctx.chinese(m.start(), m.end()):
            continue
        years = bool(_YEAR.fullmatch(m[1]) and _YEAR.fullmatch(m[3])) and m[1] <= m[3]
        unit = _classify(ctx.after(m.end()) or " ") == ZH or ctx.after(m.end()) == "%"
        if not (years or unit):
            continue  # a phone number 023-6386 or a code
        new = _RANGE_MARK[range_dash]
        if text[m.end(1) : m.start(3)] != new:
            edits.append(Edit(m.end(1), m.start(3), new, f"range dash to {new}"))
    return edits


def fix_range_dashes(text: str, *, range_dash: RangeDash = "keep") -> list[Edit]:
    """Unify the dash of a number range per ``range_dash``: ``keep`` (default), ``em``
    (``2022—2025``, GB/T 15834 for time spans) or ``wave`` (``10～20``, for quantities).

    Only year-to-year ranges or ranges followed by a unit (``2023-2027年``, ``5-10%``) are
    touched: ``023-6386`` or ``2023-05-01`` are not ranges.

    >>> from cleantext.trace import apply_edits
    >>> t = "方案(2023-2027年) 电话023-6386 2023-05-01"
    >>> apply_edits(t, fix_range_dashes(t, range_dash="em"))
    '方案(2023—2027年) 电话023-6386 2023-05-01'
    """
    return _range_edits(_Context(text), range_dash)


def _middle_dot_edits(ctx: _Context) -> list[Edit]:
    text = ctx.text
    edits = []
    for i in find_all(text, MIDDLE_DOT_VARIANTS):
        before, after = ctx.before(i), ctx.after(i + 1)
        if before and after and _classify(before) == ZH and _classify(after) == ZH:
            edits.append(Edit(i, i + 1, "·", "interpunct between Chinese words"))
    return edits


def fix_middle_dots(text: str) -> list[Edit]:
    """Bullets and katakana dots between Chinese characters (names) to the interpunct ``·``.

    >>> from cleantext.trace import apply_edits
    >>> t = "伊•万 阿・卜杜拉 • 要点"
    >>> apply_edits(t, fix_middle_dots(t))
    '伊·万 阿·卜杜拉 • 要点'
    """
    return _middle_dot_edits(_Context(text))


def convert_small_forms(text: str) -> list[Edit]:
    """Small form variants (``﹐﹔﹕﹖﹗﹙﹚``) to their full-width forms.

    >>> from cleantext.trace import apply_edits
    >>> apply_edits("你好\\ufe50世界", convert_small_forms("你好\\ufe50世界"))
    '你好，世界'
    """
    return [
        Edit(i, i + 1, SMALL_FORM_PUNCT[text[i]], "small form variant")
        for i in find_all(text, SMALL_FORM_PUNCT)
    ]


def convert_corner_quotes(text: str) -> list[Edit]:
    """``「」『』`` to ``“”‘’`` (used when ``corner_quotes="convert"``).

    >>> from cleantext.trace import apply_edits
    >>> apply_edits("「他说『好』」", convert_corner_quotes("「他说『好』」"))
    '“他说‘好’”'
    """
    return [
        Edit(i, i + 1, CORNER_TO_CURLY[text[i]], "corner quote to curly quote")
        for i in find_all(text, CORNER_TO_CURLY)
    ]


_CORNER_TABLE = str.maketrans(CORNER_TO_CURLY)
_SMALL_TABLE = str.maketrans(SMALL_FORM_PUNCT)


def punctuation_edits(
    text: str,
    *,
    corner_quotes: Literal["keep", "convert"] = "keep",
    range_dash: RangeDash = "keep",
) -> list[Edit]:
    """All edits of :func:`normalize_punctuation` on ``text`` (lines joined by ``\\n``).

    >>> punctuation_edits("好,的")[0].replacement
    '，'
    """
    # The rules decide on the text as this step will write it, so that a second run reads
    # the same context as the first (idempotence): small forms and converted corner quotes
    # are read as what they become (same length, 1:1: `"﹝` opens a quote like `"〔`), and so
    # are the full stops, decided first (`会."` closes its quote like `会。"`). A full stop is
    # decided on that view too: `会.﹚` ends a sentence like `会.）`.
    view = text
    if corner_quotes == "convert":
        view = view.translate(_CORNER_TABLE)
    if any(ch in text for ch in SMALL_FORM_PUNCT):  # rare: translate is slow on a long page
        view = view.translate(_SMALL_TABLE)
    ctx = _Context(view)
    full_stops = _full_stop_edits(ctx)
    if full_stops:
        chars = list(view)
        for e in full_stops:
            chars[e.start] = e.replacement
        ctx = _Context("".join(chars))
    edits = (
        _convert_marks(ctx)
        + _quote_edits(ctx, single=False)
        + _quote_edits(ctx, single=True)
        + _paren_edits(ctx)
        + _ellipsis_edits(ctx)
        + full_stops
        + _dash_edits(ctx)
        + _range_edits(ctx, range_dash)
        + _middle_dot_edits(ctx)
        + convert_small_forms(text)
    )
    if corner_quotes == "convert":
        edits += convert_corner_quotes(text)
    return edits


def find_punctuation_problems(text: str) -> list[Finding]:
    """Quotes and parentheses left unpaired (they are kept, so no edit can report them).

    >>> [f.reason for f in find_punctuation_problems('他说"好 (记者')]
    ['unpaired quote', 'unpaired parenthesis']
    """
    ctx = _Context(text)
    found = []
    for marks, cross in ((_DQUOTES, True), (_SQUOTES, False)):
        for i in _quote_pairs(ctx, marks, cross_lines=cross)[1]:
            found.append(Finding(i, i + 1, text[i], "unpaired quote"))
    for i in _paren_pairs(ctx)[1]:
        found.append(Finding(i, i + 1, text[i], "unpaired parenthesis"))
    return sorted(found, key=lambda f: f.start)


def normalize_punctuation(
    blocks: Sequence[Block],
    *,
    corner_quotes: Literal["keep", "convert"] = "keep",
    range_dash: RangeDash = "keep",
) -> Iterator[Op]:
    """The step's ops on a page's blocks (the body of the block step)."""
    texts = [b.text for b in blocks]
    text = "\n".join(texts)
    # Decide as if every odd space (tab, NBSP, U+3000 …) were the plain space that
    # normalize_whitespace makes of it later; the mapping keeps every offset, and an edit that
    # absorbs a space replaces the original character.
    seen = plain_spaces(text)
    edits = punctuation_edits(seen, corner_quotes=corner_quotes, range_dash=range_dash)
    if not edits:
        return
    bases = list(accumulate([len(t) + 1 for t in texts], initial=0))
    for e in edits:
        if "\n" in text[e.start : e.end]:
            continue  # rules never cross a line (tested); a block edit cannot
        k = bisect_right(bases, e.start) - 1
        replacement = e.replacement
        if seen[e.start : e.end] == replacement:
            continue  # only an odd space would change: not this step's business
        yield TextEdit(k, e.start - bases[k], e.end - bases[k], replacement, e.reason)
