"""Bytes to text: BOMs, UTF-8 first, GB18030/Big5, bad bytes with offsets, binary refused."""

from __future__ import annotations

import codecs

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext.decoding import DEFAULT_MAX_BYTES, decode, decode_report, detect_binary
from cleantext.errors import (
    BinaryInputError,
    DecodeError,
    InputError,
    InputTooLargeError,
)

from .conftest import SEED_FILES

NEWS = "重庆日报记者从市委全会获悉，我们的国家发展得很好，这是一个新的开始。" * 3


def _traditional(text: str) -> str:
    """``text`` in Traditional characters, keeping only what Big5 can encode."""
    converted: str = opencc.OpenCC("s2t").convert(text)
    return converted.encode("cp950", "ignore").decode("cp950")


# --- byte-order marks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
        (b"\x84\x31\x95\x33", "gb18030", "gb18030"),
    ],
)
def test_bom_decides_and_is_removed(bom: bytes, codec: str, expected: str) -> None:
    report = decode_report(bom + NEWS.encode(codec))
    assert report.text == NEWS
    assert report.encoding == expected
    assert report.bom


def test_utf16_with_bom_from_the_codec() -> None:
    assert decode(NEWS.encode("utf-16")) == NEWS


def test_explicit_encoding_wins_and_takes_its_bom() -> None:
    assert decode(NEWS.encode("utf-16-le"), encoding="utf-16-le") == NEWS
    assert decode(NEWS.encode("utf-16"), encoding="utf-16") == NEWS
    assert decode(codecs.BOM_UTF8 + NEWS.encode(), encoding="utf-8") == NEWS
    assert decode(NEWS.encode("gbk"), encoding="gbk") == NEWS
    with pytest.raises(LookupError):
        decode(b"abc", encoding="no-such-codec")


# --- UTF-8 first --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_valid_utf8_always_wins(text: str) -> None:
    data = text.encode("utf-8")
    if data.startswith((b"\xff", b"\xfe", b"\x84\x31\x95\x33")) or detect_binary(data):
        return  # (not reachable from UTF-8 without NUL, kept as a guard)
    report = decode_report(data)
    assert report.text == text.removeprefix("\ufeff")
    assert report.encoding == "utf-8"


def test_utf8_that_is_also_valid_gb18030_stays_utf8() -> None:
    # "重庆" in UTF-8 is E9 87 8D E5 BA 86: valid GB18030 too, where it reads as other characters.
    data = "重庆".encode()
    assert data.decode("gb18030") != "重庆"
    assert decode(data) == "重庆"


def test_damaged_utf8_stays_utf8_with_the_bad_byte_reported() -> None:
    good = NEWS.encode()
    data = good[:30] + b"\xff" + good[30:] + "重".encode()[:2]  # a stray byte, a cut last char
    report = decode_report(data, errors="replace")
    assert report.encoding == "utf-8"
    assert report.invalid_offsets == (30, len(good) + 1)
    assert report.invalid_count == 2
    assert report.text == NEWS[:10] + "\ufffd" + NEWS[10:] + "\ufffd"
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert info.value.offset == 30
    assert "30" in str(info.value)
    assert "\n" not in str(info.value)


# --- Chinese legacy encodings ---------------------------------------------------------------------


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_seed_in_gb_encodings_is_read_as_gb18030(path: object, codec: str) -> None:
    text = SEED_FILES[SEED_FILES.index(path)].read_text("utf-8")  # type: ignore[arg-type]
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        pytest.skip(f"seed has characters outside {codec}")
    report = decode_report(data)
    assert report.encoding == "gb18030"  # the superset, whatever the detector called it
    assert report.text == text


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_gb18030_copy_of_seed_cleans_like_the_utf8_one(path: object) -> None:
    text = SEED_FILES[SEED_FILES.index(path)].read_text("utf-8")  # type: ignore[arg-type]
    assert cleantext.clean(decode(text.encode("gb18030"))) == cleantext.clean(
        decode(text.encode("utf-8"))
    )


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_in_big5_is_read_as_big5(path: object) -> None:
    text = _traditional(SEED_FILES[SEED_FILES.index(path)].read_text("utf-8"))  # type: ignore[arg-type]
    report = decode_report(text.encode("cp950"))
    assert report.encoding == "cp950"
    assert report.text == text


@pytest.mark.parametrize("codec", ["gb18030", "cp950"])
def test_short_chinese_lines_pick_the_right_reading(codec: str) -> None:
    line = NEWS[:30] if codec == "gb18030" else _traditional(NEWS[:30])
    assert decode(line.encode(codec)) == line


def test_gb_text_with_a_bad_byte_gives_its_offset() -> None:
    good = (NEWS * 3).encode("gb18030")
    at = len(NEWS.encode("gb18030"))
    data = good[:at] + b"\xff" + good[at:]
    report = decode_report(data, errors="replace")
    assert report.encoding == "gb18030"
    assert report.invalid_offsets == (at,)
    assert report.text == NEWS + "\ufffd" + NEWS * 2
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert info.value.offset == at


def test_many_bad_bytes_are_all_counted() -> None:
    data = NEWS.encode() * 100 + b"\xff" * 100_000
    report = decode_report(data, encoding="utf-8", errors="replace")
    assert report.invalid_count == 100_000
    assert len(report.invalid_offsets) == 1000  # the list is capped, the count is not
    assert report.text.count("\ufffd") == 100_000


# --- binary input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        ("正文".encode() + b"\x00" + "正文".encode(), "NUL"),
    ],
)
def test_binary_is_refused_with_one_line(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError) as info:
        decode(data, errors="replace")
    message = str(info.value)
    assert kind in message
    assert "\n" not in message
    assert isinstance(info.value, InputError)


def test_nul_character_in_utf16_is_refused() -> None:
    with pytest.raises(BinaryInputError):
        decode("正文\x00正文".encode("utf-16"))


def test_pdf_is_refused_even_with_an_encoding() -> None:
    with pytest.raises(BinaryInputError):
        decode(b"%PDF-1.4\n", encoding="latin-1")


# --- limits and misuse -----------------------------------------------------------------------


def test_max_bytes() -> None:
    assert DEFAULT_MAX_BYTES == 100 * 1024 * 1024
    data = NEWS.encode()
    assert decode(data, max_bytes=len(data)) == NEWS
    assert decode(data, max_bytes=None) == NEWS
    with pytest.raises(InputTooLargeError) as info:
        decode(data, max_bytes=len(data) - 1)
    assert str(len(data)) in str(info.value)
    assert "max_bytes" in str(info.value)


def test_misuse() -> None:
    with pytest.raises(TypeError):
        decode("text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        decode(b"abc", errors="ignore")  # type: ignore[arg-type]
    assert decode(bytearray(NEWS.encode())) == NEWS
    assert decode(memoryview(NEWS.encode())) == NEWS


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_an_input_error(data: bytes) -> None:
    try:
        report = decode_report(data, errors="replace")
    except BinaryInputError:
        return
    assert report.text.count("\ufffd") >= report.invalid_count
    if report.invalid_count == 0:
        assert decode(data) == report.text
    else:
        with pytest.raises(DecodeError) as info:
            decode(data)
        assert info.value.offset == report.invalid_offsets[0]
