"""Character-level repairs: mojibake, invisible characters, width, script conversion.

Each step touches only the characters it is about and never runs NFKC, which would turn
``…`` into ``...``, ``⑬`` into ``13`` and ``，`` into ``,``. Characters that look wrong but
might be real (private-use code points, ``�`` runs, ``〓``) are kept and listed by
:func:`find_suspicious_chars`, since the trace only records edits.

>>> normalize_width("２０２５年ＧＤＰ增长５．２％，Ⅱ类⑬")
'2025年GDP增长5.2%，Ⅱ类⑬'
>>> remove_invisible_chars("重\\u200b庆\\ufeff")
'重庆'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import ftfy
import opencc
import regex
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad

from . import _core
from .chardata import (
    HALF_WIDTH_CJK_PUNCT,
    INVISIBLE_CHARS,
    LINE_SPACES,
    WIDTH_NUMBER_MARKS,
    WIDTH_WORD_MARKS,
    plain_spaces,
)
from .errors import core_failure as _core_failure
from .steps import inline_step
from .trace import Edit

__all__ = [
    "FTFY_CONFIG",
    "Finding",
    "convert_chinese",
    "find_suspicious_chars",
    "fix_encoding",
    "normalize_width",
    "opencc_configs",
    "remove_invisible_chars",
]


def _diff_edits(old: str, new: str, reason: str, offset: int = 0) -> list[Edit]:
    """Minimal edits turning ``old`` into ``new`` (shifted by ``offset``)."""
    if old == new:
        return []
    # Trim the common ends first: the changed middle is usually short, and SequenceMatcher
    # is quadratic at worst.
    head, tail = _common_ends(old, new)
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    base = offset + head
    if len(a) == len(b):
        edits = []
        i = 0
        while i < len(a):
            if a[i] == b[i]:
                i += 1
                continue
            j = i
            while j < len(a) and a[j] != b[j]:
                j += 1
            edits.append(Edit(base + i, base + j, b[i:j], reason))
            i = j
        return edits
    return _matched_edits(a, b, reason, base)


def _matched_edits(a: str, b: str, reason: str, base: int) -> list[Edit]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        Edit(base + i1, base + i2, b[j1:j2], reason)
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


# Characters mojibake is never made of: ASCII and CJK (ideographs, kana, hangul, CJK and
# full-width punctuation). Mojibake is Latin-1 and Windows-1252 letters and symbols, and
# ftfy may turn it into U+FFFD (not a kept character, then).
_ANCHOR = re.compile(
    r"[\x00-\x7f\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]+"
)


def _tight_edits(old: str, new: str, reason: str, offset: int) -> list[Edit]:
    """The plain alignment of a stretch and its repair, or one edit if it has an edit that
    grows (it matched a character of the mojibake with one of the repair)."""
    edits = _diff_edits(old, new, reason, offset)
    if any(len(e.replacement) > max(e.end - e.start, 1) for e in edits):
        return [Edit(offset, offset + len(old), new, reason)]
    return edits


def _stretch_edits(a: str, b: str, reason: str, base: int) -> list[Edit] | None:
    """Edits turning ``a`` into its repair ``b`` that keep every ASCII and CJK character of
    ``a`` in place, each stretch of other characters replaced by its repair; ``None`` if no
    such reading is found.

    A repair never grows a stretch (three bytes of mojibake become one character; a C1
    control becomes one Windows-1252 character): each stretch takes its own repair by ftfy
    if that is where ``b`` goes on, else the longest piece of ``b`` within its length that
    the next run of kept characters follows.
    """
    edits: list[Edit] = []
    runs = [m.span() for m in _ANCHOR.finditer(a)]
    i = j = 0  # the next characters of a and of b
    for s, e in [*runs, (len(a), len(a))]:
        kept = a[s:e]
        if i < s:  # a stretch of possible mojibake before this run
            budget = min(j + s - i, len(b))
            if s == len(a):
                k = len(b) if len(b) <= budget else -1
            else:
                # The stretch's own repair if ftfy makes it alone and it fits, else the
                # longest piece that fits.
                alone = _ftfy(a[i:s])[0]
                k = j + len(alone)
                if not (b.startswith(alone, j) and k <= budget and b.startswith(kept, k)):
                    k = next((k for k in range(budget, j - 1, -1) if b.startswith(kept, k)), -1)
            if k < 0:
                return None
            edits.extend(_tight_edits(a[i:s], b[j:k], reason, base + i))
            j = k
        if not b.startswith(kept, j):
            return None
        i, j = e, j + len(kept)
    return edits if j == len(b) else None


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """The lengths of the common head of ``old`` and ``new`` and of their common tail after it."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(old), len(new)) - head
        and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]
    ):
        tail += 1
    return head, tail


