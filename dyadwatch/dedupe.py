"""Copies of one article join one story.

First version (issue 3): an exact fingerprint of the cleaned text's words,
lower-cased with punctuation and spacing dropped, so copies that differ only in
page furniture, whitespace, quotes or dashes share a story. Near-duplicates
(rewrites, truncations, translations) are issue 7's MinHash/LSH.
"""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fingerprint(text: str) -> str:
    """A hash of the text's words that ignores case, punctuation and spacing."""
    words = _WORD.findall(text.lower())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
