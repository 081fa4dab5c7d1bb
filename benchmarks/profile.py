"""cProfile of ``cleantext.clean`` over the benchmark corpus: top functions by cumulative time.

    PYTHONPATH=src python benchmarks/profile.py              # 5 MB, all pages
    PYTHONPATH=src python benchmarks/profile.py --style html --mb 2 --top 40
    PYTHONPATH=src python benchmarks/profile.py --out clean.prof   # for snakeviz / pstats

For a sampling profile of the same work (native frames included)::

    PYTHONPATH=src py-spy record -o clean.svg -- python benchmarks/profile.py --no-cprofile
"""

from __future__ import annotations

import sys

# This file is named profile.py, which shadows the standard library's ``profile`` that cProfile
# imports: look the standard modules up without this directory on the path.
_HERE = sys.path.pop(0)
import cProfile  # noqa: E402
import pstats  # noqa: E402

sys.path.insert(0, _HERE)

import argparse  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from corpus import build_corpus, size_mb  # noqa: E402

import cleantext  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--style", choices=("all", "plain", "html"), default="all")
    parser.add_argument("--top", type=int, default=25, help="rows to print (default 25)")
    parser.add_argument("--out", help="also write the raw profile to this file")
    parser.add_argument("--no-cprofile", action="store_true",
                        help="just run the work (to be sampled by py-spy)")
    args = parser.parse_args(argv)

    pages = build_corpus(args.mb)
    texts = [p.text for p in pages if args.style in ("all", p.style)]
    print(f"# cProfile of cleantext.clean: {len(texts)} {args.style} pages, "
          f"{size_mb(texts):.2f} MB; python {platform.python_version()}, "
          f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
    cleaner = cleantext.Cleaner()
    cleaner.clean(texts[0])  # warm caches (regex compilation, word lists) outside the profile

    if args.no_cprofile:
        t0 = time.perf_counter()
        for text in texts:
            cleaner.clean(text)
        print(f"{time.perf_counter() - t0:.2f} s")
        return 0

    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    for text in texts:
        cleaner.clean(text)
    profiler.disable()
    print(f"wall time under the profiler: {time.perf_counter() - t0:.2f} s")
    if args.out:
        profiler.dump_stats(args.out)
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key)
        stats.print_stats(args.top)
        body = out.getvalue()
        # Drop pstats' preamble (file names, totals printed above) up to the column header.
        start = body.find("   ncalls")
        print(f"\n## top {args.top} by {key}")
        print(body[start:].rstrip() if start >= 0 else body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
