"""The temporal tagger's word lists (dyadwatch/data/timex.yaml) as regex fragments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dyadwatch.errors import DyadwatchError


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    numbers: dict[str, float]
    vague: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, int, str]]
    present_ref: tuple[str, ...]
    past_ref: tuple[str, ...]
    future_ref: tuple[str, ...]
    sets: dict[str, str]
    holidays: dict[str, str]
    future_markers: tuple[str, ...]
    past_markers: tuple[str, ...]


def alternation(words: Any) -> str:
    """A regex alternation, longest first so "sept" wins over "sep"."""
    escaped = (w.replace(" ", r"\s+") if " " in w else _escape(w) for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


def _escape(word: str) -> str:
    # news text writes both straight and curly apostrophes
    return "".join("['’]" if c == "'" else "\\" + c if c in ".?+*()[]" else c for c in word)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the packaged word lists once per process."""
    try:
        raw = yaml.safe_load(resources.files("dyadwatch").joinpath("data/timex.yaml").read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise DyadwatchError(
            f"dyadwatch/data/timex.yaml cannot be read ({exc}): reinstall the package"
        ) from exc
    return Lexicon(
        months=dict(raw["months"]),
        weekdays=dict(raw["weekdays"]),
        seasons=dict(raw["seasons"]),
        parts_of_day=dict(raw["parts_of_day"]),
        numbers={str(k): float(v) for k, v in raw["number_words"].items()},
        vague=tuple(raw["vague_numbers"]),
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        units={k: (v[0], int(v[1]), v[2]) for k, v in raw["units"].items()},
        present_ref=tuple(raw["present_ref"]),
        past_ref=tuple(raw["past_ref"]),
        future_ref=tuple(raw["future_ref"]),
        sets={str(k): str(v) for k, v in raw["sets"].items()},
        holidays={str(k): str(v) for k, v in raw["holidays"].items()},
        future_markers=tuple(raw["future_markers"]),
        past_markers=tuple(raw["past_marker_words"]),
    )


def number_value(text: str) -> float | None:
    """2, "two", "twenty-five", "35"; None for vague quantities ("several")."""
    lex = load_lexicon()
    t = " ".join(text.lower().replace("-", " ").split())
    if t.replace(".", "", 1).isdigit():
        return float(t)
    if t in lex.numbers:
        return lex.numbers[t]
    parts = t.split()
    if parts and all(p in lex.numbers for p in parts):
        return sum(lex.numbers[p] for p in parts)
    return None
