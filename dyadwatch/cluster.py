"""Ingest on a Dask cluster: `dyadwatch ingest --cluster local|tcp://host:8786`.

The main process reads the input and sends chunks of raw articles to the Dask
workers; each worker cleans, parses and extracts its articles and writes them to
the store itself (PostgreSQL takes many writers; SQLite works for a LocalCluster
on one machine, one writer at a time). When every chunk is done, the main
process assigns near-duplicate stories over all stored signatures and fuses
events over the store — the two steps that need every article at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from dyadwatch.batches import blocks
from dyadwatch.dedupe import Signature, StoryIndex
from dyadwatch.errors import InputError, StageError, StoreError
from dyadwatch.models import Article, RawArticle, Rejection
from dyadwatch.pipeline import (
    Analysis,
    RunSummary,
    analyse_batch,
    fuse_store,
    load_knowledge,
    prepare_article,
    raw_key,
    save_analysis,
)  # fmt: skip
from dyadwatch.read import read_inputs
from dyadwatch.settings import Settings
from dyadwatch.store import Store, open_store

# Per worker process: the store, knowledge base and spaCy pipeline, loaded by the first
# chunk that worker runs and kept for the next ones. Never used in the main process.
_WORKER_STATE: dict[tuple[str, str], tuple[Store, Any, Any]] = {}


def _worker_state(db: str, model: str) -> tuple[Store, Any, Any]:
    key = (db, model)
    if key not in _WORKER_STATE:
        from dyadwatch.nlp import load_pipeline

        store = open_store(db)
        _WORKER_STATE[key] = (store, load_knowledge(store), load_pipeline(model))
    return _WORKER_STATE[key]


def ingest_chunk(
    raws: list[RawArticle], db: str, settings: Settings, run_id: int
) -> dict[str, Any]:
    """Run on a worker: prepare, analyse and store a chunk; return counts and rejections."""
    store, kb, nlp = _worker_state(db, settings.spacy_model)
    counts: dict[str, Any] = {"new": 0, "skipped": 0, "event_mentions": 0, "rejections": []}
    fresh: list[Article] = []
    known = store.known_raw([raw_key(raw) for raw in raws])
    for raw in raws:
        if raw_key(raw) in known:
            counts["skipped"] += 1
            continue
        try:
            article = prepare_article(raw, kb)
        except StageError as err:
            counts["rejections"].append(Rejection(raw.source, err.stage, str(err.cause)))
            continue
        article.raw_hash = raw_key(raw)
        if store.has_content(article.content_hash):
            counts["skipped"] += 1
            continue
        article.id = store.free_article_id(article.id, article.content_hash)
        fresh.append(article)
    for result in analyse_batch(fresh, nlp, kb, settings.batch_size, settings.triage):
        if isinstance(result, Rejection):
            counts["rejections"].append(result)
        elif _save(store, result, run_id, kb):
            counts["new"] += 1
            counts["event_mentions"] += len(result.events)
        else:
            counts["skipped"] += 1
    return counts


def _save(store: Store, result: Analysis, run_id: int, kb: Any) -> bool:
    """Store one analysed article; False when another worker stored the same text first."""
    import sqlalchemy as sa

    try:
        # Stories are assigned over the whole store at the end (`assign_stories`); here
        # each article starts its own.
        save_analysis(store, result, run_id, kb, StoryIndex())
    except StoreError as err:
        if not isinstance(err.__cause__, sa.exc.IntegrityError):
            raise
        if store.has_content(result.article.content_hash):
            return False
        result.article.id = f"{result.article.id}~{result.article.content_hash[:10]}"
        save_analysis(store, result, run_id, kb, StoryIndex())
    return True


def assign_stories(store: Store) -> int:
    """Join copies stored by different workers into one story; return how many merged."""
    index, merges = StoryIndex(), 0
    for article_id, story_id, data, size in store.signatures():
        sig = Signature.from_bytes(data, size)
        found = [s for s in index.matching_stories(sig) if s != story_id]
        if found:
            target = found[0]
            store.merge_stories([story_id, *found[1:]], into=target)
            for other in (story_id, *found[1:]):
                index.parent[other] = target
            merges += len(found)
            story_id = target
        index.add(article_id, story_id, sig)
    return merges


def _client(cluster: str, workers: int) -> Any:
    try:
        from dask.distributed import Client, LocalCluster
    except ModuleNotFoundError as exc:
        raise InputError("--cluster needs Dask: pip install 'dyadwatch[dask]'") from exc
    if cluster == "local":
        local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                             dashboard_address=None)  # fmt: skip
        return Client(local)
    if not cluster.startswith("tcp://"):
        raise InputError(
            f"--cluster '{cluster}': give 'local' or a scheduler address tcp://host:port"
        )
    return Client(cluster)


def ingest_on_cluster(
    paths: Sequence[str], store: Store, settings: Settings, cluster: str, chunk_size: int = 64
) -> RunSummary:
    """Ingest across Dask workers that write to the store; stories and fusion at the end."""
    summary = RunSummary(run_id=store.start_run("ingest", list(paths)))
    client = _client(cluster, settings.workers)

    def articles() -> Iterator[RawArticle]:
        for item in read_inputs(paths, settings):
            summary.read += 1
            if isinstance(item, Rejection):
                summary.reject(item, store)
            else:
                yield item

    try:
        pending: list[Any] = []  # at most two chunks per worker in flight: memory stays flat
        for chunk in blocks(articles(), chunk_size):
            pending.append(client.submit(ingest_chunk, chunk, store.label, settings,
                                         summary.run_id, pure=False))  # fmt: skip
            if len(pending) >= 2 * max(1, settings.workers):
                _add(store, summary, pending.pop(0).result())
        for future in pending:
            _add(store, summary, future.result())
        assign_stories(store)
        summary.events = fuse_store(store)
    except BaseException:
        store.finish_run(summary.run_id or 0, summary.counts(), status="failed")
        raise
    finally:
        local = getattr(client, "cluster", None) if cluster == "local" else None
        client.close()
        if local is not None:
            local.close()
    store.finish_run(summary.run_id or 0, summary.counts())
    return summary


def _add(store: Store, summary: RunSummary, counts: dict[str, Any]) -> None:
    summary.new += counts["new"]
    summary.skipped += counts["skipped"]
    summary.event_mentions += counts["event_mentions"]
    for rejection in counts["rejections"]:
        summary.reject(rejection, store)
