"""Segmentation: seed pages against the hand-made gold, and properties of split_blocks.

The layout-marker step (`#` to ``Block.level``) is a stub in this branch, so pages with `#`
markers go through ``run_split`` from the benchmark, which moves them into ``Block.level``
itself when the pipeline has not (a no-op once the step works).
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
import math
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcwidth

import cleantext
from cleantext import Article, Cleaner, Config, Role, segment
from cleantext.blocks import Block, blocks_from_text
from cleantext.model import MODEL_VERSION
from cleantext.roles import display_width
from cleantext.segment import split_blocks

from .conftest import ROOT, SEGMENTATION_PROPERTIES, read_seed
from .reference.segment_cohesion import Cohesion as ReferenceCohesion


def _load_benchmark() -> ModuleType:
    path = ROOT / "benchmarks" / "segmentation.py"
    spec = importlib.util.spec_from_file_location("segmentation_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()
GOLD_DIR = ROOT / "tests" / "data" / "segmentation"


@cache
def _split(prefix: str) -> tuple[Article, ...]:
    return tuple(bench.run_split(read_seed(prefix)))


def _articles(prefix: str) -> list[Article]:
    return [a for a in _split(prefix) if a.kind == "article"]


def _norm(text: str | None) -> str:
    return str(bench._norm(text))


def _one(articles: list[Article], needle: str) -> Article:
    (found,) = [a for a in articles if needle in a.text]
    return found


# --- the seed pages against the gold -----------------------------------------------------


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_article_count_and_titles(name: str) -> None:
    page = bench.load_gold(name)
    articles = _articles(name)
    assert len(articles) == len(page.articles)
    score = bench.score_page(page, _split(name))
    assert score.f1() == 1.0
    assert score.titles_ok == score.titles


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_gold_files_are_consistent(name: str) -> None:
    data = json.loads((GOLD_DIR / f"{name}.json").read_text("utf-8"))
    page = bench.load_gold(name)
    seen = [n for a in page.articles for n in a.lines]
    assert len(seen) == len(set(seen)), "a line in two articles"
    for a in page.articles:
        assert a.title_line is None or a.title_line in a.lines
    assert (ROOT / "seeds" / data["seed"]).exists()


def test_plain_page_through_the_public_api() -> None:
    # 000 has no markers: cleantext.split alone must find its three articles.
    titles = [a.title for a in cleantext.split(read_seed("000")) if a.kind == "article"]
    assert titles == [
        "让“生态资本”真正成为人民群众的“幸福资本”",
        "重庆人社：加大“资”持力度 当好帮助大学生创业的“热心人”",
        "国网长寿供电：数智赋能高质量发展",
    ]


def test_displaced_headline_of_000_is_attached_to_its_article() -> None:
    article = _one(_articles("000"), "双龙供电所")
    assert article.title == "国网长寿供电：数智赋能高质量发展"
    assert article.blocks[-1].text == "国网长寿供电：数智赋能高质量发展"
    assert article.blocks[-1].role is Role.TITLE
    assert "钟慧" in article.bylines
    assert "数智服务 建立诉求回应新样板" in article.section_headings


def test_byline_at_the_end_of_000_report_stays_with_it() -> None:
    article = _one(_articles("000"), "潘虹宇")
    assert "王彩艳 杨毅" in article.bylines
    assert article.kicker == "大学生创业逐梦行"
    assert not any("王彩艳" in b for a in _articles("000") if a is not article for b in a.bylines)


def test_portrait_names_of_000_are_captions_not_boundaries() -> None:
    article = _one(_articles("000"), "访谈嘉宾")
    assert {"丁中平", "刘小强", "刘贵忠", "覃昌德"} <= set(article.captions)
    assert "本栏图片由记者苏思摄" in article.bylines


def test_briefs_of_001_are_one_record_each() -> None:
    briefs = [a for a in _articles("001") if a.kicker == "新闻快递"]
    assert len(briefs) == 2
    assert briefs[0].paragraphs[0].startswith("7月13日")
    assert briefs[1].paragraphs[0].startswith("近日")
    assert all(a.title is None for a in briefs)


def test_lead_paragraph_above_a_displaced_headline_in_001() -> None:
    article = _one(_articles("001"), "176个项目报名参赛")
    assert _norm(article.title) == _norm('"川渝聚力 创汇大足"创业创新大赛落幕')
    assert article.dateline is not None and article.dateline.startswith("新渝报讯")


def test_inner_level_two_heading_of_001_does_not_split() -> None:
    article = _one(_articles("001"), "推进绿色设计")
    assert "提升产业链整体绿色发展水平" in article.section_headings
    assert "培育壮大绿色新兴产业" in article.section_headings


def test_jump_line_of_003_is_in_its_article() -> None:
    article = _one(_articles("003"), "上接1版")
    assert any("上接1版" in j for j in article.jump)
    assert "荣昌区" in article.text
    assert article.title is None


def test_package_of_004_stays_one_article() -> None:
    (article,) = _articles("004")
    assert article.title == "加快建设人与自然和谐共生的美丽中国先行区"
    assert "稳步实施川渝两地碳达峰碳中和十项联合行动" in article.section_headings
    assert "本版稿件由本报首席记者陈维灯采写" in article.bylines


def test_photo_caption_of_002_is_in_the_article() -> None:
    (article,) = _articles("002")
    assert article.title == "点绿成金美丽重庆建设迈出新步伐"
    assert any("供图" in c for c in article.captions + article.bylines + article.paragraphs)


def test_to_dict_has_every_field_and_is_json(seed: str) -> None:
    names = {f.name for f in dataclasses.fields(Article)}
    for article in cleantext.split(seed):
        data = article.to_dict()
        assert set(data) == names
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        assert [b["text"] for b in data["blocks"]] == [b.text for b in article.blocks]


def test_every_block_in_exactly_one_record(seed: str) -> None:
    result = Cleaner().run(seed)
    flat = [b for a in result.articles for b in a.blocks]
    assert [(b.text, b.start, b.end) for b in flat] == [
        (b.text, b.start, b.end) for b in result.blocks
    ]


def test_lacunae_come_from_block_hints() -> None:
    blocks = [
        Block("标题在此", 0, 4),
        Block("正文第一段，内容完整。", 5, 16, hints=frozenset({"lacuna-after"})),
        Block("正文第二段，内容完整。", 17, 28),
    ]
    (article,) = split_blocks(blocks)
    (lacuna,) = article.lacunae
    assert lacuna.offset == 16
    assert lacuna.before.endswith("完整。") and lacuna.after.startswith("正文第二段")


def test_date_line_is_the_dateline() -> None:
    page = "城市轨道交通新线开通\n2023年12月25日\n地铁新线今日开通运营，乘客出行更便捷。"
    (article,) = split_blocks(blocks_from_text(page))
    assert article.dateline == "2023年12月25日"
    assert article.title == "城市轨道交通新线开通"
    assert [b.role for b in article.blocks][1] is Role.DATELINE


def test_page_furniture_is_a_page_record() -> None:
    page = "2022年7月15日 星期五\n城市轨道交通新线开通\n本报讯(记者 李四)地铁新线今日开通运营，乘客出行更便捷。\n责任编辑：王五"
    records = split_blocks(blocks_from_text(page))
    assert [r.kind for r in records] == ["page", "article", "page"]
    assert records[1].title == "城市轨道交通新线开通"


# --- properties -----------------------------------------------------------------------------


def _markdown(article: Article) -> str:
    """The article as marked-up text: ``#`` levels and ``□`` bullets put back."""

    def line(b: Block) -> str:
        bullet = "□ " if "bullet" in b.hints else ""
        return ("#" * b.level + " " if b.level else "") + bullet + b.text

    return "\n".join(line(b) for b in article.blocks)


