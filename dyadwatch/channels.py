"""Channels: the state of each named bilateral channel of a dyad over time.

A channel (leader-level, foreign ministry, military-to-military, …) is defined in
data/channels.yaml by the phrases that name it. Its state comes from evidence:

1. sentences (the mentions of the dyad's fused events, then the other sentences
   of stored articles that name both sides) where a channel is named within
   `reach` words of a state cue: suspended, frozen, resumed, open. A request or
   a negation just before a resume/open cue ("asked them to reopen", "refused
   to resume") is evidence that the channel is still closed; a hedge ("could
   suspend") drops the cue. A cue whose sentence names no channel but is
   followed by "cooperation", "it", … speaks of the previous sentence's channel.
2. occurred CONSULT events between holders of the channel's offices (a meeting
   of defence ministers shows the military channel in use).

Each cue is dated by the temporal expression of its sentence nearest to it
(`dyadwatch.time.tag_timexes`, anchored on the article's date), else by its
event's date when the event was dated from the text, else by the article's
date ("as of"). A date after the article's is a plan, not a state: the article
date is kept. States then follow in date order; an `open` after a closed state
is a resumption, and "still closed" keeps the closed state it continues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dyadwatch.relate import (
    ArticleText,
    Record,
    code_counts,
    codes_named,
    date_start,
    load_yaml,
    record_dyads,
    split_sentences,
)

CLOSED = ("suspended", "frozen")
STILL_CLOSED = "still_closed"
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_WORD = re.compile(r"[\w'’-]+")
# Same-day order: an undated statement ("as of" its article) before a dated one.
_SOURCE_RANK = {"article": 0, "timex": 1, "event": 2}
Tagger = Callable[[str, str | None], list[Any]]


@dataclass(frozen=True)
class ChannelDef:
    name: str
    label: str
    names: re.Pattern[str]
    offices: tuple[re.Pattern[str], ...]
    match: str  # both | either


@dataclass(frozen=True)
class ChannelLexicon:
    channels: tuple[ChannelDef, ...]
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    request: re.Pattern[str]
    negation: re.Pattern[str]
    hedge: re.Pattern[str]
    multilateral: re.Pattern[str]
    anaphora: re.Pattern[str]
    window: int
    reach: int

    def label(self, name: str) -> str:
        return next((c.label for c in self.channels if c.name == name), name)


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    patterns = list(patterns)
    for p in patterns:
        if not isinstance(p, str):  # an unquoted "(?: x)" in YAML reads as a mapping
            raise ValueError(f"channels.yaml: pattern {p!r} is not a string: quote it")
    alts = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_channels() -> ChannelLexicon:
    raw = load_yaml("channels.yaml")
    channels = tuple(
        ChannelDef(
            name=name, label=spec["label"], names=_words(spec["names"]),
            offices=tuple(re.compile(p, re.IGNORECASE)
                          for p in (spec.get("meetings") or {}).get("offices", [])),
            match=(spec.get("meetings") or {}).get("match", "both"),
        )
        for name, spec in raw["channels"].items()
    )  # fmt: skip
    return ChannelLexicon(
        channels=channels,
        cues=tuple((state, _words(pats)) for state, pats in raw["cues"].items()),
        request=_words(raw["request"]), negation=_words(raw["negation"]),
        hedge=_words(raw["hedge"]), anaphora=re.compile(raw["anaphora"], re.IGNORECASE),
        multilateral=re.compile(raw["multilateral"], re.IGNORECASE),
        window=int(raw["window"]), reach=int(raw["reach"]),
    )  # fmt: skip


# -- one sentence -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    kind: str  # suspended | frozen | resumed | open | still_closed
    start: int
    end: int
    text: str


def _before(sentence: str, start: int, words: int) -> str:
    head = sentence[:start]
    # The window stops at a clause break: "after suspending it; they refused" is two claims.
    head = re.split(r"[;:()\[\]—]", head)[-1]
    return " ".join(_WORD.findall(head)[-words:])


def _modality(kind: str, before: str, lex: ChannelLexicon) -> str | None:
    if lex.hedge.search(before):
        return None
    denied = bool(lex.negation.search(before))
    if kind in ("resumed", "open"):
        return STILL_CLOSED if denied or lex.request.search(before) else kind
    return None if denied else kind


def find_cues(sentence: str, lex: ChannelLexicon | None = None) -> list[Cue]:
    """State cues of a sentence, with their modality applied; overlapping cues keep the first."""
    lex = lex or load_channels()
    found: list[Cue] = []
    for kind, pattern in lex.cues:
        for m in pattern.finditer(sentence):
            if any(c.start < m.end() and m.start() < c.end for c in found):
                continue
            real = _modality(kind, _before(sentence, m.start(), lex.window), lex)
            if real:
                found.append(Cue(real, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda c: c.start)


def find_channels(sentence: str, lex: ChannelLexicon | None = None) -> list[tuple[str, int, int]]:
    """(channel, start, end) of each bilateral channel named in a sentence."""
    lex = lex or load_channels()
    found = [
        (c.name, m.start(), m.end())
        for c in lex.channels
        for m in c.names.finditer(sentence)
        if not lex.multilateral.search(sentence[max(0, m.start() - 30) : m.start()])
    ]
    return sorted(found, key=lambda x: x[1])


def _gap(sentence: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Words between two spans (0 when they touch or overlap)."""
    lo, hi = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    return len(_WORD.findall(sentence[lo:hi])) if hi > lo else 0


