"""Golden outputs of the five seed pages (regenerate with ``python tests/regen_golden.py``)."""

from __future__ import annotations

import pytest

from .conftest import SEED_FILES
from .regen_golden import GOLDEN, outputs


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_golden(seed) -> None:  # type: ignore[no-untyped-def]
    got = outputs(seed.read_text("utf-8"))
    for suffix, content in got.items():
        expected = (GOLDEN / f"{seed.stem}.{suffix}").read_text("utf-8")
        assert content == expected, f"{seed.stem}.{suffix} differs: run tests/regen_golden.py"
