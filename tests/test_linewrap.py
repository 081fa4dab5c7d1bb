"""Line joining, layout markers and noise lines: seed snippets and generated pages."""

from __future__ import annotations

import dataclasses
import itertools
import re
import textwrap

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Role, linewrap
from cleantext.blocks import ARTICLE_START, apply_ops, blocks_from_text
from cleantext.dedup import remove_repeated_fragments
from cleantext.linewrap import (
    continues_across,
    flag_noise_lines,
    mark_article_breaks,
    rejoin_wrapped_lines,
    strip_layout_markers,
)
from cleantext.roles import PageContext, is_broken_line, text_features

from .conftest import read_seed

STEP = "rejoin_wrapped_lines"


# Other steps (punctuation, spacing) change the seeds' ASCII `,` `"` and column spaces; the
# snippets below are compared in a form those steps do not change.
_CANON = str.maketrans(
    {
        ",": "，",
        "“": '"',
        "”": '"',
        ":": "：",
        ";": "；",
        "?": "？",
        "!": "！",
        "(": "（",
        ")": "）",
    }
)


def canon(text: str) -> str:
    # Spaces go (column spaces), line breaks stay: they are what is tested.
    return re.sub(r"[ \t\u3000]+", "", text.translate(_CANON))


def lines_of(prefix: str) -> list[str]:
    return [canon(line) for line in cleantext.clean(read_seed(prefix)).split("\n")]


# --- seeds: sentences broken mid-line are whole again --------------------------------------

REJOINED = {
    "000": [
        "南川区将以党的二十大精神为指引，深学笃用",
        "和好朋友一起创办了重庆德虹文化传媒有限公司",
        "正是重庆人社部门解读高校毕业生创业担保贷款政策",
        "为此，很多大学生就在这些焦虑中",
        "“请来的导师都是大咖，比如《流浪地球》",
        "全面取消创业担保贷款户籍限制",
        "台区经理可随时随地手机录入",
        "家住阳光世纪城小区的张先生",
        "大大缓解了台区经理压力",
        "接入园区内186家规上企业日用电量",
        "坚持优化空间和产业布局并行、调优产业",
    ],
    "001": [
        "根据组委会统一制定的评分标准和项目代表路演",
        '针对高中学校"八省联考"',
        "从而为提升全区高考质量发挥了重要作用",
    ],
    "003": [
        "马上消费力争科技投入突破50亿元",
        "重点聚焦推动制造业高端化",
        "深入推进乡村建设与乡村治理融合试点",
        "真正让人气聚起来",
        "一个时期的首要政治任务",
        "建造水草生态浮岛",
        "雕塑艺术、工艺美术的学术中心、研学中心",
        "建成区面积20平方公里的国家级高新区",
    ],
    "004": [
        "重庆将统筹推进能源、工业、交通运输等6个重点领域",
        "共同建设环境应急物资储备基地,持续提升区域环境应急处置能力",
        "联合排查、核查流域内生活、工业、农业等污染问题",
    ],
}


@pytest.mark.parametrize(
    ("prefix", "snippet"), [(p, s) for p, snippets in REJOINED.items() for s in snippets]
)
def test_seed_sentence_is_rejoined(prefix: str, snippet: str) -> None:
    assert canon(snippet) in canon(cleantext.clean(read_seed(prefix)))


# Lines that must stay on their own line: titles, headings, bylines, credits, captions.
ALONE = {
    "000": [
        "王彩艳 杨毅",
        "本栏图片由记者苏思摄",
        "重庆日报记者 何春阳 王亚同 周允",
        "数智服务 建立诉求回应新样板",
        "数智双碳 拓展能耗管控新路径",
        "一本解他燃眉之急的手册",
        "一场有人脉、有补贴的培训",
        "大学生创业逐梦行",
        "坚定不移走好创新驱动绿色发展之路",
        "主持人：",
        "钟慧",
    ],
    "001": [
        "制造业高质量绿色发展 行动计划来了",
        "华龙网记者 伊永军",
        "推动现有产业全面绿色转型",
        '"川渝聚力 创汇大足"创业创新大赛落幕',
        "16个创业创新项目脱颖而出",
        "重庆日报记者 罗斌 摄",
        "为教育优质均衡发展作出新贡献 ——记大足区教师进修学校党总支书记、校长袁位",
        "新闻快递",
    ],
    "003": [
        "只争朝夕 奋力书写中国式现代化的重庆篇章",
        "抓发展",
        "——新起点有新使命",
        "本报记者 陈维灯",
        "排查出典型农村黑臭水体160条",
        "大足打造艺术家小镇",
    ],
    "004": [
        "新时代 新征程 新重庆",
        "核心提示",
        "特约摄影 王正坤/视觉重庆",
        "市发改委",
        "积极稳妥推进碳达峰碳中和",
        "本版稿件由本报首席记者陈维灯采写",
    ],
}


