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

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import pairwise

import regex

from .blocks import ARTICLE_START, Block, Drop, Op, TextEdit
from .chardata import find_all, load_words, one_of
from .steps import block_step, inline_step
from .trace import Edit, han_count

__all__ = ["drop_repeated_paragraphs", "find_near_duplicates", "remove_repeated_fragments"]

# --- remove_repeated_fragments ----------------------------------------------------------------

#: Separator rank: a repeated fragment ends at the next separator of the same rank or higher.
_RANK = {"、": 1, " ": 1, "，": 2, "；": 2, ",": 2, ";": 2, "。": 3, "！": 3, "？": 3, "!": 3, "?": 3}
#: Shortest repeated fragment (characters, of which at least two Han) for each separator. A list
#: item needs four: Chinese names have two or three characters, and two people may share one.
_MIN_LEN = {"、": 4, " ": 4, "，": 8, "；": 8, ",": 8, ";": 8, "。": 8, "！": 8, "？": 8, "!": 8, "?": 8}
#: Characters that end a list item besides separators: ``智慧公厕、智慧公厕等``.
_ITEM_END = frozenset("等")
#: Anything that can start or end a fragment: separators, other punctuation, spaces.
_BOUNDARY = regex.compile(r"[\p{P}\p{S}\s]")


@cache
def _allowed() -> frozenset[str]:
    return load_words("reduplication_allow")


_SEPARATOR = one_of(frozenset(_RANK))
_ITEM_END_RE = one_of(frozenset(_ITEM_END))
#: No fragment is shorter (see _MIN_LEN).
_SHORTEST = min(_MIN_LEN.values())


