"""Is it markup, and the simple tag-stripped text that retention is measured against."""

from __future__ import annotations

import html

import regex

from .vocabulary import _KNOWN_TAGS

# --- detection -----------------------------------------------------------------------------------
_TAG_LIKE = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,10})(?=[\s/>])[^<>]{0,2000}>")
_ENTITY_LIKE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` carries HTML: two real tags, or one and an entity (not ``3<5``, ``AT&T``).

    >>> looks_like_markup("《人民日报》称3<5，AT&T与<不>"), looks_like_markup("<br>第一行<br>")
    (False, True)
    """
    tags = 0
    for m in _TAG_LIKE.finditer(text):
        if m.group(2).lower() in _KNOWN_TAGS:
            tags += 1
            if tags >= 2:
                return True
    return tags == 1 and _ENTITY_LIKE.search(text) is not None


# --- strip_tags: the retention baseline ------------------------------------------------------
_ANY_TAG = regex.compile(r"<[A-Za-z/!?][^<>]*>")


def _cut_between(text: str, opener: regex.Pattern[str], closer: str) -> str:
    out: list[str] = []
    pos = 0
    low = text.lower()
    while True:
        m = opener.search(text, pos)
        if not m:
            break
        end = low.find(closer, m.end())
        out.append(text[pos : m.start()])
        if end == -1:
            pos = len(text)
            break
        pos = end + len(closer)
        if closer.startswith("</"):
            gt = text.find(">", pos, pos + 100)
            pos = pos if gt == -1 else gt + 1
    out.append(text[pos:])
    return "".join(out)


_COMMENT_OPEN = regex.compile(r"<!--")
_SCRIPT_OPEN = regex.compile(r"<script\b", regex.I)
_STYLE_OPEN = regex.compile(r"<style\b", regex.I)


def strip_tags(text: str) -> str:
    """``text`` without tags, comments, scripts or styles, entities decoded.

    The baseline for Han retention: deliberately simple, so that a tag cut by lost text
    (``<p style=a: b``) does not swallow the paragraphs after it.

    >>> strip_tags("<p style=a: b;>重庆<script>x()</script>&ldquo;日报&rdquo;</p>")
    '重庆“日报”'
    """
    text = _cut_between(text, _COMMENT_OPEN, "-->")
    text = _cut_between(text, _SCRIPT_OPEN, "</script")
    text = _cut_between(text, _STYLE_OPEN, "</style")
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)
