"""The batch API: same output whatever the number of processes, bounded streaming, batch formats."""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import Config
from cleantext.batch import (
    CHUNK_CHARS,
    CHUNK_TEXTS,
    BatchCleaner,
    _chunks,
    cached_cleaner,
    clean_batch,
    clean_column,
    iter_clean,
    iter_results,
    make_batch_fn,
    resolve_jobs,
)

from .conftest import SEED_FILES

SEEDS = [p.read_text("utf-8") for p in SEED_FILES]
# Pages that each make the pipeline change something, plus edge cases.
PAGES = [*SEEDS, "", "\n\n", "  标题  \n\n正文。", "第一段\n\n\n第二段", "a" * 5000, "你好\u3000 "]


def expected(texts: list[str], config: Config | None = None) -> list[str]:
    return [cleantext.clean(t, config) for t in texts]


def test_pages_are_changed_by_cleaning() -> None:
    # Otherwise the equality tests below could pass with an identity function.
    assert sum(out != page for out, page in zip(expected(PAGES), PAGES, strict=True)) >= 5


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("chunksize", [None, 1, 3])
def test_clean_batch_equals_clean_in_order(jobs: int, chunksize: int | None) -> None:
    assert clean_batch(PAGES, jobs=jobs, chunksize=chunksize) == expected(PAGES)


def test_clean_batch_default_jobs_and_config_travel_to_workers() -> None:
    config = Config(normalize_whitespace=False)
    texts = ["  甲  ", *SEEDS]
    assert clean_batch(texts, config=config) == expected(texts, config)
    assert clean_batch(texts, config=config, jobs=2)[0] == "  甲  "


def test_clean_batch_accepts_any_iterable_and_empty_input() -> None:
    assert clean_batch(iter(PAGES), jobs=2) == expected(PAGES)
    assert clean_batch([], jobs=2) == []
    assert list(iter_clean([], jobs=1)) == []


def test_unordered_yields_the_same_pages() -> None:
    out = list(iter_clean(PAGES * 3, jobs=2, ordered=False, chunksize=2))
    assert sorted(out) == sorted(expected(PAGES * 3))


class Counting:
    """An endless stream of pages that counts how many were read."""

    def __init__(self) -> None:
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        for i in itertools.count():
            self.read += 1
            yield f"  第{i}页  \n\n正文。"


@pytest.mark.parametrize("ordered", [True, False])
def test_iter_clean_streams_with_bounded_read_ahead(ordered: bool) -> None:
    source = Counting()
    stream = iter_clean(source, jobs=2, chunksize=5, max_pending=3, ordered=ordered)
    first = list(itertools.islice(stream, 12))
    assert len(first) == 12
    if ordered:
        assert first == [f"第{i}页\n正文。" for i in range(12)]
    # Never more than max_pending chunks of chunksize pages ahead of what was consumed.
    assert source.read <= 12 + 3 * 5 + 5
    stream.close()  # shuts the pool down without waiting for the endless input


@pytest.mark.parametrize("jobs", [1, 2])
def test_iter_results_equal_run_with_trace(jobs: int) -> None:
    results = list(iter_results(PAGES, jobs=jobs, chunksize=2, trace=True))
    cleaner = cleantext.Cleaner()
    assert [r.text for r in results] == expected(PAGES)
    for page, result in zip(PAGES, results, strict=True):
        direct = cleaner.run(page, trace=True)
        assert result.changes == direct.changes
        assert result.articles == direct.articles
        assert cleantext.replay(page, result.changes) == result.text
    assert any(r.changes for r in results)


def test_input_of_one_chunk_is_cleaned_without_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started for one chunk of work")

    monkeypatch.setattr("cleantext.batch.ProcessPoolExecutor", no_pool)
    assert clean_batch(PAGES[:3], jobs=2, chunksize=3) == expected(PAGES[:3])
    with pytest.raises(AssertionError, match="process pool"):
        clean_batch(PAGES[:3], jobs=2, chunksize=2)


def test_iter_clean_in_process_is_lazy() -> None:
    source = Counting()
    assert next(iter_clean(source, jobs=1)) == "第0页\n正文。"
    assert source.read == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_non_str_raises_type_error(jobs: int) -> None:
    with pytest.raises(TypeError):
        clean_batch(["好", b"bytes"], jobs=jobs)  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2"])
def test_bad_jobs_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError):
        resolve_jobs(bad)  # type: ignore[arg-type]


def test_bad_chunk_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        clean_batch(["a"], jobs=2, chunksize=0)
    with pytest.raises(ValueError):
        list(iter_clean(["a"], jobs=2, max_pending=0))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30), st.one_of(st.none(), st.integers(1, 7)))
def test_property_chunks_keep_every_text_in_order(texts: list[str], size: int | None) -> None:
    chunks = list(_chunks(texts, size))
    assert [t for c in chunks for t in c] == texts
    assert all(chunks)
    limit = size if size is not None else CHUNK_TEXTS
    assert all(len(c) <= limit for c in chunks)


