"""HTML source to lines: repair hard-wrapped, cut markup, then parse it.

(Skeleton: a naive tag stripper; the markup issue replaces it with the real repair.)

>>> looks_like_markup("<p>你好</p>"), looks_like_markup("3<5 且 AT&T")
(True, False)
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Literal

import regex

from .blocks import Block
from .steps import inline_step
from .trace import Edit, apply_edits

__all__ = ["decode_entities", "looks_like_markup", "read_markup", "repair_markup", "strip_tags"]

_TAG = regex.compile(r"</?[A-Za-z][^<>]*>")
_BLOCK_END = regex.compile(r"</(?:p|div|h[1-6]|li|tr|figcaption)\s*>|<br\s*/?>", regex.I)
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` carries HTML tags (a few real ones, not ``3<5``)."""
    return len(_TAG.findall(text, concurrent=False)) >= 2


def _markup_edits(text: str) -> list[Edit]:
    edits = []
    for m in _TAG.finditer(text):
        repl = "\n" if _BLOCK_END.fullmatch(m.group()) else ""
        edits.append(Edit(m.start(), m.end(), repl, "markup"))
    return edits


def read_markup(
    text: str, *, extract: Literal["auto", "main", "all"] = "auto"
) -> tuple[list[Block], list[Edit]]:
    """Blocks from HTML source, and the edits that turn ``text`` into their text form.

    Invariant: ``apply_edits(text, edits) == "\\n".join(b.text for b in blocks)``.
    """
    edits = _markup_edits(text)
    out = apply_edits(text, edits)
    blocks = []
    pos = 0
    for line in out.split("\n"):
        blocks.append(Block(line, pos, pos + len(line)))
        pos += len(line) + 1
    return blocks, edits


def repair_markup(text: str, *, extract: Literal["auto", "main", "all"] = "auto") -> str:
    """HTML source to its text, one block per line; text without markup is returned as is."""
    if not isinstance(text, str):
        raise TypeError(f"repair_markup() takes a str, not {type(text).__name__}")
    if not looks_like_markup(text):
        return text
    blocks, _ = read_markup(text, extract=extract)
    return "\n".join(b.text for b in blocks)


def strip_tags(text: str) -> str:
    """``text`` without tags, scripts or styles: the baseline for Han retention figures."""
    return _TAG.sub("", text)


@inline_step
def decode_entities(text: str) -> Iterator[Edit]:
    """Decode HTML entities left in text.

    >>> decode_entities("&ldquo;双碳&rdquo;")
    '“双碳”'
    """
    for m in _ENTITY.finditer(text):
        decoded = html.unescape(m.group())
        if decoded != m.group():
            yield Edit(m.start(), m.end(), decoded, "html entity")
