"""Bytes to text: the encoding of a raw file decided by its bytes, not by what it claims.

The order of evidence, strongest first:

1. an explicit ``encoding`` from the caller;
2. a byte-order mark (UTF-8, UTF-16, UTF-32, GB18030);
3. binary data is refused (NUL bytes, magic numbers of images, PDF, archives, executables);
4. valid UTF-8 always wins (and UTF-8 with a few bad bytes stays UTF-8, bad bytes reported);
5. otherwise charset-normalizer guesses, and for Chinese the GB18030 and Big5 readings compete:
   the one that yields more common Han characters, with errors counted against it, wins. A
   ``gb2312``/``gbk`` guess is read as GB18030, which is their superset.

Bad bytes are never dropped silently: ``errors="strict"`` raises
:class:`~cleantext.errors.DecodeError` with the byte ``offset``; ``errors="replace"`` puts
U+FFFD in their place and :func:`decode_report` lists their offsets.

>>> decode("重庆".encode("utf-8"))
'重庆'
>>> decode("重庆日报记者".encode("gb18030"))
'重庆日报记者'
>>> r = decode_report("重庆日报".encode() + b"\\xff" + "记者".encode(), errors="replace")
>>> r.text, r.encoding, r.invalid_offsets
('重庆日报\\ufffd记者', 'utf-8', (12,))
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache
from typing import Literal

import opencc
import regex
from charset_normalizer import from_bytes
from charset_normalizer.constant import FREQUENCIES

from .errors import BinaryInputError, DecodeError, InputTooLargeError

__all__ = ["DEFAULT_MAX_BYTES", "Decoded", "decode", "decode_report", "detect_binary"]

#: Largest document accepted by default (100 MB).
DEFAULT_MAX_BYTES = 100 * 1024 * 1024

#: At most this many invalid-byte offsets are kept in a report (the count is always exact).
MAX_REPORTED_OFFSETS = 1000

# Encoding guesses and the GB18030/Big5 contest read at most this much (cut at a line break,
# which is a single byte in every encoding considered, so no character is cut in two).
_SAMPLE_BYTES = 1 << 20

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

# File signatures of formats that are not text. Each is specific enough not to start a text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)

# Python codec names of charset-normalizer guesses that mean "Chinese, GB family".
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "iso2022_cn"})
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950"})
_GB = "gb18030"
_BIG5 = "cp950"  # Microsoft's Big5: a superset of plain Big5, as Big5 files use in practice


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a raw document and how it was read.

    ``encoding`` is the Python codec used (``"utf-8"``, ``"gb18030"``, ``"cp950"`` …);
    ``bom`` whether a byte-order mark was found (and removed); ``invalid_offsets`` the byte
    offsets (into the input, BOM included) of the first :data:`MAX_REPORTED_OFFSETS` invalid
    sequences, each replaced by one U+FFFD; ``invalid_count`` how many there were in all.
    """

    text: str
    encoding: str
    bom: bool = False
    invalid_offsets: tuple[int, ...] = ()
    invalid_count: int = 0


