"""Dashboard pages: `/` (map, timeline, ledger, evidence), `/articles/{id}` (an article
with its evidence sentences marked), `/status` (what the store holds), `/login` (when
reading needs a token), `/docs`, and the HTML error page of every page (`error_page`).

Pages are rendered on the server with Jinja2 autoescaping, so article text, titles,
outlets and names reach the browser as text, never as markup; links to articles' URLs
are kept only when they are http(s). The page's scripts (static/app.js) read their
settings from `data-` attributes: no inline script, as the CSP requires.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from truceline.api.deps import COOKIE
from truceline.api.filters import Filters, incident_conditions, parse_filters
from truceline.api.routes.ceasefires import ceasefire_item, registry_items
from truceline.api.routes.incidents import filtered_incidents, summary_of
from truceline.api.routes.status import store_status
from truceline.api.state import ApiState
from truceline.api.tokens import verify_token
from truceline.countries import iso3
from truceline.errors import ConfigError, NotFoundError
from truceline.incidents.model import INCIDENT_STATUSES
from truceline.incidents.persist import incidents
from truceline.schemas import EVENT_TYPES, Document
from truceline.store.models import articles
from truceline.store.repository import article_urls_of, load_document
from truceline.version import __version__
from truceline.web import TEMPLATES_DIR
from truceline.web.names import ceasefire_label, country_label, incident_label, place_label

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
LEDGER_ROWS = 500
FILTER_KEYS = ("ceasefire", "since", "until", "country", "bbox", "type", "status")


def safe_url(url: Any) -> str | None:
    """`url` if it is an http(s) URL (no `javascript:` or `data:` links), else None."""
    if not isinstance(url, str):
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


templates.env.filters["safe_url"] = safe_url
templates.env.filters["country"] = country_label
templates.env.filters["place"] = place_label
templates.env.globals["incident_label"] = incident_label
templates.env.globals["ceasefire_label"] = ceasefire_label
templates.env.globals["version"] = __version__


def _state(request: Request) -> ApiState:
    return request.app.state.truceline  # type: ignore[no-any-return]


def _logged_in(request: Request, state: ApiState) -> bool:
    if not state.settings.read_auth:
        return True
    token = request.cookies.get(COOKIE)
    if not token:
        return False
    with state.sessions() as session:
        return verify_token(session, token, record_use=False) is not None


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


# -- dashboard --------------------------------------------------------------------
@dataclass(slots=True)
class Form:
    """The filter form as the user filled it (strings), and the filters it means."""

    values: dict[str, str]
    filters: Filters
    error: str | None = None

    def query(self) -> str:
        return urlencode({k: v for k, v in self.values.items() if v})


def _country_codes(text: str) -> str:
    """The form's countries as ISO3 codes: a reader may type "Armenia, Azerbaijan"."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return ",".join(iso3(p) or p for p in parts)


def _form(request: Request) -> Form:
    values = {k: (request.query_params.get(k) or "").strip() for k in FILTER_KEYS}
    values["country"] = _country_codes(values["country"])
    try:
        filters = parse_filters(
            since=values["since"] or None,
            until=values["until"] or None,
            bbox=values["bbox"] or None,
            types=[values["type"]] if values["type"] else None,
            countries=[values["country"]] if values["country"] else None,
            statuses=[values["status"]] if values["status"] else None,
            ceasefire=values["ceasefire"] or None,
            status_of="incidents",
        )
    except ConfigError as exc:
        return Form({k: "" for k in FILTER_KEYS}, Filters(), error=str(exc))
    return Form(values, filters)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    state = _state(request)
    if not _logged_in(request, state):
        return _login_redirect(request)
    form = _form(request)
    f = form.filters
    build = state.builds.current()
    choices = [i for i in registry_items(build, Filters()) if i.alleged_violations]
    selected = None
    ledger = None
    if f.ceasefire:
        record = build.registry.get(f.ceasefire)
        if record is None:
            form.error = f"no ceasefire {f.ceasefire!r} in the registry"
        else:
            selected = ceasefire_item(build, record)
            if selected.id not in {c.id for c in choices}:
                choices.insert(0, selected)
            if dataclasses.replace(f, ceasefire=None).is_empty():
                ledger = state.builds.ledger(record.id)
            else:
                with state.sessions() as session:
                    scoped = filtered_incidents(session, f)
                ledger = state.builds.ledger_of(record.id, scoped)
    rows, more = _ledger_rows(state, f)
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "form": form,
            "query": form.query(),
            "built_at": build.stamp,
            "choices": choices,
            "selected": selected,
            "ledger": ledger,
            "rows": rows,
            "more_rows": more,
            "undated_rows": sum(1 for r in rows if not r.date),
            "registry": build.registry,
            "statuses": INCIDENT_STATUSES,
            "types": EVENT_TYPES,
            "tile_url": ""
            if state.settings.tile_url.lower() in ("", "off")
            else state.settings.tile_url,
            "tile_attribution": state.settings.tile_attribution,
        },
    )


