"""Pages for differential tests: self-written articles (no corpus text) laid out by the page
generator, and the views of a page's lines that the steps read."""

from __future__ import annotations

import sys
from pathlib import Path

from cleantext import Cleaner, Config
from cleantext.blocks import Block, blocks_from_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import pagegen

# Self-written paragraphs (no corpus text).
PARAS = (
    "今天上午，市里召开了一次关于城市绿化的工作会议，会议听取了各区的情况汇报。",
    "会议指出，城市绿化关系到每一位市民的生活质量，各区要把这项工作放在重要位置。",
    "据介绍，今年全市计划新增绿地一百二十公顷，改造老旧公园十五座，新建社区小游园三十个。",
    "有市民表示，家门口的小公园多了，傍晚散步的地方也多了，希望这样的好事能够继续办下去。",
    "下一步，有关部门将加强养护管理，确保新建绿地“建得好、管得住、长得旺”……",
    "The city plans 120 hectares of new parks (about 300 acres) by 2026, officials said.",
)


def articles(prefix: str, paper: str, kicker: str, author: str) -> list[pagegen.SourceArticle]:
    """Eight articles of one to six paragraphs, every third with a kicker, every other signed."""
    arts = []
    for i in range(8):
        paras = tuple(PARAS[(i + k) % len(PARAS)] for k in range(1 + i % 6))
        arts.append(pagegen.SourceArticle(f"{prefix}{i}", paper, f"城市绿化工作第{i}次会议召开",
                                          kicker if i % 3 == 0 else None,
                                          author if i % 2 else None, paras, "2021-05-06"))
    return arts


def generated_page(arts: list[pagegen.SourceArticle], seed: int, k: int) -> str:
    """One generated page in the k-th style (cycling through the generator's styles)."""
    (page,) = pagegen.generate_pages(arts, 1, seed=seed, styles=[pagegen.STYLES[k % len(pagegen.STYLES)]])
    return page.text


def views(text: str) -> list[list[Block]]:
    """A page's lines as read, as joining sees them, and as segmentation sees them."""
    return [
        blocks_from_text(text),
        list(Cleaner(Config(rejoin_wrapped_lines=False)).run(text).blocks),
        list(Cleaner().run(text).blocks),
    ]
