"""Damaged names: glued words split, misspelt names matched to the right person.

Machine translation and careless scraping strip punctuation and spaces: "San Franciscobetween",
"USChina", "XiBiden" (seed 000), and misspell names: "Brinken", "Raimond" (seed 004).
`repair_text` fixes the glue before spaCy sees the text; `fuzzy_person` matches a misspelt
name, but only to a person the context supports, and never when the spelling is itself a
known name (Li Qiang is not Li Keqiang; Wang Yi is not Wang Wenbin).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from dyadwatch.kb import KnowledgeBase

# Suspicious tokens only: a lowercase letter followed by a capital ("XiBiden"), two capitals
# followed by a capital and a lowercase letter ("USChina"), or a capitalised word of 6+ letters
# that may hide a name followed by a function word ("Franciscobetween").
_SUSPECT = re.compile(r"\b[A-Za-z]*(?:[a-z][A-Z]|[A-Z]{2}[a-z])[A-Za-z]*\b|\b[A-Z][a-z]{5,}\b")
# Function words that follow a name when a space is lost. Short words that also end ordinary
# names ("an" in "European", "on" in "Yangon", "is" in "Francois") are left out: measured on
# the newswire corpus, they split real words.
_GLUE_WORDS = frozenset(w for w in STOP_WORDS if len(w) >= 3 and w.isalpha()) | {
    "in",
    "of",
    "at",
    "to",
    "by",
}
_NOT_GLUE = frozenset({"one", "ever", "own", "per", "out", "off", "ten", "six", "two"})
FUZZY_MIN = 80.0


def _name_words(kb: KnowledgeBase) -> frozenset[str]:
    """Single words that may stand alone as a name: surnames, short forms, one-word aliases."""
    words: set[str] = set()
    for alias, targets in kb.aliases.items():
        if targets and " " not in alias:
            words.add(alias)
    words.update(kb.shorts)
    return frozenset(w for w in words if len(w) >= 2)


def _last_words(kb: KnowledgeBase) -> frozenset[str]:
    """Last words of every known name ("Francisco" of "San Francisco"), for glued suffixes."""
    return frozenset(alias.split()[-1] for alias in kb.aliases if len(alias.split()[-1]) >= 3)


def _split_token(word: str, names: frozenset[str], lasts: frozenset[str]) -> str | None:
    """The repaired form of one glued token, or None when it should stay as it is."""
    if word in names or word in lasts:
        return None
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        if head in names and tail in names and tail[0].isupper():
            return f"{head}-{tail}"  # "USChina" -> "US-China", "XiBiden" -> "Xi-Biden"
        if (head in lasts or head in names) and tail in _GLUE_WORDS and tail not in _NOT_GLUE:
            return f"{head} {tail}"  # "Franciscobetween" -> "Francisco between"
        if head in _GLUE_WORDS and head not in _NOT_GLUE and tail[0].isupper() and tail in names:
            return f"{head} {tail}"  # "theWhite" -> "the White" only before a known name
    return None


def repair_text(text: str, kb: KnowledgeBase) -> str:
    """Split words glued by stripped punctuation when a known name is inside.

    Ordinary words ("Washington", "McDonald", "iPhone", "YouTube", "Beijing's") are left
    alone: a token is split only into known name + known name, or known name + function word.
    """
    names: frozenset[str] = kb.derived("name_words", lambda: _name_words(kb))
    lasts: frozenset[str] = kb.derived("last_words", lambda: _last_words(kb))

    def fix(match: re.Match[str]) -> str:
        return _split_token(match.group(0), names, lasts) or match.group(0)

    return _SUSPECT.sub(fix, text)


def name_key(text: str) -> str:
    """A name as written, without honorific dots or possessive: "Mr. Xi's" -> "Mr. Xi"."""
    text = re.split(r"\s*/", text.strip())[0]  # "Jonathan Ernst / Portal": a photo credit
    text = re.sub(r"['’]s?$", "", text)
    return re.sub(r"\s+", " ", text)


def fuzzy_score(written: str, known: str) -> float:
    """Similarity of a written name to a known one; 0 unless the first letters agree."""
    if not written or not known or written[0].lower() != known[0].lower():
        return 0.0
    if abs(len(written) - len(known)) > 2 or min(len(written), len(known)) < 5:
        return 0.0
    return float(fuzz.ratio(written.lower(), known.lower()))


def fuzzy_person(written: str, candidates: Iterable[tuple[str, list[str]]]) -> str | None:
    """The one candidate person (id, name forms) whose forms `written` misspells, else None.

    Callers pass only persons the context supports (named elsewhere in the article, or holding
    the title written before the name); two candidates scoring alike means no answer.
    """
    scored: list[tuple[float, str]] = []
    for person_id, forms in candidates:
        best = max((fuzzy_score(written, f) for f in forms), default=0.0)
        if best >= FUZZY_MIN:
            scored.append((best, person_id))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 3 and scored[1][1] != scored[0][1]:
        return None
    return scored[0][1]
