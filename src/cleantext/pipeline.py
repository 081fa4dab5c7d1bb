"""The pipeline: a fixed order of steps, a reusable :class:`Cleaner`, and the module API.

>>> clean("  标题  \\n\\n正文。")
'标题\\n正文。'
"""

from __future__ import annotations

import builtins
import inspect
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .blocks import Block, apply_ops, blocks_from_text, mark_article_breaks, render
from .characters import (
    convert_chinese,
    fix_encoding,
    normalize_width,
    opencc_configs,
    remove_invisible_chars,
)
from .config import STEP_NAMES, Config
from .dedup import drop_repeated_paragraphs, remove_repeated_fragments
from .linewrap import flag_noise_lines, rejoin_wrapped_lines, strip_layout_markers
from .markup import decode_entities, looks_like_markup, read_markup, strip_tags
from .punctuation import normalize_punctuation
from .segment import Article, split_blocks
from .spacing import collapse_letter_spacing, normalize_whitespace, remove_column_spaces
from .steps import BlockStep, InlineStep
from .trace import Change, Edit, han_count

__all__ = ["PIPELINE", "Cleaner", "Result", "clean", "clean_and_explain", "split"]

#: The text steps, in the order they run. ``repair_markup`` (reading the page) comes before
#: them and ``separate_articles`` (rendering) after; both are handled by :class:`Cleaner`.
PIPELINE: tuple[InlineStep[Any] | BlockStep[Any], ...] = (
    # Characters first: every later rule reads characters, so they must be the right ones.
    fix_encoding,  # mojibake would hide the Chinese context the punctuation rules look for
    decode_entities,  # `&ldquo;` must be “ before quotes are paired
    remove_invisible_chars,  # a zero-width space would split words and defeat dedup
    normalize_width,  # `２０２５` must be digits before number contexts are recognised
    # Structure markers next, so that no later step mistakes `#` or `**` for text.
    strip_layout_markers,
    # Punctuation before spaces: a mark that becomes full-width (`"` → `”`) must be seen as
    # Chinese punctuation when spaces beside Chinese punctuation are removed.
    normalize_punctuation,
    normalize_whitespace,
    collapse_letter_spacing,
    remove_column_spaces,
    # Lines are joined once their last characters are final (full-width `，` means "go on").
    rejoin_wrapped_lines,
    # Repetitions are found on whole sentences, so after joining.
    remove_repeated_fragments,
    drop_repeated_paragraphs,
    flag_noise_lines,
    # Script conversion last: OpenCC works on finished text and is off by default.
    convert_chinese,
)


@contextmanager
def _step_timeout(step: str) -> Iterator[None]:
    """A pattern that gave up (the ``regex`` module's timeout) fails this document, by name."""
    try:
        yield
    except builtins.TimeoutError as exc:
        raise errors.TimeoutError(f"step {step} gave up on this document: {exc}") from exc


def _keyword_options(step: InlineStep[Any] | BlockStep[Any]) -> tuple[str, ...]:
    params = inspect.signature(step.func).parameters.values()
    return tuple(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)


@dataclass(frozen=True, slots=True)
class Result:
    """Everything one run produced.

    ``changes`` is the full trace (empty unless asked for); ``han_in``/``han_out`` count Han
    characters in the input (markup excluded) and in the output.
    """

    text: str
    blocks: tuple[Block, ...]
    articles: tuple[Article, ...]
    changes: tuple[Change, ...] = field(default=())
    han_in: int = 0
    han_out: int = 0

    @property
    def retention(self) -> float:
        """Han characters out over Han characters in (markup excluded); 1.0 for none in."""
        return self.han_out / self.han_in if self.han_in else 1.0


