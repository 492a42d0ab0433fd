"""The progress of `ingest` and `reextract`, and the human summary after them.

On a terminal a rich progress line; otherwise (a log file, a pipe, a service) a plain
line every `every` seconds (`TRUCELINE_PROGRESS_SECONDS`) where the logs go, e.g.

    ingest: 1,204 read · 1,180 stored · 3 duplicate · 21 failed · 14.2 articles/s · 85 s
"""

from __future__ import annotations

import threading
import time
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table


class RunProgress:
    """A live line on stderr: items read, new / duplicate / failed, articles per second.

    Use as a context manager and pass it as the runner's `progress` callback. When
    stderr is not a terminal: a plain line every `every` seconds instead (see above).
    """

    def __init__(
        self, label: str, console: Console | None = None, *, every: float | None = None
    ) -> None:
        self.console = console or Console(stderr=True)
        self.label = label
        if every is None:
            from truceline.settings import get_settings

            every = get_settings().progress_seconds
        self.every = every
        self._latest: Any = None
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._lines: threading.Thread | None = None
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
        self._start = time.monotonic()
        if not self.console.is_terminal and self.every > 0:
            # a thread, so that a line comes even while one long article holds the run
            self._lines = threading.Thread(target=self._print_lines, daemon=True)
            self._lines.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        if self._lines is not None:
            self._lines.join()
        self.progress.stop()

    def _print_lines(self) -> None:
        while not self._stop.wait(self.every):
            if self._latest is not None:
                seconds = time.monotonic() - self._start
                line = progress_line(self.label, self._latest, seconds)
                self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def __call__(self, summary: Any) -> None:
        self._latest = summary
        if not self.console.is_terminal:
            return
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


def progress_line(label: str, summary: Any, seconds: float) -> str:
    """One plain line of counts: read, stored, failed, rate, seconds."""
    stored = summary.new if hasattr(summary, "new") else summary.reextracted
    extra = f" · {summary.duplicate:,} duplicate" if hasattr(summary, "duplicate") else ""
    rate = summary.read / seconds if seconds > 0 else 0.0
    return (
        f"{label}: {summary.read:,} read · {stored:,} stored{extra} · {summary.failed:,} failed"
        f" · {rate:.1f} articles/s · {seconds:.0f} s"
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
