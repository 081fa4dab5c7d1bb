"""Fuzzing with Hypothesis: arbitrary Unicode through the pipeline, HTML-ish soup through markup.

Bounded: every property has a fixed ``max_examples`` and no deadline, so the whole file runs
in well under a minute in CI. Raise the budget locally with
``HYPOTHESIS_PROFILE=fuzz-long`` (ten times the examples).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import replay
from cleantext.chardata import SMALL_FORM_PUNCT
from cleantext.markup import read_markup, repair_markup
from cleantext.trace import apply_edits, han_count

_SCALE = 10 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz-long" else 1
_FAST = settings(
    max_examples=150 * _SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The markup repair parses a page per example: fewer examples, same bound on time.
_MARKUP = settings(_FAST, max_examples=100 * _SCALE)

# --- arbitrary Unicode ---------------------------------------------------------------------------

_SPECIAL = st.sampled_from(
    [
        *"\x00\x01\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9f",  # control characters
        *"\u0300\u0301\u0308\u20dd\u3099",  # combining marks
        *"\u05d0\u05d1\u0627\u0644\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069",  # RTL
        *"😀👍🏽\u200d👨‍👩‍👧\ufe0f\ufe0e🇨🇳",  # emoji, ZWJ, variation selectors, flags
        *"\ud800\udc80\udfff\udcff",  # lone surrogates (as from surrogateescape)
        *"\u200b\u200c\u2060\ufeff\u00ad\u3000\u00a0\u2028\u2029",  # invisible and odd spaces
        *"＂＇，．：；！？（）［］｛｝０１２３ＡＢｚ",  # full-width
        *"“”‘’「」『』《》〈〉【】…—·、。，",  # Chinese punctuation
        *"重庆日报记者发展绿色研究一个个臺灣",  # Han
        *"\n\n\n\t    ",
        *"<>&#;/=\"'",
        "&amp;",
        "&ldquo;",
        "&#x91cd;",
        "&#0;",
        "&#xd800;",
        "Ã©",
        "â€œ",  # mojibake
        "研究研究",
        "** ",
        "# ",
        "□",
        "...",
        "--",
        ",",
        ".",
    ]
)
unicode_text = st.lists(
    st.one_of(st.characters(), _SPECIAL, st.text(max_size=4)), max_size=80
).map("".join)

# Characters a step may insert that were not in the text it replaced: punctuation, spaces and
# line breaks from a known map (as in tests/test_pipeline.py).
_ALLOWED_NEW = set(" \n，。、；：？！“”‘’（）《》——……·-0123456789") | set(SMALL_FORM_PUNCT.values())
# Steps whose output is a decoding of their input (entities, mojibake, width, script): they
# may produce new characters, but only from what they replace, so never more of them.
_DECODING_STEPS = {"repair_markup", "fix_encoding", "decode_entities", "normalize_width", "convert_chinese"}


def _check_trace(text: str) -> str:
    out, changes = cleantext.clean_and_explain(text)
    assert replay(text, changes) == out
    for c in changes:
        if c.step in _DECODING_STEPS:
            assert len(c.after) <= max(len(c.before), 1), c
        else:
            invented = set(c.after) - set(c.before) - _ALLOWED_NEW
            assert not invented, c
    return out


@_FAST
@given(unicode_text)
def test_clean_never_raises_and_is_idempotent(text: str) -> None:
    out = cleantext.clean(text)
    assert cleantext.clean(out) == out


@_FAST
@given(unicode_text)
def test_clean_and_explain_accounts_for_every_change(text: str) -> None:
    out = _check_trace(text)
    assert out == cleantext.clean(text)


@_FAST
@given(unicode_text)
def test_split_never_raises_and_loses_no_line(text: str) -> None:
    articles = cleantext.split(text)
    # Every cleaned line belongs to exactly one article (or page-level record).
    assert "\n\n".join(a.text for a in articles) == cleantext.clean(text)
    for a in articles:
        assert 0 <= a.start <= a.end <= len(text)


@_FAST
@given(unicode_text)
def test_no_han_character_appears_from_nowhere(text: str) -> None:
    # Entities (&#x91cd;) and mojibake can decode to Han; anything else cannot make more.
    out = cleantext.clean(text)
    if "&" not in text and not any(ord(c) > 0x7F and ord(c) < 0x100 for c in text):
        assert han_count(out) <= han_count(text)


# --- the markup repair: HTML-ish soup --------------------------------------------------------

_TAGS = ["p", "div", "span", "br", "b", "i", "a", "h1", "h2", "li", "ul", "table", "tr", "td",
         "img", "font", "strong", "em", "figure", "figcaption", "section", "article", "x-y"]
_VISIBLE = "重庆日报记者发展绿色研究，。“”：、 abc123"


@st.composite
def attribute(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["style", "class", "href", "src", "title", "data-x", "on"]))
    value = draw(st.text(st.sampled_from("a 1:;#重=/<>&\"'\n-"), max_size=12))
    quote = draw(st.sampled_from(['"', "'", "", '"', "unbalanced"]))
    if quote == "unbalanced":
        return f' {name}="{value}'
    if quote == "":
        return f" {name}={value.replace(' ', '')}"
    return f" {name}={quote}{value.replace(quote, '')}{quote}"


@st.composite
def tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_TAGS))
    case = draw(st.sampled_from([str.lower, str.upper]))
    kind = draw(st.sampled_from(["open", "close", "self", "open", "cut"]))
    attrs = "".join(draw(st.lists(attribute(), max_size=3))) if kind != "close" else ""
    if kind == "close":
        return f"</{case(name)}>"
    if kind == "self":
        return f"<{case(name)}{attrs}/>"
    if kind == "cut":  # a tag cut off by the end of a line or of the page
        return f"<{case(name)}{attrs}"[: draw(st.integers(1, 20))]
    return f"<{case(name)}{attrs}>"


_ENTITY = st.sampled_from(
    ["&amp;", "&lt;", "&gt;", "&nbsp;", "&ldquo;", "&rdquo;", "&hellip;", "&mdash;", "&#91;",
     "&#x91cd;", "&#20013;", "&amp;ldquo;", "&ldquo", "&hellip", "&#x;", "&#99999999;", "&zzz;",
     "&", "&#", "&amp;amp;"]
)
_OTHER = st.sampled_from(
    ["<!-- 注释 -->", "<!--", "-->", "<script>var a = '<p>';</script>", "<style>p{}</style>",
     "<![CDATA[重]]>", "<!DOCTYPE html>", "<?xml version='1.0'?>", "<", ">", "</", "< p>"]
)


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    pieces = draw(
        st.lists(
            st.one_of(tag(), _ENTITY, _OTHER, st.text(st.sampled_from(_VISIBLE), min_size=1, max_size=12)),
            max_size=40,
        )
    )
    text = "".join(pieces)
    # Hard wraps at fixed columns, as in saved page source: anywhere, even inside a tag.
    width = draw(st.sampled_from([0, 0, 7, 13, 64]))
    if width:
        text = "\n".join(text[i : i + width] for i in range(0, len(text), width))
    return text


@st.composite
def html_with_visible_text(draw: st.DrawFn) -> tuple[str, str]:
    """A fragment whose visible text is known: Han runs inside well-formed block tags."""
    paragraphs = draw(
        st.lists(st.text(st.sampled_from("重庆日报记者发展绿色研究"), min_size=1, max_size=20), min_size=1, max_size=8)
    )
    parts = []
    for para in paragraphs:
        name = draw(st.sampled_from(["p", "div", "h2", "li", "td", "figcaption"]))
        attrs = "".join(draw(st.lists(attribute(), max_size=2))).replace("<", "").replace(">", "")
        inline = draw(st.sampled_from(["", "b", "span", "font"]))
        body = f"<{inline}>{para}</{inline}>" if inline else para
        parts.append(f"<{name}{attrs}>{body}</{name}>")
        parts.append(draw(st.sampled_from(["", "\n", " ", "<br>", "<!-- 广告 -->"])))
    return "".join(parts), "".join(paragraphs)


def _han_subsequence(needle: str, hay: str) -> bool:
    it = iter(c for c in hay if han_count(c))
    return all(ch in it for ch in needle)


@_MARKUP
@given(html_soup())
def test_read_markup_never_raises_and_keeps_its_invariant(text: str) -> None:
    blocks, edits = read_markup(text, extract="all")
    assert apply_edits(text, edits) == "\n".join(b.text for b in blocks)
    for b in blocks:
        assert 0 <= b.start <= b.end <= len(text)


@_MARKUP
@given(html_soup())
def test_repair_markup_never_raises(text: str) -> None:
    out = repair_markup(text)
    assert isinstance(out, str)
    _check_trace(text)


@_MARKUP
@given(html_with_visible_text())
def test_markup_keeps_visible_text_in_order(case: tuple[str, str]) -> None:
    text, visible = case
    blocks, _ = read_markup(text, extract="all")
    assert _han_subsequence(visible, "".join(b.text for b in blocks))
    out = cleantext.clean(text, cleantext.Config(extract="all"))
    assert _han_subsequence(visible, out)
    assert han_count(out) >= len(visible)
