"""The events stage on sentences written for the tests, and end to end on the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.event_rules import is_agent, is_target, load_lexicon
from dyadwatch.events import extract_events, load_cameo, plover_intent_type
from dyadwatch.models import EVENT_TYPES, Actor, ActorMention, Article, EventMention
from dyadwatch.quotes import quotes_in

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def person(name: str, code: str, sector: str = "GOV", office: str | None = "Minister") -> Actor:
    key = name.lower().replace(" ", "-")
    return Actor(id=f"person:{key}", name=name, code=code, kind="person", sector=sector,
                 office=office)  # fmt: skip


def state(name: str, code: str) -> Actor:
    return Actor(id=code, name=name, code=code, kind="state")


BLINKEN = person("Antony Blinken", "USA", office="Secretary of State")
XI = person("Xi Jinping", "CHN", office="President")
BIDEN = person("Joe Biden", "USA", office="President")
WANG = person("Wang Yi", "CHN", office="Foreign Minister")
SULLIVAN = person("Jake Sullivan", "USA", office="National Security Adviser")
LEE = person("John Lee", "HKG", office="Chief Executive")
WU = person("Wu Xinbo", "CHN", sector="EDU", office=None)
REPORTER = person("Olivia Wang", "USA", sector="MED", office=None)
USA, CHN, RUS = state("United States", "USA"), state("China", "CHN"), state("Russia", "RUS")
WHITE_HOUSE = Actor(id="USA.GOV", name="White House", code="USA", kind="institution",
                    sector="GOV")  # fmt: skip
NAMES = {
    "Secretary of State Antony Blinken": BLINKEN, "Blinken": BLINKEN,
    "Chinese President Xi Jinping": XI, "Xi": XI, "Biden": BIDEN, "Wang": WANG,
    "Sullivan": SULLIVAN, "Lee": LEE, "Wu Xinbo": WU, "Olivia Wang": REPORTER,
    "the United States": USA, "United States": USA, "Washington": USA, "American": USA,
    "China": CHN, "Beijing": CHN, "Chinese": CHN, "Russia": RUS, "The White House": WHITE_HOUSE,
}  # fmt: skip


def mentions_for(text: str, names: dict[str, Actor] = NAMES) -> list[ActorMention]:
    """Mentions of every listed name, longest first and without overlaps, like the
    actors stage returns them."""
    keys = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    return [ActorMention(m.start(), m.end(), m.group(0), "KB", names[m.group(0)])
            for m in pattern.finditer(text)]  # fmt: skip


def run(nlp, text: str) -> list[EventMention]:  # type: ignore[no-untyped-def]
    article = Article(id="t", source="test", text=text)
    return extract_events(nlp(text), article, mentions_for(text))


def codes(mentions: list[ActorMention]) -> list[str]:
    return sorted(m.actor.code for m in mentions if m.actor is not None)


def names(mentions: list[ActorMention]) -> list[str]:
    return sorted(m.actor.name for m in mentions if m.actor is not None)


# sentence, event type, actor names, recipient names, status, place name (or None)
CASES = [
    ("Secretary of State Antony Blinken met Chinese President Xi Jinping in Beijing on Monday.",
     "CONSULT", ["Antony Blinken"], ["Xi Jinping"], "occurred", "Beijing"),
    ("Blinken and Xi met at the Great Hall of the People on Monday.",
     "CONSULT", ["Antony Blinken", "Xi Jinping"], [], "occurred", "Great Hall of the People"),
    ("Blinken met with Wang on the sidelines of the Munich Security Conference.",
     "CONSULT", ["Antony Blinken"], ["Wang Yi"], "occurred", "Munich Security Conference"),
    ("Xi hosted Blinken in Beijing.",
     "CONSULT", ["Antony Blinken"], ["Xi Jinping"], "occurred", "Beijing"),
    ("Lee was sanctioned by Washington in 2020.",
     "SANCTION", ["United States"], ["John Lee"], "occurred", None),
    ("Wang's three-day visit to Washington ended on Saturday.",
     "CONSULT", ["Wang Yi"], ["United States"], "occurred", "Washington"),
    ("Officials said Biden will meet Xi in San Francisco in November.",
     "CONSULT", ["Joe Biden"], ["Xi Jinping"], "planned", "San Francisco"),
    ("Xi did not attend the summit in New Delhi.",
     "CONSULT", ["Xi Jinping"], [], "negated", "New Delhi"),
    ("Biden hopes to meet with Xi soon.",
     "CONSULT", ["Joe Biden"], ["Xi Jinping"], "hypothetical", None),
    ("Blinken could visit Beijing if Xi agrees.",
     "CONSULT", ["Antony Blinken"], ["China"], "hypothetical", "Beijing"),
    ("Last month, Sullivan held two days of talks with Wang in Malta.",
     "CONSULT", ["Jake Sullivan"], ["Wang Yi"], "occurred", "Malta"),
    ("The talks between Sullivan and Wang took place in Vienna.",
     "CONSULT", ["Jake Sullivan", "Wang Yi"], [], "occurred", "Vienna"),
    ("Beijing announced it would freeze cooperation with Washington on drug trafficking.",
     "SANCTION", ["China"], ["United States"], "planned", None),
    ("The United States imposed sanctions on China over the crackdown.",
     "SANCTION", ["United States"], ["China"], "occurred", None),
    ("Biden called Xi a dictator at a fundraiser.",
     "ACCUSE", ["Joe Biden"], ["Xi Jinping"], "occurred", None),
    ("Biden called Xi on Tuesday.",
     "CONSULT", ["Joe Biden"], ["Xi Jinping"], "occurred", None),
    ("Blinken, who also met with Wang on Sunday, flew home.",
     "CONSULT", ["Antony Blinken"], ["Wang Yi"], "occurred", None),
    ("China urged the United States to lift its sanctions.",
     "REQUEST", ["China"], ["United States"], "occurred", None),
    ("China rejected the proposal from the United States.",
     "REJECT", ["China"], ["United States"], "occurred", None),
    ("The White House warned Russia against an invasion.",
     "THREATEN", ["White House"], ["Russia"], "occurred", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "etype", "actors", "recipients", "status", "place"), CASES)
def test_first_event(nlp, text, etype, actors, recipients, status, place) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in run(nlp, text) if e.event == etype]
    assert events, f"no {etype} in {text!r}: {run(nlp, text)}"
    event = events[0]
    assert names(event.actors) == actors
    assert names(event.recipients) == recipients
    assert event.status == status
    assert (event.place.name if event.place else None) == place
    assert event.sentence == text and event.sent_start == 0
    assert text[event.trigger_start : event.trigger_end] == event.trigger


def test_accusation_keeps_quote_and_codes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Xi accused Washington of leading efforts to “contain, encircle and suppress China”."
    (event,) = [e for e in run(nlp, text) if e.event == "ACCUSE"]
    assert codes(event.actors) == ["CHN"] and codes(event.recipients) == ["USA"]
    assert event.quote == "contain, encircle and suppress China"
    assert event.cameo == "11" and event.quad_code == 3 and event.event_scale < 0


@pytest.mark.parametrize(
    "text",
    [
        "Wu Xinbo, a professor at Fudan University, criticized the United States.",
        "Olivia Wang contributed reporting from Beijing.",
        "Chinese exports are threatening American jobs.",
        "The State Department called the meeting frank and productive.",
        "China has not yet confirmed the visit.",
    ],
)
def test_no_event_without_an_agentive_actor(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    events = run(nlp, text)
    assert [(e.event, names(e.actors)) for e in events] == []


def test_reported_speech_source_is_not_the_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Chinese officials said Wang will visit Washington next week."
    (event,) = run(nlp, text)
    assert names(event.actors) == ["Wang Yi"] and event.status == "planned"


def test_modal_statement_is_a_request(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Wang said the United States should lift sanctions on China."
    requests = [e for e in run(nlp, text) if e.event == "REQUEST"]
    assert [(names(e.actors), names(e.recipients)) for e in requests] == [
        (["Wang Yi"], ["United States"])
    ]


def test_refusal_is_a_rejection_and_a_negated_meeting(nlp) -> None:  # type: ignore[no-untyped-def]
    events = {e.event: e for e in run(nlp, "Xi refused to meet Blinken in Beijing.")}
    assert events["REJECT"].status == "occurred"
    assert names(events["REJECT"].recipients) == ["Antony Blinken"]
    assert events["CONSULT"].status == "negated"


def test_contexts_come_from_keywords(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The United States imposed sanctions on China over fentanyl trafficking."
    (event,) = run(nlp, text)
    assert {"economic", "crime"} <= set(event.context)


@pytest.mark.parametrize(
    ("etype", "status", "expected"),
    [("CONSULT", "planned", "AGREE"), ("SANCTION", "planned", "THREATEN"),
     ("CONSULT", "occurred", "CONSULT"), ("ACCUSE", "planned", "ACCUSE")],
)  # fmt: skip
def test_plover_intent_type(etype: str, status: str, expected: str) -> None:
    event = EventMention(event=etype, actors=[], recipients=[], trigger="x", trigger_start=0,
                         trigger_end=1, sentence="x", sent_start=0, sent_end=1,
                         status=status)  # fmt: skip
    assert plover_intent_type(event) == expected


def test_lexicon_and_cameo_table_agree() -> None:
    lex, cameo = load_lexicon(), load_cameo()
    entries = [e for group in lex.triggers.values() for e in group]
    assert {e.type for e in entries} == set(EVENT_TYPES)
    assert all(e.cameo in cameo for e in entries)
    assert cameo["0874"].type == "RETREAT" and cameo["190"].goldstein == -10.0


@pytest.mark.parametrize(
    ("actor", "agent"),
    [(BLINKEN, True), (USA, True), (WU, False), (REPORTER, False),
     (Actor(id="x", name="Someone", code="USA", kind="person"), False)],
)  # fmt: skip
def test_who_can_act(actor: Actor, agent: bool) -> None:
    assert is_agent(ActorMention(0, 1, "x", "KB", actor)) is agent


def test_empty_and_junk_text_do_not_crash(nlp) -> None:  # type: ignore[no-untyped-def]
    assert run(nlp, "") == []
    assert run(nlp, "““ ”” ... \n\n met met met visit") == []


def test_unparsed_doc_is_a_clear_error(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Blinken met Xi in Beijing."
    with nlp.select_pipes(disable=["parser"]):
        doc = nlp(text)
    with pytest.raises(DyadwatchError, match="parsed doc"):
        extract_events(doc, Article(id="t", source="test", text=text), mentions_for(text))


def test_mentions_out_of_range_are_ignored(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Blinken met Xi in Beijing."
    stray = ActorMention(500, 510, "nowhere", "KB", USA)
    events = extract_events(nlp(text), Article(id="t", source="t", text=text),
                            mentions_for(text) + [stray])  # fmt: skip
    assert [e.event for e in events] == ["CONSULT"]


@pytest.mark.slow
def test_seed_articles_end_to_end(nlp) -> None:  # type: ignore[no-untyped-def]
    actors = pytest.importorskip("dyadwatch.actors")
    kb = actors.load_kb()
    found: list[EventMention] = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        article = Article(id=path.stem, source=str(path), text=text)
        doc = nlp(text)
        found += extract_events(doc, article, actors.resolve_actors(doc, article, kb))
    for event in found:  # never a commentator or the newspaper
        assert all(is_agent(m) for m in event.actors), event
        assert all(is_target(m) for m in event.recipients), event
        for mention in event.actors + event.recipients:
            assert mention.actor is not None and mention.actor.sector not in ("EDU", "MED")
    consults = [(names(e.actors), names(e.recipients), e.place.name if e.place else None)
                for e in found if e.event == "CONSULT"]  # fmt: skip
    assert any("Xi Jinping" in r + a and p == "Beijing" for a, r, p in consults)
    assert {"CONSULT", "SANCTION", "ACCUSE", "ASSAULT", "REJECT", "AGREE"} <= {
        e.event for e in found
    }
    downing = [e for e in found if e.event == "ASSAULT" and "balloon" in e.sentence]
    assert downing and all(codes(e.recipients) == ["CHN"] for e in downing)
    planned = [e for e in found if e.event == "CONSULT" and e.status == "planned"]
    assert any(p.place and p.place.name == "San Francisco" for p in planned)
    assert any(e.place and e.place.name == "Great Hall of the People" for e in found)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Biden met Xi in Bali.", "occurred"),
        ("Biden will meet Xi in November.", "planned"),
        ("Biden is expected to meet Xi next month.", "planned"),
        ("Biden plans to meet Xi in San Francisco.", "planned"),
        ("Biden and Xi agreed to meet again.", "planned"),
        ("Biden hopes to meet Xi soon.", "hypothetical"),
        ("Biden would meet Xi if the summit goes ahead.", "hypothetical"),
        ("Biden could meet Xi in the fall.", "hypothetical"),
        ("Xi refused to meet Biden.", "negated"),
        ("Xi did not meet Biden.", "negated"),
        ("Xi never met Biden.", "negated"),
        ("Beijing announced it would freeze talks with Washington.", "planned"),
    ],
)
def test_status_of_meetings(nlp, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in run(nlp, text) if e.event in ("CONSULT", "SANCTION")]
    assert events and events[0].status == status, events


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        (
            "Biden met Xi on the sidelines of the G20 summit in Bali.",
            ["multilateral", "third-party"],
        ),
        ("Biden spoke virtually with Xi from the White House.", ["phone"]),
        ("Sullivan held talks with Wang in Malta.", ["third-party"]),
        ("Blinken met Xi in Beijing.", ["visit"]),
        ("Wang's visit to Washington ended on Saturday.", ["visit"]),
        ("Biden called Xi on Tuesday.", ["phone"]),
    ],
)
def test_consult_modes(nlp, text: str, mode: list[str]) -> None:  # type: ignore[no-untyped-def]
    (event,) = [e for e in run(nlp, text) if e.event == "CONSULT"]
    assert event.mode == mode


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("He called Xi a “dictator” at a fundraiser.", ["dictator"]),
        ('Wang said the talks were "candid and in-depth".', ["candid and in-depth"]),
        ("The suppression must stop ” show sufficient sincerity”.", ["show sufficient sincerity"]),
        ("No quotation here.", []),
        ("“ ” stray marks", []),
    ],
)
def test_quotes_in(text: str, quotes: list[str]) -> None:
    assert [q for _, _, q in quotes_in(text)] == quotes


def test_name_calling_keeps_the_label_as_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    (event,) = run(nlp, "At a fundraiser, Biden called Xi a “dictator” on Tuesday.")
    assert event.event == "ACCUSE" and event.quote == "dictator"


@pytest.mark.parametrize(
    ("raw", "message"),
    [({"w": "meet", "type": "GREET", "cameo": "040"}, "no valid PLOVER type"),
     ({"w": "hold a big talk", "type": "CONSULT", "cameo": "040"}, "one or two words"),
     ({"type": "CONSULT", "cameo": "040"}, "one or two words")],
)  # fmt: skip
def test_bad_lexicon_entries_are_named(raw: dict[str, str], message: str) -> None:
    from dyadwatch.event_rules import _entry

    with pytest.raises(DyadwatchError, match=message):
        _entry(raw, "triggers.yaml")


# issue 6: PLOVER/CAMEO vocabulary missing from the lexicon, one sentence per concept
# (type, actor names, recipient names); all found nothing before.
VOCABULARY = [
    ("Chinese troops remained on alert along the border with Russia.", "MOBILIZE", ["China"], []),
    ("Beijing put its navy on high alert.", "MOBILIZE", ["China"], []),
    ("Russia massed troops near the border with China.", "MOBILIZE", ["Russia"], []),
    ("Beijing tightened security around the embassy of the United States.",
     "MOBILIZE", ["China"], []),
    ("Russia was engaged in ethnic cleansing against Chinese villagers.",
     "ASSAULT", ["Russia"], []),
    ("Chinese soldiers ambushed a Russian patrol.", "ASSAULT", ["China"], []),
    ("Beijing deplored the American decision.", "ACCUSE", ["China"], ["United States"]),
    ("Beijing lodged a protest with Washington.", "ACCUSE", ["China"], ["United States"]),
    ("The Chinese court opened a hearing into the spying case.", "ACCUSE", ["China"], []),
    ("China filed a complaint against the United States.", "ACCUSE", ["China"], ["United States"]),
    ("Beijing turned down the proposal of Washington.", "REJECT", ["China"], ["United States"]),
    ("Russia ruled out talks with the United States.", "REJECT", ["Russia"], []),
    ("Beijing issued a warning to Washington.", "THREATEN", ["China"], ["United States"]),
    ("China implored Washington to release the ship.", "REQUEST", ["China"], ["United States"]),
    ("Russia finally bowed to pressure from China.", "CONCEDE", ["Russia"], ["China"]),
    ("Washington acceded to the demands of Beijing.", "CONCEDE", ["United States"], ["China"]),
    ("Russia pulled back its troops from the border with China.", "RETREAT", ["Russia"], []),
    ("Washington cut ties with Russia.", "SANCTION", ["United States"], ["Russia"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "etype", "actors", "recipients"), VOCABULARY)
def test_event_vocabulary(nlp, text, etype, actors, recipients) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in run(nlp, text) if e.event == etype]
    assert events, f"no {etype} in {text!r}: {run(nlp, text)}"
    assert names(events[0].actors) == actors
    assert set(recipients) <= set(names(events[0].recipients))


CIVILIANS = Actor(id="CHN.CVL", name="Chinese students", code="CHN", kind="group", sector="CVL")


@pytest.mark.parametrize(
    "text",
    ["Chinese students rioted outside the embassy of the United States.",
     "Chinese students staged a hunger strike against the United States."],
)  # fmt: skip
def test_civilians_act_in_protests(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = mentions_for(text, {**NAMES, "Chinese students": CIVILIANS})
    events = extract_events(nlp(text), Article(id="t", source="test", text=text), found)
    protests = [e for e in events if e.event == "PROTEST"]
    assert protests and names(protests[0].actors) == ["Chinese students"]


def test_civilians_still_do_not_act_elsewhere(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Chinese students met Blinken in Beijing."
    found = mentions_for(text, {**NAMES, "Chinese students": CIVILIANS})
    assert not extract_events(nlp(text), Article(id="t", source="test", text=text), found)


def test_content_clause_with_an_actor_is_the_object(nlp) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in run(nlp, "Beijing allowed Blinken to visit the island.")
              if e.event == "CONCEDE"]  # fmt: skip
    assert events and names(events[0].recipients) == ["Antony Blinken"]


def test_a_welcome_codes_like_hosting(nlp) -> None:  # type: ignore[no-untyped-def]
    events = run(nlp, "Xi gave a warm welcome on Monday to Blinken.")
    consult = [e for e in events if e.event == "CONSULT"]
    assert consult and names(consult[0].actors) == ["Antony Blinken"]
    assert names(consult[0].recipients) == ["Xi Jinping"]


def test_protest_noun_is_a_protest_under_a_light_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [e.event for e in run(nlp, "Beijing staged a protest against Washington.")] == [
        "PROTEST"
    ]
    text = "A protest by Beijing to Washington followed the visit."
    assert "PROTEST" not in [e.event for e in run(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the host receives the visitor: coded like "hosted", the visitor as actor
        ("Xi received Blinken in Beijing on Monday.", [("Antony Blinken", "Xi Jinping")]),
        ("Blinken was received by Xi in Beijing.", [("Antony Blinken", "Xi Jinping")]),
        # a thing received names no visitor
        ("China received a letter from the United States.", []),
        ("China received Blinken's remarks coolly.", []),
    ],
)
def test_receive_is_a_visit_only_with_a_guest(nlp, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    found = [(names(e.actors)[0], names(e.recipients)[0])
             for e in run(nlp, text) if e.trigger == "received"]  # fmt: skip
    assert found == expected


@pytest.mark.parametrize(
    "text",
    ["Palestinian hospital officials said they had received Palestinians with wounds.",
     "Israeli doctors received wounded Palestinians."],
)  # fmt: skip
def test_doctors_receiving_patients_is_no_visit(text: str) -> None:
    """Through the actors stage: the host must act for a party (ingest of wire stories)."""
    from dyadwatch.nlp import load_pipeline
    from dyadwatch.pipeline import extract_dated_events, load_knowledge

    article = Article(id="a", source="s", title="", text=text, published="2024-01-10")
    _, _, events = extract_dated_events(article, load_pipeline()(text), load_knowledge(None))
    assert [e for e in events if e.trigger == "received"] == []