def link_cues(
    sentence: str, cues: list[Cue], names: list[tuple[str, int, int]], reach: int
) -> list[tuple[str, Cue]]:
    """Each cue speaks of its nearest channel; a channel with no cue of its own takes its
    nearest one ("suspended military talks and climate dialogue" holds for both)."""
    links: set[tuple[str, Cue]] = set()
    for cue in cues:
        near = [(_gap(sentence, (cue.start, cue.end), (s, e)), n) for n, s, e in names]
        near = [x for x in near if x[0] <= reach]
        if near:
            links.add((min(near)[1], cue))
    for name, s, e in names:
        if any(n == name for n, _ in links) or not cues:
            continue
        best = min(cues, key=lambda c: _gap(sentence, (c.start, c.end), (s, e)))
        if _gap(sentence, (best.start, best.end), (s, e)) <= reach:
            links.add((name, best))
    return sorted(links, key=lambda x: (x[1].start, x[0]))


def anaphoric(sentence: str, cue: Cue, lex: ChannelLexicon) -> bool:
    return bool(lex.anaphora.match(sentence[cue.end :].lstrip()))


# -- dating -----------------------------------------------------------------------------------


def timex_date(value: str) -> str | None:
    m = _DATE.match(value or "")
    return m.group(0) if m else None


def date_cues(
    cues: list[Cue], timexes: list[Any], fallback: tuple[str | None, str], published: str | None
) -> dict[Cue, tuple[str | None, str]]:
    """Each temporal expression dates the cue nearest to it; the others take the fallback."""
    dated: dict[Cue, tuple[str | None, str]] = {c: fallback for c in cues}
    for tx in timexes:
        value = timex_date(getattr(tx, "value", ""))
        if not value or not cues:
            continue
        cue = min(cues, key=lambda c: abs((c.start + c.end) / 2 - (tx.start + tx.end) / 2))
        if published and value[:10] > published[:10]:
            continue  # "will resume in November": a plan; the report date stands
        dated[cue] = (value, "timex")
    return dated


def default_tagger() -> Tagger:
    from dyadwatch.time import tag_timexes

    return tag_timexes


# -- evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    channel: str
    kind: str
    date: str | None
    date_source: str  # timex | event | article
    sentence: str
    article_id: str | None
    published: str | None
    cue: str
    via: str  # event | article | meeting
    position: int = 0  # the cue's offset in its article, to count a cue once

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel, "kind": self.kind, "date": self.date,
            "date_source": self.date_source, "sentence": self.sentence.strip(),
            "article_id": self.article_id, "published": self.published, "cue": self.cue,
            "via": self.via,
        }  # fmt: skip


