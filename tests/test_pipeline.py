"""The pipeline's contracts: idempotence, a complete trace, names that agree, picklability."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import STEP_NAMES, Cleaner, Config, replay
from cleantext.chardata import SMALL_FORM_PUNCT
from cleantext.pipeline import PIPELINE

from .conftest import SEED_FILES


def test_seeds_are_the_shared_pages() -> None:
    assert len(SEED_FILES) == 5


def test_idempotent_on_seeds(seed: str) -> None:
    once = cleantext.clean(seed)
    assert cleantext.clean(once) == once


def test_trace_replays_to_output_on_seeds(seed: str) -> None:
    out, changes = cleantext.clean_and_explain(seed)
    assert replay(seed, changes) == out
    assert out == cleantext.clean(seed)


def test_every_step_name_agrees() -> None:
    config_fields = {f.name for f in dataclasses.fields(Config)}
    assert set(STEP_NAMES) <= config_fields
    for step in PIPELINE:
        assert step.name == step.func.__name__
        assert getattr(cleantext, step.name) is step
        assert step.name in STEP_NAMES
    assert [s.name for s in PIPELINE] == [
        n for n in STEP_NAMES if n not in ("repair_markup", "separate_articles")
    ]


def test_trace_step_names_are_step_names(seed: str) -> None:
    _, changes = cleantext.clean_and_explain(seed)
    assert changes, "a seed page without a single change means a step is not running"
    assert {c.step for c in changes} <= set(STEP_NAMES)


def test_cleaner_pickles_and_is_reusable() -> None:
    cleaner = Cleaner(Config(convert_chinese=True))
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.config == cleaner.config
    assert copy.clean("第一段\n\n第二段") == cleaner.clean("第一段\n\n第二段")


def test_steps_pickle_by_reference() -> None:
    for step in PIPELINE:
        assert pickle.loads(pickle.dumps(step)) is step


def test_config_is_frozen_and_validated() -> None:
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.fix_encoding = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        Config(fix_encoding="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Config(extract="everything")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Config.from_dict({"no_such_option": True})


def test_disabled_step_does_not_run() -> None:
    text = "  第一段  "
    assert Cleaner(Config(normalize_whitespace=False)).clean(text) == text
    assert Cleaner().clean(text) == "第一段"


def test_misuse_raises_type_error() -> None:
    with pytest.raises(TypeError):
        cleantext.clean(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Cleaner("config")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cleantext.normalize_punctuation(None)  # type: ignore[arg-type]


def test_public_quickstart() -> None:
    assert isinstance(cleantext.clean("你好,世界"), str)


# Text from the alphabet of the seed pages plus the characters steps care about.
_ALPHABET = st.sampled_from(
    list("重庆日报记者市委全会发展绿色，。、；：？！“”（）《》—…·")
    + list("abcXYZ0123456789 ,.:;?!()\"'-#*<>&/\n\t\u3000\u00a0\u200b")
)
texts = st.text(_ALPHABET, max_size=200)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_property_trace_replays_and_clean_is_idempotent(text: str) -> None:
    out, changes = cleantext.clean_and_explain(text)
    assert replay(text, changes) == out
    assert cleantext.clean(out) == out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_property_never_raises_on_any_text(text: str) -> None:
    out, changes = cleantext.clean_and_explain(text)
    assert replay(text, changes) == out


@settings(max_examples=200, deadline=None)
@given(texts)
def test_property_no_text_invented(text: str) -> None:
    """Every inserted character is punctuation, a space or a line break from a known map."""
    _, changes = cleantext.clean_and_explain(text)
    allowed = set(" \n，。、；：？！“”‘’（）《》——……·-0123456789") | set(SMALL_FORM_PUNCT.values())
    for c in changes:
        invented = set(c.after) - set(c.before) - allowed
        assert not invented, c
