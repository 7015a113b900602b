"""Tests for the clean stage: seeds, invented pages of other sites, and rule tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.clean import (
    SPACES,
    assemble_paragraphs,
    classify_lines,
    clean_article,
    clean_or_reject,
    fix_text,
)
from dyadwatch.clean_dates import date_line_value, is_hijri_line, normalise_published
from dyadwatch.clean_rules import caption_of, is_entity_tag, is_furniture, is_teaser_start
from dyadwatch.errors import InputError
from dyadwatch.models import Article, RawArticle, Rejection

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def seed(prefix: str) -> RawArticle:
    path = next(EXAMPLES.glob(f"{prefix}_*.txt"))
    return RawArticle(source=str(path), text=path.read_text(encoding="utf-8"), id=path.stem)


# --- the five seed articles -------------------------------------------------

SEED_BODY = {
    "000": [
        "The White House has begun making plans for a meeting in November",
        "The plans will be finalized after Chinese Foreign Minister Wang Yi’s visit Washington",
        "In March, Xi accused Washington of leading Western efforts",
        "imposing sanctions on some human traffickers and individuals based in China.",
    ],
    "001": [
        "There were also 'frank exchanges' between Blinken and Wang",
        "The US and China have agreed to work together toward an expected summit",
        "Concern over Middle East",
        "and its unsafe intercept of a US aircraft.",
    ],
    "002": [
        "After three years of self-isolation from China",
        "By October, at least three Chinese ministers will visit the United States.",
        "Lisa Friedman contributed reporting.",
    ],
    "003": [
        "Secretary of State Antony J. Blinken met with China’s leader, Xi Jinping",
        "view of China,” he said.",
    ],
    "004": [
        "Secretary of State Antony J. Blinken met Chinese leader Xi Jinping in Beijing on Monday",
        "Olivia Wang contributed to the report.",
    ],
}
SEED_FURNITURE = {
    "000": ["Photo: Kevin Lamarque/Portal", "Photo: Jonathan Ernst / Portal"],
    "001": [
        "Aaj English TV",
        "February 28, 2024",
        "Shaban",
        "follow us on Twitter",
        "Comments are closed",
        "Taboola",
        "Joe Biden\n\nUnited States",
        "October 27, 2023. Reuters",
        "US, China agree to work toward an expected Biden-Xi summit",
    ],  # fmt: skip
    "002": ["By admin", "Leave a Reply", "Your email address"],
    "003": [
        "Xi Meets Blinken With Tough Issues",
        "Source link",
        "Check Also",
        "India to Repeat Voting",
        "India’s election authorities",
        "Leave a Reply",
    ],  # fmt: skip
    "004": [],
}


@pytest.mark.parametrize("prefix", sorted(SEED_BODY))
def test_seed_keeps_every_body_line_and_drops_furniture(prefix: str) -> None:
    raw = seed(prefix)
    article = clean_article(raw)
    for sentence in SEED_BODY[prefix]:
        assert sentence in article.text
    for junk in SEED_FURNITURE[prefix]:
        assert junk not in article.text
    # every body line of the source survives whole: nothing is cut mid-sentence
    kept = set(article.text.split("\n\n"))
    removed = set(article.removed)
    for line in (SPACES.sub(" ", t).strip() for t in (raw.text or "").splitlines()):
        assert not line or line in kept or line in removed


@pytest.mark.parametrize(
    ("prefix", "title", "header_dates", "n_captions"),
    [
        ("000", None, [], 2),
        ("001", "US, China agree to work toward an expected Biden-Xi summit", ["2024-02-28"], 1),
        ("002", None, [], 0),
        ("003", "Xi Meets Blinken With Tough Issues on the Agenda", [], 0),
        ("004", None, [], 0),
    ],
)
def test_seed_title_dates_captions(
    prefix: str, title: str | None, header_dates: list[str], n_captions: int
) -> None:
    article = clean_article(seed(prefix))
    assert article.title == title
    assert article.header_dates == header_dates
    assert len(article.captions) == n_captions
    for caption in article.captions:
        assert caption not in article.text
    assert article.published is None  # header dates never become the publication date


# --- invented pages in other sites' styles ----------------------------------

NEWS_PORTAL = """Frontier Daily
Published: Tuesday, 12 March 2024 | 10:32 AM PKT
Skip to content

