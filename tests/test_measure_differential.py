"""The line measure in the Rust core (``_core.LineMeasure``: ``roles.text_features``,
``roles.page_context``, ``roles.count_broken_lines``, ``roles.display_width``) against its Python
reference (tests/reference/line_measure.py): identical LineFeatures, field by field, and
identical PageContext, on generated lines and pages, the seeds and generated pages.

Also: the core's width table against ``wcwidth`` over every code point, and a panic in the
measure surfacing as :class:`~cleantext.errors.CleantextError` naming the step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from wcwidth import wcwidth

from cleantext import Cleaner, _core, roles
from cleantext.blocks import Block
from cleantext.errors import CleantextError

from .conftest import SEED_FILES
from .generated import articles, generated_page, views
from .reference import line_measure as reference


def _same_line(text: str) -> None:
    t = text.strip()
    got, want = roles._measure_line(t), reference._measure_line(t)
    diff = {f: (getattr(got, f), getattr(want, f)) for f in got._fields if getattr(got, f) != getattr(want, f)}
    assert not diff, (t, diff)
    # (Types too: a bool is not an int to the model's features.)
    assert [type(x) for x in got] == [type(x) for x in want], t
    assert roles.display_width(text) == reference.display_width(text)
    assert roles._first_word_width(t) == reference._first_word_width(t)


def _same_page(blocks: Sequence[Block]) -> None:
    for b in blocks:
        _same_line(b.text)
    assert roles.page_context(blocks) == reference.page_context(blocks)
    texts = [b.text for b in blocks]
    assert roles.count_broken_lines(texts) == reference.count_broken_lines(texts)


# What the measure looks at: Han, Latin words and digits (ASCII and not), sentence and pause
# marks, quotes and brackets, layout marks, dashes, bylines, credits, captions, dates, list
# numbers, jump markers, labels, news-brief leads, pieces of markup, spaces of every kind.
_PIECES = [
    "重庆", "市委", "发展", "经济", "王", "陈", "彩艳", "记者", "本报记者", "首席", "通讯员",
    "实习生", "摄影", "编辑", "主持人", "报道", "整理", "摄", "特约", "采写", "图片由", "供图",
    "制图", "图", "图为", "照片", "图片", "资料图", "新华社发", "本报讯", "讯", "新华社",
    "2025", "年", "1", "12", "123", "月", "日", "星期", "周", "四", "农历", "腊月初八",
    "一", "二", "十", "百", "、", "．", "①", "⑳", "第", "章", "条", "部分",
    "2025年1月2日", "2025-01-02", "2025.1.2", "2025/12/3", "责任编辑：", "编辑 :", "来源：",
    "稿源\t:", "（上接1版）", "上接", "下转", "紧接", "转第", "版", "责任编辑", "责编", "来源", "稿源", "出处",
    "——", "--", "—", "“", "”", "‘", "’", "《", "》", "（", "）", "(", ")", "【", "】", "[", "]",
    "「", "」", "〈", "〉", '"', "'", "□", "■", "●", "◎", "★", "，", "。", "；", "：", "！",
    "？", "…", ",", ".", ";", ":", "!", "?", "%", " ", "\u3000", "\t", "\x1c", "\xa0",
    "\u2028", "GDP", "iPhone", "x-ray", "O'Neil", "家", "个", "米", "3.5", "1,000", "<p>", ">",
    "&amp;", "&", "&#", "#", "&rd", "quo;", "nbsp", "18px", "2em", "12pt", "px", "²", "٣", "１",
    "Ⅷ", "½", "𠀀", "々", "〇", "한", "ア", "Ａ", "\u200b", "\u0301", "\x07", "\ud800", "😀",
]
_PIECE = st.one_of(st.sampled_from(_PIECES), st.text(max_size=3))
# Short lines reach the anchored patterns (a date, a label, a jump line), long ones the rest.
# (A line never holds a line break.)
LINE = st.one_of(st.lists(_PIECE, max_size=5), st.lists(_PIECE, max_size=24)).map(
    lambda s: "".join(s).replace("\n", "").replace("\r", "")
)


@settings(max_examples=3000, deadline=None)
@given(LINE)
@example("会议结束。 记者 王中")
@example("会议结束。”  （新华社）")
@example("好。 a")
@example("好。  a")
@example("2025年1月2日 星期四 农历腊月初八")
@example("2025-1-2\u3000农历腊月初八十二三四五六七")
@example("（上接1版）推动发展")
@example("推动发展，推动发展（转第2版）")
@example("记者 王中 摄（资料图片）")
@example("图为会场。重庆市生态环境局供图")
@example("会场。均为本报记者王中 图")
@example("本报讯（记者 王中）")
@example("font-size:18px;")
@example("&#x2014")
@example("#nbsp;")
@example("第3.")
@example("长寿区能源大数据中心接入园区内186家")
@example("他说：\"好。\"袁")
@example("（王彩艳 杨毅）")
@example("（）")
@example("责任编辑：张三")
@example("来源 ：新华社")
@example("2025年1月2日 星期四")
def test_identical_line_features(text: str) -> None:
    _same_line(text)


PAGE = st.lists(
    st.builds(
        Block,
        st.one_of(LINE, st.just(""), st.sampled_from(["一二三四五六七八", "完。", "abc def"])),
        level=st.sampled_from([0, 0, 0, 1, 2]),
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None)
@given(PAGE)
@example([Block("一二三四五六七八")] * 4 + [Block("完。")])
@example([Block("一二三四五六七八九十一二三四五六七八九十")] * 6 + [Block("完。")])
@example([Block("ab cd ef gh ij kl mn")] * 6 + [Block("完。")])
# Long cut lines, and captions ending with a credit after the last sentence end.
@example([Block("市民在广场上聚集，纪念建城一百周年，场面热闹非凡，人们载歌载舞。美聯社" + t)
          for t in ("", "”", "社", "：美聯社", "，推动发展")])
def test_identical_page_context(blocks: list[Block]) -> None:
    _same_page(blocks)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_identical_on_seeds(path: Path) -> None:
    for blocks in views(path.read_text("utf-8")):
        _same_page(blocks)


_ARTICLES = articles('m', '乙报', '本报讯', '记者 王中')


@pytest.mark.parametrize("k", range(12))
def test_identical_on_generated_pages(k: int) -> None:
    for blocks in views(generated_page(_ARTICLES, 200 + k, k)):
        _same_page(blocks)


def test_width_table_is_wcwidths() -> None:
    table = _core.width_ranges()
    want: list[tuple[int, int, int]] = []
    for cp in range(0x110000):
        w = max(wcwidth(chr(cp)), 0)
        if w == 1:
            continue
        if want and want[-1][2] == w and want[-1][1] == cp - 1:
            want[-1] = (want[-1][0], cp, w)
        else:
            want.append((cp, cp, w))
    assert table == want


@pytest.mark.parametrize(
    ("text", "step"),
    [
        # Plain text is read back first (its blank lines), which measures the lines.
        ("他说，这是一个很好的发展机会，\n\n我们要抓住机会。", "mark_article_breaks"),
        # Joining measures the page and its lines.
        ("他说，这是一个很好的发展机会，\n我们要抓住机会。", "strip_layout_markers|rejoin_wrapped_lines"),
    ],
)
def test_a_panic_in_the_measure_is_a_cleantext_error_naming_the_step(
    monkeypatch: pytest.MonkeyPatch, text: str, step: str
) -> None:
    roles._measure_line.cache_clear()
    monkeypatch.setattr(roles, "_MEASURE", _PanickingMeasure())
    try:
        with pytest.raises(CleantextError, match=step):
            Cleaner().run(text)
    finally:
        roles._measure_line.cache_clear()


class _PanickingMeasure:
    """Stands in for the core's measure: every call panics in the core."""

    def __getattr__(self, name: str) -> object:
        def call(*_args: object) -> object:
            _core._panic_for_test()
            raise AssertionError("unreachable")

        return call
