"""Entity evaluation: scoring units, readers, and floors on the gold sets (skipped without
../shared/gold)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dyadwatch.errors import GoldDataError
from dyadwatch.eval_entities import (
    evaluate_conll,
    evaluate_meantime,
    iob_spans,
    read_conll,
    render,
    score,
)

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"
FLOORS = json.loads((Path(__file__).parent / "floors" / "entities.json").read_text())
needs_gold = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], {(0, 2, "PER"), (3, 4, "LOC")}),
        (["I-ORG", "I-ORG", "I-LOC"], {(0, 2, "ORG"), (2, 3, "LOC")}),  # IOB1
        (["B-MISC", "B-MISC"], {(0, 1, "MISC"), (1, 2, "MISC")}),
        (["O", "O"], set()),
    ],
)
def test_iob_spans(tags: list[str], expected: set[tuple[int, int, str]]) -> None:
    assert iob_spans(tags) == expected


def test_score_counts_exact_matches() -> None:
    gold = [{(0, 2, "PER"), (3, 4, "LOC")}]
    pred = [{(0, 2, "PER"), (3, 5, "LOC"), (6, 7, "ORG")}]
    result = score(gold, pred, ["PER", "LOC", "ORG"])
    assert result["PER"]["f1"] == 1.0 and result["LOC"]["f1"] == 0.0
    assert result["overall"] == {"p": 0.3333, "r": 0.5, "f1": 0.4, "gold": 2, "pred": 3}


def test_read_conll_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nlonely\n")
    with pytest.raises(GoldDataError, match="expected 'token"):
        list(read_conll(good))
    good.write_text("-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n")
    assert list(read_conll(good)) == [(["EU", "rejects"], ["B-ORG", "O"])]
    with pytest.raises(GoldDataError, match="not found"):
        list(read_conll(tmp_path / "missing.txt"))
    with pytest.raises(GoldDataError, match="no MEANTIME"):
        evaluate_meantime(tmp_path)


def test_evaluate_conll_on_text_i_wrote(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    rows = [("Chinese", "B-MISC"), ("officials", "O"), ("met", "O"), ("Antony", "B-PER"),
            ("Blinken", "I-PER"), ("in", "O"), ("Beijing", "B-LOC"), (".", "O")]  # fmt: skip
    path.write_text("\n".join(f"{w} X X {t}" for w, t in rows) + "\n")
    report = evaluate_conll(path)
    assert report["ours"]["overall"]["f1"] == 1.0
    assert "ours P" in render(report)


def _check(report: dict[str, Any], floors: dict[str, float]) -> None:
    ours, theirs = report["ours"], report["spacy"]
    assert ours["overall"]["f1"] >= theirs["overall"]["f1"], render(report)
    for label, floor in floors.items():
        assert ours[label]["f1"] >= floor, f"{label} below floor {floor}\n{render(report)}"


@needs_gold
def test_conll_floor_and_not_below_spacy() -> None:
    report = evaluate_conll(GOLD / "conll2003" / "valid.txt", limit=1000)
    _check(report, FLOORS["conll2003_valid_first_1000"])


@needs_gold
def test_meantime_floor_and_not_below_spacy() -> None:
    report = evaluate_meantime(GOLD / "meantime")
    _check(report, FLOORS["meantime"])