@pytest.mark.parametrize(("prefix", "line"), [(p, s) for p, lines in ALONE.items() for s in lines])
def test_seed_layout_line_stays_alone(prefix: str, line: str) -> None:
    assert canon(line) in lines_of(prefix)


def test_seed_joins_are_traced_with_a_reason() -> None:
    _, changes = cleantext.clean_and_explain(read_seed("000"))
    joins = [c for c in changes if c.step == STEP]
    assert len(joins) >= 9
    assert all(c.before == "\n" and c.after == "" and c.reason for c in joins)


# --- rules, one by one ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese: no space; Latin words: one space; a number broken at the wrap: none.
        # A cut inside a phrase: the line stops on a character that never ends a clause
        # (`这个`), or the next starts on one that never starts one (`我们`).
        (
            "他说，这是一个很好的发展机会，我们要抓住这\n个机会，推动绿色发展。",
            "他说，这是一个很好的发展机会，我们要抓住这个机会，推动绿色发展。",
        ),
        (
            "他说，这是一个很好的发展机会，我\n们要抓住机会，推动绿色发展。",
            "他说，这是一个很好的发展机会，我们要抓住机会，推动绿色发展。",
        ),
        ("Both teams agreed on the new rules, and\nthe match went on.", None),
        (
            "重庆推进治水、治气、治土、治废、治塑\n、治山、治岸。",
            "重庆推进治水、治气、治土、治废、治塑、治山、治岸。",
        ),
        ("让潘虹宇更意外的是，他还见到了自己的偶像。“请来的导师都\n是大咖！”潘虹宇说。", None),
        (
            "今年，长寿区能源大数据中心接入园区内186家\n规上企业日用电量、重点企业的用水数据，汇集起来。",
            None,
        ),
    ],
)
def test_rejoin_examples(text: str, expected: str | None) -> None:
    out = rejoin_wrapped_lines(text)
    assert "\n" not in out
    if expected is not None:
        assert out == expected


@pytest.mark.parametrize(
    "text",
    [
        # No sign of a cut: a heading with a comma over a paragraph, as clean text prints it.
        "城市里的许多老街巷，正在悄悄地改变模样\n他说，这是一个很好的发展机会。",
        # A paragraph closed by a note after its last sentence, and a line of references.
        "他说，这是一个很好的发展机会。（图为发布会现场）\n推动绿色发展，是重点。",
        "他说，这是一个很好的发展机会。[21]\n推动绿色发展，是重点。",
        "Example University Press, 2010.\n他说，这是一个很好的发展机会。",
        # A URL cut by the page, a photo credit after a caption, a question in a title, a
        # heading ending with a dash, a credit line with a semicolon.
        "https://www.example.com/news/2021/05/the-long-road\nhttps://www.example.org/reviews",
        "市民在广场上聚集，纪念建城一百周年，场面热闹非凡，人们载歌载舞。美聯社\n新的一天开始了，街上人来人往。",
        "城市绿化怎么做？先种树\n在北大与新华社共建新闻学院的消息传出后，人们议论纷纷。",
        "会议的主要看法——\n与会者认为，城市更新要先听居民的意见。",
        "撰稿丨张三；翻译丨李四\n今天，我们迎来了一百五十周年纪念日。",
        # A headline's figure, and an ellipsis standing after a finished sentence.
        "前十个月全市快递业务量同比增长17%\n市邮政管理局的数据显示，快递业务量持续增长。",
        "工人投诉工资被克扣，说好的日薪三百元只拿到150\n记者走访发现，这家工厂已经停工多日。",
        "他停下来想了很久，还是没有说话。\n……",
        "今年全市新增社区食堂128家\n记者今天从市民政局了解到，各区都在加快建设。",
        "市民在广场上聚集，纪念建城一百周年，场面热闹非凡，人们载歌载舞。圖片：美聯社\n新的一天开始了，街上人来人往。",
        # A closing quote typed as an opening one, a dash introducing a list, a paragraph a
        # careless source ended without a final mark.
        "今天天气很好。\n他在会上说，“我们一定会做好这件事。“\n第二天，大家都来了，会场里坐满了人。",
        "今天天气很好。\n所谓“公平“原则，各方理解并不相同\n第二天，大家都来了，会场里坐满了人。",
        "他举了几个例子，说明问题有多严重——\n第一，学校要加强管理，家长要多沟通。",
        "昨天下午，城东一处工地发生事故，已造成三人受伤，伤者已送医。现场情况仍有待进一步核实\n"
        "另据消息，警方已经介入调查。",
    ],
)
def test_clean_lines_are_not_joined(text: str) -> None:
    assert rejoin_wrapped_lines(text) == text


