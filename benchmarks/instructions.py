"""Instructions executed to clean the corpus: a speed measure that load does not disturb.

    PYTHONPATH=src python benchmarks/instructions.py                       # this checkout
    python benchmarks/instructions.py --src OLD/src --src src --style plain  # before / after

CPU seconds on a shared machine move by 25 % from run to run; the number of machine
instructions CPython executes to clean the same pages repeats to a few in a million. Each
``--src`` (a folder holding the ``cleantext`` package) is run under valgrind's cachegrind
twice, once cleaning the pages and once doing only the start-up (imports, corpus, one warm-up
page), and the difference is printed. Needs ``valgrind`` on the PATH; each run takes about a
minute per MB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent


def child(style: str, mb: float, work: bool) -> None:
    # Imported here, in the measured child, from the --src given on its PYTHONPATH.
    from corpus import build_corpus  # noqa: PLC0415

    import cleantext  # noqa: PLC0415

    pages = [p.text for p in build_corpus(mb) if style in ("all", p.style)]
    cleaner = cleantext.Cleaner()
    cleaner.clean("标题\n正文。")  # word lists and patterns load outside the count
    if work:
        for text in pages:
            cleaner.clean(text)


def instructions(src: Path, style: str, mb: float, work: bool) -> int:
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    proc = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, str(HERE), "--child", style, str(mb), "work" if work else "none"],
        capture_output=True, text=True, env=env, check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode != 0 or not found:
        raise SystemExit(f"valgrind run failed for {src}:\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, action="append",
                        help="folder holding the cleantext package (repeatable; default: src)")
    parser.add_argument("--style", choices=("all", "plain", "html"), default="plain")
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (default 1)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        style, mb, work = args.child
        child(style, float(mb), work == "work")
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing measured", file=sys.stderr)
        return 2
    first = None
    print(f"# instructions to clean the {args.mb:g} MB corpus, {args.style} pages "
          "(start-up subtracted)")
    for src in args.src or [ROOT / "src"]:
        count = instructions(src, args.style, args.mb, True) - instructions(
            src, args.style, args.mb, False)
        first = first or count
        print(f"{src!s:<40} {count / 1e6:10.0f} M  {count / first:6.3f}x of the first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
