"""Incident commands: `incidents build`, `ceasefires import|list`, `ledger`, `outlets`,
`export`.

They read the store (`--db`, as the store commands) or, with `--documents FILE.jsonl`,
contract documents written by `truceline extract --jsonl` (nothing is stored then).
`incidents build` merges the stored events into incidents and stores them with the
ceasefire registry; `ledger`, `outlets` and `export` read that build and redo it
first when the store changed since (new extractions or ceasefire imports).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from truceline.cli.app import DbOption, app, fail
from truceline.errors import TrucelineError

if TYPE_CHECKING:
    from truceline.incidents import Incident, Registry

log = logging.getLogger(__name__)

incidents_app = typer.Typer(help="Merge events of many articles into incidents.")
ceasefires_app = typer.Typer(help="The ceasefire registry: import agreements, list them.")
app.add_typer(incidents_app, name="incidents")
app.add_typer(ceasefires_app, name="ceasefires")

DocumentsOption = Annotated[
    Path | None,
    typer.Option(
        "--documents",
        help="Read contract documents (JSONL from `truceline extract --jsonl`) instead of "
        "the store; nothing is stored.",
        show_default=False,
    ),
]
CeasefiresOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--ceasefires",
        help="With --documents: a PA-X .csv or YAML ceasefire file to add (repeatable).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
]
DistanceOption = Annotated[
    float, typer.Option("--distance-km", help="Two places at most this far apart can merge.")
]
ReviewedOnlyOption = Annotated[
    bool,
    typer.Option(
        "--reviewed-only",
        help="Only incidents with at least one event an analyst verified or corrected.",
    ),
]
OpenDaysOption = Annotated[
    int,
    typer.Option(
        "--open-days",
        help="A ceasefire with no end and no successor counts as in force this many days.",
    ),
]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


# -- sources -----------------------------------------------------------------------
def _read_documents(path: Path) -> list[Any]:
    from truceline.errors import BadRecordError
    from truceline.schemas import Document

    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadRecordError(str(path), f"cannot read ({exc})") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadRecordError(f"{path}:{n}", f"not JSON ({exc.msg})") from None
        if "error" in data:  # an error line of `extract --jsonl`
            log.warning("%s:%d: skipped error document: %s", path, n, data["error"])
            continue
        try:
            docs.append(Document.model_validate(data))
        except ValueError as exc:
            raise BadRecordError(f"{path}:{n}", f"not a truceline/1 document ({exc})") from None
    return docs


def _analyse_documents(
    path: Path, ceasefire_files: list[Path] | None, distance_km: float, open_days: int
) -> tuple[list[Incident], Registry]:
    from truceline.incidents import MergeConfig, analyse, read_ceasefire_file

    imported = [r for f in ceasefire_files or [] for r in read_ceasefire_file(f)]
    result = analyse(_read_documents(path), imported, config=MergeConfig(distance_km=distance_km),
                     open_days=open_days)  # fmt: skip
    return result.incidents.incidents, result.registry


def _load(
    db: str | None,
    documents: Path | None,
    ceasefire_files: list[Path] | None,
    distance_km: float = 25.0,
    open_days: int = 365,
) -> tuple[list[Incident], Registry]:
    """Incidents and registry from --documents, or the store's (rebuilt when stale)."""
    if documents is not None:
        return _analyse_documents(documents, ceasefire_files, distance_km, open_days)
    if ceasefire_files:
        raise typer.BadParameter("use `truceline ceasefires import` to add ceasefires to the "
                                 "store; --ceasefires goes with --documents",
                                 param_hint="--ceasefires")  # fmt: skip
    from truceline.incidents import Registry
    from truceline.incidents.persist import (
        build_in_store,
        load_incidents,
        load_registry,
        stale_reason,
    )
    from truceline.store import store_session

    with store_session(db) as session:
        reason = stale_reason(session)
        if reason is not None:
            log.warning("building incidents: %s", reason)
            result, _ = build_in_store(session, distance_km=distance_km, open_days=open_days)
            return result.incidents.incidents, result.registry
        return load_incidents(session), Registry(load_registry(session), open_days)


