"""What the text says about people and organisations the knowledge base does not know.

"Yun Sun, a China foreign policy scholar at the Stimson Center in Washington" -> EDU,
"scholar, Stimson Center"; "He Lifeng, China's vice premier" -> CHN GOV "vice premier";
"Cornell University political scientist Jessica Chen Weiss" -> EDU; "bureau chief Paul
Henle" -> MED. Scholars, journalists and analysts get non-state sectors (EDU, MED, CVL), and
former officials ELI, so the event stage can leave them out as actors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from dyadwatch.kb import KnowledgeBase, slugify
from dyadwatch.models import Actor

if TYPE_CHECKING:
    from dyadwatch.spans import Unit

APPOSITION_STOP = frozenset({",", ".", ";", "—", "–", "(", ")", '"', "“", "”", "who", "which",
                             "said", "says", "told"})  # fmt: skip
ORG_SECTORS = (
    (r"\b(University|College|Institute|Institution|Center|Centre|Foundation|School|Academy|"
     r"Council on|Think Tank|Fund for|Endowment|RAND)\b", "EDU"),
    (r"\b(Times|Post|News|Journal|Reuters|Associated Press|AFP|Bloomberg|CNN|BBC|Television|"
     r"Radio|Press|Tribune|Gazette|Herald|Guardian|Economist|Telegraph|Daily)\b", "MED"),
    (r"\b(Inc|Corp|Corporation|Co|Ltd|LLC|Group|Motors|Airlines|Company|Holdings|Bank)\b\.?",
     "BUS"),
)  # fmt: skip


def org_sector(name: str) -> str | None:
    for pattern, sector in ORG_SECTORS:
        if re.search(pattern, name):
            return sector
    return None


def _place_code(doc: Doc, span: Span, kb: KnowledgeBase) -> str | None:
    """The country of an organisation: a place inside its name, or "in <place>" after it."""
    for n in range(len(span), 0, -1):
        for i in range(len(span) - n + 1):
            text = span[i : i + n].text
            code = kb.city_or_state_code(text)
            if code:
                return code
    j = span.end
    if j + 1 < len(doc) and doc[j].lower_ == "in":
        for n in (3, 2, 1):
            text = doc[j + 1 : j + 1 + n].text
            code = kb.city_or_state_code(text)
            if code:
                return code
    return None


def _strip_the(text: str) -> str:
    return re.sub(r"^(the|The)\s+", "", text)


def org_actor(doc: Doc, span: Span, kb: KnowledgeBase) -> Actor | None:
    """A non-state organisation named by spaCy, when its kind shows in its name."""
    name = _strip_the(span.text)
    sector = org_sector(name)
    if sector is None:
        return None
    code = _place_code(doc, span, kb) or ""
    return Actor(f"org:{slugify(name)}", name, code, "group", sector)


def looks_like_person(doc: Doc, span: Span, kb: KnowledgeBase) -> bool:
    """A name spaCy took for an organisation, followed by a person's occupation."""
    if not 2 <= len(span) <= 3 or any(t.pos_ != "PROPN" for t in span):
        return False
    if org_sector(span.text) or any(kb.aliases.get(t.text) for t in span):
        return False
    appos = _apposition(doc, span)
    found = _occupation(appos, kb) if appos is not None else None
    return found is not None and found[1] not in ("BUS",)


def _occupation(tokens: Span, kb: KnowledgeBase) -> tuple[str, str] | None:
    """The first occupation noun (longest phrase) in `tokens`: ("scholar", "EDU")."""
    words = [t.lower_ for t in tokens]
    for i in range(len(words)):
        for n in (3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if i + n <= len(words) and phrase in kb.occupations:
                return tokens[i : i + n].text, kb.occupations[phrase]
    return None


def _org_in(doc: Doc, tokens: Span, kb: KnowledgeBase) -> tuple[str, str | None] | None:
    """An organisation named inside `tokens`: (name, country code or None)."""
    for ent in doc.ents:
        if ent.label_ in ("ORG", "FAC") and tokens.start <= ent.start and ent.end <= tokens.end:
            name = _strip_the(ent.text)
            for target in kb.aliases.get(name, []):
                if target.kind == "inst":  # "a former White House adviser": American
                    return name, kb.institutions[target.key]["code"]
            return name, _place_code(doc, ent, kb)
    for n in (3, 2, 1):
        for i in range(len(tokens) - n + 1):
            alias = tokens[i : i + n].text
            for target in kb.aliases.get(alias, []):
                if target.kind == "inst":
                    return alias, kb.institutions[target.key]["code"]
    return None


def _apposition(doc: Doc, name: Span) -> Span | None:
    j = name.end
    if j < len(doc) and doc[j].text in ("'s", "’s"):
        return None
    if j >= len(doc) or doc[j].text != ",":
        return None
    end = j + 1
    while end < len(doc) and end - j < 25 and doc[end].lower_ not in APPOSITION_STOP:
        end += 1
    return doc[j + 1 : end] if end > j + 1 else None


def _premodifiers(doc: Doc, name: Span) -> Span:
    start = name.start
    sent_start = name.sent.start
    while start > sent_start and name.start - start < 6:
        token = doc[start - 1]
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "SCONJ"):
            break
        start -= 1
    return doc[start : name.start]


def describe_person(
    doc: Doc,
    name: Span,
    kb: KnowledgeBase,
    title: Any,
    titles: dict[int, Any],
    units: list[Unit],
) -> tuple[str | None, str | None, str | None]:
    """(country code, sector, office) for a person the knowledge base does not know."""
    if title is not None and title.role:
        return _from_title(kb, title)
    appos = _apposition(doc, name)
    if appos is not None:
        for index, info in titles.items():
            unit = units[index]
            if appos.start <= unit.start < appos.end and info.role:
                return _from_title(kb, info)
    for tokens in (appos, _premodifiers(doc, name)):
        if tokens is None or not len(tokens):
            continue
        found = _from_occupation(doc, tokens, kb)
        if found is not None:
            return found
    return _from_context(doc, name)


def _from_title(kb: KnowledgeBase, info: Any) -> tuple[str | None, str | None, str | None]:
    sector = info.sector or kb.role_sectors.get(info.role, "GOV")
    office = f"{info.phrase}, {info.org}" if info.org else info.phrase
    if info.former:
        return info.code, "ELI", f"former {office}"
    return info.code, sector, office


def _from_occupation(
    doc: Doc, tokens: Span, kb: KnowledgeBase
) -> tuple[str | None, str | None, str | None] | None:
    occupation = _occupation(tokens, kb)
    if occupation is None:
        return None
    word, sector = occupation
    org = _org_in(doc, tokens, kb)
    former = any(t.lower_ in kb.not_current for t in tokens)
    office = f"{word}, {org[0]}" if org else word
    code = org[1] if org else None
    if former:
        return code, "ELI", f"former {office}"
    if sector in ("GOV", "MIL", "LEG", "JUD") and code is None:
        for t in tokens:
            code = code or kb.state_name_code(t.text)
    return code, sector, office


def _from_context(doc: Doc, name: Span) -> tuple[str | None, str | None, str | None]:
    """Bylines and credits: "Lisa Friedman contributed reporting", "Photo: Kevin Lamarque"."""
    after = doc[name.end : name.end + 4].text.lower()
    if after.startswith("contributed"):
        return None, "MED", "reporter"
    before = doc[max(name.start - 2, 0) : name.start].text.lower()
    if "photo" in before or "credit" in before:
        return None, "MED", "photographer"
    return None, None, None
