"""Many pages at once: in-process or on a pool of worker processes, streaming or in batches.

The output never depends on how the work is split: ``clean_batch(texts, jobs=4)`` is
``[clean(t) for t in texts]``, in the same order. Workers build their :class:`Cleaner` once per
process and configuration (:func:`cached_cleaner`), so a task carries only its texts and the
small frozen :class:`Config`.

>>> clean_batch(["  标题  \\n\\n正文。", "你好"], jobs=1)
['标题\\n正文。', '你好']
>>> clean_column(["  第一行  ", None])
['第一行', None]
"""

from __future__ import annotations

import functools
import importlib
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import chain, islice
from typing import Any, TypeVar, cast

from .config import Config
from .pipeline import Cleaner, Result

__all__ = [
    "BatchCleaner",
    "cached_cleaner",
    "clean_batch",
    "clean_column",
    "iter_clean",
    "iter_counted",
    "iter_results",
    "make_batch_fn",
    "resolve_jobs",
]

T = TypeVar("T")

#: A chunk sent to a worker holds at most this many characters (unless one text is longer)…
CHUNK_CHARS = 1 << 16
#: …and at most this many texts: small pages are batched, large ones travel alone.
CHUNK_TEXTS = 64


@functools.lru_cache(maxsize=16)
def cached_cleaner(config: Config | None = None) -> Cleaner:
    """The :class:`Cleaner` for ``config``, built once per process (``Config`` is hashable).

    >>> cached_cleaner(Config()) is cached_cleaner(Config())
    True
    """
    return Cleaner(config)


def resolve_jobs(jobs: int | None) -> int:
    """The number of processes to use: ``None`` or ``0`` means all cores.

    >>> resolve_jobs(1)
    1
    >>> resolve_jobs(None) == (os.cpu_count() or 1)
    True
    """
    if jobs is None or jobs == 0:
        return os.cpu_count() or 1
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise ValueError(f"jobs must be a positive int or None, not {jobs!r}")
    return jobs


def _clean_chunk(config: Config | None, texts: list[str]) -> list[str]:
    # Runs in a worker: the cleaner is cached per process, so only texts and config travel.
    cleaner = cached_cleaner(config)
    return [cleaner.clean(t) for t in texts]


def _run_chunk(config: Config | None, texts: list[str], *, trace: bool) -> list[Result]:
    cleaner = cached_cleaner(config)
    return [cleaner.run(t, trace=trace) for t in texts]


def _count_chunk(config: Config | None, texts: list[str]) -> list[tuple[str, int, int]]:
    cleaner = cached_cleaner(config)
    out = []
    for text in texts:
        result = cleaner.run(text)
        out.append((result.text, result.han_in, result.han_out))
    return out


def _chunks(texts: Iterable[str], chunksize: int | None) -> Iterator[list[str]]:
    """Group texts: ``chunksize`` texts each, or by :data:`CHUNK_CHARS` when it is ``None``."""
    it = iter(texts)
    if chunksize is not None:
        while chunk := list(islice(it, chunksize)):
            yield chunk
        return
    group: list[str] = []
    size = 0
    for text in it:
        group.append(text)
        # A non-str is caught by the worker's Cleaner with a clear TypeError.
        size += len(text) if isinstance(text, str) else 0
        if size >= CHUNK_CHARS or len(group) >= CHUNK_TEXTS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _stream(
    work: Callable[[Config | None, list[str]], list[T]],
    texts: Iterable[str],
    *,
    config: Config | None,
    jobs: int | None,
    ordered: bool,
    chunksize: int | None,
    max_pending: int | None,
) -> Iterator[T]:
    """``work`` over ``texts`` in chunks, on a bounded pipeline of worker processes."""
    n = resolve_jobs(jobs)
    limit = max_pending if max_pending is not None else 4 * n
    if limit < 1:
        raise ValueError(f"max_pending must be at least 1, not {limit!r}")
    if chunksize is not None and chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize!r}")
    if n == 1:
        # In this process, one page at a time: nothing is read ahead of the consumer.
        for text in texts:
            yield from work(config, [text])
        return
    chunks = _chunks(texts, chunksize)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:
        # A single chunk of work: starting processes would cost more than it saves.
        yield from work(config, first)
        return
    pool = ProcessPoolExecutor(max_workers=n)
    try:
        if ordered:
            queue: deque[Future[list[T]]] = deque()
            for chunk in chain((first, second), chunks):
                queue.append(pool.submit(work, config, chunk))
                if len(queue) >= limit:
                    yield from queue.popleft().result()
            while queue:
                yield from queue.popleft().result()
        else:
            pending: set[Future[list[T]]] = set()
            for chunk in chain((first, second), chunks):
                pending.add(pool.submit(work, config, chunk))
                if len(pending) >= limit:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield from future.result()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
    finally:
        # A consumer that stops early (or an error) must not wait for work nobody will read.
        pool.shutdown(wait=True, cancel_futures=True)


