"""Hard-wrap web pages the way seed 002 was wrapped: at a fixed display width, straight
through tags, attributes, entities and numbers.

Each line of the source is cut every ``width`` display columns (a Han character is two
columns, wcwidth), whatever is there; existing line breaks are kept. The width of each page
is drawn from ``56..72`` with a seeded generator, so the wrapped set is reproducible.

    PYTHONPATH=src python benchmarks/wrap_pages.py tests/data/webpages /tmp/wrapped --seed 7
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from wcwidth import wcwidth

__all__ = ["page_width", "wrap_page"]

MIN_WIDTH, MAX_WIDTH = 56, 72


def wrap_page(text: str, width: int) -> str:
    """``text`` with a newline inserted wherever a line reaches ``width`` display columns.

    >>> wrap_page("<p>中文abc</p>", 6)
    '<p>中\\n文abc<\\n/p>'
    """
    if width < 2:
        raise ValueError("width must be at least 2")
    out: list[str] = []
    for line in text.split("\n"):
        cols = 0
        piece: list[str] = []
        for ch in line:
            w = max(0, wcwidth(ch))
            if cols + w > width and piece:
                out.append("".join(piece))
                out.append("\n")
                piece, cols = [], 0
            piece.append(ch)
            cols += w
        out.append("".join(piece))
        out.append("\n")
    return "".join(out)[:-1]


def page_width(name: str, seed: int = 0) -> int:
    """The width a page is wrapped at: drawn from 56..72, fixed by the page name and seed."""
    return random.Random(f"{seed}:{name}").randint(MIN_WIDTH, MAX_WIDTH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder of *.html pages")
    parser.add_argument("target", type=Path, help="folder to write the wrapped pages to")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.target.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.source.glob("*.html")):
        width = page_width(path.stem, args.seed)
        text = path.read_text("utf-8")
        (args.target / path.name).write_text(wrap_page(text, width), "utf-8")
        print(f"{path.name}\twidth {width}")


if __name__ == "__main__":
    main()
