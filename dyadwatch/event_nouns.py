"""Roles of a nominal trigger: who acts and who receives in "Wang's visit to Washington",
"talks between X and Y", "during his visit", "the G20 summit".

    noun_roles(match, index, lex, cities) -> Roles

Split from :mod:`dyadwatch.event_rules` (the verb rules and the shared noun-phrase readers
live there); the events stage calls this for every trigger with ``pos: N``.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyadwatch.event_rules import (
    FRAME_PREPS,
    NP_MODIFIERS,
    PASS_SUBJ,
    STATIVE_PASSIVES,
    Lexicon,
    Match,
    MentionIndex,
    Roles,
    _add,
    _lemma,
    _tidy,
    inherited_subject,
    is_agent,
    np_actors,
    prep_objects,
    subject_of,
    verb_roles,
)
from dyadwatch.models import ActorMention


def noun_roles(match: Match, index: MentionIndex, lex: Lexicon, cities: frozenset[str]) -> Roles:
    """Actor and recipient of a nominal trigger ("Wang's visit to Washington"). A city
    name used as a modifier is where, not who ("the Beijing talks")."""
    noun, entry, anchor = match.token, match.entry, match.anchor
    roles = Roles()
    for child in noun.lefts:
        if child.dep_ in NP_MODIFIERS:
            for tok in child.subtree:
                mention = index.at(tok)
                if mention is None or not is_agent(mention) or mention in roles.actors:
                    continue
                if child.dep_ != "poss" and mention.text.lower() in cities:
                    continue
                if entry.type == "CONSULT" and child.dep_ != "poss" and _kind(mention) == "igo":
                    roles.recipients.append(mention)  # "the G20 summit": the forum, not who
                    continue
                roles.actors.append(mention)
    holders = [noun] + [t for t in (match.frame, anchor) if t is not None]
    holders += [p for _, p in prep_objects(noun, ("of",))]  # "withdrawal of forces from X"
    between: list[ActorMention] = []
    for holder in holders:
        for prep, pobj in prep_objects(holder, entry.preps + ("between", "among", "by")):
            if prep in ("between", "among"):
                _add(between, np_actors(pobj, index, agentive=True))
            elif prep == "by":
                _add(roles.actors, np_actors(pobj, index, agentive=True))
            else:
                roles.has_object = True
                _add(roles.recipients, np_actors(pobj, index))
    if not roles.actors and anchor is not None:
        plain = replace(entry, swap=False)  # the noun's own swap is applied below
        roles.actors = verb_roles(Match(entry=plain, token=anchor), index, lex).actors
    if anchor is not None and not roles.recipients:  # "gave Tanzania a grant"
        for obj in anchor.children:
            if obj.dep_ in ("dative", "iobj") or (obj.dep_ == "dobj" and noun not in obj.subtree):
                _add(roles.recipients, np_actors(obj, index))
    if not roles.actors and anchor is None and not between:
        roles.actors, frame = _frame_actor(match.frame or noun, index, lex)
        if frame is not None and not roles.recipients:  # "spent hours with X in meetings"
            for _, pobj in prep_objects(frame, ("with",)):
                _add(roles.recipients, np_actors(pobj, index))
    # "talks between X and Y": the parties act; "X's mediation between Y and Z": they receive
    _add(roles.recipients if roles.actors else roles.actors, between)
    roles.has_object = roles.has_object or bool(roles.recipients)
    if entry.swap:  # "X gave Y a warm welcome": Y, the visitor, acts (as "X hosted Y")
        roles.actors, roles.recipients = roles.recipients, roles.actors
    return _tidy(roles)


def _kind(mention: ActorMention) -> str | None:
    return mention.actor.kind if mention.actor is not None else None


def _frame_actor(
    noun: Token, index: MentionIndex, lex: Lexicon
) -> tuple[list[ActorMention], Token | None]:
    """ "During his visit", "in meetings", "for talks": the clause's subject, if it is no
    reporter, and the clause's verb."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in FRAME_PREPS:
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and _lemma(verb) not in lex.reporting_verbs:
            actors, seen = subject_of(verb, index)
            passive = [c for c in verb.children if c.dep_ in PASS_SUBJ]
            if not seen and passive and _lemma(verb) in STATIVE_PASSIVES:  # "were engaged in"
                return np_actors(passive[0], index, agentive=True), verb
            return (actors if seen else inherited_subject(verb, index, lex)), verb
    return [], None
