"""``flag_noise_lines`` as it was in Python (linewrap.py at ba0fc13): the candidate lines, and
``_bigram_index`` and ``_garbled_echo``, which the core replaces; the reference of
tests/test_noise_core.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import compress, count, islice

import regex

from cleantext.blocks import Annotate, Block, Op, Role
from cleantext.steps import block_step

_HAN = regex.compile(r"\p{Han}")
_HAN_RUN = regex.compile(r"\p{Han}+")
_SENTENCE = regex.compile(r"[，。！？；,!?;]")
# Bounds that keep the search linear: candidate lines are short, and a very common bigram
# is looked at in only so many places.
_NOISE_MAX_CHARS = 24
_DELIMITERS = frozenset("\n \t\u3000《》“”「」『』（）()【】〈〉，。、；：？！,.;:?!\"'")
_NOISE_MAX_WINDOWS = 16


def _garbled_echo(line: str, page: str, own_start: int, index: dict[str, list[int]]) -> bool:
    """Whether ``line`` is a copy of a phrase elsewhere on the page with characters misread.

    OCR that misreads a heading (``大足英才 智创未来`` → ``大王共才 智利未来``) keeps its
    length and its spaces and leaves scattered characters right; a reworded phrase keeps long
    runs. So: same shape, 40–85 % of the Han characters equal in place, at least two differ,
    and no run of more than three equal characters.
    """
    n = len(line)
    han_pos = [j for j, ch in enumerate(line) if _HAN.match(ch)]
    han_set = set(han_pos)
    other_pos = [j for j in range(n) if j not in han_set]
    seen: set[int] = set()
    # Rarest bigrams first: the echo shares them, chance windows share the common ones.
    anchors = sorted(
        ((j, index.get(line[j : j + 2], [])) for j in range(n - 1)), key=lambda a: len(a[1])
    )
    for j, hits in anchors:
        for p in hits:
            start = p - j
            if start in seen or start < 0 or start + n > len(page):
                continue
            if start < own_start + n and own_start < start + n:
                continue  # the line itself
            if len(seen) >= _NOISE_MAX_WINDOWS:
                return False
            seen.add(start)
            window = page[start : start + n]
            # The phrase echoed must stand on its own where it is found (a quoted column
            # title, a line): a stretch cut from the middle of a sentence matches scattered
            # characters of short lines by chance.
            before = page[start - 1] if start else "\n"
            after = page[start + n] if start + n < len(page) else "\n"
            if before not in _DELIMITERS or after not in _DELIMITERS or "\n" in window:
                continue
            if any(window[k] != line[k] for k in other_pos):
                continue
            if not _HAN_RUN.fullmatch("".join(window[k] for k in han_pos)):
                continue
            equal = [window[k] == line[k] for k in han_pos]
            same = sum(equal)
            run = best = 0
            for e in equal:
                run = run + 1 if e else 0
                best = max(best, run)
            if 0.4 <= same / len(han_pos) <= 0.85 and len(han_pos) - same >= 2 and best <= 3:
                return True
    return False


@block_step
def flag_noise_lines(blocks: Sequence[Block]) -> Iterator[Op]:
    """Mark suspected OCR noise lines (``role=NOISE``, hint ``"noise"``); never delete them.

    Conservative: a short, unpunctuated line is flagged only when it is a garbled echo of a
    phrase found elsewhere on the page (see :func:`_garbled_echo`).

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
    index = _bigram_index(page, {blocks[i].text for i, _ in candidates})
    for i, start in candidates:
        if _garbled_echo(blocks[i].text, page, start, index):
            yield Annotate(i, role=Role.NOISE, hints=frozenset({"noise"}))


_HAN_PAIR = regex.compile(r"\p{Han}{2}")


def _bigram_index(page: str, lines: set[str]) -> dict[str, list[int]]:
    """Where each pair of Han characters of ``lines`` occurs on the page, in reading order.

    Only the pairs the lines hold are kept; the page is read once, pair by pair, by iterators
    that run in C (a Python loop per character is what made this step slow).
    """
    pairs = {
        pair
        for line in lines
        for j in range(len(line) - 1)
        if _HAN_PAIR.fullmatch(pair := line[j : j + 2])
    }
    index: dict[str, list[int]] = {}
    wanted = map(pairs.__contains__, map(str.__add__, page, islice(page, 1, None)))
    for p in compress(count(), wanted):
        index.setdefault(page[p : p + 2], []).append(p)
    return index
