"""A benchmark corpus generated from the seed pages: the same pages, varied, in a stated mix.

Every page is a seed page with random, seeded variations of the kinds real pages show (the
variations are generic; none looks at what a seed says):

- plain pages (from the plain seeds): paragraphs shuffled and some repeated, ASCII punctuation
  in place of full-width, full-width digits, zero-width and no-break spaces, runs of spaces,
  lines hard-wrapped at a random column (OCR/print layout), letter-spaced short lines;
- HTML pages: the HTML seed, and plain seeds rendered as ``<p style=…>`` source with entities
  for the quotes, hard-wrapped at a fixed column like scraped source.

``PLAIN_SHARE`` of the bytes are plain pages, the rest HTML. Sizes are UTF-8 bytes; 1 MB =
10**6 bytes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
#: Share of the corpus bytes that are plain-text pages (the rest are HTML pages).
PLAIN_SHARE = 0.7
MB = 1_000_000


@dataclass(frozen=True)
class Page:
    style: str  # "plain" or "html"
    text: str

    @property
    def nbytes(self) -> int:
        return len(self.text.encode("utf-8"))


def load_seeds() -> tuple[list[str], list[str]]:
    """(plain seed pages, HTML seed pages), told apart by their tags, not their names."""
    plain, html = [], []
    for path in sorted(SEED_DIR.glob("*.txt")):
        text = path.read_text("utf-8")
        (html if text.count("<p") + text.count("</p>") >= 5 else plain).append(text)
    return plain, html


_ASCII_FOR = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}
_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _vary_line(line: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        for full, ascii_ in _ASCII_FOR.items():
            if full in line and rng.random() < 0.5:
                line = line.replace(full, ascii_, rng.randint(1, 3))
    elif r < 0.25:
        line = line.translate(_FULL_DIGITS)
    elif r < 0.32 and len(line) > 4:
        at = rng.randrange(1, len(line))
        line = line[:at] + rng.choice(["\u200b", "\u00a0", "\ufeff", "  "]) + line[at:]
    elif r < 0.37 and 2 <= len(line) <= 12:
        line = " ".join(line)  # letter-spaced byline or heading
    elif r < 0.45:
        line = rng.choice(["  ", "\u3000\u3000", " "]) + line + rng.choice(["", " ", "  "])
    return line


def _wrap(line: str, width: int) -> list[str]:
    return [line[i : i + width] for i in range(0, len(line), width)] or [""]


def vary_plain(seed: str, rng: random.Random) -> str:
    paragraphs = [p for p in seed.split("\n") if p.strip()]
    if rng.random() < 0.5:
        # Shuffle the middle of the page; keep its head (titles) in place.
        head, body = paragraphs[:5], paragraphs[5:]
        rng.shuffle(body)
        paragraphs = head + body
    if paragraphs and rng.random() < 0.3:
        paragraphs.insert(rng.randrange(len(paragraphs)), rng.choice(paragraphs))
    lines: list[str] = []
    wrap = rng.random() < 0.4
    width = rng.randint(18, 40)
    blank = rng.random() < 0.6
    for paragraph in paragraphs:
        p = _vary_line(paragraph, rng)
        lines.extend(_wrap(p, width) if wrap and len(p) > width else [p])
        if blank:
            lines.append("")
    return "\n".join(lines)


_STYLE = (
    "margin: 20px 0px 0px; padding: 0px; text-align: justify; line-height: 36px; "
    "text-indent: 2em; letter-spacing: 1px; font-size: 18px; vertical-align: middle;"
)


def to_html(seed: str, rng: random.Random) -> str:
    """A plain page as scraped HTML source: styled paragraphs, entities, hard-wrapped."""
    out = []
    for line in seed.split("\n"):
        p = line.strip().lstrip("#* ").replace("**", "")
        if not p:
            continue
        p = p.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("…", "&hellip;")
        tag = "h2" if len(p) < 20 and rng.random() < 0.5 else "p"
        out.append(f"<{tag} style={_STYLE}>{p}</{tag}>")
    source = " ".join(out)
    width = rng.choice([64, 66, 68])
    return "\n".join(_wrap(source, width))


def vary_html(seed: str, rng: random.Random) -> str:
    lines = seed.split("\n")
    if rng.random() < 0.5:
        cut = rng.randrange(len(lines) // 2, len(lines))
        lines = lines[:cut]
    return "\n".join(_vary_line(line, rng) if rng.random() < 0.2 else line for line in lines)


def iter_pages(rng: random.Random) -> Iterator[Page]:
    """An endless stream of varied pages, about ``PLAIN_SHARE`` of the bytes plain."""
    plain, html = load_seeds()
    plain_bytes = html_bytes = 0
    while True:
        if plain_bytes <= PLAIN_SHARE * (plain_bytes + html_bytes):
            page = Page("plain", vary_plain(rng.choice(plain), rng))
            plain_bytes += page.nbytes
        else:
            if html and rng.random() < 0.5:
                text = vary_html(rng.choice(html), rng)
            else:
                text = to_html(vary_plain(rng.choice(plain), rng), rng)
            page = Page("html", text)
            html_bytes += page.nbytes
        yield page


def build_corpus(mb: float, seed: int = 0) -> list[Page]:
    """Pages totalling at least ``mb`` MB (UTF-8), deterministic for a given ``seed``."""
    target = int(mb * MB)
    pages, total = [], 0
    for page in iter_pages(random.Random(seed)):
        if total >= target:
            break
        pages.append(page)
        total += page.nbytes
    return pages


def size_mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / MB
