"""``normalize_whitespace``, ``collapse_letter_spacing`` and ``remove_column_spaces`` as they
were in Python (src/cleantext/spacing.py at ba0fc13), as plain functions: edits on one line,
ops on a page's blocks. The reference of tests/test_spacing_core.py."""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import accumulate, pairwise

import regex
from wcwidth import wcwidth

from cleantext.blocks import Block, Drop, Op, TextEdit
from cleantext.chardata import CJK_PUNCT, LINE_SPACES, is_han, load_words
from cleantext.trace import Edit

# --- normalize_whitespace ---------------------------------------------------------------------

#: Any run of whitespace except the line break (tabs, NBSP, U+3000, U+2000–U+200A, U+202F …):
#: ``[^\S\n]+``, with ``re`` and the characters spelled out, which scans a line several
#: times faster than ``regex``.
_LINE_SPACE_RUN = re.compile("[" + re.escape(LINE_SPACES) + "]+")

#: A space before these is never needed: they close or sit after a word.
_NO_SPACE_BEFORE = frozenset("，。、；：？！”’）》】〕」』〉")
#: A space after these is never needed: they open or sit between words. Not 。！？ or closing
#: marks: a space after them can separate a sentence from a trailing byline or credit.
_NO_SPACE_AFTER = frozenset("，、；：“‘（《【〔「『〈")


def _is_cjk(ch: str) -> bool:
    return is_han(ch) or ch in CJK_PUNCT


def normalize_whitespace(blocks: Sequence[Block]) -> Iterator[Op]:
    """Trim lines, drop blank ones, unify odd spaces, drop spaces beside Chinese punctuation.

    Leading whitespace (ideographic indentation included) and trailing whitespace go; a run
    of tabs, NBSP, U+3000 or other Unicode spaces inside a line becomes one ASCII space; a
    space between a Chinese character and Chinese punctuation goes (``全会 ，`` → ``全会，``).
    A space after ``。！？`` or a closing mark stays: it may separate a trailing byline.
    """
    for i, block in enumerate(blocks):
        text = block.text
        # (str.strip with the characters of [^\S\n] is a C loop; most lines have no space.)
        inner = text.strip(LINE_SPACES)
        if not inner:
            yield Drop(i, "blank line")
            continue
        lead = len(text) - len(text.lstrip(LINE_SPACES))
        if lead:
            yield TextEdit(i, 0, lead, "", "leading whitespace")
        trail = len(text) - len(text.rstrip(LINE_SPACES))
        if trail:
            yield TextEdit(i, len(text) - trail, len(text), "", "trailing whitespace")
        for m in _LINE_SPACE_RUN.finditer(text, lead, len(text) - trail):
            start, end = m.span()
            if start == 0 or end == len(text):
                continue
            before, after = text[start - 1], text[end]
            if (after in _NO_SPACE_BEFORE and _is_cjk(before)) or (
                before in _NO_SPACE_AFTER and _is_cjk(after)
            ):
                yield TextEdit(i, start, end, "", "space beside Chinese punctuation")
            elif m.group() != " ":
                yield TextEdit(i, start, end, " ", "odd or repeated whitespace")


# --- collapse_letter_spacing ------------------------------------------------------------------

_TOKEN = regex.compile(r"[^ ]+")
#: Single-character role words (摄, 图, 文) end a credit; inside a run they may be a name.
_MIN_RUN = 4


@cache
def _roles() -> tuple[frozenset[str], int]:
    words = frozenset(w for w in load_words("byline_roles") if all(is_han(c) for c in w))
    return words, max(map(len, words), default=1)


def _segment_run(letters: str) -> list[tuple[int, int, bool]]:
    """Split closed-up letters into (start, end, is_role) pieces, role words longest first."""
    roles, longest = _roles()
    pieces: list[tuple[int, int, bool]] = []
    i = name_start = 0
    n = len(letters)
    while i < n:
        match = 0
        for k in range(min(longest, n - i), 0, -1):
            word = letters[i : i + k]
            # A one-character role (摄, 图, 文) only as the credit at the end of the run.
            if word in roles and (k > 1 or i + k == n):
                match = k
                break
        if match:
            if name_start < i:
                pieces.append((name_start, i, False))
            pieces.append((i, i + match, True))
            i += match
            name_start = i
        else:
            i += 1
    if name_start < n:
        pieces.append((name_start, n, False))
    return pieces


