"""Ingest on a Dask LocalCluster gives the same events as a single-process run (issue 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dyadwatch.pipeline import ingest
from dyadwatch.settings import Settings
from dyadwatch.store import Store, open_store

from .conftest import EXAMPLES, PG_URL, _fresh_pg_store

pytest.importorskip("dask.distributed", reason="Dask is an extra: pip install 'dyadwatch[dask]'")


def keys(store: Store) -> list[tuple[Any, ...]]:
    return sorted(
        (e["event"], e["date"], e["status"], tuple(sorted(s["name"] for s in e["actor"])),
         tuple(sorted(s["name"] for s in e["recipient"])), e["num_articles"])
        for e in store.events()
    )  # fmt: skip


def test_local_cluster_gives_the_same_events(tmp_path: Path) -> None:
    from dyadwatch.cluster import ingest_on_cluster

    single_db = str(tmp_path / "single.db")
    single = open_store(single_db)
    ingest([str(EXAMPLES)], single, Settings(db=single_db, workers=1))
    if PG_URL:
        store, db = _fresh_pg_store(PG_URL), PG_URL
    else:  # SQLite takes the workers' writes one at a time (WAL, busy timeout)
        db = str(tmp_path / "cluster.db")
        store = open_store(db)
    summary = ingest_on_cluster([str(EXAMPLES)], store, Settings(db=db, workers=2), "local",
                                chunk_size=2)  # fmt: skip
    assert (summary.read, summary.new, summary.rejected) == (5, 5, 0)
    assert keys(store) == keys(single)
    again = ingest_on_cluster([str(EXAMPLES)], store, Settings(db=db, workers=2), "local")
    assert (again.new, again.skipped) == (0, 5)
    store.engine.dispose()


def test_copies_on_different_workers_join_one_story(tmp_path: Path) -> None:
    from dyadwatch.cluster import assign_stories

    db = str(tmp_path / "stories.db")
    store = open_store(db)
    seed = next(EXAMPLES.glob("004_*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_text(seed.read_text(encoding="utf-8").replace("Brinken", "Blinken"), "utf-8")
    # Two separate runs stand for two workers that never saw each other's article.
    from dyadwatch.dedupe import StoryIndex
    from dyadwatch.pipeline import analyse_batch, load_knowledge, prepare_article, save_analysis
    from dyadwatch.read import read_inputs

    kb = load_knowledge(store)
    from dyadwatch.nlp import load_pipeline

    for path in (seed, copy):
        [raw] = list(read_inputs([str(path)], Settings(db=db)))
        article = prepare_article(raw, kb)
        [result] = analyse_batch([article], load_pipeline(), kb, 1)
        save_analysis(store, result, None, kb, StoryIndex())
    assert len(store.stories()) == 2
    assert assign_stories(store) == 1
    [story] = store.stories()
    assert len(story["articles"]) == 2


def test_two_workers_storing_one_article_id_both_keep_their_article(tmp_path: Path) -> None:
    # Regression: the store now reports a refused row as StoreError; the worker's retry under
    # a suffixed id only knew sqlalchemy's IntegrityError, so the second article failed its chunk.
    from dyadwatch.cluster import _save
    from dyadwatch.models import Article
    from dyadwatch.pipeline import Analysis

    store = open_store(str(tmp_path / "ids.db"))
    kb = object()
    first = Analysis(Article(id="a1", source="x:1", text="Biden met Xi.", content_hash="h1"),
                     [], [], [])  # fmt: skip
    second = Analysis(Article(id="a1", source="y:1", text="Blinken met Wang.", content_hash="h2"),
                      [], [], [])  # fmt: skip
    run = store.start_run("ingest", [])
    assert _save(store, first, run, kb) and _save(store, second, run, kb)
    ids = sorted(a["id"] for s in store.stories() for a in s["articles"])
    assert ids == ["a1", "a1~h2"]