def _rejected(db: str | None, registry: Registry) -> dict[str, list[str]]:
    """Registry id -> the store's rejected events that would have counted against it."""
    from truceline.incidents.reviews import rejected_in_store
    from truceline.store import store_session

    with store_session(db) as session:
        return rejected_in_store(session, registry)


def _outside_reasons(incidents: Any) -> dict[str, int]:
    """Incidents an article ties to a ceasefire whose window does not hold them, by why."""
    from collections import Counter

    def why(note: str) -> str:
        if "before its start" in note:
            return "before the start"
        if "after its window" in note:
            return "after the window"
        return "start unknown"

    return dict(Counter(why(i.ceasefire_note) for i in incidents if i.ceasefire_note))


def build_summary(result: Any, n_docs: int) -> dict[str, Any]:
    """What a build made and left out, every count with its reason."""
    from collections import Counter

    incs = result.incidents.incidents
    skipped = Counter(reason for _, reason in result.incidents.skipped)
    undated = [i for i in incs if i.date is None]
    return {
        "articles": n_docs,
        "events": len(result.incidents.mentions) + len(result.incidents.skipped),
        "mentions": len(result.incidents.mentions),
        "skipped_events": len(result.incidents.skipped),
        "skipped_events_by_reason": dict(skipped),
        "incidents": len(incs),
        "undated_incidents": len(undated),
        "undated_why": "no event date and no publication date (kept; shown under "
        "'undated' in the ledger)",
        "by_status": dict(Counter(i.status for i in incs)),
        "alleged_violations": sum(1 for i in incs if i.violation),
        "undated_violations": sum(1 for i in undated if i.violation),
        "tied_by_an_article_outside_the_window": _outside_reasons(incs),
        "ceasefires": len(result.registry.records),
    }


def ledger_summary(ledgers: Any, incidents: Any) -> str:
    """One line for stderr: what the ledgers count and what they leave out, and why."""
    total = sum(lg.counts.get("total", 0) for lg in ledgers)
    undated = sum(lg.counts.get("undated", 0) for lg in ledgers)
    outside = _outside_reasons(incidents)
    listed = sum(len(lg.outside_window) for lg in ledgers)
    unassigned = sum(1 for i in incidents if i.ceasefire_id is None)
    why = ", ".join(f"{n} {k}" for k, n in outside.items()) or "none"
    return (
        f"{len(ledgers)} ceasefire(s), {total} alleged violation(s), {undated} of them "
        f"undated (no event or publication date); tied by an article to a ceasefire whose "
        f"window does not hold them, so not counted under it: {why} ({listed} listed in "
        f"its ledger); {unassigned} incident(s) inside no ceasefire's window"
    )


