"""``normalize_punctuation``'s rules in the Rust core (rust/src/punctuation.rs) against their
Python reference (tests/reference/punctuation.py): identical edits (positions, replacements,
reasons, order) of the whole step, of every rule and of ``find_punctuation_problems``, and
identical ops of the block step, on generated text and on the repository's pages.

Also: the core's character classes against the ``regex`` module over every code point, the
hand-matched patterns against ``regex`` on generated text, and a panic in the core surfacing
as :class:`~cleantext.errors.CleantextError` naming the step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import _core, punctuation
from cleantext.blocks import Block, blocks_from_text
from cleantext.chardata import LINE_SPACES, PUNCT_NEUTRAL
from cleantext.errors import CleantextError
from cleantext.trace import Edit

from .conftest import SEED_FILES
from .reference import punctuation as reference

ROOT = Path(__file__).resolve().parent.parent
WEBPAGES = ROOT / "tests" / "data" / "webpages"
GOLDEN = ROOT / "tests" / "golden"

RULES: list[tuple[str, Callable[[str], list[Edit]], Callable[[str], list[Edit]]]] = [
    (name, getattr(punctuation, name), getattr(reference, name))
    for name in (
        "convert_ascii_marks",
        "pair_quotes",
        "pair_parentheses",
        "fix_full_stops",
        "fix_ellipses",
        "fix_dashes",
        "fix_middle_dots",
        "convert_small_forms",
        "convert_corner_quotes",
    )
]
OPTIONS = [(corner, dash) for corner in ("keep", "convert") for dash in ("keep", "em", "wave")]


def _same(text: str, *, options: list[tuple[str, str]] = OPTIONS, rules: bool = True) -> None:
    """The whole step (with each option), the problems and every rule agree on ``text``."""
    for corner, dash in options:
        got = punctuation.punctuation_edits(text, corner_quotes=corner, range_dash=dash)  # type: ignore[arg-type]
        want = reference.punctuation_edits(text, corner_quotes=corner, range_dash=dash)  # type: ignore[arg-type]
        assert got == want, (corner, dash, text)
        # The page tables answer as the lookups near each position (the core builds them
        # when the lookups have read a few times the page: seldom on text this short).
        tables = punctuation._edits(punctuation._RULES.page(text, corner == "convert", dash, True))
        assert tables == want, ("tables", corner, dash, text)
    assert punctuation.find_punctuation_problems(text) == reference.find_punctuation_problems(text)
    if not rules:
        return
    for name, core, ref in RULES:
        assert core(text) == ref(text), (name, text)
    for dash in ("keep", "em", "wave"):
        got = punctuation.fix_range_dashes(text, range_dash=dash)  # type: ignore[arg-type]
        assert got == reference.fix_range_dashes(text, range_dash=dash), (dash, text)  # type: ignore[arg-type]


def _same_ops(text: str, *, options: list[tuple[str, str]] = OPTIONS) -> None:
    blocks = blocks_from_text(text) or [Block("")]
    for corner, dash in options:
        got = list(punctuation.normalize_punctuation.ops(blocks, corner_quotes=corner, range_dash=dash))  # type: ignore[arg-type]
        want = list(reference.normalize_punctuation(blocks, corner_quotes=corner, range_dash=dash))  # type: ignore[arg-type]
        assert got == want, (corner, dash, text)


# --- generated text --------------------------------------------------------------------------

# What the rules are about, so that generated text meets it often: marks, quotes, brackets,
# dots, dashes and digits (ASCII and others: `regex`'s \d), Latin, Han (numerals, 《》), spaces,
# line breaks, and the protected forms (URLs, e-mail, entities, code, markup, attributes).
_MARKS = list(",;:?!.\"'()[]{}<>-–—―－~～…·•・･‧∙⋅%=&@#/`*_$+|\\^")
_WIDE = list("，；：？！。．“”‘’「」『』＂＇（）《》〔〕【】、\ufe50\ufe51\ufe54\ufe55\ufe56\ufe57\ufe59\ufe5a\ufe5d\ufe5e")
_DIGITS = [*"0123456789", "٣", "０", "９", "᠑", "𝟘"]
_LATIN = [*"abcxyzABCXYZéü", "Hello", "world", "OK", "don", "t", "s", "f", "GDP", "U.S."]
_HAN = [*"重庆日报记者发展绿色市委全会约翰史密斯一二三十百零〇年月", "𠀀", "々", "ア", "한", "ぁ"]
_SPACES = [" ", " ", "  ", "\t", "\u3000", "\u00a0", "\n", "\n", "\n\n", " \n"]
_FORMS = [
    "http://a.cn/x?y=1,2",
    "https://a.cn/(x)",
    "ftp://",
    "www.a.cn/x,y",
    "a.b@c.cn",
    "x@y",
    "&amp;",
    "&#12;",
    "&rdquo\n;",
    "&",
    "`x,y`",
    "`",
    '<a href="x">',
    "<p",
    ">",
    'id="a"',
    "style='b'",
    "x=",
    "“",
    "function(",
    "function",
    "{a;b}",
    "{",
    "}",
    ";",
    "Hello world",
    "Hello, world",
    "Hello, world…",  # an ellipsis right after an English stretch
    "OK, go－－",
    "a b:c••·",
    "don't",
    "'90s",
    "1,000",
    "10:30",
    "2022-2025",
    "2023 - 2027年",
    "023-6386",
    "5~10%",
    "1...10",
    "...",
    "。。。",
    "．．．",
    "······",
    "--",
    "－－",
    "――",
    "—",
    "一.",
    "约翰.史密斯",
    "甲.乙.丙.丁",
    "!=",
]
ANY_CHAR = st.characters(exclude_categories=())  # lone surrogates included
_PIECE = st.one_of(
    st.sampled_from(_MARKS),
    st.sampled_from(_WIDE),
    st.sampled_from(_DIGITS),
    st.sampled_from(_LATIN),
    st.sampled_from(_HAN),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(_SPACES),
    st.sampled_from(_FORMS),
    ANY_CHAR,
)
TEXT = st.lists(_PIECE, max_size=50).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
@example('为细化明确"十四五"时期,更好支撑(兼)')
@example("At 10:30, see https://a.cn/x?y=1,2 (1,000 items)!")
@example('他说"我们要\'绿色\'发展", 又说"好')
@example('"﹝')
@example('会."')
@example("会.﹚")
@example("总有起点.在本章中,见报告.pdf 增长3.5% 于U.S.市场.\n一.引言")
@example('id="a" style="b" 他说,"好"')
@example("甲.乙.丙.丁.戊,好")
@example('"甲\n\n\n乙"\n"丙\n丁"')
@example("(甲\n乙\n丙)")
@example("年.2023-2025年")
@example("Hello, world…中")
def test_identical_on_generated_text(text: str) -> None:
    _same(text)


@st.composite
def _quotation(draw: st.DrawFn) -> str:
    """A quotation or parenthesis over several lines, some of them blank."""
    opener, closer = draw(st.sampled_from(['""', "''", "“”", '"”', "()", "（)", "(）", "「」"]))
    lines = draw(st.lists(st.sampled_from(["甲", "乙丙", "", " ", "a b", '"', "(", ")"]), max_size=6))
    return opener + "甲\n" + "\n".join(lines) + "\n丙" + closer


_NUMBERS = ["2022", "2025", "1998", "1899", "2100", "023", "6386", "05", "1", "10", "12345", "٢٠٢٣", "２０２５"]


@st.composite
def _number_range(draw: st.DrawFn) -> str:
    """Two numbers around a dash (years, other numbers, any digits), with what comes around."""
    number = st.one_of(
        st.sampled_from(_NUMBERS),
        st.text(st.sampled_from(["1", "2", "0", "9", "8", "٢", "０"]), min_size=1, max_size=5),
    )
    before = draw(st.sampled_from(["", "年", "1", ".", "-", "/", "1:", ":", "a", " ", "１:"]))
    first, second = draw(number), draw(number)
    dash = draw(st.sampled_from(list("-–—－~～")))
    space = draw(st.sampled_from(["", " "])), draw(st.sampled_from(["", " "]))
    after = draw(st.sampled_from(["", "年", "%", ":", ":1", ":a", ".", ".5", "-", "/", "a", " 年"]))
    return before + first + space[0] + dash + space[1] + second + after


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(["", "甲", "a"]), _number_range(), st.sampled_from(["", "乙", "b", "\n"]))
def test_identical_ranges(before: str, numbers: str, after: str) -> None:
    text = before + numbers + after
    for dash in ("em", "wave"):
        got = punctuation.fix_range_dashes(text, range_dash=dash)  # type: ignore[arg-type]
        assert got == reference.fix_range_dashes(text, range_dash=dash), (dash, text)  # type: ignore[arg-type]
    _same(text, options=[("keep", "em")], rules=False)


_BOUNDED_TEMPLATES = [
    ("`{}`", 200),
    ("<a{}>", 500),
    ('x="{}"', 300),
    ("y='{}'", 300),
    ("{{{};}}", 300),
    ("{{;{}}}", 300),
    ("&{};", 10),
    ("&#{};", 10),
    ("&{}\n;", 10),
    ("&a\n{};", 10),
    ('{}="a" b="c"', 41),
    ("{}='a'", 41),
    ("{}=“a” b=”c”", 41),
]


def _bounded_form(template: str, length: int) -> str:
    if template.startswith("{}"):
        fill = "n" * length  # an attribute's name
    elif "&" in template:
        fill = "a" * length
    else:
        fill = "甲,乙" + "x" * max(0, length - 3)
    return "甲" + template.format(fill) + ",乙"


@st.composite
def _bounded(draw: st.DrawFn) -> str:
    """A protected form about as long as its pattern allows, with a Chinese mark inside."""
    template, limit = draw(st.sampled_from(_BOUNDED_TEMPLATES))
    return _bounded_form(template, draw(st.integers(limit - 3, limit + 2)))


def test_identical_on_forms_at_their_length_limits() -> None:
    for template, limit in _BOUNDED_TEMPLATES:
        for length in range(limit - 2, limit + 3):
            _same(_bounded_form(template, length), options=[("keep", "keep")])


@st.composite
def _full_stop(draw: st.DrawFn) -> str:
    """A `.` after a Han character, in the contexts that decide whether it ends a sentence."""
    line = draw(st.sampled_from(["", "一", " 十二", "\u3000三", "《书", "《书》", "甲,", "他说: ", "约翰"]))
    line += draw(st.sampled_from(["", "。", "，", "·", "a", "1"]))
    closers = draw(st.text(st.sampled_from(list("\"'”’）)」』》】]x。")), max_size=3))
    spaces = draw(st.sampled_from(["", " ", "  ", "\t"]))
    end = draw(st.sampled_from(["", "\n", "乙", "乙.丙", "乙.丙.丁", ".", "..", "a", ",好", "乙,"]))
    return line + draw(st.sampled_from(["甲", "十", "ア"])) + "." + closers + spaces + end


@settings(max_examples=800, deadline=None)
@given(st.lists(_full_stop(), min_size=1, max_size=3))
def test_identical_full_stops(lines: list[str]) -> None:
    _same("".join(lines), options=[("keep", "keep")], rules=False)
    assert punctuation.fix_full_stops("".join(lines)) == reference.fix_full_stops("".join(lines))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, _quotation(), _number_range()), max_size=6))
def test_identical_ops_on_generated_pages(lines: list[str]) -> None:
    _same_ops("\n".join(lines))


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(_quotation(), _number_range(), _bounded(), TEXT), max_size=4))
def test_identical_on_built_forms(pieces: list[str]) -> None:
    _same("".join(pieces))


# The hand-matched patterns on their own: every protected span, full stop, range, ellipsis and
# dash the reference's patterns find is the core's (seen through the rules that read them).
_PROTECTED_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*"ahtpfsw:/.-_@&#;`<>=\"' \n,()wx1", "http", "www.", "://", "\n"]),
        st.sampled_from(_HAN[:6]),
        st.sampled_from(_FORMS),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_PROTECTED_TEXT)
def test_protected_spans_identical(text: str) -> None:
    # Marks between Han characters convert unless protected: put one after each character.
    marked = "".join(ch + "甲,乙" if ch != "\n" else ch for ch in text)
    _same(marked, options=[("keep", "em")])
    _same(text, options=[("keep", "em")])


# --- the repository's pages ------------------------------------------------------------------


def _pages() -> list[Path]:
    pages = [
        *SEED_FILES,
        *sorted(WEBPAGES.glob("*.html")),
        *sorted(WEBPAGES.glob("*.txt")),
        *sorted(GOLDEN.glob("*.txt")),
    ]
    assert len(pages) > 20, "the seeds, tests/data/webpages or tests/golden are missing"
    return pages


# The pages typed with ASCII punctuation (as many sources are): what the rules convert.
_ASCII_TYPED = str.maketrans(
    {"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")", "“": '"', "”": '"'}
    | {"‘": "'", "’": "'", "。": ".", "…": "...", "—": "-", "·": "•", "「": '"', "」": '"'}
)
_TAG = regex.compile(r"<[^<>]*+>")


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.name)
def test_identical_on_pages(path: Path) -> None:
    text = path.read_text("utf-8")
    if path.suffix == ".html":  # the markup protects itself: its text too, without the tags
        text += "\n" + _TAG.sub("\n", text)
    typed = text.translate(_ASCII_TYPED)
    some = [("keep", "keep"), ("convert", "em"), ("convert", "wave")]
    _same(text, options=some[:1], rules=False)
    _same_ops(text, options=some[:1])
    # The page as typed with ASCII marks: every rule has work there.
    _same(typed, options=some)
    _same_ops(typed, options=some[:2])
    edits = len(punctuation.punctuation_edits(text)) + len(punctuation.punctuation_edits(typed))
    # Each line alone, as the rules see a one-line text.
    for line in typed.split("\n"):
        _same(line, options=some[1:2], rules=False)
    assert edits, "nothing to compare"


# --- character classes and time --------------------------------------------------------------


def test_classes_are_the_references_on_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    strength = bytearray(len(every))
    for m in reference._ZH_RUN.finditer(every):
        strength[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in reference._LATIN_RUN.finditer(every):
        strength[m.start() : m.end()] = b"\x02" * (m.end() - m.start())
    zh_char = bytearray(len(every))
    for m in regex.finditer(reference._ZH_CHAR.pattern + "+", every):
        zh_char[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    letter = bytearray(len(every))
    for m in regex.finditer(r"\p{L}+", every):
        letter[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    classes = punctuation._RULES.classes(every)
    names = {0: None, 1: reference.ZH, 2: reference.LATIN}
    for c in range(0x110000):
        got = classes[c]
        assert got & 3 == strength[c], hex(c)
        if zh_char[c] or letter[c] or chr(c) in PUNCT_NEUTRAL:  # else None on both sides
            assert names[got >> 2] == reference._classify(chr(c)), hex(c)
        else:
            assert got >> 2 == 0, hex(c)


def test_other_digits_make_ranges() -> None:
    # The range rule's \\d is the core's `cue::DIGITS` (checked against `regex` over every
    # code point in test_model_differential.py): Arabic-Indic years make a range too.
    text = "方案(٢٠٢٣-٢٠٢٧年)"
    got = punctuation.fix_range_dashes(text, range_dash="em")
    assert got == reference.fix_range_dashes(text, range_dash="em")
    assert [e.replacement for e in got] == ["—"]


@pytest.mark.parametrize(
    "text",
    [
        "重" + "," * 200_000,
        "甲." * 100_000 + "好,",
        " " * 100_000 + "甲." * 50_000,
        '"' * 200_000 + "甲",
        "(" * 100_000 + "\n" + ")" * 100_000,
        "a@" * 100_000,
        "http://" + "." * 200_000,
        "{" + ";" * 200_000 + "}" * 2,
        "&" * 100_000 + "甲,",
        "x=" * 100_000,
    ],
    ids=range(10),
)
def test_hostile_pages_take_linear_time(text: str) -> None:
    t0 = time.process_time()
    punctuation.punctuation_edits(text, corner_quotes="convert", range_dash="em")
    punctuation.find_punctuation_problems(text)
    assert time.process_time() - t0 < 2.0


def test_line_spaces_reach_the_core_as_plain_spaces() -> None:
    # The step decides on plain spaces (chardata.plain_spaces): odd ones never reach the core.
    text = "他说" + "".join(LINE_SPACES) + ",好"
    assert cleantext.normalize_punctuation(text).endswith("，好")


class _Panicking:
    """The core's rules, but ``method`` panics."""

    def __init__(self, method: str) -> None:
        self.method = method

    def __getattr__(self, name: str) -> object:
        if name == self.method:
            return _core._panic_for_test
        return getattr(_RULES, name)


_RULES = punctuation._RULES


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("block_edits", lambda: cleantext.normalize_punctuation('他说"好"')),
        ("block_edits", lambda: cleantext.clean('他说"好"')),
        ("page", lambda: punctuation.punctuation_edits('他说"好"')),
        ("rule", lambda: punctuation.pair_quotes('他说"好"')),
        ("problems", lambda: punctuation.find_punctuation_problems('他说"好')),
    ],
)
def test_a_panic_in_the_core_is_a_cleantext_error_naming_the_step(
    monkeypatch: pytest.MonkeyPatch, method: str, call: Callable[[], object]
) -> None:
    monkeypatch.setattr(punctuation, "_RULES", _Panicking(method))
    with pytest.raises(CleantextError, match="step normalize_punctuation failed"):
        call()
