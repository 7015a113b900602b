"""Table definitions and the migrations that create them.

Every schema change is a new entry in MIGRATIONS; `store.open_store` applies
the ones a database has not seen yet and records each in `schema_migrations`,
so a store written by an older dyadwatch is upgraded in place.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)  # fmt: skip

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("command", sa.String(40), nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40)),
    sa.Column("status", sa.String(20), nullable=False),  # running | done | failed
    sa.Column("counts", sa.JSON),
)  # fmt: skip

stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("first_article_id", sa.String(200), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)  # fmt: skip

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),  # copies share it (dedupe)
    sa.Column("raw_hash", sa.String(64)),  # added by migration 5
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(10)),
    sa.Column("date_source", sa.String(20), nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("captions", sa.JSON, nullable=False),
    sa.Column("header_dates", sa.JSON, nullable=False),
    sa.Column("flags", sa.JSON, nullable=False),
    sa.Column("removed", sa.JSON, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Index("ix_articles_fingerprint", "fingerprint"),
)  # fmt: skip

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("code", sa.String(20), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("sector", sa.String(20)),
    sa.Column("office", sa.Text),
    sa.Column("learned", sa.Boolean, nullable=False, default=False),
)  # fmt: skip

actor_aliases = sa.Table(
    "actor_aliases", metadata,
    sa.Column("actor_id", sa.String(200), sa.ForeignKey("actors.id"), primary_key=True),
    sa.Column("alias", sa.String(300), primary_key=True),
)  # fmt: skip

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.String(20), nullable=False),
    sa.Column("actor_id", sa.String(200)),
    sa.Column("how", sa.String(20), nullable=False),
    sa.Column("name", sa.Text),  # added by migration 4
    sa.Column("code", sa.Text),
    sa.Column("office", sa.Text),
    sa.Index("ix_mentions_article", "article_id"),
    sa.Index("ix_mentions_actor", "actor_id"),
)  # fmt: skip

timexes = sa.Table(
    "timexes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("type", sa.String(10), nullable=False),
    sa.Column("value", sa.String(60), nullable=False),
    sa.Index("ix_timexes_article", "article_id"),
)  # fmt: skip

# One row per report of an event in one sentence; `event_id` links it to the fused event.
event_mentions = sa.Table(
    "event_mentions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("event_id", sa.String(64)),
    sa.Column("record", sa.JSON, nullable=False),  # the EventMention, as a dict
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("date", sa.String(10)),
    sa.Column("sent_start", sa.Integer, nullable=False),
    sa.Column("sent_end", sa.Integer, nullable=False),
    sa.Index("ix_event_mentions_article", "article_id"),
    sa.Index("ix_event_mentions_event", "event_id"),
)  # fmt: skip

# The fused events: one row per real-world event, rebuilt by `fuse` from its mentions.
events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("date", sa.String(10)),
    sa.Column("date_precision", sa.String(10), nullable=False),
    sa.Column("record", sa.JSON, nullable=False),  # the exported event, per the contract
    sa.Column("actor_codes", sa.String(200), nullable=False),  # " USA CHN " for dyad filters
    sa.Column("num_articles", sa.Integer, nullable=False),
    sa.Column("num_stories", sa.Integer, nullable=False),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_type", "event"),
)  # fmt: skip

rejections = sa.Table(
    "rejections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id")),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)  # fmt: skip


def _create_initial(conn: sa.Connection) -> None:
    tables = [runs, stories, articles, actors, actor_aliases, mentions, timexes,
              event_mentions, events, rejections]  # fmt: skip
    metadata.create_all(conn, tables=tables)


# MinHash signature of each article's text (dedupe.Signature), so copies arriving in a
# later run still find their story without re-reading every stored text.
article_signatures = sa.Table(
    "article_signatures", metadata,
    sa.Column("article_id", sa.String(200), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("story_id", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("signature", sa.LargeBinary, nullable=False),
    sa.Index("ix_article_signatures_story", "story_id"),
)  # fmt: skip


def _add_signatures(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[article_signatures])


def _add_event_query_indexes(conn: sa.Connection) -> None:
    # Covering indexes for filtered, paged event lists (the API): p95 165 ms -> 38 ms on
    # 100,000 events (scripts/bench_api.py).
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_events_page ON events (date, id, event, status, actor_codes)"
    )
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_events_type_status "
        "ON events (event, status, date, id, actor_codes)"
    )


def _add_mention_actor_fields(conn: sa.Connection) -> None:
    # The canonical name, code and office at the article's date, so `dyadwatch actors` can
    # list the offices an actor was seen in without the knowledge base of that day.
    # (A store created after this change already has them: migration 1 builds the tables
    # from their current definitions.)
    present = {c["name"] for c in sa.inspect(conn).get_columns("mentions")}
    for column in ("name", "code", "office"):
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE mentions ADD COLUMN {column} TEXT")


def _add_raw_hash(conn: sa.Connection) -> None:
    # Re-ingesting known input is skipped before cleaning, by the hash of the raw input.
    present = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
    if "raw_hash" not in present:
        conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN raw_hash VARCHAR(64)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_raw_hash ON articles (raw_hash)")


Migration = tuple[int, str, Callable[[sa.Connection], None]]

MIGRATIONS: list[Migration] = [
    (1, "initial schema", _create_initial),
    (2, "MinHash signatures for near-duplicate stories", _add_signatures),
    (3, "covering indexes for filtered event pages", _add_event_query_indexes),
    (4, "canonical name, code and office on actor mentions", _add_mention_actor_fields),
    (5, "raw input hash on articles, for fast re-ingest", _add_raw_hash),
]
