"""Property-based tests (issue 11): readers, cleaners and date normalisers take any input
without an unhandled exception, and what they return keeps its promises; and a small run
of scripts/fuzz_pipeline.py over the whole pipeline."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dyadwatch.clean import classify_lines, clean_or_reject, language_problem
from dyadwatch.clean_dates import date_line_value, normalise_published
from dyadwatch.models import Article, RawArticle, Rejection
from dyadwatch.read_records import CONTROL, decode_bytes, read_jsonl_articles, record_problem
from dyadwatch.time import tag_timexes

ROOT = Path(__file__).resolve().parents[1]
FEW = settings(max_examples=60, deadline=None)
ACCENTED = "éèàçüöñ’“”—–€…"
TEMPORAL = [
    "on", "Monday", "Friday", "last", "next", "this", "week", "month", "year", "weekend",
    "2023", "1999", "June", "Feb.", "19", "30", "31", "2023-02-30", "2023-06-19", "9999",
    "the", "day", "after", "before", "ago", "two", "days", "earlier", "later", "said",
    "will", "met", "mid-", "late", "early", "quarter", "decade", "1990s", "tomorrow",
    "yesterday", "today", "now", "Q3", "summer", "morning", "since", "until", "-", ",",
    ".", "\n", "  ", "'", "of", "a", "an", "hours", "fiscal", "12:30", "p.m.", "Ramadan",
]  # fmt: skip
WORDS = ["Xi", "met", "Biden", "in", "Bali", "on", "Monday", "Photo:", "Reuters", "Share",
         "the", "talks", "said", "Check", "Also", "|", "2023", "June", "19", ",", "."]  # fmt: skip


# -- readers ------------------------------------------------------------------------------------


@FEW
@given(st.binary(max_size=600))
def test_decoding_any_bytes_gives_text_or_a_reason(data: bytes) -> None:
    text, problem = decode_bytes(data)
    assert (text == "") == (problem is not None) or not text.strip()
    if problem:
        assert problem.endswith(("file", "text")) and ": " in problem


@st.composite
def western_text(draw: Any) -> str:
    """Mostly ASCII with lone accented characters: text as a Windows-1252 editor saves it."""
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        parts.append(draw(st.from_regex(r"[A-Za-z ,.]{3,12}", fullmatch=True)))
        parts.append(draw(st.sampled_from(ACCENTED)))
    parts.append(draw(st.from_regex(r"[A-Za-z .]{3,12}", fullmatch=True)))
    return "".join(parts)


@FEW
@given(western_text())
def test_windows_1252_text_is_read_not_replaced(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == (text, None)


@FEW
@given(st.text(max_size=300).filter(lambda t: not t.startswith("\ufeff")))
def test_utf8_and_utf16_text_round_trips(text: str) -> None:
    bad = sum(ch in CONTROL or ch == "\ufffd" for ch in text)
    assume(bad == 0)
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        assert decode_bytes(data) == (text, None)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip
RECORDS = st.dictionaries(
    st.sampled_from(["id", "text", "html", "published", "outlet", "url", "title", "x"]),
    JSON_VALUES | st.sampled_from(["Xi met Biden.", "2023-06-19", "2023-02-30", " "]),
    max_size=6,
)


@FEW
@given(st.lists(RECORDS | JSON_VALUES | st.text(max_size=30), max_size=8))
def test_every_jsonl_line_gives_one_article_or_one_rejection(lines: list[Any]) -> None:
    raw = [x if isinstance(x, str) else json.dumps(x) for x in lines]
    raw = [line.replace("\n", " ").replace("\r", " ") for line in raw]
    items = list(read_jsonl_articles(io.StringIO("\n".join(raw)), "feed.jsonl"))
    expected = [n for n, line in enumerate(raw, start=1) if line.strip()]
    numbers = [int(i.source.rsplit(":", 1)[1]) if isinstance(i, RawArticle) else i.line
               for i in items]  # fmt: skip
    assert numbers == expected
    for item in items:
        if isinstance(item, Rejection):
            assert item.stage == "read" and item.reason
        else:  # an article has a body, string fields and a readable date
            assert (item.text or item.html or "").strip()
            assert item.published is None or normalise_published(item.published)


@FEW
@given(RECORDS)
def test_record_problem_never_raises(record: dict[str, Any]) -> None:
    problem = record_problem(record)
    assert problem is None or isinstance(problem, str)


# -- cleaners ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join) | st.text(max_size=40),
        max_size=12,
    ).map("\n".join)
)
def test_cleaning_any_text_gives_an_article_or_a_rejection(text: str) -> None:
    result = clean_or_reject(RawArticle(source="fuzz.txt", text=text, published="2023-06-19"))
    if isinstance(result, Rejection):
        assert result.stage == "clean" and result.reason.startswith("fuzz.txt: ")
        return
    assert isinstance(result, Article) and result.text.strip()
    assert result.content_hash == hashlib.sha256(result.text.encode()).hexdigest()
    assert not any(ch in result.text for ch in "\u200b\u2060\ufeff")


HTML_PARTS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<b>", "<script>", "</script>",
                              "<figure><figcaption>", "</figcaption></figure>", "<!--", "-->",
                              "<br>", "&amp;", "&#0;", "<title>", "</title>", "<", ">",
                              "Xi met Biden in Bali on Monday. ", "Photo: Reuters"])  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(st.lists(HTML_PARTS | st.text(max_size=10), max_size=30).map("".join))
def test_cleaning_any_html_gives_an_article_or_a_rejection(html: str) -> None:
    assume(html.strip())
    result = clean_or_reject(RawArticle(source="fuzz.html", html=html))
    assert isinstance(result, Article | Rejection)
    if isinstance(result, Article):
        assert result.text.strip()


def test_huge_lines_are_cleaned_in_linear_time() -> None:
    """Found by scripts/fuzz_pipeline.py: a 200,000-character line with no space took
    minutes in the caption rule (now a tenth of a second)."""
    start = time.perf_counter()
    for unit in ("1", "x.", "<b>", "—"):
        lines = ["Xi met Biden.", unit * (30_000 // len(unit)), "They talked."]
        page = classify_lines(lines)
        assert [line.kind for line in page.lines][0] == "body"
    assert time.perf_counter() - start < 5


def test_runs_without_spaces_do_not_reach_the_tokenizer() -> None:
    """Found by scripts/fuzz_pipeline.py: spaCy's tokenizer takes hours on a run of
    66,000 dashes; such a line is junk, kept (cut short) in `removed`."""
    text = "Xi met Biden in Bali.\n" + "—" * 66_000 + "\nThey agreed to talk. " + "x" * 2000
    result = clean_or_reject(RawArticle(source="dashes.txt", text=text))
    assert isinstance(result, Article)
    assert result.text == "Xi met Biden in Bali."
    assert [len(r) for r in result.removed] == [201, 201]


@FEW
@given(st.text(max_size=400))
def test_language_check_answers_any_text(text: str) -> None:
    problem = language_problem(text)
    assert problem is None or problem.startswith("article is not in English")


@FEW
@given(st.lists(st.sampled_from(["1", "2023", "-", ",", "(AFP)", "Xi", "USA", "\n", "..."]),
                max_size=30).map(" ".join))  # fmt: skip
def test_english_articles_stay_english_whatever_surrounds_them(noise: str) -> None:
    seed = (ROOT / "examples" / "000_c05b7520585208c9.txt").read_text("utf-8")[:3000]
    assert language_problem(noise + seed + noise) is None


# -- dates ----------------------------------------------------------------------------------------


@FEW
@given(st.text(max_size=60) | st.lists(st.sampled_from(TEMPORAL), max_size=8).map(" ".join))
def test_published_and_date_lines_are_real_dates_or_none(value: str) -> None:
    for result in (normalise_published(value), date_line_value(value)):
        assert result is None or date.fromisoformat(result)


# the pipeline's anchors are publication dates, which the readers keep to 1900-2099
ANCHORS = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)).map(
    date.isoformat
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(st.sampled_from(TEMPORAL) | st.text(max_size=6), max_size=25).map(" ".join),
    anchor=ANCHORS,
)
def test_timexes_of_any_text_and_anchor(text: str, anchor: str | None) -> None:
    for timex in tag_timexes(text, anchor):
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text
        assert timex.type in ("DATE", "TIME", "DURATION", "SET") and timex.value


@pytest.mark.parametrize(("text", "anchor"), [("tomorrow", "9999-12-31"),
                                              ("yesterday", "0001-01-01")])  # fmt: skip
def test_timexes_at_the_ends_of_the_calendar(text: str, anchor: str) -> None:
    assert tag_timexes(f"They met {text}.", anchor) == []


# -- the whole pipeline -------------------------------------------------------------------------


def _fuzz_script() -> Any:
    spec = importlib.util.spec_from_file_location("fuzz_pipeline", ROOT / "scripts" /
                                                  "fuzz_pipeline.py")  # fmt: skip
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_mutated_articles_never_crash_the_pipeline(nlp: Any) -> None:
    report = _fuzz_script().fuzz(rounds=12, seed=11, newswire=0, huge=20_000, nlp=nlp)
    assert report.rounds == 12 and report.articles + report.rejected >= 12
    assert report.crashes == [], report.crashes[0]["traceback"]
