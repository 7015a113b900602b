"""`dyadwatch eval dates`: the temporal tagger scored on TimeBank + AQUAINT, TempEval-3 style.

Each .tml document gives its text, its creation date (DCT, the anchor) and gold
TIMEX3 spans. Scores, for our tagger and a dateparser-only baseline:
- strict span P/R/F1: exact offsets; relaxed: any overlap (one-to-one matching);
- type accuracy and value F1: on relaxed-matched spans, the attribute must be
  equal (a match with a wrong value counts as neither a hit for precision nor
  recall, as in TempEval-3's attribute F1).
The DCT timex is metadata, not text, and is never scored.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from dyadwatch.errors import GoldDataError
from dyadwatch.event_date import cut_value
from dyadwatch.models import Article, Timex
from dyadwatch.timex_tag import tag_timexes

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    value: str


@dataclass
class GoldDoc:
    name: str
    dct: str
    text: str
    timexes: list[Span]


def read_tml(path: Path) -> GoldDoc:
    """Text, DCT and gold TIMEX3 spans (offsets into the tag-free text) of one .tml file."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d{2}-\d{2})", raw)
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if dct is None or body is None:
        raise GoldDataError(f"{path}: no <DCT> date or no <TEXT>: is this a TimeML .tml file?")
    parts: list[str] = []
    pos, length = 0, 0
    open_: list[tuple[int, dict[str, str]]] = []
    spans: list[Span] = []
    text = body.group(1)
    for m in _TAG.finditer(text):
        chunk = html.unescape(text[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m[2] != "TIMEX3":
            continue
        if not m[1]:
            open_.append((length, dict(_ATTR.findall(m[3]))))
        elif open_:
            start, attrs = open_.pop()
            if attrs.get("functionInDocument") != "CREATION_TIME":
                spans.append(Span(start, length, attrs.get("type", ""), attrs.get("value", "")))
    parts.append(html.unescape(text[pos:]))
    return GoldDoc(path.stem, dct[1], "".join(parts), spans)


_MEANTIME_ANNOTATED = 5  # the last annotated sentence of a MEANTIME article


def read_meantime(path: Path) -> GoldDoc:
    """A MEANTIME (NewsReader CAT XML) article: tokens joined by spaces, one
    sentence a line. Sentence 1 is the date line: it is the DCT (metadata), so it
    is left out of the text, and its CREATION_TIME timex is not scored. Only the
    title and the first sentences are annotated (sentences 0-5): the rest of the
    text is left out so that unannotated expressions do not count as errors."""
    root = ElementTree.parse(path).getroot()
    text, offsets, date_line = _meantime_tokens(root)
    spans = []
    for timex in root.iter("TIMEX3"):
        anchors = [offsets[a] for a in _anchor_ids(timex) if a in offsets]
        if timex.get("functionInDocument") != "CREATION_TIME" and anchors:
            start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
            spans.append(Span(start, end, timex.get("type", ""), timex.get("value", "")))
    dct = _meantime_dct(root, date_line)
    if dct is None:
        raise GoldDataError(f"{path}: no creation date: is this a MEANTIME article?")
    return GoldDoc(path.stem, dct, text, sorted(spans, key=lambda s: s.start))


def _meantime_tokens(root: ElementTree.Element) -> tuple[str, dict[str, tuple[int, int]], str]:
    """The annotated text, each token's offsets, and the date line."""
    offsets: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    date_line: list[str] = []
    length, sentence = 0, None
    for tok in root.iter("token"):
        word = tok.text or ""
        if int(tok.get("sentence") or 0) > _MEANTIME_ANNOTATED:
            continue
        if tok.get("sentence") == "1":
            date_line.append(word)
            continue
        if parts:
            parts.append("\n" if tok.get("sentence") != sentence else " ")
            length += 1
        offsets[tok.get("t_id", "")] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        sentence = tok.get("sentence")
    return "".join(parts), offsets, " ".join(date_line)


def _anchor_ids(timex: ElementTree.Element) -> list[str]:
    return [a.get("t_id", "") for a in timex.iter("token_anchor")]


def _meantime_dct(root: ElementTree.Element, date_line: str) -> str | None:
    """The date line ("September 01 , 2007"), else an ISO CREATION_TIME value
    (some files write it as DD-MM-YYYY, which is not trusted)."""
    try:
        return dt.datetime.strptime(date_line.replace(" ,", ","), "%B %d, %Y").date().isoformat()
    except ValueError:
        pass
    for timex in root.iter("TIMEX3"):
        value = timex.get("value") or ""
        if timex.get("functionInDocument") == "CREATION_TIME" and re.match(
            r"\d{4}-\d\d-\d\d", value
        ):
            return value[:10]
    return None


def load_gold(path: Path) -> list[GoldDoc]:
    """TimeML .tml files (TimeBank) or, failing those, MEANTIME .xml articles."""
    files = sorted(path.rglob("*.tml")) if path.is_dir() else []
    if files:
        return [read_tml(f) for f in files]
    xml = sorted(path.rglob("*.xml")) if path.is_dir() else []
    if not xml:
        raise GoldDataError(
            f"{path}: no TimeML .tml files found: point to ../shared/gold/timebank "
            "(or a MEANTIME folder of .xml articles)"
        )
    return [read_meantime(f) for f in xml]


def _match(gold: list[Span], pred: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    pairs = []
    for g in gold:
        for p in pred:
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((overlap, g, p))
    pairs.sort(key=lambda t: -t[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, g, p in pairs:
        if id(g) in used_g or id(p) in used_p:
            continue
        used_g.add(id(g))
        used_p.add(id(p))
        out.append((g, p))
    return out


def same_value(gold: str, ours: str) -> bool:
    """TIMEX3 values compared as meanings: case, week zero-padding ("W7" is "W07"),
    hours with or without minutes ("T17" is "T17:00"), decades and centuries
    with or without X ("198X" is "198") and a duration's
    units ("P2.5Y" is "P2Y6M", "P1E" is "P10Y", "P1D" is "PT24H") are spelling,
    not content."""
    a, b = _canon(gold), _canon(ours)
    if a == b:
        return True
    da, db = _duration_size(a), _duration_size(b)
    if da is None or db is None:
        return False
    return abs(da[0] - db[0]) < 1e-6 and abs(da[1] - db[1]) < 1e-6


def _canon(value: str) -> str:
    v = re.sub(r"W0(\d)\b", r"W\1", value.strip().upper())
    v = re.sub(r"(T\d\d)$", r"\1:00", v)  # "T17" is "T17:00"
    return v.rstrip("X") if re.fullmatch(r"\d{2,3}X{1,2}", v) and len(v) == 4 else v


# a duration unit's size, in months (calendar units) or in seconds (the rest)
_MONTHS = {"Y": 12.0, "Q": 3.0, "E": 120.0, "C": 1200.0, "L": 12000.0}
_SECONDS = {"W": 604800.0, "D": 86400.0}
_CLOCK_SECONDS = {"H": 3600.0, "M": 60.0, "S": 1.0}
_DURATION = re.compile(r"P((?:\d+(?:\.\d+)?[YMWDQECL])*)(?:T((?:\d+(?:\.\d+)?[HMS])+))?")


def _duration_size(value: str) -> tuple[float, float] | None:
    """(months, seconds) of a numeric duration ("P2Y6M" -> (30, 0)); None otherwise."""
    m = _DURATION.fullmatch(value)
    if m is None or not (m[1] or m[2]):
        return None
    months = seconds = 0.0
    for n, unit in re.findall(r"(\d+(?:\.\d+)?)(\w)", m[1]):
        if unit == "M":
            months += float(n)
        elif unit in _MONTHS:
            months += float(n) * _MONTHS[unit]
        else:
            seconds += float(n) * _SECONDS[unit]
    for n, unit in re.findall(r"(\d+(?:\.\d+)?)(\w)", m[2] or ""):
        seconds += float(n) * _CLOCK_SECONDS[unit]
    return months, seconds


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(docs: Iterable[tuple[list[Span], list[Span]]]) -> dict[str, Any]:
    """TempEval-3 style scores over (gold, predicted) span lists."""
    n_gold = n_pred = strict = relaxed = type_ok = value_ok = 0
    for gold, pred in docs:
        n_gold += len(gold)
        n_pred += len(pred)
        pairs = _match(gold, pred)
        relaxed += len(pairs)
        strict += sum(1 for g, p in pairs if (g.start, g.end) == (p.start, p.end))
        type_ok += sum(1 for g, p in pairs if g.type == p.type)
        value_ok += sum(1 for g, p in pairs if same_value(g.value, p.value))
    return {
        "gold": n_gold, "predicted": n_pred,
        "strict": _prf(strict, n_pred, n_gold), "relaxed": _prf(relaxed, n_pred, n_gold),
        "type_accuracy": round(type_ok / relaxed, 4) if relaxed else 0.0,
        "value": _prf(value_ok, n_pred, n_gold),
    }  # fmt: skip


def ours(doc: GoldDoc) -> list[Span]:
    return _spans(tag_timexes(doc.text, doc.dct))


def _spans(timexes: list[Timex]) -> list[Span]:
    return [Span(t.start, t.end, t.type, t.value) for t in timexes]


def dateparser_baseline(doc: GoldDoc) -> list[Span]:
    """What dateparser alone finds: search_dates with the DCT as the relative base."""
    from dateparser.search import search_dates

    base = dt.datetime.fromisoformat(doc.dct)
    settings: Any = {"RELATIVE_BASE": base}
    found = search_dates(doc.text, languages=["en"], settings=settings) or []
    out, cursor = [], 0
    for surface, when in found:
        start = doc.text.find(surface, cursor)
        if start < 0:
            continue
        cursor = start + len(surface)
        out.append(Span(start, cursor, "DATE", when.date().isoformat()))
    return out


def ours_parsed(nlp: Any) -> Callable[[GoldDoc], list[Span]]:
    """Our tagger as the ingest pipeline runs it: with the spaCy parse lending tense."""

    def system(doc: GoldDoc) -> list[Span]:
        return _spans(tag_timexes(doc.text, doc.dct, nlp(doc.text)))

    return system


def evaluate_timebank(path: Path, baseline: bool = True, parse: bool = False) -> dict[str, Any]:
    """Scores of our tagger on a TimeML folder: "ours" as `dyadwatch dates` runs it
    (rules only), "ours+parse" (if asked) as the ingest pipeline runs it, and, if
    asked, the dateparser baseline."""
    docs = load_gold(path)
    systems: dict[str, Callable[[GoldDoc], list[Span]]] = {"ours": ours}
    if parse:
        from dyadwatch.nlp import load_pipeline  # spaCy only for this system

        systems["ours+parse"] = ours_parsed(load_pipeline())
    if baseline:
        systems["dateparser"] = dateparser_baseline
    report: dict[str, Any] = {"path": str(path), "documents": len(docs)}
    for name, system in systems.items():
        report[name] = score((d.timexes, system(d)) for d in docs)
    return report


def render(report: dict[str, Any]) -> str:
    """A plain-text table of the report, systems side by side."""
    systems = [k for k in ("ours", "ours+parse", "dateparser") if k in report]
    rows = [
        ("strict span F1", lambda s: s["strict"]["f1"]),
        ("relaxed span P", lambda s: s["relaxed"]["precision"]),
        ("relaxed span R", lambda s: s["relaxed"]["recall"]),
        ("relaxed span F1", lambda s: s["relaxed"]["f1"]),
        ("type accuracy", lambda s: s["type_accuracy"]),
        ("value F1", lambda s: s["value"]["f1"]),
        ("predicted", lambda s: s["predicted"]),
    ]
    gold = report[systems[0]]["gold"] if systems else 0
    lines = [
        f"{report['path']}: {report['documents']} documents, {gold} gold TIMEX3 (DCT excluded)"
    ]
    lines.append(f"{'':18}" + "".join(f"{s:>12}" for s in systems))
    for label, get in rows:
        lines.append(f"{label:18}" + "".join(f"{get(report[s]):>12}" for s in systems))
    return "\n".join(lines)


# --- event dates on MEANTIME ------------------------------------------------------------

_INCLUDED = ("IS_INCLUDED", "SIMULTANEOUS")  # event -> timex: the event is on that date


def meantime_event_dates(path: Path) -> tuple[GoldDoc, list[tuple[int, str]]]:
    """A MEANTIME article and its gold event dates: (event start offset, date cut
    to precision) for each event mention a TLINK puts inside a timex."""
    doc = read_meantime(path)
    root = ElementTree.parse(path).getroot()
    _, offsets, _ = _meantime_tokens(root)
    values = {}
    for timex in root.iter("TIMEX3"):
        creation = timex.get("functionInDocument") == "CREATION_TIME"
        values[timex.get("m_id", "")] = doc.dct if creation else timex.get("value", "")
    events = {}
    for mention in root.iter("EVENT_MENTION"):
        anchors = [offsets[a] for a in _anchor_ids(mention) if a in offsets]
        if anchors:
            events[mention.get("m_id", "")] = min(a[0] for a in anchors)
    gold: dict[int, str] = {}
    for link in root.iter("TLINK"):
        source, target = _link_ends(link)
        pair = None
        if link.get("reltype") in _INCLUDED and source in events and target in values:
            pair = (events[source], values[target])
        elif link.get("reltype") == "INCLUDES" and target in events and source in values:
            pair = (events[target], values[source])
        cut = cut_value(pair[1]) if pair else None
        if pair and cut:
            gold.setdefault(pair[0], cut[0])
    return doc, sorted(gold.items())


def _link_ends(link: ElementTree.Element) -> tuple[str, str]:
    source, target = link.find("source"), link.find("target")
    return (
        source.get("m_id", "") if source is not None else "",
        target.get("m_id", "") if target is not None else "",
    )


def evaluate_event_dates(path: Path) -> dict[str, Any]:
    """Accuracy of `date_event` on MEANTIME event mentions that a TLINK dates,
    beside the article-date baseline (what GDELT and ICEWS do)."""
    from dyadwatch.event_date import date_event
    from dyadwatch.nlp import load_pipeline  # spaCy only for this evaluation

    files = sorted(path.rglob("*.xml")) if path.is_dir() else []
    if not files:
        raise GoldDataError(f"{path}: no MEANTIME .xml articles: point to ../shared/gold/meantime")
    nlp = load_pipeline()
    n = ours_ok = article_ok = 0
    for f in files:
        doc, gold = meantime_event_dates(f)
        parsed = nlp(doc.text)
        timexes = tag_timexes(doc.text, doc.dct, parsed)
        article = Article(id=doc.name, source=str(f), text=doc.text, published=doc.dct)
        for start, date in gold:
            n += 1
            ours_ok += date_event(parsed, start, timexes, article).date == date
            article_ok += doc.dct == date
    return {
        "path": str(path), "documents": len(files), "events": n,
        "ours_accuracy": round(ours_ok / n, 4) if n else 0.0,
        "article_date_accuracy": round(article_ok / n, 4) if n else 0.0,
    }  # fmt: skip