@dataclass
class SentenceContext:
    article_id: str | None
    published: str | None
    offset: int = 0
    fallback: tuple[str | None, str] = (None, "article")
    via: str = "article"
    previous: tuple[str, ...] = ()  # channels the sentence before spoke of


def sentence_evidence(
    sentence: str, ctx: SentenceContext, tagger: Tagger | None = None,
    lex: ChannelLexicon | None = None,
) -> list[Evidence]:  # fmt: skip
    """The channel states one sentence reports."""
    lex = lex or load_channels()
    names = find_channels(sentence, lex)
    if not names and len(ctx.previous) != 1:
        return []  # names are rarer than cue words ("open", "set up"): look for them first
    cues = find_cues(sentence, lex)
    if not cues:
        return []
    links = link_cues(sentence, cues, names, lex.reach)
    if not names and len(ctx.previous) == 1:
        links = [(ctx.previous[0], c) for c in cues if anaphoric(sentence, c, lex)]
    if not links:
        return []
    timexes = (tagger or default_tagger())(sentence, ctx.published)
    # The event's own date stands in only when the sentence has no date of its own: when
    # it has, the event was dated by it, and that date belongs to the cue nearest to it.
    own = any(timex_date(getattr(tx, "value", "")) for tx in timexes)
    fallback = ctx.fallback if ctx.fallback[0] and not own else (ctx.published, "article")
    dates = date_cues([c for _, c in links], timexes, fallback, ctx.published)
    return [
        Evidence(name, cue.kind, dates[cue][0], dates[cue][1], sentence, ctx.article_id,
                 ctx.published, cue.text, ctx.via, ctx.offset + cue.start)
        for name, cue in links
    ]  # fmt: skip


def _holds(side: list[Record], ch: ChannelDef) -> list[bool]:
    people = [s for s in side if s.get("kind") == "person" or s.get("office")]
    return [any(p.search(s.get("office") or "") for p in ch.offices) for s in people]


def meeting_evidence(record: Record, lex: ChannelLexicon | None = None) -> list[Evidence]:
    """An occurred meeting between holders of a channel's offices shows it open."""
    lex = lex or load_channels()
    if record["event"] != "CONSULT" or record["status"] != "occurred" or not record["date"]:
        return []
    out = []
    for ch in lex.channels:
        if not ch.offices:
            continue
        sides = [_holds(record["actor"], ch), _holds(record.get("recipient") or [], ch)]
        if ch.match == "both":
            ok = all(side and all(side) for side in sides)
        else:
            ok = any(any(side) for side in sides)
        if ok:
            m = record["mentions"][0]
            out.append(Evidence(ch.name, "open", record["date"], "event", m["sentence"],
                                m["article_id"], m.get("published"), record["event_text"],
                                "meeting", m.get("start", 0)))  # fmt: skip
    return out


def event_evidence(record: Record, tagger: Tagger, lex: ChannelLexicon) -> Iterator[Evidence]:
    dated = record.get("date_source") in ("timex", "context") and record.get("date")
    for m in record["mentions"]:
        fallback = (record["date"], "event") if dated else (m.get("published"), "article")
        ctx = SentenceContext(m["article_id"], m.get("published"), m.get("start", 0),
                              fallback, "event")  # fmt: skip
        yield from sentence_evidence(m["sentence"], ctx, tagger, lex)
    yield from meeting_evidence(record, lex)


def about_dyad(sentence: str, a: str, b: str, article: Counter[str] | None = None) -> bool:
    """Whether an article sentence may speak of A–B. It does when it names both; not when
    it names a third state ("a resumption of Sino-U.S. military exchanges" is not China–
    Taiwan's). A sentence naming one side, or none, borrows the article's focus: the other
    side must be the most named counterpart of the one it names (of the article's two most
    named states when it names none); without the article's counts, it is given the benefit."""
    named = codes_named(sentence)
    if {a, b} <= named:
        return True
    if named - {a, b}:
        return False
    if article is None:
        return True
    if named:
        (side,) = named
        other = b if side == a else a
        return _among_top(other, Counter({k: v for k, v in article.items() if k != side}))
    ranked = sorted(article.values(), reverse=True)
    second = ranked[1] if len(ranked) > 1 else 0
    return min(article.get(a, 0), article.get(b, 0)) >= max(second, 1)


