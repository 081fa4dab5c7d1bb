"""The ``cleantext`` command: a thin layer over the library.

``main(argv) -> int`` never raises and never prints a traceback: exit 0 when every input was
processed, 1 when an input could not be (unreadable, binary, undecodable, too large, below
``--min-retention``), 2 for a usage error; each problem is one line on stderr.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

from tqdm import tqdm

from . import __version__
from .batch import iter_clean, iter_counted, resolve_jobs
from .config import STEP_NAMES, Config
from .decoding import DEFAULT_MAX_BYTES, Decoded, decode, decode_report
from .errors import InputError
from .pipeline import Cleaner
from .review import PageReview, review_index, review_page
from .segment import Article

__all__ = ["main", "run"]

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

#: Files larger than this many bytes are cleaned in pieces of about this many characters,
#: cut at paragraph ends, to bound memory (a worker cleaning one peaks near 100 MB).
STREAM_CHUNK = 128 * 1024

_EXAMPLES = """\
examples:
  cleantext clean page.txt                    clean one page to stdout
  cat page.html | cleantext clean -           read stdin
  cleantext clean pages/ -o cleaned/ --jobs 4 a batch, one output file per input
  cleantext split page.txt --format jsonl     one JSON object per article
  cleantext explain page.txt                  every change, with step and reason
  cleantext explain page.txt --format html -o r.html  a review report to open in a browser
  cleantext jsonl in.jsonl --field text -o out.jsonl
  cleantext clean page.txt --no-rejoin-wrapped-lines --convert-chinese t2s
"""


class UsageError(Exception):
    """A mistake in the command line (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _flag(step: str) -> str:
    return "--no-" + step.replace("_", "-")


def _common_options() -> _Parser:
    common = _Parser(add_help=False)
    g = common.add_argument_group("pipeline options")
    g.add_argument("--config", metavar="FILE", help="read options from a TOML file")
    for step in STEP_NAMES:
        if step == "convert_chinese":
            continue
        g.add_argument(
            _flag(step), dest=step, action="store_false", default=None, help=f"skip {step}"
        )
    g.add_argument(
        "--convert-chinese",
        "--convert",
        dest="opencc_config",
        metavar="CONFIG",
        help="convert script with OpenCC (t2s, s2t, t2tw, …); off by default",
    )
    g.add_argument("--extract", choices=["auto", "main", "all"], help="whole web pages: what to keep")
    g.add_argument("--segment-model", action="store_true", default=None,
                   help="split articles by the learned line model instead of the rules")
    g.add_argument("--line-model", metavar="FILE", help="a line model from tools/train_roles.py")
    io = common.add_argument_group("input options")
    io.add_argument("--encoding", help="input encoding (default: detected from the bytes)")
    io.add_argument("--errors", choices=["strict", "replace"], default="strict",
                    help="undecodable bytes: fail the file (strict) or replace them")
    io.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                    help=f"refuse a document over N bytes (default {DEFAULT_MAX_BYTES}); a "
                         "large file given to clean is streamed in pieces and not limited")
    io.add_argument("--min-retention", type=float, default=None, metavar="R",
                    help="fail a file that keeps under R (0–1) of its Han characters")
    return common


def _build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = _Parser(
        prog="cleantext",
        description="Clean corrupted Chinese newspaper pages into text and articles.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cleantext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("clean", parents=[common], help="print or write the cleaned text",
                       epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory or - for stdin")
    _batch_options(p)

    p = sub.add_parser("split", parents=[common], help="print the articles of each page")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory or - for stdin")
    p.add_argument("--format", choices=["jsonl", "json", "text"], default="jsonl")
    _batch_options(p)

    p = sub.add_parser("explain", parents=[common], help="print every change with its reason")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="file or - for stdin (html: several files or a directory)")
    p.add_argument("--format", choices=["text", "jsonl", "html"], default="text",
                   help="html: a review report to open in a browser")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout; html: "
                   "DIR/ for one report per page and an index.html")
    p.add_argument("--glob", default="*", help="files to take from a directory (default: *)")

    p = sub.add_parser("jsonl", parents=[common], help="clean one field of a JSON-lines file")
    p.add_argument("inputs", nargs=1, metavar="IN", help="JSON-lines file or - for stdin")
    p.add_argument("--field", default="text", help="the field to clean (default: text)")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores); records stay in input order")
    return parser


