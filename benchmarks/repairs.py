"""Repetitions and column spaces injected into real paragraphs: how many the steps repair.

    PYTHONPATH=src python benchmarks/repairs.py [--corpus PATH] [--articles 300] [--seed 1]

Real articles are sampled (seeded) from every publication of the development corpus
(``../shared/corpus/articles.jsonl.gz`` from the repository root; ``--corpus`` or the
``CLEANTEXT_CORPUS`` variable override it). Figures are printed per publication; the rules were
developed on three of them and ``HELD_OUT`` was only checked (it is marked in the output;
``--held-out NAME`` marks another one, to read each publication as the held-out one).

Three measurements, on the steps alone (not the whole pipeline):

1. **Duplicates** removed by ``remove_repeated_fragments`` then ``drop_repeated_paragraphs``.
   One damage per case, in up to three paragraphs of each article; a case counts as repaired only if the output equals the clean text
   exactly. Kinds, as OCR and column joins leave them:

   - ``clause``: a clause (4 Han or more) repeated right after itself, ``A，A，``;
   - ``partial``: the tail of a column line read again after the column gap: the last 4–16
     characters before a point repeated there after a space (``…连续开发了 年来，公司连续开发了``);
   - ``sentence``: a sentence (6 Han or more) repeated right after itself;
   - ``paragraph``: a paragraph (8 Han or more) repeated right after itself or one later
     (the article's paragraphs are given, one a line).

2. **Column spaces**: each article's paragraphs that are mostly Han are re-wrapped at one
   column (12–24 characters, drawn per article) and the column lines joined with a space, so
   that spaces fall every N characters, inside words and between digits too. The joined text
   goes through ``normalize_whitespace`` then ``remove_column_spaces``, in the pipeline's order
   (the first step removes a space beside Chinese punctuation and collapses a space next to
   another one; the second then sees the holes those leave in the period). Each injected space
   is counted in one kind, by what is around it:

   - ``running text``: between Han characters, digits or marks such as ``。」`` — what
     ``remove_column_spaces`` is for (the target);
   - ``beside Chinese punctuation`` (``，[ ]``, ``[ ]。``): ``normalize_whitespace`` removes it;
   - ``beside another space`` (the column line ended or began with a real space): collapsed to
     that one space by ``normalize_whitespace``, which gives the clean text back;
   - ``beside Latin text`` (``IP[ ]地址``, ``2012 年[ ]的``): kept on purpose, since writers
     set spaces around Latin words and numbers (``对 VPN 市场``) and a tool cannot tell a column
     space there from the writer's.

   Also reported: the spaces ``remove_column_spaces`` removed that were not injected (real
   spaces: between Latin words, in names, around numbers), and apart from them the real spaces
   right next to an injected one that it removed: ``normalize_whitespace`` made one space of
   the two, exactly on the column period, and nothing tells that a real one was there (a real
   join would have left one space there too: a column line neither starts nor ends with one).

3. **Clean text**: the sampled articles as published go through the three steps; every change
   is a false positive (``--show`` prints them).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleantext.dedup import drop_repeated_paragraphs, remove_repeated_fragments
from cleantext.spacing import (
    _NO_SPACE_AFTER,
    _NO_SPACE_BEFORE,
    _beside_latin,
    _is_cjk,
    normalize_whitespace,
    remove_column_spaces,
)
from cleantext.trace import apply_edits, han_count

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
#: Checked only, never looked at while the rules were written.
HELD_OUT = "燕京书评 (新京报)"

#: Paragraphs of an article given each kind of in-paragraph duplicate.
PER_ARTICLE = 3
KINDS = ("clause", "partial", "sentence", "paragraph")
#: Kinds of injected column space, by what is around it (see the module docstring).
SPACE_KINDS = ("running text", "beside Chinese punctuation", "beside another space",
               "beside Latin text")
_CLAUSE_SEP = frozenset("，；,;")
_SENTENCE_END = frozenset("。！？!?")
_CLOSERS = frozenset("”’」』）)》")
#: A clause starts after one of these (or at the start of the paragraph).
_CLAUSE_START_AFTER = frozenset("，；,;。！？!?：:“‘「『（(”’」』）) ")


def corpus_path(arg: str | None) -> Path:
    return Path(arg or os.environ.get("CLEANTEXT_CORPUS") or DEFAULT_CORPUS)


def load_articles(path: Path) -> dict[str, list[list[str]]]:
    """Paragraph lists of every article, by publication (empty paragraphs left out)."""
    by_source: dict[str, list[list[str]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            paragraphs = [p.strip() for p in a["paragraphs"] if p.strip()]
            if paragraphs:
                by_source[a["source"]].append(paragraphs)
    return dict(sorted(by_source.items()))


def mostly_han(text: str) -> bool:
    chars = text.replace(" ", "")
    return bool(chars) and han_count(chars) >= 0.5 * len(chars)


# --- duplicates -------------------------------------------------------------------------------


def _clauses(p: str) -> list[tuple[int, int]]:
    """(start, end) of every clause ending at a clause separator; end is the separator."""
    out = []
    start = 0
    for i, ch in enumerate(p):
        if ch in _CLAUSE_SEP:
            out.append((start, i))
        if ch in _CLAUSE_START_AFTER:
            start = i + 1
    return out


def _sentences(p: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: end is after its final mark and any closing marks."""
    out = []
    start = i = 0
    while i < len(p):
        if p[i] in _SENTENCE_END:
            j = i + 1
            while j < len(p) and (p[j] in _SENTENCE_END or p[j] in _CLOSERS):
                j += 1
            out.append((start, j))
            start = i = j
            continue
        i += 1
    return out


