"""The dashboard: server-rendered pages (Jinja2) over the same library calls as the API.

Everything the browser loads comes from the package (`dyadwatch/web/static`, and
Swagger UI from the `swagger-ui-bundle` package for /docs): no CDN, works offline.
Charts are inline SVG computed here; the page script only adds conveniences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from dyadwatch import store_queries as sq
from dyadwatch.api import FilterDep, actor_profile, cached, dyad_report, get_store
from dyadwatch.models import EVENT_TYPES, STATUSES
from dyadwatch.timeline import parse_dyad

HERE = Path(__file__).parent / "web"
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)
PAGE = 50
PERIOD = "^(week|month|quarter|year)$"
Record = dict[str, Any]


def quad_of(record: Record) -> int:
    """The quad class (1 verbal coop … 4 material conflict) for colouring an event."""
    try:
        from dyadwatch.relate import quad_class
    except ImportError:
        return int(record.get("quad_code") or 0)
    try:
        return quad_class(record)
    except (KeyError, OSError, ValueError):
        return int(record.get("quad_code") or 0)


def sides(people: list[Record]) -> str:
    return ", ".join(s.get("name") or "?" for s in people) or "—"


templates.env.globals.update(
    quad_of=quad_of, sides=sides, side_key=sq.side_key, EVENT_TYPES=EVENT_TYPES, STATUSES=STATUSES
)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    store = get_store(request)
    context.setdefault("title", "dyadwatch")
    context["store_label"] = Path(store.label).name
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, message: str) -> Response:
    return page(
        request,
        "error.html",
        status=status,
        title=f"Error {status}",
        status_code=status,
        message=message,
    )


# -- text highlighting --------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css: str
    anchor: str | None = None
    href: str | None = None
    title: str | None = None


def highlight(text: str, spans: list[Span]) -> Markup:
    """The text, escaped, with spans wrapped in <mark> (or <b> for triggers), properly nested.

    A span that starts inside another and runs past its end is cut at that end;
    evidence sentences do not overlap, and triggers lie inside their sentence.
    """
    ordered = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end)
    )
    out: list[str] = []
    stack: list[Span] = []
    pos = 0

    def emit_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(escape(text[pos : top.end]) + _close(top))
            pos = top.end

    for span in ordered:
        emit_until(span.start)
        if stack and span.end > stack[-1].end:
            span = replace(span, end=stack[-1].end)
        if span.start >= span.end:
            continue
        out.append(escape(text[pos : span.start]) + _open(span))
        pos = span.start
        stack.append(span)
    emit_until(len(text))
    return Markup("".join(out) + escape(text[pos:]))


def _open(span: Span) -> str:
    html = f'<span class="anchor" id="{escape(span.anchor)}"></span>' if span.anchor else ""
    if span.href:
        html += f'<a href="{escape(span.href)}">'
    tag = "b" if span.css.startswith("trig") else "mark"
    title = f' title="{escape(span.title)}"' if span.title else ""
    return html + f'<{tag} class="{escape(span.css)}"{title}>'


def _close(span: Span) -> str:
    tag = "b" if span.css.startswith("trig") else "mark"
    return f"</{tag}>" + ("</a>" if span.href else "")


def passage(text: str, source: Record, context: int = 260) -> Markup:
    """The evidence sentence with some text either side, sentence and trigger marked."""
    ev = source["evidence"]
    lo, hi = max(0, ev["start"] - context), min(len(text), ev["end"] + context)
    spans = [Span(ev["start"] - lo, ev["end"] - lo, "ev focus")]
    if ev.get("trigger_start") is not None and ev.get("trigger_end") is not None:
        spans.append(Span(ev["trigger_start"] - lo, ev["trigger_end"] - lo, "trig"))
    body = highlight(text[lo:hi], spans)
    return Markup(("… " if lo else "") + body + (" …" if hi < len(text) else ""))


def article_spans(found: Record, focus: str | None) -> list[Span]:
    spans = []
    for m in found["events"]:
        css = "ev focus" if focus and m["event_id"] == focus else "ev"
        href = f"/events/{m['event_id']}" if m["event_id"] else None
        spans.append(
            Span(
                m["start"],
                m["end"],
                css,
                f"m-{m['mention_id']}",
                href,
                f"{m['event']} · {m['status']}",
            )
        )
        if m.get("trigger_start") is not None and m.get("trigger_end") is not None:
            spans.append(Span(m["trigger_start"], m["trigger_end"], "trig"))
    return spans


SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a cheap splitter, enough to compare copies."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _norm(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


def mark_differences(texts: list[str]) -> list[Markup]:
    """Each copy's text with the sentences that are not in every copy marked."""
    spans = [sentences(text) for text in texts]
    keys = [{_norm(text[a:b]) for a, b in found} for text, found in zip(texts, spans, strict=True)]
    common = set.intersection(*keys) if len(keys) > 1 else set()
    title = "not in every copy"
    return [
        highlight(
            text,
            [
                Span(a, b, "diff", title=title)
                for a, b in found
                if len(keys) > 1 and _norm(text[a:b]) not in common
            ],
        )
        for text, found in zip(texts, spans, strict=True)
    ]


