"""Evaluation of the events stage: scoring logic on small hand-made sets, and the
real gold sets with floors pinned in tests/floors/events.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.errors import GoldDataError
from dyadwatch.eval_events import (
    _pred_codes,
    _prf,
    case_class,
    evaluate_case2021,
    evaluate_plover,
    load_case2021,
    load_plover,
    render,
)
from dyadwatch.models import Actor, ActorMention, EventMention

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
FLOORS = json.loads((Path(__file__).parent / "floors" / "events.json").read_text())
needs_gold = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")

RECORDS = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "docs"},
    {"id": "1", "event": "DEMAND", "text": "Chirac demanded that Iraq cooperate.",
     "source": [{"code": "FRA"}], "target": [{"code": "IRQ"}]},
    {"id": "2", "event": "FIGHT", "text": "Japanese troops fought rebels.",
     "source": [{"code": "JAP"}], "target": ""},
    {"id": "3", "event": "AGREE", "text": "The NGO agreed.", "source": [{"code": "NGO"}]},
]  # fmt: skip


def test_load_plover_maps_old_types_and_codes(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS))
    gold = load_plover(path)
    assert [r["event"] for r in gold] == ["REQUEST", "ASSAULT", "AGREE"]
    assert gold[0]["source"] == {"FRA"} and gold[0]["target"] == {"IRQ"}
    assert gold[1]["source"] == {"JPN"} and gold[1]["target"] == set()
    assert gold[2]["source"] == set()  # transnational codes are not scored


@pytest.mark.parametrize("content", ["", "not json", "[]", '[{"event": "DOCUMENT"}]'])
def test_bad_gold_files_raise_clear_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "gold.json"
    path.write_text(content)
    with pytest.raises(GoldDataError, match="gold.json"):
        load_plover(path)
    with pytest.raises(GoldDataError, match="missing.tsv"):
        load_case2021(tmp_path / "missing.tsv")


def test_prf() -> None:
    pairs = [("A", "A"), ("A", "B"), ("B", "A"), ("B", "B"), ("A", "NONE")]
    assert _prf(pairs, "A") == {"gold": 3, "predicted": 2, "precision": 0.5,
                                "recall": 0.3333, "f1": 0.4}  # fmt: skip


def _event(etype: str, status: str = "occurred", mode: list[str] | None = None) -> EventMention:
    actor = ActorMention(0, 1, "x", "KB", Actor(id="USA", name="US", code="USA", kind="state"))
    return EventMention(event=etype, actors=[actor], recipients=[], trigger="x",
                        trigger_start=0, trigger_end=1, sentence="x", sent_start=0,
                        sent_end=1, status=status, mode=mode or [])  # fmt: skip


@pytest.mark.parametrize(
    ("events", "expected"),
    [([], "OTHER"), ([_event("SANCTION")], "DIPLO"), ([_event("SANCTION", "negated")], "OTHER"),
     ([_event("AGREE"), _event("SANCTION")], "AGREEMENT"), ([_event("ACCUSE")], "OTHER"),
     ([_event("RETREAT", mode=["ceasefire"])], "AGREEMENT"), ([_event("ASSAULT")], "OTHER")],
)  # fmt: skip
def test_case_class(events: list[EventMention], expected: str) -> None:
    assert case_class(events) == expected


@pytest.mark.parametrize(
    ("actor", "code"),
    [(Actor(id="IGO.UN", name="United Nations", code="UN", kind="igo"), "IGO"),
     # an official acting for an IGO is coded IGO by the gold too ("Kofi Annan, UN chief")
     (Actor(id="person:kofi-annan", name="Kofi Annan", code="UN", kind="person"), "IGO"),
     (Actor(id="USA", name="US", code="USA", kind="state"), "USA")],
)  # fmt: skip
def test_predicted_codes_in_the_golds_terms(actor: Actor, code: str) -> None:
    assert _pred_codes([ActorMention(0, 1, "x", "KB", actor)]) == {code}


def test_an_actor_of_no_known_country_is_no_state() -> None:
    """An uncoded official facing a state made a "verbal conflict between two states"."""
    nobody = Actor(id="person:x", name="X", code="", kind="person", office="Prime Minister")
    rwanda = Actor(id="RWA", name="Rwanda", code="RWA", kind="state")
    event = _event("ACCUSE")
    event.actors = [ActorMention(0, 1, "x", "KB", rwanda)]
    event.recipients = [ActorMention(2, 3, "y", "KB", nobody)]
    assert _pred_codes(event.recipients) == set()
    assert case_class([event]) == "OTHER"


def test_evaluate_plover_on_a_tiny_set(tmp_path: Path) -> None:
    records = [{"id": "1", "event": "CONSULT", "text": "Russia met China in Beijing.",
                "source": [{"code": "RUS"}], "target": [{"code": "CHN"}]}]  # fmt: skip
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(records))
    states = {"Russia": "RUS", "China": "CHN"}

    def mentioner(doc, article):  # type: ignore[no-untyped-def]
        return [ActorMention(t.idx, t.idx + len(t), t.text, "GPE",
                             Actor(id=states[t.text], name=t.text, code=states[t.text],
                                   kind="state"))
                for t in doc if t.text in states]  # fmt: skip

    report = evaluate_plover(path, mentioner)
    assert report["event_type_accuracy"] == 1.0
    assert report["actor_code_accuracy"] == 1.0 and report["recipient_code_accuracy"] == 1.0
    assert "CONSULT" in render(report)


@needs_gold
@pytest.mark.gold
def test_plover_gold_floors() -> None:
    report = evaluate_plover(GOLD / "plover")
    floors = FLOORS["plover"]
    for key in ("event_type_accuracy", "actor_code_accuracy", "recipient_code_accuracy"):
        assert report[key] >= floors[key], (key, report[key], render(report))


@needs_gold
@pytest.mark.gold
@pytest.mark.slow
def test_case2021_gold_floors() -> None:
    report = evaluate_case2021(GOLD / "case2021")
    for cls, floor in FLOORS["case2021"].items():
        assert report["per_class"][cls]["f1"] >= floor, (cls, render(report))
