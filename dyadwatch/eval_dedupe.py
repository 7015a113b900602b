"""A duplicate set built from a corpus, and dedup precision and recall on it.

Positives are copies made from a corpus article the ways the web makes them:
an edited copy (a sentence dropped, words changed), a truncation, word-level
noise (a machine translation's small differences), re-ordered paragraphs, and
the same text inside different page furniture. Negatives are the corpus
articles closest in vocabulary to each original (same topic, same names) that
are not copies of it. Every item is assigned a story by `StoryIndex` in a
shuffled order, and pairs are scored: a pair is predicted "same story" when
both items got the same story.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from dyadwatch.dedupe import StoryIndex, shingle_hashes, signature, words

Mutation = Callable[[str, random.Random], str]
FURNITURE = (
    "Share this article\n\nFollow us on Twitter\n\n{}\n\nRelated stories\n\nLeave a Reply",
    "BREAKING NEWS | Home | World\n\n{}\n\nSource link\n\nComments are closed.",
)


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def edited(text: str, rng: random.Random) -> str:
    paras = _paragraphs(text)
    if len(paras) > 3:
        paras.pop(rng.randrange(1, len(paras)))
    tokens = "\n\n".join(paras).split(" ")
    for _ in range(max(1, len(tokens) // 50)):
        tokens[rng.randrange(len(tokens))] = rng.choice(["said", "the", "officials", "new"])
    return " ".join(tokens)


def truncated(text: str, rng: random.Random) -> str:
    tokens = text.split(" ")
    return " ".join(tokens[: max(30, int(len(tokens) * rng.uniform(0.35, 0.8)))])


def noisy(text: str, rng: random.Random, rate: float = 0.03) -> str:
    out = []
    for token in text.split(" "):
        roll = rng.random()
        if roll < rate:
            continue  # a dropped word
        if roll < 2 * rate:
            out.append(token[::-1] if len(token) > 3 else token + "s")  # a garbled word
            continue
        out.append(token)
    return " ".join(out)


def retranslated(text: str, rng: random.Random) -> str:
    """A machine translation's heavier damage: every tenth word dropped or garbled, a
    paragraph lost, and its own page furniture."""
    return refurnished(edited(noisy(text, rng, rate=0.05), rng), rng)


def reordered(text: str, rng: random.Random) -> str:
    paras = _paragraphs(text)
    rng.shuffle(paras)
    return "\n\n".join(paras)


def refurnished(text: str, rng: random.Random) -> str:
    return rng.choice(FURNITURE).format(text)


MUTATIONS: dict[str, Mutation] = {
    "edited": edited, "truncated": truncated, "noisy": noisy,
    "reordered": reordered, "furniture": refurnished, "retranslated": retranslated,
}  # fmt: skip


@dataclass
class DupItem:
    id: str
    text: str
    cluster: str  # items of one cluster are copies of one another
    kind: str  # original | <mutation> | negative


@dataclass
class DupScore:
    precision: float
    recall: float
    pairs_true: int
    pairs_predicted: int
    by_kind_recall: dict[str, float] = field(default_factory=dict)


def load_corpus(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if len(words(row["text"])) >= 120:
                rows.append(row)
            if limit and len(rows) >= limit:
                break
    return rows


def exact_containment(a: str, b: str) -> float:
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / (min(len(sa), len(sb)) or 1)


def _nearest_other(
    index: int, corpus: list[dict[str, str]], vocab: list[set[str]], used: set[int]
) -> int | None:
    """The article closest in vocabulary that is not itself a copy.

    Wire services re-send stories; a corpus article sharing half its shingles with
    the original is a copy by any reading, so it cannot serve as a negative.
    """
    ranked = sorted(
        (j for j in range(len(vocab)) if j != index and j not in used),
        key=lambda j: -len(vocab[index] & vocab[j]) / (len(vocab[index] | vocab[j]) or 1),
    )
    for j in ranked[:20]:
        if exact_containment(corpus[index]["text"], corpus[j]["text"]) < 0.5:
            return j
    return None


def build_set(corpus: list[dict[str, str]], originals: int, seed: int = 7) -> list[DupItem]:
    """Originals with one copy per mutation, plus a same-topic negative for each original."""
    rng = random.Random(seed)
    picks = rng.sample(range(len(corpus)), min(originals, len(corpus)))
    vocab = [set(words(row["text"])) for row in corpus]
    used, items = set(picks), []
    for i in picks:
        row = corpus[i]
        items.append(DupItem(row["id"], row["text"], row["id"], "original"))
        for kind, mutate in MUTATIONS.items():
            items.append(DupItem(f"{row['id']}#{kind}", mutate(row["text"], rng), row["id"], kind))
        other = _nearest_other(i, corpus, vocab, used)
        if other is not None:
            used.add(other)
            neg = corpus[other]
            items.append(DupItem(neg["id"], neg["text"], neg["id"], "negative"))
    return items


def score_items(items: list[DupItem], index: StoryIndex | None = None, seed: int = 3) -> DupScore:
    """Assign stories in a shuffled order; pairwise precision and recall against clusters."""
    # `is None`, not `or`: an empty index is falsy (it has __len__), and `or` once
    # silently replaced the caller's index with a default one.
    index = StoryIndex() if index is None else index
    order = list(items)
    random.Random(seed).shuffle(order)
    for item in order:
        index.assign(item.id, signature(item.text))
    story = {item.id: index.story(index.entries[item.id][0]) for item in items}
    true_pairs = predicted = hit = 0
    kind_total: dict[str, int] = {}
    kind_hit: dict[str, int] = {}
    for a, b in combinations(items, 2):
        same_true, same_pred = a.cluster == b.cluster, story[a.id] == story[b.id]
        true_pairs += same_true
        predicted += same_pred
        hit += same_true and same_pred
        if same_true and "original" in (a.kind, b.kind):
            kind = b.kind if a.kind == "original" else a.kind
            kind_total[kind] = kind_total.get(kind, 0) + 1
            kind_hit[kind] = kind_hit.get(kind, 0) + same_pred
    return DupScore(
        precision=hit / predicted if predicted else 1.0,
        recall=hit / true_pairs if true_pairs else 1.0,
        pairs_true=true_pairs, pairs_predicted=predicted,
        by_kind_recall={k: kind_hit[k] / kind_total[k] for k in sorted(kind_total)},
    )  # fmt: skip
