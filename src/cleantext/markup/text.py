"""Pass 3: blocks of text and the edits on the raw input that produce them."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import regex

from .. import _core, webpage
from ..blocks import LACUNA_AFTER, LACUNA_BEFORE, Block, Role
from ..maincontent import main_content_matcher
from ..trace import Edit, han_count
from .detect import looks_like_markup
from .entities import _COMMON_ENTITIES, _CUT_HEAD, _CUT_TAIL, _cut_entity, _entity_at
from .lexer import lexer_failure
from .tree import _normalized_tag, _parse_tag, _structure, _TextInfo
from .unwrap import _unwrap
from .vocabulary import _CONTINUATION, _HTML_WS, _ends_sentence, _is_cjk

Extract = Literal["auto", "main", "all"]

# --- pass 3: blocks and edits ------------------------------------------------------------------
_ATOM = regex.compile(r"&|[ \t\n\r\f]+|[^& \t\n\r\f]+")


@dataclass(slots=True)
class _Atom:
    kind: str  # "t" text kept as is, "e" entity, "w" whitespace
    a: int  # logical span
    b: int
    out: str
    nl: bool = False  # whitespace with a line break in it
    space: bool = False  # whitespace with a space in it


@dataclass(slots=True)
class _Draft:
    tokens: list[int]
    atoms: list[_Atom] = field(default_factory=list)
    text: str = ""
    level: int = 0
    hints: set[str] = field(default_factory=set)
    role: Role = Role.UNKNOWN
    drop: str = ""


def _atoms(logical: str, a: int, b: int, *, cut_start: bool, cut_end: bool) -> Iterator[_Atom]:
    """Text, entity and whitespace atoms of logical ``[a, b)``; ``cut_*``: a gap is there."""
    pos = a
    if cut_start:
        m = _CUT_TAIL.match(logical, a, b)
        if m and any(c.endswith(m.group()) and c != m.group() for c in _COMMON_ENTITIES):
            yield _Atom("e", a, m.end(), _cut_entity(tail=m.group()))
            pos = m.end()
    text_from = pos  # start of the pending run of plain text
    for m in _SPECIAL.finditer(logical, pos, b):
        start, end = m.span()
        atom: _Atom | None = None
        if logical[start] == "&":
            hit = _entity_at(logical, start, b)
            if hit is not None:
                end, value = hit
                if value == "\xa0" or (value and value in _HTML_WS):
                    atom = _Atom("w", start, end, "", nl="\n" in value)
                else:
                    atom = _Atom("e", start, end, value)
            elif cut_end:
                cut = _CUT_HEAD.fullmatch(logical, start, b)
                if cut and any(c.startswith(cut.group(1)) for c in _COMMON_ENTITIES):
                    atom = _Atom("e", start, b, _cut_entity(head=cut.group(1)))
                    end = b
        else:
            ws = m.group()
            atom = _Atom(
                "w", start, end, "", nl="\n" in ws or "\r" in ws, space=" " in ws or "\t" in ws
            )
        if atom is None:
            continue
        if start < pos:  # inside an entity already taken
            continue
        if text_from < start:
            yield _Atom("t", text_from, start, logical[text_from:start])
        yield atom
        pos = text_from = end
    if text_from < b:
        yield _Atom("t", text_from, b, logical[text_from:b])


_SPECIAL = regex.compile(r"&|[ \t\n\r\f]+")


def _normalize_space(atoms: list[_Atom]) -> None:
    """Each whitespace run becomes one space or nothing (edges, between CJK, wrapped digits)."""
    i = 0
    n = len(atoms)
    while i < n:
        if atoms[i].kind != "w":
            i += 1
            continue
        j = i
        while j < n and atoms[j].kind == "w":
            j += 1
        left = atoms[i - 1].out[-1:] if i > 0 else ""
        right = atoms[j].out[:1] if j < n else ""
        nl = any(x.nl for x in atoms[i:j])
        space = any(x.space for x in atoms[i:j])
        # A line break or a no-break space between Chinese characters is nothing (as CSS
        # segment breaks); a line break beside Chinese or between digits is a wrap.
        cjk_l, cjk_r = _is_cjk(left), _is_cjk(right)
        out = " "
        if not left or not right:
            out = ""
        elif space and not nl:
            out = " "
        elif (cjk_l and cjk_r) or (nl and (cjk_l or cjk_r or (left.isdigit() and right.isdigit()))):
            out = ""
        atoms[i].out = out
        for x in atoms[i + 1 : j]:
            x.out = ""
        i = j


def _split_tokens(
    tokens: list[tuple[str, int, int]], gaps: dict[int, Any]
) -> list[tuple[str, int, int]]:
    """Tokens with a ``gap`` token at every gap offset (splitting text tokens there)."""
    out: list[tuple[str, int, int]] = []
    marks = sorted(gaps)
    gi = 0
    for kind, start, b in tokens:
        a = start
        while gi < len(marks) and marks[gi] <= a:
            out.append(("gap", marks[gi], marks[gi]))
            gi += 1
        while kind == "text" and gi < len(marks) and marks[gi] < b:
            out.append(("text", a, marks[gi]))
            out.append(("gap", marks[gi], marks[gi]))
            a = marks[gi]
            gi += 1
        out.append((kind, a, b))
    while gi < len(marks):
        out.append(("gap", marks[gi], marks[gi]))
        gi += 1
    return out


_GAP_NOTE = {
    "tail": ("lacuna: text lost before an orphan tag tail", "tag-tail"),
    "tag": ("lacuna: tag cut by lost text", "markup"),
    "cut": ("lacuna: tag cut by lost text, text resumes", "markup"),
    "text": ("lacuna: line lost its beginning", "markup"),
}


#: A block of nothing but angle brackets says nothing (``< >``, ``>>``).
_ONLY_ANGLES = regex.compile(r"[<>\s]+")


def read_markup(text: str, *, extract: Extract = "auto") -> tuple[list[Block], list[Edit]]:
    """Blocks from HTML source, and the edits that turn ``text`` into their text form.

    Invariant: ``apply_edits(text, edits) == "\\n".join(b.text for b in blocks)``. Blocks next
    to a place where the source lost text carry the hints ``lacuna-after``/``lacuna-before``.

    >>> blocks, edits = read_markup("<h1>标题</h1><p>正文&hellip;</p><script>x</script>")
    >>> [(b.text, b.level) for b in blocks], sorted({e.reason for e in edits})
    ([('标题', 1), ('正文…', 0)], ['entity', 'markup'])
    """
    if not text:
        return [Block("", 0, 0)], []
    try:
        src, lexer = _unwrap(text)
        lexed = lexer.tokens()
    except _core.PanicException as exc:
        raise lexer_failure(exc) from exc
    logical = "".join(src.pieces)
    tokens = _split_tokens(lexed, src.gaps)

    # The repaired page: the text and a clean form of every tag.
    page: list[str] = []
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None] = {}
    for i, (kind, a, b) in enumerate(tokens):
        if kind == "text":
            page.append(logical[a:b])
        elif kind == "tag":
            parsed = _parse_tag(logical[a:b])
            parsed_tags[i] = parsed
            page.append(_normalized_tag(parsed))
        elif kind == "gap":
            page.append("<br>")
    han = [han_count(logical[a:b]) if kind == "text" else 0 for kind, a, b in tokens]
    filled = [kind == "text" and not logical[a:b].isspace() for kind, a, b in tokens]
    infos = _structure(tokens, parsed_tags, han, filled)
    repaired_html = "".join(page)

    # Group text tokens into blocks.
    drafts: list[_Draft] = []
    dropped: dict[int, str] = {}
    last_key: tuple[int, int] | None = None
    img_pending = False
    gap_next: list[tuple[int, int]] = []  # (gap token index, index of the next draft)
    for i, (kind, a, b) in enumerate(tokens):
        if kind == "gap":
            gap_next.append((i, len(drafts)))
            last_key = None
            continue
        if kind == "tag":
            parsed = parsed_tags.get(i)
            if parsed and parsed[0] == "img" and not parsed[1]:
                img_pending = True
            continue
        if kind != "text":
            continue
        info = infos[i] or _TextInfo(key=last_key or (-1, i))
        if info.drop:
            dropped[i] = info.drop
            continue
        if info.key != last_key:
            drafts.append(_Draft([]))
            last_key = info.key
            if img_pending:
                drafts[-1].hints.add("image-adjacent")
        d = drafts[-1]
        d.tokens.append(i)
        d.level = d.level or info.level
        if info.caption:
            d.role = Role.CAPTION
            d.hints.add("caption")
        if info.bold:
            d.hints.add("bold")
        if logical[a:b].strip():
            img_pending = False

    for d in drafts:
        for i in d.tokens:
            a, b = tokens[i][1], tokens[i][2]
            d.atoms.extend(_atoms(logical, a, b, cut_start=a in src.gaps, cut_end=b in src.gaps))
        _normalize_space(d.atoms)
        d.text = "".join(x.out for x in d.atoms)
        if _ONLY_ANGLES.fullmatch(d.text) and not d.text.isspace():
            d.drop = "markup"  # ``< >``: the arrows of a pager, or a tag broken beyond reading
        if d.level:
            d.hints.add("heading")
        if "image-adjacent" in d.hints:
            d.hints.discard("image-adjacent")
            if len(d.text) <= 60 and not d.text.endswith("。"):
                d.hints.add("caption")

    # Whole pages: keep the main content only.
    if extract == "main" or (extract == "auto" and webpage.is_full_page(repaired_html)):
        main = webpage.main_content_texts(repaired_html)
        if main:
            matches = main_content_matcher(main)
            keep = [bool(d.text) and matches(d.text) for d in drafts]
            if any(keep):
                for d, kept in zip(drafts, keep, strict=True):
                    if not kept and d.text:
                        d.drop = "boilerplate"

    live = [k for k, d in enumerate(drafts) if d.text and not d.drop]
    # Lacunae: the gap's deletions say why; the blocks on either side carry a hint.
    gap_reason: dict[int, str] = {}
    for gi, nxt in gap_next:
        g = src.gaps[tokens[gi][1]]
        kind, prev_full, del_index = g
        # (``live`` is sorted: a scan of it per gap made a long page quadratic.)
        at = bisect.bisect_left(live, nxt)
        before = live[at - 1] if at > 0 else None
        after = live[at] if at < len(live) else None
        lacuna = kind in ("cut", "text")
        if before is not None and not lacuna:
            last_text = drafts[before].text[-2:]
            lacuna = prev_full and not _ends_sentence(last_text) and not drafts[before].level
        if after is not None and not lacuna:
            lacuna = drafts[after].text[:1] in _CONTINUATION
        if lacuna and (before is not None or after is not None):
            if before is not None:
                drafts[before].hints.add(LACUNA_AFTER)
            if after is not None:
                drafts[after].hints.add(LACUNA_BEFORE)
            gap_reason[del_index] = _GAP_NOTE[kind][0]
        else:
            gap_reason[del_index] = _GAP_NOTE[kind][1]

    # Pieces over the raw input: (start, end, replacement or None to keep, reason, block).
    pieces_out: list[tuple[int, int, str | None, str, int]] = []
    in_draft: dict[int, int] = {}  # text token -> live draft
    owner: dict[int, _Draft] = {}
    for k, d in enumerate(drafts):
        for i in d.tokens:
            owner[i] = d
            if d.text and not d.drop:
                in_draft[i] = k
    for i, (kind, a, b) in enumerate(tokens):
        if kind == "gap" or b <= a:
            continue
        k = in_draft.get(i, -1)
        if k < 0:
            if kind == "text":
                d_reason = dropped.get(i, "") or (owner[i].drop if i in owner else "") or "markup"
            else:
                d_reason = "markup"
            pieces_out.append((src.raw_start(a), src.raw_end(b - 1), "", d_reason, -1))
    for k in live:
        d = drafts[k]
        for x in d.atoms:
            if x.kind == "t":
                for ra, rb in src.runs(x.a, x.b):
                    pieces_out.append((ra, rb, None, "", k))
            else:
                ra, rb = src.raw_start(x.a), src.raw_end(x.b - 1)
                same = text[ra:rb] == x.out
                reason = "entity" if x.kind == "e" else "markup"
                pieces_out.append((ra, rb, None if same else x.out, reason, k))
    for idx, (a, b, reason) in enumerate(src.deletions):
        pieces_out.append((a, b, "", gap_reason.get(idx, reason), -1))
    pieces_out.sort(key=lambda p: (p[0], -p[1]))

    edits: list[Edit] = []
    texts: dict[int, list[str]] = {}
    bounds: dict[int, list[int]] = {}
    cur = 0
    last_block = -1
    stretch: list[int] = []  # indices into edits since the last kept piece
    for start, rb, out, reason, k in pieces_out:
        if rb <= cur and not (start == rb == cur and out):
            continue  # inside a piece already taken (a wrap inside a deleted tag)
        ra = max(start, cur)
        if ra > cur:  # not covered: cannot happen, but never lose text silently
            edits.append(Edit(cur, ra, "", "markup: uncovered"))
            stretch.append(len(edits) - 1)
        if k >= 0:
            if k != last_block and last_block >= 0:
                carrier = next((s for s in stretch if edits[s].reason.startswith("lacuna")), None)
                if carrier is None and stretch:
                    carrier = stretch[0]
                if carrier is None:
                    edits.append(Edit(ra, ra, "\n", "markup"))
                else:
                    e = edits[carrier]
                    edits[carrier] = Edit(e.start, e.end, "\n" + e.replacement, e.reason)
            stretch = []
            last_block = k
            piece = text[ra:rb] if out is None else out
            texts.setdefault(k, []).append(piece)
            bounds.setdefault(k, [ra, rb])[1] = rb
            if out is not None:
                edits.append(Edit(ra, rb, out, reason))
        else:
            edits.append(Edit(ra, rb, "", reason))
            stretch.append(len(edits) - 1)
        cur = rb
    if cur < len(text):
        edits.append(Edit(cur, len(text), "", "markup"))

    blocks = [
        Block(
            "".join(texts.get(k, [])),
            bounds.get(k, [0, 0])[0],
            bounds.get(k, [0, 0])[1],
            role=drafts[k].role,
            level=drafts[k].level,
            hints=frozenset(drafts[k].hints),
        )
        for k in live
    ]
    if not blocks:
        blocks = [Block("", 0, 0)]
    return blocks, _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    """Adjacent edits with one reason become one (a run of tags is one ``markup`` edit)."""
    out: list[Edit] = []
    for e in edits:
        if out and out[-1].end == e.start and out[-1].reason == e.reason and e.start != e.end:
            p = out[-1]
            out[-1] = Edit(p.start, e.end, p.replacement + e.replacement, p.reason)
        else:
            out.append(e)
    return out


def repair_markup(text: str, *, extract: Extract = "auto") -> str:
    """HTML source to its text, one block per line; text without markup is returned as is.

    >>> repair_markup("深冬的重庆，3<5") == "深冬的重庆，3<5"
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"repair_markup() takes a str, not {type(text).__name__}")
    if not looks_like_markup(text):
        return text
    blocks, _ = read_markup(text, extract=extract)
    return "\n".join(b.text for b in blocks)
