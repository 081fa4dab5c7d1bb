"""Character steps: fix_encoding, remove_invisible_chars, normalize_width, convert_chinese."""

from __future__ import annotations

import pickle
import re
import re._parser as sre_parse  # a pattern's structure, as re compiles it
import unicodedata
from collections import Counter
from typing import Any

import opencc
import pytest
import regex
from ftfy.badness import BADNESS_RE
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import (
    Cleaner,
    Config,
    convert_chinese,
    fix_encoding,
    normalize_width,
    remove_invisible_chars,
)
from cleantext.characters import _FTFY_TRIGGER, find_suspicious_chars, opencc_configs
from cleantext.chardata import CIRCLED_AND_ROMAN, WIDTH_KEPT

from .cases import load_cases
from .conftest import read_seed

HAN_ONLY = regex.compile(r"\p{Han}+")

STEPS = {
    "width": normalize_width,
    "invisible": remove_invisible_chars,
    "encoding": fix_encoding,
}


@pytest.mark.parametrize(
    ("step", "source", "expected"), load_cases("width", "invisible", "encoding", "t2s", "s2t")
)
def test_case_table(step: str, source: str, expected: str) -> None:
    if step in STEPS:
        out = STEPS[step](source)
        again = STEPS[step](out)
    else:  # OpenCC, applied once, is not idempotent by design: no second run checked
        out = again = convert_chinese(source, opencc_config=step)
    assert out == expected
    assert again == out


# --- fix_encoding ----------------------------------------------------------------------------

CLEAN_CHINESE = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(
            list("，。、；：？！“”‘’（）《》【】——……·ⅡⅢ⑬①℃㎡％０１ＡＢ　 0123456789abcXYZ%.-")
        ),
    ),
    max_size=80,
)


@settings(max_examples=500, deadline=None)
@given(CLEAN_CHINESE)
def test_property_fix_encoding_never_changes_clean_chinese(text: str) -> None:
    assert fix_encoding(text) == text


def test_ftfy_trigger_is_in_every_badness_match() -> None:
    # fix_encoding skips ftfy on a line without a trigger character; that is only right if
    # every match of ftfy's badness pattern holds one. Check each alternative of the pattern:
    # one of its items must be a character (or a class of characters) that are all triggers.
    def all_triggers(op: Any, av: Any) -> bool:
        if op is sre_parse.LITERAL:
            return _FTFY_TRIGGER.match(chr(av)) is not None
        if op is not sre_parse.IN:
            return False
        chars: list[str] = []
        for kind, arg in av:
            if kind is sre_parse.LITERAL:
                chars.append(chr(arg))
            elif kind is sre_parse.RANGE:
                chars.extend(map(chr, range(arg[0], arg[1] + 1)))
            else:
                return False  # a negated class or a category: not only triggers
        return all(_FTFY_TRIGGER.match(c) for c in chars)

    [(op, (_, branches))] = sre_parse.parse(BADNESS_RE.pattern, re.VERBOSE).data
    assert op is sre_parse.BRANCH and len(branches) > 30
    for branch in branches:
        assert any(all_triggers(op, av) for op, av in branch.data), branch
    assert BADNESS_RE.search("Ã ") and not _FTFY_TRIGGER.search("中文“测试”—…·\u3000 ")


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_fix_encoding_leaves_seeds_alone(prefix: str) -> None:
    seed = read_seed(prefix)
    assert fix_encoding(seed) == seed


# ftfy only repairs what its heuristics are sure of: common characters, several in a row.
SEED_HAN = sorted({ch for p in ("000", "003") for ch in read_seed(p) if "\u4e00" <= ch <= "\u9fff"})


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(SEED_HAN), min_size=3, max_size=20))
def test_property_fix_encoding_repairs_utf8_read_as_latin1(text: str) -> None:
    mojibake = text.encode("utf-8").decode("latin-1")
    edits = fix_encoding.edits(mojibake)
    assert fix_encoding(mojibake) == text
    assert all("ftfy" in e.reason for e in edits)


# --- remove_invisible_chars --------------------------------------------------------------------

ANY_SHORT = st.text(max_size=60)


@settings(max_examples=400, deadline=None)
@given(ANY_SHORT)
def test_property_invisible_only_removes_invisible(text: str) -> None:
    out = remove_invisible_chars(text)
    assert remove_invisible_chars(out) == out
    for e in remove_invisible_chars.edits(text):
        removed = text[e.start : e.end]
        assert e.replacement in ("", "\n")
        assert all(unicodedata.category(c) in ("Cf", "Cc") for c in removed), removed
        assert e.reason


