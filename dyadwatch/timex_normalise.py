"""Calendar arithmetic behind TIMEX3 values: anchors, shifts, weeks, quarters.

Every function takes the anchor (the article date) as a `datetime.date` or None
and returns a TIMEX3 value string; with no anchor, the parts that depend on it
become X ("XXXX-06"), as TimeML writes underspecified dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

PAST, UNKNOWN, FUTURE = -1, 0, 1

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_anchor(anchor: str | None) -> dt.date | None:
    """The article date as a date; None or an unreadable string gives None."""
    if not anchor:
        return None
    m = _ISO_DAY.match(anchor.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def day_value(d: dt.date) -> str:
    return d.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def add_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def shift_days(d: dt.date, days: int) -> dt.date:
    return d + dt.timedelta(days=days)


def resolve_weekday(anchor: dt.date | None, weekday: int, direction: int) -> str:
    """The date of an ISO weekday (1 = Monday) near the anchor.

    News writes "said on Friday" in a Friday story for that same day, so the
    anchor's own weekday resolves to the anchor in either direction.
    """
    if anchor is None:
        return f"XXXX-WXX-{weekday}"
    diff = weekday - anchor.isoweekday()
    if direction == FUTURE:
        return day_value(shift_days(anchor, diff % 7))
    return day_value(shift_days(anchor, -((-diff) % 7)))


def resolve_month(anchor: dt.date | None, month: int, direction: int) -> str:
    """A month named without a year: in the past, the latest one not after the
    anchor's month; in the future, the next one not before it. With no tense,
    news mostly reports the past, except for the next two months ("a meeting in
    November" in an October story is this November)."""
    if anchor is None:
        return f"XXXX-{month:02d}"
    ahead = (month - anchor.month) % 12
    if direction == UNKNOWN:
        direction = FUTURE if 1 <= ahead <= 2 else PAST
    year = anchor.year
    if direction == FUTURE and month < anchor.month:
        year += 1
    elif direction == PAST and month > anchor.month:
        year -= 1
    return month_value(year, month)


def resolve_month_day(anchor: dt.date | None, month: int, day: int, direction: int) -> str:
    """ "Jan. 5" without a year: the same year unless the tense puts it more than
    two months on the wrong side of the anchor (a guessed tense is often wrong
    for deadlines: "expires Nov. 16" in a November 2 story), or, with no tense,
    too far away: news reports the past more than it announces the future, so a
    day more than five months ahead is last year's ("the record high set on
    Aug. 6" in February), and one more than seven months back is next year's."""
    if anchor is None:
        return f"XXXX-{month:02d}-{day:02d}"
    year = anchor.year
    gap = (month - anchor.month) * 30.5 + (day - anchor.day)
    if (direction == PAST and gap > 61) or (direction == UNKNOWN and gap > 150):
        year -= 1
    elif (direction == FUTURE and gap < -61) or (direction == UNKNOWN and gap < -214):
        year += 1
    return valid_day(year, month, day)


def valid_day(year: int, month: int, day: int) -> str:
    """YYYY-MM-DD, or YYYY-MM when the day does not exist in that month."""
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if 1 <= day <= last:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return month_value(year, month)


def resolve_season(
    anchor: dt.date | None, code: str, shift: int, direction: int, this: bool = False
) -> str:
    """ "this summer" / "last winter": the year of the season near the anchor.

    "last summer" in October is the summer just ended; in July it is a year back.
    """
    if anchor is None:
        return f"XXXX-{code}"
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    ended = first + 2 < anchor.month
    year = anchor.year
    if this:
        pass  # "this summer" is the anchor year's, whether past or to come
    elif shift == -1 and not ended:
        year -= 1
    elif shift == 1 and first <= anchor.month:
        year += 1
    elif shift == 0 and direction == PAST and first > anchor.month:
        year -= 1
    elif shift == 0 and direction == FUTURE and ended:
        year += 1
    return f"{year:04d}-{code}"


def shift_unit(anchor: dt.date | None, unit: str, delta: int) -> str:
    """The anchor moved by whole units, at the unit's precision: "last month",
    "next year", "this week", "two years ago"."""
    if anchor is None:
        return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX",
                "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX",
                "century": "XX", "weekend": "XXXX-WXX-WE"}.get(unit, "XXXX")  # fmt: skip
    if unit == "day":
        return day_value(shift_days(anchor, delta))
    if unit in ("week", "weekend"):
        value = week_value(shift_days(anchor, 7 * delta))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        return month_value(*add_months(anchor.year, anchor.month, delta))
    if unit == "quarter":
        year, quarter = add_quarters(anchor.year, quarter_of(anchor), delta)
        return f"{year:04d}-Q{quarter}"
    if unit == "decade":
        return f"{anchor.year // 10 + delta:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + delta:02d}"
    return f"{anchor.year + delta:04d}"


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ISO weekday of a month (Thanksgiving: 4th Thursday of November);
    n = -1 is the last (Memorial Day: the last Monday of May)."""
    if n < 0:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    offset = (weekday - first.isoweekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def value_precision(value: str) -> str:
    """The precision of a TIMEX3 DATE value."""
    patterns = (
        (r"^\d{4}-\d{2}-\d{2}", "day"), (r"^\d{4}-W\d{2}", "week"), (r"^\d{4}-\d{2}$", "month"),
        (r"^\d{4}-Q\d", "quarter"), (r"^\d{4}-(SP|SU|FA|WI)$", "season"),
        (r"^(FY)?\d{4}$", "year"), (r"^\d{3}$", "decade"), (r"^\d{2}$", "century"),
    )  # fmt: skip
    for pattern, precision in patterns:
        if re.match(pattern, value):
            return precision
    return "unknown"
