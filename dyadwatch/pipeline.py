"""The pipeline runner: read → clean → date → dedupe → nlp → actors → time → events → fuse.

Each stage is called through `run_stage`, which names the stage that failed;
a failure rejects that one article (a row with stage and reason) and the run
goes on. Articles stream through in batches for `nlp.pipe`; memory does not
grow with the input.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from spacy.tokens import Doc

from dyadwatch import actors as actor_stage
from dyadwatch.batches import blocks
from dyadwatch.clean import clean_article
from dyadwatch.dedupe import Signature, StoryIndex, fingerprint, signature
from dyadwatch.errors import StageError, StoreError
from dyadwatch.events import extract_events
from dyadwatch.fuse import cluster, event_id, event_record, slim_row
from dyadwatch.kb import build_kb
from dyadwatch.models import (
    Actor,
    ActorMention,
    Article,
    EventMention,
    RawArticle,
    Rejection,
    Timex,
)
from dyadwatch.nlp import load_pipeline
from dyadwatch.parse import parse_texts
from dyadwatch.read import read_inputs
from dyadwatch.settings import Settings
from dyadwatch.store import Store
from dyadwatch.time import date_article, date_event, tag_timexes

T = TypeVar("T")


# Seconds spent per stage, when a benchmark asks for them (`stage_timings`); a context
# variable rather than a global so concurrent callers do not mix their figures.
_TIMINGS: ContextVar[dict[str, float] | None] = ContextVar("dyadwatch_timings", default=None)


@contextmanager
def stage_timings() -> Iterator[dict[str, float]]:
    """Collect the time spent in each stage (in this process) while the block runs."""
    timings: dict[str, float] = {}
    token = _TIMINGS.set(timings)
    try:
        yield timings
    finally:
        _TIMINGS.reset(token)


def run_stage(stage: str, source: str, func: Callable[..., T], *args: Any) -> T:
    """Call one stage; any failure becomes a StageError that names the stage and input."""
    timings = _TIMINGS.get()
    start = time.perf_counter() if timings is not None else 0.0
    try:
        return func(*args)
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001 - one broken article must not stop the run
        raise StageError(stage, source, exc) from exc
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


@dataclass
class Analysis:
    """Everything extracted from one article."""

    article: Article
    mentions: list[ActorMention]
    timexes: list[Timex]
    events: list[EventMention]


@dataclass
class RunSummary:
    run_id: int | None = None
    read: int = 0
    new: int = 0
    skipped: int = 0  # already in the store
    rejected: int = 0
    event_mentions: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, rejection: Rejection, store: Store) -> None:
        """Count a rejection and store it as a row of this run."""
        self.rejected += 1
        self.rejections.append(rejection)
        store.add_rejection(rejection, self.run_id)

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "skipped": self.skipped,
                "rejected": self.rejected, "event_mentions": self.event_mentions,
                "events": self.events}  # fmt: skip

    def line(self) -> str:
        return (f"{self.read} articles read: {self.new} new, {self.skipped} already stored, "
                f"{self.rejected} rejected; {self.event_mentions} event mentions, "
                f"{self.events} events in the store")  # fmt: skip


def raw_key(raw: RawArticle) -> str:
    """A hash of the input as read: its text (or HTML) and its given date."""
    body = raw.text if raw.text is not None else (raw.html or "")
    data = f"{body}\0{raw.published or ''}".encode("utf-8", "replace")
    return hashlib.sha256(data).hexdigest()


RECENT_KEYS = 100_000  # input and content hashes remembered within a run (then the store knows)


class RecentKeys:
    """The last `size` keys added: duplicates within a run are caught before their first copy
    reaches the store; older keys are found by the store query, so memory stays bounded."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: dict[str, None] = {}

    def add(self, key: str) -> None:
        self._keys[key] = None
        if len(self._keys) > self.size:
            del self._keys[next(iter(self._keys))]

    def __contains__(self, key: object) -> bool:
        return key in self._keys


def prepare_article(raw: RawArticle, kb: Any) -> Article:
    """Clean, repair and date one raw article (the cheap stages, before spaCy)."""
    article = run_stage("clean", raw.source, clean_article, raw)
    article.text = run_stage("repair", raw.source, actor_stage.repair_text, article.text, kb)
    article.content_hash = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return run_stage("date", raw.source, date_article, article)


