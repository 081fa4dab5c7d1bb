"""Character classes and data tables shared by the steps.

Patterns are compiled once at import (the ``regex`` module, for ``\\p{Han}`` and friends).
Word lists live in ``cleantext/data/*.txt`` and are read with :func:`load_words`.

>>> is_han("重"), is_han("a")
(True, False)
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import regex

__all__ = [
    "CJK_PUNCT",
    "HAN",
    "is_han",
    "load_words",
]

#: One Han character.
HAN = regex.compile(r"\p{Han}")

#: Chinese (full-width) punctuation as used in GB/T 15834-2011 text.
CJK_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』——……·．")


def is_han(ch: str) -> bool:
    """Whether ``ch`` is one Han character."""
    return HAN.fullmatch(ch) is not None


@cache
def load_words(name: str) -> frozenset[str]:
    """Words from ``cleantext/data/<name>.txt``: one per line, ``#`` starts a comment."""
    text = resources.files("cleantext").joinpath("data", f"{name}.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w for w in words if w)
