"""Dedup quality and speed on a duplicate set built from the newswire corpus.

    .venv/bin/python scripts/bench_dedupe.py [--originals 300] [--json out.json]

Prints precision and recall (pairwise, per copy kind) for a sweep of thresholds,
then throughput: signatures per second, and the LSH step (insert + query of
ready signatures) in articles per second, over the corpus replicated to 100,000.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from dyadwatch.dedupe import _A, _B, _PRIME, Signature, StoryIndex, signature
from dyadwatch.eval_dedupe import build_set, load_corpus, score_items

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newswire" / "articles.jsonl"
SWEEP = [(0.2, 0.3), (0.2, 0.4), (0.2, 0.5), (0.3, 0.5), (0.3, 0.6), (0.3, 0.7)]


def quality(originals: int) -> list[dict[str, object]]:
    items = build_set(load_corpus(CORPUS), originals)
    rows = []
    for lsh, match in SWEEP:
        score = score_items(items, StoryIndex(lsh, match))
        rows.append(
            {
                "lsh": lsh,
                "match": match,
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "items": len(items),
                "by_kind_recall": {k: round(v, 3) for k, v in score.by_kind_recall.items()},
            }
        )
        print(
            f"lsh={lsh} match={match}: P={score.precision:.4f} R={score.recall:.4f} "
            f"{rows[-1]['by_kind_recall']}"
        )
    return rows


def _rate(sigs: list[Signature]) -> float:
    index = StoryIndex()
    start = time.perf_counter()
    for i, sig in enumerate(sigs):
        index.assign(f"a{i}", sig)
    return len(sigs) / (time.perf_counter() - start)


def speed(total: int) -> dict[str, float]:
    """Signatures per second; the LSH step (assign: query + verify + insert) per second.

    The LSH step is timed on the corpus's own distinct articles, then on `total`
    articles: the corpus plus distinct synthetic signatures (random shingle sets),
    since replicating the corpus would make every query return its own replicas.
    """
    texts = [row["text"] for row in load_corpus(CORPUS)]
    start = time.perf_counter()
    sigs = [signature(text) for text in texts]
    sig_rate = len(texts) / (time.perf_counter() - start)
    rng = np.random.default_rng(1)
    synthetic = [
        Signature(((np.outer(rng.integers(0, 2**32, 250, dtype=np.uint64), _A) + _B) % _PRIME)
                  .min(axis=0).astype(np.uint64), 250)
        for _ in range(total - len(sigs))
    ]  # fmt: skip
    corpus_rate, total_rate = _rate(sigs), _rate(sigs + synthetic)
    print(f"signatures: {sig_rate:,.0f} articles/s over {len(texts)} articles")
    print(
        f"LSH step: {corpus_rate:,.0f} articles/s over the {len(sigs):,} corpus articles; "
        f"{total_rate:,.0f} articles/s over {total:,}"
    )
    return {
        "signatures_per_s": round(sig_rate),
        "lsh_corpus_per_s": round(corpus_rate),
        "lsh_total_per_s": round(total_rate),
        "total": total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--originals", type=int, default=300)
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} not found: this benchmark needs ../shared/corpora")
    report = {"quality": quality(args.originals), "speed": speed(args.total)}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