# -- commands ----------------------------------------------------------------------
@incidents_app.command("build")
def incidents_build_cmd(
    db: DbOption = None,
    distance_km: DistanceOption = 25.0,
    open_days: OpenDaysOption = 365,
    duplicate_threshold: Annotated[
        float,
        typer.Option(
            help="MinHash Jaccard similarity from which two articles are copies.", min=0.01, max=1.0
        ),
    ] = 0.7,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Merge the store's events into incidents and rebuild the ceasefire registry.

    Reads every stored extraction and the imported ceasefires; writes the incidents,
    which event is in which, and the registry (imports merged with the ceasefires
    found in articles) to the store, replacing the previous build.
    """
    from truceline.incidents.persist import build_in_store
    from truceline.store import store_session

    try:
        with store_session(db) as session:
            result, n_docs = build_in_store(
                session,
                distance_km=distance_km,
                open_days=open_days,
                duplicate_threshold=duplicate_threshold,
            )
    except TrucelineError as exc:
        raise fail(exc) from None
    summary = build_summary(result, n_docs)
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            if isinstance(value, dict):
                typer.echo(f"{key.replace('_', ' ')}:")
                for k, v in value.items():
                    typer.echo(f"  {k}: {v}")
            else:
                typer.echo(f"{key.replace('_', ' ')}: {value}")


@ceasefires_app.command("import")
def ceasefires_import_cmd(
    file: Annotated[Path, typer.Argument(help="A PA-X agreements .csv or a .yaml file.")],
    db: DbOption = None,
    include_local: Annotated[
        bool,
        typer.Option(
            help="PA-X: keep local agreements too (their area is unknown, so "
            "they would be read as covering the whole country)."
        ),
    ] = False,
) -> None:
    """Import ceasefires into the store's registry from PA-X or a YAML file.

    PA-X: the agreements CSV of the PeaceRep Peace Agreements Database; rows whose
    Stage is "Cea" (ceasefires) are kept unless the rules of
    data/ceasefire_rules.yaml say they are no ceasefire (pledges, guidelines, related
    agreements naming no cessation of hostilities: counted and reported), local ones
    only with --include-local. YAML:
    a list of ceasefires (or `ceasefires: [...]`) with id, name, parties [{name,
    country, kind}], announced, effective (YYYY-MM-DD[THH:MM]), ended, scope, area
    {countries, admin1, latitude, longitude, radius_km}. A ceasefire imported again
    under the same id is replaced.
    """
    from collections import Counter

    from truceline.incidents import read_ceasefire_file
    from truceline.incidents.persist import save_imports
    from truceline.store import store_session

    dropped: Counter[str] = Counter()
    try:
        records = read_ceasefire_file(file, include_local=include_local, dropped=dropped)
        with store_session(db) as session:
            n = save_imports(session, records, str(file))
    except TrucelineError as exc:
        raise fail(exc) from None
    typer.echo(f"imported {n} ceasefire(s) from {file}")
    if dropped:
        why = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items()))
        typer.echo(f"left out {sum(dropped.values())} PA-X agreement(s) that are no "
                   f"ceasefire (by rule, see data/ceasefire_rules.yaml): {why}")  # fmt: skip


@ceasefires_app.command("list")
def ceasefires_list_cmd(
    db: DbOption = None,
    documents: DocumentsOption = None,
    ceasefires: CeasefiresOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    open_days: OpenDaysOption = 365,
) -> None:
    """List the ceasefire registry: id, source, parties, start, window, incidents."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose table or json", param_hint="--format")
    from collections import Counter

    from truceline.incidents.sides import side_label, side_of

    try:
        incs, registry = _load(db, documents, ceasefires, open_days=open_days)
    except TrucelineError as exc:
        raise fail(exc) from None
    linked = Counter(i.ceasefire_id for i in incs if i.violation)
    rows = []
    for r in sorted(registry.records, key=lambda r: (r.start() or "", r.id)):
        w = registry.window(r)
        rows.append({
            "id": r.id, "source": r.source, "name": registry.title(r),
            "parties": [side_label(side_of(p)) for p in r.parties],
            "effective": r.effective or r.announced,
            "window_end": dt.date.fromordinal(w.end).isoformat() if w.end else None,
            "window_end_reason": w.end_reason, "alleged_violations": linked.get(r.id, 0),
        })  # fmt: skip
    if fmt == "json":
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "source", "name", "parties", "effective", "window end", "violations")
    for row in rows:
        table.add_row(row["id"], row["source"], row["name"] or "", ", ".join(row["parties"]),
                      row["effective"] or "?", f"{row['window_end'] or '?'}",
                      str(row["alleged_violations"]))  # fmt: skip
    Console().print(table)


