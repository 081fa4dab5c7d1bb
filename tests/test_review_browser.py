"""The review report opened in headless Chromium: the DOM a reader gets, and that a report
of a hostile page runs nothing and fetches nothing.

Needs Debian's ``chromium`` on PATH (``.ci/run`` installs it; ``CLEANTEXT_CHROMIUM`` names
another binary). Without it these tests skip. A screenshot of seed 002's report is written to
``$CLEANTEXT_ARTIFACTS`` (or the test's temporary directory).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cleantext import Cleaner
from cleantext.review import review_html

from .conftest import SEED_FILES

CHROMIUM = os.environ.get("CLEANTEXT_CHROMIUM") or shutil.which("chromium") or shutil.which(
    "chromium-browser"
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium on PATH (apt-get install chromium; .ci/run installs it)",
)


def chromium(url: str, profile: Path, *args: str, timeout: float = 60) -> str:
    """Run headless Chromium on ``url``; return its standard output."""
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",  # only the page's own requests reach the network
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",
        *args,
        url,
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish in {timeout} s on {url} (a dialog left open?)")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dom_of(path: Path, tmp_path: Path) -> BeautifulSoup:
    return BeautifulSoup(chromium(path.as_uri(), tmp_path / "profile", "--dump-dom"),
                         "html.parser")


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_report_in_the_browser(path: Path, tmp_path: Path) -> None:
    raw = path.read_text("utf-8")
    result = Cleaner().run(raw, trace=True)
    report = tmp_path / "report.html"
    report.write_text(review_html(raw, name=path.name), encoding="utf-8")
    dom = dom_of(report, tmp_path)
    assert dom.title is not None and dom.title.get_text() == f"cleantext review · {path.name}"
    assert len(dom.select(".change")) == len(result.changes)
    sections = dom.select("section.article")
    assert len(sections) == len(result.articles)
    for section, article in zip(sections, result.articles, strict=True):
        assert [b["data-role"] for b in section.select("[data-role]")] == [
            b.role.value for b in article.blocks
        ]
    assert not dom.find_all("script")


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 that records every request made to it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"x")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def hostile_page(base: str, *, blocking: bool = True) -> str:
    """A saved web page that, opened itself, runs scripts and fetches from ``base``; with
    ``blocking``, also a dialog and a redirect (which would stall or leave the page)."""
    dialog = ";alert(1)" if blocking else ""
    refresh = f'<meta http-equiv="refresh" content="0;url={base}/refresh">' if blocking else ""
    return (
        "<html><head><title>原标题</title>"
        f'<link rel="stylesheet" href="{base}/link.css">'
        f"<style>@import url({base}/import.css); body{{background:url({base}/bg.png)}}</style>"
        "</head><body><p>重庆日报讯 今天天气很好，市民出门游玩。</p>"
        f"<script>document.title='x'{dialog}</script>"
        f"<img src={base}/img.png onerror=\"document.title='x'{dialog}\">"
        "<a href=\"javascript:document.title='x'\">点这里</a>"
        "</textarea><script>document.title='x'</script>"
        f'<iframe src="{base}/frame.html"></iframe>'
        f"{refresh}"
        f"<svg onload=\"document.title='x'\"><image href=\"{base}/svg.png\"/></svg>"
        "<p>记者 王彩艳 杨毅</p></body></html>"
    )


def test_the_harness_sees_scripts_and_requests(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    # The hostile page opened on its own does run script and fetch: so the checks below,
    # which find neither in its report, can fail.
    base, hits = server
    page = tmp_path / "page.html"
    page.write_text(hostile_page(base, blocking=False), encoding="utf-8")
    dom = dom_of(page, tmp_path)
    assert dom.title is not None and dom.title.get_text() == "x"
    assert hits


def test_hostile_report_runs_nothing_and_fetches_nothing(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    base, hits = server
    raw = hostile_page(base)
    name = f"<img src={base}/name.png onerror=alert(1)>.html"
    for i, text in enumerate([raw, raw.replace("<", "\n<")]):  # as markup, and line by line
        report = tmp_path / f"report{i}.html"
        report.write_text(review_html(text, name=name), encoding="utf-8")
        dom = dom_of(report, tmp_path)
        assert dom.title is not None and dom.title.get_text() == f"cleantext review · {name}"
        assert not dom.find_all(["script", "img", "iframe", "link", "svg", "image"])
        assert dom.select("div.page")[0].get_text() == text  # shown, as text
        assert len(dom.select(".change")) == len(Cleaner().run(text, trace=True).changes)
    assert hits == []


def test_screenshot_of_seed_002(tmp_path: Path) -> None:
    (path,) = [p for p in SEED_FILES if p.name.startswith("002")]
    out = Path(os.environ.get("CLEANTEXT_ARTIFACTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    report = out / "review-002.html"
    report.write_text(review_html(path.read_text("utf-8"), name=path.name), encoding="utf-8")
    shot = out / "review-002.png"
    shot.unlink(missing_ok=True)
    chromium(report.as_uri(), tmp_path / "profile", f"--screenshot={shot}",
             "--window-size=1280,2000", "--hide-scrollbars")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
