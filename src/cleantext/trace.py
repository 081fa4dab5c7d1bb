"""Edits and the trace: every change a step makes, with where, what and why.

A step never rewrites text directly: it proposes :class:`Edit` records on its input, and the
pipeline applies them and keeps them as :class:`Change` records. Because the trace holds every
replacement with its span in the step's input, :func:`replay` can rebuild the output from the
input, and a test can prove that no character disappeared without a recorded reason.

>>> apply_edits("ab,cd", [Edit(2, 3, "，", "ascii comma in Chinese")])
'ab，cd'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import regex

__all__ = ["Change", "Edit", "apply_edits", "han_count", "han_retention", "replay"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``, for ``reason``."""

    start: int
    end: int
    replacement: str
    reason: str


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded edit: the step that made it, its span in that step's input, before/after.

    >>> Change("normalize_punctuation", 2, 3, ",", "，", "ascii comma").to_dict()["after"]
    '，'
    """

    step: str
    start: int
    end: int
    before: str
    after: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _checked(edits: Iterable[Edit], length: int) -> list[Edit]:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    last = 0
    for e in ordered:
        if e.start < last or e.end < e.start or e.end > length:
            raise ValueError(f"overlapping or out-of-range edit {e!r} (text length {length})")
        last = e.end
    return ordered


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (in any order) to ``text``.

    Raises :class:`ValueError` for overlapping or out-of-range edits.
    Two insertions at one offset are applied in the order given.

    >>> apply_edits("a b", [Edit(1, 2, "", "space")])
    'ab'
    """
    ordered = _checked(edits, len(text))
    if not ordered:
        return text
    parts: list[str] = []
    pos = 0
    for e in ordered:
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def replay(text: str, changes: Sequence[Change]) -> str:
    """Re-apply a trace to the text it was recorded on and return the output.

    Consecutive changes of one step form one group: their spans refer to the text as it was
    when that step started. Raises :class:`ValueError` if a change's ``before`` does not match.

    >>> replay("a,b", [Change("normalize_punctuation", 1, 2, ",", "，", "comma")])
    'a，b'
    """
    i = 0
    while i < len(changes):
        j = i
        while j < len(changes) and changes[j].step == changes[i].step:
            j += 1
        group = changes[i:j]
        for c in group:
            if text[c.start : c.end] != c.before:
                raise ValueError(f"trace does not match text at {c.start}: {c!r}")
        text = apply_edits(text, (Edit(c.start, c.end, c.after, c.reason) for c in group))
        i = j
    return text


_NON_HAN = regex.compile(r"\P{Han}+")


def han_count(text: str) -> int:
    """Number of Han (Chinese) characters in ``text``.

    >>> han_count("重庆 2023 年")
    3
    """
    # Deleting the non-Han runs is several times faster than listing every Han character.
    return len(_NON_HAN.sub("", text))


def han_retention(source: str, output: str) -> float:
    """Han characters in ``output`` over Han characters in ``source`` (1.0 when none).

    ``source`` should already have its markup removed (see :func:`cleantext.markup.strip_tags`).

    >>> han_retention("重庆日报", "重庆")
    0.5
    """
    n = han_count(source)
    return 1.0 if n == 0 else han_count(output) / n
