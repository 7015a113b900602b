"""The dashboard in a real browser: Debian's Chromium driven by Python Playwright.

A uvicorn server runs in a thread over a small demo store; each test drives
pages as a person would and saves screenshots under artifacts/screenshots/.
Console errors fail a test: a Content-Security-Policy violation (an inline
script or style, an asset from elsewhere) shows up there first.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyadwatch.api import create_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Python playwright is not installed"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium missing: apt-get install chromium"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode: not on the path
    from test_api import build_demo_store

    db = str(tmp_path_factory.mktemp("dash") / "dash.db")
    build_demo_store(db).engine.dispose()
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


PAGES = [
    ("timeline", "/", "Timeline"),
    ("dyads", "/dyads", "Dyads"),
    ("dyad", "/dyads/USA-CHN", "USA"),
    ("actors", "/actors", "Actors"),
    ("actor", "/actors/person:xi-jinping", "Xi Jinping"),
    ("stories", "/stories", "Stories"),
    ("story", "/stories/story-beijing", "Blinken meets Xi"),
    ("search", "/search?q=San+Francisco", "Search"),
    ("docs", "/docs", "API"),
]


def test_each_page_loads(page: Any, base_url: str) -> None:
    for name, path, heading in PAGES:
        response = page.goto(base_url + path)
        assert response.status == 200, path
        assert heading in page.locator("h1").first.inner_text(), path
        if name == "dyad" and page.locator(".notice").count() == 0:  # relations installed
            assert page.locator(".chart.index svg rect").count() >= 2  # June and November
            assert page.locator("ul.board li").count() >= 1
        if name == "docs":  # Swagger UI, from local assets only, lists the routes
            page.locator(".opblock").first.wait_for(timeout=10_000)
        shot(page, name)


def test_filter_the_timeline(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("table.events tbody tr").count() == 4
    page.select_option("select[name=type]", "CONSULT")  # submits at once (app.js)
    page.wait_for_url(lambda url: "type=CONSULT" in url)
    assert page.locator("table.events tbody tr").count() == 2
    page.fill("#filters input[name=q]", "San Francisco")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(lambda url: "q=San" in url, timeout=10_000)
    assert "dyad=" not in page.url  # empty fields stay out of the URL
    assert page.locator("table.events tbody tr").count() == 1
    assert page.locator("#total").inner_text() == "1"
    shot(page, "timeline-filtered")


def test_click_from_an_event_to_its_article(page: Any, base_url: str) -> None:
    page.goto(base_url + "/?type=SANCTION")
    page.locator("table.events tbody tr td.c-date a").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("article.source").count() == 2  # the story's two copies
    evidence = page.locator("article.source").first.locator(".passage mark.focus")
    assert evidence.count() == 1 and "chip makers" in evidence.inner_text()
    assert evidence.locator("b.trig").inner_text() == "imposed"
    shot(page, "event")
    page.locator("article.source a.title").first.click()
    page.wait_for_url("**/articles/*")
    focused = page.locator(".article-text mark.ev.focus")
    assert focused.count() == 1 and "export" in focused.inner_text()
    assert page.locator(".article-text b.trig").count() == 2  # both events' triggers
    shot(page, "article")