def _batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file (one input) or directory (several inputs or a directory)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes for a batch (default: all cores)")
    p.add_argument("--skip-existing", action="store_true",
                   help="in a batch, skip inputs whose output file already exists")
    p.add_argument("--report", metavar="FILE", help="write one JSON line per input (encoding, retention, status)")
    p.add_argument("--glob", default="*", help="files to take from a directory (default: *)")


def _config_from(args: argparse.Namespace) -> Config:
    try:
        return _make_config(args)
    except (ValueError, TypeError, OSError) as exc:  # a bad --config file or option value
        raise UsageError(str(exc)) from None


def _make_config(args: argparse.Namespace) -> Config:
    config = Config.from_toml(args.config) if args.config else Config()
    changes: dict[str, Any] = {}
    for step in STEP_NAMES:
        value = getattr(args, step, None)
        if value is not None:
            changes[step] = value
    if args.opencc_config:
        changes["convert_chinese"] = True
        changes["opencc_config"] = args.opencc_config
    if args.extract:
        changes["extract"] = args.extract
    if args.segment_model:
        changes["segment_model"] = True
    if args.line_model:
        changes["line_model"] = args.line_model
    return config.replace(**changes) if changes else config


# --- reading and writing ------------------------------------------------------------------------


def _read_input(name: str, args: argparse.Namespace) -> Decoded:
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if path.is_dir():
            raise InputError(f"{name}: is a directory")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return decode_report(data, encoding=args.encoding, errors=args.errors,
                         max_bytes=args.max_bytes)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def _output(target: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a temporary file beside ``target`` renamed onto it once everything
    is written: an interrupted or failed run never leaves a half file."""
    if target is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename."""
    with _output(path) as fh:
        fh.write(text)


def _expand(inputs: Sequence[str], pattern: str) -> tuple[list[Path], Path | None]:
    """Files of a batch, and the common root that output paths are made relative to."""
    files: list[Path] = []
    root: Path | None = None
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            root = path if len(inputs) == 1 else None
            files.extend(sorted(p for p in path.rglob(pattern) if p.is_file()))
        else:
            files.append(path)
    return files, root


# --- rendering ------------------------------------------------------------------------------------


def _articles_text(articles: Sequence[Article], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles)
    if fmt == "json":
        return json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=2) + "\n"
    rule = "\n" + "─" * 40 + "\n"
    return rule.join(a.text for a in articles) + "\n"


@dataclass(frozen=True)
class _Job:
    """One file of a batch, with everything a worker process needs."""

    source: str
    target: str | None
    command: str
    fmt: str
    config: Config
    encoding: str | None
    errors: str
    max_bytes: int
    min_retention: float | None


@dataclass(frozen=True)
class _Outcome:
    source: str
    target: str | None
    ok: bool
    message: str
    retention: float | None
    articles: int
    encoding: str | None = None


def _run_job(job: _Job) -> _Outcome:
    """Read, clean and write one file. Runs in a worker; returns instead of raising."""
    try:
        data = Path(job.source).read_bytes()
        decoded = decode_report(data, encoding=job.encoding,
                                errors=job.errors,  # type: ignore[arg-type]
                                max_bytes=job.max_bytes)
        result = Cleaner(job.config).run(decoded.text)
        if job.min_retention is not None and result.retention < job.min_retention:
            return _Outcome(job.source, job.target, False,
                            f"{job.source}: kept {result.retention:.1%} of Han characters, "
                            f"under --min-retention {job.min_retention:.1%}",
                            result.retention, len(result.articles), decoded.encoding)
        if job.command == "split" and job.target is not None:
            _write_articles(Path(job.target), result.articles, job.fmt)
        elif job.target is not None:
            _write_atomic(Path(job.target), result.text + "\n" if result.text else "")
        return _Outcome(job.source, job.target, True, "", result.retention, len(result.articles),
                        decoded.encoding)
    except InputError as exc:
        return _Outcome(job.source, job.target, False, str(exc), None, 0)
    except OSError as exc:
        return _Outcome(job.source, job.target, False,
                        f"{job.source}: {exc.strerror or exc}", None, 0)


