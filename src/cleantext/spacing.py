"""Spaces: odd and redundant whitespace, letter-spaced runs, spaces left where columns were joined.

Three steps, all of which only ever delete spaces or turn an odd space into an ASCII one:

- :func:`normalize_whitespace` trims lines, drops blank ones, turns tabs, NBSP, U+3000 and the
  other Unicode spaces into one ASCII space and drops spaces that sit against Chinese
  punctuation (``全会 ，`` → ``全会，``).
- :func:`collapse_letter_spacing` closes up letter-spaced bylines
  (``首 席 记 者 龙 帆`` → ``首席记者 龙帆``), only where a byline role word proves what it is.
- :func:`remove_column_spaces` removes the spaces that a column join left at a fixed display
  period inside a paragraph (``力 争到2025年…产 量达到``), found from display widths.

>>> normalize_whitespace("\\u3000\\u3000全会 ，决定\\t通过")
'全会，决定 通过'
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from . import _core
from .blocks import Block, Drop, Op, TextEdit
from .chardata import CJK_PUNCT, LINE_SPACES, is_han, load_words
from .errors import core_failure as _core_failure
from .steps import block_step, inline_step
from .trace import Edit

__all__ = ["collapse_letter_spacing", "normalize_whitespace", "remove_column_spaces"]

# --- normalize_whitespace ---------------------------------------------------------------------

#: A space before these is never needed: they close or sit after a word.
_NO_SPACE_BEFORE = frozenset("，。、；：？！”’）》】〕」』〉")
#: A space after these is never needed: they open or sit between words. Not 。！？ or closing
#: marks: a space after them can separate a sentence from a trailing byline or credit.
_NO_SPACE_AFTER = frozenset("，、；：“‘（《【〔「『〈")


def _is_cjk(ch: str) -> bool:
    return is_han(ch) or ch in CJK_PUNCT


# The per-line rules of the three steps run in the Rust core (rust/src/spacing.rs; the Python
# they were ported from is tests/reference/spacing.py), built once with the role words of data/
# and the whitespace and punctuation tables.


def _roles() -> list[str]:
    """The byline role words made of Han characters only (记者, 实习生, 摄 …)."""
    return sorted(w for w in load_words("byline_roles") if all(is_han(c) for c in w))


_SPACING = _core.SpacingRules(
    _roles(),
    "".join(sorted(CJK_PUNCT)),
    "".join(sorted(_NO_SPACE_BEFORE)),
    "".join(sorted(_NO_SPACE_AFTER)),
    LINE_SPACES,
)

#: The reasons of normalize_whitespace, by the kind the core gives.
_WHITESPACE_REASONS = (
    "blank line",
    "leading whitespace",
    "trailing whitespace",
    "space beside Chinese punctuation",
    "odd or repeated whitespace",
)


@block_step
def normalize_whitespace(blocks: Sequence[Block]) -> Iterator[Op]:
    """Trim lines, drop blank ones, unify odd spaces, drop spaces beside Chinese punctuation.

    Leading whitespace (ideographic indentation included) and trailing whitespace go; a run
    of tabs, NBSP, U+3000 or other Unicode spaces inside a line becomes one ASCII space; a
    space between a Chinese character and Chinese punctuation goes (``全会 ，`` → ``全会，``).
    A space after ``。！？`` or a closing mark stays: it may separate a trailing byline.

    >>> normalize_whitespace("  a  \\n   \\n\\nb")
    'a\\nb'
    >>> normalize_whitespace("“ 全会 ”\\u00a0\\u00a0决定。 新渝报记者 熊敏秀")
    '“全会” 决定。 新渝报记者 熊敏秀'
    """
    try:
        found = _SPACING.whitespace([b.text for b in blocks])
    except _core.PanicException as exc:
        raise _core_failure("normalize_whitespace", exc) from exc
    for i, start, end, kind in found:
        if kind == 0:
            yield Drop(i, _WHITESPACE_REASONS[0])
        else:
            yield TextEdit(i, start, end, " " if kind == 4 else "", _WHITESPACE_REASONS[kind])


# --- collapse_letter_spacing ------------------------------------------------------------------


@inline_step
def collapse_letter_spacing(text: str) -> list[Edit]:
    """Close up letter-spaced bylines: role words and names, names kept apart.

    A run is four or more single Han characters separated by single spaces. It is closed up
    only if it contains a role word from ``data/byline_roles.txt`` (记者, 实习生, 摄 …): the
    role words and the names between them become words, separated by one space. A name of two
    or three characters is closed up; a longer stretch between roles may be several names
    (``何 春 阳 王 亚 同``) and keeps its spaces. A run without a role word (a letter-spaced
    headline) is left alone: where its words end cannot be known.

    >>> collapse_letter_spacing("首 席 记 者 龙 帆 实 习 生 董 玉 成 摄(视觉重庆)")
    '首席记者 龙帆 实习生 董玉成 摄(视觉重庆)'
    >>> collapse_letter_spacing("新 时 代 新 征 程")
    '新 时 代 新 征 程'
    """
    if " " not in text:
        return []  # most lines
    try:
        spaces = _SPACING.letter_spacing(text)
    except _core.PanicException as exc:
        raise _core_failure("collapse_letter_spacing", exc) from exc
    return [Edit(at, at + 1, "", "letter-spaced byline") for at in spaces]


# --- remove_column_spaces ---------------------------------------------------------------------

#: How far (in blocks) a paragraph looks for a neighbour whose period it shares.
_NEIGHBOURHOOD = 10


def _beside_latin(text: str, at: int) -> bool:
    """Whether the space at ``at`` touches ASCII text other than a number, or a number that
    is set off by spaces on both sides (``在 1956 年``: the writer's spacing, not a column's).

    >>> _beside_latin("通过 VPN 和", 2), _beside_latin("产 量", 1)
    (True, False)
    """
    return bool(_SPACING.beside_latin(text, at))


def _column_space_edits(text: str, periods: Sequence[float], uniform: bool) -> list[Edit]:
    spaces, period = _SPACING.column_spaces(text, list(periods), uniform)
    if not spaces:
        return []
    unit = "characters" if uniform else "columns"
    reason = f"column space (period {period / (2 if uniform else 1):g} {unit})"
    return [Edit(at, at + 1, "", reason) for at in spaces]


def _near_periods(own: Sequence[float | None], wanted: Sequence[bool]) -> list[list[float]]:
    """For each block: its own period, else the periods of the paragraphs near it, nearest
    first (only for the ``wanted`` blocks: the others get none)."""
    found = [j for j, q in enumerate(own) if q is not None]
    if not found:
        return [[] for _ in own]  # most pages
    out: list[list[float]] = []
    for i, p in enumerate(own):
        if p is not None:
            out.append([p])
            continue
        if not wanted[i]:
            out.append([])
            continue
        lo = bisect_left(found, i - _NEIGHBOURHOOD)
        hi = bisect_right(found, i + _NEIGHBOURHOOD)
        near = sorted((abs(j - i), q) for j in found[lo:hi] if (q := own[j]) is not None)
        out.append(list(dict.fromkeys(q for _, q in near)))
    return out


@block_step
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

    >>> line = "加快智能网联新能源汽车发展。力 争到2025年全市智能网联新能源汽车产 量达到100万辆。推动传统燃油车零部 件企业加快"
    >>> remove_column_spaces(line)
    '加快智能网联新能源汽车发展。力争到2025年全市智能网联新能源汽车产量达到100万辆。推动传统燃油车零部件企业加快'
    """
    try:
        # A line's own periods, by display width (print) and by characters (a re-wrap), in
        # one call of the core; lines without a space have none.
        spaced = [" " in b.text for b in blocks]
        own = [
            _SPACING.periods(b.text) if s else (None, None)
            for b, s in zip(blocks, spaced, strict=True)
        ]
        by_width = _near_periods([w for w, _ in own], spaced)
        by_chars = _near_periods([c for _, c in own], spaced)
        for i, block in enumerate(blocks):
            if not spaced[i] or not (by_width[i] or by_chars[i]):
                continue
            # Columns justified by display width or cut every N characters: a space is a
            # column space if it is on a chain of either kind.
            found: dict[int, Edit] = {}
            for uniform, periods in ((True, by_chars[i]), (False, by_width[i])):
                if periods:
                    for e in _column_space_edits(block.text, periods, uniform):
                        found[e.start] = e
            for at in sorted(found):
                e = found[at]
                yield TextEdit(i, e.start, e.end, e.replacement, e.reason)
    except _core.PanicException as exc:
        raise _core_failure("remove_column_spaces", exc) from exc
