"""Per seed page: changes per step, Han retention, articles, lacunae, noise, idempotence.

``flag_noise_lines`` changes no text, so its column is always 0: see the noise column.
``rejoin_wrapped_lines`` makes two kinds of change, also counted apart: ``joins`` (two lines
made one) and ``breaks`` (a blank line written at a lacuna inside a sentence).

Run: ``python benchmarks/seed_report.py`` (from a checkout with the project installed).
The closing notes of the issues quote its output.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cleantext
from cleantext import STEP_NAMES

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    steps = [s for s in STEP_NAMES if s != "convert_chinese"]
    short = {s: f"s{i}" for i, s in enumerate(steps)}
    print("steps: " + ", ".join(f"{short[s]}={s}" for s in steps))
    print(f"{'seed':<5}" + "".join(f"{short[s]:>6}" for s in steps) + "  joins breaks retention articles lacunae noise idempotent")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text("utf-8")
        result = cleantext.Cleaner().run(text, trace=True)
        counts = Counter(c.step for c in result.changes)
        rejoin = [c for c in result.changes if c.step == "rejoin_wrapped_lines"]
        joins = sum(1 for c in rejoin if c.before == "\n")
        breaks = sum(1 for c in rejoin if c.after == "\n" and not c.before)
        lacunae = sum(len(a.lacunae) for a in result.articles)
        noise = sum(len(a.noise) for a in result.articles)
        again = cleantext.clean(result.text) == result.text
        print(
            f"{path.name[:3]:<5}"
            + "".join(f"{counts.get(s, 0):>6}" for s in steps)
            + f"  {joins:>5} {breaks:>6}"
            + f" {result.retention:>9.2%} {len(result.articles):>8} {lacunae:>7} {noise:>5} {again!s:>10}"
        )


if __name__ == "__main__":
    main()
