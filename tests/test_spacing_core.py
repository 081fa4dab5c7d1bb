"""The spacing steps' per-line rules in the Rust core (rust/src/spacing.rs) against their
Python reference (tests/reference/spacing.py): identical edits, periods and chains on generated
text and on every line of the repository's pages, and identical ops of the block steps
(``normalize_whitespace``, ``remove_column_spaces``).

Random text seldom holds a letter-spaced byline or spaces at a period, so the generators also
build them: role words and names spaced out letter by letter, and paragraphs cut into column
lines (by display width with jitter, or every N characters) joined with spaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import _core, spacing
from cleantext.blocks import Block, Op, blocks_from_text
from cleantext.chardata import LINE_SPACES
from cleantext.errors import CleantextError
from cleantext.trace import Edit

from .conftest import SEED_FILES
from .reference import spacing as reference

ROOT = Path(__file__).resolve().parent.parent
WEBPAGES = ROOT / "tests" / "data" / "webpages"
GOLDEN = ROOT / "tests" / "golden"

_ROLE_WORDS = sorted(reference._roles()[0])
_HAN = "重庆记者首席龙帆实习生董玉成摄图文通讯员本报新华社电何春阳王亚同力争到年全市产量达发展推动"
_SPACES = " \u3000\u00a0" + LINE_SPACES
_LATIN = "azAZVPNSSHkéÅ"
_DIGITS = "0123456789"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』〈〉〔〕…—·．｜／●⚫■※"
_ASCII_PUNCT = ",.;:?!()[]|/%-+\"'"
_WORDS = ["记者", "摄", "通讯员", "首席记者", "实习生", "本报记者", "见习记者", "摄影", "图", "文"]

ANY_CHAR = st.characters(exclude_categories=())  # lone surrogates included
_PIECE = st.one_of(
    st.sampled_from(_HAN),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(_SPACES),
    st.just(" "),
    st.sampled_from(_LATIN + _DIGITS),
    st.sampled_from(_CJK_PUNCT + _ASCII_PUNCT),
    st.sampled_from(_WORDS + _ROLE_WORDS),
    ANY_CHAR,
)
TEXT = st.lists(_PIECE, max_size=60).map("".join)


@st.composite
def _letter_spaced(draw: st.DrawFn) -> str:
    """A byline spaced out letter by letter (role words, names, a credit), in a line."""
    words = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_WORDS + _ROLE_WORDS),
                st.text(st.sampled_from(_HAN), min_size=1, max_size=5),
                st.sampled_from(["(视觉重庆)", "（本报资料照片）", "，", "摄(", "ab"]),
            ),
            min_size=1,
            max_size=8,
        )
    )
    sep = draw(st.sampled_from([" ", " ", "  ", "\u3000"]))
    spaced = " ".join(" ".join(w) if draw(st.booleans()) else w for w in words)
    if sep != " ":
        spaced = spaced.replace(" ", sep, draw(st.integers(0, 2)))
    return draw(TEXT) + draw(st.sampled_from(["", " "])) + spaced + draw(TEXT)


def _column_joined(text: str, period: int, *, uniform: bool, jitter: Sequence[int] = ()) -> str:
    """``text`` cut into column lines of ``period`` columns (``uniform``: characters, two
    columns each) joined with spaces, each line ``jitter[k]`` columns off."""
    out: list[str] = []
    col = 0
    line = 0
    target = period + (jitter[0] if jitter else 0)
    for ch in text:
        w = 2 if uniform else max(0, reference._width(ch))
        if col + w > target and col > 0:
            out.append(" ")
            line += 1
            col = 0
            target = period + (jitter[line % len(jitter)] if jitter else 0)
        out.append(ch)
        col += w
    return "".join(out)


_PARAGRAPH = st.lists(
    st.one_of(
        st.sampled_from(_HAN),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from("，。、；：“”（）「」《》〈〉"),
        # Bullets and marks a writer sets off with spaces.
        st.sampled_from(["● ", "⚫ ", " ■", "｜", " 「", "」 ", "（1） ", "（iv） ", "（2025） ", " （新闻）", "「重庆」 "]),
        st.sampled_from(["2025年", "100万辆", "VPN", "SSH", " ", "4K", "5.2%", "记者 龙帆"]),
        st.sampled_from(_DIGITS + _LATIN),
    ),
    min_size=20,
    max_size=160,
).map("".join)


@st.composite
def _columns(draw: st.DrawFn) -> str:
    """A paragraph whose column lines were joined with spaces (sometimes a byline after it)."""
    uniform = draw(st.booleans())
    period = draw(st.integers(8, 60)) * (2 if uniform else 1)
    jitter = [] if uniform else draw(st.lists(st.integers(-3, 3), max_size=5))
    indent = draw(st.sampled_from(["", "\u3000\u3000", "  "]))
    paragraph = draw(_PARAGRAPH)
    if draw(st.integers(0, 3)) == 0:
        # Without clause punctuation (verse, a headline, a list): only a long line's own period.
        paragraph = "".join(c for c in paragraph if c not in "，。、；：？！,;:?!")
    line = _column_joined(paragraph, period, uniform=uniform, jitter=jitter)
    tail = draw(st.sampled_from(["", " 新渝报见习记者 熊敏秀", "。 (大足智凤街道 唐杰)", " "]))
    return indent.strip() + line + tail


LINE = st.one_of(TEXT, _letter_spaced(), _columns())


def _core_letter_edits(line: str) -> list[Edit]:
    return list(spacing.collapse_letter_spacing.func(line))


def _same_letter_edits(line: str) -> None:
    assert _core_letter_edits(line) == list(reference.collapse_letter_spacing(line)), line


def _reference_or_none(call: object) -> object:
    """The reference's answer, or ``IndexError`` where it reads past the end of a line."""
    try:
        return call() if callable(call) else call
    except IndexError:
        return IndexError