def _letter(token: str, *, opens: bool, closes: bool) -> bool:
    """Whether ``token`` gives one letter to a letter-spaced run at this place in it."""
    if len(token) == 1:
        return is_han(token)
    # `(本报资料照片)首` may open a run and `摄(视觉重庆)` may close one.
    if opens and is_han(token[-1]) and not is_han(token[-2]):
        return True
    return closes and is_han(token[0]) and not is_han(token[1])


def collapse_letter_spacing(text: str) -> Iterator[Edit]:
    """Close up letter-spaced bylines: role words and names, names kept apart.

    A run is four or more single Han characters separated by single spaces. It is closed up
    only if it contains a role word from ``data/byline_roles.txt`` (记者, 实习生, 摄 …): the
    role words and the names between them become words, separated by one space. A name of two
    or three characters is closed up; a longer stretch between roles may be several names
    (``何 春 阳 王 亚 同``) and keeps its spaces. A run without a role word (a letter-spaced
    headline) is left alone: where its words end cannot be known.
    """
    spans = [m.span() for m in _TOKEN.finditer(text)]
    toks = [text[s:e] for s, e in spans]
    n = len(spans)

    def joined(k: int) -> bool:  # token k+1 follows token k after exactly one space
        return k + 1 < n and spans[k + 1][0] == spans[k][1] + 1

    i = 0
    while i < n:
        if not _letter(toks[i], opens=True, closes=False):
            i += 1
            continue
        j = i
        while joined(j) and len(toks[j + 1]) == 1 and is_han(toks[j + 1]):
            j += 1
        if joined(j) and len(toks[j + 1]) > 1 and _letter(toks[j + 1], opens=False, closes=True):
            j += 1
        yield from _collapse(text, spans[i : j + 1])
        # A closing token that is also an opening one (`者，首`) may start the next run: a
        # second run of the step would find that run once this one is closed up.
        reopens = j > i and len(toks[j]) > 1 and _letter(toks[j], opens=True, closes=False)
        i = j if reopens else j + 1


def _collapse(text: str, run: list[tuple[int, int]]) -> Iterator[Edit]:
    if len(run) < _MIN_RUN:
        return
    # The letter of each token: the last char of an opening token, else the first.
    letters = "".join(
        text[e - 1] if k == 0 and e - s > 1 else text[s] for k, (s, e) in enumerate(run)
    )
    if len(letters) != len(run) or not all(is_han(c) for c in letters):
        return
    pieces = _segment_run(letters)
    if not any(is_role for _, _, is_role in pieces):
        return
    for start, end, is_role in pieces:
        if not is_role and not 2 <= end - start <= 3:
            continue  # one letter, or maybe several names: keep the spaces
        for k in range(start, end - 1):
            at = run[k][1]  # the space after token k
            yield Edit(at, at + 1, "", "letter-spaced byline")


# --- remove_column_spaces ---------------------------------------------------------------------

