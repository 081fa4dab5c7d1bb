"""Errors cleantext raises on misuse or on input it cannot read.

Misuse of the API raises the built-in :class:`TypeError` / :class:`ValueError`; problems with
an input file raise :class:`InputError` (the CLI maps them to exit code 1).
"""

from __future__ import annotations

__all__ = ["CleantextError", "DecodeError", "InputError", "InputTooLargeError", "TimeoutError"]


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


class TimeoutError(InputError):  # noqa: A001 - deliberately our own, raised per document
    """A pattern took too long on one document (adversarial input); the document is skipped."""
