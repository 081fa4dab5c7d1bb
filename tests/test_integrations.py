"""Ray Data through a local two-CPU cluster, and the documented examples, each run once."""

from __future__ import annotations

import json
import logging
import os
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cleantext
from cleantext import Config

from .conftest import ROOT, SEED_FILES

EXAMPLES = ROOT / "docs" / "examples"
SRC = Path(cleantext.__file__).resolve().parent.parent
PAGES = [p.read_text("utf-8") for p in SEED_FILES] + ["  标题  \n\n正文。", "", "第一段\n\n\n第二段"]


def run_example(name: str) -> dict[str, Any]:
    # Each example checks its own result with asserts; running it is the test.
    return runpy.run_path(str(EXAMPLES / name), run_name="__main__")


def test_every_example_has_a_test() -> None:
    tested = {"pandas_example.py", "datasets_example.py", "ray_example.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_pandas_example() -> None:
    pytest.importorskip("pandas", reason="pandas not installed (extra: cleantext-zh[ray])")
    namespace = run_example("pandas_example.py")
    assert namespace["df"]["clean"][2] == "第一段\n第二段"


def test_datasets_example() -> None:
    pytest.importorskip("datasets", reason="🤗 datasets not installed")
    namespace = run_example("datasets_example.py")
    assert len(namespace["cleaned"]) == len(namespace["pages"])


# --- Ray -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="ray not installed (extra: cleantext-zh[ray])")
    pytest.importorskip("ray.data", reason="ray[data] not installed (extra: cleantext-zh[ray])")
    if ray.is_initialized():  # pragma: no cover - someone else's cluster: do not touch it
        pytest.skip("a Ray cluster is already running in this process")
    # Workers must import this checkout of cleantext, installed or not.
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
        runtime_env={"env_vars": {"PYTHONPATH": path}},
    )
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture
def pages_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "pages.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(PAGES):
            fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("batch_format", [None, "pandas", "numpy"])
def test_ray_clean_dataset_equals_single_process(
    ray_cluster: Any, pages_jsonl: Path, batch_format: str | None
) -> None:
    from cleantext.integrations.ray import clean_dataset  # noqa: PLC0415

    ds = ray_cluster.data.read_json(str(pages_jsonl))
    kwargs = {} if batch_format is None else {"batch_format": batch_format}
    out = clean_dataset(ds, "text", output_column="clean", batch_size=2, **kwargs)
    rows = sorted(out.take_all(), key=lambda row: row["id"])
    assert [row["id"] for row in rows] == list(range(len(PAGES)))
    assert [row["text"] for row in rows] == PAGES
    assert [row["clean"] for row in rows] == [cleantext.clean(p) for p in PAGES]
    assert any(row["clean"] != row["text"] for row in rows)


def test_ray_clean_dataset_in_place_with_config(ray_cluster: Any) -> None:
    from cleantext.integrations.ray import clean_dataset  # noqa: PLC0415

    config = Config(normalize_whitespace=False)
    ds = ray_cluster.data.from_items([{"text": "  甲  "}, {"text": "乙\n\n丙"}])
    rows = clean_dataset(ds, config=config).take_all()
    assert sorted(row["text"] for row in rows) == sorted(
        cleantext.clean(t, config) for t in ("  甲  ", "乙\n\n丙")
    )
    assert set(rows[0]) == {"text"}


def test_ray_clean_dataset_missing_column(ray_cluster: Any) -> None:
    from cleantext.integrations.ray import clean_dataset  # noqa: PLC0415

    ds = ray_cluster.data.from_items([{"body": "甲"}]).materialize()
    with pytest.raises(KeyError, match="body"):
        clean_dataset(ds, "text")


def test_ray_example(ray_cluster: Any) -> None:
    namespace = run_example("ray_example.py")
    assert len(namespace["rows"]) == len(namespace["pages"])