#: Column lines narrower than this are not periodic text (headlines, name lists).
_MIN_PERIOD = 16
_MAX_PERIOD = 120
#: How many spaces a link of a chain may step over: a column line can hold real spaces
#: (``对 VPN 市场``, ``在 2012 年``); in text cut every N characters, where a link must fit
#: exactly, as many as a column line of Latin words and numbers holds.
_MAX_SKIP = 3
_MAX_SKIP_UNIFORM = 8
#: How many column lines a link of a chain may span. Two always (a column line that ended
#: between words got no space); more only where every column end in between is a *hole*: a
#: place where ``normalize_whitespace`` removed the column space, beside Chinese punctuation.
_MAX_LINES = 4
#: In text cut every N characters, column lines a link may span with no space or hole at the
#: column ends in between: a line's own period (the gaps on one or two periods count for it),
#: a neighbour's. Text cut again at another width loses the column spaces that fell at the
#: new line ends (normalize_whitespace trims them), anywhere, not only beside punctuation; the
#: column ends are exact (no tolerance).
_FREE_OWN_UNIFORM = 2
_FREE_BORROWED_UNIFORM = _MAX_LINES
#: A line without clause punctuation has a period only with this many spaces on it, a period
#: of this many columns (ten characters) or more, and this many column lines or more.
_UNPUNCTUATED_CHAIN = 4
_UNPUNCTUATED_PERIOD = 20.0
_UNPUNCTUATED_LINES = 4.0
#: How far (in blocks) a paragraph looks for a neighbour whose period it shares.
_NEIGHBOURHOOD = 10
#: A space removed as a column space has at least this many columns of text on each side.
_MIN_TOKEN = 6
#: A paragraph's first line is indented by up to two Han characters.
_INDENT = 4
#: After a sentence end, a column line this much shorter than the period starts a paragraph.
_PARAGRAPH_SHORTFALL = 3
#: A trailing byline after a space is at most this long (characters).
_BYLINE_TAIL = 24
#: Column-joined text is running text: it has clause punctuation (headlines, names do not).
_PARAGRAPH_PUNCT = regex.compile(r"[，。、；：？！,;:?!]")
_SENTENCE_END = frozenset("。！？.!?")
#: Punctuation no byline holds (names in one are separated by ``、`` or spaces).
_CLAUSE_PUNCT = regex.compile(r"[，。；：？！,;:?!]")
#: Opening marks: a space after one is no column's to judge (normalize_whitespace drops it
#: before Chinese text; before Latin text it is the writer's), nor one before it (writers set
#: brackets and quotes off with spaces).
_OPENERS = frozenset("“‘（《【〔「『〈([")
#: Closing marks (not a sentence end) and their opening marks.
_OPENING = {"）": "（", ")": "(", "」": "「", "』": "『", "”": "“", "’": "‘", "》": "《", "〉": "〈",
            "】": "【", "〕": "〔", "]": "["}


def _spaced_around(text: str, at: int) -> bool:
    """Whether ``text[at]`` closes a bracket or quote set off by the writer: its opening mark
    (the last one before it) has a space before it (``好像 「瑞典墳場三寶」 咁樣``), or it
    closes a list number (``（1） 配合``, ``（iv） 為進行``)."""
    opening = _OPENING.get(text[at])
    j = text.rfind(opening, 0, at) if opening else -1
    if j < 0:
        return False
    inside = text[j + 1 : at]
    number = len(inside) <= 3 and all(
        (c.isascii() and c.isalnum()) or c in "一二三四五六七八九十" for c in inside
    )
    return (j > 0 and text[j - 1] == " ") or number

#: Marks a writer sets off with spaces: separators (``手法 ｜中產``), the dot of a list
#: number (``；2. 記者``) and bullets (``被捕⚫ 被告``).
_SEPARATORS = frozenset("｜|/／.•●○■□◆◇▲△▼▽★☆⚫⚪※▶►")
#: A sentence end or a closing mark: a space after one and before a number or a Latin word
#: is the writer's as often as a column's.
_AFTER_CLOSE = frozenset("。！？!?）)」』”’》〉】")
#: The ASCII text right before / after a space: a word or a number written the Latin way.
_ASCII_BEFORE = regex.compile(r"(?r)[!-~]+$")
_ASCII_AFTER = regex.compile(r"[!-~]+")
#: An ASCII run beside a space made only of these is a number (``1 万``, ``20 25年``): a
#: column space may fall inside or beside it. Anything else (a Latin word, ``Drones+``,
#: ``Beirut,``) is written with real spaces around it.
_NUMBER = regex.compile(r"[0-9.%]+")
#: A column-joined line's spaces are nearly all column spaces: a chain that holds fewer than
#: this share of a line's spaces is chance (a line with many real spaces).
_MIN_CHAIN_SHARE = 0.5


def _too_few(text: str, chain: Sequence[int], spaces: Sequence[int]) -> bool:
    """Whether ``chain`` holds too small a share of the spaces of ``text`` to be a chain.

    A chain with three spaces inside Han words or more may leave out the spaces beside ASCII
    text: the writer's spaces around Latin words and numbers (``通过 VPN 和 SSH 隧道``) are
    many in a line, wherever its column ends fell.
    """
    if len(chain) >= _MIN_CHAIN_SHARE * len(spaces):
        return False
    if sum(1 for at in chain if is_han(text[at - 1]) and is_han(text[at + 1])) < 3:
        return True
    return len(chain) < _MIN_CHAIN_SHARE * sum(1 for at in spaces if not _beside_ascii(text, at))