def _same_column_rules(line: str, periods: Sequence[float]) -> None:
    core = spacing._SPACING
    for uniform in (False, True):
        assert core.own_period(line, uniform) == reference._own_period(line, uniform), line
        ref = _reference_or_none(lambda u=uniform: list(reference._column_space_edits(line, periods, u)))
        got = spacing._column_space_edits(line, periods, uniform)
        if ref is IndexError:
            continue  # a trailing space after a short word: the reference fails, the core not
        assert got == ref, (line, periods, uniform)
    assert core.anchored_period(line) == reference._anchored_period(line), line


def _ops(step_ops: Sequence[Op]) -> list[Op]:
    return list(step_ops)


def _same_block_ops(blocks: list[Block]) -> None:
    ref = _reference_or_none(lambda: list(reference.remove_column_spaces(blocks)))
    if ref is IndexError:
        return
    assert list(spacing.remove_column_spaces.ops(blocks)) == ref


def _same_whitespace_ops(blocks: list[Block]) -> None:
    ops = list(spacing.normalize_whitespace.ops(blocks))
    assert ops == list(reference.normalize_whitespace(blocks)), [b.text for b in blocks]


_PERIODS = st.lists(st.integers(16, 120).map(float), max_size=3)


@settings(max_examples=500, deadline=None)
@given(st.lists(LINE, max_size=6))
@example(["\u3000\u3000全会 ，决定\t通过", "  a  ", "   ", "", "“ 全会 ”\u00a0\u00a0决定。 新渝报记者 熊敏秀"])
@example(["\u2028 a\u205f\u3000，b \x85"])
def test_normalize_whitespace_identical(lines: list[str]) -> None:
    _same_whitespace_ops([Block(line) for text in lines for line in text.split("\n")])


@settings(max_examples=500, deadline=None)
@given(LINE)
@example("首 席 记 者 龙 帆 实 习 生 董 玉 成 摄(视觉重庆)")
@example("（本报资料照片）首 席 记 者 龙 帆 摄(视觉重庆)")
@example("记 者，首 席 记 者 龙 帆")
@example("何 春 阳 王 亚 同 摄")
def test_letter_spacing_identical(text: str) -> None:
    for line in text.split("\n"):
        _same_letter_edits(line)


@settings(max_examples=500, deadline=None)
@given(LINE, _PERIODS)
@example(
    "加快智能网联新能源汽车发展。力 争到2025年全市智能网联新能源汽车产 量达到100万辆。推动传统燃油车零部 件企业加快",
    [],
)
@example("通过 VPN 和 SSH 隧道，对 VPN 市场的 1956 年\n在 2012 年", [18.0])
def test_column_rules_identical(text: str, periods: list[float]) -> None:
    for line in text.split("\n"):
        own = [p for p in (reference._own_period(line, False), reference._own_period(line, True)) if p]
        _same_column_rules(line, [*own, *periods])


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12))
def test_remove_column_spaces_identical_on_generated_pages(lines: list[str]) -> None:
    # Neighbours lend their periods: several column-joined paragraphs on one page.
    blocks = [Block(line) for text in lines for line in text.split("\n")]
    _same_block_ops(blocks)


def _pages() -> list[Path]:
    pages = [
        *SEED_FILES,
        *sorted(WEBPAGES.glob("*.html")),
        *sorted(WEBPAGES.glob("*.txt")),
        *sorted(GOLDEN.glob("*.txt")),
    ]
    assert len(pages) > 20, "the seeds, tests/data/webpages or tests/golden are missing"
    return pages


