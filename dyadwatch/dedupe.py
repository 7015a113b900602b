"""Copies of one article join one story: MinHash signatures and LSH.

An article's text becomes a set of word shingles; a MinHash signature
estimates the overlap of two such sets. banded LSH finds the stored
articles whose signatures may be close, and each candidate is then checked
by the estimated *containment* of the smaller text in the larger — so a
truncated copy (the first half of a story) joins its story as surely as an
edited rewrite, while two different stories on the same topic, which share
names and phrases but few 4-word runs, stay apart.

The thresholds were chosen by measurement on a duplicate set built from the
newswire corpus (scripts/dedupe_set.py, scripts/bench_dedupe.py; figures in
CHANGELOG and issue 7's note).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE = 4  # words per shingle
LSH_THRESHOLD = 0.2  # Jaccard at which LSH reports a candidate (recall side)
MATCH_CONTAINMENT = 0.5  # estimated containment needed to call it a copy (precision side)
# A prime well below the product range, so (a*x + b) mod p wraps many times and mixes;
# with a prime near 2^61 the hash stayed almost monotonic in x and the estimates were useless.
_PRIME = np.uint64((1 << 31) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_rng = np.random.RandomState(20231114)  # fixed: signatures are stored and must stay comparable
_A = _rng.randint(1, 1 << 31, size=NUM_PERM).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=NUM_PERM).astype(np.uint64)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def fingerprint(text: str) -> str:
    """An exact hash of the text's words: ignores case, punctuation and spacing."""
    return hashlib.sha1(" ".join(words(text)).encode("utf-8")).hexdigest()


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the text's word shingles (a short text is one shingle)."""
    tokens = words(text)
    if len(tokens) < size:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
    hashes = {zlib.crc32(g.encode("utf-8")) for g in grams}
    return np.fromiter(hashes, dtype=np.uint64, count=len(hashes))


@dataclass
class Signature:
    values: np.ndarray  # NUM_PERM uint64 minima
    size: int  # number of distinct shingles

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u8").astype(np.uint64), size)


def signature(text: str) -> Signature:
    """The MinHash signature of a text: NUM_PERM universal hashes, minimum over shingles."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return Signature(np.full(NUM_PERM, _MAX32, dtype=np.uint64), 0)
    # (a*x + b) mod p with x < 2^32 and a, b < 2^31: no uint64 overflow before the mod.
    table = (np.outer(hashes, _A) + _B) % _PRIME
    return Signature(table.min(axis=0).astype(np.uint64), int(hashes.size))


def jaccard(a: Signature, b: Signature) -> float:
    return float(np.mean(a.values == b.values))


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller shingle set that lies in the larger one."""
    j = jaccard(a, b)
    if not a.size or not b.size:
        return 0.0
    inter = j * (a.size + b.size) / (1.0 + j)
    return min(1.0, inter / min(a.size, b.size))


@lru_cache(maxsize=16)
def band_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Bands b and rows r (b*r <= num_perm) that best put the LSH S-curve at `threshold`.

    Minimises the area of false positives below the threshold plus false negatives
    above it, as datasketch does.
    """
    xs = np.linspace(0.0, 1.0, 201)
    best, best_cost = (1, num_perm), float("inf")
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            hit = 1.0 - (1.0 - xs**r) ** b
            cost = float(np.trapezoid(np.where(xs < threshold, hit, 1.0 - hit), xs))
            if cost < best_cost:
                best, best_cost = (b, r), cost
    return best


class BandIndex:
    """Banded LSH over MinHash signatures: keys whose signatures agree on a whole band.

    Our own rather than datasketch's MinHashLSH: the latter needs a MinHash object per
    call and measured 4,100 articles/s for insert + query; plain dicts of band bytes
    reach the 20,000 articles/s that issue 7 asks of this step.
    """

    def __init__(self, threshold: float, num_perm: int = NUM_PERM) -> None:
        self.bands, self.rows = band_params(threshold, num_perm)
        self.tables: list[dict[int, str | list[str]]] = [{} for _ in range(self.bands)]

    def keys(self, values: np.ndarray) -> list[int]:
        """One integer per band: a hash of that band's rows (uint64 arithmetic wraps)."""
        grid = values[: self.bands * self.rows].reshape(self.bands, self.rows)
        keys = grid[:, 0].copy()
        for j in range(1, self.rows):
            keys = keys * np.uint64(1_000_003) ^ grid[:, j]
        return list(keys.tolist())

    def insert(self, key: str, band_keys: list[int]) -> None:
        # A bucket holds one key as a plain string and becomes a list only on a collision:
        # most buckets never collide, and millions of one-item lists made the cyclic
        # garbage collector the main cost at 100,000 articles.
        for table, band in zip(self.tables, band_keys, strict=True):
            bucket = table.get(band)
            if bucket is None:
                table[band] = key
            elif isinstance(bucket, str):
                table[band] = [bucket, key]
            else:
                bucket.append(key)

    def query(self, band_keys: list[int]) -> list[str]:
        found: dict[str, None] = {}
        for table, band in zip(self.tables, band_keys, strict=True):
            bucket = table.get(band)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                found[bucket] = None
            else:
                found.update(dict.fromkeys(bucket))
        return list(found)


class StoryIndex:
    """Stories seen so far, searchable by signature (held in memory, loaded from the store).

    An article that is a copy of articles in two different stories proves those
    stories are one (a truncation and a rewrite of the same report): they merge,
    the older story id surviving, so clusters do not depend on arrival order.
    """

    def __init__(self, threshold: float = LSH_THRESHOLD, match: float = MATCH_CONTAINMENT):
        self.lsh = BandIndex(threshold)
        self.match = match
        self.entries: dict[str, tuple[str, Signature]] = {}
        self.parent: dict[str, str] = {}  # merged story → the story it joined

    def __len__(self) -> int:
        return len(self.entries)

    def story(self, story_id: str) -> str:
        """The surviving story id of a story that may have been merged."""
        while story_id in self.parent:
            story_id = self.parent[story_id]
        return story_id

    def add(
        self, article_id: str, story_id: str, sig: Signature, keys: list[int] | None = None
    ) -> None:
        if article_id in self.entries or sig.size == 0:
            return
        self.lsh.insert(article_id, keys if keys is not None else self.lsh.keys(sig.values))
        self.entries[article_id] = (story_id, sig)

    def matching_stories(self, sig: Signature, keys: list[int] | None = None) -> list[str]:
        """Surviving ids of the stories that hold a copy of this text, oldest insert first."""
        if sig.size == 0:
            return []
        found: list[str] = []
        for key in self.lsh.query(keys if keys is not None else self.lsh.keys(sig.values)):
            story, other = self.entries[key]
            story = self.story(story)
            if story not in found and containment(sig, other) >= self.match:
                found.append(story)
        return found

    def assign(
        self, article_id: str, sig: Signature, new_story: str | None = None
    ) -> tuple[str, list[str]]:
        """The story for a new article, and the stories merged into it (now one story).

        With no stored copy the article starts a story named `new_story` (default: its id).
        """
        keys = self.lsh.keys(sig.values)
        found = self.matching_stories(sig, keys)
        story = found[0] if found else (new_story or article_id)
        merged = found[1:]
        for other in merged:
            self.parent[other] = story
        self.add(article_id, story, sig, keys)
        return story, merged

    def find_story(self, sig: Signature) -> str | None:
        found = self.matching_stories(sig)
        return found[0] if found else None