def _latin_letter(c: str) -> bool:
    """A letter of the Latin script outside ASCII (Latin-1 Supplement to Latin Extended-B)."""
    return "\u00c0" <= c <= "\u024f" and c not in "×÷"


def _beside_latin(text: str, at: int) -> bool:
    """Whether the space at ``at`` touches ASCII text other than a number, or a number that
    is set off by spaces on both sides (``在 1956 年``: the writer's spacing, not a column's),
    or a Latin letter outside ASCII (``Marc Augé 就``)."""
    if (at > 0 and _latin_letter(text[at - 1])) or (at + 1 < len(text) and _latin_letter(text[at + 1])):
        return True
    before = _ASCII_BEFORE.search(text, max(0, at - 40), at)
    after = _ASCII_AFTER.match(text, at + 1)
    if any(m is not None and not _NUMBER.fullmatch(m.group()) for m in (before, after)):
        return True
    return (before is not None and text[before.start() - 1 : before.start()] == " ") or (
        after is not None and text[after.end() : after.end() + 1] == " "
    )


def _mostly_beside_latin(text: str, chain: Sequence[int]) -> bool:
    """Whether the spaces of ``chain`` that touch no Latin text are too few to make it: the
    writer's spaces around Latin words (``SSH 模式``, ``Http 代理``) fall on a short period by
    chance in a line full of them. A chain of three or more needs two such spaces."""
    others = sum(not _beside_latin(text, at) for at in chain)
    return others == 0 or (len(chain) >= 3 and others < 2)


def _beside_letter(text: str, at: int) -> bool:
    """Whether the space at ``at`` touches an ASCII letter (a Latin word)."""
    return (text[at - 1].isascii() and text[at - 1].isalpha()) or (
        text[at + 1].isascii() and text[at + 1].isalpha()
    )


def _beside_ascii(text: str, at: int) -> bool:
    """Whether the space at ``at`` touches ASCII text (a number, a word)."""
    return (text[at - 1].isascii() and text[at - 1] != " ") or (
        text[at + 1].isascii() and text[at + 1] != " "
    )


def _tolerance(period: float, uniform: bool = False) -> int:
    if uniform:
        return 0  # a re-wrap cuts every N characters exactly
    # Justified columns squeeze punctuation and digits: measured jitter on the seeds is about
    # ±10 % of the column width (33–38 columns for a width of 34).
    return max(2, math.ceil(period / 10))


@cache
def _width(ch: str) -> int:
    return max(0, wcwidth(ch))


@lru_cache(maxsize=64)
def _columns(text: str, uniform: bool = False) -> tuple[int, ...]:
    """Display column at which each character of ``text`` starts (len(text)+1 entries).

    With ``uniform``, every character counts two columns: text re-wrapped by characters
    (OCR, a program) rather than justified by width has its column spaces every N characters,
    whatever the share of narrow digits and Latin letters in each column line.

    Cached: the step asks for each line's columns up to three times.
    """
    if uniform:
        return tuple(range(0, 2 * len(text) + 1, 2))
    return (0, *accumulate(map(_width, text)))


#: A single space with a character on each side (read by the regex engine, not char by char).
_LONE_SPACE = regex.compile(r"(?<=[^ ]) (?=[^ ])")


def _candidate_spaces(text: str) -> list[int]:
    if " " not in text:
        return []
    return [m.start() for m in _LONE_SPACE.finditer(text)]


class _Link:
    """``link(start, end)``: the cost of a link of a chain between two display columns,
    ``None`` if the text between is not a whole number of column lines, else its distance
    from that. No link is shorter than ``shortest`` or longer than ``longest`` columns, or
    steps over more than ``skip`` spaces."""

    __slots__ = ("cost", "longest", "shortest", "skip")

    def __init__(
        self, cost: Callable[[int, int], int | None], shortest: float, longest: float, skip: int
    ) -> None:
        self.cost, self.shortest, self.longest, self.skip = cost, shortest, longest, skip

    def __call__(self, start: int, end: int) -> int | None:
        return self.cost(start, end)


def _hole(text: str, q: int) -> bool:
    """Whether ``normalize_whitespace`` drops a space between ``text[q - 1]`` and ``text[q]``
    (``，[ ]`` or ``[ ]。``): a column line that ended there left no space behind."""
    return 0 < q < len(text) and _needs_no_space(text[q - 1], text[q])


