"""Repetitions: fragments repeated back to back, repeated paragraphs, near-duplicate reports."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import drop_repeated_paragraphs, remove_repeated_fragments
from cleantext.dedup import _periodic, find_near_duplicates

from .conftest import read_seed

# --- seeds --------------------------------------------------------------------------------------


def test_seed_001_repeated_fragments() -> None:
    out, changes = cleantext.clean_and_explain(read_seed("001"))
    assert "大足区名校长、大足区名校长、大足区名校长" not in out
    # The third copy begins another title: one repetition is removed, not two.
    assert "重庆市骨干校长、大足区名校长、大足区名校长工作室主持人" in out
    assert "大调研大讨论 大调研大讨论" not in out
    assert "大调研大讨论 表为" in out
    removed = [c.before for c in changes if c.step == "remove_repeated_fragments"]
    assert set(removed) == {"大足区名校长、", "大调研大讨论 "} and len(removed) == 2


def test_seed_003_repeated_list_item_and_sentence() -> None:
    out, changes = cleantext.clean_and_explain(read_seed("003"))
    assert "推进智慧公厕等便民利民服务" in out
    assert "智慧公厕、智慧公厕" not in out
    sentence = "要以数字化手段深入推进优化营商环境改革“一号工程”"
    assert out.count(sentence) == 1
    assert "强调，" + sentence in out
    assert "垃圾垃圾" in out  # maybe an error, maybe not: precision first
    steps = [c.step for c in changes if c.step in ("remove_repeated_fragments", "drop_repeated_paragraphs")]
    assert sorted(steps) == ["drop_repeated_paragraphs", "remove_repeated_fragments"]


def test_seed_000_photo_labels_stay() -> None:
    out = cleantext.clean(read_seed("000"))
    for name in ("丁中平", "刘小强", "刘贵忠", "覃昌德"):
        assert f"\n{name}\n" in out
    assert out.count("党的二十大代表、") >= 4


def test_seeds_without_repetitions_are_untouched() -> None:
    for prefix in ("000", "002", "004"):
        _, changes = cleantext.clean_and_explain(read_seed(prefix))
        assert not [
            c for c in changes if c.step in ("remove_repeated_fragments", "drop_repeated_paragraphs")
        ], prefix


# --- remove_repeated_fragments -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进智慧公厕、智慧公厕等便民利民服务。", "推进智慧公厕等便民利民服务。"),
        ("大足区名校长、大足区名校长、大足区名校长、", "大足区名校长、"),
        ("大调研大讨论 大调研大讨论", "大调研大讨论"),
        (
            "要以数字化手段深入推进改革。要以数字化手段深入推进改革。要完善功能配套。",
            "要以数字化手段深入推进改革。要完善功能配套。",
        ),
        ("我们要坚持问题导向挂图作战,我们要坚持问题导向挂图作战,加快建设", "我们要坚持问题导向挂图作战,加快建设"),
    ],
)
def test_repeated_fragment_removed(text: str, expected: str) -> None:
    assert remove_repeated_fragments(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "研究研究，一个个，天天，看看，谢谢，常常，高高兴兴，讨论讨论，干干净净",
        "转龙小河流域垃圾垃圾进行清除",
        "编号1010，1010",
        "发展，发展，再发展",
        "加油，加油，加油！",
        "中国加油 中国加油",
        "王亚同、王亚同",  # two people may share a name
        "新能源汽车、汽车零部件",
        "国家发展改革委、改革委员会",
        "大足区名校长、大足区名校长工作室主持人",
        "重庆日报记者 何春阳 王亚同 周允",
    ],
)
def test_real_repetition_stays(text: str) -> None:
    assert remove_repeated_fragments(text) == text


_HAN = "党政军民学东西南北中重庆市委全会发展绿色生态环境保护产业经济科技创新教育文化卫生体育交通能源城乡建设"
items = st.text(st.sampled_from(_HAN), min_size=2, max_size=8)
REDUPLICATIONS = [
    "研究研究", "讨论讨论", "一个个", "天天", "看看", "谢谢", "常常", "高高兴兴",
    "干干净净", "说说笑笑", "1010", "一步一步", "人人", "家家户户",
]
NAMES = ["何春阳", "王亚同", "周允", "丁中平", "龙帆", "董玉成", "覃昌德", "刘小强"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(items, min_size=2, max_size=8, unique=True),
    st.sampled_from(["、", " ", "，", "。"]),
    st.data(),
)
def test_property_inserted_repetition_is_removed(
    parts: list[str], sep: str, data: st.DataObject
) -> None:
    """A fragment (4+ characters for a list item or space, 8+ for a clause or sentence)
    repeated right after itself at a separator is removed, giving the original back, unless
    it is itself a reduplication (``业业业业``: fewer than three different characters)."""
    original = sep.join(parts) + "。"
    assume(remove_repeated_fragments(original) == original)
    k = data.draw(st.integers(0, len(parts) - 1))
    minimum = 4 if sep in "、 " else 8
    assume(len(parts[k]) >= minimum)
    assume(len(set(parts[k])) >= 3 and not _periodic(parts[k]))
    repeated = sep.join([*parts[: k + 1], *parts[k:]]) + "。"
    assert remove_repeated_fragments(repeated) == original


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(REDUPLICATIONS + NAMES), min_size=1, max_size=12, unique=True),
    st.lists(st.sampled_from(["、", " ", "，", "。", "；"]), min_size=1, max_size=12),
)
def test_property_reduplications_and_names_pass_unchanged(words: list[str], seps: list[str]) -> None:
    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    assert remove_repeated_fragments(text) == text
    assert drop_repeated_paragraphs(text) == text


# --- drop_repeated_paragraphs ------------------------------------------------------------------

PARA = "近年来，云阳县全方位、全地域、全过程加强生态环境保护，绿色低碳发展迈出坚实步伐。"
OTHER = "丁中平介绍，新时代的十年，南川区始终坚持人与自然和谐共生理念。"


def test_exact_repeat_dropped_with_reason() -> None:
    text = f"{PARA}\n{OTHER}\n{PARA}"
    assert drop_repeated_paragraphs(text) == f"{PARA}\n{OTHER}"
    (drop, newline) = drop_repeated_paragraphs.edits(text)
    assert text[drop.start : drop.end] == PARA and drop.reason.startswith("paragraph repeats")
    assert text[newline.start : newline.end] == "\n"


def test_repeat_after_whitespace_normalisation() -> None:
    assert drop_repeated_paragraphs(f"{PARA}\n{PARA.replace('，', '， ')}") == PARA


def test_paragraph_contained_in_neighbour_dropped() -> None:
    head = "近年来，云阳县全方位、全地域、全过程加强生态环境保护，"
    assert drop_repeated_paragraphs(f"{head}\n{PARA}") == PARA


@pytest.mark.parametrize(
    "text",
    [
        "丁中平\n刘小强\n丁中平\n丁中平",  # short labels
        "## 推动现有产业全面绿色转型\n## 推动现有产业全面绿色转型",  # headings: no clause punctuation
        # Far apart: maybe another article.
        f"{PARA}\n{OTHER}\n{OTHER[::-1]}\n{PARA[::-1]}\n{OTHER[1:]}。\n{PARA}",
        "来源：重庆日报\n来源：重庆日报",
        # A pull quote or caption repeating the body's words (no final or pause mark).
        "没有网络严控，就没有极权统治\n他说，没有网络严控，就没有极权统治。这是事实。",
    ],
)
def test_real_repeats_stay(text: str) -> None:
    assert drop_repeated_paragraphs(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list(_HAN + "，。、 \n")), max_size=300))
def test_property_dedup_steps_idempotent(text: str) -> None:
    for step in (remove_repeated_fragments, drop_repeated_paragraphs):
        once = step(text)
        assert step(once) == once


# --- find_near_duplicates ----------------------------------------------------------------------


def test_near_duplicates_reported() -> None:
    pytest.importorskip("datasketch")
    seed = read_seed("004")
    variant = seed.replace("重庆", "重慶", 3)
    other = read_seed("001")
    pairs = find_near_duplicates([seed, other, variant], threshold=0.8)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert 0.8 <= pairs[0][2] <= 1.0


def test_near_duplicates_validates_arguments() -> None:
    pytest.importorskip("datasketch")
    with pytest.raises(ValueError):
        find_near_duplicates(["a"], threshold=0)
    with pytest.raises(ValueError):
        find_near_duplicates(["a"], ngram=0)
    assert find_near_duplicates([]) == []
    assert find_near_duplicates(["", ""], threshold=0.9) == [(0, 1, 1.0)]


def test_repeated_paragraph_window_is_over_kept_paragraphs() -> None:
    # Found by Hypothesis: dropping the first repeat used to shift the window, so the page's
    # own output was cleaned differently the second time.
    p = "业业业，业业业，业业业，业业业。"
    text = "\n".join(["业业业业", "本报记者 王中", p, p, "业业业业", "本报记者 王中", p])
    once = cleantext.clean(text)
    assert cleantext.clean(once) == once
    # A given article break (a blank line in plain input): both articles keep their text.
    two = f"标题一\n{p}\n\n标题二\n{p}"
    assert cleantext.clean(two).count(p) == 2


# --- generalized repetitions (issue 16): self-written examples --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A short clause (6 Han) repeated: the old minimum was 8 characters.
        ("我们走进校园，参观实验中心，参观实验中心，了解科研进展。", "我们走进校园，参观实验中心，了解科研进展。"),
        # A sentence ending in a closing quote, repeated.
        (
            "他说：“今年要办好三件事。”他说：“今年要办好三件事。”会议随后结束。",
            "他说：“今年要办好三件事。”会议随后结束。",
        ),
        # The tail of a column line read again after the column gap.
        ("多年来，公司连续开发了 年来，公司连续开发了新产品。", "多年来，公司连续开发了新产品。"),
        ("港口吞吐量达到三百万标 三百万标箱，创下新高。", "港口吞吐量达到三百万标箱，创下新高。"),
        # Three copies of a clause: two go.
        ("报告指出，报告指出，报告指出，经济稳中向好。", "报告指出，经济稳中向好。"),
        # A date repeated: its digits count (no rhetoric repeats a date).
        ("8月15日，8月15日，阿富汗总统宣布辞职。", "8月15日，阿富汗总统宣布辞职。"),
        # Copies that differ in a column space.
        ("当晚除了有马云和大家分享 创业心得，当晚除了有马云和大家分享创业心得，亦宣布", "当晚除了有马云和大家分享创业心得，亦宣布"),
    ],
)
def test_generalized_repetition_removed(text: str, expected: str) -> None:
    assert remove_repeated_fragments(text) == expected
    # The removal is in the trace, with what was removed.
    edits = remove_repeated_fragments.edits(text)
    assert edits and all(e.replacement == "" and e.reason for e in edits)


@pytest.mark.parametrize(
    "text",
    [
        "他们高喊：“驱散他们！驱散他们！”",  # a call, in a quotation
        "大家一起喊：加油啊！加油啊！",
        "“快点走吧，快点走吧，”他催促道。",  # words in a quotation
        "研究研究，研究研究，再说。",  # a reduplication repeated
        "| 西九 | 西九 | 内地车站 |",  # a table row
        "第九答辩人、第十答辩人、第十一答辩人出庭。",  # an enumeration
        "【城市观察】【城市观察】本期话题",  # a bracketed label
        "一是加强监管，一是完善制度。",
        "100分，100分，还是100分。",  # one Han character
        "OK，OK，没问题。",
    ],
)
def test_generalized_real_repetition_stays(text: str) -> None:
    assert remove_repeated_fragments(text) == text


_UNIQUE = "党政军民学东西南北中重庆市委全会发展绿色生态环境保护产业经济科技创新教育文化卫生体育交通能源城乡"


@settings(max_examples=200, deadline=None)
@given(st.permutations(list(dict.fromkeys(_UNIQUE))), st.integers(4, 16), st.data())
def test_property_column_line_read_again_is_removed(
    chars: list[str], k: int, data: st.DataObject
) -> None:
    """``P + " " + tail(P) + S`` gives ``P + S`` back (all characters different: no overlap)."""
    text = "".join(chars[:30]) + "。"
    c = data.draw(st.integers(k, len(text) - 1))
    damaged = text[:c] + " " + text[c - k : c] + text[c:]
    assert remove_repeated_fragments(damaged) == text
