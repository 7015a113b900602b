"""Records for the `read` stage: JSONL, JSON and CSV articles, sidecar metadata, decoding.

A record is a JSON object (or CSV row) with `id`, `text` or `html`, and optional
`published`, `outlet`, `url`, `title`. A record that cannot be an article becomes
a Rejection naming its line and the fix; the rest of the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any, TextIO

from dyadwatch.clean_dates import normalise_published
from dyadwatch.models import RawArticle, Rejection

METADATA_FILE = "metadata.jsonl"
META_FIELDS = ("published", "outlet", "url", "title")
BODY_FIELDS = ("text", "html")
# Share of replacement or control characters above which bytes are not text.
MAX_BAD_SHARE = 0.05
MAX_LEGACY_SHARE = 0.3  # non-ASCII share above which Windows-1252 bytes are not text
CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f"}

Item = RawArticle | Rejection


@dataclass
class Metadata:
    """What a folder's metadata.jsonl says about one file; it fills the gaps of a record."""

    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None

    def apply(self, article: RawArticle) -> RawArticle:
        for f in fields(self):
            if getattr(article, f.name) is None:
                setattr(article, f.name, getattr(self, f.name))
        return article


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text of a file's bytes and, when they are not text, the reason to reject them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:8192]:
        return "", "binary file (NUL bytes): give a text, HTML, JSON, JSONL or CSV file"
    else:
        text = _decode_8bit(data)
    sample = text[:20000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or ch in CONTROL)
    # a few bad bytes in a short text (one Latin-1 "é") are still text
    if sample and bad / len(sample) > (MAX_BAD_SHARE if bad > 8 else 0.3):
        return "", "not text (mostly undecodable bytes): convert the file to UTF-8 text"
    return text, None


def _decode_8bit(data: bytes) -> str:
    """UTF-8 when the bytes are UTF-8 (a few broken bytes become U+FFFD); Windows-1252
    when no valid multi-byte sequence is there at all: a legacy 8-bit file, whose "é"
    and curly quotes would otherwise all be replacement characters and reject it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8-sig", errors="replace")
    invalid = loose.count("\ufffd")
    valid_multibyte = sum(1 for ch in loose if ord(ch) > 127 and ch != "\ufffd")
    if valid_multibyte >= invalid:
        return loose
    legacy = data.decode("cp1252", errors="replace")
    sample = legacy[:20000]
    # a text in a Western 8-bit encoding is mostly ASCII; a soup of high bytes is not text
    if sum(not ch.isascii() for ch in sample) > MAX_LEGACY_SHARE * len(sample):
        return loose
    return legacy


def text_stream(handle: IO[bytes], newline: str | None = None) -> TextIO:
    """A text view of a binary stream: UTF-16 by its BOM, else UTF-8 (BOM dropped);
    bad bytes become U+FFFD instead of stopping the read."""
    buffered: Any = handle if hasattr(handle, "peek") else io.BufferedReader(handle)
    head = buffered.peek(2)[:2]
    encoding = "utf-16" if head in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline=newline)


def read_jsonl_articles(stream: TextIO, source: str,
                        max_bytes: int | None = None) -> Iterator[Item]:  # fmt: skip
    """One article per JSON line; a bad line becomes a Rejection and the rest goes on.

    Article sources are "SOURCE:LINE"; rejections carry `source` and `line`.
    """
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        if max_bytes is not None and len(line) > max_bytes:
            yield _reject(source, number, f"line is over the limit of {max_bytes} bytes: "
                          "split the article or raise --max-file-bytes")  # fmt: skip
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _reject(source, number, f"not valid JSON ({exc.msg} at column {exc.colno}): "
                          "fix or remove the line")  # fmt: skip
            continue
        yield _article_or_reject(record, f"{source}:{number}", source, number)


def read_json_articles(text: str, source: str, file_id: str | None) -> Iterator[Item]:
    """A `.json` file: one article object, a list of them, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(source, "read", f"not valid JSON ({exc.msg} at line {exc.lineno}): "
                        "fix the file or write it as JSON lines", exc.lineno)  # fmt: skip
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        item = _article_or_reject(data, source, source, None)
        if isinstance(item, RawArticle) and item.id is None:
            item.id = file_id
        yield item
    elif isinstance(data, list):
        for number, record in enumerate(data, start=1):
            yield _article_or_reject(record, f"{source}:{number}", source, number)
    else:
        yield Rejection(source, "read", f"JSON holds a {type(data).__name__}: give an article "
                        "object or a list of them")  # fmt: skip