def _needs_no_space(before: str, after: str) -> bool:
    """Whether ``normalize_whitespace`` drops a space between ``before`` and ``after``."""
    return (after in _NO_SPACE_BEFORE and _is_cjk(before)) or (
        before in _NO_SPACE_AFTER and _is_cjk(after)
    )


def _holes(
    text: str,
    cols: Sequence[int],
    start: int,
    period: float,
    count: int,
    *,
    low: float,
    high: float,
) -> bool:
    """Whether each of ``count`` column ends after ``start`` (``start + j * period``, within
    ``-low`` to ``+high`` columns) is a hole."""
    for j in range(1, count + 1):
        target = start + j * period
        first = bisect_left(cols, target - low)
        last = bisect_right(cols, target + high)
        if not any(_hole(text, q) for q in range(first, min(last, len(text)))):
            return False
    return True


def _chain(
    cols: Sequence[int],
    spaces: list[int],
    cost: _Link,
    anchor: _Link | None = None,
) -> list[int]:
    """The longest chain of spaces whose consecutive links all fit.

    ``cost`` gives the cost of the link from one space to the next; of two chains of one
    length the one closer to the period wins. A link may step over ``cost.skip`` other spaces
    (real ones inside a column line). With ``anchor``, the start of the line may begin the
    chain; it is returned as position ``-1``.
    """
    nodes = ([-1] if anchor else []) + spaces
    m = len(nodes)
    score = [(1, 0)] * m
    prev = [-1] * m
    for b in range(m):
        end = cols[nodes[b]]
        # Links back from ``b`` grow longer: stop at the first one too long.
        for a in range(b - 1, max(0, b - cost.skip - 1) - 1, -1):
            link = cost if nodes[a] >= 0 else anchor
            if link is None:
                break
            start = cols[nodes[a] + 1] if nodes[a] >= 0 else 0
            if end - start > link.longest:
                break
            if end - start < link.shortest:
                continue
            c = link(start, end)
            if c is not None:
                cand = (score[a][0] + 1, score[a][1] - c)
                if cand >= score[b]:  # of equal chains, the one from the earliest space
                    score[b], prev[b] = cand, a
    if not m:
        return []
    b = max(range(m), key=lambda k: score[k])
    out = []
    while b >= 0:
        out.append(nodes[b])
        b = prev[b]
    return out[::-1]


def _near(
    text: str,
    cols: Sequence[int],
    period: float,
    *,
    free: int,
    indent: int = 0,
    uniform: bool = False,
) -> _Link:
    """Cost of a link against ``period``: the text between is ``k`` column lines (the first
    indented up to ``indent`` columns). Up to ``free`` lines need nothing more (two: a
    column line that ended between words got no space); more, up to ``_MAX_LINES``, only if
    every column end in between is a hole (:func:`_hole`), and only in text cut every N
    characters: where a justified column's ends are known only within the tolerance, holes
    fall in that window by chance (a list ``大學： 9人…大學：13人…`` has one every few
    characters)."""
    tol = _tolerance(period, uniform)
    most = _MAX_LINES if uniform else max(1, free)

    shortest, longest = period - indent - tol, most * period + tol

    def cost(start: int, end: int) -> int | None:
        gap = end - start
        if gap < shortest or gap > longest:
            return None  # most links: a quick answer
        # Only the line counts k with k * period - indent - tol <= gap <= k * period + tol.
        for k in range(
            max(1, math.ceil((gap - tol) / period)),
            min(most, math.floor((gap + indent + tol) / period)) + 1,
        ):
            low, high = k * period - indent, k * period
            if k <= free or _holes(text, cols, start, period, k - 1, low=indent + tol, high=tol):
                return math.ceil(low - gap if gap < low else gap - high if gap > high else 0)
        return None

    return _Link(cost, shortest, longest, _MAX_SKIP_UNIFORM if uniform else _MAX_SKIP)


