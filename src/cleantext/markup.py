"""HTML source to lines: undo the hard wrap, repair cut markup, then parse it.

Scraped news is often HTML *source* hard-wrapped every ~60 display columns, with chunks of
the page lost. A parser fed that text reads the paragraphs after a cut, unquoted ``style=``
attribute as attribute names and loses them silently. So the source is repaired first, line
boundary by line boundary, and only then handed to a parser:

1. *Unwrap*: each line break is a wrap (deleted: ``3`` / ``0辆`` → ``30辆``), a real break
   (whitespace, as HTML reads it) or a *gap* where the source lost a chunk.
2. *Repair* a gap: a tag cut by it is closed where text clearly resumes, an orphan tag tail at
   the start of the line (`` ize: 18px;>``) is dropped, and both pieces stay separate blocks.
3. *Tokenize* the repaired source with a linear lexer (offsets into the input for every
   character), and let beautifulsoup4 build the tree to decide the structure: blocks,
   headings, captions, scripts and page furniture.
4. *Decode* entities (split, double-escaped, missing ``;``) and normalize whitespace: no space
   between Chinese characters or digits joined by a wrap or ``&nbsp;``.

Every deleted or replaced character is an :class:`~cleantext.trace.Edit` on the raw input:
``apply_edits(text, edits) == "\\n".join(b.text for b in blocks)``.

>>> looks_like_markup("<p>你好</p>"), looks_like_markup("3<5 且 AT&T")
(True, False)
>>> repair_markup("<p style=color: red;>引进3\\n0辆</p><p>达&ldquo;497&rdquo;个</p>")
'引进30辆\\n达“497”个'
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from html.entities import html5
from typing import Any, Literal

import regex

from . import webpage
from .blocks import LACUNA_AFTER, LACUNA_BEFORE, Block, Role
from .steps import inline_step
from .trace import Edit, han_count

__all__ = ["decode_entities", "looks_like_markup", "read_markup", "repair_markup", "strip_tags"]

Extract = Literal["auto", "main", "all"]

# --- HTML vocabulary ---------------------------------------------------------------------------
#: Elements that start a new line of text.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
#: Elements whose content is never text (read as raw text by the lexer).
RAW_TAGS = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes"})
#: Elements whose content is markup or page furniture, not article text.
_MARKUP_CONTENT = frozenset({"script", "style", "noscript", "template", "svg", "math", "object"})
#: Elements of page furniture (``<head>`` is not one: text inside it is only in the ``<title>``,
#: a script or a style, unless its end was lost and the page runs on inside it).
_BOILERPLATE = frozenset(
    {"title", "nav", "aside", "form", "button", "select", "option", "iframe", "menu"}
)
_KNOWN_TAGS = (
    BLOCK_TAGS
    | RAW_TAGS
    | _MARKUP_CONTENT
    | _BOILERPLATE
    | frozenset(
        [
            "a",
            "abbr",
            "b",
            "bdi",
            "bdo",
            "big",
            "br",
            "cite",
            "code",
            "data",
            "del",
            "dfn",
            "em",
            "font",
            "i",
            "img",
            "input",
            "ins",
            "kbd",
            "label",
            "link",
            "mark",
            "meta",
            "picture",
            "q",
            "s",
            "samp",
            "small",
            "source",
            "span",
            "strike",
            "strong",
            "sub",
            "sup",
            "time",
            "tt",
            "u",
            "var",
            "video",
            "wbr",
            "audio",
            "area",
            "map",
            "col",
            "colgroup",
            "embed",
            "param",
            "track",
            "base",
            "head",
            "body",
            "html",
        ]
    )
)

# --- characters ----------------------------------------------------------------------------------
_HTML_WS = " \t\n\r\f"
_CJK = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef“”‘’—…·]"
)
_WIDE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]")
#: Characters a sentence ends with; a closing quote or bracket counts after one of them.
_TERMINAL = frozenset("。！？；…!?;")
_CLOSING = frozenset("”’」』）》)\"'")


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    if text[-1:] in _CLOSING:
        text = text[:-1]
    return text[-1:] in _TERMINAL


#: Characters no sentence starts with: a line starting with one continues a lost sentence.
_CONTINUATION = frozenset("，。、；：？！）」』”’》〉】…,.;:?!)")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _unspaced(left: str, right: str) -> bool:
    """Whether text never puts a space between ``left`` and ``right`` (Chinese, or digits)."""
    if _is_cjk(left) and _is_cjk(right):
        return True
    return left in _DIGITS and right in _DIGITS and bool(left) and bool(right)


_DIGITS = "0123456789"


def _width(line: str) -> int:
    """Display columns of ``line`` (a wide character is two), fast for long lines."""
    return len(line) + len(_WIDE.findall(line))


# --- entities ------------------------------------------------------------------------------------
_ENT_NAME = regex.compile(r"[A-Za-z][A-Za-z0-9]{0,31}")
_ENT_NUM = regex.compile(r"#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}))(;?)")


def _decode_one(s: str, k: int, stop: int) -> tuple[int, str] | None:
    """Decode the entity body at ``s[k:stop]`` (just after ``&``): (end, value) or None.

    Lenient like a browser reading text: legacy names (``&nbsp``) need no ``;`` unless ``=``
    follows; any other name may lose its ``;`` only before non-ASCII text or the end (a cut
    ``&ldquo双碳``), so ``AT&T`` and ``?a=1&lang=zh`` stay.
    """
    m = _ENT_NUM.match(s, k, stop)
    if m:
        cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            return None
        after = s[m.end()] if m.end() < stop else ""
        if not m.group(3) and after.isascii() and after.isalnum():
            return None
        return m.end(), html.unescape(f"&#{cp};")
    m = _ENT_NAME.match(s, k, stop)
    if not m:
        return None
    name, end = m.group(), m.end()
    nxt = s[end] if end < stop else ""
    if nxt == ";" and name + ";" in html5:
        return end + 1, html5[name + ";"]
    if name in html5 and nxt != "=":
        return end, html5[name]
    if name + ";" in html5 and len(name) >= 2 and (nxt == "" or not nxt.isascii()):
        return end, html5[name + ";"]
    return None


def _entity_at(s: str, i: int, stop: int | None = None) -> tuple[int, str] | None:
    """Decode the entity at ``s[i] == "&"``, unwrapping double escapes (``&amp;ldquo;``)."""
    stop = len(s) if stop is None else stop
    k = i + 1
    depth = 0
    while s.startswith("amp;", k, stop):
        k += 4
        depth += 1
    if depth:
        inner = _decode_one(s, k, stop)
        if inner is not None:
            return inner
        return k, "&"  # the innermost ``&amp;`` is the character itself
    return _decode_one(s, k, stop)


def _nbsp_output(left: str, right: str) -> str:
    """A non-breaking space: nothing between Chinese characters or at an edge, else a space."""
    if not left or not right or (_is_cjk(left) and _is_cjk(right)):
        return ""
    return " "


@inline_step(trigger=regex.compile("&").search)
def decode_entities(text: str) -> Iterator[Edit]:
    """Decode HTML entities left in text: named, numeric, hex, double-escaped, missing ``;``.

    ``&nbsp;`` becomes a space, or nothing next to Chinese text; ``AT&T`` stays.

    >>> decode_entities("&ldquo;双碳&rdquo;与AT&T、&amp;ldquo;好&#x4E2D;&#25991;&nbsp;abc&nbsp;d")
    '“双碳”与AT&T、“好中文 abc d'
    """
    pos = text.find("&")
    while pos != -1:
        hit = _entity_at(text, pos)
        if hit is None:
            pos = text.find("&", pos + 1)
            continue
        end, value = hit
        if value == "\xa0":
            left = text[pos - 1] if pos else ""
            right = text[end] if end < len(text) else ""
            value = _nbsp_output(left, right)
        yield Edit(pos, end, value, "entity")
        pos = text.find("&", end)


# --- detection -----------------------------------------------------------------------------------
_TAG_LIKE = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,10})(?=[\s/>])[^<>]{0,2000}>")
_ENTITY_LIKE = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` carries HTML: two real tags, or one and an entity (not ``3<5``, ``AT&T``).

    >>> looks_like_markup("《人民日报》称3<5，AT&T与<不>"), looks_like_markup("<br>第一行<br>")
    (False, True)
    """
    tags = 0
    for m in _TAG_LIKE.finditer(text):
        if m.group(2).lower() in _KNOWN_TAGS:
            tags += 1
            if tags >= 2:
                return True
    return tags == 1 and _ENTITY_LIKE.search(text) is not None


