"""``flag_noise_lines``'s garbled echo in the Rust core (rust/src/noise.rs) against its Python
reference (tests/reference/linewrap_noise.py: ``_bigram_index`` and ``_garbled_echo``): the
same answer for every candidate line, on generated pages full of echoes and on the
repository's pages; and the same operations of the whole step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import _core, linewrap
from cleantext.blocks import blocks_from_text
from cleantext.errors import CleantextError

from .conftest import SEED_FILES
from .reference import linewrap_noise as reference

ROOT = Path(__file__).resolve().parent.parent
PAGE_DIRS = [ROOT / "tests" / "data" / "webpages", ROOT / "tests" / "golden"]


def _same_answers(page: str, lines: list[tuple[int, int]]) -> int:
    """Core and reference on each line ``(start, length)`` of ``page``; how many echoes."""
    index = reference._bigram_index(page, {page[s : s + n] for s, n in lines})
    want = [reference._garbled_echo(page[s : s + n], page, s, index) for s, n in lines]
    assert _core.garbled_echoes(page, lines) == want, (page, lines)
    return sum(want)


def _lines(page: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for line in page.split("\n"):
        out.append((start, len(line)))
        start += len(line) + 1
    return out


# A few Han characters, so that bigrams repeat and misread copies meet their phrase, with
# the delimiters a phrase must stand between, other characters, and any character.
_HAN = "大足英才智创未来王共利"
_OTHER = " \n《》“”，。a1\u3000-"
ANY_CHAR = st.characters(exclude_categories=())  # Cs included: lone surrogates
CHAR = st.one_of(st.sampled_from(_HAN), st.sampled_from(_HAN), st.sampled_from(_OTHER), ANY_CHAR)


@st.composite
def echo_pages(draw: st.DrawFn) -> str:
    """A phrase, copies of it with characters changed, and other lines, in any order."""
    phrase = draw(st.text(st.one_of(st.sampled_from(_HAN), st.sampled_from(" a")), min_size=6, max_size=16))
    lines = [phrase]
    for _ in range(draw(st.integers(1, 5))):
        copy = list(phrase)
        for _ in range(draw(st.integers(0, 6))):
            k = draw(st.integers(0, len(copy) - 1))
            copy[k] = draw(CHAR)
        lines.append("".join(copy))
    lines += draw(st.lists(st.text(CHAR, max_size=30), max_size=4))
    lines = draw(st.permutations(lines))
    wrap = draw(st.sampled_from(["", "《{}》", "“{}”", "本报{}栏目", "{}。"]))
    return "\n".join(wrap.format(line) if wrap and i % 2 else line for i, line in enumerate(lines))


@settings(max_examples=1000, deadline=None)
@given(echo_pages())
@example("大王共才 智利未来\n本报推出《大足英才 智创未来》栏目。")
@example("大足\n" * 20 + "大王共才智利未来")
def test_same_answers_on_generated_pages(page: str) -> None:
    _same_answers(page, _lines(page))


@settings(max_examples=300, deadline=None)
@given(st.text(CHAR, max_size=120), st.data())
def test_same_answers_at_any_offset(page: str, data: st.DataObject) -> None:
    # Also lines that are not whole lines of the page: the own-window test and the bounds.
    n = len(page)
    start = data.draw(st.integers(0, n))
    length = data.draw(st.integers(0, n - start))
    _same_answers(page, [(start, length), *_lines(page)])


# The corners generated pages seldom reach: a bigram so common that the window limit (16)
# decides (the echo is the 14th to 19th window looked at), a window across a line break, a
# window overlapping the line itself.
_CHOSEN = [
    *(("大王共才 智利未来\n" + "我们的未来呀\n" * k + "《大足英才 智创未来》", [(0, 9)]) for k in range(12, 20)),
    ("大足英才\n智创未来\n大王英才\n智利未来\n", [(0, 9)]),
    ("大足英才 大王英才 大足英才", [(0, 9)]),
]


@pytest.mark.parametrize(("page", "lines"), _CHOSEN)
def test_same_answers_on_chosen_pages(page: str, lines: list[tuple[int, int]]) -> None:
    _same_answers(page, lines)


def _pages() -> list[Path]:
    paths = [*SEED_FILES]
    for d in PAGE_DIRS:
        paths += sorted(p for p in d.iterdir() if p.suffix in (".txt", ".html"))
    assert len(paths) > 20, "the seeds, tests/data/webpages or tests/golden are missing"
    return paths


def test_same_answers_and_operations_on_the_pages() -> None:
    found = 0
    for path in _pages():
        text = path.read_text("utf-8")
        # Every short line is asked about, not only those the step would choose.
        lines = [(s, n) for s, n in _lines(text) if 4 <= n <= 40]
        found += _same_answers(text, lines)
        blocks = blocks_from_text(text)
        assert linewrap.flag_noise_lines.ops(blocks) == reference.flag_noise_lines.ops(blocks)
    assert found > 0, "no echo to compare"


def test_a_line_off_the_page_is_refused() -> None:
    with pytest.raises(ValueError, match="no line"):
        _core.garbled_echoes("大足英才", [(2, 5)])


def test_a_panic_in_the_core_is_a_cleantext_error_naming_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_core, "garbled_echoes", _core._panic_for_test)
    page = "大王共才 智利未来\n本报推出《大足英才 智创未来》栏目。"
    with pytest.raises(CleantextError, match="step flag_noise_lines failed"):
        linewrap.flag_noise_lines.ops(blocks_from_text(page))
    with pytest.raises(CleantextError, match="step flag_noise_lines failed"):
        cleantext.clean(page)