@cache
def _clean_corpus(marked: bool = True) -> tuple[str, ...]:
    """Clean articles: every titled article the seeds split into, title first as `# title`.

    ``marked``: only articles whose inner headings all carry a ``#`` level. In this branch an
    unmarked one may still be half of a hard-wrapped sentence (``该小镇着力打造…的学术``) until
    ``rejoin_wrapped_lines`` joins it, and such a line cannot be told from a heading.
    """
    out = []
    for name in ("000", "001", "003", "004"):
        for a in _articles(name):
            if a.title is None or a.kicker == "新闻快递":
                continue
            if marked and any(b.role is Role.HEADING and not b.level for b in a.blocks):
                continue
            blocks = [b for b in a.blocks if b.text.strip()]
            title = next(b for b in blocks if b.role is Role.TITLE)
            rest = [b for b in blocks if b is not title and b.role is not Role.KICKER]
            blocks = [dataclasses.replace(title, level=1)] + [
                dataclasses.replace(b, level=max(b.level, 2)) if b.role is Role.SUBTITLE else b
                for b in rest
            ]
            out.append(_markdown(dataclasses.replace(a, blocks=tuple(blocks))))
    return tuple(out)


def test_clean_corpus_is_large_enough() -> None:
    assert len(_clean_corpus()) >= 10
    assert len(_clean_corpus(marked=False)) >= 15


