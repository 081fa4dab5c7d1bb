"""Train the line model (``cleantext/data/line_model.json.gz``) on generated pages.

One command, deterministic (fixed seeds; crfsuite's L-BFGS is deterministic)::

    python tools/train_roles.py                      # the shipped model: all publications
    python tools/train_roles.py --folds              # + one model per held-out publication,
                                                     #   written to benchmarks/models/

Pages are laid out from the real articles of the development corpus by
``benchmarks/pagegen.py`` (``../shared/corpus/articles.jsonl.gz``, or ``--corpus``); the corpus
itself is never copied anywhere. Each page goes through the pipeline twice:

- without joining (``rejoin_wrapped_lines=False``): the lines the joining step sees, labelled
  ``C`` where a line holds more of the same gold line as the line before it, else ``N``;
- as ``clean`` runs it: the lines segmentation sees, labelled with the gold role of the line
  they come from and ``B``/``I``/``O`` (opens an article / inside one / page furniture).

The features are :func:`cleantext.roles.model_features`, the same function that decoding calls.
Training needs python-crfsuite (``pip install python-crfsuite``); running the model does not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import pagegen  # noqa: E402  (a sibling script folder, not a package)

from cleantext import Cleaner, Config  # noqa: E402
from cleantext.blocks import Block  # noqa: E402
from cleantext.model import MODEL_VERSION  # noqa: E402
from cleantext.roles import model_features  # noqa: E402

OUT = ROOT / "src" / "cleantext" / "data" / "line_model.json.gz"
FOLD_DIR = ROOT / "benchmarks" / "models"

#: The pipeline as the joining step sees the page, and as segmentation does.
_BEFORE_JOIN = Config(
    rejoin_wrapped_lines=False,
    remove_repeated_fragments=False,
    drop_repeated_paragraphs=False,
    flag_noise_lines=False,
    separate_articles=False,
)
_FULL = Config(separate_articles=False)


def _gold_of(blocks: Sequence[Block], gold: Sequence[Any]) -> list[int]:
    """For each block, the index of the gold line it overlaps most (-1: none)."""
    out = []
    g = 0
    spans = [(x.start, x.end) for x in gold]
    for b in blocks:
        best, best_ov = -1, 0
        # Gold spans are ordered and disjoint; blocks come in page order (a moved title
        # does not move its offsets), so a linear scan from the first candidate suffices.
        while g < len(spans) and spans[g][1] <= b.start:
            g += 1
        k = max(0, g - 1)
        while k < len(spans) and spans[k][0] < max(b.end, b.start + 1):
            ov = min(spans[k][1], b.end) - max(spans[k][0], b.start)
            if ov > best_ov:
                best, best_ov = k, ov
            k += 1
        out.append(best)
    return out


def _read(page: Any, config: Config) -> tuple[list[list[str]], list[int]] | None:
    """The features of the page's lines as the pipeline under ``config`` leaves them, and
    the gold line each one comes from."""
    blocks = list(Cleaner(config).run(page.text).blocks)
    idx, feats = model_features(blocks)
    if not idx:
        return None
    return feats, _gold_of([blocks[i] for i in idx], page.lines)


def join_sequence(page: Any, config: Config) -> tuple[list[list[str]], list[str]] | None:
    if (read := _read(page, config)) is None:
        return None
    feats, gold = read
    labels = ["N"] + [
        "C" if gold[k] >= 0 and gold[k] == gold[k - 1] else "N" for k in range(1, len(gold))
    ]
    return feats, labels


def segment_sequence(page: Any, config: Config) -> tuple[list[list[str]], list[str]] | None:
    if (read := _read(page, config)) is None:
        return None
    feats, gold = read
    labels = []
    seen: set[int] = set()
    prev_article = None
    for g in gold:
        if g < 0:
            labels.append("O-noise")
            continue
        line = page.lines[g]
        article = line.article
        role = str(line.role)
        if article < 0:
            labels.append(f"O-{role}")
            prev_article = None
            continue
        opens = article != prev_article and article not in seen
        seen.add(article)
        prev_article = article
        labels.append(f"{'B' if opens else 'I'}-{role}")
    return feats, labels


def train(
    sequences: Sequence[tuple[list[list[str]], list[str]]], *, c1: float, c2: float
) -> dict[str, Any]:
    """A CRF trained by crfsuite, exported as labels, transitions and weights."""
    import pycrfsuite  # noqa: PLC0415 (training only)

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in sequences:
        trainer.append(feats, labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "m.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
    labels = sorted(set(info.labels))
    index = {lab: k for k, lab in enumerate(labels)}
    trans = [[0.0] * len(labels) for _ in labels]
    for (a, b), w in info.transitions.items():
        trans[index[a]][index[b]] = round(w, 4)
    weights: dict[str, list[list[float]]] = {}
    for (attr, lab), w in sorted(info.state_features.items()):
        if abs(w) >= 1e-3:
            weights.setdefault(attr, []).append([index[lab], round(w, 4)])
    return {"labels": labels, "transitions": trans, "weights": weights}


_EMPTY: dict[str, Any] = {"labels": [], "transitions": [], "weights": {}}


def build(articles: Sequence[Any], *, pages: int, seed: int, note: str) -> dict[str, Any]:
    """Train the join model on the raw lines, then the segment model on the lines as the
    pipeline joins them with that join model (as it will at run time)."""
    t0 = time.perf_counter()
    generated = pagegen.generate_pages(articles, pages, seed)
    model = {"version": MODEL_VERSION, "trained": note, "join": _EMPTY, "segment": _EMPTY}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stage.json.gz"
        write(model, path, quiet=True)
        before = _BEFORE_JOIN.replace(line_model=str(path))
        joins = [j for page in generated if (j := join_sequence(page, before)) is not None]
        t1 = time.perf_counter()
        model["join"] = train(joins, c1=0.05, c2=0.01)
        t2 = time.perf_counter()
        path = Path(tmp) / "joined.json.gz"
        write(model, path, quiet=True)
        full = _FULL.replace(line_model=str(path))
        segs = [s for page in generated if (s := segment_sequence(page, full)) is not None]
        t3 = time.perf_counter()
        model["segment"] = train(segs, c1=0.05, c2=0.01)
    counts = Counter(lab for _, labels in segs for lab in labels)
    print(f"  {len(generated)} pages, {sum(len(x[1]) for x in segs)} lines; features "
          f"{t1 - t0 + t3 - t2:.0f} s, training {t2 - t1 + time.perf_counter() - t3:.0f} s; "
          f"labels: {dict(counts.most_common(14))}", flush=True)
    return model


def write(model: dict[str, Any], path: Path, *, quiet: bool = False) -> None:
    data = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same model gives the same bytes.
    path.write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
    if not quiet:
        print(f"  wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.0f} KiB)", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--pages", type=int, default=1200, help="training pages per model")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folds", action="store_true", help="also train one model per fold")
    parser.add_argument("--only-folds", action="store_true", help="train the fold models only")
    args = parser.parse_args(argv)
    articles = pagegen.load_articles_or_say(args.corpus, "train_roles.py")
    if articles is None:
        return 2
    if args.folds or args.only_folds:
        for held_out, train_articles, _test in pagegen.folds(articles):
            print(f"fold: {held_out} held out", flush=True)
            model = build(train_articles, pages=args.pages, seed=args.seed,
                          note=f"generated pages, {held_out} held out, seed {args.seed}")
            write(model, FOLD_DIR / f"fold-{pagegen.slug(held_out)}.json.gz")
    if not args.only_folds:
        print("all publications", flush=True)
        model = build(articles, pages=args.pages, seed=args.seed,
                      note=f"generated pages, all publications, seed {args.seed}")
        write(model, OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
