"""The learned line model: linear-chain CRFs over a page's lines, evaluated without crfsuite.

Two sequence labellers share one feature function (:func:`cleantext.roles.model_features`):

- ``join`` labels each line of a page, as the wrap-joining step sees it, ``C`` (the rest of the
  previous line's paragraph, broken by a wrap) or ``N`` (a line of its own);
- ``segment`` labels each line of the cleaned page with a role and whether it opens an article
  (``B-title``, ``I-paragraph``, ``O-page-header`` …).

They are trained by ``tools/train_roles.py`` with python-crfsuite on pages generated from real
articles (``benchmarks/pagegen.py``) and shipped as package data (``data/line_model.json.gz``):
feature weights per label and label-to-label transitions, which is all Viterbi decoding and
forward-backward need. Decoding is done here, in a few lines of Python, so running the model
needs no compiled dependency; a model is immutable and loaded once per process.

>>> m = LineModel("t", ("A", "B"), ((0.0, -1.0), (-1.0, 0.0)), {"x": ((1, 2.0),)})
>>> m.decode([["x"], [], []])
['B', 'B', 'B']
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["MODEL_VERSION", "LineModel", "LineModels", "default_models", "load_models", "models_for"]

#: The format version of the model file; a file of another version is refused.
MODEL_VERSION = 1
_RESOURCE = "line_model.json.gz"


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


@dataclass(frozen=True, slots=True)
class LineModels:
    """The models of one model file, with the version and a description of their training."""

    version: int
    join: LineModel
    segment: LineModel
    trained: str = ""


def _model_from_json(name: str, data: Mapping[str, Any]) -> LineModel:
    labels = tuple(str(x) for x in data["labels"])
    transitions = tuple(tuple(float(v) for v in row) for row in data["transitions"])
    if len(transitions) != len(labels) or any(len(r) != len(labels) for r in transitions):
        raise ValueError(f"model {name!r}: transitions do not match its {len(labels)} labels")
    weights = {
        str(attr): tuple((int(k), float(v)) for k, v in pairs)
        for attr, pairs in data["weights"].items()
    }
    return LineModel(name, labels, transitions, weights)


def load_models(data: bytes) -> LineModels:
    """Read a model file (gzipped JSON, as ``tools/train_roles.py`` writes it)."""
    obj = json.loads(gzip.decompress(data))
    if obj.get("version") != MODEL_VERSION:
        raise ValueError(f"model file version {obj.get('version')!r}, expected {MODEL_VERSION}")
    return LineModels(
        version=MODEL_VERSION,
        join=_model_from_json("join", obj["join"]),
        segment=_model_from_json("segment", obj["segment"]),
        trained=str(obj.get("trained", "")),
    )


@cache
def default_models() -> LineModels:
    """The models shipped with the package (read once per process; immutable)."""
    return load_models(resources.files("cleantext").joinpath("data", _RESOURCE).read_bytes())


@cache
def models_for(path: str) -> LineModels:
    """The models of the file at ``path`` (``""``: the shipped ones), read once per process."""
    if not isinstance(path, str):
        raise TypeError(f"a model path is a str, not {type(path).__name__}")
    if not path:
        return default_models()
    with open(path, "rb") as fh:
        return load_models(fh.read())
