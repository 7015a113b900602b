"""Within-document reference: titles, counterparts, "the two presidents", simple pronouns.

The resolver in :mod:`dyadwatch.actors` walks the article in order and keeps a `DocState`:
the persons named so far (and the ones named anywhere, for look-ahead), how often each state
was mentioned. The functions here read that state to decide who "the Chinese leader",
"his counterpart" or "he" is. They stay conservative: no answer is better than a wrong one,
because a wrong actor becomes a wrong event.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyadwatch.kb import KnowledgeBase
from dyadwatch.models import Actor, ActorMention

# Roles too generic to pick a counterpart by ("his counterpart" of a president is a president).
_GENERIC_ROLES = frozenset({"secretary", "leader"})
PRONOUNS = frozenset({"he", "she"})


@dataclass
class DocState:
    """What the article has said so far. `cursor` (a character offset) limits every look-up
    to what comes before the mention being resolved."""

    day: str | None
    seen: list[tuple[int, Actor]] = field(default_factory=list)  # persons, in text order
    named: dict[str, Actor] = field(default_factory=dict)  # persons named anywhere (pre-pass)
    state_seen: list[tuple[int, str]] = field(default_factory=list)
    forms: dict[str, set[str]] = field(default_factory=dict)  # person id -> name forms seen
    cursor: int = 1 << 62

    def see(self, start: int, actor: Actor, form: str | None = None) -> None:
        if actor.kind == "person":
            self.seen.append((start, actor))
            if form:
                self.forms.setdefault(actor.id, set()).add(form)
        elif actor.code and actor.kind in ("state", "group", "institution"):
            self.state_seen.append((start, actor.code))

    @property
    def states(self) -> Counter[str]:
        return Counter(code for start, code in self.state_seen if start < self.cursor)

    def person_counts(self) -> Counter[str]:
        return Counter(a.id for start, a in self.seen if start < self.cursor)

    def recent_persons(self) -> list[Actor]:
        """Distinct persons seen before the cursor, most recent first."""
        out: list[Actor] = []
        for start, actor in sorted(self.seen, key=lambda x: -x[0]):
            if start < self.cursor and all(a.id != actor.id for a in out):
                out.append(actor)
        return out

    def main_states(self, n: int = 2) -> list[str]:
        return [code for code, _ in self.states.most_common(n)]


def _roles_now(kb: KnowledgeBase, actor: Actor, day: str | None) -> frozenset[str]:
    person = kb.persons.get(actor.id)
    if person is None:
        return frozenset()
    offices = person.offices_at(day)
    return offices[0].roles if offices else frozenset()


def _fits(
    kb: KnowledgeBase, state: DocState, actor: Actor, role: str, code: str | None, word: str | None
) -> bool:
    """Holds `role` now, of state `code`, with an office title using `word` ("secretary" or
    "minister": "the defense secretary" is American or British, not China's defence minister)."""
    if role not in _roles_now(kb, actor, state.day) or (code is not None and actor.code != code):
        return False
    return word is None or word in (actor.office or "").lower()


def holder_for_title(
    kb: KnowledgeBase, state: DocState, role: str, code: str | None, word: str | None = None
) -> Actor | None:
    """Who holds `role` (of state `code`, if given) at the article's date, read in context.

    A person seen earlier in the article with the role wins ("the secretary" only if one
    secretary was seen); else the one such person the article names anywhere; else the one
    holder in the knowledge base among the states the article mentions.
    """
    seen = [a for a in state.recent_persons() if _fits(kb, state, a, role, code, word)]
    if seen and (role != "secretary" or len(seen) == 1):
        return seen[0]
    if role == "secretary":
        return None  # "the secretary" names someone the article has already introduced
    later = [a for a in state.named.values() if _fits(kb, state, a, role, code, word)]
    if len(later) == 1:
        return later[0]  # "the commerce secretary will follow" ... "Gina Raimondo's visit"
    holders = [
        p for p in kb.holders(role, state.day, code)
        if _fits(kb, state, kb.person_actor(p.id, state.day), role, code, word)
    ]  # fmt: skip
    if code is None:
        mentioned = state.states
        holders = [p for p in holders if mentioned.get(kb.person_actor(p.id, state.day).code)]
    if len(holders) == 1:
        return kb.person_actor(holders[0].id, state.day)
    return None


def counterpart(
    kb: KnowledgeBase, state: DocState, anchor: Actor | None, code: str | None
) -> Actor | None:
    """ "his (Chinese) counterpart": the holder of the anchor's role in the other state."""
    if anchor is None or anchor.kind != "person":
        return None
    roles = _roles_now(kb, anchor, state.day) - _GENERIC_ROLES
    if code is None:
        others = [c for c in state.main_states(3) if c != anchor.code]
        code = others[0] if others else None
    if code is None or code == anchor.code:
        return None
    for role in sorted(roles):
        found = holder_for_title(kb, state, role, code)
        if found is not None:
            return found
    return None


def plural_referents(
    kb: KnowledgeBase, state: DocState, role: str | None, sector: str | None
) -> list[Actor]:
    """ "the two presidents" -> the two most recent distinct holders; "the two countries" ->
    the two states the article is about (most mentioned)."""
    if role is not None:
        # The two most mentioned holders: the article's protagonists, not the last two named.
        counts = state.person_counts()
        found = [a for a in state.recent_persons() if role in _roles_now(kb, a, state.day)]
        found.sort(key=lambda a: -counts[a.id])
        return found[:2] if len(found) >= 2 else []
    codes = [c for c in state.main_states(2) if c in kb.states]
    if len(codes) < 2 or sector is None:
        return []
    return [kb.sector_actor(c, sector) for c in codes]


def _is_subject(doc: Doc, mention: ActorMention) -> bool:
    """A mention that is the subject of its clause, or the speaker of "said X"."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    if head.dep_ in ("nsubj", "nsubjpass"):
        return True
    return head.dep_ in ("appos", "compound") and head.head.dep_ in ("nsubj", "nsubjpass")


def resolve_pronouns(doc: Doc, mentions: list[ActorMention], taken: set[int]) -> list[ActorMention]:
    """ "he"/"she" as a subject, when exactly one named person precedes it in that sentence
    and the one before, and nobody else unnamed (an unresolved PERSON) is there."""
    out: list[ActorMention] = []
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        window_start = sents[i - 1].start_char if i else sent.start_char
        for token in sent:
            if token.lower_ not in PRONOUNS or token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if token.i in taken:
                continue
            before = [
                m for m in mentions + out
                if window_start <= m.start < token.idx and m.label in ("PERSON", "COREF", "TITLE")
            ]  # fmt: skip
            people = {m.actor.id for m in before if m.actor and m.actor.kind == "person"}
            unresolved = any(m.actor is None for m in before)
            # One person only, and named as a subject: "Biden said ... He added" but not
            # "prompting Biden to ... But he added" after Xi was the subject.
            subjects = [m for m in before if m.actor and _is_subject(doc, m)]
            if len(people) == 1 and subjects and not unresolved:
                actor = next(m.actor for m in before if m.actor and m.actor.kind == "person")
                out.append(ActorMention(token.idx, token.idx + len(token), token.text,
                                        "COREF", actor, "coref"))  # fmt: skip
    return out
