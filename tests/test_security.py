"""API security (issue 11): read-only without a token, the token check, body limits,
SQL injection in every filter, path traversal, CORS off, security headers, local bind."""

from __future__ import annotations

import inspect
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyadwatch import api
from dyadwatch.api import create_app

from .test_api import assert_error, build_demo_store

INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "1; DELETE FROM articles",
    "' UNION SELECT record FROM events --",
    "%",
    "_",
    "\\",
    "USA' --",
    "CHN-USA' OR 1=1",
    "%' OR 'x' LIKE '%",
    "\x00",
    "<script>alert(1)</script>",
    "é' OR ''='",
]
EVENT_PARAMS = ["actor", "dyad", "type", "status", "since", "until", "q", "limit", "offset",
                "order"]  # fmt: skip
LIST_PAGES = {  # every list endpoint and page, with the parameters it reads
    "/api/events": EVENT_PARAMS,
    "/api/actors": ["limit", "offset"],
    "/api/stories": ["limit", "offset"],
    "/": [*EVENT_PARAMS, "p"],
    "/search": ["q"],
    "/actors": ["q"],
    "/stories": ["p"],
    "/dyads": ["pair"],
}
DETAIL_PATHS = ["/api/events/", "/api/articles/", "/api/actors/", "/api/stories/", "/api/dyads/",
                "/events/", "/articles/", "/actors/", "/stories/", "/dyads/"]  # fmt: skip
ALL_EVENTS = 4  # in build_demo_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("security") / "sec.db")
    build_demo_store(path).engine.dispose()
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def _tables(db: str) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


# -- read-only unless a token is configured, and the token check ------------------------------


def test_nothing_writes_without_a_token(client: TestClient) -> None:
    for route in client.app.routes:  # type: ignore[attr-defined]
        path = getattr(route, "path", "")
        if not path or "{" in path and not path.startswith("/api"):
            continue
        url = path.replace("{event_id}", "x").replace("{article_id:path}", "x")
        url = url.replace("{actor_id:path}", "x").replace("{story_id}", "x")
        url = url.replace("{pair}", "USA-CHN").replace("{path:path}", "x")
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = client.request(method, url, json={"id": "x", "text": "Xi met Biden."})
            assert response.status_code in (403, 404, 405), (method, url, response.status_code)
            if url.startswith("/api/"):
                assert_error(response, response.status_code)


