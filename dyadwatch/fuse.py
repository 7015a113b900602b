"""Fuse event mentions that report the same real-world event into one event record.

Users count events, not reports (issue 7). Mentions fuse when they are of the
same PLOVER type and
- their participants are compatible: a person matches the same person, and a
  state-level actor (a state, its government, an institution) matches any
  actor of the same country — "Beijing" and Xi Jinping — but two different
  persons never match; one report may name fewer participants than another
  (a subset), so "Xi's summit" joins "the Biden–Xi summit";
- their dates are compatible at their precisions (2023-11 contains 2023-11-15);
  a mention dated only by its article's date is weak evidence and fits any
  date from the month before its article up to that date, or any later date if
  the mention is planned;
- their places are the same, or one is unknown.
CONSULT, AGREE and COOPERATE are reciprocal: who is actor and who is recipient is
phrasing ("X met Y" is "Y met X"). The latest report decides the status (a
summit planned in October and held in November is one `occurred` event), and
disagreements between reports of one event — the day, the place, the end date —
are recorded on the event as `contradictions`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from dyadwatch.models import EventMention

Row = dict[str, Any]
RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
WEAK_WINDOW = timedelta(days=31)
PLAN_WINDOW = timedelta(days=92)


# -- participants ------------------------------------------------------------------------------


def _party(side: dict[str, Any]) -> tuple[str, str]:
    """(identity, country) of one side: persons by id, everything else by country."""
    actor = side.get("actor") or {}
    code = str(actor.get("code") or "")
    if actor.get("kind") == "person":
        return str(actor.get("id")), code
    return f"state:{code or actor.get('id') or side.get('text', '?')}", code


def parties(record: dict[str, Any]) -> tuple[frozenset[tuple[str, str]], ...]:
    actors = frozenset(_party(a) for a in record["actors"])
    recipients = frozenset(_party(r) for r in record["recipients"] if not _forum(record, r))
    if record["event"] in RECIPROCAL:
        return (actors | recipients,)
    return (actors, recipients)


def _forum(record: dict[str, Any], side: dict[str, Any]) -> bool:
    """An IGO or forum as the recipient of a meeting is where it happens, not who is met:
    "Biden will attend the APEC summit in San Francisco" and "Biden and Xi will meet in San
    Francisco" report one trip."""
    return record["event"] == "CONSULT" and (side.get("actor") or {}).get("kind") == "igo"


def _party_fits(p: tuple[str, str], others: frozenset[tuple[str, str]]) -> bool:
    ident, code = p
    for o_ident, o_code in others:
        if ident == o_ident:
            return True
        state_level = ident.startswith("state:") or o_ident.startswith("state:")
        if state_level and code and code == o_code:
            return True
    return False


