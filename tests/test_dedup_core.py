"""``remove_repeated_fragments`` in the Rust core (rust/src/dedup.rs) against its Python
reference (tests/reference/dedup.py): identical edits (spans, replacements and reasons) on
generated repetitions and on every line of the repository's pages.

Also: the core's punctuation-and-symbol table against the ``regex`` module, and a panic in
the core surfacing as :class:`~cleantext.errors.CleantextError` naming the step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import _core, dedup
from cleantext.errors import CleantextError
from cleantext.steps import inline_step

from .conftest import SEED_FILES
from .reference import dedup as reference

ROOT = Path(__file__).resolve().parent.parent
PAGE_DIRS = [ROOT / "tests" / "data" / "webpages", ROOT / "tests" / "golden"]

STEP = dedup.remove_repeated_fragments


def _same_edits(line: str) -> None:
    assert STEP.func(line) == list(reference.remove_repeated_fragments(line)), line


# Characters the rules are about, so that repetitions, separators, quotes and labels meet
# often; any character (astral, combining, lone surrogates) comes in beside them.
_HAN = "研究大调研讨论智慧公厕等中国加油"
_MARKS = "，。、；！？“”「」『』【】〔〕［］〖〗|!?,;.:-()[]"
_ALPHABET = _HAN + _MARKS + "0123 ab\u3000\t"
ANY_CHAR = st.characters(exclude_categories=())  # Cs included: lone surrogates
CHAR = st.one_of(st.sampled_from(_ALPHABET), st.sampled_from(_HAN), ANY_CHAR)
CLAUSE = st.text(st.one_of(st.sampled_from(_ALPHABET), st.sampled_from(_HAN)), min_size=1, max_size=12)
# Spaces other than " " too: a fragment starts after any whitespace (`\s`), and a mark
# (``\p{P}``, ``\p{S}``), but a list item after anything.
SEPARATOR = st.sampled_from(
    ["", "", "、", " ", "，", "。", "；", "！", "？", ",", ";", "!", "?", "等", "”", "」", "\u3000", "\t", "\xa0", "+"]
)


@st.composite
def repetitions(draw: st.DrawFn) -> str:
    """Clauses, some repeated back to back or across a separator, some with any characters."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        clause = draw(st.one_of(CLAUSE, st.text(CHAR, max_size=10)))
        sep = draw(SEPARATOR)
        copies = draw(st.sampled_from([1, 2, 2, 3]))
        repeated = (clause + sep) * copies
        if draw(st.booleans()):
            # A space in one copy (a column space left in it), or one between two copies.
            at = draw(st.integers(0, len(repeated)))
            repeated = repeated[:at] + " " + repeated[at:]
        parts.append(repeated)
        if draw(st.booleans()):
            parts.append(draw(SEPARATOR))
    return "".join(parts)


@settings(max_examples=1500, deadline=None)
@given(repetitions())
@example("推进智慧公厕、智慧公厕等便民利民服务")
@example("## 大调研大讨论 大调研大讨论 表为")
@example("多年来，公司连续开发了 年来，公司连续开发了新产品")
@example("研究研究，研究研究，研究研究，")
@example("“大调研讨论！大调研讨论！”")
@example("中国加油、中国加油、中国加油")
@example("【研究讨论】【研究讨论】")
@example("\ud800研究大调，\ud800研究大调，")
@example("甲\u3000研究大调研讨论，研究大调研讨论，")
@example("当晚重点除了有马云和大家分享 创业心得，当晚重点除了有马云和大家分享创业心得，亦同")
@example("研究大调 研讨论，研究大调研讨论， 研究大调研 讨论，")
def test_identical_edits_on_generated_repetitions(text: str) -> None:
    _same_edits(text)


@settings(max_examples=400, deadline=None)
@given(st.text(CHAR, max_size=80))
def test_identical_edits_on_generated_text(text: str) -> None:
    _same_edits(text)


def _page_lines() -> list[str]:
    paths = [*SEED_FILES]
    for d in PAGE_DIRS:
        paths += sorted(p for p in d.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
    assert len(paths) > 20, "the seeds, tests/data/webpages or tests/golden are missing"
    lines: set[str] = set()
    for p in paths:
        lines.update(p.read_text("utf-8").split("\n"))
    return sorted(lines)


_SEPARATOR = regex.compile(r"(?<=[，。、；！？ ])")


def _doubled(line: str) -> str:
    """``line`` with every third clause (and its separator) repeated: real text, repeated."""
    pieces = _SEPARATOR.split(line)
    return "".join(p * 2 if i % 3 == 1 else p for i, p in enumerate(pieces))


def test_identical_edits_on_every_line_of_the_pages() -> None:
    lines = _page_lines()
    found = 0
    for line in lines:
        for text in (line, _doubled(line)):
            edits = STEP.func(text)
            assert edits == list(reference.remove_repeated_fragments(text)), text
            found += len(edits)
    assert found > 100, "nothing to compare"


def test_identical_edits_on_whole_pages() -> None:
    # As the pipeline calls the step: the whole text, line by line.
    ref = inline_step(reference.remove_repeated_fragments)
    for path in SEED_FILES:
        text = path.read_text("utf-8")
        assert STEP.edits(text) == ref.edits(text), path.name


def test_punct_symbol_table_is_the_regex_modules() -> None:
    every = "".join(map(chr, range(0x110000)))
    ranges = [(m.start(), m.end() - 1) for m in regex.finditer(r"[\p{P}\p{S}]+", every)]
    assert _core.punct_symbol_ranges() == ranges


def test_the_core_reads_the_allow_list() -> None:
    # 中国加油 is listed: repeated across a list separator it stays, an unlisted chant goes.
    assert STEP("中国加油、中国加油、") == "中国加油、中国加油、"
    assert STEP("推进智慧公厕、推进智慧公厕、") == "推进智慧公厕、"


class _Panicking:
    edits = staticmethod(_core._panic_for_test)


def test_a_panic_in_the_core_is_a_cleantext_error_naming_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedup, "_REPEATS", _Panicking())
    with pytest.raises(CleantextError, match="step remove_repeated_fragments failed"):
        STEP("推进智慧公厕、智慧公厕等")
    with pytest.raises(CleantextError, match="step remove_repeated_fragments failed"):
        cleantext.clean("推进智慧公厕、智慧公厕等")
