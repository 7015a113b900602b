"""Shared fixtures: stores, the spaCy pipeline, and paths to the examples and gold sets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyadwatch.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
CORPORA = SHARED / "corpora"

needs_gold = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")
needs_corpora = pytest.mark.skipif(not CORPORA.exists(), reason="../shared/corpora not present")


@pytest.fixture
def memory_store() -> Store:
    return open_store(":memory:")


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "test.db"))
    yield store
    store.engine.dispose()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from dyadwatch.nlp import load_pipeline

    return load_pipeline()
