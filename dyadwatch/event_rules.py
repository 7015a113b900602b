"""Trigger lexicon and the parse rules that find an event's actor and recipient.

The lexicon (``data/triggers.yaml``) says which words express which PLOVER event;
the rules here read the dependency parse around a trigger to find who acted on whom:
active and passive voice, coordinated subjects ("X and Y met"), "X met with Y",
"X hosted Y", nominal events ("Wang's visit to Washington", "talks between X and Y",
"the Biden-Xi summit"), light verbs ("held talks"), control verbs ("agreed to meet",
"urged X to ..."), relative clauses. Reporting verbs are never climbed through: in
"officials said X will meet Y" the officials are the source, not the actor.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Span, Token

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import DyadwatchError
from dyadwatch.kb import load_kb
from dyadwatch.models import EVENT_TYPES, ActorMention
from dyadwatch.places import load_gazetteer
from dyadwatch.timex_lexicon import CALENDAR_WORDS

SUBJ = ("nsubj", "csubj", "expl")
PASS_SUBJ = ("nsubjpass", "csubjpass")
OBJ = ("dobj", "dative", "obj", "iobj")
# Sectors of people who report or comment on events rather than take part in them.
NON_AGENT_SECTORS = frozenset({"EDU", "MED", "CVL", "JRN", "NGO_MED"})
AGENT_KINDS = frozenset({"state", "institution", "igo", "group", "person"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "its", "their", "his", "her"})
# "called Xi on Tuesday" is no "call on": weekdays, months and day words
TIME_WORDS = CALENDAR_WORDS | frozenset(
    "today tonight yesterday tomorrow morning afternoon evening night weekend".split()
)
NP_PREPS = ("of", "from", "in", "throughout", "across")
TARGET_NP_PREPS = ("for", "near", "at", "inside", "on")
# Verbs whose passive participle is adjectival: "Vietnam is committed to opening up".
# "Serb forces were engaged in ethnic cleansing": the passive subject is the doer.
STATIVE_PASSIVES = frozenset({"commit", "prepare", "determine", "resolve", "dedicate", "oppose",
                              "engage", "involve"})  # fmt: skip
NP_MODIFIERS = ("poss", "compound", "amod", "nmod", "npadvmod")
RULING_SECTORS = frozenset({"GOV", "COP"})  # groups.yaml sectors of a place's rulers
STRANDED_MODIFIERS = ("det", "nummod", "amod", "compound", "nmod", "poss")


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    lemma: str
    extra: str | None  # second word of a multi-word trigger
    pos: str  # V or N
    type: str
    cameo: str
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    preps: tuple[str, ...] = ()
    swap: bool = False
    needs: str | None = None
    quote: bool = False
    gov: bool = False


@dataclass
class Lexicon:
    triggers: dict[tuple[str, str], list[Trigger]]  # (pos, lemma) -> entries
    light_verbs: frozenset[str]
    absorbing_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    agent_nouns: frozenset[str]
    contexts: dict[str, list[str]]


@dataclass
class Match:
    """A trigger found in a sentence."""

    entry: Trigger
    token: Token  # the trigger word
    extra: Token | None = None  # the second word of a multi-word trigger
    anchor: Token | None = None  # light verb carrying a nominal trigger
    frame: Token | None = None  # head noun of a compound trigger ("mediation effort")
    tokens: list[Token] = field(default_factory=list)


def _word(value: object) -> str:
    """YAML 1.1 reads a bare `on`/`off` as a boolean; they are prepositions here."""
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value)


def _entry(raw: dict[str, Any], where: str) -> Trigger:
    words = str(raw.get("w", "")).split()
    if not 1 <= len(words) <= 2:
        raise DyadwatchError(f"{where}: trigger {raw!r} needs one or two words in `w`")
    if not raw.get("cameo"):
        raise DyadwatchError(f"{where}: trigger {raw!r} has no `cameo` code; add one")
    if raw.get("type") not in EVENT_TYPES:
        raise DyadwatchError(f"{where}: trigger {raw!r} has no valid PLOVER type; fix the file")
    return Trigger(
        lemma=words[-1] if raw.get("pos") == "N" else words[0],
        extra=(words[0] if raw.get("pos") == "N" else words[1]) if len(words) > 1 else None,
        pos=str(raw.get("pos", "V")), type=raw["type"], cameo=str(raw["cameo"]),
        mode=tuple(raw.get("mode", ())), context=tuple(raw.get("context", ())),
        preps=tuple(_word(p) for p in raw.get("preps", ())), swap=bool(raw.get("swap", False)),
        needs=raw.get("needs"), quote=bool(raw.get("quote", False)),
        gov=bool(raw.get("gov", False)),
    )  # fmt: skip


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the trigger lexicon shipped in the package (cached per process)."""
    where = "dyadwatch/data/triggers.yaml"
    try:
        data = read_yaml("triggers.yaml")
    except (OSError, yaml.YAMLError) as exc:
        raise DyadwatchError(f"{where} cannot be read: {exc}; reinstall the package") from exc
    try:
        return _build_lexicon(data, where)
    except (KeyError, TypeError, AttributeError) as exc:
        raise DyadwatchError(
            f"{where}: missing or malformed section ({exc}); fix the file"
        ) from exc


