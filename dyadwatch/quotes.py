"""Quotations attached to statement events ("accused Washington of ... 'contain, encircle
and suppress China'").

Machine-translated copies mangle quotation marks (a closing ” used to open, a lone “ at
the end of a sentence), so a quote is any stretch between two quotation marks of any
shape, at least three characters long.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

QUOTE_RE = re.compile(r"[“”\"«»„]\s*([^“”\"«»„]{3,}?)\s*[“”\"«»„]")


def quotes_in(text: str) -> list[tuple[int, int, str]]:
    """Quoted passages of `text` as (start, end, inner text), in order."""
    found = []
    for m in QUOTE_RE.finditer(text):
        inner = m.group(1).strip(" ,.")
        if len(inner) >= 3:  # "dictator" counts; a stray pair of marks does not
            found.append((m.start(1), m.end(1), inner))
    return found


def find_quote(sent: Span, trigger: Token) -> str | None:
    """The quotation that a statement trigger reports: inside its clause if there is one,
    else the nearest quotation in the sentence."""
    quotes = quotes_in(sent.text)
    if not quotes:
        return None
    subtree = list(trigger.subtree)
    lo = subtree[0].idx - sent.start_char
    hi = subtree[-1].idx + len(subtree[-1]) - sent.start_char
    inside = [q for q in quotes if q[0] >= lo and q[1] <= hi]
    if inside:
        return " … ".join(q[2] for q in inside)
    pos = trigger.idx - sent.start_char
    return min(quotes, key=lambda q: min(abs(q[0] - pos), abs(q[1] - pos)))[2]
