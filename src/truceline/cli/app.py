"""The Typer application every command module registers on."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="truceline",
    help="Ceasefire monitoring from news: extract events and claims, keep a ledger, serve it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The store option every store-reading command takes.
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store URL: sqlite:///FILE or postgresql://USER@HOST/DB "
        "(default: TRUCELINE_DB, else truceline.sqlite in the user data dir).",
        show_default=False,
    ),
]

# The worker processes of every command that extracts many articles (ingest, extract...).
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-j",
        help="Worker processes (default: one per core; 0: all in this process).",
        show_default=False,
    ),
]


def fail(exc: Exception) -> typer.Exit:
    """Say what went wrong on stderr; the exit to raise (status 1)."""
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)
