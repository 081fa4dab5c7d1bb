"""Repetitions made by layout or OCR: fragments repeated back to back, repeated paragraphs.

Precision first. A Chinese reduplication (``研究研究``, ``一个个``, ``高高兴兴``,
``讨论讨论``) has no separator between its halves and is never touched; neither is a repeated
number (``1010``) or a short rhetorical repetition (``发展，发展，再发展``). What is removed is
a fragment that ends at a separator and is repeated right after it, long enough that the
repetition cannot be grammatical:

=========================  ==================================  ===================
separator                  example                             shortest fragment
=========================  ==================================  ===================
``、`` (list item)          ``智慧公厕、智慧公厕等``                 4 characters
space                      ``大调研大讨论 大调研大讨论``              4 characters
``，；,;`` (clause)          a clause repeated                   8 characters
``。！？!?`` (sentence)      a sentence repeated                 8 characters
=========================  ==================================  ===================

Fragments listed in ``data/reduplication_allow.txt`` (chants, slogans) are kept.

:func:`find_near_duplicates` only *reports* near-duplicate texts across a batch (MinHash on
character n-grams, with the optional ``datasketch`` package).

>>> remove_repeated_fragments("推进智慧公厕、智慧公厕等便民利民服务")
'推进智慧公厕等便民利民服务'
>>> remove_repeated_fragments("研究研究，天天看看，高高兴兴")
'研究研究，天天看看，高高兴兴'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from . import _core
from .blocks import ARTICLE_START, Block, Drop, Op, TextEdit
from .chardata import load_words
from .errors import core_failure as _core_failure
from .steps import block_step, inline_step
from .trace import Edit, han_count

__all__ = ["drop_repeated_paragraphs", "find_near_duplicates", "remove_repeated_fragments"]

# --- remove_repeated_fragments ----------------------------------------------------------------

# The rules run in the Rust core (rust/src/dedup.rs), built once with the allow list; the
# Python rules they replace are tests/reference/dedup.py.
_REPEATS = _core.RepeatedFragments(sorted(load_words("reduplication_allow")))

#: The reason of each rule of the core (separated, tandem, read again), followed by the text it
#: shows: the fragment and its separator, the fragment, the fragment.
_REASONS = (
    "fragment repeated back to back: ",
    "clause or sentence repeated back to back: ",
    "column line read again after the gap: ",
)

#: Anything that can start or end a fragment: separators, other punctuation, spaces.
_BOUNDARY = regex.compile(r"[\p{P}\p{S}\s]")


def _is_boundary(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or _BOUNDARY.match(text[i]) is not None


def _periodic(core: str) -> bool:
    """Whether ``core`` is itself a repetition (``研究研究``, ``哈哈哈哈``): speech, not layout.
    (The core has its own; the tests use this one to build repetitions the step removes.)

    >>> _periodic("研究研究"), _periodic("研究")
    (True, False)
    """
    n = len(core)
    return n > 0 and (core + core).find(core, 1) < n


@inline_step
def remove_repeated_fragments(text: str) -> list[Edit]:
    """Remove a fragment repeated back to back: a list item, clause or sentence, or the tail of
    a column line read again.

    - at a separator, the fragment after it runs to the next separator of the same rank (a
      list item ends at ``、`` or ``等``, a clause at ``，``, a sentence at ``。``); if the
      text just before the separator is the same fragment, the first copy and its separator
      are removed. A copy that is only the start of a longer item
      (``大足区名校长、大足区名校长工作室``) is not a repetition;
    - a fragment repeated right after itself with punctuation in it: a clause or sentence of
      four Han characters or more (digits and Latin letters count, with two Han at least:
      ``8月15日，8月15日，``), or, not aligned on punctuation, six characters (three Han);
      copies that differ only in spaces count (a column space left in one of them);
    - the text before a space read again after it (``连续开发了 年来，公司连续开发了``).

    A fragment that is itself a reduplication (``研究研究，研究研究，``), has fewer than three
    different characters or is listed in ``data/reduplication_allow.txt`` stays.

    >>> remove_repeated_fragments("大足区名校长、大足区名校长、大足区名校长工作室主持人")
    '大足区名校长、大足区名校长工作室主持人'
    >>> remove_repeated_fragments("## 大调研大讨论 大调研大讨论 表为")
    '## 大调研大讨论 表为'
    >>> remove_repeated_fragments("垃圾垃圾进行清除，加油，加油")
    '垃圾垃圾进行清除，加油，加油'
    >>> remove_repeated_fragments("多年来，公司连续开发了 年来，公司连续开发了新产品")
    '多年来，公司连续开发了新产品'
    """
    try:
        found = _REPEATS.edits(text)
    except _core.PanicException as exc:
        raise _core_failure("remove_repeated_fragments", exc) from exc
    return [Edit(start, end, "", _REASONS[rule] + text[start:shown]) for start, end, rule, shown in found]


# --- drop_repeated_paragraphs -----------------------------------------------------------------

_WS = regex.compile(r"\s+")
_CLAUSE_PUNCT = regex.compile(r"[，。；！？,;!?]")
_SENTENCE_END = frozenset("。！？!?")
_PIECE_END = _SENTENCE_END | frozenset("，、；,;")
#: How many paragraphs back a repeat is looked for; further away it may be another article.
_WINDOW = 3
#: A paragraph (or repeated sentence) shorter than this is never dropped: names, photo labels,
#: headings and slogans repeat for real.
_MIN_PARAGRAPH = 12


def _key(text: str) -> str:
    return _WS.sub("", text)


def _eligible(key: str) -> bool:
    return (
        len(key) >= _MIN_PARAGRAPH
        and han_count(key) >= _MIN_PARAGRAPH * 2 // 3
        and _CLAUSE_PUNCT.search(key) is not None
    )


def _repeated_head(prev: str, text: str) -> int:
    """Length of the longest head of ``text`` made of whole sentences that ``prev`` ends with,
    starting in ``prev`` at a boundary (0 if none or too short)."""
    # A head that ``prev`` ends with ends with ``prev``'s last character, a sentence end: only
    # those places in ``text`` are tried (not every character), and only heads shorter than
    # ``text`` and no longer than ``prev``.
    last = prev[-1:]
    if last not in _SENTENCE_END:
        return 0
    best = 0
    limit = min(len(text) - 1, len(prev))
    p = text.find(last, 0, limit)
    while p >= 0:
        k = p + 1
        head = text[:k]
        if prev.endswith(head) and _is_boundary(prev, len(prev) - k - 1) and _eligible(head):
            best = k
        p = text.find(last, k, limit)
    return best


@block_step
def drop_repeated_paragraphs(blocks: Sequence[Block]) -> Iterator[Op]:
    """Remove a paragraph that repeats one of the paragraphs just before or after it.

    Compared with whitespace removed: a paragraph equal to one of the three before it, or
    contained in the paragraph right before or after it, is dropped; whole sentences at the
    start of a paragraph that end the paragraph before it are removed from it. Only
    paragraphs of 12 characters or more with clause punctuation count: names, photo labels
    (``丁中平``), headings and slogans repeat for real, and so do paragraphs far apart.

    >>> drop_repeated_paragraphs("要以数字化手段深入推进改革，提升企业幸福感。\\n要以数字化手段深入推进改革，提升企业幸福感。\\n丁中平\\n丁中平")
    '要以数字化手段深入推进改革，提升企业幸福感。\\n丁中平\\n丁中平'
    >>> drop_repeated_paragraphs("他强调，要以数字化手段深入推进改革，提升企业幸福感。\\n要以数字化手段深入推进改革，提升企业幸福感。要完善功能配套。")
    '他强调，要以数字化手段深入推进改革，提升企业幸福感。\\n要完善功能配套。'
    """
    keys = [_key(b.text) for b in blocks]
    live = [i for i, k in enumerate(keys) if k]
    # The window looks back over the paragraphs kept so far, never over a dropped one: so the
    # decision is the same when the output is cleaned again (idempotence).
    kept: list[int] = []
    for pos, i in enumerate(live):
        key = keys[i]
        if ARTICLE_START in blocks[i].hints:
            kept.clear()  # a given article break: both articles keep their text
        if not _eligible(key):
            kept.append(i)
            continue
        before = kept[-_WINDOW:]
        after = live[pos + 1 : pos + 2]
        if any(keys[j] == key for j in before):
            yield Drop(i, "paragraph repeats one just before it")
            continue
        neighbours = before[-1:] + after
        # Only a sentence, or a piece cut after a pause mark: a line ending otherwise found
        # inside its neighbour is a pull quote, a heading or a caption that repeats the
        # body's words for real.
        if key[-1] in _PIECE_END and any(key in keys[j] and keys[j] != key for j in neighbours):
            yield Drop(i, "paragraph repeated inside the next or previous one")
            continue
        kept.append(i)
        if before:
            k = _repeated_head(blocks[before[-1]].text, blocks[i].text)
            if k:
                yield TextEdit(i, 0, k, "", "sentences repeated from the end of the paragraph before")


# --- find_near_duplicates ---------------------------------------------------------------------


def find_near_duplicates(
    texts: Sequence[str],
    *,
    threshold: float = 0.8,
    ngram: int = 5,
    num_perm: int = 128,
) -> list[tuple[int, int, float]]:
    """Pairs of near-duplicate texts in a batch, for corpus deduplication (reported only).

    Each text (whitespace removed) becomes the set of its character ``ngram``-grams; MinHash
    with ``num_perm`` permutations and LSH (the ``datasketch`` package) find the pairs whose
    estimated Jaccard similarity is ``threshold`` or more. Returns ``(i, j, similarity)`` with
    ``i < j``, sorted. Needs ``datasketch`` (``pip install datasketch``).

    >>> a = "重庆市人民政府日前印发了制造业高质量绿色发展行动计划，到2025年绿色转型取得显著成效。"
    >>> pairs = find_near_duplicates([a, a.replace("显著", "明显"), "今天天气很好。"], threshold=0.5)
    >>> [(i, j, round(s, 1)) for i, j, s in pairs]
    [(0, 1, 0.7)]
    """
    try:
        from datasketch import MinHash, MinHashLSH  # noqa: PLC0415 - optional dependency
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "find_near_duplicates needs the optional package datasketch: pip install datasketch"
        ) from exc
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    if ngram < 1:
        raise ValueError(f"ngram must be at least 1, not {ngram!r}")
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = []
    for i, text in enumerate(texts):
        key = _key(text)
        grams = {key[k : k + ngram] for k in range(max(1, len(key) - ngram + 1))}
        mh = MinHash(num_perm=num_perm, seed=1)
        mh.update_batch([g.encode("utf-8") for g in grams])
        hashes.append(mh)
        lsh.insert(i, mh)
    pairs = set()
    for i, mh in enumerate(hashes):
        for j in lsh.query(mh):
            if j != i:
                a, b = min(i, j), max(i, j)
                pairs.add((a, b))
    out = []
    for a, b in sorted(pairs):
        sim = float(hashes[a].jaccard(hashes[b]))
        if sim >= threshold:
            out.append((a, b, sim))
    return out
