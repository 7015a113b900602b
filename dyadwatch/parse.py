"""Parsing the triaged text: the whole pipeline, with the entity recogniser only where a name
is left that the knowledge base does not explain.

The model's entity recogniser has its own token-to-vector layers and costs more than the
tagger and parser together (5.5 s against 4.5 s on 400 triaged wire stories, issue 10). The
actors stage reads its entities only for names the knowledge base lacks ("Paul Nitze",
"Reuters", "South China Sea"): a sentence whose capitalised words are all knowledge-base cues
("U.S. Secretary of State Antony Blinken met Xi Jinping"), months, weekdays or honorifics
gets no entities from it that the actors stage would use. So the recogniser reads only the
tokens within REACH of an unexplained capitalised word, in its sentence (half the triaged
tokens), and every other token is marked outside any entity. On 400 wire stories this kept
778 of 780 event mentions (two changed their actor through coreference).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyadwatch.nlp import doc_text
from dyadwatch.timex_lexicon import CALENDAR_WORDS

NER = "ner"
# Tokens either side of an unexplained name that the recogniser reads: its features reach
# four tokens (the model's window-1 encoder, depth 4) and names run a few words.
REACH = 8
GAP = 4  # ranges closer than this are merged (each range is a doc of its own)
Explained = Callable[[str], Iterable[re.Match[str]]]


def parse_texts(
    nlp: Language, texts: list[str], batch_size: int, explained: Explained | None = None
) -> list[Doc]:
    """`nlp.pipe(texts)`; with `explained` (the cues of names the knowledge base knows,
    found in a text), the entity recogniser reads only the tokens near unexplained names."""
    if explained is None or NER not in nlp.pipe_names:
        return list(nlp.pipe(texts, batch_size=batch_size))
    parsed = list(nlp.pipe(texts, batch_size=batch_size, disable=[NER]))
    recognise(nlp.get_pipe(NER), parsed, explained, batch_size)
    return parsed


def recognise(ner: Any, docs: list[Doc], explained: Explained, batch_size: int) -> None:
    """Entities for the token ranges of `docs` that need them; outside everywhere else."""
    runs = [(doc, start, end) for doc in docs for start, end in ner_runs(doc, explained)]
    parts = ner.pipe((doc[start:end].as_doc() for doc, start, end in runs), batch_size=batch_size)
    found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
    for (doc, start, _end), part in zip(runs, parts, strict=True):
        found[id(doc)] += [Span(doc, start + e.start, start + e.end, e.label) for e in part.ents]
    for doc in docs:
        doc.set_ents(found[id(doc)], default="outside")


def ner_runs(doc: Doc, explained: Explained, reach: int = REACH) -> list[tuple[int, int]]:
    """Token ranges around the unexplained names: `reach` tokens either side of each, within
    its sentence; ranges that touch or nearly touch are merged."""
    text = doc_text(doc)
    cues = sorted((m.start(), m.end()) for m in explained(text))
    starts = [start for start, _ in cues]
    runs: list[tuple[int, int]] = []
    for sent in doc.sents:
        for token in sent:
            if not _unexplained(token, cues, starts):
                continue
            start, end = max(sent.start, token.i - reach), min(sent.end, token.i + reach + 1)
            if runs and runs[-1][1] + GAP >= start:
                runs[-1] = (runs[-1][0], max(runs[-1][1], end))
            else:
                runs.append((start, end))
    return runs


def _unexplained(token: Any, cues: list[tuple[int, int]], starts: list[int]) -> bool:
    """A capitalised word (a sentence's first only as a proper noun) that no cue covers."""
    if not token.text[:1].isupper() or token.lower_.rstrip(".") in CALENDAR_WORDS:
        return False
    if token.is_sent_start and token.pos_ != "PROPN":
        return False
    i = bisect_right(starts, token.idx) - 1
    return i < 0 or cues[i][1] <= token.idx
