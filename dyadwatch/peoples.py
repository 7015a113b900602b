"""Non-state groups the actors stage codes with a state: "Hutu rebels", "ethnic Albanians",
"Bosnian Serbs", "Islamic fundamentalists", "rebels in the Ivory Coast".

    people_units(doc, kb, places) -> list[Unit]

CAMEO and PLOVER coders give such a group the state it lives in. The evidence, in order:
a place its phrase names ("Albanians of southern Serbia", "demonstrators in Baghdad"); for an
ethnic group (``data/peoples.yaml``) the one of its states the sentence names ("Hutu rebels
... Burundi's government"), else its first state; for "ethnic <demonym>" a minority living
elsewhere, so another state the sentence names, else the demonym's own; for a group named
by a faith ("Islamic fundamentalists") or an unqualified "rebels" or "protesters", the one
state the sentence names. Two demonyms in a row ("Bosnian Serbs", "Turkish Kurd refugees")
code the first, the state of residence. A group with no state found is no unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from dyadwatch.data_files import read_yaml
from dyadwatch.kb import KnowledgeBase
from dyadwatch.spans import Unit

PLACE_PREPS = frozenset({"in", "of", "from", "inside"})
PLACE_VERBS = frozenset({"based", "operating", "living", "holed"})
DIRECTIONS = frozenset({"the", "southern", "northern", "eastern", "western", "central", "south",
                        "north", "east", "west", "southeastern", "northeastern"})  # fmt: skip
BODY_NOUNS = frozenset({"group", "groups", "movement", "organization", "organisation", "party",
                        "faction", "factions"})  # fmt: skip
STATE_FREE_SECTORS = frozenset({"INS", "OPP"})  # "rebels" alone: the sentence's one state
STATE_KINDS = frozenset({"state", "adj"})
PLURAL = ("NNPS", "NNS")


@dataclass(frozen=True)
class Peoples:
    homes: dict[str, tuple[str, ...]]  # "Hutu" -> (RWA, BDI)
    faiths: frozenset[str]


@lru_cache(maxsize=1)
def load_peoples() -> Peoples:
    data = read_yaml("peoples.yaml")
    homes = {str(k): tuple(v) for k, v in data["peoples"].items()}
    return Peoples(homes, frozenset(data["religions"]))


def _place_code(unit: Unit) -> str | None:
    target = unit.targets[0] if unit.targets else None
    if target is None or target.kind not in ("state", "adj", "capital", "city"):
        return None
    return target.key


def _noun_end(doc: Doc, kb: KnowledgeBase, start: int) -> tuple[int, str | None]:
    """End of the group noun after a group word ("rebel group", "traditional elders") and
    its sector from groups.yaml, if any."""
    end, sector = start, None
    j = start
    while j < len(doc) and j - start < 3 and doc[j].pos_ in ("ADJ", "NOUN") and doc[j].is_lower:
        j += 1
        if doc[j - 1].pos_ == "NOUN":
            end = j
            two = f"{doc[j - 2].lower_} {doc[j - 1].lower_}" if j - 2 >= start else ""
            sector = kb.groups.get(two) or kb.groups.get(doc[j - 1].lower_) or sector
            if doc[j - 1].lower_ in BODY_NOUNS:
                sector = sector or "BODY"
    return end, sector


def _place_after(doc: Doc, end: int, by_start: dict[int, Unit]) -> str | None:
    """ "in Serbia", "of southern Serbia", "based in Trinidad" right after the group."""
    j = end
    if j < len(doc) and doc[j].lower_ in PLACE_VERBS:
        j += 1
    if j >= len(doc) or doc[j].lower_ not in PLACE_PREPS:
        return None
    j = _skip_directions(doc, j + 1, end)
    unit = by_start.get(j)
    if unit is not None and unit.end + 1 < len(doc) and doc[unit.end].text in "-–":
        # "Palestinians of the Israeli-occupied West Bank": the occupier is not the home
        unit = by_start.get(_skip_directions(doc, unit.end + 2, end))
    return _place_code(unit) if unit is not None else None


def _skip_directions(doc: Doc, j: int, end: int) -> int:
    while j < len(doc) and doc[j].lower_ in DIRECTIONS and doc[j].is_lower and j - end < 5:
        j += 1
    return j


def _sentence_states(sent: Span, places: list[Unit], skip: set[int]) -> set[str]:
    return {
        code
        for u in places
        if sent.start <= u.start < sent.end and u.start not in skip
        for code in [_place_code(u)]
        if code
    }


def _one(codes: set[str]) -> str | None:
    return next(iter(codes)) if len(codes) == 1 else None


def people_units(doc: Doc, kb: KnowledgeBase, places: list[Unit]) -> list[Unit]:
    """Units (kind "group") for non-state groups, each with the state that codes it."""
    peoples = load_peoples()
    by_start = {u.start: u for u in places}
    units: list[Unit] = []
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            unit = _read_group(doc, kb, sent, i, by_start, places, peoples)
            if unit is not None:
                units.append(unit)
                i = unit.end
            else:
                i += 1
    return units


def _read_group(
    doc: Doc, kb: KnowledgeBase, sent: Span, i: int, by_start: dict[int, Unit],
    places: list[Unit], peoples: Peoples,
) -> Unit | None:  # fmt: skip
    token = doc[i]
    anchor = by_start.get(i)
    if anchor is not None and {t.kind for t in anchor.targets} & STATE_KINDS:
        return _people_of(doc, anchor, by_start) or _demonym_pair(
            doc, kb, anchor, by_start, peoples
        )
    if token.lower_ == "ethnic":
        inner = by_start.get(i + 1)
        if inner is None or not {t.kind for t in inner.targets} & STATE_KINDS:
            return None
        own = _place_code(inner)
        end, sector = _noun_end(doc, kb, inner.end)
        end = max(end, inner.end)
        code = _place_after(doc, end, by_start) or _one(
            _sentence_states(sent, places, {inner.start}) - {own or ""}
        ) or own  # fmt: skip
        return _unit(i, end, code, sector or "ETH")
    homes = peoples.homes.get(token.text)
    if homes is not None and token.text[:1].isupper():
        end, sector = _noun_end(doc, kb, i + 1)
        end = max(end, i + 1)
        named = _sentence_states(sent, places, set()) & set(homes)
        code = _place_after(doc, end, by_start) or _one(named) or homes[0]
        return _unit(i, end, code, sector or "ETH")
    if token.text in peoples.faiths:
        end, sector = _noun_end(doc, kb, i + 1)
        if sector is None or end == i + 1:
            return None  # "Islamic law", "Christian east Beirut": no group
        code = _place_after(doc, end, by_start) or _one(_sentence_states(sent, places, set()))
        return _unit(i, end, code, sector if sector != "BODY" else "REL")
    sector = kb.groups.get(token.lower_)
    if sector in STATE_FREE_SECTORS and token.tag_ == "NNS" and _bare(doc, i, by_start):
        code = _place_after(doc, i + 1, by_start) or _one(_sentence_states(sent, places, set()))
        return _unit(i, i + 1, code, sector)
    return None


def _bare(doc: Doc, i: int, by_start: dict[int, Unit]) -> bool:
    """ "rebels" with no state word before it ("Rwandan rebels" is read in spans)."""
    j = i - 1
    while j >= 0 and doc[j].pos_ == "ADJ" and i - j < 3:
        j -= 1
    return j < 0 or not any(u.end == j + 1 for u in by_start.values())


def _people_of(doc: Doc, anchor: Unit, by_start: dict[int, Unit]) -> Unit | None:
    """ "the Albanians of southern Serbia": a people named with the state it lives in."""
    plural = any(t.kind == "adj" for t in anchor.targets) and doc[anchor.end - 1].tag_ in PLURAL
    if not plural or anchor.end >= len(doc) or doc[anchor.end].lower_ != "of":
        return None
    code = _place_after(doc, anchor.end, by_start)
    own = _place_code(anchor)
    return _unit(anchor.start, anchor.end, code, "ETH") if code and code != own else None


def _demonym_pair(
    doc: Doc, kb: KnowledgeBase, anchor: Unit, by_start: dict[int, Unit], peoples: Peoples
) -> Unit | None:
    """ "Bosnian Serbs", "Croatian Serb refugees", "Turkish Kurd refugees": the first state."""
    j = anchor.end
    if j >= len(doc) or (j > 0 and doc[j - 1].text in "-–"):
        return None
    second = by_start.get(j)
    if second is not None and {t.kind for t in second.targets} & STATE_KINDS:
        if _place_code(second) == _place_code(anchor) or doc[j].pos_ not in ("PROPN", "NOUN"):
            return None  # "Serbian Serbs" is no pair; "Chinese American" is an adjective
        after = second.end
    elif doc[j].text in peoples.homes:
        after = j + 1
    else:
        return None
    end, sector = _noun_end(doc, kb, after)
    return _unit(anchor.start, max(end, after), _place_code(anchor), sector or "ETH")


def _unit(start: int, end: int, code: str | None, sector: str) -> Unit | None:
    if code is None:
        return None
    return Unit(start, end, "group", "NORP", [], "ETH" if sector == "BODY" else sector, code)
