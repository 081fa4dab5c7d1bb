"""The HTML review report, read without a browser: its contract, its escaping, its CLI."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

import cleantext
from cleantext import Cleaner
from cleantext.cli import main
from cleantext.review import CSP, review_html, review_index, review_page

from .conftest import SEED_FILES

HOSTILE = [
    "<script>document.title='x'</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">点这里</a>',
    "</textarea><script>document.title='x'</script>",
    "<style>@import url(http://example.com/x.css)</style>",
    '<iframe src="http://example.com/"></iframe><meta http-equiv="refresh" content="0;url=http://example.com/">',
    '"><svg onload=alert(1)>',
]


def soup(report: str) -> BeautifulSoup:
    return BeautifulSoup(report, "html.parser")


def classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return list(value) if isinstance(value, list) else str(value).split()


def check_inert(report: str) -> None:
    """No script, no event handler, no reference outside the report, the CSP in place."""
    assert "<script" not in report.lower()
    dom = soup(report)
    assert not dom.find_all(["script", "img", "iframe", "object", "embed", "link", "base",
                             "form", "svg", "frame", "textarea", "input", "video", "audio"])
    metas = dom.find_all("meta", attrs={"http-equiv": True})
    assert [(m["http-equiv"], m["content"]) for m in metas] == [("Content-Security-Policy", CSP)]
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    for tag in dom.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), (tag.name, attr)
            assert attr not in ("src", "srcset", "action", "formaction", "background", "poster")
            if attr == "href":
                assert re.fullmatch(r"#[\w-]+|\./[^:]+", str(value)), value
            if attr == "style":
                pytest.fail(f"style attribute on {tag.name}")
    styles = dom.find_all("style")
    assert len(styles) == 1 and styles[0].parent is not None and styles[0].parent.name == "head"
    css = styles[0].get_text()
    assert "@import" not in css and "url(" not in css


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_report_contract(path: Path) -> None:
    raw = path.read_text("utf-8")
    result = Cleaner().run(raw, trace=True)
    dom = soup(review_html(raw, name=path.name))
    changes = dom.select(".change")
    # One element per change in the trace (what `explain` lists), with its step and reason.
    assert len(changes) == len(result.changes)
    assert Counter(c["data-step"] for c in changes) == Counter(c.step for c in result.changes)
    assert Counter(c["title"] for c in changes) == Counter(
        f"{c.step}: {c.reason}" for c in result.changes
    )
    # Every change also carries its reason as text for screen readers.
    assert all(c.select_one(".sr") is not None for c in changes)
    # The articles and roles that `split` gives, block by block.
    sections = dom.select("section.article")
    assert len(sections) == len(result.articles)
    for section, article in zip(sections, result.articles, strict=True):
        blocks = section.select("[data-role]")
        assert [b["data-role"] for b in blocks] == [b.role.value for b in article.blocks]
        texts = [b.select_one(".text") for b in blocks]
        assert [t.get_text() for t, b in zip(texts, article.blocks, strict=True) if b.text] == [
            b.text for b in article.blocks if b.text
        ]
    # The output pane holds the cleaned text exactly; the input pane the input.
    panes = dom.select("div.page")
    assert [p.get_text() for p in panes] == [raw, result.text]
    check_inert(str(dom))


def test_change_in_place_with_context() -> None:
    dom = soup(review_html("重庆市民说,今天天气很好"))
    (change,) = dom.select(".change")
    assert change["data-step"] == "normalize_punctuation"
    assert change.select_one("del").get_text() == ","
    assert change.select_one("ins").get_text() == "，"
    hunk = change.find_parent("pre")
    assert hunk is not None
    shown = hunk.get_text()
    assert "重庆市民说," in shown and "今天天气很好" in shown  # the text around it


def test_whitespace_changes_are_visible() -> None:
    dom = soup(review_html("重庆  市民\u200b说"))
    removed = "".join(d.get_text() for d in dom.select(".change del"))
    assert "␣" in removed and "U+200B" in removed


def test_summary_and_lacunae_on_seed_002() -> None:
    (path,) = [p for p in SEED_FILES if p.name.startswith("002")]
    raw = path.read_text("utf-8")
    page = review_page(raw, name=path.name)
    result = Cleaner().run(raw, trace=True)
    assert page.lacunae == sum(len(a.lacunae) for a in result.articles) > 0
    assert page.han_in == result.han_in and page.han_out == result.han_out
    dom = soup(page.html)
    summary = dom.select_one("#summary").get_text(" ")
    assert f"{result.han_in} in, {result.han_out} out" in summary
    assert dom.select(".gap, .lost")  # where the source lost text, in the article view


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_is_escaped(payload: str) -> None:
    raw = f"重庆日报记者报道\n{payload}\n今天天气很好，市民出门游玩。\n"
    report = review_html(raw, name=payload)
    check_inert(report)
    dom = soup(report)
    # Nothing from the input is lost to the escaping: the input pane shows it as text,
    # and the name as the page title.
    assert dom.select("div.page")[0].get_text() == raw
    assert dom.title is not None and dom.title.get_text() == f"cleantext review · {payload}"
    assert len(dom.select(".change")) == len(Cleaner().run(raw, trace=True).changes)


def test_hostile_everything_at_once_as_markup() -> None:
    raw = "<html><body><p>重庆日报讯</p>" + "".join(HOSTILE) + "<p>今天天气很好。</p></body></html>"
    check_inert(review_html(raw, name="page.html"))


def test_index_escapes_and_links_relatively() -> None:
    page = review_page("你好,世界", name="<b>x</b>.txt")
    index = review_index([(page, "javascript:alert(1).html"), (page, "a b/c.html")])
    check_inert(index)
    dom = soup(index)
    assert [a["href"] for a in dom.select("a")] == ["./javascript%3Aalert%281%29.html",
                                                     "./a%20b/c.html"]
    rows = dom.select("tbody tr")
    assert len(rows) == 2 and rows[0].select_one("a").get_text() == "<b>x</b>.txt"
    assert "normalize_punctuation" in dom.select_one("thead").get_text().replace("\u200b", "")


def test_pure_and_strict() -> None:
    assert review_html("你好,世界", name="a") == review_html("你好,世界", name="a")
    assert cleantext.review_html is review_html
    with pytest.raises(TypeError):
        review_html(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        review_html("x", config={})  # type: ignore[arg-type]


# --- the command line ---------------------------------------------------------------------


def test_cli_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = [p for p in SEED_FILES if p.name.startswith("002")]
    out = tmp_path / "r.html"
    assert main(["explain", str(path), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert out.read_text("utf-8") == review_html(path.read_text("utf-8"), name=str(path))


def test_cli_directory_to_reports_and_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("你好,世界\n", encoding="utf-8")
    (pages / "index.txt").write_text("标题\n正文。\n", encoding="utf-8")  # not the index
    (pages / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    code = main(["explain", str(pages), "--format", "html", "-o", f"{out}/"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "bin.txt" in err  # the binary file
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "index-2.html", "index.html"]
    dom = soup((out / "index.html").read_text("utf-8"))
    assert [a["href"] for a in dom.select("a")] == ["./a.html", "./index-2.html"]
    assert (out / "index-2.html").read_text("utf-8").count('class="block"') == 2


def test_cli_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    a, b = map(str, SEED_FILES[:2])
    assert main(["explain", a, b]) == 2  # text lists one page
    assert main(["explain", a, b, "--format", "html"]) == 2  # several need -o DIR/
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all(e.startswith("cleantext: error:") for e in errors)


def test_attributes_are_quoted_even_for_reasons() -> None:
    # No step puts input text in a reason today; if one did, it must stay inside the title.
    from cleantext.review import _change  # noqa: PLC0415
    from cleantext.trace import Change  # noqa: PLC0415

    hostile = Change('x" onmouseover="alert(1)', 0, 1, "<", "'>", '" onmouseover="alert(1)')
    (span,) = soup(_change(hostile)).select(".change")
    assert set(span.attrs) == {"class", "data-step", "title"}
    assert span["title"] == f"{hostile.step}: {hostile.reason}"


def test_suspected_noise_is_flagged_in_the_article() -> None:
    (path,) = [p for p in SEED_FILES if p.name.startswith("001")]
    raw = path.read_text("utf-8")
    noise = [n for a in Cleaner().run(raw).articles for n in a.noise]
    page = review_page(raw, name=path.name)
    assert page.noise == len(noise) > 0
    flagged = [b.select_one(".text").get_text() for b in soup(page.html).select(".block.noisy")]
    assert flagged == noise
