"""TimeML conventions of the temporal tagger (issue 5): anaphoric years and
periods, parts of day, years in words, fractions, fiscal years, tense cues.

Each row is one rule; the anchor is a Thursday unless the row says otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest

from dyadwatch import timex_normalise as tn
from dyadwatch.models import Timex
from dyadwatch.time import tag_timexes

THURSDAY = "2023-10-05"


def found(text: str, surface: str, anchor: str = THURSDAY) -> Timex:
    hits = [t for t in tag_timexes(text, anchor) if t.text == surface]
    assert len(hits) == 1, tag_timexes(text, anchor)
    return hits[0]


@pytest.mark.parametrize(
    ("text", "surface", "type_", "value"),
    [
        # a year-ago anaphor counts from the quarter named, not from another anaphor
        ("Profit rose in the third quarter. In the year-ago quarter it fell. "
         "Sales were flat a year earlier.", "a year earlier", "DATE", "2022-Q3"),
        ("He fled in June 1998 and returned later that year.", "later that year", "DATE", "1998"),
        ("He became a general on May 22, 1995, and the following year he left.",
         "the following year", "DATE", "1996"),
        ("Sales fell in January, against the same month a year ago.",
         "the same month a year ago", "DATE", "2022-01"),
        ("Sales rose 43% in February compared to the same period last year.",
         "the same period last year", "DATE", "2022-02"),
        ("Profit rose in the third quarter. It earned $3 million in the 1988 quarter.",
         "the 1988 quarter", "DATE", "1988-Q3"),
        ("Castro spoke Wednesday night.", "Wednesday night", "TIME", "2023-10-04TNI"),
        ("Police arrived Friday morning.", "Friday morning", "TIME", "2023-09-29TMO"),
        ("In nineteen ninety-one Keating was convicted.", "nineteen ninety-one", "DATE", "1991"),
        ("January nineteen ninety-seven. Atlanta again.", "January nineteen ninety-seven",
         "DATE", "1997-01"),
        ("Unemployment was to halve by the year two thousand.", "the year two thousand",
         "DATE", "2000"),
        ("She spent about 5 1/2 hours in Nairobi.", "about 5 1/2 hours", "DURATION", "PT5H30M"),
        ("They lived in camps for 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
        ("But a minute and a half later, a pilot called.", "a minute and a half", "DURATION",
         "PT1M30S"),
        ("It took half an hour.", "half an hour", "DURATION", "PT30M"),
        ("Nothing will change for a couple of years.", "a couple of years", "DURATION", "P2Y"),
        ("Sales rose for the full year.", "the full year", "DATE", "2023"),
        ("A loss in the fourth quarter of 2005 and for the entire year.", "the entire year",
         "DATE", "2005"),
        ("Sales fell in the latest fiscal year.", "the latest fiscal year", "DATE", "2022"),
        ("Banks were to buy the stock as soon as trading opened Tuesday.", "Tuesday", "DATE",
         "2023-10-10"),
        ("The stock is being traded in London and is to resume trading in Paris Tuesday.",
         "Tuesday", "DATE", "2023-10-10"),
        ("The father would be traveling to the United States Friday with his wife.",
         "Friday", "DATE", "2023-10-06"),
        ("They were planning to drive around the airport on Monday.", "Monday", "DATE",
         "2023-10-09"),
        ("Markets are to remain closed until Friday.", "Friday", "DATE", "2023-10-06"),
        ("The carrier has been on patrol since March and was scheduled to return.", "March",
         "DATE", "2023-03"),
        ("Demand will stay high well into the summer.", "the summer", "DATE", "2024-SU"),
        ("Orders rose from the low levels of the early summer.", "the early summer", "DATE",
         "2023-SU"),
        ("Traders squared positions ahead of the weekend.", "the weekend", "DATE", "2023-W39-WE"),
        ("Sales were delayed earlier in the year.", "earlier in the year", "DATE", "2023"),
        ("The stock reached a high for the year of $42.", "the year", "DATE", "2023"),
        ("The deal should close by year-end.", "year-end", "DATE", "2023"),
        ("Prices should fall in coming months.", "in coming months", "DATE", "FUTURE_REF"),
        ("Rates will stay low in the near term.", "the near term", "DATE", "FUTURE_REF"),
        ("Orangemen march each July to the church.", "each July", "SET", "XXXX-07"),
        ("The company pays a dividend every quarter.", "every quarter", "SET", "P3M"),
        ("The deadline is 5 p.m. EST, Nov. 6.", "5 p.m. EST, Nov. 6", "TIME", "2023-11-06T17:00"),
        ("Jaguar was sold in 1984 -- part of a plan.", "1984", "DATE", "1984"),
        ("Sales rose 5% in the third quarter. The latest period included a gain.",
         "The latest period", "DATE", "2023-Q3"),
        ("It was blamed on the recent sale of a unit.", "recent", "DATE", "PAST_REF"),
        # a word between the number and its unit leaves the duration as it is
        ("He will stay for two more weeks.", "two more weeks", "DURATION", "P2W"),
        ("Stocks fell for six straight days.", "six straight days", "DURATION", "P6D"),
        ("It turned a profit after several quarters of losses.", "several quarters",
         "DURATION", "PXQ"),
        # "recent months" is a span of some months, without the "in"
        ("Exports have slowed in recent months.", "recent months", "DURATION", "PXM"),
        ("The unit earned $4 million for the year ended June 30.", "the year", "DURATION",
         "P1Y"),
        ("Profit should recover in the second half of 2024.", "the second half of 2024",
         "DATE", "2024-H2"),
        ("Demand will stay weak for the first two quarters of next year.",
         "the first two quarters of next year", "DATE", "2024-H1"),
        ("A hearing is set for the week of November 13.", "the week of November 13", "DATE",
         "2023-W46"),
        ("The launch came at 14:30 UTC.", "14:30 UTC", "TIME", "2023-10-05T14:30Z"),
        ("Trading resumed at 12:00 UTC Monday.", "12:00 UTC Monday", "TIME",
         "2023-10-02T12:00Z"),
        # a deadline is ahead whatever the tense of the verb that set it ...
        ("The ministry gave the firms until 9 a.m. Tuesday to reply.", "9 a.m. Tuesday",
         "TIME", "2023-10-10T09:00"),
        # ... unless a past perfect puts it behind
        ("Only 30 reports had been filed by Wednesday.", "Wednesday", "DATE", "2023-10-04"),
        ("The offer had been due to expire Friday.", "Friday", "DATE", "2023-09-29"),
        ("Ministers will meet on November 14 and 15 in Brussels.", "15", "DATE", "2023-11-15"),
        ("Crime fell through the nineties.", "the nineties", "DATE", "199"),
        ("By mid-afternoon, shares were up.", "mid-afternoon", "TIME", "2023-10-05TAF"),
        ("Shares fell at mid-morning yesterday.", "mid-morning yesterday", "TIME",
         "2023-10-04TMO"),
        ("Sales were flat this year through August.", "August", "DATE", "2023-08"),
        # a reported clause with a tense of its own: the reporting verb says nothing
        ("Officials announced in Washington that the envoy would be traveling to the United "
         "States Friday with his wife.", "Friday", "DATE", "2023-10-06"),
        # the attribution after a quotation says nothing of its tense; "a.m." ends no sentence
        ("''The envoy will leave at 4 a.m. EDT Friday,'' the minister said.",
         "4 a.m. EDT Friday", "TIME", "2023-10-06T04:00"),
        # "soon" after a modal or "to" is FUTURE_REF; "very soon" always
        ("Regulators may soon open an inquiry.", "soon", "DATE", "FUTURE_REF"),
        ("Exports are forecast to soon recover.", "soon", "DATE", "FUTURE_REF"),
        ("The bank said it soon will close two branches.", "soon", "DATE", "FUTURE_REF"),
        ("The minister will visit very soon.", "very soon", "DATE", "FUTURE_REF"),
        ("He hopes the league will one day admit women.", "one day", "DATE", "FUTURE_REF"),
        # after a named quarter, "the quarter" and "the latest period" are that quarter
        ("The group reported on its fiscal first quarter. Sales in the quarter rose 4%.",
         "the quarter", "DATE", "2023-Q1"),
        ("The firm posted fourth-quarter results. Costs in the latest period fell.",
         "the latest period", "DATE", "2023-Q4"),
        ("Profit fell in the second quarter. Sales for last year's quarter were $9 million.",
         "last year's quarter", "DATE", "2022-Q2"),
        # a commitment to act ("agreed to buy") looks ahead
        ("Acme agreed to acquire the Dayton lender in January.", "January",
         "DATE", "2024-01"),
        # market reports: the trading day last named, else the article's day
        ("Shares slid on Monday. The index lost 2% to end the day at 7,001.", "the day",
         "DATE", "2023-10-02"),
        ("For the day, the Hang Seng fell 4%.", "the day", "DATE", "2023-10-05"),
        ("The index recovered late in the day.", "late in the day", "DATE", "2023-10-05"),
        # the result of a year is a span of a year
        ("The carmaker posted its first annual loss in a decade.", "annual", "DURATION", "P1Y"),
        # "N days later": TimeML writes the length, "later" being its signal
        ("Stocks fell on Friday. Three days later, the index was down 6%.", "Three days",
         "DURATION", "P3D"),
        ("A few days later, the company announced lower earnings.", "A few days", "DURATION",
         "PXD"),
        ("The talks failed in May. Two months later the deal was signed.", "Two months",
         "DURATION", "P2M"),
        # the part of the day after the day named
        ("He was arrested on Feb. 22 and appeared in court the next morning.",
         "the next morning", "TIME", "2023-02-23TMO"),
        # "could" failing in the past, not a possibility ahead
        ("Neither he nor his parents could be located Wednesday in Cardenas.", "Wednesday",
         "DATE", "2023-10-04"),
        ("The minister could not be reached for comment Wednesday.", "Wednesday", "DATE",
         "2023-10-04"),
        ("The minister could meet the envoy Wednesday.", "Wednesday", "DATE", "2023-10-11"),
        # a schedule in the simple present looks ahead; "holds 14.6%" is a state
        ("He and Arafat meet separately Monday with Albright.", "Monday", "DATE",
         "2023-10-09"),
        ("Gabelli began raising its stake in July, and holds 14.6%.", "July", "DATE",
         "2023-07"),
        # a quarter named as the point things are measured from is not the one discussed
        ("The firm posted a gain in third-quarter profit. After a flat second quarter, "
         "sales rose. Charges were taken in the year-earlier period.",
         "the year-earlier period", "DATE", "2022-Q3"),
        # a month naming things ("November transactions") is not dated by the clause's verb
        ("Buyers placed orders to start the day for November transactions.", "November",
         "DATE", "2023-11"),
        ("Buyers placed orders in November.", "November", "DATE", "2022-11"),
        # quarters counted are a duration, a quarter of something a fraction
        ("Japan entered a recession after two consecutive quarters of negative growth.",
         "two consecutive quarters", "DURATION", "P6M"),
        ("The firm posted two quarters of losses.", "two quarters", "DURATION", "P6M"),
        # years back: a decade ago is a year, a fraction counts in the smaller unit
        ("The wall fell a decade ago.", "a decade ago", "DATE", "2013"),
        ("The firm was founded a quarter of a century ago.", "a quarter of a century ago",
         "DATE", "1998"),
        ("The treaty was signed half a century ago.", "half a century ago", "DATE", "1973"),
        ("He left half a year ago.", "half a year ago", "DATE", "2023-04"),
        ("Then, a week or so ago, the general picked Saturday.", "a week or so ago", "DATE",
         "2023-W39"),
        ("Dealers will not be renewed after October of next year.", "October of next year",
         "DATE", "2024-10"),
        ("Car sales rebounded in the last week of March.", "the last week of March", "DATE",
         "2023-W13"),
        ("Talks resume in the first week of January 2024.", "the first week of January 2024",
         "DATE", "2024-W01"),
        ("The Nikkei closed at its lowest level since '82.", "'82", "DATE", "1982"),
        ("Prospects for growth in the near term appear good.", "the near term", "DATE",
         "FUTURE_REF"),
        ("Markets still remember Black Monday.", "Black Monday", "DATE", "1987-10-19"),
        ("Security has tightened since 9/11.", "9/11", "DATE", "2001-09-11"),
        # movable holidays, and the week a holiday falls in
        ("Protesters prayed as Easter week began.", "Easter week", "DATE", "2023-W14"),
        ("The envoy will return after Easter.", "Easter", "DATE", "2024-03-31"),
        ("They met on Good Friday.", "Good Friday", "DATE", "2023-04-07"),
        ("The bill passed before Memorial Day.", "Memorial Day", "DATE", "2023-05-29"),
        ("Talks resumed after Labor Day.", "Labor Day", "DATE", "2023-09-04"),
        ("Shops were quiet in Christmas week.", "Christmas week", "DATE", "2022-W51"),
        ("We don't minimize the challenges of the near term.", "the near term", "DATE",
         "FUTURE_REF"),
        # an "-ed" adjective after an article is no past tense
        ("The dividend would be paid on a still undecided date in January.", "January",
         "DATE", "2024-01"),
    ],
)  # fmt: skip
def test_convention(text: str, surface: str, type_: str, value: str) -> None:
    t = found(text, surface)
    assert (t.type, t.value) == (type_, value)


def test_the_date_a_later_duration_reaches() -> None:
    later = found("Stocks fell on Friday, Sept. 29. Three days later, the index fell.",
                  "Three days")  # fmt: skip
    assert (later.value, later.points_to) == ("P3D", "2023-10-02")
    assert found("Stocks fell on Sept. 29.", "Sept. 29").points_to is None


@pytest.mark.parametrize(
    ("year", "easter"),
    [(1998, "1998-04-12"), (2000, "2000-04-23"), (2019, "2019-04-21"), (2024, "2024-03-31"),
     (2038, "2038-04-25")],
)  # fmt: skip
def test_easter_sunday(year: int, easter: str) -> None:
    assert tn.easter(year).isoformat() == easter


def test_a_movable_holiday_without_a_year_is_no_day() -> None:
    timexes = tag_timexes("He visited on Thanksgiving, not at Easter or Easter Island.", None)
    assert [(t.text, t.value) for t in timexes] == [
        ("Thanksgiving", "XXXX-XX-XX"), ("Easter", "XXXX-XX-XX")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["Chrysler will close 789, or about a quarter, of its dealers.",
     "The rebels have seized more than one quarter of Zaire.",
     "The car had been in the long-term lot for two weeks.",
     "It acts in the long term interests of the nation."],
)  # fmt: skip
def test_fractions_and_adjectives_are_no_time(text: str) -> None:
    found_texts = [t.text for t in tag_timexes(text, THURSDAY)]
    assert not any("quarter" in f or "term" in f for f in found_texts), found_texts


def test_recently_before_a_named_date_is_no_second_expression() -> None:
    timexes = tag_timexes("Doctors on the list were killed, most recently last October.", THURSDAY)
    assert [(t.text, t.value) for t in timexes] == [("last October", "2022-10")]


@pytest.mark.parametrize(
    "text",
    ["He sold two thousand copies.", "Two thousand troops arrived in nineteen ninety trucks."],
)
def test_counts_in_words_are_not_years(text: str) -> None:
    assert [t for t in tag_timexes(text, THURSDAY) if t.type == "DATE"] == []


@pytest.mark.parametrize(
    "text", ["It will save $500 million a year.", "Jobs grew at 358,000 a month.",
             "Guards stand there 24 hours a day."],
)  # fmt: skip
def test_rates_are_sets(text: str) -> None:
    rate = tag_timexes(text, THURSDAY)[-1]
    assert (rate.text[:2], rate.type) == ("a ", "SET")


def test_fiscal_year_is_the_year() -> None:
    # TimeBank writes "fiscal 1989" as 1989 (wsj_0135)
    assert found("In fiscal 1989, Elco earned $7.8 million.", "fiscal 1989").value == "1989"


def test_a_converted_clock_time_in_brackets_is_not_a_second_time() -> None:
    # "(0735 GMT)" restates the local time: one TIME, on the day named after it
    times = tag_timexes("The blast came at 10:35 a.m. (0735 GMT) Friday.", THURSDAY)
    assert [(t.type, t.value) for t in times] == [("TIME", "2023-09-29T10:35")]


@pytest.mark.parametrize(
    "text",
    [
        "Now, the mayor says, nobody trusts the council.",  # a discourse marker
        "He was soon released on bail.",  # a past "soon" is no reference to the future
        "She left as soon as the talks ended.",
        "The chain expects revenue to grow 12% annually.",  # part of a rate, per annum
        "The plant would turn out 5,000 units annually.",
        "The average daily volume was 90 million shares.",
        'The envoy told ABC\'s "This Week" that talks had stalled.',  # programme names
        "He told USA Today that he would run.",
        "The quarter-to-quarter comparison was poor.",
        "Trade is vital to the future of both nations.",  # the future of X: its fate
        "He told CBS's ''60 Minutes'' that he was sad.",  # a title in title case
        "The case is a lesson for today's youth.",  # an era, not a day
        "She spoke to the leaders of tomorrow.",
        "Intel chips run many of today's personal computers.",
        "Market makers lose on trades made that day.",  # no day named before: a day in general
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert tag_timexes(text, THURSDAY) == []


@pytest.mark.parametrize(
    ("text", "surface", "anchor", "value"),
    [
        # the quarter a year-ago phrase counts from is one already reported, not a forecast
        ("Profit fell in the third quarter. Analysts expect the slump to continue into the "
         "fourth quarter. In the year-ago period, it earned $5 million.",
         "the year-ago period", THURSDAY, "2022-Q3"),
        ("Profit fell in the third quarter. For the quarter a year ago, it earned $5 million.",
         "the quarter a year ago", THURSDAY, "2022-Q3"),
        ("The plane arrives on Nov. 11, three days later than planned.", "three days", THURSDAY,
         "P3D"),
        ("In February he left, and he said that same month that he was ill.",
         "that same month", THURSDAY, "2023-02"),
        # the year-earlier period of a nine-month span is that span's length
        ("Net rose 8% in the nine months. In the year-earlier period, it fell.",
         "the year-earlier period", THURSDAY, "P9M"),
        ("Profit rose in the third quarter. In the year-earlier period, it fell.",
         "the year-earlier period", THURSDAY, "2022-Q3"),
        # ... and "a year earlier" after a span of months is that year
        ("Profit rose in the third quarter. In the nine months, it rose 8% from a year "
         "earlier.", "a year earlier", THURSDAY, "2022"),
        ("Profit rose in the third quarter. In the nine months, net was $3 million, against "
         "a loss in the 2022 period.", "the 2022 period", THURSDAY, "2022"),
        # "the previous Friday", "the following Monday": from the day the text speaks of
        ("Shares closed Friday at 2,082, down 4.5% from the previous Friday.",
         "the previous Friday", THURSDAY, "2023-09-22"),
        ("Talks broke off on Oct. 2. The following Monday, the envoys returned.",
         "The following Monday", THURSDAY, "2023-10-09"),
        ("The index has gained 8% since year-end.", "year-end", THURSDAY, "2022"),
        # a month named through a day ("ended Sept. 30") does not displace the quarter
        ("It lost $3 million in the quarter ended Sept. 30, against a profit for the "
         "corresponding period last year.", "the corresponding period last year", THURSDAY,
         "2022-Q3"),
        # the Tuesday after the first Monday of November
        ("Clinic violence will be our theme from now to Election Day.", "Election Day",
         "1998-10-26", "1998-11-03"),
        ("Voters went to the polls on Election Day.", "Election Day", "2024-12-02",
         "2024-11-05"),
        ("Troops are expected to arrive within weeks.", "weeks", THURSDAY, "PXW"),
        ("Ukraine was ruled from Moscow for centuries.", "centuries", THURSDAY, "PXC"),
        ("Funds may have to sell in the weeks ahead.", "the weeks ahead", THURSDAY, "PXW"),
        # "the day before last Tuesday's hearing": one date, a day off the one named
        ("The day before last Tuesday's hearing, he called.", "The day before last Tuesday",
         THURSDAY, "2023-10-02"),
        # "Oct. 2, the day before the vote": the phrase describes the date it follows
        ("He was last seen Oct. 2, the day before the vote.", "the day before", THURSDAY,
         "2023-10-02"),
        ("He was seen on Monday. The day before, he had called.", "The day before", THURSDAY,
         "2023-10-01"),
        # parts of the day the text speaks of, and clock times in words
        ("Shares fell on Monday. Dealers sold heavily in the morning.", "the morning",
         THURSDAY, "2023-10-02TMO"),
        ("The father will leave at 4 in the morning.", "4 in the morning", THURSDAY,
         "2023-10-05T04:00"),
        # a time restated in brackets with its day takes that day
        ("He will leave at 4 in the morning (4 a.m. EDT Friday).", "4 in the morning", THURSDAY,
         "2023-10-06T04:00"),
        ("Beijing was looking forward to Chirac's visit in November.", "November", THURSDAY,
         "2023-11"),
        ("He succeeded the then-current chairman.", "current", THURSDAY, "PAST_REF"),
        # a time before a plan dates the planning
        ("On Friday, the government planned to pay the first claims.", "Friday", THURSDAY,
         "2023-09-29"),
        # a commitment looks ahead; a trailing attribution says nothing of the tense
        ("NATO has decided to admit Poland in early March, an official said on Wednesday.",
         "early March", "1999-02-10", "1999-03"),
        # a weekday in the plural recurs
        ("Two flights will leave Bombay on Tuesday nights.", "Tuesday nights", THURSDAY,
         "XXXX-WXX-2TNI"),
        ("The council meets on Mondays.", "Mondays", THURSDAY, "XXXX-WXX-1"),
        ("Flights leave on Monday and Tuesday nights.", "Monday", THURSDAY, "XXXX-WXX-1TNI"),
        ("He prays every Sunday morning.", "every Sunday morning", THURSDAY, "XXXX-WXX-7TMO"),
        # "day-long", "decades-long": a modifier's length is a duration
        ("They left their third day-long meeting.", "day-long", THURSDAY, "P1D"),
        ("It is a decades-long battle.", "decades-long", THURSDAY, "PXY"),
        # with no tense, a day more than five months ahead is last year's
        ("The index is within 70 points of its record high set on Aug. 6.", "Aug. 6",
         "2024-02-08", "2023-08-06"),
    ],
)  # fmt: skip
def test_convention_with_anchor(text: str, surface: str, anchor: str, value: str) -> None:
    assert found(text, surface, anchor).value == value


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        # a bare participle reports what was done, even under a future verb
        ("They would appeal the decision, announced Wednesday by the agency.", "Wednesday",
         "2023-10-04"),
        # a plan's own tense does not date what is planned
        ("Protesters planned a large demonstration in the plaza on Saturday.", "Saturday",
         "2023-10-07"),
        ("The prosecutor has scheduled a news conference Friday to announce charges.", "Friday",
         "2023-10-06"),
        # ... but a time before the plan verb dates the planning
        ("On Friday, the government planned to pay the first claims.", "Friday", "2023-09-29"),
        # ... unless the plan is over
        ("The offer had been due to expire Friday evening.", "Friday evening", "2023-09-29TEV"),
        # a time hanging off a noun takes a future marker of its sentence ...
        ("Collins will be named commander of the shuttle for a mission in March.", "March",
         "2024-03"),
        # ... but not a far verb's past
        ("He added that Beijing was looking forward to Chirac's visit in November.",
         "November", "2023-11"),
    ],
)  # fmt: skip
def test_tense_from_the_parse(nlp: Any, text: str, surface: str, value: str) -> None:
    hits = [t for t in tag_timexes(text, THURSDAY, nlp(text)) if t.text == surface]
    assert [t.value for t in hits] == [value]
