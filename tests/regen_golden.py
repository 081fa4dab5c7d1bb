"""Regenerate the golden files: ``python tests/regen_golden.py`` (then review the diff by eye).

The golden tests never write these files themselves: a change in output must be looked at.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import cleantext  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def outputs(text: str) -> dict[str, str]:
    result = cleantext.Cleaner().run(text)
    articles = "".join(
        json.dumps(
            {k: v for k, v in a.to_dict().items() if k != "blocks"}, ensure_ascii=False
        )
        + "\n"
        for a in result.articles
    )
    return {"clean.txt": result.text + "\n", "articles.jsonl": articles}


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        for suffix, content in outputs(seed.read_text("utf-8")).items():
            (GOLDEN / f"{seed.stem}.{suffix}").write_text(content, encoding="utf-8")
            print(f"wrote tests/golden/{seed.stem}.{suffix}")


if __name__ == "__main__":
    main()
