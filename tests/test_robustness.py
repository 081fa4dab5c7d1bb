"""Reliability and security: adversarial input never hangs, crashes or loses text silently.

These tests are the safety net for steps written elsewhere: they state what every step must
survive (pathological sizes and shapes, deep nesting, hostile HTML) and what it must not do
(lose Han characters without a trace, touch the network, run code from input).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import pickle
import pkgutil
import random
import re
import signal
import socket
import subprocess
import sys
import types
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import regex

import cleantext
import cleantext.errors as errors_module
from cleantext import Cleaner, replay
from cleantext.decoding import DEFAULT_MAX_BYTES, decode
from cleantext.errors import (
    BinaryInputError,
    CleantextError,
    DecodeError,
    InputError,
    InputTooLargeError,
)
from cleantext.trace import han_count

from .conftest import SEED_FILES, read_seed

SRC = Path(cleantext.__file__).resolve().parent

# A Han alphabet with punctuation, for long text that is not one thing repeated (a repeated
# sentence would rightly be removed by the repetition steps).
_HAN = "重庆日报记者市委全会发展绿色经济社会建设城市乡村企业科技创新生态环境保护治理人民群众"
_PUNCT = "，。、；：“”"


def _prose(n: int, seed: int = 0) -> str:
    """About ``n`` characters of varied Chinese prose on one line, deterministic."""
    rnd = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n:
        words = [rnd.choice(_HAN) + rnd.choice(_HAN) for _ in range(rnd.randint(3, 12))]
        sentence = "".join(words) + rnd.choice("，。；")
        out.append(sentence)
        size += len(sentence)
    return "".join(out)[:n]


def _check_run(text: str, *, min_retention: float | None = None) -> str:
    """Clean ``text`` with a trace; the trace must account for every change."""
    out, changes = cleantext.clean_and_explain(text)
    assert isinstance(out, str)
    assert replay(text, changes) == out
    if min_retention is not None:
        kept = han_count(out) / max(han_count(text), 1)
        assert kept >= min_retention, f"Han retention {kept:.4f} < {min_retention}"
    return out


# --- a hang is a failure, not a stuck CI run -----------------------------------------------

#: Seconds after which a test here is failed as hanging. Not a speed limit: every input below
#: is cleaned in seconds by linear code, and a superlinear step needs hours on it.
HANG_LIMIT = 300


class HangError(Exception):
    """A test ran past HANG_LIMIT: some step is superlinear or loops on its input."""


@pytest.fixture(autouse=True)
def fail_on_hang() -> Iterator[None]:
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return

    def interrupt(signum: int, frame: types.FrameType | None) -> None:
        raise HangError(f"no result after {HANG_LIMIT} s: a step hangs or is superlinear")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- pathological inputs --------------------------------------------------------------------

PATHOLOGICAL: dict[str, Callable[[], str]] = {
    "100k '<'": lambda: "<" * 100_000,
    "100k '<' between Han": lambda: "重" + "<" * 100_000 + "庆",
    "100k '&'": lambda: "&" * 100_000,
    "100k '&#'": lambda: "&#" * 50_000,
    "'&amp;' nested 1000 deep": lambda: "&" + "amp;" * 1000 + "lt;",
    "100k '<a' never closed": lambda: "<a" * 50_000,
    "attribute quote never closed": lambda: '<p>a</p><p title="' + "重" * 100_000,
    "comment never closed": lambda: "<p>a</p><!--" + "重" * 100_000,
    "1 MB of one ASCII letter": lambda: "a" * 1_000_000,
    "1 MB of one Han character": lambda: "重" * 350_000,
    "1 MB of '“' never closed": lambda: "“" * 350_000,
    "1 MB of '\"' in Chinese": lambda: "重" + '"' * 1_000_000 + "庆",
    "1 MB of '.'": lambda: "重" + "." * 1_000_000,
    "1 MB of spaces inside a line": lambda: "重" + " " * 1_000_000 + "庆",
    "1 MB of Latin letters then '。'": lambda: "a" * 1_000_000 + "。",
    "1 MB of digits then '。'": lambda: "1" * 1_000_000 + "。",
    "1 MB of '>' quote markers": lambda: "重" + ">" * 1_000_000,
    "1 MB of letter-spaced Han": lambda: "重 " * 250_000,
    "1 MB of combining marks": lambda: "a" + "\u0301" * 500_000,
    "1 MB of zero-width spaces": lambda: "重\u200b" * 200_000,
    "1 MB of '研究'": lambda: "研究" * 175_000,
    "100k short lines": lambda: "重庆\n" * 100_000,
    "100k blank lines": lambda: "\n" * 100_000,
    "100k '#' lines": lambda: "#\n" * 100_000,
    "RTL override and bidi marks": lambda: "\u202e重庆\u202c\u200f" * 50_000,
    "lone surrogates": lambda: "重\udc80\ud800庆" * 50_000,
    "control characters": lambda: "".join(chr(c) for c in range(32)) * 10_000,
}


# Known failures of the skeleton steps, each reported to the step's owner; the mark goes when
# the step is merged (strict=False: the test keeps running and XPASS shows the fix).
KNOWN: dict[str, str] = {}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=False, reason=KNOWN[n])) if n in KNOWN else n
        for n in PATHOLOGICAL
    ],
)
def test_pathological_input_is_cleaned_with_a_complete_trace(name: str) -> None:
    text = PATHOLOGICAL[name]()
    out = _check_run(text)
    assert cleantext.clean(out) == out


@pytest.mark.slow
def test_five_megabyte_line_keeps_its_text() -> None:
    text = _prose(5 * 1024 * 1024 // 3)  # 5 MB in UTF-8
    assert len(text.encode()) >= 5 * 1024 * 1024 - 3
    _check_run(text, min_retention=0.99)


@pytest.mark.slow
def test_hundred_thousand_short_distinct_lines_keep_their_text() -> None:
    lines = [_prose(8, seed=i) for i in range(100_000)]
    _check_run("\n".join(lines), min_retention=0.99)


@pytest.mark.slow
def test_one_open_quote_does_not_swallow_the_page() -> None:
    text = "“" + _prose(300_000)
    out = _check_run(text, min_retention=0.999)
    assert out.count("“") >= 1


# --- deep nesting: no RecursionError, no lost text --------------------------------------------

DEPTH = 100_000


@pytest.mark.slow
@pytest.mark.parametrize("tag", ["div", "span", "table"])
def test_deep_nesting_does_not_recurse_or_lose_text(tag: str) -> None:
    inner = "深处的文字在这里。"
    after = "结尾段落的文字在这里。"
    text = f"<{tag}>" * DEPTH + f"<p>{inner}</p>" + f"</{tag}>" * DEPTH + f"<p>{after}</p>"
    assert sys.getrecursionlimit() < DEPTH  # the test means something only then
    out = _check_run(text)
    assert inner in out
    assert after in out


@pytest.mark.slow
def test_deep_nesting_never_closed() -> None:
    text = "<div>" * DEPTH + "<p>深处的文字。</p>" + "<p>结尾的文字。</p>"
    out = _check_run(text)
    assert "深处的文字。" in out
    assert "结尾的文字。" in out


def test_a_few_hundred_levels_keep_text() -> None:
    # libxml2 stops at 256 levels and drops the rest of the page unless told otherwise:
    # a parser used on input must not lose text there.
    text = "<div>" * 300 + "<p>第三百层的文字。</p>" + "</div>" * 300 + "<p>后面的文字。</p>"
    out = cleantext.clean(text)
    assert "第三百层的文字。" in out
    assert "后面的文字。" in out


# --- no silent loss: Han retention per seed ---------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_retention_of_plain_seeds(prefix: str) -> None:
    result = Cleaner().run(read_seed(prefix))
    assert result.retention >= 0.95
    # The figure is Han out over Han in, computed independently here.
    assert result.retention == pytest.approx(
        han_count(result.text) / han_count(read_seed(prefix))
    )


def test_retention_of_markup_seed_at_least_as_the_skeleton() -> None:
    # The skeleton's tag stripper keeps every Han character of seed 002 (retention 1.0).
    assert Cleaner().run(read_seed("002")).retention >= 0.95


def test_retention_of_markup_seed_target() -> None:
    assert Cleaner().run(read_seed("002")).retention >= 0.995


def test_retention_is_reported_when_text_is_dropped() -> None:
    # A repeated paragraph may be dropped, but the figure must show it.
    para = "重庆日报记者从市委全会获悉，绿色发展迈出新步伐。"
    result = Cleaner().run(f"{para}\n{para}")
    assert result.retention == pytest.approx(han_count(result.text) / (2 * han_count(para)))


# --- every regular expression of the package: no catastrophic backtracking ---------------------


def _patterns() -> Iterator[tuple[str, regex.Pattern[str], frozenset[str]]]:
    """Every module-level pattern of the package, with the methods its module calls on it."""
    for info in pkgutil.walk_packages([str(SRC)], prefix="cleantext."):
        module = importlib.import_module(info.name)
        if not (module.__file__ or "").endswith(".py"):
            continue  # the compiled core (cleantext._core): no Python patterns
        source = Path(module.__file__ or "").read_text("utf-8")
        for name, value in vars(module).items():
            pattern = value
            if isinstance(value, re.Pattern) and not isinstance(value, regex.Pattern):
                try:
                    pattern = regex.compile(value.pattern, value.flags)
                except regex.error:  # pragma: no cover - syntax only re knows
                    continue
            if isinstance(pattern, regex.Pattern) and isinstance(pattern.pattern, str):
                used = re.findall(rf"\b{re.escape(name)}\.(\w+)\(", source)
                yield f"{info.name}.{name}", pattern, frozenset(used)


def _adversarial_strings(pattern: str) -> tuple[list[str], list[str]]:
    """Long runs (for ``search``) and short alternations (for ``search`` and ``finditer``)."""
    base = set(" \t\u3000<>&#;\"'=/，。“”重a1.-*") | {c for c in pattern if c.isprintable()}
    chars = sorted(base)
    # Long runs of one character, inside a line and at its end: a quadratic pattern (one that
    # rescans the run from every start, like ``\s+$`` with search) needs 10⁹ steps here.
    runs = [f"x{c * 50_000}x" for c in chars] + [c * 50_000 + "\x00" for c in chars]
    # Alternations, for nested quantifiers (exponential backtracking).
    pairs = [(a + b) * 1000 + "\x00" for i, a in enumerate(chars) for b in chars[i + 1 :]]
    return runs, pairs[:150]


def test_every_pattern_is_free_of_catastrophic_backtracking() -> None:
    # A hang detector, not a speed test: a linear pattern needs about a millisecond on these
    # strings; a quadratic or exponential one runs into the regex timeout (a thousand times
    # more). Patterns are discovered in every module, so new steps are covered as they land.
    # A pattern only ever anchored (``match``/``fullmatch`` in its module) is tried anchored;
    # any other use (or none seen: passed around) is tried with ``search`` and ``finditer``.
    found = list(_patterns())
    assert found, "no patterns found: the discovery is broken"
    slow = []
    for name, pattern, used in found:
        runs, pairs = _adversarial_strings(pattern.pattern)
        anchored = bool(used) and used <= {"match", "fullmatch"}
        try:
            for s in runs + pairs:
                if anchored:
                    pattern.match(s, timeout=2)
                    pattern.fullmatch(s, timeout=2)
                else:
                    pattern.search(s, timeout=2)
            for s in [] if anchored else pairs:
                for _ in pattern.finditer(s, timeout=2):
                    pass
        except builtins.TimeoutError:
            slow.append(name)
    assert not slow, f"patterns that backtrack (use a linear form, or str.rstrip): {slow}"


# --- errors: one line each, one family -------------------------------------------------------


def test_error_family() -> None:
    for cls in (DecodeError, InputTooLargeError, BinaryInputError, errors_module.TimeoutError):
        assert issubclass(cls, InputError)
        assert issubclass(cls, CleantextError)
    # regex raises the built-in TimeoutError; ours is one too, so one handler catches both.
    assert issubclass(errors_module.TimeoutError, builtins.TimeoutError)
    assert DecodeError("bad byte", offset=7).offset == 7


def test_a_pattern_timeout_becomes_an_error_for_that_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def give_up(text: str) -> Iterator[object]:
        raise builtins.TimeoutError("regex time-out")
        yield  # a generator, like the steps

    monkeypatch.setattr(cleantext.decode_entities, "func", give_up)
    with pytest.raises(errors_module.TimeoutError) as info:
        cleantext.clean("正文&amp;")  # an ampersand: the step's trigger lets the line through
    assert "decode_entities" in str(info.value)
    assert "\n" not in str(info.value)


def test_default_size_limit_is_enforced_before_decoding() -> None:
    data = b"a" * (DEFAULT_MAX_BYTES + 1)
    with pytest.raises(InputTooLargeError) as info:
        decode(data)
    assert "\n" not in str(info.value)
    assert decode(data[:1000]) == "a" * 1000


# --- security: no code execution, no network, no files from input ----------------------------

# Calls that would let input run code, deserialize objects, or reach the network.
FORBIDDEN = {
    "eval": r"(?<![\w.])eval\s*\(",
    "exec": r"(?<![\w.])exec\s*\(",
    "compile() of code": r"(?<![\w.])compile\s*\(",
    "pickle.load": r"\bpickle\.loads?\b",
    "marshal": r"\bmarshal\b",
    "shelve": r"\bshelve\b",
    "yaml": r"\byaml\b",
    "urlopen": r"\burlopen\b",
    "urllib.request": r"\burllib\.request\b",
    "requests": r"^\s*(?:import|from)\s+requests\b",
    "httpx / aiohttp": r"\b(?:httpx|aiohttp|urllib3)\b",
    "http.client": r"\bhttp\.client\b",
    "socket": r"\bsocket\b",
    "subprocess": r"\bsubprocess\b",
    "os.system / popen": r"\bos\.(?:system|popen|exec\w*|spawn\w*)\b",
    "trafilatura.fetch_url": r"\bfetch_url\b",
    "entity resolution on": r"resolve_entities\s*=\s*True",
    "network on in lxml": r"no_network\s*=\s*False",
    "lxml XML parser": r"\betree\.(?:XML|parse|fromstring)\s*\(",
    "__import__": r"\b__import__\b",
}


@pytest.mark.parametrize("what", list(FORBIDDEN))
def test_source_has_no_dangerous_call(what: str) -> None:
    pattern = re.compile(FORBIDDEN[what], re.M)
    hits = [
        f"{path.relative_to(SRC)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in sorted(SRC.rglob("*.py"))
        for text in [path.read_text("utf-8")]
        for m in pattern.finditer(text)
    ]
    assert not hits, f"{what} in {hits}"


def test_the_source_scan_finds_what_it_looks_for() -> None:
    sample = "x = eval(s)\nimport requests\nfrom urllib.request import urlopen\npickle.loads(b)\n"
    for what in ("eval", "requests", "urlopen", "pickle.load"):
        assert re.search(FORBIDDEN[what], sample, re.M), what


HOSTILE_HTML = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" SYSTEM "http://127.0.0.1:9/evil.dtd">
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file://{secret}"> <!ENTITY net SYSTEM "http://127.0.0.1:9/x"> ]>
<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/evil.xsl"?>
<html xmlns:xi="http://www.w3.org/2001/XInclude"><head>
<base href="http://127.0.0.1:9/">
<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">
<link rel="stylesheet" href="http://127.0.0.1:9/style.css">
<script src="http://127.0.0.1:9/evil.js"></script>
<script>fetch("http://127.0.0.1:9/"); __import__("os").system("touch {marker}")</script>
</head><body>
<p>正文第一段：&xxe;&net;</p>
<img src=http://127.0.0.1:9/pixel.gif alt="图片">
<iframe src="http://127.0.0.1:9/frame"></iframe>
<object data="http://127.0.0.1:9/obj"></object>
<svg><image href="file://{secret}"/></svg>
<xi:include href="file://{secret}" parse="text"/>
<a href="javascript:alert(1)">链接</a>
<p onclick="__import__('os').system('touch {marker}')">正文第二段。</p>
<p>{{{{7*7}}}} ${{7*7}} <%= 7*7 %></p>
</body></html>"""