def _column_variant(text: str, uniform: bool) -> str:
    """Each long line cut into column lines and joined with spaces (a column join)."""
    period = 34 if uniform else 36
    jitter = () if uniform else (0, 1, -2, 2, -1)
    return "\n".join(
        _column_joined(line, period, uniform=uniform, jitter=jitter) if len(line) > 30 else line
        for line in text.split("\n")
    )


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.name)
def test_identical_on_pages(path: Path) -> None:
    text = path.read_text("utf-8")
    variants = [text, _column_variant(text, False), _column_variant(text, True)]
    # Every line letter-spaced too (a byline line in a page is seldom): role words meet names.
    variants.append("\n".join(" ".join(line[:40]) for line in text.split("\n")))
    removed = 0
    for page in variants:
        for line in page.split("\n"):
            _same_letter_edits(line)
            own = [q for u in (False, True) if (q := reference._own_period(line, u))]
            _same_column_rules(line, own or [36.0, 68.0])
        blocks = blocks_from_text(page)
        _same_whitespace_ops(blocks)
        ops = list(spacing.remove_column_spaces.ops(blocks))
        assert ops == list(reference.remove_column_spaces(blocks)), path.name
        removed += len(ops)
    # (Markup lines are not Chinese running text: nothing there for the column rules.)
    assert removed or path.suffix == ".html", "nothing to compare"


def test_columns_are_the_references_on_every_code_point() -> None:
    # The core's wcwidth table: display columns as `_width` (wcwidth, at least 0) counts them.
    every = "".join(map(chr, range(0x110000)))
    for uniform in (False, True):
        assert _core.SpacingRules.columns(every, uniform) == list(
            reference._columns(every, uniform)
        )


def test_beside_latin_is_the_references() -> None:
    for line in ["通过 VPN 和 SSH 隧道", "在 1956 年", "产 量", "1 万", "Drones+ 应用", "ab\n 1",
                 "Marc Augé 就", "在 Ängel 的", "2 × 3 倍"]:
        for at in range(1, len(line) - 1):
            if line[at] == " ":
                assert spacing._beside_latin(line, at) == reference._beside_latin(line, at), line


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_beside_latin_is_the_references_on_generated_text(line: str) -> None:
    for at in range(1, len(line) - 1):
        if line[at] == " ":
            assert spacing._beside_latin(line, at) == reference._beside_latin(line, at), line


def test_a_trailing_space_after_a_chain_fails_the_reference_only() -> None:
    # The reference reads past the line's end to see whether the word after a chain space is
    # set off from Latin text; the pipeline never gets there (normalize_whitespace trims lines).
    line = (
        "）：乺100万辆9仼仵：生社S乫等z。乻新、亦SSH阳4z z6；争玉帆“S记者 龙帆4KzS）”记者 龙帆"
        "100万辆仝 ：乥亀等争到本。3生等仲S5.2%丗，98：（HSSHH”z V 6“员本VPNVPN。。乬乑记者 "
        "龙帆k5.2%z亩2025年A记 者 龙帆丵8记者 龙帆4、乬 玉 "
    )
    with pytest.raises(IndexError):
        list(reference.remove_column_spaces([Block(line)]))
    assert [e.start for e in spacing.remove_column_spaces.edits(line)] == [51, 60, 110, 136]


class _Panicking:
    """The core's rules, but ``method`` panics."""

    def __init__(self, method: str) -> None:
        self.method = method

    def __getattr__(self, name: str) -> object:
        if name == self.method:
            return _core._panic_for_test
        return getattr(_RULES, name)


_RULES = spacing._SPACING
_COLUMN_JOINED = (
    "加快智能网联新能源汽车发展。力 争到2025年全市智能网联新能源汽车产 量达到100万辆。"
    "推动传统燃油车零部 件企业加快"
)


@pytest.mark.parametrize(
    ("step", "method", "text"),
    [
        ("normalize_whitespace", "whitespace", "全会 ，决定"),
        ("collapse_letter_spacing", "letter_spacing", "首 席 记 者 龙 帆"),
        ("remove_column_spaces", "periods", _COLUMN_JOINED),
        ("remove_column_spaces", "column_spaces", _COLUMN_JOINED),
    ],
)
def test_a_panic_in_the_core_is_a_cleantext_error_naming_the_step(
    monkeypatch: pytest.MonkeyPatch, step: str, method: str, text: str
) -> None:
    monkeypatch.setattr(spacing, "_SPACING", _Panicking(method))
    with pytest.raises(CleantextError, match=f"step {step} failed"):
        getattr(spacing, step)(text)
    with pytest.raises(CleantextError, match=f"step {step} failed"):
        cleantext.clean(text)
