"""Event status from tense, modality, negation and conditionals.

    occurred      "met", "has imposed", "held talks"
    planned       "will meet", "plans to visit", "expected to attend", "the upcoming summit"
    hypothetical  "would meet", "could visit", "hopes to meet", "if they meet", "a potential summit"
    negated       "did not attend", "refused to meet", "cancelled the visit", "without meeting"

The cues are read on the trigger and on the words that govern it, climbing the parse
through control verbs, prepositions and objects but never through a reporting verb's
complement boundary: in "officials said Xi will not attend", only "will not attend"
counts, not "said".
"""

from __future__ import annotations

from spacy.tokens import Token

PLANNED_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can", "ca"})
NEG_WORDS = frozenset({"not", "n't", "never", "no"})
PLANNED_GOVERNORS = frozenset({
    "plan", "schedule", "expect", "prepare", "intend", "aim", "agree", "decide", "promise",
    "pledge", "vow", "arrange", "set", "due", "go", "commit", "announce", "confirm", "plans",
    "prepared", "swear", "sworn", "determined", "poised", "slated",
})  # fmt: skip
HYPOTHETICAL_GOVERNORS = frozenset({
    "hope", "want", "seek", "wish", "eager", "willing", "ready", "like", "consider",
    "propose", "offer", "urge", "ask", "call", "push", "press", "demand", "request", "pressure",
    "need", "prospect", "possibility", "depend", "invite", "threaten", "able",
    "encourage", "favor", "favour", "insist", "explore", "discuss", "weigh", "desire",
})  # fmt: skip
NEGATING_GOVERNORS = frozenset({
    "refuse", "decline", "fail", "reject", "deny", "cancel", "postpone", "avoid", "bar",
    "prevent", "block", "rule", "scrap", "without", "instead", "absence", "delay",
})  # fmt: skip
PLANNED_MODIFIERS = frozenset({
    "planned", "upcoming", "expected", "scheduled", "proposed", "future", "forthcoming",
    "impending", "next", "anticipated", "coming",
})  # fmt: skip
PLAN_NOUNS = frozenset({"plan", "preparation", "arrangement", "schedule"})
HYPOTHETICAL_MODIFIERS = frozenset({"potential", "possible", "hypothetical", "any", "eventual"})
# "has not yet confirmed the visit": the visit is still open, not cancelled.
HEDGING_VERBS = frozenset({"confirm", "announce", "say", "decide", "know", "rule"})
STOP_DEPS = frozenset({"ccomp", "parataxis", "relcl", "ROOT"})
# "Xi's goal, announced after the summit": the summit frames the announcement in time; the
# announcing verb's own meaning ("announce" plans things) says nothing about the summit.
TIME_FRAMES = frozenset({"after", "before", "following", "since"})
PRIORITY = {"negated": 3, "hypothetical": 2, "planned": 1, "occurred": 0}


def _cues_on(token: Token, is_event_word: bool) -> list[str]:
    """Status cues carried by one word of the chain (its auxiliaries, negation, marks)."""
    cues = []
    lemma = token.lemma_.lower()
    words = {lemma, token.lower_, token.lower_.removesuffix("s")}  # "hopes" -> lemma "hop"
    for child in token.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "advmod" and low == "never"):
            hedge = not is_event_word and lemma in HEDGING_VERBS
            cues.append("hypothetical" if hedge else "negated")
        elif child.dep_ in ("aux", "auxpass") and low in PLANNED_AUX:
            cues.append("planned")
        elif child.dep_ in ("aux", "auxpass") and low in HYPOTHETICAL_AUX:
            cues.append("hypothetical")
        elif child.dep_ == "mark" and low in ("if", "unless"):
            cues.append("hypothetical")
        elif child.dep_ in ("amod", "compound", "det") and low in PLANNED_MODIFIERS:
            cues.append("planned")
        elif child.dep_ in ("amod", "det") and low in HYPOTHETICAL_MODIFIERS:
            cues.append("hypothetical")
        elif child.dep_ == "aux" and low == "going":
            cues.append("planned")
    if not is_event_word:
        if lemma == "call":  # "called off the talks" / "called for talks"
            cues.append("negated" if _has_particle(token, "off") else "hypothetical")
        elif words & NEGATING_GOVERNORS:
            cues.append("negated")
        elif words & PLANNED_GOVERNORS:
            cues.append("planned")
        elif words & HYPOTHETICAL_GOVERNORS:
            cues.append("hypothetical")
        elif any(c.dep_ == "dobj" and c.lemma_.lower() in PLAN_NOUNS for c in token.children):
            cues.append("planned")  # "making plans for a meeting"
    return cues


def _has_particle(token: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in token.children)


def _would_in_report(token: Token) -> bool:
    """ "announced it would freeze": future in the past, planned rather than hypothetical."""
    cur = token
    while cur.dep_ not in STOP_DEPS and cur.head is not cur:
        cur = cur.head
    return (
        cur.dep_ == "ccomp"
        and cur.head.tag_ in ("VBD", "VBN")
        and any(c.lower_ == "would" for c in cur.children)
    )


def _infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def event_status(trigger: Token, anchor: Token | None = None) -> str:
    """The status of the event a trigger (and its light verb, if any) expresses."""
    cues: list[str] = []
    event_words = {trigger.i} | ({anchor.i} if anchor is not None else set())
    cur: Token = trigger
    framing: set[int] = set()  # verbs an event is only the time frame of
    for _ in range(8):
        found = _cues_on(cur, cur.i in event_words or cur.i in framing)
        if cur.i in framing:  # "announced after the summit": only tense counts
            found = [c for c in found if c != "negated"]
        if "hypothetical" in found and _would_in_report(cur):
            found = [c if c != "hypothetical" else "planned" for c in found]
        cues += found
        if cur.dep_ in STOP_DEPS or cur.head is cur:
            break
        if cur.dep_ == "advcl" and not _infinitive(cur):
            break  # "when they met, ...": the main clause's modality is not this event's
        if cur.dep_ in ("nsubj", "nsubjpass") and cur.pos_ in ("NOUN", "PROPN"):
            break  # "Yellen's visit will help": "will" is about helping, not the visit
        if cur.dep_ == "conj":  # "met and agreed": a coordinate verb, not a governor
            event_words.add(cur.head.i)
        if cur.dep_ == "prep" and cur.lower_ in TIME_FRAMES:
            framing.add(cur.head.i)
        cur = cur.head
    if not cues:
        return "occurred"
    return max(cues, key=lambda c: PRIORITY[c])
