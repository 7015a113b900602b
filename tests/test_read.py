"""Tests for the read stage: formats, folders, sidecar metadata, stdin and bad bytes."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.errors import InputError
from dyadwatch.models import RawArticle, Rejection
from dyadwatch.read import read_inputs, read_jsonl_articles, read_path
from dyadwatch.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SETTINGS = Settings()


def read(*paths: Path | str, settings: Settings = SETTINGS) -> list[RawArticle | Rejection]:
    return list(read_inputs([str(p) for p in paths], settings))


def only(items: list[RawArticle | Rejection]) -> RawArticle | Rejection:
    assert len(items) == 1, items
    return items[0]


# --- folders and sidecar metadata --------------------------------------------


def test_seed_folder_with_sidecar(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(EXAMPLES, folder)
    items = [i for i in read(folder) if isinstance(i, RawArticle)]
    assert len(items) == len(read(folder))
    assert [i.id for i in items] == sorted(p.stem for p in EXAMPLES.glob("*.txt"))
    by_id = {i.id: i for i in items}
    assert by_id["001_7b0231b62fb7b9d5"].published == "2023-10-27"
    assert by_id["001_7b0231b62fb7b9d5"].outlet == "Aaj English TV"
    assert by_id["004_54fc8559910d85f5"].published == "2023-06-19"
    assert (by_id["000_c05b7520585208c9"].text or "").startswith("The White House has begun")


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not on this machine")
def test_shared_seeds_folder() -> None:
    items = read(SHARED_SEEDS)
    published = {i.id: i.published for i in items if isinstance(i, RawArticle)}
    assert len(published) == 5 and all(published.values())


def test_single_file_gets_its_folders_sidecar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Xi met Biden.")
    (tmp_path / "metadata.jsonl").write_text(
        json.dumps({"file": "a.txt", "published": "2023-11-15", "url": "http://x"}) + "\n"
    )
    article = only(read(tmp_path / "a.txt"))
    assert isinstance(article, RawArticle)
    assert (article.id, article.published, article.url) == ("a", "2023-11-15", "http://x")


def test_recursive_sorted_hidden_skipped_and_bad_sidecar_lines(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "b" / "z.txt").write_text("Zed.")
    (tmp_path / "b" / "metadata.jsonl").write_text('{"file": "z.txt", "outlet": "Z"}\nnope\n{}\n')
    (tmp_path / "a.txt").write_text("Aye.")
    items = read(tmp_path)
    articles = [i for i in items if isinstance(i, RawArticle)]
    assert [a.text for a in articles] == ["Aye.", "Zed."]
    assert articles[1].outlet == "Z"
    assert [(r.line, r.stage) for r in items if isinstance(r, Rejection)] == [
        (2, "read"),
        (3, "read"),
    ]


def test_folder_rejects_unknown_types_but_a_named_file_is_tried(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("Xi met Biden.")
    (tmp_path / "dump").write_text("Extensionless dump text.")
    items = read(tmp_path)
    assert isinstance(items[0], RawArticle) and items[0].text == "Extensionless dump text."
    assert isinstance(items[1], Rejection) and "unsupported file type" in items[1].reason
    named = only(read(tmp_path / "notes.md"))
    assert isinstance(named, RawArticle) and named.text == "Xi met Biden."


def test_fifo_is_rejected_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    rejection = only(read(fifo))
    assert isinstance(rejection, Rejection) and "not a regular file" in rejection.reason


def test_missing_path_raises_before_reading() -> None:
    with pytest.raises(InputError, match="no/such/file.txt"):
        read_inputs(["no/such/file.txt"], SETTINGS)


def test_reading_is_lazy(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Text of {name}.")
    items = read_inputs([str(tmp_path)], SETTINGS)
    assert isinstance(next(items), RawArticle)
    (tmp_path / "b.txt").unlink()  # not read yet: it becomes a rejection, not a crash
    rejection = next(items)
    assert isinstance(rejection, Rejection) and "cannot read file" in rejection.reason


# --- JSONL, JSON, CSV ---------------------------------------------------------

JSONL_CASES = [
    ('{"id": "a", "text": "Hi.", "published": "2023-01-01"}', "ok", None),
    ('{"id": 7, "html": "<p>Hi.</p>"}', "ok", None),
    ('{"text": "No id."}', "ok", None),
    ("not json", "reject", "not valid JSON"),
    ('{"id": "a"}', "reject", "no 'text' or 'html'"),
    ('{"id": "a", "text": "   "}', "reject", "no 'text' or 'html'"),
    ('{"id": "a", "text": 5}', "reject", "field 'text' must be a string"),
    ('{"id": "a", "text": "x", "published": 20230101}', "reject", "field 'published'"),
    ('{"id": ["a"], "text": "x"}', "reject", "field 'id'"),
    ("[1, 2]", "reject", "not an object"),
]


@pytest.mark.parametrize(("line", "outcome", "reason"), JSONL_CASES)
def test_jsonl_lines(line: str, outcome: str, reason: str | None) -> None:
    stream = io.StringIO('{"id": "first", "text": "First."}\n\n' + line + "\n")
    items = list(read_jsonl_articles(stream, "feed.jsonl"))
    assert isinstance(items[0], RawArticle) and items[0].source == "feed.jsonl:1"
    item = items[1]
    if outcome == "ok":
        assert isinstance(item, RawArticle) and item.source == "feed.jsonl:3"
    else:
        assert isinstance(item, Rejection)
        assert (item.source, item.line, item.stage) == ("feed.jsonl", 3, "read")
        assert reason and reason in item.reason


def test_jsonl_ids_and_fields() -> None:
    line = '{"id": 7, "text": "Hi.", "outlet": " AP ", "title": "", "url": null}'
    article = only(list(read_jsonl_articles(io.StringIO(line), "<stdin>")))
    assert isinstance(article, RawArticle)
    assert (article.id, article.outlet, article.title, article.url) == ("7", "AP", None, None)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"id": "x", "text": "One."}', [("x", "One.")]),
        ('{"text": "One."}', [("doc", "One.")]),
        ('[{"id": "a", "text": "A."}, {"id": "b", "text": "B."}]', [("a", "A."), ("b", "B.")]),
        ('{"articles": [{"id": "a", "text": "A."}]}', [("a", "A.")]),
        ('[{"id": "a", "text": "A."}, 3]', [("a", "A."), "reject"]),
        ('"just a string"', ["reject"]),
        ("{broken", ["reject"]),
    ],
)
def test_json_files(tmp_path: Path, content: str, expected: list) -> None:
    path = tmp_path / "doc.json"
    path.write_text(content)
    got = [
        (i.id, i.text) if isinstance(i, RawArticle) else "reject" for i in read(path)
    ]  # fmt: skip
    assert got == expected


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text(
        'id,Text,published,outlet\n1,"Xi met Biden, briefly.",2023-11-15,AP\n2,,,\n'
        '3,"Line one\nline two",,\n'
    )
    items = read(path)
    assert isinstance(items[0], RawArticle)
    assert (items[0].id, items[0].text, items[0].outlet) == ("1", "Xi met Biden, briefly.", "AP")
    assert isinstance(items[1], Rejection) and items[1].line == 3
    assert isinstance(items[2], RawArticle) and items[2].text == "Line one\nline two"


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text("id,body\n1,hello\n")
    rejection = only(read(path))
    assert isinstance(rejection, Rejection) and "no 'text' or 'html' column" in rejection.reason


# --- gzip, encodings, bad files -----------------------------------------------


def test_gzip_of_each_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Plain text."))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"id": "j", "text": "J."}\nbad\n'))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(b"<html><body><p>H.</p></body></html>"))
    items = read(tmp_path)
    assert isinstance(items[0], RawArticle) and (items[0].id, items[0].text) == ("a", "Plain text.")
    assert isinstance(items[1], RawArticle) and items[1].source.endswith("b.jsonl.gz:1")
    assert isinstance(items[2], Rejection) and items[2].line == 2
    assert isinstance(items[3], RawArticle) and items[3].html and items[3].id == "c"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n", "only whitespace"),
        ("nul.txt", b"abc\x00\x01\x02def", "binary file"),
        ("junk.txt", bytes(range(128, 256))[:90], "not text"),
        ("fake.txt.gz", b"not gzip at all", "is not gzip"),
        ("cut.txt.gz", gzip.compress(b"Xi met Biden in Woodside, California.")[:25], "broken gzip"),
        ("big.txt", b"x" * 200, "over the limit"),
        ("big.html.gz", gzip.compress(b"x" * 200), "over the limit"),
    ],
)
def test_bad_files_become_rejections(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    rejection = only(read(path, settings=Settings(max_file_bytes=100)))
    assert isinstance(rejection, Rejection)
    assert reason in rejection.reason and rejection.stage == "read"
    assert rejection.source == str(path)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("\ufeffBOM’d text".encode(), "BOM’d text"),
        ("UTF-16 text ’".encode("utf-16"), "UTF-16 text ’"),
        ("\ufeffbig endian".encode("utf-16-be"), "big endian"),
        (b"Caf\xe9 au lait", "Café au lait"),  # no valid UTF-8 at all: Windows-1252
    ],
)
def test_encodings(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    article = only(read(path))
    assert isinstance(article, RawArticle) and article.text == text


def test_txt_holding_html_is_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Hi.</p></body></html>")
    article = only(read(path))
    assert isinstance(article, RawArticle) and article.html and article.text is None


# --- stdin --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n', ["s1", "s2"]),
        (b"  \n{broken\n", ["reject"]),
        (b"A plain article from a pipe.\n", [None]),
        (b"", ["reject"]),
    ],
)
def test_stdin(data: bytes, expected: list) -> None:
    items = list(read_inputs(["-"], SETTINGS, stdin=io.BytesIO(data)))
    assert [i.id if isinstance(i, RawArticle) else "reject" for i in items] == expected


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400),
    name=st.sampled_from(["a.txt", "a.jsonl", "a.json", "a.csv", "a.html", "a.txt.gz"]),
)
def test_any_bytes_never_crash(tmp_path: Path, data: bytes, name: str) -> None:  # fmt: skip
    path = tmp_path / name
    path.write_bytes(data)
    for item in read_path(path, SETTINGS):
        assert isinstance(item, RawArticle | Rejection)
        if isinstance(item, Rejection):
            assert item.reason and item.stage == "read"
