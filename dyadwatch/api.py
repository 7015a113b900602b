"""The HTTP API and the app factory: `create_app(db)` serves the JSON API and the dashboard.

Route handlers validate and call library functions (`store_queries`, `relate`,
`pipeline.ingest`); there is no logic here beyond that. Every error, whatever
raised it, leaves as one JSON shape (`error_body`), enforced by tests/test_api.py:

    {"error": {"status": 404, "message": "no event 'abc'", "detail": null}}

Adding articles (`POST /api/articles`) is off unless the app was created with a
token, and then needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
import json
import logging
import tempfile
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyadwatch import __version__
from dyadwatch import store_queries as sq
from dyadwatch.errors import DyadwatchError, InputError, StoreError
from dyadwatch.models import EVENT_TYPES, STATUSES
from dyadwatch.settings import Settings
from dyadwatch.store import Store, open_store
from dyadwatch.timeline import parse_dyad

DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: no filter (an empty form field)
MAX_BODY_BYTES = 5_000_000
MAX_POSTED_ARTICLES = 100
log = logging.getLogger("dyadwatch.api")


class ErrorInfo(BaseModel):
    status: int
    message: str
    detail: Any = None


class ErrorOut(BaseModel):
    """The one shape of every error response."""

    error: ErrorInfo


def error_docs(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorOut, "description": HTTPStatus(code).phrase} for code in codes}


router = APIRouter(prefix="/api", tags=["api"], responses=error_docs(404, 422, 500))
bearer = HTTPBearer(auto_error=False, description="the token given to `dyadwatch serve`")


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
DateQ = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]")]


def cached(request: Request, name: str, compute: Any) -> Any:
    """A per-app cache of whole-store aggregates, dropped whenever the store changes."""
    store = get_store(request)
    version = sq.data_version(store)
    cache: dict[str, tuple[Any, Any]] = request.app.state.cache
    if name not in cache or cache[name][0] != version:
        cache[name] = (version, compute(store))
    return cache[name][1]


def event_filter(
    actor: Annotated[str | None, Query(max_length=200, description="code, id or name")] = None,
    dyad: Annotated[str | None, Query(max_length=40, description="two codes: USA-CHN")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type")] = None,  # noqa: A002
    status: Annotated[str | None, Query(description="occurred|planned|...")] = None,
    since: DateQ = None,
    until: DateQ = None,
    q: Annotated[str | None, Query(max_length=200, description="text search")] = None,
) -> sq.EventFilter:
    """Validate the event filters shared by the API and the timeline page."""
    if type and type.upper() not in EVENT_TYPES:
        raise InputError(
            f"type '{type}' is not a PLOVER event type: use one of " + ", ".join(EVENT_TYPES)
        )
    if status and status.lower() not in STATUSES:
        raise InputError(f"status '{status}' is unknown: use one of " + ", ".join(STATUSES))
    return sq.EventFilter(
        actor=(actor or "").strip() or None,
        dyad=parse_dyad(dyad or None),
        event_type=type or None,
        status=status or None,
        since=since or None,
        until=until or None,
        q=(q or "").strip() or None,
    )


FilterDep = Annotated[sq.EventFilter, Depends(event_filter)]


@router.get("/health", summary="Is the service up, and what does the store hold?")
def health(store: StoreDep) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "schema_version": store.schema_version(),
        "counts": sq.summary(store),
    }


@router.get("/events", summary="Fused events, filtered and paginated (oldest first)")
def list_events(
    store: StoreDep,
    f: FilterDep,
    limit: Limit = 50,
    offset: Offset = 0,
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
) -> Response:
    page = sq.events_page(store, f, limit, offset, newest_first=order == "desc")
    # The records are plain JSON from the store: skip jsonable_encoder (20 ms a page).
    return JSONResponse(
        {"total": page.total, "limit": limit, "offset": offset, "items": page.items}
    )


@router.get("/events/{event_id}", summary="One event with every mention and its article")
def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    record = sq.event_record(store, event_id)
    if record is None:
        raise HTTPException(404, f"no event '{event_id}': list events at /api/events")
    return {"event": record, "sources": sq.event_sources(store, event_id)}


@router.get("/articles/{article_id:path}", summary="One article with its text and event offsets")
def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    found = sq.article(store, article_id)
    if found is None:
        raise HTTPException(404, f"no article '{article_id}'")
    return found


@router.get("/actors", summary="Actors taking part in stored events, most active first")
def list_actors(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    actors = cached(request, "actors", sq.actor_index)
    return {
        "total": len(actors),
        "limit": limit,
        "offset": offset,
        "items": actors[offset : offset + limit],
    }


@router.get("/actors/{actor_id:path}", summary="One actor: offices, events, counterparts")
def get_actor(request: Request, actor_id: str, limit: Limit = 100) -> dict[str, Any]:
    return actor_profile(request, actor_id, limit)


def actor_profile(request: Request, actor_id: str, limit: int) -> dict[str, Any]:
    store = get_store(request)
    entry = next(
        (a for a in cached(request, "actors", sq.actor_index) if a["id"] == actor_id), None
    )
    if entry is None:
        raise HTTPException(404, f"no actor '{actor_id}' in any stored event: see /api/actors")
    events = sq.actor_events(store, actor_id, limit=limit)
    return {
        "actor": entry,
        "aliases": sq.actor_aliases(store, actor_id),
        "counterparts": sq.counterparts(events, actor_id),
        "events": events,
    }


@router.get("/stories", summary="Stories (copies of one report), largest first")
def list_stories(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    page = sq.stories_page(store, limit, offset)
    return {"total": page.total, "limit": limit, "offset": offset, "items": page.items}


@router.get("/stories/{story_id}", summary="One story with the text of each copy")
def get_story(store: StoreDep, story_id: str) -> dict[str, Any]:
    found = sq.story(store, story_id)
    if found is None:
        raise HTTPException(404, f"no story '{story_id}': list stories at /api/stories")
    return found


@router.get("/dyads/{pair}", summary="A dyad (A-B): index series, channels and issues")
def get_dyad(
    store: StoreDep,
    pair: str,
    by: Annotated[str, Query(pattern="^(week|month|quarter|year)$")] = "month",
) -> dict[str, Any]:
    a, b = parse_dyad(pair) or ("", "")
    return dyad_report(store, a, b, by)


def dyad_report(store: Store, a: str, b: str, by: str) -> dict[str, Any]:
    """The relations report of one dyad, or 503 while no relations module is installed."""
    try:
        from dyadwatch.relate import dyad_report as report  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        try:
            from dyadwatch.report import dyad_report as report
        except ImportError as exc:
            raise HTTPException(503, f"relations are not available in this build: {exc}") from exc
    result = dict(report(store, a, b, by=by))
    # The report names its store for the CLI; over HTTP that label is a server path or a
    # database URL that may hold a password, so it does not leave the server.
    result.pop("store", None)
    return result


class ArticleIn(BaseModel):
    """One article, as a line of a JSONL input file."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(min_length=1, max_length=200)
    text: str | None = None
    html: str | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}")
    outlet: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _has_body(self) -> ArticleIn:
        if not (self.text or self.html):
            raise ValueError("an article needs 'text' or 'html'")
        return self


