"""Each event's own date: the temporal expression governing its clause, else the
context (the previous sentence of the paragraph), else the article date.

"In late February, Mr. Blinken confronted Mr. Wang" in a June story is an event
of 2023-02 (month precision), not of the publication date (issue 5).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyadwatch import timex_normalise as tn
from dyadwatch.models import Article, Timex
from dyadwatch.nlp import doc_text
from dyadwatch.timex_tag import FUTURE, UNKNOWN, clause_tense, governing_verb, tag_with

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# expressions whose value comes from a date mentioned before them
_ANAPHORIC = re.compile(
    r"\b(that|the)\s+(same\s+)?day\b|\b(next|following|previous)\s+day\b|\bday\s+(before|after)\b"
    r"|\b(days?|weeks?)\s+(earlier|later)\b",
    re.I,
)
_DIRECTIONAL = re.compile(r"^(?:(?:on|in)\s+)?[A-Za-z]+\.?$")  # "Friday", "November"


@dataclass
class EventDate:
    """The date of one event mention; `date` is ISO 8601 cut to `precision`."""

    date: str | None
    precision: str = "unknown"  # day | month | year | unknown
    date_end: str | None = None
    source: str = "article"  # timex | context | article
    text: str | None = None


def cut_value(value: str) -> tuple[str, str] | None:
    """A TIMEX3 DATE/TIME value as (ISO date, precision), weeks to their month,
    quarters and seasons to their year; None for values that date nothing
    (PRESENT_REF, decades, XXXX-06)."""
    day = re.match(r"^(\d{4}-\d{2}-\d{2})", value)
    if day:
        return day[1], "day"
    if re.match(r"^\d{4}-\d{2}$", value):
        return value, "month"
    week = re.match(r"^(\d{4})-W(\d{2})", value)
    if week:
        try:
            thursday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 4)
        except ValueError:  # "2023-W60": no such week
            return None
        return thursday.isoformat()[:7], "month"
    year = re.match(r"^(?:FY)?(\d{4})(?:$|-(?:Q\d|H\d|SP|SU|FA|WI)$)", value)
    if year:
        return year[1], "year"
    return None


def date_event(doc: Doc, trigger_start: int, timexes: list[Timex], article: Article) -> EventDate:
    """The date of the event whose trigger starts at `trigger_start` (a character
    offset into the doc's text, which is `article.text`)."""
    token = _token_at(doc, trigger_start)
    if token is None:
        return article_fallback(article)
    sent = token.sent
    text = doc_text(doc)
    in_sentence = [t for t in timexes if _within(t, sent) and _same_line(text, t, token.idx)]
    candidates = [t for t in in_sentence if _may_date(doc, t, token)]
    perfect = _present_perfect(token)
    if perfect is not None:
        # "China has agreed ... after suspending it last August": the present
        # perfect takes no definite past date, so only one on its own verb counts
        candidates = [t for t in candidates if _governed_by(doc, t, perfect)]
    best = _governing(doc, token, candidates)
    if _present_state(token) and (
        best is None or (_before(best, article) and not _written_out(best))
    ):
        # "as of February, the store accounts for 70%": a state that holds now; but a
        # caption's present tells the past at a date it writes out ("Biden meets Xi in
        # Bali, November 14, 2022"), and a schedule's the future ("begins on Wednesday")
        return article_fallback(article)
    if best is not None:
        source = "context" if _ANAPHORIC.search(best.text) else "timex"
        return _event_date(doc, token, best, in_sentence, article, source)
    previous = _previous_in_paragraph(doc, sent) if perfect is None else None
    if previous is not None:
        earlier = [t for t in timexes if _within(t, previous) and _usable(t) and not _since(doc, t)]
        if earlier:
            return _event_date(doc, token, earlier[-1], [], article, "context")
    return article_fallback(article)


def _may_date(doc: Doc, t: Timex, trigger: Token) -> bool:
    """Whether the expression can be the date of the trigger's event at all: not the
    start of a period or a point of comparison, not another verb's deadline, not the
    date of the trigger's complement, of a thing named, or of another clause."""
    return (
        _usable(t)
        and not _since(doc, t, trigger)
        and not _deadline_elsewhere(doc, t, trigger)
        and not _of_the_complement(doc, t, trigger)
        and not _names_a_thing(doc, t, trigger)
        and not _outside_its_relative_clause(doc, t, trigger)
    )


def _present_state(token: Token) -> bool:
    """A verb in the simple present with no auxiliary ("accounts for", "owns")."""
    return token.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in token.children
    )


