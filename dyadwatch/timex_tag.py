"""The temporal tagger: regex candidates (timex_rules.py), then anaphora and tense.

Relative expressions are resolved against the anchor (the article date) and the
tense of their clause: "met on Friday" is the Friday before, "will meet on
Friday" the one after. With a spaCy doc the tense comes from the governing verb;
without one, from marker words near the expression ("will", "said", "-ed").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyadwatch import timex_normalise as tn
from dyadwatch.errors import InputError
from dyadwatch.models import Timex
from dyadwatch.timex_lexicon import CALENDAR_WORDS, load_lexicon
from dyadwatch.timex_patterns import rules
from dyadwatch.timex_rules import Ctx, Norm

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PAST, UNKNOWN, FUTURE = tn.PAST, tn.UNKNOWN, tn.FUTURE
Direction = Callable[[int, int], int]

# an anaphoric "the next day" looks back this far for the date it follows
_ANAPHOR_REACH = 1500


def tag_timexes(text: str, anchor: str | None, doc: Doc | None = None) -> list[Timex]:
    """Find and normalise the temporal expressions of `text`; offsets index `text`.

    `anchor` is the article date (ISO YYYY-MM-DD) or None; `doc`, when given, must
    be the spaCy parse of this same text and lends the verbs' tense.
    """
    if not isinstance(text, str):
        raise InputError(f"tag_timexes: text must be a str, got {type(text).__name__}")
    anchor_date = tn.parse_anchor(anchor)
    if anchor and anchor_date is None:
        raise InputError(f"tag_timexes: anchor {anchor!r} is not a date: give YYYY-MM-DD or None")
    direction = heuristic_direction(text)
    if doc is not None and doc.text == text:
        direction = doc_direction(doc, direction)
    return tag_with(text, anchor_date, direction)


def tag_with(text: str, anchor: dt.date | None, direction: Direction) -> list[Timex]:
    """The tagger proper, with the tense oracle chosen by the caller."""
    ctx = Ctx(anchor, direction)
    found = []
    for priority, (pattern, handler) in enumerate(rules()):
        for m in pattern.finditer(text):
            start, end = m.span("span") if m.groupdict().get("span") else m.span()
            found.append((start, end, priority, m, handler))
    found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
    # longest first; accepted spans are disjoint, kept sorted by start, so a new
    # span need only be checked against its two neighbours
    starts: list[int] = []
    taken: list[tuple[int, int, Norm]] = []
    for start, end, _, m, handler in found:
        i = bisect.bisect_left(starts, start)
        if (i > 0 and taken[i - 1][1] > start) or (i < len(starts) and starts[i] < end):
            continue
        try:
            norm = handler(m, ctx)
        except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999
            norm = None
        if norm is not None:
            starts.insert(i, start)
            taken.insert(i, (start, end, norm))
    return _resolve_anaphors(text, taken, anchor, direction)


def _resolve_anaphors(
    text: str, taken: list[tuple[int, int, Norm]], anchor: dt.date | None, direction: Direction
) -> list[Timex]:
    """ "The next day", "earlier in the day", "a week later" count from the last
    day-precise date mentioned before them; "a year earlier" and "the same
    period last year" from the last quarter (or month) mentioned, as earnings
    reports compare them; "later that year" from the last year the text names;
    else from the anchor."""
    out: list[Timex] = []
    last = _Antecedents()
    for start, end, norm in taken:
        if _THAT_DAY.match(text, start, end) and not (
            last.day and start - last.day[0] < _ANAPHOR_REACH
        ):
            continue  # "trades made that day": no day named before, a day in general
        if norm.anaphor:
            _resolve_one(norm, start, last)
        # only a quarter named outright ("the third quarter", "the quarter"), and not
        # one ahead: "a year earlier" after "the year-ago quarter" or after a forecast
        # for "the fourth quarter" is still a year before the quarter under discussion
        if (norm.anaphor is None or norm.anaphor[:2] == ("year", 0)) and (
            norm.type == "DATE" and (q := re.match(r"^(\d{4})-Q(\d)$", norm.value))
        ):
            reference = _REFERENCE_POINT.search(text, max(0, start - 30), start)
            if reference is None and (
                not _ahead(int(q[1]), int(q[2]), anchor) or direction(start, end) != FUTURE
            ):
                last.quarter = (end, int(q[1]), int(q[2]))
        if norm.type == "DURATION" and _MONTHS_SPAN.match(norm.value):
            last.span = (end, norm.value)  # "in the first nine months"
        if norm.type in ("DATE", "TIME") and (day := tn.parse_anchor(norm.value)):
            last.day = (end, day)
        if norm.type in ("DATE", "TIME") and (ym := _YEAR_MONTH.match(norm.value)):
            last.month = (end, int(ym[1]), int(ym[2])) if ym[2] else None
            last.month_named = len(norm.value) == 7
            if _YEAR_WRITTEN.search(text, start, end):
                # "that year" looks back to a year the text names, not to "last year"
                last.year = (end, int(ym[1]))
        made = _lasting if norm.lasting else _timex
        out.append(made(text, start, end, norm))
    out = _merge_clock_times(text, out)
    return _coordinated_sets(text, _add_second_days(text, _day_before_a_date(text, out)))


_DAY_BEFORE = re.compile(r"^the\s+day\s+(before|after)$", re.I)


def _day_before_a_date(text: str, timexes: list[Timex]) -> list[Timex]:
    """ "The day before last Tuesday's hearing": one date, a day off the one named."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        a = timexes[i]
        b = timexes[i + 1] if i + 1 < len(timexes) else None
        m = _DAY_BEFORE.match(a.text)
        day = tn.parse_anchor(b.value) if b is not None and b.type == "DATE" else None
        if m and b is not None and day is not None and text[a.end : b.start].isspace():
            value = tn.day_value(tn.shift_days(day, -1 if m[1].lower() == "before" else 1))
            out.append(Timex(a.start, b.end, text[a.start : b.end], "DATE", value, "day", None))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


