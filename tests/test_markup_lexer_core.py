"""The compiled markup lexer (``cleantext._core.MarkupLexer``) against its Python reference
(tests/reference/markup_lexer.py): identical tokens, and identical state after every piece
(the unwrap pass reads it at each line break), on generated markup and on the repository's
pages; a panic in it surfaces as :class:`~cleantext.errors.CleantextError` naming the step.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext import _core
from cleantext.errors import CleantextError
from cleantext.markup import read_markup, unwrap
from cleantext.markup.lexer import new_lexer

from .conftest import SEED_FILES
from .reference import markup_lexer as reference

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

# Fragments the lexer's rules are about: tags whole, broken and cut, quotes after names and
# elsewhere, entities, comments, scripts and styles with strings and comments in them, CDATA,
# line breaks (also inside the ends the lexer reads across one), case-folding letters
# (`İ`, Kelvin `K`, `ſ` match `i`, `k`, `s` in the case-insensitive patterns), Han text.
_FRAGMENTS = [
    "<", ">", "</", "/>", "<p>", "</p>", "<div", "< div", "< div class=\"x\">", "< >", "<>",
    "< br/>", "< /p>", "<P ", "<p style=", "margin: 0; ", "<img alt=", "title=", "class=",
    "style=", "href=", "onclick=", "data-title=", "aria-label=", "=", "==", "\"", "'", "`",
    "&amp;", "&ld", "quo;", "&nbsp", "&#12345;", "<!--", "-->", "--", "-\n-\n>", "-\r\n->",
    "<!", "<!-", "<!DOCTYPE html>", "<?xml ?>", "<![CDATA[", "]]>", "<script>", "</script>",
    "<script type=text/javascript>", "</scr\nipt>", "< script>", "<style>", "</style>",
    "</STYLE >", "<xmp>", "</xmp>", "<iframe>", "</iframe", "<textarea>", "document.write('",
    "')", "'<div id=\"' + id + '\">'", "//", "/*", "*/", "\\", "\\'", "<script src=x></script>",
    "<SCRİPT>", "</ſcript>", "</scrİpt>", "<\u212abd>", "< \u212abd=1>", "<dİv>", "</dİv>", "< dİv a=1>",
    "<br>", "<br/>", "<h2>", "<script>var s = `a\n'<p>", "<script>f('</script>');", "<script>x = '",
    "</h2>", "<p\u0301", "<pé", "<p中", "<table", "<span", "a < b and c > d", "3<5",
    "\n", "\r\n", "\r", " ", "  ", "\t", "\f", "\u3000", "\u00a0", "\u2028",
    "重庆市", "点绿成金美丽重庆", "中文", "字", "，", "。", "x", "abc", "12",
]
FRAGMENT = st.sampled_from(_FRAGMENTS)
ANY_CHAR = st.characters(exclude_categories=())  # Cs included: lone surrogates
MARKUP = st.lists(st.one_of(FRAGMENT, FRAGMENT, FRAGMENT, ANY_CHAR), max_size=60).map("".join)


def _state(lexer: Any) -> tuple[object, ...]:
    return (
        lexer.mode,
        lexer.pending_lt(),
        lexer.tag_so_far(),
        lexer.quoted_so_far(),
        lexer.quote_attr,
    )


def _same_lexing(pieces: list[str]) -> None:
    core, ref = new_lexer(), reference._Lexer()
    for piece in pieces:
        core.feed(piece)
        ref.feed(piece)
        assert _state(core) == _state(ref), (pieces, piece)
    core.finish()
    ref.finish()
    assert core.tokens() == ref.tokens, pieces


def _cut(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts})
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@settings(max_examples=600, deadline=None)
@given(MARKUP, st.lists(st.integers(min_value=0, max_value=10_000), max_size=8))
@example("<script>var a = '</script>';</script>重", [])
@example("<scrİpt>x('<p", [3])
@example("<p title=\"a>b<p>c", [9])
@example("<!-- a > <!-- b >", [])
@example("<", [])
@example("<script>var s = `\n'`; <p>重", [])
@example("<script>x('<dİv>重庆市重庆')<p>", [])
@example("< div " + "a" * 100 + "=1>" + "< div " + "a" * 101 + "=1>", [])
@example("< p =" + "a" * 300 + ">" + "< p =" + "a" * 301 + ">", [])
@example("< dİv a=1>x< \u212abd>y<style>a</\u017ftyle>b", [])
@example("<a b=\ud800\"x", [5])
@example("\ufeff<p a=\"\ufeff", [1])
def test_identical_tokens_and_state_on_generated_markup(text: str, cuts: list[int]) -> None:
    _same_lexing([text])
    _same_lexing(_cut(text, cuts))
    # Line by line, as the unwrap pass feeds it (a line, then its break).
    _same_lexing(regex.split(r"(?<=\n)|(?=\r?\n)", text))


class _Reference:
    """The reference lexer behind the compiled one's interface (``tokens()`` a method)."""

    TEXT, TAG, DQ, SQ, COMMENT, BOGUS, RAW = range(7)

    def __init__(self) -> None:
        self.lexer = reference._Lexer()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.lexer, name)

    def tokens(self) -> list[tuple[str, int, int]]:
        return self.lexer.tokens


