"""Issues: the topics of a dyad over time (data/topics.yaml).

For each topic and period:
- mentions: sentences naming the topic, in the articles that name both sides of
  the dyad (and in the mention sentences of the dyad's events), counted once per
  article and sentence; dated by the article's publication date, because a
  sentence *about* Taiwan is a sign of attention when it is written;
- events: the dyad's fused events, index statuses only (occurred), whose
  mention sentences name the topic, or whose PLOVER context the topic lists;
  dated by the event's date;
- tone: the mean PLOVER score (relate.plover_score) of those events, so
  "Taiwan, tone −4.2" reads as: the events that came with Taiwan were conflictual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dyadwatch.relate import (
    ArticleText,
    Record,
    load_scores,
    load_yaml,
    period_key,
    plover_score,
    record_dyads,
    split_sentences,
)


@dataclass(frozen=True)
class TopicDef:
    name: str
    label: str
    pattern: re.Pattern[str]
    contexts: frozenset[str]
    needles: re.Pattern[str] | None  # lowercase literals one of which a match must contain

    def search(self, sentence: str, lowered: str) -> bool:
        # Plain literals first: the full pattern per topic per sentence was the cost of a
        # report on a busy dyad (25k sentences × 14 topics: 5 s).
        if self.needles is not None and not self.needles.search(lowered):
            return False
        return bool(self.pattern.search(sentence))


_LITERAL = re.compile(r"^[^()\[\]?*+|{}.^$\\]+")


def _needles(keywords: list[str]) -> re.Pattern[str] | None:
    """The literal start of every keyword, or None when one has none to offer."""
    out = []
    for keyword in keywords:
        m = _LITERAL.match(keyword)
        # a literal followed by ?/*/{ is optional in its last character: drop that one
        text = m.group(0)[:-1] if m and keyword[m.end() : m.end() + 1] in ("?", "*", "{") else \
            (m.group(0) if m else "")  # fmt: skip
        if len(text) < 2:
            return None
        out.append(re.escape(text.lower()))
    return re.compile("|".join(out))


@lru_cache(maxsize=1)
def load_topics() -> tuple[TopicDef, ...]:
    raw = load_yaml("topics.yaml")["topics"]
    for name, spec in raw.items():
        bad = [k for k in spec["keywords"] if not isinstance(k, str)]
        if bad:  # YAML reads an unquoted `no` as False and `a: b` as a mapping
            raise ValueError(f"topics.yaml: keywords {bad!r} of {name} are not strings: quote them")
    return tuple(
        TopicDef(
            name=name, label=spec["label"],
            pattern=re.compile(
                r"(?<![\w-])(?:" + "|".join(f"(?:{k})" for k in spec["keywords"]) + r")(?![\w-])",
                re.IGNORECASE,
            ),
            contexts=frozenset(spec.get("contexts") or []),
            needles=_needles(spec["keywords"]),
        )
        for name, spec in raw.items()
    )  # fmt: skip


def sentence_topics(sentence: str, topics: Iterable[TopicDef] | None = None) -> list[str]:
    """Names of the topics a sentence speaks of, in topics.yaml order."""
    lowered = sentence.lower()
    return [t.name for t in (topics or load_topics()) if t.search(sentence, lowered)]


def record_topics(
    record: Record,
    topics: Iterable[TopicDef] | None = None,
    known: dict[str, list[str]] | None = None,
) -> set[str]:
    """Topics of an event: named in its mention sentences, or implied by its contexts.
    `known` maps sentences already read to their topics (articles hold the same sentences)."""
    topics = tuple(topics or load_topics())
    found = {t.name for t in topics if set(record.get("context") or []) & t.contexts}
    for m in record["mentions"]:
        cached = known.get(_norm(m["sentence"])) if known is not None else None
        found.update(cached if cached is not None else sentence_topics(m["sentence"], topics))
    return found


@dataclass
class Cell:
    mentions: int = 0
    events: int = 0
    tone_sum: float = 0.0

    @property
    def tone(self) -> float | None:
        return round(self.tone_sum / self.events, 2) if self.events else None


@dataclass
class TopicStats:
    topic: str
    label: str
    total: Cell = field(default_factory=Cell)
    articles: set[str] = field(default_factory=set)
    series: dict[str, Cell] = field(default_factory=dict)
    example: str | None = None  # one sentence that names the topic, to show a reader

    def cell(self, period: str | None) -> Cell | None:
        return self.series.setdefault(period, Cell()) if period else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic, "label": self.label, "mentions": self.total.mentions,
            "articles": len(self.articles), "events": self.total.events,
            "tone": self.total.tone, "example": self.example,
            "series": [{"period": p, "mentions": c.mentions, "events": c.events, "tone": c.tone}
                       for p, c in sorted(self.series.items())],
        }  # fmt: skip


def _norm(sentence: str) -> str:
    return " ".join(sentence.split())


def _sentences(
    records: list[Record], articles: Iterable[ArticleText]
) -> Iterable[tuple[str | None, str | None, str]]:
    """(article id, published, sentence) once each: article text, then event mentions."""
    seen: set[tuple[str | None, str]] = set()
    for article in articles:
        for _, sentence in split_sentences(article.text):
            seen.add((article.id, _norm(sentence)))
            yield article.id, article.published, sentence
    for record in records:
        for m in record["mentions"]:
            key = (m["article_id"], _norm(m["sentence"]))
            if key not in seen:
                seen.add(key)
                yield m["article_id"], m.get("published"), m["sentence"]


def dyad_issues(
    records: Iterable[Record], articles: Iterable[ArticleText], a: str, b: str, by: str = "month"
) -> list[TopicStats]:
    """Topics of the dyad A–B with mention volume and event tone, busiest first."""
    topics, table = load_topics(), load_scores()
    mine = [r for r in records if record_dyads(r) & {(a, b), (b, a)}]
    stats = {t.name: TopicStats(t.name, t.label) for t in topics}
    known: dict[str, list[str]] = {}
    for article_id, published, sentence in _sentences(mine, articles):
        names = known.setdefault(_norm(sentence), sentence_topics(sentence, topics))
        for name in names:
            entry = stats[name]
            entry.total.mentions += 1
            entry.articles.add(article_id or "?")
            entry.example = entry.example or _norm(sentence)
            cell = entry.cell(period_key(published, "day", by) if published else None)
            if cell:
                cell.mentions += 1
    for record in mine:
        if record["status"] not in table.index_statuses:
            continue
        score = plover_score(record, table)
        key = period_key(record.get("date"), record.get("date_precision", "unknown"), by)
        for name in record_topics(record, topics, known):
            for cell in (stats[name].total, stats[name].cell(key)):
                if cell:
                    cell.events += 1
                    cell.tone_sum += score
    found = [s for s in stats.values() if s.total.mentions or s.total.events]
    return sorted(found, key=lambda s: (-s.total.mentions, -s.total.events, s.topic))
