"""Reliability: bad input through the real CLI, `kill -9` during an ingest, and the
server answering while an ingest writes to the same SQLite store (issue 11)."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.settings import Settings
from dyadwatch.store import open_store

from .conftest import CORPORA

runner = CliRunner()
NEWSWIRE = CORPORA / "newswire" / "articles.jsonl"
ENGLISH = (
    "Secretary of State Antony Blinken met Chinese President Xi Jinping in Beijing on Monday. "
    "The two sides agreed to keep talking."
)


def day(weekday: str) -> str:
    return ENGLISH.replace("Monday", weekday)


GERMAN = (
    "Der chinesische Präsident Xi Jinping hat sich am Montag in Peking mit dem amerikanischen "
    "Außenminister Antony Blinken getroffen."
)
CHINESE = "中国国家主席习近平周一在北京会见了美国国务卿布林肯。双方同意稳定两国关系。"

# (name, content, source suffix, line, stage, what the reason says); None: stored, not rejected
BAD_FILES: list[tuple[str, bytes, str | None, str | None]] = [
    ("empty.txt", b"", "read", "file is empty"),
    ("binary.txt", bytes(range(256)) * 8, "read", "binary file"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4, "read", "binary file"),
    ("soup.txt", bytes(range(0x80, 0x100)) * 8, "read", "not text"),
    ("fake.txt.gz", b"this was never gzip", "read", "not gzip"),
    ("cut.jsonl.gz", gzip.compress(b'{"id": "g"}\n')[:10] + b"garbage" * 9, "read",
     "broken gzip"),
    ("french.txt", "Le président chinois Xi Jinping a rencontré le secrétaire d'État "
     "américain Antony Blinken à Pékin lundi. Les deux parties ont convenu de stabiliser "
     "les relations.".encode(), "clean", "not in English (it reads as French"),
    ("chinese.txt", CHINESE.encode(), "clean", "not in English"),
    ("tooDeep.html", b"<html><body>" + b"<div>" * 3000 + b"<p>Text.</p>" + b"</div>" * 3000,
     "clean", "nested over 2,048 levels"),
    ("noText.html", b"<html><head><script>var x = 1;</script></head><body></body></html>",
     "clean", "no text found"),
    # read, not rejected: a legacy encoding, UTF-16 with its BOM, broken but readable HTML
    ("cp1252.txt", "Xi met Blinken at the “Diaoyutai” guesthouse in Beijing, the café said. "
     "The talks went well.".encode("cp1252"), None, None),
    ("utf16.txt", day("Tuesday").encode("utf-16"), None, None),
    ("deep.html", b"<html><body>" + b"<div>" * 400 + day("Wednesday").encode() + b"</div>" * 400,
     None, None),
    ("broken.html", b"<html><body><p>" + day("Friday").encode() + b"</div></span><<>> <b><i>", None,
     None),
]  # fmt: skip
BAD_LINES: list[tuple[Any, str | None, str | None]] = [
    ({"id": "ok", "text": ENGLISH, "published": "2023-06-19"}, None, None),
    ("not json at all", "read", "not valid JSON"),
    ('{"id": "cut", "text": "abc', "read", "not valid JSON"),
    ([1, 2, 3], "read", "record is a JSON list"),
    ({"id": "nobody"}, "read", "no 'text' or 'html'"),
    ({"id": "num", "text": 12}, "read", "field 'text' must be a string"),
    ({"id": ["x"], "text": ENGLISH}, "read", "field 'id' must be a string or an integer"),
    ({"id": "feb30", "text": ENGLISH, "published": "2023-02-30"}, "read", "not a real date"),
    ({"id": "d12", "text": ENGLISH, "published": 12}, "read", "field 'published' must be"),
    ({"id": "blank", "text": "\u200b\u2060 \u00ad"}, "clean", "no article text"),
    ({"id": "de", "text": GERMAN}, "clean", "German"),
    # over spaCy's 1,000,000 characters: this used to fail the whole batch, and the run
    ({"id": "huge", "text": day("Sunday") * 8000}, "clean", "over the limit of 200,000"),
]  # fmt: skip


def _write_batch(folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    for name, data, _, _ in BAD_FILES:
        (folder / name).write_bytes(data)
    lines = [item if isinstance(item, str) else json.dumps(item) for item, _, _ in BAD_LINES]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    big = folder / "big.txt"  # sparse: the size is checked before a byte is read
    with big.open("wb") as handle:
        handle.truncate(Settings().max_file_bytes + 1)
    return folder, big


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str, Path]:
    root = tmp_path_factory.mktemp("bad")
    folder, big = _write_batch(root / "in")
    db = str(root / "bad.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1", "--quiet"])
    return result, db, folder


def _expected_rejections(folder: Path) -> list[tuple[str, int | None, str, str]]:
    """(source, line, stage, what the reason says) of every input that must be rejected."""
    feed = str(folder / "feed.jsonl")
    expected: list[tuple[str, int | None, str, str]]
    expected = [(str(folder / name), None, stage, why) for name, _, stage, why in BAD_FILES
                if stage and why]  # fmt: skip
    expected.append((str(folder / "big.txt"), None, "read", "over the limit of 20000000"))
    for number, (_, stage, why) in enumerate(BAD_LINES, start=1):
        if stage == "read" and why:
            expected.append((feed, number, stage, why))
        elif stage and why:  # after the read stage the line is part of the source
            expected.append((f"{feed}:{number}", None, stage, why))
    return expected


def test_bad_inputs_are_rejected_one_by_one_and_the_rest_is_stored(
    bad_batch: tuple[Any, str, Path],
) -> None:
    result, db, folder = bad_batch
    assert result.exit_code == 3, result.output
    store = open_store(db)
    rows = store.rejections()
    expected = _expected_rejections(folder)
    for source, line, stage, why in expected:
        found = [r for r in rows if (r["source"], r["line"]) == (source, line)]
        assert [r["stage"] for r in found] == [stage], (source, line, found)
        assert why in found[0]["reason"], found[0]["reason"]
    assert len(rows) == len(expected)
    output = " ".join(result.output.split())  # rich wraps long lines at 80 columns
    for source, line, stage, _ in expected:
        where = source + (f":{line}" if line else "")
        assert f"rejected {where} ({stage}): " in output, where
    assert f"{len(rows)} rejected" in output
    stored = {a["id"]: a["text"] for a in store.iter_articles(("id", "text"))}
    assert set(stored) == {"cp1252", "utf16", "deep", "broken", "ok"}
    assert "“Diaoyutai”" in stored["cp1252"] and "café" in stored["cp1252"]
    assert (stored["ok"], stored["utf16"], stored["deep"]) == (
        ENGLISH,
        day("Tuesday"),
        day("Wednesday"),
    )
    assert day("Friday") in stored["broken"]


def test_rejections_command_lists_every_rejection(bad_batch: tuple[Any, str, Path]) -> None:
    _, db, folder = bad_batch
    result = runner.invoke(app, ["rejections", "--db", db])
    assert result.exit_code == 0
    rows = open_store(db).rejections()
    assert f"{len(rows)} rejections" in result.output
    text = " ".join(result.output.split())
    for row in rows:
        where = row["source"] + (f":{row['line']}" if row["line"] else "")
        assert f"{where} ({row['stage']}) {' '.join(row['reason'].split())}" in text


def test_each_rejection_is_one_line(tmp_path: Path) -> None:
    feed = tmp_path / ("a-long-folder-name-as-crawlers-make-them" * 2) / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text('{"id": 1}\nnot json\n{"id": "x", "text": "Hi.", "published": "2023-13-01"}\n')
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-m", "dyadwatch", "ingest", str(feed), "--db", str(tmp_path / "o.db"),
         "--workers", "1", "--quiet"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert [line.split(" (")[0] for line in lines[:3]] == [
        f"rejected {feed}:{n}" for n in (1, 2, 3)
    ]
    assert len(lines) == 4 and lines[3].startswith("3 articles read")


# -- kill -9 during an ingest, then the same ingest again ------------------------------------


def _articles(n: int) -> list[dict[str, Any]]:
    """Short newswire stories with distinct texts, or generated ones without ../shared."""
    if NEWSWIRE.exists():
        out, seen = [], set()
        with NEWSWIRE.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if 200 < len(record["text"]) < 800 and record["text"] not in seen:
                    seen.add(record["text"])
                    out.append({k: record[k] for k in ("id", "text", "published", "outlet")})
                    if len(out) == n:
                        return out
    return [
        {"id": f"gen-{i}", "published": f"2023-{i % 12 + 1:02d}-{i % 27 + 1:02d}",
         "text": f"Officials from country {i} met Chinese Foreign Minister Wang Yi in Beijing "
                 f"on Monday. They discussed trade item {i} and agreed to meet again."}
        for i in range(n)
    ]  # fmt: skip


def _ingest_cmd(feed: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "dyadwatch", "ingest", str(feed), "--db", str(db),
            "--workers", "1", "--batch-size", "4", "--quiet"]  # fmt: skip


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:  # not created yet, or being migrated
        return 0


def test_kill_9_during_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    articles = _articles(60)
    feed, db = tmp_path / "feed.jsonl", tmp_path / "kill.db"
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    proc = subprocess.Popen(_ingest_cmd(feed, db), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while _count(db, "articles") < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    killed_at = _count(db, "articles")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 8 <= killed_at < len(articles)

    rerun = subprocess.run(_ingest_cmd(feed, db), capture_output=True, text=True, timeout=300)
    assert rerun.returncode in (0, 3), rerun.stderr
    store = open_store(str(db))
    rejected = {r["source"] for r in store.rejections()}
    stored = {a["id"]: a for a in store.iter_articles(("id", "content_hash", "source"))}
    for number, article in enumerate(articles, start=1):  # nothing lost
        assert article["id"] in stored or f"{feed}:{number}" in rejected, article["id"]
    hashes = [a["content_hash"] for a in stored.values()]
    assert len(hashes) == len(set(hashes)) == store.count("articles")  # nothing duplicated
    assert all("~" not in key for key in stored)  # no article stored again under a new id
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        unlinked = conn.execute(
            "SELECT count(*) FROM event_mentions m LEFT JOIN events e ON e.id = m.event_id "
            "WHERE e.id IS NULL"
        ).fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM event_mentions WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    assert unlinked == 0 and orphans == 0
    assert store.count("event_mentions") > 0
    runs = store.runs()
    assert [r["status"] for r in runs] == ["running", "done"]  # the killed run is not 'done'


# -- the server answers while an ingest writes ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()[:300]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    db = tmp_path / "served.db"
    open_store(str(db)).engine.dispose()  # created before two processes open it
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dyadwatch", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(base + "/api/health")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield base, db
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_server_answers_while_an_ingest_writes(served: tuple[str, Path], tmp_path: Path) -> None:
    base, db = served
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in _articles(10)), encoding="utf-8")
    ingest = subprocess.Popen(_ingest_cmd(feed, db), stderr=subprocess.PIPE)
    statuses: list[tuple[str, int]] = []
    seen_articles: list[int] = []
    urls = ["/api/health", "/api/events?limit=5", "/api/events?q=China&order=desc",
            "/api/stories", "/api/actors"]  # fmt: skip
    while ingest.poll() is None:
        for url in urls:
            status, body = _get(base + url)
            statuses.append((url, status))
            if url == "/api/health" and status == 200:
                seen_articles.append(body["counts"]["articles"])
    assert ingest.wait() in (0, 3)
    assert all(status == 200 for _, status in statuses), [s for s in statuses if s[1] != 200]
    assert len(statuses) >= 10
    assert seen_articles == sorted(seen_articles)  # readers never see a write go backwards
    final = _get(base + "/api/health")[1]["counts"]
    assert final["articles"] == open_store(str(db)).count("articles") > 0
    assert _get(base + "/api/events?limit=500")[1]["total"] == final["events"]
