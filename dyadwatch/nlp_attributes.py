"""A faster drop-in for the model's attribute ruler, built from the ruler's own patterns.

The attribute ruler of `en_core_web_sm` maps fine tags to coarse POS and morphology and
fixes a few lemmas (180 patterns). spaCy runs it through its general Matcher, which tests
every pattern at every token: 1.2 s of a 9.2 s parse on 300 wire stories (issue 10). Its
patterns only compare a token's TAG, LOWER, DEP and IS_SPACE with a value, a list (IN,
NOT_IN) or a regular expression, over one or two tokens; this component indexes them by
LOWER and TAG so that each token is tested against the few patterns that can match it, and
applies the results exactly as the ruler does: in the ruler's pattern order, later
patterns winning. A ruler with any other kind of pattern is left in place
(`replace_attribute_ruler` returns False), and tests compare the two token by token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

FEATURES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # columns of `_features`
ARRAY_ATTRS = (POS, MORPH, LEMMA)  # written back with Doc.from_array
TOKEN_ATTRS = {TAG: "tag", DEP: "dep"}  # written token by token (space tokens only)
Test = Callable[[int], bool]
CACHE_SIZE = 200_000  # token kinds kept before the cache starts afresh (memory stays flat)


class Unsupported(ValueError):
    """A ruler pattern this component cannot reproduce exactly."""


@dataclass(frozen=True)
class Rule:
    """One Matcher pattern of one ruler entry: a test per token, and what to set where."""

    order: int  # the entry's position in the ruler: later entries win
    tests: tuple[tuple[tuple[int, Test], ...], ...]  # per pattern token: (column, test)
    index: int  # which token of the match gets the attributes
    attrs: tuple[tuple[int, int], ...]  # (attribute id, value) as the ruler normalised them


class FastAttributes:
    """Callable pipeline component equivalent to `ruler` (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.by_lower: dict[int, list[Rule]] = {}
        self.by_tag: dict[int, list[Rule]] = {}
        self.general: list[Rule] = []
        self._cache: dict[tuple[int, ...], tuple[list[Rule], list[Rule]]] = {}
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for order, entry in enumerate(entries):
            attrs = tuple(sorted(ruler.attrs[order].items()))
            for attr, _value in attrs:
                if attr not in ARRAY_ATTRS and attr not in TOKEN_ATTRS:
                    raise Unsupported(f"attribute {attr} set by {entry}")
            for pattern in entry["patterns"]:
                tests = tuple(self._token_tests(token) for token in pattern)
                self._index(Rule(order, tests, entry.get("index", 0), attrs), pattern[0])

    # ------------------------------------------------------------------ building
    def _token_tests(self, token: dict[str, Any]) -> tuple[tuple[int, Test], ...]:
        tests = []
        for key, spec in token.items():
            if key not in FEATURES:
                raise Unsupported(f"pattern key {key}")
            tests.append((FEATURES[key], self._test(key, spec)))
        return tuple(tests)

    def _test(self, key: str, spec: Any) -> Test:
        if key == "IS_SPACE":
            if not isinstance(spec, bool):
                raise Unsupported(f"IS_SPACE {spec!r}")
            flag = int(spec)
            return lambda value: value == flag
        if not isinstance(spec, dict):
            wanted = self._hash(spec)
            return lambda value: value == wanted
        if len(spec) != 1:
            raise Unsupported(f"{key} {spec!r}")
        (op, arg), = spec.items()  # fmt: skip
        if op in ("IN", "NOT_IN"):
            hashes = frozenset(self._hash(v) for v in arg)
            if op == "IN":
                return lambda value: value in hashes
            return lambda value: value not in hashes
        if op == "REGEX":
            regex, strings = re.compile(arg), self.vocab.strings
            return lambda value: regex.search(strings[value]) is not None
        raise Unsupported(f"{key} operator {op}")

    def _hash(self, value: Any) -> int:
        if not isinstance(value, str):
            raise Unsupported(f"value {value!r}")
        return 0 if value == "" else int(self.vocab.strings.add(value))

    def _index(self, rule: Rule, first: dict[str, Any]) -> None:
        """File a rule under the exact LOWER or TAG values its first token needs."""
        for key, table in (("LOWER", self.by_lower), ("TAG", self.by_tag)):
            spec = first.get(key)
            if isinstance(spec, str):
                table.setdefault(self._hash(spec), []).append(rule)
                return
            if isinstance(spec, dict) and list(spec) == ["IN"]:
                for value in spec["IN"]:
                    table.setdefault(self._hash(value), []).append(rule)
                return
        self.general.append(rule)

    # ------------------------------------------------------------------ running
    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        features = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        hits = sorted(self._matches(features), key=lambda hit: (hit[0], hit[1]))
        if not hits:
            return doc
        values = doc.to_array(list(ARRAY_ATTRS))
        column = {attr: i for i, attr in enumerate(ARRAY_ATTRS)}
        by_token: dict[int, dict[int, int]] = {}
        for _order, start, rule in hits:
            target = start + rule.index if rule.index >= 0 else start + len(rule.tests) + rule.index
            for attr, value in rule.attrs:
                if attr in column:
                    values[target, column[attr]] = value
                else:
                    by_token.setdefault(target, {})[attr] = value
        doc.from_array(list(ARRAY_ATTRS), values)  # type: ignore[arg-type]
        for i, attrs in by_token.items():
            for attr, value in attrs.items():
                setattr(doc[i], TOKEN_ATTRS[attr], value)
        return doc

    def _matches(self, features: list[list[int]]) -> list[tuple[int, int, Rule]]:
        hits: list[tuple[int, int, Rule]] = []
        size = len(features)
        for i, row in enumerate(features):
            singles, longer = self._candidates(row)
            hits.extend((rule.order, i, rule) for rule in singles)
            for rule in longer:
                end = i + len(rule.tests)
                if end <= size and all(
                    test(features[j][col])
                    for j, tests in zip(range(i, end), rule.tests, strict=True)
                    for col, test in tests
                ):
                    hits.append((rule.order, i, rule))
        # one hit per entry and span, as the Matcher reports one match per key and span
        spans = {(order, i, len(rule.tests)): (order, i, rule) for order, i, rule in hits}
        return list(spans.values())

    def _candidates(self, row: list[int]) -> tuple[list[Rule], list[Rule]]:
        """The one-token rules that match a token with these features, and the longer
        rules that may match from it; cached by the features (a few thousand kinds of
        token, where each one tested every candidate rule again: issue 10)."""
        key = tuple(row)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            candidates = self.by_lower.get(row[1], []) + self.by_tag.get(row[0], [])
            singles, longer = [], []
            for rule in candidates + self.general:
                if len(rule.tests) > 1:
                    longer.append(rule)
                elif all(test(row[col]) for col, test in rule.tests[0]):
                    singles.append(rule)
            found = self._cache[key] = (singles, longer)
        return found


def replace_attribute_ruler(nlp: Language) -> bool:
    """Swap the pipeline's `attribute_ruler` for `FastAttributes`; False if it must stay."""
    if not isinstance(nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names
                      else None, AttributeRuler):  # fmt: skip
        return False
    try:
        swap_pipe(nlp, "attribute_ruler", "dyadwatch_attributes")
    except Unsupported:
        return False
    return True


def swap_pipe(nlp: Language, old: str, factory: str) -> None:
    """Put the component made by `factory` (built from `old`) in `old`'s place."""
    nlp.add_pipe(factory, after=old)
    nlp.remove_pipe(old)


@Language.factory("dyadwatch_attributes")
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """Built from the pipeline's attribute ruler, which must still be in place."""
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        raise Unsupported("the pipeline has no spaCy AttributeRuler to copy")
    return FastAttributes(ruler)
