"""Recipients the core parse rules leave empty (issue 6).

    more_recipients(match, index) -> list[ActorMention]

The core rules (:mod:`dyadwatch.event_rules`) take a recipient from the verb's object and
from the prepositions its lexicon entry names. Many reports put the target elsewhere:

- in a preposition the entry does not list: "launched rocket fire against X",
  "fired at X", "shared expertise with X", "handed over medicine to X";
- in an embedded action: "agreed to set up a centre in Tokyo", "threatened to resume
  attacks in Israel" (the infinitive's own objects and places);
- in the place of a material act, which PLOVER codes as its target when no one else is
  named: "imposed a curfew in Algiers", "demonstrated in Kirkuk", "shelled Juba" (a
  capital or country named as the location of an attack, a curfew or a protest).

Only prepositions that point at someone are read (by type: hostile acts "against/on/at",
cooperative ones "with/to"); a meeting place is never its recipient (CONSULT keeps its own
rules: "met in Geneva" is where, not whom).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from dyadwatch.event_rules import (
    ADDRESSED_TYPES,
    OBJ,
    PASS_SUBJ,
    SUBJ,
    Match,
    MentionIndex,
    Roles,
    np_actors,
    prep_objects,
    subject_of,
)
from dyadwatch.kb import load_kb
from dyadwatch.models import Actor, ActorMention, Place

HOSTILE = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "THREATEN",
                     "ACCUSE", "REJECT", "REQUEST"})  # fmt: skip
POINTING = {
    "hostile": ("against", "on", "at", "upon", "toward", "towards", "into", "over"),
    "friendly": ("with", "to", "toward", "towards", "for"),
}
# Acts whose location PLOVER codes as the target when nobody is named: an attack on a
# town, a curfew in a city, a protest in a country, aid delivered in a region.
PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "AID",
                         "CONCEDE", "RETREAT", "COOPERATE"})  # fmt: skip
LOCATIVE = ("in", "inside", "near", "into", "across", "throughout", "outside")
EMBEDDED = ("xcomp",)
TEMPORAL = frozenset({"when", "as", "while", "after", "before"})
# A protest or demand names its target in a purpose clause ("to protest X's refusal").
PURPOSE_TYPES = frozenset({"PROTEST", "REQUEST", "ACCUSE", "ASSAULT", "COERCE"})
PURPOSE_DEPS = ("advcl", "acl", "xcomp", "relcl")
PURPOSE_VERBS = frozenset({"protest", "demand", "call", "press", "urge", "disperse"})
PURPOSE_PREPS = ("of", "from", "by", "against", "for")
NESTING_PREPS = ("on", "for", "to")  # "reneged on a pledge to X", "reservists for a war on X"
# The last resort for acts aimed at a party named deep in their object: the edges followed
# down from the trigger, how far, and the prepositions that may name the party.
DEEP_TYPES = frozenset({"AGREE", "REJECT", "REQUEST", "SUPPORT", "ACCUSE", "THREATEN",
                        "CONCEDE", "COOPERATE", "AID", "RETREAT"})  # fmt: skip
DEEP_DEPS = frozenset({"prep", "pobj", "pcomp", "dobj", "acl", "xcomp", "dative"})
DEEP_PREPS = ("with", "to", "toward", "towards", "against", "on", "of", "for", "from")
DEEP_LIMIT = 6


def _holders(match: Match) -> list[Token]:
    """The words whose prepositions may name the target: the trigger (or its light verb),
    its objects, and the verbs of its infinitive complements ("agreed to set up ...")."""
    out = [t for t in (match.token, match.anchor, match.extra) if t is not None]
    for word in list(out):
        out += [c for c in word.children if c.dep_ in OBJ and c not in out]
    return out


def _counted_objects(match: Match, index: MentionIndex) -> list[ActorMention]:
    """ "kidnapped up to 16 Russian engineers": the parser hangs the object from the
    particle ("up" -> "to" -> "engineers")."""
    verb = match.token
    particles = [c for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"]
    found: list[ActorMention] = []
    for word in particles + ([verb] if particles else []):
        for _, pobj in prep_objects(word, ("to",)):
            if any(c.dep_ == "nummod" for c in pobj.children):
                found += np_actors(pobj, index)
    return found


def _conjuncts(token: Token) -> list[Token]:
    """ "artillery, mortar and rocket fire": the word and every word coordinated with it."""
    return [token] + [t for c in token.children if c.dep_ == "conj" for t in _conjuncts(c)]


def _embedded(match: Match) -> list[Token]:
    verb = match.anchor if match.anchor is not None else match.token
    found = [c for c in verb.children if c.dep_ in EMBEDDED and c.pos_ in ("VERB", "AUX")]
    found += [o for c in list(found) for o in c.children if o.dep_ in OBJ]
    return found


def _from_preps(words: list[Token], preps: tuple[str, ...], index: MentionIndex,
                skip: set[str]) -> list[ActorMention]:  # fmt: skip
    found: list[ActorMention] = []
    for word in words:
        pobjs = [p for _, p in prep_objects(word, preps)]
        for prep in (c for c in word.children if c.dep_ == "prep" and c.lower_ in preps):
            pobjs += [p for _, p in prep_objects(prep, ("of",))]  # "outside of the city"
        for pobj in pobjs:
            for mention in np_actors(pobj, index):
                key = mention.actor.id if mention.actor is not None else ""
                if key not in skip and mention not in found:
                    found.append(mention)
    return found


def _purpose_targets(match: Match, index: MentionIndex, skip: set[str]) -> list[ActorMention]:
    """The one a protest or demand is aimed at, named in its purpose clause: "began a hunger
    strike to protest President X's refusal", "staged rallies to demand reforms from X's
    government", "calling for the removal of X"."""
    holders = _holders(match)
    clauses = [
        c for h in holders for c in h.children
        if c.dep_ in PURPOSE_DEPS and c.pos_ in ("VERB", "AUX")
        and (c.lemma_ in PURPOSE_VERBS or any(a.dep_ == "aux" and a.lower_ == "to"
                                              for a in c.children))
    ]  # fmt: skip
    found: list[ActorMention] = []
    for clause in clauses:
        objects = [c for c in clause.children if c.dep_ in OBJ]
        for mention in [m for o in objects for m in np_actors(o, index)] + _from_preps(
            [clause, *objects], PURPOSE_PREPS, index, skip
        ):
            key = mention.actor.id if mention.actor is not None else ""
            if key not in skip and mention not in found:
                found.append(mention)
    return found


