"""Chinese punctuation to GB/T 15834-2011 conventions.

(Skeleton: identity step; the punctuation issue fills it in.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from .steps import inline_step
from .trace import Edit

__all__ = ["normalize_punctuation"]


@inline_step
def normalize_punctuation(
    text: str, *, corner_quotes: Literal["keep", "convert"] = "keep"
) -> Iterator[Edit]:
    """ASCII punctuation in Chinese context to full-width."""
    return iter(())
