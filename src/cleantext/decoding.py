"""Bytes to text: the encoding of a raw file decided by its bytes, not by what it claims.

(Skeleton: UTF-8 only; the reliability issue fills in detection.)

>>> decode("重庆".encode("utf-8"))
'重庆'
"""

from __future__ import annotations

from typing import Literal

from .errors import DecodeError, InputError, InputTooLargeError

__all__ = ["DEFAULT_MAX_BYTES", "decode"]

#: Largest document accepted by default (100 MB).
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def decode(
    data: bytes,
    *,
    encoding: str | None = None,
    errors: Literal["strict", "replace"] = "strict",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """Decode a raw document.

    Raises :class:`~cleantext.errors.DecodeError` (with the offset of the first bad byte) when
    ``errors="strict"`` and the bytes are not text, :class:`~cleantext.errors.InputError` for
    binary data, :class:`~cleantext.errors.InputTooLargeError` over ``max_bytes``.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(f"input is {len(data)} bytes, over the limit of {max_bytes}")
    if b"\x00" in data[:8192] and encoding is None and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary data (NUL bytes), not text")
    try:
        return data.decode(encoding or "utf-8-sig", errors=errors)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not valid {exc.encoding} at byte {exc.start}", offset=exc.start
        ) from None
