"""The tagger's rule table: regex patterns over the word lists, each with its
handler from timex_rules.py, in priority order (ties between equally long
matches go to the earlier rule)."""

from __future__ import annotations

import re
from functools import lru_cache

from dyadwatch import timex_rules as r
from dyadwatch.timex_lexicon import alternation, load_lexicon, spelled_year_pattern

_SUFFIX = r"(?:st|nd|rd|th)?"
_DAY = rf"(?P<d>\d{{1,2}}){_SUFFIX}"
# A four-digit number after a designator is a name, not a year: "Resolution 1718",
# "Flight 1549", "Article 1784" (seen dating events in the newswire corpus).
_DESIGNATORS = ("Resolution", "resolution", "No.", "no.", "Flight", "flight", "Article",
                "article", "Section", "section", "Route", "Highway", "Room", "Boeing",
                "Airbus", "Law", "Decree", "Order", "Bill", "number", "Number", "#")
# ... and one followed by a unit is a quantity: "the 1706 km river" (a counted noun is not
# excluded: "in 2006 people voted" is a year).
_NOT_A_QUANTITY = (
    r"(?!\s*(?:-\s*)?(?:km\b|kilomet|miles?\b|meters?\b|metres?\b|kg\b|tons?\b|tonnes?\b|"
    r"dollars\b|yuan\b|euros?\b|percent\b|per\s+cent\b|hectares?\b|barrels?\b|square\b))"
)
_NOT_A_NUMBER_OF = "".join(rf"(?<!{re.escape(word)}\s)" for word in _DESIGNATORS)
_YEAR_DIGITS = r"(?P<y>\d{4})"
_REL = r"(?P<rel>last|next|this|past|coming|previous)"
_MODP = r._MOD_PREFIX
_B = r"(?<![\w$£€.,/-])"  # not inside a number, an amount or a word


def _names(words: dict[str, int]) -> str:
    """Full names, or abbreviations with an optional dot (kept in the group)."""
    full = [w for w in words if len(w) > 4 or w in ("may", "june", "july")]
    short = [w for w in words if w not in full]
    return rf"(?:{alternation(full)})\b|(?:{alternation(short)})\b\.?"


def _after(*words: str) -> str:
    """A lookbehind for "word " (Python needs one fixed width per alternative)."""
    return "(?:" + "|".join(rf"(?<=\b{w}\s)" for w in words) + ")"


