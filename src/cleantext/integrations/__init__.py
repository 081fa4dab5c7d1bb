"""Adapters for data engines; each lives in its own module and imports its engine lazily.

- :mod:`cleantext.integrations.ray`: Ray Data (extra ``cleantext-zh[ray]``).

pandas, 🤗 ``datasets``, Spark and Dask need no adapter: use
:func:`cleantext.batch.clean_column` or :func:`cleantext.batch.make_batch_fn` with their map
functions (see ``docs/pipelines.md``).
"""