_AND_OR = re.compile(r"\s+(?:and|or)\s+$")
_WEEKDAY_SET = re.compile(r"^XXXX-WXX-\d(T\w\w)?$")


def _coordinated_sets(text: str, timexes: list[Timex]) -> list[Timex]:
    """ "On Monday and Tuesday nights": the first weekday recurs like the second."""
    lex = load_lexicon()
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        wd = lex.weekdays.get(a.text.lower())
        if wd and b.type == "SET" and (m := _WEEKDAY_SET.match(b.value)) and _AND_OR.match(
            text[a.end : b.start]
        ):
            value = f"XXXX-WXX-{wd}{m[1] or ''}"
            timexes[i] = Timex(a.start, a.end, a.text, "SET", value, "unknown", a.mod)
    return timexes


def _ahead(year: int, quarter: int, anchor: dt.date | None) -> bool:
    return anchor is not None and (year, quarter) >= (anchor.year, tn.quarter_of(anchor))


# "April 24 and 25": the bare second day is a date in the same month
_SECOND_DAY = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?=\s*(?:[,.;:)]|$|(?:in|at|on|for|when|with|and|but)\b))"
)


def _add_second_days(text: str, timexes: list[Timex]) -> list[Timex]:
    out: list[Timex] = []
    for i, t in enumerate(timexes):
        out.append(t)
        m = _SECOND_DAY.match(text, t.end)
        next_start = timexes[i + 1].start if i + 1 < len(timexes) else len(text)
        if not (m and m.end() <= next_start and t.type == "DATE" and t.text[-1:].isdigit()):
            continue
        day = tn.parse_anchor(t.value)
        if day is not None and len(t.value) == 10 and day.day < int(m[1]) <= 31:
            value = tn.valid_day(day.year, day.month, int(m[1]))
            out.append(Timex(m.start(1), m.end(1), m[1], "DATE", value, "day"))
    return out


# "After a flat second quarter, ... gained": a quarter named as the point things
# are measured from is not the one under discussion
_REFERENCE_POINT = re.compile(
    r"\b(?:after|since|following|until)\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w-]+\s+)?$", re.I
)
_THAT_DAY = re.compile(r"that\s+day\b", re.I)
_MONTHS_SPAN = re.compile(r"^P(?:[2-9]|1[01])M$")  # a reporting span of months
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d\d)\b)?")
_YEAR_WRITTEN = re.compile(r"\d{4}|\b(?:nineteen|two\s+thousand)\b", re.I)


