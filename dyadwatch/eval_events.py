"""Scores of the events stage against gold sets in ``../shared/gold``.

    evaluate_plover(path)    PLOVER gold-standard records (PLOVER_GSR_CAMEO.txt): event type
                             of the sentence's main event, actor and recipient country codes,
                             per-type precision and recall
    evaluate_case2021(path)  CASE 2021 task 2 snippets: detection of the diplomacy-related
                             classes DIPLO (diplomatic measures: our SANCTION, or verbal
                             conflict between states) and AGREEMENT (our AGREE, or a
                             ceasefire/release RETREAT)
    render(report)           a plain-text table of either report

Both run the real pipeline stages (spaCy, the actors stage, the events stage) on the
gold text; nothing of the gold set is copied into the package.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from dyadwatch.errors import GoldDataError
from dyadwatch.events import extract_events, plover_intent_type
from dyadwatch.models import EVENT_TYPES, ActorMention, Article, EventMention

PLOVER_FILE = "PLOVER_GSR_CAMEO.txt"
CASE_FILE = "test_set_final_release_with_labels.tsv"
# Type names of the 2016-2018 PLOVER drafts, as the design maps them.
OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"}  # fmt: skip
# Codes in the gold that are not ISO 3166 alpha-3 (CAMEO's own country codes).
GOLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# Transnational CAMEO codes with no counterpart in our actor codes; not scored.
UNSCORED_CODES = frozenset({"NGO", "IMG", "ISM"})
CASE_CLASSES = ("DIPLO", "AGREEMENT")
AGREEMENT_MODES = frozenset({"ceasefire", "release", "disarm"})
VERBAL_CONFLICT = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT"})

Mentioner = Callable[[Doc, Article], list[ActorMention]]


def _default_mentioner() -> Mentioner:
    try:
        from dyadwatch.actors import load_kb, resolve_actors
    except ImportError as exc:  # pragma: no cover - the actors stage ships with the package
        raise GoldDataError(f"the actors stage cannot be imported ({exc}); reinstall") from exc
    kb = load_kb()
    return lambda doc, article: resolve_actors(doc, article, kb)


def _code(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().upper()[:3]
    return GOLD_CODES.get(value, value)


def _gold_codes(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    codes = {_code(a.get("code")) for a in actors if isinstance(a, dict)}
    return {c for c in codes if c and c not in UNSCORED_CODES}


@lru_cache(maxsize=1)
def _igo_codes() -> frozenset[str]:
    from dyadwatch.kb import load_kb

    return frozenset(load_kb().igos)


def _pred_codes(mentions: list[ActorMention]) -> set[str]:
    """Our codes in the gold's terms: the gold codes every IGO, and every official acting
    for one ("Kofi Annan, UN secretary-general"), as IGO; ours name the IGO (UN, ARAB)."""
    codes = set()
    for mention in mentions:
        actor = mention.actor
        if actor is not None and actor.code:  # an actor of no known country is no state
            igo = actor.kind == "igo" or actor.code in _igo_codes()
            codes.add("IGO" if igo else actor.code)
    return codes


def load_plover(path: Path) -> list[dict[str, Any]]:
    """Gold records with text (DOCUMENT records left out), types mapped to PLOVER 16."""
    file = path / PLOVER_FILE if path.is_dir() else path
    try:
        records = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldDataError(
            f"{file}: cannot read PLOVER gold ({exc}); check ../shared/gold"
        ) from exc
    out = []
    for rec in records:
        etype = OLD_TYPES.get(rec.get("event"), rec.get("event"))
        if etype in EVENT_TYPES and rec.get("text"):
            out.append({"id": rec.get("id"), "text": rec["text"], "event": etype,
                        "source": _gold_codes(rec.get("source")),
                        "target": _gold_codes(rec.get("target"))})  # fmt: skip
    if not out:
        raise GoldDataError(f"{file}: no PLOVER records with text and event type")
    return out


def main_event(events: list[EventMention], doc: Doc) -> EventMention | None:
    """The sentence's main event: the trigger highest in the parse tree, then the first."""
    if not events:
        return None

    def depth(event: EventMention) -> tuple[int, int]:
        span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        token = span.root if span is not None else doc[0]
        return len(list(token.ancestors)), event.trigger_start

    return min(events, key=depth)


def _analyse(
    texts: Iterable[str], mentioner: Mentioner | None
) -> Iterable[tuple[Doc, list[EventMention]]]:
    from dyadwatch.nlp import load_pipeline

    nlp = load_pipeline()
    mention = mentioner or _default_mentioner()
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        article = Article(id=f"gold-{i}", source="gold", text=doc.text)
        yield doc, extract_events(doc, article, mention(doc, article))


def _prf(pairs: list[tuple[str, str]], label: str) -> dict[str, float | int]:
    tp = sum(1 for g, p in pairs if g == label and p == label)
    pred = sum(1 for _, p in pairs if p == label)
    gold = sum(1 for g, _ in pairs if g == label)
    precision = tp / pred if pred else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": gold, "predicted": pred, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}  # fmt: skip