def _write_articles(folder: Path, articles: Sequence[Article], fmt: str) -> None:
    """One file per article in ``folder`` (``001.json``, …), written to a temporary folder first
    and renamed, so an interrupted batch never leaves a half-written set."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        ext = "txt" if fmt == "text" else "json"
        for i, article in enumerate(articles, 1):
            if fmt == "text":
                body = article.text + "\n"
            else:
                body = json.dumps(article.to_dict(), ensure_ascii=False) + "\n"
            (tmp / f"{i:03d}.{ext}").write_text(body, encoding="utf-8")
        if folder.exists():
            for old in folder.iterdir():
                old.unlink()
            folder.rmdir()
        os.replace(tmp, folder)
    except BaseException:
        for leftover in tmp.iterdir():
            leftover.unlink()
        tmp.rmdir()
        raise


def _progress(items: Iterable[_Outcome], total: int) -> Iterator[_Outcome]:
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    yield from tqdm(items, total=total, unit="file", file=sys.stderr)


# --- commands -------------------------------------------------------------------------------------


def _cmd_batch(args: argparse.Namespace, config: Config) -> int:
    single = len(args.inputs) == 1 and not Path(args.inputs[0]).is_dir()
    if single:
        return _cmd_single(args, config)
    if "-" in args.inputs:
        raise UsageError("stdin (-) cannot be part of a batch")
    if not args.output:
        raise UsageError("a batch (several inputs or a directory) needs -o OUTDIR")
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} is not a directory")
    files, root = _expand(args.inputs, args.glob)
    suffix = ".txt" if args.command == "clean" else ""  # split: a folder per input
    jobs: list[_Job] = []
    skipped = 0
    for f in files:
        rel = f.relative_to(root) if root is not None else Path(f.name)
        target = (outdir / rel).with_suffix(suffix)
        if _same_file(f, target) or target.resolve() == f.resolve():
            raise UsageError(f"output {target} would overwrite input {f}")
        if args.skip_existing and target.exists():
            skipped += 1
            continue
        jobs.append(_Job(str(f), str(target), args.command, getattr(args, "format", "text"),
                         config, args.encoding, args.errors, args.max_bytes, args.min_retention))
    n_jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if n_jobs < 1:
        raise UsageError("--jobs must be at least 1")
    failed = 0
    report: IO[str] | None = open(args.report, "w", encoding="utf-8") if args.report else None  # noqa: SIM115
    try:
        if n_jobs == 1 or len(jobs) < 2:
            outcomes: Iterable[_Outcome] = map(_run_job, jobs)
            failed = _collect(_progress(outcomes, len(jobs)), report)
        else:
            with ProcessPoolExecutor(max_workers=n_jobs) as pool:
                outcomes = pool.map(_run_job, jobs, chunksize=4)
                failed = _collect(_progress(outcomes, len(jobs)), report)
    finally:
        if report is not None:
            report.close()
    done = len(jobs) - failed
    print(f"cleantext: {done} cleaned, {failed} failed, {skipped} skipped", file=sys.stderr)
    return EXIT_INPUT if failed else EXIT_OK


def _collect(outcomes: Iterable[_Outcome], report: IO[str] | None) -> int:
    failed = 0
    for o in outcomes:
        if not o.ok:
            failed += 1
            print(f"cleantext: {o.message}", file=sys.stderr)
        if report is not None:
            report.write(_report_row(o))
    return failed


def _report_row(o: _Outcome) -> str:
    """One line of ``--report``: what was read (``encoding``), what came out, or why not."""
    return json.dumps({"input": o.source, "output": o.target, "ok": o.ok,
                       "encoding": o.encoding, "retention": o.retention,
                       "articles": o.articles, "error": o.message or None},
                      ensure_ascii=False) + "\n"


def _cmd_single(args: argparse.Namespace, config: Config) -> int:
    name = args.inputs[0]
    target = Path(args.output) if getattr(args, "output", None) else None
    if target is not None and name != "-" and _same_file(Path(name), target):
        raise UsageError(f"output {target} is the input file")
    if target is not None and target.is_dir():
        target = target / (Path(name).stem + ".txt")
    cleaner = Cleaner(config)
    out: str | None = None  # None: the streaming path has written the output already
    articles = 0
    if args.command == "clean" and name != "-" and _size(name) > STREAM_CHUNK:
        retention, encoding = _stream_clean(Path(name), target, config, args)
    else:
        decoded = _read_input(name, args)
        result = cleaner.run(decoded.text)
        retention, encoding, articles = result.retention, decoded.encoding, len(result.articles)
        if args.command == "split":
            out = _articles_text(result.articles, args.format).rstrip("\n")
        else:
            out = result.text
    low = args.min_retention is not None and retention < args.min_retention
    message = (f"{name}: kept {retention:.1%} of Han characters, under "
               f"--min-retention {args.min_retention:.1%}") if low else ""
    if low:
        print(f"cleantext: {message}", file=sys.stderr)
    elif out is not None:
        _emit(out + "\n" if out else "", target)
    if getattr(args, "report", None):
        with open(args.report, "w", encoding="utf-8") as fh:
            fh.write(_report_row(_Outcome(name, str(target) if target else None, not low,
                                          message, retention, articles, encoding)))
    return EXIT_INPUT if low else EXIT_OK


def _size(name: str) -> int:
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0  # _read_input reports the problem


#: A line ending in one of these ends a paragraph: a safe place to cut a large input.
_PARAGRAPH_END = frozenset("。！？!?”」』…>")
#: Failing a paragraph end, a forced cut falls after one of these (a sentence end).
_SENTENCE_END = "。！？!?"


def _cut_point(buffer: str, size: int, *, force: bool = False) -> tuple[int, str]:
    """Where to cut a piece of about ``size`` characters off ``buffer``, and how to glue the
    cleaned pieces back together.

    After a blank line (glue ``"\\n\\n"``: pieces cleaned apart are articles apart), else after
    a paragraph end (glue ``"\\n"``: the pieces are lines apart): the last one between
    ``size // 2`` and ``size``, else the first one after. With ``force`` (the buffer has
    grown far past ``size`` without one): after the last line end, or else inside one very
    long line after its last sentence end (glue ``""``: the pieces are one line).
    ``(-1, "")`` if there is no such place.
    """
    def ends_paragraph(nl: int) -> bool:
        return buffer[nl - 1] in _PARAGRAPH_END or buffer[nl - 1] == "\n"

    def last(sep: str, lo: int, hi: int) -> int:
        nl = buffer.rfind(sep, lo, hi)
        while nl > 0 and not ends_paragraph(nl):
            nl = buffer.rfind(sep, lo, nl)
        return nl

    def first(sep: str, lo: int, hi: int) -> int:
        nl = buffer.find(sep, lo, hi)
        while nl > 0 and not ends_paragraph(nl):
            nl = buffer.find(sep, nl + 1, hi)
        return nl

    start = size // 2
    # A blank line after a paragraph end first: it usually parts pages or articles, whose
    # page-level evidence (column spacing, repeated paragraphs) should stay in one piece.
    for sep, reach in (("\n\n", 2 * size), ("\n", len(buffer))):
        nl = last(sep, start, size)
        if nl <= 0:
            nl = first(sep, size, reach)
        if nl > 0:
            return nl + len(sep), sep
    if not force:
        return -1, ""
    nl = buffer.rfind("\n", start)
    if nl > 0:
        return nl + 1, "\n"
    end = max(buffer.rfind(c, start) for c in _SENTENCE_END)
    return (end + 1, "") if end >= 0 else (-1, "")


def _text_pieces(path: Path, encoding: str, args: argparse.Namespace,
                 size: int) -> Iterator[tuple[str, str]]:
    """Decode a large file incrementally; yield ``(glue, piece)`` of about ``size`` characters
    each, cut only after a paragraph end (or, in a line longer than ``size``, a sentence end),
    so memory stays bounded whatever the file's size. ``glue`` joins the piece's cleaned text
    to the one before."""
    with path.open("rb") as fh:
        decoder = codecs.getincrementaldecoder(encoding)(errors=args.errors)
        buffer = ""
        glue = ""
        offset = held = 0  # bytes read; bytes read but not yet yielded (about)
        while data := fh.read(1 << 20):
            try:
                buffer += decoder.decode(data)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: not valid {encoding} at byte {offset + exc.start}"
                ) from None
            offset += len(data)
            held += len(data)
            while len(buffer) >= size:
                cut, next_glue = _cut_point(buffer, size, force=len(buffer) >= 4 * size)
                if cut <= 0:
                    if held > args.max_bytes:
                        raise InputError(f"{path}: over --max-bytes without a line or sentence "
                                         "end to cut it at")
                    break
                piece, buffer = buffer[:cut], buffer[cut:]
                held -= len(piece.encode(encoding, "replace"))
                yield glue, piece
                glue = next_glue
        buffer += decoder.decode(b"", final=True)
        if buffer:
            yield glue, buffer


#: The streaming codec for a codec found with its byte-order mark: one that skips the mark.
_WITH_BOM = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16",
             "utf-32-le": "utf-32", "utf-32-be": "utf-32"}


def _guess_encoding(path: Path, args: argparse.Namespace) -> tuple[str, bool]:
    """The encoding of a large file and whether it starts with a byte-order mark, decided on
    its first 64 KiB as :func:`decode` would."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    # The prefix may end inside a character: try it without 0-3 final bytes.
    for trim in range(4):
        sample = head[: len(head) - trim] if trim else head
        try:
            found = decode_report(sample, errors="strict", max_bytes=None)
        except InputError:
            continue
        return found.encoding, found.bom
    # Raises the right error for this input; with errors="replace", reads it as decode would.
    found = decode_report(head, errors=args.errors, max_bytes=None)
    return found.encoding, found.bom