Beijing and Washington Resume Drug Talks
By Staff Reporter

BEIJING: Chinese and US officials met in Beijing on Monday to resume talks on curbing fentanyl.
ADVERTISEMENT
The counternarcotics working group had been frozen since August 2022.
Also Read: Pakistan, China sign new trade deal
Officials said the next round would be held in Washington in May.
Share this:
Facebook
Twitter
WhatsApp
Tags: China, United States, fentanyl
Related Posts
Pakistan and Iran agree to boost border trade
Islamabad and Tehran agreed on Sunday to expand barter trade along the …
© 2024 Frontier Daily. All rights reserved.
"""

WIRE_WRAPPED = """BEIJING, March 3 (Reuters) - China's foreign minister Wang Yi
warned the United States on Sunday against interfering in the Taiwan
issue, saying Washington must stop arming the island.

"The Taiwan question is at the very core of China's core interests,"
Wang told reporters at an annual news conference in Beijing.

Wang Yi attends a news conference in Beijing, China March 7, 2024. (AP Photo/Andy Wong)

The United States had no immediate comment.

(Reporting by Jane Doe; Editing by John Roe)
"""

BLOG_PAGE = """Home » World » Asia
Updated: 2024-01-05 14:00 GMT
Reading time: 3 min

Japan protests Chinese coast guard patrols near Senkaku islands

