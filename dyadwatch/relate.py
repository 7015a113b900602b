"""Relate: the state of each dyad over time — the cooperation–conflict index.

A dyad is a pair of actor codes (ISO3 for states, short codes for IGOs); persons
count for the state whose `code` they carry. A fused event belongs to the
directed dyad A→B for every actor code A on its actor side and recipient code B
on its recipient side (A ≠ B). Reciprocal events (CONSULT, AGREE, COOPERATE:
"X met Y" and "Y met X" are one meeting, see fuse.RECIPROCAL) belong to both
directions. The undirected dyad A–B holds the events of A→B and B→A, each once.

Index of a dyad d over a period p (week `2023-W25`, month `2023-06`, quarter
`2023-Q2`, year `2023`), over the fused events E(d, p) whose status is in
`scores.yaml: index_statuses` (occurred only) and whose date is at least as
precise as the period:

    plover_sum(d, p)   = Σ_{e ∈ E} s(e)          s = PLOVER score (scores.yaml, by type and mode)
    plover_mean(d, p)  = plover_sum / |E|
    goldstein_sum(d,p) = Σ_{e ∈ E} g(e)          g = the record's event_scale (CAMEO/Goldstein)
    goldstein_mean     = goldstein_sum / |E|
    quad[k](d, p)      = |{e ∈ E : quad(e) = k}|, k = 1 verbal coop … 4 material conflict

Each fused event counts once, however many articles report it (fusion already
merged the copies). quad(e) is the record's quad_code when set (from its CAMEO
code), else the quad class of its PLOVER type in scores.yaml. Events with
another status are counted apart (planned, hypothetical, negated) and never
move the index; events dated less precisely than the period (a month-dated
event in a weekly index) are counted as `unplaced`, not guessed into a period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import InputError
from dyadwatch.fuse import RECIPROCAL

Record = dict[str, Any]
PERIODS = ("week", "month", "quarter", "year")
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}
NEEDS = {"week": 3, "month": 2, "quarter": 2, "year": 1}  # precision rank a period needs


@lru_cache(maxsize=16)
def load_yaml(name: str) -> Any:
    """A data file, parsed once per process (`side_pattern` asks for countries.yaml once per
    code); callers read the result and never change it."""
    return read_yaml(name)


# -- scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreTable:
    types: dict[str, dict[str, Any]]
    index_statuses: frozenset[str]


@lru_cache(maxsize=1)
def load_scores() -> ScoreTable:
    raw = load_yaml("scores.yaml")
    return ScoreTable(types=raw["types"], index_statuses=frozenset(raw["index_statuses"]))


def plover_score(record: Record, table: ScoreTable | None = None) -> float:
    """The PLOVER score of an event: its type's score, or the strongest matching mode's."""
    entry = (table or load_scores()).types.get(record["event"], {})
    modes = entry.get("modes") or {}
    scores = [float(modes[m]) for m in record.get("mode") or [] if m in modes]
    if scores:
        return max(scores, key=abs)
    return float(entry.get("score", 0.0))


def quad_class(record: Record, table: ScoreTable | None = None) -> int:
    quad = int(record.get("quad_code") or 0)
    if 1 <= quad <= 4:
        return quad
    return int((table or load_scores()).types.get(record["event"], {}).get("quad", 0))


# -- dyads and periods ----------------------------------------------------------------------


def parse_pair(dyad: str) -> tuple[str, str]:
    """'USA-CHN' → ('USA', 'CHN')."""
    parts = [p.strip().upper() for p in dyad.replace("–", "-").replace(">", "-").split("-")]
    parts = [p for p in parts if p]
    if len(parts) != 2:
        raise InputError(f"dyad '{dyad}' is not a pair of codes: write it as USA-CHN")
    return parts[0], parts[1]


def _codes(sides: list[Record]) -> set[str]:
    return {str(s["code"]) for s in sides if s.get("code")}


def record_dyads(record: Record) -> set[tuple[str, str]]:
    """The directed dyads (actor code, recipient code) an event belongs to."""
    actors, recipients = _codes(record["actor"]), _codes(record.get("recipient") or [])
    pairs = {(a, r) for a in actors for r in recipients if a != r}
    if record["event"] in RECIPROCAL:
        pairs |= {(r, a) for a, r in pairs}
    return pairs


def undirected(a: str, b: str) -> str:
    return "-".join(sorted((a, b)))


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise InputError(f"period '{by}' is unknown: use one of {', '.join(PERIODS)}")
    return by


def period_key(date: str | None, precision: str, by: str) -> str | None:
    """The period a date falls in, or None when the date is too coarse for it."""
    if not date or PRECISION_RANK.get(precision, 0) < NEEDS[by]:
        return None
    if by == "year":
        return date[:4]
    if by == "month":
        return date[:7]
    if by == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def period_start(key: str) -> dt.date:
    """First day of a period key (for charts)."""
    if "-W" in key:
        return dt.date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    if "-Q" in key:
        return dt.date(int(key[:4]), (int(key[6]) - 1) * 3 + 1, 1)
    if len(key) == 4:
        return dt.date(int(key), 1, 1)
    return dt.date.fromisoformat((key + "-01-01")[:10])


def date_start(date: str) -> dt.date:
    """First day of an ISO date cut to any precision ('2022-08' → 2022-08-01)."""
    return dt.date.fromisoformat((date + "-01-01")[:10]) if len(date) < 10 else \
        dt.date.fromisoformat(date[:10])  # fmt: skip


# -- the index --------------------------------------------------------------------------------


@dataclass
class IndexRow:
    period: str
    events: int = 0
    plover_sum: float = 0.0
    goldstein_sum: float = 0.0
    quad: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    @property
    def plover_mean(self) -> float:
        return self.plover_sum / self.events if self.events else 0.0

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def add(self, score: float, goldstein: float, quad: int) -> None:
        self.events += 1
        self.plover_sum += score
        self.goldstein_sum += goldstein
        if 1 <= quad <= 4:
            self.quad[quad - 1] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period, "events": self.events,
            "plover_sum": round(self.plover_sum, 2), "plover_mean": round(self.plover_mean, 2),
            "goldstein_sum": round(self.goldstein_sum, 2),
            "goldstein_mean": round(self.goldstein_mean, 2),
            "verbal_coop": self.quad[0], "material_coop": self.quad[1],
            "verbal_conflict": self.quad[2], "material_conflict": self.quad[3],
        }  # fmt: skip


@dataclass
class DyadIndex:
    """The index series of one dyad (directed 'A>B' or undirected 'A-B')."""

    dyad: str
    by: str
    rows: dict[str, IndexRow] = field(default_factory=dict)
    total: IndexRow = field(default_factory=lambda: IndexRow("all"))
    apart: dict[str, int] = field(default_factory=dict)  # status → events kept out
    unplaced: int = 0  # occurred events dated too coarsely for the period

    def add(self, record: Record, table: ScoreTable) -> None:
        if record["status"] not in table.index_statuses:
            self.apart[record["status"]] = self.apart.get(record["status"], 0) + 1
            return
        score, quad = plover_score(record, table), quad_class(record, table)
        goldstein = float(record.get("event_scale") or 0.0)
        self.total.add(score, goldstein, quad)
        key = period_key(record.get("date"), record.get("date_precision", "unknown"), self.by)
        if key is None:
            self.unplaced += 1
            return
        self.rows.setdefault(key, IndexRow(key)).add(score, goldstein, quad)

    def series(self) -> list[IndexRow]:
        return [self.rows[k] for k in sorted(self.rows)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dyad": self.dyad, "by": self.by, "series": [r.to_dict() for r in self.series()],
            "total": self.total.to_dict(), "apart": dict(self.apart), "unplaced": self.unplaced,
        }  # fmt: skip


def dyad_indexes(
    records: Iterable[Record], a: str, b: str, by: str = "month"
) -> dict[str, DyadIndex]:
    """The undirected index of A–B and the directed ones A>B and B>A."""
    check_period(by)
    table = load_scores()
    keys = {"both": f"{a}-{b}", (a, b): f"{a}>{b}", (b, a): f"{b}>{a}"}
    out = {name: DyadIndex(name, by) for name in keys.values()}
    for record in records:
        pairs = record_dyads(record)
        if not pairs & {(a, b), (b, a)}:
            continue
        out[keys["both"]].add(record, table)
        for pair in ((a, b), (b, a)):
            if pair in pairs:
                out[keys[pair]].add(record, table)
    return out


def all_dyad_indexes(records: Iterable[Record], by: str = "month") -> dict[str, DyadIndex]:
    """The undirected index of every dyad in the records, in one pass."""
    check_period(by)
    table = load_scores()
    out: dict[str, DyadIndex] = {}
    for record in records:
        for name in {undirected(a, r) for a, r in record_dyads(record)}:
            out.setdefault(name, DyadIndex(name, by)).add(record, table)
    return out


# -- article text: which articles speak of a dyad, and their sentences --------------------------

_SENT_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n+")
# Titles and initials end with a dot but not a sentence ("Mr. Xi", "Rep. Nancy Pelosi").
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Adm|Sen|Rep|Gov|Pres|Sec|St|Jr|Sr|No|Vol"
    r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|E\.U)|\b[A-Z])\.$"
)


def split_sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs: a cheap splitter, enough to find cue words near names."""
    start = 0
    for m in _SENT_END.finditer(text):
        if not m.group(0).startswith("\n") and _ABBREV.search(
            text[max(0, m.start() - 6) : m.start()]
        ):
            continue
        if text[start : m.start()].strip():
            yield start, text[start : m.start()]
        start = m.end()
    if text[start:].strip():
        yield start, text[start:]


