"""Time the relations layer over a store: busiest_dyads, then dyad_report of each top dyad.

    .venv/bin/python scripts/bench_relations.py --db newswire.db [--n 10] [--by month]

Prints the busiest dyads with their index and one timing line per step; exits 1
when the store holds no fused events (ingest something first).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from rich.console import Console

from dyadwatch.relate import parse_pair
from dyadwatch.report import busiest_dyads, busiest_table, dyad_report
from dyadwatch.store import open_store


def timed(label: str, func: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:8.2f} s", file=sys.stderr)
    return result, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store path or URL")
    parser.add_argument("--n", type=int, default=10, help="how many dyads")
    parser.add_argument("--by", default="month", choices=("week", "month", "quarter", "year"))
    parser.add_argument("--reports", type=int, default=3, help="dyad_report for the top N")
    args = parser.parse_args(argv)
    console = Console(width=140)
    store = open_store(args.db)
    total = 0.0
    rows, spent = timed("busiest_dyads", busiest_dyads, store, n=args.n, by=args.by)
    total += spent
    if not rows:
        print(f"no fused events in {args.db}: run `dyadwatch ingest` first", file=sys.stderr)
        return 1
    console.print(busiest_table(rows))
    for row in rows[: args.reports]:
        a, b = parse_pair(row["dyad"])
        report, spent = timed(f"dyad_report {row['dyad']}", dyad_report, store, a, b, by=args.by)
        total += spent
        states = ", ".join(f"{c['label']}: {c['state']}" for c in report["channels"]
                           if c["segments"])  # fmt: skip
        console.print(
            f"{row['dyad']}: {report['events']} events, {report['articles']} articles, "
            f"{len(report['issues'])} issues; channels: {states or 'no evidence'}"
        )
    print(f"{'total':<40} {total:8.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
