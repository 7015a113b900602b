"""The events stage: sentences into PLOVER event mentions (who did what to whom, where).

    extract_events(doc, article, mentions) -> list[EventMention]

For each sentence: find triggers from the lexicon (``data/triggers.yaml``), read actor
and recipient off the dependency parse (:mod:`dyadwatch.event_rules`), decide the status
(:mod:`dyadwatch.status`), the place (:mod:`dyadwatch.places`), the quotation for
statements (:mod:`dyadwatch.quotes`) and the PLOVER contexts, and code the CAMEO root,
quad class and Goldstein value (``data/cameo_plover.yaml``). Dates are left to the
pipeline, which reads them from the time stage at ``trigger_start``. Recipients the parse
rules miss ("fired at X", "a curfew in Algiers") come from :mod:`dyadwatch.event_targets`,
as does the unidentified doer of an agentless attack; participants of a bare "the summit"
from :mod:`dyadwatch.event_meetings`.

Only states, institutions, IGOs, groups and officials are actors; recipients are those or
civilian groups an act was aimed at ("Iraqi civilians"). A quoted scholar, a journalist
or the newspaper is never either (``event_rules.is_agent`` / ``is_target``).

Direction conventions: "X and Y met" gives actors [X, Y] and no recipient (reciprocal);
"X hosted Y" codes Y, the visitor, as actor and X as recipient, so that the visit and the
hosting of one trip code the same way (the PLOVER gold codes the host as source with
mode "host"; we keep the visit direction for fusion).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import DyadwatchError
from dyadwatch.event_meetings import (
    DEFINITE,
    MEETING_NOUNS,
    corefer_meetings,
    frame_participants,
)
from dyadwatch.event_nouns import noun_roles
from dyadwatch.event_rules import (
    NON_AGENT_SECTORS,
    Lexicon,
    Match,
    MentionIndex,
    Roles,
    find_triggers,
    is_agent,
    load_lexicon,
    np_actors,
    protester_actors,
    subject_of,
    verb_roles,
)
from dyadwatch.event_targets import (
    home_recipient,
    is_agentless,
    more_recipients,
    officials_by_side,
    place_recipient,
    possessed_statement,
    unidentified_attacker,
)
from dyadwatch.models import ActorMention, Article, EventMention, Place
from dyadwatch.places import city_names, find_place
from dyadwatch.quotes import find_quote, quotes_in
from dyadwatch.status import event_status

STATEMENT_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT", "AGREE", "SUPPORT"})
INTENT_KEEPS = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT", "AGREE"})
# PLOVER codes announced future actions as intentions: cooperative ones are AGREE,
# hostile ones THREATEN ("X will withdraw its force unless ..."); a refused or failed
# cooperative act is REJECT ("will not accept refugees", "failed to reach agreement").
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOSTILE = frozenset({"SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "PROTEST"})
MODAL_REQUEST = frozenset({"should", "must"})
PHONE_WORDS = frozenset({"virtually", "virtual", "phone", "telephone", "video", "videoconference",
                         "videolink", "call", "calls"})  # fmt: skip
MULTILATERAL_WORDS = frozenset({"sidelines", "margins", "summit", "conference", "forum"})
OCCURRENCE_VERBS = frozenset({"take", "be", "conclude", "happen", "occur", "wrap", "close"})
OWN_PREPS = frozenset({"of", "by", "with", "between", "among"})
MAX_TRIGGER_SPAN = 8  # tokens; longer light-verb spans are reported as the noun alone


@dataclasses.dataclass(frozen=True)
class CameoCode:
    type: str | None
    goldstein: float
    quad: int
    mode: tuple[str, ...]
    context: tuple[str, ...]


@lru_cache(maxsize=1)
def load_cameo() -> dict[str, CameoCode]:
    """CAMEO code -> PLOVER type, Goldstein value, quad class (``data/cameo_plover.yaml``)."""
    where = "dyadwatch/data/cameo_plover.yaml"
    try:
        data = read_yaml("cameo_plover.yaml")
    except (OSError, yaml.YAMLError) as exc:
        raise DyadwatchError(f"{where} cannot be read: {exc}; reinstall the package") from exc
    quads: dict[str, int] = {str(k): int(v) for k, v in data["quad_by_root"].items()}
    out = {}
    for code, row in data["codes"].items():
        out[str(code)] = CameoCode(
            type=row.get("type"), goldstein=float(row["g"]), quad=quads[str(code)[:2]],
            mode=tuple(row.get("mode", ())), context=tuple(row.get("context", ())),
        )  # fmt: skip
    return out


@lru_cache(maxsize=1)
def _context_patterns() -> dict[str, re.Pattern[str]]:
    lex = load_lexicon()
    return {
        name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")s?\b")
        for name, words in lex.contexts.items()
    }


def contexts_of(sent: Span) -> list[str]:
    """PLOVER contexts whose keywords occur in the sentence (lemmas or surface words)."""
    return list(_contexts(sent.text.lower() + " " + " ".join(t.lemma_.lower() for t in sent)))


@lru_cache(maxsize=256)
def _contexts(text: str) -> tuple[str, ...]:
    return tuple(name for name, pat in _context_patterns().items() if pat.search(text))


def plover_intent_type(event: EventMention) -> str:
    """The PLOVER type under the manual's conventions for intentions and refusals: a planned
    or hoped-for cooperative act is AGREE, a hostile one THREATEN, a refused or failed
    cooperative act REJECT; others keep their type. Used to score against PLOVER gold;
    the stage itself keeps the act's own type with its status (fusion needs both)."""
    if event.status == "negated" and event.event in COOPERATIVE | {"AGREE"}:
        return "REJECT"
    if event.status in ("planned", "hypothetical") and event.event not in INTENT_KEEPS:
        if event.event in COOPERATIVE:
            return "AGREE"
        if event.event in HOSTILE:
            return "THREATEN"
    return event.event