def _stream_clean(path: Path, target: Path | None, config: Config,
                  args: argparse.Namespace) -> tuple[float, str]:
    """Clean a large file piece by piece on ``--jobs`` processes; return its Han retention and
    the encoding read. Pieces are cut at paragraph ends and cleaned independently, so the
    output does not depend on ``--jobs``; memory is bounded by the pieces in flight."""
    kept_in = kept_out = 0
    if args.encoding:
        encoding = codec = codecs.lookup(args.encoding).name
    else:
        encoding, bom = _guess_encoding(path, args)
        codec = _WITH_BOM.get(encoding, encoding) if bom else encoding
    glues: deque[str] = deque()

    def pieces() -> Iterator[str]:
        for glue, piece in _text_pieces(path, codec, args, STREAM_CHUNK):
            glues.append(glue)
            yield piece

    with _output(target) as out:
        first = True
        jobs = resolve_jobs(getattr(args, "jobs", None))
        # Two pieces per worker in flight: one being cleaned, one waiting.
        for text, han_in, han_out in iter_counted(pieces(), config=config, jobs=jobs,
                                                  max_pending=2 * jobs):
            glue = glues.popleft()
            kept_in += han_in
            kept_out += han_out
            if text:
                if glue == "\n\n" and not config.separate_articles:
                    glue = "\n"  # articles are not set apart by blank lines
                out.write(("" if first else glue) + text)
                first = False
        if not first:
            out.write("\n")
    return (kept_out / kept_in if kept_in else 1.0), encoding