@app.command("ledger")
def ledger_cmd(
    ceasefire: Annotated[
        str | None, typer.Option("--ceasefire", help="Only this ceasefire (its registry id).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, md or csv.")] = "md",
    output: OutputOption = None,
    db: DbOption = None,
    documents: DocumentsOption = None,
    ceasefires: CeasefiresOption = None,
    distance_km: DistanceOption = 25.0,
    open_days: OpenDaysOption = 365,
    reviewed_only: ReviewedOnlyOption = False,
) -> None:
    """The violations ledger of each ceasefire with alleged violations.

    Per ceasefire: id, name, parties, when it took effect, its window, the first
    alleged violation (days after the start; hours only when both times are known),
    the violations (incident ids, date, status, claimant sides, evidence), alleged
    violations per day by accusing side, counts by status and undated, top places, and
    incidents an article ties to it that lie outside its window. Undated violations
    (no event or publication date) are listed and counted as "undated". Per incident
    how many of its events analysts verified, and the events they rejected (left out
    of every count). Prints a one-line count of what is in and what is left out, and
    why, on stderr.
    """
    from truceline.incidents.ledger import RENDERERS, build_ledgers
    from truceline.incidents.reviews import reviewed_only as only_reviewed

    if fmt not in RENDERERS:
        raise typer.BadParameter(f"{fmt!r}: choose json, md or csv", param_hint="--format")
    try:
        incs, registry = _load(db, documents, ceasefires, distance_km, open_days)
        if reviewed_only:
            incs = only_reviewed(incs)
        rejected = _rejected(db, registry) if documents is None else {}
        ledgers = build_ledgers(incs, registry, ceasefire, rejected)
    except KeyError:
        raise fail(ValueError(f"no ceasefire {ceasefire!r} in the registry: see "
                               "`truceline ceasefires list`")) from None  # fmt: skip
    except TrucelineError as exc:
        raise fail(exc) from None
    _write(RENDERERS[fmt](ledgers), output)
    typer.echo(ledger_summary(ledgers, incs), err=True)


@app.command("outlets")
def outlets_cmd(
    fmt: Annotated[str, typer.Option("--format", help="md or json.")] = "md",
    output: OutputOption = None,
    db: DbOption = None,
    documents: DocumentsOption = None,
) -> None:
    """Each outlet's claims by side, and the share it states in its own voice."""
    from truceline.incidents.outlets import outlet_profiles, render_outlets_md

    if fmt not in ("md", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose md or json", param_hint="--format")
    try:
        incs, _ = _load(db, documents, None)
    except TrucelineError as exc:
        raise fail(exc) from None
    profiles = outlet_profiles(incs)
    if fmt == "json":
        text = json.dumps([p.model_dump() for p in profiles], indent=2, ensure_ascii=False)
        _write(text + "\n", output)
    else:
        _write(render_outlets_md(profiles), output)


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="acled-csv, geojson or parquet.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    unit: Annotated[
        str, typer.Option(help="One row per `incident` or per `event` (acled-csv, parquet).")
    ] = "incident",
    ceasefire: Annotated[
        str | None, typer.Option("--ceasefire", help="Only incidents of this ceasefire.")
    ] = None,
    db: DbOption = None,
    documents: DocumentsOption = None,
    ceasefires: CeasefiresOption = None,
    reviewed_only: ReviewedOnlyOption = False,
) -> None:
    """Export incidents as ACLED-style CSV, GeoJSON or Parquet.

    acled-csv: ACLED's column names and date format ("26 October 2020"); truceline's
    status, accusing sides and ceasefire go in `tags`. geojson: a FeatureCollection of
    points. parquet: the ACLED columns plus truceline's (status, sides, mentions).
    """
    from truceline.exports import export

    if fmt not in ("acled-csv", "geojson", "parquet"):
        raise typer.BadParameter(f"{fmt!r}: choose acled-csv, geojson or parquet",
                                 param_hint="--format")  # fmt: skip
    if unit not in ("incident", "event"):
        raise typer.BadParameter(f"{unit!r}: choose incident or event", param_hint="--unit")
    try:
        incs, _ = _load(db, documents, ceasefires)
    except TrucelineError as exc:
        raise fail(exc) from None
    if ceasefire is not None:
        incs = [i for i in incs if i.ceasefire_id == ceasefire]
    if reviewed_only:
        from truceline.incidents.reviews import reviewed_only as only_reviewed

        incs = only_reviewed(incs)
    n = export(incs, fmt, output, unit)  # type: ignore[arg-type]
    typer.echo(f"wrote {n} {'feature' if fmt == 'geojson' else 'row'}s to {output}", err=True)
