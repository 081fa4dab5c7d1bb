"""The line model's decoding as it was in Python (``cleantext/model.py`` at 1a9d22a): Viterbi
and forward-backward over feature strings, the reference of the core's ``Crf``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import cleantext.model


@dataclass(frozen=True, slots=True)
class LineModel:
    """One linear-chain CRF: labels, transition weights and per-feature label weights."""

    name: str
    labels: tuple[str, ...]
    transitions: tuple[tuple[float, ...], ...]
    """``transitions[a][b]``: the weight of label ``b`` following label ``a``."""
    weights: Mapping[str, tuple[tuple[int, float], ...]]
    """Feature name -> (label index, weight) pairs; absent features weigh nothing."""

    def _emissions(self, features: Sequence[Sequence[str]]) -> list[list[float]]:
        n = len(self.labels)
        out = []
        weights = self.weights
        for attrs in features:
            row = [0.0] * n
            for a in attrs:
                w = weights.get(a)
                if w is not None:
                    for k, v in w:
                        row[k] += v
            out.append(row)
        return out

    def decode(
        self, features: Sequence[Sequence[str]], *, require: Mapping[int, str] | None = None
    ) -> list[str]:
        """The most likely labels (Viterbi) of a sequence of lines given their features.

        ``require`` maps a position to a label prefix that its label must have (a rule that
        is certain, such as a blank line that the input itself puts between two articles).
        """
        if not features:
            return []
        em = self._emissions(features)
        n = len(self.labels)
        for pos, prefix in (require or {}).items():
            em[pos] = [
                v if lab.startswith(prefix) else -math.inf
                for v, lab in zip(em[pos], self.labels, strict=True)
            ]
        trans = self.transitions
        score = em[0]
        back: list[list[int]] = []
        for row in em[1:]:
            new = [0.0] * n
            ptr = [0] * n
            for b in range(n):
                best_a = max(range(n), key=lambda a, b=b: score[a] + trans[a][b])  # type: ignore[misc]
                ptr[b] = best_a
                new[b] = score[best_a] + trans[best_a][b] + row[b]
            score = new
            back.append(ptr)
        last = max(range(n), key=score.__getitem__)
        path = [last]
        for ptr in reversed(back):
            last = ptr[last]
            path.append(last)
        path.reverse()
        return [self.labels[k] for k in path]

    def marginals(self, features: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """The probability of each label at each line (forward-backward).

        Computed on probabilities scaled at every line (not on logarithms): each line's
        scores are shifted by their maximum before exponentiation, so nothing overflows.
        """
        if not features:
            return []
        n = len(self.labels)
        rng = range(n)
        trans = [[math.exp(v) for v in row] for row in self.transitions]
        pot = []
        for row in self._emissions(features):
            top = max(row)
            pot.append([math.exp(v - top) for v in row])
        fwd = []
        prev = pot[0]
        total = sum(prev)
        prev = [v / total for v in prev]
        fwd.append(prev)
        for row in pot[1:]:
            cur = [row[b] * sum(prev[a] * trans[a][b] for a in rng) for b in rng]
            total = sum(cur)
            prev = [v / total for v in cur]
            fwd.append(prev)
        bwd = [[1.0] * n]
        for row in reversed(pot[1:]):
            nxt = bwd[-1]
            cur = [sum(trans[a][b] * row[b] * nxt[b] for b in rng) for a in rng]
            total = sum(cur)
            bwd.append([v / total for v in cur])
        bwd.reverse()
        out = []
        for f, g in zip(fwd, bwd, strict=True):
            joint = [f[k] * g[k] for k in rng]
            total = sum(joint)
            out.append({self.labels[k]: joint[k] / total for k in rng})
        return out


def reference_of(model: cleantext.model.LineModel) -> LineModel:
    """The reference model with the weights of a package model."""
    return LineModel(model.name, model.labels, model.transitions, model.weights)
