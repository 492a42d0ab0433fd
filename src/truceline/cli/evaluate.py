"""`truceline eval` (score documents against gold) and `truceline train` (fit an
event-typing model on the user's own labelled notes)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from truceline.cli.app import app
from truceline.errors import TrucelineError

log = logging.getLogger(__name__)


@app.command("eval")
def eval_cmd(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold JSONL: {id, granularity: single|multi, source?, gold: {events, "
            "ceasefires}} per line (the dev data's format).",
            show_default=False,
        ),
    ],
    pred: Annotated[
        Path,
        typer.Argument(
            help="truceline/1 documents, one per line (`extract --jsonl` output).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score predicted documents against gold as the contract's last section says.

    Reads GOLD and PRED (JSONL) and prints event precision/recall/F1, ceasefire
    precision/recall and per-field rates over matched events (multi-event gold), and
    per-field rates of the primary event (single-event gold).
    """
    from truceline.evaluate import format_report, score_files

    try:
        result = score_files(gold, pred)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(result, indent=1) if as_json else format_report(result))


@app.command("train")
def train_cmd(
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="Directory to write the model to.", show_default=False),
    ],
    examples: Annotated[
        Path | None,
        typer.Option(
            "--examples",
            help="Labelled JSONL: contract gold lines (e.g. your ACLED export as "
            "{id, text, gold: {events: [{sub_event_type, ...}]}}) or {text, sub_event_type}.",
            show_default=False,
        ),
    ] = None,
    from_store: Annotated[
        str | None,
        typer.Option(
            "--from-store",
            help="Instead of --examples: learn from a store's reviewed events (each "
            "verified or corrected event's sentence and type), DB a store URL.",
            show_default=False,
        ),
    ] = None,
    with_defaults: Annotated[
        bool,
        typer.Option(
            "--with-defaults",
            help="Add the examples truceline ships (its own sentences, every sub-event type).",
        ),
    ] = False,
) -> None:
    """Fit an event typer on your own labelled notes (or reviewed events) and save it.

    Reads --examples (or, with --from-store, the reviewed events of a store; with
    --with-defaults, also the shipped examples), learns how far the rules can be
    trusted beside the model, and writes a model directory at --output (JSON manifest,
    vocabulary and NumPy weights: nothing executable). Use it with
    `truceline extract --model DIR` or `reextract --model DIR`.
    """
    from truceline.extract.typer import train_typer
    from truceline.extract.typing_model import read_examples

    if (examples is None) == (from_store is None):
        raise typer.BadParameter("give --examples FILE or --from-store DB (one of them)")
    if from_store is not None:
        _train_from_store(from_store, output, with_defaults)
        return
    assert examples is not None
    try:
        pairs = read_examples(examples)
        typer.echo(f"training on {len(pairs)} examples from {examples}", err=True)
        model = train_typer(pairs, with_defaults=with_defaults)
        model.provenance["trained_on"] = str(examples)
        model.save(output)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    per_label = ", ".join(f"{k} {v}" for k, v in model.provenance["per_label"].items())
    typer.echo(f"saved a model of {len(model.labels)} sub-event types to {output} ({per_label})")


def _train_from_store(db: str, output: Path, with_defaults: bool) -> None:
    from truceline.review.training import reviewed_examples, train_from_reviews
    from truceline.store import store_session

    try:
        with store_session(db) as session:
            pairs = reviewed_examples(session)
        typer.echo(f"training on {len(pairs)} reviewed events", err=True)
        model = train_from_reviews(pairs, with_defaults=with_defaults)
        model.provenance["trained_on"] = "reviewed events" + (
            " and the shipped examples" if with_defaults else ""
        )
        model.save(output)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"saved a model of {len(model.labels)} sub-event types to {output}")
