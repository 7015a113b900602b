"""Regex rules of the temporal tagger: each finds one kind of expression and
normalises it to a TIMEX3 type and value.

A rule is a compiled pattern plus a handler that turns a match into a `Norm`
(or None to reject it). Rules only see the anchor and a tense oracle through
`Ctx`, so the same rules serve text with or without a spaCy parse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from dyadwatch import timex_normalise as tn
from dyadwatch.timex_lexicon import alternation, load_lexicon, number_value, spelled_year_value

PAST, UNKNOWN, FUTURE = tn.PAST, tn.UNKNOWN, tn.FUTURE


@dataclass(frozen=True)
class Ctx:
    anchor: dt.date | None
    direction: Callable[[int, int], int]  # (start, end) of the match -> PAST/UNKNOWN/FUTURE


@dataclass
class Norm:
    type: str
    value: str
    mod: str | None = None
    # (unit, delta, reach): counted from the last date mentioned within `reach` characters
    anaphor: tuple[str, int, int] | None = None
    # "three days later": TimeML writes the length (P3D) and links it to the date it
    # reaches, which `value` holds until the tagger makes the DURATION
    lasting: str | None = None


Handler = Callable[[re.Match[str], Ctx], Norm | None]

_MODS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID",
         "middle": "MID", "late": "END", "end": "END"}  # fmt: skip
_REL = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1,
        "this": 0, "current": 0, "same": 0, "latest": -1, "recent": -1}  # fmt: skip
_MOD_PREFIX = r"(?:(?P<mod>early|mid|late|(?:the\s+)?(?:beginning|start|end|middle)\s+of)[\s-]+)?"


def mod_of(m: re.Match[str], group: str = "mod") -> str | None:
    raw = m.groupdict().get(group)
    if not raw:
        return None
    key = raw.lower().split()[-2] if " of" in raw.lower() else raw.lower()
    return _MODS.get(key)


def _cap(word: str | None) -> bool:
    return bool(word) and word[0].isupper()  # type: ignore[index]


def _month(m: re.Match[str]) -> int | None:
    """The month of a match, rejecting lower-case names ("may", "march") and
    dotless abbreviations that are ordinary words ("Jan" the name)."""
    word = m["mon"]
    if not _cap(word):
        return None
    if len(word) <= 4 and word.lower() not in ("may", "june", "july"):
        rest = m.string[m.end("mon") : m.end("mon") + 4]
        if not word.endswith(".") and not re.match(r"\s*\d", rest):
            return None
    return load_lexicon().months[word.lower().rstrip(".")]


def _weekday(m: re.Match[str]) -> int | None:
    word = m["wd"]
    if not _cap(word):
        return None
    if len(word) <= 5 and not word.lower().endswith(("day", ".")):
        return None
    return load_lexicon().weekdays[word.lower().rstrip(".")]


def year_of(text: str) -> int | None:
    """A year written in digits or in words ("nineteen ninety-six")."""
    return int(text) if text.isdigit() else spelled_year_value(text)


def _year2(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 1900 if y > 30 else 2000
    return y


# --- handlers --------------------------------------------------------------------


def h_iso(m: re.Match[str], ctx: Ctx) -> Norm | None:
    day = tn.valid_day(int(m["y"]), int(m["m"]), int(m["d"]))
    if not 1 <= int(m["m"]) <= 12 or len(day) != 10:
        return None
    if m["H"]:
        return Norm("TIME", f"{day}T{m['H']}:{m['M']}")
    return Norm("DATE", day)


def h_numeric(m: re.Match[str], ctx: Ctx) -> Norm | None:
    a, b, year = int(m["a"]), int(m["b"]), _year2(m["y"])
    month, day = (a, b) if a <= 12 else (b, a)  # US order unless impossible
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Norm("DATE", tn.valid_day(year, month, day))


def h_full_date(m: re.Match[str], ctx: Ctx) -> Norm | None:
    month = _month(m)
    if month is None or not 1 <= int(m["d"]) <= 31:
        return None
    year = year_of(m["y"])
    if year is None:
        return None
    return Norm("DATE", tn.valid_day(year, month, int(m["d"])), mod_of(m))


def h_month_day(m: re.Match[str], ctx: Ctx) -> Norm | None:
    month = _month(m)
    if month is None or not 1 <= int(m["d"]) <= 31:
        return None
    rel = (m.groupdict().get("rel") or "").lower()
    direction = {"last": PAST, "next": FUTURE}.get(rel) or ctx.direction(m.start(), m.end())
    return Norm("DATE", tn.resolve_month_day(ctx.anchor, month, int(m["d"]), direction))


def h_month_year(m: re.Match[str], ctx: Ctx) -> Norm | None:
    month, year = _month(m), year_of(m["y"])
    if month is None or year is None:
        return None
    return Norm("DATE", tn.month_value(year, month), mod_of(m))


def h_month(m: re.Match[str], ctx: Ctx) -> Norm | None:
    month = _month(m)
    if month is None:
        return None
    rel = (m.groupdict().get("rel") or "").lower()
    if rel and ctx.anchor is not None:
        a = ctx.anchor
        if rel in ("last", "past", "previous"):
            year = a.year if month < a.month else a.year - 1
        elif rel in ("next", "coming"):
            year = a.year if month > a.month else a.year + 1
        else:
            year = a.year
        return Norm("DATE", tn.month_value(year, month), mod_of(m))
    if not rel and m["mod"] is None and not _plausible_bare_month(m):
        return None
    yrel = (m.groupdict().get("yrel") or "").lower()
    if yrel:  # "June last year", "January this year"
        year_value = tn.shift_unit(ctx.anchor, "year", {"last": -1, "next": 1}.get(yrel, 0))
        return Norm("DATE", f"{year_value}-{month:02d}", mod_of(m))
    direction = ctx.direction(m.start(), m.end())
    if _THIS_YEAR_TO.search(m.string[max(0, m.start() - 30) : m.start()]):
        # "sales this year through August": a month of the anchor's year
        this_year = f"{ctx.anchor.year:04d}" if ctx.anchor else "XXXX"
        return Norm("DATE", f"{this_year}-{month:02d}", mod_of(m))
    if _DEADLINE.search(m.string[max(0, m.start() - 8) : m.start()]):
        direction = FUTURE  # "by August", "until mid-November": a deadline ahead
    elif _SINCE.search(m.string[max(0, m.start() - 8) : m.start()]):
        direction = PAST  # "on patrol since March and was scheduled to return"
    elif direction == PAST and _NOUN_AFTER.match(m.string, m.end()):
        # "to start the day for November transactions": a month that names things
        # is not dated by the verb of the clause
        direction = UNKNOWN
    value = tn.resolve_month(ctx.anchor, month, direction)
    return Norm("DATE", value, mod_of(m))


_DEADLINE = re.compile(r"\b(by|until|till|through)\s+$", re.I)
# a plural noun right after a month: "November transactions", "the March elections"
_NOUN_AFTER = re.compile(r"\s+(?!(?:was|has|is|as|plus|this|thus|its|his|hers|ours|always)\b)"
                         r"[a-z]{3,}[^s\W]s\b")  # fmt: skip
_SINCE = re.compile(r"\bsince\s+$", re.I)
_THIS_YEAR_TO = re.compile(r"\bthis\s+year\s+(?:through|until|till|to)\s+$", re.I)
# "gave them until 9 a.m. Tuesday", "postponed until Tuesday": a deadline ahead, whatever
# the tense of the verb that set it
_DEADLINE_DAY = re.compile(
    r"\b(?i:by|until|till)\s+(?:(?:\d{1,2}(?::\d\d)?\s*(?i:[ap]\.?m\.?)|noon|midnight)\s*"
    r"(?:[A-Z]{2,4}\s*)?,?\s*)?(?:on\s+)?$"
)
# "could arrive as early as Tuesday", "as soon as trading opened Monday": a day ahead
_EARLIEST = re.compile(r"\bas\s+(?:soon|early)\s+as\s+(?:\w+\s+){0,2}(?:on\s+)?$", re.I)


def _plausible_bare_month(m: re.Match[str]) -> bool:
    """A bare "May" or "March" is a date only after a preposition or before a comma
    or a year; other month names are unambiguous."""
    word = m["mon"].lower()
    if word not in ("may", "march"):
        return True
    before = m.string[max(0, m.start() - 12) : m.start()].lower()
    return bool(re.search(r"\b(in|since|until|till|by|of|from|through|early|late|mid)[\s-]*$",
                          before))  # fmt: skip


def h_weekday(m: re.Match[str], ctx: Ctx) -> Norm | None:
    wd = _weekday(m)
    if wd is None:
        return None
    rel = (m["rel"] or "").lower()
    ana = (m.groupdict().get("ana") or "").lower()
    if ana and ctx.anchor is not None:
        # "the previous Friday", "the following Monday": counted from the day the
        # text speaks of (timex_tag.py), else from the anchor
        sign = 1 if ana == "following" else -1
        value = tn.resolve_weekday(ctx.anchor + dt.timedelta(days=sign), wd, sign)
        norm = _with_part_of_day(value, m["pod"])
        norm.anaphor = ("weekday", sign * wd, 1500)
        return norm
    if rel in ("last", "past", "previous") and ctx.anchor is not None:
        value = tn.resolve_weekday(ctx.anchor - dt.timedelta(days=1), wd, PAST)
    elif rel in ("next", "coming") and ctx.anchor is not None:
        value = tn.resolve_weekday(ctx.anchor + dt.timedelta(days=1), wd, FUTURE)
    elif _EARLIEST.search(m.string[max(0, m.start() - 40) : m.start()]) or _deadline_day(m):
        value = tn.resolve_weekday(ctx.anchor, wd, FUTURE)
    elif _SINCE.search(m.string[max(0, m.start() - 8) : m.start()]):
        value = tn.resolve_weekday(ctx.anchor, wd, PAST)
    else:
        value = tn.resolve_weekday(ctx.anchor, wd, ctx.direction(m.start(), m.end()))
    # "Friday night": the day and its part, as TimeML writes it (2023-06-16TNI)
    return _with_part_of_day(value, m["pod"])


def _deadline_day(m: re.Match[str]) -> bool:
    """ "until Tuesday", "by 9 a.m. Friday" is ahead, unless a past perfect puts
    the deadline behind ("reports had been filed by Wednesday")."""
    if not _DEADLINE_DAY.search(m.string[max(0, m.start() - 30) : m.start()]):
        return False
    return not _PAST_PERFECT.search(m.string[max(0, m.start() - 60) : m.end() + 60])


_PAST_PERFECT = re.compile(r"\bhad\b", re.I)


def _with_part_of_day(day: str, pod: str | None) -> Norm:
    if not pod:
        return Norm("DATE", day)
    return Norm("TIME", f"{day}T{load_lexicon().parts_of_day[pod.lower()]}")


def _era(m: re.Match[str]) -> bool:
    """ "today's youth", "the people of tomorrow": an era, not the day."""
    after, before = _era_patterns()
    text, start, end = m.string, m.start(), m.end()
    return bool(after.match(text, end, end + 40) or before.search(text, max(0, start - 30), start))


@lru_cache(maxsize=1)
def _era_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    nouns = alternation(load_lexicon().era_nouns)
    after = re.compile(rf"['’]s\s+(?:\w+\s+)?(?:{nouns})\b", re.I)
    return after, re.compile(rf"\b(?:{nouns})\s+of\s+$", re.I)


def _programme_name(m: re.Match[str]) -> bool:
    """ "USA Today", ABC's "This Week": a deictic in title case in mid-sentence
    names a paper or a programme."""
    words = m.group(0).split()
    return all(w[:1].isupper() for w in words) and not _sentence_start(m.string, m.start())


def h_deictic(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if _programme_name(m):
        return None
    word = m["w"].lower()
    if word in ("today", "tomorrow") and not m["pod"] and _era(m):
        return None
    delta = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0}[word]
    day = tn.shift_unit(ctx.anchor, "day", delta)
    if word == "tonight":
        return Norm("TIME", f"{day}TNI")
    if word == "this" and not m["pod"]:
        return None
    norm = _with_part_of_day(day, m["pod"])
    norm.mod = mod_of(m)
    return norm


def h_relunit(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if m["rel"].lower() == "this" and _programme_name(m):
        return None
    unit = m["unit"].lower()
    rel = m["rel"].lower()
    delta = _REL[rel]
    if unit in ("decade", "century") and rel in ("past", "last"):
        return Norm("DURATION", duration_value("1", unit) or "P10Y")
    if unit == "quarter" and rel in ("latest", "recent"):
        delta = -1
    value = tn.shift_unit(ctx.anchor, unit, delta)
    mod = mod_of(m) or mod_of(m, "edge")
    return Norm("DATE", value, mod)


def h_edge_unit(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the end of the year": the anchor's year, month or week, with its part."""
    return Norm("DATE", tn.shift_unit(ctx.anchor, m["unit"].lower(), 0), mod_of(m, "edge"))