@lru_cache(maxsize=1)
def rules() -> list[tuple[re.Pattern[str], r.Handler]]:
    """The compiled rules, in priority order."""
    lex = load_lexicon()
    spelled = spelled_year_pattern()
    # "January nineteen ninety-seven" in broadcast transcripts
    _YEAR = rf"(?P<y>\d{{4}}\b|{spelled})"
    mon = rf"(?P<mon>{_names(lex.months)})"
    wd = rf"(?P<wd>{_names(lex.weekdays)})"
    wd_pre = rf"(?:(?:{alternation(lex.weekdays)})\.?,?\s+)?"
    pod = rf"(?:\s+(?P<pod>{alternation(lex.parts_of_day)}))?"
    numbers = alternation([*lex.numbers, *lex.vague])
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    num = (rf"(?P<num>(?:\d+(?:\.\d+)?(?:\s+1/2|½)?|(?:(?:{tens})[\s-](?:{ones})|{numbers})"
           r"(?:\s+and\s+a\s+half)?))")
    unit_core = r"(?P<unit>second|minute|hour|day|week|month|quarter|year|decade|centur(?:y|ies))"
    unit = unit_core + r"s?(?P<half>\s+and\s+a\s+half)?"
    # "two more weeks", "an additional year", "six straight days", "eight trading days"
    counted = rf"(?:(?:{alternation(lex.duration_fillers)})[\s-]+)?"
    ordinal = rf"(?P<ord>{alternation(lex.ordinals)})"
    season = rf"(?P<season>{alternation(lex.seasons)})"
    approx = rf"(?:(?P<approx>{alternation(r._APPROX)})\s+)?"
    named = [*lex.holidays, *lex.easter_holidays, *lex.weekday_holidays, "election day"]
    # not "Easter Island", "the Easter Rising"
    holidays = rf"(?P<hol>{alternation(named)})(?!\s+(?:island|rising|eggs?|bunny)\b)"
    clock = r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::\d{2})?)?"
    rel_words = r"last|next|this|past|previous|coming|current|latest|recent"
    rel_units = r"week|weekend|month|year|quarter|decade|century"
    edge = r"(?:(?:the\s+)?(?P<edge>beginning|start|end|middle)\s+of\s+)?"
    quarter_pre = (
        r"(?:(?:the|this\s+year's|last\s+year's|next\s+year's)\s+)?(?:(?P<y2>\d{4})\s+)?"
        r"(?:(?:fiscal|latest|current|same|previous|year-earlier|year-ago)\s+)?"
    )
    anaphor = (
        r"(?:earlier|later)\s+(?:in\s+)?(?:that|the)\s+day|(?:that|the)\s+same\s+day"
        r"|(?:early|late)\s+in\s+the\s+day"
        r"|(?:the\s+)?(?:next|following|previous)\s+(?:day|(?P<pod>morning|afternoon|evening|night))"
        r"|that\s+day"
        # "the day after", but not "late in the day after falling 250 points"
        r"|(?<!in\s)the\s+day\s+(?:before|after)(?!\s+\w+ing\b)"
    )
    table: list[tuple[str, r.Handler]] = [
        (rf"{_B}{_YEAR_DIGITS}-(?P<m>\d{{2}})-(?P<d>\d{{2}}){clock}\b", r.h_iso),
        (rf"{_B}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}})\b(?!/)", r.h_numeric),
        (rf"\b{wd_pre}{_MODP}{mon}\s*{_DAY}(?:\s*,\s*|\s+){_YEAR}\b", r.h_full_date),
        (rf"\b{wd_pre}{_DAY}\s+(?:of\s+)?{mon}(?:\s*,\s*|\s+){_YEAR}\b", r.h_full_date),
        (rf"\b{wd_pre}(?:(?P<rel>last|next|this)\s+)?{mon}\s*{_DAY}\b(?![:.,]?\d)", r.h_month_day),
        (rf"\b{wd_pre}{_DAY}\s+(?:of\s+)?{mon}", r.h_month_day),
        (rf"\b{_MODP}{mon},?\s+(?:of\s+)?{_YEAR}\b", r.h_month_year),
        (rf"\b{_MODP}{mon},?\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b", r.h_month),
        (rf"\b{_MODP}(?:{_REL}\s+)?{mon}", r.h_month),
        (rf"\b(?:{_REL}\s+|(?:the\s+)?(?P<ana>previous|preceding|following)\s+)?{wd}{pod}",
         r.h_weekday),
        (rf"\b(?:(?P<mod>early|late)\s+)?(?P<w>yesterday|today|tomorrow|tonight|this){pod}\b",
         r.h_deictic),
        (rf"\b(?:(?P<mod>early|mid|late|earlier|later)[\s-]+)?{edge}(?:the\s+)?"
         rf"(?P<rel>{rel_words})\s+(?P<unit>{rel_units})\b", r.h_relunit),
        (rf"{_after('on', 'at', 'over', 'during', 'of', 'for', 'until', 'before', 'after')}"
         r"the\s+weekend\b", r.h_the_weekend),
        (r"\b(?:earlier|later)\s+in\s+the\s+(?P<unit>year|month|week)\b", r.h_edge_unit),
        # "a high for the year", "the first nine months of the year": the anchor's year
        (rf"{_after('for', 'of')}the\s+(?P<unit>year)\b(?![\s-](?:ago|earlier|end|ending|ended|"
         r"before|after|to|\d)|-)", r.h_edge_unit),
        (r"\byear(?:['’]s)?[\s-]end\b", r.h_year_end),
        (r"\b(?:the\s+)?(?P<edge>beginning|start|end|middle)\s+of\s+the\s+(?P<unit>year|month|week)\b",
         r.h_edge_unit),
        # "a week or so ago": about a week back
        (rf"\b{approx}{num}[\s-]+{unit}(?P<orso>\s+or\s+so)?\s+"
         r"(?P<dir>ago|earlier|later|from\s+now|hence)\b", r.h_ago),
        # "will one day be": some day in the future, not a day's length
        (rf"{_after('will', 'would', 'could', 'might', 'may', 'can')}one\s+day\b"
         r"(?!\s+(?:after|before|later|earlier|ago|of)\b)", r.h_ref("FUTURE_REF")),
        (rf"\b{approx}{num}[\s-]+{counted}{unit}\b(?![\s-]old\b)(?:-long)?", r.h_duration),
        (rf"\b(?:the\s+)?(?:past|last|next|coming|previous|first|final|latest|following|recent)"
         rf"\s+{num}[\s-]+{counted}{unit}\b", r.h_duration),
        # "a day-long meeting" (P1D), "a decades-long battle" (PXY)
        (r"\b(?P<unit>hour|day|week|month|year|decade|centur(?:y|ies))(?P<pl>s)?-long\b",
         r.h_unit_long),
        # "in recent months": some months, as TimeBank and MEANTIME write it (PXM)
        (r"\b(?:in\s+)?(?P<span>recent\s+(?P<unit>day|week|month|quarter|year|decade)s)\b",
         r.h_duration),
        # "for the year ended March 31": a fiscal year, a span of one year
        (r"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending)\b)", r.h_year_ended),
        (rf"\b(?:the\s+)?(?P<half>first|second|last|latter)\s+(?:half|two\s+quarters)\s+of\s+"
         rf"(?:{_YEAR}|(?P<yrel>this|last|next|the)\s+year)\b", r.h_half),
        (rf"\bthe\s+week\s+of\s+{mon}\s*{_DAY}(?:,?\s+{_YEAR})?\b", r.h_week_of),
        # "the last week of March": the ISO week that holds its last Thursday
        (rf"\bthe\s+(?P<nth>first|second|third|fourth|last|final)\s+week\s+of\s+{mon}"
         rf"(?:,?\s+{_YEAR})?\b", r.h_week_of_month),
        # "since '82", "the class of '68"
        (rf"{_after('since', 'in', 'of', 'from', 'until', 'to', 'before', 'after', 'by')}"
         r"['’](?P<yy>\d\d)\b(?![’'\d]|s\b)", r.h_short_year),
        (rf"\bthe\s+{num}\s+{unit_core}s\b", r.h_duration),
        (rf"{_after('for', 'in', 'within')}"
         r"(?P<unit>(?:year|month|week|decade|day|hour|minute)s|centuries)\b", r.h_duration),
        (r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<dec>\d{3}0)'?s|'(?P<dec2>\d0)s)\b",
         r.h_decade),
        (rf"\bthe\s+(?:(?P<mod>early|mid|late)[\s-]+)?(?P<decw>{alternation(lex.decade_words)})\b",
         r.h_decade_words),
        (r"\bmid[\s-]?(?P<pod>morning|afternoon)(?:\s+(?P<w>yesterday|today|tomorrow))?\b",
         r.h_mid_part_of_day),
        (rf"\b(?:the\s+)?{_MODP}(?P<n>\d{{1,2}}{_SUFFIX}|{alternation(r._ORDINAL_WORDS)})"
         rf"[\s-]+century\b", r.h_century),
        (rf"\b{quarter_pre}{ordinal}[\s-]+(?:fiscal\s+)?quarter\b"
         rf"(?:\s+of\s+(?:fiscal\s+)?(?:{_YEAR}|(?:this|last|next|the\s+previous)\s+year))?",
         r.h_quarter),
        # not "the quarter-to-quarter comparison"
        (r"\b(?:this|the\s+current|the(?:\s+(?:latest|recent|most\s+recent))?)\s+quarter\b(?!-)"
         r"|\bthe\s+(?:latest|most\s+recent)\s+period\b(?!-)", r.h_the_quarter),
        (r"\bfiscal(?:\s+year)?\s+(?P<y>\d{4}|'?\d{2})\b", r.h_fiscal),
        (r"\bthe\s+(?:(?P<rel>current|latest|previous|last|next|coming)\s+)?"
         r"(?:full|entire|whole|fiscal|calendar)(?:\s+fiscal)?\s+year\b(?!\s+end)", r.h_whole_year),
        (rf"{_MODP}(?:the\s+year\s+)?(?<![\w$£€.,/]){_NOT_A_NUMBER_OF}"
         r"(?P<y>1[5-9]\d\d|20\d\d)\b(?![.,]\d)" + _NOT_A_QUANTITY,
         r.h_year),
        (rf"\b(?:the\s+year\s+)?(?P<y>(?!two\s)(?:{spelled}))", r.h_year),
        (rf"(?:\bthe\s+year\s+|{_after('in', 'by', 'since', 'until', 'before')})"
         rf"(?P<y>(?=two\s)(?:{spelled}))", r.h_year),
        (r"\b(?:the\s+)?year[\s-](?:ago|earlier)(?:\s+(?:quarter|period|level))?\b",
         r.h_year_ago),
        (r"\b(?:(?P<mod>early|late)\s+|(?:earlier|later)\s+(?:in\s+)?)?(?:that(?:\s+same)?|the\s+(?:following|"
         r"next|previous|prior|same|corresponding|comparable))\s+(?P<unit>year|month|period)\b(?!-)"
         r"(?P<ago>,?\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier)|(?:the\s+)?(?:last|previous)\s+year))?"
         r"(?!\s+or\s+so)", r.h_that_unit),
        # "for the quarter a year ago": the quarter under discussion, a year back
        (r"\bthe\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)\b", r.h_period_year_ago),
        (r"\bthe\s+(?P<y>1[5-9]\d\d|20\d\d)\s+(?:quarter|period)\b", r.h_year_period),
        (r"\b(?P<rel>last|this)\s+year['’]s\s+(?:quarter|period)\b", r.h_year_period),
        (r"\blast\s+night\b", r.h_last_night),
        (rf"\b{_MODP}(?P<rel>this|last|next|past|coming)\s+{season}\b", r.h_season),
        (rf"\b{_MODP}(?:the\s+)?{season},?\s+(?:of\s+)?{_YEAR}\b", r.h_season),
        (rf"{_after('in', 'into', 'by', 'over', 'during', 'since', 'until', 'through', 'of')}"
         r"the\s+(?:(?P<mod>early|mid|late)[\s-]+)?(?P<season>summer|winter|spring|autumn|fall)\b",
         r.h_season),
        (rf"\b(?:{alternation(lex.present_ref)})\b", r.h_ref("PRESENT_REF")),
        (rf"\b(?:{alternation(lex.past_ref)})\b(?!\s+(?:\d|{numbers})\b)", r.h_ref("PAST_REF")),
        # not "the future of the alliance", its fate
        (rf"\b(?:{alternation(lex.future_ref)})\b(?!\s+of\b)", r.h_ref("FUTURE_REF")),
        (r"\b(?:(?:in|over)\s+)?(?:the\s+)?coming\s+(?:days|weeks|months|years|quarters)\b",
         r.h_ref("FUTURE_REF")),
        # not "the long-term outlook", "the near term interests of"
        (rf"{_after('in', 'over', 'for', 'of')}the\s+(?:near|short|long)"
         rf"(?:-term\b(?![\s-]\w)|\s+term\b(?!-\w|\s+(?:{alternation(lex.term_nouns)})\b))",
         r.h_ref("FUTURE_REF")),
        (r"\b(?:(?P<very>very)\s+)?soon\b(?!\s+(?:after|afterwards?|thereafter|as)\b)", r.h_soon),
        # "its first annual loss": the result of a year, a span (as MEANTIME writes it)
        (r"\bannual(?=\s+(?:net\s+)?(?:profits?|loss(?:es)?|earnings|income|results)\b)",
         r.h_annual),
        (rf"\b(?:every|each)\s+{mon}\b", r.h_set),
        (rf"\b(?:every|each)\s+{wd}{pod}\b", r.h_set),
        # "on Mondays", "on Tuesday nights": a weekday in the plural recurs
        (rf"\b{wd}{pod}s\b", r.h_set),
        (rf"\b(?P<wd>{alternation(w for w in lex.weekdays if len(w) > 4)})s\b", r.h_set),
        (rf"\b(?:{alternation(lex.sets)})\b", r.h_set),
        (r"\b(?:once|twice|times)\s+(?P<span>(?:a|per)\s+(?P<unit>day|week|month|year))\b",
         r.h_set),
        (r"\b(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)", r.h_clock),
        # "at 4 in the morning", "8 o'clock in the evening"
        (r"\b(?P<h>\d{1,2})(?::(?P<min>\d{2}))?\s+(?:o['’]clock\s+)?in\s+the\s+"
         r"(?P<ap>morning|afternoon|evening)\b", r.h_clock),
        # "placed orders in the morning": that part of the day the text speaks of
        (r"(?<=\bin\s)the\s+(?P<pod>morning|afternoon|evening)\b", r.h_part_of_that_day),
        # "in the weeks ahead": some weeks to come
        (r"\bthe\s+(?P<unit>day|week|month|year)s\s+ahead\b", r.h_duration),
        # "at 18:00 UTC", "0800 GMT"; not "(0735 GMT)", a conversion of the local time
        (r"(?<!\()\b(?P<h>[01]\d|2[0-3]):?(?P<min>[0-5]\d)\s+(?:UTC|GMT)\b", r.h_utc),
        (r"\b(?:(?<=at\s)noon|midnight|midday)\b", r.h_noon),
        (rf"\b(?:{anaphor})\b", r.h_anaphor),
        # market reports: "the Dow ended the day at 9,505", "For the day, the Nikkei fell 6%"
        (_after("end", "ended", "ending", "finish", "finished", "finishing", "close", "closed",
                "closing", "for")
         + r"the\s+day\b(?!\s+(?:before|after|of|when|that)\b)", r.h_anaphor),
        # days known by a name: "Black Monday", "D-Day", "9/11"
        (rf"(?<![\w/])(?P<named>{alternation(lex.named_days)})(?![\w/])", r.h_named_day),
        # "Christmas 2019", "last Thanksgiving", "Easter week"
        (rf"\b(?:(?P<rel>last|next|this)\s+)?{holidays}(?:,?\s+{_YEAR})?(?P<week>\s+week)?\b",
         r.h_holiday),
    ]  # fmt: skip
    return [(re.compile(_WORD_START + p, re.IGNORECASE), h) for p, h in table]


# Every expression starts a word (or a "'90s"); saying so up front lets the regex
# engine skip the other positions at once, which makes the stage about a third faster.
_WORD_START = r"(?<!\w)(?=[\w'’])"
