"""The time stage: temporal expressions (TIMEX3) and the dates of articles and events.

    tag_timexes(text, anchor, doc=None)                -> list[Timex]  (timex_tag.py)
    date_article(article, doc=None)                    -> Article      (article_date.py)
    date_event(doc, trigger_start, timexes, article)   -> EventDate    (event_date.py)
    date_records(article_id, text, published)          -> list[dict]   `dyadwatch dates`

The rules live in timex_rules.py (patterns and handlers), timex_normalise.py
(calendar arithmetic) and data/timex.yaml (word lists). Inside the package,
`import time` still reaches the standard library: imports are absolute.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.article_date import date_article
from dyadwatch.event_date import EventDate, date_event
from dyadwatch.timex_tag import tag_timexes

__all__ = ["EventDate", "date_article", "date_event", "date_records", "tag_timexes"]


def date_records(article_id: str, text: str, published: str | None) -> list[dict[str, Any]]:
    """One record per temporal expression, for `dyadwatch dates` (JSON Lines out):
    article_id, start, end, text, type, value, precision, mod."""
    return [{"article_id": article_id, **t.to_dict()} for t in tag_timexes(text, published)]