def _sides_fit(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> bool:
    """Every party of the smaller side has a counterpart in the larger one."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return all(_party_fits(p, large) for p in small)


def _distinct_persons(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> bool:
    """Both sides name persons, and neither set of persons holds the other: different events.

    ("Burns and Blinken traveled to Beijing" is not "Blinken met Wang Yi", though the two
    share Blinken; "Xi" alone may be a shorter report of "Biden and Xi".)
    """
    persons_a = {p for p in a if not p[0].startswith("state:")}
    persons_b = {p for p in b if not p[0].startswith("state:")}
    if not persons_a or not persons_b:
        return False
    return not (persons_a <= persons_b or persons_b <= persons_a)


def participants_fit(x: dict[str, Any], y: dict[str, Any]) -> bool:
    px, py = parties(x), parties(y)
    if len(px) != len(py):
        return False
    for a, b in zip(px, py, strict=True):
        if not a and not b:
            continue
        if not a or not b:
            if len(px) == 1:
                return False
            continue  # a missing recipient fits any recipient
        if not _sides_fit(a, b) or _distinct_persons(a, b):
            return False
    return True


# -- dates ---------------------------------------------------------------------------------------


def _parse(value: str) -> date | None:
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def _strong(record: dict[str, Any]) -> bool:
    return bool(record.get("date")) and record.get("date_source") in ("timex", "context")


def dates_fit(x: dict[str, Any], y: dict[str, Any]) -> bool:
    dx, dy = x.get("date"), y.get("date")
    if not dx or not dy:
        return True
    if _strong(x) and _strong(y):
        return dx.startswith(dy) or dy.startswith(dx)
    if not _strong(x) and not _strong(y):
        if _planned(x) and _planned(y):  # two undated plans: their windows overlap
            return _weak_fits(x, dy) or _weak_fits(y, dx)
        return dx == dy
    weak, strong = (x, y) if not _strong(x) else (y, x)
    return _weak_fits(weak, strong["date"])


def _planned(record: dict[str, Any]) -> bool:
    return record.get("status") in ("planned", "hypothetical")


def _span(value: str) -> tuple[date, date] | None:
    """The days a date at its precision covers: 2023 is all of 2023, 2023-06 all of June."""
    start = _parse(value)
    if start is None:
        return None
    parts = value.count("-")
    if parts == 0:
        return start, date(start.year, 12, 31)
    if parts == 1:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, following - timedelta(days=1)
    return start, start


def _weak_fits(weak: dict[str, Any], strong_date: str) -> bool:
    anchor, span = _parse(weak["date"]), _span(strong_date)
    if anchor is None or span is None:
        return False
    if weak.get("status") in ("planned", "hypothetical"):
        # A plan reported without a date points ahead, but not far: a season at most.
        window = (anchor - timedelta(days=1), anchor + PLAN_WINDOW)
    else:
        window = (anchor - WEAK_WINDOW, anchor + timedelta(days=1))
    return span[0] <= window[1] and window[0] <= span[1]  # the two ranges overlap


def places_fit(x: dict[str, Any], y: dict[str, Any]) -> bool:
    px, py = x.get("place"), y.get("place")
    if not px or not py:
        return True
    if px.get("country_code") and py.get("country_code"):
        if px["country_code"] != py["country_code"]:
            return False
    return True  # same country, different names: a venue and its city; recorded if they differ


def plans_fit(a: Row, b: Row, articles: dict[str, dict[str, Any]]) -> bool:
    """A plan looks ahead: it cannot report an event dated before its article was written.

    ("We will be ready for Xi to meet Biden in the fall", written in June 2023, is not the
    Bali meeting of November 2022, though "the fall" alone might date it to 2022.)
    """
    for plan, other in ((a, b), (b, a)):
        theirs = other["record"]
        if plan["record"]["status"] in ("planned", "hypothetical") and _strong(theirs):
            written = articles.get(plan["article_id"], {}).get("published")
            if written and theirs["date"] < written[: len(theirs["date"])]:
                return False
    return True


def _when_where_fit(a: Row, b: Row, articles: dict[str, dict[str, Any]]) -> bool:
    x, y = a["record"], b["record"]
    return dates_fit(x, y) and places_fit(x, y) and plans_fit(a, b, articles)


def fits_cluster(row: Row, members: list[Row], articles: dict[str, dict[str, Any]]) -> bool:
    """Dates, places and plans must fit every member; participants must fit the cluster's
    participants taken together, so "Xi" and "Biden" each join "Biden and Xi" though they
    do not fit each other."""
    record = row["record"]
    union = {
        "event": record["event"],
        "actors": [side for m in members for side in m["record"]["actors"]],
        "recipients": [side for m in members for side in m["record"]["recipients"]],
    }
    if record["event"] != members[0]["record"]["event"] or not participants_fit(record, union):
        return False
    return all(_when_where_fit(row, m, articles) for m in members)


# -- clustering ------------------------------------------------------------------------------------


def _report_order(row: Row, articles: dict[str, dict[str, Any]]) -> tuple[str, int]:
    return (articles.get(row["article_id"], {}).get("published") or "", row["id"])


def cluster(rows: list[Row], articles: dict[str, dict[str, Any]]) -> list[list[Row]]:
    """Greedy single pass, the best-dated and fullest reports first: a mention joins the
    first cluster it fits (`fits_cluster`); else it starts a new cluster.

    Only clusters whose first member's dates can overlap the mention's are tried (a
    `DateIndex` by month), in the order they were made: the same result as trying every
    cluster, since no other cluster can fit, at a cost that grows with the events of the
    mention's months, not with the store."""
    by_type: dict[str, DateIndex] = {}
    made: list[list[Row]] = []
    for row in sorted(rows, key=lambda r: _strong_first(r, articles)):
        index = by_type.setdefault(row["record"]["event"], DateIndex())
        reach = date_reach(row["record"])
        for members in index.candidates(reach):
            if fits_cluster(row, members, articles):
                members.append(row)
                break
        else:
            made.append([row])
            index.add(made[-1], reach)
    return made


class DateIndex:
    """Clusters of one event type by the months their first member's dates can reach."""

    WIDE_MONTHS = 13  # a reach longer than a year (or none at all) is checked every time

    def __init__(self) -> None:
        self.months: dict[int, list[tuple[int, list[Row]]]] = {}
        self.wide: list[tuple[int, list[Row]]] = []
        self.count = 0

    def add(self, members: list[Row], reach: tuple[date, date] | None) -> None:
        entry = (self.count, members)
        self.count += 1
        keys = _months(reach)
        if keys is None:
            self.wide.append(entry)
            return
        for key in keys:
            self.months.setdefault(key, []).append(entry)

    def candidates(self, reach: tuple[date, date] | None) -> list[list[Row]]:
        """Clusters that may fit a mention reaching `reach`, oldest cluster first."""
        keys = _months(reach)
        if keys is None:
            found = [entry for entries in self.months.values() for entry in entries]
        else:
            found = [entry for key in keys for entry in self.months.get(key, ())]
        found += self.wide
        unique = {order: members for order, members in found}
        return [unique[order] for order in sorted(unique)]


def _months(reach: tuple[date, date] | None) -> range | None:
    if reach is None:
        return None
    first = reach[0].year * 12 + reach[0].month - 1
    last = reach[1].year * 12 + reach[1].month - 1
    if last - first >= DateIndex.WIDE_MONTHS:
        return None
    return range(first, last + 1)


def date_reach(record: dict[str, Any]) -> tuple[date, date] | None:
    """The days a mention's date can refer to, as `dates_fit` reads it: its span at its
    precision if dated from the text, else the window around its article's date; None
    when it has no usable date (it fits any). Two mentions whose dates fit always have
    overlapping reaches."""
    value = record.get("date")
    if not value:
        return None
    if _strong(record):
        return _span(value)
    anchor = _parse(value)
    if anchor is None:
        return None
    if _planned(record):
        return anchor - timedelta(days=1), anchor + PLAN_WINDOW
    return anchor - WEAK_WINDOW, anchor + timedelta(days=1)


def slim_row(row: Row) -> Row:
    """A stored mention row with only what clustering reads: the evidence (sentences,
    quotes, modes) stays in the store until the event records are written."""
    record = row["record"]
    place = record.get("place")
    slim = {key: record.get(key) for key in SLIM_FIELDS}
    slim["actors"] = [_slim_side(side) for side in record["actors"]]
    slim["recipients"] = [_slim_side(side) for side in record["recipients"]]
    slim["place"] = {"name": place.get("name"), "country_code": place.get("country_code")} \
        if place else None  # fmt: skip
    return {"id": row["id"], "article_id": row["article_id"], "record": slim}


SLIM_FIELDS = ("event", "date", "date_source", "date_precision", "status", "sent_start",
               "trigger_start")  # fmt: skip


def _slim_side(side: dict[str, Any]) -> dict[str, Any]:
    actor = side.get("actor") or {}
    kept = {key: actor.get(key) for key in ("id", "code", "kind")} if actor else None
    return {"actor": kept, "text": side.get("text")}


def _strong_first(row: Row, articles: dict[str, dict[str, Any]]) -> tuple[int, int, int, str, int]:
    # Mentions with a date from the text seed the clusters, so a weakly dated report
    # joins the event it fits instead of gathering strong ones around its guess; among
    # them the fullest report (most participants) first, so shorter ones can join it.
    record = row["record"]
    rank = PRECISION_RANK.get(record.get("date_precision", "unknown"), 0)
    sides = len(record["actors"]) + len(record["recipients"])
    return (0 if _strong(record) else 1, -rank, -sides, *_report_order(row, articles))


def event_id(members: list[Row]) -> str:
    """Stable id of a fused event: a hash of its earliest mention's identity."""
    first = min(members, key=lambda r: (r["article_id"], r["record"]["sent_start"],
                                        r["record"]["trigger_start"]))  # fmt: skip
    key = f"{first['article_id']}|{first['record']['trigger_start']}|{first['record']['event']}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def fuse_mentions(
    rows: Iterable[Row], articles: dict[str, dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Group stored mention rows into events; return the records and mention→event links."""
    fused, links = [], {}
    for members in cluster(list(rows), articles):
        eid = event_id(members)
        fused.append(event_record(eid, members, articles))
        for row in members:
            links[row["id"]] = eid
    fused.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
    return fused, links


# -- the record ---------------------------------------------------------------------------------


def event_record(
    eid: str, members: list[Row], articles: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The exported record (the design's PLOVER-style contract) of one fused event."""
    members = sorted(members, key=lambda r: _report_order(r, articles))
    records = [r["record"] for r in members]
    # The latest report decides the status; but a late "could meet" in passing does not
    # undo a meeting another report says was held: the latest `occurred` report wins first.
    latest = max(reversed(records), key=lambda r: r["status"] == "occurred")
    best = max(records, key=_date_quality)
    fullest = max(records, key=lambda r: (*_specificity(r), r is latest))
    placed = next((r["place"] for r in reversed(records) if r["place"]), None)
    quoted = next((r["quote"] for r in records if r["quote"]), None)
    story_ids = {articles.get(r["article_id"], {}).get("story_id") for r in members}
    return {
        "id": eid,
        "date": best["date"],
        "date_precision": best["date_precision"] if best["date"] else "unknown",
        "date_end": best.get("date_end"),
        "date_source": best.get("date_source"),
        "event": latest["event"],
        "mode": sorted({m for r in records for m in r["mode"]}),
        "context": sorted({c for r in records for c in r["context"]}),
        "status": latest["status"],
        "actor": _sides(fullest["actors"]),
        "recipient": _sides(fullest["recipients"]),
        "event_loc": placed,
        "event_text": fullest["trigger"],
        "quote": quoted,
        "cameo": fullest.get("cameo"),
        "quad_code": fullest["quad_code"],
        "event_scale": fullest["event_scale"],
        "contradictions": contradictions(members),
        "mentions": [_mention(r, articles) for r in members],
        "num_articles": len({r["article_id"] for r in members}),
        "num_stories": len(story_ids),
    }


def _specificity(record: dict[str, Any]) -> tuple[int, int]:
    """How fully a report names the participants: how many sides, how many persons."""
    sides = record["actors"] + record["recipients"]
    persons = sum(1 for s in sides if (s.get("actor") or {}).get("kind") == "person")
    return len(sides), persons


def _date_quality(record: dict[str, Any]) -> tuple[int, int]:
    from_text = 1 if _strong(record) else 0
    return (from_text, PRECISION_RANK.get(record.get("date_precision", "unknown"), 0))


def contradictions(members: list[Row]) -> list[dict[str, Any]]:
    """Fields on which the reports of one event disagree, with who said what."""
    found = []
    for field, getter in (
        ("date", lambda r: r["date"] if _strong(r) and r["date_precision"] == "day" else None),
        ("place", lambda r: (r.get("place") or {}).get("name")),
        ("date_end", lambda r: r.get("date_end")),
    ):
        values: dict[str, list[str]] = {}
        for row in members:
            value = getter(row["record"])
            if value:
                values.setdefault(str(value), []).append(row["article_id"])
        if len(values) > 1:
            found.append({"field": field, "values": values})
    return found


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


def _mention(row: Row, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    record, meta = row["record"], articles.get(row["article_id"], {})
    return {
        "article_id": row["article_id"], "sentence": record["sentence"],
        "start": record["sent_start"], "end": record["sent_end"],
        "trigger": record["trigger"], "status": record["status"],
        "section": record.get("section", "body"),
        "date": record.get("date"), "published": meta.get("published"),
        "outlet": meta.get("outlet"),
    }  # fmt: skip


def fuse_article_events(
    article_id: str, mentions: list[EventMention], meta: dict[str, Any]
) -> list[dict[str, Any]]:
    """Fuse the events of one article without a store (the stateless `code` command)."""
    rows = [{"id": i, "article_id": article_id, "record": dataclasses.asdict(m)}
            for i, m in enumerate(mentions)]  # fmt: skip
    fused, _ = fuse_mentions(rows, {article_id: {**meta, "story_id": article_id}})
    return fused