@pytest.fixture
def no_network_no_processes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way out (sockets, DNS, URL openers, processes) raises and is recorded."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            attempts.append(what)
            raise AssertionError(f"input made cleantext call {what}")

        return call

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    monkeypatch.setattr("os.system", refuse("os.system"))
    return attempts


def test_hostile_html_reaches_nothing(
    no_network_no_processes: list[str], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", "utf-8")
    marker = tmp_path / "pwned"
    text = HOSTILE_HTML.format(secret=secret, marker=marker)
    for config in (cleantext.Config(), cleantext.Config(extract="all")):
        out, changes = cleantext.clean_and_explain(text, config)
        assert replay(text, changes) == out
        assert "TOP-SECRET-MARKER" not in out
        assert "正文第二段" in out
        cleantext.split(text, config)
    assert not marker.exists()
    assert no_network_no_processes == []


def test_clean_does_not_import_network_modules() -> None:
    # A fresh interpreter: cleaning a page must not pull in a network client at all.
    code = (
        "import sys, cleantext;"
        "cleantext.clean(open(sys.argv[1], encoding='utf-8').read());"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'requests', 'urllib3', 'httpx', 'aiohttp', 'http'} or m == 'urllib.request');"
        "print(','.join(bad))"
    )
    seed = str(SEED_FILES[2])
    env_path = str(SRC.parent)
    result = subprocess.run(
        [sys.executable, "-c", code, seed],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": ""},
    )
    # trafilatura imports urllib3 for its fetcher; importing is not fetching, but say so.
    imported = {m for m in result.stdout.strip().split(",") if m}
    assert not imported - {"urllib3", "http", "http.client", "http.cookies", "urllib.request"}, (
        imported
    )


