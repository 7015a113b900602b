"""Fuzz the whole pipeline over mutated articles: no input may raise an unhandled exception.

Seed corpus: examples/*.txt and, when present, ../shared/corpora/newswire/articles.jsonl.
Each round takes a seed article, mutates its bytes (byte flips, truncation, shuffled lines,
inserted junk, huge lines, encodings), writes it as a .txt, .html or .jsonl file, and runs
what `dyadwatch ingest` runs on it: read (`read_path`), then `pipeline.prepare_article`
and `pipeline.analyse` on the spaCy doc. Rejections and StageErrors are the pipeline
doing its job; anything else is a crash, saved under --crashes for replay.

    python scripts/fuzz_pipeline.py --rounds 300 --seed 1 [--newswire 200] [--crashes DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWSWIRE = ROOT.parent / "shared" / "corpora" / "newswire" / "articles.jsonl"
JUNK = [
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\x28", b"\xe2\x80", b"\r", b"\x1b[31m",
    b"<script>alert(1)</script>", b"<div><div><p>", b"</p></div>", b"<!--", b"]]>", b"&amp;#",
    "\u202e\u200b\u2060\ufeff\u00ad".encode(), "𝕏 🇨🇳 \U0010ffff".encode(), b"{\"id\": ",
    b"\n\n\n", b"Photo: Reuters", b"Check Also", b"2023-02-30", b"on Friday", b"last month",
    b"Mr. Xi", b"9999-12-31", b"0001-01-01", b"the next day", b"\t" * 50,
]  # fmt: skip
Mutator = Callable[[bytes, random.Random], bytes]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, max(1, len(out) // 50))):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


def insert_junk(data: bytes, rng: random.Random) -> bytes:
    out = data
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(out))
        out = out[:at] + rng.choice(JUNK) + out[at:]
    return out


def huge_line(data: bytes, rng: random.Random, size: int = 200_000) -> bytes:
    unit = rng.choice([b"x", b"Blinken met Xi. ", b"\xe2\x80\x94", b"<b>", b"1", b" "])
    at = rng.randint(0, len(data))
    return data[:at] + unit * (size // len(unit)) + data[at:]


def reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-16-be", "cp1252", "latin-1", "utf-8-sig"])
    return text.encode(encoding, errors="replace")


def as_html(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([1, 50, 300, 3000])
    body = b"</p><p>".join(data.split(b"\n\n"))
    return b"<html><body>" + b"<div>" * depth + b"<p>" + body + b"</p>" + b"</div>" * depth


MUTATORS: list[Mutator] = [flip_bytes, truncate, shuffle_lines, insert_junk, huge_line,
                           reencode, as_html]  # fmt: skip


@dataclass
class Report:
    rounds: int = 0
    articles: int = 0
    rejected: int = 0
    crashes: list[dict[str, Any]] = field(default_factory=list)


def seed_corpus(newswire: int) -> list[bytes]:
    seeds = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.txt"))]
    if newswire and NEWSWIRE.exists():
        with NEWSWIRE.open(encoding="utf-8") as handle:
            for _, line in zip(range(newswire), handle, strict=False):
                seeds.append(json.loads(line)["text"].encode("utf-8"))
    return seeds


def mutate(data: bytes, rng: random.Random, huge: int) -> tuple[bytes, list[str]]:
    names = []
    for _ in range(rng.randint(1, 3)):
        mutator = rng.choice(MUTATORS)
        names.append(mutator.__name__)
        data = huge_line(data, rng, huge) if mutator is huge_line else mutator(data, rng)
    return data, names


def as_file(data: bytes, rng: random.Random, folder: Path) -> Path:
    kind = rng.choice(["txt", "html", "jsonl", "jsonl-broken"])
    if kind.startswith("jsonl"):
        record = {
            "id": "fuzz",
            "text": data.decode("utf-8", errors="replace"),
            "published": rng.choice([None, "2023-06-19", "2024-02-29", "2023-02-30"]),
        }
        line = json.dumps(record).encode()
        if kind == "jsonl-broken":  # one flipped byte: the line must still be rejected alone
            at = rng.randrange(len(line))
            line = line[:at] + bytes([rng.randrange(256)]) + line[at + 1 :]
        data, kind = line + b"\n", "jsonl"
    path = folder / f"fuzz.{kind}"
    path.write_bytes(data)
    return path


def run_one(path: Path, nlp: Any, kb: Any, report: Report) -> None:
    """What `ingest` does with one file, short of the store."""
    from dyadwatch.errors import StageError
    from dyadwatch.models import RawArticle
    from dyadwatch.pipeline import analyse, prepare_article
    from dyadwatch.read import read_path
    from dyadwatch.settings import Settings

    for item in read_path(path, Settings()):
        if not isinstance(item, RawArticle):
            assert item.reason and item.stage == "read", item
            report.rejected += 1
            continue
        try:
            article = prepare_article(item, kb)
            analyse(article, nlp(article.text), kb, nlp)
            report.articles += 1
        except StageError:
            report.rejected += 1


def fuzz(rounds: int, seed: int, newswire: int = 0, huge: int = 200_000,
         crashes: Path | None = None, nlp: Any = None,
         progress: bool = False) -> Report:  # fmt: skip
    from dyadwatch.nlp import load_pipeline
    from dyadwatch.pipeline import load_knowledge

    nlp = nlp or load_pipeline()
    kb = load_knowledge(None)
    rng = random.Random(seed)
    seeds = seed_corpus(newswire)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="dyadwatch-fuzz-") as tmp:
        for number in range(rounds):
            data, names = mutate(rng.choice(seeds), rng, huge)
            path = as_file(data, rng, Path(tmp))
            report.rounds += 1
            if progress and report.rounds % 25 == 0:
                print(f"{report.rounds} rounds, {len(report.crashes)} crashes", file=sys.stderr)
            try:
                run_one(path, nlp, kb, report)
            except Exception as exc:  # noqa: BLE001 - a crash is what we are looking for
                crash = {"round": number, "mutations": names, "file": path.name,
                         "error": f"{type(exc).__name__}: {exc}"[:500],
                         "traceback": traceback.format_exc()[-2000:]}  # fmt: skip
                report.crashes.append(crash)
                if crashes is not None:
                    crashes.mkdir(parents=True, exist_ok=True)
                    keep = crashes / f"crash-{seed}-{number}{path.suffix}"
                    keep.write_bytes(path.read_bytes())
                    crash["saved"] = str(keep)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--newswire",
        type=int,
        default=200,
        help="newswire stories to add to the seed corpus (0: examples only)",
    )
    parser.add_argument("--huge", type=int, default=200_000, help="length of a huge line")
    parser.add_argument("--crashes", type=Path, default=None, help="keep crashing inputs here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = fuzz(args.rounds, args.seed, args.newswire, args.huge, args.crashes, progress=True)
    for crash in report.crashes:
        print(f"CRASH round {crash['round']} {crash['mutations']} {crash['file']}: "
              f"{crash['error']}\n{crash['traceback']}", file=sys.stderr)  # fmt: skip
    seconds = time.perf_counter() - start
    print(f"{report.rounds} rounds in {seconds:.0f} s: {report.articles} articles analysed, "
          f"{report.rejected} rejected, {len(report.crashes)} crashes")  # fmt: skip
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
