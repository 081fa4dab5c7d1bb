"""Learn the Han characters that practically never end, or never start, a clause.

A paragraph cut mid-sentence (by a lost line end) that stops on ``这`` or ``每``, or a line
that starts with ``们`` or ``者``, cannot be a title or a paragraph of its own: the cut fell
inside a phrase. :func:`cleantext.linewrap.rejoin_wrapped_lines` reads these characters as
evidence for joining a line that it would otherwise take for a heading.

Counted on the development corpus: every title and paragraph is cut into clauses at
punctuation and spaces; a character is listed when it is frequent inside clauses (at least
``--min-count`` times between two Han characters) and ends (starts) a clause at most
``--max-ratio`` times as often. Deterministic; writes
``src/cleantext/data/no_clause_end.txt`` and ``no_clause_start.txt``.

    python tools/clause_edges.py [--corpus PATH] [--exclude PUBLICATION] [--out DIR]

``--exclude`` leaves one publication out, to measure on it what the lists were not learned
from: write them over the package's (``--out src/cleantext/data``), run
``benchmarks/clean_articles.py`` and read that publication's line; then rerun without it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import pagegen  # noqa: E402

_CLAUSE_BREAK = regex.compile(r"[\p{P}\p{S}\s]+")
_HAN = regex.compile(r"\p{Han}")


def count_edges(texts: Iterable[str]) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """(clause ends, clause starts, inner ends, inner starts) per Han character.

    >>> ends, starts, inner_end, inner_start = count_edges(["这是标题", "每天，我们"])
    >>> ends["题"], starts["每"], inner_end["这"], inner_start["们"]
    (1, 1, 1, 1)
    """
    ends: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    inner_end: Counter[str] = Counter()
    inner_start: Counter[str] = Counter()
    for text in texts:
        for clause in _CLAUSE_BREAK.split(text):
            if len(clause) < 2:
                continue
            if _HAN.match(clause[-1]):
                ends[clause[-1]] += 1
            if _HAN.match(clause[0]):
                starts[clause[0]] += 1
            for a, b in pairwise(clause):
                if _HAN.match(a) and _HAN.match(b):
                    inner_end[a] += 1
                    inner_start[b] += 1
    return ends, starts, inner_end, inner_start


def rare_edges(edge: Counter[str], inner: Counter[str], *, min_count: int, max_ratio: float) -> list[str]:
    """Characters frequent inside clauses that sit at a clause edge at most ``max_ratio`` as often."""
    return sorted(c for c, n in inner.items() if n >= min_count and edge[c] <= max_ratio * n)


def write_list(path: Path, chars: Sequence[str], what: str, args: argparse.Namespace) -> None:
    header = (
        f"# Han characters that practically never {what} a clause (one a line), learned by\n"
        f"# tools/clause_edges.py from the development corpus (--min-count {args.min_count},\n"
        f"# --max-ratio {args.max_ratio}{', --exclude ' + args.exclude if args.exclude else ''}). "
        "Do not edit by hand: rerun the script.\n"
    )
    path.write_text(header + "".join(f"{c}\n" for c in chars), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=None, help="articles.jsonl.gz (default ../shared/corpus)")
    parser.add_argument("--exclude", default=None, help="leave this publication out")
    parser.add_argument("--min-count", type=int, default=2000)
    parser.add_argument("--max-ratio", type=float, default=0.004)
    parser.add_argument("--out", default=str(ROOT / "src" / "cleantext" / "data"), metavar="DIR")
    args = parser.parse_args(argv)
    articles = pagegen.load_articles_or_say(args.corpus, "clause_edges")
    if articles is None:
        return 1
    texts = (
        t
        for a in articles
        if a.source != args.exclude
        for t in (a.title, *a.paragraphs)
    )
    ends, starts, inner_end, inner_start = count_edges(texts)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    no_end = rare_edges(ends, inner_end, min_count=args.min_count, max_ratio=args.max_ratio)
    no_start = rare_edges(starts, inner_start, min_count=args.min_count, max_ratio=args.max_ratio)
    write_list(out / "no_clause_end.txt", no_end, "end", args)
    write_list(out / "no_clause_start.txt", no_start, "start", args)
    print(f"{len(no_end)} characters that never end a clause, {len(no_start)} that never start one -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
