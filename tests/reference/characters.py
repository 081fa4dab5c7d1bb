"""``remove_invisible_chars`` and ``normalize_width`` as they were in Python (characters.py at
61d115b), as plain functions yielding edits on one line."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from cleantext.chardata import (
    HALF_WIDTH_CJK_PUNCT,
    INVISIBLE_CHARS,
    WIDTH_NUMBER_MARKS,
    WIDTH_WORD_MARKS,
    find_all,
)
from cleantext.trace import Edit

# --- remove_invisible_chars ------------------------------------------------------------------

_JOINER = regex.compile(r"[\u200c\u200d]")
_JOINER_DEBRIS = regex.compile(r"[\p{Han}\s\x00-\x7f\u3000-\u303f\uff00-\uffef]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ACTIONABLE = re.compile(
    "["
    + "".join(f"\\u{ord(ch):04x}" for ch in INVISIBLE_CHARS)
    + r"\r\x00-\x08\x0b-\x1f\x7f-\x9f\u200c\u200d]"
)


def _removed(ch: str) -> bool:
    return (
        ch in INVISIBLE_CHARS
        or ch == "\r"
        or _CONTROL.match(ch) is not None
        or _JOINER.match(ch) is not None
    )


def remove_invisible_chars(text: str) -> Iterator[Edit]:
    if ACTIONABLE.search(text) is None:
        return
    n = len(text)
    for m in ACTIONABLE.finditer(text):
        i, ch = m.start(), m.group()
        if ch in INVISIBLE_CHARS:
            yield Edit(i, i + 1, "", INVISIBLE_CHARS[ch])
        elif ch == "\r":
            yield Edit(i, i + 1, "" if i == n - 1 else "\n", "carriage return")
        elif _CONTROL.match(ch):
            yield Edit(i, i + 1, "", f"control character U+{ord(ch):04X}")
        elif _JOINER.match(ch):
            j = i - 1
            while j >= 0 and _removed(text[j]):
                j -= 1
            k = i + 1
            while k < n and _removed(text[k]):
                k += 1
            before = text[j] if j >= 0 else " "
            after = text[k] if k < n else " "
            if _JOINER_DEBRIS.match(before) or _JOINER_DEBRIS.match(after):
                yield Edit(i, i + 1, "", "zero-width joiner outside emoji")


# --- normalize_width -------------------------------------------------------------------------

_FULL_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_NUMBER_JOINER = re.compile(
    rf"(?<=[\uff10-\uff19])[{WIDTH_NUMBER_MARKS}](?=[0-9\uff10-\uff19])"
    rf"|(?<=[0-9])[{WIDTH_NUMBER_MARKS}](?=[\uff10-\uff19])"
)
_ALNUM = r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
_WORD_JOINER = re.compile(rf"(?<={_ALNUM})[{WIDTH_WORD_MARKS}](?={_ALNUM})")
_PERCENT = re.compile(r"(?<=[0-9\uff10-\uff19])％")
WIDTH_TRIGGER = re.compile(
    rf"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a{WIDTH_WORD_MARKS}％\uff61-\uff64]"
)
_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def _half(s: str) -> str:
    return s.translate(_HALF)


def normalize_width(text: str) -> Iterator[Edit]:
    if WIDTH_TRIGGER.search(text) is None:
        return
    for m in _FULL_ALNUM.finditer(text):
        yield Edit(m.start(), m.end(), _half(m.group()), "full-width digit or letter")
    for m in _NUMBER_JOINER.finditer(text):
        yield Edit(m.start(), m.end(), _half(m.group()), "full-width mark inside a number")
    for m in _WORD_JOINER.finditer(text):
        yield Edit(m.start(), m.end(), _half(m.group()), "full-width mark inside a word")
    for m in _PERCENT.finditer(text):
        yield Edit(m.start(), m.end(), "%", "full-width percent sign after a number")
    for i in find_all(text, HALF_WIDTH_CJK_PUNCT):
        yield Edit(i, i + 1, HALF_WIDTH_CJK_PUNCT[text[i]], "half-width CJK punctuation")
