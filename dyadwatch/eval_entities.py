"""`dyadwatch eval entities`: entity span F1 on CoNLL-2003 and MEANTIME, ours beside spaCy's.

    evaluate_conll(path) -> dict     ../shared/gold/conll2003/valid.txt (PER/ORG/LOC/MISC)
    evaluate_meantime(path) -> dict  ../shared/gold/meantime (named PER/ORG/LOC mentions)
    render(report) -> str            a plain text table

Both read the gold tokenisation and run the pipeline over it, so spans compare token for
token (exact match of start, end and type). "spacy" is the bare NER mapped to the gold
labels; "ours" is the entity layer of the actors stage: spaCy's entities corrected and
completed by the knowledge base (countries and capitals as LOC, demonyms as MISC, IGOs and
institutions as ORG, known people as PER, honorifics left out of the name).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dyadwatch.errors import GoldDataError
from dyadwatch.kb import KnowledgeBase, load_kb
from dyadwatch.nlp import load_pipeline
from dyadwatch.spans import Unit, candidate_units

Spans = set[tuple[int, int, str]]
SPACY_TO_CONLL = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
    "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC",
}  # fmt: skip
KB_KIND_TO_CONLL = {
    "state": "LOC", "capital": "LOC", "city": "LOC", "adj": "MISC", "prefix": "MISC",
    "igo": "ORG", "inst": "ORG", "person": "PER",
}  # fmt: skip
CONLL_LABELS = ("PER", "ORG", "LOC", "MISC")
MEANTIME_LABELS = ("PER", "ORG", "LOC")


# ---------------------------------------------------------------------- spans
def spacy_spans(doc: Doc) -> Spans:
    return {
        (e.start, e.end, SPACY_TO_CONLL[e.label_]) for e in doc.ents if e.label_ in SPACY_TO_CONLL
    }


def _with_the(doc: Doc, start: int, end: int) -> int:
    """spaCy's start when its entity is ours plus "the": gold sets differ on "the" (MEANTIME
    keeps it, CoNLL does not), so ours follows spaCy's extent and is scored on its label."""
    for ent in doc.ents:
        if ent.end == end and ent.start == start - 1 and doc[ent.start].lower_ == "the":
            return ent.start
    return start


def _unit_span(doc: Doc, unit: Unit) -> tuple[int, int, str] | None:
    if unit.kind == "kb":
        start = unit.start + (doc[unit.start].lower_ == "the")  # alias "the Fed": name is "Fed"
        start = _with_the(doc, start, unit.end)
        return start, unit.end, KB_KIND_TO_CONLL[unit.targets[0].kind]
    if unit.kind == "honorific":
        return unit.start + 1, unit.end, "PER"
    if unit.kind == "short":
        return unit.start, unit.end, "PER"
    if unit.kind == "group":
        return None  # "Chinese officials": the adjective alone is the entity, handled below
    if unit.kind == "ner" and unit.label in SPACY_TO_CONLL:
        return unit.start, unit.end, SPACY_TO_CONLL[unit.label]
    return None


def our_spans(doc: Doc, kb: KnowledgeBase) -> Spans:
    """Entity spans as the actors stage sees them, in CoNLL labels."""
    out: Spans = set()
    units = candidate_units(doc, kb)
    covered = {i for u in units for i in range(u.start, u.end)}
    for ent in doc.ents:  # events, laws, languages: spaCy's, the actors stage has no say
        if ent.label_ in SPACY_TO_CONLL and not covered & set(range(ent.start, ent.end)):
            out.add((ent.start, ent.end, SPACY_TO_CONLL[ent.label_]))
    for unit in units:
        span = _unit_span(doc, unit)
        if span is not None:
            out.add(span)
        elif unit.kind == "group":
            # The state word of "Chinese officials" / "U.S. officials" is the entity.
            kinds = {t.kind for t in unit.targets}
            label = "LOC" if "state" in kinds else "MISC"
            anchor_end = unit.extra.get("anchor_end", unit.start + 1)
            out.add(
                (unit.start, int(anchor_end) if isinstance(anchor_end, int) else unit.end, label)
            )
    return out


# ---------------------------------------------------------------------- scoring
def score(gold: list[Spans], pred: list[Spans], labels: Iterable[str]) -> dict[str, Any]:
    """Exact-match precision, recall and F1 per label and overall (micro)."""
    result: dict[str, Any] = {}
    totals = [0, 0, 0]
    for label in labels:
        tp = sum(len({s for s in g if s[2] == label} & p) for g, p in zip(gold, pred, strict=True))
        n_gold = sum(1 for g in gold for s in g if s[2] == label)
        n_pred = sum(1 for p in pred for s in p if s[2] == label)
        result[label] = _prf(tp, n_gold, n_pred)
        totals = [totals[0] + tp, totals[1] + n_gold, totals[2] + n_pred]
    result["overall"] = _prf(*totals)
    return result


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "gold": n_gold, "pred": n_pred}


