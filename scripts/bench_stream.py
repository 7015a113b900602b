"""Streaming memory: RSS while ingesting the newswire corpus replicated to N articles.

    .venv/bin/python scripts/bench_stream.py [--articles 100000] [--workers 2]
                                             [--marks 10000,100000] [--json bench-stream.json]

The corpus's 2,452 stories are written again and again (each copy with its own id, the same
text and date) into one JSONL feed, which is ingested into a fresh SQLite store. A thread
samples the resident memory of this process and of its worker processes every half second;
at each mark (articles read) the table shows the peaks so far. Copies of stored input are
skipped by their input hash, so past the first pass this measures the read and skip path:
its memory must not grow with the corpus (issue 10).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dyadwatch.pipeline as pipeline
from dyadwatch.settings import Settings
from dyadwatch.store import open_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "newswire" / "articles.jsonl"
FIELDS = ("id", "text", "published", "outlet", "title")


def rss_mb(pid: int | str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) / 1024


def children(pid: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(entry.name)
    return found


class Sampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.main = self.worker = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.is_set():
            self.main = max(self.main, rss_mb(me))
            self.worker = max([self.worker] + [rss_mb(c) for c in children(me)])
            self.stop.wait(0.5)


def write_feed(path: Path, total: int) -> None:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    with path.open("w", encoding="utf-8") as fh:
        for n in range(total):
            row = rows[n % len(rows)]
            copy = {k: row[k] for k in FIELDS}
            copy["id"] = f"{row['id']}~r{n // len(rows)}" if n >= len(rows) else row["id"]
            fh.write(json.dumps(copy) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--marks", default="10000,100000")
    parser.add_argument("--json", type=Path, default=Path("bench-stream.json"))
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} not found: the benchmark needs ../shared/corpora")
    marks = [int(m) for m in args.marks.split(",")]
    sampler, table, read = Sampler(), [], itertools.count(1)
    start = time.perf_counter()
    original = pipeline.read_inputs

    def counted(*a: Any, **k: Any) -> Iterator[Any]:
        for item in original(*a, **k):
            n = next(read)
            if marks and n >= marks[0]:
                marks.pop(0)
                table.append(
                    {
                        "articles": n,
                        "seconds": round(time.perf_counter() - start, 1),
                        "main_rss_mb": round(sampler.main),
                        "worker_rss_mb": round(sampler.worker),
                    }
                )
                print(table[-1], flush=True)
            yield item

    pipeline.read_inputs = counted  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        write_feed(feed, args.articles)
        db = str(Path(tmp) / "stream.db")
        sampler.start()
        start = time.perf_counter()
        summary = pipeline.ingest(
            [str(feed)], open_store(db), Settings(db=db, workers=args.workers)
        )
        sampler.stop.set()
        report = {
            "summary": summary.counts(),
            "marks": table,
            "seconds": round(time.perf_counter() - start, 1),
            "peak_main_rss_mb": round(sampler.main),
            "peak_worker_rss_mb": round(sampler.worker),
        }
    print(json.dumps(report, indent=2))
    args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
