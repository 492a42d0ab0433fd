"""`truceline run`: the extraction pipeline over many shards on Dask, Parquet out."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from truceline.cli.app import app
from truceline.errors import TrucelineError

log = logging.getLogger(__name__)


@app.command("run")
def run_cmd(
    inputs: Annotated[
        list[str],
        typer.Option(
            "--input",
            "-i",
            help="Glob of shards (quote it; ** recurses): .jsonl, .jsonl.gz, .warc, .warc.gz. "
            "Repeat for several.",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output directory (on a shared file system).")
    ],
    engine: Annotated[
        str, typer.Option(help="dask (a cluster), or local (this process, no engine).")
    ] = "dask",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address, e.g. tcp://head:8786. Omit for a LocalCluster "
            "on this machine."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-j",
            help="LocalCluster worker processes (default: one per core, at most one per "
            "shard: a shard is read by one process).",
            min=1,
            show_default=False,
        ),
    ] = None,
    memory_limit: Annotated[
        str, typer.Option(help="LocalCluster memory per worker, e.g. 2GB (default: auto).")
    ] = "auto",
    model: Annotated[
        Path | None,
        typer.Option(help="An event-typing model saved by `truceline train` (default: shipped)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Redo every shard, even those already done.")
    ] = False,
    retries: Annotated[
        int, typer.Option(help="Times a failing shard is retried before it counts as failed.")
    ] = 2,
    dask_log_level: Annotated[
        str, typer.Option(help="Level of Dask's own log lines (info shows its start-up).")
    ] = "warning",
) -> None:
    """Extract every article of many shards, in parallel, into partitioned Parquet.

    Reads the shards the --input globs match (JSONL contract input lines, or WARC such
    as Common Crawl News) and writes OUTPUT/{articles,events,ceasefires,quotes}/
    shard=KEY/part-0.parquet plus OUTPUT/_manifest/KEY.json for each finished shard.
    A re-run skips finished shards, so a killed job resumes where it stopped. Read the
    result with `truceline ingest OUTPUT`, pandas or DuckDB. Exit status 1 when a
    shard failed (re-run to retry it). Ctrl-C or SIGTERM stops the run (exit status
    130); finished shards stay done.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from truceline.processes import stop_on_signals
    from truceline.scale.runner import RunPlan, run

    if engine not in ("dask", "local"):
        raise typer.BadParameter(f"--engine {engine!r}: choose dask or local")
    if engine == "local" and (scheduler or workers):
        raise typer.BadParameter("--scheduler and --workers apply to --engine dask only")
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("shards", total=None)

    def on_plan(plan: RunPlan) -> None:
        if plan.done:
            typer.echo(f"{len(plan.done)} shards already done, skipped", err=True)
        progress.update(task, total=len(plan.todo))

    def on_shard(entry: object, key: str) -> None:
        progress.advance(task)

    try:
        with stop_on_signals(), progress:
            summary = run(
                inputs,
                output,
                engine="local" if engine == "local" else "dask",
                scheduler=scheduler,
                workers=workers,
                memory_limit=memory_limit,
                model_path=model,
                force=force,
                retries=retries,
                on_plan=on_plan,
                on_shard=on_shard,
                dask_log_level=dask_log_level.upper(),
            )
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: finished shards are kept; run again to go on", err=True)
        raise typer.Exit(130) from None
    failed_articles = sum(e.failed for e in summary.processed)
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    typer.echo(
        f"{len(summary.processed)} shards done, {len(summary.skipped)} skipped, "
        f"{len(summary.failed)} failed; {summary.articles} articles "
        f"({failed_articles} unreadable), {summary.events} events "
        f"in {summary.seconds:.1f} s ({rate:.1f} articles/s) -> {output}",
        err=True,
    )
    for reason in summary.failed.values():
        typer.echo(f"error: {reason}", err=True)
    if summary.failed:
        raise typer.Exit(1)