# --- strip_tags: the retention baseline ------------------------------------------------------
_ANY_TAG = regex.compile(r"<[A-Za-z/!?][^<>]*>")


def _cut_between(text: str, opener: regex.Pattern[str], closer: str) -> str:
    out: list[str] = []
    pos = 0
    low = text.lower()
    while True:
        m = opener.search(text, pos)
        if not m:
            break
        end = low.find(closer, m.end())
        out.append(text[pos : m.start()])
        if end == -1:
            pos = len(text)
            break
        pos = end + len(closer)
        if closer.startswith("</"):
            gt = text.find(">", pos, pos + 100)
            pos = pos if gt == -1 else gt + 1
    out.append(text[pos:])
    return "".join(out)


_COMMENT_OPEN = regex.compile(r"<!--")
_SCRIPT_OPEN = regex.compile(r"<script\b", regex.I)
_STYLE_OPEN = regex.compile(r"<style\b", regex.I)


def strip_tags(text: str) -> str:
    """``text`` without tags, comments, scripts or styles, entities decoded.

    The baseline for Han retention: deliberately simple, so that a tag cut by lost text
    (``<p style=a: b``) does not swallow the paragraphs after it.

    >>> strip_tags("<p style=a: b;>重庆<script>x()</script>&ldquo;日报&rdquo;</p>")
    '重庆“日报”'
    """
    text = _cut_between(text, _COMMENT_OPEN, "-->")
    text = _cut_between(text, _SCRIPT_OPEN, "</script")
    text = _cut_between(text, _STYLE_OPEN, "</style")
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


# --- pass 1: lines, wraps and gaps -------------------------------------------------------------
# An orphan tag tail or the rest of a wrapped tag: attribute/CSS text up to ``>``.
# A short run of Han may stand in a CSS value where a font name can (``font-family: 微软雅黑;``,
# ``font: 12px 宋体``), even with the property name wrapped (``font-fam`` / ``ily: 黑体``);
# after any other property (``margin: `` / `` 个个个``) it is text that lost its beginning.
_FONT_VALUE = "\\n?".join("font") + "(?:\\n?" + "\\n?".join("-family") + ")?"
_FONT_HAN = rf"""(?<={_FONT_VALUE}\s{{0,3}}:[^;:<>]{{0,60}})\p{{Han}}{{1,8}}(?=[\s;,'">]|$)"""
_TAIL_ASCII = r"[\x20\x21\x23-\x26\x28-\x3b\x3d\x3f-\x7e\t]"
_TAIL_CHARS_STRICT = regex.compile(rf"(?:{_TAIL_ASCII}|{_FONT_HAN})*")
# An orphan tail (which must reach ``>`` and read as one) may have lost the property name too
# (`` mily: 黑体;>``), or start with Han: the rest of a cut CSS value (`` 黑;>``).
# Quotes are not in either class: the scanner decides whether one opens a text value.
_TAIL_CHARS = regex.compile(
    rf"""(?:{_TAIL_ASCII}|{_FONT_HAN}"""
    r"""|(?<=[:,'"][ \t]{0,3}\n?[ \t]{0,3}|\n[ \t]{0,3})\p{Han}{1,8}(?=[\s;,'">]|$))*"""
)
#: At most this many Han characters in the CSS of one tag tail (``font-family: 微软雅黑, 宋体``).
_MAX_TAIL_HAN = 12
#: A run of CSS declarations (ASCII, with ``:`` and ``;``): a tag fragment without its ``>``.
_CSS_RUN = regex.compile(r"(?=[^;]*;)(?=[^:]*:)[\x20-\x3b\x3d\x3f-\x7e\t]*")
_TAIL_HINT = regex.compile(r"""[;:="']|/\s*$""")
_TAIL_WORD = regex.compile(r"\s*/?([a-z][a-z0-9]*)", regex.I)


@cache
def _tag_suffixes() -> frozenset[str]:
    return frozenset(name[i:] for name in _KNOWN_TAGS for i in range(len(name)))


