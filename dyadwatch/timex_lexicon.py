"""The temporal tagger's word lists (dyadwatch/data/timex.yaml) as regex fragments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import DyadwatchError

# Full month and weekday names and the month abbreviations: words that are capitalised but
# name no actor (dyadwatch/parse.py), and that make a "call on" a call on a day (event_rules).
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec".split()
)


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    numbers: dict[str, float]
    vague: tuple[str, ...]
    duration_fillers: tuple[str, ...]
    decade_words: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, int, str]]
    present_ref: tuple[str, ...]
    past_ref: tuple[str, ...]
    future_ref: tuple[str, ...]
    sets: dict[str, str]
    holidays: dict[str, str]
    easter_holidays: dict[str, int]
    weekday_holidays: dict[str, tuple[int, int, int]]
    named_days: dict[str, str]
    term_nouns: tuple[str, ...]
    era_nouns: tuple[str, ...]
    scheduled_verbs: frozenset[str]
    schedule_markers: frozenset[str]
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
        raw = read_yaml("timex.yaml")
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
        duration_fillers=tuple(raw["duration_fillers"]),
        decade_words={str(k): int(v) for k, v in raw["decade_words"].items()},
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        units={k: (v[0], int(v[1]), v[2]) for k, v in raw["units"].items()},
        present_ref=tuple(raw["present_ref"]),
        past_ref=tuple(raw["past_ref"]),
        future_ref=tuple(raw["future_ref"]),
        sets={str(k): str(v) for k, v in raw["sets"].items()},
        holidays={str(k): str(v) for k, v in raw["holidays"].items()},
        easter_holidays={str(k): int(v) for k, v in raw["easter_holidays"].items()},
        weekday_holidays={str(k): (int(v[0]), int(v[1]), int(v[2]))
                          for k, v in raw["weekday_holidays"].items()},  # fmt: skip
        named_days={str(k): str(v) for k, v in raw["named_days"].items()},
        term_nouns=tuple(raw["term_nouns"]),
        era_nouns=tuple(raw["era_nouns"]),
        scheduled_verbs=frozenset(raw["scheduled_verbs"]),
        schedule_markers=frozenset(raw["schedule_markers"]),
        future_markers=tuple(raw["future_markers"]),
        past_markers=tuple(raw["past_marker_words"]),
    )


def number_value(text: str) -> float | None:
    """2, "two", "twenty-five", "35", "5 1/2", "two and a half"; None for vague
    quantities ("several")."""
    lex = load_lexicon()
    t = " ".join(text.lower().replace("-", " ").split())
    for half in (" and a half", " 1/2", "½"):
        if t.endswith(half) and t != half.strip():
            whole = number_value(t[: -len(half)])
            return whole + 0.5 if whole is not None else None
    if t.replace(".", "", 1).isdigit():
        return float(t)
    if t in lex.numbers:
        return lex.numbers[t]
    parts = t.split()
    if parts and all(p in lex.numbers for p in parts):
        return sum(lex.numbers[p] for p in parts)
    return None


def spelled_year_pattern() -> str:
    """A year in words, as broadcast transcripts write them: "nineteen ninety-six",
    "two thousand and one" (no capture groups)."""
    lex = load_lexicon()
    by_value: dict[str, list[str]] = {"ones": [], "teens": [], "tens": []}
    for word, value in lex.numbers.items():
        if word in ("a", "an") or value != int(value):
            continue
        key = "ones" if value < 10 else "teens" if value < 20 else "tens" if value < 100 else ""
        if key:
            by_value[key].append(word)
    ones, teens, tens = (alternation(by_value[k]) for k in ("ones", "teens", "tens"))
    two_digits = rf"(?:(?:{tens})(?:[\s-](?:{ones}))?|{teens}|oh[\s-](?:{ones}))\b"
    return (
        rf"(?:eighteen|nineteen|twenty)[\s-](?:{two_digits}|hundred\b)"
        rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{two_digits}|(?:{ones})\b))?"
    )


def spelled_year_value(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2001 for "two thousand and one"."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + int(number_value(" ".join(rest)) or 0) if rest else 2000
    century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}.get(words[0] if words else "")
    rest = [w for w in words[1:] if w != "oh"]
    if century is None or not rest:
        return None
    if rest == ["hundred"]:
        return century
    n = number_value(" ".join(rest))
    return century + int(n) if n is not None and n < 100 else None