def iter_clean(
    texts: Iterable[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    ordered: bool = True,
    chunksize: int | None = None,
    max_pending: int | None = None,
) -> Iterator[str]:
    """Clean a stream of pages lazily, with bounded memory.

    ``jobs=1`` cleans in this process, one page at a time; otherwise ``jobs`` worker
    processes (``None``: all cores) each clean chunks of ``chunksize`` texts (``None``: chunks
    of about 64K characters). At most ``max_pending`` chunks (default ``4 * jobs``) are read
    ahead of the consumer, so an endless input is fine. An input that fits in one chunk is
    cleaned in this process. ``ordered=False`` yields results as they finish (faster when
    page sizes vary); the multiset of outputs is the same.

    >>> list(iter_clean(iter(["  甲  ", "乙\\n\\n丙"]), jobs=1))
    ['甲', '乙\\n丙']
    """
    return _stream(
        _clean_chunk,
        texts,
        config=config,
        jobs=jobs,
        ordered=ordered,
        chunksize=chunksize,
        max_pending=max_pending,
    )


def iter_counted(
    texts: Iterable[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    max_pending: int | None = None,
) -> Iterator[tuple[str, int, int]]:
    """Like :func:`iter_clean`, in order, with the Han characters in and out of each text.

    What a caller needs to report retention over a stream without moving whole
    :class:`~cleantext.Result` objects back from the workers.

    >>> list(iter_counted(["  中文  "], jobs=1))
    [('中文', 2, 2)]
    """
    return _stream(_count_chunk, texts, config=config, jobs=jobs, ordered=True,
                   chunksize=None, max_pending=max_pending)


def iter_results(
    texts: Iterable[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    ordered: bool = True,
    chunksize: int | None = None,
    max_pending: int | None = None,
    trace: bool = False,
) -> Iterator[Result]:
    """Like :func:`iter_clean`, but the whole :class:`~cleantext.Result` of each page.

    For ``split`` (``Result.articles``) and ``explain`` (``trace=True``: ``Result.changes``)
    on many pages; results are pickled back from the workers, so the trace costs transfer.

    >>> [r.text for r in iter_results(["  甲  "], jobs=1)]
    ['甲']
    """
    work = functools.partial(_run_chunk, trace=trace)
    return _stream(
        work,
        texts,
        config=config,
        jobs=jobs,
        ordered=ordered,
        chunksize=chunksize,
        max_pending=max_pending,
    )


def clean_batch(
    texts: Iterable[str],
    *,
    config: Config | None = None,
    jobs: int | None = None,
    chunksize: int | None = None,
) -> list[str]:
    """Clean many pages; the same list as ``[clean(t, config) for t in texts]``.

    ``jobs`` processes share the work (``None``: all cores, ``1``: this process only).

    >>> clean_batch(["第一段\\n\\n第二段"], jobs=1)
    ['第一段\\n第二段']
    """
    return list(iter_clean(texts, config=config, jobs=jobs, chunksize=chunksize))


def _is_missing(value: object) -> bool:
    # None, float NaN and pandas' NA/NaT: the missing values a dataframe column may hold.
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def clean_column(values: Iterable[str | None], config: Config | None = None) -> list[str | None]:
    """Clean a column of pages; missing values (``None``, NaN, ``pd.NA``) become ``None``.

    For pandas: ``df["clean"] = clean_column(df["text"])``.

    >>> clean_column(["  你好  ", None, float("nan")])
    ['你好', None, None]
    """
    cleaner = cached_cleaner(config)
    return [None if _is_missing(v) else cleaner.clean(cast(str, v)) for v in values]


class BatchCleaner:
    """A picklable function on a batch of rows: cleans ``column`` into ``output_column``.

    Accepts the batch formats of the usual engines and returns the same kind:

    - a mapping of column name to list or NumPy array (🤗 ``datasets`` ``map(batched=True)``,
      Ray Data ``batch_format="numpy"``);
    - a pandas ``DataFrame`` (Ray Data ``batch_format="pandas"``);
    - a pyarrow ``Table`` (Ray Data ``batch_format="pyarrow"``).

    Other columns are kept. Build it with :func:`make_batch_fn`.

    >>> fn = make_batch_fn("body", output_column="clean")
    >>> fn({"id": [1, 2], "body": ["  甲  ", None]})
    {'id': [1, 2], 'body': ['  甲  ', None], 'clean': ['甲', None]}
    """

    __slots__ = ("column", "config", "output_column")

    def __init__(
        self, column: str = "text", config: Config | None = None, output_column: str | None = None
    ) -> None:
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a cleantext.Config, not {type(config).__name__}")
        self.column = column
        self.config = config
        self.output_column = output_column if output_column is not None else column

    def __reduce__(self) -> tuple[type[BatchCleaner], tuple[str, Config | None, str]]:
        return (BatchCleaner, (self.column, self.config, self.output_column))

    def __repr__(self) -> str:
        return (
            f"BatchCleaner(column={self.column!r}, config={self.config!r}, "
            f"output_column={self.output_column!r})"
        )

    def __call__(self, batch: Any) -> Any:
        kind = type(batch).__module__.split(".", 1)[0]
        if kind == "pandas":
            out = batch.copy(deep=False)
            out[self.output_column] = clean_column(batch[self.column].tolist(), self.config)
            return out
        if kind == "pyarrow":
            pa = importlib.import_module("pyarrow")  # optional: only for pyarrow batches
            cleaned = pa.array(
                clean_column(batch.column(self.column).to_pylist(), self.config), pa.string()
            )
            names = batch.column_names
            if self.output_column in names:
                return batch.set_column(names.index(self.output_column), self.output_column, cleaned)
            return batch.append_column(self.output_column, cleaned)
        if isinstance(batch, Mapping):
            values = batch[self.column]
            cleaned_list = clean_column(values, self.config)
            result: Any = cleaned_list
            if type(values).__module__ == "numpy":
                # Keep the container type Ray's numpy format gave us (object dtype, None kept).
                np = importlib.import_module("numpy")
                result = np.empty(len(cleaned_list), dtype=object)
                result[:] = cleaned_list
            out_map = dict(batch)
            out_map[self.output_column] = result
            return out_map
        raise TypeError(
            "expected a batch as a dict of columns, a pandas DataFrame or a pyarrow Table, "
            f"not {type(batch).__name__}"
        )


def make_batch_fn(
    column: str = "text", config: Config | None = None, *, output_column: str | None = None
) -> Callable[[Any], Any]:
    """A picklable batch function for ``Dataset.map(batched=True)`` or Ray ``map_batches``.

    >>> make_batch_fn()({"text": ["  你好  "]})
    {'text': ['你好']}
    """
    return BatchCleaner(column, config, output_column)

