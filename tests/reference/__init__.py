"""The Python implementations of steps ported to the Rust core, kept as the reference of the
differential tests (tests/test_core_differential.py) while the port goes on.

They are the package's code as it was before the port, run on the same tables (chardata), so
that a difference is a difference of rules. Not part of the package.
"""