def extract_events(doc: Doc, article: Article, mentions: list[ActorMention]) -> list[EventMention]:
    """PLOVER event mentions in an article, one per trigger with an agentive actor."""
    if len(doc) and not doc.has_annotation("DEP"):
        raise DyadwatchError(
            f"{article.source}: the events stage needs a parsed doc; run the full spaCy "
            "pipeline (dyadwatch.nlp.load_pipeline) with its parser enabled"
        )
    lex = load_lexicon()
    index = MentionIndex(mentions, [t.idx for t in doc], lex.agent_nouns)
    events: list[EventMention] = []
    names = frozenset(index.by_token)
    for sent in doc.sents:
        for match in find_triggers(sent, lex, names):
            event = _code(match, sent, index, lex)
            if event is not None:
                events.append(event)
        events.extend(_modal_requests(sent, index, lex))
    if any(not e.actors for e in events):
        corefer_meetings(events, {t.idx: t for t in doc})
    return [e for e in events if e.actors]


def _bare_meeting(match: Match) -> bool:
    """ "the summit", "their talks": a definite meeting noun with no participants of its
    own, kept until coreference with the article's earlier meetings (event_meetings)."""
    token = match.token
    if match.entry.pos != "N" or match.entry.type != "CONSULT" or match.anchor is not None:
        return False
    if token.lower_ not in MEETING_NOUNS or any(
        c.dep_ == "prep" and c.lower_ in OWN_PREPS for c in token.children
    ):
        return False  # "the secret trip of William Burns" names its own traveller
    if any(c.dep_ in ("compound", "nmod") or c.pos_ == "PROPN" for c in token.lefts):
        return False  # "the G20 summit" is a named forum, not a reference back
    return any(c.lower_ in DEFINITE for c in token.children if c.dep_ in ("det", "poss"))


def _name_calling(match: Match, index: MentionIndex) -> list[ActorMention] | None:
    """ "called Xi a dictator" is name-calling (ACCUSE), not a phone call: the people
    labelled, or None when the verb is no labelling "call"."""
    token, entry = match.token, match.entry
    if entry.lemma != "call" or entry.pos != "V" or entry.extra is not None:
        return None
    labels = [c for c in token.children if c.dep_ in ("oprd", "xcomp", "ccomp")]
    objs = [c for c in token.children if c.dep_ == "dobj"]
    labels += [c for o in objs for c in o.children if c.dep_ == "appos"]
    if not labels:
        return None
    found = [m for o in objs for m in np_actors(o, index)]
    for label in labels:
        found += [m for c in label.lefts if c.dep_ in ("nmod", "compound", "poss")
                  for m in np_actors(c, index)]  # fmt: skip
    return found


NOT_HOSTS = NON_AGENT_SECTORS | {"HLH"}  # doctors and hospitals receive patients


def _host(hosts: list[ActorMention]) -> bool:
    """A host that receives for a state or group: not doctors or a hospital."""
    return any(m.actor is not None and m.actor.sector not in NOT_HOSTS for m in hosts)


