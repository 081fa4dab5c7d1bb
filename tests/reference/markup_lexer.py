"""The linear HTML lexer: the repaired source in, spans of text, tags, comments and raw text out."""

from __future__ import annotations

from functools import cache

import regex

from cleantext.markup.vocabulary import _HTML_WS, _KNOWN_TAGS, RAW_TAGS


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
            # A script or style that never closes: it ends where markup or text clearly resumes,
            # not at markup or Chinese built inside one of its strings (``'<div id="' + id``).
            # (None outside: the script runs to the end; an unpaired quote hides little, as
            # a string ends at a line break or after _MAX_STRING characters.)
            stop = end
            state, opened, at = "", 0, self.start - self.base
            for m in _RAW_RESUME.finditer(self.buf, self.start - self.base):
                state, opened = _scan_code(
                    self.buf, at, m.start(), state, opened, js=self.raw_name == "script"
                )
                at = m.start()
                if not state:
                    stop = self.base + m.start()
                    break
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
                elif nxt == ">" or nxt in _HTML_WS:
                    # A broken tag (``< >``, ``<>``, ``< div class="x">``) is no text either.
                    m = _BROKEN_TAG.match(buf, j)
                    if m is None and not final and n - j < 256 and ">" not in buf[j:]:
                        i = j  # wait for the rest of it
                        break
                    if m is None:
                        i = j + 1
                        continue
                    self._emit("text", self.start, self.base + j)
                    self.start = self.base + j
                    self._end_tag(self.base + m.end())
                    i = m.end()
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
                if self.raw_name == "script" and _code_state(
                    buf, self.start - self.base, m.start(), js=True
                ) in ("'", '"'):
                    # ``document.write('<script src=…></script>')``: an end tag inside a string
                    # literal ends the script only if no other end follows (a browser ends it
                    # there and shows the rest of the code as text; we keep code out of it).
                    later = _raw_end(self.raw_name).search(
                        buf, m.end(), m.end() + _STRING_END_AHEAD
                    )
                    if later is not None and not _SCRIPT_OPEN.search(buf, m.end(), later.start()):
                        i = m.end()
                        continue
                    if later is None and not final and n - m.end() < _STRING_END_AHEAD:
                        i = m.start()  # wait for more input to decide
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

#: A tag with a space after its ``<`` (``< div class="x">``) or none at all (``< >``, ``</ >``):
#: markup a browser would show as text, but no page means it as text. A known name must be
#: followed by ``>`` or by attributes (``=``), so ``a < b and c > d`` stays.
_BROKEN_TAG = regex.compile(
    r"<[ \t\r\n\f]*/?[ \t\r\n\f]*>|<[ \t\r\n\f]+/?(?:"
    + "|".join(sorted(_KNOWN_TAGS, key=lambda s: (-len(s), s)))
    + r")(?:[ \t\r\n\f]*/?>|[ \t\r\n\f]+[^<>=]{0,100}=[^<>]{0,300}>)",
    regex.I,
)
#: How far past an end tag inside a script string to look for the script's real end.
_STRING_END_AHEAD = 16384
_SCRIPT_OPEN = regex.compile(r"<script\b", regex.I)
_CODE_SPECIAL = regex.compile(r"""['"`\\\n]|/\*|\*/|//""")
#: A string literal longer than this is an unpaired quote, not code: it ends there.
_MAX_STRING = 4096


def _code_state(buf: str, a: int, b: int, *, js: bool) -> str:
    """The lexical state of script or style code ``buf[a:b]`` at ``b``.

    ``""`` (code), a quote (inside a string literal) or ``/*`` / ``//`` (a comment). A quoted
    string ends at a line break (JavaScript and CSS strings do not span lines) or after
    :data:`_MAX_STRING` characters, so an unpaired quote cannot hide the rest of a page.

    >>> _code_state("var a = '<div>' + b; x('<p", 0, 28, js=True)
    "'"
    >>> _code_state("a = 1; // '<p", 0, 13, js=True), _code_state("u: url(//a/<p", 0, 13, js=False)
    ('//', '')
    """
    return _scan_code(buf, a, b, "", a, js=js)[0]


def _scan_code(buf: str, a: int, b: int, state: str, opened: int, *, js: bool) -> tuple[str, int]:
    """:func:`_code_state` read on from ``a`` in ``state``: (state at ``b``, where it began)."""
    i = a
    while True:
        m = _CODE_SPECIAL.search(buf, i, b)
        if m is None:
            if state in ("'", '"') and b - opened > _MAX_STRING:
                state = ""
            return state, opened
        tok, i = m.group(), m.end()
        if state in ("'", '"', "`"):
            if tok == "\\":
                i += 1
            elif tok == state or (tok == "\n" and state != "`") or i - opened > _MAX_STRING:
                state = ""
        elif state == "/*":
            if tok == "*/":
                state = ""
        elif state == "//":
            if tok == "\n":
                state = ""
        elif tok in ("'", '"') or (tok == "`" and js):
            state, opened = tok, i
        elif tok == "/*" or (tok == "//" and js):
            state = tok


# A line break the unwrap kept (a source whose wrap was not recognized) may cut the end of a
# comment or of a script: ``--`` / ``>``, ``</scr`` / ``ipt>``. Read as an end all the same,
# or the comment or script runs on to the next one and takes the article with it.
_CUT = r"(?:\r?\n)?"
_COMMENT_END = regex.compile(_CUT.join("-->"))


@cache
def _raw_end(name: str) -> regex.Pattern[str]:
    return regex.compile(_CUT.join(f"</{name}") + r"(?=[\s/>]|$)", regex.I)
