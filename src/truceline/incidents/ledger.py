"""The violations ledger of each ceasefire, and its JSON, Markdown and CSV forms.

For a ceasefire of the registry: when it took effect, its window, the first alleged
violation (its day, the hours from the start to that day, who alleged it), alleged
violations per day by accusing side, incidents by status, top places, and for each
count the incidents and the evidence sentences behind them.

An alleged violation is an incident assigned to the ceasefire with `violation` true
(see `registry.assign_ceasefires`). Its accusing sides are the sides that claim it;
one stated only in outlets' own voice counts under "unattributed". An incident
alleged by two sides counts once for each on its day.

Hours after the start are measured to the start of the incident's day: incidents
are known to the day, so this is a lower bound (0 when it is the start's own day).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from truceline.incidents.model import INCIDENT_STATUSES, Incident
from truceline.incidents.registry import CeasefireRecord, Registry
from truceline.incidents.sides import side_label, side_of

TOP_PLACES = 10


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LedgerEvidence(_Model):
    article_id: str
    outlet: str
    role: str
    text: str


class LedgerIncident(_Model):
    id: str
    date: str | None
    kind: str
    sub_event_type: str
    place: str | None
    status: str
    accusing_sides: list[str]
    outlets: list[str]
    evidence: list[LedgerEvidence]
    events: int = 0  # events of the incident
    verified: int = 0  # of them verified or corrected by an analyst


class DayCount(_Model):
    date: str
    side: str
    side_label: str
    count: int
    incidents: list[str]


class FirstViolation(_Model):
    date: str
    hours_after_start: float | None
    days_after_start: int | None
    alleged_by: list[str]  # side labels
    incidents: list[str]


class PlaceCount(_Model):
    place: str
    count: int
    incidents: list[str]


class Ledger(_Model):
    ceasefire_id: str
    name: str | None
    parties: list[str]
    source: str
    refs: list[str]
    announced: str | None
    effective: str | None
    window_start: str | None
    window_end: str | None
    window_end_reason: str
    first_violation: FirstViolation | None
    violations: int
    violations_per_day: list[DayCount]
    by_status: dict[str, int]
    top_places: list[PlaceCount]
    incidents: list[LedgerIncident] = Field(default_factory=list)
    linked_not_violations: list[str] = Field(default_factory=list)
    # Events analysts rejected that would have counted as alleged violations here
    # ("<article id>#<event id>"); they are in no count above.
    rejected: int = 0
    rejected_events: list[str] = Field(default_factory=list)


def _start_datetime(text: str) -> dt.datetime:
    if "T" in text:
        return dt.datetime.fromisoformat(text)
    return dt.datetime.fromisoformat(text[:10] + "T00:00")


def _iso(day: int | None) -> str | None:
    return dt.date.fromordinal(day).isoformat() if day is not None else None


def _ledger_incident(inc: Incident) -> LedgerIncident:
    return LedgerIncident(
        id=inc.id,
        date=inc.date,
        kind=inc.kind,
        sub_event_type=inc.sub_event_type,
        place=inc.location.name if inc.location else None,
        status=inc.status,
        accusing_sides=inc.accusing_sides,
        outlets=inc.outlets,
        evidence=[
            LedgerEvidence(
                article_id=m.article_id, outlet=m.outlet, role=m.role, text=m.evidence.text
            )
            for m in inc.mentions
        ],
        events=len(inc.mentions),
        verified=sum(1 for m in inc.mentions if m.review is not None),
    )


def build_ledger(
    record: CeasefireRecord,
    incidents: Sequence[Incident],
    registry: Registry,
    rejected: Sequence[str] = (),
) -> Ledger:
    """The ledger of one ceasefire from the incidents assigned to it (`rejected`: keys of
    the events analysts rejected that would have counted against it)."""
    mine = [i for i in incidents if i.ceasefire_id == record.id]
    violations = sorted((i for i in mine if i.violation), key=lambda i: (i.date or "9999", i.id))
    window = registry.window(record)
    start = record.start()

    first = None
    if violations:
        day = violations[0].date
        firsts = [i for i in violations if i.date == day]
        hours = days = None
        if start and day:
            delta = dt.datetime.fromisoformat(day + "T00:00") - _start_datetime(start)
            hours = max(0.0, delta.total_seconds() / 3600)
            days = max(0, (dt.date.fromisoformat(day) - dt.date.fromisoformat(start[:10])).days)
        alleged = dict.fromkeys(s for i in firsts for s in i.accusing_sides)
        first = FirstViolation(
            date=day or "",
            hours_after_start=hours,
            days_after_start=days,
            alleged_by=[side_label(s) for s in alleged],
            incidents=[i.id for i in firsts],
        )

    per_day: dict[tuple[str, str], list[str]] = defaultdict(list)
    for inc in violations:
        for side in inc.accusing_sides or ["unattributed"]:
            per_day[(inc.date or "unknown", side)].append(inc.id)
    days_rows = [
        DayCount(date=d, side=s, side_label=side_label(s), count=len(ids), incidents=ids)
        for (d, s), ids in sorted(per_day.items())
    ]
    status: Counter[str] = Counter(i.status for i in violations)
    places: dict[str, list[str]] = defaultdict(list)
    for inc in violations:
        if inc.location is not None:
            places[inc.location.name].append(inc.id)
    top = sorted(places.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_PLACES]
    return Ledger(
        ceasefire_id=record.id,
        name=record.name,
        parties=[side_label(side_of(p)) for p in record.parties],
        source=record.source,
        refs=record.refs,
        announced=record.announced,
        effective=record.effective,
        window_start=_iso(window.start),
        window_end=_iso(window.end),
        window_end_reason=window.end_reason,
        first_violation=first,
        violations=len(violations),
        violations_per_day=days_rows,
        by_status={s: status.get(s, 0) for s in INCIDENT_STATUSES},
        top_places=[PlaceCount(place=p, count=len(ids), incidents=ids) for p, ids in top],
        incidents=[_ledger_incident(i) for i in violations],
        linked_not_violations=[i.id for i in mine if not i.violation],
        rejected=len(rejected),
        rejected_events=list(rejected),
    )


def build_ledgers(
    incidents: Sequence[Incident],
    registry: Registry,
    ceasefire_id: str | None = None,
    rejected: Mapping[str, Sequence[str]] | None = None,
) -> list[Ledger]:
    """Ledgers of every ceasefire with incidents assigned to it (or just `ceasefire_id`);
    `rejected`: registry id -> rejected events (see `incidents.reviews`)."""
    rejected = rejected or {}
    if ceasefire_id is not None:
        record = registry.get(ceasefire_id)
        if record is None:
            raise KeyError(ceasefire_id)
        return [build_ledger(record, incidents, registry, rejected.get(ceasefire_id, ()))]
    used = {i.ceasefire_id for i in incidents if i.ceasefire_id} | set(rejected)
    records = [r for r in registry.records if r.id in used]
    records.sort(key=lambda r: (r.start() or "", r.id))
    return [build_ledger(r, incidents, registry, rejected.get(r.id, ())) for r in records]


# -- renderers -----------------------------------------------------------------
def render_json(ledgers: Sequence[Ledger]) -> str:
    return (
        json.dumps([lg.model_dump(mode="json") for lg in ledgers], indent=2, ensure_ascii=False)
        + "\n"
    )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _render_md_one(lg: Ledger) -> list[str]:
    out = [f"## {_md_cell(lg.name or 'Ceasefire')} (`{lg.ceasefire_id}`)", ""]
    out.append(f"- Parties: {', '.join(lg.parties) or 'unknown'}")
    out.append(f"- Source: {lg.source} ({', '.join(lg.refs)})")
    if lg.announced:
        out.append(f"- Announced: {lg.announced}")
    out.append(f"- Effective: {lg.effective or 'unknown'}")
    out.append(
        f"- Window: {lg.window_start or '?'} to {lg.window_end or '?'} ({lg.window_end_reason})"
    )
    fv = lg.first_violation
    if fv is None:
        out.append("- First alleged violation: none")
    else:
        when = (
            f"{fv.hours_after_start:g} h after the start (day precision)"
            if fv.hours_after_start is not None
            else "start unknown"
        )
        out.append(
            f"- First alleged violation: {fv.date}, {when}, alleged by "
            f"{', '.join(fv.alleged_by) or 'nobody named'} ({', '.join(fv.incidents)})"
        )
    out.append(f"- Alleged violations: {lg.violations}")
    if lg.incidents or lg.rejected:
        signed = sum(1 for i in lg.incidents if i.verified)
        out.append(
            f"- Reviewed: {signed} of {lg.violations} with events verified by an analyst; "
            f"{lg.rejected} event(s) rejected by analysts (not counted)"
        )
    out += ["", "### Alleged violations per day, by accusing side", ""]
    sides = list(dict.fromkeys(r.side_label for r in lg.violations_per_day))
    if sides:
        out.append("| date | " + " | ".join(_md_cell(s) for s in sides) + " |")
        out.append("|---|" + "---:|" * len(sides))
        by_day: dict[str, dict[str, DayCount]] = defaultdict(dict)
        for r in lg.violations_per_day:
            by_day[r.date][r.side_label] = r
        for day, cells in sorted(by_day.items()):
            row = [
                f"{cells[s].count} ({', '.join(cells[s].incidents)})" if s in cells else "0"
                for s in sides
            ]
            out.append(f"| {day} | " + " | ".join(row) + " |")
    else:
        out.append("No alleged violations.")
    out += ["", "### Incidents by status", ""]
    out.append("| " + " | ".join(lg.by_status) + " |")
    out.append("|" + "---:|" * len(lg.by_status))
    out.append("| " + " | ".join(str(v) for v in lg.by_status.values()) + " |")
    out += ["", "### Top places", ""]
    if lg.top_places:
        out += [f"- {_md_cell(p.place)}: {p.count}" for p in lg.top_places]
    else:
        out.append("No located incidents.")
    out += ["", "### Evidence", ""]
    for inc in lg.incidents:
        who = ", ".join(side_label(s) for s in inc.accusing_sides) or "nobody named"
        out.append(
            f"- **{inc.date}** `{inc.id}` {inc.sub_event_type}"
            f"{' at ' + _md_cell(inc.place) if inc.place else ''}: {inc.status}, "
            f"alleged by {who}; {len(inc.outlets)} independent outlet(s); "
            f"{inc.verified} of {inc.events} event(s) verified"
        )
        for ev in inc.evidence:
            role = "" if ev.role == "act" else f" [{ev.role}]"
            out.append(
                f"  - {_md_cell(ev.outlet)} ({ev.article_id}){role}: "
                f"\u201c{_md_cell(ev.text.strip())}\u201d"
            )
    out.append("")
    return out


def render_md(ledgers: Sequence[Ledger]) -> str:
    out = ["# Ceasefire violations ledger", ""]
    if not ledgers:
        out.append("No ceasefire has incidents assigned to it.")
    for lg in ledgers:
        out += _render_md_one(lg)
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = (
    "ceasefire_id",
    "ceasefire_name",
    "effective",
    "date",
    "accusing_side",
    "incident_id",
    "status",
    "sub_event_type",
    "place",
    "outlet",
    "article_id",
    "role",
    "evidence",
    "verified",
)


def render_csv(ledgers: Sequence[Ledger]) -> str:
    """One row per (ceasefire, day, accusing side, incident, evidence sentence)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for lg in ledgers:
        incidents = {i.id: i for i in lg.incidents}
        for row in lg.violations_per_day:
            for iid in row.incidents:
                inc = incidents[iid]
                for ev in inc.evidence:
                    w.writerow(
                        [
                            lg.ceasefire_id,
                            lg.name or "",
                            lg.effective or "",
                            row.date,
                            row.side_label,
                            iid,
                            inc.status,
                            inc.sub_event_type,
                            inc.place or "",
                            ev.outlet,
                            ev.article_id,
                            ev.role,
                            ev.text,
                            f"{inc.verified}/{inc.events}",
                        ]
                    )
    return buf.getvalue()


RENDERERS = {"json": render_json, "md": render_md, "csv": render_csv}
