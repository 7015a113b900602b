"""The relations index, dyad membership, periods, article scans and the dyad report."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyadwatch.errors import InputError
from dyadwatch.models import Article
from dyadwatch.relate import (
    all_dyad_indexes,
    dyad_indexes,
    names_both,
    parse_pair,
    period_key,
    period_start,
    plover_score,
    quad_class,
    record_dyads,
    split_sentences,
)
from dyadwatch.report import busiest_dyads, dyad_report, plot, render_tables, write_html
from dyadwatch.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PRECISION = {4: "year", 7: "month", 10: "day"}


def side(
    name: str, code: str | None, office: str | None = None, kind: str = "person"
) -> dict[str, Any]:
    actor_id = "person:" + name.lower().replace(" ", "-") if kind == "person" else code
    return {"name": name, "code": code, "sector": "GOV", "office": office, "kind": kind,
            "actor_id": actor_id, "entity_text": name}  # fmt: skip


US, CN, RU = side("United States", "USA", kind="state"), side("China", "CHN", kind="state"), \
    side("Russia", "RUS", kind="state")  # fmt: skip


def record(
    n: int, date: str | None, event: str, actor: list[dict[str, Any]],
    recipient: list[dict[str, Any]], *, status: str = "occurred", mode: tuple[str, ...] = (),
    quad: int = 0, scale: float = 0.0, sentence: str = "A sentence.", article: str = "a1",
    published: str = "2023-06-19", start: int = 0,
) -> dict[str, Any]:  # fmt: skip
    """A fused event record in the design's contract."""
    return {
        "id": f"e{n}", "date": date, "date_precision": PRECISION[len(date)] if date else "unknown",
        "date_end": None, "date_source": "timex", "event": event, "mode": list(mode),
        "context": [], "status": status, "actor": actor, "recipient": recipient,
        "event_loc": None, "event_text": "met", "quote": None, "cameo": None,
        "quad_code": quad, "event_scale": scale,
        "mentions": [{"article_id": article, "sentence": sentence, "start": start,
                      "end": start + len(sentence), "trigger": "met", "status": status,
                      "published": published, "outlet": None}],
        "num_articles": 1, "num_stories": 1,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("event", "mode", "score"),
    [("CONSULT", (), 3.0), ("CONSULT", ("visit",), 4.0), ("CONSULT", ("phone",), 2.0),
     ("ASSAULT", ("aerial",), -10.0), ("SANCTION", (), -6.0), ("REQUEST", (), -0.5),
     ("AGREE", ("unknown-mode",), 5.0)],
)  # fmt: skip
def test_plover_score_by_type_and_mode(event: str, mode: tuple[str, ...], score: float) -> None:
    assert plover_score(record(1, "2023-01", event, [US], [CN], mode=mode)) == score


@pytest.mark.parametrize(
    ("event", "quad_code", "expected"),
    [("CONSULT", 0, 1), ("AID", 0, 2), ("ACCUSE", 0, 3), ("ASSAULT", 0, 4), ("ACCUSE", 4, 4)],
)
def test_quad_class_prefers_the_record(event: str, quad_code: int, expected: int) -> None:
    assert quad_class(record(1, "2023", event, [US], [CN], quad=quad_code)) == expected


@pytest.mark.parametrize(
    ("event", "actor", "recipient", "pairs"),
    [
        ("ACCUSE", [US], [CN], {("USA", "CHN")}),
        ("CONSULT", [US], [CN], {("USA", "CHN"), ("CHN", "USA")}),  # reciprocal
        ("ACCUSE", [side("Joe Biden", "USA", "President")], [side("Xi Jinping", "CHN")],
         {("USA", "CHN")}),  # persons carry their state's code
        ("ACCUSE", [US, RU], [CN], {("USA", "CHN"), ("RUS", "CHN")}),
        ("ACCUSE", [US], [side("Joe Biden", "USA")], set()),  # same state on both sides
        ("ACCUSE", [US], [], set()),
        ("ACCUSE", [side("Someone", None)], [CN], set()),
    ],
)  # fmt: skip
def test_record_dyads(event: str, actor: list[Any], recipient: list[Any], pairs: set[Any]) -> None:
    assert record_dyads(record(1, "2023", event, actor, recipient)) == pairs


@pytest.mark.parametrize(
    ("date", "precision", "by", "key"),
    [("2023-06-19", "day", "month", "2023-06"), ("2023-06-19", "day", "week", "2023-W25"),
     ("2023-06-19", "day", "quarter", "2023-Q2"), ("2023-11", "month", "quarter", "2023-Q4"),
     ("2023-11", "month", "week", None), ("2023", "year", "month", None),
     ("2023", "year", "year", "2023"), (None, "unknown", "month", None),
     ("2021-01-01", "day", "week", "2020-W53")],
)  # fmt: skip
def test_period_key(date: str | None, precision: str, by: str, key: str | None) -> None:
    assert period_key(date, precision, by) == key


