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


def test_event_ids_are_stable_whatever_the_order() -> None:
    pairs = [("late", mention(BIDEN, XI)), ("early", mention(XI, BIDEN, status="planned"))]
    a, _ = fuse_mentions(rows(*pairs), ARTICLES)
    b, _ = fuse_mentions(rows(*pairs[::-1]), ARTICLES)
    assert [e["id"] for e in a] == [e["id"] for e in b]


BLINKEN = Actor("person:antony-blinken", "Antony Blinken", "USA", "person", "GOV")
WANG = Actor("person:wang-yi", "Wang Yi", "CHN", "person", "GOV")
CHN_GOV = Actor("CHN.GOV", "Chinese government", "CHN", "group", "GOV")


def test_a_state_level_actor_fits_a_person_of_its_country() -> None:
    fused, _ = fuse_mentions(rows(("late", mention(BLINKEN, XI)), ("copy", mention(BLINKEN, CHN))),
                             ARTICLES)  # fmt: skip
    assert len(fused) == 1
    assert fused[0]["recipient"][0]["name"] == "Xi Jinping"  # the fuller report names the person


def test_two_different_persons_are_two_meetings() -> None:
    # Blinken met Wang Yi in the morning and Xi Jinping in the afternoon of the same day.
    fused, _ = fuse_mentions(rows(("late", mention(BLINKEN, XI)), ("late", mention(BLINKEN, WANG))),
                             ARTICLES)  # fmt: skip
    assert len(fused) == 2


def test_dates_fit_at_their_precisions() -> None:
    fused, _ = fuse_mentions(
        rows(("early", mention(BIDEN, XI, status="planned", date="2023-11", precision="month")),
             ("late", mention(BIDEN, XI, date="2023-11-15")),
             ("late", mention(BIDEN, XI, date="2023", precision="year"))),
        ARTICLES,
    )  # fmt: skip
    assert len(fused) == 1
    assert (fused[0]["date"], fused[0]["date_precision"], fused[0]["status"]) == (
        "2023-11-15", "day", "occurred")  # fmt: skip


def test_a_subset_of_participants_fits() -> None:
    xi_only = mention(XI, None)
    fused, _ = fuse_mentions(rows(("late", mention(BIDEN, XI)), ("copy", xi_only)), ARTICLES)
    assert len(fused) == 1


def test_a_weak_date_joins_a_recent_event_but_not_an_old_one() -> None:
    weak = mention(BLINKEN, XI, date="2023-11-16")
    weak.date_source = "article"
    fused, _ = fuse_mentions(rows(("late", mention(BLINKEN, XI, date="2023-11-14")),
                                  ("late", weak)), ARTICLES)  # fmt: skip
    assert len(fused) == 1
    old = mention(BLINKEN, XI, date="2023-06-19")
    fused, _ = fuse_mentions(rows(("late", old), ("late", weak)), ARTICLES)
    assert len(fused) == 2


def test_contradicting_reports_are_recorded() -> None:
    from dyadwatch.models import Place

    a, b = mention(BLINKEN, WANG), mention(BLINKEN, WANG)
    a.place, b.place = Place("Beijing", "CHN"), Place("Diaoyutai State Guesthouse", "CHN")
    fused, _ = fuse_mentions(rows(("early", a), ("late", b)), ARTICLES)
    assert len(fused) == 1
    assert fused[0]["contradictions"] == [
        {"field": "place", "values": {"Beijing": ["early"], "Diaoyutai State Guesthouse": ["late"]}}
    ]


def test_different_countries_of_place_are_different_events() -> None:
    from dyadwatch.models import Place

    a, b = mention(BLINKEN, WANG), mention(BLINKEN, WANG)
    a.place, b.place = Place("Beijing", "CHN"), Place("Washington", "USA")
    fused, _ = fuse_mentions(rows(("late", a), ("late", b)), ARTICLES)
    assert len(fused) == 2


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


def test_a_plan_is_not_a_report_of_an_earlier_event() -> None:
    # Regression: "ready for Xi to meet Biden in the fall", written in June 2023 and dated
    # 2022 by a wrong year, fused into the Bali meeting of 2022-11-14.
    plan = mention(XI, BIDEN, status="planned", date="2022", precision="year")
    articles = {**ARTICLES, "june": {"published": "2023-06-19", "outlet": None, "story_id": "s3"}}
    fused, _ = fuse_mentions(rows(("late", mention(BIDEN, XI, date="2022-11-14")),
                                  ("june", plan)), articles)  # fmt: skip
    assert len(fused) == 2


def test_a_weak_date_fits_a_coarse_strong_date_that_contains_it() -> None:
    # Regression: "Blinken's visit last year" (2023) in a cluster kept the article-dated
    # "Blinken and Xi met at the Great Hall" (2023-06-19) out: only 2023-01-01 was compared.
    weak = mention(BLINKEN, XI, date="2023-06-19")
    weak.date_source = "article"
    fused, _ = fuse_mentions(
        rows(("late", mention(BLINKEN, XI, date="2023-06-19")),
             ("late", mention(BLINKEN, None, date="2023", precision="year")), ("late", weak)),
        ARTICLES,
    )  # fmt: skip
    assert len(fused) == 1


