"""The HTTP API, in-process: routes, filters, the one error shape, auth, limits, headers."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dyadwatch import store_queries as sq
from dyadwatch.api import create_app
from dyadwatch.fuse import fuse_mentions
from dyadwatch.models import Actor, ActorMention, Article, EventMention
from dyadwatch.store import Store, open_store
from dyadwatch.web import Span, highlight

USA = Actor("USA", "United States", "USA", "state")
CHN = Actor("CHN", "China", "CHN", "state")
BLINKEN = Actor(
    "person:antony-blinken", "Antony Blinken", "USA", "person", "GOV", "Secretary of State"
)
BIDEN = Actor("person:joe-biden", "Joe Biden", "USA", "person", "GOV", "President")
XI = Actor("person:xi-jinping", "Xi Jinping", "CHN", "person", "GOV", "President")

BEIJING = (
    "Secretary of State Antony Blinken met Chinese President Xi Jinping in Beijing on "
    "Monday. The two sides agreed to stabilise relations.\n\nWashington imposed new export "
    "controls on Chinese chip makers last week, a move Beijing condemned."
)
PLANNED = "President Joe Biden will meet Xi Jinping in San Francisco in November, officials said."
HELD = (
    "Biden and Xi met in San Francisco on Wednesday <b>and</b> agreed to resume "
    "military-to-military communication."
)


def _side(text: str, sentence_at: int, name: str, actor: Actor) -> ActorMention:
    start = text.index(name, sentence_at)
    return ActorMention(start, start + len(name), name, "PERSON", actor)


def _event(
    text: str,
    sentence: str,
    trigger: str,
    event: str,
    actor: tuple[str, Actor],
    recipient: tuple[str, Actor],
    date: str,
    status: str = "occurred",
) -> EventMention:
    at = text.index(sentence)
    trig = text.index(trigger, at)
    return EventMention(
        event=event,
        actors=[_side(text, at, *actor)],
        recipients=[_side(text, at, *recipient)],
        trigger=trigger,
        trigger_start=trig,
        trigger_end=trig + len(trigger),
        sentence=sentence,
        sent_start=at,
        sent_end=at + len(sentence),
        status=status,
        date=date,
        date_precision="day" if len(date) == 10 else "month",
        date_source="timex",
        quad_code={"CONSULT": 1, "SANCTION": 4, "AGREE": 1}[event],
        event_scale={"CONSULT": 1.0, "SANCTION": -5.0, "AGREE": 3.0}[event],
    )


def _save(store: Store, art: Article, events: list[EventMention], story: str | None = None) -> None:
    store.save_article(
        art, [], [], events, None, fingerprint=(story or art.id).ljust(40, "0"), story_id=story
    )


def build_demo_store(path: str) -> Store:
    """A store shaped like the seed articles: a visit, sanctions, a summit planned then held."""
    store = open_store(path)
    s1 = BEIJING.split(" The two")[0]
    s2 = BEIJING[BEIJING.index("Washington") :]
    beijing = [
        _event(
            BEIJING,
            s1,
            "met",
            "CONSULT",
            ("Antony Blinken", BLINKEN),
            ("Xi Jinping", XI),
            "2023-06-19",
        ),
        _event(
            BEIJING, s2, "imposed", "SANCTION", ("Washington", USA), ("Chinese", CHN), "2023-06-12"
        ),
    ]
    for i, outlet in enumerate(["Reuters", "Wire copy"]):
        art = Article(
            id=f"beijing-{i}",
            source=f"b{i}.txt",
            text=BEIJING + ("\n\nThe talks lasted five and a half hours." if i else ""),
            published="2023-06-19",
            outlet=outlet,
            title="Blinken meets Xi in Beijing",
            date_source="metadata",
            content_hash=f"{i}" * 64,
        )
        _save(store, art, beijing, story="story-beijing")
    art = Article(
        id="planned",
        source="p.txt",
        text=PLANNED,
        published="2023-10-05",
        outlet="AP",
        title="Biden to meet Xi",
        content_hash="p" * 64,
    )
    _save(
        store,
        art,
        [
            _event(
                PLANNED,
                PLANNED,
                "meet",
                "CONSULT",
                ("Joe Biden", BIDEN),
                ("Xi Jinping", XI),
                "2023-11-15",
                "planned",
            )
        ],
    )
    art = Article(
        id="held",
        source="h.txt",
        text=HELD,
        published="2023-11-16",
        outlet="AFP",
        title="Biden and Xi meet in San Francisco",
        content_hash="h" * 64,
    )
    _save(
        store,
        art,
        [
            _event(HELD, HELD, "met", "CONSULT", ("Biden", BIDEN), ("Xi", XI), "2023-11-15"),
            _event(HELD, HELD, "agreed", "AGREE", ("Biden", BIDEN), ("Xi", XI), "2023-11"),
        ],
    )
    fused, links = fuse_mentions(store.event_mentions(), store.articles_meta())
    store.replace_events(fused, links)
    return store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "api.db")
    build_demo_store(path).engine.dispose()
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def ids(response: Any) -> list[str]:
    return [e["event"] + ":" + (e["date"] or "") for e in response.json()["items"]]


def assert_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"] and set(body["error"]) == {"status", "message", "detail"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return dict(body["error"])


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["counts"]["articles"] == 4 and body["counts"]["events"] == 4


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["SANCTION:2023-06-12", "CONSULT:2023-06-19", "AGREE:2023-11", "CONSULT:2023-11-15"]),
        ("type=sanction", ["SANCTION:2023-06-12"]),
        ("dyad=CHN-USA&type=CONSULT", ["CONSULT:2023-06-19", "CONSULT:2023-11-15"]),
        ("status=planned", []),  # the summit was planned, then held: the latest report decides
        ("since=2023-11&until=2023-11", ["AGREE:2023-11", "CONSULT:2023-11-15"]),
        ("until=2023-06-15", ["SANCTION:2023-06-12"]),
        ("actor=person:antony-blinken", ["CONSULT:2023-06-19"]),
        ("actor=biden", ["AGREE:2023-11", "CONSULT:2023-11-15"]),
        ("actor=USA&type=AGREE", ["AGREE:2023-11"]),
        ("q=chip makers", ["SANCTION:2023-06-12"]),
        ("q=SAN FRANCISCO", ["AGREE:2023-11", "CONSULT:2023-11-15"]),
        ("q=status", []),  # JSON keys are not text
        ("q=100%", []),  # LIKE wildcards are escaped
        ("order=desc&limit=2", ["CONSULT:2023-11-15", "AGREE:2023-11"]),
        ("limit=1&offset=1", ["CONSULT:2023-06-19"]),
        (
            "dyad=&actor=&type=&status=&since=&until=&q=",
            ["SANCTION:2023-06-12", "CONSULT:2023-06-19", "AGREE:2023-11", "CONSULT:2023-11-15"],
        ),
    ],
)
def test_event_filters(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get("/api/events?" + query)
    assert response.status_code == 200, response.text
    assert ids(response) == expected
    if "limit" not in query:
        assert response.json()["total"] == len(expected)


def test_total_counts_every_match_not_the_page(client: TestClient) -> None:
    body = client.get("/api/events?limit=1").json()
    assert body["total"] == 4 and len(body["items"]) == 1 and body["limit"] == 1


def test_event_detail_has_every_mention_with_article_and_offsets(client: TestClient) -> None:
    [event] = client.get("/api/events?type=SANCTION").json()["items"]
    body = client.get(f"/api/events/{event['id']}").json()
    assert body["event"]["id"] == event["id"]
    assert {s["article"]["id"] for s in body["sources"]} == {"beijing-0", "beijing-1"}
    for source in body["sources"]:
        assert source["article"]["title"] == "Blinken meets Xi in Beijing"
        assert source["article"]["published"] == "2023-06-19" and source["article"]["outlet"]
        text = client.get(f"/api/articles/{source['article']['id']}").json()["text"]
        ev = source["evidence"]
        assert text[ev["start"] : ev["end"]] == source["sentence"]
        assert text[ev["trigger_start"] : ev["trigger_end"]] == "imposed"


def test_article_lists_its_event_offsets(client: TestClient) -> None:
    body = client.get("/api/articles/held").json()
    assert body["outlet"] == "AFP" and len(body["events"]) == 2
    assert all(body["text"][m["start"] : m["end"]] == HELD for m in body["events"])


def test_actors_and_actor_profile(client: TestClient) -> None:
    actors = client.get("/api/actors").json()
    by_id = {a["id"]: a for a in actors["items"]}
    assert by_id["person:xi-jinping"]["events"] == 3  # Beijing visit, summit, agreement
    profile = client.get("/api/actors/person:xi-jinping").json()
    assert profile["actor"]["offices"][0]["office"] == "President"
    assert {c["id"] for c in profile["counterparts"]} == {
        "person:joe-biden",
        "person:antony-blinken",
    }
    assert len(profile["events"]) == 3
    assert client.get("/api/actors/USA").json()["actor"]["as_actor"] == 1


def test_stories_group_copies(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    assert stories["total"] == 3 and len(stories["items"][0]["articles"]) == 2
    story = client.get("/api/stories/story-beijing").json()
    assert [a["outlet"] for a in story["articles"]] == ["Reuters", "Wire copy"]
    assert story["articles"][0]["text"] == BEIJING


def test_dyad_report_or_clear_unavailable(client: TestClient) -> None:
    response = client.get("/api/dyads/USA-CHN?by=month")
    if response.status_code == 503:  # no relations module in this build
        assert "relations are not available" in assert_error(response, 503)["message"]
        return
    assert response.status_code == 200, response.text
    report = response.json()
    assert {"index", "channels", "issues"} <= set(report)
    months = [row["period"] for row in report["index"]["USA-CHN"]["series"]]
    assert months == sorted(months) and "2023-06" in months


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("GET", "/api/events/nope", 404),
        ("GET", "/api/articles/nope", 404),
        ("GET", "/api/actors/nobody", 404),
        ("GET", "/api/stories/nope", 404),
        ("GET", "/api/no-such-route", 404),
        ("DELETE", "/api/events", 405),
        ("GET", "/api/events?type=HUG", 422),
        ("GET", "/api/events?status=rumoured", 422),
        ("GET", "/api/events?since=June", 422),
        ("GET", "/api/events?until=2023-6", 422),
        ("GET", "/api/events?limit=0", 422),
        ("GET", "/api/events?limit=501", 422),
        ("GET", "/api/events?dyad=USA", 422),
        ("GET", "/api/dyads/USA?by=month", 422),
        ("GET", "/api/dyads/USA-CHN?by=fortnight", 422),
        ("POST", "/api/articles", 403),
    ],
)
def test_every_error_has_one_shape(client: TestClient, method: str, url: str, status: int) -> None:
    assert_error(client.request(method, url), status)


def test_validation_errors_say_where(client: TestClient) -> None:
    error = assert_error(client.get("/api/events?since=June"), 422)
    assert "since" in error["message"] and error["detail"][0]["loc"] == ["query", "since"]


def test_unexpected_failure_is_a_500_in_the_same_shape(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(store: Store) -> dict[str, int]:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(sq, "summary", broken)
    error = assert_error(client.get("/api/health"), 500)
    assert "secret" not in error["message"]


# -- adding articles -------------------------------------------------------------------------

ARTICLE = {"id": "posted-1", "text": "Blinken met Wang Yi in Malta.", "published": "2024-01-27"}


@pytest.fixture
def token_client(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client whose app has a token, with `pipeline.ingest` replaced by a recorder."""
    calls: list[list[dict[str, Any]]] = []

    def fake_ingest(paths: list[str], store: Store, settings: Any) -> Any:
        lines = Path(paths[0]).read_text("utf-8").splitlines()
        calls.append([json.loads(line) for line in lines])
        return types.SimpleNamespace(run_id=7, rejections=[], counts=lambda: {"new": len(lines)})

    monkeypatch.setitem(
        sys.modules, "dyadwatch.pipeline", types.SimpleNamespace(ingest=fake_ingest)
    )
    with TestClient(create_app(db, token="s3cret", max_body_bytes=4000)) as c:
        c.calls = calls  # type: ignore[attr-defined]
        yield c