def test_parse_pair() -> None:
    assert parse_pair("usa-chn") == ("USA", "CHN")
    assert parse_pair("USA>CHN") == ("USA", "CHN")
    with pytest.raises(InputError, match="USA-CHN"):
        parse_pair("USA")


def _index_records() -> list[dict[str, Any]]:
    return [
        record(1, "2023-06-18", "CONSULT", [US], [CN], mode=("visit",), quad=1, scale=1.9),
        record(2, "2023-06-19", "ACCUSE", [CN], [US], quad=3, scale=-2.0),
        record(3, "2023-06", "SANCTION", [US], [CN], quad=4, scale=-4.0),
        record(4, "2023-07-02", "ASSAULT", [US], [CN], mode=("aerial",), quad=4, scale=-10.0),
        record(5, "2023-11", "CONSULT", [US], [CN], status="planned"),
        record(6, "2023-08-01", "REJECT", [US], [CN], status="negated"),
        record(7, "2023", "AGREE", [US], [CN], quad=1, scale=4.0),  # too coarse for a month
        record(8, "2023-06-10", "ACCUSE", [US], [RU], quad=3, scale=-2.0),  # another dyad
    ]


def test_dyad_index_formula() -> None:
    idx = dyad_indexes(_index_records(), "USA", "CHN", by="month")
    both = idx["USA-CHN"]
    june = both.rows["2023-06"]
    assert june.events == 3
    assert june.plover_sum == pytest.approx(4.0 - 2.5 - 6.0)
    assert june.plover_mean == pytest.approx((4.0 - 2.5 - 6.0) / 3)
    assert june.goldstein_sum == pytest.approx(1.9 - 2.0 - 4.0)
    assert june.quad == [1, 0, 1, 1]
    assert both.rows["2023-07"].plover_sum == -10.0
    assert both.apart == {"planned": 1, "negated": 1}
    assert both.unplaced == 1 and both.total.events == 5
    # Directed: the reciprocal visit counts both ways; the accusation only CHN→USA.
    assert idx["USA>CHN"].rows["2023-06"].events == 2
    assert idx["CHN>USA"].rows["2023-06"].events == 2
    assert idx["CHN>USA"].rows["2023-06"].plover_sum == pytest.approx(4.0 - 2.5)


def test_quarterly_index_places_month_dates() -> None:
    idx = dyad_indexes(_index_records(), "USA", "CHN", by="quarter")["USA-CHN"]
    assert [r.period for r in idx.series()] == ["2023-Q2", "2023-Q3"]
    assert idx.unplaced == 1


def test_all_dyad_indexes_ranks_dyads() -> None:
    indexes = all_dyad_indexes(_index_records(), by="month")
    assert set(indexes) == {"CHN-USA", "RUS-USA"}
    assert indexes["CHN-USA"].total.events == 5 and indexes["RUS-USA"].total.events == 1


def test_unknown_period_is_an_input_error() -> None:
    with pytest.raises(InputError, match="fortnight"):
        dyad_indexes([], "USA", "CHN", by="fortnight")


@pytest.mark.parametrize(
    ("text", "count"),
    [("Mr. Xi met Mr. Blinken. They talked.", 2), ("Rep. Nancy Pelosi visited Taiwan.", 1),
     ("The U.S. said so. China did not.", 2), ("One line\nAnother line", 2),
     ("“We are ready,” he said. Then he left.", 2)],
)  # fmt: skip
def test_split_sentences(text: str, count: int) -> None:
    parts = list(split_sentences(text))
    assert len(parts) == count
    for offset, sentence in parts:
        assert text[offset : offset + len(sentence)] == sentence


@pytest.mark.parametrize(
    ("text", "both"),
    [("Washington and Beijing talked.", True), ("The US pressed Chinese officials.", True),
     ("Let us talk about China.", False), ("Sino-American ties frayed in the US.", True),
     ("China and Russia met.", False)],
)  # fmt: skip
def test_names_both_sides(text: str, both: bool) -> None:
    assert names_both(text, "USA", "CHN") is both


# -- the report over a store ---------------------------------------------------------------------

ARTICLE = (
    "Washington and Beijing held talks on Monday. China suspended military talks with the "
    "United States in March. The two sides discussed Taiwan and fentanyl. "
    "Officials said China later agreed to resume military talks."
)


def _stored(store: Store) -> Store:
    article = Article(id="a1", source="a1.txt", text=ARTICLE, published="2023-06-19",
                      content_hash="h1")  # fmt: skip
    store.save_article(article, [], [], [], None, fingerprint="f1")
    other = Article(id="a2", source="a2.txt", text="Moscow and Kyiv traded blame.",
                    published="2023-06-20", content_hash="h2")  # fmt: skip
    store.save_article(other, [], [], [], None, fingerprint="f2")
    sentence = "The two sides discussed Taiwan and fentanyl."
    records = _index_records()
    records[0]["mentions"][0].update(sentence=sentence, start=ARTICLE.index(sentence))
    store.replace_events(records, {})
    return store