def _assert_split_back(originals: list[str]) -> None:
    articles = [a for a in bench.run_split("\n".join(originals)) if a.kind == "article"]
    assert [_markdown(a) for a in articles] == originals


def _check_concatenation(corpus: tuple[str, ...], data: st.DataObject) -> None:
    picks = data.draw(
        st.lists(st.sampled_from(range(len(corpus))), min_size=1, max_size=4, unique=True)
    )
    _assert_split_back([corpus[i] for i in picks])


@SEGMENTATION_PROPERTIES
@given(st.data())
def test_concatenated_clean_articles_split_back(data: st.DataObject) -> None:
    _check_concatenation(_clean_corpus(), data)


@SEGMENTATION_PROPERTIES
@given(st.data())
def test_concatenated_articles_with_unmarked_headings_split_back(data: st.DataObject) -> None:
    _check_concatenation(_clean_corpus(marked=False), data)


def test_titled_article_then_title_and_subtitle_split_back() -> None:
    # Found by the property above: two `#` titles and a `##` subtitle of 16-18 characters were
    # read as the column of a hard-wrapped page, all three headings as cut running text, and
    # the first article lost its title to a split after it.
    def by_title(start: str) -> str:
        (found,) = [a for a in _clean_corpus() if a.startswith(start)]
        return found

    _assert_split_back([by_title("# 川渝两地政协报记者"), by_title("# 大调研大讨论")])


_FIRST = """# 城市轨道交通新线今日开通运营乘客出行
本报讯（记者 李四）12月25日，城市轨道交通新线开通运营，全长二十公里，设车站十六座，\
与多条线路换乘，沿线居民出行更加便捷，通勤时间大幅缩短，市民纷纷前来体验。
新线开通当天客流平稳。
运营单位表示，将根据客流变化及时调整行车间隔，加密高峰时段班次，同时做好站内引导和安全检查，\
保障乘客安全有序出行。"""
_SECOND = """# 各地农民抢抓农时翻地播种忙春耕生产
## 农技人员深入田间地头指导科学种田
连日来，各地农民抢抓农时，翻地播种，田间地头一片繁忙景象，农机手们驾驶拖拉机来回穿梭，\
处处呈现出春耕生产的火热场面。
农技人员深入田间地头，指导农民科学施肥、合理用药，帮助解决生产中遇到的实际困难，\
为全年粮食丰收打下坚实基础。"""


def test_headings_of_one_length_are_not_a_wrap_column() -> None:
    # The same failure on a made-up page: titles of 18 and 17 characters, a subtitle of 16.
    _assert_split_back([_FIRST, _SECOND])
    articles = [a for a in bench.run_split(f"{_FIRST}\n{_SECOND}") if a.kind == "article"]
    assert [(a.title, a.subtitle) for a in articles] == [
        ("城市轨道交通新线今日开通运营乘客出行", None),
        ("各地农民抢抓农时翻地播种忙春耕生产", "农技人员深入田间地头指导科学种田"),
    ]


_SHORT_FIRST = """# 城市轨道交通新线今日开通运营乘客出行
本报讯（记者 李四）12月25日，城市轨道交通新线开通运营，全长二十公里，设车站十六座。
新线开通当天客流平稳有序，市民纷纷体验。
运营单位表示，将根据客流变化调整行车间隔。"""
_SHORT_SECOND = """# 各地农民抢抓农时翻地播种忙春耕生产
## 农技人员深入田间地头指导科学种田
连日来，各地农民抢抓农时，翻地播种，田间地头一片繁忙。
农技人员深入田间，指导农民科学施肥用药。
为全年粮食丰收打下坚实基础，农民信心足。"""


