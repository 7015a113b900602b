"""The time stage: the temporal tagger, article dates and event dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch import timex_normalise as tn
from dyadwatch.errors import InputError
from dyadwatch.event_date import cut_value
from dyadwatch.models import Article, Timex
from dyadwatch.time import EventDate, date_article, date_event, date_records, tag_timexes

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
THURSDAY = "2023-10-05"  # the anchor of most rows below


def only(text: str, anchor: str | None = THURSDAY, surface: str | None = None) -> Timex:
    """The one timex of `text` (or the one whose text is `surface`)."""
    found = tag_timexes(text, anchor)
    if surface is not None:
        found = [t for t in found if t.text == surface]
    assert len(found) == 1, found
    return found[0]


# --- tag_timexes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "type_", "value", "mod"),
    [
        ("Officials met on Friday.", "Friday", "DATE", "2023-09-29", None),
        ("Officials will meet on Friday.", "Friday", "DATE", "2023-10-06", None),
        ("They said on Thursday that talks failed.", "Thursday", "DATE", "2023-10-05", None),
        ("Sales fell last month.", "last month", "DATE", "2023-09", None),
        ("He arrived earlier this month.", "earlier this month", "DATE", "2023-10", None),
        ("In late February, he confronted Wang.", "late February", "DATE", "2023-02", "END"),
        ("A summit is expected next month.", "next month", "DATE", "2023-11", None),
        ("Prices rose last year.", "last year", "DATE", "2022", None),
        ("Wang will visit in the coming weeks.", "in the coming weeks", "DATE", "FUTURE_REF", None),
        ("Visits over the past six months.", "the past six months", "DURATION", "P6M", None),
        ("Since May, envoys have traveled.", "May", "DATE", "2023-05", None),
        ("They met in Bali last November.", "last November", "DATE", "2022-11", None),
        ("Trips this summer are planned.", "this summer", "DATE", "2023-SU", None),
        ("It began on June 19, 2023.", "June 19, 2023", "DATE", "2023-06-19", None),
        ("It began on 19 June 2023.", "19 June 2023", "DATE", "2023-06-19", None),
        ("It began on 2023-06-19.", "2023-06-19", "DATE", "2023-06-19", None),
        ("It began on 6/19/2023.", "6/19/2023", "DATE", "2023-06-19", None),
        ("It began on Monday, June 19, 2023.", "Monday, June 19, 2023", "DATE", "2023-06-19", None),
        ("The deal was signed Jan. 5 in Paris.", "Jan. 5", "DATE", "2023-01-05", None),
        ("A briefing in mid-April showed it.", "mid-April", "DATE", "2023-04", "MID"),
        ("Trade boomed in the 1990s.", "the 1990s", "DATE", "199", None),
        ("Profit rose in the third quarter.", "the third quarter", "DATE", "2023-Q3", None),
        ("The budget for fiscal 2023 passed.", "fiscal 2023", "DATE", "2023", None),
        ("Sales rose for the full year.", "the full year", "DATE", "2023", None),
        ("Sales fell in the latest fiscal year.", "the latest fiscal year", "DATE", "2022", None),
        ("The 35-minute talks ended.", "35-minute", "DURATION", "PT35M", None),
        ("He held two days of talks.", "two days", "DURATION", "P2D", None),
        ("He flew in for four days of talks.", "four days", "DURATION", "P4D", None),
        ("The vote is at 3 p.m. today.", "3 p.m. today", "TIME", "2023-10-05T15:00", None),
        ("The vote is at 3 p.m.", "3 p.m.", "TIME", "2023-10-05T15:00", None),
        ("They meet every Monday.", "every Monday", "SET", "XXXX-WXX-1", None),
        ("The report is published annually.", "annually", "SET", "P1Y", None),
        ("Relations are now frozen.", "now", "DATE", "PRESENT_REF", None),
        ("Talks are currently stalled.", "currently", "DATE", "PRESENT_REF", None),
        ("He recently visited Beijing.", "recently", "DATE", "PAST_REF", None),
        # some months, as TimeBank and MEANTIME mostly write it (test_timex_conventions.py)
        ("Four officials traveled in recent months.", "recent months", "DURATION", "PXM", None),
        ("In March, Xi accused Washington.", "March", "DATE", "2023-03", None),
        ("Biden will meet Xi in November.", "November", "DATE", "2023-11", None),
        ("It froze talks after a visit last August.", "last August", "DATE", "2023-08", None),
        ("The ministry said yesterday it agreed.", "yesterday", "DATE", "2023-10-04", None),
        ("He leaves tomorrow.", "tomorrow", "DATE", "2023-10-06", None),
        ("It happened two weeks ago.", "two weeks ago", "DATE", "2023-W38", None),
        ("He spoke this morning.", "this morning", "TIME", "2023-10-05TMO", None),
        ("They will dine on Thanksgiving.", "Thanksgiving", "DATE", "2023-11-23", None),
        ("Talks resume at the end of 2023.", "the end of 2023", "DATE", "2023", "END"),
        ("Sanctions date from 2020.", "2020", "DATE", "2020", None),
        ("The war lasted more than five hours.", "more than five hours", "DURATION", "PT5H",
         "MORE_THAN"),
        ("They talked last week.", "last week", "DATE", "2023-W39", None),
        ("The Sept. 30 deadline passed.", "Sept. 30", "DATE", "2023-09-30", None),
    ],
)  # fmt: skip
def test_tag_timexes_values(
    text: str, surface: str, type_: str, value: str, mod: str | None
) -> None:
    t = only(text, surface=surface)
    assert (t.type, t.value, t.mod) == (type_, value, mod)
    assert text[t.start : t.end] == t.text


def test_last_month_name_is_the_previous_one() -> None:
    # July story: last August is a year back
    assert only("It froze talks last August.", anchor="2023-07-11").value == "2022-08"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They met in June.", "XXXX-06"),
        ("They met on Friday.", "XXXX-WXX-5"),
        ("They met on June 19, 2023.", "2023-06-19"),
        ("They met last month.", "XXXX-XX"),
    ],
)
def test_without_anchor_relative_values_are_underspecified(text: str, value: str) -> None:
    assert only(text, anchor=None).value == value


@pytest.mark.parametrize(
    "text",
    [
        "May I ask a question?",
        "Thousands joined the march on Washington.",
        "A 6-year-old boy was rescued.",
        "A second official said so.",
        "Inflation reached 3.5 percent.",
        "The sun rose over the sea.",
    ],
)
def test_words_that_are_not_dates(text: str) -> None:
    assert tag_timexes(text, THURSDAY) == []


def test_precision_follows_value() -> None:
    found = tag_timexes("On June 19, 2023, in June, in 2023, in the third quarter.", THURSDAY)
    assert [t.precision for t in found] == ["day", "month", "year", "quarter"]


def test_next_day_counts_from_the_last_mentioned_date() -> None:
    text = "The talks opened on June 3, 2023. The next day, the envoys met again."
    assert only(text, surface="The next day").value == "2023-06-04"


def test_clock_time_joins_the_day_it_names() -> None:
    t = only("The deadline will expire at 9 a.m. Tuesday.", anchor="2000-04-03")
    assert (t.text, t.type, t.value) == ("9 a.m. Tuesday", "TIME", "2000-04-04T09:00")


@pytest.mark.parametrize("anchor", ["yesterday", "19/06/2023", "2023-13-45"])
def test_bad_anchor_is_a_clear_error(anchor: str) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        tag_timexes("on Friday", anchor)


def test_text_must_be_a_string() -> None:
    with pytest.raises(InputError, match="must be a str"):
        tag_timexes(None, THURSDAY)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Mayon Friday 2023-06 19, last next.week ")),
               max_size=60))  # fmt: skip
def test_tagger_never_crashes_and_offsets_hold(text: str) -> None:
    for t in tag_timexes(text, THURSDAY):
        assert text[t.start : t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=1, max_value=7),
    st.sampled_from([-1, 0, 1]),
)
def test_weekday_lands_within_a_week_on_that_weekday(
    anchor: dt.date, weekday: int, direction: int
) -> None:
    day = dt.date.fromisoformat(tn.resolve_weekday(anchor, weekday, direction))
    assert day.isoweekday() == weekday
    assert abs((day - anchor).days) <= 6
    assert (day >= anchor) if direction == 1 else (day <= anchor)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=1, max_value=12),
)
def test_month_in_the_past_is_not_after_the_anchor(anchor: dt.date, month: int) -> None:
    value = tn.resolve_month(anchor, month, tn.PAST)
    assert value <= anchor.isoformat()[:7] and int(value[5:]) == month
    assert tn.resolve_month(anchor, month, tn.FUTURE) >= anchor.isoformat()[:7]


def test_date_records_shape() -> None:
    records = date_records("a1", "Officials met on Friday.", THURSDAY)
    assert records == [
        {"article_id": "a1", "start": 17, "end": 23, "text": "Friday", "type": "DATE",
         "value": "2023-09-29", "precision": "day", "mod": None, "points_to": None}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-06-19", ("2023-06-19", "day")),
        ("2023-06-19T15:00", ("2023-06-19", "day")),
        ("2023-06", ("2023-06", "month")),
        ("2023-W11", ("2023-03", "month")),
        ("2023-Q3", ("2023", "year")),
        ("2023-SU", ("2023", "year")),
        ("FY2023", ("2023", "year")),
        ("2023", ("2023", "year")),
        ("PRESENT_REF", None),
        ("2023-W60", None),
        ("199", None),
        ("XXXX-06", None),
    ],
)
def test_cut_value(value: str, expected: tuple[str, str] | None) -> None:
    assert cut_value(value) == expected


# --- date_article ---------------------------------------------------------------------


def make_article(text: str, published: str | None = None, headers: list[str] | None = None,
                 date_source: str = "none") -> Article:  # fmt: skip
    return Article(id="t", source="t.txt", text=text, published=published,
                   header_dates=headers or [], date_source=date_source)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("BEIJING, June 19, 2023 (Xinhua) -- Officials met on Monday.", "2023-06-19"),
        ("KUALA LUMPUR, April 1 , 1997 (AFP) -- Shares fell.", "1997-04-01"),
        ("SEOUL. April 11 , 1997 (AFP) -- Talks ended.", "1997-04-11"),
        ("GUATEMALA CITY, APRIL 7 , 1997 (AFP) -- Rebels signed.", "1997-04-07"),
        ("NEW YORK, Dec 12 , 2005, 2005 -- Stocks rose.", "2005-12-12"),
    ],
)
def test_dateline_with_year(text: str, published: str) -> None:
    a = date_article(make_article(text))
    assert (a.published, a.date_source) == (published, "dateline")


def test_dateline_without_date_dates_nothing() -> None:
    a = date_article(make_article("WASHINGTON (AP) — Officials met on Friday - or so."))
    assert (a.published, a.date_source) == (None, "none")


def test_dateline_without_year_takes_it_from_the_header() -> None:
    a = date_article(make_article("BEIJING, June 19 (Xinhua) -- Officials met.", None,
                                  ["2023-06-20"]))  # fmt: skip
    assert (a.published, a.date_source) == ("2023-06-19", "dateline")


def test_header_date_used_when_nothing_contradicts_it() -> None:
    a = date_article(make_article("Officials met on Monday in Geneva.", None, ["2023-06-19"]))
    assert (a.published, a.date_source, a.flags) == ("2023-06-19", "header", [])


def test_header_date_contradicted_by_the_text() -> None:
    text = ("The ministers met in Washington on October 27, 2023. They agreed to work toward "
            "a summit next month, officials said on Friday.")  # fmt: skip
    a = date_article(make_article(text, None, ["2024-02-28"]))
    assert a.flags == ["header_date_contradicted:2024-02-28"]
    assert (a.published, a.date_source) == ("2023-10-27", "text")


def test_metadata_kept_but_header_flagged() -> None:
    a = date_article(make_article("Officials met.", "2023-10-27", ["2024-02-28"], "metadata"))
    assert (a.published, a.date_source) == ("2023-10-27", "metadata")
    assert a.flags == ["header_date_contradicted:2024-02-28"]


def test_latest_explicit_date_of_the_text() -> None:
    text = "A pact signed on March 3, 2021 was renewed on 5 May 2022 in Rome."
    a = date_article(make_article(text))
    assert (a.published, a.date_source) == ("2022-05-05", "text")


def test_no_date_anywhere() -> None:
    a = date_article(make_article("Officials met on Monday."))
    assert (a.published, a.date_source) == (None, "none")


def test_unreadable_metadata_is_flagged_not_fatal() -> None:
    a = date_article(make_article("Officials met.", "sometime"))
    assert a.published is None
    assert a.flags == ["published_unreadable:sometime"]


# --- date_event on sentences of our own ------------------------------------------------


def event_date(
    nlp: Any, text: str, trigger: str, published: str | None = "2023-06-21"
) -> EventDate:
    doc = nlp(text)
    article = make_article(text, published)
    timexes = tag_timexes(text, published, doc)
    return date_event(doc, text.index(trigger), timexes, article)


@pytest.mark.parametrize(
    ("text", "trigger", "date", "precision", "source"),
    [
        ("The ministers met on Friday in Geneva.", "met", "2023-06-16", "day", "timex"),
        ("The ministers will meet on Friday in Geneva.", "meet", "2023-06-23", "day", "timex"),
        ("In March, the envoy accused Beijing of spying.", "accused", "2023-03", "month",
         "timex"),
        ("The talks opened on Monday. The next day, the envoy visited the border.", "visited",
         "2023-06-20", "day", "context"),
        ("The delegation arrived on June 3. It signed the accord.", "signed", "2023-06-03",
         "day", "context"),
        ("The delegation arrived on June 3.\nIt signed the accord.", "signed", "2023-06-21",
         "day", "article"),
        ("The two sides signed a trade accord.", "signed", "2023-06-21", "day", "article"),
        ("It is the first visit to Beijing since 2018.", "visit", "2023-06-21", "day",
         "article"),
        ("Talks were held last week in Oslo.", "held", "2023-06", "month", "timex"),
        ("Exports fell in the third quarter.", "fell", "2022", "year", "timex"),
        ("China has agreed to resume the dialogue after suspending it last August.", "agreed",
         "2023-06-21", "day", "article"),
        ("The envoy has visited Beijing on Monday.", "visited", "2023-06-19", "day", "timex"),
        # "three days later" is a duration in TimeML; the event is on the day it reaches
        ("The talks opened on June 5. Three days later, the envoy left Beijing.", "left",
         "2023-06-08", "day", "timex"),
        ("The talks opened on June 5 and three days later the envoy left Beijing.", "left",
         "2023-06-08", "day", "timex"),
        # a failed attempt in the past, not a possibility ahead
        ("The envoy could not be reached for comment on Monday.", "reached", "2023-06-19",
         "day", "timex"),
    ],
)  # fmt: skip
def test_date_event(
    nlp: Any, text: str, trigger: str, date: str, precision: str, source: str
) -> None:
    d = event_date(nlp, text, trigger)
    assert (d.date, d.precision, d.source) == (date, precision, source)


def test_a_later_date_is_quoted_with_its_signal(nlp: Any) -> None:
    d = event_date(nlp, "The talks opened on June 5. Three days later, the envoy left.", "left")
    assert (d.date, d.text) == ("2023-06-08", "Three days later")


def test_a_plan_in_the_past_perfect_is_behind(nlp: Any) -> None:
    text = "The offer had been scheduled to expire Friday."
    friday = tag_timexes(text, "2023-06-21", nlp(text))[0]
    assert friday.value == "2023-06-16"


def test_duration_gives_the_last_day(nlp: Any) -> None:
    d = event_date(nlp, "The envoy will land in Beijing on Sunday for four days of talks.",
                   "land")  # fmt: skip
    assert (d.date, d.date_end) == ("2023-06-25", "2023-06-28")


@pytest.mark.parametrize(
    ("text", "date", "end"),
    [
        ("The summit was held on June 19-21, 2023 in Paris.", "2023-06-19", "2023-06-21"),
        ("The summit was held from June 19 to June 22 in Paris.", "2023-06-19", "2023-06-22"),
        ("The summit was held between June 3 and 5 in Paris.", "2023-06-03", "2023-06-05"),
        ("The summit was held on June 19 and the talks ended.", "2023-06-19", None),
        ("The summit was held on June 19 and 20 people protested.", "2023-06-19", None),
    ],
)
def test_ranges_give_the_last_day(nlp: Any, text: str, date: str, end: str | None) -> None:
    d = event_date(nlp, text, "held")
    assert (d.date, d.date_end) == (date, end)


def test_offset_is_not_a_duration(nlp: Any) -> None:
    d = event_date(nlp, "The envoy met Wang on Monday, two days after the attack.", "met")
    assert (d.date, d.date_end) == ("2023-06-19", None)


def test_event_without_article_date(nlp: Any) -> None:
    d = event_date(nlp, "The two sides signed an accord.", "signed", published=None)
    assert (d.date, d.precision, d.source) == (None, "unknown", "article")


# --- acceptance: the seed articles' events dated in words -------------------------------

SEED_EVENTS = [
    # (file prefix, phrase that locates the sentence, trigger, date, precision)
    ("004", "in Beijing on Monday in an effort", "met", "2023-06-19", "day"),
    ("004", "Foreign Minister Qin Gang on Sunday", "met", "2023-06-18", "day"),
    ("004", "In late February, Mr. Blinken confronted", "confronted", "2023-02", "month"),
    ("004", "Wang Yi, on Monday morning", "met", "2023-06-19", "day"),
    ("004", "one-on-one in San Francisco in November", "meet", "2023-11", "month"),
    ("000", "Last month, national security adviser", "held", "2023-09", "month"),
    ("000", "In March, Xi accused", "accused", "2023-03", "month"),
    ("000", "In June, at a fundraiser", "called", "2023-06", "month"),
    ("000", "Bali, Indonesia, last November", "met", "2022-11", "month"),
    ("000", "Last month, Xi did not attend", "attend", "2023-09", "month"),
    ("000", "Raimondo said in August", "said", "2023-08", "month"),
    ("000", "plans for a meeting in November", "meeting", "2023-11", "month"),
    ("001", "US officials said on Friday", "said", "2023-10-27", "day"),
    ("001", "On Thursday, Wang told Blinken", "told", "2023-10-26", "day"),
    ("001", "summit next month in San Francisco", "meeting", "2023-11", "month"),
    ("002", "CNN interview broadcast on Sunday", "broadcast", "2023-07-09", "day"),
    ("002", "long statement on Monday", "published", "2023-07-10", "day"),
    ("002", "land in Beijing on Sunday", "land", "2023-07-16", "day"),
    ("002", "met with Mr. Xi in June", "met", "2023-06", "month"),
    ("002", "Nancy Pelosi visited Taiwan last August", "visited", "2022-08", "month"),
    ("002", "By October, at least three Chinese ministers", "visit", "2023-10", "month"),
    ("002", "meeting in San Francisco in November", "meeting", "2023-11", "month"),
    ("002", "China has agreed to resume climate dialogue", "agreed", "2023-07-11", "day"),
    ("003", "in Beijing on Friday, as the two", "met", "2024-04-26", "day"),
    ("003", "Earlier in the day, Mr. Blinken", "spent", "2024-04-26", "day"),
    ("003", "he would visit China in May", "visit", "2024-05", "month"),
    ("003", "Mr. Xi earlier this month hosted", "hosted", "2024-04", "month"),
    ("003", "On Thursday, soon after Mr. Blinken arrived", "arrived", "2024-04-25", "day"),
]


@pytest.fixture(scope="module")
def seeds(nlp: Any) -> dict[str, tuple[Any, Article, list[Timex]]]:
    meta = [json.loads(line) for line in (EXAMPLES / "metadata.jsonl").read_text().splitlines()]
    out = {}
    for row in meta:
        text = (EXAMPLES / row["file"]).read_text(encoding="utf-8")
        doc = nlp(text)
        article = make_article(text, row["published"], date_source="metadata")
        out[row["file"][:3]] = (doc, article, tag_timexes(text, row["published"], doc))
    return out


@pytest.mark.parametrize(("prefix", "phrase", "trigger", "date", "precision"), SEED_EVENTS)
def test_seed_events_dated_in_words(
    seeds: dict[str, tuple[Any, Article, list[Timex]]],
    prefix: str, phrase: str, trigger: str, date: str, precision: str,
) -> None:  # fmt: skip
    doc, article, timexes = seeds[prefix]
    at = article.text.index(phrase)
    sentence_start = article.text.rfind("\n", 0, at) + 1
    trigger_at = article.text.index(trigger, sentence_start)
    d = date_event(doc, trigger_at, timexes, article)
    assert (d.date, d.precision) == (date, precision), d


def test_seed_001_header_date_is_flagged() -> None:
    text = (EXAMPLES / "001_7b0231b62fb7b9d5.txt").read_text(encoding="utf-8")
    a = date_article(make_article(text, None, ["2024-02-28"]))
    assert "header_date_contradicted:2024-02-28" in a.flags
    assert a.published == "2023-10-27"


@pytest.mark.parametrize(
    "text", ["Security Council Resolution 1718 must be implemented.", "Flight 1549 landed."]
)
def test_a_numbered_name_is_not_a_year(text: str) -> None:
    # Regression: newswire events were dated 1718 by "Resolution 1718".
    from dyadwatch.time import tag_timexes

    assert tag_timexes(text, "2006-11-20") == []


def test_a_date_in_a_relative_clause_does_not_date_the_main_event() -> None:
    # Regression: "which was founded in 1784" dated a 2006 merger agreement to 1784.
    from dyadwatch.models import Article
    from dyadwatch.nlp import load_pipeline
    from dyadwatch.time import date_event, tag_timexes

    text = "The Bank of New York, which was founded in 1784, said it had agreed to merge."
    article = Article(id="x", source="x", text=text, published="2006-12-04")
    doc = load_pipeline()(text)
    dated = date_event(doc, text.index("agreed"), tag_timexes(text, "2006-12-04", doc), article)
    assert (dated.date, dated.source) == ("2006-12-04", "article")


def test_a_deadline_does_not_date_the_agreement() -> None:
    from dyadwatch.models import Article
    from dyadwatch.nlp import load_pipeline
    from dyadwatch.time import date_event, tag_timexes

    text = "At the summit in Helsinki, Russia agreed to phase out the charges by the end of 2013."
    article = Article(id="x", source="x", text=text, published="2006-11-24")
    doc = load_pipeline()(text)
    dated = date_event(doc, text.index("agreed"), tag_timexes(text, "2006-11-24", doc), article)
    assert dated.date == "2006-11-24"


@pytest.mark.parametrize("text, values", [("the 1706 km long river", []),
                                          ("1500 tons of rice", []),
                                          ("In 2006 people voted.", ["2006"])])  # fmt: skip
def test_a_number_with_a_unit_is_a_quantity(text: str, values: list[str]) -> None:
    from dyadwatch.time import tag_timexes

    assert [t.value for t in tag_timexes(text, "2006-11-20")] == values


@pytest.mark.parametrize(
    ("text", "trigger", "date"),
    [
        # a date in a clause of another time dates that clause's event, not the main one
        ("The troops are the first to be deployed in the city since Britain seized it in "
         "January 1841.", "deployed", "1997-04-21"),
        ("Xi met Biden on Friday, after the two sides agreed in March to resume talks.",
         "met", "1997-04-18"),
        # ... an "after" clause bounds it, the nearest date when its own clause has none
        ("China closed the channels after Pelosi visited Taiwan last August.", "closed",
         "1996-08"),
        # ... but a "when" clause shares the main event's time
        ("When Xi visited Washington in March, he met Biden.", "met", "1997-03"),
        # the infinitive's action has its own date: the threat is made now
        ("China threatened to impose tariffs next month.", "threatened", "1997-04-21"),
        ("The trial is set to begin on Wednesday.", "set", "1997-04-21"),
        ("He invited the economist to sit in at sessions in January and February.", "invited",
         "1997-04-21"),
        # a point of comparison is not the event's date, a range's start is
        ("The index finished up 54 points from March 12.", "finished", "1997-04-21"),
        ("The talks ran from March 12 to March 14.", "ran", "1997-03-12"),
        ("Prices recovered from 2008, when the company posted a loss.", "posted", "2008"),
        # a date that names a thing does not date the verb, unless the clause is about it
        ("Apple argued that the store was a breach of the 1991 settlement.", "argued",
         "1997-04-21"),
        ("The trial of the plotters of a 1975 coup in which Rahman was killed opened.", "killed",
         "1975"),
        ("The White House made plans for a meeting in November San Francisco.", "meeting",
         "1997-11"),
        # a report is dated by its own clause, not by what it reports
        ("The association reported that foreclosures rose in the fourth quarter.", "reported",
         "1997-04-21"),
        # a relative clause keeps to its own dates ...
        ("China, which accused Washington of meddling, sent envoys on Friday.", "accused",
         "1997-04-21"),
        # ... unless it tells of a place or time the sentence dates
        ("On Wednesday, Cohen will fly to Seoul, where he will meet Yoon.", "meet",
         "1997-04-23"),
        ("Hutus fled in 1994 as rebels won a war in which thousands were massacred.",
         "massacred", "1994"),
        # a state in the simple present holds now ...
        ("As of February, the store accounts for 70% of sales.", "accounts", "1997-04-21"),
        ("Egypt and Pakistan already cooperate and signed a treaty in 1995.", "cooperate",
         "1997-04-21"),
        # ... a scheduled present keeps its date, and a caption its written-out date
        ("The trial begins on Wednesday.", "begins", "1997-04-23"),
        ("Biden meets with Xi in Bali, Indonesia, November 14, 2022.", "meets", "2022-11-14"),
        # a deadline of another verb does not date the commitment
        ("Jiang committed China to sign the convention before the end of the year.",
         "committed", "1997-04-21"),
    ],
)  # fmt: skip
def test_clauses_of_another_time(nlp: Any, text: str, trigger: str, date: str) -> None:
    article = Article(id="x", source="x", text=text, published="1997-04-21")
    doc = nlp(text)
    dated = date_event(doc, text.index(trigger), tag_timexes(text, "1997-04-21", doc), article)
    assert dated.date == date