def require_token(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    token: str | None = request.app.state.token
    if token is None:
        raise HTTPException(
            403,
            "adding articles is off: start the server with --token "
            "TOKEN and send 'Authorization: Bearer TOKEN'",
        )
    given = creds.credentials if creds else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(
            401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
        )


@router.post(
    "/articles",
    summary="Add articles (needs the server's token)",
    dependencies=[Depends(require_token)],
    responses=error_docs(401, 403, 413),
)
def post_articles(request: Request, body: ArticleIn | list[ArticleIn]) -> dict[str, Any]:
    items = body if isinstance(body, list) else [body]
    if not 1 <= len(items) <= MAX_POSTED_ARTICLES:
        raise InputError(f"post 1 to {MAX_POSTED_ARTICLES} articles at a time, not {len(items)}")
    with request.app.state.ingest_lock:  # one writer
        return ingest_articles(get_store(request), [a.model_dump() for a in items])


def ingest_articles(store: Store, articles: list[dict[str, Any]]) -> dict[str, Any]:
    """Write posted articles to a temporary JSONL file and ingest it like any input."""
    from dyadwatch.pipeline import ingest

    with tempfile.TemporaryDirectory(prefix="dyadwatch-post-") as tmp:
        path = Path(tmp) / "posted.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for item in articles:
                out.write(json.dumps({k: v for k, v in item.items() if v is not None}) + "\n")
        summary = ingest([str(path)], store, Settings(db=store.label, progress=False))
    return {
        "run_id": summary.run_id,
        "counts": summary.counts(),
        "rejections": [
            {"line": r.line, "stage": r.stage, "reason": r.reason} for r in summary.rejections
        ],
    }


# -- errors, headers, body limit ------------------------------------------------------------

CSP = (
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
HtmlErrorPage = Callable[[Request, int, str], Response]


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"error": {"status": status, "message": message, "detail": jsonable_encoder(detail)}}


def wants_html(request: Request) -> bool:
    """Dashboard pages answer errors with a page; the API (and scripts) with JSON."""
    path = request.url.path
    return not path.startswith(("/api/", "/openapi")) and "text/html" in request.headers.get(
        "accept", ""
    )


def _http_message(request: Request, exc: StarletteHTTPException) -> str:
    if exc.status_code == 404 and exc.detail == "Not Found":
        return f"nothing at {request.url.path}: the API is listed at /docs"
    if exc.status_code == 405:
        return f"{request.method} is not allowed on {request.url.path}"
    return str(exc.detail) if exc.detail else HTTPStatus(exc.status_code).phrase


def install_error_handlers(app: FastAPI, html_page: HtmlErrorPage) -> None:
    """Every error leaves as `error_body` JSON (or, for a browser on a page, an HTML page)."""

    def respond(
        request: Request,
        status: int,
        message: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if wants_html(request):
            return html_page(request, status, message)
        return JSONResponse(error_body(status, message, detail), status, headers=headers)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return respond(
            request,
            exc.status_code,
            _http_message(request, exc),
            headers=getattr(exc, "headers", None),
        )

    async def on_invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        where = ".".join(str(x) for x in first["loc"])
        return respond(request, 422, f"invalid request: {where}: {first['msg']}", errors)

    async def on_library(request: Request, exc: Exception) -> Response:
        status = 422 if isinstance(exc, InputError) else 503 if isinstance(exc, StoreError) else 500
        return respond(request, status, str(exc))

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal error: the server log has the details")

    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(DyadwatchError, on_library)
    app.add_exception_handler(Exception, on_crash)


class SecurityHeaders:
    """Adds CSP and friends to every response (no CORS headers: cross-origin reads stay off)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def message(self) -> str:
        return f"request body over {self.max_bytes} bytes: send fewer articles per request"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = JSONResponse(error_body(413, self.message()), 413)
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self.message())
            return message

        await self.app(scope, limited_receive, send)


def create_app(
    db: str,
    token: str | None = None,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The dyadwatch web app over the store at `db`: JSON API under /api, dashboard at /."""
    from dyadwatch import web

    app = FastAPI(
        title="dyadwatch",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="PLOVER events between countries, with their sources.",
    )
    app.state.store = open_store(db)
    app.state.token = token or None
    app.state.cache = {}
    app.state.ingest_lock = threading.Lock()
    install_error_handlers(app, web.render_error)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)  # outermost: the 413 above gets the headers too
    app.include_router(router)
    web.mount(app)
    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the API and dashboard with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
