"""The `read` stage: files, folders and stdin become RawArticles (or Rejections).

Formats: `.txt`, `.html`/`.htm`, `.jsonl`, `.json`, `.csv`, and `.gz` of any of
them; folders are walked recursively in sorted order; `-` is stdin. A folder's
`metadata.jsonl` sidecar (`file`, `published`, `outlet`, `url`, `title`) fills in
what the files cannot say. Everything streams: one file (or one JSONL/CSV record)
is in memory at a time. A path that does not exist is the user's mistake and
raises InputError; a file that cannot be read as an article is data and becomes
a Rejection with a one-line reason that names the fix.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from dyadwatch.errors import InputError
from dyadwatch.models import RawArticle, Rejection
from dyadwatch.read_records import (
    METADATA_FILE,
    Metadata,
    decode_bytes,
    load_sidecar,
    read_csv_articles,
    read_json_articles,
    read_jsonl_articles,
    text_stream,
)
from dyadwatch.settings import Settings

__all__ = ["read_inputs", "read_jsonl_articles", "read_path"]

HTML_EXTS = {".html", ".htm", ".xhtml"}
FOLDER_EXTS = HTML_EXTS | {".txt", ".text", ".json", ".jsonl", ".ndjson", ".csv"}
SUPPORTED = "give .txt, .html, .json, .jsonl or .csv (or .gz of one)"
STREAMED_EXTS = (".jsonl", ".ndjson", ".csv")  # read record by record, never whole
STDIN = "<stdin>"

Item = RawArticle | Rejection


def read_inputs(paths: Sequence[str], settings: Settings,
                stdin: BinaryIO | None = None) -> Iterator[Item]:  # fmt: skip
    """Articles from every path, in order; raises InputError at once for a missing path.

    `stdin` replaces `sys.stdin.buffer` for `-` (tests, the API).
    """
    for path in paths:
        if path != "-" and not os.path.exists(path):
            raise InputError(f"input path '{path}' does not exist: check its spelling")
    return _read_all(paths, settings, stdin)


def _read_all(paths: Sequence[str], settings: Settings, stdin: BinaryIO | None) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            yield from read_stdin(stdin or sys.stdin.buffer, settings)
        elif os.path.isdir(path):
            yield from read_folder(Path(path), settings)
        else:
            file = Path(path)
            sidecar, rejections = load_sidecar(file.parent)
            yield from rejections
            yield from read_path(file, settings, sidecar.get(_key(file), Metadata()))


def read_folder(folder: Path, settings: Settings) -> Iterator[Item]:
    """Every article file under `folder`, recursively, sorted; hidden files skipped."""
    metadata: dict[str, Metadata] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        sidecar, rejections = load_sidecar(Path(root))
        metadata.update(sidecar)  # a subfolder's own sidecar wins over its parent's
        yield from rejections
        for name in sorted(files):
            if name.startswith(".") or name == METADATA_FILE:
                continue
            file = Path(root) / name
            if not _readable_in_folder(name):
                yield _reject(str(file), f"unsupported file type: {SUPPORTED}, or name the file")
                continue
            yield from read_path(file, settings, metadata.get(_key(file), Metadata()))


def _readable_in_folder(name: str) -> bool:
    """Known article formats, and files without an extension (scraped dumps); a folder's
    README.md or images are not articles. Named one by one, any file is tried."""
    inner = Path(name[:-3] if name.lower().endswith(".gz") else name)
    return inner.suffix.lower() in FOLDER_EXTS or not inner.suffix


def _key(path: Path) -> str:
    return str(path.resolve())


def read_path(path: Path, settings: Settings, meta: Metadata | None = None) -> Iterator[Item]:
    """The articles of one file, by its extension (`.gz` unwrapped first)."""
    meta = meta or Metadata()
    source = str(path)
    try:
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            yield _reject(source, "not a regular file: give a file or a folder of files")
            return
        if size == 0:
            yield _reject(source, "file is empty: remove it or give it the article text")
            return
        if path.suffix.lower() == ".gz":
            yield from _read_gzip(path, settings, meta)
            return
        inner = path.suffix.lower()
        if inner in STREAMED_EXTS:  # streamed; the limit is per record
            with path.open("rb") as handle:
                yield from _read_records(handle, inner, source, settings, meta)
            return
        if size > settings.max_file_bytes:
            yield _reject(source, _too_big(size, settings))
            return
        yield from _read_whole(path.read_bytes(), inner, source, path.name, settings, meta)
    except OSError as exc:
        yield _reject(source, f"cannot read file ({exc.strerror or exc}): check its permissions")


def _read_gzip(path: Path, settings: Settings, meta: Metadata) -> Iterator[Item]:
    source = str(path)
    with path.open("rb") as raw:
        if raw.read(2) != b"\x1f\x8b":
            yield _reject(source, "file ends in .gz but is not gzip: decompress it or rename it")
            return
    inner_name = path.name[: -len(".gz")]
    inner = Path(inner_name).suffix.lower()
    try:
        with gzip.open(path, "rb") as handle:
            if inner in STREAMED_EXTS:
                yield from _read_records(handle, inner, source, settings, meta)
                return
            data = handle.read(settings.max_file_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield _reject(source, f"broken gzip data ({exc}): re-create the archive")
        return
    if len(data) > settings.max_file_bytes:
        yield _reject(source, _too_big(len(data), settings, "uncompressed "))
        return
    yield from _read_whole(data, inner, source, inner_name, settings, meta)


def _read_records(handle: Any, ext: str, source: str, settings: Settings,
                  meta: Metadata) -> Iterator[Item]:  # fmt: skip
    stream = text_stream(handle, newline="" if ext == ".csv" else None)
    try:
        if ext == ".csv":
            records = read_csv_articles(stream, source, settings.max_file_bytes)
        else:
            records = read_jsonl_articles(stream, source, settings.max_file_bytes)
        for item in records:
            yield meta.apply(item) if isinstance(item, RawArticle) else item
    except (OSError, EOFError, zlib.error) as exc:  # a gzip that breaks half-way
        yield _reject(source, f"broken gzip data ({exc}): re-create the archive")


def _read_whole(data: bytes, ext: str, source: str, name: str, settings: Settings,
                meta: Metadata) -> Iterator[Item]:  # fmt: skip
    text, problem = decode_bytes(data)
    if problem:
        yield _reject(source, problem)
        return
    if not text.strip():
        yield _reject(source, "file holds only whitespace: give it the article text")
        return
    stem = Path(name).stem if name else None
    if ext == ".json":
        for item in read_json_articles(text, source, stem):
            yield meta.apply(item) if isinstance(item, RawArticle) else item
        return
    # scraped pages saved as .txt are still HTML
    is_html = ext in HTML_EXTS or looks_like_html(text)
    article = RawArticle(source=source, id=stem)
    if is_html:
        article.html = text
    else:
        article.text = text
    yield meta.apply(article)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    """JSONL when the first line is a JSON object, else one plain-text (or HTML) article."""
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    head = buffered.peek(4096)[:4096]
    # JSON lines start with an object; no article's first character is "{"
    if decode_bytes(head)[0].lstrip().startswith("{"):
        yield from read_jsonl_articles(text_stream(buffered), STDIN, settings.max_file_bytes)
        return
    data = buffered.read(settings.max_file_bytes + 1)
    if not data:
        yield _reject(STDIN, "standard input is empty: pipe in an article or JSON lines")
        return
    if len(data) > settings.max_file_bytes:
        yield _reject(STDIN, _too_big(len(data), settings))
        return
    # no file name, so no id: clean gives the article a content hash
    yield from _read_whole(data, "", STDIN, "", settings, Metadata())


def _too_big(size: int, settings: Settings, what: str = "") -> str:
    return (f"{what}size {size} bytes is over the limit of {settings.max_file_bytes}: "
            "split the file or raise --max-file-bytes")  # fmt: skip


def _reject(source: str, reason: str, line: int | None = None) -> Rejection:
    return Rejection(source=source, stage="read", reason=reason, line=line)
