"""Pass 1: decide every line break (wrap, real break, gap), repair cut tags and orphan tag tails."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

import regex

from ..trace import han_count
from .entities import _entity_at
from .lexer import _HAN_CHAR, _TAG_START, Lexer, _is_text_attr, new_lexer
from .vocabulary import _KNOWN_TAGS, _unspaced, _width

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

    def copy(self, a: int, b: int, lexer: Lexer) -> None:
        if b <= a:
            return
        self.seg_l.append(self.length)
        self.seg_raw.append(a)
        self.seg_syn.append(False)
        self._push(self.raw[a:b], lexer)

    def synth(self, s: str, anchor: int, lexer: Lexer) -> None:
        self.seg_l.append(self.length)
        self.seg_raw.append(anchor)
        self.seg_syn.append(True)
        self._push(s, lexer)

    def _push(self, s: str, lexer: Lexer) -> None:
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


def _unwrap(raw: str) -> tuple[_Source, Lexer]:
    """Pass 1: decide every line break, feed the repaired text to the lexer."""
    src = _Source(raw)
    lexer = new_lexer()
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