@lru_cache(maxsize=256)
def side_pattern(code: str) -> re.Pattern[str]:
    """Names, aliases, adjectives and the capital of a state or IGO, as one regex."""
    entry = load_yaml("countries.yaml").get(code) or load_yaml("igos.yaml").get(code) or {}
    names = [entry.get("name"), *entry.get("aliases", []), *entry.get("adj", [])]
    if entry.get("capital") and entry.get("capital_metonym", True):
        names.append(entry["capital"])
    names += [f"{p}-" for p in entry.get("prefix", [])]
    names = [str(n) for n in names if n] or [code]
    alts = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    # Case-sensitive on purpose: "US" the state, not "us" the pronoun.
    return re.compile(rf"(?<![\w.])(?:{alts})(?![a-z])")


@lru_cache(maxsize=1)
def _name_codes() -> tuple[re.Pattern[str], dict[str, set[str]]]:
    """Every state's names (countries.yaml) and every known person's (persons.yaml) → codes."""
    codes: dict[str, set[str]] = {}
    for code, entry in load_yaml("countries.yaml").items():
        names = [entry.get("name"), *entry.get("aliases", []), *entry.get("adj", [])]
        if entry.get("capital") and entry.get("capital_metonym", True):
            names.append(entry["capital"])
        names += [f"{p}-" for p in entry.get("prefix", [])]
        for name in filter(None, names):
            codes.setdefault(str(name), set()).add(code)
    for person in load_yaml("persons.yaml") or []:
        states = {o[0] for o in person.get("offices") or [] if o and len(str(o[0])) == 3}
        short = person.get("short", [str(person["name"]).split()[-1]])
        for name in [person["name"], *person.get("aliases", []), *short]:
            codes.setdefault(str(name), set()).update(states)
    alts = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alts})(?![a-z])"), codes


def codes_named(text: str) -> set[str]:
    """State codes a text names: by name, adjective, capital, or a person who holds an office."""
    return set(code_counts(text))


def code_counts(text: str) -> Counter[str]:
    """How often a text names each state (see codes_named)."""
    pattern, codes = _name_codes()
    return Counter(code for m in pattern.finditer(text) for code in codes[m.group(0)])


def names_both(text: str, a: str, b: str) -> bool:
    return bool(side_pattern(a).search(text)) and bool(side_pattern(b).search(text))


@dataclass
class ArticleText:
    id: str
    published: str | None
    text: str


def dyad_articles(
    store: Any, a: str, b: str, extra_ids: Iterable[str] = ()
) -> Iterator[ArticleText]:
    """Stored articles that name both sides (or carry one of the dyad's events), oldest first."""
    wanted = set(extra_ids)
    for row in store.iter_articles(("id", "published", "text")):
        text = row["text"] or ""
        if row["id"] in wanted or names_both(text, a, b):
            yield ArticleText(row["id"], row["published"], text)
