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
   character), and build the tree html.parser would build to decide the structure: blocks,
   headings, captions, scripts and page furniture.
4. *Decode* entities (split, double-escaped, missing ``;``) and normalize whitespace: no space
   between Chinese characters or digits joined by a wrap or ``&nbsp;``.

One module per stage:

- :mod:`.vocabulary`: HTML names and character classes all stages share;
- :mod:`.entities`: entity decoding (``decode_entities``, split and cut entities);
- :mod:`.detect`: ``looks_like_markup`` and ``strip_tags`` (the retention baseline);
- :mod:`.lexer`: the linear lexer (tags, comments, raw text of scripts and styles);
- :mod:`.unwrap`: pass 1, line breaks (wrap, real break, gap), cut tags, orphan tag tails;
- :mod:`.tree`: pass 2, the page tree and each text token's block, heading, caption, drop;
- :mod:`.text`: pass 3, blocks, whitespace, main content, lacunae and the trace
  (``read_markup``, ``repair_markup``).

Every deleted or replaced character is an :class:`~cleantext.trace.Edit` on the raw input:
``apply_edits(text, edits) == "\\n".join(b.text for b in blocks)``.

>>> looks_like_markup("<p>你好</p>"), looks_like_markup("3<5 且 AT&T")
(True, False)
>>> repair_markup("<p style=color: red;>引进3\\n0辆</p><p>达&ldquo;497&rdquo;个</p>")
'引进30辆\\n达“497”个'
"""

from __future__ import annotations

from .detect import looks_like_markup, strip_tags
from .entities import decode_entities
from .text import Extract, read_markup, repair_markup
from .vocabulary import BLOCK_TAGS, RAW_TAGS

__all__ = [
    "BLOCK_TAGS",
    "RAW_TAGS",
    "Extract",
    "decode_entities",
    "looks_like_markup",
    "read_markup",
    "repair_markup",
    "strip_tags",
]