def extract_dated_events(
    article: Article, doc: Doc, kb: Any
) -> tuple[list[ActorMention], list[Timex], list[EventMention]]:
    """Actors, temporal expressions and dated events of one text (body or caption)."""
    src = article.source
    mentions = run_stage("actors", src, actor_stage.resolve_actors, doc, article, kb)
    timexes = run_stage("time", src, tag_timexes, article.text, article.published, doc)
    events = run_stage("events", src, extract_events, doc, article, mentions)
    for event in events:
        dated = run_stage("time", src, date_event, doc, event.trigger_start, timexes, article)
        event.date, event.date_precision, event.date_end = (
            dated.date,
            dated.precision,
            dated.date_end,
        )
        event.date_source, event.date_text = dated.source, dated.text
    return mentions, timexes, events


def analyse(article: Article, doc: Doc, kb: Any, nlp: Any = None) -> Analysis:
    """The stages that need the parse: actors, time, events, and each event's date.

    Photo captions are coded too, apart from the body: they often carry the exact date
    and place of an event the body dates only loosely ("last November" beside "Bali,
    Indonesia, November 14, 2022"); fusion then joins the two reports.
    """
    mentions, timexes, events = extract_dated_events(article, doc, kb)
    if nlp is not None:
        for i, caption in enumerate(article.captions):
            part = dataclasses.replace(article, text=caption, captions=[])
            for event in extract_dated_events(part, nlp(caption), kb)[2]:
                event.section = f"caption:{i}"
                events.append(event)
    return Analysis(article, mentions, timexes, events)


def analyse_batch(
    batch: list[Article], nlp: Any, kb: Any, batch_size: int, triage: bool = True
) -> list[Analysis | Rejection]:
    """Parse a batch with nlp.pipe and analyse each article; failures become rejections.

    With `triage`, only the sentences that can hold an event (an actor cue near a trigger,
    and the sentences coreference needs) are parsed — the main cost of an ingest — and every
    offset is mapped back to the full article afterwards (dyadwatch/triage.py).
    """
    out: list[Analysis | Rejection] = []
    reduced: list[tuple[Article, Any]] = [(a, None) for a in batch]
    explained = None
    if triage:
        from dyadwatch.triage import load_triage

        tri = load_triage()  # built once per process; needs only the model's lemma tables
        reduced = [run_stage("triage", a.source, tri.reduce, a, kb) for a in batch]
        explained = tri.explained  # the entity recogniser only where names are unexplained
    texts = [small.text for small, _ in reduced]
    docs: list[Doc | None]
    try:
        docs = list(run_stage("nlp", "batch", parse_texts, nlp, texts, batch_size, explained))
    except StageError:  # one text spaCy refuses must not take its batch down: parse one by one
        docs = [None] * len(batch)
    for article, (small, omap), doc in zip(batch, reduced, docs, strict=True):
        try:
            if doc is None:
                one = run_stage("nlp", article.source, parse_texts, nlp, [small.text], 1, explained)
                doc = one[0]
            analysis = analyse(small, doc, kb, nlp)
            out.append(restore_offsets(analysis, article, omap) if omap else analysis)
        except StageError as err:
            out.append(Rejection(article.source, err.stage, str(err.cause)))
    return out


def restore_offsets(analysis: Analysis, article: Article, omap: Any) -> Analysis:
    from dyadwatch.triage import restore

    return run_stage("triage", article.source, restore, analysis, article, omap)


def analyse_stream(
    articles: Iterable[Article],
    kb: Any,
    settings: Settings,
    learned: list[tuple[Actor, list[str]]] | None = None,
) -> Iterator[Analysis | Rejection]:
    """Analyse articles in batches, in this process or, for more than one batch of input
    and `settings.workers > 1`, in a pool of worker processes (results in input order)."""
    batches = blocks(articles, settings.batch_size)
    first = next(batches, [])
    batches = itertools.chain([first], batches)
    if settings.workers > 1 and len(first) == settings.batch_size:
        from dyadwatch.workers import analyse_in_workers

        yield from analyse_in_workers(batches, learned or [], settings)
        return
    nlp = load_pipeline(settings.spacy_model)
    for batch in batches:
        if batch:
            yield from analyse_batch(batch, nlp, kb, settings.batch_size, settings.triage)


