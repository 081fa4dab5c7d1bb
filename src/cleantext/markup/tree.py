"""Pass 2: the page tree by html.parser's rules, and where each text token sits in it."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from ..maincontent import (
    ARTICLE_BLOCKS,
    furniture_outside_article,
    holds_article,
    is_furniture_element,
)
from .lexer import _TAG_NAME
from .vocabulary import _MARKUP_CONTENT, BLOCK_TAGS, RAW_TAGS

# --- pass 2: structure -------------------------------------------------------------------------
_ATTR = regex.compile(
    r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>=]+(?:\s+(?![^\s"'>=]+\s*=)[^\s"'>=/]+)*))?"""
)
_GRAY_RGB = regex.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})", regex.I)
_GRAY_HEX = regex.compile(r"(?<![\w-])color\s*:\s*#([0-9a-f]{3}|[0-9a-f]{6})\b", regex.I)
_GRAY_NAME = regex.compile(
    r"(?<![\w-])color\s*:\s*(?:dark|dim|light)?(?:gray|grey|silver)\b", regex.I
)
_CAPTION_CLASS = regex.compile(
    r"caption|pic_?-?(?:txt|text|desc|title|note)|img_?-?(?:desc|title|txt|note)|photo_?-?(?:desc|txt)",
    regex.I,
)
_HEADING = {f"h{i}": i for i in range(1, 7)}
#: Block starts that close a heading holding text (see :func:`_build_tree`).
_CLOSES_HEADING = frozenset({"p", "div"})


def _parse_tag(tag: str) -> tuple[str, bool, dict[str, str]] | None:
    """Name, end-tag flag and attributes of a tag's text; None if it has no valid name.

    An unquoted value runs on over spaces while no ``name=`` follows, so an unquoted CSS
    ``style=margin: 0; color: gray;`` is read whole.
    """
    m = _TAG_NAME.match(tag)
    if not m:
        return None
    attrs: dict[str, str] = {}
    body = tag[m.end() :].rstrip(">")
    for a in _ATTR.finditer(body):
        name = a.group(1).lower()
        value = a.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        if name not in attrs:
            attrs[name] = html.unescape(value)
    return m.group(2).lower(), bool(m.group(1)), attrs


def _is_gray(style: str) -> bool:
    m = _GRAY_RGB.search(style)
    if m and "color" in style[: m.start()].lower():
        r, g, b = (int(x) for x in m.groups())
        return max(r, g, b) - min(r, g, b) <= 24 and 80 <= r <= 200
    m = _GRAY_HEX.search(style)
    if m:
        h = m.group(1)
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
        return max(r, g, b) - min(r, g, b) <= 24 and 80 <= r <= 200
    return bool(_GRAY_NAME.search(style))


def _normalized_tag(parsed: tuple[str, bool, dict[str, str]] | None) -> str:
    if parsed is None:
        return ""
    name, is_end, attrs = parsed
    if not _VALID_NAME.fullmatch(name):
        return ""
    if is_end:
        # A raw-text element is closed where it opens (below): its content is never text.
        return "" if name in RAW_TAGS else f"</{name}>"
    kept = "".join(
        f' {k}="{html.escape(v)}"'
        for k, v in attrs.items()
        if k in ("style", "class", "id", "role")
    )
    return f"<{name}{kept}></{name}>" if name in RAW_TAGS else f"<{name}{kept}>"


_VALID_NAME = regex.compile(r"[a-z][a-z0-9:_-]*")


@dataclass(slots=True)
class _TextInfo:
    key: tuple[int, int] = (0, 0)
    drop: str = ""
    level: int = 0
    caption: bool = False
    bold: bool = False


#: Elements that hold no content: closed where they open (beautifulsoup4's list for HTML).
_VOID_TAGS = frozenset(
    ["area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr",
     "image", "img", "input", "isindex", "keygen", "link", "menuitem", "meta", "nextid",
     "param", "source", "spacer", "track", "wbr"]
)  # fmt: skip
#: Elements whose text beautifulsoup4 keeps in a special string class (script, template …):
#: it is never read as text of the page, even inside nested elements.
_STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})


