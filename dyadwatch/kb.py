"""The actor knowledge base: states, IGOs, state institutions, persons with dated offices.

Everything comes from the data files in `dyadwatch/data/` (countries, igos, institutions,
persons, titles, groups, occupations, cities); `load_kb()` reads them once per process.
Actors the text teaches ("Commerce Secretary Gina Raimondo", "Yun Sun, a scholar at the
Stimson Center") are added with `KnowledgeBase.add_learned`, so later articles reuse them.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import DyadwatchError
from dyadwatch.models import Actor

SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "INT": "intelligence", "LEG": "legislature",
    "JUD": "judiciary", "COP": "police", "BUS": "business", "MED": "media", "EDU": "academia",
    "CVL": "civilians", "ELI": "elites", "IGO": "organisation", "NGO": "non-governmental body",
    "INS": "insurgents", "OPP": "opposition", "LAB": "labour", "AGR": "farmers",
    "HLH": "health workers", "ETH": "ethnic group", "REL": "religious group",
}  # fmt: skip
MISSPELT_MIN = 6  # "Quatar": shorter names are too close to other words to repair
MISSPELT_CUTOFF = 0.85  # difflib ratio: one slip in a 7-10 letter name
# Real places one slip from a state's name (checked against US states, provinces and regions)
NOT_MISSPELT = frozenset({"Columbia"})
NAME_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated: "Antony J. Blinken" -> "antony-j-blinken"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _day(value: Any, *, end: bool = False) -> str | None:
    """A YAML date, "YYYY-MM" or "YYYY" as a full ISO day; ends pad to the period's last day."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31" if end else f"{text}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-31" if end else f"{text}-01"  # string comparison only: -31 is safe
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    raise ValueError(f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY")


@dataclass(frozen=True)
class Office:
    code: str
    sector: str
    title: str
    start: str | None
    end: str | None
    roles: frozenset[str]

    def active(self, day: str | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    short: tuple[str, ...]
    offices: list[Office]
    code: str = ""
    sector: str | None = None  # for learned persons without dated offices
    office_text: str | None = None  # learned: "scholar, Stimson Center"
    learned: bool = False

    def offices_at(self, day: str | None) -> list[Office]:
        return [o for o in self.offices if o.active(day)]

    def has_role(self, role: str, day: str | None) -> bool:
        return any(role in o.roles for o in self.offices_at(day))


@dataclass
class State:
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    prefixes: tuple[str, ...]
    capital: str | None
    capital_metonym: bool


# Words around a place name that do not change which country it lies in (kb.place_code).
REGION_WORDS = frozenset({"province", "region", "state", "district", "county", "territory",
                          "enclave", "governorate", "prefecture", "area"})  # fmt: skip
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern",
                           "western", "central", "upper", "lower"})  # fmt: skip


@dataclass
class Target:
    """What a surface string in the text may denote."""

    kind: str  # state | adj | prefix | capital | city | igo | inst | person
    key: str  # ISO3, IGO code, institution slug or person id