def _tail_fits(text: str, cols: Sequence[int], at: int, period: float, uniform: bool) -> bool:
    """Whether the text after the space at ``at`` is at most one column line, or (in text cut
    every N characters) more lines whose column ends are all holes."""
    tol = _tolerance(period, uniform)
    tail = cols[-1] - cols[at + 1]
    ends = max(0, math.ceil((tail - tol) / period) - 1)  # column ends inside the tail
    return ends == 0 or (
        uniform
        and ends < _MAX_LINES
        and _holes(text, cols, cols[at + 1], period, ends, low=0, high=0)
    )


def _own_period(text: str, uniform: bool) -> float | None:
    """The period of ``text`` if at least three spaces fall on one period by themselves."""
    spaces = _candidate_spaces(text)
    punct = _PARAGRAPH_PUNCT.search(text) is not None
    if len(spaces) < 3 or not (punct or uniform):
        return None
    if not _is_wide_text(text, _columns(text)):
        return None
    cols = _columns(text, uniform)
    # Candidate periods from links over ``_MAX_SKIP`` spaces at most (all a chain may have
    # in text cut every N characters would cost twice the time for little).
    gaps = Counter(
        cols[spaces[b]] - cols[spaces[a] + 1]
        for b in range(len(spaces))
        for a in range(max(0, b - _MAX_SKIP - 1), b)
    )
    # Centres between the observed gaps too: jitter of ±1 character around a period of 18
    # columns gives gaps of 16 and 20, both within tolerance of 18 only. A centre with k gaps
    # in reach can give a chain of k + 1 spaces at most: try the best-supported first.
    # Links on more periods than one count for a candidate where the chain may use them.
    free = _FREE_OWN_UNIFORM if uniform else 1
    support = {}
    for c in {g + d for g in gaps for d in range(-2, 3)}:
        if _MIN_PERIOD <= c <= _MAX_PERIOD:
            tol = _tolerance(c, uniform)
            support[c] = sum(
                gaps[g] for k in range(1, free + 1) for g in range(k * c - tol, k * c + tol + 1)
            )
    best: tuple[tuple[int, int], float] | None = None
    mode = gaps.most_common(1)[0][0]
    for p in sorted(support, key=lambda c: (-support[c], abs(c - mode), c)):
        if support[p] + 1 < 3 or (best is not None and support[p] + 1 < best[0][0]):
            break
        cost = _near(text, cols, p, free=free, uniform=uniform)
        chain = _chain(cols, spaces, cost)
        if len(chain) < 3 or _too_few(text, chain, spaces) or _mostly_beside_latin(text, chain):
            continue
        # Longest chain first, then the period its gaps sit closest to.
        deviation = sum(cost(cols[a + 1], cols[b]) or 0 for a, b in pairwise(chain))
        score = (len(chain), -deviation)
        if best is None or score > best[0]:
            best = (score, float(p))
            if score == (len(spaces), 0):
                break  # every space, exactly on the period: nothing can do better
    if best is not None and not punct:
        # A line without clause punctuation (a headline, verse, a list) has a period only if
        # it is long and cut every N characters: four spaces or more on a period of ten
        # characters or more (verse lines are five or seven), four column lines or more.
        (length, deviation), period = best
        if not (
            length >= _UNPUNCTUATED_CHAIN
            and deviation == 0
            and period >= _UNPUNCTUATED_PERIOD
            and len(text) >= _UNPUNCTUATED_LINES * period / 2
        ):
            return None
    return None if best is None else best[1]


def _anchored_period(text: str) -> float | None:
    """In text cut every N characters, the period of a paragraph of three or four column lines:
    its two or three spaces, each between Han characters, cut it into equal parts (the first up
    to two characters short: an indent), the last part no longer. Three parts the same to the
    character are as strong as three spaces on a period."""
    spaces = _candidate_spaces(text)
    if not 2 <= len(spaces) <= 3 or not _PARAGRAPH_PUNCT.search(text):
        return None
    if not all(is_han(text[at - 1]) and is_han(text[at + 1]) for at in spaces):
        return None
    if not _is_wide_text(text, _columns(text)):
        return None
    cols = _columns(text, True)
    period = cols[spaces[1]] - cols[spaces[0] + 1]
    if not _MIN_PERIOD <= period <= _MAX_PERIOD:
        return None
    chain = _chain(
        cols,
        spaces,
        _near(text, cols, period, free=1, uniform=True),
        anchor=_near(text, cols, period, free=1, indent=_INDENT, uniform=True),
    )
    if chain != [-1, *spaces] or not _tail_fits(text, cols, spaces[-1], period, True):
        return None
    return float(period)