def test_short_paragraphs_of_the_headings_length_are_not_a_wrap_column() -> None:
    # Issue 17: with three short paragraphs of about the headings' length (each a whole
    # sentence), the page was read as hard-wrapped at that column, the `#` titles and the `##`
    # subtitle were demoted as cut running text, and both articles lost their titles.
    _assert_split_back([_SHORT_FIRST, _SHORT_SECOND])
    articles = [
        a for a in bench.run_split(f"{_SHORT_FIRST}\n{_SHORT_SECOND}") if a.kind == "article"
    ]
    assert [(a.title, a.subtitle) for a in articles] == [
        ("城市轨道交通新线今日开通运营乘客出行", None),
        ("各地农民抢抓农时翻地播种忙春耕生产", "农技人员深入田间地头指导科学种田"),
    ]


@cache
def _sentence_corpus() -> tuple[tuple[str, str | None, tuple[str, ...]], ...]:
    """The clean articles as (title, subtitle, sentences): the same text, one sentence a line."""
    out = []
    for text in _clean_corpus():
        lines = text.split("\n")
        title = lines[0].removeprefix("# ")
        subtitle = lines[1].removeprefix("## ") if lines[1].startswith("## ") else None
        body = "".join(line for line in lines[1 + (subtitle is not None) :] if line[:1] != "#")
        sentences = tuple(s + "。" for s in body.split("。") if len(s) >= 4 and s[0] not in "”’）")
        if sentences:
            out.append((title, subtitle, sentences))
    return tuple(out)


@st.composite
def _short_paragraph_article(draw: st.DrawFn) -> str:
    """A titled article (perhaps with a ``##`` subtitle) of a few one-sentence paragraphs."""
    title, subtitle, sentences = draw(st.sampled_from(_sentence_corpus()))
    body = sentences[: draw(st.integers(2, 5))]  # its opening: a lead, not a quotation's end
    head = [f"# {title}"] + ([f"## {subtitle}"] if subtitle and draw(st.booleans()) else [])
    return "\n".join([*head, *body])


@SEGMENTATION_PROPERTIES
# Articles of different sources: one article twice (its opening, then more of it) is a page
# repeating itself, whose second headline reads as displaced below the body above it.
@given(
    st.lists(
        _short_paragraph_article(), min_size=2, max_size=3, unique_by=lambda a: a.split("\n")[0]
    )
)
def test_titled_articles_of_short_paragraphs_keep_their_titles(originals: list[str]) -> None:
    # The class of the bug above: headings beside whole short paragraphs, no wrap column.
    articles = [a for a in bench.run_split("\n".join(originals)) if a.kind == "article"]
    titles = [line[2:] for text in originals for line in text.split("\n") if line[:2] == "# "]
    assert [a.title for a in articles] == titles


def test_hard_wrapped_page_is_still_read_as_wrapped() -> None:
    # The column is shown by the running text cut at it; a marked heading among the lines of
    # about that length does not hide it. The cut lines are running text, not headings.
    body = "".join(_SECOND.split("\n")[2:])
    lines = ["各地农民抢抓农时翻地播种忙春耕生产"] + [
        body[i : i + 20] for i in range(0, len(body), 20)
    ]
    blocks = blocks_from_text("\n".join(lines))
    blocks[0] = dataclasses.replace(blocks[0], level=1)
    assert segment._wrap_width(blocks) == 21
    # Three lines of the column's length, one of them marked: two unmarked lines are no column.
    assert segment._wrap_width([dataclasses.replace(blocks[1], level=2), *blocks[2:4]]) == 0
    (article,) = split_blocks(blocks)
    assert [b.role for b in article.blocks[1:]] == [Role.PARAGRAPH] * (len(lines) - 1)