def _emit(out: str, target: Path | None) -> None:
    with _output(target) as fh:
        fh.write(out)


def _cmd_explain(args: argparse.Namespace, config: Config) -> int:
    if args.format == "html":
        return _cmd_review(args, config)
    if len(args.inputs) != 1:
        raise UsageError("explain takes one input, or several with --format html -o DIR/")
    name = args.inputs[0]
    text = _read_input(name, args).text
    result = Cleaner(config).run(text, trace=True)
    lines: list[str] = []
    if args.format == "jsonl":
        lines.extend(json.dumps(c.to_dict(), ensure_ascii=False) for c in result.changes)
        lines.append(json.dumps({"summary": True, "retention": result.retention,
                                 "changes": len(result.changes),
                                 "articles": len(result.articles)}))
    else:
        counts: dict[str, int] = {}
        for c in result.changes:
            counts[c.step] = counts.get(c.step, 0) + 1
            lines.append(f"{c.step:<26} {c.start:>7}:{c.end:<7} {_show(c.before)} → "
                         f"{_show(c.after)}  ({c.reason})")
        lines.append("")
        for step in STEP_NAMES:
            if step in counts:
                lines.append(f"{step:<26} {counts[step]:>6} changes")
        lines.append(f"Han characters kept: {result.retention:.2%}; "
                     f"articles: {len(result.articles)}")
    target = Path(args.output) if args.output else None
    _emit("\n".join(lines) + "\n", target)
    if args.min_retention is not None and result.retention < args.min_retention:
        return EXIT_INPUT
    return EXIT_OK


