"""The pipeline: a fixed order of steps, a reusable :class:`Cleaner`, and the module API.

>>> clean("  标题  \\n\\n正文。")
'标题\\n正文。'
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import _core, errors
from .blocks import Block, Join, Op, apply_ops, blocks_from_text, render
from .characters import (
    convert_chinese,
    fix_encoding,
    normalize_width,
    opencc_configs,
    remove_invisible_chars,
)
from .config import STEP_NAMES, Config
from .dedup import drop_repeated_paragraphs, remove_repeated_fragments
from .linewrap import (
    flag_noise_lines,
    mark_article_breaks,
    rejoin_wrapped_lines,
    strip_layout_markers,
)
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
    # Lines are joined once their last characters are final (full-width `，` means "go on").
    rejoin_wrapped_lines,
    # Column spaces are found on whole paragraphs, so after joining: in text cut at another
    # width than the columns', a line holds too few of them to show their period.
    remove_column_spaces,
    # Repetitions are found on whole sentences, so after joining.
    remove_repeated_fragments,
    drop_repeated_paragraphs,
    flag_noise_lines,
    # Script conversion last: OpenCC works on finished text and is off by default.
    convert_chinese,
)


_CHARACTER_STEPS = ("fix_encoding", "decode_entities", "remove_invisible_chars", "normalize_width")

#: Steps run again after the step named in the key (enabled or not), on the lines changed since
#: they last ran, until none of them changes anything more. A step reads a line once, but a
#: later step can give the line new context; a second run of the pipeline would then find work
#: left, and ``clean(clean(x)) == clean(x)`` would not hold. The order of PIPELINE stays as it
#: is (each position has its reason); a re-run only finishes what a step would have done had
#: it seen the line as the later steps left it. Only steps that decide from the text alone are
#: run again (inline steps, on the changed lines only; block steps that read no role or hint,
#: on the page): a step that reads the page's layout (column period, line roles) would decide
#: differently on the second run anyway, from the text alone. A re-run is traced under the
#: step's own name; it only edits a line another step changed after it, so its changes never
#: follow its own in the trace (which :func:`~cleantext.trace.replay` groups by step).
SETTLE: dict[str, tuple[str, ...]] = {
    # The character steps need each other's output: a decoded entity or a removed invisible
    # character can complete mojibake (`Â&ldquo;` → `Â“` → `“`, `&Atilde;&copy;` → `Ã©` →
    # `é`), and an entity can decode to an invisible or a full-width character. No order of
    # them is right for every line; a loop on the few lines concerned is.
    "normalize_width": _CHARACTER_STEPS,
    # Joining lines (and the space steps before it) put characters side by side that were
    # not: `、)` + `、` makes a stray `)` between Chinese punctuation, `Ã` + `©` mojibake.
    "rejoin_wrapped_lines": (
        *_CHARACTER_STEPS,
        "strip_layout_markers",
        "normalize_punctuation",
        "normalize_whitespace",
        "collapse_letter_spacing",
    ),
}

#: Block steps whose operations on a line depend on that line alone: like inline steps, they
#: are run again on the changed lines only. (normalize_punctuation pairs quotes across lines:
#: it is run again on the page.)
_LINE_BY_LINE = frozenset({"strip_layout_markers", "normalize_whitespace"})

#: At most this many rounds of a SETTLE group (each round runs every step of it once); real
#: pages settle in one, and the bound keeps hostile input linear.
_SETTLE_ROUNDS = 4


@contextmanager
def _step_timeout(step: str) -> Iterator[None]:
    """A pattern that gave up (the ``regex`` module's timeout) fails this document, by name; so
    does a panic of the compiled core (a bug), whose line measure many steps ask."""
    try:
        yield
    except builtins.TimeoutError as exc:
        raise errors.TimeoutError(f"step {step} gave up on this document: {exc}") from exc
    except _core.PanicException as exc:
        raise errors.core_failure(step, exc) from exc


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

    __slots__ = ("_options", "_settle", "_steps", "_watched", "config")

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
        enabled = {step.name: (step, options) for step, options in self._steps}
        self._options = {name: options for name, (_, options) in enabled.items()}
        # The re-runs due after each step, enabled or not (a disabled key skips no re-run).
        self._settle = {
            name: group
            for name, group in (
                (name, tuple(enabled[n] for n in names if n in enabled))
                for name, names in SETTLE.items()
            )
            if group
        }
        self._watched = frozenset(step.name for group in self._settle.values() for step, _ in group)

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
            with _step_timeout("mark_article_breaks"):
                blocks = mark_article_breaks(blocks_from_text(text))
        # The lines each step of a SETTLE group left (its output; apply_ops returns a new
        # list, never edits one): a line whose text is among them needs no second run of
        # that step. The texts are only gathered once a later step has changed the page.
        seen: dict[str, list[Block]] = {}

        def run_step(
            step: InlineStep[Any] | BlockStep[Any], options: dict[str, Any], only: list[int] | None
        ) -> bool:
            """Run ``step`` (on the blocks ``only``, if given); whether it changed the text."""
            nonlocal blocks
            with _step_timeout(step.name):
                if only is None:
                    ops: Sequence[Op] = step.ops(blocks, **options)
                else:
                    # A step that decides line by line: its operations on a subset of the
                    # lines are its operations on those lines of the page.
                    ops = [
                        dataclasses.replace(op, block=only[op.block])
                        for op in step.ops([blocks[i] for i in only], **options)
                        if not isinstance(op, Join)
                    ]
            edits: list[Edit] = []
            if ops:
                before = render(blocks) if trace else ""
                blocks, edits = apply_ops(blocks, ops)
                record(step.name, before, edits)
            if step.name in self._watched:
                seen[step.name] = blocks
            return bool(edits)

        for step in PIPELINE:
            if step.name in self._options:
                run_step(step, self._options[step.name], None)
            group = self._settle.get(step.name)
            if group is None:
                continue
            for _ in range(_SETTLE_ROUNDS):
                changed = False
                for again, again_options in group:
                    if seen[again.name] is blocks:
                        continue
                    done = {b.text for b in seen[again.name]}
                    # Blank lines left now are written on purpose (a lacuna, see
                    # rejoin_wrapped_lines): normalize_whitespace must not drop them.
                    stale = [i for i, b in enumerate(blocks) if b.text and b.text not in done]
                    if not stale:
                        continue
                    by_line = isinstance(again, InlineStep) or again.name in _LINE_BY_LINE
                    only = stale if by_line else None
                    changed |= run_step(again, again_options, only)
                if not changed:
                    break

        with _step_timeout("split_blocks"):
            articles = split_blocks(
                blocks,
                segment_heading_shift=self.config.segment_heading_shift,
                segment_headline_shift=self.config.segment_headline_shift,
                segment_paragraph_shift=self.config.segment_paragraph_shift,
                line_model=self.config.line_model,
                segment_model=self.config.segment_model,
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