def _among_top(code: str, counts: Counter[str]) -> bool:
    most = max(counts.values(), default=0)
    return most > 0 and counts.get(code, 0) == most


def article_evidence(
    article: ArticleText, tagger: Tagger, lex: ChannelLexicon, dyad: tuple[str, str]
) -> Iterator[Evidence]:
    previous: tuple[str, ...] = ()
    counts: Counter[str] | None = None
    for offset, sentence in split_sentences(article.text):
        ctx = SentenceContext(article.id, article.published, offset, previous=previous)
        found = sentence_evidence(sentence, ctx, tagger, lex)
        if found:
            counts = code_counts(article.text) if counts is None else counts
            if not about_dyad(sentence, *dyad, counts):
                found = []
        previous = tuple(sorted({e.channel for e in found}))
        yield from found


def collect_evidence(
    records: Iterable[Record], articles: Iterable[ArticleText], a: str, b: str,
    tagger: Tagger | None = None,
) -> list[Evidence]:  # fmt: skip
    """Evidence from the dyad's events first, then from article sentences no event covered."""
    lex, tag = load_channels(), tagger or default_tagger()
    seen: set[tuple[Any, ...]] = set()
    out: list[Evidence] = []

    def keep(found: Iterable[Evidence]) -> None:
        # One cue is one piece of evidence, whether an event mention or the article scan
        # found it: same place in the article, or same words in the same article.
        for ev in found:
            keys = {
                (ev.article_id, ev.channel, ev.position),
                (ev.article_id, ev.channel, ev.kind, " ".join(ev.sentence.split())),
            }
            if not keys & seen:
                seen.update(keys)
                out.append(ev)

    for record in records:
        if record_dyads(record) & {(a, b), (b, a)}:
            keep(event_evidence(record, tag, lex))
    for article in articles:
        keep(article_evidence(article, tag, lex, (a, b)))
    return out


# -- the board --------------------------------------------------------------------------------


@dataclass
class Segment:
    state: str
    start: str | None
    end: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ChannelTrack:
    channel: str
    label: str
    segments: list[Segment]

    @property
    def state(self) -> str:
        return self.segments[-1].state if self.segments else "unknown"

    def to_dict(self) -> dict[str, Any]:
        last = self.segments[-1] if self.segments else None
        return {
            "channel": self.channel, "label": self.label, "state": self.state,
            "since": last.start if last else None,
            "segments": [
                {"state": s.state, "start": s.start, "end": s.end,
                 "evidence": [e.to_dict() for e in s.evidence]}
                for s in self.segments
            ],
        }  # fmt: skip


def next_state(kind: str, current: str | None) -> str:
    if kind == STILL_CLOSED:
        return current if current in CLOSED else "frozen"
    if kind == "open" and current in (*CLOSED, "resumed"):
        return "resumed"  # used again after a stop: a resumption
    return kind


def build_track(name: str, label: str, evidence: Iterable[Evidence]) -> ChannelTrack:
    dated = [e for e in evidence if e.date]
    dated.sort(key=lambda e: (date_start(e.date or ""), _SOURCE_RANK.get(e.date_source, 0)))
    segments: list[Segment] = []
    for ev in dated:
        state = next_state(ev.kind, segments[-1].state if segments else None)
        if segments and segments[-1].state == state:
            segments[-1].evidence.append(ev)
            continue
        if segments:
            segments[-1].end = ev.date
        segments.append(Segment(state, ev.date, evidence=[ev]))
    return ChannelTrack(name, label, segments)


def channel_board(evidence: Iterable[Evidence]) -> list[ChannelTrack]:
    """One track per channel of channels.yaml (in its order), with or without evidence."""
    lex = load_channels()
    by_channel: dict[str, list[Evidence]] = {}
    for ev in evidence:
        by_channel.setdefault(ev.channel, []).append(ev)
    return [build_track(c.name, c.label, by_channel.get(c.name, [])) for c in lex.channels]
