"""Lines: layout markers, paragraphs broken mid-sentence, noise lines.

(Skeleton: identity steps; the line-wrap issue fills them in.)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .blocks import Block, Op
from .steps import block_step

__all__ = ["flag_noise_lines", "rejoin_wrapped_lines", "strip_layout_markers"]


@block_step
def strip_layout_markers(blocks: Sequence[Block]) -> Iterator[Op]:
    """Move ``#`` / ``**`` / ``□`` markers from the text into the block's level and hints."""
    return iter(())


@block_step
def rejoin_wrapped_lines(blocks: Sequence[Block]) -> Iterator[Op]:
    """Join a paragraph broken mid-sentence onto the next line."""
    return iter(())


@block_step
def flag_noise_lines(blocks: Sequence[Block]) -> Iterator[Op]:
    """Mark suspected OCR noise lines (never deleted)."""
    return iter(())
