"""The command line: parses arguments and calls library functions, nothing more.

Exit codes: 0 success; 1 an error (one line on stderr, no traceback); 2 bad
flags or arguments; 3 `ingest` finished but rejected some inputs (listed by
`dyadwatch rejections`).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyadwatch.errors import DyadwatchError, InputError
from dyadwatch.models import Rejection
from dyadwatch.settings import DEFAULT_DB, Settings

app = typer.Typer(
    name="dyadwatch",
    help="News articles in; a dated, sourced record of who did what to whom out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score dyadwatch against the gold sets in ../shared/gold.",
                       no_args_is_help=True)  # fmt: skip
app.add_typer(eval_app, name="eval")

# Piped output gets a wide page: tables squeezed into 80 columns are unreadable.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)
EXIT_REJECTED = 3

DbOpt = Annotated[str, typer.Option("--db", help="SQLite file path or database URL.",
                                    envvar="DYADWATCH_DB")]  # fmt: skip
SourceArg = Annotated[str, typer.Argument(help="JSONL articles, or - for stdin.")]
F = TypeVar("F", bound=Callable[..., Any])


def friendly(func: F) -> F:
    """Library errors become one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DyadwatchError as exc:
            err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _store(db: str) -> Any:
    from dyadwatch.store import open_store

    return open_store(db)


def _open_input(path: str) -> tuple[Any, str]:
    if path == "-":
        return sys.stdin, "<stdin>"
    p = Path(path)
    if not p.is_file():
        raise InputError(f"input '{path}' does not exist or is not a file: give a JSONL file or -")
    return p.open(encoding="utf-8", errors="replace"), str(p)


def _emit(items: Iterable[dict[str, Any] | Rejection]) -> int:
    rejected = 0
    for item in items:
        if isinstance(item, Rejection):
            rejected += 1
            where = f"{item.source}" + (f":{item.line}" if item.line else "")
            err.print(f"rejected {where} ({item.stage}): {item.reason}", markup=False)
            continue
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    return rejected


# -- ingest and browse ---------------------------------------------------------------------


@app.command()
@friendly
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOpt = DEFAULT_DB,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.")] = 32,
    max_file_bytes: Annotated[
        int, typer.Option(help="Reject files, or JSONL/CSV records, over this many bytes.")
    ] = Settings.max_file_bytes,
    workers: Annotated[
        int, typer.Option(help="Worker processes for the NLP stages (default: core count).")
    ] = os.cpu_count() or 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    triage: Annotated[
        bool, typer.Option(help="Parse only sentences that can hold an event (faster).")
    ] = True,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Run on Dask: 'local' (a LocalCluster of --workers processes) or "
            "tcp://host:port; workers write to the store (use PostgreSQL)."
        ),
    ] = None,  # fmt: skip
) -> None:
    """Read, clean, dedupe, extract, fuse and store articles. Idempotent."""
    from dyadwatch.pipeline import ingest as run_ingest

    if workers < 1:
        raise InputError(f"--workers {workers}: give 1 or more")
    settings = Settings(
        db=db,
        batch_size=batch_size,
        workers=workers,
        progress=not quiet,
        triage=triage,
        max_file_bytes=max_file_bytes,
    )
    store = _store(db)
    if cluster is not None:
        from dyadwatch.cluster import ingest_on_cluster

        summary = ingest_on_cluster(paths, store, settings, cluster)
        _finish_ingest(summary)
        return
    show = not quiet and err.is_terminal
    bar = Progress(
        SpinnerColumn(), TextColumn("{task.completed} articles stored"), TimeElapsedColumn(),
        TextColumn("[dim]{task.description}"), console=err, transient=True,
    )  # fmt: skip
    with bar if show else nullcontext():
        task = bar.add_task("", total=None)

        def progress(source: str) -> None:
            bar.update(task, advance=1, description=Path(source).name)

        summary = run_ingest(paths, store, settings, progress=progress if show else None)
    _finish_ingest(summary)


def _finish_ingest(summary: Any) -> None:
    """The rejections, one a line, the summary line, and exit code 3 if anything was rejected."""
    for rejection in summary.rejections:
        where = rejection.source + (f":{rejection.line}" if rejection.line else "")
        err.print(f"rejected {where} ({rejection.stage}): {rejection.reason}", markup=False)
    err.print(summary.line(), markup=False)
    if summary.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
