"""`truceline extract`: one article (txt/html) or a JSONL file of articles to contract documents."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from truceline.cli.app import WorkersOption, app
from truceline.errors import TrucelineError

log = logging.getLogger(__name__)


@app.command("extract")
def extract_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(help="A .txt or .html article. Omit with --jsonl.", show_default=False),
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help="Contract input lines {id, text, title?, url?, published?, "
            "outlet?}; one document per line, same order.",
        ),
    ] = None,
    workers: WorkersOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD: the reference for 'on Monday'.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL.")] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet that published it.")] = None,
    model: Annotated[
        Path | None,
        typer.Option(help="An event-typing model saved by `truceline train` (default: shipped)."),
    ] = None,
    pretty: Annotated[bool, typer.Option(help="Indent the JSON of a single document.")] = True,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also print, on stderr, why each event of FILE has its type: the ids of the rules "
            "that typed it, the rules' type, the model's and the combined one.",
        ),
    ] = False,
) -> None:
    """Extract events, claims, ceasefires and quotes as truceline/1 JSON.

    Reads FILE (.txt or .html) and writes one document to stdout, or reads --jsonl IN
    and writes one document per line (to -o OUT or stdout), in input order, extracting
    on --workers processes (-j; default one per core). Bad lines give an error document
    and a message on stderr; the exit status is 1 only if every line failed. Ctrl-C or
    SIGTERM stops --jsonl (exit status 130): the documents written so far stay.
    """
    if (file is None) == (jsonl is None):
        raise typer.BadParameter("give either FILE or --jsonl IN (not both)")
    if jsonl is not None and explain:
        raise typer.BadParameter("--explain reads one FILE, not --jsonl")
    try:
        if jsonl is not None:
            _extract_jsonl(jsonl, output, workers, model)
        else:
            assert file is not None
            _extract_file(file, output, published, url, outlet, model, pretty, explain)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _extract_jsonl(
    jsonl: Path, output: Path | None, workers: int | None, model: Path | None
) -> None:
    # the workers load the extractor: this process need not even import it
    from truceline.extract.jsonl import extract_jsonl
    from truceline.processes import stop_on_signals

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        with stop_on_signals():
            summary = extract_jsonl(jsonl, out, workers=workers, model_path=model, on_error=_warn)
    except KeyboardInterrupt:
        typer.echo("interrupted: the documents written so far stay", err=True)
        raise typer.Exit(130) from None
    finally:
        if output:
            out.close()
    if summary.total and summary.failed == summary.total:
        raise typer.Exit(1)


def _extract_file(
    file: Path,
    output: Path | None,
    published: str | None,
    url: str | None,
    outlet: str | None,
    model: Path | None,
    pretty: bool,
    explain: bool,
) -> None:
    from truceline.extract.pipeline import Extractor
    from truceline.extract.typer import explain_events
    from truceline.inputs import read_article_file

    article = read_article_file(file, published=published, url=url, outlet=outlet)
    doc = Extractor(model_path=model, explain=explain).extract(article)
    if explain:
        for line in explain_events(doc):
            typer.echo(line, err=True)
    text = json.dumps(doc.to_contract(), ensure_ascii=False, indent=2 if pretty else None)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)


def _warn(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