def _cmd_review(args: argparse.Namespace, config: Config) -> int:
    """``explain --format html``: one report, or with ``-o DIR/`` one per page and an index."""
    out = args.output
    inputs = args.inputs
    to_dir = out is not None and (out.endswith(("/", os.sep)) or Path(out).is_dir())
    if len(inputs) == 1 and not Path(inputs[0]).is_dir() and not to_dir:
        name = inputs[0]
        target = Path(out) if out else None
        if target is not None and name != "-" and _same_file(Path(name), target):
            raise UsageError(f"output {target} is the input file")
        page = review_page(_read_input(name, args).text, config=config,
                           name="stdin" if name == "-" else name)
        _emit(page.html, target)
        return EXIT_INPUT if _low_retention(name, page.retention, args) else EXIT_OK
    if "-" in inputs:
        raise UsageError("stdin (-) cannot be part of a batch")
    if not to_dir:
        raise UsageError("several inputs or a directory need -o DIR/")
    outdir = Path(out)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} is not a directory")
    files, root = _expand(inputs, args.glob)
    rows: list[tuple[PageReview, str]] = []
    used = {"index.html"}
    failed = 0
    for f in files:
        rel = f.relative_to(root) if root is not None else Path(f.name)
        href, n = rel.with_suffix(".html").as_posix(), 2
        while href in used:  # two inputs of one name, or a page called index
            href, n = f"{rel.with_suffix('').as_posix()}-{n}.html", n + 1
        used.add(href)
        if (outdir / href).resolve() == f.resolve():
            raise UsageError(f"output {outdir / href} would overwrite input {f}")
        try:
            page = review_page(_read_input(str(f), args).text, config=config, name=str(rel))
        except InputError as exc:
            failed += 1
            message = str(exc) if str(exc).startswith(str(f)) else f"{f}: {exc}"
            print(f"cleantext: {message}", file=sys.stderr)
            continue
        _write_atomic(outdir / href, page.html)
        rows.append((page, href))
        failed += _low_retention(str(f), page.retention, args)
    _write_atomic(outdir / "index.html", review_index(rows))
    return EXIT_INPUT if failed else EXIT_OK


def _low_retention(name: str, retention: float, args: argparse.Namespace) -> bool:
    low = args.min_retention is not None and retention < args.min_retention
    if low:
        print(f"cleantext: {name}: kept {retention:.1%} of Han characters, under "
              f"--min-retention {args.min_retention:.1%}", file=sys.stderr)
    return low


def _show(s: str, limit: int = 40) -> str:
    shown = s if len(s) <= limit else s[: limit // 2] + "…" + s[-limit // 2 :]
    return json.dumps(shown, ensure_ascii=False)


def _cmd_jsonl(args: argparse.Namespace, config: Config) -> int:
    name = args.inputs[0]
    target = Path(args.output) if args.output else None
    if target is not None and name != "-" and _same_file(Path(name), target):
        raise UsageError(f"output {target} is the input file")
    src: IO[bytes]
    src = sys.stdin.buffer if name == "-" else _open_input(name)
    bad = 0
    # Records wait here, in input order, while their texts are cleaned (on --jobs workers);
    # the batch reads only a bounded number of texts ahead, so memory stays bounded.
    waiting: deque[tuple[dict[str, Any], bool]] = deque()

    def texts() -> Iterator[str]:
        nonlocal bad
        for lineno, raw in enumerate(src, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(decode(raw, encoding=args.encoding, errors=args.errors,
                                           max_bytes=args.max_bytes))
            except (ValueError, InputError) as exc:
                bad += 1
                print(f"cleantext: {name}:{lineno}: not a JSON record: {exc}", file=sys.stderr)
                continue
            if not isinstance(record, dict):
                bad += 1
                print(f"cleantext: {name}:{lineno}: not a JSON object", file=sys.stderr)
                continue
            value = record.get(args.field)
            if value is not None and not isinstance(value, str):
                bad += 1
                print(f"cleantext: {name}:{lineno}: field {args.field!r} is not a string",
                      file=sys.stderr)
            cleaned = isinstance(value, str)
            waiting.append((record, cleaned))
            yield value if isinstance(value, str) else ""

    try:
        with _output(target) as out:
            for text in iter_clean(texts(), config=config, jobs=args.jobs):
                record, cleaned = waiting.popleft()
                if cleaned:
                    record[args.field] = text
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if src is not sys.stdin.buffer:
            src.close()
    return EXIT_INPUT if bad else EXIT_OK


def _open_input(name: str) -> IO[bytes]:
    path = Path(name)
    if path.is_dir():
        raise InputError(f"{name}: is a directory")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 input problem, 2 usage error)."""
    parser = _build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
        config = _config_from(args)
        if args.command == "explain":
            return _cmd_explain(args, config)
        if args.command == "jsonl":
            return _cmd_jsonl(args, config)
        return _cmd_batch(args, config)
    except UsageError as exc:
        print(f"cleantext: error: {exc} (see cleantext --help)", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"cleantext: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"cleantext: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}",
              file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("cleantext: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, never a traceback
        print(f"cleantext: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INPUT


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