@dataclass(eq=False)
class KnowledgeBase:
    states: dict[str, State] = field(default_factory=dict)
    igos: dict[str, dict[str, Any]] = field(default_factory=dict)
    institutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    shorts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    role_phrases: dict[str, str] = field(default_factory=dict)  # lowercase phrase -> role
    plural_phrases: dict[str, str] = field(default_factory=dict)
    role_sectors: dict[str, str] = field(default_factory=dict)
    implies: dict[str, list[str]] = field(default_factory=dict)
    not_current: frozenset[str] = frozenset()
    lower_office: frozenset[str] = frozenset()
    honorifics: dict[str, str | None] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    occupations: dict[str, str] = field(default_factory=dict)
    version: int = 0  # bumped on every change, so matchers built from it can be rebuilt
    _derived: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False)
    _roles: dict[str, list[tuple[Person, Office]]] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=0, repr=False)  # persons in `_roles` so far
    matchers: dict[str, Any] = field(default_factory=dict, repr=False)  # grown, not rebuilt

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """A value computed from the KB (a word set, a matcher), rebuilt after a change."""
        slot = (key, self.version)
        if slot not in self._derived:
            self._derived = {k: v for k, v in self._derived.items() if k[1] == self.version}
            self._derived[slot] = build()
        return self._derived[slot]

    # ------------------------------------------------------------------ actors
    def state_actor(self, code: str) -> Actor:
        state = self.states[code]
        return Actor(id=code, name=state.name, code=code, kind="state")

    def sector_actor(self, code: str, sector: str) -> Actor:
        if sector == "STATE":
            return self.state_actor(code)
        state = self.states[code]
        label = state.adjectives[0] if state.adjectives else state.name  # "Chinese military"
        name = f"{label} {SECTOR_NAMES.get(sector, sector.lower())}"
        return Actor(id=f"{code}.{sector}", name=name, code=code, kind="group", sector=sector)

    def igo_actor(self, code: str) -> Actor:
        igo = self.igos[code]
        return Actor(
            id=f"IGO.{code}", name=igo["name"], code=code, kind="igo", sector=igo["sector"]
        )

    def institution_actor(self, slug: str) -> Actor:
        inst = self.institutions[slug]
        return Actor(
            id=f"inst:{slug}", name=inst["name"], code=inst["code"], kind="institution",
            sector=inst["sector"],
        )  # fmt: skip

    def person_actor(self, person_id: str, day: str | None) -> Actor:
        """The person with the office held at `day` (first listed wins when several)."""
        person = self.persons[person_id]
        current = person.offices_at(day)
        if current:
            office = current[0]
            return Actor(person.id, person.name, office.code, "person", office.sector, office.title)
        if person.learned:
            return Actor(person.id, person.name, person.code, "person", person.sector,
                         person.office_text)  # fmt: skip
        # A known person out of office: a former official is an elite, not a state actor
        # (CAMEO's ELI), so the event stage does not code them as the government.
        sector = "ELI" if person.offices else None
        return Actor(person.id, person.name, person.code, "person", sector, None)

    def target_actor(self, target: Target, day: str | None) -> Actor | None:
        if target.kind in ("state", "adj", "prefix"):
            return self.state_actor(target.key)
        if target.kind == "capital":
            return self.sector_actor(target.key, "GOV")
        if target.kind == "igo":
            return self.igo_actor(target.key)
        if target.kind == "inst":
            return self.institution_actor(target.key)
        if target.kind == "person":
            return self.person_actor(target.key, day)
        return None  # cities are places, not actors

    # ------------------------------------------------------------------ roles
    def roles_of_title(self, title: str) -> frozenset[str]:
        """Role keys named by an office title, longest phrase first, deputies excluded."""
        words = title.lower().replace(",", " ").split()
        roles: set[str] = set()
        i = 0
        while i < len(words):
            for n in range(min(6, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + n])
                role = self.role_phrases.get(phrase)
                if role and not (i > 0 and words[i - 1] in self.lower_office):
                    roles.add(role)
                    i += n - 1
                    break
            i += 1
        if "secretary" in words and not roles & {"general_secretary", "spokesperson"}:
            if not (words.index("secretary") > 0 and words[words.index("secretary") - 1]
                    in self.lower_office):  # fmt: skip
                roles.add("secretary")
        for role in list(roles):
            roles.update(self.implies.get(role, []))
        return frozenset(roles)

    def holders(self, role: str, day: str | None, code: str | None = None) -> list[Person]:
        """Persons holding `role` at `day`, optionally only for state/IGO `code`."""
        return self._holding(role, code, lambda office: office.active(day))

    def _holding(
        self, role: str, code: str | None, when: Callable[[Office], bool]
    ) -> list[Person]:
        """Persons with an office of `role` (for `code`, if given) that `when` accepts, each
        once, in the order of `persons`."""
        found: list[Person] = []
        for person, office in self._role_index().get(role, ()):
            if (code is None or office.code == code) and when(office):
                if not found or found[-1] is not person:
                    found.append(person)
        return found

    def _role_index(self) -> dict[str, list[tuple[Person, Office]]]:
        """role -> (person, office) in the order of `persons`: `holders` scanned every person
        at each call (a third of a second per 400 wire stories). Persons are only ever
        added, so the index is extended with the ones added since it was last read."""
        if len(self.persons) != self._indexed:
            for person in itertools.islice(self.persons.values(), self._indexed, None):
                for office in person.offices:
                    for role in office.roles:
                        self._roles.setdefault(role, []).append((person, office))
            self._indexed = len(self.persons)
        return self._roles

    def holders_ever(self, role: str, code: str | None = None) -> list[Person]:
        """Persons who held `role` at any time, optionally only for state/IGO `code`."""
        return self._holding(role, code, lambda office: True)

    def state_name_code(self, text: str) -> str | None:
        """ISO3 of a state named, adjectived or abbreviated by `text`, else None."""
        for target in self.aliases.get(text, []):
            if target.kind in ("state", "adj"):
                return target.key
        return None

    def place_code(self, name: str) -> str | None:
        """The country of a place the actors stage leaves unresolved (cities are places, not
        actors): "Darfur", "Tyre", "Montenegro province", "West Darfur State", "South
        Lebanon". Generic region words and compass words are dropped to find the name."""
        words = name.split()[1:] if name.lower().startswith("the ") else name.split()
        tries = [words]
        if len(words) > 1 and words[-1].lower() in REGION_WORDS:
            words = words[:-1]
            tries.append(words)
        if len(words) > 1 and words[0].lower() in COMPASS_WORDS:
            tries.append(words[1:])
        for tried in tries:
            if code := self.city_or_state_code(" ".join(tried)):
                return code
        return None

    def city_or_state_code(self, text: str) -> str | None:
        """ISO3 of the state `text` names, or of the country of the city it names."""
        return self.cities.get(text) or self.state_name_code(text)

    def misspelt_state(self, text: str, label: str) -> Actor | None:
        """The one state whose name `text`, a place entity (GPE), misspells ("Afganistan",
        "Quatar"), else None. Names under MISSPELT_MIN letters are never repaired: one slip
        turns too many other words into them."""
        if label != "GPE" or len(text) < MISSPELT_MIN or text in self.aliases:
            return None
        if text in NOT_MISSPELT:  # District of Columbia, British Columbia, Columbia, S.C.
            return None
        names = self.derived("state_names", lambda: {
            n: c for c, s in self.states.items() for n in (s.name, *s.aliases) if " " not in n
        })  # fmt: skip
        close = difflib.get_close_matches(text, list(names), n=2, cutoff=MISSPELT_CUTOFF)
        codes = {names[n] for n in close if n[:1] == text[:1]}
        return self.state_actor(codes.pop()) if len(codes) == 1 else None

    # ------------------------------------------------------------------ learning
    def add_learned(self, actor: Actor, aliases: list[str]) -> None:
        """Add an actor the text taught (a person or organisation); its aliases match later."""
        if actor.kind != "person" or len(actor.name.split()) < 2:
            # Only people, and by full name: a lone word ("Brinken") may be a misspelling that
            # would shadow the real person in every later article.
            return
        person = self.persons.get(actor.id)
        if person is None:
            person = Person(
                id=actor.id, name=actor.name, aliases=(), short=(), offices=[],
                code=actor.code, sector=actor.sector, office_text=actor.office, learned=True,
            )  # fmt: skip
            self.persons[actor.id] = person
            self._index_person(person, [actor.name])
        elif person.learned and actor.office and not person.office_text:
            person.office_text, person.sector, person.code = actor.office, actor.sector, actor.code
        new = [a for a in aliases if a and a not in person.aliases and a != person.name]
        if new:
            person.aliases = person.aliases + tuple(new)
            self._index_person(person, new)
        self.version += 1

    def _index_person(self, person: Person, names: list[str]) -> None:
        for name in names:
            if person.id not in [t.key for t in self.aliases[name]]:
                self.aliases[name].append(Target("person", person.id))
        words = [w for w in person.name.split() if w not in NAME_SUFFIXES]
        if words and person.id not in self.surnames[words[-1]]:
            self.surnames[words[-1]].append(person.id)
        for short in person.short:
            if person.id not in self.shorts[short]:
                self.shorts[short].append(person.id)
            if " " in short and person.id not in [t.key for t in self.aliases[short]]:
                # "de Klerk", "Ben Bella": a short form of two words is matched as a name
                self.aliases[short].append(Target("person", person.id))