def _generated(text: str, rng: random.Random) -> str:
    """A page of ``text``'s paragraphs in styled ``<p>``, hard-wrapped, with chunks lost."""
    paragraphs = [p for p in text.split("\n") if p.strip()][:40]
    style = rng.choice(["margin: 0 auto; font-family: 微软雅黑;", '"color: #333"', "'x'"])
    page = "".join(f"<p style={style}>{p}</p>" for p in paragraphs)
    page = f"<html><head><script>var s = '<p>' + x;</script></head><body>{page}</body></html>"
    width = rng.randint(56, 72)
    lines = [page[i : i + width] for i in range(0, len(page), width)]
    for _ in range(rng.randint(0, 2)):
        if len(lines) > 3:
            k = rng.randrange(1, len(lines) - 1)
            lines[k] = lines[k][rng.randint(0, width // 2) :]
            del lines[k - 1]
    return "\n".join(lines)


def _pages() -> list[tuple[str, str]]:
    paths = [
        *SEED_FILES,
        *sorted((DATA / "webpages").glob("*.html")),
        *sorted((DATA / "leaks").glob("*.html")),
    ]
    assert len(paths) > 10, "the seeds and tests/data pages are missing"
    pages = [(p.name, p.read_text("utf-8")) for p in paths]
    rng = random.Random(2024)
    pages += [(f"generated-{p.name}", _generated(p.read_text("utf-8"), rng)) for p in SEED_FILES]
    return pages


@pytest.mark.parametrize(("name", "text"), _pages(), ids=[n for n, _ in _pages()])
def test_identical_unwrap_on_pages(name: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The whole first pass with each lexer: the same pieces fed, the same decisions, tokens.
    src, lexer = unwrap._unwrap(text)
    monkeypatch.setattr(unwrap, "new_lexer", _Reference)
    ref_src, ref_lexer = unwrap._unwrap(text)
    assert lexer.tokens() == ref_lexer.tokens()
    assert (src.pieces, src.deletions, src.gaps) == (ref_src.pieces, ref_src.deletions, ref_src.gaps)
    # And every piece boundary of the page, fed again with the state compared at each.
    _same_lexing(src.pieces)


def test_many_unclosed_comments_and_quotes_do_not_recurse() -> None:
    # The reference restarts itself after each unclosed construct: 2000 of them overflow
    # Python's stack there. The core loops, in linear time.
    text = "<!-- a > " * 2000 + '<p title="b> c ' * 2000
    with pytest.raises(RecursionError):
        _same_lexing([text])
    lexer = new_lexer()
    t0 = time.process_time()
    lexer.feed(text * 25)
    lexer.finish()
    assert time.process_time() - t0 < 2.0
    assert len(lexer.tokens()) == 25 * 4000 * 2
    # The whole step too (it raised RecursionError with the Python lexer).
    blocks, _ = read_markup("<!-- a > " * 2000)
    assert [b.text for b in blocks] == [""]


def test_a_panic_in_the_lexer_names_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    class Panicking(_Reference):
        def feed(self, piece: str) -> None:
            _core._panic_for_test(piece)

    monkeypatch.setattr(unwrap, "new_lexer", Panicking)
    with pytest.raises(CleantextError, match="read_markup"):
        read_markup("<p>重庆</p>")


def test_bad_vocabulary_is_refused() -> None:
    with pytest.raises(ValueError, match="lower-case ASCII"):
        _core.LexerRules(["Div"], [], [])
    with pytest.raises(ValueError, match="lower-case ASCII"):
        _core.LexerRules(["x-y"], [], [])


def test_word_table_is_the_regex_modules() -> None:
    every = "".join(map(chr, range(0x110000)))
    ranges = [(m.start(), m.end() - 1) for m in regex.finditer(r"\w+", every)]
    assert _core.word_ranges() == ranges
