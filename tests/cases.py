"""The table of (step, input, expected) cases in ``tests/data/punctuation_cases.tsv``."""

from __future__ import annotations

from pathlib import Path

import regex

CASES_FILE = Path(__file__).resolve().parent / "data" / "punctuation_cases.tsv"
_ESCAPE = regex.compile(r"\\(?:n|t|r|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))")
_SIMPLE = {"\\n": "\n", "\\t": "\t", "\\r": "\r"}


def _unescape(s: str) -> str:
    def repl(m: regex.Match[str]) -> str:
        if m.group() in _SIMPLE:
            return _SIMPLE[m.group()]
        return chr(int(m.group(1) or m.group(2), 16))

    return _ESCAPE.sub(repl, s)


def load_cases(*steps: str) -> list[tuple[str, str, str]]:
    """Rows ``(step, input, expected)`` whose step is one of ``steps``."""
    rows = []
    for n, line in enumerate(CASES_FILE.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        step, source, expected = line.split("\t")
        if step in steps:
            source = _unescape(source)
            rows.append((step, source, source if expected == "=" else _unescape(expected)))
        assert line.count("\t") == 2, f"{CASES_FILE.name}:{n}: need three TAB-separated columns"
    return rows
