"""The fast lemmatizer gives exactly the lemmas of spaCy's rule lemmatizer."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pytest
import spacy
from spacy.language import Language

from dyadwatch.nlp import load_pipeline
from dyadwatch.nlp_lemmas import (
    CACHE_SIZE,
    FastLemmatizer,
    replace_lemmatizer,
    rule_lemmatizer,
)
from tests.conftest import SHARED, shipped_and_swapped

# Base forms (spaCy does not cache them), irregulars, exceptions the attribute ruler sets
# ("ai n't", "gon na"), proper nouns, numbers, punctuation and space tokens.
SENTENCES = [
    "The ministers met and flew home; talks were held, sanctions lifted, and geese fled.",
    "I ain't gonna go. She's been better, the best of the worst, running faster than ever.",
    "U.S. Secretary of State Antony Blinken met Xi Jinping in Beijing on June 19, 2023.",
    "Leaders' meetings\n\n  resumed: 35-minute talks, 1990s data, e-mails and CEOs.",
    "   ",
    "",
]


@lru_cache(maxsize=1)
def pipelines() -> tuple[Language, Language]:
    return shipped_and_swapped(replace_lemmatizer)


def lemmas(doc: Any) -> list[tuple[str, str, str, str]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_same_lemmas_as_the_rule_lemmatizer() -> None:
    shipped, fast = pipelines()
    assert "lemmatizer" not in fast.pipe_names and "dyadwatch_lemmatizer" in fast.pipe_names
    for _ in range(2):  # the second round reads every lemma from the cache
        for text in SENTENCES:
            assert lemmas(fast(text)) == lemmas(shipped(text)), text


def test_cache_starts_afresh_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    _, fast = pipelines()
    component = fast.get_pipe("dyadwatch_lemmatizer")
    assert isinstance(component, FastLemmatizer)
    monkeypatch.setattr("dyadwatch.nlp_lemmas.CACHE_SIZE", 3)
    doc = fast("Officials held talks and signed agreements in capitals.")
    assert len(component.cache) <= 3
    assert [t.lemma_ for t in doc][:5] == ["official", "hold", "talk", "and", "sign"]
    assert CACHE_SIZE > 1000


def test_triage_still_reads_the_lemma_tables() -> None:
    lemmatizer = rule_lemmatizer(load_pipeline())
    assert lemmatizer is not None
    assert "met" in lemmatizer.lookups.get_table("lemma_exc")["verb"]


def test_lookup_lemmatizer_is_left_in_place() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not replace_lemmatizer(nlp)
    assert "lemmatizer" in nlp.pipe_names


@pytest.mark.skipif(not (SHARED / "corpora" / "newswire").exists(),
                    reason="needs ../shared/corpora/newswire (present in CI)")  # fmt: skip
def test_same_lemmas_on_wire_stories() -> None:
    shipped, fast = pipelines()
    path = SHARED / "corpora" / "newswire" / "articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(40), fh, strict=False)]
    for a, b in zip(shipped.pipe(texts), fast.pipe(texts), strict=True):
        assert lemmas(b) == lemmas(a)
