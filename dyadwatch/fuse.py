"""Fuse event mentions that report the same real-world event into one event record.

First version (issue 3): mentions fuse when they share the event type, the set
of participants (persons by identity, everything else by country code; CONSULT
is reciprocal, so its participants are unordered) and the date at its
precision. The latest report decides the status, so a summit first reported as
planned and later as held is one `occurred` event. Issue 7 deepens this
(compatible actors, dates at different precisions, contradictions).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from dyadwatch.models import EventMention

# Events whose two sides act together: who is "actor" and who "recipient" is a
# matter of phrasing, not of substance ("X met Y" and "Y met X" are one meeting).
RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def participant_key(side: dict[str, Any]) -> str:
    actor = side.get("actor") or {}
    if actor.get("kind") == "person":
        return str(actor["id"])
    return str(actor.get("code") or actor.get("id") or side.get("text", "?"))


def fusion_key(mention: dict[str, Any]) -> tuple[Any, ...]:
    actors = frozenset(participant_key(a) for a in mention["actors"])
    recipients = frozenset(participant_key(r) for r in mention["recipients"])
    date = mention.get("date")
    if mention["event"] in RECIPROCAL:
        return (mention["event"], actors | recipients, date)
    return (mention["event"], actors, recipients, date)


def event_id(key: tuple[Any, ...]) -> str:
    parts = [p if not isinstance(p, frozenset) else ",".join(sorted(p)) for p in key]
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def fuse_mentions(
    rows: Iterable[dict[str, Any]], articles: dict[str, dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Group stored mention rows into events; return the records and mention→event links."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(fusion_key(row["record"]), []).append(row)
    fused, links = [], {}
    for key, members in groups.items():
        eid = event_id(key)
        fused.append(event_record(eid, members, articles))
        for row in members:
            links[row["id"]] = eid
    fused.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
    return fused, links


def _report_order(row: dict[str, Any], articles: dict[str, dict[str, Any]]) -> tuple[str, int]:
    published = articles.get(row["article_id"], {}).get("published") or ""
    return (published, row["id"])


def event_record(
    eid: str, members: list[dict[str, Any]], articles: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The exported record (the design's PLOVER-style contract) of one fused event."""
    members = sorted(members, key=lambda r: _report_order(r, articles))
    latest = members[-1]["record"]
    best = max((r["record"] for r in members), key=_date_quality)
    placed = next((r["record"]["place"] for r in reversed(members) if r["record"]["place"]), None)
    quoted = next((r["record"]["quote"] for r in members if r["record"]["quote"]), None)
    story_ids = {articles.get(r["article_id"], {}).get("story_id") for r in members}
    return {
        "id": eid,
        "date": best["date"],
        "date_precision": best["date_precision"] if best["date"] else "unknown",
        "date_end": best.get("date_end"),
        "date_source": best.get("date_source"),
        "event": latest["event"],
        "mode": sorted({m for r in members for m in r["record"]["mode"]}),
        "context": sorted({c for r in members for c in r["record"]["context"]}),
        "status": latest["status"],
        "actor": _sides(latest["actors"]),
        "recipient": _sides(latest["recipients"]),
        "event_loc": placed,
        "event_text": latest["trigger"],
        "quote": quoted,
        "cameo": latest.get("cameo"),
        "quad_code": latest["quad_code"],
        "event_scale": latest["event_scale"],
        "mentions": [_mention(r, articles) for r in members],
        "num_articles": len({r["article_id"] for r in members}),
        "num_stories": len(story_ids),
    }


def _date_quality(record: dict[str, Any]) -> tuple[int, int]:
    # A date read from the text beats the article date; among those, finer beats coarser.
    from_text = 1 if record.get("date_source") in ("timex", "context") else 0
    return (from_text, PRECISION_RANK.get(record.get("date_precision", "unknown"), 0))


def _sides(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for m in mentions:
        actor = m.get("actor") or {}
        out.append({
            "name": actor.get("name") or m["text"], "code": actor.get("code") or None,
            "sector": actor.get("sector"), "office": actor.get("office"),
            "kind": actor.get("kind"), "actor_id": actor.get("id"), "entity_text": m["text"],
        })  # fmt: skip
    return out


def _mention(row: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    record, meta = row["record"], articles.get(row["article_id"], {})
    return {
        "article_id": row["article_id"], "sentence": record["sentence"],
        "start": record["sent_start"], "end": record["sent_end"],
        "trigger": record["trigger"], "status": record["status"],
        "published": meta.get("published"), "outlet": meta.get("outlet"),
    }  # fmt: skip


def fuse_article_events(
    article_id: str, mentions: list[EventMention], meta: dict[str, Any]
) -> list[dict[str, Any]]:
    """Fuse the events of one article without a store (the stateless `code` command)."""
    import dataclasses

    rows = [{"id": i, "article_id": article_id, "record": dataclasses.asdict(m)}
            for i, m in enumerate(mentions)]  # fmt: skip
    articles = {article_id: {**meta, "story_id": article_id}}
    fused, _ = fuse_mentions(rows, articles)
    return fused