def _guest(match: Match, index: MentionIndex) -> bool:
    """Whether the trigger's object itself is a party ("received Blinken", "Blinken was
    received"), not a thing that names one ("received a letter from X", "received Blinken's
    remarks")."""
    verb = match.token
    heads = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    heads += [c for h in heads for c in h.children if c.dep_ == "conj"]
    return any(
        (m := index.at(h)) is not None and m.actor is not None
        and m.actor.kind in ("person", "state", "group", "igo", "institution")
        for h in heads
    )  # fmt: skip


def _roles(match: Match, index: MentionIndex, lex: Lexicon) -> Roles:
    if match.entry.pos == "N":
        return noun_roles(match, index, lex, city_names())
    return verb_roles(match, index, lex)


def _code(match: Match, sent: Span, index: MentionIndex, lex: Lexicon) -> EventMention | None:
    roles = _roles(match, index, lex)
    labelled = _name_calling(match, index)
    if labelled is not None:
        match.entry = dataclasses.replace(
            match.entry, type="ACCUSE", cameo="111", mode=("disapprove",), needs="recipient"
        )
        roles.recipients = [m for m in labelled if m not in roles.actors]
    entry = match.entry
    possessed_statement(match, roles, index)  # "insisted on its demands that Y ..."
    if not roles.actors and entry.type == "PROTEST":
        roles.actors = protester_actors(match, index)
        roles.recipients = [m for m in roles.recipients if m not in roles.actors]
    if not roles.actors and not roles.recipients and entry.pos == "N" and entry.type == "CONSULT":
        roles.actors = frame_participants(match, index, lex)  # "announced after the summit"
    agentless = not roles.actors and is_agentless(match, index)
    if not roles.actors and not agentless and not _bare_meeting(match):
        return None  # a bare "the summit" waits for coreference (event_meetings)
    reciprocal = len(_codes(roles.actors)) > 1  # "X and Y talked": each the other's partner
    if entry.needs == "recipient" and not (roles.recipients or reciprocal):
        return None
    if entry.needs == "slot" and not (roles.recipients or roles.has_object):
        return None
    if entry.needs == "object" and not roles.has_object:
        return None
    if entry.needs == "guest" and not (_host(roles.recipients) and _guest(match, index)):
        return None  # a visitor, and a host that acts for a party (not "hospital officials")
    if not roles.recipients:  # "fired rockets at X", "imposed a curfew in Algiers"
        roles.recipients = more_recipients(match, roles.actors, index)
    code = load_cameo().get(entry.cameo)
    if code is None:
        raise DyadwatchError(
            f"triggers.yaml: {entry.lemma!r} has CAMEO code {entry.cameo!r} "
            "that cameo_plover.yaml does not list; fix the trigger"
        )
    start, end, text = _trigger_span(match)
    anchors = [t for t in (match.token, match.anchor, match.extra) if t is not None]
    head = match.token.head
    if (
        entry.pos == "N"
        and match.token.dep_ in ("nsubj", "nsubjpass")
        and (head.lemma_ in lex.light_verbs or head.lemma_ in OCCURRENCE_VERBS)
    ):
        anchors.append(head)  # "the talks took place in Vienna"
    place = find_place(sent, anchors, visit="visit" in entry.mode)
    if "visit" in entry.mode and not roles.recipients and place is not None:
        roles.recipients = _host_of(place, sent, index, roles.actors)
    if agentless:  # "three soldiers were killed by a roadside bomb near Basra"
        roles.actors = [unidentified_attacker(match, sent, index, place)]
    if not roles.recipients:  # "reimposed blockades in the West Bank"
        roles.recipients = place_recipient(entry.type, place, sent, roles.actors)
    if not roles.recipients:  # "Egyptian demonstrators rioted": at their own government
        roles.recipients = home_recipient(entry.type, roles.actors)
    roles.recipients = officials_by_side(roles.recipients, roles.actors)
    if agentless and not roles.recipients:
        return None  # "a man was killed": no one coded on either side
    quote = find_quote(sent, match.token) if entry.quote or entry.type in STATEMENT_TYPES else None
    mode = list(entry.mode)
    if entry.type == "CONSULT":
        mode = consult_modes(mode, match, place, roles)
    return EventMention(
        event=entry.type, actors=roles.actors, recipients=roles.recipients,
        trigger=text, trigger_start=start, trigger_end=end,
        sentence=sent.text, sent_start=sent.start_char, sent_end=sent.end_char,
        status=event_status(match.token, match.anchor), mode=mode,
        context=_merge(entry.context, code.context, contexts_of(sent)),
        place=place, quote=quote,
        cameo=entry.cameo[:2], quad_code=code.quad, event_scale=code.goldstein,
    )  # fmt: skip


