"""Main-content extraction on real Chinese news pages, raw and hard-wrapped.

    PYTHONPATH=src python benchmarks/webpages.py [--seed 0] [--pages DIR] [--only NAME ...]
        [--verbose] [--explain]

For each extractor (cleantext's pipeline, cleantext's webpage module alone, trafilatura alone,
readability-lxml alone, beautifulsoup4 ``get_text``), on the pages of ``tests/data/webpages``
as they are ("raw") and hard-wrapped at 56–72 columns by ``wrap_pages.py`` ("wrapped"):

``webpage`` is :func:`cleantext.webpage.main_content_texts` called directly (what markup
will call after its repair); ``webpage+tagjoin`` calls it after a minimal repair that only
rejoins tags and entities cut by the wrap (``minimal_repair``), to tell the module's own
robustness from the markup repair's. ``cleantext`` is the whole pipeline as it is on this
branch (the markup step decides whether to call the web-page module).

- recall: Han characters of the reference found in the output, as a character bag (multiset
  intersection over the reference's required lines, i.e. lines not marked ``? ``);
- noise: Han characters of the output that are not in the reference (required + optional
  lines: title, bylines, editor lines) as a bag, over the output's Han characters;
- wrap: wrap invariance, bag similarity 2|A∩B|/(|A|+|B|) of the non-space characters of
  the raw-page and wrapped-page outputs;
- spaces: spurious spaces, the number of ``x y`` (x, y Han or digits) in the output whose
  two characters either side are not so spaced in the reference;
- residue: markup left in the output (tags, entities, ``attr=`` and ``px`` CSS fragments).

Prints the mean (and worst page) of each figure per extractor and page set.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex
import trafilatura
from bs4 import BeautifulSoup
from lxml import html as lxml_html
from readability import Document  # type: ignore[import-untyped]

import cleantext
from cleantext import webpage

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wrap_pages import page_width, wrap_page

ROOT = Path(__file__).resolve().parent.parent
HAN = regex.compile(r"\p{Han}")
SPACED = regex.compile(r"(?<=[\p{Han}\d]) +(?=[\p{Han}\d])")
RESIDUE = regex.compile(
    r"</?[A-Za-z][A-Za-z0-9]*[\s>/]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});|\b[a-z-]{2,}=[\"']"
    r"|\b\d+px\b|[a-z-]{3,}:\s*\d"
)


def bag(text: str) -> collections.Counter[str]:
    return collections.Counter(HAN.findall(text))


def recall_noise(out: str, reference: str) -> tuple[float, float]:
    required = "\n".join(x for x in reference.splitlines() if not x.startswith("? "))
    allowed = reference.replace("? ", "")
    o, r, a = bag(out), bag(required), bag(allowed)
    recall = sum((o & r).values()) / max(1, sum(r.values()))
    noise = sum((o - a).values()) / max(1, sum(o.values()))
    return recall, noise


def similarity(a: str, b: str) -> float:
    ca = collections.Counter(regex.sub(r"\s", "", a))
    cb = collections.Counter(regex.sub(r"\s", "", b))
    total = sum(ca.values()) + sum(cb.values())
    return 1.0 if total == 0 else 2 * sum((ca & cb).values()) / total


def spurious_space_spots(out: str, reference: str) -> list[str]:
    """Each spurious space with 20 characters of context either side."""
    ref = regex.sub(r"[ \t\u3000\xa0]+", " ", reference.replace("? ", ""))
    spots = []
    for m in SPACED.finditer(out):
        window = out[max(0, m.start() - 2) : m.start()] + " " + out[m.end() : m.end() + 2]
        if window not in ref:
            spots.append(out[max(0, m.start() - 20) : m.end() + 20])
    return spots


def spurious_spaces(out: str, reference: str) -> int:
    return len(spurious_space_spots(out, reference))


def residue_spots(out: str) -> list[str]:
    """Each piece of markup residue with 30 characters of context either side."""
    return [out[max(0, m.start() - 30) : m.end() + 30] for m in RESIDUE.finditer(out)]


def residue(out: str) -> int:
    return len(RESIDUE.findall(out))


def run_cleantext(html: str) -> str:
    return cleantext.clean(html)


def run_webpage(html: str) -> str:
    return "\n".join(webpage.main_content_texts(html) or [])


_IN_TAG_BREAK = regex.compile(r"<[^<>]*>")
_CUT_ENTITY = regex.compile(r"&([#\w]{0,8})\n([#\w]{0,8};)")


def minimal_repair(html: str) -> str:
    """Only what any markup repair must do: rejoin tags and entities cut by a wrap.

    Newlines that a wrap put inside text are left in, so that ``webpage+tagjoin`` measures
    the web-page module's own robustness, separately from cleantext's markup repair.
    """
    html = _IN_TAG_BREAK.sub(lambda m: m.group().replace("\n", ""), html)
    return _CUT_ENTITY.sub(r"&\1\2", html)


def run_webpage_tagjoin(html: str) -> str:
    return run_webpage(minimal_repair(html))


def run_trafilatura(html: str) -> str:
    return trafilatura.extract(html) or ""


def run_readability(html: str) -> str:
    summary = Document(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary else ""


def run_bs4(html: str) -> str:
    return BeautifulSoup(html, "lxml").get_text("\n")


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "cleantext": run_cleantext,
    "webpage": run_webpage,
    "webpage+tagjoin": run_webpage_tagjoin,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
    "bs4": run_bs4,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=ROOT / "tests/data/webpages")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", help="extractor names to run")
    parser.add_argument("--verbose", action="store_true", help="print every page's figures")
    parser.add_argument(
        "--explain", action="store_true", help="print where each spurious space and residue is"
    )
    args = parser.parse_args()
    pages = sorted(args.pages.glob("*.html"))
    names = args.only or list(EXTRACTORS)
    rows: dict[tuple[str, str], list[tuple[float, float, float, int, int]]] = {}
    for name in names:
        fn = EXTRACTORS[name]
        start = time.perf_counter()
        raw_rows, wrapped_rows = [], []
        for path in pages:
            html = path.read_text("utf-8")
            reference = path.with_suffix(".reference.txt").read_text("utf-8")
            wrapped = wrap_page(html, page_width(path.stem, args.seed))
            out_raw, out_wrapped = fn(html), fn(wrapped)
            wrap = similarity(out_raw, out_wrapped)
            if args.explain:
                for kind, out in (("raw", out_raw), ("wrapped", out_wrapped)):
                    for spot in spurious_space_spots(out, reference):
                        print(f"  {name} {path.stem} {kind} space: {spot!r}")
                    for spot in residue_spots(out):
                        print(f"  {name} {path.stem} {kind} residue: {spot!r}")
            for out, into in ((out_raw, raw_rows), (out_wrapped, wrapped_rows)):
                rec, noise = recall_noise(out, reference)
                into.append((rec, noise, wrap, spurious_spaces(out, reference), residue(out)))
            if args.verbose:
                r, w = raw_rows[-1], wrapped_rows[-1]
                print(f"  {name:16} {path.stem:14} raw rec {r[0]:.3f} noise {r[1]:.3f} "
                      f"sp {r[3]} res {r[4]} | wrapped rec {w[0]:.3f} noise {w[1]:.3f} "
                      f"sp {w[3]} res {w[4]} | wrap {wrap:.3f}")
        rows[(name, "raw")], rows[(name, "wrapped")] = raw_rows, wrapped_rows
        print(f"# {name}: {time.perf_counter() - start:.1f} s for {len(pages)} pages x 2",
              file=sys.stderr)
    print(f"{len(pages)} pages, seed {args.seed}; mean (worst page)")
    print(f"{'extractor':16} {'set':8} {'recall':>14} {'noise':>14} {'wrap inv.':>14} "
          f"{'spaces':>12} {'residue':>12}")
    for (name, kind), data in rows.items():
        rec = [d[0] for d in data]
        noi = [d[1] for d in data]
        wra = [d[2] for d in data]
        spa = [d[3] for d in data]
        res = [d[4] for d in data]
        print(f"{name:16} {kind:8} {statistics.mean(rec):6.3f} ({min(rec):.3f}) "
              f"{statistics.mean(noi):6.3f} ({max(noi):.3f}) {statistics.mean(wra):6.3f} "
              f"({min(wra):.3f}) {sum(spa):6d} ({max(spa):3d}) {sum(res):6d} ({max(res):3d})")


if __name__ == "__main__":
    main()
