"""Candidate spans for the actors stage: knowledge-base matches, NER, titles, honorifics.

`candidate_units(doc, kb)` returns non-overlapping `Unit`s in text order, chosen by tiers so
that the more specific reading wins: a known person or institution over spaCy's guess, a
title over the word "State" spaCy calls an ORG, an ORG that merely contains a place name
("Beijing Foreign Studies University") over that place, a place over spaCy's leftovers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from dyadwatch.kb import KnowledgeBase, Target

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
NAMED_THINGS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "PERSON"})
PLACE_KINDS = frozenset({"state", "adj", "prefix", "capital", "city"})
ALWAYS_HONORIFIC = frozenset({"Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "Miss",
                              "Professor", "Prof."})  # fmt: skip
# Words between a state and a group noun that keep the phrase one actor ("Chinese military
# officials", "China's top spy agency").
GROUP_MODIFIERS = frozenset(
    {"top", "senior", "new", "chief", "main", "local", "central", "national", "federal", "own",
     "state", "other", "powerful"}
)  # fmt: skip


# "the two governments" are the two states' governments; "the two officials" are two people.
PLURAL_SIDES = frozenset({"governments", "sides", "militaries", "armies"})


@dataclass
class Unit:
    start: int  # token index
    end: int
    kind: str  # kb | short | honorific | group | title | plural | counterpart | ner
    label: str
    targets: list[Target] = field(default_factory=list)
    sector: str | None = None  # group units
    code: str | None = None  # group units: the state; titles: the state modifier
    role: str | None = None  # titles and plurals
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class _AliasMatcher:
    """The PhraseMatcher over KB aliases, grown in place as the KB learns new names: an
    ingest adds people after every article, and rebuilding 1,600 patterns each time would
    cost more than parsing the article."""

    matcher: PhraseMatcher
    keys: dict[tuple[str, ...], str] = field(default_factory=dict)
    added: set[str] = field(default_factory=set)
    version: int = -1
    make: Callable[[str], Doc] | None = None


def _kb_matcher(doc: Doc, kb: KnowledgeBase) -> tuple[PhraseMatcher, dict[tuple[str, ...], str]]:
    key = f"kb_matcher:{id(doc.vocab)}"
    holder = kb.matchers.get(key)
    if not isinstance(holder, _AliasMatcher):
        holder = _AliasMatcher(PhraseMatcher(doc.vocab, attr="ORTH"))
        kb.matchers[key] = holder
    if holder.version != kb.version:
        if holder.make is None:
            from spacy.lang.en import English

            holder.make = English(vocab=doc.vocab).make_doc  # costly: made once
        make = holder.make
        patterns = []
        for alias, targets in list(kb.aliases.items()):
            if targets and alias not in holder.added:
                pdoc = make(alias)
                holder.keys[tuple(t.text for t in pdoc)] = alias
                holder.added.add(alias)
                patterns.append(pdoc)
        if patterns:
            holder.matcher.add("KB", patterns)
        holder.version = kb.version
    return holder.matcher, holder.keys


def _title_matcher(doc: Doc, kb: KnowledgeBase) -> PhraseMatcher:
    def build() -> PhraseMatcher:
        from spacy.lang.en import English

        make = English(vocab=doc.vocab).make_doc
        matcher = PhraseMatcher(doc.vocab, attr="LOWER")
        matcher.add("ROLE", [make(p) for p in kb.role_phrases])
        matcher.add("PLURAL", [make(p) for p in kb.plural_phrases])
        matcher.add("COUNTERPART", [make("counterpart")])
        return matcher

    key = f"title_matcher:{id(doc.vocab)}"  # role phrases never change: built once
    if key not in kb.matchers:
        kb.matchers[key] = build()
    result: PhraseMatcher = kb.matchers[key]
    return result


def _kb_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    matcher, keys = _kb_matcher(doc, kb)
    units = []
    for _, start, end in matcher(doc):
        alias = keys.get(tuple(t.text for t in doc[start:end]))
        if alias is None:
            continue
        targets = kb.aliases.get(alias)
        if not targets:
            continue
        if targets[0].kind == "prefix" and not (end < len(doc) and doc[end].text in "-–"):
            continue  # "Sino" only as a combining form: "Sino-Russian"
        units.append(Unit(start, end, "kb", _label(targets[0].kind), list(targets)))
    return _pick_shared_adjectives(units)


def _pick_shared_adjectives(units: list[Unit]) -> list[Unit]:
    """An adjective two states share ("Congolese": COD, COG) codes the state the text names
    elsewhere ("Brazzaville", "Kinshasa"); with no such name, the state listed first."""
    named = {
        u.targets[0].key
        for u in units
        if len(u.targets) == 1 and u.targets[0].kind in ("state", "capital", "city")
    }  # fmt: skip
    for unit in units:
        if len({t.key for t in unit.targets}) > 1 and all(t.kind == "adj" for t in unit.targets):
            unit.targets.sort(key=lambda t: t.key not in named)
    return units


def _label(kind: str) -> str:
    return {"state": "GPE", "capital": "GPE", "city": "GPE", "adj": "DEMONYM",
            "prefix": "DEMONYM", "igo": "ORG", "inst": "ORG", "person": "PERSON"}[kind]  # fmt: skip


def _short_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    """Single tokens that are a known person's short form ("Blinken", "Xi"), whatever NER says."""
    units = []
    for token in doc:
        ids = kb.shorts.get(token.text)
        if not ids or token.lower_ in STOP_WORDS or not token.text[0].isupper():
            continue
        if token.pos_ not in ("PROPN", "NOUN", "X") and token.ent_type_ != "PERSON":
            continue
        targets = [Target("person", pid) for pid in ids]
        units.append(Unit(token.i, token.i + 1, "short", "PERSON", targets))
    return units