@dataclass
class _Antecedents:
    """The dates mentioned so far, each with the offset where its mention ends."""

    day: tuple[int, dt.date] | None = None
    quarter: tuple[int, int, int] | None = None
    year: tuple[int, int] | None = None
    month: tuple[int, int, int] | None = None
    month_named: bool = False
    span: tuple[int, str] | None = None


def _resolve_one(norm: Norm, start: int, last: _Antecedents) -> None:
    """Re-count an anaphoric value from the antecedent its unit needs, if one
    was mentioned within reach; otherwise the anchor-based value stands."""
    assert norm.anaphor is not None
    unit, delta, reach = norm.anaphor
    after_span = last.span and last.span[0] > (last.quarter[0] if last.quarter else -1)
    if unit in ("year", "quarter-of") and after_span:
        # "nine-month profit rose from a year earlier", "... in the 1988 period": a year
        return
    if unit == "year" and last.quarter and start - last.quarter[0] < reach:
        norm.value = f"{last.quarter[1] + delta:04d}-Q{last.quarter[2]}"
    elif unit == "period" and (last.quarter or last.month or last.span):
        _resolve_period(norm, start, reach, last)
    elif unit == "quarter-of" and last.quarter and start - last.quarter[0] < reach:
        norm.value = f"{norm.value}-Q{last.quarter[2]}"  # "the 1988 period"
    elif unit == "that-year" and last.year and start - last.year[0] < reach:
        norm.value = f"{last.year[1] + delta:04d}"
    elif unit == "that-month" and last.month and start - last.month[0] < reach:
        norm.value = tn.month_value(*tn.add_months(last.month[1], last.month[2], delta))
    elif unit in ("day", "week") and last.day and start - last.day[0] < reach:
        shifted = tn.shift_unit(last.day[1], unit, delta)
        norm.value = shifted + norm.value[10:] if norm.type == "TIME" else shifted
    elif unit == "weekday" and last.day and start - last.day[0] < reach:
        # delta: the ISO weekday, negative for the one before the day spoken of
        sign = 1 if delta > 0 else -1
        day = tn.resolve_weekday(tn.shift_days(last.day[1], sign), abs(delta), sign)
        norm.value = day + norm.value[10:]


def _resolve_period(norm: Norm, start: int, reach: int, last: _Antecedents) -> None:
    """ "The same period last year": the quarter or the month just discussed, a year back."""
    quarter_end = last.quarter[0] if last.quarter else -1
    if last.span and last.span[0] > quarter_end and start - last.span[0] < reach:
        # "in the nine months ... in the year-earlier period": the same span a year back,
        # which TIMEX3 can only write as its length
        norm.type, norm.value = "DURATION", last.span[1]
        return
    # a month counts when named as a month ("sales in February"), not through a
    # day ("the quarter ended Sept. 30")
    month_end = last.month[0] if last.month and last.month_named else -1
    if quarter_end >= month_end and last.quarter and start - quarter_end < reach:
        norm.value = f"{last.quarter[1] - 1:04d}-Q{last.quarter[2]}"
    elif last.month and month_end >= 0 and start - month_end < reach:
        norm.value = tn.month_value(last.month[1] - 1, last.month[2])


def _merge_clock_times(text: str, timexes: list[Timex]) -> list[Timex]:
    """ "9 a.m. Tuesday", "Tuesday at 9 a.m.": one TIME on that day."""
    out: list[Timex] = []
    for t in timexes:
        prev = out[-1] if out else None
        if prev is not None and _clock_and_day(text, prev, t):
            clock, day = (prev, t) if prev.type == "TIME" else (t, prev)
            value = day.value[:10] + clock.value[10:]
            out[-1] = Timex(prev.start, t.end, text[prev.start : t.end], "TIME", value, "day")
            continue
        out.append(t)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if _restated(text, a, b):
            # "at 4 in the morning (4 a.m. EDT Thursday)": the brackets name the day
            value = b.value[:10] + a.value[10:]
            out[i] = Timex(a.start, a.end, a.text, "TIME", value, "day", a.mod)
    return out


_CLOCK = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _restated(text: str, a: Timex, b: Timex) -> bool:
    return bool(
        re.fullmatch(r"\s*\(\s*", text[a.end : b.start])
        and _CLOCK.match(a.value)
        and _CLOCK.match(b.value)
        and a.value[:10] != b.value[:10]
        and a.value[11:13] == b.value[11:13]
    )