def _repair_edits(old: str, new: str, reason: str) -> list[Edit]:
    """Edits turning ``old`` into its mojibake repair ``new``: like :func:`_diff_edits`, but
    ASCII and CJK characters stay in place where they can (a plain alignment can match the
    ``€`` of ``â€œ`` with the ``€`` a C1 control becomes, and move a Han character from one
    edit to another).
    """
    if old == new or len(old) == len(new):
        return _diff_edits(old, new, reason)
    # The common ends first (as in _diff_edits: the changed middle is usually short).
    head, tail = _common_ends(old, new)
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    edits = _stretch_edits(a, b, reason, head)
    if edits is not None:
        return edits
    # No stretch-by-stretch reading (`Â ` is mojibake of a no-break space, its space is not
    # kept): the plain alignment, unless it moves characters (an edit that grows, or deletes
    # a Han character); then one edit for the changed middle, which a repair never grows.
    edits = _diff_edits(a, b, reason, head)
    if any(_moves(old[e.start : e.end], e.replacement) for e in edits):
        return [Edit(head, len(old) - tail, b, reason)]
    return edits


def _moves(before: str, after: str) -> bool:
    """Whether an edit of a repair puts in more than it takes out, or takes out Han."""
    if len(after) > max(len(before), 1):
        return True
    return any(after.count(ch) < before.count(ch) for ch in _HAN.findall(before))


# --- fix_encoding ----------------------------------------------------------------------------

#: ftfy settings that repair mojibake and nothing else. Off: width (``，`` → ``,``), quote
#: uncurling (``“”`` → ``""``), NFC (maps CJK compatibility ideographs to other characters),
#: ligatures, HTML entities (``decode_entities`` owns them), line breaks and control
#: characters (``remove_invisible_chars`` owns them, with reasons).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


# What the ftfy fixers enabled in FTFY_CONFIG besides mojibake detection act on: C1
# controls, surrogates, terminal escapes.
_FTFY_OTHER = regex.compile(r"[\x80-\x9f\ud800-\udfff\x1b]")
# Every alternative of ftfy's badness pattern (``is_bad``) needs one character of these
# categories or one of the few literal characters added: a line without any (most Chinese
# text: “”‘’—…· are only "common" or punctuation to ftfy) is not bad, and one scan for a
# character class is several times cheaper than ftfy's alternation. Tested against ftfy's
# pattern in tests/test_characters.py.
_MOJIBAKE_NEEDS = "".join(
    MOJIBAKE_CATEGORIES[name]
    for name in (
        "c1", "bad", "law", "currency", "numeric", "upper_accented", "lower_accented",
        "upper_common", "lower_common", "box",
    )
) + "ŒœØÙâó"
#: A line this pattern does not find is left alone by ftfy with FTFY_CONFIG. (The standard
#: ``re``: it scans for a large character class ~20 times faster than ``regex``.)
_FTFY_TRIGGER = re.compile("[" + _MOJIBAKE_NEEDS + r"\x80-\x9f\ud800-\udfff\x1b]")


def _ftfy(text: str) -> tuple[str, Sequence[tuple[str, str]] | None]:
    """``ftfy.fix_and_explain(text, FTFY_CONFIG)``, skipping the call when ftfy would leave the
    text alone: its own first test (``is_bad``) says no mojibake and none of its other enabled
    fixers has a character to act on."""
    if not is_bad(text) and _FTFY_OTHER.search(text) is None:
        return text, []
    fixed, explanation = ftfy.fix_and_explain(text, FTFY_CONFIG)
    return fixed, explanation


def _settled(text: str) -> str:
    """The line as the later character and space steps will leave it, as far as ftfy can
    tell: invisible characters gone, every kind of space a plain one (``Â\\t`` is not
    mojibake to ftfy, ``Â `` is)."""
    return plain_spaces(remove_invisible_chars(text))


