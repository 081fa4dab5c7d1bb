"""The linear HTML lexer: the repaired source in, spans of text, tags, comments and raw text out.

The lexer itself is compiled (``cleantext._core.MarkupLexer``, rust/src/lexer.rs; its Python
original is the test oracle in tests/reference/markup_lexer.py). This module builds its
vocabulary once and holds the patterns the other passes share with it.
"""

from __future__ import annotations

import regex

from .. import _core
from ..errors import CleantextError
from .vocabulary import _KNOWN_TAGS, RAW_TAGS

#: Attributes whose quoted value is CSS or a name: a ``>`` in it ends a value cut by lost text.
_CSS_ATTRS = frozenset({"style", "class", "id", "align", "color", "face", "size", "width"})

_RULES = _core.LexerRules(sorted(_KNOWN_TAGS), sorted(RAW_TAGS), sorted(_CSS_ATTRS))

#: The lexer of one document (the type; :func:`new_lexer` makes one).
Lexer = _core.MarkupLexer


def new_lexer() -> _core.MarkupLexer:
    """A lexer for one document, fed piece by piece; ``tokens()`` once it is finished.

    >>> lexer = new_lexer()
    >>> lexer.feed("<p class=x>正文</p><scr")
    >>> lexer.mode == lexer.TAG, lexer.tag_so_far()
    (True, '<scr')
    >>> lexer.feed("ipt>a < b</script>")
    >>> lexer.finish()
    >>> lexer.tokens()
    [('tag', 0, 11), ('text', 11, 13), ('tag', 13, 17), ('tag', 17, 25), ('raw', 25, 30), ('tag', 30, 39)]
    """
    return _core.MarkupLexer(_RULES)


def lexer_failure(exc: BaseException) -> CleantextError:
    """A panic of the compiled lexer is a bug: it fails the document with an error naming
    the step (``read_markup``), never the process."""
    return CleantextError(f"step read_markup failed in the compiled core (a bug): {exc}")


_HAN_CHAR = regex.compile(r"\p{Han}")
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


_TAG_START = regex.compile(r"<[A-Za-z/]")
_TAG_NAME = regex.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9:_-]*)")