def inject_clause(p: str, rng: random.Random) -> str | None:
    spans = [(s, e) for s, e in _clauses(p) if han_count(p[s:e]) >= 4]
    if not spans:
        return None
    s, e = rng.choice(spans)
    return p[: e + 1] + p[s : e + 1] + p[e + 1 :]


def inject_partial(p: str, rng: random.Random) -> str | None:
    if len(p) < 12:
        return None
    k = rng.randint(4, 16)
    if len(p) <= k + 1:
        return None
    c = rng.randint(k, len(p) - 1)
    tail = p[c - k : c]
    if han_count(tail) < 2 or " " in tail or p[c] == " " or p[c - 1] == " ":
        return None
    return p[:c] + " " + tail + p[c:]


def inject_sentence(p: str, rng: random.Random) -> str | None:
    spans = [(s, e) for s, e in _sentences(p) if han_count(p[s:e]) >= 6]
    if not spans:
        return None
    s, e = rng.choice(spans)
    return p[:e] + p[s:e] + p[e:]


def inject_paragraph(paragraphs: Sequence[str], rng: random.Random) -> list[str] | None:
    eligible = [i for i, p in enumerate(paragraphs) if han_count(p) >= 8]
    if not eligible:
        return None
    i = rng.choice(eligible)
    at = min(len(paragraphs), i + 1 + (rng.random() < 0.3))
    return [*paragraphs[:at], paragraphs[i], *paragraphs[at:]]


def dedup(text: str) -> str:
    return drop_repeated_paragraphs(remove_repeated_fragments(text))


# --- column spaces ----------------------------------------------------------------------------


def wrap_article(paragraphs: Sequence[str], width: int) -> tuple[str, set[int]]:
    """The article with its mostly-Han paragraphs column-joined, and the injected spaces."""
    lines, injected, pos = [], set(), 0
    for p in paragraphs:
        if mostly_han(p):
            pieces = [p[i : i + width] for i in range(0, len(p), width)]
            line = ""
            for k, piece in enumerate(pieces):
                if k:
                    injected.add(pos + len(line))
                    line += " "
                line += piece
        else:
            line = p
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines), injected


def space_kind(text: str, at: int) -> str:
    """The kind of the injected space at ``at`` (see the module docstring)."""
    before, after = text[at - 1], text[at + 1]
    if before == " " or after == " ":
        return "beside another space"
    if _beside_latin(text, at):
        return "beside Latin text"
    if (after in _NO_SPACE_BEFORE and _is_cjk(before)) or (
        before in _NO_SPACE_AFTER and _is_cjk(after)
    ):
        return "beside Chinese punctuation"
    return "running text"


