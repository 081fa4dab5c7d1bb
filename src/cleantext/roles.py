"""Line roles, computed in one place and used by line joining and segmentation alike.

A role is decided from *features* of a line (:func:`line_features`) and of the page
(:func:`page_context`): its display width relative to the page's body lines, how it ends,
whether quotes or brackets are left open, markup hints, byline / caption / credit / date /
numbering / jump patterns. Line joining (:mod:`cleantext.linewrap`) reads the features to decide
whether two lines are one sentence; segmentation reads the roles.

>>> from cleantext.blocks import blocks_from_text
>>> [b.role.value for b in assign_roles(blocks_from_text("加快建设美丽重庆\\n本报记者 陈维灯\\n今年以来，全市推进治理。"))]
['heading', 'byline', 'paragraph']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from . import _core
from .blocks import Block, Role
from .chardata import load_words

__all__ = [
    "LineFeatures",
    "PageContext",
    "assign_roles",
    "count_broken_lines",
    "display_width",
    "is_broken_line",
    "line_features",
    "line_role",
    "page_context",
    "surely_ends_final",
    "text_features",
]

# Sentence-final punctuation: a line ending in one of these (before closing quotes/brackets)
# ends its paragraph. `；` counts as final too: list-like paragraphs (“一是…；”) end with it.
# Sentence-final punctuation: a line ending in one of these (before closing quotes/brackets)
# ends its paragraph. `；` counts as final too: list-like paragraphs (“一是…；”) end with it.
_FINAL = frozenset("。！？!?…；;.")
_CLOSERS = frozenset("”’）)」』》〉】〕]\"'")
# Punctuation that cannot begin a line of running text (GB/T 15834 line-breaking rules).
_NO_LINE_START = frozenset("，。、；：？！”’）》〉】〕」』,;:?!)%…")

# The line measure runs in the compiled core (rust/src/measure.rs; the Python measure it was
# ported from is tests/reference/line_measure.py): a line's width (wcwidth's), how it ends,
# open quotes and brackets, sentence marks, and the byline / credit / caption / date /
# numbering / jump / editor / source / brief / markup-debris / subtitle patterns. Its word
# lists stay here in data/ and are handed to it once: measure words after a number
# (`186家`), surnames of a line of bare names, the words of a byline (`记者`, `摄`).
_MEASURE = _core.LineMeasure(
    sorted(load_words("role_classifiers")),
    "".join(sorted(set("".join(load_words("role_surnames"))))),
    sorted(load_words("byline_roles")),
)


def display_width(text: str) -> int:
    """Display columns of ``text`` (Han and full-width characters count two; ``wcwidth``'s).

    >>> display_width("重庆2025")
    8
    """
    return _MEASURE.width(text)


@dataclass(frozen=True, slots=True)
class PageContext:
    """Facts about the whole page that single lines are measured against.

    ``body_width`` is the median display width of paragraph lines (0 if none); ``wrap_width``
    the fixed column width the page was hard-wrapped at (0 if it was not); ``broken_lines``
    how many long lines of running text stop mid-sentence (``None``: not measured, a line
    pair read on its own); ``wrap_chars`` the number of characters the page was cut at, if it
    was cut every N characters whatever their width (0 if not).
    """

    body_width: int = 0
    wrap_width: int = 0
    broken_lines: int | None = None
    wrap_chars: int = 0


class LineFeatures(NamedTuple):
    """What one line looks like, as far as roles and line joining care.

    Immutable (a named tuple rather than a frozen dataclass: every line measured builds one,
    and a tuple is built several times faster).

    >>> f = line_features(Block("“请来的导师都"))
    >>> f.open_depth, f.ends_final, f.sentence_like
    (1, False, False)
    """

    text: str
    width: int
    relative_width: float
    level: int
    hints: frozenset[str]
    ends_final: bool
    """Ends with sentence-final punctuation (possibly followed by closing quotes/brackets)."""
    ends_pause: bool
    """Ends with a pause mark (``，``, ``、``, ``——``): the sentence goes on."""
    ends_colon: bool
    ends_closer: bool
    """Ends with a closing quote or bracket not preceded by final punctuation."""
    open_depth: int
    """Quotes and brackets opened on this line and not closed by its end."""
    starts_no_line_start: bool
    """Begins with punctuation that cannot start a line (``，`` ``。`` ``”`` …)."""
    starts_opener: bool
    starts_latin: bool
    sentence_marks: int
    """Inner ``，。；！？`` (and ASCII ``,;!?`` in running text)."""
    list_marks: int
    spaced: bool
    """A space between two Han characters: layout (headings, bylines), not running text."""
    ends_with_number: bool
    """Ends with a number, or a number and a measure word (``186家``)."""
    ends_latin: bool
    byline: bool
    credit: bool
    caption: bool
    dateline: bool
    numbering: bool
    jump: bool
    """Starts or ends with a jump marker (``（上接1版）``)."""
    jump_only: bool
    editor: bool
    source: bool
    brief: bool
    """Starts with a news-brief marker (``本报讯``)."""
    markup_debris: bool
    """Carries leftovers of HTML (``<``, ``>``, a cut ``&rd`` / ``quo;`` entity, ``18px;``)."""
    subtitle: bool
    """Starts with a dash (``——记…``) or carries a dash subtitle after a space."""

    @property
    def sentence_like(self) -> bool:
        """Reads as running text (punctuated, or too long for a heading), not a headline."""
        if self.spaced and self.sentence_marks < 2:
            return False
        return (
            self.sentence_marks >= 2
            or (self.sentence_marks >= 1 and self.width >= 24)
            or (self.list_marks >= 1 and self.width >= 40)
            or self.width >= 72
        )

    @property
    def layout_line(self) -> bool:
        """A line of page furniture that is never part of a paragraph.

        Decided from the text alone (not from ``level`` or ``hints``), so that a page that was
        cleaned once, and has lost its ``#`` markers, is read the same way again.
        """
        return (
            self.byline
            or self.credit
            or self.caption
            or self.dateline
            or self.jump_only
            or self.editor
            or self.source
            or self.subtitle
        )


def _first_word_width(text: str) -> int:
    """The display width of the first ASCII word of ``text``, or else of its first character."""
    return _MEASURE.first_word_width(text)


def _strip_closers(text: str) -> str:
    end = len(text)
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    return text[:end]


_HAN_CHAR = regex.compile(r"\p{Han}")


def is_han_char(ch: str) -> bool:
    return _HAN_CHAR.match(ch) is not None


def line_features(block: Block, context: PageContext | None = None) -> LineFeatures:
    """Measure one line. ``context`` (from :func:`page_context`) gives relative widths.

    >>> line_features(Block("长寿区能源大数据中心接入园区内186家")).ends_with_number
    True
    >>> line_features(Block("王彩艳 杨毅")).byline
    True
    """
    features = text_features(block.text)
    body_width = context.body_width if context is not None else 0
    if not body_width and not block.level and not block.hints:
        return features  # a bare line: the cached features are the answer
    return features._replace(
        relative_width=features.width / body_width if body_width else 0.0,
        level=block.level,
        hints=block.hints,
    )


def text_features(text: str) -> LineFeatures:
    """The features of a line of text alone: no markup level, hints or page context.

    What line joining reads (it decides from the text, so that a second run decides alike).

    >>> text_features(" “请来的导师都 ").open_depth
    1
    """
    return _measure_line(text.strip())


# A line is measured by several steps (article breaks, joining, roles) and pages repeat lines:
# its features are computed once. Bounded, and keyed by an immutable str; the features are
# frozen, so callers can share them.
@lru_cache(maxsize=8192)
def _measure_line(text: str) -> LineFeatures:
    """The features of a stripped line with no level, hints or page context (by the core).

    Raises ``_core.PanicException`` on a bug of the core (a step turns it into
    :class:`~cleantext.errors.CleantextError` naming itself).
    """
    return _make_features(_MEASURE.measure(text))


_make_features = LineFeatures._make


def surely_ends_final(text: str) -> bool:
    """Whether a stripped line surely ends a sentence: true only if its ``ends_final`` is.

    The common case (a final mark, possibly inside closing quotes) told without measuring the
    line; false also where only the full measure can tell (a trailing byline).

    >>> surely_ends_final("推动绿色发展。”"), surely_ends_final("第3.")
    (True, False)
    """
    bare = _strip_closers(text)
    last = bare[-1:]
    return last in _FINAL and not (last == "." and len(bare) >= 2 and bare[-2].isdigit())


def page_context(blocks: Sequence[Block]) -> PageContext:
    """Measure the page: the body line width, and the wrap width if it was hard-wrapped.

    A page is hard-wrapped at width ``w`` when many lines stop mid-sentence where the next
    line's first word would not have fitted (at least four, and a quarter of all lines), and
    hardly any line is longer than ``w``. It is cut every ``n`` characters (``wrap_chars``)
    when as many lines that stop mid-sentence have exactly ``n`` characters, the most common
    length, and at most a tenth of the lines are longer: text re-wrapped by a program, or OCR
    of a column, where narrow quotes, digits and spaces take a character's place like the
    rest. ``body_width`` is the median width of the lines of level 0 that end a sentence;
    ``broken_lines`` is :func:`count_broken_lines` of the page. Measured in one call of the
    core.

    >>> page_context([Block("一二三四五六七八")] * 4 + [Block("完。")]).wrap_width
    16
    >>> page_context([Block("“一二”三四五六七八")] * 4 + [Block("完。")]).wrap_chars
    10
    """
    kept = [(t, b.level) for b in blocks if (t := b.text.strip())]
    body, wrap, broken, chars = _MEASURE.page([t for t, _ in kept], [lvl for _, lvl in kept])
    return PageContext(body_width=body, wrap_width=wrap, broken_lines=broken, wrap_chars=chars)


def count_broken_lines(lines: Iterable[str]) -> int:
    """How many of ``lines`` read as running text cut mid-sentence (:func:`is_broken_line`).

    >>> count_broken_lines(["标题，副题", "他说，这是一个很好的发展机会，我们要坚持问题导向，加快建设长江上游绿色发展的新高地和"])
    1
    """
    return _MEASURE.broken_lines([t for line in lines if (t := line.strip())])


def is_broken_line(f: LineFeatures) -> bool:
    """Whether a line reads as running text cut mid-sentence: long (40 Han characters wide),
    with two clause marks, no final mark or colon at the end, ending on Han, and not a caption
    ending with its credit (`…人們載歌載舞。美聯社`). Decided by the core (`measure.rs`), the
    one place the rule and its limits live.

    >>> is_broken_line(text_features("他说，这是一个很好的发展机会，我们要坚持问题导向，加快建设长江上游绿色发展的新高地和"))
    True
    """
    return _MEASURE.broken_lines([f.text]) == 1


def line_role(features: LineFeatures) -> Role:
    """The role a line's own features give it (context-free; segmentation may refine it).

    >>> line_role(line_features(Block("（上接1版）")))
    <Role.JUMP: 'jump'>
    """
    return _role(features, features.level, features.hints)


def _role(f: LineFeatures, level: int, hints: frozenset[str]) -> Role:
    """:func:`line_role` of a line with features ``f`` (of its text) and markup ``level``/``hints``."""
    if "noise" in hints:
        return Role.NOISE
    if f.jump_only:
        return Role.JUMP
    if f.editor:
        return Role.EDITOR
    if f.source:
        return Role.SOURCE
    if f.dateline:
        return Role.DATELINE
    if f.caption or "caption" in hints:
        return Role.CAPTION
    if f.credit:
        return Role.CREDIT
    if f.byline:
        return Role.BYLINE
    if level == 1 and not f.brief:
        return Role.TITLE
    if f.subtitle and f.text.startswith("——"):
        return Role.SUBTITLE
    # `#### 新渝报讯(记者 …) 为积极落实…`: a marked-up paragraph is still a paragraph.
    if level > 0 and (f.brief or (f.sentence_marks >= 2 and f.width >= 80)):
        return Role.PARAGRAPH
    if level > 1:
        return Role.HEADING
    if f.ends_final or f.sentence_like or f.brief or f.jump:
        return Role.PARAGRAPH
    return Role.HEADING


def assign_roles(blocks: Sequence[Block]) -> list[Block]:
    """Blocks with a role each: a role set earlier is kept, ``Role.UNKNOWN`` is decided here."""
    # No page context: a role is decided from the line alone (relative widths decide nothing).
    # (line_role(line_features(b)) without building features that carry the level and hints.)
    return [
        b
        if b.role is not Role.UNKNOWN
        else Block(b.text, b.start, b.end, _role(text_features(b.text), b.level, b.hints), b.level, b.hints)
        for b in blocks
    ]


# === Role rules used only by segmentation go below this line (owner: segment). =================
# The code above is owned by the line-wrap work; keep edits on each side of this marker so that
# both can be merged without conflict.

# Segmentation reads a few cues that line roles do not carry: whether a byline opens (`□`) or
# closes an article, a line of bare names, a label (`主持人：`), a lead paragraph (`本报讯`,
# `新华社北京12月23日电`), a jump marker inside a paragraph, a brief-block heading. They are
# computed from the line alone, by the compiled core (rust/src/cue.rs);
# :mod:`cleantext.segment` puts them in context.
# (Imports here rather than at the top keep the two halves of this module apart for merging;
# aliased so that they never redefine a name the upper half imports.)
from dataclasses import dataclass as _seg_dataclass  # noqa: E402

from . import _core as _model_core  # noqa: E402
from .chardata import load_words as _seg_load_words  # noqa: E402
from .model import LineModel  # noqa: E402

__all__ += ["SegmentCue", "segment_cue"]

# Common surnames (the line-wrap role rules have the full list in data/role_surnames.txt):
# a line of two or three bare names is a byline only if every name starts with one.
_SEG_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)


_SURNAMES = frozenset("".join(load_words("role_surnames")))
_HAN_RUN = regex.compile(r"\p{Han}{2,}")


def may_name_a_person(text: str) -> bool:
    """Whether a run of two or more Han characters starts with a common surname (of
    ``data/role_surnames.txt``, both scripts): a line without one (``核心提示``, ``编者按``)
    is no byline, whatever a model reads into its shape.

    >>> may_name_a_person("（金城）"), may_name_a_person("文／王琪"), may_name_a_person("核心提示")
    (True, True, False)
    """
    return any(m[0][0] in _SURNAMES for m in _HAN_RUN.finditer(text))


__all__ += ["may_name_a_person"]


@_seg_dataclass(frozen=True, slots=True)
class SegmentCue:
    """What one line says about article boundaries (see :func:`segment_cue`).

    ``kind`` is one of ``blank``, ``paragraph``, ``heading``, ``label``, ``byline``, ``names``,
    ``credit``, ``caption``, ``jump``, ``dateline`` (a bare date), ``page``.
    """

    kind: str
    boxed: bool = False
    """A byline opened by ``□`` (in the text, or moved to the ``bullet`` hint by the layout
    step): it heads an article, it never closes one."""
    lead: str | None = None
    """The news-lead prefix of a paragraph (``本报讯(记者 陈钧)``)."""
    jump: str | None = None
    """A jump marker in the line (``(上接1版)``)."""
    brief: bool = False
    """A heading that announces a block of briefs (``新闻快递``)."""


#: The cue rules in the core, with their word lists (built once).
_CUES = _model_core.CueRules(
    sorted(_seg_load_words("byline_roles")), sorted(_seg_load_words("brief_markers")),
    "".join(sorted(_SEG_SURNAMES)),
)


def segment_cue(block: Block) -> SegmentCue:
    """The boundary cue of one line, from its text, level and hints.

    >>> segment_cue(Block("王彩艳 杨毅")).kind, segment_cue(Block("□本报记者 陈维灯")).boxed
    ('names', True)
    >>> segment_cue(Block("本报讯(记者 陈钧)12月23日，两江新区签约。")).lead
    '本报讯(记者 陈钧)'
    >>> segment_cue(Block("大足打造艺术家小镇", level=2)).kind
    'heading'

    Raises ``_core.PanicException`` on a bug of the core (segmentation turns it into
    :class:`~cleantext.errors.CleantextError`).
    """
    return SegmentCue(*_CUES.cue(block.text, block.role.value, block.level, block.hints))


# === Features of the learned line model (cleantext.model): computed here and only here. ====
# The training script (tools/train_roles.py) reads them through this same function, so training
# and decoding cannot drift apart. Each feature is a string; the CRF weighs the ones present.

__all__ += ["model_features", "model_labels", "model_marginals"]

# The core builds the feature strings (rust/src/features.rs) from what it measures of a line
# itself: the measure of text_features (rust/src/measure.rs) and the line's segmentation cue
# (with the block's role, level and hints). No line's features cross to Python.
_MODEL_FEATURES = _model_core.ModelFeatures(_CUES, _MEASURE)

#: What the core reads of a non-blank line: (block index, stripped text, role, level, hints).
_ModelLine = tuple[int, str, str, int, frozenset[str]]


def _model_lines(blocks: Sequence[Block]) -> list[_ModelLine]:
    return [
        (i, t, b.role.value, b.level, b.hints)
        for i, b in enumerate(blocks)
        if (t := b.text.strip())
    ]


def _wrap(blocks: Sequence[Block], wrap_width: int | None) -> int:
    return page_context(blocks).wrap_width if wrap_width is None else wrap_width


def model_features(
    blocks: Sequence[Block], *, wrap_width: int | None = None
) -> tuple[list[int], list[list[str]]]:
    """The lines the line model reads (indices of non-blank blocks) and their features.

    A line's features are its own (width against the page's body lines, how it ends, markers,
    byline / caption / dateline / jump patterns, markup level and hints), its position, whether
    a blank line stands before it, the word overlap with its neighbours, and its neighbours'
    main features (prefixed ``p:``, ``n:``). ``wrap_width`` is the page's wrap width
    (:func:`page_context`) where the caller has measured it already. Computed by the compiled
    core, which decoding (:func:`model_marginals`, :func:`model_labels`) asks for the same
    features without building them here; this is what training reads.

    >>> idx, feats = model_features([Block("标题"), Block(""), Block("正文，正文。")])
    >>> idx, "blank_before" in feats[1], "p:ends_final" in feats[1]
    ([0, 2], True, False)
    """
    lines = _model_lines(blocks)
    if not lines:
        return [], []
    return [ln[0] for ln in lines], _MODEL_FEATURES.features(lines, _wrap(blocks, wrap_width))


def model_marginals(
    model: LineModel, blocks: Sequence[Block], *, wrap_width: int | None = None
) -> tuple[list[int], list[list[float]]]:
    """The lines the model reads (as :func:`model_features`) and each one's label
    probabilities, in the order of ``model.labels``: features and forward-backward in one
    call of the core.

    Raises ``_core.PanicException`` on a bug of the core (the step turns it into
    :class:`~cleantext.errors.CleantextError`).
    """
    lines = _model_lines(blocks)
    if not lines:
        return [], []
    probs = _MODEL_FEATURES.marginals(model.crf, lines, _wrap(blocks, wrap_width))
    return [ln[0] for ln in lines], probs


def model_labels(
    model: LineModel,
    blocks: Sequence[Block],
    *,
    require: Callable[[Block], str | None] | None = None,
    wrap_width: int | None = None,
) -> tuple[list[int], list[str]]:
    """The lines the model reads (as :func:`model_features`) and their most likely labels.

    ``require(block)`` gives the label prefix a line's label must have, or None.
    """
    lines = _model_lines(blocks)
    if not lines:
        return [], []
    required = None
    if require is not None:
        required = {
            k: prefix
            for k, ln in enumerate(lines)
            if (prefix := require(blocks[ln[0]])) is not None
        }
    labels = _MODEL_FEATURES.decode(model.crf, lines, _wrap(blocks, wrap_width), required)
    return [ln[0] for ln in lines], labels

