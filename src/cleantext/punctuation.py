"""Chinese punctuation to GB/T 15834-2011 conventions, as newspapers print it.

ASCII ``, ; : ? ! ( ) " '`` typed into Chinese text become ``，；：？！（）“”‘’``; ellipses and
dashes get their two-character forms ``……`` and ``——``; stand-ins for the interpunct become
``·``. Every mark is decided by its *context*: the nearest letter on each side, skipping spaces,
digits and other punctuation. A mark next to a Chinese character is in Chinese context; a
mark between Latin letters, inside a number (``1,000``, ``10:30``, ``1:1``), a URL, an e-mail
address, an HTML entity, back-quoted code, a tag or attribute, or a line that reads as markup
or code stays ASCII. See ``docs/punctuation.md``.

The step sees the whole page (a block step) because a quotation or a parenthesis may run over
a line break; every other rule looks at one line. Each rule is a function
``rule(text) -> list[Edit]`` on the page text (lines joined by ``\\n``); no edit crosses a line.
The rules run in the Rust core (rust/src/punctuation.rs): one call per page returns every
edit; the Python rules they were ported from are kept in tests/reference/punctuation.py.

>>> normalize_punctuation('为细化明确"十四五"时期,更好支撑(兼)')
'为细化明确“十四五”时期，更好支撑（兼）'
>>> normalize_punctuation("At 10:30, see https://a.cn/x?y=1,2 (1,000 items)!")
'At 10:30, see https://a.cn/x?y=1,2 (1,000 items)!'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from . import _core
from .blocks import Block, Op, TextEdit
from .characters import Finding
from .chardata import (
    ASCII_TO_FULLWIDTH,
    CORNER_TO_CURLY,
    LINE_SPACES,
    MIDDLE_DOT_VARIANTS,
    PUNCT_NEUTRAL,
    SMALL_FORM_PUNCT,
)
from .errors import core_failure as _core_failure
from .steps import block_step
from .trace import Edit

__all__ = [
    "Finding",
    "convert_ascii_marks",
    "convert_corner_quotes",
    "convert_small_forms",
    "find_punctuation_problems",
    "fix_dashes",
    "fix_ellipses",
    "fix_full_stops",
    "fix_middle_dots",
    "fix_range_dashes",
    "normalize_punctuation",
    "pair_parentheses",
    "pair_quotes",
    "punctuation_edits",
]

RangeDash = Literal["keep", "em", "wave"]

# A quote preceded by one of these opens; followed by one of these closes.
# Sentence-final marks and … are missing from the first set on purpose: `。"` and `……"`
# usually close a quotation.
# A mark and what this step turns it into must be in the same sets (idempotence).
_BEFORE_OPEN = frozenset(" \t\u3000（(《【〔[{<“‘「『：:，,；;、=\ufe50\ufe54\ufe55\ufe59") | {""}
_AFTER_CLOSE = frozenset(
    " \t\u3000）)》】〕]}>”’」』：:，,。；;、！？!?….\ufe50\ufe54\ufe55\ufe56\ufe57\ufe5a"
) | {""}


def _chars(chars: frozenset[str]) -> str:
    return "".join(sorted(chars))


# The rules, built once with chardata's tables and the quote contexts above (a line's start
# or end, ``""`` in the sets, counts as both in the core).
_RULES = _core.PunctuationRules(
    _chars(PUNCT_NEUTRAL),
    ASCII_TO_FULLWIDTH,
    SMALL_FORM_PUNCT,
    CORNER_TO_CURLY,
    _chars(MIDDLE_DOT_VARIANTS),
    _chars(_BEFORE_OPEN),
    _chars(_AFTER_CLOSE),
    LINE_SPACES,
)

#: The reason of each kind of edit the core returns (``punctuation::Kind``, in its order).
_REASONS = (
    *(f"ASCII {ch!r} in Chinese context" for ch in ",;:?!"),
    "ASCII double quote paired in Chinese context",
    "ASCII single quote paired in Chinese context",
    "unpaired ASCII quote opening Chinese text",
    "unpaired ASCII quote closing Chinese text",
    "ASCII parenthesis in Chinese context",
    "ellipsis to ……",
    "ASCII '.' ends a Chinese sentence",
    "dash to ——",
    "leading dash to ——",
    "range dash to —",
    "range dash to ～",
    "interpunct between Chinese words",
    "small form variant",
    "corner quote to curly quote",
)


def _edits(found: list[tuple[int, int, str, int]]) -> list[Edit]:
    return [Edit(start, end, new, _REASONS[kind]) for start, end, new, kind in found]


def _rule(name: str, text: str, range_dash: RangeDash = "keep") -> list[Edit]:
    try:
        return _edits(_RULES.rule(name, text, range_dash))
    except _core.PanicException as exc:
        raise _core_failure("normalize_punctuation", exc) from exc


def convert_ascii_marks(text: str) -> list[Edit]:
    """``, ; : ? !`` to ``，；：？！`` where the nearest letter on either side is Chinese.

    Spaces around a converted mark go with it. Marks between digits, between Latin words,
    in URLs, e-mail addresses, entities and code stay.

    >>> from cleantext.trace import apply_edits
    >>> t = "分别下降14.5%和15%,时间为10:30, 比例1:1。Hello, world!"
    >>> apply_edits(t, convert_ascii_marks(t))
    '分别下降14.5%和15%，时间为10:30，比例1:1。Hello, world!'
    """
    return _rule("convert_ascii_marks", text)


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
    return _rule("pair_quotes", text)


def pair_parentheses(text: str) -> list[Edit]:
    """ASCII ``( )`` to ``（ ）`` when they enclose Chinese or sit in Chinese context.

    A pair right after a Latin letter or digit around non-Chinese content (``f(x)``) is a
    formula and stays; ``GDP(国内生产总值)`` has Chinese content and converts.

    >>> from cleantext.trace import apply_edits
    >>> t = "书记(兼) 计划(2022—2025年) f(x) GDP(国内生产总值) (1)加快"
    >>> apply_edits(t, pair_parentheses(t))
    '书记（兼） 计划（2022—2025年） f(x) GDP（国内生产总值） （1）加快'
    """
    return _rule("pair_parentheses", text)


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
    return _rule("fix_full_stops", text)


def fix_ellipses(text: str) -> list[Edit]:
    """``...`` ``。。。`` ``…`` ``···`` to ``……`` in Chinese context.

    >>> from cleantext.trace import apply_edits
    >>> t = "等等... 然后。。。最后… Wait..."
    >>> apply_edits(t, fix_ellipses(t))
    '等等…… 然后……最后…… Wait...'
    """
    return _rule("fix_ellipses", text)


def fix_dashes(text: str) -> list[Edit]:
    """``--`` ``－－`` ``――`` (and a line's leading ``—``) to ``——`` in Chinese context.

    A dash between digits is a range (see :func:`fix_range_dashes`); ``北京—上海`` keeps its
    connecting dash; ``---`` alone on a line (a rule) is not in Chinese context.

    >>> from cleantext.trace import apply_edits
    >>> t = "—新起点 他说--我们 北京—上海 2022—2025 a--b"
    >>> apply_edits(t, fix_dashes(t))
    '——新起点 他说——我们 北京—上海 2022—2025 a--b'
    """
    return _rule("fix_dashes", text)


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
    return _rule("fix_range_dashes", text, range_dash)


def fix_middle_dots(text: str) -> list[Edit]:
    """Bullets and katakana dots between Chinese characters (names) to the interpunct ``·``.

    >>> from cleantext.trace import apply_edits
    >>> t = "伊•万 阿・卜杜拉 • 要点"
    >>> apply_edits(t, fix_middle_dots(t))
    '伊·万 阿·卜杜拉 • 要点'
    """
    return _rule("fix_middle_dots", text)


def convert_small_forms(text: str) -> list[Edit]:
    """Small form variants (``﹐﹔﹕﹖﹗﹙﹚``) to their full-width forms.

    >>> from cleantext.trace import apply_edits
    >>> apply_edits("你好\\ufe50世界", convert_small_forms("你好\\ufe50世界"))
    '你好，世界'
    """
    return _rule("convert_small_forms", text)


def convert_corner_quotes(text: str) -> list[Edit]:
    """``「」『』`` to ``“”‘’`` (used when ``corner_quotes="convert"``).

    >>> from cleantext.trace import apply_edits
    >>> apply_edits("「他说『好』」", convert_corner_quotes("「他说『好』」"))
    '“他说‘好’”'
    """
    return _rule("convert_corner_quotes", text)


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
    # The core decides on the text as this step will write it, so that a second run reads the
    # same context as the first (idempotence): small forms and converted corner quotes read as
    # what they become, and so do the full stops, decided first.
    try:
        return _edits(_RULES.page(text, corner_quotes == "convert", range_dash))
    except _core.PanicException as exc:
        raise _core_failure("normalize_punctuation", exc) from exc


def find_punctuation_problems(text: str) -> list[Finding]:
    """Quotes and parentheses left unpaired (they are kept, so no edit can report them).

    >>> [f.reason for f in find_punctuation_problems('他说"好 (记者')]
    ['unpaired quote', 'unpaired parenthesis']
    """
    try:
        dquotes, squotes, parens = _RULES.problems(text)
    except _core.PanicException as exc:
        raise _core_failure("normalize_punctuation", exc) from exc
    found = [Finding(i, i + 1, text[i], "unpaired quote") for i in dquotes + squotes]
    found += [Finding(i, i + 1, text[i], "unpaired parenthesis") for i in parens]
    return sorted(found, key=lambda f: f.start)


@block_step
def normalize_punctuation(
    blocks: Sequence[Block],
    *,
    corner_quotes: Literal["keep", "convert"] = "keep",
    range_dash: RangeDash = "keep",
) -> Iterator[Op]:
    """ASCII punctuation in Chinese context to full-width, quotes paired, ellipses and dashes.

    >>> normalize_punctuation('培育一批"专精特\\n新"企业...')
    '培育一批“专精特\\n新”企业……'
    """
    # The core decides on the blocks joined by line breaks, as if every odd space (tab, NBSP,
    # U+3000 …) were the plain space that normalize_whitespace makes of it later (an edit that
    # absorbs a space replaces the original character), and drops an edit that would cross a
    # line (rules never do; a block edit cannot) or only change an odd space.
    try:
        found = _RULES.block_edits([b.text for b in blocks], corner_quotes == "convert", range_dash)
    except _core.PanicException as exc:
        raise _core_failure("normalize_punctuation", exc) from exc
    for k, start, end, replacement, kind in found:
        yield TextEdit(k, start, end, replacement, _REASONS[kind])
