"""The learned line model: file format, decoding, and its place in joining and segmentation."""

from __future__ import annotations

import gzip
import itertools
import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Cleaner, Config
from cleantext.blocks import Block
from cleantext.model import MODEL_VERSION, LineModel, default_models, load_models, models_for
from cleantext.roles import model_features

from .reference.model import reference_of

_TOY = LineModel(
    "toy",
    ("B", "I"),
    ((-1.0, 0.5), (0.2, 0.1)),
    {"a": ((0, 2.0),), "b": ((1, 1.5), (0, -0.5))},
)


def _brute_force(model: LineModel, feats: list[list[str]]) -> tuple[list[str], list[dict[str, float]]]:
    """Best path and marginals by enumerating every labelling (small inputs only)."""
    n = len(model.labels)
    em = reference_of(model)._emissions(feats)
    scores = {}
    for path in itertools.product(range(n), repeat=len(feats)):
        s = sum(em[i][k] for i, k in enumerate(path))
        s += sum(model.transitions[a][b] for a, b in itertools.pairwise(path))
        scores[path] = s
    best = max(scores, key=scores.__getitem__)
    z = math.log(sum(math.exp(v) for v in scores.values()))
    marg = [
        {
            model.labels[k]: sum(math.exp(v - z) for p, v in scores.items() if p[i] == k)
            for k in range(n)
        }
        for i in range(len(feats))
    ]
    return [model.labels[k] for k in best], marg


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3), min_size=1, max_size=6))
def test_viterbi_and_marginals_match_brute_force(feats: list[list[str]]) -> None:
    path, marg = _brute_force(_TOY, feats)
    got = _TOY.marginals(feats)
    assert [max(m, key=m.__getitem__) for m in got]  # one label per line
    for m, want in zip(got, marg, strict=True):
        assert sum(m.values()) == pytest.approx(1.0)
        for lab in _TOY.labels:
            assert m[lab] == pytest.approx(want[lab], abs=1e-9)
    # Ties aside, Viterbi finds the best path.
    decoded = _TOY.decode(feats)
    em = reference_of(_TOY)._emissions(feats)

    def score(p: list[str]) -> float:
        ks = [_TOY.labels.index(x) for x in p]
        return sum(em[i][k] for i, k in enumerate(ks)) + sum(
            _TOY.transitions[a][b] for a, b in itertools.pairwise(ks)
        )

    assert score(decoded) == pytest.approx(score(path))


def test_required_prefix_is_obeyed() -> None:
    feats = [["b"], ["b"], ["b"]]
    assert _TOY.decode(feats)[1] == "I"
    assert _TOY.decode(feats, require={1: "B"})[1] == "B"


def test_shipped_model_loads_and_has_both_parts() -> None:
    models = default_models()
    assert models.version == MODEL_VERSION
    assert "C" in models.join.labels and "N" in models.join.labels
    assert any(lab.endswith("-title") for lab in models.segment.labels)
    assert models_for("") is models
    size = (Path(cleantext.__file__).parent / "data" / "line_model.json.gz").stat().st_size
    assert size <= 5 * 1024 * 1024


def test_model_file_of_another_version_is_refused(tmp_path: Path) -> None:
    data = gzip.compress(json.dumps({"version": MODEL_VERSION + 1}).encode())
    with pytest.raises(ValueError, match="version"):
        load_models(data)
    with pytest.raises(TypeError):
        models_for(None)  # type: ignore[arg-type]


def test_config_names_a_model_file(tmp_path: Path) -> None:
    empty = {"labels": [], "transitions": [], "weights": {}}
    path = tmp_path / "m.json.gz"
    path.write_bytes(
        gzip.compress(
            json.dumps({"version": MODEL_VERSION, "join": empty, "segment": empty}).encode()
        )
    )
    cleaner = Cleaner(Config(line_model=str(path)))
    assert pickle.loads(pickle.dumps(cleaner)).config.line_model == str(path)
    # An empty model asks nothing: the rules alone decide.
    assert cleaner.clean("第一行，\n第二行。") == "第一行，第二行。"


def test_features_are_computed_for_text_lines_only() -> None:
    idx, feats = model_features([Block(""), Block("标题"), Block("  "), Block("正文，正文。")])
    assert idx == [1, 3]
    assert "blank_before" in feats[0] and "blank_before" in feats[1]
    assert "ends_final" in feats[1] and "n:ends_final" in feats[0]


# Clean text, as published: a title line and one paragraph a line (self-written).
_CLEAN = [
    "城市更新行动：老旧小区改造提速，居民生活品质提升\n"
    "今年以来，全市加快推进老旧小区改造，完成加装电梯三百余部。\n"
    "据介绍，下一步将统筹推进管网更新和社区服务设施建设。\n",
    "再谈夜间经济：繁荣的背后，不仅是消费的升级\n"
    "夜幕降临，步行街上人流如织。\n"
    "商户们说，今年的生意比往年好了不少，一些店铺延长了营业时间，吸引了更多年轻顾客前来消费。\n",
]


def _write(path: Path, join: dict[str, object]) -> str:
    empty = {"labels": [], "transitions": [], "weights": {}}
    path.write_bytes(
        gzip.compress(json.dumps({"version": MODEL_VERSION, "join": join, "segment": empty}).encode())
    )
    return str(path)


def test_join_model_vetoes_only_the_weak_reading(tmp_path: Path) -> None:
    """A confident ``N`` stops "the sentence goes on", never a certain rule."""
    # A toy model: a line that opens a sentence-like paragraph is its own line, surely.
    always_new = _write(
        tmp_path / "m.json.gz",
        {"labels": ["C", "N"], "transitions": [[0, 0], [0, 0]],
         "weights": {"first=han": [[1, 20.0]], "first=，": [[1, 20.0]]}},
    )
    cleaner = Cleaner(Config(line_model=always_new, separate_articles=False))
    weak = "城市更新行动提速。老旧小区改造提速，居民生活品质提升，我们要抓住这\n个机会，全市加快推进老旧小区改造。"
    assert cleantext.clean(weak, Config(line_model=_write(tmp_path / "e.json.gz", {
        "labels": [], "transitions": [], "weights": {}}), separate_articles=False)).count("\n") == 0
    assert cleaner.clean(weak) == weak
    strong = "他说，这是一个很好的发展机会，我们要\n，抓住机会。"
    assert "\n" not in cleaner.clean(strong)


@pytest.mark.parametrize("text", _CLEAN)
def test_clean_articles_keep_their_lines(text: str) -> None:
    """A title with commas is not glued onto the first paragraph."""
    out = cleantext.clean(text)
    assert out.splitlines() == [line for line in text.splitlines() if line]


def test_segment_model_keeps_the_inputs_article_breaks() -> None:
    """Split by the model, a blank line the input puts between articles still opens one."""
    page = (
        "城市更新行动提速\n今年以来，全市加快推进老旧小区改造，完成加装电梯三百余部。\n\n"
        "夜间经济繁荣\n夜幕降临，步行街上人流如织，商户们说今年的生意比往年好。\n"
    )
    config = Config(segment_model=True)
    articles = [a for a in cleantext.split(page, config) if a.kind == "article"]
    assert len(articles) >= 2
    assert articles[-1].blocks[0].text == "夜间经济繁荣"
    # Every input line lands in exactly one record.
    lines = [b.text for a in cleantext.split(page, config) for b in a.blocks if b.text]
    assert lines == [x for x in page.splitlines() if x]
    # And the segment model is asked only when the config says so.
    assert Config().segment_model is False