def _name_end(doc: Doc, start: int) -> int:
    """End of a capitalised name run starting at `start` ("Vladimir V. Putin"), max 4 tokens."""
    end = start
    while end < len(doc) and end - start < 4:
        text = doc[end].text
        if not (text[:1].isupper() and (text.isalpha() or (len(text) == 2 and text[1] == "."))):
            break
        if text in ALWAYS_HONORIFIC or doc[end].is_stop:
            break  # "Mr Blinken He said": the name ends before the pronoun
        end += 1
    return end


def _honorific_units(doc: Doc, kb: KnowledgeBase, in_title: set[int]) -> list[Unit]:
    units = []
    for token in doc[:-1]:
        if token.text not in kb.honorifics or token.i in in_title:
            continue
        end = _name_end(doc, token.i + 1)
        if end == token.i + 1:
            continue
        name = doc[token.i + 1 : end]
        if any(t.ent_iob_ == "B" and t.ent_type_ == "PERSON" for t in name[1:]):
            continue  # "Mr Justice Anthony Mann": spaCy's PERSON is the name
        known = any(t.kind == "person" for t in kb.aliases.get(name.text, [])) or (
            len(name) == 1 and name.text in kb.shorts
        )
        is_person = any(t.ent_type_ == "PERSON" for t in name)
        if token.text in ALWAYS_HONORIFIC or known or is_person:
            unit = Unit(token.i, end, "honorific", "PERSON")
            unit.extra["hint"] = kb.honorifics[token.text]
            units.append(unit)
    return units


def _group_units(
    doc: Doc, kb: KnowledgeBase, anchors: list[Unit], in_title: set[int]
) -> list[Unit]:
    """A state (adjective, or name with 's) + a group noun: "Chinese officials"."""
    units = []
    for anchor in anchors:
        code = _anchor_code(anchor, kb)
        if code is None:
            continue
        i = anchor.end
        if i < len(doc) and doc[i].text in ("'s", "’s"):
            i += 1
        while i < len(doc) and doc[i].lower_ in GROUP_MODIFIERS and i - anchor.end < 3:
            i += 1
        best = None
        for n in (3, 2, 1):
            phrase = " ".join(t.lower_ for t in doc[i : i + n])
            if i + n <= len(doc) and phrase in kb.groups:
                best = (i + n, kb.groups[phrase])
                break
        if best is None:
            continue
        end, sector = best
        if any(i in in_title for i in range(anchor.end, end)):
            continue  # "Hong Kong's top government official" is a title, not a group
        # "Chinese military officials": the specific sector of a modifier wins over GOV.
        if end < len(doc) and doc[end].lower_ in ("officials", "leaders") and sector != "GOV":
            end += 1
        unit = Unit(anchor.start, end, "group", "DEMONYM", anchor.targets, sector, code)
        unit.extra["anchor_end"] = anchor.end
        units.append(unit)
    return units


