"""ASCII full stops that ``normalize_punctuation`` turns into ``。`` on the development corpus.

Run from the repository root::

    python benchmarks/full_stops.py [--corpus PATH] [--examples N]

The corpus (``../shared/corpus/articles.jsonl.gz`` from the repository root, or
``$CLEANTEXT_CORPUS``) is development material only. For every paragraph it counts the ``.``
that :func:`cleantext.punctuation.fix_full_stops` converts, split by whether the paragraph's
article itself writes ``。`` elsewhere (the conversion agrees with the article's own style)
or not (an article that writes ``.`` throughout: worth a look), and the ``.`` after a Han
character that stay. ``--examples`` prints a few converted places of each kind (to read, not to
keep).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cleantext.punctuation import fix_full_stops  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
_DOT_AFTER_HAN = regex.compile(r"(?<=\p{Han})\.(?!\.)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = args.corpus or Path(os.environ.get("CLEANTEXT_CORPUS", DEFAULT_CORPUS))
    if not corpus.exists():
        print(f"corpus not found: {corpus} (pass --corpus PATH)", file=sys.stderr)
        return 2
    counts: Counter[str] = Counter()
    by_source: Counter[tuple[str, str]] = Counter()
    shown: Counter[str] = Counter()
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            paragraphs = [p for p in article["paragraphs"] if p]
            has_stop = any("。" in p for p in paragraphs)
            kind = "article writes 。" if has_stop else "article has no 。"
            for p in paragraphs:
                counts["paragraphs"] += 1
                edits = fix_full_stops(p)
                candidates = len(_DOT_AFTER_HAN.findall(p))
                counts["'.' after Han"] += candidates
                counts[f"converted, {kind}"] += len(edits)
                counts["'.' after Han kept"] += candidates - len(edits)
                by_source[(article["source"], kind)] += len(edits)
                for e in edits:
                    if shown[kind] < args.examples:
                        shown[kind] += 1
                        print(f"[{kind}] …{p[max(0, e.start - 12) : e.end + 12]}…")
    for key, value in counts.items():
        print(f"{key}: {value}")
    for (source, kind), value in sorted(by_source.items()):
        print(f"  {source} / {kind}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