def _nested_targets(holders: list[Token], preps: tuple[str, ...], index: MentionIndex,
                    skip: set[str], doers: tuple[str, ...] = ()) -> list[ActorMention]:  # fmt: skip
    """A target one phrase further down: "reneged on his commitment to the Zambian people",
    "mobilized reservists for a war against Iraq" (a preposition's object naming no one,
    whose own preposition of the same kind names the target). With `doers` ("by"), the
    doer of a misdeed an accusation is about: "an inquiry into crimes committed by X"."""
    firsts = [(w, p) for h in holders for w, p in prep_objects(h, preps + NESTING_PREPS)]
    found: list[ActorMention] = []
    for prep, pobj in firsts:
        own = [m for m in np_actors(pobj, index) if m.actor is None or m.actor.id not in skip]
        if own and prep == "for":  # "restrictions on its labour market for EU members"
            found += [m for m in own if m.actor is not None and m not in found]
        elif not own:  # "restrictions on its market for EU members": "its" is the actor's
            words = [pobj] + [c for c in pobj.children if c.dep_ == "acl"]
            inner = _from_preps(words, preps + ("to", "against") + doers, index, skip)
            found += [m for m in inner if m not in found]
    return found


def more_recipients(
    match: Match, actors: list[ActorMention], index: MentionIndex
) -> list[ActorMention]:
    """Recipients for an event the core rules found none for (see the module docstring)."""
    etype = match.entry.type
    if etype == "CONSULT":
        return []
    skip = {m.actor.id for m in actors if m.actor is not None}
    preps = POINTING["hostile" if etype in HOSTILE else "friendly"]
    holders = _holders(match)
    found = _counted_objects(match, index) or _from_preps(holders, preps, index, skip)
    if not found and match.token.dep_ == "advcl":  # "fired rockets at X, killing 50"
        head = match.token.head
        objects = [t for c in head.children if c.dep_ in OBJ for t in _conjuncts(c)]
        found = _from_preps([head, *objects], preps, index, skip)
    embedded = _embedded(match)
    if not found and embedded:  # "threatened to resume attacks in Israel"
        found = _from_preps(embedded, POINTING["hostile"] + POINTING["friendly"], index, skip)
    if not found and etype in PURPOSE_TYPES:  # "struck to protest Mubarak's refusal"
        found = _purpose_targets(match, index, skip)
    if not found:  # "reneged on his commitment to the Zambian people"
        doers = ("by",) if etype in ("ACCUSE", "PROTEST") else ()
        found = _nested_targets(holders, preps, index, skip, doers)
    if not found:  # the place of the act itself, or of the embedded action
        places = holders + _when(match) + _frame(match) if etype in PLACE_TYPES else []
        found = _from_preps(places + embedded, LOCATIVE, index, skip)
    if not found and etype in DEEP_TYPES:  # "accepted a plan for ending its dispute with X"
        found = _deep_targets(holders + embedded, index, skip)
    return found


