"""One exception hierarchy for dyadwatch.

    DyadwatchError
    ├── InputError          bad user input: a path, a flag, a malformed record
    │   └── ReadError       a file or stream that cannot be read as articles
    ├── StoreError          the database cannot be opened, migrated or written
    ├── StageError          a pipeline stage failed on one article (names the stage)
    └── GoldDataError       a gold set for `eval` is missing or malformed

Messages name the input, what is wrong and the fix. The CLI turns any
DyadwatchError into one line on stderr and exit code 1.
"""

from __future__ import annotations


class DyadwatchError(Exception):
    """Base class of every error dyadwatch raises on purpose."""


class InputError(DyadwatchError):
    """The user gave input that cannot be used."""


class ReadError(InputError):
    """A file or stream could not be read as articles."""


class StoreError(DyadwatchError):
    """The store could not be opened, migrated or written."""


class StageError(DyadwatchError):
    """A pipeline stage failed on one article."""

    def __init__(self, stage: str, source: str, cause: BaseException) -> None:
        self.stage = stage
        self.source = source
        self.cause = cause
        super().__init__(f"{source}: stage '{stage}' failed: {type(cause).__name__}: {cause}")


class GoldDataError(DyadwatchError):
    """A gold set needed by `dyadwatch eval` is missing or malformed."""
