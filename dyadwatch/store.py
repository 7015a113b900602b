"""The store: the only module that speaks SQL.

SQLite by default (a file path, WAL journal, one writer); any SQLAlchemy URL
(`postgresql+psycopg://…`) otherwise. `open_store` applies pending migrations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dyadwatch import schema as t
from dyadwatch.batches import blocks
from dyadwatch.errors import StoreError
from dyadwatch.models import Actor, ActorMention, Article, EventMention, Rejection, Timex

STREAM_ROWS = 1000  # rows per fetch and per insert when streaming mentions and events


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def database_url(db: str) -> str:
    """A file path becomes a SQLite URL; anything with a scheme is used as given."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://") :]
        return db
    if db == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_store(db: str) -> Store:
    """Open (and create or migrate) the store at a path or URL."""
    url = database_url(db)
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(
            f"cannot open store '{db}': {exc}; give a file path or a URL such as "
            "postgresql://user@host/db (PostgreSQL needs `pip install dyadwatch[postgres]`)"
        ) from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine, db)
    store.migrate()
    return store


class Store:
    def __init__(self, engine: Engine, label: str) -> None:
        self.engine = engine
        self.label = label

    # -- schema -------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply the migrations this database has not seen; return their versions."""
        try:
            with self.engine.begin() as conn:
                t.schema_migrations.create(conn, checkfirst=True)
                done = set(conn.scalars(sa.select(t.schema_migrations.c.version)))
                applied = []
                for version, name, apply in t.MIGRATIONS:
                    if version in done:
                        continue
                    apply(conn)
                    conn.execute(
                        t.schema_migrations.insert().values(
                            version=version, name=name, applied_at=now()
                        )
                    )
                    applied.append(version)
                return applied
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open or migrate store '{self.label}': {exc}") from exc

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(sa.func.max(t.schema_migrations.c.version))) or 0

    # -- runs and rejections --------------------------------------------------

    def start_run(self, command: str, inputs: list[str]) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                t.runs.insert().values(
                    command=command, inputs=inputs, started_at=now(), status="running"
                )
            )
            key = result.inserted_primary_key
            if key is None:
                raise StoreError(f"store '{self.label}' returned no id for the new run")
            return int(key[0])

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.runs.update()
                .where(t.runs.c.id == run_id)
                .values(finished_at=now(), status=status, counts=counts)
            )

    def add_rejection(self, rejection: Rejection, run_id: int | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.rejections.insert().values(
                    run_id=run_id,
                    source=rejection.source,
                    line=rejection.line,
                    stage=rejection.stage,
                    reason=rejection.reason,
                    created_at=now(),
                )  # fmt: skip
            )

    def rejections(self, run_id: int | None = None) -> list[dict[str, Any]]:
        query = sa.select(t.rejections).order_by(t.rejections.c.id)
        if run_id is not None:
            query = query.where(t.rejections.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.runs).order_by(t.runs.c.id))
            return [dict(row._mapping) for row in rows]

    # -- articles -------------------------------------------------------------

    def known_raw(self, raw_hashes: list[str]) -> set[str]:
        """Those of these raw-input hashes that a stored article already has."""
        if not raw_hashes:
            return set()
        query = sa.select(t.articles.c.raw_hash).where(t.articles.c.raw_hash.in_(raw_hashes))
        with self.engine.connect() as conn:
            return set(conn.scalars(query))

    def has_content(self, content_hash: str) -> bool:
        query = sa.select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)
        with self.engine.connect() as conn:
            return conn.scalar(query) is not None

    def signatures(self) -> Iterator[tuple[str, str, bytes, int]]:
        """(article id, story id, signature bytes, shingle count) of every stored article."""
        s = t.article_signatures
        query = sa.select(s.c.article_id, s.c.story_id, s.c.signature, s.c.size)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield row.article_id, row.story_id, row.signature, row.size

    def merge_stories(self, merged: list[str], into: str) -> None:
        """Stories found to be one: their articles move to the surviving story."""
        if not merged:
            return
        with self.engine.begin() as conn:
            for table in (t.articles, t.article_signatures):
                conn.execute(
                    table.update().where(table.c.story_id.in_(merged)).values(story_id=into)
                )
            conn.execute(t.stories.delete().where(t.stories.c.id.in_(merged)))

    def free_article_id(self, article_id: str, content_hash: str) -> str:
        """The id to store an article under: its own, unless another article holds it."""
        with self.engine.connect() as conn:
            taken = conn.scalar(sa.select(t.articles.c.id).where(t.articles.c.id == article_id))
        return article_id if taken is None else f"{article_id}~{content_hash[:10]}"

    def save_article(
        self,
        article: Article,
        mentions: Iterable[ActorMention],
        timexes: Iterable[Timex],
        events: Iterable[EventMention],
        run_id: int | None,
        fingerprint: str,
        story_id: str | None = None,
        signature: tuple[bytes, int] | None = None,
    ) -> None:
        """Store an article with everything extracted from it, in one transaction; a row the
        database refuses raises StoreError naming the article (nothing of it is kept)."""
        try:
            with self.engine.begin() as conn:
                self._write_article(conn, article, story_id or fingerprint[:16], run_id,
                                    fingerprint, signature)  # fmt: skip
                self._insert_mentions(conn, article.id, list(mentions))
                rows = [_timex_row(article.id, x) for x in timexes]
                if rows:
                    conn.execute(t.timexes.insert(), rows)
                rows = [_event_mention_row(article.id, e) for e in events]
                if rows:
                    conn.execute(t.event_mentions.insert(), rows)
        except sa.exc.SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"article '{article.id}' could not be stored: {reason}") from exc

    def _write_article(
        self, conn: sa.Connection, article: Article, story: str, run_id: int | None,
        fingerprint: str, signature: tuple[bytes, int] | None,
    ) -> None:  # fmt: skip
        """The article's row, its story's (if new) and its signature's."""
        exists = conn.scalar(sa.select(t.stories.c.id).where(t.stories.c.id == story))
        if exists is None:
            conn.execute(
                t.stories.insert().values(id=story, first_article_id=article.id, created_at=now())
            )
        row = _article_row(article, story, run_id)
        conn.execute(t.articles.insert().values(fingerprint=fingerprint, **row))
        if signature is not None:
            conn.execute(t.article_signatures.insert().values(
                article_id=article.id, story_id=story, signature=signature[0],
                size=signature[1]))  # fmt: skip

    def _insert_mentions(
        self, conn: sa.Connection, article_id: str, mentions: list[ActorMention]
    ) -> None:
        rows = [
            {"article_id": article_id, "start": m.start, "end": m.end, "text": m.text,
             "label": m.label, "actor_id": m.actor.id if m.actor else None, "how": m.how,
             "name": m.actor.name if m.actor else None,
             "code": m.actor.code if m.actor else None,
             "office": m.actor.office if m.actor else None}
            for m in mentions
        ]  # fmt: skip
        if rows:
            conn.execute(t.mentions.insert(), rows)

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.articles).where(t.articles.c.id == article_id)).first()
            return dict(row._mapping) if row else None

    def iter_articles(
        self, columns: tuple[str, ...] = ("id", "published", "text")
    ) -> Iterator[dict[str, Any]]:
        """Stream stored articles (only the columns asked for), oldest first."""
        cols = [t.articles.c[name] for name in columns]
        query = sa.select(*cols).order_by(t.articles.c.published, t.articles.c.id)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield dict(row._mapping)

    def articles_meta(self) -> dict[str, dict[str, Any]]:
        """id → published, outlet, story_id for every article (used by fusion)."""
        cols = [t.articles.c.id, t.articles.c.published, t.articles.c.outlet,
                t.articles.c.story_id, t.articles.c.source]  # fmt: skip
        with self.engine.connect() as conn:
            return {row.id: dict(row._mapping) for row in conn.execute(sa.select(*cols))}

    def stories(self) -> list[dict[str, Any]]:
        """Each story with its copies (articles), largest first."""
        a = t.articles
        cols = [a.c.story_id, a.c.id, a.c.title, a.c.published, a.c.outlet, a.c.source]
        grouped: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(*cols).order_by(a.c.published, a.c.id)):
                grouped.setdefault(row.story_id, []).append(dict(row._mapping))
        stories = [{"id": sid, "articles": rows} for sid, rows in grouped.items()]
        return sorted(stories, key=lambda s: (-len(s["articles"]), s["id"]))

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            query = sa.select(sa.func.count()).select_from(t.metadata.tables[table])
            return int(conn.scalar(query) or 0)

    # -- actors -----------------------------------------------------------------

    def save_actors(self, learned: Iterable[tuple[Actor, list[str]]]) -> None:
        """Persist actors learned from text with the aliases seen; existing ones keep theirs.

        Rows another writer stored first are left as they are (Dask workers learn the same
        persons at the same time), not an error."""
        with self.engine.begin() as conn:
            for actor, aliases in learned:
                _insert_new(conn, t.actors, [{**dataclasses.asdict(actor), "learned": True}])
                _insert_new(conn, t.actor_aliases,
                            [{"actor_id": actor.id, "alias": a} for a in sorted(set(aliases))])

    def learned_actors(self) -> list[tuple[Actor, list[str]]]:
        with self.engine.connect() as conn:
            aliases: dict[str, list[str]] = {}
            for row in conn.execute(sa.select(t.actor_aliases)):
                aliases.setdefault(row.actor_id, []).append(row.alias)
            rows = conn.execute(sa.select(t.actors).where(t.actors.c.learned.is_(True)))
            out = []
            for row in rows:
                fields = {k: row._mapping[k] for k in ("id", "name", "code", "kind", "sector",
                                                       "office")}  # fmt: skip
                out.append((Actor(**fields), aliases.get(row.id, [])))
            return out

    def actor_mention_counts(self) -> list[dict[str, Any]]:
        """Per resolved actor: mentions, articles, offices held and the surface forms seen."""
        m = t.mentions
        cols = [m.c.actor_id, m.c.text, m.c.article_id, m.c.name, m.c.code, m.c.office]
        query = sa.select(*cols).where(m.c.actor_id.is_not(None))
        stats: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                entry = stats.setdefault(row.actor_id, {
                    "mentions": 0, "articles": set(), "aliases": {}, "offices": {},
                    "name": row.name, "code": row.code,
                })  # fmt: skip
                entry["mentions"] += 1
                entry["articles"].add(row.article_id)
                entry["aliases"][row.text] = entry["aliases"].get(row.text, 0) + 1
                if row.office:
                    entry["offices"][row.office] = None
        return [
            {"actor_id": key, "name": v["name"], "code": v["code"], "mentions": v["mentions"],
             "articles": len(v["articles"]), "offices": list(v["offices"]),
             "aliases": sorted(v["aliases"], key=lambda a: -v["aliases"][a])}
            for key, v in stats.items()
        ]  # fmt: skip

    # -- events -------------------------------------------------------------------

    def event_mentions(self) -> Iterator[dict[str, Any]]:
        """Every stored event mention with its article id, in a stable order, streamed."""
        query = sa.select(t.event_mentions).order_by(t.event_mentions.c.id)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=STREAM_ROWS).execute(query):
                yield dict(row._mapping)

    def event_mentions_by_id(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """The stored mention rows with these ids."""
        found: dict[int, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for part in blocks(ids, STREAM_ROWS):
                query = sa.select(t.event_mentions).where(t.event_mentions.c.id.in_(part))
                found.update((row.id, dict(row._mapping)) for row in conn.execute(query))
        return found

    def replace_events(self, fused: list[dict[str, Any]], links: dict[int, str]) -> None:
        """Replace the fused events and point each mention at its event, atomically."""
        by_event: dict[str, list[int]] = {}
        for mention_id, event_id in links.items():
            by_event.setdefault(event_id, []).append(mention_id)
        self.write_events((record, by_event.get(record["id"], [])) for record in fused)

    def write_events(self, events: Iterable[tuple[dict[str, Any], list[int]]]) -> int:
        """Replace the fused events with `events` ((record, its mention ids), read lazily
        and written in chunks), in one transaction; return how many were written."""
        written = 0
        with self.engine.begin() as conn:
            conn.execute(t.event_mentions.update().values(event_id=None))
            conn.execute(t.events.delete())
            for chunk in blocks(events, STREAM_ROWS):
                conn.execute(t.events.insert(), [_event_row(record) for record, _ in chunk])
                for record, ids in chunk:
                    if ids:
                        conn.execute(
                            t.event_mentions.update()
                            .where(t.event_mentions.c.id.in_(ids))
                            .values(event_id=record["id"])
                        )
                written += len(chunk)
        return written

    def events(
        self,
        dyad: tuple[str, str] | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Fused events (their contract records), oldest first, undated last."""
        e = t.events
        query = sa.select(e.c.record)
        if dyad:
            for code in dyad:
                query = query.where(e.c.actor_codes.contains(f" {code} "))
        if event_type:
            query = query.where(e.c.event == event_type.upper())
        if since:
            query = query.where(e.c.date >= since)
        if until:
            query = query.where(e.c.date <= until)
        query = query.order_by(e.c.date.is_(None), e.c.date, e.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [row.record for row in conn.execute(query)]


def _insert_new(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose primary key is not stored yet, in one statement that cannot
    race with another writer (ON CONFLICT DO NOTHING); row by row elsewhere."""
    if not rows:
        return
    name = conn.dialect.name
    if name in ("sqlite", "postgresql"):
        dialect = import_module(f"sqlalchemy.dialects.{name}")
        conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)
        return
    keys = [column.name for column in table.primary_key.columns]
    for row in rows:
        match = sa.and_(*(table.c[k] == row[k] for k in keys))
        if conn.scalar(sa.select(sa.func.count()).select_from(table).where(match)) == 0:
            conn.execute(table.insert().values(**row))


def _article_row(article: Article, story: str, run_id: int | None) -> dict[str, Any]:
    return {
        "id": article.id, "content_hash": article.content_hash, "story_id": story,
        "raw_hash": article.raw_hash or None,
        "source": article.source, "title": article.title, "published": article.published,
        "date_source": article.date_source, "outlet": article.outlet, "url": article.url,
        "text": article.text, "captions": article.captions,
        "header_dates": article.header_dates, "flags": article.flags,
        "removed": article.removed, "run_id": run_id, "created_at": now(),
    }  # fmt: skip


def _timex_row(article_id: str, timex: Timex) -> dict[str, Any]:
    return {"article_id": article_id, "start": timex.start, "end": timex.end,
            "text": timex.text, "type": timex.type, "value": timex.value}  # fmt: skip


def _event_mention_row(article_id: str, mention: EventMention) -> dict[str, Any]:
    return {
        "article_id": article_id, "record": dataclasses.asdict(mention),
        "event": mention.event, "status": mention.status, "date": mention.date,
        "sent_start": mention.sent_start, "sent_end": mention.sent_end,
    }  # fmt: skip


def _event_row(record: dict[str, Any]) -> dict[str, Any]:
    codes = {a["code"] for a in record["actor"] + record["recipient"] if a.get("code")}
    return {
        "id": record["id"], "event": record["event"], "status": record["status"],
        "date": record["date"], "date_precision": record["date_precision"], "record": record,
        "actor_codes": " " + " ".join(sorted(codes)) + " ",
        "num_articles": record["num_articles"], "num_stories": record["num_stories"],
    }  # fmt: skip