_LINE = st.text(
    alphabet=st.sampled_from(
        list("重庆记者本报讯摄图为新闻快递（上接1版）#□，。：“” \t王杨毅abc1")
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_every_line_lands_in_exactly_one_block(lines: list[str]) -> None:
    blocks = blocks_from_text("\n".join(lines))
    records = split_blocks(blocks)
    flat = [b for r in records for b in r.blocks]
    assert [(b.text, b.start, b.end) for b in flat] == [(b.text, b.start, b.end) for b in blocks]
    assert split_blocks(blocks) == records  # deterministic
    for r in records:
        assert r.start <= r.end


def test_split_is_deterministic(seed: str) -> None:
    assert cleantext.split(seed) == cleantext.split(seed)


def test_config_defaults_are_the_splitter_defaults() -> None:
    config = cleantext.Config()
    assert config.segment_heading_shift == segment.HEADING_SHIFT
    assert config.segment_headline_shift == segment.HEADLINE_SHIFT
    assert config.segment_paragraph_shift == segment.PARAGRAPH_SHIFT


def test_paragraph_boundaries_can_be_turned_off() -> None:
    text = read_seed("003")
    on = bench.run_split(text)
    off = bench.run_split(text, cleantext.Config(segment_paragraph_shift=0.0))
    assert len(off) <= len(on)


def test_empty_page() -> None:
    assert split_blocks([]) == []
    assert [r.kind for r in split_blocks(blocks_from_text("\n\n"))] == ["page"]


def test_markup_caption_is_an_article_caption() -> None:
    """A caption found by the markup (hint ``caption``) stays a caption, not a photo credit."""
    (article,) = cleantext.split(read_seed("002"))
    assert article.captions == ("重庆三峰环境集团股份有限公司。重庆市生态环境局供图",)
    assert article.title == "点绿成金美丽重庆建设迈出新步伐"
    assert len(article.lacunae) >= 10


def test_noise_line_is_reported_in_its_article() -> None:
    """A line flagged as OCR noise is listed in ``noise`` (kept in the text, never deleted)."""
    articles = cleantext.split(read_seed("001"))
    noise = [n for a in articles for n in a.noise]
    assert noise == ["大王共才 智利未来"]
    assert "大王共才 智利未来" in cleantext.clean(read_seed("001"))


# --- lexical cohesion: the fast computation is the plain one, float for float ---------------


def _plain_cosine(texts: list[str], left: list[int], right: list[int]) -> float:
    """The cohesion as first written, with plain loops: the reference for the fast one."""

    def bigrams(text: str) -> Counter[str]:
        grams: Counter[str] = Counter()
        for run in segment._HAN_RUN.findall(text):
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
        return grams

    grams = [bigrams(t) for t in texts]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
    n = max(len(texts), 1)
    idf = {k: math.log((n + 1) / (v + 0.5)) for k, v in df.items()}

    def vector(lines: list[int]) -> dict[str, float]:
        total: Counter[str] = Counter()
        for i in lines:
            total.update(grams[i])
        return {k: (1 + math.log(v)) * idf[k] for k, v in total.items()}

    a, b = vector(left), vector(right)
    if not a or not b:
        return 1.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 1.0


@cache
def _seed_lines() -> tuple[str, ...]:
    return tuple(
        line for name in ("000", "001", "003", "004") for line in read_seed(name).split("\n")
    )


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_cohesion_is_the_plain_computation_and_the_bound_never_decides_wrong(
    data: st.DataObject,
) -> None:
    pool = _seed_lines()
    start = data.draw(st.integers(0, len(pool) - 1))
    texts = list(pool[start : start + data.draw(st.integers(1, 60))])
    texts += data.draw(st.lists(st.sampled_from(pool), max_size=5))  # repeated lines
    index = st.integers(0, len(texts) - 1)
    left = data.draw(st.lists(index, max_size=12))
    right = data.draw(st.lists(index, max_size=12))
    coh = segment._Cohesion(texts)
    exact = coh.between(left, right)
    assert exact == _plain_cosine(texts, left, right)
    # The core against its reference (the Python original): the same floats.
    ref = ReferenceCohesion(texts)
    assert exact == ref.between(left, right)
    for line in {*left, *right}:
        assert coh.containment(line, right) == ref.containment(line, right)
    # The bound may only skip the cosine when it is sure: at the cosine itself, just above and
    # just below it, and at ordinary limits, `below` answers as the cosine does.
    for limit in (
        exact,
        math.nextafter(exact, math.inf),
        math.nextafter(exact, -math.inf),
        data.draw(st.floats(-0.1, 1.1)),
        0.018,
        0.05,
        0.12,
    ):
        assert coh.below(left, right, limit) == (exact < limit)


def test_cohesion_bound_skips_the_cosine_between_related_paragraphs() -> None:
    # Without this the bound would be correct but useless: it must decide the common case
    # (two stretches of one article, well above the paragraph threshold) on its own.
    # The core's bound is the reference's (the differential test above checks the answers).
    texts = [line for line in read_seed("000").split("\n") if len(line) > 60][:8]
    coh = ReferenceCohesion(texts)
    calls = []
    coh.between = lambda left, right: calls.append(1) or 1.0  # type: ignore[method-assign]
    decided = [coh.below([i, i + 1], [i + 2, i + 3], 0.018) for i in range(0, 4)]
    assert decided == [False] * 4
    assert len(calls) < 4


def test_unified_han_are_two_columns_for_wcwidth() -> None:
    # display_width counts U+4E00..U+9FFF as two columns without asking wcwidth.
    assert {wcwidth(chr(c)) for c in range(0x4E00, 0xA000)} == {2}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(_seed_lines()))
def test_display_width_is_the_sum_of_wcwidth(text: str) -> None:
    assert display_width(text) == sum(max(wcwidth(ch), 0) for ch in text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet="春耕备耕正当时新线开通地铁 ab，。\n", max_size=30),
        min_size=1,
        max_size=12,
    ),
    st.data(),
)
def test_core_cohesion_is_the_reference_on_any_lines(texts: list[str], data: st.DataObject) -> None:
    # Few distinct characters: repeated bigrams (term counts above 1), lines without Han,
    # stretches sharing everything or nothing.
    index = st.integers(0, len(texts) - 1)
    left = data.draw(st.lists(index, max_size=8))
    right = data.draw(st.lists(index, max_size=8))
    limit = data.draw(st.floats(-0.1, 1.1))
    coh, ref = segment._Cohesion(texts), ReferenceCohesion(texts)
    assert coh.between(left, right) == ref.between(left, right)
    assert coh.below(left, right, limit) == ref.below(left, right, limit)
    line = data.draw(index)
    assert coh.containment(line, right) == ref.containment(line, right)


