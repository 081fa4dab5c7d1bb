"""``remove_repeated_fragments`` as it was in Python (dedup.py at ba0fc13), as a plain function
yielding edits on one line: the reference of tests/test_dedup_core.py."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

import regex

from cleantext.chardata import find_all, load_words, one_of
from cleantext.trace import Edit, han_count

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
    # Digits and Latin letters count too (`8月15日，8月15日，`: a date is no rhetoric), with two
    # Han characters at least.
    words = han + sum(c.isascii() and c.isalnum() for c in fragment)
    if han < 2 or words < _MIN_ALIGNED_HAN:
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


def _tandem_repeats_ignoring_spaces(text: str) -> Iterator[Edit]:
    """:func:`_tandem_repeats` on the text without its spaces, mapped back: copies that differ
    only in a space (a column space left in one of them, ``分享 创业心得，…分享创业心得，``)."""
    if " " not in text:
        return
    at = [i for i, c in enumerate(text) if c != " "]
    squeezed = "".join(text[i] for i in at)
    at.append(len(text))
    for e in _tandem_repeats(squeezed):
        k = len(e.reason.split(": ", 1)[1])  # the fragment shown: one copy
        start, end = at[e.start], at[e.end]
        yield Edit(start, end, "", f"clause or sentence repeated back to back: {text[start : at[e.start + k]]}")


def remove_repeated_fragments(text: str) -> Iterator[Edit]:
    """The step on one line, as the package had it."""
    # Nearly every line has no punctuation mark or space repeated at a distance that could
    # hold a repetition; those are passed without any further look.
    edits: list[Edit] = list(_separated_repeats(text))
    for more in (_tandem_repeats, _reread_repeats, _tandem_repeats_ignoring_spaces):
        for e in more(text):
            # Each removal keeps a copy right after it: another removal touches neither.
            n = e.end - e.start
            if not any(e.start < f.end + (f.end - f.start) and f.start < e.end + n for f in edits):
                edits.append(e)
    yield from sorted(edits, key=lambda e: e.start)