class Cleaner:
    """A configured pipeline: build once, call many times, ship to worker processes.

    >>> cleaner = Cleaner(Config(separate_articles=False))
    >>> cleaner.clean("  第一行  \\n\\n第二行")
    '第一行\\n第二行'
    """

    __slots__ = ("_steps", "config")

    def __init__(self, config: Config | None = None) -> None:
        if config is None:
            config = Config()
        if not isinstance(config, Config):
            raise TypeError(f"Cleaner() takes a cleantext.Config, not {type(config).__name__}")
        self.config = config
        if config.convert_chinese and config.opencc_config.removesuffix(".json") not in (
            opencc_configs()
        ):
            raise ValueError(
                f"unknown OpenCC configuration {config.opencc_config!r}; "
                f"installed: {', '.join(opencc_configs())}"
            )
        self._steps = tuple(
            (step, {name: getattr(config, name) for name in _keyword_options(step)})
            for step in PIPELINE
            if config.enabled(step.name)
        )

    def __reduce__(self) -> tuple[type[Cleaner], tuple[Config]]:
        return (Cleaner, (self.config,))

    def __repr__(self) -> str:
        return f"Cleaner({self.config!r})"

    def run(self, text: str, *, trace: bool = False) -> Result:
        """Clean ``text``; with ``trace=True`` keep every change in ``Result.changes``."""
        if not isinstance(text, str):
            raise TypeError(f"expected a str, not {type(text).__name__}")
        changes: list[Change] = []

        def record(step: str, source: str, edits: Sequence[Edit]) -> None:
            if trace:
                changes.extend(
                    Change(step, e.start, e.end, source[e.start : e.end], e.replacement, e.reason)
                    for e in sorted(edits, key=lambda e: (e.start, e.end))
                )

        is_markup = self.config.repair_markup and looks_like_markup(text)
        if is_markup:
            with _step_timeout("repair_markup"):
                blocks, edits = read_markup(text, extract=self.config.extract)
            record("repair_markup", text, edits)
        else:
            blocks = mark_article_breaks(blocks_from_text(text))
        for step, options in self._steps:
            with _step_timeout(step.name):
                ops = step.ops(blocks, **options)
            if not ops:
                continue
            before = render(blocks) if trace else ""
            blocks, edits = apply_ops(blocks, ops)
            record(step.name, before, edits)

        articles = split_blocks(
            blocks,
            segment_heading_shift=self.config.segment_heading_shift,
            segment_headline_shift=self.config.segment_headline_shift,
            segment_paragraph_shift=self.config.segment_paragraph_shift,
        )
        if self.config.separate_articles and len(articles) > 1:
            pieces = [a.text for a in articles]
            out = "\n\n".join(pieces)
            pos = 0
            inserts = []
            for piece in pieces[:-1]:
                pos += len(piece) + 1
                inserts.append(Edit(pos, pos, "\n", "article boundary"))
            record("separate_articles", render(blocks), inserts)
        else:
            out = render(blocks)
        source = strip_tags(text) if is_markup else text
        return Result(
            text=out,
            blocks=tuple(blocks),
            articles=tuple(articles),
            changes=tuple(changes),
            han_in=han_count(source),
            han_out=han_count(out),
        )

    def clean(self, text: str) -> str:
        """The cleaned text: lines one per line, articles separated by a blank line."""
        return self.run(text).text

    def clean_and_explain(self, text: str) -> tuple[str, list[Change]]:
        """The cleaned text and the trace of every change made to it."""
        result = self.run(text, trace=True)
        return result.text, list(result.changes)

    def split(self, text: str) -> list[Article]:
        """The articles of a page (cleaning it first)."""
        return list(self.run(text).articles)


def clean(text: str, config: Config | None = None) -> str:
    """Clean one page with ``config`` (defaults: safe for Chinese news text)."""
    return Cleaner(config).clean(text)


def clean_and_explain(text: str, config: Config | None = None) -> tuple[str, list[Change]]:
    """Clean one page and return the trace: ``replay(text, changes) == cleaned``."""
    return Cleaner(config).clean_and_explain(text)


def split(text: str, config: Config | None = None) -> list[Article]:
    """The articles of one page, as frozen :class:`Article` records."""
    return Cleaner(config).split(text)


# Every step of the config is either in PIPELINE or handled by Cleaner itself.
assert {s.name for s in PIPELINE} | {"repair_markup", "separate_articles"} == set(STEP_NAMES)