@inline_step(trigger=_FTFY_TRIGGER.search)
def fix_encoding(text: str) -> Iterator[Edit]:
    """Repair mojibake (UTF-8 read as Windows-1252 or Latin-1) with ftfy, safe settings only.

    >>> fix_encoding("ä¸\xadæ–‡æµ‹è¯•，“双碳”")
    '中文测试，“双碳”'
    >>> fix_encoding("重庆日报，“双碳”……Ⅱ⑬")
    '重庆日报，“双碳”……Ⅱ⑬'
    """
    if text.isascii():
        # No mojibake without non-ASCII characters (terminal escapes aside). A line without
        # a character of _FTFY_TRIGGER never gets here: the step's trigger skips it.
        return
    fixed, explanation = _ftfy(text)
    if fixed == text:
        # A control character inside a mojibake sequence hides it from ftfy until
        # remove_invisible_chars (the next character step) takes it out; decide on the line as
        # that step will leave it, so that a second run finds nothing more to do.
        cleaned = _settled(text)
        if cleaned == text:
            return
        fixed, explanation = _ftfy(cleaned)
        if fixed == cleaned:
            return
    steps = [f"{kind} {name}" for kind, name in explanation or ()]
    for _ in range(4):  # until ftfy has nothing left once later steps have tidied the line
        cleaned = _settled(fixed)
        again, more = _ftfy(cleaned)
        if again == cleaned:
            break
        fixed = again
        steps.extend(f"{kind} {name}" for kind, name in more or ())
    yield from _repair_edits(text, fixed, f"mojibake repaired by ftfy ({', '.join(steps)})")


# --- remove_invisible_chars ------------------------------------------------------------------

# The rules run in the Rust core (rust/src/invisible.rs), built once with chardata's tables.
_INVISIBLE = _core.InvisibleChars(INVISIBLE_CHARS, LINE_SPACES)

# Every character the step acts on, so that one search skips the (usual) clean line: the
# pipeline's trigger. (The standard ``re``: it scans for a character class many times faster
# than ``regex``.)
_ACTIONABLE = re.compile(
    "["
    + "".join(f"\\u{ord(ch):04x}" for ch in INVISIBLE_CHARS)  # all in the BMP
    + r"\r\x00-\x08\x0b-\x1f\x7f-\x9f\u200c\u200d]"
)