def test_core_cohesion_rejects_a_line_out_of_range() -> None:
    coh = segment._Cohesion(["春耕备耕"])
    with pytest.raises(ValueError, match="no line 3"):
        coh.between([0], [3])


# An attribution below the body and a label above it: the rules read both as short headings;
# the line model reads the attribution as a byline, and only a line naming a person may be one.
_ATTRIBUTED = [
    "城市轨道交通新线开通",
    "地铁新线今日开通运营，乘客出行更便捷。新线全长二十公里，设车站十六座。",
    "新线与多条线路换乘，沿线居民出行时间缩短一半。",
    "（金城）",
    "春耕备耕正当时",
    "连日来，各地农民抢抓农时，翻地播种，田间一片繁忙。",
    "农技人员深入田间地头，指导农民科学施肥、合理用药。",
    "核心提示",
]


def test_a_learned_byline_closes_the_article_above() -> None:
    articles = [a for a in cleantext.split("\n".join(_ATTRIBUTED)) if a.kind == "article"]
    assert [a.title for a in articles] == ["城市轨道交通新线开通", "春耕备耕正当时"]
    assert articles[0].bylines == ("（金城）",)
    assert articles[0].blocks[-1].role is Role.BYLINE
    # A label names nobody: never a byline, whatever the model reads into its shape.
    assert articles[1].bylines == ()


def test_learned_roles_leave_the_text_alone() -> None:
    """Roles from the model change records, not ``clean``'s lines."""
    page = "\n".join(_ATTRIBUTED)
    out = cleantext.clean(page)
    assert [x for x in out.splitlines() if x] == _ATTRIBUTED
    assert out.splitlines()[4] == ""  # the article break falls after the attribution


def _toy_segment_model(path: Path, *, heading_opens: bool = True) -> str:
    """A line model whose segment part opens an article at every heading line, surely (or,
    with ``heading_opens=False``, never opens one anywhere)."""
    empty = {"labels": [], "transitions": [], "weights": {}}
    segment_part = {
        "labels": ["B-title", "I-paragraph"],
        "transitions": [[0.0, 0.0], [0.0, 0.0]],
        "weights": {
            "cue=heading": [[0 if heading_opens else 1, 30.0]],
            "cue=paragraph": [[1, 30.0]],
        },
    }
    obj = {"version": MODEL_VERSION, "join": empty, "segment": segment_part}
    path.write_bytes(gzip.compress(json.dumps(obj).encode()))
    return str(path)


_SUBWAY = [
    "地铁新线今日开通",
    "地铁新线今日开通运营，乘客出行更便捷。新线全长二十公里，设车站十六座，与多条线路换乘。",
    "地铁新线开通后，沿线居民出行时间缩短一半，周边商业也迎来客流。",
    "新线开通带火周边商业",
    "地铁票价调整方案今日公布，起步价不变，长距离乘车将有优惠。",
    "地铁运营方表示，调整后多数乘客的出行成本将有所下降。",
    "春耕备耕正当时",
    "连日来，各地农民抢抓农时，翻地播种，田间一片繁忙景象。",
    "农技人员深入田间地头，指导农民科学施肥、合理用药，保障粮食生产。",
]


