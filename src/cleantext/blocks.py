"""Blocks: the lines of a page with their roles, and the operations steps propose on them.

The document between steps is a list of :class:`Block` (one line or paragraph each). Its text
form is ``"\\n".join(block.text ...)``; every operation a step proposes is translated by
:func:`apply_ops` into :class:`~cleantext.trace.Edit` records on that text form, so the trace
covers block steps (joining, dropping lines) exactly like inline steps.

>>> blocks = blocks_from_text("为指引\\n，坚持")
>>> new, edits = apply_ops(blocks, [Join(0, "", "sentence continues")])
>>> render(new), edits[0].replacement
('为指引，坚持', '')
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from itertools import accumulate, repeat
from operator import add

from .trace import Edit, apply_edits

__all__ = [
    "ARTICLE_START",
    "LACUNA_AFTER",
    "LACUNA_BEFORE",
    "Annotate",
    "Block",
    "Drop",
    "Join",
    "Op",
    "Role",
    "TextEdit",
    "apply_ops",
    "blocks_from_text",
    "render",
]


#: Hint on a line that the input itself marks as the first line of an article (see
#: :func:`cleantext.linewrap.mark_article_breaks`).
ARTICLE_START = "article-start"
#: Hints on the two lines around a place where the source lost text (set by the markup reader,
#: or read back from a blank line inside a sentence by
#: :func:`cleantext.linewrap.mark_article_breaks`).
LACUNA_AFTER = "lacuna-after"
LACUNA_BEFORE = "lacuna-before"


class Role(str, Enum):
    """What a line is on the page. Computed in one place (:mod:`cleantext.roles`)."""

    UNKNOWN = "unknown"
    TITLE = "title"
    SUBTITLE = "subtitle"
    KICKER = "kicker"
    HEADING = "heading"  # a section heading inside an article
    BYLINE = "byline"
    DATELINE = "dateline"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    CREDIT = "credit"  # photo credit
    JUMP = "jump"  # （上接1版） / （下转2版）
    BRIEF = "brief"
    EDITOR = "editor"  # 责任编辑：…
    SOURCE = "source"  # 来源：…
    PAGE_HEADER = "page-header"
    NOISE = "noise"  # suspected OCR noise: reported, never deleted


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the page.

    ``start``/``end`` are offsets into the decoded input the block came from; ``level`` is a
    heading level from markup or ``#`` markers (0 = none); ``hints`` carry facts found by earlier
    steps for later ones (``"bold"``, ``"caption"``, ``"lacuna-before"``, ``"noise"`` …).
    """

    text: str
    start: int = 0
    end: int = 0
    role: Role = Role.UNKNOWN
    level: int = 0
    hints: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``text[start:end]`` of block ``block``. A ``\\n`` in the replacement splits it."""

    block: int
    start: int
    end: int
    replacement: str
    reason: str


@dataclass(frozen=True, slots=True)
class Join:
    """Join block ``block`` with the next one, putting ``separator`` between them."""

    block: int
    separator: str
    reason: str


@dataclass(frozen=True, slots=True)
class Drop:
    """Remove block ``block`` (its text and one line break) from the page."""

    block: int
    reason: str


@dataclass(frozen=True, slots=True)
class Annotate:
    """Set the role, level or hints of a block; no text changes."""

    block: int
    role: Role | None = None
    level: int | None = None
    hints: frozenset[str] = frozenset()


Op = TextEdit | Join | Drop | Annotate


def blocks_from_text(text: str) -> list[Block]:
    """One block per ``\\n``-separated line, blank lines included, with source offsets.

    ``render(blocks_from_text(t)) == t`` for every ``t``.

    >>> [b.text for b in blocks_from_text("a\\n\\nb")]
    ['a', '', 'b']
    """
    blocks = []
    pos = 0
    for line in text.split("\n"):
        blocks.append(Block(line, pos, pos + len(line)))
        pos += len(line) + 1
    return blocks


def render(blocks: Sequence[Block]) -> str:
    """The text form of a block list: lines joined by ``\\n``."""
    return "\n".join(b.text for b in blocks)


def _lines(block: Block) -> list[Block]:
    """``block`` split at its line breaks (a replacement may contain ``\n``).

    A blank line made by a split describes nothing: hints (``caption``, ``lacuna-after`` …)
    stay with the text.
    """
    if "\n" not in block.text:
        return [block]
    return [
        replace(block, text=piece, hints=block.hints if piece else frozenset())
        for piece in block.text.split("\n")
    ]


def apply_ops(blocks: Sequence[Block], ops: Iterable[Op]) -> tuple[list[Block], list[Edit]]:
    """Apply a step's operations; return the new blocks and the edits on ``render(blocks)``.

    Invariant: ``apply_edits(render(blocks), edits) == render(new_blocks)``.
    A block whose text becomes empty through the step's edits is removed with its line break.
    """
    n = len(blocks)
    text_edits: dict[int, list[Edit]] = {}
    joins: dict[int, Join] = {}
    drops: dict[int, Drop] = {}
    notes: dict[int, list[Annotate]] = {}
    for op in ops:
        if not 0 <= op.block < n:
            raise ValueError(f"operation on missing block: {op!r}")
        if isinstance(op, TextEdit):
            text_edits.setdefault(op.block, []).append(
                Edit(op.start, op.end, op.replacement, op.reason)
            )
        elif isinstance(op, Join):
            if op.block == n - 1:
                raise ValueError(f"cannot join the last block: {op!r}")
            joins[op.block] = op
        elif isinstance(op, Drop):
            drops[op.block] = op
        else:
            notes.setdefault(op.block, []).append(op)
    for i in drops:
        if i in text_edits or i in joins or (i - 1) in joins:
            raise ValueError(f"block {i} is both dropped and edited or joined")

    texts = [b.text for b in blocks]
    # Offsets of each block in the text form: the lengths of the lines before it, each with
    # its line break (counted in C: no Python call per block).
    bases = list(accumulate(map(len, texts), add, initial=0))
    bases = list(map(add, bases, range(n + 1)))
    # No block holds a line break (the usual case): untouched blocks are copied in runs.
    plain = not any(map(str.__contains__, texts, repeat("\n")))

    edits: list[Edit] = []
    # Only the blocks a step touches cost anything: most steps touch few of a page's blocks.
    new_texts: dict[int, str] = {}
    for i in sorted(text_edits):
        local = text_edits[i]
        new_texts[i] = apply_edits(blocks[i].text, local)
        base = bases[i]
        edits.extend(Edit(base + e.start, base + e.end, e.replacement, e.reason) for e in local)
    touched = text_edits.keys() | joins.keys() | drops.keys() | notes.keys()

    # Group joined runs; each group becomes one block (or several, if it contains "\n").
    removed_newlines: set[int] = set()  # index i = the line break after block i

    def remove_line(first: int, last: int, reason: str) -> None:
        # Take the line break before the removed run, else the one after it: greedy in this
        # order removes exactly one break per removed run (all of them if nothing is left).
        if first > 0 and (first - 1) not in removed_newlines:
            k = first - 1
        elif last < n - 1 and last not in removed_newlines:
            k = last
        else:
            return
        removed_newlines.add(k)
        at = bases[k] + len(blocks[k].text)
        edits.append(Edit(at, at + 1, "", reason))

    out: list[Block] = []
    order = sorted(touched)
    i = 0
    while i < n:
        if i not in touched:
            # Nothing to do up to the next touched block: the blocks themselves.
            nxt = order[bisect_left(order, i)] if order and order[-1] > i else n
            if plain:
                out.extend(blocks[i:nxt])
            else:
                for block in blocks[i:nxt]:
                    out.extend(_lines(block))
            i = nxt
            continue
        j = i
        while j in joins:
            j += 1
        if i in drops:
            edits.append(Edit(bases[i], bases[i] + len(blocks[i].text), "", drops[i].reason))
            remove_line(i, i, drops[i].reason)
            i = j + 1
            continue
        parts = [new_texts.get(i, blocks[i].text)]
        for k in range(i, j):
            sep = joins[k].separator
            at = bases[k] + len(blocks[k].text)
            edits.append(Edit(at, at + 1, sep, joins[k].reason))
            parts.append(sep)
            parts.append(new_texts.get(k + 1, blocks[k + 1].text))
        text = "".join(parts)
        if text == "" and any(blocks[k].text for k in range(i, j + 1)):
            remove_line(i, j, "line became empty")
            i = j + 1
            continue
        first = blocks[i]
        if i == j and i not in notes:
            # The common case, kept cheap: one block, only its text may have changed.
            merged = first if text is first.text else Block(
                text, first.start, first.end, first.role, first.level, first.hints
            )
        else:
            role, level, hints = first.role, first.level, set(first.hints)
            for k in range(i, j + 1):
                if k > i:
                    hints |= blocks[k].hints
                for note in notes.get(k, []):
                    role = note.role if note.role is not None else role
                    level = note.level if note.level is not None else level
                    hints |= note.hints
            merged = Block(text, first.start, blocks[j].end, role, level, frozenset(hints))
        out.extend(_lines(merged))
        i = j + 1
    return out, edits
