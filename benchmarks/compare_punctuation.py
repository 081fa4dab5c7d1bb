"""Compare punctuation normalizers on the seed pages: harmful edits and missed conversions.

Run from the repository root::

    python benchmarks/compare_punctuation.py [--markdown] [--examples]

For every tool and seed page it prints

- **harmful**: edits that change a protected form of the source: a Han character, a number
  (``14.5%``, ``1,000``, ``10:30``), a Roman or circled numeral (``Ⅱ ⑬``), a unit sign
  (``℃ ㎡``), an ellipsis or dash (``…… ——``), a curly quote, a book-title mark, or a
  full-width Chinese punctuation mark (``，`` turned into ``,`` is harm, not a fix);
- **missed**: ASCII ``, : ; ? ! ( ) "`` or ``...`` left next to a Han character in the output
  (ASCII punctuation in Chinese context, against GB/T 15834-2011).

Edits are found by aligning each output line with its source line (difflib); every tool here
keeps the line structure. Tools: autocorrect-py (spaces off), ftfy with its defaults, ftfy
with cleantext's safe settings, NFKC, and cleantext's character and punctuation steps
(``fix_encoding``, ``decode_entities``, ``remove_invisible_chars``, ``normalize_width``,
``normalize_punctuation``, in pipeline order).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import autocorrect_py
import ftfy
import regex

# Run from a checkout without installing: this repository's source comes first.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cleantext.characters import (  # noqa: E402
    FTFY_CONFIG,
    fix_encoding,
    normalize_width,
    remove_invisible_chars,
)
from cleantext.markup import decode_entities  # noqa: E402
from cleantext.punctuation import normalize_punctuation  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# autocorrect's rules with every spacing rule off: only its punctuation and width fixes run.
AUTOCORRECT_NO_SPACES = """
rules:
  space-word: 0
  space-punctuation: 0
  space-bracket: 0
  space-dash: 0
  space-backticks: 0
  space-dollar: 0
  no-space-fullwidth: 0
  no-space-fullwidth-quote: 0
  fullwidth: 1
  halfwidth-word: 1
  halfwidth-punctuation: 1
"""


def run_autocorrect(text: str) -> str:
    autocorrect_py.load_config(AUTOCORRECT_NO_SPACES)
    return str(autocorrect_py.format(text))


def run_cleantext(text: str) -> str:
    for step in (fix_encoding, decode_entities, remove_invisible_chars, normalize_width):
        text = step(text)
    return normalize_punctuation(text)


TOOLS: dict[str, Callable[[str], str]] = {
    "autocorrect-py (no spaces)": run_autocorrect,
    "ftfy (defaults)": ftfy.fix_text,
    "ftfy (safe settings)": lambda t: ftfy.fix_text(t, FTFY_CONFIG),
    "NFKC": lambda t: unicodedata.normalize("NFKC", t),
    "cleantext": run_cleantext,
}

PROTECTED_TOKEN = regex.compile(
    r"\d+(?:[.,:/]\d+)*%?"
    r"|[\p{Han}ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ\u2460-\u24ff\u3251-\u325f\u32b1-\u32bf℃㎡㎥㎞㎏…—“”‘’《》〈〉·"
    r"，。、；：？！（）【】〔〕「」『』]+"
)
MISSED = regex.compile(r'(?<=\p{Han})(?:[,:;?!()"]|\.{3,})|(?:[,:;?!()"]|\.{3,})(?=\p{Han})')


def protected_mask(line: str) -> bytearray:
    mask = bytearray(len(line))
    for m in PROTECTED_TOKEN.finditer(line):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def harmful_edits(source: str, output: str) -> list[tuple[str, str]]:
    """(before, after) of each edit that touches a protected form of ``source``."""
    src_lines, out_lines = source.split("\n"), output.split("\n")
    if len(src_lines) != len(out_lines):
        src_lines, out_lines = [source], [output]
    harms = []
    for a, b in zip(src_lines, out_lines, strict=True):
        if a == b:
            continue
        mask = protected_mask(a)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op in ("replace", "delete") and any(mask[i1:i2]):
                harms.append((a[i1:i2], b[j1:j2]))
    return harms


def missed(output: str) -> int:
    return len(MISSED.findall(output))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument("--examples", action="store_true", help="show harmful edits")
    args = parser.parse_args(argv)
    seeds = [(p.name[:3], p.read_text("utf-8")) for p in SEEDS]
    rows = []
    examples: dict[str, list[tuple[str, str]]] = {}
    for name, tool in TOOLS.items():
        per_seed = []
        for _, text in seeds:
            out = tool(text)
            harms = harmful_edits(text, out)
            examples.setdefault(name, []).extend(harms)
            per_seed.append((len(harms), missed(out)))
        rows.append((name, per_seed))
    source_missed = [missed(text) for _, text in seeds]

    header = ["tool"] + [f"{sid} harm/miss" for sid, _ in seeds] + ["total harmful", "total missed"]
    table = [
        ["(source, unchanged)"] + [f"0/{m}" for m in source_missed] + ["0", str(sum(source_missed))]
    ]
    for name, per_seed in rows:
        table.append(
            [name]
            + [f"{h}/{m}" for h, m in per_seed]
            + [str(sum(h for h, _ in per_seed)), str(sum(m for _, m in per_seed))]
        )
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for row in table:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
        for row in [header, *table]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    if args.examples:
        for name, harms in examples.items():
            shown = ", ".join(f"{b!r}→{a!r}" for b, a in harms[:8])
            print(f"\n{name}: {len(harms)} harmful edits, e.g. {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