def _is_boundary(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or _BOUNDARY.match(text[i]) is not None


def _separated_repeats(text: str) -> Iterator[Edit]:
    """A fragment repeated across a list, clause, sentence or space separator, the second copy
    running to the next separator of its rank, ``等`` or the line end."""
    seps = [m.start() for m in _SEPARATOR.finditer(text)]
    if not seps:
        return
    # Both copies of a repetition end with the same _SHORTEST characters: the first before a
    # separator, the second before a separator, 等 or the line end. A line where all these
    # endings differ (nearly every line) has no repetition, found in one pass over the line.
    k = _SHORTEST
    endings = [text[p - k : p] for p in seps if p >= k]
    endings += [text[p - k : p] for p in find_all(text, _ITEM_END) if p >= k]
    endings.append(text[-k:])
    if len(set(endings)) == len(endings):
        return
    # For each rank r, the separators of rank r or higher: a fragment after a separator of
    # rank r ends at the next of them (or at the end of the line).
    at_least = {r: [p for p in seps if _RANK[text[p]] >= r] for r in set(_RANK.values())}
    last_end = 0
    for p in seps:
        if p < last_end:
            continue
        sep = text[p]
        rank = _RANK[sep]
        ends = at_least[rank]
        k = bisect_right(ends, p)
        q = ends[k] if k < len(ends) else len(text)
        if sep == "、":
            item_end = _ITEM_END_RE.search(text, p + 1, q)
            q = item_end.start() if item_end else q
        n = q - (p + 1)
        fragment = text[p + 1 : q]
        if (
            n < _MIN_LEN[sep]
            or p - n < last_end
            or text[p - n : p] != fragment
            or han_count(fragment) < 2
            or fragment.strip() in _allowed()
            or fragment != fragment.strip()
        ):
            continue
        if sep != "、" and not _is_boundary(text, p - n - 1):
            continue
        if not _acceptable(text, p - n, p):
            continue
        yield Edit(p - n, p + 1, "", f"fragment repeated back to back: {fragment}{sep}")
        last_end = p + 1


#: A repetition found anywhere (not only at a separator) is this long at least (characters).
_MIN_TANDEM = 4
#: The longest repetition looked for (characters): a long sentence, read twice.
_MAX_TANDEM = 400
#: A repetition whose copies are aligned on punctuation (a clause or sentence repeated) has at
#: least this many Han characters: shorter ones (``加油，加油，``) are said for real.
_MIN_ALIGNED_HAN = 4
#: A column line read again after the column gap (``连续开发了 年来，公司连续开发了``): at most
#: this long (characters), a column line is not longer.
_MAX_REREAD = 40
_PUNCT_OR_SPACE = regex.compile(r"[\p{P}\p{S} ]")


def _periodic(core: str) -> bool:
    """Whether ``core`` is itself a repetition (``研究研究``, ``哈哈哈哈``): speech, not layout."""
    n = len(core)
    return n > 0 and (core + core).find(core, 1) < n


#: A repetition ending with one of these (a call, a question) or inside a quotation is said
#: for real more often (``驅散佢哋！驅散佢哋！``): it needs the old length, 8 Han characters.
_RHETORIC_END = frozenset("！？!?")
_MIN_RHETORIC_HAN = 8
_OPENING_QUOTES = "“「『"
_LABEL_OPENERS = frozenset("【〔［[〖")
_LABEL_CLOSERS = frozenset("】〕］]〗")
_CLOSING_QUOTES = "”」』"


def _in_quotation(text: str, at: int) -> bool:
    before = text[:at]
    return sum(map(before.count, _OPENING_QUOTES)) > sum(map(before.count, _CLOSING_QUOTES))


def _acceptable(text: str, start: int, end: int, *, rhetoric: bool = True) -> bool:
    """Whether ``text[start:end]``, repeated right after itself, is a layout or OCR repetition."""
    fragment = text[start:end]
    core = fragment.strip(" ，、；。！？,;!?")
    han = han_count(fragment)
    if "|" in fragment or len(set(core)) < 3 or _periodic(core) or core in _allowed():
        return False  # a table row, or a reduplication or a chant
    if core[:1] in _LABEL_OPENERS and core[-1:] in _LABEL_CLOSERS:
        return False  # a bracketed label: a column's name and then the title (`【X】【X】`)
    if not rhetoric:
        return True
    if han < _MIN_ALIGNED_HAN:
        return False
    # A call, a question or words in a quotation are repeated for real more often.
    return han >= _MIN_RHETORIC_HAN or not (
        fragment.rstrip(_CLOSING_QUOTES)[-1:] in _RHETORIC_END or _in_quotation(text, start)
    )


def _common_suffix(text: str, a: int, b: int, limit: int) -> int:
    """How many characters before ``a`` and before ``b`` are equal (at most ``limit``)."""
    n = 0
    while n < limit and a - n > 0 and text[a - n - 1] == text[b - n - 1]:
        n += 1
    return n


def _common_prefix(text: str, a: int, b: int, limit: int) -> int:
    n = 0
    end = len(text)
    while n < limit and max(a, b) + n < end and text[a + n] == text[b + n]:
        n += 1
    return n


def _tandem_repeats(text: str) -> Iterator[Edit]:
    """A fragment repeated right after itself, found from two equal punctuation marks.

    Each copy of a repeated fragment that holds a punctuation mark holds it at the same
    place: for two equal marks ``k`` characters apart, the text around them is a repetition
    of period ``k`` if it agrees for ``k`` characters. The copies to remove are aligned on
    punctuation when they can be (a whole clause or sentence, started at a boundary); a
    repetition that is not (the tail of a column line read again) must be longer.
    """
    marks = [m.start() for m in _PUNCT_OR_SPACE.finditer(text)]
    if len(marks) < 2:
        return
    by_char: dict[str, list[int]] = {}
    for p in marks:
        by_char.setdefault(text[p], []).append(p)
    done = 0  # text before this offset is settled (a removal, or the copy it keeps)
    candidates = sorted(
        (q - p, p, q)
        for positions in by_char.values()
        for p, q in pairwise(positions)
        if _MIN_TANDEM <= q - p <= _MAX_TANDEM
    )
    found: list[tuple[int, int, int]] = []
    for k, p, q in candidates:
        left = _common_suffix(text, p + 1, q + 1, k)
        if left + _common_prefix(text, p + 1, q + 1, k) < k:
            continue
        start = p + 1 - left
        right = _common_prefix(text, q + 1, q + 1 - k, len(text))  # the run goes on
        end = q + 1 + right
        found.append((start, end, k))
    found.sort()
    for start, end, k in found:
        if start < done:
            continue
        # Prefer copies that start at a boundary and end with punctuation: a clause repeated.
        aligned = [
            a
            for a in range(start, end - 2 * k + 1)
            if _is_boundary(text, a - 1)
            and _BOUNDARY.match(text[a + k - 1])
            and text[a] != " "
        ]
        if not aligned:
            continue  # not a whole clause or sentence: an enumeration (`第九答辯人、第十答辯人、第十一`)
        a = aligned[0]
        copies = (end - a) // k
        fragment = text[a : a + k]
        if not _acceptable(text, a, a + k):
            continue
        yield Edit(a, a + (copies - 1) * k, "", f"clause or sentence repeated back to back: {fragment}")
        done = a + copies * k


def _reread_repeats(text: str) -> Iterator[Edit]:
    """The tail of a column line read again after the column gap: ``X Y…`` where the text
    before the space ends with ``Y…``: ``连续开发了 年来，公司连续开发了`` → ``连续开发了``."""
    done = 0
    for g in (m.start() for m in _LONE_SPACE.finditer(text)):
        if g < done:
            continue
        last = text[g - 1]
        best = 0
        k = text.find(last, g + _MIN_TANDEM, g + 1 + _MAX_REREAD)
        while k >= 0:
            n = k - g  # the copy after the space is text[g + 1 : k + 1]
            if n <= g and text[g - n : g] == text[g + 1 : k + 1]:
                best = n
            k = text.find(last, k + 1, g + 1 + _MAX_REREAD)
        if best < _MIN_TANDEM:
            continue
        fragment = text[g - best : g]
        # A space and then the text before it again: layout, even in a quotation or a call.
        if han_count(fragment) < 2 or not _acceptable(text, g - best, g, rhetoric=False):
            continue
        yield Edit(g - best, g + 1, "", f"column line read again after the gap: {fragment}")
        done = g + 1 + best


_LONE_SPACE = regex.compile(r"(?<=[^ ]) (?=[^ ])")


@inline_step
def remove_repeated_fragments(text: str) -> Iterator[Edit]:
    """Remove a fragment repeated back to back: a list item, clause or sentence, or the tail of
    a column line read again.

    - at a separator, the fragment after it runs to the next separator of the same rank (a
      list item ends at ``、`` or ``等``, a clause at ``，``, a sentence at ``。``); if the
      text just before the separator is the same fragment, the first copy and its separator
      are removed. A copy that is only the start of a longer item
      (``大足区名校长、大足区名校长工作室``) is not a repetition;
    - a fragment repeated right after itself with punctuation in it: a clause or sentence of
      four Han characters or more, or, not aligned on punctuation, six characters (three Han);
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
    # Nearly every line has no punctuation mark or space repeated at a distance that could
    # hold a repetition; those are passed without any further look.
    edits: list[Edit] = list(_separated_repeats(text))
    for more in (_tandem_repeats, _reread_repeats):
        for e in more(text):
            # Each removal keeps a copy right after it: another removal touches neither.
            n = e.end - e.start
            if not any(e.start < f.end + (f.end - f.start) and f.start < e.end + n for f in edits):
                edits.append(e)
    yield from sorted(edits, key=lambda e: e.start)


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
