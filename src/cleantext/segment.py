"""Split a page into articles: frozen :class:`Article` records with roles and offsets.

(Skeleton: the whole page is one article; the segmentation issue fills this in.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .blocks import Block, Role
from .roles import assign_roles

__all__ = ["Article", "Lacuna", "split_blocks"]


@dataclass(frozen=True, slots=True)
class Lacuna:
    """A place where the source lost text: ``offset`` into the input, text on both sides."""

    offset: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a page (or, with ``kind="page"``, page-level lines such as a header).

    ``blocks`` holds every line in order with its role, so nothing is lost; the other fields
    are views of them. ``start``/``end`` are offsets into the decoded input.
    """

    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    bylines: tuple[str, ...] = ()
    dateline: str | None = None
    paragraphs: tuple[str, ...] = ()
    section_headings: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    jump: tuple[str, ...] = ()
    lacunae: tuple[Lacuna, ...] = ()
    noise: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    blocks: tuple[Block, ...] = ()
    kind: Literal["article", "page"] = "article"
    url: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None

    @property
    def text(self) -> str:
        """The article's lines, one per line, in page order."""
        return "\n".join(b.text for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (roles as strings, lacunae as objects)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "kicker": self.kicker,
            "bylines": list(self.bylines),
            "dateline": self.dateline,
            "paragraphs": list(self.paragraphs),
            "section_headings": list(self.section_headings),
            "captions": list(self.captions),
            "jump": list(self.jump),
            "lacunae": [
                {"offset": x.offset, "before": x.before, "after": x.after} for x in self.lacunae
            ],
            "noise": list(self.noise),
            "start": self.start,
            "end": self.end,
            "url": self.url,
            "date": self.date,
            "source": self.source,
            "author": self.author,
            "blocks": [
                {"text": b.text, "role": b.role.value, "level": b.level, "start": b.start, "end": b.end}
                for b in self.blocks
            ],
        }


def _article(blocks: Sequence[Block]) -> Article:
    def of(role: Role) -> tuple[str, ...]:
        return tuple(b.text for b in blocks if b.role is role)

    titles = of(Role.TITLE)
    return Article(
        title=titles[0] if titles else None,
        paragraphs=of(Role.PARAGRAPH),
        bylines=of(Role.BYLINE),
        captions=of(Role.CAPTION),
        start=min((b.start for b in blocks), default=0),
        end=max((b.end for b in blocks), default=0),
        blocks=tuple(blocks),
    )


def split_blocks(blocks: Sequence[Block]) -> list[Article]:
    """Group cleaned blocks into articles, in page order; every block lands in exactly one."""
    if not blocks:
        return []
    return [_article(assign_roles(blocks))]