def test_a_title_shaped_first_line_is_not_read_as_cut() -> None:
    # The page shows long lines cut mid-sentence (evidence for the weak reading elsewhere),
    # but the document's first line, narrower than the next and without `。`, is its title.
    cut = "他说，这是一个很好的发展机会，各区县都要抓住机遇，推进生态优先绿色发展的新高地和"
    page = (
        "城市里的许多老街巷，正在悄悄地改变模样\n"
        "今年以来，全市启动了老旧小区改造，许多居民搬进了新家，生活更加方便了。\n"
        f"{cut}\n示范区建设。"
    )
    page = f"{page}\n{cut}\n示范区建设。"
    title, lead, _ = page.split("\n", 2)
    joined = f"{cut}示范区建设。"
    assert rejoin_wrapped_lines(page) == f"{title}\n{lead}\n{joined}\n{joined}"


def test_latin_words_keep_one_space() -> None:
    text = "Both teams agreed on the new rules, and\nthe match went on."
    assert (
        rejoin_wrapped_lines(text) == "Both teams agreed on the new rules, and the match went on."
    )


@pytest.mark.parametrize(
    "text",
    [
        "推动绿色发展，促进人与自然和谐共生\n本报记者 陈维灯",
        "推动绿色发展，促进人与自然和谐共生\n坚定不移走好创新驱动绿色发展之路",
        "近年来，南川区坚持生态优先，交出了一份答卷\n图为航拍重庆中心城区。",
        "近年来，南川区坚持生态优先，交出了一份答卷\n（下转2版）",
        "近年来，南川区坚持生态优先，交出了一份答卷\n一、推动生态优先，走好绿色发展之路。",
        "近年来，南川区坚持生态优先，交出了一份答卷\n2023年1月5日 星期四",
        "主持人：\n重庆日报记者 何春阳 王亚同 周允",
        "数智双碳 拓展能耗管控新路径\n“我们打造了经开区能源碳排放管理模块，实现实时监控。”",
        "排查出典型农村黑臭水体160条\n“农村黑臭水体是指颜色明显异常的水体，”他介绍。",
        "南川区坚持生态优先、绿色发展，交出了绿色答卷。\n下一步，南川区将继续推进。",
        "本报讯（记者 陈钧）12月23日，签约暨入驻活动在两江软件园举行\n本报讯（记者 何春阳）12月22日，宣讲报告会举行。",
    ],
)
def test_layout_lines_are_not_joined(text: str) -> None:
    assert rejoin_wrapped_lines(text) == text