def _build_lexicon(data: dict[str, Any], where: str) -> Lexicon:
    triggers: dict[tuple[str, str], list[Trigger]] = {}
    for raw in data["triggers"]:
        entry = _entry(raw, where)
        triggers.setdefault((entry.pos, entry.lemma), []).append(entry)
    for entries in triggers.values():  # multi-word entries are tried first
        entries.sort(key=lambda e: e.extra is None)
    return Lexicon(
        triggers=triggers,
        light_verbs=frozenset(data["light_verbs"]),
        absorbing_verbs=frozenset(data["absorbing_verbs"]),
        reporting_verbs=frozenset(data["reporting_verbs"]),
        agent_nouns=frozenset(data["agent_nouns"]),
        contexts={k: [str(w) for w in v] for k, v in data["contexts"].items()},
    )


# --- trigger matching ---------------------------------------------------------------


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def word_forms(token: Token) -> list[str]:
    """The lemma, then the surface form and its naive stems: the small model's lemmatizer
    misreads some verbs ("staged" -> "stag", "hopes" -> "hop")."""
    low = token.lower_
    forms = [_lemma(token), low]
    for suffix, repl in (("ied", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.append(low[: -len(suffix)] + repl)
    return forms


def is_light(token: Token, lex: Lexicon) -> bool:
    return any(f in lex.light_verbs for f in word_forms(token))


def _extra_token(token: Token, extra: str, pos: str) -> Token | None:
    """The dependent that completes a multi-word trigger, or None."""
    if pos == "N":
        deps = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        # "export controls": also accept the word right before the head
        if token.i > token.sent.start:
            deps.append(token.doc[token.i - 1])
    else:
        deps = list(token.children)
        for child in list(token.children):  # "held two days of talks", "work together"
            if child.dep_ in OBJ:
                deps.extend(c for c in child.children if c.dep_ == "prep")
                deps.extend(c for gc in child.children if gc.dep_ == "prep" for c in gc.children)
            if child.dep_ in ("advcl", "ccomp", "xcomp"):  # "called for X to do"
                deps.extend(c for c in child.children if c.dep_ == "mark")
            if child.dep_ == "xcomp":  # "committed to withdraw": the infinitive's "to"
                deps.extend(c for c in child.children if c.dep_ == "aux" and c.lower_ == "to")
    for dep in deps:
        if _lemma(dep) == extra or dep.lower_ == extra:
            if dep.dep_ == "prep" and any(_is_time(c) for c in dep.children):
                continue  # "called Xi on Tuesday" is no "call on"
            return dep
    return None


def _is_time(token: Token) -> bool:
    """A date or time word, also where the entity recogniser did not run (dyadwatch/parse.py)."""
    return token.ent_type_ in ("DATE", "TIME") or token.lower_.rstrip(".") in TIME_WORDS


def _entry_for(token: Token, lex: Lexicon) -> tuple[Trigger, Token | None] | None:
    return next(_entries_for(token, lex), None)


def _entries_for(token: Token, lex: Lexicon) -> Iterator[tuple[Trigger, Token | None]]:
    """The lexicon entries a word can be, in the lexicon's order (multi-word first)."""
    participle = token.pos_ == "ADJ" and (token.tag_ == "VBN" or token.lower_.endswith("ed"))
    if token.pos_ in ("VERB", "AUX") or participle:  # "remains frozen", "is opposed to"
        pos = "V"
    elif token.pos_ in ("NOUN", "PROPN"):
        pos = "N"
    else:
        return
    for form in word_forms(token) if pos == "V" else (_lemma(token), token.lower_):
        for entry in lex.triggers.get((pos, form), ()):
            if entry.extra is None:
                yield entry, None
                continue
            extra = _extra_token(token, entry.extra, pos)
            if extra is not None:
                yield entry, extra


def find_triggers(sent: Span, lex: Lexicon, names: frozenset[int] = frozenset()) -> list[Match]:
    """Every trigger in the sentence, nominal ones tied to their light verb. Tokens in
    `names` (inside actor names: "Asia-Pacific Economic Cooperation") are never triggers."""
    matches: list[Match] = []
    for token in sent:
        if token.i in names:
            continue
        match = _match_at(token, lex)
        if match is not None:
            matches.append(match)
    extras = {m.extra.i for m in matches if m.extra is not None}
    return [m for m in matches if m.token.i not in extras]


def _match_at(token: Token, lex: Lexicon) -> Match | None:
    """The first entry the word fits; a noun whose entry wants a governing verb it lacks
    tries the next ("staged a protest" is PROTEST, "a protest to the embassy" ACCUSE)."""
    for entry, extra in _entries_for(token, lex):
        match = Match(entry=entry, token=token, extra=extra)
        if entry.pos == "N":
            if token.dep_ == "compound" and token.head.pos_ == "NOUN" and extra is None:
                match.frame = token.head  # "a mediation mission between X and Y"
            verb = governing_verb(match.frame or token)
            if not _keep_noun(entry, verb, lex, match.frame or token):
                if verb is not None and _entry_for(verb, lex) is not None:
                    return None  # another event's content: "rejected a call"
                continue
            match.anchor = verb if verb is not None and is_light(verb, lex) else None
        match.tokens = sorted(t for t in (token, extra, match.anchor) if t is not None)
        return match
    return None


def governing_verb(noun: Token) -> Token | None:
    """The verb that takes a nominal trigger as its object ("held ... talks")."""
    head, dep = noun.head, noun.dep_
    if dep == "pobj" and head.lemma_ == "of" and head.head.dep_ in OBJ + ("attr",):
        noun = head.head  # "held two days of talks", "a series of visits"
        head, dep = noun.head, noun.dep_
    if dep in OBJ + ("attr",) + PASS_SUBJ and head.pos_ in ("VERB", "AUX"):
        return head
    return None


def _keep_noun(entry: Trigger, verb: Token | None, lex: Lexicon, noun: Token) -> bool:
    """Nominal triggers inside other events' objects are that event's content:
    "rejected a call", "froze cooperation", "threatened sanctions" are one event each."""
    if verb is not None and _entry_for(verb, lex) is not None:
        return False
    if verb is not None and _lemma(verb) in ("postpone", "delay", "prevent", "block"):
        return False
    if entry.gov:
        if verb is None and entry.type == "PROTEST":
            return _purpose_frame(noun)
        return verb is not None and (is_light(verb, lex) or _lemma(verb) in lex.absorbing_verbs)
    return True


def _purpose_frame(noun: Token) -> bool:
    """ "converged for a rally", "marched in protest": a protest noun that is the purpose or
    manner of its clause's action (issue 6), not a topic ("talked about the protests")."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("for", "in") and prep.head.pos_ == "VERB"


# --- who is an actor ----------------------------------------------------------------


def is_agent(mention: ActorMention) -> bool:
    """Only states, institutions, IGOs, groups and officials act; never commentators."""
    actor = mention.actor
    if actor is None or actor.kind not in AGENT_KINDS:
        return False
    if actor.sector in NON_AGENT_SECTORS:
        return False
    return not (actor.kind == "person" and actor.sector is None and actor.office is None)


def is_target(mention: ActorMention) -> bool:
    """Recipients are agents, or civilian groups an act was aimed at ("Iraqi civilians",
    "British nationals"); a commentator or an outlet never is."""
    actor = mention.actor
    if is_agent(mention):
        return True
    return actor is not None and actor.kind == "group" and actor.sector == "CVL"


def _unknown_person(mention: ActorMention) -> bool:
    """A named person the knowledge base knows nothing about: their title may still tell
    whom they act for ("U.N. mediator Diego Cordovez")."""
    actor = mention.actor
    return (
        actor is not None and actor.kind == "person" and actor.sector is None and not actor.office
    )


class MentionIndex:
    """Token -> the actor mention covering it, for one document."""

    def __init__(
        self, mentions: list[ActorMention], offsets: list[int], agent_nouns: frozenset[str]
    ) -> None:
        self.mentions = mentions
        self.agent_nouns = agent_nouns
        self.by_token: dict[int, ActorMention] = {}
        for mention in mentions:  # tokens whose first character lies inside the mention
            first = bisect_left(offsets, mention.start)
            last = bisect_left(offsets, mention.end)
            for i in range(first, last):
                self.by_token[i] = mention

    def at(self, token: Token) -> ActorMention | None:
        return self.by_token.get(token.i)

    def target_at(self, token: Token) -> ActorMention | None:
        """The mention at `token`; a place name the actors stage left unresolved ("Darfur",
        "South Lebanon") stands for its country when it names a target: "accused Darfur
        rebels", "the invasion of South Lebanon" (PLOVER codes targets by country)."""
        mention = self.by_token.get(token.i)
        if mention is None or mention.actor is not None:
            return mention
        kb = load_kb()
        place = load_gazetteer().lookup(mention.text)
        code = kb.place_code(mention.text) or (place.country_code if place else None)
        if code is None or code not in kb.states:
            return mention
        return replace(mention, actor=kb.state_actor(code), how="place")

    def previous_person(
        self, token: Token, skip: frozenset[str] = frozenset(), window: int = 400
    ) -> ActorMention | None:
        """The nearest agentive person mention before `token` ("he" after "Mr. Biden")."""
        best = None
        for mention in self.mentions:
            if mention.actor is not None and mention.actor.id in skip:
                continue
            if mention.end <= token.idx and token.idx - mention.end <= window:
                if (
                    mention.actor is not None
                    and mention.actor.kind == "person"
                    and is_agent(mention)
                ):
                    best = mention
        return best


def np_actors(
    head: Token, index: MentionIndex, depth: int = 0, agentive: bool = False
) -> list[ActorMention]:
    """The agentive actors a noun phrase refers to, coordinated ones included. With
    `agentive`, a modifier names an actor only on a head noun that can act ("Chinese
    officials", not "Chinese exports")."""
    if depth > 4:
        return []
    found = _np_core(head, index, depth, agentive)
    for conj in head.children:
        if conj.dep_ == "conj":
            found += [m for m in np_actors(conj, index, depth + 1, agentive) if m not in found]
    return found


def _np_core(head: Token, index: MentionIndex, depth: int, agentive: bool) -> list[ActorMention]:
    if head.lower_ in RELATIVE and head.head.dep_ == "relcl":
        return np_actors(head.head.head, index, depth + 1, agentive)
    ok = is_agent if agentive else is_target
    mention = index.at(head) if agentive else index.target_at(head)
    if mention is not None and mention.actor is not None and not _unknown_person(mention):
        return [_coded_by_title(mention, head, index)] if ok(mention) else []
    # an unresolved name ("Kurds") may still carry a resolved modifier ("Iraqi Kurds")
    if head.pos_ == "PRON":
        return _pronoun(head, index)
    # a state named as modifier makes an actor only of a head that can act
    can_act = not agentive or head.pos_ == "PROPN" or _lemma(head) in index.agent_nouns
    owner: Token | None = None
    for dep in ("appos",) + NP_MODIFIERS:
        for child in head.children:
            if child.dep_ != dep:
                continue
            if child.pos_ == "PRON" and child.dep_ == "poss":
                owner = child
                continue
            mention = _first_in(child, index, ok)
            if mention is not None:
                kind = mention.actor.kind if mention.actor is not None else None
                if can_act or kind in ("igo", "institution"):  # "the APEC forum"
                    return [mention]
    # a named modifier outranks a possessive pronoun: "its European Community partners"
    if owner is not None and can_act:
        owners = _pronoun(owner, index)  # "their forces"
        if owners:
            return owners
    preps = NP_PREPS if agentive else NP_PREPS + TARGET_NP_PREPS
    for child in head.children:  # "leaders of Romania's new government"
        if child.dep_ == "prep" and child.lower_ in preps:
            where = child.lower_ not in ("of", "from") and _lemma(head) not in index.agent_nouns
            if where and agentive:
                continue  # "counterparts in Beijing" is who; "reporters in Malta" is where
            # a target's place or beneficiary names it: "a camp for Congolese refugees",
            # "targets in Jericho" (PLOVER codes such targets by their country)
            for pobj in child.children:
                if pobj.dep_ == "pobj" and head.pos_ in ("NOUN", "PRON", "NUM"):
                    return np_actors(pobj, index, depth + 1, agentive) or _place_rulers(
                        head, pobj, index
                    )
    return []


def _place_rulers(head: Token, pobj: Token, index: MentionIndex) -> list[ActorMention]:
    """ "the government of Sindh province", "the authorities in Karachi": those who govern
    or police a region or city act for its state."""
    sector = load_kb().groups.get(head.lower_)
    if sector not in RULING_SECTORS:
        return []
    for word in [pobj] + [c for c in pobj.children if c.dep_ == "compound"]:  # "Sindh province"
        mention = index.target_at(word)
        if mention is not None and mention.how == "place" and mention.actor is not None:
            return [replace(mention, actor=load_kb().sector_actor(mention.actor.code, sector))]
    return []


def _coded_by_title(mention: ActorMention, head: Token, index: MentionIndex) -> ActorMention:
    """A person the knowledge base has no country for takes the country of their title:
    "French National Assembly president Laurent Fabius", "Kenzo Oshima, the United Nations
    relief coordinator" (PLOVER codes officials by whom they serve)."""
    actor = mention.actor
    if actor is None or actor.kind != "person" or actor.code:
        return mention
    words = [t for c in head.children if c.i < head.i or c.dep_ == "appos" for t in c.subtree]
    for tok in words:
        other = index.at(tok)
        if other is None or other is mention or other.actor is None:
            continue
        if other.actor.code and other.actor.kind != "person":
            return replace(mention, actor=replace(actor, code=other.actor.code))
    return mention


def _pronoun(pron: Token, index: MentionIndex) -> list[ActorMention]:
    """ "Beijing announced it would ...": a subject pronoun in a reported clause is the
    reporter; "he"/"him" is otherwise the nearest official named before."""
    word, clause = pron.lower_, pron.head
    if pron.dep_ == "poss" and clause.dep_ in SUBJ:  # "their forces had completed"
        pron, clause = clause, clause.head
    if pron.dep_ in SUBJ and clause.dep_ == "ccomp" and word in SUBJECT_PRONOUNS:
        speakers = [
            m for c in clause.head.children if c.dep_ in SUBJ for m in _subject_mentions(c, index)
        ]
        if speakers:
            return speakers
    if pron.lower_ in ("he", "she", "him", "her"):
        person = index.previous_person(pron)
        return [person] if person else []
    return []


def _subject_mentions(token: Token, index: MentionIndex) -> list[ActorMention]:
    if token.pos_ == "PRON":
        return []
    return np_actors(token, index, 1, agentive=True)


def _first_in(
    token: Token, index: MentionIndex, ok: Callable[[ActorMention], bool]
) -> ActorMention | None:
    find = index.at if ok is is_agent else index.target_at
    for tok in token.subtree:
        mention = find(tok)
        if mention is not None and ok(mention) and not _opposed(tok):
            return mention
    return None


def _opposed(token: Token) -> bool:
    """ "an anti-Syria journalist": the name says whom the head opposes, not who it is."""
    before = token.doc.text[max(0, token.idx - 5) : token.idx].lower()
    return before.endswith(("anti-", "anti "))


# --- actor and recipient ------------------------------------------------------------

CONTROL_BY_OBJECT = frozenset({
    "urge", "ask", "push", "press", "pressure", "force", "allow", "invite", "tell", "help",
    "encourage", "order", "call", "persuade", "convince", "lead", "prompt", "want",
})  # fmt: skip
ADDRESSED_TYPES = frozenset({"REQUEST", "THREATEN", "ACCUSE", "REJECT"})
CONTENT_PREPS = ("to", "with", "on", "against", "from", "by", "for", "between", "among")
CLIMB_DEPS = ("xcomp", "acomp", "conj", "advcl", "pcomp")
FRAME_PREPS = ("during", "at", "on", "in", "for")


@dataclass
class Roles:
    actors: list[ActorMention] = field(default_factory=list)
    recipients: list[ActorMention] = field(default_factory=list)
    has_object: bool = False


def _add(target: list[ActorMention], found: list[ActorMention]) -> None:
    target.extend(m for m in found if m not in target)


def _between(noun: Token, index: MentionIndex) -> list[ActorMention]:
    """ "communication between X and Y": the parties named inside a relation noun."""
    found: list[ActorMention] = []
    for _, pobj in prep_objects(noun, ("between", "among")):
        _add(found, np_actors(pobj, index, agentive=True))
    return found


def subject_of(verb: Token, index: MentionIndex) -> tuple[list[ActorMention], bool]:
    """Actors a verb's own subject names, and whether it had a subject at all."""
    actors: list[ActorMention] = []
    seen = False
    for child in verb.children:
        if child.dep_ in SUBJ:
            seen = True
            _add(actors, np_actors(child, index, agentive=True) or _between(child, index))
        elif child.dep_ == "agent":
            seen = True
            for pobj in child.children:
                _add(actors, np_actors(pobj, index, agentive=True))
    return actors, seen


def inherited_subject(verb: Token, index: MentionIndex, lex: Lexicon) -> list[ActorMention]:
    """The actor of a subjectless verb: "agreed to meet", "urged X to meet", "who met",
    "responded by freezing"."""
    cur = verb
    for _ in range(5):
        dep, head = cur.dep_, cur.head
        if dep == "acl" and cur.tag_ == "VBN":
            return []  # "Americans detained in China": the noun is who it was done to
        if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            found = np_actors(head, index, agentive=True)
            if found or not _issued(cur, head, lex):
                return found
            return subject_of(head.head, index)[0]  # "issued a declaration demanding ..."
        if dep == "pcomp" and head.dep_ == "prep":  # "by freezing", "after suspending it"
            head = head.head
        elif dep not in CLIMB_DEPS or head is cur:
            return []
        if dep == "xcomp" and _lemma(head) in CONTROL_BY_OBJECT:
            objs = [c for c in head.children if c.dep_ in OBJ]
            if objs:
                return np_actors(objs[0], index, agentive=True)
        if dep == "conj" and _lemma(head) in lex.reporting_verbs:
            return []
        actors, seen = subject_of(head, index)
        passive = [c for c in head.children if c.dep_ in PASS_SUBJ]
        if not actors and passive and dep == "xcomp":  # "X is expected to visit"
            actors = np_actors(passive[0], index, agentive=True)
            seen = True
        if seen:
            return actors
        cur = head
    return []


def _issued(verb: Token, noun: Token, lex: Lexicon) -> bool:
    """ "issued a declaration demanding ...": a participle on the object of a verb that is
    no event itself speaks for that verb's subject. Not "rejected a proposal calling for"
    (the rejecter did not call) nor "made every effort to free" (an infinitive: a goal)."""
    return verb.tag_ == "VBG" and noun.dep_ in OBJ and _entry_for(noun.head, lex) is None


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[tuple[str, Token]]:
    out: list[tuple[str, Token]] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            pobjs = [p for p in child.children if p.dep_ == "pobj"]
            out.extend((child.lower_, p) for p in pobjs or _stranded_object(child))
    return out


def _stranded_object(prep: Token) -> list[Token]:
    """The object of a preposition the parser left without one: shared with a coordinated
    phrase ("established ties with and opened an embassy in Tehran") or parsed as the
    subject of the participle after it ("granted asylum to five officers holed up in ...",
    tagged as a past tense)."""
    if prep.i + 1 >= prep.sent.end:
        return []
    word = prep.doc[prep.i + 1]
    if word.dep_ == "cc":
        for later in prep.doc[word.i + 1 : prep.sent.end]:
            if later.is_punct:
                return []
            if later.dep_ == "pobj":
                return [later]
        return []
    while word.dep_ in STRANDED_MODIFIERS and word.head.i > word.i:
        word = word.head
    if word.dep_ in SUBJ + PASS_SUBJ and word.head.pos_ == "VERB" and word.head.i > word.i:
        return [word]
    return []


def _objects(verb: Token, actors: list[ActorMention], index: MentionIndex) -> list[ActorMention]:
    """Direct objects; "him" is the last official named other than the subject."""
    found: list[ActorMention] = []
    skip = frozenset(m.actor.id for m in actors if m.actor is not None)
    for child in verb.children:
        if child.dep_ not in OBJ:
            continue
        if child.lower_ in ("him", "her") and index.at(child) is None:
            person = index.previous_person(child, skip)
            _add(found, [person] if person else [])
        else:
            _add(found, np_actors(child, index))
    return found


def verb_roles(match: Match, index: MentionIndex, lex: Lexicon) -> Roles:
    """Actor and recipient of a verbal trigger."""
    verb, entry = match.token, match.entry
    roles = Roles()
    passive = [c for c in verb.children if c.dep_ in PASS_SUBJ]
    agents = prep_objects(verb, ("by",))
    if passive and not agents and _lemma(verb) in STATIVE_PASSIVES:
        roles.actors = [m for p in passive for m in np_actors(p, index, agentive=True)]
    elif passive:
        for subj in passive:
            _add(roles.recipients, np_actors(subj, index))
        for _, pobj in prep_objects(verb, ("by",)):
            _add(roles.actors, np_actors(pobj, index, agentive=True))
        roles.has_object = True
    else:
        roles.actors, seen = subject_of(verb, index)
        if not seen:
            roles.actors = inherited_subject(verb, index, lex)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "officials sanctioned by Washington"
        _add(roles.recipients, np_actors(verb.head, index))
        roles.has_object = True
    objects = [c for c in verb.children if c.dep_ in OBJ]
    complements = [c for c in verb.children if c.dep_ in ("xcomp",) + OBJ]
    roles.has_object = roles.has_object or bool(complements)
    _add(roles.recipients, _objects(verb, roles.actors, index))
    holders = [verb] + ([match.extra] if match.extra is not None else [])
    for holder in holders:
        for prep, pobj in prep_objects(holder, entry.preps + ("between",)):
            between = prep == "between" and not roles.actors
            target = roles.actors if between else roles.recipients
            _add(target, np_actors(pobj, index, agentive=between))
            roles.has_object = True
    if not _others(roles):  # "cancelled a visit to X", "boycott all contact with X"
        for obj in objects:
            for _, pobj in prep_objects(obj, CONTENT_PREPS):
                _add(roles.recipients, np_actors(pobj, index))
    if not _others(roles):  # "threatened to break relations with Russia"
        for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
            _add(roles.recipients, _clause_targets(xcomp, index))
    if not _others(roles) and entry.type in ADDRESSED_TYPES:
        _add(roles.recipients, _addressee(verb, index))
    for clause in (c for c in verb.children if c.dep_ in ("advcl", "ccomp", "xcomp")):
        if any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children):
            for subj in (c for c in clause.children if c.dep_ in SUBJ):  # "called for X to"
                _add(roles.recipients, np_actors(subj, index))
    if entry.needs == "object" and not roles.has_object:
        clauses = _clause_subjects(verb, index)  # "allowed X to run", parsed as a clause
        _add(roles.recipients, clauses)
        roles.has_object = bool(clauses)
    if entry.swap:
        roles.actors, roles.recipients = roles.recipients, roles.actors
    return _tidy(roles)


def _others(roles: Roles) -> list[ActorMention]:
    """Recipients other than the actors themselves ("ban voting in Jerusalem" names Israel's
    own capital: Israel is no target of its own threat, so the search goes on)."""
    own = {m.actor.id for m in roles.actors if m.actor is not None}
    return [m for m in roles.recipients if m.actor is None or m.actor.id not in own]


def _clause_subjects(verb: Token, index: MentionIndex) -> list[ActorMention]:
    """Actors named as subjects of a verb's content clause: "allowed candidate X to run",
    "warned that the army would ..." (an actor there makes the clause the verb's object)."""
    found: list[ActorMention] = []
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for subj in (c for c in clause.children if c.dep_ in SUBJ + PASS_SUBJ):
            _add(found, np_actors(subj, index))
    return found


def protester_actors(match: Match, index: MentionIndex) -> list[ActorMention]:
    """Who protests: PLOVER codes civilian protesters by their country ("Palestinian
    prisoners rioted", "Palestinian youths staged a hunger strike"), though civilians are
    no actors of other events (issue 6)."""
    verb = match.token if match.entry.pos == "V" else match.anchor
    noun = match.frame or match.token
    if verb is None and noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
        verb = noun.head.head  # "continued a march in protest", "during demonstrations"
    if verb is None:
        return []
    found: list[ActorMention] = []
    for subj in (c for c in verb.children if c.dep_ in SUBJ):
        _add(found, [m for m in np_actors(subj, index) if is_target(m)])
    return found


def _addressee(verb: Token, index: MentionIndex) -> list[ActorMention]:
    """Whom a statement is aimed at: the subject of "demanded that X ...", or of the
    condition of a threat ("threatened to ... unless X ...")."""
    found: list[ActorMention] = []
    for clause in verb.children:
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        wanted = clause.dep_ == "ccomp" or (clause.dep_ == "advcl" and marks & {"unless", "if"})
        if not wanted:
            continue
        for subj in (c for c in clause.children if c.dep_ in SUBJ + PASS_SUBJ):
            _add(found, np_actors(subj, index))
    if not found:  # "threatened to stop talks if the United States ..."
        for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
            found = _addressee(xcomp, index)
    return found


def _clause_targets(verb: Token, index: MentionIndex) -> list[ActorMention]:
    """Who an embedded action is aimed at: its objects and prepositional targets."""
    found: list[ActorMention] = []
    for child in verb.children:
        if child.dep_ in OBJ:
            _add(found, np_actors(child, index))
            for _, pobj in prep_objects(child, CONTENT_PREPS):
                _add(found, np_actors(pobj, index))
    for _, pobj in prep_objects(verb, CONTENT_PREPS):
        _add(found, np_actors(pobj, index))
    return found


def _tidy(roles: Roles) -> Roles:
    """One mention per actor; nobody is their own recipient."""
    roles.actors = _unique(roles.actors)
    own = {m.actor.id for m in roles.actors if m.actor is not None}
    roles.recipients = [
        m for m in _unique(roles.recipients) if m.actor is not None and m.actor.id not in own
    ]
    return roles


def _unique(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        key = mention.actor.id if mention.actor is not None else f"@{mention.start}"
        if key not in seen:
            seen.add(key)
            out.append(mention)
    return out