def _deep_targets(starts: list[Token], index: MentionIndex, skip: set[str]) -> list[ActorMention]:
    """The nearest actor a chain of objects, prepositions and infinitives leads to from the
    trigger: "rejected an invitation to attend a meeting of X", "refused to commit to any
    assistance to X's war". Breadth first, so the closest named party wins; other clauses
    (subjects, relative and adverbial clauses) are not entered."""
    frontier, seen = list(starts), {t.i for t in starts}
    for _ in range(DEEP_LIMIT):
        found = [
            m
            for word in frontier
            for _, pobj in prep_objects(word, DEEP_PREPS)
            for m in np_actors(pobj, index)
            if m.actor is not None and m.actor.id not in skip
        ]  # fmt: skip
        if found:
            return [m for i, m in enumerate(found) if m not in found[:i]]
        frontier = [
            c for w in frontier for c in w.children if c.dep_ in DEEP_DEPS and c.i not in seen
        ]
        seen.update(t.i for t in frontier)
    return []


def _frame(match: Match) -> list[Token]:
    """ "remained on alert in the West Bank": the verb a prepositional trigger hangs from."""
    extra = match.extra
    return [extra.head] if extra is not None and extra.dep_ == "prep" else []


def _when(match: Match) -> list[Token]:
    """The verb of a clause that says when the act happened: "killed 23 people when they
    blew themselves up in Tel Aviv" (its place is the act's place)."""
    return [
        c for c in match.token.children
        if c.dep_ == "advcl" and any(m.lower_ in TEMPORAL for m in c.children if m.i < c.i)
    ]  # fmt: skip


def possessed_statement(match: Match, roles: Roles, index: MentionIndex) -> None:
    """ "X insisted on its demands that Y grant ...", "X reiterated its demand that Y ease
    ...": a statement noun owned by a pronoun is the clause subject's; whom it addresses is
    the subject of its "that" clause (on the noun or on the verb)."""
    noun = match.token
    if match.entry.pos != "N" or match.entry.type not in ADDRESSED_TYPES:
        return
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children):
        return
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return
    if not roles.actors:
        roles.actors = subject_of(verb, index)[0]
    if roles.recipients or not roles.actors:
        return
    own = {m.actor.id for m in roles.actors if m.actor is not None}
    for clause in [*noun.children, *verb.children]:
        if clause.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in clause.children):
            subjects = [c for c in clause.children if c.dep_ in SUBJ + PASS_SUBJ]
            found = [m for s in subjects for m in np_actors(s, index)]
            roles.recipients = [m for m in found if m.actor is not None and m.actor.id not in own]
            if roles.recipients:
                return


# Actors that act on their own country's officials: insurgents, opposition, civilians, labour.
DOMESTIC_SECTORS = frozenset({"REB", "INS", "OPP", "CVL", "LAB", "AGR", "BUS", "EDU"})


def officials_by_side(
    recipients: list[ActorMention], actors: list[ActorMention]
) -> list[ActorMention]:
    """ "Fijian rebels will release Prime Minister X": an official whose country neither
    the KB nor the title names serves the other side's country when that side is one
    country (a report names the nationality once, then bare titles). Only when that side
    is no government: rebels, parties and protesters act on their own country's officials,
    while a government's official may meet anyone's ("Chinese Premier Li met Prime Minister
    X" must not make X Chinese)."""
    codes = {m.actor.code for m in actors if m.actor is not None and m.actor.code}
    if len(codes) != 1 or any(m.actor is None or m.actor.sector not in DOMESTIC_SECTORS
                              for m in actors):  # fmt: skip
        return recipients
    code = codes.pop()
    return [
        replace(m, actor=replace(m.actor, code=code))
        if m.actor is not None and m.actor.kind == "person" and not m.actor.code
        and m.actor.office else m
        for m in recipients
    ]  # fmt: skip


