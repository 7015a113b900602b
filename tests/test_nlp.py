from __future__ import annotations

from typing import Any


def test_line_breaks_end_sentences(nlp: Any) -> None:
    # Regression: the title ran into the lead sentence and spoiled its parse (seed 003).
    doc = nlp("Xi Meets Blinken With Tough Issues on the Agenda\n\nSecretary of State Antony J. "
              "Blinken met with China's leader, Xi Jinping, in Beijing on Friday.")  # fmt: skip
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert not any("Agenda" in s and "Secretary" in s for s in sents)
    assert any(s.startswith("Secretary of State Antony J. Blinken met") for s in sents)
    met = next(t for t in doc if t.text == "met")
    assert met.dep_ == "ROOT"


def test_pipeline_is_loaded_once(nlp: Any) -> None:
    from dyadwatch.nlp import load_pipeline

    assert load_pipeline() is nlp
    assert nlp.pipe_names.index("dyadwatch_line_breaks") < nlp.pipe_names.index("parser")


def test_doc_text_is_built_once(nlp: Any) -> None:
    from dyadwatch.nlp import doc_text

    doc = nlp("Blinken met Xi in Beijing.\n\nThey talked for 35 minutes.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first