class _Lexer:
    """A linear HTML lexer fed piece by piece; tokens are spans of the logical text."""

    TEXT, TAG, DQ, SQ, COMMENT, BOGUS, RAW = range(7)

    def __init__(self) -> None:
        self.mode = self.TEXT
        self.buf = ""  # the unconsumed tail of the logical text, starting at self.base
        self.base = 0
        self.i = 0  # scan position in buf
        self.start = 0  # logical offset where the current token began
        self.quote_at = 0
        self.quote_attr = ""  # the attribute whose quoted value is open
        self.raw_name = ""
        self.tokens: list[tuple[str, int, int]] = []

    def feed(self, piece: str) -> None:
        # Drop what no token can need any more, so the buffer stays small.
        cut = self.start - self.base
        if cut > 4096:
            self.buf = self.buf[cut:]
            self.i -= cut
            self.base += cut
        self.buf += piece
        self._run(final=False)

    def tag_so_far(self) -> str:
        return self.buf[self.start - self.base :] if self.mode == self.TAG else ""

    def quoted_so_far(self) -> str:
        """The text of the quoted value open at the end of the input so far."""
        return self.buf[self.quote_at - self.base :] if self.mode in (self.DQ, self.SQ) else ""

    def pending_lt(self) -> bool:
        return self.mode == self.TEXT and self.buf.endswith("<")

    def _emit(self, kind: str, a: int, b: int) -> None:
        if b > a:
            self.tokens.append((kind, a, b))

    def finish(self) -> None:
        self._run(final=True)
        end = self.base + len(self.buf)
        if self.mode == self.TEXT:
            self._emit("text", self.start, end)
        elif self.mode in (self.TAG, self.BOGUS):
            self._emit("tag", self.start, end)
        elif self.mode in (self.DQ, self.SQ):
            # A quote that never closes: end the tag at its first ``>``, read the rest again.
            # A quote that never closes: end the tag at its first ``>`` (or at the quote, if
            # none follows) and read the rest again, so a truncated file loses no text.
            rel = self.buf.find(">", self.quote_at - self.base)
            stop = self.base + rel + 1 if rel != -1 else end
            if rel == -1 and _HAN_CHAR.search(self.buf, self.quote_at - self.base):
                stop = self.quote_at
            self._emit("tag", self.start, stop)
            if stop < end:
                self._restart(stop)
        elif self.mode == self.COMMENT:
            rel = self.buf.find(">", self.start - self.base)
            stop = end if rel == -1 else self.base + rel + 1
            self._emit("comment", self.start, stop)
            if stop < end:
                self._restart(stop)
        elif self.mode == self.RAW:
            # A script or style that never closes: it ends where markup or text clearly resumes.
            m = _RAW_RESUME.search(self.buf, self.start - self.base)
            stop = end if m is None else self.base + m.start()
            self._emit("raw", self.start, stop)
            if stop < end:
                self._restart(stop)

    def _restart(self, at: int) -> None:
        self.mode = self.TEXT
        self.start = at
        self.i = at - self.base
        self.finish()

    def _run(self, *, final: bool) -> None:
        buf, n = self.buf, len(self.buf)
        i = self.i
        while i < n:
            mode = self.mode
            if mode == self.TEXT:
                j = buf.find("<", i)
                if j == -1:
                    i = n
                    break
                if j + 1 >= n and not final:
                    i = j
                    break
                nxt = buf[j + 1] if j + 1 < n else ""
                if nxt.isascii() and (nxt.isalpha() or nxt in "/!?"):
                    if nxt == "!" and j + 4 > n and not final and "<!--".startswith(buf[j:]):
                        i = j
                        break
                    self._emit("text", self.start, self.base + j)
                    self.start = self.base + j
                    if buf.startswith("<!--", j):
                        self.mode, i = self.COMMENT, j + 4
                    elif nxt in "!?":
                        self.mode, i = self.BOGUS, j + 2
                    else:
                        self.mode, i = self.TAG, j + 1
                else:
                    i = j + 1
            elif mode == self.TAG:
                m = _IN_TAG.search(buf, i)
                if m is None:
                    i = n
                    break
                j = m.start()
                ch = buf[j]
                if ch == ">":
                    self._end_tag(self.base + j + 1)
                    i = j + 1
                else:
                    k = j - 1
                    while k >= 0 and buf[k] in _HTML_WS:
                        k -= 1
                    # A quote opens a value only after ``name=``: in ``a="x"=">`` or ``a=="``
                    # it is part of a name or an unquoted value, as HTML reads it.
                    name = _ATTR_BEFORE.search(buf, max(0, k - 64), k) if k >= 0 else None
                    if name is not None and buf[k] == "=":
                        self.mode = self.DQ if ch == '"' else self.SQ
                        self.quote_at = self.base + j + 1
                        self.quote_attr = name.group(1).lower()
                    i = j + 1
            elif mode in (self.DQ, self.SQ):
                q = '"' if mode == self.DQ else "'"
                j = buf.find(q, i)
                if self.quote_attr in _CSS_ATTRS:
                    # CSS and URLs hold no ``>``: one there ends a value cut by lost text.
                    gt = buf.find(">", i, j if j != -1 else n)
                    if gt != -1:
                        self._end_tag(self.base + gt + 1)
                        i = gt + 1
                        continue
                lt = _TAG_START.search(buf, i, j if j != -1 else n)
                if lt is not None:
                    # A quote that runs into the next tag is broken: end at its first ``>``.
                    k = buf.find(">", self.quote_at - self.base, lt.start())
                    stop = k + 1 if k != -1 else lt.start()
                    self._emit("tag", self.start, self.base + stop)
                    self.mode, self.start, i = self.TEXT, self.base + stop, stop
                elif j == -1:
                    i = n
                    break
                else:
                    self.mode, i = self.TAG, j + 1
            elif mode == self.COMMENT:
                m = _COMMENT_END.search(buf, i)
                if m is None:
                    i = max(i, n - 4)
                    break
                self._emit("comment", self.start, self.base + m.end())
                self.mode, self.start, i = self.TEXT, self.base + m.end(), m.end()
            elif mode == self.BOGUS:
                j = buf.find(">", i)
                if j == -1:
                    i = n
                    break
                self._emit("comment", self.start, self.base + j + 1)
                self.mode, self.start, i = self.TEXT, self.base + j + 1, j + 1
            else:  # RAW
                m = _raw_end(self.raw_name).search(buf, i)
                if m is None:
                    i = max(i, n - 3 * len(self.raw_name) - 6)
                    break
                self._emit("raw", self.start, self.base + m.start())
                self.mode, self.start, i = self.TAG, self.base + m.start(), m.start() + 2
        self.i = i

    def _end_tag(self, end: int) -> None:
        text = self.buf[self.start - self.base : end - self.base]
        self._emit("tag", self.start, end)
        self.mode, self.start = self.TEXT, end
        m = _TAG_NAME.match(text)
        if m and not m.group(1) and not text.endswith("/>"):
            name = m.group(2).lower()
            if name in RAW_TAGS:
                self.mode, self.raw_name = self.RAW, name


_HAN_CHAR = regex.compile(r"\p{Han}")
_ATTR_BEFORE = regex.compile(r"([^\s\"'=<>/]+)\s*$")
#: Attributes whose quoted value is CSS or a name: a ``>`` in it ends a value cut by lost text.
_CSS_ATTRS = frozenset({"style", "class", "id", "align", "color", "face", "size", "width"})
#: Attributes whose quoted value may hold free text; any other value is code (CSS, a URL …).
_TEXT_ATTRS = frozenset({"alt", "title", "content", "value", "placeholder", "label"})
#: … and families of them: ``data-title``, ``aria-label``, a script handler (``onclick=
#: "share('…', '标题')"``), whose strings hold the page's text.
_TEXT_ATTR_FAMILY = regex.compile(r"(?:data|aria)-[a-z0-9-]+|on[a-z]{3,}")


def _is_text_attr(name: str) -> bool:
    """Whether the quoted value of attribute ``name`` may hold free (Chinese) text.

    >>> [_is_text_attr(n) for n in ("alt", "data-title", "onclick", "style", "href")]
    [True, True, True, False, False]
    """
    name = name.lower()
    return name in _TEXT_ATTRS or _TEXT_ATTR_FAMILY.fullmatch(name) is not None


_IN_TAG = regex.compile(r"""[>"']""")
_TAG_START = regex.compile(r"<[A-Za-z/]")
_TAG_NAME = regex.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9:_-]*)")
_RAW_RESUME = regex.compile(
    r"<(?:/?(?:p|div|h[1-6]|table|article|section|br|li|ul|ol|span|a|img|body|html)\b)|\p{Han}{4,}",
    regex.I,
)


