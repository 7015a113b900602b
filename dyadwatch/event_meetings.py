"""Participants of a meeting named by a bare noun: "after the summit", "their talks" (issue 7).

    frame_participants(match, index, lex) -> list[ActorMention]
    corefer_meetings(events) -> None       (fills participants from earlier mentions)

"the Biden-Xi summit" and "Xi's meeting with Biden" name their participants and are read
by :func:`dyadwatch.event_nouns.noun_roles`. A bare "the summit" does not; two general
sources are tried here, in this order:

1. The clause the meeting frames: whoever speaks or acts *after*, *before* or *following*
   a meeting took part in it ("Biden told reporters after the summit"; "Mr. Xi's goal,
   announced after the summit", where the participle's agent is the possessor of the noun
   it describes).
2. Coreference within the article: a definite "the summit" / "the meeting" / "their talks"
   refers to the latest earlier meeting in the same article whose participants are named
   and whose place does not contradict it ("Biden and Xi will meet in San Francisco ...
   after the summit").

A meeting that stays without participants is dropped, as before: fusion and the export
contract need at least one.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from dyadwatch.event_rules import (
    OBJ,
    PASS_SUBJ,
    SUBJ,
    Lexicon,
    Match,
    MentionIndex,
    inherited_subject,
    np_actors,
    subject_of,
)
from dyadwatch.models import ActorMention, EventMention

TEMPORAL_FRAMES = frozenset({"after", "before", "following", "since"})
# "his visit" is the nearest man's, not the article's last meeting: only these determiners
DEFINITE = frozenset({"the", "their", "that", "this"})
MEETING_NOUNS = frozenset({"summit", "meeting", "talks", "talk", "visit", "trip", "meetings"})
# antecedents: meetings (not visits, calls or trips, which have their own participants)
MEETING_WORDS = frozenset({"meet", "met", "meets", "meeting", "meetings", "summit", "talks"})
WINDOW = 2500  # characters back to an antecedent


def _participle_owner(verb: Token, index: MentionIndex) -> list[ActorMention]:
    """ "Mr. Xi's goal, announced after the summit": a subjectless participle describing a
    noun was done by the noun's possessor."""
    if verb.tag_ != "VBN" or any(c.dep_ in SUBJ + PASS_SUBJ for c in verb.children):
        return []
    if verb.dep_ == "acl":
        noun: Token | None = verb.head
    elif verb.dep_ == "advcl":  # the parser often hangs the participle from the main verb
        objs = [c for c in verb.head.children if c.dep_ in OBJ and c.i < verb.i]
        noun = objs[-1] if objs else None
    else:
        noun = None
    if noun is None:
        return []
    return [m for c in noun.children if c.dep_ == "poss"
            for m in np_actors(c, index, agentive=True)]  # fmt: skip


def frame_participants(match: Match, index: MentionIndex, lex: Lexicon) -> list[ActorMention]:
    """Participants of a bare meeting noun from the clause it is the time frame of."""
    noun = match.frame or match.token
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in TEMPORAL_FRAMES:
        return []
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    actors, seen = subject_of(verb, index)
    if not seen:
        actors = inherited_subject(verb, index, lex)
    return actors or _participle_owner(verb, index)


def _definite(event: EventMention, doc_tokens: dict[int, Token]) -> bool:
    token = doc_tokens.get(event.trigger_start)
    if token is None:
        return False
    return any(c.lower_ in DEFINITE for c in token.children if c.dep_ in ("det", "poss"))


def _places_agree(bare: EventMention, earlier: EventMention) -> bool:
    """A bare meeting with a place ("the summit near San Francisco") is only an earlier
    meeting known to be in the same country; one without a place may be any."""
    if bare.place is None or not bare.place.country_code:
        return True
    return earlier.place is not None and earlier.place.country_code == bare.place.country_code


def _antecedent(bare: EventMention, earlier: EventMention) -> bool:
    sides = earlier.actors + earlier.recipients
    if earlier.event != "CONSULT" or len(sides) < 2 or not _places_agree(bare, earlier):
        return False
    if earlier.sent_start >= bare.sent_start or bare.sent_start - earlier.sent_start > WINDOW:
        return False  # an earlier sentence, not far back
    if not set(earlier.trigger.lower().split()) & MEETING_WORDS:
        return False
    own = {m.actor.id for m in bare.actors if m.actor is not None}
    # "Xi's summit" is no earlier meeting Xi was not in
    return not own or bool(own & {m.actor.id for m in sides if m.actor is not None})


def corefer_meetings(events: list[EventMention], doc_tokens: dict[int, Token]) -> None:
    """Give a definite bare meeting ("the summit") with at most one participant the named
    participants of the latest earlier meeting of the article whose place agrees."""
    for i, event in enumerate(events):
        if event.event != "CONSULT" or event.trigger.lower() not in MEETING_NOUNS:
            continue
        if event.recipients or len(event.actors) > 1 or not _definite(event, doc_tokens):
            continue
        for earlier in reversed(events[:i]):
            if not _antecedent(event, earlier):
                continue
            events[i] = dataclasses.replace(
                event, actors=list(earlier.actors), recipients=list(earlier.recipients)
            )
            break