def test_hard_wrapped_text_is_rejoined_at_its_width() -> None:
    english = (
        "The quick brown fox jumps over the lazy dog and then it runs far away into the "
        "forest where nobody can see it anymore at all."
    )
    assert rejoin_wrapped_lines(textwrap.fill(english, 30)) == english
    chinese = (
        "近年来重庆坚决扛起在推进长江经济带绿色发展中发挥示范作用的重大使命协同推进治水" * 2 + "。"
    )
    wrapped = "\n".join(chinese[i : i + 16] for i in range(0, len(chinese), 16))
    assert rejoin_wrapped_lines(wrapped) == chinese


def test_a_cut_every_n_characters_joins_only_lines_of_that_length() -> None:
    page = PageContext(wrap_chars=13)
    # A full line (or one short: a space removed beside punctuation) goes on.
    for prev in ("要用“一支 强大的军队”来", "要用“一支强大的军队”来"):
        assert linewrap.join_reason(text_features(prev), text_features("扼住新媒体，的生长土壤。"), page)
    # A title longer or shorter than the cut stands on its own line.
    for title in ("网络战争当国家暴力叩门而至了", "网络战争当国家暴力"):
        assert linewrap.join_reason(text_features(title), text_features("扼住新媒体，的生长土壤。"), page) is None
    # Already joined lines: the line of the source they end with has the length.
    joined = text_features("网络战争当国家暴力叩门而至要用“一支 强大的军队”来")
    nxt = text_features("扼住新媒体，的生长土壤。")
    assert linewrap.join_reason(joined, nxt, page, last_line="要用“一支 强大的军队”来")


# --- generated pages ---------------------------------------------------------------------

# Characters of running text; none of them can start a numbering, a byline, a caption …
_HAN = "重庆市委全会发展绿色产业推进建设城乡生态环境保护企业项目经济科技创新服务工作群众"
clause = st.text(st.sampled_from(_HAN), min_size=3, max_size=9)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    clauses = draw(st.lists(clause, min_size=4, max_size=12))
    marks = draw(
        st.lists(st.sampled_from("，，，、；"), min_size=len(clauses), max_size=len(clauses))
    )
    body = "".join(c + m for c, m in zip(clauses[:-1], marks, strict=False))
    return body + clauses[-1] + draw(st.sampled_from("。！？"))


@st.composite
def broken_paragraph(draw: st.DrawFn) -> tuple[str, list[str]]:
    text = draw(paragraph())
    # Break points at least 24 characters apart and never right after final punctuation:
    # a break after `。` is a paragraph break as far as anyone can tell.
    cuts = [0]
    for pos in sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=6))):
        # Not within a few characters after a sentence end: `…；业` / `业业…` reads as an
        # echoed cut, which rejoin_wrapped_lines rightly leaves apart.
        if pos - cuts[-1] >= 24 and len(text) - pos >= 24 and not any(
            c in "。！？；" for c in text[max(0, pos - 8) : pos]
        ):
            cuts.append(pos)
    cuts.append(len(text))
    return text, [text[a:b] for a, b in itertools.pairwise(cuts)]


@settings(max_examples=300, deadline=None)
@given(broken_paragraph())
def test_property_broken_paragraph_is_rejoined(case: tuple[str, list[str]]) -> None:
    """A paragraph cut into two long lines or more is joined whole; cut once, it may stay apart.

    One line that stops mid-sentence, on a page with no other long one, reads like a heading
    over a paragraph (clean text has many); two or more show the page lost line ends.
    """
    text, lines = case
    out = rejoin_wrapped_lines("\n".join(lines))
    assert out.replace("\n", "") == text
    if sum(is_broken_line(text_features(line)) for line in lines[:-1]) >= 2:
        assert out == text


def test_single_cut_joins_only_with_evidence() -> None:
    """A lone line cut without a sign of the cut stays (precision); a second cut joins both."""
    one = "他说，这是一个很好的发展机会，我们要坚持问题导向，挂图作战，推动经济发展和生态建设\n加快建设，推动绿色发展。"
    assert rejoin_wrapped_lines(one) == one
    two = one.replace("推动绿色发展", "我们要坚持问题导向，挂图作战，打造长江上游重要的绿色发展和生态环境保护的\n新高地，推动发展")
    assert "\n" not in rejoin_wrapped_lines(two)