def test_a_confident_learned_start_splits_where_the_rules_did_not(tmp_path: Path) -> None:
    page = "\n".join(_SUBWAY)
    titles = [a.title for a in cleantext.split(page) if a.kind == "article"]
    # The rules read the second headline as a section heading of the first article.
    assert "新线开通带火周边商业" not in titles
    config = Config(line_model=_toy_segment_model(tmp_path / "m.json.gz"))
    titles = [a.title for a in cleantext.split(page, config) if a.kind == "article"]
    assert titles == ["地铁新线今日开通", "新线开通带火周边商业", "春耕备耕正当时"]
    # Idempotent: the output's blank lines are read back as the same articles.
    once = cleantext.clean(page, config)
    assert cleantext.clean(once, config) == once


def test_a_learned_start_needs_a_page_the_rules_split(tmp_path: Path) -> None:
    """A page the rules read as one article is written as one, and read so again."""
    page = "\n".join(_SUBWAY[:6])
    config = Config(line_model=_toy_segment_model(tmp_path / "m.json.gz"))
    assert [a.title for a in cleantext.split(page, config) if a.kind == "article"] == [
        "地铁新线今日开通"
    ]


def test_a_rule_start_the_model_doubts_is_dropped(tmp_path: Path) -> None:
    """A heading the rules took for a new headline stays a section heading when the model
    finds no line of its run likely to open an article; the text is untouched."""
    page = "\n".join(_SUBWAY)
    doubting = Config(line_model=_toy_segment_model(tmp_path / "m.json.gz", heading_opens=False))
    assert len([a for a in cleantext.split(page) if a.kind == "article"]) >= 2
    articles = [a for a in cleantext.split(page, doubting) if a.kind == "article"]
    assert len(articles) == 1
    assert "春耕备耕正当时" in articles[0].section_headings
    assert [x for x in cleantext.clean(page, doubting).splitlines() if x] == _SUBWAY
    # With `#` levels (gone from `clean`'s output) the rules' starts stay.
    marked = page.replace("春耕备耕正当时", "# 春耕备耕正当时").replace(
        "地铁新线今日开通\n", "# 地铁新线今日开通\n", 1
    )
    assert len([a for a in cleantext.split(marked, doubting) if a.kind == "article"]) >= 2


def test_a_punctuated_headline_under_a_kicker_is_the_title() -> None:
    """The rules read a headline with a comma as running text and took the kicker above it for
    the title; the line model reads both, and its title wins."""
    page = "\n".join(
        [
            "今日视点",
            "「港人治港，高度自治」不提又提的玄机",
            "近年来，不少城市推进老旧小区改造，加装电梯、改造管网，居民生活品质明显提升。",
            "专家认为，改造前充分听取居民意见，才能让改造真正惠及居民。",
        ]
    )
    (article,) = [a for a in cleantext.split(page) if a.kind == "article"]
    assert (article.kicker, article.title) == ("今日视点", "「港人治港，高度自治」不提又提的玄机")


_LEAD_PAGE = [
    "地铁新线今日开通",
    "本报讯（记者 李四）地铁新线今日开通运营，乘客出行更便捷，全长二十公里，设车站十六座。",
    "地铁新线开通后，沿线居民出行时间缩短一半，周边商业也迎来客流。",
    "春耕备耕正当时",
    "新华社北京3月2日电（记者 王五）连日来，各地农民抢抓农时，翻地播种，田间一片繁忙景象。",
    "农技人员深入田间地头，指导农民科学施肥、合理用药，保障粮食生产。",
    "",
    "城市公园新增健身步道",
    "本报讯（记者 赵六）市区三座公园新增健身步道，全长八公里，沿途设有休息座椅和饮水点。",
    "市民纷纷前来体验，步道开放首日接待游客上万人次。",
]


def test_a_blank_line_between_some_articles_only_keeps_splitting() -> None:
    """A page whose blank lines stand between some of its articles: the blank line is a
    break, and the run above it, which holds two articles, is split too (by the strict
    rules: a headline over its news lead)."""
    articles = [a for a in cleantext.split("\n".join(_LEAD_PAGE)) if a.kind == "article"]
    assert [a.title for a in articles] == [
        "地铁新线今日开通",
        "春耕备耕正当时",
        "城市公园新增健身步道",
    ]
    once = cleantext.clean("\n".join(_LEAD_PAGE))
    assert cleantext.clean(once) == once


