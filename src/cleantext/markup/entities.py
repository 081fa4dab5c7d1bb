"""HTML entities: named, numeric, hex, double-escaped, missing ``;``, cut by lost text."""

from __future__ import annotations

import html
from collections.abc import Iterator
from html.entities import html5

import regex

from ..steps import inline_step
from ..trace import Edit
from .vocabulary import _is_cjk

# --- entities ------------------------------------------------------------------------------------
_ENT_NAME = regex.compile(r"[A-Za-z][A-Za-z0-9]{0,31}")
_ENT_NUM = regex.compile(r"#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}))(;?)")


def _decode_one(s: str, k: int, stop: int) -> tuple[int, str] | None:
    """Decode the entity body at ``s[k:stop]`` (just after ``&``): (end, value) or None.

    Lenient like a browser reading text: legacy names (``&nbsp``) need no ``;`` unless ``=``
    follows; any other name may lose its ``;`` only before non-ASCII text or the end (a cut
    ``&ldquo双碳``), so ``AT&T`` and ``?a=1&lang=zh`` stay.
    """
    m = _ENT_NUM.match(s, k, stop)
    if m:
        cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            return None
        after = s[m.end()] if m.end() < stop else ""
        if not m.group(3) and after.isascii() and after.isalnum():
            return None
        return m.end(), html.unescape(f"&#{cp};")
    m = _ENT_NAME.match(s, k, stop)
    if not m:
        return None
    name, end = m.group(), m.end()
    nxt = s[end] if end < stop else ""
    if nxt == ";" and name + ";" in html5:
        return end + 1, html5[name + ";"]
    if name in html5 and nxt != "=":
        return end, html5[name]
    if name + ";" in html5 and len(name) >= 2 and (nxt == "" or not nxt.isascii()):
        return end, html5[name + ";"]
    return None


def _entity_at(s: str, i: int, stop: int | None = None) -> tuple[int, str] | None:
    """Decode the entity at ``s[i] == "&"``, unwrapping double escapes (``&amp;ldquo;``)."""
    stop = len(s) if stop is None else stop
    k = i + 1
    depth = 0
    while s.startswith("amp;", k, stop):
        k += 4
        depth += 1
    if depth:
        inner = _decode_one(s, k, stop)
        if inner is not None:
            return inner
        return k, "&"  # the innermost ``&amp;`` is the character itself
    return _decode_one(s, k, stop)


def _nbsp_output(left: str, right: str) -> str:
    """A non-breaking space: nothing between Chinese characters or at an edge, else a space."""
    if not left or not right or (_is_cjk(left) and _is_cjk(right)):
        return ""
    return " "


@inline_step(trigger=regex.compile("&").search)
def decode_entities(text: str) -> Iterator[Edit]:
    """Decode HTML entities left in text: named, numeric, hex, double-escaped, missing ``;``.

    ``&nbsp;`` becomes a space, or nothing next to Chinese text; ``AT&T`` stays.

    >>> decode_entities("&ldquo;双碳&rdquo;与AT&T、&amp;ldquo;好&#x4E2D;&#25991;&nbsp;abc&nbsp;d")
    '“双碳”与AT&T、“好中文 abc d'
    """
    pos = text.find("&")
    while pos != -1:
        hit = _entity_at(text, pos)
        if hit is None:
            pos = text.find("&", pos + 1)
            continue
        end, value = hit
        if value == "\xa0":
            left = text[pos - 1] if pos else ""
            right = text[end] if end < len(text) else ""
            value = _nbsp_output(left, right)
        yield Edit(pos, end, value, "entity")
        pos = text.find("&", end)


#: Entities common in Chinese news: a cut one is completed only if one of these fits.
_COMMON_ENTITIES = (
    "ldquo;", "rdquo;", "lsquo;", "rsquo;", "mdash;", "ndash;", "hellip;", "nbsp;", "middot;",
    "amp;", "lt;", "gt;", "quot;", "times;", "deg;", "yen;", "bull;", "copy;",
)  # fmt: skip
_CUT_HEAD = regex.compile(r"&([A-Za-z]{0,31})")
_CUT_TAIL = regex.compile(r"([A-Za-z]{1,31});")


def _cut_entity(head: str = "", tail: str = "") -> str:
    """The value of an entity cut by lost text (``&rd`` …), if one common entity fits, else ""."""
    fits = [
        c for c in _COMMON_ENTITIES if (head and c.startswith(head)) or (tail and c.endswith(tail))
    ]
    return html5[fits[0]] if len(fits) == 1 else ""
