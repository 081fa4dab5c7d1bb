"""Whole saved news pages: tell a page from a fragment, find the article, read its metadata.

(Skeleton: every input is treated as a fragment; the web-page issue fills this in.)
:mod:`cleantext.markup` repairs the source first, then asks this module which of its blocks
are the article, and drops the others with reason ``boilerplate``.
"""

from __future__ import annotations

__all__ = ["is_full_page", "main_content_texts", "page_metadata"]


def is_full_page(html: str) -> bool:
    """Whether repaired HTML is a whole web page (not an article fragment)."""
    return False


def main_content_texts(html: str) -> list[str] | None:
    """The article's text blocks as a main-content extractor sees them; None if none found."""
    return None


def page_metadata(html: str) -> dict[str, str]:
    """Title, date, source/site, author and URL of a page, where present."""
    return {}
