"""Linear time on adversarial text: time ``cleantext.clean`` at two sizes per pathological input.

For each generator below, the input is built at SIZE and 2 × SIZE characters (default 1 M and
2 M) and cleaned; the table prints both times, their ratio (≈ 2 for linear time, ≈ 4 for
quadratic), the output length and any exception. Each run happens in a child process with a
time limit, so a step that hangs shows up as ``TIMEOUT`` instead of hanging the benchmark.

Run (one command)::

    PYTHONPATH=src python benchmarks/linear_time.py            # 1 M and 2 M characters
    PYTHONPATH=src python benchmarks/linear_time.py --size 200000 --only lt,amp

Exit status 1 if any ratio is over ``--max-ratio`` (default 3) or any run failed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

import cleantext

SENTENCE = "重庆日报记者从市委全会获悉，“双碳”目标稳步推进，绿色发展迈出新步伐。"


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


#: name -> (what it is, generator of about n characters)
GENERATORS: dict[str, tuple[str, Callable[[int], str]]] = {
    "lt": ("'<' repeated", lambda n: "<" * n),
    "amp": ("'&' repeated", lambda n: "&" * n),
    "amp_hash": ("'&#' repeated (entity starts, never finished)", lambda n: _repeat("&#", n)),
    "amp_amp": ("'&amp;' repeated", lambda n: _repeat("&amp;", n)),
    "long_line": ("one line of Chinese text, no line break", lambda n: _repeat(SENTENCE, n)),
    "one_han": ("one Han character repeated", lambda n: "重" * n),
    "one_ascii": ("one ASCII letter repeated", lambda n: "a" * n),
    "open_quote": ("'“' repeated, never closed", lambda n: "“" * n),
    "nested_div": ("'<div>' nested, never closed", lambda n: _repeat("<div>", n)),
    "nested_div_text": ("'<div>重' nested, never closed", lambda n: _repeat("<div>重", n)),
    "nested_p_in_nav": ("'<p>ab' nested inside <nav>, never closed",
                        lambda n: "<html><body><nav>" + _repeat("<p>ab ", n) + "</nav>"),
    "short_lines": ("short lines '重庆\\n'", lambda n: _repeat("重庆\n", n)),
    "blank_lines": ("line breaks only", lambda n: "\n" * n),
    "open_attr": ("'<p style=\"' then text, quote never closed", lambda n: '<p style="' + _repeat("x重", n)),
    "open_comment": ("'<!--' then text, never closed", lambda n: "<p>a</p><!--" + _repeat("重", n)),
    "open_script": ("'<script>' then text, never closed", lambda n: "<p>a</p><script>" + _repeat("重", n)),
    "many_tags": ("'<p>重</p>' repeated", lambda n: _repeat("<p>重</p>", n)),
    "letter_spaced": ("'重 ' repeated (letter spacing)", lambda n: _repeat("重 ", n)),
    "spaces": ("spaces inside a line", lambda n: "重" + " " * n + "重"),
    "repeated_phrase": ("'研究' repeated (repetition search)", lambda n: _repeat("研究", n)),
    "repeated_sentence": ("one sentence repeated on one line", lambda n: _repeat("发展绿色。", n)),
    "repeated_lines": ("one paragraph repeated on many lines", lambda n: _repeat(SENTENCE + "\n", n)),
    "ascii_punct": ("ASCII punctuation in Chinese", lambda n: _repeat("重,庆.日!报?(", n)),
    "dots": ("'.' repeated (ellipsis search)", lambda n: "重" + "." * n),
    "dashes": ("'-' repeated (dash search)", lambda n: "重" + "-" * n),
    "combining": ("a combining mark repeated", lambda n: "a" + "\u0301" * n),
    "zero_width": ("zero-width spaces between Han", lambda n: _repeat("重\u200b", n)),
    "markdown": ("'#' and '*' markers", lambda n: _repeat("#*", n)),
    "digits": ("digits and full-width digits", lambda n: _repeat("１2３4", n)),
}


def _child(name: str, n: int, out: Connection) -> None:
    text = GENERATORS[name][1](n)
    start = time.perf_counter()
    try:
        result = cleantext.clean(text)
    except Exception as exc:  # report, not crash: the benchmark lists every failure
        out.send((time.perf_counter() - start, -1, f"{type(exc).__name__}: {exc}"[:120]))
        return
    out.send((time.perf_counter() - start, len(result), ""))


def measure(name: str, n: int, limit: float) -> tuple[float | None, int, str]:
    """Seconds to clean generator ``name`` at ``n`` characters (None on timeout)."""
    ctx = mp.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, n, send), daemon=True)
    proc.start()
    if receive.poll(limit):
        seconds, size, error = receive.recv()
        proc.join()
        return seconds, size, error
    proc.terminate()
    proc.join()
    return None, -1, f"TIMEOUT after {limit:.0f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters (default 1M)")
    parser.add_argument("--only", default="", help="comma-separated generator names")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--max-ratio", type=float, default=3.0)
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(GENERATORS)
    unknown = set(names) - set(GENERATORS)
    if unknown:
        parser.error(f"unknown generator(s): {', '.join(sorted(unknown))}")

    print(f"{'input':<18} {'t(1x) s':>8} {'t(2x) s':>8} {'ratio':>6} {'out chars':>10}  note")
    bad = 0
    for name in names:
        t1, _, err1 = measure(name, args.size, args.limit)
        t2, size2, err2 = measure(name, 2 * args.size, args.limit)
        note = err2 or err1
        if t1 is None or t2 is None:
            ratio_text = "-"
        else:
            ratio = t2 / max(t1, 1e-3)
            ratio_text = f"{ratio:.2f}"
            # Runs under 50 ms are all overhead; their ratio says nothing.
            if ratio > args.max_ratio and t2 > 0.05:
                bad += 1
                note = (note + " SUPERLINEAR").strip()
        if err1 or err2:  # an exception or a timeout
            bad += 1
        t1_text = "-" if t1 is None else f"{t1:.3f}"
        t2_text = "-" if t2 is None else f"{t2:.3f}"
        print(f"{name:<18} {t1_text:>8} {t2_text:>8} {ratio_text:>6} {size2:>10}  {note}", flush=True)
    print(f"sizes: {args.size} and {2 * args.size} characters; {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
