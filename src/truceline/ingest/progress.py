"""The rich progress bar of `ingest` and `reextract`, and the human summary after them."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


class RunProgress:
    """A live line on stderr: items read, new / duplicate / failed, articles per second.

    Use as a context manager and pass it as the runner's `progress` callback. Off when
    stderr is not a terminal (logs stay clean).
    """

    def __init__(self, label: str, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.label = label
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            TextColumn("{task.completed:>8,.0f} read"),
            TextColumn("{task.fields[counts]}"),
            TextColumn("[cyan]{task.fields[rate]} articles/s"),
            TimeElapsedColumn(),
            console=self.console,
            disable=not self.console.is_terminal,
        )
        self.task: Any = None

    def __enter__(self) -> RunProgress:
        self.progress.start()
        self.task = self.progress.add_task(self.label, total=None, counts="", rate="0.0")
        return self

    def __exit__(self, *_: Any) -> None:
        self.progress.stop()

    def __call__(self, summary: Any) -> None:
        if hasattr(summary, "new"):
            counts = (
                f"[green]{summary.new:,} new[/] · {summary.duplicate:,} duplicate · "
                f"[red]{summary.failed:,} failed[/] · {summary.events:,} events"
            )
        else:
            counts = (
                f"[green]{summary.reextracted:,} re-extracted[/] · "
                f"[red]{summary.failed:,} failed[/]"
            )
        self.progress.update(
            self.task,
            completed=summary.read,
            counts=counts,
            rate=f"{summary.articles_per_second:.1f}",
        )


def summary_table(summary: Any, title: str) -> Table:
    """The counts of a run as a two-column table (failures listed after it by the CLI)."""
    table = Table(title=title, show_header=False, title_justify="left", box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    skip = {"failures", "not_extracted_reasons", "db", "failures_not_listed", "skips"}
    for name, value in summary.model_dump().items():
        if name in skip or (name == "interrupted" and not value):
            continue
        shown = f"{value:,}" if type(value) is int else str(value)
        table.add_row(name.replace("_", " "), shown)
    for reason, n in getattr(summary, "not_extracted_reasons", {}).items():
        table.add_row(f"  {reason}", f"{n:,}")
    table.add_row("store", summary.db)
    return table
