"""Compare HTML-to-text tools on hard-wrapped, corrupted HTML source.

Run: ``PYTHONPATH=src python benchmarks/compare_markup.py`` (``--pages N`` for more pages).

Inputs: seed 002 (real corrupted page) and pages generated from the clean paragraphs of the
plain seeds (:func:`clean_paragraphs`): each paragraph in ``<p style=…>`` with an unquoted (or quoted) CSS style, the
page on one line, hard-wrapped at 56–72 display columns (a Han character is two), with a
seeded RNG. The ``lost`` set also drops chunks of the source the way seed 002 lost them:
some lines go, and the next line loses its beginning.

Figures per tool, summed over a set:

- Han retention: Han characters out over Han characters of the text in the page (for seed
  002, :func:`cleantext.markup.strip_tags` of the page; generated pages know their text).
- Spurious spaces: a space between two Han characters or two digits that the text does not
  have. Tools are read as a browser shows them: a line break inside a text node is a space.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex
import trafilatura
from bs4 import BeautifulSoup
from wcwidth import wcwidth

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import cleantext  # noqa: E402
from cleantext.markup import strip_tags  # noqa: E402
from cleantext.trace import han_count  # noqa: E402

SPURIOUS = regex.compile(r"(?<=\p{Han})[ \t\u00a0]+(?=\p{Han})|(?<=\d)[ \t\u00a0]+(?=\d)")

STYLES = [
    "style=margin: 20px 0px 0px; padding: 0px; text-align: justify; line-height: 36px; "
    "text-indent: 2em; letter-spacing: 1px; font-size: 18px; vertical-align: middle;",
    "style=margin: 0px; padding: 0px; font-family: 微软雅黑; color: rgb(51, 51, 51);",
    'style="text-indent: 2em; line-height: 1.75em; margin-bottom: 15px;"',
    "class=article-content style=font-size: 16px; text-align: left;",
]


def hard_wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    cur: list[str] = []
    used = 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > width and cur:
            lines.append("".join(cur))
            cur, used = [], 0
        cur.append(ch)
        used += w
    lines.append("".join(cur))
    return lines


_BOLD = regex.compile(r"\*\*")


def clean_paragraphs() -> list[str]:
    """The paragraphs of the plain seeds that are clean text, to build the pages from.

    Markdown markers go (``#``, ``**`` anywhere: ``之 **推进…**`` is ``之 推进…``), and a
    paragraph that the plain-text pipeline itself shortens is left out: it carries a
    corruption of its own (``推进智慧公厕、智慧公厕等``, a fragment repeated back to back),
    whose correct removal would otherwise count as a loss of the markup repair.
    """
    paras = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text("utf-8")
        if cleantext.markup.looks_like_markup(text):
            continue
        for raw_line in text.split("\n"):
            line = _BOLD.sub("", raw_line.strip().lstrip("#* ")).strip()
            if han_count(line) < 20 or "<" in line or "&" in line:
                continue
            if han_count(cleantext.clean(line)) == han_count(line):
                paras.append(line)
    return paras


def make_page(rng: random.Random, paras: list[str], *, lose: bool) -> tuple[str, str]:
    """A wrapped page and its text (what a perfect tool would return)."""
    chosen = rng.sample(paras, k=min(8, len(paras)))
    body = ""
    mask: list[bool] = []  # which characters of the page are paragraph text
    for k, para in enumerate(chosen):
        tag = f"{' ' if k else ''}<p {rng.choice(STYLES)}>"
        body += tag + para + "</p>"
        mask += [False] * len(tag) + [True] * len(para) + [False] * 4
    lines = hard_wrap(body, rng.randint(56, 72))
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line)
    if not lose:
        return "\n".join(lines), "\n".join(chosen)
    out: list[str] = []
    truth: list[str] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        if i > 2 and rng.random() < 0.12:
            i += rng.randint(0, 2)  # whole lines lost
            if i >= len(spans):
                break
            a, b = spans[i]
            a += rng.randint(1, max(1, (b - a) // 2))  # and the next line's beginning
            out.append(" " + body[a:b])
        else:
            out.append(body[a:b])
        truth.extend(body[k] for k in range(a, b) if mask[k])
        i += 1
    return "\n".join(out), "".join(truth)


def bs4_text(parser: str) -> Callable[[str], str]:
    def run(page: str) -> str:
        soup = BeautifulSoup(page, parser)
        return "\n".join(s.replace("\n", " ") for s in soup.stripped_strings)

    return run


def trafilatura_text(page: str) -> str:
    out = trafilatura.extract(page, favor_recall=True, include_comments=False)
    return out or ""


TOOLS: dict[str, Callable[[str], str]] = {
    "beautifulsoup4 (lxml)": bs4_text("lxml"),
    "beautifulsoup4 (html.parser)": bs4_text("html.parser"),
    "trafilatura": trafilatura_text,
    "cleantext": cleantext.clean,
}


def measure(cases: list[tuple[str, str]]) -> dict[str, tuple[float, int, float]]:
    results = {}
    for name, tool in TOOLS.items():
        han_in = han_out = spurious = 0
        t0 = time.perf_counter()
        for page, truth in cases:
            out = tool(page)
            han_in += han_count(truth)
            han_out += min(han_count(out), han_count(truth))
            spurious += max(0, len(SPURIOUS.findall(out)) - len(SPURIOUS.findall(truth)))
        results[name] = (han_out / max(han_in, 1), spurious, time.perf_counter() - t0)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    seed = (ROOT / "seeds" / "002_28d66c27e85c0738.txt").read_text("utf-8")
    paras = clean_paragraphs()
    sets = {
        "seed 002": [(seed, strip_tags(seed).replace("\n", ""))],
        f"wrapped ({args.pages} pages)": [
            make_page(rng, paras, lose=False) for _ in range(args.pages)
        ],
        f"wrapped + lost chunks ({args.pages} pages)": [
            make_page(rng, paras, lose=True) for _ in range(args.pages)
        ],
    }
    print("| set | tool | Han retention | spurious spaces | seconds |")
    print("| --- | --- | ---: | ---: | ---: |")
    for set_name, cases in sets.items():
        for tool, (retention, spurious, seconds) in measure(cases).items():
            print(f"| {set_name} | {tool} | {retention:.2%} | {spurious} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
