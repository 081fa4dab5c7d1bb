"""Repetitions made by layout or OCR: fragments repeated back to back, repeated paragraphs.

(Skeleton: identity steps; the line-wrap issue fills them in.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .blocks import Block, Op
from .steps import block_step, inline_step
from .trace import Edit

__all__ = ["drop_repeated_paragraphs", "remove_repeated_fragments"]


@inline_step
def remove_repeated_fragments(text: str) -> Iterator[Edit]:
    """Remove a phrase or sentence repeated back to back."""
    return iter(())


@block_step
def drop_repeated_paragraphs(blocks: Sequence[Block]) -> Iterator[Op]:
    """Remove a paragraph that repeats an earlier one on the page."""
    return iter(())
