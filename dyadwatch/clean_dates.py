"""Explicit calendar dates for the `clean` stage: metadata dates and page date lines.

Only absolute, fully written dates are read here ("2023-06-19", "June 19, 2023",
"Wed, 19 Jun 2023 10:00:00 GMT"); relative expressions are the `time` stage's job.
A regex parser rather than dateparser because a date line must be recognised
*exactly* (the whole line is a date, or the line is kept), and because dateparser
happily reads words like "on Friday" as a date.
"""

from __future__ import annotations

import re
from datetime import date

from dyadwatch.clean_rules import load_rules

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
DATE_PATTERNS = [
    re.compile(rf"\b{_YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<day>\d{{1,2}})(?![\d])", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
]
WEEKDAY = re.compile(r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b\.?", re.I)
TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?(?![\w])"
    r"|\b\d{1,2}\s*[ap]\.?m\.?(?![\w])",
    re.I,
)
# Time-zone names are upper case on pages ("PKT", "GMT+5"); matching them case-
# sensitively keeps ordinary words out.
TIMEZONE = re.compile(r"\b(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\b|[+-]\d{4}\b")
SEPARATORS = re.compile(r"[\s,|·•/:()\[\]\-–—]+")


def _date_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, iso) of every valid explicit date in `text`, in text order."""
    found: list[tuple[int, int, str]] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = _to_iso(m)
            if iso and not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def _to_iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if groups.get("mon"):
        month = MONTHS.get(groups["mon"].lower()[:3])
    else:
        month = int(groups["m"])
    try:
        return date(int(groups["year"]), month or 0, int(groups["day"])).isoformat()
    except ValueError:  # "February 30", month 13: not a date, so not a date line
        return None


def normalise_published(value: str) -> str | None:
    """A metadata publication date as YYYY-MM-DD; None when it is not a full date.

    Accepts ISO dates and timestamps ("2023-06-19T10:00:00Z" keeps the date as
    written, not shifted to UTC), written dates ("June 19, 2023", "19 June 2023")
    and RFC 2822 feed dates ("Mon, 19 Jun 2023 10:00:00 GMT").
    """
    text = value.strip()
    iso = re.fullmatch(r"((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    return date_line_value(text)


def date_line_value(line: str) -> str | None:
    """The ISO date of a line that is *only* a date with page decoration, else None.

    "Wednesday, February 28, 2024", "Published: 28 Feb 2024 | 10:32 AM PKT" are
    date lines; "Blinken met Xi on June 19, 2023." is a sentence and gives None.
    """
    matches = _date_matches(line)
    if not matches or len(line) > 120:
        return None
    residue = line
    for start, end, _ in reversed(matches):
        residue = residue[:start] + " " + residue[end:]
    residue = strip_hijri(residue)
    if not _only_decoration(residue):
        return None
    return matches[0][2]


def is_hijri_line(line: str) -> bool:
    """A line that is only an Islamic-calendar date ("17 Shaban 1445", seed 001)."""
    if not hijri_pattern().search(line):
        return False
    return _only_decoration(strip_hijri(line))


def strip_hijri(text: str) -> str:
    return hijri_pattern().sub(" ", text)


def hijri_pattern() -> re.Pattern[str]:
    return load_rules().hijri_date


def _only_decoration(residue: str) -> bool:
    """True when nothing but labels, weekdays, times, zones and separators is left."""
    rest = TIMEZONE.sub(" ", residue)
    rest = TIME.sub(" ", rest)
    rest = WEEKDAY.sub(" ", rest)
    rest = load_rules().date_label.sub(" ", rest)
    return not SEPARATORS.sub("", rest)
