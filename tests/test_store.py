from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from dyadwatch.errors import StoreError
from dyadwatch.models import Actor, ActorMention, Article, EventMention, Rejection
from dyadwatch.schema import MIGRATIONS
from dyadwatch.store import Store, database_url, open_store


@pytest.mark.parametrize(
    "given, url",
    [
        ("dyadwatch.db", "sqlite:///dyadwatch.db"),
        (":memory:", "sqlite://"),
        ("postgresql://u@localhost/db", "postgresql+psycopg://u@localhost/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url(given: str, url: str) -> None:
    assert database_url(given) == url


def test_migrations_recorded_once(tmp_path: Path) -> None:
    path = str(tmp_path / "m.db")
    first = open_store(path)
    assert first.schema_version() == MIGRATIONS[-1][0]
    again = open_store(path)
    assert again.migrate() == []  # nothing left to apply
    with again.engine.connect() as conn:
        n = conn.scalar(sa.text("select count(*) from schema_migrations"))
    assert n == len(MIGRATIONS)


def test_sqlite_file_uses_wal(file_store: Store) -> None:
    with file_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unusable_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        open_store("nosuchdialect://x")


def _article(text: str = "Blinken met Wang Yi in Beijing.") -> Article:
    return Article(id="a1", source="a1.txt", text=text, published="2023-06-19",
                   date_source="metadata", content_hash="h" * 64)  # fmt: skip


def _event(article_text: str) -> EventMention:
    blinken = Actor("person:antony-blinken", "Antony Blinken", "USA", "person", "GOV")
    wang = Actor("person:wang-yi", "Wang Yi", "CHN", "person", "GOV")
    return EventMention(
        event="CONSULT", actors=[ActorMention(0, 7, "Blinken", "PERSON", blinken)],
        recipients=[ActorMention(12, 19, "Wang Yi", "PERSON", wang)], trigger="met",
        trigger_start=8, trigger_end=11, sentence=article_text, sent_start=0,
        sent_end=len(article_text), date="2023-06-19", date_precision="day",
    )  # fmt: skip


def test_save_article_and_lookup(any_store: Store) -> None:
    art = _article()
    mention = ActorMention(0, 7, "Blinken", "PERSON", None)
    any_store.save_article(art, [mention], [], [_event(art.text)], None, fingerprint="f" * 40)
    assert any_store.has_content(art.content_hash)
    assert any_store.count("event_mentions") == 1
    assert any_store.free_article_id("a1", "abcdef123456789") == "a1~abcdef1234"
    assert any_store.free_article_id("a2", "abcdef123456789") == "a2"


def test_fused_events_round_trip_with_filters(any_store: Store) -> None:
    from dyadwatch.pipeline import fuse_store

    art = _article()
    any_store.save_article(art, [], [], [_event(art.text)], None, fingerprint="f" * 40)
    assert fuse_store(any_store) == 1
    [event] = any_store.events(dyad=("CHN", "USA"), since="2023-06-01")
    assert event["actor"][0]["name"] == "Antony Blinken" and event["num_articles"] == 1
    assert any_store.events(dyad=("USA", "RUS")) == []
    assert any_store.events(until="2023-01-01") == []
    assert fuse_store(any_store) == 1  # rebuilding changes nothing


def test_rejections_are_rows(any_store: Store) -> None:
    run = any_store.start_run("ingest", ["x"])
    any_store.add_rejection(Rejection("bad.jsonl", "read", "not JSON", line=3), run)
    rows = any_store.rejections()
    assert [(r["source"], r["line"], r["stage"]) for r in rows] == [("bad.jsonl", 3, "read")]


def test_learned_actors_round_trip(any_store: Store) -> None:
    actor = Actor("person:gina-raimondo", "Gina Raimondo", "USA", "person", "GOV",
                  "Secretary of Commerce")  # fmt: skip
    any_store.save_actors([(actor, ["Gina Raimondo", "Raimondo"])])
    any_store.save_actors([(actor, ["Raimondo", "Ms. Raimondo"])])  # idempotent, adds alias
    [(got, aliases)] = any_store.learned_actors()
    assert got == actor
    assert sorted(aliases) == ["Gina Raimondo", "Ms. Raimondo", "Raimondo"]


def test_migration_upgrades_an_older_store(tmp_path: Path) -> None:
    # A store written before migration 4: mentions without name/code/office.
    path = str(tmp_path / "old.db")
    store = open_store(path)
    with store.engine.begin() as conn:
        for column in ("name", "code", "office"):
            conn.exec_driver_sql(f"ALTER TABLE mentions DROP COLUMN {column}")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 4")
    store.engine.dispose()
    upgraded = open_store(path)
    assert upgraded.schema_version() == MIGRATIONS[-1][0]
    with upgraded.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("mentions")}
    assert {"name", "code", "office"} <= columns
    art = _article()
    blinken = Actor("person:antony-blinken", "Antony Blinken", "USA", "person", "GOV",
                    "Secretary of State")  # fmt: skip
    upgraded.save_article(art, [ActorMention(0, 7, "Blinken", "PERSON", blinken)], [], [], None,
                          fingerprint="f" * 40)  # fmt: skip
    [row] = upgraded.actor_mention_counts()
    assert row["offices"] == ["Secretary of State"] and row["aliases"] == ["Blinken"]
