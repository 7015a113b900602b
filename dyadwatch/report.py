"""Relations reports: one dyad's index, channel board, issues and top events.

`dyad_report` gathers everything into a JSON-ready dict; `render_tables` turns
it into rich tables for the terminal, `plot` into a chart (PNG or SVG: the index
over time, the channel states beneath it as coloured bars), `write_html` into a
self-contained one-page report (inline SVG, no external assets).
`busiest_dyads` ranks every dyad of a store by its number of indexed events.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import string
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table

from dyadwatch.channels import channel_board, collect_evidence
from dyadwatch.issues_topics import dyad_issues
from dyadwatch.relate import (
    Record,
    all_dyad_indexes,
    check_period,
    date_start,
    dyad_articles,
    dyad_indexes,
    load_scores,
    period_start,
    plover_score,
    record_dyads,
)
from dyadwatch.timeline import side_label

Report = dict[str, Any]
STATE_COLOURS = {"open": "#9bd3a7", "resumed": "#2f9e5b", "suspended": "#f0a23a",
                 "frozen": "#5b8fd6", "unknown": "#dddddd"}  # fmt: skip
_ARTICLE_DATED = " · dated by the article"
KIND_LABELS = {"still_closed": "still closed (a call to resume)", "open": "in use"}
PERIOD_DAYS = {"week": 7, "month": 30, "quarter": 91, "year": 365}


def dyad_report(store: Any, a: str, b: str, by: str = "month", top: int = 10) -> Report:
    """Index series (A–B, A>B, B>A), channel board, issues and top events of one dyad."""
    a, b = a.upper(), b.upper()
    check_period(by)
    mine = [r for r in store.events(dyad=(a, b)) if record_dyads(r) & {(a, b), (b, a)}]
    ids = {m["article_id"] for r in mine for m in r["mentions"]}
    articles = list(dyad_articles(store, a, b, ids))
    board = channel_board(collect_evidence(mine, articles, a, b))
    return {
        "dyad": f"{a}-{b}", "a": a, "b": b, "by": by, "store": getattr(store, "label", None),
        "events": len(mine), "articles": len(articles),
        "index": {k: v.to_dict() for k, v in dyad_indexes(mine, a, b, by).items()},
        "channels": [t.to_dict() for t in board],
        "issues": [s.to_dict() for s in dyad_issues(mine, articles, a, b, by)],
        "top_events": top_events(mine, top),
    }  # fmt: skip


def top_events(records: list[Record], n: int = 10) -> list[dict[str, Any]]:
    """The most reported, then most strongly scored, occurred events, with evidence."""
    table = load_scores()
    kept = [r for r in records if r["status"] in table.index_statuses]
    kept.sort(key=lambda r: (-r["num_articles"], -abs(plover_score(r, table)), r["date"] or ""))
    return [
        {"date": r["date"], "event": "/".join([r["event"], *r["mode"]]), "status": r["status"],
         "actor": side_label(r["actor"]), "recipient": side_label(r["recipient"]),
         "score": plover_score(r, table), "goldstein": r.get("event_scale"),
         "sentence": r["mentions"][0]["sentence"].strip(),
         "article_id": r["mentions"][0]["article_id"], "num_articles": r["num_articles"]}
        for r in kept[:n]
    ]  # fmt: skip


def busiest_dyads(store: Any, n: int = 10, by: str = "month") -> list[dict[str, Any]]:
    """The n dyads with the most indexed events, each with its total and its series."""
    indexes = all_dyad_indexes(store.events(), by)
    busy = [i for i in indexes.values() if i.total.events]  # planned-only dyads are not busy
    ranked = sorted(busy, key=lambda i: (-i.total.events, i.dyad))[:n]
    out = []
    for idx in ranked:
        series = idx.series()
        out.append({**idx.to_dict(), "first": series[0].period if series else None,
                    "last": series[-1].period if series else None})  # fmt: skip
    return out


# -- terminal tables ----------------------------------------------------------------------------


def index_table(report: Report) -> Table:
    a, b = report["a"], report["b"]
    both, ab, ba = (report["index"][k] for k in (f"{a}-{b}", f"{a}>{b}", f"{b}>{a}"))
    table = Table(title=f"{a}–{b} index by {report['by']} (PLOVER score; Goldstein beside it)")
    for col in (
        "period",
        "events",
        "PLOVER Σ",
        "mean",
        "Goldstein Σ",
        "mean",
        "vcoop",
        "mcoop",
        "vconf",
        "mconf",
        f"{a}>{b} mean",
        f"{b}>{a} mean",
    ):
        table.add_column(col, justify="left" if col == "period" else "right")
    directed = [{r["period"]: r for r in d["series"]} for d in (ab, ba)]
    for row in both["series"]:
        means = [f"{d[row['period']]['plover_mean']:+.2f}" if row["period"] in d else "·"
                 for d in directed]  # fmt: skip
        table.add_row(row["period"], str(row["events"]), f"{row['plover_sum']:+.1f}",
                      f"{row['plover_mean']:+.2f}", f"{row['goldstein_sum']:+.1f}",
                      f"{row['goldstein_mean']:+.2f}", str(row["verbal_coop"]),
                      str(row["material_coop"]), str(row["verbal_conflict"]),
                      str(row["material_conflict"]), *means)  # fmt: skip
    apart = ", ".join(f"{k} {v}" for k, v in sorted(both["apart"].items()))
    table.caption = (f"{both['total']['events']} events indexed; kept apart: {apart or 'none'}; "
                     f"too coarsely dated for a {report['by']}: {both['unplaced']}")  # fmt: skip
    return table


def channel_table(report: Report) -> Table:
    table = Table(title=f"{report['a']}–{report['b']} channels")
    for col in ("channel", "state", "since", "history", "latest evidence"):
        table.add_column(col, overflow="fold")
    for ch in report["channels"]:
        history = " → ".join(f"{s['state']} {s['start']}" for s in ch["segments"]) or "—"
        last = ch["segments"][-1]["evidence"][-1] if ch["segments"] else None
        quote = f"“{_clip(last['sentence'], 160)}” ({last['article_id']})" if last else ""
        since = ch["since"] or ""
        table.add_row(ch["label"], ch["state"], since, history, quote)
    return table


def issue_table(report: Report) -> Table:
    table = Table(title=f"{report['a']}–{report['b']} issues")
    for col in ("topic", "mentions", "articles", "events", "tone", "periods"):
        table.add_column(col, justify="left" if col in ("topic", "periods") else "right")
    for issue in report["issues"]:
        periods = [c["period"] for c in issue["series"]]
        span = f"{periods[0]} … {periods[-1]}" if periods else ""
        tone = f"{issue['tone']:+.2f}" if issue["tone"] is not None else "·"
        table.add_row(issue["label"], str(issue["mentions"]), str(issue["articles"]),
                      str(issue["events"]), tone, span)  # fmt: skip
    return table


def events_table(report: Report) -> Table:
    table = Table(title="top events")
    for col in ("date", "event", "actor", "recipient", "score", "evidence"):
        table.add_column(col, overflow="fold")
    for e in report["top_events"]:
        table.add_row(e["date"] or "undated", e["event"], e["actor"], e["recipient"],
                      f"{e['score']:+.1f}", _clip(e["sentence"], 140))  # fmt: skip
    return table


def render_tables(report: Report) -> Group:
    """The report as rich tables: index, channels, issues, top events."""
    return Group(index_table(report), channel_table(report), issue_table(report),
                 events_table(report))  # fmt: skip


def busiest_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title="busiest dyads")
    for col in ("dyad", "events", "PLOVER Σ", "mean", "Goldstein mean", "first", "last"):
        table.add_column(col, justify="left" if col == "dyad" else "right")
    for r in rows:
        t = r["total"]
        table.add_row(r["dyad"], str(t["events"]), f"{t['plover_sum']:+.1f}",
                      f"{t['plover_mean']:+.2f}", f"{t['goldstein_mean']:+.2f}",
                      r["first"] or "", r["last"] or "")  # fmt: skip
    return table


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- chart --------------------------------------------------------------------------------------


def _span(report: Report) -> tuple[dt.date, dt.date]:
    dates = [period_start(r["period"]) for r in report["index"][report["dyad"]]["series"]]
    dates += [date_start(s["start"]) for ch in report["channels"] for s in ch["segments"]]
    if not dates:
        today = dt.date.today()
        return today - dt.timedelta(days=365), today
    pad = dt.timedelta(days=PERIOD_DAYS[report["by"]])
    return min(dates) - pad, max(dates) + 2 * pad


def chart_figure(report: Report) -> Any:
    """The matplotlib figure: index bars above, channel state bars below."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    n = max(1, len(report["channels"]))
    fig = Figure(figsize=(11, 4.2 + 0.32 * n), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 0.45 * n])
    lo, hi = _span(report)
    _draw_index(top, report, lo, hi)
    _draw_channels(bottom, report, lo, hi)
    bottom.set_xlim(lo, hi)
    fig.suptitle(f"{report['a']}–{report['b']}: cooperation–conflict index by {report['by']} "
                 "and the state of each channel", fontsize=12, x=0.01, ha="left")  # fmt: skip
    return fig


