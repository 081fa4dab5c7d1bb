"""Ray Data: clean a text column of a (possibly multi-node) dataset.

Install the extra: ``pip install 'cleantext-zh[ray]'``. The same code runs on a laptop
(``ray.init()`` starts a local cluster) and on a cluster (``ray.init(address="auto")`` on a
node of it, or ``RAY_ADDRESS``); every worker needs ``cleantext-zh`` installed, for example
through ``runtime_env={"pip": ["cleantext-zh"]}``.

    import ray
    from cleantext.integrations.ray import clean_dataset

    ds = ray.data.read_json("pages.jsonl")
    clean_dataset(ds, "text", output_column="clean").write_json("out/")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..batch import make_batch_fn
from ..config import Config

if TYPE_CHECKING:
    import ray.data

__all__ = ["clean_dataset"]


def clean_dataset(
    ds: ray.data.Dataset,
    column: str = "text",
    *,
    config: Config | None = None,
    output_column: str | None = None,
    **map_batches_kwargs: Any,
) -> ray.data.Dataset:
    """A lazy dataset with ``column`` cleaned into ``output_column`` (default: in place).

    Other columns are kept. ``map_batches_kwargs`` go to :meth:`ray.data.Dataset.map_batches`
    (``batch_size``, ``num_cpus``, ``concurrency`` …); the batch format defaults to
    ``"pyarrow"``, which moves strings without converting them to Python objects twice.
    Each worker process builds its :class:`~cleantext.Cleaner` once and reuses it; each row
    comes out exactly as :func:`cleantext.clean` would make it. (Ray keeps the row order only
    with ``ray.data.DataContext.get_current().execution_options.preserve_order = True``.)
    """
    # Only a schema already known is checked: fetching one would execute the dataset.
    known = ds.columns(fetch_if_missing=False)
    if known is not None and column not in known:
        raise KeyError(f"dataset has no column {column!r} (columns: {', '.join(known)})")
    map_batches_kwargs.setdefault("batch_format", "pyarrow")
    fn = make_batch_fn(column, config, output_column=output_column)
    return ds.map_batches(fn, **map_batches_kwargs)

