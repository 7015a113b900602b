"""Where an event happened: a small gazetteer and the parse rule that ties a place to it.

"met Xi in Beijing", "at the Great Hall of the People", "on the sidelines of the G20
summit in Bali", "Wang's visit to Washington": a place counts for an event when it is
the object of a locative preposition (in, at, near, inside; "to" for visits) whose
chain of heads reaches the event's trigger or light verb. The gazetteer
(``data/places.yaml``) holds capitals, major cities, countries and venues; a venue keeps
its own name ("Great Hall of the People") with its city's country and coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.tokens import Span, Token

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import DyadwatchError
from dyadwatch.models import Place

LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "into", "across", "throughout"})
RANK = {"venues": 4, "regions": 3, "cities": 2, "countries": 1}  # more specific wins


@dataclass(frozen=True)
class Entry:
    place: Place
    rank: int


@dataclass
class Gazetteer:
    entries: dict[str, Entry]  # lower-cased name -> entry
    pattern: re.Pattern[str]

    def lookup(self, name: str) -> Place | None:
        """The place a name refers to, or None ("the Great Hall of the People" works)."""
        entry = self.entries.get(_key(name))
        return entry.place if entry else None

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """All gazetteer names in `text` as (start, end, entry), longest names first."""
        return [
            (m.start(), m.end(), self.entries[_key(m.group(0))])
            for m in self.pattern.finditer(text)
        ]


def _key(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip().lower())
    return name[4:] if name.startswith("the ") else name


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read ``data/places.yaml`` (cached per process)."""
    where = "dyadwatch/data/places.yaml"
    try:
        data = read_yaml("places.yaml")
    except (OSError, yaml.YAMLError) as exc:
        raise DyadwatchError(f"{where} cannot be read: {exc}; reinstall the package") from exc
    entries: dict[str, Entry] = {}
    for section, rank in RANK.items():
        for name, row in (data.get(section) or {}).items():
            if not isinstance(row, list) or len(row) < 3:
                raise DyadwatchError(f"{where}: {section}/{name}: expected [ISO3, lat, lon]")
            place = Place(name=str(name), country_code=row[0], lat=float(row[1]), lon=float(row[2]))
            entries[_key(str(name))] = Entry(place, rank)
    for alias, target in (data.get("aliases") or {}).items():
        if _key(str(target)) not in entries:
            raise DyadwatchError(f"{where}: alias {alias!r} points to unknown place {target!r}")
        entries.setdefault(_key(str(alias)), entries[_key(str(target))])
    _add_states(entries)  # after the aliases, so that theirs keep their coordinates
    names = sorted(entries, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    pattern = re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE)
    return Gazetteer(entries=entries, pattern=pattern)


def _add_states(entries: dict[str, Entry]) -> None:
    """Every state of the knowledge base and its aliases as a country-level place, so
    that "in Cambodia" or "in East Timor" place an event although ``places.yaml`` (which
    keeps coordinates) lists only the most-reported countries."""
    from dyadwatch.kb import load_kb

    for code, state in load_kb().states.items():
        for name in (state.name, *state.aliases):
            if name.isupper():  # the gazetteer ignores case: "CAR" would be "in a car"
                continue
            entries.setdefault(
                _key(name), Entry(Place(name=name, country_code=code), RANK["countries"])
            )


@lru_cache(maxsize=256)
def _names_in(text: str) -> tuple[tuple[int, int, Entry], ...]:
    """Gazetteer names in a sentence; cached because every event of a sentence asks."""
    return tuple(load_gazetteer().find(text))


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """Lower-cased names of cities, regions and venues (not countries) in the gazetteer."""
    return frozenset(k for k, e in load_gazetteer().entries.items() if e.rank > RANK["countries"])


def _reaches(token: Token, anchors: set[int], limit: int = 8) -> bool:
    """Whether the chain of heads from `token` meets an event word before a new clause."""
    cur = token
    for _ in range(limit):
        if cur.i in anchors:
            return True
        if cur.dep_ in ("ccomp", "relcl", "parataxis", "advcl") or cur.head is cur:
            return False
        cur = cur.head
    return cur.i in anchors


def _governing_prep(root: Token) -> tuple[Token | None, bool]:
    """The preposition a place name hangs from, and whether the path went through "of"
    ("on the sidelines of the Munich Security Conference")."""
    cur, via_of = root, False
    for _ in range(4):
        head = cur.head
        if cur.dep_ in ("appos", "conj") and head is not cur:
            cur = head  # "in Bali, Indonesia"
            continue
        if cur.dep_ == "pobj" and head.dep_ in ("prep", "dative"):
            if head.lower_ == "of" and head.head.dep_ == "pobj":
                cur, via_of = head.head, True
                continue
            return head, via_of
        return None, via_of
    return None, via_of


def find_place(sent: Span, anchors: list[Token], visit: bool = False) -> Place | None:
    """The place of the event whose trigger words are `anchors`, from one sentence."""
    anchor_ids = {t.i for t in anchors}
    best: tuple[int, int, Place] | None = None
    for start, end, entry in _names_in(sent.text):
        span = sent.doc.char_span(
            sent.start_char + start, sent.start_char + end, alignment_mode="expand"
        )
        if span is None:
            continue
        root = span.root
        prep, via_of = _governing_prep(root)
        ok = False
        word = prep.lower_ if prep is not None else ""
        if prep is not None and (
            word in LOCATIVE or (visit and word == "to") or (via_of and word == "on")
        ):
            ok = _reaches(prep.head, anchor_ids)
        elif visit and root.dep_ in ("dobj", "appos") and root.head.i in anchor_ids:
            ok = True  # "visited Beijing", "Wang Yi's visit Washington" (machine translation)
        if not ok:
            continue
        # the deepest (most specific) place wins, then the more specific kind
        score = (entry.rank, -abs(root.i - anchors[0].i))
        if best is None or score > best[:2]:
            best = (score[0], score[1], entry.place)
    return Place(**vars(best[2])) if best else None