def h_year_end(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "by year-end": the end of the anchor's year; "since year-end" the end of
    the year before."""
    since = _SINCE.search(m.string[max(0, m.start() - 8) : m.start()])
    return Norm("DATE", tn.shift_unit(ctx.anchor, "year", -1 if since else 0), "END")


def h_the_weekend(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if ctx.anchor is None:
        return Norm("DATE", "XXXX-WXX-WE")
    direction = ctx.direction(m.start(), m.end())
    past = direction != FUTURE and ctx.anchor.isoweekday() < 6
    return Norm("DATE", tn.shift_unit(ctx.anchor, "weekend", -1 if past else 0))


def h_ago(m: re.Match[str], ctx: Ctx) -> Norm | None:
    unit = _unit(m["unit"])
    n = number_value(m["num"])
    if unit in ("second", "minute", "hour") or re.match(r"\s+than\b", m.string[m.end() :]):
        # "an hour later": a duration, the clock time is unknown; "three days later than
        # planned": an offset, not a date
        return None
    if n is None:
        return _vague_ago(m, ctx)
    word = m["dir"].lower()
    sign = -1 if word in ("ago", "earlier") else 1
    step, count = _offset(unit, n)
    delta = sign * count
    value = tn.shift_unit(ctx.anchor, step, delta)
    mod = _approx(m)
    if step != unit:  # "a decade ago", "half a year later": counted in a smaller unit
        return Norm("DATE", value, mod)
    if word in ("earlier", "later") and unit in ("day", "week", "month"):
        lasting = duration_value(m["num"], m["unit"])
        anaphor = (unit if unit != "month" else "that-month", delta, 1500)
        return Norm("DATE", value, mod, anaphor=anaphor, lasting=lasting)
    if unit == "year":
        # "profit fell from a year earlier": the period under discussion, a year back
        return Norm("DATE", value, mod, anaphor=("year", delta, 1500))
    return Norm("DATE", value, mod)


# a fraction of a unit counts in the next smaller one: "half a year ago" is six months back
_SMALLER_STEP = {"year": ("month", 12), "quarter": ("month", 3), "month": ("day", 30),
                 "week": ("day", 7)}  # fmt: skip


def _offset(unit: str, n: float) -> tuple[str, int]:
    """The unit and count to step back or ahead: "a decade ago" is ten years back (a
    year, not the decade before), "half a year ago" six months, "two days ago" two days."""
    if unit in ("decade", "century"):
        return "year", round(n * (10 if unit == "decade" else 100))
    if n != int(n) and unit in _SMALLER_STEP:
        smaller, factor = _SMALLER_STEP[unit]
        return smaller, round(n * factor)
    return unit, int(n)


def _vague_ago(m: re.Match[str], ctx: Ctx) -> Norm | None:
    word = m["dir"].lower()
    if word in ("earlier", "later"):  # "a few days later": so long after a date named before
        lasting = duration_value(m["num"], m["unit"]) or "PXX"
        return Norm("DURATION", lasting, _approx(m), lasting=lasting)
    return Norm("DATE", "PAST_REF" if word in ("ago", "earlier") else "FUTURE_REF")


def h_year_ago(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if m.group(0).lower().endswith("period"):  # the span just discussed, a year back
        return h_period_year_ago(m, ctx)
    return Norm("DATE", tn.shift_unit(ctx.anchor, "year", -1), anaphor=("year", -1, 1500))


def h_period_year_ago(m: re.Match[str], ctx: Ctx) -> Norm | None:
    return Norm("DATE", tn.shift_unit(ctx.anchor, "year", -1), anaphor=("period", -1, 1500))


def h_that_unit(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "that year", "the following year", "later that month": counted from the
    year or month mentioned last (timex_tag.py), else from the anchor."""
    unit = m["unit"].lower()
    words = m.group(0).lower()
    if m["ago"]:  # "the same month a year ago", "the same period last year"
        if unit == "period":
            return h_period_year_ago(m, ctx)
        value = tn.shift_unit(ctx.anchor, unit, -1 if unit == "year" else -12)
        return Norm("DATE", value, anaphor=(f"that-{unit}", -1 if unit == "year" else -12, 1500))
    if unit == "period":
        return None
    delta = 1 if re.search(r"following|next|after", words) else 0
    delta = -1 if re.search(r"previous|before|prior", words) else delta
    value = tn.shift_unit(ctx.anchor, unit, delta)
    return Norm("DATE", value, mod_of(m), anaphor=(f"that-{unit}", delta, 1500))


def h_year_ended(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "for the year ended March 31": a fiscal year, a span of one year (TimeBank)."""
    return Norm("DURATION", "P1Y")


def h_half(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the second half of 1989" (1989-H2), "the first two quarters of next year"."""
    half = "H1" if m["half"].lower() == "first" else "H2"
    if m["y"]:
        year = year_of(m["y"])
        return Norm("DATE", f"{year:04d}-{half}") if year is not None else None
    delta = {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    return Norm("DATE", f"{tn.shift_unit(ctx.anchor, 'year', delta)}-{half}")


def h_week_of(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the week of March 6": the ISO week that holds that day."""
    month = _month(m)
    if month is None or not 1 <= int(m["d"]) <= 31:
        return None
    year = year_of(m["y"]) if m["y"] else None
    if year is not None:
        value = tn.valid_day(year, month, int(m["d"]))
    else:
        direction = ctx.direction(m.start(), m.end())
        value = tn.resolve_month_day(ctx.anchor, month, int(m["d"]), direction)
    day = tn.parse_anchor(value)
    return Norm("DATE", tn.week_value(day) if day else "XXXX-WXX")


_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}


def h_week_of_month(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the last week of March": the ISO week holding that Thursday of the month, as
    ISO 8601 gives a week to the month (and year) of its Thursday."""
    month = _month(m)
    if month is None:
        return None
    year = year_of(m["y"]) if m["y"] else None
    if year is None:
        value = tn.resolve_month(ctx.anchor, month, ctx.direction(m.start(), m.end()))
        year = int(value[:4]) if value[:4].isdigit() else None
    if year is None:
        return Norm("DATE", "XXXX-WXX")
    thursday = tn.nth_weekday(year, month, 4, _NTH[m["nth"].lower()])
    return Norm("DATE", tn.week_value(thursday))


def h_short_year(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "since '82": the latest year ending so that is not ten years past the anchor."""
    yy = int(m["yy"])
    if ctx.anchor is None:
        return Norm("DATE", str(_year2(m["yy"])))
    year = (ctx.anchor.year // 100) * 100 + yy
    if year > ctx.anchor.year + 10:
        year -= 100
    return Norm("DATE", f"{year:04d}")


def h_named_day(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "Black Monday", "D-Day": the day the name stands for."""
    name = " ".join(m["named"].lower().replace("’", "'").split())
    return Norm("DATE", load_lexicon().named_days[name])


def h_year_period(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the 1988 quarter", "the 1989 period": in an earnings report, that year's
    quarter of the one under discussion (timex_tag.py), else the year; "last
    year's quarter" likewise."""
    if m.groupdict().get("rel"):
        year = tn.shift_unit(ctx.anchor, "year", -1 if m["rel"].lower() == "last" else 0)
        return Norm("DATE", year, anaphor=("quarter-of", 0, 1500))
    return Norm("DATE", m["y"], anaphor=("quarter-of", 0, 1500))


def _unit(word: str) -> str:
    w = word.lower()
    if w in ("centuries",):
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in load_lexicon().units else w


def duration_value(num: str | None, unit_word: str) -> str | None:
    """P2Y, PT35M, PXD ("several days"); a fraction goes to the next smaller
    unit, as TimeBank writes "5 1/2 hours" (PT5H30M) and "2 1/2 years" (P2Y6M)."""
    unit = _unit(unit_word)
    spec = load_lexicon().units.get(unit)
    if spec is None:
        return None
    code, mult, kind = spec
    n = number_value(num) if num else None
    if n is None and unit in ("century", "quarter"):
        # "for centuries", "several quarters": TIMEX3 has units of their own for these
        return "PXC" if unit == "century" else "PXQ"
    if n is None:
        amount = "X"
    elif n * mult != int(n * mult):
        return _fractional_duration(n * mult, code, kind)
    else:
        amount = str(int(n * mult))
    return f"PT{amount}{code}" if kind == "time" else f"P{amount}{code}"


# unit -> (how many of the next smaller unit, its code, whether that one is a time unit)
_SMALLER = {("Y", "date"): (12, "M", False), ("M", "date"): (30, "D", False),
            ("W", "date"): (7, "D", False), ("D", "date"): (24, "H", True),
            ("H", "time"): (60, "M", True), ("M", "time"): (60, "S", True)}  # fmt: skip


def _fractional_duration(total: float, code: str, kind: str) -> str:
    whole = int(total)
    if (code, kind) not in _SMALLER:
        return f"PT{total:g}{code}" if kind == "time" else f"P{total:g}{code}"
    factor, small, small_is_time = _SMALLER[(code, kind)]
    rest = round((total - whole) * factor)
    if code == "W":
        return f"P{round(total * 7)}D"
    head = f"{whole}{code}" if whole else ""
    if kind == "time":
        return f"PT{head}{rest}{small}"
    return f"P{head}T{rest}{small}" if small_is_time else f"P{head}{rest}{small}"


_APPROX = {"about": "APPROX", "around": "APPROX", "roughly": "APPROX", "some": "APPROX",
           "approximately": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
           "less than": "LESS_THAN", "under": "LESS_THAN", "up to": "EQUAL_OR_LESS",
           "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE"}  # fmt: skip


_RATE = re.compile(
    r"(?:\d[\d,.]*%?|million|billion|trillion|thousand|hundred|percent|cents?|hours|times)\s+$",
    re.I,
)


def h_duration(m: re.Match[str], ctx: Ctx) -> Norm | None:
    num = m.groupdict().get("num")
    if num and num.lower() in ("a", "an") and m["unit"].lower() == "second":
        return None  # "a second official": an ordinal
    vague = num is not None and number_value(num) is None  # "several quarters of losses"
    if m["unit"][:1].isupper() and not _sentence_start(m.string, m.start()):
        return None  # CBS's "60 Minutes", "48 Hours": a title, not a duration
    plural = m.string[m.end("unit") : m.end("unit") + 1].lower() == "s" or m["unit"].endswith("ies")
    if num and num.lower() in ("a", "an", "one") and plural:
        return None  # "a decades-long battle": the article is the noun's
    if _a_fraction(m, vague):
        return None  # "a quarter of the vote", "about a quarter, of its dealers"
    rate = _RATE.search(m.string, max(0, m.start() - 30), m.start())
    if num and num.lower() in ("a", "an") and rate:
        # "$500 million a year", "24 hours a day": a rate, so a SET (as MEANTIME writes it)
        return Norm("SET", duration_value("1", m["unit"]) or "P1Y")
    if m.groupdict().get("half"):  # "an hour and a half"
        num = f"{num or 'one'} and a half"
    value = duration_value(num, m["unit"])
    if value is None:
        return None
    return Norm("DURATION", value, _approx(m))


# after "quarters of", a common noun makes a span of time ("two quarters of losses"); a
# determiner, a pronoun, a name or a number makes a part of something ("three quarters of
# them", "a quarter, of its dealers", "one quarter of Zaire")
_OF = re.compile(r"\s*,?\s+of\b")
_SPAN_OF = re.compile(
    r"\s*,?\s+of\s+(?!(?:the|them|its|their|his|her|our|your|all|those|these|this|that|us|you|"
    r"each|every|an?)\b)[a-z]"
)  # fmt: skip
_COUNTED = re.compile(r"\b(?:consecutive|straight|successive)\b", re.I)


def _a_fraction(m: re.Match[str], vague: bool) -> bool:
    return (
        m["unit"].lower().startswith("quarter")
        and not vague
        and _OF.match(m.string, m.end()) is not None
        and not _SPAN_OF.match(m.string, m.end())
        and not _COUNTED.search(m.group(0))
    )


def _approx(m: re.Match[str]) -> str | None:
    """The TimeML mod of "about", "nearly", "more than" before a number ("or so" after)."""
    if m.groupdict().get("orso"):
        return "APPROX"
    approx = m.groupdict().get("approx")
    return _APPROX.get(" ".join(approx.lower().split())) if approx else None


def h_unit_long(m: re.Match[str], ctx: Ctx) -> Norm | None:
    plural = bool(m["pl"]) or m["unit"].lower() == "centuries"
    value = duration_value(None if plural else "1", m["unit"])
    return Norm("DURATION", value) if value else None


def h_decade(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if m["dec"]:
        return Norm("DATE", m["dec"][:3], mod_of(m))
    return Norm("DATE", str(_year2(m["dec2"]))[:3], mod_of(m))


def h_decade_words(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the nineties": the latest such decade begun by the anchor year (199)."""
    tens = load_lexicon().decade_words[m["decw"].lower()]
    century = 20 if ctx.anchor is not None and 2000 + tens * 10 <= ctx.anchor.year else 19
    return Norm("DATE", f"{century}{tens}", mod_of(m))


def h_mid_part_of_day(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "by mid-afternoon", "at mid-morning yesterday": that part of the day named,
    else of the anchor's day."""
    delta = {"yesterday": -1, "tomorrow": 1}.get((m["w"] or "").lower(), 0)
    code = load_lexicon().parts_of_day[m["pod"].lower()]
    return Norm("TIME", f"{tn.shift_unit(ctx.anchor, 'day', delta)}T{code}")


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                  "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                  "twentieth": 20, "twenty-first": 21}  # fmt: skip


def h_century(m: re.Match[str], ctx: Ctx) -> Norm | None:
    word = m["n"].lower()
    n = _ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= n <= 21:
        return None
    return Norm("DATE", f"{n - 1:02d}", mod_of(m))


def h_quarter(m: re.Match[str], ctx: Ctx) -> Norm | None:
    q = load_lexicon().ordinals[m["ord"].lower()]
    if m["y"] or m["y2"]:
        return Norm("DATE", f"{year_of(m['y'] or m['y2'])}-Q{q}")
    if ctx.anchor is None:
        return Norm("DATE", f"XXXX-Q{q}")
    year = ctx.anchor.year
    if re.search(r"year.(ago|earlier)|(last|previous)\s+year", m.group(0), re.I):
        year -= 1
    elif re.search(r"next\s+year", m.group(0), re.I):
        year += 1
    elif q > tn.quarter_of(ctx.anchor) and ctx.direction(m.start(), m.end()) != FUTURE:
        year -= 1
    return Norm("DATE", f"{year:04d}-Q{q}")


def h_the_quarter(m: re.Match[str], ctx: Ctx) -> Norm | None:
    # earnings reports: "the quarter" is the last completed one; "this quarter" the current
    delta = 0 if m.group(0).lower().startswith(("this", "the current")) else -1
    value = tn.shift_unit(ctx.anchor, "quarter", delta)
    if delta == -1:
        # after "the fiscal first quarter", "the quarter" and "the latest period" are that one
        # (timex_tag.py)
        return Norm("DATE", value, anaphor=("year", 0, 1500))
    return Norm("DATE", value)


def h_fiscal(m: re.Match[str], ctx: Ctx) -> Norm | None:
    # TimeBank writes "fiscal 1989" as the year 1989, not FY1989 (wsj_0135, wsj_0670)
    return Norm("DATE", f"{_year2(m['y']):04d}")


def h_whole_year(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "the current fiscal year": the anchor's year; "the latest fiscal year" the
    last one closed; "the entire year" the year just named, else the anchor's."""
    if not m["rel"] and re.search(r"entire|whole", m.group(0), re.I):
        # "a loss in the fourth quarter of 2005 and for the entire year"; but "an
        # increase for the full year" is the year being reported on
        return Norm("DATE", tn.shift_unit(ctx.anchor, "year", 0), anaphor=("that-year", 0, 300))
    delta = _REL.get((m["rel"] or "this").lower(), 0)
    return Norm("DATE", tn.shift_unit(ctx.anchor, "year", delta))


def h_year(m: re.Match[str], ctx: Ctx) -> Norm | None:
    after = m.string[m.end() : m.end() + 12].lower()
    if re.match(r"\s*(%|percent|per\s*cent|-(?!-)|\d)", after):  # "1984 -- part of" is a year
        return None
    plural = r"\s+(?!(?:ha|wa|i|a|thi|it|hi)s\b)[a-z]+s\b"
    if not m["y"][0].isdigit() and re.match(plural, m.string[m.end() : m.end() + 20]):
        return None  # "two thousand troops", "nineteen ninety-nine bottles": a count
    year = year_of(m["y"])
    return Norm("DATE", f"{year:04d}", mod_of(m)) if year is not None else None


def h_season(m: re.Match[str], ctx: Ctx) -> Norm | None:
    code = load_lexicon().seasons[m["season"].lower()]
    if m.groupdict().get("y"):
        return Norm("DATE", f"{year_of(m['y'])}-{code}", mod_of(m))
    rel = (m.groupdict().get("rel") or "").lower()
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    direction = ctx.direction(m.start(), m.end())
    value = tn.resolve_season(ctx.anchor, code, shift, direction, this=rel == "this")
    return Norm("DATE", value, mod_of(m))


def h_ref(value: str) -> Handler:
    def handler(m: re.Match[str], ctx: Ctx) -> Norm | None:
        if _DISCOURSE_NOW.match(m.string, m.start()) and _sentence_start(m.string, m.start()):
            return None  # "Now, he says, ...": a discourse marker, no time (TimeML 1.2, 2.2)
        if value == "PRESENT_REF" and _THEN.search(m.string, max(0, m.start() - 6), m.start()):
            return Norm("DATE", "PAST_REF")  # "the then-current chairman"
        if value == "PAST_REF" and _named_date_follows(m):
            return None  # "killed, most recently last October": the date says when
        return Norm("DATE", value)

    return handler


_DISCOURSE_NOW = re.compile(r"Now\s*,")


@lru_cache(maxsize=1)
def _calendar_after() -> re.Pattern[str]:
    lex = load_lexicon()
    names = alternation([name.capitalize() for name in [*lex.months, *lex.weekdays]])
    return re.compile(rf"\s+(?:(?:last|this|in|on)\s+)?(?:{names})\b")


def _named_date_follows(m: re.Match[str]) -> bool:
    return m.group(0).lower() == "recently" and bool(_calendar_after().match(m.string, m.end()))


_THEN = re.compile(r"\bthen[\s-]$", re.I)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"“'`")
    return not before or before[-1] in ".!?:\n"


# a modal or "to" close before "soon" puts it in the future: "may soon seek", "to soon grow"
_SOON_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|may|might|could|would|should|to)\s+(?:\w+\s+){0,3}$", re.I
)


def h_soon(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "will soon begin", "very soon": FUTURE_REF. Not "as soon as", "soon after"
    (a relation to another event) and not a past "was soon released"."""
    if m["very"]:
        return Norm("DATE", "FUTURE_REF")
    before = m.string[max(0, m.start() - 40) : m.start()]
    if re.search(r"\bas\s+$", before, re.I):
        return None
    if _SOON_FUTURE.search(before) or re.match(r"\s+(?:will|would)\b", m.string[m.end() :]):
        return Norm("DATE", "FUTURE_REF")
    return None


def h_annual(m: re.Match[str], ctx: Ctx) -> Norm | None:
    return Norm("DURATION", "P1Y")


def h_set(m: re.Match[str], ctx: Ctx) -> Norm | None:
    if m.groupdict().get("mon"):  # "each July"
        month = _month(m)
        return Norm("SET", f"XXXX-{month:02d}") if month else None
    if m.groupdict().get("wd"):
        wd = _weekday(m)
        pod = m.groupdict().get("pod")
        part = "T" + load_lexicon().parts_of_day[pod.lower()] if pod else ""
        return Norm("SET", f"XXXX-WXX-{wd}{part}") if wd else None
    if m.groupdict().get("unit"):
        return Norm("SET", f"P1{load_lexicon().units[m['unit'].lower()][0]}")
    word = " ".join(m.group(0).lower().split())
    if word in ("annually", "yearly", "daily") and _MEASURE_RATE.search(
        m.string, max(0, m.start() - 30), m.start()
    ):
        # "to rise 8.5% annually", "10,000 units annually", "average daily volume": part of
        # a measure (per annum), which TimeBank leaves untagged
        return None
    return Norm("SET", load_lexicon().sets[word])


_MEASURE_RATE = re.compile(r"(?:\d%?\s+(?:[a-z]+\s+)?|\baverage\s+)$", re.I)


def h_clock(m: re.Match[str], ctx: Ctx) -> Norm | None:
    hour = int(m["h"])
    minute = int(m["min"] or 0)
    ap = (m["ap"] or "").lower().replace(".", "")
    ap = {"morning": "am", "afternoon": "pm", "evening": "pm"}.get(ap, ap)
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    day = tn.shift_unit(ctx.anchor, "day", 0)
    # a clock time belongs to the day named just before it ("Friday ... at 10 a.m.")
    return Norm("TIME", f"{day}T{hour:02d}:{minute:02d}", anaphor=("day", 0, 150))


def h_part_of_that_day(m: re.Match[str], ctx: Ctx) -> Norm | None:
    norm = _with_part_of_day(tn.shift_unit(ctx.anchor, "day", 0), m["pod"])
    norm.anaphor = ("day", 0, 300)
    return norm


def h_utc(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "at 18:00 UTC": a clock time in Zulu time, as MEANTIME writes it (T18:00Z)."""
    day = tn.shift_unit(ctx.anchor, "day", 0)
    return Norm("TIME", f"{day}T{m['h']}:{m['min']}Z", anaphor=("day", 0, 150))


def h_noon(m: re.Match[str], ctx: Ctx) -> Norm | None:
    hour = (
        "12:00"
        if m.group(0).lower().endswith("noon") or "midday" in m.group(0).lower()
        else "24:00"
    )
    return Norm("TIME", f"{tn.shift_unit(ctx.anchor, 'day', 0)}T{hour}")


def h_last_night(m: re.Match[str], ctx: Ctx) -> Norm | None:
    return Norm("TIME", tn.shift_unit(ctx.anchor, "day", -1) + "TNI")


def h_anaphor(m: re.Match[str], ctx: Ctx) -> Norm | None:
    text = m.group(0).lower()
    delta = 1 if re.search(r"next|following|after|later", text) else 0
    if re.search(r"previous|before|prior", text):
        delta = -1
    if re.search(r"earlier|later", text) and re.search(r"(that|the) day", text):
        delta = 0
    if text.startswith("the day") and _APPOSED_TO_A_DATE.search(
        m.string, max(0, m.start() - 12), m.start()
    ):
        # "last seen Oct. 12, the day before the plunge": the phrase describes that date
        return Norm("DATE", tn.shift_unit(ctx.anchor, "day", 0), anaphor=("day", 0, 8))
    # "the next morning": that part of the day after
    norm = _with_part_of_day(tn.shift_unit(ctx.anchor, "day", delta), m.groupdict().get("pod"))
    norm.anaphor = ("day", delta, 1500)
    return norm


_APPOSED_TO_A_DATE = re.compile(r"(?:\d|day)\s*,\s*$", re.I)


def h_holiday(m: re.Match[str], ctx: Ctx) -> Norm | None:
    """ "Christmas", "last Thanksgiving", "Easter 2019", "Christmas week": the holiday
    of the year the tense points to, or the week it falls in."""
    name = " ".join(m["hol"].lower().replace("’", "'").split())
    lex = load_lexicon()
    if m["y"]:
        year = year_of(m["y"]) or 0
    elif ctx.anchor is None:
        movable = name in lex.easter_holidays or name in lex.weekday_holidays
        if m["week"]:
            return Norm("DATE", "XXXX-WXX")
        return Norm("DATE", "XXXX-XX-XX" if movable else "XXXX-" + lex.holidays[name])
    else:
        year = _holiday_year(m, name, ctx.anchor, ctx)
    day = dt.date.fromisoformat(_holiday_md(name, year))
    if m["week"]:  # "Easter week": the week the holiday falls in
        return Norm("DATE", tn.week_value(day))
    return Norm("DATE", day.isoformat())


def _holiday_year(m: re.Match[str], name: str, anchor: dt.date, ctx: Ctx) -> int:
    """The year of the last such holiday, or of the next one when the tense looks
    ahead; for "Easter week" the week counts, so the week under way is this year's."""
    year = anchor.year
    day = dt.date.fromisoformat(_holiday_md(name, year))
    if m["week"]:
        day -= dt.timedelta(days=day.isoweekday() - 1)
    md = day.isoformat()
    rel = (m["rel"] or "").lower()
    direction = {"last": PAST, "next": FUTURE}.get(rel) or ctx.direction(m.start(), m.end())
    if _DEADLINE.search(m.string[max(0, m.start() - 8) : m.start()]) or _FROM_NOW_TO.search(
        m.string[max(0, m.start() - 20) : m.start()]
    ):
        direction = FUTURE  # "until Christmas", "from now to Election Day"
    if rel == "last" and md >= anchor.isoformat():
        return year - 1
    if direction != FUTURE and md > anchor.isoformat():
        return year - 1
    if direction == FUTURE and md < anchor.isoformat():
        return year + 1
    return year


_FROM_NOW_TO = re.compile(r"\bnow\s+(?:to|until|till)\s+$", re.I)


def _holiday_md(name: str, year: int) -> str:
    lex = load_lexicon()
    if name in lex.easter_holidays:
        return (tn.easter(year) + dt.timedelta(days=lex.easter_holidays[name])).isoformat()
    if name in lex.weekday_holidays:
        return tn.nth_weekday(year, *lex.weekday_holidays[name]).isoformat()
    if name.startswith("election"):
        # the United States' federal Election Day: the Tuesday after the first Monday
        # of November
        return (tn.nth_weekday(year, 11, 1, 1) + dt.timedelta(days=1)).isoformat()
    return f"{year:04d}-{lex.holidays[name]}"
