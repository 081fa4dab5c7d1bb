"""The line model in the Rust core (``_core.Crf``, ``_core.ModelFeatures``, ``_core.CueRules``)
against its Python reference (tests/reference/model.py, roles.py, segment_cue.py): identical
segmentation cues, feature strings and labels, marginals equal within 1e-9, on generated line
lists, the seeds and generated pages.

Also: the core's digit table against Python's ``str.isdigit``, pickling of a model, and a
panic in the core surfacing as :class:`~cleantext.errors.CleantextError` naming the step.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Config, _core, roles
from cleantext.blocks import ARTICLE_START, Block, Role, blocks_from_text
from cleantext.errors import CleantextError
from cleantext.model import LineModel, default_models

from .conftest import SEED_FILES
from .generated import articles, generated_page, views
from .reference import model as reference_model
from .reference import roles as reference
from .reference import segment_cue as reference_cue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import pagegen  # noqa: E402

MODELS = default_models()
REF_JOIN = reference_model.reference_of(MODELS.join)
REF_SEGMENT = reference_model.reference_of(MODELS.segment)


def _require(b: Block) -> str | None:
    return "B" if ARTICLE_START in b.hints else None


def _same(blocks: Sequence[Block], wrap_width: int | None = None) -> None:
    """The core's features, join marginals and segment labels are the reference's."""
    idx, feats = roles.model_features(blocks, wrap_width=wrap_width)
    assert (idx, feats) == reference.model_features(blocks, wrap_width=wrap_width)
    got_idx, probs = roles.model_marginals(MODELS.join, blocks, wrap_width=wrap_width)
    assert got_idx == idx
    want = REF_JOIN.marginals(feats)
    for row, ref_row in zip(probs, want, strict=True):
        assert row == pytest.approx([ref_row[lab] for lab in REF_JOIN.labels], abs=1e-9, rel=0)
    require = {k: "B" for k, i in enumerate(idx) if ARTICLE_START in blocks[i].hints}
    got_idx, labels = roles.model_labels(
        MODELS.segment, blocks, require=_require, wrap_width=wrap_width
    )
    assert got_idx == idx
    assert labels == REF_SEGMENT.decode(feats, require=require)
    assert MODELS.segment.decode(feats, require=require) == labels


# Lines made of what the features look at: Han (with pairs that repeat), Latin words and digits,
# sentence and pause marks, quotes and brackets, layout markers, dashes, byline and caption words.
_PIECES = [
    "重庆", "市委", "发展", "经济", "记者", "本报讯", "本报记者 王中", "通讯员", "摄", "供图",
    "图为", "新华社", "12月23日电", "（上接1版）", "责任编辑：", "来源：", "2025年1月2日",
    "一、", "（三）", "①", "——", "--", "“", "”", "《", "》", "（", "）", "(", ")", "【", "】",
    "□", "■", "●", "，", "。", "、", "；", "：", "！", "？", "…", ",", ".", ";", ":", "!", "?",
    " ", "\u3000", "\t", "GDP", "iPhone", "x-ray", "O'Neil", "186家", "3.5", "1,000", "%",
    "<p>", "&amp;", "&rd", "quo;", "18px", "²", "٣", "Ⅷ", "½", "𠀀", "々", "〇", "한", "ア",
    "\ud800", "😀",
]
LINE = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=14).map("".join)
BLOCK = st.builds(
    Block,
    LINE,
    level=st.sampled_from([0, 0, 0, 1, 2, 3, 4]),
    hints=st.frozensets(st.sampled_from(["bold", "caption", "bullet", "noise", ARTICLE_START]),
                        max_size=3),
)
PAGE = st.lists(st.one_of(BLOCK, st.just(Block("")), st.just(Block("  "))), max_size=24)
WRAP = st.one_of(st.none(), st.just(0), st.integers(1, 60))


@settings(max_examples=300, deadline=None)
@given(PAGE, WRAP)
@example([Block("标题", level=1), Block(""), Block("正文，正文。")], None)
@example([Block("（标题）"), Block("A" * 30), Block("ア字"), Block("한 글")], 20)
@example([Block("一二三四五六七八九十一二三四五六七八九")] * 6 + [Block("完。")], None)
def test_identical_on_generated_lines(blocks: list[Block], wrap_width: int | None) -> None:
    _same(blocks, wrap_width)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_identical_on_seeds(path: Path) -> None:
    for blocks in views(path.read_text("utf-8")):
        _same(blocks)


_ARTICLES = articles('s', '甲报', '本报快讯', '某某')


@pytest.mark.parametrize("k", range(12))
def test_identical_on_generated_pages(k: int) -> None:
    for blocks in views(generated_page(_ARTICLES, 100 + k, k)):
        _same(blocks)
        _same(blocks, wrap_width=24)


# Pieces of what the cue's patterns look for: jump markers, leads, dates, page headers, credits,
# captions, bylines and names, with the digits, spaces and brackets around them.
_CUE_PIECES = [
    "（", "(", "）", ")", "上接", "下转", "转第", "接第", "版", "第", "1", "12", "123", "2025",
    "٣", "²", "１", "本报讯", "讯", "新华社", "人民日报", "北京", "月", "日", "日电", "年", "星期",
    "周", "一", "天", "责任编辑", "本版编辑", "：", ":", "-", "/", ".", "摄", "摄影", "特约",
    "记者", "通讯员", "图片由", "图/", "供图", "制图", "照片", "资料图", "新华社发", "图为", "图",
    "为", "①", "⑳", "□", "■", "王", "陈", "中", "彩艳", "文/图", "首席", "新闻快递", "快讯",
    "报道", "设计", "主持人", "，", "。", "；", "！", "？", ",", ";", "!", "?", "…", "”", "’",
    "」", " ", "\t", "\u3000", "\x1c", "\x85", "\u2028", "a", "重庆", "发展", "新华网", "消息",
    "要闻", "|", "｜", "·", "2025年1月2日", "星期四", "作者", "撰文", "︱", "丨", "／", "文/",
]
CUE_LINE = st.lists(
    st.one_of(st.sampled_from(_CUE_PIECES), st.text(max_size=2)), max_size=16
).map("".join)
CUE_BLOCK = st.builds(
    Block,
    CUE_LINE,
    role=st.sampled_from(list(Role)),
    level=st.sampled_from([0, 0, 1, 2]),
    hints=st.frozensets(st.sampled_from(["bold", "caption", "bullet", "noise"]), max_size=2),
)


@settings(max_examples=1500, deadline=None)
@given(CUE_BLOCK)
@example(Block("本报讯(记者 陈钧)12月23日，两江新区签约。"))
@example(Block("新华社北京12月23日电 （记者 王中）今日，两江新区签约仪式举行。"))
@example(Block("（上接1版版）"))
@example(Block("2025年1月2日\u3000星期四"))
@example(Block("记者 王中 摄（资料图片）"))
@example(Block("□本报记者 陈维灯"))
@example(Block("王彩艳 陈毅"))
# At the limits of the rules: marks beside a credit, lengths 12/40/60/80/90, a lead's length.
@example(Block("好，好， 摄"))
@example(Block("好，好 摄"))
@example(Block("主持人名字名字名字名："))
@example(Block("主持人名字名字名字名字："))
@example(Block("标" * 40))
@example(Block("标" * 41))
@example(Block("标题，" + "标" * 57, level=2))
@example(Block("标" * 78 + "（资料图片）"))
@example(Block("记者 王中 " + "a" * 80 + " 摄"))
@example(Block("本报讯正文八个字啊啊"))
@example(Block("本报讯正文九个字啊啊啊"))
@example(Block("新华网消息（记者 王五）：今天上午，会议在北京召开。"))
@example(Block("新华网消息：今天上午会议召开"))
@example(Block("要闻 3 2025年1月2日 星期四"))
@example(Block("作者︱王希"))
@example(Block("文/王希"))
@example(Block("撰文：李四 王五"))
@example(Block("作者："))
@example(Block("作者：：王"))
@example(Block("文化 72025年9月22日星期一"))
@example(Block("会议定于2025年1月2日 星期四召开"))
@example(Block("2025年1月2日星期四 第3版 要闻版面"))
@example(Block("版面一二三四五六七八九十1 2025年1月2日星期四"))
def test_identical_cues(block: Block) -> None:
    assert roles.segment_cue(block) == reference_cue.segment_cue(block)


def test_identical_cues_on_pages() -> None:
    texts = [p.read_text("utf-8") for p in SEED_FILES]
    texts += [page.text for page in pagegen.generate_pages(_ARTICLES, 9, seed=7)]
    for text in texts:
        for blocks in views(text):
            for b in blocks:
                assert roles.segment_cue(b) == reference_cue.segment_cue(b), b


def test_cue_tables_are_pythons() -> None:
    digits, re_spaces, py_spaces = _core.cue_tables()
    every = "".join(map(chr, range(0x110000)))
    want = []
    for m in regex.finditer(r"\d+", every):
        want.append((m.start(), m.end() - 1))
    assert digits == want
    assert re_spaces == [m.start() for m in regex.finditer(r"\s", every)]
    assert py_spaces == [c for c in range(0x110000) if chr(c).isspace()]


def test_digit_table_is_pythons() -> None:
    every = [c for c in range(0x110000) if chr(c).isdigit()]
    ranges = []
    for c in every:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    assert _core.digit_ranges() == ranges


def test_a_model_pickles_as_its_weights() -> None:
    model = MODELS.segment
    again = pickle.loads(pickle.dumps(model))
    assert again == model and again.crf is not model.crf
    feats = roles.model_features(blocks_from_text("标题\n正文，正文。\n本报记者 王中"))[1]
    assert again.decode(feats) == model.decode(feats)


def test_bad_models_are_refused() -> None:
    with pytest.raises(ValueError, match="transitions"):
        LineModel("m", ("A", "B"), ((0.0,),), {})
    with pytest.raises(ValueError, match="beyond"):
        LineModel("m", ("A",), ((0.0,),), {"x": ((3, 1.0),)})
    with pytest.raises(IndexError, match="beyond"):
        LineModel("m", ("A",), ((0.0,),), {}).decode([["x"]], require={2: "A"})


class _Panicking:
    features = marginals = decode = staticmethod(_core._panic_for_test)


_BROKEN = "城市更新行动加快推进老旧小区改造\n今年以来，全市加快推进老旧小区改造，完成加装电梯\n三百余部。"


def test_a_panic_in_the_core_is_a_cleantext_error_naming_the_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roles, "_MODEL_FEATURES", _Panicking())
    with pytest.raises(CleantextError, match="step rejoin_wrapped_lines failed"):
        # A line cut inside a phrase: the weak reading, which the model may veto.
        cleantext.clean("今年以来，全市加快推进老旧小区改造，我们要抓住这\n个机会，让居民的生活更方便。")
    with pytest.raises(CleantextError, match="step split_blocks failed"):
        cleantext.split(_BROKEN, Config(segment_model=True, rejoin_wrapped_lines=False))
