"""Quoted attribute values in (hard-wrapped) pages: no text content is lost next to them.

A page's paragraphs are known; its tags carry attributes whose quoted values hold ``>``,
line breaks, Chinese text, or never close. Every Han character of the text content must come
out, in order. Raise the number of examples with ``MARKUP_EXAMPLES=2000``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import replay
from cleantext.markup import read_markup
from cleantext.trace import apply_edits, han_count

from .test_markup import hard_wrap

_EXAMPLES = int(os.environ.get("MARKUP_EXAMPLES", "150"))
_SETTINGS = settings(
    max_examples=_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_CONTENT = "重庆日报记者发展绿色研究"
_NAMES = ["style", "class", "id", "title", "alt", "data-title", "href", "onclick", "content"]


def _han(text: str) -> str:
    return "".join(c for c in text if han_count(c))


def _in_order(needle: str, hay: str) -> bool:
    it = iter(_han(hay))
    return all(ch in it for ch in _han(needle))


@st.composite
def attribute(draw: st.DrawFn, *, balanced: bool) -> str:
    """`` name="value"``: the value may hold ``>``, ``<``-free markup, a line break, Han."""
    name = draw(st.sampled_from(_NAMES))
    value = draw(st.text(st.sampled_from("a 1:;#重发=/>\n-\"'"), max_size=14))
    quote = draw(st.sampled_from(['"', "'"]))
    value = value.replace(quote, "")
    if not balanced and draw(st.integers(0, 3)) == 0:
        return f" {name}={quote}{value}"  # a quote that never closes
    return f" {name}={quote}{value}{quote}"


@st.composite
def quoted_page(draw: st.DrawFn, *, balanced: bool) -> tuple[str, str]:
    """A page of paragraphs whose tags have quoted attributes, and its text content."""
    paras = draw(
        st.lists(
            st.text(st.sampled_from(_CONTENT), min_size=1, max_size=30), min_size=1, max_size=6
        )
    )
    parts = []
    for para in paras:
        name = draw(st.sampled_from(["p", "div", "li", "h2", "span"]))
        attrs = "".join(draw(st.lists(attribute(balanced=balanced), max_size=3)))
        parts.append(f"<{name}{attrs}>{para}</{name}>")
        parts.append(draw(st.sampled_from(["", "", "\n", " "])))
    page = "".join(parts)
    width = draw(st.sampled_from([0, 0, 20, 31, 48, 64, 80]))
    if width:
        page = hard_wrap(page, width)
    return page, "".join(paras)


def _check(page: str, content: str) -> str:
    blocks, edits = read_markup(page, extract="all")
    out = "\n".join(b.text for b in blocks)
    assert apply_edits(page, edits) == out
    assert _in_order(content, out), (page, content, out)
    return out


@_SETTINGS
@given(quoted_page(balanced=True))
def test_property_quoted_attributes_keep_all_text_content(case: tuple[str, str]) -> None:
    page, content = case
    out = _check(page, content)
    assert han_count(out) >= han_count(content)


@_SETTINGS
@given(quoted_page(balanced=False))
def test_property_unclosed_quotes_keep_all_text_content(case: tuple[str, str]) -> None:
    # A quote that runs into the next tag ends at its first ``>`` (the lexer's rule), so the
    # text after that ``>`` is content.
    page, content = case
    _check(page, content)
    # (Without the steps that rightly remove repeats: a generated page repeats a lot.)
    config = cleantext.Config(
        extract="all", remove_repeated_fragments=False, drop_repeated_paragraphs=False
    )
    result = cleantext.Cleaner(config).run(page, trace=True)
    assert _in_order(content, result.text)
    assert replay(page, result.changes) == result.text


def test_quote_into_next_tag_after_a_wrapped_style_value_keeps_the_text() -> None:
    # Found by Hypothesis: a line break inside a quoted ``style`` value, then a ``title``
    # quote that never closes and runs into the next tag. The tail scan read the title as
    # free text up to the next quote and deleted the ``发`` after its ``>`` as a tag tail.
    page = '<p>发</p><p style="\n重" title=">发</p><p style="">发</p>'
    blocks, edits = read_markup(page)
    assert [b.text for b in blocks] == ["发", "发", "发"]
    assert apply_edits(page, edits) == "发\n发\n发"
    assert cleantext.clean(page) == "发\n发\n发"


def test_quote_after_a_closed_value_opens_nothing() -> None:
    # ``="`` right after a closed value is part of an attribute name, as HTML reads it: the
    # ``>`` after it ends the tag (a quote opened there swallowed the ``发`` before the wrap).
    page = '<p>发</p><p>发</p><p\n>发</p><p>发</p><p s\ntyle=" style="=">发\n发</p>'
    assert han_count(check(page)) == 6


def test_quote_with_a_gt_running_into_a_later_tag_ends_at_the_gt() -> None:
    # An unclosed ``href="`` with a ``>`` in it, wrapped over a line of text before the next
    # tag: the tag ends at that ``>``, as the lexer ends it in one line.
    page = '<p>发</p><p>发</p><p\n>发</p><p href=">发\n发发发发发发发发发发\n</p><p>发</p>'
    assert han_count(check(page)) == 15
    page = '<p>发</p><p>发</p><p\n>发</p><p style=" st\nyle=\' style="1=\'">发\n</p>'
    assert han_count(check(page)) == 4


def check(page: str) -> str:
    blocks, edits = read_markup(page, extract="all")
    out = "\n".join(b.text for b in blocks)
    assert apply_edits(page, edits) == out
    return out
