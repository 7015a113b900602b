"""A faster drop-in for the model's rule lemmatizer: the same lemmas, looked up once.

spaCy's rule lemmatizer computes each token's lemma from its text, POS and morphology in
Python, token by token; its cache skips base forms (most nouns and verbs of news text),
which are recomputed at every occurrence (2.3 s of a 20 s parse of 400 wire stories,
issue 10). The lemma is a function of (ORTH, POS, MORPH) alone -- the key of spaCy's own
cache -- so this component reads those columns of a whole doc at once, asks the model's
lemmatizer only for keys it has not seen, and writes every lemma back in one
`Doc.from_array`. Tokens that already have a lemma (the attribute ruler sets a few) keep
it, as the lemmatizer does unless told to overwrite. The wrapped lemmatizer's word index
becomes a set (see `__init__`): only this process's pipeline is changed, and it is never
saved. Tests compare both token by token.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from dyadwatch.nlp_attributes import swap_pipe

CACHE_SIZE = 200_000  # keys kept before the cache starts afresh (memory stays flat)
Key = tuple[int, int, int]


class FastLemmatizer:
    """Callable pipeline component equivalent to `lemmatizer` in rule mode."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise ValueError(f"FastLemmatizer copies a rule lemmatizer, not {lemmatizer.mode!r}")
        self.lemmatizer = lemmatizer
        # The model ships each POS's word index as a list, searched word by word at every
        # cache miss (a third of a millisecond); membership is all the lemmatizer asks.
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index):
            index[pos] = frozenset(index[pos])
        self.strings = lemmatizer.vocab.strings
        self.cache: dict[Key, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        overwrite, cache = self.lemmatizer.overwrite, self.cache
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            found = cache.get((orth, pos, morph))
            if found is None:
                found = self._lemma(doc, i, (orth, pos, morph))
            lemmas.append(found)
        column = numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1)
        doc.from_array([LEMMA], column)  # type: ignore[arg-type]
        return doc

    def _lemma(self, doc: Doc, i: int, key: Key) -> int:
        if len(self.cache) >= CACHE_SIZE:
            self.cache.clear()
        lemma = int(self.strings.add(self.lemmatizer.lemmatize(doc[i])[0]))
        self.cache[key] = lemma
        return lemma


def rule_lemmatizer(nlp: Language) -> Lemmatizer | None:
    """The pipeline's spaCy lemmatizer, also when `FastLemmatizer` wraps it (its tables
    give the triage the irregular forms: "met", "flew")."""
    for name in ("lemmatizer", "dyadwatch_lemmatizer"):
        pipe = nlp.get_pipe(name) if name in nlp.pipe_names else None
        if isinstance(pipe, FastLemmatizer):
            pipe = pipe.lemmatizer
        if isinstance(pipe, Lemmatizer):
            return pipe
    return None


def replace_lemmatizer(nlp: Language) -> bool:
    """Swap the pipeline's rule `lemmatizer` for `FastLemmatizer`; False if it must stay."""
    pipe = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if not isinstance(pipe, Lemmatizer) or pipe.mode != "rule":
        return False
    swap_pipe(nlp, "lemmatizer", "dyadwatch_lemmatizer")
    return True


@Language.factory("dyadwatch_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    """Built on the pipeline's rule lemmatizer, which must still be in place."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer):
        raise ValueError("the pipeline has no spaCy Lemmatizer to copy")
    return FastLemmatizer(lemmatizer)
