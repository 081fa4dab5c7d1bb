"""Spaces: trimming, letter-spaced runs, spaces inserted where columns were joined.

(Skeleton: trimming only; the line-wrap issue fills in the rest.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .blocks import Block, Drop, Op, TextEdit
from .steps import block_step, inline_step
from .trace import Edit

__all__ = ["collapse_letter_spacing", "normalize_whitespace", "remove_column_spaces"]


@block_step
def normalize_whitespace(blocks: Sequence[Block]) -> Iterator[Op]:
    """Trim each line; drop blank and whitespace-only lines.

    >>> normalize_whitespace("  a  \\n   \\n\\nb")
    'a\\nb'
    """
    for i, block in enumerate(blocks):
        text = block.text
        if not text.strip():
            yield Drop(i, "blank line")
            continue
        lead = len(text) - len(text.lstrip())
        if lead:
            yield TextEdit(i, 0, lead, "", "leading whitespace")
        trail = len(text) - len(text.rstrip())
        if trail:
            yield TextEdit(i, len(text) - trail, len(text), "", "trailing whitespace")


@inline_step
def collapse_letter_spacing(text: str) -> Iterator[Edit]:
    """Close up letter-spaced runs."""
    return iter(())


@inline_step
def remove_column_spaces(text: str) -> Iterator[Edit]:
    """Remove spaces inserted at a fixed column period."""
    return iter(())
