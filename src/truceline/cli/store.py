"""Store commands: `ingest`, `reextract`, `db upgrade|stats`, `query events`.

Every command takes `--db URL` (default: `TRUCELINE_DB`, else one SQLite file in the
user's data dir). Other command groups may add `query` subcommands on `query_app`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.cli.app import DbOption, WorkersOption, app, fail
from truceline.errors import TrucelineError

log = logging.getLogger(__name__)

db_app = typer.Typer(help="The store: create or migrate its schema, count what it holds.")
query_app = typer.Typer(help="Query the store.")
app.add_typer(db_app, name="db")
app.add_typer(query_app, name="query")

JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")]
ModelOption = Annotated[
    Path | None,
    typer.Option(help="An event-typing model saved by `truceline train` (default: shipped)."),
]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=option) from None


def _print_summary(summary: Any, title: str, as_json: bool) -> None:
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    from rich.console import Console

    from truceline.ingest.progress import summary_table

    console = Console()
    console.print(summary_table(summary, title))
    for skip in getattr(summary, "skips", [])[:20]:
        console.print(f"  skipped {skip.source}: {skip.reason}", markup=False, highlight=False,
                      soft_wrap=True)  # fmt: skip
    failures = summary.failures
    if failures:
        console.print(f"[bold red]failed[/] ({summary.failed:,}):")
        for f in failures[:20]:
            # soft wrap: a long path stays whole, so it can be copied from the terminal
            console.print(f"  {f.source}: {f.error}", markup=False, highlight=False, soft_wrap=True)
        more = summary.failed - min(20, len(failures))
        if more > 0:
            console.print(f"  ... and {more:,} more (--json lists them)")


def _exit_code(summary: Any) -> int:
    if summary.interrupted:
        return 130
    return 1 if summary.read and summary.failed == summary.read else 0


@app.command("ingest")
def ingest_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt .html .jsonl .rss .atom .xml .warc .warc.gz), directories "
            "(recursively) and http(s) URLs of pages or feeds. With --watch: feed URLs.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    workers: WorkersOption = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Allow fetching from loopback, private and link-local addresses "
            "(refused by default: a feed must not make truceline probe your network).",
        ),
    ] = False,
    as_json: JsonOption = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Poll the feeds every --interval seconds.")
    ] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between polls with --watch.", min=1)
    ] = 600.0,
    polls: Annotated[
        int | None,
        typer.Option(help="With --watch: stop after this many rounds (default: never).", min=1),
    ] = None,
    model: ModelOption = None,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD for inputs that do not give one (their own "
            "field, HTML metadata, DATE:/Published: header lines or a byline date win).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read news into the store: extract each article once, keep everything.

    Reads SOURCES, extracts events, ceasefires and quotes from each English article and
    writes the article (keyed by a hash of its normalised text), its URLs and its
    extraction to the store in one transaction. Texts already stored are skipped, so
    running again is safe and adds nothing. Non-English articles are stored with the
    reason they were not extracted. Header lines at the top of a text file (URL:,
    TITLE:, DATE:, Published:) are metadata, not article text. Files that are no
    article (a readme, a licence, no sentence with a verb) are reported as "not an
    article" and not stored. Bad items are listed in the summary; the rest of the run
    goes on. Exit status 1 if every item failed. Ctrl-C or SIGTERM stops the run: the
    summary is printed, exit status 130. Limits per article (bytes, characters,
    sentences, seconds): TRUCELINE_MAX_* and TRUCELINE_ARTICLE_SECONDS.
    """
    _date(published, "--published")
    from truceline.ingest.progress import RunProgress
    from truceline.ingest.runner import Ingestor
    from truceline.processes import stop_on_signals

    try:
        if watch:
            with stop_on_signals():
                _watch(sources, db, workers, allow_private, interval, polls, model, as_json)
            return
        with (
            stop_on_signals(),
            RunProgress("ingest") as progress,
            Ingestor(
                db,
                workers=workers,
                allow_private=allow_private,
                model_path=model,
                progress=progress,
                published=published,
            ) as ingestor,
        ):
            summary = ingestor.ingest(sources)
    except TrucelineError as exc:
        raise fail(exc) from None
    _print_summary(summary, "ingest", as_json)
    raise typer.Exit(_exit_code(summary))


def _watch(
    feeds: list[str],
    db: str | None,
    workers: int | None,
    allow_private: bool,
    interval: float,
    polls: int | None,
    model: Path | None,
    as_json: bool,
) -> None:
    from truceline.ingest.fetch import is_url
    from truceline.ingest.runner import Ingestor
    from truceline.ingest.watch import watch

    for feed in feeds:
        if not is_url(feed):
            raise typer.BadParameter(f"{feed!r} is not an http(s) URL", param_hint="--watch")

    def report(url: str, summary: Any) -> None:
        if as_json:
            typer.echo(json.dumps({"feed": url, **summary.model_dump(mode="json")}))
        elif summary.read:
            typer.echo(
                f"{dt.datetime.now():%H:%M:%S} {url}: {summary.new} new, "
                f"{summary.duplicate} duplicate, {summary.failed} failed, {summary.events} events"
            )
            for f in summary.failures[:20]:
                typer.echo(f"  {f.source}: {f.error}", err=True)
        else:
            log.info("%s: nothing new", url)

    with Ingestor(db, workers=workers, allow_private=allow_private, model_path=model) as ingestor:
        watch(ingestor, feeds, interval=interval, polls=polls, on_poll=report)


