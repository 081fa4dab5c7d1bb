"""cProfile of ``cleantext.clean`` over the benchmark corpus: top functions by cumulative time.

    PYTHONPATH=src python benchmarks/profile.py              # 5 MB, all pages
    PYTHONPATH=src python benchmarks/profile.py --style html --mb 2 --top 40
    PYTHONPATH=src python benchmarks/profile.py --out clean.prof   # for snakeviz / pstats

Per-step CPU time without a profiler's distortion (each step's ``ops``, ``apply_ops``,
``split_blocks`` … timed with ``time.process_time``, which does not count time spent waiting for
a busy core)::

    PYTHONPATH=src python benchmarks/profile.py --steps --style plain --mb 1

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
    parser.add_argument("--steps", action="store_true",
                        help="CPU seconds per pipeline step instead of a cProfile")
    args = parser.parse_args(argv)

    pages = build_corpus(args.mb)
    texts = [p.text for p in pages if args.style in ("all", p.style)]
    what = "CPU time by step" if args.steps else "cProfile"
    print(f"# {what} of cleantext.clean: {len(texts)} {args.style} pages, "
          f"{size_mb(texts):.2f} MB; python {platform.python_version()}, "
          f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
    cleaner = cleantext.Cleaner()
    cleaner.clean(texts[0])  # warm caches (regex compilation, word lists) outside the profile

    if args.steps:
        return step_times(cleaner, texts)

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


def step_times(cleaner: cleantext.Cleaner, texts: Sequence[str]) -> int:
    """Print the CPU seconds spent in each step (and in the pipeline's own calls) over ``texts``."""
    from collections import defaultdict  # noqa: PLC0415
    from collections.abc import Callable  # noqa: PLC0415

    from cleantext import pipeline  # noqa: PLC0415

    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, func: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            t0 = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - t0

        return run

    saved = [(step, step.ops) for step in pipeline.PIPELINE]
    names = ("apply_ops", "split_blocks", "mark_article_breaks", "read_markup", "render")
    saved_globals = {name: getattr(pipeline, name) for name in names}
    try:
        for step, ops in saved:
            step.ops = timed(step.name, ops)  # type: ignore[method-assign]
        for name, func in saved_globals.items():
            setattr(pipeline, name, timed(name, func))
        t0 = time.process_time()
        for text in texts:
            cleaner.clean(text)
        total = time.process_time() - t0
    finally:
        for step, ops in saved:
            step.ops = ops  # type: ignore[method-assign]
        for name, func in saved_globals.items():
            setattr(pipeline, name, func)
    print(f"total {total:.3f} s CPU, {size_mb(list(texts)) / total:.3f} MB/s")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:28s} {seconds:7.3f} s  {100 * seconds / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
