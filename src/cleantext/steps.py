"""How a pipeline step is declared.

Two kinds of step, one calling convention for users:

- an *inline* step looks at one line at a time and yields :class:`~cleantext.trace.Edit`
  records on it (``@inline_step``);
- a *block* step sees the whole page as :class:`~cleantext.blocks.Block` records and yields
  :class:`~cleantext.blocks.Op` records (``@block_step``), because joining lines or dropping a
  repeated paragraph needs neighbours.

Either way the decorated object is a plain ``str -> str`` function for users
(``normalize_punctuation("你好,世界")``), with ``.edits(text)`` for the changes it would make
and ``.ops(blocks)`` for the pipeline. Its ``name`` is the function name, which is also the
config field, the trace step name and the CLI flag.

>>> @inline_step
... def drop_tildes(text: str) -> Iterator[Edit]:
...     for i, ch in enumerate(text):
...         if ch == "~":
...             yield Edit(i, i + 1, "", "tilde")
>>> drop_tildes("a~b"), drop_tildes.name
('ab', 'drop_tildes')

A step that edits only lines holding certain characters can say so with ``trigger``, a test
that is false on any text it would leave alone (usually a compiled character class's
``search``): the step then skips a page without them in one scan, and the lines without them.

>>> import re
>>> @inline_step(trigger=re.compile("~").search)
... def drop_tildes(text: str) -> Iterator[Edit]:
...     for i, ch in enumerate(text):
...         if ch == "~":
...             yield Edit(i, i + 1, "", "tilde")
>>> drop_tildes("a~b\\nc")
'ab\\nc'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Concatenate, Generic, ParamSpec, overload

from .blocks import Block, Op, TextEdit, apply_ops, blocks_from_text, render
from .trace import Edit, apply_edits

__all__ = ["BlockStep", "InlineStep", "block_step", "inline_step"]

P = ParamSpec("P")
#: A test on a text: false (``None``) only when the step has nothing to do on it.
Trigger = Callable[[str], object]


def _adopt(step: object, func: Callable[..., object]) -> str:
    """Give a step its function's identity (name, doc, module) and return the name."""
    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(step, attr, getattr(func, attr))
    step.__wrapped__ = func  # type: ignore[attr-defined]
    return func.__name__


class InlineStep(Generic[P]):
    """A step that edits one line at a time. Call it on a string to get the fixed string."""

    kind = "inline"

    def __init__(
        self, func: Callable[Concatenate[str, P], Iterable[Edit]], trigger: Trigger | None = None
    ) -> None:
        self.func = func
        #: False on any text (a line, or lines joined by line breaks) the step leaves alone.
        self.trigger = trigger
        self.name: str = _adopt(self, func)

    def edits(self, text: str, /, *args: P.args, **kwargs: P.kwargs) -> list[Edit]:
        """The edits this step makes on ``text`` (lines are edited one by one)."""
        trigger = self.trigger
        out: list[Edit] = []
        if trigger is not None and not trigger(text):
            return out
        pos = 0
        for line in text.split("\n"):
            if trigger is None or trigger(line):
                out.extend(
                    Edit(pos + e.start, pos + e.end, e.replacement, e.reason)
                    for e in self.func(line, *args, **kwargs)
                )
            pos += len(line) + 1
        return out

    def ops(self, blocks: Sequence[Block], /, *args: P.args, **kwargs: P.kwargs) -> list[Op]:
        trigger = self.trigger
        if trigger is None:
            return [
                TextEdit(i, e.start, e.end, e.replacement, e.reason)
                for i, b in enumerate(blocks)
                for e in self.func(b.text, *args, **kwargs)
            ]
        # One scan of the page decides for most pages; then only the lines concerned.
        if not trigger("\n".join([b.text for b in blocks])):
            return []
        return [
            TextEdit(i, e.start, e.end, e.replacement, e.reason)
            for i, b in enumerate(blocks)
            if trigger(b.text)
            for e in self.func(b.text, *args, **kwargs)
        ]

    def __call__(self, text: str, /, *args: P.args, **kwargs: P.kwargs) -> str:
        if not isinstance(text, str):
            raise TypeError(f"{self.name}() takes a str, not {type(text).__name__}")
        return apply_edits(text, self.edits(text, *args, **kwargs))

    def __repr__(self) -> str:
        return f"<inline step {self.name}>"

    def __reduce__(self) -> str:
        # Pickle by reference: steps are module-level singletons.
        return self.func.__qualname__


class BlockStep(Generic[P]):
    """A step that sees all blocks of a page. Call it on a string to get the fixed string."""

    kind = "block"

    def __init__(self, func: Callable[Concatenate[Sequence[Block], P], Iterable[Op]]) -> None:
        self.func = func
        self.name: str = _adopt(self, func)

    def ops(self, blocks: Sequence[Block], /, *args: P.args, **kwargs: P.kwargs) -> list[Op]:
        return list(self.func(blocks, *args, **kwargs))

    def edits(self, text: str, /, *args: P.args, **kwargs: P.kwargs) -> list[Edit]:
        """The edits this step makes on ``text``, read as one block per line."""
        blocks = blocks_from_text(text)
        return apply_ops(blocks, self.ops(blocks, *args, **kwargs))[1]

    def __call__(self, text: str, /, *args: P.args, **kwargs: P.kwargs) -> str:
        if not isinstance(text, str):
            raise TypeError(f"{self.name}() takes a str, not {type(text).__name__}")
        blocks = blocks_from_text(text)
        return render(apply_ops(blocks, self.ops(blocks, *args, **kwargs))[0])

    def __repr__(self) -> str:
        return f"<block step {self.name}>"

    def __reduce__(self) -> str:
        return self.func.__qualname__


@overload
def inline_step(func: Callable[Concatenate[str, P], Iterable[Edit]], /) -> InlineStep[P]: ...


@overload
def inline_step(
    *, trigger: Trigger
) -> Callable[[Callable[Concatenate[str, P], Iterable[Edit]]], InlineStep[P]]: ...


def inline_step(
    func: Callable[Concatenate[str, P], Iterable[Edit]] | None = None,
    /,
    *,
    trigger: Trigger | None = None,
) -> InlineStep[P] | Callable[[Callable[Concatenate[str, P], Iterable[Edit]]], InlineStep[P]]:
    """Declare a step that yields edits on one line of text (``trigger``: see above)."""
    if func is not None:
        return InlineStep(func, trigger)

    def declare(func: Callable[Concatenate[str, P], Iterable[Edit]]) -> InlineStep[P]:
        return InlineStep(func, trigger)

    return declare


def block_step(func: Callable[Concatenate[Sequence[Block], P], Iterable[Op]]) -> BlockStep[P]:
    """Declare a step that yields operations on the page's blocks."""
    return BlockStep(func)