def _written_out(t: Timex) -> bool:
    return t.precision == "day" and bool(re.search(r"\b\d{4}\b", t.text))


def _point(t: Timex) -> str:
    """The date an expression names: a DATE's value, or the date a duration counted
    from another reaches ("three days later")."""
    return t.points_to or t.value


def _before(t: Timex, article: Article) -> bool:
    cut = cut_value(_point(t))
    return bool(cut and article.published and cut[0] < article.published[: len(cut[0])])


def article_fallback(article: Article) -> EventDate:
    """No expression dates the event: the article's date, marked as such."""
    if article.published and cut_value(article.published):
        return EventDate(article.published[:10], "day", source="article")
    return EventDate(None, "unknown", source="article")


def _usable(t: Timex) -> bool:
    dates = t.type in ("DATE", "TIME") or t.points_to is not None
    return dates and cut_value(_point(t)) is not None


def _same_line(text: str, t: Timex, offset: int) -> bool:
    """Paragraphs and captions are lines: a date on another line is not this clause's."""
    return "\n" not in text[min(t.start, offset) : max(t.end, offset)]


def _since(doc: Doc, t: Timex, trigger: Token | None = None) -> bool:
    """ "The first visit since 2018": the start of a period, not the event's date; nor
    is a point of comparison ("up 54 points from March 12", "an improvement from
    2008") unless a range goes on from it ("from March to June") or the event is told
    in a clause about that date ("from 2008, when Ford posted a loss")."""
    text = doc_text(doc)
    before = text[max(0, t.start - 12) : t.start]
    if re.search(r"\bsince\s+(the\s+)?$", before, re.I):
        return True
    if not re.search(r"\bfrom\s+(the\s+)?$", before, re.I) or _RANGE_ON.match(text, t.end):
        return False
    return trigger is None or not _about_the_date(doc, t, trigger)


def _about_the_date(doc: Doc, t: Timex, trigger: Token) -> bool:
    root = _root(doc, t)
    return root is not None and root in trigger.ancestors


