"""`make bench`: dyadwatch ingest end to end against bare spaCy, on the same texts, in one run.

    .venv/bin/python scripts/bench.py [--limit N] [--workers N] [--json bench.json]

Bare spaCy is the full en_core_web_sm pipeline via nlp.pipe over the article texts. Ours is
`ingest` of the same articles (a JSONL file) into a fresh SQLite store: read, clean, dedupe,
parse, actors, time, events, store and fusion. Prints articles/s, words/s, the ratio,
per-stage seconds (workers=1 only: stages in worker processes are not timed here) and peak
RSS; writes the same as JSON. Timings are noisy on shared machines: compare ratios.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from dyadwatch.nlp import load_pipeline
from dyadwatch.pipeline import ingest, stage_timings
from dyadwatch.settings import Settings
from dyadwatch.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newswire" / "articles.jsonl"


def load(limit: int | None) -> list[dict[str, str]]:
    rows = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def bare_spacy(texts: list[str]) -> float:
    nlp = load_pipeline()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def ours(rows: list[dict[str, str]], workers: int) -> tuple[float, dict[str, float], int]:
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps({k: row[k] for k in ("id", "text", "published", "outlet",
                                                         "title")}) + "\n")  # fmt: skip
        db = str(Path(tmp) / "bench.db")
        store = open_store(db)
        with stage_timings() as timings:
            start = time.perf_counter()
            summary = ingest([str(feed)], store, Settings(db=db, workers=workers))
            elapsed = time.perf_counter() - start
        store.engine.dispose()
    return elapsed, timings, summary.events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", type=Path, default=Path("bench.json"))
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} not found: the benchmark needs ../shared/corpora")
    rows = load(args.limit)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    spacy_s = bare_spacy(texts)
    ours_s, timings, events = ours(rows, args.workers)
    def rates(seconds: float) -> dict[str, float]:
        return {"seconds": round(seconds, 2), "articles_per_s": round(len(rows) / seconds, 1),
                "words_per_s": round(words / seconds)}  # fmt: skip

    stages = sorted(timings.items(), key=lambda kv: -kv[1])
    report = {
        "articles": len(rows), "words": words, "workers": args.workers,
        "bare_spacy": rates(spacy_s), "dyadwatch": {**rates(ours_s), "events": events},
        "ratio_to_bare_spacy": round(spacy_s / ours_s, 3),
        "stage_seconds": {k: round(v, 2) for k, v in stages},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }  # fmt: skip
    print(f"{len(rows)} articles, {words:,} words, workers={args.workers}")
    print(f"{'':14}{'seconds':>10}{'articles/s':>12}{'words/s':>10}")
    for name in ("bare_spacy", "dyadwatch"):
        r = report[name]
        print(f"{name:14}{r['seconds']:>10}{r['articles_per_s']:>12}{r['words_per_s']:>10}")
    print(f"ratio (dyadwatch throughput / bare spaCy): {report['ratio_to_bare_spacy']}")
    print("stage seconds:", ", ".join(f"{k} {v}" for k, v in report["stage_seconds"].items()))
    print(f"peak RSS: {report['peak_rss_mb']} MB")
    args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