def test_dyad_report_on_a_store(memory_store: Store) -> None:
    report = dyad_report(_stored(memory_store), "usa", "chn", by="month")
    assert report["dyad"] == "USA-CHN" and report["articles"] == 1
    assert report["index"]["USA-CHN"]["total"]["events"] == 5
    military = next(c for c in report["channels"] if c["channel"] == "military")
    assert [(s["state"], s["start"]) for s in military["segments"]] == [
        ("suspended", "2023-03"), ("resumed", "2023-06-19")]  # fmt: skip
    issues = {i["topic"]: i for i in report["issues"]}
    assert issues["taiwan"]["mentions"] == 1 and issues["taiwan"]["events"] == 1
    assert issues["taiwan"]["tone"] == 4.0  # the visit whose sentence names Taiwan
    assert "ukraine" not in issues
    assert report["top_events"][0]["score"] == -10.0
    json.dumps(report)  # JSON-ready


def test_busiest_dyads(memory_store: Store) -> None:
    rows = busiest_dyads(_stored(memory_store), n=1)
    assert [r["dyad"] for r in rows] == ["CHN-USA"]
    assert rows[0]["first"] == "2023-06" and rows[0]["last"] == "2023-07"


def test_render_plot_and_html(memory_store: Store, tmp_path: Path) -> None:
    from rich.console import Console

    report = dyad_report(_stored(memory_store), "USA", "CHN")
    console = Console(record=True, width=200)
    console.print(render_tables(report))
    text = console.export_text()
    assert "2023-06" in text and "Military-to-military" in text and "Taiwan" in text
    png, svg = plot(report, tmp_path / "r.png"), plot(report, tmp_path / "r.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert "<svg" in svg.read_text()
    page = write_html(report, tmp_path / "r.html").read_text()
    assert page.count("<svg") == 1 and "suspended" in page and "Taiwan" in page
    # Self-contained: nothing fetched from elsewhere.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "$" not in re.sub(r"<svg.*</svg>", "", page, flags=re.S)  # every slot filled


def test_empty_dyad_report(memory_store: Store, tmp_path: Path) -> None:
    report = dyad_report(memory_store, "USA", "CHN")
    assert report["events"] == 0 and report["index"]["USA-CHN"]["series"] == []
    assert all(c["state"] == "unknown" for c in report["channels"])
    assert plot(report, tmp_path / "empty.png").exists()
    assert "no evidence" in write_html(report, tmp_path / "e.html").read_text()


@pytest.mark.slow
def test_seed_articles_through_the_pipeline(tmp_path: Path) -> None:
    """Acceptance on the seeds: monthly index, channel board, issues (the full pipeline)."""
    from dyadwatch.pipeline import ingest
    from dyadwatch.settings import Settings
    from dyadwatch.store import open_store

    db = str(tmp_path / "seeds.db")
    store = open_store(db)
    ingest([str(EXAMPLES)], store, Settings(db=db, progress=False))
    report = dyad_report(store, "USA", "CHN", by="month")
    periods = [r["period"] for r in report["index"]["USA-CHN"]["series"]]
    assert {"2023-06", "2023-10"} <= set(periods) and periods == sorted(periods)
    board = {c["channel"]: c for c in report["channels"]}
    assert (board["military"]["state"], board["military"]["since"]) == ("frozen", "2022-08")
    climate = [(s["state"], s["start"][:7]) for s in board["climate"]["segments"]]
    assert climate == [("suspended", "2022-08"), ("resumed", "2023-07")]
    assert board["counternarcotics"]["segments"][0]["state"] == "frozen"
    assert board["counternarcotics"]["segments"][0]["start"] == "2022-08"
    topics = {i["topic"] for i in report["issues"]}
    assert {"taiwan", "fentanyl", "tech", "middle_east", "detained", "human_rights"} <= topics


@given(st.text(alphabet="ab .!?\n”“MrU.SX", max_size=80))
def test_split_sentences_keeps_offsets(text: str) -> None:
    end = 0
    for offset, sentence in split_sentences(text):
        assert offset >= end and text[offset : offset + len(sentence)] == sentence
        assert sentence.strip()
        end = offset + len(sentence)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["week", "month", "quarter", "year"]))  # fmt: skip
def test_period_contains_its_dates(day: dt.date, by: str) -> None:
    key = period_key(day.isoformat(), "day", by)
    assert key is not None
    start = period_start(key)
    assert start <= day < start + dt.timedelta(days={"week": 7, "month": 31, "quarter": 92,
                                                       "year": 366}[by])  # fmt: skip