def test_an_article_written_apart_is_read_back_whole() -> None:
    """What `clean` writes as one article (a run between blank lines) only the strict rules
    split: a topic shift between two paragraphs cuts a page, never a given article."""
    run = _SUBWAY[:3] + _SUBWAY[6:]
    assert len([a for a in cleantext.split("\n".join(run)) if a.kind == "article"]) == 2
    page = "\n".join([*run, "", *_LEAD_PAGE[7:]])
    articles = [a for a in cleantext.split(page) if a.kind == "article"]
    assert [a.title for a in articles] == ["地铁新线今日开通", "城市公园新增健身步道"]
    assert articles[0].section_headings == ("春耕备耕正当时",)


def test_a_long_headline_over_a_news_lead_opens_its_article() -> None:
    """A headline too long to read as a heading, over an agency's lead (`…网消息：`), opens the
    article; it is not the tail of the article above."""
    title = "十四届全国人大常委会第二十一次会议在京举行审议多项法律草案和全国人大常委会工作报告稿等"
    page = "\n".join(
        [
            *_SUBWAY[6:],
            title,
            "新华网消息（记者 王五）：十四届全国人大常委会第二十一次会议今天下午在北京举行全体会议。",
            "会议听取了关于多项法律草案的说明，与会人员进行了分组审议。",
        ]
    )
    articles = [a for a in cleantext.split(page) if a.kind == "article"]
    assert [a.blocks[0].text for a in articles] == ["春耕备耕正当时", title]


def test_a_long_markup_headline_over_a_dateline_opens_its_article() -> None:
    """A `<h1>` headline too long to read as a heading, over a dateline and a news lead,
    belongs to the article below, not to the end of the one above."""
    title = "国务院常务会议部署进一步做好城市轨道交通建设运营安全工作要求各地压实责任全力保障乘客出行安全和沿线居民生活便利以及城市运行平稳有序"
    page = "\n".join(
        [
            "<h1>春耕备耕正当时</h1>",
            *(f"<p>{t}</p>" for t in _SUBWAY[7:9]),
            f"<h1>{title}</h1>",
            "<p>本报北京3月2日电</p>",
            "<p>新华社北京3月2日电（记者 王五）国务院常务会议今天召开，部署城市轨道交通建设运营安全工作。</p>",
            "<p>会议要求各地压实责任，全力保障乘客出行安全。</p>",
        ]
    )
    articles = [a for a in cleantext.split(page) if a.kind == "article"]
    assert [a.title for a in articles] == ["春耕备耕正当时", title]


@pytest.mark.parametrize("number", ["二、", "（二）", "2. ", "二是"])
def test_a_numbered_heading_is_a_section_of_the_article(number: str) -> None:
    """A numbered heading opens a section, even where the topic shifts (which cuts a page at
    an unnumbered heading: the test above)."""
    page = "\n".join([*_SUBWAY[:3], number + _SUBWAY[6], *_SUBWAY[7:]])
    (article,) = [a for a in cleantext.split(page) if a.kind == "article"]
    assert article.title == "地铁新线今日开通"


def test_a_headline_after_a_jump_line_opens_an_article() -> None:
    """After `（下转第五版）` the article above goes on elsewhere: the headline below it opens
    another article even on the same topic (without the jump line it reads as a section)."""
    page = "\n".join([*_SUBWAY[:3], "（下转第五版）", *_SUBWAY[3:6]])
    titles = [a.title for a in cleantext.split(page) if a.kind == "article"]
    assert titles == ["地铁新线今日开通", "新线开通带火周边商业"]
    page = "\n".join(_SUBWAY[:6])
    assert len([a for a in cleantext.split(page) if a.kind == "article"]) == 1


def test_a_signed_last_paragraph_closes_its_article() -> None:
    """A short last paragraph signed with its author's name (`…（记者 王五）`) ends the article
    above; it is not the kicker of the headline below it."""
    page = "\n".join([*_SUBWAY[:3], "地铁运营平稳有序（记者 王五）", *_SUBWAY[6:]])
    articles = [a for a in cleantext.split(page) if a.kind == "article"]
    assert [a.title for a in articles] == ["地铁新线今日开通", "春耕备耕正当时"]
    assert articles[1].kicker is None
