"""Scaling: time against input size, one long line, and peak memory of streaming.

    PYTHONPATH=src python benchmarks/scaling.py                 # 1, 10, 100 MB; 5 MB line; 200 MB stream
    PYTHONPATH=src python benchmarks/scaling.py --max-mb 10 --stream-mb 50   # quicker

Each measurement runs in a fresh child process, so its peak RSS (``ru_maxrss``) is its own:

- ``document``: ONE page of N MB (seed pages, varied, joined by blank lines) through
  ``Cleaner.clean``; linear time means seconds per MB stays flat as N grows;
- ``one line``: a 5 MB page with no newline at all (plain text, and HTML source);
- ``stream``: ``iter_clean`` over a generator of N MB of pages (never all in memory), jobs=1
  and jobs=2; bounded memory means peak RSS does not grow with N.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from corpus import MB, build_corpus, iter_pages

import cleantext
from cleantext.batch import iter_clean

HERE = Path(__file__).resolve()


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss * scale / MB


def make_document(style: str, mb: float) -> str:
    pages = [p.text for p in build_corpus(mb / 0.7 if style == "plain" else mb / 0.3 + 1)
             if p.style == style]
    out, total = [], 0
    for text in pages:
        if total >= mb * MB:
            break
        out.append(text)
        total += len(text.encode("utf-8")) + 2
    return "\n\n".join(out)


def child(argv: list[str]) -> dict[str, object]:
    kind, style, mb_s, jobs_s = argv
    mb, jobs = float(mb_s), int(jobs_s)
    if kind == "stream":
        rng = random.Random(1)
        consumed = 0

        def pages() -> Iterator[str]:
            nonlocal consumed
            for page in iter_pages(rng):
                if consumed >= mb * MB:
                    return
                consumed += page.nbytes
                yield page.text

        rss0 = peak_rss_mb()
        t0 = time.perf_counter()
        out_chars = sum(len(t) for t in iter_clean(pages(), jobs=jobs))
        wall = time.perf_counter() - t0
        return {"mb": consumed / MB, "s": wall, "rss0": rss0, "rss": peak_rss_mb(),
                "children_rss": peak_rss_mb(resource.RUSAGE_CHILDREN), "out_chars": out_chars}
    text = make_document(style, mb)
    if kind == "line":
        text = text.replace("\n", "")
    size = len(text.encode("utf-8")) / MB
    cleaner = cleantext.Cleaner()
    cleaner.clean("预热")  # load word lists and patterns outside the timing
    rss0 = peak_rss_mb()
    cpu0, t0 = time.process_time(), time.perf_counter()
    out = cleaner.clean(text)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"mb": size, "s": wall, "cpu": cpu, "rss0": rss0, "rss": peak_rss_mb(), "out_chars": len(out),
            "lines_in": text.count("\n") + 1}


def run_child(kind: str, style: str, mb: float, jobs: int = 1) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, str(HERE), "--child", kind, style, str(mb), str(jobs)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child {kind} {style} {mb} failed:\n{proc.stderr}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=100.0,
                        help="largest single document (default 100: sizes 1, 10, 100 MB)")
    parser.add_argument("--line-mb", type=float, default=5.0, help="size of the one-line page")
    parser.add_argument("--stream-mb", type=float, default=200.0,
                        help="MB streamed through iter_clean (and a tenth of it, to compare)")
    parser.add_argument("--styles", default="plain,html", help="document styles to time")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0

    print("# cleantext scaling")
    print(f"python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"cores: {os.cpu_count()}, cleantext {cleantext.__version__}, "
          "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    sizes = [s for s in (1.0, 10.0, 100.0) if s <= args.max_mb] or [args.max_mb]

    print("\n## one document of N MB (Cleaner.clean, one call)")
    print(f"{'style':<6} {'MB':>7} {'cpu s':>8} {'wall s':>8} {'cpu s/MB':>9} {'vs 1st':>7} "
          f"{'MB/s cpu':>9} {'RSS before':>11} {'peak RSS':>9}")
    for style in args.styles.split(","):
        first = None
        for mb in sizes:
            r = run_child("document", style, mb)
            per_mb = r["cpu"] / r["mb"]
            first = first or per_mb
            print(f"{style:<6} {r['mb']:7.2f} {r['cpu']:8.2f} {r['s']:8.2f} {per_mb:9.3f} "
                  f"{per_mb / first:6.2f}x {r['mb'] / r['cpu']:9.2f} {r['rss0']:8.0f} MB "
                  f"{r['rss']:6.0f} MB")

    print(f"\n## one line of {args.line_mb:g} MB, no newline")
    for style in args.styles.split(","):
        r = run_child("line", style, args.line_mb)
        print(f"{style:<6} {r['mb']:7.2f} MB {r['cpu']:8.2f} s cpu {r['mb'] / r['cpu']:7.2f} MB/s cpu "
              f"lines in: {r['lines_in']:.0f}  peak RSS {r['rss']:.0f} MB")

    print("\n## streaming: iter_clean over a generator (input never held in memory)")
    print(f"{'jobs':>4} {'MB in':>8} {'seconds':>8} {'MB/s':>7} {'RSS start':>10} "
          f"{'peak RSS':>9} {'workers peak':>13}")
    for jobs in (1, 2):
        for mb in (args.stream_mb / 10, args.stream_mb):
            r = run_child("stream", "mixed", mb, jobs)
            workers = f"{r['children_rss']:10.0f} MB" if jobs > 1 else f"{'-':>13}"
            print(f"{jobs:>4} {r['mb']:8.1f} {r['s']:8.2f} {r['mb'] / r['s']:7.2f} "
                  f"{r['rss0']:7.0f} MB {r['rss']:6.0f} MB {workers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