@friendly
def timeline(
    db: DbOpt = DEFAULT_DB,
    dyad: Annotated[
        str | None, typer.Option(help="Only events between two codes: USA-CHN.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Only events with this actor (name, code).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    event: Annotated[str | None, typer.Option(help="Only this PLOVER event type.")] = None,
    evidence: Annotated[bool, typer.Option(help="Show each event's evidence sentence.")] = True,
) -> None:
    """Dated events, oldest first, with their sources. A * marks a date taken from the article."""
    from dyadwatch.timeline import timeline_rows

    rows = timeline_rows(
        _store(db), dyad=dyad, actor=actor, since=since, until=until, event_type=event
    )
    for r in rows:
        head = f"[bold]{r.date:<11}[/bold] [cyan]{_esc(r.event)}[/cyan]"
        if r.status != "occurred":
            head += f" [yellow]({r.status})[/yellow]"
        head += f"  {_esc(r.actor)} → {_esc(r.recipient)}"
        if r.place:
            head += f"  [dim]@[/dim] {_esc(r.place)}"
        out.print(head)
        if evidence:
            out.print(f"            [dim]“{_clip(r.sentence, 200)}”[/dim]")
        out.print(f"            [dim]sources: {_esc(', '.join(r.sources))}[/dim]")
    out.print(f"{len(rows)} events", style="bold")


def _esc(text: str) -> str:
    return text.replace("[", "\\[")


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return _esc(text if len(text) <= n else text[: n - 1] + "…")


@app.command()
@friendly
def events(
    db: DbOpt = DEFAULT_DB,
    dyad: Annotated[str | None, typer.Option(help="USA-CHN")] = None,
    event: Annotated[str | None, typer.Option(help="PLOVER event type.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
) -> None:
    """Stored events as JSON Lines (the export contract)."""
    from dyadwatch.export import write_jsonl
    from dyadwatch.timeline import parse_dyad

    records = _store(db).events(dyad=parse_dyad(dyad), event_type=event, limit=limit)
    write_jsonl(records, sys.stdout)


@app.command()
@friendly
def actors(db: DbOpt = DEFAULT_DB, limit: Annotated[int, typer.Option()] = 50) -> None:
    """Actors seen in the store: mentions, articles, offices held and the aliases used."""
    rows = sorted(_store(db).actor_mention_counts(), key=lambda r: -r["mentions"])[:limit]
    table = Table(title=f"{len(rows)} actors")
    for col in ("actor", "code", "mentions", "articles", "offices", "aliases seen"):
        table.add_column(col, overflow="fold")
    for r in rows:
        name = f"{r['name'] or r['actor_id']} [dim]{_esc(r['actor_id'])}[/dim]"
        table.add_row(name, r["code"] or "", str(r["mentions"]), str(r["articles"]),
                      "; ".join(r["offices"]), ", ".join(r["aliases"][:6]))  # fmt: skip
    out.print(table)


@app.command()
@friendly
def stories(db: DbOpt = DEFAULT_DB) -> None:
    """Stories: each real report with its copies."""
    rows = _store(db).stories()
    table = Table(title=f"{len(rows)} stories")
    for col in ("story", "copies", "articles (published, outlet, title)"):
        table.add_column(col, overflow="fold")
    for s in rows:
        lines = [f"{a['id']} ({a['published'] or '?'}, {a['outlet'] or '-'}) {a['title'] or ''}"
                 for a in s["articles"]]  # fmt: skip
        table.add_row(s["id"], str(len(s["articles"])), "\n".join(lines))
    out.print(table)


@app.command()
@friendly
def rejections(db: DbOpt = DEFAULT_DB) -> None:
    """Inputs that were rejected, one a line: run, source[:line], stage, reason."""
    rows = _store(db).rejections()
    for r in rows:
        where = r["source"] + (f":{r['line']}" if r["line"] else "")
        out.print(f"run {r['run_id']}  {where}  ({r['stage']})  {r['reason']}", markup=False)
    err.print(f"{len(rows)} rejections", markup=False)


@app.command()
@friendly
def export(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str, typer.Option("--output", "-o", help="File, or - for stdout.")] = "-",
    dyad: Annotated[str | None, typer.Option(help="USA-CHN")] = None,
) -> None:
    """Write every stored event in the design's event contract."""
    from dyadwatch import export as ex
    from dyadwatch.timeline import parse_dyad

    if format not in ex.FORMATS:
        raise InputError(f"--format '{format}' is not one of {', '.join(ex.FORMATS)}")
    records = _store(db).events(dyad=parse_dyad(dyad))
    if format == "parquet":
        if output == "-":
            raise InputError("--format parquet needs --output FILE")
        n = ex.write_parquet(records, output)
    else:
        writer = ex.write_jsonl if format == "jsonl" else ex.write_csv
        if output == "-":
            n = writer(records, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                n = writer(records, fh)
    err.print(f"{n} events written", markup=False)


@app.command()
@friendly
def relations(
    db: DbOpt = DEFAULT_DB,
    dyad: Annotated[
        str | None, typer.Option(help="The pair: USA-CHN. Omit for the busiest.")
    ] = None,
    by: Annotated[str, typer.Option(help="Period: week, month, quarter or year.")] = "month",
    plot: Annotated[Path | None, typer.Option(help="Write a chart (.png or .svg).")] = None,
    html: Annotated[Path | None, typer.Option(help="Write a one-page HTML report.")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the report as JSON.")
    ] = None,
    top: Annotated[int, typer.Option(help="Busiest dyads to list without --dyad.")] = 10,
) -> None:
    """The state of a dyad over time: index, channels, issues; or the busiest dyads."""
    from dyadwatch import report as rp
    from dyadwatch.relate import parse_pair

    store = _store(db)
    if dyad is None:
        out.print(rp.busiest_table(rp.busiest_dyads(store, n=top, by=by)))
        return
    a, b = parse_pair(dyad)
    result = rp.dyad_report(store, a, b, by=by)
    out.print(rp.render_tables(result))
    for path, write in ((plot, rp.plot), (html, rp.write_html)):
        if path is not None:
            err.print(f"wrote {write(result, path)}", markup=False)
    if json_out is not None:
        json_out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


@app.command()
@friendly
def network(
    db: DbOpt = DEFAULT_DB,
    graphml: Annotated[Path | None, typer.Option(help="Write GraphML here.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write JSON here.")] = None,
) -> None:
    """The actor network: persons and states as nodes, fused events as edges."""
    from dyadwatch import network as nw

    nodes, edges = nw.network(_store(db))
    if graphml:
        nw.write_graphml(nodes, edges, graphml)
    if json_out:
        nw.write_network_json(nodes, edges, json_out)
    err.print(f"{len(nodes)} nodes, {len(edges)} edges", markup=False)


@app.command()
@friendly
def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it local.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="DYADWATCH_TOKEN", help="Enables POST /api/articles with this token."),
    ] = None,
) -> None:
    """The HTTP API and the dashboard (read-only unless a token is given)."""
    from dyadwatch.api import serve as run_server

    _store(db)  # fail early, with our message, on a bad store
    run_server(db, host=host, port=port, token=token)


# -- stateless -------------------------------------------------------------------------------


@app.command()
@friendly
def code(source: SourceArg = "-") -> None:
    """Stateless: JSONL articles (id, text, published) in, events out; nothing stored."""
    from dyadwatch.stateless import code_stream

    stream, name = _open_input(source)
    _emit(code_stream(stream, name, Settings()))


@app.command()
@friendly
def dates(source: SourceArg = "-") -> None:
    """Stateless: one temporal expression a line, with offsets and TIMEX3 value."""
    from dyadwatch.stateless import dates_stream

    stream, name = _open_input(source)
    _emit(dates_stream(stream, name))


@app.command()
@friendly
def entities(source: SourceArg = "-") -> None:
    """Stateless: actor mentions with offsets, label, canonical actor, code, sector, office."""
    from dyadwatch.stateless import entities_stream

    stream, name = _open_input(source)
    _emit(entities_stream(stream, name, Settings()))


# -- evaluation ------------------------------------------------------------------------------

GOLD_DEFAULT = Path("..") / "shared" / "gold"
GoldOpt = Annotated[Path, typer.Option("--gold", help="The gold folder (../shared/gold).")]
JsonOpt = Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")]


def _gold(gold: Path, sub: str) -> Path:
    path = gold / sub
    if not path.exists():
        raise InputError(f"gold set '{path}' not found: pass --gold PATH to the shared gold folder")
    return path


def _report(report: dict[str, Any], text: str, json_path: Path | None) -> None:
    out.print(text, markup=False)
    if json_path:
        json_path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


@eval_app.command("dates")
@friendly
def eval_dates(
    gold: GoldOpt = GOLD_DEFAULT,
    json_out: JsonOpt = None,
    parse: Annotated[
        bool, typer.Option(help="Also score the tagger with the spaCy parse, as ingest runs it.")
    ] = True,
) -> None:
    """TimeBank + AQUAINT: strict/relaxed span F1 and value F1, the rules alone (as
    `dyadwatch dates`) and with the parse (as ingest), beside a dateparser baseline."""
    from dyadwatch import eval_dates as ev

    report = ev.evaluate_timebank(_gold(gold, "timebank"), parse=parse)
    _report(report, ev.render(report), json_out)


@eval_app.command("entities")
@friendly
def eval_entities(gold: GoldOpt = GOLD_DEFAULT, json_out: JsonOpt = None) -> None:
    """CoNLL-2003 validation and MEANTIME: entity span F1, ours beside bare spaCy."""
    from dyadwatch import eval_entities as ev

    report = {"conll2003": ev.evaluate_conll(_gold(gold, "conll2003") / "valid.txt"),
              "meantime": ev.evaluate_meantime(_gold(gold, "meantime"))}  # fmt: skip
    _report(report, "\n\n".join(ev.render(part) for part in report.values()), json_out)


@eval_app.command("events")
@friendly
def eval_events(gold: GoldOpt = GOLD_DEFAULT, json_out: JsonOpt = None) -> None:
    """PLOVER gold sentences and CASE 2021: event type and actor accuracy, per type."""
    from dyadwatch import eval_events as ev

    report = {"plover": ev.evaluate_plover(_gold(gold, "plover") / "PLOVER_GSR_CAMEO.txt"),
              "case2021": ev.evaluate_case2021(_gold(gold, "case2021"))}  # fmt: skip
    _report(report, "\n\n".join(ev.render(part) for part in report.values()), json_out)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
