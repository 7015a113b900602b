"""Records passed between pipeline stages.

Each stage takes what it needs from these records and returns its own output;
offsets (`start`, `end`) always refer to `Article.text`, the cleaned body text,
so every stored fact can be traced back to the characters that support it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
STATUSES = ("occurred", "planned", "hypothetical", "negated")
PRECISIONS = ("day", "month", "year", "unknown")


@dataclass
class RawArticle:
    """One article as read from its source, before cleaning."""

    source: str  # "dir/file.txt", "feed.jsonl:12", "<stdin>"
    text: str | None = None  # plain text, already decoded
    html: str | None = None
    id: str | None = None  # the input's own id (JSONL `id`, or the file stem)
    published: str | None = None  # as given by metadata; ISO 8601 date preferred
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass
class Rejection:
    """An input that could not become an article: data, not a silent None."""

    source: str
    stage: str  # "read", "clean", "date", "nlp", ...
    reason: str
    line: int | None = None


@dataclass
class Article:
    """A cleaned article; the unit of work of the pipeline."""

    id: str
    source: str
    text: str  # cleaned body; all offsets refer to this string
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    date_source: str = "none"  # metadata | header | dateline | text | none
    outlet: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    header_dates: list[str] = field(default_factory=list)  # dates seen in page furniture
    removed: list[str] = field(default_factory=list)  # boilerplate lines taken out
    flags: list[str] = field(default_factory=list)  # e.g. "header_date_contradicted"
    content_hash: str = ""
    raw_hash: str = ""  # hash of the input as read (pipeline.raw_key): re-reads skip early


@dataclass
class Timex:
    """A temporal expression with its TIMEX3 value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2023-06-19, 2023-06, P2D, PRESENT_REF, XXXX-XX-XXTMO
    precision: str = "unknown"  # day | week | month | quarter | season | year | decade | unknown
    mod: str | None = None  # TimeML mod: START, MID, END, APPROX, ...
    # a DURATION counted from a date the text names ("three days later": P3D) reaches
    # this date, as TimeML links it to its anchor; None for every other expression
    points_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "text": self.text,
            "type": self.type, "value": self.value, "precision": self.precision,
            "mod": self.mod, "points_to": self.points_to,
        }  # fmt: skip


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a state, a state institution, an IGO, a person or a group."""

    id: str  # stable key: "USA", "USA.GOV", "IGO.NATO", "person:antony-blinken"
    name: str
    code: str  # ISO 3166 alpha-3 for states, short code for IGOs ("UN", "NATO")
    kind: str  # state | institution | igo | person | group
    sector: str | None = None  # GOV, MIL, INT, LEG, JUD, BUS, MED, EDU, CVL, ...
    office: str | None = None  # office held at the article's date, for persons


@dataclass
class ActorMention:
    """A span of the article text that refers to an actor."""

    start: int
    end: int
    text: str
    label: str  # spaCy NER label, or KB / TITLE / COREF / DEMONYM
    actor: Actor | None  # None: an entity we could not resolve
    how: str = "alias"  # alias | title | coref | fuzzy | learned | demonym | ner

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor
        return {
            "start": self.start, "end": self.end, "text": self.text, "label": self.label,
            "actor_id": actor.id if actor else None,
            "name": actor.name if actor else None,
            "code": actor.code if actor else None,
            "kind": actor.kind if actor else None,
            "sector": actor.sector if actor else None,
            "office": actor.office if actor else None,
            "how": self.how,
        }  # fmt: skip


@dataclass
class Place:
    name: str
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class EventMention:
    """One report, in one sentence, of one event."""

    event: str  # one of EVENT_TYPES
    actors: list[ActorMention]
    recipients: list[ActorMention]
    trigger: str  # the words that express the event ("met", "imposed sanctions")
    trigger_start: int
    trigger_end: int
    sentence: str
    sent_start: int
    sent_end: int
    status: str = "occurred"  # one of STATUSES
    mode: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    date: str | None = None  # ISO date cut to its precision
    date_precision: str = "unknown"  # day | month | year | unknown
    date_end: str | None = None  # end of a range or duration ("a three-day visit")
    date_source: str = "article"  # timex | context | article
    date_text: str | None = None  # the temporal expression that dated it
    place: Place | None = None
    quote: str | None = None
    cameo: str | None = None  # CAMEO root code
    quad_code: int = 0  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    event_scale: float = 0.0  # Goldstein-style score, -10..+10
    # Where the sentence stands: "body" (offsets into Article.text) or "caption:N"
    # (offsets into Article.captions[N]); captions carry exact dates ("Bali, November 14").
    section: str = "body"
