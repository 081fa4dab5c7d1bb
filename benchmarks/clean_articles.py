"""Clean text passes through unharmed: corpus articles as published, through ``cleantext.clean``.

Up to ``--per-pub`` articles (default 1,000; all of a smaller publication) are drawn from every
publication of the corpus with a seeded RNG. Each is written as published, the title on the
first line and one paragraph a line, and cleaned. Per publication:

- Han characters removed (the multiset difference of the input's and the output's Han);
- articles whose line structure changed: the non-blank lines of input and output compared as
  sequences of their Han characters (so the punctuation and spacing changes ``clean`` makes
  legitimately do not count), told apart as lines glued, split or regrouped (the same Han in
  other lines), a line without Han dropped or added, or Han text changed (removed);
- the share of articles kept (target: 99.5 %) and up to 3 examples of a glued or split pair;
- articles kept whole by ``split``: one article record, not several (an article's section
  headings read as the headlines of new articles split it; no target in the issue, reported
  so that a change to segmentation shows what it does to clean text), and titled right (the
  first article record's title is the article's first line, compared as ``generalization.py``
  compares titles).

Run: ``PYTHONPATH=src python benchmarks/clean_articles.py [--per-pub 1000] [--seed 1]
[--corpus PATH] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import pagegen  # noqa: E402
from generalization import norm_title  # noqa: E402
from pagegen import SourceArticle, han  # noqa: E402

import cleantext  # noqa: E402

TARGET = 0.995


def as_published(art: SourceArticle) -> str:
    """The article as a paper prints it: title line, then one paragraph a line."""
    return "\n".join((art.title, *art.paragraphs))


def sample(articles: Sequence[SourceArticle], per_pub: int, seed: int) -> dict[str, list[SourceArticle]]:
    """Up to ``per_pub`` articles of every publication, drawn with ``random.Random(seed)``."""
    by_pub: dict[str, list[SourceArticle]] = defaultdict(list)
    for a in articles:
        by_pub[a.source].append(a)
    rng = random.Random(seed)
    return {
        pub: (arts if len(arts) <= per_pub else rng.sample(arts, per_pub))
        for pub, arts in sorted(by_pub.items())
    }


def compare(src: str, out: str) -> tuple[int, str | None, str | None]:
    """(Han characters removed, how the line structure changed or None, an example or None)."""
    removed = sum((Counter(han(src)) - Counter(han(out))).values())
    a = [han(x) for x in src.split("\n") if x.strip()]
    b = [han(x) for x in out.split("\n") if x.strip()]
    if a == b:
        return removed, None, None
    kind = how_changed(a, b)
    src_lines = [x for x in src.split("\n") if x.strip()]
    out_lines = [x for x in out.split("\n") if x.strip()]
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    before = " ⏎ ".join(_clip(x) for x in src_lines[i : i + 2])
    after = _clip(out_lines[i]) if i < len(out_lines) else "(none)"
    return removed, kind, f"in: {before}\n      out: {after}"


def how_changed(a: Sequence[str], b: Sequence[str]) -> str:
    """How the Han strings ``b`` of the output lines differ from those of the input, ``a``.

    >>> how_changed(["甲", "乙", "丙"], ["甲乙", "丙"]), how_changed(["甲", "", "乙"], ["甲", "乙"])
    ('glued', 'non-Han line dropped or added')
    """
    if [x for x in a if x] == [x for x in b if x]:
        return "non-Han line dropped or added"
    if "".join(a) == "".join(b):
        return "glued" if len(b) < len(a) else "split" if len(b) > len(a) else "regrouped"
    return "Han text changed"


def _clip(s: str, n: int = 40) -> str:
    return s if len(s) <= 2 * n else f"{s[:n]}…{s[-n:]}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-pub", type=int, default=1000, help="articles per publication")
    parser.add_argument("--seed", type=int, default=1, help="RNG seed of the sample")
    parser.add_argument("--corpus", default=None, help="articles.jsonl.gz (default ../shared/corpus)")
    parser.add_argument("--models", default=str(ROOT / "benchmarks" / "models"), metavar="DIR",
                        help="line models trained without each publication; '' for the shipped one")
    parser.add_argument("--json", default=None, metavar="FILE", help="write the figures here")
    args = parser.parse_args(argv)
    articles = pagegen.load_articles_or_say(args.corpus, "clean_articles.py")
    if articles is None:
        return 2
    report: dict[str, Any] = {"per_pub": args.per_pub, "seed": args.seed, "publications": {}}
    total_n = total_kept = total_removed = total_whole = total_titled = 0
    for pub, arts in sample(articles, args.per_pub, args.seed).items():
        t0 = time.process_time()
        kinds: Counter[str] = Counter()
        removed = whole = titled = 0
        examples: list[str] = []
        # The line model trained without this publication: clean text it never saw.
        model = pagegen.fold_model(args.models or None, pub)
        cleaner = cleantext.Cleaner(cleantext.Config(line_model=model))
        for art in arts:
            src = as_published(art)
            result = cleaner.run(src)
            r, kind, example = compare(src, result.text)
            removed += r
            records = [a for a in result.articles if a.kind == "article"]
            whole += len(records) == 1
            titled += bool(records) and norm_title(records[0].title) == norm_title(art.title)
            if kind:
                kinds[kind] += 1
                if example and kind in ("glued", "split", "regrouped") and len(examples) < 3:
                    examples.append(f"[{art.id}, {kind}] {example}")
        n = len(arts)
        kept = n - sum(kinds.values())
        spent = time.process_time() - t0
        flag = "ok" if kept / n >= TARGET and not removed else "BELOW TARGET"
        print(f"{pub}: {n} articles, Han removed {removed}, line structure kept {kept}/{n} = "
              f"{kept / n:.2%} ({', '.join(f'{k} {v}' for k, v in kinds.most_common()) or 'none changed'}) "
              f"[{flag}]; kept whole by split {whole}/{n} = {whole / n:.2%}, titled right "
              f"{titled}/{n} = {titled / n:.2%} "
              f"({spent:.1f} s cpu; model {Path(model).name if model else 'shipped'})")
        for ex in examples:
            print(f"   {ex}")
        report["publications"][pub] = {
            "articles": n, "han_removed": removed, "kept": kept, "share_kept": kept / n,
            "changed": dict(kinds), "whole": whole, "titled": titled,
        }
        total_n += n
        total_kept += kept
        total_removed += removed
        total_whole += whole
        total_titled += titled
    print(f"all: {total_n} articles, Han removed {total_removed}, line structure kept "
          f"{total_kept}/{total_n} = {total_kept / total_n:.2%}   (target 0 and ≥ {TARGET:.1%}); "
          f"kept whole by split {total_whole}/{total_n} = {total_whole / total_n:.2%}, titled right "
          f"{total_titled}/{total_n} = {total_titled / total_n:.2%}")
    report["all"] = {"articles": total_n, "han_removed": total_removed, "kept": total_kept,
                     "share_kept": total_kept / total_n, "whole": total_whole,
                     "titled": total_titled}
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
