"""The steps ported to the Rust core against their Python reference, alone, in the same run.

    PYTHONPATH=src python benchmarks/core_steps.py                  # 5 MB generated corpus
    PYTHONPATH=src python benchmarks/core_steps.py --mb 1 --corpus /work/shared/corpus/articles.jsonl.gz

For each ported step, two figures on each page set, as MB/s (UTF-8 input, 10**6 bytes, per
CPU second of this process), Rust (``cleantext.characters``) and Python (the reference in
``tests/reference``), and their ratio:

- ``step``: ``step.edits(page)``, what the pipeline pays: the step's trigger (a ``re`` search,
  the same for both) skips the lines without work, the rules run on the others;
- ``rules``: the rules alone on every line (no trigger), one call per line;
- ``core, one call a page``: the core's rules called once per page (line breaks inside; not
  quite the step, whose lines end at each break): what the per-line calls cost, i.e. what a
  page kernel that sees a page at once would gain. Python has no such row.

Every page is also checked for identical edits. Page sets: the throughput corpus
(``corpus.py``, seed 0) and, when present, the development corpus of real articles
(``--corpus``, default ``../shared/corpus/articles.jsonl.gz`` beside the repository, or
``$CLEANTEXT_CORPUS``); without it, the run says so and measures the generated pages only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus import build_corpus, size_mb

from cleantext import characters
from cleantext.steps import inline_step

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.reference import characters as reference  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"

PORTED = [
    (characters.remove_invisible_chars, reference.remove_invisible_chars, reference.ACTIONABLE.search),
    (characters.normalize_width, reference.normalize_width, reference.WIDTH_TRIGGER.search),
]
CORE = {"remove_invisible_chars": characters._INVISIBLE, "normalize_width": characters._WIDTH}


def real_articles(path: Path, limit: int | None) -> list[str]:
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            pages.append("\n".join([article.get("title") or "", *article["paragraphs"]]))
            if limit is not None and len(pages) >= limit:
                break
    return pages


def cpu_time(func: Callable[[str], object], texts: Sequence[str], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``func`` over ``texts``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for text in texts:
            func(text)
        best = min(best, time.process_time() - t0)
    return best


def compare(title: str, pages: list[str], repeat: int) -> bool:
    mb = size_mb(pages)
    lines = [line for page in pages for line in page.split("\n")]
    print(f"\n## {title}: {len(pages)} pages, {mb:.2f} MB, {len(lines)} lines")
    print(f"{'':<40} {'rust MB/s':>10} {'python MB/s':>12} {'rust/python':>12}")
    same = True
    for step, ref_rules, trigger in PORTED:
        ref_step = inline_step(ref_rules, trigger=trigger)
        edits = 0
        for page in pages:
            mine = step.edits(page)
            same &= mine == ref_step.edits(page)
            edits += len(mine)
        rows = [
            ("step", step.edits, ref_step.edits, pages),
            ("rules", step.func, lambda line, r=ref_rules: list(r(line)), lines),
        ]
        for kind, fast, slow, texts in rows:
            rust, python = cpu_time(fast, texts, repeat), cpu_time(slow, texts, repeat)
            print(f"{step.name + ' ' + kind:<40} {mb / rust:10.1f} {mb / python:12.1f} "
                  f"{python / rust:11.2f}x")
        whole = cpu_time(CORE[step.name].edits, pages, repeat)
        print(f"{step.name + ' core, one call a page':<40} {mb / whole:10.1f}")
        print(f"{step.name + ' edits':<40} {edits:10d}")
    print(f"edits identical to the reference: {same}")
    return same


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="generated corpus in MB (default 5)")
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("CLEANTEXT_CORPUS", DEFAULT_CORPUS)),
                        help="the development corpus (articles.jsonl.gz)")
    parser.add_argument("--articles", type=int, default=None,
                        help="only the first N articles of the corpus (default all)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args(argv)
    print("# the steps ported to the Rust core vs their Python reference (one core, cpu time)")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    same = compare("generated pages (corpus.py, seed 0)",
                   [p.text for p in build_corpus(args.mb, seed=0)], args.repeat)
    if args.corpus.is_file():
        same &= compare(f"real articles ({args.corpus.name})",
                        real_articles(args.corpus, args.articles), args.repeat)
    else:
        print(f"\n(no development corpus at {args.corpus}: pass --corpus PATH or set "
              "CLEANTEXT_CORPUS to measure on real articles too)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
