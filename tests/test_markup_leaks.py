"""Nothing from a script, a style or a broken tag reaches the text (issue 17, point 4).

The two pages in ``tests/data/leaks`` are self-made, after what saved Sina and QQ pages gave:
markup built inside script strings (``'<div id="' + id + '" style="float:left;">'``), a
``document.write('<script …></script>')``, a script the page's end cut off, a ``<style>``
with a tag in a string, and pager arrows or broken tags (``< >``, ``< div class="x">``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

import cleantext
from cleantext.markup import read_markup, repair_markup
from cleantext.trace import apply_edits

from .test_markup import hard_wrap

DATA = Path(__file__).resolve().parent / "data" / "leaks"
PAGES = {
    "script_strings.html": [
        "粮食总产量再创新高",
        "据新华社报道，今年全国粮食总产量再创新高，连续多年稳定在一万三千亿斤以上。",
        "专家表示，粮食生产连年丰收，为稳定经济社会发展大局提供了有力支撑。",
    ],
    "broken_tags.html": [
        "城市更新稳步推进",
        "记者从市住建委获悉，今年全市城市更新项目稳步推进，已完成老旧小区改造一百二十个。",
        "下一步，全市将继续加大投入力度，让更多居民享受到城市更新带来的实惠。",
    ],
}
# Code and markup: ASCII quotes and the marks of tags, attributes and statements, and the
# typographic quotes a normalized ``name="…"`` would turn into.
_CODE = regex.compile(r"""[<>="';{}+]|[“”]\w+[”“]>|document|sandbox""")


def _variants(name: str) -> list[tuple[str, str]]:
    page = (DATA / name).read_text("utf-8")
    return [("raw", page), ("wrapped-60", hard_wrap(page, 60)), ("wrapped-72", hard_wrap(page, 72))]


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("extract", ["all", "auto"])
def test_no_code_or_broken_tag_in_the_text(name: str, extract: str) -> None:
    for kind, page in _variants(name):
        blocks, edits = read_markup(page, extract=extract)  # type: ignore[arg-type]
        out = "\n".join(b.text for b in blocks)
        assert apply_edits(page, edits) == out
        leaks = [line for line in out.split("\n") if _CODE.search(line)]
        assert not leaks, (kind, leaks)
        assert [line for line in out.split("\n") if line] == PAGES[name], kind


@pytest.mark.parametrize("name", sorted(PAGES))
def test_clean_has_no_code_either(name: str) -> None:
    out = cleantext.clean((DATA / name).read_text("utf-8"))
    assert not [line for line in out.split("\n") if _CODE.search(line)]
    for line in PAGES[name]:
        assert line in out


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # The end tag inside a string literal is not the script's end: a later one is.
        ("<p>甲</p><script>document.write('<script src=\"a.js\"></script>');x='<p>';</script>"
         "<p>乙</p>", "甲\n乙"),
        # A script the page lost the end of ends where markup resumes outside its strings.
        ("<p>甲</p><script>var s = '<div id=\"' + id + '\">' + '广告位招商热线';\n<p>乙</p>",
         "甲\n乙"),
        # An end tag in a comment still ends the script, as in a browser.
        ("<p>甲</p><script>// '</script><p>乙</p>", "甲\n乙"),
        ("<p>甲</p><p>< ></p><p>乙</p>", "甲\n乙"),
        ("<p>甲</p>< div class=\"x\"><p>乙</p>", "甲\n乙"),
        ("<p>甲</p><div><a>&lt;</a> <a>&gt;</a></div><p>乙</p>", "甲\n乙"),
        # Comparisons are text: a known tag name after ``<`` without ``>`` or attributes.
        ("<p>若 a < b and c > d，则 3 < 5</p><p>乙</p>", "若 a < b and c > d，则 3 < 5\n乙"),
    ],
)
def test_scripts_and_broken_tags(html: str, text: str) -> None:
    assert repair_markup(html, extract="all") == text