def evaluate_plover(path: Path, mentioner: Mentioner | None = None) -> dict[str, Any]:
    """Event-type accuracy of the main event, actor/recipient code accuracy, per-type P/R."""
    gold = load_plover(path)
    pairs: list[tuple[str, str]] = []
    actor_hits = actor_total = target_hits = target_total = 0
    for rec, (doc, events) in zip(
        gold, _analyse((r["text"] for r in gold), mentioner), strict=True
    ):
        event = main_event(events, doc)
        pairs.append((rec["event"], plover_intent_type(event) if event else "NONE"))
        if rec["source"]:
            actor_total += 1
            actor_hits += bool(event and _pred_codes(event.actors) & rec["source"])
        if rec["target"]:
            target_total += 1
            target_hits += bool(event and _pred_codes(event.recipients) & rec["target"])
    correct = sum(1 for g, p in pairs if g == p)
    return {
        "gold_set": "plover", "records": len(gold),
        "event_type_accuracy": round(correct / len(gold), 4),
        "no_event": sum(1 for _, p in pairs if p == "NONE"),
        "actor_code_accuracy": round(actor_hits / actor_total, 4) if actor_total else 0.0,
        "recipient_code_accuracy": round(target_hits / target_total, 4) if target_total else 0.0,
        "actor_scored": actor_total, "recipient_scored": target_total,
        "per_type": {t: _prf(pairs, t) for t in EVENT_TYPES},
        "confusions": Counter(f"{g}->{p}" for g, p in pairs if g != p).most_common(15),
    }  # fmt: skip


def load_case2021(path: Path) -> list[tuple[str, str]]:
    """(snippet, class) rows of the CASE 2021 task-2 test set."""
    file = path / CASE_FILE if path.is_dir() else path
    try:
        with file.open(encoding="utf-8", newline="") as fh:
            rows = [(r["EventSnippet"], r["SubType"]) for r in csv.DictReader(fh, delimiter="\t")]
    except (OSError, KeyError, csv.Error) as exc:
        raise GoldDataError(
            f"{file}: cannot read CASE 2021 gold ({exc}); check ../shared/gold"
        ) from exc
    if not rows:
        raise GoldDataError(f"{file}: no rows")
    return rows


def case_class(events: list[EventMention]) -> str:
    """The CASE class our events imply. AGREEMENT (ACLED: agreements, ceasefires, prisoner
    releases, surrenders) for AGREE or a ceasefire/release/surrender RETREAT; DIPLO (ACLED:
    diplomatic measures between states: sanctions, expulsions, cut ties, demands and
    condemnations) for SANCTION, or a verbal-conflict event between two different states;
    else OTHER."""
    live = [e for e in events if e.status != "negated"]
    if any(e.event == "AGREE" or set(e.mode) & AGREEMENT_MODES for e in live):
        return "AGREEMENT"
    for event in live:
        if event.event == "SANCTION":
            return "DIPLO"
        if event.event in VERBAL_CONFLICT and _interstate(event):
            return "DIPLO"
    return "OTHER"


def _interstate(event: EventMention) -> bool:
    actors, recipients = _pred_codes(event.actors), _pred_codes(event.recipients)
    return bool(actors and recipients and not actors & recipients)


def evaluate_case2021(path: Path, mentioner: Mentioner | None = None) -> dict[str, Any]:
    """Precision and recall of DIPLO and AGREEMENT over all 1,019 snippets (the other 28
    classes are the negatives)."""
    rows = load_case2021(path)
    pairs = [
        (label if label in CASE_CLASSES else "OTHER", case_class(events))
        for (_, label), (_, events) in zip(
            rows, _analyse((t for t, _ in rows), mentioner), strict=True
        )
    ]
    return {"gold_set": "case2021", "records": len(rows),
            "per_class": {c: _prf(pairs, c) for c in CASE_CLASSES}}  # fmt: skip


def render(report: dict[str, Any]) -> str:
    """A plain-text summary of a report from either evaluation."""
    lines = [f"gold set: {report['gold_set']}  records: {report['records']}"]
    for key in (
        "event_type_accuracy",
        "actor_code_accuracy",
        "recipient_code_accuracy",
        "no_event",
    ):
        if key in report:
            lines.append(f"{key:<26} {report[key]}")
    table = report.get("per_type") or report.get("per_class") or {}
    lines.append(f"{'type':<12}{'gold':>6}{'pred':>6}{'prec':>8}{'recall':>8}{'f1':>8}")
    for name, row in table.items():
        lines.append(f"{name:<12}{row['gold']:>6}{row['predicted']:>6}{row['precision']:>8.2f}"
                     f"{row['recall']:>8.2f}{row['f1']:>8.2f}")  # fmt: skip
    if report.get("confusions"):
        lines.append("top confusions: " + ", ".join(f"{k} ({n})" for k, n in report["confusions"]))
    return "\n".join(lines)
