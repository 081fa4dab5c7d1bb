"""Generalization benchmark: article splitting on pages of a publication never tuned on.

For each of the corpus's publications in turn (leave one publication out, ``pagegen.folds``),
``--pages`` pages are generated from that publication's articles only (``pagegen``: plain, OCR
and HTML styles taking turns) and split by ``Cleaner().run(text).articles``. Every output block
is mapped back to the gold lines it overlaps (``Block.start``/``end``); a gold line belongs to
the output record holding most of it. Scored, per fold and as the mean over the folds:

- pairwise same-article precision/recall/F1 over the gold lines of articles (page furniture
  and noise are not scored; lines no block maps to are counted in ``kept`` only, as in
  ``segmentation.py``);
- titles: the output article holding most of a gold article's lines has the gold title
  (compared with non-word characters and ``#`` removed);
- bylines: gold byline lines that land as a byline (the block holding most of the line has the
  role ``byline``);
- repairs: injected duplicates (clauses, sentences, paragraphs) and column spaces between Han
  characters that the output no longer shows, and Han the output lacks against the gold
  (``score_repairs``);
- a confusion summary: gold role -> the role of the block holding most of the line.

The seeds with their hand-made gold are scored too, through ``segmentation.py``, as the
regression line (they are never generated from nor trained on).

Run: ``PYTHONPATH=src python benchmarks/generalization.py [--pages 60] [--seed 1]
[--corpus PATH] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The line models trained with one publication held out (``tools/train_roles.py --folds``).
MODELS = ROOT / "benchmarks" / "models"
sys.path.insert(0, str(ROOT / "benchmarks"))

import pagegen  # noqa: E402
import segmentation  # noqa: E402
from pagegen import Page, han  # noqa: E402

from cleantext import Cleaner, Config  # noqa: E402
from cleantext.blocks import Block  # noqa: E402
from cleantext.segment import Article  # noqa: E402

_NOT_WORD = re.compile(r"[^\w]|_|#", re.UNICODE)


def norm_title(s: str | None) -> str:
    """A title as compared: word characters only (``#`` markers and punctuation dropped)."""
    return _NOT_WORD.sub("", s or "")


@dataclass
class Tally:
    """Counts over pages (summed for folds and styles)."""

    pages: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    lines: int = 0
    kept: int = 0
    titles: int = 0
    titles_ok: int = 0
    bylines: int = 0
    bylines_ok: int = 0
    articles_gold: int = 0
    articles_out: int = 0
    dups: int = 0
    dups_removed: int = 0
    spaces: int = 0
    spaces_removed: int = 0
    han_lost: int = 0
    breaks: int = 0
    breaks_joined: int = 0
    bounds: int = 0
    bounds_glued: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name == "confusion":
                self.confusion.update(other.confusion)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {
            "pages": self.pages,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "titles": self.titles_ok / self.titles if self.titles else 1.0,
            "bylines": self.bylines_ok / self.bylines if self.bylines else 1.0,
            "kept": self.kept / self.lines if self.lines else 1.0,
            "articles_gold": self.articles_gold,
            "articles_out": self.articles_out,
            "duplicates_removed": self.dups_removed / self.dups if self.dups else 1.0,
            "column_spaces_removed": self.spaces_removed / self.spaces if self.spaces else 1.0,
            "han_lost": self.han_lost,
            "breaks_joined": self.breaks_joined / self.breaks if self.breaks else 1.0,
            "lines_glued": self.bounds_glued / self.bounds if self.bounds else 0.0,
        }

    def row(self) -> str:
        f = self.figures()
        return (
            f"P={f['precision']:.3f} R={f['recall']:.3f} F1={f['f1']:.3f} "
            f"titles={self.titles_ok}/{self.titles}={f['titles']:.3f} "
            f"bylines={self.bylines_ok}/{self.bylines}={f['bylines']:.3f} "
            f"kept={f['kept']:.3f} articles out/gold={self.articles_out}/{self.articles_gold}"
            + (f" dups={self.dups_removed}/{self.dups}" if self.dups else "")
            + (f" colspaces={self.spaces_removed}/{self.spaces}" if self.spaces else "")
            + f" han_lost={self.han_lost}"
            + (f" breaks joined={self.breaks_joined}/{self.breaks}" if self.breaks else "")
            + f" glued={self.bounds_glued}/{self.bounds}"
        )


def map_lines(page: Page, articles: Sequence[Article]) -> list[tuple[int, str] | None]:
    """Per gold line: (output record holding most of it, -1 for page level; that block's role)."""
    best: list[tuple[int, int, str] | None] = [None] * len(page.lines)
    starts = [g.start for g in page.lines]
    for k, art in enumerate(articles):
        label = k if art.kind == "article" else -1
        for b in art.blocks:
            if b.end <= b.start:
                continue
            i = max(0, bisect_right(starts, b.start) - 1)
            while i < len(page.lines) and page.lines[i].start < b.end:
                g = page.lines[i]
                ov = min(g.end, b.end) - max(g.start, b.start)
                if ov > 0 and (best[i] is None or ov > best[i][0]):  # type: ignore[index]
                    best[i] = (ov, label, b.role.value)
                i += 1
    return [None if x is None else (x[1], x[2]) for x in best]


def score_page(page: Page, articles: Sequence[Article]) -> Tally:
    """Compare the split of ``page`` with its gold."""
    got = map_lines(page, articles)
    t = Tally(pages=1, articles_gold=len(page.articles),
              articles_out=sum(1 for a in articles if a.kind == "article"))
    scored = []
    for g, m in zip(page.lines, got, strict=True):
        t.confusion[(g.role, m[1] if m else "lost")] += 1
        if g.role == "byline":
            t.bylines += 1
            t.bylines_ok += m is not None and m[1] == "byline"
        if g.article < 0:
            continue
        t.lines += 1
        if m is not None and m[0] >= 0:
            t.kept += 1
        if m is not None:
            scored.append((g.article, m[0]))
    for (ra, ha), (rb, hb) in combinations(scored, 2):
        same_r, same_h = ra == rb, ha == hb and ha >= 0
        t.tp += same_r and same_h
        t.fp += same_h and not same_r
        t.fn += same_r and not same_h
    for k, gold in enumerate(page.articles):
        t.titles += 1
        votes = Counter(m[0] for g, m in zip(page.lines, got, strict=True)
                        if g.article == k and m is not None and m[0] >= 0)
        if votes:
            out = articles[max(votes, key=lambda x: (votes[x], -x))]
            t.titles_ok += norm_title(out.title) == norm_title(gold.title)
    return t


def score_breaks(page: Page, blocks: Sequence[Block]) -> Tally:
    """Line breaks inside a gold line (a paragraph wrapped or cut) that an output block spans
    (joined, as wanted), and boundaries between two gold lines of one article that a block
    spans (glued: a title, byline or paragraph run into its neighbour)."""
    t = Tally()
    # A paragraph's injected copy follows it on a line of its own (dedup's business): neither
    # the break before it nor those inside it (the copy is dropped) are the join's to make.
    copies = [(s - 1, e) for kind, s, e in page.injected if kind == "duplicate-paragraph"]
    spans = sorted((b.start, b.end) for b in blocks if b.end > b.start)
    starts = [s for s, _ in spans]

    def spanned(at: int) -> bool:
        i = bisect_right(starts, at) - 1
        return i >= 0 and spans[i][0] < at < spans[i][1]

    for g in page.lines:
        if g.article < 0 or g.role != "paragraph":
            continue
        for m in re.finditer("\n", page.text[g.start : g.end]):
            at = g.start + m.start()
            if any(s <= at < e for s, e in copies):
                continue
            t.breaks += 1
            t.breaks_joined += spanned(at)
    for a, b in pairwise(page.lines):
        if a.article >= 0 and a.article == b.article:
            gap = page.text[a.end : b.start]
            if gap.strip():
                continue
            t.bounds += 1
            t.bounds_glued += spanned(a.end + gap.index("\n")) if "\n" in gap else 0
    return t


def _removed(wanted: Counter[str], gold: str, out: str) -> int:
    """How many of the injected strings (counted in ``wanted``) ``out`` no longer holds.

    A string's survivors are its occurrences in ``out`` beyond those the gold text has.
    """
    gone = 0
    for key, n in wanted.items():
        pat = re.compile(key)
        surviving = max(0, len(pat.findall(out)) - len(pat.findall(gold)))
        gone += n - min(n, surviving)
    return gone


def score_repairs(page: Page, out: str) -> Tally:
    """Injected duplicates and column spaces (between Han) that the output no longer shows.

    A duplicate counts as removed when its Han, doubled, occurs no more often in the output's
    Han than in the gold's; a column space when the two Han characters around it stand apart
    (spaces between them) no more often in the output than in the gold. Han the output lacks
    against the gold is ``han_lost`` (lost HTML chunks included).
    """
    t = Tally()
    gold = "\n".join(g.text for g in page.lines)
    dups: Counter[str] = Counter()
    spaces: Counter[str] = Counter()
    for kind, s, e in page.injected:
        if kind.startswith("duplicate-"):
            d = han(page.text[s:e])
            if len(d) >= 2:
                dups[re.escape(d + d)] += 1
        elif kind == "column-space" and s > 0 and e < len(page.text):
            left, right = page.text[s - 1], page.text[e]
            if han(left + right) == left + right:
                spaces[f"{re.escape(left)}[ \u3000\u00a0]+{re.escape(right)}"] += 1
    t.dups, t.dups_removed = sum(dups.values()), _removed(dups, han(gold), han(out))
    t.spaces, t.spaces_removed = sum(spaces.values()), _removed(spaces, gold, out)
    t.han_lost = sum((Counter(han(gold)) - Counter(han(out))).values())
    return t


def run_fold(pages: Sequence[Page], cleaner: Cleaner) -> tuple[Tally, dict[str, Tally]]:
    total, by_style = Tally(), defaultdict(Tally)
    for page in pages:
        result = cleaner.run(page.text)
        t = score_page(page, result.articles)
        t.add(score_repairs(page, result.text))
        t.add(score_breaks(page, result.blocks))
        total.add(t)
        by_style[page.style].add(t)
    return total, dict(by_style)


def confusion_lines(conf: Counter[tuple[str, str]], top: int = 4) -> list[str]:
    """One line per gold role: its count and the block roles it got, most frequent first."""
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    for (g, h), n in conf.items():
        by_gold[g][h] += n
    out = []
    for g, c in sorted(by_gold.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(c.values())
        got = " ".join(f"{h}:{v / n:.0%}" for h, v in c.most_common(top))
        out.append(f"  {g:<11} n={n:<6} {got}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60, help="generated pages per fold")
    parser.add_argument("--seed", type=int, default=1, help="RNG seed of the generator")
    parser.add_argument("--corpus", default=None, help="articles.jsonl.gz (default ../shared/corpus)")
    parser.add_argument("--json", default=None, metavar="FILE", help="write the figures here")
    parser.add_argument("--models", default=str(MODELS), metavar="DIR",
                        help="fold models (tools/train_roles.py --folds); '' for the shipped one")
    parser.add_argument("--segment-model", action="store_true",
                        help="split by the line model (Config.segment_model) instead of the rules")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seed regression line")
    args = parser.parse_args(argv)
    articles = pagegen.load_articles_or_say(args.corpus, "generalization.py")
    if articles is None:
        return 2
    report: dict[str, Any] = {"pages_per_fold": args.pages, "seed": args.seed, "folds": {}}
    overall = Tally()
    means: dict[str, list[float]] = defaultdict(list)
    for pub, _train, test in pagegen.folds(articles):
        t0 = time.process_time()
        pages = pagegen.generate_pages(test, args.pages, args.seed)
        model = pagegen.fold_model(args.models or None, pub)
        cleaner = Cleaner(Config(line_model=model, segment_model=args.segment_model))
        total, by_style = run_fold(pages, cleaner)
        spent = time.process_time() - t0
        print(f"{pub}: {total.row()}  ({spent:.1f} s cpu; model "
              f"{Path(model).name if model else 'shipped (trained on every publication)'})")
        for style in pagegen.STYLES:
            if style in by_style:
                print(f"  {style:<6} {by_style[style].row()}")
        figs = total.figures()
        for key in ("f1", "titles", "bylines", "duplicates_removed", "column_spaces_removed"):
            means[key].append(figs[key])
        report["folds"][pub] = {
            **figs, "styles": {s: v.figures() for s, v in by_style.items()},
        }
        overall.add(total)
    mean = {k: sum(v) / len(v) for k, v in means.items()}
    report["mean"] = mean
    print(f"mean over {len(means['f1'])} folds: F1={mean['f1']:.3f} titles={mean['titles']:.3f} "
          f"bylines={mean['bylines']:.3f}   (targets 0.95 / 0.95 / 0.90); "
          f"duplicates removed={mean['duplicates_removed']:.3f} "
          f"column spaces removed={mean['column_spaces_removed']:.3f}   (targets 0.95 / 0.95)")
    print("gold role -> block role (all folds):")
    print("\n".join(confusion_lines(overall.confusion)))
    report["confusion"] = {f"{g}->{h}": n for (g, h), n in sorted(overall.confusion.items())}
    if not args.no_seeds:
        seeds, _ = segmentation.evaluate(
            segmentation.gold_pages(), verbose=False,
            config=Config(segment_model=args.segment_model),
        )
        print(f"seeds (hand gold): {seeds.row()}   (target F1 1.00, titles 20/20)")
        report["seeds"] = {"f1": seeds.f1(), "titles_ok": seeds.titles_ok, "titles": seeds.titles}
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