def detect_binary(data: bytes) -> str | None:
    """What kind of binary file ``data`` is (``"PNG image"`` …), or None if it may be text.

    >>> detect_binary(b"\\x89PNG\\r\\n\\x1a\\n...."), detect_binary("重庆".encode())
    ('PNG image', None)
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, codec in _BOMS if codec.startswith("utf-16")) or any(
        data.startswith(bom) for bom, codec in _BOMS if codec.startswith("utf-32")
    ):
        return None  # NUL bytes are normal there; checked on the decoded text instead
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary data (NUL byte at offset {nul})"
    return None


def _decode_collecting(
    data: bytes, codec: str, start: int, errors: Literal["strict", "replace"]
) -> tuple[str, list[int], int]:
    """Decode ``data[start:]``; return text, offsets of invalid sequences, their count.

    Each attempt stops at the first bad byte, and the good part before it is decoded once
    more, so the work is linear in the input whatever the number of errors.
    """
    decoder = codecs.lookup(codec).decode
    view = memoryview(data)
    parts: list[str] = []
    offsets: list[int] = []
    count = 0
    pos = start
    while True:
        try:
            text, _ = decoder(view[pos:], "strict")
        except UnicodeDecodeError as exc:
            bad, resume = pos + exc.start, pos + max(exc.end, exc.start + 1)
            if errors == "strict":
                shown = data[bad : min(resume, bad + 4)].hex(" ")
                raise DecodeError(
                    f"not valid {codec} at byte {bad} (bytes {shown})", offset=bad
                ) from None
            parts.append(decoder(view[pos:bad], "strict")[0])
            parts.append("\ufffd")
            count += 1
            if len(offsets) < MAX_REPORTED_OFFSETS:
                offsets.append(bad)
            pos = resume
            continue
        parts.append(text)
        return "".join(parts), offsets, count


def _sample(data: bytes) -> bytes:
    if len(data) <= _SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, _SAMPLE_BYTES)
    return data[: cut + 1] if cut > 0 else data[:_SAMPLE_BYTES]


_HAN = regex.compile(r"\p{Han}")


@cache
def _common_han() -> regex.Pattern[str]:
    # charset-normalizer's own frequency table of Chinese, plus its Traditional forms, so that
    # the same table judges GB (Simplified) and Big5 (Traditional) readings alike.
    simplified = "".join(FREQUENCIES["Chinese"])
    traditional = opencc.OpenCC("s2t").convert(simplified)
    chars = sorted(set(simplified + traditional))
    return regex.compile("[" + "".join(chars) + "]")


def _chinese_score(sample: bytes, codec: str) -> int:
    """How Chinese a reading looks: Han characters, common ones counted five times, minus ten
    for each invalid sequence. A wrong CJK reading still yields Han characters, but rare ones.
    """
    text = sample.decode(codec, "replace")
    common = len(_common_han().findall(text))
    return 4 * common + len(_HAN.findall(text)) - 10 * text.count("\ufffd")


def _normal_codec(name: str) -> str:
    codec = codecs.lookup(name).name.replace("-", "_")
    if codec in _GB_FAMILY:
        return _GB
    if codec in _BIG5_FAMILY:
        return _BIG5
    return codecs.lookup(name).name


def _guess(data: bytes) -> str:
    """The codec of bytes that are not valid UTF-8."""
    sample = _sample(data)
    best = from_bytes(sample).best()
    guessed = _normal_codec(best.encoding) if best is not None else _GB
    # The guess competes with the two Chinese readings; on a tie the guess wins.
    candidates = [guessed] + [c for c in (_GB, _BIG5) if c != guessed]
    return max(candidates, key=lambda c: _chinese_score(sample, c))


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that fail as UTF-8 are still UTF-8 with a few bad bytes.

    Chinese text in GB18030, Big5, Shift-JIS or EUC-KR read as UTF-8 makes 0.1 to 0.3 valid
    multi-byte characters per bad sequence (measured on the seed pages); a damaged UTF-8 file
    has many good multi-byte characters for each bad byte.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
    return multibyte >= 4 * bad


def decode_report(
    data: bytes,
    *,
    encoding: str | None = None,
    errors: Literal["strict", "replace"] = "strict",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Decoded:
    """Decode a raw document and say how: encoding, BOM, offsets of invalid bytes.

    Raises like :func:`decode`.

    >>> decode_report(b"\\xef\\xbb\\xbf\\xe9\\x87\\x8d").encoding
    'utf-8'
    >>> decode_report("重庆".encode("utf-16")).text
    '重庆'
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode() takes bytes, not {type(data).__name__}")
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    if max_bytes is not None and not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be an int or None, not {type(max_bytes).__name__}")
    data = bytes(data)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(
            f"input is {len(data)} bytes, over the limit of {max_bytes} bytes (max_bytes)"
        )
    kind = detect_binary(data)
    if kind is not None and (encoding is None or not kind.startswith("binary data")):
        raise BinaryInputError(f"not text: {kind}")

    bom = False
    start = 0
    if encoding is not None:
        codec, bom, start = _explicit_codec(data, encoding)
    else:
        for mark, name in _BOMS:
            if data.startswith(mark):
                codec, bom, start = name, True, len(mark)
                break
        else:
            try:
                data.decode("utf-8")
                codec = "utf-8"
            except UnicodeDecodeError:
                codec = "utf-8" if _mostly_utf8(data) else _guess(data)

    text, offsets, count = _decode_collecting(data, codec, start, errors)
    nul = text.find("\x00")
    if nul >= 0:
        raise BinaryInputError(f"not text: binary data (NUL character at {nul} in {codec})")
    return Decoded(text, codec, bom, tuple(offsets), count)


def _explicit_codec(data: bytes, encoding: str) -> tuple[str, bool, int]:
    """The codec for a caller's ``encoding``, a BOM of that encoding found, and its length.

    A BOM-dependent codec (``utf-16``) becomes its fixed-order form, so that decoding can
    resume after a bad byte without sniffing for a BOM again.
    """
    codec = codecs.lookup(encoding).name  # LookupError for an unknown encoding
    family = "utf-8" if codec == "utf-8-sig" else codec
    for mark, name in _BOMS:
        if data.startswith(mark) and (name == family or name.startswith(family + "-")):
            return name, True, len(mark)
    if family in ("utf-16", "utf-32"):
        return family + "-le", False, 0
    return family, False, 0


def decode(
    data: bytes,
    *,
    encoding: str | None = None,
    errors: Literal["strict", "replace"] = "strict",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """Decode a raw document.

    Raises :class:`~cleantext.errors.DecodeError` (with the offset of the first bad byte) when
    ``errors="strict"`` and the bytes are not text, :class:`~cleantext.errors.InputError`
    (:class:`~cleantext.errors.BinaryInputError`) for binary data,
    :class:`~cleantext.errors.InputTooLargeError` over ``max_bytes`` (``None``: no limit).

    >>> decode("我們的國家發展得很好".encode("big5"))
    '我們的國家發展得很好'
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    cleantext.errors.BinaryInputError: not text: PNG image
    """
    return decode_report(data, encoding=encoding, errors=errors, max_bytes=max_bytes).text
