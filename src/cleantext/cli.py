"""The ``cleantext`` command (skeleton: filled in by the foundation issue)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .pipeline import Cleaner


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cleantext")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("clean", "split", "explain"):
        p = sub.add_parser(name)
        p.add_argument("input")
    args = parser.parse_args(argv)
    text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8")
    cleaner = Cleaner()
    if args.command == "clean":
        print(cleaner.clean(text))
    elif args.command == "split":
        for a in cleaner.split(text):
            print(json.dumps(a.to_dict(), ensure_ascii=False))
    else:
        _, changes = cleaner.clean_and_explain(text)
        for c in changes:
            print(json.dumps(c.to_dict(), ensure_ascii=False))
    return 0


def run() -> None:
    sys.exit(main())