# ---------------------------------------------------------------------- loading
def _read(name: str) -> Any:
    try:
        return read_yaml(name)
    except (OSError, yaml.YAMLError) as exc:
        raise DyadwatchError(
            f"knowledge base file dyadwatch/data/{name} cannot be read ({exc}): "
            "reinstall the package or fix the YAML"
        ) from exc


def _load_states(kb: KnowledgeBase, data: dict[str, dict[str, Any]]) -> None:
    for code, row in data.items():
        state = State(
            code=code, name=row["name"], aliases=tuple(row.get("aliases", [])),
            adjectives=tuple(row.get("adj", [])), prefixes=tuple(row.get("prefix", [])),
            capital=row.get("capital"), capital_metonym=row.get("capital_metonym", True),
        )  # fmt: skip
        kb.states[code] = state
        for alias in (state.name, *state.aliases):
            kb.aliases[alias].append(Target("state", code))
        for adj in state.adjectives:
            kb.aliases[adj].append(Target("adj", code))
        for prefix in state.prefixes:
            kb.aliases[prefix].append(Target("prefix", code))
        if state.capital and state.capital_metonym and state.capital != state.name:
            kb.aliases[state.capital].append(Target("capital", code))
        if state.capital:
            kb.cities.setdefault(state.capital, code)


