from __future__ import annotations

import dataclasses
from typing import Any

import jsonschema

from dyadwatch.export import event_schema, flat_row
from dyadwatch.fuse import fuse_article_events, fuse_mentions
from dyadwatch.models import Actor, ActorMention, EventMention

USA = Actor("USA", "United States", "USA", "state")
CHN = Actor("CHN", "China", "CHN", "state")
BIDEN = Actor("person:joe-biden", "Joe Biden", "USA", "person", "GOV", "President")
XI = Actor("person:xi-jinping", "Xi Jinping", "CHN", "person", "GOV", "President")


def mention(
    actor: Actor,
    recipient: Actor | None,
    event: str = "CONSULT",
    status: str = "occurred",
    date: str | None = "2023-11-15",
    precision: str = "day",
) -> EventMention:
    sentence = f"{actor.name} met {recipient.name if recipient else 'nobody'}."
    return EventMention(
        event=event, actors=[ActorMention(0, len(actor.name), actor.name, "PERSON", actor)],
        recipients=[ActorMention(0, 1, recipient.name, "PERSON", recipient)] if recipient else [],
        trigger="met", trigger_start=0, trigger_end=3, sentence=sentence, sent_start=0,
        sent_end=len(sentence), status=status, date=date, date_precision=precision,
        date_source="timex",
    )  # fmt: skip


def rows(*pairs: tuple[str, EventMention]) -> list[dict[str, Any]]:
    return [{"id": i, "article_id": art, "record": dataclasses.asdict(m)}
            for i, (art, m) in enumerate(pairs)]  # fmt: skip


ARTICLES = {
    "early": {"published": "2023-10-05", "outlet": None, "story_id": "s1"},
    "late": {"published": "2023-11-16", "outlet": "Wire", "story_id": "s2"},
    "copy": {"published": "2023-11-16", "outlet": "Other", "story_id": "s2"},
}


def test_planned_then_held_is_one_event_with_latest_status() -> None:
    fused, links = fuse_mentions(
        rows(("late", mention(XI, BIDEN)), ("early", mention(BIDEN, XI, status="planned"))),
        ARTICLES,
    )
    assert len(fused) == 1
    event = fused[0]
    assert event["status"] == "occurred"  # the later report decides
    assert event["num_articles"] == 2 and event["num_stories"] == 2
    assert set(links.values()) == {event["id"]}


def test_copies_count_as_one_story() -> None:
    fused, _ = fuse_mentions(rows(("late", mention(BIDEN, XI)), ("copy", mention(BIDEN, XI))),
                             ARTICLES)  # fmt: skip
    assert fused[0]["num_articles"] == 2 and fused[0]["num_stories"] == 1


def test_directed_events_keep_direction_and_dates_separate() -> None:
    fused, _ = fuse_mentions(
        rows(("late", mention(USA, CHN, event="SANCTION")),
             ("late", mention(CHN, USA, event="SANCTION")),
             ("late", mention(BIDEN, XI, date="2022-11-14"))),
        ARTICLES,
    )  # fmt: skip
    assert len(fused) == 3
    assert [e["date"] for e in fused] == ["2022-11-14", "2023-11-15", "2023-11-15"]


def test_event_ids_are_stable() -> None:
    a, _ = fuse_mentions(rows(("late", mention(BIDEN, XI))), ARTICLES)
    b, _ = fuse_mentions(rows(("early", mention(XI, BIDEN))), ARTICLES)
    assert a[0]["id"] == b[0]["id"]


def test_fused_records_validate_against_the_shipped_schema() -> None:
    records = fuse_article_events("a1", [mention(BIDEN, XI), mention(USA, None, "SANCTION")],
                                  {"published": "2023-11-16", "outlet": None})  # fmt: skip
    assert len(records) == 2
    for record in records:
        jsonschema.validate(record, event_schema())
        assert flat_row(record)["sources"] == "a1"


def test_schema_rejects_a_record_without_actor() -> None:
    [record] = fuse_article_events("a1", [mention(BIDEN, XI)], {"published": None, "outlet": None})
    record["actor"] = []
    try:
        jsonschema.validate(record, event_schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("a record without actor must not validate")