def test_chunks_by_size_group_small_pages_and_isolate_large_ones() -> None:
    big = "字" * CHUNK_CHARS
    chunks = list(_chunks(["a", big, "b", "c"], None))
    assert chunks == [["a", big], ["b", "c"]]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=8))
def test_property_batch_in_process_equals_clean(texts: list[str]) -> None:
    assert clean_batch(texts, jobs=1) == expected(texts)
    assert clean_column(texts) == expected(texts)


def test_cached_cleaner_is_one_per_config() -> None:
    assert cached_cleaner(None) is cached_cleaner(None)
    assert cached_cleaner(Config(convert_chinese=True)) is cached_cleaner(Config(convert_chinese=True))
    assert cached_cleaner(Config(convert_chinese=True)) is not cached_cleaner(Config())


def test_clean_column_keeps_missing_values() -> None:
    assert clean_column(["  甲  ", None, float("nan"), "乙\n\n丙"]) == ["甲", None, None, "乙\n丙"]
    with pytest.raises(TypeError):
        clean_column([3])  # type: ignore[list-item]


# --- batch functions for datasets / Ray / pandas ---------------------------------------------


def test_batch_fn_on_dict_of_lists_keeps_other_columns() -> None:
    fn = make_batch_fn("body", output_column="clean")
    batch = {"id": [1, 2, 3], "body": ["  甲  ", None, SEEDS[0]]}
    out = fn(batch)
    assert out["id"] == [1, 2, 3]
    assert out["body"] is batch["body"]
    assert out["clean"] == ["甲", None, cleantext.clean(SEEDS[0])]
    in_place = make_batch_fn("body")(batch)
    assert set(in_place) == {"id", "body"}
    assert in_place["body"] == out["clean"]


def test_batch_fn_pickles_with_its_config() -> None:
    fn = make_batch_fn("t", Config(normalize_whitespace=False), output_column="c")
    copy = pickle.loads(pickle.dumps(fn))
    assert isinstance(copy, BatchCleaner)
    assert (copy.column, copy.config, copy.output_column) == ("t", fn.config, "c")  # type: ignore[attr-defined]
    assert copy({"t": ["  甲  "]})["c"] == ["  甲  "]


def test_batch_fn_rejects_unknown_batches_and_configs() -> None:
    with pytest.raises(TypeError):
        make_batch_fn()(["a list is not a batch"])
    with pytest.raises(TypeError):
        make_batch_fn(config="strict")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        make_batch_fn("missing")({"text": ["a"]})


def test_batch_fn_on_numpy_columns() -> None:
    np = pytest.importorskip("numpy", reason="numpy not installed (comes with the ray extra)")
    batch = {"id": np.arange(3), "text": np.array(["  甲  ", None, "乙\n\n丙"], dtype=object)}
    out = make_batch_fn()(batch)
    assert isinstance(out["text"], np.ndarray)
    assert out["text"].dtype == object
    assert out["text"].tolist() == ["甲", None, "乙\n丙"]
    assert out["id"] is batch["id"]


def test_batch_fn_on_pandas_dataframe_and_series_map() -> None:
    pd = pytest.importorskip("pandas", reason="pandas not installed (extra: cleantext-zh[ray])")
    df = pd.DataFrame({"id": [1, 2, 3], "text": ["  甲  ", None, SEEDS[1]]})
    out = make_batch_fn(output_column="clean")(df)
    assert list(out.columns) == ["id", "text", "clean"]
    # Missing stays missing (pandas picks its own marker for it: None or NaN by version).
    assert out["clean"].isna().tolist() == [False, True, False]
    assert out["clean"][[0, 2]].tolist() == ["甲", cleantext.clean(SEEDS[1])]
    assert df.columns.tolist() == ["id", "text"]  # the input frame is not modified
    series = pd.Series(["  甲  ", pd.NA, "乙\n\n丙"], dtype="string")
    assert clean_column(series) == ["甲", None, "乙\n丙"]


def test_batch_fn_on_pyarrow_table() -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow not installed (comes with the ray extra)")
    table = pa.table({"id": [1, 2], "text": ["  甲  ", None]})
    replaced = make_batch_fn()(table)
    assert replaced.column_names == ["id", "text"]
    assert replaced.column("text").to_pylist() == ["甲", None]
    added = make_batch_fn(output_column="clean")(table)
    assert added.column_names == ["id", "text", "clean"]
    assert added.column("clean").to_pylist() == ["甲", None]


def test_datasets_map_batched_with_two_processes() -> None:
    datasets = pytest.importorskip("datasets", reason="🤗 datasets not installed")
    texts = [*SEEDS, "  甲  ", "乙\n\n丙"] * 2
    ds = datasets.Dataset.from_dict({"id": list(range(len(texts))), "text": texts})
    out = ds.map(make_batch_fn(output_column="clean"), batched=True, batch_size=3, num_proc=2)
    assert out["clean"] == expected(texts)
    assert out["id"] == list(range(len(texts)))
