"""`dyadwatch eval …` through the real entry point (regression: `eval events` crashed in
render on the combined report)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dyadwatch.cli import app

from .conftest import GOLD, needs_gold

runner = CliRunner()


@needs_gold
def test_eval_events_prints_both_gold_sets(tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    result = runner.invoke(app, ["eval", "events", "--gold", str(GOLD), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "gold set: plover" in result.output and "gold set: case2021" in result.output
    assert set(json.loads(out.read_text())) == {"plover", "case2021"}


@needs_gold
def test_eval_dates_prints_the_table() -> None:
    result = runner.invoke(app, ["eval", "dates", "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert "value" in result.output.lower()


def test_eval_without_gold_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "dates", "--gold", str(tmp_path)])
    assert result.exit_code == 1
    assert "--gold" in result.output and "Traceback" not in result.output
