"""Stray spaces: whitespace normalisation, letter-spaced bylines, periodic column spaces."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import collapse_letter_spacing, normalize_whitespace, remove_column_spaces
from cleantext.chardata import load_words

from .conftest import read_seed

# --- seeds --------------------------------------------------------------------------------------

MUST_CONTAIN = {
    "001": [
        "力争到2025年全市智能网联新能源汽车产量达到100万辆",
        "川渝聚力 创汇大足",
        "零部件企业加快向智能网联新能源零部件领域转型",
        "环境污染第三方治理",
        "4K 宽银幕",  # a space beside a Latin word stays
        "到 2025 年",  # spaces around numbers stay
        "《大足英才 智创未来》",  # a space inside a title, off the period
        "出席活动。 新渝报见习记者 熊敏秀",  # the separator before a trailing byline
        "吃得放心。 （大足智凤街道 唐杰）",
        "新渝报讯（记者 余杰 实习生 彭茜）",
    ],
    "000": [
        "重庆日报记者 何春阳 王亚同 周允",
        "数智服务 建立诉求回应新样板",
        "王彩艳 杨毅",
    ],
    "003": [
        "（记者 周允 张莎 罗芸 苏畅 赵迎昭 崔曜 陈维灯 龙",
        "摸清底数统筹谋划 因地制宜分类施策 建立机制长效巩固",
        "两江新区签约落地 一批软件和信息服务项目",
    ],
    "004": ["首席记者 龙帆 实习生 董玉成 摄", "新时代 新征程 新重庆"],
}

MUST_NOT_CONTAIN = {
    "001": ["力 争", "产 量", "零部 件", "推动环保装 备", "而教师 是教育", "脱 颖", "三等 奖"],
    "004": ["首 席", "龙 帆", "董 玉"],
}


@pytest.mark.parametrize("prefix", sorted(MUST_CONTAIN))
def test_seed_keeps_real_separators(prefix: str) -> None:
    out = cleantext.clean(read_seed(prefix))
    for snippet in MUST_CONTAIN[prefix]:
        assert snippet in out, snippet


@pytest.mark.parametrize("prefix", sorted(MUST_NOT_CONTAIN))
def test_seed_loses_stray_spaces(prefix: str) -> None:
    out = cleantext.clean(read_seed(prefix))
    for snippet in MUST_NOT_CONTAIN[prefix]:
        assert snippet not in out, snippet


def test_seed_001_column_spaces_are_traced() -> None:
    _, changes = cleantext.clean_and_explain(read_seed("001"))
    removed = [c for c in changes if c.step == "remove_column_spaces"]
    assert len(removed) >= 50
    assert all(c.before == " " and c.after == "" for c in removed)
    assert all(c.reason.startswith("column space (period ") for c in removed)


# --- normalize_whitespace ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u3000\u3000市委全会召开。", "市委全会召开。"),
        ("全会 ，决定", "全会，决定"),
        ("全会\u3000。", "全会。"),
        ("“ 全会 ”", "“全会”"),
        ("（ 上接1版 ）", "（上接1版）"),
        ("重庆\u00a0\u00a0日报", "重庆 日报"),
        ("重庆\t日报", "重庆 日报"),
        ("重庆   日报", "重庆 日报"),
        ("重庆\u2002日报\u202f记者", "重庆 日报 记者"),
        ("出席活动。 新渝报见习记者 熊敏秀", "出席活动。 新渝报见习记者 熊敏秀"),
        ("A ，B", "A ，B"),  # not between a Chinese character and Chinese punctuation
        ("标题\n \t\u3000\n正文  ", "标题\n正文"),
        ("hello  world", "hello world"),
    ],
)
def test_normalize_whitespace(text: str, expected: str) -> None:
    assert normalize_whitespace(text) == expected


# --- collapse_letter_spacing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("首 席 记 者 龙 帆 实 习 生 董 玉 成 摄", "首席记者 龙帆 实习生 董玉成 摄"),
        ("电(本报资料照片) 首 席 记 者 龙 帆 摄(视觉重庆)", "电(本报资料照片) 首席记者 龙帆 摄(视觉重庆)"),
        ("本 报 记 者 王 亚 同", "本报记者 王亚同"),
        # A stretch of six letters between roles may be two or three names: keep it spaced.
        ("记 者 何 春 阳 王 亚 同", "记者 何 春 阳 王 亚 同"),
        # No role word: a letter-spaced headline keeps its spaces, it cannot be split safely.
        ("新 时 代 新 征 程", "新 时 代 新 征 程"),
        ("新时代 新征程 新重庆", "新时代 新征程 新重庆"),
        ("重庆日报记者 何春阳 王亚同 周允", "重庆日报记者 何春阳 王亚同 周允"),
        ("记 者 王", "记 者 王"),  # fewer than four letters
        ("a b c d 记 者", "a b c d 记 者"),
    ],
)
def test_collapse_letter_spacing(text: str, expected: str) -> None:
    assert collapse_letter_spacing(text) == expected


_ROLE_CHARS = set("".join(load_words("byline_roles")))
_NAME_CHARS = [c for c in "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红鹏辉" if c not in _ROLE_CHARS]
_ROLES = sorted(w for w in load_words("byline_roles") if len(w) > 1 and "/" not in w)
names = st.text(st.sampled_from(_NAME_CHARS), min_size=2, max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ROLES), names), min_size=1, max_size=3), st.booleans())
def test_property_letter_spaced_byline_closes_up(pairs: list[tuple[str, str]], photo: bool) -> None:
    words = [w for pair in pairs for w in pair] + (["摄"] if photo else [])
    closed = " ".join(words)
    spaced = " ".join("".join(words))
    assume(len(spaced) >= 7)
    assert collapse_letter_spacing(spaced) == closed


# --- remove_column_spaces --------------------------------------------------------------------

_HAN = [c for c in "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现加量都两体机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情最立代想已并提直题党展五果料象革位入常总次品式活及管特件长求老头基资边流路级少山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却状育厂京识适属圆包火住调满县局照参红细引听该铁价严" if c not in _ROLE_CHARS]
clauses = st.lists(st.sampled_from(_HAN), min_size=3, max_size=14).map("".join)


def _paragraph(parts: list[str]) -> str:
    return "，".join(parts) + "。"


def _insert_column_spaces(text: str, width: int, indent: int, jitter: list[int]) -> str:
    """Split ``text`` (all wide characters) into column lines of ``width`` characters joined by
    spaces, the first line ``indent`` characters short, widths varied by ``jitter``."""
    pieces = []
    pos = 0
    first = width - indent
    k = 0
    while len(text) - pos > first:
        size = first + jitter[k % len(jitter)] if k else first
        size = max(size, min(first, 8))
        pieces.append(text[pos : pos + size])
        pos += size
        first = width
        k += 1
    pieces.append(text[pos:])
    return " ".join(pieces)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(clauses, min_size=4, max_size=30),
    st.integers(8, 30),
    st.sampled_from([0, 1, 2]),
    st.lists(st.sampled_from([-1, 0, 0, 0, 1]), min_size=1, max_size=6),
)
def test_property_periodic_spaces_are_removed(
    parts: list[str], width: int, indent: int, jitter: list[int]
) -> None:
    """Spaces every 8–30 characters (16–60 display columns) go, with ±1 character jitter."""
    text = _paragraph(parts)
    spaced = _insert_column_spaces(text, width, indent, jitter)
    # Three column spaces at least (a lone paragraph has no neighbour to borrow a period
    # from), and a last column line of three characters or more: a one- or two-character
    # word beside a space may be a name, and the space stays.
    assume(spaced.count(" ") >= 3 and len(spaced.rsplit(" ", 1)[-1]) >= 3)
    assert remove_column_spaces(spaced) == text


@settings(max_examples=300, deadline=None)
@given(st.lists(clauses, min_size=2, max_size=8), st.integers(8, 30), st.data())
def test_property_neighbour_period_is_shared(
    parts: list[str], width: int, data: st.DataObject
) -> None:
    """A paragraph with only two column spaces borrows the period of the one before it."""
    strong_text = _paragraph(parts * 4)
    strong = _insert_column_spaces(strong_text, width, 0, [0])
    assume(strong.count(" ") >= 3 and len(strong.rsplit(" ", 1)[-1]) >= 3)
    # Three column lines, the last of three characters or more: two column spaces.
    size = data.draw(st.integers(2 * width + 3, 3 * width))
    body = "，".join(data.draw(st.lists(clauses, min_size=2, max_size=4)))
    weak_text = (body * (size // len(body) + 1))[: size - 1] + "。"
    weak = _insert_column_spaces(weak_text, width, 0, [0])
    assert remove_column_spaces(f"{strong}\n{weak}") == f"{strong_text}\n{weak_text}"


@pytest.mark.parametrize(
    "text",
    [
        "川渝聚力 创汇大足",
        "新时代 新征程 新重庆",
        "重庆日报记者 何春阳 王亚同 周允",
        "(记者 周允 张莎 罗芸 苏畅 赵迎昭 崔曜 陈维灯 龙舟梅 张亦筑 杨永芹 周松 黄颖)",
        "## 摸清底数统筹谋划 因地制宜分类施策 建立机制长效巩固",
        # One space that is not on any period: a paragraph alone has nothing to compare with.
        "大足区政协主席廖文丽等出席活动。 新渝报见习记者 熊敏秀",
    ],
)
def test_real_spaces_stay(text: str) -> None:
    assert remove_column_spaces(text) == text


def test_column_spaces_beside_latin_and_bylines_stay() -> None:
    line = (
        "采访团首站来到大足石刻游客中心,观看4K 宽银幕电影《天下大足》和8K球幕电影《大足石 "
        "刻》两部特种电影,观赏大足石刻群像,了解大足 石刻的开创和历史演进过程;探访大足石刻文物 "
        "医院,参观各种文物\"诊疗\"设备,近距离观摩文物 修复过程。"
    )
    out = remove_column_spaces(line)
    assert "4K 宽银幕" in out
    assert "大足石刻》" in out and "了解大足石刻" in out and "观摩文物修复" in out


# --- properties shared by the three steps -------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("重庆日报记者首席实习生摄龙帆市委全会发展绿色，。、；：？！“”（）《》")
    + list("abc0123 ,.;\"()\t\u3000\u00a0")
)
texts = st.text(_ALPHABET, max_size=300)
STEPS = [normalize_whitespace, collapse_letter_spacing, remove_column_spaces]


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
@settings(max_examples=300, deadline=None)
@given(texts)
def test_property_idempotent_and_only_spaces_change(step: object, text: str) -> None:
    assert callable(step)
    once = step(text)
    assert step(once) == once
    # Only whitespace is ever removed or unified: the other characters are untouched.
    assert [c for c in once if not c.isspace()] == [c for c in text if not c.isspace()]


@settings(max_examples=100, deadline=None)
@given(st.lists(clauses, min_size=4, max_size=30), st.integers(8, 30))
def test_property_column_spaces_idempotent_on_spaced_text(parts: list[str], width: int) -> None:
    spaced = _insert_column_spaces(_paragraph(parts), width, 0, [0])
    once = remove_column_spaces(spaced)
    assert remove_column_spaces(once) == once


def test_letter_spaced_runs_back_to_back_both_collapse() -> None:
    # `者，首` closes one run and opens the next; the step is idempotent only if it sees both.
    text = "首 席 记 者，首 席 记 者"
    assert collapse_letter_spacing(text) == "首席记者，首席记者"


# --- column spaces every N characters (issue 16): self-written examples ------------------------

_PARA = (
    "今年一季度全市外贸进出口总值达到1234亿元，同比增长百分之十二，其中出口增长较快，"
    "进口保持稳定，民营企业进出口占比继续提升，新兴市场成为重要增长点。"
)


def _rewrap(text: str, width: int) -> str:
    return " ".join(text[i : i + width] for i in range(0, len(text), width))


@pytest.mark.parametrize("width", [18])  # a cut falls between digits (1 234)
def test_column_spaces_every_n_characters_removed(width: int) -> None:
    # Cut every N characters (digits included), not by display width: spaces fall inside
    # words and between digits, and the last column line is short.
    wrapped = _rewrap(_PARA, width)
    assert remove_column_spaces(wrapped) == _PARA
    assert all(e.reason.startswith("column space") for e in remove_column_spaces.edits(wrapped))


def test_column_space_between_digits_removed() -> None:
    para = (
        "截至去年年底，全省常住人口达到3842万人，比上年末增加十二万人，城镇化率继续提高，"
        "人口结构不断优化，劳动年龄人口保持稳定。"
    )
    at = para.index("42万")  # the cut falls between 8 and 4
    wrapped = _rewrap(para, at)
    assert " 42万" in wrapped
    assert remove_column_spaces(wrapped) == para


@pytest.mark.parametrize(
    "text",
    [
        # Real spaces around Latin words and numbers set off by spaces stay.
        "苹果公司在 2014 年发布了 iPhone 6 手机，销量达到 1000 万部，远超 Android 阵营预期，分析师认为 Tim Cook 的策略奏效。",
        "他开发了一款名为 Drones+ 的应用，该程序可以把新闻里的无人机袭击推送给用户 ，引起了 Apple 的注意，应用多次被下架。",
    ],
)
def test_spaces_around_latin_and_spaced_numbers_stay(text: str) -> None:
    assert remove_column_spaces(text) == text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(list("党政军民学东西南北中重庆市委全会发展绿色生态环境保护产业经济科技创新")), min_size=60, max_size=160),
    st.integers(12, 24),
    st.data(),
)
def test_property_rewrapped_paragraph_restored(chars: list[str], width: int, data: st.DataObject) -> None:
    """A Han paragraph cut every N characters (three cuts or more) and joined with spaces
    comes back whole; the same paragraph without cuts is left alone."""
    for at in sorted(data.draw(st.sets(st.integers(1, len(chars) - 2), max_size=6)), reverse=True):
        chars.insert(at, "，")
    text = "".join(chars) + "。"
    assume(len(text) >= 4 * width)
    assert remove_column_spaces(text) == text
    assert remove_column_spaces(_rewrap(text, width)) == text


# --- column spaces: holes, real spaces inside a column line, writers' spaces (issue 16) ---------

def test_column_spaces_across_holes_left_by_punctuation() -> None:
    # Cut every 12 characters. The cuts at 36, 48 and 60 fall after a comma, where
    # normalize_whitespace removes the space; the others fall inside words. The link from the
    # space at 24 to the one at 72 spans four column lines, each column end between them a
    # hole: the spaces before and after the holes make one chain.
    words = "全市新建改建城乡公路里程达到一千二百公里"  # 20 characters, no punctuation
    text = (
        words + "农村客运"  # 24: cuts at 12 and 24 inside words
        + "城乡公交一体化率继续提，物流配送网络覆盖到行政，群众出行更加便捷安全舒，"  # 3 x 12
        + "今年还将实施一批农村公路提档升级和安全生命防护工程项目建设计划"  # cuts at 72, 84
        + "并接受社会监督。"
    )
    joined = normalize_whitespace(_rewrap(text, 12))
    assert joined.count(" ") == 5
    assert remove_column_spaces(joined) == text


def test_column_spaces_around_real_spaces_in_a_column_line() -> None:
    # Several real spaces inside one column line (Latin words, a spaced number) neither break
    # the chain of column spaces cut every 17 characters nor make it too small a share of the
    # line's spaces.
    text = (
        "据媒体报道研究人员发现，许多用户通过 VPN 和 SSH 隧道访问境外网站，其中在 2014 年新增"
        "的用户超过三成，而这一比例在随后两年继续上升，监管部门因此多次开展专项整治行动。"
    )
    joined = normalize_whitespace(_rewrap(text, 17))
    assert joined.count(" ") == 11  # six real spaces, five column spaces
    assert remove_column_spaces(joined) == normalize_whitespace(text)


def test_last_short_column_line_inside_a_word() -> None:
    # A paragraph of two column lines and a last one of one character and the full stop: its
    # period comes from the paragraph before; the space inside the word goes.
    strong_text = "全市新建改建城乡公路里程，农村客运班线通达所有乡镇，城乡公交一体化率继续提高。" * 2
    strong = _rewrap(strong_text, 17)
    weak_text = "会议听取了关于全市交通运输发展情况的汇报并研究部署了下一阶段的工作任务。"
    weak = _rewrap(weak_text, 17)
    assert weak.endswith(" 务。")
    assert remove_column_spaces(f"{strong}\n{weak}") == f"{strong_text}\n{weak_text}"


def test_short_word_beside_a_latin_word_is_no_name() -> None:
    # `GFW 通过 单纯`: the column space after the two-character word `通过` goes; the writer's
    # spaces around `GFW` stay.
    text = (
        "这导致防火墙通过对数据的分析就能识别出这些加密流量，而 GFW 通过单纯封杀地址的办法"
        "已经无法完全阻断，于是又开始对协议特征进行深度检测并逐步升级。"
    )
    wrapped = _rewrap(text, 17)
    assert "GFW 通过 单纯" in wrapped
    assert remove_column_spaces(wrapped) == text


@pytest.mark.parametrize(
    "text",
    [
        # List numbers inside a paragraph.
        "警方回覆如下：1. 記者在公眾地方採訪並無違法；2. 記者佩戴口罩採訪並無觸犯任何法例；"
        "3. 前線警員已收到清晰指令，不可要求記者除下口罩；4. 如有查詢可致電警察公共關係科。",
    ],
)
def test_spaces_after_list_numbers_stay(text: str) -> None:
    assert remove_column_spaces(text) == text


def test_lone_paragraph_of_three_column_lines() -> None:
    # No neighbour to borrow a period from: two spaces between Han characters cut the
    # paragraph into two equal parts of 20 characters and a shorter last one.
    text = "（本报特约）现在的科技水平已经使得无孔不入的监视成为可能，与此同时，世界各国政府都在想办法。"
    wrapped = _rewrap(text, 20)
    assert wrapped.count(" ") == 2
    assert remove_column_spaces(wrapped) == text
    # Unequal parts are not column lines: the spaces stay.
    uneven = text[:20] + " " + text[20:39] + " " + text[39:]
    assert remove_column_spaces(uneven) == uneven


def test_long_unpunctuated_line_cut_every_n_characters() -> None:
    # Verse without punctuation quoted as one paragraph, joined from columns of 12 characters:
    # five spaces exactly on the period, five column lines.
    text = (
        "春天的风吹过了山岗和田野吹绿了河边的柳树吹开了村头的桃花孩子们在田埂上奔跑老人们"
        "坐在门前晒着太阳说着往年的收成和明年的打算"
    )
    wrapped = _rewrap(text, 12)
    assert wrapped.count(" ") >= 4
    assert remove_column_spaces(wrapped) == text


@pytest.mark.parametrize(
    "text",
    [
        # Verse set with spaces between its lines (seven characters: no column's period).
        "故人西辞黄鹤楼 烟花三月下扬州 孤帆远影碧空尽 唯见长江天际流 朝辞白帝彩云间 千里江陵一日还",
        # A headline of three equal parts.
        "摸清底数统筹谋划 因地制宜分类施策 建立机制长效巩固",
        # Unpunctuated and cut every N characters, but too few column lines.
        "春天的风吹过了山岗和田 野吹绿了河边的柳树吹开 了村头的桃花",
    ],
)
def test_unpunctuated_lines_keep_their_spaces(text: str) -> None:
    assert remove_column_spaces(text) == text
