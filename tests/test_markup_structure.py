"""The page tree of :func:`cleantext.markup.tree._structure` is beautifulsoup4's ``html.parser`` tree.

(Plus one rule of ours, in the reference too: a ``<p>`` or ``<div>`` closes an open heading that
holds text, see :func:`cleantext.markup.tree._build_tree`.)

``_structure`` builds the tree itself, straight from the tokens (5× faster than writing the page
out and parsing it again). The reference below is the former implementation: the page with a
placeholder per text token, parsed by beautifulsoup4. On any sequence of tags and text, both
must give every text token the same block, heading level, caption, bold and drop reason.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import regex
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import maincontent
from cleantext.markup import tree, vocabulary
from cleantext.markup.tree import _normalized_tag, _structure, _TextInfo

_PLACEHOLDER = regex.compile("\ue000([0-9]+)\ue001")


def _holds_article(tag: Any, han: Sequence[int], memo: dict[int, bool]) -> bool:
    key = id(tag)
    if key not in memo:
        total = 0
        for block in tag.find_all(list(maincontent.ARTICLE_BLOCKS)):
            for s in block.find_all(string=True):
                total += sum(han[int(k)] for k in _PLACEHOLDER.findall(s) if int(k) < len(han))
            if total >= maincontent.CONTAINER_HAN:
                break
        memo[key] = total >= maincontent.CONTAINER_HAN
    return memo[key]


def _ancestor_info(
    string: Any, counter: int, han: Sequence[int], memo: dict[int, bool]
) -> _TextInfo:
    info = _TextInfo()
    block_id = 0
    names: list[str] = []
    for depth, parent in enumerate(string.parents):
        if depth > 64 or parent.name in (None, "[document]"):
            break
        name = parent.name
        names.append(name)
        if not block_id and name in vocabulary.BLOCK_TAGS:
            block_id = id(parent)
        if not info.level and name in tree._HEADING:
            info.level = tree._HEADING[name]
        attrs = parent.attrs
        if (
            name in ("figcaption", "small")
            or tree._is_gray(attrs.get("style", ""))
            or tree._CAPTION_CLASS.search(
                " ".join(attrs.get("class", [])) + " " + attrs.get("id", "")
            )
        ):
            info.caption = True
        if name in ("b", "strong"):
            info.bold = True
        if name in vocabulary._MARKUP_CONTENT:
            info.drop = "markup"
        elif (
            not info.drop
            and (name in maincontent.FURNITURE_ELEMENTS or attrs.get("role") == "navigation")
            and not _holds_article(parent, han, memo)
        ):
            info.drop = "boilerplate"
    if (
        not info.drop
        and ("header" in names or "footer" in names)
        and "article" not in names
        and "main" not in names
    ):
        info.drop = "boilerplate"
    info.key = (counter, block_id)
    return info


class _HeadingSoup(BeautifulSoup):
    """beautifulsoup4 with our one rule: ``<p>``/``<div>`` closes a heading that holds text."""

    filled: Sequence[bool] = ()

    def handle_starttag(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name in tree._CLOSES_HEADING:
            self.endData()
            heading = next((t for t in reversed(self.tagStack) if t.name in tree._HEADING), None)
            if heading is not None and any(
                self.filled[int(k)]
                for s in heading.find_all(string=True)
                if type(s) is NavigableString
                for k in _PLACEHOLDER.findall(s)
            ):
                self._popToTag(heading.name)
        return super().handle_starttag(name, *args, **kwargs)


def reference_structure(
    tokens: list[tuple[str, int, int]],
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None],
    han: Sequence[int],
) -> list[_TextInfo | None]:
    parts = []
    for i, (kind, _a, _b) in enumerate(tokens):
        if kind == "text":
            parts.append(f"\ue000{i}\ue001")
        elif kind == "tag":
            parts.append(_normalized_tag(parsed_tags[i]))
        elif kind == "gap":
            parts.append("<br>")
    infos: list[_TextInfo | None] = [None] * len(tokens)
    memo: dict[int, bool] = {}
    _HeadingSoup.filled = [h > 0 for h in han]
    soup = _HeadingSoup("".join(parts), "html.parser")
    counter = 0
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name in vocabulary.BLOCK_TAGS or node.name == "br":
                counter += 1
        elif type(node) is NavigableString:
            hits = _PLACEHOLDER.findall(node)
            if hits:
                info = _ancestor_info(node, counter, han, memo)
                for h in hits:
                    infos[int(h)] = info
    return infos


def _canonical(infos: list[_TextInfo | None]) -> list[tuple[Any, ...] | None]:
    """Infos with block ids renamed in order of appearance (ids of different trees differ)."""
    names: dict[int, int] = {0: 0}
    out: list[tuple[Any, ...] | None] = []
    for info in infos:
        if info is None:
            out.append(None)
            continue
        block = names.setdefault(info.key[1], len(names))
        out.append((info.key[0], block, info.drop, info.level, info.caption, info.bold))
    return out


_NAMES = [
    "p", "div", "span", "b", "strong", "h1", "h2", "h3", "br", "img", "hr", "li", "ul", "td",
    "table", "tr", "nav", "form", "aside", "header", "footer", "article", "main", "section",
    "figcaption", "small", "script", "style", "template", "rt", "rp", "noscript", "title",
    "head", "body", "html", "option", "button", "x-y", "a:b", "svg", "iframe", "textarea", "pre",
]  # fmt: skip
_ATTRS = st.dictionaries(
    st.sampled_from(["style", "class", "id", "role", "href"]),
    st.sampled_from(
        [
            "",
            "color: gray",
            "color:#999",
            "color: red",
            "pic_txt",
            "caption a",
            "navigation",
            "x y",
            "img-desc",
            "a&b\"<'>",
        ]
    ),
    max_size=3,
)
_TOKEN = st.one_of(
    st.tuples(st.just("text"), st.integers(0, 150)),
    st.tuples(st.just("gap"), st.just(0)),
    st.tuples(st.just("tag"), st.tuples(st.sampled_from(_NAMES), st.booleans(), _ATTRS)),
    st.tuples(st.just("tag"), st.just(None)),
)
_EXAMPLES = int(os.environ.get("MARKUP_EXAMPLES", "300"))


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKEN, max_size=80))
def test_tree_is_the_html_parser_tree(items: list[tuple[str, Any]]) -> None:
    tokens: list[tuple[str, int, int]] = []
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None] = {}
    han: list[int] = []
    for i, (kind, value) in enumerate(items):
        tokens.append((kind, i, i + 1))
        han.append(value if kind == "text" else 0)
        if kind == "tag":
            parsed_tags[i] = value
    expected = reference_structure(tokens, parsed_tags, han)
    assert _canonical(_structure(tokens, parsed_tags, han)) == _canonical(expected)


def test_tree_rules() -> None:
    # An end tag closes what was opened inside its element; a stray one is ignored; text in a
    # ``<template>`` (even nested) is no text of the page; a void element holds nothing.
    items: list[tuple[str, Any]] = [
        ("tag", ("h2", False, {})), ("text", 3), ("tag", ("p", False, {})), ("text", 3),
        ("tag", ("h2", True, {})), ("text", 3), ("tag", ("li", True, {})),
        ("tag", ("template", False, {})), ("tag", ("p", False, {})), ("text", 3),
        ("tag", ("template", True, {})), ("tag", ("br", False, {})), ("text", 3),
    ]  # fmt: skip
    tokens = [(kind, i, i + 1) for i, (kind, _v) in enumerate(items)]
    parsed = {i: v for i, (kind, v) in enumerate(items) if kind == "tag"}
    han = [v if kind == "text" else 0 for kind, v in items]
    infos = _structure(tokens, parsed, han)
    # (A ``<p>`` closes the ``<h2>`` holding text: the second text is no heading.)
    assert [x.level if x else None for x in infos if x is not None] == [2, 0, 0, 0]
    assert infos[9] is None
    assert _canonical(infos) == _canonical(reference_structure(tokens, parsed, han))


def test_furniture_holding_article_text() -> None:
    # A <nav> is furniture unless its article blocks hold 200 Han characters; a block nested in
    # another (unclosed <p>) counts in both, as the reference counts it.
    def drops(items: list[tuple[str, Any]]) -> list[str]:
        tokens = [(kind, i, i + 1) for i, (kind, _v) in enumerate(items)]
        parsed = {i: v for i, (kind, v) in enumerate(items) if kind == "tag"}
        han = [v if kind == "text" else 0 for kind, v in items]
        infos = _structure(tokens, parsed, han)
        assert _canonical(infos) == _canonical(reference_structure(tokens, parsed, han))
        return [x.drop for x in infos if x is not None]

    nav = ("tag", ("nav", False, {}))
    div, p = ("tag", ("div", False, {})), ("tag", ("p", False, {}))
    assert drops([nav, div, ("text", 250)]) == ["boilerplate"]
    assert drops([nav, p, ("text", 250)]) == [""]
    assert drops([nav, p, ("text", 80), p, ("text", 80)]) == ["", ""]
    assert drops([nav, div, ("text", 80), p, ("text", 80)]) == ["boilerplate", "boilerplate"]
