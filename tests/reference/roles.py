"""The line model's features as they were in Python (``roles.model_features`` and its helpers
at 1a9d22a), the reference of the core's ``ModelFeatures``. What they read of a line
(``text_features``, ``page_context``) is the Python measure's (tests/reference/line_measure.py),
``segment_cue`` the reference's (tests/reference/segment_cue.py)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import regex

from cleantext.blocks import Block
from cleantext.roles import LineFeatures, SegmentCue

from .line_measure import _HAN_CHAR, _first_word_width, page_context, text_features
from .segment_cue import segment_cue

_WIDTH_BINS = (4, 8, 12, 16, 20, 24, 32, 40, 48, 64, 80, 100, 140)
_REL_BINS = (0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0, 1.1, 1.3, 1.8)
_COHESION_BINS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.35)
_MODEL_HAN_RUN = regex.compile(r"\p{Han}{2,}")
_MODEL_PUNCT = frozenset("。！？!?…；;，、,：:（）()“”‘’《》「」『』【】——-·.")


def _bin(value: float, bins: Sequence[float]) -> int:
    for k, edge in enumerate(bins):
        if value <= edge:
            return k
    return len(bins)


def _char_class(ch: str) -> str:
    if not ch:
        return "none"
    if ch in _MODEL_PUNCT:
        return ch
    if _HAN_CHAR.match(ch):
        return "han"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "other"


def _own_features(b: Block, f: LineFeatures, cue: SegmentCue, body_width: int) -> list[str]:
    text = f.text
    out = [
        f"w{_bin(f.width, _WIDTH_BINS)}",
        f"rel{_bin(f.width / body_width, _REL_BINS) if body_width else 'x'}",
        f"marks{min(f.sentence_marks, 4)}",
        f"cue={cue.kind}",
        f"first={_char_class(text[:1])}",
        f"last={_char_class(text[-1:])}",
        f"lvl{min(b.level, 3)}",
    ]
    for name in (
        "ends_final", "ends_pause", "ends_colon", "ends_closer", "starts_no_line_start",
        "starts_opener", "starts_latin", "spaced", "ends_with_number", "ends_latin", "byline",
        "credit", "caption", "dateline", "numbering", "jump", "jump_only", "editor", "source",
        "brief", "markup_debris", "subtitle",
    ):
        if getattr(f, name):
            out.append(name)
    if f.open_depth > 0:
        out.append("open")
    if f.list_marks:
        out.append("list")
    if f.sentence_like:
        out.append("sentence_like")
    if cue.boxed:
        out.append("boxed")
    if cue.lead:
        out.append("lead")
    if cue.jump:
        out.append("has_jump")
    if cue.brief:
        out.append("brief_head")
    for h in b.hints:
        out.append(f"hint={h}")
    if text[:1] in "（(" and text[-1:] in "）)":
        out.append("bracketed")
    if text.startswith("——"):
        out.append("dash")
    return out


def _han_pairs(text: str) -> frozenset[str]:
    return frozenset(run[i : i + 2] for run in _MODEL_HAN_RUN.findall(text) for i in range(len(run) - 1))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def model_features(
    blocks: Sequence[Block], *, wrap_width: int | None = None
) -> tuple[list[int], list[list[str]]]:
    """The lines the line model reads (indices of non-blank blocks) and their features.

    A line's features are its own (width against the page's body lines, how it ends, markers,
    byline / caption / dateline / jump patterns, markup level and hints), its position, whether
    a blank line stands before it, the word overlap with its neighbours, and its neighbours'
    main features (prefixed ``p:``, ``n:``). ``wrap_width`` is the page's wrap width
    (:func:`page_context`) where the caller has measured it already.

    >>> idx, feats = model_features([Block("标题"), Block(""), Block("正文，正文。")])
    >>> idx, "blank_before" in feats[1], "p:ends_final" in feats[1]
    ([0, 2], True, False)
    """
    idx = [i for i, b in enumerate(blocks) if b.text.strip()]
    if not idx:
        return idx, []
    texts = [blocks[i].text.strip() for i in idx]
    feats = [text_features(t) for t in texts]
    finals = [w.width for w, i in zip(feats, idx, strict=True) if w.ends_final and not blocks[i].level]
    body_width = int(statistics.median(finals)) if finals else 0
    own = [
        _own_features(blocks[i], f, segment_cue(blocks[i]), body_width)
        for i, f in zip(idx, feats, strict=True)
    ]
    # The page's wrap width (0 if it was not hard-wrapped): a line that reaches it, and that
    # the next line's first word would have overflowed, was cut by the wrap.
    wrap = page_context(blocks).wrap_width if wrap_width is None else wrap_width
    if wrap:
        for k in range(len(idx) - 1):
            w = feats[k].width
            own[k].append("wrapped_page")
            if w >= wrap * 3 // 4 and w + _first_word_width(texts[k + 1]) > wrap:
                own[k].append("at_wrap")
    # How broken the page is: sentence-like lines that stop without final punctuation. On a
    # page of clean paragraphs only a headline does; on a page whose paragraphs were broken
    # by lost line ends many do, and one more is likely another break.
    open_ends = [f.sentence_like and not f.ends_final and not f.ends_colon for f in feats]
    broken = sum(open_ends)
    pairs = [_han_pairs(t) for t in texts]
    short = {
        "ends_final", "ends_pause", "sentence_like", "byline", "caption", "credit", "open",
        "at_wrap", "spaced", "dash",
    }
    out: list[list[str]] = []
    n = len(idx)
    for k in range(n):
        row = list(own[k])
        others = broken - open_ends[k]
        row.append(f"broken{0 if not others else 1 if others == 1 else 2 if others <= 3 else 3}")
        if k == 0:
            row.append("first_line")
        if k == n - 1:
            row.append("last_line")
        if idx[k] > 0 and (k == 0 or idx[k] - idx[k - 1] > 1):
            row.append("blank_before")
        if k > 0:
            row.append(f"coh_p{_bin(_overlap(pairs[k], pairs[k - 1]), _COHESION_BINS)}")
            row.extend(f"p:{x}" for x in own[k - 1] if x in short or x.startswith(("w", "cue=", "last=")))
        if k + 1 < n:
            row.append(f"coh_n{_bin(_overlap(pairs[k], pairs[k + 1]), _COHESION_BINS)}")
            row.extend(f"n:{x}" for x in own[k + 1] if x in short or x.startswith(("w", "cue=", "first=")))
        # Overlap with the text within a few lines on each side: a displaced headline shares
        # words with the body above it; a new article's title with the body below it.
        before = frozenset().union(*pairs[max(0, k - 6) : k]) if k else frozenset()
        after = frozenset().union(*pairs[k + 1 : k + 7]) if k + 1 < n else frozenset()
        row.append(f"coh_b{_bin(_overlap(pairs[k], before), _COHESION_BINS)}")
        row.append(f"coh_a{_bin(_overlap(pairs[k], after), _COHESION_BINS)}")
        # The topic shift across the line: a new article's text shares little with the last.
        row.append(f"shift{_bin(_overlap(before, after), _COHESION_BINS)}")
        if k > 1:
            row.extend(f"p2:{x}" for x in own[k - 2] if x.startswith(("cue=", "w")))
        if k + 2 < n:
            row.extend(f"n2:{x}" for x in own[k + 2] if x.startswith(("cue=", "w")))
        out.append(row)
    return idx, out