@app.command("reextract")
def reextract_cmd(
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only articles published on or after this date, YYYY-MM-DD (undated "
            "articles: ingested on or after it).",
            show_default=False,
        ),
    ] = None,
    outdated: Annotated[
        bool,
        typer.Option(
            "--outdated", help="Only articles read by an extractor version other than this one."
        ),
    ] = False,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    model: ModelOption = None,
) -> None:
    """Re-read stored articles with the current extractor.

    Replaces each article's events, ceasefires and quotes in one transaction per article
    (the article's text, metadata and URLs stay as they are) and records the extractor
    version. Articles that were not extracted (other languages) are left alone.
    """
    from truceline.ingest.progress import RunProgress
    from truceline.ingest.runner import Ingestor
    from truceline.processes import stop_on_signals

    since_date = _date(since, "--since")
    try:
        with (
            stop_on_signals(),
            RunProgress("reextract") as progress,
            Ingestor(db, workers=workers, model_path=model, progress=progress) as ingestor,
        ):
            summary = ingestor.reextract(since=since_date, outdated_only=outdated)
    except TrucelineError as exc:
        raise fail(exc) from None
    _print_summary(summary, "reextract", as_json)
    raise typer.Exit(_exit_code(summary))


@db_app.command("upgrade")
def db_upgrade_cmd(db: DbOption = None) -> None:
    """Create the store's schema, or migrate it to this version of truceline."""
    from truceline.store import display_url, resolve_url, upgrade

    try:
        url = resolve_url(db)
        revision = upgrade(url)
    except TrucelineError as exc:
        raise fail(exc) from None
    typer.echo(f"{display_url(url)}: schema at revision {revision}")


@db_app.command("stats")
def db_stats_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Count what the store holds: articles, URLs, extractions, events by type..."""
    from truceline.store import stats, store_session

    try:
        with store_session(db, schema="current") as session:
            result = stats(session)
    except TrucelineError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for name, value in result.model_dump().items():
        if isinstance(value, dict):
            table.add_row(name.replace("_", " "), "")
            for k, n in list(value.items())[:30]:
                table.add_row(f"  {k}", f"{n:,}")
        else:
            table.add_row(
                name.replace("_", " "), f"{value:,}" if type(value) is int else str(value)
            )
    Console().print(table)


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return tuple(out)


@query_app.command("events")
def query_events_cmd(
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option(help="Events on or after YYYY-MM-DD.", show_default=False)
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events on or before YYYY-MM-DD.", show_default=False)
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            help="Event type or sub-event type, e.g. Battles or 'Air/drone strike' "
            "(repeat or comma-separate for several).",
            show_default=False,
        ),
    ] = None,
    countries: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            help="ISO3 code or name of a country: events placed in it or with either "
            "actor of it (repeat or comma-separate).",
            show_default=False,
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        typer.Option(
            help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (events with coordinates inside).",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help="asserted, alleged, denied, hypothetical, planned (repeat or comma-separate).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.", min=1)] = None,
    fmt: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Stored events matching the filters, by date: a JSON array or CSV rows.

    JSON: one object per event, {"row_id", "article": {id, url, title, outlet,
    published}, "event": <the contract Event>}. CSV: one flat row per event.
    --country matches the event's place or either actor's country. When nothing
    matches, stderr says which filter emptied the result.
    """
    from sqlalchemy.orm import Session

    from truceline.store import BBox, EventFilter, make_engine, query_events, require_current
    from truceline.store.query import CSV_COLUMNS, check_types, csv_row, empty_reason

    if fmt not in ("json", "csv"):
        raise typer.BadParameter(f"{fmt!r}: choose json or csv", param_hint="--format")
    try:
        f = EventFilter(
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            types=check_types(_split(types)),
            countries=_split(countries),
            bbox=BBox.parse(bbox) if bbox else None,
            statuses=_split(status),
            limit=limit,
        )
        engine = make_engine(db)
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            require_current(engine)
            with Session(engine) as session:
                records = query_events(session, f)
                n = 0
                if fmt == "csv":
                    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
                    writer.writeheader()
                    for r in records:
                        writer.writerow(csv_row(r))
                        n += 1
                else:
                    out.write("[")
                    for n, r in enumerate(records, 1):
                        out.write(",\n" if n > 1 else "\n")
                        out.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False))
                    out.write("\n]\n")
                if n == 0:
                    typer.echo(f"no events: {empty_reason(session, f)}", err=True)
        finally:
            if output:
                out.close()
            engine.dispose()
    except TrucelineError as exc:
        raise fail(exc) from None