# A line break the unwrap kept (a source whose wrap was not recognized) may cut the end of a
# comment or of a script: ``--`` / ``>``, ``</scr`` / ``ipt>``. Read as an end all the same,
# or the comment or script runs on to the next one and takes the article with it.
_CUT = r"(?:\r?\n)?"
_COMMENT_END = regex.compile(_CUT.join("-->"))


@cache
def _raw_end(name: str) -> regex.Pattern[str]:
    return regex.compile(_CUT.join(f"</{name}") + r"(?=[\s/>]|$)", regex.I)


@dataclass(slots=True)
class _Source:
    """The repaired, unwrapped logical text and how it maps back to the raw input."""

    raw: str
    pieces: list[str] = field(default_factory=list)
    seg_l: list[int] = field(default_factory=list)  # logical start of each segment
    seg_raw: list[int] = field(default_factory=list)  # raw start (or anchor, if synthetic)
    seg_syn: list[bool] = field(default_factory=list)
    length: int = 0
    deletions: list[tuple[int, int, str]] = field(default_factory=list)  # raw spans dropped
    gaps: dict[int, tuple[str, bool, int]] = field(default_factory=dict)  # offset -> gap

    def copy(self, a: int, b: int, lexer: _Lexer) -> None:
        if b <= a:
            return
        self.seg_l.append(self.length)
        self.seg_raw.append(a)
        self.seg_syn.append(False)
        self._push(self.raw[a:b], lexer)

    def synth(self, s: str, anchor: int, lexer: _Lexer) -> None:
        self.seg_l.append(self.length)
        self.seg_raw.append(anchor)
        self.seg_syn.append(True)
        self._push(s, lexer)

    def _push(self, s: str, lexer: _Lexer) -> None:
        self.pieces.append(s)
        self.length += len(s)
        lexer.feed(s)

    def delete(self, a: int, b: int, reason: str) -> None:
        if b > a:
            self.deletions.append((a, b, reason))

    def raw_start(self, pos: int) -> int:
        k = bisect.bisect_right(self.seg_l, pos) - 1
        if self.seg_syn[k]:
            return self.seg_raw[k]
        return self.seg_raw[k] + pos - self.seg_l[k]

    def raw_end(self, pos: int) -> int:
        """Raw offset just after logical character ``pos``."""
        k = bisect.bisect_right(self.seg_l, pos) - 1
        if self.seg_syn[k]:
            return self.seg_raw[k]
        return self.seg_raw[k] + pos - self.seg_l[k] + 1

    def runs(self, a: int, b: int) -> Iterator[tuple[int, int]]:
        """Raw spans of logical ``[a, b)`` (several when a wrap was removed inside it)."""
        k = bisect.bisect_right(self.seg_l, a) - 1
        while a < b:
            seg_end = self.seg_l[k + 1] if k + 1 < len(self.seg_l) else self.length
            stop = min(b, seg_end)
            if not self.seg_syn[k]:
                r = self.seg_raw[k] + a - self.seg_l[k]
                yield r, r + stop - a
            a = stop
            k += 1


def _wrap_band(lines: Sequence[str], widths_of: Sequence[int]) -> tuple[float, float]:
    """The width band of the full lines of a hard-wrapped source; (0, 0) if it is not one.

    Wrapped lines cluster just under the wrap width (a wide character cannot be split, and
    some wrappers vary by a few columns), so the band is set around the 90th percentile of
    the line widths. A source is hard-wrapped if most of its lines fall into the band, or if
    the band is a *cap*: no line is wider, lines pile up at its top far more densely than
    just below it, and they end anywhere (mid-word, mid-tag), not at a ``>`` as lines of a
    template do. A whole page keeps its own short lines (``<head>`` tags, indented markup),
    which can outnumber the wrapped ones, so the share of lines in the band alone misses it;
    a page that is not wrapped has long lines far above its 90th percentile. ``widths_of``
    holds the display width of each line.
    """
    measured = [(x, w) for x, w in zip(lines[:-1], widths_of, strict=False) if x.strip()]
    widths = sorted(w for _x, w in measured)
    if not widths:
        return 0.0, 0.0
    n = len(widths)
    top = widths[min(n - 1, int(0.9 * n))]
    if top < 16:
        return 0.0, 0.0
    low, high = 0.8 * top, 1.25 * top
    near = bisect.bisect_right(widths, high) - bisect.bisect_left(widths, low)
    if near >= 0.4 * n:
        return low, high
    wider = n - bisect.bisect_right(widths, high)
    tol = max(2.0, 0.05 * top)
    at_top = [x for x, w in measured if top - tol <= w <= top + tol]
    below = bisect.bisect_left(widths, top - tol) - bisect.bisect_left(widths, top - 6 * tol)
    cut = sum(1 for x in at_top if not x.rstrip().endswith(">"))
    capped = (
        wider <= 0.005 * n
        and len(at_top) >= max(_MIN_CAP_LINES, 0.1 * n, below)
        and 2 * cut >= len(at_top)
    )
    return (low, high) if capped else (0.0, 0.0)


#: Fewer lines at a cap prove no wrap: a few equally long lines happen.
_MIN_CAP_LINES = 8


def _scan_tail(
    raw: str,
    lines: list[tuple[int, int]],
    li: int,
    full: list[bool],
    quote: str = "",
    *,
    one_line: bool = False,
    open_end: bool = False,
    carry: str = "",
) -> tuple[int, int] | None:
    """Find the end of tag text starting at line ``li``: (raw offset after ``>``, its line).

    Follows the tag over wrapped (full) lines, skipping blank ones, and gives up at text that
    cannot be in a tag. With ``one_line``, a line that is tag text to its end is enough: the
    tag goes on over the break (a cut further on is found at the next break). ``carry`` is
    the tag text before the break, where an attribute name cut by it begins (``al`` / ``t="``).
    """
    budget = 2000
    first = li
    quote_at = -1  # where a quote opened in the scan is (-1: before it, or none)
    han = 0  # Han characters read as tag text (CSS values), outside quoted text values
    while li < len(lines) and budget > 0:
        a, b = lines[li]
        pos = a
        if quote:
            q = raw.find(quote, a, b)
            # (A quote opened before the scan is the lexer's: it applies the rule itself.)
            broken = (
                None if quote_at < 0 else _broken_value_end(raw, quote_at, a, q if q != -1 else b)
            )
            if broken is not None:
                return (broken, li) if broken > 0 else None
            if q == -1:
                if one_line:
                    return b, li
                if not full[li]:
                    return None
                budget -= b - a + 1
                li += 1
                continue
            pos, quote = q + 1, ""
        while True:
            m = (_TAIL_CHARS_STRICT if one_line else _TAIL_CHARS).match(raw, pos, b)
            end = m.end() if m else pos
            han += han_count(raw[pos:end])
            if han > _MAX_TAIL_HAN:
                # Chinese font names fit; a line of text with ASCII commas does not
                # (``极共建专家库,共认定鉴定人资质,…``): it is text, not a tag's rest.
                return None
            if end >= b:
                break
            ch = raw[end]
            if ch == ">":
                return end + 1, li
            if ch not in "\"'":
                return None
            if not _opens_text_value(raw[a:end], carry if li == first else ""):
                pos = end + 1  # a CSS or URL value: read on as tag text
                continue
            # ``alt="…"``, ``title='…'``: free text (Chinese too) up to the closing quote.
            q = raw.find(ch, end + 1, b)
            broken = _broken_value_end(raw, end + 1, end + 1, q if q != -1 else b)
            if broken is not None:
                return (broken, li) if broken > 0 else None
            if q == -1:
                quote, quote_at = ch, end + 1
                break
            pos = q + 1
        if one_line:
            if not full[li] and _HAN_CHAR.match(raw[a:b].rstrip()[-1:]):
                # A font name ends a line only where the wrap cut it; before a real break
                # the tag would have ended (``font-family: `` / `` 个个个`` / ``</p>``).
                return None
            return b, li
        if open_end and li == first:
            nxt = li + 1
            while nxt < len(lines) and not raw[lines[nxt][0] : lines[nxt][1]].strip():
                nxt += 1
            head = raw[lines[nxt][0] : lines[nxt][0] + 1] if nxt < len(lines) else ""
            if head in (" ", "\t", "<"):
                # A tag fragment lost at both ends (the next line starts a tag, or lost its
                # beginning too): its ``>`` went with the lost text.
                return b, li
        if not full[li] and li != first:
            return None  # (the first line may be short: it lost its beginning)
        budget -= b - a + 1
        li += 1
        while li < len(lines) and not raw[lines[li][0] : lines[li][1]].strip():
            li += 1
    return None