def test_posting_is_off_without_a_token(client: TestClient) -> None:
    error = assert_error(client.post("/api/articles", json=ARTICLE), 403)
    assert "--token" in error["message"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic s3cret", "Bearer s3cret2"])
def test_posting_needs_the_right_token(token_client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = token_client.post("/api/articles", json=ARTICLE, headers=headers)
    assert_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_posted_articles_are_ingested_from_a_jsonl_file(token_client: TestClient) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    response = token_client.post(
        "/api/articles", json=[ARTICLE, {**ARTICLE, "id": "p2"}], headers=auth
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"run_id": 7, "counts": {"new": 2}, "rejections": []}
    [posted] = token_client.calls  # type: ignore[attr-defined]
    assert posted[0] == ARTICLE and posted[1]["id"] == "p2"


@pytest.mark.parametrize(
    "body", [{"id": "x"}, {"text": "no id"}, [], {"id": "x", "text": "t", "published": "June 3"}]
)
def test_posted_articles_are_validated(token_client: TestClient, body: Any) -> None:
    response = token_client.post(
        "/api/articles", json=body, headers={"Authorization": "Bearer s3cret"}
    )
    assert_error(response, 422)


def test_body_size_is_limited_declared_or_streamed(token_client: TestClient) -> None:
    big = {**ARTICLE, "text": "x" * 5000}
    auth = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
    assert_error(token_client.post("/api/articles", json=big, headers=auth), 413)
    chunks = iter([json.dumps(big).encode()[i : i + 1000] for i in range(0, 5100, 1000)])
    assert_error(token_client.post("/api/articles", content=chunks, headers=auth), 413)
    assert token_client.calls == []  # type: ignore[attr-defined]


# -- headers, docs, pages ------------------------------------------------------------------------


def test_security_headers_and_no_cors(client: TestClient) -> None:
    for url in ("/", "/api/health"):
        headers = client.get(url, headers={"Origin": "https://evil.example"}).headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"]
        assert "access-control-allow-origin" not in headers
    preflight = client.options(
        "/api/events",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_openapi_and_local_docs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/dyads/{pair}", "/api/articles"} <= set(
        paths
    )
    docs = client.get("/docs").text
    assert "http://" not in docs and "https://" not in docs and "<script>" not in docs
    if "/static/swagger/swagger-ui-bundle.js" in docs:
        assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def page_urls(client: TestClient) -> list[str]:
    event = client.get("/api/events?type=CONSULT&limit=1").json()["items"][0]["id"]
    return [
        "/",
        "/?dyad=USA-CHN&type=CONSULT&q=Beijing",
        f"/events/{event}",
        f"/articles/beijing-0?event={event}",
        "/actors",
        "/actors?q=xi",
        "/actors/person:xi-jinping",
        "/dyads",
        "/dyads/USA-CHN",
        "/stories",
        "/stories/story-beijing",
        "/search?q=San Francisco",
        "/search",
        "/docs",
    ]


def test_every_page_renders(client: TestClient) -> None:
    for url in page_urls(client):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:500])
        assert response.headers["content-type"].startswith("text/html")
        assert "https://" not in response.text.replace('rel="noreferrer', "")