# "9 a.m. EST, Nov. 6", "10:35 a.m. (0735 GMT) Friday", "Tuesday at 9 a.m."
_CLOCK_DAY_GAP = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?(?:[A-Z]{2,4}T?,?\s+)?(?:on\s+|at\s+|,\s*)?"
)


def _clock_and_day(text: str, a: Timex, b: Timex) -> bool:
    gap = text[a.end : b.start]
    if not _CLOCK_DAY_GAP.fullmatch(gap):
        return False
    return bool(
        (_CLOCK.match(a.value) and _DAY.match(b.value))
        or (_DAY.match(a.value) and _CLOCK.match(b.value))
    )


def _timex(text: str, start: int, end: int, norm: Norm) -> Timex:
    if norm.type in ("DATE", "TIME"):
        precision = tn.value_precision(
            norm.value.split("T")[0] if "T" in norm.value[4:] else norm.value
        )
    else:
        precision = "unknown"
    return Timex(start, end, text[start:end], norm.type, norm.value, precision, norm.mod)


_SIGNAL_AFTER = re.compile(r"\s+(?:later|earlier)$", re.I)


def _lasting(text: str, start: int, end: int, norm: Norm) -> Timex:
    """ "Three days later": its length, as TimeML writes it ("later" being the signal
    that links it to its anchor), pointing to the date it reaches."""
    assert norm.lasting is not None
    signal = _SIGNAL_AFTER.search(text, start, end)
    end = signal.start() if signal else end
    points_to = norm.value if re.match(r"^\d{4}", norm.value) else None
    return Timex(start, end, text[start:end], "DURATION", norm.lasting, "unknown", norm.mod,
                 points_to)  # fmt: skip


# --- tense -------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z']+")
# a sentence ends at . ! ? before a capital, unless the dot closes a title ("Mr. Xi")
_SENT_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bSt)(?<!\bGen)(?<!\bSen)(?<!\bRep)"
    r"(?<!\ba\.m)(?<!\bp\.m)"  # "4 a.m. EDT Thursday"
    r"[.!?][\"”']?\s+(?=[A-Z\"“])|\n"
)


_REPORTING = {"said", "says", "told", "added", "reported", "stated"}
_PAST_PLANS = {"planned", "scheduled", "decided", "agreed", "vowed", "pledged", "promised",
               "threatened", "offered", "proposed", "voted", "intended", "hoped"}  # fmt: skip
_CLOSE_QUOTE = re.compile(r"''|”|(?<=[,.!?])\"")

_PRESENT_BE = {"be", "been", "being", "is", "are", "am", "remain", "remains", "stay", "stays"}
# before an "-ed" word, these make it an adjective or a passive, not a past tense
_NOT_PAST_BEFORE = _PRESENT_BE | {"a", "an", "the", "still", "yet", "as"}