def _broken_value_end(raw: str, opened: int, a: int, b: int) -> int | None:
    """Where a quoted value opened at ``opened`` is cut if ``raw[a:b]`` has a tag start.

    The lexer's rule: a quote that runs into the next tag (``title=">发</p><p …``) is broken
    and the tag ends at its first ``>``. Returns the offset after that ``>``, 0 if there is
    none before the tag start (the text is then no tag tail), None if the value is whole.
    Read otherwise, the text after the ``>`` would be deleted as part of an orphan tag tail.

    >>> _broken_value_end('">发</p><p style="', 1, 1, 17), _broken_value_end('"标题"', 1, 1, 3)
    (2, None)
    """
    lt = _TAG_START.search(raw, a, b)
    if lt is None:
        return None
    gt = raw.find(">", opened, lt.start())
    return gt + 1 if gt != -1 else 0


_VALUE_OPEN = regex.compile(r"([A-Za-z][A-Za-z0-9-]{0,31})\s*=\s*$")


def _opens_text_value(before: str, carry: str) -> bool:
    """Whether a quote after ``before`` opens the value of an attribute that holds free text.

    >>> _opens_text_value('ght="1001" alt=', ""), _opens_text_value("t=", "<img al")
    (True, True)
    >>> _opens_text_value("style=", ""), _opens_text_value("他说", "")
    (False, False)
    """
    m = _VALUE_OPEN.search(before[-64:])
    if m is None:
        return False
    name = m.group(1)
    if m.start() == 0 and len(before) <= 64:
        cut = _TAIL_NAME.search(carry[-32:])
        name = (cut.group() if cut else "") + name
    return _is_text_attr(name)


_TAIL_NAME = regex.compile(r"[A-Za-z0-9-]*$")


def _looks_like_tail(text: str) -> bool:
    """Whether ``text`` (before a ``>``) is the rest of a tag, not words that look like one."""
    if _TAIL_HINT.search(text):
        return True
    m = _TAIL_WORD.fullmatch(text)
    return m is not None and m.group(1).lower() in _tag_suffixes()