def remove_spaces(text: str) -> tuple[set[int], set[int], str]:
    """``normalize_whitespace`` then ``remove_column_spaces`` on ``text``: the spaces of
    ``text`` the first step removed (one of each collapsed run), those the second removed
    (offsets in ``text``), and the text after the first step."""
    first = sorted(normalize_whitespace.edits(text), key=lambda e: e.start)
    normalized = apply_edits(text, first)
    origin: list[int] = []  # offset in ``text`` of each character of ``normalized``
    by_first: set[int] = set()
    pos = 0
    for e in first:
        origin.extend(range(pos, e.start))
        origin.extend(range(e.start, e.start + len(e.replacement)))
        by_first.update(range(e.start + len(e.replacement), e.end))
        pos = e.end
    origin.extend(range(pos, len(text)))
    by_second = {origin[e.start] for e in remove_column_spaces.edits(normalized)}
    return by_first, by_second, normalized


# --- report -----------------------------------------------------------------------------------


@dataclass
class Tally:
    cases: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    spaces: Counter[str] = field(default_factory=Counter)
    spaces_removed: Counter[str] = field(default_factory=Counter)
    wrongly_removed: int = 0
    beside_injected_removed: int = 0
    clean_articles: int = 0
    clean_changed: int = 0
    clean_edits: int = 0
    clean_by_step: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)


def sample(articles: list[list[str]], n: int, rng: random.Random) -> list[list[str]]:
    return rng.sample(articles, min(n, len(articles)))


def measure(articles: list[list[str]], rng: random.Random, tally: Tally) -> None:
    for paragraphs in articles:
        # A few paragraphs of each article: long articles do not outweigh the short ones.
        han_paragraphs = [p for p in paragraphs if mostly_han(p)]
        for p in rng.sample(han_paragraphs, min(PER_ARTICLE, len(han_paragraphs))):
            for kind, inject in (
                ("clause", inject_clause),
                ("partial", inject_partial),
                ("sentence", inject_sentence),
            ):
                damaged = inject(p, rng)
                if damaged is None:
                    continue
                tally.cases[kind] += 1
                out = dedup(damaged)
                if out == p:
                    tally.repaired[kind] += 1
                else:
                    tally.misses.append(f"{kind}: {damaged}\n    -> {out}")
        damaged_article = inject_paragraph(paragraphs, rng)
        if damaged_article is not None:
            tally.cases["paragraph"] += 1
            out = dedup("\n".join(damaged_article))
            if out == "\n".join(paragraphs):
                tally.repaired["paragraph"] += 1
            else:
                tally.misses.append("paragraph: " + "\n    | ".join(damaged_article))

        width = rng.randint(12, 24)
        wrapped, injected = wrap_article(paragraphs, width)
        by_first, removed, _ = remove_spaces(wrapped)
        # A run of spaces collapsed to one: the injected space counts as the one removed.
        by_first = {at - 1 if wrapped[at - 1] == " " and at - 1 in injected else at
                    for at in by_first}
        kinds = {at: space_kind(wrapped, at) for at in injected}
        tally.spaces.update(kinds.values())
        tally.spaces_removed.update(kinds[at] for at in injected & (removed | by_first))
        wrong = removed - injected
        # A real space next to an injected one: normalize_whitespace made one space of the two,
        # on the column period, and no tool can tell that a real one was there: counted apart.
        beside = {at for at in wrong if at - 1 in injected or at + 1 in injected}
        tally.beside_injected_removed += len(beside)
        wrong -= beside
        tally.wrongly_removed += len(wrong)
        for at in sorted(wrong):
            tally.false.append(f"column space not injected (width {width}): "
                               f"{wrapped[max(0, at - 20) : at]}[ ]{wrapped[at + 1 : at + 21]}")
        missed = sorted(at for at in injected - removed - by_first
                        if kinds[at] == "running text")
        if missed:
            at = missed[0]
            tally.misses.append(f"column space kept ({len(missed)}/{len(injected)}, width "
                                f"{width}): {wrapped[max(0, at - 20) : at]}[ ]"
                                f"{wrapped[at + 1 : at + 21]}")

        text = "\n".join(paragraphs)
        tally.clean_articles += 1
        changes = [
            (step.name, e)
            for step in (remove_repeated_fragments, drop_repeated_paragraphs, remove_column_spaces)
            for e in step.edits(text)
        ]
        if changes:
            tally.clean_changed += 1
            tally.clean_edits += len(changes)
            tally.clean_by_step.update({name for name, _ in changes})
            for name, e in changes:
                tally.false.append(f"{name} on clean text: {text[max(0, e.start - 20) : e.start]}"
                                   f"[{text[e.start : e.end]}]{text[e.end : e.end + 20]}")


