"""Line classifiers for the `clean` stage, compiled from `data/boilerplate.yaml`.

Each function looks at one line (whitespace already normalised) and answers one
question: is it furniture, does it start a teaser block, is it a photo caption,
does it look like a headline or an entity tag. The stage in `clean.py` decides
what to do with the answers. Rules only ever classify whole lines, so no rule can
cut a sentence of the article in half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from dyadwatch.data_files import read_yaml
from dyadwatch.errors import DyadwatchError

RULES_FILE = "boilerplate.yaml"
TERMINAL = ('.', '!', '?', '"', '”', '’', "'", '…', ':', ';', ',')  # fmt: skip
# Words left lower case in title-cased tags and headlines ("Ministry of State Security").
MINOR_WORDS = {"of", "and", "the", "for", "in", "on", "de", "al", "bin", "van", "von", "to", "a"}
# Reported speech marks a sentence of the story, never a caption ("..., he said.").
SPEECH = re.compile(r"[“”\"]|\b(said|says|told|tells|according to)\b", re.I)
FULL_DATE_END = re.compile(
    r"(?:\bon\s+|,\s*)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"\s*\.?$"
)
# (?<!\S): a word is tried from its start only; without it a 200,000-character line with
# no space took minutes (each start position rescanned the rest of the word: fuzzing)
SENTENCE_BREAK = re.compile(r"(?<!\S)(\S+)[.!?]\s+(?=[A-Z“\"‘])")
# Words before a verb that make it not a caption's present tense ("will hold").
NOT_PRESENT = {
    "will", "would", "to", "could", "can", "may", "might", "should", "must", "shall",
    "did", "does", "do", "not", "never", "who", "which", "that",
}  # fmt: skip
SUBORDINATORS = {
    "during", "after", "before", "while", "when", "as", "if", "since", "although", "though",
    "because", "until", "once", "in", "on", "at", "by", "for", "from", "with", "but", "and",
}  # fmt: skip
TAG_CHARS = re.compile(r"[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*)*")
# Abbreviations that end in a full stop inside a sentence ("Mr. Xi", "U.S. President").
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
    "jr", "sr", "st", "no", "vs", "prof", "rev", "hon", "pres", "amb", "adm", "cmdr",
}  # fmt: skip


@dataclass(frozen=True)
class LineRules:
    furniture: re.Pattern[str]
    teaser_start: re.Pattern[str]
    credit_strong: re.Pattern[str]
    credit_weak: re.Pattern[str]
    caption_verb: re.Pattern[str]
    caption_prefix: re.Pattern[str]
    date_label: re.Pattern[str]
    hijri_date: re.Pattern[str]


@lru_cache(maxsize=1)
def load_rules() -> LineRules:
    """Compile the packaged rules once per process; a broken file names itself."""
    try:
        raw = read_yaml(RULES_FILE)
        return _compile(raw)
    except (OSError, yaml.YAMLError, re.error, KeyError, TypeError) as exc:
        raise DyadwatchError(
            f"dyadwatch/data/{RULES_FILE} cannot be used ({exc}): restore it from the package"
        ) from exc


def _compile(raw: dict[str, Any]) -> LineRules:
    hijri = _alternation(raw["hijri_months"])
    return LineRules(
        furniture=re.compile(_alternation(raw["furniture"]), re.I),
        teaser_start=re.compile(_alternation(raw["teaser_starts"]) + r"\s*:?", re.I),
        credit_strong=re.compile(
            r"(?:^|[.!?”\"]\s*|\s)(?:" + _alternation(raw["caption_credits_strong"]) + r")\s*$",
            re.I,
        ),
        credit_weak=re.compile(
            r"[.!?”\"]\s*[-–—]?\s*(?:" + _alternation(raw["caption_credits_weak"]) + r")\s*$", re.I
        ),
        caption_verb=re.compile(r"\b(?:" + _alternation(raw["caption_verbs"]) + r")\b", re.I),
        caption_prefix=re.compile(r"^(?:" + _alternation(raw["caption_prefixes"]) + ")", re.I),
        date_label=re.compile(r"\b(?:" + _alternation(raw["date_line_labels"]) + r")\b", re.I),
        hijri_date=re.compile(
            rf"\b\d{{1,2}}\s+(?:{hijri}),?\s+\d{{3,4}}(?:\s*(?:AH|A\.H\.|H)\b)?", re.I
        ),
    )


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def is_furniture(line: str) -> bool:
    return load_rules().furniture.fullmatch(line) is not None


def is_teaser_start(line: str) -> bool:
    return load_rules().teaser_start.fullmatch(line) is not None


def caption_of(line: str) -> str | None:
    """The caption text when `line` is a photo caption, else None.

    Seed 000: "... in Bali, Indonesia, November 14, 2022. Photo: Kevin Lamarque/Portal";
    seed 001: "... in Washington, US on October 27, 2023. Reuters".
    """
    rules = load_rules()
    prefix = rules.caption_prefix.match(line)
    if prefix:
        return line[prefix.end() :].strip() or None
    if len(line.split()) > 80:  # a paragraph, not a caption
        return None
    if rules.credit_strong.search(line):
        return line
    weak = rules.credit_weak.search(line)
    if weak and _caption_shaped(line[: weak.start() + 1], strict=False):
        return line
    if _caption_shaped(line, strict=True):
        return line
    return None


def _caption_shaped(text: str, strict: bool) -> bool:
    """One short sentence that quotes no one; `strict` also needs the caption verb and
    the full date at the end ("X meets with Y at PLACE in CITY, COUNTRY on DATE.")."""
    if SPEECH.search(text) or len(text.split()) > 50 or _has_sentence_break(text):
        return False
    if not strict:
        return True
    verb = load_rules().caption_verb.search(text)
    if not verb or not FULL_DATE_END.search(text):
        return False
    before = text[: verb.start()].split()
    # "During his stay, Susilo will hold a meeting ... on Dec. 1, 2006." is a sentence of
    # the story (Xinhua wire): captions open on who is pictured, in the present tense.
    if len(before) > 15 or (before and before[-1].lower() in NOT_PRESENT):
        return False
    return not before or before[0].lower().strip(",") not in SUBORDINATORS


def _has_sentence_break(text: str) -> bool:
    """True when `text` holds more than one sentence; initials and titles don't count."""
    for m in SENTENCE_BREAK.finditer(text):
        word = m.group(1).strip("(“\"'‘")
        if "." in word or len(word) == 1 or word.lower() in ABBREVIATIONS:
            continue  # "U.S.", "L.", "Mr."
        return True
    return False


def is_headline_shaped(line: str, max_words: int = 16) -> bool:
    """A short line that starts upper case and has no sentence-final punctuation."""
    words = line.split()
    if not words or len(words) > max_words or len(line) > 200:
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "‘'“\""


def ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(TERMINAL)


def is_entity_tag(line: str) -> bool:
    """A 1–3-word title-cased line with no punctuation: a tag like "Xi Jinping"."""
    words = line.split()
    if not 1 <= len(words) <= 3 or not TAG_CHARS.fullmatch(line):
        return False
    return all(w[0].isupper() or w.lower() in MINOR_WORDS for w in words if w[0].isalpha())
