"""The TimeBank evaluation: reading TimeML, TempEval-3 scoring, and the floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.errors import GoldDataError
from dyadwatch.eval_dates import (
    Span,
    evaluate_event_dates,
    evaluate_timebank,
    read_meantime,
    read_tml,
    render,
    same_value,
    score,
)

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
FLOORS = json.loads((Path(__file__).parent / "floors" / "dates.json").read_text())

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-10-05" functionInDocument="CREATION_TIME">\
2023-10-05</TIMEX3></DCT>
<TEXT>
Envoys met <TIMEX3 tid="t1" type="DATE" value="2023-09-29">Friday</TIMEX3> &amp; will meet \
again <TIMEX3 tid="t2" type="DATE" value="2023-11">next month</TIMEX3> for \
<TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>.
</TEXT>
</TimeML>
"""


MEANTIME_XML = """<?xml version="1.0" ?><Document doc_id="1" lang="en">
<token number="0" sentence="0" t_id="1">Talks</token>
<token number="1" sentence="0" t_id="2">end</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">14</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2009</token>
<token number="6" sentence="2" t_id="7">Envoys</token>
<token number="7" sentence="2" t_id="8">met</token>
<token number="8" sentence="2" t_id="9">last</token>
<token number="9" sentence="2" t_id="10">week</token>
<token number="10" sentence="9" t_id="11">Friday</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2009-05-14">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="2" type="DATE" value="2009-W19">
<token_anchor t_id="9"/><token_anchor t_id="10"/>
</TIMEX3>
</Markables>
</Document>
"""


def test_read_meantime_drops_the_date_line_and_unannotated_sentences(tmp_path: Path) -> None:
    path = tmp_path / "1.xml"
    path.write_text(MEANTIME_XML)
    doc = read_meantime(path)
    assert doc.dct == "2009-05-14"
    assert doc.text == "Talks end\nEnvoys met last week"
    assert [doc.text[s.start : s.end] for s in doc.timexes] == ["last week"]


@pytest.fixture
def tml(tmp_path: Path) -> Path:
    folder = tmp_path / "tb"
    folder.mkdir()
    (folder / "t1.tml").write_text(TML)
    return folder


def test_read_tml_offsets_point_into_the_plain_text(tml: Path) -> None:
    doc = read_tml(tml / "t1.tml")
    assert doc.dct == "2023-10-05"
    assert [doc.text[s.start : s.end] for s in doc.timexes] == ["Friday", "next month", "two days"]
    assert "&" in doc.text and "<" not in doc.text


def test_our_tagger_on_a_small_document(tml: Path) -> None:
    report = evaluate_timebank(tml, baseline=False)
    ours = report["ours"]
    assert ours["strict"]["f1"] == 1.0 and ours["value"]["f1"] == 1.0
    assert "value F1" in render(report)


@pytest.mark.parametrize(
    ("gold", "pred", "strict", "relaxed", "value"),
    [
        ([Span(0, 6, "DATE", "2023")], [Span(0, 6, "DATE", "2023")], 1.0, 1.0, 1.0),
        ([Span(0, 6, "DATE", "2023")], [Span(2, 9, "DATE", "2023")], 0.0, 1.0, 1.0),
        ([Span(0, 6, "DATE", "2023")], [Span(0, 6, "DATE", "2022")], 1.0, 1.0, 0.0),
        ([Span(0, 6, "DATE", "2023")], [], 0.0, 0.0, 0.0),
        ([Span(0, 6, "DATE", "2023")], [Span(0, 3, "DATE", "2023"), Span(3, 6, "DATE", "x")],
         0.0, 0.6667, 0.6667),
    ],
)  # fmt: skip
def test_score_tempeval_style(
    gold: list[Span], pred: list[Span], strict: float, relaxed: float, value: float
) -> None:
    s = score([(gold, pred)])
    assert (s["strict"]["f1"], s["relaxed"]["f1"], s["value"]["f1"]) == (strict, relaxed, value)


@pytest.mark.parametrize(
    ("gold", "ours", "same"),
    [("2000-W7", "2000-W07", True), ("1998-10", "1998-10", True), ("1989", "FY1989", False),
     ("198X", "198", True), ("19XX", "19", True), ("1968-XX", "1968", False),
     ("P2.5Y", "P2Y6M", True), ("P1E", "P10Y", True), ("P2Q", "P6M", True),
     ("P1D", "PT24H", True), ("PT5H30M", "PT330M", True), ("P1M", "P30D", False),
     ("PXY", "PXY", True), ("PXY", "P2Y", False), ("P1Y", "1999", False)],
)  # fmt: skip
def test_same_value(gold: str, ours: str, same: bool) -> None:
    assert same_value(gold, ours) is same


def test_missing_gold_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GoldDataError, match="no TimeML"):
        evaluate_timebank(tmp_path / "nowhere")


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")
@pytest.mark.parametrize(
    ("gold_set", "system"),
    [("timebank", "ours"), ("meantime", "ours"), pytest.param("timebank", "ours+parse",
                                                              marks=pytest.mark.slow)],
)
def test_gold_scores_stay_above_floors(gold_set: str, system: str) -> None:
    floors = FLOORS[gold_set if system == "ours" else f"{gold_set}_parsed"]
    parse = system == "ours+parse"
    ours = evaluate_timebank(GOLD / floors["path"], baseline=False, parse=parse)[system]
    measured = {
        "strict_span_f1": ours["strict"]["f1"],
        "relaxed_span_f1": ours["relaxed"]["f1"],
        "type_accuracy": ours["type_accuracy"],
        "value_f1": ours["value"]["f1"],
    }
    for name, value in measured.items():
        assert value >= floors[name], (gold_set, name, value, floors[name])


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")
def test_event_dates_beat_the_article_date() -> None:
    floors = FLOORS["meantime_events"]
    report = evaluate_event_dates(GOLD / floors["path"])
    assert report["events"] > 300
    assert report["ours_accuracy"] >= floors["ours_accuracy"], report
    assert report["ours_accuracy"] > report["article_date_accuracy"] + 0.1, report