def share(a: int, b: int) -> str:
    return f"{a / b:6.3f} ({a}/{b})" if b else "     - (0/0)"


def report(name: str, t: Tally) -> None:
    print(f"## {name}")
    for kind in KINDS:
        print(f"  duplicates {kind:<10} removed exactly: {share(t.repaired[kind], t.cases[kind])}")
    total_rep, total = sum(t.repaired.values()), sum(t.cases.values())
    print(f"  duplicates all        removed exactly: {share(total_rep, total)}   target >= 0.95")
    removed, injected = sum(t.spaces_removed.values()), sum(t.spaces.values())
    print(f"  column spaces injected, removed      : {share(removed, injected)}")
    for kind in SPACE_KINDS:
        target = "   target >= 0.95" if kind == "running text" else ""
        print(f"    {kind:<34}: {share(t.spaces_removed[kind], t.spaces[kind])}{target}")
    print(f"  column spaces removed, not injected  : {t.wrongly_removed}   target 0")
    print(f"    real, next to an injected one      : {t.beside_injected_removed} (the two made one "
          "space on the period)")
    print(f"  clean articles changed               : {t.clean_changed}/{t.clean_articles} "
          f"({t.clean_edits} edits)   target ~0")
    by_step = ", ".join(f"{n} {c}" for n, c in sorted(t.clean_by_step.items()))
    print(f"    articles changed, by step          : {by_step or '-'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", help=f"articles.jsonl.gz (default {DEFAULT_CORPUS})")
    parser.add_argument("--articles", type=int, default=300, help="articles per publication")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--held-out", default=HELD_OUT, help="the publication reported apart "
                        f"(default {HELD_OUT})")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses and false "
                        "positives per publication")
    args = parser.parse_args(argv)
    path = corpus_path(args.corpus)
    if not path.exists():
        print(f"repairs.py: the development corpus is missing: {path} (pass --corpus PATH or "
              "set CLEANTEXT_CORPUS)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    by_source = load_articles(path)
    print(f"# repairs: injected duplicates and column spaces, clean text "
          f"({args.articles} articles per publication, seed {args.seed}; held out: "
          f"{args.held_out})")
    overall = {False: Tally(), True: Tally()}
    for source, articles in by_source.items():
        rng = random.Random(f"{args.seed}:{source}")
        tally = Tally()
        measure(sample(articles, args.articles, rng), rng, tally)
        held = source == args.held_out
        report(f"{source}{' (held out)' if held else ''}", tally)
        for line in tally.misses[: args.show]:
            print("  MISS " + line)
        for line in tally.false[: args.show]:
            print("  FALSE " + line)
        o = overall[held]
        o.cases.update(tally.cases)
        o.repaired.update(tally.repaired)
        o.spaces.update(tally.spaces)
        o.spaces_removed.update(tally.spaces_removed)
        o.wrongly_removed += tally.wrongly_removed
        o.beside_injected_removed += tally.beside_injected_removed
        o.clean_articles += tally.clean_articles
        o.clean_changed += tally.clean_changed
        o.clean_edits += tally.clean_edits
        o.clean_by_step.update(tally.clean_by_step)
    report("development publications (all but the held-out one)", overall[False])
    report(f"held out: {args.held_out}", overall[True])
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
