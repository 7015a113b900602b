"""The article's own date when metadata lacks it: dateline, page header, text.

A page header may carry the date the page was scraped rather than published
(seed 001: header 2024-02-28, a story of 2023-10-27 about a summit "next
month"). A header date the text contradicts is flagged
("header_date_contradicted:<date>") and not trusted; with metadata, the header
is still compared to it and flagged, but metadata wins.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from dyadwatch import timex_normalise as tn
from dyadwatch.models import Article
from dyadwatch.timex_tag import heuristic_direction, tag_with

if TYPE_CHECKING:
    from spacy.tokens import Doc

# "BEIJING, June 19 (Xinhua) --", "SEOUL. April 11 , 1997 (AFP) --"; a dateline
# without a date ("WASHINGTON (AP) —") dates nothing and is not matched
_DATELINE = re.compile(
    r"^\s*(?:(?P<place>[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.' -]{2,30}?)?)\s*[,.]?\s+)?"
    r"(?P<date>[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}(?:\s*,\s*\d{4})?)[,\s\d]*"
    r"(?:\([^)]{1,40}\))?\s*(?:--|—|–|_|-)\s"
)
# expressions that only make sense close to the publication date, pointing forward
_NEAR_FUTURE = re.compile(
    r"\b(next\s+(?:week|month)|tomorrow|in\s+the\s+coming\s+(?:days|weeks)|"
    r"later\s+this\s+(?:week|month)|this\s+coming\s+\w+day)\b",
    re.I,
)
_HEADER_TOLERANCE_DAYS = 2  # time zones and late-night posting
_STALE_DAYS = 31  # a header this much after the text's last date, with "next month"...


def explicit_dates(text: str) -> list[dt.date]:
    """Full dates written out in the text ("October 27, 2023", "2023-10-27"),
    read without an anchor so nothing relative sneaks in."""
    out = []
    for t in tag_with(text, None, heuristic_direction(text)):
        day = tn.parse_anchor(t.value) if t.type in ("DATE", "TIME") else None
        if day is not None and not _date_line(text, t.start, t.end):
            out.append(day)
    return out


def _date_line(text: str, start: int, end: int) -> bool:
    """A line that is only a date is page furniture (a header), not the story."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return len(line.strip()) - (end - start) < 4


def date_article(article: Article, doc: Doc | None = None) -> Article:
    """Set `published` and `date_source` when metadata lacks them; flag header
    dates that the metadata, the dateline or the text contradict. Returns the
    same article."""
    headers = [d for d in (tn.parse_anchor(h) for h in article.header_dates) if d]
    published = _metadata_date(article)
    if published is not None:
        article.published = published.isoformat()
        if article.date_source == "none":
            article.date_source = "metadata"
        return _flag_far_headers(article, headers, published)
    # Only now read the text's dates: with metadata (the common case) they are not
    # needed, and reading them was a tenth of an ingest (make bench).
    text_dates = explicit_dates(article.text)
    dateline = dateline_date(article.text, headers or text_dates)
    if dateline is not None:
        article.published, article.date_source = dateline.isoformat(), "dateline"
        return _flag_far_headers(article, headers, dateline)
    trusted = [h for h in headers if not _contradicted(h, article.text, text_dates)]
    for h in headers:
        if h not in trusted:
            _flag(article, h)
    if trusted:
        article.published, article.date_source = trusted[0].isoformat(), "header"
    elif text_dates:
        article.published, article.date_source = max(text_dates).isoformat(), "text"
    return article


def _flag_far_headers(article: Article, headers: list[dt.date], published: dt.date) -> Article:
    for h in headers:
        if abs((h - published).days) > _HEADER_TOLERANCE_DAYS:
            _flag(article, h)
    return article


def _metadata_date(article: Article) -> dt.date | None:
    """The metadata date, read leniently ("2023-06-19T10:00", "June 19, 2023");
    an unreadable one is flagged and treated as missing."""
    if not article.published:
        return None
    day = tn.parse_anchor(article.published)
    if day is None:
        found = explicit_dates(article.published)
        day = found[0] if found else None
    if day is None:
        article.flags.append(f"published_unreadable:{article.published}")
        article.published = None
    return day


def _flag(article: Article, header: dt.date) -> None:
    flag = f"header_date_contradicted:{header.isoformat()}"
    if flag not in article.flags:
        article.flags.append(flag)


def _contradicted(header: dt.date, text: str, text_dates: list[dt.date]) -> bool:
    """The text speaks of "next month" or "tomorrow", so it was written near its
    own latest date; a header a month or more after that date is not the
    publication date. A header before a date the text reports is wrong too."""
    if not text_dates:
        return False
    latest = max(text_dates)
    stale = (header - latest).days > _STALE_DAYS and bool(_NEAR_FUTURE.search(text))
    return stale


def dateline_date(text: str, year_hints: list[dt.date]) -> dt.date | None:
    """The date of a dateline ("BEIJING, June 19 (Xinhua) --"); a dateline
    without a year takes the year that puts it nearest the hints."""
    m = _DATELINE.match(text[:200])
    if m is None:
        return None
    found = tag_with(m["date"], None, lambda s, e: 0)
    if not found:
        return None
    value = found[0].value
    day = tn.parse_anchor(value)
    if day is not None:
        return day
    md = re.match(r"^XXXX-(\d{2})-(\d{2})$", value)
    if md is None or not year_hints:
        return None
    hint = max(year_hints)
    resolved = tn.resolve_month_day(hint, int(md[1]), int(md[2]), 0)
    return tn.parse_anchor(resolved)
