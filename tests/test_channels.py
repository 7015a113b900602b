"""Channel states from sentences and events: cues, modality, linking, dating, the board."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dyadwatch.channels import (
    Cue,
    Evidence,
    SentenceContext,
    about_dyad,
    build_track,
    channel_board,
    collect_evidence,
    date_cues,
    find_channels,
    find_cues,
    meeting_evidence,
    next_state,
    sentence_evidence,
)
from dyadwatch.models import Timex
from dyadwatch.relate import ArticleText

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Beijing suspended the climate talks.", ["suspended"]),
        ("The military hotline remains frozen.", ["frozen"]),
        ("Both sides agreed to resume defense talks.", ["resumed"]),
        ("Washington asked Beijing to reopen military channels.", ["still_closed"]),
        ("China refused to restore the military hotline.", ["still_closed"]),
        ("There is a need to restore military-to-military channels.", ["still_closed"]),
        ("China could suspend the climate dialogue.", []),
        ("Beijing threatened to cut off law enforcement cooperation.", []),
        ("China did not suspend its climate talks.", []),
        ("They launched a new economic working group.", ["open"]),
        ("China has agreed to resume climate dialogue after suspending it.",
         ["resumed", "suspended"]),
        ("Officials met in Beijing.", []),
    ],
)  # fmt: skip
def test_find_cues(sentence: str, kinds: list[str]) -> None:
    assert [c.kind for c in find_cues(sentence)] == kinds


@pytest.mark.parametrize(
    ("sentence", "channels"),
    [
        ("The military-to-military channels stay shut.", ["military"]),
        ("Communication between senior American military officials stalled.", ["military"]),
        ("Cooperation on drug trafficking and law enforcement ended.",
         ["counternarcotics", "counternarcotics"]),
        ("They resumed the climate dialogue and student exchanges.", ["climate", "people"]),
        ("More direct flights were added.", ["people"]),
        ("A new economic and commercial working group met.", ["economic"]),
        ("Climate change is a threat.", []),
        ("Military tensions rose.", []),
    ],
)  # fmt: skip
def test_find_channels(sentence: str, channels: list[str]) -> None:
    assert [name for name, _, _ in find_channels(sentence)] == channels


def _evidence(
    sentence: str, published: str = "2023-07-11", **kw: Any
) -> list[tuple[str, str, str | None]]:
    ctx = SentenceContext("a1", published, **kw)
    return [(e.channel, e.kind, e.date) for e in sentence_evidence(sentence, ctx)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("China has agreed to resume climate dialogue after suspending it last August.",
         [("climate", "resumed", "2023-07-11"), ("climate", "suspended", "2022-08")]),
        ("Beijing suspended military talks and climate dialogue in March.",
         [("climate", "suspended", "2023-03"), ("military", "suspended", "2023-03")]),
        ("He asked them to reopen military-to-military channels that China closed in 2022.",
         [("military", "still_closed", "2023-07-11"), ("military", "frozen", "2022")]),
        # a cue far from any channel name speaks of something else
        ("Communication channels have fallen apart in recent months and officials are "
         "now negotiating on minor issues such as visas.", []),
        # a plan is not a state; an agreement dated in the future is dated by its report
        ("The two sides will resume climate talks next month.", []),
        ("They agreed to resume climate talks next month.",
         [("climate", "resumed", "2023-07-11")]),
        # multilateral talks are no bilateral channel
        ("Leaders vowed to revive the stalled global trade talks.", []),
        ("The weather froze the harbour.", []),
        ("There has been no resumption of military talks.",
         [("military", "still_closed", "2023-07-11")]),
        ("The two militaries restored theater-level communications in April.",
         [("military", "resumed", "2023-04")]),
        ("Talks on climate change resumed in Sunnylands in November.",
         [("climate", "resumed", "2022-11")]),
        ("China closed the US consulate in Chengdu.", [("foreign", "frozen", "2023-07-11")]),
    ],
)  # fmt: skip
def test_sentence_evidence(sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert sorted(_evidence(sentence)) == sorted(expected)


@pytest.mark.parametrize(
    ("sentence", "dyad", "kept"),
    [("A sign of the resumption of Sino-U.S. military exchanges.", ("CHN", "TWN"), False),
     ("A sign of the resumption of Sino-U.S. military exchanges.", ("USA", "CHN"), True),
     ("Mr. Xi rebuffed Mr. Blinken after Pelosi visited Taiwan.", ("USA", "CHN"), True),
     ("China agreed to resume the climate dialogue.", ("USA", "CHN"), True),
     ("Japan and China agreed to resume defense talks.", ("USA", "CHN"), False),
     ("The military hotline remains frozen.", ("USA", "CHN"), True)],
)  # fmt: skip
def test_about_dyad(sentence: str, dyad: tuple[str, str], kept: bool) -> None:
    assert about_dyad(sentence, *dyad) is kept


US_STORY = Counter({"USA": 9, "CHN": 12, "RUS": 3})


@pytest.mark.parametrize(
    ("sentence", "dyad", "kept"),
    [("China agreed to resume the climate dialogue.", ("USA", "CHN"), True),
     ("China agreed to resume the climate dialogue.", ("CHN", "RUS"), False),
     ("The military hotline remains frozen.", ("USA", "CHN"), True),
     ("The military hotline remains frozen.", ("CHN", "RUS"), False),
     ("Moscow and Beijing froze their defense talks.", ("CHN", "RUS"), True)],
)  # fmt: skip
def test_about_dyad_borrows_the_article_focus(sentence: str, dyad: tuple[str, str],
                                              kept: bool) -> None:  # fmt: skip
    assert about_dyad(sentence, *dyad, US_STORY) is kept


def test_anaphora_takes_the_previous_sentence_channel() -> None:
    text = ("Beijing froze cooperation on drug trafficking in August 2022. "
            "Washington has pressed China to resume cooperation. Weather is fine.")  # fmt: skip
    found = collect_evidence([], [ArticleText("a1", "2023-10-05", text)], "USA", "CHN")
    assert [(e.channel, e.kind, e.date) for e in found] == [
        ("counternarcotics", "frozen", "2022-08"),
        ("counternarcotics", "still_closed", "2023-10-05"),
    ]


def _timex(text: str, sentence: str, value: str) -> Timex:
    start = sentence.index(text)
    return Timex(start, start + len(text), text, "DATE", value)


def test_date_cues_gives_each_timex_to_its_nearest_cue() -> None:
    s = "Talks resumed in May after they were suspended in 2022 and now go on."
    resumed = Cue("resumed", s.index("resumed"), s.index("resumed") + 7, "resumed")
    suspended = Cue("suspended", s.index("suspended"), s.index("suspended") + 9, "suspended")
    timexes = [
        _timex("May", s, "2023-05"),
        _timex("2022", s, "2022"),
        _timex("now", s, "PRESENT_REF"),
    ]
    dated = date_cues([resumed, suspended], timexes, ("2023-07-01", "article"), "2023-07-01")
    assert dated == {resumed: ("2023-05", "timex"), suspended: ("2022", "timex")}


@pytest.mark.parametrize(
    ("kind", "current", "state"),
    [("still_closed", None, "frozen"), ("still_closed", "suspended", "suspended"),
     ("still_closed", "open", "frozen"), ("open", "frozen", "resumed"), ("open", None, "open"),
     ("open", "resumed", "resumed"), ("frozen", "open", "frozen"), ("resumed", None, "resumed")],
)  # fmt: skip
def test_next_state(kind: str, current: str | None, state: str) -> None:
    assert next_state(kind, current) == state


def _ev(kind: str, date: str, source: str = "timex") -> Evidence:
    return Evidence("climate", kind, date, source, f"{kind} {date}", "a1", date, kind, "article")


def test_build_track_merges_runs_and_orders_by_date() -> None:
    track = build_track("climate", "Climate", [
        _ev("resumed", "2023-07-11", "article"), _ev("suspended", "2022-08"),
        _ev("still_closed", "2023-01-05", "article"), _ev("open", "2023-09-01", "event"),
    ])  # fmt: skip
    assert [(s.state, s.start, s.end) for s in track.segments] == [
        ("suspended", "2022-08", "2023-07-11"), ("resumed", "2023-07-11", None)]  # fmt: skip
    assert len(track.segments[0].evidence) == 2 and track.state == "resumed"


def _person(name: str, code: str, office: str) -> dict[str, Any]:
    return {"name": name, "code": code, "office": office, "kind": "person",
            "actor_id": name, "sector": "GOV", "entity_text": name}  # fmt: skip


@pytest.mark.parametrize(
    ("actor_office", "recipient_office", "status", "channels"),
    [("President", "President", "occurred", ["leader"]),
     ("Secretary of State", "President", "occurred", ["foreign"]),
     ("Secretary of Defense", "Minister of National Defense", "occurred", ["military"]),
     ("Secretary of the Treasury", "Vice Premier", "occurred", ["economic"]),
     ("President", "President", "planned", [])],
)  # fmt: skip
def test_meeting_evidence(actor_office: str, recipient_office: str, status: str,
                          channels: list[str]) -> None:  # fmt: skip
    rec = {"event": "CONSULT", "status": status, "date": "2023-11-15", "event_text": "met",
           "actor": [_person("A", "USA", actor_office)],
           "recipient": [_person("B", "CHN", recipient_office)],
           "mentions": [{"sentence": "A met B.", "article_id": "a1", "published": "2023-11-16",
                         "start": 0}]}  # fmt: skip
    assert [e.channel for e in meeting_evidence(rec)] == channels


def test_seed_articles_channel_board() -> None:
    """The five seed articles alone (no events) give the channel history they report."""
    meta = [json.loads(line) for line in (EXAMPLES / "metadata.jsonl").read_text().splitlines()]
    articles = [ArticleText(m["file"], m["published"], (EXAMPLES / m["file"]).read_text())
                for m in meta]  # fmt: skip
    board = {t.channel: t for t in channel_board(collect_evidence([], articles, "USA", "CHN"))}
    military = board["military"]
    assert [(s.state, s.start) for s in military.segments] == [("frozen", "2022-08")]
    assert len({e.article_id for e in military.segments[0].evidence}) == 3
    assert [(s.state, s.start) for s in board["climate"].segments] == [
        ("suspended", "2022-08"), ("resumed", "2023-07-11")]  # fmt: skip
    assert "last August" in board["climate"].segments[0].evidence[0].sentence
    assert [(s.state, s.start) for s in board["counternarcotics"].segments] == [
        ("frozen", "2022-08")
    ]