def test_pages_answer_errors_with_a_page_for_browsers(client: TestClient) -> None:
    response = client.get("/events/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404 and "no event" in response.text and "<html" in response.text
    assert_error(client.get("/events/nope"), 404)  # a script asking for JSON gets JSON


def test_story_page_marks_what_differs_between_copies(client: TestClient) -> None:
    html = client.get("/stories/story-beijing").text
    assert html.count('<mark class="diff"') == 2  # the legend, and the copy's extra sentence
    assert '<mark class="diff" title="not in every copy">The talks lasted' in html


def test_highlight_escapes_and_marks_offsets() -> None:
    text = "A <b> met B. Then C."
    html = highlight(text, [Span(0, 12, "ev", "m-1", "/events/e1"), Span(6, 9, "trig")])
    assert html == (
        '<span class="anchor" id="m-1"></span><a href="/events/e1"><mark class="ev">'
        'A &lt;b&gt; <b class="trig">met</b> B.</mark></a> Then C.'
    )
    nested = highlight("abcdef", [Span(0, 4, "ev"), Span(2, 6, "trig"), Span(5, 9, "ev")])
    assert nested == '<mark class="ev">ab<b class="trig">cd</b></mark>ef'  # cut, and past the end


@pytest.mark.slow
def test_a_posted_article_goes_through_the_real_pipeline(tmp_path: Path) -> None:
    try:
        import dyadwatch.pipeline  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the pipeline is not importable yet: {exc}")
    article = {
        "id": "malta",
        "published": "2024-01-28",
        "outlet": "Wire",
        "text": "National Security Adviser Jake Sullivan met Chinese Foreign Minister Wang Yi "
        "in Bangkok on Friday, the White House said.",
    }
    auth = {"Authorization": "Bearer t0ken"}
    with TestClient(create_app(str(tmp_path / "post.db"), token="t0ken")) as c:
        response = c.post("/api/articles", json=article, headers=auth)
        assert response.status_code == 200, response.text
        assert response.json()["counts"]["new"] == 1
        assert c.get("/api/articles/malta").json()["outlet"] == "Wire"
        again = c.post("/api/articles", json=article, headers=auth).json()
        assert again["counts"]["new"] == 0 and again["counts"]["skipped"] == 1  # idempotent