def heuristic_direction(text: str, reach: int = 5, far: int = 15) -> Direction:
    """Tense from marker words within `reach` words of the expression, in its
    sentence: the nearest marker wins ("will" → future; "said", "-ed" → past);
    if none is that near, the nearest within `far` words."""
    lex = load_lexicon()
    future = {m for m in lex.future_markers if " " not in m}
    future_pairs = {tuple(m.split()) for m in lex.future_markers if " " in m}
    past = set(lex.past_markers)
    # the words of a verb group between "had" and the verb it governs
    chain = future | {w for pair in future_pairs for w in pair} | {"been", "not", "previously"}
    # "the trial begins Monday", "they meet Monday": a schedule in the simple present
    schedule = {v + "s" for v in lex.schedule_markers} | {v + "es" for v in lex.schedule_markers}

    def mark(words: list[str], i: int) -> int:
        w, nxt = words[i].lower(), words[i + 1].lower() if i + 1 < len(words) else ""
        if w == "couldn't" or (w, nxt) == ("could", "not") or (
            w == "could" and _NO_ONE & {x.lower() for x in words[max(0, i - 8) : i]}
        ):
            return PAST  # "could not be reached Wednesday", "neither ... could be found": it failed
        if w in future or (w, nxt) in future_pairs:
            return PAST if past_perfect(words, i) else FUTURE
        if w in schedule or (
            w in lex.schedule_markers and i > 0 and _present_subject(words[i - 1])
        ):
            return FUTURE
        if w in ("was", "were") and nxt in future:
            return FUTURE  # "were planning to drive ... on Monday"
        # "-ed" on a lower-case word only: "the United States" is no past tense
        if w in past or (len(w) > 4 and w.endswith("ed") and words[i][0].islower()):
            # "will be named", "is being traded", "to remain closed", "on a still
            # unspecified date": no past tense
            return UNKNOWN if i > 0 and words[i - 1].lower() in _NOT_PAST_BEFORE else PAST
        return UNKNOWN

    def past_perfect(words: list[str], i: int) -> bool:
        """ "had been due to expire Friday": a plan in the past perfect is over."""
        j = i - 1
        while j >= 0 and words[j].lower() in chain:
            j -= 1
        return j >= 0 and words[j].lower() == "had"

    def direction(start: int, end: int) -> int:
        # look back at most 600 characters: long lines must not make this quadratic
        left = max(text.rfind("\n", 0, start), start - 600)
        for m in _SENT_END.finditer(text, max(0, left), start):
            left = m.end()
        right_m = _SENT_END.search(text, end, end + 600)
        right = right_m.start() + 1 if right_m else min(len(text), end + 600)
        # inside a quotation, the attribution after it ("... Thursday,'' Castro said")
        # does not give the tense of what is quoted
        close = _CLOSE_QUOTE.search(text, end, right)
        right = close.start() if close else right
        before = _reported_clause(_WORD.findall(text[max(0, left) : start])[-far:], mark)
        after = _WORD.findall(text[end:right])[:far]
        candidates = [(len(before) - i + 0.0, mark(before, i)) for i in range(len(before))]
        # on a tie the word before wins: "met Friday, and will meet again"
        # a reporting verb after the expression attributes the clause ("..., an official
        # said"): it does not give the clause's tense
        # and a plan in the past after it dates the planning ("On Friday, the government
        # planned to pay")
        candidates += [
            (i + 1.5, PAST if after[i].lower() in _PAST_PLANS else mark(after, i))
            for i in range(len(after))
            if after[i] not in _REPORTING
        ]
        hits = sorted((dist, -d) for dist, d in candidates if d != UNKNOWN)
        if not hits or (hits[0][0] > reach and len(hits) > 1 and hits[0][1] != hits[1][1]):
            return UNKNOWN  # nothing near, and the far words disagree
        return -hits[0][1]

    return direction


def _present_subject(word: str) -> bool:
    """A word that can be the subject of a plural simple present ("they meet"), not
    one that makes the verb an infinitive or negates it ("to meet", "didn't meet")."""
    return word.lower() in ("they", "we", "i", "you") or (
        word[0].isupper() and word.lower() not in _NOT_SUBJECT
    )


_NOT_SUBJECT = {"to", "did", "didn't", "not", "will", "would", "could", "should", "may", "might",
                "must", "can", "cannot", "shall"}  # fmt: skip


def _reported_clause(before: list[str], mark: Callable[[list[str], int], int]) -> list[str]:
    """ "announced that the father would be traveling Thursday": in a reported
    clause that has a tense marker of its own, the reporting verb says nothing."""
    lower = [w.lower() for w in before]
    if "that" not in lower:
        return before
    k = len(lower) - 1 - lower[::-1].index("that")
    clause = before[k + 1 :]
    return clause if any(mark(clause, i) != UNKNOWN for i in range(len(clause))) else before


def doc_direction(doc: Doc, fallback: Direction) -> Direction:
    """Tense of the verb that governs the expression in the parse; the marker words
    of the fallback decide when the verb's tense says nothing (present simple, a
    plan: "planned a rally on Saturday"). When the expression hangs off a noun,
    only a future marker counts ("will be named commander for a mission in
    March"): a far verb's past says nothing ("was looking forward to the visit in
    May")."""

    def direction(start: int, end: int) -> int:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return fallback(start, end)
        verb = governing_verb(span.root)
        if verb is None:
            return FUTURE if fallback(start, end) == FUTURE else UNKNOWN
        if _plans_what_follows(verb, span):
            return fallback(start, end)
        tense = clause_tense(verb)
        return tense if tense != UNKNOWN else fallback(start, end)

    return direction


_ARGUMENT_DEPS = ("dobj", "nsubj", "nsubjpass", "attr", "oprd")


