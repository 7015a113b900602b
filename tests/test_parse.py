"""The entity recogniser runs only on the sentences with a name the knowledge base lacks."""

from __future__ import annotations

from dyadwatch.models import Article
from dyadwatch.nlp import load_pipeline
from dyadwatch.parse import ner_runs, parse_texts
from dyadwatch.pipeline import extract_dated_events, load_knowledge
from dyadwatch.triage import load_triage

KNOWN = "The U.S. president called the Chinese president on Tuesday."
UNKNOWN = "Paul Nitze, the negotiator, met Russian officials in Geneva."
LONE_SURNAME = "Lee said he urged Clinton to act."  # "Lee" may be several people


def test_runs_cover_only_sentences_with_unexplained_names() -> None:
    nlp, tri = load_pipeline(), load_triage()
    text = f"{KNOWN} {UNKNOWN} {KNOWN} {LONE_SURNAME}"
    doc = parse_texts(nlp, [text], 8, tri.explained)[0]
    sents = list(doc.sents)
    assert ner_runs(doc, tri.explained) == [
        (sents[1].start, sents[1].end), (sents[3].start, sents[3].end)
    ]  # fmt: skip
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "PERSON"][:1] == [
        ("Paul Nitze", "PERSON")
    ]
    assert all(t.ent_iob_ == "O" for t in sents[0])  # outside, not missing


def test_adjacent_sentences_make_one_run() -> None:
    nlp, tri = load_pipeline(), load_triage()
    doc = parse_texts(nlp, [f"{UNKNOWN} {LONE_SURNAME}"], 8, tri.explained)[0]
    assert ner_runs(doc, tri.explained) == [(0, len(doc))]


def test_without_cues_the_whole_pipeline_runs() -> None:
    nlp = load_pipeline()
    doc = parse_texts(nlp, [KNOWN], 8)[0]
    assert ("Tuesday", "DATE") in [(e.text, e.label_) for e in doc.ents]


def test_a_call_on_tuesday_is_no_call_on_without_entities() -> None:
    """The trigger rule for "call on" read the weekday's DATE entity, which a sentence of
    known names no longer gets."""
    nlp, tri, kb = load_pipeline(), load_triage(), load_knowledge(None)
    doc = parse_texts(nlp, [KNOWN], 8, tri.explained)[0]
    article = Article(id="a", source="s", title="", text=KNOWN, published="2024-01-10")
    _, _, events = extract_dated_events(article, doc, kb)
    assert [e.event for e in events] == ["CONSULT"]


def test_a_long_sentence_is_read_only_around_its_unexplained_name() -> None:
    nlp, tri = load_pipeline(), load_triage()
    text = ("Nitze met the U.S. president, the Chinese president, the Russian president and "
            "the French president in Washington on Tuesday and again on Wednesday.")  # fmt: skip
    doc = parse_texts(nlp, [text], 8, tri.explained)[0]
    assert ner_runs(doc, tri.explained, reach=3) == [(0, 4)]
    assert ner_runs(doc, tri.explained) == [(0, 9)]  # REACH = 8
    assert "Nitze" in [e.text for e in doc.ents]
    assert all(e.end <= 9 for e in doc.ents)  # "Russian", "French" lie outside the window
