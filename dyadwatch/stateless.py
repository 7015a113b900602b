"""The stateless commands: JSONL articles in, records out, nothing stored.

`code` writes events, `dates` temporal expressions, `entities` actor mentions;
each output record carries the input `id` as `article_id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from dyadwatch import actors as actor_stage
from dyadwatch.errors import StageError
from dyadwatch.fuse import fuse_article_events
from dyadwatch.models import Rejection
from dyadwatch.nlp import load_pipeline
from dyadwatch.pipeline import analyse_stream, load_knowledge, prepare_article, run_stage
from dyadwatch.read import read_jsonl_articles
from dyadwatch.settings import Settings
from dyadwatch.time import date_records

Record = dict[str, Any]


def _prepared(stream: TextIO, source: str, kb: Any) -> Iterator[Any]:
    for item in read_jsonl_articles(stream, source):
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            yield prepare_article(item, kb)
        except StageError as err:
            yield Rejection(item.source, err.stage, str(err.cause))


def code_stream(stream: TextIO, source: str, settings: Settings) -> Iterator[Record | Rejection]:
    """Events of each article, fused within the article, in the export contract."""
    kb = load_knowledge(None)
    rejected: list[Rejection] = []

    def articles() -> Iterator[Any]:
        for item in _prepared(stream, source, kb):
            if isinstance(item, Rejection):
                rejected.append(item)
            else:
                yield item

    for result in analyse_stream(articles(), kb, settings):
        yield from rejected
        rejected.clear()
        if isinstance(result, Rejection):
            yield result
            continue
        art = result.article
        meta = {"published": art.published, "outlet": art.outlet}
        for record in fuse_article_events(art.id, result.events, meta):
            yield {"article_id": art.id, **record}
    yield from rejected


def dates_stream(stream: TextIO, source: str) -> Iterator[Record | Rejection]:
    """Temporal expressions of each article's raw text, against its `published` date."""
    for item in read_jsonl_articles(stream, source):
        if isinstance(item, Rejection):
            yield item
            continue
        text = item.text if item.text is not None else ""
        if item.html is not None and item.text is None:
            from dyadwatch.clean import clean_article

            text = clean_article(item).text
        try:
            yield from run_stage("time", item.source, date_records, item.id or item.source,
                                 text, item.published)  # fmt: skip
        except StageError as err:
            yield Rejection(item.source, err.stage, str(err.cause))


def entities_stream(
    stream: TextIO, source: str, settings: Settings
) -> Iterator[Record | Rejection]:
    """Actor mentions of each cleaned article, with offsets and canonical actor."""
    kb = load_knowledge(None)
    nlp = load_pipeline(settings.spacy_model)
    for item in _prepared(stream, source, kb):
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            doc = nlp(item.text)
            records = run_stage("actors", item.source, actor_stage.entity_records, item, doc, kb)
        except StageError as err:
            yield Rejection(item.source, err.stage, str(err.cause))
            continue
        for record in records:
            yield {"article_id": item.id, **record}