def governing_verb(token: Token) -> Token | None:
    """The verb a time expression modifies, through prepositions and through a
    noun that is the verb's argument ("will hold talks on Friday"); None when it
    hangs off a noun inside a prepositional phrase ("plans for a meeting in May").
    The second of coordinated dates ("in January and February") shares the first's."""
    tok = token
    while tok.dep_ == "conj" and tok.head.i != tok.i and _calendar(tok.head):
        tok = tok.head
    for _ in range(5):
        head = tok.head
        if head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ in ("NOUN", "PROPN") and tok.pos_ == "ADP" and head.dep_ in _ARGUMENT_DEPS:
            return head.head if head.head.pos_ in ("VERB", "AUX") else None
        if head.pos_ != "ADP":
            return None
        tok = head
    return None


def _calendar(token: Token) -> bool:
    return token.lower_.rstrip(".") in CALENDAR_WORDS or token.like_num


def clause_tense(verb: Token) -> int:
    """The verb's tense; a participle or gerund with no auxiliary ("Biden and Xi
    meeting in November") takes the tense of the clause above it."""
    tense = verb_tense(verb)
    if tense != UNKNOWN or verb.tag_ not in ("VBG", "VBN", "VB"):
        return tense
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return tense
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "advcl"):
        # "the decision, announced Wednesday": a bare participle reports what was
        # done; "talks scheduled for Friday" names what is planned
        return UNKNOWN if verb.lemma_ in _SCHEDULE_LEMMAS else PAST
    for ancestor in list(verb.ancestors)[:5]:
        if ancestor.pos_ in ("VERB", "AUX") and (up := verb_tense(ancestor)) != UNKNOWN:
            return up
    return UNKNOWN


_PLAN_LEMMAS = {"plan", "expect", "schedule", "set", "due", "hope", "intend", "aim", "want",
                "prepare", "agree", "decide", "seek", "try", "go"}  # fmt: skip


# "planned a rally on Saturday", "has scheduled a news conference Thursday": the
# time is the plan's object's, which the plan's own tense does not date
_SCHEDULE_LEMMAS = {"plan", "schedule", "set", "slate", "due", "expect", "reschedule"}


def _plans_what_follows(verb: Token, span: Span) -> bool:
    """ "Planned a rally on Saturday": the time after a plan verb is the plan's object's,
    which the plan's own tense does not date; "On Friday, the government planned to
    pay" dates the planning."""
    return verb.lemma_ in _SCHEDULE_LEMMAS and verb.tag_ in ("VBD", "VBN") and span.start > verb.i


_NO_ONE = {"neither", "no", "nobody", "none", "nothing"}


def _denied(verb: Token) -> bool:
    """The verb is negated, or its subject is no one ("Neither he nor ...")."""
    for c in verb.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("nsubj", "nsubjpass") and any(
            t.lower_ in _NO_ONE for t in (c, *c.children)
        ):
            return True
    return False


def verb_tense(verb: Token) -> int:
    """PAST, FUTURE or UNKNOWN for a verb, from its tag and auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if "could" in lowers and _denied(verb):
        return PAST  # "could not be reached Wednesday", "neither could be located": it failed
    # modals look ahead: "could meet in November", "should visit next week"
    if lowers & {"will", "'ll", "shall", "wo", "would", "'d", "could", "might", "may", "should",
                 "must"}:  # fmt: skip
        return FUTURE
    if verb.tag_ == "VB" and "to" in lowers and verb.head.lemma_ in _PLAN_LEMMAS:
        # "had been scheduled to expire Friday": a plan in the past perfect is over
        plan = [verb.head] + ([verb.head.head] if verb.head.dep_ == "acomp" else [])
        head_auxes = {c.lower_ for t in plan for c in t.children if c.dep_ in ("aux", "auxpass")}
        return PAST if "had" in head_auxes else FUTURE
    if verb.tag_ == "VBG" and lowers & {"is", "are", "'s", "'re"}:
        return FUTURE  # "is meeting on Friday"
    if verb.tag_ in ("VBZ", "VBP") and not auxes and verb.lemma_ in load_lexicon().scheduled_verbs:
        return FUTURE  # "the trial begins on Wednesday": a schedule
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and lowers & {"has", "have", "had", "was", "were"}:
        return PAST
    return UNKNOWN
