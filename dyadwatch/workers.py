"""Analysis in worker processes, for `ingest --workers N`.

Each worker loads spaCy and the knowledge base once (the initializer) and then
analyses whole batches; the main process keeps reading, and is the only one that
writes to the store (SQLite has one writer). At most two batches per worker are in
flight, so memory stays bounded whatever the size of the input.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from dyadwatch.models import Actor, Article, Rejection

# Per-process state of a worker, set once by `_init`; never used in the main process.
_WORKER: dict[str, Any] = {}


def _init(model: str, learned: list[tuple[Actor, list[str]]]) -> None:
    from dyadwatch.kb import build_kb
    from dyadwatch.nlp import load_pipeline

    kb = build_kb()
    for actor, aliases in learned:
        kb.add_learned(actor, aliases)
    _WORKER["nlp"], _WORKER["kb"] = load_pipeline(model), kb


def _work(batch: list[Article], batch_size: int, triage: bool) -> list[Any]:
    from dyadwatch.pipeline import analyse_batch

    return analyse_batch(batch, _WORKER["nlp"], _WORKER["kb"], batch_size, triage)


def analyse_in_workers(
    batches: Iterable[list[Article]], learned: list[tuple[Actor, list[str]]], settings: Any
) -> Iterator[Any]:
    """Analyses of every article, in input order, computed by `settings.workers` processes.

    `learned`: actors earlier runs learned from text, for each worker's knowledge base.
    """
    context = multiprocessing.get_context("spawn")  # no fork: the parent may hold threads
    with ProcessPoolExecutor(
        max_workers=settings.workers, mp_context=context, initializer=_init,
        initargs=(settings.spacy_model, learned),
    ) as pool:  # fmt: skip
        pending: deque[tuple[list[Article], Future[list[Any]]]] = deque()
        for batch in batches:
            if not batch:
                continue
            pending.append((batch, pool.submit(_work, batch, settings.batch_size, settings.triage)))
            if len(pending) >= 2 * settings.workers:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


def _collect(batch: list[Article], future: Future[list[Any]]) -> Iterator[Any]:
    try:
        yield from future.result()
    except Exception as exc:  # noqa: BLE001 - a worker that died rejects its batch, not the run
        for article in batch:
            yield Rejection(article.source, "nlp", f"worker failed: {type(exc).__name__}: {exc}")