def read_csv_articles(stream: TextIO, source: str, max_bytes: int) -> Iterator[Item]:
    """A CSV with a header row naming `id`, `text` or `html`, `published`, ...; one row
    an article. Rejections carry the row's last physical line number."""
    # the csv module's field limit is per process; raise it, never lower it
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    reader = csv.DictReader(stream)
    try:
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        if not set(BODY_FIELDS) & set(header):
            yield Rejection(source, "read", "CSV header has no 'text' or 'html' column: "
                            "the first row must name the columns (id,text,...)", 1)  # fmt: skip
            return
        reader.fieldnames = header
        for row in reader:
            record = {k: (v if v != "" else None) for k, v in row.items() if k}
            yield _article_or_reject(record, f"{source}:{reader.line_num}", source,
                                     reader.line_num)  # fmt: skip
    except csv.Error as exc:
        yield Rejection(source, "read", f"broken CSV ({exc}): fix the quoting of this row "
                        "and re-run", reader.line_num)  # fmt: skip


def _article_or_reject(record: Any, article_source: str, source: str,
                       line: int | None) -> Item:  # fmt: skip
    problem = record_problem(record)
    if problem:
        return _reject(source, line, problem)
    ident = record.get("id")
    ident = str(ident).strip() if ident is not None else None
    return RawArticle(
        source=article_source,
        text=record.get("text"),
        html=record.get("html"),
        id=ident or None,
        **{name: _clean_meta(record.get(name)) for name in META_FIELDS},
    )


def record_problem(record: Any) -> str | None:
    """Why a decoded record cannot be an article, or None when it can."""
    if not isinstance(record, dict):
        return f"record is a JSON {type(record).__name__}, not an object: write one article object"
    for name in BODY_FIELDS + META_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"field '{name}' must be a string, not {type(value).__name__}: quote it"
    ident = record.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        return f"field 'id' must be a string or an integer, not {type(ident).__name__}"
    if not any((record.get(name) or "").strip() for name in BODY_FIELDS):
        return "no 'text' or 'html' with content: give the article body in one of them"
    published = (record.get("published") or "").strip()
    # A date given by the user wins over what the text says, so an impossible one
    # ("2023-02-30") would date every event of the article wrongly: reject it.
    if published and normalise_published(published) is None:
        return (f"field 'published' is not a real date from 1900 to 2099 ({published[:40]!r}): "
                "give YYYY-MM-DD or leave it out")  # fmt: skip
    return None


def _clean_meta(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def load_sidecar(folder: Path) -> tuple[dict[str, Metadata], list[Rejection]]:
    """A folder's metadata.jsonl as {resolved file path: Metadata}, and its bad lines."""
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}, []
    entries: dict[str, Metadata] = {}
    rejections: list[Rejection] = []
    with path.open("rb") as handle:
        for number, line in enumerate(text_stream(handle), start=1):
            if not line.strip():
                continue
            entry, problem = _sidecar_entry(line)
            if problem or entry is None:
                rejections.append(_reject(str(path), number, problem or "empty entry"))
            else:
                name, meta = entry
                entries[str((folder / name).resolve())] = meta
    return entries, rejections


def _sidecar_entry(line: str) -> tuple[tuple[str, Metadata] | None, str | None]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg}): fix or remove the line"
    if not isinstance(record, dict) or not isinstance(record.get("file"), str):
        return None, 'a metadata line needs "file": the file\'s name relative to this folder'
    for name in META_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            return None, f"field '{name}' must be a string: quote it"
    meta = Metadata(**{name: _clean_meta(record.get(name)) for name in META_FIELDS})
    return (record["file"], meta), None


def _reject(source: str, line: int | None, reason: str) -> Rejection:
    return Rejection(source=source, stage="read", reason=reason, line=line)
