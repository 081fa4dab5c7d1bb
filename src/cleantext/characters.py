"""Character-level repairs: mojibake, invisible characters, width, script conversion.

(Skeleton: identity steps; the punctuation issue fills them in.)
"""

from __future__ import annotations

from collections.abc import Iterator

from .steps import inline_step
from .trace import Edit

__all__ = ["convert_chinese", "fix_encoding", "normalize_width", "remove_invisible_chars"]


@inline_step
def fix_encoding(text: str) -> Iterator[Edit]:
    """Repair mojibake with ftfy (safe settings)."""
    return iter(())


@inline_step
def remove_invisible_chars(text: str) -> Iterator[Edit]:
    """Remove zero-width characters, BOMs, soft hyphens and control characters."""
    return iter(())


@inline_step
def normalize_width(text: str) -> Iterator[Edit]:
    """Full-width digits and Latin letters to half-width."""
    return iter(())


@inline_step
def convert_chinese(text: str, *, opencc_config: str = "t2s") -> Iterator[Edit]:
    """Convert Traditional/Simplified Chinese with OpenCC."""
    return iter(())
