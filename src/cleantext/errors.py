"""Errors cleantext raises on misuse or on input it cannot read.

Misuse of the API raises the built-in :class:`TypeError` / :class:`ValueError`; problems with
an input file raise :class:`InputError` (the CLI maps them to exit code 1).
"""

from __future__ import annotations

import builtins

__all__ = [
    "BinaryInputError",
    "CleantextError",
    "DecodeError",
    "InputError",
    "InputTooLargeError",
    "TimeoutError",
]


class CleantextError(Exception):
    """Base class of cleantext's own errors."""


class InputError(CleantextError):
    """An input cannot be processed (unreadable, binary, undecodable, too large)."""


class DecodeError(InputError, ValueError):
    """Bytes that are not text in any supported encoding; ``offset`` is the first bad byte."""

    def __init__(self, message: str, *, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset


class InputTooLargeError(InputError, ValueError):
    """The input exceeds ``max_bytes``."""


class BinaryInputError(InputError, ValueError):
    """The input is not text: NUL bytes, or the signature of an image, PDF or archive."""


class TimeoutError(InputError, builtins.TimeoutError):  # noqa: A001 - our own, per document
    """A pattern took too long on one document (adversarial input); the document is skipped.

    Also a built-in :class:`TimeoutError` (what ``regex`` raises when a ``timeout`` runs out),
    so code that catches that one catches this one too.

    >>> issubclass(TimeoutError, InputError), issubclass(TimeoutError, builtins.TimeoutError)
    (True, True)
    """


def core_failure(step: str, exc: BaseException) -> CleantextError:
    """A panic of the Rust core is a bug: it fails the document with an error naming the step,
    never the process.

    >>> core_failure("rejoin_wrapped_lines", RuntimeError("x"))
    CleantextError('step rejoin_wrapped_lines failed in the compiled core (a bug): x')
    """
    return CleantextError(f"step {step} failed in the compiled core (a bug): {exc}")
