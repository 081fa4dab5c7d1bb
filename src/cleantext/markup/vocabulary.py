"""The HTML vocabulary and character classes every stage of the markup reader shares."""

from __future__ import annotations

import regex

from ..maincontent import FURNITURE_ELEMENTS

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
_KNOWN_TAGS = (
    BLOCK_TAGS
    | RAW_TAGS
    | _MARKUP_CONTENT
    | FURNITURE_ELEMENTS
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