def _unwrap(raw: str) -> tuple[_Source, _Lexer]:
    """Pass 1: decide every line break, feed the repaired text to the lexer."""
    src = _Source(raw)
    lexer = _Lexer()
    lines: list[tuple[int, int]] = []  # line spans without the break (``\n`` or ``\r\n``)
    pos = 0
    for line in raw.split("\n"):
        end = pos + len(line)
        lines.append((pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    texts = [raw[a:b] for a, b in lines]
    widths = [_width(t) for t in texts] if len(lines) > 1 else []
    low, high = _wrap_band(texts, widths) if len(lines) > 1 else (0.0, 0.0)
    hard = high > 0
    full = [hard and low <= w <= high for w in widths] if hard else [False] * len(texts)

    li, start = 0, 0
    while True:
        a, b = lines[li]
        src.copy(start, b, lexer)
        nj = li + 1
        while nj < len(lines) and not texts[nj].strip():
            nj += 1
        if nj >= len(lines):
            src.copy(b, len(raw), lexer)  # trailing blank lines: whitespace
            break
        na, nb = lines[nj]
        ws_end = na
        while ws_end < nb and raw[ws_end] in " \t\u3000":
            ws_end += 1
        lead_ws = ws_end > na
        wrap = hard and full[li]
        mode = lexer.mode
        if lexer.pending_lt():
            mode = lexer.TAG  # ``<`` / ``p style=…``: a tag cut by the wrap
        forced = ""
        if mode in (lexer.TAG, lexer.DQ, lexer.SQ):
            quote = '"' if mode == lexer.DQ else "'" if mode == lexer.SQ else ""
            close = quote
            if quote and not _is_text_attr(lexer.quote_attr):
                quote = ""  # a CSS or URL value: read it like tag text
            cut_name = lead_ws and (lexer.pending_lt() or lexer.tag_so_far().strip() in ("<", "</"))
            carry = lexer.tag_so_far()
            if close and ">" in lexer.quoted_so_far() and _runs_into_tag(raw, ws_end, close):
                # A quote with a ``>`` in it that runs into a tag further on is broken: the
                # lexer ends the tag at that ``>`` (closed here, the text after it would go).
                forced = "-"
            elif not cut_name and _scan_tail(
                raw, lines, nj, full, quote, one_line=True, carry=carry
            ):
                forced = "-"  # the tag goes on over the break
            elif lexer.pending_lt() and not cut_name:
                mode = lexer.TEXT  # a lone ``<`` at the end of a line: text
            elif lexer.pending_lt():
                # ``<`` and a line that lost its beginning: a tag whose name was lost.
                close = "lost>"
                forced = "tag" if raw.startswith("<", ws_end) else "cut"
            else:
                close += ">"
                forced = "tag" if raw.startswith("<", ws_end) else "cut"
        else:
            close = ""
        if mode not in (lexer.TEXT, lexer.TAG, lexer.DQ, lexer.SQ):
            forced = "-"  # comments, scripts: their content is dropped whole
        if forced == "-":
            # ``<`` or ``</`` before a break is no tag start: join even without a hard wrap.
            if wrap or lexer.pending_lt() or lexer.tag_so_far() in ("<", "</"):
                src.delete(b, na, "wrap")
            else:
                src.copy(b, na, lexer)
            li, start = nj, na
            continue
        # In text (or just after closing a cut tag): an orphan tag tail means lost text.
        if ws_end < nb and raw[ws_end] != "<":
            found = _scan_tail(raw, lines, nj, full, open_end=lead_ws)
            tail_text = raw[ws_end : found[0]].replace("\n", "") if found else ""
            if tail_text.endswith(">"):
                is_tail = _looks_like_tail(tail_text[:-1]) or (lead_ws and tail_text == ">")
            else:  # no ``>``: only a run of CSS declarations is taken for tag text
                is_tail = _CSS_RUN.fullmatch(tail_text) is not None
            if found is not None and is_tail:
                if close:
                    src.synth(close, b, lexer)
                src.gaps[src.length] = ("tail", full[li], len(src.deletions))
                src.delete(b, found[0], "tag-tail")
                li, start = found[1], found[0]
                continue
        if forced:
            src.synth(close, b, lexer)
            src.gaps[src.length] = (forced, full[li], len(src.deletions))
            src.delete(b, ws_end, "markup")
            li, start = nj, ws_end
            continue
        if _split_entity(raw[a:b], raw[na:nb]):
            src.delete(b, na, "wrap")
        elif wrap and lead_ws and b > a and ws_end < nb and _unspaced(raw[b - 1], raw[ws_end]):
            # A space between two Chinese characters (or two digits: ``较2`` / `` 20年``) at
            # a wrap: the line lost its beginning.
            src.gaps[src.length] = ("text", full[li], len(src.deletions))
            src.delete(b, ws_end, "markup")
            li, start = nj, ws_end
            continue
        elif wrap and not raw.startswith(_INDENT, na):
            src.delete(b, na, "wrap")
        else:
            # A real line break: whitespace, as HTML reads it. So is a full line before an
            # indented one: a wrapper does not indent, pretty-printed source does (its long
            # indented lines reach the band), and a break deleted there would leave the
            # indentation as a space between Chinese text (``叨叨姐</span> <span>胡一刀``).
            src.copy(b, na, lexer)
        li, start = nj, na
    lexer.finish()
    return src, lexer


def _runs_into_tag(raw: str, a: int, quote: str) -> bool:
    """Whether a tag starts at or after ``a`` before ``quote`` closes the value open before.

    Looks ahead at most :data:`_QUOTE_AHEAD` characters (over line breaks), so that a long
    quoted value costs linear time.
    """
    b = min(len(raw), a + _QUOTE_AHEAD)
    q = raw.find(quote, a, b)
    return _TAG_START.search(raw, a, q if q != -1 else b) is not None


_QUOTE_AHEAD = 4096


_INDENT = ("  ", "\t")
_ENT_HEAD = regex.compile(r"&[#A-Za-z0-9]{0,31}$")
_ENT_REST = regex.compile(r"[#A-Za-z0-9]{0,31};")


def _split_entity(prev: str, nxt: str) -> bool:
    """Whether an entity is split across the break (``&ld`` / ``quo;``)."""
    m = _ENT_HEAD.search(prev)
    r = _ENT_REST.match(nxt) if m else None
    if not m or not r:
        return False
    joined = m.group() + r.group()
    hit = _entity_at(joined, 0)
    return hit is not None and hit[0] == len(joined)


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
) -> _Node:
    """The tree of the repaired page as beautifulsoup4's ``html.parser`` builder makes it.

    That builder applies no HTML nesting rules: a start tag opens an element inside the open
    one (a void element closes at once), an end tag closes the most recent open element of its
    name and every element opened inside it, and an end tag with none open is ignored. A raw
    text element (``<script>``) is closed where it opens; a gap is a ``<br>``. Built directly
    from the tokens, without writing the page out and parsing it again (5× faster).
    """
    root = _Node("[document]", {}, None)
    stack = [root]
    open_count: dict[str, int] = {}
    containers: list[_Node] = []
    pending: list[int] = []

    def end_data() -> None:
        if pending:
            stack[-1].children.append(_Text(pending.copy(), stack[-1], not containers))
            pending.clear()

    def pop() -> None:
        node = stack.pop()
        open_count[node.name] -= 1
        if containers and containers[-1] is node:
            containers.pop()

    def start(name: str, attrs: dict[str, str]) -> None:
        end_data()
        node = _Node(name, attrs, stack[-1])
        stack[-1].children.append(node)
        stack.append(node)
        open_count[name] = open_count.get(name, 0) + 1
        if name in _STRING_CONTAINERS:
            containers.append(node)
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


#: Paragraph text that makes a furniture element a container of the article.
_ARTICLE_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "article"))
_CONTAINER_HAN = 200


def _holds_article(node: _Node, han: Sequence[int], memo: dict[int, tuple[int, int]]) -> bool:
    """Whether a ``<form>``, ``<nav>`` … holds article paragraphs (200 Han characters or more).

    Some sites wrap the whole body in one ``<form>`` (ASP.NET), and a page whose end tag of
    one was lost runs on inside it: such an element is no furniture. ``han`` is the number of
    Han characters of each text token. (A paragraph inside an ``<article>`` counts twice.)
    """
    return _article_han(node, han, memo)[1] >= _CONTAINER_HAN


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
            todo.extend((c, False) for c in current.children
                        if isinstance(c, _Node) and id(c) not in memo)
            continue
        total = in_blocks = 0
        for child in current.children:
            if isinstance(child, _Text):
                total += sum(han[k] for k in child.tokens)
            else:
                child_total, child_blocks = memo[id(child)]
                total += child_total
                in_blocks += child_blocks + (child_total if child.name in _ARTICLE_BLOCKS else 0)
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
            and (name in _BOILERPLATE or node.role == "navigation")
            and not _holds_article(node, han, memo)
        ):
            drop = "boilerplate"
        node = node.parent
        depth += 1
    if (
        not drop
        and ("header" in names or "footer" in names)
        and "article" not in names
        and "main" not in names
    ):
        drop = "boilerplate"
    return drop, level, caption, bold, block_id


def _structure(
    tokens: Sequence[tuple[str, int, int]],
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None],
    han: Sequence[int],
) -> list[_TextInfo | None]:
    """Where each text token sits in the page's tree: its block, heading level, caption …

    ``han`` holds the number of Han characters of each token (0 for a tag).
    """
    infos: list[_TextInfo | None] = [None] * len(tokens)
    memo: dict[int, tuple[int, int]] = {}
    contexts: dict[int, tuple[str, int, bool, bool, int]] = {}
    counter = 0
    for node in _walk(_build_tree(tokens, parsed_tags)):
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


# --- pass 3: blocks and edits ------------------------------------------------------------------
_ATOM = regex.compile(r"&|[ \t\n\r\f]+|[^& \t\n\r\f]+")


@dataclass(slots=True)
class _Atom:
    kind: str  # "t" text kept as is, "e" entity, "w" whitespace
    a: int  # logical span
    b: int
    out: str
    nl: bool = False  # whitespace with a line break in it
    space: bool = False  # whitespace with a space in it


@dataclass(slots=True)
class _Draft:
    tokens: list[int]
    atoms: list[_Atom] = field(default_factory=list)
    text: str = ""
    level: int = 0
    hints: set[str] = field(default_factory=set)
    role: Role = Role.UNKNOWN
    drop: str = ""