def _host_of(
    place: Place, sent: Span, index: MentionIndex, actors: list[ActorMention]
) -> list[ActorMention]:
    """The visited party of "Wang's visit Washington": the place's own actor mention."""
    own = {m.actor.code for m in actors if m.actor is not None}
    for mention in index.mentions:
        if sent.start_char <= mention.start < sent.end_char and is_agent(mention):
            if mention.text.lower() == place.name.lower() and mention.actor is not None:
                return [mention] if mention.actor.code not in own else []
    return []


def consult_modes(mode: list[str], match: Match, place: Place | None, roles: Roles) -> list[str]:
    """PLOVER CONSULT modes from the parse and the place: "phone" for calls and virtual
    talks, "multilateral" on the sidelines of a summit or conference, "third-party" when
    the meeting place belongs to neither side, "visit" when it belongs to one side only."""
    words = {t.lower_ for t in match.token.subtree} | {
        c.lower_ for t in (match.token, match.anchor) if t is not None for c in t.children
    }
    out = list(mode)
    if words & PHONE_WORDS and "phone" not in out:
        return ["phone"]
    if words & MULTILATERAL_WORDS and "multilateral" not in out:
        out.append("multilateral")
    if place is not None and place.country_code and "phone" not in out:
        sides = _codes(roles.actors) | _codes(roles.recipients)
        if sides and place.country_code not in sides and len(sides) > 1:
            out.append("third-party")
        elif len(sides) > 1 and place.country_code in sides and "visit" not in out:
            out.append("visit")
    return out


def _merge(*lists: Any) -> list[str]:
    out: list[str] = []
    for items in lists:
        out.extend(i for i in items if i and i not in out)
    return out


def _trigger_span(match: Match) -> tuple[int, int, str]:
    """Offsets and text of the trigger words ("held ... talks" as one span when close)."""
    tokens = match.tokens or [match.token]
    first, last = tokens[0], tokens[-1]
    if last.i - first.i > MAX_TRIGGER_SPAN:
        first = last = match.token
    span = match.token.doc[first.i : last.i + 1]  # not doc.text: that rebuilds the whole text
    return first.idx, last.idx + len(last), span.text


def _modal_requests(sent: Span, index: MentionIndex, lex: Lexicon) -> list[EventMention]:
    """ "Wang said the United States should lift sanctions": a REQUEST from the speaker to
    the subject of the embedded clause (PLOVER codes such demands as REQUEST)."""
    out = []
    for verb in sent:
        if verb.lemma_.lower() not in lex.reporting_verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            if not _is_demand(clause):
                continue
            targets = [m for s in clause.children if s.dep_ == "nsubj" for m in np_actors(s, index)]
            speakers = subject_of(verb, index)[0]
            if not targets or not speakers or _self_demand(speakers, targets):
                continue
            out.append(_request_event(verb, clause, sent, speakers, targets))
    return out


def _self_demand(speakers: list[ActorMention], targets: list[ActorMention]) -> bool:
    """ "China said it must ...", "Chinese officials said China must ...": a resolve, not a
    demand. A demand on another actor of the same country is one: "Rwandan rebels said
    President Kagame must agree" (PLOVER codes it REQUEST, rebels to government)."""
    ids = {m.actor.id for m in speakers if m.actor is not None}
    codes = _codes(speakers)
    return any(
        m.actor is None or m.actor.id in ids or (m.actor.kind == "state" and m.actor.code in codes)
        for m in targets
    )


def _is_demand(clause: Token) -> bool:
    """ "X should/must do", "X needs to do": a demand on the clause's subject."""
    if any(c.dep_ == "aux" and c.lower_ in MODAL_REQUEST for c in clause.children):
        return True
    return clause.lemma_ == "need" and any(c.dep_ == "xcomp" for c in clause.children)


def _codes(mentions: list[ActorMention]) -> set[str]:
    return {m.actor.code for m in mentions if m.actor is not None}


def _request_event(
    verb: Token,
    clause: Token,
    sent: Span,
    speakers: list[ActorMention],
    targets: list[ActorMention],
) -> EventMention:
    code = load_cameo()["100"]
    quoted = quotes_in(sent.text)
    return EventMention(
        event="REQUEST", actors=speakers, recipients=targets,
        trigger=verb.text, trigger_start=verb.idx, trigger_end=verb.idx + len(verb),
        sentence=sent.text, sent_start=sent.start_char, sent_end=sent.end_char,
        status="occurred", context=contexts_of(sent),
        place=None, quote=quoted[0][2] if quoted else None,
        cameo="10", quad_code=code.quad, event_scale=code.goldstein,
    )  # fmt: skip
