"""``segment._Cohesion`` as it was in Python (segment.py at 7ef99b6), the reference of the
core's ``Cohesion``: TF-IDF cosine of Han bigrams between stretches of a page's lines."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import cached_property
from itertools import chain, repeat
from operator import add, mul

import regex

_HAN_RUN = regex.compile(r"\p{Han}+")
# (1 + log c) ** 2 <= 4 / e * c for every c >= 1 (equality at c = e), with room for rounding.
_TF2_BOUND = 4 / math.e * (1 + 1e-12)
# Relative margin by which the cosine bound must clear a limit: rounding in the bound and in
# the cosine is below 1e-12 relative.
_BOUND_MARGIN = 1e-9


def _bigrams(text: str) -> list[str]:
    """The Han character bigrams of ``text``, in order, repeats included."""
    grams: list[str] = []
    for run in _HAN_RUN.findall(text):
        grams.extend(map(add, run, run[1:]))
    return grams


#: Vectors and cosines kept per page. A gap is looked at a few times in a row (the bound, then
#: the depth of the valley), so a short memory gets the reuse; an unbounded one held every
#: window of a long document (a 100 MB page went from 4.6 to 8.7 GB).
_MEMO_LIMIT = 512


class Cohesion:
    """TF-IDF cosine of Han bigrams between stretches of the page's lines.

    Each line's bigrams are read once; a stretch's vector is built from them with C-level
    counting and mapping. The arithmetic is the same, operation for operation and in the same
    order (a vector's keys in order of first occurrence), as the plain loops it replaces, so
    every cosine is the same float and every boundary decision the same.

    The tables are built when first asked for: a page that states its articles only compares
    a few headlines with their bodies (bigram sets, no weights), and a page of one paragraph
    compares nothing. A stretch's vector and a cosine are computed once per page (a gap is
    often looked at twice: the bound, then the depth of the valley).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._vectors: dict[tuple[int, ...], dict[str, float]] = {}
        self._cosines: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
        self._tf = [0.0]  # 1 + log(count), by count

    @cached_property
    def grams(self) -> list[list[str]]:
        return [_bigrams(t) for t in self.texts]

    @cached_property
    def distinct(self) -> list[frozenset[str]]:
        return [frozenset(g) for g in self.grams]

    @cached_property
    def idf(self) -> dict[str, float]:
        df = Counter(chain.from_iterable(self.distinct))
        n = max(len(self.texts), 1)
        # The weight depends only on a bigram's document frequency: one log per frequency.
        logs = {v: math.log((n + 1) / (v + 0.5)) for v in set(df.values())}
        return dict(zip(df, map(logs.__getitem__, df.values()), strict=True))

    @cached_property
    def idf2(self) -> dict[str, float]:
        """For the bound in `below`: each bigram's squared idf."""
        idf = self.idf
        return dict(zip(idf, map(mul, idf.values(), idf.values()), strict=True))

    @cached_property
    def mass(self) -> list[float]:
        """For the bound in `below`: each line's sum of squared idf over its bigram occurrences."""
        get = self.idf2.__getitem__
        return [sum(map(get, g)) for g in self.grams]

    def vector(self, lines: Sequence[int]) -> dict[str, float]:
        key = tuple(lines)
        known = self._vectors.get(key)
        if known is None:
            if len(self._vectors) >= _MEMO_LIMIT:
                self._vectors.clear()
            known = self._vectors[key] = self._vector(key)
        return known

    def _vector(self, lines: Sequence[int]) -> dict[str, float]:
        total = Counter(chain.from_iterable(map(self.grams.__getitem__, lines)))
        if not total:
            return {}
        tf = self._tf
        if len(tf) <= (top := max(total.values())):
            tf.extend(1 + math.log(v) for v in range(len(tf), top + 1))
        weights = map(mul, map(tf.__getitem__, total.values()), map(self.idf.__getitem__, total))
        return dict(zip(total, weights, strict=True))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if not a or not b:
            return 1.0  # nothing to compare: no evidence of a shift
        if len(a) > len(b):
            a, b = b, a
        dot = sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))
        na = math.sqrt(sum(map(mul, a.values(), a.values())))
        nb = math.sqrt(sum(map(mul, b.values(), b.values())))
        return dot / (na * nb) if na and nb else 1.0

    def between(self, left: Sequence[int], right: Sequence[int]) -> float:
        key = (tuple(left), tuple(right))
        known = self._cosines.get(key)
        if known is None:
            if len(self._cosines) >= _MEMO_LIMIT:
                self._cosines.clear()
            known = self._cosines[key] = self.cosine(self.vector(left), self.vector(right))
        return known

    def below(self, left: Sequence[int], right: Sequence[int], limit: float) -> bool:
        """Whether ``between(left, right) < limit``, without the vectors when a bound decides.

        A lower bound of the cosine comes from the bigrams' document weights alone: every
        shared bigram adds at least ``idf**2`` to the dot product (a term weight is at least 1),
        and ``(1 + log c) ** 2 <= 4 / e * c`` bounds each squared norm by the sum of ``idf**2``
        over the stretch's bigram occurrences. Sets and sums give it in a fraction of the time
        of the vectors; when it reaches the limit (with a margin far above rounding error), the
        cosine does too. Otherwise the cosine is computed.
        """
        mass = sum(map(self.mass.__getitem__, left)) * sum(map(self.mass.__getitem__, right))
        if mass > 0:
            # The bigrams of one side looked up in the set of the other (no second set built).
            # The order of the sum may differ from a set intersection's: far below the margin.
            distinct = self.distinct.__getitem__
            shared = frozenset().union(*map(distinct, left)).intersection(
                chain.from_iterable(map(distinct, right))
            )
            dot = sum(map(self.idf2.__getitem__, shared))
            if dot >= limit * (1 + _BOUND_MARGIN) * _TF2_BOUND * math.sqrt(mass):
                return False
        return self.between(left, right) < limit

    def containment(self, line: int, lines: Sequence[int]) -> float:
        """Share of the line's bigrams found in ``lines`` (a headline against a body)."""
        own = self.distinct[line]
        if not own:
            return 0.0
        body = frozenset().union(*map(self.distinct.__getitem__, lines))
        return len(own & body) / len(own)