# -- charts (inline SVG geometry) -------------------------------------------------------------


def fill_months(points: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Months with no events get a zero bar, so the axis is time, not a list of busy months."""
    if not points:
        return []
    counts = dict(points)
    year, month = int(points[0][0][:4]), int(points[0][0][5:7])
    out: list[tuple[str, int]] = []
    while (key := f"{year:04d}-{month:02d}") <= points[-1][0] and len(out) < 1200:
        out.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def bar_chart(points: list[tuple[str, int]], width: int = 1200, height: int = 74) -> Record:
    """Bars for (label, count) points, scaled into a width × height box (bars at most 40 wide)."""
    top = max((n for _, n in points), default=0) or 1
    step = min(width / max(len(points), 1), 40.0)
    bars: list[Record] = [
        {
            "x": round(i * step, 1),
            "w": round(max(step - 1.5, 1), 1),
            "h": round(n / top * (height - 16), 1),
            "label": label,
            "n": n,
        }
        for i, (label, n) in enumerate(points)
    ]
    years = [b for b in bars[1:] if str(b["label"]).endswith("-01")] if len(bars) > 24 else []
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "top": top,
        "years": years,
        "end": round(len(points) * step, 1),
    }


def index_chart(series: list[Record], by: str, width: int = 1200, height: int = 240) -> Record:
    """Bars of the PLOVER score sum per period (up: cooperation, down: conflict) and a
    line of the Goldstein sum, on one zero-centred scale, as SVG geometry."""
    if by == "month":
        known = {row["period"]: row for row in series}
        months = fill_months([(row["period"], 0) for row in series])
        series = [known.get(m, {"period": m, "events": 0}) for m, _ in months]
    values = [abs(float(r.get(k) or 0)) for r in series for k in ("plover_sum", "goldstein_sum")]
    span = max(values, default=0.0) or 1.0
    left, top, inner = 44, 12, height - 40
    zero = top + inner / 2
    step = (width - left - 8) / max(len(series), 1)

    def y(v: float) -> float:
        return round(zero - v / span * inner / 2, 1)

    bars: list[Record] = []
    for i, row in enumerate(series):
        v = float(row.get("plover_sum") or 0)
        mid, w = left + (i + 0.5) * step, min(step * 0.8, 36.0)
        bars.append({"x": round(mid - w / 2, 1), "w": round(w, 1),
                     "y": min(y(v), zero), "h": round(abs(y(v) - zero), 1),
                     "cls": "pos" if v >= 0 else "neg", "row": row,
                     "mid": round(mid, 1),
                     "gy": y(float(row.get("goldstein_sum") or 0))})  # fmt: skip
    runs: list[list[Record]] = [[]]
    for bar in bars:  # the Goldstein line breaks where a period has no events
        if bar["row"].get("events"):
            runs[-1].append(bar)
        elif runs[-1]:
            runs.append([])
    lines = [" ".join(f"{b['mid']},{b['gy']}" for b in run) for run in runs if len(run) > 1]
    ticks = bars[:: max(1, len(bars) // 8)]
    return {"width": width, "height": height, "bars": bars, "lines": lines, "ticks": ticks,
            "zero": zero, "span": round(span, 1), "top": top, "bottom": top + inner}  # fmt: skip


# -- pages --------------------------------------------------------------------------------------


def filter_args(f: sq.EventFilter) -> dict[str, str]:
    args = {
        "actor": f.actor,
        "dyad": "-".join(f.dyad) if f.dyad else None,
        "type": f.event_type,
        "status": f.status,
        "since": f.since,
        "until": f.until,
        "q": f.q,
    }
    return {k: v for k, v in args.items() if v}


@router.get("/", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    f: FilterDep,
    p: int = Query(1, ge=1),
    order: str = Query("asc", pattern="^(asc|desc)$"),
) -> Response:
    store = get_store(request)
    result = sq.events_page(store, f, PAGE, (p - 1) * PAGE, newest_first=order == "desc")
    months = bar_chart(fill_months(sq.month_counts(store, f)))
    pages = max(1, -(-result.total // PAGE))
    return page(
        request,
        "timeline.html",
        title="Timeline",
        events=result.items,
        f=f,
        total=result.total,
        p=p,
        pages=pages,
        order=order,
        months=months,
        args=filter_args(f),
        dyads=cached(request, "dyads", sq.dyad_counts),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    store = get_store(request)
    record = sq.event_record(store, event_id)
    if record is None:
        raise HTTPException(404, f"no event '{event_id}'")
    sources = sq.event_sources(store, event_id)
    for source in sources:
        found = sq.article(store, source["article"]["id"]) or {"text": ""}
        source["passage"] = passage(found["text"], source)
    return page(
        request,
        "event.html",
        title=f"{record['event']} {record['date'] or ''}",
        e=record,
        sources=sources,
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, event: str | None = None) -> Response:
    found = sq.article(get_store(request), article_id)
    if found is None:
        raise HTTPException(404, f"no article '{article_id}'")
    body = highlight(found["text"], article_spans(found, event))
    return page(
        request, "article.html", title=found["title"] or article_id, a=found, body=body, focus=event
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: str = "") -> Response:
    actors = cached(request, "actors", sq.actor_index)
    if q:
        actors = [a for a in actors if _actor_hit(a, q)]
    return page(request, "actors.html", title="Actors", actors=actors[:500], q=q)


def _actor_hit(actor: Record, q: str) -> bool:
    low = q.lower()
    return any(low in str(actor.get(k) or "").lower() for k in ("id", "name", "code"))


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> Response:
    profile = actor_profile(request, actor_id, limit=200)
    return page(request, "actor.html", title=profile["actor"]["name"], **profile)


@router.get("/dyads", response_class=HTMLResponse)
def dyads_page(request: Request, pair: str = Query("", max_length=40)) -> Response:
    if pair.strip():
        a, b = parse_dyad(pair) or ("", "")
        return RedirectResponse(f"/dyads/{a}-{b}", status_code=303)
    return page(
        request, "dyads.html", title="Dyads", dyads=cached(request, "dyads", sq.dyad_counts)
    )


@router.get("/dyads/{pair}", response_class=HTMLResponse)
def dyad_page(request: Request, pair: str, by: str = Query("month", pattern=PERIOD)) -> Response:
    store = get_store(request)
    a, b = parse_dyad(pair) or ("", "")
    try:
        report, problem = dyad_report(store, a, b, by), None
    except HTTPException as exc:
        report, problem = {}, str(exc.detail)
    recent = sq.events_page(store, sq.EventFilter(dyad=(a, b)), 25, 0, newest_first=True)
    view = dyad_view(report, a, b, by)
    return page(
        request,
        "dyad.html",
        title=f"{a}–{b}",
        a=a,
        b=b,
        by=by,
        report=report,
        problem=problem,
        recent=recent,
        **view,
    )


def dyad_view(report: Record, a: str, b: str, by: str) -> Record:
    """Chart geometry, figures and tables from the relations report (empty parts if none)."""
    index = (report.get("index") or {}).get(f"{a}-{b}") or {}
    series = index.get("series") or []
    total = index.get("total") or {}
    closed = [c for c in report.get("channels") or [] if c.get("state") in ("frozen", "suspended")]
    return {
        "chart": index_chart(series, by) if series else None,
        "series": series,
        "total": total,
        "directed": {
            k: v.get("total", {}) for k, v in (report.get("index") or {}).items() if ">" in k
        },  # fmt: skip
        "closed": closed,
        "channels": report.get("channels") or [],
        "issues": report.get("issues") or [],
    }


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, p: int = Query(1, ge=1)) -> Response:
    result = sq.stories_page(get_store(request), PAGE, (p - 1) * PAGE)
    return page(
        request,
        "stories.html",
        title="Stories",
        stories=result.items,
        total=result.total,
        p=p,
        pages=max(1, -(-result.total // PAGE)),
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> Response:
    found = sq.story(get_store(request), story_id)
    if found is None:
        raise HTTPException(404, f"no story '{story_id}'")
    texts = mark_differences([copy["text"] for copy in found["articles"]])
    return page(request, "story.html", title=f"Story {story_id}", story=found, texts=texts)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=200)) -> Response:
    store, q = get_store(request), q.strip()
    if not q:
        return page(request, "search.html", title="Search", q=q, events=None)
    events = sq.events_page(store, sq.EventFilter(q=q), 30, 0, newest_first=True)
    actors = [a for a in cached(request, "actors", sq.actor_index) if _actor_hit(a, q)][:30]
    articles = sq.search_articles(store, q, limit=30)
    return page(
        request,
        "search.html",
        title=f"Search: {q}",
        q=q,
        events=events,
        actors=actors,
        articles=articles,
    )


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> Response:
    """Swagger UI from the swagger-ui-bundle package; a plain route list without it."""
    routes = request.app.openapi().get("paths", {})
    return page(request, "docs.html", title="API", swagger=swagger_dir() is not None, routes=routes)


def swagger_dir() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(str(swagger_ui_path))


def mount(app: FastAPI) -> None:
    """Static files (Swagger UI first: /static would swallow its paths) and the pages."""
    swagger = swagger_dir()
    if swagger is not None:
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
