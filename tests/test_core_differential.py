"""The steps ported to the Rust core (``cleantext._core``) against their Python reference
(tests/reference): identical edits on generated text and on the repository's pages.

Also: the core's Unicode table against the ``regex`` module, and a panic in the core
surfacing as :class:`~cleantext.errors.CleantextError` naming the step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import _core, characters, cli
from cleantext.chardata import (
    HALF_WIDTH_CJK_PUNCT,
    INVISIBLE_CHARS,
    LINE_SPACES,
    WIDTH_NUMBER_MARKS,
    WIDTH_WORD_MARKS,
)
from cleantext.errors import CleantextError
from cleantext.steps import InlineStep, inline_step
from cleantext.trace import Edit

from .conftest import SEED_FILES
from .reference import characters as reference

ROOT = Path(__file__).resolve().parent.parent
WEBPAGES = ROOT / "tests" / "data" / "webpages"

#: (ported step, its reference on one line, the reference's trigger)
PORTED: list[tuple[InlineStep[[]], Callable[[str], Iterable[Edit]], Callable[[str], object]]] = [
    (characters.remove_invisible_chars, reference.remove_invisible_chars, reference.ACTIONABLE.search),
    (characters.normalize_width, reference.normalize_width, reference.WIDTH_TRIGGER.search),
]
IDS = [step.name for step, _, _ in PORTED]

# Characters the rules are about, so that generated text meets them often; any character
# (astral, combining, controls, lone surrogates) comes in beside them.
_INTERESTING = sorted(
    set(INVISIBLE_CHARS)
    | set(LINE_SPACES)
    | set(WIDTH_NUMBER_MARKS + WIDTH_WORD_MARKS + "％" + "".join(HALF_WIDTH_CJK_PUNCT))
    | set("\r\n\x00\x07\x1f\x7f\x85\x9f\u200c\u200d09azAZ０９ＡＺａｚ重庆〇々𠀀\u3000，。（")
    | set("👨👩\u0915\u094d\u0937\u0644\u0627\u0301\ud800\udfff\U0001f3fb\U00031350\U0002ebf0")
)
ANY_CHAR = st.characters(exclude_categories=())  # Cs included: lone surrogates
TEXT = st.text(st.one_of(st.sampled_from(_INTERESTING), ANY_CHAR), max_size=80)


def _same_edits(text: str) -> None:
    for step, ref, trigger in PORTED:
        # Line by line, as the step's function sees it (also on lines the trigger would skip).
        for line in text.split("\n"):
            assert step.func(line) == list(ref(line)), (step.name, line)
        # The whole text, as the pipeline and the step's call see it.
        assert step.edits(text) == inline_step(ref, trigger=trigger).edits(text), step.name


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("👨\u200b\u200d\u200b👩")
@example("重\u200d\u00ad\u200d\u200c")
@example("１\uff0e\uff0e２：3，Ａ－\uff0d１％％")
@example("\ud800\u200d\udc00\r")
def test_identical_edits_on_generated_text(text: str) -> None:
    _same_edits(text)


def _pages() -> list[Path]:
    pages = [*SEED_FILES, *sorted(WEBPAGES.glob("*.html")), *sorted(WEBPAGES.glob("*.txt"))]
    assert len(pages) > 10, "the seeds and tests/data/webpages are missing"
    return pages


# Every printable ASCII character to its full-width form, and every fifth line break (from the first) to a
# carriage return: the pages as a scanner or an old word processor might give them, so that
# the width rules have numbers, words and marks to look at.
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.name)
def test_identical_edits_on_pages(path: Path) -> None:
    text = path.read_text("utf-8")
    _same_edits(text)
    varied = text.translate(_FULL_WIDTH)
    lines = varied.split("\n")
    varied = "".join(line + ("\r\n" if i % 5 == 0 else "\n") for i, line in enumerate(lines))
    _same_edits(varied)
    assert all(step.edits(varied) for step, _, _ in PORTED), "nothing to compare"


def test_han_table_is_the_regex_modules() -> None:
    every = "".join(map(chr, range(0x110000)))
    ranges = [(m.start(), m.end() - 1) for m in regex.finditer(r"\p{Han}+", every)]
    assert _core.han_ranges() == ranges


def test_a_long_run_of_joiners_takes_linear_time() -> None:
    # The Python step looked for each joiner's neighbours afresh: quadratic on a run of them.
    text = "重" + "\u200d" * 200_000 + "庆"
    t0 = time.process_time()
    edits = characters.remove_invisible_chars.func(text)
    assert len(edits) == 200_000
    assert time.process_time() - t0 < 2.0


def test_the_steps_reject_what_is_not_a_string() -> None:
    with pytest.raises(TypeError):
        characters.remove_invisible_chars(b"abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        characters._INVISIBLE.edits(3)  # type: ignore[arg-type]


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="not one character"):
        _core.InvisibleChars({"ab": "two characters"}, LINE_SPACES)
    with pytest.raises(ValueError, match="full-width form"):
        _core.WidthRules("。", WIDTH_WORD_MARKS, HALF_WIDTH_CJK_PUNCT)


def test_the_panic_entry_point_panics() -> None:
    with pytest.raises(_core.PanicException, match="deliberate panic"):
        _core._panic_for_test()


class _Panicking:
    edits = staticmethod(_core._panic_for_test)


@pytest.mark.parametrize(
    ("attr", "step", "text"),
    [
        ("_INVISIBLE", "remove_invisible_chars", "重\u200b庆"),
        ("_WIDTH", "normalize_width", "ＧＤＰ"),
    ],
)
def test_a_panic_in_the_core_is_a_cleantext_error_naming_the_step(
    monkeypatch: pytest.MonkeyPatch, attr: str, step: str, text: str
) -> None:
    monkeypatch.setattr(characters, attr, _Panicking())
    with pytest.raises(CleantextError, match=f"step {step} failed"):
        getattr(characters, step)(text)
    with pytest.raises(CleantextError, match=f"step {step} failed"):
        cleantext.clean(text)


def test_a_panic_in_the_core_is_one_line_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Uncaught, the PanicException (a BaseException) would pass the CLI's handler of bugs.
    page = tmp_path / "page.txt"
    page.write_text("重\u200b庆\n", encoding="utf-8")
    monkeypatch.setattr(characters, "_INVISIBLE", _Panicking())
    assert cli.main(["clean", str(page)]) == 1
    err = capsys.readouterr().err
    assert "step remove_invisible_chars failed" in err
    assert len(err.strip().splitlines()) == 1
