"""`truceline gazetteer`: add GeoNames country dumps to the compiled gazetteer, and list
what it holds. Place data: GeoNames (https://www.geonames.org), CC BY 4.0."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from truceline.cli.app import app
from truceline.errors import TrucelineError

gazetteer_app = typer.Typer(
    help="The place gazetteer: the offline default (GeoNames cities500 and curated places) "
    "plus GeoNames country dumps you add. Writes under TRUCELINE_CACHE_DIR. Place data: "
    "GeoNames (https://www.geonames.org), CC BY 4.0.",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")


def _cache_dir() -> Path:
    from truceline.settings import get_settings

    return Path(get_settings().cache_dir)


def _progress():  # type: ignore[no-untyped-def]
    """A progress callback: a rich bar on a terminal, a line per 10% otherwise."""
    if sys.stderr.isatty():
        from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

        bar = Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn())
        tasks: dict[str, int] = {}

        def update(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        return bar, update
    shown: dict[str, int] = {}

    def line(name: str, done: int, total: int | None) -> None:
        step = (done * 10 // total) if total else done >> 24  # tenths, or per 16 MB
        if shown.get(name) != step:
            shown[name] = step
            size = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB" if total else f"{done / 1e6:.1f} MB"
            typer.echo(f"{name}: {size}", err=True)

    return None, line


def _result_line(r) -> str:  # type: ignore[no-untyped-def]
    return f"{r.country}: {r.status}; {r.places} places, {r.names} names; sha256 {r.sha256}"


@gazetteer_app.command("download")
def download_cmd(
    countries: Annotated[
        list[str], typer.Argument(help="ISO two-letter country codes, e.g. UA AM AZ.")
    ],
    base_url: Annotated[
        str, typer.Option("--base-url", help="A GeoNames dump directory or a mirror of it.")
    ] = "https://download.geonames.org/export/dump/",
) -> None:
    """Download GeoNames country dumps and add them to the compiled gazetteer.

    Reads {base-url}/CC.zip, {base-url}/alternatenames/CC.zip, admin1CodesASCII.txt and
    admin2Codes.txt; writes them to TRUCELINE_CACHE_DIR/geonames/ (kept so a rebuild
    re-adds them) and adds populated places, provinces, districts and sites (bases,
    airports, border and police posts, mines, bridges, hills) to the gazetteer there.
    Resumes a cut download; a failed one leaves the gazetteer unchanged; the same data
    again changes nothing.
    Place data: GeoNames (https://www.geonames.org), CC BY 4.0.
    """
    from truceline.geo.geonames import download_countries

    bar, update = _progress()
    try:
        if bar is not None:
            with bar:
                results = download_countries(countries, _cache_dir(), base_url=base_url,
                                             progress=update)  # fmt: skip
        else:
            results = download_countries(countries, _cache_dir(), base_url=base_url,
                                         progress=update)  # fmt: skip
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    for r in results:
        typer.echo(_result_line(r))


@gazetteer_app.command("add")
def add_cmd(
    dump: Annotated[Path, typer.Argument(help="A GeoNames country dump CC.zip.")],
    alternates: Annotated[
        Path | None, typer.Option(help="Its alternatenames/CC.zip (names in every script).")
    ] = None,
    admin1: Annotated[Path | None, typer.Option(help="admin1CodesASCII.txt.")] = None,
    admin2: Annotated[Path | None, typer.Option(help="admin2Codes.txt.")] = None,
) -> None:
    """Add an offline copy of a GeoNames country dump to the compiled gazetteer.

    Reads DUMP (and the optional files); copies them to TRUCELINE_CACHE_DIR/geonames/
    and writes the gazetteer there. Place data: GeoNames, CC BY 4.0.
    """
    from truceline.geo.geonames import add_file

    try:
        r = add_file(dump, _cache_dir(), alternates=alternates, admin1=admin1, admin2=admin2)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(_result_line(r))


@gazetteer_app.command("status")
def status_cmd() -> None:
    """List what the compiled gazetteer holds: its sources, when added, and counts.

    Reads the gazetteer in TRUCELINE_CACHE_DIR (building the offline default first if
    it is missing); writes nothing else.
    """
    from truceline.geo.gazetteer import ensure_gazetteer
    from truceline.geo.geonames import source_status

    try:
        path = ensure_gazetteer(_cache_dir())
        rows = source_status(path)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"gazetteer: {path}")
    for s in rows:
        sha = s.sha256[:16] if s.sha256 != "-" else "-"
        typer.echo(f"{s.name}\tadded {s.added}\t{s.places} places\t{s.names} names\tsha256 {sha}")
