"""Peak memory of the command line on a large input: ``cleantext clean BIG -o OUT`` and
``cleantext jsonl BIG.jsonl -o OUT``, with the whole process tree's resident memory sampled.

    PYTHONPATH=src python benchmarks/stream_memory.py                  # 1000 MB, --jobs 2
    PYTHONPATH=src python benchmarks/stream_memory.py --mb 100 --commands clean

The input is generated from the seed pages (``corpus.iter_pages``: plain and HTML pages in the
corpus mix, one after another, a blank line apart; for ``jsonl`` one page per record) into a
temporary directory, then the CLI runs on it as a child process. Every 0.2 s the benchmark adds
up the resident memory (``VmRSS``) of the child and all its descendants (the ``--jobs`` workers);
it prints the peak of that sum, the peak of the largest single process, and MB/s (wall clock,
all processes together). Linux only (``/proc``). The goal of issue 8: under 300 MB on 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import MB, iter_pages

import cleantext

GOAL_RSS_MB = 300


def write_input(path: Path, mb: float, *, jsonl: bool) -> float:
    """Write about ``mb`` MB of generated pages to ``path``; return the size in MB."""
    rng = random.Random(1)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for i, page in enumerate(iter_pages(rng)):
            if written >= mb * MB:
                break
            if jsonl:
                line = json.dumps({"id": i, "text": page.text}, ensure_ascii=False) + "\n"
            else:
                line = page.text.strip("\n") + "\n\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
    return written / MB


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        kids: list[int] = []
        for task in tasks:
            text = (task / "children").read_text()
            kids.extend(int(x) for x in text.split())
        return kids
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / MB
    except OSError:
        pass
    return 0.0


def tree_rss(pid: int) -> tuple[float, float, int]:
    """(sum of RSS over the process tree, largest single RSS, processes) in MB."""
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    sizes = [_rss_mb(p) for p in seen]
    return sum(sizes), max(sizes, default=0.0), len(seen)


def run(argv: list[str]) -> dict[str, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", *argv],
                            stderr=subprocess.PIPE, text=True)
    peak_sum = peak_one = 0.0
    most = 0
    while proc.poll() is None:
        total, one, count = tree_rss(proc.pid)
        peak_sum, peak_one, most = max(peak_sum, total), max(peak_one, one), max(most, count)
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"cleantext {' '.join(argv)} exited {proc.returncode}: {err}")
    return {"s": wall, "peak_sum": peak_sum, "peak_one": peak_one, "processes": most}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1000.0, help="input size (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs for the CLI (default 2)")
    parser.add_argument("--commands", default="clean,jsonl", help="which commands to run")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to write the input and output (default: a temporary dir)")
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        print("stream_memory.py reads /proc: Linux only", file=sys.stderr)
        return 2
    print("# cleantext: peak memory of the CLI on a large input")
    print(f"python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"cores: {os.cpu_count()}, cleantext {cleantext.__version__}, load average: "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'command':<8} {'MB in':>8} {'jobs':>4} {'wall s':>8} {'MB/s':>6} "
          f"{'peak RSS, all processes':>24} {'largest process':>16} {'goal':>8}")
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for command in args.commands.split(","):
            jsonl = command == "jsonl"
            src = Path(tmp) / ("in.jsonl" if jsonl else "in.txt")
            out = Path(tmp) / "out"
            size = write_input(src, args.mb, jsonl=jsonl)
            r = run([command, str(src), "-o", str(out), "--jobs", str(args.jobs)])
            ok = "ok" if r["peak_sum"] < GOAL_RSS_MB else "over"
            print(f"{command:<8} {size:8.1f} {args.jobs:>4} {r['s']:8.1f} {size / r['s']:6.2f} "
                  f"{r['peak_sum']:18.0f} MB ({r['processes']:.0f}) {r['peak_one']:13.0f} MB "
                  f"{ok:>4} <{GOAL_RSS_MB}", flush=True)
            src.unlink()
            out.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