def test_suspicious_chars_are_kept_and_found() -> None:
    text = "重\ufffd\ufffd庆\ue000日〓报"
    assert remove_invisible_chars(text) == text
    found = find_suspicious_chars(text)
    assert [(s.start, s.end, s.text) for s in found] == [
        (1, 3, "\ufffd\ufffd"),
        (4, 5, "\ue000"),
        (6, 7, "〓"),
    ]
    assert all(s.reason for s in found)


# --- normalize_width ----------------------------------------------------------------------------

WIDTH_TEXT = st.text(
    st.one_of(
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.sampled_from(list("重庆，。“”…ⅡⅢ⑬①℃㎡ 0123456789abc%.-:")),
    ),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(WIDTH_TEXT)
def test_property_width_idempotent_and_only_width(text: str) -> None:
    out = normalize_width(text)
    assert normalize_width(out) == out
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        # Each changed character is the full-width form of its replacement.
        assert a == b or unicodedata.normalize("NFKC", a) == b, (a, b)


def test_width_is_not_nfkc() -> None:
    text = "……⑬Ⅱ℃㎡，（）“”"
    assert normalize_width(text) == text
    kept = "".join(sorted(WIDTH_KEPT)) + "".join(map(chr, range(0x2460, 0x24FF)))
    assert CIRCLED_AND_ROMAN.search(kept)
    assert normalize_width(kept) == kept
    assert unicodedata.normalize("NFKC", text) != text  # the reason NFKC is banned


# --- convert_chinese --------------------------------------------------------------------------


def test_convert_chinese_through_config() -> None:
    cleaner = Cleaner(Config(convert_chinese=True, opencc_config="t2s"))
    assert cleaner.clean("漢字與發展，OpenCC 測試") == "汉字与发展，OpenCC 测试"
    assert cleantext.clean("漢字") == "漢字"  # off by default
    out, changes = cleaner.clean_and_explain("重慶日報")
    assert out == "重庆日报"
    assert {c.step for c in changes} == {"convert_chinese"}
    assert [(c.before, c.after) for c in changes] == [("慶", "庆"), ("報", "报")]


@pytest.mark.parametrize("name", ["t2s", "t2s.json", "s2t", "t2tw", "s2twp", "tw2sp"])
def test_any_installed_config_works(name: str) -> None:
    assert name.removesuffix(".json") in opencc_configs()
    assert isinstance(convert_chinese("軟體與鼠標", opencc_config=name), str)


def test_phrase_conversion_changes_length_with_exact_trace() -> None:
    cleaner = Cleaner(Config(convert_chinese=True, opencc_config="tw2sp"))
    source = "我的滑鼠和軟體"
    out, changes = cleaner.clean_and_explain(source)
    assert out == "我的鼠标和软件"
    assert cleantext.replay(source, changes) == out


def test_invalid_opencc_config_raises_value_error() -> None:
    with pytest.raises(ValueError, match="unknown OpenCC configuration 'no-such-config'"):
        Cleaner(Config(convert_chinese=True, opencc_config="no-such-config"))
    with pytest.raises(ValueError):
        convert_chinese("漢字", opencc_config="../../etc/passwd")


def test_cleaner_with_conversion_pickles() -> None:
    cleaner = Cleaner(Config(convert_chinese=True, opencc_config="s2t"))
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.clean("发展") == "發展"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_property_fix_encoding_idempotent(text: str) -> None:
    once = fix_encoding(text)
    assert fix_encoding(once) == once


# Text where OpenCC's tables chain or a phrase decides (于/於, 陞, 薴 → 苧 → 苎, 乾/干, 后/後,
# 發/髮, 面/麵, 滑鼠/鼠标, 軟體/软件 …), with Chinese punctuation around it.
OPENCC_TEXT = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("于於陞昇升薴苧苎乾干幹后後发發髮面麵里裡裏台臺著着")),
        st.sampled_from(["滑鼠", "鼠标", "軟體", "软件", "之子于归", "楊聯陞", "頭髮", "皇后"]),
        st.sampled_from(list("，。、；：？！“”‘’「」『』（）《》——……· \n")),
    ),
    max_size=30,
).map("".join)

# Chosen by hand: conversions OpenCC makes differently from a second pass over its own output.
OPENCC_TRICKY = [
    ("s2t", "燕燕于飞，差池其羽。之子于归，远送于野。"),
    ("t2s", "楊聯陞"),
    ("t2s", "薴麻與苧麻"),
    ("s2t", "皇后的头发在后面"),
    ("s2tw", "干杯，他在台里面"),
    ("s2twp", "我的鼠标和软件"),
    ("s2hk", "于是他说：“乾隆年间”"),
    ("tw2sp", "我的滑鼠和軟體"),
    ("t2tw", "裏面著名"),
    ("hk2s", "於是裡面"),
    ("t2jp", "舊體字與發展"),
    ("jp2t", "旧体字と発展"),
]


