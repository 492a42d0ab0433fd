"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="truceline",
    help="Ceasefire monitoring from news: extract events and claims, keep a ledger, serve it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