def test_the_token_is_compared_in_constant_time(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = api.hmac.compare_digest

    def recording(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(api.hmac, "compare_digest", recording)
    with TestClient(create_app(db, token="s3cret"), raise_server_exceptions=False) as c:
        for header in (None, "Bearer", "Bearer wrong", "Bearer s3cre", "Bearer s3cret2",
                       "Basic s3cret", "bearer S3CRET", "Bearer é"):  # fmt: skip
            headers = {b"Authorization": header.encode()} if header is not None else {}
            response = c.post("/api/articles", json={"id": "x", "text": "t"}, headers=headers)
            error = assert_error(response, 401)
            assert "s3cret" not in error["message"]
            assert response.headers["www-authenticate"] == "Bearer"
    assert compared and all(b == b"s3cret" for _, b in compared)
    assert (b"wrong", b"s3cret") in compared


def test_a_token_given_to_a_server_without_one_opens_nothing(client: TestClient) -> None:
    response = client.post("/api/articles", json={"id": "x", "text": "t"},
                           headers={"Authorization": "Bearer anything"})  # fmt: skip
    assert "--token" in assert_error(response, 403)["message"]


# -- request size --------------------------------------------------------------------------


def test_over_size_bodies_are_refused_before_anything_reads_them(db: str) -> None:
    with TestClient(create_app(db, token="s3cret", max_body_bytes=1000)) as c:
        auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
        big = b'{"id": "x", "text": "' + b"x" * 2000 + b'"}'
        for url in ("/api/articles", "/api/events", "/no-such-page"):
            response = c.post(url, content=big, headers=auth)
            assert_error(response, 413)
            assert response.headers["x-content-type-options"] == "nosniff"
        chunks = iter([big[i : i + 100] for i in range(0, len(big), 100)])  # no length declared
        assert_error(c.post("/api/articles", content=chunks, headers=auth), 413)
        # no token at all: still refused on size first, nothing is parsed
        assert_error(c.post("/api/articles", content=big), 413)


# -- SQL injection ------------------------------------------------------------------------------


def test_injection_strings_in_every_filter(client: TestClient, db: str) -> None:
    before = _tables(db)
    event_ids = {e["id"] for e in client.get("/api/events?limit=500").json()["items"]}
    assert len(event_ids) == ALL_EVENTS
    for url, params in LIST_PAGES.items():
        for name in params:
            for value in INJECTIONS:
                response = client.get(url, params={name: value})
                assert response.status_code in (200, 422), (url, name, value, response.text)
                if url == "/api/events" and response.status_code == 200:
                    body = response.json()
                    assert body["total"] in (0, ALL_EVENTS), (name, value, body["total"])
                    assert {e["id"] for e in body["items"]} <= event_ids
                if response.headers["content-type"].startswith("text/html"):
                    assert "<script>alert(1)" not in response.text
    # LIKE wildcards are literal: no stored event contains "%" or "_"
    for wildcard in ("%", "_", "%%", "a%b"):
        assert client.get("/api/events", params={"q": wildcard}).json()["total"] == 0
        assert client.get("/api/events", params={"actor": wildcard}).json()["total"] == 0
    assert _tables(db) == before


def test_injection_strings_in_every_path_parameter(client: TestClient, db: str) -> None:
    before = _tables(db)
    for path in DETAIL_PATHS:
        for value in [*INJECTIONS, "../../etc/passwd", "..%2f..%2fetc%2fpasswd"]:
            response = client.get(path + quote(value, safe=""))
            assert response.status_code in (200, 404, 422), (path, value, response.status_code)
            if response.status_code == 200:  # /dyads/A-B answers any two codes, with no events
                assert path.endswith("dyads/"), (path, value)
                assert "root:" not in response.text
                if path.startswith("/api/"):
                    assert response.json()["events"] == 0
            if path.startswith("/api/") and response.status_code != 200:
                assert_error(response, response.status_code)
    assert _tables(db) == before


def test_dyad_report_does_not_give_away_the_store_location(client: TestClient, db: str) -> None:
    response = client.get("/api/dyads/USA-CHN")
    if response.status_code == 503:
        pytest.skip("no relations module in this build")
    assert db not in response.text and "sec.db" not in response.text


# -- path traversal, against a real server (clients tidy "../" away) ---------------------------


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[int]:
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield port
    instance.should_exit = True
    thread.join(timeout=10)


def _raw_get(port: int, target: str) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 400
    return status, data


@pytest.mark.parametrize(
    "target",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/swagger/../../../../../etc/passwd",
        "/static/swagger/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "/static/..\\..\\..\\..\\etc\\passwd",
        "/static/%2e%2e%5c%2e%2e%5c%2e%2e%5cetc%5cpasswd",
        "/static/../api.py",
        "/static/%2e%2e/%2e%2e/api.py",
        "/api/articles/..%2f..%2f..%2fetc%2fpasswd",
        "/articles/../../../../etc/passwd",
        "/../../../../etc/passwd",
    ],
)
def test_no_path_traversal(server: int, target: str) -> None:
    status, data = _raw_get(server, target)
    assert status in (400, 404), (target, data[:300])
    assert b"root:" not in data and b"def create_app" not in data


def test_static_files_are_still_served(server: int) -> None:
    status, data = _raw_get(server, "/static/style.css")
    if status == 404:
        pytest.skip("no style.css in this build")
    assert status == 200 and b"text/css" in data


# -- CORS and security headers ---------------------------------------------------------------


def test_no_cors_anywhere(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    for url in ("/", "/api/events", "/api/health", "/api/events/nope", "/no-such-page"):
        assert "access-control-allow-origin" not in client.get(url, headers=origin).headers
    preflight = client.options("/api/articles", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"})  # fmt: skip
    assert not any(h.startswith("access-control-") for h in preflight.headers)


def test_security_headers_on_every_html_page(client: TestClient) -> None:
    event_id = client.get("/api/events").json()["items"][0]["id"]
    html = {"Accept": "text/html"}
    urls = ["/", "/actors", "/stories", "/dyads", "/search?q=Xi", "/docs",
            f"/events/{event_id}", "/articles/held", "/dyads/USA-CHN", "/no-such-page",
            "/events/<script>"]  # fmt: skip
    for url in urls:
        response = client.get(url, headers=html)
        assert response.headers["content-type"].startswith("text/html"), url
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp.split("script-src")[-1] or "script-src" not in csp
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["x-frame-options"] == "DENY", url
        assert headers["referrer-policy"], url
        assert "<script>alert" not in response.text and "/events/<script>" not in response.text


# -- binds 127.0.0.1 unless told otherwise -----------------------------------------------------


def test_serve_binds_localhost_by_default(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    assert inspect.signature(api.serve).parameters["host"].default == "127.0.0.1"
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    from dyadwatch.cli import app as cli_app

    monkeypatch.delenv("DYADWATCH_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1"
    result = CliRunner().invoke(cli_app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert calls[-1]["host"] == "0.0.0.0"
