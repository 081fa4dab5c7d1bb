"""Character classes and data tables shared by the steps.

Patterns are compiled once at import (the ``regex`` module, for ``\\p{Han}`` and friends).
Word lists live in ``cleantext/data/*.txt`` and are read with :func:`load_words`.

>>> is_han("重"), is_han("a")
(True, False)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import regex

__all__ = [
    "ASCII_TO_FULLWIDTH",
    "CIRCLED_AND_ROMAN",
    "CJK_PUNCT",
    "CORNER_TO_CURLY",
    "HALF_WIDTH_CJK_PUNCT",
    "HAN",
    "INVISIBLE_CHARS",
    "LINE_SPACES",
    "MIDDLE_DOT_VARIANTS",
    "PUNCT_NEUTRAL",
    "SMALL_FORM_PUNCT",
    "WIDTH_KEPT",
    "WIDTH_NUMBER_MARKS",
    "WIDTH_WORD_MARKS",
    "find_all",
    "is_han",
    "load_words",
    "one_of",
    "plain_spaces",
]

#: One Han character.
HAN = regex.compile(r"\p{Han}")

#: Chinese (full-width) punctuation as used in GB/T 15834-2011 text.
CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』——……·．")


#: ASCII marks that become full-width in Chinese context (GB/T 15834-2011 4.1-4.6, 4.9).
ASCII_TO_FULLWIDTH: dict[str, str] = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
}

#: Small form variants (U+FE50-FE6B, CJK vertical/compatibility text) and their normal
#: full-width forms. NFKC would map them to ASCII, which is wrong in Chinese text.
SMALL_FORM_PUNCT: dict[str, str] = {
    "\ufe50": "，",
    "\ufe51": "、",
    "\ufe54": "；",
    "\ufe55": "：",
    "\ufe56": "？",
    "\ufe57": "！",
    "\ufe59": "（",
    "\ufe5a": "）",
    "\ufe5d": "〔",
    "\ufe5e": "〕",
}

#: Corner quotes (Taiwan/Hong Kong and vertical text) to the mainland's curly quotes.
CORNER_TO_CURLY: dict[str, str] = {"「": "“", "」": "”", "『": "‘", "』": "’"}

#: Stand-ins for the interpunct (间隔号 ``·``, U+00B7) seen between the parts of a
#: transliterated name: bullet, hyphenation point, katakana middle dots, operators.
MIDDLE_DOT_VARIANTS = frozenset("\u2022\u2027\u30fb\uff65\u2219\u22c5")

#: Characters that say nothing about whether a mark sits in Chinese or Latin text: spaces,
#: digits' companions, and every mark the punctuation step converts *and* its target, so
#: that converting one mark never changes the context of another (idempotence).
PUNCT_NEUTRAL = (
    frozenset(
        " \t\n\u3000\u00a0"
        ",;:?!()[]{}\"'.-–—―…·•~%‰+*/=#&_@°$¥€£<>|\\^`"
        "，；：？！（）“”‘’「」『』＂＇．－～％"
    )
    | frozenset(MIDDLE_DOT_VARIANTS)
    | frozenset(SMALL_FORM_PUNCT)
)

#: Every whitespace character but the line break: what ``regex`` matches with ``[^\\S\\n]``
#: (the Unicode White_Space property; the standard ``re`` also takes U+001C-U+001F for
#: spaces). Tested against the pattern over all code points.
LINE_SPACES = (
    "\t\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: Invisible characters removed by ``remove_invisible_chars``, with the reason recorded.
#: Zero-width (non-)joiners are handled separately: they carry meaning in emoji and scripts.
INVISIBLE_CHARS: dict[str, str] = {
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\ufeff": "byte order mark",
    "\u00ad": "soft hyphen",
    "\u180e": "Mongolian vowel separator",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "bidi embedding",
    "\u202b": "bidi embedding",
    "\u202c": "bidi pop",
    "\u202d": "bidi override",
    "\u202e": "bidi override",
    "\u2066": "bidi isolate",
    "\u2067": "bidi isolate",
    "\u2068": "bidi isolate",
    "\u2069": "bidi isolate",
    "\u2061": "invisible operator",
    "\u2062": "invisible operator",
    "\u2063": "invisible operator",
    "\u2064": "invisible operator",
    "\ufff9": "interlinear annotation",
    "\ufffa": "interlinear annotation",
    "\ufffb": "interlinear annotation",
}

#: Characters ``normalize_width`` keeps although NFKC would decompose them: they are the
#: forms Chinese newspapers print (Roman and circled numerals, unit signs, ellipsis).
WIDTH_KEPT = frozenset("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹ℃℉㎡㎥㎞㎏㎎㎝㎜㏄…‰№")

#: Full-width marks ``normalize_width`` makes ASCII inside a number typed full-width (``１０：３０``).
WIDTH_NUMBER_MARKS = "．："

#: Full-width marks ``normalize_width`` makes ASCII between letters or digits (``Ａ－１``).
WIDTH_WORD_MARKS = "＋－＝／＠＿＆＃"

#: Half-width CJK punctuation (U+FF61-FF64) and the full-width form ``normalize_width`` gives it.
HALF_WIDTH_CJK_PUNCT: dict[str, str] = {"\uff61": "。", "\uff62": "「", "\uff63": "」", "\uff64": "、"}

#: Circled and parenthesised numbers (①-⑳, ㉑-㊿, ⑴-⒇, ⒈-⒛): list markers, always kept.
CIRCLED_AND_ROMAN = regex.compile(
    r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf\u2160-\u2188]"
)


def is_han(ch: str) -> bool:
    """Whether ``ch`` is one Han character."""
    return HAN.fullmatch(ch) is not None


@cache
def one_of(chars: frozenset[str]) -> regex.Pattern[str]:
    """A pattern matching any one of ``chars``: steps scan for their characters in C instead
    of looping over every character of a line.

    >>> one_of(frozenset("，。")).findall("甲，乙。")
    ['，', '。']
    """
    return regex.compile("[" + "".join(regex.escape(c) for c in sorted(chars)) + "]")


_ODD_SPACES = LINE_SPACES.replace(" ", "")


def plain_spaces(text: str) -> str:
    """``text`` with every space but the line break a plain one (``[^\\S\\n]`` → `` ``).

    One ``str.replace`` per kind of space the text has: most pages have one or two kinds,
    and finding that a kind is absent costs far less than a regular expression's scan.

    >>> plain_spaces("甲\\u3000乙\\t丙\\n丁")
    '甲 乙 丙\\n丁'
    """
    for ch in _ODD_SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    return text


def find_all(text: str, chars: Iterable[str]) -> list[int]:
    """Offsets of every occurrence of any of ``chars`` (single characters) in ``text``, in order.

    ``str.find`` skips text at memory speed, several times faster than a regular expression's
    character class, and most pages hold few of the characters a rule is about.

    >>> find_all("甲，乙。丙，", "，。")
    [1, 3, 5]
    """
    found: list[int] = []
    find = text.find
    for ch in chars:
        i = find(ch)
        while i != -1:
            found.append(i)
            i = find(ch, i + 1)
    found.sort()
    return found


#: The header line of a word list written in Simplified characters whose Traditional forms
#: (Hong Kong and Taiwan, by OpenCC) count too: `本报记者` is `本報記者` in a Hong Kong paper.
BOTH_SCRIPTS = "# scripts: simplified and traditional"


@cache
def load_words(name: str) -> frozenset[str]:
    """Words from ``cleantext/data/<name>.txt``: one per line, ``#`` starts a comment.

    A list whose header holds :data:`BOTH_SCRIPTS` also gives each word's Traditional forms.

    >>> "本報記者" in load_words("byline_roles"), "陳" in "".join(load_words("role_surnames"))
    (True, True)
    """
    text = resources.files("cleantext").joinpath("data", f"{name}.txt").read_text("utf-8")
    words = frozenset(
        w for line in text.splitlines() if (w := line.split("#", 1)[0].strip())
    )
    if BOTH_SCRIPTS not in text:
        return words
    return words | frozenset(str(c.convert(w)) for c in _to_traditional() for w in words)


@cache
def _to_traditional() -> tuple[Any, ...]:
    # Built once: an OpenCC converter loads its dictionaries (tens of milliseconds each).
    import opencc  # noqa: PLC0415 (a core dependency; only the lists that ask need it)

    return tuple(opencc.OpenCC(cfg) for cfg in ("s2hk", "s2tw", "s2t"))