def _root(doc: Doc, t: Timex) -> Token | None:
    """The syntactic head of the expression's tokens; None if it covers no token."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) > 0 else None


def _outside_its_relative_clause(doc: Doc, t: Timex, trigger: Token) -> bool:
    """ "China, which accused Washington of meddling, sent envoys on Friday": a trigger
    inside a relative clause takes only the dates of that clause and of the noun it
    describes ("a visit on Wednesday in which he will meet Lee", "March 30, when the
    party withdrew")."""
    clause = next((a for a in [trigger, *trigger.ancestors] if a.dep_ == "relcl"), None)
    if clause is None or _of_place_or_time(clause):
        return False
    root = _root(doc, t)
    return root is not None and clause.head not in [root, *root.ancestors]


def _of_place_or_time(clause: Token) -> bool:
    """ "flies to Seoul, where he will meet Yoon", "a war in which thousands were
    killed": the clause shares the time of the sentence it hangs in."""
    for child in clause.children:
        if child.lower_ in ("where", "when", "whereby"):
            return True
        if child.dep_ == "prep" and any(g.lower_ in ("which", "whom") for g in child.children):
            return True
    return False


_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod"})


def _names_a_thing(doc: Doc, t: Timex, trigger: Token) -> bool:
    """ "A breach of the 1991 settlement", "a loss of 2007": the date modifies a
    noun, not the trigger's event; but "a meeting in November San Francisco" dates
    the meeting through its own place, and "a 1975 coup in which Rahman was killed"
    dates what the clause about the coup tells."""
    root = _root(doc, t)
    if root is None:
        return False
    if root.dep_ in _MODIFIER_DEPS:
        noun = root.head
    elif root.dep_ == "pobj" and root.head.lower_ == "of":
        noun = root.head.head
    else:
        return False
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i == trigger.i or noun in trigger.ancestors:
        return False
    return not (noun.head.pos_ == "ADP" and noun.head.head.i == trigger.i)


_RANGE_ON = re.compile(r"\s*(?:-|–|—|to\b|through\b|until\b|till\b)", re.I)


def _deadline_elsewhere(doc: Doc, t: Timex, trigger: Token) -> bool:
    """ "Agreed to phase them out by the end of 2013": a deadline of another verb, not the
    event's date; "by October, three ministers will visit" still dates the visit."""
    before = doc_text(doc)[max(0, t.start - 10) : t.start]
    if not re.search(r"\b(by|until|till|before)\s+(the\s+)?$", before, re.I):
        return False
    return not _governed_by(doc, t, trigger)


def _of_the_complement(doc: Doc, t: Timex, trigger: Token) -> bool:
    """ "Threatened to impose tariffs next month", "the trial is set to begin on
    Wednesday", "reported that foreclosures rose in the fourth quarter": the date of
    the action the trigger's complement names, not of the threat, plan or report."""
    verb = _governor(doc, t)
    return verb is not None and verb.dep_ in ("xcomp", "ccomp") and verb.head.i == trigger.i


def _within(t: Timex, span: Span) -> bool:
    return span.start_char <= t.start and t.end <= span.end_char


def _token_at(doc: Doc, offset: int) -> Token | None:
    if not 0 <= offset < len(doc_text(doc)):
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _governing(doc: Doc, token: Token, candidates: list[Timex]) -> Timex | None:
    """The candidate nearest the trigger in the dependency tree, then in characters;
    never one inside a clause that modifies a noun ("the bank, which was founded in 1784,
    agreed to merge": 1784 dates the founding, not the agreement) or one of another
    time; one in an "after" clause only when nothing nearer dates the event."""
    nearest = _nearest(doc, token, candidates, _APART | _BOUND)
    return nearest or _nearest(doc, token, candidates, _APART)


def _nearest(
    doc: Doc, token: Token, candidates: list[Timex], marks: frozenset[str]
) -> Timex | None:
    best: tuple[int, int, Timex] | None = None
    for t in candidates:
        root = _root(doc, t)
        if root is None or _in_noun_clause(root, token, marks):
            continue
        key = (_tree_distance(token, root), abs(t.start - token.idx), t)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None


_NOUN_CLAUSES = frozenset({"relcl", "acl"})
# adverbial clauses that place their own event apart from the main one ("deployed since
# Britain seized it in 1841"); "when", "as" and "while" clauses share the main event's
# time and may date it
_APART = frozenset({"since", "before", "until", "till", "because", "although", "though",
                    "if", "unless"})  # fmt: skip
# "closed the channels after Pelosi visited Taiwan last August": a bound, the closest
# date the sentence offers when the event's own clause has none
_BOUND = frozenset({"after", "once"})


def _in_noun_clause(timex_root: Token, trigger: Token, marks: frozenset[str] = _APART) -> bool:
    """The timex hangs in a relative or adnominal clause that does not hold the trigger,
    or in an adverbial clause introduced by one of `marks`."""
    above_trigger = {trigger.i, *(t.i for t in trigger.ancestors)}
    node = timex_root
    while node.i not in above_trigger and node.head.i != node.i:
        if node.dep_ in _NOUN_CLAUSES:
            return True
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in marks for c in node.children
        ):
            return True
        node = node.head
    return False


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {tok.i: n for n, tok in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i]
    return len(up_a) + len(up_b)


def _previous_in_paragraph(doc: Doc, sent: Span) -> Span | None:
    """The sentence before `sent`, if no paragraph break separates them."""
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    if "\n" in doc_text(doc)[previous.start_char : sent.start_char]:
        return None
    return previous


