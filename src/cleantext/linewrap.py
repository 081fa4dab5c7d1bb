"""Lines: layout markers, paragraphs broken mid-sentence, noise lines.

Three block steps:

- :func:`strip_layout_markers` moves markdown and layout markers (``#`` headings, ``**bold**``,
  ``>`` quotes, ``□ ■ ● ◆`` bullets) out of the text into the block's ``level`` and ``hints``;
- :func:`rejoin_wrapped_lines` joins a paragraph that was broken mid-sentence, deciding from
  the line features of :mod:`cleantext.roles` (never joining a title, byline, caption …);
- :func:`flag_noise_lines` marks suspected OCR noise lines (``hints={"noise"}``), never
  deleting them.

>>> page = "会议强调，要坚持稳中求进工作总基调。\\n丁中平表示，下一步，我\\n们将以党的二十大精神为指引，坚持绿色发展。"
>>> print(rejoin_wrapped_lines(page))
会议强调，要坚持稳中求进工作总基调。
丁中平表示，下一步，我们将以党的二十大精神为指引，坚持绿色发展。

A document's first line that is narrower than the next and has no ``。`` may be a title, so a
weak reading alone does not glue it:

>>> print(rejoin_wrapped_lines("丁中平表示，下一步，我\\n们将以党的二十大精神为指引，坚持绿色发展。"))
丁中平表示，下一步，我
们将以党的二十大精神为指引，坚持绿色发展。
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import groupby, pairwise
from operator import itemgetter

import regex

from . import _core
from .blocks import (
    ARTICLE_START,
    LACUNA_AFTER,
    LACUNA_BEFORE,
    Annotate,
    Block,
    Join,
    Op,
    Role,
    TextEdit,
)
from .chardata import load_words
from .errors import core_failure
from .model import models_for
from .roles import (
    _NO_LINE_START,
    LineFeatures,
    PageContext,
    count_broken_lines,
    display_width,
    is_broken_line,
    is_han_char,
    line_features,
    model_marginals,
    page_context,
    surely_ends_final,
    text_features,
)
from .steps import block_step

__all__ = [
    "continues_across",
    "flag_noise_lines",
    "join_reason",
    "rejoin_wrapped_lines",
    "strip_layout_markers",
]

_MARKER_REASON = "layout marker"

# One leading marker at a time; the loop in strip_layout_markers takes them all, so that the
# step is idempotent (`## □ 记者` loses both markers in one run).
_HEADING = regex.compile(r"[ \t\u3000\u00a0]*(#{1,6})[ \t\u3000\u00a0]+(?=\S)")
# OCR and hand-typed pages drop the space: `##标题`, `#【专题】…` is a heading too when no other
# `#` follows on the line (`#话题#` is a hashtag) and Chinese text, not a number, comes next.
_HEADING_GLUED = regex.compile(r"[ \t\u3000\u00a0]*(#{1,6})(?=[\p{Han}【「『“《（—])(?=[^#]*$)")
_QUOTE = regex.compile(r"[ \t\u3000\u00a0]*>+[ \t\u3000\u00a0]+(?=\S)")
_BULLET = regex.compile(r"[ \t\u3000\u00a0]*[■●◆◇•▪▶►][ \t\u3000\u00a0]*(?=\S)")
# `□` is also what OCR prints for a character it could not read: only a bullet when a space
# follows it or the rest of the line is a byline.
_BOX = regex.compile(r"[ \t\u3000\u00a0]*□[ \t\u3000\u00a0]*(?=\S)")
_BOLD = regex.compile(r"\*\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*\*")


def _leading_markers(text: str) -> Iterator[tuple[int, int, str, int]]:
    """Spans of leading markers as (start, end, hint, heading level)."""
    pos = 0
    while True:
        m = _HEADING.match(text, pos) or _HEADING_GLUED.match(text, pos)
        if m:
            yield m.start(), m.end(), "heading", len(m.group(1))
            pos = m.end()
            continue
        m = _QUOTE.match(text, pos)
        if m:
            yield m.start(), m.end(), "quote", 0
            pos = m.end()
            continue
        m = _BULLET.match(text, pos)
        if m:
            yield m.start(), m.end(), "bullet", 0
            pos = m.end()
            continue
        m = _BOX.match(text, pos)
        if m and (m.group().rstrip() != m.group() or line_features(Block(text[m.end() :])).byline):
            yield m.start(), m.end(), "bullet", 0
            pos = m.end()
            continue
        return


@block_step
def strip_layout_markers(blocks: Sequence[Block]) -> Iterator[Op]:
    """Move ``#`` / ``**`` / ``>`` / ``□`` markers from the text into the block's level and hints.

    A ``#`` that is content (``#1``, ``C#``, ``#话题#``) stays: a heading marker is one to six
    ``#`` at the start of a line followed by a space, or by Chinese text with no other ``#``
    on the line (``##标题``).

    >>> strip_layout_markers("## 推动绿色发展\\n□ 本报记者 陈维灯\\n**重点** 任务\\nC# 与 #话题#")
    '推动绿色发展\\n本报记者 陈维灯\\n重点 任务\\nC# 与 #话题#'
    >>> strip_layout_markers("##推动绿色发展\\n#话题# 讨论\\n#1 号线")
    '推动绿色发展\\n#话题# 讨论\\n#1 号线'
    """
    for i, block in enumerate(blocks):
        spans, level, hints = _marker_spans(block.text)
        for start, stop in spans:
            yield TextEdit(i, start, stop, "", _MARKER_REASON)
        if level or hints:
            yield Annotate(i, level=level or None, hints=frozenset(hints))


def _marker_spans(text: str) -> tuple[list[tuple[int, int]], int, set[str]]:
    """The marker spans of ``text`` (sorted, in its offsets), the heading level and the hints.

    Taken in rounds until none is left: taking one marker can uncover another (`**■1**` loses
    its bold marks, then `■1` starts with a bullet), and a second run of the step must find
    nothing to do.
    """
    # The offset in ``text`` of each character still there (built once a marker is found:
    # most lines have none, and the first round reads ``text`` itself).
    kept: list[int] | None = None
    current = text
    spans: list[tuple[int, int]] = []
    hints: set[str] = set()
    level = 0
    while True:
        found: list[tuple[int, int]] = []
        end = 0
        for start, stop, hint, lvl in _leading_markers(current):
            found.append((start, stop))
            end = stop
            if hint == "heading":
                level = level or lvl
            else:
                hints.add(hint)
        for m in _BOLD.finditer(current, end):
            found += [(m.start(), m.start() + 2), (m.end() - 2, m.end())]
            hints.add("bold")
        if not found:
            return sorted(spans), level, hints
        if kept is None:
            kept = list(range(len(text)))
        gone: set[int] = set()
        for start, stop in found:
            # A span of this round may straddle characters an earlier round took: one edit
            # per run of adjacent offsets in ``text``.
            offsets = kept[start:stop]
            gone.update(offsets)
            run_start = offsets[0]
            for a, b in pairwise(offsets):
                if b != a + 1:
                    spans.append((run_start, a + 1))
                    run_start = b
            spans.append((run_start, offsets[-1] + 1))
        kept = [k for k in kept if k not in gone]
        current = "".join(text[k] for k in kept)


def _separator(before: str, after: str) -> str:
    """A space between two Latin words or numbers and words; nothing next to Chinese."""
    a, b = before[-1:], after[:1]
    if not (a.isascii() and b.isascii()) or not a or not b:
        return ""
    if a.isdigit() and b.isdigit():
        return ""  # a number broken at the wrap width
    if (a.isalnum() or a in ",;:!?)%.") and (b.isalnum() or b in "(\"'"):
        return " "
    return ""


_FIRST_TOKEN = regex.compile(r"[A-Za-z0-9'\-]+")


def _first_token_width(text: str) -> int:
    m = _FIRST_TOKEN.match(text)
    return display_width(m.group() if m else text[:1])


# The start of a sentence after the last sentence end of a line (`…非常重要。”袁`).
_TAIL_AFTER_FINAL = regex.compile(r"[。！？!?…；;][”’」』）)\"']*(\p{Han}{1,4})$")


def _echoes_tail(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` starts again with the sentence start that ends ``prev``.

    A layout column cut after the first characters of a sentence, and the next line repeating
    them (`…非常重要。”袁` / `袁位今年51岁`): joining would double them (`袁袁位`), and the
    rest of the cut sentence is lost anyway. A sentence opening with a reduplicated word cut
    right after its first character (`。慢` / `慢地`) is missed: precision first.
    """
    m = _TAIL_AFTER_FINAL.search(prev)
    return m is not None and nxt.startswith(m.group(1))


@cache
def _sentence_openers() -> tuple[str, ...]:
    return tuple(sorted(load_words("sentence_openers"), key=len, reverse=True))


def _opens_sentence(text: str) -> bool:
    return text.startswith(_sentence_openers())


def _letter_line(text: str) -> bool:
    return text.strip().rstrip("！!。.，,") in load_words("letter_lines")


# A letter's salutation: an address ending on a comma or colon, on a short line of its own.
_SALUTATION = regex.compile(r"(?:亲爱的|親愛的|尊敬的|敬爱的|敬愛的|Dear )[^，。！？,.!?]{1,16}[，,：:]$")
_SALUTATION_WIDTH = 36


# A note's reference after the sentence's final mark (`…。[10]`, `…。（注3）` is not one).
_NOTE_AFTER_FINAL = regex.compile(r"[。！？!?][”’」』）)]*[ \t]*[\[［【]\d{1,3}[\]］】]$")


def join_reason(
    prev: LineFeatures, nxt: LineFeatures, context: PageContext, last_line: str | None = None
) -> str | None:
    """Why ``prev`` and ``nxt`` are one paragraph broken across two lines, or ``None``.

    ``last_line`` is the last line of the source that ``prev`` ends with, when ``prev`` is
    lines already joined (``prev`` itself if not given): the page's wrap width is a width of
    the source's lines.

    Strong evidence first (the next line starts with `，`, a quote is open, a pause mark ends
    the line, the page's wrap width is reached); then the weaker reading that a punctuated,
    sentence-like line goes on into a line of running text. Lines of page furniture (titles,
    headings, bylines, captions, credits, dates, jump lines, list items) are never joined.

    >>> join_reason(line_features(Block("本报记者 陈维灯")), line_features(Block("今天，天晴。")), PageContext())
    >>> join_reason(line_features(Block("他说：“请来的导师都")), line_features(Block("是大咖。”")), PageContext())
    'a quote or bracket is still open'
    """
    # Only what survives in the cleaned text is used (not ``level`` or ``hints``): a page
    # cleaned twice must be read the same way, or ``clean`` would not be idempotent.
    if not prev.text or not nxt.text or prev.layout_line or nxt.layout_line:
        return None
    if prev.markup_debris or nxt.markup_debris:
        return None
    if _echoes_tail(prev.text, nxt.text):
        return None
    if nxt.starts_no_line_start and not (prev.ends_final and _ELLIPSIS_LINE.fullmatch(nxt.text)):
        return _CANNOT_START
    if prev.ends_final or nxt.numbering or nxt.jump or prev.jump or nxt.brief:
        return None
    if _DASH_ITEM.match(nxt.text):
        return None  # `— 王琪 (@…)`, `- 第二项`: an attribution or a list item, never a cut
    if _letter_line(nxt.text) or _NOTE_AFTER_FINAL.search(prev.text):
        return None  # `即致` / `敬礼！`; `…的事实。[10]` ended its sentence
    if prev.width <= _SALUTATION_WIDTH and _SALUTATION.match(prev.text):
        return None  # `亲爱的王先生，` / `Dear Hongkongers,`: a letter's salutation line
    headline = prev.spaced and not prev.sentence_like
    wrap = context.wrap_width
    if wrap and not headline:
        # The next line's first word would have fitted on this one: the break is the wrap.
        sep = 1 if prev.ends_latin and nxt.starts_latin else 0
        # The next line is running text, or a full line itself (a short unpunctuated line
        # after a full one is a heading, not the end of a paragraph).
        goes_on = nxt.sentence_like or nxt.ends_final or nxt.width >= wrap - 2
        # A source line wider than the wrap (a title set across the columns) was not cut at
        # it; page_context allows lines 2 columns wider.
        tail = prev.width if last_line is None else display_width(last_line.strip())
        if (
            goes_on
            and prev.width >= wrap * 3 // 4
            and prev.width + sep + _first_token_width(nxt.text) > wrap
            and tail <= wrap + 2
        ):
            return "the line ends at the page's wrap width"
    chars = context.wrap_chars
    if chars:
        # Cut every N characters: the line has N characters (one fewer where the space the
        # cut left beside punctuation or at the line's end was removed), and so has the next
        # line unless it reads on or ends the paragraph.
        tail = len(prev.text if last_line is None else last_line.strip())
        goes_on = nxt.sentence_like or nxt.ends_final or len(nxt.text) >= chars - 1
        if goes_on and chars - 1 <= tail <= chars:
            return "the line ends at the page's wrap width in characters"
    # The next line must read as running text: a short, unpunctuated line is a heading.
    if not (nxt.sentence_like or nxt.ends_final):
        return None
    if prev.open_depth > 0 and not _typed_closing_quote(prev.text):
        return _OPEN_QUOTE
    if prev.ends_pause and not headline and not prev.text.endswith("—"):
        return "the line ends with a pause mark"
    if prev.ends_colon or headline:
        return None
    # A line starting with a quote usually starts a paragraph (reported speech); only a long,
    # well punctuated line is read as going on into it (`针对高中学校` / `"八省联考"等情况`).
    if nxt.starts_opener and not (prev.sentence_marks >= 2 and prev.width >= 60):
        return None
    # Only the weak readings below are overruled: a line opening a sentence with a word like
    # `本次` or `据了解` starts a paragraph (after text lost), not the rest of this sentence.
    if _opens_sentence(nxt.text):
        return None
    if prev.sentence_like and _may_go_on(prev, nxt, context):
        return _WEAK_GOES_ON
    if (
        prev.ends_with_number
        and prev.width >= 24
        and not prev.ends_latin
        and _HAN_NUMBER_END.search(prev.text)
        # A headline's figure (`同比增长1.5%`, `到手變成500`) is complete; a measure word
        # wants its noun (`186家` / `规上企业`), a bare number its measure word.
        and not prev.text.endswith(("%", "％"))
        and (
            bool(context.broken_lines)
            or nxt.text[:1] in _NUMBER_GOES_ON
            # A measure word in a punctuated line (a title's count, `…社区食堂128家`, is not).
            or (not prev.text[-1].isdigit() and prev.sentence_marks > 0)
        )
    ):
        return _WEAK_NUMBER
    return None


# What follows the line's last sentence end and its closing quotes.
_AFTER_LAST_FINAL = regex.compile(r"[。！？!?][”’」』）)\]】]*([^。！？!?]*)$")
# A URL (a path is told by a slash in the line's last word).
_URL_LIKE = regex.compile(r"https?://|www\.")
# A dash and a space open a line of its own: a quote's attribution or a list item (a sentence
# cut before a dash goes on without a space: `——公司仅有…`).
_DASH_ITEM = regex.compile(r"[—–\-－][ \t\u3000]")


def _title_shaped(first: str, second: str) -> bool:
    """Whether a document's first line reads as its title above the second line."""
    return "。" not in first and display_width(first) < display_width(second)


# A sentence end and then an opening double quote ending the line: the closing quote typed
# the wrong way round (`…最没用的。“`), as sources that type one quote character do.
_TYPED_CLOSER_END = regex.compile(r"[。！？!?][“‘]\s*$")


def _typed_closing_quote(text: str) -> bool:
    """Whether the quote left open at the end of ``text`` is a closing quote typed as ``“``.

    A line that ends a sentence with `“`, or writes `“` only, an even number of times,
    closes its quotes with the opening character.

    >>> _typed_closing_quote("他说，“会好的。“"), _typed_closing_quote("所谓“公平“原则"), _typed_closing_quote("他说：“")
    (True, True, False)
    """
    if _TYPED_CLOSER_END.search(text):
        return True
    n = text.count("“")
    return n >= 2 and n % 2 == 0 and "”" not in text


# A number in Chinese text at the end of a line (`共有30`), not one closing a reference
# (`Press, 2010.`).
_HAN_NUMBER_END = regex.compile(r"\p{Han}\d[\d.,%]*\p{Han}?$")
# What goes on after a number cut from its noun (`共有30` / `余人`, `3` / `万元`).
_NUMBER_GOES_ON = frozenset("余多万亿千百个名人元岁次件项家户位")
# A line that is only an ellipsis or dashes, standing after a finished sentence (a pause).
_ELLIPSIS_LINE = regex.compile(r"[…⋯.。·—\-\s]+")
_CLOSING_QUOTES = "”’」』\"'"


@cache
def _clause_edges() -> tuple[frozenset[str], frozenset[str]]:
    # Learned by tools/clause_edges.py: characters that never end / never start a clause.
    return load_words("no_clause_end"), load_words("no_clause_start")


def _may_go_on(prev: LineFeatures, nxt: LineFeatures, context: PageContext) -> bool:
    """Whether a punctuated line that stops without a final mark may be read as cut mid-sentence.

    In clean text such a line is a title or a heading (`城市里的老街巷，正在悄悄地改变模样`),
    a paragraph closed by a note (`…。（图为…）`, `…。[21]`), or a line of references or a
    URL; a paragraph cut by a lost line end stops on a Han character. So it must stop on Han,
    and a line with no sentence end inside it (which a heading never has) is read as cut only
    when the cut falls inside a phrase (the line stops on a character that never ends a
    clause, `这`, or the next starts on one that never starts one, `们`), or on a page that
    shows other long lines cut mid-sentence.
    """
    last = prev.text.rstrip(_CLOSING_QUOTES)[-1:]
    if not is_han_char(last):
        # Latin running text goes on into a line starting with a lower-case word; a URL or a
        # reference does not.
        return (
            last.isascii()
            and last.isalpha()
            and nxt.text[:1].islower()
            and " " in prev.text
            and not _URL_LIKE.search(prev.text)
            and "/" not in prev.text.rsplit(" ", 1)[-1]
            and not _URL_LIKE.match(nxt.text)
        )
    first = nxt.text[:1]
    if first.isascii() and first.isalpha():
        return False  # a list of names or references in two scripts (`…，导演，德国` / `Anna …`)
    # One Han character after the last sentence end is a subject cut off (`…非常重要。”他` /
    # `说，`). A longer tail is not evidence: clean text from careless sources ends paragraphs
    # without a final mark (`…伤者已送医。现场情况仍有待核实`).
    m = _AFTER_LAST_FINAL.search(prev.text)
    if m is not None and len(m.group(1)) == 1 and is_han_char(m.group(1)):
        return True
    no_end, no_start = _clause_edges()
    if last in no_end or nxt.text[:1] in no_start:
        return True
    if context.broken_lines is None:
        return True  # a pair of lines read on its own (see continues_across)
    return context.broken_lines - is_broken_line(prev) >= 1


_LACUNA_REASON = "lacuna: the source lost text inside this sentence"


def continues_across(prev: str, nxt: str) -> bool:
    """Whether line ``nxt`` reads as the rest of line ``prev``'s sentence, on any page.

    :func:`join_reason` without the page's wrap width: what a blank line between the two
    would interrupt. Plain text is read back with it, so it depends on the two lines only.

    >>> continues_across("他说，这是一个很好的发展机会，我们要", "抓住机会，推动绿色发展。")
    True
    >>> continues_across("推动绿色发展。", "本报记者 陈维灯")
    False
    """
    p, n = prev.strip(), nxt.strip()
    # A line that ends a sentence is not continued by one that may start a line: join_reason's
    # answer (no), told from the two ends without measuring the lines (raw input lines are
    # read here, most of which the cleaning steps change and measure again).
    if not p or not n or (n[0] not in _NO_LINE_START and surely_ends_final(p)):
        return False
    return join_reason(text_features(p), text_features(n), _NO_PAGE) is not None


_NO_PAGE = PageContext()


# Joining is decided on the joined text (a quote opened two lines up is still open), so the
# decision is repeated on the merged lines until nothing changes; a cap keeps it linear.
_MAX_PASSES = 12


#: The line model's probability that a line stands on its own above which no rule joins it to
#: the line before (titles, subtitles, captions and one-sentence paragraphs of clean text).
JOIN_VETO = 0.99
# The model may veto only the rules' weakest reading, two lines that merely read on. The strong
# ones (punctuation that cannot start a line, an open quote, a pause mark, the page's wrap
# width, a number's noun) stay with the rules. The limit is high: below it the model also
# vetoes paragraphs broken mid-sentence on the seed pages (see docs/model.md).
_CANNOT_START = "the next line starts with punctuation that cannot start a line"
_WEAK_GOES_ON = "the sentence goes on"
_WEAK_NUMBER = "a number's noun is on the next line"
_VETOABLE = frozenset({_WEAK_GOES_ON})
_OPEN_QUOTE = "a quote or bracket is still open"
#: The readings that a title's text may share (a comma, a quote left open), not that a
#: break cut the line.
_WEAK = frozenset({_WEAK_GOES_ON, _OPEN_QUOTE})


def _vetoed_lines(
    blocks: Sequence[Block], line_model: str, context: PageContext
) -> frozenset[int]:
    """Blocks that the line model is confident start a line of their own."""
    model = models_for(line_model).join
    if not model.labels:
        return frozenset()
    if "N" not in model.labels:
        return frozenset()
    n = model.labels.index("N")
    try:
        idx, probs = model_marginals(model, blocks, wrap_width=context.wrap_width)
    except _core.PanicException as exc:
        raise core_failure("rejoin_wrapped_lines", exc) from exc
    if len(idx) < 2:
        return frozenset()
    return frozenset(i for i, p in zip(idx, probs, strict=True) if p[n] > JOIN_VETO)


#: Verse: at least this many lines in a row, each at most ``_VERSE_WIDTH`` columns wide, most
#: of them ending on a clause mark (a wrapped paragraph's lines end wherever the column does).
_VERSE_RUN = 3
_VERSE_WIDTH = 40
_CLAUSE_END = tuple("，,；;、：:。！？!?")


def _verse_lines(texts: Sequence[str]) -> frozenset[int]:
    """Indices of lines that stand in a run of short lines ending on clause marks (a poem, a
    letter's salutation and greeting), read from the text alone so a second run finds the
    same ones."""
    out: set[int] = set()
    short = (bool(t.strip()) and display_width(t.strip()) <= _VERSE_WIDTH for t in texts)
    for is_short, group in groupby(enumerate(short), key=itemgetter(1)):
        run = [k for k, _ in group]
        if not is_short or len(run) < _VERSE_RUN:
            continue
        marked = sum(texts[k].rstrip().endswith(_CLAUSE_END) for k in run)
        if marked * 3 >= len(run) * 2:
            out.update(run)
    return frozenset(out)


@block_step
def rejoin_wrapped_lines(blocks: Sequence[Block], *, line_model: str = "") -> Iterator[Op]:
    """Join a paragraph broken mid-sentence onto the next line.

    No space is put between Chinese characters; two Latin words keep one. A title, byline,
    caption or short headline-like line is never glued to a paragraph.

    >>> rejoin_wrapped_lines("国网长寿供电公司\\n王彩艳 杨毅\\n今年以来，公司围绕客户诉求，推进这\\n些服务实现新突破。")
    '国网长寿供电公司\\n王彩艳 杨毅\\n今年以来，公司围绕客户诉求，推进这些服务实现新突破。'
    """
    context = page_context(blocks)
    # Joining reads a line's text alone (see join_reason): the cached features of the text,
    # and one decision per pair of texts however many passes ask for it. The page's count of
    # lines cut mid-sentence is part of the decision. It is counted again after every pass
    # and only ever grows: joining short pieces can make a long cut line (more evidence), and
    # joining a cut line to its end must not take back the evidence that allowed the rest.
    # A second run starts from at most the count the first ended with, and with no more
    # evidence no join the first run's last pass refused is made: clean is idempotent.
    decided: dict[tuple[str, str, str, int | None], str | None] = {}

    def decide(prev: str, nxt: str, last: str) -> str | None:
        key = (prev, nxt, last, context.broken_lines)
        if key not in decided:
            decided[key] = join_reason(text_features(prev), text_features(nxt), context, last)
        return decided[key]

    def at_lacuna(k: int) -> bool:
        # Groups never grow across a lacuna, so their first and last blocks are the lines
        # around it.
        return LACUNA_AFTER in blocks[groups[k - 1][-1]].hints or (
            LACUNA_BEFORE in blocks[groups[k][0]].hints
        )

    # The rules propose joins; the line model vetoes those it is confident about (a rule
    # reads two lines, the model the page around them). It reads the lines of the current
    # pass, by their text alone (as the rules do): the last pass, which joins nothing, asks
    # it about the output's own lines, so a second run is vetoed alike and clean stays
    # idempotent. Asked only once a join rests on a reading it may veto (many pages have none).
    vetoed: list[frozenset[int] | None] = [None]  # of this pass's groups, once asked

    def is_vetoed(k: int) -> bool:
        lines = vetoed[0]
        if lines is None:
            lines = vetoed[0] = _vetoed_lines([Block(t) for t in texts], line_model, context)
        return k in lines

    groups = [[i] for i in range(len(blocks))]
    texts = [b.text for b in blocks]
    verse = _verse_lines(texts) if not context.wrap_width else frozenset()
    reasons: dict[int, tuple[str, str]] = {}
    for _ in range(_MAX_PASSES):
        vetoed[0] = None
        joined = False
        new_groups: list[list[int]] = [groups[0]] if groups else []
        new_texts: list[str] = [texts[0]] if texts else []
        for k in range(1, len(groups)):
            # Only join onto a group that was not itself extended in this pass: its
            # features would be stale (the next pass measures the joined text).
            if (
                new_groups[-1] is groups[k - 1]
                # A line that opens an article (blank-line separated input) is never glued on,
                # nor are the two pieces around text the source lost.
                and ARTICLE_START not in blocks[groups[k][0]].hints
                and not at_lacuna(k)
                and (reason := decide(texts[k - 1], texts[k], blocks[groups[k - 1][-1]].text))
                # Lines of verse or a letter's salutation keep their breaks; only a line that
                # cannot start a line goes on to the one above.
                and not (
                    (groups[k - 1][-1] in verse or groups[k][0] in verse)
                    and reason != _CANNOT_START
                )
                and not (reason in _VETOABLE and is_vetoed(k))
                # A document's first line shaped like a title (narrower than the next, no
                # `。` in it) is its title or header: only a strong reason (the wrap width, a
                # pause mark, a line that cannot start a line) glues it on.
                and not (k == 1 and groups[0] == [0] and reason in _WEAK
                         and _title_shaped(texts[0], texts[1]))
            ):
                sep = _separator(new_texts[-1], texts[k])
                reasons[groups[k - 1][-1]] = (sep, reason)
                new_groups[-1] = new_groups[-1] + groups[k]
                new_texts[-1] = new_texts[-1] + sep + texts[k]
                joined = True
            else:
                new_groups.append(groups[k])
                new_texts.append(texts[k])
        groups, texts = new_groups, new_texts
        if not joined:
            break
        recount = count_broken_lines(texts)
        if recount > (context.broken_lines or 0):
            context = dataclasses.replace(context, broken_lines=recount)
    for i in sorted(reasons):
        sep, reason = reasons[i]
        yield Join(i, sep, reason)
    # A lacuna inside a sentence is written as a blank line, which reading the text back
    # takes for a lacuna again (:func:`mark_article_breaks`): without it
    # a second run would glue the pieces. Decided on the pieces alone, as that reading is.
    for k in range(1, len(groups)):
        if at_lacuna(k) and continues_across(texts[k - 1], texts[k]):
            last = groups[k - 1][-1]
            end = len(blocks[last].text)
            yield TextEdit(last, end, end, "\n", _LACUNA_REASON)


_HAN = regex.compile(r"\p{Han}")
_SENTENCE = regex.compile(r"[，。！？；,!?;]")
# Candidate lines are short: the core's search for their echo stays linear.
_NOISE_MAX_CHARS = 24


@block_step
def flag_noise_lines(blocks: Sequence[Block]) -> Iterator[Op]:
    """Mark suspected OCR noise lines (``role=NOISE``, hint ``"noise"``); never delete them.

    Conservative: a short, unpunctuated line is flagged only when it is a garbled echo of a
    phrase found elsewhere on the page. OCR that misreads a heading (``大足英才 智创未来`` →
    ``大王共才 智利未来``) keeps its length and its spaces and leaves scattered characters
    right; a reworded phrase keeps long runs. So: same shape, 40–85 % of the Han characters
    equal in place, at least two differ, no run of more than three equal characters, and the
    phrase stands on its own where it is found (the core's ``noise.rs``; the Python rules
    are tests/reference/linewrap_noise.py).

    >>> from cleantext.blocks import blocks_from_text
    >>> page = "大王共才 智利未来\\n本报推出《大足英才 智创未来》栏目。"
    >>> flag_noise_lines.ops(blocks_from_text(page))
    [Annotate(block=0, role=<Role.NOISE: 'noise'>, level=None, hints=frozenset({'noise'}))]
    """
    page = "\n".join(b.text for b in blocks)
    counts = Counter(b.text for b in blocks)
    candidates: list[tuple[int, int]] = []  # (block, offset of its line in the page)
    start = 0
    for i, block in enumerate(blocks):
        text = block.text
        if (
            6 <= len(text) <= _NOISE_MAX_CHARS
            and 6 <= len(_HAN.findall(text)) <= 16
            and not _SENTENCE.search(text)
            and counts[text] == 1
        ):
            candidates.append((i, start))
        start += len(text) + 1
    if not candidates:
        return
    try:
        echoes = _core.garbled_echoes(page, [(s, len(blocks[i].text)) for i, s in candidates])
    except _core.PanicException as exc:
        raise core_failure("flag_noise_lines", exc) from exc
    for (i, _), echo in zip(candidates, echoes, strict=True):
        if echo:
            yield Annotate(i, role=Role.NOISE, hints=frozenset({"noise"}))


# --- reading plain text back: article breaks and lacunae ------------------------------------


def mark_article_breaks(blocks: Sequence[Block]) -> list[Block]:
    """Read the blank lines of plain text: article breaks, lacunae, or mere layout.

    ``clean`` puts a blank line between articles, and one inside a sentence where the source
    lost text (a lacuna, see :func:`rejoin_wrapped_lines`), and nowhere
    else; reading its output back must find exactly those breaks again, or ``clean`` would not
    be idempotent. So:

    - a blank line between two lines that read as one sentence (``continues_across``) is a
      lacuna: the lines get the hints ``lacuna-after`` / ``lacuna-before`` and are never
      joined;
    - the other blank lines, when sparse, are article breaks (``ARTICLE_START``).

    A page whose blank lines stand between most lines (a common layout for paragraphs) says
    nothing about articles or lacunae and is left alone; so is, for articles, a page with many
    one-line groups (a part of the page that puts a blank line after every paragraph). Lacunae
    do not count in either measure: they are neither layout nor article breaks.

    >>> from cleantext.blocks import blocks_from_text
    >>> [ARTICLE_START in b.hints for b in mark_article_breaks(blocks_from_text("甲\\n乙\\n\\n丙\\n丁"))]
    [True, False, False, True, False]
    >>> page = "他说，这是一个很好的发展机会，我们要\\n\\n抓住机会，推动绿色发展。\\n完。"
    >>> [sorted(b.hints) for b in mark_article_breaks(blocks_from_text(page))]
    [['lacuna-after'], [], ['lacuna-before'], []]
    """
    lines = [i for i, b in enumerate(blocks) if b.text.strip()]
    gaps = list(pairwise(lines))
    # Consecutive non-blank lines with blocks between them: those blocks are blank.
    blank = [j - i > 1 for i, j in gaps]
    if not any(blank):
        return list(blocks)
    lacuna = [
        b and continues_across(blocks[i].text, blocks[j].text)
        for (i, j), b in zip(gaps, blank, strict=True)
    ]
    breaks = [b and not x for b, x in zip(blank, lacuna, strict=True)]
    counted = len(gaps) - sum(lacuna)
    if sum(breaks) * 2 > counted:
        return list(blocks)  # blank lines between most lines: a layout
    out = list(blocks)
    for (i, j), x in zip(gaps, lacuna, strict=True):
        if x:
            out[i] = _with_hint(out[i], LACUNA_AFTER)
            out[j] = _with_hint(out[j], LACUNA_BEFORE)
    if not any(breaks):
        return out
    group_sizes = [1]
    for b in breaks:
        if b:
            group_sizes.append(0)
        group_sizes[-1] += 1
    single = sum(1 for n in group_sizes if n == 1)
    # Many one-line groups (a part of the page that puts a blank line after every
    # paragraph): a layout, not article breaks.
    if single * 3 > len(group_sizes):
        return out
    starts = [lines[0]] + [j for (_, j), b in zip(gaps, breaks, strict=True) if b]
    for j in starts:
        out[j] = _with_hint(out[j], ARTICLE_START)
    return out


def _with_hint(b: Block, hint: str) -> Block:
    # The constructor, not dataclasses.replace: several times cheaper on a frozen class.
    return Block(b.text, b.start, b.end, b.role, b.level, b.hints | {hint})