def _anchor_code(unit: Unit, kb: KnowledgeBase) -> str | None:
    kinds = {t.kind for t in unit.targets}
    if kinds & {"state", "adj", "capital"}:  # "the Khartoum government": the capital's state
        return next(t.key for t in unit.targets if t.kind in ("state", "adj", "capital"))
    return None


def _plural_group_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    """ "the two countries", "both governments": the two states the article is about."""
    units = []
    for token in doc[:-1]:
        if token.lower_ not in ("two", "both"):
            continue
        nxt = doc[token.i + 1]
        sector = kb.groups.get(nxt.lower_)
        if nxt.lower_ in kb.plural_phrases:
            continue  # "the two leaders" are people (a plural title), not states
        if (sector == "STATE" or nxt.lower_ in PLURAL_SIDES) and nxt.tag_ in ("NNS", "NNPS"):
            units.append(Unit(token.i, token.i + 2, "plural", "COREF", sector=sector))
    return units


def _title_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    units = []
    for match_id, start, end in _title_matcher(doc, kb)(doc):
        key = doc.vocab.strings[match_id]
        phrase = doc[start:end].text.lower()
        if key == "ROLE":
            role = kb.role_phrases.get(phrase)
            if start > 0 and doc[start - 1].lower_ in kb.lower_office:
                continue  # "deputy secretary of state" is not the secretary
            if end < len(doc) and doc[end].text == "-":
                continue  # "leader-level engagement" names no leader
            units.append(Unit(start, end, "title", "TITLE", role=role))
        elif key == "PLURAL":
            if start == 0 or doc[start - 1].lower_ not in ("two", "both"):
                continue  # "world leaders" is a group; "the two leaders" is two people
            role = kb.plural_phrases[phrase]
            units.append(Unit(start - 1, end, "plural", "COREF", role=role))
        else:
            units.append(Unit(start, end, "counterpart", "COREF"))
    return units


def _apposed_name_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    """Capitalised names spaCy missed that an apposition shows to be people: "Eswar Prasad,
    a Cornell University professor"."""
    units = []
    for token in doc[:-3]:
        if token.text != "," or doc[token.i + 1].lower_ not in ("a", "an", "the"):
            continue
        start = token.i
        while start > 0 and token.i - start < 3 and doc[start - 1].pos_ == "PROPN":
            if not doc[start - 1].text[:1].isupper() or doc[start - 1].ent_type_:
                break
            start -= 1
        if token.i - start < 2:
            continue
        window = [t.lower_ for t in doc[token.i + 2 : token.i + 10]]
        if any(w in kb.occupations or w in kb.role_phrases for w in window):
            units.append(Unit(start, token.i, "ner", "PERSON"))
    return units


def _ner_units(doc: Doc) -> list[Unit]:
    return [Unit(e.start, e.end, "ner", e.label_) for e in doc.ents if e.label_ in NER_LABELS]


def _select(units: list[Unit], taken: list[bool]) -> list[Unit]:
    """Longest first; a unit is kept only if none of its tokens is taken yet."""
    kept = []
    for unit in sorted(units, key=lambda u: (-(u.end - u.start), u.start)):
        if not any(taken[unit.start : unit.end]):
            for i in range(unit.start, unit.end):
                taken[i] = True
            kept.append(unit)
    return kept


COVER_WORDS = frozenset({"the", "'s", "’s"})