def _ledger_rows(state: ApiState, f: Filters) -> tuple[list[Any], bool]:
    """Alleged violations matching the filters, for the ledger table (capped)."""
    stmt = (
        select(incidents.c.data)
        .where(*incident_conditions(f), incidents.c.violation.is_(True))
        .order_by(incidents.c.date, incidents.c.id)
        .limit(LEDGER_ROWS + 1)
    )
    with state.sessions() as session:
        data = list(session.execute(stmt).scalars())
    return [summary_of(d) for d in data[:LEDGER_ROWS]], len(data) > LEDGER_ROWS


# -- one article ----------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class Segment:
    text: str
    event: str | None = None  # the event whose evidence this is
    focus: bool = False


EVIDENCE_COLOURS = 6  # mark colours on the article page (app.css `.ev-0` to `.ev-5`)


def title_end(text: str, title: str | None) -> int:
    """Where the text's own copy of the title ends (0 when it does not start with it),
    so that the page, which shows the title as its heading, shows it once."""
    head = (title or "").strip()
    stripped = text.lstrip()
    if not head or not stripped.lower().startswith(head.lower()):
        return 0
    end = len(text) - len(stripped) + len(head)
    rest = text[end:]
    if rest and not rest[0].isspace():
        return 0  # the title is only the start of a longer first line
    return end + len(rest) - len(rest.lstrip())


def segments(
    text: str, document: Document | None, focus: str | None, title: str | None = None
) -> list[Segment]:
    """The text cut into plain runs and evidence sentences (overlaps: the first wins),
    without a leading copy of the title unless evidence lies in it."""
    spans = []
    for ev in document.events if document else ():
        s, e = ev.evidence.start, ev.evidence.end
        if 0 <= s < e <= len(text):
            spans.append((s, e, ev.id))
    spans.sort()
    out: list[Segment] = []
    pos = title_end(text, title)
    if spans and spans[0][0] < pos:
        pos = 0
    for s, e, eid in spans:
        if s < pos:
            continue
        if s > pos:
            out.append(Segment(text[pos:s]))
        out.append(Segment(text[s:e], eid, eid == focus))
        pos = e
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, event: str | None = None) -> Response:
    state = _state(request)
    if not _logged_in(request, state):
        return _login_redirect(request)
    with state.sessions() as session:
        row = session.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            raise NotFoundError(f"no article {article_id!r} in the store")
        document = load_document(session, article_id)
        urls = article_urls_of(session, article_id)
    events = list(document.events) if document else []
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "article": row,
            "urls": urls,
            "document": document,
            "segments": segments(row.text, document, event, title=row.title),
            "focus": event,
            "colours": {e.id: i % EVIDENCE_COLOURS for i, e in enumerate(events)},
        },
    )


# -- status and errors --------------------------------------------------------------
@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request) -> Response:
    """What the store holds (the same figures as /api/status)."""
    state = _state(request)
    if not _logged_in(request, state):
        return _login_redirect(request)
    with state.sessions() as session:
        status = store_status(session, state)
    return templates.TemplateResponse(request, "status.html", {"status": status})


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """The HTML page of an error on a page (the API answers JSON: truceline.api.errors)."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "code": code, "message": message},
        status_code=status,
    )


# -- login (only when reading needs a token) -------------------------------------------
def _next(target: str | None) -> str:
    # Only paths on this server: never redirect to another site.
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    return templates.TemplateResponse(
        request,
        "login.html",
        {
            "next": _next(next),
            "error": None,
            "read_auth": _state(request).settings.read_auth,
        },
    )


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    state = _state(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    token = (form.get("token") or [""])[0].strip()
    target = _next((form.get("next") or ["/"])[0])
    with state.sessions() as session:
        ok = bool(token) and verify_token(session, token, record_use=True) is not None
    if not ok:
        return templates.TemplateResponse(
            request, "login.html", {"next": target, "error": "That token is not valid.",
                                    "read_auth": state.settings.read_auth},
            status_code=401,
        )  # fmt: skip
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=False,
                        max_age=30 * 24 * 3600)  # fmt: skip
    return response


# -- API docs ------------------------------------------------------------------------
@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """Swagger UI for /openapi.json, from the vendored swagger-ui-dist."""
    return templates.TemplateResponse(request, "docs.html", {})
