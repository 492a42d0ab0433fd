"""`truceline serve` (REST API and dashboard) and `truceline token create|list|revoke`."""

from __future__ import annotations

import ipaddress
import json
import logging
from typing import Annotated

import typer

from truceline.cli.app import DbOption, app, fail
from truceline.errors import TrucelineError

log = logging.getLogger(__name__)

token_app = typer.Typer(help="API tokens: for POST /api/articles, and for reading when "
                             "TRUCELINE_READ_AUTH is on.")  # fmt: skip
app.add_typer(token_app, name="token")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _build_if_stale(db: str) -> None:
    """Rebuild incidents when the store changed since the last build (as `ledger` does)."""
    from truceline.incidents.persist import build_in_store, stale_reason
    from truceline.store import store_session

    with store_session(db, schema=None) as session:
        reason = stale_reason(session)
        if reason is None:
            return
        typer.echo(f"building incidents: {reason}", err=True)
        result, n_docs = build_in_store(session)
        typer.echo(f"built {len(result.incidents.incidents)} incidents from {n_docs} "
                   "articles", err=True)  # fmt: skip


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but loopback exposes the dashboard "
            "and API to other machines: an explicit choice."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    tiles: Annotated[
        str | None,
        typer.Option(
            "--tiles",
            help="Map tiles from this tile server (URL template with {z}/{x}/{y}, e.g. "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png), or `off`. Default: off "
            "(TRUCELINE_TILE_URL), the country outlines served by truceline, which work "
            "offline. Privacy: with a tile server, every analyst's browser asks it for the "
            "tiles of each area viewed, so its operator learns what the cell looks at.",
            show_default=False,
        ),
    ] = None,
    read_auth: Annotated[
        bool | None,
        typer.Option(
            "--read-auth/--open-reads",
            help="Whether reading needs a token (default: TRUCELINE_READ_AUTH, else open).",
            show_default=False,
        ),
    ] = None,
    build: Annotated[
        bool,
        typer.Option(
            "--build/--no-build",
            help="Rebuild incidents first when the store changed since the last build.",
        ),
    ] = True,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            help="Let POST /api/articles fetch URLs on private and loopback "
            "addresses (refused by default)."
        ),
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn's log level.")] = "info",
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/) with uvicorn.

    Reads the store (`--db`; migrated to the newest schema first) and the last
    incidents build (rebuilt first when the store changed, unless --no-build).
    Writes only through POST /api/articles (with a token from `truceline token create`).
    On SIGTERM or Ctrl-C, requests in hand get TRUCELINE_SHUTDOWN_SECONDS to finish;
    extractions still running then are abandoned (nothing half-stored).
    """
    import uvicorn

    from truceline.api import create_app
    from truceline.settings import get_settings
    from truceline.store import display_url, resolve_url, upgrade

    updates: dict[str, object] = {}
    if db is not None:
        updates["db"] = db
    if tiles is not None:
        updates["tile_url"] = "" if tiles.lower() == "off" else tiles
    if read_auth is not None:
        updates["read_auth"] = read_auth
    settings = get_settings().model_copy(update=updates)
    if not is_loopback(host):
        typer.echo(
            f"warning: listening on {host}: the dashboard and API are reachable from other "
            "machines" + ("" if settings.read_auth else "; reading needs no token "
                          "(--read-auth to require one)") + ". Put TLS in front of it.",
            err=True,
        )  # fmt: skip
    try:
        url = resolve_url(settings.db)
        upgrade(url)
        if build:
            _build_if_stale(url)
        application = create_app(settings, allow_private_urls=allow_private_urls)
    except TrucelineError as exc:
        raise fail(exc) from None
    typer.echo(f"serving {display_url(url)} on http://{host}:{port}/ (API docs: /docs)", err=True)
    uvicorn.run(application, host=host, port=port, log_level=log_level, proxy_headers=False,
                server_header=False,
                timeout_graceful_shutdown=max(1, round(settings.shutdown_seconds)))  # fmt: skip


# -- tokens --------------------------------------------------------------------------
@token_app.command("create")
def token_create_cmd(
    name: Annotated[
        str,
        typer.Option(
            "--name", help="Who or what uses the token (a review records it as the reviewer)."
        ),
    ],
    db: DbOption = None,
) -> None:
    """Create an API token and print it (once: the store keeps only its hash)."""
    from truceline.api.tokens import create_token
    from truceline.store import store_session

    try:
        with store_session(db) as session:
            token, info = create_token(session, name)
    except (TrucelineError, ValueError) as exc:
        raise fail(exc) from None
    typer.echo(f"created token {info.id} ({info.name}); it is shown only now:", err=True)
    typer.echo(token)


@token_app.command("list")
def token_list_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List tokens: id, name, created, last used, revoked (never the tokens themselves)."""
    from truceline.api.tokens import list_tokens
    from truceline.store import store_session

    try:
        with store_session(db) as session:
            tokens = list_tokens(session)
    except TrucelineError as exc:
        raise fail(exc) from None

    def iso(value: object) -> str | None:
        return value.isoformat(timespec="seconds") if value is not None else None  # type: ignore[attr-defined]

    rows = [{"id": t.id, "name": t.name, "created": iso(t.created_at),
             "last_used": iso(t.last_used_at), "revoked": iso(t.revoked_at)}
            for t in tokens]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("no tokens (create one with `truceline token create --name NAME`)")
        return
    for r in rows:
        state = f"revoked {r['revoked']}" if r["revoked"] else "active"
        typer.echo(f"{r['id']}  {r['name']}  created {r['created']}  last used "
                   f"{r['last_used'] or 'never'}  {state}")  # fmt: skip


@token_app.command("revoke")
def token_revoke_cmd(
    token_id: Annotated[str, typer.Argument(help="The token's id (see `truceline token list`).")],
    db: DbOption = None,
) -> None:
    """Revoke a token: requests with it are refused from now on."""
    from truceline.api.tokens import revoke_token
    from truceline.store import store_session

    try:
        with store_session(db) as session:
            done = revoke_token(session, token_id)
    except TrucelineError as exc:
        raise fail(exc) from None
    if not done:
        raise fail(ValueError(f"no active token {token_id!r}: see `truceline token list`"))
    typer.echo(f"revoked token {token_id}")
