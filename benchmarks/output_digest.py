"""No-output-change check for speed work: hash what the pipeline returns for ~4,000 documents.

    PYTHONPATH=src python benchmarks/output_digest.py write /tmp/before.json   # on the old code
    PYTHONPATH=src python benchmarks/output_digest.py check /tmp/before.json   # on the new code

A speed change must not change any output. For every document this hashes the cleaned text,
the full trace (every change with its step and reason), the articles and the blocks, and checks
that a run without the trace gives the same result. ``check`` prints how many documents differ
and exits 1 if any do.

The documents: the seed pages, the web-page fixtures, the segmentation fixtures and golden files,
a generated benchmark corpus (``--mb``, default 1 MB, seed 0), 300 more generated pages, the
punctuation cases, and 3,300 random strings over an alphabet of the damage the pipeline repairs
(mojibake, invisible characters, entities, markdown, bylines, jump lines, ASCII punctuation).
Both runs must use the same ``--mb``; the random strings are seeded, so the set is fixed.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from corpus import build_corpus, iter_pages

import cleantext

ROOT = Path(__file__).resolve().parent.parent

_ALPHABET = [
    *"重庆日报中文测试，。、；：？！“”‘’（）《》——……·．abcXYZ019 ,.;:?!\"'()-–—~%&#<>/\t\n\r",
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\x07", "\x85", "\u3000", "\u00a0",
    "ä¸", "æ–‡", "Ã©", "Â ", "０", "Ａ", "％", "．", "：", "｡", "「", "」", "﹐", "•", "・",
    "👨", "<p>", "</p>", "&ldquo;", "&nbsp;", "# ", "**", "\n\n", "http://a.cn/x?y=1,2",
    "a@b.cn", "`x`", "\ufffd", "\ue000", "〓", "責任編輯", "记者 张三", "（上接1版）", "-- ",
    "...", "。。。",
]


def documents(mb: float) -> Iterator[tuple[str, str]]:
    """(name, text) of every document the check hashes, in a fixed order."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        yield f"seed:{path.name}", path.read_text("utf-8")
    for path in sorted((ROOT / "tests/data/webpages").rglob("*")):
        if path.is_file() and path.suffix in (".html", ".htm", ".txt"):
            name = f"web:{path.relative_to(ROOT)}"
            try:
                yield name, path.read_text("utf-8")
            except UnicodeDecodeError:
                yield name, path.read_bytes().decode("latin-1")
    for path in sorted((ROOT / "tests/data/segmentation").rglob("*.json")):
        raw = path.read_text("utf-8")
        yield f"seg:{path.name}", raw
        data = json.loads(raw)
        for key, value in (data.items() if isinstance(data, dict) else []):
            if isinstance(value, str) and len(value) > 20:
                yield f"seg:{path.name}:{key}", value
    for path in sorted((ROOT / "tests/golden").rglob("*")):
        if path.is_file():
            yield f"golden:{path.relative_to(ROOT)}", path.read_text("utf-8", errors="replace")
    for i, page in enumerate(build_corpus(mb, seed=0)):
        yield f"corpus0:{i}", page.text
    for i, page in enumerate(islice(iter_pages(random.Random(7)), 300)):
        yield f"corpus7:{i}", page.text
    cases = ROOT / "tests/data/punctuation_cases.tsv"
    for i, line in enumerate(cases.read_text("utf-8").splitlines()):
        fields = line.split("\t")
        if len(fields) >= 2 and not line.startswith("#"):
            yield f"case:{i}", fields[1]
    rng = random.Random(11)
    for i in range(3000):
        yield f"fuzz:{i}", "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 80)))
    for i in range(300):
        yield f"fuzzlong:{i}", "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(100, 2000)))


def _canon(obj: object) -> object:
    """A repr-stable form of a result: dataclasses by field, sets sorted."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = dataclasses.fields(obj)
        return (type(obj).__name__, *(_canon(getattr(obj, f.name)) for f in fields))
    if isinstance(obj, (set, frozenset)):
        return ("set", *sorted(repr(_canon(x)) for x in obj))
    if isinstance(obj, (list, tuple)):
        return tuple(_canon(x) for x in obj)
    if isinstance(obj, dict):
        return ("dict", *sorted((repr(_canon(k)), repr(_canon(v))) for k, v in obj.items()))
    if isinstance(obj, enum.Enum):
        return obj.value
    return obj


def digest(cleaner: cleantext.Cleaner, text: str) -> str:
    result = cleaner.run(text, trace=True)
    untraced = cleaner.run(text)
    if (untraced.text, untraced.articles, untraced.blocks) != (
        result.text, result.articles, result.blocks
    ):
        return "trace-changes-output"
    h = hashlib.sha256()
    for part in (result.text, result.changes, result.articles, result.blocks, (result.han_in, result.han_out)):
        h.update(repr(_canon(part)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["write", "check"])
    parser.add_argument("path", type=Path, help="JSON file of digests to write or check against")
    parser.add_argument("--mb", type=float, default=1.0, help="size of the generated corpus")
    args = parser.parse_args(argv)
    cleaner = cleantext.Cleaner()
    out = {name: digest(cleaner, text) for name, text in documents(args.mb)}
    if args.mode == "write":
        args.path.write_text(json.dumps(out, indent=0), "utf-8")
        print(f"{len(out)} documents hashed -> {args.path}")
        return 0
    ref = json.loads(args.path.read_text("utf-8"))
    differ = sorted(k for k in ref.keys() | out.keys() if ref.get(k) != out.get(k))
    print(f"{len(out)} documents, {len(differ)} differ")
    for name in differ[:20]:
        print(f"  differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