def _is_wide_text(text: str, cols: Sequence[int]) -> bool:
    """Whether wide (Han, full-width) characters fill 60 % of the line's columns or more."""
    wide_columns = 2 * (cols[-1] - len(text))  # exact when every character is 1 or 2 wide
    return cols[-1] > 0 and wide_columns >= 0.6 * cols[-1]


def _byline_tail(rest: str) -> bool:
    """Whether ``rest`` (the line after a space) is a short trailing byline or credit."""
    roles, _ = _roles()
    # A byline has no clause punctuation: `…建设计划并接受社会 监督。` holds `设计` but is
    # the sentence's end.
    return (
        len(rest) <= _BYLINE_TAIL
        and not _CLAUSE_PUNCT.search(rest)
        and any(r in rest for r in roles if len(r) > 1)
    )


def _column_space_chain(
    text: str, periods: Sequence[float], uniform: bool
) -> tuple[list[int], float]:
    """The best chain of column spaces in ``text`` for one of ``periods``, and that period.

    The chain has two spaces or more on the period; or it starts at the line's start (the
    paragraph begins a column line, perhaps indented two characters) and the text after its
    one space is at most one column line, so that the whole line agrees with the period.
    """
    spaces = _candidate_spaces(text)
    best: tuple[list[int], float] = ([], 0.0)
    if not spaces or not _is_wide_text(text, _columns(text)):
        return best
    if not _PARAGRAPH_PUNCT.search(text):
        # Without clause punctuation only the line's own period counts (see _own_period).
        own = _own_period(text, True) if uniform else None
        if own is None:
            return best
        periods = [own]
    cols = _columns(text, uniform)
    free = _FREE_BORROWED_UNIFORM if uniform else 2
    for period in periods:
        chain = _chain(
            cols,
            spaces,
            _near(text, cols, period, free=free, uniform=uniform),
            anchor=_near(text, cols, period, free=free, indent=_INDENT, uniform=uniform),
        )
        anchored = bool(chain) and chain[0] < 0
        chain = [c for c in chain if c >= 0]
        if len(chain) == 1:
            # The weakest evidence: also ask for a Han character on both sides.
            at = chain[0]
            if (
                not anchored
                or not _tail_fits(text, cols, at, period, uniform)
                or not (is_han(text[at - 1]) and is_han(text[at + 1]))
            ):
                chain = []
        if _too_few(text, chain, spaces) or _mostly_beside_latin(text, chain):
            chain = []
        if len(chain) > len(best[0]):
            best = (chain, period)
    return best