def _draw_index(ax: Any, report: Report, lo: dt.date, hi: dt.date) -> None:
    from matplotlib.patches import Patch

    series = report["index"][report["dyad"]]["series"]
    x = [period_start(r["period"]) for r in series]
    width = dt.timedelta(days=PERIOD_DAYS[report["by"]] * 0.8)
    sums = [r["plover_sum"] for r in series]
    colours = ["#2f9e5b" if s >= 0 else "#d1495b" for s in sums]
    ax.bar(x, sums, width=width, align="edge", color=colours, alpha=0.85)
    mid = [d + width / 2 for d in x]
    ax.plot(mid, [r["goldstein_sum"] for r in series], "o-", color="#333333", lw=1.2, ms=4,
            label="Goldstein Σ (CAMEO)")  # fmt: skip
    last: dt.date | None = None
    gap = dt.timedelta(days=max(1, (hi - lo).days // 60))  # labels closer than this collide
    for d, r in zip(mid, series, strict=True):  # event counts along the top edge
        if last is None or d - last >= gap:
            ax.text(d, 1.0, str(r["events"]), transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize=7, color="#777777")  # fmt: skip
            last = d
    ax.text(0, 1.0, "events ", transform=ax.transAxes, ha="right", va="bottom", fontsize=7,
            color="#777777")  # fmt: skip
    ax.axhline(0, color="#888888", lw=0.8)
    ax.set_ylabel("score sum per period")
    handles, _ = ax.get_legend_handles_labels()
    handles += [Patch(color="#2f9e5b", label="PLOVER Σ, cooperative"),
                Patch(color="#d1495b", label="PLOVER Σ, conflictual")]  # fmt: skip
    ax.legend(handles=handles, loc="best", fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if not series:
        ax.text(0.5, 0.5, "no dated events", transform=ax.transAxes, ha="center", color="#888")


def _draw_channels(ax: Any, report: Report, lo: dt.date, hi: dt.date) -> None:
    channels = report["channels"]
    roomy = (hi - lo).days * 0.06  # a state's name fits in a bar at least this many days long
    for row, ch in enumerate(channels):
        y = len(channels) - 1 - row
        for seg in ch["segments"]:
            start = date_start(seg["start"])
            end = date_start(seg["end"]) if seg["end"] else hi
            colour = STATE_COLOURS.get(seg["state"], "#cccccc")
            ax.barh(y, (end - start).days, left=start, height=0.62, color=colour, edgecolor="white")
            if (end - start).days >= roomy:
                ax.text(
                    start + dt.timedelta(days=4),
                    y,
                    seg["state"],
                    va="center",
                    fontsize=7.5,
                    color="white" if seg["state"] in ("resumed", "frozen") else "#222222",
                )
            for ev in seg["evidence"]:
                ax.plot(date_start(ev["date"]), y + 0.36, "v", color="#222222", ms=3.5)
        if not ch["segments"]:
            ax.text(0.005, y, "no evidence", va="center", fontsize=7, color="#999999",
                    transform=ax.get_yaxis_transform())  # fmt: skip
    ax.set_yticks(range(len(channels)), [c["label"] for c in reversed(channels)], fontsize=8)
    ax.set_ylim(-0.6, len(channels) - 0.4)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", alpha=0.3)


def plot(report: Report, path: str | Path) -> Path:
    """Write the chart; the format follows the file suffix (.png, .svg, .pdf)."""
    path = Path(path)
    fig = chart_figure(report)
    fig.savefig(path, dpi=150)
    return path


def chart_svg(report: Report) -> str:
    buffer = io.StringIO()
    chart_figure(report).savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.find("<svg") :]  # inline: no XML prolog or doctype


def write_html(report: Report, path: str | Path) -> Path:
    """A one-page self-contained HTML report: figures, chart, channels, issues, events."""
    path = Path(path)
    path.write_text(render_html(report, chart_svg(report)), encoding="utf-8")
    return path


# -- HTML -----------------------------------------------------------------------------------------


def render_html(report: Report, svg: str) -> str:
    template = resources.files("dyadwatch").joinpath("templates", "relations.html")
    both = report["index"][report["dyad"]]
    series = both["series"]
    span = f"{series[0]['period']} to {series[-1]['period']}" if series else "no dated events"
    return string.Template(template.read_text("utf-8")).substitute(
        title=_e(f"{report['a']}–{report['b']} relations"),
        heading=_e(f"{report['a']} – {report['b']} relations"),
        subtitle=_e(f"{report['events']} fused events and {report['articles']} articles; "
                    f"{span}, by {report['by']}."),
        figures=_figures(report), chart=svg,
        channels="".join(_channel_card(ch) for ch in report["channels"]),
        issues=_issues_html(report["issues"]),
        events="".join(_event_item(e) for e in report["top_events"]) or "<li>none</li>",
        by=_e(report["by"]), periods=len(series), index_table=_index_html(series),
        footer=_e(f"dyadwatch · store {report['store']} · PLOVER score per event type "
                  "(scores.yaml); Goldstein from the CAMEO code; planned, hypothetical and "
                  "negated events kept out of the index."),
    )  # fmt: skip


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _figures(report: Report) -> str:
    total = report["index"][report["dyad"]]["total"]
    closed = [c["label"] for c in report["channels"] if c["state"] in ("frozen", "suspended")]
    cards = [
        (str(total["events"]), "events in the index"),
        (f"{total['plover_mean']:+.2f}", "mean PLOVER score (−10 conflict … +10 cooperation)"),
        (f"{total['goldstein_mean']:+.2f}", "mean Goldstein score"),
        (str(len(closed)), "channels frozen or suspended: " + (", ".join(closed) or "none")),
    ]
    return "".join(f'<div class="figure"><b>{_e(v)}</b><span>{_e(k)}</span></div>'
                   for v, k in cards)  # fmt: skip


def _channel_card(ch: dict[str, Any]) -> str:
    state = ch["state"]
    history = " → ".join(f'<span class="chip {_e(s["state"])}">{_e(s["state"])}</span> '
                         f'{_e(s["start"])}' for s in ch["segments"])  # fmt: skip
    evidence = _key_evidence(ch["segments"])
    quotes = "".join(
        f"<blockquote>“{_e(_clip(e['sentence'], 260))}”<cite>{_e(e['date'])} · "
        f"{_e(KIND_LABELS.get(e['kind'], e['kind']))}"
        f" · {_e(e['article_id'])}{_ARTICLE_DATED if e['date_source'] == 'article' else ''}"
        "</cite></blockquote>"
        for e in reversed(evidence)
    )
    since = f" since {_e(ch['since'])}" if ch["since"] else ""
    return (f'<article class="channel {_e(state)}"><h3>{_e(ch["label"])}'
            f'<span class="chip {_e(state)}">{_e(state)}{since}</span></h3>'
            f'<div class="history">{history or "no evidence in these reports"}</div>'
            f"{quotes}</article>")  # fmt: skip


def _key_evidence(segments: list[dict[str, Any]], most: int = 4) -> list[dict[str, Any]]:
    """The sentences that changed the state (each segment's first), then the latest one."""
    picked = [s["evidence"][0] for s in segments][-most + 1 :] if segments else []
    latest = segments[-1]["evidence"][-1] if segments else None
    if latest is not None and latest not in picked:
        picked.append(latest)
    return picked


def _tone(value: float | None) -> str:
    if value is None:
        return '<span class="tone muted">·</span>'
    cls = "pos" if value > 0 else "neg" if value < 0 else ""
    return f'<span class="tone {cls}">{value:+.2f}</span>'


def _issues_html(issues: list[dict[str, Any]]) -> str:
    if not issues:
        return '<p class="muted">No topic of topics.yaml is named in these reports.</p>'
    most = max(i["mentions"] for i in issues) or 1
    rows = "".join(
        f"<tr><td>{_e(i['label'])}</td><td class=num>{i['mentions']}</td>"
        f'<td><span class="bar" style="width:{int(160 * i["mentions"] / most)}px"></span></td>'
        f"<td class=num>{i['articles']}</td><td class=num>{i['events']}</td>"
        f"<td class=num>{_tone(i['tone'])}</td>"
        f"<td class=muted>{_e(_clip(i['example'] or '', 150))}</td></tr>"
        for i in issues
    )
    head = ("<tr><th>topic</th><th>mentions</th><th></th><th>articles</th><th>events</th>"
            "<th>tone</th><th>for example</th></tr>")  # fmt: skip
    return f"<table>{head}{rows}</table>"


def _event_item(e: dict[str, Any]) -> str:
    return (f'<li><div class="head"><b>{_e(e["date"] or "undated")}</b>'
            f'<span>{_e(e["event"])}</span>'
            f"<span>{_e(e['actor'])} → {_e(e['recipient'])}</span>{_tone(e['score'])}"
            f'<span class="muted">{e["num_articles"]} article(s)</span></div>'
            f"<blockquote>“{_e(_clip(e['sentence'], 300))}”<cite>{_e(e['article_id'])}</cite>"
            "</blockquote></li>")  # fmt: skip


def _index_html(series: list[dict[str, Any]]) -> str:
    cols = ("period", "events", "plover_sum", "plover_mean", "goldstein_sum", "goldstein_mean",
            "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")  # fmt: skip
    head = "".join(f"<th>{c.replace('_', ' ')}</th>" for c in cols)
    rows = "".join("<tr>" + "".join(f"<td class=num>{_e(r[c])}</td>" for c in cols) + "</tr>"
                   for r in series)  # fmt: skip
    return f"<table><tr>{head}</tr>{rows}</table>"