#: Entities common in Chinese news: a cut one is completed only if one of these fits.
_COMMON_ENTITIES = (
    "ldquo;", "rdquo;", "lsquo;", "rsquo;", "mdash;", "ndash;", "hellip;", "nbsp;", "middot;",
    "amp;", "lt;", "gt;", "quot;", "times;", "deg;", "yen;", "bull;", "copy;",
)  # fmt: skip
_CUT_HEAD = regex.compile(r"&([A-Za-z]{0,31})")
_CUT_TAIL = regex.compile(r"([A-Za-z]{1,31});")


def _cut_entity(head: str = "", tail: str = "") -> str:
    """The value of an entity cut by lost text (``&rd`` …), if one common entity fits, else ""."""
    fits = [
        c for c in _COMMON_ENTITIES if (head and c.startswith(head)) or (tail and c.endswith(tail))
    ]
    return html5[fits[0]] if len(fits) == 1 else ""


def _atoms(logical: str, a: int, b: int, *, cut_start: bool, cut_end: bool) -> Iterator[_Atom]:
    """Text, entity and whitespace atoms of logical ``[a, b)``; ``cut_*``: a gap is there."""
    pos = a
    if cut_start:
        m = _CUT_TAIL.match(logical, a, b)
        if m and any(c.endswith(m.group()) and c != m.group() for c in _COMMON_ENTITIES):
            yield _Atom("e", a, m.end(), _cut_entity(tail=m.group()))
            pos = m.end()
    text_from = pos  # start of the pending run of plain text
    for m in _SPECIAL.finditer(logical, pos, b):
        start, end = m.span()
        atom: _Atom | None = None
        if logical[start] == "&":
            hit = _entity_at(logical, start, b)
            if hit is not None:
                end, value = hit
                if value == "\xa0" or (value and value in _HTML_WS):
                    atom = _Atom("w", start, end, "", nl="\n" in value)
                else:
                    atom = _Atom("e", start, end, value)
            elif cut_end:
                cut = _CUT_HEAD.fullmatch(logical, start, b)
                if cut and any(c.startswith(cut.group(1)) for c in _COMMON_ENTITIES):
                    atom = _Atom("e", start, b, _cut_entity(head=cut.group(1)))
                    end = b
        else:
            ws = m.group()
            atom = _Atom(
                "w", start, end, "", nl="\n" in ws or "\r" in ws, space=" " in ws or "\t" in ws
            )
        if atom is None:
            continue
        if start < pos:  # inside an entity already taken
            continue
        if text_from < start:
            yield _Atom("t", text_from, start, logical[text_from:start])
        yield atom
        pos = text_from = end
    if text_from < b:
        yield _Atom("t", text_from, b, logical[text_from:b])


_SPECIAL = regex.compile(r"&|[ \t\n\r\f]+")


def _normalize_space(atoms: list[_Atom]) -> None:
    """Each whitespace run becomes one space or nothing (edges, between CJK, wrapped digits)."""
    i = 0
    n = len(atoms)
    while i < n:
        if atoms[i].kind != "w":
            i += 1
            continue
        j = i
        while j < n and atoms[j].kind == "w":
            j += 1
        left = atoms[i - 1].out[-1:] if i > 0 else ""
        right = atoms[j].out[:1] if j < n else ""
        nl = any(x.nl for x in atoms[i:j])
        space = any(x.space for x in atoms[i:j])
        # A line break or a no-break space between Chinese characters is nothing (as CSS
        # segment breaks); a line break beside Chinese or between digits is a wrap.
        cjk_l, cjk_r = _is_cjk(left), _is_cjk(right)
        out = " "
        if not left or not right:
            out = ""
        elif space and not nl:
            out = " "
        elif (cjk_l and cjk_r) or (nl and (cjk_l or cjk_r or (left.isdigit() and right.isdigit()))):
            out = ""
        atoms[i].out = out
        for x in atoms[i + 1 : j]:
            x.out = ""
        i = j


def _split_tokens(
    tokens: list[tuple[str, int, int]], gaps: dict[int, Any]
) -> list[tuple[str, int, int]]:
    """Tokens with a ``gap`` token at every gap offset (splitting text tokens there)."""
    out: list[tuple[str, int, int]] = []
    marks = sorted(gaps)
    gi = 0
    for kind, start, b in tokens:
        a = start
        while gi < len(marks) and marks[gi] <= a:
            out.append(("gap", marks[gi], marks[gi]))
            gi += 1
        while kind == "text" and gi < len(marks) and marks[gi] < b:
            out.append(("text", a, marks[gi]))
            out.append(("gap", marks[gi], marks[gi]))
            a = marks[gi]
            gi += 1
        out.append((kind, a, b))
    while gi < len(marks):
        out.append(("gap", marks[gi], marks[gi]))
        gi += 1
    return out


_GAP_NOTE = {
    "tail": ("lacuna: text lost before an orphan tag tail", "tag-tail"),
    "tag": ("lacuna: tag cut by lost text", "markup"),
    "cut": ("lacuna: tag cut by lost text, text resumes", "markup"),
    "text": ("lacuna: line lost its beginning", "markup"),
}