@pytest.mark.parametrize(("config", "text"), OPENCC_TRICKY)
def test_convert_chinese_is_opencc_once_on_tricky_cases(config: str, text: str) -> None:
    assert convert_chinese(text, opencc_config=config) == opencc.OpenCC(config).convert(text)


def test_convert_chinese_is_not_run_until_stable() -> None:
    # Issue 17: a second pass turned 于 into 於 (s2t) and 陞 into 升 (t2s).
    assert convert_chinese("燕燕于飞，差池其羽。之子于归", opencc_config="s2t") == (
        "燕燕于飛，差池其羽。之子于歸"
    )
    assert convert_chinese("楊聯陞", opencc_config="t2s") == "杨联陞"


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(opencc_configs()), OPENCC_TEXT)
def test_property_convert_chinese_is_opencc(config: str, text: str) -> None:
    assert convert_chinese(text, opencc_config=config) == opencc.OpenCC(config).convert(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            st.sampled_from(list("，。“”ab 12")),
        ),
        max_size=40,
    )
)
def test_property_t2s_keeps_non_han(text: str) -> None:
    for e in convert_chinese.edits(text, opencc_config="t2s"):
        assert HAN_ONLY.fullmatch(text[e.start : e.end] + e.replacement), e


# --- triggers: a step skips a line its trigger does not find, so the trigger must be sure ------

TRIGGER_TEXT = st.lists(
    st.sampled_from(
        [*"重庆，。“”—…·abc019 ,.;:\t\r\x07\x85\u3000\u00a0\u200b\u200c\u200d\ufeff\u00ad",
         "ä¸", "æ–‡", "Ã©", "Â ", "０", "Ａ", "％", "．", "：", "｡", "－", "&amp;", "&ldquo;",
         "&#x4E2D;", "&nbsp;", "AT&T", "👨", "Ω", "×", "¥", "€"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TRIGGER_TEXT)
def test_property_triggers_find_every_line_a_step_edits(text: str) -> None:
    steps = [fix_encoding, remove_invisible_chars, normalize_width, cleantext.decode_entities]
    for step in steps:
        assert step.trigger is not None
        if list(step.func(text)):
            assert step.trigger(text), step.name


def test_fix_encoding_edits_keep_han_in_place() -> None:
    # A repair of unequal length used to be aligned on any character: the `€` of `â€œ` was
    # matched with the `€` the C1 control `\x80` becomes, and `重` moved from one edit to
    # another (deleted in one, inserted in the other). Characters mojibake is never made of
    # (ASCII, CJK) are matched first now.
    edits = fix_encoding.edits("â€œ重\x80")
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 3, "“"), (4, 5, "€")]


_MOJIBAKE_PIECE = st.text(st.sampled_from(SEED_HAN), min_size=1, max_size=4).map(
    lambda s: s.encode("utf-8").decode("windows-1252", errors="replace")
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            _MOJIBAKE_PIECE,
            st.sampled_from([*SEED_HAN[:20], *"，。“”a1 \x80\x9d", "â€œ", "Ã©", "Â"]),
        ),
        max_size=12,
    ).map("".join)
)
@example("â€œ重\x80")
def test_property_fix_encoding_never_moves_han(text: str) -> None:
    # No edit deletes a Han character (as one that inserts it elsewhere would).
    for e in fix_encoding.edits(text):
        kept = Counter("".join(HAN_ONLY.findall(e.replacement)))
        for ch, n in Counter("".join(HAN_ONLY.findall(text[e.start : e.end]))).items():
            assert kept[ch] >= n, e


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(_MOJIBAKE_PIECE, st.sampled_from(["Ä¯", "\x96", "¯", "\x91", "Â", "a", "重"])),
        max_size=10,
    ).map("".join)
)
@example("Ä¯\x96¯\x91")
@example("â€œ重\x80")
def test_property_no_fix_encoding_edit_grows(text: str) -> None:
    # A repair never makes a stretch longer; an edit that did was an alignment artefact
    # (`Ä` -> `į–` for `Ä¯\x96¯\x91` -> `į–¯‘`).
    for e in fix_encoding.edits(text):
        assert len(e.replacement) <= max(e.end - e.start, 1), e