def _compare(
    docs: list[Doc], gold: list[Spans], labels: tuple[str, ...], nlp: Language, kb: KnowledgeBase
) -> dict[str, Any]:
    parsed = list(nlp.pipe(docs, batch_size=128))
    for spans in gold:
        # Gold only for the labels scored (MEANTIME's products and money are not entities here).
        spans.intersection_update({s for s in spans if s[2] in labels})
    spacy_pred = [{s for s in spacy_spans(d) if s[2] in labels} for d in parsed]
    ours_pred = [{s for s in our_spans(d, kb) if s[2] in labels} for d in parsed]
    return {"spacy": score(gold, spacy_pred, labels), "ours": score(gold, ours_pred, labels)}


# ---------------------------------------------------------------------- CoNLL-2003
def read_conll(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of (tokens, IOB tags) from a CoNLL-2003 file."""
    if not path.is_file():
        raise GoldDataError(f"{path}: CoNLL-2003 file not found; put valid.txt in ../shared/gold")
    words: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("-DOCSTART-"):
            if words:
                yield words, tags
            words, tags = [], []
            continue
        parts = line.split()
        if len(parts) < 2:
            raise GoldDataError(f"{path}:{n}: expected 'token ... tag', got {line!r}")
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        yield words, tags


def iob_spans(tags: list[str]) -> Spans:
    """(start, end, label) spans from IOB1 or IOB2 tags."""
    spans: Spans = set()
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if label and (prefix in ("O", "B") or kind != label):
            spans.add((start, i, label))
            label = ""
        if prefix in ("B", "I") and not label:
            start, label = i, kind
    return spans


def evaluate_conll(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Span F1 per PER/ORG/LOC/MISC on a CoNLL-2003 file, ours and bare spaCy's."""
    nlp, kb = load_pipeline(), load_kb()
    docs, gold = [], []
    for words, tags in read_conll(path):
        docs.append(Doc(nlp.vocab, words=words))
        gold.append(iob_spans(tags))
        if limit and len(docs) >= limit:
            break
    report = _compare(docs, gold, CONLL_LABELS, nlp, kb)
    return {"dataset": f"conll2003:{path.name}", "sentences": len(docs), **report}


# ---------------------------------------------------------------------- MEANTIME
def _meantime_doc(path: Path) -> tuple[list[str], Spans]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GoldDataError(f"{path}: not valid MEANTIME XML ({exc})") from exc
    tokens = root.findall("token")
    index = {t.get("t_id"): i for i, t in enumerate(tokens)}
    words = [t.text or "_" for t in tokens]
    types = {e.get("m_id"): e.get("ent_type") for e in root.iter("ENTITY")}
    refers: dict[str | None, str | None] = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target")
        for source in rel.findall("source"):
            refers[source.get("m_id")] = (
                types.get(target.get("m_id")) if target is not None else None
            )
    gold: Spans = set()
    for mention in root.iter("ENTITY_MENTION"):
        label = refers.get(mention.get("m_id"))
        anchors = [index[a.get("t_id")] for a in mention.findall("token_anchor")]
        if mention.get("syntactic_type") == "NAM" and label and anchors:
            gold.add((min(anchors), max(anchors) + 1, label))
    return words, gold


def evaluate_meantime(path: Path) -> dict[str, Any]:
    """Span F1 on MEANTIME's named (NAM) PER/ORG/LOC mentions, ours and bare spaCy's."""
    folder = path / "intra-doc_annotation" if (path / "intra-doc_annotation").is_dir() else path
    files = sorted(folder.rglob("*.xml"))
    if not files:
        raise GoldDataError(f"{path}: no MEANTIME XML files; expected intra-doc_annotation/")
    nlp, kb = load_pipeline(), load_kb()
    docs, gold = [], []
    for file in files:
        words, spans = _meantime_doc(file)
        docs.append(Doc(nlp.vocab, words=words))
        gold.append(spans)
    report = _compare(docs, gold, MEANTIME_LABELS, nlp, kb)
    return {"dataset": "meantime-english", "documents": len(docs), **report}


# ---------------------------------------------------------------------- report
def render(report: dict[str, Any]) -> str:
    """A plain text table: label, then P/R/F1 for bare spaCy and for ours."""
    size = report.get("sentences", report.get("documents", ""))
    lines = [f"{report['dataset']} ({size})",
             f"{'label':8} {'gold':>6} | {'spaCy P':>7} {'R':>6} {'F1':>6} | "
             f"{'ours P':>7} {'R':>6} {'F1':>6}"]  # fmt: skip
    for label, theirs in report["spacy"].items():
        ours = report["ours"][label]
        lines.append(
            f"{label:8} {theirs['gold']:>6} | {theirs['p']:>7.3f} {theirs['r']:>6.3f} "
            f"{theirs['f1']:>6.3f} | {ours['p']:>7.3f} {ours['r']:>6.3f} {ours['f1']:>6.3f}"
        )
    return "\n".join(lines)