Japan lodged a formal protest with China on Friday after coast guard ships entered waters.
Image caption, Japanese coast guard vessels sail near the Senkaku islands
The foreign ministry in Tokyo called the patrols unacceptable.
Read more: Tokyo and Beijing hold maritime talks
Beijing rejected the protest and said the islands are Chinese territory.
Posted in World, Asia
Leave a comment
You must be logged in to post a comment.
"""


@pytest.mark.parametrize(
    ("text", "body", "junk", "title", "dates", "captions"),
    [
        (
            NEWS_PORTAL,
            [
                "BEIJING: Chinese and US officials met in Beijing on Monday",
                "The counternarcotics working group had been frozen since August 2022.",
                "Officials said the next round would be held in Washington in May.",
            ],
            [
                "Frontier Daily",
                "Published",
                "Skip to",
                "Staff Reporter",
                "ADVERTISEMENT",
                "Also Read",
                "Share this",
                "Facebook",
                "Tags:",
                "Related Posts",
                "Iran",
                "©",
            ],
            "Beijing and Washington Resume Drug Talks",
            ["2024-03-12"],
            [],
        ),
        (
            WIRE_WRAPPED,
            [
                "BEIJING, March 3 (Reuters) - China's foreign minister Wang Yi warned the United "
                "States on Sunday against interfering in the Taiwan issue, saying Washington must "
                "stop arming the island.",
                '"The Taiwan question is at the very core of China\'s core interests," Wang told '
                "reporters at an annual news conference in Beijing.",
                "The United States had no immediate comment.",
            ],
            ["Reporting by", "AP Photo"],
            None,
            [],
            [
                "Wang Yi attends a news conference in Beijing, "
                "China March 7, 2024. (AP Photo/Andy Wong)"
            ],
        ),
        (
            BLOG_PAGE,
            [
                "Japan lodged a formal protest with China on Friday",
                "The foreign ministry in Tokyo called the patrols unacceptable.",
                "Beijing rejected the protest and said the islands are Chinese territory.",
            ],
            [
                "Home »",
                "Updated",
                "Reading time",
                "Image caption",
                "Read more",
                "Posted in",
                "Leave a comment",
                "logged in",
            ],
            "Japan protests Chinese coast guard patrols near Senkaku islands",
            ["2024-01-05"],
            ["Japanese coast guard vessels sail near the Senkaku islands"],
        ),
    ],
    ids=["news-portal", "wire-wrapped", "blog"],
)
def test_invented_pages(
    text: str, body: list[str], junk: list[str], title: str | None,
    dates: list[str], captions: list[str],
) -> None:  # fmt: skip
    article = clean_article(RawArticle(source="invented.txt", text=text))
    for sentence in body:
        assert sentence in article.text
    for word in junk:
        assert word not in article.text
    assert article.title == title
    assert article.header_dates == dates
    assert article.captions == captions


HTML_PAGE = """<!DOCTYPE html><html><head>
<title>Wang Yi and Sullivan hold talks in Malta | Daily Globe</title>
<meta property="og:title" content="Wang Yi and Sullivan hold talks in Malta">
<meta property="article:published_time" content="2023-09-18T08:00:00Z"></head><body>
<header><a href="/">Daily Globe</a>
<nav><a href="/w">World</a> | <a href="/a">Asia</a></nav></header>
<main><article><h1>Wang Yi and Sullivan hold talks in Malta</h1>
<p>China's top diplomat Wang Yi and US national security adviser Jake Sullivan held two days of
talks in Malta over the weekend, the White House said on Monday.</p>
<figure><img src="a.jpg"><figcaption>Wang Yi arrives in Valletta, Malta, September 16, 2023.
REUTERS/Darrin Zammit Lupi</figcaption></figure>
<p>Advertisement</p>
<p>The talks were described as candid, substantive and constructive, and both sides agreed to
maintain this strategic channel of communication.</p>
<p>Sullivan raised concerns about Chinese military activity near Taiwan, according to a US
readout of the meeting.</p></article>
<aside><h3>Related Stories</h3><ul><li><a href="/x">Biden says he will meet Xi</a></li></ul></aside>
</main><footer><p>© 2023 Daily Globe. All rights reserved.</p></footer></body></html>"""


def test_html_page_through_trafilatura() -> None:
    article = clean_article(RawArticle(source="p.html", html=HTML_PAGE, published="2023-09-18"))
    assert "held two days of talks in Malta" in article.text
    assert "readout of the meeting." in article.text
    for junk in ("Advertisement", "Daily Globe", "Biden says", "©", "Valletta"):
        assert junk not in article.text
    assert article.title == "Wang Yi and Sullivan hold talks in Malta"
    assert article.header_dates == ["2023-09-18"]
    assert article.captions and "Valletta" in article.captions[0]
    assert (article.published, article.date_source) == ("2023-09-18", "metadata")


def test_metadata_title_wins_and_repeated_first_line_goes() -> None:
    raw = RawArticle(source="x", text="Talks resume.\nThe two sides met on Monday.",
                     title="Talks resume")  # fmt: skip
    article = clean_article(raw)
    assert article.title == "Talks resume"
    assert article.text == "The two sides met on Monday."


# --- article fields ----------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected", "flags"),
    [
        ("2023-06-19", "2023-06-19", []),
        ("2023-06-19T10:00:00Z", "2023-06-19", []),
        ("2023-06-19T23:30:00-05:00", "2023-06-19", []),
        ("June 19, 2023", "2023-06-19", []),
        ("19 June 2023", "2023-06-19", []),
        ("Mon, 19 Jun 2023 10:00:00 GMT", "2023-06-19", []),
        ("last Tuesday", None, ["bad_published:last Tuesday"]),
        ("2023-02-30", None, ["bad_published:2023-02-30"]),
        (None, None, []),
    ],
)
def test_published_normalised(published: str | None, expected: str | None, flags: list) -> None:
    article = clean_article(RawArticle(source="x", text="A sentence.", published=published))
    assert article.published == expected
    assert article.flags == flags
    assert article.date_source == ("metadata" if expected else "none")


def test_id_hash_and_mojibake() -> None:
    article = clean_article(RawArticle(source="x", text="Chinaâ€™s  envoy\u00a0met   Blinken."))
    assert article.text == "China’s envoy met Blinken."
    assert len(article.id) == 16 and article.id in article.content_hash
    assert clean_article(RawArticle(source="x", id="a1", text="Hi there.")).id == "a1"


@pytest.mark.parametrize("text", ["", "   \n", "Advertisement\nLeave a Reply\nSource link"])
def test_nothing_left_raises_input_error(text: str) -> None:
    with pytest.raises(InputError, match="no article text|neither text nor html"):
        clean_article(RawArticle(source="empty.txt", text=text))


# --- rule tables --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By admin", True),
        ("Leave a Reply", True),
        ("Comments are closed on this story.", True),
        ("Taboola ads will show in this div", True),
        ("- Advertisement -", True),
        ("Story continues below advertisement", True),
        ("Follow us on Google News", True),
        ("(Reporting by David Brunnstrom; Editing by Leslie Adler)", True),
        ("Copyright 2024 The Daily. All rights reserved.", True),
        ("Source: Reuters", True),
        ("Updated 2 hours ago", True),
        ("(With inputs from agencies)", True),
        ("Edited by: Ravi Kumar", True),
        ("Download our app for the latest news", True),
        ("Edited by the ministry, the statement was softer.", False),
        ("By then, it was too late.", False),
        ("By October, at least three Chinese ministers will visit the United States.", False),
        ("Lisa Friedman contributed reporting.", False),
        ("He said both sides would follow up on the talks.", False),
        ("Published in Beijing, the report said relations were improving.", False),
        ("More than 100 officials attended the talks.", False),
    ],
)
def test_furniture_table(line: str, expected: bool) -> None:
    assert is_furniture(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Check Also", True), ("Related Articles", True), ("You may also like", True),
        ("Related", True), ("Relations are tense.", False), ("More talks are planned.", False),
    ],
)  # fmt: skip
def test_teaser_start_table(line: str, expected: bool) -> None:
    assert is_teaser_start(line) is expected


@pytest.mark.parametrize(
    ("line", "is_caption"),
    [
        ("Xi greets Lula in Beijing, China, April 14, 2023. (Xinhua/Li Xueren)", True),
        ("Flags flutter outside a factory in Shanghai. Getty Images", True),
        ("Biden walks to Marine One at the White House in Washington, US, June 2, 2023.", True),
        ("Wang Yi speaks in Munich. Reuters", True),
        ("The official said talks went well. Reuters", False),
        ("Blinken met Xi. Both sides spoke. AFP", False),
        ("Blinken meets Xi as ties fray, officials say.", False),
        ("Blinken met Xi in Beijing on June 19, 2023.", False),
        ("During his stay, Susilo will hold a meeting with Putin on Dec. 1, 2006.", False),
        ("After the talks, Wang meets Blinken at the airport on June 19, 2023.", False),
    ],
)
def test_caption_table(line: str, is_caption: bool) -> None:
    assert (caption_of(line) is not None) is is_caption


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Wednesday, February 28, 2024", "2024-02-28"),
        ("Wednesday, February 28, 2024 \u00a0", "2024-02-28"),
        ("Published: 28 Feb 2024 | 10:32 AM PKT", "2024-02-28"),
        ("Updated 2024-01-05 14:00 GMT", "2024-01-05"),
        ("Sept. 3, 2023", "2023-09-03"),
        ("February 28, 2024 | 17 Shaban 1445", "2024-02-28"),
        ("Blinken met Xi on June 19, 2023.", None),
        ("June 2023 was hot", None),
        ("February 30, 2024", None),
    ],
)
def test_date_lines(line: str, iso: str | None) -> None:
    assert date_line_value(SPACES.sub(" ", line).strip()) == iso


@pytest.mark.parametrize(
    ("line", "expected"),
    [("17 Shaban 1445", True), ("3 Ramadan 1445 AH", True), ("The Ramadan talks in 1445", False)],
)
def test_hijri_lines(line: str, expected: bool) -> None:
    assert is_hijri_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Joe Biden", True), ("United States", True), ("Ministry of Defence", True),
     ("Concern over", False), ("Xi said so.", False), ("four words are here", False),
     ("Luca Toni (Fiorentina)", False), ("G20 Summit", True), ("2023 APEC", False)],
)  # fmt: skip
def test_entity_tag_table(line: str, expected: bool) -> None:
    assert is_entity_tag(line) is expected


@pytest.mark.parametrize(
    ("text", "title", "removed"),
    [
        ("Dawn News\nMarch 3, 2024\nChina and US hold talks\nThe two sides met.",
         "China and US hold talks", ["Dawn News", "March 3, 2024", "China and US hold talks"]),
        ("Xi Meets Blinken\nJune 19, 2023\nThe two men met in Beijing.\nThey talked.",
         "Xi Meets Blinken", ["Xi Meets Blinken", "June 19, 2023"]),
        ("www.example-news.com\nTalks resume in Geneva\nDiplomats met on Friday.",
         "Talks resume in Geneva", ["www.example-news.com", "Talks resume in Geneva"]),
    ],
)  # fmt: skip
def test_site_name_or_headline(text: str, title: str, removed: list[str]) -> None:
    article = clean_article(RawArticle(source="x", text=text))
    assert article.title == title
    assert article.removed == removed


def test_single_trailing_tag_line_is_kept() -> None:
    article = clean_article(RawArticle(source="x", text="Xi met Biden.\nThe End"))
    assert article.text.endswith("The End")


def test_related_link_mid_story_keeps_the_story() -> None:
    text = "Officials met on Monday.\nRelated\n" + "\n".join(
        f"Paragraph {i} of the story goes on with a full sentence about the talks."
        for i in range(8)
    )
    article = clean_article(RawArticle(source="x", text=text))
    assert "Paragraph 7 of the story" in article.text


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        # wire copy with a paragraph cut mid-sentence: no headline, the halves rejoin
        ("Former chancellor Gerhard Schroeder resigned from parliament, a day after he\n\n"
         "transferred power to his successor.\n\nHe signed the letter.",
         None,
         "Former chancellor Gerhard Schroeder resigned from parliament, a day after he "
         "transferred power to his successor.\n\nHe signed the letter."),
        # a first sentence that lost its full stop is too long for a headline
        ("Singapore and Australia armed forces took part in a four-day joint exercise, which "
         "ended here on Friday, the ministry said\nThe ministry said ties were close.",
         None, None),
        ("China Focus: Oil imports slow\nChina's oil imports grew slower in 2006.",
         "China Focus: Oil imports slow", "China's oil imports grew slower in 2006."),
    ],
)  # fmt: skip
def test_headline_or_broken_first_paragraph(text: str, title: str | None, body: str | None) -> None:
    article = clean_article(RawArticle(source="x", text=text))
    assert article.title == title
    assert article.text == (body or text.replace("\n", "\n\n"))


def test_assemble_keeps_one_line_paragraphs() -> None:
    page = classify_lines(["First paragraph.", "Second paragraph.", "", "Third."])
    assert assemble_paragraphs(page.lines) == "First paragraph.\n\nSecond paragraph.\n\nThird."


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=12))
def test_clean_never_invents_or_cuts_lines(lines: list[str]) -> None:
    """Whatever the input, the output is whole input lines, or a clear InputError."""
    text = "\n".join(lines)
    try:
        article = clean_article(RawArticle(source="fuzz", text=text))
    except InputError:
        return
    norm = [n for n in (SPACES.sub(" ", t).strip() for t in fix_text(text).splitlines()) if n]
    position = 0
    for paragraph in article.text.split("\n\n"):
        position = _consume(paragraph, norm, position)


def _consume(paragraph: str, lines: list[str], start: int) -> int:
    """Index after the input lines that, joined with spaces in order, make `paragraph`."""
    for i in range(start, len(lines)):
        if paragraph == lines[i]:
            return i + 1
        if paragraph.startswith(lines[i] + " "):
            try:
                return _consume(paragraph[len(lines[i]) + 1 :], lines, i + 1)
            except AssertionError:
                continue
    raise AssertionError(f"paragraph not made of whole input lines: {paragraph!r}")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_of_a_date_normalises_to_it(day: date) -> None:
    forms = [
        day.isoformat(),
        f"{day.isoformat()}T10:00:00Z",
        day.strftime("%B %d, %Y"),
        day.strftime("%d %B %Y"),
        day.strftime("%a, %d %b %Y 10:00:00 GMT"),
    ]
    for form in forms:
        assert normalise_published(form) == day.isoformat(), form
    assert date_line_value(day.strftime("%A, %B %d, %Y")) == day.isoformat()


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Xi met Biden in Woodside.</p><p>They talked.</p>",
         "Xi met Biden in Woodside.\n\nThey talked."),
        ("\x00<p>Xi met Biden.</p>", "Xi met Biden."),
        ("<p>Chinaâ€™s envoy arrived.</p>", "China’s envoy arrived."),
        ("<html></html>", None),
        ("<div>" * 3000 + "deep" + "</div>" * 3000, None),
    ],
)  # fmt: skip
def test_html_fragments_and_junk(html: str, text: str | None) -> None:
    result = clean_or_reject(RawArticle(source="feed.jsonl:3", html=html))
    if text is None:
        assert isinstance(result, Rejection) and result.stage == "clean"
        assert result.reason.startswith("feed.jsonl:3: no text found in the HTML")
    else:
        assert isinstance(result, Article) and result.text == text
