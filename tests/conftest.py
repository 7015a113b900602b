"""Shared fixtures: stores, the spaCy pipeline, and paths to the examples and gold sets."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language

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


PG_URL = os.environ.get("DYADWATCH_TEST_PG")


def _fresh_pg_store(url: str) -> Store:
    """An empty PostgreSQL store: every dyadwatch table dropped, then migrated anew."""
    import sqlalchemy as sa

    from dyadwatch import schema
    from dyadwatch.store import database_url

    engine = sa.create_engine(database_url(url))
    with engine.begin() as conn:
        schema.metadata.drop_all(conn)
    engine.dispose()
    return open_store(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same test against SQLite and against a real PostgreSQL server.

    CI starts PostgreSQL (scripts/pg_test_server.sh) and sets DYADWATCH_TEST_PG; there a
    missing server is a failure, elsewhere the PostgreSQL half is skipped.
    """
    if request.param == "sqlite":
        store = open_store(str(tmp_path / "any.db"))
    else:
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("CI must provide PostgreSQL: DYADWATCH_TEST_PG is not set")
            pytest.skip("no PostgreSQL server: set DYADWATCH_TEST_PG (scripts/pg_test_server.sh)")
        store = _fresh_pg_store(PG_URL)
    yield store
    store.engine.dispose()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from dyadwatch.nlp import load_pipeline

    return load_pipeline()


def shipped_and_swapped(replace: Callable[[Language], bool]) -> tuple[Language, Language]:
    """The model as shipped, and a second copy with one component swapped by `replace`
    (the fast drop-ins of dyadwatch/nlp_*.py): tests compare their annotations."""
    import spacy

    from dyadwatch.nlp import MODEL_PACKAGE

    shipped, swapped = spacy.load(MODEL_PACKAGE), spacy.load(MODEL_PACKAGE)
    assert replace(swapped)
    return shipped, swapped