@inline_step(trigger=_ACTIONABLE.search)
def remove_invisible_chars(text: str) -> list[Edit]:
    """Remove zero-width spaces, BOMs, soft hyphens, bidi marks and control characters.

    Tabs stay (the whitespace step owns them); a carriage return inside a line becomes a
    line break. A zero-width (non-)joiner stays between emoji or letters of other scripts and
    goes beside Han, ASCII, CJK punctuation or a line end. Private-use characters and ``�``
    stay: see :func:`find_suspicious_chars`.

    >>> remove_invisible_chars("绿\\u00ad色\\x07发展\\r")
    '绿色发展'
    >>> remove_invisible_chars("👨\\u200d👩")
    '👨\\u200d👩'
    """
    try:
        return [Edit(*e) for e in _INVISIBLE.edits(text)]
    except _core.PanicException as exc:
        raise _core_failure("remove_invisible_chars", exc) from exc


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a step saw but kept (a ``�`` run, an unpaired quote …), for a report.

    ``start``/``end`` are offsets in the text that was examined.
    """

    start: int
    end: int
    text: str
    reason: str


_SUSPECT = regex.compile(r"(\uFFFD+)|([\p{Co}]+)|(〓+)|([\p{Cs}]+)|(\uFFFC+)|([\p{Cn}]+)", regex.V1)
_SUSPECT_REASONS = (
    "replacement character: bytes lost in decoding",
    "private-use character: a font-specific glyph, probably a rare Han character",
    "geta mark: a typesetter's stand-in for a missing character",
    "lone surrogate",
    "object replacement character: an image or object was here",
    "unassigned code point",
)


def find_suspicious_chars(text: str) -> list[Finding]:
    """Runs of characters that are kept but probably wrong, for a report.

    >>> [(s.text, s.reason.split(":")[0]) for s in find_suspicious_chars("重\\ufffd\\ufffd庆\\ue000")]
    [('��', 'replacement character'), ('\\ue000', 'private-use character')]
    """
    return [
        Finding(m.start(), m.end(), m.group(), _SUSPECT_REASONS[(m.lastindex or 1) - 1])
        for m in _SUSPECT.finditer(text)
    ]


# --- normalize_width -------------------------------------------------------------------------

# The rules run in the Rust core (rust/src/width.rs), built once with chardata's tables.
_WIDTH = _core.WidthRules(WIDTH_NUMBER_MARKS, WIDTH_WORD_MARKS, HALF_WIDTH_CJK_PUNCT)

# What each rule of normalize_width needs: a full-width letter or digit (also inside every
# number-mark match), a word mark, a percent sign, or half-width CJK punctuation.
_WIDTH_TRIGGER = re.compile(
    rf"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{WIDTH_WORD_MARKS}％"
    rf"{''.join(HALF_WIDTH_CJK_PUNCT)}]"
)


@inline_step(trigger=_WIDTH_TRIGGER.search)
def normalize_width(text: str) -> list[Edit]:
    """Full-width digits and Latin letters to half-width, with what belongs to them.

    ``．`` and ``：`` in a full-width number, ``＋－＝／＠＿＆＃`` between letters or digits and ``％``
    after a digit become ASCII; ``，（）“”`` and other Chinese punctuation, ``Ⅱ ⑬ ℃ ㎡ ￥``
    stay. Half-width CJK punctuation (``｡､｢｣``) becomes full-width.

    >>> normalize_width("ＧＤＰ增长１０．５％，１０：３０，Ａ－１，㎡ ℃ ①")
    'GDP增长10.5%，10:30，A-1，㎡ ℃ ①'
    """
    try:
        return [Edit(*e) for e in _WIDTH.edits(text)]
    except _core.PanicException as exc:
        raise _core_failure("normalize_width", exc) from exc


# --- convert_chinese -------------------------------------------------------------------------


def opencc_configs() -> tuple[str, ...]:
    """Names of the OpenCC configurations installed (``t2s``, ``s2t``, ``t2tw`` …).

    >>> "t2s" in opencc_configs()
    True
    """
    return tuple(sorted(c.removesuffix(".json") for c in opencc.CONFIGS))


@cache
def _converter(config: str) -> opencc.OpenCC:
    # Cached per process: a Cleaner holds the config name only and stays picklable.
    name = config.removesuffix(".json")
    if name not in opencc_configs():
        raise ValueError(
            f"unknown OpenCC configuration {config!r}; choose one of {', '.join(opencc_configs())}"
        )
    return opencc.OpenCC(name + ".json")


# OpenCC sees only stretches without Latin letters: it has no business in English words.
_NON_LATIN = regex.compile(r"[^\p{Latin}]+")
_HAN = regex.compile(r"\p{Han}")


@inline_step
def convert_chinese(text: str, *, opencc_config: str = "t2s") -> Iterator[Edit]:
    """Convert between Traditional and Simplified Chinese with OpenCC (``opencc_config``).

    Any installed OpenCC configuration works, with or without ``.json`` (see
    :func:`opencc_configs`); an unknown one raises :class:`ValueError`. The configuration is
    applied once, as OpenCC applies it: its tables deliberately chain (``t2s`` turns ``薴``
    into ``苧`` and ``苧`` into ``苎``), so converting "until stable" would give what no
    OpenCC user gets (``s2t`` of ``之子于归`` is ``之子于歸``, not ``之子於歸``). A second run
    may therefore convert again; the pipeline is idempotent with this step off.

    >>> convert_chinese("楊聯陞")
    '杨联陞'
    >>> convert_chinese("漢字「測試」與發展 OpenCC")
    '汉字「测试」与发展 OpenCC'
    >>> convert_chinese("汉字与发展", opencc_config="s2t.json")
    '漢字與發展'
    """
    converter = _converter(opencc_config)
    reason = f"OpenCC {opencc_config.removesuffix('.json')}"
    for m in _NON_LATIN.finditer(text):
        if _HAN.search(m.group()):
            yield from _diff_edits(m.group(), converter.convert(m.group()), reason, m.start())
