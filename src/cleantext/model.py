"""The learned line model: linear-chain CRFs over a page's lines, evaluated without crfsuite.

Two sequence labellers share one feature function (:func:`cleantext.roles.model_features`):

- ``join`` labels each line of a page, as the wrap-joining step sees it, ``C`` (the rest of the
  previous line's paragraph, broken by a wrap) or ``N`` (a line of its own);
- ``segment`` labels each line of the cleaned page with a role and whether it opens an article
  (``B-title``, ``I-paragraph``, ``O-page-header`` …).

They are trained by ``tools/train_roles.py`` with python-crfsuite on pages generated from real
articles (``benchmarks/pagegen.py``) and shipped as package data (``data/line_model.json.gz``):
feature weights per label and label-to-label transitions, which is all Viterbi decoding and
forward-backward need. Decoding runs in the compiled core (``_core.Crf``, rust/src/crf.rs),
on the features the core computes too (:func:`cleantext.roles.model_marginals`); a model is
immutable and loaded once per process.

>>> m = LineModel("t", ("A", "B"), ((0.0, -1.0), (-1.0, 0.0)), {"x": ((1, 2.0),)})
>>> m.decode([["x"], [], []])
['B', 'B', 'B']
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from . import _core

__all__ = ["MODEL_VERSION", "LineModel", "LineModels", "default_models", "load_models", "models_for"]

#: The format version of the model file; a file of another version is refused.
MODEL_VERSION = 1
_RESOURCE = "line_model.json.gz"


@dataclass(frozen=True, slots=True)
class LineModel:
    """One linear-chain CRF: labels, transition weights and per-feature label weights.

    The compiled core's :class:`~cleantext._core.Crf` is built from them once, with the
    model; the model pickles as its weights (the core object is rebuilt).
    """

    name: str
    labels: tuple[str, ...]
    transitions: tuple[tuple[float, ...], ...]
    """``transitions[a][b]``: the weight of label ``b`` following label ``a``."""
    weights: Mapping[str, tuple[tuple[int, float], ...]]
    """Feature name -> (label index, weight) pairs; absent features weigh nothing."""
    crf: _core.Crf = field(init=False, repr=False, compare=False)
    """The model in the compiled core (decoding and marginals run there)."""

    def __post_init__(self) -> None:
        crf = _core.Crf(list(self.labels), [list(r) for r in self.transitions], dict(self.weights))
        object.__setattr__(self, "crf", crf)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LineModel, (self.name, self.labels, self.transitions, self.weights))

    def decode(
        self, features: Sequence[Sequence[str]], *, require: Mapping[int, str] | None = None
    ) -> list[str]:
        """The most likely labels (Viterbi) of a sequence of lines given their features.

        ``require`` maps a position to a label prefix that its label must have (a rule that
        is certain, such as a blank line that the input itself puts between two articles).
        """
        return self.crf.decode([list(f) for f in features], dict(require) if require else None)

    def marginals(self, features: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """The probability of each label at each line (forward-backward).

        Computed on probabilities scaled at every line (not on logarithms): each line's
        scores are shifted by their maximum before exponentiation, so nothing overflows.
        """
        labels = self.labels
        return [dict(zip(labels, row, strict=True)) for row in self.crf.marginals([list(f) for f in features])]


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
