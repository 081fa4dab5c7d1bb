"""Split a page into articles: frozen :class:`Article` records with roles and offsets.

A page is several articles run together without markers. :func:`split_blocks` reads each
line's cue (:func:`cleantext.roles.segment_cue`: heading, byline, lead paragraph, jump …) and
decides boundaries at two kinds of place:

- a *run* of non-paragraph lines (headlines, bylines, credits) between paragraphs. Its head
  may close the article above (a byline at the end, a photo credit, a headline displaced below
  its body — decided by content overlap) and the rest may open a new one. A new article starts
  there on strong evidence (a lead ``本报讯(记者 …)`` or a byline under the headline, a level-1
  headline, a briefs heading) or when the topic shifts: the lexical cohesion (TF-IDF cosine of
  Han character bigrams) between the text before and after falls below a threshold, stricter
  for a lone heading (usually a section heading inside an article) than for a headline block;
- a gap between two paragraphs: a lead paragraph or a ``（上接1版）`` jump opens an article, and a
  deep TextTiling-like cohesion valley does too.

Every input block lands in exactly one record, in page order; page furniture (page header,
editor lines) at the top or bottom of the page becomes a ``kind="page"`` record.

>>> from cleantext.blocks import blocks_from_text
>>> page = "大足打造艺术家小镇\\n大足石刻文创园艺术家小镇建设进入收尾阶段，即将投用。\\n王彩艳 杨毅"
>>> [(a.title, a.bylines) for a in split_blocks(blocks_from_text(page))]
[('大足打造艺术家小镇', ('王彩艳 杨毅',))]
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal

import regex

from . import _core
from .blocks import ARTICLE_START, LACUNA_AFTER, LACUNA_BEFORE, Block, Role
from .errors import core_failure
from .model import LineModel, models_for
from .roles import (
    SegmentCue,
    assign_roles,
    display_width,
    line_features,
    may_name_a_person,
    model_labels,
    model_marginals,
    segment_cue,
    surely_ends_final,
)

__all__ = ["Article", "Lacuna", "split_blocks"]

#: Cohesion below which a lone heading between paragraphs starts a new article.
HEADING_SHIFT = 0.05
#: Cohesion below which a headline block (several heading lines, or a closed article above)
#: starts a new article.
HEADLINE_SHIFT = 0.12
#: Cohesion below which a gap between two paragraphs, deep in a cohesion valley, is a boundary.
PARAGRAPH_SHIFT = 0.018

_HAN_RUN = regex.compile(r"\p{Han}+")
_LACUNA_CONTEXT = 20
_WINDOW = 1200  # characters of text compared on each side of a candidate boundary
_KEEP_ROLES = frozenset({Role.NOISE, Role.EDITOR, Role.SOURCE, Role.PAGE_HEADER})


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
        """A JSON-ready mapping of every field (roles as strings, lacunae as objects).

        >>> sorted(Article(title="标题").to_dict())[:4]
        ['author', 'blocks', 'bylines', 'captions']
        """
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
                {
                    "text": b.text,
                    "role": b.role.value,
                    "level": b.level,
                    "start": b.start,
                    "end": b.end,
                    "hints": sorted(b.hints),
                }
                for b in self.blocks
            ],
        }


# --- lexical cohesion ---------------------------------------------------------------------


class _Cohesion:
    """TF-IDF cosine of Han character bigrams between stretches of the page's lines.

    The core's ``Cohesion`` computes it (the Python original, the reference, is
    ``tests/reference/segment_cohesion.py``): each line's bigrams are read once, a stretch's
    vector has its terms in order of first occurrence and every sum runs in the reference's
    order, so every cosine is the same float and every boundary decision the same.
    ``below`` first tries a lower bound of the cosine from the bigrams' document weights
    alone (shared bigrams against each side's mass), which decides most gaps inside an
    article without the vectors.

    The tables are built when first asked for: a page that states its articles only compares
    a few headlines with their bodies, and a page of one paragraph compares nothing.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts

    @cached_property
    def _tables(self) -> _core.Cohesion:
        return _core.Cohesion([_HAN_RUN.findall(t) for t in self.texts])

    def between(self, left: Sequence[int], right: Sequence[int]) -> float:
        """The cosine of the stretches' vectors (1.0 when either side has no bigram)."""
        try:
            return self._tables.between(list(left), list(right))
        except _core.PanicException as exc:
            raise core_failure("split_blocks", exc) from exc

    def below(self, left: Sequence[int], right: Sequence[int], limit: float) -> bool:
        """Whether ``between(left, right) < limit`` (a bound first, the vectors if need be)."""
        try:
            return self._tables.below(list(left), list(right), limit)
        except _core.PanicException as exc:
            raise core_failure("split_blocks", exc) from exc

    def containment(self, line: int, lines: Sequence[int]) -> float:
        """Share of the line's bigrams found in ``lines`` (a headline against a body)."""
        try:
            return self._tables.containment(line, list(lines))
        except _core.PanicException as exc:
            raise core_failure("split_blocks", exc) from exc


# --- boundaries ---------------------------------------------------------------------------


class _Line:
    """A non-blank line of the page: its block, its cue, and the cue's kind (read very often:
    a plain attribute, not a property)."""

    __slots__ = ("block", "cue", "index", "kind")

    def __init__(self, index: int, block: Block, cue: SegmentCue) -> None:
        self.index = index  # into the page's blocks
        self.block = block
        self.cue = cue
        self.kind = cue.kind


def _window(lines: Sequence[_Line], positions: range | list[int], limit: int) -> list[int]:
    """Block indices of paragraphs among ``positions``, up to ``limit`` characters."""
    out: list[int] = []
    size = 0
    for p in positions:
        ln = lines[p]
        if ln.kind != "paragraph":
            continue
        out.append(ln.index)
        size += len(ln.block.text)
        if size >= limit:
            break
    return out


def _leading_levels(lines: Sequence[_Line], s: int) -> list[int]:
    """The ``#`` levels (0: none) of the headings from ``s`` up to the first paragraph."""
    levels = []
    for p in range(s, len(lines)):
        ln = lines[p]
        if ln.kind == "paragraph":
            break
        if ln.kind == "heading":
            levels.append(ln.block.level)
    return levels


def _title_level(lines: Sequence[_Line], s: int) -> int:
    """The smallest ``#`` level of the headings from ``s`` up to the first paragraph (0: none)."""
    return min((lv for lv in _leading_levels(lines, s) if lv > 0), default=0)


def _boundaries(
    lines: Sequence[_Line],
    coh: _Cohesion,
    thresholds: tuple[float, float, float],
    *,
    wrapped: bool = False,
    strict: bool = False,
) -> list[int]:
    """Positions (into ``lines``, the non-blank lines) where an article starts.

    ``strict``: only where the page itself says so (a news lead, a headline over a byline or
    a lead …), not where the topic merely shifts; see :func:`_split_stable`.

    On a hard-wrapped page (``wrapped``) short fragments of sentences pass for headings, so no
    headline is taken for one displaced below its body.
    """
    heading_shift, headline_shift, paragraph_shift = thresholds
    n = len(lines)
    starts = [0]
    valleys: set[int] = set()
    level = _title_level(lines, 0)
    paragraphs = [p for p, ln in enumerate(lines) if ln.kind == "paragraph"]
    if not paragraphs:
        return starts
    p = paragraphs[0]
    while p < n:
        if lines[p].kind == "paragraph":
            q = p + 1
            if q < n and lines[q].kind == "paragraph":
                nxt = lines[q].cue
                strong = nxt.lead is not None or (
                    not strict and nxt.jump is not None and "上接" in nxt.jump
                )
                if strong:
                    starts.append(q)
                    level = 0
                elif not strict and _valley(lines, coh, q, starts[-1], paragraph_shift):
                    starts.append(q)
                    valleys.add(q)
                    level = 0
            p = q
            continue
        # A run of non-paragraph lines [a, b].
        a = p
        b = a
        while b + 1 < n and lines[b + 1].kind != "paragraph":
            b += 1
        body_start = (
            None
            if wrapped or strict
            else _displaced_body(lines, coh, start=starts[-1], a=a, b=b, limit=heading_shift)
        )
        if body_start is not None:
            starts.append(body_start)
            level = 0
        if b + 1 >= n:  # trailing run: it closes the last article
            break
        cut = _run_boundary(
            lines,
            coh,
            start=starts[-1],
            a=a,
            b=b,
            level=level,
            thresholds=(heading_shift, headline_shift),
            strict=strict,
        )
        if cut is not None:
            starts.append(cut)
            level = _title_level(lines, cut)
        elif level == 0:
            level = _title_level(lines, a)
        p = b + 1
    return _merge_fragments(lines, coh, starts, valleys)


#: Marks that end or split a sentence: a line with one reads as text, not as a headline.
_SENTENCE_MARKS = frozenset("。！？!?；;…")


def _headline_like(ln: _Line) -> bool:
    """Whether a line read as a paragraph (too long for a heading) may be a headline: no
    sentence mark in it, at most one comma, no longer than a headline runs."""
    text = ln.block.text.strip()
    return (
        len(text) <= _HEADLINE_WIDTH
        and _SENTENCE_MARKS.isdisjoint(text)
        and text.count("，") + text.count(",") <= 1
    )


_ENUMERATED = regex.compile(r"\s*[一二三四五六七八九十]{1,3}是")


def _numbered(text: str) -> bool:
    """Whether a heading opens with a list number (`一、`, `（3）`, `2.`, `第三章`, `一是`)."""
    return line_features(Block(text.strip())).numbering or bool(_ENUMERATED.match(text))


# `…（薛春）`, `…（记者 王五）` at the end of a line: the article's last words and its author.
_ATTRIBUTED = regex.compile(
    r"\S（(?:(?:本报)?记者[ \u3000]?)?(?P<name>\p{Han}{2,4})(?:[ \u3000]\p{Han}{2,4})?）$"
)


def _read_attributed_ends(lines: Sequence[_Line]) -> None:
    """Read as paragraphs the short lines that end in their author's name in brackets (the
    last paragraph of an article, signed), not as headings."""
    for ln in lines:
        if ln.kind == "heading" and not ln.block.level:
            m = _ATTRIBUTED.search(ln.block.text.strip())
            if m and may_name_a_person(m["name"]):
                ln.kind = "paragraph"


def _read_long_headlines(lines: Sequence[_Line]) -> None:
    """Read as headings the lines too long for one that are headlines all the same: a
    headline-like line (:func:`_headline_like`) with a markup level, or over a news lead (the
    next paragraph, after a dateline or byline at most)."""
    for p, ln in enumerate(lines):
        if ln.kind != "paragraph" or ln.cue.lead is not None:
            continue
        q = p + 1
        while q < len(lines) and lines[q].kind in ("dateline", "byline", "heading") and q - p <= 2:
            q += 1
        if (ln.block.level > 0 or (q < len(lines) and lines[q].cue.lead is not None)) and (
            _headline_like(ln)
        ):
            ln.kind = "heading"


def _displaced_body(
    lines: Sequence[_Line], coh: _Cohesion, *, start: int, a: int, b: int, limit: float
) -> int | None:
    """Where the body of a headline displaced below it begins, inside a titled article.

    The run ``lines[a..b]`` opens (after closing lines) with a heading whose words are those of
    the text just above, while the current article already has a headline: the text above is
    another article's body, run on without a break. It begins at the gap of least cohesion, if
    that gap is a topic shift and the heading belongs to the text after it.
    """
    j = a
    while j <= b and _closes(lines[j]):
        j += 1
    tops = _leading_levels(lines, start)
    if j > b or lines[j].kind != "heading" or not tops:
        return None
    # Only a heading of headline rank: a deeper one is a section heading of this article.
    rank = lines[j].block.level
    if rank and any(0 < t < rank for t in tops):
        return None
    # A displaced headline is followed by the next article's opening (its headline or byline,
    # a news lead) or ends the page; one followed by running text is a heading of that text.
    if not (
        any(ln.kind in ("heading", "byline") for ln in lines[j + 1 : b + 1])
        or b + 1 >= len(lines)
        or lines[b + 1].cue.lead is not None
    ):
        return None
    head = lines[j].index
    below = _window(lines, range(b + 1, len(lines)), _WINDOW)
    above = _window(lines, range(a - 1, start - 1, -1), _WINDOW)
    up = coh.containment(head, above)
    if up < 0.5 or up <= coh.containment(head, below) + 0.2:
        return None
    best: tuple[float, int] | None = None
    for q in range(a - 1, max(start, a - 80), -1):
        if lines[q].kind != "paragraph" or lines[q - 1].kind != "paragraph":
            continue
        left = _window(lines, range(q - 1, start - 1, -1), _WINDOW // 2)
        right = _window(lines, range(q, a), _WINDOW // 2)
        if len(left) < 2:
            continue
        if coh.containment(head, right) < 0.5 or coh.containment(head, right) <= (
            coh.containment(head, left) + 0.2
        ):
            continue
        c = coh.between(left, right)
        if best is None or c < best[0]:
            best = (c, q)
    if best is None or best[0] >= limit:
        return None
    return best[1]


def _merge_fragments(
    lines: Sequence[_Line], coh: _Cohesion, starts: list[int], valleys: set[int]
) -> list[int]:
    """Give a headless stretch cut off by a cohesion valley to the neighbour it belongs to.

    A stretch that starts at a valley and has no heading or byline of its own is text of an
    article, not an article: when the next article also starts without a headline (a jump
    ``（上接1版）`` or a lead), the stretch goes to whichever neighbour it is closer to.
    """
    out = list(starts)
    for k in range(len(out) - 2, 0, -1):
        s, e = out[k], out[k + 1]
        if s not in valleys or lines[e].kind != "paragraph":
            continue
        if any(ln.kind != "paragraph" for ln in lines[s:e]):
            continue
        nxt_end = out[k + 2] if k + 2 < len(out) else len(lines)
        frag = _window(lines, range(s, e), _WINDOW)
        before = _window(lines, range(s - 1, out[k - 1] - 1, -1), _WINDOW)
        after = _window(lines, range(e, nxt_end), _WINDOW)
        if coh.between(frag, after) > coh.between(frag, before):
            del out[k + 1]
    return out


def _paragraphs(lines: Sequence[_Line], positions: range, limit: int) -> list[int]:
    """Block indices of the unbroken stretch of paragraphs along ``positions`` (``limit`` chars)."""
    out: list[int] = []
    size = 0
    for p in positions:
        ln = lines[p]
        if ln.kind != "paragraph" or size >= limit:
            break
        out.append(ln.index)
        size += len(ln.block.text)
    return out


def _valley(lines: Sequence[_Line], coh: _Cohesion, q: int, start: int, threshold: float) -> bool:
    """A gap between paragraphs ``q-1`` and ``q`` deep in a cohesion valley (TextTiling).

    The window below is an unbroken stretch of paragraphs: past a heading or a byline the text
    may belong to another article, whose boundary is decided there.
    """
    if threshold <= 0:
        return False
    left = _window(lines, range(q - 1, start - 1, -1), _WINDOW // 2)
    right = _paragraphs(lines, range(q, len(lines)), _WINDOW // 2)
    if len(left) < 2 or len(right) < 2:
        return False
    if not coh.below(left, right, threshold):
        return False
    here = coh.between(left, right)
    # Depth: both sides must be more cohesive within themselves than across the gap.
    inner_left = coh.between(left[: len(left) // 2], left[len(left) // 2 :])
    inner_right = coh.between(right[: len(right) // 2], right[len(right) // 2 :])
    return min(inner_left, inner_right) - here >= 2 * threshold


def _closes(ln: _Line) -> bool:
    """Whether a line at the head of a run can end the article above it."""
    if ln.kind in ("names", "credit", "caption"):
        return True
    if ln.kind == "byline":
        return not ln.cue.boxed
    return ln.kind == "jump" and ln.cue.jump is not None and "下转" in ln.cue.jump


def _run_boundary(
    lines: Sequence[_Line],
    coh: _Cohesion,
    *,
    start: int,
    a: int,
    b: int,
    level: int,
    thresholds: tuple[float, float],
    strict: bool = False,
) -> int | None:
    """Where the run ``lines[a..b]`` (between paragraphs) starts a new article, if it does.

    ``level`` is the ``#`` level of the current article's headline (0: unknown).
    """
    heading_shift, headline_shift = thresholds
    before = _window(lines, range(a - 1, start - 1, -1), _WINDOW)
    after = _window(lines, range(b + 1, len(lines)), _WINDOW)
    j = a
    while j <= b and _closes(lines[j]):
        j += 1
    # A headline displaced below its body: more of it in the text above than below, and the
    # article above has no headline of its rank (only, say, a subtitle left on top).
    tops = _leading_levels(lines, start)
    while j <= b and lines[j].kind == "heading" and before:
        rank = lines[j].block.level
        if tops and not (rank and all(t == 0 or rank < t for t in tops)):
            break
        up = coh.containment(lines[j].index, before)
        down = coh.containment(lines[j].index, after)
        if up >= 0.5 and up > down + 0.2:
            j += 1
        else:
            break
    head = lines[j : b + 1]
    closing = lines[a:j]
    closed = any(ln.kind == "byline" for ln in closing) or (
        0 < sum(ln.kind == "names" for ln in closing) <= 2
    )
    # `（下转第五版）`: the article above goes on elsewhere; a headline after it opens another.
    turned = any(ln.kind == "jump" for ln in closing)
    headings = [ln for ln in head if ln.kind == "heading"]
    if not headings:
        # Only lines that end an article (a byline, a credit) or open one (`□ 本报记者`): a new
        # article follows if the one above really ended (a byline) and the topic changes.
        opens = any(ln.cue.boxed for ln in head)
        limit = headline_shift if closed else heading_shift
        if (head and not opens) or strict:
            return None
        if sum(ln.kind == "paragraph" for ln in lines[start:a]) == 1:
            # A byline under an article's one paragraph so far: its lede, then its byline.
            return None
        return j if coh.below(before, after, limit) else None
    strong = (
        lines[b + 1].cue.lead is not None
        or any(
            ln.kind == "byline" and k > 0 and head[k - 1].kind == "heading"
            for k, ln in enumerate(head)
        )
        or any(ln.cue.brief for ln in headings)
        or any(ln.block.level == 1 for ln in headings)
        or (len(head) >= 3 and len(headings) == len(head))  # kicker, headline, subtitles
        or closed
        or turned
    )
    if strong:
        return j
    if strict:
        return None
    # Numbered headings (`一、`, `（二）`, `三是…`) are the sections of one article.
    if all(_numbered(ln.block.text) for ln in headings):
        return None
    top = min((ln.block.level for ln in headings if ln.block.level > 0), default=0)
    if level and top > level:
        # Deeper than this article's headline: a section heading, unless the topic breaks off
        # (a sibling headline one level down is likelier than one two levels down).
        limit = heading_shift / (top - level) ** 0.5 / 1.1
        return j if coh.below(before, after, limit) else None
    # A heading that repeats what the text above says continues its topic.
    known = max(coh.containment(ln.index, before) for ln in headings)
    if known >= 0.6:
        return None
    # A headline block (kicker and title) or a headline as high as this article's own one.
    # Unmarked, two headings are as often a section heading pair (`抓发展` / `——新起点…`).
    headline = bool(level and top and top <= level)
    limit = headline_shift if headline else heading_shift
    return j if coh.below(before, after, limit) else None


# --- records --------------------------------------------------------------------------------


def _pick_title(heads: Sequence[_Line]) -> int | None:
    """Position in ``heads`` of the headline: the largest level (fewest ``#``), then longest."""
    candidates = [
        k
        for k, ln in enumerate(heads)
        if ln.kind == "heading"
        and not ln.block.text.lstrip().startswith(("—", "-"))
        and not ln.cue.brief
    ]
    if not candidates:
        return None
    levels = [heads[k].block.level for k in candidates if heads[k].block.level > 0]
    if levels:
        top = min(levels)
        candidates = [k for k in candidates if heads[k].block.level == top]
    return max(candidates, key=lambda k: (len(heads[k].block.text.strip()), -k))


def _roles(
    lines: Sequence[_Line], coh: _Cohesion, learned: dict[int, Role] | None = None
) -> dict[int, Role]:
    """Roles of one article's non-blank lines (keyed by position in ``lines``).

    ``learned`` maps block indices to the roles the line model gives them
    (from :func:`_learned_labels`); it decides bylines and a title the rules did not find.
    """
    roles: dict[int, Role] = {}
    paras = [p for p, ln in enumerate(lines) if ln.kind == "paragraph"]
    first_para = paras[0] if paras else len(lines)
    last_para = paras[-1] if paras else -1
    # Runs of three or more bare names are the labels of a row of portraits.
    p = 0
    while p < len(lines):
        q = p
        while q < len(lines) and lines[q].kind == "names":
            q += 1
        for k in range(p, q):
            roles[k] = Role.CAPTION if q - p >= 3 else Role.BYLINE
        p = max(q, p + 1)
    for p, ln in enumerate(lines):
        if p in roles:
            continue
        if "caption" in ln.block.hints:  # the markup said so (figcaption, small gray text …)
            roles[p] = Role.CAPTION
        elif ln.block.role in _KEEP_ROLES:
            roles[p] = ln.block.role
        elif ln.kind == "paragraph":
            roles[p] = Role.PARAGRAPH
        elif ln.kind == "byline":
            roles[p] = Role.BYLINE
        elif ln.kind == "credit":
            roles[p] = Role.CREDIT
        elif ln.kind == "caption":
            roles[p] = Role.CAPTION
        elif ln.kind == "jump":
            roles[p] = Role.JUMP
        elif ln.kind == "dateline":
            roles[p] = Role.DATELINE
        elif ln.kind == "page":
            roles[p] = Role.PAGE_HEADER
        else:
            roles[p] = Role.HEADING
    # The headline: in the lines above the first paragraph, else displaced below the body,
    # else the first heading block inside a short lead-less opening.
    head = list(range(0, first_para))
    choice = _pick_title([lines[p] for p in head])
    body = [lines[p].index for p in paras]
    tail = list(range(last_para + 1, len(lines)))
    tail_choice = _pick_title([lines[p] for p in tail]) if paras else None
    if tail_choice is not None:
        # A headline displaced below the body wins over the lines above it if it is a larger
        # heading than they are, or if nothing above is one.
        t = lines[tail[tail_choice]]
        top = min((lines[p].block.level for p in head if lines[p].kind == "heading"), default=0)
        if coh.containment(t.index, body) >= 0.3 and (
            choice is None or (t.block.level > 0 and (top == 0 or t.block.level < top))
        ):
            head, choice = tail, tail_choice
    if choice is None:
        inner = [p for p in range(first_para, len(lines)) if lines[p].kind == "heading"]
        if inner and (inner[0] <= first_para + 3):
            lo = hi = inner[0]
            while lo - 1 >= 0 and lines[lo - 1].kind == "heading":
                lo -= 1
            while hi + 1 < len(lines) and lines[hi + 1].kind == "heading":
                hi += 1
            run = list(range(lo, hi + 1))
            picked = _pick_title([lines[p] for p in run])
            if picked is not None and coh.containment(lines[run[picked]].index, body) >= 0.3:
                head, choice = run, picked
    if choice is not None:
        title = head[choice]
        roles[title] = Role.TITLE
        for p in head:
            if lines[p].kind != "heading" or p == title:
                continue
            roles[p] = Role.KICKER if p < title else Role.SUBTITLE
    else:
        for p in head:
            if lines[p].kind == "heading":
                roles[p] = Role.KICKER
    if learned:
        _take_learned_roles(lines, roles, learned)
    return roles


#: Display columns from which a line reads as running text, never a headline (as
#: ``LineFeatures.sentence_like``).
_HEADLINE_WIDTH = 72


#: The longest a line over a title may be to read as its kicker, not its headline.
_KICKER_MAX = 8


def _take_learned_roles(
    lines: Sequence[_Line], roles: dict[int, Role], learned: dict[int, Role]
) -> None:
    """Bylines and the title as the line model reads them.

    The model reads bylines across publications far better than the byline patterns (on pages
    of a publication it never saw, 0.93 of bylines against 0.70, ``generalization.py``). It
    names the title of an article the rules found none in, and where it reads the rules' title
    as a kicker and the line below it as the title (a headline with a comma the rules took for
    running text), that line is the title and the rules' pick its kicker; and where it reads
    the rules' title as a subtitle and the line above, longer than a kicker, as the title, that
    line is the title (unseen titles 0.782 -> 0.784, clean articles titled right 93.4 -> 94.0 %).
    The first: unseen titles 0.679
    -> 0.691, clean articles titled right 2,557 -> 2,555 of 2,736 (``clean_articles.py``; two
    `【撰文：…】` author lines), the seeds' titles unchanged. Taking the model's title wherever it
    differs gave 0.727 and 2,598 but put the seeds' series kickers (`见行动·…`) in place of
    their titles. A role the markup or an earlier step set stays.
    """

    def settled(ln: _Line) -> bool:
        return ln.block.role in _KEEP_ROLES or "caption" in ln.block.hints

    ruled = next((p for p, r in roles.items() if r is Role.TITLE), None)
    read_as = None if ruled is None else learned.get(lines[ruled].index)
    if ruled is None or read_as in (Role.KICKER, Role.SUBTITLE):
        # (The line below a title read as a kicker, above one read as a subtitle.)
        beside = None if ruled is None else ruled + 1 if read_as is Role.KICKER else ruled - 1
        for p, ln in enumerate(lines):
            if (
                (ruled is None or p == beside)
                and learned.get(ln.index) is Role.TITLE
                and not settled(ln)
                # (a line as wide as running text is an author's note or a list, not a
                # headline: `【撰文：…】*作者為…*`)
                and (ruled is None or display_width(ln.block.text.strip()) < _HEADLINE_WIDTH)
                # (a short line over the title is a kicker the model does not know: `国内快讯`)
                and (read_as is not Role.SUBTITLE or len(ln.block.text.strip()) > _KICKER_MAX)
            ):
                roles[p] = Role.TITLE
                if ruled is not None:
                    roles[ruled] = Role.KICKER if ruled < p else Role.SUBTITLE
                break
    for p, ln in enumerate(lines):
        role = learned.get(ln.index)
        if (
            role is Role.BYLINE
            and not settled(ln)
            and ln.kind != "credit"
            and (ln.kind == "byline" or may_name_a_person(ln.block.text))
        ):
            roles[p] = role


def _learned_labels(blocks: Sequence[Block], line_model: str) -> dict[int, tuple[str, float]]:
    """Block index -> the line model's likeliest ``segment`` label (``B-title`` …) and the
    probability that the line opens an article (all ``B-`` labels); empty without a model.

    One forward-backward pass of the core (marginals, not the Viterbi path): the probability
    is what a learned article start is judged by.
    """
    model = models_for(line_model).segment
    if not model.labels:
        return {}
    try:
        idx, probs = model_marginals(model, blocks)
    except _core.PanicException as exc:
        raise core_failure("split_blocks", exc) from exc
    opening = [k for k, lab in enumerate(model.labels) if lab.startswith("B")]
    out = {}
    for i, p in zip(idx, probs, strict=True):
        best = max(range(len(p)), key=p.__getitem__)
        out[i] = (model.labels[best], sum(p[k] for k in opening))
    return out


#: How sure the line model must be that a line opens an article for a start the rules did not
#: see (``generalization.py``: 0.8 and 0.95 gave the same unseen F1; below, seed pages break).
LEARNED_START = 0.8

#: How unlikely the line model must find every line of a rule start's headline run for the start
#: to be dropped (``clean_articles.py``: clean articles split in two or more 827 -> 519 of 2,736;
#: unseen F1 unchanged at 0.02, 0.772 at 0.1).
LEARNED_DOUBT = 0.02


def _heading_runs(lines: Sequence[_Line]) -> list[tuple[int, int]]:
    """Per position of ``lines``, the first and last position of the run of non-paragraph
    lines (kicker, title, subtitle, byline …) it stands in; a paragraph is a run of its own.
    One pass, so that the learned starts stay linear on a page of a thousand headings."""
    bounds: list[tuple[int, int]] = []
    p = 0
    while p < len(lines):
        q = p
        if lines[p].kind != "paragraph":
            while q + 1 < len(lines) and lines[q + 1].kind != "paragraph":
                q += 1
        bounds.extend([(p, q)] * (q - p + 1))
        p = q + 1
    return bounds


#: How unlikely every line the line model passes over must be for a rule start to move to
#: the model's start below it (``generalization.py``: unseen F1 0.845 without the moves, 0.852
#: with them).
LEARNED_MOVE = 0.2

#: How sure the line model must be that a byline over a rule start at a paragraph opens the
#: article, for the start to move up to it (``generalization.py``: F1 0.868 at 0.8, 0.869 at 0.6
#: down to 0.3).
BYLINE_MOVE = 0.5

# The lines a rule start may move to.
_MOVABLE_TO = frozenset({"heading", "byline"})


def _move_ruled_starts(
    lines: Sequence[_Line],
    starts: list[int],
    *,
    opens: set[int],
    p_open: dict[int, float],
    runs: Sequence[tuple[int, int]],
    coh: _Cohesion,
) -> list[int]:
    """The rules' article starts (positions into ``lines``), each moved down to the line
    model's start (block indices in ``opens``) in the same run of non-paragraph lines.

    Two cases, where the model is sure the article opens lower and finds every line passed
    over unlikely to open one (below :data:`LEARNED_MOVE`):

    - a start at a heading of a run whose lower heading or byline the model opens the article
      with: the lines passed over belong to the article above (a headline displaced below its
      body), which their words must confirm (more of them in the text above than below);
    - a start at a paragraph right after a run whose byline the model opens it with: a byline
      over the body, which the rules took for the end of the article above.
    """
    out = list(starts)
    for k, s in enumerate(starts):
        if k == 0:
            continue
        if lines[s].kind == "paragraph":
            if lines[s - 1].kind == "paragraph":
                continue
            a, b = runs[s - 1]
            if starts[k - 1] >= a:
                continue
            bylines = [
                q
                for q in range(a, b + 1)
                if lines[q].kind == "byline" and p_open.get(lines[q].index, 0.0) >= BYLINE_MOVE
            ]
            if bylines and all(
                p_open.get(lines[q].index, 0.0) < LEARNED_MOVE for q in range(bylines[-1] + 1, s)
            ):
                out[k] = bylines[-1]
            continue
        a, b = runs[s]
        nxt = starts[k + 1] if k + 1 < len(starts) else len(lines)
        to = next(
            (
                p
                for p in range(s + 1, min(b, nxt - 1) + 1)
                if lines[p].index in opens and lines[p].kind in _MOVABLE_TO
            ),
            None,
        )
        if to is None or any(p_open.get(lines[q].index, 0.0) >= LEARNED_MOVE for q in range(s, to)):
            continue
        above = _window(lines, range(s - 1, starts[k - 1] - 1, -1), _WINDOW)
        below = _window(lines, range(to + 1, nxt), _WINDOW)
        # (A kicker of no words of either text, `国内快讯`, goes with its headline.)
        shares = [
            (coh.containment(lines[q].index, above), coh.containment(lines[q].index, below))
            for q in range(s, to)
            if lines[q].kind == "heading"
        ]
        if all(up >= down for up, down in shares) and any(up > down for up, down in shares):
            out[k] = to
    return out


def _drop_doubted_starts(
    lines: Sequence[_Line],
    starts: list[int],
    p_open: dict[int, float],
    runs: Sequence[tuple[int, int]],
) -> list[int]:
    """The rules' article starts (positions into ``lines``) less those the line model doubts.

    A start at a run of headings (kicker, title, subtitle …) goes when no line of the run
    opens an article with probability :data:`LEARNED_DOUBT` or more: a section heading of one
    article, which the rules took for a headline. A start at a paragraph (a headline displaced
    below its body, a cohesion valley) or at a news lead or jump line stays: the model does not
    see displaced headlines.
    """
    kept = starts[:1]
    for s in starts[1:]:
        ln = lines[s]
        if ln.kind == "paragraph" or ln.cue.lead is not None or ln.cue.jump is not None:
            kept.append(s)
            continue
        a, b = runs[s]
        if (
            max(p_open.get(lines[q].index, 0.0) for q in range(a, b + 1)) >= LEARNED_DOUBT
            or any(lines[q].kind == "jump" for q in range(a, s))  # after `（下转…版）`
        ):
            kept.append(s)
    return kept


# A line the rules read as running text opens an article only as its headline.
_LEARNED_HEADS = frozenset({"B-title", "B-kicker", "B-subtitle"})

# Lines that end an article above them (see _closes) or are furniture: never a learned start.
_NO_LEARNED_START = frozenset({"names", "credit", "caption", "byline", "jump", "label", "page"})


def _add_learned_starts(
    lines: Sequence[_Line],
    starts: list[int],
    opens: set[int],
    runs: Sequence[tuple[int, int]],
) -> list[int]:
    """The rules' article starts (positions into ``lines``) and the line model's (block indices
    in ``opens``) where the rules saw none.

    A learned start is taken only at a heading line, in a run of non-paragraph lines holding no
    rule start (there the rules placed the boundary), never at a line that closes an article
    or is furniture (between two paragraphs the rules' leads and cohesion valleys decide),
    and never at a heading whose ``#`` level is deeper than the current article's headline
    (a section heading: the rules declined it for that reason).
    """
    ruled_runs = {runs[q] for q in starts}
    out = list(starts)  # sorted: learned starts come in page order between the rules' ones
    current = 0  # the last start at or before the line looked at
    for p, ln in enumerate(lines):
        k = bisect_right(starts, p)
        if k and starts[k - 1] > current:
            current = starts[k - 1]
        if (
            ln.index not in opens
            or (k and starts[k - 1] == p)
            or ln.kind in _NO_LEARNED_START
            or (ln.kind != "paragraph" and runs[p] in ruled_runs)
            or _numbered(ln.block.text)
        ):
            continue
        after = starts[k] if k < len(starts) else len(lines)
        if p - current < 2 or after - p < 2:
            continue  # an article of one line is a headline cut from its body
        level = _title_level(lines, current)
        if level and ln.block.level > level:
            continue
        out.append(p)
        current = p
    return sorted(out)


def _text_neighbour(blocks: Sequence[Block], i: int, step: int) -> Block | None:
    """The nearest block before (``step=-1``) or after (``+1``) block ``i`` that has text."""
    j = i + step
    while 0 <= j < len(blocks):
        if blocks[j].text.strip():
            return blocks[j]
        j += step
    return None


def _record(
    blocks: Sequence[Block],
    members: Sequence[int],
    roles: dict[int, Role],
    cues: dict[int, SegmentCue],
    *,
    kind: Literal["article", "page"] = "article",
    kicker: str | None = None,
) -> Article:
    # The constructor, not dataclasses.replace: several times cheaper on a frozen class.
    out = []
    for i in members:
        b = blocks[i]
        out.append(Block(b.text, b.start, b.end, roles.get(i, b.role), b.level, b.hints))
    if kind == "page":
        out = [
            b
            if b.role in _KEEP_ROLES
            else Block(b.text, b.start, b.end, Role.PAGE_HEADER, b.level, b.hints)
            for b in out
        ]

    def of(*wanted: Role) -> tuple[str, ...]:
        return tuple(b.text for b in out if b.role in wanted and b.text.strip())

    titles = of(Role.TITLE)
    kickers: list[str] = []
    for b in out:
        if b.role is Role.TITLE:
            break
        if b.role is Role.KICKER:
            kickers.append(b.text)
    subtitles = of(Role.SUBTITLE)
    datelines = [c.lead for i in members if (c := cues.get(i)) and c.lead]
    datelines += [b.text for b in out if b.role is Role.DATELINE]
    jumps = [c.jump for i in members if (c := cues.get(i)) and c.jump]
    # One record per lacuna (both its lines carry a hint), with the nearest lines of text on
    # each side: ``clean`` writes a lacuna inside a sentence as a blank line.
    lacunae = []
    for i in members:
        b = blocks[i]
        if not b.text.strip():
            continue
        if LACUNA_BEFORE in b.hints:
            prev = _text_neighbour(blocks, i, -1)
            if prev is None or LACUNA_AFTER not in prev.hints:
                before = prev.text if prev is not None else ""
                lacunae.append(Lacuna(b.start, before[-_LACUNA_CONTEXT:], b.text[:_LACUNA_CONTEXT]))
        if LACUNA_AFTER in b.hints:
            nxt = _text_neighbour(blocks, i, +1)
            after = nxt.text if nxt is not None else ""
            lacunae.append(Lacuna(b.end, b.text[-_LACUNA_CONTEXT:], after[:_LACUNA_CONTEXT]))
    spans = [b for b in out if b.end > b.start] or out
    return Article(
        title=titles[0] if titles else None,
        subtitle=subtitles[0] if subtitles else None,
        kicker=kicker if kicker is not None else (kickers[-1] if kickers else None),
        bylines=of(Role.BYLINE, Role.CREDIT),
        dateline=datelines[0] if datelines else None,
        paragraphs=of(Role.PARAGRAPH),
        section_headings=of(Role.HEADING),
        captions=of(Role.CAPTION),
        jump=tuple(jumps),
        lacunae=tuple(lacunae),
        # Suspected OCR noise is reported whatever role the line ends up with (a garbled
        # column head may still be the best title there is).
        noise=tuple(b.text for b in out if b.role is Role.NOISE or "noise" in b.hints),
        start=min((b.start for b in spans), default=0),
        end=max((b.end for b in spans), default=0),
        blocks=tuple(out),
        kind=kind,
    )


def _wrap_width(blocks: Sequence[Block]) -> int:
    """The column width a page was hard-wrapped at (0 if it was not).

    Wrapped when a quarter of the lines (at least three) share, within one character, the
    most common length of 16 characters or more, and at least three of them are unmarked and
    do not end their sentence (cut by the column, not whole short paragraphs).
    A line with a ``#`` level is a heading by its markup: a few headings of about the same
    length (a title and its subtitle, the titles of two articles) say nothing about a column;
    only running text cut at it does.

    >>> _wrap_width([Block("一二三四五六七八九十一二三四五六")] * 3 + [Block("完。")])
    17
    >>> _wrap_width([Block("一二三四五六七八九十一二三四五六", level=1)] * 3 + [Block("完。")])
    0
    """
    total = sum(1 for b in blocks if b.text.strip())
    lengths = Counter(len(t) for b in blocks if (t := b.text.strip()))
    # A line that ends its sentence is a whole paragraph, not running text cut at a column:
    # short paragraphs of one length beside headings of that length show no column.
    unmarked = Counter(
        len(t) for b in blocks if not b.level and (t := b.text.strip()) and not surely_ends_final(t)
    )
    best, count = 0, 0
    for n in lengths:
        near = lengths[n - 1] + lengths[n] + lengths[n + 1]
        if n >= 16 and (near > count or (near == count and n > best)):
            best, count = n, near
    shown = unmarked[best - 1] + unmarked[best] + unmarked[best + 1]
    return best + 1 if count >= max(3, total // 4) and shown >= 3 else 0


def _brief_items(lines: Sequence[_Line]) -> list[list[int]] | None:
    """Positions of each item if the article is a block of briefs under a briefs heading."""
    first_para = next((p for p, ln in enumerate(lines) if ln.kind == "paragraph"), None)
    if first_para is None or not any(ln.cue.brief for ln in lines[:first_para]):
        return None
    items: list[list[int]] = [list(range(first_para))]
    fresh = True  # the current item has no paragraph yet
    for p in range(first_para, len(lines)):
        ln = lines[p]
        if ln.kind == "heading":
            if not fresh:
                items.append([])
                fresh = True
        elif ln.kind == "paragraph":
            if not fresh:
                items.append([])
            fresh = False
        items[-1].append(p)
    items = [it for it in items if it]
    return items if len(items) >= 2 else None


def split_blocks(
    blocks: Sequence[Block],
    *,
    segment_heading_shift: float = HEADING_SHIFT,
    segment_headline_shift: float = HEADLINE_SHIFT,
    segment_paragraph_shift: float = PARAGRAPH_SHIFT,
    line_model: str = "",
    segment_model: bool = False,
) -> list[Article]:
    """Group cleaned blocks into articles, in page order; every block lands in exactly one.

    The thresholds are lexical-cohesion limits (see the module docstring); ``segment_paragraph_shift=0``
    turns boundaries between two plain paragraphs off. They are the ``Config`` fields of the same
    name.

    >>> from cleantext.blocks import blocks_from_text
    >>> page = "\\n".join(["春耕备耕正当时", "连日来，各地农民抢抓农时，翻地播种，田间一片繁忙。",
    ...     "农技人员深入田间地头，指导农民科学施肥、合理用药。",
    ...     "本报记者 张三", "城市轨道交通新线开通", "本报讯(记者 李四)地铁新线今日开通运营，乘客出行更便捷。",
    ...     "新线全长二十公里，设车站十六座，与多条线路换乘。"])
    >>> [a.title for a in split_blocks(blocks_from_text(page))]
    ['春耕备耕正当时', '城市轨道交通新线开通']
    """
    if not blocks:
        return []
    options = _Options(
        segment_heading_shift, segment_headline_shift, segment_paragraph_shift, line_model
    )
    if segment_model:
        model = models_for(line_model).segment
        if model.labels:
            blocks = assign_roles(blocks)
            return _model_articles(blocks, [segment_cue(b) for b in blocks], model)
    # The input may mark articles itself (blank lines, as `clean` writes them): those breaks
    # are kept, and each marked run is split further, for a page whose blank lines stand
    # between some articles only.
    runs: list[list[Block]] = []
    for b in blocks:
        if not runs or ARTICLE_START in b.hints:
            runs.append([])
        runs[-1].append(b)
    if len(runs) == 1:
        return _split_stable(blocks, options, strict=False)
    # One pass of the model over the page, not one per run (the pieces are checked alone).
    labels = _learned_labels(assign_roles(blocks), line_model)
    out: list[Article] = []
    at = 0
    for run in runs:
        here = {i - at: v for i in range(at, at + len(run)) if (v := labels.get(i)) is not None}
        out.extend(_split_stable(run, options, strict=True, labels=here))
        at += len(run)
    return out


@dataclass(frozen=True)
class _Options:
    """The thresholds and line model of one ``split_blocks`` call."""

    heading_shift: float
    headline_shift: float
    paragraph_shift: float
    line_model: str


def _split_stable(
    blocks: Sequence[Block],
    options: _Options,
    *,
    strict: bool = False,
    labels: dict[int, tuple[str, float]] | None = None,
) -> list[Article]:
    """The articles of ``blocks``, each of which the strict rules split no further when they
    read it alone, as plain text.

    `clean` writes the articles it found apart, and a second run reads them from plain text
    as given runs, which only the strict rules (a lead, a headline over a byline …) split:
    an article they would cut in two without its neighbours, ``#`` levels or markup is cut
    now, so that the second run finds the same articles (idempotence). Each round splits
    pieces of fewer lines, so it ends.
    """
    articles = _split_run(blocks, options, strict=strict, labels=labels)
    several = sum(a.kind == "article" for a in articles) > 1
    out: list[Article] = []
    k = 0
    for art in articles:
        piece = blocks[k : k + len(art.blocks)]
        k += len(art.blocks)
        if art.kind != "article":
            out.append(art)
            continue
        plain = [_as_plain_text(b) for b in piece]
        if several and _cuts(piece, options):
            sub = _split_run(piece, options, strict=True)
        elif (several or not strict or labels is not None or plain != piece) and _cuts(
            plain, options
        ):
            sub = _split_run(plain, options, strict=True)
        else:
            # (The record read in context: a brief's kicker, a title over its run.)
            out.append(art)
            continue
        j = 0
        for part in sub:
            out.extend(_split_stable(piece[j : j + len(part.blocks)], options, strict=True))
            j += len(part.blocks)
    return out


#: What a line keeps of its hints when `clean`'s output is read again.
_TEXT_HINTS = frozenset({"noise", LACUNA_BEFORE, LACUNA_AFTER, ARTICLE_START})


def _as_plain_text(block: Block) -> Block:
    """The block as a second run reads it from `clean`'s output: no ``#`` level, no markup."""
    if not block.level and block.hints <= _TEXT_HINTS:
        return block
    return replace(block, level=0, hints=block.hints & _TEXT_HINTS)


def _split_run(
    blocks: Sequence[Block],
    options: _Options,
    *,
    strict: bool = False,
    labels: dict[int, tuple[str, float]] | None = None,
) -> list[Article]:
    """The rules' articles of a run of blocks (no given article break inside), with the line
    model's additions (see the module docstring; ``labels``: the model's reading of the
    blocks, if known); ``strict`` as :func:`_boundaries`."""
    blocks = assign_roles(blocks)
    all_cues = [segment_cue(b) for b in blocks]
    if labels is None:
        labels = _learned_labels(blocks, options.line_model)
    return _articles(_layout(blocks, all_cues, labels, options, strict=strict))


def _cuts(blocks: Sequence[Block], options: _Options) -> bool:
    """Whether the strict rules (with the model's additions) cut ``blocks`` into articles.

    The same answer as counting the records of ``_split_run(blocks, strict=True)``, sooner:
    where no line may be a byline the model reads into one (a heading naming a person) and
    no brief splits into items, the model adds starts only to a run the rules already cut,
    so the rules alone answer no without the model.
    """
    blocks = assign_roles(blocks)
    all_cues = [segment_cue(b) for b in blocks]
    # Past the first paragraph, only plain paragraphs: nowhere for the strict rules to cut
    # (no run of headings between paragraphs, no news lead, no headline by markup level).
    first = next((k for k, c in enumerate(all_cues) if c.kind == "paragraph"), len(all_cues))
    if all(
        c.kind in ("paragraph", "blank") and c.lead is None and not b.level
        for b, c in zip(blocks[first + 1 :], all_cues[first + 1 :], strict=True)
    ):
        return False
    model_may_cut = any(
        c.brief or (c.kind == "heading" and may_name_a_person(b.text))
        for b, c in zip(blocks, all_cues, strict=True)
    )
    if not model_may_cut and len(_layout(blocks, all_cues, {}, options, strict=True).starts) < 2:
        return False
    labels = _learned_labels(blocks, options.line_model)
    articles = _articles(_layout(blocks, all_cues, labels, options, strict=True))
    return sum(a.kind == "article" for a in articles) > 1


@dataclass(frozen=True)
class _Layout:
    """A run's lines and where its articles start: ``starts`` are positions into ``body``,
    the lines between the page furniture ``lines[:lo]`` and ``lines[hi:]``."""

    blocks: Sequence[Block]
    all_cues: Sequence[SegmentCue]
    learned: dict[int, Role]
    lines: Sequence[_Line]
    lo: int
    hi: int
    starts: Sequence[int]
    coh: _Cohesion | None


def _layout(
    blocks: Sequence[Block],
    all_cues: list[SegmentCue],
    labels: dict[int, tuple[str, float]],
    options: _Options,
    *,
    strict: bool,
) -> _Layout:
    """The rules' article starts in a run of blocks (roles assigned, cues read), with the line
    model's additions (``labels``: none without a model)."""
    segment_heading_shift = options.heading_shift
    segment_headline_shift = options.headline_shift
    segment_paragraph_shift = options.paragraph_shift
    learned = {i: _label_role(lab) for i, (lab, _) in labels.items()}
    if learned:
        # A line the model reads as a byline and that names a person ends or opens an
        # article as a byline does (``（金城）`` below the body belongs to the article above).
        all_cues = [
            replace(c, kind="byline")
            if c.kind == "heading"
            and learned.get(i) is Role.BYLINE
            and not b.level
            and may_name_a_person(b.text)
            else c
            for i, (b, c) in enumerate(zip(blocks, all_cues, strict=True))
        ]
    wrap = _wrap_width(blocks)
    if wrap:
        # On a hard-wrapped page a line that (nearly) fills the column is running text cut by
        # the wrap (entities and tags make the cut land short of the column), not a heading.
        all_cues = [
            replace(c, kind="paragraph")
            if c.kind == "heading" and len(b.text.strip()) > 0.6 * wrap
            else c
            for b, c in zip(blocks, all_cues, strict=True)
        ]
    lines = [
        _Line(i, b, c)
        for i, (b, c) in enumerate(zip(blocks, all_cues, strict=True))
        if c.kind != "blank"
    ]
    _read_long_headlines(lines)
    _read_attributed_ends(lines)
    if not lines:
        return _Layout(blocks, all_cues, learned, lines, 0, 0, [], None)
    coh = _Cohesion([b.text for b in blocks])

    # Page furniture at the top and the bottom of the page.
    lo, hi = 0, len(lines)
    while lo < hi and (
        lines[lo].kind == "page" or lines[lo].block.role in _KEEP_ROLES - {Role.NOISE}
    ):
        lo += 1
    while hi > lo and (
        lines[hi - 1].kind == "page" or lines[hi - 1].block.role in _KEEP_ROLES - {Role.NOISE}
    ):
        hi -= 1
    body = lines[lo:hi]
    starts = (
        _boundaries(
            body,
            coh,
            (segment_heading_shift, segment_headline_shift, segment_paragraph_shift),
            wrapped=bool(wrap),
            strict=strict,
        )
        if body
        else []
    )
    if labels and len(starts) >= 2:
        # Only on a page the rules already split: `clean` writes its articles apart, so a
        # second run takes them as given; a page read as one article is written as one, and
        # its second run (without the `#` levels that vetoed a start) must find one again.
        opens = {
            i
            for i, (lab, p_open) in labels.items()
            if p_open >= LEARNED_START
            and (lab in _LEARNED_HEADS or all_cues[i].kind != "paragraph")
        }
        runs = _heading_runs(body)
        p_open = {i: p for i, (_, p) in labels.items()}
        starts = _move_ruled_starts(body, starts, opens=opens, p_open=p_open, runs=runs, coh=coh)
        starts = _add_learned_starts(body, starts, opens, runs)
        if not any(b.level for b in blocks):
            # (`#` levels are gone from `clean`'s output: a page with them keeps the rules'
            # starts, so that its second run, read from text alone, finds the same ones.)
            starts = _drop_doubted_starts(body, starts, p_open, runs)
    # Two lines around a lacuna are one sentence the source lost text from: never an article
    # break (`clean` writes the lacuna as a blank line, and the line after it may read as
    # an article's start only once a heading marker before it is gone: idempotence).
    starts = [s for k, s in enumerate(starts) if k == 0 or LACUNA_BEFORE not in body[s].block.hints]
    return _Layout(blocks, all_cues, learned, lines, lo, hi, starts, coh)


def _articles(layout: _Layout) -> list[Article]:
    """The records of a run's articles and page furniture, every block in one of them."""
    blocks, all_cues, learned = layout.blocks, layout.all_cues, layout.learned
    lines, lo, hi, starts, coh = layout.lines, layout.lo, layout.hi, layout.starts, layout.coh
    cues = dict(enumerate(all_cues))
    if not lines or coh is None:
        return [_record(blocks, range(len(blocks)), {}, cues, kind="page")]
    body = lines[lo:hi]

    # Groups of non-blank lines: page header, articles, page footer.
    groups: list[tuple[Literal["article", "page"], list[_Line]]] = []
    if lo:
        groups.append(("page", list(lines[:lo])))
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(body)
        groups.append(("article", list(body[s:e])))
    if hi < len(lines):
        groups.append(("page", list(lines[hi:])))

    # Blank blocks go with the line above them (the first group takes leading blanks).
    owner = [0] * len(blocks)
    for g, (_, members) in enumerate(groups):
        for ln in members:
            owner[ln.index] = g
    g = 0
    for i, c in enumerate(all_cues):
        if c.kind == "blank":
            owner[i] = g
        else:
            g = owner[i]
    member_blocks: list[list[int]] = [[] for _ in groups]
    for i, g in enumerate(owner):
        member_blocks[g].append(i)

    articles: list[Article] = []
    for (kind, members), indices in zip(groups, member_blocks, strict=True):
        if kind == "page":
            articles.append(_record(blocks, indices, {}, cues, kind="page"))
            continue
        items = _brief_items(members)
        if items is None:
            roles = {members[p].index: r for p, r in _roles(members, coh, learned).items()}
            articles.append(_record(blocks, indices, roles, cues))
            continue
        heading = next(ln.block.text.strip() for ln in members if ln.cue.brief)
        for k, item in enumerate(items):
            item_lines = [members[p] for p in item]
            roles = {item_lines[p].index: r for p, r in _roles(item_lines, coh, learned).items()}
            first = item_lines[0].index if k else indices[0]
            last = items[k + 1][0] if k + 1 < len(items) else None
            stop = members[last].index if last is not None else indices[-1] + 1
            span = [i for i in indices if first <= i < stop]
            for i in span:
                if all_cues[i].brief:
                    roles[i] = Role.KICKER
            articles.append(_record(blocks, span, roles, cues, kicker=heading))
    return articles


def _model_articles(
    blocks: Sequence[Block], all_cues: Sequence[SegmentCue], model: LineModel
) -> list[Article]:
    """Articles and roles as the line model labels the lines (``B-``/``I-``/``O-`` + role).

    A ``B`` line opens an article; ``O`` lines (page furniture) before the first article or
    after the last form page records, inside an article they stay in it with their role.
    Certain rules stay above the model: a role the markup or an earlier step set is kept.
    """
    cues = dict(enumerate(all_cues))
    # The input's own article breaks (blank lines, as ``clean`` writes them) are kept, so that
    # splitting cleaned text finds the same articles again; the model may find more.
    try:
        idx, labels = model_labels(
            model, blocks, require=lambda b: "B" if ARTICLE_START in b.hints else None
        )
    except _core.PanicException as exc:
        raise core_failure("split_blocks", exc) from exc
    label_of = dict(zip(idx, labels, strict=True))
    roles: dict[int, Role] = {}
    for i, lab in label_of.items():
        role = _label_role(lab)
        if blocks[i].role in _KEEP_ROLES:
            role = blocks[i].role
        roles[i] = role
    # Groups of block indices; blank blocks go with the line above them.
    groups: list[tuple[Literal["article", "page"], list[int]]] = []
    last_article = max((k for k, i in enumerate(idx) if not labels[k].startswith("O")), default=-1)
    for k, i in enumerate(idx):
        lab = labels[k]
        inside = bool(groups) and groups[-1][0] == "article"
        if lab.startswith("O") and (not inside or k > last_article):
            if not groups or groups[-1][0] != "page":
                groups.append(("page", []))
        elif lab.startswith("B") or not inside:
            groups.append(("article", []))
        groups[-1][1].append(i)
    if not groups:
        return [_record(blocks, range(len(blocks)), {}, cues, kind="page")]
    owner = [0] * len(blocks)
    g = 0
    first_of = {members[0]: n for n, (_, members) in enumerate(groups)}
    for i in range(len(blocks)):
        g = first_of.get(i, g)
        owner[i] = g
    member_blocks: list[list[int]] = [[] for _ in groups]
    for i, g in enumerate(owner):
        member_blocks[g].append(i)
    return [
        _record(blocks, indices, roles if kind == "article" else {}, cues, kind=kind)
        for (kind, _), indices in zip(groups, member_blocks, strict=True)
    ]


def _label_role(label: str) -> Role:
    try:
        return Role(label[2:])
    except ValueError:
        return Role.PARAGRAPH