class _Node:
    """An element of the tree :func:`_structure` builds: only what the text's context needs."""

    __slots__ = ("children", "klass", "name", "parent", "role", "style")

    def __init__(self, name: str, attrs: dict[str, str], parent: _Node | None) -> None:
        self.name = name
        self.parent = parent
        self.style = attrs.get("style", "")
        # (``class`` and ``id`` as one string: a caption class matches no whitespace.)
        self.klass = attrs.get("class", "") + " " + attrs.get("id", "")
        self.role = attrs.get("role")
        self.children: list[_Node | _Text] = []


class _Text:
    """A run of text tokens between two tags; ``plain`` unless inside a string container."""

    __slots__ = ("parent", "plain", "tokens")

    def __init__(self, tokens: list[int], parent: _Node, plain: bool) -> None:
        self.tokens = tokens
        self.parent = parent
        self.plain = plain


def _build_tree(
    tokens: Sequence[tuple[str, int, int]],
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None],
    filled: Sequence[bool],
) -> _Node:
    """The tree of the repaired page as beautifulsoup4's ``html.parser`` builder makes it.

    That builder applies no HTML nesting rules: a start tag opens an element inside the open
    one (a void element closes at once), an end tag closes the most recent open element of its
    name and every element opened inside it, and an end tag with none open is ignored. A raw
    text element (``<script>``) is closed where it opens; a gap is a ``<br>``. Built directly
    from the tokens, without writing the page out and parsing it again (5× faster).

    One rule of our own: a ``<p>`` or ``<div>`` closes an open ``<h1>``–``<h6>`` that holds
    text already (``filled``: the text tokens that are not blank). HTML does not close a
    heading there, and neither does a browser, which shows the rest in the heading's font;
    but pages that forgot ``</h2>`` (``<h2>标题<p>正文…``) mean a paragraph, and read
    otherwise every later paragraph of the page would be a heading. An empty heading
    (``<h2><div>标题</div></h2>``) is left alone: its block is its content.
    """
    root = _Node("[document]", {}, None)
    stack = [root]
    open_count: dict[str, int] = {}
    containers: list[_Node] = []
    pending: list[int] = []
    headings: list[_Node] = []  # open h1-h6, innermost last
    with_text: set[int] = set()  # ids of open headings that hold text

    def end_data() -> None:
        if pending:
            plain = not containers
            stack[-1].children.append(_Text(pending.copy(), stack[-1], plain))
            if plain and headings and any(filled[k] for k in pending):
                with_text.update(id(h) for h in headings)
            pending.clear()

    def pop() -> None:
        node = stack.pop()
        open_count[node.name] -= 1
        if containers and containers[-1] is node:
            containers.pop()
        if headings and headings[-1] is node:
            headings.pop()
            with_text.discard(id(node))

    def start(name: str, attrs: dict[str, str]) -> None:
        end_data()
        if name in _CLOSES_HEADING and headings and id(headings[-1]) in with_text:
            heading = headings[-1]
            while stack[-1] is not heading:
                pop()
            pop()
        node = _Node(name, attrs, stack[-1])
        stack[-1].children.append(node)
        stack.append(node)
        open_count[name] = open_count.get(name, 0) + 1
        if name in _STRING_CONTAINERS:
            containers.append(node)
        if name in _HEADING:
            headings.append(node)
        if name in _VOID_TAGS or name in RAW_TAGS:
            pop()

    for i, (kind, _a, _b) in enumerate(tokens):
        if kind == "text":
            pending.append(i)
        elif kind == "gap":
            start("br", {})
        elif kind == "tag":
            parsed = parsed_tags.get(i)
            if parsed is None or not _VALID_NAME.fullmatch(parsed[0]):
                continue
            name, is_end, attrs = parsed
            if not is_end:
                start(name, attrs)
            elif name not in RAW_TAGS and name not in _VOID_TAGS:
                end_data()
                if open_count.get(name):
                    while stack[-1].name != name:
                        pop()
                    pop()
    end_data()
    return root


def _walk(node: _Node) -> Iterator[_Node | _Text]:
    """The descendants of ``node`` in document order (as beautifulsoup4's ``descendants``)."""
    todo: list[_Node | _Text] = list(reversed(node.children))
    while todo:
        child = todo.pop()
        yield child
        if isinstance(child, _Node):
            todo.extend(reversed(child.children))


