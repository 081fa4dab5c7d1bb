"""Line features and roles: patterns one by one, roles on the seed pages, page measures."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Block, Role
from cleantext.blocks import blocks_from_text
from cleantext.roles import (
    PageContext,
    assign_roles,
    display_width,
    line_features,
    line_role,
    may_name_a_person,
    page_context,
)

from .conftest import read_seed


def role(text: str, level: int = 0) -> Role:
    return line_role(line_features(Block(text, level=level)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报记者 陈维灯", Role.BYLINE),
        ("□本报记者 陈维灯", Role.BYLINE),
        ("重庆日报记者 何春阳 王亚同 周允", Role.BYLINE),
        ("新渝报记者 毛双 见习记者 曾蕊 文/图", Role.BYLINE),
        ("通讯员 李明 实习生 张华", Role.BYLINE),
        ("(记者 周允 张莎 罗芸)", Role.BYLINE),
        ("王彩艳 杨毅", Role.BYLINE),
        ("重庆日报记者 罗斌 摄", Role.CREDIT),
        ("本栏图片由记者苏思摄", Role.CREDIT),
        ("特约摄影 王正坤/视觉重庆", Role.CREDIT),
        ("重庆市生态环境局供图", Role.CREDIT),
        ("图为航拍重庆中心城区。", Role.CAPTION),
        ("城市“颜值”更出众。图为航拍重庆中心城区。(本报资料照片)", Role.CAPTION),
        ("垃圾焚烧炉总装基地。重庆市生态环境局供图", Role.CAPTION),
        ("2023年1月5日 星期四", Role.DATELINE),
        ("（上接1版）", Role.JUMP),
        ("(下转第2版)", Role.JUMP),
        ("责任编辑：张三", Role.EDITOR),
        ("来源：重庆日报", Role.SOURCE),
        ("——新起点有新使命", Role.SUBTITLE),
        ("坚定不移走好创新驱动绿色发展之路", Role.HEADING),
        ("推动现有产业全面绿色转型", Role.TITLE),
        ("今年以来，全市推进治理。", Role.PARAGRAPH),
        ("(上接1版) 同时，此次集中投产项目12个。", Role.PARAGRAPH),
    ],
)
def test_line_roles(text: str, expected: Role) -> None:
    level = 1 if text == "推动现有产业全面绿色转型" else 0
    assert role(text, level) is expected


@pytest.mark.parametrize(
    "text",
    [
        "党的二十大大特别报道",  # `报道` is a role word only on its own
        "大学时期他便兼职为学校周边的商家拍摄",  # `拍摄` ends a sentence, not a credit
        "新时代 新征程 新重庆",  # spaced words, but not names
        "主持人：",
    ],
)
def test_not_bylines_or_credits(text: str) -> None:
    assert role(text) not in (Role.BYLINE, Role.CREDIT)


def test_marked_up_news_brief_is_a_paragraph() -> None:
    text = "新渝报讯(记者 余杰 实习生 彭茜) 为积极落实国家创新驱动发展战略,就业优先战略和人才强国战略,近日,决赛在大足区举行。"
    assert role(text, level=4) is Role.PARAGRAPH


@pytest.mark.parametrize(
    ("text", "numbering"),
    [
        ("一、推动绿色发展", True),
        ("（二）加强保护", True),
        ("1.推进改革", True),
        ("3.5亿元投入", False),
        ("2025年", False),
    ],
)
def test_numbering(text: str, numbering: bool) -> None:
    assert line_features(Block(text)).numbering is numbering


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("“请来的导师都", 1),
        ("“双碳”目标", 0),
        ("牵头制定全国性行业标准《", 1),
        ('重要。"袁', 0),
        ('"教育是国之大计', 1),
        ("（以下简称", 1),
    ],
)
def test_open_depth(text: str, depth: int) -> None:
    assert line_features(Block(text)).open_depth == depth


@pytest.mark.parametrize(
    ("text", "final"),
    [
        ("他说。", True),
        ("他说。”", True),
        ("“幸福不动产”", False),
        ("出席活动。 新渝报见习记者 熊敏秀", True),
        ("发挥低成本宣传作用。 (大足智凤街道 唐杰)", True),
        ("第1.", False),
        ("推动绿色发展，", False),
    ],
)
def test_ends_final(text: str, final: bool) -> None:
    assert line_features(Block(text)).ends_final is final


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("重庆 ab") == 7
    assert display_width("\u200b") == 0


def test_relative_width_uses_the_page_body() -> None:
    f = line_features(Block("一二三四五"), PageContext(body_width=20))
    assert f.relative_width == 0.5


def test_page_context_finds_wrap_width_only_on_wrapped_pages() -> None:
    text = "近年来重庆坚决扛起在推进长江经济带绿色发展中发挥示范作用的重大使命协同推进" * 3 + "。"
    wrapped = [Block(text[i : i + 20]) for i in range(0, len(text), 20)]
    assert page_context(wrapped).wrap_width == 40
    ragged = blocks_from_text(cleantext.normalize_whitespace(read_seed("000")))
    assert page_context(ragged).wrap_width == 0
    assert page_context(ragged).body_width > 100
    assert page_context(ragged).wrap_chars == 0


def test_page_context_finds_a_cut_every_n_characters() -> None:
    # Cut every 14 characters after column spaces were put in: the display widths differ
    # (a space, a quote or a digit is narrow), the lengths do not.
    text = "近年来重庆坚决 扛起在推进“长江经济带”绿色发展中 发挥示范作用的重大使命，协同推进2025年 的" * 3 + "工作。"
    cut = [Block(text[i : i + 14]) for i in range(0, len(text), 14)]
    assert page_context(cut).wrap_chars == 14
    assert cleantext.rejoin_wrapped_lines("\n".join(b.text for b in cut)) == text
    # Lines of every length: no such width.
    assert page_context([Block(text[:n]) for n in range(20, 40)]).wrap_chars == 0


ROLES = {
    "000": [
        ("王彩艳 杨毅", Role.BYLINE),
        ("本栏图片由记者苏思摄", Role.CREDIT),
        ("重庆日报记者 何春阳 王亚同 周允", Role.BYLINE),
    ],
    "001": [
        ("华龙网记者 伊永军", Role.BYLINE),
        ("重庆日报记者 罗斌 摄", Role.CREDIT),
        ("制造业高质量绿色发展 行动计划来了", Role.TITLE),
    ],
    "003": [
        ("本报记者 陈维灯", Role.BYLINE),
        ("——新起点有新使命", Role.SUBTITLE),
        ("抓发展", Role.HEADING),
    ],
    "004": [
        ("特约摄影 王正坤/视觉重庆", Role.CREDIT),
        ("本版稿件由本报首席记者陈维灯采写", Role.CREDIT),
        ("核心提示", Role.HEADING),
    ],
}


@pytest.mark.parametrize(
    ("prefix", "text", "expected"), [(p, t, r) for p, rs in ROLES.items() for t, r in rs]
)
def test_roles_on_seed_pages(prefix: str, text: str, expected: Role) -> None:
    blocks = cleantext.Cleaner().run(read_seed(prefix)).blocks
    fresh = assign_roles([dataclasses.replace(b, role=Role.UNKNOWN) for b in blocks])
    (found,) = [b for b in fresh if b.text == text]
    assert found.role is expected


def test_assign_roles_keeps_a_role_set_earlier() -> None:
    blocks = [Block("大王共才 智利未来", role=Role.NOISE), Block("今天，天晴。")]
    assert [b.role for b in assign_roles(blocks)] == [Role.NOISE, Role.PARAGRAPH]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_property_every_line_gets_a_role(text: str) -> None:
    blocks = assign_roles(blocks_from_text(text))
    assert all(b.role is not Role.UNKNOWN for b in blocks)


@pytest.mark.parametrize("text", ["本報記者 陳維燈", "記者 黃春陽 劉允", "（記者 張小強）"])
def test_traditional_bylines_are_bylines(text: str) -> None:
    """Hong Kong and Taiwan papers print the same bylines in Traditional characters."""
    assert line_features(Block(text)).byline


@pytest.mark.parametrize(
    ("text", "expected"),
    [("（金城）", True), ("文／王琪", True), ("陳家豪", True), ("本报记者 张三", True),
     ("核心提示", False), ("编者按", False), ("相关新闻", False), ("王", False), ("", False)],
)
def test_a_line_names_a_person_only_with_a_surname(text: str, expected: bool) -> None:
    assert may_name_a_person(text) is expected
