"""`truceline review list|show|set|stats`: analysts' verdicts on stored events.

Each reads and writes the store (`--db`, as the other commands). A review is an overlay
on the extraction: `set` never edits an event, it records a verdict (verified, rejected,
corrected, or unreviewed to withdraw one), the corrected fields and a note, with an
audit entry. `ledger`, `outlets` and `export` rebuild the incidents from the reviewed
view when a review is newer than the last build.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from truceline.cli.app import DbOption, app, fail
from truceline.errors import TrucelineError

review_app = typer.Typer(help="Review stored events: verify, reject or correct them.")
app.add_typer(review_app, name="review")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def parse_changes(items: list[str]) -> dict[str, Any]:
    """`FIELD=VALUE` pairs; VALUE is read as JSON when it is JSON (numbers, true, null,
    objects), else as a string: `fatalities=3`, `sub_event_type=Armed clash`."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--change")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out[name.strip()] = value
    return out


@review_app.command("list")
def review_list_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    state: Annotated[
        str | None, typer.Option(help="Only `attached` or `orphaned` reviews.")
    ] = None,
    verdict: Annotated[str | None, typer.Option(help="Only reviews with this verdict.")] = None,
) -> None:
    """List every review: event, verdict, reviewer, time, attached or orphaned.

    Reads the store. An `orphaned` review is one whose act the last re-extraction did
    not read again; it is kept (with its evidence) and re-attaches when a later
    extraction finds the act.
    """
    from truceline.store import store_session
    from truceline.store.review import list_reviews

    try:
        with store_session(db) as session:
            reviews = list_reviews(session, state=state, verdict=verdict)
    except TrucelineError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in reviews], indent=2,
                              ensure_ascii=False))  # fmt: skip
        return
    if not reviews:
        typer.echo("no reviews")
        return
    for r in reviews:
        changed = f" changes: {', '.join(r.changes)}" if r.changes else ""
        typer.echo(
            f"{r.id}\t{r.article_id}#{r.event_id or '-'}\t{r.state}\t{r.verdict}\t"
            f"{r.reviewer}\t{r.reviewed_at}{changed}"
        )


@review_app.command("show")
def review_show_cmd(
    row_id: Annotated[int, typer.Argument(help="The event's row id (`query events`).")],
    db: DbOption = None,
) -> None:
    """Show one stored event: as extracted, as reviewed, its review and its audit log."""
    from truceline.store import store_session
    from truceline.store.review import audit_log, reviewed_event

    try:
        with store_session(db) as session:
            found = reviewed_event(session, row_id)
            log = audit_log(session, found.review.id) if found.review else []
    except TrucelineError as exc:
        raise fail(exc) from None
    out = {
        "row_id": found.row_id,
        "article_id": found.article_id,
        "verdict": found.verdict,
        "review": found.review.model_dump(mode="json") if found.review else None,
        "event": found.event.model_dump(mode="json"),
        "extracted": found.extracted.model_dump(mode="json"),
        "audit": [a.model_dump(mode="json") for a in log],
    }
    typer.echo(json.dumps(out, indent=2, ensure_ascii=False))


@review_app.command("set")
def review_set_cmd(
    row_id: Annotated[int, typer.Argument(help="The event's row id (`query events`).")],
    verdict: Annotated[
        str, typer.Option("--verdict", help="verified, rejected, corrected or unreviewed.")
    ],
    reviewer: Annotated[str, typer.Option("--reviewer", help="Who reviewed it.")],
    change: Annotated[
        list[str] | None,
        typer.Option(
            "--change",
            help="FIELD=VALUE to correct (repeatable; VALUE as JSON or text), e.g. "
            "--change 'sub_event_type=Armed clash' --change fatalities=2.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why.")] = None,
    db: DbOption = None,
) -> None:
    """Record a verdict on a stored event (and the corrected fields with `corrected`).

    Writes a review and an audit entry to the store; the event itself is not edited.
    """
    from pydantic import ValidationError

    from truceline.store import store_session
    from truceline.store.review import ReviewRequest, set_review

    try:
        request = ReviewRequest(verdict=verdict, changes=parse_changes(change or []), note=note)  # type: ignore[arg-type]
    except ValidationError:
        raise typer.BadParameter(
            f"{verdict!r}: choose verified, rejected, corrected or unreviewed",
            param_hint="--verdict",
        ) from None
    try:
        with store_session(db) as session:
            review = set_review(session, row_id, request, reviewer)
    except TrucelineError as exc:
        raise fail(exc) from None
    changed = f" ({', '.join(sorted(review.changes))})" if review.changes else ""
    typer.echo(f"event {row_id}: {review.verdict}{changed} by {review.reviewer}")


@review_app.command("stats")
def review_stats_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Agreement between the extractor and the reviewers, per field and per type.

    Reads the reviews in the store. Per field: of the verified and corrected events, the
    share a reviewer left unchanged. Per extracted sub-event type: verified, corrected,
    rejected, and the share whose type the reviewers kept.
    """
    from truceline.review.agreement import review_stats
    from truceline.store import store_session

    try:
        with store_session(db) as session:
            stats = review_stats(session)
    except TrucelineError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(stats.model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    def pct(rate: float | None) -> str:
        return "-" if rate is None else f"{rate:.0%}"

    console = Console()
    verdicts = ", ".join(f"{k} {v}" for k, v in stats.by_verdict.items()) or "none"
    console.print(
        f"{stats.reviews} review(s): {verdicts}; {stats.attached} attached, "
        f"{stats.orphaned} orphaned"
    )
    fields = Table("field", "reviewed", "unchanged", "agreement", title="Per field")
    for f in stats.fields:
        fields.add_row(f.field, str(f.reviewed), str(f.agreed), pct(f.rate))
    console.print(fields)
    types = Table("extracted type", "reviewed", "verified", "corrected", "rejected",
                  "type kept", "corrected to", title="Per type")  # fmt: skip
    for t in stats.types:
        types.add_row(t.sub_event_type, str(t.reviewed), str(t.verified), str(t.corrected),
                      str(t.rejected), pct(t.rate),
                      ", ".join(f"{k} {v}" for k, v in t.corrected_to.items()))  # fmt: skip
    console.print(types)