def test_text_is_not_interpreted() -> None:
    # Template and format syntax in input comes out as text.
    text = "{0.__class__} %s %(x)s ${HOME} {{7*7}} `id` $(id)"
    assert cleantext.clean(text).replace(" ", "") == text.replace(" ", "")


def test_cleaner_never_pickles_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("pickle used while cleaning")

    cleantext.clean("<p>预热</p><p>一次</p>")  # imports done before the trap is set
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    cleantext.clean(read_seed("002"))
    cleantext.split(read_seed("000"))


# --- module hygiene --------------------------------------------------------------------------


def test_no_module_level_mutable_state() -> None:
    # Caches via functools are fine; a module-level dict or list that steps write to is not.
    # Only names the module itself assigns count (an imported table such as html5 is not ours).
    suspicious = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="cleantext."):
        module = importlib.import_module(info.name)
        if not (module.__file__ or "").endswith(".py"):
            continue  # the compiled core (cleantext._core): its state is Rust's, immutable
        tree = ast.parse(Path(module.__file__ or "").read_text("utf-8"))
        assigned = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        for name in assigned:
            value = getattr(module, name, None)
            if name.startswith("__"):
                continue
            if type(value) in (list, dict, set, bytearray) and not name.isupper():
                suspicious.append(f"{info.name}.{name}")
    assert not suspicious, f"module-level mutable values (make them tuples/frozensets): {suspicious}"


def test_binary_input_message_is_one_line() -> None:
    with pytest.raises(BinaryInputError) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert str(info.value) == "not text: PNG image"