def _holds_article(node: _Node, han: Sequence[int], memo: dict[int, tuple[int, int]]) -> bool:
    """Whether a ``<form>``, ``<nav>`` … holds article paragraphs (200 Han characters or more).

    Some sites wrap the whole body in one ``<form>`` (ASP.NET), and a page whose end tag of
    one was lost runs on inside it: such an element is no furniture. ``han`` is the number of
    Han characters of each text token. (A paragraph inside an ``<article>`` counts twice.)
    """
    return holds_article(_article_han(node, han, memo)[1])


def _article_han(
    node: _Node, han: Sequence[int], memo: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """(Han characters under ``node``, Han characters of the article blocks under it).

    Worked out bottom-up once per element and kept in ``memo``: unclosed ``<p>`` tags nest
    (the builder applies no nesting rules), and summing each nested block's text afresh took
    time quadratic in their number.
    """
    todo: list[tuple[_Node, bool]] = [(node, False)]
    while todo:
        current, children_done = todo.pop()
        if id(current) in memo:
            continue
        if not children_done:
            todo.append((current, True))
            todo.extend(
                (c, False) for c in current.children if isinstance(c, _Node) and id(c) not in memo
            )
            continue
        total = in_blocks = 0
        for child in current.children:
            if isinstance(child, _Text):
                total += sum(han[k] for k in child.tokens)
            else:
                child_total, child_blocks = memo[id(child)]
                total += child_total
                in_blocks += child_blocks + (child_total if child.name in ARTICLE_BLOCKS else 0)
        memo[id(current)] = (total, in_blocks)
    return memo[id(node)]


def _context(
    parent: _Node, han: Sequence[int], memo: dict[int, tuple[int, int]]
) -> tuple[str, int, bool, bool, int]:
    """(drop, level, caption, bold, block id) of text in ``parent``, from its ancestors."""
    drop = ""
    level = 0
    caption = bold = False
    block_id = 0
    names: set[str] = set()
    node: _Node | None = parent
    depth = 0
    while node is not None and node.parent is not None and depth <= 64:
        name = node.name
        names.add(name)
        if not block_id and name in BLOCK_TAGS:
            block_id = id(node)
        if not level and name in _HEADING:
            level = _HEADING[name]
        if (
            name in ("figcaption", "small")
            or _is_gray(node.style)
            or _CAPTION_CLASS.search(node.klass)
        ):
            caption = True
        if name in ("b", "strong"):
            bold = True
        if name in _MARKUP_CONTENT:
            drop = "markup"
        elif (
            not drop
            and is_furniture_element(name, node.role)
            and not _holds_article(node, han, memo)
        ):
            drop = "boilerplate"
        node = node.parent
        depth += 1
    if not drop and furniture_outside_article(names):
        drop = "boilerplate"
    return drop, level, caption, bold, block_id


def _structure(
    tokens: Sequence[tuple[str, int, int]],
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None],
    han: Sequence[int],
    filled: Sequence[bool] | None = None,
) -> list[_TextInfo | None]:
    """Where each text token sits in the page's tree: its block, heading level, caption …

    ``han`` holds the number of Han characters of each token (0 for a tag), ``filled``
    whether a text token is not blank (by default: whether it holds Han characters).
    """
    infos: list[_TextInfo | None] = [None] * len(tokens)
    memo: dict[int, tuple[int, int]] = {}
    contexts: dict[int, tuple[str, int, bool, bool, int]] = {}
    counter = 0
    if filled is None:
        filled = [h > 0 for h in han]
    for node in _walk(_build_tree(tokens, parsed_tags, filled)):
        if isinstance(node, _Node):
            if node.name in BLOCK_TAGS or node.name == "br":
                counter += 1
        elif node.plain:
            parent = node.parent
            ctx = contexts.get(id(parent))
            if ctx is None:
                ctx = contexts[id(parent)] = _context(parent, han, memo)
            drop, level, caption, bold, block_id = ctx
            info = _TextInfo((counter, block_id), drop, level, caption, bold)
            for k in node.tokens:
                infos[k] = info
    return infos
