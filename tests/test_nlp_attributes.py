"""The fast attribute component gives exactly the annotations of spaCy's attribute ruler."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from dyadwatch.nlp_attributes import FastAttributes, Unsupported, replace_attribute_ruler
from tests.conftest import SHARED, shipped_and_swapped

# Every kind of pattern the model's ruler holds: tag maps, lowercase exceptions ("ai" +
# "n't", "gon na", "let 's"), dependency tests ("there is", auxiliaries), space tokens.
SENTENCES = [
    "I ain't gonna let's go, y'all. Gotta c'm on! There is nothing left, is there?",
    "It is what it is; I do not know whether he has done it, but she did.\n\n  Nothin' more.",
    "The minister, who had been warned, said that those were the talks' main points.",
    "U.S. Secretary of State Antony Blinken met Xi Jinping in Beijing on June 19, 2023.",
    "   ",
    "",
]


@lru_cache(maxsize=1)
def pipelines() -> tuple[Language, Language]:
    return shipped_and_swapped(replace_attribute_ruler)


def annotations(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_)
            for t in doc]  # fmt: skip


def test_same_annotations_as_the_attribute_ruler() -> None:
    shipped, fast = pipelines()
    assert "attribute_ruler" not in fast.pipe_names
    for text in SENTENCES:
        assert annotations(fast(text)) == annotations(shipped(text)), text


@pytest.mark.skipif(not (SHARED / "corpora" / "newswire").exists(),
                    reason="needs ../shared/corpora/newswire (present in CI)")  # fmt: skip
def test_same_annotations_on_wire_stories() -> None:
    shipped, fast = pipelines()
    path = SHARED / "corpora" / "newswire" / "articles.jsonl"
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(40), fh, strict=False)]
    for a, b in zip(shipped.pipe(texts), fast.pipe(texts), strict=True):
        assert annotations(b) == annotations(a)


def test_a_pattern_it_cannot_copy_keeps_the_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LENGTH": {">": 3}}]], {"POS": "NOUN"})
    with pytest.raises(Unsupported):
        FastAttributes(ruler)
    assert not replace_attribute_ruler(nlp)
    assert "attribute_ruler" in nlp.pipe_names


def test_the_pipeline_uses_it(nlp: Any) -> None:
    assert "dyadwatch_attributes" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names
