"""How many documents are not a fixed point: ``clean(clean(x)) != clean(x)``.

    PYTHONPATH=src python benchmarks/idempotence.py            # counts by source and kind
    PYTHONPATH=src python benchmarks/idempotence.py --show 10  # and the first differences

The documents are those of ``output_digest.py`` (seeds, web-page fixtures, goldens, a generated
corpus, random strings over the damage alphabet). A difference is counted as ``breaks`` when
only blank lines between articles differ, ``lines`` when only line breaks differ, else
``text``. The tests hold the seeds and Hypothesis examples to the contract; this shows how far
the rest is from it.
"""

from __future__ import annotations

import argparse
import collections
import sys

from output_digest import documents

import cleantext


def kind(once: str, twice: str) -> str:
    if once.replace("\n\n", "\n") == twice.replace("\n\n", "\n"):
        return "breaks"
    if once.replace("\n", "") == twice.replace("\n", ""):
        return "lines"
    return "text"


def first_difference(once: str, twice: str, context: int = 30) -> str:
    i = next((k for k, (a, b) in enumerate(zip(once, twice, strict=False)) if a != b),
             min(len(once), len(twice)))
    lo = max(0, i - context)
    return f"{once[lo:i + context]!r} -> {twice[lo:i + context]!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the generated corpus")
    parser.add_argument("--show", type=int, default=0, help="print the first N differences")
    args = parser.parse_args(argv)
    cleaner = cleantext.Cleaner()
    total: collections.Counter[str] = collections.Counter()
    bad: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    shown = 0
    for name, text in documents(args.mb):
        source = name.split(":")[0]
        total[source] += 1
        once = cleaner.clean(text)
        twice = cleaner.clean(once)
        if once != twice:
            bad[source][kind(once, twice)] += 1
            if shown < args.show:
                shown += 1
                print(f"{name}: {first_difference(once, twice)}")
    print(f"{'source':<14} {'documents':>9} {'not fixed':>9} {'text':>6} {'lines':>6} {'breaks':>6}")
    for source in sorted(total):
        b = bad[source]
        print(f"{source:<14} {total[source]:9d} {sum(b.values()):9d} {b['text']:6d} "
              f"{b['lines']:6d} {b['breaks']:6d}")
    all_bad = sum(sum(b.values()) for b in bad.values())
    print(f"{'all':<14} {sum(total.values()):9d} {all_bad:9d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