title = st.text(st.sampled_from(_HAN), min_size=4, max_size=16)
name = st.tuples(
    st.sampled_from("王李张刘陈杨黄周"),
    st.text(st.sampled_from("中平春阳允彩艳毅"), min_size=1, max_size=2),
).map("".join)
byline = st.tuples(
    st.sampled_from(["本报记者", "记者", "通讯员", "重庆日报记者"]),
    st.lists(name, min_size=1, max_size=3),
).map(lambda t: t[0] + " " + " ".join(t[1]))


@st.composite
def page(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Lines of a page, and the title/byline lines among them."""
    lines: list[str] = []
    furniture: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        t = draw(title)
        b = draw(byline)
        lines += [t, b]
        furniture += [t, b]
        for _ in range(draw(st.integers(1, 3))):
            _, pieces = draw(broken_paragraph())
            if draw(st.booleans()):  # a paragraph cut short before the next title
                pieces[-1] = pieces[-1][:-1]
            lines += pieces
    return lines, furniture


@settings(max_examples=200, deadline=None)
@given(page())
def test_property_titles_and_bylines_stay_on_their_own_lines(
    case: tuple[list[str], list[str]],
) -> None:
    lines, furniture = case
    out = rejoin_wrapped_lines("\n".join(lines)).split("\n")
    for line in furniture:
        assert line in out


@settings(max_examples=150, deadline=None)
@given(page())
def test_property_clean_is_idempotent_on_generated_pages(case: tuple[list[str], list[str]]) -> None:
    text = "\n\n".join(case[0])
    once = cleantext.clean(text)
    assert cleantext.clean(once) == once


# --- layout markers --------------------------------------------------------------------------


def test_markers_go_to_level_and_hints() -> None:
    blocks = blocks_from_text(
        "### 推动绿色发展\n□ 本报记者 陈维灯\n> 引用的话\n**重点任务** 已完成\n● 第一项"
    )
    ops = strip_layout_markers.ops(blocks)
    new, edits = apply_ops(blocks, ops)
    assert [b.text for b in new] == [
        "推动绿色发展",
        "本报记者 陈维灯",
        "引用的话",
        "重点任务 已完成",
        "第一项",
    ]
    assert new[0].level == 3
    assert "bullet" in new[1].hints
    assert "quote" in new[2].hints
    assert "bold" in new[3].hints
    assert "bullet" in new[4].hints
    assert {e.reason for e in edits} == {"layout marker"}


@pytest.mark.parametrize(
    "text", ["#1 号线", "C# 语言", "#话题#讨论", "□□□的字迹", "#", "**", "价格*2**3"]
)
def test_content_markers_stay(text: str) -> None:
    assert strip_layout_markers(text) == text


def test_markers_in_trace_of_seed() -> None:
    out, changes = cleantext.clean_and_explain(read_seed("001"))
    markers = [c for c in changes if c.step == "strip_layout_markers"]
    assert markers and all(c.reason == "layout marker" for c in markers)
    assert {c.before.strip() for c in markers} <= {"#", "##", "###", "####", "□", "**"}
    assert "#" not in out.replace("C#", "")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("#*>□●■ 重庆a1\n")), max_size=40))
@example("**■1**")  # taking the bold marks uncovered a bullet, taken only by a second run
def test_property_strip_markers_is_idempotent(text: str) -> None:
    once = strip_layout_markers(text)
    assert strip_layout_markers(once) == once


# --- noise ------------------------------------------------------------------------------------


def test_seed_noise_line_is_flagged_not_deleted() -> None:
    result = cleantext.Cleaner().run(read_seed("001"))
    noisy = [b for b in result.blocks if "noise" in b.hints]
    assert [b.text for b in noisy] == ["大王共才 智利未来"]
    assert noisy[0].role is Role.NOISE
    assert "大王共才 智利未来" in result.text


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_no_noise_on_clean_seed_pages(prefix: str) -> None:
    result = cleantext.Cleaner().run(read_seed(prefix))
    assert not [b.text for b in result.blocks if "noise" in b.hints]


def test_reworded_heading_is_not_noise() -> None:
    page = "重庆农村黑臭水体治理见实效\n全市“重庆农村黑臭水体治理取得实效”。\n共商环境管理\n推动生态共建环境共保。"
    assert not flag_noise_lines.ops(blocks_from_text(page))


def test_noise_never_changes_text() -> None:
    text = "大王共才 智利未来\n本报推出《大足英才 智创未来》栏目。"
    assert flag_noise_lines(text) == text


# --- lacunae: text the source lost inside a sentence (issue #4) ------------------------------

SEED_002_LACUNAE = [
    ("美丽重庆建设迈出新步伐", "已是深冬，原本是农闲的季节"),
    ("陆续建成完工，等待", "？原来，桥头镇是石柱县"),
    ("这里的生态致富密码就", "顺镇柏坪村，茂密的树林下"),
    ("创造了在家门口务工", "普惠的民生福祉"),
    ("将各种装配制造误差被控制在最", "而在焊接车间"),
    ("也为地方经济提供了澎湃的", "新能源汽车产业在沙坪坝区兴起"),
    ("同样在“新能源”", "2023年，重庆高新区引进30辆"),
    ("2023年1—10月，全市", "热力有限公司（以下简称长兴热力）"),
    ("又为金融业拓", "银行以当地碳汇收益权"),
    ("提升经济发展的“含绿量”", "2023年12月，重庆市委经济工作会议"),
]


@pytest.mark.parametrize(("before", "after"), SEED_002_LACUNAE)
def test_seed_002_lacuna_pieces_stay_apart(before: str, after: str) -> None:
    out = cleantext.clean(read_seed("002"))
    assert before + "\n\n" + after in out
    assert before + after not in out
    # Read back, the blank line is the same lacuna again: nothing is glued.
    assert before + "\n\n" + after in cleantext.clean(out)


def test_seed_002_lacunae_keep_one_article() -> None:
    out = cleantext.clean(read_seed("002"))
    once = cleantext.split(read_seed("002"))
    again = cleantext.split(out)
    assert len(once) == len(again) == 1
    assert once[0].title == again[0].title == "点绿成金美丽重庆建设迈出新步伐"
    # Every blank line of the output is a lacuna the markup found.
    assert out.count("\n\n") == len(SEED_002_LACUNAE)
    assert {(x.before[-6:], x.after[:6]) for x in again[0].lacunae} <= {
        (x.before[-6:], x.after[:6]) for x in once[0].lacunae
    }


def test_lacuna_hint_stops_a_join_and_leaves_a_blank_line() -> None:
    blocks = blocks_from_text("他说，这是一个很好的发展机会，我们要\n抓住机会，推动绿色发展。")
    blocks[0] = dataclasses.replace(blocks[0], hints=frozenset({"lacuna-after"}))
    new, edits = apply_ops(blocks, rejoin_wrapped_lines.ops(blocks))
    assert [b.text for b in new] == ["他说，这是一个很好的发展机会，我们要", "", "抓住机会，推动绿色发展。"]
    assert new[1].hints == frozenset()  # the blank line carries no hint of its own
    assert [e.reason for e in edits] == ["lacuna: the source lost text inside this sentence"]


def test_lacuna_between_finished_sentences_adds_no_blank_line() -> None:
    blocks = blocks_from_text("他说，这是一个很好的发展机会。\n抓住机会，推动绿色发展。")
    blocks[1] = dataclasses.replace(blocks[1], hints=frozenset({"lacuna-before"}))
    assert not rejoin_wrapped_lines.ops(blocks)


def test_blank_line_inside_a_sentence_is_read_as_a_lacuna_not_an_article() -> None:
    page = (
        "绿色发展迈出新步伐\n本报记者 陈维灯\n近年来，重庆坚决扛起在推进长江经济带绿色发展中发挥示范作用的\n\n"
        "重大使命，协同推进治水、治气、治土。\n\n城市轨道交通新线开通\n新线全长二十公里，设车站十六座。"
    )
    marked = mark_article_breaks(blocks_from_text(page))
    texts = [b.text for b in marked]
    cut = texts.index("重大使命，协同推进治水、治气、治土。")
    assert "lacuna-before" in marked[cut].hints and "lacuna-after" in marked[cut - 2].hints
    assert ARTICLE_START not in marked[cut].hints
    assert ARTICLE_START in marked[texts.index("城市轨道交通新线开通")].hints
    out = cleantext.clean(page)
    assert "示范作用的\n\n重大使命" in out
    assert cleantext.clean(out) == out
    assert [a.title for a in cleantext.split(page)] == ["绿色发展迈出新步伐", "城市轨道交通新线开通"]


def test_double_spaced_page_is_still_rejoined() -> None:
    """Blank lines between all lines are layout: a sentence broken across them is joined."""
    lines = ["推动绿色发展", "本报记者 陈维灯", "他说，这是一个很好的发展机会，我们要抓住这", "个机会，推动绿色发展。"]
    out = cleantext.clean("\n\n".join(lines))
    assert "我们要抓住这个机会" in out


@st.composite
def page_with_lacuna(draw: st.DrawFn) -> tuple[str, str, str]:
    """A page (lines one after the other) with one blank line inside a paragraph."""
    lines, _ = draw(page())
    # Characters the rest of the page does not use: dedup drops a line repeated on the page,
    # which is its business, not this property's.
    own = st.text(st.sampled_from("长江经济带示范作用重大使命协同治水气土废塑山岸践行理念稳妥有序"), min_size=3, max_size=9)
    clauses = draw(st.lists(own, min_size=8, max_size=20))
    text = "，".join(clauses) + "。"
    # Never right after final punctuation (`；`): that is a paragraph break.
    cuts = [i for i in range(12, len(text) - 12) if text[i - 1] not in "。！？；"]
    cut = draw(st.sampled_from(cuts))
    before, after = text[:cut], text[cut:]
    # A piece repeated inside the other is dedup's business (it drops it), not this property's.
    assume(before.rstrip("，、") not in after and after.rstrip("。！？") not in before)
    # So is a fragment repeated back to back (`作作使协，作作使协，`): the output would no
    # longer hold `before` or `after` whole.
    assume(all(remove_repeated_fragments(piece) == piece for piece in (text, before, after)))
    at = draw(st.integers(0, len(lines)))
    return "\n".join([*lines[:at], before + "\n\n" + after, *lines[at:]]), before, after


@settings(max_examples=150, deadline=None)
@given(page_with_lacuna())
def test_property_lacuna_is_never_glued_and_clean_stays_idempotent(
    case: tuple[str, str, str],
) -> None:
    text, before, after = case
    once = cleantext.clean(text)
    assert cleantext.clean(once) == once
    # The two pieces never become one line, and the break is written as a blank line.
    assert all(before + after not in line for line in once.split("\n"))
    if continues_across(before, after):
        assert before + "\n\n" + after in once


# --- false joins on seed 001 (issue #5) ------------------------------------------------------


def test_seed_001_false_joins_are_gone() -> None:
    out = canon(cleantext.clean(read_seed("001")))
    # A line repeating the sentence start that ends the line before it (a layout column).
    assert '重要。"袁\n袁位今年51岁' in out
    assert "袁袁位" not in out
    # A paragraph cut mid-sentence, then one opening a sentence with `本次`.
    assert "双城经\n本次大赛自启动以来" in out


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("教学质量，教师队伍的建设非常重要。”袁\n袁位今年51岁，曾获评重庆市骨干校长。", False),
        ("教学质量，教师队伍的建设非常重要。”他\n说，我们要抓住机会，推动绿色发展。", True),
        ("全力助推成渝地区双城经济圈建设，实现更加充分更高质量就\n本次大赛自启动以来，得到了大力支持。", False),
        ("全力助推成渝地区双城经济圈建设，实现更加充分更高质量就业，\n据了解，本次大赛得到了大力支持。", True),
    ],
)
def test_echo_and_sentence_opener_examples(text: str, joined: bool) -> None:
    assert ("\n" not in rejoin_wrapped_lines(text)) is joined


_OPENERS = ["本次", "与此同时", "据了解", "据悉", "据介绍", "据统计", "据报道"]


@settings(max_examples=200, deadline=None)
@given(paragraph(), paragraph(), st.sampled_from(_OPENERS))
def test_property_line_opening_a_sentence_is_not_glued_to_a_cut_one(
    first: str, second: str, opener: str
) -> None:
    cut = first[:-1]  # ends mid-sentence, on a Han character
    text = cut + "\n" + opener + second
    assert rejoin_wrapped_lines(text) == text
    # Strong evidence still joins: a pause mark says the sentence goes on.
    assert rejoin_wrapped_lines(cut + "，\n" + opener + second) == cut + "，" + opener + second


@settings(max_examples=200, deadline=None)
@given(paragraph(), paragraph(), st.text(st.sampled_from(_HAN), min_size=1, max_size=4))
def test_property_echoed_sentence_start_is_not_glued(first: str, second: str, start: str) -> None:
    text = first + start + "\n" + start + second
    assert rejoin_wrapped_lines(text) == text


_VERSE = [
    "多年来我一直读她的诗，也一直记得其中一首写离别的小诗。",
    "春天来的时候，",
    "河水漫过了石阶，",
    "我们在桥头等你，",
    "直到灯火亮起。",
    "这首诗后来被收进了她的第一本诗集，流传很广。",
]
_LETTER = [
    "亲爱的王先生，",
    "您好！来信收到，万分感谢。",
    "此致",
    "敬礼！",
]


def test_verse_keeps_its_lines() -> None:
    """Short lines that end on clause marks, three or more in a row, are verse: no pause mark
    glues them (the lines of a wrapped paragraph end wherever the column does)."""
    text = "\n".join(_VERSE)
    assert cleantext.clean(text).splitlines() == _VERSE


def test_a_letters_salutation_keeps_its_line() -> None:
    assert [x for x in cleantext.clean("\n".join(_LETTER)).splitlines() if x] == _LETTER


def test_short_wrapped_lines_still_join() -> None:
    """A narrow column cut mid-word is no verse: its lines end on Han, not on clause marks."""
    paragraph = (
        "城市更新行动提速，今年以来全市加快推进老旧小区改造，完成加装电梯三百余部，惠及居民"
        "两万余户。老旧管网改造同步推进，雨污分流工程覆盖主城各区，居民出行更加便利。"
    )
    wrapped = "\n".join(textwrap.wrap(paragraph, 14))
    assert linewrap._verse_lines(wrapped.splitlines()) == frozenset()
    assert cleantext.clean(wrapped) == paragraph


@pytest.mark.parametrize(
    "lines",
    [
        ["他在网上写道：如果有一天我们都不说话了，谁来为你说话呢", "— 王琪（@wangqi）2015年1月4日"],
        ["这次调整主要有三项内容，分别涉及票价、线路和运营时间", "- 起步价不变，长距离乘车优惠"],
    ],
)
def test_a_line_opened_by_a_dash_and_a_space_stands_alone(lines: list[str]) -> None:
    """A quote's attribution or a list item; a sentence cut before a dash has no space."""
    assert cleantext.clean("\n".join(lines)).splitlines() == lines
    assert linewrap.join_reason(text_features(lines[0]), text_features(lines[1]), PageContext()) is None


@pytest.mark.parametrize(
    "lines",
    [
        ["来信收到，所询译名一事已查明原委，草复如上，匆此即致", "敬礼！"],
        ["來信收到，所詢譯名一事已查明原委，草復如上，匆此即致", "敬禮！"],
        ["亲爱的王先生，", "来信收到，万分感谢，值此岁末，谨祝您和家人一切安好。"],
        ["Dear readers,", "I hope this letter has not arrived too late."],
        # (a quote left open above: the note still ends the sentence)
        ["他引述道：“这种情绪与它赖以生存的仁慈冲动早已分离开来。 [10]", "那么它的对立面又是什么，这是他接下来要回答的问题。"],
    ],
)
def test_a_letters_salutation_and_closing_and_a_note_after_a_sentence_end_stand_alone(lines: list[str]) -> None:
    assert linewrap.join_reason(text_features(lines[0]), text_features(lines[1]), PageContext()) is None
