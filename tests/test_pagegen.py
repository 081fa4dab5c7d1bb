"""The page generator of the generalization benchmarks (``benchmarks/pagegen.py``).

Written articles only (no corpus): the generator must be deterministic, its gold spans must lie
in the page in order, and the gold text must be what the span says once the damage is undone.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import pagegen  # noqa: E402
from pagegen import Page, SourceArticle, generate_page, generate_pages, han  # noqa: E402

from cleantext.blocks import Role  # noqa: E402

_PARAS = (
    "今天上午，市里召开了一次关于城市绿化的工作会议，会议听取了各区的情况汇报。",
    "会议指出，城市绿化关系到每一位市民的生活质量，各区要把这项工作放在重要位置，切实抓好落实。",
    "据介绍，今年全市计划新增绿地一百二十公顷，改造老旧公园十五座，新建社区小游园三十个。",
    "有市民表示，家门口的小公园多了，傍晚散步的地方也多了，希望这样的好事能够继续办下去。",
    "下一步，有关部门将加强养护管理，确保新建绿地“建得好、管得住、长得旺”……",
)
_TRAD = (
    "這是一篇用繁體字寫成的測試文章，內容關於學校圖書館的開放時間調整。",
    "圖書館表示，新的安排將於下月開始實施，屆時週末也會開放，方便學生借閱書籍。",
)


def _articles() -> list[SourceArticle]:
    arts = []
    for i in range(6):
        paras = tuple(_PARAS[(i + k) % len(_PARAS)] for k in range(1 + i % 5))
        arts.append(SourceArticle(f"s{i}", "甲报", f"城市绿化工作第{i}次会议召开", None, None,
                                  paras, "2021-05-06"))
    arts.append(SourceArticle("k1", "甲报", "快讯标题一则", "国内快讯", None, _PARAS[:1], None))
    for i in range(3):
        arts.append(SourceArticle(f"t{i}", "乙報", f"圖書館開放時間調整第{i}號", None, "某人",
                                  _TRAD, "2019-11-02"))
    return arts


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    return generate_pages(_articles(), 45, seed=3)


def test_same_seed_same_pages(pages: list[Page]) -> None:
    again = generate_pages(_articles(), 45, seed=3)
    assert [p.to_json() for p in again] == [p.to_json() for p in pages]
    other = generate_pages(_articles(), 45, seed=4)
    assert [p.text for p in other] != [p.text for p in pages]


def test_json_round_trip(pages: list[Page]) -> None:
    for p in pages[:6]:
        assert Page.from_json(p.to_json()) == p


def test_spans_inside_ordered_disjoint(pages: list[Page]) -> None:
    for p in pages:
        last = 0
        for g in p.lines:
            assert last <= g.start < g.end <= len(p.text), (p.name, g)
            last = g.end
        for _, s, e in p.injected:
            assert 0 <= s <= e <= len(p.text)


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def test_gold_text_in_span(pages: list[Page]) -> None:
    for p in pages:
        lost = any(k == "lost" for k, _, _ in p.injected)
        for g in p.lines:
            raw = p.text[g.start : g.end]
            if p.style == "plain":
                assert han(raw) == han(g.text), (p.name, raw, g.text)
            elif not lost:
                assert _is_subsequence(han(g.text), han(raw)), (p.name, raw, g.text)


def test_roles_and_articles_valid(pages: list[Page]) -> None:
    values = {r.value for r in Role}
    for p in pages:
        for g in p.lines:
            assert g.role in values and g.role in pagegen.ROLES
            assert -1 <= g.article < len(p.articles)
            assert (g.article == -1) == (g.role in ("page-header", "editor", "noise"))
        # every article has exactly one title line, with the gold title's text
        for k, a in enumerate(p.articles):
            titles = [g for g in p.lines if g.article == k and g.role == "title"]
            assert [g.text for g in titles] == [a.title]


def test_coverage(pages: list[Page]) -> None:
    more = pages + generate_pages(_articles(), 60, seed=5)
    assert {p.style for p in more} == {"plain", "ocr", "html"}
    assert {len(p.articles) for p in more} == set(range(2, 13))
    roles = {g.role for p in more for g in p.lines}
    assert {"title", "paragraph", "byline", "dateline", "kicker", "page-header", "editor"} <= roles
    kinds = {k for p in more for k, _, _ in p.injected}
    assert {"column-space", "duplicate-fragment"} <= kinds


def test_injected_duplicates_repeat_the_text_before_them(pages: list[Page]) -> None:
    for p in pages:
        for kind, s, e in p.injected:
            if kind == "duplicate-fragment":
                copy = han(p.text[s:e])
                before = han(p.text[max(0, s - 3 * (e - s)) : s])
                assert before.endswith(copy), (p.name, p.text[s:e])
            elif kind == "column-space":
                assert p.text[s:e] == " "


def _marks(raw: str) -> int:
    return len(raw) - len(raw.lstrip("#"))


def test_section_headings_inside_articles_deeper_than_titles(pages: list[Page]) -> None:
    """Articles go on under section headings (between two of their paragraphs), and where a
    page marks levels a heading's ``#`` level is deeper than its article's title's."""
    more = pages + generate_pages(_articles(), 60, seed=5)
    headings = marked = 0
    for p in more:
        for g in p.lines:
            if g.role != "heading":
                continue
            headings += 1
            same = [x for x in p.lines if x.article == g.article]
            at = same.index(g)
            assert 0 < at < len(same) - 1, (p.name, g)
            title = next(x for x in same if x.role == "title")
            h, t = _marks(p.text[g.start : g.end]), _marks(p.text[title.start : title.end])
            if h and t:
                marked += 1
                assert h > t, (p.name, g, title)
    assert headings >= 10 and marked >= 1, (headings, marked)


def test_misuse() -> None:
    with pytest.raises(ValueError):
        generate_page(_articles(), random.Random(1), style="pdf")
    with pytest.raises(ValueError):
        generate_page([], random.Random(1), style="plain")
    with pytest.raises(FileNotFoundError, match="corpus"):
        pagegen.load_articles(ROOT / "no-such-corpus.jsonl.gz")


def test_folds_leave_one_publication_out() -> None:
    arts = _articles()
    got = pagegen.folds(arts)
    assert [pub for pub, _, _ in got] == ["乙報", "甲报"]
    for pub, train, test in got:
        assert all(a.source == pub for a in test) and all(a.source != pub for a in train)
        assert len(train) + len(test) == len(arts)