def place_recipient(
    etype: str, place: Place | None, sent: Span, actors: list[ActorMention]
) -> list[ActorMention]:
    """The country of a material act's place, as its recipient when nobody is named
    ("reimposed blockades in the West Bank"): the place's words in the sentence, coded as
    the state. The actor's own country counts: gold codes a curfew a government imposes at
    home as aimed at its own state (issue 6)."""
    if place is None or etype not in PLACE_TYPES or not place.country_code:
        return []
    code = place.country_code
    states = load_kb().states
    if code not in states:
        return []
    at = sent.text.lower().find(place.name.lower())
    start = sent.start_char + max(at, 0)
    text = sent.text[at : at + len(place.name)] if at >= 0 else place.name
    actor = Actor(id=code, name=states[code].name, code=code, kind="state")
    return [ActorMention(start, start + len(text), text, "PLACE", actor, how="place")]


# Acts a state or its people direct at home when no one else is named: a protest is aimed
# at the protesters' own government, a crackdown or a concession at the country's own
# people ("Egyptian demonstrators rioted", "Sudan lifted a state of emergency"); PLOVER
# codes such domestic events with the actor's country as target (issue 6).
HOME_TYPES = frozenset({"PROTEST", "COERCE", "CONCEDE", "SANCTION"})


def home_recipient(etype: str, actors: list[ActorMention]) -> list[ActorMention]:
    """The actors' own state as the recipient of a domestic act with no named target; none
    when the actors belong to several countries or to no state the KB knows."""
    codes = {m.actor.code for m in actors if m.actor is not None}
    if etype not in HOME_TYPES or len(codes) != 1:
        return []
    code = codes.pop()
    states = load_kb().states
    if code not in states:
        return []
    first = actors[0]
    actor = Actor(id=code, name=states[code].name, code=code, kind="state")
    return [ActorMention(first.start, first.end, first.text, "HOME", actor, how="home")]


# --- attacks without a named attacker ----------------------------------------------------

AGENTLESS_TYPES = frozenset({"ASSAULT"})


def is_agentless(match: Match, index: MentionIndex) -> bool:
    """ "Three soldiers were killed (by a roadside bomb)", "a blast killed two youths": an
    attack whose doer is no one the text names: a passive without a named agent, or an
    inanimate subject (a bomb, an explosion)."""
    verb = match.token
    if match.entry.type not in AGENTLESS_TYPES or match.entry.pos != "V":
        return False
    children = list(verb.children)
    if any(c.dep_ in PASS_SUBJ for c in children):
        agents = [p for c in children if c.dep_ == "agent" for p in c.children]
        return not any(_names_actor(t, index) for a in agents for t in a.subtree)
    subjects = [c for c in children if c.dep_ in SUBJ]
    return bool(subjects) and all(
        s.pos_ == "NOUN" and s.lemma_.lower() not in index.agent_nouns
        and not any(_names_actor(t, index) for t in s.subtree if t.i < s.i or t is s)
        for s in subjects
    )  # fmt: skip


def _names_actor(token: Token, index: MentionIndex) -> bool:
    mention = index.at(token)
    return mention is not None and mention.actor is not None


def unidentified_attacker(
    match: Match, sent: Span, index: MentionIndex, place: Place | None
) -> ActorMention:
    """The doer of an agentless attack, coded as PLOVER codes it: unidentified armed forces
    (sector UAF) of the country where it happened, when the text says where."""
    code = place.country_code if place is not None and place.country_code else ""
    if not code:
        where = _from_preps(_holders(match), LOCATIVE, index, set())
        code = next((m.actor.code for m in where if m.actor is not None and m.actor.code), "")
    verb = match.token
    doer = [c for c in verb.children if c.dep_ in SUBJ]
    doer += [p for c in verb.children if c.dep_ == "agent" for p in c.children]
    span = sent.doc[doer[0].left_edge.i : doer[0].i + 1] if doer else sent.doc[verb.i : verb.i + 1]
    actor = Actor(id=f"{code}.UAF" if code else "UAF", name="unidentified attackers", code=code,
                  kind="group", sector="UAF")  # fmt: skip
    return ActorMention(span.start_char, span.end_char, span.text, "UAF", actor, how="unidentified")