def _load_persons(kb: KnowledgeBase, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        offices = []
        for item in row.get("offices", []):
            code, sector, title, start, end = item[:5]
            extra = item[5] if len(item) > 5 else []
            roles = kb.roles_of_title(title) | frozenset(extra)
            for role in extra:
                roles |= frozenset(kb.implies.get(role, []))
            offices.append(Office(code, sector, title, _day(start), _day(end, end=True), roles))
        name = row["name"]
        words = [w for w in name.split() if w not in NAME_SUFFIXES]
        short = tuple(row["short"]) if "short" in row else (words[-1],)
        person = Person(
            id=f"person:{slugify(name)}", name=name, aliases=tuple(row.get("aliases", [])),
            short=short, offices=offices, code=offices[0].code if offices else "",
        )  # fmt: skip
        if person.id in kb.persons:
            raise DyadwatchError(f"persons.yaml: {name} is listed twice: merge the entries")
        kb.persons[person.id] = person
        kb._index_person(person, [name, *person.aliases])


def _load_roles(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for role, row in data["roles"].items():
        kb.role_sectors[role] = row.get("sector", "GOV")
        for phrase in row["phrases"]:
            kb.role_phrases[phrase.lower()] = role
        for phrase in row.get("plural", []):
            kb.plural_phrases[phrase.lower()] = role
    kb.not_current = frozenset(data.get("not_current", []))
    kb.lower_office = frozenset(data.get("lower_office", []))
    kb.implies = {k: list(v) for k, v in data.get("implies", {}).items()}
    kb.honorifics = dict(data.get("honorifics", {}))


def build_kb() -> KnowledgeBase:
    """A fresh knowledge base from the data files (use `load_kb` for the cached one)."""
    kb = KnowledgeBase()
    _load_roles(kb, _read("titles.yaml"))
    _load_states(kb, _read("countries.yaml"))
    for code, row in _read("igos.yaml").items():
        kb.igos[code] = {"name": row["name"], "sector": row.get("sector", "IGO")}
        for alias in {row["name"], *row.get("aliases", [])}:
            kb.aliases[alias].append(Target("igo", code))
    for slug, row in _read("institutions.yaml").items():
        kb.institutions[slug] = row
        for alias in {row["name"], *row.get("aliases", [])}:
            kb.aliases[alias].append(Target("inst", slug))
    _load_persons(kb, _read("persons.yaml"))
    _load_persons(kb, _read("persons_history.yaml"))  # 1980-2016 office holders
    for name, code in _read("cities.yaml").items():
        kb.cities[name] = code
    for name, code in kb.cities.items():
        if not kb.aliases.get(name):
            kb.aliases[name].append(Target("city", code))
    kb.groups = {k.lower(): v for k, v in _read("groups.yaml").items()}
    kb.occupations = {k.lower(): v for k, v in _read("occupations.yaml").items()}
    return kb


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The knowledge base, read once per process.

    Shared within the process: learned actors added with `add_learned` are seen by every caller.
    """
    return build_kb()