def test_overlapping_but_different_person_sets_are_different_events() -> None:
    burns = Actor("person:william-burns", "William Burns", "USA", "person", "INT")
    trip = mention(burns, CHN)
    trip.actors.append(ActorMention(0, 7, "Blinken", "PERSON", BLINKEN))
    fused, _ = fuse_mentions(rows(("late", trip), ("late", mention(BLINKEN, WANG))), ARTICLES)
    assert len(fused) == 2


def test_a_forum_recipient_of_a_meeting_is_its_venue() -> None:
    from dyadwatch.models import Place

    apec = Actor("IGO.APEC", "Asia-Pacific Economic Cooperation", "APEC", "igo", "IGO")
    sf = Place("San Francisco", "USA")
    attend = mention(BIDEN, apec, status="planned", date="2023-11", precision="month")
    meet = mention(BIDEN, XI, status="planned", date="2023-11", precision="month")
    attend.place, meet.place = sf, sf
    fused, _ = fuse_mentions(rows(("early", attend), ("late", meet)), ARTICLES)
    assert len(fused) == 1
    assert {s["name"] for s in fused[0]["recipient"] + fused[0]["actor"]} == {
        "Joe Biden",
        "Xi Jinping",
    }


def test_each_participant_alone_joins_the_fuller_report() -> None:
    fused, _ = fuse_mentions(
        rows(("late", mention(XI, None)), ("late", mention(BIDEN, None)),
             ("copy", mention(BIDEN, XI))),
        ARTICLES,
    )  # fmt: skip
    assert len(fused) == 1


def test_two_undated_plans_of_one_trip_fuse() -> None:
    a = mention(BIDEN, XI, status="planned", date="2023-10-05")
    b = mention(XI, None, status="planned", date="2023-10-27")
    a.date_source = b.date_source = "article"
    fused, _ = fuse_mentions(rows(("early", a), ("late", b)), ARTICLES)
    assert len(fused) == 1


# -- the date index: the same clusters as trying every cluster ------------------------------


def _varied_rows() -> list[dict[str, Any]]:
    """Mentions over two years: every precision, text- and article-dated, plans, no date."""
    dates = [("2023-11-15", "day"), ("2023-11-16", "day"), ("2023-11", "month"),
             ("2023", "year"), ("2024-01-02", "day"), ("2022-11-14", "day"), (None, "unknown")]
    sides = [(BIDEN, XI), (XI, BIDEN), (USA, CHN), (BIDEN, None), (XI, None), (CHN, USA)]
    out = []
    for i in range(120):
        date, precision = dates[i % len(dates)]
        actor, recipient = sides[(i // 3) % len(sides)]
        m = mention(actor, recipient, event=("CONSULT", "ACCUSE")[i % 2],
                    status=("occurred", "planned")[(i // 5) % 2], date=date, precision=precision)
        if i % 4 == 0:  # dated only by its article
            m.date_source = "article"
            m.date, m.date_precision = ("2023-11-16", "day") if date else (None, "unknown")
        out.append((("early", "late", "copy")[i % 3], m))
    return rows(*out)


def _first_fit_everywhere(rows_: list[dict[str, Any]]) -> list[list[int]]:
    """The reference: each mention tries every cluster of its type, oldest first."""
    from dyadwatch.fuse import _strong_first, fits_cluster

    made: list[list[dict[str, Any]]] = []
    for row in sorted(rows_, key=lambda r: _strong_first(r, ARTICLES)):
        home = next((c for c in made if c[0]["record"]["event"] == row["record"]["event"]
                     and fits_cluster(row, c, ARTICLES)), None)  # fmt: skip
        if home is None:
            made.append([row])
        else:
            home.append(row)
    return sorted(sorted(r["id"] for r in c) for c in made)


def test_date_index_gives_the_clusters_of_trying_every_cluster() -> None:
    from dyadwatch.fuse import cluster, slim_row

    varied = _varied_rows()
    expected = _first_fit_everywhere(varied)
    assert len(expected) > 10  # the set is varied enough to make many events
    got = sorted(sorted(r["id"] for r in c) for c in cluster(varied, ARTICLES))
    assert got == expected
    slim = sorted(sorted(r["id"] for r in c)
                  for c in cluster([slim_row(r) for r in varied], ARTICLES))  # fmt: skip
    assert slim == expected


def test_dates_that_fit_have_overlapping_reaches() -> None:
    from dyadwatch.fuse import date_reach, dates_fit

    records = [r["record"] for r in _varied_rows()]
    for x in records:
        for y in records:
            a, b = date_reach(x), date_reach(y)
            if dates_fit(x, y) and a and b:
                assert a[0] <= b[1] and b[0] <= a[1], (x["date"], y["date"])