def _column_space_edits(text: str, periods: Sequence[float], uniform: bool) -> Iterator[Edit]:
    chain, period = _column_space_chain(text, periods, uniform)
    if not chain:
        return
    cols = _columns(text, uniform)
    # The writer sets numbers and Latin words off with spaces (``提供 5000 元``, ``SSH 模式``): a
    # space on the chain beside a number may be one of them.
    on_chain = set(chain)
    spaces_ascii = any(
        _beside_ascii(text, at) for at in _candidate_spaces(text) if at not in on_chain
    )
    for at, nxt in zip(chain, [*chain[1:], None], strict=True):
        word_start = text.rfind(" ", max(0, at - _MIN_TOKEN), at) + 1
        word_end = text.find(" ", at + 1, at + 1 + _MIN_TOKEN)
        word_end = len(text) if word_end < 0 else word_end
        # The paragraph's last column line may be short (`…的依 赖。`): after two spaces or
        # more on the period, or inside a word, a short end of the line is that line, not a
        # word of its own.
        last_line = (
            nxt is None
            and word_end == len(text)
            and (len(chain) >= 3 or (is_han(text[at - 1]) and is_han(text[at + 1])))
        )
        # A short word beside it may be a name or a slogan part (`何春阳 王亚同`), but not
        # where the space on its other side sets off a Latin word (`GFW 通过 单纯`).
        short_before = cols[at] - cols[word_start] < _MIN_TOKEN and (
            word_start == 0 or not _beside_letter(text, word_start - 1)
        )
        short_after = cols[word_end] - cols[at + 1] < _MIN_TOKEN and (
            (word_end == len(text) and not last_line)
            or (word_end < len(text) and not _beside_letter(text, word_end))
        )
        if short_before or short_after:
            continue  # a short word beside it: a name or a slogan, the space may be real
        if text[at - 1] in _OPENERS or text[at + 1] in _OPENERS or _spaced_around(text, at - 1):
            # `，「 没人`: after an opening mark (normalize_whitespace's to remove); before one,
            # or after a closing one whose opening one has a space before it, the writer's
            # spacing around brackets and quotes (`所謂 「六七暴動資料庫」 （見附圖）`,
            # `許嘉琪 （第一被告）`, `吃得放心。 (大足智凤街道 唐杰)`)
            continue
        if _beside_latin(text, at) or (spaces_ascii and _beside_ascii(text, at)):
            continue  # `4K 宽银幕`, `Drones+ 应用`: spaces around Latin words are real
        if text[at - 1] in _SEPARATORS or text[at + 1] in _SEPARATORS:
            continue  # `騙徒的手法 ｜中產平民`, `2. 記者`: a separator or a list number
        if text[at - 1] in _AFTER_CLOSE and text[at + 1].isascii():
            continue  # `撰稿） 2012年`, `方式。 2015年`: the writer's space before a number
        if (
            text[at - 1] in _SENTENCE_END
            and nxt is not None
            and cols[nxt] - cols[at + 1] <= period - _PARAGRAPH_SHORTFALL
        ):
            continue  # `作用。 “入选…`: the next column line is indented, a paragraph starts
        if len(text) - at <= _BYLINE_TAIL and _byline_tail(text[at + 1 :]):
            continue  # `出席活动。 新渝报见习记者 熊敏秀`
        unit = "characters" if uniform else "columns"
        yield Edit(
            at, at + 1, "", f"column space (period {period / (2 if uniform else 1):g} {unit})"
        )


def _periods(blocks: Sequence[Block], uniform: bool) -> list[list[float]]:
    """For each block: its own period, else the periods of the paragraphs near it, nearest first."""
    own = [
        (_own_period(b.text, uniform) or (_anchored_period(b.text) if uniform else None))
        if " " in b.text
        else None
        for b in blocks
    ]
    found = [j for j, q in enumerate(own) if q is not None]  # most pages: none
    out: list[list[float]] = []
    for i in range(len(blocks)):
        p = own[i]
        if p is not None:
            out.append([p])
            continue
        lo = bisect_left(found, i - _NEIGHBOURHOOD)
        hi = bisect_right(found, i + _NEIGHBOURHOOD)
        near = sorted((abs(j - i), q) for j in found[lo:hi] if (q := own[j]) is not None)
        out.append(list(dict.fromkeys(q for _, q in near)))
    return out


def remove_column_spaces(blocks: Sequence[Block]) -> Iterator[Op]:
    """Remove the spaces a column join left at a fixed display period inside paragraphs.

    When a page's narrow columns were joined into lines, a space was put where each column
    line ended: every 30–45 display columns (a Han character is two). A line's spaces are
    column spaces when they form a chain with consistent gaps: three or more spaces on one
    period (±10 %) by themselves, or two spaces on the period of a paragraph nearby (within
    ten blocks), a gap of twice the period counting too (more in text cut every N characters,
    where each column end in between is a hole ``normalize_whitespace`` left beside Chinese
    punctuation). Spaces on the chain beside Latin text or a writer's spaced number
    (``4K 宽银幕``), beside a short word (names, slogans) or before a trailing byline are
    kept; so is every space not on the period (``川渝聚力 创汇大足``). docs/spacing.md lists
    every rule.
    """
    # Columns justified by display width (print), or cut every N characters (a re-wrap): a
    # space is a column space if it is on a chain of either kind.
    by_width, by_chars = _periods(blocks, False), _periods(blocks, True)
    for i, block in enumerate(blocks):
        if " " not in block.text or not (by_width[i] or by_chars[i]):
            continue
        found: dict[int, Edit] = {}
        for uniform, periods in ((True, by_chars[i]), (False, by_width[i])):
            if periods:
                for e in _column_space_edits(block.text, periods, uniform):
                    found[e.start] = e
        for at in sorted(found):
            e = found[at]
            yield TextEdit(i, e.start, e.end, e.replacement, e.reason)