def load_knowledge(store: Store | None) -> Any:
    """The knowledge base, extended with the actors earlier runs learned from text."""
    # A fresh copy, not the process-wide cached one: the actors learned by this store must
    # not leak into another store's ingest in the same process (tests, the API server).
    kb = build_kb()
    if store is not None:
        for actor, aliases in store.learned_actors():
            kb.add_learned(actor, aliases)
    return kb


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    progress: Callable[[str], None] | None = None,
) -> RunSummary:
    """Read, analyse and store articles; then fuse events over the whole store."""
    summary = RunSummary(run_id=store.start_run("ingest", list(paths)))
    # The knowledge base and the story index are built on the first new article: a re-ingest
    # of known input needs neither (issue 10: >= 5,000 articles/s).
    kb_cache: list[Any] = []
    stories_cache: list[StoryIndex] = []

    def kb_now() -> Any:
        if not kb_cache:
            kb_cache.append(load_knowledge(store))
        return kb_cache[0]

    def new_articles() -> Iterator[Article]:
        seen = RecentKeys(RECENT_KEYS)
        for block in blocks(read_inputs(paths, settings), 256):
            summary.read += len(block)
            raws = [item for item in block if not isinstance(item, Rejection)]
            for item in block:
                if isinstance(item, Rejection):
                    summary.reject(item, store)
            # One query per block finds the inputs stored before, so a re-ingest skips
            # them without cleaning them again (issue 10: >= 5,000 articles/s).
            known = store.known_raw([raw_key(raw) for raw in raws])
            for raw in raws:
                key = raw_key(raw)
                if key in known or key in seen:
                    summary.skipped += 1
                    continue
                seen.add(key)
                try:
                    article = prepare_article(raw, kb_now())
                except StageError as err:
                    summary.reject(Rejection(raw.source, err.stage, str(err.cause)), store)
                    continue
                article.raw_hash = key
                if article.content_hash in seen or store.has_content(article.content_hash):
                    summary.skipped += 1
                    continue
                seen.add(article.content_hash)
                article.id = store.free_article_id(article.id, article.content_hash)
                if f"id:{article.id}" in seen:  # an earlier article of this run has this id
                    article.id = f"{article.id}~{article.content_hash[:10]}"
                seen.add(f"id:{article.id}")
                yield article

    try:
        fresh = new_articles()
        first = next(fresh, None)
        results: Iterable[Analysis | Rejection] = []
        if first is not None:
            learned = store.learned_actors()
            stories_cache.append(load_stories(store))
            results = analyse_stream(itertools.chain([first], fresh), kb_now(), settings, learned)
        for result in results:
            if isinstance(result, Rejection):
                summary.reject(result, store)
                continue
            try:
                save_analysis(store, result, summary.run_id, kb_now(), stories_cache[0])
            except StoreError as err:  # one article the database refuses; the run goes on
                summary.reject(Rejection(result.article.source, "store", str(err)), store)
                continue
            summary.new += 1
            summary.event_mentions += len(result.events)
            if progress:
                progress(result.article.source)
        # Nothing new, nothing to re-fuse: a re-ingest of known input stays cheap.
        summary.events = fuse_store(store) if summary.new else store.count("events")
    except BaseException:
        store.finish_run(summary.run_id or 0, summary.counts(), status="failed")
        raise
    store.finish_run(summary.run_id or 0, summary.counts())
    return summary


def load_stories(store: Store) -> StoryIndex:
    """The near-duplicate index over every stored article's signature."""
    index = StoryIndex()
    for article_id, story_id, data, size in store.signatures():
        index.add(article_id, story_id, Signature.from_bytes(data, size))
    return index


def save_analysis(
    store: Store, result: Analysis, run_id: int | None, kb: Any, stories: StoryIndex
) -> None:
    article = result.article
    sig = signature(article.text)
    new_story = "s" + hashlib.sha1(article.id.encode("utf-8")).hexdigest()[:15]
    story, merged = stories.assign(article.id, sig, new_story)
    store.merge_stories(merged, into=story)
    store.save_article(article, result.mentions, result.timexes, result.events, run_id,
                       fingerprint=fingerprint(article.text), story_id=story,
                       signature=(sig.to_bytes(), sig.size))  # fmt: skip
    learned = actor_stage.learned_actors(result.mentions)
    if learned:
        store.save_actors(learned)
        for actor, aliases in learned:  # later articles of this run reuse them too
            kb.add_learned(actor, aliases)


def fuse_store(store: Store) -> int:
    """Rebuild the fused events from every stored event mention; return how many.

    Clustering reads slim mention rows (`fuse.slim_row`: no sentences or quotes); each
    event's full record is built from its members fetched in chunks and written as it
    comes, so the whole store's evidence is never in memory at once."""
    articles = store.articles_meta()
    clusters = cluster([slim_row(row) for row in store.event_mentions()], articles)

    def records() -> Iterator[tuple[dict[str, Any], list[int]]]:
        for chunk in blocks(clusters, 500):
            full = store.event_mentions_by_id([row["id"] for members in chunk for row in members])
            for members in chunk:
                rows = [full[row["id"]] for row in members]
                yield event_record(event_id(rows), rows, articles), [row["id"] for row in rows]

    return store.write_events(records())
