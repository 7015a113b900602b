"""Consecutive batches of an iterable, read lazily: the one batching helper of the pipeline,
the workers, the Dask ingest and the store's streamed writes."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def blocks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of up to `size` items, read lazily."""
    iterator = iter(items)
    while block := list(itertools.islice(iterator, size)):
        yield block
