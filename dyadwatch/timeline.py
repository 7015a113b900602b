"""The timeline view: dated events, oldest first, with their sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyadwatch.errors import InputError
from dyadwatch.store import Store

Record = dict[str, Any]


def parse_dyad(dyad: str | None) -> tuple[str, str] | None:
    """'USA-CHN' → ('USA', 'CHN'); a clear error for anything else."""
    if not dyad:
        return None
    parts = [p.strip().upper() for p in dyad.replace("–", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"--dyad '{dyad}' is not a pair of codes: write it as USA-CHN")
    return parts[0], parts[1]


def side_label(sides: list[Record]) -> str:
    if not sides:
        return "—"
    return ", ".join(f"{s['name']} ({s['code']})" if s.get("code") else s["name"] for s in sides)


def _matches_actor(record: Record, name: str) -> bool:
    needle = name.lower()
    for side in record["actor"] + record["recipient"]:
        fields = (side.get("name"), side.get("code"), side.get("entity_text"), side.get("actor_id"))
        if any(needle in str(f).lower() for f in fields if f):
            return True
    return False


@dataclass
class TimelineRow:
    date: str
    event: str
    status: str
    actor: str
    recipient: str
    place: str
    sources: list[str]
    sentence: str
    num_articles: int


def timeline_rows(
    store: Store,
    dyad: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    event_type: str | None = None,
) -> list[TimelineRow]:
    records = store.events(dyad=parse_dyad(dyad), event_type=event_type, since=since, until=until)
    if actor:
        records = [r for r in records if _matches_actor(r, actor)]
    return [_row(r) for r in records]


def best_mention(record: Record) -> Record:
    """The report that best shows the event: its status and date, from the body if possible."""

    def score(m: Record) -> tuple[bool, bool, bool]:
        return (m.get("status") == record["status"], m.get("date") == record["date"],
                m.get("section", "body") == "body")  # fmt: skip

    return max(record["mentions"], key=score)


def _row(record: Record) -> TimelineRow:
    loc = record.get("event_loc") or {}
    sources = []
    for m in record["mentions"]:
        label = f"{m['article_id']} ({m.get('published') or '?'})"
        if label not in sources:
            sources.append(label)
    date = record["date"] or "undated"
    if record.get("date_source") == "article":
        date += "*"  # dated by the article, not by the text
    return TimelineRow(
        date=date, event="/".join([record["event"], *record["mode"]]),
        status=record["status"], actor=side_label(record["actor"]),
        recipient=side_label(record["recipient"]), place=loc.get("name") or "",
        sources=sources, sentence=best_mention(record)["sentence"],
        num_articles=record["num_articles"],
    )  # fmt: skip