def _contains_place(ent: Span, places: list[Unit], label: str) -> bool:
    """spaCy's entity holds a KB place or short name and more words that change what it names
    ("South China Sea", "West Indian", "New York City"); "the United States" and "US-China"
    hold nothing more."""
    inside = [p for p in places if ent.start <= p.start and p.end <= ent.end]
    if not inside:
        return False
    if label in NAMED_THINGS:
        return any(p.end - p.start < len(ent) for p in inside)
    covered = {i for p in inside for i in range(p.start, p.end)}
    return any(t.i not in covered and not t.is_punct and t.lower_ not in COVER_WORDS for t in ent)


def _foreign_institutions(
    doc: Doc, kb: KnowledgeBase, named: list[Unit], ner: list[Unit]
) -> list[tuple[Unit, Unit]]:
    """(spaCy ORG, KB institution inside it) where the ORG names another country's body:
    "Indian National Congress" is not the U.S. Congress, "Philippine Senate" not the Senate."""
    found = []
    for ent in ner:
        if ent.label not in NAMED_THINGS or ent.label == "PERSON":
            continue
        for unit in named:
            if unit.targets[0].kind != "inst" or not (
                ent.start <= unit.start < unit.end <= ent.end
            ):
                continue
            own = kb.institutions[unit.targets[0].key]["code"]
            others = {kb.state_name_code(t.text) for t in doc[ent.start : ent.end]} - {None, own}
            if others:
                found.append((ent, unit))
    return found


def candidate_units(doc: Doc, kb: KnowledgeBase) -> list[Unit]:
    """Non-overlapping candidate units in text order (see the module docstring for tiers)."""
    from dyadwatch.peoples import people_units  # peoples builds on this module's Unit

    kb_units = _kb_units(doc, kb)
    places = [u for u in kb_units if u.targets[0].kind in PLACE_KINDS]
    named = [u for u in kb_units if u.targets[0].kind not in PLACE_KINDS]
    ner = _ner_units(doc)
    titles = [
        u
        for u in _title_units(doc, kb) + _plural_group_units(doc, kb)
        if not any(n.start < u.start < n.end and n.label == "PERSON" for n in ner)
    ]  # fmt: skip  ("Martin Luther King" holds no title)
    in_title = {i for u in titles for i in range(u.start, u.end)}
    honor = _honorific_units(doc, kb, in_title)
    groups = _group_units(doc, kb, places, in_title)
    groups += people_units(doc, kb, places)  # "Hutu rebels", "ethnic Albanians"
    shorts = _short_units(doc, kb)
    # spaCy's longer name beats a place or short form inside it: "Beijing Foreign Studies
    # University" is not Beijing, "Wu Xinbo" is not Joseph Wu.
    containing = [u for u in ner if _contains_place(doc[u.start : u.end], places + shorts, u.label)]
    foreign = _foreign_institutions(doc, kb, named, ner)
    named = [u for u in named if all(u is not inst for _, inst in foreign)]
    containing += [n for n, _ in foreign if n not in containing]
    taken = [False] * len(doc)
    # Titles compete with names on length: "Treasury Secretary" beats the institution "Treasury".
    chosen = _select(named + honor + groups + titles, taken)
    chosen += _select(containing, taken)
    chosen += _select(places + shorts, taken)
    chosen += _select([u for u in ner if u not in containing], taken)
    chosen += _select(_apposed_name_units(doc, kb), taken)
    return _merge_state_institution(sorted(chosen, key=lambda u: u.start), kb)


def _merge_state_institution(units: list[Unit], kb: KnowledgeBase) -> list[Unit]:
    """ "the United States Senate", "US Federal Reserve": the state is part of the name."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.end == unit.start and prev.kind == "kb"
            and unit.kind == "kb" and unit.targets[0].kind == "inst"
            and prev.targets[0].kind in ("state", "adj")
            and kb.institutions[unit.targets[0].key]["code"] == prev.targets[0].key
        ):  # fmt: skip
            out[-1] = Unit(prev.start, unit.end, "kb", unit.label, unit.targets)
            continue
        out.append(unit)
    return out