def read_markup(text: str, *, extract: Extract = "auto") -> tuple[list[Block], list[Edit]]:
    """Blocks from HTML source, and the edits that turn ``text`` into their text form.

    Invariant: ``apply_edits(text, edits) == "\\n".join(b.text for b in blocks)``. Blocks next
    to a place where the source lost text carry the hints ``lacuna-after``/``lacuna-before``.

    >>> blocks, edits = read_markup("<h1>标题</h1><p>正文&hellip;</p><script>x</script>")
    >>> [(b.text, b.level) for b in blocks], sorted({e.reason for e in edits})
    ([('标题', 1), ('正文…', 0)], ['entity', 'markup'])
    """
    if not text:
        return [Block("", 0, 0)], []
    src, lexer = _unwrap(text)
    logical = "".join(src.pieces)
    tokens = _split_tokens(lexer.tokens, src.gaps)

    # The repaired page: the text and a clean form of every tag.
    page: list[str] = []
    parsed_tags: dict[int, tuple[str, bool, dict[str, str]] | None] = {}
    for i, (kind, a, b) in enumerate(tokens):
        if kind == "text":
            page.append(logical[a:b])
        elif kind == "tag":
            parsed = _parse_tag(logical[a:b])
            parsed_tags[i] = parsed
            page.append(_normalized_tag(parsed))
        elif kind == "gap":
            page.append("<br>")
    han = [han_count(logical[a:b]) if kind == "text" else 0 for kind, a, b in tokens]
    infos = _structure(tokens, parsed_tags, han)
    repaired_html = "".join(page)

    # Group text tokens into blocks.
    drafts: list[_Draft] = []
    dropped: dict[int, str] = {}
    last_key: tuple[int, int] | None = None
    img_pending = False
    gap_next: list[tuple[int, int]] = []  # (gap token index, index of the next draft)
    for i, (kind, a, b) in enumerate(tokens):
        if kind == "gap":
            gap_next.append((i, len(drafts)))
            last_key = None
            continue
        if kind == "tag":
            parsed = parsed_tags.get(i)
            if parsed and parsed[0] == "img" and not parsed[1]:
                img_pending = True
            continue
        if kind != "text":
            continue
        info = infos[i] or _TextInfo(key=last_key or (-1, i))
        if info.drop:
            dropped[i] = info.drop
            continue
        if info.key != last_key:
            drafts.append(_Draft([]))
            last_key = info.key
            if img_pending:
                drafts[-1].hints.add("image-adjacent")
        d = drafts[-1]
        d.tokens.append(i)
        d.level = d.level or info.level
        if info.caption:
            d.role = Role.CAPTION
            d.hints.add("caption")
        if info.bold:
            d.hints.add("bold")
        if logical[a:b].strip():
            img_pending = False

    for d in drafts:
        for i in d.tokens:
            a, b = tokens[i][1], tokens[i][2]
            d.atoms.extend(_atoms(logical, a, b, cut_start=a in src.gaps, cut_end=b in src.gaps))
        _normalize_space(d.atoms)
        d.text = "".join(x.out for x in d.atoms)
        if d.level:
            d.hints.add("heading")
        if "image-adjacent" in d.hints:
            d.hints.discard("image-adjacent")
            if len(d.text) <= 60 and not d.text.endswith("。"):
                d.hints.add("caption")

    # Whole pages: keep the main content only.
    if extract == "main" or (extract == "auto" and webpage.is_full_page(repaired_html)):
        main = webpage.main_content_texts(repaired_html)
        if main:
            matches = webpage.main_content_matcher(main)
            keep = [bool(d.text) and matches(d.text) for d in drafts]
            if any(keep):
                for d, kept in zip(drafts, keep, strict=True):
                    if not kept and d.text:
                        d.drop = "boilerplate"

    live = [k for k, d in enumerate(drafts) if d.text and not d.drop]
    # Lacunae: the gap's deletions say why; the blocks on either side carry a hint.
    gap_reason: dict[int, str] = {}
    for gi, nxt in gap_next:
        g = src.gaps[tokens[gi][1]]
        kind, prev_full, del_index = g
        # (``live`` is sorted: a scan of it per gap made a long page quadratic.)
        at = bisect.bisect_left(live, nxt)
        before = live[at - 1] if at > 0 else None
        after = live[at] if at < len(live) else None
        lacuna = kind in ("cut", "text")
        if before is not None and not lacuna:
            last_text = drafts[before].text[-2:]
            lacuna = prev_full and not _ends_sentence(last_text) and not drafts[before].level
        if after is not None and not lacuna:
            lacuna = drafts[after].text[:1] in _CONTINUATION
        if lacuna and (before is not None or after is not None):
            if before is not None:
                drafts[before].hints.add(LACUNA_AFTER)
            if after is not None:
                drafts[after].hints.add(LACUNA_BEFORE)
            gap_reason[del_index] = _GAP_NOTE[kind][0]
        else:
            gap_reason[del_index] = _GAP_NOTE[kind][1]

    # Pieces over the raw input: (start, end, replacement or None to keep, reason, block).
    pieces_out: list[tuple[int, int, str | None, str, int]] = []
    in_draft: dict[int, int] = {}  # text token -> live draft
    owner: dict[int, _Draft] = {}
    for k, d in enumerate(drafts):
        for i in d.tokens:
            owner[i] = d
            if d.text and not d.drop:
                in_draft[i] = k
    for i, (kind, a, b) in enumerate(tokens):
        if kind == "gap" or b <= a:
            continue
        k = in_draft.get(i, -1)
        if k < 0:
            if kind == "text":
                d_reason = dropped.get(i, "") or (owner[i].drop if i in owner else "") or "markup"
            else:
                d_reason = "markup"
            pieces_out.append((src.raw_start(a), src.raw_end(b - 1), "", d_reason, -1))
    for k in live:
        d = drafts[k]
        for x in d.atoms:
            if x.kind == "t":
                for ra, rb in src.runs(x.a, x.b):
                    pieces_out.append((ra, rb, None, "", k))
            else:
                ra, rb = src.raw_start(x.a), src.raw_end(x.b - 1)
                same = text[ra:rb] == x.out
                reason = "entity" if x.kind == "e" else "markup"
                pieces_out.append((ra, rb, None if same else x.out, reason, k))
    for idx, (a, b, reason) in enumerate(src.deletions):
        pieces_out.append((a, b, "", gap_reason.get(idx, reason), -1))
    pieces_out.sort(key=lambda p: (p[0], -p[1]))

    edits: list[Edit] = []
    texts: dict[int, list[str]] = {}
    bounds: dict[int, list[int]] = {}
    cur = 0
    last_block = -1
    stretch: list[int] = []  # indices into edits since the last kept piece
    for start, rb, out, reason, k in pieces_out:
        if rb <= cur and not (start == rb == cur and out):
            continue  # inside a piece already taken (a wrap inside a deleted tag)
        ra = max(start, cur)
        if ra > cur:  # not covered: cannot happen, but never lose text silently
            edits.append(Edit(cur, ra, "", "markup: uncovered"))
            stretch.append(len(edits) - 1)
        if k >= 0:
            if k != last_block and last_block >= 0:
                carrier = next((s for s in stretch if edits[s].reason.startswith("lacuna")), None)
                if carrier is None and stretch:
                    carrier = stretch[0]
                if carrier is None:
                    edits.append(Edit(ra, ra, "\n", "markup"))
                else:
                    e = edits[carrier]
                    edits[carrier] = Edit(e.start, e.end, "\n" + e.replacement, e.reason)
            stretch = []
            last_block = k
            piece = text[ra:rb] if out is None else out
            texts.setdefault(k, []).append(piece)
            bounds.setdefault(k, [ra, rb])[1] = rb
            if out is not None:
                edits.append(Edit(ra, rb, out, reason))
        else:
            edits.append(Edit(ra, rb, "", reason))
            stretch.append(len(edits) - 1)
        cur = rb
    if cur < len(text):
        edits.append(Edit(cur, len(text), "", "markup"))

    blocks = [
        Block(
            "".join(texts.get(k, [])),
            bounds.get(k, [0, 0])[0],
            bounds.get(k, [0, 0])[1],
            role=drafts[k].role,
            level=drafts[k].level,
            hints=frozenset(drafts[k].hints),
        )
        for k in live
    ]
    if not blocks:
        blocks = [Block("", 0, 0)]
    return blocks, _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    """Adjacent edits with one reason become one (a run of tags is one ``markup`` edit)."""
    out: list[Edit] = []
    for e in edits:
        if out and out[-1].end == e.start and out[-1].reason == e.reason and e.start != e.end:
            p = out[-1]
            out[-1] = Edit(p.start, e.end, p.replacement + e.replacement, p.reason)
        else:
            out.append(e)
    return out


def repair_markup(text: str, *, extract: Extract = "auto") -> str:
    """HTML source to its text, one block per line; text without markup is returned as is.

    >>> repair_markup("深冬的重庆，3<5") == "深冬的重庆，3<5"
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"repair_markup() takes a str, not {type(text).__name__}")
    if not looks_like_markup(text):
        return text
    blocks, _ = read_markup(text, extract=extract)
    return "\n".join(b.text for b in blocks)
