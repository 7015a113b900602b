"""Write stored events in the design's contract: JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

from dyadwatch.errors import InputError

Record = dict[str, Any]
FORMATS = ("jsonl", "csv", "parquet")
CSV_COLUMNS = ["id", "date", "date_precision", "event", "mode", "context", "status",
               "actor_name", "actor_code", "actor_sector", "recipient_name", "recipient_code",
               "recipient_sector", "place", "place_country", "event_text", "quad_code",
               "event_scale", "num_articles", "num_stories", "sources", "sentence"]  # fmt: skip


@lru_cache(maxsize=1)
def event_schema() -> dict[str, Any]:
    """The JSON Schema every exported event validates against."""
    text = resources.files("dyadwatch").joinpath("data/event.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _join(sides: list[Record], key: str) -> str:
    return ";".join(str(s.get(key) or "") for s in sides)


def flat_row(record: Record) -> dict[str, Any]:
    """One CSV row per event; list fields joined with ';'."""
    loc = record.get("event_loc") or {}
    return {
        "id": record["id"], "date": record["date"], "date_precision": record["date_precision"],
        "event": record["event"], "mode": ";".join(record["mode"]),
        "context": ";".join(record["context"]), "status": record["status"],
        "actor_name": _join(record["actor"], "name"), "actor_code": _join(record["actor"], "code"),
        "actor_sector": _join(record["actor"], "sector"),
        "recipient_name": _join(record["recipient"], "name"),
        "recipient_code": _join(record["recipient"], "code"),
        "recipient_sector": _join(record["recipient"], "sector"),
        "place": loc.get("name"), "place_country": loc.get("country_code"),
        "event_text": record["event_text"], "quad_code": record["quad_code"],
        "event_scale": record["event_scale"], "num_articles": record["num_articles"],
        "num_stories": record["num_stories"],
        "sources": ";".join(sorted({m["article_id"] for m in record["mentions"]})),
        "sentence": record["mentions"][0]["sentence"] if record["mentions"] else "",
    }  # fmt: skip


def write_csv(records: Iterable[Record], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(flat_row(record))
        n += 1
    return n


def write_parquet(records: Iterable[Record], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise InputError(
            "Parquet export needs pyarrow: run `pip install 'dyadwatch[parquet]'`"
        ) from exc
    rows = [flat_row(r) for r in records]
    pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)