def _event_date(
    doc: Doc, token: Token, timex: Timex, in_sentence: list[Timex], article: Article, source: str
) -> EventDate:
    value = _redirected(token, timex, article) or _point(timex)
    cut = cut_value(value)
    if cut is None:  # cannot happen for usable timexes; kept for safety
        return article_fallback(article)
    date, precision = cut
    end = _range_end(doc_text(doc), timex, date, precision, in_sentence)
    end = end or _duration_end(doc_text(doc), date, precision, in_sentence)
    return EventDate(date, precision, end, source, _with_signal(doc_text(doc), timex))


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|(?:to|through|until|till|and)\b)\s*", re.I)


def _range_end(
    text: str, timex: Timex, date: str, precision: str, in_sentence: list[Timex]
) -> str | None:
    """ "June 19-21", "from June 19 to June 21", "between May 3 and 5": the last day."""
    if precision != "day":
        return None
    join = _RANGE_JOIN.match(text, timex.end)
    if join is None:
        return None
    if join.group(0).strip().lower() == "and" and not re.search(
        r"\bbetween\s+$", text[max(0, timex.start - 12) : timex.start], re.I
    ):
        return None  # "on June 19 and 20 people died": "and" joins a range only after "between"
    for t in in_sentence:
        cut = cut_value(t.value) if t.start == join.end() and t.type == "DATE" else None
        if cut and cut[1] == "day" and cut[0] > date:
            return cut[0]
    day = re.match(r"(\d{1,2})\b(?![:.,]?\d)", text[join.end() : join.end() + 3])
    if day and int(date[8:]) < int(day[1]):
        end = tn.valid_day(int(date[:4]), int(date[5:7]), int(day[1]))
        return end if len(end) == 10 else None  # "June 19-31" has no last day
    return None


def _present_perfect(token: Token) -> Token | None:
    """The finite verb of the trigger's clause if it is in the present perfect
    ("has agreed", "have pressured China to resume")."""
    verb = token
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    if verb.tag_ != "VBN":
        return None
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return verb if auxes & {"has", "have", "'ve"} else None


def _governor(doc: Doc, t: Timex) -> Token | None:
    """The verb the expression modifies in the parse (timex_tag.governing_verb)."""
    root = _root(doc, t)
    return governing_verb(root) if root is not None else None


def _governed_by(doc: Doc, t: Timex, verb: Token) -> bool:
    governor = _governor(doc, t)
    return governor is not None and governor.i == verb.i


def _redirected(token: Token, timex: Timex, article: Article) -> str | None:
    """A bare weekday or month re-resolved by the trigger verb's own tense, when
    the tagger could only guess it ("the meeting on Friday" hangs off a noun). A
    noun trigger ("meeting in November") follows its sentence's main verb, and
    only forward: "That would pave the way for ... a meeting in November"."""
    if not _DIRECTIONAL.match(timex.text.strip()):
        return None
    if token.pos_ in ("VERB", "AUX"):
        tense = clause_tense(token)
    else:
        tense = clause_tense(token.sent.root)
        tense = tense if tense == FUTURE else UNKNOWN
    anchor = tn.parse_anchor(article.published)
    if tense == UNKNOWN or anchor is None:
        return None
    again = tag_with(timex.text, anchor, lambda s, e: tense)
    return again[0].value if len(again) == 1 else None


def _with_signal(text: str, t: Timex) -> str:
    """The words that date the event: "three days later", not the bare "three days"."""
    if t.points_to is None:
        return t.text
    signal = re.match(r"\s+(?:later|earlier)\b", text[t.end : t.end + 12], re.I)
    return text[t.start : t.end + signal.end()] if signal else t.text


def _relative_offset(text: str, t: Timex) -> bool:
    """ "Two days after the attack" places the event; it does not last two days."""
    return bool(re.match(r"\s+(after|before|later|earlier|ago)\b", text[t.end : t.end + 10], re.I))


def _duration_end(text: str, date: str, precision: str, in_sentence: list[Timex]) -> str | None:
    """ "A three-day visit" or "four days of talks" from a day: its last day."""
    if precision != "day":
        return None
    for t in in_sentence:
        m = re.match(r"^P(\d+)D$", t.value) if t.type == "DURATION" else None
        if m and 1 < int(m[1]) <= 31 and not _relative_offset(text, t):
            start = dt.date.fromisoformat(date)
            return (start + dt.timedelta(days=int(m[1]) - 1)).isoformat()
    return None
